/* Tests of the n-party merge (merge_n.c): on hundreds of random purely
 * additive scenarios with 3-6 parties, pl_analyze() with method merge
 * must agree with the enumeration on every field, bit for bit (ranges,
 * zone, frontier counts and points, every concept's index and value),
 * with quantised values (exact ties, duplicate vectors, dominated ties
 * for the concepts), correlated and opposed preferences, with and
 * without reservations, and deep spaces where rounding piles up; the
 * 3-party cases with both skyline filters (KLP sweep and k-d trees); the
 * epsilon-Pareto mode against brute force (every outcome within the
 * certified epsilon of a kept point); the method choice; out of memory. */
#include <math.h>
#include <string.h>

#include "../../tests/pl_test.h"
#include "../../tests/random_scenario.h"
#include "../../tests/same_analysis.h"
#include "analyze_int.h"
#include "core/alloc.h"
#include "merge_n.h"
#include "parley/report.h"

/* b (merge) against a (enumeration): an exact frontier (no epsilon) and
 * every field identical. */
static int same_exact(const pl_scenario *s, const pl_analysis *a,
                      const pl_analysis *b)
{
    const int before = pl_test_failures;

    PL_CHECK(b->pareto_epsilon == 0.0);
    same_analysis(s, a, b);
    return pl_test_failures != before;
}

/* A random purely additive scenario with 3-6 analysis parties and at most
 * max_out outcomes.  kind 0: independent continuous values; 1: quantised
 * (ties); 2: correlated (each party near party 0, quantised); 3: opposed
 * (odd parties value 1 - the previous party's value: near zero-sum
 * pairs).  Reservations zero in half the cases; sometimes an observer
 * with a utility, and weights as written. */
static pl_scenario *random_additive(pl_rng *r, uint64_t max_out, int kind,
                                    bool reserve)
{
    uint32_t m[24], ni, n_an, n_parties;
    uint64_t total;
    const unsigned q = kind != 0 ? 1 + (unsigned)pl_rng_below(r, 5) : 0;
    pl_scenario *s;
    int obs = -1;

    do { /* up to 9 issues of 1-5 options, or 12-18 of 1-3 (deep) */
        const bool deep = max_out > 100000;
        ni = deep ? 12 + (uint32_t)pl_rng_below(r, 7)
                  : 1 + (uint32_t)pl_rng_below(r, 9);
        total = 1;
        for (uint32_t i = 0; i < ni; i++) {
            m[i] = 1 + (uint32_t)pl_rng_below(r, deep ? 3 : 5);
            total *= m[i];
        }
    } while (total > max_out);
    n_an = 3 + (uint32_t)pl_rng_below(r, 4);
    n_parties = n_an + (pl_rng_below(r, 5) == 0);
    s = rs_new(ni, m, n_parties);
    if (n_parties > n_an) {
        obs = (int)pl_rng_below(r, n_parties);
        s->parties[obs].role = PL_ROLE_OBSERVER;
    }
    for (uint32_t p = 0; p < n_parties; p++) {
        struct pl__party *pa = &s->parties[p];
        bool any = false;
        pa->weights_as_written = pl_rng_below(r, 5) == 0;
        for (uint32_t i = 0; i < ni; i++) {
            pa->weight_raw[i] =
                q ? (double)pl_rng_below(r, 4) : pl_rng_uniform(r);
            any = any || pa->weight_raw[i] > 0;
            for (uint32_t k = 0; k < m[i]; k++) {
                const double v0 = s->parties[0].v[i][k];
                double x = rs_num(r, q);
                if (kind == 2 && p > 0)
                    x = pl_rng_below(r, 3) ? v0 : x;
                else if (kind == 3 && p % 2 == 1)
                    x = 1.0 - s->parties[p - 1].v[i][k];
                pa->v[i][k] = x;
            }
        }
        if (!any)
            pa->weight_raw[pl_rng_below(r, ni)] = 1;
        pa->reservation = reserve ? rs_num(r, q) * 0.5 : 0.0;
    }
    rs_compile(s);
    return s;
}

