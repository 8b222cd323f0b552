/* bench_merge_n: the n-party issue-by-issue merge (merge_n.c) through
 * pl_analyze(method merge) on synthetic additive spaces, 3-6 parties,
 * 5 or 10 options per issue, three generators (fixed seeds):
 *   independent: weights and values uniform, independently per party;
 *   correlated:  each value is party 0's with probability 2/3, else
 *                uniform (parties largely agree: small frontiers);
 *   opposed:     odd parties value every option 1 - the previous
 *                party's value (pairs in near zero-sum conflict: big
 *                frontiers).
 * Reservations 0.2.  Each case runs in a child process so that its peak
 * RSS (getrusage ru_maxrss) is its own: wall and CPU time of the whole
 * analysis (median of --runs), frontier vectors, largest stage and
 * candidate set, epsilon (0 = exact), and for spaces up to --enum-max
 * outcomes (default 1e7) and exact frontiers the enumeration too, with a
 * check that every count, every concept's index and value and every
 * listed point (top 100) agree.
 *
 * Usage: bench_merge_n [--runs R] [--enum-max N] [--parties P] [--kd3]
 *                      [--zone-tail T] [--case P:IxM:G]...
 * --kd3: the k-d skyline filter for 3 parties instead of the KLP sweep.
 * --zone-tail T: zone count with a tail of at most T outcomes (0: the
 * counting DP alone, as before the tail; default PL__MERGEN_ZONE_TAIL).
 * Build in Release: cmake -B build-rel -DCMAKE_BUILD_TYPE=Release. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/merge_n.h"
#include "bench_util.h"
#include "parley/analysis.h"

static const char *gen_name[3] = {"independent", "correlated", "opposed"};

/* gen 1 (correlated): a value is party 0's with probability 2/3; gen 2
 * (opposed): odd parties value every option 1 - the previous party's.
 * The uniform draw comes first in every case (fixed spaces). */
static double merge_n_value(const pl_scenario *s, pl_rng *r, uint32_t p,
                            uint32_t i, uint32_t k, int gen)
{
    double x = pl_rng_uniform(r);

    if (gen == 1 && p > 0 && pl_rng_below(r, 3))
        x = s->parties[0].v[i][k];
    else if (gen == 2 && p % 2 == 1)
        x = 1.0 - s->parties[p - 1].v[i][k];
    return x;
}

static bool same(const pl_analysis *a, const pl_analysis *e)
{
    bool ok = pl_count_cmp(e->pareto_count, a->pareto_count) == 0 &&
              e->pareto_vectors == a->pareto_vectors &&
              pl_count_cmp(e->pareto_zone_count, a->pareto_zone_count) == 0 &&
              e->pareto_zone_vectors == a->pareto_zone_vectors &&
              (a->zone_count_unknown ||
               pl_count_cmp(e->zone_count, a->zone_count) == 0) &&
              e->n_points == a->n_points;
    for (int q = 0; q < PL_CONCEPT_COUNT; q++)
        ok = ok && e->found[q] == a->found[q] &&
             (!e->found[q] || (e->concept[q].index == a->concept[q].index &&
                               e->concept[q].value == a->concept[q].value));
    for (size_t k = 0; ok && k < a->n_points; k++)
        ok = a->points[k].index == e->points[k].index;
    return ok;
}

