/* Exact 2-party analysis of grid-valued utilities by a joint dynamic
 * programme over the issues (the first thing `--method bnb` tries).
 *
 * Workload: the ANAC 2014 hyper-rectangle domains (10^10 outcomes, 20-26
 * boxes per profile, integer box values over `maxutility`, GENIUS's clamp
 * at 1) and any 2-party scenario whose issue terms and interaction values
 * are integer multiples of one quantum per party.
 *
 * Integer classes.  With quantum q_p every term t is n_t q_p up to a tiny
 * residual, so an outcome's utility before the clamp is its integer class
 * a = sum of the n_t of its terms, times q_p, up to a certified error E_p
 * (the residuals plus the reference summation's rounding, with a wide
 * margin).  The classes' intervals [a q - E, a q + E] are disjoint (the
 * method refuses when 4 E >= q), so classes order outcomes exactly except
 * within one class: there the doubles differ in their last bits (they
 * depend on which boxes hold, in clause order), which is what decides ties,
 * thresholds that fall on a class (a reservation of 0.75 with maxutility
 * 536 falls on class 402) and the clamp (class maxutility).
 *
 * The programme.  Issues are fixed in issue order (the outcome tree of
 * bnb.c).  At depth d the rest of both utilities depends only on which
 * clauses that started before d and end at or after d are still alive (a
 * bit mask, the state); the ANAC 2014 10-issue pairs have at most ~6,300
 * states per depth.  Per state, the table of (rest class of party 0, rest
 * class of party 1, number of completions) is built from the deepest depth
 * up while the tables stay small; a forward pass counts the prefixes per
 * (state, prefix classes) down to that depth; together they give H, the
 * number of outcomes in every pair of classes (a, b) (a few million
 * cells).
 *
 * Decisions.  Every answer is a maximum of a monotone objective (ranges,
 * best utility in the zone, the four concepts) over admissible outcomes, a
 * count (zone) or the Pareto set.  Per cell of H the class intervals give a
 * certified lower and upper bound of the objective and whether the cell is
 * certainly, possibly or not admissible; only the cells whose upper bound
 * reaches the best certain lower bound can hold the answer.  The zone
 * count takes the cells certainly in the zone wholesale.  A cell can hold
 * a Pareto outcome only if no other non-empty cell certainly dominates it
 * (suffix maxima over the class grid).  Every outcome of the remaining
 * cells is then visited, in index order, by a depth-first search that
 * descends only where the tables say a flagged cell is reachable, and is
 * evaluated exactly as pl_scenario_utility() does (issue terms in issue
 * order, then the live clauses in declared order, then the clamp): so
 * values, ties, lowest indices, zone flags and frontier vectors are the
 * enumeration's, bit for bit.  Kalai-Smorodinsky needs zone_best first: a
 * second, smaller visit.
 *
 * Applies to: exactly 2 analysis parties, no red lines, at most 128
 * clauses, both utilities on a grid (at most 2^20 classes each), the
 * space below 2^63.  Refuses (and bnb's tree search runs) when a cap is
 * reached: table entries, histogram cells, outcomes to visit.
 *
 * Cost: O(states * options * table size) for the tables, O(prefix states *
 * table size) for H, O(visited outcomes * (issues + clauses)) for the
 * visit.  Memory: the tables (16 bytes per entry) and H (8 bytes per
 * cell).  Single-threaded and deterministic. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bnb.h"
#include "bounds.h"
#include "core/alloc.h"
#include "core/fgcd.h"
#include "core/count.h"
#include "core/sort.h"
#include "gridjoint.h"

#define GJ_WORDS 2u
#define GJ_MAX_CLASSES (1u << 20)

/* Defaults of pl__gj_limits. */
#define GJ_MAX_ENTRIES 4000000ull
#define GJ_MAX_CELLS (1ull << 23)
#define GJ_MAX_VISITS 300000000ull

typedef struct {
    uint64_t w[GJ_WORDS];
} gkey;

struct ent {
    int32_t a, b;
    uint64_t c;
};

struct level {
    gkey *key;
    size_t n, cap;
    int32_t *slot; /* hash: index or -1 */
    size_t hcap;
    /* the table of each state (depths >= m) */
    size_t *off, *len;
    struct ent *ent;
    size_t n_ent;
};

enum q {
    Q_UMAX0,
    Q_UMAX1,
    Q_UMIN0,
    Q_UMIN1,
    Q_ZB0,
    Q_ZB1,
    Q_NASH,
    Q_EGAL,
    Q_WELF,
    Q_KS,
    Q_COUNT
};

#define F_ZONE 1u
#define F_FRONT 2u
#define F_Q(q) (4u << (q))

struct query {
    double v;      /* best so far */
    uint64_t idx;
    bool known;    /* decided from the classes alone */
    bool enumerate;
};

struct gj {
    const pl_scenario *s;
    struct pl__bt *t;
    uint32_t I, W;
    /* grid */
    double q[2], E[2], cap[2], r[2];
    int64_t *iu[2];          /* K: integer class of each option slot */
    int64_t *cn;             /* C: integer class of each clause's value */
    int64_t cst[2];          /* constant clauses */
    int32_t *first, *last;   /* C: issues of the first / last condition */
    gkey *open;              /* I + 1: started, not finished */
    gkey *fin;               /* I: finished at depth d */
    struct level *lev;       /* I + 1 */
    uint32_t m;              /* shallowest depth with tables */
    uint64_t entries;
    /* histogram */
    int64_t A0, B0;
    size_t NA, NB;
    uint64_t *H;
    double *la, *ha, *lb, *hb;
    uint16_t *flag;
    /* visit */
    struct query qu[Q_COUNT];
    double ks_best[2];
    uint64_t zone_extra, visits, visit_cap;
    struct pl__sky *sky;
    pl_status rc;
    size_t states;
};

_Thread_local bool pl__gj_off;

/* ---- keys ---- */

static inline gkey key_and(gkey x, gkey y)
{
    for (uint32_t q = 0; q < GJ_WORDS; q++)
        x.w[q] &= y.w[q];
    return x;
}

static inline bool key_eq(const gkey *x, const gkey *y)
{
    return memcmp(x, y, sizeof *x) == 0;
}

static inline size_t key_hash(const gkey *k)
{
    uint64_t h = k->w[0] * 0x9e3779b97f4a7c15ull;
    h ^= (k->w[1] + 0x632be59bd9b4e019ull) * 0xbf58476d1ce4e5b9ull;
    return (size_t)(h ^ (h >> 29));
}

static inline void key_set(gkey *k, uint32_t c)
{
    k->w[c / 64] |= (uint64_t)1 << (c % 64);
}

