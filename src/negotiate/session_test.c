/* Sessions: hand-checked short runs, every protocol and strategy, the
 * talks topology in every trace event, determinism, usage errors and
 * allocation failures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "negotiate/strategy.h"
#include "parley/analysis.h"
#include "parley/negotiate.h"
#include "pl_test.h"
#include "random_scenario.h"

/* ---- helpers ----------------------------------------------------------- */

struct rec {
    pl_event_kind kind;
    long from, to;
    uint32_t round;
    uint64_t visible;
    long index; /* outcome index or -1 */
};

struct log {
    struct rec ev[4096];
    size_t n;
};

static void record(void *ctx, const pl_scenario *s, const pl_event *ev)
{
    struct log *l = ctx;
    uint64_t idx;

    if (l->n == sizeof l->ev / sizeof l->ev[0])
        return;
    l->ev[l->n].kind = ev->kind;
    l->ev[l->n].from = ev->from;
    l->ev[l->n].to = ev->to;
    l->ev[l->n].round = ev->round;
    l->ev[l->n].visible = ev->visible;
    l->ev[l->n].index =
        ev->outcome && pl_scenario_outcome_encode(s, ev->outcome, &idx)
            ? (long)idx
            : -1;
    l->n++;
}

static pl_scenario *load(const char *name)
{
    char path[1024];
    pl_scenario *s = NULL;
    pl_diag d;

    memset(&d, 0, sizeof d);
    if (strcmp(name, "berlin-2025") == 0) {
        pl_scenario_load_builtin(name, &s, &d);
        return s;
    }
    snprintf(path, sizeof path, "%s/tests/data/sim/%s", PL_SOURCE_DIR, name);
    if (pl_scenario_load_file(path, &s, &d) != PL_OK)
        fprintf(stderr, "cannot load %s: %s\n", path, d.message);
    return s;
}

static const char hand_r[] =
    "format: parley/1\n"
    "issues:\n"
    "  - {id: x, options: [lo, hi]}\n"
    "  - {id: y, options: [lo, hi]}\n"
    "parties:\n"
    "  - id: alice\n"
    "    reservation: 0.3\n"
    "    discount: 0.9\n"
    "    weights: {x: 60, y: 40}\n"
    "    values: {x: {lo: 1, hi: 0}, y: {lo: 1, hi: 0}}\n"
    "  - id: bob\n"
    "    reservation: 0.2\n"
    "    weights: {x: 50, y: 50}\n"
    "    values: {x: {lo: 0, hi: 1}, y: {lo: 0, hi: 1}}\n";

static pl_scenario *load_text(const char *text)
{
    pl_scenario *s = NULL;
    pl_diag d;

    memset(&d, 0, sizeof d);
    if (pl_scenario_load_text(text, strlen(text), NULL, PL_FORMAT_YAML, &s,
                              &d) != PL_OK)
        fprintf(stderr, "cannot load: %s\n", d.message);
    return s;
}

/* Run and return the trace text (caller frees) and the result. */
static pl_status run_capture(const pl_scenario *s, pl_session_opts *o,
                             pl_session_result **r, char **trace, char **json)
{
    size_t len = 0;
    FILE *f = open_memstream(trace, &len);
    pl_diag d;
    pl_status st;

    memset(&d, 0, sizeof d);
    o->trace = f;
    st = pl_session_run(s, o, r, &d);
    fclose(f);
    o->trace = NULL;
    if (st != PL_OK) {
        fprintf(stderr, "session: %s\n", d.message);
        *json = NULL;
        return st;
    }
    return pl_session_json(s, *r, json, &len);
}

/* ---- hand-checked sessions --------------------------------------------- */

/* hand2.yaml, both linear, 4 rounds (t = 0, 1/3, 2/3, 1), reservations 0.
 * Targets 1 - t for both (pmax 1, pmin 0).  Utilities (alice, bob):
 * o0 (1, 0), o1 (.6, .5), o2 (.4, .5), o3 (0, 1).
 *   round 1: alice opens with closest(1) = o0.  bob: next = closest(1) =
 *            o3 (1.0); AC_next 1 <= u_bob(o0) = 0? no: counters o3.
 *   round 2: alice: next = closest(.667) = o1 (.6, distance .067 < .333);
 *            1*.6 <= u_alice(o3) = 0? no: counters o1.  bob: next =
 *            closest(.667): .5 (distance .167; o1 and o2 tie, the first
 *            of the equal run, o1); AC_next .5 <= u_bob(o1) = .5: accept.
 * Agreement o1 in round 2 at t = 1/3: the Nash package (.6*.5 = .3 is
 * the largest product), on the frontier {o0, o1, o3}. */
