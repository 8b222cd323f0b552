/* Exhaustive enumeration of the outcome space with fused reductions.
 *
 * Workload: spaces up to about 10^9-10^10 outcomes, 1-64 parties (2-5
 * typical), additive utilities plus sparse interaction terms and red
 * lines.  Nothing per outcome is ever stored beyond one block.
 *
 * Algorithm (docs/algorithms.md section 6):
 * - The issues are split into a prefix (enumerated by a mixed-radix
 *   odometer, Knuth TAOCP 4A 7.2.1.1 Algorithm M) and a tail of the last
 *   issues whose product T is at most PL__BLOCK_MAX.  For each prefix the
 *   odometer keeps, per level and party, the partial sum
 *   s[j+1] = s[j] + U[j][digit j], so a prefix step costs about
 *   m/(m-1) additions per party, amortised.
 * - A block is the T outcomes sharing a prefix.  It is generated into a
 *   party-major buffer u[p][pos] level by level: each tail issue copies
 *   the previous level once per option, adding that option's U entry, so
 *   every utility is summed in issue order exactly as
 *   pl_scenario_utility() does (bit-identical: IEEE addition is not
 *   associative, so nothing is pre-combined).  In the buffer the first
 *   tail issue is the least significant digit ("reversed" layout), which
 *   makes the last and largest level a long contiguous add;
 *   tmap[pos] gives the tail index of a position.
 * - Interactions and red lines become bit masks: fail[issue][option] has
 *   bit c set when clause c has a condition on that issue that this
 *   option does not meet.  The odometer ORs the masks of the prefix; a
 *   clause whose bit is set there is dead for the whole block, so blocks
 *   with no live clause (the common case) skip the clause step entirely.
 *   Live clauses are checked against a precomputed per-position tail mask
 *   and applied in declared order (interaction values added after the
 *   issue sum, as the reference does; red lines set a per-position party
 *   bit).  Red lines of parties outside the analysis (observers, a
 *   mediator without utility) do not count: their acceptance is not
 *   needed (DESIGN.md section 2, approval rule).
 * - One vectorised pass over the block (4 doubles per step; an AVX2 clone
 *   is selected at run time where available) computes, without storing
 *   anything: per-party min and max, the zone mask and count, the best
 *   utility per party inside the zone, "reach" bits for hopeless parties,
 *   and the block maxima of the Nash, egalitarian and welfare objectives.
 *   Only when a block maximum ties or beats the running best is the block
 *   rescanned to find the lowest index achieving it.
 * - Pareto frontier (whole space), exact, in three filters before the
 *   thread's skyline (pareto.c) sees a point:
 *   1. block dominance, decided once per plan (prune_blocks): a block
 *      whose prefix-sum vector is covered by another block's, with a
 *      strict gain beyond rounding, is dominated outcome by outcome (same
 *      tail added to both); a streaming skyline over the P = N/T prefix
 *      vectors marks such blocks in a bitmap (about 90% of the blocks
 *      for 5 random parties at 10^7 outcomes);
 *   2. tail dominance, once per plan (find_tail_dominated): a tail
 *      position that another beats for every block (same addends or a
 *      gain beyond rounding for each party) is skipped (70-80%);
 *   3. the block's corner (componentwise max) dominated by the skyline.
 *   Filters 1-2 apply only to blocks without a live interaction, where
 *   utilities are plain sums; the rounding argument is spelled out above
 *   sum_bound().  Survivors are offered one by one.
 * - Kalai-Smorodinsky needs best_p, known only after the pass, so a
 *   second pass runs branch-and-bound: a block's utilities are bounded
 *   before generating it by adding each tail issue's largest U entry and
 *   every live positive interaction in order (IEEE addition is monotone,
 *   so the bound holds exactly), and a block whose bound cannot reach the
 *   value already achieved is skipped.  It usually touches a tiny part of
 *   the space.
 *
 * Certified fast path (additive scenarios: no interaction, red line or
 * cap; 1-8 parties; fast_plan and below).  The general pass above sums
 * every outcome exactly; here almost nothing is summed per outcome:
 * - zone count: a FAST value, exact prefix sum P_p plus the tail's sum
 *   S_p(t), is within delta of the reference utility (rounding analysis
 *   at fast_plan).  Per block, tail outcomes with S_p >= r_p - P_p +
 *   delta for all p are surely in, any with S_p < r_p - P_p - delta
 *   surely out, and only the ones in between (the band) are summed
 *   again in the reference order.  For 2 parties the tail is sorted per
 *   party and a (T+1)^2 rank grid counts a quadrant with two bucket
 *   look-ups (zone_grid): O(1) per block plus the band; otherwise one
 *   vector pass over the tail sums (zone_scan).
 * - frontier: a block whose exact corner bound (prefix plus each tail
 *   issue's largest entry, monotone) is dominated by the thread's
 *   skyline is skipped; otherwise only tail positions not dominated by
 *   another over the rounding margin are summed and offered.
 * - ranges, zone_best, hopeless parties and every concept's maximum
 *   follow exactly from the frontier (monotonicity, fast_finish); a
 *   bounded second pass finds the lowest index reaching each maximum,
 *   generating only blocks whose corner bound reaches it
 *   (fast_block_best), Kalai-Smorodinsky included.
 * Results are bit-identical to the general pass (the tests run both
 * against the brute-force twin, with ties placed on the band).
 *
 * Threads: the prefix range is cut into chunks taken from an atomic
 * counter; each thread unranks a chunk's first prefix once and runs the
 * odometer from there.  Every per-thread reduction is an exact
 * commutative operation (min, max, sum of counts, OR, argmax with ties to
 * the lowest index, skyline union), so results are identical for every
 * thread count and schedule.
 *
 * Cost: O(N * n) additions and comparisons for N outcomes and n parties,
 * plus O(P * F_P * n) for block dominance (single-threaded, P = N / T)
 * and the skyline work for the surviving points; memory O(threads * T * n)
 * for block buffers, N / T bits for the block bitmap, and the skylines
 * (O(F * n) each for F frontier vectors).  Measured numbers are in
 * bench/README.md. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "analyze_int.h"
#include "core/alloc.h"
#include "core/sort.h"

/* Largest block for which tail dominance is precomputed (O(T^2)). */
#define PL__TAIL_DOM_MAX 4096u

struct pl__plan {
    const pl_scenario *s;
    uint32_t n;            /* analysis parties */
    const uint32_t *party; /* scenario index of each (borrowed) */
    double *r;             /* n: reservation values */
    double *clamp;         /* n: GENIUS cap on the utility, INFINITY if none */
    bool any_clamp;        /* some party's utility is capped */
    const double **row;    /* n: the party's row of U */
    uint32_t n_issues;
    uint32_t n_prefix;     /* issues [0, n_prefix) are the prefix */
    uint32_t n_tail;       /* issues [n_prefix, n_issues) are the tail */
    uint64_t n_blocks;     /* product of the prefix option counts */
    uint32_t T;            /* outcomes per block */
    uint32_t T4;           /* T rounded up to a multiple of 4 */
    uint32_t stride;       /* buffer stride per party: T4 + 4 slack */
    uint32_t *tmap;        /* T4: position -> tail index (pads -> 0) */
    uint64_t chunk_blocks; /* blocks per work unit (0 = automatic) */
    uint32_t sky_cluster;  /* skyline cluster size (0 = default) */
    /* clauses: interactions then red lines, analysis party by party */
    uint32_t n_clauses, W; /* W = 64-bit words per mask */
    uint32_t *cl_party;    /* analysis party of clause c */
    double *cl_value;      /* interaction value (0 for red lines) */
    bool *cl_red;          /* red line? */
    uint64_t *fail;        /* K * W masks, indexed by U's option slot */
    uint64_t *tail_fail;   /* T * W: OR of the tail issues' masks */
    double *tail_max;      /* n_tail * n: largest U entry per tail issue */
    uint64_t *int_mask;    /* W: bits of the interaction clauses */
    /* Dominance pruning for the frontier (see prune_blocks). */
    uint8_t *tail_dominated; /* T: position dominated within any block */
    uint64_t *pruned;        /* n_blocks bits: block dominated by another */
    double margin;           /* differences that survive the tail sums */
    /* Certified fast path (fast_plan; additive, no clause, no cap). */
    bool fast;
    double delta;       /* |(prefix + tail sum) - exact utility| bound */
    double *ts;         /* n * T4: tail sums by tail index, party-major;
                           pads -inf */
    uint32_t *tslot;    /* T * n_tail: U slots of a tail index's options */
    double ts_min[8], ts_max[8]; /* per party over the tail */
    /* Float copy of ts for zone_scan (8 lanes), when magnitudes allow:
     * tsf = S rounded to float, |tsf - S| <= eps_f / 2; n * T8, pads
     * -inf. */
    float *tsf;
    uint32_t T8;
    double eps_f;
    uint32_t *cand;     /* tail indices not proven dominated in a block */
    uint32_t n_cand;
    /* Tail sums sorted descending per party, order and rank (2 parties:
     * grid; 3-8 parties: rank bitsets). */
    double *sv[8];
    uint32_t *sord[8], *srank[8];
    /* 2 parties: grid[i * (T + 1) + j] = #{t : rank0(t) < i, rank1(t) <
     * j}. */
    uint16_t *grid;
    /* 3-8 parties: rows[q] + k * n_words is the bitset (bit t = tail
     * index t) of {t : rank_q(t) < k}, k = 0..T. */
    uint64_t *rows[8];
    uint32_t n_words;
    /* Bucket index over sv (count_ge): key(x) = (sv[0] - x) * bk_scale,
     * clamped to [0, n_bk); bk[k] = first position with key >= k. */
    uint32_t n_bk;
    double bk_scale[8];
    uint16_t *bk[8];
    /* Kalai-Smorodinsky, found by the fast pass 1 for pl__enumerate_ks
     * (which then only checks that it is asked the same question). */
    struct fast_ks {
        bool done;
        double best[PL_MAX_PARTIES], v;
        uint64_t idx;
    } *ks;
};

_Thread_local struct pl__enum_stats pl__enum_last;

void pl__plan_free(struct pl__plan *pl)
{
    if (!pl)
        return;
    pl__free(pl->r);
    pl__free(pl->clamp);
    pl__free(pl->row);
    pl__free(pl->tmap);
    pl__free(pl->cl_party);
    pl__free(pl->cl_value);
    pl__free(pl->cl_red);
    pl__free(pl->fail);
    pl__free(pl->tail_fail);
    pl__free(pl->tail_max);
    pl__free(pl->int_mask);
    pl__free(pl->tail_dominated);
    pl__free(pl->pruned);
    pl__free(pl->ts);
    pl__free(pl->tsf);
    pl__free(pl->tslot);
    pl__free(pl->cand);
    for (int q = 0; q < 8; q++) {
        pl__free(pl->sv[q]);
        pl__free(pl->sord[q]);
        pl__free(pl->srank[q]);
        pl__free(pl->rows[q]);
        pl__free(pl->bk[q]);
    }
    pl__free(pl->grid);
    pl__free(pl->ks);
    pl__free(pl);
}

/* Digits of tail index t (first tail issue most significant) to the
 * reversed block position (first tail issue least significant). */
static uint32_t tail_pos(const struct pl__plan *pl, uint32_t t)
{
    const struct pl__issue *is = pl->s->issues + pl->n_prefix;
    uint32_t pos = 0, rest = t;

    for (uint32_t j = pl->n_tail; j-- > 0;) {
        const uint32_t dig = rest % is[j].n_options;
        uint32_t mult = 1;
        rest /= is[j].n_options;
        for (uint32_t q = 0; q < j; q++)
            mult *= is[q].n_options;
        pos += dig * mult;
    }
    return pos;
}

