/* Sessions: resolve the protocol, mediator, parties and strategies; run
 * the protocol under the deadline (rounds and/or wall-clock time); turn
 * the end state into a result with discounted and undiscounted
 * utilities (reservation values when there is no deal) and the distances
 * to the Pareto frontier and the Nash package.
 *
 * Time: round r of a D-round deadline is at t = (r - 1) / (D - 1), so the
 * first move is at t = 0 and the last at t = 1; with a wall-clock limit
 * L, t = max(that, elapsed / L) (and without an explicit round deadline
 * only the clock counts).  Discounting multiplies a utility by d^t. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "negotiate/negotiate_int.h"
#include "parley/analysis.h"

static const char *const proto_names[PL_PROTOCOL_COUNT] = {
    "default", "ao", "saop", "mediated", "shuttle"};
static const char *const proto_summaries[PL_PROTOCOL_COUNT] = {
    "the scenario's protocol, else ao (2 parties) or saop",
    "bilateral alternating offers: accept the offer or counter it",
    "stacked alternating offers (GENIUS SAOP) for n parties: accept, "
    "counter or end; a deal once all others accept in turn",
    "mediated single text (Klein et al. 2003): the mediator proposes, "
    "parties vote; kind=nash|random|hill|anneal",
    "shuttle mediation: SAOP with every message through the mediator; "
    "parties never see each other directly; compose=nash: the mediator "
    "revises texts toward the Nash package",
};
static const char *const kind_names[PL_MEDIATOR_KIND_COUNT] = {
    "nash", "random", "hill", "anneal"};

const char *pl_protocol_name(pl_protocol p)
{
    return (unsigned)p < PL_PROTOCOL_COUNT ? proto_names[p] : "unknown";
}

const char *pl_protocol_summary(pl_protocol p)
{
    return (unsigned)p < PL_PROTOCOL_COUNT ? proto_summaries[p] : "";
}

bool pl_protocol_find(const char *name, pl_protocol *out)
{
    for (unsigned p = 1; name && p < PL_PROTOCOL_COUNT; p++) {
        if (strcmp(proto_names[p], name) == 0) {
            *out = (pl_protocol)p;
            return true;
        }
    }
    return false;
}

const char *pl_mediator_kind_name(pl_mediator_kind k)
{
    return (unsigned)k < PL_MEDIATOR_KIND_COUNT ? kind_names[k] : "unknown";
}

pl_session_opts pl_session_opts_default(void)
{
    pl_session_opts o;

    memset(&o, 0, sizeof o);
    o.protocol = PL_PROTOCOL_DEFAULT;
    o.mediator = PL_MEDIATOR_FROM_SCENARIO;
    o.distances = true;
    return o;
}

/* ---- cache ------------------------------------------------------------- */

pl_status pl_session_cache_new(const pl_scenario *s, pl_session_cache **out)
{
    pl_session_cache *c = pl__calloc(1, sizeof *c);

    *out = NULL;
    if (!c)
        return PL_ENOMEM;
    c->s = s;
    *out = c;
    return PL_OK;
}

void pl_session_cache_free(pl_session_cache *c)
{
    if (!c)
        return;
    for (size_t p = 0; p < PL_MAX_PARTIES; p++)
        pl__bidspace_free(c->space[p]);
    pl_analysis_free(c->analysis);
    pl__free(c);
}

static const pl_analysis *cache_analysis(pl_session_cache *c)
{
    if (!c->analysed) {
        pl_analysis_opts ao = pl_analysis_opts_default();
        pl_diag d;
        memset(&d, 0, sizeof d);
        ao.top = 0;
        ao.threads = 1;
        ao.max_outcomes = 5e7;
        /* beyond the enumeration, only the exact merge: branch and bound
         * can take minutes on non-linear 10^10+ spaces (ANAC 2014), where
         * the distances are then left out, as documented */
        if (!(c->s->fits_u64 && c->s->n_outcomes_u64 <= 5e7))
            ao.method = PL_METHOD_MERGE;
        c->an_status = pl_analyze(c->s, &ao, &c->analysis, &d);
        c->analysed = c->an_status != PL_ENOMEM;
        if (c->an_status != PL_OK)
            c->analysis = NULL;
    }
    return c->analysis;
}

