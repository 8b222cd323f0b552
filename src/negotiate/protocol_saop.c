/* Alternating offers (Rubinstein 1982) and the stacked alternating offers
 * protocol of GENIUS (R. Aydogan, D. Festen, K. Hindriks and C. Jonker,
 * "Alternating offers protocols for multilateral negotiation", Modern
 * Approaches to Agent-based Complex Automated Negotiation, 2017).
 *
 * Parties move in scenario order.  The first has no offer to answer and
 * opens.  Then each party in turn either accepts the standing offer,
 * replaces it with a counter-offer, or ends the negotiation (it does so
 * when no outcome reaches its reservation value outside its red lines:
 * no deal can help it).  The standing offer becomes the agreement once every
 * other party has accepted it in sequence.  A round is one turn of every party.
 * Every offer is seen by every party (AO and SAOP are broadcast
 * protocols; the session refuses them when the talks forbid a pair). */
#include <string.h>

#include "negotiate/negotiate_int.h"

pl_status pl__protocol_saop(pl__session *x)
{
    const size_t n = x->n_agents;
    const uint64_t all = pl__session_all_mask(x);
    uint32_t next[PL_MAX_ISSUES];
    size_t accepts = 0;
    bool standing = false;

    for (uint32_t round = 1; pl__session_tick(x, round); round++) {
        for (size_t i = 0; i < n; i++) {
            pl_agent *a = &x->agents[i];
            const long me = (long)a->party;

            if (!standing) {
                a->hopeless = !pl__agent_propose(a, x->final);
            } else if (pl__agent_accept(a, x->final, next)) {
                pl__session_emit(x, PL_EV_ACCEPT, me, -1, x->final, all, NULL);
                if (++accepts == n - 1) {
                    x->agreement = true;
                    x->end = PL_END_AGREEMENT;
                    pl__session_emit(x, PL_EV_AGREEMENT, -1, -1, x->final, all,
                                     NULL);
                    return PL_OK;
                }
                continue;
            } else {
                memcpy(x->final, next, x->n_issues * sizeof *next);
            }
            if (a->hopeless) {
                x->end = PL_END_WALKAWAY;
                x->ended_by = me;
                pl__session_emit(x, PL_EV_END, me, -1, NULL, all,
                                 "no outcome it can accept");
                pl__session_emit(x, PL_EV_NO_AGREEMENT, -1, -1, NULL, all,
                                 "walk-away");
                return PL_OK;
            }
            x->ev_approx = a->approx;
            pl__session_emit(x, PL_EV_OFFER, me, -1, x->final, all,
                             standing ? "counter-offer" : NULL);
            standing = true;
            x->has_final = true;
            accepts = 0;
            for (size_t j = 0; j < n; j++)
                if (j != i)
                    pl__agent_receive(&x->agents[j], a->party, x->final);
        }
    }
    pl__session_emit(x, PL_EV_NO_AGREEMENT, -1, -1, NULL, all, "deadline");
    return PL_OK;
}
