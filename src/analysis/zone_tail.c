/* Exact zone counts over a tail of issues (zone_tail.h).
 *
 * Fast value.  For tail outcome t let S_p(t) be its entries summed in
 * issue order from 0 (the table), and v_p the exact reference partial
 * sum of the prefix.  The reference utility E_p = fl(... fl(v_p + e_0)
 * ... + e_{L-1}) differs from v_p + S_p(t) by at most 2 L M 2^-53, M a
 * bound on every partial sum (enumerate.c, fast_plan, has the proof; the
 * same delta = 8 (L + 2) (M + max |r|) 2^-53 plus a few subnormals is
 * used here).  With thr_p = r_p - v_p, an outcome with S_p >= thr_p +
 * delta for every p is surely in, one with S_p < thr_p - delta for some
 * p surely out, and only the ones in between (the band) are summed again
 * in the reference order.
 *
 * Counting.  Per party the tail sums are sorted descending; rank_p(t) is
 * t's position.  Two binary searches give, per party, in_p = #{S_p >=
 * thr_p + delta} and out_p = #{S_p >= thr_p - delta}; t is surely in iff
 * rank_p(t) < in_p for all p, not surely out iff rank_p(t) < out_p for
 * all p.  rows_p[k] is the bitset of {t : rank_p(t) < k g} (g the
 * granularity, 1 for small tails): the popcount of the AND over p of
 * rows_p[floor(in_p / g)] counts the outcomes surely in with every rank
 * below its row boundary.  Every other outcome not surely out has, for
 * some p, a rank in [g floor(in_p / g), out_p): each is visited once,
 * from the first such party, and classified (surely in, or band: summed
 * exactly).  Cost per query: n T / 64 words plus at most n (g + band)
 * outcomes; memory n (T / g + 1) T / 8 bytes (g is chosen to keep it
 * under 1 MB per party). */
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "core/sort.h"
#include "zone_tail.h"

bool pl__ztail_zero_delta = false;

struct pl__ztail {
    uint32_t n, L, T, g, nw, nrows;
    double r[PL__ZTAIL_PARTIES];
    double delta;
    const double *row[PL__ZTAIL_PARTIES];
    uint32_t *slot; /* T * L: U slots of tail outcome t's options */
    double *ts;     /* n * T: S_p(t) */
    double ts_min[PL__ZTAIL_PARTIES], ts_max[PL__ZTAIL_PARTIES];
    double *sv[PL__ZTAIL_PARTIES];      /* T: sorted descending */
    uint32_t *sord[PL__ZTAIL_PARTIES];  /* T: t of rank k */
    uint32_t *srank[PL__ZTAIL_PARTIES]; /* T: rank of t */
    uint64_t *rows[PL__ZTAIL_PARTIES];  /* nrows * nw */
};

void pl__ztail_free(struct pl__ztail *z)
{
    if (!z)
        return;
    pl__free(z->slot);
    pl__free(z->ts);
    for (uint32_t p = 0; p < PL__ZTAIL_PARTIES; p++) {
        pl__free(z->sv[p]);
        pl__free(z->sord[p]);
        pl__free(z->srank[p]);
        pl__free(z->rows[p]);
    }
    pl__free(z);
}

uint32_t pl__ztail_size(const struct pl__ztail *z)
{
    return z->T;
}

uint64_t pl__ztail_query_cost(const struct pl__ztail *z)
{
    return (uint64_t)z->n * (z->nw + 2u * z->g + 32u);
}

