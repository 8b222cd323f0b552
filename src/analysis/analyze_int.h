/* Internals of the exact analysis engine, shared by analyze.c (driver and
 * result), enumerate.c (the odometer, block kernels and threads) and
 * pareto.c (the skyline of utility vectors).  See enumerate.c for the
 * algorithm and its costs. */
#ifndef PARLEY_ANALYZE_INT_H
#define PARLEY_ANALYZE_INT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/scenario_int.h"
#include "parley/analysis.h"

/* Four-lane double vectors (GCC/Clang vector extensions), lowered to SSE2
 * or, in the "avx2" clone that PL_KERNEL functions also get, to AVX2. */
typedef double v4d __attribute__((vector_size(32)));
typedef long long v4l __attribute__((vector_size(32)));

/* Loads and stores: VLOADA needs 32-byte alignment, VLOADU and VSTOREU
 * none (may_alias: the buffers are plain double / uint64_t arrays). */
typedef double pl__v4d_a __attribute__((vector_size(32), may_alias));
typedef double pl__v4d_u
    __attribute__((vector_size(32), aligned(8), may_alias));
typedef long long pl__v4l_u
    __attribute__((vector_size(32), aligned(8), may_alias));
#define VLOADA(p) (*(const pl__v4d_a *)(const void *)(p))
#define VLOADU(p) (*(const pl__v4d_u *)(const void *)(p))
#define VLOADLU(p) (*(const pl__v4l_u *)(const void *)(p))
#define VSTOREU(p, v) (*(pl__v4d_u *)(void *)(p) = (v))
#define VSTORELU(p, v) (*(pl__v4l_u *)(void *)(p) = (v))

/* Lane-wise select, min and max (macros: GCC warns about passing 32-byte
 * vectors to functions compiled without AVX). */
#define VSEL(m, a, b) ((v4d)(((m) & (v4l)(a)) | (~(m) & (v4l)(b))))
#define VMIN(a, b) VSEL((a) < (b), (a), (b))
#define VMAX(a, b) VSEL((a) > (b), (a), (b))
#define VSPLAT(x) ((v4d){(x), (x), (x), (x)})

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PL_KERNEL __attribute__((target_clones("avx2", "default")))
#else
#define PL_KERNEL
#endif

/* Tuning knobs.  Production uses the defaults (all zero); tests shrink the
 * blocks and chunks so that small spaces still exercise every path
 * (many blocks, many chunks, several threads). */
typedef struct pl__analyze_tuning {
    uint32_t block_max;    /* most outcomes per block; 0 = PL__BLOCK_MAX */
    uint64_t chunk_blocks; /* blocks per work unit; 0 = automatic */
    uint32_t sky_cluster;  /* skyline cluster size; 0 = PL__SKY_CLUSTER */
    bool no_fast;          /* force the general kernels (enumerate.c) */
    bool zero_delta;       /* tests only: fast path with no rounding band,
                              which is wrong; the twin must catch it */
    bool no_bits;          /* 3-8 parties: count the zone by the float scan
                              instead of the rank bitsets (enumerate.c) */
} pl__analyze_tuning;

/* What the last enumeration on this thread did (benchmarks, tests):
 * outcomes in the space, outcomes whose utilities were summed one by one
 * (rounding band, frontier candidates, generated blocks), of those the
 * zone tests inside the rounding band, blocks, blocks generated or
 * offered, and whether the certified fast path ran. */
struct pl__enum_stats {
    uint64_t outcomes, touched, band, blocks, blocks_examined;
    bool fast, grid; /* grid: the 2-party rank grid counted the zone */
    bool bits;       /* the 3-8 party rank bitsets counted it */
};
extern _Thread_local struct pl__enum_stats pl__enum_last;

/* Default block size: the tail issues whose product is at most this are
 * generated per prefix into an L1/L2-resident buffer (n_parties * 8 bytes
 * per outcome).  Picked with bench_enumerate (256..4096 are within 5%). */
#define PL__BLOCK_MAX 1024u

/* pl_analyze() with explicit tuning (tests). */
pl_status pl__analyze_tuned(const pl_scenario *s, const pl_analysis_opts *opts,
                            const pl__analyze_tuning *tune, pl_analysis **out,
                            pl_diag *diag);