static void test_hand_linear(void)
{
    pl_scenario *s = load("hand2.yaml");
    pl_session_opts o = pl_session_opts_default();
    pl_session_result *r = NULL;
    struct log *l = calloc(1, sizeof *l);

    o.rounds = 4;
    o.on_event = record;
    o.event_ctx = l;
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK_INT(r->protocol, PL_PROTOCOL_AO);
    PL_CHECK(r->agreement);
    PL_CHECK_INT(r->rounds, 2);
    PL_CHECK_INT(r->index, 1);
    PL_CHECK_NEAR(r->agreement_time, 1.0 / 3, 1e-15);
    PL_CHECK_NEAR(r->utility[0], 0.6, 1e-15);
    PL_CHECK_NEAR(r->utility[1], 0.5, 1e-15);
    PL_CHECK_NEAR(r->distance_to_pareto, 0, 1e-15);
    PL_CHECK_NEAR(r->distance_to_nash, 0, 1e-15);
    PL_CHECK_INT(r->offers, 3);
    /* start, offer o0 by alice, offer o3 by bob, offer o1 by alice,
     * accept by bob, agreement */
    PL_CHECK_INT(l->n, 6);
    PL_CHECK_INT(l->ev[0].kind, PL_EV_START);
    PL_CHECK_INT(l->ev[1].kind, PL_EV_OFFER);
    PL_CHECK_INT(l->ev[1].from, 0);
    PL_CHECK_INT(l->ev[1].index, 0);
    PL_CHECK_INT(l->ev[2].from, 1);
    PL_CHECK_INT(l->ev[2].index, 3);
    PL_CHECK_INT(l->ev[3].from, 0);
    PL_CHECK_INT(l->ev[3].index, 1);
    PL_CHECK_INT(l->ev[3].round, 2);
    PL_CHECK_INT(l->ev[4].kind, PL_EV_ACCEPT);
    PL_CHECK_INT(l->ev[4].from, 1);
    PL_CHECK_INT(l->ev[5].kind, PL_EV_AGREEMENT);
    PL_CHECK_INT(l->ev[5].index, 1);
    pl_session_result_free(r);
    pl_scenario_free(s);
    free(l);
}

/* Same space; alice (reservation .3, discount .9) is a hardliner, bob
 * (reservation .2) linear: target .2 + .8 (1 - t) = 1, .733, .467, .2.
 *   r1: alice o0 (her best); bob rejects (u 0 < .2), offers o3.
 *   r2: alice rejects o3 (0 < .3), offers o0; bob: closest(.733) = .5
 *       (o1), rejects o0, offers o1.
 *   r3: alice: AC_next 1 <= .6? no; offers o0.  bob: closest(.467) = o1.
 *   r4: alice offers o0; bob: closest(.2) = o0 (u 0) is below his
 *       reservation, so the session bids o1 (the lowest utility >= .2);
 *       o0 is rejected.
 * No agreement: utilities are the reservations, alice's discounted at
 * t = 1: .3 * .9. */
static void test_hand_hardliner(void)
{
    pl_scenario *s = load_text(hand_r);
    pl_session_opts o = pl_session_opts_default();
    pl_session_result *r = NULL;
    struct log *l = calloc(1, sizeof *l);
    const long want[8][2] = {{0, 0}, {1, 3}, {0, 0}, {1, 1},
                             {0, 0}, {1, 1}, {0, 0}, {1, 1}};

    o.rounds = 4;
    o.strategy[0] = "hardliner";
    o.on_event = record;
    o.event_ctx = l;
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK(!r->agreement);
    PL_CHECK_INT(r->end, PL_END_DEADLINE);
    PL_CHECK_INT(r->rounds, 4);
    PL_CHECK_INT(r->offers, 8);
    PL_CHECK_NEAR(r->utility_undiscounted[0], 0.3, 1e-15);
    PL_CHECK_NEAR(r->utility[0], 0.3 * 0.9, 1e-15);
    PL_CHECK_NEAR(r->utility[1], 0.2, 1e-15);
    PL_CHECK_INT(l->n, 10);
    for (int k = 0; k < 8; k++) {
        PL_CHECK_INT(l->ev[1 + k].kind, PL_EV_OFFER);
        PL_CHECK_INT(l->ev[1 + k].from, want[k][0]);
        PL_CHECK_INT(l->ev[1 + k].index, want[k][1]);
        PL_CHECK_INT(l->ev[1 + k].round, 1 + k / 2);
    }
    PL_CHECK_INT(l->ev[9].kind, PL_EV_NO_AGREEMENT);
    /* no deal: distances from the reservation point (.3, .2): nearest
     * frontier point o1 (.6, .5), distance sqrt(.09 + .09) */
    PL_CHECK_NEAR(r->distance_to_pareto, sqrt(0.18), 1e-12);
    pl_session_result_free(r);
    pl_scenario_free(s);
    free(l);
}

/* Discounting of an agreement: alice .6 at t = 1/3 with d = .9. */
static void test_hand_discount(void)
{
    pl_scenario *s = load_text(hand_r);
    pl_session_opts o = pl_session_opts_default();
    pl_session_result *r = NULL;

    o.rounds = 4;
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    /* alice's pmin is now .3: targets 1, .767, .533, .3; bob's .2:
     * 1, .733, .467, .2.  r1: o0, o3.  r2: alice closest(.767): .6 (o1,
     * distance .167) vs 1 (.233): o1; bob closest(.733) = .5: accepts o1
     * (AC_next .5 <= .5). */
    PL_CHECK(r->agreement);
    PL_CHECK_INT(r->index, 1);
    PL_CHECK_NEAR(r->utility[0], 0.6 * pow(0.9, 1.0 / 3), 1e-15);
    PL_CHECK_NEAR(r->utility_undiscounted[0], 0.6, 1e-15);
    pl_session_result_free(r);
    pl_scenario_free(s);
}

