/* Tests of the backtest: hand-computed MAE/RMSE, the paired difference
 * to the compromise model, seeded determinism, cross-validation rows,
 * errors and out-of-memory behaviour. */
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "parley/forecast.h"
#include "parley/scenario.h" /* pl_free */
#include "pl_test.h"

/* i1 (group g1): a 0 (w 1), b 100 (w 1) -> compromise 50, outcome 40:
 *    error 10.
 * i2 (group g1): a 0 (w 1), b 100 (w .5) -> 50/1.5 = 33.33, outcome 0:
 *    error 33.33.
 * i3 (group g2): one actor at 70, outcome 100: error 30.
 * i4 (group g3): no outcome, not scored.
 * MAE = (10 + 100/3 + 30)/3 = 24.444...;
 * RMSE = sqrt((100 + 10000/9 + 900)/3) = sqrt(703.7037...) = 26.527... */
static pl_fc_data *toy(void)
{
    pl_fc_data *d = pl_fc_data_new();

    PL_CHECK_INT(pl_fc_data_add_issue(d, "i1", NULL, "g1", NAN, 40), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_actor(d, "a", 1, 0, 100), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_actor(d, "b", 1, 100, 100), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_issue(d, "i2", NULL, "g1", 0, 0), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_actor(d, "a", 1, 0, 100), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_actor(d, "b", 1, 100, 50), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_issue(d, "i3", NULL, "g2", NAN, 100), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_actor(d, "a", 1, 70, 10), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_issue(d, "i4", NULL, "g3", NAN, NAN), PL_OK);
    PL_CHECK_INT(pl_fc_data_add_actor(d, "a", 1, 20, 10), PL_OK);
    return d;
}

static const pl_fc_score *row(const pl_fc_backtest_result *r, const char *model)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->rows[i].model, model) == 0)
            return &r->rows[i];
    return NULL;
}

static void test_scores(void)
{
    pl_fc_data *d = toy();
    pl_fc_backtest_result *r = NULL, *r2 = NULL;
    pl_fc_bt_opts bo = pl_fc_bt_opts_default();
    const pl_fc_score *c;

    bo.bootstrap = 500;
    PL_CHECK_INT(pl_fc_backtest(d, NULL, &bo, &r, NULL), PL_OK);
    if (!r) {
        pl_fc_data_free(d);
        return;
    }
    PL_CHECK_INT(r->scored, 3);
    PL_CHECK_INT(r->groups, 2);
    PL_CHECK_INT(r->count, PL_FC__MODEL_COUNT + 3);
    c = row(r, "compromise");
    PL_CHECK(c != NULL);
    if (c) {
        PL_CHECK_INT(c->n, 3);
        PL_CHECK_NEAR(c->mae, (10 + 100.0 / 3 + 30) / 3, 1e-9);
        PL_CHECK_NEAR(c->rmse, sqrt((100 + 10000.0 / 9 + 900) / 3), 1e-9);
        PL_CHECK(c->mae_lo <= c->mae && c->mae <= c->mae_hi);
        PL_CHECK_NEAR(c->dmae, 0, 0);
        PL_CHECK_NEAR(c->dmae_lo, 0, 0);
        PL_CHECK_NEAR(c->dmae_hi, 0, 0);
    }
    /* Resampling groups g1 (errors 10, 33.3) and g2 (30): the only
     * possible MAEs are 21.67 (g1 g1), 24.44 (g1 g2) and 30 (g2 g2). */
    if (c) {
        PL_CHECK(c->mae_lo >= 65.0 / 3 - 1e-9);
        PL_CHECK(c->mae_hi <= 30 + 1e-9);
    }
    PL_CHECK(row(r, "bdm-cv") != NULL);
    PL_CHECK(row(r, "pce-cv") != NULL);
    PL_CHECK(row(r, "compromise-cv") != NULL);
    /* Median: i1 -> 0 (half 1 reached at 0), error 40; i2 -> 0, error 0;
     * i3 -> 70, error 30: MAE 70/3; minus compromise: 70/3 - 24.444. */
    PL_CHECK_NEAR(row(r, "median")->mae, 70.0 / 3, 1e-9);
    PL_CHECK_NEAR(row(r, "median")->dmae, 70.0 / 3 - (10 + 100.0 / 3 + 30) / 3,
                  1e-9);
    /* Same seed: the same table, bit for bit. */
    PL_CHECK_INT(pl_fc_backtest(d, NULL, &bo, &r2, NULL), PL_OK);
    if (r2) {
        PL_CHECK(memcmp(r->rows, r2->rows, r->count * sizeof *r->rows) == 0);
        pl_fc_backtest_free(r2);
    }
    /* JSON. */
    {
        char *text = NULL;
        size_t len = 0;
        PL_CHECK_INT(pl_fc_backtest_json(r, &bo, "toy", &text, &len), PL_OK);
        PL_CHECK(text && strstr(text, "\"schema\": \"parley.backtest/1\""));
        PL_CHECK(text && strstr(text, "\"model\": \"pce-cv\""));
        pl_free(text);
        PL_CHECK_INT(pl_fc_report_json(d, (const pl_fc_model[]){PL_FC_BDM}, 1,
                                       NULL, true, &text, &len),
                     PL_OK);
        PL_CHECK(text && strstr(text, "\"schema\": \"parley.forecast/1\""));
        PL_CHECK(text && strstr(text, "\"round\": 3"));
        pl_free(text);
    }
    pl_fc_backtest_free(r);
    pl_fc_data_free(d);
}

static void test_errors(void)
{
    pl_fc_data *d = pl_fc_data_new();
    pl_fc_backtest_result *r = (pl_fc_backtest_result *)1;
    pl_fc_bt_opts bo = pl_fc_bt_opts_default();
    pl_diag diag;

    memset(&diag, 0, sizeof diag);
    PL_CHECK_INT(pl_fc_data_add_issue(d, "x", NULL, NULL, NAN, NAN), PL_OK);
    PL_CHECK_INT(pl_fc_backtest(d, NULL, NULL, &r, &diag), PL_ENOTFOUND);
    PL_CHECK(r == NULL);
    PL_CHECK(strstr(diag.message, "no issue has a known outcome") != NULL);
    bo.folds = 1;
    PL_CHECK_INT(pl_fc_backtest(d, NULL, &bo, &r, NULL), PL_EINVAL);
    pl_fc_data_free(d);
}

static void test_oom(void)
{
    pl_fc_data *d = toy();
    pl_fc_bt_opts bo = pl_fc_bt_opts_default();
    long k = 0;

    bo.bootstrap = 20;
    for (;; k++) {
        pl_fc_backtest_result *r = NULL;
        pl_status st;
        pl__alloc_fail_after(k);
        st = pl_fc_backtest(d, NULL, &bo, &r, NULL);
        pl__alloc_fail_after(-1);
        pl_fc_backtest_free(r);
        if (st == PL_OK)
            break;
        PL_CHECK_INT(st, PL_ENOMEM);
        if (k > 1000000)
            break;
    }
    PL_CHECK(k > 0 && k < 1000000);
    pl_fc_data_free(d);
}

int main(void)
{
    PL_RUN(test_scores);
    PL_RUN(test_errors);
    PL_RUN(test_oom);
    return pl_test_summary();
}
