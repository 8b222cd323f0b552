/* `parley help [COMMAND]` and the help texts of every command. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct help_entry {
    const char *command;
    const char *text;
};

static const char overview[] =
    "Usage: parley [COMMAND] [ARGS...]\n"
    "\n"
    "Multi-party, multi-issue negotiation analysis.\n"
    "\n"
    "Commands:\n"
    "  analyze [SCENARIO]   zone of agreement, Pareto frontier, Nash,\n"
    "                       Kalai-Smorodinsky, egalitarian, max welfare\n"
    "  validate SCENARIO    check a scenario file\n"
    "  convert IN -o OUT    rewrite a scenario as YAML, JSON or GENIUS\n"
    "  simulate [SCENARIO]  run one negotiation session\n"
    "  forecast DATA        spatial bargaining forecasts of 1-D issues\n"
    "  list scenarios|strategies|protocols\n"
    "                       what SCENARIO, --strategy, --protocol accept\n"
    "  help [COMMAND]       this text, or a command's help\n"
    "\n"
    "With no command, parley analyzes the built-in berlin-2025 scenario.\n"
    "SCENARIO is a .yaml, .yml or .json file, a built-in name, a GENIUS\n"
    "folder, or a GENIUS domain .xml followed by --profile FILE per party.\n"
    "\n"
    "Options:\n"
    "  -h, --help           show this help\n"
    "  --version            show the version\n"
    "\n"
    "Exit status: 0 success (also when no agreement is possible),\n"
    "2 usage or input error, 1 any other failure.\n";

static const struct help_entry entries[] = {
    {"analyze",
     "Usage: parley analyze [SCENARIO [--profile FILE]...] [--json]\n"
     "                      [--top N] [--threads N] [--method M]\n"
     "                      [--max-nodes N]\n"
     "\n"
     "Analyze SCENARIO (default: berlin-2025): each party's range, the\n"
     "zone of agreement, the Pareto frontier and the Nash,\n"
     "Kalai-Smorodinsky, egalitarian and maximum-welfare packages.\n"
     "\n"
     "  --profile FILE a GENIUS profile, one per party in order, after a\n"
     "                 GENIUS domain .xml as SCENARIO\n"
     "  --real-steps N points per GENIUS real issue (default 21, as GENIUS)\n"
     "  --json         print schema parley.analysis/1 JSON instead of text\n"
     "  --top N        list at most N frontier points, 0 = all (default:\n"
     "                 all in JSON, 10 in text); counts are never limited\n"
     "  --threads N    worker threads (0 = all cores, the default); the\n"
     "                 result is the same for every N\n"
     "  --method M     auto (default), enumerate, merge or bnb: how to\n"
     "                 compute; merge answers spaces too large to\n"
     "                 enumerate when 2 parties have additive utilities,\n"
     "                 bnb (branch and bound) any other scenario\n"
     "  --max-nodes N  node budget of each bnb search (default 5e7, 1e5\n"
     "                 past 2^63 outcomes); past it the report gives\n"
     "                 certified bounds, labelled\n"},
    {"validate",
     "Usage: parley validate SCENARIO [--profile FILE]... [--real-steps N]\n"
     "\n"
     "Load and check SCENARIO.  Prints the number of issues, options,\n"
     "parties and outcomes, or the first problem as FILE:LINE:COLUMN.\n"},
    {"convert",
     "Usage: parley convert IN [--profile FILE]... [--real-steps N]\n"
     "                      -o OUT [--to yaml|json|genius]\n"
     "\n"
     "Rewrite scenario IN (a file, a GENIUS domain with its profiles or\n"
     "folder, or a built-in name) as YAML or JSON.\n"
     "The format comes from OUT's extension (.yaml, .yml, .json) or from\n"
     "--to.  '-o -' writes to standard output and needs --to.  OUT is\n"
     "replaced only when the whole new text is written.\n"
     "--to genius (or OUT ending in '/') writes GENIUS XML into folder OUT:\n"
     "NAME_domain.xml and PARTY.xml per party; what GENIUS cannot express\n"
     "(red lines, arbitrary interactions) is refused, nothing written.\n"},
    {"list",
     "Usage: parley list scenarios|strategies|protocols\n"
     "\n"
     "List the scenarios built into parley (usable as SCENARIO), or the\n"
     "strategies and protocols of parley simulate.\n"},
    {"help", "Usage: parley help [COMMAND]\n"
             "\n"
             "Show the overview, or the help of COMMAND.\n"},
};

bool cli_print_help(const char *command)
{
    if (!command) {
        fputs(overview, stdout);
        return true;
    }
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        if (strcmp(entries[i].command, command) == 0) {
            fputs(entries[i].text, stdout);
            return true;
        }
    }
    return false;
}

int cli_cmd_help(int argc, char **argv)
{
    cli_cmd_fn fn;

    if (argc > 2)
        return cli_usage_error("help", "unexpected argument '%s'", argv[2]);
    if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "--help") == 0) {
        cli_print_help(argc < 2 ? NULL : "help");
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (strcmp(argv[1], "simulate") == 0) {
        cli_simulate_help();
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (cli_print_help(argv[1]))
        return cli_finish_stdout(CLI_EXIT_OK);
    /* A command with its own help text answers `COMMAND --help`. */
    fn = cli_find_command(argv[1]);
    if (fn) {
        char *args[] = {argv[1], "--help", NULL};
        return fn(2, args);
    }
    return cli_usage_error(NULL, "help: no such command '%s'", argv[1]);
}
