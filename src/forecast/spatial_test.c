/* Tests of the spatial models: hand-computed small cases (the arithmetic
 * is in the comments), robustness to missing positions and zero
 * saliences, randomised invariants and out-of-memory behaviour. */
#include <math.h>

#include "core/alloc.h"
#include "parley/forecast.h"
#include "parley/rng.h"
#include "pl_test.h"

static pl_fc_data *issue_of(size_t n, const double *cap, const double *pos,
                            const double *sal, double ref)
{
    static const char *const names[] = {"a", "b", "c", "d", "e", "f"};
    pl_fc_data *d = pl_fc_data_new();

    PL_CHECK(d != NULL);
    PL_CHECK_INT(pl_fc_data_add_issue(d, "t", "test", NULL, ref, NAN), PL_OK);
    for (size_t i = 0; i < n; i++)
        PL_CHECK_INT(
            pl_fc_data_add_actor(d, names[i % 6], cap[i], pos[i], sal[i]),
            PL_OK);
    return d;
}

static double predict(const pl_fc_data *d, pl_fc_model m, const pl_fc_opts *o)
{
    double v = -1;
    PL_CHECK_INT(pl_fc_predict(d, 0, m, o, &v), PL_OK);
    return v;
}

/* Three actors: a (c 1, x 0, s 100) -> w 1; b (c 2, x 50, s 50) -> w 1;
 * c (c 1, x 100, s 50) -> w 0.5.
 * compromise = (0*1 + 50*1 + 100*0.5) / 2.5 = 100 / 2.5 = 40.
 * median: sorted weights 1, 1, 0.5 (total 2.5, half 1.25); cumulative
 * 1 < 1.25 at x = 0, 2 >= 1.25 at x = 50, so 50. */
static void test_compromise_median(void)
{
    const double cap[] = {1, 2, 1}, pos[] = {0, 50, 100}, sal[] = {100, 50, 50};
    pl_fc_data *d = issue_of(3, cap, pos, sal, NAN);

    PL_CHECK_NEAR(predict(d, PL_FC_COMPROMISE, NULL), 40.0, 1e-12);
    PL_CHECK_NEAR(predict(d, PL_FC_MEDIAN, NULL), 50.0, 1e-12);
    pl_fc_data_free(d);
}

/* Bueno de Mesquita's published example (EC car-emission standards, as
 * used by Scholz, Calbert & Smith 2011): positions 4-10 scaled by 10,
 * saliences 0-1 scaled by 100.  w = c*s:
 *   x 40: NL .08*.8=.064, LU .03*.2=.006, DE .16*.8=.128, DK .05*1=.05
 *         -> .248
 *   x 70: BE .08*.4=.032, IE .05*.1=.005, EL .08*.7=.056 -> .093
 *   x 100: FR .096, IT .096, UK .16*.9=.144 -> .336
 * total .677; compromise = (40*.248 + 70*.093 + 100*.336)/.677
 *   = (9.92 + 6.51 + 33.6)/.677 = 50.03/.677 = 73.8996...
 * median: cumulative .248 < .3385 at 40, .341 >= .3385 at 70 -> 70. */
static void test_bdm_example_statics(void)
{
    const double cap[] = {.08, .08, .03, .16, .16, .16, .16, .05, .05, .08};
    const double pos[] = {40, 70, 40, 40, 100, 100, 100, 70, 40, 70};
    const double sal[] = {80, 40, 20, 80, 60, 60, 90, 10, 100, 70};
    pl_fc_data *d = issue_of(10, cap, pos, sal, NAN);
    pl_fc_opts o = pl_fc_opts_default();
    double v;

    PL_CHECK_NEAR(predict(d, PL_FC_COMPROMISE, NULL), 50.03 / .677, 1e-9);
    PL_CHECK_NEAR(predict(d, PL_FC_MEDIAN, NULL), 70.0, 1e-12);
    /* The dynamic models stay within the range of positions. */
    for (unsigned r = 0; r <= 6; r++) {
        o.bdm_rounds = r;
        v = predict(d, PL_FC_BDM, &o);
        PL_CHECK(v >= 40 - 1e-9 && v <= 100 + 1e-9);
    }
    v = predict(d, PL_FC_PCE, NULL);
    PL_CHECK(v >= 40 - 1e-9 && v <= 100 + 1e-9);
    pl_fc_data_free(d);
}

