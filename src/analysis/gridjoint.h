/* Exact 2-party analysis of grid-valued non-additive utilities by a joint
 * dynamic programme over the issues (ANAC 2014 hyper-rectangle profiles):
 * counts of outcomes per pair of integer utility classes, then the
 * reference evaluation of the few outcomes whose exact doubles decide
 * something.  Part of `--method bnb` (tried first; see gridjoint.c). */
#ifndef PARLEY_GRIDJOINT_H
#define PARLEY_GRIDJOINT_H

#include "analyze_int.h"

/* Caps of one attempt (0 = the defaults in gridjoint.c); tests shrink
 * them to exercise the refusals. */
struct pl__gj_limits {
    uint64_t max_entries; /* table entries (all depths) */
    uint64_t max_cells;   /* cells of the class-pair histogram */
    uint64_t max_visits;  /* outcomes evaluated one by one */
};

/* Tests: when set, method bnb skips this programme on this thread and
 * runs the tree search (bnb.c). */
extern _Thread_local bool pl__gj_off;

/* Fill `a` (allocated by the driver: party, reservation, n_outcomes set;
 * everything else zero) exactly, identical to the enumeration.  PL_OK
 * with *declined NULL: done, a->method set ("bnb: N outcomes, joint grid
 * DP (...)" plus " (why)").  PL_OK with *declined set (static text): the method does not apply or
 * a cap was reached, `a` untouched.  PL_ENOMEM. */
pl_status pl__analyze_gridjoint(const pl_scenario *s, const pl_analysis_opts *o,
                                const char *why,
                                const struct pl__gj_limits *lim,
                                pl_analysis *a, const char **declined);

#endif