/* Index of key k at a level, -1 if absent. */
static int32_t lev_find(const struct level *L, const gkey *k)
{
    size_t h;

    if (!L->hcap)
        return -1;
    h = key_hash(k) & (L->hcap - 1);
    while (L->slot[h] >= 0) {
        if (key_eq(&L->key[L->slot[h]], k))
            return L->slot[h];
        h = (h + 1) & (L->hcap - 1);
    }
    return -1;
}

/* Index of key k, inserted if new; -1 on no memory. */
static int32_t lev_add(struct level *L, const gkey *k)
{
    size_t h;

    if (2 * (L->n + 1) > L->hcap) {
        const size_t cap = L->hcap ? 2 * L->hcap : 64;
        int32_t *sl = pl__malloc(cap * sizeof *sl);
        if (!sl)
            return -1;
        for (size_t x = 0; x < cap; x++)
            sl[x] = -1;
        for (size_t i = 0; i < L->n; i++) {
            h = key_hash(&L->key[i]) & (cap - 1);
            while (sl[h] >= 0)
                h = (h + 1) & (cap - 1);
            sl[h] = (int32_t)i;
        }
        pl__free(L->slot);
        L->slot = sl;
        L->hcap = cap;
    }
    h = key_hash(k) & (L->hcap - 1);
    while (L->slot[h] >= 0) {
        if (key_eq(&L->key[L->slot[h]], k))
            return L->slot[h];
        h = (h + 1) & (L->hcap - 1);
    }
    if (L->n == L->cap) {
        const size_t cap = L->cap ? 2 * L->cap : 16;
        gkey *nk = pl__reallocarray(L->key, cap, sizeof *nk);
        if (!nk)
            return -1;
        L->key = nk;
        L->cap = cap;
    }
    L->key[L->n] = *k;
    L->slot[h] = (int32_t)L->n;
    return (int32_t)L->n++;
}

/* ---- set-up: grid, clause spans ---- */

/* The quantum of analysis party j and the integer class of every term;
 * false if its terms are not on one grid. */
static bool find_grid(struct gj *g, uint32_t j)
{
    const struct pl__bt *t = g->t;
    const pl_scenario *s = g->s;
    const uint32_t K = s->n_total_options;
    const double *row = t->row[j];
    double mx = 0, gq = 0, tol, R = 0, T = 0;
    int64_t span = 0;

    for (uint32_t k = 0; k < K; k++)
        mx = fabs(row[k]) > mx ? fabs(row[k]) : mx;
    for (uint32_t c = t->int_lo[j]; c < t->int_hi[j]; c++)
        mx = fabs(t->cl_value[c]) > mx ? fabs(t->cl_value[c]) : mx;
    if (!(mx > 0) || !isfinite(mx))
        return false;
    tol = 1e-9 * mx;
    for (uint32_t x = 0; x < K + t->int_hi[j] - t->int_lo[j]; x++) {
        const double v = fabs(x < K ? row[x] : t->cl_value[t->int_lo[j] + x - K]);
        if (v <= tol)
            continue;
        gq = gq == 0 ? v : pl__fgcd(gq, v, tol);
    }
    if (!(gq > 0))
        return false;
    g->q[j] = gq;
    for (uint32_t x = 0; x < K + t->int_hi[j] - t->int_lo[j]; x++) {
        const double v = x < K ? row[x] : t->cl_value[t->int_lo[j] + x - K];
        const double rq = v / gq;
        int64_t n;
        if (!(fabs(rq) < 1e12) || fabs(rq - nearbyint(rq)) > 1e-6)
            return false;
        n = (int64_t)nearbyint(rq);
        if (x < K)
            g->iu[j][x] = n;
        else
            g->cn[t->int_lo[j] + x - K] = n;
    }
    /* Certified half-width of a class: residuals of the terms against
     * their grid value (each computed within 2^-52 |v|), plus the
     * reference's recursive summation (at most N terms, each step within
     * 2^-53 of the running sum, |running sum| <= T), doubled. */
    for (uint32_t i = 0; i < g->I; i++) {
        const uint32_t o0 = s->opt_offset[i], m = s->issues[i].n_options;
        double rmax = 0, vmax = 0;
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (uint32_t k = 0; k < m; k++) {
            const double v = row[o0 + k];
            const double res = fabs(v - (double)g->iu[j][o0 + k] * gq);
            rmax = res > rmax ? res : rmax;
            vmax = fabs(v) > vmax ? fabs(v) : vmax;
            lo = g->iu[j][o0 + k] < lo ? g->iu[j][o0 + k] : lo;
            hi = g->iu[j][o0 + k] > hi ? g->iu[j][o0 + k] : hi;
        }
        R += rmax + vmax * 0x1p-52;
        T += vmax;
        span += hi - lo;
    }
    for (uint32_t c = t->int_lo[j]; c < t->int_hi[j]; c++) {
        const double v = t->cl_value[c];
        R += fabs(v - (double)g->cn[c] * gq) + fabs(v) * 0x1p-52;
        T += fabs(v);
        span += g->cn[c] < 0 ? -g->cn[c] : g->cn[c];
    }
    if (span >= (int64_t)GJ_MAX_CLASSES)
        return false;
    g->E[j] = 2.0 * (R + (double)(g->I + t->C + 4) * 0x1p-52 * T) +
              (double)span * gq * 0x1p-50;
    return 4.0 * g->E[j] < gq && isfinite(g->E[j]);
}

static bool spans(struct gj *g)
{
    const struct pl__bt *t = g->t;
    const uint32_t C = t->C, I = g->I;

    g->first = pl__calloc(C ? C : 1, sizeof *g->first);
    g->last = pl__calloc(C ? C : 1, sizeof *g->last);
    g->open = pl__calloc(I + 1, sizeof *g->open);
    g->fin = pl__calloc(I + 1, sizeof *g->fin);
    if (!g->first || !g->last || !g->open || !g->fin)
        return false;
    for (uint32_t c = 0; c < C; c++) {
        int32_t f = -1;
        for (uint32_t x = t->cond_start[c]; x < t->cond_start[c + 1]; x++)
            if (f < 0 || (int32_t)t->cond_issue[x] < f)
                f = (int32_t)t->cond_issue[x];
        g->first[c] = f;
        g->last[c] = t->cl_last[c];
        if (f < 0) { /* always holds */
            g->cst[t->cl_party[c]] += g->cn[c];
            continue;
        }
        key_set(&g->fin[g->last[c]], c);
        for (int32_t d = f + 1; d <= g->last[c]; d++)
            key_set(&g->open[d], c);
    }
    return true;
}

/* Option o of issue d from state k (alive started clauses): the next
 * state and the classes gained. */