/* Fill a package for outcome `idx`: decoded options, utilities from the
 * reference evaluator, value (analyze.c). */
pl_status pl__package_fill(const pl_scenario *s, const pl_analysis *a,
                           pl_package *pk, uint64_t idx, double value,
                           bool in_zone);

/* The same for an outcome given by its options o[0..issues): has_index
 * and index set when the space fits 64 bits (the merge on huge spaces). */
pl_status pl__package_fill_outcome(const pl_scenario *s, const pl_analysis *a,
                                   pl_package *pk, const uint32_t *o,
                                   double value, bool in_zone);

/* A frontier outcome waiting to be listed: its welfare and
 * index << 1 | in_zone. */
struct pl__point_ref {
    double welfare;
    uint64_t packed;
};

/* Sort refs[0..m) by welfare descending, then index ascending (the order
 * of a->points), keep the first `top` (0 = all) and fill a->points with
 * them.  Shared by the enumeration and the merge (analyze.c). */
pl_status pl__points_keep(const pl_scenario *s, pl_analysis *a,
                          struct pl__point_ref *refs, size_t m, uint64_t top);

/* ---- skyline of distinct utility vectors (pareto.c) ---- */

/* One distinct utility vector: how many outcomes have it, how many of
 * those lie in the zone, and (some of) their indices, each stored as
 * index << 1 | in_zone. */
struct pl__sky_item {
    uint64_t count;
    uint64_t zone_count;
    uint64_t *idx;
    size_t n_idx, cap_idx;
};

/* Slots per skyline cluster.  Picked with bench_enumerate (5 parties,
 * 10^7 outcomes, 1 thread): 16 -> 1.0 s, 32 -> 0.8 s, 64..256 -> 0.45-0.5 s;
 * small clusters prune better but the pass over cluster boxes costs more. */
#define PL__SKY_CLUSTER 128u

/* A set of mutually non-dominated distinct vectors ("candidates") in
 * clusters of B slots: cluster c owns slots [c*B, c*B + cl_cnt[c]);
 * coordinate p of slot s is col[p * cap_cl * B + s]; free slots hold
 * -inf.  Iterate with pl__sky_n_slots / pl__sky_used. */
struct pl__sky {
    uint32_t n;    /* vector length (analysis parties) */
    uint64_t keep; /* indices kept per vector (opts.top), 0 = all */
    uint32_t B;    /* slots per cluster, a multiple of 4, <= 256 */
    size_t len;    /* candidates */
    size_t n_cl, cap_cl;
    double *col;
    uint32_t *cl_cnt;          /* members per cluster */
    double *cl_max, *cl_min;   /* bounds of the members, by column:
                                  [p * cap_cl + c] */
    long long *cl_flag;        /* cap_cl: scratch of box_flags */
    double *cl_grow;           /* cap_cl: scratch of box_growth */
    struct pl__sky_item *item; /* per slot */
    size_t *rm;  /* per slot: scratch for an insertion's removals */
    size_t hint; /* the slot that last dominated a point */
};

/* B = 0 picks PL__SKY_CLUSTER. */
void pl__sky_init(struct pl__sky *k, uint32_t n, uint64_t keep, uint32_t B);
void pl__sky_free(struct pl__sky *k);
size_t pl__sky_n_slots(const struct pl__sky *k);
bool pl__sky_used(const struct pl__sky *k, size_t slot);
/* Copy the vector in `slot` into out[0..n). */
void pl__sky_vec(const struct pl__sky *k, size_t slot, double *out);
/* True if some candidate weakly dominates `x` with a strict improvement. */
bool pl__sky_dominated(struct pl__sky *k, const double *x);
/* Offer outcome `idx` with utilities `x`: dropped if dominated, counted if
 * its vector is already a candidate, else inserted (removing candidates
 * it dominates).  PL_ENOMEM leaves `k` valid. */
pl_status pl__sky_add(struct pl__sky *k, const double *x, uint64_t idx,
                      bool in_zone);
/* Indices kept per vector by pl__sky_add_range when keep is 0. */
#define PL__SKY_RANGE_KEEP 4096u
/* Offer `count` outcomes with indices first .. first + count - 1 that all
 * have vector x (and the same zone flag), as pl__sky_add would one by
 * one; only the lowest keep (PL__SKY_RANGE_KEEP when keep is 0) of their
 * indices are recorded. */