static pl_status build_clauses(struct pl__plan *pl)
{
    const pl_scenario *s = pl->s;
    const uint32_t K = s->n_total_options;
    uint32_t c = 0;

    for (uint32_t a = 0; a < pl->n; a++) {
        const struct pl__party *pa = &s->parties[pl->party[a]];
        pl->n_clauses += pa->n_interactions + pa->n_red_lines;
    }
    pl->W = (pl->n_clauses + 63) / 64;
    if (pl->n_clauses == 0)
        return PL_OK;
    if ((uint64_t)K * pl->W > ((uint64_t)1 << 27) ||
        (uint64_t)pl->T * pl->W > ((uint64_t)1 << 27))
        return PL_ETOOBIG;
    pl->cl_party = pl__calloc(pl->n_clauses, sizeof *pl->cl_party);
    pl->cl_value = pl__calloc(pl->n_clauses, sizeof *pl->cl_value);
    pl->cl_red = pl__calloc(pl->n_clauses, sizeof *pl->cl_red);
    pl->fail = pl__calloc((size_t)(K ? K : 1) * pl->W, sizeof *pl->fail);
    pl->tail_fail = pl__calloc((size_t)pl->T * pl->W, sizeof *pl->tail_fail);
    pl->int_mask = pl__calloc(pl->W, sizeof *pl->int_mask);
    if (!pl->cl_party || !pl->cl_value || !pl->cl_red || !pl->fail ||
        !pl->tail_fail || !pl->int_mask)
        return PL_ENOMEM;
    for (uint32_t a = 0; a < pl->n; a++) {
        const struct pl__party *pa = &s->parties[pl->party[a]];
        for (uint32_t pass = 0; pass < 2; pass++) {
            const uint32_t nc = pass ? pa->n_red_lines : pa->n_interactions;
            const struct pl__clause *cl =
                pass ? pa->red_lines : pa->interactions;
            for (uint32_t j = 0; j < nc; j++, c++) {
                pl->cl_party[c] = a;
                pl->cl_value[c] = pass ? 0.0 : cl[j].value;
                pl->cl_red[c] = pass != 0;
                if (!pass)
                    pl->int_mask[c / 64] |= (uint64_t)1 << (c % 64);
                for (uint32_t q = 0; q < cl[j].n_conds; q++) {
                    const struct pl__cond *cd = &cl[j].conds[q];
                    const uint32_t i = cd->issue;
                    for (uint32_t k = 0; k < s->issues[i].n_options; k++)
                        if (!cd->allowed[k])
                            pl->fail[(size_t)(s->opt_offset[i] + k) * pl->W +
                                     c / 64] |= (uint64_t)1 << (c % 64);
                }
            }
        }
    }
    /* Tail masks per block position. */
    for (uint32_t t = 0; t < pl->T; t++) {
        const uint32_t pos = tail_pos(pl, t);
        uint32_t rest = t;
        for (uint32_t j = pl->n_tail; j-- > 0;) {
            const uint32_t i = pl->n_prefix + j;
            const uint32_t m = s->issues[i].n_options;
            const uint64_t *f =
                pl->fail + (size_t)(s->opt_offset[i] + rest % m) * pl->W;
            rest /= m;
            for (uint32_t w = 0; w < pl->W; w++)
                pl->tail_fail[(size_t)pos * pl->W + w] |= f[w];
        }
    }
    return PL_OK;
}

struct worker;
static pl_status worker_init(struct worker *w, const struct pl__plan *pl,
                             uint64_t keep);
static void worker_free(struct worker *w);
static double sum_bound(const struct pl__plan *pl);
static pl_status find_tail_dominated(struct pl__plan *pl);
static pl_status prune_blocks(struct pl__plan *pl, struct worker *w);
static pl_status plan_prune(struct pl__plan *pl);
static pl_status fast_plan(struct pl__plan *pl, const pl__analyze_tuning *tune);

/* Whether a party's cap can bind: some utility above it.  An upper bound
 * of every utility is each issue's largest entry, then each positive
 * interaction value, added in the reference order (IEEE addition is
 * monotone, and skipping a negative or absent term never raises the
 * sum).  A cap at or above it never applies, so the utility stays
 * additive (the fast path then applies). */
static bool clamp_binds(const pl_scenario *s, const double *row,
                        const struct pl__party *pa, double cap)
{
    double hi = 0;

    for (uint32_t i = 0; i < s->n_issues; i++) {
        const double *u = row + s->opt_offset[i];
        double mx = u[0];
        for (uint32_t k = 1; k < s->issues[i].n_options; k++)
            mx = u[k] > mx ? u[k] : mx;
        hi += mx;
    }
    for (uint32_t j = 0; j < pa->n_interactions; j++)
        if (pa->interactions[j].value > 0)
            hi += pa->interactions[j].value;
    return !(hi <= cap);
}

pl_status pl__plan_new(const pl_scenario *s, const uint32_t *party, uint32_t n,
                       const pl__analyze_tuning *tune, struct pl__plan **out,
                       pl_diag *diag)
{
    const uint32_t bmax =
        tune && tune->block_max ? tune->block_max : PL__BLOCK_MAX;
    struct pl__plan *pl;
    pl_status rc;
    uint64_t T = 1;

    *out = NULL;
    pl = pl__calloc(1, sizeof *pl);
    if (!pl)
        return PL_ENOMEM;
    pl->s = s;
    pl->n = n;
    pl->party = party;
    pl->n_issues = s->n_issues;
    pl->chunk_blocks = tune ? tune->chunk_blocks : 0;
    pl->sky_cluster = tune ? tune->sky_cluster : 0;
    /* Tail: at least the last issue, then earlier ones while T fits. */
    pl->n_prefix = s->n_issues;
    while (pl->n_prefix > 0) {
        const uint32_t m = s->issues[pl->n_prefix - 1].n_options;
        if (pl->n_prefix < s->n_issues && T * m > bmax)
            break;
        T *= m;
        pl->n_prefix--;
    }
    pl->n_tail = s->n_issues - pl->n_prefix;
    pl->T = (uint32_t)T;
    pl->T4 = (pl->T + 3) & ~3u;
    pl->stride = pl->T4 + 4;
    pl->n_blocks = s->n_outcomes_u64 / T;
    pl->r = pl__calloc(n, sizeof *pl->r);
    pl->row = pl__calloc(n, sizeof *pl->row);
    pl->clamp = pl__calloc(n, sizeof *pl->clamp);
    pl->tmap = pl__calloc(pl->T4, sizeof *pl->tmap);
    pl->tail_max = pl__calloc(pl->n_tail ? (size_t)pl->n_tail * n : 1,
                              sizeof *pl->tail_max);
    if (!pl->r || !pl->row || !pl->clamp || !pl->tmap || !pl->tail_max) {
        rc = PL_ENOMEM;
        goto fail;
    }
    for (uint32_t a = 0; a < n; a++) {
        pl->r[a] = s->parties[party[a]].reservation;
        pl->row[a] = s->U + (size_t)party[a] * s->n_total_options;
        pl->clamp[a] = s->parties[party[a]].has_clamp
                           ? s->parties[party[a]].clamp_max
                           : INFINITY;
        if (pl->clamp[a] != INFINITY && !clamp_binds(s, pl->row[a],
                                                     &s->parties[party[a]],
                                                     pl->clamp[a]))
            pl->clamp[a] = INFINITY;
        pl->any_clamp |= pl->clamp[a] != INFINITY;
        for (uint32_t j = 0; j < pl->n_tail; j++) {
            const uint32_t i = pl->n_prefix + j;
            const double *u = pl->row[a] + s->opt_offset[i];
            double mx = u[0];
            for (uint32_t k = 1; k < s->issues[i].n_options; k++)
                mx = u[k] > mx ? u[k] : mx;
            pl->tail_max[(size_t)j * n + a] = mx;
        }
    }
    for (uint32_t t = 0; t < pl->T; t++)
        pl->tmap[tail_pos(pl, t)] = t;
    rc = build_clauses(pl);
    if (rc == PL_ETOOBIG)
        pl_diag_set(diag, rc, 0, 0,
                    "too many interactions and red lines for this space "
                    "(%u clauses over %u options)",
                    pl->n_clauses, s->n_total_options);
    if (rc != PL_OK)
        goto fail;
    pl->margin = 8.0 * (pl->n_tail + 1) * sum_bound(pl) * 0x1p-52;
    /* The dominance proofs compare plain sums; a cap can turn a strict
     * gain into a tie (both capped), which would change the tie counts,
     * so capped parties are served by the per-point skyline alone. */
    /* 2 parties: the fast path finds dominated tail positions itself
     * (O(T log T)); more parties reuse find_tail_dominated's list. */
    rc = n == 2 ? fast_plan(pl, tune) : PL_OK;
    if (rc == PL_OK && !pl->any_clamp && !pl->fast)
        rc = find_tail_dominated(pl);
    if (rc == PL_OK && n != 2)
        rc = fast_plan(pl, tune);
    /* Two parties on the fast path: the corner test against the
     * staircase prunes as well as the block skyline, without its
     * sequential pass over every prefix. */
    if (rc == PL_OK && !pl->any_clamp && !(pl->fast && n == 2))
        rc = plan_prune(pl);
    if (rc != PL_OK)
        goto fail;
    *out = pl;
    return PL_OK;
fail:
    pl__plan_free(pl);
    return rc;
}

/* ---- per-thread state ---- */

struct worker {
    const struct pl__plan *pl;
    /* odometer */
    uint32_t *dig;   /* n_prefix */
    double *sum;     /* (n_prefix + 1) * n partial sums */
    uint64_t *pfail; /* (n_prefix + 1) * W prefix clause masks */
    uint64_t *alive; /* W: live clauses of the current block */
    /* block */
    void *ubuf_raw;
    double *u;      /* n * stride, 32-byte aligned */
    uint64_t *rl;   /* T4: red-line party bits per position */
    double *x;      /* n: one point */
    double *corner; /* n: componentwise max of the block */
    /* pass-1 reductions */
    double *umin, *umax, *zmax;
    uint64_t reach, zone_count;
    double best_v[PL_CONCEPT_COUNT];
    uint64_t best_idx[PL_CONCEPT_COUNT];
    struct pl__sky sky;
    /* pass 2 */
    const double *ks_best; /* best_p */
    double *ks_den;        /* n: best_p - r_p */
    /* fast path */
    double target[PL_CONCEPT_COUNT]; /* exact maxima to locate */
    uint64_t touched, examined, band;
    pl_status rc;
};

static void worker_free(struct worker *w)
{
    pl__free(w->dig);
    pl__free(w->sum);
    pl__free(w->pfail);
    pl__free(w->alive);
    pl__free(w->ubuf_raw);
    pl__free(w->rl);
    pl__free(w->x);
    pl__free(w->corner);
    pl__free(w->umin);
    pl__free(w->umax);
    pl__free(w->zmax);
    pl__free(w->ks_den);
    pl__sky_free(&w->sky);
}

static pl_status worker_init(struct worker *w, const struct pl__plan *pl,
                             uint64_t keep)
{
    const uint32_t n = pl->n;
    const size_t W = pl->W ? pl->W : 1;

    memset(w, 0, sizeof *w);
    w->pl = pl;
    pl__sky_init(&w->sky, n, keep, pl->sky_cluster);
    w->dig = pl__calloc(pl->n_prefix ? pl->n_prefix : 1, sizeof *w->dig);
    w->sum = pl__calloc((size_t)(pl->n_prefix + 1) * n, sizeof *w->sum);
    w->pfail = pl__calloc((size_t)(pl->n_prefix + 1) * W, sizeof *w->pfail);
    w->alive = pl__calloc(W, sizeof *w->alive);
    w->ubuf_raw = pl__calloc((size_t)n * pl->stride + 4, sizeof(double));
    w->rl = pl__calloc(pl->T4, sizeof *w->rl);
    w->x = pl__calloc(n, sizeof *w->x);
    w->corner = pl__calloc(n, sizeof *w->corner);
    w->umin = pl__calloc(n, sizeof *w->umin);
    w->umax = pl__calloc(n, sizeof *w->umax);
    w->zmax = pl__calloc(n, sizeof *w->zmax);
    w->ks_den = pl__calloc(n, sizeof *w->ks_den);
    if (!w->dig || !w->sum || !w->pfail || !w->alive || !w->ubuf_raw ||
        !w->rl || !w->x || !w->corner || !w->umin || !w->umax || !w->zmax ||
        !w->ks_den)
        return PL_ENOMEM;
    w->u = (double *)(((uintptr_t)w->ubuf_raw + 31) & ~(uintptr_t)31);
    for (uint32_t p = 0; p < n; p++) {
        w->umin[p] = INFINITY;
        w->umax[p] = -INFINITY;
        w->zmax[p] = -INFINITY;
    }
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        w->best_v[c] = -INFINITY;
        w->best_idx[c] = UINT64_MAX;
    }
    return PL_OK;
}

/* ---- the odometer over the prefix ---- */

/* Recompute partial sums and masks of levels j+1 .. n_prefix from the
 * digits (level 0 is the empty prefix: sums 0, no clause failed). */
static void odo_refresh(struct worker *w, uint32_t j)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t n = pl->n, W = pl->W;
    const uint32_t *off = pl->s->opt_offset;

    for (; j < pl->n_prefix; j++) {
        const uint32_t slot = off[j] + w->dig[j];
        const double *prev = w->sum + (size_t)j * n;
        double *cur = w->sum + (size_t)(j + 1) * n;
        for (uint32_t p = 0; p < n; p++)
            cur[p] = prev[p] + pl->row[p][slot];
        for (uint32_t q = 0; q < W; q++)
            w->pfail[(size_t)(j + 1) * W + q] =
                w->pfail[(size_t)j * W + q] | pl->fail[(size_t)slot * W + q];
    }
}

