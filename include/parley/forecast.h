/* parley: forecasting one-dimensional issues with spatial bargaining models.
 *
 * An issue is a 0-100 policy scale (its own ends, e.g. the most extreme
 * alternatives discussed), a set of actors each with a capability (>= 0),
 * a position on the scale (or none) and a salience (0-100, or none), and
 * optionally a reference point (what holds if nothing is decided) and the
 * actual outcome.  A model maps an issue to a predicted outcome.
 *
 *   pl_fc_load_file()   DEU III (tab-separated), KTAB-style CSV, or the
 *                       `spatial:` section of a parley YAML/JSON file
 *   pl_fc_predict()     one issue, one model
 *   pl_fc_backtest()    every model on every issue with a known outcome:
 *                       MAE, RMSE, bootstrap intervals, cross-validation
 *
 * Weights.  Actor i's weight is w_i = capability_i * salience_i / 100.  An
 * actor without a position takes no part (it is skipped, not read as 0).
 * A missing salience counts as 0.  When every actor with a position has
 * weight 0, they all count equally (weight 1), so an issue with positions
 * always gets a forecast.  An issue where no actor has a position gets no
 * forecast: pl_fc_predict() returns PL_OK with *out = NAN.
 *
 * Models (docs/forecast.md has the formulas and citations):
 *   compromise  sum w_i x_i / sum w_i (Achen 2006's compromise model)
 *   median      weighted median: first position, in sorted order, where
 *               the cumulative weight reaches half the total
 *   nash        Nash bargaining solution with u_i(x) = 1 - |x - x_i|/100,
 *               exponents w_i, disagreement point = the reference point
 *               when the issue has one, else the far end (u_i(d) = 0)
 *   nash-far    the same with the far-end disagreement point always
 *   bdm         Bueno de Mesquita's expected-utility model as specified by
 *               Scholz, Calbert & Smith (2011), in rounds
 *   pce         a KTAB-style bargaining model: challenges, interpolated
 *               bargains and Probabilistic Condorcet Elections, in rounds
 *
 * Not thread-safe per data set: give each thread its own pl_fc_data, or
 * only read it (all calls except the builders only read). */
#ifndef PARLEY_FORECAST_H
#define PARLEY_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h" /* pl_free() releases the JSON texts */
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits on untrusted input; exceeding one fails with PL_ETOOBIG. */
#define PL_FC_MAX_BYTES (64u << 20) /* input file size */
#define PL_FC_MAX_ISSUES 100000u
/* Actors per issue: KTAB's range is 5-50; BDM and PCE cost O(n^3) a
 * round. */
#define PL_FC_MAX_ACTORS 200u
#define PL_FC_MAX_ROUNDS 1000u

/* A set of issues.  Create with pl_fc_load_*() or pl_fc_data_new();
 * release with pl_fc_data_free(). */
typedef struct pl_fc_data pl_fc_data;

/* ---- loading ---- */

/* Input syntaxes. */
typedef enum pl_fc_format {
    PL_FC_AUTO = 0, /* .yaml/.yml/.json: YAML; else DEU III if line 1
                       starts with "prnrnmc", else KTAB CSV */
    PL_FC_DEU3 = 1, /* DEU III, tab-separated, line 2 = capability row */
    PL_FC_KTAB = 2, /* KTAB-style CSV, one issue per dimension */
    PL_FC_YAML = 3  /* the `spatial:` section of a parley YAML/JSON file */
} pl_fc_format;

/* Parse `len` bytes of `text` (need not be NUL-terminated) as `fmt`
 * (PL_FC_AUTO sniffs the content; `name` is only used for diagnostics and
 * may be NULL).  PL_OK: *out is owned by the caller (pl_fc_data_free).
 * Otherwise *out is NULL and `diag` (if non-NULL) holds the first problem
 * as line and column; for the tab- and comma-separated formats the column
 * is the 1-based FIELD number, not the character.  Statuses: PL_EPARSE
 * (syntax, bad number), PL_ESCHEMA (well-formed but inconsistent, e.g. a
 * position outside 0-100), PL_ETOOBIG, PL_ENOMEM.  Since 0.1. */
PL_API pl_status pl_fc_load(const char *text, size_t len, pl_fc_format fmt,
                            const char *name, pl_fc_data **out, pl_diag *diag);

/* Read the file `path` and pl_fc_load() it; PL_FC_AUTO also looks at the
 * extension.  PL_EIO/PL_ENOTFOUND if it cannot be read.  diag->file is set
 * to `path`. */
PL_API pl_status pl_fc_load_file(const char *path, pl_fc_format fmt,
                                 pl_fc_data **out, pl_diag *diag);

