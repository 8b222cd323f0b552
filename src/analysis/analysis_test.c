/* Tests of pl_analyze(): a brute-force twin (decode every index, reference
 * utilities, O(N^2) dominance, plain argmax per concept) compared field by
 * field, exactly, with the engine on hundreds of random scenarios, for
 * 1, 2 and 3 threads and several block/chunk tunings; hand-worked cases;
 * limits and out-of-memory behaviour. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "analysis/analyze_int.h"
#include "core/alloc.h"
#include "parley/analysis.h"
#include "pl_test.h"
#include "random_scenario.h"
#include "same_analysis.h"
#include "core/sort.h"

/* ---- the brute-force twin ---- */

struct twin {
    size_t n;
    uint32_t party[64];
    double r[64], umin[64], umax[64], zone_best[64];
    uint64_t N, zone_count;
    uint64_t pareto_count, pareto_vectors, pareto_zone_count,
        pareto_zone_vectors;
    size_t n_hopeless;
    uint32_t hopeless[64];
    bool found[PL_CONCEPT_COUNT];
    uint64_t idx[PL_CONCEPT_COUNT];
    double val[PL_CONCEPT_COUNT];
    size_t n_points;
    uint64_t *points; /* indices, sorted by welfare desc then index */
    double *u;        /* N * n */
    bool *zone;       /* N */
};

static double tw_welfare(const double *u, size_t n)
{
    double w = 0.0;
    for (size_t p = 0; p < n; p++)
        w += u[p];
    return w;
}

static const double *tw_sort_u;
static size_t tw_sort_n;

static int tw_cmp_points(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    const double wx = tw_welfare(tw_sort_u + x * tw_sort_n, tw_sort_n);
    const double wy = tw_welfare(tw_sort_u + y * tw_sort_n, tw_sort_n);
    if (wx != wy)
        return wx > wy ? -1 : 1;
    return (x > y) - (x < y);
}

static bool tw_dominates(const double *a, const double *b, size_t n)
{
    bool strict = false;
    for (size_t p = 0; p < n; p++) {
        if (a[p] < b[p])
            return false;
        if (a[p] > b[p])
            strict = true;
    }
    return strict;
}

static void twin_free(struct twin *t)
{
    free(t->points);
    free(t->u);
    free(t->zone);
}

static void twin_analyze(const pl_scenario *s, uint64_t top, struct twin *t)
{
    const size_t np = pl_scenario_party_count(s);
    uint32_t o[16];
    bool *nash_ok, *front, *reach;
    double best_p[64];

    memset(t, 0, sizeof *t);
    for (size_t p = 0; p < np; p++)
        if (pl_scenario_party_role(s, p) != PL_ROLE_OBSERVER &&
            pl_scenario_party_has_utility(s, p)) {
            t->r[t->n] = pl_scenario_party_reservation(s, p);
            t->party[t->n++] = (uint32_t)p;
        }
    pl_scenario_outcome_count_u64(s, &t->N);
    t->u = calloc(t->N * t->n, sizeof *t->u);
    t->zone = calloc(t->N, 1);
    nash_ok = calloc(t->N, 1);
    front = calloc(t->N, 1);
    reach = calloc(t->n, 1);
    for (size_t j = 0; j < t->n; j++) {
        t->umin[j] = INFINITY;
        t->umax[j] = -INFINITY;
        best_p[j] = -INFINITY;
    }
    for (uint64_t x = 0; x < t->N; x++) {
        double *u = t->u + x * t->n;
        bool any_red = false, z = true, nk = true;
        pl_scenario_outcome_decode(s, x, o);
        for (size_t j = 0; j < t->n; j++) {
            const bool own = pl_scenario_crosses_red_line(s, t->party[j], o);
            u[j] = pl_scenario_utility(s, t->party[j], o);
            any_red = any_red || own;
            if (u[j] >= t->r[j] && !own)
                reach[j] = true;
            if (u[j] < t->umin[j])
                t->umin[j] = u[j];
            if (u[j] > t->umax[j])
                t->umax[j] = u[j];
            z = z && u[j] >= t->r[j];
            nk = nk && u[j] > t->r[j];
        }
        t->zone[x] = z && !any_red;
        nash_ok[x] = nk && !any_red;
        if (t->zone[x]) {
            t->zone_count++;
            for (size_t j = 0; j < t->n; j++)
                if (u[j] > best_p[j])
                    best_p[j] = u[j];
        }
    }
    for (size_t j = 0; j < t->n; j++) {
        t->zone_best[j] = t->zone_count ? best_p[j] : NAN;
        if (!reach[j])
            t->hopeless[t->n_hopeless++] = (uint32_t)j;
    }
    /* concepts: plain argmax, strict > so ties keep the lowest index */
    for (int c = 0; c < PL_CONCEPT_COUNT; c++)
        t->val[c] = -INFINITY;
    for (uint64_t x = 0; x < t->N; x++) {
        const double *u = t->u + x * t->n;
        double v[PL_CONCEPT_COUNT];
        v[PL_NASH] = 1.0;
        v[PL_KALAI_SMORODINSKY] = INFINITY;
        v[PL_EGALITARIAN] = INFINITY;
        v[PL_MAX_WELFARE] = 0.0;
        for (size_t j = 0; j < t->n; j++) {
            const double d = u[j] - t->r[j];
            const double q =
                best_p[j] == t->r[j] ? 1.0 : d / (best_p[j] - t->r[j]);
            v[PL_NASH] *= d;
            if (q < v[PL_KALAI_SMORODINSKY])
                v[PL_KALAI_SMORODINSKY] = q;
            if (d < v[PL_EGALITARIAN])
                v[PL_EGALITARIAN] = d;
            v[PL_MAX_WELFARE] += u[j];
        }
        for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
            const bool ok = c == PL_NASH ? nash_ok[x] : t->zone[x];
            if (ok && (!t->found[c] || v[c] > t->val[c])) {
                t->found[c] = true;
                t->val[c] = v[c];
                t->idx[c] = x;
            }
        }
    }
    /* frontier: O(N^2) dominance */
    for (uint64_t x = 0; x < t->N; x++) {
        bool dom = false;
        for (uint64_t y = 0; y < t->N && !dom; y++)
            dom = tw_dominates(t->u + y * t->n, t->u + x * t->n, t->n);
        front[x] = !dom;
    }
    t->points = calloc(t->N ? t->N : 1, sizeof *t->points);
    for (uint64_t x = 0; x < t->N; x++) {
        bool first = true, first_zone = true;
        if (!front[x])
            continue;
        t->pareto_count++;
        t->pareto_zone_count += t->zone[x];
        for (uint64_t y = 0; y < x; y++) {
            if (!front[y] || memcmp(t->u + y * t->n, t->u + x * t->n,
                                    t->n * sizeof *t->u) != 0)
                continue;
            first = false;
            if (t->zone[y])
                first_zone = false;
        }
        t->pareto_vectors += first;
        t->pareto_zone_vectors += t->zone[x] && first_zone;
        t->points[t->n_points++] = x;
    }
    tw_sort_u = t->u;
    tw_sort_n = t->n;
    pl__qsort(t->points, t->n_points, sizeof *t->points, tw_cmp_points);
    if (top && t->n_points > top)
        t->n_points = (size_t)top;
    free(nash_ok);
    free(front);
    free(reach);
}

