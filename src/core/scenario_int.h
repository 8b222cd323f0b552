/* Internal layout of a scenario, shared by core, io and analysis.
 *
 * The io loader fills these fields (every string and array from pl__malloc)
 * and then calls pl__scenario_compile(), which normalises weights,
 * evaluates value functions into per-option tables and builds the
 * weighted per-issue utility table U that every analysis reads.
 * After compile the scenario is immutable. */
#ifndef PARLEY_SCENARIO_INT_H
#define PARLEY_SCENARIO_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "parley/scenario.h"

struct pl__option {
    char *id;     /* categorical: declared id; numeric: shortest "%.17g" */
    char *name;   /* display name; equals id when none was given */
    double value; /* numeric value (integer/real), k for categorical */
};

struct pl__issue {
    char *id;          /* [a-z0-9_]+ */
    char *name;        /* display name; id when none was given */
    char *description; /* NULL if absent */
    pl_issue_kind kind;
    uint32_t n_options;
    struct pl__option *options;
    /* integer: min, max, step as written; real: min, max and steps
     * (option k = min + k*(max-min)/(steps-1); steps >= 2, or 1 if
     * min == max).  Unused for categorical. */
    double min, max, step;
    uint32_t steps;
    /* categorical: were options written as {id, name} mappings? (kept for
     * a faithful round trip; not part of model equality) */
    bool named_options;
};

enum pl__value_kind {
    PL__VALUE_NONE = 0,   /* not given: every option is worth 0 */
    PL__VALUE_TABLE,      /* explicit value per option (missing = 0) */
    PL__VALUE_LINEAR,     /* linear in the option value: at_min..at_max */
    PL__VALUE_TRIANGULAR  /* 0 at low, 1 at peak, 0 at high; 0 outside */
};

struct pl__value_fn {
    enum pl__value_kind kind;
    double at_min, at_max;   /* LINEAR */
    double low, peak, high;  /* TRIANGULAR; low <= peak <= high */
};

/* One condition: issue `issue` takes one of the options flagged in
 * `allowed` (n_options bytes, 0/1). */
struct pl__cond {
    uint32_t issue;
    uint8_t *allowed;
};

/* A conjunction of conditions.  For an interaction `value` is added to the
 * utility when all hold; for a red line `value` is unused (0). */
struct pl__clause {
    uint32_t n_conds;
    struct pl__cond *conds;
    double value;
};

struct pl__party {
    char *id;
    char *name;        /* id when none was given */
    char *description; /* NULL if absent */
    pl_role role;
    bool has_utility;  /* any of weights/values/interactions given */
    double reservation;   /* default 0 */
    double discount;      /* (0,1], default 1 */
    double *weight_raw;   /* n_issues, as written (0 where left out) */
    double *weight;       /* n_issues, normalised to sum 1 (compile) */
    struct pl__value_fn *fn; /* n_issues */
    double **v;           /* v[i][k] in [0,1]: TABLE filled by loader,
                             others evaluated by compile */
    uint32_t n_interactions;
    struct pl__clause *interactions;
    uint32_t n_red_lines;
    struct pl__clause *red_lines;
    /* GENIUS semantics (src/io/genius_read.c, DESIGN.md section 5).  The
     * zero defaults keep parley/1's behaviour.
     * weights_as_written: compile uses weight[i] = weight_raw[i] (no
     *   normalisation; the sum may be any finite value >= 0, even 0), so
     *   U_i = w_i * v_i exactly as GENIUS multiplies.
     * has_clamp: the utility is min(clamp_max, sum of terms), applied
     *   after every issue term and interaction (GENIUS clamps at 1).
     * A constant term is an interaction with n_conds == 0 (always holds). */
    bool weights_as_written;
    bool has_clamp;
    double clamp_max;     /* finite; used only when has_clamp */
};

struct pl_scenario {
    char *name;        /* never NULL after load ("" if absent) */
    char *description; /* NULL if absent */
    uint32_t n_issues;
    struct pl__issue *issues;
    uint32_t n_parties;
    struct pl__party *parties;

    bool has_talks;
    uint32_t n_talks;
    uint32_t (*talks)[2]; /* party index pairs, as written */

    struct {
        bool present;
        char *protocol;     /* NULL if absent */
        long mediator;      /* party index, -1 if absent */
        uint32_t rounds;    /* 0 if absent */
    } simulate;

    /* A `spatial:` section (1-D actor positions for `parley forecast`)
     * was present.  The loader only checks it is a mapping; the forecast
     * reader validates and reads it.  Not part of the model. */
    bool has_spatial;

    /* --- compiled by pl__scenario_compile() --- */
    uint32_t n_total_options;  /* K = sum of n_options */
    uint32_t *opt_offset;      /* n_issues: first slot of issue i in a row */
    /* U[p * K + opt_offset[i] + k] = weight[i] * v[i][k] for party p
     * (0 for parties without a utility). */
    double *U;
    double n_outcomes;         /* product of n_options, as double */
    uint64_t n_outcomes_u64;   /* exact product, valid if fits_u64 */
    bool fits_u64;
    pl_count n_outcomes_exact; /* exact product, valid if fits_count */
    bool fits_count;           /* the product is below 2^256 */
};

/* Normalise weights, evaluate value functions, build U and outcome
 * counts.  Returns PL_ESCHEMA with a message if a party with a utility has
 * weights that sum to 0 (no position: the caller should have caught it
 * with one), PL_ENOMEM on allocation failure. */
pl_status pl__scenario_compile(pl_scenario *s, pl_diag *diag);

/* Evaluate a value function at option k of issue `is` (LINEAR,
 * TRIANGULAR; TABLE and NONE read/return the stored table / 0). */
double pl__value_fn_eval(const struct pl__value_fn *fn,
                         const struct pl__issue *is, uint32_t k);

/* True if every condition of clause c holds for outcome o. */
static inline bool pl__clause_holds(const struct pl__clause *c,
                                    const uint32_t *o)
{
    for (uint32_t j = 0; j < c->n_conds; j++)
        if (!c->conds[j].allowed[o[c->conds[j].issue]])
            return false;
    return true;
}

#endif
