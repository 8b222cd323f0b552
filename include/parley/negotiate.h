/* parley: negotiation sessions -- protocols, strategies and traces.
 *
 * A session runs one protocol (alternating offers, stacked alternating
 * offers, mediated single text, shuttle mediation) between the parties of
 * a scenario, each driven by a strategy, until an agreement, a walk-away
 * or the deadline.  No agreement is a result, not an error: every party
 * then gets its reservation value.
 *
 *   pl_session_opts o = pl_session_opts_default();
 *   o.protocol = PL_PROTOCOL_SAOP;
 *   o.strategy[0] = "boulware:e=0.1";
 *   o.seed = 7;
 *   pl_session_result *r;
 *   if (pl_session_run(s, &o, &r, &diag) == PL_OK) {
 *       ...;
 *       pl_session_result_free(r);
 *   }
 *
 * Same scenario, options and seed give byte-identical results and traces
 * (unless a wall-clock limit, time_limit, ends the session).
 * docs/simulate.md describes every protocol and strategy. */
#ifndef PARLEY_NEGOTIATE_H
#define PARLEY_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rng.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- protocols --------------------------------------------------------- */

typedef enum pl_protocol {
    PL_PROTOCOL_DEFAULT = 0,  /* the scenario's simulate.protocol, else ao
                                 for 2 parties and saop for more */
    PL_PROTOCOL_AO = 1,       /* bilateral alternating offers (Rubinstein) */
    PL_PROTOCOL_SAOP = 2,     /* stacked alternating offers, n parties */
    PL_PROTOCOL_MEDIATED = 3, /* mediated single text (Klein et al. 2003) */
    PL_PROTOCOL_SHUTTLE = 4,  /* SAOP routed through a mediator */
    PL_PROTOCOL_COUNT = 5
} pl_protocol;

/* How the mediator of the single-text protocol revises its text. */
typedef enum pl_mediator_kind {
    PL_MEDIATOR_NASH = 0,   /* steer issue by issue toward the Nash package */
    PL_MEDIATOR_RANDOM = 1, /* random single-issue flips */
    PL_MEDIATOR_HILL = 2,   /* best untried welfare-improving flip */
    PL_MEDIATOR_ANNEAL = 3, /* random flips; keeps some rejected ones with
                               probability exp(dW/T), T falling to 0 */
    PL_MEDIATOR_KIND_COUNT = 4
} pl_mediator_kind;

/* "ao", "saop", "mediated", "shuttle" ("default" for 0); never NULL. */
PL_API const char *pl_protocol_name(pl_protocol p);
/* One-line description; never NULL. */
PL_API const char *pl_protocol_summary(pl_protocol p);
/* Protocol by name; false if unknown. */
PL_API bool pl_protocol_find(const char *name, pl_protocol *out);
/* "nash", "random", "hill", "anneal"; never NULL. */
PL_API const char *pl_mediator_kind_name(pl_mediator_kind k);

/* opts.mediator values other than a party index.  FROM_SCENARIO: the
 * scenario's simulate.mediator, else the only party with role mediator;
 * NEUTRAL: a mediator that is not a party. */
#define PL_MEDIATOR_FROM_SCENARIO (-1L)
#define PL_MEDIATOR_NEUTRAL (-2L)

/* ---- the session trace ------------------------------------------------- */

typedef enum pl_event_kind {
    PL_EV_START = 0,    /* session begins */
    PL_EV_OFFER = 1,    /* `from` proposes `outcome` (replaces the standing
                           offer) */
    PL_EV_ACCEPT = 2,   /* `from` accepts the standing offer / text */
    PL_EV_END = 3,      /* `from` ends the negotiation (walks away) */
    PL_EV_PROPOSE = 4,  /* mediator puts a text `outcome` to the parties */
    PL_EV_VOTE_YES = 5, /* `from` votes for the mediator's proposal */
    PL_EV_VOTE_NO = 6,  /* `from` votes against it */
    PL_EV_ADOPT = 7,    /* mediator makes the proposal its current text */
    PL_EV_DISCARD = 8,  /* mediator drops the proposal */
    PL_EV_RELAY = 9,    /* mediator shows the standing text to `to` */
    PL_EV_SIGN = 10,    /* `from` signs the final text */
    PL_EV_REFUSE = 11,  /* `from` refuses to sign the final text */
    PL_EV_AGREEMENT = 12,
    PL_EV_NO_AGREEMENT = 13,
    PL_EV_KIND_COUNT = 14
} pl_event_kind;

