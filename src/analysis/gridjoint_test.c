/* Tests of the joint grid programme (gridjoint.c), the first thing
 * `--method bnb` tries.  The twin is the enumeration: on seeded random
 * ANAC 2014-style scenarios (hyper-rectangles worth k / maxutility,
 * EXCLUDES-style constant plus negative box, sometimes issue terms on the
 * same grid, GENIUS's clamp at 1 binding or not, reservations exactly on
 * a class so that the last bits of the doubles decide the zone and the
 * concepts, ties everywhere) pl_analyze() with method bnb must agree with
 * method enumerate on every field, bit for bit, and say it used the joint
 * programme.  Also: what it refuses (3 parties, red lines, values off any
 * grid, its caps) goes to the tree search with the same answers. */
#include <math.h>
#include <string.h>

#include "../../tests/pl_test.h"
#include "../../tests/random_scenario.h"
#include "../../tests/same_analysis.h"
#include "analyze_int.h"
#include "gridjoint.h"
#include "parley/genius.h"

#define DATA PL_SOURCE_DIR "/tests/data/genius"

/* Interval condition on issue i: options lo..hi of m. */
static uint32_t interval(pl_rng *r, uint32_t m)
{
    const uint32_t lo = (uint32_t)pl_rng_below(r, m);
    const uint32_t hi = lo + (uint32_t)pl_rng_below(r, m - lo);

    return ((1u << (hi + 1)) - 1) & ~((1u << lo) - 1);
}

/* A random ANAC 2014-style scenario with n_parties parties. */
static pl_scenario *anac_random(pl_rng *r, uint32_t n_parties, int t)
{
    uint32_t m[6], I = 3 + (uint32_t)pl_rng_below(r, 4);
    pl_scenario *s;

    for (uint32_t i = 0; i < I; i++)
        m[i] = 2 + (uint32_t)pl_rng_below(r, 5);
    s = rs_new(I, m, n_parties);
    for (uint32_t p = 0; p < n_parties; p++) {
        struct pl__party *pa = &s->parties[p];
        const uint32_t D = 20 + (uint32_t)pl_rng_below(r, 300);
        const double scale = 1.0 / D; /* as genius_read.c: u * w * scale */
        const uint32_t nbox = 2 + (uint32_t)pl_rng_below(r, 12);
        pa->weights_as_written = true;
        pa->has_clamp = t % 4 != 3;
        pa->clamp_max = 1;
        if (pl_rng_below(r, 3) == 0) /* issue terms on the grid */
            for (uint32_t i = 0; i < I; i++) {
                pa->weight_raw[i] = 1;
                for (uint32_t k = 0; k < m[i]; k++)
                    pa->v[i][k] =
                        (double)pl_rng_below(r, D / (2 * I) + 1) * scale;
            }
        for (uint32_t j = 0; j < nbox; j++) {
            uint32_t is[3], al[3];
            const uint32_t nc = 1 + (uint32_t)pl_rng_below(r, 3);
            const uint32_t first = (uint32_t)pl_rng_below(r, I);
            const double u = (double)(1 + pl_rng_below(r, D / 2)) * scale;
            for (uint32_t q = 0; q < nc; q++) {
                is[q] = (first + q * (1 + (uint32_t)pl_rng_below(r, 2))) % I;
                al[q] = interval(r, m[is[q]]);
            }
            if (nc > 1 && is[1] == is[0])
                is[1] = (is[0] + 1) % I;
            if (pl_rng_below(r, 5) == 0) { /* EXCLUDES: u, -u inside */
                rs_clause(s, p, false, u, 0, is, al);
                rs_clause(s, p, false, -u, nc, is, al);
            } else {
                rs_clause(s, p, false, u, nc, is, al);
            }
        }
        switch (pl_rng_below(r, 4)) {
        case 0:
            pa->reservation = 0;
            break;
        case 1: /* exactly on a class: its doubles straddle it */
            pa->reservation = (double)pl_rng_below(r, D) / D;
            break;
        case 2:
            pa->reservation = (double)pl_rng_below(r, D / 2) * scale;
            break;
        default:
            pa->reservation = 0.05 * (double)pl_rng_below(r, 16);
            break;
        }
    }
    rs_compile(s);
    return s;
}