static void test_random_vs_enumeration(void)
{
    pl_rng r;
    int cases = 0, failed = 0, unknown = 0, per_n[7] = {0};

    pl_rng_seed(&r, pl_test_seed(20261129));
    for (int t = 0; t < 480; t++) {
        pl_scenario *s = random_additive(
            &r, t < 300 ? 2000 : t < 440 ? 30000 : 300000, t % 4,
            (t / 4) % 2 == 1);
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *a = NULL, *b = NULL;
        pl_diag d;

        memset(&d, 0, sizeof d);
        o.threads = 1;
        o.top = (t % 3 == 0) ? 1 + (uint64_t)pl_rng_below(&r, 5) : 0;
        o.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(s, &o, &a, &d), PL_OK);
        o.method = PL_METHOD_MERGE;
        /* zone count: the DP alone, a small tail, the default tail */
        pl__merge_n_zone_tail = t % 3 == 0   ? 0
                                : t % 3 == 1 ? 1 + (uint32_t)pl_rng_below(&r, 64)
                                             : PL__MERGEN_ZONE_TAIL;
        PL_CHECK_INT(pl_analyze(s, &o, &b, &d), PL_OK);
        pl__merge_n_zone_tail = PL__MERGEN_ZONE_TAIL;
        if (a && b) {
            cases++;
            per_n[a->n_parties]++;
            unknown += b->zone_count_unknown;
            PL_CHECK(strstr(b->method, "n-party merge") != NULL);
            PL_CHECK(strstr(b->method, "not searched") == NULL);
            if (same_exact(s, a, b)) {
                if (failed++ < 3)
                    fprintf(stderr, "  case %d (kind %d) differs: %s\n", t,
                            t % 4, b->method);
            }
            if (a->n_parties == 3) { /* the k-d filter as well as KLP */
                pl_analysis *c = NULL;
                pl__merge_n_filter = 1;
                PL_CHECK_INT(pl_analyze(s, &o, &c, &d), PL_OK);
                pl__merge_n_filter = 0;
                if (c && same_exact(s, a, c) && failed++ < 3)
                    fprintf(stderr, "  case %d (k-d filter) differs\n", t);
                pl_analysis_free(c);
            }
        }
        pl_analysis_free(a);
        pl_analysis_free(b);
        pl_scenario_free(s);
    }
    fprintf(stderr,
            "%d random cases compared (3/4/5/6 parties: %d/%d/%d/%d), %d "
            "zone counts unknown\n",
            cases, per_n[3], per_n[4], per_n[5], per_n[6], unknown);
    PL_CHECK(cases == 480);
    PL_CHECK(unknown == 0);
    for (int n = 3; n <= 6; n++)
        PL_CHECK(per_n[n] > 60);
}

/* Zone counts on the rounding band: reservations equal to an outcome's
 * reference utility or one ulp off (half the time the same outcome for
 * every party), quantised values with exact ties, against the
 * enumeration; the DP alone, small tails and the default tail, and a DP
 * that may keep a single undecided prefix (the tail must then finish
 * every space it covers whole). */
static void test_zone_band(void)
{
    pl_rng r;
    int cases = 0, failed = 0, tail_only = 0;

    pl_rng_seed(&r, pl_test_seed(4243));
    for (int t = 0; t < 240; t++) {
        pl_scenario *s = random_additive(&r, t < 200 ? 3000 : 60000, t % 4,
                                         false);
        pl_analysis_opts op = pl_analysis_opts_default();
        pl_analysis *a = NULL;
        const uint64_t x0 = pl_rng_below(&r, s->n_outcomes_u64);
        const bool same = pl_rng_below(&r, 2) == 0;

        rs_reserve_on_outcomes(s, &r, s->n_parties, same, x0);
        op.threads = 1;
        op.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(s, &op, &a, NULL), PL_OK);
        op.method = PL_METHOD_MERGE;
        for (int k = 0; k < 4 && a; k++) {
            pl_analysis *b = NULL;
            pl__merge_n_zone_tail = k == 0   ? 0
                                    : k == 1 ? 1 + (uint32_t)pl_rng_below(&r, 200)
                                             : PL__MERGEN_ZONE_TAIL;
            pl__merge_n_zone_points = k == 3 ? 1 : 0;
            PL_CHECK_INT(pl_analyze(s, &op, &b, NULL), PL_OK);
            if (b && k == 3 && s->n_outcomes_u64 <= PL__MERGEN_ZONE_TAIL) {
                PL_CHECK(!b->zone_count_unknown);
                tail_only++;
            }
            if (b && k < 3)
                PL_CHECK(!b->zone_count_unknown);
            if (b && !b->zone_count_unknown &&
                pl_count_cmp(a->zone_count, b->zone_count) != 0) {
                PL_CHECK(pl_count_cmp(a->zone_count, b->zone_count) == 0);
                if (failed++ < 3)
                    fprintf(stderr, "  band case %d (tail variant %d) "
                                    "differs\n", t, k);
            }
            if (b && k < 3 && same_exact(s, a, b) && failed++ < 3)
                fprintf(stderr, "  band case %d (tail variant %d): a field "
                                "differs\n", t, k);
            pl_analysis_free(b);
            cases++;
        }
        pl__merge_n_zone_tail = PL__MERGEN_ZONE_TAIL;
        pl__merge_n_zone_points = 0;
        pl_analysis_free(a);
        pl_scenario_free(s);
    }
    fprintf(stderr, "%d zone counts on the band compared, %d by the tail "
                    "alone\n", cases, tail_only);
    PL_CHECK(cases == 960);
    PL_CHECK(tail_only > 100);
}

