/* `parley analyze [SCENARIO [--profile FILE]...] [--json] [--top N]
 * [--threads N] [--method M] [--max-nodes N]`: the zone of agreement, Pareto frontier and solution
 * concepts of one scenario, as a text report or as parley.analysis/1 JSON
 * (DESIGN.md sections 6, 7).  The output never depends on --threads. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Far above any machine's core count; refuses typos like 80000. */
#define MAX_THREADS 4096u

#define DEFAULT_SCENARIO "berlin-2025"

struct analyze_args {
    const char *scenario;
    struct cli_profiles profiles;
    bool json;
    bool top_given;
    uint64_t top;
    unsigned threads;
    int method;
    uint64_t max_nodes;
};

/* Returns -1 to go on, else the exit status (help printed or an error). */
static int parse_args(int argc, char **argv, struct analyze_args *args)
{
    const char *cmd = "analyze";
    bool options_done = false;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        uint64_t n;

        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (args->scenario)
                return cli_usage_error(cmd,
                                       "unexpected argument '%s' "
                                       "(one scenario at most)",
                                       arg);
            args->scenario = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli_print_help(cmd);
            return cli_finish_stdout(CLI_EXIT_OK);
        } else if (strcmp(arg, "--json") == 0) {
            args->json = true;
        } else if (cli_is_genius_option(arg)) {
            const int st =
                cli_genius_option(cmd, argc, argv, &i, &args->profiles);
            if (st >= 0)
                return st;
        } else if (cli_option_value(argc, argv, &i, "--top", &value)) {
            if (!value)
                return cli_usage_error(cmd, "--top needs a number");
            if (!cli_parse_uint(value, SIZE_MAX, &n))
                return cli_usage_error(cmd,
                                       "--top: '%s' is not a whole number "
                                       "from 0 (all) upwards",
                                       value);
            args->top = n;
            args->top_given = true;
        } else if (cli_option_value(argc, argv, &i, "--threads", &value)) {
            if (!value)
                return cli_usage_error(cmd, "--threads needs a number");
            if (!cli_parse_uint(value, MAX_THREADS, &n))
                return cli_usage_error(cmd,
                                       "--threads: '%s' is not a whole "
                                       "number from 0 (all cores) to %u",
                                       value, MAX_THREADS);
            args->threads = (unsigned)n;
        } else if (cli_option_value(argc, argv, &i, "--max-nodes",
                                    &value)) {
            if (!value)
                return cli_usage_error(cmd, "--max-nodes needs a number");
            if (!cli_parse_uint(value, UINT64_MAX, &n) || n == 0)
                return cli_usage_error(cmd,
                                       "--max-nodes: '%s' is not a whole "
                                       "number from 1 upwards",
                                       value);
            args->max_nodes = n;
        } else if (cli_option_value(argc, argv, &i, "--method", &value)) {
            static const char *const names[] = {"auto", "enumerate", "merge",
                                                "bnb"};
            int k = 0;
            while (value && k < 4 && strcmp(value, names[k]) != 0)
                k++;
            if (!value || k == 4)
                return cli_usage_error(cmd,
                                       "--method: '%s' is not one of auto, "
                                       "enumerate, merge, bnb",
                                       value ? value : "");
            args->method = k; /* PL_METHOD_AUTO .. PL_METHOD_BNB */
        } else {
            return cli_usage_error(cmd, "unknown option '%s'", arg);
        }
    }
    if (!args->scenario)
        args->scenario = DEFAULT_SCENARIO;
    return -1;
}

int cli_cmd_analyze(int argc, char **argv)
{
    struct analyze_args args = {0};
    pl_analysis_opts opts = pl_analysis_opts_default();
    pl_report_opts ropts = pl_report_opts_default();
    pl_scenario *s = NULL;
    pl_analysis *a = NULL;
    pl_diag d;
    pl_status st;
    int status = parse_args(argc, argv, &args);

    if (status >= 0)
        return status;
    st = cli_load_scenario_profiles(args.scenario, &args.profiles, &s, &d);
    if (st != PL_OK)
        return cli_report_status(st, &d);

    opts.top = args.top;
    opts.threads = args.threads;
    opts.method = args.method;
    opts.max_nodes = args.max_nodes;
    memset(&d, 0, sizeof d);
    snprintf(d.file, sizeof d.file, "%s", args.scenario);
    st = pl_analyze(s, &opts, &a, &d);
    if (st != PL_OK) {
        status = cli_report_status(st, &d);
        goto done;
    }

    /* --top 0 means all points; without --top the text report shows its
     * default screenful and the JSON every point. */
    ropts.top = (size_t)args.top;
    if (!args.json && args.top_given && args.top == 0)
        ropts.top = SIZE_MAX;
    if (args.json)
        st = pl_report_json(s, a, &ropts, stdout);
    else
        st = pl_report_text(s, a, &ropts, stdout);
    if (st != PL_OK) {
        cli_error("writing the report: %s", pl_strerror(st));
        status = cli_exit_status(st);
        goto done;
    }
    status = cli_finish_stdout(CLI_EXIT_OK);
done:
    pl_analysis_free(a);
    pl_scenario_free(s);
    return status;
}