/* SAOP, three parties, one issue x in {p, q, r}, everyone linear,
 * reservations 0, 3 rounds (t = 0, .5, 1).  Utilities: a (1, .6, 0),
 * b (0, .7, 1), c (.4, .8, .2).
 *   round 1 (targets 1): a opens p; b's next bid is r (1), AC_next
 *     1 <= u_b(p) = 0 fails: counter-offer r; c's next is q (.8, the
 *     closest to 1), .8 <= u_c(r) = .2 fails: counter-offer q.
 *   round 2 (targets .5): a's next is q (.6, distance .1): .6 <= u_a(q)
 *     = .6, accepts; b's next is q (.7, distance .2): accepts.  All
 *     n - 1 = 2 others accepted q in sequence: agreement q in round 2. */
static void test_hand_saop(void)
{
    static const char text[] =
        "format: parley/1\n"
        "issues:\n"
        "  - {id: x, options: [p, q, r]}\n"
        "parties:\n"
        "  - {id: a, weights: {x: 1}, values: {x: {p: 1, q: 0.6, r: 0}}}\n"
        "  - {id: b, weights: {x: 1}, values: {x: {p: 0, q: 0.7, r: 1}}}\n"
        "  - {id: c, weights: {x: 1}, values: {x: {p: 0.4, q: 0.8, r: 0.2}}}\n";
    pl_scenario *s = load_text(text);
    pl_session_opts o = pl_session_opts_default();
    pl_session_result *r = NULL;
    struct log *l = calloc(1, sizeof *l);
    const pl_event_kind kinds[] = {PL_EV_START,    PL_EV_OFFER,  PL_EV_OFFER,
                                   PL_EV_OFFER,    PL_EV_ACCEPT, PL_EV_ACCEPT,
                                   PL_EV_AGREEMENT};
    const long from[] = {-1, 0, 1, 2, 0, 1, -1};
    const long idx[] = {-1, 0, 2, 1, 1, 1, 1};

    o.rounds = 3;
    o.on_event = record;
    o.event_ctx = l;
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK_INT(r->protocol, PL_PROTOCOL_SAOP);
    PL_CHECK(r->agreement);
    PL_CHECK_INT(r->index, 1);
    PL_CHECK_INT(r->rounds, 2);
    PL_CHECK_NEAR(r->utility[2], 0.8, 1e-15);
    PL_CHECK_INT(l->n, 7);
    for (size_t k = 0; k < 7 && k < l->n; k++) {
        PL_CHECK_INT(l->ev[k].kind, kinds[k]);
        PL_CHECK_INT(l->ev[k].from, from[k]);
        PL_CHECK_INT(l->ev[k].index, idx[k]);
        PL_CHECK_INT(l->ev[k].visible, 7); /* broadcast */
    }
    pl_session_result_free(r);
    pl_scenario_free(s);
    free(l);
}

/* Mediated single text, kind=hill, hill-climbing voters p and q, mediator
 * m with its own utility.  Issues x, y in {a, b}; outcome index 2x + y.
 *   p: w .5/.5, x (a 0, b 1), y (a 0, b 1)
 *   q: w .8/.2, x (a 0, b 1), y (a 1, b 0)
 *   m: w .5/.5, x (a 1, b 0), y (a 1, b 0): opening text (a, a) = index 0,
 *      where p has 0 and q .2.
 *   Candidates from (a, a), by welfare gain of p + q: x -> b (p +.5,
 *   q +.8: 1.3), y -> b (p +.5, q -.2: .3).
 *   round 1: (b, a) = index 2: both no worse, adopted.  From (b, a) only
 *     y -> b gains (p +.5, q -.2: .3).
 *   round 2: (b, b) = index 3: p yes, q no: discarded.
 *   round 3: no untried welfare-improving flip: the mediator stops and
 *     the text (b, a) goes to signature: p .5, q 1, m .5, reservations 0:
 *     all sign.  Agreement index 2 in round 3. */