/* A result shell as the driver allocates it (analyze.c alloc_result). */
static pl_analysis *shell(const pl_scenario *s)
{
    pl_analysis *a = rs_need(pl__calloc(1, sizeof *a));
    size_t n = 0;

    for (uint32_t p = 0; p < s->n_parties; p++)
        n += s->parties[p].role != PL_ROLE_OBSERVER && s->parties[p].has_utility;
    a->n_parties = n;
    a->party = rs_need(pl__calloc(n, sizeof *a->party));
    a->reservation = rs_need(pl__calloc(n, sizeof *a->reservation));
    a->umin = rs_need(pl__calloc(n, sizeof *a->umin));
    a->umax = rs_need(pl__calloc(n, sizeof *a->umax));
    a->zone_best = rs_need(pl__calloc(n, sizeof *a->zone_best));
    a->hopeless = rs_need(pl__calloc(n, sizeof *a->hopeless));
    n = 0;
    for (uint32_t p = 0; p < s->n_parties; p++)
        if (s->parties[p].role != PL_ROLE_OBSERVER &&
            s->parties[p].has_utility) {
            a->party[n] = p;
            a->reservation[n] = s->parties[p].reservation;
            n++;
        }
    a->n_outcomes = s->n_outcomes_exact;
    return a;
}

/* Brute force: every outcome is within eps of some point, in every
 * coordinate; the points are mutually non-dominated real outcomes.
 * Returns the largest shortfall actually needed (the tightest eps). */
static double check_eps(const pl_scenario *s, const pl_analysis *a, double eps)
{
    const size_t I = pl_scenario_issue_count(s), n = a->n_parties;
    uint32_t o[24];
    double need = 0.0;

    for (size_t k = 0; k < a->n_points; k++) {
        const pl_package *x = &a->points[k];
        for (size_t j = 0; j < n; j++)
            PL_CHECK(x->utility[j] ==
                     pl_scenario_utility(s, a->party[j], x->outcome));
        for (size_t l = 0; l < a->n_points; l++) {
            bool ge = true, gt = false;
            for (size_t j = 0; j < n; j++) {
                ge = ge && a->points[l].utility[j] >= x->utility[j];
                gt = gt || a->points[l].utility[j] > x->utility[j];
            }
            PL_CHECK(!(ge && gt));
        }
    }
    for (uint64_t idx = 0; idx < a->n_outcomes.w[0]; idx++) {
        double u[8], best = INFINITY;
        pl_scenario_outcome_decode(s, idx, o);
        for (size_t j = 0; j < n; j++)
            u[j] = pl_scenario_utility(s, a->party[j], o);
        for (size_t k = 0; k < a->n_points; k++) {
            double short_k = 0.0;
            for (size_t j = 0; j < n; j++) {
                const double g = u[j] - a->points[k].utility[j];
                short_k = g > short_k ? g : short_k;
            }
            best = short_k < best ? short_k : best;
        }
        need = best > need ? best : need;
    }
    (void)I;
    PL_CHECK(need <= eps);
    return need;
}

/* Opposed (near zero-sum) spaces with a tiny point budget: the merge
 * thins, says so, and the certified epsilon holds against brute force. */
