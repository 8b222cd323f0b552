/* Exact zone counts over a tail of issues: for a prefix vector v (the
 * reference partial sums of the first issues, one per party), the number
 * of tail outcomes t (every option combination of the last issues) with
 * fl(...fl(v_p + U_p[first][t_0]) ... + U_p[last][t_L-1]) >= r_p for
 * every party p, i.e. the reference utility of DESIGN section 7, summed
 * issue by issue in issue order.  Per query O(n T / 64) word operations
 * (rank bitsets) plus a certified rounding band summed exactly
 * (zone_tail.c).  Used by the n-party merge to finish its zone-count DP
 * (meet in the middle: the DP's undecided prefixes against the tail). */
#ifndef PARLEY_ZONE_TAIL_H
#define PARLEY_ZONE_TAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/scenario_int.h"
#include "parley/status.h"

/* Most tail outcomes (and parties) a table accepts. */
#define PL__ZTAIL_T_MAX 32768u
#define PL__ZTAIL_PARTIES 8u

struct pl__ztail;

/* Tables for the tail issues [first, s->n_issues) of the analysis
 * parties whose U rows are row[0..n) with reservations r[0..n).  gran: 0
 * picks the rank-bitset granularity (1 up to 2048 tail outcomes), else
 * the granularity (a power of two; tests).  PL_ETOOBIG: the tail has
 * more than PL__ZTAIL_T_MAX outcomes, more than PL__ZTAIL_PARTIES
 * parties, or magnitudes for which no rounding bound is finite. */
pl_status pl__ztail_new(const pl_scenario *s, const double *const *row,
                        const double *r, uint32_t n, uint32_t first,
                        uint32_t gran, struct pl__ztail **out);
void pl__ztail_free(struct pl__ztail *z);

/* Tail outcomes in the table. */
uint32_t pl__ztail_size(const struct pl__ztail *z);

/* The count for prefix sums v[0..n); *band (may be NULL) is increased by
 * the outcomes that had to be summed exactly.  Thread-safe (the table is
 * read only). */
uint64_t pl__ztail_count(const struct pl__ztail *z, const double *v,
                         uint64_t *band);

/* Word operations a query costs at most, about (budgets). */
uint64_t pl__ztail_query_cost(const struct pl__ztail *z);

/* Tests only: no rounding band (wrong; the twin must catch it). */
extern bool pl__ztail_zero_delta;

#endif
