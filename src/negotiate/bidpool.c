/* Bid pool for non-linear utilities (bidpool.h; docs/simulate.md "Bid
 * lookup"; docs/algorithms.md 5.2 and 6.4).
 *
 * Model.  u(o) = sum_i U_i(o_i) + sum_c v_c [o in box c] + constants,
 * where a box (an interaction) is a conjunction of per-issue option sets.
 * The search visits issues in an order chosen to decide boxes early
 * (greedy: next the issue that completes the most box value), so the
 * unknown part of the utility shrinks fast.
 *
 * Bounds.  Given a prefix, each box is dead (a condition failed),
 * certain (every condition holds) or alive.  An alive box is charged to
 * its "owner", the first undecided issue it constrains, and only for the
 * options that satisfy its condition there.  Every remaining issue j then
 * contributes max_k (U_j(k) + positive alive boxes owned by j allowing k)
 * to the upper bound and min_k (U_j(k) + negative ones) to the lower
 * bound.  This is a valid bound (each box is counted once, at one issue,
 * only if the option there could satisfy it) and much tighter than the
 * plain sum of alive boxes: boxes that need different options of the same
 * issue are not both counted.  When a box's owner is decided and the box
 * survives, it moves to its next issue: O(options) per move, undone on
 * backtrack by restoring saved rows (no floating-point drift).
 *
 * Build.  Branch and bound for the maximum and the minimum, then a heap of
 * gaps between known levels, widest first: a range search for any outcome
 * strictly inside; found -> one more level, two gaps; exhausted -> the gap
 * is certified empty; out of nodes -> the gap stays open.  With a grid
 * (every term a multiple of one quantum q, as with ANAC 2014's integer box
 * values) a gap between adjacent grid levels is empty without a search and
 * searches look only at grid levels strictly inside.  Everything is
 * counted in nodes, never in time, so the pool is the same on every run. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fgcd.h"
#include "core/scenario_int.h"
#include "core/sort.h"
#include "negotiate/bidpool.h"
#include "parley/rng.h"

#define NONE UINT32_MAX

struct seg { /* the merged conditions of one box on one issue */
    uint32_t box, pos;
    uint8_t *allow; /* by option of the issue at `pos` */
};

struct pbox {
    double v;
    uint32_t first, n; /* its segments, by position */
};

struct pl__bidpool {
    const pl_scenario *s;
    size_t p;
    uint32_t n; /* issues */
    const double *U;
    const uint32_t *off;
    double constant; /* interactions without conditions */
    /* search model, by position in the visiting order */
    uint32_t *perm; /* position -> issue */
    uint32_t *m;    /* options at position */
    uint32_t *poff; /* first slot of position in acc arrays */
    double *spread; /* n+1: sum of additive max - min over positions >= d */
    uint32_t nbox, nseg;
    struct pbox *box;
    struct seg *seg;
    uint32_t *atpos, *atpos_start; /* segments by position */
    double q, base;                /* grid (q > 0) */
    double eps;                    /* slack of the range search */
    /* result */
    size_t L;
    double *lu;      /* levels, ascending */
    uint8_t *lo8;    /* outcomes (issue order), bytes when all m <= 256 */
    uint32_t *lo32;  /* otherwise */
    uint8_t *proven; /* gap between level j and j+1 certified empty */
    pl__bidpool_stats st;
};

/* ---- search state ------------------------------------------------------ */

struct save {
    uint32_t pos;
    size_t at; /* offset of the saved row in the double stack */
};

struct child {
    double lo, hi, key;
    uint32_t k;
};

enum mode { M_RANGE, M_MAX, M_MIN };

struct srch {
    const pl__bidpool *b;
    uint32_t *dead; /* by box: position where it died, NONE */
    double *accp;   /* positive alive box value owned, by slot */
    double *accn;   /* negative */
    double *amax;   /* by position */
    double *amin;
    double certain;   /* value of certain boxes */
    uint32_t pending; /* boxes neither dead nor certain */
    struct save *sv;
    size_t nsv;
    double *ds;
    size_t nds;
    struct child *ch; /* per-position child buffers */
    uint32_t *cur;    /* outcome being built, issue order */
    /* query */
    enum mode mode;
    double lo, hi, target, slack;
    bool found, stop;
    double best;
    uint32_t *out;
    uint64_t nodes, budget;
};

static double raw_utility(const pl__bidpool *b, const uint32_t *o)
{
    const struct pl__party *pa = &b->s->parties[b->p];
    double u = 0;

    for (uint32_t i = 0; i < b->n; i++)
        u += b->U[b->off[i] + o[i]];
    for (uint32_t j = 0; j < pa->n_interactions; j++)
        if (pl__clause_holds(&pa->interactions[j], o))
            u += pa->interactions[j].value;
    return u;
}

static void row_bounds(struct srch *q, uint32_t d)
{
    const pl__bidpool *b = q->b;
    const double *U = b->U + b->off[b->perm[d]];
    double hi = -INFINITY, lo = INFINITY;

    for (uint32_t k = 0; k < b->m[d]; k++) {
        const double h = U[k] + q->accp[b->poff[d] + k];
        const double l = U[k] + q->accn[b->poff[d] + k];
        hi = h > hi ? h : hi;
        lo = l < lo ? l : lo;
    }
    q->amax[d] = hi;
    q->amin[d] = lo;
}

/* Decide option k at position d: boxes die, become certain or move to
 * their next issue.  The caller restores certain/pending and calls undo. */
static void apply(struct srch *q, uint32_t d, uint32_t k)
{
    const pl__bidpool *b = q->b;

    for (uint32_t x = b->atpos_start[d]; x < b->atpos_start[d + 1]; x++) {
        const uint32_t e = b->atpos[x];
        const struct seg *g = &b->seg[e];
        const struct pbox *bx = &b->box[g->box];
        const struct seg *nx;
        double *acc;
        uint32_t j;

        if (q->dead[g->box] != NONE)
            continue;
        if (!g->allow[k]) {
            q->dead[g->box] = d;
            q->pending--;
            continue;
        }
        if (e + 1 == bx->first + bx->n) {
            q->certain += bx->v;
            q->pending--;
            continue;
        }
        nx = &b->seg[e + 1];
        j = nx->pos;
        q->sv[q->nsv].pos = j;
        q->sv[q->nsv].at = q->nds;
        q->nsv++;
        memcpy(q->ds + q->nds, q->accp + b->poff[j], b->m[j] * sizeof *q->ds);
        memcpy(q->ds + q->nds + b->m[j], q->accn + b->poff[j],
               b->m[j] * sizeof *q->ds);
        q->ds[q->nds + 2 * b->m[j]] = q->amax[j];
        q->ds[q->nds + 2 * b->m[j] + 1] = q->amin[j];
        q->nds += 2 * (size_t)b->m[j] + 2;
        acc = (bx->v > 0 ? q->accp : q->accn) + b->poff[j];
        for (uint32_t kk = 0; kk < b->m[j]; kk++)
            if (nx->allow[kk])
                acc[kk] += bx->v;
        row_bounds(q, j);
    }
}

