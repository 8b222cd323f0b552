/* Exact analysis by branch and bound over the outcome tree.
 *
 * Workload: spaces far beyond enumeration (10^9 .. 10^12 outcomes and
 * more) whose utilities are not plain sums: interaction terms, ANAC 2014
 * hyper-rectangle profiles (loaded as interactions), constant terms, red
 * lines and the GENIUS clamp.  Any scenario the enumeration accepts is
 * accepted, with results identical to it, bit for bit (DESIGN.md section
 * 7), as long as each search ends within its node budget.
 *
 * The tree fixes issues in issue order and options in declared order, so
 * a node is a contiguous range of outcome indices.  bounds.c gives every
 * node a certified interval [lo_p, hi_p] of each party's utility (exact
 * w.r.t. the reference summation, no margin needed: the bound is
 * computed with the reference's own operations, which are monotone) and
 * its red-line status; at a leaf lo == hi == the reference utility.
 *
 * Tighter bounds where the box is loose (subtrees of at least
 * WS_MIN_SUBTREE outcomes): weighted sums (bounds.h, a Lagrangian split of
 * each undecided interaction over its remaining issues, per-issue best
 * option for the weighted sum, with a rounding margin): lam = e_p for one
 * party's utility, -e_p for its minimum, all ones for welfare and
 * egalitarian (the mean gain bounds the smallest), 1 / (x_p - r_p) at the
 * incumbent x for Nash (AM-GM: prod g_p <= (sum lam_p g_p / n)^n /
 * prod lam_p, docs/algorithms.md section 4.3), 1 / (best_p - r_p) for
 * Kalai-Smorodinsky.
 *
 * Searches, each a depth-first search with its own node budget:
 * - maximisation of one objective (each party's max and min utility, its
 *   best utility in the zone, "reach" for hopeless parties, and the four
 *   solution concepts).  A child's bound is the objective applied to its
 *   box (every objective is monotone in each utility and its admissible
 *   set is upward closed given the red-line status), children are visited
 *   best bound first, and a subtree is pruned when its bound is below the
 *   incumbent, or equal to it and every index in it is above the
 *   incumbent's: so the result is the lowest-index maximiser, as the
 *   enumeration's, whatever the visiting order.  Incumbents are seeded
 *   from the frontier (an in-zone frontier outcome is admissible).
 * - zone count: a subtree entirely in the zone (lo >= r for all, no red
 *   line can hold) counts wholesale, one entirely out (hi < r for some
 *   party, or a red line certain) is dropped, else descend; undecided
 *   subtrees of at most BLOCK_MAX outcomes are counted outcome by outcome
 *   in a tight loop (block_eval, bit-identical sums).
 * - Pareto frontier with tie counts: a subtree is pruned when a skyline
 *   vector (a real outcome) weakly dominates its upper corner hi and
 *   differs from it (then it strictly dominates every outcome below); a
 *   subtree whose box is a single point (lo == hi) with a uniform zone
 *   status is added wholesale with its count and lowest indices.  With 2
 *   parties a subtree is also pruned when the region its weighted sums
 *   allow misses every point the skyline does not strictly dominate (the
 *   staircase test, stair_open).
 * When a search exhausts its budget it stops and the unexplored subtrees'
 * bounds give a certified bracket: the maximum is within [incumbent,
 * largest bound left]; the zone count within [counted, counted +
 * undecided]; the frontier is labelled incomplete.  Every cut is written
 * into pl_analysis.method; none is silent.
 *
 * Threads: one (the searches are sequential); the result never depends
 * on opts.threads.
 *
 * Nodes: every child whose box is computed counts one; a leaf block of T
 * outcomes counts T / 8 (its cost relative to a node).
 *
 * Cost: O(nodes * (n * I + C)) for n parties, I issues, C clauses, plus
 * O(sum of conditions * options) per weighted-sum bound; the number of
 * nodes depends on how fast the bounds close.  Measured (bench_bnb,
 * bench/README.md): synthetic spaces with interactions exact up to 10^8
 * outcomes within the default budget; the ANAC 2014 10-issue domains
 * (10^10 outcomes, hyper-rectangles with a binding clamp) get exact
 * ranges and solution concepts but only a labelled partial frontier: the
 * box and weighted-sum bounds stay loose until the last 2-3 issues. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bnb.h"
#include "bounds.h"
#include "core/alloc.h"
#include "core/count.h"
#include "core/sort.h"
#include "parley/rng.h"

enum obj {
    OBJ_UMAX,
    OBJ_UMIN,
    OBJ_ZMAX,
    OBJ_REACH,
    OBJ_NASH,
    OBJ_EGAL,
    OBJ_WELF,
    OBJ_KS,
    OBJ_WSUM /* sum of ls_lam[q] * u_q (local search only) */
};

struct child {
    double key; /* visiting order: largest first */
    double ub;  /* certified bound */
    uint32_t o;
};

/* Wide spaces (2^63 outcomes or more): the frontier's point subtrees.
 * Entry e is a subtree whose box is a single point: its exact outcome
 * count, zone flag, and first outcome (the prefix first[e * I ..] of
 * length depth[e], then option 0).  The skyline holds entry ids (packed
 * id << 1 | zone, count 1, all kept) so that dominance and equal vectors
 * work as for 64-bit indices; counts and outcomes come from here. */
struct wide_front {
    size_t len, cap, mark;
    pl_count *cnt;
    uint32_t *depth;
    uint32_t *first;
    bool *zone;
};

struct search {
    const struct pl__bt *t;
    uint32_t n, I, W;
    double *s;          /* (I + 1) * n: prefix sums per depth */
    uint64_t *dead;     /* (I + 1) * W: dead clauses per depth */
    double *lo, *hi;    /* (I + 1) * n: box of the child being looked at */
    struct child *ch;   /* K: children of a node at depth k at
                           opt_offset[k] */
    uint64_t nodes, budget, total;
    bool stop;
    /* maximisation */
    int kind;
    uint32_t p;
    const double *ks_best;
    bool value_only;
    double goal;
    bool done;
    double v;
    /* Outcomes are option vectors (lexicographic order == index order),
     * so any space below 2^256 works: path[0..k) is the node being
     * expanded at depth k, inc the incumbent (valid when v > -inf) */
    uint32_t path[PL_MAX_ISSUES];
    uint32_t inc[PL_MAX_ISSUES];
    double ub_left;     /* largest bound of a subtree left unexplored */
    uint32_t left[PL_MAX_ISSUES]; /* lowest prefix of those with ub_left */
    uint32_t left_len;  /* its depth; UINT32_MAX: none */
    /* wide: the space has 2^63 outcomes or more (indices do not fit the
     * skyline's 64-bit records; the frontier keeps subtrees in wide_*) */
    bool wide;
    /* zone: subtrees counted wholesale (exact, any size), plus outcomes
     * counted one by one in leaf blocks */
    pl_count zcount_w, zundecided;
    uint64_t zcount;
    /* frontier */
    struct pl__sky *sky;
    pl_count fundecided;
    struct wide_front *wf;
    /* wide: outcomes found by earlier searches, starts of the local
     * search that seeds each maximisation (ls_seed) */
    uint32_t *pool;
    uint32_t n_pool;
    uint64_t ls_evals;
    double ls_lam[PL_MAX_PARTIES];
    pl_status rc;
    /* weighted-sum bounds (bounds.h): per party (lam = e_p), all ones,
     * and one per search (Nash, Kalai-Smorodinsky); none when the tables
     * would be too large */
    bool use_ws;
    struct pl__bt_ws *ws_e, *ws_m, ws_one, ws_obj; /* ws_m: lam = -e_p */
    bool have_obj;
    double obj_lsum, obj_lprod; /* sum lam_p r_p, prod lam_p (ws_obj) */
    uint32_t obj_terms;         /* parties in ws_obj's lam */
    bool ks_unit;               /* some party has best_p == r_p */
    /* leaf blocks for the zone count: an undecided subtree at depth kb
     * (at most BLOCK_MAX outcomes) is evaluated outcome by outcome in
     * tight loops (about 8 times cheaper per outcome than a node; the
     * maximisations and the frontier prune inside such subtrees, so they
     * descend instead) */
    uint32_t kb, T;
    uint64_t *tf;   /* T * W: OR of the fail masks of a position's options */
    double *bu;     /* n * T: utilities of the block */
    uint64_t *bred; /* T: parties whose red line the outcome crosses */
    /* real outcome vectors found before the frontier search (guards):
     * they prune like skyline vectors but are not counted */
    double guard[PL_CONCEPT_COUNT * PL_MAX_PARTIES];
    uint32_t n_guard;
    /* the 2-party staircase of the skyline, u0 descending */
    double *st0, *st1;
    size_t st_len, st_cap;
    bool st_dirty;
};

/* Refine bounds only on subtrees at least this large: below, the leaves
 * cost less than a weighted-sum bound. */
#define WS_MIN_SUBTREE 64u

/* Largest leaf block (outcomes). */
#define BLOCK_MAX 1024u

const char *pl__bnb_refusal(const pl_scenario *s)
{
    if (!s->fits_count)
        return "the space has 2^256 outcomes or more (counts do not fit)";
    return NULL;
}

/* ---- objectives ---- */

/* Upper bound of the objective over a node with box [lo, hi] and red-line
 * status rd, -inf if no outcome below is admissible.  At a leaf it is the
 * objective itself, computed exactly as the enumeration does. */
