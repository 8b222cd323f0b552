/* Exact analysis of additive scenarios with 3-6 parties by issue-by-issue
 * merge (docs/algorithms.md sections 2.2, 3.5), the n-objective
 * generalisation of merge.c; read merge.c's header first; only what
 * differs is described here.
 *
 * Stages.  Stage i's candidates are the kept prefix vectors of stage i-1
 * translated by each option class of issue i (options with identical
 * utility vectors for every party), each coordinate extended as
 * fl(s_p + U_p[i][k]), exactly the reference sum, so every vector is
 * bit-identical to pl_scenario_utility()'s.  The candidates are sorted
 * lexicographically descending (u_0 first; ties by the lowest-index key),
 * which is cheap because they are translated copies of one sorted set
 * (merge of copies), and equal vectors become one point with a count and
 * the list of (parent, class) edges that reach it.
 *
 * Skyline filter.  A candidate x is dropped when another y
 * "tol-dominates" it: y >= x in every coordinate and y_q > x_q + tol in
 * some q, tol = (issues left) * unit being the most the remaining
 * additions can move a difference (merge.c).  The relation is a strict
 * partial order, and y tol-dominates x only if y is lexicographically
 * greater, so after the sort a candidate can only be dropped by an
 * earlier one and a kept one is never dropped later: the kept set grows
 * append-only and each candidate costs one query "does a kept point
 * tol-dominate x?".  The kept points are indexed by k-d trees under the
 * logarithmic method (static trees of 32 * 2^j points, rebuilt on
 * carry), every node carrying the componentwise maximum of its subtree:
 * a subtree whose maximum does not tol-dominate x is skipped, which is
 * the partitioning of BSkyTree/ND-trees without the bookkeeping.  The
 * last stage uses tol = 0, i.e. exact dominance, so the final set is
 * exactly the whole-space frontier with exact counts.  Why nothing on
 * the frontier is ever lost and why counts stay complete: merge.c's
 * argument, unchanged in n dimensions.
 *
 * Concepts.  As merge.c: the maximum over the frontier, then the
 * lowest-index outcome attaining it (possibly a dominated tie) by a
 * depth-first search in index order, pruned with the suffix frontiers
 * G[i] (here also k-d trees; a subtree is skipped when its maximum
 * cannot reach the optimum, every objective being monotone).  Past a
 * work budget, or if a suffix frontier outgrows the point budget, the
 * package is the lowest-index frontier outcome attaining the optimum,
 * and `method` says so.
 *
 * Epsilon-Pareto sets.  When a stage keeps more than max_points vectors
 * (default 10^6 at 3 parties, 4*10^5 at 4, 2.5*10^5 at 5-6)
 * (or its successor would have more than 8 * max_points candidates),
 * the stage is thinned on a grid of side delta (Papadimitriou-
 * Yannakakis, additive form, docs/algorithms.md section 2.3): of the
 * points in one cell only the lexicographically greatest stays; delta is
 * the smallest of a geometric series (factor 1.25) that brings the stage
 * under half its budget.  Guarantee (certified, not estimated): every
 * outcome o of the space has a kept final point k with
 *   u_p(k) >= u_p(o) - epsilon for every party p,
 *   epsilon = sum over thinned stages of (delta (1 + 1e-12) + 2 unit)
 *             + (issues) * unit,
 * where the unit terms bound the rounding of the issue-by-issue sums and
 * of the cell arithmetic.  Proof: by induction over stages, the prefix of
 * o is within the accumulated epsilon of a kept prefix in every
 * coordinate; extending both by o's next option costs at most one unit,
 * a tol-dominated candidate is replaced by a kept one that is greater in
 * every coordinate, and thinning costs one delta.  The kept points are
 * real outcomes (utilities and indices exact), mutually non-dominated;
 * counts are then unknown, and the concepts are the best over the kept
 * points (lower bounds of the optimum), all labelled.
 *
 * Cost per stage: O(C log k) sorting for C candidates from k classes,
 * plus C k-d queries; memory O(sum of stage sizes) for reconstruction
 * (about 24 bytes per kept point per stage) plus 90 bytes per candidate
 * of the current stage.  Measured: bench/README.md (bench_merge_n).
 * Shared with merge.c (merge_core.c): option classes, reconstruction,
 * ranges, frontier counts, the concepts' maxima, listing points. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/count.h"
#include "core/sort.h"
#include "merge_core.h"
#include "merge_n.h"
#include "zone_tail.h"

#define NMAX PL__MERGEN_MAX_PARTIES
#define KD_LEAF 16u
#define KD_BUF 32u
#define CAND_FACTOR 8u
/* Zone-count DP: undecided prefixes per stage, candidates in all. */
#define ZONE_POINTS 200000u
#define ZONE_WORK 4000000u
/* Zone count, last stage: word operations of the tail queries in all. */
#define ZONE_TAIL_WORK 600000000u

uint32_t pl__merge_n_zone_tail = PL__MERGEN_ZONE_TAIL;
size_t pl__merge_n_zone_points = 0;
/* Work (search nodes plus k-d nodes) of one lowest-index search. */
#define SEARCH_WORK 30000000u
/* Frontier outcomes listed one by one in `points` at most. */
#define MAX_EXPAND 1000000u

/* ---- k-d trees of vectors with subtree maxima ---- */

/* Points p[0..n) (rows of d); [0, built) are static trees over the
 * ranges seg[0..nseg) (each to the next start, the last to `built`),
 * [built, n) an unindexed buffer.  Node of range [lo, hi) is its middle
 * row mid = lo + (hi - lo) / 2, with children [lo, mid) and
 * [mid + 1, hi); bx[mid] is the maximum over the range.  Ranges of at
 * most KD_LEAF rows are leaves (scanned). */
struct kd {
    uint32_t d;
    size_t n, cap, built, nseg;
    size_t seg[64];
    double *p, *bx;
    uint64_t work; /* nodes visited */
    uint32_t split0; /* first coordinate to split on (1: the window, whose
                        points all have u_0 >= the query's) */
};

static void kd_init(struct kd *k, uint32_t d)
{
    memset(k, 0, sizeof *k);
    k->d = d;
}

static void kd_free(struct kd *k)
{
    pl__free(k->p);
    pl__free(k->bx);
    kd_init(k, k->d);
}

static void kd_clear(struct kd *k)
{
    k->n = k->built = k->nseg = 0;
}

static void row_swap(double *p, size_t a, size_t b, uint32_t d)
{
    for (uint32_t j = 0; j < d; j++) {
        const double t = p[a * d + j];
        p[a * d + j] = p[b * d + j];
        p[b * d + j] = t;
    }
}

/* Reorder rows [lo, hi) so that row `at` holds the value of rank at - lo
 * in coordinate s, smaller ones before, larger after (three-way
 * quickselect, median-of-three pivot). */
