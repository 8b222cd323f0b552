/* `parley forecast`: where will a one-dimensional issue end up?  Spatial
 * bargaining models (compromise, weighted median, Nash, Bueno de
 * Mesquita's expected-utility model, KTAB-style PCE bargaining) on DEU III
 * files, KTAB-style CSV or the `spatial:` section of a parley YAML file;
 * and `--backtest` to score them on issues with a known outcome.
 * See docs/forecast.md. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parley/forecast.h"

static const char usage_text[] =
    "Usage: parley forecast DATA [--model NAME|all] [--csv|--json]\n"
    "                       [--issue ID] [--trace] [--format F]\n"
    "                       [model options]\n"
    "       parley forecast --backtest DATA [--seed S] [--bootstrap N]\n"
    "                       [--folds K] [--csv|--json] [model options]\n"
    "\n"
    "Forecast the outcome of one-dimensional issues (positions 0-100) from\n"
    "the actors' capabilities, positions and saliences.\n"
    "\n"
    "DATA        a DEU III file (tab-separated, line 2 = capabilities), a\n"
    "            KTAB-style CSV, or a .yaml/.json file with a `spatial:`\n"
    "            section\n"
    "--model M   compromise, median, nash, nash-far, bdm, pce, or all\n"
    "            (default: all)\n"
    "--csv       print issue,model,prediction rows (with --backtest: the\n"
    "            score table as CSV)\n"
    "--json      schema parley.forecast/1 (parley.backtest/1)\n"
    "--issue ID  only the issue with this id (DEU III: isnrnmc)\n"
    "--trace     print the rounds of the dynamic models (bdm, pce)\n"
    "--format F  deu3, ktab or yaml instead of guessing from the file\n"
    "--backtest  score every model on the issues with a known outcome: MAE,\n"
    "            RMSE, bootstrap intervals by group, cross-validated tuning\n"
    "--seed S    seed of the bootstrap and the folds (default 1)\n"
    "--bootstrap N  resamples (default 2000; 0 = no intervals)\n"
    "--folds K   cross-validation folds, by group (default 10)\n"
    "\n"
    "Model options: --salience-exponent G (weights c * (s/100)^G),\n"
    "  --bdm-rounds N, --bdm-q X, --bdm-t X,\n"
    "  --bdm-summary mean|median|pce, --pce-rounds N, --pce-exponent X,\n"
    "  --pce-summary mean|median|pce\n"
    "\n"
    "Exit status: 0 ok, 2 usage or input error (FILE:LINE:FIELD: message\n"
    "on stderr), 1 anything else.\n";

enum out_mode { OUT_TEXT, OUT_CSV, OUT_JSON };

struct fc_args {
    const char *data;
    const char *issue;
    bool all;
    pl_fc_model model;
    enum out_mode out;
    bool trace;
    bool backtest;
    pl_fc_format format;
    pl_fc_opts o;
    pl_fc_bt_opts bo;
};

static bool parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v;

    if (!s || !*s)
        return false;
    v = strtod(s, &end);
    if (*end || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

static bool parse_summary(const char *s, pl_fc_summary *out)
{
    if (!s)
        return false;
    if (strcmp(s, "mean") == 0)
        *out = PL_FC_SUM_MEAN;
    else if (strcmp(s, "median") == 0)
        *out = PL_FC_SUM_MEDIAN;
    else if (strcmp(s, "pce") == 0)
        *out = PL_FC_SUM_PCE;
    else
        return false;
    return true;
}

/* Returns -1 when parsing succeeded, else the exit status. */
static int parse_args(int argc, char **argv, struct fc_args *a)
{
    const char *cmd = "forecast";
    bool options_done = false;

    memset(a, 0, sizeof *a);
    a->all = true;
    a->o = pl_fc_opts_default();
    a->bo = pl_fc_bt_opts_default();
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        uint64_t u;
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->data)
                return cli_usage_error(cmd,
                                       "unexpected argument '%s' (one "
                                       "DATA file at a time)",
                                       arg);
            a->data = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(usage_text, stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        } else if (strcmp(arg, "--csv") == 0) {
            if (a->out == OUT_JSON)
                return cli_usage_error(cmd, "--csv and --json exclude each "
                                            "other");
            a->out = OUT_CSV;
        } else if (strcmp(arg, "--json") == 0) {
            if (a->out == OUT_CSV)
                return cli_usage_error(cmd, "--csv and --json exclude each "
                                            "other");
            a->out = OUT_JSON;
        } else if (strcmp(arg, "--trace") == 0) {
            a->trace = true;
        } else if (strcmp(arg, "--backtest") == 0) {
            a->backtest = true;
        } else if (cli_option_value(argc, argv, &i, "--model", &v)) {
            if (v && strcmp(v, "all") == 0) {
                a->all = true;
            } else if (v && pl_fc_model_from_name(v, &a->model)) {
                a->all = false;
            } else {
                return cli_usage_error(cmd,
                                       "--model: expected compromise, "
                                       "median, nash, nash-far, bdm, "
                                       "pce or all, got '%s'",
                                       v ? v : "");
            }
        } else if (cli_option_value(argc, argv, &i, "--issue", &v)) {
            if (!v || !*v)
                return cli_usage_error(cmd, "--issue: missing ID");
            a->issue = v;
        } else if (cli_option_value(argc, argv, &i, "--format", &v)) {
            if (v && strcmp(v, "deu3") == 0)
                a->format = PL_FC_DEU3;
            else if (v && strcmp(v, "ktab") == 0)
                a->format = PL_FC_KTAB;
            else if (v && strcmp(v, "yaml") == 0)
                a->format = PL_FC_YAML;
            else
                return cli_usage_error(cmd, "--format: expected deu3, ktab "
                                            "or yaml");
        } else if (cli_option_value(argc, argv, &i, "--seed", &v)) {
            if (!cli_parse_uint(v, UINT64_MAX, &u))
                return cli_usage_error(cmd, "--seed: expected a "
                                            "non-negative integer");
            a->bo.seed = u;
        } else if (cli_option_value(argc, argv, &i, "--bootstrap", &v)) {
            if (!cli_parse_uint(v, 1000000, &u))
                return cli_usage_error(cmd, "--bootstrap: expected 0 to "
                                            "1000000");
            a->bo.bootstrap = (unsigned)u;
        } else if (cli_option_value(argc, argv, &i, "--folds", &v)) {
            if (!cli_parse_uint(v, 1000, &u) || u < 2)
                return cli_usage_error(cmd, "--folds: expected 2 to 1000");
            a->bo.folds = (unsigned)u;
        } else if (cli_option_value(argc, argv, &i, "--bdm-rounds", &v)) {
            if (!cli_parse_uint(v, PL_FC_MAX_ROUNDS, &u))
                return cli_usage_error(cmd,
                                       "--bdm-rounds: expected 0 to "
                                       "%u",
                                       PL_FC_MAX_ROUNDS);
            a->o.bdm_rounds = (unsigned)u;
        } else if (cli_option_value(argc, argv, &i, "--pce-rounds", &v)) {
            if (!cli_parse_uint(v, PL_FC_MAX_ROUNDS, &u))
                return cli_usage_error(cmd,
                                       "--pce-rounds: expected 0 to "
                                       "%u",
                                       PL_FC_MAX_ROUNDS);
            a->o.pce_max_rounds = (unsigned)u;
        } else if (cli_option_value(argc, argv, &i, "--salience-exponent",
                                    &v)) {
            if (!parse_double(v, 0, 16, &a->o.salience_exponent))
                return cli_usage_error(cmd, "--salience-exponent: expected "
                                            "0 to 16");
        } else if (cli_option_value(argc, argv, &i, "--bdm-q", &v)) {
            if (!parse_double(v, 0, 1, &a->o.bdm_q))
                return cli_usage_error(cmd, "--bdm-q: expected 0 to 1");
        } else if (cli_option_value(argc, argv, &i, "--bdm-t", &v)) {
            if (!parse_double(v, 0, 1, &a->o.bdm_t))
                return cli_usage_error(cmd, "--bdm-t: expected 0 to 1");
        } else if (cli_option_value(argc, argv, &i, "--pce-exponent", &v)) {
            if (!parse_double(v, 1, 64, &a->o.pce_exponent))
                return cli_usage_error(cmd, "--pce-exponent: expected 1 to "
                                            "64");
        } else if (cli_option_value(argc, argv, &i, "--bdm-summary", &v)) {
            if (!parse_summary(v, &a->o.bdm_summary))
                return cli_usage_error(cmd, "--bdm-summary: expected mean, "
                                            "median or pce");
        } else if (cli_option_value(argc, argv, &i, "--pce-summary", &v)) {
            if (!parse_summary(v, &a->o.pce_summary))
                return cli_usage_error(cmd, "--pce-summary: expected mean, "
                                            "median or pce");
        } else {
            return cli_usage_error(cmd, "unknown option '%s'", arg);
        }
    }
    if (!a->data)
        return cli_usage_error(cmd, "missing DATA");
    if (a->trace && a->out == OUT_CSV)
        return cli_usage_error(cmd, "--trace does not go with --csv (use "
                                    "the text or --json output)");
    if (a->backtest && (a->trace || a->issue))
        return cli_usage_error(cmd, "--trace and --issue do not go with "
                                    "--backtest");
    return -1;
}