/* ---- exact comparison ---- */

static int compare(const pl_scenario *s, const pl_analysis *a,
                   const struct twin *t)
{
    const int before = pl_test_failures;
    const size_t ni = pl_scenario_issue_count(s);

    PL_CHECK_INT(a->n_parties, t->n);
    if (a->n_parties != t->n)
        return 1;
    PL_CHECK_COUNT(a->n_outcomes, t->N);
    PL_CHECK_COUNT(a->zone_count, t->zone_count);
    PL_CHECK_COUNT(a->pareto_count, t->pareto_count);
    PL_CHECK_INT(a->pareto_vectors, t->pareto_vectors);
    PL_CHECK_COUNT(a->pareto_zone_count, t->pareto_zone_count);
    PL_CHECK_INT(a->pareto_zone_vectors, t->pareto_zone_vectors);
    for (size_t j = 0; j < t->n; j++) {
        PL_CHECK_INT(a->party[j], t->party[j]);
        PL_CHECK(a->reservation[j] == t->r[j]);
        PL_CHECK(a->umin[j] == t->umin[j]);
        PL_CHECK(a->umax[j] == t->umax[j]);
        PL_CHECK(same_double(a->zone_best[j], t->zone_best[j]));
    }
    PL_CHECK_INT(a->n_hopeless, t->n_hopeless);
    for (size_t k = 0; k < t->n_hopeless && k < a->n_hopeless; k++)
        PL_CHECK_INT(a->hopeless[k], t->hopeless[k]);
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        PL_CHECK_INT(a->found[c], t->found[c]);
        if (!a->found[c] || !t->found[c])
            continue;
        PL_CHECK_INT(a->concept[c].index, t->idx[c]);
        if (a->concept[c].value != t->val[c])
            fprintf(stderr, "concept %s value %.17g vs %.17g\n",
                    pl_concept_key((pl_concept)c), a->concept[c].value,
                    t->val[c]);
        PL_CHECK(a->concept[c].value == t->val[c]);
        PL_CHECK(a->concept[c].in_zone);
        for (size_t j = 0; j < t->n; j++)
            PL_CHECK(a->concept[c].utility[j] == t->u[t->idx[c] * t->n + j]);
    }
    PL_CHECK_INT(a->n_points, t->n_points);
    for (size_t k = 0; k < t->n_points && k < a->n_points; k++) {
        const pl_package *pk = &a->points[k];
        const uint64_t x = t->points[k];
        uint32_t o[16];
        PL_CHECK_INT(pk->index, x);
        pl_scenario_outcome_decode(s, x, o);
        for (size_t i = 0; i < ni; i++)
            PL_CHECK_INT(pk->outcome[i], o[i]);
        for (size_t j = 0; j < t->n; j++)
            PL_CHECK(pk->utility[j] == t->u[x * t->n + j]);
        PL_CHECK(pk->value == tw_welfare(t->u + x * t->n, t->n));
        PL_CHECK_INT(pk->in_zone, t->zone[x]);
    }
    return pl_test_failures != before;
}