static void kd_select(double *p, uint32_t d, size_t lo, size_t hi, size_t at,
                      uint32_t s)
{
    while (hi - lo > 1) {
        const double a = p[lo * d + s], b = p[(lo + (hi - lo) / 2) * d + s],
                     c = p[(hi - 1) * d + s];
        const double piv = a < b ? (b < c ? b : (a < c ? c : a))
                                 : (a < c ? a : (b < c ? c : b));
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            const double x = p[i * d + s];
            if (x < piv)
                row_swap(p, lt++, i++, d);
            else if (x > piv)
                row_swap(p, i, --gt, d);
            else
                i++;
        }
        if (at < lt)
            hi = lt;
        else if (at >= gt)
            lo = gt;
        else
            return;
    }
}

static void kd_build(struct kd *k, size_t lo, size_t hi)
{
    const uint32_t d = k->d;
    double mn[NMAX], mx[NMAX], *b;
    size_t mid;
    uint32_t s;

    if (lo >= hi)
        return;
    mid = lo + (hi - lo) / 2;
    for (uint32_t j = 0; j < d; j++) {
        mn[j] = INFINITY;
        mx[j] = -INFINITY;
    }
    for (size_t r = lo; r < hi; r++)
        for (uint32_t j = 0; j < d; j++) {
            const double x = k->p[r * d + j];
            mn[j] = x < mn[j] ? x : mn[j];
            mx[j] = x > mx[j] ? x : mx[j];
        }
    b = k->bx + mid * d;
    memcpy(b, mx, d * sizeof *b);
    if (hi - lo <= KD_LEAF)
        return;
    s = k->split0 < d ? k->split0 : 0;
    for (uint32_t j = s + 1; j < d; j++)
        if (mx[j] - mn[j] > mx[s] - mn[s])
            s = j;
    kd_select(k->p, d, lo, hi, mid, s);
    kd_build(k, lo, mid);
    kd_build(k, mid + 1, hi);
}

static pl_status kd_reserve(struct kd *k, size_t want)
{
    size_t cap = k->cap ? k->cap : 64;
    double *p, *bx;

    if (want <= k->cap)
        return PL_OK;
    while (cap < want)
        cap *= 2;
    p = pl__reallocarray(k->p, cap * k->d, sizeof *p);
    if (!p)
        return PL_ENOMEM;
    k->p = p;
    bx = pl__reallocarray(k->bx, cap * k->d, sizeof *bx);
    if (!bx)
        return PL_ENOMEM;
    k->bx = bx;
    k->cap = cap;
    return PL_OK;
}

static pl_status kd_insert(struct kd *k, const double *x)
{
    pl_status rc = kd_reserve(k, k->n + 1);

    if (rc != PL_OK)
        return rc;
    memcpy(k->p + k->n * k->d, x, k->d * sizeof *x);
    k->n++;
    if (k->n - k->built == KD_BUF) { /* carry, like a binary counter */
        k->seg[k->nseg++] = k->built;
        k->built = k->n;
        while (k->nseg >= 2 && k->n - k->seg[k->nseg - 1] >=
                                   k->seg[k->nseg - 1] - k->seg[k->nseg - 2])
            k->nseg--;
        kd_build(k, k->seg[k->nseg - 1], k->n);
    }
    return PL_OK;
}

/* Append without indexing (kd_build_all indexes). */
static pl_status kd_append(struct kd *k, const double *x)
{
    pl_status rc = kd_reserve(k, k->n + 1);

    if (rc != PL_OK)
        return rc;
    memcpy(k->p + k->n * k->d, x, k->d * sizeof *x);
    k->n++;
    return PL_OK;
}

/* Index everything as one static tree. */
static void kd_build_all(struct kd *k)
{
    k->nseg = k->n ? 1 : 0;
    k->seg[0] = 0;
    k->built = k->n;
    kd_build(k, 0, k->n);
}

/* y >= x everywhere and y_q > x_q + tol somewhere. */
static inline bool dom_tol(const double *y, const double *x, uint32_t d,
                           double tol)
{
    bool ge = true, gt = false;

    for (uint32_t j = 0; j < d; j++) {
        ge &= y[j] >= x[j];
        gt |= y[j] > x[j] + tol;
    }
    return ge & gt;
}

static bool kd_dom_range(struct kd *k, size_t lo, size_t hi, const double *x,
                         double tol)
{
    const uint32_t d = k->d;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        k->work++;
        if (!dom_tol(k->bx + mid * d, x, d, tol))
            return false;
        if (hi - lo <= KD_LEAF) {
            for (size_t r = lo; r < hi; r++)
                if (dom_tol(k->p + r * d, x, d, tol))
                    return true;
            return false;
        }
        if (dom_tol(k->p + mid * d, x, d, tol) ||
            kd_dom_range(k, mid + 1, hi, x, tol))
            return true;
        hi = mid;
    }
    return false;
}

/* Does some point of k tol-dominate x? */
static bool kd_dominated(struct kd *k, const double *x, double tol)
{
    for (size_t r = k->built; r < k->n; r++)
        if (dom_tol(k->p + r * k->d, x, k->d, tol))
            return true;
    for (size_t j = k->nseg; j-- > 0;) {
        const size_t hi = j + 1 < k->nseg ? k->seg[j + 1] : k->built;
        if (kd_dom_range(k, k->seg[j], hi, x, tol))
            return true;
    }
    return false;
}

typedef bool (*kd_pred)(const double *v, const void *ctx);

/* Some point of [lo, hi) satisfies the monotone predicate? (A subtree
 * whose maximum fails it is skipped.) */
static bool kd_any_range(struct kd *k, size_t lo, size_t hi, kd_pred pred,
                         const void *ctx)
{
    const uint32_t d = k->d;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        k->work++;
        if (!pred(k->bx + mid * d, ctx))
            return false;
        if (hi - lo <= KD_LEAF) {
            for (size_t r = lo; r < hi; r++)
                if (pred(k->p + r * d, ctx))
                    return true;
            return false;
        }
        if (pred(k->p + mid * d, ctx) ||
            kd_any_range(k, mid + 1, hi, pred, ctx))
            return true;
        hi = mid;
    }
    return false;
}

/* ---- the merge ---- */

struct mn {
    const pl_scenario *s;
    uint32_t d, I;
    const double *U[NMAX];
    size_t max_points;
    double unit;
    struct pl__mclass *cl;
    struct pl__mstage *fs;
    size_t nf;
    double *f;      /* nf * d */
    pl_count *fcnt; /* nf */
    size_t max_f, max_c;
    double eps;    /* 0: exact; else the certified epsilon */
    unsigned thinned; /* stages thinned */
    /* suffix frontiers G[1..I] as k-d trees (g_ok false: not built) */
    bool g_ok;
    struct kd *g;
    size_t max_g;
};

struct cand {
    double u[NMAX]; /* unused coordinates 0 */
    uint64_t key;
    uint32_t par, cls;
};

static inline bool cand_before(const struct cand *a, const struct cand *b)
{
    for (uint32_t j = 0; j < NMAX; j++)
        if (a->u[j] != b->u[j])
            return a->u[j] > b->u[j];
    return a->key < b->key;
}

