/* One party's agent in a session: its strategy instance, random stream,
 * bid lookup, opponent model and the history of offers it received, and
 * the pl_agent_* queries a strategy may make (negotiate.h). */
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "negotiate/negotiate_int.h"

const pl_scenario *pl_agent_scenario(const pl_agent *a)
{
    return a->ses->s;
}
size_t pl_agent_party(const pl_agent *a)
{
    return a->party;
}
double pl_agent_time(const pl_agent *a)
{
    return a->ses->t;
}
uint32_t pl_agent_round(const pl_agent *a)
{
    return a->ses->round;
}
pl_rng *pl_agent_rng(pl_agent *a)
{
    return &a->rng;
}
double pl_agent_reservation(const pl_agent *a)
{
    return a->reservation;
}
double pl_agent_best_utility(const pl_agent *a)
{
    return a->umax;
}
double pl_agent_worst_utility(const pl_agent *a)
{
    return a->umin;
}
uint64_t pl_agent_received_count(const pl_agent *a)
{
    return a->n_received;
}

double pl_agent_utility(const pl_agent *a, const uint32_t *o)
{
    struct pl__umemo *m = a->memo;
    const size_t bytes = a->ses->n_issues * sizeof *o;
    double u;

    if (!m)
        return pl_scenario_utility(a->ses->s, a->party, o);
    for (unsigned k = 0; k < 2; k++)
        if (m->valid[k] && memcmp(m->o[k], o, bytes) == 0)
            return m->u[k];
    u = pl_scenario_utility(a->ses->s, a->party, o);
    memcpy(m->o[m->next], o, bytes);
    m->u[m->next] = u;
    m->valid[m->next] = true;
    m->next ^= 1;
    return u;
}

bool pl_agent_is_acceptable(const pl_agent *a, const uint32_t *o)
{
    return pl_agent_utility(a, o) >= a->reservation &&
           !pl_scenario_crosses_red_line(a->ses->s, a->party, o);
}

static void count_lookup(pl_agent *a, bool exact, double miss)
{
    a->n_lookups++;
    if (exact)
        return;
    a->n_approx++;
    a->approx = true;
    miss = fabs(miss);
    a->max_miss = miss > a->max_miss ? miss : a->max_miss;
}

double pl_agent_closest(pl_agent *a, double target, uint32_t *out)
{
    bool exact;
    const double u = pl__bidspace_closest_x(a->space, target, out, &exact);

    count_lookup(a, exact, u - target);
    return u;
}

bool pl_agent_best_for_opponents(pl_agent *a, double lo, double hi,
                                 uint32_t *out)
{
    const double *M;

    if (!a->model)
        return false;
    M = pl__freq_scores(a->model);
    if (!M)
        return false;
    /* node budget: keeps a round bounded on huge spaces (docs/simulate.md);
     * on the pool a heuristic, counted as approximate (miss 0: the bid
     * is inside the band) */
    {
        const bool ok = pl__bidspace_best_for(a->space, M, lo, hi, 200000, out);
        if (ok)
            count_lookup(a, !pl__bidspace_pool(a->space), 0);
        return ok;
    }
}

double pl_agent_model_utility(const pl_agent *a, const uint32_t *o)
{
    return a->model ? pl__freq_utility(a->model, o) : 0;
}

double pl_agent_received_first(const pl_agent *a)
{
    return a->n_received ? a->recv_first : NAN;
}

double pl_agent_received_last(const pl_agent *a)
{
    return a->n_received ? a->recv_last : NAN;
}

double pl_agent_received_best(const pl_agent *a)
{
    return a->n_received ? a->recv_best : NAN;
}

const uint32_t *pl_agent_last_offer(const pl_agent *a)
{
    return a->n_received ? a->last_offer : NULL;
}

double pl_agent_time_target(const pl_agent *a, double e, double k)
{
    const double t = pl_agent_time(a);
    const double pmax = a->umax;
    double pmin = a->reservation > a->umin ? a->reservation : a->umin;
    double f;

    pmin = pmin > pmax ? pmax : pmin;
    f = k + (1 - k) * pow(t, 1 / e);
    return pmin + (pmax - pmin) * (1 - f);
}

