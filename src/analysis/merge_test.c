/* Tests of the issue-by-issue merge (merge.c): on random purely additive
 * 2-party scenarios, pl_analyze() with method merge must agree with the
 * enumeration on every field, bit for bit (ranges, zone, frontier counts
 * and points, every concept's index and value), including quantised
 * values where exact ties and duplicate vectors abound and deep spaces
 * (12-20 issues, up to 10^6 outcomes) where rounding differences pile up; a hand-worked
 * 2 x 2 case; refusals; and a space far beyond enumeration. */
#include <math.h>
#include <string.h>

#include "../../tests/pl_test.h"
#include "../../tests/random_scenario.h"
#include "../../tests/same_analysis.h"
#include "analyze_int.h"
#include "core/count.h"
#include "merge.h"


/* A random purely additive 2-party scenario of at most max_out outcomes:
 * kind 0 independent continuous, 1 quantised (ties), 2 opposed
 * (v1 = 1 - v0, near zero-sum), 3 quantised opposed; sometimes an
 * observer with a utility and weights as written. */
static pl_scenario *random_additive(pl_rng *r, uint64_t max_out, int kind)
{
    uint32_t m[20], ni, n_parties;
    uint64_t total;
    const unsigned q = (kind & 1) ? 1 + (unsigned)pl_rng_below(r, 5) : 0;
    pl_scenario *s;

    do { /* up to 10 issues of 1-6 options, or 12-20 of 1-3 (deep) */
        const bool deep = max_out > 100000;
        ni = deep ? 12 + (uint32_t)pl_rng_below(r, 9)
                  : 1 + (uint32_t)pl_rng_below(r, 10);
        total = 1;
        for (uint32_t i = 0; i < ni; i++) {
            m[i] = 1 + (uint32_t)pl_rng_below(r, deep ? 3 : 6);
            total *= m[i];
        }
    } while (total > max_out);
    n_parties = 2 + (pl_rng_below(r, 4) == 0);
    s = rs_new(ni, m, n_parties);
    if (n_parties == 3)
        s->parties[pl_rng_below(r, 3)].role = PL_ROLE_OBSERVER;
    for (uint32_t p = 0; p < n_parties; p++) {
        struct pl__party *pa = &s->parties[p];
        bool any = false;
        pa->weights_as_written = pl_rng_below(r, 5) == 0;
        for (uint32_t i = 0; i < ni; i++) {
            pa->weight_raw[i] =
                q ? (double)pl_rng_below(r, 4) : pl_rng_uniform(r);
            any = any || pa->weight_raw[i] > 0;
            for (uint32_t k = 0; k < m[i]; k++)
                pa->v[i][k] = (kind >= 2 && p > 0) ? 1.0 - s->parties[0].v[i][k]
                                                  : rs_num(r, q);
        }
        if (!any)
            pa->weight_raw[pl_rng_below(r, ni)] = 1;
        pa->reservation = pl_rng_below(r, 4) == 0 ? 0 : rs_num(r, q) * 0.6;
    }
    rs_compile(s);
    return s;
}

static void test_random_vs_enumeration(void)
{
    pl_rng r;
    int cases = 0, failed = 0, unknown = 0;

    pl_rng_seed(&r, pl_test_seed(20261128));
    for (int t = 0; t < 660; t++) {
        pl_scenario *s = random_additive(
            &r, t < 400 ? 2000 : t < 600 ? 40000 : 1000000, t % 4);
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
        pl__merge_zone_tail = t % 3 == 0   ? 0
                              : t % 3 == 1 ? 1 + (uint32_t)pl_rng_below(&r, 64)
                                           : PL__MERGE_ZONE_TAIL;
        PL_CHECK_INT(pl_analyze(s, &o, &b, &d), PL_OK);
        pl__merge_zone_tail = PL__MERGE_ZONE_TAIL;
        if (a && b) {
            cases++;
            unknown += b->zone_count_unknown;
            PL_CHECK(strstr(b->method, "merge") != NULL);
            if (same_analysis(s, a, b)) {
                if (failed++ < 3)
                    fprintf(stderr, "  case %d (kind %d) differs\n", t,
                            t % 4);
            }
        }
        pl_analysis_free(a);
        pl_analysis_free(b);
        pl_scenario_free(s);
    }
    fprintf(stderr, "%d random cases compared, %d zone counts unknown\n",
            cases, unknown);
    PL_CHECK(cases == 660);
    PL_CHECK(unknown < cases / 10);
}

