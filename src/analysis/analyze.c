/* pl_analyze(): the exact analysis of a scenario (DESIGN.md section 7).
 *
 * Driver and result assembly.  The work is two passes over the outcome
 * space (enumerate.c): pass 1 computes ranges, the zone, hopeless
 * parties, the Nash, egalitarian and max-welfare packages and the whole
 * Pareto frontier (pareto.c); pass 2, only when the zone is non-empty,
 * finds the Kalai-Smorodinsky package by branch-and-bound once best_p
 * (zone_best) is known.  Then the frontier's points are sorted by welfare
 * (descending, ties by index ascending) and cut to opts.top, the concept
 * packages are decoded, and the explanations are added
 * (pl__analysis_explain).
 *
 * Tuned for spaces up to about 2e9 outcomes (opts.max_outcomes) on a few
 * cores; results are identical for every thread count. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze_int.h"
#include "core/alloc.h"
#include "core/count.h"
#include "parley/rng.h"
#include "bnb.h"
#include "explain.h"
#include "gridjoint.h"
#include "merge.h"
#include "merge_n.h"
#include "core/sort.h"

void pl__appendf(char *buf, size_t size, const char *fmt, ...)
{
    const size_t len = strnlen(buf, size - 1);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

#define MAX_THREADS 256u

pl_analysis_opts pl_analysis_opts_default(void)
{
    pl_analysis_opts o;

    memset(&o, 0, sizeof o);
    o.top = 0;
    o.threads = 0;
    o.max_outcomes = 2e9;
    o.method = PL_METHOD_AUTO;
    return o;
}

const char *pl_concept_key(pl_concept c)
{
    switch (c) {
    case PL_NASH:
        return "nash";
    case PL_KALAI_SMORODINSKY:
        return "kalai_smorodinsky";
    case PL_EGALITARIAN:
        return "egalitarian";
    case PL_MAX_WELFARE:
        return "max_welfare";
    case PL_CONCEPT_COUNT:
        break;
    }
    return "unknown";
}

static void package_free(pl_package *pk)
{
    pl__free(pk->outcome);
    pl__free(pk->utility);
    pk->outcome = NULL;
    pk->utility = NULL;
}

void pl_analysis_free(pl_analysis *a)
{
    if (!a)
        return;
    pl__free(a->party);
    pl__free(a->reservation);
    pl__free(a->umin);
    pl__free(a->umin_bound);
    pl__free(a->umax_bound);
    pl__free(a->umax);
    pl__free(a->zone_best);
    for (size_t i = 0; a->points && i < a->n_points; i++)
        package_free(&a->points[i]);
    pl__free(a->points);
    for (int c = 0; c < PL_CONCEPT_COUNT; c++)
        package_free(&a->concept[c]);
    pl__free(a->hopeless);
    if (a->nash_give_get) {
        for (size_t j = 0; j < a->n_parties; j++)
            pl__free(a->nash_give_get[j].share);
        pl__free(a->nash_give_get);
    }
    pl__free(a->logrolls);
    pl__free(a);
}

static unsigned resolve_threads(unsigned want)
{
    if (want == 0) {
        const long nc = sysconf(_SC_NPROCESSORS_ONLN);
        want = nc > 0 ? (unsigned)nc : 1u;
    }
    return want > MAX_THREADS ? MAX_THREADS : want;
}

/* Fill a package for outcome `idx`: decoded options, utilities from the
 * reference evaluator (bit-identical to the enumeration's), value. */
pl_status pl__package_fill(const pl_scenario *s, const pl_analysis *a,
                           pl_package *pk, uint64_t idx, double value,
                           bool in_zone)
{
    pk->outcome =
        pl__calloc(s->n_issues ? s->n_issues : 1, sizeof *pk->outcome);
    pk->utility = pl__calloc(a->n_parties, sizeof *pk->utility);
    if (!pk->outcome || !pk->utility)
        return PL_ENOMEM;
    pl_scenario_outcome_decode(s, idx, pk->outcome);
    for (size_t j = 0; j < a->n_parties; j++)
        pk->utility[j] = pl_scenario_utility(s, a->party[j], pk->outcome);
    pk->index = idx;
    pk->has_index = true;
    pk->value = value;
    pk->in_zone = in_zone;
    return PL_OK;
}

