/* The field-by-field comparison of two exact analyses of one scenario,
 * shared by the merge, bnb and gridjoint tests: every method must give
 * the enumeration's answers bit for bit (DESIGN.md section 7); and by
 * analysis_test, where the enumeration with other plans and thread counts
 * must give its own.  Include after pl_test.h. */
#ifndef PARLEY_TEST_SAME_ANALYSIS_H
#define PARLEY_TEST_SAME_ANALYSIS_H

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "parley/analysis.h"
#include "parley/scenario.h"

static bool same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* b (a method other than enumeration) against a (the enumeration):
 * every field that must be identical, bit for bit; 1 if any differs.
 * A zone count b could not compute is not compared. */
static int same_analysis(const pl_scenario *s, const pl_analysis *a,
                         const pl_analysis *b)
{
    const int before = pl_test_failures;
    const size_t ni = pl_scenario_issue_count(s);

    PL_CHECK_INT(a->n_parties, b->n_parties);
    PL_CHECK_COUNT_EQ(a->n_outcomes, b->n_outcomes);
    PL_CHECK(!a->zone_count_unknown);
    if (!b->zone_count_unknown)
        PL_CHECK_COUNT_EQ(a->zone_count, b->zone_count);
    PL_CHECK_COUNT_EQ(a->pareto_count, b->pareto_count);
    PL_CHECK_INT(a->pareto_vectors, b->pareto_vectors);
    PL_CHECK_COUNT_EQ(a->pareto_zone_count, b->pareto_zone_count);
    PL_CHECK_INT(a->pareto_zone_vectors, b->pareto_zone_vectors);
    PL_CHECK_INT(a->n_hopeless, b->n_hopeless);
    for (size_t j = 0; j < a->n_hopeless && j < b->n_hopeless; j++)
        PL_CHECK_INT(a->hopeless[j], b->hopeless[j]);
    for (size_t j = 0; j < a->n_parties && j < b->n_parties; j++) {
        PL_CHECK_INT(a->party[j], b->party[j]);
        PL_CHECK(a->reservation[j] == b->reservation[j]);
        PL_CHECK(a->umin[j] == b->umin[j] && a->umax[j] == b->umax[j]);
        PL_CHECK(same_double(a->zone_best[j], b->zone_best[j]));
    }
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        PL_CHECK_INT(a->found[c], b->found[c]);
        if (a->found[c] && b->found[c]) {
            PL_CHECK_INT(a->concept[c].index, b->concept[c].index);
            PL_CHECK_INT(a->concept[c].has_index, b->concept[c].has_index);
            PL_CHECK(a->concept[c].value == b->concept[c].value);
            PL_CHECK_INT(a->concept[c].in_zone, b->concept[c].in_zone);
            for (size_t j = 0; j < a->n_parties && j < b->n_parties; j++)
                PL_CHECK(a->concept[c].utility[j] ==
                         b->concept[c].utility[j]);
        }
    }
    PL_CHECK_INT(a->n_points, b->n_points);
    for (size_t k = 0; k < a->n_points && k < b->n_points; k++) {
        PL_CHECK_INT(a->points[k].index, b->points[k].index);
        PL_CHECK_INT(a->points[k].has_index, b->points[k].has_index);
        PL_CHECK_INT(a->points[k].in_zone, b->points[k].in_zone);
        PL_CHECK(a->points[k].value == b->points[k].value);
        for (size_t i = 0; i < ni; i++)
            PL_CHECK_INT(a->points[k].outcome[i], b->points[k].outcome[i]);
        for (size_t j = 0; j < a->n_parties; j++)
            PL_CHECK(a->points[k].utility[j] == b->points[k].utility[j]);
    }
    PL_CHECK_INT(a->nash_give_get != NULL, b->nash_give_get != NULL);
    if (a->nash_give_get && b->nash_give_get)
        for (size_t j = 0; j < a->n_parties; j++) {
            PL_CHECK(a->nash_give_get[j].gets == b->nash_give_get[j].gets);
            PL_CHECK(a->nash_give_get[j].gives == b->nash_give_get[j].gives);
        }
    PL_CHECK_INT(a->n_logrolls, b->n_logrolls);
    for (size_t k = 0; k < a->n_logrolls && k < b->n_logrolls; k++)
        PL_CHECK(memcmp(&a->logrolls[k], &b->logrolls[k],
                        sizeof a->logrolls[k]) == 0);
    return pl_test_failures != before;
}

#endif
