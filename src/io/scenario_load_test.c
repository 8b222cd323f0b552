/* Tests for the scenario loader and writer (src/io/scenario_load.c,
 * scenario_write.c): loaded values checked against hand computations,
 * YAML and JSON of one scenario loading equal, write -> load round trips
 * (fixed and random scenarios), allocation failure at every step, and the
 * catalogue of malformed scenarios in tests/data/malformed (status, line,
 * column and message of each). */
#include <stdarg.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "io/emit.h"
#include "parley/rng.h"
#include "pl_test.h"

#define DATA PL_SOURCE_DIR "/tests/data"

static pl_scenario *load(const char *path)
{
    pl_diag d = {0};
    pl_scenario *s = NULL;
    const pl_status rc = pl_scenario_load_file(path, &s, &d);
    char buf[1024];

    if (rc != PL_OK)
        fprintf(stderr, "load %s: %s %s\n", path, pl_status_name(rc),
                pl_diag_format(&d, buf, sizeof buf));
    PL_CHECK_INT(rc, PL_OK);
    return s;
}

static pl_scenario *load_str(const char *text, pl_format fmt, pl_status want,
                             pl_diag *d)
{
    pl_scenario *s = NULL;
    const pl_status rc = pl_scenario_load_text(text, strlen(text), "t.yaml",
                                               fmt, &s, d);

    if (rc != want)
        fprintf(stderr, "load_str: %s: %s\n", pl_status_name(rc),
                d->message);
    PL_CHECK_INT(rc, want);
    PL_CHECK((s != NULL) == (rc == PL_OK));
    return s;
}

/* issue/option/party lookups that fail the test loudly */
static size_t I(const pl_scenario *s, const char *id)
{
    const long i = pl_scenario_issue_find(s, id);
    PL_CHECK(i >= 0);
    return i < 0 ? 0 : (size_t)i;
}

static size_t O(const pl_scenario *s, size_t i, const char *id)
{
    const long k = pl_scenario_option_find(s, i, id);
    PL_CHECK(k >= 0);
    return k < 0 ? 0 : (size_t)k;
}

static size_t P(const pl_scenario *s, const char *id)
{
    const long p = pl_scenario_party_find(s, id);
    PL_CHECK(p >= 0);
    return p < 0 ? 0 : (size_t)p;
}

