/* Certified utility intervals over subtrees (see bounds.h for the
 * exactness argument). */
#include <math.h>
#include <string.h>

#include "bounds.h"
#include "core/alloc.h"

void pl__bt_free(struct pl__bt *t)
{
    if (!t)
        return;
    pl__free(t->party);
    pl__free(t->r);
    pl__free(t->cap);
    pl__free(t->row);
    pl__free(t->umx);
    pl__free(t->umn);
    pl__free(t->size);
    pl__free(t->wsize);
    pl__free(t->int_lo);
    pl__free(t->int_hi);
    pl__free(t->red_lo);
    pl__free(t->red_hi);
    pl__free(t->cl_value);
    pl__free(t->cl_party);
    pl__free(t->intm);
    pl__free(t->cl_last);
    pl__free(t->fail);
    pl__free(t->open);
    pl__free(t->red);
    pl__free(t->cond_start);
    pl__free(t->cond_issue);
    pl__free(t->cond_allowed);
    pl__free(t->mag);
    pl__free(t->pint);
    pl__free(t->pred);
    pl__free(t);
}

static void set_bit(uint64_t *m, uint32_t c)
{
    m[c / 64] |= (uint64_t)1 << (c % 64);
}

static pl_status build_clauses(struct pl__bt *t)
{
    const pl_scenario *s = t->s;
    const uint32_t K = s->n_total_options, W = t->W;
    uint32_t c = 0, nc_total = 0;

    for (uint32_t a = 0; a < t->n; a++) {
        const struct pl__party *pa = &s->parties[t->party[a]];
        for (uint32_t j = 0; j < pa->n_interactions; j++)
            nc_total += pa->interactions[j].n_conds;
        for (uint32_t j = 0; j < pa->n_red_lines; j++)
            nc_total += pa->red_lines[j].n_conds;
    }
    t->cond_start = pl__calloc(t->C + 1, sizeof *t->cond_start);
    t->cond_issue = pl__calloc(nc_total ? nc_total : 1, sizeof *t->cond_issue);
    t->cond_allowed =
        pl__calloc(nc_total ? nc_total : 1, sizeof *t->cond_allowed);
    if (!t->cond_start || !t->cond_issue || !t->cond_allowed)
        return PL_ENOMEM;
    nc_total = 0;

    for (uint32_t a = 0; a < t->n; a++) {
        const struct pl__party *pa = &s->parties[t->party[a]];
        for (uint32_t pass = 0; pass < 2; pass++) {
            const uint32_t nc = pass ? pa->n_red_lines : pa->n_interactions;
            const struct pl__clause *cl =
                pass ? pa->red_lines : pa->interactions;
            if (pass)
                t->red_lo[a] = c;
            else
                t->int_lo[a] = c;
            for (uint32_t j = 0; j < nc; j++, c++) {
                int32_t last = -1;
                t->cl_value[c] = pass ? 0.0 : cl[j].value;
                set_bit((pass ? t->pred : t->pint) + (size_t)a * W, c);
                t->cl_party[c] = a;
                if (!pass)
                    set_bit(t->intm, c);
                t->cond_start[c] = t->cond_start[c + 1] = nc_total;
                if (!pass)
                    t->mag[a] += fabs(cl[j].value);
                if (pass) {
                    set_bit(t->red, c);
                    t->any_red = true;
                }
                for (uint32_t q = 0; q < cl[j].n_conds; q++) {
                    const struct pl__cond *cd = &cl[j].conds[q];
                    const uint32_t i = cd->issue;
                    bool trivial = true;
                    for (uint32_t k = 0; k < s->issues[i].n_options; k++)
                        if (!cd->allowed[k]) {
                            trivial = false;
                            set_bit(t->fail + (size_t)(s->opt_offset[i] + k) *
                                                  W,
                                    c);
                        }
                    if (!trivial && (int32_t)i > last)
                        last = (int32_t)i;
                    if (!trivial) {
                        t->cond_issue[nc_total] = i;
                        t->cond_allowed[nc_total] = cd->allowed;
                        t->cond_start[c + 1] = ++nc_total;
                    }
                }
                t->cl_last[c] = last;
                for (int32_t k = 0; k <= last; k++)
                    set_bit(t->open + (size_t)k * W, c);
            }
            if (pass)
                t->red_hi[a] = c;
            else
                t->int_hi[a] = c;
        }
    }
    (void)K;
    return PL_OK;
}

pl_status pl__bt_new(const pl_scenario *s, const uint32_t *party, uint32_t n,
                     struct pl__bt **out)
{
    struct pl__bt *t;
    const uint32_t I = s->n_issues, K = s->n_total_options;
    pl_status rc = PL_ENOMEM;

