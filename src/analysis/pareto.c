/* Skyline (Pareto frontier) of distinct utility vectors with multiplicities.
 *
 * Data structure: struct pl__sky, the candidate vectors (mutually
 * non-dominated) stored by column so that one 4-wide vector compare tests
 * four candidates on one coordinate; each candidate counts the outcomes
 * that have exactly its vector, how many of them are in the zone, and
 * keeps their indices.
 *
 * Streaming (pl__sky_add, one skyline per enumeration thread): an offered
 * point x is compared first with the candidate that last dominated a
 * point, then the candidates are scanned for one with c >= x in every
 * coordinate: equal -> counted, otherwise x is dominated and dropped.
 * If none, a second scan removes the candidates x dominates and x is
 * inserted.  A candidate that dominates something moves halfway to the
 * front (transposition heuristic), so the few strong points that
 * dominate most of the space are tried first.  Cost O(F * n / 4) vector
 * operations per scan for F candidates and n parties; the enumerator
 * offers only points that survive its exact dominance pruning of blocks
 * and tail positions (enumerate.c), a small fraction of a large space.
 *
 * Merging (pl__sky_merge): the largest per-thread skyline is taken as it
 * is, and every candidate of the others is offered to it with its counts.
 * O(M * F * n / 4) for M candidates.
 *
 * Exactness: dominance uses the computed doubles as they are (no
 * tolerance), so ties are exact ties.  Pruning is only ever by a real
 * outcome that strictly dominates, so every frontier outcome survives in
 * its thread with its full count, and the merge sums counts.
 *
 * Memory: O(F * n) doubles plus the kept indices: at most 2*keep per
 * vector when opts.top = keep > 0; all frontier outcomes when keep = 0
 * (the caller asked for every point). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_int.h"
#include "core/alloc.h"

void pl__sky_init(struct pl__sky *k, uint32_t n, uint64_t keep)
{
    memset(k, 0, sizeof *k);
    k->n = n;
    k->keep = keep;
}

static void item_release(struct pl__sky_item *it)
{
    pl__free(it->idx);
    memset(it, 0, sizeof *it);
}

void pl__sky_free(struct pl__sky *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->len; i++)
        item_release(&k->item[i]);
    pl__free(k->col);
    pl__free(k->item);
    pl__free(k->rm);
    k->col = NULL;
    k->item = NULL;
    k->rm = NULL;
    k->len = k->cap = 0;
}

void pl__sky_vec(const struct pl__sky *k, size_t i, double *out)
{
    for (uint32_t p = 0; p < k->n; p++)
        out[p] = k->col[(size_t)p * k->cap + i];
}

static int cmp_u64(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

void pl__sky_item_trim(struct pl__sky_item *it, uint64_t keep)
{
    qsort(it->idx, it->n_idx, sizeof *it->idx, cmp_u64);
    if (keep && it->n_idx > keep)
        it->n_idx = (size_t)keep;
}

static pl_status item_push(struct pl__sky_item *it, uint64_t packed,
                           uint64_t keep)
{
    if (it->n_idx == it->cap_idx) {
        const size_t cap = it->cap_idx ? it->cap_idx * 2 : 4;
        uint64_t *p;
        if (keep && it->n_idx >= 2 * keep) {
            pl__sky_item_trim(it, keep);
        } else {
            p = pl__reallocarray(it->idx, cap, sizeof *p);
            if (!p)
                return PL_ENOMEM;
            it->idx = p;
            it->cap_idx = cap;
        }
    }
    it->idx[it->n_idx++] = packed;
    return PL_OK;
}

static pl_status sky_reserve(struct pl__sky *k)
{
    const uint32_t n = k->n;
    size_t cap, *rm;
    double *c;
    struct pl__sky_item *it;

    if (k->len < k->cap)
        return PL_OK;
    cap = k->cap ? k->cap * 2 : 16;
    c = pl__calloc(cap, (size_t)n * sizeof *c);
    if (!c)
        return PL_ENOMEM;
    it = pl__reallocarray(k->item, cap, sizeof *it);
    if (!it) {
        pl__free(c);
        return PL_ENOMEM;
    }
    k->item = it;
    rm = pl__reallocarray(k->rm, cap, sizeof *rm);
    if (!rm) {
        pl__free(c);
        return PL_ENOMEM;
    }
    k->rm = rm;
    for (uint32_t p = 0; p < n; p++) {
        double *dst = c + (size_t)p * cap;
        if (k->len)
            memcpy(dst, k->col + (size_t)p * k->cap, k->len * sizeof *dst);
        for (size_t i = k->len; i < cap; i++)
            dst[i] = -INFINITY;
    }
    pl__free(k->col);
    k->col = c;
    k->cap = cap;
    return PL_OK;
}

static double at(const struct pl__sky *k, uint32_t p, size_t i)
{
    return k->col[(size_t)p * k->cap + i];
}

/* Candidate i strictly dominates x. */
static bool cand_dominates(const struct pl__sky *k, size_t i, const double *x)
{
    bool strict = false;

    for (uint32_t p = 0; p < k->n; p++) {
        const double c = at(k, p, i);
        if (c < x[p])
            return false;
        if (c > x[p])
            strict = true;
    }
    return strict;
}

