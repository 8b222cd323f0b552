/* Bid pool against brute force (bidpool.h).  Seeded random non-linear
 * scenarios in the style of ANAC 2014 (boxes of 1-4 issues with interval
 * or arbitrary option sets; integer values over a "maxutility", so a grid;
 * or real values, no grid; sometimes negative boxes, additive terms and
 * constants), 10^3-10^5 outcomes:
 *   - every level is the utility of its outcome; levels ascend;
 *   - a gap reported proven holds no utility; a proven top / bottom is
 *     the brute-force maximum / minimum;
 *   - the level DP finds exactly the brute-force set of utilities;
 *   - closest(t) / at_least(t) reported exact equal brute force; reported
 *     approximate, they are within half the open gap of it, and never
 *     better than brute force;
 *   - the same inputs build byte-identical pools;
 *   - through pl__bidspace (clamped utilities), exact answers are exact;
 * and slices of the ANAC 2014 30- and 50-issue profiles (other issues
 * fixed at seeded random options) when ../shared is present. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "negotiate/bidpool.h"
#include "negotiate/bidspace.h"
#include "brute_utility.h"
#include "pl_test.h"
#include "random_scenario.h"
#if defined(__has_include)
#if __has_include("parley/genius.h")
#include "parley/genius.h"
#define HAVE_GENIUS 1
#endif
#endif

/* Totals of the approximation measurement, printed at the end. */
static struct {
    uint64_t queries, exact, approx;
    double worst, sum;
} g_acc;

static void check_pool(const pl_scenario *s, size_t p, const pl__bidpool *b,
                       const struct bf *f, pl_rng *r)
{
    pl__bidpool_stats st;
    const size_t L = pl__bidpool_size(b);
    const double range = f->u[f->N - 1] - f->u[0];
    double tol, open_max = 0;
    uint32_t o[PL_MAX_ISSUES];

    pl__bidpool_stats_get(b, &st);
    tol = st.quantum > 0 ? 0.25 * st.quantum : 1e-9 * (range > 0 ? range : 1);
    PL_CHECK(L >= 1);
    for (size_t j = 0; j < L; j++) {
        pl__bidpool_outcome(b, j, o);
        PL_CHECK(pl__bidpool_level(b, j) == bf_raw_u(s, p, o));
        if (j + 1 < L)
            PL_CHECK(pl__bidpool_level(b, j) < pl__bidpool_level(b, j + 1));
    }
    /* proven gaps: recompute which are open from the exactness flags */
    for (size_t j = 0; j + 1 < L; j++) {
        const double a = pl__bidpool_level(b, j),
                     c = pl__bidpool_level(b, j + 1);
        bool exact;
        pl__bidpool_closest(b, 0.5 * (a + c), o, &exact);
        if (exact)
            PL_CHECK(!bf_inside(f, a, c, tol));
        else
            open_max = c - a > open_max ? c - a : open_max;
    }
    PL_CHECK_NEAR(open_max, st.max_open_gap, 1e-12);
    if (st.top_exact)
        PL_CHECK(f->u[f->N - 1] <= pl__bidpool_level(b, L - 1) + tol);
    if (st.bottom_exact)
        PL_CHECK(f->u[0] >= pl__bidpool_level(b, 0) - tol);
    if (st.dp) { /* every distinct utility, no more */
        size_t k = 0, d = 0;
        for (uint64_t x = 0; x < f->N; x++)
            if (x == 0 || f->u[x] - f->u[x - 1] > tol)
                d++;
        PL_CHECK_INT(d, L);
        for (uint64_t x = 0; x < f->N && k < L; x++)
            if (x == 0 || f->u[x] - f->u[x - 1] > tol)
                PL_CHECK_NEAR(f->u[x], pl__bidpool_level(b, k++), tol);
        PL_CHECK_INT(st.open_gaps, 0);
    }
    for (int q = 0; q < 60; q++) {
        const double t =
            f->u[0] - 0.05 * range + 1.1 * range * pl_rng_uniform(r);
        const double best = bf_closest(f, t);
        bool exact, has;
        double u = pl__bidpool_closest(b, t, o, &exact), ua;
        const double miss = fabs(u - t);
        PL_CHECK(u == bf_raw_u(s, p, o));
        PL_CHECK(miss >= best - tol);
        g_acc.queries++;
        if (exact) {
            g_acc.exact++;
            PL_CHECK(miss <= best + tol);
        } else {
            g_acc.approx++;
            g_acc.sum += miss - best;
            g_acc.worst = miss - best > g_acc.worst ? miss - best : g_acc.worst;
            if (t > pl__bidpool_level(b, 0) && t < pl__bidpool_level(b, L - 1))
                PL_CHECK(miss - best <= 0.5 * st.max_open_gap + tol);
        }
        has = pl__bidpool_at_least(b, t, o, &ua, &exact);
        if (exact) {
            /* brute-force smallest utility >= t */
            const size_t lo = bf_lower(f, t);
            PL_CHECK_INT(has, lo < f->N);
            if (has && lo < f->N)
                PL_CHECK(fabs(ua - f->u[lo]) <= tol);
        }
        if (has) {
            PL_CHECK(ua >= t);
            PL_CHECK(ua == bf_raw_u(s, p, o));
        }
    }
}