static void test_epsilon(void)
{
    pl_rng r;
    int thinned = 0, gaps = 0, below = 0, zero_gap = 0;

    pl_rng_seed(&r, pl_test_seed(4242));
    for (int t = 0; t < 60; t++) {
        pl_scenario *s = random_additive(&r, 20000, t % 2 ? 3 : 0, t % 3 == 0);
        pl_analysis *a;
        while (s->n_outcomes_u64 < 1000) { /* frontiers over the budget */
            pl_scenario_free(s);
            s = random_additive(&r, 20000, t % 2 ? 3 : 0, t % 3 == 0);
        }
        a = shell(s);
        pl_analysis_opts o = pl_analysis_opts_default();
        const size_t budget = 4 + (size_t)pl_rng_below(&r, 30);
        double need;

        PL_CHECK_INT(pl__analyze_merge_n(s, &o, budget, a), PL_OK);
        if (a->pareto_epsilon > 0) {
            thinned++;
            PL_CHECK(strstr(a->method, "APPROXIMATE") != NULL);
            PL_CHECK(strstr(a->method, "epsilon") != NULL);
            PL_CHECK_COUNT(a->pareto_count, 0);
            PL_CHECK_INT(a->pareto_vectors, a->n_points); /* top 0 */
            PL_CHECK(a->n_points <= budget);
            for (int c = 0; c < PL_CONCEPT_COUNT; c++)
                if (a->found[c])
                    PL_CHECK(a->concept[c].index < a->n_outcomes.w[0]);
        } else {
            PL_CHECK(strstr(a->method, "APPROXIMATE") == NULL);
        }
        need = check_eps(s, a, a->pareto_epsilon);
        if (t < 4)
            fprintf(stderr, "  eps case %d: %zu points, certified %.4g, "
                    "needed %.4g\n", t, a->n_points, a->pareto_epsilon, need);
        /* the concepts' gaps against the exact optima (enumeration) */
        {
            pl_analysis *e = NULL;
            o.method = PL_METHOD_ENUMERATE;
            o.threads = 1;
            PL_CHECK_INT(pl_analyze(s, &o, &e, NULL), PL_OK);
            for (int c = 0; c < PL_CONCEPT_COUNT && e; c++) {
                if (a->pareto_epsilon == 0) {
                    PL_CHECK(a->gap[c] == 0);
                    continue;
                }
                if (!e->found[c])
                    continue;
                if (!a->found[c]) {
                    PL_CHECK(strstr(a->method, "may exist") != NULL);
                    continue;
                }
                gaps++;
                /* optimum <= value + gap, in real arithmetic */
                PL_CHECK((long double)e->concept[c].value <=
                         (long double)a->concept[c].value +
                             (long double)a->gap[c]);
                if (e->concept[c].value > a->concept[c].value)
                    below++;
                if (a->gap[c] == 0) {
                    PL_CHECK(e->concept[c].value <= a->concept[c].value);
                    zero_gap++;
                }
                PL_CHECK(a->gap[c] >= 0 && isfinite(a->gap[c]));
            }
            pl_analysis_free(e);
        }
        pl_analysis_free(a);
        pl_scenario_free(s);
    }
    fprintf(stderr,
            "%d of 60 epsilon cases thinned; %d concept gaps checked against "
            "the exact optimum (%d where the value found is below it, %d "
            "certified optimal)\n",
            thinned, gaps, below, zero_gap);
    PL_CHECK(thinned > 40);
    PL_CHECK(below > 20);
}

/* The labelled approximate frontier in the reports: JSON counts null and
 * an "approximate" block with the epsilon; the text says APPROXIMATE. */
