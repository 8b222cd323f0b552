/* `parley`: the command line.  Dispatches to one function per subcommand
 * (cli/cmd_*.c); with no command it analyzes the built-in berlin-2025
 * scenario.  See docs/cli.md and DESIGN.md section 6. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
    const char *name;
    cli_cmd_fn fn;
};

static const struct command commands[] = {
    {"analyze", cli_cmd_analyze},   {"validate", cli_cmd_validate},
    {"convert", cli_cmd_convert},   {"list", cli_cmd_list},
    {"help", cli_cmd_help},         {"forecast", cli_cmd_forecast},
    {"simulate", cli_cmd_simulate},
};

cli_cmd_fn cli_find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].fn;
    return NULL;
}

static int print_version(void)
{
    const unsigned v = pl_version_number();

    printf("parley %s (library %u.%u.%u)\n", PL_VERSION_STRING, v / 10000,
           v / 100 % 100, v % 100);
    return cli_finish_stdout(CLI_EXIT_OK);
}

int main(int argc, char **argv)
{
    const char *name;
    cli_cmd_fn fn;

    if (argc < 2) {
        char *args[] = {"analyze", NULL};
        return cli_cmd_analyze(1, args);
    }
    name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
        cli_print_help(NULL);
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        return print_version();
    /* `parley --json` etc.: options of the default command. */
    if (name[0] == '-' && strcmp(name, "-") != 0) {
        argv[0] = "analyze";
        return cli_cmd_analyze(argc, argv);
    }
    fn = cli_find_command(name);
    if (fn)
        return fn(argc - 1, argv + 1);
    if (cli_format_from_name(name) != PL_FORMAT_AUTO ||
        pl_scenario_builtin_text(name))
        return cli_usage_error(NULL,
                               "unknown command '%s' (to analyze it: "
                               "parley analyze %s)",
                               name, name);
    return cli_usage_error(NULL, "unknown command '%s'", name);
}
