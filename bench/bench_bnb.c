/* bench_bnb: branch and bound (--method bnb, bnb.c) on
 * 1. synthetic non-linear spaces (fixed seeds): 2-3 parties, 10 options
 *    per issue, additive utilities plus 6 pairwise interactions per
 *    party (values on a grid, so ties occur), reservations 0.3; against
 *    the enumeration where it runs (checked identical: counts, ranges,
 *    every concept's index and value);
 * 2. real ANAC 2014 hyper-rectangle domains (GENIUS folders given on the
 *    command line, each with profile-1.xml and profile-2.xml).  Method
 *    bnb answers these 2-party grid-valued spaces by the joint grid DP
 *    (gridjoint.c) unless --tree (the tree search alone, as before it).
 * Per case: wall time (median of --runs), nodes, peak RSS of the process
 * so far, and the method line (which answers are exact, which bounded).
 *
 * Usage: bench_bnb [--runs R] [--max-nodes N] [--enum-max N] [--tree]
 *                  [--skip-synthetic] [FOLDER...]
 * Build in Release: cmake -B build -DCMAKE_BUILD_TYPE=Release. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "parley/analysis.h"
#include "parley/count.h"
#include "parley/genius.h"
#include "analysis/gridjoint.h"
#include "random_scenario.h"

static long peak_rss_mb(void)
{
    return bu_peak_rss_kb() / 1024;
}

static pl_scenario *make_space(uint32_t issues, uint32_t parties,
                               uint64_t seed)
{
    uint32_t m[64];
    pl_scenario *s;
    pl_rng r;

    for (uint32_t i = 0; i < issues; i++)
        m[i] = 10;
    s = rs_new(issues, m, parties);
    pl_rng_seed(&r, seed);
    for (uint32_t p = 0; p < parties; p++) {
        struct pl__party *pa = &s->parties[p];
        pa->reservation = 0.3;
        for (uint32_t i = 0; i < issues; i++) {
            pa->weight_raw[i] = 0.05 + pl_rng_uniform(&r);
            for (uint32_t k = 0; k < m[i]; k++)
                pa->v[i][k] = (double)pl_rng_below(&r, 9) / 8;
        }
        for (int j = 0; j < 6; j++) {
            uint32_t is[2], al[2];
            is[0] = (uint32_t)pl_rng_below(&r, issues);
            is[1] = (is[0] + 1 + (uint32_t)pl_rng_below(&r, issues - 1)) %
                    issues;
            al[0] = (uint32_t)pl_rng_below(&r, 1023) + 1;
            al[1] = (uint32_t)pl_rng_below(&r, 1023) + 1;
            rs_clause(s, p, false,
                      ((double)pl_rng_below(&r, 9) / 8 - 0.3) * 0.2, 2, is,
                      al);
        }
    }
    rs_compile(s);
    return s;
}

/* Median wall time of `runs` analyses; *out keeps the last result. */
static double timed(const pl_scenario *s, const pl_analysis_opts *o, int runs,
                    pl_analysis **out, double *cpu)
{
    double t[16];
    double c0 = bu_cpu_s();

    if (runs > 16)
        runs = 16;
    *out = NULL;
    for (int k = 0; k < runs; k++) {
        pl_analysis *a = NULL;
        pl_diag d;
        double t0 = bu_wall_s();
        memset(&d, 0, sizeof d);
        if (pl_analyze(s, o, &a, &d) != PL_OK) {
            fprintf(stderr, "analysis failed: %s\n", d.message);
            exit(1);
        }
        t[k] = bu_wall_s() - t0;
        if (*out)
            pl_analysis_free(*out);
        *out = a;
    }
    *cpu = (bu_cpu_s() - c0) / runs;
    return bu_median(t, runs);
}