/* ---- clock and events -------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

bool pl__session_tick(pl__session *x, uint32_t round)
{
    const double limit = x->opts->time_limit;
    double t = 0;

    if (round > x->deadline)
        return false;
    if (x->deadline != UINT32_MAX)
        t = x->deadline > 1 ? (double)(round - 1) / (x->deadline - 1) : 1;
    if (limit > 0) {
        const double e = (now_seconds() - x->clock_start) / limit;
        if (e >= 1)
            return false;
        t = e > t ? e : t;
    }
    x->round = round;
    x->t = t;
    return true;
}

uint64_t pl__session_all_mask(const pl__session *x)
{
    uint64_t m = 0;

    for (size_t j = 0; j < x->n_agents; j++)
        m |= 1ull << x->agents[j].party;
    if (x->mediator >= 0)
        m |= 1ull << x->mediator;
    return m;
}

void pl__session_emit(pl__session *x, pl_event_kind kind, long from, long to,
                      const uint32_t *outcome, uint64_t visible,
                      const char *note)
{
    pl_event ev;

    ev.seq = x->seq++;
    ev.round = x->round;
    ev.time = x->t;
    ev.kind = kind;
    ev.from = from;
    ev.to = to;
    ev.outcome = outcome;
    ev.visible = visible;
    ev.note = note;
    ev.approximate = x->ev_approx;
    x->ev_approx = false;
    if (kind == PL_EV_OFFER || kind == PL_EV_PROPOSE)
        x->offers++;
    if (x->opts->on_event)
        x->opts->on_event(x->opts->event_ctx, x->s, &ev);
    if (x->opts->trace && x->io == PL_OK)
        x->io = pl_event_write_jsonl(x->s, &ev, x->opts->trace);
}

/* ---- setup ------------------------------------------------------------- */

static bool is_session_party(const pl_scenario *s, size_t p)
{
    return s->parties[p].has_utility && s->parties[p].role != PL_ROLE_OBSERVER;
}

static pl_status parse_protocol_params(pl__session *x, pl_diag *diag)
{
    const char *p = x->opts->protocol_params;

    x->kind = PL_MEDIATOR_NASH;
    x->t0 = 0.3;
    x->start_random = false;
    while (p && *p) {
        const char *comma = strchr(p, ',');
        const size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char kv[64];
        char *eq;
        bool ok = false;

        if (len == 0 || len >= sizeof kv)
            return pl_diag_set(diag, PL_EINVAL, 0, 0,
                               "bad protocol parameter list '%s'",
                               x->opts->protocol_params);
        memcpy(kv, p, len);
        kv[len] = 0;
        eq = strchr(kv, '=');
        if (eq) {
            *eq = 0;
            if (strcmp(kv, "kind") == 0) {
                for (unsigned k = 0; k < PL_MEDIATOR_KIND_COUNT; k++) {
                    if (strcmp(eq + 1, kind_names[k]) == 0) {
                        x->kind = (pl_mediator_kind)k;
                        ok = true;
                    }
                }
            } else if (strcmp(kv, "t0") == 0) {
                char *end;
                const double v = strtod(eq + 1, &end);
                ok = eq[1] && !*end && v >= 0 && v <= 10;
                x->t0 = v;
            } else if (strcmp(kv, "start") == 0) {
                ok = strcmp(eq + 1, "mediator") == 0 ||
                     strcmp(eq + 1, "random") == 0;
                x->start_random = strcmp(eq + 1, "random") == 0;
            }
        }
        if (!ok)
            return pl_diag_set(diag, PL_EINVAL, 0, 0,
                               "bad protocol parameter '%s' (expected "
                               "kind=nash|random|hill|anneal, t0=0..10, "
                               "start=mediator|random)",
                               eq ? (*eq = '=', kv) : kv);
        p = comma ? comma + 1 : NULL;
        if (comma && !*p)
            return pl_diag_set(diag, PL_EINVAL, 0, 0,
                               "trailing ',' in protocol parameters");
    }
    return PL_OK;
}