static void test_example_values(void)
{
    pl_scenario *s = load(DATA "/scenarios/example.yaml");
    size_t nato, guar, price, share, uk, ru, us, press;
    uint32_t o[4];

    if (!s)
        return;
    PL_CHECK_STR(pl_scenario_name(s), "Example");
    PL_CHECK_INT(pl_scenario_issue_count(s), 4);
    PL_CHECK_INT(pl_scenario_party_count(s), 4);
    nato = I(s, "nato");
    guar = I(s, "guarantees");
    price = I(s, "price");
    share = I(s, "share");
    uk = P(s, "ukraine");
    ru = P(s, "russia");
    us = P(s, "us");
    press = P(s, "press");

    /* issues and options */
    PL_CHECK_INT(pl_scenario_issue_kind(s, nato), PL_ISSUE_CATEGORICAL);
    PL_CHECK_STR(pl_scenario_issue_name(s, nato), "NATO membership");
    PL_CHECK_STR(pl_scenario_issue_name(s, price), "price");
    PL_CHECK_INT(pl_scenario_option_count(s, nato), 3);
    PL_CHECK_STR(pl_scenario_option_id(s, nato, 1), "deferred");
    PL_CHECK_STR(pl_scenario_option_name(s, guar, 0), "No guarantees");
    PL_CHECK_STR(pl_scenario_option_name(s, guar, 1), "assurances");
    PL_CHECK_INT(pl_scenario_issue_kind(s, price), PL_ISSUE_INTEGER);
    PL_CHECK_INT(pl_scenario_option_count(s, price), 11);
    PL_CHECK_STR(pl_scenario_option_id(s, price, 3), "1300");
    PL_CHECK(pl_scenario_option_value(s, price, 10) == 2000);
    PL_CHECK_INT(pl_scenario_issue_kind(s, share), PL_ISSUE_REAL);
    PL_CHECK_INT(pl_scenario_option_count(s, share), 11);
    PL_CHECK_STR(pl_scenario_option_id(s, share, 1), "0.1");
    PL_CHECK(pl_scenario_option_value(s, share, 10) == 1.0);
    PL_CHECK(pl_scenario_outcome_count(s) == 3 * 3 * 11 * 11);

    /* parties: roles, defaults, normalised weights (20:30:20:30) */
    PL_CHECK_INT(pl_scenario_party_role(s, us), PL_ROLE_MEDIATOR);
    PL_CHECK_INT(pl_scenario_party_role(s, press), PL_ROLE_OBSERVER);
    PL_CHECK_INT(pl_scenario_party_role(s, ru), PL_ROLE_NEGOTIATOR);
    PL_CHECK(!pl_scenario_party_has_utility(s, press));
    PL_CHECK(pl_scenario_party_has_utility(s, us));
    PL_CHECK(pl_scenario_party_reservation(s, uk) == 0.35);
    PL_CHECK(pl_scenario_party_discount(s, uk) == 0.98);
    PL_CHECK(pl_scenario_party_reservation(s, press) == 0);
    PL_CHECK(pl_scenario_party_discount(s, ru) == 1);
    PL_CHECK_NEAR(pl_scenario_party_weight(s, uk, nato), 0.2, 1e-15);
    PL_CHECK_NEAR(pl_scenario_party_weight(s, uk, guar), 0.3, 1e-15);
    PL_CHECK_NEAR(pl_scenario_party_weight(s, ru, nato), 0.5, 1e-15);
    PL_CHECK(pl_scenario_party_weight(s, ru, share) == 0);
    /* no weights given: every issue weighs the same */
    PL_CHECK(pl_scenario_party_weight(s, us, guar) == 0.25);

    /* value tables, linear and triangular functions, by hand */
    PL_CHECK(pl_scenario_party_value(s, uk, nato, O(s, nato, "deferred")) ==
             0.6);
    PL_CHECK(pl_scenario_party_value(s, ru, nato, O(s, nato, "path_kept")) ==
             0);
    /* linear 1 -> 0 over 1000..2000: at 1300, 1 - 0.3 = 0.7 */
    PL_CHECK_NEAR(pl_scenario_party_value(s, uk, price, 3), 0.7, 1e-15);
    PL_CHECK(pl_scenario_party_value(s, uk, price, 0) == 1);
    PL_CHECK(pl_scenario_party_value(s, uk, price, 10) == 0);
    /* triangular 0 / 0.5 / 1: at 0.2 -> 0.4, 0.5 -> 1, 0.8 -> 0.4, 1 -> 0 */
    PL_CHECK_NEAR(pl_scenario_party_value(s, uk, share, 2), 0.4, 1e-15);
    PL_CHECK(pl_scenario_party_value(s, uk, share, 5) == 1);
    PL_CHECK_NEAR(pl_scenario_party_value(s, uk, share, 8), 0.4, 1e-15);
    PL_CHECK(pl_scenario_party_value(s, uk, share, 10) == 0);
    /* numeric table keys */
    PL_CHECK(pl_scenario_party_value(s, ru, price, 5) == 0.5);
    PL_CHECK(pl_scenario_party_value(s, ru, price, 10) == 1);
    PL_CHECK(pl_scenario_party_value(s, ru, price, 4) == 0);
    /* linear 0.2 -> 0.8 over share: at 0.5 -> 0.5 */
    PL_CHECK_NEAR(pl_scenario_party_value(s, us, share, 5), 0.5, 1e-15);

    /* utilities: 0.2*0.6 + 0.3*1 + 0.2*0.7 + 0.3*1 = 0.86 */
    o[nato] = (uint32_t)O(s, nato, "deferred");
    o[guar] = (uint32_t)O(s, guar, "article5");
    o[price] = 3;
    o[share] = 5;
    PL_CHECK_NEAR(pl_scenario_utility(s, uk, o), 0.86, 1e-12);
    PL_CHECK(!pl_scenario_crosses_red_line(s, uk, o));
    /* interaction: renounced with none -> 0.2*1 (price 1000) - 0.3 */
    o[nato] = (uint32_t)O(s, nato, "renounced");
    o[guar] = (uint32_t)O(s, guar, "none");
    o[price] = 0;
    o[share] = 0;
    PL_CHECK_NEAR(pl_scenario_utility(s, uk, o), -0.1, 1e-12);
    PL_CHECK(pl_scenario_crosses_red_line(s, uk, o));
    /* with article5 the interaction and the red line do not apply */
    o[guar] = (uint32_t)O(s, guar, "article5");
    PL_CHECK_NEAR(pl_scenario_utility(s, uk, o), 0.2 + 0.3, 1e-12);
    PL_CHECK(!pl_scenario_crosses_red_line(s, uk, o));
    /* russia's range red line: price in [1000, 1200] */
    o[price] = 2;
    PL_CHECK(pl_scenario_crosses_red_line(s, ru, o));
    o[price] = 3;
    PL_CHECK(!pl_scenario_crosses_red_line(s, ru, o));
    o[nato] = (uint32_t)O(s, nato, "path_kept");
    PL_CHECK(pl_scenario_crosses_red_line(s, ru, o));

    /* clauses as stored */
    PL_CHECK_INT(s->parties[uk].n_interactions, 1);
    PL_CHECK_INT(s->parties[uk].interactions[0].n_conds, 2);
    PL_CHECK(s->parties[uk].interactions[0].value == -0.3);
    PL_CHECK_INT(s->parties[uk].interactions[0].conds[1].issue, guar);
    PL_CHECK_INT(s->parties[uk].interactions[0].conds[1].allowed[0], 1);
    PL_CHECK_INT(s->parties[uk].interactions[0].conds[1].allowed[1], 1);
    PL_CHECK_INT(s->parties[uk].interactions[0].conds[1].allowed[2], 0);
    PL_CHECK_INT(s->parties[ru].n_red_lines, 2);

    /* talks and simulate */
    PL_CHECK(pl_scenario_has_talks(s));
    PL_CHECK(pl_scenario_talks_allowed(s, us, uk));
    PL_CHECK(pl_scenario_talks_allowed(s, uk, us));
    PL_CHECK(!pl_scenario_talks_allowed(s, uk, ru));
    PL_CHECK(s->simulate.present);
    PL_CHECK_STR(s->simulate.protocol, "mediated");
    PL_CHECK_INT(s->simulate.mediator, us);
    PL_CHECK_INT(s->simulate.rounds, 40);
    pl_scenario_free(s);
}

