/* Exact 2-party analysis of additive scenarios by issue-by-issue merge.
 *
 * Workload: 2 analysis parties whose utilities are plain sums of the
 * per-issue table U (no interactions or constant terms, no red lines, no
 * clamp that can bind), spaces far beyond enumeration (10^10 .. 10^50 outcomes) whose
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
 * Stages: the C = |set| * (option classes) candidates of a stage are the
 * set's translated copies, each already sorted; they are made on the fly
 * from the set (never stored), a heap over the copies' heads merges them
 * in order while the drop rule runs, and heads that are certainly dropped
 * are skipped without heap work (most of them in opposed domains).  Cost
 * per stage O(C + S log k) for S survivors and k classes, buffers reused
 * across stages; memory O(sum of stage sizes) for reconstruction.
 * Measured: bench/README.md.
 *
 * Option classes, reconstruction of outcomes from the stages and the
 * results read off the final set are merge_n.c's too (merge_core.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/count.h"
#include "merge.h"
#include "merge_core.h"
#include "parley/rng.h"
#include "zone_tail.h"

/* Outcomes sampled for the zone estimate, and the seed of its pl_rng
 * (fixed: the report is a pure function of the scenario). */
#define ZONE_SAMPLES 100000u
#define ZONE_SEED UINT64_C(20261128)
/* Zone count, last DP stage: word operations of the tail queries. */
#define ZONE_TAIL_WORK 600000000u

uint32_t pl__merge_zone_tail = PL__MERGE_ZONE_TAIL;

/* The class vectors (merge_core.h) of the two parties: c->a[2q + p]. */
#define A0(c, q) ((c)->a[2 * (size_t)(q)])
#define A1(c, q) ((c)->a[2 * (size_t)(q) + 1])

struct merge {
    const pl_scenario *s;
    const double *U[2];
    uint32_t I;
    size_t max_points;
    size_t zone_points; /* budget of the zone-count DP */
    uint32_t zone_tail; /* tail outcomes counted by zone_tail.c at most */
    uint64_t zone_seed;  /* of the zone estimate's sampling */
    double unit; /* rounding margin per remaining addition */
    struct pl__mclass *cl;
    struct pl__mstage *fs;
    /* final frontier */
    size_t nf;
    double *f; /* nf * 2: (u0, u1) rows */
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
static pl_count group_count(const struct pl__mclass *c, const pl_count *cnt,
                            const struct cand *v, size_t a, size_t b)
{
    pl_count sum = pl__count_zero();

    for (size_t e = a; e < b; e++)
        pl__count_addmul(&sum, cnt[v[e].par], c->mult[v[e].cls]);
    return sum;
}

/* The largest utility of party p: per-issue maxima summed in issue order
 * (IEEE addition is monotone, so no outcome's reference sum exceeds it).
 * A GENIUS cap at or above it never binds: the utility stays additive. */
static double max_sum(const pl_scenario *s, uint32_t p)
{
    const double *row = s->U + (size_t)p * s->n_total_options;
    double u = 0.0;

    for (uint32_t i = 0; i < s->n_issues; i++) {
        const uint32_t off = s->opt_offset[i];
        double b = row[off];
        for (uint32_t k = 1; k < s->issues[i].n_options; k++)
            b = row[off + k] > b ? row[off + k] : b;
        u += b;
    }
    return u;
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
        if (pa->has_clamp && !(max_sum(s, party[j]) <= pa->clamp_max))
            return "a party's utility is capped (clamp) and can reach the "
                   "cap";
    }
    return NULL;
}

static void merge_free(struct merge *m)
{
    pl__mclass_free(m->cl, m->I);
    pl__mstage_free(m->fs, m->I);
    for (uint32_t i = 0; m->g0 && m->g1 && i <= m->I; i++) {
        pl__free(m->g0[i]);
        pl__free(m->g1[i]);
    }
    pl__free(m->gn);
    pl__free(m->g0);
    pl__free(m->g1);
    pl__free(m->f);
    pl__free(m->fcnt);
    memset(m, 0, sizeof *m);
}

static inline bool cand_before(const struct cand *a, const struct cand *b)
{
    if (a->u0 != b->u0)
        return a->u0 > b->u0;
    if (a->u1 != b->u1)
        return a->u1 > b->u1;
    return a->key < b->key;
}

/* Sort v[0 .. n*k) by cand_before (u0 desc, u1 desc, key asc), given k
 * copies of n points each sorted that way (fill_copies): the copies are
 * merged bottom-up.  A total order where keys are distinct, at
 * O(C log k). */
