/* Bid pool: bid lookup for one party whose utility has interaction terms
 * (ANAC 2014 hyper-rectangles, pairwise terms) on spaces too large for
 * the presorted index.
 *
 * Built once, deterministically, under a node budget: a branch and bound
 * with box-aware bounds finds the best and worst outcomes, then
 * "widest gap first" searches fill the utility axis: for the widest
 * interval (a, b) between two known utility levels, find any outcome
 * strictly inside (a new level, which splits the gap) or prove there is
 * none (the gap is certified empty).  The pool holds one outcome per
 * distinct utility level found, sorted; a lookup is a binary search.
 *
 * Exactness: a lookup whose target falls in a certified gap (or hits a
 * level) is exact -- the answer is the closest utility in the whole
 * space.  A target in a gap left open (node budget or pool size ran out)
 * gets the nearer of the gap's two ends, reported as approximate; the
 * error is then at most half the gap's width.  "Exact" is up to
 * PL__POOL_EPS of the root utility range for floating-point summation,
 * or exact on the grid when every term is a multiple of one quantum
 * (ANAC 2014: integer box values over maxutility; then any two adjacent
 * grid levels bound an empty gap without a search). */
#ifndef PL_NEGOTIATE_BIDPOOL_H
#define PL_NEGOTIATE_BIDPOOL_H

#include <stdbool.h>
#include <stdint.h>

#include "parley/scenario.h"

typedef struct pl__bidpool pl__bidpool;

/* Default budgets: search nodes for the whole build (a node costs 1-3 us
 * on the ANAC 2014 30- and 50-issue profiles), nodes per gap search,
 * steps of the random walks (about 0.1 us each) and the most levels kept
 * (one outcome each).  Picked with bench_simulate: there, searches
 * beyond these budgets certified almost nothing more. */
#define PL__POOL_NODES 150000u
#define PL__POOL_GAP_NODES 5000u
#define PL__POOL_STEPS 2000000u
#define PL__POOL_LEVELS 65536u
#define PL__POOL_EPS 1e-9
/* Memory cap of the level DP's bitsets (64-bit words: 8 MB). */
#define PL__POOL_DP_WORDS 1048576u

typedef struct pl__bidpool_stats {
    uint64_t levels;     /* distinct raw utilities held */
    uint64_t open_gaps;  /* gaps between levels not proven empty */
    double max_open_gap; /* widest of them; 0 when none */
    bool top_exact;      /* the highest level is the maximum */
    bool bottom_exact;   /* the lowest level is the minimum */
    uint64_t nodes;      /* search nodes spent building */
    uint64_t searches;   /* gap searches run */
    double quantum;      /* utility grid step; 0 if none was found */
    bool dp;             /* every level from the exact level DP */
    uint64_t dp_states;  /* its states */
} pl__bidpool_stats;

/* Build parameters; a zero field means its default above.  Tests pass
 * small budgets, or no_dp, to exercise the searches and open gaps. */
typedef struct pl__bidpool_opts {
    uint64_t nodes, gap_nodes, steps;
    uint32_t max_levels;
    bool no_dp;
} pl__bidpool_opts;

/* Pool for party p (opts NULL: defaults). */
pl_status pl__bidpool_new(const pl_scenario *s, size_t p,
                          const pl__bidpool_opts *opts, pl__bidpool **out);
void pl__bidpool_free(pl__bidpool *b);
void pl__bidpool_stats_get(const pl__bidpool *b, pl__bidpool_stats *st);

/* Lookups on the raw (unclamped) utility.  *exact: proven answer.
 * closest: ties to the higher utility.  Returns the answer's utility. */
double pl__bidpool_closest(const pl__bidpool *b, double t, uint32_t *out,
                           bool *exact);
/* Smallest utility >= t; false if no level is >= t (exact when the top is
 * proven). */
bool pl__bidpool_at_least(const pl__bidpool *b, double t, uint32_t *out,
                          double *u, bool *exact);
/* Level access, ascending: count, utility and outcome of level j. */
size_t pl__bidpool_size(const pl__bidpool *b);
double pl__bidpool_level(const pl__bidpool *b, size_t j);
void pl__bidpool_outcome(const pl__bidpool *b, size_t j, uint32_t *out);
/* First level with utility >= t (pl__bidpool_size if none). */
size_t pl__bidpool_find(const pl__bidpool *b, double t);

#endif