    *out = NULL;
    if (!s->fits_count)
        return PL_ETOOBIG;
    t = pl__calloc(1, sizeof *t);
    if (!t)
        return PL_ENOMEM;
    t->s = s;
    t->n = n;
    t->I = I;
    for (uint32_t a = 0; a < n; a++) {
        const struct pl__party *pa = &s->parties[party[a]];
        t->C += pa->n_interactions + pa->n_red_lines;
    }
    t->W = (t->C + 63) / 64;
    if (t->W == 0)
        t->W = 1;
    t->party = pl__calloc(n, sizeof *t->party);
    t->r = pl__calloc(n, sizeof *t->r);
    t->cap = pl__calloc(n, sizeof *t->cap);
    t->row = pl__calloc(n, sizeof *t->row);
    t->umx = pl__calloc((size_t)(I ? I : 1) * n, sizeof *t->umx);
    t->umn = pl__calloc((size_t)(I ? I : 1) * n, sizeof *t->umn);
    t->size = pl__calloc(I + 1, sizeof *t->size);
    t->wsize = pl__calloc(I + 1, sizeof *t->wsize);
    t->int_lo = pl__calloc(n, sizeof *t->int_lo);
    t->int_hi = pl__calloc(n, sizeof *t->int_hi);
    t->red_lo = pl__calloc(n, sizeof *t->red_lo);
    t->red_hi = pl__calloc(n, sizeof *t->red_hi);
    t->cl_value = pl__calloc(t->C ? t->C : 1, sizeof *t->cl_value);
    t->cl_last = pl__calloc(t->C ? t->C : 1, sizeof *t->cl_last);
    t->fail = pl__calloc((size_t)(K ? K : 1) * t->W, sizeof *t->fail);
    t->open = pl__calloc((size_t)(I + 1) * t->W, sizeof *t->open);
    t->red = pl__calloc(t->W, sizeof *t->red);
    t->mag = pl__calloc(n, sizeof *t->mag);
    t->cl_party = pl__calloc(t->C ? t->C : 1, sizeof *t->cl_party);
    t->intm = pl__calloc(t->W, sizeof *t->intm);
    if (!t->cl_party || !t->intm)
        goto fail;
    t->pint = pl__calloc((size_t)n * t->W, sizeof *t->pint);
    t->pred = pl__calloc((size_t)n * t->W, sizeof *t->pred);
    if (!t->mag || !t->pint || !t->pred || !t->party || !t->r || !t->cap || !t->row || !t->umx || !t->umn ||
        !t->size || !t->wsize || !t->int_lo || !t->int_hi || !t->red_lo || !t->red_hi ||
        !t->cl_value || !t->cl_last || !t->fail || !t->open || !t->red)
        goto fail;
    for (uint32_t a = 0; a < n; a++) {
        const struct pl__party *pa = &s->parties[party[a]];
        t->party[a] = party[a];
        t->r[a] = pa->reservation;
        t->cap[a] = pa->has_clamp ? pa->clamp_max : INFINITY;
        t->row[a] = s->U + (size_t)party[a] * K;
        for (uint32_t i = 0; i < I; i++) {
            const double *u = t->row[a] + s->opt_offset[i];
            double mx = u[0], mn = u[0];
            for (uint32_t k = 1; k < s->issues[i].n_options; k++) {
                mx = u[k] > mx ? u[k] : mx;
                mn = u[k] < mn ? u[k] : mn;
            }
            t->umx[(size_t)i * n + a] = mx;
            t->umn[(size_t)i * n + a] = mn;
            t->mag[a] += fabs(mx) > fabs(mn) ? fabs(mx) : fabs(mn);
        }
    }
    t->size[I] = 1;
    t->wsize[I] = pl_count_from_u64(1);
    for (uint32_t i = I; i-- > 0;) {
        t->wsize[i] = t->wsize[i + 1];
        (void)pl__count_mul_u64(&t->wsize[i], s->issues[i].n_options);
        if (!pl_count_to_u64(t->wsize[i], &t->size[i]))
            t->size[i] = UINT64_MAX;
    }
    rc = build_clauses(t);
    if (rc != PL_OK)
        goto fail;
    *out = t;
    return PL_OK;
fail:
    pl__bt_free(t);
    return rc;
}

void pl__bt_root(const struct pl__bt *t, double *s, uint64_t *dead)
{
    for (uint32_t p = 0; p < t->n; p++)
        s[p] = 0.0;
    for (uint32_t q = 0; q < t->W; q++)
        dead[q] = 0;
}

static inline bool bit(const uint64_t *m, uint32_t c)
{
    return m[c / 64] >> (c % 64) & 1;
}

void pl__bt_box(const struct pl__bt *t, uint32_t k, const double *s,
                const uint64_t *dead, double *lo, double *hi,
                struct pl__bt_red *red)
{
    const uint32_t n = t->n;
    const uint64_t *open = t->open + (size_t)k * t->W;