/* ---- text trace ---- */

struct trace_ctx {
    const pl_fc_data *d;
};

static void print_round(void *ctx, const pl_fc_round *r)
{
    const struct trace_ctx *t = ctx;
    pl_fc_issue is;

    if (pl_fc_issue_get(t->d, r->issue, &is) != PL_OK)
        return;
    printf("  %s round %u: forecast %.2f;", pl_fc_model_name(r->model),
           r->round, r->forecast);
    for (size_t k = 0; k < r->n; k++) {
        pl_fc_actor a;
        if (pl_fc_actor_get(t->d, r->issue, r->actor[k], &a) == PL_OK)
            printf(" %s=%.1f", a.name, r->position[k]);
    }
    putchar('\n');
}

/* ---- forecasts ---- */

static size_t positioned(const pl_fc_data *d, size_t i, size_t n)
{
    size_t k = 0;

    for (size_t j = 0; j < n; j++) {
        pl_fc_actor a;
        if (pl_fc_actor_get(d, i, j, &a) == PL_OK && !isnan(a.position))
            k++;
    }
    return k;
}

static void fmt_num(double v, char *buf, size_t n)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.2f", v);
}

static int run_forecast(const struct fc_args *a, const pl_fc_data *d)
{
    pl_fc_model models[PL_FC__MODEL_COUNT];
    size_t nm = 0, shown = 0;
    double abs_sum[PL_FC__MODEL_COUNT] = {0};
    size_t scored[PL_FC__MODEL_COUNT] = {0};
    struct trace_ctx tc = {d};
    pl_fc_opts o = a->o;

    if (a->all) {
        for (unsigned m = 0; m < PL_FC__MODEL_COUNT; m++)
            models[nm++] = (pl_fc_model)m;
    } else {
        models[nm++] = a->model;
    }
    if (a->out == OUT_JSON && !a->issue) {
        char *text;
        size_t len;
        const pl_status st =
            pl_fc_report_json(d, models, nm, &a->o, a->trace, &text, &len);
        if (st != PL_OK)
            return cli_report_status(st, NULL);
        fwrite(text, 1, len, stdout);
        pl_free(text);
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (a->out == OUT_JSON)
        return cli_usage_error("forecast", "--issue does not go with --json "
                                           "(filter the JSON instead)");
    if (a->trace) {
        o.trace = print_round;
        o.trace_ctx = &tc;
    }
    if (a->out == OUT_CSV) {
        printf("issue,model,prediction\n");
    } else {
        printf("%-10s %-12s %6s %6s %7s", "issue", "name", "actors", "ref",
               "outcome");
        for (size_t m = 0; m < nm; m++)
            printf(" %10s", pl_fc_model_name(models[m]));
        putchar('\n');
    }
    for (size_t i = 0; i < pl_fc_issue_count(d); i++) {
        pl_fc_issue is;
        double pred[PL_FC__MODEL_COUNT];
        char b1[32], b2[32];
        if (pl_fc_issue_get(d, i, &is) != PL_OK)
            return CLI_EXIT_FAILURE;
        if (a->issue && strcmp(a->issue, is.id) != 0)
            continue;
        shown++;
        if (a->trace && a->out == OUT_TEXT)
            printf("issue %s %s\n", is.id, is.name);
        for (size_t m = 0; m < nm; m++) {
            const pl_status st = pl_fc_predict(d, i, models[m], &o, &pred[m]);
            if (st != PL_OK)
                return cli_report_status(st, NULL);
            if (!isnan(pred[m]) && !isnan(is.outcome)) {
                abs_sum[m] += fabs(pred[m] - is.outcome);
                scored[m]++;
            }
        }
        if (isnan(pred[0])) {
            fprintf(stderr,
                    "parley: forecast: issue %s: no actor has a "
                    "position; no forecast\n",
                    is.id);
        }
        if (a->out == OUT_CSV) {
            for (size_t m = 0; m < nm; m++) {
                if (isnan(pred[m]))
                    printf("%s,%s,\n", is.id, pl_fc_model_name(models[m]));
                else
                    printf("%s,%s,%.6g\n", is.id, pl_fc_model_name(models[m]),
                           pred[m]);
            }
            continue;
        }
        fmt_num(is.reference, b1, sizeof b1);
        fmt_num(is.outcome, b2, sizeof b2);
        printf("%-10s %-12.12s %6zu %6s %7s", is.id, is.name,
               positioned(d, i, is.actor_count), b1, b2);
        for (size_t m = 0; m < nm; m++) {
            fmt_num(pred[m], b1, sizeof b1);
            printf(" %10s", b1);
        }
        putchar('\n');
    }
    if (a->issue && shown == 0) {
        cli_error("forecast: no issue with id '%s' in %s", a->issue, a->data);
        return CLI_EXIT_USAGE;
    }
    if (a->out == OUT_TEXT && scored[0] > 0) {
        printf("%-10s %-12s %6s %6s %7s", "MAE", "", "", "", "");
        for (size_t m = 0; m < nm; m++)
            printf(" %10.2f", scored[m] ? abs_sum[m] / (double)scored[m] : NAN);
        printf("\n(MAE over the issues with a known outcome; "
               "`--backtest` adds intervals)\n");
    }
    return cli_finish_stdout(CLI_EXIT_OK);
}

/* ---- backtest ---- */

static int run_backtest(const struct fc_args *a, const pl_fc_data *d)
{
    pl_fc_backtest_result *r = NULL;
    pl_diag diag;
    pl_status st;

    memset(&diag, 0, sizeof diag);
    snprintf(diag.file, sizeof diag.file, "%s", a->data);
    st = pl_fc_backtest(d, &a->o, &a->bo, &r, &diag);
    if (st != PL_OK)
        return cli_report_status(st, &diag);
    if (a->out == OUT_JSON) {
        char *text;
        size_t len;
        st = pl_fc_backtest_json(r, &a->bo, a->data, &text, &len);
        if (st != PL_OK) {
            pl_fc_backtest_free(r);
            return cli_report_status(st, NULL);
        }
        fwrite(text, 1, len, stdout);
        pl_free(text);
    } else if (a->out == OUT_CSV) {
        printf("model,n,mae,mae_lo,mae_hi,rmse,rmse_lo,rmse_hi,"
               "dmae,dmae_lo,dmae_hi,params\n");
        for (size_t i = 0; i < r->count; i++) {
            const pl_fc_score *s = &r->rows[i];
            printf("%s,%zu,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,"
                   "\"%s\"\n",
                   s->model, s->n, s->mae, s->mae_lo, s->mae_hi, s->rmse,
                   s->rmse_lo, s->rmse_hi, s->dmae, s->dmae_lo, s->dmae_hi,
                   s->params);
        }
    } else {
        printf("Backtest of %s: %zu issues with a known outcome in %zu "
               "groups\n",
               a->data, r->scored, r->groups);
        printf("Intervals: %g%% percentile bootstrap over groups, %u "
               "resamples, seed %" PRIu64 "; cross-validation: %u folds "
               "by group\n\n",
               a->bo.level * 100, a->bo.bootstrap, a->bo.seed, a->bo.folds);
        printf("%-14s %4s %7s %17s %7s %17s %8s %19s  %s\n", "model", "n",
               "MAE", "MAE interval", "RMSE", "RMSE interval", "vs comp",
               "interval", "params");
        for (size_t i = 0; i < r->count; i++) {
            const pl_fc_score *s = &r->rows[i];
            printf("%-14s %4zu %7.2f  [%6.2f, %6.2f] %7.2f  [%6.2f, %6.2f] "
                   "%+8.2f  [%+7.2f, %+7.2f]  %s\n",
                   s->model, s->n, s->mae, s->mae_lo, s->mae_hi, s->rmse,
                   s->rmse_lo, s->rmse_hi, s->dmae, s->dmae_lo, s->dmae_hi,
                   s->params);
        }
        printf("\n\"vs comp\" = MAE minus the compromise model's MAE on "
               "the same issues (negative = better);\na model beats "
               "compromise beyond noise only if its whole interval is "
               "below 0.\n");
    }
    pl_fc_backtest_free(r);
    return cli_finish_stdout(CLI_EXIT_OK);
}

int cli_cmd_forecast(int argc, char **argv)
{
    struct fc_args a;
    pl_fc_data *d = NULL;
    pl_diag diag;
    pl_status st;
    int rc = parse_args(argc, argv, &a);

    if (rc >= 0)
        return rc;
    memset(&diag, 0, sizeof diag);
    st = pl_fc_load_file(a.data, a.format, &d, &diag);
    if (st != PL_OK)
        return cli_report_status(st, &diag);
    rc = a.backtest ? run_backtest(&a, d) : run_forecast(&a, d);
    pl_fc_data_free(d);
    return rc;
}