/* Nash bargaining, u_i(x) = 1 - |x - x_i|/100, exponents w_i.
 * Far end (u_i(d) = 0): a at 0 with w 2 (c 2, s 100), b at 100 with w 1:
 *   maximise 2 log(1 - x/100) + log(x/100):  -2/(100-x) + 1/x = 0
 *   -> x = (100 - x)/2 -> x = 100/3.
 * Reference point 80: gains need |x - 0| < 80 and |x - 100| < 20, i.e.
 *   x < 80 and x > 80: empty, so the forecast is the disagreement point 80.
 * Reference 100, a at 0 (w 3), b at 60 (w 1): gains a: (100 - x)/100,
 *   b: (40 - |x - 60|)/100, feasible (20, 100).  For x <= 60 b's gain is
 *   (x - 20)/100: -3/(100-x) + 1/(x-20) = 0 -> 100 - x = 3x - 60 -> 40. */
static void test_nash(void)
{
    const double cap[] = {2, 1}, pos[] = {0, 100}, sal[] = {100, 100};
    const double cap2[] = {3, 1}, pos2[] = {0, 60};
    pl_fc_data *d = issue_of(2, cap, pos, sal, NAN);
    pl_fc_data *e = issue_of(2, cap, pos, sal, 80);
    pl_fc_data *f = issue_of(2, cap2, pos2, sal, 100);

    PL_CHECK_NEAR(predict(d, PL_FC_NASH_FAR, NULL), 100.0 / 3, 1e-6);
    PL_CHECK_NEAR(predict(d, PL_FC_NASH, NULL), 100.0 / 3, 1e-6);
    PL_CHECK_NEAR(predict(e, PL_FC_NASH, NULL), 80.0, 1e-12);
    PL_CHECK_NEAR(predict(e, PL_FC_NASH_FAR, NULL), 100.0 / 3, 1e-6);
    PL_CHECK_NEAR(predict(f, PL_FC_NASH, NULL), 40.0, 1e-6);
    pl_fc_data_free(d);
    pl_fc_data_free(e);
    pl_fc_data_free(f);
}

struct rounds_seen {
    unsigned count;
    double last[2];
};

static void on_round(void *ctx, const pl_fc_round *r)
{
    struct rounds_seen *s = ctx;
    s->count++;
    if (r->n == 2) {
        s->last[0] = r->position[0];
        s->last[1] = r->position[1];
    }
}

/* BDM, two actors: a at 0 (c 1, s 1), b at 100 (c 1, s .5).  Normalised
 * z_a = 0, z_b = 1; vote weights c*s = 1, .5; median voter mu = 0.
 * P_ab = 1/(1 + .5) = 2/3 (a's own vote 1 against b's .5).
 * Risk, r = 1 (U_s = 2 - 4(.5 - .5d), U_f = 2 - 4(.5 + .5d), U_sq = 0):
 *   a's security: b challenging a at 0: d 1, P 1/3, s_a 1:
 *     EU = 1/3*2 + 2/3*(-2) = -2/3; with a at 1: d 0 -> EU 0.
 *     R_a = (2(-2/3) - 0 + 2/3)/(2/3) = -1 -> r_a = (4/3)/(2/3) = 2.
 *   b's security: a challenging b at 1: P 2/3, s_b .5:
 *     EU = .5(2/3*2 - 1/3*2) + .5*2 = 4/3; with b at 0: 0.
 *     R_b = (8/3 - 4/3 - 0)/(4/3) = 1 -> r_b = (2/3)/(4/3) = .5.
 * EU_ab (r 2): U_s 2, U_f -2, U_sq = 2 - 4*.25 = 1:
 *   .5(2/3*2 + 1/3*(-2)) + .5*2 - 1 = 1/3.
 * EU_ba (r .5): U_s 2, U_f -2, U_sq = 2 - 4*sqrt(.5) = -0.8284:
 *   1/3*2 + 2/3*(-2) + 0.8284 = 0.1618.
 * Both positive and EU_ab > EU_ba: confrontation, b moves to a's 0.
 * So one round gives 0; zero rounds give the compromise (0 + 50)/1.5. */