static void test_epsilon_reports(void)
{
    pl_rng r;
    pl_scenario *s = NULL;
    pl_analysis *a = NULL;
    pl_analysis_opts o = pl_analysis_opts_default();
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    pl_rng_seed(&r, 77);
    do { /* an opposed space whose frontier exceeds the budget of 10 */
        pl_analysis_free(a);
        pl_scenario_free(s);
        s = random_additive(&r, 20000, 3, true);
        a = shell(s);
        PL_CHECK_INT(pl__analyze_merge_n(s, &o, 10, a), PL_OK);
    } while (a->pareto_epsilon == 0 || !a->found[PL_MAX_WELFARE]);
    f = open_memstream(&buf, &len);
    PL_CHECK(f != NULL);
    if (f) {
        PL_CHECK_INT(pl_report_json(s, a, NULL, f), PL_OK);
        fclose(f);
        PL_CHECK(strstr(buf, "\"count\": null") != NULL);
        PL_CHECK(strstr(buf, "\"vectors\": null") != NULL);
        PL_CHECK(strstr(buf, "\"zone_count\": null") != NULL);
        PL_CHECK(strstr(buf, "\"approximate\": {") != NULL);
        PL_CHECK(strstr(buf, "\"epsilon\": ") != NULL);
        {
            bool any_gap = false;
            for (int c = 0; c < PL_CONCEPT_COUNT; c++)
                any_gap = any_gap || a->gap[c] > 0;
            PL_CHECK(any_gap);
            PL_CHECK(strstr(buf, "\"gap\": ") != NULL);
            PL_CHECK(strstr(a->method, "welfare within ") != NULL ||
                     strstr(a->method, "welfare optimal") != NULL);
        }
        free(buf);
        buf = NULL;
    }
    f = open_memstream(&buf, &len);
    if (f) {
        PL_CHECK_INT(pl_report_text(s, a, NULL, f), PL_OK);
        fclose(f);
        PL_CHECK(strstr(buf, "APPROXIMATE") != NULL);
        PL_CHECK(strstr(buf, "certified epsilon") != NULL);
        free(buf);
    }
    pl_analysis_free(a);
    pl_scenario_free(s);
}

static void test_choice(void)
{
    const uint32_t m[4] = {6, 6, 6, 6};
    pl_scenario *s = rs_new(4, m, 3);
    pl_analysis_opts o = pl_analysis_opts_default();
    pl_analysis *a = NULL;
    pl_diag d;
    const uint32_t iss = 0, allow = 1;
    pl_rng r;

    pl_rng_seed(&r, 7);
    for (uint32_t p = 0; p < 3; p++)
        for (uint32_t i = 0; i < 4; i++) {
            s->parties[p].weight_raw[i] = 1;
            for (uint32_t k = 0; k < 6; k++)
                s->parties[p].v[i][k] = rs_num(&r, 4);
        }
    rs_compile(s);
    o.max_outcomes = 1000; /* 1296 outcomes: auto picks the merge */
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK(strstr(a->method, "n-party merge") != NULL);
        PL_CHECK(strstr(a->method, "more outcomes than max_outcomes") != NULL);
    }
    pl_analysis_free(a);
    o.max_outcomes = 2e9; /* below: enumeration */
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (a)
        PL_CHECK(strstr(a->method, "enumeration") != NULL);
    pl_analysis_free(a);
    /* a red line: refused with the reason */
    rs_clause(s, 2, true, 0, 1, &iss, &allow);
    memset(&d, 0, sizeof d);
    o.method = PL_METHOD_MERGE;
    PL_CHECK_INT(pl_analyze(s, &o, &a, &d), PL_EINVAL);
    PL_CHECK(strstr(d.message, "red line") != NULL);
    pl_scenario_free(s);
}

/* 3 parties, 14 issues x 5 options (6.1e9 outcomes, beyond the default
 * enumeration limit): auto takes the merge; the frontier is exact,
 * mutually non-dominated and its utilities match the reference. */
static void test_big_space(void)
{
    uint32_t m[14];
    pl_rng r;
    pl_scenario *s;
    pl_analysis_opts o = pl_analysis_opts_default();
    pl_analysis *a = NULL;

    pl_rng_seed(&r, 99);
    for (int i = 0; i < 14; i++)
        m[i] = 5;
    s = rs_new(14, m, 3);
    for (uint32_t p = 0; p < 3; p++) {
        s->parties[p].reservation = 0.3;
        for (uint32_t i = 0; i < 14; i++) {
            s->parties[p].weight_raw[i] = pl_rng_uniform(&r);
            for (uint32_t k = 0; k < 5; k++)
                s->parties[p].v[i][k] = pl_rng_uniform(&r);
        }
    }
    rs_compile(s);
    o.top = 50;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK(strstr(a->method, "n-party merge") != NULL);
        PL_CHECK(a->pareto_epsilon == 0.0);
        PL_CHECK(a->pareto_count.w[0] >= a->pareto_vectors);
        PL_CHECK(a->pareto_vectors > 100);
        PL_CHECK_INT(a->n_points, 50);
        for (size_t k = 0; k < a->n_points; k++) {
            const pl_package *x = &a->points[k];
            for (size_t j = 0; j < 3; j++)
                PL_CHECK(x->utility[j] ==
                         pl_scenario_utility(s, j, x->outcome));
            for (size_t l = 0; l < a->n_points; l++)
                PL_CHECK(!(a->points[l].utility[0] >= x->utility[0] &&
                           a->points[l].utility[1] >= x->utility[1] &&
                           a->points[l].utility[2] >= x->utility[2] &&
                           l != k));
        }
        for (int c = 0; c < PL_CONCEPT_COUNT; c++)
            PL_CHECK(a->found[c]);
        fprintf(stderr, "5^14, 3 parties: %s; %" PRIu64 " frontier outcomes\n",
                a->method, a->pareto_count.w[0]);
    }
    pl_analysis_free(a);
    pl_scenario_free(s);
}

