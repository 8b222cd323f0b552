/* Brute-force twin of pl_analyze() on GENIUS scenarios.
 *
 * Every bilateral and 3-party scenario that can be formed from the
 * profiles of one GENIUS domain (../shared/data/genius, plus the copies in
 * tests/data/genius that always run) with at most PL_XCHECK_MAX outcomes,
 * and synthetic hyper-rectangle scenarios (INCLUDES, EXCLUDES, rectangles
 * without bounds, nested ufuns) over small integer spaces, are enumerated
 * outcome by outcome with the reference pl_scenario_utility(); the zone,
 * frontier counts (outcomes and distinct vectors, whole space and zone),
 * each party's range and zone best, and the Nash, Kalai-Smorodinsky,
 * egalitarian and welfare packages (index and value) must equal
 * pl_analyze()'s.
 *
 * GENIUS utilities are clamped at 1 (clamp_max).  Scenarios where the
 * clamp binds (some party's unclamped sum exceeds 1 somewhere) are checked
 * only in `clamp` mode (ctest genius_xcheck_clamp_test), which fails if
 * the analysis engine ignores clamp_max.  The default mode checks the
 * others and reports how many scenarios it left to clamp mode.
 *
 * Usage: genius_xcheck_test [clamp] [all] [MAX_OUTCOMES]
 *   all: every pair and every triple (i, i+1, k) of each group; without
 *   it, groups of more than 6 profiles use cyclic neighbours only. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "io/genius_corpus.h"
#include "parley/analysis.h"
#include "parley/genius.h"
#include "pl_test.h"
#include "core/sort.h"

#define DATA PL_SOURCE_DIR "/tests/data/genius"

static bool clamp_mode;
static double max_outcomes = 2e6;
static unsigned n_checked, n_clamp_left, n_too_big, n_clamp_binding;
static double outcomes_checked;

/* Brute-force results. */
struct bf {
    uint32_t n;
    double umin[8], umax[8], zbest[8], r[8];
    uint64_t zone, pc, pv, pzc, pzv;
    bool found[PL_CONCEPT_COUNT];
    uint64_t idx[PL_CONCEPT_COUNT];
    double val[PL_CONCEPT_COUNT];
};

static const double *sort_u;
static uint32_t sort_n;

/* Lexicographically descending by vector, then ascending index. */
static int cmp_desc(const void *a, const void *b)
{
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const double *u = sort_u + (size_t)x * sort_n;
    const double *v = sort_u + (size_t)y * sort_n;

    for (uint32_t p = 0; p < sort_n; p++) {
        if (u[p] > v[p])
            return -1;
        if (u[p] < v[p])
            return 1;
    }
    return x < y ? -1 : x > y;
}

static bool weakly_dominates(const double *s, const double *v, uint32_t n)
{
    bool strict = false;

    for (uint32_t p = 0; p < n; p++) {
        if (s[p] < v[p])
            return false;
        strict |= s[p] > v[p];
    }
    return strict;
}

/* Enumerate and compute everything pl_analyze() reports.  Also sets
 * *binding if some party's unclamped utility exceeds its clamp. */