static pl_status resolve_protocol(pl__session *x, pl_diag *diag)
{
    const pl_scenario *s = x->s;
    pl_protocol pr = x->opts->protocol;
    size_t n_util = 0;

    if ((unsigned)pr >= PL_PROTOCOL_COUNT)
        return pl_diag_set(diag, PL_EINVAL, 0, 0, "unknown protocol");
    for (size_t p = 0; p < s->n_parties; p++)
        n_util += is_session_party(s, p);
    if (pr == PL_PROTOCOL_DEFAULT && s->simulate.protocol &&
        !pl_protocol_find(s->simulate.protocol, &pr))
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "scenario names unknown protocol '%s'",
                           s->simulate.protocol);
    if (pr == PL_PROTOCOL_DEFAULT)
        pr = n_util == 2 ? PL_PROTOCOL_AO : PL_PROTOCOL_SAOP;
    x->mediator = -1;
    if (pr == PL_PROTOCOL_MEDIATED || pr == PL_PROTOCOL_SHUTTLE) {
        long m = x->opts->mediator;
        if (m == PL_MEDIATOR_FROM_SCENARIO) {
            m = s->simulate.mediator;
            for (size_t p = 0; m < 0 && p < s->n_parties; p++) {
                if (s->parties[p].role != PL_ROLE_MEDIATOR)
                    continue;
                m = (long)p;
                for (size_t q = p + 1; q < s->n_parties; q++)
                    if (s->parties[q].role == PL_ROLE_MEDIATOR)
                        return pl_diag_set(
                            diag, PL_EINVAL, 0, 0,
                            "protocol %s: several parties have role "
                            "mediator; choose one with --mediator",
                            proto_names[pr]);
            }
            if (m < 0)
                return pl_diag_set(diag, PL_EINVAL, 0, 0,
                                   "protocol %s needs a mediator and the "
                                   "scenario has none (give a party role "
                                   "mediator, or --mediator PARTY|neutral)",
                                   proto_names[pr]);
        } else if (m != PL_MEDIATOR_NEUTRAL &&
                   (m < 0 || (size_t)m >= s->n_parties)) {
            return pl_diag_set(diag, PL_EINVAL, 0, 0, "no such mediator");
        }
        x->mediator = m;
    }
    x->n_agents = 0;
    for (size_t p = 0; p < s->n_parties; p++) {
        if (is_session_party(s, p)) {
            x->parties[x->n_parties++] = (uint32_t)p;
            if ((long)p != x->mediator)
                x->n_agents++;
        }
    }
    if (pr == PL_PROTOCOL_AO && x->n_agents != 2)
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "protocol ao is bilateral but %zu parties "
                           "negotiate; use saop, mediated or shuttle",
                           x->n_agents);
    if (x->n_agents < (pr == PL_PROTOCOL_MEDIATED ? 1u : 2u))
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "protocol %s needs at least %u negotiating "
                           "parties with a utility; the scenario has %zu",
                           proto_names[pr],
                           pr == PL_PROTOCOL_MEDIATED ? 1u : 2u, x->n_agents);
    /* Talks topology: who would address whom directly? */
    for (size_t i = 0; i < s->n_parties; i++) {
        if (!is_session_party(s, i) || (long)i == x->mediator)
            continue;
        if (x->mediator >= 0 &&
            !pl_scenario_talks_allowed(s, (size_t)x->mediator, i))
            return pl_diag_set(diag, PL_EINVAL, 0, 0,
                               "the mediator '%s' has no channel to '%s' "
                               "in the scenario's talks",
                               s->parties[x->mediator].id, s->parties[i].id);
        if (pr != PL_PROTOCOL_AO && pr != PL_PROTOCOL_SAOP)
            continue;
        for (size_t j = i + 1; j < s->n_parties; j++)
            if (is_session_party(s, j) && !pl_scenario_talks_allowed(s, i, j))
                return pl_diag_set(
                    diag, PL_EINVAL, 0, 0,
                    "protocol %s has every party see every offer, but "
                    "'%s' and '%s' have no direct talks; use --protocol "
                    "shuttle or mediated",
                    proto_names[pr], s->parties[i].id, s->parties[j].id);
    }
    x->protocol = pr;
    return PL_OK;
}

