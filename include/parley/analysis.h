/* parley: exact analysis of a scenario (DESIGN.md section 7).
 *
 * Zone of agreement, the whole-space Pareto frontier (any number of
 * parties, with tie counts), Nash, Kalai-Smorodinsky, egalitarian and
 * maximum-welfare packages, each party's range, and the explanations a
 * mediator reads: what each party gives and gets in a package, and the
 * value-creating trades (logrolls) between parties.
 *
 * Parties in the analysis: every negotiator or mediator with a utility, in
 * scenario order.  Arrays indexed by "analysis party" j have n_parties
 * entries; party[j] maps j back to the scenario's party index. */
#ifndef PARLEY_ANALYSIS_H
#define PARLEY_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_analysis_opts {
    /* Frontier points to keep in `points` (counts are never limited);
     * 0 keeps them all.  Default 0. */
    uint64_t top;
    /* Worker threads for enumeration; 0 = all cores.  Results are
     * identical for every value.  Default 0. */
    unsigned threads;
    /* Refuse (PL_ETOOBIG) spaces with more outcomes than this.
     * Default 2e9. */
    double max_outcomes;
    /* How to compute (DESIGN.md section 7; every method gives identical
     * answers where it applies).  PL_METHOD_AUTO (default): enumeration up
     * to max_outcomes (today's behaviour), above it the issue-by-issue
     * merge when it applies (2-6 purely additive parties), else
     * PL_ETOOBIG.  PL_METHOD_ENUMERATE / PL_METHOD_MERGE force one
     * (PL_EINVAL with a reason if the merge does not apply); PL_METHOD_BNB
     * forces branch and bound over the outcome tree (any scenario; auto
     * picks it above max_outcomes when the merge does not apply).
     * pl_analysis.method says which was used and why.  Since 0.2. */
    int method;
    /* Node budget of each branch-and-bound search (method bnb); 0 = the
     * default (5e7).  Nodes, not seconds, so results are reproducible; a
     * search that runs out reports certified bounds in `method`.  Since
     * 0.2. */
    uint64_t max_nodes;
} pl_analysis_opts;

/* Values of pl_analysis_opts.method. */
enum pl_analysis_method {
    PL_METHOD_AUTO = 0,
    PL_METHOD_ENUMERATE = 1,
    PL_METHOD_MERGE = 2,
    PL_METHOD_BNB = 3
};

PL_API pl_analysis_opts pl_analysis_opts_default(void);

/* One outcome with its utilities.  `outcome` has issue_count entries and
 * `utility` n_parties entries (analysis-party order).  `index` is valid
 * when has_index is true, i.e. when the space has at most 2^64 - 1
 * outcomes; larger spaces identify a package by `outcome` alone (the JSON
 * report writes "index" only up to 2^53 outcomes, DESIGN.md section 7).
 * has_index since 0.2. */
typedef struct pl_package {
    uint64_t index;     /* dense outcome index, if has_index */
    bool has_index;
    uint32_t *outcome;  /* option index per issue */
    double *utility;    /* per analysis party */
    double value;       /* the concept's objective (Nash product, ...) */
    bool in_zone;       /* inside the zone of agreement */
} pl_package;

typedef enum pl_concept {
    PL_NASH = 0,              /* max prod (u_p - r_p), u_p > r_p, no red line */
    PL_KALAI_SMORODINSKY = 1, /* max min (u_p - r_p)/(best_p - r_p) over Z */
    PL_EGALITARIAN = 2,       /* max min (u_p - r_p) over Z */
    PL_MAX_WELFARE = 3,       /* max sum u_p over Z */
    PL_CONCEPT_COUNT = 4
} pl_concept;

/* One value-creating trade: party a cares relatively more about issue
 * `issue_a` and party b about `issue_b`, and on both issues they want
 * different options.  Conceding issue_b to b in return for issue_a gains
 * `gain_a` for a and `gain_b` for b (utility points, from the package the
 * trade is measured against); both are positive for a real logroll. */
typedef struct pl_logroll {
    uint32_t party_a, party_b;   /* analysis-party indices */
    uint32_t issue_a, issue_b;   /* issue a gets its way on / b gets */
    double weight_a_on_a, weight_a_on_b; /* a's normalised weights */
    double weight_b_on_a, weight_b_on_b; /* b's normalised weights */
    double gain_a, gain_b;       /* each side's net gain from the trade */
} pl_logroll;

/* Give-and-get of one analysis party in one package, per issue:
 * `share[i]` = v_i(chosen) relative to its best option on that issue,
 * in [0,1] (1 = gets its preferred option); `weight[i]` its weight. */
typedef struct pl_give_get {
    double *share;       /* issue_count */
    double gets;         /* sum of weight over issues where it gets its best */
    double gives;        /* sum of weight*(1-share) over other issues */
} pl_give_get;

/* A labelled estimate of |Z| when it could not be counted exactly
 * (pl_analysis.zone_count_unknown), made with certified bounds
 * (pl_analysis.zone_bounded: zone_min <= |Z| <= zone_max, the outcomes
 * whose zone membership the counting pass settled, plus those it left
 * undecided): `samples` outcomes drawn uniformly from the undecided ones
 * with a pl_rng seeded by `seed`, each evaluated exactly; `count` =
 * zone_min + undecided * hits / samples and ci95 its 95% Wilson score
 * interval (both within the bounds).  Deterministic: the same for every
 * thread count.  Since 0.2. */