static void brute_force(pl_scenario *s, uint64_t N, struct bf *b,
                        bool *binding)
{
    const uint32_t n = s->n_parties, I = s->n_issues;
    double *U = malloc((size_t)N * n * sizeof *U);
    uint32_t *order = malloc((size_t)N * sizeof *order);
    uint32_t o[PL_MAX_ISSUES];
    double *sky = NULL;
    size_t n_sky = 0, cap_sky = 0;

    if (!U || !order) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memset(b, 0, sizeof *b);
    b->n = n;
    *binding = false;
    for (uint32_t p = 0; p < n; p++) {
        b->r[p] = s->parties[p].reservation;
        b->umin[p] = INFINITY;
        b->umax[p] = -INFINITY;
        b->zbest[p] = -INFINITY;
    }
    memset(o, 0, sizeof o);
    for (uint64_t x = 0; x < N; x++) {
        double *u = U + (size_t)x * n;
        bool z = true, nk = true;
        for (uint32_t p = 0; p < n; p++) {
            struct pl__party *pa = &s->parties[p];
            u[p] = pl_scenario_utility(s, p, o);
            if (pa->has_clamp && u[p] == pa->clamp_max) {
                pa->has_clamp = false;
                if (pl_scenario_utility(s, p, o) > pa->clamp_max)
                    *binding = true;
                pa->has_clamp = true;
            }
            b->umin[p] = u[p] < b->umin[p] ? u[p] : b->umin[p];
            b->umax[p] = u[p] > b->umax[p] ? u[p] : b->umax[p];
            z &= u[p] >= b->r[p];
            nk &= u[p] > b->r[p];
        }
        if (nk) {
            double v = 1.0;
            for (uint32_t p = 0; p < n; p++)
                v *= u[p] - b->r[p];
            if (!b->found[PL_NASH] || v > b->val[PL_NASH]) {
                b->found[PL_NASH] = true;
                b->val[PL_NASH] = v;
                b->idx[PL_NASH] = x;
            }
        }
        if (z) {
            double e = INFINITY, w = 0.0;
            b->zone++;
            for (uint32_t p = 0; p < n; p++) {
                const double d = u[p] - b->r[p];
                e = d < e ? d : e;
                w += u[p];
                b->zbest[p] = u[p] > b->zbest[p] ? u[p] : b->zbest[p];
            }
            if (!b->found[PL_EGALITARIAN] || e > b->val[PL_EGALITARIAN]) {
                b->found[PL_EGALITARIAN] = true;
                b->val[PL_EGALITARIAN] = e;
                b->idx[PL_EGALITARIAN] = x;
            }
            if (!b->found[PL_MAX_WELFARE] || w > b->val[PL_MAX_WELFARE]) {
                b->found[PL_MAX_WELFARE] = true;
                b->val[PL_MAX_WELFARE] = w;
                b->idx[PL_MAX_WELFARE] = x;
            }
        }
        /* odometer, last issue fastest (the dense index order) */
        for (uint32_t i = I; i-- > 0;) {
            if (++o[i] < s->issues[i].n_options)
                break;
            o[i] = 0;
        }
    }
    /* Kalai-Smorodinsky over the zone, given zone best */
    for (uint64_t x = 0; x < N && b->zone; x++) {
        const double *u = U + (size_t)x * n;
        double v = INFINITY;
        bool z = true;
        for (uint32_t p = 0; p < n; p++)
            z &= u[p] >= b->r[p];
        if (!z)
            continue;
        for (uint32_t p = 0; p < n; p++) {
            const double q = b->zbest[p] == b->r[p]
                                 ? 1.0
                                 : (u[p] - b->r[p]) / (b->zbest[p] - b->r[p]);
            v = q < v ? q : v;
        }
        if (!b->found[PL_KALAI_SMORODINSKY] ||
            v > b->val[PL_KALAI_SMORODINSKY]) {
            b->found[PL_KALAI_SMORODINSKY] = true;
            b->val[PL_KALAI_SMORODINSKY] = v;
            b->idx[PL_KALAI_SMORODINSKY] = x;
        }
    }
    /* Pareto frontier: sort descending; a group of equal vectors is on
     * the frontier unless an earlier frontier vector dominates it. */
    for (uint64_t x = 0; x < N; x++)
        order[x] = (uint32_t)x;
    sort_u = U;
    sort_n = n;
    pl__qsort(order, N, sizeof *order, cmp_desc);
    for (uint64_t g = 0; g < N;) {
        const double *v = U + (size_t)order[g] * n;
        uint64_t e = g + 1, zc = 0;
        bool dom = false;
        while (e < N && memcmp(U + (size_t)order[e] * n, v,
                               n * sizeof *v) == 0)
            e++;
        for (size_t k = n_sky; k-- > 0 && !dom;)
            dom = weakly_dominates(sky + k * n, v, n);
        if (!dom) {
            bool z = true;
            for (uint32_t p = 0; p < n; p++)
                z &= v[p] >= b->r[p];
            zc = z ? e - g : 0;
            b->pc += e - g;
            b->pv++;
            b->pzc += zc;
            b->pzv += zc > 0;
            if (n_sky == cap_sky) {
                cap_sky = cap_sky ? 2 * cap_sky : 64;
                sky = realloc(sky, cap_sky * n * sizeof *sky);
                if (!sky) {
                    fprintf(stderr, "out of memory\n");
                    exit(2);
                }
            }
            memcpy(sky + n_sky * n, v, n * sizeof *v);
            n_sky++;
        }
        g = e;
    }
    for (uint32_t p = 0; p < n; p++)
        if (b->zone == 0)
            b->zbest[p] = NAN;
    free(sky);
    free(order);
    free(U);
}

