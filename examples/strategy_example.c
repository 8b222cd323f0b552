/* A complete negotiation strategy in one file: "meet halfway".
 *
 * Bidding: open with the best outcome, then offer the outcome whose
 * utility is closest to halfway between the best offer received so far
 * and the target of a Boulware concession curve, never below that curve
 * by more than `give` (a parameter).  Acceptance: the built-in
 * conditions (here AC_next, chosen with ac=next; leave `accept` NULL).
 * Opponent model: none (model=freq would add one).
 *
 * Build: compiled by CMake as example_strategy.  Run: ./example_strategy */
#include <stdio.h>
#include <string.h>

#include "parley/negotiate.h"
#include "parley/parley.h"

static const pl_param_spec halfway_params[] = {
    {"give", 0.1, 0, 1, "how far below its curve it meets the others"},
};

struct halfway {
    double give;
};

static pl_status halfway_init(pl_agent *a, void *state, const double *param)
{
    struct halfway *h = state;

    (void)a;
    h->give = param[0];
    return PL_OK;
}

static void halfway_propose(pl_agent *a, void *state, uint32_t *out)
{
    const struct halfway *h = state;
    const double curve = pl_agent_time_target(a, 0.2, 0); /* Boulware */
    double target = curve;

    if (pl_agent_received_count(a) > 0) {
        const double half = (pl_agent_received_best(a) + curve) / 2;
        target = half > curve - h->give ? half : curve - h->give;
        target = target < curve ? target : curve;
    }
    pl_agent_closest(a, target, out);
}

static const pl_strategy halfway = {
    .name = "halfway",
    .summary = "meets the best offer received halfway, within `give`",
    .params = halfway_params,
    .n_params = 1,
    .state_size = sizeof(struct halfway),
    .init = halfway_init,
    .propose = halfway_propose,
};

static const char scenario[] =
    "format: parley/1\n"
    "name: Car sale\n"
    "issues:\n"
    "  - {id: price, integer: {min: 10000, max: 20000, step: 500}}\n"
    "  - {id: warranty, options: [none, one_year, three_years]}\n"
    "parties:\n"
    "  - id: buyer\n"
    "    reservation: 0.3\n"
    "    weights: {price: 70, warranty: 30}\n"
    "    values:\n"
    "      price: {linear: {at_min: 1, at_max: 0}}\n"
    "      warranty: {none: 0, one_year: 0.6, three_years: 1}\n"
    "  - id: seller\n"
    "    reservation: 0.3\n"
    "    weights: {price: 80, warranty: 20}\n"
    "    values:\n"
    "      price: {linear: {at_min: 0, at_max: 1}}\n"
    "      warranty: {none: 1, one_year: 0.7, three_years: 0}\n";

int main(void)
{
    pl_scenario *s = NULL;
    pl_session_result *r = NULL;
    pl_session_opts o = pl_session_opts_default();
    pl_diag d;

    memset(&d, 0, sizeof d);
    if (pl_scenario_load_text(scenario, sizeof scenario - 1, NULL,
                              PL_FORMAT_YAML, &s, &d) != PL_OK) {
        fprintf(stderr, "%s\n", d.message);
        return 1;
    }
    o.custom[0] = &halfway; /* the buyer uses our strategy */
    o.strategy[0] = "halfway:give=0.15,ac=next";
    o.strategy[1] = "boulware";
    o.rounds = 100;
    o.seed = 1;
    if (pl_session_run(s, &o, &r, &d) != PL_OK) {
        fprintf(stderr, "%s\n", d.message);
        pl_scenario_free(s);
        return 1;
    }
    if (r->agreement)
        printf("agreement in round %u: price %s, warranty %s; buyer %.3f, "
               "seller %.3f\n",
               r->rounds, pl_scenario_option_id(s, 0, r->outcome[0]),
               pl_scenario_option_id(s, 1, r->outcome[1]), r->utility[0],
               r->utility[1]);
    else
        printf("no agreement after %u rounds\n", r->rounds);
    pl_session_result_free(r);
    pl_scenario_free(s);
    return 0;
}