static void odo_seek(struct worker *w, uint64_t block)
{
    const struct pl__plan *pl = w->pl;

    for (uint32_t j = pl->n_prefix; j-- > 0;) {
        const uint32_t m = pl->s->issues[j].n_options;
        w->dig[j] = (uint32_t)(block % m);
        block /= m;
    }
    odo_refresh(w, 0);
}

static void odo_next(struct worker *w)
{
    const struct pl__plan *pl = w->pl;
    uint32_t j = pl->n_prefix;

    /* the common step: only the last digit moves */
    if (j > 0 && pl->W == 0 &&
        w->dig[j - 1] + 1 < pl->s->issues[j - 1].n_options) {
        const uint32_t slot = pl->s->opt_offset[j - 1] + ++w->dig[j - 1];
        const double *prev = w->sum + (size_t)(j - 1) * pl->n;
        double *cur = w->sum + (size_t)j * pl->n;
        for (uint32_t p = 0; p < pl->n; p++)
            cur[p] = prev[p] + pl->row[p][slot];
        return;
    }

    while (j-- > 0) {
        if (++w->dig[j] < pl->s->issues[j].n_options)
            break;
        w->dig[j] = 0;
    }
    if (j == UINT32_MAX)
        return; /* wrapped past the last prefix */
    odo_refresh(w, j);
}

/* Live clauses of the current block; returns whether any is live. */
static bool block_alive(struct worker *w)
{
    const struct pl__plan *pl = w->pl;
    const uint64_t *pf = w->pfail + (size_t)pl->n_prefix * pl->W;
    uint64_t any = 0;

    for (uint32_t q = 0; q < pl->W; q++) {
        uint64_t valid = ~(uint64_t)0;
        if (q == pl->W - 1 && pl->n_clauses % 64)
            valid = ((uint64_t)1 << (pl->n_clauses % 64)) - 1;
        w->alive[q] = ~pf[q] & valid;
        any |= w->alive[q];
    }
    return any != 0;
}

/* Whether an interaction (not a red line) is live in the current block;
 * block_alive() must have run. */
static bool interaction_alive(const struct worker *w)
{
    const struct pl__plan *pl = w->pl;
    uint64_t any = 0;

    for (uint32_t q = 0; q < pl->W; q++)
        any |= w->alive[q] & pl->int_mask[q];
    return any != 0;
}

/* ---- dominance pruning for the frontier ----
 *
 * Utilities are sequential double sums, so a dominance argument on
 * partial sums must survive rounding.  Two facts make it exact:
 * - IEEE addition is monotone: adding the same numbers to x' >= x keeps
 *   x' >= x, and adding the same numbers to the same start gives the
 *   same result;
 * - every partial sum has magnitude at most M = max_p sum_i max_k |U|, so
 *   each addition errs by at most ulp(M)/2 <= M * 2^-53; over L additions
 *   two sums whose exact values differ by more than L * M * 2^-52 keep
 *   their order strictly.
 * `margin` = 8 (L + 1) M 2^-52 (L = tail issues) covers that with room for
 * the rounding of the differences themselves.  Interactions are not part
 * of the argument, so blocks with a live interaction are never pruned
 * and never prune others. */

static double sum_bound(const struct pl__plan *pl)
{
    const pl_scenario *s = pl->s;
    double M = 0;

    for (uint32_t a = 0; a < pl->n; a++) {
        double m = 0;
        for (uint32_t i = 0; i < s->n_issues; i++) {
            const double *u = pl->row[a] + s->opt_offset[i];
            double mx = 0;
            for (uint32_t k = 0; k < s->issues[i].n_options; k++)
                mx = fabs(u[k]) > mx ? fabs(u[k]) : mx;
            m += mx;
        }
        M = m > M ? m : M;
    }
    return M;
}

/* Tail position t' dominates t in every block without live interactions
 * when, for each party, either t' and t add exactly the same U entries
 * (equal results) or t' adds more by over `margin` (strictly greater), and
 * the latter holds for at least one party.  O(T^2 * n) once per plan. */
static pl_status find_tail_dominated(struct pl__plan *pl)
{
    const pl_scenario *s = pl->s;
    const uint32_t n = pl->n, T = pl->T, L = pl->n_tail;
    double *S;
    uint32_t *dig;

    /* Worth its O(T^2) only when the blocks are many (T^2 <= 16 N). */
    if (T > PL__TAIL_DOM_MAX || T < 2 || pl->n_blocks < (T + 15) / 16)
        return PL_OK;
    pl->tail_dominated = pl__calloc(T, 1);
    S = pl__calloc((size_t)T * n, sizeof *S);
    dig = pl__calloc((size_t)T * (L ? L : 1), sizeof *dig);
    if (!pl->tail_dominated || !S || !dig) {
        pl__free(S);
        pl__free(dig);
        return PL_ENOMEM;
    }
    for (uint32_t pos = 0; pos < T; pos++) {
        uint32_t rest = pl->tmap[pos];
        for (uint32_t j = L; j-- > 0;) {
            const uint32_t m = s->issues[pl->n_prefix + j].n_options;
            dig[(size_t)pos * L + j] = rest % m;
            rest /= m;
        }
        for (uint32_t a = 0; a < n; a++) {
            double x = 0;
            for (uint32_t j = 0; j < L; j++)
                x += pl->row[a][s->opt_offset[pl->n_prefix + j] +
                                dig[(size_t)pos * L + j]];
            S[(size_t)pos * n + a] = x;
        }
    }
    for (uint32_t t = 0; t < T; t++) {
        for (uint32_t t2 = 0; t2 < T && !pl->tail_dominated[t]; t2++) {
            bool ok = t2 != t, strict = false;
            for (uint32_t a = 0; a < n && ok; a++) {
                const double d = S[(size_t)t2 * n + a] - S[(size_t)t * n + a];
                if (d > pl->margin) {
                    strict = true;
                    continue;
                }
                for (uint32_t j = 0; j < L && ok; j++) {
                    const uint32_t off = s->opt_offset[pl->n_prefix + j];
                    ok = pl->row[a][off + dig[(size_t)t2 * L + j]] ==
                         pl->row[a][off + dig[(size_t)t * L + j]];
                }
            }
            if (ok && strict)
                pl->tail_dominated[t] = 1;
        }
    }
    pl__free(S);
    pl__free(dig);
    return PL_OK;
}

/* Prefix sums: c covers a when c >= a in every party (then anything a
 * dominates, c dominates); c dominates block a when moreover some party
 * gains over `margin`: every outcome (a, t) is then strictly dominated by
 * (c, t).  A streaming skyline over the interaction-free prefixes marks
 * the dominated blocks in a bitmap.  O(P * F_P * n) for P prefixes with
 * F_P of them on the prefix skyline; single-threaded, P = N / T is small. */
static int cover(const double *c, const double *a, uint32_t n, double margin)
{
    bool strict = false;

    for (uint32_t p = 0; p < n; p++) {
        if (c[p] < a[p])
            return 0;
        if (c[p] - a[p] > margin)
            strict = true;
    }
    return strict ? 2 : 1;
}

/* First skyline entry (columns col + p * cap, len entries, padded to a
 * multiple of 4) >= a in every party, or SIZE_MAX. */
PL_KERNEL
static size_t pb_find_ge(const double *col, size_t cap, uint32_t n,
                         size_t len, const double *a)
{
    for (size_t i = 0; i < len; i += 4) {
        v4l m = {-1, -1, -1, -1};
        for (uint32_t p = 0; p < n; p++)
            m &= VLOADU(col + (size_t)p * cap + i) >= VSPLAT(a[p]);
        if (m[0] | m[1] | m[2] | m[3])
            for (size_t l = 0; l < 4; l++)
                if (m[l] && i + l < len)
                    return i + l;
    }
    return SIZE_MAX;
}

/* Entries <= a in every party, into out (ascending); returns how many. */
PL_KERNEL
static size_t pb_find_le(const double *col, size_t cap, uint32_t n,
                         size_t len, const double *a, size_t *out)
{
    size_t k = 0;

    for (size_t i = 0; i < len; i += 4) {
        v4l m = {-1, -1, -1, -1};
        for (uint32_t p = 0; p < n; p++)
            m &= VLOADU(col + (size_t)p * cap + i) <= VSPLAT(a[p]);
        if (m[0] | m[1] | m[2] | m[3])
            for (size_t l = 0; l < 4; l++)
                if (m[l] && i + l < len)
                    out[k++] = i + l;
    }
    return k;
}

/* The streaming skyline of prefix vectors is stored by column (cap
 * entries per party, a multiple of 4, padded with -inf) so that one
 * 4-wide compare tests four entries on one party. */
static pl_status prune_blocks(struct pl__plan *pl, struct worker *w)
{
    const uint32_t n = pl->n;
    size_t len = 0, cap = 0, hint = 0;
    double *col = NULL, *c = pl__calloc(n, sizeof *c);
    uint64_t *blk = NULL;
    size_t *rm = NULL;
    pl_status rc = PL_OK;

    if (!c)
        return PL_ENOMEM;
    if (pl->n_prefix == 0 || pl->n_blocks < 2) {
        pl__free(c);
        return PL_OK;
    }
    pl->pruned =
        pl__calloc((size_t)((pl->n_blocks + 63) / 64), sizeof *pl->pruned);
    if (!pl->pruned) {
        pl__free(c);
        return PL_ENOMEM;
    }
    odo_seek(w, 0);
    for (uint64_t b = 0; b < pl->n_blocks; b++) {
        const double *a = w->sum + (size_t)pl->n_prefix * n;
        size_t i, k;
        if (b > 0)
            odo_next(w);
        if (pl->n_clauses && block_alive(w) && interaction_alive(w))
            continue;
        if (hint < len) {
            int cv;
            for (uint32_t p = 0; p < n; p++)
                c[p] = col[(size_t)p * cap + hint];
            cv = cover(c, a, n, pl->margin);
            if (cv) {
                if (cv == 2)
                    pl->pruned[b / 64] |= (uint64_t)1 << (b % 64);
                continue;
            }
        }
        i = pb_find_ge(col, cap, n, len, a);
        if (i != SIZE_MAX) {
            for (uint32_t p = 0; p < n; p++)
                c[p] = col[(size_t)p * cap + i];
            if (cover(c, a, n, pl->margin) == 2)
                pl->pruned[b / 64] |= (uint64_t)1 << (b % 64);
            hint = i;
            continue;
        }
        /* the entries a covers (none of them covers a: no entry covers
         * another), removed from the highest position down */
        k = pb_find_le(col, cap, n, len, a, rm);
        while (k-- > 0) {
            const size_t e = rm[k];
            for (uint32_t p = 0; p < n; p++)
                c[p] = col[(size_t)p * cap + e];
            if (cover(a, c, n, pl->margin) == 2)
                pl->pruned[blk[e] / 64] |= (uint64_t)1 << (blk[e] % 64);
            len--;
            for (uint32_t p = 0; p < n; p++) {
                double *cp = col + (size_t)p * cap;
                cp[e] = cp[len];
                cp[len] = -INFINITY;
            }
            blk[e] = blk[len];
        }
        if (len == cap) {
            const size_t nc = cap ? cap * 2 : 64;
            double *c2 = pl__calloc(nc, (size_t)n * sizeof *c2);
            uint64_t *b2;
            size_t *r2;
            if (!c2) {
                rc = PL_ENOMEM;
                break;
            }
            for (uint32_t p = 0; p < n; p++) {
                if (len)
                    memcpy(c2 + (size_t)p * nc, col + (size_t)p * cap,
                           len * sizeof *c2);
                for (size_t q = len; q < nc; q++)
                    c2[(size_t)p * nc + q] = -INFINITY;
            }
            pl__free(col);
            col = c2;
            b2 = pl__reallocarray(blk, nc, sizeof *blk);
            if (!b2) {
                rc = PL_ENOMEM;
                break;
            }
            blk = b2;
            r2 = pl__reallocarray(rm, nc, sizeof *rm);
            if (!r2) {
                rc = PL_ENOMEM;
                break;
            }
            rm = r2;
            cap = nc;
        }
        for (uint32_t p = 0; p < n; p++)
            col[(size_t)p * cap + len] = a[p];
        blk[len++] = b;
    }
    pl__free(col);
    pl__free(blk);
    pl__free(rm);
    pl__free(c);
    return rc;
}

