/* bench_simulate: sessions per second and rounds per second of
 * `parley simulate` sessions (issue 5, bench/README.md "Simulation").
 *
 * Cases (fixed seeds; distances off, one pl_session_cache per scenario
 * so the bid index is built once, as a tournament would):
 *   - two time-dependent strategies (Boulware e=0.2 vs Conceder e=2, and
 *     Boulware vs Boulware, which agree late) with a 1,000-round deadline
 *     on synthetic additive spaces: mid-size (6 issues x 6 options, 46,656
 *     outcomes, presorted index) and large (10 issues x 10 options,
 *     10^10 outcomes, prefix search with tail table);
 *   - 3-party SAOP (Boulware, linear, Conceder) on the mid-size space;
 *   - the same two-party sessions (or 3-party SAOP for a three-profile
 *     domain) on real GENIUS/ANAC domains, up to the largest linear ones,
 *     when ../shared/data/genius is present.
 * Each case runs for at least 0.5 s, three times; the fastest run counts.
 * Prints name, outcomes, sessions, rounds, sessions/s, rounds/s,
 * microseconds per round, the time of the first session (which builds
 * the bid indices) and a checksum of the results of the sessions with
 * seeds 0..63 (agreement indices and rounds), so that a fast wrong answer
 * shows and runs can be compared.
 *
 * The ANAC 2014 non-linear domains (10, 30 and 50 issues: 10^10, 10^30,
 * 10^50 outcomes, hyper-rectangle profiles) run on the bid pool
 * (src/negotiate/bidpool.h); build_s is then the pool's precomputation
 * for both parties, and a line per party gives its statistics.
 *
 * --accuracy: the pool against brute force instead of sessions: seeded
 * non-linear random spaces of 10^5-10^7 outcomes and slices of the ANAC
 * 2014 30- and 50-issue profiles (6-7 free issues, the others fixed),
 * 20,000 targets each; prints how many answers were flagged exact, how
 * many were in fact exact, the mean and worst excess distance over the
 * brute-force optimum (share of the utility range), build time and time
 * per lookup, for the default pool and for the pool without the level
 * DP (walks and gap searches only, as on the 30/50-issue profiles).
 *
 * The last column is CPU microseconds per round (process CPU time), which
 * other jobs on a shared machine disturb less than wall time.
 *
 * Usage: bench_simulate [SHARED_DIR] [--only SUB,SUB...] [--accuracy]
 * (Release build recommended) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "negotiate/bidpool.h"
#include "negotiate/bidspace.h"
#include "negotiate/negotiate_int.h"
#include "bench_util.h"
#include "brute_utility.h"
#include "parley/negotiate.h"
#include "random_scenario.h"
#if defined(__has_include)
#if __has_include("parley/genius.h")
#include "parley/genius.h"
#define HAVE_GENIUS 1
#endif
#endif

/* n_parties negotiators on `n_issues` issues of `m` options, random
 * additive utilities (seeded), reservations 0.2. */
static pl_scenario *synthetic(uint32_t n_issues, uint32_t m, uint32_t n_parties,
                              uint64_t seed)
{
    return bu_additive_space(n_parties, n_issues, m, 0.2, 0.5, seed, NULL, 0);
}

struct tally {
    uint64_t sessions, rounds, checksum;
    double seconds, cpu;
};

static const char *g_only; /* --only: run cases matching one of a,b,... */

static bool selected(const char *name)
{
    char buf[256];
    char *save = NULL;

    if (!g_only)
        return true;
    snprintf(buf, sizeof buf, "%s", g_only);
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        if (strstr(name, t))
            return true;
    return false;
}

static void print_pool_stats(const pl_session_cache *cache,
                             const pl_scenario *s)
{
    for (size_t p = 0; p < s->n_parties && p < PL_MAX_PARTIES; p++) {
        const pl__bidpool *b =
            cache->space[p] ? pl__bidspace_pool(cache->space[p]) : NULL;
        pl__bidpool_stats st;
        if (!b)
            continue;
        pl__bidpool_stats_get(b, &st);
        printf("    pool %-10s levels %6llu  open gaps %4llu (widest %.4f)  "
               "%s  top %s  search nodes %llu\n",
               s->parties[p].id, (unsigned long long)st.levels,
               (unsigned long long)st.open_gaps, st.max_open_gap,
               st.dp ? "level DP (exact)" : "walks + gap searches",
               st.top_exact ? "proven" : "not proven",
               (unsigned long long)st.nodes);
    }
}