static inline gkey step(const struct gj *g, uint32_t d, const gkey *k,
                        uint32_t o, int64_t *ga, int64_t *gb)
{
    const struct pl__bt *t = g->t;
    const uint32_t slot = g->s->opt_offset[d] + o;
    const uint64_t *f = t->fail + (size_t)slot * t->W;
    gkey alive, k2;
    int64_t x[2];

    x[0] = g->iu[0][slot];
    x[1] = g->iu[1][slot];
    for (uint32_t q = 0; q < GJ_WORDS; q++) {
        const uint64_t fq = q < t->W ? f[q] : 0;
        alive.w[q] = (k->w[q] | ~g->open[d].w[q]) & ~fq;
        k2.w[q] = alive.w[q] & g->open[d + 1].w[q];
    }
    for (uint32_t q = 0; q < GJ_WORDS; q++) {
        uint64_t h = alive.w[q] & g->fin[d].w[q];
        while (h) {
            const uint32_t c = q * 64 + (uint32_t)__builtin_ctzll(h);
            h &= h - 1;
            x[t->cl_party[c]] += g->cn[c];
        }
    }
    *ga = x[0];
    *gb = x[1];
    return k2;
}

/* ---- the tables ---- */

static int cmp_ent(const void *x, const void *y)
{
    const struct ent *a = x, *b = y;

    if (a->a != b->a)
        return (a->a > b->a) - (a->a < b->a);
    return (a->b > b->b) - (a->b < b->b);
}

/* Sort and merge equal (a, b); returns the new length. */
static size_t ent_merge(struct ent *e, size_t n)
{
    size_t w = 0;

    pl__qsort(e, n, sizeof *e, cmp_ent);
    for (size_t x = 0; x < n; x++) {
        if (w && e[w - 1].a == e[x].a && e[w - 1].b == e[x].b)
            e[w - 1].c += e[x].c;
        else
            e[w++] = e[x];
    }
    return w;
}

/* States reachable at every depth. */
static pl_status build_states(struct gj *g, const char **why)
{
    const gkey zero = {{0}};

    if (lev_add(&g->lev[0], &zero) < 0)
        return PL_ENOMEM;
    for (uint32_t d = 0; d < g->I; d++) {
        const uint32_t m = g->s->issues[d].n_options;
        for (size_t i = 0; i < g->lev[d].n; i++)
            for (uint32_t o = 0; o < m; o++) {
                int64_t ga, gb;
                const gkey k2 = step(g, d, &g->lev[d].key[i], o, &ga, &gb);
                if (lev_add(&g->lev[d + 1], &k2) < 0)
                    return PL_ENOMEM;
            }
        g->states += g->lev[d + 1].n;
        if (g->states > 4000000) {
            *why = "too many states";
            return PL_OK;
        }
    }
    return PL_OK;
}

/* Tables from the deepest depth up while they fit. */
static pl_status build_tables(struct gj *g, uint64_t max_entries)
{
    struct level *L = &g->lev[g->I];
    struct ent *buf = NULL;
    size_t bcap = 0;

    L->off = pl__calloc(1, sizeof *L->off);
    L->len = pl__calloc(1, sizeof *L->len);
    L->ent = pl__calloc(1, sizeof *L->ent);
    if (!L->off || !L->len || !L->ent)
        return PL_ENOMEM;
    L->len[0] = 1;
    L->ent[0].c = 1;
    L->n_ent = 1;
    g->entries = 1;
    g->m = g->I;
    for (uint32_t d = g->I; d-- > 0;) {
        struct level *P = &g->lev[d], *N = &g->lev[d + 1];
        const uint32_t m = g->s->issues[d].n_options;
        size_t total = 0, cap = 0;
        struct ent *all = NULL;
        P->off = pl__calloc(P->n, sizeof *P->off);
        P->len = pl__calloc(P->n, sizeof *P->len);
        if (!P->off || !P->len)
            goto nomem;
        for (size_t i = 0; i < P->n; i++) {
            size_t need = 0, nb;
            for (uint32_t o = 0; o < m; o++) {
                int64_t ga, gb;
                const gkey k2 = step(g, d, &P->key[i], o, &ga, &gb);
                need += N->len[lev_find(N, &k2)];
            }
            if (need > bcap) {
                struct ent *nbuf = pl__reallocarray(buf, need, sizeof *nbuf);
                if (!nbuf)
                    goto nomem;
                buf = nbuf;
                bcap = need;
            }
            nb = 0;
            for (uint32_t o = 0; o < m; o++) {
                int64_t ga, gb;
                const gkey k2 = step(g, d, &P->key[i], o, &ga, &gb);
                const int32_t c = lev_find(N, &k2);
                const struct ent *src = N->ent + N->off[c];
                for (size_t x = 0; x < N->len[c]; x++) {
                    buf[nb].a = src[x].a + (int32_t)ga;
                    buf[nb].b = src[x].b + (int32_t)gb;
                    buf[nb].c = src[x].c;
                    nb++;
                }
            }
            nb = ent_merge(buf, nb);
            if (g->entries + total + nb > max_entries) {
                pl__free(all);
                pl__free(P->off);
                pl__free(P->len);
                P->off = P->len = NULL;
                pl__free(buf);
                return PL_OK; /* tables from depth d + 1 on */
            }
            if (total + nb > cap) {
                size_t nc = cap ? 2 * cap : 1024;
                struct ent *na;
                while (nc < total + nb)
                    nc *= 2;
                na = pl__reallocarray(all, nc, sizeof *na);
                if (!na) {
                    pl__free(all);
                    goto nomem;
                }
                all = na;
                cap = nc;
            }
            memcpy(all + total, buf, nb * sizeof *buf);
            P->off[i] = total;
            P->len[i] = nb;
            total += nb;
        }
        P->ent = all;
        P->n_ent = total;
        g->entries += total;
        g->m = d;
    }
    pl__free(buf);
    return PL_OK;
nomem:
    pl__free(buf);
    return PL_ENOMEM;
}

/* ---- the histogram ---- */

struct fent { /* forward: prefixes per (state, classes) */
    int32_t k;
    int32_t a, b;
    uint64_t c;
};

static int cmp_fent(const void *x, const void *y)
{
    const struct fent *p = x, *q = y;

    if (p->k != q->k)
        return (p->k > q->k) - (p->k < q->k);
    if (p->a != q->a)
        return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}

