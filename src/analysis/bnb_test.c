/* Tests of branch and bound (bnb.c, bounds.c).  The twin is the
 * enumeration: on hundreds of seeded random scenarios (interactions, red
 * lines, observers, mediators, clamps, quantised values for exact ties)
 * pl_analyze() with method bnb must agree with method enumerate on every
 * field of pl_analysis, bit for bit.  Also: the intervals of bounds.c
 * contain every outcome's utility and are exact at leaves; node budgets
 * give certified brackets that really contain the true optimum / count;
 * a hyper-rectangle (ANAC 2014 style) fixture. */
#include <math.h>
#include <string.h>

#include "../../tests/pl_test.h"
#include "../../tests/random_scenario.h"
#include "../../tests/same_analysis.h"
#include "analyze_int.h"
#include "bnb.h"
#include "bounds.h"
#include "core/count.h"
#include "gridjoint.h"

/* ---- the intervals ---- */

/* Every node's box contains the reference utility of every outcome below
 * it; at leaves lo == hi == the reference, bit for bit; red-line status
 * agrees with pl_scenario_crosses_red_line. */
static void test_boxes_contain(void)
{
    pl_rng r;
    int checked = 0;

    pl_rng_seed(&r, pl_test_seed(77));
    for (int t = 0; t < 150; t++) {
        pl_scenario *s = rs_random(&r, 3000);
        uint32_t party[PL_MAX_PARTIES], n = 0, o[8];
        struct pl__bt *bt = NULL;
        uint64_t N = 0;

        for (uint32_t p = 0; p < s->n_parties; p++)
            if (s->parties[p].role != PL_ROLE_OBSERVER &&
                s->parties[p].has_utility)
                party[n++] = p;
        struct pl__bt_ws ws;
        double lam[PL_MAX_PARTIES];
        PL_CHECK_INT(pl__bt_new(s, party, n, &bt), PL_OK);
        for (uint32_t q = 0; q < n; q++)
            lam[q] = pl_rng_below(&r, 3) ? pl_rng_uniform(&r) * 3 : 0.0;
        memset(&ws, 0, sizeof ws);
        if (bt)
            PL_CHECK_INT(pl__bt_ws_init(bt, lam, &ws), PL_OK);
        pl_scenario_outcome_count_u64(s, &N);
        /* every node: walk each outcome's path, check every prefix */
        for (uint64_t x = 0; bt && x < N; x++) {
            double sum[9 * PL_MAX_PARTIES], lo[PL_MAX_PARTIES],
                hi[PL_MAX_PARTIES];
            uint64_t dead[9 * 64];
            pl_scenario_outcome_decode(s, x, o);
            pl__bt_root(bt, sum, dead);
            for (uint32_t k = 0; k <= s->n_issues; k++) {
                struct pl__bt_red rd;
                if (k > 0)
                    pl__bt_child(bt, k - 1, o[k - 1], sum + (k - 1) * n,
                                 dead + (k - 1) * bt->W, sum + k * n,
                                 dead + k * bt->W);
                pl__bt_box(bt, k, sum + k * n, dead + k * bt->W, lo, hi, &rd);
                {
                    double w = 0;
                    for (uint32_t q = 0; q < n; q++)
                        w += lam[q] * pl_scenario_utility(s, party[q], o);
                    PL_CHECK(w <= pl__bt_ws_bound(bt, &ws, k, sum + k * n,
                                                  dead + k * bt->W));
                }
                for (uint32_t q = 0; q < n; q++) {
                    const double u = pl_scenario_utility(s, party[q], o);
                    const bool red =
                        pl_scenario_crosses_red_line(s, party[q], o);
                    PL_CHECK(lo[q] <= u && u <= hi[q]);
                    if (k == s->n_issues) {
                        PL_CHECK(lo[q] == u && hi[q] == u);
                        PL_CHECK_INT((rd.excl >> q) & 1, red);
                        PL_CHECK_INT((rd.maybe >> q) & 1, 0);
                    } else if (rd.excl >> q & 1) {
                        PL_CHECK(red);
                    } else if (!(rd.maybe >> q & 1)) {
                        PL_CHECK(!red);
                    }
                }
                checked++;
            }
        }
        pl__bt_ws_free(&ws);
        pl__bt_free(bt);
        pl_scenario_free(s);
    }
    fprintf(stderr, "%d node boxes and weighted sums checked\n", checked);
}