pl_status pl__sky_add_range(struct pl__sky *k, const double *x, uint64_t first,
                            uint64_t count, bool in_zone);
/* The exact frontier of the union of parts[0..np): equal vectors merged
 * (counts summed), dominated ones dropped.  Empties the parts; `out` must
 * be initialised and empty.  Item order is unspecified. */
pl_status pl__sky_merge(struct pl__sky *parts, size_t np, struct pl__sky *out);
/* Sort an item's indices ascending and keep at most `keep` (0 = all). */
void pl__sky_item_trim(struct pl__sky_item *it, uint64_t keep);

/* ---- enumeration (enumerate.c) ---- */

struct pl__plan;

/* Result of the first pass, merged over threads. */
struct pl__pass1 {
    double *umin, *umax; /* n */
    double *zmax;        /* n: best u_p in Z, -inf when Z is empty */
    uint64_t reach;      /* bit p: some outcome outside p's own red lines
                            has u_p >= r_p */
    uint64_t zone_count;
    /* Argmax (value, index) of Nash, egalitarian, max welfare; idx ==
     * UINT64_MAX when nothing is admissible. */
    double best_v[PL_CONCEPT_COUNT];
    uint64_t best_idx[PL_CONCEPT_COUNT];
    struct pl__sky frontier; /* exact whole-space frontier */
    unsigned threads_used;
};

pl_status pl__plan_new(const pl_scenario *s, const uint32_t *party, uint32_t n,
                       const pl__analyze_tuning *tune, struct pl__plan **out,
                       pl_diag *diag);
void pl__plan_free(struct pl__plan *pl);

/* Pass 1: everything but Kalai-Smorodinsky.  p1 is zeroed by the caller;
 * its arrays are allocated here and released by pl__pass1_free. */
pl_status pl__enumerate_pass1(const struct pl__plan *pl, unsigned threads,
                              uint64_t keep, struct pl__pass1 *p1);
void pl__pass1_free(struct pl__pass1 *p1);

/* Pass 2: Kalai-Smorodinsky given best_p (zone_best).  v and idx hold a
 * lower bound on entry (value achieved by some zone outcome, or -inf and
 * UINT64_MAX) and the exact argmax on return. */
pl_status pl__enumerate_ks(const struct pl__plan *pl, unsigned threads,
                           const double *best, double *v, uint64_t *idx);

/* The objective of Kalai-Smorodinsky for a zone vector u: min over p of
 * (u_p - r_p) / (best_p - r_p), 1 for a party with best_p == r_p. */
double pl__ks_value(const double *u, const double *r, const double *best,
                    uint32_t n);

/* Concept c's objective at utility vector x (n parties, reservations r;
 * KS also needs the zone best, -inf without it), in the operations and
 * order every method uses, so that maxima are bit-identical across them
 * (DESIGN section 7).  Admissibility is the caller's.  Inline: searches
 * call it per node with a constant n. */
static inline double pl__concept_value(int c, const double *x, const double *r,
                                       const double *best, uint32_t n)
{
    double v;

    switch (c) {
    case PL_NASH:
        v = 1.0;
        for (uint32_t p = 0; p < n; p++)
            v *= x[p] - r[p];
        return v;
    case PL_EGALITARIAN:
        v = INFINITY;
        for (uint32_t p = 0; p < n; p++) {
            const double d = x[p] - r[p];
            v = d < v ? d : v;
        }
        return v;
    case PL_MAX_WELFARE:
        v = 0.0;
        for (uint32_t p = 0; p < n; p++)
            v += x[p];
        return v;
    case PL_KALAI_SMORODINSKY:
        return best ? pl__ks_value(x, r, best, n) : -INFINITY;
    default:
        return -INFINITY;
    }
}

/* Fill a labelled Monte-Carlo zone estimate: `lo` outcomes certainly in
 * the zone plus `undecided` ones of which `samples` drawn uniformly with
 * `seed` gave `hits` inside; the point estimate and a 95% Wilson score
 * interval, both within [lo, lo + undecided]. */
void pl__zone_estimate_set(pl_zone_estimate *est, double lo, double undecided,
                           uint64_t hits, uint64_t samples, uint64_t seed);

/* Append printf-style text to buf (cut to fit): the method lines. */
void pl__appendf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