/* `b` with `nf` filler issues of `mf` options inserted at random
 * positions (filler[i] true for the new issues), worth nothing to anyone
 * (raw weight 0, values 0): every utility is the same double as in `b`
 * (x + 0.0 == x), and every count is multiplied by mf^nf. */
static pl_scenario *with_fillers(pl_rng *r, const pl_scenario *b,
                                 uint32_t nf, uint32_t mf, bool *filler)
{
    const uint32_t ni = b->n_issues + nf;
    uint32_t m[128], src[128];
    pl_scenario *s;
    uint32_t left = nf, core = 0;

    for (uint32_t i = 0; i < ni; i++) {
        const uint32_t rem = ni - i;
        filler[i] = left > 0 && pl_rng_below(r, rem) < left;
        left -= filler[i];
        m[i] = filler[i] ? mf : b->issues[core].n_options;
        src[i] = filler[i] ? UINT32_MAX : core++;
    }
    s = rs_new(ni, m, b->n_parties);
    for (uint32_t p = 0; p < b->n_parties; p++) {
        const struct pl__party *bp = &b->parties[p];
        struct pl__party *sp = &s->parties[p];
        sp->role = bp->role;
        sp->reservation = bp->reservation;
        sp->weights_as_written = bp->weights_as_written;
        for (uint32_t i = 0; i < ni; i++) {
            if (src[i] == UINT32_MAX)
                continue;
            sp->weight_raw[i] = bp->weight_raw[src[i]];
            for (uint32_t k = 0; k < m[i]; k++)
                sp->v[i][k] = bp->v[src[i]][k];
        }
    }
    rs_compile(s);
    return s;
}

/* Outcome of `b` (core issues) padded with option 0 on the fillers. */
static void pad_outcome(const uint32_t *core, const bool *filler,
                        uint32_t ni, uint32_t *out)
{
    for (uint32_t i = 0, c = 0; i < ni; i++)
        out[i] = filler[i] ? 0 : core[c++];
}

/* Spaces far beyond 2^64 with answers known from a small twin: a random
 * enumerable scenario, and the same with 10-60 worthless filler issues of
 * 2-9 options inserted anywhere (up to ~10^57 outcomes).  The merge on
 * the big one must give the twin's enumeration with every count times
 * mf^nf (exact), the same ranges and values, each concept's package the
 * twin's with option 0 on the fillers (lowest index), and the points: the
 * lowest-index outcome of each frontier vector in welfare-then-index
 * order (the big frontier has too many outcomes to list). */
