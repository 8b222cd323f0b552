/* Time-dependent bidding (P. Faratin, C. Sierra and N. R. Jennings,
 * "Negotiation decision functions for autonomous agents", Robotics and
 * Autonomous Systems 24(3-4), 1998): the target utility falls from the
 * best outcome to max(reservation, worst) as
 *     target(t) = pmin + (pmax - pmin) * (1 - f(t)),
 *     f(t) = k + (1 - k) * t^(1/e),
 * e < 1 Boulware (holds firm, concedes late), e = 1 linear, e > 1 Conceder
 * (concedes early); each round the agent offers the outcome whose utility
 * is closest to the target.  Also the hardliner (always its best outcome)
 * and the random bidder (an outcome closest to a uniformly drawn target
 * between pmin and pmax). */
#include <math.h>

#include "negotiate/strategy.h"

static const pl_param_spec p_boulware[] = {
    {"e", 0.2, 1e-3, 1e3, "concession exponent (< 1 Boulware)"},
    {"k", 0, 0, 1, "initial concession share f(0)"},
};
static const pl_param_spec p_linear[] = {
    {"e", 1, 1e-3, 1e3, "concession exponent (1 linear)"},
    {"k", 0, 0, 1, "initial concession share f(0)"},
};
static const pl_param_spec p_conceder[] = {
    {"e", 2, 1e-3, 1e3, "concession exponent (> 1 Conceder)"},
    {"k", 0, 0, 1, "initial concession share f(0)"},
};

struct td_state {
    double e, k;
};

static pl_status td_init(pl_agent *a, void *state, const double *param)
{
    struct td_state *st = state;

    st->e = param[0];
    st->k = param[1];
    return PL_OK;
}

static void td_propose(pl_agent *a, void *state, uint32_t *out)
{
    const struct td_state *st = state;

    pl_agent_closest(a, pl_agent_time_target(a, st->e, st->k), out);
}

const pl_strategy pl__strategy_boulware = {
    .name = "boulware",
    .summary = "time-dependent, e=0.2: holds firm, concedes near the end",
    .params = p_boulware,
    .n_params = 2,
    .state_size = sizeof(struct td_state),
    .init = td_init,
    .propose = td_propose,
};

const pl_strategy pl__strategy_linear = {
    .name = "linear",
    .summary = "time-dependent, e=1: concedes at a constant rate",
    .params = p_linear,
    .n_params = 2,
    .state_size = sizeof(struct td_state),
    .init = td_init,
    .propose = td_propose,
};

const pl_strategy pl__strategy_conceder = {
    .name = "conceder",
    .summary = "time-dependent, e=2: concedes early",
    .params = p_conceder,
    .n_params = 2,
    .state_size = sizeof(struct td_state),
    .init = td_init,
    .propose = td_propose,
};

const pl_strategy pl__strategy_timedep = {
    .name = "timedep",
    .summary = "time-dependent with your own exponent: timedep:e=0.5",
    .params = p_linear,
    .n_params = 2,
    .state_size = sizeof(struct td_state),
    .init = td_init,
    .propose = td_propose,
};

static void hard_propose(pl_agent *a, void *state, uint32_t *out)
{
    pl_agent_closest(a, pl_agent_best_utility(a), out);
}

const pl_strategy pl__strategy_hardliner = {
    .name = "hardliner",
    .summary = "always offers its best outcome; accepts only that good",
    .propose = hard_propose,
};

static void random_propose(pl_agent *a, void *state, uint32_t *out)
{
    const double pmax = pl_agent_best_utility(a);
    const double pmin = pl_agent_time_target(a, 1, 1);
    const double u = pl_rng_uniform(pl_agent_rng(a));

    pl_agent_closest(a, pmin + (pmax - pmin) * u, out);
}

const pl_strategy pl__strategy_random = {
    .name = "random",
    .summary = "offers an outcome near a random target above its "
               "reservation",
    .propose = random_propose,
};
