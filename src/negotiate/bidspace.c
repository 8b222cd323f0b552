/* Fast bid lookup: presorted index and prefix search with a tail table.
 *
 * Index back end (n_outcomes <= index_max): every outcome's utility is
 * computed once (odometer over the compiled U table, interactions added
 * where they hold) and the (utility, index) pairs sorted; closest(t) is a
 * binary search, O(log N) with one decode.  12 bytes per outcome.
 *
 * Search back end: the last L issues whose product is at most
 * PL__TAIL_MAX form the tail; their additive utilities are sorted once.
 * closest(t) runs a depth-first search over the prefix issues; at a node
 * with partial sum s the reachable utilities lie in
 * [s + minRest, s + maxRest] (widened by the sum of negative / positive
 * interaction values), so a subtree is skipped when that interval is no
 * closer to t than the best found.  At the tail a binary search finds the
 * two neighbours of t - s (additive utility), or, with interactions,
 * every tail entry whose additive value could still win is checked with
 * the exact utility.  A node budget guards against runaway searches:
 * with interactions (ANAC 2014 hyper-rectangles) the bounds are loose, and
 * after PL__SEARCH_BUDGET_INTER nodes the best outcome found is returned
 * (no longer proven closest).  The search stops once the best distance is below
 * 1e-9 of the utility range.  Cost per query: microseconds on spaces of
 * 10^20 outcomes (docs/algorithms.md 5.2).
 *
 * best_for(M, lo, hi) is a branch and bound over all issues with options
 * in decreasing score order, pruned by the score bound and by the band's
 * feasibility; on the index back end a narrow band (few outcomes) is
 * scanned directly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "core/sort.h"
#include "negotiate/bidpool.h"
#include "negotiate/bidspace.h"

struct pl__bidspace {
    const pl_scenario *s;
    size_t p;
    uint32_t n;          /* issues */
    const double *U;     /* party row of the U table (K entries) */
    const uint32_t *off; /* per-issue offset into U */
    double ineg, ipos;   /* sums of negative / positive interactions */
    bool has_inter;
    bool has_clamp; /* utility = min(clamp, raw) (GENIUS semantics) */
    double clamp;
    double umax, umin, tol;
    uint64_t budget; /* search nodes per query (hang guard) */
    /* index back end */
    bool indexed;
    uint64_t N;
    double *iu;   /* sorted utilities */
    uint32_t *ii; /* outcome index of each */
    /* pool back end (interactions, beyond the index): bidpool.h */
    pl__bidpool *pool;
    /* search back end */
    uint32_t P;                  /* prefix issues 0..P-1; tail P..n-1 */
    uint32_t T;                  /* tail entries */
    double *tu;                  /* sorted additive tail utility */
    uint32_t *ti;                /* tail index (mixed radix over the tail) */
    double *min_rest, *max_rest; /* n+1: bounds of issues >= i */
    uint32_t **order;            /* per prefix issue: options by U ascending */
    double **ou;                 /* per prefix issue: U of order[i][j] */
};

struct pair {
    double u;
    uint64_t i;
};

static int pair_cmp(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;

    if (x->u < y->u)
        return -1;
    if (x->u > y->u)
        return 1;
    return (x->i > y->i) - (x->i < y->i);
}

static double exact_utility(const pl__bidspace *b, const uint32_t *o)
{
    return pl_scenario_utility(b->s, b->p, o);
}

/* The utility before the clamp: issue terms in issue order, then the
 * interactions that hold, in declared order (as pl_scenario_utility).
 * The search back end works on this and applies the clamp at the end. */
static double raw_utility(const pl__bidspace *b, const uint32_t *o)
{
    const struct pl__party *pa = &b->s->parties[b->p];
    double u = 0;

    if (!pa->has_utility)
        return 0;
    for (uint32_t i = 0; i < b->n; i++)
        u += b->U[b->off[i] + o[i]];
    for (uint32_t j = 0; j < pa->n_interactions; j++)
        if (pl__clause_holds(&pa->interactions[j], o))
            u += pa->interactions[j].value;
    return u;
}

