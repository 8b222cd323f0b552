/* Internals of the forecast module: the data set's layout, the readers and
 * the per-issue view the models work on. */
#ifndef PARLEY_FORECAST_INT_H
#define PARLEY_FORECAST_INT_H

#include <stddef.h>

#include "parley/forecast.h"

struct fc_actor {
    char *name;
    double cap; /* >= 0 */
    double pos; /* 0-100 or NAN */
    double sal; /* 0-100 or NAN */
};

struct fc_issue {
    char *id;
    char *name;   /* never NULL ("" if none) */
    char *group;  /* NULL: the issue is its own group */
    double ref;   /* NAN if none */
    double out;   /* NAN if unknown */
    size_t first; /* index of the first actor in pl_fc_data.actors */
    size_t n;     /* actors of this issue */
};

struct pl_fc_data {
    struct fc_issue *issues;
    size_t n_issues, cap_issues;
    struct fc_actor *actors;
    size_t n_actors, cap_actors;
};

/* Readers: append to `d` (empty on entry).  On failure `d` may hold
 * part of the input; the caller frees it. */
pl_status pl__fc_read_deu3(const char *text, size_t len, pl_fc_data *d,
                           pl_diag *diag);
pl_status pl__fc_read_ktab(const char *text, size_t len, pl_fc_data *d,
                           pl_diag *diag);
pl_status pl__fc_read_yaml(const char *text, size_t len, pl_fc_data *d,
                           pl_diag *diag);

/* Strict number: the whole of [s, s+n) is one finite decimal number
 * (leading/trailing blanks allowed).  False otherwise. */
bool pl__fc_parse_num(const char *s, size_t n, double *out);

/* The actors of one issue that take part (have a position). */
struct fc_view {
    size_t n;
    size_t *idx; /* [n] index within the issue */
    double *x;   /* [n] positions, 0-100 */
    double *w;   /* [n] weights cap*sal/100 (all 1 if they sum to 0) */
    double *s;   /* [n] salience / 100, in [0, 1] (missing = 0) */
    double *c;   /* [n] capability */
    double ref;  /* reference point or NAN */
};

/* g: salience exponent of the weights (1 = the usual c * s/100). */
pl_status pl__fc_view_init(const pl_fc_data *d, size_t issue, double g,
                           struct fc_view *v);
void pl__fc_view_free(struct fc_view *v);

/* Weighted mean and weighted median of x[0..n) with weights w. */
double pl__fc_wmean(const double *x, const double *w, size_t n);
double pl__fc_wmedian(const double *x, const double *w, size_t n);

#endif
