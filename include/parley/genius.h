/* parley: GENIUS domain and profile XML (DESIGN.md section 5).
 *
 * GENIUS (TU Delft; the ANAC Genius league 2010-2019) keeps a negotiation
 * in one domain file (the issues) and one profile file per party.  The
 * reader reproduces GENIUS 10.4's semantics, so utilities match GENIUS and
 * NegMAS (../shared/docs/genius-format.md has the details):
 *
 *   U(o) = min(1, sum_i w_i * e_i(o_i))      weights as written
 *   discrete  e = evaluation / (largest evaluation of the issue)
 *   integer   e = clamp01(offset + slope * (x - lowerbound))
 *   real      e = clamp01(p0 + p1 * x), p0 (constant), or triangular
 *   ANAC 2014 non-linear: min(1, sum of hyper-rectangle utilities /
 *             maxutility), INCLUDES / EXCLUDES, nested sum ufuns
 *
 * and accepts what GENIUS accepts although it is not XML: a comment
 * before the XML declaration, a bare `&`, attributes without a separating
 * space, unquoted attribute values, Windows-1252 text.
 *
 * An UNCERTAIN (ANAC 2018/2019) profile is scored by its true utility;
 * its settings are kept in the party's description as
 * "GENIUS uncertain profile: comparisons=N errors=N elicitation_cost=X
 * fixed_seed=B experimental=B", which the writer turns back into them.
 * A placeholder profile (every weight 0) loads with a warning: U = 0.
 *
 * Imported parties have `weights_as_written: true` and `clamp_max: 1`
 * (docs/scenario-format.md); issue and option ids are the GENIUS names made
 * lowercase with every character other than a-z0-9 turned into `_`
 * (numeric suffix `_2`, `_3`... if needed), names keep the original text.
 * A party's id is its profile file name without extension, made an id the
 * same way.  Real issues become `real_steps` evenly spaced points.
 *
 * Warts: GENIUS does not decode entities (`&amp;` stays 5 characters);
 * parley decodes them as XML does.  Nested `ufun`s with `min`/`max`
 * aggregation and constraint (Railway) profiles are rejected, as are
 * legacy `price` issues (GENIUS 10.4 cannot evaluate them either). */
#ifndef PARLEY_GENIUS_H
#define PARLEY_GENIUS_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default points per real issue: GENIUS discretises real issues into 21
 * steps when it enumerates or samples them. */
#define PL_GENIUS_REAL_STEPS 21u

typedef struct pl_genius_opts {
    /* Points per real issue, 2..PL_MAX_OPTIONS (a real issue with equal
     * bounds has 1).  Default PL_GENIUS_REAL_STEPS. */
    uint32_t real_steps;
} pl_genius_opts;

PL_API pl_genius_opts pl_genius_opts_default(void);

/* Non-fatal findings of a load, in the order found: weights that do not
 * sum to 1, duplicate values collapsed, an invalid discount factor read
 * as 1, a value without an evaluation (worth 0), ...  Each has the file,
 * line and message in a pl_diag.  Zero-initialise; release with
 * pl_warnings_free(). */
typedef struct pl_warnings {
    size_t n;
    pl_diag *items;
} pl_warnings;

/* Release the items of `w` and zero it.  NULL is a no-op. */
PL_API void pl_warnings_free(pl_warnings *w);

/* Load a GENIUS domain file and `n` profile files (one party each, in
 * that order; n >= 1).  opts may be NULL for the defaults; warnings may be
 * NULL.  PL_OK: *out is a new scenario owned by the caller (free with
 * pl_scenario_free()).  Otherwise *out is NULL and `diag` names the file
 * and line of the first problem: PL_EPARSE (not XML even to GENIUS's
 * lenient reader), PL_ESCHEMA (missing or inconsistent element, invalid
 * number, unsupported profile type), PL_ETOOBIG, PL_EIO, PL_EINVAL (bad
 * arguments), PL_ENOMEM.  Since 0.1. */
PL_API pl_status pl_scenario_load_genius(const char *domain_path,
                                         const char *const *profile_paths,
                                         size_t n,
                                         const pl_genius_opts *opts,
                                         pl_scenario **out,
                                         pl_warnings *warnings,
                                         pl_diag *diag);

/* As pl_scenario_load_genius() from memory: texts[0] / lens[0] is the
 * domain, texts[1..n] the profiles; names[0..n] are the file names used
 * for party ids and in messages (any may be NULL: "domain", "party1",
 * ...). */
PL_API pl_status pl_scenario_load_genius_text(const char *const *texts,
                                              const size_t *lens,
                                              const char *const *names,
                                              size_t n,
                                              const pl_genius_opts *opts,
                                              pl_scenario **out,
                                              pl_warnings *warnings,
                                              pl_diag *diag);

typedef enum pl_genius_kind {
    PL_GENIUS_OTHER = 0,   /* not a GENIUS domain or profile */
    PL_GENIUS_DOMAIN = 1,  /* root <negotiation_template> */
    PL_GENIUS_PROFILE = 2  /* root <utility_space> */
} pl_genius_kind;

/* What a file is, from its root element (read with the lenient reader).
 * Unreadable or unparseable files are PL_GENIUS_OTHER. */
PL_API pl_genius_kind pl_genius_file_kind(const char *path);

/* A folder holding one GENIUS domain and its profiles: the domain's path
 * and the profiles' paths in file-name order (other files, such as the
 * ANAC 2014 pareto.xml sidecars, are skipped).  PL_OK: caller owns
 * *domain and *profiles (free each path and the array with pl_free()).
 * PL_ESCHEMA with a message listing the candidates when the folder has no
 * domain, several domains, or no profile; PL_EIO if it cannot be read. */
PL_API pl_status pl_genius_find_folder(const char *dir, char **domain,
                                       char ***profiles, size_t *n,
                                       pl_diag *diag);

/* Write `s` as GENIUS 10.4 XML: one domain file and one profile per party
 * (every party must have a utility).  files->name[0] is
 * "<scenario id>_domain.xml", then "<party id>.xml" per party, so that
 * reading them back gives the same party ids.  Loading the result gives
 * the same utility for every outcome (to about 1e-15).
 * PL_EINVAL (with a message naming the party and issue) for what GENIUS
 * cannot express: red lines, a party without a utility, interactions
 * unless the party is a pure hyper-rectangle one over integer issues,
 * utilities that can exceed 1 without `clamp_max: 1`, integer issues with
 * a step other than 1, and integer or real value tables that are not a
 * clamped linear, constant or triangular function.  Caller owns the
 * result; free with pl_genius_files_free().  Since 0.1. */
typedef struct pl_genius_files {
    size_t n;
    char **name;   /* file names, no directory */
    char **text;   /* NUL-terminated XML */
    size_t *len;
} pl_genius_files;

PL_API pl_status pl_scenario_write_genius(const pl_scenario *s,
                                          pl_genius_files *files,
                                          pl_diag *diag);

/* Release what pl_scenario_write_genius() filled in; zero `f`. */
PL_API void pl_genius_files_free(pl_genius_files *f);

#ifdef __cplusplus
}
#endif
#endif