static pl_status plan_prune(struct pl__plan *pl)
{
    struct worker w;
    pl_status rc = worker_init(&w, pl, 0);

    if (rc == PL_OK)
        rc = prune_blocks(pl, &w);
    worker_free(&w);
    return rc;
}

/* ---- the certified fast path: plan ----
 *
 * For additive scenarios (no interaction, red line or cap) every
 * statistic but the zone count is decided by the exact frontier and a
 * few bounded searches, and the zone count by comparing a FAST value
 * (exact prefix sum P_p + tail sum S_p(t), both doubles) against
 * r_p +/- delta; only outcomes inside that band are summed again in the
 * reference order.  Why delta is sound: every partial sum, of the
 * reference as of S and P, has magnitude at most M (sum_bound), so each
 * addition errs by at most M 2^-53; the reference adds L tail entries to
 * P, S adds L, and thr = r_p - P_p rounds once, so
 * |E - (P + S)| <= 2L M 2^-53 and E >= r  <=>  S >= thr holds unless S
 * is within (2L + 1)(M + |r|) 2^-53 of thr.  delta is 8 (L + 2) (M + |r|)
 * 2^-53 (room for rounding thr +/- delta itself) plus a few subnormals.
 * Infinite or huge magnitudes only widen the band (exact fallback per
 * outcome); a non-finite delta disables the path. */

/* Bucket of x in party q's sorted tail sums: monotone non-increasing in
 * x (IEEE subtraction and multiplication by a positive constant are
 * monotone), which is all count_ge needs. */
static inline uint32_t bk_key(const struct pl__plan *pl, int q, double x)
{
    const double k = (pl->sv[q][0] - x) * pl->bk_scale[q];

    if (!(k >= 0))
        return 0;
    if (k >= pl->n_bk - 1)
        return pl->n_bk - 1;
    return (uint32_t)k;
}

/* Most tail outcomes for the 2-party rank grid ((T + 1)^2 uint16) and for
 * the rank bitsets of 3-8 parties ((T + 1) T / 8 bytes per party: 128 KB
 * at T = 1024). */
#define PL__GRID_T_MAX 2048u

/* Sorted tail sums, order, rank and bucket index of parties 0..nq-1. */
static pl_status fast_sorted(struct pl__plan *pl, uint32_t nq)
{
    const uint32_t T = pl->T;
    struct pl__vkey *k = pl__calloc(T, sizeof *k);

    if (!k)
        return PL_ENOMEM;
    for (uint32_t q = 0; q < nq; q++) {
        pl->sv[q] = pl__calloc(T, sizeof *pl->sv[q]);
        pl->sord[q] = pl__calloc(T, sizeof *pl->sord[q]);
        pl->srank[q] = pl__calloc(T, sizeof *pl->srank[q]);
        if (!pl->sv[q] || !pl->sord[q] || !pl->srank[q]) {
            pl__free(k);
            return PL_ENOMEM;
        }
        for (uint32_t t = 0; t < T; t++) {
            k[t].v = pl->ts[(size_t)q * pl->T4 + t];
            k[t].t = t;
        }
        if (pl__vkey_sort(k, T) != PL_OK) {
            pl__free(k);
            return PL_ENOMEM;
        }
        for (uint32_t i = 0; i < T; i++) {
            pl->sv[q][i] = k[i].v;
            pl->sord[q][i] = k[i].t;
            pl->srank[q][k[i].t] = i;
        }
    }
    pl__free(k);
    pl->n_bk = 4 * T;
    for (uint32_t q = 0; q < nq; q++) {
        const double range = pl->sv[q][0] - pl->sv[q][T - 1];
        uint32_t i = 0;
        pl->bk_scale[q] = range > 0 && isfinite(pl->n_bk / range)
                              ? pl->n_bk / range
                              : 0.0;
        pl->bk[q] = pl__calloc(pl->n_bk + 1, sizeof *pl->bk[q]);
        if (!pl->bk[q])
            return PL_ENOMEM;
        for (uint32_t kk = 0; kk <= pl->n_bk; kk++) {
            while (i < T && bk_key(pl, (int)q, pl->sv[q][i]) < kk)
                i++;
            pl->bk[q][kk] = (uint16_t)i;
        }
    }
    return PL_OK;
}

static pl_status fast_grid(struct pl__plan *pl)
{
    const uint32_t T = pl->T, G = T + 1;
    const pl_status rc = fast_sorted(pl, 2);

    if (rc != PL_OK)
        return rc;
    pl->grid = pl__calloc((size_t)G * G, sizeof *pl->grid);
    if (!pl->grid)
        return PL_ENOMEM;
    for (uint32_t i = 1; i < G; i++) {
        const uint32_t r1 = pl->srank[1][pl->sord[0][i - 1]];
        const uint16_t *prev = pl->grid + (size_t)(i - 1) * G;
        uint16_t *cur = pl->grid + (size_t)i * G;
        memcpy(cur, prev, (size_t)G * sizeof *cur);
        for (uint32_t j = r1 + 1; j < G; j++)
            cur[j]++;
    }
    return PL_OK;
}

/* 3-8 parties: the rank bitsets.  Row k + 1 is row k plus the tail index
 * of rank k, so a block's zone is counted by ANDing one row per party
 * (zone_bits). */
static pl_status fast_bits(struct pl__plan *pl)
{
    const uint32_t T = pl->T, nw = (T + 63) / 64;
    const pl_status rc = fast_sorted(pl, pl->n);

    if (rc != PL_OK)
        return rc;
    pl->n_words = nw;
    for (uint32_t q = 0; q < pl->n; q++) {
        uint64_t *r = pl__calloc((size_t)(T + 1) * nw, sizeof *r);
        if (!r)
            return PL_ENOMEM;
        pl->rows[q] = r;
        for (uint32_t k = 0; k < T; k++) {
            const uint32_t t = pl->sord[q][k];
            uint64_t *next = r + (size_t)(k + 1) * nw;
            memcpy(next, r + (size_t)k * nw, nw * sizeof *r);
            next[t / 64] |= (uint64_t)1 << (t % 64);
        }
    }
    return PL_OK;
}

/* 2 parties: tail index t can never be on a block's frontier when some t'
 * gains over `margin` for both parties (see find_tail_dominated; the
 * same-addends case is left out).  One sweep in order of S_0 keeps the
 * best S_1 among the positions that gain over margin on S_0.
 * O(T log T); fills cand in tail order. */
static pl_status tail_dominated2(struct pl__plan *pl)
{
    const uint32_t T = pl->T;
    const double *S0 = pl->ts, *S1 = pl->ts + pl->T4;
    struct pl__vkey *k = pl__calloc(T, sizeof *k);
    uint8_t *dom = pl__calloc(T, 1);
    double best1 = -INFINITY;
    uint32_t j = 0;

    if (!k || !dom) {
        pl__free(k);
        pl__free(dom);
        return PL_ENOMEM;
    }
    for (uint32_t t = 0; t < T; t++) {
        k[t].v = S0[t];
        k[t].t = t;
    }
    if (pl__vkey_sort(k, T) != PL_OK) {
        pl__free(k);
        pl__free(dom);
        return PL_ENOMEM;
    }
    for (uint32_t i = 0; i < T; i++) {
        const uint32_t t = k[i].t;
        while (j < T && S0[k[j].t] - S0[t] > pl->margin) {
            best1 = S1[k[j].t] > best1 ? S1[k[j].t] : best1;
            j++;
        }
        dom[t] = best1 - S1[t] > pl->margin;
    }
    for (uint32_t t = 0; t < T; t++)
        if (!dom[t])
            pl->cand[pl->n_cand++] = t;
    pl__free(k);
    pl__free(dom);
    return PL_OK;
}

static pl_status fast_plan(struct pl__plan *pl, const pl__analyze_tuning *tune)
{
    const pl_scenario *s = pl->s;
    const uint32_t n = pl->n, T = pl->T, L = pl->n_tail;
    const double M = sum_bound(pl);
    double R = 0;

    if (pl->n_clauses || pl->any_clamp || n > 8 || (tune && tune->no_fast) ||
        !isfinite(M))
        return PL_OK;
    for (uint32_t a = 0; a < n; a++) {
        if (!isfinite(pl->r[a]))
            return PL_OK;
        R = fabs(pl->r[a]) > R ? fabs(pl->r[a]) : R;
    }
    pl->delta = 8.0 * (L + 2) * (M + R) * 0x1p-53 + 0x1p-1070;
    if (tune && tune->zero_delta)
        pl->delta = 0; /* tests: prove the cross-checks catch it */
    if (!isfinite(pl->delta))
        return PL_OK;
    pl->ts = pl__calloc((size_t)n * pl->T4, sizeof *pl->ts);
    pl->tslot = pl__calloc((size_t)T * (L ? L : 1), sizeof *pl->tslot);
    pl->cand = pl__calloc(T, sizeof *pl->cand);
    pl->ks = pl__calloc(1, sizeof *pl->ks);
    if (!pl->ts || !pl->tslot || !pl->cand || !pl->ks)
        return PL_ENOMEM;
    for (uint32_t t = 0; t < T; t++) {
        uint32_t rest = t;
        for (uint32_t j = L; j-- > 0;) {
            const uint32_t i = pl->n_prefix + j;
            const uint32_t m = s->issues[i].n_options;
            pl->tslot[(size_t)t * L + j] = s->opt_offset[i] + rest % m;
            rest /= m;
        }
        for (uint32_t a = 0; a < n; a++) {
            double x = 0;
            for (uint32_t j = 0; j < L; j++)
                x += pl->row[a][pl->tslot[(size_t)t * L + j]];
            pl->ts[(size_t)a * pl->T4 + t] = x;
        }
    }
    if (n == 2) {
        const pl_status rc = tail_dominated2(pl);
        if (rc != PL_OK)
            return rc;
    } else {
        for (uint32_t t = 0; t < T; t++)
            if (!pl->tail_dominated ||
                !pl->tail_dominated[tail_pos(pl, t)])
                pl->cand[pl->n_cand++] = t;
    }
    for (uint32_t a = 0; a < n; a++) {
        pl->ts_min[a] = INFINITY;
        pl->ts_max[a] = -INFINITY;
        for (uint32_t t = 0; t < T; t++) {
            const double x = pl->ts[(size_t)a * pl->T4 + t];
            pl->ts_min[a] = x < pl->ts_min[a] ? x : pl->ts_min[a];
            pl->ts_max[a] = x > pl->ts_max[a] ? x : pl->ts_max[a];
        }
        for (uint32_t t = T; t < pl->T4; t++)
            pl->ts[(size_t)a * pl->T4 + t] = -INFINITY;
    }
    /* Float lanes: |float(S) - S| <= |S| 2^-24 (plus 2^-150 below
     * FLT_MIN) and |S| <= M; eps_f doubles that.  Off where thresholds
     * could leave float's range. */
    if (M + R < 1e37) {
        pl->T8 = (T + 7) & ~7u;
        pl->eps_f = tune && tune->zero_delta ? 0 : M * 0x1p-23 + 0x1p-140;
        pl->tsf = pl__calloc((size_t)n * pl->T8, sizeof *pl->tsf);
        if (!pl->tsf)
            return PL_ENOMEM;
        for (uint32_t a = 0; a < n; a++)
            for (uint32_t t = 0; t < pl->T8; t++)
                pl->tsf[(size_t)a * pl->T8 + t] =
                    t < T ? (float)pl->ts[(size_t)a * pl->T4 + t] : -INFINITY;
    }
    /* The grid costs about T^2 / 16 vector additions once and saves
     * about T vector operations per block. */
    if (n == 2 && T <= PL__GRID_T_MAX && pl->n_blocks >= T / 8) {
        const pl_status rc = fast_grid(pl);
        if (rc != PL_OK)
            return rc;
    }
    /* The bitsets cost about n T^2 / 64 word copies once and replace n T
     * float comparisons per block by about 2 n T / 64 word ANDs. */
    if (n >= 3 && T <= PL__GRID_T_MAX && pl->n_blocks >= T / 16 &&
        !(tune && tune->no_bits)) {
        const pl_status rc = fast_bits(pl);
        if (rc != PL_OK)
            return rc;
    }
    pl->fast = true;
    return PL_OK;
}

/* ---- block generation ---- */

static inline void add_broadcast(double *dst, const double *src, uint32_t len,
                                 double c)
{
    uint32_t e = 0;
    const v4d cv = VSPLAT(c);

    for (; e + 4 <= len; e += 4) {
        VSTOREU(dst + e, VLOADU(src + e) + cv);
    }
    for (; e < len; e++)
        dst[e] = src[e] + c;
}