static void test_defaults(void)
{
    pl_diag d = {0};
    pl_scenario *s = load_str("format: parley/1\n"
                              "issues: [{id: a, options: [x, y]},\n"
                              "         {id: b, real: {min: 0, max: 2}}]\n"
                              "parties: [{id: p}, {id: q, values: {b: "
                              "{linear: {at_min: 0, at_max: 1}}}}]\n",
                              PL_FORMAT_AUTO, PL_OK, &d);
    if (!s)
        return;
    PL_CHECK_STR(pl_scenario_name(s), "");
    PL_CHECK(pl_scenario_description(s) == NULL);
    PL_CHECK_INT(pl_scenario_option_count(s, 1), 11);   /* steps 11 */
    PL_CHECK_STR(pl_scenario_option_id(s, 1, 1), "0.2");
    PL_CHECK(!pl_scenario_party_has_utility(s, 0));
    PL_CHECK(pl_scenario_party_has_utility(s, 1));
    PL_CHECK(pl_scenario_party_weight(s, 1, 0) == 0.5);
    PL_CHECK(pl_scenario_party_value(s, 1, 0, 1) == 0);  /* left out */
    PL_CHECK_NEAR(pl_scenario_party_value(s, 1, 1, 3), 0.3, 1e-15);
    PL_CHECK(!pl_scenario_has_talks(s));
    PL_CHECK(pl_scenario_talks_allowed(s, 0, 1));
    PL_CHECK(!s->simulate.present);
    PL_CHECK_INT(s->simulate.mediator, -1);
    pl_scenario_free(s);

    /* real with min == max and steps 1; integer step defaults to 1 */
    s = load_str("format: parley/1\n"
                 "issues: [{id: a, real: {min: 0.5, max: 0.5, steps: 1}},\n"
                 "         {id: b, integer: {min: -2, max: 2}}]\n"
                 "parties: [{id: p, weights: {b: 1}, values: {b: {-2: 1, "
                 "\"2\": 0.5}}}]\n", PL_FORMAT_YAML, PL_OK, &d);
    if (!s)
        return;
    PL_CHECK_INT(pl_scenario_option_count(s, 0), 1);
    PL_CHECK_INT(pl_scenario_option_count(s, 1), 5);
    PL_CHECK_STR(pl_scenario_option_id(s, 1, 0), "-2");
    PL_CHECK(pl_scenario_party_value(s, 0, 1, 0) == 1);
    PL_CHECK(pl_scenario_party_value(s, 0, 1, 4) == 0.5);
    PL_CHECK(pl_scenario_party_weight(s, 0, 0) == 0);
    pl_scenario_free(s);
}

