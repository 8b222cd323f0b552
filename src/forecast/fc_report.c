/* JSON output of the forecast module through the one structured writer
 * (src/io/emit.h): "parley.forecast/1" for forecasts (optionally with the
 * per-round traces of the dynamic models) and "parley.backtest/1" for
 * backtest tables.  Numbers are written shortest-round-trip; unknown
 * values (no reference point, no outcome, no forecast) are null. */
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "forecast_int.h"
#include "io/emit.h"

struct tctx {
    pl__out *o;
    pl__node *seq; /* the trace sequence being filled */
    const pl_fc_data *d;
};

static void num_or_null(pl__out *o, pl__node *m, const char *key, double v)
{
    if (isnan(v))
        pl__out_null(o, m, key);
    else
        pl__out_num(o, m, key, v);
}

static void on_round(void *ctx, const pl_fc_round *r)
{
    struct tctx *t = ctx;
    pl__node *rm = pl__out_map(t->o, t->seq, NULL);
    pl__node *pos;

    pl__out_uint(t->o, rm, "round", r->round);
    num_or_null(t->o, rm, "forecast", r->forecast);
    pos = pl__out_map(t->o, rm, "positions");
    for (size_t k = 0; k < r->n; k++) {
        pl_fc_actor a;
        if (pl_fc_actor_get(t->d, r->issue, r->actor[k], &a) == PL_OK)
            pl__out_num(t->o, pos, a.name, r->position[k]);
    }
    pl__out_flow(t->o, pos);
}

pl_status pl_fc_report_json(const pl_fc_data *d, const pl_fc_model *models,
                            size_t nm, const pl_fc_opts *opts, bool trace,
                            char **text, size_t *len)
{
    const pl_fc_opts dflt = pl_fc_opts_default();
    pl__node *root, *ms, *is;
    pl__out *o;
    pl_status rc = PL_OK;

    *text = NULL;
    *len = 0;
    if (!d || (nm && !models))
        return PL_EINVAL;
    if (!opts)
        opts = &dflt;
    o = pl__out_new(&root);
    if (!o)
        return PL_ENOMEM;
    pl__out_str(o, root, "schema", "parley.forecast/1");
    ms = pl__out_seq(o, root, "models");
    for (size_t m = 0; m < nm; m++)
        pl__out_str(o, ms, NULL, pl_fc_model_name(models[m]));
    pl__out_flow(o, ms);
    is = pl__out_seq(o, root, "issues");
    for (size_t i = 0; rc == PL_OK && i < d->n_issues; i++) {
        const struct fc_issue *x = &d->issues[i];
        pl__node *im = pl__out_map(o, is, NULL), *fm, *tm = NULL;
        size_t with_pos = 0;
        for (size_t k = 0; k < x->n; k++)
            with_pos += !isnan(d->actors[x->first + k].pos);
        pl__out_str(o, im, "id", x->id);
        pl__out_str(o, im, "name", x->name);
        pl__out_str(o, im, "group", x->group ? x->group : x->id);
        num_or_null(o, im, "reference", x->ref);
        num_or_null(o, im, "outcome", x->out);
        pl__out_uint(o, im, "actors", with_pos);
        fm = pl__out_map(o, im, "forecasts");
        if (trace)
            tm = pl__out_map(o, im, "trace");
        for (size_t m = 0; rc == PL_OK && m < nm; m++) {
            pl_fc_opts mo = *opts;
            struct tctx t = {o, NULL, d};
            double v;
            const bool dyn = models[m] == PL_FC_BDM || models[m] == PL_FC_PCE;
            mo.trace = NULL;
            if (trace && dyn) {
                t.seq = pl__out_seq(o, tm, pl_fc_model_name(models[m]));
                mo.trace = on_round;
                mo.trace_ctx = &t;
            }
            rc = pl_fc_predict(d, i, models[m], &mo, &v);
            num_or_null(o, fm, pl_fc_model_name(models[m]), v);
        }
    }
    if (rc == PL_OK)
        rc = pl__out_emit(o, PL_FORMAT_JSON, text, len);
    pl__out_free(o);
    return rc;
}

pl_status pl_fc_backtest_json(const pl_fc_backtest_result *r,
                              const pl_fc_bt_opts *bo, const char *source,
                              char **text, size_t *len)
{
    const pl_fc_bt_opts dflt = pl_fc_bt_opts_default();
    pl__node *root, *rows, *set;
    pl__out *o;
    pl_status rc;

    *text = NULL;
    *len = 0;
    if (!r)
        return PL_EINVAL;
    if (!bo)
        bo = &dflt;
    o = pl__out_new(&root);
    if (!o)
        return PL_ENOMEM;
    pl__out_str(o, root, "schema", "parley.backtest/1");
    pl__out_str(o, root, "source", source);
    pl__out_uint(o, root, "issues", r->scored);
    pl__out_uint(o, root, "groups", r->groups);
    set = pl__out_map(o, root, "settings");
    pl__out_uint(o, set, "seed", bo->seed);
    pl__out_uint(o, set, "bootstrap", bo->bootstrap);
    pl__out_uint(o, set, "folds", bo->folds);
    pl__out_num(o, set, "level", bo->level);
    rows = pl__out_seq(o, root, "models");
    for (size_t i = 0; i < r->count; i++) {
        const pl_fc_score *s = &r->rows[i];
        pl__node *m = pl__out_map(o, rows, NULL), *iv;
        pl__out_str(o, m, "model", s->model);
        pl__out_str(o, m, "params", s->params);
        pl__out_uint(o, m, "n", s->n);
        num_or_null(o, m, "mae", s->mae);
        iv = pl__out_seq(o, m, "mae_interval");
        num_or_null(o, iv, NULL, s->mae_lo);
        num_or_null(o, iv, NULL, s->mae_hi);
        pl__out_flow(o, iv);
        num_or_null(o, m, "rmse", s->rmse);
        iv = pl__out_seq(o, m, "rmse_interval");
        num_or_null(o, iv, NULL, s->rmse_lo);
        num_or_null(o, iv, NULL, s->rmse_hi);
        pl__out_flow(o, iv);
        num_or_null(o, m, "mae_minus_compromise", s->dmae);
        iv = pl__out_seq(o, m, "mae_minus_compromise_interval");
        num_or_null(o, iv, NULL, s->dmae_lo);
        num_or_null(o, iv, NULL, s->dmae_hi);
        pl__out_flow(o, iv);
    }
    rc = pl__out_emit(o, PL_FORMAT_JSON, text, len);
    pl__out_free(o);
    return rc;
}
