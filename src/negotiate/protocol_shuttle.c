/* Shuttle mediation: the stacked alternating offers protocol with every
 * message carried by a mediator, as in shuttle diplomacy.  The mediator
 * visits the parties in turn; at each visit it shows the standing text
 * (a relay event to that party alone), and the party accepts it or gives
 * the mediator a counter-text, which becomes the standing text.  The
 * text is agreed once every other party has accepted it in sequence and
 * the mediator, if it has interests of its own, signs it.
 *
 * Parties never address each other: each offer, acceptance and relay is
 * visible to its author and the mediator only (the trace lists who saw
 * each event), so parties without a direct channel in the scenario's
 * talks only ever see texts through the mediator.  The mediator must
 * have a channel to every party (checked by the session). */
#include <string.h>

#include "negotiate/negotiate_int.h"

static uint64_t pair_mask(const pl__session *x, long party)
{
    uint64_t m = 1ull << party;

    if (x->mediator >= 0)
        m |= 1ull << x->mediator;
    return m;
}

pl_status pl__protocol_shuttle(pl__session *x)
{
    const pl_scenario *s = x->s;
    const size_t n = x->n_agents;
    const uint64_t all = pl__session_all_mask(x);
    const long med = x->mediator;
    uint32_t next[PL_MAX_ISSUES];
    size_t accepts = 0;
    bool standing = false;

    for (uint32_t round = 1; pl__session_tick(x, round); round++) {
        for (size_t i = 0; i < n; i++) {
            pl_agent *a = &x->agents[i];
            const long me = (long)a->party;
            const uint64_t vis = pair_mask(x, me);

            if (!standing) {
                a->hopeless = !pl__agent_propose(a, x->final);
            } else {
                pl__session_emit(x, PL_EV_RELAY, med, me, x->final, vis, NULL);
                pl__agent_receive(a, med >= 0 ? (size_t)med : a->party,
                                  x->final);
                if (pl__agent_accept(a, x->final, next)) {
                    pl__session_emit(x, PL_EV_ACCEPT, me, med, x->final, vis,
                                     NULL);
                    if (++accepts < n - 1)
                        continue;
                    if (med >= 0 && s &&
                        (pl_scenario_party_has_utility(s, (size_t)med) &&
                         (pl_scenario_utility(s, (size_t)med, x->final) <
                              pl_scenario_party_reservation(s, (size_t)med) ||
                          pl_scenario_crosses_red_line(s, (size_t)med,
                                                       x->final)))) {
                        /* the mediator will not sign: reopen the text */
                        pl__session_emit(x, PL_EV_REFUSE, med, -1, x->final,
                                         all,
                                         "below the mediator's "
                                         "reservation");
                        accepts = 0;
                        standing = false;
                        continue;
                    }
                    x->agreement = true;
                    x->end = PL_END_AGREEMENT;
                    pl__session_emit(x, PL_EV_AGREEMENT, med, -1, x->final, all,
                                     NULL);
                    return PL_OK;
                }
                memcpy(x->final, next, x->n_issues * sizeof *next);
            }
            if (a->hopeless) {
                x->end = PL_END_WALKAWAY;
                x->ended_by = me;
                pl__session_emit(x, PL_EV_END, me, med, NULL, vis,
                                 "no outcome it can accept");
                pl__session_emit(x, PL_EV_NO_AGREEMENT, med, -1, NULL, all,
                                 "walk-away");
                return PL_OK;
            }
            x->ev_approx = a->approx;
            pl__session_emit(x, PL_EV_OFFER, me, med, x->final, vis,
                             standing ? "counter-offer" : NULL);
            standing = true;
            x->has_final = true;
            accepts = 0;
        }
    }
    pl__session_emit(x, PL_EV_NO_AGREEMENT, med, -1, NULL, all, "deadline");
    return PL_OK;
}