/* ---- against the enumeration ---- */

static void test_random_vs_enumeration(void)
{
    pl_rng r;
    int cases = 0, failed = 0;

    pl_rng_seed(&r, pl_test_seed(20261128));
    for (int t = 0; t < 600; t++) {
        pl_scenario *s = rs_random(&r, t < 400 ? 3000 : 60000);
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *a = NULL, *b = NULL;
        pl_diag d;

        memset(&d, 0, sizeof d);
        o.threads = 1;
        o.top = (t % 3 == 0) ? 1 + (uint64_t)pl_rng_below(&r, 5) : 0;
        o.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(s, &o, &a, &d), PL_OK);
        o.method = PL_METHOD_BNB;
        o.threads = 1 + (unsigned)(t % 3);
        PL_CHECK_INT(pl_analyze(s, &o, &b, &d), PL_OK);
        if (a && b) {
            cases++;
            PL_CHECK(strncmp(b->method, "bnb:", 4) == 0);
            PL_CHECK(!b->zone_count_unknown);
            if (same_analysis(s, a, b)) {
                if (failed++ < 3)
                    fprintf(stderr, "  case %d differs (%s)\n", t, b->method);
            }
        }
        pl_analysis_free(a);
        pl_analysis_free(b);
        pl_scenario_free(s);
    }
    fprintf(stderr, "%d random cases compared\n", cases);
    PL_CHECK(cases == 600);
}

/* Small node budgets: every labelled answer must bracket the truth (the
 * enumeration's), every unlabelled one must equal it. */
static void test_budget_brackets(void)
{
    pl_rng r;
    int cut = 0, cases = 0, estimated = 0, covered = 0, ranges_bounded = 0;

    pl_rng_seed(&r, pl_test_seed(4242));
    for (int t = 0; t < 200; t++) {
        pl_scenario *s = rs_random(&r, 20000);
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *a = NULL, *b = NULL;

        o.threads = 1;
        o.top = 3;
        o.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
        o.method = PL_METHOD_BNB;
        o.max_nodes = 20 + pl_rng_below(&r, 400);
        PL_CHECK_INT(pl_analyze(s, &o, &b, NULL), PL_OK);
        if (!a || !b)
            goto next;
        cases++;
        cut += strstr(b->method, "node budget hit") != NULL;
        for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
            const bool labelled =
                b->gap[c] > 0 || !b->found[c] ||
                strstr(b->method, "not certified") != NULL ||
                strstr(b->method, "lowest index") != NULL;
            /* Kalai-Smorodinsky's objective depends on zone_best: only
             * comparable when that is certified */
            if (c == PL_KALAI_SMORODINSKY && strstr(b->method, "zone-best"))
                continue;
            if (b->found[c]) {
                /* a real admissible outcome: never above the optimum */
                PL_CHECK(a->found[c]);
                if (!a->found[c])
                    continue;
                PL_CHECK(b->concept[c].value <= a->concept[c].value);
                if (!(b->concept[c].value <= a->concept[c].value))
                    fprintf(stderr, "  case %d concept %d: %.17g > %.17g "
                            "(%s)\n", t, c, b->concept[c].value,
                            a->concept[c].value, b->method);
                PL_CHECK(a->concept[c].value <=
                         b->concept[c].value + b->gap[c]);
            }
            if (!labelled) {
                PL_CHECK_INT(a->found[c], b->found[c]);
                if (a->found[c] && b->found[c]) {
                    PL_CHECK_INT(a->concept[c].index, b->concept[c].index);
                    PL_CHECK(a->concept[c].value == b->concept[c].value);
                }
            }
        }
        if (b->zone_bounded) {
            PL_CHECK(b->zone_count_unknown);
            PL_CHECK(pl_count_cmp(b->zone_min, a->zone_count) <= 0);
            PL_CHECK(pl_count_cmp(a->zone_count, b->zone_max) <= 0);
            PL_CHECK(strstr(b->method, "zone count in") != NULL);
            /* the driver's labelled estimate, clipped to the bracket */
            {
                const pl_zone_estimate *e = &b->zone_estimate;
                const double lo = pl_count_to_double(b->zone_min),
                             hi = pl_count_to_double(b->zone_max),
                             truth = pl_count_to_double(a->zone_count);
                PL_CHECK(e->valid);
                PL_CHECK(e->samples > 0 && e->hits <= e->samples);
                PL_CHECK(lo <= e->ci95[0] && e->ci95[0] <= e->count &&
                         e->count <= e->ci95[1] && e->ci95[1] <= hi);
                estimated++;
                covered += e->ci95[0] <= truth && truth <= e->ci95[1];
            }
        } else {
            PL_CHECK(pl_count_cmp(a->zone_count, b->zone_count) == 0);
        }
        if (!b->pareto_incomplete) {
            PL_CHECK(pl_count_cmp(a->pareto_count, b->pareto_count) == 0);
            PL_CHECK_INT(a->pareto_vectors, b->pareto_vectors);
        } else {
            PL_CHECK(strstr(b->method, "frontier incomplete") != NULL);
        }
        if (!strstr(b->method, "ranges"))
            for (size_t j = 0; j < a->n_parties; j++)
                PL_CHECK(a->umin[j] == b->umin[j] &&
                         a->umax[j] == b->umax[j]);
        PL_CHECK((b->umin_bound != NULL) ==
                 (strstr(b->method, "ranges") != NULL));
        for (size_t j = 0; j < a->n_parties; j++) {
            PL_CHECK(b->umax[j] <= a->umax[j]);
            PL_CHECK(b->umin[j] >= a->umin[j]);
            if (b->umin_bound) { /* certified brackets of the truth */
                PL_CHECK(b->umin_bound[j] <= a->umin[j]);
                PL_CHECK(a->umax[j] <= b->umax_bound[j]);
                ranges_bounded++;
            }
        }
    next:
        pl_analysis_free(a);
        pl_analysis_free(b);
        pl_scenario_free(s);
    }
    fprintf(stderr, "%d cases, %d hit the budget, %d zone estimates, %d "
            "cover the true count, %d bounded ranges\n", cases, cut,
            estimated, covered, ranges_bounded);
    PL_CHECK(cut > cases / 4);
    PL_CHECK(ranges_bounded > 10);
    /* 95% intervals: allow for chance, not for a biased sampler */
    PL_CHECK(estimated >= 10 && covered * 100 >= estimated * 85);
}

