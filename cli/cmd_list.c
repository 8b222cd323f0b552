/* `parley list scenarios|strategies|protocols`: the scenarios built into
 * the binary, one per line with its title; the strategies and protocols
 * of `parley simulate` (listed by cli/cmd_simulate.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int list_scenarios(void)
{
    const char *const *names = pl_scenario_builtin_names();

    for (size_t i = 0; names[i]; i++) {
        pl_scenario *s = NULL;
        pl_diag d;
        const char *title = NULL;

        memset(&d, 0, sizeof d);
        if (pl_scenario_load_builtin(names[i], &s, &d) == PL_OK)
            title = pl_scenario_name(s);
        if (title && *title)
            printf("%-16s %s\n", names[i], title);
        else
            printf("%s\n", names[i]);
        pl_scenario_free(s);
    }
    return cli_finish_stdout(CLI_EXIT_OK);
}

int cli_cmd_list(int argc, char **argv)
{
    const char *cmd = "list";
    const char *what;

    if (argc >= 2 &&
        (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        cli_print_help(cmd);
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (argc < 2)
        return cli_usage_error(cmd, "missing what to list: scenarios, "
                                    "strategies or protocols");
    if (argc > 2)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[2]);
    what = argv[1];
    if (strcmp(what, "scenarios") == 0)
        return list_scenarios();
    if (strcmp(what, "strategies") == 0)
        return cli_list_strategies();
    if (strcmp(what, "protocols") == 0)
        return cli_list_protocols();
    return cli_usage_error(cmd,
                           "cannot list '%s': expected scenarios, "
                           "strategies or protocols",
                           what);
}
