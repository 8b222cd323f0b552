CMakeFiles/parley.dir/builtin_scenarios.c.o: \
 /work/main/build/builtin_scenarios.c /usr/include/stdc-predef.h \
 /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h
