file(REMOVE_RECURSE
  "CMakeFiles/parley_cli.dir/cli/main.c.o"
  "CMakeFiles/parley_cli.dir/cli/main.c.o.d"
  "parley"
  "parley.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/parley_cli.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