static inline bool same_vec(const struct cand *a, const struct cand *b)
{
    for (uint32_t j = 0; j < NMAX; j++)
        if (a->u[j] != b->u[j])
            return false;
    return true;
}

const char *pl__merge_n_refusal(const pl_scenario *s, const uint32_t *party,
                                size_t n)
{
    if (n < PL__MERGEN_MIN_PARTIES || n > PL__MERGEN_MAX_PARTIES)
        return "the n-party merge handles 3 to 6 parties";
    if (s->n_issues == 0)
        return "no issues";
    for (size_t j = 0; j < n; j++) {
        const struct pl__party *pa = &s->parties[party[j]];
        if (pa->n_interactions)
            return "a party has interaction terms (not additive)";
        if (pa->n_red_lines)
            return "a party has red lines";
        if (pa->has_clamp)
            return "a party's utility is capped (clamp)";
    }
    return NULL;
}

static void mn_free(struct mn *m)
{
    pl__mclass_free(m->cl, m->I);
    pl__mstage_free(m->fs, m->I);
    for (uint32_t i = 0; m->g && i <= m->I; i++)
        kd_free(&m->g[i]);
    pl__free(m->g);
    pl__free(m->f);
    pl__free(m->fcnt);
    memset(m, 0, sizeof *m);
}

struct keyidx {
    uint64_t key;
    size_t idx;
};

static int cmp_keyidx(const void *x, const void *y)
{
    const struct keyidx *a = x, *b = y;

    return (a->key > b->key) - (a->key < b->key);
}

/* rank[k] = position of key[k] in ascending order. */
static pl_status rank_keys(const uint64_t *key, size_t n, uint32_t *rank)
{
    struct keyidx *t = pl__calloc(n ? n : 1, sizeof *t);

    if (!t)
        return PL_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        t[k].key = key[k];
        t[k].idx = k;
    }
    pl__qsort(t, n, sizeof *t, cmp_keyidx);
    for (size_t k = 0; k < n; k++)
        rank[t[k].idx] = (uint32_t)k;
    pl__free(t);
    return PL_OK;
}

/* Sort v[0 .. n*k) by cand_before given k translated copies of n points
 * each sorted that way (merge.c sort_copies: translation keeps the
 * order of u_0; runs of equal u_0 are fixed by insertion sort, then the
 * copies merged bottom-up). */
static pl_status sort_copies(struct cand *v, size_t n, size_t k)
{
    const size_t C = n * k;
    struct cand *tmp, *src = v, *dst;

    for (size_t a = 1; a < C; a++) {
        if (a % n == 0 || v[a].u[0] != v[a - 1].u[0] ||
            !cand_before(&v[a], &v[a - 1]))
            continue;
        const struct cand x = v[a];
        size_t b = a;
        while (b % n != 0 && cand_before(&x, &v[b - 1])) {
            v[b] = v[b - 1];
            b--;
        }
        v[b] = x;
    }
    if (k <= 1)
        return PL_OK;
    tmp = pl__reallocarray(NULL, C, sizeof *tmp); /* all written */
    if (!tmp)
        return PL_ENOMEM;
    dst = tmp;
    for (size_t w = n; w < C; w *= 2) {
        for (size_t lo = 0; lo < C; lo += 2 * w) {
            const size_t mid = lo + w < C ? lo + w : C;
            const size_t hi = lo + 2 * w < C ? lo + 2 * w : C;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                dst[o++] = cand_before(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid)
                dst[o++] = src[i++];
            while (j < hi)
                dst[o++] = src[j++];
        }
        struct cand *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, C * sizeof *v);
    pl__free(tmp);
    return PL_OK;
}

/* Candidates of issue i from n sorted points u (rows of d; rank may be
 * NULL; `first` true: classes are added in front, a + u, as the
 * suffix sums are). */
static pl_status make_cands(const struct mn *m, uint32_t i, size_t n,
                            const double *u, const uint32_t *rank, bool first,
                            struct cand **out, size_t *n_out)
{
    const struct pl__mclass *c = &m->cl[i];
    const uint32_t d = m->d;
    const size_t C = n * c->n;
    struct cand *v;
    pl_status rc;

    if (C / c->n != n || C > (size_t)m->max_points * CAND_FACTOR + c->n)
        return PL_ETOOBIG;
    v = pl__calloc(C ? C : 1, sizeof *v);
    if (!v)
        return PL_ENOMEM;
    for (uint32_t q = 0; q < c->n; q++)
        for (size_t f = 0; f < n; f++) {
            struct cand *x = &v[q * n + f];
            for (uint32_t p = 0; p < d; p++)
                x->u[p] = first ? c->a[q * d + p] + u[f * d + p]
                                : u[f * d + p] + c->a[q * d + p];
            x->key = rank ? (uint64_t)rank[f] * c->m + c->lo[q]
                          : (uint64_t)q * n + f;
            x->par = (uint32_t)f;
            x->cls = q;
        }
    rc = sort_copies(v, n, c->n);
    if (rc != PL_OK) {
        pl__free(v);
        return rc;
    }
    *out = v;
    *n_out = C;
    return PL_OK;
}

/* ---- thinning to an epsilon-Pareto set ---- */

struct cell {
    int64_t c[NMAX];
    size_t idx;
};

