/* The parley.analysis/1 JSON report (DESIGN.md section 7).
 *
 * Builds the document as a tree with the one structured-output writer
 * (src/io/emit.h), which keeps keys in insertion order and writes numbers
 * as the shortest decimal that reads back exactly, then writes it in one
 * piece.  The document is a pure function of the scenario and the
 * analysis: nothing in it depends on thread count or timing, so equal
 * inputs give byte-identical output.
 *
 * Keys beyond the schema's (all additive; the specified ones keep their
 * meaning): "zone.best" (each party's best utility inside the zone, null
 * when the zone is empty), "in_zone" on each frontier point, and
 * "hopeless" (ids of parties that no outcome outside their red lines
 * satisfies), "zone.estimate" and "zone.bounds" when the zone count is
 * null (a labelled estimate, a certified bracket).  Counts of outcomes
 * are written as exact integers of any size (pl_count).  Cost:
 * O(points * (issues + parties)). */
#include <stdint.h>
#include <stdio.h>

#include "core/alloc.h"
#include "io/emit.h"
#include "parley/report.h"

/* Outcome indices are written only while they are exact in a double
 * (DESIGN.md section 7); larger spaces identify packages by outcome. */
#define MAX_EXACT_INDEX (UINT64_C(1) << 53)

static bool index_exact(const pl_analysis *a)
{
    uint64_t n;

    return pl_count_to_u64(a->n_outcomes, &n) && n <= MAX_EXACT_INDEX;
}

static const char *party_id(const pl_scenario *s, const pl_analysis *a,
                            size_t j)
{
    return pl_scenario_party_id(s, a->party[j]);
}

/* {issue: option, ...}: option ids for categorical issues, numbers for
 * integer and real ones. */
static void put_outcome(pl__out *o, pl__node *parent, const pl_scenario *s,
                        const uint32_t *outcome)
{
    pl__node *m = pl__out_map(o, parent, "outcome");
    const size_t n_issues = pl_scenario_issue_count(s);

    for (size_t i = 0; i < n_issues; i++) {
        const char *issue = pl_scenario_issue_id(s, i);
        switch (pl_scenario_issue_kind(s, i)) {
        case PL_ISSUE_CATEGORICAL:
            pl__out_str(o, m, issue, pl_scenario_option_id(s, i, outcome[i]));
            break;
        case PL_ISSUE_INTEGER:
        case PL_ISSUE_REAL:
            pl__out_num(o, m, issue,
                        pl_scenario_option_value(s, i, outcome[i]));
            break;
        }
    }
}

static void put_utilities(pl__out *o, pl__node *parent, const pl_scenario *s,
                          const pl_analysis *a, const double *u)
{
    pl__node *m = pl__out_map(o, parent, "utilities");

    for (size_t j = 0; j < a->n_parties; j++)
        pl__out_num(o, m, party_id(s, a, j), u[j]);
}

/* The fields every package has: index (if exact), outcome, utilities. */
static void put_package(pl__out *o, pl__node *m, const pl_scenario *s,
                        const pl_analysis *a, const pl_package *pk)
{
    if (pk->has_index && index_exact(a))
        pl__out_uint(o, m, "index", pk->index);
    put_outcome(o, m, s, pk->outcome);
    put_utilities(o, m, s, a, pk->utility);
}

static void put_scenario(pl__out *o, pl__node *root, const pl_scenario *s,
                         const pl_analysis *a)
{
    pl__node *m = pl__out_map(o, root, "scenario");
    pl__node *issues, *parties;
    const size_t n_issues = pl_scenario_issue_count(s);

    pl__out_str(o, m, "name", pl_scenario_name(s));
    pl__out_count(o, m, "outcomes", a->n_outcomes);
    issues = pl__out_seq(o, m, "issues");
    for (size_t i = 0; i < n_issues; i++)
        pl__out_str(o, issues, NULL, pl_scenario_issue_id(s, i));
    parties = pl__out_seq(o, m, "parties");
    for (size_t j = 0; j < a->n_parties; j++)
        pl__out_str(o, parties, NULL, party_id(s, a, j));
}

static void put_parties(pl__out *o, pl__node *root, const pl_scenario *s,
                        const pl_analysis *a)
{
    pl__node *m = pl__out_map(o, root, "parties");

    for (size_t j = 0; j < a->n_parties; j++) {
        pl__node *p = pl__out_map(o, m, party_id(s, a, j));
        pl__out_num(o, p, "reservation", a->reservation[j]);
        pl__out_num(o, p, "min", a->umin[j]);
        pl__out_num(o, p, "max", a->umax[j]);
        if (a->umin_bound && a->umax_bound) { /* a search was cut */
            pl__node *b = pl__out_map(o, p, "bounds");
            pl__node *lo = pl__out_seq(o, b, "min");
            pl__node *hi = pl__out_seq(o, b, "max");
            pl__out_num(o, lo, NULL, a->umin_bound[j]);
            pl__out_num(o, lo, NULL, a->umin[j]);
            pl__out_num(o, hi, NULL, a->umax[j]);
            pl__out_num(o, hi, NULL, a->umax_bound[j]);
        }
    }
}