void pl__bidspace_free(pl__bidspace *b)
{
    if (!b)
        return;
    pl__free(b->iu);
    pl__free(b->ii);
    pl__free(b->tu);
    pl__free(b->ti);
    pl__free(b->min_rest);
    pl__free(b->max_rest);
    if (b->order)
        for (uint32_t i = 0; i < b->n; i++)
            pl__free(b->order[i]);
    pl__free(b->order);
    if (b->ou)
        for (uint32_t i = 0; i < b->n; i++)
            pl__free(b->ou[i]);
    pl__free(b->ou);
    pl__bidpool_free(b->pool);
    pl__free(b);
}

/* Odometer over issues [first, n): fills utilities (additive part of
 * those issues; plus interactions when `full`) for every combination. */
static pl_status build_index(pl__bidspace *b)
{
    const pl_scenario *s = b->s;
    struct pair *pr;
    uint32_t *o;
    const uint64_t N = b->N;

    pr = pl__calloc(N, sizeof *pr);
    o = pl__calloc(b->n ? b->n : 1, sizeof *o);
    b->iu = pl__calloc(N, sizeof *b->iu);
    b->ii = pl__calloc(N, sizeof *b->ii);
    if (!pr || !o || !b->iu || !b->ii) {
        pl__free(pr);
        pl__free(o);
        return PL_ENOMEM;
    }
    for (uint64_t x = 0; x < N; x++) {
        double u = 0;
        for (uint32_t i = 0; i < b->n; i++)
            u += b->U[b->off[i] + o[i]];
        if (b->has_inter || b->has_clamp)
            u = exact_utility(b, o);
        pr[x].u = u;
        pr[x].i = x;
        for (uint32_t i = b->n; i-- > 0;) {
            if (++o[i] < s->issues[i].n_options)
                break;
            o[i] = 0;
        }
    }
    pl__qsort(pr, N, sizeof *pr, pair_cmp);
    for (uint64_t x = 0; x < N; x++) {
        b->iu[x] = pr[x].u;
        b->ii[x] = (uint32_t)pr[x].i;
    }
    pl__free(pr);
    pl__free(o);
    return PL_OK;
}