static void test_bdm_two_actors(void)
{
    const double cap[] = {1, 1}, pos[] = {0, 100}, sal[] = {100, 50};
    pl_fc_data *d = issue_of(2, cap, pos, sal, NAN);
    pl_fc_opts o = pl_fc_opts_default();
    struct rounds_seen seen = {0, {-1, -1}};

    o.bdm_rounds = 0;
    PL_CHECK_NEAR(predict(d, PL_FC_BDM, &o), 100.0 / 3, 1e-12);
    o.bdm_rounds = 1;
    o.trace = on_round;
    o.trace_ctx = &seen;
    PL_CHECK_NEAR(predict(d, PL_FC_BDM, &o), 0.0, 1e-12);
    PL_CHECK_INT(seen.count, 2); /* rounds 0 and 1 */
    PL_CHECK_NEAR(seen.last[0], 0.0, 1e-12);
    PL_CHECK_NEAR(seen.last[1], 0.0, 1e-12);
    /* The median summary of the starting positions: weights 1, .5 ->
     * half 0.75 reached at 0. */
    o.bdm_rounds = 0;
    o.bdm_summary = PL_FC_SUM_MEDIAN;
    o.trace = NULL;
    PL_CHECK_NEAR(predict(d, PL_FC_BDM, &o), 0.0, 1e-12);
    pl_fc_data_free(d);
}

/* PCE with two options 0 and 100, voters a (ideal 0, w 1) and b (ideal
 * 100, w .5), proportional votes: S_0 = 1, S_100 = .5.
 * q = 1: P(100 beats 0) = .5/1.5 = 1/3, P(0 beats 100) = 2/3.  The
 *   Markov chain's balance pi_0 * 1/3 = pi_100 * 2/3 gives pi_0 = 2/3:
 *   expected outcome 100/3.
 * q = 2: P(100 beats 0) = .25/1.25 = .2 -> pi_0 * .2 = pi_100 * .8 ->
 *   pi_0 = .8: expected outcome 20. */
static void test_pce_election(void)
{
    const double cap[] = {1, 1}, pos[] = {0, 100}, sal[] = {100, 50};
    pl_fc_data *d = issue_of(2, cap, pos, sal, NAN);
    pl_fc_opts o = pl_fc_opts_default();

    o.pce_max_rounds = 0;
    o.pce_summary = PL_FC_SUM_PCE;
    PL_CHECK_NEAR(predict(d, PL_FC_PCE, &o), 100.0 / 3, 1e-9);
    o.pce_exponent = 2;
    PL_CHECK_NEAR(predict(d, PL_FC_PCE, &o), 20.0, 1e-9);
    o.bdm_rounds = 0;
    o.bdm_summary = PL_FC_SUM_PCE; /* bdm's pce summary uses q = 1 */
    PL_CHECK_NEAR(predict(d, PL_FC_BDM, &o), 100.0 / 3, 1e-9);
    pl_fc_data_free(d);
}

/* Symmetric issue: a 0, b 50, c 100, equal weights.  Every model is
 * symmetric under x -> 100 - x, so every forecast is 50. */
static void test_symmetry(void)
{
    const double cap[] = {1, 1, 1}, pos[] = {0, 50, 100}, sal[] = {50, 50, 50};
    pl_fc_data *d = issue_of(3, cap, pos, sal, NAN);

    for (unsigned m = 0; m < PL_FC__MODEL_COUNT; m++)
        PL_CHECK_NEAR(predict(d, (pl_fc_model)m, NULL), 50.0, 1e-6);
    pl_fc_data_free(d);
}

