/* being written */
#include "explain.h"
pl_status pl__analysis_explain(const pl_scenario *s, pl_analysis *a)
{
    return PL_OK;
}
