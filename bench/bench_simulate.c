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
 * Usage: bench_simulate [SHARED_DIR]   (Release build recommended) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "parley/negotiate.h"
#include "random_scenario.h"
#if defined(__has_include)
#if __has_include("parley/genius.h")
#include "parley/genius.h"
#define HAVE_GENIUS 1
#endif
#endif

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* n_parties negotiators on `n_issues` issues of `m` options, random
 * additive utilities (seeded), reservations 0.2. */
static pl_scenario *synthetic(uint32_t n_issues, uint32_t m, uint32_t n_parties,
                              uint64_t seed)
{
    uint32_t ms[PL_MAX_ISSUES];
    pl_scenario *s;
    pl_rng r;

    for (uint32_t i = 0; i < n_issues; i++)
        ms[i] = m;
    s = rs_new(n_issues, ms, n_parties);
    pl_rng_seed(&r, seed);
    for (uint32_t p = 0; p < n_parties; p++) {
        s->parties[p].reservation = 0.2;
        for (uint32_t i = 0; i < n_issues; i++) {
            s->parties[p].weight_raw[i] = 0.5 + pl_rng_uniform(&r);
            for (uint32_t k = 0; k < m; k++)
                s->parties[p].v[i][k] = pl_rng_uniform(&r);
        }
    }
    rs_compile(s);
    return s;
}

struct tally {
    uint64_t sessions, rounds, checksum;
    double seconds;
};

static int run_case(const char *name, const pl_scenario *s,
                    const char *const *strategies, size_t n_strat)
{
    pl_session_cache *cache = NULL;
    struct tally best = {0, 0, 0, 1e300};
    double build;

    if (pl_session_cache_new(s, &cache) != PL_OK)
        return 1;
    build = now();
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
    build = now() - build;
    for (int rep = 0; rep < 3; rep++) {
        struct tally t = {0, 0, 0, 0};
        const double t0 = now();
        while ((t.seconds = now() - t0) < 0.5 || t.sessions < 64) {
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
        if (t.seconds / t.sessions <
                best.seconds / (best.sessions ? best.sessions : 1) ||
            !best.sessions)
            best = t;
    }
    printf("%-34s %14.0f %7" PRIu64
           " %6.0f %9.0f %10.0f %7.3f %8.3f  %016" PRIx64 "\n",
           name, pl_scenario_outcome_count(s), best.sessions,
           (double)best.rounds / best.sessions, best.sessions / best.seconds,
           best.rounds / best.seconds, 1e6 * best.seconds / best.rounds, build,
           best.checksum);
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

int main(int argc, char **argv)
{
    pl_scenario *mid = synthetic(6, 6, 2, 1);
    pl_scenario *mid3 = synthetic(6, 6, 3, 2);
    pl_scenario *big = synthetic(10, 10, 2, 3);
    int rc = 0;

    printf("%-34s %14s %7s %6s %9s %10s %7s %8s  %s\n", "case", "outcomes",
           "sessions", "rounds", "sess/s", "rounds/s", "us/rnd", "build_s",
           "checksum");
    rc |= run_case("synthetic-mid bou-con", mid, bc, 2);
    rc |= run_case("synthetic-mid bou-bou", mid, bb, 2);
    rc |= run_case("synthetic-large bou-con", big, bc, 2);
    rc |= run_case("synthetic-large bou-bou", big, bb, 2);
    rc |= run_case("synthetic-mid saop-3", mid3, three, 3);
#ifdef HAVE_GENIUS
    {
        const char *shared = argc > 1 ? argv[1] : PL_SHARED_DIR;
        /* Energy: 390,625 outcomes; AMPOvsCity 1,944,000; 7issues 10^7
         * (the largest linear GENIUS domains here); anac2016-AgentHp2
         * 5,764,801, three parties */
        const char *folders[] = {"anac2011-Energy", "AMPOvsCity", "7issues",
                                 "anac2016-AgentHp2"};
        for (size_t k = 0; k < sizeof folders / sizeof folders[0]; k++)
            rc |= genius_case(shared, folders[k]);
    }
#else
    (void)argc;
    (void)argv;
    printf("(GENIUS loader not built in: ANAC domains skipped)\n");
#endif
    pl_scenario_free(mid);
    pl_scenario_free(mid3);
    pl_scenario_free(big);
    return rc;
}
