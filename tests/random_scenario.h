/* Scenarios built directly through the internal struct, for tests that
 * must not depend on the loader: a small builder (rs_new, rs_clause,
 * rs_compile) and a random generator (rs_random) with 2-5 analysis
 * parties, 1-8 issues of 1-6 options, random or quantised weights and
 * values (so exact ties and duplicate utility vectors occur),
 * reservations, interactions and red lines, plus sometimes an observer
 * and a mediator without utility (both with red lines, which the
 * analysis must ignore).  Everything is allocated with pl__malloc so
 * that pl_scenario_free() releases it.  Test-only: aborts on OOM. */
#ifndef PL_RANDOM_SCENARIO_H
#define PL_RANDOM_SCENARIO_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "parley/rng.h"

static inline void *rs_need(void *p)
{
    if (!p) {
        fprintf(stderr, "random_scenario: out of memory\n");
        exit(2);
    }
    return p;
}

static inline char *rs_name(const char *prefix, unsigned k)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%s%u", prefix, k);
    return rs_need(pl__strdup(buf));
}

/* A scenario with issues of m[0..n_issues) options and n_parties
 * negotiators with a utility, all weights and values 0 (set
 * weight_raw[i] and v[i][k], then rs_compile). */
static inline pl_scenario *rs_new(uint32_t n_issues, const uint32_t *m,
                                  uint32_t n_parties)
{
    pl_scenario *s = rs_need(pl__calloc(1, sizeof *s));

    s->name = rs_need(pl__strdup("random"));
    s->simulate.mediator = -1;
    s->n_issues = n_issues;
    s->issues = rs_need(pl__calloc(n_issues ? n_issues : 1, sizeof *s->issues));
    for (uint32_t i = 0; i < n_issues; i++) {
        struct pl__issue *is = &s->issues[i];
        is->id = rs_name("i", i);
        is->name = is->id;
        is->kind = PL_ISSUE_CATEGORICAL;
        is->n_options = m[i];
        is->options = rs_need(pl__calloc(m[i], sizeof *is->options));
        for (uint32_t k = 0; k < m[i]; k++) {
            is->options[k].id = rs_name("o", k);
            is->options[k].name = is->options[k].id;
            is->options[k].value = k;
        }
    }
    s->n_parties = n_parties;
    s->parties = rs_need(pl__calloc(n_parties, sizeof *s->parties));
    for (uint32_t p = 0; p < n_parties; p++) {
        struct pl__party *pa = &s->parties[p];
        pa->id = rs_name("p", p);
        pa->name = pa->id;
        pa->role = PL_ROLE_NEGOTIATOR;
        pa->has_utility = true;
        pa->discount = 1;
        pa->weight_raw = rs_need(
            pl__calloc(n_issues ? n_issues : 1, sizeof *pa->weight_raw));
        pa->weight =
            rs_need(pl__calloc(n_issues ? n_issues : 1, sizeof *pa->weight));
        pa->fn = rs_need(pl__calloc(n_issues ? n_issues : 1, sizeof *pa->fn));
        pa->v = rs_need(pl__calloc(n_issues ? n_issues : 1, sizeof *pa->v));
        for (uint32_t i = 0; i < n_issues; i++) {
            pa->fn[i].kind = PL__VALUE_TABLE;
            pa->v[i] = rs_need(pl__calloc(m[i], sizeof *pa->v[i]));
        }
    }
    return s;
}

/* Append a clause to party p: an interaction worth `value` (red = false)
 * or a red line.  Condition q is on issue issues[q] and allows the
 * options whose bit is set in allowed[q]. */
static inline void rs_clause(pl_scenario *s, uint32_t p, bool red, double value,
                             uint32_t n_conds, const uint32_t *issues,
                             const uint32_t *allowed)
{
    struct pl__party *pa = &s->parties[p];
    struct pl__clause **list = red ? &pa->red_lines : &pa->interactions;
    uint32_t *cnt = red ? &pa->n_red_lines : &pa->n_interactions;
    struct pl__clause *c;

    *list = rs_need(pl__reallocarray(*list, *cnt + 1, sizeof **list));
    c = &(*list)[(*cnt)++];
    c->n_conds = n_conds;
    c->value = red ? 0 : value;
    c->conds = rs_need(pl__calloc(n_conds, sizeof *c->conds));
    for (uint32_t q = 0; q < n_conds; q++) {
        const uint32_t m = s->issues[issues[q]].n_options;
        c->conds[q].issue = issues[q];
        c->conds[q].allowed = rs_need(pl__calloc(m, 1));
        for (uint32_t k = 0; k < m; k++)
            c->conds[q].allowed[k] = (allowed[q] >> k) & 1;
    }
}

static inline void rs_compile(pl_scenario *s)
{
    pl_diag d;
    memset(&d, 0, sizeof d);
    if (pl__scenario_compile(s, &d) != PL_OK) {
        fprintf(stderr, "random_scenario: compile failed: %s\n", d.message);
        exit(2);
    }
}

/* A number in [0, 1]: uniform, or on a grid of `q` steps when q > 0. */
static inline double rs_num(pl_rng *r, unsigned q)
{
    if (q)
        return (double)pl_rng_below(r, q + 1) / q;
    return pl_rng_uniform(r);
}

