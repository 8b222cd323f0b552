/* Tests of the exact tail zone counts (zone_tail.c) against brute force:
 * random additive scenarios with 2-6 parties built to put outcomes on
 * the reservations (reservations equal to an outcome's reference utility
 * or one ulp off, the same outcome on every party's reservation, decimal
 * fractions, exact ties, per-entry magnitudes 2^-30..2^30, huge, tiny and
 * subnormal values), every split of the issues into prefix and tail,
 * every rank-bitset granularity from 1 to beyond the tail; the sum over
 * all prefixes (their reference partial sums) must equal the brute-force
 * zone count exactly.  Without the rounding band the count must go wrong
 * in some cases, or these cases would not test it. */
#include <math.h>
#include <string.h>

#include "../../tests/pl_test.h"
#include "../../tests/random_scenario.h"
#include "zone_tail.h"

static pl_scenario *tie_scenario(pl_rng *r, uint32_t *n_out)
{
    uint32_t m[10], ni, n;
    uint64_t N;
    pl_scenario *s;
    const int mode = (int)pl_rng_below(r, 6);
    const bool same = pl_rng_below(r, 2) == 0;
    uint64_t x0;

    do {
        ni = 1 + (uint32_t)pl_rng_below(r, 10);
        N = 1;
        for (uint32_t i = 0; i < ni; i++) {
            m[i] = 1 + (uint32_t)pl_rng_below(r, ni > 6 ? 3 : 6);
            N *= m[i];
        }
    } while (N > 3000 || N < 4);
    n = 2 + (uint32_t)pl_rng_below(r, 5);
    s = rs_new(ni, m, n);
    for (uint32_t p = 0; p < n; p++) {
        struct pl__party *pa = &s->parties[p];
        for (uint32_t i = 0; i < ni; i++) {
            pa->weight_raw[i] = 1 + (double)pl_rng_below(r, 3);
            for (uint32_t k = 0; k < m[i]; k++)
                pa->v[i][k] = (double)pl_rng_below(r, 11) / 10;
        }
    }
    rs_compile(s);
    for (size_t x = 0; x < (size_t)n * s->n_total_options; x++) {
        double *u = &s->U[x];
        switch (mode) {
        case 1:
            *u = (double)pl_rng_below(r, 8) / 10;
            break;
        case 2:
            *u = ldexp(*u, (int)pl_rng_below(r, 61) - 30);
            break;
        case 3:
            *u *= 1e306;
            break;
        case 4:
            *u *= pl_rng_below(r, 2) ? 1e-300 : 1e-310;
            break;
        default:
            break;
        }
    }
    x0 = pl_rng_below(r, N);
    rs_reserve_on_outcomes(s, r, n, same, x0);
    *n_out = n;
    return s;
}

static uint64_t brute(const pl_scenario *s, uint32_t n)
{
    uint32_t o[10];
    uint64_t cnt = 0;

    for (uint64_t x = 0; x < s->n_outcomes_u64; x++) {
        bool in = true;
        pl_scenario_outcome_decode(s, x, o);
        for (uint32_t p = 0; p < n && in; p++)
            in = pl_scenario_utility(s, p, o) >= s->parties[p].reservation;
        cnt += in;
    }
    return cnt;
}

/* Sum of the tail counts over every prefix of issues [0, first). */
static pl_status by_tail(const pl_scenario *s, uint32_t n, uint32_t first,
                         uint32_t gran, uint64_t *out, uint64_t *band)
{
    const double *row[8];
    double r[8], v[8];
    struct pl__ztail *z;
    uint32_t dig[10];
    uint64_t P = 1;
    pl_status rc;

    for (uint32_t p = 0; p < n; p++) {
        row[p] = s->U + (size_t)p * s->n_total_options;
        r[p] = s->parties[p].reservation;
    }
    rc = pl__ztail_new(s, row, r, n, first, gran, &z);
    if (rc != PL_OK)
        return rc;
    for (uint32_t i = 0; i < first; i++)
        P *= s->issues[i].n_options;
    *out = 0;
    for (uint64_t b = 0; b < P; b++) {
        uint64_t rest = b;
        for (uint32_t i = first; i-- > 0;) {
            dig[i] = (uint32_t)(rest % s->issues[i].n_options);
            rest /= s->issues[i].n_options;
        }
        for (uint32_t p = 0; p < n; p++) {
            double x = 0;
            for (uint32_t i = 0; i < first; i++)
                x += row[p][s->opt_offset[i] + dig[i]];
            v[p] = x;
        }
        *out += pl__ztail_count(z, v, band);
    }
    pl__ztail_free(z);
    return PL_OK;
}

