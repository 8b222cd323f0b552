/* Tests for explain.c: give-and-get in the Nash package and logroll gains,
 * on a two-party, two-issue case worked out by hand below.  The analysis
 * struct is filled by hand (only the fields explain reads), so this test
 * does not depend on pl_analyze.
 *
 * Issues: x (x0, x1), y (y0, y1, y2).
 * Party P: weights x 3, y 1  -> 0.75, 0.25
 *          values  x {x0: 1, x1: 0}, y {y0: 0, y1: 0.5, y2: 1}
 * Party Q: weights x 1, y 3  -> 0.25, 0.75
 *          values  x {x0: 0.2, x1: 1}, y {y0: 1, y1: 0.6, y2: 0}
 *
 * Utilities (P, Q) and Nash products (reservations 0):
 *   (x0,y0) 0.75  0.80  0.6      <- Nash
 *   (x0,y1) 0.875 0.50  0.4375
 *   (x0,y2) 1     0.05  0.05
 *   (x1,y0) 0     0.75  0
 *   (x1,y1) 0.125 0.70  0.0875
 *   (x1,y2) 0.25  0.25  0.0625
 *
 * Give and get at (x0, y0):
 *   P: share x = 1/1 = 1, share y = 0/1 = 0
 *      gets 0.75 (x), gives 0.25 * (1 - 0) = 0.25
 *   Q: share x = 0.2/1 = 0.2, share y = 1/1 = 1
 *      gets 0.75 (y), gives 0.25 * (1 - 0.2) = 0.2
 *
 * Logrolls: P prefers x0 and y2, Q prefers x1 and y0: they disagree on
 * both.  P weighs x relatively more: 0.75 * 0.75 > 0.25 * 0.25.  The trade
 * (P gets x, Q gets y) is (x0, y0); the opposite trade is (x1, y2):
 *   gain_P = 0.75 - 0.25 = 0.5
 *   gain_Q = 0.80 - 0.25 = 0.55
 * The other direction (P gets y, Q gets x) fails the weight test, so there
 * is exactly one logroll.
 *
 * With an interaction for P, {x: x1, y: y2} -> -0.1, the opposite trade is
 * worth 0.15 to P, so with the Nash context gain_P = 0.75 - 0.15 = 0.6;
 * without a Nash package the additive gains are used: gain_P = 0.5. */
#include "analysis/explain.h"
#include "core/alloc.h"
#include "core/scenario_int.h"
#include "parley/parley.h"
#include "pl_test.h"

static void set_issue(struct pl__issue *is, const char *id, uint32_t n,
                      const char *const *opts)
{
    is->id = pl__strdup(id);
    is->name = is->id;
    is->kind = PL_ISSUE_CATEGORICAL;
    is->n_options = n;
    is->options = pl__calloc(n, sizeof *is->options);
    for (uint32_t k = 0; k < n; k++) {
        is->options[k].id = pl__strdup(opts[k]);
        is->options[k].name = is->options[k].id;
        is->options[k].value = k;
    }
}

static void set_party(pl_scenario *s, uint32_t j, const char *id,
                      const double *w, const double *vx, const double *vy)
{
    struct pl__party *p = &s->parties[j];

    p->id = pl__strdup(id);
    p->name = p->id;
    p->has_utility = true;
    p->discount = 1;
    p->weight_raw = pl__calloc(2, sizeof(double));
    p->weight = pl__calloc(2, sizeof(double));
    p->fn = pl__calloc(2, sizeof *p->fn);
    p->v = pl__calloc(2, sizeof *p->v);
    for (uint32_t i = 0; i < 2; i++) {
        const double *vi = i ? vy : vx;
        p->weight_raw[i] = w[i];
        p->fn[i].kind = PL__VALUE_TABLE;
        p->v[i] = pl__calloc(s->issues[i].n_options, sizeof(double));
        for (uint32_t k = 0; k < s->issues[i].n_options; k++)
            p->v[i][k] = vi[k];
    }
}