/* ---- randomised cross-checks ---- */

static int random_cases = 0;

static void test_random_twin(void)
{
    const uint64_t seed = pl_test_seed(20261128);
    static const pl__analyze_tuning tunings[] = {
        /* the fast path where it applies, and the general kernels on
         * the same scenarios (no_fast) */
        {0, 0, 0, false, false, false},  {1, 1, 4, false, false, false},
        {2, 3, 8, false, false, false},  {5, 1, 4, true, false, false},
        {16, 2, 0, false, false, false}, {64, 0, 4, true, false, false}};
    int st_zone = 0, st_ties = 0, st_hopeless = 0, st_nash_out = 0,
        st_partial_zone = 0;
    pl_rng r;

    pl_rng_seed(&r, seed);
    for (int cs = 0; cs < 400; cs++) {
        pl_scenario *s = rs_random(&r, cs < 300 ? 400 : 1500);
        pl_analysis_opts o = pl_analysis_opts_default();
        struct twin t;
        int bad = 0;

        o.top = pl_rng_below(&r, 3) == 0 ? 1 + pl_rng_below(&r, 6) : 0;
        twin_analyze(s, o.top, &t);
        for (unsigned th = 1; th <= 3 && !bad; th++) {
            for (size_t k = 0; k < sizeof tunings / sizeof *tunings; k++) {
                pl_analysis *a = NULL;
                pl_status rc;
                o.threads = th;
                rc = pl__analyze_tuned(s, &o, &tunings[k], &a, NULL);
                PL_CHECK_INT(rc, PL_OK);
                if (rc == PL_OK && compare(s, a, &t)) {
                    fprintf(stderr,
                            "random case %d (seed %llu): mismatch with %u "
                            "threads, tuning %zu\n",
                            cs, (unsigned long long)seed, th, k);
                    bad = 1;
                }
                pl_analysis_free(a);
                if (bad)
                    break;
            }
        }
        random_cases++;
        st_zone += t.zone_count > 0;
        st_ties += t.pareto_count > t.pareto_vectors;
        st_hopeless += t.n_hopeless > 0;
        st_nash_out += t.found[PL_NASH] && t.found[PL_MAX_WELFARE] &&
                       t.idx[PL_NASH] != t.idx[PL_MAX_WELFARE];
        st_partial_zone +=
            t.pareto_zone_count > 0 && t.pareto_zone_count < t.pareto_count;
        twin_free(&t);
        pl_scenario_free(s);
        if (bad)
            break;
    }
    fprintf(stderr,
            "%d random scenarios checked (x3 thread counts x6 tunings): "
            "%d with a zone, %d with tied frontier vectors, %d with a "
            "hopeless party, %d with Nash != max welfare, %d with part of "
            "the frontier in the zone\n",
            random_cases, st_zone, st_ties, st_hopeless, st_nash_out,
            st_partial_zone);
}

/* ---- the fast path's rounding band, hit on purpose ---- */

/* An additive scenario (fast path) built to put outcomes at and next to
 * a reservation value: 2-4 parties, up to 11 issues, values
 * on coarse grids or decimal fractions (0.1 + 0.2 != 0.3 in binary), U
 * rescaled per entry by powers of two (mixed magnitudes: rounding
 * differs between summation orders) or overall to huge, tiny or
 * subnormal magnitudes, and reservations equal to an outcome's exact
 * utility or one ulp either side of it. */
static pl_scenario *band_scenario(pl_rng *r, int *mode_out)
{
    uint32_t m[11], ni, n;
    uint64_t N;
    pl_scenario *s;
    const int mode = (int)pl_rng_below(r, 6);

    do {
        ni = 1 + (uint32_t)pl_rng_below(r, 11);
        N = 1;
        for (uint32_t i = 0; i < ni; i++) {
            m[i] = 1 + (uint32_t)pl_rng_below(r, ni > 6 ? 3 : 6);
            N *= m[i];
        }
    } while (N > 2000 || N < 4);
    n = 2 + (uint32_t)pl_rng_below(r, 5) / 2; /* 2: 40%, 3: 40%, 4: 20% */
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
        case 1: /* decimal fractions, unweighted: many near-ties */
            *u = (double)pl_rng_below(r, 8) / 10;
            break;
        case 2: /* mixed magnitudes */
            *u = ldexp(*u, (int)pl_rng_below(r, 61) - 30);
            break;
        case 3: /* huge (sums stay finite) */
            *u *= 1e306;
            break;
        case 4: /* tiny, and subnormal */
            *u *= pl_rng_below(r, 2) ? 1e-300 : 1e-310;
            break;
        default:
            break;
        }
    }
    /* half the time one outcome sits on every party's reservation (an
     * outcome on the band for all parties at once; 3-4 parties otherwise
     * rarely have a zone) */
    const bool same = pl_rng_below(r, 2) == 0;
    const uint64_t x0 = pl_rng_below(r, N);
    rs_reserve_on_outcomes(s, r, n, same, x0);
    *mode_out = mode;
    return s;
}

