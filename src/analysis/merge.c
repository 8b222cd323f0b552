/* Exact 2-party analysis of additive scenarios by issue-by-issue merge.
 *
 * Workload: 2 analysis parties whose utilities are plain sums of the
 * per-issue table U (no interactions or constant terms, no red lines, no
 * clamp), spaces far beyond enumeration (10^10 .. 10^50 outcomes) whose
 * Pareto frontier stays small (thousands to ~10^5 vectors).
 *
 * Exactness (DESIGN.md section 7).  The enumeration sums U in issue order
 * in doubles; different orders give different doubles.  The merge
 * therefore processes issues in issue order (no spread ordering; it only
 * ever saved 1.2-2.2x) and extends a prefix vector s by option k as
 * fl(s_p + U_p[i][k]), exactly the reference sum, so every vector below is
 * bit-identical to what pl_scenario_utility() and the enumeration compute
 * for the outcomes it stands for.  Two consequences of IEEE addition are
 * handled explicitly:
 * - it is monotone but not strictly: a prefix strictly better than
 *   another may be caught up by rounding later.  A prefix is dropped only
 *   when another weakly dominates it and beats it in some coordinate by
 *   more than the rounding that the remaining additions can absorb
 *   (tol = remaining * 4 * M * 2^-52, M = largest possible |partial sum|;
 *   each addition moves a difference by at most M * 2^-52).  Near-ties
 *   stay; the last stage filters with tol = 0, i.e. exact dominance.
 * - equal prefix vectors stay equal under every completion, so they are
 *   merged into one point with an exact count (256-bit, core/count.h:
 *   every count is at most the size of the space, which the driver
 *   checked is below 2^256).
 *
 * Two sets are carried through the stages:
 * 1. the frontier set: candidate vectors with outcome counts, the edges
 *    (parent, option class) that reach each (to list its outcomes), and
 *    its lowest-index path.  Final stage: exactly the whole-space frontier
 *    with exact counts (zone counts are exact too: all outcomes of a
 *    vector share it, and with no red lines the zone is u >= r).
 * 2. the suffix frontiers G[i] (Pareto sets of the sums of issues
 *    i..I-1), built backwards the same way.  They drive the search for
 *    the lowest-index package of each concept.  Every objective here
 *    (Nash product, egalitarian min, welfare sum, KS ratio, in the same
 *    floating-point formula as the enumeration) is monotone in each
 *    utility, and the admissible sets (u > r, u >= r) are upward closed,
 *    so the maximum V is attained on the frontier; the lowest-index
 *    outcome attaining it, which may be a dominated outcome that ties
 *    (common for egalitarian and Kalai-Smorodinsky), is found by a
 *    depth-first search in index order that sums in issue order exactly
 *    as the reference and prunes a prefix s when no g in G[i] gives
 *    obj(s + g + d) >= V (d: rounding margin).  The pruning is exact
 *    (never drops a qualifying outcome) and almost tight, so the search
 *    visits about I * m nodes times a scan of G.  Past
 *    PL__MERGE_MAX_NODES it stops and the package is the lowest-index
 *    frontier outcome attaining V, labelled in `method`.
 * Ranks: a candidate's key is rank(parent) * m + (lowest option of its
 * class), the lexicographic order of lowest-index prefixes (first issue
 * most significant), so ranks follow outcome indices without computing
 * them (they may not fit in 64 bits).  Everything that orders outcomes
 * (points, the lowest-index package) compares option arrays
 * lexicographically, which is index order for any space size.
 *
 * Ranges are separable: min/max of u_p summed in issue order (IEEE
 * addition is monotone, so the per-issue extremes give the exact extreme
 * double).  Zone count: a counting DP over distinct prefix vectors that
 * counts a prefix wholesale once every completion is certainly in or
 * certainly out (same rounding margin); it gives up (count unknown) past
 * PL__MERGE_ZONE_POINTS undecided prefixes in a stage or 20 times that
 * many candidates in all.
 *
 * Cost: per stage O(C log C) for C = |set| * (option classes); memory
 * O(sum of stage sizes) for reconstruction.  Measured: bench/README.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/count.h"
#include "merge.h"
#include "core/sort.h"

/* Options of one issue grouped by identical (U0, U1). */
struct iclass {
    uint32_t m;      /* options */
    uint32_t n;      /* classes */
    uint32_t *of;    /* m: class of option k */
    uint32_t *lo;    /* n: lowest option */
    uint32_t *mult;  /* n: options in the class */
    double *a0, *a1; /* n: the class's U0, U1 */
};

struct fstage {
    size_t n;
    uint32_t *lpar, *lcls; /* lowest-index path */
    size_t *e_start;       /* n + 1 */
    uint32_t *e_par, *e_cls;
};

struct merge {
    const pl_scenario *s;
    const double *U0, *U1;
    uint32_t I;
    size_t max_points;
    double unit; /* rounding margin per remaining addition */
    struct iclass *cl;
    struct fstage *fs;
    /* final frontier */
    size_t nf;
    double *f0, *f1;
    pl_count *fcnt;
    /* suffix frontiers G[0..I] (G[0] unused) */
    size_t *gn;
    double **g0, **g1;
    size_t max_f;
};

