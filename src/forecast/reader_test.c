#include "pl_test.h"
#include "parley/forecast.h"
int main(void)
{
    return pl_test_summary();
}