typedef struct pl_zone_estimate {
    bool valid;        /* an estimate is present */
    double count;      /* point estimate of |Z| */
    double ci95[2];    /* 95% confidence interval of |Z| */
    uint64_t samples;  /* outcomes sampled (0: the bounds alone) */
    uint64_t hits;     /* of those, in the zone */
    uint64_t seed;
    char method[64];   /* e.g. "monte-carlo" */
} pl_zone_estimate;

typedef struct pl_analysis {
    size_t n_parties;     /* parties in the analysis */
    uint32_t *party;      /* scenario party index of each */
    double *reservation;  /* r_p */
    double *umin, *umax;  /* min and max utility over the whole space */
    double *zone_best;    /* best u_p within Z (NaN if Z is empty) */
    /* Counts of outcomes are exact 256-bit integers (count.h; since 0.2:
     * spaces of up to 2^256 - 1 outcomes).  Counts of distinct utility
     * vectors stay 64-bit: every vector is held in memory. */
    pl_count n_outcomes;  /* size of the space */
    pl_count zone_count;  /* |Z| */
    /* Pareto frontier of the whole space (DESIGN.md section 7). */
    pl_count pareto_count;
    uint64_t pareto_vectors;
    pl_count pareto_zone_count;
    uint64_t pareto_zone_vectors;
    size_t n_points;      /* points kept (<= pareto_count; see opts.top) */
    pl_package *points;   /* sorted by welfare desc, then index asc
                             (lexicographic outcome order) */
    /* Solution concepts; found[c] false means null (no admissible
     * outcome).  Ties go to the lowest outcome index. */
    bool found[PL_CONCEPT_COUNT];
    pl_package concept[PL_CONCEPT_COUNT];
    /* Parties (analysis indices) for whom no outcome outside their red
     * lines reaches their reservation value. */
    size_t n_hopeless;
    uint32_t *hopeless;
    /* Give-and-get in the Nash package, per analysis party (NULL if no
     * Nash package). */
    pl_give_get *nash_give_get;
    /* Value-creating trades, strongest first. */
    size_t n_logrolls;
    pl_logroll *logrolls;
    /* How the answers were computed and why, for the reports
     * ("enumeration of 2916 outcomes").  It never depends on the thread
     * count, so reports stay byte-identical for any --threads; the
     * threads used are in `threads` (since 0.3; 1 for the single-threaded
     * methods). */
    char method[512];
    unsigned threads;
    /* True when zone_count could not be computed exactly (huge spaces
     * analysed without enumeration); zone_count is then 0 and means
     * nothing ("count": null in JSON).  Since 0.2. */
    bool zone_count_unknown;
    /* 0 when the frontier is exact.  Otherwise (n-party merge over its
     * point budget) `points` is an additive epsilon-Pareto set: every
     * outcome o has a point k with u_p(k) >= u_p(o) - pareto_epsilon for
     * every party p; the pareto counts are then unknown (0 here, null in
     * JSON) except pareto_vectors, which is the size of the epsilon set,
     * and the concepts are the best over its points, each with a
     * certified gap[c] (below; 0: the point found is optimal).
     * Since 0.3. */
    double pareto_epsilon;
    /* Method bnb, when a search ran out of its node budget, and the
     * n-party merge's epsilon-Pareto sets (all zero otherwise; the merge
     * sets zone_bounded, zone_min and zone_max with its zone estimate).
     * gap[c] > 0: the optimum of concept c is at most
     * concept[c].value + gap[c] (the package is the best found).
     * zone_bounded: |Z| is within [zone_min, zone_max] (zone_count_unknown
     * is then true).  pareto_incomplete: the frontier search stopped; its
     * counts and points are those found so far.  Since 0.2. */
    double gap[PL_CONCEPT_COUNT];
    bool zone_bounded;
    pl_count zone_min, zone_max;
    bool pareto_incomplete;
    /* When zone_count_unknown: a labelled estimate (valid may be false
     * if the method gave none).  Since 0.2. */
    pl_zone_estimate zone_estimate;
    /* Method bnb, when a range search ran out of its node budget: the
     * certified bounds umin_bound[j] <= true minimum <= umin[j] and
     * umax[j] <= true maximum <= umax_bound[j] (equal where the search
     * finished); NULL when every range is exact.  Since 0.4. */
    double *umin_bound, *umax_bound;
} pl_analysis;

/* Analyse `s`.  PL_OK: *out is a new result; free with
 * pl_analysis_free().  PL_ETOOBIG if the space exceeds opts->max_outcomes
 * and no other method applies, or has 2^256 outcomes or more;
 * PL_EINVAL if fewer than one party has a utility.  opts may be NULL for
 * the defaults. */
PL_API pl_status pl_analyze(const pl_scenario *s, const pl_analysis_opts *opts,
                            pl_analysis **out, pl_diag *diag);

/* Release `a`.  NULL is a no-op. */
PL_API void pl_analysis_free(pl_analysis *a);

/* Short names used in JSON: "nash", "kalai_smorodinsky", "egalitarian",
 * "max_welfare". */
PL_API const char *pl_concept_key(pl_concept c);

#ifdef __cplusplus
}
#endif
#endif