struct cand {
    double u0, u1;
    uint64_t key;
    uint32_t par, cls;
};

/* Outcomes of the candidates v[a..b) (one vector): sum over them of
 * parent count times class multiplicity.  Never overflows: a prefix's
 * count is at most the size of its prefix space. */
static pl_count group_count(const struct iclass *c, const pl_count *cnt,
                            const struct cand *v, size_t a, size_t b)
{
    pl_count sum = pl__count_zero();

    for (size_t e = a; e < b; e++) {
        pl_count x = cnt[v[e].par];
        (void)pl__count_mul_u64(&x, c->mult[v[e].cls]);
        (void)pl__count_add(&sum, x);
    }
    return sum;
}

const char *pl__merge_refusal(const pl_scenario *s, const uint32_t *party,
                              size_t n)
{
    if (n != 2)
        return "the merge handles exactly 2 parties";
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

static void merge_free(struct merge *m)
{
    for (uint32_t i = 0; m->cl && i < m->I; i++) {
        pl__free(m->cl[i].of);
        pl__free(m->cl[i].lo);
        pl__free(m->cl[i].mult);
        pl__free(m->cl[i].a0);
        pl__free(m->cl[i].a1);
    }
    for (uint32_t i = 0; m->fs && i < m->I; i++) {
        pl__free(m->fs[i].lpar);
        pl__free(m->fs[i].lcls);
        pl__free(m->fs[i].e_start);
        pl__free(m->fs[i].e_par);
        pl__free(m->fs[i].e_cls);
    }
    for (uint32_t i = 0; m->g0 && m->g1 && i <= m->I; i++) {
        pl__free(m->g0[i]);
        pl__free(m->g1[i]);
    }
    pl__free(m->gn);
    pl__free(m->g0);
    pl__free(m->g1);
    pl__free(m->cl);
    pl__free(m->fs);
    pl__free(m->f0);
    pl__free(m->f1);
    pl__free(m->fcnt);
    memset(m, 0, sizeof *m);
}

static pl_status build_classes(struct merge *m)
{
    const pl_scenario *s = m->s;
    double M0 = 0.0, M1 = 0.0;

    m->cl = pl__calloc(m->I, sizeof *m->cl);
    if (!m->cl)
        return PL_ENOMEM;
    for (uint32_t i = 0; i < m->I; i++) {
        struct iclass *c = &m->cl[i];
        const uint32_t mo = s->issues[i].n_options, off = s->opt_offset[i];
        double b0 = 0.0, b1 = 0.0;
        c->m = mo;
        c->of = pl__calloc(mo, sizeof *c->of);
        c->lo = pl__calloc(mo, sizeof *c->lo);
        c->mult = pl__calloc(mo, sizeof *c->mult);
        c->a0 = pl__calloc(mo, sizeof *c->a0);
        c->a1 = pl__calloc(mo, sizeof *c->a1);
        if (!c->of || !c->lo || !c->mult || !c->a0 || !c->a1)
            return PL_ENOMEM;
        for (uint32_t k = 0; k < mo; k++) {
            const double x0 = m->U0[off + k], x1 = m->U1[off + k];
            uint32_t q = 0;
            while (q < c->n && !(c->a0[q] == x0 && c->a1[q] == x1))
                q++;
            if (q == c->n) {
                c->lo[q] = k;
                c->a0[q] = x0;
                c->a1[q] = x1;
                c->n++;
            }
            c->of[k] = q;
            c->mult[q]++;
            b0 = fabs(x0) > b0 ? fabs(x0) : b0;
            b1 = fabs(x1) > b1 ? fabs(x1) : b1;
        }
        M0 += b0;
        M1 += b1;
    }
    /* Every partial sum is at most M in magnitude (1.01: the sums of
     * maxima are themselves rounded); 4 * M * 2^-52 per remaining
     * addition, plus an absolute floor for subnormal rounding. */
    m->unit = 4.0 * 1.01 * (M0 > M1 ? M0 : M1) * 0x1p-52 + 1e-300;
    return PL_OK;
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

static inline bool cand_before(const struct cand *a, const struct cand *b)
{
    if (a->u0 != b->u0)
        return a->u0 > b->u0;
    if (a->u1 != b->u1)
        return a->u1 > b->u1;
    return a->key < b->key;
}

/* Sort v[0 .. n*k) by cand_before (u0 desc, u1 desc, key asc), given k copies of n points, each the
 * translate of a set sorted that way.  Translation keeps the order of
 * u0 (IEEE addition is monotone) but may create equal u0 whose u1 or
 * keys are out of order: those runs are fixed by insertion sort, then
 * the copies are merged bottom-up.  A total order where keys are
 * distinct, at O(C log k). */
static pl_status sort_copies(struct cand *v, size_t n, size_t k)
{
    const size_t C = n * k;
    struct cand *tmp, *src = v, *dst;

    for (size_t a = 1; a < C; a++) {
        if (a % n == 0 || v[a].u0 != v[a - 1].u0 ||
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

/* Candidates of stage i from a set of n points (rank may be NULL: keys
 * 0), which must be sorted by cand_before (every stage's output is). */
static pl_status make_cands(const struct merge *m, uint32_t i, size_t n,
                            const double *u0, const double *u1,
                            const uint32_t *rank, struct cand **out,
                            size_t *n_out)
{
    const struct iclass *c = &m->cl[i];
    const size_t C = n * c->n;
    struct cand *v;
    pl_status rc;

    if (C / c->n != n || C > (size_t)m->max_points * 16u)
        return PL_ETOOBIG;
    v = pl__reallocarray(NULL, C ? C : 1, sizeof *v); /* all written */
    if (!v)
        return PL_ENOMEM;
    for (uint32_t q = 0; q < c->n; q++)
        for (size_t f = 0; f < n; f++) {
            struct cand *x = &v[q * n + f];
            x->u0 = u0[f] + c->a0[q];
            x->u1 = u1[f] + c->a1[q];
            x->key = rank ? (uint64_t)rank[f] * c->m + c->lo[q] : 0;
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

/* ---- 1. the frontier set ---- */

/* Trim `*p` (allocated for more) to `n` elements of `size` bytes. */
static pl_status shrink(void *pp, size_t n, size_t size)
{
    void **p = pp;
    void *t = pl__reallocarray(*p, n ? n : 1, size);

    if (!t)
        return PL_ENOMEM;
    *p = t;
    return PL_OK;
}

static pl_status shrink_stage(struct fstage *st, size_t ns, size_t ne)
{
    if (shrink(&st->lpar, ns, sizeof *st->lpar) != PL_OK ||
        shrink(&st->lcls, ns, sizeof *st->lcls) != PL_OK ||
        shrink(&st->e_start, ns + 1, sizeof *st->e_start) != PL_OK ||
        shrink(&st->e_par, ne, sizeof *st->e_par) != PL_OK ||
        shrink(&st->e_cls, ne, sizeof *st->e_cls) != PL_OK)
        return PL_ENOMEM;
    return PL_OK;
}

static pl_status run_frontier(struct merge *m)
{
    double *u0 = pl__malloc(sizeof *u0), *u1 = pl__malloc(sizeof *u1);
    pl_count *cnt = pl__malloc(sizeof *cnt);
    pl_count *pcnt = NULL;
    uint32_t *rank = pl__malloc(sizeof *rank);
    uint64_t *key = NULL;
    struct cand *v = NULL;
    size_t n = 1;
    pl_status rc = PL_OK;

    m->fs = pl__calloc(m->I, sizeof *m->fs);
    if (!u0 || !u1 || !cnt || !rank || !m->fs) {
        rc = PL_ENOMEM;
        goto out;
    }
    u0[0] = u1[0] = 0.0;
    cnt[0] = pl_count_from_u64(1);
    rank[0] = 0;
    for (uint32_t i = 0; i < m->I; i++) {
        struct fstage *st = &m->fs[i];
        const double tol = (double)(m->I - 1 - i) * m->unit;
        double maxA = -INFINITY, maxB = -INFINITY;
        bool haveA = false, haveB = false;
        size_t C, j = 0, ns = 0, ne = 0;

        rc = make_cands(m, i, n, u0, u1, rank, &v, &C);
        if (rc != PL_OK)
            goto out;
        /* Survivors and edges are at most C; trimmed below. */
        pl__free(u0);
        pl__free(u1);
        pl__free(pcnt);
        pcnt = cnt; /* the parents' counts */
        cnt = NULL;
        pl__free(rank);
        u0 = pl__calloc(C, sizeof *u0);
        u1 = pl__calloc(C, sizeof *u1);
        cnt = pl__calloc(C, sizeof *cnt);
        rank = pl__calloc(C, sizeof *rank);
        key = pl__calloc(C, sizeof *key);
        st->lpar = pl__calloc(C, sizeof *st->lpar);
        st->lcls = pl__calloc(C, sizeof *st->lcls);
        st->e_start = pl__calloc(C + 1, sizeof *st->e_start);
        st->e_par = pl__calloc(C, sizeof *st->e_par);
        st->e_cls = pl__calloc(C, sizeof *st->e_cls);
        if (!u0 || !u1 || !cnt || !rank || !key || !st->lpar || !st->lcls ||
            !st->e_start || !st->e_par || !st->e_cls) {
            rc = PL_ENOMEM;
            goto out;
        }
        for (size_t a = 0; a < C;) {
            size_t b = a + 1;
            bool drop;
            while (b < C && v[b].u0 == v[a].u0 && v[b].u1 == v[a].u1)
                b++;
            while (j < a && v[j].u0 > v[a].u0 + tol) {
                maxA = v[j].u1 > maxA ? v[j].u1 : maxA;
                haveA = true;
                j++;
            }
            drop = (haveA && maxA >= v[a].u1) ||
                   (haveB && maxB > v[a].u1 + tol);
            if (!drop) {
                u0[ns] = v[a].u0;
                u1[ns] = v[a].u1;
                key[ns] = v[a].key;
                st->lpar[ns] = v[a].par;
                st->lcls[ns] = v[a].cls;
                st->e_start[ns] = ne;
                for (size_t e = a; e < b; e++) {
                    st->e_par[ne] = v[e].par;
                    st->e_cls[ne] = v[e].cls;
                    ne++;
                }
                cnt[ns] = group_count(&m->cl[i], pcnt, v, a, b);
                ns++;
            }
            if (!haveB || v[a].u1 > maxB)
                maxB = v[a].u1;
            haveB = true;
            a = b;
        }
        st->e_start[ns] = ne;
        st->n = ns;
        pl__free(v);
        v = NULL;
        rc = shrink_stage(st, ns, ne);
        if (rc != PL_OK)
            goto out;
        if (ns > m->max_points) {
            rc = PL_ETOOBIG;
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
    m->f0 = u0;
    m->f1 = u1;
    m->fcnt = cnt;
    u0 = u1 = NULL;
    cnt = NULL;
out:
    pl__free(v);
    pl__free(key);
    pl__free(u0);
    pl__free(u1);
    pl__free(cnt);
    pl__free(pcnt);
    pl__free(rank);
    return rc;
}

/* ---- 2. suffix frontiers, for the lowest-index search ---- */

/* G[i]: the exact Pareto set (fl sums, any order) of the suffix vectors
 * of issues i..I-1; G[I] = {(0, 0)}.  Sorted by g0 descending. */
static pl_status run_suffix(struct merge *m)
{
    const uint32_t I = m->I;
    pl_status rc = PL_OK;

    m->gn = pl__calloc(I + 1, sizeof *m->gn);
    m->g0 = pl__calloc(I + 1, sizeof *m->g0);
    m->g1 = pl__calloc(I + 1, sizeof *m->g1);
    if (!m->gn || !m->g0 || !m->g1)
        return PL_ENOMEM;
    m->gn[I] = 1;
    m->g0[I] = pl__calloc(1, sizeof **m->g0);
    m->g1[I] = pl__calloc(1, sizeof **m->g1);
    if (!m->g0[I] || !m->g1[I])
        return PL_ENOMEM;
    for (uint32_t i = I; i-- > 1;) {
        const struct iclass *c = &m->cl[i];
        const size_t n = m->gn[i + 1], C = n * c->n;
        struct cand *v;
        double best1 = -INFINITY;
        size_t ns = 0;

        if (C / c->n != n || C > (size_t)m->max_points * 16u)
            return PL_ETOOBIG;
        v = pl__calloc(C ? C : 1, sizeof *v);
        if (!v)
            return PL_ENOMEM;
        for (uint32_t q = 0; q < c->n; q++)
            for (size_t f = 0; f < n; f++) {
                v[q * n + f].u0 = c->a0[q] + m->g0[i + 1][f];
                v[q * n + f].u1 = c->a1[q] + m->g1[i + 1][f];
                v[q * n + f].key = q * n + f;
            }
        if (sort_copies(v, n, c->n) != PL_OK) {
            pl__free(v);
            return PL_ENOMEM;
        }
        m->g0[i] = pl__calloc(C ? C : 1, sizeof **m->g0);
        m->g1[i] = pl__calloc(C ? C : 1, sizeof **m->g1);
        if (!m->g0[i] || !m->g1[i]) {
            pl__free(v);
            return PL_ENOMEM;
        }
        for (size_t k = 0; k < C; k++)
            if (v[k].u1 > best1) {
                best1 = v[k].u1;
                m->g0[i][ns] = v[k].u0;
                m->g1[i][ns] = v[k].u1;
                ns++;
            }
        pl__free(v);
        m->gn[i] = ns;
        if (ns > m->max_points)
            return PL_ETOOBIG;
        rc = shrink(&m->g0[i], ns, sizeof **m->g0);
        if (rc == PL_OK)
            rc = shrink(&m->g1[i], ns, sizeof **m->g1);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

static pl_status merge_run(const pl_scenario *s, const uint32_t *party,
                           size_t max_points, struct merge *m)
{
    pl_status rc;

    memset(m, 0, sizeof *m);
    m->s = s;
    m->I = s->n_issues;
    m->U0 = s->U + (size_t)party[0] * s->n_total_options;
    m->U1 = s->U + (size_t)party[1] * s->n_total_options;
    m->max_points = max_points ? max_points : PL__MERGE_MAX_POINTS;
    rc = build_classes(m);
    if (rc == PL_OK)
        rc = run_frontier(m);
    if (rc == PL_OK)
        rc = run_suffix(m);
    return rc;
}

/* ---- results ---- */

/* Lexicographic order of option arrays = outcome index order (first
 * issue most significant), for any space size. */
static int lex_cmp(const uint32_t *x, const uint32_t *y, uint32_t I)
{
    for (uint32_t i = 0; i < I; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

static void frontier_outcome(const struct merge *m, size_t p, uint32_t *o)
{
    for (uint32_t i = m->I; i-- > 0;) {
        o[i] = m->cl[i].lo[m->fs[i].lcls[p]];
        p = m->fs[i].lpar[p];
    }
}

/* A frontier outcome waiting to be listed: its options live in a pool. */
struct mref {
    double welfare;
    const uint32_t *o;
    uint32_t I;
    bool zone;
};

/* Welfare descending, then index ascending: the order of a->points. */
static int cmp_mref(const void *x, const void *y)
{
    const struct mref *a = x, *b = y;

    if (a->welfare != b->welfare)
        return a->welfare > b->welfare ? -1 : 1;
    return lex_cmp(a->o, b->o, a->I);
}

struct expand {
    const struct merge *m;
    uint32_t *o;      /* I: the outcome being built */
    uint32_t *pool;   /* n * I */
    struct mref *refs;
    size_t n;
    double welfare;
    bool zone;
};

static void expand_emit(struct expand *x)
{
    const uint32_t I = x->m->I;
    uint32_t *dst = x->pool + x->n * I;

    memcpy(dst, x->o, I * sizeof *dst);
    x->refs[x->n].welfare = x->welfare;
    x->refs[x->n].o = dst;
    x->refs[x->n].I = I;
    x->refs[x->n].zone = x->zone;
    x->n++;
}

/* Every outcome of stage-i point p (options of issues > i already set). */
static void expand_point(struct expand *x, uint32_t i, size_t p)
{
    const struct fstage *st = &x->m->fs[i];
    const struct iclass *c = &x->m->cl[i];

    for (size_t e = st->e_start[p]; e < st->e_start[p + 1]; e++)
        for (uint32_t k = 0; k < c->m; k++) {
            if (c->of[k] != st->e_cls[e])
                continue;
            x->o[i] = k;
            if (i == 0)
                expand_emit(x);
            else
                expand_point(x, i - 1, st->e_par[e]);
        }
}

static double welfare2(double u0, double u1)
{
    double w = 0.0;

    w += u0;
    w += u1;
    return w;
}

static bool in_zone2(const double *r, double u0, double u1)
{
    return u0 >= r[0] && u1 >= r[1];
}

/* Outcomes (options) held at most while listing points: above it each
 * frontier vector contributes its lowest-index outcome only. */
#define EXPAND_POOL (UINT64_C(1) << 25)

static pl_status fill_points(const pl_scenario *s, const struct merge *m,
                             pl_analysis *a, uint64_t top, bool *expanded)
{
    const uint32_t I = m->I;
    const bool all =
        pl__count_le_u64(a->pareto_count, PL__MERGE_MAX_EXPAND) &&
        a->pareto_count.w[0] * I <= EXPAND_POOL;
    const size_t total = all ? (size_t)a->pareto_count.w[0] : m->nf;
    struct mref *refs = pl__calloc(total ? total : 1, sizeof *refs);
    uint32_t *pool = pl__calloc(total ? total * I : 1, sizeof *pool);
    uint32_t *o = pl__calloc(I, sizeof *o);
    struct expand x;
    size_t keep;
    pl_status rc = PL_OK;

    *expanded = all;
    if (!refs || !pool || !o) {
        rc = PL_ENOMEM;
        goto out;
    }
    x.m = m;
    x.o = o;
    x.pool = pool;
    x.refs = refs;
    x.n = 0;
    for (size_t p = 0; p < m->nf; p++) {
        x.welfare = welfare2(m->f0[p], m->f1[p]);
        x.zone = in_zone2(a->reservation, m->f0[p], m->f1[p]);
        if (all) {
            expand_point(&x, I - 1, p);
        } else {
            frontier_outcome(m, p, o);
            expand_emit(&x);
        }
    }
    pl__qsort(refs, x.n, sizeof *refs, cmp_mref);
    keep = top && x.n > top ? (size_t)top : x.n;
    a->points = pl__calloc(keep ? keep : 1, sizeof *a->points);
    if (!a->points) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < keep && rc == PL_OK; k++) {
        rc = pl__package_fill_outcome(s, a, &a->points[k], refs[k].o,
                                      refs[k].welfare, refs[k].zone);
        a->n_points = k + 1;
    }
out:
    pl__free(refs);
    pl__free(pool);
    pl__free(o);
    return rc;
}

static double objective(int c, const double *x, const double *r,
                        const double *best)
{
    double v;

    switch (c) {
    case PL_NASH:
        v = 1.0;
        v *= x[0] - r[0];
        v *= x[1] - r[1];
        return v;
    case PL_EGALITARIAN: {
        const double d0 = x[0] - r[0], d1 = x[1] - r[1];
        v = INFINITY;
        v = d0 < v ? d0 : v;
        v = d1 < v ? d1 : v;
        return v;
    }
    case PL_MAX_WELFARE:
        return welfare2(x[0], x[1]);
    case PL_KALAI_SMORODINSKY:
        return pl__ks_value(x, r, best, 2);
    default:
        return -INFINITY;
    }
}

static bool admissible(int c, const double *x, const double *r)
{
    if (c == PL_NASH)
        return x[0] > r[0] && x[1] > r[1];
    return x[0] >= r[0] && x[1] >= r[1];
}

/* Can a prefix (s0, s1) ending before issue i still reach an admissible
 * outcome with objective >= V?  Every completion is componentwise at
 * most s + g + d for some g of G[i] (d covers the rounding of both the
 * completion and of g; see the header), and the objectives are
 * monotone, so "no" is certain; "yes" may be a near miss. */
static bool can_reach(const struct merge *m, uint32_t i, double s0,
                      double s1, int c, double V, const double *r,
                      const double *best)
{
    const double d = (2.0 * (m->I - i) + 2.0) * m->unit;
    const double *g0 = m->g0[i], *g1 = m->g1[i];

    for (size_t k = 0; k < m->gn[i]; k++) {
        const double x[2] = {s0 + g0[k] + d, s1 + g1[k] + d};
        if (admissible(c, x, r) && objective(c, x, r, best) >= V)
            return true;
    }
    return false;
}

/* The lowest-index outcome o (into out[0..I)) with admissible u(o) and
 * objective(u(o)) == V, V being the maximum: a depth-first search in
 * index order (options ascending, first issue first), summing in issue
 * order exactly as the reference, pruned by can_reach.  *cut: gave up
 * after PL__MERGE_MAX_NODES nodes (out unspecified). */
static pl_status first_leaf(const struct merge *m, int c, double V,
                            const double *r, const double *best,
                            uint32_t *out, bool *cut)
{
    const uint32_t I = m->I;
    const pl_scenario *s = m->s;
    double *s0 = pl__calloc(I + 1, sizeof *s0);
    double *s1 = pl__calloc(I + 1, sizeof *s1);
    uint64_t nodes = 0;
    long i = 0;

    *cut = false;
    if (!s0 || !s1) {
        pl__free(s0);
        pl__free(s1);
        return PL_ENOMEM;
    }
    out[0] = 0;
    while (i >= 0) {
        const uint32_t k = out[i], off = s->opt_offset[i];
        double x[2];
        if (k == s->issues[i].n_options) {
            if (--i >= 0)
                out[i]++;
            continue;
        }
        if (++nodes > PL__MERGE_MAX_NODES) {
            *cut = true;
            break;
        }
        x[0] = s0[i] + m->U0[off + k];
        x[1] = s1[i] + m->U1[off + k];
        if (i == (long)I - 1) {
            if (admissible(c, x, r) && objective(c, x, r, best) == V)
                break;
            out[i]++;
        } else if (can_reach(m, (uint32_t)i + 1, x[0], x[1], c, V, r,
                             best)) {
            s0[i + 1] = x[0];
            s1[i + 1] = x[1];
            out[++i] = 0;
        } else {
            out[i]++;
        }
    }
    pl__free(s0);
    pl__free(s1);
    if (i < 0) /* cannot happen: the maximum is attained */
        return PL_EINTERNAL;
    return PL_OK;
}

/* Exact |{o : u(o) >= r}| by a counting DP over distinct prefix vectors
 * (see the header comment); false if out of budget. */
static bool zone_count_dp(const struct merge *m, const double *r,
                          pl_count *out)
{
    const uint32_t I = m->I;
    double *mn0 = pl__calloc(I + 1, sizeof *mn0);
    double *mn1 = pl__calloc(I + 1, sizeof *mn1);
    double *mx0 = pl__calloc(I + 1, sizeof *mx0);
    double *mx1 = pl__calloc(I + 1, sizeof *mx1);
    pl_count *rest = pl__calloc(I + 1, sizeof *rest); /* outcomes after i */
    double *u0 = pl__malloc(sizeof *u0), *u1 = pl__malloc(sizeof *u1);
    pl_count *cnt = pl__malloc(sizeof *cnt), *ncnt = NULL;
    struct cand *v = NULL;
    pl_count total = pl__count_zero();
    bool ok = false;
    size_t n = 1, work = 0;

    if (!mn0 || !mn1 || !mx0 || !mx1 || !rest || !u0 || !u1 || !cnt)
        goto out;
    rest[I] = pl_count_from_u64(1);
    for (uint32_t i = I; i-- > 0;) {
        const struct iclass *c = &m->cl[i];
        double a0 = INFINITY, a1 = INFINITY, b0 = -INFINITY, b1 = -INFINITY;
        for (uint32_t q = 0; q < c->n; q++) {
            a0 = c->a0[q] < a0 ? c->a0[q] : a0;
            a1 = c->a1[q] < a1 ? c->a1[q] : a1;
            b0 = c->a0[q] > b0 ? c->a0[q] : b0;
            b1 = c->a1[q] > b1 ? c->a1[q] : b1;
        }
        mn0[i] = mn0[i + 1] + a0;
        mn1[i] = mn1[i + 1] + a1;
        mx0[i] = mx0[i + 1] + b0;
        mx1[i] = mx1[i + 1] + b1;
        rest[i] = rest[i + 1];
        (void)pl__count_mul_u64(&rest[i], c->m); /* < 2^256: checked */
    }
    u0[0] = u1[0] = 0.0;
    cnt[0] = pl_count_from_u64(1);
    for (uint32_t i = 0; i < I && n > 0; i++) {
        /* margin: remaining additions plus the rounding of mn/mx sums */
        const double tol = (double)(2 * (I - i) + 2) * m->unit;
        size_t C, ns = 0;
        if (make_cands(m, i, n, u0, u1, NULL, &v, &C) != PL_OK)
            goto out;
        ncnt = pl__calloc(C ? C : 1, sizeof *ncnt);
        if (!ncnt)
            goto out;
        for (size_t a = 0; a < C;) {
            size_t b = a + 1;
            pl_count c;
            while (b < C && v[b].u0 == v[a].u0 && v[b].u1 == v[a].u1)
                b++;
            c = group_count(&m->cl[i], cnt, v, a, b);
            if (i == I - 1) {
                if (v[a].u0 >= r[0] && v[a].u1 >= r[1])
                    (void)pl__count_add(&total, c);
            } else if (v[a].u0 + mn0[i + 1] >= r[0] + tol &&
                       v[a].u1 + mn1[i + 1] >= r[1] + tol) {
                (void)pl__count_mul(&c, rest[i + 1]);
                (void)pl__count_add(&total, c);
            } else if (v[a].u0 + mx0[i + 1] < r[0] - tol ||
                       v[a].u1 + mx1[i + 1] < r[1] - tol) {
                /* certainly out */
            } else {
                v[ns] = v[a];
                ncnt[ns] = c;
                ns++;
            }
            a = b;
        }
        work += C;
        if (ns > PL__MERGE_ZONE_POINTS || work > 20 * PL__MERGE_ZONE_POINTS)
            goto out;
        if (shrink(&u0, ns, sizeof *u0) != PL_OK ||
            shrink(&u1, ns, sizeof *u1) != PL_OK)
            goto out;
        for (size_t k = 0; k < ns; k++) {
            u0[k] = v[k].u0;
            u1[k] = v[k].u1;
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
    pl__free(mn0);
    pl__free(mn1);
    pl__free(mx0);
    pl__free(mx1);
    pl__free(rest);
    pl__free(u0);
    pl__free(u1);
    pl__free(cnt);
    pl__free(ncnt);
    return ok;
}

pl_status pl__analyze_merge(const pl_scenario *s, const pl_analysis_opts *o,
                            size_t max_points, pl_analysis *a)
{
    const double *r = a->reservation;
    struct merge m;
    uint32_t *out = NULL, *cand = NULL;
    bool zone_known, expanded = false, unresolved = false;
    char text[512];
    pl_status rc;

    rc = merge_run(s, a->party, max_points, &m);
    if (rc != PL_OK)
        goto done;
    out = pl__calloc(m.I, sizeof *out);
    cand = pl__calloc(m.I, sizeof *cand);
    if (!out || !cand) {
        rc = PL_ENOMEM;
        goto done;
    }
    /* ranges: per-issue extremes summed in issue order */
    for (size_t j = 0; j < 2; j++) {
        const double *row = j ? m.U1 : m.U0;
        double lo = 0.0, hi = 0.0;
        for (uint32_t i = 0; i < m.I; i++) {
            const uint32_t off = s->opt_offset[i];
            double a0 = row[off], b0 = row[off];
            for (uint32_t k = 1; k < s->issues[i].n_options; k++) {
                a0 = row[off + k] < a0 ? row[off + k] : a0;
                b0 = row[off + k] > b0 ? row[off + k] : b0;
            }
            lo += a0;
            hi += b0;
        }
        a->umin[j] = lo;
        a->umax[j] = hi;
        if (!(hi >= r[j]))
            a->hopeless[a->n_hopeless++] = (uint32_t)j;
    }
    /* frontier counts; zone best from the frontier */
    a->zone_best[0] = a->zone_best[1] = -INFINITY;
    for (size_t p = 0; p < m.nf; p++) {
        (void)pl__count_add(&a->pareto_count, m.fcnt[p]);
        if (in_zone2(r, m.f0[p], m.f1[p])) {
            (void)pl__count_add(&a->pareto_zone_count, m.fcnt[p]);
            a->pareto_zone_vectors++;
            a->zone_best[0] =
                m.f0[p] > a->zone_best[0] ? m.f0[p] : a->zone_best[0];
            a->zone_best[1] =
                m.f1[p] > a->zone_best[1] ? m.f1[p] : a->zone_best[1];
        }
    }
    a->pareto_vectors = m.nf;
    if (a->pareto_zone_vectors == 0) {
        a->zone_best[0] = a->zone_best[1] = NAN;
        a->zone_count = pl__count_zero();
        zone_known = true;
    } else if (r[0] <= a->umin[0] && r[1] <= a->umin[1]) {
        a->zone_count = a->n_outcomes;
        zone_known = true;
    } else {
        zone_known = zone_count_dp(&m, r, &a->zone_count);
        if (!zone_known)
            a->zone_count = pl__count_zero();
    }
    a->zone_count_unknown = !zone_known;
    /* concepts */
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        double best = -INFINITY, x[2];
        bool found = false, cut = false;
        if (c == PL_KALAI_SMORODINSKY && a->pareto_zone_vectors == 0)
            continue;
        for (size_t p = 0; p < m.nf; p++) {
            x[0] = m.f0[p];
            x[1] = m.f1[p];
            if (!admissible(c, x, r))
                continue;
            const double val = objective(c, x, r, a->zone_best);
            if (!found || val > best)
                best = val;
            found = true;
        }
        if (!found)
            continue;
        rc = first_leaf(&m, c, best, r, a->zone_best, out, &cut);
        if (rc != PL_OK)
            goto done;
        if (cut) { /* search budget: lowest index among the frontier's */
            bool any = false;
            unresolved = true;
            for (size_t p = 0; p < m.nf; p++) {
                x[0] = m.f0[p];
                x[1] = m.f1[p];
                if (admissible(c, x, r) &&
                    objective(c, x, r, a->zone_best) == best) {
                    frontier_outcome(&m, p, cand);
                    if (!any || lex_cmp(cand, out, m.I) < 0)
                        memcpy(out, cand, m.I * sizeof *out);
                    any = true;
                }
            }
        }
        a->found[c] = true;
        rc = pl__package_fill_outcome(s, a, &a->concept[c], out, best, true);
        if (rc != PL_OK)
            goto done;
    }
    rc = fill_points(s, &m, a, o->top, &expanded);
    if (rc != PL_OK)
        goto done;
    snprintf(text, sizeof text,
             "issue-by-issue merge: %zu frontier vectors, largest "
             "stage %zu%s%s%s",
             m.nf, m.max_f,
             unresolved ? "; ties with dominated outcomes not searched "
                          "(budget)" : "",
             expanded ? "" : "; points: lowest-index outcome per vector",
             zone_known ? "" : "; zone not counted");
    /* short enough in practice; cut to fit otherwise */
    memcpy(a->method, text, sizeof a->method - 1);
    a->method[sizeof a->method - 1] = '\0';
done:
    pl__free(out);
    pl__free(cand);
    merge_free(&m);
    return rc;
}

/* The four concepts as pl__analyze_merge finds them (bench): zone best
 * from the frontier, maximum over it, lowest-index search. */
static pl_status stats_concepts(const struct merge *m, const uint32_t *party,
                                struct pl__merge_stats *st)
{
    const double r[2] = {m->s->parties[party[0]].reservation,
                         m->s->parties[party[1]].reservation};
    double zb[2] = {-INFINITY, -INFINITY};
    uint32_t *out = pl__calloc(m->I, sizeof *out);
    pl_status rc = PL_OK;

    if (!out)
        return PL_ENOMEM;
    for (size_t p = 0; p < m->nf; p++)
        if (in_zone2(r, m->f0[p], m->f1[p])) {
            zb[0] = m->f0[p] > zb[0] ? m->f0[p] : zb[0];
            zb[1] = m->f1[p] > zb[1] ? m->f1[p] : zb[1];
        }
    for (int c = 0; c < PL_CONCEPT_COUNT && rc == PL_OK; c++) {
        double V = -INFINITY;
        bool found = false, cut = false;
        for (size_t p = 0; p < m->nf; p++) {
            const double x[2] = {m->f0[p], m->f1[p]};
            if (!admissible(c, x, r))
                continue;
            const double v = objective(c, x, r, zb);
            V = !found || v > V ? v : V;
            found = true;
        }
        if (!found)
            continue;
        rc = first_leaf(m, c, V, r, zb, out, &cut);
        st->concepts_found += rc == PL_OK;
        st->search_cut += cut;
    }
    pl__free(out);
    return rc;
}

pl_status pl__merge2_stats(const pl_scenario *s, const uint32_t *party,
                           size_t max_points, struct pl__merge_stats *st)
{
    struct merge m;
    pl_status rc = merge_run(s, party, max_points, &m);

    memset(st, 0, sizeof *st);
    st->frontier = m.nf;
    st->max_stage = m.max_f;
    for (uint32_t i = 0; m.gn && i <= m.I && rc == PL_OK; i++)
        st->max_suffix = m.gn[i] > st->max_suffix ? m.gn[i] : st->max_suffix;
    if (rc == PL_OK)
        rc = stats_concepts(&m, party, st);
    merge_free(&m);
    return rc;
}