static bool same_pool(const pl__bidpool *a, const pl__bidpool *b, uint32_t n)
{
    uint32_t x[PL_MAX_ISSUES], y[PL_MAX_ISSUES];

    if (pl__bidpool_size(a) != pl__bidpool_size(b))
        return false;
    for (size_t j = 0; j < pl__bidpool_size(a); j++) {
        pl__bidpool_outcome(a, j, x);
        pl__bidpool_outcome(b, j, y);
        if (pl__bidpool_level(a, j) != pl__bidpool_level(b, j) ||
            memcmp(x, y, n * sizeof *x) != 0)
            return false;
    }
    return true;
}

/* ANAC 2014-style party: boxes over intervals (or arbitrary sets). */
static pl_scenario *random_nonlinear(pl_rng *r, uint64_t max_outcomes,
                                     bool *grid)
{
    uint32_t m[PL_MAX_ISSUES], n;
    uint64_t total;
    pl_scenario *s;
    const unsigned maxu = 50 + (unsigned)pl_rng_below(r, 400);
    const int kind = (int)pl_rng_below(r, 4); /* 0-1 grid, 2 real, 3 mixed */

    do {
        n = 3 + (uint32_t)pl_rng_below(r, 5);
        total = 1;
        for (uint32_t i = 0; i < n; i++) {
            m[i] = 2 + (uint32_t)pl_rng_below(r, 9);
            total *= m[i];
        }
    } while (total > max_outcomes);
    s = rs_new(n, m, 2);
    *grid = kind < 2;
    for (uint32_t p = 0; p < 2; p++) {
        struct pl__party *pa = &s->parties[p];
        const uint32_t nb = 3 + (uint32_t)pl_rng_below(r, 22);
        pa->weights_as_written = true;
        if (kind == 1 || kind == 3) /* additive terms too */
            for (uint32_t i = 0; i < n; i++) {
                pa->weight_raw[i] = 1;
                for (uint32_t k = 0; k < m[i]; k++)
                    pa->v[i][k] = kind == 1 ? (double)pl_rng_below(r, 20) / maxu
                                            : 0.05 * pl_rng_uniform(r);
            }
        for (uint32_t c = 0; c < nb; c++) {
            uint32_t issues[4], allowed[4],
                nc = 1 + (uint32_t)pl_rng_below(r, 4);
            double v;
            nc = nc > n ? n : nc;
            for (uint32_t j = 0; j < nc; j++) {
                bool dup;
                do {
                    issues[j] = (uint32_t)pl_rng_below(r, n);
                    dup = false;
                    for (uint32_t q = 0; q < j; q++)
                        dup |= issues[q] == issues[j];
                } while (dup);
                if (pl_rng_below(r, 4)) { /* an interval, as ANAC 2014 */
                    const uint32_t a = (uint32_t)pl_rng_below(r, m[issues[j]]);
                    const uint32_t z =
                        a + (uint32_t)pl_rng_below(r, m[issues[j]] - a);
                    allowed[j] = (uint32_t)(((1ull << (z + 1)) - 1) &
                                            ~((1ull << a) - 1));
                } else {
                    allowed[j] =
                        (uint32_t)pl_rng_below(r, (1ull << m[issues[j]]) - 1) +
                        1;
                }
            }
            v = kind == 0 || kind == 1
                    ? (double)(1 + pl_rng_below(r, 100)) / maxu
                    : pl_rng_uniform(r) * 0.2;
            if (pl_rng_below(r, 6) == 0)
                v = -v;
            rs_clause(s, p, false, v, nc, issues, allowed);
        }
        if (pl_rng_below(r, 4) == 0) /* a constant term */
            rs_clause(s, p, false, *grid ? 3.0 / maxu : 0.0123, 0, NULL, NULL);
    }
    rs_compile(s);
    return s;
}