static double obj_bound(const struct search *S, const double *lo,
                        const double *hi, const struct pl__bt_red *rd)
{
    const double *r = S->t->r;
    const uint32_t n = S->n;
    double v;

    switch (S->kind) {
    case OBJ_UMAX:
        return hi[S->p];
    case OBJ_UMIN:
        return -lo[S->p];
    case OBJ_REACH:
        return (rd->excl >> S->p & 1) ? -INFINITY : hi[S->p];
    case OBJ_WSUM:
        v = 0.0;
        for (uint32_t q = 0; q < n; q++)
            v += S->ls_lam[q] * hi[q];
        return v;
    default:
        break;
    }
    if (rd->excl)
        return -INFINITY;
    for (uint32_t q = 0; q < n; q++)
        if (S->kind == OBJ_NASH ? !(hi[q] > r[q]) : !(hi[q] >= r[q]))
            return -INFINITY;
    switch (S->kind) {
    case OBJ_ZMAX:
        return hi[S->p];
    case OBJ_NASH:
        return pl__concept_value(PL_NASH, hi, r, NULL, n);
    case OBJ_EGAL:
        return pl__concept_value(PL_EGALITARIAN, hi, r, NULL, n);
    case OBJ_WELF:
        return pl__concept_value(PL_MAX_WELFARE, hi, r, NULL, n);
    case OBJ_KS:
        return pl__concept_value(PL_KALAI_SMORODINSKY, hi, r, S->ks_best, n);
    default:
        return -INFINITY;
    }
}

/* A tighter bound than obj_bound from the weighted sums, for a node at
 * depth k whose state is at level k; `ub` is its box bound. */
static double obj_refine(struct search *S, uint32_t k, double ub)
{
    const struct pl__bt *t = S->t;
    const double *st = S->s + (size_t)k * S->n;
    const uint64_t *dd = S->dead + (size_t)k * S->W;
    const uint32_t n = S->n;
    double x, rsum = 0;

    if (!S->use_ws || ub == -INFINITY || t->size[k] < WS_MIN_SUBTREE)
        return ub;
    switch (S->kind) {
    case OBJ_UMAX:
    case OBJ_ZMAX:
    case OBJ_REACH:
        x = pl__bt_ws_bound(t, &S->ws_e[S->p], k, st, dd);
        return x < ub ? x : ub;
    case OBJ_UMIN: /* -u_p = max(-raw_p, -cap_p) */
        x = pl__bt_ws_bound(t, &S->ws_m[S->p], k, st, dd);
        x = x > -t->cap[S->p] ? x : -t->cap[S->p];
        return x < ub ? x : ub;
    case OBJ_WELF:
        x = pl__bt_ws_bound(t, &S->ws_one, k, st, dd);
        x += fabs(x) * 0x1p-44;
        return x < ub ? x : ub;
    case OBJ_EGAL:
        for (uint32_t q = 0; q < n; q++)
            rsum += t->r[q];
        x = (pl__bt_ws_bound(t, &S->ws_one, k, st, dd) - rsum) / n;
        x += fabs(x) * 0x1p-44 + S->ws_one.margin;
        return x < ub ? x : ub;
    case OBJ_NASH: {
        double g;
        if (!S->have_obj)
            return ub;
        g = (pl__bt_ws_bound(t, &S->ws_obj, k, st, dd) - S->obj_lsum) / n;
        if (g <= 0)
            return -INFINITY; /* sum of positive gains cannot be <= 0 */
        x = 1.0;
        for (uint32_t q = 0; q < n; q++)
            x *= g;
        x /= S->obj_lprod;
        /* AM-GM on the computed gains; the computed product is within
         * 2n ulps of theirs, the bound's own arithmetic within n + 3 */
        x *= 1.0 + 0x1p-40;
        if (!(x > 0x1p-1000) || !isfinite(x))
            return ub;
        return x < ub ? x : ub;
    }
    case OBJ_KS:
        if (!S->have_obj || S->ks_unit || S->obj_terms == 0)
            return ub;
        x = (pl__bt_ws_bound(t, &S->ws_obj, k, st, dd) - S->obj_lsum) /
            S->obj_terms;
        x += fabs(x) * 0x1p-40 + S->ws_obj.margin;
        return x < ub ? x : ub;
    default:
        return ub;
    }
}

/* Order of the first outcomes of two subtrees given by their prefixes
 * a[0..la) and b[0..lb) (each padded with option 0): -1, 0, 1. */
