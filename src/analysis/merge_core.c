/* The part of the issue-by-issue merge that does not depend on the
 * number of parties (merge_core.h): option classes, reconstruction of
 * outcomes from the per-stage paths and edges, and the results read off
 * the final set.  Workload: called once per analysis; the only hot
 * pieces are the inline objective and admissibility tests in the header
 * (the lowest-index searches call them per node).  Listing points
 * expands each final vector into its outcomes by walking the edges back
 * through the stages: O(outcomes listed * issues). */
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "core/sort.h"
#include "merge_core.h"

pl_status pl__mclass_build(const pl_scenario *s, const double *const *U,
                           uint32_t d, struct pl__mclass **out, double *unit)
{
    const uint32_t I = s->n_issues;
    struct pl__mclass *cl = pl__calloc(I ? I : 1, sizeof *cl);
    double M = 0.0;

    *out = cl;
    if (!cl)
        return PL_ENOMEM;
    for (uint32_t p = 0; p < d; p++) {
        double Mp = 0.0;
        for (uint32_t i = 0; i < I; i++) {
            const uint32_t off = s->opt_offset[i];
            double b = 0.0;
            for (uint32_t k = 0; k < s->issues[i].n_options; k++)
                b = fabs(U[p][off + k]) > b ? fabs(U[p][off + k]) : b;
            Mp += b;
        }
        M = Mp > M ? Mp : M;
    }
    for (uint32_t i = 0; i < I; i++) {
        struct pl__mclass *c = &cl[i];
        const uint32_t mo = s->issues[i].n_options, off = s->opt_offset[i];
        c->m = mo;
        c->of = pl__calloc(mo, sizeof *c->of);
        c->lo = pl__calloc(mo, sizeof *c->lo);
        c->mult = pl__calloc(mo, sizeof *c->mult);
        c->a = pl__calloc((size_t)mo * d, sizeof *c->a);
        if (!c->of || !c->lo || !c->mult || !c->a)
            return PL_ENOMEM;
        for (uint32_t k = 0; k < mo; k++) {
            uint32_t q = 0;
            for (; q < c->n; q++) {
                uint32_t p = 0;
                while (p < d && c->a[q * d + p] == U[p][off + k])
                    p++;
                if (p == d)
                    break;
            }
            if (q == c->n) {
                c->lo[q] = k;
                for (uint32_t p = 0; p < d; p++)
                    c->a[q * d + p] = U[p][off + k];
                c->n++;
            }
            c->of[k] = q;
            c->mult[q]++;
        }
    }
    /* 1.01: the sums of maxima are themselves rounded; the floor covers
     * subnormal rounding. */
    *unit = 4.0 * 1.01 * M * 0x1p-52 + 1e-300;
    return PL_OK;
}

void pl__mclass_free(struct pl__mclass *cl, uint32_t I)
{
    for (uint32_t i = 0; cl && i < I; i++) {
        pl__free(cl[i].of);
        pl__free(cl[i].lo);
        pl__free(cl[i].mult);
        pl__free(cl[i].a);
    }
    pl__free(cl);
}

void pl__mstage_free(struct pl__mstage *fs, uint32_t I)
{
    for (uint32_t i = 0; fs && i < I; i++) {
        pl__free(fs[i].lpar);
        pl__free(fs[i].lcls);
        pl__free(fs[i].e_start);
        pl__free(fs[i].e_par);
        pl__free(fs[i].e_cls);
    }
    pl__free(fs);
}

pl_status pl__mcore_shrink(void *pp, size_t n, size_t size)
{
    void **p = pp;
    void *t = pl__reallocarray(*p, n ? n : 1, size);

    if (!t)
        return PL_ENOMEM;
    *p = t;
    return PL_OK;
}