static int run_case(const char *name, const pl_scenario *s,
                    const char *const *strategies, size_t n_strat)
{
    pl_session_cache *cache = NULL;
    struct tally best = {0, 0, 0, 1e300, 0};
    double build;

    if (!selected(name))
        return 0;
    if (pl_session_cache_new(s, &cache) != PL_OK)
        return 1;
    build = bu_wall_s();
    {
        /* first session builds the bid indices: timed separately */
        pl_session_opts o = pl_session_opts_default();
        pl_session_result *r = NULL;
        o.cache = cache;
        o.rounds = 1;
        o.distances = false;
        for (size_t j = 0; j < n_strat; j++)
            o.strategy[j] = strategies[j];
        if (pl_session_run(s, &o, &r, NULL) != PL_OK) {
            fprintf(stderr, "%s: session failed\n", name);
            pl_session_cache_free(cache);
            return 1;
        }
        pl_session_result_free(r);
    }
    build = bu_wall_s() - build;
    for (int rep = 0; rep < 3; rep++) {
        struct tally t = {0, 0, 0, 0, 0};
        const double t0 = bu_wall_s(), c0 = bu_cpu_s();
        while ((t.seconds = bu_wall_s() - t0) < 0.5 || t.sessions < 64) {
            for (int k = 0; k < 8; k++) {
                pl_session_opts o = pl_session_opts_default();
                pl_session_result *r = NULL;
                o.cache = cache;
                o.rounds = 1000;
                o.distances = false;
                o.seed = t.sessions;
                for (size_t j = 0; j < n_strat; j++)
                    o.strategy[j] = strategies[j];
                if (pl_session_run(s, &o, &r, NULL) != PL_OK) {
                    pl_session_cache_free(cache);
                    return 1;
                }
                t.sessions++;
                t.rounds += r->rounds;
                if (t.sessions <= 64) /* seeds 0..63: comparable runs */
                    t.checksum = t.checksum * 31 + r->rounds +
                                 (r->agreement ? r->index : 7);
                pl_session_result_free(r);
            }
        }
        t.cpu = bu_cpu_s() - c0;
        if (t.seconds / t.sessions <
                best.seconds / (best.sessions ? best.sessions : 1) ||
            !best.sessions)
            best = t;
    }
    printf("%-34s %14.0f %7" PRIu64
           " %6.0f %9.0f %10.0f %7.3f %8.3f  %016" PRIx64 " %7.3f\n",
           name, pl_scenario_outcome_count(s), best.sessions,
           (double)best.rounds / best.sessions, best.sessions / best.seconds,
           best.rounds / best.seconds, 1e6 * best.seconds / best.rounds, build,
           best.checksum, 1e6 * best.cpu / best.rounds);
    print_pool_stats(cache, s);
    fflush(stdout);
    pl_session_cache_free(cache);
    return 0;
}

static const char *const bc[] = {"boulware", "conceder"};
static const char *const bb[] = {"boulware", "boulware"};
static const char *const three[] = {"boulware", "linear", "conceder"};

#ifdef HAVE_GENIUS
static int genius_case(const char *shared, const char *folder)
{
    char dir[4096], name[128];
    char *domain = NULL, **prof = NULL;
    size_t n = 0;
    pl_scenario *s = NULL;
    pl_diag d;
    int rc = 0;

    memset(&d, 0, sizeof d);
    snprintf(dir, sizeof dir, "%s/data/genius/%s", shared, folder);
    if (pl_genius_find_folder(dir, &domain, &prof, &n, &d) != PL_OK || n < 2 ||
        pl_scenario_load_genius(domain, (const char *const *)prof,
                                n < 3 ? n : 3, NULL, &s, NULL, &d) != PL_OK) {
        printf("%-34s skipped: %s\n", folder, d.message);
    } else if (n >= 3) {
        snprintf(name, sizeof name, "%s saop-3", folder);
        rc |= run_case(name, s, three, 3);
    } else {
        snprintf(name, sizeof name, "%s bou-con", folder);
        rc |= run_case(name, s, bc, 2);
        snprintf(name, sizeof name, "%s bou-bou", folder);
        rc |= run_case(name, s, bb, 2);
    }
    pl_scenario_free(s);
    for (size_t k = 0; k < n; k++)
        pl_free(prof[k]);
    pl_free(prof);
    pl_free(domain);
    return rc;
}
#endif

