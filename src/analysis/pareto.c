/* Skyline (Pareto frontier) of distinct utility vectors with multiplicities.
 *
 * Data structure: struct pl__sky, a flat array of candidate vectors that
 * are mutually non-dominated, each with the number of outcomes that have
 * exactly that vector, how many of them are in the zone, and their indices.
 *
 * Streaming (pl__sky_add, one per enumeration thread): an offered point
 * is compared first with the candidate that last dominated something (in
 * an enumeration, consecutive outcomes are usually dominated by the same
 * strong point), then with every candidate: O(F * n) for F candidates and
 * n parties.  Dominated points are dropped, equal ones counted, new ones
 * inserted and the candidates they dominate removed.  The enumerator
 * calls it only for blocks whose corner (componentwise maximum) is not
 * already dominated, which skips the bulk of a large space.
 *
 * Merging (pl__sky_merge): the union of the per-thread candidates is
 * sorted lexicographically descending, equal vectors are merged, and a
 * sort-filter skyline pass keeps a vector unless an already accepted one
 * dominates it (a dominator is lexicographically greater, so it comes
 * first).  O(M log M + M * F * n) for M candidates; n = 2 needs only the
 * running maximum of the second coordinate: O(M log M).
 *
 * Exactness: dominance uses the computed doubles as they are (no
 * tolerance), so ties are exact ties.  Pruning is only ever by a real
 * outcome that strictly dominates, so every frontier outcome survives in
 * its thread with its full count, and the merge sums counts.
 *
 * Memory: O(F * n) doubles plus the kept indices: at most 2*keep per
 * vector when opts.top = keep > 0; all frontier outcomes when keep = 0
 * (the caller asked for every point). */
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
    pl__free(k->vec);
    pl__free(k->item);
    k->vec = NULL;
    k->item = NULL;
    k->len = k->cap = 0;
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
        size_t cap = it->cap_idx ? it->cap_idx * 2 : 4;
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
    size_t cap;
    double *v;
    struct pl__sky_item *it;

    if (k->len < k->cap)
        return PL_OK;
    cap = k->cap ? k->cap * 2 : 16;
    v = pl__reallocarray(k->vec, cap, (size_t)k->n * sizeof *v);
    if (!v)
        return PL_ENOMEM;
    k->vec = v;
    it = pl__reallocarray(k->item, cap, sizeof *it);
    if (!it)
        return PL_ENOMEM;
    k->item = it;
    k->cap = cap;
    return PL_OK;
}

/* c strictly dominates x: c >= x everywhere, c > x somewhere. */
static bool dominates(const double *c, const double *x, uint32_t n)
{
    bool strict = false;

    for (uint32_t p = 0; p < n; p++) {
        if (c[p] < x[p])
            return false;
        if (c[p] > x[p])
            strict = true;
    }
    return strict;
}

/* Self-organising order: a candidate that just dominated something moves
 * halfway to the front (a transposition heuristic), so the few strong
 * points that dominate most of the space are tried first.  Returns its
 * new position. */
static size_t promote(struct pl__sky *k, size_t i)
{
    const uint32_t n = k->n;
    const size_t j = i / 2;
    struct pl__sky_item t;
    double tmp[64];

    if (i == j || n > 64)
        return i;
    memcpy(tmp, k->vec + j * n, n * sizeof *tmp);
    memcpy(k->vec + j * n, k->vec + i * n, n * sizeof *tmp);
    memcpy(k->vec + i * n, tmp, n * sizeof *tmp);
    t = k->item[j];
    k->item[j] = k->item[i];
    k->item[i] = t;
    return j;
}

bool pl__sky_dominated(struct pl__sky *k, const double *x)
{
    const uint32_t n = k->n;

    if (k->hint < k->len && dominates(k->vec + k->hint * n, x, n))
        return true;
    for (size_t i = 0; i < k->len; i++) {
        if (dominates(k->vec + i * n, x, n)) {
            k->hint = promote(k, i);
            return true;
        }
    }
    return false;
}

static void remove_at(struct pl__sky *k, size_t i)
{
    const uint32_t n = k->n;
    const size_t last = k->len - 1;

    item_release(&k->item[i]);
    if (i != last) {
        memcpy(k->vec + i * n, k->vec + last * n, n * sizeof *k->vec);
        k->item[i] = k->item[last];
        memset(&k->item[last], 0, sizeof k->item[last]);
    }
    k->len = last;
}

