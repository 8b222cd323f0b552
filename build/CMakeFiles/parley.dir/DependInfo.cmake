
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/build/builtin_scenarios.c" "CMakeFiles/parley.dir/builtin_scenarios.c.o" "gcc" "CMakeFiles/parley.dir/builtin_scenarios.c.o.d"
  "/work/main/src/analysis/analyze.c" "CMakeFiles/parley.dir/src/analysis/analyze.c.o" "gcc" "CMakeFiles/parley.dir/src/analysis/analyze.c.o.d"
  "/work/main/src/analysis/explain.c" "CMakeFiles/parley.dir/src/analysis/explain.c.o" "gcc" "CMakeFiles/parley.dir/src/analysis/explain.c.o.d"
  "/work/main/src/core/alloc.c" "CMakeFiles/parley.dir/src/core/alloc.c.o" "gcc" "CMakeFiles/parley.dir/src/core/alloc.c.o.d"
  "/work/main/src/core/rng.c" "CMakeFiles/parley.dir/src/core/rng.c.o" "gcc" "CMakeFiles/parley.dir/src/core/rng.c.o.d"
  "/work/main/src/core/scenario.c" "CMakeFiles/parley.dir/src/core/scenario.c.o" "gcc" "CMakeFiles/parley.dir/src/core/scenario.c.o.d"
  "/work/main/src/core/status.c" "CMakeFiles/parley.dir/src/core/status.c.o" "gcc" "CMakeFiles/parley.dir/src/core/status.c.o.d"
  "/work/main/src/io/builtin.c" "CMakeFiles/parley.dir/src/io/builtin.c.o" "gcc" "CMakeFiles/parley.dir/src/io/builtin.c.o.d"
  "/work/main/src/io/emit.c" "CMakeFiles/parley.dir/src/io/emit.c.o" "gcc" "CMakeFiles/parley.dir/src/io/emit.c.o.d"
  "/work/main/src/io/scenario_load.c" "CMakeFiles/parley.dir/src/io/scenario_load.c.o" "gcc" "CMakeFiles/parley.dir/src/io/scenario_load.c.o.d"
  "/work/main/src/io/scenario_write.c" "CMakeFiles/parley.dir/src/io/scenario_write.c.o" "gcc" "CMakeFiles/parley.dir/src/io/scenario_write.c.o.d"
  "/work/main/src/report/report_json.c" "CMakeFiles/parley.dir/src/report/report_json.c.o" "gcc" "CMakeFiles/parley.dir/src/report/report_json.c.o.d"
  "/work/main/src/report/report_text.c" "CMakeFiles/parley.dir/src/report/report_text.c.o" "gcc" "CMakeFiles/parley.dir/src/report/report_text.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