/* ---- --accuracy -----------------------------------------------------------
 */

/* One party of n issues x m options with nb ANAC-2014-like boxes (1-4
 * issues, interval conditions), integer values over maxu when grid, else
 * real values. */
static pl_scenario *nonlinear(uint32_t n, uint32_t m, uint32_t nb, bool grid,
                              uint64_t seed)
{
    uint32_t ms[PL_MAX_ISSUES];
    pl_scenario *s;
    pl_rng r;

    for (uint32_t i = 0; i < n; i++)
        ms[i] = m;
    s = rs_new(n, ms, 1);
    s->parties[0].weights_as_written = true;
    pl_rng_seed(&r, seed);
    for (uint32_t c = 0; c < nb; c++) {
        uint32_t issues[4], allowed[4];
        uint32_t nc = 1 + (uint32_t)pl_rng_below(&r, 4);
        for (uint32_t j = 0; j < nc; j++) {
            bool dup;
            uint32_t a, z;
            do {
                issues[j] = (uint32_t)pl_rng_below(&r, n);
                dup = false;
                for (uint32_t q = 0; q < j; q++)
                    dup |= issues[q] == issues[j];
            } while (dup);
            a = (uint32_t)pl_rng_below(&r, m);
            z = a + (uint32_t)pl_rng_below(&r, m - a);
            allowed[j] =
                (uint32_t)(((1ull << (z + 1)) - 1) & ~((1ull << a) - 1));
        }
        rs_clause(s, 0, false,
                  grid ? (double)(1 + pl_rng_below(&r, 100)) / 1000
                       : 0.1 * pl_rng_uniform(&r),
                  nc, issues, allowed);
    }
    rs_compile(s);
    return s;
}

static void accuracy_case(const char *name, const pl_scenario *s)
{
    struct bf f;
    uint64_t N;
    const double *u;
    uint32_t o[PL_MAX_ISSUES];
    double t0;

    t0 = bu_wall_s();
    bf_build(s, 0, &f);
    N = f.N;
    u = f.u;
    {
        const double range = u[N - 1] - u[0];
        size_t distinct = 1;
        for (uint64_t x = 1; x < N; x++)
            distinct += u[x] - u[x - 1] > 1e-9 * range;
        printf("%-26s %9.0f outcomes, %7zu distinct utilities (brute force "
               "%.2f s)\n",
               name, (double)N, distinct, bu_wall_s() - t0);
    }
    for (int mode = 0; mode < 2; mode++) {
        pl__bidpool_opts opt = {0, 0, 0, 0, mode == 1};
        pl__bidpool *b = NULL;
        pl__bidpool_stats st;
        const double range = u[N - 1] - u[0];
        uint64_t flagged = 0, truly = 0, q = 0;
        double sum = 0, worst = 0, build, look = 0;
        pl_rng r;

        t0 = bu_wall_s();
        if (pl__bidpool_new(s, 0, &opt, &b) != PL_OK) {
            printf("  pool failed\n");
            continue;
        }
        build = bu_wall_s() - t0;
        pl__bidpool_stats_get(b, &st);
        pl_rng_seed(&r, 99);
        for (; q < 20000; q++) {
            const double t = u[0] + range * pl_rng_uniform(&r);
            double best, got, e;
            bool exact;
            const double l0 = bu_wall_s();
            got = pl__bidpool_closest(b, t, o, &exact);
            look += bu_wall_s() - l0;
            best = bf_closest(&f, t);
            e = (fabs(got - t) - best) / range;
            flagged += exact;
            truly += e <= 1e-9;
            sum += e;
            worst = e > worst ? e : worst;
        }
        printf("  %-22s levels %6llu open gaps %4llu  build %6.3f s  "
               "lookup %5.3f us  flagged exact %5.1f%%  exact %5.1f%%  "
               "excess mean %.2e worst %.2e (of range)\n",
               st.dp ? "pool (level DP)"
                     : (mode ? "pool without DP" : "pool (no grid: walks)"),
               (unsigned long long)st.levels, (unsigned long long)st.open_gaps,
               build, 1e6 * look / q, 100.0 * flagged / q, 100.0 * truly / q,
               sum / q, worst);
        fflush(stdout);
        pl__bidpool_free(b);
    }
    pl__free(f.u);
}