static void test_band_twin(void)
{
    const uint64_t seed = pl_test_seed(4242);
    static const pl__analyze_tuning tunings[] = {{0, 0, 0, false, false, false},
                                                 {1, 1, 4, false, false, false},
                                                 {3, 2, 8, false, false, false},
                                                 {12, 0, 4, false, false, false},
                                                 {3, 2, 8, false, false, true}};
    int fast = 0, band = 0, grid = 0, bits = 0, band_n = 0, wrong_zone = 0,
        wrong_zone_n = 0, bad = 0;
    pl_rng r;

    pl_rng_seed(&r, seed);
    for (int cs = 0; cs < 240 && !bad; cs++) {
        int mode;
        pl_scenario *s = band_scenario(&r, &mode);
        pl_analysis_opts o = pl_analysis_opts_default();
        struct twin t;
        pl_analysis *a = NULL;

        o.method = PL_METHOD_ENUMERATE;
        o.top = pl_rng_below(&r, 2) ? 0 : 3;
        twin_analyze(s, o.top, &t);
        for (unsigned th = 1; th <= 3 && !bad; th++) {
            for (size_t k = 0; k < sizeof tunings / sizeof *tunings; k++) {
                pl_status rc;
                o.threads = th;
                rc = pl__analyze_tuned(s, &o, &tunings[k], &a, NULL);
                PL_CHECK_INT(rc, PL_OK);
                PL_CHECK(pl__enum_last.fast);
                fast += pl__enum_last.fast;
                band += pl__enum_last.band > 0;
                grid += pl__enum_last.grid;
                bits += pl__enum_last.bits;
                band_n += pl__enum_last.band > 0 && s->n_parties > 2;
                if (rc == PL_OK && compare(s, a, &t)) {
                    fprintf(stderr,
                            "band case %d (mode %d, seed %llu): mismatch "
                            "with %u threads, tuning %zu\n",
                            cs, mode, (unsigned long long)seed, th, k);
                    bad = 1;
                }
                pl_analysis_free(a);
                a = NULL;
                if (bad)
                    break;
            }
        }
        /* the same with no band: the zone count must go wrong somewhere,
         * or these cases do not test the band */
        o.threads = 1;
        for (size_t k = 0; k < sizeof tunings / sizeof *tunings; k++) {
            pl__analyze_tuning tw = tunings[k];
            bool differs = false;
            tw.zero_delta = true;
            if (pl__analyze_tuned(s, &o, &tw, &a, NULL) == PL_OK) {
                uint64_t zc = UINT64_MAX;
                differs = !pl_count_to_u64(a->zone_count, &zc) ||
                          zc != t.zone_count;
            }
            pl_analysis_free(a);
            a = NULL;
            if (differs) {
                wrong_zone++;
                wrong_zone_n += s->n_parties > 2;
                break;
            }
        }
        twin_free(&t);
        pl_scenario_free(s);
    }
    fprintf(stderr,
            "band twin: %d fast-path runs, %d with outcomes in the rounding "
            "band (%d with 3-4 parties), %d with the rank grid, %d with the "
            "rank bitsets; without the band %d of 240 zone counts are wrong "
            "(%d with 3-4 parties)\n",
            fast, band, band_n, grid, bits, wrong_zone, wrong_zone_n);
    PL_CHECK(band > 100);
    PL_CHECK(band_n > 50);
    PL_CHECK(grid > 50);
    PL_CHECK(bits > 50);
    PL_CHECK(wrong_zone >= 4);
    PL_CHECK(wrong_zone_n >= 4);
}

/* ---- the skyline alone, against O(N^2) dominance ---- */

/* Random point sets (coordinates on a coarse grid, so equal vectors and
 * partial ties abound), offered to 1-3 skylines with small clusters and
 * merged; counts, vectors and zone counts must match brute force. */
