/* bench_merge: the exact 2-party issue-by-issue merge (merge.c) on
 * synthetic additive spaces of 10 options per issue, 10^8 .. 10^50
 * outcomes, two generators (fixed seeds):
 *   independent: weights and values uniform, independently per party;
 *   opposed:     party 1 values every option 1 - party 0's value
 *                (independent weights): strongly conflicting, big
 *                frontiers.
 * Reservations 0.3.  Per case: the core merge (frontier with counts plus
 * the suffix frontiers of the lowest-index search; any space size) via pl__merge2_stats, its
 * frontier size and largest stage; for spaces under 2^63 the whole
 * pl_analyze(method merge) (concepts, points, zone count DP,
 * explanations); and for spaces up to --enum-max outcomes (default 1e8)
 * the enumeration too, with a check that both agree on the frontier
 * counts and every concept's index.  Median of --runs (default 3) wall
 * times.
 *
 * Usage: bench_merge [--runs R] [--enum-max N] [--threads N]
 * Build in Release: cmake -B build-rel -DCMAKE_BUILD_TYPE=Release. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/merge.h"
#include "parley/analysis.h"
#include "random_scenario.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static pl_scenario *make_space(uint32_t issues, bool opposed, uint64_t seed)
{
    uint32_t m[64];
    pl_scenario *s;
    pl_rng r;

    for (uint32_t i = 0; i < issues; i++)
        m[i] = 10;
    s = rs_new(issues, m, 2);
    pl_rng_seed(&r, seed);
    for (uint32_t p = 0; p < 2; p++) {
        struct pl__party *pa = &s->parties[p];
        pa->reservation = 0.3;
        for (uint32_t i = 0; i < issues; i++) {
            pa->weight_raw[i] = 0.05 + pl_rng_uniform(&r);
            for (uint32_t k = 0; k < m[i]; k++)
                pa->v[i][k] = (opposed && p == 1) ? 1.0 - s->parties[0].v[i][k]
                                                 : pl_rng_uniform(&r);
        }
    }
    rs_compile(s);
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[n / 2];
}

int main(int argc, char **argv)
{
    static const uint32_t issues[] = {8, 10, 18, 20, 30, 40, 50};
    int runs = 3;
    double enum_max = 1e8;
    unsigned threads = 0;
    int only_gen = -1, only_issues = -1;
    const uint32_t party[2] = {0, 1};

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--enum-max") == 0 && i + 1 < argc)
            enum_max = atof(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            /* GEN:ISSUES, e.g. opposed:50 (profiling one case) */
            const char *a = argv[++i];
            only_gen = strncmp(a, "opposed", 7) == 0;
            only_issues = strchr(a, ':') ? atoi(strchr(a, ':') + 1) : -1;
        }
        else {
            fprintf(stderr, "usage: bench_merge [--runs R] [--enum-max N] "
                            "[--threads N] [--only GEN:ISSUES]\n");
            return 2;
        }
    }
    if (runs < 1 || runs > 99)
        runs = 3;
    printf("%-11s %6s %9s %9s %9s %4s %10s %11s %11s %s\n", "generator",
           "space", "frontier", "stage", "suffix", "cut", "core s",
           "analyze s", "enum s", "check");
    for (int g = 0; g < 2; g++)
        for (size_t c = 0; c < sizeof issues / sizeof *issues; c++) {
            const uint32_t I = issues[c];
            if ((only_gen >= 0 && g != only_gen) ||
                (only_issues >= 0 && (int)I != only_issues))
                continue;
            pl_scenario *s = make_space(I, g == 1, 1000 + I);
            struct pl__merge_stats st;
            double tc[99], ta[99], te = -1;
            pl_status rc = PL_OK;
            const char *check = "-";
            pl_analysis *a = NULL, *e = NULL;

            for (int k = 0; k < runs; k++) {
                const double t0 = now_s();
                rc = pl__merge2_stats(s, party, 0, &st);
                tc[k] = now_s() - t0;
            }
            for (int k = 0; k < runs; k++)
                ta[k] = -1;
            if (rc == PL_OK && I <= 18) {
                pl_analysis_opts o = pl_analysis_opts_default();
                o.method = PL_METHOD_MERGE;
                o.threads = threads;
                for (int k = 0; k < runs; k++) {
                    const double t0 = now_s();
                    pl_analysis_free(a);
                    a = NULL;
                    if (pl_analyze(s, &o, &a, NULL) != PL_OK)
                        break;
                    ta[k] = now_s() - t0;
                }
                if (s->n_outcomes <= enum_max && a) {
                    const double t0 = now_s();
                    o.method = PL_METHOD_ENUMERATE;
                    o.max_outcomes = enum_max;
                    if (pl_analyze(s, &o, &e, NULL) == PL_OK) {
                        bool same =
                            pl_count_cmp(e->pareto_count, a->pareto_count) ==
                                0 &&
                            e->pareto_vectors == a->pareto_vectors &&
                            (a->zone_count_unknown ||
                             pl_count_cmp(e->zone_count, a->zone_count) == 0);
                        te = now_s() - t0;
                        for (int q = 0; q < PL_CONCEPT_COUNT; q++)
                            same = same && e->found[q] == a->found[q] &&
                                   e->concept[q].index == a->concept[q].index;
                        check = same ? "identical" : "DIFFERENT";
                    }
                }
            }
            printf("%-11s 10^%-3u %9zu %9zu %9zu %4d %10.4f ",
                   g ? "opposed" : "independent", I, st.frontier,
                   st.max_stage, st.max_suffix, st.search_cut,
                   median(tc, runs));
            if (rc != PL_OK)
                printf("%11s %11s %s\n", pl_strerror(rc), "-", "-");
            else if (ta[0] < 0)
                printf("%11s %11s %s\n", "-", "-", check);
            else if (te < 0)
                printf("%11.4f %11s %s\n", median(ta, runs), "-", check);
            else
                printf("%11.4f %11.3f %s\n", median(ta, runs), te, check);
            fflush(stdout);
            pl_analysis_free(a);
            pl_analysis_free(e);
            pl_scenario_free(s);
        }
    return 0;
}