static bool cand_equals(const struct pl__sky *k, size_t i, const double *x)
{
    for (uint32_t p = 0; p < k->n; p++)
        if (at(k, p, i) != x[p])
            return false;
    return true;
}

/* First candidate i >= from with c >= x in every coordinate; k->len if
 * none.  With `le` non-NULL (from = 0), also collects in le[0..*n_le) the
 * candidates with c <= x, ascending, when no c >= x exists: one pass for
 * both questions of an insertion. */
PL_KERNEL
static size_t scan(const struct pl__sky *k, const double *x, size_t from,
                   size_t *le, size_t *n_le)
{
    const uint32_t n = k->n;
    const size_t len = k->len;

    for (size_t i = from & ~(size_t)3; i < len; i += 4) {
        v4l mg = {-1, -1, -1, -1}, ml = {-1, -1, -1, -1};
        for (uint32_t p = 0; p < n; p++) {
            const v4d xv = VSPLAT(x[p]);
            const v4d c = VLOADU(k->col + (size_t)p * k->cap + i);
            mg &= c >= xv;
            ml &= c <= xv;
        }
        if (mg[0] | mg[1] | mg[2] | mg[3]) {
            for (size_t l = 0; l < 4; l++)
                if (mg[l] && i + l >= from && i + l < len)
                    return i + l;
        }
        if (le && (ml[0] | ml[1] | ml[2] | ml[3])) {
            for (size_t l = 0; l < 4; l++)
                if (ml[l] && i + l < len)
                    le[(*n_le)++] = i + l;
        }
    }
    return len;
}

static void swap_cand(struct pl__sky *k, size_t i, size_t j)
{
    struct pl__sky_item t = k->item[i];

    k->item[i] = k->item[j];
    k->item[j] = t;
    for (uint32_t p = 0; p < k->n; p++) {
        double *c = k->col + (size_t)p * k->cap;
        const double v = c[i];
        c[i] = c[j];
        c[j] = v;
    }
}

/* Move candidate i halfway to the front; returns its new position. */
static size_t promote(struct pl__sky *k, size_t i)
{
    const size_t j = i / 2;

    if (i != j)
        swap_cand(k, i, j);
    return j;
}

bool pl__sky_dominated(struct pl__sky *k, const double *x)
{
    if (k->hint < k->len && cand_dominates(k, k->hint, x))
        return true;
    for (size_t i = scan(k, x, 0, NULL, NULL); i < k->len;
         i = scan(k, x, i + 1, NULL, NULL)) {
        if (!cand_equals(k, i, x)) {
            k->hint = promote(k, i);
            return true;
        }
    }
    return false;
}