    for (uint32_t p = 0; p < n; p++) {
        double h = s[p], l = s[p];
        for (uint32_t i = k; i < t->I; i++) {
            h += t->umx[(size_t)i * n + p];
            l += t->umn[(size_t)i * n + p];
        }
        /* live interactions in declared order (clause order), skipping
         * dead ones by their bits */
        for (uint32_t q = 0; q < t->W; q++) {
            uint64_t live = t->pint[(size_t)p * t->W + q] & ~dead[q];
            while (live) {
                const uint32_t c = q * 64 + (uint32_t)__builtin_ctzll(live);
                const double v = t->cl_value[c];
                live &= live - 1;
                if (!(open[q] >> (c % 64) & 1)) {
                    h += v;
                    l += v;
                } else if (v > 0) {
                    h += v;
                } else {
                    l += v;
                }
            }
        }
        hi[p] = h > t->cap[p] ? t->cap[p] : h;
        lo[p] = l > t->cap[p] ? t->cap[p] : l;
    }
    if (!red)
        return;
    red->excl = red->maybe = 0;
    if (!t->any_red)
        return;
    for (uint32_t p = 0; p < n; p++)
        for (uint32_t q = 0; q < t->W; q++) {
            const uint64_t live = t->pred[(size_t)p * t->W + q] & ~dead[q];
            if (live & ~open[q])
                red->excl |= (uint64_t)1 << p;
            if (live & open[q])
                red->maybe |= (uint64_t)1 << p;
        }
}

bool pl__bt_any_alive(const struct pl__bt *t, uint32_t k, const uint64_t *dead)
{
    const uint64_t *open = t->open + (size_t)k * t->W;

    for (uint32_t q = 0; q < t->W; q++)
        if (open[q] & ~dead[q])
            return true;
    return false;
}

/* ---- weighted-sum bound ---- */

pl_status pl__bt_ws_init(const struct pl__bt *t, const double *lam,
                         struct pl__bt_ws *w)
{
    const uint32_t K = t->s->n_total_options;
    double M = 0;

    memset(w, 0, sizeof *w);
    w->base = pl__calloc(K ? K : 1, sizeof *w->base);
    w->acc = pl__calloc(K ? K : 1, sizeof *w->acc);
    if (!w->base || !w->acc)
        return PL_ENOMEM;
    for (uint32_t p = 0; p < t->n; p++) {
        w->lam[p] = lam[p];
        M += fabs(lam[p]) * t->mag[p];
        for (uint32_t slot = 0; slot < K && lam[p] != 0; slot++)
            w->base[slot] += lam[p] * t->row[p][slot];
    }
    /* Every computed utility is within (I + C) M_p 2^-53 of its real
     * value, and so is this bound's arithmetic within (I + C + n + 4) M
     * 2^-52 of the real weighted maximum; 2^-44 leaves a wide berth. */
    w->margin = (double)(t->I + t->C + t->n + 8) * M * 0x1p-44;
    return PL_OK;
}

void pl__bt_ws_free(struct pl__bt_ws *w)
{
    pl__free(w->base);
    pl__free(w->acc);
    w->base = w->acc = NULL;
}

double pl__bt_ws_bound(const struct pl__bt *t, struct pl__bt_ws *w,
                       uint32_t k, const double *s, const uint64_t *dead)
{
    const pl_scenario *sc = t->s;
    const uint64_t *open = t->open + (size_t)k * t->W;
    const uint32_t from = k < t->I ? sc->opt_offset[k] : 0;
    const uint32_t to = sc->n_total_options;
    double total = 0;

    if (k < t->I)
        memcpy(w->acc + from, w->base + from, (to - from) * sizeof *w->acc);
    for (uint32_t p = 0; p < t->n; p++) {
        const double lam = w->lam[p];
        double x = s[p];
        if (lam == 0)
            continue;
        for (uint32_t c = t->int_lo[p]; c < t->int_hi[p]; c++) {
            const double v = t->cl_value[c];
            uint32_t m = 0;
            if (bit(dead, c))
                continue;
            if (!bit(open, c)) {
                x += v;
                continue;
            }
            if (lam * v <= 0) /* at best it does not hold */
                continue;
            for (uint32_t j = t->cond_start[c]; j < t->cond_start[c + 1]; j++)
                m += t->cond_issue[j] >= k;
            for (uint32_t j = t->cond_start[c]; j < t->cond_start[c + 1];
                 j++) {
                const uint32_t i = t->cond_issue[j];
                const uint8_t *al = t->cond_allowed[j];
                double *acc = w->acc + sc->opt_offset[i];
                const double share = lam * v / m;
                if (i < k)
                    continue;
                for (uint32_t o = 0; o < sc->issues[i].n_options; o++)
                    acc[o] += al[o] ? share : 0.0;
            }
        }
        total += lam * x;
    }
    for (uint32_t i = k; i < t->I; i++) {
        const double *acc = w->acc + sc->opt_offset[i];
        double mx = acc[0];
        for (uint32_t o = 1; o < sc->issues[i].n_options; o++)
            mx = acc[o] > mx ? acc[o] : mx;
        total += mx;
    }
    return total + w->margin;
}