pl_status pl__agent_init(pl__session *x, pl_agent *a, size_t party,
                         pl_diag *diag)
{
    const pl_session_opts *o = x->opts;
    const pl_scenario *s = x->s;
    const char *spec = o->strategy[party] ? o->strategy[party] : "linear";
    pl__spec sp;
    pl_status st;

    memset(a, 0, sizeof *a);
    a->ses = x;
    a->party = party;
    st = pl__spec_parse(spec, o->custom[party], &sp, diag);
    if (st != PL_OK) {
        char msg[sizeof diag->message];
        if (diag) {
            memcpy(msg, diag->message, sizeof msg);
            pl_diag_set(diag, st, 0, 0, "party '%s': %s", s->parties[party].id,
                        msg);
        }
        return st;
    }
    a->st = sp.st;
    memcpy(a->param, sp.param, sizeof a->param);
    a->ac = sp.ac;
    a->spec = pl__strdup(sp.norm);
    a->last_offer = pl__calloc(s->n_issues, sizeof *a->last_offer);
    if (!a->spec || !a->last_offer)
        return PL_ENOMEM;
    if (sp.st->state_size) {
        a->state = pl__calloc(1, sp.st->state_size);
        if (!a->state)
            return PL_ENOMEM;
    }
    if (s->parties[party].n_interactions >= 8) {
        a->memo = pl__calloc(1, sizeof *a->memo);
        if (!a->memo)
            return PL_ENOMEM;
        a->memo->o[0] = pl__calloc(s->n_issues, sizeof *a->memo->o[0]);
        a->memo->o[1] = pl__calloc(s->n_issues, sizeof *a->memo->o[1]);
        if (!a->memo->o[0] || !a->memo->o[1])
            return PL_ENOMEM;
    }
    if (sp.model) {
        a->model = pl__freq_new(s);
        if (!a->model)
            return PL_ENOMEM;
    }
    if (!x->cache->space[party]) {
        st = pl__bidspace_new(s, party, 0, 0, &x->cache->space[party]);
        if (st != PL_OK)
            return st;
    }
    a->space = x->cache->space[party];
    a->umax = pl__bidspace_max(a->space);
    a->umin = pl__bidspace_min(a->space);
    a->reservation = s->parties[party].reservation;
    pl_rng_stream(&a->rng, o->seed, party + 1);
    if (sp.st->init)
        return sp.st->init(a, a->state, a->param);
    return PL_OK;
}

void pl__agent_fini(pl_agent *a)
{
    if (a->memo) {
        pl__free(a->memo->o[0]);
        pl__free(a->memo->o[1]);
        pl__free(a->memo);
    }
    pl__free(a->state);
    pl__freq_free(a->model);
    pl__free(a->last_offer);
    pl__free(a->hist_u);
    pl__free(a->hist_t);
    pl__free(a->spec);
}

static bool outside_red_lines(const void *ctx, const uint32_t *o)
{
    const pl_agent *a = ctx;

    return !pl_scenario_crosses_red_line(a->ses->s, a->party, o);
}

/* Whatever the strategy, a bid below the agent's own reservation value
 * or across one of its red lines is replaced by the next outcome up that
 * is neither, when there is one. */
bool pl__agent_propose(pl_agent *a, uint32_t *out)
{
    double u;

    a->approx = false;
    a->st->propose(a, a->state, out);
    u = pl_agent_utility(a, out);
    if (u >= a->reservation &&
        !pl_scenario_crosses_red_line(a->ses->s, a->party, out))
        return true;
    if (u > a->reservation &&
        pl__bidspace_at_least_if(a->space, u, outside_red_lines, a, out))
        return true;
    return pl__bidspace_at_least_if(a->space, a->reservation, outside_red_lines,
                                    a, out);
}

bool pl_agent_at_least(pl_agent *a, double target, uint32_t *out)
{
    double u = target;
    bool exact;
    const bool ok = pl__bidspace_at_least_x(a->space, target, out, &u, &exact);

    count_lookup(a, exact, ok ? u - target : 0);
    return ok;
}

void pl__agent_receive(pl_agent *a, size_t from, const uint32_t *offer)
{
    const double u = pl_agent_utility(a, offer);

    if (!a->n_received)
        a->recv_first = a->recv_best = u;
    a->recv_last = u;
    a->recv_best = u > a->recv_best ? u : a->recv_best;
    a->n_received++;
    memcpy(a->last_offer, offer, a->ses->n_issues * sizeof *offer);
    if (a->hist_len == a->hist_cap) {
        const uint32_t cap = a->hist_cap ? 2 * a->hist_cap : 64;
        double *hu = pl__reallocarray(a->hist_u, cap, sizeof *hu);
        double *ht;
        if (hu)
            a->hist_u = hu;
        ht = hu ? pl__reallocarray(a->hist_t, cap, sizeof *ht) : NULL;
        if (ht) {
            a->hist_t = ht;
            a->hist_cap = cap;
        }
    }
    if (a->hist_len < a->hist_cap) {
        a->hist_u[a->hist_len] = u;
        a->hist_t[a->hist_len] = a->ses->t;
        a->hist_len++;
    }
    if (a->model)
        pl__freq_observe(a->model, from, offer);
    if (a->st->observe)
        a->st->observe(a, a->state, from, offer);
}

bool pl__agent_accept(pl_agent *a, const uint32_t *offer, uint32_t *next)
{
    const double u = pl_agent_utility(a, offer);
    double u_next;

    a->hopeless = !pl__agent_propose(a, next);
    u_next = pl_agent_utility(a, next);
    if (u < a->reservation ||
        pl_scenario_crosses_red_line(a->ses->s, a->party, offer))
        return false;
    if (a->st->accept)
        return a->st->accept(a, a->state, offer, u_next);
    return pl__accept_cond(a, &a->ac, u, u_next);
}

bool pl__agent_vote(pl_agent *a, const uint32_t *cur, const uint32_t *prop)
{
    const pl_scenario *s = a->ses->s;
    uint32_t next[PL_MAX_ISSUES];
    bool no_worse;

    if (a->st->vote)
        return a->st->vote(a, a->state, cur, prop);
    no_worse = pl_agent_utility(a, prop) >= pl_agent_utility(a, cur) &&
               (!pl_scenario_crosses_red_line(s, a->party, prop) ||
                pl_scenario_crosses_red_line(s, a->party, cur));
    return no_worse || pl__agent_accept(a, prop, next);
}