/* Folded block scalars are re-read as literal and folded by the loader
 * (libfyaml 0.7.12 misreads some); check the YAML 1.2 folding rules. */
static void test_folded(void)
{
    static const struct {
        const char *yaml, *want;
    } cases[] = {
        {">-\n  a\n  b\n\n  c\n", "a b\nc"},
        {">\n  a\n   b\n  c\n", "a\n b\nc\n"},
        {">-\n  s\n  \n   d", "s\n\n d"},
        {">-\n  s\n\n\n   d\n  e\n", "s\n\n\n d\ne"},
        {">+\n  a\n\n", "a\n\n"},
        {">\n\n  a\n  b # not a comment\n", "\na b # not a comment\n"},
        {"|-\n  a\n  b", "a\nb"},
        {">2-\n   x\n  y\n", " x\ny"},
        {"# c > d\n  >-\n  q\n", "q"},
    };

    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char text[512];
        pl_diag d = {0};
        pl_scenario *s;
        snprintf(text, sizeof text,
                 "format: parley/1\nissues: [{id: a, options: [x]}]\n"
                 "parties: [{id: p}]\ndescription: %s", cases[c].yaml);
        s = load_str(text, PL_FORMAT_YAML, PL_OK, &d);
        if (s)
            PL_CHECK_STR(pl_scenario_description(s), cases[c].want);
        pl_scenario_free(s);
    }
}

static void test_yaml_json_equal(void)
{
    pl_scenario *y = load(DATA "/scenarios/example.yaml");
    pl_scenario *j = load(DATA "/scenarios/example.json");

    PL_CHECK(y && j && pl_scenario_equal(y, j));
    pl_scenario_free(y);
    pl_scenario_free(j);
    y = load(DATA "/scenarios/small.yaml");
    j = load(DATA "/scenarios/small.json");
    PL_CHECK(y && j && pl_scenario_equal(y, j));
    PL_CHECK(y && !pl_scenario_equal(y, NULL));
    pl_scenario_free(y);
    pl_scenario_free(j);
}

/* write as YAML and as JSON, reload both, compare with the original */
static void check_round_trip(const pl_scenario *s, const char *label)
{
    for (int f = 0; f < 2; f++) {
        const pl_format fmt = f ? PL_FORMAT_JSON : PL_FORMAT_YAML;
        char *text = NULL;
        size_t len = 0;
        pl_scenario *back = NULL;
        pl_diag d = {0};
        pl_status rc = pl_scenario_write(s, fmt, &text, &len);
        PL_CHECK_INT(rc, PL_OK);
        if (rc != PL_OK)
            continue;
        PL_CHECK_INT(len, strlen(text));
        rc = pl_scenario_load_text(text, len, NULL, fmt, &back, &d);
        if (rc != PL_OK)
            fprintf(stderr, "%s: reload failed: %d:%d %s\n%s", label, d.line,
                    d.column, d.message, text);
        PL_CHECK_INT(rc, PL_OK);
        PL_CHECK(back && pl_scenario_equal(s, back));
        if (back && !pl_scenario_equal(s, back))
            fprintf(stderr, "%s: round trip differs:\n%s", label, text);
        pl_scenario_free(back);
        pl_free(text);
    }
}