static void put_zone(pl__out *o, pl__node *root, const pl_scenario *s,
                     const pl_analysis *a)
{
    pl__node *m = pl__out_map(o, root, "zone");

    if (a->zone_count_unknown) { /* too large to count exactly */
        const pl_zone_estimate *e = &a->zone_estimate;
        pl__out_null(o, m, "count");
        if (e->valid) {
            pl__node *x = pl__out_map(o, m, "estimate"), *q;
            pl__out_num(o, x, "count", e->count);
            q = pl__out_seq(o, x, "ci95");
            pl__out_flow(o, q);
            pl__out_num(o, q, NULL, e->ci95[0]);
            pl__out_num(o, q, NULL, e->ci95[1]);
            pl__out_uint(o, x, "samples", e->samples);
            pl__out_uint(o, x, "hits", e->hits);
            pl__out_uint(o, x, "seed", e->seed);
            pl__out_str(o, x, "method", e->method);
        }
    } else {
        pl__out_count(o, m, "count", a->zone_count);
    }
    if (a->zone_bounded) { /* a certified bracket (bnb, merge) */
        pl__node *b = pl__out_map(o, m, "bounds");
        pl__out_count(o, b, "min", a->zone_min);
        pl__out_count(o, b, "max", a->zone_max);
    }
    if (pl_count_cmp(a->zone_count, pl_count_from_u64(0)) == 0 &&
        !a->zone_count_unknown) {
        pl__out_null(o, m, "best");
    } else {
        pl__node *best = pl__out_map(o, m, "best");
        for (size_t j = 0; j < a->n_parties; j++)
            pl__out_num(o, best, party_id(s, a, j), a->zone_best[j]);
    }
}

static void put_pareto(pl__out *o, pl__node *root, const pl_scenario *s,
                       const pl_analysis *a, size_t top)
{
    pl__node *m = pl__out_map(o, root, "pareto");
    pl__node *points;
    size_t n = a->n_points;

    if (top > 0 && top < n)
        n = top;
    if (a->pareto_epsilon > 0) { /* epsilon-Pareto set (docs/cli.md) */
        pl__node *ap;
        pl__out_null(o, m, "count");
        pl__out_null(o, m, "vectors");
        pl__out_null(o, m, "zone_count");
        pl__out_null(o, m, "zone_vectors");
        ap = pl__out_map(o, m, "approximate");
        pl__out_num(o, ap, "epsilon", a->pareto_epsilon);
        pl__out_uint(o, ap, "points", a->pareto_vectors);
    } else {
        pl__out_count(o, m, "count", a->pareto_count);
        pl__out_uint(o, m, "vectors", a->pareto_vectors);
        pl__out_count(o, m, "zone_count", a->pareto_zone_count);
        pl__out_uint(o, m, "zone_vectors", a->pareto_zone_vectors);
    }
    if (a->pareto_incomplete) /* bnb out of budget: what was found */
        pl__out_bool(o, m, "complete", false);
    points = pl__out_seq(o, m, "points");
    for (size_t k = 0; k < n; k++) {
        pl__node *p = pl__out_map(o, points, NULL);
        put_package(o, p, s, a, &a->points[k]);
        pl__out_bool(o, p, "in_zone", a->points[k].in_zone);
    }
}

static void put_concepts(pl__out *o, pl__node *root, const pl_scenario *s,
                         const pl_analysis *a)
{
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        const char *key = pl_concept_key((pl_concept)c);
        pl__node *m;

        if (!a->found[c]) {
            pl__out_null(o, root, key);
            continue;
        }
        m = pl__out_map(o, root, key);
        put_package(o, m, s, a, &a->concept[c]);
        pl__out_num(o, m, "value", a->concept[c].value);
        if (a->gap[c] > 0) /* bnb out of budget: optimum <= value + gap */
            pl__out_num(o, m, "gap", a->gap[c]);
    }
}

static void put_hopeless(pl__out *o, pl__node *root, const pl_scenario *s,
                         const pl_analysis *a)
{
    pl__node *seq = pl__out_seq(o, root, "hopeless");

    for (size_t k = 0; k < a->n_hopeless; k++)
        pl__out_str(o, seq, NULL, party_id(s, a, a->hopeless[k]));
}

pl_status pl_report_json(const pl_scenario *s, const pl_analysis *a,
                         const pl_report_opts *opts, FILE *f)
{
    /* JSON lists every kept point unless told otherwise (report.h). */
    const size_t top = opts ? opts->top : 0;
    pl__node *root = NULL;
    pl__out *o;
    char *text = NULL;
    size_t len = 0;
    pl_status st;

    if (!s || !a || !f)
        return PL_EINVAL;
    o = pl__out_new(&root);
    if (!o)
        return PL_ENOMEM;
    pl__out_str(o, root, "schema", "parley.analysis/1");
    put_scenario(o, root, s, a);
    put_parties(o, root, s, a);
    put_zone(o, root, s, a);
    put_pareto(o, root, s, a, top);
    put_concepts(o, root, s, a);
    put_hopeless(o, root, s, a);
    st = pl__out_emit(o, PL_FORMAT_JSON, &text, &len);
    pl__out_free(o);
    if (st != PL_OK)
        return st;
    if (fwrite(text, 1, len, f) != len || fflush(f) != 0)
        st = PL_EIO;
    pl__free(text);
    return st;
}