static inline void rs_random_clause(pl_scenario *s, pl_rng *r, uint32_t p,
                                    bool red, unsigned q)
{
    uint32_t issues[2], allowed[2];
    uint32_t nc = 1 + (uint32_t)pl_rng_below(r, s->n_issues > 1 ? 2 : 1);
    double value;

    issues[0] = (uint32_t)pl_rng_below(r, s->n_issues);
    issues[1] =
        (issues[0] + 1 +
         (uint32_t)pl_rng_below(r, s->n_issues > 1 ? s->n_issues - 1 : 1)) %
        s->n_issues;
    for (uint32_t c = 0; c < nc; c++) {
        const uint32_t m = s->issues[issues[c]].n_options;
        allowed[c] = (uint32_t)pl_rng_below(r, ((uint64_t)1 << m) - 1) + 1;
    }
    value = (rs_num(r, q) - 0.5) * 0.6;
    rs_clause(s, p, red, value, nc, issues, allowed);
}

/* Parties [0, n) get as reservation the reference utility of an outcome
 * (outcome x0 for all when `same`, else a random one each), one ulp up or
 * down half the time: outcomes then sit exactly on a reservation or one
 * ulp beside it, where a zone count's rounding band must be right. */
static inline void rs_reserve_on_outcomes(pl_scenario *s, pl_rng *r,
                                          uint32_t n, bool same, uint64_t x0)
{
    uint32_t *o = rs_need(pl__calloc(s->n_issues + 1, sizeof *o));

    for (uint32_t p = 0; p < n; p++) {
        double v;
        pl_scenario_outcome_decode(
            s, same ? x0 : pl_rng_below(r, s->n_outcomes_u64), o);
        v = pl_scenario_utility(s, p, o);
        switch (pl_rng_below(r, 4)) {
        case 0:
            v = nextafter(v, INFINITY);
            break;
        case 1:
            v = nextafter(v, -INFINITY);
            break;
        default:
            break;
        }
        s->parties[p].reservation = v;
    }
    pl__free(o);
}

/* A random scenario with at most `max_outcomes` outcomes (>= 6). */
static inline pl_scenario *rs_random(pl_rng *r, uint64_t max_outcomes)
{
    uint32_t m[8], n_issues, n_an, n_extra, n_parties;
    uint64_t total;
    unsigned q;
    bool many;
    pl_scenario *s;

    do {
        n_issues = 1 + (uint32_t)pl_rng_below(r, 8);
        total = 1;
        for (uint32_t i = 0; i < n_issues; i++) {
            m[i] = 1 + (uint32_t)pl_rng_below(r, 6);
            total *= m[i];
        }
    } while (total > max_outcomes);
    n_an = 2 + (uint32_t)pl_rng_below(r, 4);
    many = pl_rng_below(r, 8) == 0;
    n_extra = (uint32_t)pl_rng_below(r, 3); /* observer, mediator */
    n_parties = n_an + n_extra;
    s = rs_new(n_issues, m, n_parties);
    /* quantisation: 0 = continuous, else values on a grid of q steps */
    q = pl_rng_below(r, 3) == 0 ? 0 : 1 + (unsigned)pl_rng_below(r, 4);
    for (uint32_t p = 0; p < n_parties; p++) {
        struct pl__party *pa = &s->parties[p];
        bool any = false;
        for (uint32_t i = 0; i < n_issues; i++) {
            pa->weight_raw[i] =
                q ? (double)pl_rng_below(r, 4) : pl_rng_uniform(r);
            any = any || pa->weight_raw[i] > 0;
            for (uint32_t k = 0; k < m[i]; k++)
                pa->v[i][k] = rs_num(r, q);
        }
        if (!any)
            pa->weight_raw[pl_rng_below(r, n_issues)] = 1;
        pa->reservation = pl_rng_below(r, 4) == 0 ? 0 : rs_num(r, q) * 0.55;
        for (uint32_t j = pl_rng_below(r, 4); j > 0; j--)
            rs_random_clause(s, r, p, false, q);
        for (uint32_t j = pl_rng_below(r, 3); j > 0; j--)
            if (pl_rng_below(r, 2))
                rs_random_clause(s, r, p, true, q);
        /* now and then many clauses, so clause masks span several
         * 64-bit words */
        if (many)
            for (uint32_t j = 20 + pl_rng_below(r, 20); j > 0; j--)
                rs_random_clause(s, r, p, pl_rng_below(r, 4) == 0, q);
    }
    /* Extra parties at random positions would be nicer; put them last
     * or first alternately so analysis indices differ from scenario
     * ones. */
    for (uint32_t e = 0; e < n_extra; e++) {
        const uint32_t p = (e == 0 && pl_rng_below(r, 2)) ? 0 : n_an + e;
        struct pl__party *pa = &s->parties[p];
        if (e == 0) {
            pa->role = PL_ROLE_OBSERVER; /* keeps its utility */
        } else {
            pa->role = PL_ROLE_MEDIATOR; /* no utility */
            pa->has_utility = false;
        }
        if (pa->n_red_lines == 0)
            rs_random_clause(s, r, p, true, q);
    }
    /* GENIUS semantics now and then: weights used as written (sums far
     * above 1) and a cap on the utility that binds.  Drawn from a side
     * stream so the main stream, and every scenario it made before,
     * stays as it was. */
    {
        pl_rng g;
        pl_rng_stream(&g, r->s[0], 0x67656e697573ull);
        for (uint32_t p = 0; p < n_parties; p++) {
            struct pl__party *pa = &s->parties[p];
            if (pl_rng_below(&g, 4) == 0)
                pa->weights_as_written = true;
            if (pl_rng_below(&g, 3) == 0) {
                pa->has_clamp = true;
                pa->clamp_max = 0.4 + 0.1 * (double)pl_rng_below(&g, 7);
            }
        }
    }
    rs_compile(s);
    return s;
}

#endif