/* Fill u[p][pos] for the current prefix, summing in issue order. */
static inline void gen_block(struct worker *w)
{
    const struct pl__plan *pl = w->pl;
    const pl_scenario *s = pl->s;
    const uint32_t n = pl->n;
    const double *base = w->sum + (size_t)pl->n_prefix * n;

    for (uint32_t p = 0; p < n; p++) {
        double *buf = w->u + (size_t)p * pl->stride;
        uint32_t size = 1;
        buf[0] = base[p];
        for (uint32_t j = 0; j < pl->n_tail; j++) {
            const uint32_t i = pl->n_prefix + j;
            const uint32_t m = s->issues[i].n_options;
            const double *uu = pl->row[p] + s->opt_offset[i];
            /* option d goes to [d*size, (d+1)*size); d = 0 last, in
             * place */
            for (uint32_t d = m; d-- > 0;)
                add_broadcast(buf + (size_t)d * size, buf, size, uu[d]);
            size *= m;
        }
    }
}

/* Apply live interactions (in declared order, after the issue sum) and
 * collect red-line bits.  Returns whether any red line holds anywhere. */
static bool apply_clauses(struct worker *w)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t W = pl->W;
    bool any_red = false;

    memset(w->rl, 0, pl->T4 * sizeof *w->rl);
    for (uint32_t pos = 0; pos < pl->T; pos++) {
        const uint64_t *tf = pl->tail_fail + (size_t)pos * W;
        for (uint32_t q = 0; q < W; q++) {
            uint64_t h = w->alive[q] & ~tf[q];
            while (h) {
                const uint32_t c = q * 64 + (uint32_t)__builtin_ctzll(h);
                const uint32_t a = pl->cl_party[c];
                h &= h - 1;
                if (pl->cl_red[c]) {
                    w->rl[pos] |= (uint64_t)1 << a;
                    any_red = true;
                } else {
                    w->u[(size_t)a * pl->stride + pos] += pl->cl_value[c];
                }
            }
        }
    }
    return any_red;
}

/* Apply each capped party's cap (GENIUS: min(1, sum)) after the issue
 * terms and interactions, as pl_scenario_utility() does. */
static void apply_clamp(struct worker *w)
{
    const struct pl__plan *pl = w->pl;

    for (uint32_t p = 0; p < pl->n; p++) {
        const double c = pl->clamp[p];
        double *u = w->u + (size_t)p * pl->stride;
        if (c == INFINITY)
            continue;
        for (uint32_t pos = 0; pos < pl->T; pos++)
            u[pos] = u[pos] > c ? c : u[pos];
    }
}

/* Copy position 0 into the pad positions [T, T4) so that vector passes
 * see harmless duplicates (callers correct counts). */
static void pad_block(struct worker *w)
{
    const struct pl__plan *pl = w->pl;

    for (uint32_t pos = pl->T; pos < pl->T4; pos++) {
        for (uint32_t p = 0; p < pl->n; p++)
            w->u[(size_t)p * pl->stride + pos] = w->u[(size_t)p * pl->stride];
        w->rl[pos] = w->rl[0];
    }
}

/* ---- scalar objectives (identical arithmetic to the vector lanes) ---- */

static bool pos_point(const struct worker *w, uint32_t pos, bool has_rl,
                      bool *in_zone, bool *nash_ok)
{
    const struct pl__plan *pl = w->pl;
    bool z = !has_rl || w->rl[pos] == 0, nk = z;

    for (uint32_t p = 0; p < pl->n; p++) {
        const double x = w->u[(size_t)p * pl->stride + pos];
        w->x[p] = x;
        z = z && x >= pl->r[p];
        nk = nk && x > pl->r[p];
    }
    *in_zone = z;
    *nash_ok = nk;
    return z;
}

static double obj_value(const struct pl__plan *pl, const double *x, int c,
                        const double *ks_best)
{
    return pl__concept_value(c, x, pl->r, ks_best, pl->n);
}

double pl__ks_value(const double *u, const double *r, const double *best,
                    uint32_t n)
{
    double v = INFINITY;

    for (uint32_t p = 0; p < n; p++) {
        const double den = best[p] - r[p];
        const double q = best[p] == r[p] ? 1.0 : (u[p] - r[p]) / den;
        v = q < v ? q : v;
    }
    return v;
}

static inline uint64_t block_index(const struct worker *w, uint64_t b,
                                   uint32_t pos)
{
    return b * w->pl->T + w->pl->tmap[pos];
}

static void offer_best(double *bv, uint64_t *bi, double v, uint64_t idx)
{
    if (v > *bv || (v == *bv && idx < *bi)) {
        *bv = v;
        *bi = idx;
    }
}

/* Rescan a block for the lowest index achieving block maximum `bm` of
 * concept c, and offer it. */
static void rescan_best(struct worker *w, uint64_t b, bool has_rl, int c,
                        double bm)
{
    const struct pl__plan *pl = w->pl;
    uint64_t lo = UINT64_MAX;

    for (uint32_t pos = 0; pos < pl->T; pos++) {
        bool z, nk;
        pos_point(w, pos, has_rl, &z, &nk);
        if (c == PL_NASH ? !nk : !z)
            continue;
        if (obj_value(pl, w->x, c, w->ks_best) == bm) {
            const uint64_t idx = block_index(w, b, pos);
            lo = idx < lo ? idx : lo;
        }
    }
    if (lo != UINT64_MAX)
        offer_best(&w->best_v[c], &w->best_idx[c], bm, lo);
}

static double hmax4a(const double *v)
{
    const double a = v[0] > v[1] ? v[0] : v[1];
    const double b = v[2] > v[3] ? v[2] : v[3];
    return a > b ? a : b;
}

static double hmin4a(const double *v)
{
    const double a = v[0] < v[1] ? v[0] : v[1];
    const double b = v[2] < v[3] ? v[2] : v[3];
    return a < b ? a : b;
}

/* Horizontal max / min of a vector (macros, as above). */
#define HMAX4(v) hmax4a((const double *)&(v))
#define HMIN4(v) hmin4a((const double *)&(v))

/* The fused pass over one generated block (pass 1), one read of each
 * utility: per-party vector accumulators (min, max, zone max, reach) and
 * per-lane objective maxima, reduced once per block.  `N` is a
 * compile-time constant in the specialised copies (2..5 parties), so the
 * party loop unrolls and the accumulators live in registers. */
static inline __attribute__((always_inline)) void
kernel1_body8(struct worker *w, bool has_rl, double *bmax,
              double obj_max[PL_CONCEPT_COUNT], uint64_t *zcount,
              const uint32_t N)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t nv = pl->T4 / 4, stride = pl->stride;
    const v4d ninf = VSPLAT(-INFINITY), pinf = VSPLAT(INFINITY);
    const double *u = w->u;
    v4d mn[8], mx[8], zm[8];
    v4d rr[8];
    v4l rch[8];
    v4d bn = ninf, be = ninf, bw = ninf;
    v4l zc = {0, 0, 0, 0};

    for (uint32_t p = 0; p < N; p++) {
        mn[p] = pinf;
        mx[p] = ninf;
        zm[p] = ninf;
        rr[p] = VSPLAT(pl->r[p]);
        rch[p] = (v4l){0, 0, 0, 0};
    }
    for (uint32_t v = 0; v < nv; v++) {
        v4l z, nk, rl = {0, 0, 0, 0};
        v4d prod = VSPLAT(1.0), emin = pinf, ws = VSPLAT(0.0);
        if (has_rl) {
            rl = VLOADLU(w->rl + 4 * v);
            z = rl == 0;
        } else {
            z = (v4l){-1, -1, -1, -1};
        }
        nk = z;
        for (uint32_t p = 0; p < N; p++) {
            const v4d x = VLOADA(u + (size_t)p * stride + 4 * v);
            const v4d d = x - rr[p];
            const v4l ge = x >= rr[p];
            mn[p] = VMIN(x, mn[p]);
            mx[p] = VMAX(x, mx[p]);
            rch[p] |= has_rl ? ge & (((rl >> p) & 1) == 0) : ge;
            z &= ge;
            nk &= x > rr[p];
            prod *= d;
            emin = VMIN(d, emin);
            ws += x;
        }
        for (uint32_t p = 0; p < N; p++)
            zm[p] = VMAX(VSEL(z, VLOADA(u + (size_t)p * stride + 4 * v), ninf),
                         zm[p]);
        zc -= z;
        bn = VMAX(VSEL(nk, prod, ninf), bn);
        be = VMAX(VSEL(z, emin, ninf), be);
        bw = VMAX(VSEL(z, ws, ninf), bw);
    }
    for (uint32_t p = 0; p < N; p++) {
        const double lo = HMIN4(mn[p]), zmx = HMAX4(zm[p]);
        bmax[p] = HMAX4(mx[p]);
        if (bmax[p] > w->umax[p])
            w->umax[p] = bmax[p];
        if (lo < w->umin[p])
            w->umin[p] = lo;
        if (zmx > w->zmax[p])
            w->zmax[p] = zmx;
        if (rch[p][0] | rch[p][1] | rch[p][2] | rch[p][3])
            w->reach |= (uint64_t)1 << p;
    }
    *zcount = (uint64_t)(zc[0] + zc[1] + zc[2] + zc[3]);
    obj_max[PL_NASH] = HMAX4(bn);
    obj_max[PL_EGALITARIAN] = HMAX4(be);
    obj_max[PL_MAX_WELFARE] = HMAX4(bw);
}

static inline __attribute__((always_inline)) void
kernel1_body64(struct worker *w, bool has_rl, double *bmax,
               double obj_max[PL_CONCEPT_COUNT], uint64_t *zcount,
               const uint32_t N)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t nv = pl->T4 / 4, stride = pl->stride;
    const v4d ninf = VSPLAT(-INFINITY), pinf = VSPLAT(INFINITY);
    const double *u = w->u;
    v4d mn[PL_MAX_PARTIES], mx[PL_MAX_PARTIES], zm[PL_MAX_PARTIES];
    v4d rr[PL_MAX_PARTIES];
    v4l rch[PL_MAX_PARTIES];
    v4d bn = ninf, be = ninf, bw = ninf;
    v4l zc = {0, 0, 0, 0};

    for (uint32_t p = 0; p < N; p++) {
        mn[p] = pinf;
        mx[p] = ninf;
        zm[p] = ninf;
        rr[p] = VSPLAT(pl->r[p]);
        rch[p] = (v4l){0, 0, 0, 0};
    }
    for (uint32_t v = 0; v < nv; v++) {
        v4l z, nk, rl = {0, 0, 0, 0};
        v4d prod = VSPLAT(1.0), emin = pinf, ws = VSPLAT(0.0);
        if (has_rl) {
            rl = VLOADLU(w->rl + 4 * v);
            z = rl == 0;
        } else {
            z = (v4l){-1, -1, -1, -1};
        }
        nk = z;
        for (uint32_t p = 0; p < N; p++) {
            const v4d x = VLOADA(u + (size_t)p * stride + 4 * v);
            const v4d d = x - rr[p];
            const v4l ge = x >= rr[p];
            mn[p] = VMIN(x, mn[p]);
            mx[p] = VMAX(x, mx[p]);
            rch[p] |= has_rl ? ge & (((rl >> p) & 1) == 0) : ge;
            z &= ge;
            nk &= x > rr[p];
            prod *= d;
            emin = VMIN(d, emin);
            ws += x;
        }
        for (uint32_t p = 0; p < N; p++)
            zm[p] = VMAX(VSEL(z, VLOADA(u + (size_t)p * stride + 4 * v), ninf),
                         zm[p]);
        zc -= z;
        bn = VMAX(VSEL(nk, prod, ninf), bn);
        be = VMAX(VSEL(z, emin, ninf), be);
        bw = VMAX(VSEL(z, ws, ninf), bw);
    }
    for (uint32_t p = 0; p < N; p++) {
        const double lo = HMIN4(mn[p]), zmx = HMAX4(zm[p]);
        bmax[p] = HMAX4(mx[p]);
        if (bmax[p] > w->umax[p])
            w->umax[p] = bmax[p];
        if (lo < w->umin[p])
            w->umin[p] = lo;
        if (zmx > w->zmax[p])
            w->zmax[p] = zmx;
        if (rch[p][0] | rch[p][1] | rch[p][2] | rch[p][3])
            w->reach |= (uint64_t)1 << p;
    }
    *zcount = (uint64_t)(zc[0] + zc[1] + zc[2] + zc[3]);
    obj_max[PL_NASH] = HMAX4(bn);
    obj_max[PL_EGALITARIAN] = HMAX4(be);
    obj_max[PL_MAX_WELFARE] = HMAX4(bw);
}