static int compare(pl_scenario *s, uint64_t top, bool want_grid, int t)
{
    pl_analysis_opts o = pl_analysis_opts_default();
    pl_analysis *a = NULL, *b = NULL;
    int bad = 0;

    o.threads = 1;
    o.top = top;
    o.method = PL_METHOD_ENUMERATE;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    o.method = PL_METHOD_BNB;
    PL_CHECK_INT(pl_analyze(s, &o, &b, NULL), PL_OK);
    if (a && b) {
        const bool grid = strstr(b->method, "joint grid DP (") != NULL;
        PL_CHECK_INT(grid, want_grid);
        if (!want_grid) /* the tree search says why not */
            PL_CHECK(strstr(b->method, "joint grid DP not used: ") != NULL);
        PL_CHECK(strncmp(b->method, "bnb:", 4) == 0);
        PL_CHECK(strstr(b->method, "node budget") == NULL);
        bad = same_analysis(s, a, b);
        if (bad)
            fprintf(stderr, "  case %d differs (%s)\n", t, b->method);
    } else {
        bad = 1;
    }
    pl_analysis_free(a);
    pl_analysis_free(b);
    return bad;
}

static void test_random_vs_enumeration(void)
{
    pl_rng r;
    int failed = 0, cases = 0;

    pl_rng_seed(&r, pl_test_seed(20141010));
    for (int t = 0; t < 300; t++) {
        pl_scenario *s = anac_random(&r, 2, t);
        failed += compare(s, t % 3 == 0 ? 1 + (uint64_t)(t % 4) : 0, true, t);
        cases++;
        pl_scenario_free(s);
        if (failed > 3)
            break;
    }
    fprintf(stderr, "%d random 2-party grid cases compared, %d differ\n",
            cases, failed);
    PL_CHECK_INT(failed, 0);
}

/* What the programme refuses runs the tree search, with the same
 * answers. */
static void test_refusals(void)
{
    pl_rng r;

    pl_rng_seed(&r, pl_test_seed(77));
    for (int t = 0; t < 30; t++) {
        pl_scenario *s = anac_random(&r, 3, t); /* 3 parties */
        PL_CHECK_INT(compare(s, 2, false, t), 0);
        pl_scenario_free(s);
    }
    for (int t = 0; t < 30; t++) {
        pl_scenario *s = anac_random(&r, 2, t);
        uint32_t is[1] = {0}, al[1] = {1};
        /* a red line */
        if (t % 2) {
            rs_clause(s, 1, true, 0, 1, is, al);
        } else { /* a value off the grid */
            s->parties[0].interactions[0].value = M_PI / 17;
        }
        PL_CHECK_INT(compare(s, 2, false, t), 0);
        pl_scenario_free(s);
    }
}

/* An empty result as the driver allocates it. */
static pl_analysis *fresh(const pl_scenario *s)
{
    pl_analysis *a = rs_need(pl__calloc(1, sizeof *a));

    a->n_parties = 2;
    a->party = rs_need(pl__calloc(2, sizeof *a->party));
    a->reservation = rs_need(pl__calloc(2, sizeof *a->reservation));
    a->umin = rs_need(pl__calloc(2, sizeof *a->umin));
    a->umax = rs_need(pl__calloc(2, sizeof *a->umax));
    a->zone_best = rs_need(pl__calloc(2, sizeof *a->zone_best));
    a->hopeless = rs_need(pl__calloc(2, sizeof *a->hopeless));
    for (uint32_t j = 0; j < 2; j++) {
        a->party[j] = j;
        a->reservation[j] = s->parties[j].reservation;
    }
    a->n_outcomes = s->n_outcomes_exact;
    return a;
}

/* The caps: a refusal leaves the result untouched and says why; within
 * them the answer is the enumeration's. */
