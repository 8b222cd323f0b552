/* The voters of M. Klein, P. Faratin, H. Sayama and Y. Bar-Yam,
 * "Negotiating complex contracts", Group Decision and Negotiation 12(2),
 * 2003: the hill climber votes for a mediator's proposal only if it is no
 * worse for it than the current text; the annealer also accepts a worse
 * one with probability exp(du / tau), tau = t0 * (1 - t) falling to 0 at
 * the deadline.  As bidders in offer protocols they behave as a
 * hardliner and a linear concession agent. */
#include <math.h>

#include "negotiate/strategy.h"

static void best_propose(pl_agent *a, void *state, uint32_t *out)
{
    pl_agent_closest(a, pl_agent_best_utility(a), out);
}

static bool hill_vote(pl_agent *a, void *state, const uint32_t *cur,
                      const uint32_t *prop)
{
    return pl_agent_utility(a, prop) >= pl_agent_utility(a, cur);
}

const pl_strategy pl__strategy_hillclimber = {
    .name = "hillclimber",
    .summary = "single text: votes yes only for no-worse texts (Klein 2003)",
    .propose = best_propose,
    .vote = hill_vote,
};

static const pl_param_spec p_anneal[] = {
    {"t0", 0.3, 0, 10, "start temperature (utility units)"},
};

struct anneal_state {
    double t0;
};

static pl_status anneal_init(pl_agent *a, void *state, const double *param)
{
    struct anneal_state *st = state;

    st->t0 = param[0];
    return PL_OK;
}

static void linear_propose(pl_agent *a, void *state, uint32_t *out)
{
    pl_agent_closest(a, pl_agent_time_target(a, 1, 0), out);
}

static bool anneal_vote(pl_agent *a, void *state, const uint32_t *cur,
                        const uint32_t *prop)
{
    const struct anneal_state *st = state;
    const double du = pl_agent_utility(a, prop) - pl_agent_utility(a, cur);
    const double tau = st->t0 * (1 - pl_agent_time(a));

    if (du >= 0)
        return true;
    if (tau <= 0)
        return false;
    return pl_rng_uniform(pl_agent_rng(a)) < exp(du / tau);
}

const pl_strategy pl__strategy_annealer = {
    .name = "annealer",
    .summary = "single text: also accepts worse texts with probability "
               "exp(du/T), T falling (Klein 2003)",
    .params = p_anneal,
    .n_params = 1,
    .state_size = sizeof(struct anneal_state),
    .init = anneal_init,
    .propose = linear_propose,
    .vote = anneal_vote,
};