static bool same_double(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* Compare; returns true if everything matches.  `what` names the case. */
static bool compare(const pl_analysis *a, const struct bf *b,
                    const char *what)
{
    /* the brute force counts in 64 bits: these spaces are small */
    uint64_t zone = 0, pc = 0, pzc = 0;
    bool ok = pl_count_to_u64(a->zone_count, &zone) &&
              pl_count_to_u64(a->pareto_count, &pc) &&
              pl_count_to_u64(a->pareto_zone_count, &pzc);

    ok = ok && a->n_parties == b->n && zone == b->zone && pc == b->pc &&
         a->pareto_vectors == b->pv && pzc == b->pzc &&
         a->pareto_zone_vectors == b->pzv;

    for (uint32_t p = 0; ok && p < b->n; p++)
        ok = a->umin[p] == b->umin[p] && a->umax[p] == b->umax[p] &&
             same_double(a->zone_best[p], b->zbest[p]);
    for (int c = 0; ok && c < PL_CONCEPT_COUNT; c++) {
        ok = a->found[c] == b->found[c];
        if (ok && b->found[c])
            ok = a->concept[c].index == b->idx[c] &&
                 fabs(a->concept[c].value - b->val[c]) <= 1e-12;
    }
    if (!ok) {
        fprintf(stderr, "MISMATCH %s\n  zone %llu/%llu pareto %llu/%llu "
                        "vectors %llu/%llu zone-pareto %llu/%llu "
                        "zone-vectors %llu/%llu\n",
                what, (unsigned long long)zone,
                (unsigned long long)b->zone,
                (unsigned long long)pc,
                (unsigned long long)b->pc,
                (unsigned long long)a->pareto_vectors,
                (unsigned long long)b->pv,
                (unsigned long long)pzc,
                (unsigned long long)b->pzc,
                (unsigned long long)a->pareto_zone_vectors,
                (unsigned long long)b->pzv);
        for (uint32_t p = 0; p < b->n && p < a->n_parties; p++)
            fprintf(stderr, "  party %u: min %.17g/%.17g max %.17g/%.17g "
                            "zone best %.17g/%.17g\n",
                    p, a->umin[p], b->umin[p], a->umax[p], b->umax[p],
                    a->zone_best[p], b->zbest[p]);
        for (int c = 0; c < PL_CONCEPT_COUNT; c++)
            fprintf(stderr, "  %s: %d idx %llu value %.17g / %d idx %llu "
                            "value %.17g\n",
                    pl_concept_key((pl_concept)c), a->found[c],
                    (unsigned long long)a->concept[c].index,
                    a->concept[c].value, b->found[c],
                    (unsigned long long)b->idx[c], b->val[c]);
    }
    return ok;
}

/* Upper bound of a party's unclamped utility, exact without
 * interactions (the same issue-order sum as the reference). */
static double max_raw_bound(const pl_scenario *s, uint32_t p)
{
    const struct pl__party *pa = &s->parties[p];
    const double *row = s->U + (size_t)p * s->n_total_options;
    double m = 0;

    for (uint32_t i = 0; i < s->n_issues; i++) {
        double mx = -INFINITY;
        for (uint32_t k = 0; k < s->issues[i].n_options; k++) {
            const double x = row[s->opt_offset[i] + k];
            mx = x > mx ? x : mx;
        }
        m += mx;
    }
    for (uint32_t j = 0; j < pa->n_interactions; j++)
        if (pa->interactions[j].value > 0)
            m += pa->interactions[j].value;
    return m;
}

static void check_scenario(pl_scenario *s, const char *what)
{
    uint64_t N;
    struct bf b;
    pl_analysis *a = NULL;
    pl_analysis_opts opts = pl_analysis_opts_default();
    pl_diag d;
    bool binding, may_bind = false;
    pl_status rc;

    if (!pl_scenario_outcome_count_u64(s, &N) || (double)N > max_outcomes) {
        n_too_big++;
        return;
    }
    for (uint32_t p = 0; p < s->n_parties; p++)
        may_bind |= s->parties[p].has_clamp &&
                    max_raw_bound(s, p) > s->parties[p].clamp_max;
    if (clamp_mode && !may_bind)
        return;
    brute_force(s, N, &b, &binding);
    n_clamp_binding += binding;
    if (binding != clamp_mode) {
        n_clamp_left += binding;
        return;
    }
    memset(&d, 0, sizeof d);
    opts.threads = 2;
    rc = pl_analyze(s, &opts, &a, &d);
    PL_CHECK_INT(rc, PL_OK);
    if (rc == PL_OK)
        PL_CHECK(compare(a, &b, what));
    n_checked++;
    outcomes_checked += (double)N;
    pl_analysis_free(a);
}

static void check_files(const char *domain, const char *const *prof,
                        size_t n)
{
    pl_scenario *s = NULL;
    pl_diag d;
    char what[1024];
    size_t k;

    memset(&d, 0, sizeof d);
    if (pl_scenario_load_genius(domain, prof, n, NULL, &s, NULL, &d) !=
        PL_OK) {
        fprintf(stderr, "load failed: %s:%d: %s\n", d.file, d.line,
                d.message);
        PL_CHECK(0);
        return;
    }
    k = (size_t)snprintf(what, sizeof what, "%s", domain);
    for (size_t p = 0; p < n && k < sizeof what; p++)
        k += (size_t)snprintf(what + k, sizeof what - k, " %s",
                              strrchr(prof[p], '/') + 1);
    check_scenario(s, what);
    pl_scenario_free(s);
}

/* Bilateral and 3-party scenarios of a group: every pair and triple when
 * all_combos (or the group is small), else the cyclic neighbours
 * (i, i+1) and (i, i+1, i+2), so that every profile is in at least one
 * bilateral and one 3-party scenario. */
static bool all_combos;

static void check_group(const struct gc_group *g)
{
    const size_t n = g->n;

    if (all_combos || n <= 6) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                const char *p2[2] = {g->profiles[i], g->profiles[j]};
                check_files(g->domain, p2, 2);
                for (size_t k = j + 1; k < n && (n <= 6 || j == i + 1);
                     k++) {
                    const char *p3[3] = {g->profiles[i], g->profiles[j],
                                         g->profiles[k]};
                    check_files(g->domain, p3, 3);
                }
            }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *p2[2] = {g->profiles[i], g->profiles[(i + 1) % n]};
        const char *p3[3] = {g->profiles[i], g->profiles[(i + 1) % n],
                             g->profiles[(i + 2) % n]};
        check_files(g->domain, p2, 2);
        check_files(g->domain, p3, 3);
    }
}

