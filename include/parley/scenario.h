/* parley: scenarios -- issues, options, parties and their preferences.
 *
 * A pl_scenario is immutable once loaded.  It may be shared read-only by
 * any number of threads; nothing in it changes after pl_scenario_load_*().
 *
 * Outcomes are arrays of option indices, one per issue, in issue order.
 * The dense outcome index is mixed radix with the first issue most
 * significant and options in declared order (DESIGN.md section 7). */
#ifndef PARLEY_SCENARIO_H
#define PARLEY_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "count.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_scenario pl_scenario;

typedef enum pl_issue_kind {
    PL_ISSUE_CATEGORICAL = 0, /* named options in a given order */
    PL_ISSUE_INTEGER = 1,     /* min..max by step */
    PL_ISSUE_REAL = 2         /* [min, max] discretised into `steps` points */
} pl_issue_kind;

typedef enum pl_role {
    PL_ROLE_NEGOTIATOR = 0,
    PL_ROLE_MEDIATOR = 1,
    PL_ROLE_OBSERVER = 2
} pl_role;

typedef enum pl_format {
    PL_FORMAT_AUTO = 0, /* from the file name's extension, else by content */
    PL_FORMAT_YAML = 1,
    PL_FORMAT_JSON = 2
} pl_format;

/* Limits on untrusted input.  Exceeding one fails with PL_ETOOBIG. */
#define PL_MAX_SCENARIO_BYTES (16u * 1024u * 1024u)
#define PL_MAX_ISSUES 256u
#define PL_MAX_OPTIONS 100000u  /* per issue, after discretisation */
#define PL_MAX_PARTIES 64u
#define PL_MAX_CLAUSES 4096u    /* interactions + red lines per party */
#define PL_MAX_TOTAL_OPTIONS 1000000u /* options summed over all issues */
#define PL_MAX_VALUE_CELLS 8388608u   /* parties x total options (tables) */

/* Load a parley/1 scenario from `len` bytes of YAML or JSON (need not be
 * NUL-terminated).  `filename` is used in diagnostics and, with
 * PL_FORMAT_AUTO, to pick the syntax; it may be NULL.
 * PL_OK: *out is a new scenario; caller owns it; free with pl_scenario_free().
 * Otherwise *out is NULL and `diag` (if non-NULL) names the first problem
 * with its 1-based line and column.  Codes: PL_EPARSE (syntax), PL_ESCHEMA
 * (unknown key, wrong type, out-of-range or non-finite number, duplicate id,
 * unknown reference), PL_ETOOBIG, PL_ENOMEM. */
PL_API pl_status pl_scenario_load_text(const char *text, size_t len,
                                       const char *filename, pl_format fmt,
                                       pl_scenario **out, pl_diag *diag);

/* Read and load a file; as pl_scenario_load_text().  PL_EIO if it cannot
 * be read. */
PL_API pl_status pl_scenario_load_file(const char *path, pl_scenario **out,
                                       pl_diag *diag);

/* Load a scenario embedded in the library by name ("berlin-2025").
 * PL_ENOTFOUND for an unknown name. */
PL_API pl_status pl_scenario_load_builtin(const char *name, pl_scenario **out,
                                          pl_diag *diag);

/* Names of the embedded scenarios, NULL-terminated; static. */
PL_API const char *const *pl_scenario_builtin_names(void);
/* Source text of an embedded scenario, or NULL; static. */
PL_API const char *pl_scenario_builtin_text(const char *name);

/* Write `s` as YAML or JSON (fmt must not be AUTO) into a new NUL-terminated
 * buffer.  Loading the result gives a scenario equal to `s` at the model
 * level (pl_scenario_equal).  Caller owns *out; free with pl_free(). */
PL_API pl_status pl_scenario_write(const pl_scenario *s, pl_format fmt,
                                   char **out, size_t *len);

/* True when a and b describe the same negotiation: same issues, options,
 * parties, normalised weights, values, clauses, talks and defaults. */
PL_API bool pl_scenario_equal(const pl_scenario *a, const pl_scenario *b);

/* Release `s` and everything it owns.  NULL is a no-op. */
PL_API void pl_scenario_free(pl_scenario *s);

/* Release memory handed out by the library (pl_scenario_write etc.). */
PL_API void pl_free(void *p);

/* --- Reading a scenario.  Strings are borrowed: valid until
 *     pl_scenario_free(s).  Indices out of range give NULL / 0. --- */

PL_API const char *pl_scenario_name(const pl_scenario *s);
PL_API const char *pl_scenario_description(const pl_scenario *s);

