/* A small unit-test harness: checks print both values and file:line, a
 * failed check does not stop the test, and main() returns non-zero if any
 * check failed.  Randomised tests take their seed from PL_TEST_SEED when
 * set and print the seed they used, so a failure can be replayed. */
#ifndef PL_TEST_H
#define PL_TEST_H

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pl_test_failures;
static int pl_test_checks;

#define PL_CHECK(cond)                                                       \
    do {                                                                     \
        pl_test_checks++;                                                    \
        if (!(cond)) {                                                       \
            pl_test_failures++;                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
        }                                                                    \
    } while (0)

#define PL_CHECK_INT(a, b)                                                   \
    do {                                                                     \
        const long long pl_a_ = (long long)(a), pl_b_ = (long long)(b);      \
        pl_test_checks++;                                                    \
        if (pl_a_ != pl_b_) {                                                \
            pl_test_failures++;                                              \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n",        \
                    __FILE__, __LINE__, #a, #b, pl_a_, pl_b_);               \
        }                                                                    \
    } while (0)

#define PL_CHECK_NEAR(a, b, tol)                                             \
    do {                                                                     \
        const double pl_a_ = (double)(a), pl_b_ = (double)(b);               \
        pl_test_checks++;                                                    \
        if (!(fabs(pl_a_ - pl_b_) <= (tol))) {                               \
            pl_test_failures++;                                              \
            fprintf(stderr, "%s:%d: %s ~= %s failed: %.17g vs %.17g\n",      \
                    __FILE__, __LINE__, #a, #b, pl_a_, pl_b_);               \
        }                                                                    \
    } while (0)

#define PL_CHECK_STR(a, b)                                                   \
    do {                                                                     \
        const char *pl_a_ = (a), *pl_b_ = (b);                               \
        pl_test_checks++;                                                    \
        if (!pl_a_ || !pl_b_ || strcmp(pl_a_, pl_b_) != 0) {                 \
            pl_test_failures++;                                              \
            fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" vs \"%s\"\n",    \
                    __FILE__, __LINE__, #a, #b, pl_a_ ? pl_a_ : "(null)",    \
                    pl_b_ ? pl_b_ : "(null)");                               \
        }                                                                    \
    } while (0)

/* An exact count (pl_count, parley/count.h) equals a 64-bit value /
 * another count.  Only usable where parley/count.h is included. */
#define PL_CHECK_COUNT(c, u)                                                 \
    do {                                                                     \
        const pl_count pl_c_ = (c);                                          \
        const uint64_t pl_u_ = (uint64_t)(u);                                \
        uint64_t pl_v_ = 0;                                                  \
        pl_test_checks++;                                                    \
        if (!pl_count_to_u64(pl_c_, &pl_v_) || pl_v_ != pl_u_) {             \
            char pl_b_[PL_COUNT_DIGITS];                                     \
            pl_count_format(pl_c_, pl_b_, sizeof pl_b_);                     \
            pl_test_failures++;                                              \
            fprintf(stderr, "%s:%d: %s == %s failed: %s != %" PRIu64 "\n",   \
                    __FILE__, __LINE__, #c, #u, pl_b_, pl_u_);               \
        }                                                                    \
    } while (0)

#define PL_CHECK_COUNT_EQ(a, b)                                              \
    do {                                                                     \
        const pl_count pl_a_ = (a), pl_b_ = (b);                             \
        pl_test_checks++;                                                    \
        if (pl_count_cmp(pl_a_, pl_b_) != 0) {                               \
            char pl_x_[PL_COUNT_DIGITS], pl_y_[PL_COUNT_DIGITS];             \
            pl_count_format(pl_a_, pl_x_, sizeof pl_x_);                     \
            pl_count_format(pl_b_, pl_y_, sizeof pl_y_);                     \
            pl_test_failures++;                                              \
            fprintf(stderr, "%s:%d: %s == %s failed: %s != %s\n",            \
                    __FILE__, __LINE__, #a, #b, pl_x_, pl_y_);               \
        }                                                                    \
    } while (0)

/* Run one test function, announcing it. */
#define PL_RUN(fn)                                                           \
    do {                                                                     \
        const int pl_before_ = pl_test_failures;                             \
        fn();                                                                \
        fprintf(stderr, "%s %s\n",                                           \
                pl_test_failures == pl_before_ ? "ok  " : "FAIL", #fn);      \
    } while (0)

/* Seed for randomised tests: PL_TEST_SEED if set, else `dflt`. */
static inline uint64_t pl_test_seed(uint64_t dflt)
{
    const char *e = getenv("PL_TEST_SEED");
    const uint64_t seed = e && *e ? strtoull(e, NULL, 0) : dflt;
    fprintf(stderr, "seed %" PRIu64 " (replay with PL_TEST_SEED=%" PRIu64
                    ")\n", seed, seed);
    return seed;
}

/* Directory of the team's shared/ folder, or NULL (tests then skip). */
static inline const char *pl_test_shared_dir(void)
{
#ifdef PL_SHARED_DIR
    static char buf[4096];
    FILE *f;
    snprintf(buf, sizeof buf, "%s/DESIGN.md", PL_SHARED_DIR);
    f = fopen(buf, "r");
    if (f) {
        fclose(f);
        return PL_SHARED_DIR;
    }
#endif
    return NULL;
}

static inline int pl_test_summary(void)
{
    fprintf(stderr, "%d checks, %d failed\n", pl_test_checks,
            pl_test_failures);
    return pl_test_failures ? 1 : 0;
}

#endif
