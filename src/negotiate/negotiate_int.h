/* Internals shared by the negotiate module: the running session, each
 * party's agent (its view, strategy instance and opponent model) and the
 * protocol entry points.  Layout private to src/negotiate. */
#ifndef PL_NEGOTIATE_INT_H
#define PL_NEGOTIATE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "negotiate/bidspace.h"
#include "negotiate/strategy.h"
#include "parley/negotiate.h"

struct pl_session_cache {
    const pl_scenario *s;
    pl__bidspace *space[PL_MAX_PARTIES]; /* built on first use */
    bool analysed;                       /* analysis attempted (not retried) */
    pl_status an_status;                 /* its status; PL_ENOMEM is retried */
    struct pl_analysis *analysis;        /* NULL if it failed */
};

typedef struct pl__session pl__session;

struct pl_agent {
    pl__session *ses;
    size_t party; /* scenario index */
    const pl_strategy *st;
    void *state; /* st->state_size bytes */
    double param[PL__MAX_PARAMS];
    pl__accept_cfg ac;     /* acceptance part when st->accept is NULL */
    pl__freq_model *model; /* NULL unless model=freq */
    pl__bidspace *space;   /* borrowed from the cache */
    pl_rng rng;
    double reservation, umax, umin;
    /* received offers, own utility */
    uint64_t n_received;
    double recv_first, recv_last, recv_best;
    uint32_t *last_offer; /* issue_count, valid if n_received */
    /* recent received utilities with their times (AC_combi window) */
    double *hist_u, *hist_t;
    uint32_t hist_len, hist_cap, hist_head;
    char *spec;    /* normalised "name:k=v,..." */
    bool hopeless; /* its last bid found nothing acceptable */
    /* bid lookups: count, not proven exact, worst |u - target| of those;
     * approx: a lookup of the current proposal was not exact */
    uint64_t n_lookups, n_approx;
    double max_miss;
    bool approx;
    /* the last two utilities computed, for parties with many interaction
     * terms (a turn evaluates the offer and its own bid twice each);
     * NULL otherwise */
    struct pl__umemo *memo;
};

struct pl__umemo {
    uint32_t *o[2]; /* issue_count each */
    double u[2];
    bool valid[2];
    unsigned next; /* slot to overwrite */
};

struct pl__session {
    const pl_scenario *s;
    const pl_session_opts *opts;
    pl_session_cache *cache;
    uint32_t n_issues;
    size_t n_agents; /* negotiating parties, in turn order */
    pl_agent *agents;
    size_t n_parties; /* parties with a utility (the result's) */
    uint32_t parties[PL_MAX_PARTIES];
    pl_protocol protocol; /* resolved */
    long mediator;        /* party index, PL_MEDIATOR_NEUTRAL, or -1 */
    pl_mediator_kind kind;
    double t0;         /* anneal start temperature */
    bool start_random; /* single text starts from a random outcome */
    bool compose;      /* shuttle: the mediator composes texts (compose=nash) */
    uint32_t deadline, round;
    double t;           /* relative time */
    double clock_start; /* seconds, if time_limit */
    pl_rng rng;         /* the protocol's / mediator's stream */
    uint64_t seq, offers;
    pl_status io;   /* first trace write error */
    bool ev_approx; /* the next emitted event is marked approximate */
    /* result */
    bool agreement;
    pl_end_reason end;
    long ended_by;
    uint32_t *final; /* issue_count; agreement or last text */
    bool has_final;
};

/* Advance the clock to `round`; false if the deadline has passed. */
bool pl__session_tick(pl__session *x, uint32_t round);
/* Emit an event (callback and trace). */
void pl__session_emit(pl__session *x, pl_event_kind kind, long from, long to,
                      const uint32_t *outcome, uint64_t visible,
                      const char *note);
/* Bit mask of every negotiating agent (plus the mediator if a party). */
uint64_t pl__session_all_mask(const pl__session *x);

/* The scenario analysis (cached; NULL if the space is too large or the
 * analysis failed). */
const struct pl_analysis *pl__session_analysis(pl__session *x);

/* Agents (agent.c). */
pl_status pl__agent_init(pl__session *x, pl_agent *a, size_t party,
                         pl_diag *diag);
void pl__agent_fini(pl_agent *a);
/* The strategy's bid, replaced when it is below the reservation value or
 * across a red line; false if the agent has no acceptable outcome. */
bool pl__agent_propose(pl_agent *a, uint32_t *out);
/* Record a received offer (opponent model, history). */
void pl__agent_receive(pl_agent *a, size_t from, const uint32_t *offer);
/* Accept `offer` given what the agent would propose next (computed into
 * `next`, issue_count entries)? */
bool pl__agent_accept(pl_agent *a, const uint32_t *offer, uint32_t *next);
bool pl__agent_vote(pl_agent *a, const uint32_t *cur, const uint32_t *prop);

/* Protocols. */
pl_status pl__protocol_saop(pl__session *x); /* ao and saop */
pl_status pl__protocol_mediated(pl__session *x);
pl_status pl__protocol_shuttle(pl__session *x);

#endif
