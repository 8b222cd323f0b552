/* What the 2-party merge (merge.c) and the 3-6 party merge (merge_n.c)
 * share: option classes, the per-stage reconstruction records (lowest
 * path and edges of each kept point), and everything that turns a
 * finished merge into results (ranges, frontier counts, the concepts'
 * maxima over the final set, the listing of points).  The two merges
 * differ only in how a stage is filtered (merge.c: heap merge of
 * translated copies with a two-number sweep; merge_n.c: skyline over
 * k-d trees and epsilon thinning); see their header comments for the
 * algorithms and why results are bit-identical to the enumeration. */
#ifndef PARLEY_MERGE_CORE_H
#define PARLEY_MERGE_CORE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze_int.h"
#include "core/count.h"

/* Most parties either merge handles (merge_n.h PL__MERGEN_MAX_PARTIES). */
#define PL__MCORE_MAX_D 6u

/* Options of one issue grouped by identical utility vectors over the d
 * analysis parties: a class stands for all its options at once. */
struct pl__mclass {
    uint32_t m;     /* options of the issue */
    uint32_t n;     /* classes */
    uint32_t *of;   /* m: class of option k */
    uint32_t *lo;   /* n: lowest option of the class */
    uint64_t *mult; /* n: options in the class */
    double *a;      /* n * d: the class's utility vector, row q */
};

/* One stage's kept points as far as reconstruction needs them: the
 * lowest-index path (parent point of the previous stage, class) and all
 * (parent, class) edges reaching each point, in CSR form. */
struct pl__mstage {
    size_t n;
    uint32_t *lpar, *lcls; /* n: lowest-index path */
    size_t *e_start;       /* n + 1, NULL when the edges were dropped
                              (merge_n.c: thinned stages) */
    uint32_t *e_par, *e_cls;
};

/* A finished merge as the result code reads it (borrowed views). */
struct pl__mfront {
    uint32_t I, d;                /* issues, parties */
    const struct pl__mclass *cl;  /* I */
    const struct pl__mstage *fs;  /* I */
    size_t n;                     /* final points */
    const double *f;              /* n * d: their utility vectors */
    const pl_count *cnt;          /* n: outcomes of each */
};

/* Group the options of every issue of `s` by their utilities in the d
 * rows U[0..d) (layout of scenario U) into *cl (I entries, caller owns;
 * free with pl__mclass_free, also after a failure), and the rounding
 * margin per remaining addition into *unit: every partial sum is at most
 * M = max over parties of the summed per-issue max |U| in magnitude, so
 * one addition moves a difference by at most 4 * M * 2^-52. */
pl_status pl__mclass_build(const pl_scenario *s, const double *const *U,
                           uint32_t d, struct pl__mclass **cl, double *unit);

/* Release cl[0..I) and the array.  NULL is a no-op. */
void pl__mclass_free(struct pl__mclass *cl, uint32_t I);

/* Release fs[0..I) and the array.  NULL is a no-op. */
void pl__mstage_free(struct pl__mstage *fs, uint32_t I);

/* Trim `*pp` (allocated for more) to n elements of `size` bytes (one at
 * least).  PL_ENOMEM leaves *pp as it was. */
pl_status pl__mcore_shrink(void *pp, size_t n, size_t size);

/* Lexicographic order of option arrays = outcome index order (first
 * issue most significant), also where indices exceed 64 bits. */
int pl__mcore_lex_cmp(const uint32_t *x, const uint32_t *y, uint32_t I);

/* The lowest-index outcome of final point p, options into o[0..I). */
void pl__mcore_outcome(const struct pl__mfront *mf, size_t p, uint32_t *o);

/* sum += x * mult.  Never overflows here: a prefix's count is at most the
 * size of its prefix space, below 2^256 (the driver checks). */
static inline void pl__count_addmul(pl_count *sum, pl_count x, uint64_t mult)
{
    (void)pl__count_mul_u64(&x, mult);
    (void)pl__count_add(sum, x);
}

/* The enumeration's welfare (enumerate.c): summed in party order. */
static inline double pl__mcore_welfare(const double *u, uint32_t d)
{
    double w = 0.0;

    for (uint32_t p = 0; p < d; p++)
        w += u[p];
    return w;
}

static inline bool pl__mcore_in_zone(const double *u, const double *r,
                                     uint32_t d)
{
    for (uint32_t p = 0; p < d; p++)
        if (!(u[p] >= r[p]))
            return false;
    return true;
}

/* Concept c's admissible set: u > r for Nash (a zero gain makes the
 * product zero), u >= r for the others. */
static inline bool pl__mcore_admissible(int c, const double *x,
                                        const double *r, uint32_t d)
{
    for (uint32_t p = 0; p < d; p++)
        if (c == PL_NASH ? !(x[p] > r[p]) : !(x[p] >= r[p]))
            return false;
    return true;
}

/* a->umin, a->umax (per-issue extremes of each row U[j] summed in issue
 * order: IEEE addition is monotone, so these are the exact extreme
 * doubles) and a->hopeless (umax below the reservation). */
void pl__mcore_ranges(const pl_scenario *s, const double *const *U,
                      uint32_t d, pl_analysis *a);

/* Frontier counts from the final set: a->pareto_count,
 * pareto_zone_count, pareto_zone_vectors, pareto_vectors, and
 * a->zone_best (componentwise maximum over the zone points, -inf where
 * there are none; the caller decides on NaN). */
void pl__mcore_counts(const struct pl__mfront *mf, pl_analysis *a);

/* zb[0..d): componentwise maximum over the final points with u >= r, or
 * NaN if there are none (what pl__mcore_counts leaves, for the stats
 * entry points that fill no pl_analysis). */
void pl__mcore_zone_best(const struct pl__mfront *mf, const double *r,
                         double *zb);

/* Concept c's maximum over the final set into *best (zone best zb);
 * false if no final point is admissible. */
bool pl__mcore_best(const struct pl__mfront *mf, int c, const double *r,
                    const double *zb, double *best);

/* The lowest-index outcome among the final points attaining V for
 * concept c, into o[0..I) (tmp: I scratch options); the package when the
 * lowest-index search gave up.  o is left alone if none attains V. */
void pl__mcore_lowest_kept(const struct pl__mfront *mf, int c, double V,
                           const double *r, const double *zb, uint32_t *o,
                           uint32_t *tmp);

/* Per-issue suffix extremes for the zone-count DP: mn/mx[(i * d + p)]
 * the minimum/maximum of party p's sum over issues i..I-1 (rows 0..I,
 * row I zero; caller allocates (I + 1) * d each, zeroed), and rest[i] the
 * outcomes of issues i..I-1 (I + 1 entries). */
void pl__mcore_suffix_extremes(const struct pl__mclass *cl, uint32_t I,
                               uint32_t d, double *mn, double *mx,
                               pl_count *rest);

/* a->points: the frontier outcomes by welfare, then index (or, when
 * may_expand is false or above the expansion budget, each final point's
 * lowest-index outcome; *expanded says which); with top > 0 only the
 * points of the highest welfare levels that hold the first `top` are
 * listed (a whole level at a time: within one, the order is by index). */
pl_status pl__mcore_points(const pl_scenario *s, const struct pl__mfront *mf,
                           bool may_expand, uint64_t max_expand,
                           pl_analysis *a, uint64_t top, bool *expanded);

#endif