static void test_hand_mediated(void)
{
    static const char text[] =
        "format: parley/1\n"
        "issues:\n"
        "  - {id: x, options: [a, b]}\n"
        "  - {id: y, options: [a, b]}\n"
        "parties:\n"
        "  - {id: p, weights: {x: 1, y: 1},\n"
        "     values: {x: {a: 0, b: 1}, y: {a: 0, b: 1}}}\n"
        "  - {id: q, weights: {x: 4, y: 1},\n"
        "     values: {x: {a: 0, b: 1}, y: {a: 1, b: 0}}}\n"
        "  - {id: m, role: mediator, weights: {x: 1, y: 1},\n"
        "     values: {x: {a: 1, b: 0}, y: {a: 1, b: 0}}}\n";
    pl_scenario *s = load_text(text);
    pl_session_opts o = pl_session_opts_default();
    pl_session_result *r = NULL;
    struct log *l = calloc(1, sizeof *l);
    const pl_event_kind kinds[] = {
        PL_EV_START,    PL_EV_PROPOSE,  PL_EV_ADOPT,    PL_EV_PROPOSE,
        PL_EV_VOTE_YES, PL_EV_VOTE_YES, PL_EV_ADOPT,    PL_EV_PROPOSE,
        PL_EV_VOTE_YES, PL_EV_VOTE_NO,  PL_EV_DISCARD,  PL_EV_SIGN,
        PL_EV_SIGN,     PL_EV_SIGN,     PL_EV_AGREEMENT};
    const long idx[] = {-1, 0, 0, 2, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2, 2};

    o.protocol = PL_PROTOCOL_MEDIATED;
    o.protocol_params = "kind=hill";
    o.strategy[0] = "hillclimber";
    o.strategy[1] = "hillclimber";
    o.rounds = 10;
    o.on_event = record;
    o.event_ctx = l;
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK_INT(r->mediator, 2);
    PL_CHECK(r->agreement);
    PL_CHECK_INT(r->index, 2);
    PL_CHECK_INT(r->rounds, 3);
    PL_CHECK_INT(l->n, 15);
    for (size_t k = 0; k < 15 && k < l->n; k++) {
        PL_CHECK_INT(l->ev[k].kind, kinds[k]);
        PL_CHECK_INT(l->ev[k].index, idx[k]);
    }
    /* votes are seen by the voter and the mediator only */
    PL_CHECK_INT(l->ev[4].visible, 1 | 4);
    PL_CHECK_INT(l->ev[5].visible, 2 | 4);
    pl_session_result_free(r);
    pl_scenario_free(s);
    free(l);
}

/* ---- every protocol and strategy --------------------------------------- */

/* Every offer-protocol event is broadcast; in SAOP the agreement is the
 * standing offer accepted by all n - 1 others in sequence. */
static void check_saop_trace(const struct log *l, size_t n)
{
    size_t accepts = 0;
    long standing = -1;

    for (size_t k = 0; k < l->n; k++) {
        const struct rec *e = &l->ev[k];
        if (e->kind == PL_EV_OFFER) {
            standing = e->index;
            accepts = 0;
        } else if (e->kind == PL_EV_ACCEPT) {
            PL_CHECK_INT(e->index, standing);
            accepts++;
        } else if (e->kind == PL_EV_AGREEMENT) {
            PL_CHECK_INT(accepts, n - 1);
            PL_CHECK_INT(e->index, standing);
        }
    }
}

static void test_saop_all_strategies(void)
{
    pl_scenario *s = load("trio.yaml");
    const size_t n = pl_strategy_count();
    int deals = 0;

    for (size_t a = 0; a < n; a++) {
        for (size_t b = 0; b < n; b += 3) {
            pl_session_opts o = pl_session_opts_default();
            pl_session_result *r = NULL;
            struct log *l = calloc(1, sizeof *l);
            o.strategy[0] = pl_strategy_at(a)->name;
            o.strategy[1] = pl_strategy_at(b)->name;
            o.strategy[2] = pl_strategy_at((a + b) % n)->name;
            o.rounds = 60;
            o.seed = a * 31 + b;
            o.on_event = record;
            o.event_ctx = l;
            PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
            if (!r) {
                free(l);
                continue;
            }
            PL_CHECK_INT(r->protocol, PL_PROTOCOL_SAOP);
            check_saop_trace(l, 3);
            if (r->agreement) {
                deals++;
                for (size_t j = 0; j < 3; j++)
                    PL_CHECK(r->utility_undiscounted[j] >=
                             pl_scenario_party_reservation(s, j));
                PL_CHECK(r->distance_to_pareto >= 0);
            } else {
                for (size_t j = 0; j < 3; j++)
                    PL_CHECK_NEAR(r->utility_undiscounted[j],
                                  pl_scenario_party_reservation(s, j), 0);
            }
            /* the seller's discount .9 applies at the end time */
            PL_CHECK(r->utility[1] <= r->utility_undiscounted[1] + 1e-15);
            pl_session_result_free(r);
            free(l);
        }
    }
    PL_CHECK(deals > 0);
    fprintf(stderr, "%d of the SAOP sessions agreed\n", deals);
    pl_scenario_free(s);
}

/* Hardliners on both sides never agree where their bests differ; two
 * conceders agree early. */
