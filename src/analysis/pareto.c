/* Skyline (Pareto frontier) of distinct utility vectors with multiplicities.
 *
 * Data structure: struct pl__sky holds the candidate vectors (mutually
 * non-dominated) in clusters of at most B slots (a one-level R-tree).
 * Each cluster keeps the componentwise max and min of its members, and
 * its members' coordinates by column, so one 4-wide compare tests four
 * members on one coordinate.  Every candidate counts the outcomes that
 * have exactly its vector, how many of them are in the zone, and keeps
 * their indices.
 *
 * Queries: "is x dominated?" visits only clusters whose max corner is
 * >= x everywhere; "what does x dominate?" only clusters whose min corner
 * is <= x everywhere.  A new candidate joins the cluster whose box grows
 * least (L1), and a full cluster is split in two along the coordinate
 * of largest spread, so clusters stay compact along the frontier and most
 * of them are skipped.  Worst case O(F * n) per offered point for F
 * candidates (every box overlapping), typically far less; the enumerator
 * offers only points that survive its exact dominance pruning of blocks,
 * tail positions and block mates (enumerate.c).
 *
 * Streaming (pl__sky_add, one skyline per enumeration thread): the
 * candidate that last dominated a point is tried first; then one pass
 * over the overlapping clusters finds a candidate c >= x (equal: counted;
 * otherwise x is dropped) or, if there is none, the candidates x
 * dominates, which are removed before x is inserted.
 *
 * Merging (pl__sky_merge): the largest per-thread skyline is kept as it
 * is, and every candidate of the others is offered to it with its counts.
 *
 * Exactness: dominance uses the computed doubles as they are (no
 * tolerance), so ties are exact ties.  Pruning is only ever by a real
 * outcome that strictly dominates, so every frontier outcome survives in
 * its thread with its full count, and the merge sums counts.
 *
 * Memory: O(F * n) doubles (clusters are at least a quarter full on
 * average after splits) plus the kept indices: at most 2*keep per vector
 * when opts.top = keep > 0; all frontier outcomes when keep = 0 (the
 * caller asked for every point). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_int.h"
#include "core/alloc.h"
#include "core/sort.h"

void pl__sky_init(struct pl__sky *k, uint32_t n, uint64_t keep, uint32_t B)
{
    memset(k, 0, sizeof *k);
    k->n = n;
    k->keep = keep;
    B = B ? B : PL__SKY_CLUSTER;
    B = B < 4 ? 4 : B > 256 ? 256 : B;
    k->B = (B + 3) & ~3u;
}

static void item_release(struct pl__sky_item *it)
{
    pl__free(it->idx);
    memset(it, 0, sizeof *it);
}

size_t pl__sky_n_slots(const struct pl__sky *k)
{
    return k->n_cl * k->B;
}

bool pl__sky_used(const struct pl__sky *k, size_t slot)
{
    return slot % k->B < k->cl_cnt[slot / k->B];
}

void pl__sky_free(struct pl__sky *k)
{
    if (!k)
        return;
    for (size_t s = 0; s < pl__sky_n_slots(k); s++)
        if (pl__sky_used(k, s))
            item_release(&k->item[s]);
    pl__free(k->col);
    pl__free(k->item);
    pl__free(k->cl_cnt);
    pl__free(k->cl_max);
    pl__free(k->cl_min);
    pl__free(k->cl_flag);
    pl__free(k->cl_grow);
    pl__free(k->rm);
    pl__sky_init(k, k->n, k->keep, k->B);
}

static double *colp(const struct pl__sky *k, uint32_t p)
{
    return k->col + (size_t)p * k->cap_cl * k->B;
}

void pl__sky_vec(const struct pl__sky *k, size_t slot, double *out)
{
    for (uint32_t p = 0; p < k->n; p++)
        out[p] = colp(k, p)[slot];
}

static int cmp_u64(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

void pl__sky_item_trim(struct pl__sky_item *it, uint64_t keep)
{
    if (it->n_idx > 1)
        pl__qsort(it->idx, it->n_idx, sizeof *it->idx, cmp_u64);
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

static pl_status item_absorb(struct pl__sky_item *dst, struct pl__sky_item *src,
                             uint64_t keep)
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

/* Cluster bounds, by column: coordinate p of cluster c. */
#define CMAX(k, p, c) ((k)->cl_max[(size_t)(p) * (k)->cap_cl + (c)])
#define CMIN(k, p, c) ((k)->cl_min[(size_t)(p) * (k)->cap_cl + (c)])

