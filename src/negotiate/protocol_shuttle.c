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
 * have a channel to every party (checked by the session).
 *
 * compose=nash: the mediator does not carry a counter-text as it is.  It
 * keeps the last text each party gave it and revises the counter-text
 * issue by issue toward the Nash package: an issue takes another party's
 * last option there when that raises the Nash product of the negotiating
 * parties (fewest parties below their reservation value first, then the
 * product of the gains over reservation), one pass in issue order.  The
 * composed text is a `propose` by the mediator, seen by the mediator
 * alone, then shown to the next party as usual; since its author did not
 * write it, every party (the author included) must accept it.  Only the
 * mediator sees what each party said, so the talks topology holds. */
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "negotiate/negotiate_int.h"

static uint64_t pair_mask(const pl__session *x, long party)
{
    uint64_t m = 1ull << party;

    if (x->mediator >= 0)
        m |= 1ull << x->mediator;
    return m;
}

/* Key of a text for the Nash product: parties below reservation (fewer
 * is better), then the log-product of the gains above it. */
static void nash_key(const pl__session *x, const uint32_t *o, int *below,
                     double *logp)
{
    *below = 0;
    *logp = 0;
    for (size_t a = 0; a < x->n_agents; a++) {
        const pl_agent *g = &x->agents[a];
        const double gain = pl_agent_utility(g, o) - g->reservation;
        if (gain > 0)
            *logp += log(gain);
        else
            ++*below;
    }
}

/* Revise text toward the Nash package with the parties' last texts. */
static bool compose(const pl__session *x, const uint32_t *last, const bool *has,
                    uint32_t *text)
{
    const uint32_t n = x->n_issues;
    int below;
    double logp;
    bool changed = false;

    nash_key(x, text, &below, &logp);
    for (uint32_t i = 0; i < n; i++)
        for (size_t a = 0; a < x->n_agents; a++) {
            const uint32_t keep = text[i];
            int b2;
            double l2;
            if (!has[a] || last[a * n + i] == keep)
                continue;
            text[i] = last[a * n + i];
            nash_key(x, text, &b2, &l2);
            if (b2 < below || (b2 == below && l2 > logp + 1e-12)) {
                below = b2;
                logp = l2;
                changed = true;
            } else {
                text[i] = keep;
            }
        }
    return changed;
}

pl_status pl__protocol_shuttle(pl__session *x)
{
    const pl_scenario *s = x->s;
    const size_t n = x->n_agents;
    const uint64_t all = pl__session_all_mask(x);
    const long med = x->mediator;
    uint32_t next[PL_MAX_ISSUES];
    size_t accepts = 0, need = n - 1;
    bool standing = false;
    uint32_t *last = NULL;
    bool has[PL_MAX_PARTIES] = {false};
    const uint64_t med_mask = med >= 0 ? 1ull << med : 0;

    if (x->compose) {
        last = pl__calloc(n * (size_t)x->n_issues, sizeof *last);
        if (!last)
            return PL_ENOMEM;
    }
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
                    if (++accepts < need)
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
                    pl__free(last);
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
                pl__free(last);
                return PL_OK;
            }
            x->ev_approx = a->approx;
            pl__session_emit(x, PL_EV_OFFER, me, med, x->final, vis,
                             standing ? "counter-offer" : NULL);
            standing = true;
            x->has_final = true;
            accepts = 0;
            need = n - 1;
            if (last) {
                memcpy(last + i * x->n_issues, x->final,
                       x->n_issues * sizeof *last);
                has[i] = true;
                if (compose(x, last, has, x->final)) {
                    pl__session_emit(x, PL_EV_PROPOSE, med, -1, x->final,
                                     med_mask,
                                     "composed toward the Nash package "
                                     "from the parties' texts");
                    need = n; /* nobody wrote it: everyone must accept */
                }
            }
        }
    }
    pl__session_emit(x, PL_EV_NO_AGREEMENT, med, -1, NULL, all, "deadline");
    pl__free(last);
    return PL_OK;
}