static void test_strategy_behaviour(void)
{
    pl_scenario *s = load("hand2.yaml");
    pl_session_opts o = pl_session_opts_default();
    pl_session_result *r = NULL;

    o.rounds = 50;
    o.strategy[0] = "hardliner";
    o.strategy[1] = "hardliner";
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK(!r->agreement);
    PL_CHECK_INT(r->rounds, 50);
    pl_session_result_free(r);
    o.strategy[0] = "conceder";
    o.strategy[1] = "boulware";
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK(r->agreement);
    PL_CHECK(r->utility[1] >= r->utility[0] - 0.11); /* Boulware wins */
    pl_session_result_free(r);
    /* AC_time accepts anything acceptable at t >= T */
    o.strategy[0] = "hardliner";
    o.strategy[1] = "hardliner:ac=time,T=0.5";
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK(r->agreement);
    PL_CHECK_INT(r->index, 0); /* alice's best, bob gave in */
    PL_CHECK(r->agreement_time >= 0.5);
    pl_session_result_free(r);
    /* AC_const */
    o.strategy[1] = "hardliner:ac=const,c=0";
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK(r->agreement);
    PL_CHECK_INT(r->rounds, 1);
    pl_session_result_free(r);
    /* tit-for-tat against a conceder reciprocates: a deal */
    o.strategy[0] = "tft";
    o.strategy[1] = "conceder";
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK(r->agreement);
    pl_session_result_free(r);
    /* AC_combi and the frequency model */
    o.strategy[0] = "freq:ac=combi,T=0.8";
    o.strategy[1] = "random";
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    PL_CHECK(r->agreement);
    pl_session_result_free(r);
    pl_scenario_free(s);
}

/* The frequency model: after a hardliner opponent's repeated offers, the
 * freq bidder offers, among its near-target bids, the opponent's
 * favourite options. */
static void test_freq_model(void)
{
    pl_scenario *s = load("trio.yaml");
    pl_session_opts o = pl_session_opts_default();
    pl_session_result *r = NULL;
    struct log *l = calloc(1, sizeof *l);

    o.protocol = PL_PROTOCOL_SAOP;
    o.strategy[0] = "freq:delta=0.3";
    o.strategy[1] = "hardliner";
    o.strategy[2] = "hardliner";
    o.rounds = 20;
    o.on_event = record;
    o.event_ctx = l;
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    /* the buyer's later offers keep the seller/shipper-friendly options
     * where it costs the buyer little: its last offer must have a model
     * score at least that of its plain closest-to-target bid; we check
     * the observable part: the buyer never offered below its
     * reservation */
    for (size_t k = 0; k < l->n; k++) {
        if (l->ev[k].kind == PL_EV_OFFER && l->ev[k].from == 0) {
            uint32_t out[3];
            pl_scenario_outcome_decode(s, (uint64_t)l->ev[k].index, out);
            PL_CHECK(pl_scenario_utility(s, 0, out) >= 0.3);
        }
    }
    pl_session_result_free(r);
    pl_scenario_free(s);
    free(l);
}

/* The frequency model by hand (trio.yaml: issues of 11, 3 and 4
 * options).  Three identical offers from party 1: every issue kept its
 * option twice, raw weights 1/3 + 0.2 each, normalised 1/3; offered
 * options are worth (3 + 1)/(3 + 1) = 1, the others 1/4.  A fourth offer
 * changing only the price: raw weights (1/3 + .2, 1/3 + .3, 1/3 + .3). */
static void test_freq_by_hand(void)
{
    pl_scenario *s = load("trio.yaml");
    pl__freq_model *m = pl__freq_new(s);
    const uint32_t o1[3] = {2, 1, 3}, o2[3] = {5, 1, 3};
    const double *M;
    double w[3], sum;

    PL_CHECK(pl__freq_scores(m) == NULL);
    for (int k = 0; k < 3; k++)
        PL_CHECK(pl__freq_observe(m, 1, o1));
    M = pl__freq_scores(m);
    PL_CHECK_NEAR(M[s->opt_offset[0] + 2], 1.0 / 3, 1e-15);
    PL_CHECK_NEAR(M[s->opt_offset[0] + 3], 1.0 / 12, 1e-15);
    PL_CHECK_NEAR(M[s->opt_offset[2] + 3], 1.0 / 3, 1e-15);
    PL_CHECK_NEAR(pl__freq_utility(m, o1), 1.0, 1e-15);
    PL_CHECK(pl__freq_observe(m, 1, o2));
    w[0] = 1.0 / 3 + 0.2;
    w[1] = w[2] = 1.0 / 3 + 0.3;
    sum = w[0] + w[1] + w[2];
    M = pl__freq_scores(m);
    /* price: option 2 seen 3 times, option 5 once, max 3 */
    PL_CHECK_NEAR(M[s->opt_offset[0] + 2], w[0] / sum * 4 / 4, 1e-15);
    PL_CHECK_NEAR(M[s->opt_offset[0] + 5], w[0] / sum * 2 / 4, 1e-15);
    PL_CHECK_NEAR(M[s->opt_offset[1] + 1], w[1] / sum * 5 / 5, 1e-15);
    PL_CHECK_NEAR(M[s->opt_offset[1] + 0], w[1] / sum * 1 / 5, 1e-15);
    /* a second opponent adds its own estimate */
    PL_CHECK(pl__freq_observe(m, 2, o1));
    M = pl__freq_scores(m);
    PL_CHECK_NEAR(M[s->opt_offset[1] + 1], w[1] / sum * 5 / 5 + 1.0 / 3 * 2 / 2,
                  1e-15);
    pl__freq_free(m);
    pl_scenario_free(s);
}