/* Grow a by-column array of n columns from cap0 to cap entries per
 * column, filling new entries with `fill`.  NULL on failure (a kept). */
static double *regrow_cols(const double *a, uint32_t n, size_t cap0,
                           size_t used, size_t cap, double fill)
{
    double *b = pl__calloc(cap, (size_t)n * sizeof *b);

    if (!b)
        return NULL;
    for (uint32_t p = 0; p < n; p++) {
        double *dst = b + (size_t)p * cap;
        if (used)
            memcpy(dst, a + (size_t)p * cap0, used * sizeof *dst);
        for (size_t s = used; s < cap; s++)
            dst[s] = fill;
    }
    return b;
}

/* Room for one more cluster.  Capacities stay multiples of 4 so that
 * 4-wide passes over clusters and slots need no tail loop. */
static pl_status reserve_cluster(struct pl__sky *k)
{
    const uint32_t n = k->n, B = k->B;
    size_t cap;
    double *c, *mx, *mn, *g;
    uint32_t *cnt;
    long long *fl;
    struct pl__sky_item *it;
    size_t *rm;

    if (k->n_cl < k->cap_cl)
        return PL_OK;
    cap = k->cap_cl ? k->cap_cl * 2 : 4;
    it = pl__reallocarray(k->item, cap * B, sizeof *it);
    if (!it)
        return PL_ENOMEM;
    k->item = it;
    cnt = pl__reallocarray(k->cl_cnt, cap, sizeof *cnt);
    if (!cnt)
        return PL_ENOMEM;
    k->cl_cnt = cnt;
    rm = pl__reallocarray(k->rm, cap * B, sizeof *rm);
    if (!rm)
        return PL_ENOMEM;
    k->rm = rm;
    fl = pl__reallocarray(k->cl_flag, cap, sizeof *fl);
    if (!fl)
        return PL_ENOMEM;
    k->cl_flag = fl;
    g = pl__reallocarray(k->cl_grow, cap, sizeof *g);
    if (!g)
        return PL_ENOMEM;
    k->cl_grow = g;
    c = regrow_cols(k->col, n, k->cap_cl * B, k->n_cl * B, cap * B, -INFINITY);
    mx = regrow_cols(k->cl_max, n, k->cap_cl, k->n_cl, cap, -INFINITY);
    mn = regrow_cols(k->cl_min, n, k->cap_cl, k->n_cl, cap, INFINITY);
    if (!c || !mx || !mn) {
        pl__free(c);
        pl__free(mx);
        pl__free(mn);
        return PL_ENOMEM;
    }
    pl__free(k->col);
    pl__free(k->cl_max);
    pl__free(k->cl_min);
    k->col = c;
    k->cl_max = mx;
    k->cl_min = mn;
    k->cap_cl = cap;
    return PL_OK;
}

/* flags[c] bit 0: cluster c may hold a member >= x (its max corner is
 * >= x everywhere); bit 1: a member <= x (min corner <= x). */
PL_KERNEL
static void box_flags(const struct pl__sky *k, const double *x)
{
    for (size_t c = 0; c < k->n_cl; c += 4) {
        v4l ge = {-1, -1, -1, -1}, le = {-1, -1, -1, -1};
        for (uint32_t p = 0; p < k->n; p++) {
            const v4d xv = VSPLAT(x[p]);
            ge &= VLOADU(&CMAX(k, p, c)) >= xv;
            le &= VLOADU(&CMIN(k, p, c)) <= xv;
        }
        VSTORELU(k->cl_flag + c, (ge & 1) | (le & 2));
    }
}

/* cl_grow[c]: how much (L1) cluster c's box must grow to take x. */
PL_KERNEL
static void box_growth(const struct pl__sky *k, const double *x)
{
    const v4d zero = VSPLAT(0.0);

    for (size_t c = 0; c < k->n_cl; c += 4) {
        v4d g = zero;
        for (uint32_t p = 0; p < k->n; p++) {
            const v4d xv = VSPLAT(x[p]);
            const v4d up = xv - VLOADU(&CMAX(k, p, c));
            const v4d dn = VLOADU(&CMIN(k, p, c)) - xv;
            g += VMAX(up, zero) + VMAX(dn, zero);
        }
        VSTOREU(k->cl_grow + c, g);
    }
}