static pl_status build_search(pl__bidspace *b, uint32_t tail_max)
{
    const pl_scenario *s = b->s;
    uint64_t T = 1;
    uint32_t P = b->n;
    struct pair *pr;
    uint32_t *o;

    while (P > 1 && T * s->issues[P - 1].n_options <= tail_max) {
        T *= s->issues[P - 1].n_options;
        P--;
    }
    b->P = P;
    b->T = (uint32_t)T;
    b->min_rest = pl__calloc(b->n + 1, sizeof *b->min_rest);
    b->max_rest = pl__calloc(b->n + 1, sizeof *b->max_rest);
    b->order = pl__calloc(b->n, sizeof *b->order);
    b->ou = pl__calloc(b->n, sizeof *b->ou);
    b->tu = pl__calloc(T, sizeof *b->tu);
    b->ti = pl__calloc(T, sizeof *b->ti);
    pr = pl__calloc(T, sizeof *pr);
    o = pl__calloc(b->n, sizeof *o);
    if (!b->min_rest || !b->max_rest || !b->order || !b->ou || !b->tu ||
        !b->ti || !pr || !o)
        goto nomem;
    for (uint32_t i = b->n; i-- > 0;) {
        double lo = INFINITY, hi = -INFINITY;
        const uint32_t m = s->issues[i].n_options;
        for (uint32_t k = 0; k < m; k++) {
            const double v = b->U[b->off[i] + k];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        b->min_rest[i] = b->min_rest[i + 1] + lo;
        b->max_rest[i] = b->max_rest[i + 1] + hi;
    }
    for (uint32_t i = 0; i < P; i++) {
        const uint32_t m = s->issues[i].n_options;
        struct pair *q = pl__calloc(m, sizeof *q);
        b->order[i] = pl__calloc(m, sizeof *b->order[i]);
        b->ou[i] = pl__calloc(m, sizeof *b->ou[i]);
        if (!q || !b->order[i] || !b->ou[i]) {
            pl__free(q);
            goto nomem;
        }
        for (uint32_t k = 0; k < m; k++) {
            q[k].u = b->U[b->off[i] + k];
            q[k].i = k;
        }
        pl__qsort(q, m, sizeof *q, pair_cmp);
        for (uint32_t k = 0; k < m; k++) {
            b->order[i][k] = (uint32_t)q[k].i;
            b->ou[i][k] = q[k].u;
        }
        pl__free(q);
    }
    for (uint64_t x = 0; x < T; x++) {
        double u = 0;
        for (uint32_t i = P; i < b->n; i++)
            u += b->U[b->off[i] + o[i]];
        pr[x].u = u;
        pr[x].i = x;
        for (uint32_t i = b->n; i-- > P;) {
            if (++o[i] < s->issues[i].n_options)
                break;
            o[i] = 0;
        }
    }
    pl__qsort(pr, T, sizeof *pr, pair_cmp);
    for (uint64_t x = 0; x < T; x++) {
        b->tu[x] = pr[x].u;
        b->ti[x] = (uint32_t)pr[x].i;
    }
    pl__free(pr);
    pl__free(o);
    return PL_OK;
nomem:
    pl__free(pr);
    pl__free(o);
    return PL_ENOMEM;
}

static void tail_decode(const pl__bidspace *b, uint32_t t, uint32_t *o)
{
    for (uint32_t i = b->n; i-- > b->P;) {
        const uint32_t m = b->s->issues[i].n_options;
        o[i] = t % m;
        t /= m;
    }
}

/* First position in the sorted array a[0..n) with a[pos] >= x. */
static size_t lower_bound(const double *a, size_t n, double x)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct q1 {
    const pl__bidspace *b;
    double t, best, best_u;
    bool above;     /* only outcomes with u >= t count */
    uint64_t nodes; /* visited, against b->budget */
    uint32_t *cur, *out;
};

/* Keep o if strictly closer, or equally close with higher utility. */
static void q1_offer(struct q1 *q, double u)
{
    const double d =
        q->above ? (u >= q->t ? u - q->t : INFINITY) : fabs(u - q->t);

    if (d < q->best || (d == q->best && u > q->best_u)) {
        q->best = d;
        q->best_u = u;
        memcpy(q->out, q->cur, q->b->n * sizeof *q->out);
    }
}

static void q1_tail(struct q1 *q, double s)
{
    const pl__bidspace *b = q->b;
    const double r = q->t - s;

    if (!b->has_inter) {
        const size_t pos = lower_bound(b->tu, b->T, r);
        if (pos < b->T) {
            tail_decode(b, b->ti[pos], q->cur);
            q1_offer(q, s + b->tu[pos]);
        }
        if (pos > 0 && !q->above) {
            tail_decode(b, b->ti[pos - 1], q->cur);
            q1_offer(q, s + b->tu[pos - 1]);
        }
        return;
    }
    /* additive value a must satisfy |s + a + inter - t| < best with
     * inter in [ineg, ipos]. */
    size_t x = lower_bound(b->tu, b->T, r - b->ipos - q->best);
    for (;
         x < b->T && b->tu[x] <= r - b->ineg + q->best && q->nodes < b->budget;
         x++, q->nodes++) {
        tail_decode(b, b->ti[x], q->cur);
        q1_offer(q, raw_utility(b, q->cur));
    }
}

/* Options are tried outward from the one that would leave the rest of
 * the issues at the middle of their range, so that a close outcome is
 * found first and the bound prunes the rest. */
static void q1_dfs(struct q1 *q, uint32_t i, double s)
{
    const pl__bidspace *b = q->b;
    uint32_t m;
    double want;
    size_t hi, lo;

    if (q->nodes++ >= b->budget)
        return;
    if (i == b->P) {
        q1_tail(q, s);
        return;
    }
    m = b->s->issues[i].n_options;
    want = q->t - s -
           0.5 * (b->min_rest[i + 1] + b->max_rest[i + 1] + b->ineg + b->ipos);
    hi = lower_bound(b->ou[i], m, want);
    lo = hi;
    while (lo > 0 || hi < m) {
        size_t j;
        double s2, rlo, rhi;
        if (hi >= m ||
            (lo > 0 && want - b->ou[i][lo - 1] < b->ou[i][hi] - want))
            j = --lo;
        else
            j = hi++;
        s2 = s + b->ou[i][j];
        rlo = s2 + b->min_rest[i + 1] + b->ineg;
        rhi = s2 + b->max_rest[i + 1] + b->ipos;
        if (q->t < rlo - q->best || q->t > rhi + q->best ||
            (q->above && rhi < q->t))
            continue;
        q->cur[i] = b->order[i][j];
        q1_dfs(q, i + 1, s2);
        if (q->best <= b->tol)
            return;
    }
}

static double index_closest(const pl__bidspace *b, double t, uint32_t *out)
{
    size_t pos = lower_bound(b->iu, b->N, t);
    size_t pick;

    if (pos == b->N) {
        pick = b->N - 1;
    } else if (pos == 0) {
        pick = 0;
    } else {
        const double up = b->iu[pos] - t, down = t - b->iu[pos - 1];
        if (up <= down) {
            pick = pos;
        } else {
            /* first outcome of the equal-utility run below */
            pick = pos - 1;
            while (pick > 0 && b->iu[pick - 1] == b->iu[pos - 1])
                pick--;
        }
    }
    pl_scenario_outcome_decode(b->s, b->ii[pick], out);
    return b->iu[pick];
}

/* Search or pool back end, on raw (unclamped) utilities.  *exact: the
 * answer is proven (search: found within the tolerance or the search ran
 * to the end; pool: see bidpool.h). */
static double search_closest(const pl__bidspace *b, double t, uint32_t *out,
                             bool *exact)
{
    struct q1 q;
    uint32_t cur[PL_MAX_ISSUES];

    if (b->pool)
        return pl__bidpool_closest(b->pool, t, out, exact);

    q.b = b;
    q.t = t;
    q.best = INFINITY;
    q.best_u = -INFINITY;
    q.above = false;
    q.nodes = 0;
    q.cur = cur;
    q.out = out;
    q1_dfs(&q, 0, 0);
    *exact = q.nodes < b->budget;
    return q.best_u;
}

static bool search_at_least(const pl__bidspace *b, double t, uint32_t *out,
                            double *u, bool *exact)
{
    struct q1 q;
    uint32_t cur[PL_MAX_ISSUES], tmp[PL_MAX_ISSUES];

    if (b->pool)
        return pl__bidpool_at_least(b->pool, t, out, u, exact);

    q.b = b;
    q.t = t;
    q.best = INFINITY;
    q.best_u = -INFINITY;
    q.above = true;
    q.nodes = 0;
    q.cur = cur;
    q.out = tmp;
    q1_dfs(&q, 0, 0);
    *exact = q.nodes < b->budget;
    if (q.best == INFINITY)
        return false;
    memcpy(out, tmp, b->n * sizeof *out);
    *u = q.best_u;
    return true;
}

/* With a clamp c, u = min(c, raw): for t >= c any outcome with raw >= c
 * is at distance t - c, the best possible; for t < c the answer is the
 * closest raw value (clamped) or, if nearer, any outcome clamped to c. */
double pl__bidspace_closest_x(const pl__bidspace *b, double t, uint32_t *out,
                              bool *exact)
{
    uint32_t top[PL_MAX_ISSUES];
    double u, raw;
    bool e1 = true, e2 = true;

    *exact = true;
    if (b->indexed)
        return index_closest(b, t, out);
    if (!b->has_clamp)
        return search_closest(b, t, out, exact);
    /* every outcome with raw >= c has utility c: one candidate is any of
     * them, the other the closest raw value, clamped */
    if (t >= b->clamp && search_at_least(b, b->clamp, out, &raw, &e1)) {
        *exact = true; /* nothing is above the clamp */
        return b->clamp;
    }
    u = search_closest(b, t, out, &e1);
    u = u < b->clamp ? u : b->clamp;
    if (b->clamp - t < fabs(u - t) &&
        search_at_least(b, b->clamp, top, &raw, &e2)) {
        memcpy(out, top, b->n * sizeof *out);
        *exact = e1; /* e1 covers the raw axis around t */
        return b->clamp;
    }
    *exact = e1 && e2;
    return u;
}

double pl__bidspace_closest(const pl__bidspace *b, double t, uint32_t *out)
{
    bool exact;

    return pl__bidspace_closest_x(b, t, out, &exact);
}

bool pl__bidspace_at_least_x(const pl__bidspace *b, double t, uint32_t *out,
                             double *u, bool *exact)
{
    *exact = true;
    if (b->indexed) {
        const size_t pos = lower_bound(b->iu, b->N, t);
        if (pos == b->N)
            return false;
        pl_scenario_outcome_decode(b->s, b->ii[pos], out);
        *u = b->iu[pos];
        return true;
    }
    if (b->has_clamp && t > b->clamp)
        return false;
    if (!search_at_least(b, t, out, u, exact))
        return false;
    if (b->has_clamp && *u > b->clamp)
        *u = b->clamp;
    return true;
}

bool pl__bidspace_at_least(const pl__bidspace *b, double t, uint32_t *out,
                           double *u)
{
    bool exact;

    return pl__bidspace_at_least_x(b, t, out, u, &exact);
}

static double search_extreme(const pl__bidspace *b, double t)
{
    uint32_t o[PL_MAX_ISSUES];

    return pl__bidspace_closest(b, t, o);
}

pl_status pl__bidspace_new(const pl_scenario *s, size_t p, uint64_t index_max,
                           uint32_t tail_max, pl__bidspace **out)
{
    pl__bidspace *b;
    const struct pl__party *pa = &s->parties[p];
    const bool pool_ok = tail_max == 0; /* a tail size asks for the search */
    pl_status st;

    *out = NULL;
    if (s->n_issues == 0 || s->n_issues > PL_MAX_ISSUES)
        return PL_EINVAL;
    b = pl__calloc(1, sizeof *b);
    if (!b)
        return PL_ENOMEM;
    b->s = s;
    b->p = p;
    b->n = s->n_issues;
    b->U = s->U + (size_t)p * s->n_total_options;
    b->off = s->opt_offset;
    for (uint32_t c = 0; pa->has_utility && c < pa->n_interactions; c++) {
        const double v = pa->interactions[c].value;
        if (v < 0)
            b->ineg += v;
        else
            b->ipos += v;
        b->has_inter = true;
    }
    b->has_clamp = pa->has_utility && pa->has_clamp;
    b->clamp = pa->clamp_max;
    if (!index_max)
        index_max = PL__INDEX_MAX;
    b->budget = b->has_inter ? PL__SEARCH_BUDGET_INTER : PL__SEARCH_BUDGET;
    b->indexed = s->fits_u64 && s->n_outcomes_u64 <= index_max &&
                 s->n_outcomes_u64 <= UINT32_MAX;
    if (b->indexed) {
        b->N = s->n_outcomes_u64;
        st = build_index(b);
        if (st != PL_OK)
            goto fail;
        b->umin = b->iu[0];
        b->umax = b->iu[b->N - 1];
    } else if (b->has_inter && pool_ok) {
        st = pl__bidpool_new(s, p, NULL, &b->pool);
        if (st != PL_OK)
            goto fail;
        b->umax = pl__bidpool_level(b->pool, pl__bidpool_size(b->pool) - 1);
        b->umin = pl__bidpool_level(b->pool, 0);
        if (b->has_clamp) {
            b->umax = b->umax < b->clamp ? b->umax : b->clamp;
            b->umin = b->umin < b->clamp ? b->umin : b->clamp;
        }
    } else {
        st = build_search(b, tail_max ? tail_max : PL__TAIL_MAX);
        if (st != PL_OK)
            goto fail;
        b->tol = 0;
        b->umax = search_extreme(b, b->max_rest[0] + b->ipos + 1);
        b->umin = search_extreme(b, b->min_rest[0] + b->ineg - 1);
    }
    b->tol = (b->indexed ? 1e-9 : PL__SEARCH_TOL) * (b->umax - b->umin);
    *out = b;
    return PL_OK;
fail:
    pl__bidspace_free(b);
    return st;
}

bool pl__bidspace_at_least_if(const pl__bidspace *b, double t,
                              bool (*ok)(const void *ctx, const uint32_t *o),
                              const void *ctx, uint32_t *out)
{
    uint32_t o[PL_MAX_ISSUES];
    double u;

    if (b->indexed) {
        for (size_t x = lower_bound(b->iu, b->N, t); x < b->N; x++) {
            pl_scenario_outcome_decode(b->s, b->ii[x], o);
            if (ok(ctx, o)) {
                memcpy(out, o, b->n * sizeof *out);
                return true;
            }
        }
        return false;
    }
    if (b->pool) { /* min(c, raw) >= t iff raw >= t, for t <= c */
        const size_t L = pl__bidpool_size(b->pool);
        if (b->has_clamp && t > b->clamp)
            return false;
        for (size_t x = pl__bidpool_find(b->pool, t); x < L; x++) {
            pl__bidpool_outcome(b->pool, x, o);
            if (ok(ctx, o)) {
                memcpy(out, o, b->n * sizeof *out);
                return true;
            }
        }
        return false;
    }
    for (int k = 0; k < 64; k++) {
        if (!pl__bidspace_at_least(b, t, o, &u))
            return false;
        if (ok(ctx, o)) {
            memcpy(out, o, b->n * sizeof *out);
            return true;
        }
        t = u + 1e-12 * (b->umax - b->umin) + 1e-15;
    }
    return false;
}

void pl__bidspace_set_budget(pl__bidspace *b, uint64_t nodes)
{
    b->budget = nodes;
}

bool pl__bidspace_is_indexed(const pl__bidspace *b)
{
    return b->indexed;
}
double pl__bidspace_max(const pl__bidspace *b)
{
    return b->umax;
}
double pl__bidspace_min(const pl__bidspace *b)
{
    return b->umin;
}

/* ---- Q3 ---------------------------------------------------------------- */

struct q3 {
    const pl__bidspace *b;
    const double *M;
    double lo, hi, best;
    bool found;
    uint64_t nodes, budget;
    uint32_t *cur, *out;
    uint32_t **order;            /* per issue: options by M descending */
    double *mrest;               /* n+1: max of M over issues >= i */
    double *urest_lo, *urest_hi; /* n+1: own-utility bounds */
};

static void q3_dfs(struct q3 *q, uint32_t i, double su, double sm)
{
    const pl__bidspace *b = q->b;

    if (q->budget && q->nodes >= q->budget)
        return;
    q->nodes++;
    if (i == b->n) {
        const double u = b->has_inter ? raw_utility(b, q->cur) : su;
        if (u >= q->lo && u <= q->hi && (!q->found || sm > q->best)) {
            q->best = sm;
            q->found = true;
            memcpy(q->out, q->cur, b->n * sizeof *q->out);
        }
        return;
    }
    for (uint32_t j = 0; j < b->s->issues[i].n_options; j++) {
        const uint32_t k = q->order[i][j];
        const double su2 = su + b->U[b->off[i] + k];
        const double sm2 = sm + q->M[b->off[i] + k];
        if (q->found && sm2 + q->mrest[i + 1] <= q->best)
            break; /* options come in decreasing score */
        if (su2 + q->urest_hi[i + 1] + b->ipos < q->lo ||
            su2 + q->urest_lo[i + 1] + b->ineg > q->hi)
            continue;
        q->cur[i] = k;
        q3_dfs(q, i + 1, su2, sm2);
    }
}

struct score {
    double m;
    uint32_t k;
};

static int score_cmp(const void *a, const void *b)
{
    const struct score *x = a, *y = b;

    if (x->m > y->m)
        return -1;
    if (x->m < y->m)
        return 1;
    return (x->k > y->k) - (x->k < y->k);
}

static bool index_band(const pl__bidspace *b, const double *M, double lo,
                       double hi, uint32_t *out, bool *done)
{
    const size_t a = lower_bound(b->iu, b->N, lo);
    size_t z = a;
    uint32_t o[PL_MAX_ISSUES];
    double best = -INFINITY;
    bool found = false;

    *done = false;
    while (z < b->N && b->iu[z] <= hi && z - a <= 4096)
        z++;
    if (z - a > 4096)
        return false; /* wide band: let the search do it */
    *done = true;
    for (size_t x = a; x < z; x++) {
        double m = 0;
        pl_scenario_outcome_decode(b->s, b->ii[x], o);
        for (uint32_t i = 0; i < b->n; i++)
            m += M[b->off[i] + o[i]];
        if (!found || m > best) {
            best = m;
            found = true;
            memcpy(out, o, b->n * sizeof *out);
        }
    }
    return found;
}

static double model_score(const pl__bidspace *b, const double *M,
                          const uint32_t *o)
{
    double m = 0;

    for (uint32_t i = 0; i < b->n; i++)
        m += M[b->off[i] + o[i]];
    return m;
}

/* Pool back end: the best-scoring level in the band (at most
 * PL__POOL_BAND levels, evenly spaced, are scored), then one pass of
 * single-issue changes that raise the score and keep the utility in the
 * band.  A heuristic: never reported exact. */
#define PL__POOL_BAND 512u
static bool pool_band(const pl__bidspace *b, const double *M, double lo,
                      double hi, uint32_t *out)
{
    const pl__bidpool *pool = b->pool;
    const size_t a = pl__bidpool_find(pool, lo);
    size_t z = a, step;
    uint32_t o[PL_MAX_ISSUES];
    double best = -INFINITY;
    bool found = false;

    if (b->has_clamp) {
        if (lo > b->clamp)
            return false;
        if (hi >= b->clamp)
            hi = INFINITY;
    }
    while (z < pl__bidpool_size(pool) && pl__bidpool_level(pool, z) <= hi)
        z++;
    if (z == a)
        return false;
    step = (z - a + PL__POOL_BAND - 1) / PL__POOL_BAND;
    for (size_t x = a; x < z; x += step) {
        double m;
        pl__bidpool_outcome(pool, x, o);
        m = model_score(b, M, o);
        if (!found || m > best) {
            best = m;
            found = true;
            memcpy(out, o, b->n * sizeof *out);
        }
    }
    for (uint32_t i = 0; i < b->n; i++) {
        const uint32_t keep = out[i];
        uint32_t pick = keep;
        double gain = 0;
        for (uint32_t k = 0; k < b->s->issues[i].n_options; k++) {
            const double g = M[b->off[i] + k] - M[b->off[i] + keep];
            double u;
            if (g <= gain)
                continue;
            out[i] = k;
            u = raw_utility(b, out);
            if (u >= lo && u <= hi) {
                gain = g;
                pick = k;
            }
        }
        out[i] = pick;
    }
    return true;
}

bool pl__bidspace_best_for(const pl__bidspace *b, const double *M, double lo,
                           double hi, uint64_t node_budget, uint32_t *out)
{
    const pl_scenario *s = b->s;
    struct q3 q;
    uint32_t cur[PL_MAX_ISSUES];
    double mrest[PL_MAX_ISSUES + 1], ulo[PL_MAX_ISSUES + 1],
        uhi[PL_MAX_ISSUES + 1];
    uint32_t *order[PL_MAX_ISSUES];
    bool ok = true;

    if (b->pool)
        return pool_band(b, M, lo, hi, out);
    if (b->indexed) {
        bool done;
        const bool found = index_band(b, M, lo, hi, out, &done);
        if (done)
            return found;
    }
    memset(&q, 0, sizeof q);
    q.b = b;
    q.M = M;
    q.lo = lo;
    q.hi = hi;
    if (b->has_clamp) { /* the search runs on raw utilities */
        if (lo > b->clamp)
            return false;
        if (hi >= b->clamp)
            q.hi = INFINITY;
    }
    q.budget = node_budget;
    q.cur = cur;
    q.out = out;
    q.order = order;
    q.mrest = mrest;
    q.urest_lo = ulo;
    q.urest_hi = uhi;
    mrest[b->n] = ulo[b->n] = uhi[b->n] = 0;
    for (uint32_t i = 0; i < b->n; i++)
        order[i] = NULL;
    for (uint32_t i = b->n; i-- > 0;) {
        const uint32_t m = s->issues[i].n_options;
        struct score *sc = pl__calloc(m, sizeof *sc);
        double mx = -INFINITY, ul = INFINITY, uh = -INFINITY;
        order[i] = pl__calloc(m, sizeof *order[i]);
        if (!sc || !order[i]) {
            pl__free(sc);
            ok = false;
            break;
        }
        for (uint32_t k = 0; k < m; k++) {
            const double u = b->U[b->off[i] + k];
            sc[k].m = M[b->off[i] + k];
            sc[k].k = k;
            mx = sc[k].m > mx ? sc[k].m : mx;
            ul = u < ul ? u : ul;
            uh = u > uh ? u : uh;
        }
        pl__qsort(sc, m, sizeof *sc, score_cmp);
        for (uint32_t k = 0; k < m; k++)
            order[i][k] = sc[k].k;
        pl__free(sc);
        mrest[i] = mrest[i + 1] + mx;
        ulo[i] = ulo[i + 1] + ul;
        uhi[i] = uhi[i + 1] + uh;
    }
    if (ok)
        q3_dfs(&q, 0, 0, 0);
    for (uint32_t i = 0; i < b->n; i++)
        pl__free(order[i]);
    return ok && q.found;
}

const struct pl__bidpool *pl__bidspace_pool(const pl__bidspace *b)
{
    return b->pool;
}