/* The scenario of the file comment; with_interaction adds P's clause. */
static pl_scenario *build(bool with_interaction)
{
    static const char *const xo[] = {"x0", "x1"};
    static const char *const yo[] = {"y0", "y1", "y2"};
    static const double wp[] = {3, 1}, wq[] = {1, 3};
    static const double pvx[] = {1, 0}, pvy[] = {0, 0.5, 1};
    static const double qvx[] = {0.2, 1}, qvy[] = {1, 0.6, 0};
    pl_scenario *s = pl__calloc(1, sizeof *s);
    pl_diag d = {0};

    s->name = pl__strdup("hand");
    s->n_issues = 2;
    s->issues = pl__calloc(2, sizeof *s->issues);
    set_issue(&s->issues[0], "x", 2, xo);
    set_issue(&s->issues[1], "y", 3, yo);
    s->n_parties = 2;
    s->parties = pl__calloc(2, sizeof *s->parties);
    set_party(s, 0, "p", wp, pvx, pvy);
    set_party(s, 1, "q", wq, qvx, qvy);
    if (with_interaction) {
        struct pl__clause *c;
        s->parties[0].n_interactions = 1;
        s->parties[0].interactions = pl__calloc(1, sizeof *c);
        c = s->parties[0].interactions;
        c->value = -0.1;
        c->n_conds = 2;
        c->conds = pl__calloc(2, sizeof *c->conds);
        c->conds[0].issue = 0;
        c->conds[0].allowed = pl__calloc(2, 1);
        c->conds[0].allowed[1] = 1;
        c->conds[1].issue = 1;
        c->conds[1].allowed = pl__calloc(3, 1);
        c->conds[1].allowed[2] = 1;
    }
    s->simulate.mediator = -1;
    PL_CHECK_INT(pl__scenario_compile(s, &d), PL_OK);
    return s;
}

/* The fields explain reads: parties and (optionally) the Nash package. */
struct hand {
    pl_analysis a;
    uint32_t party[2];
    uint32_t outcome[2];
};

static void hand_init(struct hand *h, bool with_nash)
{
    memset(h, 0, sizeof *h);
    h->party[0] = 0;
    h->party[1] = 1;
    h->a.n_parties = 2;
    h->a.party = h->party;
    h->outcome[0] = 0; /* x0 */
    h->outcome[1] = 0; /* y0 */
    h->a.found[PL_NASH] = with_nash;
    h->a.concept[PL_NASH].outcome = with_nash ? h->outcome : NULL;
}

static void hand_free(struct hand *h)
{
    for (size_t j = 0; h->a.nash_give_get && j < h->a.n_parties; j++)
        pl__free(h->a.nash_give_get[j].share);
    pl__free(h->a.nash_give_get);
    pl__free(h->a.logrolls);
}

static void test_give_get(void)
{
    pl_scenario *s = build(false);
    struct hand h;
    const pl_give_get *g;

    hand_init(&h, true);
    PL_CHECK_INT(pl__analysis_explain(s, &h.a), PL_OK);
    PL_CHECK(h.a.nash_give_get != NULL);
    if (h.a.nash_give_get) {
        g = &h.a.nash_give_get[0];
        PL_CHECK_NEAR(g->share[0], 1.0, 0);
        PL_CHECK_NEAR(g->share[1], 0.0, 0);
        PL_CHECK_NEAR(g->gets, 0.75, 1e-12);
        PL_CHECK_NEAR(g->gives, 0.25, 1e-12);
        g = &h.a.nash_give_get[1];
        PL_CHECK_NEAR(g->share[0], 0.2, 1e-12);
        PL_CHECK_NEAR(g->share[1], 1.0, 0);
        PL_CHECK_NEAR(g->gets, 0.75, 1e-12);
        PL_CHECK_NEAR(g->gives, 0.2, 1e-12);
    }
    hand_free(&h);
    pl_scenario_free(s);
}