/* Every event: each party that saw it is its author or has a direct
 * channel to the author. */
static void check_topology(const pl_scenario *s, const struct log *l)
{
    for (size_t k = 0; k < l->n; k++) {
        const struct rec *e = &l->ev[k];
        if (e->from < 0)
            continue;
        PL_CHECK(e->visible >> e->from & 1);
        for (size_t v = 0; v < pl_scenario_party_count(s); v++)
            if (e->visible >> v & 1 && (long)v != e->from)
                PL_CHECK(pl_scenario_talks_allowed(s, (size_t)e->from, v));
        if (e->to >= 0)
            PL_CHECK(e->visible >> e->to & 1);
    }
}

static void test_mediated_kinds(void)
{
    pl_scenario *s = load("berlin-2025");
    const long ua = pl_scenario_party_find(s, "ukraine");
    const long ru = pl_scenario_party_find(s, "russia");
    const char *kinds[] = {"kind=nash", "kind=random", "kind=hill",
                           "kind=anneal,t0=0.5", "kind=hill,start=random"};

    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        pl_session_opts o = pl_session_opts_default();
        pl_session_result *r = NULL;
        struct log *l = calloc(1, sizeof *l);
        o.protocol = PL_PROTOCOL_MEDIATED;
        o.protocol_params = kinds[k];
        o.on_event = record;
        o.event_ctx = l;
        PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
        check_topology(s, l);
        /* Ukraine and Russia never see each other's votes */
        for (size_t e = 0; e < l->n; e++)
            if (l->ev[e].from == ua || l->ev[e].from == ru)
                PL_CHECK(!((l->ev[e].visible >> ua & 1) &&
                           (l->ev[e].visible >> ru & 1)));
        if (k == 0) {
            /* the Nash mediator reaches the Nash package here */
            PL_CHECK(r->agreement);
            PL_CHECK(r->has_nash);
            PL_CHECK_INT(r->index, r->nash_index);
            PL_CHECK_NEAR(r->distance_to_nash, 0, 1e-12);
        }
        if (r->agreement)
            for (size_t j = 0; j < r->n_parties; j++)
                PL_CHECK(r->utility_undiscounted[j] >=
                         pl_scenario_party_reservation(s, r->party[j]));
        pl_session_result_free(r);
        free(l);
    }
    pl_scenario_free(s);
}

/* Hill-climbing voters only ever adopt texts no voter likes less. */
static void test_hill_voters(void)
{
    pl_scenario *s = load("berlin-2025");
    pl_session_opts o = pl_session_opts_default();
    pl_session_result *r = NULL;
    struct log *l = calloc(1, sizeof *l);
    double prev[PL_MAX_PARTIES];
    bool first = true;

    o.protocol = PL_PROTOCOL_MEDIATED;
    o.protocol_params = "kind=random,start=random";
    o.seed = 3;
    o.rounds = 200;
    for (size_t p = 0; p < pl_scenario_party_count(s); p++)
        if (pl_scenario_party_role(s, p) == PL_ROLE_NEGOTIATOR)
            o.strategy[p] = "hillclimber";
    o.on_event = record;
    o.event_ctx = l;
    PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
    for (size_t k = 0; k < l->n; k++) {
        uint32_t out[16];
        if (l->ev[k].kind != PL_EV_ADOPT)
            continue;
        pl_scenario_outcome_decode(s, (uint64_t)l->ev[k].index, out);
        for (size_t p = 0; p < pl_scenario_party_count(s); p++) {
            const double u = pl_scenario_utility(s, p, out);
            if (pl_scenario_party_role(s, p) != PL_ROLE_NEGOTIATOR)
                continue;
            if (!first)
                PL_CHECK(u >= prev[p]);
            prev[p] = u;
        }
        first = false;
    }
    pl_session_result_free(r);
    pl_scenario_free(s);
    free(l);
}

static void test_shuttle_topology(void)
{
    pl_scenario *s = load("berlin-2025");
    const long ua = pl_scenario_party_find(s, "ukraine");
    const long ru = pl_scenario_party_find(s, "russia");

    for (uint64_t seed = 0; seed < 4; seed++) {
        pl_session_opts o = pl_session_opts_default();
        pl_session_result *r = NULL;
        struct log *l = calloc(1, sizeof *l);
        o.protocol = PL_PROTOCOL_SHUTTLE;
        o.seed = seed;
        o.rounds = 30;
        o.strategy[ua] = seed & 1 ? "boulware" : "conceder";
        o.strategy[ru] = "random";
        o.on_event = record;
        o.event_ctx = l;
        PL_CHECK_INT(pl_session_run(s, &o, &r, NULL), PL_OK);
        PL_CHECK(l->n > 3);
        check_topology(s, l);
        for (size_t e = 0; e < l->n; e++) {
            const struct rec *x = &l->ev[e];
            /* offers and acceptances go to the mediator only */
            if (x->kind == PL_EV_OFFER || x->kind == PL_EV_ACCEPT ||
                x->kind == PL_EV_RELAY)
                PL_CHECK(__builtin_popcountll(x->visible) == 2);
            PL_CHECK(!((x->from == ua && (x->visible >> ru & 1)) ||
                       (x->from == ru && (x->visible >> ua & 1))));
        }
        pl_session_result_free(r);
        free(l);
    }
    pl_scenario_free(s);
}