static int cmp_cell(const void *x, const void *y)
{
    const struct cell *a = x, *b = y;

    for (uint32_t j = 0; j < NMAX; j++)
        if (a->c[j] != b->c[j])
            return a->c[j] < b->c[j] ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

/* Pick at most `target` of the n points u (rows of d) on a grid: keep[]
 * gets the kept indices ascending, *kn their number, *delta the cell
 * side. */
static pl_status thin_pick(const double *u, size_t n, uint32_t d,
                           size_t target, size_t *keep, size_t *kn,
                           double *delta)
{
    double lo[NMAX], hi[NMAX], R = 0.0, dl;
    struct cell *t = pl__calloc(n ? n : 1, sizeof *t);

    if (!t)
        return PL_ENOMEM;
    for (uint32_t p = 0; p < d; p++) {
        lo[p] = INFINITY;
        hi[p] = -INFINITY;
        for (size_t k = 0; k < n; k++) {
            lo[p] = u[k * d + p] < lo[p] ? u[k * d + p] : lo[p];
            hi[p] = u[k * d + p] > hi[p] ? u[k * d + p] : hi[p];
        }
        R = hi[p] - lo[p] > R ? hi[p] - lo[p] : R;
    }
    if (target < 1)
        target = 1;
    dl = R > 0 ? R / pow((double)target, 1.0 / (d - 1)) : 1.0;
    for (;;) {
        size_t cells = 0;
        for (size_t k = 0; k < n; k++) {
            for (uint32_t p = 0; p < NMAX; p++)
                t[k].c[p] =
                    p < d ? (int64_t)floor((u[k * d + p] - lo[p]) / dl) : 0;
            t[k].idx = k;
        }
        pl__qsort(t, n, sizeof *t, cmp_cell);
        for (size_t k = 0; k < n; k++)
            cells += k == 0 || memcmp(t[k].c, t[k - 1].c, sizeof t[k].c) != 0;
        if (cells <= target)
            break;
        dl *= 1.25;
    }
    *kn = 0;
    for (size_t k = 0; k < n; k++)
        if (k == 0 || memcmp(t[k].c, t[k - 1].c, sizeof t[k].c) != 0)
            keep[(*kn)++] = t[k].idx; /* lowest index = lex greatest */
    pl__free(t);
    *delta = dl;
    return PL_OK;
}

static int cmp_size(const void *x, const void *y)
{
    const size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return (a > b) - (a < b);
}

/* Thin stage st (points u, keys, counts; sorted) to at most `target`
 * points; adds the certified cost to m->eps. */
static pl_status thin_stage(struct mn *m, struct pl__mstage *st, double *u,
                            uint64_t *key, size_t *ns, size_t target)
{
    const uint32_t d = m->d;
    size_t *keep = pl__calloc(*ns ? *ns : 1, sizeof *keep), kn = 0;
    double delta = 0.0;
    pl_status rc;

    if (!keep)
        return PL_ENOMEM;
    rc = thin_pick(u, *ns, d, target, keep, &kn, &delta);
    if (rc != PL_OK) {
        pl__free(keep);
        return rc;
    }
    pl__qsort(keep, kn, sizeof *keep, cmp_size);
    for (size_t k = 0; k < kn; k++) {
        const size_t j = keep[k];
        memmove(u + k * d, u + j * d, d * sizeof *u);
        key[k] = key[j];
        st->lpar[k] = st->lpar[j];
        st->lcls[k] = st->lcls[j];
    }
    pl__free(keep);
    /* edges (outcome listing) and counts mean nothing from here on */
    pl__free(st->e_start);
    pl__free(st->e_par);
    pl__free(st->e_cls);
    st->e_start = NULL;
    st->e_par = st->e_cls = NULL;
    *ns = kn;
    m->eps += delta * (1.0 + 1e-12) + 2.0 * m->unit;
    m->thinned++;
    return PL_OK;
}

/* ---- the skyline filter of one stage ---- */

/* 3 objectives: the Kung-Luccio-Preparata sweep.  In lexicographic order
 * every earlier point has u_0 >= the current one's, so what remains is a
 * 2-D question on (u_1, u_2), answered by staircases: the 2-D maxima of
 * a point set, sorted by u_1 ascending (so u_2 descending), in a sorted
 * array (staircases stay far smaller than the stage). */
struct stair {
    size_t n, cap;
    double *y1, *y2;
};

/* Index of the first step with y1 > a (strict) or >= a. */
static size_t stair_find(const struct stair *st, double a, bool strict)
{
    size_t lo = 0, hi = st->n;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (strict ? st->y1[mid] > a : st->y1[mid] >= a)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Some point with y1 (>|>=) a and y2 (>|>=) b?  The first step past a
 * has the largest y2 of all steps past a. */
static bool stair_has(const struct stair *st, double a, bool s1, double b,
                      bool s2)
{
    const size_t k = stair_find(st, a, s1);

    return k < st->n && (s2 ? st->y2[k] > b : st->y2[k] >= b);
}

static pl_status stair_add(struct stair *st, double a, double b)
{
    size_t k, j;

    if (stair_has(st, a, false, b, false))
        return PL_OK; /* weakly dominated in 2-D */
    /* steps with y1 <= a and y2 <= b (now dominated) sit just before
     * the first step with y1 > a */
    k = stair_find(st, a, true);
    j = k;
    while (j > 0 && st->y2[j - 1] <= b)
        j--;
    if (j == k && st->n == st->cap) {
        const size_t cap = st->cap ? 2 * st->cap : 64;
        double *y1 = pl__reallocarray(st->y1, cap, sizeof *y1);
        if (!y1)
            return PL_ENOMEM;
        st->y1 = y1;
        double *y2 = pl__reallocarray(st->y2, cap, sizeof *y2);
        if (!y2)
            return PL_ENOMEM;
        st->y2 = y2;
        st->cap = cap;
    }
    /* replace [j, k) by the new step */
    memmove(st->y1 + j + 1, st->y1 + k, (st->n - k) * sizeof *st->y1);
    memmove(st->y2 + j + 1, st->y2 + k, (st->n - k) * sizeof *st->y2);
    st->n = st->n - (k - j) + 1;
    st->y1[j] = a;
    st->y2[j] = b;
    return PL_OK;
}

/* keep[] as skyline() below, for 3 objectives.  x is tol-dominated iff
 * an earlier kept y has y_0 > x_0 + tol, y_1 >= x_1, y_2 >= x_2
 * (staircase A of the points that far ahead in u_0, filled as a pointer
 * passes them), or y_1 > x_1 + tol, y_2 >= x_2, or y_1 >= x_1,
 * y_2 > x_2 + tol (staircase B of all earlier kept points). */
static pl_status skyline3(const struct cand *v, size_t C, double tol,
                          bool *keep)
{
    struct stair A, B;
    size_t j = 0;
    pl_status rc = PL_OK;

    memset(&A, 0, sizeof A);
    memset(&B, 0, sizeof B);
    for (size_t a = 0; a < C && rc == PL_OK; a++) {
        const double *x = v[a].u;
        keep[a] = false;
        if (a > 0 && same_vec(&v[a], &v[a - 1]))
            continue;
        for (; j < a && v[j].u[0] > x[0] + tol; j++)
            if (keep[j] && (rc = stair_add(&A, v[j].u[1], v[j].u[2])) != PL_OK)
                break;
        if (stair_has(&A, x[1], false, x[2], false) ||
            stair_has(&B, x[1] + tol, true, x[2], false) ||
            stair_has(&B, x[1], false, x[2] + tol, true))
            continue;
        keep[a] = true;
        if (rc == PL_OK)
            rc = stair_add(&B, x[1], x[2]);
    }
    pl__free(A.y1);
    pl__free(A.y2);
    pl__free(B.y1);
    pl__free(B.y2);
    return rc;
}

int pl__merge_n_filter = 0;

/* keep[a] = true for the first candidate of each group of equal vectors
 * in v[0..C) (sorted by cand_before) that no candidate tol-dominates;
 * false elsewhere.  The window `win` of kept points only grows (see the
 * header). */
static pl_status skyline(struct kd *win, const struct cand *v, size_t C,
                         double tol, bool *keep)
{
    pl_status rc = PL_OK;

    if (win->d == 3 && pl__merge_n_filter == 0)
        return skyline3(v, C, tol, keep);
    kd_clear(win);
    win->split0 = 1;
    for (size_t a = 0; a < C; a++) {
        keep[a] = false;
        if (a > 0 && same_vec(&v[a], &v[a - 1]))
            continue;
        if (!kd_dominated(win, v[a].u, tol)) {
            keep[a] = true;
            rc = kd_insert(win, v[a].u);
            if (rc != PL_OK)
                return rc;
        }
    }
    return PL_OK;
}

/* ---- 1. the frontier set ---- */

static pl_status run_frontier(struct mn *m)
{
    const uint32_t d = m->d;
    double *u = pl__calloc(d, sizeof *u);
    pl_count *cnt = pl__calloc(1, sizeof *cnt), *ncnt = NULL;
    uint32_t *rank = pl__calloc(1, sizeof *rank);
    uint64_t *key = NULL;
    struct cand *v = NULL;
    bool *keep = NULL;
    struct kd win;
    size_t n = 1, prev_ns = 1;
    pl_status rc = PL_OK;

    kd_init(&win, d);
    m->fs = pl__calloc(m->I, sizeof *m->fs);
    if (!u || !cnt || !rank || !m->fs) {
        rc = PL_ENOMEM;
        goto out;
    }
    cnt[0] = pl_count_from_u64(1);
    for (uint32_t i = 0; i < m->I; i++) {
        struct pl__mstage *st = &m->fs[i];
        const struct pl__mclass *cl = &m->cl[i];
        const double tol = (double)(m->I - 1 - i) * m->unit;
        const bool exact = m->eps == 0.0;
        size_t C, ns = 0, ne = 0, limit;

        rc = make_cands(m, i, n, u, rank, false, &v, &C);
        if (rc != PL_OK)
            goto out;
        m->max_c = C > m->max_c ? C : m->max_c;
        pl__free(u);
        pl__free(rank);
        u = pl__calloc(C * d, sizeof *u);
        ncnt = pl__calloc(C, sizeof *ncnt);
        rank = pl__calloc(C, sizeof *rank);
        key = pl__calloc(C, sizeof *key);
        st->lpar = pl__calloc(C, sizeof *st->lpar);
        st->lcls = pl__calloc(C, sizeof *st->lcls);
        st->e_start = pl__calloc(C + 1, sizeof *st->e_start);
        st->e_par = pl__calloc(C, sizeof *st->e_par);
        st->e_cls = pl__calloc(C, sizeof *st->e_cls);
        if (!u || !ncnt || !rank || !key || !st->lpar || !st->lcls ||
            !st->e_start || !st->e_par || !st->e_cls) {
            rc = PL_ENOMEM;
            goto out;
        }
        keep = pl__calloc(C ? C : 1, sizeof *keep);
        if (!keep) {
            rc = PL_ENOMEM;
            goto out;
        }
        rc = skyline(&win, v, C, tol, keep);
        if (rc != PL_OK)
            goto out;
        for (size_t a = 0; a < C;) {
            size_t b = a + 1;
            while (b < C && same_vec(&v[b], &v[a]))
                b++;
            if (keep[a]) {
                pl_count c = pl__count_zero();
                memcpy(u + ns * d, v[a].u, d * sizeof *u);
                key[ns] = v[a].key;
                st->lpar[ns] = v[a].par;
                st->lcls[ns] = v[a].cls;
                st->e_start[ns] = ne;
                for (size_t e = a; e < b; e++) {
                    if (exact)
                        pl__count_addmul(&c, cnt[v[e].par], cl->mult[v[e].cls]);
                    st->e_par[ne] = v[e].par;
                    st->e_cls[ne] = v[e].cls;
                    ne++;
                }
                ncnt[ns] = c;
                ns++;
            }
            a = b;
        }
        st->e_start[ns] = ne;
        pl__free(v);
        v = NULL;
        pl__free(keep);
        keep = NULL;
        pl__free(cnt);
        cnt = ncnt;
        ncnt = NULL;
        /* budget for this stage and for the next one's candidates */
        limit = m->max_points;
        if (i + 1 < m->I &&
            limit > (size_t)m->max_points * CAND_FACTOR / m->cl[i + 1].n)
            limit = (size_t)m->max_points * CAND_FACTOR / m->cl[i + 1].n;
        /* Thin when this stage is over the budget, or when the next one
         * would be if it grows as this one did (thinning after the fact
         * would come too late: the filter's cost is superlinear). */
        {
            const double g = prev_ns && ns > prev_ns
                                 ? (double)ns / (double)prev_ns : 1.0;
            size_t target = 0;
            if (ns > limit)
                target = limit / 2;
            else if (i + 1 < m->I && (double)ns * g > (double)limit)
                target = (size_t)((double)limit / g);
            prev_ns = ns;
            if (target) {
                rc = thin_stage(m, st, u, key, &ns, target ? target : 1);
                if (rc != PL_OK)
                    goto out;
            }
        }
        if (!exact || st->e_start == NULL) {
            pl__free(st->e_start);
            pl__free(st->e_par);
            pl__free(st->e_cls);
            st->e_start = NULL;
            st->e_par = st->e_cls = NULL;
        } else if (pl__mcore_shrink(&st->e_start, ns + 1, sizeof *st->e_start) != PL_OK ||
                   pl__mcore_shrink(&st->e_par, ne, sizeof *st->e_par) != PL_OK ||
                   pl__mcore_shrink(&st->e_cls, ne, sizeof *st->e_cls) != PL_OK) {
            rc = PL_ENOMEM;
            goto out;
        }
        st->n = ns;
        if (pl__mcore_shrink(&st->lpar, ns, sizeof *st->lpar) != PL_OK ||
            pl__mcore_shrink(&st->lcls, ns, sizeof *st->lcls) != PL_OK) {
            rc = PL_ENOMEM;
            goto out;
        }
        m->max_f = ns > m->max_f ? ns : m->max_f;
        rc = rank_keys(key, ns, rank);
        pl__free(key);
        key = NULL;
        if (rc != PL_OK)
            goto out;
        n = ns;
    }
    m->nf = n;
    m->f = u;
    m->fcnt = cnt;
    u = NULL;
    cnt = NULL;
out:
    kd_free(&win);
    pl__free(v);
    pl__free(keep);
    pl__free(key);
    pl__free(u);
    pl__free(cnt);
    pl__free(ncnt);
    pl__free(rank);
    return rc;
}

/* ---- 2. suffix frontiers, for the lowest-index search ---- */

/* G[i]: the exact Pareto set of the suffix sums of issues i..I-1 (summed
 * backwards), G[I] = {0}.  Leaves g_ok false (and no G) if a stage
 * exceeds the point budget. */
static pl_status run_suffix(struct mn *m)
{
    const uint32_t d = m->d, I = m->I;
    double *u = pl__calloc(d, sizeof *u);
    struct cand *v = NULL;
    bool *keep = NULL;
    struct kd win;
    size_t n = 1;
    pl_status rc = PL_OK;

    kd_init(&win, d);
    m->g = pl__calloc(I + 1, sizeof *m->g);
    if (!u || !m->g) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (uint32_t i = 0; i <= I; i++)
        kd_init(&m->g[i], d);
    rc = kd_append(&m->g[I], u);
    if (rc != PL_OK)
        goto out;
    kd_build_all(&m->g[I]);
    for (uint32_t i = I; i-- > 1;) {
        size_t C, ns = 0;
        rc = make_cands(m, i, n, u, NULL, true, &v, &C);
        if (rc == PL_ETOOBIG) {
            rc = PL_OK;
            goto out; /* g_ok stays false */
        }
        if (rc != PL_OK)
            goto out;
        pl__free(u);
        u = pl__calloc(C * d, sizeof *u);
        if (!u) {
            rc = PL_ENOMEM;
            goto out;
        }
        keep = pl__calloc(C ? C : 1, sizeof *keep);
        if (!keep) {
            rc = PL_ENOMEM;
            goto out;
        }
        rc = skyline(&win, v, C, 0.0, keep);
        if (rc != PL_OK)
            goto out;
        for (size_t a = 0; a < C; a++)
            if (keep[a]) {
                memcpy(u + ns * d, v[a].u, d * sizeof *u);
                ns++;
            }
        pl__free(v);
        v = NULL;
        pl__free(keep);
        keep = NULL;
        if (ns > m->max_points)
            goto out;
        for (size_t k = 0; k < ns; k++) {
            rc = kd_append(&m->g[i], u + k * d);
            if (rc != PL_OK)
                goto out;
        }
        kd_build_all(&m->g[i]);
        m->max_g = ns > m->max_g ? ns : m->max_g;
        n = ns;
    }
    m->g_ok = true;
out:
    if (!m->g_ok && m->g) {
        for (uint32_t i = 0; i <= I; i++)
            kd_free(&m->g[i]);
        pl__free(m->g);
        m->g = NULL;
    }
    kd_free(&win);
    pl__free(v);
    pl__free(keep);
    pl__free(u);
    return rc;
}

static pl_status mn_run(const pl_scenario *s, const uint32_t *party,
                        size_t n, size_t max_points, bool suffix,
                        struct mn *m)
{
    pl_status rc;

    memset(m, 0, sizeof *m);
    m->s = s;
    m->d = (uint32_t)n;
    m->I = s->n_issues;
    for (size_t p = 0; p < n; p++)
        m->U[p] = s->U + (size_t)party[p] * s->n_total_options;
    /* The k-d filter costs about C * S^0.7 per stage in 4-6 dimensions
     * on conflicting preferences (bench_merge_n: 2*10^5-point frontiers
     * take 6-7 s of CPU at 4-6 parties, 6*10^5 at 5 parties 50 s), so
     * the default budget shrinks with the dimension. */
    m->max_points = max_points ? max_points
                  : n == 3       ? PL__MERGEN_MAX_POINTS
                  : n == 4       ? PL__MERGEN_MAX_POINTS * 2 / 5
                                 : PL__MERGEN_MAX_POINTS / 4;
    rc = pl__mclass_build(s, m->U, m->d, &m->cl, &m->unit);
    if (rc == PL_OK)
        rc = run_frontier(m);
    if (m->eps > 0.0) /* the rounding of the sums themselves */
        m->eps += (double)m->I * m->unit;
    if (rc == PL_OK && suffix && m->eps == 0.0)
        rc = run_suffix(m);
    return rc;
}

/* ---- results ---- */

/* The finished merge as merge_core reads it. */
static struct pl__mfront front_of(const struct mn *m)
{
    struct pl__mfront mf;

    mf.I = m->I;
    mf.d = m->d;
    mf.cl = m->cl;
    mf.fs = m->fs;
    mf.n = m->nf;
    mf.f = m->f;
    mf.cnt = m->fcnt;
    return mf;
}

struct reach {
    const double *s; /* prefix sums */
    double margin;
    int c;
    double V;
    const double *r, *best;
    uint32_t d;
};

static bool reach_pred(const double *g, const void *ctx)
{
    const struct reach *q = ctx;
    double x[NMAX];

    for (uint32_t p = 0; p < q->d; p++)
        x[p] = q->s[p] + g[p] + q->margin;
    return pl__mcore_admissible(q->c, x, q->r, q->d) &&
           pl__concept_value(q->c, x, q->r, q->best, q->d) >= q->V;
}

/* merge.c first_leaf in n dimensions: the lowest-index outcome with
 * admissible u and objective == V (the maximum). */
static pl_status first_leaf(struct mn *m, int c, double V, const double *r,
                            const double *best, uint32_t *out, bool *cut)
{
    const uint32_t I = m->I, d = m->d;
    const pl_scenario *s = m->s;
    double *S = pl__calloc((size_t)(I + 1) * d, sizeof *S);
    uint64_t nodes = 0;
    long i = 0;

    *cut = false;
    if (!S)
        return PL_ENOMEM;
    out[0] = 0;
    while (i >= 0) {
        const uint32_t k = out[i], off = s->opt_offset[i];
        double x[NMAX];
        if (k == s->issues[i].n_options) {
            if (--i >= 0)
                out[i]++;
            continue;
        }
        if (++nodes > SEARCH_WORK) {
            *cut = true;
            break;
        }
        for (uint32_t p = 0; p < d; p++)
            x[p] = S[(size_t)i * d + p] + m->U[p][off + k];
        if (i == (long)I - 1) {
            if (pl__mcore_admissible(c, x, r, d) &&
                pl__concept_value(c, x, r, best, d) == V)
                break;
            out[i]++;
        } else {
            struct reach q;
            struct kd *g = &m->g[i + 1];
            q.s = x;
            q.margin = (2.0 * (I - (uint32_t)i - 1) + 2.0) * m->unit;
            q.c = c;
            q.V = V;
            q.r = r;
            q.best = best;
            q.d = d;
            g->work = 0;
            const bool ok = kd_any_range(g, 0, g->n, reach_pred, &q);
            nodes += g->work;
            if (ok) {
                memcpy(S + (size_t)(i + 1) * d, x, d * sizeof *x);
                out[++i] = 0;
            } else {
                out[i]++;
            }
        }
    }
    pl__free(S);
    if (*cut)
        return PL_OK;
    if (i < 0) /* cannot happen: the maximum is attained */
        return PL_EINTERNAL;
    return PL_OK;
}

/* Exact |{o : u(o) >= r}| by a counting DP over distinct prefix vectors
 * (merge.c zone_count_dp in n dimensions): a prefix is counted wholesale
 * once every completion is certainly in (or out) by more than the
 * rounding margin.  Meet in the middle: the last issues whose option
 * product is at most pl__merge_n_zone_tail form a tail, and the DP stops
 * before them; each prefix still undecided there is counted against
 * every tail outcome at once (zone_tail.c: rank bitsets and a certified
 * rounding band summed in the reference order; a prefix vector is the
 * reference partial sum, so equal vectors have equal completions and
 * their counts add up).  False if the undecided prefixes or the tail
 * queries exceed their budgets. */
static bool zone_count_dp(const struct mn *m, const double *r, pl_count *out)
{
    const uint32_t d = m->d;
    const size_t zpoints =
        pl__merge_n_zone_points ? pl__merge_n_zone_points : ZONE_POINTS;
    struct pl__ztail *zt = NULL;
    uint32_t I = m->I; /* DP stages; the tail is issues [I, m->I) */
    uint64_t qwork = 0;
    double *mn = pl__calloc((size_t)(I + 1) * d, sizeof *mn);
    double *mx = pl__calloc((size_t)(I + 1) * d, sizeof *mx);
    pl_count *rest = pl__calloc(I + 1, sizeof *rest);
    double *u = pl__calloc(d, sizeof *u);
    pl_count *cnt = pl__calloc(1, sizeof *cnt), *ncnt = NULL;
    uint32_t *rank = pl__calloc(1, sizeof *rank);
    struct cand *v = NULL;
    pl_count total = pl__count_zero();
    bool ok = false;
    size_t n = 1, work = 0;

    if (!mn || !mx || !rest || !u || !cnt || !rank)
        goto out;
    pl__mcore_suffix_extremes(m->cl, I, d, mn, mx, rest);
    {
        uint32_t first = m->I;
        uint64_t T = 1;
        while (first > 0 &&
               T * m->s->issues[first - 1].n_options <= pl__merge_n_zone_tail) {
            T *= m->s->issues[first - 1].n_options;
            first--;
        }
        if (first < m->I &&
            pl__ztail_new(m->s, m->U, r, d, first, 0, &zt) == PL_OK)
            I = first;
    }
    if (I == 0) { /* the whole space is one tail */
        (void)pl__count_add(&total,
                            pl_count_from_u64(pl__ztail_count(zt, u, NULL)));
        n = 0;
    }
    cnt[0] = pl_count_from_u64(1);
    for (uint32_t i = 0; i < I && n > 0; i++) {
        const struct pl__mclass *cl = &m->cl[i];
        const double tol = (double)(2 * (m->I - i) + 2) * m->unit;
        const double *mnr = mn + (size_t)(i + 1) * d;
        const double *mxr = mx + (size_t)(i + 1) * d;
        size_t C, ns = 0;
        struct mn mm = *m;
        mm.max_points = ZONE_WORK;
        if (make_cands(&mm, i, n, u, rank, false, &v, &C) != PL_OK)
            goto out;
        ncnt = pl__calloc(C ? C : 1, sizeof *ncnt);
        if (!ncnt)
            goto out;
        for (size_t a = 0; a < C;) {
            size_t b = a;
            pl_count c = pl__count_zero();
            bool in = true, outz = false;
            while (b < C && same_vec(&v[b], &v[a])) {
                pl__count_addmul(&c, cnt[v[b].par], cl->mult[v[b].cls]);
                b++;
            }
            if (i == I - 1 && !zt) {
                if (pl__mcore_in_zone(v[a].u, r, d))
                    (void)pl__count_add(&total, c);
            } else {
                for (uint32_t p = 0; p < d; p++) {
                    in = in && v[a].u[p] + mnr[p] >= r[p] + tol;
                    outz = outz || v[a].u[p] + mxr[p] < r[p] - tol;
                }
                if (in) {
                    (void)pl__count_mul(&c, rest[i + 1]);
                    (void)pl__count_add(&total, c);
                } else if (!outz && i == I - 1) { /* against the tail */
                    qwork += pl__ztail_query_cost(zt);
                    if (qwork > ZONE_TAIL_WORK)
                        goto out;
                    pl__count_addmul(&total, c,
                                     pl__ztail_count(zt, v[a].u, NULL));
                } else if (!outz) {
                    v[ns] = v[a];
                    ncnt[ns] = c;
                    ns++;
                }
            }
            a = b;
        }
        work += C;
        if (ns > zpoints || work > ZONE_WORK * 5u)
            goto out;
        if (pl__mcore_shrink(&u, ns * d, sizeof *u) != PL_OK ||
            pl__mcore_shrink(&rank, ns, sizeof *rank) != PL_OK)
            goto out;
        for (size_t k = 0; k < ns; k++) {
            memcpy(u + k * d, v[k].u, d * sizeof *u);
            rank[k] = 0; /* keys unused here */
        }
        pl__free(cnt);
        cnt = ncnt;
        ncnt = NULL;
        n = ns;
        pl__free(v);
        v = NULL;
    }
    ok = true;
    *out = total;
out:
    pl__free(v);
    pl__free(mn);
    pl__free(mx);
    pl__free(rest);
    pl__free(u);
    pl__free(cnt);
    pl__free(ncnt);
    pl__free(rank);
    pl__ztail_free(zt);
    return ok;
}

/* The concepts: maximum over the final set, then the lowest-index
 * outcome attaining it (out: I options per concept).  *unresolved: some
 * package is only the lowest among the final set's (search budget, no
 * suffix frontiers, or an epsilon set). */
static pl_status concepts(struct mn *m, const double *r, const double *zb,
                          bool *found, double *val, uint32_t *out,
                          bool *unresolved, int *n_cut)
{
    const uint32_t d = m->d, I = m->I;
    const struct pl__mfront mf = front_of(m);
    uint32_t *tmp = pl__calloc(I, sizeof *tmp);
    pl_status rc = PL_OK;
    bool zone = false;

    if (!tmp)
        return PL_ENOMEM;
    for (size_t p = 0; p < m->nf && !zone; p++)
        zone = pl__mcore_in_zone(m->f + p * d, r, d);
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        uint32_t *o = out + (size_t)c * I;
        double best;
        bool cut = false;
        found[c] = false;
        if (c == PL_KALAI_SMORODINSKY && !zone)
            continue;
        found[c] = pl__mcore_best(&mf, c, r, zb, &best);
        if (!found[c])
            continue;
        val[c] = best;
        if (m->g_ok) {
            rc = first_leaf(m, c, best, r, zb, o, &cut);
            if (rc != PL_OK)
                break;
        }
        if (!m->g_ok || cut) {
            *unresolved = true;
            *n_cut += cut;
            pl__mcore_lowest_kept(&mf, c, best, r, zb, o, tmp);
        }
    }
    pl__free(tmp);
    return rc;
}

/* Certified gaps of the concepts over an epsilon-Pareto set.  Every
 * outcome o has a kept point k with u(o) <= u(k) + eps (header), so with
 * x = u(k) + eps rounded up, x >= u(o) componentwise.  Admissibility is
 * upward closed (u > r, u >= r), and every objective is non-decreasing in
 * each utility as computed (IEEE +, -, min, division by a positive
 * constant, and products of positive factors are monotone), so the
 * optimum is at most the largest objective over the x that are
 * admissible.  Kalai-Smorodinsky: the true best_p is at least the kept
 * points' zone_best, which can only lower each ratio for gains >= 0, and
 * no ratio of an outcome in the zone exceeds 1.  gap[c] = that bound
 * minus the value found, rounded up (0: the value found is optimal);
 * *maybe: a concept with no admissible kept point may still have an
 * admissible outcome within epsilon. */
static void eps_gaps(const struct mn *m, const double *r, const double *zb,
                     const bool *found, const double *val, double *gap,
                     bool *maybe)
{
    const uint32_t d = m->d;

    *maybe = false;
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        double ub = -INFINITY;
        bool any = false;
        gap[c] = 0;
        for (size_t k = 0; k < m->nf; k++) {
            double x[NMAX];
            for (uint32_t p = 0; p < d; p++)
                x[p] = nextafter(m->f[k * d + p] + m->eps, INFINITY);
            if (!pl__mcore_admissible(c, x, r, d))
                continue;
            any = true;
            if (found[c]) {
                const double v = pl__concept_value(c, x, r, zb, d);
                ub = v > ub ? v : ub;
            }
        }
        if (!found[c]) {
            *maybe = *maybe || any;
            continue;
        }
        if (c == PL_KALAI_SMORODINSKY && ub > 1.0)
            ub = 1.0;
        if (ub > val[c])
            gap[c] = nextafter(ub - val[c], INFINITY);
    }
}