static void run_case(uint32_t P, uint32_t I, uint32_t M, int g, int runs,
                     double enum_max)
{
    pl_scenario *s = bu_additive_space(P, I, M, 0.2, 0.05, 1000 + 31 * P + I,
                                       merge_n_value, g);
    double tw[99], tc[99], te = -1;
    const char *check = "-";
    pl_analysis *a = NULL, *e = NULL;
    pl_analysis_opts o = pl_analysis_opts_default();
    long rss_kb;
    pl_status rc = PL_OK;

    o.method = PL_METHOD_MERGE;
    o.top = 100;
    for (int k = 0; k < runs && rc == PL_OK; k++) {
        const double w0 = bu_wall_s(), c0 = bu_cpu_s();
        pl_analysis_free(a);
        a = NULL;
        rc = pl_analyze(s, &o, &a, NULL);
        tw[k] = bu_wall_s() - w0;
        tc[k] = bu_cpu_s() - c0;
    }
    rss_kb = bu_peak_rss_kb();
    if (rc == PL_OK && a->pareto_epsilon == 0 && s->n_outcomes <= enum_max) {
        const double t0 = bu_wall_s();
        o.method = PL_METHOD_ENUMERATE;
        o.max_outcomes = enum_max;
        o.threads = 1;
        if (pl_analyze(s, &o, &e, NULL) == PL_OK) {
            te = bu_wall_s() - t0;
            check = same(a, e) ? "identical" : "DIFFERENT";
        }
    }
    printf("%u %-11s %2ux%-2u %8.2g ", P, gen_name[g], I, M, s->n_outcomes);
    if (rc != PL_OK) {
        printf("%s\n", pl_strerror(rc));
    } else {
        printf("%9llu %8.2g %8.3f %8.3f %7.0f %8.2f %s%s%s\n",
               (unsigned long long)a->pareto_vectors,
               a->pareto_epsilon, bu_median(tw, runs), bu_median(tc, runs),
               rss_kb / 1024.0, te, check,
               a->zone_count_unknown ? " zone?" : "",
               strstr(a->method, "not searched") ? " cut" : "");
        if (a->pareto_epsilon > 0) /* the concepts' certified gaps */
            printf("    gaps: nash %.3g, ks %.3g, egalitarian %.3g, "
                   "welfare %.3g (values %.4g, %.4g, %.4g, %.4g)\n",
                   a->gap[0], a->gap[1], a->gap[2], a->gap[3],
                   a->concept[0].value, a->concept[1].value,
                   a->concept[2].value, a->concept[3].value);
    }
    fflush(stdout);
    pl_analysis_free(a);
    pl_analysis_free(e);
    pl_scenario_free(s);
}

struct bcase {
    uint32_t P, I, M;
};

int main(int argc, char **argv)
{
    static const struct bcase dflt[] = {
        {3, 10, 5}, {3, 14, 5}, {3, 20, 5}, {3, 30, 5}, {3, 20, 10},
        {4, 8, 5},  {4, 10, 5}, {4, 12, 5}, {4, 14, 5},
        {5, 8, 5},  {5, 10, 5}, {6, 8, 5},  {6, 9, 5}};
    struct bcase cs[64];
    int gens[64], nc = 0;
    int runs = 1, only = 0;
    double enum_max = 1e7;

    for (int i = 1; i < argc; i++) {
        unsigned P, I, M, G;
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--enum-max") == 0 && i + 1 < argc)
            enum_max = atof(argv[++i]);
        else if (strcmp(argv[i], "--kd3") == 0)
            pl__merge_n_filter = 1; /* k-d filter for 3 parties too */
        else if (strcmp(argv[i], "--zone-tail") == 0 && i + 1 < argc)
            pl__merge_n_zone_tail = (uint32_t)atoi(argv[++i]);
        else if (strcmp(argv[i], "--parties") == 0 && i + 1 < argc)
            only = atoi(argv[++i]);
        else if (strcmp(argv[i], "--case") == 0 && i + 1 < argc && nc < 64 &&
                 sscanf(argv[++i], "%u:%ux%u:%u", &P, &I, &M, &G) == 4 &&
                 P >= 3 && P <= 6 && I >= 1 && I <= 64 && M >= 1 && G < 3) {
            cs[nc] = (struct bcase){P, I, M};
            gens[nc++] = (int)G;
        } else {
            fprintf(stderr, "usage: bench_merge_n [--runs R] [--enum-max N] "
                            "[--parties P] [--kd3] [--zone-tail T] "
                            "[--case P:IxM:G]...\n"
                            "  G: 0 independent, 1 correlated, 2 opposed\n");
            return 2;
        }
    }
    if (runs < 1 || runs > 99)
        runs = 1;
    if (nc == 0)
        for (size_t c = 0; c < sizeof dflt / sizeof *dflt; c++)
            for (int g = 0; g < 3; g++)
                if (!only || (int)dflt[c].P == only) {
                    cs[nc] = dflt[c];
                    gens[nc++] = g;
                }
    printf("P generator   space  outcomes  frontier  epsilon   wall s    cpu s"
           "  rss MB   enum s check\n");
    fflush(stdout);
    for (int c = 0; c < nc; c++) {
        const pid_t pid = fork();
        int st;
        if (pid == 0) {
            run_case(cs[c].P, cs[c].I, cs[c].M, gens[c], runs, enum_max);
            _exit(0);
        }
        if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
            printf("%u %-11s %2ux%-2u crashed or killed\n", cs[c].P,
                   gen_name[gens[c]], cs[c].I, cs[c].M);
        fflush(stdout);
    }
    return 0;
}