static pl_status build_hist(struct gj *g, uint64_t max_entries,
                            uint64_t max_cells, const char **why)
{
    struct fent *f = pl__calloc(1, sizeof *f), *nf;
    size_t n = 1;
    int64_t a0 = INT64_MAX, a1 = INT64_MIN, b0 = INT64_MAX, b1 = INT64_MIN;
    const struct level *M = &g->lev[g->m];
    pl_status rc = PL_OK;

    if (!f)
        return PL_ENOMEM;
    f[0].k = 0;
    f[0].a = (int32_t)g->cst[0];
    f[0].b = (int32_t)g->cst[1];
    f[0].c = 1;
    for (uint32_t d = 0; d < g->m; d++) {
        const uint32_t m = g->s->issues[d].n_options;
        size_t w = 0;
        if ((uint64_t)n * m > max_entries) {
            *why = "too many prefix states";
            goto out;
        }
        nf = pl__calloc(n * m, sizeof *nf);
        if (!nf) {
            rc = PL_ENOMEM;
            goto out;
        }
        for (size_t x = 0; x < n; x++)
            for (uint32_t o = 0; o < m; o++) {
                int64_t ga, gb;
                const gkey k2 =
                    step(g, d, &g->lev[d].key[f[x].k], o, &ga, &gb);
                nf[w].k = lev_find(&g->lev[d + 1], &k2);
                nf[w].a = f[x].a + (int32_t)ga;
                nf[w].b = f[x].b + (int32_t)gb;
                nf[w].c = f[x].c;
                w++;
            }
        pl__free(f);
        f = nf;
        pl__qsort(f, w, sizeof *f, cmp_fent);
        n = 0;
        for (size_t x = 0; x < w; x++) {
            if (n && f[n - 1].k == f[x].k && f[n - 1].a == f[x].a &&
                f[n - 1].b == f[x].b)
                f[n - 1].c += f[x].c;
            else
                f[n++] = f[x];
        }
    }
    for (size_t x = 0; x < n; x++) {
        const struct ent *e = M->ent + M->off[f[x].k];
        const size_t len = M->len[f[x].k];
        for (size_t y = 0; y < len; y++) {
            const int64_t a = (int64_t)f[x].a + e[y].a,
                          b = (int64_t)f[x].b + e[y].b;
            a0 = a < a0 ? a : a0;
            a1 = a > a1 ? a : a1;
            b0 = b < b0 ? b : b0;
            b1 = b > b1 ? b : b1;
        }
    }
    g->A0 = a0;
    g->B0 = b0;
    g->NA = (size_t)(a1 - a0 + 1);
    g->NB = (size_t)(b1 - b0 + 1);
    if ((uint64_t)g->NA * g->NB > max_cells) {
        *why = "too many class pairs";
        goto out;
    }
    g->H = pl__calloc(g->NA * g->NB, sizeof *g->H);
    if (!g->H) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (size_t x = 0; x < n; x++) {
        const struct ent *e = M->ent + M->off[f[x].k];
        const size_t len = M->len[f[x].k];
        const int64_t da = f[x].a - a0, db = f[x].b - b0;
        for (size_t y = 0; y < len; y++)
            g->H[(size_t)(da + e[y].a) * g->NB + (size_t)(db + e[y].b)] +=
                f[x].c * e[y].c;
    }
out:
    pl__free(f);
    return rc;
}

/* Certified interval of the clamped utility of class index x of party j. */
static void class_iv(const struct gj *g, uint32_t j, int64_t cls, double *lo,
                     double *hi)
{
    const double x = (double)cls * g->q[j];
    const double e = g->E[j] + fabs(x) * 0x1p-50;
    const double l = x - e, h = x + e;

    *lo = l > g->cap[j] ? g->cap[j] : l;
    *hi = h > g->cap[j] ? g->cap[j] : h;
}

/* ---- objectives (the enumeration's arithmetic) ---- */

static double objective(const struct gj *g, int q, const double *u)
{
    const double *r = g->r;

    switch (q) {
    case Q_UMAX0:
        return u[0];
    case Q_UMAX1:
        return u[1];
    case Q_UMIN0:
        return -u[0];
    case Q_UMIN1:
        return -u[1];
    default:
        break;
    }
    if (q == Q_NASH ? !(u[0] > r[0] && u[1] > r[1])
                    : !(u[0] >= r[0] && u[1] >= r[1]))
        return -INFINITY;
    switch (q) {
    case Q_ZB0:
        return u[0];
    case Q_ZB1:
        return u[1];
    case Q_NASH:
        return pl__concept_value(PL_NASH, u, r, NULL, 2);
    case Q_EGAL:
        return pl__concept_value(PL_EGALITARIAN, u, r, NULL, 2);
    case Q_WELF:
        return pl__concept_value(PL_MAX_WELFARE, u, r, NULL, 2);
    case Q_KS:
        return pl__concept_value(PL_KALAI_SMORODINSKY, u, r, g->ks_best, 2);
    default:
        return -INFINITY;
    }
}

/* Per query: the cells that may hold its answer get flag F_Q(q), unless
 * the classes alone give the value (value-only queries).  Returns the
 * number of outcomes to visit for it. */
/* ---- one party's extreme over some of its classes ----
 * min / max of one party's utility needs no joint state: a search over
 * the outcome tree that merges nodes with the same (depth, dead clauses
 * of the party, prefix sum of its issue terms, prefix class) -- they
 * reach the same doubles -- and descends only where a wanted class is
 * reachable (per-state lists of the party's rest classes). */

struct pmemo {
    uint64_t *key; /* 5 words per slot: depth, dead[2], sum bits, class */
    uint8_t *used;
    size_t n, cap;
};

static bool pmemo_insert(struct pmemo *M, const uint64_t *k, bool *fresh)
{
    size_t h;

    if (2 * (M->n + 1) > M->cap) {
        const size_t cap = M->cap ? 2 * M->cap : 1024;
        uint64_t *nk = pl__calloc(cap * 5, sizeof *nk);
        uint8_t *nu = pl__calloc(cap, 1);
        if (!nk || !nu) {
            pl__free(nk);
            pl__free(nu);
            return false;
        }
        for (size_t x = 0; x < M->cap; x++) {
            uint64_t hh;
            if (!M->used[x])
                continue;
            hh = 0;
            for (int w = 0; w < 5; w++)
                hh = (hh ^ M->key[x * 5 + w]) * 0x9e3779b97f4a7c15ull;
            h = (size_t)(hh >> 17) & (cap - 1);
            while (nu[h])
                h = (h + 1) & (cap - 1);
            nu[h] = 1;
            memcpy(nk + h * 5, M->key + x * 5, 5 * sizeof *nk);
        }
        pl__free(M->key);
        pl__free(M->used);
        M->key = nk;
        M->used = nu;
        M->cap = cap;
    }
    {
        uint64_t hh = 0;
        for (int w = 0; w < 5; w++)
            hh = (hh ^ k[w]) * 0x9e3779b97f4a7c15ull;
        h = (size_t)(hh >> 17) & (M->cap - 1);
    }
    while (M->used[h]) {
        if (memcmp(M->key + h * 5, k, 5 * sizeof *k) == 0) {
            *fresh = false;
            return true;
        }
        h = (h + 1) & (M->cap - 1);
    }
    M->used[h] = 1;
    memcpy(M->key + h * 5, k, 5 * sizeof *k);
    M->n++;
    *fresh = true;
    return true;
}

struct pext {
    struct gj *g;
    uint32_t p;
    gkey pm;              /* the party's clauses */
    struct level *lev;    /* I + 1: the party's states */
    int32_t **rest;       /* per depth, per state: rest classes */
    size_t **nrest;
    const uint8_t *want;  /* by class index (from A0 / B0) */
    int64_t base;
    size_t nw;
    bool maximise;
    double best;
    struct pmemo memo;
    pl_status rc;
};