static void undo(struct srch *q, uint32_t d, size_t mark)
{
    const pl__bidpool *b = q->b;

    while (q->nsv > mark) {
        const struct save *s = &q->sv[--q->nsv];
        const uint32_t j = s->pos;
        memcpy(q->accp + b->poff[j], q->ds + s->at, b->m[j] * sizeof *q->ds);
        memcpy(q->accn + b->poff[j], q->ds + s->at + b->m[j],
               b->m[j] * sizeof *q->ds);
        q->amax[j] = q->ds[s->at + 2 * b->m[j]];
        q->amin[j] = q->ds[s->at + 2 * b->m[j] + 1];
        q->nds = s->at;
    }
    for (uint32_t x = b->atpos_start[d]; x < b->atpos_start[d + 1]; x++) {
        const uint32_t c = b->seg[b->atpos[x]].box;
        if (q->dead[c] == d)
            q->dead[c] = NONE;
    }
}

static int child_cmp(const void *x, const void *y)
{
    const struct child *a = x, *c = y;

    if (a->key < c->key)
        return -1;
    if (a->key > c->key)
        return 1;
    return (a->k > c->k) - (a->k < c->k);
}

static bool pruned(const struct srch *q, double lo, double hi)
{
    switch (q->mode) {
    case M_RANGE:
        return hi < q->lo - q->slack || lo > q->hi + q->slack;
    case M_MAX:
        return q->found && hi <= q->best + q->slack;
    case M_MIN:
        return q->found && lo >= q->best - q->slack;
    }
    return false;
}

static void leaf(struct srch *q)
{
    const pl__bidpool *b = q->b;
    const double u = raw_utility(b, q->cur);

    switch (q->mode) {
    case M_RANGE:
        if (u >= q->lo && u <= q->hi) {
            q->found = true;
            q->best = u;
            memcpy(q->out, q->cur, b->n * sizeof *q->out);
            q->stop = true;
        }
        break;
    case M_MAX:
        if (!q->found || u > q->best) {
            q->found = true;
            q->best = u;
            memcpy(q->out, q->cur, b->n * sizeof *q->out);
        }
        break;
    case M_MIN:
        if (!q->found || u < q->best) {
            q->found = true;
            q->best = u;
            memcpy(q->out, q->cur, b->n * sizeof *q->out);
        }
        break;
    }
}

/* sadd: additive utility of positions < d (plus constants). */
static void dfs(struct srch *q, uint32_t d, double sadd)
{
    const pl__bidpool *b = q->b;
    struct child *ch;
    double rhi = 0, rlo = 0;
    uint32_t nc = 0;

    if (q->nodes >= q->budget) {
        q->stop = true;
        return;
    }
    q->nodes++;
    if (d == b->n || (q->pending == 0 && b->spread[d] == 0)) {
        for (uint32_t j = d; j < b->n; j++)
            q->cur[b->perm[j]] = 0;
        leaf(q);
        return;
    }
    for (uint32_t j = d + 1; j < b->n; j++) {
        rhi += q->amax[j];
        rlo += q->amin[j];
    }
    ch = q->ch + b->poff[d];
    for (uint32_t k = 0; k < b->m[d]; k++) {
        const double c0 = q->certain;
        const uint32_t p0 = q->pending;
        const size_t mk = q->nsv;
        const double s2 = sadd + b->U[b->off[b->perm[d]] + k];
        double lo = rlo, hi = rhi;
        apply(q, d, k);
        /* only rows after d change: adjust the rest sums by them */
        for (size_t x = mk; x < q->nsv; x++) {
            const struct save *s = &q->sv[x];
            lo += q->amin[s->pos] - q->ds[s->at + 2 * b->m[s->pos] + 1];
            hi += q->amax[s->pos] - q->ds[s->at + 2 * b->m[s->pos]];
        }
        lo += s2 + q->certain;
        hi += s2 + q->certain;
        undo(q, d, mk);
        q->certain = c0;
        q->pending = p0;
        if (pruned(q, lo, hi))
            continue;
        ch[nc].lo = lo;
        ch[nc].hi = hi;
        ch[nc].k = k;
        switch (q->mode) {
        case M_RANGE:
            ch[nc].key = fabs(0.5 * (lo + hi) - q->target);
            break;
        case M_MAX:
            ch[nc].key = -hi;
            break;
        case M_MIN:
            ch[nc].key = lo;
            break;
        }
        nc++;
    }
    pl__qsort(ch, nc, sizeof *ch, child_cmp);
    for (uint32_t x = 0; x < nc && !q->stop; x++) {
        const uint32_t k = ch[x].k;
        const double c0 = q->certain;
        const uint32_t p0 = q->pending;
        const size_t mk = q->nsv;
        if (pruned(q, ch[x].lo, ch[x].hi))
            continue;
        apply(q, d, k);
        q->cur[b->perm[d]] = k;
        dfs(q, d + 1, sadd + b->U[b->off[b->perm[d]] + k]);
        undo(q, d, mk);
        q->certain = c0;
        q->pending = p0;
    }
}

static void srch_free(struct srch *q)
{
    pl__free(q->dead);
    pl__free(q->accp);
    pl__free(q->accn);
    pl__free(q->amax);
    pl__free(q->amin);
    pl__free(q->sv);
    pl__free(q->ds);
    pl__free(q->ch);
    pl__free(q->cur);
}

static pl_status srch_init(struct srch *q, const pl__bidpool *b)
{
    const uint32_t K = b->poff[b->n];
    uint32_t mmax = 1;

    memset(q, 0, sizeof *q);
    q->b = b;
    for (uint32_t d = 0; d < b->n; d++)
        mmax = b->m[d] > mmax ? b->m[d] : mmax;
    q->dead = pl__calloc(b->nbox ? b->nbox : 1, sizeof *q->dead);
    q->accp = pl__calloc(K, sizeof *q->accp);
    q->accn = pl__calloc(K, sizeof *q->accn);
    q->amax = pl__calloc(b->n, sizeof *q->amax);
    q->amin = pl__calloc(b->n, sizeof *q->amin);
    /* each segment moves its box at most once along a path */
    q->sv = pl__calloc(b->nseg + 1, sizeof *q->sv);
    q->ds = pl__calloc(((size_t)b->nseg + 1) * (2 * (size_t)mmax + 2),
                       sizeof *q->ds);
    q->ch = pl__calloc(K, sizeof *q->ch);
    q->cur = pl__calloc(b->n, sizeof *q->cur);
    if (!q->dead || !q->accp || !q->accn || !q->amax || !q->amin || !q->sv ||
        !q->ds || !q->ch || !q->cur) {
        srch_free(q);
        return PL_ENOMEM;
    }
    return PL_OK;
}

/* Root state: every box alive and charged to its first issue. */
static void srch_reset(struct srch *q)
{
    const pl__bidpool *b = q->b;
    const uint32_t K = b->poff[b->n];

    memset(q->accp, 0, K * sizeof *q->accp);
    memset(q->accn, 0, K * sizeof *q->accn);
    for (uint32_t c = 0; c < b->nbox; c++) {
        const struct pbox *bx = &b->box[c];
        const struct seg *g = &b->seg[bx->first];
        double *acc = (bx->v > 0 ? q->accp : q->accn) + b->poff[g->pos];
        q->dead[c] = NONE;
        for (uint32_t k = 0; k < b->m[g->pos]; k++)
            if (g->allow[k])
                acc[k] += bx->v;
    }
    for (uint32_t d = 0; d < b->n; d++)
        row_bounds(q, d);
    q->certain = 0;
    q->pending = b->nbox;
    q->nsv = q->nds = 0;
    q->found = q->stop = false;
    q->nodes = 0;
}

