/* Frequency-model bidding: a time-dependent target (Faratin et al. 1998)
 * and, among outcomes with own utility in [target, target + delta *
 * range], the one the frequency opponent model (strategy_model.c) rates
 * best for the opponents -- the trade-off idea of Faratin, Sierra and
 * Jennings, "Using similarity criteria to make issue trade-offs", AIJ
 * 142(2), 2002, with the model of HardHeaded-style agents.  Until an
 * offer has been received it bids like the plain time-dependent agent. */
#include "negotiate/strategy.h"

static const pl_param_spec p_freq[] = {
    {"e", 0.2, 1e-3, 1e3, "concession exponent"},
    {"k", 0, 0, 1, "initial concession share f(0)"},
    {"delta", 0.05, 0, 1, "band above the target, share of own range"},
};

struct freq_state {
    double e, k, delta;
};

static pl_status freq_init(pl_agent *a, void *state, const double *param)
{
    struct freq_state *st = state;

    st->e = param[0];
    st->k = param[1];
    st->delta = param[2];
    return PL_OK;
}

static void freq_propose(pl_agent *a, void *state, uint32_t *out)
{
    const struct freq_state *st = state;
    const double best = pl_agent_best_utility(a);
    const double range = best - pl_agent_worst_utility(a);
    const double t = pl_agent_time_target(a, st->e, st->k);
    double hi = t + st->delta * range;

    hi = hi > best ? best : hi;
    if (!pl_agent_best_for_opponents(a, t, hi, out))
        pl_agent_closest(a, t, out);
}

const pl_strategy pl__strategy_freq = {
    .name = "freq",
    .summary = "Boulware target; among bids near it, the best for the "
               "frequency-modelled opponents",
    .params = p_freq,
    .n_params = 3,
    .state_size = sizeof(struct freq_state),
    .init = freq_init,
    .propose = freq_propose,
};
