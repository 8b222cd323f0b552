/* Strategy internals: the acceptance-condition part, the frequency
 * opponent model part, the registry of built-in strategies and the strict
 * parser of "NAME[:k=v,...]" specs.  The public side of the interface
 * (pl_strategy, pl_agent_*) is in include/parley/negotiate.h. */
#ifndef PL_NEGOTIATE_STRATEGY_H
#define PL_NEGOTIATE_STRATEGY_H

#include <stdbool.h>
#include <stdint.h>

#include "parley/negotiate.h"

#define PL__MAX_PARAMS 8u
#define PL__SPEC_MAX 256u

/* Acceptance conditions (Baarslag, Hindriks and Jonker 2011); the agent
 * accepts when any condition in `mask` holds. */
enum {
    PL__AC_NEXT = 1u,  /* a * u(next bid) + b <= u(offer) */
    PL__AC_CONST = 2u, /* u(offer) >= c */
    PL__AC_TIME = 4u,  /* t >= T */
    PL__AC_COMBI = 8u  /* AC_next, or t >= T and u(offer) >= the best
                          offer received in the last (1 - t) of time */
};

typedef struct pl__accept_cfg {
    unsigned mask;
    double a, b, c, T;
} pl__accept_cfg;

/* A parsed strategy spec. */
typedef struct pl__spec {
    const pl_strategy *st;
    double param[PL__MAX_PARAMS];
    pl__accept_cfg ac;
    bool model;              /* frequency opponent model on */
    char norm[PL__SPEC_MAX]; /* "name:k=v,..." with every key */
} pl__spec;

/* Parse `spec` strictly; `custom` replaces the registry lookup. */
pl_status pl__spec_parse(const char *spec, const pl_strategy *custom,
                         pl__spec *out, pl_diag *diag);

/* The acceptance part. */
bool pl__accept_cond(pl_agent *a, const pl__accept_cfg *c, double u_offer,
                     double u_next);

/* Frequency opponent model (one table per opponent that has offered):
 * issue weights grow by `PL__FREQ_EPS` when an opponent keeps an issue's
 * option between consecutive offers, then are normalised; option values
 * are (count + 1) / (max count on the issue + 1).  The score of option k
 * of issue i is the sum over opponents of w_i * v_i(k). */
typedef struct pl__freq_model pl__freq_model;
pl__freq_model *pl__freq_new(const pl_scenario *s);
void pl__freq_free(pl__freq_model *m);
/* false on allocation failure (the offer is then ignored). */
bool pl__freq_observe(pl__freq_model *m, size_t from, const uint32_t *offer);
/* The per-option score table (K entries), or NULL before any offer. */
const double *pl__freq_scores(pl__freq_model *m);
double pl__freq_utility(pl__freq_model *m, const uint32_t *o);

/* Built-in strategies (strategy_*.c). */
extern const pl_strategy pl__strategy_boulware, pl__strategy_linear,
    pl__strategy_conceder, pl__strategy_timedep, pl__strategy_hardliner,
    pl__strategy_random, pl__strategy_tft, pl__strategy_freq,
    pl__strategy_hillclimber, pl__strategy_annealer;

#endif