/* "start", "offer", "accept", ...; never NULL. */
PL_API const char *pl_event_kind_name(pl_event_kind k);

/* One event.  Borrowed by the callback: valid during the call only. */
typedef struct pl_event {
    uint64_t seq;   /* 0, 1, 2, ... within the session */
    uint32_t round; /* 1-based round (0 for start) */
    double time;    /* relative time in [0, 1] */
    pl_event_kind kind;
    long from;               /* scenario party index; -1: neutral mediator
                                or the session itself */
    long to;                 /* addressee, or -1: everyone in `visible` */
    const uint32_t *outcome; /* issue_count option indices, or NULL */
    uint64_t visible;        /* bit p set: party p saw this event */
    const char *note;        /* short reason ("deadline", ...) or NULL */
    bool approximate;        /* the outcome came from a bid lookup not
                                proven exact (docs/simulate.md) */
} pl_event;

/* Called for every event, in order. */
typedef void (*pl_event_fn)(void *ctx, const pl_scenario *s,
                            const pl_event *ev);

/* Write `ev` as one line of JSON, ending in a newline, to `f`: the trace format
 * parley.trace/1, documented in docs/simulate.md.  PL_EIO on a write
 * error. */
PL_API pl_status pl_event_write_jsonl(const pl_scenario *s, const pl_event *ev,
                                      FILE *f);

/* ---- strategies: the interface for writing one ------------------------ */

/* A party's view of the running session, handed to its strategy.
 * Borrowed: valid during the callback only. */
typedef struct pl_agent pl_agent;

/* A numeric strategy parameter, set with NAME:key=value. */
typedef struct pl_param_spec {
    const char *key;  /* [A-Za-z0-9_]+ */
    double dflt;      /* default value */
    double min, max;  /* inclusive range checked when parsing */
    const char *help; /* one line */
} pl_param_spec;

/* A strategy = bidding part + acceptance part + opponent-model part.
 * Only `name` and `propose` are required.  Leave `accept` NULL to use the
 * acceptance conditions chosen with ac=... (default: AC_next), and
 * `observe` NULL to use the model chosen with model=... (default: none;
 * model=freq gives the frequency model behind
 * pl_agent_best_for_opponents()).  See docs/simulate.md and
 * examples/strategy_example.c. */
typedef struct pl_strategy {
    const char *name;            /* as used in --strategy PARTY=NAME */
    const char *summary;         /* one line for `parley list strategies` */
    const pl_param_spec *params; /* numeric parameters, may be NULL */
    size_t n_params;
    size_t state_size; /* bytes of zeroed per-session state */
    /* Called once before the first round; `param` holds n_params values.
     * Return PL_OK or an error that aborts the session. */
    pl_status (*init)(pl_agent *a, void *state, const double *param);
    /* Bidding: write the next offer (issue_count option indices). */
    void (*propose)(pl_agent *a, void *state, uint32_t *out);
    /* Acceptance: accept `offer`, given the utility of the bid this agent
     * would make next?  NULL: the ac=... conditions.  Outcomes below the
     * reservation value or across a red line are never accepted, whatever
     * this returns. */
    bool (*accept)(pl_agent *a, void *state, const uint32_t *offer,
                   double next_utility);
    /* Opponent model: party `from` offered `offer`.  Optional. */
    void (*observe)(pl_agent *a, void *state, size_t from,
                    const uint32_t *offer);
    /* Single-text vote on `proposed` replacing `current`.  NULL: yes iff
     * it is no worse than `current` or acceptable by the acceptance part
     * against the agent's current target. */
    bool (*vote)(pl_agent *a, void *state, const uint32_t *current,
                 const uint32_t *proposed);
} pl_strategy;