/* ---- determinism ------------------------------------------------------- */

static void test_determinism(void)
{
    pl_scenario *s = load("trio.yaml");
    pl_scenario *b = load("berlin-2025");
    char *t1, *t2, *j1, *j2, *t3, *j3;
    pl_session_result *r1, *r2, *r3;
    pl_session_opts o = pl_session_opts_default();

    o.strategy[0] = "random";
    o.strategy[1] = "freq";
    o.strategy[2] = "tft";
    o.rounds = 200;
    o.seed = 11;
    PL_CHECK_INT(run_capture(s, &o, &r1, &t1, &j1), PL_OK);
    PL_CHECK_INT(run_capture(s, &o, &r2, &t2, &j2), PL_OK);
    PL_CHECK_STR(t1, t2);
    PL_CHECK_STR(j1, j2);
    o.seed = 12;
    PL_CHECK_INT(run_capture(s, &o, &r3, &t3, &j3), PL_OK);
    PL_CHECK(strcmp(t1, t3) != 0);
    pl_session_result_free(r1);
    pl_session_result_free(r2);
    pl_session_result_free(r3);
    free(t1), free(t2), free(t3);
    pl_free(j1), pl_free(j2), pl_free(j3);
    /* mediated annealing on Berlin, repeated runs */
    o = pl_session_opts_default();
    o.protocol = PL_PROTOCOL_MEDIATED;
    o.protocol_params = "kind=anneal";
    o.seed = 5;
    PL_CHECK_INT(run_capture(b, &o, &r1, &t1, &j1), PL_OK);
    for (int k = 0; k < 3; k++) {
        PL_CHECK_INT(run_capture(b, &o, &r2, &t2, &j2), PL_OK);
        PL_CHECK_STR(t1, t2);
        PL_CHECK_STR(j1, j2);
        pl_session_result_free(r2);
        free(t2);
        pl_free(j2);
    }
    pl_session_result_free(r1);
    free(t1);
    pl_free(j1);
    pl_scenario_free(s);
    pl_scenario_free(b);
}

/* ---- errors ------------------------------------------------------------ */

static void expect_einval(const pl_scenario *s, pl_session_opts *o,
                          const char *needle)
{
    pl_session_result *r = NULL;
    pl_diag d;

    memset(&d, 0, sizeof d);
    PL_CHECK_INT(pl_session_run(s, o, &r, &d), PL_EINVAL);
    PL_CHECK(r == NULL);
    if (!strstr(d.message, needle)) {
        PL_CHECK_STR(d.message, needle);
    }
}

