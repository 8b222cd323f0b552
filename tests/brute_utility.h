/* Brute force over a small non-linear space, shared by the bid pool's
 * test (src/negotiate/bidpool_test.c) and bench_simulate --accuracy:
 * every outcome's raw utility (additive table plus interaction terms, no
 * clamp), sorted, and the exact closest utility to a target; plus
 * slices of the ANAC 2014 30/50-issue profiles small enough for it.
 * Test and bench code only: aborts on OOM (random_scenario.h). */
#ifndef PARLEY_TEST_BRUTE_UTILITY_H
#define PARLEY_TEST_BRUTE_UTILITY_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "parley/rng.h"
#include "random_scenario.h"
#if defined(__has_include)
#if __has_include("parley/genius.h")
#include "parley/genius.h"
#define BF_HAVE_GENIUS 1
#endif
#endif

/* Every outcome's utility for one party, sorted ascending. */
struct bf {
    double *u; /* N; free with pl__free */
    uint64_t N;
};

static inline int bf_dcmp(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Party p's utility of outcome o before any clamp: the table U summed in
 * issue order, then the interactions that hold. */
static inline double bf_raw_u(const pl_scenario *s, size_t p,
                              const uint32_t *o)
{
    const struct pl__party *pa = &s->parties[p];
    double u = 0;

    for (uint32_t i = 0; i < s->n_issues; i++)
        u += s->U[p * s->n_total_options + s->opt_offset[i] + o[i]];
    for (uint32_t j = 0; j < pa->n_interactions; j++)
        if (pl__clause_holds(&pa->interactions[j], o))
            u += pa->interactions[j].value;
    return u;
}

static inline void bf_build(const pl_scenario *s, size_t p, struct bf *f)
{
    uint32_t o[PL_MAX_ISSUES];

    f->N = s->n_outcomes_u64;
    f->u = rs_need(pl__calloc(f->N, sizeof *f->u));
    for (uint64_t x = 0; x < f->N; x++) {
        pl_scenario_outcome_decode(s, x, o);
        f->u[x] = bf_raw_u(s, p, o);
    }
    qsort(f->u, f->N, sizeof *f->u, bf_dcmp);
}

/* Any utility strictly inside (a + tol, b - tol)? */
static inline bool bf_inside(const struct bf *f, double a, double b,
                             double tol)
{
    size_t lo = 0, hi = f->N;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (f->u[mid] <= a + tol)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->N && f->u[lo] < b - tol;
}

/* The position of the smallest utility >= t (N if none). */
static inline size_t bf_lower(const struct bf *f, double t)
{
    size_t lo = 0, hi = f->N;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (f->u[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The distance from t to the closest utility of the space. */
static inline double bf_closest(const struct bf *f, double t)
{
    double best = INFINITY;
    const size_t lo = bf_lower(f, t);

    if (lo < f->N)
        best = f->u[lo] - t;
    if (lo > 0 && t - f->u[lo - 1] < best)
        best = t - f->u[lo - 1];
    return best;
}

/* A slice of party p of an ANAC 2014 profile: the `keep` issues in the
 * most boxes stay free, the others are fixed at options drawn from r;
 * boxes that a fixed option breaks go, conditions on fixed issues go
 * (and boxes over more than 8 free issues or options past 31, which
 * rs_clause cannot hold). */
static inline pl_scenario *bf_anac_slice(const pl_scenario *full, size_t p,
                                         uint32_t keep, pl_rng *r)
{
    const struct pl__party *pa = &full->parties[p];
    uint32_t score[PL_MAX_ISSUES], fix[PL_MAX_ISSUES], m[PL_MAX_ISSUES],
        map[PL_MAX_ISSUES];
    pl_scenario *s;

    memset(score, 0, sizeof score);
    for (uint32_t c = 0; c < pa->n_interactions; c++)
        for (uint32_t j = 0; j < pa->interactions[c].n_conds; j++)
            score[pa->interactions[c].conds[j].issue]++;
    for (uint32_t i = 0; i < full->n_issues; i++) {
        fix[i] = (uint32_t)pl_rng_below(r, full->issues[i].n_options);
        map[i] = UINT32_MAX;
    }
    for (uint32_t k = 0; k < keep; k++) {
        uint32_t best = UINT32_MAX;
        for (uint32_t i = 0; i < full->n_issues; i++)
            if (map[i] == UINT32_MAX &&
                (best == UINT32_MAX || score[i] > score[best]))
                best = i;
        map[best] = k;
        m[k] = full->issues[best].n_options;
    }
    s = rs_new(keep, m, 1);
    s->parties[0].weights_as_written = true;
    for (uint32_t c = 0; c < pa->n_interactions; c++) {
        const struct pl__clause *cl = &pa->interactions[c];
        uint32_t issues[8], allowed[8], nc = 0;
        bool alive = true;
        for (uint32_t j = 0; j < cl->n_conds && alive; j++) {
            const uint32_t i = cl->conds[j].issue;
            if (map[i] == UINT32_MAX) {
                alive = cl->conds[j].allowed[fix[i]] != 0;
                continue;
            }
            if (nc == 8 || full->issues[i].n_options > 31) {
                alive = false;
                break;
            }
            issues[nc] = map[i];
            allowed[nc] = 0;
            for (uint32_t k = 0; k < full->issues[i].n_options; k++)
                allowed[nc] |= (uint32_t)(cl->conds[j].allowed[k] != 0) << k;
            nc++;
        }
        if (alive)
            rs_clause(s, 0, false, cl->value, nc, issues, allowed);
    }
    rs_compile(s);
    return s;
}

#ifdef BF_HAVE_GENIUS
/* The ANAC 2014 30-issue (which 0) or 50-issue (1) domain with both
 * profiles from SHARED/data/genius into *full (caller frees), its folder
 * name in *dir; the loader's status, with dg filled on failure. */
static inline pl_status bf_anac_load(const char *shared, int which,
                                     pl_scenario **full, const char **dir,
                                     pl_diag *dg)
{
    static const char *const dirs[] = {"anac2014-30issues",
                                       "anac2014-50issues"};
    static const char *const doms[] = {"30issues-domain.xml",
                                       "50issues-domain.xml"};
    char dom[4096], prof[2][4096];
    const char *pp[2] = {prof[0], prof[1]};

    *dir = dirs[which];
    memset(dg, 0, sizeof *dg);
    snprintf(dom, sizeof dom, "%s/data/genius/%s/%s", shared, dirs[which],
             doms[which]);
    snprintf(prof[0], sizeof prof[0], "%s/data/genius/%s/profile-1.xml",
             shared, dirs[which]);
    snprintf(prof[1], sizeof prof[1], "%s/data/genius/%s/profile-2.xml",
             shared, dirs[which]);
    return pl_scenario_load_genius(dom, pp, 2, NULL, full, NULL, dg);
}
#endif

#endif