/* 3 parties, 28 issues x 5 options: 3.7e19 outcomes, past 2^64.  Counts
 * are exact wide counts; packages carry outcomes but no index. */
static void test_beyond_u64(void)
{
    uint32_t m[28];
    pl_rng r;
    pl_scenario *s;
    pl_analysis_opts o = pl_analysis_opts_default();
    pl_analysis *a = NULL;

    pl_rng_seed(&r, 2026);
    for (int i = 0; i < 28; i++)
        m[i] = 5;
    s = rs_new(28, m, 3);
    for (uint32_t p = 0; p < 3; p++)
        for (uint32_t i = 0; i < 28; i++) {
            s->parties[p].weight_raw[i] = 1 + (double)pl_rng_below(&r, 3);
            for (uint32_t k = 0; k < 5; k++)
                s->parties[p].v[i][k] = rs_num(&r, 4);
        }
    rs_compile(s);
    o.top = 3;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (a) {
        uint64_t n64 = 0;
        PL_CHECK(!pl_count_to_u64(a->n_outcomes, &n64));
        PL_CHECK(strstr(a->method, "n-party merge") != NULL);
        PL_CHECK(a->pareto_vectors > 0);
        PL_CHECK(pl_count_cmp(a->pareto_count,
                              pl_count_from_u64(a->pareto_vectors)) >= 0);
        for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
            PL_CHECK(a->found[c]);
            if (!a->found[c])
                continue;
            PL_CHECK(!a->concept[c].has_index);
            for (size_t j = 0; j < 3; j++)
                PL_CHECK(a->concept[c].utility[j] ==
                         pl_scenario_utility(s, j, a->concept[c].outcome));
        }
        PL_CHECK_INT(a->n_points, 3);
        { /* no reservations: max welfare separates by issue */
            double sep = 0.0;
            for (uint32_t i = 0; i < 28; i++) {
                double best = -INFINITY;
                for (uint32_t k = 0; k < 5; k++) {
                    double w = 0.0;
                    for (uint32_t p = 0; p < 3; p++)
                        w += s->U[(size_t)p * s->n_total_options +
                                  s->opt_offset[i] + k];
                    best = w > best ? w : best;
                }
                sep += best;
            }
            PL_CHECK_NEAR(a->concept[PL_MAX_WELFARE].value, sep, 1e-12);
        }
        fprintf(stderr, "5^28, 3 parties: %s\n", a->method);
    }
    pl_analysis_free(a);
    pl_scenario_free(s);
}

static void test_oom(void)
{
    pl_rng r;
    pl_scenario *s;
    pl_analysis *a = NULL;
    pl_analysis_opts o = pl_analysis_opts_default();
    pl_status rc = PL_ENOMEM;
    long n;

    pl_rng_seed(&r, 5);
    s = random_additive(&r, 500, 1, true);
    o.method = PL_METHOD_MERGE;
    for (n = 0; n < 100000 && rc == PL_ENOMEM; n++) {
        pl__alloc_fail_after(n);
        rc = pl_analyze(s, &o, &a, NULL);
        pl__alloc_fail_after(-1);
        if (rc == PL_ENOMEM)
            PL_CHECK(a == NULL);
    }
    PL_CHECK_INT(rc, PL_OK);
    pl_analysis_free(a);
    pl_scenario_free(s);
}

int main(void)
{
    PL_RUN(test_choice);
    PL_RUN(test_random_vs_enumeration);
    PL_RUN(test_zone_band);
    PL_RUN(test_epsilon);
    PL_RUN(test_epsilon_reports);
    PL_RUN(test_big_space);
    PL_RUN(test_beyond_u64);
    PL_RUN(test_oom);
    fprintf(stderr, "%d checks, %d failures\n", pl_test_checks,
            pl_test_failures);
    return pl_test_failures != 0;
}
