/* Tests for the core model: compile (weight normalisation, value
 * functions), utilities, red lines, outcome index, talks, equality, rng,
 * status text.  Scenarios are built through the internal struct so this
 * test needs no parser. */
#include "core/alloc.h"
#include "core/scenario_int.h"
#include "parley/parley.h"
#include "pl_test.h"

static char *dup(const char *s)
{
    return pl__strdup(s);
}

/* Issues: a (categorical x,y,z), n (integer 0..10 step 5), r (real 0..1,
 * 5 steps).  Party p0: weights a 2, n 1, r 1; a table {x:1, y:0.5};
 * n linear 0 -> 1; r triangular 0.25/0.5/1.  Party p1 observer. */
static pl_scenario *build(void)
{
    pl_scenario *s = pl__calloc(1, sizeof *s);
    struct pl__issue *is;
    struct pl__party *p;

    s->name = dup("t");
    s->n_issues = 3;
    s->issues = pl__calloc(3, sizeof *s->issues);
    is = &s->issues[0];
    is->id = dup("a");
    is->name = is->id;
    is->kind = PL_ISSUE_CATEGORICAL;
    is->n_options = 3;
    is->options = pl__calloc(3, sizeof *is->options);
    for (int k = 0; k < 3; k++) {
        const char *ids[] = {"x", "y", "z"};
        is->options[k].id = dup(ids[k]);
        is->options[k].name = is->options[k].id;
        is->options[k].value = k;
    }
    is = &s->issues[1];
    is->id = dup("n");
    is->name = is->id;
    is->kind = PL_ISSUE_INTEGER;
    is->min = 0;
    is->max = 10;
    is->step = 5;
    is->n_options = 3;
    is->options = pl__calloc(3, sizeof *is->options);
    for (int k = 0; k < 3; k++) {
        const char *ids[] = {"0", "5", "10"};
        is->options[k].id = dup(ids[k]);
        is->options[k].name = is->options[k].id;
        is->options[k].value = 5.0 * k;
    }
    is = &s->issues[2];
    is->id = dup("r");
    is->name = is->id;
    is->kind = PL_ISSUE_REAL;
    is->min = 0;
    is->max = 1;
    is->steps = 5;
    is->n_options = 5;
    is->options = pl__calloc(5, sizeof *is->options);
    for (int k = 0; k < 5; k++) {
        const char *ids[] = {"0", "0.25", "0.5", "0.75", "1"};
        is->options[k].id = dup(ids[k]);
        is->options[k].name = is->options[k].id;
        is->options[k].value = k / 4.0;
    }

    s->n_parties = 2;
    s->parties = pl__calloc(2, sizeof *s->parties);
    for (uint32_t j = 0; j < 2; j++) {
        p = &s->parties[j];
        p->id = dup(j ? "p1" : "p0");
        p->name = p->id;
        p->discount = 1;
        p->weight_raw = pl__calloc(3, sizeof(double));
        p->weight = pl__calloc(3, sizeof(double));
        p->fn = pl__calloc(3, sizeof *p->fn);
        p->v = pl__calloc(3, sizeof *p->v);
        for (uint32_t i = 0; i < 3; i++)
            p->v[i] = pl__calloc(s->issues[i].n_options, sizeof(double));
    }
    p = &s->parties[0];
    p->has_utility = true;
    p->reservation = 0.25;
    p->weight_raw[0] = 2;
    p->weight_raw[1] = 1;
    p->weight_raw[2] = 1;
    p->fn[0].kind = PL__VALUE_TABLE;
    p->v[0][0] = 1;
    p->v[0][1] = 0.5;
    p->fn[1].kind = PL__VALUE_LINEAR;
    p->fn[1].at_min = 0;
    p->fn[1].at_max = 1;
    p->fn[2].kind = PL__VALUE_TRIANGULAR;
    p->fn[2].low = 0.25;
    p->fn[2].peak = 0.5;
    p->fn[2].high = 1;
    /* interaction: a=z and n in {10} -> +0.125 */
    p->n_interactions = 1;
    p->interactions = pl__calloc(1, sizeof *p->interactions);
    p->interactions[0].value = 0.125;
    p->interactions[0].n_conds = 2;
    p->interactions[0].conds = pl__calloc(2, sizeof(struct pl__cond));
    p->interactions[0].conds[0].issue = 0;
    p->interactions[0].conds[0].allowed = pl__calloc(3, 1);
    p->interactions[0].conds[0].allowed[2] = 1;
    p->interactions[0].conds[1].issue = 1;
    p->interactions[0].conds[1].allowed = pl__calloc(3, 1);
    p->interactions[0].conds[1].allowed[2] = 1;
    /* red line: r = 0 */
    p->n_red_lines = 1;
    p->red_lines = pl__calloc(1, sizeof *p->red_lines);
    p->red_lines[0].n_conds = 1;
    p->red_lines[0].conds = pl__calloc(1, sizeof(struct pl__cond));
    p->red_lines[0].conds[0].issue = 2;
    p->red_lines[0].conds[0].allowed = pl__calloc(5, 1);
    p->red_lines[0].conds[0].allowed[0] = 1;
    s->parties[1].role = PL_ROLE_OBSERVER;

    s->has_talks = true;
    s->n_talks = 1;
    s->talks = pl__calloc(1, sizeof *s->talks);
    s->talks[0][0] = 0;
    s->talks[0][1] = 1;
    s->simulate.mediator = -1;
    return s;
}