int pl__mcore_lex_cmp(const uint32_t *x, const uint32_t *y, uint32_t I)
{
    for (uint32_t i = 0; i < I; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

void pl__mcore_outcome(const struct pl__mfront *mf, size_t p, uint32_t *o)
{
    for (uint32_t i = mf->I; i-- > 0;) {
        o[i] = mf->cl[i].lo[mf->fs[i].lcls[p]];
        p = mf->fs[i].lpar[p];
    }
}

void pl__mcore_ranges(const pl_scenario *s, const double *const *U,
                      uint32_t d, pl_analysis *a)
{
    for (uint32_t j = 0; j < d; j++) {
        const double *row = U[j];
        double lo = 0.0, hi = 0.0;
        for (uint32_t i = 0; i < s->n_issues; i++) {
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
        if (!(hi >= a->reservation[j]))
            a->hopeless[a->n_hopeless++] = j;
    }
}

void pl__mcore_counts(const struct pl__mfront *mf, pl_analysis *a)
{
    const uint32_t d = mf->d;

    for (uint32_t j = 0; j < d; j++)
        a->zone_best[j] = -INFINITY;
    for (size_t p = 0; p < mf->n; p++) {
        const double *u = mf->f + p * d;
        (void)pl__count_add(&a->pareto_count, mf->cnt[p]);
        if (pl__mcore_in_zone(u, a->reservation, d)) {
            (void)pl__count_add(&a->pareto_zone_count, mf->cnt[p]);
            a->pareto_zone_vectors++;
            for (uint32_t j = 0; j < d; j++)
                a->zone_best[j] =
                    u[j] > a->zone_best[j] ? u[j] : a->zone_best[j];
        }
    }
    a->pareto_vectors = mf->n;
}

void pl__mcore_zone_best(const struct pl__mfront *mf, const double *r,
                         double *zb)
{
    const uint32_t d = mf->d;
    bool any = false;

    for (uint32_t j = 0; j < d; j++)
        zb[j] = -INFINITY;
    for (size_t p = 0; p < mf->n; p++) {
        const double *u = mf->f + p * d;
        if (!pl__mcore_in_zone(u, r, d))
            continue;
        any = true;
        for (uint32_t j = 0; j < d; j++)
            zb[j] = u[j] > zb[j] ? u[j] : zb[j];
    }
    if (!any)
        for (uint32_t j = 0; j < d; j++)
            zb[j] = NAN;
}

bool pl__mcore_best(const struct pl__mfront *mf, int c, const double *r,
                    const double *zb, double *best)
{
    const uint32_t d = mf->d;
    bool found = false;

    *best = -INFINITY;
    for (size_t p = 0; p < mf->n; p++) {
        const double *x = mf->f + p * d;
        if (!pl__mcore_admissible(c, x, r, d))
            continue;
        const double v = pl__concept_value(c, x, r, zb, d);
        if (!found || v > *best)
            *best = v;
        found = true;
    }
    return found;
}

void pl__mcore_lowest_kept(const struct pl__mfront *mf, int c, double V,
                           const double *r, const double *zb, uint32_t *o,
                           uint32_t *tmp)
{
    const uint32_t d = mf->d;
    bool any = false;

    for (size_t p = 0; p < mf->n; p++) {
        const double *x = mf->f + p * d;
        if (pl__mcore_admissible(c, x, r, d) &&
            pl__concept_value(c, x, r, zb, d) == V) {
            pl__mcore_outcome(mf, p, tmp);
            if (!any || pl__mcore_lex_cmp(tmp, o, mf->I) < 0)
                memcpy(o, tmp, mf->I * sizeof *o);
            any = true;
        }
    }
}

void pl__mcore_suffix_extremes(const struct pl__mclass *cl, uint32_t I,
                               uint32_t d, double *mn, double *mx,
                               pl_count *rest)
{
    rest[I] = pl_count_from_u64(1);
    for (uint32_t i = I; i-- > 0;) {
        const struct pl__mclass *c = &cl[i];
        for (uint32_t p = 0; p < d; p++) {
            double lo = INFINITY, hi = -INFINITY;
            for (uint32_t q = 0; q < c->n; q++) {
                lo = c->a[q * d + p] < lo ? c->a[q * d + p] : lo;
                hi = c->a[q * d + p] > hi ? c->a[q * d + p] : hi;
            }
            mn[(size_t)i * d + p] = mn[(size_t)(i + 1) * d + p] + lo;
            mx[(size_t)i * d + p] = mx[(size_t)(i + 1) * d + p] + hi;
        }
        rest[i] = rest[i + 1];
        (void)pl__count_mul_u64(&rest[i], c->m); /* < 2^256: checked */
    }
}

/* ---- listing points ---- */

/* A frontier outcome waiting to be listed: its options live in a pool. */
struct oref {
    double welfare;
    const uint32_t *o;
    uint32_t I;
    bool zone;
};

/* Welfare descending, then index ascending: the order of a->points. */
static int cmp_oref(const void *x, const void *y)
{
    const struct oref *a = x, *b = y;

    if (a->welfare != b->welfare)
        return a->welfare > b->welfare ? -1 : 1;
    return pl__mcore_lex_cmp(a->o, b->o, a->I);
}

struct expand {
    const struct pl__mfront *mf;
    uint32_t *o;    /* I: the outcome being built */
    uint32_t *pool; /* n * I */
    struct oref *refs;
    size_t n;
    double welfare;
    bool zone;
};

static void expand_emit(struct expand *x)
{
    const uint32_t I = x->mf->I;
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
    const struct pl__mstage *st = &x->mf->fs[i];
    const struct pl__mclass *c = &x->mf->cl[i];

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

/* Outcomes (options) held at most while listing points: above it each
 * final point contributes its lowest-index outcome only. */
#define EXPAND_POOL (UINT64_C(1) << 25)

struct wref {
    double welfare;
    size_t p;
};

static int cmp_wref(const void *x, const void *y)
{
    const struct wref *a = x, *b = y;

    if (a->welfare != b->welfare)
        return a->welfare > b->welfare ? -1 : 1;
    return (a->p > b->p) - (a->p < b->p);
}

pl_status pl__mcore_points(const pl_scenario *s, const struct pl__mfront *mf,
                           bool may_expand, uint64_t max_expand,
                           pl_analysis *a, uint64_t top, bool *expanded)
{
    const uint32_t I = mf->I, d = mf->d;
    const bool all = may_expand &&
                     pl__count_le_u64(a->pareto_count, max_expand) &&
                     a->pareto_count.w[0] * I <= EXPAND_POOL;
    struct wref *order = pl__calloc(mf->n ? mf->n : 1, sizeof *order);
    struct oref *refs = NULL;
    uint32_t *pool = NULL;
    uint32_t *o = pl__calloc(I, sizeof *o);
    struct expand x;
    size_t keep, used = 0, total = 0;
    pl_status rc = PL_OK;

    *expanded = all;
    if (!order || !o) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (size_t p = 0; p < mf->n; p++) {
        order[p].welfare = pl__mcore_welfare(mf->f + p * d, d);
        order[p].p = p;
    }
    pl__qsort(order, mf->n, sizeof *order, cmp_wref);
    while (used < mf->n) { /* whole welfare levels until top is covered */
        const double w = order[used].welfare;
        while (used < mf->n && order[used].welfare == w) {
            total += all ? (size_t)mf->cnt[order[used].p].w[0] : 1;
            used++;
        }
        if (top && total >= top)
            break;
    }
    refs = pl__calloc(total ? total : 1, sizeof *refs);
    pool = pl__calloc(total ? total * I : 1, sizeof *pool);
    if (!refs || !pool) {
        rc = PL_ENOMEM;
        goto out;
    }
    x.mf = mf;
    x.o = o;
    x.pool = pool;
    x.refs = refs;
    x.n = 0;
    for (size_t u = 0; u < used; u++) {
        const size_t p = order[u].p;
        x.welfare = order[u].welfare;
        x.zone = pl__mcore_in_zone(mf->f + p * d, a->reservation, d);
        if (all) {
            expand_point(&x, I - 1, p);
        } else {
            pl__mcore_outcome(mf, p, o);
            expand_emit(&x);
        }
    }
    pl__qsort(refs, x.n, sizeof *refs, cmp_oref);
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
    pl__free(order);
    pl__free(refs);
    pl__free(pool);
    pl__free(o);
    return rc;
}
