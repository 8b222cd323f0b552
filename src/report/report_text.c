/* being written */
#include "parley/report.h"
pl_report_opts pl_report_opts_default(void)
{
    pl_report_opts o = {0, 80};
    return o;
}
pl_status pl_report_text(const pl_scenario *s, const pl_analysis *a,
                         const pl_report_opts *o, FILE *f)
{
    return PL_EINTERNAL;
}