/* What a strategy may ask.  Utilities are the party's own, undiscounted. */
PL_API const pl_scenario *pl_agent_scenario(const pl_agent *a);
PL_API size_t pl_agent_party(const pl_agent *a);   /* scenario index */
PL_API double pl_agent_time(const pl_agent *a);    /* in [0, 1] */
PL_API uint32_t pl_agent_round(const pl_agent *a); /* 1-based */
PL_API pl_rng *pl_agent_rng(pl_agent *a);          /* the agent's stream */
PL_API double pl_agent_utility(const pl_agent *a, const uint32_t *outcome);
PL_API double pl_agent_reservation(const pl_agent *a);
PL_API double pl_agent_best_utility(const pl_agent *a);  /* max over space */
PL_API double pl_agent_worst_utility(const pl_agent *a); /* min over space */
/* Reservation reached and no red line crossed. */
PL_API bool pl_agent_is_acceptable(const pl_agent *a, const uint32_t *o);
/* An outcome with utility closest to `target` (exact to 1e-9 of the
 * utility range) into out; returns its utility.  Fast: presorted index or
 * a bounded search, never a scan of the space. */
PL_API double pl_agent_closest(pl_agent *a, double target, uint32_t *out);
/* An outcome with the smallest utility >= target into out; false (out
 * untouched) if none reaches it.  Every bid below the agent's reservation
 * value is replaced this way by the session. */
PL_API bool pl_agent_at_least(pl_agent *a, double target, uint32_t *out);
/* The outcome the opponent model rates best among those with own utility
 * in [lo, hi]; false (out untouched) if there is no model yet or no such
 * outcome. */
PL_API bool pl_agent_best_for_opponents(pl_agent *a, double lo, double hi,
                                        uint32_t *out);
/* The model's estimate of the opponents' summed utility of `o` (0 with
 * no model). */
PL_API double pl_agent_model_utility(const pl_agent *a, const uint32_t *o);
/* Offers received so far (from any party), and the own utility of the
 * first, the last and the best of them (NaN if none). */
PL_API uint64_t pl_agent_received_count(const pl_agent *a);
PL_API double pl_agent_received_first(const pl_agent *a);
PL_API double pl_agent_received_last(const pl_agent *a);
PL_API double pl_agent_received_best(const pl_agent *a);
/* The last offer received, or NULL.  Borrowed until the next round. */
PL_API const uint32_t *pl_agent_last_offer(const pl_agent *a);
/* Faratin et al. (1998) time-dependent target:
 * pmin + (pmax - pmin) * (1 - (k + (1 - k) * t^(1/e))),
 * with pmax = best utility and pmin = max(reservation, worst utility). */
PL_API double pl_agent_time_target(const pl_agent *a, double e, double k);

/* Built-in strategies, in the order `parley list strategies` shows. */
PL_API size_t pl_strategy_count(void);
PL_API const pl_strategy *pl_strategy_at(size_t i); /* NULL if out of range */
PL_API const pl_strategy *pl_strategy_find(const char *name);

/* Check "NAME[:k=v,...]" strictly (known name, known keys, numbers in
 * range, no duplicates).  `custom` (may be NULL) replaces the built-in
 * lookup of NAME.  PL_EINVAL with a message in diag otherwise. */
PL_API pl_status pl_strategy_check(const char *spec, const pl_strategy *custom,
                                   pl_diag *diag);

/* ---- running a session ------------------------------------------------- */

/* Reusable per-scenario data (bid indices per party, the analysis used
 * for distances), for running many sessions on one scenario.  Optional. */
typedef struct pl_session_cache pl_session_cache;
/* PL_OK: *out is new; free with pl_session_cache_free().  Borrows `s`. */
PL_API pl_status pl_session_cache_new(const pl_scenario *s,
                                      pl_session_cache **out);
PL_API void pl_session_cache_free(pl_session_cache *c);