pl_status pl__sky_add(struct pl__sky *k, const double *x, uint64_t idx,
                      bool in_zone)
{
    const uint32_t n = k->n;
    const uint64_t packed = idx << 1 | (in_zone ? 1u : 0u);
    struct pl__sky_item *it;
    pl_status rc;

    if (k->hint < k->len && dominates(k->vec + k->hint * n, x, n))
        return PL_OK;
    for (size_t i = 0; i < k->len; i++) {
        const double *c = k->vec + i * n;
        bool ge = true, le = true;
        for (uint32_t p = 0; p < n && (ge || le); p++) {
            if (c[p] < x[p])
                ge = false;
            else if (c[p] > x[p])
                le = false;
        }
        if (ge && !le) {
            k->hint = promote(k, i);
            return PL_OK;       /* dominated */
        }
        if (ge && le) {         /* the same vector */
            it = &k->item[i];
            it->count++;
            it->zone_count += in_zone;
            return item_push(it, packed, k->keep);
        }
        if (le) {               /* x dominates candidate i */
            remove_at(k, i);
            i--;
        }
    }
    rc = sky_reserve(k);
    if (rc != PL_OK)
        return rc;
    it = &k->item[k->len];
    memset(it, 0, sizeof *it);
    memcpy(k->vec + k->len * n, x, n * sizeof *x);
    k->len++;
    it->count = 1;
    it->zone_count = in_zone;
    return item_push(it, packed, k->keep);
}

/* ---- merge ---- */

struct ref {
    const double *v;
    struct pl__sky_item *it;
    uint32_t n;
};

static int cmp_ref_desc(const void *a, const void *b)
{
    const struct ref *x = a, *y = b;

    for (uint32_t p = 0; p < x->n; p++) {
        if (x->v[p] > y->v[p])
            return -1;
        if (x->v[p] < y->v[p])
            return 1;
    }
    return 0;
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

static void free_parts(struct pl__sky *parts, size_t np)
{
    for (size_t q = 0; q < np; q++)
        pl__sky_free(&parts[q]);
}

static bool dominated_by_accepted(const struct pl__sky *out,
                                  const double *x, double *max1)
{
    const uint32_t n = out->n;

    if (n == 1)
        return out->len > 0;
    if (n == 2) {
        /* Every accepted vector is lexicographically greater, so it
         * dominates x iff its second coordinate is >= x's. */
        if (out->len > 0 && *max1 >= x[1])
            return true;
        *max1 = x[1];
        return false;
    }
    for (size_t i = 0; i < out->len; i++)
        if (dominates(out->vec + i * n, x, n))
            return true;
    return false;
}

pl_status pl__sky_merge(struct pl__sky *parts, size_t np, struct pl__sky *out)
{
    size_t total = 0, m = 0;
    struct ref *refs;
    double max1 = 0;
    pl_status rc = PL_OK;

    for (size_t q = 0; q < np; q++)
        total += parts[q].len;
    refs = pl__calloc(total ? total : 1, sizeof *refs);
    if (!refs) {
        free_parts(parts, np);
        return PL_ENOMEM;
    }
    for (size_t q = 0; q < np; q++)
        for (size_t i = 0; i < parts[q].len; i++) {
            refs[m].v = parts[q].vec + i * parts[q].n;
            refs[m].it = &parts[q].item[i];
            refs[m].n = parts[q].n;
            m++;
        }
    qsort(refs, m, sizeof *refs, cmp_ref_desc);
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && cmp_ref_desc(&refs[i], &refs[j]) == 0) {
            rc = item_absorb(refs[i].it, refs[j].it, out->keep);
            if (rc != PL_OK)
                goto done;
            j++;
        }
        if (!dominated_by_accepted(out, refs[i].v, &max1)) {
            rc = sky_reserve(out);
            if (rc != PL_OK)
                goto done;
            memcpy(out->vec + out->len * out->n, refs[i].v,
                   out->n * sizeof *out->vec);
            out->item[out->len] = *refs[i].it;
            memset(refs[i].it, 0, sizeof *refs[i].it);
            out->len++;
        }
        i = j;
    }
done:
    pl__free(refs);
    free_parts(parts, np);
    return rc;
}