PL_KERNEL
static void kernel1(struct worker *w, bool has_rl, double *bmax,
                    double obj_max[PL_CONCEPT_COUNT], uint64_t *zcount)
{
    /* Accumulator arrays of 8 let GCC keep them in registers; more
     * parties take the general copy. */
    switch (w->pl->n) {
    case 1:
        kernel1_body8(w, has_rl, bmax, obj_max, zcount, 1);
        break;
    case 2:
        kernel1_body8(w, has_rl, bmax, obj_max, zcount, 2);
        break;
    case 3:
        kernel1_body8(w, has_rl, bmax, obj_max, zcount, 3);
        break;
    case 4:
        kernel1_body8(w, has_rl, bmax, obj_max, zcount, 4);
        break;
    case 5:
        kernel1_body8(w, has_rl, bmax, obj_max, zcount, 5);
        break;
    default:
        if (w->pl->n <= 8)
            kernel1_body8(w, has_rl, bmax, obj_max, zcount, w->pl->n);
        else
            kernel1_body64(w, has_rl, bmax, obj_max, zcount, w->pl->n);
        break;
    }
}

/* Offer the block's points to the thread's skyline, except tail
 * positions proven dominated within the block.  (Filtering through the
 * block's own skyline first was tried: with the clustered skyline it
 * cost more than it saved, 0.45 vs 0.37 s for 5 parties and 10^7
 * outcomes.) */
static void offer_block(struct worker *w, uint64_t b, bool has_rl,
                        bool int_alive)
{
    const struct pl__plan *pl = w->pl;

    for (uint32_t pos = 0; pos < pl->T; pos++) {
        bool z, nk;
        if (!int_alive && pl->tail_dominated && pl->tail_dominated[pos])
            continue;
        pos_point(w, pos, has_rl, &z, &nk);
        w->rc = pl__sky_add(&w->sky, w->x, block_index(w, b, pos), z);
        if (w->rc != PL_OK)
            return;
    }
}

static void process_block1(struct worker *w, uint64_t b)
{
    const struct pl__plan *pl = w->pl;
    bool has_rl = false, int_alive = false, z0, nk0;
    double obj_max[PL_CONCEPT_COUNT];
    double *bmax = w->corner;
    uint64_t zc;
    static const int concepts[3] = {PL_NASH, PL_EGALITARIAN, PL_MAX_WELFARE};

    gen_block(w);
    w->touched += pl->T;
    w->examined++;
    if (pl->n_clauses && block_alive(w)) {
        has_rl = apply_clauses(w);
        int_alive = interaction_alive(w);
    }
    if (pl->any_clamp)
        apply_clamp(w);
    pad_block(w);
    kernel1(w, has_rl, bmax, obj_max, &zc);
    if (pl->T4 != pl->T) {
        pos_point(w, 0, has_rl, &z0, &nk0);
        if (z0)
            zc -= pl->T4 - pl->T;
    }
    w->zone_count += zc;
    for (int k = 0; k < 3; k++) {
        const int c = concepts[k];
        if (obj_max[c] == -INFINITY)
            continue;
        if (obj_max[c] > w->best_v[c] || obj_max[c] == w->best_v[c])
            rescan_best(w, b, has_rl, c, obj_max[c]);
    }
    /* Pareto: skip blocks proven dominated by another block, then tail
     * positions proven dominated within the block (both only where no
     * interaction is live), then blocks whose corner is dominated. */
    if (pl->pruned && (pl->pruned[b / 64] >> (b % 64) & 1))
        return;
    if (pl__sky_dominated(&w->sky, bmax))
        return;
    offer_block(w, b, has_rl, int_alive);
}

/* ---- pass 2: Kalai-Smorodinsky by branch and bound ---- */

/* Upper bound of the KS objective over the current block. */
static double ks_bound(struct worker *w, bool any_alive)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t n = pl->n;
    const double *base = w->sum + (size_t)pl->n_prefix * n;

    for (uint32_t p = 0; p < n; p++) {
        double x = base[p];
        for (uint32_t j = 0; j < pl->n_tail; j++)
            x += pl->tail_max[(size_t)j * n + p];
        w->x[p] = x;
    }
    if (any_alive) {
        for (uint32_t q = 0; q < pl->W; q++) {
            uint64_t h = w->alive[q];
            while (h) {
                const uint32_t c = q * 64 + (uint32_t)__builtin_ctzll(h);
                h &= h - 1;
                if (!pl->cl_red[c] && pl->cl_value[c] > 0)
                    w->x[pl->cl_party[c]] += pl->cl_value[c];
            }
        }
    }
    return pl__ks_value(w->x, pl->r, w->ks_best, n);
}

PL_KERNEL
static double kernel_ks(struct worker *w, bool has_rl)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t n = pl->n, nv = pl->T4 / 4;
    const v4d ninf = VSPLAT(-INFINITY);
    v4d bk = ninf;

    for (uint32_t v = 0; v < nv; v++) {
        v4l z;
        v4d q = VSPLAT(INFINITY);
        if (has_rl) {
            v4l rl;
            rl = VLOADLU(w->rl + 4 * v);
            z = rl == 0;
        } else {
            z = (v4l){-1, -1, -1, -1};
        }
        for (uint32_t p = 0; p < n; p++) {
            v4d x, ratio;
            const v4d r = VSPLAT(pl->r[p]);
            x = VLOADA(w->u + (size_t)p * pl->stride + 4 * v);
            z &= x >= r;
            if (w->ks_best[p] == pl->r[p])
                ratio = VSPLAT(1.0);
            else
                ratio = (x - r) / VSPLAT(w->ks_den[p]);
            q = VMIN(ratio, q);
        }
        bk = VMAX(VSEL(z, q, ninf), bk);
    }
    return HMAX4(bk);
}

static void process_block_ks(struct worker *w, uint64_t b)
{
    const struct pl__plan *pl = w->pl;
    const int c = PL_KALAI_SMORODINSKY;
    bool any_alive = false, has_rl = false;
    uint64_t lo = UINT64_MAX;
    double bm, bnd;

    if (pl->n_clauses)
        any_alive = block_alive(w);
    bnd = ks_bound(w, any_alive);
    /* a tie with the value found can only matter at a lower index */
    if (bnd < w->best_v[c] ||
        (bnd == w->best_v[c] && w->best_idx[c] != UINT64_MAX &&
         b * pl->T > w->best_idx[c]))
        return;
    gen_block(w);
    w->touched += pl->T;
    w->examined++;
    if (any_alive)
        has_rl = apply_clauses(w);
    if (pl->any_clamp)
        apply_clamp(w);
    pad_block(w);
    bm = kernel_ks(w, has_rl);
    if (bm == -INFINITY || bm < w->best_v[c])
        return;
    for (uint32_t pos = 0; pos < pl->T; pos++) {
        bool z, nk;
        if (!pos_point(w, pos, has_rl, &z, &nk))
            continue;
        if (pl__ks_value(w->x, pl->r, w->ks_best, pl->n) == bm) {
            const uint64_t idx = block_index(w, b, pos);
            lo = idx < lo ? idx : lo;
        }
    }
    if (lo != UINT64_MAX)
        offer_best(&w->best_v[c], &w->best_idx[c], bm, lo);
}

/* ---- the certified fast path: blocks ---- */

/* Exact utilities of tail index t under prefix sums P: the reference
 * order (P is the reference's own partial sum). */
static inline void exact_point(const struct pl__plan *pl, const double *P,
                               uint32_t t, double *x)
{
    const uint32_t *sl = pl->tslot + (size_t)t * pl->n_tail;

    for (uint32_t p = 0; p < pl->n; p++) {
        double v = P[p];
        for (uint32_t j = 0; j < pl->n_tail; j++)
            v += pl->row[p][sl[j]];
        x[p] = v;
    }
}

static uint32_t exact_in_zone(struct worker *w, const double *P, uint32_t t)
{
    const struct pl__plan *pl = w->pl;

    w->touched++;
    w->band++;
    exact_point(pl, P, t, w->x);
    for (uint32_t p = 0; p < pl->n; p++)
        if (!(w->x[p] >= pl->r[p]))
            return 0;
    return 1;
}

/* Upper corner of the block: each party's prefix sum plus each tail
 * issue's largest entry, in issue order (IEEE addition is monotone, so no
 * outcome of the block exceeds it), or the fast block maximum plus delta
 * if smaller. */
static inline void fast_corner(const struct pl__plan *pl, const double *P,
                               double *c)
{
    for (uint32_t p = 0; p < pl->n; p++) {
        /* also P + max_t S(t) + delta, tighter when the tail issues'
         * maxima do not meet in one tail outcome */
        const double f = (P[p] + pl->ts_max[p]) + pl->delta;
        double v = P[p];
        for (uint32_t j = 0; j < pl->n_tail; j++)
            v += pl->tail_max[(size_t)j * pl->n + p];
        c[p] = f < v ? f : v;
    }
}

/* pl__count_ge through the bucket index: positions before bk[key(x)] have a
 * smaller key, hence sv > x; positions from bk[key(x) + 1] a larger key,
 * hence sv < x; only the bucket itself is scanned. */
static inline uint32_t bk_count_ge(const struct pl__plan *pl, int q, double x)
{
    const uint32_t k = bk_key(pl, q, x);
    const double *v = pl->sv[q];
    uint32_t i = pl->bk[q][k];
    const uint32_t end = pl->bk[q][k + 1];

    return i + pl__count_ge(v + i, end - i, x);
}

/* Zone count of the block, 2 parties: tail outcomes with S_0 >= thr_0
 * and S_1 >= thr_1 from the rank grid.  Ranks below i_in (j_in) are
 * surely in for party 0 (1), ranks from i_out (j_out) surely out; the
 * outcomes in between are summed exactly. */
static uint64_t zone_grid(struct worker *w, const double *P)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t T = pl->T, G = T + 1;
    const double d = pl->delta;
    const double t0 = pl->r[0] - P[0], t1 = pl->r[1] - P[1];
    const double *v0 = pl->sv[0], *v1 = pl->sv[1];
    uint32_t i_out = bk_count_ge(pl, 0, t0 - d),
             j_out = bk_count_ge(pl, 1, t1 - d);
    uint32_t i_in = i_out, j_in = j_out;
    uint64_t cnt;

    while (i_in > 0 && !(v0[i_in - 1] >= t0 + d))
        i_in--;
    while (j_in > 0 && !(v1[j_in - 1] >= t1 + d))
        j_in--;
    cnt = pl->grid[(size_t)i_in * G + j_in];
    if (pl->grid[(size_t)i_out * G + j_out] == cnt)
        return cnt;
    for (uint32_t k = i_in; k < i_out; k++) {
        const uint32_t t = pl->sord[0][k];
        if (pl->srank[1][t] < j_out)
            cnt += exact_in_zone(w, P, t);
    }
    for (uint32_t k = j_in; k < j_out; k++) {
        const uint32_t t = pl->sord[1][k];
        if (pl->srank[0][t] < i_in)
            cnt += exact_in_zone(w, P, t);
    }
    return cnt;
}

/* Zone count of the block, any party count: one vector pass over the
 * tail sums counting the surely-in lanes and flagging band lanes, then
 * an exact pass over the band if there is one. */
PL_KERNEL
static uint64_t zone_scan(struct worker *w, const double *P)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t n = pl->n, nv = pl->T4 / 4;
    double hi[8], lo[8];
    v4l cin = {0, 0, 0, 0}, camb = {0, 0, 0, 0};
    uint64_t cnt, amb;

    bool all_in = true;

    for (uint32_t p = 0; p < n; p++) {
        const double t = pl->r[p] - P[p];
        hi[p] = t + pl->delta;
        lo[p] = t - pl->delta;
        /* whole block surely out, or surely in */
        if (pl->ts_max[p] < lo[p])
            return 0;
        all_in = all_in && pl->ts_min[p] >= hi[p];
    }
    if (all_in)
        return pl->T;
    for (uint32_t v = 0; v < nv; v++) {
        v4l in = {-1, -1, -1, -1}, out = {0, 0, 0, 0};
        for (uint32_t p = 0; p < n; p++) {
            const v4d x = VLOADU(pl->ts + (size_t)p * pl->T4 + 4 * v);
            in &= x >= VSPLAT(hi[p]);
            out |= x < VSPLAT(lo[p]);
        }
        cin -= in;
        camb -= ~in & ~out;
    }
    cnt = (uint64_t)(cin[0] + cin[1] + cin[2] + cin[3]);
    amb = (uint64_t)(camb[0] + camb[1] + camb[2] + camb[3]);
    if (amb == 0)
        return cnt;
    for (uint32_t t = 0; t < pl->T; t++) {
        bool in = true, out = false;
        for (uint32_t p = 0; p < n; p++) {
            const double x = pl->ts[(size_t)p * pl->T4 + t];
            in = in && x >= hi[p];
            out = out || x < lo[p];
        }
        if (!in && !out)
            cnt += exact_in_zone(w, P, t);
    }
    return cnt;
}