/* ANAC 2014 style: no issue terms, every utility a clamped sum of
 * hyper-rectangles (interactions with 1-4 interval conditions, GENIUS
 * weights as written, clamp at 1), 2 parties, 6 issues of 7 options
 * (117649 outcomes): bnb must equal the enumeration on every field. */
static void test_hyper_rectangles(void)
{
    pl_rng r;
    int failed = 0;

    pl_rng_seed(&r, pl_test_seed(2014));
    for (int t = 0; t < 12; t++) {
        const uint32_t m[6] = {7, 7, 7, 7, 7, 7};
        pl_scenario *s = rs_new(6, m, 2);
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *a = NULL, *b = NULL;

        for (uint32_t p = 0; p < 2; p++) {
            struct pl__party *pa = &s->parties[p];
            pa->weights_as_written = true; /* all weights 0 */
            pa->has_clamp = true;
            pa->clamp_max = 1;
            pa->reservation = t % 3 ? 0.2 * (double)(t % 3) : 0;
            for (int j = 0; j < 14; j++) {
                uint32_t is[4], al[4], nc = 1 + (uint32_t)pl_rng_below(&r, 4);
                uint32_t first = (uint32_t)pl_rng_below(&r, 6);
                for (uint32_t q = 0; q < nc; q++) {
                    const uint32_t lo = (uint32_t)pl_rng_below(&r, 7);
                    const uint32_t hi =
                        lo + (uint32_t)pl_rng_below(&r, 7 - lo);
                    is[q] = (first + q) % 6;
                    al[q] = ((1u << (hi + 1)) - 1) & ~((1u << lo) - 1);
                }
                rs_clause(s, p, false,
                          (double)(1 + pl_rng_below(&r, 99)) / 331.0, nc, is,
                          al);
            }
        }
        rs_compile(s); /* weights as written may sum to 0, as in GENIUS */
        o.threads = 1;
        o.top = t % 2 ? 0 : 5;
        o.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
        o.method = PL_METHOD_BNB;
        PL_CHECK_INT(pl_analyze(s, &o, &b, NULL), PL_OK);
        if (a && b && same_analysis(s, a, b) && failed++ < 3)
            fprintf(stderr, "  hyper-rectangle case %d differs (%s)\n", t,
                    b->method);
        if (b)
            PL_CHECK(strstr(b->method, "node budget") == NULL);
        pl_analysis_free(a);
        pl_analysis_free(b);
        pl_scenario_free(s);
    }
}