/* Everybody at 30: every model says 30. */
static void test_unanimity(void)
{
    const double cap[] = {1, 2, 3}, pos[] = {30, 30, 30}, sal[] = {10, 0, 90};
    pl_fc_data *d = issue_of(3, cap, pos, sal, 80);

    /* Nash with reference 80: everyone gains on (0, 80), most at 30. */
    for (unsigned m = 0; m < PL_FC__MODEL_COUNT; m++)
        PL_CHECK_NEAR(predict(d, (pl_fc_model)m, NULL), 30.0, 1e-6);
    pl_fc_data_free(d);
}

/* Missing positions are skipped, not read as 0; zero saliences give
 * weight 0; all-zero weights fall back to equal weights; an issue with no
 * position gets NAN and PL_OK. */
static void test_missing_and_zero(void)
{
    const double cap[] = {1, 2, 5, 1}, pos[] = {0, 50, NAN, 100},
                 sal[] = {100, 50, 100, 50};
    const double capz[] = {1, 1, 1}, posz[] = {0, 30, 90}, salz[] = {0, NAN, 0};
    const double posn[] = {NAN, NAN};
    pl_fc_data *d = issue_of(4, cap, pos, sal, NAN);
    pl_fc_data *z = issue_of(3, capz, posz, salz, NAN);
    pl_fc_data *n = issue_of(2, capz, posn, salz, 50);
    pl_fc_data *e = pl_fc_data_new();
    double v = 0;

    /* Same as test_compromise_median: the 5-capability actor is absent. */
    PL_CHECK_NEAR(predict(d, PL_FC_COMPROMISE, NULL), 40.0, 1e-12);
    PL_CHECK_NEAR(predict(d, PL_FC_MEDIAN, NULL), 50.0, 1e-12);
    /* All weights 0: plain mean (0 + 30 + 90)/3 = 40, median 30. */
    PL_CHECK_NEAR(predict(z, PL_FC_COMPROMISE, NULL), 40.0, 1e-12);
    PL_CHECK_NEAR(predict(z, PL_FC_MEDIAN, NULL), 30.0, 1e-12);
    for (unsigned m = 0; m < PL_FC__MODEL_COUNT; m++) {
        v = predict(z, (pl_fc_model)m, NULL);
        PL_CHECK(v >= 0 && v <= 90);
        v = 0;
        PL_CHECK_INT(pl_fc_predict(n, 0, (pl_fc_model)m, NULL, &v), PL_OK);
        PL_CHECK(isnan(v));
    }
    /* Salience exponent 0: zero salience still means weight 0. */
    {
        pl_fc_opts o = pl_fc_opts_default();
        o.salience_exponent = 0;
        /* weights: a c1, b c2 (salience 50 -> 1), absent, d c1 ->
         * (0 + 100 + 100)/4 = 50 */
        PL_CHECK_NEAR(predict(d, PL_FC_COMPROMISE, &o), 50.0, 1e-12);
    }
    /* Bad arguments. */
    PL_CHECK_INT(pl_fc_predict(d, 1, PL_FC_COMPROMISE, NULL, &v), PL_ENOTFOUND);
    PL_CHECK_INT(pl_fc_predict(d, 0, PL_FC__MODEL_COUNT, NULL, &v), PL_EINVAL);
    PL_CHECK_INT(pl_fc_data_add_actor(e, "x", 1, 50, 50), PL_EINVAL);
    PL_CHECK_INT(pl_fc_data_add_issue(e, "", NULL, NULL, NAN, NAN), PL_EINVAL);
    PL_CHECK_INT(pl_fc_data_add_issue(e, "i", NULL, NULL, 101, NAN), PL_EINVAL);
    PL_CHECK_INT(pl_fc_data_add_issue(e, "i", NULL, NULL, NAN, NAN), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_actor(e, "x", -1, 50, 50), PL_EINVAL);
    PL_CHECK_INT(pl_fc_data_add_actor(e, "x", 1, 150, 50), PL_EINVAL);
    PL_CHECK_INT(pl_fc_data_add_actor(e, "x", INFINITY, 50, 50), PL_EINVAL);
    {
        pl_fc_opts o = pl_fc_opts_default();
        o.bdm_q = 2;
        PL_CHECK_INT(pl_fc_predict(d, 0, PL_FC_BDM, &o, &v), PL_EINVAL);
    }
    pl_fc_data_free(d);
    pl_fc_data_free(z);
    pl_fc_data_free(n);
    pl_fc_data_free(e);
}