static int first_cmp(const uint32_t *a, uint32_t la, const uint32_t *b,
                     uint32_t lb)
{
    const uint32_t L = la > lb ? la : lb;

    for (uint32_t i = 0; i < L; i++) {
        const uint32_t x = i < la ? a[i] : 0, y = i < lb ? b[i] : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

/* Whether every outcome below child o of the node path[0..k) comes after
 * the incumbent (its first one does: the incumbent is a full vector). */
static bool child_after(const struct search *S, uint32_t k, uint32_t o)
{
    for (uint32_t i = 0; i < k; i++)
        if (S->path[i] != S->inc[i])
            return S->path[i] > S->inc[i];
    return o > S->inc[k];
}

/* Child o of the node path[0..k) (k = UINT32_MAX: the root) can be
 * pruned for bound ub. */
static bool can_prune(const struct search *S, double ub, uint32_t k,
                      uint32_t o)
{
    if (ub == -INFINITY || ub < S->v)
        return true;
    if (ub == S->v)
        return S->value_only || (k != UINT32_MAX && child_after(S, k, o));
    return false;
}

/* Offer value v of the first outcome below child o of the node path[0..k)
 * (at the last issue: that outcome). */
static void offer(struct search *S, double v, uint32_t k, uint32_t o)
{
    bool better;

    if (v == -INFINITY)
        return;
    better = v > S->v;
    if (!better && v == S->v) {
        S->path[k] = o;
        better = first_cmp(S->path, k + 1, S->inc, S->I) < 0;
    }
    if (better) {
        S->v = v;
        memcpy(S->inc, S->path, k * sizeof *S->inc);
        S->inc[k] = o;
        for (uint32_t i = k + 1; i < S->I; i++)
            S->inc[i] = 0;
    }
    if (S->kind == OBJ_REACH && S->v >= S->goal)
        S->done = true;
}

static int cmp_child(const void *a, const void *b)
{
    const struct child *x = a, *y = b;

    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return (x->o > y->o) - (x->o < y->o);
}

/* The child state of option o of a node at depth k into level k + 1, and
 * its box. */
static void child_box(struct search *S, uint32_t k, uint32_t o,
                      struct pl__bt_red *rd)
{
    const uint32_t n = S->n, W = S->W;

    pl__bt_child(S->t, k, o, S->s + (size_t)k * n, S->dead + (size_t)k * W,
                 S->s + (size_t)(k + 1) * n, S->dead + (size_t)(k + 1) * W);
    pl__bt_box(S->t, k + 1, S->s + (size_t)(k + 1) * n,
               S->dead + (size_t)(k + 1) * W, S->lo + (size_t)(k + 1) * n,
               S->hi + (size_t)(k + 1) * n, rd);
}

/* Whether the budget allows expanding one more node; sets stop. */
static bool budget_left(struct search *S)
{
    if (!S->stop && S->nodes >= S->budget)
        S->stop = true;
    return !S->stop;
}

/* Utilities and red-line bits of every outcome below the node at depth
 * kb whose state is at level kb, in index order: sums extended issue by
 * issue exactly as the reference (each position's partial sum plus the
 * option's U entry), then live interactions in clause order, then the
 * clamp: bit-identical to pl_scenario_utility. */
static void block_eval(struct search *S)
{
    const struct pl__bt *t = S->t;
    const pl_scenario *sc = t->s;
    const uint32_t n = S->n, W = S->W, T = S->T, kb = S->kb;
    const uint64_t *dead = S->dead + (size_t)kb * W;
    const double *st = S->s + (size_t)kb * n;
    bool any_int = false;

    S->nodes += (T + 7) / 8; /* a block costs about T / 8 tree nodes */
    for (uint32_t p = 0; p < n; p++) {
        double *u = S->bu + (size_t)p * T;
        uint32_t size = 1;
        u[0] = st[p];
        for (uint32_t j = kb; j < S->I; j++) {
            const uint32_t m = sc->issues[j].n_options;
            const double *row = t->row[p] + sc->opt_offset[j];
            for (uint32_t pos = size; pos-- > 0;) {
                const double base = u[pos];
                for (uint32_t o = m; o-- > 0;)
                    u[(size_t)pos * m + o] = base + row[o];
            }
            size *= m;
        }
    }
    for (uint32_t q = 0; q < W; q++)
        any_int |= (t->intm[q] & ~dead[q]) != 0;
    memset(S->bred, 0, T * sizeof *S->bred);
    if (any_int || t->any_red)
        for (uint32_t pos = 0; pos < T; pos++) {
            const uint64_t *tf = S->tf + (size_t)pos * W;
            for (uint32_t q = 0; q < W; q++) {
                uint64_t h = ~dead[q] & ~tf[q];
                if (q == W - 1 && t->C % 64)
                    h &= ((uint64_t)1 << (t->C % 64)) - 1;
                while (h) {
                    const uint32_t c = q * 64 + (uint32_t)__builtin_ctzll(h);
                    h &= h - 1;
                    if (t->intm[q] >> (c % 64) & 1)
                        S->bu[(size_t)t->cl_party[c] * T + pos] +=
                            t->cl_value[c];
                    else
                        S->bred[pos] |= (uint64_t)1 << t->cl_party[c];
                }
            }
        }
    for (uint32_t p = 0; p < n; p++) {
        const double cap = t->cap[p];
        double *u = S->bu + (size_t)p * T;
        if (cap == INFINITY)
            continue;
        for (uint32_t pos = 0; pos < T; pos++)
            u[pos] = u[pos] > cap ? cap : u[pos];
    }
}

/* The leaf-block tables: kb is the shallowest depth >= 1 whose subtrees
 * have at most BLOCK_MAX outcomes (none when that is the leaves). */
static pl_status block_init(struct search *S)
{
    const struct pl__bt *t = S->t;
    const pl_scenario *sc = t->s;
    const uint32_t W = S->W;
    uint32_t kb = 1, size = 1;

    S->kb = S->I; /* no blocks */
    if (S->I < 2)
        return PL_OK;
    while (kb < S->I && t->size[kb] > BLOCK_MAX)
        kb++;
    if (kb >= S->I || t->size[kb] < 2)
        return PL_OK;
    S->kb = kb;
    S->T = (uint32_t)t->size[kb];
    S->tf = pl__calloc((size_t)S->T * W, sizeof *S->tf);
    S->bu = pl__calloc((size_t)S->T * S->n, sizeof *S->bu);
    S->bred = pl__calloc(S->T, sizeof *S->bred);
    if (!S->tf || !S->bu || !S->bred)
        return PL_ENOMEM;
    for (uint32_t j = kb; j < S->I; j++) {
        const uint32_t m = sc->issues[j].n_options;
        for (uint32_t pos = size; pos-- > 0;)
            for (uint32_t o = m; o-- > 0;)
                for (uint32_t q = 0; q < W; q++)
                    S->tf[((size_t)pos * m + o) * W + q] =
                        S->tf[(size_t)pos * W + q] |
                        t->fail[(size_t)(sc->opt_offset[j] + o) * W + q];
        size *= m;
    }
    return PL_OK;
}

static bool is_point(const double *lo, const double *hi, uint32_t n);

static void max_dfs(struct search *S, uint32_t k)
{
    const struct pl__bt *t = S->t;
    const uint32_t m = t->s->issues[k].n_options;
    const uint64_t sz = t->size[k + 1];
    const bool last = k + 1 == S->I;
    struct child *ch = S->ch + t->s->opt_offset[k];
    const double *lo = S->lo + (size_t)(k + 1) * S->n;
    const double *hi = S->hi + (size_t)(k + 1) * S->n;
    struct pl__bt_red rd;

    S->nodes += m;
    for (uint32_t o = 0; o < m; o++) {
        child_box(S, k, o, &rd);
        ch[o].ub = ch[o].key = obj_bound(S, lo, hi, &rd);
        ch[o].o = o;
        if (last) {
            offer(S, ch[o].key, k, o);
            if (S->done)
                return;
        } else if (S->wide && rd.maybe == 0 && is_point(lo, hi, S->n)) {
            /* every outcome below has this objective: its first one is
             * the lowest-index maximiser there (wide spaces only, where
             * worthless or settled tails of many issues are common) */
            offer(S, ch[o].key, k, o);
            ch[o].ub = -INFINITY;
            if (S->done)
                return;
        } else if (!can_prune(S, ch[o].ub, k, o)) {
            ch[o].ub = obj_refine(S, k + 1, ch[o].ub);
            /* order by the refined bound, and for single utilities by
             * the sum before the clamp: under a binding clamp every box
             * says "cap" and only the raw sum tells where it is reached */
            ch[o].key = ch[o].ub;
            if (S->use_ws && sz >= WS_MIN_SUBTREE &&
                (S->kind == OBJ_UMAX || S->kind == OBJ_ZMAX ||
                 S->kind == OBJ_REACH) && ch[o].ub > -INFINITY)
                ch[o].key = pl__bt_ws_bound(
                    t, &S->ws_e[S->p], k + 1, S->s + (size_t)(k + 1) * S->n,
                    S->dead + (size_t)(k + 1) * S->W);
        }
    }
    if (last)
        return;
    if (m > 1)
        pl__qsort(ch, m, sizeof *ch, cmp_child);
    for (uint32_t j = 0; j < m; j++) {
        const uint32_t o = ch[j].o;
        const double ub = ch[j].ub;
        if (can_prune(S, ub, k, o))
            continue;
        S->path[k] = o;
        if (!budget_left(S)) {
            if (ub > S->ub_left ||
                (ub == S->ub_left &&
                 first_cmp(S->path, k + 1, S->left, S->left_len) < 0)) {
                S->ub_left = ub;
                memcpy(S->left, S->path, (k + 1) * sizeof *S->left);
                S->left_len = k + 1;
            }
            continue;
        }
        child_box(S, k, o, &rd);
        max_dfs(S, k + 1);
        if (S->done)
            return;
    }
}

static void zone_dfs(struct search *S, uint32_t k)
{
    const struct pl__bt *t = S->t;
    const uint32_t m = t->s->issues[k].n_options, n = S->n;
    const double *lo = S->lo + (size_t)(k + 1) * n;
    const double *hi = S->hi + (size_t)(k + 1) * n;
    struct pl__bt_red rd;

    S->nodes += m;
    for (uint32_t o = 0; o < m; o++) {
        bool out = false, in;
        child_box(S, k, o, &rd);
        if (rd.excl)
            continue;
        in = rd.maybe == 0;
        for (uint32_t q = 0; q < n; q++) {
            out = out || hi[q] < t->r[q];
            in = in && lo[q] >= t->r[q];
        }
        if (out)
            continue;
        if (in) {
            (void)pl__count_add(&S->zcount_w, t->wsize[k + 1]);
            continue;
        }
        if (!budget_left(S)) {
            (void)pl__count_add(&S->zundecided, t->wsize[k + 1]);
            continue;
        }
        if (k + 1 == S->kb) {
            block_eval(S);
            for (uint32_t pos = 0; pos < S->T; pos++) {
                bool z = S->bred[pos] == 0;
                for (uint32_t q = 0; q < n && z; q++)
                    z = S->bu[(size_t)q * S->T + pos] >= t->r[q];
                S->zcount += z;
            }
            continue;
        }
        zone_dfs(S, k + 1);
    }
}

/* Zone status of a node whose box is a point: 1 in, 0 out, -1 mixed (a
 * red line may or may not hold below). */
static int point_zone(const struct search *S, const double *hi,
                      const struct pl__bt_red *rd)
{
    if (rd->excl)
        return 0;
    for (uint32_t q = 0; q < S->n; q++)
        if (!(hi[q] >= S->t->r[q]))
            return 0;
    return rd->maybe ? -1 : 1;
}

static bool is_point(const double *lo, const double *hi, uint32_t n)
{
    for (uint32_t q = 0; q < n; q++)
        if (lo[q] != hi[q])
            return false;
    return true;
}

/* Some guard strictly dominates x. */
static bool guarded(const struct search *S, const double *x)
{
    for (uint32_t g = 0; g < S->n_guard; g++) {
        const double *v = S->guard + (size_t)g * S->n;
        bool ge = true, gt = false;
        for (uint32_t p = 0; p < S->n && ge; p++) {
            ge = v[p] >= x[p];
            gt = gt || v[p] > x[p];
        }
        if (ge && gt)
            return true;
    }
    return false;
}

static int cmp_pair_desc(const void *a, const void *b)
{
    const double *x = a, *y = b;

    if (x[0] != y[0])
        return x[0] > y[0] ? -1 : 1;
    return (x[1] < y[1]) - (x[1] > y[1]);
}

/* The skyline's vectors sorted by u0 descending (2 parties). */
static pl_status stair_build(struct search *S)
{
    const struct pl__sky *k = S->sky;
    size_t m = 0;
    double *pairs;

    S->st_dirty = false;
    pairs = pl__calloc((k->len + S->n_guard) * 2 + 2, sizeof *pairs);
    if (!pairs)
        return PL_ENOMEM;
    for (size_t sl = 0; sl < pl__sky_n_slots(k); sl++)
        if (pl__sky_used(k, sl)) {
            pl__sky_vec(k, sl, pairs + 2 * m);
            m++;
        }
    for (uint32_t g = 0; g < S->n_guard; g++) {
        pairs[2 * m] = S->guard[2 * g];
        pairs[2 * m + 1] = S->guard[2 * g + 1];
        m++;
    }
    pl__qsort(pairs, m, 2 * sizeof *pairs, cmp_pair_desc);
    /* keep the non-dominated ones (guards may be dominated or repeat) */
    {
        size_t w = 0;
        for (size_t j = 0; j < m; j++)
            if (w == 0 || pairs[2 * j + 1] > pairs[2 * (w - 1) + 1]) {
                pairs[2 * w] = pairs[2 * j];
                pairs[2 * w + 1] = pairs[2 * j + 1];
                w++;
            }
        m = w;
    }
    if (m > S->st_cap) {
        double *a = pl__reallocarray(S->st0, m, sizeof *a);
        double *b;
        if (!a) {
            pl__free(pairs);
            return PL_ENOMEM;
        }
        S->st0 = a;
        b = pl__reallocarray(S->st1, m, sizeof *b);
        if (!b) {
            pl__free(pairs);
            return PL_ENOMEM;
        }
        S->st1 = b;
        S->st_cap = m;
    }
    for (size_t j = 0; j < m; j++) {
        S->st0[j] = pairs[2 * j];
        S->st1[j] = pairs[2 * j + 1];
    }
    S->st_len = m;
    pl__free(pairs);
    return PL_OK;
}

/* 2 parties: can the node at depth k (box lo, hi) hold an outcome the
 * skyline does not strictly dominate?  The outcomes below lie in
 * P = {lo <= x <= h, x0 + x1 <= B} (h: hi tightened by per-party
 * weighted sums, B: the all-ones weighted sum).  The points no skyline
 * vector strictly dominates are the vectors themselves and the open
 * quadrants {x0 > a, x1 > b} between consecutive ones; P misses a
 * quadrant when h does or when the quadrant's closure corner (inside
 * the box) is above B.  False means every outcome below is strictly
 * dominated by a real outcome. */
static bool stair_open(struct search *S, uint32_t k, const double *lo,
                       const double *hi)
{
    const struct pl__bt *t = S->t;
    const double *st = S->s + (size_t)k * 2;
    const uint64_t *dd = S->dead + (size_t)k * S->W;
    double h0, h1, B;
    size_t m;

    if (S->st_dirty && stair_build(S) != PL_OK)
        return true; /* no memory for the test: just do not prune */
    m = S->st_len;
    if (m == 0)
        return true;
    h0 = pl__bt_ws_bound(t, &S->ws_e[0], k, st, dd);
    h1 = pl__bt_ws_bound(t, &S->ws_e[1], k, st, dd);
    h0 = h0 < hi[0] ? h0 : hi[0];
    h1 = h1 < hi[1] ? h1 : hi[1];
    B = pl__bt_ws_bound(t, &S->ws_one, k, st, dd);
    B += fabs(B) * 0x1p-44;
    for (size_t j = 0; j <= m; j++) {
        /* quadrant j: x0 > a (a = st0[j], or none for j == m), x1 > b
         * (b = st1[j - 1], or none for j == 0) */
        const double a = j < m ? S->st0[j] : -INFINITY;
        const double b = j > 0 ? S->st1[j - 1] : -INFINITY;
        const double c0 = a > lo[0] ? a : lo[0], c1 = b > lo[1] ? b : lo[1];
        if (h0 > a && h1 > b && c0 + c1 <= B)
            return true;
        if (j < m && S->st0[j] >= lo[0] && S->st0[j] <= h0 &&
            S->st1[j] >= lo[1] && S->st1[j] <= h1 &&
            S->st0[j] + S->st1[j] <= B)
            return true;
    }
    return false;
}

#ifdef PL_BNB_DEBUG
static uint64_t dbg_depth[PL_MAX_ISSUES + 1], dbg_pruned_sky[PL_MAX_ISSUES + 1],
    dbg_pruned_st[PL_MAX_ISSUES + 1], dbg_point[PL_MAX_ISSUES + 1];
#endif

/* Drop the entries the skyline no longer holds (dominated vectors) and
 * renumber the rest. */
static pl_status wide_compact(struct search *S)
{
    struct wide_front *w = S->wf, nw;
    struct pl__sky *k = S->sky;
    const uint32_t I = S->I;
    size_t live = 0, m = 0;

    for (size_t sl = 0; sl < pl__sky_n_slots(k); sl++)
        if (pl__sky_used(k, sl))
            live += k->item[sl].n_idx;
    memset(&nw, 0, sizeof nw);
    nw.cap = live * 2 > 64 ? live * 2 : 64;
    nw.cnt = pl__calloc(nw.cap, sizeof *nw.cnt);
    nw.depth = pl__calloc(nw.cap, sizeof *nw.depth);
    nw.first = pl__calloc(nw.cap, (I ? I : 1) * sizeof *nw.first);
    nw.zone = pl__calloc(nw.cap, sizeof *nw.zone);
    if (!nw.cnt || !nw.depth || !nw.first || !nw.zone) {
        pl__free(nw.cnt);
        pl__free(nw.depth);
        pl__free(nw.first);
        pl__free(nw.zone);
        return PL_ENOMEM;
    }
    for (size_t sl = 0; sl < pl__sky_n_slots(k); sl++) {
        struct pl__sky_item *it = &k->item[sl];
        if (!pl__sky_used(k, sl))
            continue;
        for (size_t j = 0; j < it->n_idx; j++) {
            const size_t e = (size_t)(it->idx[j] >> 1);
            nw.cnt[m] = w->cnt[e];
            nw.depth[m] = w->depth[e];
            memcpy(nw.first + m * I, w->first + e * I, I * sizeof *nw.first);
            nw.zone[m] = w->zone[e];
            it->idx[j] = (uint64_t)m << 1 | (it->idx[j] & 1);
            m++;
        }
    }
    pl__free(w->cnt);
    pl__free(w->depth);
    pl__free(w->first);
    pl__free(w->zone);
    nw.len = nw.mark = m;
    *w = nw;
    return PL_OK;
}

/* The subtree path[0..depth) (box the point x, zone status in_zone)
 * into the wide frontier: a new entry, offered to the skyline by id. */
static pl_status wide_add(struct search *S, uint32_t depth, const double *x,
                          bool in_zone)
{
    struct wide_front *w = S->wf;
    const uint32_t I = S->I;
    pl_status rc;

    if (w->len == w->cap) {
        const size_t cap = w->cap ? 2 * w->cap : 64;
        pl_count *c = pl__reallocarray(w->cnt, cap, sizeof *c);
        uint32_t *d, *f;
        bool *z;
        if (!c)
            return PL_ENOMEM;
        w->cnt = c;
        d = pl__reallocarray(w->depth, cap, sizeof *d);
        if (!d)
            return PL_ENOMEM;
        w->depth = d;
        f = pl__reallocarray(w->first, cap, (I ? I : 1) * sizeof *f);
        if (!f)
            return PL_ENOMEM;
        w->first = f;
        z = pl__reallocarray(w->zone, cap, sizeof *z);
        if (!z)
            return PL_ENOMEM;
        w->zone = z;
        w->cap = cap;
    }
    w->cnt[w->len] = S->t->wsize[depth];
    w->depth[w->len] = depth;
    memcpy(w->first + w->len * I, S->path, depth * sizeof *w->first);
    for (uint32_t i = depth; i < I; i++)
        w->first[w->len * I + i] = 0;
    w->zone[w->len] = in_zone;
    rc = pl__sky_add_range(S->sky, x, w->len, 1, in_zone);
    w->len++;
    if (rc == PL_OK && w->len >= 2 * w->mark && w->len >= 4096)
        rc = wide_compact(S);
    return rc;
}

static void front_dfs(struct search *S, uint32_t k, uint64_t first)
{
#ifdef PL_BNB_DEBUG
    dbg_depth[k]++;
#endif
    const struct pl__bt *t = S->t;
    const uint32_t m = t->s->issues[k].n_options, n = S->n;
    const uint64_t sz = t->size[k + 1];
    struct child *ch = S->ch + t->s->opt_offset[k];
    const double *lo = S->lo + (size_t)(k + 1) * n;
    const double *hi = S->hi + (size_t)(k + 1) * n;
    struct pl__bt_red rd;

    S->nodes += m;
    /* Children with the largest welfare corner first: good vectors early
     * prune more. */
    for (uint32_t o = 0; o < m; o++) {
        double w = 0.0;
        child_box(S, k, o, &rd);
        for (uint32_t q = 0; q < n; q++)
            w += hi[q];
        ch[o].key = w;
        ch[o].o = o;
    }
    if (m > 1)
        pl__qsort(ch, m, sizeof *ch, cmp_child);
    for (uint32_t j = 0; j < m && S->rc == PL_OK; j++) {
        const uint32_t o = ch[j].o;
        const uint64_t cf = S->wide ? 0 : first + o * sz;
        S->path[k] = o;
        child_box(S, k, o, &rd);
        if (pl__sky_dominated(S->sky, hi) || guarded(S, hi)) {
#ifdef PL_BNB_DEBUG
            dbg_pruned_sky[k + 1]++;
#endif
            continue;
        }
        if (is_point(lo, hi, n)) {
#ifdef PL_BNB_DEBUG
            dbg_point[k + 1]++;
#endif
            const int z = point_zone(S, hi, &rd);
            if (z >= 0) {
                S->rc = S->wide ? wide_add(S, k + 1, hi, z == 1)
                                : pl__sky_add_range(S->sky, hi, cf, sz, z == 1);
                S->st_dirty = true;
                continue;
            }
        }
        if (S->use_ws && n == 2 && sz >= WS_MIN_SUBTREE &&
            !stair_open(S, k + 1, lo, hi)) {
#ifdef PL_BNB_DEBUG
            dbg_pruned_st[k + 1]++;
#endif
            continue;
        }
        if (!budget_left(S)) {
            (void)pl__count_add(&S->fundecided, t->wsize[k + 1]);
            continue;
        }
        front_dfs(S, k + 1, cf);
    }
}

/* ---- drivers of one search ---- */

static pl_status search_init(struct search *S, const struct pl__bt *t,
                             uint64_t budget)
{
    const uint32_t n = t->n, I = t->I, W = t->W;
    const uint32_t K = t->s->n_total_options;

    memset(S, 0, sizeof *S);
    S->t = t;
    S->n = n;
    S->I = I;
    S->W = W;
    S->budget = budget;
    S->s = pl__calloc((size_t)(I + 1) * n, sizeof *S->s);
    S->dead = pl__calloc((size_t)(I + 1) * W, sizeof *S->dead);
    S->lo = pl__calloc((size_t)(I + 1) * n, sizeof *S->lo);
    S->hi = pl__calloc((size_t)(I + 1) * n, sizeof *S->hi);
    S->ch = pl__calloc(K ? K : 1, sizeof *S->ch);
    if (!S->s || !S->dead || !S->lo || !S->hi || !S->ch)
        return PL_ENOMEM;
    {
        const pl_status rc = block_init(S);
        if (rc != PL_OK)
            return rc;
    }
    /* weighted sums: (2n + 2) tables of 2K doubles, up to 256 MB */
    S->use_ws = (uint64_t)(2 * n + 2) * (K ? K : 1) <= (UINT64_C(1) << 24);
    if (S->use_ws) {
        double lam[PL_MAX_PARTIES];
        pl_status rc;
        S->ws_e = pl__calloc(n, sizeof *S->ws_e);
        S->ws_m = pl__calloc(n, sizeof *S->ws_m);
        if (!S->ws_e || !S->ws_m)
            return PL_ENOMEM;
        for (uint32_t p = 0; p < n; p++) {
            for (uint32_t q = 0; q < n; q++)
                lam[q] = p == q;
            rc = pl__bt_ws_init(t, lam, &S->ws_e[p]);
            if (rc != PL_OK)
                return rc;
            lam[p] = -1.0;
            rc = pl__bt_ws_init(t, lam, &S->ws_m[p]);
            if (rc != PL_OK)
                return rc;
        }
        for (uint32_t q = 0; q < n; q++)
            lam[q] = 1.0;
        rc = pl__bt_ws_init(t, lam, &S->ws_one);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

/* The per-search weights: Nash lam_p = 1 / (x_p - r_p) at the incumbent
 * x (exact at the optimum, AM-GM); Kalai-Smorodinsky lam_p = 1 / (best_p -
 * r_p) (the mean normalised gain bounds the smallest). */
static pl_status obj_weights(struct search *S, int kind, const double *x)
{
    const struct pl__bt *t = S->t;
    double lam[PL_MAX_PARTIES];

    pl__bt_ws_free(&S->ws_obj);
    S->have_obj = false;
    S->ks_unit = false;
    if (!S->use_ws || (kind != OBJ_NASH && kind != OBJ_KS) || !x)
        return PL_OK;
    S->obj_lsum = 0;
    S->obj_lprod = 1;
    S->obj_terms = 0;
    for (uint32_t q = 0; q < S->n; q++) {
        const double d = x[q] - t->r[q];
        if (kind == OBJ_KS && d == 0) {
            S->ks_unit = true;
            lam[q] = 0;
            continue;
        }
        if (!(d > 0) || !isfinite(1.0 / d))
            return PL_OK;
        lam[q] = 1.0 / d;
        S->obj_lsum += lam[q] * t->r[q];
        S->obj_lprod *= lam[q];
        S->obj_terms++;
    }
    S->have_obj = true;
    return pl__bt_ws_init(t, lam, &S->ws_obj);
}

static void search_free(struct search *S)
{
    for (uint32_t p = 0; S->ws_e && p < S->n; p++)
        pl__bt_ws_free(&S->ws_e[p]);
    for (uint32_t p = 0; S->ws_m && p < S->n; p++)
        pl__bt_ws_free(&S->ws_m[p]);
    pl__free(S->ws_e);
    pl__free(S->ws_m);
    pl__bt_ws_free(&S->ws_one);
    pl__bt_ws_free(&S->ws_obj);
    pl__free(S->st0);
    pl__free(S->st1);
    pl__free(S->tf);
    pl__free(S->bu);
    pl__free(S->bred);
    pl__free(S->s);
    pl__free(S->dead);
    pl__free(S->lo);
    pl__free(S->hi);
    pl__free(S->ch);
}

/* Root state and box into level 0. */
static void search_root(struct search *S, struct pl__bt_red *rd)
{
    S->nodes = 0;
    S->stop = false;
    pl__bt_root(S->t, S->s, S->dead);
    pl__bt_box(S->t, 0, S->s, S->dead, S->lo, S->hi, rd);
    S->nodes = 1;
}

/* Result of one maximisation. */
struct maxres {
    bool found;  /* an admissible outcome was seen (v, o) */
    double v;
    uint32_t o[PL_MAX_ISSUES];
    bool cut;    /* budget hit: the maximum is in [v, ub] */
    double ub;
};

/* Nodes per search on stderr when built with -DPL_BNB_DEBUG (tuning). */
static void dbg(const struct search *S, const char *what)
{
#ifdef PL_BNB_DEBUG
    fprintf(stderr, "bnb %-10s %12llu nodes stop=%d\n", what,
            (unsigned long long)S->nodes, S->stop);
#else
    (void)S;
    (void)what;
#endif
}

/* ---- local search (wide spaces) ----
 *
 * On spaces of 10^30 and more outcomes a search rarely closes within its
 * budget, and its certified gap is the distance from the incumbent to the
 * largest bound left, so the incumbent is worth some effort before the
 * tree search starts: steepest-ascent hill climbing over single-issue
 * changes from the outcomes earlier searches found and from seeded random
 * outcomes, each outcome scored by the reference evaluator (the same
 * double as the enumeration's, so the objective is exactly obj_bound at a
 * leaf).  The result only seeds the incumbent: the tree search keeps the
 * lowest-index rule and its certificate. */

#define POOL_MAX 16u
#define LS_EVALS 300000u  /* outcome evaluations per search */
#define LS_STARTS 8u      /* random starts per search */
#define LS_IDLE 300u      /* kicks without a better value before stopping */
#define LS_PROBE 10000u   /* nodes of the tree search before local search */

/* Score of outcome o: the objective (obj_bound at a leaf), and in *miss
 * how far it is from admissible (sum of the parties' shortfalls below
 * their reservation values plus 1 per party whose red line it crosses),
 * so that the climb can walk into the zone from outside. */
static double ls_value(struct search *S, const uint32_t *o, double *miss)
{
    const struct pl__bt *t = S->t;
    double u[PL_MAX_PARTIES];
    struct pl__bt_red rd = {0, 0};

    S->ls_evals++;
    *miss = 0;
    for (uint32_t q = 0; q < S->n; q++) {
        u[q] = pl_scenario_utility(t->s, t->party[q], o);
        if (t->any_red && pl_scenario_crosses_red_line(t->s, t->party[q], o)) {
            rd.excl |= (uint64_t)1 << q;
            *miss += 1;
        }
        if (u[q] < t->r[q])
            *miss += t->r[q] - u[q];
    }
    return obj_bound(S, u, u, &rd);
}

/* (v, m) better than (bv, bm): a larger objective, or both inadmissible
 * and nearer to admissible. */
static bool ls_better(double v, double m, double bv, double bm)
{
    if (v > bv)
        return true;
    return v == -INFINITY && bv == -INFINITY && m < bm;
}

/* Hill climbing (steepest ascent) from o (score *v, *m) until no
 * single-issue change improves it or the evaluation budget `end` is
 * reached. */
static void ls_climb(struct search *S, uint32_t *o, double *v, double *m,
                     uint64_t end)
{
    const pl_scenario *sc = S->t->s;
    bool moved = true;

    while (moved && S->ls_evals < end) {
        uint32_t bi = 0, bo = 0;
        double bv = *v, bm = *m;
        moved = false;
        for (uint32_t i = 0; i < S->I && S->ls_evals < end; i++) {
            const uint32_t keep = o[i];
            for (uint32_t k = 0; k < sc->issues[i].n_options; k++) {
                double x, xm;
                if (k == keep)
                    continue;
                o[i] = k;
                x = ls_value(S, o, &xm);
                if (ls_better(x, xm, bv, bm)) {
                    bv = x;
                    bm = xm;
                    bi = i;
                    bo = k;
                    moved = true;
                }
            }
            o[i] = keep;
        }
        if (moved) {
            o[bi] = bo;
            *v = bv;
            *m = bm;
        }
    }
}

/* Offer (v, o) to the incumbent: a larger value, or the same at a lower
 * index. */
static void ls_offer(struct search *S, double v, const uint32_t *o)
{
    if (v > S->v ||
        (v == S->v && v > -INFINITY && first_cmp(o, S->I, S->inc, S->I) < 0)) {
        S->v = v;
        memcpy(S->inc, o, S->I * sizeof *S->inc);
    }
}

/* Improve the incumbent (S->v, S->inc) by local search: climbs from the
 * incumbent, the pool and LS_STARTS seeded random outcomes, then
 * iterated local search from the best of them (kicks of 2-4 random
 * issues, kept when not worse) until LS_IDLE kicks in a row bring no
 * better value, then the lowest options that keep the value. */
static void ls_seed(struct search *S)
{
    const pl_scenario *sc = S->t->s;
    const uint64_t end = S->ls_evals + LS_EVALS;
    uint32_t o[PL_MAX_ISSUES], cur_o[PL_MAX_ISSUES];
    double cur = -INFINITY, cur_m = INFINITY;
    pl_rng g;

    pl_rng_seed(&g, 0x6c6f63616cull ^ ((uint64_t)S->kind << 8 | S->p));
    for (uint32_t st = 0; st < S->n_pool + LS_STARTS + 1 && S->ls_evals < end;
         st++) {
        double v, m;
        if (st == 0 && S->v == -INFINITY)
            continue;
        if (st == 0)
            memcpy(o, S->inc, S->I * sizeof *o);
        else if (st <= S->n_pool)
            memcpy(o, S->pool + (size_t)(st - 1) * S->I, S->I * sizeof *o);
        else
            for (uint32_t i = 0; i < S->I; i++)
                o[i] = (uint32_t)pl_rng_below(&g, sc->issues[i].n_options);
        v = ls_value(S, o, &m);
        ls_climb(S, o, &v, &m, end);
        ls_offer(S, v, o);
        if (ls_better(v, m, cur, cur_m)) {
            cur = v;
            cur_m = m;
            memcpy(cur_o, o, S->I * sizeof *o);
        }
    }
    if (cur_m == INFINITY)
        return;
    memcpy(o, cur_o, S->I * sizeof *o);
    for (uint32_t idle = 0; S->ls_evals < end && idle++ < LS_IDLE;) {
        const uint32_t kicks = 2 + (uint32_t)pl_rng_below(&g, 3);
        double v, m;
        for (uint32_t j = 0; j < kicks; j++) {
            const uint32_t i = (uint32_t)pl_rng_below(&g, S->I);
            o[i] = (uint32_t)pl_rng_below(&g, sc->issues[i].n_options);
        }
        v = ls_value(S, o, &m);
        ls_climb(S, o, &v, &m, end);
        if (!ls_better(cur, cur_m, v, m)) { /* not worse: move */
            if (ls_better(v, m, cur, cur_m))
                idle = 0;
            cur = v;
            cur_m = m;
            memcpy(cur_o, o, S->I * sizeof *o);
            ls_offer(S, v, o);
        } else {
            memcpy(o, cur_o, S->I * sizeof *o);
        }
    }
    if (S->v == -INFINITY)
        return;
    /* the lowest options that keep the value, issue by issue (indices
     * as low as a greedy pass gets them: worthless issues at option 0) */
    memcpy(o, S->inc, S->I * sizeof *o);
    for (uint32_t i = 0; i < S->I; i++) {
        const uint32_t keep = o[i];
        for (uint32_t k = 0; k < keep; k++) {
            double x, xm;
            o[i] = k;
            x = ls_value(S, o, &xm);
            if (x >= S->v) {
                ls_offer(S, x, o);
                break;
            }
            o[i] = keep;
        }
    }
}

/* Remember a found outcome as a start for later local searches. */
static void pool_add(struct search *S, const uint32_t *o)
{
    if (!S->pool || S->n_pool == POOL_MAX)
        return;
    for (uint32_t j = 0; j < S->n_pool; j++)
        if (memcmp(S->pool + (size_t)j * S->I, o, S->I * sizeof *o) == 0)
            return;
    memcpy(S->pool + (size_t)S->n_pool++ * S->I, o, S->I * sizeof *o);
}

/* seed_o: the outcome with value seed_v (NULL when seed_v is -inf or
 * the search is value-only). */
static void run_max(struct search *S, int kind, uint32_t p, bool value_only,
                    double seed_v, const uint32_t *seed_o, struct maxres *res)
{
    struct pl__bt_red rd;
    double ub;

    S->kind = kind;
    S->p = p;
    S->value_only = value_only;
    S->done = false;
    S->v = seed_v;
    if (seed_o)
        memcpy(S->inc, seed_o, S->I * sizeof *S->inc);
    else
        memset(S->inc, 0, sizeof S->inc);
    /* Wide spaces: a probe of at most LS_PROBE nodes first; only if it
     * does not close, local search for an incumbent, then the search
     * again with the whole budget (the probe's incumbent is kept). */
    for (int pass = 0; pass < 2; pass++) {
        const uint64_t budget = S->budget;
        const bool probe = pass == 0 && S->wide && S->I > 0 &&
                           kind != OBJ_REACH && budget > 0;
        if (pass == 1) {
            ls_seed(S);
            S->total += S->nodes;
        }
        S->ub_left = -INFINITY;
        S->left_len = 0;
        if (probe && budget > LS_PROBE)
            S->budget = LS_PROBE;
        search_root(S, &rd);
        ub = obj_bound(S, S->lo, S->hi, &rd);
        if (kind == OBJ_REACH && S->v >= S->goal)
            S->done = true;
        if (!S->done && !can_prune(S, ub, UINT32_MAX, 0)) {
            if (S->I == 0) {
                if (ub > S->v)
                    S->v = ub;
            } else {
                max_dfs(S, 0);
            }
        }
        S->budget = budget;
        if (!probe || !S->stop)
            break;
    }
    S->total += S->nodes;
    {
        char w[32];
        snprintf(w, sizeof w, "max%d.%u", kind, p);
        dbg(S, w);
    }
    res->found = S->v > -INFINITY;
    res->v = S->v;
    memcpy(res->o, S->inc, S->I * sizeof *res->o);
    if (res->found && S->wide)
        pool_add(S, res->o);
    /* Cut: a subtree left unexplored may beat the answer, or tie it at a
     * lower index (value-only searches ignore indices). */
    res->cut = !S->done && S->ub_left > -INFINITY &&
               (S->ub_left > S->v ||
                (!value_only && S->ub_left == S->v &&
                 first_cmp(S->left, S->left_len, S->inc, S->I) < 0));
    res->ub = res->cut ? S->ub_left : S->v;
}

static void run_zone(struct search *S, pl_count *count, pl_count *undecided)
{
    struct pl__bt_red rd;
    bool out = false, in;
    const uint32_t n = S->n;

    S->zcount = 0;
    S->zcount_w = S->zundecided = pl__count_zero();
    search_root(S, &rd);
    in = rd.excl == 0 && rd.maybe == 0;
    for (uint32_t q = 0; q < n; q++) {
        out = out || S->hi[q] < S->t->r[q];
        in = in && S->lo[q] >= S->t->r[q];
    }
    if (rd.excl || out)
        ;
    else if (in)
        S->zcount_w = S->t->wsize[0];
    else
        zone_dfs(S, 0); /* not a leaf: a leaf is always decided */
    S->total += S->nodes;
    dbg(S, "zone");
    *count = S->zcount_w;
    (void)pl__count_add_u64(count, S->zcount);
    *undecided = S->zundecided;
}

static pl_status run_front(struct search *S, struct pl__sky *sky)
{
    struct pl__bt_red rd;

    S->sky = sky;
    S->st_dirty = true;
    S->fundecided = pl__count_zero();
    S->rc = PL_OK;
    search_root(S, &rd);
    if (is_point(S->lo, S->hi, S->n) && point_zone(S, S->hi, &rd) >= 0)
        S->rc = S->wide ? wide_add(S, 0, S->hi, point_zone(S, S->hi, &rd) == 1)
                        : pl__sky_add_range(sky, S->hi, 0, S->t->size[0],
                                            point_zone(S, S->hi, &rd) == 1);
    else
        front_dfs(S, 0, 0);
    S->total += S->nodes;
    dbg(S, "front");
#ifdef PL_BNB_DEBUG
    for (uint32_t k = 0; k <= S->I; k++)
        fprintf(stderr, "  depth %2u: expanded %10llu sky-pruned %10llu "
                "stair-pruned %10llu points %10llu\n", k,
                (unsigned long long)dbg_depth[k],
                (unsigned long long)dbg_pruned_sky[k],
                (unsigned long long)dbg_pruned_st[k],
                (unsigned long long)dbg_point[k]);
    fprintf(stderr, "  skyline %zu vectors\n", S->sky->len);
#endif
    return S->rc;
}

/* ---- assembling the result ---- */

/* Objective of concept c for a zone vector u (admissible or -inf). */
static double concept_value(const struct pl__bt *t, int c, const double *u,
                            const double *best)
{
    double v;

    for (uint32_t q = 0; q < t->n; q++)
        if (c == PL_NASH ? !(u[q] > t->r[q]) : !(u[q] >= t->r[q]))
            return -INFINITY;
    switch (c) {
    case PL_NASH:
        v = 1.0;
        for (uint32_t q = 0; q < t->n; q++)
            v *= u[q] - t->r[q];
        return v;
    case PL_EGALITARIAN:
        v = INFINITY;
        for (uint32_t q = 0; q < t->n; q++) {
            const double d = u[q] - t->r[q];
            v = d < v ? d : v;
        }
        return v;
    case PL_MAX_WELFARE:
        v = 0.0;
        for (uint32_t q = 0; q < t->n; q++)
            v += u[q];
        return v;
    case PL_KALAI_SMORODINSKY:
        return pl__ks_value(u, t->r, best, t->n);
    default:
        return -INFINITY;
    }
}

/* Seed for concept c: the best (value, lowest index) over the in-zone
 * outcomes the frontier recorded (64-bit indices; none in wide mode). */
static void concept_seed(const struct pl__bt *t, const struct pl__sky *f,
                         int c, const double *best, double *v, uint32_t *o,
                         double *vec)
{
    double u[PL_MAX_PARTIES];
    uint64_t idx = UINT64_MAX;

    *v = -INFINITY;
    for (size_t sl = 0; t->s->fits_u64 && sl < pl__sky_n_slots(f); sl++) {
        const struct pl__sky_item *it = &f->item[sl];
        uint64_t lo = UINT64_MAX;
        double x;
        if (!pl__sky_used(f, sl) || it->zone_count == 0)
            continue;
        for (size_t j = 0; j < it->n_idx; j++)
            if ((it->idx[j] & 1) && (it->idx[j] >> 1) < lo)
                lo = it->idx[j] >> 1;
        if (lo == UINT64_MAX)
            continue;
        pl__sky_vec(f, sl, u);
        x = concept_value(t, c, u, best);
        if (x > *v || (x == *v && x > -INFINITY && lo < idx)) {
            *v = x;
            idx = lo;
            memcpy(vec, u, t->n * sizeof *u);
        }
    }
    if (idx != UINT64_MAX)
        pl_scenario_outcome_decode(t->s, idx, o);
}

pl_status pl__bnb_fill_points(const pl_scenario *s, pl_analysis *a,
                              struct pl__sky *f, uint64_t top, bool *trunc)
{
    size_t total = 0, m = 0;
    struct pl__point_ref *refs;
    pl_status rc;

    for (size_t sl = 0; sl < pl__sky_n_slots(f); sl++) {
        struct pl__sky_item *it = &f->item[sl];
        if (!pl__sky_used(f, sl))
            continue;
        pl__count_add_u64(&a->pareto_count, it->count);
        pl__count_add_u64(&a->pareto_zone_count, it->zone_count);
        a->pareto_zone_vectors += it->zone_count > 0;
        if (!top && it->n_idx < it->count) {
            *trunc = true;
            pl__sky_item_trim(it, PL__SKY_RANGE_KEEP);
        } else {
            pl__sky_item_trim(it, top);
        }
        total += it->n_idx;
    }
    a->pareto_vectors = f->len;
    refs = pl__calloc(total ? total : 1, sizeof *refs);
    if (!refs)
        return PL_ENOMEM;
    for (size_t sl = 0; sl < pl__sky_n_slots(f); sl++) {
        double u[PL_MAX_PARTIES], w = 0.0;
        if (!pl__sky_used(f, sl))
            continue;
        pl__sky_vec(f, sl, u);
        for (uint32_t q = 0; q < f->n; q++)
            w += u[q];
        for (size_t j = 0; j < f->item[sl].n_idx; j++) {
            refs[m].welfare = w;
            refs[m].packed = f->item[sl].idx[j];
            m++;
        }
    }
    rc = pl__points_keep(s, a, refs, m, top);
    pl__free(refs);
    return rc;
}

static void package_release(pl_package *pk)
{
    pl__free(pk->outcome);
    pl__free(pk->utility);
    pk->outcome = NULL;
    pk->utility = NULL;
}

/* One subtree of a frontier vector (wide mode), for sorting. */
struct wref {
    const uint32_t *first;
    uint32_t I, depth;
    pl_count cnt;
    bool zone;
};

static int cmp_wref(const void *a, const void *b)
{
    const struct wref *x = a, *y = b;

    return first_cmp(x->first, x->I, y->first, y->I);
}

/* A listed frontier outcome (wide mode). */
struct wpoint {
    double welfare;
    const uint32_t *o;
    uint32_t I;
    bool zone;
};

static int cmp_wpoint(const void *a, const void *b)
{
    const struct wpoint *x = a, *y = b;

    if (x->welfare != y->welfare)
        return x->welfare > y->welfare ? -1 : 1;
    return first_cmp(x->o, x->I, y->o, y->I);
}

/* fill_points for wide spaces: per vector, exact counts summed over its
 * subtrees (entries of w), and its lowest `keep` outcomes (opts.top, or
 * a share of 2^22 listed outcomes, at most PL__SKY_RANGE_KEEP per
 * vector): subtrees in index order, outcomes within each in odometer
 * order.  Then welfare-then-index order and opts.top, as fill_points. */
static pl_status wide_fill(const pl_scenario *s, pl_analysis *a,
                           struct pl__sky *f, const struct wide_front *w,
                           uint64_t top, bool *trunc, uint32_t *keep_out)
{
    const uint32_t I = s->n_issues, n = f->n;
    uint64_t keep = top;
    size_t total = 0, np = 0, maxn = 0;
    struct wref *refs = NULL;
    struct wpoint *pts = NULL;
    uint32_t *buf = NULL;
    pl_status rc = PL_ENOMEM;

    if (!keep) {
        keep = f->len ? ((uint64_t)1 << 22) / f->len : 1;
        keep = keep < 1 ? 1 : keep > PL__SKY_RANGE_KEEP ? PL__SKY_RANGE_KEEP
                                                        : keep;
    }
    *keep_out = (uint32_t)keep;
    for (size_t sl = 0; sl < pl__sky_n_slots(f); sl++) {
        pl_count c = pl__count_zero(), z = pl__count_zero();
        const struct pl__sky_item *it = &f->item[sl];
        if (!pl__sky_used(f, sl))
            continue;
        maxn = it->n_idx > maxn ? it->n_idx : maxn;
        for (size_t j = 0; j < it->n_idx; j++) {
            const size_t e = (size_t)(it->idx[j] >> 1);
            (void)pl__count_add(&c, w->cnt[e]);
            if (w->zone[e])
                (void)pl__count_add(&z, w->cnt[e]);
        }
        (void)pl__count_add(&a->pareto_count, c);
        (void)pl__count_add(&a->pareto_zone_count, z);
        a->pareto_zone_vectors += !pl__count_is_zero(z);
        if (pl_count_cmp(c, pl_count_from_u64(keep)) > 0) {
            total += (size_t)keep;
            *trunc = *trunc || !top;
        } else {
            total += (size_t)c.w[0];
        }
    }
    a->pareto_vectors = f->len;
    refs = pl__calloc(maxn ? maxn : 1, sizeof *refs);
    pts = pl__calloc(total ? total : 1, sizeof *pts);
    buf = pl__calloc(total ? total : 1, (I ? I : 1) * sizeof *buf);
    if (!refs || !pts || !buf)
        goto done;
    for (size_t sl = 0; sl < pl__sky_n_slots(f); sl++) {
        const struct pl__sky_item *it = &f->item[sl];
        double u[PL_MAX_PARTIES], wel = 0.0;
        uint64_t got = 0;
        if (!pl__sky_used(f, sl))
            continue;
        pl__sky_vec(f, sl, u);
        for (uint32_t q = 0; q < n; q++)
            wel += u[q];
        for (size_t j = 0; j < it->n_idx; j++) {
            const size_t e = (size_t)(it->idx[j] >> 1);
            refs[j].first = w->first + e * I;
            refs[j].I = I;
            refs[j].depth = w->depth[e];
            refs[j].cnt = w->cnt[e];
            refs[j].zone = w->zone[e];
        }
        pl__qsort(refs, it->n_idx, sizeof *refs, cmp_wref);
        for (size_t j = 0; j < it->n_idx && got < keep; j++) {
            pl_count left = refs[j].cnt;
            uint32_t *o = buf + np * I;
            memcpy(o, refs[j].first, I * sizeof *o);
            while (got < keep && !pl__count_is_zero(left)) {
                pts[np].welfare = wel;
                pts[np].o = buf + np * I;
                pts[np].I = I;
                pts[np].zone = refs[j].zone;
                np++;
                got++;
                (void)pl__count_sub(&left, pl_count_from_u64(1));
                if (got < keep && !pl__count_is_zero(left)) {
                    /* next outcome of the subtree: odometer on the free
                     * issues depth .. I - 1 */
                    uint32_t *nx = buf + np * I;
                    memcpy(nx, pts[np - 1].o, I * sizeof *nx);
                    for (uint32_t i = I; i-- > refs[j].depth;) {
                        if (++nx[i] < s->issues[i].n_options)
                            break;
                        nx[i] = 0;
                    }
                }
            }
        }
    }
    pl__qsort(pts, np, sizeof *pts, cmp_wpoint);
    if (top && np > top)
        np = (size_t)top;
    a->points = pl__calloc(np ? np : 1, sizeof *a->points);
    if (!a->points)
        goto done;
    rc = PL_OK;
    for (size_t k = 0; k < np && rc == PL_OK; k++) {
        rc = pl__package_fill_outcome(s, a, &a->points[k], pts[k].o,
                                      pts[k].welfare, pts[k].zone);
        a->n_points = k + 1;
    }
done:
    pl__free(refs);
    pl__free(pts);
    pl__free(buf);
    return rc;
}

static const char *const concept_name[PL_CONCEPT_COUNT] = {
    "nash", "ks", "egalitarian", "welfare"};

pl_status pl__analyze_bnb(const pl_scenario *s, const pl_analysis_opts *o,
                          const char *why, pl_analysis *a)
{
    const uint32_t n = (uint32_t)a->n_parties;
    const bool wide =
        !s->fits_u64 || s->n_outcomes_u64 >= (UINT64_C(1) << 63);
    const uint64_t budget = o->max_nodes ? o->max_nodes
                            : wide       ? PL__BNB_MAX_NODES_WIDE
                                         : PL__BNB_MAX_NODES;
    struct pl__bt *t = NULL;
    struct search S;
    struct pl__sky sky;
    struct maxres mr;
    struct wide_front wf;
    pl_count zc, zu;
    bool ranges_cut = false, zbest_cut = false, reach_cut = false,
         trunc = false;
    bool zone_nonempty;
    pl_package extra[16];
    uint32_t n_extra = 0;
    bool ccut[PL_CONCEPT_COUNT] = {false, false, false, false};
    double cub[PL_CONCEPT_COUNT] = {0, 0, 0, 0};
    uint32_t keep_w = 0;
    char cuts[512] = "";
    double fmax[PL_MAX_PARTIES], fzmax[PL_MAX_PARTIES];
    pl_status rc;

    memset(&S, 0, sizeof S);
    memset(&wf, 0, sizeof wf);
    memset(extra, 0, sizeof extra);
    /* wide: the skyline holds entry ids of wf, all of them */
    pl__sky_init(&sky, n,
                 wide     ? 0
                 : o->top ? o->top
                          : PL__SKY_RANGE_KEEP,
                 0);
    rc = pl__bt_new(s, a->party, n, &t);
    if (rc != PL_OK)
        goto out;
    rc = search_init(&S, t, budget);
    if (rc != PL_OK)
        goto out;
    S.wide = wide;
    S.wf = &wf;
    if (wide) {
        S.pool = pl__calloc((size_t)POOL_MAX * (S.I ? S.I : 1), sizeof *S.pool);
        if (!S.pool) {
            rc = PL_ENOMEM;
            goto out;
        }
    }
    /* The frontier comes last: the packages found first are real outcomes
     * that prune it from the start (guards). */
    for (uint32_t q = 0; q < n; q++)
        fmax[q] = fzmax[q] = -INFINITY;
    /* 2. ranges and the best utility in the zone */
    zone_nonempty = false;
    a->umin_bound = pl__calloc(n, sizeof *a->umin_bound);
    a->umax_bound = pl__calloc(n, sizeof *a->umax_bound);
    if (!a->umin_bound || !a->umax_bound) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (uint32_t q = 0; q < n; q++) {
        run_max(&S, OBJ_UMAX, q, true, fmax[q], NULL, &mr);
        a->umax[q] = mr.v;
        a->umax_bound[q] = mr.cut && mr.ub > mr.v ? mr.ub : mr.v;
        ranges_cut |= mr.cut;
        run_max(&S, OBJ_UMIN, q, true, -INFINITY, NULL, &mr);
        a->umin[q] = -mr.v;
        a->umin_bound[q] = mr.cut && mr.ub > mr.v ? -mr.ub : -mr.v;
        ranges_cut |= mr.cut;
        run_max(&S, OBJ_ZMAX, q, true, fzmax[q], NULL, &mr);
        a->zone_best[q] = mr.found ? mr.v : NAN;
        zone_nonempty |= mr.found;
        zbest_cut |= mr.cut;
    }
    if (!ranges_cut) { /* NULL: every range exact */
        pl__free(a->umin_bound);
        pl__free(a->umax_bound);
        a->umin_bound = a->umax_bound = NULL;
    }
    if (!zone_nonempty)
        for (uint32_t q = 0; q < n; q++)
            a->zone_best[q] = NAN;
    /* 3. hopeless parties: some outcome outside their own red lines with
     * u >= r?  Any zone outcome is one. */
    for (uint32_t q = 0; q < n && !zone_nonempty; q++) {
        S.goal = t->r[q];
        run_max(&S, OBJ_REACH, q, true, -INFINITY, NULL, &mr);
        if (mr.v >= t->r[q])
            continue;
        if (mr.cut && mr.ub >= t->r[q]) {
            reach_cut = true;
            continue;
        }
        a->hopeless[a->n_hopeless++] = q;
    }
    /* 4. zone count */
    run_zone(&S, &zc, &zu);
    a->zone_count_unknown = !pl__count_is_zero(zu);
    a->zone_count = a->zone_count_unknown ? pl__count_zero() : zc;
    a->zone_bounded = a->zone_count_unknown;
    a->zone_min = a->zone_max = zc;
    (void)pl__count_add(&a->zone_max, zu);
    /* 5. solution concepts */
    for (int ci = 0; ci < PL_CONCEPT_COUNT; ci++) {
        /* Kalai-Smorodinsky last: egalitarian and welfare seed it */
        static const int order[PL_CONCEPT_COUNT] = {
            PL_EGALITARIAN, PL_MAX_WELFARE, PL_NASH, PL_KALAI_SMORODINSKY};
        static const int kind[PL_CONCEPT_COUNT] = {OBJ_NASH, OBJ_KS, OBJ_EGAL,
                                                   OBJ_WELF};
        const int c = order[ci];
        double v, xvec[PL_MAX_PARTIES];
        uint32_t *ox = S.path; /* scratch: the seed's outcome */
        if (c == PL_KALAI_SMORODINSKY && !zone_nonempty)
            continue;
        S.ks_best = a->zone_best;
        concept_seed(t, &sky, c, a->zone_best, &v, ox, xvec);
        if (c == PL_NASH) /* seeds and weights from those found */
            for (int d = PL_EGALITARIAN; d <= PL_MAX_WELFARE; d++)
                if (a->found[d]) {
                    const double x = concept_value(t, PL_NASH,
                                                   a->concept[d].utility,
                                                   a->zone_best);
                    const uint32_t *ix = a->concept[d].outcome;
                    if (x > v || (x == v && x > -INFINITY &&
                                  first_cmp(ix, S.I, ox, S.I) < 0)) {
                        v = x;
                        memcpy(ox, ix, S.I * sizeof *ox);
                        memcpy(xvec, a->concept[d].utility, n * sizeof *xvec);
                    }
                }
        if (c == PL_KALAI_SMORODINSKY)
            for (int d = PL_EGALITARIAN; d <= PL_MAX_WELFARE; d++)
                if (a->found[d]) {
                    const double x = pl__ks_value(a->concept[d].utility,
                                                  t->r, a->zone_best, n);
                    const uint32_t *ix = a->concept[d].outcome;
                    if (x > v || (x == v && (v == -INFINITY ||
                                             first_cmp(ix, S.I, ox, S.I) < 0))) {
                        v = x;
                        memcpy(ox, ix, S.I * sizeof *ox);
                    }
                }
        rc = obj_weights(&S, kind[c],
                         c == PL_KALAI_SMORODINSKY ? a->zone_best
                         : v > -INFINITY          ? xvec
                                                  : NULL);
        if (rc != PL_OK)
            goto out;
        {
            uint32_t seed[PL_MAX_ISSUES];
            memcpy(seed, ox, S.I * sizeof *seed);
            run_max(&S, kind[c], 0, false, v, v > -INFINITY ? seed : NULL,
                    &mr);
        }
        ccut[c] = mr.cut;
        cub[c] = mr.ub;
        if (!mr.found)
            continue;
        a->found[c] = true;
        rc = pl__package_fill_outcome(s, a, &a->concept[c], mr.o, mr.v, true);
        if (rc != PL_OK)
            goto out;
        /* a zone outcome: raises a zone best its search left uncertified
         * (Kalai-Smorodinsky, last, measures against these) */
        if (zbest_cut)
            for (uint32_t q = 0; q < n; q++)
                if (!zone_nonempty || a->concept[c].utility[q] > a->zone_best[q])
                    a->zone_best[q] = a->concept[c].utility[q];
        zone_nonempty = true;
    }
    /* A concept cut short may be beaten by another's package (wide spaces:
     * each comes from its own local search); the best one found is kept,
     * under the same certificate. */
    for (int c = 0; c < PL_CONCEPT_COUNT; c++)
        for (int d = 0; d < PL_CONCEPT_COUNT && ccut[c] && a->found[c]; d++) {
            const pl_package *pd = &a->concept[d];
            double x;
            if (d == c || !a->found[d])
                continue;
            x = concept_value(t, c, pd->utility, a->zone_best);
            if (x > a->concept[c].value ||
                (x == a->concept[c].value &&
                 first_cmp(pd->outcome, S.I, a->concept[c].outcome, S.I) < 0)) {
                uint32_t keep[PL_MAX_ISSUES];
                memcpy(keep, pd->outcome, S.I * sizeof *keep);
                package_release(&a->concept[c]);
                rc = pl__package_fill_outcome(s, a, &a->concept[c], keep, x,
                                              true);
                if (rc != PL_OK)
                    goto out;
            }
        }
    for (int ci = 0; ci < PL_CONCEPT_COUNT; ci++) {
        /* in search order */
        static const int order[PL_CONCEPT_COUNT] = {
            PL_EGALITARIAN, PL_MAX_WELFARE, PL_NASH, PL_KALAI_SMORODINSKY};
        const int c = order[ci];
        if (ccut[c] && a->found[c] && cub[c] > a->concept[c].value) {
            a->gap[c] = cub[c] - a->concept[c].value;
            pl__appendf(cuts, sizeof cuts, ", %s within %.3g", concept_name[c],
                        a->gap[c]);
        } else if (ccut[c] && a->found[c]) {
            pl__appendf(cuts, sizeof cuts, ", %s optimal but lowest index not "
                        "certified", concept_name[c]);
        } else if (ccut[c]) {
            pl__appendf(cuts, sizeof cuts, ", %s not found", concept_name[c]);
        }
    }
    /* 6. the frontier */
    S.n_guard = 0;
    for (int c = 0; c < PL_CONCEPT_COUNT; c++)
        if (a->found[c])
            memcpy(S.guard + (size_t)S.n_guard++ * n, a->concept[c].utility,
                   n * sizeof *S.guard);
    rc = run_front(&S, &sky);
    if (rc != PL_OK)
        goto out;
    /* An incomplete frontier also lists the packages found above when no
     * vector found dominates or equals theirs: real outcomes, so "found so
     * far" (the search prunes with them and may never reach them).  On
     * wide spaces also the local search's maxima of weighted sums of the
     * utilities (weights k/8, 1 - k/8 with 2 parties, else each party
     * and all ones), labelled like the rest. */
    if (S.wide && !pl__count_is_zero(S.fundecided) && S.I > 0) {
        const uint32_t nl = n == 2 ? 9 : n + 1;
        for (uint32_t l = 0; l < nl && n_extra < 16; l++) {
            pl_package *pk = &extra[n_extra];
            for (uint32_t q = 0; q < n; q++)
                S.ls_lam[q] = n == 2 ? (q == 0 ? l / 8.0 : 1.0 - l / 8.0)
                              : l < n ? (double)(q == l)
                                      : 1.0;
            S.kind = OBJ_WSUM;
            S.p = l;
            S.v = -INFINITY;
            ls_seed(&S);
            if (S.v == -INFINITY)
                continue;
            rc = pl__package_fill_outcome(s, a, pk, S.inc, 0, false);
            if (rc != PL_OK)
                goto out;
            pk->in_zone = true;
            for (uint32_t q = 0; q < n && pk->in_zone; q++)
                pk->in_zone = pk->utility[q] >= t->r[q] &&
                              !pl_scenario_crosses_red_line(s, a->party[q],
                                                            pk->outcome);
            n_extra++;
        }
    }
    for (uint32_t c = 0;
         c < PL_CONCEPT_COUNT + n_extra && !pl__count_is_zero(S.fundecided);
         c++) {
        const pl_package *pk =
            c < PL_CONCEPT_COUNT ? &a->concept[c] : &extra[c - PL_CONCEPT_COUNT];
        bool same = false;
        if ((c < PL_CONCEPT_COUNT && !a->found[c]) ||
            pl__sky_dominated(&sky, pk->utility))
            continue;
        for (size_t sl = 0; sl < pl__sky_n_slots(&sky) && !same; sl++) {
            double u[PL_MAX_PARTIES];
            if (!pl__sky_used(&sky, sl))
                continue;
            pl__sky_vec(&sky, sl, u);
            same = memcmp(u, pk->utility, n * sizeof *u) == 0;
        }
        if (same)
            continue;
        if (S.wide) {
            memcpy(S.path, pk->outcome, S.I * sizeof *S.path);
            rc = wide_add(&S, S.I, pk->utility, pk->in_zone);
        } else {
            rc = pl__sky_add(&sky, pk->utility, pk->index, true);
        }
        if (rc != PL_OK)
            goto out;
    }
    if (S.wide)
        rc = wide_fill(s, a, &sky, &wf, o->top, &trunc, &keep_w);
    else
        rc = pl__bnb_fill_points(s, a, &sky, o->top, &trunc);
    if (rc != PL_OK)
        goto out;
    a->pareto_incomplete = !pl__count_is_zero(S.fundecided);
    if (a->pareto_incomplete)
        pl__appendf(cuts, sizeof cuts, ", frontier incomplete (%.3g "
                    "undecided)", pl_count_to_double(S.fundecided));
    if (a->zone_count_unknown && pl__count_fits_u64(a->zone_max))
        pl__appendf(cuts, sizeof cuts, ", zone count in [%llu, %llu]",
                    (unsigned long long)a->zone_min.w[0],
                    (unsigned long long)a->zone_max.w[0]);
    else if (a->zone_count_unknown)
        pl__appendf(cuts, sizeof cuts, ", zone count in [%.4g, %.4g]",
                    pl_count_to_double(a->zone_min),
                    pl_count_to_double(a->zone_max));
    if (ranges_cut || zbest_cut || reach_cut)
        pl__appendf(cuts, sizeof cuts, ", %s%s%s%s%s not certified",
                    ranges_cut ? "ranges" : "",
                    ranges_cut && (zbest_cut || reach_cut) ? " " : "",
                    zbest_cut ? "zone-best" : "",
                    zbest_cut && reach_cut ? " " : "",
                    reach_cut ? "hopeless" : "");
    if (*cuts) { /* cuts starts with ", " */
        char tmp[sizeof cuts];
        memcpy(tmp, cuts, sizeof tmp);
        snprintf(cuts, sizeof cuts, "; node budget hit: ");
        pl__appendf(cuts, sizeof cuts, "%s", tmp + 2);
    }
    if (trunc)
        pl__appendf(cuts, sizeof cuts,
                    "; points: lowest %u outcomes per vector",
                    S.wide ? keep_w : PL__SKY_RANGE_KEEP);
    a->method[0] = '\0';
    if (S.wide)
        pl__appendf(a->method, sizeof a->method,
                    "bnb: %.4g outcomes (2^63 or more: packages by "
                    "their options, incumbents seeded by local search, "
                    "%.3g nodes per search), %.3g nodes",
                    pl_count_to_double(s->n_outcomes_exact), (double)budget,
                    (double)S.total);
    else
        pl__appendf(a->method, sizeof a->method,
                    "bnb: %llu outcomes, %.3g nodes",
                    (unsigned long long)s->n_outcomes_u64, (double)S.total);
    if (*why)
        pl__appendf(a->method, sizeof a->method, " (%s)", why);
    pl__appendf(a->method, sizeof a->method, "%s", cuts);
    a->threads = 1;
out:
    for (uint32_t j = 0; j < 16; j++)
        package_release(&extra[j]);
    pl__free(S.pool);
    search_free(&S);
    pl__free(wf.cnt);
    pl__free(wf.depth);
    pl__free(wf.first);
    pl__free(wf.zone);
    pl__sky_free(&sky);
    pl__bt_free(t);
    return rc;
}