pl_status pl__ztail_new(const pl_scenario *s, const double *const *row,
                        const double *r, uint32_t n, uint32_t first,
                        uint32_t gran, struct pl__ztail **out)
{
    const uint32_t I = s->n_issues;
    struct pl__ztail *z;
    struct pl__vkey *k = NULL;
    uint64_t T = 1;
    double M = 0, R = 0;
    pl_status rc = PL_ENOMEM;

    *out = NULL;
    if (n == 0 || n > PL__ZTAIL_PARTIES || first > I)
        return PL_ETOOBIG;
    for (uint32_t i = first; i < I; i++) {
        T *= s->issues[i].n_options;
        if (T > PL__ZTAIL_T_MAX)
            return PL_ETOOBIG;
    }
    /* M: every partial sum of every party, prefix included, is at most
     * the sum over all issues of the largest |U| entry */
    for (uint32_t p = 0; p < n; p++) {
        double m = 0;
        for (uint32_t i = 0; i < I; i++) {
            const double *u = row[p] + s->opt_offset[i];
            double mx = 0;
            for (uint32_t q = 0; q < s->issues[i].n_options; q++)
                mx = fabs(u[q]) > mx ? fabs(u[q]) : mx;
            m += mx;
        }
        M = m > M ? m : M;
        if (!isfinite(r[p]))
            return PL_ETOOBIG;
        R = fabs(r[p]) > R ? fabs(r[p]) : R;
    }
    z = pl__calloc(1, sizeof *z);
    if (!z)
        return PL_ENOMEM;
    z->n = n;
    z->L = I - first;
    z->T = (uint32_t)T;
    z->delta = pl__ztail_zero_delta
                   ? 0.0
                   : 8.0 * (z->L + 2) * (M + R) * 0x1p-53 + 0x1p-1070;
    if (!isfinite(M) || !isfinite(z->delta)) {
        pl__ztail_free(z);
        return PL_ETOOBIG;
    }
    /* granularity: rows of T bits every g ranks, at most 1 MB per party */
    z->g = gran;
    if (!z->g) {
        z->g = 1;
        while ((uint64_t)(T / z->g + 1) * ((T + 63) / 64) * 8 > (1u << 20))
            z->g *= 2;
    }
    z->nw = (uint32_t)((T + 63) / 64);
    z->nrows = (uint32_t)(T / z->g) + 1;
    for (uint32_t p = 0; p < n; p++) {
        z->r[p] = r[p];
        z->row[p] = row[p];
    }
    z->slot = pl__calloc((size_t)T * (z->L ? z->L : 1), sizeof *z->slot);
    z->ts = pl__calloc((size_t)n * T, sizeof *z->ts);
    k = pl__calloc(T, sizeof *k);
    if (!z->slot || !z->ts || !k)
        goto fail;
    for (uint32_t t = 0; t < T; t++) {
        uint32_t rest = t;
        for (uint32_t j = z->L; j-- > 0;) {
            const uint32_t i = first + j, m = s->issues[i].n_options;
            z->slot[(size_t)t * z->L + j] = s->opt_offset[i] + rest % m;
            rest /= m;
        }
        for (uint32_t p = 0; p < n; p++) {
            double x = 0;
            for (uint32_t j = 0; j < z->L; j++)
                x += row[p][z->slot[(size_t)t * z->L + j]];
            z->ts[(size_t)p * T + t] = x;
        }
    }
    for (uint32_t p = 0; p < n; p++) {
        uint64_t *rw;
        z->sv[p] = pl__calloc(T, sizeof *z->sv[p]);
        z->sord[p] = pl__calloc(T, sizeof *z->sord[p]);
        z->srank[p] = pl__calloc(T, sizeof *z->srank[p]);
        z->rows[p] = rw = pl__calloc((size_t)z->nrows * z->nw, sizeof *rw);
        if (!z->sv[p] || !z->sord[p] || !z->srank[p] || !rw)
            goto fail;
        for (uint32_t t = 0; t < T; t++) {
            k[t].v = z->ts[(size_t)p * T + t];
            k[t].t = t;
        }
        if (pl__vkey_sort(k, (uint32_t)T) != PL_OK)
            goto fail;
        for (uint32_t i = 0; i < T; i++) {
            z->sv[p][i] = k[i].v;
            z->sord[p][i] = k[i].t;
            z->srank[p][k[i].t] = i;
        }
        z->ts_max[p] = z->sv[p][0];
        z->ts_min[p] = z->sv[p][T - 1];
        /* row j holds ranks < j g: row j-1 plus ranks [(j-1) g, j g) */
        for (uint32_t j = 1; j < z->nrows; j++) {
            uint64_t *cur = rw + (size_t)j * z->nw;
            memcpy(cur, cur - z->nw, (size_t)z->nw * sizeof *cur);
            for (uint32_t q = (j - 1) * z->g; q < j * z->g; q++) {
                const uint32_t t = z->sord[p][q];
                cur[t / 64] |= (uint64_t)1 << (t % 64);
            }
        }
    }
    pl__free(k);
    *out = z;
    return PL_OK;
fail:
    pl__free(k);
    pl__ztail_free(z);
    return rc;
}

/* The reference sums of v + tail outcome t, all parties in the zone? */
static bool exact_in(const struct pl__ztail *z, const double *v, uint32_t t)
{
    const uint32_t *sl = z->slot + (size_t)t * z->L;

    for (uint32_t p = 0; p < z->n; p++) {
        double x = v[p];
        for (uint32_t j = 0; j < z->L; j++)
            x += z->row[p][sl[j]];
        if (!(x >= z->r[p]))
            return false;
    }
    return true;
}

uint64_t pl__ztail_count(const struct pl__ztail *z, const double *v,
                         uint64_t *band)
{
    const uint32_t n = z->n, g = z->g, nw = z->nw;
    const double d = z->delta;
    uint32_t act[PL__ZTAIL_PARTIES], in[PL__ZTAIL_PARTIES],
        outr[PL__ZTAIL_PARTIES], edge[PL__ZTAIL_PARTIES];
    const uint64_t *rw[PL__ZTAIL_PARTIES];
    uint32_t m = 0;
    uint64_t cnt = 0, nb = 0;

    for (uint32_t p = 0; p < n; p++) {
        const double thr = z->r[p] - v[p];
        if (z->ts_max[p] < thr - d)
            return 0;
        if (z->ts_min[p] >= thr + d)
            continue; /* every tail outcome surely in for p */
        act[m] = p;
        outr[m] = pl__count_ge(z->sv[p], z->T, thr - d);
        if (outr[m] == 0)
            return 0;
        in[m] = pl__count_ge(z->sv[p], outr[m], thr + d);
        edge[m] = in[m] / g * g;
        rw[m] = z->rows[p] + (size_t)(in[m] / g) * nw;
        m++;
    }
    if (m == 0)
        return z->T;
    for (uint32_t w = 0; w < nw; w++) {
        uint64_t a = rw[0][w];
        for (uint32_t q = 1; q < m; q++)
            a &= rw[q][w];
        cnt += (uint64_t)__builtin_popcountll(a);
    }
    /* the rest: a rank in [edge, out) for some active party; visited from
     * the first such party only */
    for (uint32_t q = 0; q < m; q++) {
        const uint32_t p = act[q];
        for (uint32_t k = edge[q]; k < outr[q]; k++) {
            const uint32_t t = z->sord[p][k];
            bool skip = false, sure = k < in[q];
            for (uint32_t e = 0; e < m && !skip; e++) {
                const uint32_t rk = z->srank[act[e]][t];
                if (e == q)
                    continue;
                skip = rk >= outr[e] || (e < q && rk >= edge[e]);
                sure = sure && rk < in[e];
            }
            if (skip)
                continue;
            if (sure) {
                cnt++;
            } else {
                nb++;
                cnt += exact_in(z, v, t);
            }
        }
    }
    if (band)
        *band += nb;
    return cnt;
}