static void test_fillers_vs_enumeration(void)
{
    pl_rng r;
    int cases = 0, wide = 0;

    pl_rng_seed(&r, pl_test_seed(4242));
    for (int t = 0; t < 240; t++) {
        pl_scenario *b = random_additive(&r, t < 200 ? 2000 : 40000, t % 4);
        const uint32_t nf = 10 + (uint32_t)pl_rng_below(&r, 51);
        const uint32_t mf = 2 + (uint32_t)pl_rng_below(&r, 8);
        bool filler[128];
        pl_scenario *s = with_fillers(&r, b, nf, mf, filler);
        const uint32_t ni = s->n_issues;
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *e = NULL, *a = NULL;
        pl_count f = pl_count_from_u64(1), x;
        uint32_t pad[128];
        size_t kp = 0;
        pl_diag d;

        for (uint32_t k = 0; k < nf; k++)
            PL_CHECK(!pl__count_mul_u64(&f, mf));
        o.threads = 1;
        o.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(b, &o, &e, &d), PL_OK);
        o.method = PL_METHOD_MERGE;
        PL_CHECK_INT(pl_analyze(s, &o, &a, &d), PL_OK);
        if (!a || !e)
            goto next;
        cases++;
        wide += !pl__count_fits_u64(a->n_outcomes);
        x = e->n_outcomes;
        pl__count_mul(&x, f);
        PL_CHECK_COUNT_EQ(a->n_outcomes, x);
        PL_CHECK(!a->zone_count_unknown);
        x = e->zone_count;
        pl__count_mul(&x, f);
        PL_CHECK_COUNT_EQ(a->zone_count, x);
        x = e->pareto_count;
        pl__count_mul(&x, f);
        PL_CHECK_COUNT_EQ(a->pareto_count, x);
        x = e->pareto_zone_count;
        pl__count_mul(&x, f);
        PL_CHECK_COUNT_EQ(a->pareto_zone_count, x);
        PL_CHECK_INT(a->pareto_vectors, e->pareto_vectors);
        PL_CHECK_INT(a->pareto_zone_vectors, e->pareto_zone_vectors);
        PL_CHECK_INT(a->n_hopeless, e->n_hopeless);
        for (size_t j = 0; j < a->n_parties; j++) {
            PL_CHECK(a->umin[j] == e->umin[j] && a->umax[j] == e->umax[j]);
            PL_CHECK(same_double(a->zone_best[j], e->zone_best[j]));
        }
        for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
            PL_CHECK_INT(a->found[c], e->found[c]);
            if (!a->found[c] || !e->found[c])
                continue;
            PL_CHECK(a->concept[c].value == e->concept[c].value);
            pad_outcome(e->concept[c].outcome, filler, ni, pad);
            PL_CHECK(memcmp(a->concept[c].outcome, pad,
                            ni * sizeof *pad) == 0);
            PL_CHECK_INT(a->concept[c].has_index,
                         pl__count_fits_u64(a->n_outcomes));
        }
        if (!strstr(a->method, "lowest-index outcome per vector")) {
            /* all listed: the points with every filler at option 0 are
             * the twin's, in the twin's order */
            PL_CHECK_COUNT(a->pareto_count, a->n_points);
            for (size_t k = 0; k < a->n_points; k++) {
                const pl_package *g = &a->points[k];
                bool zero = true;
                for (uint32_t i = 0; i < ni && zero; i++)
                    zero = !filler[i] || g->outcome[i] == 0;
                if (!zero)
                    continue;
                if (kp < e->n_points) {
                    pad_outcome(e->points[kp].outcome, filler, ni, pad);
                    PL_CHECK(memcmp(g->outcome, pad, ni * sizeof *pad) == 0);
                    PL_CHECK(g->value == e->points[kp].value);
                }
                kp++;
            }
            PL_CHECK_INT(kp, e->n_points);
            goto next;
        }
        /* the first outcome of each vector in the twin's point order */
        for (size_t k = 0; k < e->n_points; k++) {
            const pl_package *q = &e->points[k];
            bool seen = false;
            for (size_t l = 0; l < k && !seen; l++)
                seen = e->points[l].utility[0] == q->utility[0] &&
                       e->points[l].utility[1] == q->utility[1] &&
                       (a->n_parties < 3 ||
                        e->points[l].utility[2] == q->utility[2]);
            if (seen)
                continue;
            if (kp < a->n_points) {
                const pl_package *g = &a->points[kp];
                pad_outcome(q->outcome, filler, ni, pad);
                PL_CHECK(memcmp(g->outcome, pad, ni * sizeof *pad) == 0);
                PL_CHECK(g->value == q->value && g->in_zone == q->in_zone);
                for (size_t j = 0; j < a->n_parties; j++)
                    PL_CHECK(g->utility[j] == q->utility[j]);
            }
            kp++;
        }
        PL_CHECK_INT(a->n_points, kp);
    next:
        pl_analysis_free(e);
        pl_analysis_free(a);
        pl_scenario_free(s);
        pl_scenario_free(b);
    }
    fprintf(stderr, "%d filler cases compared, %d beyond 2^64\n", cases,
            wide);
    PL_CHECK(cases == 240);
    PL_CHECK(wide > 100);
}

