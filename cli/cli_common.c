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
#include "parley/genius.h"

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
        return pl_diag_set(d, PL_EIO, 0, 0, "cannot read: %s", strerror(err));
    }
    if (S_ISDIR(st.st_mode))
        return pl_diag_set(d, PL_EINVAL, 0, 0,
                           "is a directory, expected a scenario file");
    return pl_scenario_load_file(path, out, d);
}

bool cli_is_option(const char *arg, const char *name)
{
    const size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int cli_profile_option(const char *command, int argc, char **argv, int *i,
                       struct cli_profiles *p)
{
    const char *value = NULL;

    cli_option_value(argc, argv, i, "--profile", &value);
    if (!value || !*value)
        return cli_usage_error(command, "--profile needs a file name");
    if (p->n == sizeof p->path / sizeof p->path[0])
        return cli_usage_error(command, "more than %zu --profile options",
                               p->n);
    p->path[p->n++] = value;
    return -1;
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Existence of each file first, so a typo is "no such file" (exit 2). */
static pl_status check_exists(const char *path, pl_diag *d)
{
    struct stat st;

    if (stat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR))
        return PL_OK;
    memset(d, 0, sizeof *d);
    snprintf(d->file, sizeof d->file, "%s", path);
    return pl_diag_set(d, PL_ENOTFOUND, 0, 0, "no such file");
}

int cli_real_steps_option(const char *command, int argc, char **argv,
                          int *i, struct cli_profiles *p)
{
    const char *value = NULL;
    uint64_t n;

    cli_option_value(argc, argv, i, "--real-steps", &value);
    if (!value || !cli_parse_uint(value, PL_MAX_OPTIONS, &n) || n < 2)
        return cli_usage_error(command,
                               "--real-steps needs a whole number from 2 to "
                               "%u (points per GENIUS real issue)",
                               PL_MAX_OPTIONS);
    p->real_steps = (uint32_t)n;
    return -1;
}

bool cli_is_genius_option(const char *arg)
{
    return cli_is_option(arg, "--profile") ||
           cli_is_option(arg, "--real-steps");
}

int cli_genius_option(const char *command, int argc, char **argv, int *i,
                      struct cli_profiles *p)
{
    if (cli_is_option(argv[*i], "--profile"))
        return cli_profile_option(command, argc, argv, i, p);
    return cli_real_steps_option(command, argc, argv, i, p);
}

static pl_status load_genius(const char *domain, const char *const *profiles,
                             size_t n, uint32_t real_steps, pl_scenario **out,
                             pl_diag *d)
{
    pl_genius_opts opts = pl_genius_opts_default();
    pl_warnings w = {0, NULL};
    pl_status st = check_exists(domain, d);
    char buf[sizeof d->file + sizeof d->message + 64];

    for (size_t k = 0; k < n && st == PL_OK; k++)
        st = check_exists(profiles[k], d);
    if (st != PL_OK)
        return st;
    if (real_steps)
        opts.real_steps = real_steps;
    st = pl_scenario_load_genius(domain, profiles, n, &opts, out, &w, d);
    for (size_t k = 0; k < w.n; k++)
        cli_error("warning: %s", pl_diag_format(&w.items[k], buf, sizeof buf));
    pl_warnings_free(&w);
    return st;
}

/* A folder holding one GENIUS domain and its profiles. */
static pl_status load_genius_folder(const char *dir, uint32_t real_steps,
                                    pl_scenario **out, pl_diag *d)
{
    char *domain = NULL;
    char **profiles = NULL;
    size_t n = 0;
    pl_status st = pl_genius_find_folder(dir, &domain, &profiles, &n, d);

    if (st != PL_OK)
        return st;
    st = load_genius(domain, (const char *const *)profiles, n, real_steps,
                     out, d);
    for (size_t k = 0; k < n; k++)
        pl_free(profiles[k]);
    pl_free(profiles);
    pl_free(domain);
    return st;
}

pl_status cli_load_scenario_profiles(const char *arg,
                                     const struct cli_profiles *p,
                                     pl_scenario **out, pl_diag *d)
{
    *out = NULL;
    memset(d, 0, sizeof *d);
    snprintf(d->file, sizeof d->file, "%s", arg);
    if (p && p->n > 0) {
        if (!has_suffix(arg, ".xml"))
            return pl_diag_set(d, PL_EUSAGE, 0, 0,
                               "--profile goes with a GENIUS domain file "
                               "(.xml)");
        return load_genius(arg, p->path, p->n, p->real_steps, out, d);
    }
    if (cli_format_from_name(arg) != PL_FORMAT_AUTO)
        return load_file(arg, out, d);
    if (has_suffix(arg, ".xml")) {
        const pl_status st = check_exists(arg, d);
        if (st != PL_OK)
            return st;
        return pl_diag_set(d, PL_EUSAGE, 0, 0,
                           "a GENIUS domain needs one --profile FILE per "
                           "party (or name the folder that holds them)");
    }
    /* A built-in name wins over a folder of that name in the current
     * directory (which ./NAME still reaches), so `parley` alone always
     * means the built-in default. */
    if (!strchr(arg, '/') && pl_scenario_builtin_text(arg)) {
        d->file[0] = '\0';
        return pl_scenario_load_builtin(arg, out, d);
    }
    if (is_directory(arg))
        return load_genius_folder(arg, p ? p->real_steps : 0, out, d);
    d->file[0] = '\0';
    return pl_diag_set(d, PL_ENOTFOUND, 0, 0,
                       "unknown scenario '%s': expected a .yaml, .yml or "
                       ".json file, a GENIUS folder or a built-in name (see "
                       "'parley list scenarios')",
                       arg);
}

pl_status cli_load_scenario(const char *arg, pl_scenario **out, pl_diag *d)
{
    return cli_load_scenario_profiles(arg, NULL, out, d);
}

int cli_finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("error writing to standard output: %s", strerror(errno));
        return status == CLI_EXIT_OK ? CLI_EXIT_FAILURE : status;
    }
    return status;
}
