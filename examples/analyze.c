/* The README's library example: load a scenario, analyse it, print the
 * mediator's report.  Built by CMake so it cannot rot. */
#include <stdio.h>

#include <parley/parley.h>

int main(int argc, char **argv)
{
    pl_scenario *s;
    pl_analysis *a;
    pl_diag d = {0};
    char msg[1024];
    pl_status st;

    st = argc > 1 ? pl_scenario_load_file(argv[1], &s, &d)
                  : pl_scenario_load_builtin("berlin-2025", &s, &d);
    if (st != PL_OK) {
        fprintf(stderr, "%s\n", pl_diag_format(&d, msg, sizeof msg));
        return 2;
    }
    st = pl_analyze(s, NULL, &a, &d);
    if (st == PL_OK) {
        pl_report_text(s, a, NULL, stdout);
        pl_analysis_free(a);
    }
    pl_scenario_free(s);
    return st == PL_OK ? 0 : 1;
}
