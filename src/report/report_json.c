/* being written */
#include "parley/report.h"
pl_status pl_report_json(const pl_scenario *s, const pl_analysis *a,
                         const pl_report_opts *o, FILE *f)
{
    return PL_EINTERNAL;
}