/* Release `d` and everything it owns.  NULL is a no-op. */
PL_API void pl_fc_data_free(pl_fc_data *d);

/* ---- building by hand (tests, library users) ---- */

/* A new empty data set, or NULL when out of memory. */
PL_API pl_fc_data *pl_fc_data_new(void);

/* Append an issue.  `id` must be non-empty; `name` and `group` may be NULL
 * (group = the unit of resampling and cross-validation, e.g. the DEU
 * proposal; NULL = the issue is its own group).  `reference` and `outcome`
 * are NAN when unknown.  Strings are copied.  PL_EINVAL for an empty id or
 * a reference/outcome that is neither NAN nor in [0, 100]. */
PL_API pl_status pl_fc_data_add_issue(pl_fc_data *d, const char *id,
                                      const char *name, const char *group,
                                      double reference, double outcome);

/* Append an actor to the last issue added.  position NAN = no position
 * (the actor is skipped by the models); salience NAN = none (weight 0).
 * PL_EINVAL when there is no issue yet, `name` is NULL, capability is not
 * finite and >= 0, or position/salience is neither NAN nor in [0, 100]. */
PL_API pl_status pl_fc_data_add_actor(pl_fc_data *d, const char *name,
                                      double capability, double position,
                                      double salience);

/* ---- reading ---- */

typedef struct pl_fc_issue {
    const char *id;     /* DEU III: the isnrnmc column; borrowed */
    const char *name;   /* DEU III: the isnr code; "" if none; borrowed */
    const char *group;  /* DEU III: the prnrnmc proposal number; = id if
                           the issue has no group; borrowed */
    double reference;   /* reference point, 0-100, or NAN */
    double outcome;     /* actual outcome, 0-100, or NAN */
    size_t actor_count; /* actors listed, with or without a position */
} pl_fc_issue;

typedef struct pl_fc_actor {
    const char *name;  /* borrowed */
    double capability; /* >= 0 */
    double position;   /* 0-100, or NAN: no position */
    double salience;   /* 0-100, or NAN: none */
} pl_fc_actor;

PL_API size_t pl_fc_issue_count(const pl_fc_data *d);
/* Fill *out for issue `i`.  PL_ENOTFOUND if out of range.  Strings are
 * borrowed: valid until pl_fc_data_free(d). */
PL_API pl_status pl_fc_issue_get(const pl_fc_data *d, size_t i,
                                 pl_fc_issue *out);
/* Fill *out for actor `k` of issue `i`; PL_ENOTFOUND if out of range. */
PL_API pl_status pl_fc_actor_get(const pl_fc_data *d, size_t i, size_t k,
                                 pl_fc_actor *out);

/* ---- models ---- */

typedef enum pl_fc_model {
    PL_FC_COMPROMISE = 0,
    PL_FC_MEDIAN,
    PL_FC_NASH,
    PL_FC_NASH_FAR,
    PL_FC_BDM,
    PL_FC_PCE,
    PL_FC__MODEL_COUNT
} pl_fc_model;

/* "compromise", "median", ... (static text), or NULL if out of range. */
PL_API const char *pl_fc_model_name(pl_fc_model m);
/* Model named `name`; false if there is none. */
PL_API bool pl_fc_model_from_name(const char *name, pl_fc_model *out);

/* How a dynamic model turns the actors' final positions into a forecast. */
typedef enum pl_fc_summary {
    PL_FC_SUM_MEAN = 0,   /* weighted mean of final positions */
    PL_FC_SUM_MEDIAN = 1, /* weighted median of final positions */
    PL_FC_SUM_PCE = 2     /* expected outcome of a Probabilistic Condorcet
                             Election among the final positions */
} pl_fc_summary;

/* "mean", "median", "pce" (static), or NULL if out of range. */
PL_API const char *pl_fc_summary_name(pl_fc_summary s);

/* One round of a dynamic model, for --trace.  All pointers borrowed for
 * the duration of the callback. */
typedef struct pl_fc_round {
    pl_fc_model model;
    size_t issue;           /* issue index */
    unsigned round;         /* 0 = initial positions */
    size_t n;               /* actors taking part */
    const size_t *actor;    /* [n]: their indices in the issue */
    const double *position; /* [n]: positions after this round */
    double forecast;        /* the model's summary of these positions */
} pl_fc_round;

typedef void (*pl_fc_trace_fn)(void *ctx, const pl_fc_round *r);