static int accuracy(const char *shared)
{
    static const struct {
        uint32_t n, m, nb;
        bool grid;
    } rnd[] = {{5, 10, 15, true},  {6, 10, 20, true},  {7, 10, 25, true},
               {5, 10, 15, false}, {6, 10, 20, false}, {7, 10, 25, false}};

    for (size_t k = 0; k < sizeof rnd / sizeof rnd[0]; k++) {
        char name[64];
        pl_scenario *s =
            nonlinear(rnd[k].n, rnd[k].m, rnd[k].nb, rnd[k].grid, 11 + k);
        snprintf(name, sizeof name, "random 10^%u %s", rnd[k].n,
                 rnd[k].grid ? "grid" : "real");
        accuracy_case(name, s);
        pl_scenario_free(s);
    }
#ifdef HAVE_GENIUS
    {
        for (int d = 0; d < 2; d++) {
            char name[64];
            pl_scenario *full = NULL;
            const char *dir;
            pl_diag dg;
            if (bf_anac_load(shared, d, &full, &dir, &dg) != PL_OK) {
                printf("%s skipped: %s\n", dir, dg.message);
                continue;
            }
            for (size_t p = 0; p < 2; p++)
                for (uint32_t keep = 6; keep <= 7; keep++) {
                    pl_rng r;
                    pl_scenario *s;
                    pl_rng_seed(&r, 5 + p);
                    s = bf_anac_slice(full, p, keep, &r);
                    snprintf(name, sizeof name, "%.16s p%zu slice %u", dir,
                             p + 1, keep);
                    accuracy_case(name, s);
                    pl_scenario_free(s);
                }
            pl_scenario_free(full);
        }
    }
#else
    (void)shared;
#endif
    return 0;
}

int main(int argc, char **argv)
{
    pl_scenario *mid, *mid3, *big;
    const char *shared = PL_SHARED_DIR;
    bool acc = false;
    int rc = 0;

    for (int k = 1; k < argc; k++) {
        if (!strcmp(argv[k], "--accuracy"))
            acc = true;
        else if (!strcmp(argv[k], "--only") && k + 1 < argc)
            g_only = argv[++k];
        else
            shared = argv[k];
    }
    if (acc)
        return accuracy(shared);
    mid = synthetic(6, 6, 2, 1);
    mid3 = synthetic(6, 6, 3, 2);
    big = synthetic(10, 10, 2, 3);

    printf("%-34s %14s %7s %6s %9s %10s %7s %8s  %-16s %s\n", "case",
           "outcomes", "sessions", "rounds", "sess/s", "rounds/s", "us/rnd",
           "build_s", "checksum", "cpu_us/rnd");
    rc |= run_case("synthetic-mid bou-con", mid, bc, 2);
    rc |= run_case("synthetic-mid bou-bou", mid, bb, 2);
    rc |= run_case("synthetic-large bou-con", big, bc, 2);
    rc |= run_case("synthetic-large bou-bou", big, bb, 2);
    rc |= run_case("synthetic-mid saop-3", mid3, three, 3);
#ifdef HAVE_GENIUS
    {
        /* Energy: 390,625 outcomes; AMPOvsCity 1,944,000; 7issues 10^7
         * (the largest linear GENIUS domains here); anac2016-AgentHp2
         * 5,764,801, three parties; ANAC 2014 10^10, 10^30, 10^50
         * (non-linear, two profiles each) */
        const char *folders[] = {"anac2011-Energy",   "AMPOvsCity",
                                 "7issues",           "anac2016-AgentHp2",
                                 "anac2014-10issues", "anac2014-30issues",
                                 "anac2014-50issues"};
        for (size_t k = 0; k < sizeof folders / sizeof folders[0]; k++)
            rc |= genius_case(shared, folders[k]);
    }
#else
    (void)shared;
    printf("(GENIUS loader not built in: ANAC domains skipped)\n");
#endif
    pl_scenario_free(mid);
    pl_scenario_free(mid3);
    pl_scenario_free(big);
    return rc;
}