static double at(const struct pl__sky *k, uint32_t p, size_t slot)
{
    return colp(k, p)[slot];
}

/* Candidate in `slot` strictly dominates x. */
static bool cand_dominates(const struct pl__sky *k, size_t slot,
                           const double *x)
{
    bool strict = false;

    for (uint32_t p = 0; p < k->n; p++) {
        const double c = at(k, p, slot);
        if (c < x[p])
            return false;
        if (c > x[p])
            strict = true;
    }
    return strict;
}

static bool cand_equals(const struct pl__sky *k, size_t slot, const double *x)
{
    for (uint32_t p = 0; p < k->n; p++)
        if (at(k, p, slot) != x[p])
            return false;
    return true;
}

/* Within cluster c: the first member >= x in every coordinate (returned
 * as a slot) or SIZE_MAX; with `le`, also appends the members <= x. */
PL_KERNEL
static size_t scan_cluster(const struct pl__sky *k, size_t c, const double *x,
                           bool ge, size_t *le, size_t *n_le)
{
    const uint32_t n = k->n;
    const size_t base = c * k->B, cnt = k->cl_cnt[c];
    const size_t stride = k->cap_cl * k->B;

    for (size_t j = 0; j < cnt; j += 4) {
        v4l mg = {-1, -1, -1, -1}, ml = {-1, -1, -1, -1};
        for (uint32_t p = 0; p < n; p++) {
            const v4d xv = VSPLAT(x[p]);
            const v4d cv = VLOADU(k->col + (size_t)p * stride + base + j);
            mg &= cv >= xv;
            ml &= cv <= xv;
        }
        if (ge && (mg[0] | mg[1] | mg[2] | mg[3])) {
            for (size_t l = 0; l < 4; l++)
                if (mg[l] && j + l < cnt)
                    return base + j + l;
        }
        if (le && (ml[0] | ml[1] | ml[2] | ml[3])) {
            for (size_t l = 0; l < 4; l++)
                if (ml[l] && j + l < cnt)
                    le[(*n_le)++] = base + j + l;
        }
    }
    return SIZE_MAX;
}

bool pl__sky_dominated(struct pl__sky *k, const double *x)
{
    if (k->len && pl__sky_used(k, k->hint) && cand_dominates(k, k->hint, x))
        return true;
    box_flags(k, x);
    for (size_t c = 0; c < k->n_cl; c++) {
        size_t s;
        if (!(k->cl_flag[c] & 1))
            continue;
        s = scan_cluster(k, c, x, true, NULL, NULL);
        if (s == SIZE_MAX)
            continue;
        if (!cand_equals(k, s, x)) {
            k->hint = s;
            return true;
        }
        /* a member equal to x does not dominate it; rarely, look on */
        for (size_t j = s % k->B + 1; j < k->cl_cnt[c]; j++) {
            if (cand_dominates(k, c * k->B + j, x)) {
                k->hint = c * k->B + j;
                return true;
            }
        }
    }
    return false;
}

static void cluster_bounds(struct pl__sky *k, size_t c)
{
    for (uint32_t p = 0; p < k->n; p++) {
        const double *v = colp(k, p) + c * k->B;
        double hi = -INFINITY, lo = INFINITY;
        for (size_t j = 0; j < k->cl_cnt[c]; j++) {
            hi = v[j] > hi ? v[j] : hi;
            lo = v[j] < lo ? v[j] : lo;
        }
        CMAX(k, p, c) = hi;
        CMIN(k, p, c) = lo;
    }
}

static void move_slot(struct pl__sky *k, size_t to, size_t from)
{
    for (uint32_t p = 0; p < k->n; p++) {
        double *v = colp(k, p);
        v[to] = v[from];
        v[from] = -INFINITY;
    }
    k->item[to] = k->item[from];
    memset(&k->item[from], 0, sizeof k->item[from]);
}

/* Remove the candidate in `slot` (its cluster's last member fills the
 * hole; the cluster's box is left as is, still a valid bound). */
