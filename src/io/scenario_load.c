/* being written */
#include "parley/scenario.h"
pl_status pl_scenario_load_text(const char *text, size_t len,
                                const char *filename, pl_format fmt,
                                pl_scenario **out, pl_diag *diag)
{
    *out = NULL;
    return pl_diag_set(diag, PL_EINTERNAL, 0, 0, "not built yet");
}
pl_status pl_scenario_load_file(const char *path, pl_scenario **out,
                                pl_diag *diag)
{
    return pl_scenario_load_text("", 0, path, PL_FORMAT_AUTO, out, diag);
}
