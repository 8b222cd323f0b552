/* Bid lookup against brute force: on seeded random scenarios (with
 * interactions, red lines, ties), for every party and both back ends
 * (presorted index; prefix search with tails of 1..all issues),
 * closest(t) must reach the brute-force minimum distance (to 1e-9 of the
 * range for the index, PL__SEARCH_TOL for the search), at_least(t) the smallest
 * utility >= t, best_for(M, lo, hi) the brute-force maximum score, and max/min
 * the exact extremes. */
#include <math.h>

#include "core/alloc.h"
#include "negotiate/bidspace.h"
#include "pl_test.h"
#include "random_scenario.h"

static double score(const pl_scenario *s, const double *M, const uint32_t *o)
{
    double m = 0;

    for (uint32_t i = 0; i < s->n_issues; i++)
        m += M[s->opt_offset[i] + o[i]];
    return m;
}

static void check_space(const pl_scenario *s, size_t p, pl__bidspace *b,
                        pl_rng *r)
{
    const uint64_t N = s->n_outcomes_u64;
    uint32_t o[PL_MAX_ISSUES], got[PL_MAX_ISSUES];
    double umax = -INFINITY, umin = INFINITY;
    double *M = pl__calloc(s->n_total_options, sizeof *M);

    for (uint64_t x = 0; x < N; x++) {
        double u;
        pl_scenario_outcome_decode(s, x, o);
        u = pl_scenario_utility(s, p, o);
        umax = u > umax ? u : umax;
        umin = u < umin ? u : umin;
    }
    PL_CHECK_NEAR(pl__bidspace_max(b), umax, 1e-12);
    PL_CHECK_NEAR(pl__bidspace_min(b), umin, 1e-12);
    for (int q = 0; q < 40; q++) {
        const double t = umin - 0.1 + (umax - umin + 0.2) * pl_rng_uniform(r);
        const double tol =
            (pl__bidspace_is_indexed(b) ? 1e-9 : PL__SEARCH_TOL) *
                (umax - umin) +
            1e-12;
        double best = INFINITY, above = INFINITY, u, ua;
        bool has_above;
        for (uint64_t x = 0; x < N; x++) {
            double v;
            pl_scenario_outcome_decode(s, x, o);
            v = pl_scenario_utility(s, p, o);
            best = fabs(v - t) < best ? fabs(v - t) : best;
            if (v >= t && v < above)
                above = v;
        }
        u = pl__bidspace_closest(b, t, got);
        PL_CHECK_NEAR(u, pl_scenario_utility(s, p, got), 1e-12);
        PL_CHECK(fabs(u - t) <= best + tol);
        has_above = pl__bidspace_at_least(b, t, got, &ua);
        PL_CHECK_INT(has_above, above != INFINITY);
        if (has_above && above != INFINITY) {
            PL_CHECK(ua >= t);
            PL_CHECK_NEAR(ua, above, 1e-12);
            PL_CHECK_NEAR(ua, pl_scenario_utility(s, p, got), 1e-12);
        }
    }
    for (int q = 0; q < 20; q++) {
        double lo = umin + (umax - umin) * pl_rng_uniform(r);
        double hi = lo + (umax - umin) * 0.3 * pl_rng_uniform(r);
        double bf = -INFINITY;
        bool found = false, ok;
        if (q == 0) {
            lo = umax + 1;
            hi = umax + 2;
        }
        for (uint32_t k = 0; k < s->n_total_options; k++)
            M[k] = pl_rng_below(r, 3) == 0 ? 0.5 : pl_rng_uniform(r);
        for (uint64_t x = 0; x < N; x++) {
            double v;
            pl_scenario_outcome_decode(s, x, o);
            v = pl_scenario_utility(s, p, o);
            if (v >= lo && v <= hi && score(s, M, o) > bf) {
                bf = score(s, M, o);
                found = true;
            }
        }
        ok = pl__bidspace_best_for(b, M, lo, hi, 0, got);
        PL_CHECK_INT(ok, found);
        if (ok && found) {
            const double v = pl_scenario_utility(s, p, got);
            PL_CHECK(v >= lo && v <= hi);
            PL_CHECK_NEAR(score(s, M, got), bf, 1e-12);
        }
    }
    pl__free(M);
}

static void test_random_spaces(void)
{
    pl_rng r;
    const uint64_t seed = pl_test_seed(20261128);
    int spaces = 0;

    pl_rng_seed(&r, seed);
    for (int it = 0; it < 60; it++) {
        pl_scenario *s = rs_random(&r, 3000);
        for (size_t p = 0; p < s->n_parties; p++) {
            const uint32_t tails[3] = {PL__TAIL_MAX, 1, 7};
            pl__bidspace *b = NULL;
            PL_CHECK_INT(pl__bidspace_new(s, p, 0, 0, &b), PL_OK);
            PL_CHECK(pl__bidspace_is_indexed(b));
            check_space(s, p, b, &r);
            pl__bidspace_free(b);
            for (int k = 0; k < 3; k++) {
                b = NULL;
                PL_CHECK_INT(pl__bidspace_new(s, p, 1, tails[k], &b), PL_OK);
                pl__bidspace_set_budget(b, UINT64_MAX);
                if (s->n_issues > 1)
                    PL_CHECK(!pl__bidspace_is_indexed(b));
                check_space(s, p, b, &r);
                pl__bidspace_free(b);
                spaces++;
            }
        }
        pl_scenario_free(s);
    }
    fprintf(stderr, "%d search spaces checked\n", spaces);
}

/* A large additive space (10^12 outcomes): closest(t) lands within the
 * tolerance of t when t is reachable (values on a fine grid). */
static void test_large_space(void)
{
    uint32_t m[12];
    pl_scenario *s;
    pl__bidspace *b = NULL;
    pl_rng r;
    uint32_t o[12];

    for (int i = 0; i < 12; i++)
        m[i] = 10;
    s = rs_new(12, m, 2);
    pl_rng_seed(&r, 5);
    for (uint32_t p = 0; p < 2; p++)
        for (uint32_t i = 0; i < 12; i++) {
            s->parties[p].weight_raw[i] = 1 + pl_rng_uniform(&r);
            for (uint32_t k = 0; k < 10; k++)
                s->parties[p].v[i][k] = pl_rng_uniform(&r);
        }
    rs_compile(s);
    PL_CHECK_INT(pl__bidspace_new(s, 0, 0, 0, &b), PL_OK);
    PL_CHECK(!pl__bidspace_is_indexed(b));
    for (int q = 0; q < 200; q++) {
        const double t = 0.2 + 0.6 * pl_rng_uniform(&r);
        const double u = pl__bidspace_closest(b, t, o);
        PL_CHECK(fabs(u - t) < 1e-6);
        PL_CHECK_NEAR(u, pl_scenario_utility(s, 0, o), 1e-12);
    }
    pl__bidspace_free(b);
    pl_scenario_free(s);
}

int main(void)
{
    PL_RUN(test_random_spaces);
    PL_RUN(test_large_space);
    return pl_test_summary();
}