static void test_sky_twin(void)
{
    const uint64_t seed = pl_test_seed(7);
    pl_rng r;

    pl_rng_seed(&r, seed);
    for (int cs = 0; cs < 300; cs++) {
        const uint32_t n = 1 + (uint32_t)pl_rng_below(&r, 6);
        const size_t N = 1 + (size_t)pl_rng_below(&r, 1500);
        const unsigned q = 2 + (unsigned)pl_rng_below(&r, 12);
        const size_t np = 1 + (size_t)pl_rng_below(&r, 3);
        const uint32_t B = 4 * (1 + (uint32_t)pl_rng_below(&r, 4));
        double *x = calloc(N * n, sizeof *x);
        bool *zone = calloc(N, 1);
        struct pl__sky parts[3], out;
        uint64_t cnt = 0, vecs = 0, zc = 0, got_cnt = 0, got_zc = 0;
        pl_status rc = PL_OK;

        for (size_t i = 0; i < N * n; i++)
            x[i] = (double)pl_rng_below(&r, q + 1) / q;
        for (size_t i = 0; i < N; i++)
            zone[i] = pl_rng_below(&r, 2);
        for (size_t k = 0; k < np; k++)
            pl__sky_init(&parts[k], n, 0, B);
        pl__sky_init(&out, n, 0, B);
        for (size_t i = 0; i < N && rc == PL_OK; i++)
            rc = pl__sky_add(&parts[pl_rng_below(&r, np)], x + i * n, i,
                             zone[i]);
        PL_CHECK_INT(rc, PL_OK);
        PL_CHECK_INT(pl__sky_merge(parts, np, &out), PL_OK);
        for (size_t i = 0; i < N; i++) {
            bool dom = false, first = true;
            for (size_t j = 0; j < N && !dom; j++)
                dom = tw_dominates(x + j * n, x + i * n, n);
            if (dom)
                continue;
            cnt++;
            zc += zone[i];
            for (size_t j = 0; j < i && first; j++)
                first = memcmp(x + j * n, x + i * n, n * sizeof *x) != 0;
            vecs += first;
        }
        for (size_t s = 0; s < pl__sky_n_slots(&out); s++) {
            double v[8];
            if (!pl__sky_used(&out, s))
                continue;
            got_cnt += out.item[s].count;
            got_zc += out.item[s].zone_count;
            PL_CHECK_INT(out.item[s].n_idx, out.item[s].count);
            pl__sky_vec(&out, s, v);
            for (size_t j = 0; j < out.item[s].n_idx; j++) {
                const uint64_t i = out.item[s].idx[j] >> 1;
                PL_CHECK(memcmp(x + i * n, v, n * sizeof *v) == 0);
            }
        }
        PL_CHECK_INT(got_cnt, cnt);
        PL_CHECK_INT(out.len, vecs);
        PL_CHECK_INT(got_zc, zc);
        pl__sky_free(&out);
        free(x);
        free(zone);
    }
}

/* ---- larger spaces: the engine against itself ---- */

/* Spaces of 10^4-10^5 outcomes (too big for the O(N^2) twin) where block
 * and tail dominance pruning, many chunks and the skyline merge all work
 * hard: the default plan on 1 thread (the certified fast path for
 * additive scenarios) must agree exactly with the general kernels with
 * small blocks, small chunks and small skyline clusters on 3 threads,
 * and with the default plan on 2 threads. */
static void test_large_self(void)
{
    const uint64_t seed = pl_test_seed(99);
    const pl__analyze_tuning small = {8, 3, 4, true, false, false};
    pl_rng r;

    pl_rng_seed(&r, seed);
    for (int cs = 0; cs < 12; cs++) {
        pl_scenario *s;
        pl_analysis *a = NULL, *b = NULL, *c = NULL;
        pl_analysis_opts o = pl_analysis_opts_default();
        uint64_t N = 0;

        do {
            s = rs_random(&r, 200000);
            pl_scenario_outcome_count_u64(s, &N);
            if (N >= 10000)
                break;
            pl_scenario_free(s);
        } while (1);
        o.top = cs % 2 ? 0 : 7;
        o.threads = 1;
        PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
        o.threads = 3;
        PL_CHECK_INT(pl__analyze_tuned(s, &o, &small, &b, NULL), PL_OK);
        o.threads = 2;
        PL_CHECK_INT(pl_analyze(s, &o, &c, NULL), PL_OK);
        if (a && b && c && (same_analysis(s, a, b) || same_analysis(s, a, c)))
            fprintf(stderr, "large case %d (seed %llu) differs\n", cs,
                    (unsigned long long)seed);
        pl_analysis_free(a);
        pl_analysis_free(b);
        pl_analysis_free(c);
        pl_scenario_free(s);
    }
}

/* 6-12 parties (the kernel's general copies), small spaces, against the
 * twin. */
static void test_many_parties(void)
{
    const uint64_t seed = pl_test_seed(5);
    const pl__analyze_tuning tune = {4, 1, 4, false, false, false};
    pl_rng r;

    pl_rng_seed(&r, seed);
    for (int cs = 0; cs < 30; cs++) {
        const uint32_t n = 6 + (uint32_t)pl_rng_below(&r, 7);
        const uint32_t ni = 1 + (uint32_t)pl_rng_below(&r, 4);
        uint32_t m[4];
        pl_scenario *s;
        struct twin t;

        for (uint32_t i = 0; i < ni; i++)
            m[i] = 1 + (uint32_t)pl_rng_below(&r, 5);
        s = rs_new(ni, m, n);
        for (uint32_t p = 0; p < n; p++) {
            struct pl__party *pa = &s->parties[p];
            for (uint32_t i = 0; i < ni; i++) {
                pa->weight_raw[i] = 1 + (double)pl_rng_below(&r, 3);
                for (uint32_t k = 0; k < m[i]; k++)
                    pa->v[i][k] = rs_num(&r, cs % 2 ? 4 : 0);
            }
            pa->reservation = rs_num(&r, 4) * 0.4;
            if (pl_rng_below(&r, 2))
                rs_random_clause(s, &r, p, pl_rng_below(&r, 2), 4);
        }
        rs_compile(s);
        twin_analyze(s, 0, &t);
        for (unsigned th = 1; th <= 2; th++) {
            pl_analysis_opts o = pl_analysis_opts_default();
            pl_analysis *a = NULL;
            o.threads = th;
            PL_CHECK_INT(
                pl__analyze_tuned(s, &o, th == 1 ? NULL : &tune, &a, NULL),
                PL_OK);
            if (a && compare(s, a, &t))
                fprintf(stderr, "many-party case %d differs\n", cs);
            pl_analysis_free(a);
        }
        twin_free(&t);
        pl_scenario_free(s);
    }
}