/* ---- result ------------------------------------------------------------ */

void pl_session_result_free(pl_session_result *r)
{
    if (!r)
        return;
    pl__free(r->party);
    pl__free(r->outcome);
    pl__free(r->utility);
    pl__free(r->utility_undiscounted);
    pl__free(r->nash_outcome);
    pl__free(r->nash_utility);
    if (r->strategy)
        for (size_t j = 0; j < r->n_parties; j++)
            pl__free(r->strategy[j]);
    pl__free(r->strategy);
    pl__free(r->lookup_method);
    pl__free(r->lookups);
    pl__free(r->lookups_approx);
    pl__free(r->lookup_max_miss);
    pl__free(r);
}

static double dist(const double *a, const double *b, size_t n)
{
    double s = 0;

    for (size_t j = 0; j < n; j++)
        s += (a[j] - b[j]) * (a[j] - b[j]);
    return sqrt(s);
}

static pl_status set_distances(pl__session *x, pl_session_result *r)
{
    const pl_analysis *an;
    const double *pt = r->utility_undiscounted;
    const size_t n = r->n_parties;

    r->distance_to_pareto = NAN;
    r->distance_to_nash = NAN;
    if (!x->opts->distances)
        return PL_OK;
    an = cache_analysis(x->cache);
    if (!an)
        return x->cache->an_status == PL_ENOMEM ? PL_ENOMEM : PL_OK;
    if (an->n_parties != n)
        return PL_OK;
    if (an->n_points) {
        double best = INFINITY;
        for (size_t k = 0; k < an->n_points; k++) {
            const double d = dist(pt, an->points[k].utility, n);
            best = d < best ? d : best;
        }
        r->distance_to_pareto = best;
    }
    if (an->found[PL_NASH]) {
        r->distance_to_nash = dist(pt, an->concept[PL_NASH].utility, n);
        r->has_nash = true;
        r->nash_index = an->concept[PL_NASH].index;
        memcpy(r->nash_outcome, an->concept[PL_NASH].outcome,
               x->n_issues * sizeof *r->nash_outcome);
        memcpy(r->nash_utility, an->concept[PL_NASH].utility,
               n * sizeof *r->nash_utility);
    }
    return PL_OK;
}