PL_API size_t pl_scenario_issue_count(const pl_scenario *s);
PL_API const char *pl_scenario_issue_id(const pl_scenario *s, size_t i);
PL_API const char *pl_scenario_issue_name(const pl_scenario *s, size_t i);
PL_API pl_issue_kind pl_scenario_issue_kind(const pl_scenario *s, size_t i);
PL_API size_t pl_scenario_option_count(const pl_scenario *s, size_t i);
/* Option id: the declared id for categorical issues, the number as text
 * (shortest round-trip form) for integer and real issues. */
PL_API const char *pl_scenario_option_id(const pl_scenario *s, size_t i,
                                         size_t k);
PL_API const char *pl_scenario_option_name(const pl_scenario *s, size_t i,
                                           size_t k);
/* Numeric value of option k of an integer or real issue; k for categorical. */
PL_API double pl_scenario_option_value(const pl_scenario *s, size_t i,
                                       size_t k);
/* Index of the option with this id, or -1. */
PL_API long pl_scenario_option_find(const pl_scenario *s, size_t i,
                                    const char *id);
PL_API long pl_scenario_issue_find(const pl_scenario *s, const char *id);

PL_API size_t pl_scenario_party_count(const pl_scenario *s);
PL_API const char *pl_scenario_party_id(const pl_scenario *s, size_t p);
PL_API const char *pl_scenario_party_name(const pl_scenario *s, size_t p);
PL_API pl_role pl_scenario_party_role(const pl_scenario *s, size_t p);
/* True if the party states preferences (weights/values/interactions). */
PL_API bool pl_scenario_party_has_utility(const pl_scenario *s, size_t p);
PL_API double pl_scenario_party_reservation(const pl_scenario *s, size_t p);
/* Discount factor in (0, 1]; 1 means none. */
PL_API double pl_scenario_party_discount(const pl_scenario *s, size_t p);
/* Weight of issue i for party p: normalised to sum 1, or as written for a
 * party with `weights_as_written` (GENIUS profiles). */
PL_API double pl_scenario_party_weight(const pl_scenario *s, size_t p,
                                       size_t i);
/* Value in [0, 1] of option k of issue i for party p (before weighting). */
PL_API double pl_scenario_party_value(const pl_scenario *s, size_t p, size_t i,
                                      size_t k);
PL_API long pl_scenario_party_find(const pl_scenario *s, const char *id);

/* Number of outcomes as a double (may exceed 2^64). */
PL_API double pl_scenario_outcome_count(const pl_scenario *s);
/* Number of outcomes if it fits in uint64_t, else false. */
PL_API bool pl_scenario_outcome_count_u64(const pl_scenario *s, uint64_t *n);
/* Exact number of outcomes if it is below 2^256, else false.  Since 0.2. */
PL_API bool pl_scenario_outcome_count_exact(const pl_scenario *s,
                                            pl_count *n);

/* Dense index <-> option indices.  outcome has issue_count entries.
 * encode fails (false) if the space has more than 2^64-1 outcomes. */
PL_API bool pl_scenario_outcome_encode(const pl_scenario *s,
                                       const uint32_t *outcome,
                                       uint64_t *index);
PL_API void pl_scenario_outcome_decode(const pl_scenario *s, uint64_t index,
                                       uint32_t *outcome);

/* Party p's utility of `outcome`: per-issue terms w_i * v_i summed in issue
 * order, then every interaction whose conditions hold, in declared order.
 * Not clamped, except for a party with `clamp_max` (GENIUS profiles: the
 * sum is capped at 1 after every term).  0 for a party without a utility. */
PL_API double pl_scenario_utility(const pl_scenario *s, size_t p,
                                  const uint32_t *outcome);
/* True if `outcome` meets any of party p's red lines. */
PL_API bool pl_scenario_crosses_red_line(const pl_scenario *s, size_t p,
                                         const uint32_t *outcome);

/* Talks topology: may a and b address each other directly?  True for
 * every pair when the scenario has no `talks` list. */
PL_API bool pl_scenario_talks_allowed(const pl_scenario *s, size_t a,
                                      size_t b);
PL_API bool pl_scenario_has_talks(const pl_scenario *s);

/* True if the file had a `spatial:` section.  The scenario loader only
 * checks that it is a mapping; parley forecast (pl_fc_load with
 * PL_FC_YAML) reads and validates it.  pl_scenario_write does not carry
 * it over. */
PL_API bool pl_scenario_has_spatial(const pl_scenario *s);

#ifdef __cplusplus
}
#endif
#endif
