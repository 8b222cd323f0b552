/* `parley validate SCENARIO [--profile FILE]...`: load and check a
 * scenario without analysing it.  On success prints one line: the counts
 * of issues, options, parties and outcomes.  On failure the loader's
 * diagnostic, FILE:LINE:COLUMN. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parley/forecast.h"

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void print_summary(const char *arg, const pl_scenario *s)
{
    const size_t n_issues = pl_scenario_issue_count(s);
    const size_t n_parties = pl_scenario_party_count(s);
    uint64_t n_options = 0, n_outcomes;
    pl_count exact;

    for (size_t i = 0; i < n_issues; i++)
        n_options += pl_scenario_option_count(s, i);
    printf("%s: valid: %zu %s, %" PRIu64 " %s, %zu %s, ", arg, n_issues,
           plural(n_issues, "issue", "issues"), n_options,
           plural(n_options, "option", "options"), n_parties,
           plural(n_parties, "party", "parties"));
    if (pl_scenario_outcome_count_u64(s, &n_outcomes)) {
        printf("%" PRIu64 " %s\n", n_outcomes,
               plural(n_outcomes, "outcome", "outcomes"));
    } else if (pl_scenario_outcome_count_exact(s, &exact)) {
        char buf[PL_COUNT_DIGITS];
        pl_count_format(exact, buf, sizeof buf);
        printf("%s outcomes\n", buf);
    } else
        printf("%.6g outcomes\n", pl_scenario_outcome_count(s));
}

int cli_cmd_validate(int argc, char **argv)
{
    const char *cmd = "validate";
    const char *scenario = NULL;
    struct cli_profiles profiles = {{NULL}, 0, 0};
    bool options_done = false;
    pl_scenario *s = NULL;
    pl_diag d;
    pl_status st;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (scenario)
                return cli_usage_error(cmd,
                                       "unexpected argument '%s' "
                                       "(one scenario at a time)",
                                       arg);
            scenario = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli_print_help(cmd);
            return cli_finish_stdout(CLI_EXIT_OK);
        } else if (cli_is_genius_option(arg)) {
            const int rc = cli_genius_option(cmd, argc, argv, &i, &profiles);
            if (rc >= 0)
                return rc;
        } else {
            return cli_usage_error(cmd, "unknown option '%s'", arg);
        }
    }
    if (!scenario)
        return cli_usage_error(cmd, "missing SCENARIO");
    st = cli_load_scenario_profiles(scenario, &profiles, &s, &d);
    if (st != PL_OK)
        return cli_report_status(st, &d);
    if (pl_scenario_has_spatial(s)) {
        /* The spatial section belongs to parley forecast: check it with
         * the reader that will use it, so validate catches its errors. */
        pl_fc_data *fc = NULL;
        st = pl_fc_load_file(scenario, PL_FC_YAML, &fc, &d);
        pl_fc_data_free(fc);
        if (st != PL_OK) {
            pl_scenario_free(s);
            return cli_report_status(st, &d);
        }
    }
    print_summary(scenario, s);
    pl_scenario_free(s);
    return cli_finish_stdout(CLI_EXIT_OK);
}