static bool same(const pl_analysis *a, const pl_analysis *b)
{
    if (pl_count_cmp(a->zone_count, b->zone_count) != 0 ||
        pl_count_cmp(a->pareto_count, b->pareto_count) != 0 ||
        a->pareto_vectors != b->pareto_vectors)
        return false;
    for (size_t j = 0; j < a->n_parties; j++)
        if (a->umin[j] != b->umin[j] || a->umax[j] != b->umax[j])
            return false;
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        if (a->found[c] != b->found[c])
            return false;
        if (a->found[c] && (a->concept[c].index != b->concept[c].index ||
                            a->concept[c].value != b->concept[c].value))
            return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    int runs = 3;
    uint64_t max_nodes = 0;
    double enum_max = 1e8;
    int first_folder = argc;
    bool synthetic = true;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--max-nodes") == 0 && i + 1 < argc)
            max_nodes = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--enum-max") == 0 && i + 1 < argc)
            enum_max = atof(argv[++i]);
        else if (strcmp(argv[i], "--tree") == 0)
            pl__gj_off = true;
        else if (strcmp(argv[i], "--skip-synthetic") == 0)
            synthetic = false;
        else {
            first_folder = i;
            break;
        }
    }
    if (runs < 1)
        runs = 1;
    printf("| case | outcomes | bnb wall s | bnb cpu s | enum wall s | "
           "same | RSS MB | method |\n|---|---|---|---|---|---|---|---|\n");
    for (uint32_t parties = 2; synthetic && parties <= 3; parties++)
        for (uint32_t issues = 6; issues <= 9; issues++) {
            pl_scenario *s = make_space(issues, parties, 1000 + issues);
            pl_analysis_opts o = pl_analysis_opts_default();
            pl_analysis *a = NULL, *b = NULL;
            double tb, te = NAN, cb, ce;
            o.top = 10;
            o.max_nodes = max_nodes;
            o.method = PL_METHOD_BNB;
            tb = timed(s, &o, runs, &b, &cb);
            if (pl_scenario_outcome_count(s) <= enum_max) {
                o.method = PL_METHOD_ENUMERATE;
                o.threads = 1;
                te = timed(s, &o, runs, &a, &ce);
            }
            printf("| %u parties, %u issues, 6 interactions each | %.0e | "
                   "%.3f | %.3f | %.3f | %s | %ld | %s |\n",
                   parties, issues, pl_scenario_outcome_count(s), tb, cb, te,
                   a ? (same(a, b) ? "yes" : "NO") : "-", peak_rss_mb(),
                   b->method);
            fflush(stdout);
            pl_analysis_free(a);
            pl_analysis_free(b);
            pl_scenario_free(s);
        }
    for (int i = first_folder; i < argc; i++) {
        char dom[4096], p1[4096], p2[4096];
        const char *prof[2] = {p1, p2};
        const char *name = strrchr(argv[i], '/');
        pl_scenario *s = NULL;
        pl_analysis_opts o = pl_analysis_opts_default();
        pl_analysis *b = NULL;
        pl_diag d;
        double tb, cb;
        FILE *f;
        char cmd[4200];

        name = name ? name + 1 : argv[i];
        /* the domain file is the folder's *-domain.xml */
        snprintf(cmd, sizeof cmd, "ls %s/*domain*.xml 2>/dev/null", argv[i]);
        f = popen(cmd, "r");
        if (!f || !fgets(dom, sizeof dom, f)) {
            if (f)
                pclose(f);
            fprintf(stderr, "%s: no domain file\n", argv[i]);
            continue;
        }
        pclose(f);
        dom[strcspn(dom, "\n")] = '\0';
        snprintf(p1, sizeof p1, "%s/profile-1.xml", argv[i]);
        snprintf(p2, sizeof p2, "%s/profile-2.xml", argv[i]);
        memset(&d, 0, sizeof d);
        if (pl_scenario_load_genius(dom, prof, 2, NULL, &s, NULL, &d) !=
            PL_OK) {
            fprintf(stderr, "%s: %s\n", argv[i], d.message);
            continue;
        }
        o.top = 10;
        o.max_nodes = max_nodes;
        o.method = PL_METHOD_BNB;
        if (pl_scenario_outcome_count(s) >= 0x1p63) { /* bnb refuses */
            printf("| %s | %.0e | - | - | - | - | %ld | refused (2^63 "
                   "outcomes or more) |\n",
                   name, pl_scenario_outcome_count(s), peak_rss_mb());
            pl_scenario_free(s);
            continue;
        }
        tb = timed(s, &o, runs, &b, &cb);
        printf("| %s | %.0e | %.2f | %.2f | - | - | %ld | %s |\n", name,
               pl_scenario_outcome_count(s), tb, cb, peak_rss_mb(),
               b->method);
        fflush(stdout);
        pl_analysis_free(b);
        pl_scenario_free(s);
    }
    return 0;
}