static void test_random(void)
{
    pl_rng r;
    int pools = 0, dp = 0, grids = 0;

    pl_rng_seed(&r, pl_test_seed(20261129));
    for (int it = 0; it < 26; it++) {
        bool grid;
        pl_scenario *s = random_nonlinear(&r, it < 23 ? 5000 : 100000, &grid);
        for (size_t p = 0; p < 2; p++) {
            struct bf f;
            pl__bidpool *b = NULL, *b2 = NULL;
            pl__bidpool_opts def = {0, 0, 100000, 0, false};
            pl__bidpool_opts small = {300, 40, 500, 0, true};
            pl__bidpool_opts tiny_levels = {0, 0, 0, 8, true};
            pl__bidpool_stats st;
            bf_build(s, p, &f);
            /* defaults */
            PL_CHECK_INT(pl__bidpool_new(s, p, it < 4 ? NULL : &def, &b),
                         PL_OK);
            pl__bidpool_stats_get(b, &st);
            grids += st.quantum > 0;
            dp += st.dp;
            if (grid)
                PL_CHECK(st.quantum > 0);
            check_pool(s, p, b, &f, &r);
            PL_CHECK_INT(pl__bidpool_new(s, p, it < 4 ? NULL : &def, &b2),
                         PL_OK);
            PL_CHECK(same_pool(b, b2, s->n_issues));
            pl__bidpool_free(b2);
            pl__bidpool_free(b);
            /* searches only, tight budgets: open gaps, still sound */
            b = NULL;
            PL_CHECK_INT(pl__bidpool_new(s, p, &small, &b), PL_OK);
            check_pool(s, p, b, &f, &r);
            pl__bidpool_free(b);
            b = NULL;
            PL_CHECK_INT(pl__bidpool_new(s, p, &tiny_levels, &b), PL_OK);
            check_pool(s, p, b, &f, &r);
            pl__bidpool_free(b);
            pl__free(f.u);
            pools += 3;
        }
        pl_scenario_free(s);
    }
    fprintf(stderr,
            "%d pools (%d with a grid, %d by the level DP); %llu queries: "
            "%llu exact, %llu approximate, mean excess %.3g, worst %.3g\n",
            pools, grids, dp, (unsigned long long)g_acc.queries,
            (unsigned long long)g_acc.exact, (unsigned long long)g_acc.approx,
            g_acc.approx ? g_acc.sum / g_acc.approx : 0, g_acc.worst);
    PL_CHECK(dp > 0);
}

/* Through pl__bidspace (index_max 1 forces the pool), with GENIUS's clamp:
 * answers reported exact are the brute-force closest clamped utility. */