pl_status pl__package_fill_outcome(const pl_scenario *s, const pl_analysis *a,
                                   pl_package *pk, const uint32_t *o,
                                   double value, bool in_zone)
{
    pk->outcome =
        pl__calloc(s->n_issues ? s->n_issues : 1, sizeof *pk->outcome);
    pk->utility = pl__calloc(a->n_parties, sizeof *pk->utility);
    if (!pk->outcome || !pk->utility)
        return PL_ENOMEM;
    memcpy(pk->outcome, o, s->n_issues * sizeof *o);
    for (size_t j = 0; j < a->n_parties; j++)
        pk->utility[j] = pl_scenario_utility(s, a->party[j], pk->outcome);
    pk->has_index = pl_scenario_outcome_encode(s, o, &pk->index);
    if (!pk->has_index)
        pk->index = 0;
    pk->value = value;
    pk->in_zone = in_zone;
    return PL_OK;
}

/* ---- frontier points ---- */

static int cmp_point(const void *a, const void *b)
{
    const struct pl__point_ref *x = a, *y = b;

    if (x->welfare != y->welfare)
        return x->welfare > y->welfare ? -1 : 1;
    return (x->packed > y->packed) - (x->packed < y->packed);
}

pl_status pl__points_keep(const pl_scenario *s, pl_analysis *a,
                          struct pl__point_ref *refs, size_t m, uint64_t top)
{
    pl__qsort(refs, m, sizeof *refs, cmp_point);
    if (top && m > top)
        m = (size_t)top;
    a->points = pl__calloc(m ? m : 1, sizeof *a->points);
    if (!a->points)
        return PL_ENOMEM;
    for (size_t k = 0; k < m; k++) {
        const pl_status rc =
            pl__package_fill(s, a, &a->points[k], refs[k].packed >> 1,
                             refs[k].welfare, refs[k].packed & 1);
        a->n_points = k + 1;
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

static double welfare_of(const double *u, size_t n)
{
    double w = 0.0;

    for (size_t p = 0; p < n; p++)
        w += u[p];
    return w;
}

static pl_status fill_frontier(const pl_scenario *s, pl_analysis *a,
                               struct pl__sky *f, uint64_t top)
{
    size_t total = 0, m = 0;
    struct pl__point_ref *refs;
    pl_status rc;

    for (size_t sl = 0; sl < pl__sky_n_slots(f); sl++) {
        const struct pl__sky_item *it = &f->item[sl];
        if (!pl__sky_used(f, sl))
            continue;
        pl__count_add_u64(&a->pareto_count, it->count);
        pl__count_add_u64(&a->pareto_zone_count, it->zone_count);
        a->pareto_zone_vectors += it->zone_count > 0;
        pl__sky_item_trim(&f->item[sl], top);
        total += f->item[sl].n_idx;
    }
    a->pareto_vectors = f->len;
    refs = pl__calloc(total ? total : 1, sizeof *refs);
    if (!refs)
        return PL_ENOMEM;
    for (size_t sl = 0; sl < pl__sky_n_slots(f); sl++) {
        double u[PL_MAX_PARTIES];
        double w;
        if (!pl__sky_used(f, sl))
            continue;
        pl__sky_vec(f, sl, u);
        w = welfare_of(u, f->n);
        for (size_t j = 0; j < f->item[sl].n_idx; j++) {
            refs[m].welfare = w;
            refs[m].packed = f->item[sl].idx[j];
            m++;
        }
    }
    rc = pl__points_keep(s, a, refs, m, top);
    pl__free(refs);
    return rc;
}

/* ---- driver ---- */

static pl_status check_input(const pl_scenario *s, const pl_analysis_opts *o,
                             size_t *n_out, pl_diag *diag)
{
    size_t n = 0;

    for (uint32_t p = 0; p < s->n_parties; p++)
        if (s->parties[p].role != PL_ROLE_OBSERVER && s->parties[p].has_utility)
            n++;
    if (n == 0)
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "nothing to analyse: no negotiator or mediator "
                           "has a utility");
    if (n > PL_MAX_PARTIES)
        return pl_diag_set(diag, PL_ETOOBIG, 0, 0,
                           "%zu parties in the analysis; at most %u", n,
                           PL_MAX_PARTIES);
    if (o->method < PL_METHOD_AUTO || o->method > PL_METHOD_BNB)
        return pl_diag_set(diag, PL_EINVAL, 0, 0, "unknown analysis method %d",
                           o->method);
    *n_out = n;
    return PL_OK;
}

/* Scenario party indices of the analysis parties (at most
 * PL_MAX_PARTIES). */
static size_t analysis_parties(const pl_scenario *s, uint32_t *party)
{
    size_t n = 0;

    for (uint32_t p = 0; p < s->n_parties && n < PL_MAX_PARTIES; p++)
        if (s->parties[p].role != PL_ROLE_OBSERVER && s->parties[p].has_utility)
            party[n++] = p;
    return n;
}

/* Pick enumeration (*merge and *bnb false), the merge or branch and bound
 * per opts.method, or refuse. */
static pl_status choose_method(const pl_scenario *s, const pl_analysis_opts *o,
                               bool *merge, bool *bnb, const char **why,
                               pl_diag *diag)
{
    uint32_t party[PL_MAX_PARTIES];
    const size_t n = analysis_parties(s, party);
    const char *no_merge = n >= PL__MERGEN_MIN_PARTIES
                               ? pl__merge_n_refusal(s, party, n)
                               : pl__merge_refusal(s, party, n);
    const char *no_bnb = pl__bnb_refusal(s);
    const bool small = s->fits_u64 && s->n_outcomes <= o->max_outcomes;

    if (!s->fits_count) /* counts of outcomes are exact below 2^256 */
        return pl_diag_set(diag, PL_ETOOBIG, 0, 0,
                           "the outcome space has %.6g outcomes, 2^256 or "
                           "more: parley counts outcomes exactly only below "
                           "2^256 (about 1.158e77)",
                           s->n_outcomes);
    *merge = false;
    *bnb = false;
    *why = "";
    switch (o->method) {
    case PL_METHOD_BNB:
        if (no_bnb)
            return pl_diag_set(diag, PL_EINVAL, 0, 0,
                               "method bnb does not apply: %s", no_bnb);
        *bnb = true;
        *why = "method forced";
        return PL_OK;
    case PL_METHOD_ENUMERATE:
        if (!small)
            break;
        *why = "method forced";
        return PL_OK;
    case PL_METHOD_MERGE:
        if (no_merge)
            return pl_diag_set(diag, PL_EINVAL, 0, 0,
                               "method merge does not apply: %s", no_merge);
        *merge = true;
        *why = "method forced";
        return PL_OK;
    default:
        if (small)
            return PL_OK;
        if (!no_merge) {
            *merge = true;
            *why = "auto: more outcomes than max_outcomes";
            return PL_OK;
        }
        if (!no_bnb) {
            *bnb = true;
            *why = "auto: more outcomes than max_outcomes, merge does not "
                   "apply";
            return PL_OK;
        }
        return pl_diag_set(diag, PL_ETOOBIG, 0, 0,
                           "the outcome space has %.6g outcomes, more than "
                           "the limit of %.6g for exact analysis by "
                           "enumeration (max_outcomes), the merge does "
                           "not apply (%s) and branch and bound does not "
                           "either (%s)",
                           s->n_outcomes, o->max_outcomes, no_merge, no_bnb);
    }
    return pl_diag_set(diag, PL_ETOOBIG, 0, 0,
                       "the outcome space has %.6g outcomes, more than "
                       "the limit of %.6g for exact analysis "
                       "(max_outcomes)",
                       s->n_outcomes, o->max_outcomes);
}

/* ---- zone estimate ---- */

void pl__zone_estimate_set(pl_zone_estimate *est, double lo, double undecided,
                           uint64_t hits, uint64_t samples, uint64_t seed)
{
    const double z = 1.959963984540054; /* 97.5% normal quantile */

    est->seed = seed;
    est->samples = samples;
    est->hits = hits;
    if (samples > 0) {
        const double N = (double)samples, p = (double)hits / N;
        const double c = (p + z * z / (2 * N)) / (1 + z * z / N);
        const double h = z / (1 + z * z / N) *
                         sqrt(p * (1 - p) / N + z * z / (4 * N * N));
        est->count = lo + undecided * p;
        est->ci95[0] = lo + undecided * (c - h > 0 ? c - h : 0);
        est->ci95[1] = lo + undecided * (c + h < 1 ? c + h : 1);
    } else {
        est->count = est->ci95[0] = est->ci95[1] = lo;
    }
    snprintf(est->method, sizeof est->method, "monte-carlo");
    est->valid = true;
}

/* A labelled estimate of |Z| for a method that left the count unknown
 * without one (the n-party merge past its counting budget, bnb past its
 * node budget): ZONE_SAMPLES outcomes drawn uniformly from the whole
 * space with a fixed seed, each judged by the reference evaluator (the
 * analysis parties' utilities and red lines, as the enumeration does).
 * Where the method certified bounds, the estimate and its interval are
 * clipped to them (clipping to a certain range keeps the coverage).
 * Cost: ZONE_SAMPLES * (issues + parties' terms). */
#define ZONE_SAMPLES 100000u
#define ZONE_SEED UINT64_C(20261128)

static pl_status zone_fallback(const pl_scenario *s, pl_analysis *a)
{
    const size_t I = s->n_issues;
    uint32_t *o;
    uint64_t hits = 0;
    pl_rng g;
    double lo = 0, hi = pl_count_to_double(a->n_outcomes);
    pl_zone_estimate *est = &a->zone_estimate;

    if (!a->zone_count_unknown || est->valid)
        return PL_OK;
    o = pl__calloc(I ? I : 1, sizeof *o);
    if (!o)
        return PL_ENOMEM;
    pl_rng_seed(&g, ZONE_SEED);
    for (uint64_t t = 0; t < ZONE_SAMPLES; t++) {
        bool in = true;
        for (size_t i = 0; i < I; i++)
            o[i] = (uint32_t)pl_rng_below(&g, s->issues[i].n_options);
        for (size_t j = 0; j < a->n_parties && in; j++)
            in = pl_scenario_utility(s, a->party[j], o) >=
                     a->reservation[j] &&
                 !pl_scenario_crosses_red_line(s, a->party[j], o);
        hits += in;
    }
    pl__free(o);
    pl__zone_estimate_set(est, 0, hi, hits, ZONE_SAMPLES, ZONE_SEED);
    if (a->zone_bounded) {
        lo = pl_count_to_double(a->zone_min);
        hi = pl_count_to_double(a->zone_max);
        est->count = est->count < lo ? lo : est->count > hi ? hi : est->count;
        for (int k = 0; k < 2; k++)
            est->ci95[k] = est->ci95[k] < lo   ? lo
                           : est->ci95[k] > hi ? hi
                                               : est->ci95[k];
    }
    return PL_OK;
}

static pl_status analyze_by_merge(const pl_scenario *s,
                                  const pl_analysis_opts *o, const char *why,
                                  pl_analysis *a, pl_diag *diag)
{
    pl_status rc = a->n_parties >= PL__MERGEN_MIN_PARTIES
                       ? pl__analyze_merge_n(s, o, 0, a)
                       : pl__analyze_merge(s, o, 0, a);
    size_t len;

    if (rc == PL_ETOOBIG)
        return pl_diag_set(diag, rc, 0, 0,
                           "the Pareto frontier is too large for the exact "
                           "merge (more than %u points in a stage)",
                           PL__MERGE_MAX_POINTS);
    if (rc != PL_OK)
        return rc;
    len = strnlen(a->method, sizeof a->method - 1);
    snprintf(a->method + len, sizeof a->method - len, " (%s)", why);
    rc = zone_fallback(s, a);
    return rc == PL_OK ? pl__analysis_explain(s, a) : rc;
}

static pl_status alloc_result(const pl_scenario *s, size_t n, pl_analysis **out)
{
    pl_analysis *a = pl__calloc(1, sizeof *a);
    size_t j = 0;

    *out = a;
    if (!a)
        return PL_ENOMEM;
    a->n_parties = n;
    a->party = pl__calloc(n, sizeof *a->party);
    a->reservation = pl__calloc(n, sizeof *a->reservation);
    a->umin = pl__calloc(n, sizeof *a->umin);
    a->umax = pl__calloc(n, sizeof *a->umax);
    a->zone_best = pl__calloc(n, sizeof *a->zone_best);
    a->hopeless = pl__calloc(n, sizeof *a->hopeless);
    if (!a->party || !a->reservation || !a->umin || !a->umax || !a->zone_best ||
        !a->hopeless)
        return PL_ENOMEM;
    for (uint32_t p = 0; p < s->n_parties; p++)
        if (s->parties[p].role != PL_ROLE_OBSERVER &&
            s->parties[p].has_utility) {
            a->party[j] = p;
            a->reservation[j] = s->parties[p].reservation;
            j++;
        }
    a->n_outcomes = s->n_outcomes_exact;
    return PL_OK;
}

/* Best lower bound on the KS objective from zone vectors already known:
 * the frontier vectors with a zone outcome and the egalitarian and
 * welfare packages. */
static double ks_seed(const pl_analysis *a, const struct pl__pass1 *p1)
{
    const uint32_t n = (uint32_t)a->n_parties;
    double v = -INFINITY;

    for (size_t s = 0; s < pl__sky_n_slots(&p1->frontier); s++) {
        double u[PL_MAX_PARTIES], k;
        if (!pl__sky_used(&p1->frontier, s) ||
            p1->frontier.item[s].zone_count == 0)
            continue;
        pl__sky_vec(&p1->frontier, s, u);
        k = pl__ks_value(u, a->reservation, a->zone_best, n);
        v = k > v ? k : v;
    }
    for (int c = PL_EGALITARIAN; c <= PL_MAX_WELFARE; c++) {
        if (!a->found[c])
            continue;
        const double k = pl__ks_value(a->concept[c].utility, a->reservation,
                                      a->zone_best, n);
        v = k > v ? k : v;
    }
    return v;
}

pl_status pl__analyze_tuned(const pl_scenario *s, const pl_analysis_opts *opts,
                            const pl__analyze_tuning *tune, pl_analysis **out,
                            pl_diag *diag)
{
    const pl_analysis_opts o = opts ? *opts : pl_analysis_opts_default();
    struct pl__plan *plan = NULL;
    struct pl__pass1 p1;
    pl_analysis *a = NULL;
    unsigned threads;
    size_t n = 0;
    const char *why = "";
    bool use_merge = false, use_bnb = false;
    pl_status rc;

    memset(&p1, 0, sizeof p1);
    *out = NULL;
    if (!s)
        return pl_diag_set(diag, PL_EINVAL, 0, 0, "no scenario");
    rc = check_input(s, &o, &n, diag);
    if (rc != PL_OK)
        return rc;
    rc = choose_method(s, &o, &use_merge, &use_bnb, &why, diag);
    if (rc != PL_OK)
        return rc;
    rc = alloc_result(s, n, &a);
    if (rc != PL_OK)
        goto fail;
    if (use_merge) {
        rc = analyze_by_merge(s, &o, why, a, diag);
        if (rc != PL_OK)
            goto fail;
        *out = a;
        return PL_OK;
    }
    if (use_bnb) {
        /* the joint grid programme first where it applies (exact, fast),
         * else the tree search */
        const char *declined = "disabled";
        rc = pl__gj_off ? PL_OK
                        : pl__analyze_gridjoint(s, &o, why, NULL, a, &declined);
        if (rc == PL_OK && declined) {
            rc = pl__analyze_bnb(s, &o, why, a);
            if (rc == PL_OK && !pl__gj_off) {
                const size_t len = strnlen(a->method, sizeof a->method - 1);
                snprintf(a->method + len, sizeof a->method - len,
                         "; joint grid DP not used: %s", declined);
            }
        }
        if (rc == PL_OK)
            rc = zone_fallback(s, a);
        if (rc == PL_OK)
            rc = pl__analysis_explain(s, a);
        if (rc != PL_OK)
            goto fail;
        *out = a;
        return PL_OK;
    }
    rc = pl__plan_new(s, a->party, (uint32_t)n, tune, &plan, diag);
    if (rc != PL_OK)
        goto fail;
    threads = resolve_threads(o.threads);
    rc = pl__enumerate_pass1(plan, threads, o.top, &p1);
    if (rc != PL_OK)
        goto fail;

    memcpy(a->umin, p1.umin, n * sizeof *a->umin);
    memcpy(a->umax, p1.umax, n * sizeof *a->umax);
    a->zone_count = pl_count_from_u64(p1.zone_count);
    for (size_t j = 0; j < n; j++) {
        a->zone_best[j] = p1.zone_count ? p1.zmax[j] : NAN;
        if (!(p1.reach >> j & 1))
            a->hopeless[a->n_hopeless++] = (uint32_t)j;
    }
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        if (c == PL_KALAI_SMORODINSKY || p1.best_idx[c] == UINT64_MAX)
            continue;
        a->found[c] = true;
        rc = pl__package_fill(s, a, &a->concept[c], p1.best_idx[c], p1.best_v[c],
                          true);
        if (rc != PL_OK)
            goto fail;
    }
    if (p1.zone_count) {
        double v = ks_seed(a, &p1);
        uint64_t idx = UINT64_MAX;
        rc = pl__enumerate_ks(plan, threads, a->zone_best, &v, &idx);
        if (rc != PL_OK)
            goto fail;
        if (idx != UINT64_MAX) {
            a->found[PL_KALAI_SMORODINSKY] = true;
            rc = pl__package_fill(s, a, &a->concept[PL_KALAI_SMORODINSKY], idx, v,
                              true);
            if (rc != PL_OK)
                goto fail;
        }
    }
    rc = fill_frontier(s, a, &p1.frontier, o.top);
    if (rc != PL_OK)
        goto fail;
    snprintf(a->method, sizeof a->method, "enumeration of %llu outcomes%s%s%s",
             (unsigned long long)s->n_outcomes_u64, *why ? " (" : "", why,
             *why ? ")" : "");
    a->threads = p1.threads_used;
    rc = pl__analysis_explain(s, a);
    if (rc != PL_OK)
        goto fail;
    pl__pass1_free(&p1);
    pl__plan_free(plan);
    *out = a;
    return PL_OK;
fail:
    if (rc == PL_ENOMEM)
        pl_diag_set(diag, rc, 0, 0, "out of memory during analysis");
    pl__pass1_free(&p1);
    pl__plan_free(plan);
    pl_analysis_free(a);
    return rc;
}

pl_status pl_analyze(const pl_scenario *s, const pl_analysis_opts *opts,
                     pl_analysis **out, pl_diag *diag)
{
    return pl__analyze_tuned(s, opts, NULL, out, diag);
}