static void remove_slot(struct pl__sky *k, size_t slot)
{
    const size_t c = slot / k->B;
    const size_t last = c * k->B + k->cl_cnt[c] - 1;

    item_release(&k->item[slot]);
    if (slot != last)
        move_slot(k, slot, last);
    else
        for (uint32_t p = 0; p < k->n; p++)
            colp(k, p)[slot] = -INFINITY;
    k->cl_cnt[c]--;
    k->len--;
}

static int cmp_size_desc(const void *a, const void *b)
{
    const size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x < y) - (x > y);
}

/* Split full cluster c: members above the median of the coordinate with
 * the largest spread move to a new cluster. */
static pl_status split_cluster(struct pl__sky *k, size_t c)
{
    const uint32_t n = k->n, B = k->B;
    size_t nc, moved = 0;
    uint32_t best = 0;
    double spread = -1, med;
    double tmp[256];
    pl_status rc = reserve_cluster(k);

    if (rc != PL_OK)
        return rc;
    for (uint32_t p = 0; p < n; p++) {
        const double s = CMAX(k, p, c) - CMIN(k, p, c);
        if (s > spread) {
            spread = s;
            best = p;
        }
    }
    for (size_t j = 0; j < B && j < 256; j++)
        tmp[j] = colp(k, best)[c * B + j];
    /* median by partial selection: sort a copy (B is small) */
    for (size_t i = 1; i < B && i < 256; i++) {
        const double v = tmp[i];
        size_t j = i;
        while (j > 0 && tmp[j - 1] > v) {
            tmp[j] = tmp[j - 1];
            j--;
        }
        tmp[j] = v;
    }
    med = tmp[B / 2];
    nc = k->n_cl++;
    k->cl_cnt[nc] = 0;
    for (size_t j = k->cl_cnt[c]; j-- > 0;) {
        const size_t s = c * B + j;
        if (colp(k, best)[s] >= med && moved < B - 1 && k->cl_cnt[c] > 1) {
            const size_t last = c * B + k->cl_cnt[c] - 1;
            move_slot(k, nc * B + k->cl_cnt[nc]++, s);
            if (s != last)
                move_slot(k, s, last);
            k->cl_cnt[c]--;
            moved++;
        }
    }
    cluster_bounds(k, c);
    cluster_bounds(k, nc);
    return PL_OK;
}

/* The cluster whose box grows least (L1) to take x; an empty one
 * first. */
static size_t pick_cluster(const struct pl__sky *k, const double *x)
{
    size_t best = 0;
    double best_g = INFINITY;

    box_growth(k, x);
    for (size_t c = 0; c < k->n_cl; c++) {
        if (k->cl_cnt[c] == 0)
            return c;
        if (k->cl_grow[c] < best_g) {
            best_g = k->cl_grow[c];
            best = c;
        }
    }
    return best;
}

static pl_status insert(struct pl__sky *k, const double *x,
                        struct pl__sky_item *src)
{
    const uint32_t n = k->n;
    size_t c, s;
    pl_status rc;

    if (k->n_cl == 0) {
        rc = reserve_cluster(k);
        if (rc != PL_OK)
            return rc;
        k->cl_cnt[0] = 0;
        k->n_cl = 1;
    }
    c = pick_cluster(k, x);
    if (k->cl_cnt[c] == k->B) {
        rc = split_cluster(k, c);
        if (rc != PL_OK)
            return rc;
        c = pick_cluster(k, x);
        if (k->cl_cnt[c] == k->B)
            c = k->n_cl - 1; /* the new half always has room */
    }
    s = c * k->B + k->cl_cnt[c];
    for (uint32_t p = 0; p < n; p++) {
        colp(k, p)[s] = x[p];
        if (k->cl_cnt[c] == 0 || x[p] > CMAX(k, p, c))
            CMAX(k, p, c) = x[p];
        if (k->cl_cnt[c] == 0 || x[p] < CMIN(k, p, c))
            CMIN(k, p, c) = x[p];
    }
    k->item[s] = *src;
    memset(src, 0, sizeof *src);
    k->cl_cnt[c]++;
    k->len++;
    return PL_OK;
}

/* Offer vector x carrying the outcomes in *src (moved; released when
 * dropped or merged). */