typedef struct pl_session_opts {
    pl_protocol protocol; /* default PL_PROTOCOL_DEFAULT */
    /* Protocol parameters "k=v,...": mediated: kind=nash|random|hill|
     * anneal, t0=T (anneal start temperature, default 0.3), start=
     * mediator|random.  NULL for none. */
    const char *protocol_params;
    long mediator; /* party index or PL_MEDIATOR_* */
    /* Strategy spec "NAME[:k=v,...]" per scenario party index; NULL: the
     * default ("linear").  custom[p] (if set) is used instead of looking
     * NAME up; its name must still match. */
    const char *strategy[PL_MAX_PARTIES];
    const pl_strategy *custom[PL_MAX_PARTIES];
    uint32_t rounds;         /* deadline; 0: scenario's simulate.rounds,
                                else 100 (also when only time_limit) */
    double time_limit;       /* seconds of wall clock; 0: none */
    uint64_t seed;           /* every random choice; default 0 */
    bool distances;          /* compute distances (runs pl_analyze);
                                default true */
    pl_session_cache *cache; /* borrowed; NULL: built per session */
    pl_event_fn on_event;    /* NULL: none */
    void *event_ctx;
    FILE *trace; /* JSON Lines trace written here, or NULL */
} pl_session_opts;

PL_API pl_session_opts pl_session_opts_default(void);

typedef enum pl_end_reason {
    PL_END_AGREEMENT = 0,
    PL_END_DEADLINE = 1, /* rounds or time ran out */
    PL_END_WALKAWAY = 2, /* a party ended the negotiation */
    PL_END_REFUSED = 3   /* single text: a party refused to sign */
} pl_end_reason;

typedef struct pl_session_result {
    size_t n_parties;     /* parties with a utility (analysis order) */
    uint32_t *party;      /* their scenario indices */
    pl_protocol protocol; /* resolved */
    pl_mediator_kind mediator_kind;
    long mediator;     /* party index, PL_MEDIATOR_NEUTRAL, or -1 */
    uint32_t deadline; /* rounds allowed */
    uint32_t rounds;   /* rounds used */
    uint64_t events;   /* events in the trace */
    uint64_t offers;   /* offers and proposals made */
    pl_end_reason end;
    long ended_by; /* who walked away / refused, else -1 */
    bool agreement;
    double agreement_time; /* relative time of the agreement */
    bool has_index;        /* index valid (space fits 64 bits) */
    uint64_t index;
    uint32_t *outcome; /* issue_count entries; the agreement, or the
                          last standing offer / text (NULL if none) */
    double *utility;   /* per party: discounted by d^t, reservation
                          (discounted at the end time) if no deal */
    double *utility_undiscounted;
    /* Euclidean distance, in the parties' (undiscounted) utility space,
     * from the agreement -- or from the reservation point if there is
     * none -- to the nearest Pareto frontier point and to the Nash
     * package.  NaN when not computed (distances off, space too big,
     * no Nash package). */
    double distance_to_pareto, distance_to_nash;
    bool has_nash; /* the Nash package, when analysed */
    uint32_t *nash_outcome;
    double *nash_utility;
    uint64_t nash_index; /* valid when the space fits 64 bits */
    char **strategy; /* per session party: "NAME:k=v,..." in full */
    /* Bid lookups per session party (docs/simulate.md "Bid lookup"): the
     * back end ("index", "search" or "pool"; NULL for a party without
     * an agent), lookups made, those not proven exact, and the largest
     * |utility - target| among the latter (0 when none). */
    const char **lookup_method;
    uint64_t *lookups, *lookups_approx;
    double *lookup_max_miss;
} pl_session_result;

/* Run one session.  PL_OK: *out is new; free with
 * pl_session_result_free().  PL_EINVAL (message in diag): bad strategy or
 * protocol spec, unknown mediator, a bilateral protocol with other than 2
 * parties, a protocol needing a mediator without one, a protocol whose
 * messages would cross a missing talks channel.  PL_ENOMEM, PL_EIO
 * (trace write). */
PL_API pl_status pl_session_run(const pl_scenario *s,
                                const pl_session_opts *opts,
                                pl_session_result **out, pl_diag *diag);
PL_API void pl_session_result_free(pl_session_result *r);

/* Schema parley.session/1 (DESIGN.md section 6) as pretty JSON with a
 * final newline; caller owns *text, free with pl_free(). */
PL_API pl_status pl_session_json(const pl_scenario *s,
                                 const pl_session_result *r, char **text,
                                 size_t *len);

#ifdef __cplusplus
}
#endif
#endif
