/* Exact analysis of any scenario by bounded depth-first search over the
 * outcome tree (branch and bound), for spaces too large to enumerate
 * whose utilities are not plain sums (interactions, ANAC 2014
 * hyper-rectangles, red lines, the GENIUS clamp).  See bnb.c. */
#ifndef PARLEY_BNB_H
#define PARLEY_BNB_H

#include <stdint.h>

#include "analyze_int.h"

/* Default node budget of each search (opts.max_nodes = 0), and on spaces
 * of 2^63 outcomes or more, where a node costs more (30-50 issues), the
 * bounds rarely close and the local search that seeds each search finds
 * the incumbents (bnb.c). */
#define PL__BNB_MAX_NODES 50000000ull
#define PL__BNB_MAX_NODES_WIDE 100000ull

/* Why branch and bound does not apply to `s`, or NULL if it does. */
const char *pl__bnb_refusal(const pl_scenario *s);

/* Fill `a` (allocated by the driver: party, reservation, n_outcomes set;
 * everything else zero) by branch and bound.  `why` is appended to
 * a->method. */
pl_status pl__analyze_bnb(const pl_scenario *s, const pl_analysis_opts *o,
                          const char *why, pl_analysis *a);

/* The frontier's points from skyline f into a (counts, vectors, the
 * lowest indices per vector: opts.top, or PL__SKY_RANGE_KEEP with *trunc
 * set when a vector has more outcomes).  Shared with gridjoint.c. */
pl_status pl__bnb_fill_points(const pl_scenario *s, pl_analysis *a,
                              struct pl__sky *f, uint64_t top, bool *trunc);

#endif