static void test_errors(void)
{
    pl_scenario *berlin = load("berlin-2025");
    pl_scenario *trio = load("trio.yaml");
    pl_scenario *nomed = load("nomed.yaml");
    pl_session_opts o = pl_session_opts_default();
    pl_diag d;

    o.protocol = PL_PROTOCOL_AO;
    expect_einval(trio, &o, "bilateral");
    o.protocol = PL_PROTOCOL_SAOP;
    expect_einval(berlin, &o, "no direct talks");
    expect_einval(nomed, &o, "no direct talks");
    o.protocol = PL_PROTOCOL_MEDIATED;
    expect_einval(nomed, &o, "needs a mediator");
    o.protocol = PL_PROTOCOL_SHUTTLE;
    expect_einval(trio, &o, "needs a mediator");
    o.mediator = 1; /* b talks to a and c */
    {
        pl_session_result *r = NULL;
        PL_CHECK_INT(pl_session_run(nomed, &o, &r, NULL), PL_OK);
        pl_session_result_free(r);
    }
    o.mediator = 0; /* a has no channel to c */
    expect_einval(nomed, &o, "no channel");
    o = pl_session_opts_default();
    o.protocol = PL_PROTOCOL_SHUTTLE;
    o.mediator = 1;
    o.strategy[3] = "linear"; /* the observer */
    expect_einval(nomed, &o, "does not negotiate");
    o = pl_session_opts_default();
    o.strategy[0] = "linear:e=0";
    expect_einval(trio, &o, "e must be");
    o.strategy[0] = "nosuch";
    expect_einval(trio, &o, "unknown strategy");
    o = pl_session_opts_default();
    o.protocol = PL_PROTOCOL_MEDIATED;
    o.protocol_params = "kind=bogus";
    expect_einval(berlin, &o, "bad protocol parameter");
    o.protocol = PL_PROTOCOL_SAOP;
    o.protocol_params = "kind=hill";
    expect_einval(trio, &o, "takes no parameters");
    o = pl_session_opts_default();
    o.protocol = PL_PROTOCOL_MEDIATED;
    o.mediator = PL_MEDIATOR_NEUTRAL;
    {
        pl_session_result *r = NULL;
        PL_CHECK_INT(pl_session_run(trio, &o, &r, NULL), PL_OK);
        PL_CHECK_INT(r->mediator, PL_MEDIATOR_NEUTRAL);
        pl_session_result_free(r);
    }
    /* strict spec parsing */
    memset(&d, 0, sizeof d);
    PL_CHECK_INT(
        pl_strategy_check("boulware:e=0.1,ac=next+time,T=0.9", NULL, &d),
        PL_OK);
    PL_CHECK_INT(pl_strategy_check("boulware:e=0.1,e=0.2", NULL, &d),
                 PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("boulware:x=1", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("boulware:e=", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("boulware:e=1x", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("boulware:", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("boulware:e=1,", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("linear:ac=next+next", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("linear:ac=soon", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("linear:model=bayes", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("linear:T=1.5", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("linear:e=nan", NULL, &d), PL_EINVAL);
    PL_CHECK_INT(pl_strategy_check("", NULL, &d), PL_EINVAL);
    pl_scenario_free(berlin);
    pl_scenario_free(trio);
    pl_scenario_free(nomed);
}

/* Random scenarios, every protocol that applies: results are sane. */
static void test_random_scenarios(void)
{
    pl_rng rng;
    const uint64_t seed = pl_test_seed(77);

    pl_rng_seed(&rng, seed);
    for (int it = 0; it < 40; it++) {
        pl_scenario *s = rs_random(&rng, 4000);
        for (int pr = PL_PROTOCOL_SAOP; pr <= PL_PROTOCOL_MEDIATED; pr++) {
            pl_session_opts o = pl_session_opts_default();
            pl_session_result *r = NULL;
            pl_status st;
            o.protocol = (pl_protocol)pr;
            o.mediator = PL_MEDIATOR_NEUTRAL;
            o.protocol_params = pr == PL_PROTOCOL_MEDIATED ? "kind=hill" : NULL;
            o.rounds = 50;
            o.seed = (uint64_t)it;
            st = pl_session_run(s, &o, &r, NULL);
            PL_CHECK(st == PL_OK || st == PL_EINVAL);
            if (st == PL_OK && r->agreement) {
                for (size_t j = 0; j < r->n_parties; j++) {
                    PL_CHECK(r->utility_undiscounted[j] >=
                             pl_scenario_party_reservation(s, r->party[j]));
                    PL_CHECK(!pl_scenario_crosses_red_line(s, r->party[j],
                                                           r->outcome));
                }
            }
            pl_session_result_free(r);
        }
        pl_scenario_free(s);
    }
}

/* Allocation failures: PL_ENOMEM and no leak (ASan), never a crash. */
static void test_oom(void)
{
    pl_scenario *s = load("trio.yaml");
    pl_session_opts o = pl_session_opts_default();
    pl_status st = PL_ENOMEM;

    o.strategy[0] = "freq";
    o.rounds = 20;
    for (long n = 0; n < 100000 && st == PL_ENOMEM; n++) {
        pl_session_result *r = NULL;
        pl__alloc_fail_after(n);
        st = pl_session_run(s, &o, &r, NULL);
        pl__alloc_fail_after(-1);
        PL_CHECK(st == PL_OK || st == PL_ENOMEM);
        PL_CHECK(st == PL_OK || r == NULL);
        pl_session_result_free(r);
    }
    PL_CHECK_INT(st, PL_OK);
    pl_scenario_free(s);
    /* mediated (Nash mediator: the analysis runs inside the session) */
    s = load("berlin-2025");
    o = pl_session_opts_default();
    st = PL_ENOMEM;
    for (long n = 0; n < 100000 && st == PL_ENOMEM; n++) {
        pl_session_result *r = NULL;
        pl__alloc_fail_after(n);
        st = pl_session_run(s, &o, &r, NULL);
        pl__alloc_fail_after(-1);
        PL_CHECK(st == PL_OK || st == PL_ENOMEM);
        PL_CHECK(st == PL_OK || r == NULL);
        pl_session_result_free(r);
    }
    PL_CHECK_INT(st, PL_OK);
    pl_scenario_free(s);
}

int main(void)
{
    PL_RUN(test_hand_linear);
    PL_RUN(test_hand_hardliner);
    PL_RUN(test_hand_discount);
    PL_RUN(test_hand_saop);
    PL_RUN(test_hand_mediated);
    PL_RUN(test_saop_all_strategies);
    PL_RUN(test_strategy_behaviour);
    PL_RUN(test_freq_model);
    PL_RUN(test_freq_by_hand);
    PL_RUN(test_mediated_kinds);
    PL_RUN(test_hill_voters);
    PL_RUN(test_shuttle_topology);
    PL_RUN(test_determinism);
    PL_RUN(test_errors);
    PL_RUN(test_random_scenarios);
    PL_RUN(test_oom);
    return pl_test_summary();
}