static pl_status offer(struct pl__sky *k, const double *x,
                       struct pl__sky_item *src)
{
    size_t n_rm = 0;
    pl_status rc;

    if (k->len && pl__sky_used(k, k->hint) && cand_dominates(k, k->hint, x)) {
        item_release(src);
        return PL_OK;
    }
    box_flags(k, x);
    for (size_t c = 0; c < k->n_cl; c++) {
        const bool ge = k->cl_flag[c] & 1, le = k->cl_flag[c] & 2;
        size_t s;
        if (!ge && !le)
            continue;
        s = scan_cluster(k, c, x, ge, le ? k->rm : NULL, &n_rm);
        if (s == SIZE_MAX)
            continue;
        /* c >= x: x equals it or is dominated (and then, the candidates
         * being an antichain, x dominates none of them) */
        if (cand_equals(k, s, x))
            return item_absorb(&k->item[s], src, k->keep);
        k->hint = s;
        item_release(src);
        return PL_OK;
    }
    /* Not dominated: remove what x dominates, highest slot first so that
     * each cluster's refill from its end keeps the other slots valid. */
    if (n_rm > 1)
        pl__qsort(k->rm, n_rm, sizeof *k->rm, cmp_size_desc);
    for (size_t j = 0; j < n_rm; j++)
        remove_slot(k, k->rm[j]);
    for (size_t j = 0; j < n_rm; j++) /* tighten the boxes */
        if (j == 0 || k->rm[j] / k->B != k->rm[j - 1] / k->B)
            cluster_bounds(k, k->rm[j] / k->B);
    rc = insert(k, x, src);
    if (rc != PL_OK)
        item_release(src);
    return rc;
}

pl_status pl__sky_add(struct pl__sky *k, const double *x, uint64_t idx,
                      bool in_zone)
{
    struct pl__sky_item it;
    pl_status rc;

    /* Fast exit first: most offered points are dominated. */
    if (k->len && pl__sky_used(k, k->hint) && cand_dominates(k, k->hint, x))
        return PL_OK;
    memset(&it, 0, sizeof it);
    it.count = 1;
    it.zone_count = in_zone;
    rc = item_push(&it, idx << 1 | (in_zone ? 1u : 0u), k->keep);
    if (rc != PL_OK)
        return rc;
    return offer(k, x, &it);
}

pl_status pl__sky_add_range(struct pl__sky *k, const double *x, uint64_t first,
                            uint64_t count, bool in_zone)
{
    struct pl__sky_item it;
    const uint64_t cap = k->keep ? k->keep : PL__SKY_RANGE_KEEP;
    const uint64_t m = count < cap ? count : cap;
    pl_status rc = PL_OK;

    if (count == 0)
        return PL_OK;
    if (k->len && pl__sky_used(k, k->hint) && cand_dominates(k, k->hint, x))
        return PL_OK;
    memset(&it, 0, sizeof it);
    it.count = count;
    it.zone_count = in_zone ? count : 0;
    for (uint64_t j = 0; j < m && rc == PL_OK; j++)
        rc = item_push(&it, (first + j) << 1 | (in_zone ? 1u : 0u), k->keep);
    if (rc != PL_OK) {
        item_release(&it);
        return rc;
    }
    return offer(k, x, &it);
}

pl_status pl__sky_merge(struct pl__sky *parts, size_t np, struct pl__sky *out)
{
    size_t big = 0;
    double x[PL_MAX_PARTIES];
    pl_status rc = PL_OK;

    if (np == 0)
        return PL_OK;
    for (size_t q = 1; q < np; q++)
        if (parts[q].len > parts[big].len)
            big = q;
    pl__sky_free(out);
    *out = parts[big];
    pl__sky_init(&parts[big], out->n, out->keep, out->B);
    for (size_t q = 0; q < np && rc == PL_OK; q++) {
        struct pl__sky *k = &parts[q];
        for (size_t s = 0; s < pl__sky_n_slots(k) && rc == PL_OK; s++) {
            if (!pl__sky_used(k, s))
                continue;
            pl__sky_vec(k, s, x);
            rc = offer(out, x, &k->item[s]);
        }
    }
    for (size_t q = 0; q < np; q++)
        pl__sky_free(&parts[q]);
    return rc;
}
