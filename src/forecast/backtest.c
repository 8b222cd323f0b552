/* Backtest: score every model on the issues with a known outcome.
 *
 * MAE and RMSE on the 0-100 scale; percentile bootstrap intervals that
 * resample whole groups (DEU proposals), because issues of one proposal
 * share actors and context; a paired bootstrap of each model's MAE minus
 * the compromise model's MAE on the same resampled issues, which is the
 * number that says whether a model "beats compromise by more than noise".
 *
 * Tuned variants ("bdm-cv", "pce-cv") are scored honestly: K-fold
 * cross-validation by group (never by issue).  Each candidate setting is
 * run once on every issue; in fold f the setting with the lowest MAE on
 * the other folds predicts fold f.  The row's params are the setting that
 * wins on all issues, i.e. the one to use on unseen data.  Costs: the
 * models dominate (BDM O(n^3) per round); the bootstrap is O(B * groups *
 * rows). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "forecast_int.h"
#include "parley/rng.h"
#include "core/sort.h"

pl_fc_bt_opts pl_fc_bt_opts_default(void)
{
    const pl_fc_bt_opts o = {
        .seed = 1,
        .bootstrap = 2000,
        .folds = 10,
        .level = 0.95,
    };
    return o;
}

void pl_fc_backtest_free(pl_fc_backtest_result *r)
{
    if (!r)
        return;
    pl__free(r->rows);
    pl__free(r);
}

/* A candidate setting of a tuned model. */
struct cand {
    pl_fc_model model;
    pl_fc_opts o;
    char params[96];
};