static void remove_at(struct pl__sky *k, size_t i)
{
    const size_t last = k->len - 1;

    item_release(&k->item[i]);
    if (i != last) {
        for (uint32_t p = 0; p < k->n; p++) {
            double *c = k->col + (size_t)p * k->cap;
            c[i] = c[last];
        }
        k->item[i] = k->item[last];
        memset(&k->item[last], 0, sizeof k->item[last]);
    }
    for (uint32_t p = 0; p < k->n; p++)
        k->col[(size_t)p * k->cap + last] = -INFINITY;
    k->len = last;
}

static pl_status item_absorb(struct pl__sky_item *dst,
                             struct pl__sky_item *src, uint64_t keep)
{
    dst->count += src->count;
    dst->zone_count += src->zone_count;
    for (size_t j = 0; j < src->n_idx; j++) {
        const pl_status rc = item_push(dst, src->idx[j], keep);
        if (rc != PL_OK)
            return rc;
    }
    item_release(src);
    return PL_OK;
}

/* Offer vector x carrying the outcomes in *src (moved; released when
 * dropped or merged). */
static pl_status offer(struct pl__sky *k, const double *x,
                       struct pl__sky_item *src)
{
    size_t i, n_rm = 0;
    pl_status rc;

    if (k->hint < k->len && cand_dominates(k, k->hint, x)) {
        item_release(src);
        return PL_OK;
    }
    /* rm has room for every candidate (sky_reserve keeps it so). */
    i = scan(k, x, 0, k->rm, &n_rm);
    if (i < k->len) {
        if (cand_equals(k, i, x))
            return item_absorb(&k->item[i], src, k->keep);
        k->hint = promote(k, i);
        item_release(src);
        return PL_OK;
    }
    /* Not dominated: drop the candidates x dominates (c <= x; none
     * equals x here), highest index first so swaps keep indices valid. */
    while (n_rm > 0)
        remove_at(k, k->rm[--n_rm]);
    rc = sky_reserve(k);
    if (rc != PL_OK) {
        item_release(src);
        return rc;
    }
    for (uint32_t p = 0; p < k->n; p++)
        k->col[(size_t)p * k->cap + k->len] = x[p];
    k->item[k->len] = *src;
    memset(src, 0, sizeof *src);
    k->len++;
    return PL_OK;
}

pl_status pl__sky_add(struct pl__sky *k, const double *x, uint64_t idx,
                      bool in_zone)
{
    struct pl__sky_item it;
    pl_status rc;

    /* Fast exits first: most offered points are dominated. */
    if (k->hint < k->len && cand_dominates(k, k->hint, x))
        return PL_OK;
    memset(&it, 0, sizeof it);
    it.count = 1;
    it.zone_count = in_zone;
    rc = item_push(&it, idx << 1 | (in_zone ? 1u : 0u), k->keep);
    if (rc != PL_OK)
        return rc;
    return offer(k, x, &it);
}

pl_status pl__sky_merge(struct pl__sky *parts, size_t np, struct pl__sky *out)
{
    size_t big = 0;
    double x[PL_MAX_PARTIES];
    pl_status rc = PL_OK;

    for (size_t q = 1; q < np; q++)
        if (parts[q].len > parts[big].len)
            big = q;
    if (np == 0)
        return PL_OK;
    pl__sky_free(out);
    *out = parts[big];
    pl__sky_init(&parts[big], out->n, out->keep);
    for (size_t q = 0; q < np && rc == PL_OK; q++) {
        struct pl__sky *k = &parts[q];
        for (size_t i = 0; i < k->len && rc == PL_OK; i++) {
            pl__sky_vec(k, i, x);
            rc = offer(out, x, &k->item[i]);
        }
    }
    for (size_t q = 0; q < np; q++)
        pl__sky_free(&parts[q]);
    return rc;
}