/* Zone count of the block, 3-8 parties: tail outcomes with S_p >= thr_p
 * for every p.  Per party, ranks below in_p are surely in, ranks from
 * out_p surely out (as zone_grid); the AND of the rank bitsets of in_p
 * counts the surely-in outcomes, and the outcomes in the AND of the
 * out_p bitsets but not in that one are the band, summed exactly. */
PL_KERNEL
static uint64_t zone_bits(struct worker *w, const double *P)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t n = pl->n, T = pl->T, nw = pl->n_words;
    const double d = pl->delta;
    const uint64_t *rin[8], *rout[8];
    uint32_t m = 0;
    uint64_t cnt = 0, amb = 0;

    for (uint32_t p = 0; p < n; p++) {
        const double t = pl->r[p] - P[p];
        const double *v = pl->sv[p];
        uint32_t o, i;
        if (pl->ts_max[p] < t - d)
            return 0;
        if (pl->ts_min[p] >= t + d)
            continue; /* surely in for this party: its rows are all ones */
        o = bk_count_ge(pl, (int)p, t - d);
        if (o == 0)
            return 0;
        i = o;
        while (i > 0 && !(v[i - 1] >= t + d))
            i--;
        rin[m] = pl->rows[p] + (size_t)i * nw;
        rout[m] = pl->rows[p] + (size_t)o * nw;
        m++;
    }
    if (m == 0)
        return T;
    for (uint32_t k = 0; k < nw; k++) {
        uint64_t a = rin[0][k], b = rout[0][k];
        for (uint32_t q = 1; q < m; q++) {
            a &= rin[q][k];
            b &= rout[q][k];
        }
        cnt += (uint64_t)__builtin_popcountll(a);
        amb |= b & ~a;
    }
    if (amb == 0)
        return cnt;
    for (uint32_t k = 0; k < nw; k++) {
        uint64_t a = rin[0][k], b = rout[0][k];
        for (uint32_t q = 1; q < m; q++) {
            a &= rin[q][k];
            b &= rout[q][k];
        }
        for (b &= ~a; b; b &= b - 1)
            cnt += exact_in_zone(w, P, k * 64 + (uint32_t)__builtin_ctzll(b));
    }
    return cnt;
}

typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));
typedef float pl__v8f_u __attribute__((vector_size(32), aligned(4), may_alias));

/* The smallest float >= x, the largest float <= x. */
static float float_up(double x)
{
    float f = (float)x;
    return (double)f < x ? nextafterf(f, INFINITY) : f;
}

static float float_down(double x)
{
    float f = (float)x;
    return (double)f > x ? nextafterf(f, -INFINITY) : f;
}

/* zone_scan with 8 float lanes: surely in when float(S) >= hi + eps_f
 * (rounded up), surely out when float(S) < lo - eps_f (rounded down);
 * the band is eps_f wider on each side and summed exactly as before. */
PL_KERNEL
static uint64_t zone_scan_f(struct worker *w, const double *P)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t n = pl->n, nv = pl->T8 / 8;
    float hi[8], lo[8];
    v8i cin = {0, 0, 0, 0, 0, 0, 0, 0}, camb = cin;
    uint64_t cnt = 0;
    bool all_in = true, amb = false;

    for (uint32_t p = 0; p < n; p++) {
        const double t = pl->r[p] - P[p];
        if (pl->ts_max[p] < t - pl->delta)
            return 0;
        all_in = all_in && pl->ts_min[p] >= t + pl->delta;
        hi[p] = float_up(t + pl->delta + pl->eps_f);
        lo[p] = float_down(t - pl->delta - pl->eps_f);
    }
    if (all_in)
        return pl->T;
    for (uint32_t v = 0; v < nv; v++) {
        v8i in = {-1, -1, -1, -1, -1, -1, -1, -1}, out = {0, 0, 0, 0, 0, 0, 0, 0};
        for (uint32_t p = 0; p < n; p++) {
            const v8f x =
                *(const pl__v8f_u *)(const void *)(pl->tsf +
                                                   (size_t)p * pl->T8 + 8 * v);
            const v8f h = {hi[p], hi[p], hi[p], hi[p],
                           hi[p], hi[p], hi[p], hi[p]};
            const v8f l = {lo[p], lo[p], lo[p], lo[p],
                           lo[p], lo[p], lo[p], lo[p]};
            in &= x >= h;
            out |= x < l;
        }
        cin -= in;
        camb |= ~in & ~out;
    }
    for (int k = 0; k < 8; k++) {
        cnt += (uint64_t)cin[k];
        amb = amb || camb[k];
    }
    if (!amb)
        return cnt;
    for (uint32_t t = 0; t < pl->T; t++) {
        bool in = true, out = false;
        for (uint32_t p = 0; p < n; p++) {
            const float x = pl->tsf[(size_t)p * pl->T8 + t];
            in = in && x >= hi[p];
            out = out || x < lo[p];
        }
        if (!in && !out)
            cnt += exact_in_zone(w, P, t);
    }
    return cnt;
}

/* Fast pass 1 over one block: zone count, and the frontier candidates
 * unless the block's corner is dominated (then so is every outcome of
 * it, strictly: a candidate y >= corner >= x with y != corner). */
static void fast_block1(struct worker *w, uint64_t b)
{
    const struct pl__plan *pl = w->pl;
    const double *P = w->sum + (size_t)pl->n_prefix * pl->n;

    w->zone_count += pl->grid      ? zone_grid(w, P)
                     : pl->rows[0] ? zone_bits(w, P)
                     : pl->tsf     ? zone_scan_f(w, P)
                                   : zone_scan(w, P);
    if (pl->pruned && (pl->pruned[b / 64] >> (b % 64) & 1))
        return;
    fast_corner(pl, P, w->corner);
    if (pl__sky_dominated(&w->sky, w->corner))
        return;
    w->examined++;
    for (uint32_t k = 0; k < pl->n_cand; k++) {
        const uint32_t t = pl->cand[k];
        bool z = true;
        exact_point(pl, P, t, w->x);
        for (uint32_t p = 0; p < pl->n; p++)
            z = z && w->x[p] >= pl->r[p];
        w->rc = pl__sky_add(&w->sky, w->x, b * pl->T + t, z);
        if (w->rc != PL_OK)
            return;
    }
    w->touched += pl->n_cand;
}

/* Whether some lane of the generated block reaches concept c's value v
 * (admissible, objective == v; same arithmetic as obj_value). */
PL_KERNEL
static bool kernel_hit(struct worker *w, int c, double v)
{
    const struct pl__plan *pl = w->pl;
    const uint32_t n = pl->n, nv = pl->T4 / 4;
    v4l hit = {0, 0, 0, 0};

    for (uint32_t q = 0; q < nv; q++) {
        v4l ok = {-1, -1, -1, -1};
        v4d o = c == PL_NASH                                    ? VSPLAT(1.0)
                : c == PL_EGALITARIAN || c == PL_KALAI_SMORODINSKY ? VSPLAT(INFINITY)
                                                                   : VSPLAT(0.0);
        for (uint32_t p = 0; p < n; p++) {
            const v4d x = VLOADA(w->u + (size_t)p * pl->stride + 4 * q);
            const v4d r = VSPLAT(pl->r[p]);
            const v4d d = x - r;
            if (c == PL_NASH) {
                ok &= x > r;
                o *= d;
            } else if (c == PL_EGALITARIAN) {
                ok &= x >= r;
                o = VMIN(d, o);
            } else if (c == PL_KALAI_SMORODINSKY) {
                const v4d rt = w->ks_best[p] == pl->r[p]
                                   ? VSPLAT(1.0)
                                   : d / VSPLAT(w->ks_den[p]);
                ok &= x >= r;
                o = VMIN(rt, o);
            } else {
                ok &= x >= r;
                o += x;
            }
        }
        hit |= ok & (o == VSPLAT(v));
    }
    return (hit[0] | hit[1] | hit[2] | hit[3]) != 0;
}

static const int fast_concepts[4] = {PL_NASH, PL_EGALITARIAN, PL_MAX_WELFARE,
                                     PL_KALAI_SMORODINSKY};

/* Fast pass 2: the lowest index reaching each concept's maximum (known
 * exactly from the frontier).  A block is generated only when its corner
 * bound reaches the target and it could still lower the index found. */
static void fast_block_best(struct worker *w, uint64_t b)
{
    const struct pl__plan *pl = w->pl;
    const double *P = w->sum + (size_t)pl->n_prefix * pl->n;
    bool need[4], any = false;
    double *c = w->corner;

    fast_corner(pl, P, c);
    for (int k = 0; k < 4; k++) {
        const int cc = fast_concepts[k];
        bool ok = true;
        need[k] = false;
        if (w->target[cc] == -INFINITY ||
            (w->best_idx[cc] != UINT64_MAX && b * pl->T > w->best_idx[cc]))
            continue;
        for (uint32_t p = 0; p < pl->n; p++)
            ok = ok && (cc == PL_NASH ? c[p] > pl->r[p] : c[p] >= pl->r[p]);
        if (ok && obj_value(pl, c, cc, w->ks_best) >= w->target[cc]) {
            need[k] = true;
            any = true;
        }
    }
    if (!any)
        return;
    /* The block's maximum of each concept is reached on a tail position
     * not dominated within it (cand; monotone objectives), so the block
     * holds the global maximum only if a candidate reaches it.  (Small
     * blocks always take this test: it costs about what generating them
     * does, and the tests' small blocks exercise it.) */
    if (pl->n_cand < pl->T / 4 || pl->T <= 64) {
        bool hit[4] = {false, false, false, false};
        any = false;
        w->touched += pl->n_cand;
        for (uint32_t k = 0; k < pl->n_cand; k++) {
            bool z = true, nk = true;
            exact_point(pl, P, pl->cand[k], w->x);
            for (uint32_t p = 0; p < pl->n; p++) {
                z = z && w->x[p] >= pl->r[p];
                nk = nk && w->x[p] > pl->r[p];
            }
            for (int q = 0; q < 4; q++) {
                const int cc = fast_concepts[q];
                if (need[q] && !hit[q] && (cc == PL_NASH ? nk : z) &&
                    obj_value(pl, w->x, cc, w->ks_best) == w->target[cc])
                    hit[q] = true;
            }
        }
        for (int q = 0; q < 4; q++) {
            need[q] = hit[q];
            any = any || hit[q];
        }
        if (!any)
            return;
    }
    w->examined++;
    w->touched += pl->T;
    gen_block(w);
    pad_block(w);
    for (int k = 0; k < 4; k++)
        if (need[k] && kernel_hit(w, fast_concepts[k],
                                  w->target[fast_concepts[k]]))
            rescan_best(w, b, false, fast_concepts[k],
                        w->target[fast_concepts[k]]);
}

/* ---- threads ---- */

enum job_mode { JOB_PASS1, JOB_KS, JOB_FAST1, JOB_FAST_BEST };

struct job {
    const struct pl__plan *pl;
    struct worker *workers;
    unsigned n_workers;
    int mode; /* enum job_mode */
    uint64_t chunk_blocks, n_chunks;
    atomic_uint_fast64_t next;
    atomic_int failed;
};

struct thread_arg {
    struct job *job;
    struct worker *w;
};

static void *run_worker(void *arg)
{
    struct thread_arg *ta = arg;
    struct job *job = ta->job;
    struct worker *w = ta->w;
    const struct pl__plan *pl = job->pl;

    for (;;) {
        const uint64_t ch = atomic_fetch_add(&job->next, 1);
        uint64_t b, end;
        if (ch >= job->n_chunks || atomic_load(&job->failed))
            break;
        b = ch * job->chunk_blocks;
        end = b + job->chunk_blocks;
        if (end > pl->n_blocks)
            end = pl->n_blocks;
        odo_seek(w, b);
        for (; b < end; b++) {
            switch (job->mode) {
            case JOB_KS:
                process_block_ks(w, b);
                break;
            case JOB_FAST1:
                fast_block1(w, b);
                break;
            case JOB_FAST_BEST:
                fast_block_best(w, b);
                break;
            default:
                process_block1(w, b);
                break;
            }
            if (w->rc != PL_OK) {
                atomic_store(&job->failed, 1);
                return NULL;
            }
            if (b + 1 < end)
                odo_next(w);
        }
    }
    return NULL;
}