/* ---- hand-worked cases ---- */

/* Two parties, two binary issues A and B, options 0/1, index = 2a + b.
 * X weighs A 3 : B 1 (0.75, 0.25) and wants option 0 of both;
 * Y weighs A 1 : B 3 (0.25, 0.75) and wants option 1 of both.
 *   0 (a0,b0): X 1.00  Y 0.00
 *   1 (a0,b1): X 0.75  Y 0.75    <- the logroll: each gets its big issue
 *   2 (a1,b0): X 0.25  Y 0.25    dominated by 1
 *   3 (a1,b1): X 0.00  Y 1.00
 * Reservations 0.2 each.  Frontier {0, 1, 3}; zone {1, 2}; Nash over
 * u > r: 1 (0.55^2) beats 2 (0.05^2); KS: best = (0.75, 0.75), outcome 1
 * has ratio 1; egalitarian 1 (0.55); max welfare over Z: 1 (1.5).
 * Points by welfare: 1 (1.5), then 0 and 3 (1.0) by index. */
static pl_scenario *hand_logroll(void)
{
    const uint32_t m[2] = {2, 2};
    pl_scenario *s = rs_new(2, m, 2);
    struct pl__party *x = &s->parties[0], *y = &s->parties[1];

    x->weight_raw[0] = 3;
    x->weight_raw[1] = 1;
    x->v[0][0] = 1;
    x->v[1][0] = 1;
    y->weight_raw[0] = 1;
    y->weight_raw[1] = 3;
    y->v[0][1] = 1;
    y->v[1][1] = 1;
    x->reservation = 0.2;
    y->reservation = 0.2;
    return s;
}

static void test_hand_logroll(void)
{
    pl_scenario *s = hand_logroll();
    pl_analysis *a = NULL;
    pl_analysis_opts o = pl_analysis_opts_default();

    o.threads = 2;
    rs_compile(s);
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (!a) {
        pl_scenario_free(s);
        return;
    }
    PL_CHECK_COUNT(a->n_outcomes, 4);
    PL_CHECK(a->umin[0] == 0 && a->umax[0] == 1);
    PL_CHECK(a->umin[1] == 0 && a->umax[1] == 1);
    PL_CHECK_COUNT(a->zone_count, 2);
    PL_CHECK(a->zone_best[0] == 0.75 && a->zone_best[1] == 0.75);
    PL_CHECK_COUNT(a->pareto_count, 3);
    PL_CHECK_INT(a->pareto_vectors, 3);
    PL_CHECK_COUNT(a->pareto_zone_count, 1);
    PL_CHECK_INT(a->pareto_zone_vectors, 1);
    PL_CHECK_INT(a->n_points, 3);
    PL_CHECK_INT(a->points[0].index, 1);
    PL_CHECK_INT(a->points[1].index, 0);
    PL_CHECK_INT(a->points[2].index, 3);
    PL_CHECK_NEAR(a->points[0].value, 1.5, 1e-15);
    PL_CHECK(a->points[0].in_zone && !a->points[1].in_zone);
    PL_CHECK_INT(a->points[0].outcome[0], 0);
    PL_CHECK_INT(a->points[0].outcome[1], 1);
    PL_CHECK(a->found[PL_NASH] && a->concept[PL_NASH].index == 1);
    PL_CHECK_NEAR(a->concept[PL_NASH].value, 0.3025, 1e-12);
    PL_CHECK(a->found[PL_KALAI_SMORODINSKY] &&
             a->concept[PL_KALAI_SMORODINSKY].index == 1);
    PL_CHECK(a->concept[PL_KALAI_SMORODINSKY].value == 1.0);
    PL_CHECK(a->found[PL_EGALITARIAN] && a->concept[PL_EGALITARIAN].index == 1);
    PL_CHECK_NEAR(a->concept[PL_EGALITARIAN].value, 0.55, 1e-12);
    PL_CHECK(a->found[PL_MAX_WELFARE] && a->concept[PL_MAX_WELFARE].index == 1);
    PL_CHECK_NEAR(a->concept[PL_MAX_WELFARE].value, 1.5, 1e-15);
    PL_CHECK_INT(a->n_hopeless, 0);
    PL_CHECK_STR(pl_concept_key(PL_KALAI_SMORODINSKY), "kalai_smorodinsky");
    PL_CHECK(strstr(a->method, "enumeration of 4 outcomes") != NULL);
    pl_analysis_free(a);

    /* --top 1 keeps one point; the counts stay. */
    o.top = 1;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK_INT(a->n_points, 1);
        PL_CHECK_INT(a->points[0].index, 1);
        PL_CHECK_COUNT(a->pareto_count, 3);
    }
    pl_analysis_free(a);
    pl_scenario_free(s);
}

