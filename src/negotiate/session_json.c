/* parley.session/1: a session result as JSON through the one structured
 * writer (io/emit.h).  Keys of DESIGN.md section 6 first (schema,
 * parties, protocol, rounds, agreement, distance_to_pareto,
 * distance_to_nash), then extras: scenario, mediator, deadline, end,
 * ended_by, utilities (discounted and undiscounted, also without a deal),
 * welfare (sum of undiscounted utilities), strategies, events, offers and
 * the Nash package. */
#include <math.h>

#include "core/scenario_int.h"
#include "io/emit.h"
#include "negotiate/negotiate_int.h"

static const char *end_name(pl_end_reason e)
{
    switch (e) {
    case PL_END_AGREEMENT:
        return "agreement";
    case PL_END_DEADLINE:
        return "deadline";
    case PL_END_WALKAWAY:
        return "walkaway";
    case PL_END_REFUSED:
        return "refused";
    }
    return "unknown";
}

static void put_outcome(pl__out *o, pl__node *m, const pl_scenario *s,
                        const uint32_t *x)
{
    pl__node *oc = pl__out_map(o, m, "outcome");

    for (uint32_t i = 0; i < s->n_issues; i++) {
        const struct pl__issue *is = &s->issues[i];
        if (is->kind == PL_ISSUE_CATEGORICAL)
            pl__out_str(o, oc, is->id, is->options[x[i]].id);
        else
            pl__out_num(o, oc, is->id, is->options[x[i]].value);
    }
}

static void put_utils(pl__out *o, pl__node *m, const char *key,
                      const pl_scenario *s, const pl_session_result *r,
                      const double *u)
{
    pl__node *um = pl__out_map(o, m, key);

    for (size_t j = 0; j < r->n_parties; j++)
        pl__out_num(o, um, s->parties[r->party[j]].id, u[j]);
}

static void put_party(pl__out *o, pl__node *m, const char *key,
                      const pl_scenario *s, long p)
{
    if (p >= 0 && (size_t)p < s->n_parties)
        pl__out_str(o, m, key, s->parties[p].id);
    else if (p == PL_MEDIATOR_NEUTRAL)
        pl__out_str(o, m, key, "neutral");
    else
        pl__out_null(o, m, key);
}

pl_status pl_session_json(const pl_scenario *s, const pl_session_result *r,
                          char **text, size_t *len)
{
    pl__node *root, *seq, *ag, *st;
    pl__out *o = pl__out_new(&root);
    pl_status rc;

    *text = NULL;
    if (!o)
        return PL_ENOMEM;
    pl__out_str(o, root, "schema", "parley.session/1");
    seq = pl__out_seq(o, root, "parties");
    pl__out_flow(o, seq);
    for (size_t j = 0; j < r->n_parties; j++)
        pl__out_str(o, seq, NULL, s->parties[r->party[j]].id);
    pl__out_str(o, root, "protocol", pl_protocol_name(r->protocol));
    pl__out_uint(o, root, "rounds", r->rounds);
    if (r->agreement) {
        ag = pl__out_map(o, root, "agreement");
        if (r->has_index)
            pl__out_uint(o, ag, "index", r->index);
        put_outcome(o, ag, s, r->outcome);
        put_utils(o, ag, "utilities", s, r, r->utility_undiscounted);
        put_utils(o, ag, "discounted", s, r, r->utility);
        pl__out_num(o, ag, "time", r->agreement_time);
    } else {
        pl__out_null(o, root, "agreement");
    }
    pl__out_num(o, root, "distance_to_pareto", r->distance_to_pareto);
    pl__out_num(o, root, "distance_to_nash", r->distance_to_nash);
    /* extras */
    pl__out_str(o, root, "scenario", pl_scenario_name(s));
    if (r->protocol == PL_PROTOCOL_MEDIATED)
        pl__out_str(o, root, "mediator_kind",
                    pl_mediator_kind_name(r->mediator_kind));
    put_party(o, root, "mediator", s, r->mediator);
    pl__out_uint(o, root, "deadline",
                 r->deadline == UINT32_MAX ? 0 : r->deadline);
    pl__out_str(o, root, "end", end_name(r->end));
    put_party(o, root, "ended_by", s, r->ended_by);
    put_utils(o, root, "utilities", s, r, r->utility);
    put_utils(o, root, "utilities_undiscounted", s, r, r->utility_undiscounted);
    {
        double w = 0;
        for (size_t j = 0; j < r->n_parties; j++)
            w += r->utility_undiscounted[j];
        pl__out_num(o, root, "welfare", w);
    }
    st = pl__out_map(o, root, "strategies");
    for (size_t j = 0; j < r->n_parties; j++)
        if (r->strategy[j])
            pl__out_str(o, st, s->parties[r->party[j]].id, r->strategy[j]);
    /* bid lookups, only where a party's back end is the pool or a lookup
     * was not proven exact (other sessions keep their output) */
    {
        bool any = false;
        for (size_t j = 0; j < r->n_parties; j++)
            any |= r->lookups_approx[j] > 0 ||
                   (r->lookup_method[j] && r->lookup_method[j][0] == 'p');
        if (any) {
            pl__node *bl = pl__out_map(o, root, "bid_lookup");
            for (size_t j = 0; j < r->n_parties; j++) {
                pl__node *pm;
                if (!r->lookup_method[j])
                    continue;
                pm = pl__out_map(o, bl, s->parties[r->party[j]].id);
                pl__out_str(o, pm, "method", r->lookup_method[j]);
                pl__out_uint(o, pm, "lookups", r->lookups[j]);
                pl__out_uint(o, pm, "approximate", r->lookups_approx[j]);
                pl__out_num(o, pm, "max_miss", r->lookup_max_miss[j]);
            }
        }
    }
    pl__out_uint(o, root, "events", r->events);
    pl__out_uint(o, root, "offers", r->offers);
    if (r->has_nash) {
        pl__node *nm = pl__out_map(o, root, "nash");
        uint64_t idx; /* present when the space fits 64 bits */
        if (pl_scenario_outcome_encode(s, r->nash_outcome, &idx))
            pl__out_uint(o, nm, "index", r->nash_index);
        put_outcome(o, nm, s, r->nash_outcome);
        put_utils(o, nm, "utilities", s, r, r->nash_utility);
    } else {
        pl__out_null(o, root, "nash");
    }
    rc = pl__out_emit(o, PL_FORMAT_JSON, text, len);
    pl__out_free(o);
    return rc;
}