pl_status pl__analyze_merge_n(const pl_scenario *s, const pl_analysis_opts *o,
                              size_t max_points, pl_analysis *a)
{
    const double *r = a->reservation;
    struct mn m;
    struct pl__mfront mf;
    const uint32_t d = (uint32_t)a->n_parties;
    bool zone_known, expanded = false, unresolved = false, maybe = false;
    bool found[PL_CONCEPT_COUNT];
    double val[PL_CONCEPT_COUNT];
    uint32_t *out = NULL;
    int n_cut = 0;
    char text[256];
    pl_status rc;

    rc = mn_run(s, a->party, d, max_points, true, &m);
    if (rc != PL_OK)
        goto done;
    out = pl__calloc((size_t)PL_CONCEPT_COUNT * m.I, sizeof *out);
    if (!out) {
        rc = PL_ENOMEM;
        goto done;
    }
    pl__mcore_ranges(s, m.U, d, a);
    /* frontier counts; zone best from the frontier (from an epsilon set:
     * a lower bound, labelled) */
    mf = front_of(&m);
    pl__mcore_counts(&mf, a);
    /* zone: the counting DP (independent of the frontier's epsilon) */
    {
        bool all_in = true;
        for (uint32_t j = 0; j < d; j++)
            all_in = all_in && r[j] <= a->umin[j];
        if (all_in) {
            a->zone_count = a->n_outcomes;
            zone_known = true;
        } else if (m.eps == 0.0 && a->pareto_zone_vectors == 0) {
            a->zone_count = pl__count_zero();
            zone_known = true;
        } else {
            zone_known = zone_count_dp(&m, r, &a->zone_count);
            if (!zone_known)
                a->zone_count = pl__count_zero();
        }
    }
    a->zone_count_unknown = !zone_known;
    if (a->pareto_zone_vectors == 0)
        for (uint32_t j = 0; j < d; j++)
            a->zone_best[j] = NAN;
    rc = concepts(&m, r, a->zone_best, found, val, out, &unresolved, &n_cut);
    if (rc != PL_OK)
        goto done;
    if (m.eps > 0.0)
        eps_gaps(&m, r, a->zone_best, found, val, a->gap, &maybe);
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        if (!found[c])
            continue;
        a->found[c] = true;
        rc = pl__package_fill_outcome(s, a, &a->concept[c],
                                      out + (size_t)c * m.I, val[c], true);
        if (rc != PL_OK)
            goto done;
    }
    if (m.eps > 0.0) {
        a->pareto_epsilon = m.eps;
        a->pareto_count = a->pareto_zone_count = pl__count_zero();
        a->pareto_vectors = m.nf; /* the size of the epsilon set */
        a->pareto_zone_vectors = 0;
    }
    rc = pl__mcore_points(s, &mf, m.eps == 0.0, MAX_EXPAND, a, o->top,
                          &expanded);
    if (rc != PL_OK)
        goto done;
    if (m.eps > 0.0) {
        static const char *const cname[PL_CONCEPT_COUNT] = {
            "nash", "ks", "egalitarian", "welfare"};
        char gaps[128] = "";
        size_t len = 0;
        for (int c = 0; c < PL_CONCEPT_COUNT && len < sizeof gaps; c++)
            if (found[c]) {
                const int w = a->gap[c] > 0
                    ? snprintf(gaps + len, sizeof gaps - len,
                               ", %s within %.3g", cname[c], a->gap[c])
                    : snprintf(gaps + len, sizeof gaps - len,
                               ", %s optimal", cname[c]);
                len += w > 0 ? (size_t)w : 0;
            }
        /* (a truncated method line is acceptable: the JSON has the gaps) */
        if (snprintf(text, sizeof text,
                     "n-party merge, APPROXIMATE: epsilon-Pareto set of %zu "
                     "points, epsilon %.3g (%u stages thinned); concepts are "
                     "the best among them%s%s%s",
                     m.nf, m.eps, m.thinned, gaps,
                     maybe ? "; a concept not found may exist within epsilon"
                           : "",
                     zone_known ? "" : "; zone not counted") < 0)
            text[0] = '\0';
    } else
        snprintf(text, sizeof text,
                 "n-party merge: %zu frontier vectors, largest stage %zu%s%s"
                 "%s",
                 m.nf, m.max_f,
                 unresolved ? "; ties with dominated outcomes not searched "
                              "(budget)" : "",
                 expanded ? "" : "; points: lowest-index outcome per vector",
                 zone_known ? "" : "; zone not counted");
    snprintf(a->method, sizeof a->method, "%s", text);