/* Zone counts on the rounding band, 2 parties: reservations equal to an
 * outcome's reference utility or one ulp off (half the time the same
 * outcome for both), quantised values with exact ties, against the
 * enumeration; the DP alone, small tails and the default tail. */
static void test_zone_band(void)
{
    pl_rng r;
    int cases = 0;

    pl_rng_seed(&r, pl_test_seed(4244));
    for (int t = 0; t < 200; t++) {
        pl_scenario *s = random_additive(&r, t < 170 ? 3000 : 60000, t % 4);
        pl_analysis_opts op = pl_analysis_opts_default();
        pl_analysis *a = NULL;
        const uint64_t x0 = pl_rng_below(&r, s->n_outcomes_u64);
        const bool same = pl_rng_below(&r, 2) == 0;

        if (s->n_issues > 32) {
            pl_scenario_free(s);
            continue;
        }
        rs_reserve_on_outcomes(s, &r, s->n_parties, same, x0);
        op.threads = 1;
        op.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(s, &op, &a, NULL), PL_OK);
        op.method = PL_METHOD_MERGE;
        for (int k = 0; k < 3 && a; k++) {
            pl_analysis *b = NULL;
            pl__merge_zone_tail = k == 0   ? 0
                                  : k == 1 ? 1 + (uint32_t)pl_rng_below(&r, 200)
                                           : PL__MERGE_ZONE_TAIL;
            PL_CHECK_INT(pl_analyze(s, &op, &b, NULL), PL_OK);
            if (b) {
                PL_CHECK(!b->zone_count_unknown);
                PL_CHECK_COUNT_EQ(a->zone_count, b->zone_count);
                cases++;
            }
            pl_analysis_free(b);
        }
        pl__merge_zone_tail = PL__MERGE_ZONE_TAIL;
        pl_analysis_free(a);
        pl_scenario_free(s);
    }
    fprintf(stderr, "%d 2-party zone counts on the band compared\n", cases);
    PL_CHECK(cases >= 540);
}

/* The zone estimate where the counting DP runs out of budget (forced
 * tiny here), against the enumeration's exact count: the certified
 * bounds always hold, the point estimate lies in its interval and the
 * bounds, the 95% interval covers the truth in most cases, and the
 * estimate is reproducible. */
static void test_zone_estimate(void)
{
    pl_rng r;
    int cases = 0, covered = 0, estimated = 0;

    pl_rng_seed(&r, pl_test_seed(777));
    while (cases < 120) {
        pl_scenario *s =
            random_additive(&r, cases % 2 ? 40000 : 200000, cases % 4);
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *e = NULL;
        const size_t budget = 1 + (size_t)pl_rng_below(&r, 8);
        uint32_t party[2];
        size_t np = 0;
        bool known = false, known2 = false;
        pl_count cnt, cnt2, bd[2], bd2[2];
        pl_zone_estimate est, est2;

        for (uint32_t p = 0; p < s->n_parties; p++)
            if (s->parties[p].role != PL_ROLE_OBSERVER && np < 2)
                party[np++] = p;
        if (np != 2 || s->n_parties != 2) {
            pl_scenario_free(s);
            continue;
        }
        cases++;
        o.threads = 1;
        o.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(s, &o, &e, NULL), PL_OK);
        /* a seed per case: with one seed for all, the cases would share
         * one random stream and their misses would be correlated */
        const uint64_t seed = pl_rng_next(&r);
        PL_CHECK_INT(pl__merge_zone(s, party, budget, seed, &known, &cnt,
                                    &est, bd),
                     PL_OK);
        PL_CHECK_INT(pl__merge_zone(s, party, budget, seed, &known2, &cnt2,
                                    &est2, bd2),
                     PL_OK);
        PL_CHECK(!known || est.seed == 0 || est.seed == seed);
        if (e && known) {
            PL_CHECK_COUNT_EQ(cnt, e->zone_count);
            PL_CHECK(!est.valid);
        } else if (e) {
            const double truth = pl_count_to_double(e->zone_count);
            estimated++;
            PL_CHECK(est.valid);
            PL_CHECK(pl_count_cmp(bd[0], e->zone_count) <= 0);
            PL_CHECK(pl_count_cmp(e->zone_count, bd[1]) <= 0);
            PL_CHECK(est.count >= pl_count_to_double(bd[0]) &&
                     est.count <= pl_count_to_double(bd[1]));
            PL_CHECK(est.ci95[0] <= est.count && est.count <= est.ci95[1]);
            PL_CHECK(est.hits <= est.samples && est.samples == 100000);
            PL_CHECK_STR(est.method, "monte-carlo");
            if (truth >= est.ci95[0] * (1 - 1e-12) &&
                truth <= est.ci95[1] * (1 + 1e-12))
                covered++;
            else
                fprintf(stderr, "  miss: truth %.17g, estimate %.17g [%.17g, "
                        "%.17g], bounds %.17g..%.17g, hits %llu\n", truth,
                        est.count, est.ci95[0], est.ci95[1],
                        pl_count_to_double(bd[0]),
                        pl_count_to_double(bd[1]),
                        (unsigned long long)est.hits);
            /* reproducible */
            PL_CHECK(!known2 && est2.count == est.count &&
                     est2.hits == est.hits &&
                     pl_count_cmp(bd2[0], bd[0]) == 0 &&
                     pl_count_cmp(bd2[1], bd[1]) == 0);
        }
        pl_analysis_free(e);
        pl_scenario_free(s);
    }
    fprintf(stderr, "%d estimates, truth in the 95%% interval in %d\n",
            estimated, covered);
    PL_CHECK(estimated >= 25);
    PL_CHECK(covered >= estimated * 85 / 100);
}