/* ---- spaces of 2^64 outcomes and more ---- */

/* A random non-additive scenario `core` (2-3 parties, interactions, red
 * lines, sometimes GENIUS weights and a binding clamp) and `wide`, the
 * same with worthless filler issues: now and then one of 2 options
 * inserted among the core issues, and nf of mf options at the end.  Every
 * utility is the same double in both (a filler adds weight 0 * value =
 * 0.0, and x + 0.0 == x; clauses keep their order), so every count of
 * `wide` is the core's times *f, values are equal, and the lowest-index
 * package of `wide` is the core's with option 0 on every filler. */
static void wide_pair(pl_rng *r, uint64_t max_core, uint32_t nf, uint32_t mf,
                      pl_scenario **core, pl_scenario **wide, bool *filler,
                      pl_count *f)
{
    uint32_t m[8], mw[80], map[8], ni, nw = 0, np;
    uint64_t total;
    const unsigned q = pl_rng_below(r, 3) == 0 ? 0 : 1 + (unsigned)pl_rng_below(r, 4);
    int lead;

    do {
        ni = 1 + (uint32_t)pl_rng_below(r, 6);
        total = 1;
        for (uint32_t i = 0; i < ni; i++) {
            m[i] = 1 + (uint32_t)pl_rng_below(r, 6);
            total *= m[i];
        }
    } while (total > max_core);
    np = 2 + (uint32_t)pl_rng_below(r, 2);
    lead = pl_rng_below(r, 2) ? (int)pl_rng_below(r, ni + 1) : -1;
    *f = pl_count_from_u64(1);
    for (uint32_t i = 0; i <= ni; i++) {
        if ((int)i == lead) {
            filler[nw] = true;
            mw[nw++] = 2;
            (void)pl__count_mul_u64(f, 2);
        }
        if (i < ni) {
            filler[nw] = false;
            map[i] = nw;
            mw[nw++] = m[i];
        }
    }
    for (uint32_t k = 0; k < nf; k++) {
        filler[nw] = true;
        mw[nw++] = mf;
        (void)pl__count_mul_u64(f, mf);
    }
    *core = rs_new(ni, m, np);
    *wide = rs_new(nw, mw, np);
    for (uint32_t p = 0; p < np; p++) {
        struct pl__party *a = &(*core)->parties[p], *b = &(*wide)->parties[p];
        for (uint32_t i = 0; i < ni; i++) {
            a->weight_raw[i] = b->weight_raw[map[i]] =
                q ? (double)pl_rng_below(r, 4) : pl_rng_uniform(r);
            for (uint32_t k = 0; k < m[i]; k++)
                a->v[i][k] = b->v[map[i]][k] = rs_num(r, q);
        }
        a->weight_raw[0] = b->weight_raw[map[0]] = a->weight_raw[0] + 1;
        a->reservation = b->reservation =
            pl_rng_below(r, 4) == 0 ? 0 : rs_num(r, q) * 0.55;
        a->weights_as_written = b->weights_as_written = pl_rng_below(r, 4) == 0;
        if (pl_rng_below(r, 3) == 0) {
            a->has_clamp = b->has_clamp = true;
            a->clamp_max = b->clamp_max =
                0.4 + 0.1 * (double)pl_rng_below(r, 7);
        }
        for (uint32_t j = pl_rng_below(r, 6); j > 0; j--) {
            const bool red = pl_rng_below(r, 4) == 0;
            uint32_t is[2], iw[2], al[2];
            const uint32_t nc = 1 + (uint32_t)pl_rng_below(r, ni > 1 ? 2 : 1);
            const double value = (rs_num(r, q) - 0.5) * 0.6;
            is[0] = (uint32_t)pl_rng_below(r, ni);
            is[1] = (is[0] + 1 + (uint32_t)pl_rng_below(r, ni > 1 ? ni - 1 : 1)) % ni;
            for (uint32_t c = 0; c < nc; c++) {
                al[c] = (uint32_t)pl_rng_below(r, ((uint64_t)1 << m[is[c]]) - 1) + 1;
                iw[c] = map[is[c]];
            }
            rs_clause(*core, p, red, value, nc, is, al);
            rs_clause(*wide, p, red, value, nc, iw, al);
        }
    }
    rs_compile(*core);
    rs_compile(*wide);
}

