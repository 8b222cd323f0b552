/* Mediated single text (M. Klein, P. Faratin, H. Sayama and Y. Bar-Yam,
 * "Negotiating complex contracts", Group Decision and Negotiation 12(2),
 * 2003; docs/algorithms.md section 7).  The mediator holds one text.  It
 * opens with its own best outcome (a mediator with interests) or a random
 * one (a neutral mediator, or start=random).  Each round it proposes a
 * revision; every negotiating party votes, privately to the mediator;
 * the mediator adopts the revision if all vote yes (the annealing
 * mediator may also adopt a rejected one).  At the deadline, or when the
 * mediator has nothing left to propose, the text is put up for signature:
 * every party with a utility, the mediator included, signs if it reaches
 * its reservation value and crosses none of its red lines.
 *
 * How the mediator revises (kind=...):
 *   nash    steer toward the Nash package of the scenario analysis: the
 *           single-issue moves toward it (best welfare gain first), then
 *           pairs of issues (trades), then the whole package; after an
 *           adoption the list restarts, and it cycles while parties may
 *           still change their votes; stops when the text is the package.
 *   random  random single-issue flips ("random flipping").
 *   hill    the untried single-issue flip with the largest gain in
 *           reported welfare (sum of the voters' utilities); stops at a
 *           local optimum where no welfare-improving flip is accepted.
 *   anneal  random flips; a rejected flip is still adopted with
 *           probability exp(dW / T), dW its welfare change and
 *           T = t0 * (1 - t) (Klein, Faratin and Bar-Yam 2002: the
 *           mediator anneals on reported preferences).
 * Cost per round: one candidate evaluation per voter (O(issues)); the
 * nash and hill kinds rebuild their candidate list after an adoption,
 * O(pairs * voters * issues). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "negotiate/negotiate_int.h"
#include "parley/analysis.h"
#include "core/sort.h"

struct cand {
    uint32_t i, j;   /* issues changed (j == i: one issue; j == UINT32_MAX
                        with i == UINT32_MAX: the whole package) */
    uint32_t ki, kj; /* their new options */
    double gain;
};

struct med {
    pl__session *x;
    uint32_t *text, *prop;
    const uint32_t *target; /* Nash package (kind nash) */
    struct cand *c;
    size_t n_c, cap_c, cursor;
};

static double welfare(const pl__session *x, const uint32_t *o)
{
    double w = 0;

    for (size_t a = 0; a < x->n_agents; a++)
        w += pl_scenario_utility(x->s, x->agents[a].party, o);
    return w;
}

static void apply(const struct med *m, const struct cand *c, uint32_t *out)
{
    memcpy(out, m->text, m->x->n_issues * sizeof *out);
    if (c->i == UINT32_MAX) {
        memcpy(out, m->target, m->x->n_issues * sizeof *out);
        return;
    }
    out[c->i] = c->ki;
    out[c->j] = c->kj;
}

static int cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;

    if (x->gain > y->gain)
        return -1;
    if (x->gain < y->gain)
        return 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

static bool push(struct med *m, uint32_t i, uint32_t ki, uint32_t j,
                 uint32_t kj)
{
    struct cand *c;

    if (m->n_c == m->cap_c) {
        const size_t cap = m->cap_c ? 2 * m->cap_c : 64;
        struct cand *nc = pl__reallocarray(m->c, cap, sizeof *nc);
        if (!nc)
            return false;
        m->c = nc;
        m->cap_c = cap;
    }
    c = &m->c[m->n_c++];
    c->i = i;
    c->ki = ki;
    c->j = j;
    c->kj = kj;
    apply(m, c, m->prop);
    c->gain = welfare(m->x, m->prop) - welfare(m->x, m->text);
    return true;
}