/* Random issues: every forecast lies within the range of positions (Nash
 * with a reference point: or at the reference point); the weighted median
 * is one of the positions; results are deterministic. */
static void test_random_invariants(void)
{
    pl_rng rng;
    const uint64_t seed = pl_test_seed(20261128);

    pl_rng_seed(&rng, seed);
    for (int t = 0; t < 300; t++) {
        const size_t n = 1 + (size_t)pl_rng_below(&rng, 12);
        const double ref =
            pl_rng_below(&rng, 3) == 0 ? NAN : (double)pl_rng_below(&rng, 101);
        double cap[12], pos[12], sal[12], lo = 100, hi = 0;
        pl_fc_data *d;
        for (size_t i = 0; i < n; i++) {
            cap[i] = pl_rng_uniform(&rng) * 5;
            pos[i] = pl_rng_below(&rng, 4) == 0
                         ? (double)(pl_rng_below(&rng, 2) * 100)
                         : pl_rng_uniform(&rng) * 100;
            sal[i] =
                pl_rng_below(&rng, 5) == 0 ? 0 : pl_rng_uniform(&rng) * 100;
            lo = fmin(lo, pos[i]);
            hi = fmax(hi, pos[i]);
        }
        d = issue_of(n, cap, pos, sal, ref);
        for (unsigned m = 0; m < PL_FC__MODEL_COUNT; m++) {
            const double v = predict(d, (pl_fc_model)m, NULL);
            const double again = predict(d, (pl_fc_model)m, NULL);
            const bool in = v >= lo - 1e-6 && v <= hi + 1e-6;
            PL_CHECK(in || (m == PL_FC_NASH && v == ref));
            PL_CHECK(v == again);
            if (m == PL_FC_MEDIAN) {
                bool found = false;
                for (size_t i = 0; i < n; i++)
                    found = found || pos[i] == v;
                PL_CHECK(found);
            }
        }
        pl_fc_data_free(d);
    }
}

/* Failing allocation k = 0, 1, 2, ... gives PL_ENOMEM until the call
 * succeeds; ASan reports any leak. */
static void test_oom(void)
{
    const double cap[] = {1, 2, 3, 1}, pos[] = {0, 20, 70, 100},
                 sal[] = {50, 60, 70, 80};
    pl_fc_data *d = issue_of(4, cap, pos, sal, 0);

    for (unsigned m = 0; m < PL_FC__MODEL_COUNT; m++) {
        long k = 0;
        for (;; k++) {
            double v;
            pl_status st;
            pl__alloc_fail_after(k);
            st = pl_fc_predict(d, 0, (pl_fc_model)m, NULL, &v);
            pl__alloc_fail_after(-1);
            if (st == PL_OK)
                break;
            PL_CHECK_INT(st, PL_ENOMEM);
            if (k > 10000)
                break;
        }
        PL_CHECK(k < 10000);
    }
    pl_fc_data_free(d);
}

static void test_names(void)
{
    pl_fc_model m;

    for (unsigned i = 0; i < PL_FC__MODEL_COUNT; i++) {
        PL_CHECK(pl_fc_model_from_name(pl_fc_model_name((pl_fc_model)i), &m));
        PL_CHECK_INT(m, i);
    }
    PL_CHECK(!pl_fc_model_from_name("bogus", &m));
    PL_CHECK(pl_fc_model_name(PL_FC__MODEL_COUNT) == NULL);
    PL_CHECK_STR(pl_fc_summary_name(PL_FC_SUM_PCE), "pce");
}

int main(void)
{
    PL_RUN(test_compromise_median);
    PL_RUN(test_bdm_example_statics);
    PL_RUN(test_nash);
    PL_RUN(test_bdm_two_actors);
    PL_RUN(test_pce_election);
    PL_RUN(test_symmetry);
    PL_RUN(test_unanimity);
    PL_RUN(test_missing_and_zero);
    PL_RUN(test_random_invariants);
    PL_RUN(test_oom);
    PL_RUN(test_names);
    return pl_test_summary();
}