static int cmp_i32(const void *x, const void *y)
{
    const int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;

    return (a > b) - (a < b);
}

static void pext_dfs(struct pext *X, uint32_t d, const uint64_t *dead,
                     double sp, int64_t pa)
{
    struct gj *g = X->g;
    const struct pl__bt *t = g->t;
    const uint32_t p = X->p;
    gkey kp;
    int32_t ki;
    bool ok = false, fresh;
    uint64_t mk[5];

    if (X->rc != PL_OK)
        return;
    if (d == g->I) {
        double x = sp;
        const int64_t cls = pa - X->base;
        if (cls < 0 || (size_t)cls >= X->nw || !X->want[cls])
            return;
        for (uint32_t c = t->int_lo[p]; c < t->int_hi[p]; c++)
            if (!(dead[c / 64] >> (c % 64) & 1))
                x += t->cl_value[c];
        x = x > t->cap[p] ? t->cap[p] : x;
        g->visits++;
        if (X->maximise ? x > X->best : x < X->best)
            X->best = x;
        return;
    }
    for (uint32_t q = 0; q < GJ_WORDS; q++)
        kp.w[q] = ~(q < t->W ? dead[q] : 0) & g->open[d].w[q] & X->pm.w[q];
    ki = lev_find(&X->lev[d], &kp);
    for (size_t x = 0; ki >= 0 && x < X->nrest[d][ki] && !ok; x++) {
        const int64_t c = pa + X->rest[d][X->lev[d].off[ki] + x] - X->base;
        ok = c >= 0 && (size_t)c < X->nw && X->want[c];
    }
    if (!ok)
        return;
    mk[0] = d;
    mk[1] = (t->W > 0 ? dead[0] : 0) & X->pm.w[0];
    mk[2] = (t->W > 1 ? dead[1] : 0) & X->pm.w[1];
    memcpy(&mk[3], &sp, sizeof sp);
    mk[4] = (uint64_t)pa;
    if (!pmemo_insert(&X->memo, mk, &fresh)) {
        X->rc = PL_ENOMEM;
        return;
    }
    if (!fresh)
        return;
    for (uint32_t o = 0; o < g->s->issues[d].n_options; o++) {
        const uint32_t slot = g->s->opt_offset[d] + o;
        const uint64_t *fl = t->fail + (size_t)slot * t->W;
        uint64_t dead2[GJ_WORDS] = {0};
        int64_t gn[2];
        (void)step(g, d, &kp, o, &gn[0], &gn[1]);
        for (uint32_t q = 0; q < t->W; q++)
            dead2[q] = dead[q] | fl[q];
        pext_dfs(X, d + 1, dead2, sp + t->row[p][slot], pa + gn[p]);
    }
}

/* Extreme of party p's utility over the outcomes whose class is wanted
 * (want[class - base], nw classes). */
static pl_status party_extreme(struct gj *g, uint32_t p, const uint8_t *want,
                               int64_t base, size_t nw, bool maximise,
                               double *out)
{
    struct pext X;
    const struct pl__bt *t = g->t;
    const uint64_t dead[GJ_WORDS] = {0};
    pl_status rc = PL_ENOMEM;
    int32_t *buf = NULL;
    size_t bcap = 0;

    memset(&X, 0, sizeof X);
    X.g = g;
    X.p = p;
    X.want = want;
    X.base = base;
    X.nw = nw;
    X.maximise = maximise;
    X.best = maximise ? -INFINITY : INFINITY;
    X.rc = PL_OK;
    for (uint32_t c = t->int_lo[p]; c < t->int_hi[p]; c++)
        key_set(&X.pm, c);
    X.lev = pl__calloc(g->I + 1, sizeof *X.lev);
    X.rest = pl__calloc(g->I + 1, sizeof *X.rest);
    X.nrest = pl__calloc(g->I + 1, sizeof *X.nrest);
    if (!X.lev || !X.rest || !X.nrest)
        goto out;
    for (uint32_t d = 0; d <= g->I; d++)
        for (size_t i = 0; i < g->lev[d].n; i++) {
            const gkey k = key_and(g->lev[d].key[i], X.pm);
            if (lev_add(&X.lev[d], &k) < 0)
                goto out;
        }
    for (uint32_t d = g->I + 1; d-- > 0;) {
        struct level *L = &X.lev[d];
        size_t total = 0;
        L->off = pl__calloc(L->n, sizeof *L->off);
        X.nrest[d] = pl__calloc(L->n, sizeof *X.nrest[d]);
        if (!L->off || !X.nrest[d])
            goto out;
        if (d == g->I) {
            X.rest[d] = pl__calloc(1, sizeof *X.rest[d]);
            if (!X.rest[d])
                goto out;
            X.nrest[d][0] = 1;
            continue;
        }
        for (int pass = 0; pass < 2; pass++) {
            total = 0;
            for (size_t i = 0; i < L->n; i++) {
                size_t nb = 0, need = 0;
                const uint32_t m = g->s->issues[d].n_options;
                for (uint32_t o = 0; o < m; o++) {
                    int64_t gn[2];
                    const gkey k2 = key_and(
                        step(g, d, &L->key[i], o, &gn[0], &gn[1]), X.pm);
                    need += X.nrest[d + 1][lev_find(&X.lev[d + 1], &k2)];
                }
                if (need > bcap) {
                    int32_t *nb2 = pl__reallocarray(buf, need, sizeof *nb2);
                    if (!nb2)
                        goto out;
                    buf = nb2;
                    bcap = need;
                }
                for (uint32_t o = 0; o < m; o++) {
                    int64_t gn[2];
                    const gkey k2 = key_and(
                        step(g, d, &L->key[i], o, &gn[0], &gn[1]), X.pm);
                    const int32_t c = lev_find(&X.lev[d + 1], &k2);
                    const int32_t *src =
                        X.rest[d + 1] + X.lev[d + 1].off[c];
                    for (size_t x = 0; x < X.nrest[d + 1][c]; x++)
                        buf[nb++] = src[x] + (int32_t)gn[p];
                }
                pl__qsort(buf, nb, sizeof *buf, cmp_i32);
                {
                    size_t w = 0;
                    for (size_t x = 0; x < nb; x++)
                        if (!w || buf[w - 1] != buf[x])
                            buf[w++] = buf[x];
                    nb = w;
                }
                if (pass == 1)
                    memcpy(X.rest[d] + total, buf, nb * sizeof *buf);
                L->off[i] = total;
                X.nrest[d][i] = nb;
                total += nb;
            }
            if (pass == 0) {
                X.rest[d] = pl__calloc(total ? total : 1, sizeof *X.rest[d]);
                if (!X.rest[d])
                    goto out;
            }
        }
    }
    pext_dfs(&X, 0, dead, 0.0, g->cst[p]);
    rc = X.rc;
    *out = X.best;
out:
    pl__free(buf);
    for (uint32_t d = 0; X.lev && d <= g->I; d++) {
        pl__free(X.lev[d].key);
        pl__free(X.lev[d].slot);
        pl__free(X.lev[d].off);
        if (X.rest)
            pl__free(X.rest[d]);
        if (X.nrest)
            pl__free(X.nrest[d]);
    }
    pl__free(X.lev);
    pl__free(X.rest);
    pl__free(X.nrest);
    pl__free(X.memo.key);
    pl__free(X.memo.used);
    return rc;
}

