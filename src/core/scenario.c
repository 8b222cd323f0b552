/* Scenario model: compile step, accessors, utility evaluation, outcome
 * index, equality and destruction.
 *
 * The compiled table U holds w_i * v_i(k) for every party, issue and
 * option, row-major by party, so that a party's utility of an outcome is
 * n_issues table reads summed in issue order (DESIGN.md section 7: exact
 * ties stay exact because every path sums in the same order). */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "core/count.h"
#include "scenario_int.h"

double pl__value_fn_eval(const struct pl__value_fn *fn,
                         const struct pl__issue *is, uint32_t k)
{
    const double x = is->options[k].value;
    double lo, hi;

    switch (fn->kind) {
    case PL__VALUE_NONE:
    case PL__VALUE_TABLE:
        return 0.0;
    case PL__VALUE_LINEAR:
        if (is->kind == PL_ISSUE_CATEGORICAL) {
            lo = 0;
            hi = is->n_options - 1.0;
        } else {
            lo = is->options[0].value;
            hi = is->options[is->n_options - 1].value;
        }
        if (hi == lo)
            return fn->at_min;
        return fn->at_min + (x - lo) / (hi - lo) * (fn->at_max - fn->at_min);
    case PL__VALUE_TRIANGULAR:
        if (x == fn->peak)
            return 1.0;
        if (x <= fn->low || x >= fn->high)
            return 0.0;
        if (x < fn->peak)
            return (x - fn->low) / (fn->peak - fn->low);
        return (fn->high - x) / (fn->high - fn->peak);
    }
    return 0.0;
}

static pl_status compile_party(pl_scenario *s, struct pl__party *p,
                               double *row, pl_diag *diag)
{
    double total = 0;

    if (!p->has_utility)
        return PL_OK;
    for (uint32_t i = 0; i < s->n_issues; i++)
        total += p->weight_raw[i];
    if (p->weights_as_written ? !(total >= 0) || !isfinite(total)
                              : !(total > 0) || !isfinite(total))
        return pl_diag_set(diag, PL_ESCHEMA, 0, 0,
                           "party '%s': weights must have a positive sum",
                           p->id);
    for (uint32_t i = 0; i < s->n_issues; i++) {
        const struct pl__issue *is = &s->issues[i];
        p->weight[i] = p->weights_as_written ? p->weight_raw[i]
                                             : p->weight_raw[i] / total;
        for (uint32_t k = 0; k < is->n_options; k++) {
            if (p->fn[i].kind != PL__VALUE_TABLE &&
                p->fn[i].kind != PL__VALUE_NONE)
                p->v[i][k] = pl__value_fn_eval(&p->fn[i], is, k);
            row[s->opt_offset[i] + k] = p->weight[i] * p->v[i][k];
        }
    }
    return PL_OK;
}

