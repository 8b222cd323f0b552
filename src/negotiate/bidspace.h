/* Fast bid lookup for one party (docs/algorithms.md section 5).
 *
 *   closest(t)          an outcome whose utility is closest to t (Q1)
 *   best_for(M, lo, hi) the outcome maximising an additive score M among
 *                       those with utility in [lo, hi] (Q3)
 *
 * Three back ends: a presorted index of every outcome (up to
 * `index_max` outcomes; exact for any utility); beyond it, for a party
 * with interaction terms, the bid pool (bidpool.h: precomputed utility
 * levels, exact where proven, labelled otherwise); else a depth-first
 * search over issue prefixes with bounds plus a sorted table of the last
 * issues (the "tail"), for additive utilities on spaces of any size. */
#ifndef PL_NEGOTIATE_BIDSPACE_H
#define PL_NEGOTIATE_BIDSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "parley/scenario.h"

typedef struct pl__bidspace pl__bidspace;

/* Default ceiling of the presorted index (outcomes): 12 bytes each, so
 * 48 MB at the ceiling.  Picked with bench_simulate: building costs about
 * 0.1 s per million outcomes. */
#define PL__INDEX_MAX 4194304u
/* The search back end stops once an outcome within this share of the
 * utility range of the target is found (exact optimum otherwise): 1e-6 is
 * far below any difference a negotiator perceives, while 1e-9 costs 10-100
 * times more on 10^10-outcome spaces (subset-sum hardness; measured with
 * bench_simulate). */
#define PL__SEARCH_TOL 1e-6
/* Search nodes per query before the best found so far is returned: a hang
 * guard for additive utilities (not reached in the tests or benches), and
 * the working limit with interactions, whose bounds prune little (only
 * when a test asks for the search on such a party: sessions use the pool). */
#define PL__SEARCH_BUDGET 50000000u
#define PL__SEARCH_BUDGET_INTER 20000u
/* Largest sorted tail table in the search back end (entries; 12 bytes
 * each).  2^20 makes the tail fine enough that one or a few prefixes
 * reach the tolerance on 10^10-outcome spaces (bench_simulate). */
#define PL__TAIL_MAX 1048576u

/* Bid lookup for party p.  index_max 0 means PL__INDEX_MAX.  Beyond the
 * index, a party with interactions gets the bid pool (bidpool.h) when
 * tail_max is 0, and every other party the prefix search with a tail of
 * at most tail_max entries (0: PL__TAIL_MAX); tests pass small values to
 * exercise the search. */
pl_status pl__bidspace_new(const pl_scenario *s, size_t p, uint64_t index_max,
                           uint32_t tail_max, pl__bidspace **out);
void pl__bidspace_free(pl__bidspace *b);

bool pl__bidspace_is_indexed(const pl__bidspace *b);
/* Replace the search node budget (tests: UINT64_MAX for exact answers). */
void pl__bidspace_set_budget(pl__bidspace *b, uint64_t nodes);
double pl__bidspace_max(const pl__bidspace *b); /* exact best utility */
double pl__bidspace_min(const pl__bidspace *b); /* exact worst utility */
/* Outcome with utility closest to t (ties: the higher utility, then the
 * first found); returns its utility. */
double pl__bidspace_closest(const pl__bidspace *b, double t, uint32_t *out);
/* The same, with *exact false when the answer is not proven closest (the
 * pool's target fell in an open gap, or the search ran out of nodes). */
double pl__bidspace_closest_x(const pl__bidspace *b, double t, uint32_t *out,
                              bool *exact);
/* Outcome with the smallest utility >= t (ties: the first found); false
 * (out untouched) if every outcome is below t.  Returns via *u. */
bool pl__bidspace_at_least(const pl__bidspace *b, double t, uint32_t *out,
                           double *u);
bool pl__bidspace_at_least_x(const pl__bidspace *b, double t, uint32_t *out,
                             double *u, bool *exact);
/* The pool back end, or NULL (tests, bench, session labels). */
const struct pl__bidpool *pl__bidspace_pool(const pl__bidspace *b);
/* Like at_least, but skipping outcomes for which ok(ctx, o) is false
 * (red lines): the index back end scans upward from t; the search back
 * end tries up to 64 successively higher outcomes. */
bool pl__bidspace_at_least_if(const pl__bidspace *b, double t,
                              bool (*ok)(const void *ctx, const uint32_t *o),
                              const void *ctx, uint32_t *out);
/* M has one score per option (K = total options, laid out like the
 * scenario's U table).  Maximises sum_i M[off_i + o_i] subject to
 * lo <= u(o) <= hi; ties to the first found.  False if no outcome has
 * utility in [lo, hi].  `node_budget` caps search nodes (0: no cap); when
 * it runs out the best found so far is returned. */
bool pl__bidspace_best_for(const pl__bidspace *b, const double *M, double lo,
                           double hi, uint64_t node_budget, uint32_t *out);

#endif