/* Per query: the cells that may hold its answer get flag F_Q(q), unless
 * the classes alone give the value (value-only queries): every candidate
 * cell is a single value, or the best of them is reached by a cell that
 * is.  Range queries (one party) go to party_extreme instead.  Returns
 * the number of outcomes to visit for it. */
static uint64_t plan_query(struct gj *g, int q, bool value_only)
{
    const bool down = q == Q_UMIN0 || q == Q_UMIN1;
    const bool zb = q == Q_ZB0 || q == Q_ZB1;
    bool single = q <= Q_UMIN1 || zb;
    const uint32_t p = (q == Q_UMAX1 || q == Q_UMIN1 || q == Q_ZB1) ? 1 : 0;
    double vlb = -INFINITY, best_ub = -INFINITY, vexact = -INFINITY;
    bool uniform = true;
    uint64_t visits = 0;
    struct query *Q = &g->qu[q];
    uint8_t *want = NULL;
    const size_t nw = p ? g->NB : g->NA;

    for (size_t a = 0; a < g->NA; a++)
        for (size_t b = 0; b < g->NB; b++) {
            double lo[2], hi[2], xl, xh;
            if (!g->H[a * g->NB + b])
                continue;
            lo[0] = down ? g->ha[a] : g->la[a];
            lo[1] = down ? g->hb[b] : g->lb[b];
            hi[0] = down ? g->la[a] : g->ha[a];
            hi[1] = down ? g->lb[b] : g->hb[b];
            xl = objective(g, q, lo);
            vlb = xl > vlb ? xl : vlb;
            if (xl > -INFINITY && xl == (xh = objective(g, q, hi)))
                vexact = xl > vexact ? xl : vexact;
        }
    Q->v = -INFINITY;
    Q->idx = UINT64_MAX;
    Q->known = false;
    Q->enumerate = true;
    if (single) {
        want = pl__calloc(nw ? nw : 1, 1);
        if (!want) {
            g->rc = PL_ENOMEM;
            return 0;
        }
    }
    for (size_t a = 0; a < g->NA; a++)
        for (size_t b = 0; b < g->NB; b++) {
            double lo[2], hi[2], xl, xh;
            const uint64_t h = g->H[a * g->NB + b];
            if (!h)
                continue;
            lo[0] = down ? g->ha[a] : g->la[a];
            lo[1] = down ? g->hb[b] : g->lb[b];
            hi[0] = down ? g->la[a] : g->ha[a];
            hi[1] = down ? g->lb[b] : g->hb[b];
            xh = objective(g, q, hi);
            if (xh == -INFINITY || xh < vlb)
                continue;
            xl = objective(g, q, lo);
            uniform = uniform && xl == xh;
            best_ub = xh > best_ub ? xh : best_ub;
            if (single)
                want[p ? b : a] = 1;
            g->flag[a * g->NB + b] |= (uint16_t)F_Q(q);
            visits += h;
        }
    /* the best utility in the zone is a one-party extreme when every
     * outcome of the wanted classes is certainly in the zone */
    for (size_t a = 0; zb && single && a < g->NA; a++)
        for (size_t b = 0; b < g->NB && single; b++)
            if (g->H[a * g->NB + b] && want[p ? b : a] &&
                !(g->la[a] >= g->r[0] && g->lb[b] >= g->r[1]))
                single = false;
    if (single)
        for (size_t c = 0; c < g->NA * g->NB; c++)
            g->flag[c] &= (uint16_t)~F_Q(q);
    if (value_only && (uniform || best_ub <= vexact)) {
        /* the value is known without a visit */
        Q->known = true;
        Q->enumerate = false;
        Q->v = uniform ? best_ub : vexact;
        for (size_t c = 0; c < g->NA * g->NB; c++)
            g->flag[c] &= (uint16_t)~F_Q(q);
        pl__free(want);
        return 0;
    }
    if (single) {
        double x;
        const pl_status rc = party_extreme(g, p, want, p ? g->B0 : g->A0,
                                           nw, !down, &x);
        pl__free(want);
        if (rc != PL_OK) {
            g->rc = rc;
            return 0;
        }
        Q->known = true;
        Q->enumerate = false;
        Q->v = down ? -x : x;
        return 0;
    }
    pl__free(want);
    return visits;
}

/* Zone: cells certainly in counted, ambiguous ones flagged.  Frontier:
 * cells no other non-empty cell certainly dominates flagged. */
static uint64_t plan_zone_front(struct gj *g, uint64_t *zone_certain)
{
    const size_t NA = g->NA, NB = g->NB;
    uint64_t visits = 0;
    int64_t *SM = pl__calloc(NA + 1, sizeof *SM);
    size_t *al = pl__calloc(NA, sizeof *al), *als = pl__calloc(NA, sizeof *als);
    size_t *be = pl__calloc(NB, sizeof *be), *bes = pl__calloc(NB, sizeof *bes);

    *zone_certain = 0;
    if (!SM || !al || !als || !be || !bes) {
        g->rc = PL_ENOMEM;
        goto out;
    }
    SM[NA] = -1;
    for (size_t a = NA; a-- > 0;) {
        SM[a] = SM[a + 1];
        for (size_t b = NB; b-- > 0;)
            if (g->H[a * NB + b]) {
                SM[a] = (int64_t)b > SM[a] ? (int64_t)b : SM[a];
                break;
            }
    }
    /* smallest a' with la[a'] >= ha[a] (al) / > ha[a] (als); la and ha
     * are non-decreasing */
    for (size_t a = 0, x = 0, y = 0; a < NA; a++) {
        while (x < NA && !(g->la[x] >= g->ha[a]))
            x++;
        while (y < NA && !(g->la[y] > g->ha[a]))
            y++;
        al[a] = x;
        als[a] = y;
    }
    for (size_t b = 0, x = 0, y = 0; b < NB; b++) {
        while (x < NB && !(g->lb[x] >= g->hb[b]))
            x++;
        while (y < NB && !(g->lb[y] > g->hb[b]))
            y++;
        be[b] = x;
        bes[b] = y;
    }
    for (size_t a = 0; a < NA; a++)
        for (size_t b = 0; b < NB; b++) {
            const uint64_t h = g->H[a * NB + b];
            bool dom;
            if (!h)
                continue;
            if (g->la[a] >= g->r[0] && g->lb[b] >= g->r[1])
                *zone_certain += h;
            else if (g->ha[a] >= g->r[0] && g->hb[b] >= g->r[1])
                g->flag[a * NB + b] |= F_ZONE;
            dom = (als[a] < NA && be[b] < NB && SM[als[a]] >= (int64_t)be[b]) ||
                  (al[a] < NA && bes[b] < NB && SM[al[a]] >= (int64_t)bes[b]);
            if (!dom)
                g->flag[a * NB + b] |= F_FRONT;
        }
    for (size_t c = 0; c < NA * NB; c++)
        if (g->flag[c] & (F_ZONE | F_FRONT))
            visits += g->H[c];
out:
    pl__free(SM);
    pl__free(al);
    pl__free(als);
    pl__free(be);
    pl__free(bes);
    return visits;
}