/* Outcome of the core padded with option 0 on the fillers. */
static void pad_outcome(const uint32_t *core, const bool *filler,
                        uint32_t ni, uint32_t *out)
{
    for (uint32_t i = 0, c = 0; i < ni; i++)
        out[i] = filler[i] ? 0 : core[c++];
}

/* bnb on spaces of 10^21 .. 10^66 outcomes (outcome indices and counts
 * per frontier vector past 2^64) against the
 * enumeration of their core: exact answers identical (counts times f,
 * packages padded with option 0), and with a small node budget every
 * labelled answer bracketing the truth. */
static void test_wide_vs_core(void)
{
    pl_rng r;
    int cases = 0, beyond = 0, cut = 0, failed = 0;

    pl_rng_seed(&r, pl_test_seed(6363));
    for (int t = 0; t < 160; t++) {
        const bool budget = t % 4 == 3;
        const uint32_t nf = 45 + (uint32_t)pl_rng_below(&r, 21);
        const uint32_t mf = 3 + (uint32_t)pl_rng_below(&r, 7);
        bool filler[80];
        pl_scenario *c = NULL, *w = NULL;
        pl_count f, x;
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *e = NULL, *b = NULL;
        uint32_t pad[80];
        const int before = pl_test_failures;

        wide_pair(&r, 3000, nf, mf, &c, &w, filler, &f);
        o.threads = 1;
        o.top = 1 + (uint64_t)pl_rng_below(&r, 3);
        o.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(c, &o, &e, NULL), PL_OK);
        o.method = PL_METHOD_BNB;
        if (budget)
            o.max_nodes = 20 + pl_rng_below(&r, 400);
        PL_CHECK_INT(pl_analyze(w, &o, &b, NULL), PL_OK);
        if (!e || !b)
            goto next;
        cases++;
        beyond += !pl__count_fits_u64(b->n_outcomes);
        x = e->n_outcomes;
        PL_CHECK(!pl__count_mul(&x, f));
        PL_CHECK_COUNT_EQ(b->n_outcomes, x);
        PL_CHECK(strncmp(b->method, "bnb:", 4) == 0);
        if (!budget)
            PL_CHECK(strstr(b->method, "node budget") == NULL);
        cut += strstr(b->method, "node budget") != NULL;
        /* zone */
        x = e->zone_count;
        (void)pl__count_mul(&x, f);
        if (b->zone_bounded) {
            PL_CHECK(b->zone_count_unknown);
            PL_CHECK(pl_count_cmp(b->zone_min, x) <= 0);
            PL_CHECK(pl_count_cmp(x, b->zone_max) <= 0);
            PL_CHECK(strstr(b->method, "zone count in") != NULL);
            PL_CHECK(b->zone_estimate.valid);
        } else {
            PL_CHECK(!b->zone_count_unknown);
            PL_CHECK_COUNT_EQ(b->zone_count, x);
        }
        /* ranges */
        PL_CHECK((b->umin_bound != NULL) ==
                 (strstr(b->method, "ranges") != NULL));
        for (size_t j = 0; j < e->n_parties; j++) {
            PL_CHECK(b->umax[j] <= e->umax[j] && b->umin[j] >= e->umin[j]);
            if (b->umin_bound)
                PL_CHECK(b->umin_bound[j] <= e->umin[j] &&
                         e->umax[j] <= b->umax_bound[j]);
            if (!strstr(b->method, "ranges"))
                PL_CHECK(b->umax[j] == e->umax[j] && b->umin[j] == e->umin[j]);
            if (!strstr(b->method, "zone-best"))
                PL_CHECK(same_double(b->zone_best[j], e->zone_best[j]));
        }
        if (!strstr(b->method, "hopeless") && !strstr(b->method, "zone-best")) {
            PL_CHECK_INT(b->n_hopeless, e->n_hopeless);
        }
        /* concepts */
        for (int k = 0; k < PL_CONCEPT_COUNT; k++) {
            const bool labelled = b->gap[k] > 0 || !b->found[k] ||
                                  strstr(b->method, "not certified") ||
                                  strstr(b->method, "lowest index");
            if (k == PL_KALAI_SMORODINSKY && strstr(b->method, "zone-best"))
                continue;
            if (b->found[k]) {
                PL_CHECK(e->found[k]);
                if (!e->found[k])
                    continue;
                PL_CHECK(b->concept[k].value <= e->concept[k].value);
                PL_CHECK(e->concept[k].value <=
                         b->concept[k].value + b->gap[k]);
                PL_CHECK_INT(b->concept[k].has_index,
                             pl__count_fits_u64(b->n_outcomes));
            }
            if (labelled)
                continue;
            PL_CHECK_INT(b->found[k], e->found[k]);
            if (!b->found[k] || !e->found[k])
                continue;
            PL_CHECK(b->concept[k].value == e->concept[k].value);
            pad_outcome(e->concept[k].outcome, filler, w->n_issues, pad);
            PL_CHECK(memcmp(b->concept[k].outcome, pad,
                            w->n_issues * sizeof *pad) == 0);
        }
        /* frontier */
        if (b->pareto_incomplete) {
            PL_CHECK(strstr(b->method, "frontier incomplete") != NULL);
        } else {
            x = e->pareto_count;
            (void)pl__count_mul(&x, f);
            PL_CHECK_COUNT_EQ(b->pareto_count, x);
            x = e->pareto_zone_count;
            (void)pl__count_mul(&x, f);
            PL_CHECK_COUNT_EQ(b->pareto_zone_count, x);
            PL_CHECK_INT(b->pareto_vectors, e->pareto_vectors);
            PL_CHECK_INT(b->pareto_zone_vectors, e->pareto_zone_vectors);
            /* the best vector's lowest outcomes: the core's first point,
             * then the next filler combinations (f >= 3^45 > top) */
            PL_CHECK_INT(b->n_points, e->n_points ? o.top : 0);
            for (size_t k = 0; k < b->n_points && e->n_points; k++) {
                const pl_package *g = &b->points[k], *q0 = &e->points[0];
                pad_outcome(q0->outcome, filler, w->n_issues, pad);
                if (k == 0)
                    PL_CHECK(memcmp(g->outcome, pad,
                                    w->n_issues * sizeof *pad) == 0);
                PL_CHECK(g->value == q0->value && g->in_zone == q0->in_zone);
                for (size_t j = 0; j < e->n_parties; j++)
                    PL_CHECK(g->utility[j] == q0->utility[j]);
                PL_CHECK_INT(g->has_index, pl__count_fits_u64(b->n_outcomes));
            }
            for (size_t k = 1; k < b->n_points; k++) /* index order */
                PL_CHECK(memcmp(b->points[k - 1].outcome, b->points[k].outcome,
                                w->n_issues * sizeof *pad) != 0);
        }
        if (pl_test_failures != before && failed++ < 3)
            fprintf(stderr, "  wide case %d differs (%s)\n", t, b->method);
    next:
        pl_analysis_free(e);
        pl_analysis_free(b);
        pl_scenario_free(c);
        pl_scenario_free(w);
    }
    fprintf(stderr, "%d wide cases, %d past 2^64, %d hit the budget\n", cases,
            beyond, cut);
    PL_CHECK(cases == 160);
    PL_CHECK(beyond == cases);
    PL_CHECK(cut > 10);
}

int main(void)
{
    /* the tree search itself: method bnb would otherwise answer the
     * 2-party grid scenarios with the joint programme (gridjoint_test) */
    pl__gj_off = true;
    PL_RUN(test_boxes_contain);
    PL_RUN(test_random_vs_enumeration);
    PL_RUN(test_budget_brackets);
    PL_RUN(test_hyper_rectangles);
    PL_RUN(test_wide_vs_core);
    return pl_test_summary();
}
