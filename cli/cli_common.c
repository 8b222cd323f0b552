/* Helpers shared by the `parley` subcommands: exit statuses, diagnostics,
 * strict number parsing, option matching and finding a scenario by the
 * name the user gave. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"

int cli_exit_status(pl_status st)
{
    /* Every code listed, no default: -Wswitch flags a new one. */
    switch (st) {
    case PL_OK:
        return CLI_EXIT_OK;
    case PL_EINVAL:
    case PL_EPARSE:
    case PL_ESCHEMA:
    case PL_ETOOBIG:
    case PL_ENOTFOUND:
    case PL_EUSAGE:
        return CLI_EXIT_USAGE;
    case PL_ENOMEM:
    case PL_EIO:
    case PL_EINTERNAL:
    case PL__STATUS_COUNT:
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_FAILURE;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fputs("parley: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;

    fputs("parley: ", stderr);
    if (command)
        fprintf(stderr, "%s: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (command)
        fprintf(stderr, "Try 'parley help %s'.\n", command);
    else
        fputs("Try 'parley --help'.\n", stderr);
    return CLI_EXIT_USAGE;
}

int cli_report_status(pl_status st, const pl_diag *d)
{
    char buf[sizeof d->file + sizeof d->message + 64];

    if (st == PL_OK)
        return CLI_EXIT_OK;
    if (d && d->message[0])
        cli_error("%s", pl_diag_format(d, buf, sizeof buf));
    else if (d && d->file[0])
        cli_error("%s: %s", d->file, pl_strerror(st));
    else
        cli_error("%s", pl_strerror(st));
    return cli_exit_status(st);
}

bool cli_parse_uint(const char *text, uint64_t max, uint64_t *out)
{
    uint64_t x = 0;

    if (!text || !*text)
        return false;
    for (const char *p = text; *p; p++) {
        const unsigned digit = (unsigned)(unsigned char)*p - '0';
        if (digit > 9)
            return false;
        if (x > max / 10)
            return false;
        x *= 10;
        if (digit > max - x)
            return false;
        x += digit;
    }
    *out = x;
    return true;
}

bool cli_option_value(int argc, char **argv, int *i, const char *name,
                      const char **value)
{
    const char *arg = argv[*i];
    const size_t n = strlen(name);

    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0')
        return false;
    if (*i + 1 < argc) {
        *i += 1;
        *value = argv[*i];
    } else {
        *value = NULL;
    }
    return true;
}

static bool has_suffix(const char *s, const char *suffix)
{
    const size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcasecmp(s + n - m, suffix) == 0;
}

pl_format cli_format_from_name(const char *path)
{
    if (has_suffix(path, ".yaml") || has_suffix(path, ".yml"))
        return PL_FORMAT_YAML;
    if (has_suffix(path, ".json"))
        return PL_FORMAT_JSON;
    return PL_FORMAT_AUTO;
}

static pl_status load_file(const char *path, pl_scenario **out, pl_diag *d)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR)
            return pl_diag_set(d, PL_ENOTFOUND, 0, 0, "no such file");
        return pl_diag_set(d, PL_EIO, 0, 0, "cannot read: %s",
                           strerror(err));
    }
    if (S_ISDIR(st.st_mode))
        return pl_diag_set(d, PL_EINVAL, 0, 0,
                           "is a directory, expected a scenario file");
    return pl_scenario_load_file(path, out, d);
}

pl_status cli_load_scenario(const char *arg, pl_scenario **out, pl_diag *d)
{
    pl_status st;

    *out = NULL;
    memset(d, 0, sizeof *d);
    if (cli_format_from_name(arg) != PL_FORMAT_AUTO) {
        snprintf(d->file, sizeof d->file, "%s", arg);
        return load_file(arg, out, d);
    }
    if (has_suffix(arg, ".xml")) {
        snprintf(d->file, sizeof d->file, "%s", arg);
        return pl_diag_set(d, PL_EUSAGE, 0, 0,
                           "GENIUS XML scenarios are not supported in this "
                           "version; use a .yaml, .yml or .json file");
    }
    if (pl_scenario_builtin_text(arg) == NULL)
        return pl_diag_set(d, PL_ENOTFOUND, 0, 0,
                           "unknown scenario '%s': expected a .yaml, .yml "
                           "or .json file or a built-in name (see 'parley "
                           "list scenarios')",
                           arg);
    st = pl_scenario_load_builtin(arg, out, d);
    return st;
}

int cli_finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("error writing to standard output: %s", strerror(errno));
        return status == CLI_EXIT_OK ? CLI_EXIT_FAILURE : status;
    }
    return status;
}