/* Rebuild the candidate list for the current text. */
static pl_status build(struct med *m)
{
    const pl_scenario *s = m->x->s;
    const uint32_t n = m->x->n_issues;
    size_t singles;

    m->n_c = 0;
    m->cursor = 0;
    if (m->x->kind == PL_MEDIATOR_HILL) {
        for (uint32_t i = 0; i < n; i++)
            for (uint32_t k = 0; k < s->issues[i].n_options; k++)
                if (k != m->text[i] && !push(m, i, k, i, k))
                    return PL_ENOMEM;
        if (m->n_c)
            pl__qsort(m->c, m->n_c, sizeof *m->c, cand_cmp);
        while (m->n_c > 0 && !(m->c[m->n_c - 1].gain > 0))
            m->n_c--;
        return PL_OK;
    }
    /* nash */
    for (uint32_t i = 0; i < n; i++)
        if (m->text[i] != m->target[i] &&
            !push(m, i, m->target[i], i, m->target[i]))
            return PL_ENOMEM;
    singles = m->n_c;
    if (!singles)
        return PL_OK;
    pl__qsort(m->c, singles, sizeof *m->c, cand_cmp);
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = i + 1; j < n; j++)
            if (m->text[i] != m->target[i] && m->text[j] != m->target[j] &&
                !push(m, i, m->target[i], j, m->target[j]))
                return PL_ENOMEM;
    pl__qsort(m->c + singles, m->n_c - singles, sizeof *m->c, cand_cmp);
    if (singles > 2 && !push(m, UINT32_MAX, 0, UINT32_MAX, 0))
        return PL_ENOMEM;
    return PL_OK;
}

static void random_flip(struct med *m)
{
    const pl_scenario *s = m->x->s;
    const uint32_t n = m->x->n_issues;
    uint32_t i;

    memcpy(m->prop, m->text, n * sizeof *m->prop);
    for (int tries = 0; tries < 64; tries++) {
        i = (uint32_t)pl_rng_below(&m->x->rng, n);
        if (s->issues[i].n_options > 1) {
            uint32_t k =
                (uint32_t)pl_rng_below(&m->x->rng, s->issues[i].n_options - 1);
            m->prop[i] = k >= m->text[i] ? k + 1 : k;
            return;
        }
    }
}

/* The next proposal into m->prop; false when the mediator is done. */
static bool next_proposal(struct med *m)
{
    const pl_mediator_kind kind = m->x->kind;

    if (kind == PL_MEDIATOR_RANDOM || kind == PL_MEDIATOR_ANNEAL) {
        random_flip(m);
        return true;
    }
    if (m->n_c == 0)
        return false;
    if (m->cursor >= m->n_c) {
        if (kind == PL_MEDIATOR_HILL)
            return false; /* local optimum: nothing accepted */
        m->cursor = 0;
    }
    apply(m, &m->c[m->cursor++], m->prop);
    return true;
}

static pl_status sign(pl__session *x, const uint32_t *text)
{
    const pl_scenario *s = x->s;
    const uint64_t all = pl__session_all_mask(x);
    const long med = x->mediator;
    bool ok = true;

    for (size_t j = 0; j < x->n_parties; j++) {
        const size_t p = x->parties[j];
        const bool yes =
            pl_scenario_utility(s, p, text) >= s->parties[p].reservation &&
            !pl_scenario_crosses_red_line(s, p, text);
        const uint64_t vis = (1ull << p) | (med >= 0 ? 1ull << med : 0);
        pl__session_emit(x, yes ? PL_EV_SIGN : PL_EV_REFUSE, (long)p, med, text,
                         vis,
                         yes ? NULL
                         : pl_scenario_crosses_red_line(s, p, text)
                             ? "crosses a red line"
                             : "below its reservation value");
        if (!yes && ok) {
            ok = false;
            x->ended_by = (long)p;
        }
    }
    x->agreement = ok;
    x->end = ok ? PL_END_AGREEMENT : PL_END_REFUSED;
    pl__session_emit(x, ok ? PL_EV_AGREEMENT : PL_EV_NO_AGREEMENT, med, -1,
                     ok ? text : NULL, all, ok ? NULL : "refused");
    return PL_OK;
}

