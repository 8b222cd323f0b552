/* being written */
#include "parley/analysis.h"
pl_analysis_opts pl_analysis_opts_default(void)
{
    pl_analysis_opts o = {0, 0, 2e9};
    return o;
}
pl_status pl_analyze(const pl_scenario *s, const pl_analysis_opts *opts,
                     pl_analysis **out, pl_diag *diag)
{
    *out = NULL;
    return PL_EINTERNAL;
}
void pl_analysis_free(pl_analysis *a)
{
}
const char *pl_concept_key(pl_concept c)
{
    return "";
}