/* A GENIUS cap the utility cannot reach leaves it additive: the merge
 * applies and equals the enumeration; a cap it can reach is refused. */
static void test_clamp(void)
{
    pl_rng r;
    int applied = 0, refused = 0;

    pl_rng_seed(&r, pl_test_seed(31337));
    for (int t = 0; t < 120; t++) {
        pl_scenario *s = random_additive(&r, 2000, t % 4);
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *a = NULL, *b = NULL;
        pl_diag d;
        const double cap = t % 3 == 0 ? 0.5 : 1.0;

        for (uint32_t p = 0; p < s->n_parties; p++) {
            s->parties[p].has_clamp = true;
            s->parties[p].clamp_max = cap;
        }
        memset(&d, 0, sizeof d);
        o.threads = 1;
        o.method = PL_METHOD_ENUMERATE;
        PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
        o.method = PL_METHOD_MERGE;
        if (pl_analyze(s, &o, &b, &d) == PL_OK) {
            applied++;
            /* the cap never binds: every utility is below it */
            for (size_t j = 0; a && j < a->n_parties; j++)
                PL_CHECK(a->umax[j] <= cap);
            if (a && b && same_analysis(s, a, b))
                fprintf(stderr, "  clamp case %d differs\n", t);
        } else {
            refused++;
            PL_CHECK(strstr(d.message, "can reach the cap") != NULL);
            for (size_t j = 0, hit = 0; a && j <= a->n_parties; j++) {
                if (j == a->n_parties) {
                    PL_CHECK(hit); /* some party can reach its cap */
                    break;
                }
                hit += a->umax[j] >= cap;
            }
        }
        pl_analysis_free(a);
        pl_analysis_free(b);
        pl_scenario_free(s);
    }
    fprintf(stderr, "clamp: merge applied %d, refused %d\n", applied,
            refused);
    PL_CHECK(applied >= 30 && refused >= 20);
}

/* 2 issues x 2 options, worked by hand.  U0 = (0.3, 0.2 | 0.5, 0),
 * U1 = (0, 0.5 | 0.1, 0.4) with weights 0.5/0.5 and values as below:
 * outcomes (u0, u1): 0 (0.8, 0.1), 1 (0.3, 0.4), 2 (0.7, 0.6),
 * 3 (0.2, 0.9); r1 = 0.5.  Nash: 0.7 * 0.1 < 0.2 * 0.4. */