pl_status pl__scenario_compile(pl_scenario *s, pl_diag *diag)
{
    uint32_t K = 0;
    pl_status rc;

    s->opt_offset = pl__calloc(s->n_issues ? s->n_issues : 1,
                               sizeof *s->opt_offset);
    if (!s->opt_offset)
        return PL_ENOMEM;
    s->n_outcomes = 1;
    s->n_outcomes_u64 = 1;
    s->fits_u64 = true;
    s->n_outcomes_exact = pl_count_from_u64(1);
    s->fits_count = true;
    for (uint32_t i = 0; i < s->n_issues; i++) {
        const uint32_t m = s->issues[i].n_options;
        s->opt_offset[i] = K;
        K += m;
        s->n_outcomes *= m;
        if (s->fits_count && pl__count_mul_u64(&s->n_outcomes_exact, m))
            s->fits_count = false;
        if (s->fits_u64 && s->n_outcomes_u64 > UINT64_MAX / m)
            s->fits_u64 = false;
        else
            s->n_outcomes_u64 *= m;
    }
    if (!s->fits_u64)
        s->n_outcomes_u64 = 0;
    if (!s->fits_count)
        s->n_outcomes_exact = pl__count_zero();
    s->n_total_options = K;
    s->U = pl__calloc((size_t)s->n_parties * (K ? K : 1), sizeof *s->U);
    if (!s->U)
        return PL_ENOMEM;
    for (uint32_t p = 0; p < s->n_parties; p++) {
        rc = compile_party(s, &s->parties[p], s->U + (size_t)p * K, diag);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

/* ---- destruction ---- */

static void free_clauses(struct pl__clause *c, uint32_t n)
{
    if (!c)
        return;
    for (uint32_t j = 0; j < n; j++) {
        for (uint32_t q = 0; q < c[j].n_conds; q++)
            pl__free(c[j].conds[q].allowed);
        pl__free(c[j].conds);
    }
    pl__free(c);
}

void pl_scenario_free(pl_scenario *s)
{
    if (!s)
        return;
    for (uint32_t i = 0; s->issues && i < s->n_issues; i++) {
        struct pl__issue *is = &s->issues[i];
        for (uint32_t k = 0; is->options && k < is->n_options; k++) {
            if (is->options[k].name != is->options[k].id)
                pl__free(is->options[k].name);
            pl__free(is->options[k].id);
        }
        pl__free(is->options);
        if (is->name != is->id)
            pl__free(is->name);
        pl__free(is->id);
        pl__free(is->description);
    }
    pl__free(s->issues);
    for (uint32_t p = 0; s->parties && p < s->n_parties; p++) {
        struct pl__party *pa = &s->parties[p];
        if (pa->name != pa->id)
            pl__free(pa->name);
        pl__free(pa->id);
        pl__free(pa->description);
        pl__free(pa->weight_raw);
        pl__free(pa->weight);
        pl__free(pa->fn);
        for (uint32_t i = 0; pa->v && i < s->n_issues; i++)
            pl__free(pa->v[i]);
        pl__free(pa->v);
        free_clauses(pa->interactions, pa->n_interactions);
        free_clauses(pa->red_lines, pa->n_red_lines);
    }
    pl__free(s->parties);
    pl__free(s->talks);
    pl__free(s->simulate.protocol);
    pl__free(s->name);
    pl__free(s->description);
    pl__free(s->opt_offset);
    pl__free(s->U);
    pl__free(s);
}

/* ---- accessors ---- */

#define ISSUE_OK(s, i) ((s) && (i) < (s)->n_issues)
#define PARTY_OK(s, p) ((s) && (p) < (s)->n_parties)

const char *pl_scenario_name(const pl_scenario *s)
{
    return s ? s->name : NULL;
}

const char *pl_scenario_description(const pl_scenario *s)
{
    return s ? s->description : NULL;
}

size_t pl_scenario_issue_count(const pl_scenario *s)
{
    return s ? s->n_issues : 0;
}

const char *pl_scenario_issue_id(const pl_scenario *s, size_t i)
{
    return ISSUE_OK(s, i) ? s->issues[i].id : NULL;
}

const char *pl_scenario_issue_name(const pl_scenario *s, size_t i)
{
    return ISSUE_OK(s, i) ? s->issues[i].name : NULL;
}

pl_issue_kind pl_scenario_issue_kind(const pl_scenario *s, size_t i)
{
    return ISSUE_OK(s, i) ? s->issues[i].kind : PL_ISSUE_CATEGORICAL;
}

size_t pl_scenario_option_count(const pl_scenario *s, size_t i)
{
    return ISSUE_OK(s, i) ? s->issues[i].n_options : 0;
}

const char *pl_scenario_option_id(const pl_scenario *s, size_t i, size_t k)
{
    if (!ISSUE_OK(s, i) || k >= s->issues[i].n_options)
        return NULL;
    return s->issues[i].options[k].id;
}

const char *pl_scenario_option_name(const pl_scenario *s, size_t i, size_t k)
{
    if (!ISSUE_OK(s, i) || k >= s->issues[i].n_options)
        return NULL;
    return s->issues[i].options[k].name;
}

double pl_scenario_option_value(const pl_scenario *s, size_t i, size_t k)
{
    if (!ISSUE_OK(s, i) || k >= s->issues[i].n_options)
        return 0;
    return s->issues[i].options[k].value;
}

long pl_scenario_option_find(const pl_scenario *s, size_t i, const char *id)
{
    if (!ISSUE_OK(s, i) || !id)
        return -1;
    for (uint32_t k = 0; k < s->issues[i].n_options; k++)
        if (strcmp(s->issues[i].options[k].id, id) == 0)
            return (long)k;
    return -1;
}

long pl_scenario_issue_find(const pl_scenario *s, const char *id)
{
    for (uint32_t i = 0; s && id && i < s->n_issues; i++)
        if (strcmp(s->issues[i].id, id) == 0)
            return (long)i;
    return -1;
}

size_t pl_scenario_party_count(const pl_scenario *s)
{
    return s ? s->n_parties : 0;
}

const char *pl_scenario_party_id(const pl_scenario *s, size_t p)
{
    return PARTY_OK(s, p) ? s->parties[p].id : NULL;
}

const char *pl_scenario_party_name(const pl_scenario *s, size_t p)
{
    return PARTY_OK(s, p) ? s->parties[p].name : NULL;
}

pl_role pl_scenario_party_role(const pl_scenario *s, size_t p)
{
    return PARTY_OK(s, p) ? s->parties[p].role : PL_ROLE_OBSERVER;
}

bool pl_scenario_party_has_utility(const pl_scenario *s, size_t p)
{
    return PARTY_OK(s, p) && s->parties[p].has_utility;
}

double pl_scenario_party_reservation(const pl_scenario *s, size_t p)
{
    return PARTY_OK(s, p) ? s->parties[p].reservation : 0;
}

double pl_scenario_party_discount(const pl_scenario *s, size_t p)
{
    return PARTY_OK(s, p) ? s->parties[p].discount : 1;
}

double pl_scenario_party_weight(const pl_scenario *s, size_t p, size_t i)
{
    if (!PARTY_OK(s, p) || i >= s->n_issues || !s->parties[p].has_utility)
        return 0;
    return s->parties[p].weight[i];
}

double pl_scenario_party_value(const pl_scenario *s, size_t p, size_t i,
                               size_t k)
{
    if (!PARTY_OK(s, p) || i >= s->n_issues || k >= s->issues[i].n_options ||
        !s->parties[p].has_utility)
        return 0;
    return s->parties[p].v[i][k];
}

long pl_scenario_party_find(const pl_scenario *s, const char *id)
{
    for (uint32_t p = 0; s && id && p < s->n_parties; p++)
        if (strcmp(s->parties[p].id, id) == 0)
            return (long)p;
    return -1;
}

double pl_scenario_outcome_count(const pl_scenario *s)
{
    return s ? s->n_outcomes : 0;
}

bool pl_scenario_outcome_count_u64(const pl_scenario *s, uint64_t *n)
{
    if (!s || !s->fits_u64)
        return false;
    *n = s->n_outcomes_u64;
    return true;
}

bool pl_scenario_outcome_count_exact(const pl_scenario *s, pl_count *n)
{
    if (!s || !s->fits_count)
        return false;
    *n = s->n_outcomes_exact;
    return true;
}

bool pl_scenario_outcome_encode(const pl_scenario *s, const uint32_t *outcome,
                                uint64_t *index)
{
    uint64_t x = 0;

    if (!s->fits_u64)
        return false;
    for (uint32_t i = 0; i < s->n_issues; i++)
        x = x * s->issues[i].n_options + outcome[i];
    *index = x;
    return true;
}

void pl_scenario_outcome_decode(const pl_scenario *s, uint64_t index,
                                uint32_t *outcome)
{
    for (uint32_t i = s->n_issues; i-- > 0;) {
        const uint32_t m = s->issues[i].n_options;
        outcome[i] = (uint32_t)(index % m);
        index /= m;
    }
}

double pl_scenario_utility(const pl_scenario *s, size_t p,
                           const uint32_t *outcome)
{
    const struct pl__party *pa;
    const double *row;
    double u = 0;

    if (!PARTY_OK(s, p) || !s->parties[p].has_utility)
        return 0;
    pa = &s->parties[p];
    row = s->U + p * s->n_total_options;
    for (uint32_t i = 0; i < s->n_issues; i++)
        u += row[s->opt_offset[i] + outcome[i]];
    for (uint32_t j = 0; j < pa->n_interactions; j++)
        if (pl__clause_holds(&pa->interactions[j], outcome))
            u += pa->interactions[j].value;
    if (pa->has_clamp && u > pa->clamp_max)
        u = pa->clamp_max;
    return u;
}

bool pl_scenario_crosses_red_line(const pl_scenario *s, size_t p,
                                  const uint32_t *outcome)
{
    if (!PARTY_OK(s, p))
        return false;
    for (uint32_t j = 0; j < s->parties[p].n_red_lines; j++)
        if (pl__clause_holds(&s->parties[p].red_lines[j], outcome))
            return true;
    return false;
}

bool pl_scenario_has_spatial(const pl_scenario *s)
{
    return s && s->has_spatial;
}

bool pl_scenario_has_talks(const pl_scenario *s)
{
    return s && s->has_talks;
}

bool pl_scenario_talks_allowed(const pl_scenario *s, size_t a, size_t b)
{
    if (!PARTY_OK(s, a) || !PARTY_OK(s, b))
        return false;
    if (!s->has_talks || a == b)
        return true;
    for (uint32_t t = 0; t < s->n_talks; t++)
        if ((s->talks[t][0] == a && s->talks[t][1] == b) ||
            (s->talks[t][0] == b && s->talks[t][1] == a))
            return true;
    return false;
}

/* ---- model-level equality ---- */

static bool str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool clauses_eq(const pl_scenario *s, const struct pl__clause *a,
                       const struct pl__clause *b, uint32_t n)
{
    for (uint32_t j = 0; j < n; j++) {
        if (a[j].n_conds != b[j].n_conds || a[j].value != b[j].value)
            return false;
        for (uint32_t q = 0; q < a[j].n_conds; q++) {
            const uint32_t i = a[j].conds[q].issue;
            if (i != b[j].conds[q].issue)
                return false;
            if (memcmp(a[j].conds[q].allowed, b[j].conds[q].allowed,
                       s->issues[i].n_options) != 0)
                return false;
        }
    }
    return true;
}

static bool issue_eq(const struct pl__issue *a, const struct pl__issue *b)
{
    if (!str_eq(a->id, b->id) || !str_eq(a->name, b->name) ||
        !str_eq(a->description, b->description) || a->kind != b->kind ||
        a->n_options != b->n_options)
        return false;
    for (uint32_t k = 0; k < a->n_options; k++)
        if (!str_eq(a->options[k].id, b->options[k].id) ||
            !str_eq(a->options[k].name, b->options[k].name) ||
            a->options[k].value != b->options[k].value)
            return false;
    return true;
}

static bool party_eq(const pl_scenario *s, const struct pl__party *a,
                     const struct pl__party *b)
{
    if (!str_eq(a->id, b->id) || !str_eq(a->name, b->name) ||
        !str_eq(a->description, b->description) || a->role != b->role ||
        a->has_utility != b->has_utility ||
        a->reservation != b->reservation || a->discount != b->discount ||
        a->n_interactions != b->n_interactions ||
        a->n_red_lines != b->n_red_lines ||
        a->weights_as_written != b->weights_as_written ||
        a->has_clamp != b->has_clamp ||
        (a->has_clamp && a->clamp_max != b->clamp_max))
        return false;
    if (a->has_utility) {
        for (uint32_t i = 0; i < s->n_issues; i++) {
            if (a->weight[i] != b->weight[i])
                return false;
            for (uint32_t k = 0; k < s->issues[i].n_options; k++)
                if (a->v[i][k] != b->v[i][k])
                    return false;
        }
    }
    return clauses_eq(s, a->interactions, b->interactions,
                      a->n_interactions) &&
           clauses_eq(s, a->red_lines, b->red_lines, a->n_red_lines);
}

bool pl_scenario_equal(const pl_scenario *a, const pl_scenario *b)
{
    if (!a || !b)
        return a == b;
    if (!str_eq(a->name, b->name) ||
        !str_eq(a->description, b->description) ||
        a->n_issues != b->n_issues || a->n_parties != b->n_parties ||
        a->has_talks != b->has_talks || a->n_talks != b->n_talks ||
        a->simulate.present != b->simulate.present ||
        !str_eq(a->simulate.protocol, b->simulate.protocol) ||
        a->simulate.mediator != b->simulate.mediator ||
        a->simulate.rounds != b->simulate.rounds)
        return false;
    for (uint32_t i = 0; i < a->n_issues; i++)
        if (!issue_eq(&a->issues[i], &b->issues[i]))
            return false;
    for (uint32_t p = 0; p < a->n_parties; p++)
        if (!party_eq(a, &a->parties[p], &b->parties[p]))
            return false;
    for (uint32_t t = 0; t < a->n_talks; t++)
        if (a->talks[t][0] != b->talks[t][0] ||
            a->talks[t][1] != b->talks[t][1])
            return false;
    return true;
}