static pl_status make_result(pl__session *x, pl_session_result **out)
{
    const pl_scenario *s = x->s;
    const size_t n = x->n_parties;
    pl_session_result *r = pl__calloc(1, sizeof *r);

    *out = NULL;
    if (!r)
        return PL_ENOMEM;
    r->n_parties = n;
    r->party = pl__calloc(n, sizeof *r->party);
    r->utility = pl__calloc(n, sizeof *r->utility);
    r->utility_undiscounted = pl__calloc(n, sizeof *r->utility);
    r->nash_outcome = pl__calloc(x->n_issues, sizeof *r->nash_outcome);
    r->nash_utility = pl__calloc(n, sizeof *r->nash_utility);
    r->strategy = pl__calloc(n, sizeof *r->strategy);
    r->lookup_method = pl__calloc(n, sizeof *r->lookup_method);
    r->lookups = pl__calloc(n, sizeof *r->lookups);
    r->lookups_approx = pl__calloc(n, sizeof *r->lookups_approx);
    r->lookup_max_miss = pl__calloc(n, sizeof *r->lookup_max_miss);
    if (x->has_final)
        r->outcome = pl__calloc(x->n_issues, sizeof *r->outcome);
    if (!r->party || !r->utility || !r->utility_undiscounted ||
        !r->nash_outcome || !r->nash_utility || !r->strategy ||
        !r->lookup_method || !r->lookups || !r->lookups_approx ||
        !r->lookup_max_miss || (x->has_final && !r->outcome)) {
        pl_session_result_free(r);
        return PL_ENOMEM;
    }
    memcpy(r->party, x->parties, n * sizeof *r->party);
    r->protocol = x->protocol;
    r->mediator_kind = x->kind;
    r->mediator = x->mediator;
    r->deadline = x->deadline;
    r->rounds = x->round;
    r->events = x->seq;
    r->offers = x->offers;
    r->end = x->end;
    r->ended_by = x->ended_by;
    r->agreement = x->agreement;
    r->agreement_time = x->agreement ? x->t : NAN;
    if (x->has_final) {
        memcpy(r->outcome, x->final, x->n_issues * sizeof *r->outcome);
        r->has_index = pl_scenario_outcome_encode(s, r->outcome, &r->index);
    }
    for (size_t j = 0; j < n; j++) {
        const struct pl__party *pa = &s->parties[x->parties[j]];
        const double u = x->agreement
                             ? pl_scenario_utility(s, x->parties[j], x->final)
                             : pa->reservation;
        r->utility_undiscounted[j] = u;
        r->utility[j] = pa->discount < 1 ? u * pow(pa->discount, x->t) : u;
        for (size_t a = 0; a < x->n_agents; a++) {
            if (x->agents[a].party == x->parties[j]) {
                const pl_agent *ag = &x->agents[a];
                r->lookup_method[j] = pl__bidspace_pool(ag->space) ? "pool"
                                      : pl__bidspace_is_indexed(ag->space)
                                          ? "index"
                                          : "search";
                r->lookups[j] = ag->n_lookups;
                r->lookups_approx[j] = ag->n_approx;
                r->lookup_max_miss[j] = ag->max_miss;
                r->strategy[j] = pl__strdup(x->agents[a].spec);
                if (!r->strategy[j]) {
                    pl_session_result_free(r);
                    return PL_ENOMEM;
                }
            }
        }
    }
    if (set_distances(x, r) != PL_OK) {
        pl_session_result_free(r);
        return PL_ENOMEM;
    }
    *out = r;
    return PL_OK;
}

/* ---- run --------------------------------------------------------------- */

static void session_fini(pl__session *x)
{
    if (x->agents)
        for (size_t j = 0; j < x->n_agents; j++)
            pl__agent_fini(&x->agents[j]);
    pl__free(x->agents);
    pl__free(x->final);
    if (x->cache != x->opts->cache)
        pl_session_cache_free(x->cache);
}

