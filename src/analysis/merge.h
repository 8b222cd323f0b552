/* Exact analysis of additive 2-party scenarios without enumerating the
 * outcome space: issue-by-issue merge of per-issue point sets
 * (Nemhauser-Ullmann style, docs/algorithms.md section 2.2).  See merge.c
 * for the algorithm, what is exact and why results are bit-identical to
 * the enumeration. */
#ifndef PARLEY_MERGE_H
#define PARLEY_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze_int.h"

/* Default budget of points per stage (either set) before the merge gives
 * up with PL_ETOOBIG (near-zero-sum domains). */
#define PL__MERGE_MAX_POINTS 20000000u

/* Budget of the exact zone count: undecided prefix vectors per stage
 * (20 times as many candidates in all); above it the count is unknown. */
#define PL__MERGE_ZONE_POINTS 50000u

/* Zone count: the last issues whose option product is at most this many
 * outcomes are counted per undecided prefix by zone_tail.c (0: the DP
 * alone; tests and bench).  pl__merge_zone (tests) always runs the DP
 * alone. */
#define PL__MERGE_ZONE_TAIL 16384u
extern uint32_t pl__merge_zone_tail;

/* Nodes of one lowest-index search (merge.c first_leaf); above it the
 * concept's package is the lowest-index frontier outcome attaining the
 * optimum, and `method` says so. */
#define PL__MERGE_MAX_NODES 2000000u

/* Frontier outcomes expanded one by one into `points` at most; above it
 * each frontier vector contributes its lowest-index outcome only. */
#define PL__MERGE_MAX_EXPAND 1000000u

/* Why the merge does not apply to `s` with analysis parties party[0..n),
 * or NULL if it does (exactly 2 parties, all purely additive: no
 * interactions or constant terms, no red lines, no GENIUS cap that the
 * utility can reach). */
const char *pl__merge_refusal(const pl_scenario *s, const uint32_t *party,
                              size_t n);

/* Statistics of one merge run (bench, tests). */
struct pl__merge_stats {
    size_t frontier;     /* distinct frontier vectors */
    size_t max_stage;    /* largest frontier-set stage */
    size_t max_suffix;   /* largest suffix frontier */
    int concepts_found;  /* concepts with a package (of 4) */
    int search_cut;      /* lowest-index searches stopped by the budget */
};

/* Core merge: frontier vectors with counts and the suffix frontiers, for
 * 2 parties given by their rows U0, U1 (layout of scenario U), any
 * space size.  For bench and tests: fills `st` and returns the status. */
pl_status pl__merge2_stats(const pl_scenario *s, const uint32_t *party,
                           size_t max_points, struct pl__merge_stats *st);

/* The zone-count DP alone with a budget of zone_points undecided
 * prefixes (0 = PL__MERGE_ZONE_POINTS) and the estimate's seed, for
 * tests: *known and the exact *count, or the labelled estimate in *est
 * with its certified bounds in bounds[0..2). */
pl_status pl__merge_zone(const pl_scenario *s, const uint32_t *party,
                         size_t zone_points, uint64_t seed, bool *known,
                         pl_count *count, pl_zone_estimate *est,
                         pl_count *bounds);

/* Fill `a` (allocated by the driver: party, reservation, n_outcomes set;
 * everything else zero) by the merge.  Any space below 2^256 outcomes
 * (the driver checks): counts are exact, packages carry their options
 * (and their index when the space fits 64 bits).
 * PL_ETOOBIG if a stage exceeds max_points (0 = default). */
pl_status pl__analyze_merge(const pl_scenario *s, const pl_analysis_opts *o,
                            size_t max_points, pl_analysis *a);

#endif