static void test_compile_and_utility(void)
{
    pl_scenario *s = build();
    pl_diag d = {0};
    uint32_t o[3];

    PL_CHECK_INT(pl__scenario_compile(s, &d), PL_OK);
    PL_CHECK_NEAR(pl_scenario_party_weight(s, 0, 0), 0.5, 0);
    PL_CHECK_NEAR(pl_scenario_party_weight(s, 0, 1), 0.25, 0);
    /* linear over 0,5,10 from 0 to 1 */
    PL_CHECK_NEAR(pl_scenario_party_value(s, 0, 1, 1), 0.5, 1e-15);
    PL_CHECK_NEAR(pl_scenario_party_value(s, 0, 1, 2), 1.0, 0);
    /* triangular 0.25/0.5/1 at 0, 0.25, 0.5, 0.75, 1 */
    PL_CHECK_NEAR(pl_scenario_party_value(s, 0, 2, 0), 0.0, 0);
    PL_CHECK_NEAR(pl_scenario_party_value(s, 0, 2, 1), 0.0, 0);
    PL_CHECK_NEAR(pl_scenario_party_value(s, 0, 2, 2), 1.0, 0);
    PL_CHECK_NEAR(pl_scenario_party_value(s, 0, 2, 3), 0.5, 1e-15);
    PL_CHECK_NEAR(pl_scenario_party_value(s, 0, 2, 4), 0.0, 0);
    /* outcome (y, 5, 0.75): 0.5*0.5 + 0.25*0.5 + 0.25*0.5 = 0.5 */
    o[0] = 1, o[1] = 1, o[2] = 3;
    PL_CHECK_NEAR(pl_scenario_utility(s, 0, o), 0.5, 1e-15);
    /* (z, 10, 0.5): 0 + 0.25 + 0.25 + interaction 0.125 = 0.625 */
    o[0] = 2, o[1] = 2, o[2] = 2;
    PL_CHECK_NEAR(pl_scenario_utility(s, 0, o), 0.625, 1e-15);
    PL_CHECK(!pl_scenario_crosses_red_line(s, 0, o));
    o[2] = 0;
    PL_CHECK(pl_scenario_crosses_red_line(s, 0, o));
    PL_CHECK_NEAR(pl_scenario_utility(s, 1, o), 0, 0);
    PL_CHECK(!pl_scenario_party_has_utility(s, 1));
    PL_CHECK_INT(pl_scenario_party_role(s, 1), PL_ROLE_OBSERVER);
    PL_CHECK_INT(pl_scenario_option_find(s, 2, "0.75"), 3);
    PL_CHECK_INT(pl_scenario_issue_find(s, "r"), 2);
    PL_CHECK_INT(pl_scenario_party_find(s, "p1"), 1);
    PL_CHECK_INT(pl_scenario_party_find(s, "nobody"), -1);
    pl_scenario_free(s);
}

static void test_outcome_index(void)
{
    pl_scenario *s = build();
    uint64_t n, idx;
    uint32_t o[3];
    pl_diag d = {0};

    PL_CHECK_INT(pl__scenario_compile(s, &d), PL_OK);
    PL_CHECK(pl_scenario_outcome_count_u64(s, &n));
    PL_CHECK_INT(n, 45);
    PL_CHECK_NEAR(pl_scenario_outcome_count(s), 45, 0);
    /* mixed radix, first issue most significant: (2,1,3) = 2*15+1*5+3 */
    o[0] = 2, o[1] = 1, o[2] = 3;
    PL_CHECK(pl_scenario_outcome_encode(s, o, &idx));
    PL_CHECK_INT(idx, 38);
    for (uint64_t x = 0; x < n; x++) {
        pl_scenario_outcome_decode(s, x, o);
        PL_CHECK(pl_scenario_outcome_encode(s, o, &idx) && idx == x);
    }
    pl_scenario_free(s);
}

