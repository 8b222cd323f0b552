#include "pl_test.h"
#include "core/scenario_int.h"
#include "parley/rng.h"
static void test_rng(void)
{
    pl_rng a, b;
    pl_rng_seed(&a, 42);
    pl_rng_seed(&b, 42);
    for (int i = 0; i < 100; i++)
        PL_CHECK(pl_rng_next(&a) == pl_rng_next(&b));
}
int main(void)
{
    PL_RUN(test_rng);
    return pl_test_summary();
}