done:
    pl__free(out);
    mn_free(&m);
    return rc;
}

pl_status pl__merge_n_stats(const pl_scenario *s, const uint32_t *party,
                            size_t n, size_t max_points,
                            struct pl__merge_n_stats *st)
{
    struct mn m;
    double r[NMAX], zb[NMAX], val[PL_CONCEPT_COUNT];
    bool found[PL_CONCEPT_COUNT], unresolved = false;
    uint32_t *out = NULL;
    pl_status rc;

    memset(st, 0, sizeof *st);
    if (n < PL__MERGEN_MIN_PARTIES || n > NMAX)
        return PL_EINVAL;
    rc = mn_run(s, party, n, max_points, true, &m);
    st->frontier = m.nf;
    st->max_stage = m.max_f;
    st->max_cands = m.max_c;
    st->max_suffix = m.max_g;
    st->epsilon = m.eps;
    if (rc == PL_OK) {
        out = pl__calloc((size_t)PL_CONCEPT_COUNT * m.I, sizeof *out);
        if (!out)
            rc = PL_ENOMEM;
    }
    if (rc == PL_OK) {
        const struct pl__mfront mf = front_of(&m);
        for (size_t p = 0; p < n; p++)
            r[p] = s->parties[party[p]].reservation;
        pl__mcore_zone_best(&mf, r, zb);
        rc = concepts(&m, r, zb, found, val, out, &unresolved,
                      &st->search_cut);
        for (int c = 0; c < PL_CONCEPT_COUNT; c++)
            st->concepts_found += found[c];
    }
    pl__free(out);
    mn_free(&m);
    return rc;
}