static void test_shipped(void)
{
    static const char *const dirs[] = {"laptop", "son", "agenthp2",
                                       "flightbooking", "smartphone",
                                       "inheritance", "car", "new_sporthal"};
    for (size_t k = 0; k < sizeof dirs / sizeof *dirs; k++) {
        struct gc_corpus c;
        PL_CHECK(gc_shipped(DATA, dirs[k], &c) == 1);
        for (size_t g = 0; g < c.n; g++)
            check_group(&c.g[g]);
        gc_free(&c);
    }
}

static void test_corpus(void)
{
    struct gc_corpus c;
    size_t n_prof = 0;

    if (!gc_corpus_load(pl_test_shared_dir(), &c)) {
        fprintf(stderr, "skip: ../shared/data/genius not present\n");
        return;
    }
    for (size_t g = 0; g < c.n; g++) {
        n_prof += c.g[g].n;
        check_group(&c.g[g]);
    }
    fprintf(stderr, "corpus: %zu domains, %zu profiles\n", c.n, n_prof);
    gc_free(&c);
}

/* ---- synthetic hyper-rectangle scenarios ---- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)((rng_state >> 33) % n);
}

struct buf {
    char *p;
    size_t n, cap;
};

static void add(struct buf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void add(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int k;

    for (;;) {
        va_start(ap, fmt);
        k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0,
                      fmt, ap);
        va_end(ap);
        if (k >= 0 && b->p && (size_t)k < b->cap - b->n) {
            b->n += (size_t)k;
            return;
        }
        b->cap = b->cap * 2 + (size_t)k + 256;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            exit(2);
    }
}

static void gen_profile(struct buf *b, uint32_t n_issues, const uint32_t *hi)
{
    const uint32_t n_rect = 1 + rnd(12);
    double total = 0;

    add(b, "<!-- generated -->\n<?xml version=\"1.0\"?>\n"
           "<utility_space type=\"nonlinear\">\n<objective index=\"0\" "
           "name=\"root\">\n");
    for (uint32_t i = 0; i < n_issues; i++)
        add(b, "<issue index=\"%u\" name=\"i%u\" type=\"integer\" "
               "lowerbound=\"0\" upperbound=\"%u\"/>\n",
            i + 1, i + 1, hi[i]);
    add(b, "<utility maxutility=\"MAXU\">\n<ufun type=\"PlainUfun\" "
           "weight=\"1\" aggregation=\"sum\">\n");
    for (uint32_t r = 0; r < n_rect; r++) {
        const uint32_t u = 1 + rnd(60);
        const uint32_t kind = rnd(6); /* 0-3 INCLUDES, 4 EXCLUDES, 5 none */
        const uint32_t nb = 1 + rnd(n_issues);
        total += u;
        add(b, "<hyperRectangle utility=\"%u\">\n", u);
        for (uint32_t q = 0; q < nb && kind != 5; q++) {
            const uint32_t i = rnd(n_issues);
            const uint32_t lo = rnd(hi[i] + 1);
            const uint32_t up = lo + rnd(hi[i] + 1 - lo);
            add(b, "<%s index=\"%u\" min=\"%u\" max=\"%u\"/>\n",
                kind == 4 ? "EXCLUDES" : "INCLUDES", i + 1, lo, up);
        }
        add(b, "</hyperRectangle>\n");
    }
    /* a nested ufun, weighted */
    add(b, "<ufun weight=\"0.5\"><hyperRectangle utility=\"%u\">"
           "<INCLUDES index=\"1\" min=\"0\" max=\"%u\"/></hyperRectangle>"
           "</ufun>\n",
        1 + rnd(20), hi[0] / 2);
    add(b, "</ufun>\n</utility>\n</objective>\n<reservation value=\"0.%u\"/>"
           "\n</utility_space>\n",
        rnd(6));
    /* maxutility: sometimes below the largest sum, so the clamp binds */
    {
        char *m = strstr(b->p, "MAXU");
        char num[16];
        const double maxu = rnd(3) == 0 ? total * 0.4 + 1 : total + 10;
        snprintf(num, sizeof num, "%4u", (unsigned)maxu);
        memcpy(m, num, 4);
    }
}

