/* Exact analysis of additive scenarios with 3-6 parties without
 * enumerating the outcome space: the n-objective issue-by-issue merge
 * (docs/algorithms.md section 3.5), with a skyline filter per stage and,
 * when a stage outgrows its budget, a certified additive epsilon-Pareto
 * set instead of the exact frontier.  See merge_n.c for the algorithm,
 * what is exact, and the epsilon guarantee. */
#ifndef PARLEY_MERGE_N_H
#define PARLEY_MERGE_N_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze_int.h"

/* Parties the n-party merge handles. */
#define PL__MERGEN_MIN_PARTIES 3u
#define PL__MERGEN_MAX_PARTIES 6u

/* Default budget of kept points per stage at 3 parties (4 parties: 2/5
 * of it, 5-6 parties: 1/4); above it the stage is thinned to an
 * epsilon-Pareto set (merge_n.c). */
#define PL__MERGEN_MAX_POINTS 1000000u

/* Skyline filter per stage: 0 (default) the Kung-Luccio-Preparata sweep
 * for 3 parties and k-d trees for 4-6; 1 k-d trees for 3 parties too
 * (tests and bench compare both). */
extern int pl__merge_n_filter;

/* Zone count: the last issues whose option product is at most this many
 * outcomes are counted per undecided prefix by zone_tail.c (0: the DP
 * alone; tests and bench), and the undecided prefixes the DP keeps per
 * stage at most (0: the default). */
#define PL__MERGEN_ZONE_TAIL 16384u
extern uint32_t pl__merge_n_zone_tail;
extern size_t pl__merge_n_zone_points;

/* Why the n-party merge does not apply to `s` with analysis parties
 * party[0..n), or NULL if it does (3-6 parties, all purely additive: no
 * interactions, no red lines, no clamp). */
const char *pl__merge_n_refusal(const pl_scenario *s, const uint32_t *party,
                                size_t n);

/* Statistics of one run (bench, tests). */
struct pl__merge_n_stats {
    size_t frontier;      /* distinct frontier vectors (or kept points) */
    size_t max_stage;     /* largest kept stage */
    size_t max_cands;     /* largest candidate set of a stage */
    size_t max_suffix;    /* largest suffix frontier (0: not built) */
    double epsilon;       /* 0 exact, else the certified epsilon */
    int concepts_found;   /* concepts with a package (of 4) */
    int search_cut;       /* lowest-index searches stopped by the budget */
};

/* Core merge plus the four lowest-index searches, for bench and tests. */
pl_status pl__merge_n_stats(const pl_scenario *s, const uint32_t *party,
                            size_t n, size_t max_points,
                            struct pl__merge_n_stats *st);

/* Fill `a` (allocated by the driver: party, reservation, n_outcomes set;
 * everything else zero) by the n-party merge (any space below 2^256
 * outcomes).  max_points = 0 takes the default.  When a stage is thinned,
 * a->pareto_epsilon > 0 and the frontier counts are unknown. */
pl_status pl__analyze_merge_n(const pl_scenario *s, const pl_analysis_opts *o,
                              size_t max_points, pl_analysis *a);

#endif
