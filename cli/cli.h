/* The `parley` command line: shared pieces of the subcommands.
 *
 * Each subcommand lives in its own cli/cmd_<name>.c and is an ordinary
 * client of the public API (include/parley/).  A command returns the
 * process exit status: 0 success (also "no agreement possible": that is a
 * result), 2 usage or input error, 1 anything else (DESIGN.md section 6).
 * Reports go to stdout, diagnostics to stderr as "parley: message". */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "parley/parley.h"

/* Exit statuses. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FAILURE 1
#define CLI_EXIT_USAGE 2

/* A subcommand: argv[0] is the command name, argv[1..argc-1] its
 * arguments.  Returns the exit status. */
typedef int (*cli_cmd_fn)(int argc, char **argv);

int cli_cmd_analyze(int argc, char **argv);
int cli_cmd_validate(int argc, char **argv);
int cli_cmd_convert(int argc, char **argv);
int cli_cmd_list(int argc, char **argv);
int cli_cmd_help(int argc, char **argv);
int cli_cmd_forecast(int argc, char **argv); /* cmd_forecast.c */
int cli_cmd_simulate(int argc, char **argv); /* cmd_simulate.c */
/* cmd_simulate.c: `parley help simulate`, `parley list strategies` and
 * `parley list protocols`. */
void cli_simulate_help(void);
int cli_list_strategies(void);
int cli_list_protocols(void);

/* The function of subcommand `name`, or NULL if there is none. */
cli_cmd_fn cli_find_command(const char *name);

/* Print the help text of `command` (NULL: the overview) to stdout.
 * False if there is no such command. */
bool cli_print_help(const char *command);

/* The exit status for a library status (0, 1 or 2). */
int cli_exit_status(pl_status st);

/* "parley: <formatted message>\n" on stderr. */
void cli_error(const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* A usage error in `command`: prints "parley: <command>: <message>" and a
 * hint to `parley help <command>`; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Report a failed library call: "parley: FILE:LINE:COLUMN: message" from
 * `d` when it has a message, else the status text.  Returns the exit
 * status for `st`. */
int cli_report_status(pl_status st, const pl_diag *d);

/* Parse `text` as a decimal integer in [0, max]: digits only, no sign, no
 * spaces, no trailing characters.  False (and *out untouched) otherwise. */
bool cli_parse_uint(const char *text, uint64_t max, uint64_t *out);

/* Match option `name` ("--top") at argv[*i]: either "--top VALUE" (value
 * taken from argv[*i + 1], *i advanced) or "--top=VALUE".  Returns true on
 * a match and sets *value; *value is NULL when the value is missing. */
bool cli_option_value(int argc, char **argv, int *i, const char *name,
                      const char **value);

/* Load SCENARIO as the user named it: a .yaml/.yml/.json file, a GENIUS
 * folder (one domain and its profiles), else a built-in scenario.
 * PL_ENOTFOUND (with a message in *d) when it is none of them. */
pl_status cli_load_scenario(const char *arg, pl_scenario **out, pl_diag *d);

/* The `--profile FILE` options of a command, in order (borrowed from
 * argv).  At most one per party. */
struct cli_profiles {
    const char *path[PL_MAX_PARTIES];
    size_t n;
    uint32_t real_steps; /* --real-steps N for GENIUS real issues; 0 means
                            PL_GENIUS_REAL_STEPS (21, as GENIUS) */
};

/* True if `arg` is option `name` ("--profile" or "--profile=..."). */
bool cli_is_option(const char *arg, const char *name);

/* Take the `--profile FILE` at argv[*i] (see cli_is_option()) and add
 * FILE to `p`.  Returns -1 on success, else the exit status of a usage
 * error (already reported). */
int cli_profile_option(const char *command, int argc, char **argv, int *i,
                       struct cli_profiles *p);

/* Take the `--real-steps N` at argv[*i] (see cli_is_option()) into
 * p->real_steps (2..PL_MAX_OPTIONS).  Returns -1 on success, else the exit
 * status of a usage error (already reported). */
int cli_real_steps_option(const char *command, int argc, char **argv,
                          int *i, struct cli_profiles *p);

/* True if `arg` is --profile or --real-steps: the options of every
 * command that reads GENIUS domains (analyze, convert, validate). */
bool cli_is_genius_option(const char *arg);

/* Take the cli_is_genius_option() option at argv[*i] into `p`, as
 * cli_profile_option() or cli_real_steps_option(); the same return. */
int cli_genius_option(const char *command, int argc, char **argv, int *i,
                      struct cli_profiles *p);

/* As cli_load_scenario(), and with profiles (p non-NULL, p->n > 0): a
 * GENIUS domain file (.xml) and one profile per party, in that order.
 * GENIUS warnings are printed to stderr ("parley: warning: ..."). */
pl_status cli_load_scenario_profiles(const char *arg,
                                     const struct cli_profiles *p,
                                     pl_scenario **out, pl_diag *d);

/* Syntax chosen by a file name's extension (.yaml, .yml, .json; case
 * insensitive), or PL_FORMAT_AUTO if it has none of them. */
pl_format cli_format_from_name(const char *path);

/* Flush stdout and report a write error (exit 1) if there was one;
 * otherwise returns `status`. */
int cli_finish_stdout(int status);

#endif