static void test_twin(void)
{
    const uint64_t seed = pl_test_seed(20261128);
    static const uint32_t grans[] = {0, 1, 2, 8, 64, 4096};
    int runs = 0, band_runs = 0, wrong = 0, bad = 0;
    pl_rng r;

    pl_rng_seed(&r, seed);
    for (int cs = 0; cs < 300 && !bad; cs++) {
        uint32_t n;
        pl_scenario *s = tie_scenario(&r, &n);
        const uint64_t truth = brute(s, n);
        bool differs = false;

        for (uint32_t first = 0; first <= s->n_issues && !bad; first++) {
            for (size_t g = 0; g < sizeof grans / sizeof *grans; g++) {
                uint64_t got = 0, band = 0;
                PL_CHECK_INT(by_tail(s, n, first, grans[g], &got, &band),
                             PL_OK);
                runs++;
                band_runs += band > 0;
                if (got != truth) {
                    fprintf(stderr,
                            "case %d (seed %llu): split %u, granularity %u: "
                            "%llu != %llu\n",
                            cs, (unsigned long long)seed, first, grans[g],
                            (unsigned long long)got,
                            (unsigned long long)truth);
                    PL_CHECK(got == truth);
                    bad = 1;
                    break;
                }
            }
        }
        /* no band: must go wrong somewhere */
        pl__ztail_zero_delta = true;
        for (uint32_t first = 0; first <= s->n_issues && !differs; first++) {
            uint64_t got = 0;
            if (by_tail(s, n, first, 0, &got, NULL) == PL_OK)
                differs = got != truth;
        }
        pl__ztail_zero_delta = false;
        wrong += differs;
        pl_scenario_free(s);
    }
    fprintf(stderr,
            "zone tail twin: %d counts checked, %d with outcomes in the "
            "rounding band; without the band %d of 300 scenarios go wrong\n",
            runs, band_runs, wrong);
    PL_CHECK(band_runs > 500);
    PL_CHECK(wrong >= 10);
}

static void test_limits(void)
{
    uint32_t m[16];
    pl_scenario *s;
    struct pl__ztail *z = NULL;
    const double *row[3];
    double r[3] = {0, 0, 0};

    for (int i = 0; i < 16; i++)
        m[i] = 2;
    s = rs_new(16, m, 3);
    for (uint32_t p = 0; p < 3; p++)
        for (uint32_t i = 0; i < 16; i++)
            s->parties[p].weight_raw[i] = 1;
    rs_compile(s);
    for (uint32_t p = 0; p < 3; p++)
        row[p] = s->U + (size_t)p * s->n_total_options;
    /* 2^16 tail outcomes: too many */
    PL_CHECK_INT(pl__ztail_new(s, row, r, 3, 0, 0, &z), PL_ETOOBIG);
    PL_CHECK(z == NULL);
    PL_CHECK_INT(pl__ztail_new(s, row, r, 3, 1, 0, &z), PL_OK);
    if (z) {
        const double v[3] = {0, 0, 0};
        PL_CHECK_INT(pl__ztail_size(z), 32768);
        /* all values 0, reservations 0: everything is in (on the band) */
        PL_CHECK_INT(pl__ztail_count(z, v, NULL), 32768);
        pl__ztail_free(z);
    }
    r[1] = INFINITY;
    PL_CHECK_INT(pl__ztail_new(s, row, r, 3, 8, 0, &z), PL_ETOOBIG);
    pl_scenario_free(s);
}

int main(void)
{
    PL_RUN(test_twin);
    PL_RUN(test_limits);
    fprintf(stderr, "%d checks, %d failures\n", pl_test_checks,
            pl_test_failures);
    return pl_test_failures != 0;
}