static void test_round_trip_files(void)
{
    static const char *const files[] = {
        DATA "/scenarios/example.yaml", DATA "/scenarios/example.json",
        DATA "/scenarios/small.yaml", DATA "/scenarios/numeric.yaml",
        DATA "/scenarios/quoting.yaml", NULL};
    pl_scenario *s;
    pl_diag d = {0};

    for (size_t f = 0; files[f]; f++) {
        s = load(files[f]);
        if (s)
            check_round_trip(s, files[f]);
        pl_scenario_free(s);
    }
    for (const char *const *n = pl_scenario_builtin_names(); *n; n++) {
        PL_CHECK_INT(pl_scenario_load_builtin(*n, &s, &d), PL_OK);
        if (s)
            check_round_trip(s, *n);
        pl_scenario_free(s);
    }
}

/* ---- random scenarios as text ---- */

struct sbuf {
    char buf[65536];
    size_t n;
};

static void sb(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sb(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (b->n < sizeof b->buf)
        b->n += (size_t)vsnprintf(b->buf + b->n, sizeof b->buf - b->n, fmt,
                                  ap);
    va_end(ap);
    if (b->n >= sizeof b->buf)
        b->n = sizeof b->buf - 1;
}

/* A random number, sometimes "nice", sometimes full precision. */
static double rnd_num(pl_rng *r)
{
    switch (pl_rng_below(r, 3)) {
    case 0:
        return (double)pl_rng_below(r, 11) / 10;
    case 1:
        return (double)pl_rng_below(r, 5) / 4;
    default:
        return pl_rng_uniform(r);
    }
}

struct rissue {
    int kind;       /* 0 categorical, 1 integer, 2 real */
    unsigned n;     /* options */
    long min, step; /* integer */
    double rmin, rmax;
};

static void rnd_option(struct sbuf *b, pl_rng *r, const struct rissue *is,
                       unsigned k)
{
    char buf[32];
    (void)r;
    if (is->kind == 0)
        sb(b, "o%u", k);
    else if (is->kind == 1)
        sb(b, "%ld", is->min + (long)k * is->step);
    else
        sb(b, "%s", pl__fmt_double(k + 1 == is->n ? is->rmax
                                   : is->rmin + k * (is->rmax - is->rmin) /
                                                    (double)(is->n - 1),
                                   buf));
}

static void rnd_conditions(struct sbuf *b, pl_rng *r,
                           const struct rissue *iss, unsigned ni)
{
    const unsigned first = (unsigned)pl_rng_below(r, ni);
    const unsigned count = 1 + (unsigned)pl_rng_below(r, ni - first);

    sb(b, "{");
    for (unsigned i = first; i < first + count; i++) {
        const struct rissue *is = &iss[i];
        sb(b, "%si%u: ", i > first ? ", " : "", i);
        if (is->kind != 0 && pl_rng_below(r, 3) == 0) {
            char lo[32], hi[32];
            sb(b, "{min: %s, max: %s}",
               pl__fmt_double(is->kind == 1 ? (double)is->min : is->rmin,
                              lo),
               pl__fmt_double(is->kind == 1
                                  ? (double)(is->min + (long)(is->n - 1) *
                                                           is->step)
                                  : is->rmax,
                              hi));
        } else if (pl_rng_below(r, 2)) {
            rnd_option(b, r, is, (unsigned)pl_rng_below(r, is->n));
        } else {
            sb(b, "[");
            for (unsigned k = 0; k < is->n; k++) {
                if (pl_rng_below(r, 2) && k + 1 < is->n)
                    continue;
                rnd_option(b, r, is, k);
                sb(b, "%s", k + 1 < is->n ? ", " : "");
            }
            sb(b, "]");
        }
    }
    sb(b, "}");
}

static void random_scenario(struct sbuf *b, pl_rng *r)
{
    struct rissue iss[6];
    const unsigned ni = 1 + (unsigned)pl_rng_below(r, 6);
    const unsigned np = 1 + (unsigned)pl_rng_below(r, 4);

    b->n = 0;
    sb(b, "format: parley/1\nname: \"random %llu\"\nissues:\n",
       (unsigned long long)pl_rng_below(r, 1000));
    for (unsigned i = 0; i < ni; i++) {
        struct rissue *is = &iss[i];
        is->kind = (int)pl_rng_below(r, 3);
        is->n = 1 + (unsigned)pl_rng_below(r, 6);
        sb(b, "  - id: i%u\n", i);
        if (pl_rng_below(r, 2))
            sb(b, "    name: \"Issue: %u\"\n", i);
        if (is->kind == 0) {
            sb(b, "    options:\n");
            for (unsigned k = 0; k < is->n; k++) {
                if (pl_rng_below(r, 2))
                    sb(b, "      - {id: o%u, name: \"Option #%u\"}\n", k, k);
                else
                    sb(b, "      - o%u\n", k);
            }
        } else if (is->kind == 1) {
            is->min = (long)pl_rng_below(r, 2001) - 1000;
            is->step = 1 + (long)pl_rng_below(r, 50);
            sb(b, "    integer: {min: %ld, max: %ld, step: %ld}\n", is->min,
               is->min + (long)(is->n - 1) * is->step, is->step);
        } else {
            char lo[32], hi[32];
            is->rmin = pl_rng_uniform(r) * 10 - 5;
            is->rmax = is->n == 1 ? is->rmin : is->rmin + pl_rng_uniform(r) * 7;
            if (is->rmax == is->rmin)
                is->n = 1;
            sb(b, "    real: {min: %s, max: %s, steps: %u}\n",
               pl__fmt_double(is->rmin, lo), pl__fmt_double(is->rmax, hi),
               is->n);
        }
    }
    sb(b, "parties:\n");
    for (unsigned p = 0; p < np; p++) {
        const unsigned role = (unsigned)pl_rng_below(r, 4);
        char x[32];
        sb(b, "  - id: p%u\n", p);
        if (role == 1)
            sb(b, "    role: mediator\n");
        if (role == 2)
            sb(b, "    role: observer\n");
        if (pl_rng_below(r, 2))
            sb(b, "    reservation: %s\n", pl__fmt_double(rnd_num(r), x));
        if (pl_rng_below(r, 3) == 0)
            sb(b, "    discount: %s\n",
               pl__fmt_double(1 - rnd_num(r) * 0.5, x));
        if (role != 2 || pl_rng_below(r, 2)) {
            sb(b, "    weights: {i0: %s", pl__fmt_double(0.5 + rnd_num(r), x));
            for (unsigned i = 1; i < ni; i++)
                if (pl_rng_below(r, 4))
                    sb(b, ", i%u: %s", i,
                       pl__fmt_double(rnd_num(r) * 100, x));
            sb(b, "}\n    values:\n");
            for (unsigned i = 0; i < ni; i++) {
                const unsigned kind = i == 0 ? 1 + (unsigned)pl_rng_below(r, 3)
                                             : (unsigned)pl_rng_below(r, 4);
                const struct rissue *is = &iss[i];
                if (kind == 0)
                    continue;
                sb(b, "      i%u: ", i);
                if (kind == 1) {
                    sb(b, "{linear: {at_min: %s, ", pl__fmt_double(rnd_num(r), x));
                    sb(b, "at_max: %s}}\n", pl__fmt_double(rnd_num(r), x));
                } else if (kind == 2) {
                    const double lo = is->kind == 0 ? 0 : is->kind == 1 ? (double)is->min : is->rmin;
                    const double w = is->kind == 0 ? is->n - 1.0 : is->kind == 1 ? (double)(is->n - 1) * is->step : is->rmax - is->rmin;
                    double t[3];
                    for (int q = 0; q < 3; q++)
                        t[q] = lo - w * 0.2 + w * 1.4 * rnd_num(r);
                    for (int q = 0; q < 2; q++)
                        for (int q2 = 0; q2 < 2 - q; q2++)
                            if (t[q2] > t[q2 + 1]) {
                                const double tmp = t[q2];
                                t[q2] = t[q2 + 1];
                                t[q2 + 1] = tmp;
                            }
                    sb(b, "{triangular: {low: %s, ", pl__fmt_double(t[0], x));
                    sb(b, "peak: %s, ", pl__fmt_double(t[1], x));
                    sb(b, "high: %s}}\n", pl__fmt_double(t[2], x));
                } else {
                    sb(b, "{");
                    for (unsigned k = 0; k < is->n; k++) {
                        if (pl_rng_below(r, 3) == 0)
                            continue;
                        sb(b, "\"");
                        rnd_option(b, r, is, k);
                        sb(b, "\": %s, ", pl__fmt_double(rnd_num(r), x));
                    }
                    sb(b, "}\n");
                }
            }
            if (pl_rng_below(r, 2)) {
                sb(b, "    interactions:\n");
                for (unsigned j = 1 + (unsigned)pl_rng_below(r, 3); j > 0; j--) {
                    sb(b, "      - when: ");
                    rnd_conditions(b, r, iss, ni);
                    sb(b, "\n        value: %s\n",
                       pl__fmt_double(rnd_num(r) - 0.5, x));
                }
            }
        }
        if (pl_rng_below(r, 2)) {
            sb(b, "    red_lines:\n");
            for (unsigned j = 1 + (unsigned)pl_rng_below(r, 3); j > 0; j--) {
                sb(b, "      - ");
                rnd_conditions(b, r, iss, ni);
                sb(b, "\n");
            }
        }
    }
    if (np > 1 && pl_rng_below(r, 2)) {
        sb(b, "talks: [[p0, p1]");
        for (unsigned p = 2; p < np; p++)
            if (pl_rng_below(r, 2))
                sb(b, ", [p%u, p0]", p);
        sb(b, "]\n");
    }
    if (pl_rng_below(r, 2))
        sb(b, "simulate: {protocol: alternating, mediator: p%u, rounds: %u}\n",
           (unsigned)pl_rng_below(r, np), 1 + (unsigned)pl_rng_below(r, 99));
}

static void test_round_trip_random(void)
{
    const uint64_t seed = pl_test_seed(20261128);
    static struct sbuf b;
    pl_rng r;
    int loaded = 0;

    pl_rng_seed(&r, seed);
    for (int t = 0; t < 300; t++) {
        pl_diag d = {0};
        pl_scenario *s = NULL;
        pl_status rc;
        random_scenario(&b, &r);
        rc = pl_scenario_load_text(b.buf, b.n, "random.yaml", PL_FORMAT_AUTO,
                                   &s, &d);
        if (rc != PL_OK)
            fprintf(stderr, "random scenario %d: %d:%d %s\n%s", t, d.line,
                    d.column, d.message, b.buf);
        PL_CHECK_INT(rc, PL_OK);
        if (s) {
            loaded++;
            check_round_trip(s, "random");
        }
        pl_scenario_free(s);
    }
    PL_CHECK_INT(loaded, 300);
}

/* Fail allocation 1, 2, 3, ... until the load succeeds: every failure must
 * be PL_ENOMEM with no scenario (ASan/LSan checks that nothing leaks). */
static void test_oom(void)
{
    static const char *const files[] = {DATA "/scenarios/example.yaml",
                                        DATA "/scenarios/example.json",
                                        NULL};
    for (size_t f = 0; files[f]; f++) {
        FILE *fp = fopen(files[f], "rb");
        static char text[65536];
        size_t len;
        bool done = false;
        long n;
        PL_CHECK(fp != NULL);
        if (!fp)
            continue;
        len = fread(text, 1, sizeof text, fp);
        fclose(fp);
        for (n = 0; !done && n < 100000; n++) {
            pl_scenario *s = NULL;
            pl_diag d = {0};
            pl_status rc;
            pl__alloc_fail_after(n);
            rc = pl_scenario_load_text(text, len, files[f], PL_FORMAT_AUTO,
                                       &s, &d);
            pl__alloc_fail_after(-1);
            if (rc == PL_OK) {
                done = true;
            } else if (rc != PL_ENOMEM) {
                fprintf(stderr, "OOM step %ld: %s %s\n", n,
                        pl_status_name(rc), d.message);
                PL_CHECK_INT(rc, PL_ENOMEM);
            }
            PL_CHECK((s != NULL) == (rc == PL_OK));
            if (s) {
                /* and the writer under the same torture */
                for (long w = 0;; w++) {
                    char *out = NULL;
                    pl_status wr;
                    pl__alloc_fail_after(w);
                    wr = pl_scenario_write(s, PL_FORMAT_YAML, &out, NULL);
                    pl__alloc_fail_after(-1);
                    pl_free(out);
                    if (wr == PL_OK)
                        break;
                    PL_CHECK_INT(wr, PL_ENOMEM);
                    if (wr != PL_ENOMEM)
                        break;
                }
            }
            pl_scenario_free(s);
        }
        PL_CHECK(done);
        fprintf(stderr, "  %s: %ld allocation failures survived\n",
                files[f], n - 1);
    }
}

static void test_catalogue(void)
{
    FILE *f = fopen(DATA "/malformed/expected.tsv", "r");
    char line[2048];
    int n = 0;

    PL_CHECK(f != NULL);
    if (!f)
        return;
    if (!fgets(line, sizeof line, f)) /* header */
        line[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        char *file, *st, *l, *c, *msg, *save = NULL, path[4096];
        pl_diag d = {0};
        pl_scenario *s = NULL;
        pl_status rc;
        line[strcspn(line, "\r\n")] = '\0';
        file = strtok_r(line, "\t", &save);
        st = strtok_r(NULL, "\t", &save);
        l = strtok_r(NULL, "\t", &save);
        c = strtok_r(NULL, "\t", &save);
        msg = strtok_r(NULL, "", &save);
        PL_CHECK(file && st && l && c && msg);
        if (!file || !st || !l || !c || !msg)
            continue;
        snprintf(path, sizeof path, "%s/malformed/%s", DATA, file);
        rc = pl_scenario_load_file(path, &s, &d);
        n++;
        if (strcmp(pl_status_name(rc), st) != 0 || d.line != atoi(l) ||
            d.column != atoi(c) || !strstr(d.message, msg))
            fprintf(stderr, "%s: want %s %s:%s '%s'\n  got %s %d:%d '%s'\n",
                    file, st, l, c, msg, pl_status_name(rc), d.line,
                    d.column, d.message);
        PL_CHECK_STR(pl_status_name(rc), st);
        PL_CHECK_INT(d.line, atoi(l));
        PL_CHECK_INT(d.column, atoi(c));
        PL_CHECK(strstr(d.message, msg) != NULL);
        PL_CHECK_STR(d.file, path);
        PL_CHECK(s == NULL);
        pl_scenario_free(s);
    }
    fclose(f);
    PL_CHECK(n >= 35);
    fprintf(stderr, "  %d malformed scenarios\n", n);
}

static void test_misc_errors(void)
{
    pl_diag d = {0};
    pl_scenario *s = NULL;
    static const char big[8] = "format:";

    /* unreadable file: PL_EIO with the system's reason */
    PL_CHECK_INT(pl_scenario_load_file(DATA "/no/such/file.yaml", &s, &d),
                 PL_EIO);
    PL_CHECK(strstr(d.message, "No such file") != NULL);
    PL_CHECK(s == NULL);
    /* over the size limit: refused before reading the text */
    PL_CHECK_INT(pl_scenario_load_text(big, PL_MAX_SCENARIO_BYTES + 1u,
                                       NULL, PL_FORMAT_YAML, &s, &d),
                 PL_ETOOBIG);
    /* JSON forced on YAML text is a syntax error; AUTO detects '{' */
    load_str("format: parley/1\n", PL_FORMAT_JSON, PL_EPARSE, &d);
    load_str("  {\"format\": \"parley/2\"}", PL_FORMAT_AUTO, PL_ESCHEMA, &d);
    PL_CHECK(strstr(d.message, "parley/2") != NULL);
    PL_CHECK_INT(d.line, 1);
    PL_CHECK_INT(d.column, 14);
    /* writer argument checks */
    PL_CHECK_INT(pl_scenario_write(NULL, PL_FORMAT_YAML, NULL, NULL),
                 PL_EINVAL);
    /* an option called "linear" is a table entry, not a function */
    s = load_str("format: parley/1\n"
                 "issues: [{id: a, options: [linear, b]}]\n"
                 "parties: [{id: p, values: {a: {linear: 0.5}}}]\n",
                 PL_FORMAT_YAML, PL_OK, &d);
    if (s) {
        PL_CHECK(pl_scenario_party_value(s, 0, 0, 0) == 0.5);
        check_round_trip(s, "linear-option");
    }
    pl_scenario_free(s);
}

int main(void)
{
    PL_RUN(test_example_values);
    PL_RUN(test_defaults);
    PL_RUN(test_folded);
    PL_RUN(test_yaml_json_equal);
    PL_RUN(test_round_trip_files);
    PL_RUN(test_round_trip_random);
    PL_RUN(test_oom);
    PL_RUN(test_catalogue);
    PL_RUN(test_misc_errors);
    return pl_test_summary();
}