struct bt {
    const pl_fc_data *d;
    size_t ns;     /* scored issues */
    size_t *issue; /* [ns] their indices in d */
    size_t *grp;   /* [ns] their group numbers, 0..ng-1 */
    double *truth; /* [ns] */
    size_t ng;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static pl_status bt_init(struct bt *b, const pl_fc_data *d)
{
    const char **names = NULL;
    size_t nu = 0;

    memset(b, 0, sizeof *b);
    b->d = d;
    for (size_t i = 0; i < d->n_issues; i++)
        if (!isnan(d->issues[i].out))
            b->ns++;
    if (b->ns == 0)
        return PL_ENOTFOUND;
    b->issue = pl__calloc(b->ns, sizeof *b->issue);
    b->grp = pl__calloc(b->ns, sizeof *b->grp);
    b->truth = pl__calloc(b->ns, sizeof *b->truth);
    names = pl__calloc(b->ns, sizeof *names);
    if (!b->issue || !b->grp || !b->truth || !names) {
        pl__free(names);
        return PL_ENOMEM;
    }
    for (size_t i = 0, s = 0; i < d->n_issues; i++) {
        const struct fc_issue *is = &d->issues[i];
        if (isnan(is->out))
            continue;
        b->issue[s] = i;
        b->truth[s] = is->out;
        names[s] = is->group ? is->group : is->id;
        s++;
    }
    {
        const char **sorted = pl__calloc(b->ns, sizeof *sorted);
        if (!sorted) {
            pl__free(names);
            return PL_ENOMEM;
        }
        memcpy(sorted, names, b->ns * sizeof *sorted);
        pl__qsort(sorted, b->ns, sizeof *sorted, cmp_str);
        for (size_t s = 0; s < b->ns; s++)
            if (s == 0 || strcmp(sorted[s], sorted[nu - 1]) != 0)
                sorted[nu++] = sorted[s];
        for (size_t s = 0; s < b->ns; s++) {
            const char **hit =
                bsearch(&names[s], sorted, nu, sizeof *sorted, cmp_str);
            b->grp[s] = (size_t)(hit - sorted);
        }
        pl__free(sorted);
    }
    b->ng = nu;
    pl__free(names);
    return PL_OK;
}

static void bt_free(struct bt *b)
{
    pl__free(b->issue);
    pl__free(b->grp);
    pl__free(b->truth);
}

static pl_status run(const struct bt *b, pl_fc_model m, const pl_fc_opts *o,
                     double *pred)
{
    for (size_t s = 0; s < b->ns; s++) {
        const pl_status rc = pl_fc_predict(b->d, b->issue[s], m, o, &pred[s]);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

static double mae_on(const struct bt *b, const double *pred, const bool *use)
{
    double sum = 0;
    size_t n = 0;

    for (size_t s = 0; s < b->ns; s++) {
        if (isnan(pred[s]) || (use && !use[s]))
            continue;
        sum += fabs(pred[s] - b->truth[s]);
        n++;
    }
    return n ? sum / (double)n : INFINITY;
}

/* Cross-validated predictions into `oof`; the setting best on all issues
 * into *best. */
static pl_status cross_validate(const struct bt *b, const pl_fc_bt_opts *bo,
                                double *const *cpred, size_t nc, double *oof,
                                size_t *best)
{
    size_t *order = pl__calloc(b->ng, sizeof *order);
    size_t *fold = pl__calloc(b->ng, sizeof *fold);
    bool *train = pl__calloc(b->ns, sizeof *train);
    pl_rng rng;
    double best_mae = INFINITY;

    if (!order || !fold || !train) {
        pl__free(order);
        pl__free(fold);
        pl__free(train);
        return PL_ENOMEM;
    }
    /* Shuffle the groups (Fisher-Yates), deal them into folds. */
    pl_rng_stream(&rng, bo->seed, 1);
    for (size_t g = 0; g < b->ng; g++)
        order[g] = g;
    for (size_t g = b->ng; g > 1; g--) {
        const size_t j = (size_t)pl_rng_below(&rng, g);
        const size_t t = order[g - 1];
        order[g - 1] = order[j];
        order[j] = t;
    }
    for (size_t g = 0; g < b->ng; g++)
        fold[order[g]] = g % bo->folds;
    for (size_t f = 0; f < bo->folds; f++) {
        size_t pick = 0;
        double pick_mae = INFINITY;
        for (size_t s = 0; s < b->ns; s++)
            train[s] = fold[b->grp[s]] != f;
        for (size_t c = 0; c < nc; c++) {
            const double m = mae_on(b, cpred[c], train);
            if (m < pick_mae) {
                pick_mae = m;
                pick = c;
            }
        }
        for (size_t s = 0; s < b->ns; s++)
            if (!train[s])
                oof[s] = cpred[pick][s];
    }
    *best = 0;
    for (size_t c = 0; c < nc; c++) {
        const double m = mae_on(b, cpred[c], NULL);
        if (m < best_mae) {
            best_mae = m;
            *best = c;
        }
    }
    pl__free(order);
    pl__free(fold);
    pl__free(train);
    return PL_OK;
}

static double quantile(double *v, size_t n, double p)
{
    double h;
    size_t lo;

    if (n == 0)
        return NAN;
    h = p * (double)(n - 1);
    lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

static int cmp_dbl(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Point scores and bootstrap intervals for one row; `base` is the
 * compromise model's predictions. */
static pl_status score_row(const struct bt *b, const pl_fc_bt_opts *bo,
                           const double *pred, const double *base,
                           uint64_t stream, pl_fc_score *row)
{
    const size_t ng = b->ng, nb = bo->bootstrap;
    /* Per group: abs sum, square sum, count; paired abs sums and count. */
    double *ga = pl__calloc(ng * 6, sizeof *ga);
    double *bm = pl__calloc(nb ? nb : 1, sizeof *bm);
    double *br = pl__calloc(nb ? nb : 1, sizeof *br);
    double *bd = pl__calloc(nb ? nb : 1, sizeof *bd);
    double sa = 0, ss = 0, n = 0, pm = 0, pc = 0, pn = 0;
    size_t kb = 0, kd = 0;
    pl_rng rng;

    if (!ga || !bm || !br || !bd) {
        pl__free(ga);
        pl__free(bm);
        pl__free(br);
        pl__free(bd);
        return PL_ENOMEM;
    }
    for (size_t s = 0; s < b->ns; s++) {
        double *g = &ga[b->grp[s] * 6];
        double e;
        if (isnan(pred[s]))
            continue;
        e = pred[s] - b->truth[s];
        g[0] += fabs(e);
        g[1] += e * e;
        g[2] += 1;
        if (!isnan(base[s])) {
            g[3] += fabs(e);
            g[4] += fabs(base[s] - b->truth[s]);
            g[5] += 1;
        }
    }
    for (size_t g = 0; g < ng; g++) {
        sa += ga[g * 6];
        ss += ga[g * 6 + 1];
        n += ga[g * 6 + 2];
        pm += ga[g * 6 + 3];
        pc += ga[g * 6 + 4];
        pn += ga[g * 6 + 5];
    }
    row->n = (size_t)n;
    row->mae = n > 0 ? sa / n : NAN;
    row->rmse = n > 0 ? sqrt(ss / n) : NAN;
    row->dmae = pn > 0 ? (pm - pc) / pn : NAN;
    pl_rng_stream(&rng, bo->seed, stream);
    for (size_t r = 0; r < nb; r++) {
        double a = 0, q = 0, c = 0, xm = 0, xc = 0, xn = 0;
        for (size_t k = 0; k < ng; k++) {
            const double *g = &ga[pl_rng_below(&rng, ng) * 6];
            a += g[0];
            q += g[1];
            c += g[2];
            xm += g[3];
            xc += g[4];
            xn += g[5];
        }
        if (c > 0) {
            bm[kb] = a / c;
            br[kb] = sqrt(q / c);
            kb++;
        }
        if (xn > 0)
            bd[kd++] = (xm - xc) / xn;
    }
    pl__qsort(bm, kb, sizeof *bm, cmp_dbl);
    pl__qsort(br, kb, sizeof *br, cmp_dbl);
    pl__qsort(bd, kd, sizeof *bd, cmp_dbl);
    {
        const double lo = (1 - bo->level) / 2, hi = 1 - lo;
        row->mae_lo = quantile(bm, kb, lo);
        row->mae_hi = quantile(bm, kb, hi);
        row->rmse_lo = quantile(br, kb, lo);
        row->rmse_hi = quantile(br, kb, hi);
        row->dmae_lo = quantile(bd, kd, lo);
        row->dmae_hi = quantile(bd, kd, hi);
    }
    pl__free(ga);
    pl__free(bm);
    pl__free(br);
    pl__free(bd);
    return PL_OK;
}

static void describe(pl_fc_model m, const pl_fc_opts *o, char *buf, size_t n)
{
    switch (m) {
    case PL_FC_BDM:
        snprintf(buf, n, "rounds=%u Q=%g T=%g summary=%s", o->bdm_rounds,
                 o->bdm_q, o->bdm_t, pl_fc_summary_name(o->bdm_summary));
        break;
    case PL_FC_PCE:
        snprintf(buf, n, "max-rounds=%u exponent=%g summary=%s",
                 o->pce_max_rounds, o->pce_exponent,
                 pl_fc_summary_name(o->pce_summary));
        break;
    case PL_FC_NASH:
        snprintf(buf, n, "disagreement=reference point, else far end");
        break;
    case PL_FC_NASH_FAR:
        snprintf(buf, n, "disagreement=far end");
        break;
    case PL_FC_COMPROMISE:
    case PL_FC_MEDIAN:
        if (o->salience_exponent != 1.0)
            snprintf(buf, n, "salience-exponent=%g", o->salience_exponent);
        else
            buf[0] = '\0';
        break;
    case PL_FC__MODEL_COUNT:
        buf[0] = '\0';
        break;
    }
}

/* The grids searched by cross-validation (docs/forecast.md, Tuning).
 * BDM candidates are (Q, summary, rounds 0..BDM_MAX_R) in that nesting,
 * so that one traced run per (Q, summary) fills BDM_MAX_R + 1 of them. */
#define BDM_MAX_R 12

static size_t make_grid(pl_fc_model m, const pl_fc_opts *base, struct cand *c,
                        size_t cap)
{
    static const double gammas[] = {0, 0.25, 0.5, 0.75, 1, 1.5, 2};
    static const double qs[] = {1.0, 0.5};
    static const double expo[] = {1, 2, 4, 8};
    static const pl_fc_summary sums[] = {PL_FC_SUM_MEAN, PL_FC_SUM_MEDIAN,
                                         PL_FC_SUM_PCE};
    size_t k = 0;

    if (m == PL_FC_COMPROMISE) {
        for (size_t g = 0; g < sizeof gammas / sizeof gammas[0]; g++) {
            c[k].model = m;
            c[k].o = *base;
            c[k].o.salience_exponent = gammas[g];
            k++;
        }
    } else if (m == PL_FC_BDM) {
        for (size_t q = 0; q < sizeof qs / sizeof qs[0]; q++)
            for (size_t s = 0; s < 2; s++)
                for (unsigned r = 0; r <= BDM_MAX_R && k < cap; r++) {
                    c[k].model = m;
                    c[k].o = *base;
                    c[k].o.bdm_rounds = r;
                    c[k].o.bdm_q = qs[q];
                    c[k].o.bdm_summary = sums[s];
                    k++;
                }
    } else {
        for (size_t e = 0; e < sizeof expo / sizeof expo[0]; e++)
            for (size_t s = 0; s < 3 && k < cap; s++) {
                c[k].model = m;
                c[k].o = *base;
                c[k].o.pce_exponent = expo[e];
                c[k].o.pce_summary = sums[s];
                k++;
            }
    }
    for (size_t i = 0; i < k; i++) {
        c[i].o.trace = NULL;
        describe(m, &c[i].o, c[i].params, sizeof c[i].params);
        if (m == PL_FC_COMPROMISE)
            snprintf(c[i].params, sizeof c[i].params, "salience-exponent=%g",
                     c[i].o.salience_exponent);
    }
    return k;
}

/* Records a traced BDM run's forecast after each round. */
struct rec {
    double *const *cpred; /* candidates' prediction arrays, by round */
    size_t s;             /* current scored issue */
    unsigned last;        /* last round seen */
};

static void record_round(void *ctx, const pl_fc_round *r)
{
    struct rec *t = ctx;

    if (r->round <= BDM_MAX_R) {
        t->cpred[r->round][t->s] = r->forecast;
        t->last = r->round;
    }
}

/* Fill the BDM candidates c[0..nc) (see make_grid) with one traced run
 * per (Q, summary). */
static pl_status run_bdm_grid(const struct bt *b, const struct cand *c,
                              size_t nc, double *const *cpred)
{
    for (size_t first = 0; first + BDM_MAX_R < nc; first += BDM_MAX_R + 1) {
        pl_fc_opts o = c[first].o;
        struct rec t = {cpred + first, 0, 0};
        o.bdm_rounds = BDM_MAX_R;
        o.trace = record_round;
        o.trace_ctx = &t;
        for (size_t s = 0; s < b->ns; s++) {
            double v;
            pl_status rc;
            t.s = s;
            t.last = 0;
            rc = pl_fc_predict(b->d, b->issue[s], PL_FC_BDM, &o, &v);
            if (rc != PL_OK)
                return rc;
            if (isnan(v)) {
                for (unsigned r = 0; r <= BDM_MAX_R; r++)
                    cpred[first + r][s] = NAN;
                continue;
            }
            /* A run that stopped early keeps its last forecast. */
            for (unsigned r = t.last + 1; r <= BDM_MAX_R; r++)
                cpred[first + r][s] = v;
        }
    }
    return PL_OK;
}

#define MAX_CAND 64

pl_status pl_fc_backtest(const pl_fc_data *d, const pl_fc_opts *o,
                         const pl_fc_bt_opts *bo, pl_fc_backtest_result **out,
                         pl_diag *diag)
{
    static const pl_fc_model tuned[] = {PL_FC_COMPROMISE, PL_FC_BDM, PL_FC_PCE};
    const size_t ntuned = sizeof tuned / sizeof tuned[0];
    const size_t nrows = PL_FC__MODEL_COUNT + ntuned;
    const pl_fc_opts dflt = pl_fc_opts_default();
    const pl_fc_bt_opts bdflt = pl_fc_bt_opts_default();
    pl_fc_opts base;
    struct bt b;
    pl_fc_backtest_result *res = NULL;
    double **pred = NULL;
    double *cpred[MAX_CAND] = {0};
    struct cand *cand = NULL;
    pl_status rc;

    *out = NULL;
    if (!d)
        return PL_EINVAL;
    base = o ? *o : dflt;
    base.trace = NULL;
    if (!bo)
        bo = &bdflt;
    if (bo->folds < 2 || !(bo->level > 0 && bo->level < 1))
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "need at least 2 folds and a level in (0, 1)");
    rc = bt_init(&b, d);
    if (rc == PL_ENOTFOUND) {
        bt_free(&b);
        return pl_diag_set(diag, rc, 0, 0,
                           "no issue has a known outcome: nothing to "
                           "backtest (the test split has none by design)");
    }
    if (rc != PL_OK)
        goto fail;
    res = pl__calloc(1, sizeof *res);
    pred = pl__calloc(nrows, sizeof *pred);
    cand = pl__calloc(MAX_CAND, sizeof *cand);
    if (!res || !pred || !cand) {
        rc = PL_ENOMEM;
        goto fail;
    }
    res->rows = pl__calloc(nrows, sizeof *res->rows);
    if (!res->rows) {
        rc = PL_ENOMEM;
        goto fail;
    }
    for (size_t r = 0; r < nrows; r++) {
        pred[r] = pl__calloc(b.ns, sizeof *pred[r]);
        if (!pred[r]) {
            rc = PL_ENOMEM;
            goto fail;
        }
    }
    for (unsigned m = 0; m < PL_FC__MODEL_COUNT; m++) {
        pl_fc_score *row = &res->rows[m];
        rc = run(&b, (pl_fc_model)m, &base, pred[m]);
        if (rc != PL_OK)
            goto fail;
        snprintf(row->model, sizeof row->model, "%s",
                 pl_fc_model_name((pl_fc_model)m));
        describe((pl_fc_model)m, &base, row->params, sizeof row->params);
    }
    for (size_t t = 0; t < ntuned; t++) {
        const size_t nc = make_grid(tuned[t], &base, cand, MAX_CAND);
        pl_fc_score *row = &res->rows[PL_FC__MODEL_COUNT + t];
        size_t best = 0;
        for (size_t c = 0; c < nc; c++) {
            cpred[c] = pl__calloc(b.ns, sizeof *cpred[c]);
            if (!cpred[c]) {
                rc = PL_ENOMEM;
                goto fail;
            }
        }
        if (tuned[t] == PL_FC_BDM) {
            rc = run_bdm_grid(&b, cand, nc, cpred);
        } else {
            for (size_t c = 0; c < nc && rc == PL_OK; c++)
                rc = run(&b, cand[c].model, &cand[c].o, cpred[c]);
        }
        if (rc != PL_OK)
            goto fail;
        rc = cross_validate(&b, bo, cpred, nc, pred[PL_FC__MODEL_COUNT + t],
                            &best);
        if (rc != PL_OK)
            goto fail;
        snprintf(row->model, sizeof row->model, "%s-cv",
                 pl_fc_model_name(tuned[t]));
        snprintf(row->params, sizeof row->params, "%s", cand[best].params);
        for (size_t c = 0; c < nc; c++) {
            pl__free(cpred[c]);
            cpred[c] = NULL;
        }
    }
    for (size_t r = 0; r < nrows; r++) {
        rc = score_row(&b, bo, pred[r], pred[PL_FC_COMPROMISE], 100,
                       &res->rows[r]);
        if (rc != PL_OK)
            goto fail;
    }
    res->count = nrows;
    res->scored = b.ns;
    res->groups = b.ng;
    for (size_t r = 0; r < nrows; r++)
        pl__free(pred[r]);
    pl__free(pred);
    pl__free(cand);
    bt_free(&b);
    *out = res;
    return PL_OK;
fail:
    for (size_t c = 0; c < MAX_CAND; c++)
        pl__free(cpred[c]);
    for (size_t r = 0; pred && r < nrows; r++)
        pl__free(pred[r]);
    pl__free(pred);
    pl__free(cand);
    pl_fc_backtest_free(res);
    bt_free(&b);
    return rc;
}