/* Root bounds of the raw utility. */
static void root_bounds(struct srch *q, double *lo, double *hi)
{
    double l = q->b->constant, h = q->b->constant;

    srch_reset(q);
    for (uint32_t d = 0; d < q->b->n; d++) {
        l += q->amin[d];
        h += q->amax[d];
    }
    *lo = l;
    *hi = h;
}

/* ---- model ------------------------------------------------------------- */

struct segtmp {
    uint32_t pos, cond;
};

static int segtmp_cmp(const void *x, const void *y)
{
    const struct segtmp *a = x, *b = y;

    if (a->pos != b->pos)
        return (a->pos > b->pos) - (a->pos < b->pos);
    return (a->cond > b->cond) - (a->cond < b->cond);
}

/* Greedy order: next the issue that leaves the fewest boxes started but
 * unfinished (the cut width, which sizes the level DP's states and lets
 * bounds tighten early), then the one completing the most |value|, then
 * the one touching the most; issues in no box last, widest additive
 * spread first. */
static pl_status choose_order(pl__bidpool *b)
{
    const struct pl__party *pa = &b->s->parties[b->p];
    const uint32_t n = b->n, nc = pa->n_interactions;
    uint8_t *used = pl__calloc(n, 1);
    uint32_t *left = pl__calloc(nc + 1, sizeof *left);
    uint32_t *seen = pl__calloc(nc + 1, sizeof *seen);
    uint8_t **touch = pl__calloc(nc + 1, sizeof *touch);
    pl_status st = PL_OK;

    if (!used || !left || !seen || !touch) {
        st = PL_ENOMEM;
        goto done;
    }
    for (uint32_t c = 0; c < nc; c++) {
        const struct pl__clause *cl = &pa->interactions[c];
        touch[c] = pl__calloc(n, 1);
        if (!touch[c]) {
            st = PL_ENOMEM;
            goto done;
        }
        for (uint32_t j = 0; j < cl->n_conds; j++)
            if (cl->value != 0)
                touch[c][cl->conds[j].issue] = 1;
        for (uint32_t i = 0; i < n; i++)
            left[c] += touch[c][i];
    }
    for (uint32_t d = 0; d < n; d++) {
        uint32_t pick = NONE, bo = 0;
        double bc = -1, bt = -1, bs = -1;
        for (uint32_t i = 0; i < n; i++) {
            double comp = 0, tv = 0, sp;
            double lo = INFINITY, hi = -INFINITY;
            uint32_t open = 0;
            if (used[i])
                continue;
            for (uint32_t c = 0; c < nc; c++) {
                const bool t = touch[c][i];
                const uint32_t l = left[c] - t, sn = seen[c] + t;
                if (sn > 0 && l > 0)
                    open++;
                if (!t)
                    continue;
                tv += fabs(pa->interactions[c].value);
                if (l == 0)
                    comp += fabs(pa->interactions[c].value);
            }
            if (tv == 0) /* in no box: after every issue that is */
                open = UINT32_MAX - 1;
            for (uint32_t k = 0; k < b->s->issues[i].n_options; k++) {
                const double v = b->U[b->off[i] + k];
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            sp = hi - lo;
            if (pick == NONE || open < bo ||
                (open == bo &&
                 (comp > bc ||
                  (comp == bc && (tv > bt || (tv == bt && sp > bs)))))) {
                pick = i;
                bo = open;
                bc = comp;
                bt = tv;
                bs = sp;
            }
        }
        used[pick] = 1;
        b->perm[d] = pick;
        for (uint32_t c = 0; c < nc; c++)
            if (touch[c][pick]) {
                left[c]--;
                seen[c]++;
            }
    }
done:
    if (touch)
        for (uint32_t c = 0; c < nc; c++)
            pl__free(touch[c]);
    pl__free(touch);
    pl__free(seen);
    pl__free(left);
    pl__free(used);
    return st;
}

/* Every additive entry and box value a multiple of one q (within 1e-7 of
 * its count of steps), and at most 10^8 steps across the range? */
static void find_grid(pl__bidpool *b, double range)
{
    const struct pl__party *pa = &b->s->parties[b->p];
    const uint32_t K = b->s->n_total_options;
    double g = 0, mx = 0, tol;

    for (uint32_t k = 0; k < K; k++)
        mx = fabs(b->U[k]) > mx ? fabs(b->U[k]) : mx;
    for (uint32_t c = 0; c < pa->n_interactions; c++)
        if (pa->interactions[c].n_conds)
            mx = fabs(pa->interactions[c].value) > mx
                     ? fabs(pa->interactions[c].value)
                     : mx;
    tol = 1e-9 * mx;
    b->q = 0;
    if (mx == 0)
        return;
    for (uint32_t x = 0; x < K + pa->n_interactions; x++) {
        double v;
        if (x < K) {
            v = fabs(b->U[x]);
        } else {
            const struct pl__clause *cl = &pa->interactions[x - K];
            if (!cl->n_conds)
                continue;
            v = fabs(cl->value);
        }
        if (v <= tol)
            continue;
        g = g == 0 ? v : pl__fgcd(g, v, tol);
    }
    if (g <= 0 || range / g > 1e8)
        return;
    for (uint32_t x = 0; x < K + pa->n_interactions; x++) {
        double v, r;
        if (x < K) {
            v = b->U[x];
        } else {
            if (!pa->interactions[x - K].n_conds)
                continue;
            v = pa->interactions[x - K].value;
        }
        r = v / g;
        if (fabs(r - nearbyint(r)) > 1e-7)
            return;
    }
    b->q = g;
}

static pl_status build_model(pl__bidpool *b)
{
    const pl_scenario *s = b->s;
    const struct pl__party *pa = &s->parties[b->p];
    uint32_t *pos_of = NULL;
    uint32_t ncond = 0;
    struct segtmp *tmp = NULL;
    pl_status st;

    b->perm = pl__calloc(b->n, sizeof *b->perm);
    b->m = pl__calloc(b->n, sizeof *b->m);
    b->poff = pl__calloc(b->n + 1, sizeof *b->poff);
    b->spread = pl__calloc(b->n + 1, sizeof *b->spread);
    pos_of = pl__calloc(b->n, sizeof *pos_of);
    if (!b->perm || !b->m || !b->poff || !b->spread || !pos_of) {
        pl__free(pos_of);
        return PL_ENOMEM;
    }
    st = choose_order(b);
    if (st != PL_OK) {
        pl__free(pos_of);
        return st;
    }
    for (uint32_t d = 0; d < b->n; d++) {
        pos_of[b->perm[d]] = d;
        b->m[d] = s->issues[b->perm[d]].n_options;
        b->poff[d + 1] = b->poff[d] + b->m[d];
    }
    for (uint32_t d = b->n; d-- > 0;) {
        double lo = INFINITY, hi = -INFINITY;
        for (uint32_t k = 0; k < b->m[d]; k++) {
            const double v = b->U[b->off[b->perm[d]] + k];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        b->spread[d] = b->spread[d + 1] + (hi - lo);
    }
    for (uint32_t c = 0; c < pa->n_interactions; c++) {
        if (pa->interactions[c].n_conds == 0)
            b->constant += pa->interactions[c].value;
        else if (pa->interactions[c].value != 0) {
            b->nbox++;
            ncond += pa->interactions[c].n_conds;
        }
    }
    b->box = pl__calloc(b->nbox + 1, sizeof *b->box);
    b->seg = pl__calloc(ncond + 1, sizeof *b->seg);
    tmp = pl__calloc(ncond + 1, sizeof *tmp);
    b->atpos_start = pl__calloc(b->n + 2, sizeof *b->atpos_start);
    b->atpos = pl__calloc(ncond + 1, sizeof *b->atpos);
    if (!b->box || !b->seg || !tmp || !b->atpos_start || !b->atpos) {
        st = PL_ENOMEM;
        goto done;
    }
    for (uint32_t c = 0, bi = 0; c < pa->n_interactions; c++) {
        const struct pl__clause *cl = &pa->interactions[c];
        struct pbox *bx;
        if (!cl->n_conds || cl->value == 0)
            continue;
        bx = &b->box[bi];
        bx->v = cl->value;
        bx->first = b->nseg;
        for (uint32_t j = 0; j < cl->n_conds; j++) {
            tmp[j].pos = pos_of[cl->conds[j].issue];
            tmp[j].cond = j;
        }
        pl__qsort(tmp, cl->n_conds, sizeof *tmp, segtmp_cmp);
        /* conditions on the same issue merge into one segment */
        for (uint32_t j = 0; j < cl->n_conds; j++) {
            const struct pl__cond *cd = &cl->conds[tmp[j].cond];
            const uint32_t m = s->issues[cd->issue].n_options;
            struct seg *g;
            if (j > 0 && tmp[j].pos == tmp[j - 1].pos) {
                g = &b->seg[b->nseg - 1];
                for (uint32_t k = 0; k < m; k++)
                    g->allow[k] &= cd->allowed[k];
                continue;
            }
            g = &b->seg[b->nseg++];
            g->box = bi;
            g->pos = tmp[j].pos;
            g->allow = pl__malloc(m);
            if (!g->allow) {
                st = PL_ENOMEM;
                goto done;
            }
            memcpy(g->allow, cd->allowed, m);
            b->atpos_start[g->pos + 1]++;
        }
        bx->n = b->nseg - bx->first;
        bi++;
    }
    for (uint32_t d = 0; d < b->n; d++)
        b->atpos_start[d + 1] += b->atpos_start[d];
    {
        uint32_t *fill = pl__calloc(b->n + 1, sizeof *fill);
        if (!fill) {
            st = PL_ENOMEM;
            goto done;
        }
        for (uint32_t e = 0; e < b->nseg; e++) {
            const uint32_t d = b->seg[e].pos;
            b->atpos[b->atpos_start[d] + fill[d]++] = e;
        }
        pl__free(fill);
    }
    st = PL_OK;
done:
    pl__free(tmp);
    pl__free(pos_of);
    return st;
}

/* ---- walk phase ---------------------------------------------------------
 * Seeded random walks with single-issue moves, each steered toward a
 * random target utility (accept a move that gets no farther from it, and
 * 1 in 16 others), record the level of every outcome they evaluate.  A
 * move costs O(boxes on the issue) with per-box counts of unmet
 * conditions.  Cheap coverage of the bulk of the utility axis; the gap
 * searches then certify or fill what is left. */

struct walker {
    const pl__bidpool *b;
    const struct pl__party *pa;
    uint32_t *unmet;     /* by interaction */
    uint32_t *o;         /* current outcome, issue order */
    double u;            /* its raw utility (resynchronised periodically) */
    uint32_t **by_issue; /* per issue: interactions on it */
    uint8_t **mask;      /* per issue: their merged masks, m bytes each */
    uint32_t *nbi;
};

static void walker_set(struct walker *w, const uint32_t *o)
{
    memcpy(w->o, o, w->b->n * sizeof *o);
    for (uint32_t c = 0; c < w->pa->n_interactions; c++) {
        const struct pl__clause *cl = &w->pa->interactions[c];
        w->unmet[c] = 0;
        for (uint32_t j = 0; j < cl->n_conds; j++)
            w->unmet[c] += !cl->conds[j].allowed[o[cl->conds[j].issue]];
    }
    w->u = raw_utility(w->b, o);
}

/* Utility change of setting issue i to k (not applied). */
static double walker_delta(const struct walker *w, uint32_t i, uint32_t k)
{
    const pl__bidpool *b = w->b;
    const uint32_t k0 = w->o[i];
    double d = b->U[b->off[i] + k] - b->U[b->off[i] + k0];

    const uint32_t m = b->s->issues[i].n_options;

    for (uint32_t x = 0; x < w->nbi[i]; x++) {
        const uint32_t c = w->by_issue[i][x];
        const struct pl__clause *cl = &w->pa->interactions[c];
        const uint8_t *mk = w->mask[i] + (size_t)x * m;
        const bool was = mk[k0], now = mk[k];
        if (was == now)
            continue;
        if (w->unmet[c] == 0 && !now)
            d -= cl->value; /* was satisfied, breaks */
        else if (w->unmet[c] == 1 && now && !was)
            d += cl->value; /* the only unmet condition was this issue */
    }
    return d;
}

static void walker_move(struct walker *w, uint32_t i, uint32_t k, double d)
{
    const uint32_t k0 = w->o[i];
    const uint32_t m = w->b->s->issues[i].n_options;

    for (uint32_t x = 0; x < w->nbi[i]; x++) {
        const uint32_t c = w->by_issue[i][x];
        const uint8_t *mk = w->mask[i] + (size_t)x * m;
        const bool was = mk[k0], now = mk[k];
        if (was && !now)
            w->unmet[c]++;
        else if (!was && now)
            w->unmet[c]--;
    }
    w->o[i] = k;
    w->u += d;
}

/* ---- build ------------------------------------------------------------- */

struct gap {
    double a, b;
};

struct lvl {
    double u;
    size_t at; /* outcome slot */
};

struct builder {
    pl__bidpool *b;
    struct srch q;
    struct gap *heap;
    size_t nh, caph;
    struct lvl *lv;
    size_t nl, capl;
    uint32_t *outs; /* nl * n */
    double *cert;   /* lower ends of certified gaps */
    size_t nc, capc;
    uint64_t left; /* nodes */
    /* level registry of the walk: grid step or bucket -> level */
    int32_t *slot;
    size_t nslot;
    double klo, kscale; /* key = (u - klo) * kscale */
};

static bool gap_before(const struct gap *x, const struct gap *y)
{
    const double wx = x->b - x->a, wy = y->b - y->a;

    return wx > wy || (wx == wy && x->a < y->a);
}

static pl_status heap_push(struct builder *B, double a, double b)
{
    size_t i;

    if (B->nh == B->caph) {
        const size_t cap = B->caph ? 2 * B->caph : 256;
        struct gap *h = pl__reallocarray(B->heap, cap, sizeof *h);
        if (!h)
            return PL_ENOMEM;
        B->heap = h;
        B->caph = cap;
    }
    i = B->nh++;
    B->heap[i].a = a;
    B->heap[i].b = b;
    while (i > 0) {
        const size_t up = (i - 1) / 2;
        struct gap t;
        if (!gap_before(&B->heap[i], &B->heap[up]))
            break;
        t = B->heap[i];
        B->heap[i] = B->heap[up];
        B->heap[up] = t;
        i = up;
    }
    return PL_OK;
}

static struct gap heap_pop(struct builder *B)
{
    const struct gap top = B->heap[0];
    size_t i = 0;

    B->heap[0] = B->heap[--B->nh];
    for (;;) {
        const size_t l = 2 * i + 1, r = l + 1;
        size_t m = i;
        struct gap t;
        if (l < B->nh && gap_before(&B->heap[l], &B->heap[m]))
            m = l;
        if (r < B->nh && gap_before(&B->heap[r], &B->heap[m]))
            m = r;
        if (m == i)
            break;
        t = B->heap[i];
        B->heap[i] = B->heap[m];
        B->heap[m] = t;
        i = m;
    }
    return top;
}

static pl_status add_level(struct builder *B, double u, const uint32_t *o)
{
    const uint32_t n = B->b->n;

    if (B->nl == B->capl) {
        const size_t cap = B->capl ? 2 * B->capl : 256;
        struct lvl *l = pl__reallocarray(B->lv, cap, sizeof *l);
        uint32_t *os;
        if (!l)
            return PL_ENOMEM;
        B->lv = l;
        os = pl__reallocarray(B->outs, cap * n, sizeof *os);
        if (!os)
            return PL_ENOMEM;
        B->outs = os;
        B->capl = cap;
    }
    B->lv[B->nl].u = u;
    B->lv[B->nl].at = B->nl;
    memcpy(B->outs + B->nl * n, o, n * sizeof *o);
    B->nl++;
    return PL_OK;
}

static size_t level_key(const struct builder *B, double u)
{
    const double k = nearbyint((u - B->klo) * B->kscale);

    if (!(k >= 0))
        return 0;
    return k >= (double)B->nslot ? B->nslot - 1 : (size_t)k;
}

/* A level for u unless its grid step (bucket) already has one. */
static pl_status add_keyed(struct builder *B, double u, const uint32_t *o)
{
    const size_t k = level_key(B, u);
    pl_status st;

    if (B->slot[k] >= 0)
        return PL_OK;
    B->slot[k] = (int32_t)B->nl;
    st = add_level(B, u, o);
    return st;
}

static pl_status walk_phase(struct builder *B, uint64_t steps, double umin,
                            double umax)
{
    const pl__bidpool *b = B->b;
    const struct pl__party *pa = &b->s->parties[b->p];
    const uint32_t n = b->n;
    struct walker w;
    uint32_t tmp[PL_MAX_ISSUES], start[PL_MAX_ISSUES];
    pl_rng r;
    pl_status st = PL_OK;
    const uint32_t top = 0, bottom = B->nl > 1 ? 1 : 0; /* first two levels */

    memset(&w, 0, sizeof w);
    w.b = b;
    w.pa = pa;
    w.unmet = pl__calloc(pa->n_interactions + 1, sizeof *w.unmet);
    w.o = pl__calloc(n, sizeof *w.o);
    w.by_issue = pl__calloc(n, sizeof *w.by_issue);
    w.mask = pl__calloc(n, sizeof *w.mask);
    w.nbi = pl__calloc(n, sizeof *w.nbi);
    if (!w.unmet || !w.o || !w.by_issue || !w.mask || !w.nbi) {
        st = PL_ENOMEM;
        goto done;
    }
    for (uint32_t i = 0; i < n; i++) {
        const uint32_t m = b->s->issues[i].n_options;
        w.by_issue[i] = pl__calloc(pa->n_interactions + 1, sizeof **w.by_issue);
        w.mask[i] = pl__calloc(((size_t)pa->n_interactions + 1) * m, 1);
        if (!w.by_issue[i] || !w.mask[i]) {
            st = PL_ENOMEM;
            goto done;
        }
        for (uint32_t c = 0; c < pa->n_interactions; c++) {
            const struct pl__clause *cl = &pa->interactions[c];
            uint8_t *mk = w.mask[i] + (size_t)w.nbi[i] * m;
            bool t = false;
            memset(mk, 1, m);
            for (uint32_t j = 0; j < cl->n_conds; j++) {
                if (cl->conds[j].issue != i)
                    continue;
                t = true;
                for (uint32_t k = 0; k < m; k++)
                    mk[k] &= cl->conds[j].allowed[k];
            }
            if (t && cl->value != 0)
                w.by_issue[i][w.nbi[i]++] = c;
        }
    }
    pl_rng_stream(&r, 0x706f6f6cu, b->p);
    for (uint64_t walk = 0, done_steps = 0; done_steps < steps; walk++) {
        double T;
        switch (walk % 4) {
        case 2:
            memcpy(start, B->outs + (size_t)top * n, n * sizeof *start);
            break;
        case 3:
            memcpy(start, B->outs + (size_t)bottom * n, n * sizeof *start);
            break;
        default:
            for (uint32_t i = 0; i < n; i++)
                start[i] =
                    (uint32_t)pl_rng_below(&r, b->s->issues[i].n_options);
        }
        T = umin + (umax - umin) * pl_rng_uniform(&r);
        walker_set(&w, start);
        st = add_keyed(B, w.u, w.o);
        for (uint32_t x = 0; x < 1024 && done_steps < steps && st == PL_OK;
             x++, done_steps++) {
            const uint32_t i = (uint32_t)pl_rng_below(&r, n);
            const uint32_t m = b->s->issues[i].n_options;
            uint32_t k;
            double d, u2;
            if (m < 2)
                continue;
            k = (uint32_t)pl_rng_below(&r, m - 1);
            k += k >= w.o[i];
            d = walker_delta(&w, i, k);
            u2 = w.u + d;
            if (B->slot[level_key(B, u2)] < 0) {
                memcpy(tmp, w.o, n * sizeof *tmp);
                tmp[i] = k;
                st = add_keyed(B, raw_utility(b, tmp), tmp);
            }
            if (fabs(u2 - T) <= fabs(w.u - T) || pl_rng_below(&r, 16) == 0)
                walker_move(&w, i, k, d);
        }
        if (st != PL_OK)
            goto done;
    }
done:
    if (w.by_issue)
        for (uint32_t i = 0; i < n; i++)
            pl__free(w.by_issue[i]);
    if (w.mask)
        for (uint32_t i = 0; i < n; i++)
            pl__free(w.mask[i]);
    pl__free(w.mask);
    pl__free(w.by_issue);
    pl__free(w.nbi);
    pl__free(w.unmet);
    pl__free(w.o);
    return st;
}

static pl_status add_cert(struct builder *B, double a)
{
    if (B->nc == B->capc) {
        const size_t cap = B->capc ? 2 * B->capc : 256;
        double *c = pl__reallocarray(B->cert, cap, sizeof *c);
        if (!c)
            return PL_ENOMEM;
        B->cert = c;
        B->capc = cap;
    }
    B->cert[B->nc++] = a;
    return PL_OK;
}

/* No utility can lie strictly between a and b without a search? */
static bool trivially_empty(const pl__bidpool *b, double x, double y)
{
    if (b->q > 0)
        return nearbyint((y - b->base) / b->q) -
                   nearbyint((x - b->base) / b->q) <=
               1;
    return y - x <= 2 * b->eps;
}

/* Run one query from the root with `budget` nodes. */
static void run(struct srch *q, enum mode mode, double lo, double hi,
                uint64_t budget, uint32_t *out)
{
    srch_reset(q);
    q->mode = mode;
    q->lo = lo;
    q->hi = hi;
    q->target = 0.5 * (lo + hi);
    q->budget = budget;
    q->out = out;
    q->best = 0;
    if (mode == M_RANGE)
        q->slack = q->b->eps;
    else
        q->slack = q->b->q > 0 ? 0.5 * q->b->q : q->b->eps;
    dfs(q, 0, q->b->constant);
}

static int lvl_cmp(const void *x, const void *y)
{
    const struct lvl *a = x, *b = y;

    return (a->u > b->u) - (a->u < b->u);
}

static int dbl_cmp(const void *x, const void *y)
{
    const double a = *(const double *)x, b = *(const double *)y;

    return (a > b) - (a < b);
}

/* ---- level DP -------------------------------------------------------------
 * With a grid, the set of every reachable utility is computed exactly by
 * dynamic programming over the visiting order: the rest of the utility
 * from position d on depends only on which boxes that started before d
 * and end at or after d are still alive, so f(d, A) = the set of reachable
 * rest sums (a bitset over grid steps) is shared by every prefix leading
 * to the same A.  States are capped (PL__POOL_DP_WORDS of bitsets): the
 * ANAC 2014 10-issue profiles need a few thousand; beyond the cap the
 * build falls back to the searches.  A witness for each level is read
 * back by descending through the memo. */

struct ldp_tab { /* open addressing: mask -> state */
    uint64_t *key;
    int32_t *val;
    size_t cap, n;
};

struct ldp {
    const pl__bidpool *b;
    int64_t *iu; /* additive steps by slot (position layout) */
    int64_t *iv; /* box steps */
    int64_t lo;  /* value of bit 0 */
    uint32_t words;
    uint8_t *bit; /* (n + 1) * nbox: bit of box in the straddle set, 255 */
    struct ldp_tab *tab; /* per depth */
    uint64_t *bits;      /* states * words */
    size_t nstate, capstate, maxstate;
    uint64_t *tmp; /* n * words */
    int32_t term;  /* the state at depth n */
};

static int32_t *tab_find(struct ldp_tab *t, uint64_t key, bool *fresh)
{
    size_t h;

    if (2 * (t->n + 1) > t->cap) {
        const size_t cap = t->cap ? 2 * t->cap : 64;
        uint64_t *k = pl__calloc(cap, sizeof *k);
        int32_t *v = pl__calloc(cap, sizeof *v);
        if (!k || !v) {
            pl__free(k);
            pl__free(v);
            return NULL;
        }
        for (size_t x = 0; x < cap; x++)
            v[x] = -1;
        for (size_t x = 0; x < t->cap; x++) {
            if (t->val[x] < 0)
                continue;
            h = (size_t)((t->key[x] * 0x9e3779b97f4a7c15ull) >> 7) & (cap - 1);
            while (v[h] >= 0)
                h = (h + 1) & (cap - 1);
            k[h] = t->key[x];
            v[h] = t->val[x];
        }
        pl__free(t->key);
        pl__free(t->val);
        t->key = k;
        t->val = v;
        t->cap = cap;
    }
    h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 7) & (t->cap - 1);
    while (t->val[h] >= 0 && t->key[h] != key)
        h = (h + 1) & (t->cap - 1);
    *fresh = t->val[h] < 0;
    if (*fresh) {
        t->key[h] = key;
        t->n++;
    }
    return &t->val[h];
}

/* Option k at position d from alive set A: the next set and the steps
 * gained (additive plus boxes completed at d). */
static uint64_t ldp_step(const struct ldp *L, uint32_t d, uint64_t A,
                         uint32_t k, int64_t *gain)
{
    const pl__bidpool *b = L->b;
    const uint8_t *bd = L->bit + (size_t)d * b->nbox;
    const uint8_t *bn = L->bit + (size_t)(d + 1) * b->nbox;
    uint64_t A2 = 0;
    int64_t g = L->iu[b->poff[d] + k];

    /* carried: alive, straddling d and d+1, no condition at d */
    for (uint32_t c = 0; c < b->nbox; c++)
        if (bd[c] != 255 && bn[c] != 255 && ((A >> bd[c]) & 1))
            A2 |= 1ull << bn[c];
    for (uint32_t x = b->atpos_start[d]; x < b->atpos_start[d + 1]; x++) {
        const uint32_t e = b->atpos[x];
        const struct seg *sg = &b->seg[e];
        const struct pbox *bx = &b->box[sg->box];
        const bool alive =
            e == bx->first ? true : ((A >> bd[sg->box]) & 1) != 0;
        if (bn[sg->box] != 255)
            A2 &= ~(1ull << bn[sg->box]); /* decided below */
        if (!alive || !sg->allow[k])
            continue;
        if (e + 1 == bx->first + bx->n)
            g += L->iv[sg->box];
        else
            A2 |= 1ull << bn[sg->box];
    }
    *gain = g;
    return A2;
}

static void or_shift(uint64_t *dst, const uint64_t *src, int64_t sh,
                     uint32_t words)
{
    const int64_t ws = sh >= 0 ? sh / 64 : -((-sh + 63) / 64);
    const unsigned bs = (unsigned)(sh - ws * 64); /* 0..63 */

    for (int64_t x = 0; x < (int64_t)words; x++) {
        const int64_t from = x - ws;
        uint64_t v = 0;
        if (from >= 0 && from < (int64_t)words)
            v = src[from] << bs;
        if (bs && from - 1 >= 0 && from - 1 < (int64_t)words)
            v |= src[from - 1] >> (64 - bs);
        dst[x] |= v;
    }
}

/* State index of f(d, A), or -1 past the cap / out of memory. */
static int32_t ldp_state(struct ldp *L, uint32_t d, uint64_t A)
{
    const pl__bidpool *b = L->b;
    int32_t *slot, idx;
    bool fresh;
    uint64_t *acc;

    if (d == b->n)
        return L->term;
    slot = tab_find(&L->tab[d], A, &fresh);
    if (!slot)
        return -1;
    if (!fresh)
        return *slot;
    *slot = -2; /* in progress: not reachable again (depth grows) */
    acc = L->tmp + (size_t)d * L->words;
    for (uint32_t k = 0; k < b->m[d]; k++) {
        int64_t g;
        const uint64_t A2 = ldp_step(L, d, A, k, &g);
        const int32_t c = ldp_state(L, d + 1, A2);
        if (c < 0)
            return -1;
        if (k == 0)
            memset(acc, 0, L->words * sizeof *acc);
        or_shift(acc, L->bits + (size_t)c * L->words, g, L->words);
    }
    if (L->nstate == L->maxstate)
        return -1;
    if (L->nstate == L->capstate) {
        const size_t cap = L->capstate ? 2 * L->capstate : 256;
        uint64_t *nb = pl__reallocarray(L->bits, cap * L->words, sizeof *nb);
        if (!nb)
            return -1;
        L->bits = nb;
        L->capstate = cap;
    }
    idx = (int32_t)L->nstate++;
    memcpy(L->bits + (size_t)idx * L->words, acc, L->words * sizeof *acc);
    /* the table may have grown during the recursion: look again */
    slot = tab_find(&L->tab[d], A, &fresh);
    if (!slot)
        return -1;
    *slot = idx;
    return idx;
}

static bool ldp_has(const struct ldp *L, int32_t st, int64_t v)
{
    const int64_t bit = v - L->lo;

    if (bit < 0 || bit >= (int64_t)L->words * 64)
        return false;
    return (L->bits[(size_t)st * L->words + (size_t)(bit / 64)] >> (bit % 64)) &
           1;
}

static int32_t ldp_lookup(struct ldp *L, uint32_t d, uint64_t A)
{
    bool fresh;
    int32_t *slot;

    if (d == L->b->n)
        return L->term;
    slot = tab_find(&L->tab[d], A, &fresh);
    return slot && !fresh ? *slot : -1;
}

static void ldp_free(struct ldp *L)
{
    if (L->tab)
        for (uint32_t d = 0; d < L->b->n; d++) {
            pl__free(L->tab[d].key);
            pl__free(L->tab[d].val);
        }
    pl__free(L->tab);
    pl__free(L->iu);
    pl__free(L->iv);
    pl__free(L->bit);
    pl__free(L->bits);
    pl__free(L->tmp);
}

/* Levels from the DP into the builder; false (and nothing added) when the
 * space is beyond the DP's caps. */
static pl_status add_level(struct builder *B, double u, const uint32_t *o);

static bool level_dp(struct builder *B, uint32_t max_levels, pl_status *st)
{
    const pl__bidpool *b = B->b;
    const uint32_t n = b->n;
    struct ldp L;
    int64_t lo = 0, hi = 0;
    uint32_t cnt[PL_MAX_ISSUES + 1];
    bool ok = false;
    int32_t root;

    *st = PL_OK;
    memset(&L, 0, sizeof L);
    L.b = b;
    if (b->q <= 0 || b->nbox == 0)
        return false;
    L.iu = pl__calloc(b->poff[n] + 1, sizeof *L.iu);
    L.iv = pl__calloc(b->nbox, sizeof *L.iv);
    L.bit = pl__malloc((size_t)(n + 1) * b->nbox);
    L.tab = pl__calloc(n, sizeof *L.tab);
    if (!L.iu || !L.iv || !L.bit || !L.tab)
        goto nomem;
    for (uint32_t d = 0; d < n; d++) {
        int64_t mn = INT64_MAX, mx = INT64_MIN;
        for (uint32_t k = 0; k < b->m[d]; k++) {
            const int64_t v =
                (int64_t)nearbyint(b->U[b->off[b->perm[d]] + k] / b->q);
            L.iu[b->poff[d] + k] = v;
            mn = v < mn ? v : mn;
            mx = v > mx ? v : mx;
        }
        lo += mn < 0 ? mn : 0;
        hi += mx > 0 ? mx : 0;
    }
    for (uint32_t c = 0; c < b->nbox; c++) {
        L.iv[c] = (int64_t)nearbyint(b->box[c].v / b->q);
        lo += L.iv[c] < 0 ? L.iv[c] : 0;
        hi += L.iv[c] > 0 ? L.iv[c] : 0;
    }
    if (hi - lo + 1 > 4 * (int64_t)max_levels)
        goto out;
    L.lo = lo;
    L.words = (uint32_t)((hi - lo + 1 + 63) / 64);
    L.maxstate = PL__POOL_DP_WORDS / L.words;
    memset(L.bit, 255, (size_t)(n + 1) * b->nbox);
    memset(cnt, 0, sizeof cnt);
    for (uint32_t c = 0; c < b->nbox; c++) {
        const uint32_t f = b->seg[b->box[c].first].pos;
        const uint32_t l = b->seg[b->box[c].first + b->box[c].n - 1].pos;
        for (uint32_t d = f + 1; d <= l; d++) {
            if (cnt[d] == 64)
                goto out; /* cut wider than a mask */
            L.bit[(size_t)d * b->nbox + c] = (uint8_t)cnt[d]++;
        }
    }
    L.tmp = pl__calloc((size_t)n * L.words, sizeof *L.tmp);
    L.bits = pl__calloc(L.words, sizeof *L.bits);
    if (!L.tmp || !L.bits)
        goto nomem;
    L.capstate = 1;
    L.nstate = 1;
    L.term = 0;
    L.bits[(size_t)((0 - lo) / 64)] = 1ull << ((0 - lo) % 64);
    root = ldp_state(&L, 0, 0);
    if (root < 0)
        goto out; /* too many states (or no memory: the searches then) */
    B->b->st.dp_states = L.nstate;
    for (int64_t z = lo; z <= hi && *st == PL_OK; z++) {
        uint32_t o[PL_MAX_ISSUES];
        uint64_t A = 0;
        int64_t r = z;
        if (!ldp_has(&L, root, z))
            continue;
        for (uint32_t d = 0; d < n; d++) {
            for (uint32_t k = 0; k < b->m[d]; k++) {
                int64_t g;
                const uint64_t A2 = ldp_step(&L, d, A, k, &g);
                const int32_t c = ldp_lookup(&L, d + 1, A2);
                if (c >= 0 && ldp_has(&L, c, r - g)) {
                    o[b->perm[d]] = k;
                    r -= g;
                    A = A2;
                    break;
                }
            }
        }
        *st = add_level(B, raw_utility(b, o), o);
    }
    ok = *st == PL_OK;
    goto out;
nomem:
    *st = PL_ENOMEM;
out:
    ldp_free(&L);
    return ok;
}

static pl_status build_pool(pl__bidpool *b, const pl__bidpool_opts *opt)
{
    const uint64_t nodes = opt->nodes, gap_nodes = opt->gap_nodes;
    /* no use walking a small space many times over */
    const uint64_t steps =
        b->s->fits_u64 && b->s->n_outcomes_u64 < opt->steps / 32
            ? 32 * b->s->n_outcomes_u64
            : opt->steps;
    const uint32_t max_levels = opt->max_levels;
    struct builder B;
    uint32_t o[PL_MAX_ISSUES];
    double rlo, rhi, umax, umin;
    bool top, bottom, narrow = true;
    pl_status st;

    memset(&B, 0, sizeof B);
    B.b = b;
    B.left = nodes;
    st = srch_init(&B.q, b);
    if (st != PL_OK)
        return st;
    root_bounds(&B.q, &rlo, &rhi);
    b->eps = PL__POOL_EPS * (rhi - rlo > 0 ? rhi - rlo : 1);
    b->base = b->constant;
    find_grid(b, rhi - rlo);
    b->st.quantum = b->q;
    if (!opt->no_dp && level_dp(&B, max_levels, &st)) {
        b->st.dp = true;
        b->st.top_exact = b->st.bottom_exact = true;
        goto finish;
    }
    if (st != PL_OK)
        goto done;
    /* extremes: an eighth of the nodes each at most */
    run(&B.q, M_MAX, 0, 0, nodes / 8, o);
    B.left -= B.q.nodes;
    b->st.nodes += B.q.nodes;
    if (!B.q.found) { /* fewer nodes than issues */
        st = PL_EINVAL;
        goto done;
    }
    top = !B.q.stop;
    umax = B.q.best;
    st = add_level(&B, umax, o);
    if (st != PL_OK)
        goto done;
    run(&B.q, M_MIN, 0, 0, nodes / 8, o);
    B.left -= B.q.nodes;
    b->st.nodes += B.q.nodes;
    bottom = !B.q.stop;
    umin = B.q.best;
    /* registry: one slot per grid step, else 4 per level allowed */
    B.klo = rlo;
    if (b->q > 0 && (rhi - rlo) / b->q < 4.0 * max_levels) {
        B.kscale = 1 / b->q;
        B.klo = b->base + b->q * floor((rlo - b->base) / b->q);
        B.nslot = (size_t)((rhi - B.klo) / b->q) + 2;
    } else {
        B.nslot = 4 * (size_t)max_levels;
        B.kscale = rhi > rlo ? (double)(B.nslot - 1) / (rhi - rlo) : 0;
    }
    B.slot = pl__malloc(B.nslot * sizeof *B.slot);
    if (!B.slot) {
        st = PL_ENOMEM;
        goto done;
    }
    for (size_t x = 0; x < B.nslot; x++)
        B.slot[x] = -1;
    B.slot[level_key(&B, umax)] = 0;
    if (umin < umax) {
        st = add_keyed(&B, umin, o);
        if (st == PL_OK)
            st = walk_phase(&B, steps, umin, umax);
        if (st != PL_OK)
            goto done;
    }
    /* gaps between the levels found */
    pl__qsort(B.lv, B.nl, sizeof *B.lv, lvl_cmp);
    for (size_t j = 0; j + 1 < B.nl; j++)
        if (!trivially_empty(b, B.lv[j].u, B.lv[j + 1].u) &&
            (st = heap_push(&B, B.lv[j].u, B.lv[j + 1].u)) != PL_OK)
            goto done;
    while (B.nh && B.left && B.nl < max_levels) {
        const struct gap g = heap_pop(&B);
        double lo, hi;
        if (b->q > 0) {
            lo = g.a + 0.5 * b->q;
            hi = g.b - 0.5 * b->q;
        } else {
            lo = g.a + b->eps;
            hi = g.b - b->eps;
        }
        run(&B.q, M_RANGE, lo, hi, gap_nodes < B.left ? gap_nodes : B.left, o);
        B.left -= B.q.nodes;
        b->st.nodes += B.q.nodes;
        b->st.searches++;
        if (B.q.found) {
            const double u = B.q.best;
            st = add_level(&B, u, o);
            if (st == PL_OK && !trivially_empty(b, g.a, u))
                st = heap_push(&B, g.a, u);
            if (st == PL_OK && !trivially_empty(b, u, g.b))
                st = heap_push(&B, u, g.b);
        } else if (!B.q.stop) {
            st = add_cert(&B, g.a);
        } /* else out of nodes: the gap stays open */
        if (st != PL_OK)
            goto done;
    }
    b->st.top_exact = top;
    b->st.bottom_exact = bottom;
finish:
    pl__qsort(B.lv, B.nl, sizeof *B.lv, lvl_cmp);
    pl__qsort(B.cert, B.nc, sizeof *B.cert, dbl_cmp);
    for (uint32_t d = 0; d < b->n; d++)
        if (b->m[d] > 256)
            narrow = false;
    b->L = B.nl;
    b->lu = pl__calloc(B.nl, sizeof *b->lu);
    b->proven = pl__calloc(B.nl, 1);
    if (narrow)
        b->lo8 = pl__calloc(B.nl * b->n, 1);
    else
        b->lo32 = pl__calloc(B.nl * b->n, sizeof *b->lo32);
    if (!b->lu || !b->proven || (narrow ? !b->lo8 : !b->lo32)) {
        st = PL_ENOMEM;
        goto done;
    }
    for (size_t j = 0; j < B.nl; j++) {
        const uint32_t *src = B.outs + B.lv[j].at * b->n;
        b->lu[j] = B.lv[j].u;
        for (uint32_t i = 0; i < b->n; i++) {
            if (narrow)
                b->lo8[j * b->n + i] = (uint8_t)src[i];
            else
                b->lo32[j * b->n + i] = src[i];
        }
    }
    for (size_t j = 0; j + 1 < B.nl; j++) {
        const double a = b->lu[j];
        bool ok = b->st.dp || trivially_empty(b, a, b->lu[j + 1]);
        if (!ok && B.nc) /* bsearch needs a valid array, even empty */
            ok = bsearch(&a, B.cert, B.nc, sizeof *B.cert, dbl_cmp) != NULL;
        b->proven[j] = ok;
        if (!ok) {
            const double w = b->lu[j + 1] - a;
            b->st.open_gaps++;
            b->st.max_open_gap =
                w > b->st.max_open_gap ? w : b->st.max_open_gap;
        }
    }
    b->st.levels = B.nl;
    st = PL_OK;
done:
    srch_free(&B.q);
    pl__free(B.heap);
    pl__free(B.lv);
    pl__free(B.outs);
    pl__free(B.cert);
    pl__free(B.slot);
    return st;
}

/* ---- public ------------------------------------------------------------ */

void pl__bidpool_free(pl__bidpool *b)
{
    if (!b)
        return;
    for (uint32_t e = 0; b->seg && e < b->nseg; e++)
        pl__free(b->seg[e].allow);
    pl__free(b->seg);
    pl__free(b->box);
    pl__free(b->atpos);
    pl__free(b->atpos_start);
    pl__free(b->perm);
    pl__free(b->m);
    pl__free(b->poff);
    pl__free(b->spread);
    pl__free(b->lu);
    pl__free(b->lo8);
    pl__free(b->lo32);
    pl__free(b->proven);
    pl__free(b);
}

pl_status pl__bidpool_new(const pl_scenario *s, size_t p,
                          const pl__bidpool_opts *opts, pl__bidpool **out)
{
    pl__bidpool_opts o = {0, 0, 0, 0, false};
    pl__bidpool *b;
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
    b->U = s->U + p * s->n_total_options;
    b->off = s->opt_offset;
    if (opts)
        o = *opts;
    o.nodes = o.nodes ? o.nodes : PL__POOL_NODES;
    o.gap_nodes = o.gap_nodes ? o.gap_nodes : PL__POOL_GAP_NODES;
    o.steps = o.steps ? o.steps : PL__POOL_STEPS;
    o.max_levels = o.max_levels ? o.max_levels : PL__POOL_LEVELS;
    st = build_model(b);
    if (st == PL_OK)
        st = build_pool(b, &o);
    if (st != PL_OK) {
        pl__bidpool_free(b);
        return st;
    }
    *out = b;
    return PL_OK;
}

void pl__bidpool_stats_get(const pl__bidpool *b, pl__bidpool_stats *st)
{
    *st = b->st;
}

size_t pl__bidpool_size(const pl__bidpool *b)
{
    return b->L;
}

double pl__bidpool_level(const pl__bidpool *b, size_t j)
{
    return b->lu[j];
}

void pl__bidpool_outcome(const pl__bidpool *b, size_t j, uint32_t *out)
{
    for (uint32_t i = 0; i < b->n; i++)
        out[i] = b->lo8 ? b->lo8[j * b->n + i] : b->lo32[j * b->n + i];
}

size_t pl__bidpool_find(const pl__bidpool *b, double t)
{
    size_t lo = 0, hi = b->L;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (b->lu[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

double pl__bidpool_closest(const pl__bidpool *b, double t, uint32_t *out,
                           bool *exact)
{
    const size_t pos = pl__bidpool_find(b, t);
    size_t pick;

    if (pos == b->L) {
        pick = b->L - 1;
        *exact = b->st.top_exact;
    } else if (b->lu[pos] == t) {
        pick = pos;
        *exact = true;
    } else if (pos == 0) {
        pick = 0;
        *exact = b->st.bottom_exact;
    } else {
        pick = b->lu[pos] - t <= t - b->lu[pos - 1] ? pos : pos - 1;
        *exact = b->proven[pos - 1];
    }
    pl__bidpool_outcome(b, pick, out);
    return b->lu[pick];
}

bool pl__bidpool_at_least(const pl__bidpool *b, double t, uint32_t *out,
                          double *u, bool *exact)
{
    const size_t pos = pl__bidpool_find(b, t);

    if (pos == b->L) {
        *exact = b->st.top_exact;
        return false;
    }
    if (b->lu[pos] == t)
        *exact = true;
    else if (pos == 0)
        *exact = b->st.bottom_exact;
    else
        *exact = b->proven[pos - 1];
    pl__bidpool_outcome(b, pos, out);
    *u = b->lu[pos];
    return true;
}
