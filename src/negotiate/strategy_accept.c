/* The acceptance part: acceptance conditions after T. Baarslag,
 * K. Hindriks and C. Jonker, "Acceptance conditions in automated
 * negotiation", ACAN 2011 (Studies in Computational Intelligence 435,
 * 2013).  AC_next(a, b): accept if a * u(next own bid) + b <= u(offer).
 * AC_const(c): u(offer) >= c.  AC_time(T): t >= T.  AC_combi(T, MAX^W):
 * AC_next, or t >= T and the offer is at least as good as the best offer
 * received in the window W = [t - (1 - t), t] (the remaining time mirrored
 * back).  The agent accepts when any chosen condition holds; the session
 * separately refuses anything below the reservation value or across a red
 * line. */
#include <math.h>

#include "negotiate/negotiate_int.h"

static double window_max(const pl_agent *a, double t)
{
    const double from = t - (1 - t);
    double best = -INFINITY;

    for (uint32_t j = 0; j < a->hist_len; j++) {
        const uint32_t x = a->hist_len - 1 - j;
        if (a->hist_t[x] < from)
            break;
        best = a->hist_u[x] > best ? a->hist_u[x] : best;
    }
    return best;
}

bool pl__accept_cond(pl_agent *a, const pl__accept_cfg *c, double u_offer,
                     double u_next)
{
    const double t = pl_agent_time(a);
    const bool next = c->a * u_next + c->b <= u_offer;

    if ((c->mask & PL__AC_NEXT) && next)
        return true;
    if ((c->mask & PL__AC_CONST) && u_offer >= c->c)
        return true;
    if ((c->mask & PL__AC_TIME) && t >= c->T)
        return true;
    if (c->mask & PL__AC_COMBI) {
        if (next)
            return true;
        if (t >= c->T && u_offer >= window_max(a, t))
            return true;
    }
    return false;
}
