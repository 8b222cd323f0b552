/* being written */
#include "parley/scenario.h"
pl_status pl_scenario_write(const pl_scenario *s, pl_format fmt, char **out,
                            size_t *len)
{
    return PL_EINTERNAL;
}
