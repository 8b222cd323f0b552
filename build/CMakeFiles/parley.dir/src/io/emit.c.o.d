CMakeFiles/parley.dir/src/io/emit.c.o: /work/main/src/io/emit.c \
 /usr/include/stdc-predef.h