static void test_synthetic(void)
{
    const uint64_t seed = pl_test_seed(20261128);

    rng_state = seed;
    for (int t = 0; t < 60; t++) {
        const uint32_t n_issues = 2 + rnd(3), n_par = 2 + rnd(2);
        uint32_t hi[4];
        struct buf dom = {NULL, 0, 0}, prof[3] = {{NULL, 0, 0}};
        const char *texts[4];
        size_t lens[4];
        const char *names[4] = {"synthetic-domain.xml", "a.xml", "b.xml",
                                "c.xml"};
        pl_scenario *s = NULL;
        pl_diag d;
        char what[64];

        add(&dom, "<negotiation_template>\n<utility_space>\n<objective "
                  "index=\"0\" name=\"synthetic\">\n");
        for (uint32_t i = 0; i < n_issues; i++) {
            hi[i] = 1 + rnd(9);
            add(&dom, "<issue index=\"%u\" name=\"i%u\" type=\"integer\" "
                      "lowerbound=\"0\" upperbound=\"%u\"/>\n",
                i + 1, i + 1, hi[i]);
        }
        add(&dom, "</objective>\n</utility_space>\n</negotiation_template>\n");
        texts[0] = dom.p;
        lens[0] = dom.n;
        for (uint32_t p = 0; p < n_par; p++) {
            gen_profile(&prof[p], n_issues, hi);
            texts[p + 1] = prof[p].p;
            lens[p + 1] = prof[p].n;
        }
        memset(&d, 0, sizeof d);
        if (pl_scenario_load_genius_text(texts, lens, names, n_par, NULL, &s,
                                         NULL, &d) != PL_OK) {
            fprintf(stderr, "synthetic %d: %s:%d: %s\n", t, d.file, d.line,
                    d.message);
            PL_CHECK(0);
        } else {
            snprintf(what, sizeof what, "synthetic case %d", t);
            check_scenario(s, what);
        }
        pl_scenario_free(s);
        free(dom.p);
        for (uint32_t p = 0; p < 3; p++)
            free(prof[p].p);
    }
}

int main(int argc, char **argv)
{
    const clock_t t0 = clock();

    for (int k = 1; k < argc; k++) {
        if (strcmp(argv[k], "clamp") == 0)
            clamp_mode = true;
        else if (strcmp(argv[k], "all") == 0)
            all_combos = true;
        else
            max_outcomes = strtod(argv[k], NULL);
    }
    PL_RUN(test_synthetic);
    PL_RUN(test_shipped);
    PL_RUN(test_corpus);
    fprintf(stderr,
            "%s mode: %u scenarios cross-checked (%.3g outcomes); %u with a "
            "binding clamp at 1 seen, %u of them left to the other mode; "
            "%u over %.3g outcomes skipped; %.1f s CPU\n",
            clamp_mode ? "clamp" : "default", n_checked, outcomes_checked,
            n_clamp_binding, n_clamp_left, n_too_big, max_outcomes,
            (double)(clock() - t0) / CLOCKS_PER_SEC);
    return pl_test_summary();
}