static void test_hand_2x2(void)
{
    const uint32_t m[2] = {2, 2};
    pl_scenario *s = rs_new(2, m, 2);
    pl_analysis_opts o = pl_analysis_opts_default();
    pl_analysis *a = NULL;

    /* party 0: issue 0 -> (0.6, 0.4), issue 1 -> (1, 0), weights 1/2 */
    s->parties[0].weight_raw[0] = 1;
    s->parties[0].weight_raw[1] = 1;
    s->parties[0].v[0][0] = 0.6;
    s->parties[0].v[0][1] = 0.4;
    s->parties[0].v[1][0] = 1.0;
    s->parties[0].v[1][1] = 0.0;
    /* party 1: issue 0 -> (0, 1), issue 1 -> (0.2, 0.8) */
    s->parties[1].weight_raw[0] = 1;
    s->parties[1].weight_raw[1] = 1;
    s->parties[1].v[0][0] = 0.0;
    s->parties[1].v[0][1] = 1.0;
    s->parties[1].v[1][0] = 0.2;
    s->parties[1].v[1][1] = 0.8;
    s->parties[1].reservation = 0.5;
    rs_compile(s);
    /* u(0,0) = (0.8, 0.1), u(0,1) = (0.3, 0.4), u(1,0) = (0.7, 0.6),
     * u(1,1) = (0.2, 0.9).  Frontier: (0.8, 0.1), (0.7, 0.6),
     * (0.2, 0.9); (0.3, 0.4) is dominated by (0.7, 0.6). */
    o.method = PL_METHOD_MERGE;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK_COUNT(a->pareto_count, 3);
        PL_CHECK_INT(a->pareto_vectors, 3);
        PL_CHECK_COUNT(a->pareto_zone_count, 2); /* u1 >= 0.5 */
        PL_CHECK_COUNT(a->zone_count, 2);
        PL_CHECK(!a->zone_count_unknown);
        PL_CHECK_INT(a->n_points, 3);
        if (a->n_points == 3) { /* welfare 1.3, 1.1, 0.9 */
            PL_CHECK_INT(a->points[0].index, 2);
            PL_CHECK_INT(a->points[1].index, 3);
            PL_CHECK_INT(a->points[2].index, 0);
        }
        PL_CHECK(a->found[PL_NASH] && a->concept[PL_NASH].index == 3);
        PL_CHECK(a->found[PL_MAX_WELFARE] &&
                 a->concept[PL_MAX_WELFARE].index == 2);
        /* egalitarian: min(0.7, 0.1) = 0.1 vs min(0.2, 0.4) = 0.2 */
        PL_CHECK(a->found[PL_EGALITARIAN] &&
                 a->concept[PL_EGALITARIAN].index == 3);
        PL_CHECK_NEAR(a->umax[0], 0.8, 1e-15);
        PL_CHECK_NEAR(a->umin[1], 0.1, 1e-15);
    }
    pl_analysis_free(a);
    pl_scenario_free(s);
}

static void test_refusals_and_auto(void)
{
    const uint32_t m[3] = {10, 10, 10};
    pl_scenario *s = rs_new(3, m, 2);
    pl_analysis_opts o = pl_analysis_opts_default();
    pl_analysis *a = NULL;
    pl_diag d;
    const uint32_t iss = 0, allow = 1;

    PL_CHECK_INT(o.method, PL_METHOD_AUTO);
    s->parties[0].weight_raw[0] = 1;
    s->parties[1].weight_raw[1] = 1;
    s->parties[0].v[0][3] = 1;
    s->parties[1].v[1][4] = 1;
    rs_compile(s);
    /* auto above max_outcomes: the merge */
    o.max_outcomes = 999;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK(strstr(a->method, "merge") != NULL);
        PL_CHECK(strstr(a->method, "more outcomes than max_outcomes") != NULL);
        PL_CHECK_COUNT(a->pareto_count, 10);
    }
    pl_analysis_free(a);
    /* forced enumeration refuses */
    o.method = PL_METHOD_ENUMERATE;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_ETOOBIG);
    o.method = 17;
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_EINVAL);
    /* an interaction: merge refused with a reason, auto too big */
    rs_clause(s, 1, false, 0.1, 1, &iss, &allow);
    memset(&d, 0, sizeof d);
    o.method = PL_METHOD_MERGE;
    PL_CHECK_INT(pl_analyze(s, &o, &a, &d), PL_EINVAL);
    PL_CHECK(strstr(d.message, "interaction") != NULL);
    /* auto: branch and bound takes it (bnb_test checks its answers) */
    o.method = PL_METHOD_AUTO;
    PL_CHECK_INT(pl_analyze(s, &o, &a, &d), PL_OK);
    PL_CHECK(a && strncmp(a->method, "bnb:", 4) == 0);
    PL_CHECK(a && strstr(a->method, "merge does not apply") != NULL);
    pl_analysis_free(a);
    pl_scenario_free(s);
}

