/* Relative tit-for-tat (the imitative tactic of Faratin, Sierra and
 * Jennings 1998, applied to utilities): the agent concedes the same
 * fraction of its own range that the opponents have conceded of theirs,
 * as seen from its side.  With f = first received offer's utility,
 * l = last received, best = its best utility and pmin = max(reservation,
 * worst):
 *     c = (l - f) / (best - f)   (clamped to [0, 1]; 1 if best <= f)
 *     target = best - (best - pmin) * min(1, k * c)
 * Opens with its best outcome; k > 1 reciprocates more generously. */
#include "negotiate/strategy.h"

static const pl_param_spec p_tft[] = {
    {"k", 1, 0, 10, "reciprocity: own concession = k * theirs"},
};

struct tft_state {
    double k;
};

static pl_status tft_init(pl_agent *a, void *state, const double *param)
{
    struct tft_state *st = state;

    st->k = param[0];
    return PL_OK;
}

static void tft_propose(pl_agent *a, void *state, uint32_t *out)
{
    const struct tft_state *st = state;
    const double best = pl_agent_best_utility(a);
    const double pmin = pl_agent_time_target(a, 1, 1);
    double c = 0;

    if (pl_agent_received_count(a) > 0) {
        const double f = pl_agent_received_first(a);
        const double l = pl_agent_received_last(a);
        c = best > f ? (l - f) / (best - f) : 1;
        c = c < 0 ? 0 : c > 1 ? 1 : c;
    }
    c *= st->k;
    c = c > 1 ? 1 : c;
    pl_agent_closest(a, best - (best - pmin) * c, out);
}

const pl_strategy pl__strategy_tft = {
    .name = "tft",
    .summary = "relative tit-for-tat: concedes as much as it is conceded",
    .params = p_tft,
    .n_params = 1,
    .state_size = sizeof(struct tft_state),
    .init = tft_init,
    .propose = tft_propose,
};