/* ---- the visit ---- */

static void offer(struct query *Q, double v, uint64_t idx)
{
    if (v == -INFINITY)
        return;
    if (v > Q->v || (v == Q->v && idx < Q->idx)) {
        Q->v = v;
        Q->idx = idx;
    }
}

static void leaf(struct gj *g, const double *s, const uint64_t *dead,
                 uint16_t f, uint64_t idx)
{
    const struct pl__bt *t = g->t;
    double u[2];
    bool z;

    g->visits++;
    for (uint32_t p = 0; p < 2; p++) {
        double x = s[p];
        for (uint32_t c = t->int_lo[p]; c < t->int_hi[p]; c++)
            if (!(dead[c / 64] >> (c % 64) & 1))
                x += t->cl_value[c];
        u[p] = x > t->cap[p] ? t->cap[p] : x;
    }
    z = u[0] >= g->r[0] && u[1] >= g->r[1];
    if (f & F_ZONE)
        g->zone_extra += z;
    if ((f & F_FRONT) && g->rc == PL_OK)
        g->rc = pl__sky_add(g->sky, u, idx, z);
    for (int q = 0; q < Q_COUNT; q++)
        if (f & F_Q(q))
            offer(&g->qu[q], objective(g, q, u), idx);
}

/* Does the subtree of state index k at depth d with prefix classes (pa,
 * pb) reach a flagged cell?  (Only depths with tables.) */
static bool reaches(const struct gj *g, uint32_t d, int32_t k, int64_t pa,
                    int64_t pb)
{
    const struct level *L = &g->lev[d];
    const struct ent *e = L->ent + L->off[k];
    const int64_t da = pa - g->A0, db = pb - g->B0;

    for (size_t x = 0; x < L->len[k]; x++)
        if (g->flag[(size_t)(da + e[x].a) * g->NB + (size_t)(db + e[x].b)])
            return true;
    return false;
}

static void visit(struct gj *g, uint32_t d, const gkey *key, const double *s,
                  const uint64_t *dead, int64_t pa, int64_t pb,
                  uint64_t first)
{
    const struct pl__bt *t = g->t;
    const uint32_t m = g->s->issues[d].n_options, W = t->W;
    const uint64_t sz = t->size[d + 1];
    uint64_t dead2[GJ_WORDS];
    double s2[2];

    for (uint32_t o = 0; o < m && g->rc == PL_OK; o++) {
        int64_t ga, gb;
        const gkey k2 = step(g, d, key, o, &ga, &gb);
        const uint32_t slot = g->s->opt_offset[d] + o;
        const uint64_t *fl = t->fail + (size_t)slot * W;
        for (uint32_t q = 0; q < W; q++)
            dead2[q] = dead[q] | fl[q];
        s2[0] = s[0] + t->row[0][slot];
        s2[1] = s[1] + t->row[1][slot];
        if (d + 1 == g->I) {
            const size_t c = (size_t)(pa + ga - g->A0) * g->NB +
                             (size_t)(pb + gb - g->B0);
            if (g->flag[c])
                leaf(g, s2, dead2, g->flag[c], first + o);
            continue;
        }
        if (d + 1 >= g->m &&
            !reaches(g, d + 1, lev_find(&g->lev[d + 1], &k2), pa + ga,
                     pb + gb))
            continue;
        visit(g, d + 1, &k2, s2, dead2, pa + ga, pb + gb, first + o * sz);
    }
}

static void run_visit(struct gj *g)
{
    const gkey zero = {{0}};
    const uint64_t dead[GJ_WORDS] = {0};
    const double s[2] = {0.0, 0.0};

    if (g->I == 0) {
        const size_t c = (size_t)(g->cst[0] - g->A0) * g->NB +
                         (size_t)(g->cst[1] - g->B0);
        if (g->flag[c])
            leaf(g, s, dead, g->flag[c], 0);
        return;
    }
    if (g->m == 0 && !reaches(g, 0, 0, g->cst[0], g->cst[1]))
        return;
    visit(g, 0, &zero, s, dead, g->cst[0], g->cst[1], 0);
}

/* ---- driver ---- */

static void gj_free(struct gj *g)
{
    if (g->lev)
        for (uint32_t d = 0; d <= g->I; d++) {
            pl__free(g->lev[d].key);
            pl__free(g->lev[d].slot);
            pl__free(g->lev[d].off);
            pl__free(g->lev[d].len);
            pl__free(g->lev[d].ent);
        }
    pl__free(g->lev);
    pl__free(g->iu[0]);
    pl__free(g->iu[1]);
    pl__free(g->cn);
    pl__free(g->first);
    pl__free(g->last);
    pl__free(g->open);
    pl__free(g->fin);
    pl__free(g->H);
    pl__free(g->la);
    pl__free(g->ha);
    pl__free(g->lb);
    pl__free(g->hb);
    pl__free(g->flag);
    pl__bt_free(g->t);
}

