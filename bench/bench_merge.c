/* bench_merge: the exact 2-party issue-by-issue merge (merge.c) on
 * synthetic additive spaces of 10 options per issue, 10^3 .. 10^50
 * outcomes, two generators (fixed seeds):
 *   independent: weights and values uniform, independently per party;
 *   opposed:     party 1 values every option 1 - party 0's value
 *                (independent weights): strongly conflicting, big
 *                frontiers.
 * Reservations 0.3.  Per case: the core merge (frontier with counts, the
 * suffix frontiers and the four lowest-index searches) via
 * pl__merge2_stats, its frontier size and largest stage; the whole
 * pl_analyze(method merge, top 10) at every size; and for spaces up to
 * --enum-max outcomes (default 1e8) the enumeration too, with a check
 * that both agree (counts, ranges, packages, values, points; the zone
 * when the merge counted it).  Median of --runs (default 3) wall and CPU
 * times.  --only GEN:ISSUES runs one case; --write DIR saves each case as
 * DIR/GEN_ISSUES.yaml (bench_merge_cli.sh times them through the CLI).
 *
 * Usage: bench_merge [--runs R] [--enum-max N] [--threads N]
 *                    [--only GEN:ISSUES] [--write DIR] [--zone-tail T]
 * --zone-tail T: zone count with a tail of at most T outcomes (0: the
 * counting DP alone, as before the tail).
 * Build in Release: cmake -B build-rel -DCMAKE_BUILD_TYPE=Release. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/merge.h"
#include "bench_util.h"
#include "parley/analysis.h"

/* gen 1 (opposed): party 1 values every option 1 - party 0's value (no
 * draw), so the two are in near zero-sum conflict. */
static double merge_value(const pl_scenario *s, pl_rng *r, uint32_t p,
                          uint32_t i, uint32_t k, int gen)
{
    return (gen && p == 1) ? 1.0 - s->parties[0].v[i][k] : pl_rng_uniform(r);
}

/* The merge's analysis against the enumeration's: every count, ranges,
 * each concept's package (options) and value, and the points. */
static bool same_analysis(const pl_scenario *s, const pl_analysis *a,
                          const pl_analysis *e)
{
    const size_t ni = pl_scenario_issue_count(s);
    bool same = pl_count_cmp(e->pareto_count, a->pareto_count) == 0 &&
                e->pareto_vectors == a->pareto_vectors &&
                pl_count_cmp(e->pareto_zone_count, a->pareto_zone_count) ==
                    0 &&
                (a->zone_count_unknown ||
                 pl_count_cmp(e->zone_count, a->zone_count) == 0) &&
                e->n_points == a->n_points;

    for (size_t j = 0; j < 2; j++)
        same = same && e->umin[j] == a->umin[j] && e->umax[j] == a->umax[j];
    for (int q = 0; q < PL_CONCEPT_COUNT; q++) {
        same = same && e->found[q] == a->found[q];
        if (same && a->found[q])
            same = e->concept[q].value == a->concept[q].value &&
                   memcmp(e->concept[q].outcome, a->concept[q].outcome,
                          ni * sizeof *a->concept[q].outcome) == 0;
    }
    for (size_t k = 0; same && k < a->n_points; k++)
        same = memcmp(e->points[k].outcome, a->points[k].outcome,
                      ni * sizeof *a->points[k].outcome) == 0;
    return same;
}

