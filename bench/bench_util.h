/* What the benchmarks share: wall and CPU clocks, the median of a set of
 * timings, peak RSS, and seeded synthetic additive spaces.  Bench-only
 * (never linked into the library); a failed allocation aborts, as in
 * tests/random_scenario.h. */
#ifndef PL_BENCH_UTIL_H
#define PL_BENCH_UTIL_H

#include <stdint.h>

#include "core/scenario_int.h"
#include "parley/rng.h"

/* Seconds on the monotonic clock (wall time). */
double bu_wall_s(void);

/* Seconds of CPU time of the whole process (all threads): what a shared,
 * loaded machine disturbs least. */
double bu_cpu_s(void);

/* The median t[n / 2] of t[0..n) (n >= 1), sorting t in place. */
double bu_median(double *t, int n);

/* Peak resident set size of this process so far, in kB (ru_maxrss). */
long bu_peak_rss_kb(void);

/* Value of option k of issue i for party p: drawn from r, or derived
 * from the values already set (parties before p, this party's earlier
 * options).  `gen` is the caller's generator number. */
typedef double (*bu_value_fn)(const pl_scenario *s, pl_rng *r, uint32_t p,
                              uint32_t i, uint32_t k, int gen);

/* A compiled scenario of `parties` negotiators on `issues` issues of m
 * options each, seeded with `seed`: per party the reservation, then per
 * issue the raw weight weight_floor + uniform[0, 1) followed by the
 * option values value(...) (NULL: uniform[0, 1)), in that order of
 * draws, so every bench keeps its own fixed spaces. */
pl_scenario *bu_additive_space(uint32_t parties, uint32_t issues, uint32_t m,
                               double reservation, double weight_floor,
                               uint64_t seed, bu_value_fn value, int gen);

#endif