static void opening_text(struct med *m)
{
    pl__session *x = m->x;
    const pl_scenario *s = x->s;

    if (x->mediator >= 0 && !x->start_random &&
        pl_scenario_party_has_utility(s, (size_t)x->mediator) &&
        x->cache->space[x->mediator]) {
        pl__bidspace *b = x->cache->space[x->mediator];
        pl__bidspace_closest(b, pl__bidspace_max(b), m->text);
        return;
    }
    for (uint32_t i = 0; i < x->n_issues; i++)
        m->text[i] = (uint32_t)pl_rng_below(&x->rng, s->issues[i].n_options);
}

pl_status pl__protocol_mediated(pl__session *x)
{
    const pl_scenario *s = x->s;
    const uint64_t all = pl__session_all_mask(x);
    const long med = x->mediator;
    struct med m;
    pl_status st = PL_OK;
    bool stopped = false;

    memset(&m, 0, sizeof m);
    m.x = x;
    m.text = x->final;
    m.prop = pl__calloc(x->n_issues, sizeof *m.prop);
    if (!m.prop)
        return PL_ENOMEM;
    if (x->kind == PL_MEDIATOR_NASH) {
        const pl_analysis *an = pl__session_analysis(x);
        if (!an || !an->found[PL_NASH]) {
            pl__free(m.prop);
            return PL_EINVAL;
        }
        m.target = an->concept[PL_NASH].outcome;
    }
    if (med >= 0 && pl_scenario_party_has_utility(s, (size_t)med) &&
        !x->cache->space[med]) {
        st = pl__bidspace_new(s, (size_t)med, 0, 0, &x->cache->space[med]);
        if (st != PL_OK)
            goto done;
    }
    opening_text(&m);
    x->has_final = true;
    x->round = 1;
    pl__session_emit(x, PL_EV_PROPOSE, med, -1, m.text, all, "opening text");
    pl__session_emit(x, PL_EV_ADOPT, med, -1, m.text, all, "opening text");
    if (x->kind == PL_MEDIATOR_NASH || x->kind == PL_MEDIATOR_HILL) {
        st = build(&m);
        if (st != PL_OK)
            goto done;
    }
    for (uint32_t round = 1; !stopped && pl__session_tick(x, round); round++) {
        bool yes = true;
        if (!next_proposal(&m)) {
            stopped = true;
            break;
        }
        pl__session_emit(x, PL_EV_PROPOSE, med, -1, m.prop, all, NULL);
        for (size_t a = 0; a < x->n_agents; a++) {
            pl_agent *ag = &x->agents[a];
            const bool v = pl__agent_vote(ag, m.text, m.prop);
            const uint64_t vis =
                (1ull << ag->party) | (med >= 0 ? 1ull << med : 0);
            pl__session_emit(x, v ? PL_EV_VOTE_YES : PL_EV_VOTE_NO,
                             (long)ag->party, med, m.prop, vis, NULL);
            yes = yes && v;
        }
        if (!yes && x->kind == PL_MEDIATOR_ANNEAL) {
            const double dw = welfare(x, m.prop) - welfare(x, m.text);
            const double temp = x->t0 * (1 - x->t);
            yes = dw >= 0 ||
                  (temp > 0 && pl_rng_uniform(&x->rng) < exp(dw / temp));
        }
        if (!yes) {
            pl__session_emit(x, PL_EV_DISCARD, med, -1, m.prop, all, NULL);
            continue;
        }
        memcpy(m.text, m.prop, x->n_issues * sizeof *m.text);
        pl__session_emit(x, PL_EV_ADOPT, med, -1, m.text, all, NULL);
        if (x->kind == PL_MEDIATOR_NASH || x->kind == PL_MEDIATOR_HILL) {
            st = build(&m);
            if (st != PL_OK)
                goto done;
            stopped = m.n_c == 0; /* sign in this round */
        }
    }
    st = sign(x, m.text);
done:
    pl__free(m.prop);
    pl__free(m.c);
    return st;
}