/* The same space; Y's red line forbids (a0, b1), outcome 1.  The
 * frontier (whole space) is unchanged but none of it is in the zone,
 * which shrinks to {2}: X 0.25, Y 0.25.  Nash = 2 (0.05^2), KS: best
 * = (0.25, 0.25) so the ratios are 1: KS = 2 with value 1; egalitarian
 * and welfare = 2.  Adding an interaction of X worth +0.5 on (a1, b1)
 * lifts outcome 3 to (0.5, 1): still on the frontier, and now above both
 * reservations and outside every red line, so Z = {2, 3}: welfare picks
 * 3 (1.5), egalitarian 3 (min(0.3, 0.8) = 0.3), Nash 3 (0.3 * 0.8). */
static void test_hand_red_line_and_interaction(void)
{
    pl_scenario *s = hand_logroll();
    const uint32_t iss[2] = {0, 1};
    const uint32_t red_allowed[2] = {1u << 0, 1u << 1}; /* a0, b1 */
    const uint32_t int_allowed[2] = {1u << 1, 1u << 1}; /* a1, b1 */
    pl_analysis *a = NULL;

    rs_clause(s, 1, true, 0, 2, iss, red_allowed);
    rs_compile(s);
    PL_CHECK_INT(pl_analyze(s, NULL, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK_COUNT(a->zone_count, 1);
        PL_CHECK_COUNT(a->pareto_count, 3);
        PL_CHECK_COUNT(a->pareto_zone_count, 0);
        PL_CHECK_INT(a->pareto_zone_vectors, 0);
        PL_CHECK(a->zone_best[0] == 0.25 && a->zone_best[1] == 0.25);
        for (int c = 0; c < PL_CONCEPT_COUNT; c++)
            PL_CHECK(a->found[c] && a->concept[c].index == 2);
        PL_CHECK(a->concept[PL_KALAI_SMORODINSKY].value == 1.0);
        PL_CHECK_INT(a->n_hopeless, 0);
    }
    pl_analysis_free(a);
    pl_scenario_free(s);

    s = hand_logroll();
    rs_clause(s, 1, true, 0, 2, iss, red_allowed);
    rs_clause(s, 0, false, 0.5, 2, iss, int_allowed);
    rs_compile(s);
    PL_CHECK_INT(pl_analyze(s, NULL, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK_COUNT(a->zone_count, 2);
        PL_CHECK(a->umax[0] == 1.0);
        PL_CHECK_COUNT(a->pareto_count, 3);
        PL_CHECK_COUNT(a->pareto_zone_count, 1);
        PL_CHECK(a->found[PL_MAX_WELFARE] &&
                 a->concept[PL_MAX_WELFARE].index == 3);
        PL_CHECK(a->concept[PL_MAX_WELFARE].utility[0] == 0.5);
        PL_CHECK(a->found[PL_EGALITARIAN] &&
                 a->concept[PL_EGALITARIAN].index == 3);
        PL_CHECK_NEAR(a->concept[PL_EGALITARIAN].value, 0.3, 1e-12);
        /* Nash: 2 gives 0.0025, 3 gives 0.3 * 0.8 = 0.24 */
        PL_CHECK(a->found[PL_NASH] && a->concept[PL_NASH].index == 3);
        PL_CHECK_NEAR(a->concept[PL_NASH].value, 0.24, 1e-12);
    }
    pl_analysis_free(a);
    pl_scenario_free(s);
}

/* X needs 0.9 and forbids (a0, b0), the only outcome giving it >= 0.9:
 * X is hopeless, the zone is empty, every concept is null and zone_best
 * is NaN; the frontier is still reported. */
static void test_hand_hopeless(void)
{
    pl_scenario *s = hand_logroll();
    const uint32_t iss[2] = {0, 1};
    const uint32_t allowed[2] = {1u << 0, 1u << 0};
    pl_analysis *a = NULL;

    s->parties[0].reservation = 0.9;
    rs_clause(s, 0, true, 0, 2, iss, allowed);
    rs_compile(s);
    PL_CHECK_INT(pl_analyze(s, NULL, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK_COUNT(a->zone_count, 0);
        PL_CHECK_INT(a->n_hopeless, 1);
        PL_CHECK_INT(a->hopeless[0], 0);
        PL_CHECK(isnan(a->zone_best[0]) && isnan(a->zone_best[1]));
        for (int c = 0; c < PL_CONCEPT_COUNT; c++)
            PL_CHECK(!a->found[c]);
        PL_CHECK_COUNT(a->pareto_count, 3);
        PL_CHECK(a->nash_give_get == NULL);
    }
    pl_analysis_free(a);
    pl_scenario_free(s);
}

/* Exact ties: three parties who all value one 3-option issue the same
 * way (0, 1, 1) plus an issue nobody cares about (2 options).  Vector
 * (1,1,1) is produced by 4 outcomes (indices 2, 3, 4, 5), the only
 * frontier vector; every concept picks the lowest index, 2. */
static void test_hand_ties(void)
{
    const uint32_t m[2] = {3, 2};
    pl_scenario *s = rs_new(2, m, 3);
    pl_analysis *a = NULL;

    for (int p = 0; p < 3; p++) {
        s->parties[p].weight_raw[0] = 1;
        s->parties[p].v[0][1] = 1;
        s->parties[p].v[0][2] = 1;
    }
    rs_compile(s);
    PL_CHECK_INT(pl_analyze(s, NULL, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK_COUNT(a->pareto_count, 4);
        PL_CHECK_INT(a->pareto_vectors, 1);
        PL_CHECK_COUNT(a->zone_count, 6);
        PL_CHECK_INT(a->n_points, 4);
        for (size_t k = 0; k < a->n_points; k++)
            PL_CHECK_INT(a->points[k].index, 2 + k);
        for (int c = 0; c < PL_CONCEPT_COUNT; c++)
            PL_CHECK(a->found[c] && a->concept[c].index == 2);
        PL_CHECK(a->concept[PL_NASH].value == 1.0);
        PL_CHECK(a->concept[PL_MAX_WELFARE].value == 3.0);
    }
    pl_analysis_free(a);
    pl_scenario_free(s);
}

/* ---- limits and errors ---- */

static void test_limits(void)
{
    const uint32_t m[3] = {10, 10, 10};
    pl_scenario *s = rs_new(3, m, 2);
    pl_analysis_opts o = pl_analysis_opts_default();
    pl_analysis *a = (pl_analysis *)&o; /* must be reset to NULL */
    pl_diag d;

    s->parties[0].weight_raw[0] = 1;
    s->parties[1].weight_raw[1] = 1;
    rs_compile(s);
    memset(&d, 0, sizeof d);
    o.max_outcomes = 999;
    o.method = PL_METHOD_ENUMERATE; /* auto would merge (merge_test.c) */
    PL_CHECK_INT(pl_analyze(s, &o, &a, &d), PL_ETOOBIG);
    PL_CHECK(a == NULL);
    PL_CHECK(strstr(d.message, "1000 outcomes") != NULL);
    o.max_outcomes = 1000;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    pl_analysis_free(a);

    /* Nobody with a utility in the analysis: an observer with one and a
     * mediator without. */
    s->parties[0].role = PL_ROLE_OBSERVER;
    s->parties[1].role = PL_ROLE_MEDIATOR;
    s->parties[1].has_utility = false;
    memset(&d, 0, sizeof d);
    PL_CHECK_INT(pl_analyze(s, NULL, &a, &d), PL_EINVAL);
    PL_CHECK(a == NULL);
    PL_CHECK(d.message[0] != '\0');
    pl_scenario_free(s);
}

static void test_oom(void)
{
    pl_rng r;
    pl_scenario *s;
    pl_analysis *a = NULL;
    pl_analysis_opts o = pl_analysis_opts_default();
    const pl__analyze_tuning tune = {4, 1, 4, false, false, false};
    pl_status rc = PL_ENOMEM;
    long n;

    pl_rng_seed(&r, 7);
    do {
        s = rs_random(&r, 400);
        if (s->parties[0].n_red_lines + s->parties[0].n_interactions > 0)
            break;
        pl_scenario_free(s);
    } while (1);
    o.threads = 1;
    o.top = 3;
    for (n = 0; n < 100000 && rc == PL_ENOMEM; n++) {
        pl__alloc_fail_after(n);
        rc = pl__analyze_tuned(s, &o, &tune, &a, NULL);
        pl__alloc_fail_after(-1);
        if (rc == PL_ENOMEM)
            PL_CHECK(a == NULL);
    }
    PL_CHECK_INT(rc, PL_OK);
    fprintf(stderr, "OOM loop: succeeded after %ld failures\n", n - 1);
    pl_analysis_free(a);
    pl_scenario_free(s);
}

int main(void)
{
    PL_RUN(test_hand_logroll);
    PL_RUN(test_hand_red_line_and_interaction);
    PL_RUN(test_hand_hopeless);
    PL_RUN(test_hand_ties);
    PL_RUN(test_limits);
    PL_RUN(test_oom);
    PL_RUN(test_sky_twin);
    PL_RUN(test_random_twin);
    PL_RUN(test_band_twin);
    PL_RUN(test_large_self);
    PL_RUN(test_many_parties);
    return pl_test_summary();
}