/* 16 issues x 10 options (10^16 outcomes): the merge answers quickly;
 * the frontier is mutually non-dominated and every point's utilities
 * match its outcome. */
static void test_huge(void)
{
    uint32_t m[16];
    pl_rng r;
    pl_scenario *s;
    pl_analysis_opts o = pl_analysis_opts_default();
    pl_analysis *a = NULL;

    pl_rng_seed(&r, 99);
    for (int i = 0; i < 16; i++)
        m[i] = 10;
    s = rs_new(16, m, 2);
    for (uint32_t p = 0; p < 2; p++)
        for (uint32_t i = 0; i < 16; i++) {
            s->parties[p].weight_raw[i] = pl_rng_uniform(&r);
            for (uint32_t k = 0; k < 10; k++)
                s->parties[p].v[i][k] = pl_rng_uniform(&r);
        }
    s->parties[0].reservation = 0.4;
    s->parties[1].reservation = 0.4;
    rs_compile(s);
    PL_CHECK_INT(pl_analyze(s, &o, &a, NULL), PL_OK);
    if (a) {
        PL_CHECK(strstr(a->method, "merge") != NULL);
        PL_CHECK_COUNT(a->pareto_count, a->n_points);
        for (size_t k = 0; k < a->n_points; k++) {
            const pl_package *x = &a->points[k];
            for (size_t j = 0; j < 2; j++)
                PL_CHECK(x->utility[j] ==
                         pl_scenario_utility(s, j, x->outcome));
            for (size_t l = 0; l < a->n_points; l++)
                PL_CHECK(!(a->points[l].utility[0] >= x->utility[0] &&
                           a->points[l].utility[1] >= x->utility[1] &&
                           (a->points[l].utility[0] > x->utility[0] ||
                            a->points[l].utility[1] > x->utility[1])));
        }
        for (int c = 0; c < PL_CONCEPT_COUNT; c++)
            PL_CHECK(a->found[c]);
        fprintf(stderr, "10^16: %s; %" PRIu64 " frontier outcomes\n",
                a->method, a->pareto_count.w[0]);
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
    s = random_additive(&r, 500, 1);
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
    /* the zone estimate's paths (tiny budget) under failing allocations:
     * no crash, no leak, and an estimate once memory suffices */
    pl_rng_seed(&r, 6);
    s = random_additive(&r, 200000, 0);
    for (n = 0; n < 100000; n++) {
        const uint32_t party[2] = {0, 1};
        bool known = true;
        pl_count cnt, bd[2];
        pl_zone_estimate est;
        pl__alloc_fail_after(n);
        rc = pl__merge_zone(s, party, 2, 1, &known, &cnt, &est, bd);
        pl__alloc_fail_after(-1);
        if (rc == PL_OK && (known || est.valid))
            break;
    }
    PL_CHECK_INT(rc, PL_OK);
    pl_scenario_free(s);
}

int main(void)
{
    PL_RUN(test_hand_2x2);
    PL_RUN(test_refusals_and_auto);
    PL_RUN(test_random_vs_enumeration);
    PL_RUN(test_fillers_vs_enumeration);
    PL_RUN(test_zone_band);
    PL_RUN(test_zone_estimate);
    PL_RUN(test_clamp);
    PL_RUN(test_huge);
    PL_RUN(test_oom);
    fprintf(stderr, "%d checks, %d failures\n", pl_test_checks,
            pl_test_failures);
    return pl_test_failures != 0;
}
