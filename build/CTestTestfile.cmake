# CMake generated Testfile for 
# Source directory: /work/main
# Build directory: /work/main/build
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test(core_test "/work/main/build/core_test")
set_tests_properties(core_test PROPERTIES  LABELS "quick" TIMEOUT "300" _BACKTRACE_TRIPLES "/work/main/CMakeLists.txt;102;add_test;/work/main/CMakeLists.txt;106;pl_add_test;/work/main/CMakeLists.txt;0;")
add_test(cli_test "/usr/bin/cmake" "-E" "env" "PARLEY=/work/main/build/parley" "PL_SOURCE_DIR=/work/main" "sh" "/work/main/tests/cli_test.sh")
set_tests_properties(cli_test PROPERTIES  LABELS "quick" TIMEOUT "300" _BACKTRACE_TRIPLES "/work/main/CMakeLists.txt;112;add_test;/work/main/CMakeLists.txt;0;")
subdirs("fuzz")
subdirs("bench")