static pl_status sort_copies(struct cand *v, size_t n, size_t k)
{
    const size_t C = n * k;
    struct cand *tmp, *src = v, *dst;

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

/* The c->n translated copies of a set of n points into v[0 .. n * c->n)
 * (copy q at [q*n, (q+1)*n)), each sorted by cand_before.  rank may be
 * NULL (keys: position in the copy). */
static void fill_copies(const struct pl__mclass *c, size_t n, const double *u0,
                        const double *u1, const uint32_t *rank,
                        struct cand *v)
{
    for (uint32_t q = 0; q < c->n; q++) {
        struct cand *x = v + (size_t)q * n;
        const double a0 = A0(c, q), a1 = A1(c, q);
        for (size_t f = 0; f < n; f++) {
            struct cand y;
            size_t b = f;
            y.u0 = u0[f] + a0;
            y.u1 = u1[f] + a1;
            y.key = rank ? (uint64_t)rank[f] * c->m + c->lo[q] : f;
            y.par = (uint32_t)f;
            y.cls = q;
            /* translation keeps u0's order but may tie u0 with u1 or
             * keys out of order: insertion within the tie (rare) */
            while (b > 0 && x[b - 1].u0 == y.u0 && cand_before(&y, &x[b - 1])) {
                x[b] = x[b - 1];
                b--;
            }
            x[b] = y;
        }
    }
}

/* Candidates of stage i from a set of n points (rank may be NULL), which
 * must be sorted by cand_before (every stage's output is), all in one
 * sorted array (the zone-count DP). */
static pl_status make_cands(const struct merge *m, uint32_t i, size_t n,
                            const double *u0, const double *u1,
                            const uint32_t *rank, struct cand **out,
                            size_t *n_out)
{
    const struct pl__mclass *c = &m->cl[i];
    const size_t C = n * c->n;
    struct cand *v;
    pl_status rc;

    if (C / c->n != n || C > (size_t)m->max_points * 16u)
        return PL_ETOOBIG;
    v = pl__reallocarray(NULL, C ? C : 1, sizeof *v); /* all written */
    if (!v)
        return PL_ENOMEM;
    fill_copies(c, n, u0, u1, rank, v);
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

/* ---- the k-way merge of translated copies ----
 *
 * A stage's candidates are c->n translated copies of the previous set,
 * each sorted by cand_before.  Instead of sorting all C of them, a binary
 * heap over the copies' heads yields them in cand_before order, and a
 * copy's head that the points already taken certainly drop is skipped on
 * the spot (no heap work, nothing stored): in opposed domains ~90% of the
 * candidates go that way.  Skipping ahead of the global order is sound
 * because the drop tests only get stronger as more points are taken (see
 * run_frontier). */
struct lstream {
    size_t f;                /* next base point to read */
    struct cand *run;        /* a tie run, sorted, being served */
    size_t run_pos, run_len, run_cap;
};

struct kmerge {
    const struct pl__mclass *c;
    const double *b0, *b1;   /* the base set, n points */
    const uint32_t *rank;    /* NULL: key = position */
    size_t n;
    double *a0, *a1;         /* per copy: its translation (c->a split by
                                party: the stream loops index by q) */
    struct lstream *s;       /* per copy (class) q */
    struct cand *head;       /* per copy: its current head */
    bool *done;
    uint32_t *heap;
    uint32_t hn;
};

static inline bool head_before(const struct kmerge *h, uint32_t a, uint32_t b)
{
    const struct cand *x = &h->head[a], *y = &h->head[b];

    if (x->u0 != y->u0)
        return x->u0 > y->u0;
    if (x->u1 != y->u1)
        return x->u1 > y->u1;
    if (x->key != y->key)
        return x->key < y->key;
    return a < b;
}

static void heap_down(struct kmerge *h, uint32_t at)
{
    const uint32_t x = h->heap[at];

    for (;;) {
        uint32_t c = 2 * at + 1;
        if (c >= h->hn)
            break;
        if (c + 1 < h->hn && head_before(h, h->heap[c + 1], h->heap[c]))
            c++;
        if (!head_before(h, h->heap[c], x))
            break;
        h->heap[at] = h->heap[c];
        at = c;
    }
    h->heap[at] = x;
}

static pl_status grow(void *pp, size_t *cap, size_t need, size_t size);

static inline void make_cand(const struct kmerge *h, uint32_t q, size_t f,
                             struct cand *x)
{
    x->u0 = h->b0[f] + h->a0[q];
    x->u1 = h->b1[f] + h->a1[q];
    x->key = h->rank ? (uint64_t)h->rank[f] * h->c->m + h->c->lo[q] : f;
    x->par = (uint32_t)f;
    x->cls = q;
}

/* Advance copy q to its next candidate (h->head[q]; h->done[q] at the
 * end).  Candidates are made on the fly from the base set, which stays in
 * cache, instead of writing all C of them out.  Translation keeps u0's
 * order but may tie u0 with u1 or keys out of order: such a tie run
 * (rare) is made and sorted by cand_before in a small buffer. */
static pl_status stream_tie(struct kmerge *h, uint32_t q, size_t f);

static inline pl_status stream_next(struct kmerge *h, uint32_t q)
{
    struct lstream *ls = &h->s[q];
    size_t f;

    if (ls->run_pos < ls->run_len) {
        h->head[q] = ls->run[ls->run_pos++];
        return PL_OK;
    }
    f = ls->f;
    if (f >= h->n) {
        h->done[q] = true;
        return PL_OK;
    }
    if (f + 1 < h->n &&
        h->b0[f + 1] + h->a0[q] == h->b0[f] + h->a0[q])
        return stream_tie(h, q, f);
    make_cand(h, q, f, &h->head[q]);
    ls->f = f + 1;
    return PL_OK;
}

/* stream_next at the start of a tie run. */
static pl_status stream_tie(struct kmerge *h, uint32_t q, size_t f)
{
    struct lstream *ls = &h->s[q];
    const double a0 = h->a0[q];
    size_t g;

    {
        const double x0 = h->b0[f] + a0;
        for (g = f + 1; g < h->n && h->b0[g] + a0 == x0; g++)
            ;
        if (grow(&ls->run, &ls->run_cap, g - f, sizeof *ls->run) != PL_OK)
            return PL_ENOMEM;
        for (size_t t = 0; t < g - f; t++) {
            struct cand y;
            size_t b = t;
            make_cand(h, q, f + t, &y);
            while (b > 0 && cand_before(&y, &ls->run[b - 1])) {
                ls->run[b] = ls->run[b - 1];
                b--;
            }
            ls->run[b] = y;
        }
        ls->run_len = g - f;
        ls->run_pos = 0;
        ls->f = g;
        h->head[q] = ls->run[ls->run_pos++];
        return PL_OK;
    }
}

static void kmerge_free(struct kmerge *h)
{
    for (uint32_t q = 0; h->s && q < h->c->n; q++)
        pl__free(h->s[q].run);
    pl__free(h->a0);
    pl__free(h->a1);
    pl__free(h->s);
    pl__free(h->head);
    pl__free(h->done);
    pl__free(h->heap);
    memset(h, 0, sizeof *h);
}

/* The c->n translated copies of the n points (b0, b1) (ranks `rank`, may
 * be NULL), each in cand_before order, ready to be merged. */
static pl_status kmerge_init(struct kmerge *h, const struct pl__mclass *c,
                             const double *b0, const double *b1,
                             const uint32_t *rank, size_t n)
{
    const uint32_t k = c->n;

    memset(h, 0, sizeof *h);
    h->c = c;
    h->b0 = b0;
    h->b1 = b1;
    h->rank = rank;
    h->n = n;
    h->a0 = pl__calloc(k, sizeof *h->a0);
    h->a1 = pl__calloc(k, sizeof *h->a1);
    h->s = pl__calloc(k, sizeof *h->s);
    h->head = pl__calloc(k, sizeof *h->head);
    h->done = pl__calloc(k, sizeof *h->done);
    h->heap = pl__calloc(k, sizeof *h->heap);
    if (!h->a0 || !h->a1 || !h->s || !h->head || !h->done || !h->heap)
        return PL_ENOMEM;
    for (uint32_t q = 0; q < k; q++) {
        h->a0[q] = A0(c, q);
        h->a1[q] = A1(c, q);
    }
    for (uint32_t q = 0; q < k; q++) {
        if (stream_next(h, q) != PL_OK)
            return PL_ENOMEM;
        if (!h->done[q])
            h->heap[h->hn++] = q;
    }
    for (uint32_t at = h->hn / 2; at-- > 0;)
        heap_down(h, at);
    return PL_OK;
}

/* The head copy moved (advanced, maybe to its end). */
static void kmerge_fix(struct kmerge *h)
{
    if (h->done[h->heap[0]]) {
        h->heap[0] = h->heap[--h->hn];
        if (h->hn == 0)
            return;
    }
    heap_down(h, 0);
}

/* A growable array of `size`-byte elements. */
static pl_status grow(void *pp, size_t *cap, size_t need, size_t size)
{
    void **p = pp;
    size_t c = *cap ? *cap : 64;
    void *t;

    if (need <= *cap)
        return PL_OK;
    while (c < need)
        c *= 2;
    t = pl__reallocarray(*p, c, size);
    if (!t)
        return PL_ENOMEM;
    *p = t;
    *cap = c;
    return PL_OK;
}

/* Reusable buffers of run_frontier / run_suffix (grown, never shrunk,
 * so stages after the first touch no new pages). */
struct stage_buf {
    double *s0, *s1;    /* survivors */
    uint64_t *skey;
    uint32_t *spar, *scls;
    size_t *sstart;
    size_t cap_s;
    uint32_t *epar, *ecls; /* edges */
    size_t cap_e;
};

static void stage_buf_free(struct stage_buf *b)
{
    pl__free(b->s0);
    pl__free(b->s1);
    pl__free(b->skey);
    pl__free(b->spar);
    pl__free(b->scls);
    pl__free(b->sstart);
    pl__free(b->epar);
    pl__free(b->ecls);
    memset(b, 0, sizeof *b);
}

static pl_status grow_survivors(struct stage_buf *b, size_t need)
{
    size_t c = b->cap_s;

    if (need <= c)
        return PL_OK;
    if (grow(&b->s0, &c, need, sizeof *b->s0) != PL_OK)
        return PL_ENOMEM;
    c = b->cap_s;
    if (grow(&b->s1, &c, need, sizeof *b->s1) != PL_OK)
        return PL_ENOMEM;
    c = b->cap_s;
    if (grow(&b->skey, &c, need, sizeof *b->skey) != PL_OK)
        return PL_ENOMEM;
    c = b->cap_s;
    if (grow(&b->spar, &c, need, sizeof *b->spar) != PL_OK)
        return PL_ENOMEM;
    c = b->cap_s;
    if (grow(&b->scls, &c, need, sizeof *b->scls) != PL_OK)
        return PL_ENOMEM;
    c = b->cap_s;
    if (grow(&b->sstart, &c, need + 1, sizeof *b->sstart) != PL_OK)
        return PL_ENOMEM;
    b->cap_s = c;
    return PL_OK;
}

static pl_status grow_edges(struct stage_buf *b, size_t need)
{
    size_t c = b->cap_e;

    if (need <= c)
        return PL_OK;
    if (grow(&b->epar, &c, need, sizeof *b->epar) != PL_OK)
        return PL_ENOMEM;
    c = b->cap_e;
    if (grow(&b->ecls, &c, need, sizeof *b->ecls) != PL_OK)
        return PL_ENOMEM;
    b->cap_e = c;
    return PL_OK;
}

/* A copy of x[0..n) of `size`-byte elements (at least one allocated). */
static void *dup_array(const void *x, size_t n, size_t size)
{
    void *t = pl__reallocarray(NULL, n ? n : 1, size);

    if (t && n)
        memcpy(t, x, n * size);
    return t;
}

/* Ranks of the survivors' keys, key = prank[par] * m + lo[cls], in
 * O(ns + n): bucket by the parent's rank (a permutation of 0..n-1), then
 * order each bucket (at most m entries, distinct classes) by lo. */
static pl_status rank_survivors(const struct pl__mclass *c, const uint32_t *prank,
                                size_t n, const uint32_t *spar,
                                const uint32_t *scls, size_t ns,
                                uint32_t *rank)
{
    size_t *start = pl__calloc(n + 1, sizeof *start);
    uint32_t *order = pl__calloc(ns ? ns : 1, sizeof *order);

    if (!start || !order) {
        pl__free(start);
        pl__free(order);
        return PL_ENOMEM;
    }
    for (size_t k = 0; k < ns; k++)
        start[prank[spar[k]] + 1]++;
    for (size_t r = 0; r < n; r++)
        start[r + 1] += start[r];
    for (size_t k = 0; k < ns; k++)
        order[start[prank[spar[k]]]++] = (uint32_t)k;
    /* start[r] is now the end of bucket r */
    for (size_t r = 0, lo = 0; r < n; r++) {
        const size_t hi = start[r];
        for (size_t a = lo + 1; a < hi; a++) {
            const uint32_t x = order[a];
            size_t b = a;
            while (b > lo && c->lo[scls[order[b - 1]]] > c->lo[scls[x]]) {
                order[b] = order[b - 1];
                b--;
            }
            order[b] = x;
        }
        lo = hi;
    }
    for (size_t t = 0; t < ns; t++)
        rank[order[t]] = (uint32_t)t;
    pl__free(start);
    pl__free(order);
    return PL_OK;
}

/* One stage of the frontier set: survivors of the candidates of issue i
 * (from the n points u0, u1 with ranks `rank`) into b's survivor and edge
 * arrays.  The drop rule, in cand_before order, for a new vector x:
 *   A: some earlier point with u0 > x.u0 + tol has u1 >= x.u1, or
 *   B: some earlier point has u1 > x.u1 + tol;
 * equal vectors share the decision of the first (lowest key), which
 * becomes the vector's lowest-index path.  A and B keep every prefix
 * that some completion can still make non-dominated (header comment).
 * Only survivors are compared against (a dropped point is dominated by
 * an earlier survivor whose u0 and u1 are at least its own, so it adds
 * nothing to either maximum). */
static pl_status frontier_stage(const struct merge *m, uint32_t i, size_t n,
                                const double *u0, const double *u1,
                                const uint32_t *rank, struct stage_buf *b,
                                size_t *ns_out, size_t *ne_out)
{
    const struct pl__mclass *c = &m->cl[i];
    const double tol = (double)(m->I - 1 - i) * m->unit;
    const size_t C = n * c->n;
    struct kmerge h;
    double maxA = -INFINITY, maxB = -INFINITY, pu0 = 0, pu1 = 0;
    bool haveA = false, haveB = false, have_prev = false, keep = false;
    size_t j = 0, ns = 0, ne = 0;
    pl_status rc;

    if (C / c->n != n || C > (size_t)m->max_points * 16u)
        return PL_ETOOBIG;
    rc = kmerge_init(&h, c, u0, u1, rank, n);
    while (rc == PL_OK && h.hn > 0) {
        const uint32_t q = h.heap[0];
        const struct cand *x = &h.head[q];

        if (have_prev && x->u0 == pu0 && x->u1 == pu1) {
            if (keep) { /* another path to the same vector */
                rc = grow_edges(b, ne + 1);
                if (rc != PL_OK)
                    break;
                b->epar[ne] = x->par;
                b->ecls[ne] = x->cls;
                ne++;
            }
        } else {
            while (j < ns && b->s0[j] > x->u0 + tol) {
                maxA = b->s1[j] > maxA ? b->s1[j] : maxA;
                haveA = true;
                j++;
            }
            keep = !((haveA && maxA >= x->u1) || (haveB && maxB > x->u1 + tol));
            if (keep) {
                rc = grow_survivors(b, ns + 1);
                if (rc == PL_OK)
                    rc = grow_edges(b, ne + 1);
                if (rc != PL_OK)
                    break;
                b->s0[ns] = x->u0;
                b->s1[ns] = x->u1;
                b->skey[ns] = x->key;
                b->spar[ns] = x->par;
                b->scls[ns] = x->cls;
                b->sstart[ns] = ne;
                ns++;
                b->epar[ne] = x->par;
                b->ecls[ne] = x->cls;
                ne++;
            }
            if (!haveB || x->u1 > maxB)
                maxB = x->u1;
            haveB = true;
            pu0 = x->u0;
            pu1 = x->u1;
            have_prev = true;
        }
        /* next of copy q, skipping heads the current maxima drop: maxB
         * and the survivors before j only grow, so the rule in order
         * would drop them too (equal to the current vector: not skipped,
         * it may be an edge) */
        for (rc = stream_next(&h, q); rc == PL_OK && !h.done[q];
             rc = stream_next(&h, q)) {
            const struct cand *y = &h.head[q];
            if (y->u0 == pu0 && y->u1 == pu1)
                break;
            if (!((haveA && maxA >= y->u1) || (haveB && maxB > y->u1 + tol)))
                break;
        }
        if (rc == PL_OK)
            kmerge_fix(&h);
    }
    kmerge_free(&h);
    if (rc == PL_OK)
        rc = grow_survivors(b, ns + 1);
    if (rc != PL_OK)
        return rc;
    b->sstart[ns] = ne;
    *ns_out = ns;
    *ne_out = ne;
    return PL_OK;
}

static pl_status run_frontier(struct merge *m)
{
    double *u0 = pl__malloc(sizeof *u0), *u1 = pl__malloc(sizeof *u1);
    pl_count *cnt = pl__malloc(sizeof *cnt);
    uint32_t *rank = pl__malloc(sizeof *rank);
    struct stage_buf b;
    size_t n = 1;
    pl_status rc = PL_OK;

    memset(&b, 0, sizeof b);
    m->fs = pl__calloc(m->I, sizeof *m->fs);
    if (!u0 || !u1 || !cnt || !rank || !m->fs) {
        rc = PL_ENOMEM;
        goto out;
    }
    u0[0] = u1[0] = 0.0;
    cnt[0] = pl_count_from_u64(1);
    rank[0] = 0;
    for (uint32_t i = 0; i < m->I; i++) {
        struct pl__mstage *st = &m->fs[i];
        const struct pl__mclass *c = &m->cl[i];
        size_t ns, ne;
        pl_count *ncnt;
        uint32_t *nrank;

        rc = frontier_stage(m, i, n, u0, u1, rank, &b, &ns, &ne);
        if (rc != PL_OK)
            goto out;
        if (ns > m->max_points) {
            rc = PL_ETOOBIG;
            goto out;
        }
        st->n = ns;
        st->lpar = dup_array(b.spar, ns, sizeof *b.spar);
        st->lcls = dup_array(b.scls, ns, sizeof *b.scls);
        st->e_start = dup_array(b.sstart, ns + 1, sizeof *b.sstart);
        st->e_par = dup_array(b.epar, ne, sizeof *b.epar);
        st->e_cls = dup_array(b.ecls, ne, sizeof *b.ecls);
        ncnt = pl__calloc(ns ? ns : 1, sizeof *ncnt);
        nrank = pl__calloc(ns ? ns : 1, sizeof *nrank);
        if (!st->lpar || !st->lcls || !st->e_start || !st->e_par ||
            !st->e_cls || !ncnt || !nrank) {
            pl__free(ncnt);
            pl__free(nrank);
            rc = PL_ENOMEM;
            goto out;
        }
        /* counts: parent count times class multiplicity, over the edges
         * (never overflows: at most the prefix space's size) */
        for (size_t k = 0; k < ns; k++)
            for (size_t e = b.sstart[k]; e < b.sstart[k + 1]; e++)
                pl__count_addmul(&ncnt[k], cnt[b.epar[e]], c->mult[b.ecls[e]]);
        rc = rank_survivors(c, rank, n, b.spar, b.scls, ns, nrank);
        pl__free(cnt);
        pl__free(rank);
        cnt = ncnt;
        rank = nrank;
        if (rc != PL_OK)
            goto out;
        pl__free(u0);
        pl__free(u1);
        u0 = dup_array(b.s0, ns, sizeof *u0);
        u1 = dup_array(b.s1, ns, sizeof *u1);
        if (!u0 || !u1) {
            rc = PL_ENOMEM;
            goto out;
        }
        m->max_f = ns > m->max_f ? ns : m->max_f;
        n = ns;
    }
    /* the final set as (u0, u1) rows, the layout merge_core reads */
    m->f = pl__calloc(n ? 2 * n : 1, sizeof *m->f);
    if (!m->f) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (size_t p = 0; p < n; p++) {
        m->f[2 * p] = u0[p];
        m->f[2 * p + 1] = u1[p];
    }
    m->nf = n;
    m->fcnt = cnt;
    cnt = NULL;
out:
    stage_buf_free(&b);
    pl__free(u0);
    pl__free(u1);
    pl__free(cnt);
    pl__free(rank);
    return rc;
}

/* ---- 2. suffix frontiers, for the lowest-index search ---- */

/* G[i]: the exact Pareto set (fl sums, any order) of the suffix vectors
 * of issues i..I-1; G[I] = {(0, 0)}.  Sorted by g0 descending.  The same
 * k-way merge; a point is kept when its u1 beats every earlier one. */
static pl_status run_suffix(struct merge *m)
{
    const uint32_t I = m->I;
    struct stage_buf b;
    pl_status rc = PL_OK;

    memset(&b, 0, sizeof b);
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
    for (uint32_t i = I; i-- > 1 && rc == PL_OK;) {
        const struct pl__mclass *c = &m->cl[i];
        const size_t n = m->gn[i + 1], C = n * c->n;
        struct kmerge h;
        double best1 = -INFINITY;
        size_t ns = 0;

        if (C / c->n != n || C > (size_t)m->max_points * 16u) {
            rc = PL_ETOOBIG;
            break;
        }
        rc = kmerge_init(&h, c, m->g0[i + 1], m->g1[i + 1], NULL, n);
        while (rc == PL_OK && h.hn > 0) {
            const uint32_t q = h.heap[0];
            const struct cand *x = &h.head[q];
            if (x->u1 > best1) {
                best1 = x->u1;
                rc = grow_survivors(&b, ns + 1);
                if (rc != PL_OK)
                    break;
                b.s0[ns] = x->u0;
                b.s1[ns] = x->u1;
                ns++;
            }
            for (rc = stream_next(&h, q);
                 rc == PL_OK && !h.done[q] && h.head[q].u1 <= best1;
                 rc = stream_next(&h, q))
                ;
            if (rc == PL_OK)
                kmerge_fix(&h);
        }
        kmerge_free(&h);
        if (rc != PL_OK)
            break;
        m->gn[i] = ns;
        if (ns > m->max_points) {
            rc = PL_ETOOBIG;
            break;
        }
        m->g0[i] = dup_array(b.s0, ns, sizeof **m->g0);
        m->g1[i] = dup_array(b.s1, ns, sizeof **m->g1);
        if (!m->g0[i] || !m->g1[i])
            rc = PL_ENOMEM;
    }
    stage_buf_free(&b);
    return rc;
}

static pl_status merge_run(const pl_scenario *s, const uint32_t *party,
                           size_t max_points, struct merge *m)
{
    pl_status rc;

    memset(m, 0, sizeof *m);
    m->s = s;
    m->I = s->n_issues;
    m->U[0] = s->U + (size_t)party[0] * s->n_total_options;
    m->U[1] = s->U + (size_t)party[1] * s->n_total_options;
    m->max_points = max_points ? max_points : PL__MERGE_MAX_POINTS;
    m->zone_points = PL__MERGE_ZONE_POINTS;
    m->zone_tail = pl__merge_zone_tail;
    m->zone_seed = ZONE_SEED;
    rc = pl__mclass_build(s, m->U, 2, &m->cl, &m->unit);
    if (rc == PL_OK)
        rc = run_frontier(m);
    if (rc == PL_OK)
        rc = run_suffix(m);
    return rc;
}

/* ---- results ---- */

/* The finished merge as merge_core reads it. */
static struct pl__mfront front_of(const struct merge *m)
{
    struct pl__mfront mf;

    mf.I = m->I;
    mf.d = 2;
    mf.cl = m->cl;
    mf.fs = m->fs;
    mf.n = m->nf;
    mf.f = m->f;
    mf.cnt = m->fcnt;
    return mf;
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
    const bool strict = c == PL_NASH;
    size_t lo = 0, hi = m->gn[i], a, b;

    /* G[i] is a staircase: g0 strictly falls and g1 strictly rises along
     * it, so (IEEE addition being monotone) the admissible g form one
     * range [lo, hi), found by binary search on the very tests below */
    for (a = 0, b = hi; a < b;) { /* first k where x0 is too small */
        const size_t k = a + (b - a) / 2;
        const double x0 = s0 + g0[k] + d;
        if (strict ? x0 > r[0] : x0 >= r[0])
            a = k + 1;
        else
            b = k;
    }
    hi = a;
    for (a = 0, b = hi; a < b;) { /* first k where x1 is large enough */
        const size_t k = a + (b - a) / 2;
        const double x1 = s1 + g1[k] + d;
        if (strict ? x1 > r[1] : x1 >= r[1])
            b = k;
        else
            a = k + 1;
    }
    lo = a;
    for (size_t k = lo; k < hi; k++) {
        const double x[2] = {s0 + g0[k] + d, s1 + g1[k] + d};
        if (pl__mcore_admissible(c, x, r, 2) && pl__concept_value(c, x, r, best, 2) >= V)
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
        x[0] = s0[i] + m->U[0][off + k];
        x[1] = s1[i] + m->U[1][off + k];
        if (i == (long)I - 1) {
            if (pl__mcore_admissible(c, x, r, 2) && pl__concept_value(c, x, r, best, 2) == V)
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


/* The labelled estimate when the counting DP gave up with `lo` outcomes
 * certainly in and the undecided prefixes (u0, u1, cnt)[0..n) before
 * issue nx, each standing for cnt * rest outcomes: certified bounds
 * [lo, lo + undecided], and uniform sampling of the undecided outcomes
 * (a prefix with probability proportional to its count, in doubles;
 * then options uniform per issue, summed in issue order exactly as the
 * reference). */
static void zone_estimate(const struct merge *m, const double *r,
                          uint32_t nx, size_t n, const double *u0,
                          const double *u1, const pl_count *cnt,
                          pl_count rest, pl_count lo, pl_zone_estimate *est,
                          pl_count *bounds)
{
    const pl_scenario *s = m->s;
    double *cw = pl__calloc(n ? n : 1, sizeof *cw);
    pl_count und = pl__count_zero();
    double total = 0.0;
    uint64_t hits = 0;
    pl_rng g;

    memset(est, 0, sizeof *est);
    if (!cw)
        return;
    for (size_t k = 0; k < n; k++) {
        (void)pl__count_add(&und, cnt[k]);
        total += pl_count_to_double(cnt[k]);
        cw[k] = total;
    }
    (void)pl__count_mul(&und, rest);
    bounds[0] = lo;
    bounds[1] = lo;
    (void)pl__count_add(&bounds[1], und);
    est->seed = m->zone_seed;
    est->samples = n > 0 ? ZONE_SAMPLES : 0;
    pl_rng_seed(&g, m->zone_seed);
    for (uint64_t t = 0; t < est->samples; t++) {
        const double x = pl_rng_uniform(&g) * total;
        size_t a = 0, b = n - 1;
        double x0, x1;
        while (a < b) { /* first k with cw[k] > x */
            const size_t mid = a + (b - a) / 2;
            if (cw[mid] > x)
                b = mid;
            else
                a = mid + 1;
        }
        x0 = u0[a];
        x1 = u1[a];
        for (uint32_t i = nx; i < m->I; i++) {
            const uint32_t k = (uint32_t)pl_rng_below(
                &g, s->issues[i].n_options);
            x0 += m->U[0][s->opt_offset[i] + k];
            x1 += m->U[1][s->opt_offset[i] + k];
        }
        hits += x0 >= r[0] && x1 >= r[1];
    }
    pl__free(cw);
    pl__zone_estimate_set(est, pl_count_to_double(lo),
                          pl_count_to_double(und), hits, est->samples,
                          m->zone_seed);
}

/* Exact |{o : u(o) >= r}| by a counting DP over distinct prefix vectors
 * (see the header comment); false if out of budget, with the labelled
 * estimate in *est and its certified bounds in bounds[0..2) (unless out
 * of memory: est->valid false). */
static bool zone_count_dp(const struct merge *m, const double *r,
                          pl_count *out, pl_zone_estimate *est,
                          pl_count *bounds)
{
    const uint32_t I = m->I;
    struct pl__ztail *zt = NULL;
    uint32_t stop = I; /* DP stages; issues [stop, I) are the tail */
    size_t zpoints = m->zone_points;
    double *mn = pl__calloc(2 * ((size_t)I + 1), sizeof *mn);
    double *mx = pl__calloc(2 * ((size_t)I + 1), sizeof *mx);
    pl_count *rest = pl__calloc(I + 1, sizeof *rest); /* outcomes after i */
    double *u0 = pl__malloc(sizeof *u0), *u1 = pl__malloc(sizeof *u1);
    pl_count *cnt = pl__malloc(sizeof *cnt), *ncnt = NULL;
    struct cand *v = NULL;
    pl_count total = pl__count_zero();
    bool ok = false;
    size_t n = 1, work = 0;

    memset(est, 0, sizeof *est);
    if (!mn || !mx || !rest || !u0 || !u1 || !cnt)
        goto out;
    pl__mcore_suffix_extremes(m->cl, I, 2, mn, mx, rest);
    u0[0] = u1[0] = 0.0;
    cnt[0] = pl_count_from_u64(1);
    /* meet in the middle (merge_n.c zone_count_dp): the prefixes still
     * undecided before the tail are counted against all of it at once */
    {
        uint32_t first = I;
        uint64_t T = 1;
        while (first > 0 &&
               T * m->s->issues[first - 1].n_options <= m->zone_tail) {
            T *= m->s->issues[first - 1].n_options;
            first--;
        }
        if (first < I && pl__ztail_new(m->s, m->U, r, 2, first, 0, &zt) ==
                             PL_OK) {
            stop = first;
            /* the DP ends earlier, where undecided prefixes are worth
             * keeping: a larger budget (bench_merge: 10^10 exact in about
             * 0.5 s CPU; a hopeless space costs about 0.2 s more) */
            zpoints *= 8;
        }
    }
    if (stop == 0) { /* the whole space is one tail */
        const double z[2] = {0.0, 0.0};
        total = pl_count_from_u64(pl__ztail_count(zt, z, NULL));
        n = 0;
    }
    for (uint32_t i = 0; i < stop && n > 0; i++) {
        /* margin: remaining additions plus the rounding of mn/mx sums */
        const double tol = (double)(2 * (I - i) + 2) * m->unit;
        size_t C, ns = 0;
        const pl_status rc = make_cands(m, i, n, u0, u1, NULL, &v, &C);
        if (rc != PL_OK) {
            if (rc == PL_ETOOBIG)
                zone_estimate(m, r, i, n, u0, u1, cnt, rest[i], total, est,
                              bounds);
            goto out;
        }
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
            } else if (v[a].u0 + mn[2 * (i + 1)] >= r[0] + tol &&
                       v[a].u1 + mn[2 * (i + 1) + 1] >= r[1] + tol) {
                (void)pl__count_mul(&c, rest[i + 1]);
                (void)pl__count_add(&total, c);
            } else if (v[a].u0 + mx[2 * (i + 1)] < r[0] - tol ||
                       v[a].u1 + mx[2 * (i + 1) + 1] < r[1] - tol) {
                /* certainly out */
            } else {
                v[ns] = v[a];
                ncnt[ns] = c;
                ns++;
            }
            a = b;
        }
        work += C;
        if (pl__mcore_shrink(&u0, ns, sizeof *u0) != PL_OK ||
            pl__mcore_shrink(&u1, ns, sizeof *u1) != PL_OK)
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
        if (zt && i == stop - 1 && ns > 0 &&
            ns <= ZONE_TAIL_WORK / pl__ztail_query_cost(zt)) {
            for (size_t k = 0; k < ns; k++) {
                const double z[2] = {u0[k], u1[k]};
                pl__count_addmul(&total, cnt[k], pl__ztail_count(zt, z, NULL));
            }
            n = 0;
        } else if (ns > 0 && (i == stop - 1 || ns > zpoints ||
                              work > 20 * zpoints)) {
            zone_estimate(m, r, i + 1, n, u0, u1, cnt, rest[i + 1], total,
                          est, bounds);
            goto out;
        }
    }
    ok = true;
    *out = total;
out:
    pl__free(v);
    pl__free(mn);
    pl__free(mx);
    pl__free(rest);
    pl__free(u0);
    pl__free(u1);
    pl__free(cnt);
    pl__free(ncnt);
    pl__ztail_free(zt);
    return ok;
}

pl_status pl__analyze_merge(const pl_scenario *s, const pl_analysis_opts *o,
                            size_t max_points, pl_analysis *a)
{
    const double *r = a->reservation;
    struct merge m;
    struct pl__mfront mf;
    uint32_t *out = NULL, *cand = NULL;
    bool zone_known, expanded = false, unresolved = false;
    char text[512];
    pl_status rc;

    rc = merge_run(s, a->party, max_points, &m);
    if (rc != PL_OK)
        goto done;
    mf = front_of(&m);
    out = pl__calloc(m.I, sizeof *out);
    cand = pl__calloc(m.I, sizeof *cand);
    if (!out || !cand) {
        rc = PL_ENOMEM;
        goto done;
    }
    pl__mcore_ranges(s, m.U, 2, a);
    pl__mcore_counts(&mf, a);
    if (a->pareto_zone_vectors == 0) {
        a->zone_best[0] = a->zone_best[1] = NAN;
        a->zone_count = pl__count_zero();
        zone_known = true;
    } else if (r[0] <= a->umin[0] && r[1] <= a->umin[1]) {
        a->zone_count = a->n_outcomes;
        zone_known = true;
    } else {
        pl_count bounds[2];
        zone_known = zone_count_dp(&m, r, &a->zone_count, &a->zone_estimate,
                                   bounds);
        if (!zone_known && a->zone_estimate.valid) {
            a->zone_bounded = true;
            a->zone_min = bounds[0];
            a->zone_max = bounds[1];
        }
        if (!zone_known)
            a->zone_count = pl__count_zero();
    }
    a->zone_count_unknown = !zone_known;
    /* concepts */
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        double best;
        bool cut = false;
        if (c == PL_KALAI_SMORODINSKY && a->pareto_zone_vectors == 0)
            continue;
        if (!pl__mcore_best(&mf, c, r, a->zone_best, &best))
            continue;
        rc = first_leaf(&m, c, best, r, a->zone_best, out, &cut);
        if (rc != PL_OK)
            goto done;
        if (cut) { /* search budget: lowest index among the frontier's */
            unresolved = true;
            pl__mcore_lowest_kept(&mf, c, best, r, a->zone_best, out, cand);
        }
        a->found[c] = true;
        rc = pl__package_fill_outcome(s, a, &a->concept[c], out, best, true);
        if (rc != PL_OK)
            goto done;
    }
    rc = pl__mcore_points(s, &mf, true, PL__MERGE_MAX_EXPAND, a, o->top,
                          &expanded);
    if (rc != PL_OK)
        goto done;
    snprintf(text, sizeof text,
             "issue-by-issue merge: %zu frontier vectors, largest "
             "stage %zu%s%s%s",
             m.nf, m.max_f,
             unresolved ? "; ties with dominated outcomes not searched "
                          "(budget)" : "",
             expanded ? "" : "; points: lowest-index outcome per vector",
             zone_known ? ""
             : a->zone_estimate.valid ? "; zone estimated (monte-carlo)"
                                      : "; zone not counted");
    /* short enough in practice; cut to fit otherwise */
    snprintf(a->method, sizeof a->method, "%s", text);
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
    const struct pl__mfront mf = front_of(m);
    double zb[2];
    uint32_t *out = pl__calloc(m->I, sizeof *out);
    pl_status rc = PL_OK;

    if (!out)
        return PL_ENOMEM;
    pl__mcore_zone_best(&mf, r, zb);
    for (int c = 0; c < PL_CONCEPT_COUNT && rc == PL_OK; c++) {
        double V;
        bool cut = false;
        if (!pl__mcore_best(&mf, c, r, zb, &V))
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


pl_status pl__merge_zone(const pl_scenario *s, const uint32_t *party,
                         size_t zone_points, uint64_t seed, bool *known,
                         pl_count *count, pl_zone_estimate *est,
                         pl_count *bounds)
{
    const double r[2] = {s->parties[party[0]].reservation,
                         s->parties[party[1]].reservation};
    struct merge m;
    pl_status rc = merge_run(s, party, 0, &m);

    *known = false;
    *count = pl__count_zero();
    memset(est, 0, sizeof *est);
    if (rc == PL_OK) {
        m.zone_points = zone_points ? zone_points : PL__MERGE_ZONE_POINTS;
        m.zone_tail = 0; /* the DP alone */
        m.zone_seed = seed;
        *known = zone_count_dp(&m, r, count, est, bounds);
    }
    merge_free(&m);
    return rc;
}