pl_status pl__analyze_gridjoint(const pl_scenario *s, const pl_analysis_opts *o,
                                const char *why,
                                const struct pl__gj_limits *lim,
                                pl_analysis *a, const char **declined)
{
    const uint64_t max_entries =
        lim && lim->max_entries ? lim->max_entries : GJ_MAX_ENTRIES;
    const uint64_t max_cells =
        lim && lim->max_cells ? lim->max_cells : GJ_MAX_CELLS;
    const uint64_t max_visits =
        lim && lim->max_visits ? lim->max_visits : GJ_MAX_VISITS;
    struct gj G, *g = &G;
    struct pl__sky sky;
    uint64_t zone_certain = 0, need = 0, zone;
    bool trunc = false;
    pl_status rc;
    uint32_t n = (uint32_t)a->n_parties;
    const char *no = NULL;

    memset(g, 0, sizeof *g);
    pl__sky_init(&sky, 2, o->top ? o->top : PL__SKY_RANGE_KEEP, 0);
    g->sky = &sky;
    *declined = NULL;
    if (n != 2) {
        *declined = "not 2 parties";
        rc = PL_OK;
        goto out;
    }
    if (!s->fits_u64 || s->n_outcomes_u64 >= (UINT64_C(1) << 63)) {
        *declined = "2^63 outcomes or more";
        rc = PL_OK;
        goto out;
    }
    g->s = s;
    g->I = s->n_issues;
    rc = pl__bt_new(s, a->party, 2, &g->t);
    if (rc != PL_OK)
        goto out;
    if (g->t->any_red) {
        *declined = "red lines";
        goto out;
    }
    if (g->t->C > 64 * GJ_WORDS) {
        *declined = "more than 128 clauses";
        goto out;
    }
    g->W = g->t->W;
    for (uint32_t j = 0; j < 2; j++) {
        g->cap[j] = g->t->cap[j];
        g->r[j] = g->t->r[j];
        g->iu[j] = pl__calloc(s->n_total_options ? s->n_total_options : 1,
                              sizeof *g->iu[j]);
        if (!g->iu[j]) {
            rc = PL_ENOMEM;
            goto out;
        }
    }
    g->cn = pl__calloc(g->t->C ? g->t->C : 1, sizeof *g->cn);
    if (!g->cn) {
        rc = PL_ENOMEM;
        goto out;
    }
    if (!find_grid(g, 0) || !find_grid(g, 1)) {
        *declined = "utilities not on a grid";
        goto out;
    }
    if (!spans(g)) {
        rc = PL_ENOMEM;
        goto out;
    }
    g->lev = pl__calloc(g->I + 1, sizeof *g->lev);
    if (!g->lev) {
        rc = PL_ENOMEM;
        goto out;
    }
    rc = build_states(g, &no);
    if (rc != PL_OK || no)
        goto out;
    rc = build_tables(g, max_entries);
    if (rc != PL_OK)
        goto out;
    rc = build_hist(g, max_entries, max_cells, &no);
    if (rc != PL_OK || no)
        goto out;
    g->la = pl__calloc(g->NA, sizeof *g->la);
    g->ha = pl__calloc(g->NA, sizeof *g->ha);
    g->lb = pl__calloc(g->NB, sizeof *g->lb);
    g->hb = pl__calloc(g->NB, sizeof *g->hb);
    g->flag = pl__calloc(g->NA * g->NB, sizeof *g->flag);
    if (!g->la || !g->ha || !g->lb || !g->hb || !g->flag) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (size_t x = 0; x < g->NA; x++)
        class_iv(g, 0, g->A0 + (int64_t)x, &g->la[x], &g->ha[x]);
    for (size_t x = 0; x < g->NB; x++)
        class_iv(g, 1, g->B0 + (int64_t)x, &g->lb[x], &g->hb[x]);

    /* pass 1: everything but Kalai-Smorodinsky.  The ranges first (one
     * party each, no visit): every class interval then lies within them,
     * which decides more cells (class 0 against a reservation of 0) */
    for (int q = Q_UMAX0; q <= Q_UMIN1; q++)
        plan_query(g, q, true);
    if (g->rc != PL_OK) {
        rc = g->rc;
        goto out;
    }
    for (size_t x = 0; x < g->NA; x++) {
        g->la[x] = g->la[x] < -g->qu[Q_UMIN0].v ? -g->qu[Q_UMIN0].v : g->la[x];
        g->ha[x] = g->ha[x] > g->qu[Q_UMAX0].v ? g->qu[Q_UMAX0].v : g->ha[x];
    }
    for (size_t x = 0; x < g->NB; x++) {
        g->lb[x] = g->lb[x] < -g->qu[Q_UMIN1].v ? -g->qu[Q_UMIN1].v : g->lb[x];
        g->hb[x] = g->hb[x] > g->qu[Q_UMAX1].v ? g->qu[Q_UMAX1].v : g->hb[x];
    }
    need = plan_zone_front(g, &zone_certain);
    for (int q = Q_ZB0; q < Q_COUNT - 1; q++)
        need += plan_query(g, q, q < Q_NASH);
    if (g->rc != PL_OK) {
        rc = g->rc;
        goto out;
    }
    if (need > max_visits) {
        no = "too many outcomes to evaluate";
        goto out;
    }
    run_visit(g);
    if (g->rc != PL_OK) {
        rc = g->rc;
        goto out;
    }
    zone = zone_certain + g->zone_extra;
    /* pass 2: Kalai-Smorodinsky */
    if (zone) {
        g->ks_best[0] = g->qu[Q_ZB0].v;
        g->ks_best[1] = g->qu[Q_ZB1].v;
        memset(g->flag, 0, g->NA * g->NB * sizeof *g->flag);
        need = plan_query(g, Q_KS, false);
        if (need > max_visits) {
            no = "too many outcomes to evaluate";
            goto out;
        }
        run_visit(g);
        if (g->rc != PL_OK) {
            rc = g->rc;
            goto out;
        }
    }

    /* the result */
    for (uint32_t j = 0; j < 2; j++) {
        a->umax[j] = g->qu[Q_UMAX0 + j].v;
        a->umin[j] = -g->qu[Q_UMIN0 + j].v;
        a->zone_best[j] = zone ? g->qu[Q_ZB0 + j].v : NAN;
        if (!zone && !(a->umax[j] >= g->r[j]))
            a->hopeless[a->n_hopeless++] = j;
    }
    a->zone_count = pl_count_from_u64(zone);
    {
        static const int cq[PL_CONCEPT_COUNT] = {Q_NASH, Q_KS, Q_EGAL,
                                                 Q_WELF};
        for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
            const struct query *Q = &g->qu[cq[c]];
            if (c == PL_KALAI_SMORODINSKY && !zone)
                continue;
            if (Q->idx == UINT64_MAX)
                continue;
            a->found[c] = true;
            rc = pl__package_fill(s, a, &a->concept[c], Q->idx, Q->v, true);
            if (rc != PL_OK)
                goto out;
        }
    }
    rc = pl__bnb_fill_points(s, a, &sky, o->top, &trunc);
    if (rc != PL_OK)
        goto out;
    a->method[0] = '\0';
    pl__appendf(a->method, sizeof a->method,
                "bnb: %llu outcomes, joint grid DP (%zu states, %.3g outcomes "
                "evaluated)",
                (unsigned long long)s->n_outcomes_u64, g->states + 1,
                (double)g->visits);
    if (why && *why)
        pl__appendf(a->method, sizeof a->method, " (%s)", why);
    if (trunc)
        pl__appendf(a->method, sizeof a->method,
                    "; points: lowest %u outcomes per vector",
                    PL__SKY_RANGE_KEEP);
    a->threads = 1;
out:
    if (!*declined && no)
        *declined = no;
    gj_free(g);
    pl__sky_free(&sky);
    return rc;
}