static unsigned pick_chunks(struct job *job, unsigned threads)
{
    const struct pl__plan *pl = job->pl;
    uint64_t cb = pl->chunk_blocks;

    if (!cb) {
        /* about 64 chunks per thread, each at least ~16K outcomes */
        cb = pl->n_blocks / ((uint64_t)threads * 64);
        if (cb * pl->T < 16384)
            cb = (16384 + pl->T - 1) / pl->T;
        if (cb < 1)
            cb = 1;
    }
    job->chunk_blocks = cb;
    job->n_chunks = (pl->n_blocks + cb - 1) / cb;
    if (threads > job->n_chunks)
        threads = (unsigned)job->n_chunks;
    return threads ? threads : 1;
}

/* Run the job on `threads` workers (the caller's thread is one of them).
 * If a thread cannot be created, the remaining work is shared by those
 * that were. */
static pl_status run_job(struct job *job)
{
    struct thread_arg *ta;
    pthread_t *tid;
    unsigned started = 0;

    ta = pl__calloc(job->n_workers, sizeof *ta);
    tid = pl__calloc(job->n_workers, sizeof *tid);
    if (!ta || !tid) {
        pl__free(ta);
        pl__free(tid);
        return PL_ENOMEM;
    }
    for (unsigned t = 0; t < job->n_workers; t++) {
        ta[t].job = job;
        ta[t].w = &job->workers[t];
    }
    for (unsigned t = 1; t < job->n_workers; t++) {
        if (pthread_create(&tid[t], NULL, run_worker, &ta[t]) != 0)
            break;
        started = t;
    }
    run_worker(&ta[0]);
    for (unsigned t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    pl__free(ta);
    pl__free(tid);
    for (unsigned t = 0; t < job->n_workers; t++)
        if (job->workers[t].rc != PL_OK)
            return job->workers[t].rc;
    return PL_OK;
}

static pl_status workers_new(struct job *job, unsigned threads, uint64_t keep)
{
    pl_status rc = PL_OK;

    job->workers = pl__calloc(threads, sizeof *job->workers);
    if (!job->workers)
        return PL_ENOMEM;
    job->n_workers = threads;
    for (unsigned t = 0; t < threads; t++) {
        const pl_status r = worker_init(&job->workers[t], job->pl, keep);
        if (r != PL_OK)
            rc = r;
    }
    return rc;
}

static void workers_free(struct job *job)
{
    for (unsigned t = 0; job->workers && t < job->n_workers; t++)
        worker_free(&job->workers[t]);
    pl__free(job->workers);
    job->workers = NULL;
}

void pl__pass1_free(struct pl__pass1 *p1)
{
    pl__free(p1->umin);
    pl__free(p1->umax);
    pl__free(p1->zmax);
    p1->umin = p1->umax = p1->zmax = NULL;
    pl__sky_free(&p1->frontier);
}

/* Fast path, after the frontier is merged: everything else follows from
 * it exactly.  IEEE addition, subtraction of r_p, products of positive
 * factors, min and the KS ratio are all monotone, and every outcome's
 * vector is weakly dominated by a frontier vector (admissible if the
 * outcome is), so
 * - umin_p / umax_p are the reference sums of each issue's smallest /
 *   largest entry (that outcome exists), reach is umax_p >= r_p;
 * - zone_best_p and each concept's maximum are reached on frontier
 *   vectors; only the lowest index reaching the maximum needs a search
 *   (fast_block_best), since a dominated outcome can tie it. */
static pl_status fast_finish(const struct pl__plan *pl, struct job *job,
                             unsigned threads, struct pl__pass1 *p1)
{
    const pl_scenario *s = pl->s;
    const uint32_t n = pl->n;
    const struct pl__sky *f = &p1->frontier;
    double target[PL_CONCEPT_COUNT];
    bool any = false;

    p1->reach = 0;
    for (uint32_t p = 0; p < n; p++) {
        double lo = 0, hi = 0;
        for (uint32_t i = 0; i < s->n_issues; i++) {
            const double *u = pl->row[p] + s->opt_offset[i];
            double mn = u[0], mx = u[0];
            for (uint32_t k = 1; k < s->issues[i].n_options; k++) {
                mn = u[k] < mn ? u[k] : mn;
                mx = u[k] > mx ? u[k] : mx;
            }
            lo += mn;
            hi += mx;
        }
        p1->umin[p] = lo;
        p1->umax[p] = hi;
        p1->zmax[p] = -INFINITY;
        if (hi >= pl->r[p])
            p1->reach |= (uint64_t)1 << p;
    }
    for (int c = 0; c < PL_CONCEPT_COUNT; c++)
        target[c] = -INFINITY;
    for (size_t sl = 0; sl < pl__sky_n_slots(f); sl++) {
        double x[PL_MAX_PARTIES];
        bool z = true, nk = true;
        if (!pl__sky_used(f, sl))
            continue;
        pl__sky_vec(f, sl, x);
        for (uint32_t p = 0; p < n; p++) {
            z = z && x[p] >= pl->r[p];
            nk = nk && x[p] > pl->r[p];
        }
        for (int k = 0; k < 3; k++) {
            const int c = fast_concepts[k];
            double v;
            if (c == PL_NASH ? !nk : !z)
                continue;
            v = obj_value(pl, x, c, NULL);
            target[c] = v > target[c] ? v : target[c];
            any = true;
        }
        for (uint32_t p = 0; z && p < n; p++)
            p1->zmax[p] = x[p] > p1->zmax[p] ? x[p] : p1->zmax[p];
    }
    /* KS needs best_p = zone_best: a second look at the frontier */
    pl->ks->done = false;
    memcpy(pl->ks->best, p1->zmax, n * sizeof *p1->zmax);
    for (size_t sl = 0; any && sl < pl__sky_n_slots(f); sl++) {
        double x[PL_MAX_PARTIES], v;
        bool z = true;
        if (!pl__sky_used(f, sl))
            continue;
        pl__sky_vec(f, sl, x);
        for (uint32_t p = 0; p < n; p++)
            z = z && x[p] >= pl->r[p];
        if (!z)
            continue;
        v = pl__ks_value(x, pl->r, pl->ks->best, n);
        target[PL_KALAI_SMORODINSKY] =
            v > target[PL_KALAI_SMORODINSKY] ? v : target[PL_KALAI_SMORODINSKY];
    }
    if (!any)
        return PL_OK;
    job->mode = JOB_FAST_BEST;
    atomic_store(&job->next, 0);
    for (unsigned t = 0; t < threads; t++) {
        struct worker *w = &job->workers[t];
        memcpy(w->target, target, sizeof target);
        w->ks_best = pl->ks->best;
        for (uint32_t p = 0; p < n; p++)
            w->ks_den[p] = pl->ks->best[p] - pl->r[p];
        for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
            w->best_v[c] = -INFINITY;
            w->best_idx[c] = UINT64_MAX;
        }
    }
    {
        const pl_status rc = run_job(job);
        if (rc != PL_OK)
            return rc;
    }
    for (unsigned t = 0; t < threads; t++) {
        const struct worker *w = &job->workers[t];
        for (int c = 0; c < PL_CONCEPT_COUNT; c++)
            if (w->best_idx[c] != UINT64_MAX)
                offer_best(&p1->best_v[c], &p1->best_idx[c], w->best_v[c],
                           w->best_idx[c]);
    }
    if (target[PL_KALAI_SMORODINSKY] != -INFINITY) {
        pl->ks->done = true;
        pl->ks->v = p1->best_v[PL_KALAI_SMORODINSKY];
        pl->ks->idx = p1->best_idx[PL_KALAI_SMORODINSKY];
    }
    p1->best_v[PL_KALAI_SMORODINSKY] = -INFINITY;
    p1->best_idx[PL_KALAI_SMORODINSKY] = UINT64_MAX;
    return PL_OK;
}

static void stats_add(const struct job *job, unsigned threads)
{
    for (unsigned t = 0; job->workers && t < threads; t++) {
        pl__enum_last.touched += job->workers[t].touched;
        pl__enum_last.blocks_examined += job->workers[t].examined;
        pl__enum_last.band += job->workers[t].band;
    }
}

pl_status pl__enumerate_pass1(const struct pl__plan *pl, unsigned threads,
                              uint64_t keep, struct pl__pass1 *p1)
{
    const uint32_t n = pl->n;
    struct job job;
    struct pl__sky *parts = NULL;
    pl_status rc;

    memset(&job, 0, sizeof job);
    job.pl = pl;
    job.mode = pl->fast ? JOB_FAST1 : JOB_PASS1;
    atomic_init(&job.next, 0);
    atomic_init(&job.failed, 0);
    threads = pick_chunks(&job, threads);
    memset(&pl__enum_last, 0, sizeof pl__enum_last);
    pl__enum_last.outcomes = pl->n_blocks * pl->T;
    pl__enum_last.blocks = pl->n_blocks;
    pl__enum_last.fast = pl->fast;
    pl__enum_last.grid = pl->grid != NULL;
    pl__enum_last.bits = pl->rows[0] != NULL;
    pl__sky_init(&p1->frontier, n, keep, pl->sky_cluster);
    p1->umin = pl__calloc(n, sizeof *p1->umin);
    p1->umax = pl__calloc(n, sizeof *p1->umax);
    p1->zmax = pl__calloc(n, sizeof *p1->zmax);
    if (!p1->umin || !p1->umax || !p1->zmax)
        return PL_ENOMEM;
    rc = workers_new(&job, threads, keep);
    if (rc == PL_OK)
        rc = run_job(&job);
    if (rc != PL_OK)
        goto out;
    p1->threads_used = threads;
    for (uint32_t p = 0; p < n; p++) {
        p1->umin[p] = INFINITY;
        p1->umax[p] = -INFINITY;
        p1->zmax[p] = -INFINITY;
    }
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        p1->best_v[c] = -INFINITY;
        p1->best_idx[c] = UINT64_MAX;
    }
    parts = pl__calloc(threads, sizeof *parts);
    if (!parts) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (unsigned t = 0; t < threads; t++) {
        const struct worker *w = &job.workers[t];
        for (uint32_t p = 0; p < n; p++) {
            if (w->umin[p] < p1->umin[p])
                p1->umin[p] = w->umin[p];
            if (w->umax[p] > p1->umax[p])
                p1->umax[p] = w->umax[p];
            if (w->zmax[p] > p1->zmax[p])
                p1->zmax[p] = w->zmax[p];
        }
        p1->reach |= w->reach;
        p1->zone_count += w->zone_count;
        for (int c = 0; c < PL_CONCEPT_COUNT; c++)
            if (w->best_idx[c] != UINT64_MAX)
                offer_best(&p1->best_v[c], &p1->best_idx[c], w->best_v[c],
                           w->best_idx[c]);
        parts[t] = w->sky; /* moved */
        pl__sky_init(&job.workers[t].sky, n, keep, pl->sky_cluster);
    }
    rc = pl__sky_merge(parts, threads, &p1->frontier);
    if (rc == PL_OK && pl->fast)
        rc = fast_finish(pl, &job, threads, p1);
    stats_add(&job, threads);
out:
    pl__free(parts);
    workers_free(&job);
    return rc;
}

pl_status pl__enumerate_ks(const struct pl__plan *pl, unsigned threads,
                           const double *best, double *v, uint64_t *idx)
{
    const int c = PL_KALAI_SMORODINSKY;
    struct job job;
    pl_status rc;

    /* The fast pass 1 already found the exact maximum (from the frontier)
     * and its lowest index, for the same best_p; a seed can only be a
     * value some zone outcome reaches, so it cannot exceed it. */
    if (pl->ks && pl->ks->done && pl->ks->idx != UINT64_MAX &&
        memcmp(best, pl->ks->best, pl->n * sizeof *best) == 0 &&
        *v <= pl->ks->v) {
        offer_best(v, idx, pl->ks->v, pl->ks->idx);
        return PL_OK;
    }
    memset(&job, 0, sizeof job);
    job.pl = pl;
    job.mode = JOB_KS;
    atomic_init(&job.next, 0);
    atomic_init(&job.failed, 0);
    threads = pick_chunks(&job, threads);
    rc = workers_new(&job, threads, 0);
    if (rc == PL_OK) {
        for (unsigned t = 0; t < threads; t++) {
            struct worker *w = &job.workers[t];
            w->ks_best = best;
            for (uint32_t p = 0; p < pl->n; p++)
                w->ks_den[p] = best[p] - pl->r[p];
            w->best_v[c] = *v;
            w->best_idx[c] = *idx;
        }
        rc = run_job(&job);
    }
    if (rc == PL_OK)
        for (unsigned t = 0; t < threads; t++)
            offer_best(v, idx, job.workers[t].best_v[c],
                       job.workers[t].best_idx[c]);
    stats_add(&job, threads);
    workers_free(&job);
    return rc;
}
