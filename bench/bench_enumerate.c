/* bench_enumerate: throughput of the exact analysis (pl_analyze) on
 * synthetic additive spaces.
 *
 * Cases: 2..5 parties, 10^3 .. 10^MAXEXP outcomes built from issues of 10
 * options (fixed seeds; values uniform in [0,1], weights uniform,
 * reservations 0.3).  Each case runs RUNS times (default 3) and reports
 * the median wall time, outcomes/s, and party-utility evaluations per
 * second per core: outcomes * parties / seconds / threads, and the same
 * with the process CPU time (all threads) instead of seconds * threads,
 * which stays meaningful on a shared, loaded machine; plus a
 * checksum of the results (zone count, Nash index, frontier count and
 * vectors) so that a fast wrong answer shows.
 *
 * Columns also show what the enumeration did (pl__enum_last): outcomes
 * whose utilities were summed one by one ("touched"), how many zone tests
 * fell in the rounding band, and the path (fast, fast+grid, general).
 * --general forces the general kernels (no certified fast path).
 *
 * Usage: bench_enumerate [--threads N] [--max-exp K] [--runs R]
 *                        [--parties P] [--general]
 * Build in Release: cmake -B build-rel -DCMAKE_BUILD_TYPE=Release. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/analyze_int.h"
#include "bench_util.h"
#include "parley/analysis.h"

int main(int argc, char **argv)
{
    unsigned threads = 0, runs = 3, max_exp = 8, only_parties = 0;
    bool general = false;
    pl__analyze_tuning tune;
    pl_analysis_opts o = pl_analysis_opts_default();

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--max-exp") && i + 1 < argc)
            max_exp = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--general"))
            general = true;
        else if (!strcmp(argv[i], "--parties") && i + 1 < argc)
            only_parties = (unsigned)strtoul(argv[++i], NULL, 10);
        else {
            fprintf(stderr,
                    "usage: %s [--threads N] [--max-exp K] [--runs R] "
                    "[--parties P] [--general]\n",
                    argv[0]);
            return 2;
        }
    }
    if (threads == 0) {
        const long nc = sysconf(_SC_NPROCESSORS_ONLN);
        threads = nc > 0 ? (unsigned)nc : 1;
    }
    if (runs < 1)
        runs = 1;
    memset(&tune, 0, sizeof tune);
    tune.no_fast = general;
    if (max_exp > 10)
        max_exp = 10;
    o.threads = threads;
    o.top = 10;
    o.max_outcomes = 1e11;
    printf("threads %u, median of %u runs; evals = outcomes x parties\n",
           threads, runs);
    printf("%-7s %-11s %9s %9s %12s %11s %12s %9s %10s %9s  %s\n",
           "parties", "outcomes", "wall_s", "cpu_s", "outcomes/s",
           "out/cpu_s", "evals/cpu_s", "touched", "touch/cpu_s", "band",
           "path checksum: zone nash pareto vectors ks");
    for (unsigned e = 3; e <= max_exp; e++) {
        for (uint32_t n = 2; n <= 5; n++) {
            pl_scenario *s;
            double t[16], cpu[16];
            char sum[160] = "";
            struct pl__enum_stats st;
            uint64_t N;

            if (only_parties && n != only_parties)
                continue;
            s = bu_additive_space(n, e, 10, 0.3, 0.05, 1000 + 10 * e + n,
                                  NULL, 0);
            pl_scenario_outcome_count_u64(s, &N);
            for (unsigned r = 0; r < runs && r < 16; r++) {
                pl_analysis *a = NULL;
                const double t0 = bu_wall_s(), c0 = bu_cpu_s();
                const pl_status rc =
                    pl__analyze_tuned(s, &o, &tune, &a, NULL);
                t[r] = bu_wall_s() - t0;
                cpu[r] = bu_cpu_s() - c0;
                st = pl__enum_last;
                if (rc != PL_OK) {
                    fprintf(stderr, "pl_analyze: %s\n", pl_strerror(rc));
                    return 1;
                }
                snprintf(sum, sizeof sum, "%llu %lld %llu %llu %lld",
                         (unsigned long long)a->zone_count.w[0],
                         a->found[PL_NASH]
                             ? (long long)a->concept[PL_NASH].index
                             : -1LL,
                         (unsigned long long)a->pareto_count.w[0],
                         (unsigned long long)a->pareto_vectors,
                         a->found[PL_KALAI_SMORODINSKY]
                             ? (long long)a->concept[PL_KALAI_SMORODINSKY].index
                             : -1LL);
                pl_analysis_free(a);
            }
            {
                const int nr = runs < 16 ? (int)runs : 16;
                const double med = bu_median(t, nr);
                const double cmed = bu_median(cpu, nr);
                printf("%-7u %-11llu %9.4f %9.4f %12.3e %11.3e %12.3e %9.3g "
                       "%10.3e %9llu  %s %s\n",
                       n, (unsigned long long)N, med, cmed, N / med, N / cmed,
                       (double)N * n / cmed, (double)st.touched,
                       st.touched / cmed, (unsigned long long)st.band,
                       st.fast ? (st.grid ? "fast+grid" : st.bits ? "fast+bits" : "fast") : "general",
                       sum);
                fflush(stdout);
            }
            pl_scenario_free(s);
        }
    }
    return 0;
}