static void test_logroll(void)
{
    pl_scenario *s = build(false);
    struct hand h;
    const pl_logroll *t;

    hand_init(&h, true);
    PL_CHECK_INT(pl__analysis_explain(s, &h.a), PL_OK);
    PL_CHECK_INT(h.a.n_logrolls, 1);
    if (h.a.n_logrolls == 1) {
        t = &h.a.logrolls[0];
        PL_CHECK_INT(t->party_a, 0);
        PL_CHECK_INT(t->party_b, 1);
        PL_CHECK_INT(t->issue_a, 0);
        PL_CHECK_INT(t->issue_b, 1);
        PL_CHECK_NEAR(t->weight_a_on_a, 0.75, 1e-12);
        PL_CHECK_NEAR(t->weight_a_on_b, 0.25, 1e-12);
        PL_CHECK_NEAR(t->weight_b_on_a, 0.25, 1e-12);
        PL_CHECK_NEAR(t->weight_b_on_b, 0.75, 1e-12);
        PL_CHECK_NEAR(t->gain_a, 0.5, 1e-12);
        PL_CHECK_NEAR(t->gain_b, 0.55, 1e-12);
    }
    hand_free(&h);
    pl_scenario_free(s);
}

/* Interactions count in the Nash context; without a Nash package the
 * additive gains are used and there is no give-and-get. */
static void test_logroll_interaction(void)
{
    pl_scenario *s = build(true);
    struct hand h;

    hand_init(&h, true);
    PL_CHECK_INT(pl__analysis_explain(s, &h.a), PL_OK);
    PL_CHECK_INT(h.a.n_logrolls, 1);
    if (h.a.n_logrolls == 1) {
        PL_CHECK_NEAR(h.a.logrolls[0].gain_a, 0.6, 1e-12);
        PL_CHECK_NEAR(h.a.logrolls[0].gain_b, 0.55, 1e-12);
    }
    hand_free(&h);

    hand_init(&h, false);
    PL_CHECK_INT(pl__analysis_explain(s, &h.a), PL_OK);
    PL_CHECK(h.a.nash_give_get == NULL);
    PL_CHECK_INT(h.a.n_logrolls, 1);
    if (h.a.n_logrolls == 1) {
        PL_CHECK_NEAR(h.a.logrolls[0].gain_a, 0.5, 1e-12);
        PL_CHECK_NEAR(h.a.logrolls[0].gain_b, 0.55, 1e-12);
    }
    hand_free(&h);
    pl_scenario_free(s);
}

/* Parties that want the same options have nothing to trade. */
static void test_no_trade_when_agreeing(void)
{
    pl_scenario *s = build(false);
    struct hand h;

    /* Give Q P's preferences on y: they now agree on y. */
    s->parties[1].v[1][0] = 0;
    s->parties[1].v[1][2] = 1;
    pl__free(s->opt_offset);
    pl__free(s->U);
    PL_CHECK_INT(pl__scenario_compile(s, NULL), PL_OK);
    hand_init(&h, true);
    PL_CHECK_INT(pl__analysis_explain(s, &h.a), PL_OK);
    PL_CHECK_INT(h.a.n_logrolls, 0);
    PL_CHECK(h.a.logrolls == NULL);
    hand_free(&h);
    pl_scenario_free(s);
}

/* Every failed allocation gives PL_ENOMEM and leaks nothing (the
 * sanitizer build checks the leaks). */
static void test_oom(void)
{
    pl_scenario *s = build(false);
    pl_status rc = PL_ENOMEM;

    for (long n = 0; n < 100 && rc == PL_ENOMEM; n++) {
        struct hand h;
        hand_init(&h, true);
        pl__alloc_fail_after(n);
        rc = pl__analysis_explain(s, &h.a);
        pl__alloc_fail_after(-1);
        hand_free(&h);
    }
    PL_CHECK_INT(rc, PL_OK);
    pl_scenario_free(s);
}

int main(void)
{
    PL_RUN(test_give_get);
    PL_RUN(test_logroll);
    PL_RUN(test_logroll_interaction);
    PL_RUN(test_no_trade_when_agreeing);
    PL_RUN(test_oom);
    return pl_test_summary();
}
