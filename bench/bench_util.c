/* Shared benchmark harness (bench_util.h). */
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_util.h"
#include "random_scenario.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double bu_wall_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

double bu_cpu_s(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

double bu_median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[n / 2];
}

long bu_peak_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

pl_scenario *bu_additive_space(uint32_t parties, uint32_t issues, uint32_t m,
                               double reservation, double weight_floor,
                               uint64_t seed, bu_value_fn value, int gen)
{
    uint32_t *ms = rs_need(calloc(issues ? issues : 1, sizeof *ms));
    pl_scenario *s;
    pl_rng r;

    for (uint32_t i = 0; i < issues; i++)
        ms[i] = m;
    s = rs_new(issues, ms, parties);
    free(ms);
    pl_rng_seed(&r, seed);
    for (uint32_t p = 0; p < parties; p++) {
        struct pl__party *pa = &s->parties[p];
        pa->reservation = reservation;
        for (uint32_t i = 0; i < issues; i++) {
            pa->weight_raw[i] = weight_floor + pl_rng_uniform(&r);
            for (uint32_t k = 0; k < m; k++)
                pa->v[i][k] = value ? value(s, &r, p, i, k, gen)
                                    : pl_rng_uniform(&r);
        }
    }
    rs_compile(s);
    return s;
}
