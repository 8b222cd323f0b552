/* Fast bid lookup for one party (docs/algorithms.md section 5).
 *
 *   closest(t)          an outcome whose utility is closest to t (Q1)
 *   best_for(M, lo, hi) the outcome maximising an additive score M among
 *                       those with utility in [lo, hi] (Q3)
 *
 * Two back ends, chosen by size: a presorted index of every outcome (up
 * to `index_max` outcomes; exact for any utility), or a depth-first
 * search over issue prefixes with bounds plus a sorted table of the last
 * issues (the "tail"), for spaces of any size. */
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
/* Largest sorted tail table in the search back end (entries). */
#define PL__TAIL_MAX 65536u

/* Bid lookup for party p.  index_max 0 means PL__INDEX_MAX. */
pl_status pl__bidspace_new(const pl_scenario *s, size_t p,
                           uint64_t index_max, pl__bidspace **out);
void pl__bidspace_free(pl__bidspace *b);

bool pl__bidspace_is_indexed(const pl__bidspace *b);
double pl__bidspace_max(const pl__bidspace *b);  /* exact best utility */
double pl__bidspace_min(const pl__bidspace *b);  /* exact worst utility */
/* Outcome with utility closest to t (ties: the higher utility, then the
 * first found); returns its utility. */
double pl__bidspace_closest(const pl__bidspace *b, double t, uint32_t *out);
/* M has one score per option (K = total options, laid out like the
 * scenario's U table).  Maximises sum_i M[off_i + o_i] subject to
 * lo <= u(o) <= hi; ties to the first found.  False if no outcome has
 * utility in [lo, hi].  `node_budget` caps search nodes (0: no cap); when
 * it runs out the best found so far is returned. */
bool pl__bidspace_best_for(const pl__bidspace *b, const double *M, double lo,
                           double hi, uint64_t node_budget, uint32_t *out);

#endif