static void test_talks_and_equality(void)
{
    pl_scenario *a = build(), *b = build();
    pl_diag d = {0};

    PL_CHECK_INT(pl__scenario_compile(a, &d), PL_OK);
    PL_CHECK_INT(pl__scenario_compile(b, &d), PL_OK);
    PL_CHECK(pl_scenario_talks_allowed(a, 0, 1));
    PL_CHECK(pl_scenario_talks_allowed(a, 1, 0));
    PL_CHECK(pl_scenario_has_talks(a));
    PL_CHECK(pl_scenario_equal(a, b));
    b->parties[0].v[0][1] = 0.25;
    PL_CHECK(!pl_scenario_equal(a, b));
    b->parties[0].v[0][1] = 0.5;
    b->parties[0].red_lines[0].conds[0].allowed[1] = 1;
    PL_CHECK(!pl_scenario_equal(a, b));
    pl_scenario_free(a);
    pl_scenario_free(b);
}

static void test_zero_weights_rejected(void)
{
    pl_scenario *s = build();
    pl_diag d = {0};

    s->parties[0].weight_raw[0] = 0;
    s->parties[0].weight_raw[1] = 0;
    s->parties[0].weight_raw[2] = 0;
    PL_CHECK_INT(pl__scenario_compile(s, &d), PL_ESCHEMA);
    PL_CHECK(strstr(d.message, "p0") != NULL);
    pl_scenario_free(s);
}

static void test_rng(void)
{
    pl_rng a, b, c;
    uint64_t counts[7] = {0};

    pl_rng_seed(&a, 42);
    pl_rng_seed(&b, 42);
    pl_rng_seed(&c, 43);
    PL_CHECK(pl_rng_next(&a) != pl_rng_next(&c));
    pl_rng_seed(&a, 42);
    for (int i = 0; i < 100; i++)
        PL_CHECK(pl_rng_next(&a) == pl_rng_next(&b));
    for (int i = 0; i < 70000; i++) {
        const uint64_t x = pl_rng_below(&a, 7);
        PL_CHECK(x < 7);
        counts[x < 7 ? x : 0]++;
        const double u = pl_rng_uniform(&a);
        PL_CHECK(u >= 0 && u < 1);
    }
    for (int k = 0; k < 7; k++) /* 10000 expected, sd ~93 */
        PL_CHECK(counts[k] > 9500 && counts[k] < 10500);
    pl_rng_stream(&a, 1, 0);
    pl_rng_stream(&b, 1, 1);
    PL_CHECK(pl_rng_next(&a) != pl_rng_next(&b));
}

static void test_status(void)
{
    char buf[700];
    pl_diag d = {0};

    PL_CHECK_STR(pl_status_name(PL_EPARSE), "PL_EPARSE");
    PL_CHECK_STR(pl_strerror(PL_OK), "success");
    PL_CHECK_STR(pl_status_name((pl_status)999), "PL_UNKNOWN");
    snprintf(d.file, sizeof d.file, "x.yaml");
    PL_CHECK_INT(pl_diag_set(&d, PL_ESCHEMA, 3, 7, "bad %s", "thing"),
                 PL_ESCHEMA);
    PL_CHECK_STR(pl_diag_format(&d, buf, sizeof buf), "x.yaml:3:7: bad thing");
    PL_CHECK_INT(pl_version_number(), 100);
}

static void test_alloc_failure(void)
{
    pl__alloc_fail_after(0);
    PL_CHECK(pl__malloc(10) == NULL);
    pl__alloc_fail_after(-1);
    void *p = pl__malloc(10);
    PL_CHECK(p != NULL);
    pl__free(p);
    PL_CHECK(pl__calloc(SIZE_MAX / 2, 4) == NULL);
}

int main(void)
{
    PL_RUN(test_compile_and_utility);
    PL_RUN(test_outcome_index);
    PL_RUN(test_talks_and_equality);
    PL_RUN(test_zero_weights_rejected);
    PL_RUN(test_rng);
    PL_RUN(test_status);
    PL_RUN(test_alloc_failure);
    return pl_test_summary();
}