/* Model parameters.  Start from pl_fc_opts_default() and change fields. */
typedef struct pl_fc_opts {
    double salience_exponent; /* weights w = c * (s/100)^g, g >= 0 (default
                                 1; g = 0: salience only says who takes
                                 part); a salience of 0 always gives 0 */
    unsigned bdm_rounds;      /* BDM rounds, 0..PL_FC_MAX_ROUNDS (default
                                 see docs/forecast.md) */
    double bdm_q;             /* Q: probability the status quo holds when i
                                 does not challenge, [0, 1] */
    double bdm_t;             /* T: probability it then moves i's way */
    pl_fc_summary bdm_summary;
    unsigned pce_max_rounds; /* PCE: at most this many rounds, stopping
                                earlier when positions settle */
    double pce_exponent;     /* victory law p = S_a^q / (S_a^q + S_b^q),
                                q >= 1 (KTAB: 1, 2, 4, 8) */
    pl_fc_summary pce_summary;
    pl_fc_trace_fn trace; /* called once per round, or NULL */
    void *trace_ctx;
} pl_fc_opts;

PL_API pl_fc_opts pl_fc_opts_default(void);

/* Forecast issue `i` with model `m`: *out in [0, 100], or NAN when no
 * actor of the issue has a position.  PL_ENOTFOUND (bad i), PL_EINVAL
 * (bad model or options), PL_ENOMEM.  Deterministic: no randomness. */
PL_API pl_status pl_fc_predict(const pl_fc_data *d, size_t i, pl_fc_model m,
                               const pl_fc_opts *o, double *out);

/* ---- backtest ---- */

typedef struct pl_fc_bt_opts {
    uint64_t seed;      /* bootstrap and fold assignment */
    unsigned bootstrap; /* resamples for the intervals (0 = none) */
    unsigned folds;     /* cross-validation folds, by group, >= 2 */
    double level;       /* interval level, e.g. 0.95 */
} pl_fc_bt_opts;

PL_API pl_fc_bt_opts pl_fc_bt_opts_default(void);

/* One row of the backtest table. */
typedef struct pl_fc_score {
    char model[32];        /* model name; "-cv" suffix = cross-validated */
    char params[96];       /* parameters used ("" if none); for a -cv row
                              those chosen on all issues, for test use */
    size_t n;              /* issues scored (known outcome and forecast) */
    double mae, rmse;      /* 0-100 scale */
    double mae_lo, mae_hi; /* bootstrap percentile interval, by group */
    double rmse_lo, rmse_hi;
    double dmae, dmae_lo, dmae_hi; /* MAE minus the compromise model's MAE
                                      on the same issues, paired bootstrap */
} pl_fc_score;

/* Backtest results: rows[0..count) and the per-issue predictions. */
typedef struct pl_fc_backtest_result {
    size_t count;
    pl_fc_score *rows; /* caller owns via pl_fc_backtest_free */
    size_t scored;     /* issues with a known outcome */
    size_t groups;     /* distinct groups among them */
} pl_fc_backtest_result;

/* Score every model (and the cross-validated tuned variants of bdm and
 * pce) on the issues of `d` with a known outcome.  `o` gives the untuned
 * parameters (NULL = defaults; its trace is ignored).  PL_OK: *out owned
 * by the caller.  PL_ENOTFOUND when no issue has an outcome. */
PL_API pl_status pl_fc_backtest(const pl_fc_data *d, const pl_fc_opts *o,
                                const pl_fc_bt_opts *bo,
                                pl_fc_backtest_result **out, pl_diag *diag);

/* Release `r`.  NULL is a no-op. */
PL_API void pl_fc_backtest_free(pl_fc_backtest_result *r);

/* ---- JSON output ---- */

/* Forecasts of every issue of `d` with the models models[0..nm) as JSON,
 * schema "parley.forecast/1" (docs/forecast.md): issues in input order,
 * each with id, name, group, reference, outcome (null when unknown),
 * actors (with a position), forecasts {model: value or null} and, when
 * `trace` is true, the per-round positions of the dynamic models.
 * PL_OK: *text (NUL-terminated, *len bytes) is owned by the caller; free
 * with pl_free(). */
PL_API pl_status pl_fc_report_json(const pl_fc_data *d,
                                   const pl_fc_model *models, size_t nm,
                                   const pl_fc_opts *o, bool trace, char **text,
                                   size_t *len);

/* A backtest as JSON, schema "parley.backtest/1"; `source` names the data
 * (may be NULL).  Ownership as for pl_fc_report_json(). */
PL_API pl_status pl_fc_backtest_json(const pl_fc_backtest_result *r,
                                     const pl_fc_bt_opts *bo,
                                     const char *source, char **text,
                                     size_t *len);

#ifdef __cplusplus
}
#endif
#endif