int main(int argc, char **argv)
{
    static const uint32_t issues[] = {3, 6, 8, 10, 18, 20, 30, 40, 50};
    int runs = 3;
    double enum_max = 1e8;
    unsigned threads = 0;
    int only_gen = -1, only_issues = -1;
    const char *write_dir = NULL;
    const uint32_t party[2] = {0, 1};

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--enum-max") == 0 && i + 1 < argc)
            enum_max = atof(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--write") == 0 && i + 1 < argc)
            write_dir = argv[++i];
        else if (strcmp(argv[i], "--zone-tail") == 0 && i + 1 < argc)
            pl__merge_zone_tail = (uint32_t)atoi(argv[++i]);
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            /* GEN:ISSUES, e.g. opposed:50 (profiling one case) */
            const char *x = argv[++i];
            only_gen = strncmp(x, "opposed", 7) == 0;
            only_issues = strchr(x, ':') ? atoi(strchr(x, ':') + 1) : -1;
        } else {
            fprintf(stderr, "usage: bench_merge [--runs R] [--enum-max N] "
                            "[--threads N] [--only GEN:ISSUES] "
                            "[--write DIR] [--zone-tail T]\n");
            return 2;
        }
    }
    if (runs < 1 || runs > 99)
        runs = 3;
    printf("%-11s %6s %8s %8s %8s %3s %8s %8s %9s %9s %-8s %8s %s\n",
           "generator", "space", "frontier", "stage", "suffix", "cut",
           "core s", "core cpu", "analyze s", "anal cpu", "zone", "enum s",
           "check");
    for (int g = 0; g < 2; g++)
        for (size_t c = 0; c < sizeof issues / sizeof *issues; c++) {
            const uint32_t I = issues[c];
            if ((only_gen >= 0 && g != only_gen) ||
                (only_issues >= 0 && (int)I != only_issues))
                continue;
            pl_scenario *s = bu_additive_space(2, I, 10, 0.3, 0.05, 1000 + I,
                                               merge_value, g);
            struct pl__merge_stats st;
            double tc[99], cc[99], ta[99], ca[99], te = -1;
            pl_status rc = PL_OK;
            const char *check = "-";
            pl_analysis *a = NULL, *e = NULL;
            pl_analysis_opts o = pl_analysis_opts_default();
            int na = 0;

            if (write_dir) {
                char path[1024], *text = NULL;
                size_t len = 0;
                FILE *f;
                snprintf(path, sizeof path, "%s/%s_%u.yaml", write_dir,
                         g ? "opposed" : "independent", I);
                f = fopen(path, "w");
                if (f && pl_scenario_write(s, PL_FORMAT_YAML, &text, &len) ==
                             PL_OK)
                    fwrite(text, 1, len, f);
                if (f)
                    fclose(f);
                pl_free(text);
            }
            for (int k = 0; k < runs; k++) {
                const double t0 = bu_wall_s(), c0 = bu_cpu_s();
                rc = pl__merge2_stats(s, party, 0, &st);
                tc[k] = bu_wall_s() - t0;
                cc[k] = bu_cpu_s() - c0;
            }
            /* the whole analysis as the text report asks for it (top 10
             * points; JSON lists every point by default) */
            o.method = PL_METHOD_MERGE;
            o.threads = threads;
            o.top = 10;
            for (int k = 0; k < runs && rc == PL_OK; k++) {
                const double t0 = bu_wall_s(), c0 = bu_cpu_s();
                pl_analysis_free(a);
                a = NULL;
                if (pl_analyze(s, &o, &a, NULL) != PL_OK)
                    break;
                ta[k] = bu_wall_s() - t0;
                ca[k] = bu_cpu_s() - c0;
                na++;
            }
            if (a && s->n_outcomes <= enum_max) {
                const double t0 = bu_wall_s();
                o.method = PL_METHOD_ENUMERATE;
                o.max_outcomes = enum_max;
                if (pl_analyze(s, &o, &e, NULL) == PL_OK) {
                    te = bu_wall_s() - t0;
                    check = same_analysis(s, a, e) ? "identical"
                                                   : "DIFFERENT";
                }
            }
            printf("%-11s 10^%-3u %8zu %8zu %8zu %3d %8.4f %8.4f ",
                   g ? "opposed" : "independent", I, st.frontier,
                   st.max_stage, st.max_suffix, st.search_cut,
                   bu_median(tc, runs), bu_median(cc, runs));
            if (rc != PL_OK || na == 0) {
                printf("%9s %9s %-8s %8s %s\n",
                       rc != PL_OK ? pl_strerror(rc) : "failed", "-", "-",
                       "-", "-");
            } else {
                char es[32] = "-";
                if (te >= 0)
                    snprintf(es, sizeof es, "%.3f", te);
                printf("%9.4f %9.4f %-8s %8s %s\n", bu_median(ta, na),
                       bu_median(ca, na),
                       a->zone_count_unknown ? "estimate" : "exact", es,
                       check);
            }
            fflush(stdout);
            pl_analysis_free(a);
            pl_analysis_free(e);
            pl_scenario_free(s);
        }
    return 0;
}
