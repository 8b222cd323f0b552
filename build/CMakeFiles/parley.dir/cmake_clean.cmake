file(REMOVE_RECURSE
  "CMakeFiles/parley.dir/builtin_scenarios.c.o"
  "CMakeFiles/parley.dir/builtin_scenarios.c.o.d"
  "CMakeFiles/parley.dir/src/analysis/analyze.c.o"
  "CMakeFiles/parley.dir/src/analysis/analyze.c.o.d"
  "CMakeFiles/parley.dir/src/analysis/explain.c.o"
  "CMakeFiles/parley.dir/src/analysis/explain.c.o.d"
  "CMakeFiles/parley.dir/src/core/alloc.c.o"
  "CMakeFiles/parley.dir/src/core/alloc.c.o.d"
  "CMakeFiles/parley.dir/src/core/rng.c.o"
  "CMakeFiles/parley.dir/src/core/rng.c.o.d"
  "CMakeFiles/parley.dir/src/core/scenario.c.o"
  "CMakeFiles/parley.dir/src/core/scenario.c.o.d"
  "CMakeFiles/parley.dir/src/core/status.c.o"
  "CMakeFiles/parley.dir/src/core/status.c.o.d"
  "CMakeFiles/parley.dir/src/io/builtin.c.o"
  "CMakeFiles/parley.dir/src/io/builtin.c.o.d"
  "CMakeFiles/parley.dir/src/io/emit.c.o"
  "CMakeFiles/parley.dir/src/io/emit.c.o.d"
  "CMakeFiles/parley.dir/src/io/scenario_load.c.o"
  "CMakeFiles/parley.dir/src/io/scenario_load.c.o.d"
  "CMakeFiles/parley.dir/src/io/scenario_write.c.o"
  "CMakeFiles/parley.dir/src/io/scenario_write.c.o.d"
  "CMakeFiles/parley.dir/src/report/report_json.c.o"
  "CMakeFiles/parley.dir/src/report/report_json.c.o.d"
  "CMakeFiles/parley.dir/src/report/report_text.c.o"
  "CMakeFiles/parley.dir/src/report/report_text.c.o.d"
  "builtin_scenarios.c"
  "libparley.a"
  "libparley.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/parley.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