static void test_bidspace_clamp(void)
{
    pl_rng r;

    pl_rng_seed(&r, pl_test_seed(77));
    for (int it = 0; it < 20; it++) {
        bool grid;
        pl_scenario *s = random_nonlinear(&r, 20000, &grid);
        const uint64_t N = s->n_outcomes_u64;
        for (size_t p = 0; p < 2; p++) {
            struct pl__party *pa = &s->parties[p];
            pl__bidspace *b = NULL;
            double *u = pl__calloc(N, sizeof *u);
            uint32_t o[PL_MAX_ISSUES];
            double lo = INFINITY, hi = -INFINITY;
            for (uint64_t x = 0; x < N; x++) {
                pl_scenario_outcome_decode(s, x, o);
                u[x] = bf_raw_u(s, p, o);
                lo = u[x] < lo ? u[x] : lo;
                hi = u[x] > hi ? u[x] : hi;
            }
            pa->has_clamp = it % 2 == 0;
            pa->clamp_max = lo + 0.8 * (hi - lo);
            for (uint64_t x = 0; x < N; x++)
                if (pa->has_clamp && u[x] > pa->clamp_max)
                    u[x] = pa->clamp_max;
            PL_CHECK_INT(pl__bidspace_new(s, p, 1, 0, &b), PL_OK);
            PL_CHECK(pl__bidspace_pool(b) != NULL);
            PL_CHECK_NEAR(pl__bidspace_max(b),
                          pa->has_clamp ? pa->clamp_max : hi, 1e-9);
            for (int q = 0; q < 50; q++) {
                const double t =
                    lo - 0.1 + (hi - lo + 0.2) * pl_rng_uniform(&r);
                double best = INFINITY, got;
                bool exact;
                for (uint64_t x = 0; x < N; x++)
                    best = fabs(u[x] - t) < best ? fabs(u[x] - t) : best;
                got = pl__bidspace_closest_x(b, t, o, &exact);
                PL_CHECK_NEAR(got, pl_scenario_utility(s, p, o), 1e-12);
                PL_CHECK(fabs(got - t) >= best - 1e-9);
                if (exact)
                    PL_CHECK(fabs(got - t) <= best + 1e-9);
            }
            {
                /* best_for on the pool: in the band, whatever the model */
                double *M = pl__calloc(s->n_total_options, sizeof *M);
                const double blo = lo + 0.3 * (hi - lo),
                             bhi = blo + 0.2 * (hi - lo);
                for (uint32_t k = 0; k < s->n_total_options; k++)
                    M[k] = pl_rng_uniform(&r);
                if (pl__bidspace_best_for(b, M, blo, bhi, 0, o)) {
                    const double v = pl_scenario_utility(s, p, o);
                    PL_CHECK(v >= blo - 1e-12 && v <= bhi + 1e-12);
                }
                pl__free(M);
            }
            pl__bidspace_free(b);
            pl__free(u);
            pa->has_clamp = false;
        }
        pl_scenario_free(s);
    }
}

#ifdef HAVE_GENIUS
static void test_anac_slices(void)
{
    pl_rng r;
    int done = 0;

    pl_rng_seed(&r, pl_test_seed(2014));
    for (int d = 0; d < 2; d++) {
        pl_scenario *full = NULL;
        const char *dir;
        pl_diag dg;
        if (bf_anac_load(PL_SHARED_DIR, d, &full, &dir, &dg) != PL_OK) {
            fprintf(stderr, "skip: %s not loadable (%s)\n", dir, dg.message);
            continue;
        }
        for (size_t p = 0; p < 2; p++)
            for (int k = 0; k < 2; k++) {
                pl_scenario *s = bf_anac_slice(full, p, 5, &r);
                struct bf f;
                pl__bidpool *b = NULL;
                pl__bidpool_opts nodp = {0, 0, 20000, 0, true};
                pl__bidpool_stats st;
                bf_build(s, 0, &f);
                PL_CHECK_INT(pl__bidpool_new(s, 0, NULL, &b), PL_OK);
                pl__bidpool_stats_get(b, &st);
                PL_CHECK(st.quantum > 0);
                check_pool(s, 0, b, &f, &r);
                pl__bidpool_free(b);
                b = NULL;
                PL_CHECK_INT(pl__bidpool_new(s, 0, &nodp, &b), PL_OK);
                check_pool(s, 0, b, &f, &r);
                pl__bidpool_free(b);
                pl__free(f.u);
                pl_scenario_free(s);
                done++;
            }
        pl_scenario_free(full);
    }
    fprintf(stderr, "%d ANAC 2014 slices checked\n", done);
}
#endif

int main(void)
{
    PL_RUN(test_random);
    PL_RUN(test_bidspace_clamp);
#ifdef HAVE_GENIUS
    PL_RUN(test_anac_slices);
#endif
    return pl_test_summary();
}