pl_status pl_session_run(const pl_scenario *s, const pl_session_opts *opts,
                         pl_session_result **out, pl_diag *diag)
{
    pl_session_opts dflt;
    pl__session x;
    pl_status st;
    char note[160];

    *out = NULL;
    if (!opts) {
        dflt = pl_session_opts_default();
        opts = &dflt;
    }
    memset(&x, 0, sizeof x);
    x.s = s;
    x.opts = opts;
    x.n_issues = s->n_issues;
    x.ended_by = -1;
    x.end = PL_END_DEADLINE;
    if (s->n_issues == 0)
        return pl_diag_set(diag, PL_EINVAL, 0, 0, "the scenario has no issues");
    if (opts->time_limit < 0 || !isfinite(opts->time_limit))
        return pl_diag_set(diag, PL_EINVAL, 0, 0, "bad time limit");
    /* shuttle's one parameter; the others are the single text's */
    x.compose = opts->protocol_params &&
                strcmp(opts->protocol_params, "compose=nash") == 0;
    st = x.compose ? PL_OK : parse_protocol_params(&x, diag);
    if (st != PL_OK)
        return st;
    st = resolve_protocol(&x, diag);
    if (st != PL_OK)
        return st;
    if (x.compose && x.protocol != PL_PROTOCOL_SHUTTLE)
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "compose=nash is a parameter of protocol shuttle, "
                           "not %s",
                           proto_names[x.protocol]);
    if (opts->protocol_params && !x.compose &&
        x.protocol != PL_PROTOCOL_MEDIATED)
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "protocol %s takes no parameters",
                           proto_names[x.protocol]);
    for (size_t p = 0; p < PL_MAX_PARTIES; p++) {
        if (!opts->strategy[p] && !opts->custom[p])
            continue;
        if (p >= s->n_parties || !is_session_party(s, p) ||
            (long)p == x.mediator)
            return pl_diag_set(
                diag, PL_EINVAL, 0, 0,
                "a strategy is given for %s%s%s, which does not negotiate "
                "in protocol %s",
                p < s->n_parties ? "'" : "party index",
                p < s->n_parties ? s->parties[p].id : "",
                p < s->n_parties ? "'" : "", proto_names[x.protocol]);
    }
    x.deadline = opts->rounds           ? opts->rounds
                 : opts->time_limit > 0 ? UINT32_MAX
                 : s->simulate.rounds   ? s->simulate.rounds
                                        : 100;
    x.cache = opts->cache;
    if (!x.cache) {
        st = pl_session_cache_new(s, &x.cache);
        if (st != PL_OK)
            return st;
    }
    if (x.protocol == PL_PROTOCOL_MEDIATED && x.kind == PL_MEDIATOR_NASH) {
        const pl_analysis *an = cache_analysis(x.cache);
        if (!an && x.cache->an_status == PL_ENOMEM) {
            st = PL_ENOMEM;
            goto done;
        }
        if (!an || !an->found[PL_NASH]) {
            st = pl_diag_set(diag, PL_EINVAL, 0, 0,
                             "mediator kind nash needs the Nash package, "
                             "but %s; use kind=hill, random or anneal",
                             an ? "the scenario has none"
                                : "the space is too large to analyse");
            goto done;
        }
    }
    pl_rng_stream(&x.rng, opts->seed, 0);
    x.agents = pl__calloc(x.n_agents, sizeof *x.agents);
    x.final = pl__calloc(s->n_issues, sizeof *x.final);
    if (!x.agents || !x.final) {
        st = PL_ENOMEM;
        goto done;
    }
    for (size_t j = 0, a = 0; j < x.n_parties; j++) {
        if ((long)x.parties[j] == x.mediator)
            continue;
        st = pl__agent_init(&x, &x.agents[a], x.parties[j], diag);
        a++;
        if (st != PL_OK) {
            x.n_agents = a;
            goto done;
        }
    }
    x.clock_start = now_seconds();
    snprintf(note, sizeof note, "protocol=%s%s%s deadline=%lu seed=%llu",
             proto_names[x.protocol],
             x.protocol == PL_PROTOCOL_MEDIATED ? " kind=" : "",
             x.protocol == PL_PROTOCOL_MEDIATED ? kind_names[x.kind] : "",
             (unsigned long)(x.deadline == UINT32_MAX ? 0 : x.deadline),
             (unsigned long long)opts->seed);
    pl__session_emit(&x, PL_EV_START, -1, -1, NULL, pl__session_all_mask(&x),
                     note);
    switch (x.protocol) {
    case PL_PROTOCOL_AO:
    case PL_PROTOCOL_SAOP:
        st = pl__protocol_saop(&x);
        break;
    case PL_PROTOCOL_MEDIATED:
        st = pl__protocol_mediated(&x);
        break;
    case PL_PROTOCOL_SHUTTLE:
        st = pl__protocol_shuttle(&x);
        break;
    case PL_PROTOCOL_DEFAULT:
    case PL_PROTOCOL_COUNT:
        st = PL_EINTERNAL;
        break;
    }
    if (st != PL_OK)
        goto done;
    if (x.io != PL_OK) {
        st = pl_diag_set(diag, PL_EIO, 0, 0, "writing the trace failed");
        goto done;
    }
    st = make_result(&x, out);
done:
    session_fini(&x);
    return st;
}

/* Needed by protocols: the cache's analysis (Nash package). */
const struct pl_analysis *pl__session_analysis(pl__session *x)
{
    return cache_analysis(x->cache);
}