static void test_caps(void)
{
    pl_rng r;
    int declined = 0, done = 0;

    pl_rng_seed(&r, pl_test_seed(5));
    for (int t = 0; t < 40; t++) {
        pl_scenario *s = anac_random(&r, 2, t);
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *e = NULL;
        struct pl__gj_limits lim[3] = {{2, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        o.method = PL_METHOD_ENUMERATE;
        o.threads = 1;
        PL_CHECK_INT(pl_analyze(s, &o, &e, NULL), PL_OK);
        for (int k = 0; e && k < 3; k++) {
            pl_analysis *c = fresh(s);
            const char *why = NULL;
            PL_CHECK_INT(pl__analyze_gridjoint(s, &o, "", &lim[k], c, &why),
                         PL_OK);
            if (k == 0)
                PL_CHECK(why != NULL); /* two table entries: never enough */
            if (why) {
                declined++;
                PL_CHECK(c->umax[0] == 0 && c->method[0] == '\0' &&
                         !c->found[PL_NASH] && c->n_points == 0);
            } else {
                done++;
                PL_CHECK_INT(same_analysis(s, e, c), 0);
            }
            pl_analysis_free(c);
        }
        pl_analysis_free(e);
        pl_scenario_free(s);
    }
    fprintf(stderr, "caps: %d refusals, %d within the caps\n", declined,
            done);
    PL_CHECK(declined >= 80);
}

/* The shipped ANAC 2014 10-issue domain (10^10 outcomes): exact by the
 * joint programme, and its frontier is GENIUS's pareto.xml (10 vectors,
 * 8 significant digits); counts and concepts as the tree search found
 * them (bench/README.md). */
static void test_anac2014_10issues(void)
{
    const char *prof[2] = {DATA "/anac2014_10issues/profile-1.xml",
                           DATA "/anac2014_10issues/profile-2.xml"};
    static const double gen[10][2] = {
        {0.67824775, 1.0},        {0.6797583, 0.9322034},
        {0.7583082, 0.91638416},  {0.7854985, 0.85423726},
        {0.82477343, 0.82146895}, {0.826284, 0.7536723},
        {0.918429, 0.7457627},    {0.9199396, 0.6779661},
        {0.99848944, 0.66214687}, {1.0, 0.5943503}};
    pl_scenario *s = NULL;
    pl_analysis *a = NULL;
    pl_analysis_opts o = pl_analysis_opts_default();
    int matched = 0;

    PL_CHECK_INT(pl_scenario_load_genius(DATA "/anac2014_10issues/"
                                         "10issues-domain.xml",
                                         prof, 2, NULL, &s, NULL, NULL),
                 PL_OK);
    if (!s)
        return;
    o.top = 0;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (!a) {
        pl_scenario_free(s);
        return;
    }
    fprintf(stderr, "  %s\n", a->method);
    PL_CHECK(strstr(a->method, "joint grid DP (") != NULL);
    PL_CHECK(strstr(a->method, "auto") != NULL);
    PL_CHECK(strstr(a->method, "budget") == NULL);
    PL_CHECK(!a->zone_count_unknown && !a->pareto_incomplete);
    PL_CHECK_COUNT_EQ(a->zone_count, pl_count_from_u64(10000000000ull));
    PL_CHECK_COUNT_EQ(a->pareto_count, pl_count_from_u64(129072));
    PL_CHECK_INT(a->pareto_vectors, 10);
    PL_CHECK(a->umax[0] == 1 && a->umax[1] == 1);
    PL_CHECK(a->umin[0] == 0.013595166163141994 &&
             a->umin[1] == 0.1367231638418079);
    PL_CHECK(a->found[PL_NASH] && a->concept[PL_NASH].index == 5587030065ull);
    PL_CHECK(a->found[PL_KALAI_SMORODINSKY] &&
             a->concept[PL_KALAI_SMORODINSKY].index == 5782030055ull);
    PL_CHECK(a->found[PL_EGALITARIAN] &&
             a->concept[PL_EGALITARIAN].index == 5782030055ull);
    PL_CHECK(a->found[PL_MAX_WELFARE] &&
             a->concept[PL_MAX_WELFARE].index == 5580030055ull);
    for (int k = 0; k < 10; k++) {
        bool hit = false;
        for (size_t j = 0; j < a->n_points && !hit; j++)
            hit = fabs(a->points[j].utility[0] - gen[k][0]) < 1e-7 &&
                  fabs(a->points[j].utility[1] - gen[k][1]) < 1e-7;
        matched += hit;
    }
    PL_CHECK_INT(matched, 10);
    pl_analysis_free(a);
    pl_scenario_free(s);
}

int main(void)
{
    PL_RUN(test_anac2014_10issues);
    PL_RUN(test_random_vs_enumeration);
    PL_RUN(test_refusals);
    PL_RUN(test_caps);
    return pl_test_summary();
}
