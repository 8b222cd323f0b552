/* `parley convert IN [--profile FILE]... -o OUT [--to yaml|json|genius]`:
 * rewrite a scenario (YAML, JSON, GENIUS, built-in) as YAML or JSON.  The
 * output format comes from OUT's extension (.yaml, .yml, .json) or from
 * --to, which `-o -` (standard output) requires.  `--to genius` (or OUT
 * ending in '/') writes GENIUS XML into the folder OUT, created if needed:
 * a domain file and one profile per party (pl_scenario_write_genius()); a
 * scenario GENIUS cannot express is refused before anything is written.
 *
 * A file is written to a temporary file in OUT's directory which is then
 * renamed over OUT, so OUT is either the complete new text or untouched:
 * nothing half-written is left behind on any failure.  An interrupt
 * (SIGINT, SIGTERM, SIGHUP) while the temporary file exists removes it
 * before the process dies. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

struct convert_args {
    const char *in;
    struct cli_profiles profiles;
    const char *out;
    pl_format to;
    bool genius; /* --to genius: OUT is a folder */
};

static bool parse_format(const char *name, pl_format *fmt)
{
    if (strcmp(name, "yaml") == 0 || strcmp(name, "yml") == 0) {
        *fmt = PL_FORMAT_YAML;
        return true;
    }
    if (strcmp(name, "json") == 0) {
        *fmt = PL_FORMAT_JSON;
        return true;
    }
    return false;
}

/* Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct convert_args *args)
{
    const char *cmd = "convert";
    bool options_done = false;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;

        if (options_done || arg[0] != '-') {
            if (args->in)
                return cli_usage_error(cmd,
                                       "unexpected argument '%s' "
                                       "(one input at a time)",
                                       arg);
            args->in = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli_print_help(cmd);
            return cli_finish_stdout(CLI_EXIT_OK);
        } else if (cli_option_value(argc, argv, &i, "-o", &value) ||
                   cli_option_value(argc, argv, &i, "--output", &value)) {
            if (!value || !*value)
                return cli_usage_error(cmd, "-o needs a file name (or - "
                                            "for standard output)");
            if (args->out)
                return cli_usage_error(cmd, "-o given twice");
            args->out = value;
        } else if (cli_is_option(arg, "--profile")) {
            const int st =
                cli_profile_option(cmd, argc, argv, &i, &args->profiles);
            if (st >= 0)
                return st;
        } else if (cli_is_option(arg, "--real-steps")) {
            const int st =
                cli_real_steps_option(cmd, argc, argv, &i, &args->profiles);
            if (st >= 0)
                return st;
        } else if (cli_option_value(argc, argv, &i, "--to", &value)) {
            if (!value)
                return cli_usage_error(cmd, "--to needs yaml or json");
            if (strcmp(value, "genius") == 0)
                args->genius = true;
            else if (!parse_format(value, &args->to))
                return cli_usage_error(cmd,
                                       "--to: '%s' is not yaml or "
                                       "json",
                                       value);
        } else {
            return cli_usage_error(cmd, "unknown option '%s'", arg);
        }
    }
    if (!args->in)
        return cli_usage_error(cmd, "missing input scenario");
    if (!args->out)
        return cli_usage_error(cmd, "missing -o OUT");
    if (args->out[strlen(args->out) - 1] == '/' &&
        args->to == PL_FORMAT_AUTO)
        args->genius = true;
    if (args->genius) {
        if (strcmp(args->out, "-") == 0 || args->to != PL_FORMAT_AUTO)
            return cli_usage_error(cmd, "--to genius writes a folder: give "
                                        "-o FOLDER");
        return -1;
    }
    if (strcmp(args->out, "-") == 0) {
        if (args->to == PL_FORMAT_AUTO)
            return cli_usage_error(cmd, "-o - (standard output) needs "
                                        "--to yaml or --to json");
    } else {
        const pl_format by_name = cli_format_from_name(args->out);
        if (by_name == PL_FORMAT_AUTO && args->to == PL_FORMAT_AUTO)
            return cli_usage_error(cmd,
                                   "cannot tell the format of '%s': name "
                                   "it .yaml, .yml or .json, or add --to "
                                   "yaml|json",
                                   args->out);
        if (by_name != PL_FORMAT_AUTO && args->to != PL_FORMAT_AUTO &&
            by_name != args->to)
            return cli_usage_error(cmd,
                                   "--to contradicts the extension "
                                   "of '%s'",
                                   args->out);
        if (args->to == PL_FORMAT_AUTO)
            args->to = by_name;
    }
    return -1;
}

/* The temporary file being written, for the signal handler; NULL when
 * there is none.  The process writes one file at a time. */
static const char *volatile pending_temp;

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_temp_and_die(int sig)
{
    const char *const t = pending_temp;

    if (t)
        unlink(t);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_signals(bool on)
{
    for (size_t i = 0; i < sizeof caught_signals / sizeof *caught_signals; i++)
        signal(caught_signals[i], on ? remove_temp_and_die : SIG_DFL);
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        const ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* "<dir>/.<base>.XXXXXX" beside `path`; caller frees. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    const size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dir_len;
    const size_t n = strlen(path) + sizeof "/..XXXXXX";
    char *t = malloc(n);

    if (t)
        snprintf(t, n, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
    return t;
}

/* Mode for a new OUT: the old file's permissions if it exists, else
 * 0666 less the umask, as open() would give. */
static mode_t output_mode(const char *path)
{
    struct stat st;
    mode_t mask;

    if (stat(path, &st) == 0)
        return st.st_mode & 07777;
    mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Write `text` to `path` atomically.  Returns the exit status. */
static int write_file(const char *path, const char *text, size_t len)
{
    char *tmp = temp_template(path);
    int fd, err;

    if (!tmp) {
        cli_error("%s: %s", path, pl_strerror(PL_ENOMEM));
        return cli_exit_status(PL_ENOMEM);
    }
    pending_temp = tmp;
    catch_signals(true);
    fd = mkstemp(tmp);
    if (fd < 0) {
        err = errno;
        catch_signals(false);
        pending_temp = NULL;
        cli_error("%s: cannot create a file in its directory: %s", path,
                  strerror(err));
        free(tmp);
        return cli_exit_status(PL_EIO);
    }
    if (fchmod(fd, output_mode(path)) != 0 || !write_all(fd, text, len) ||
        fsync(fd) != 0) {
        err = errno;
        close(fd);
        goto fail;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        err = errno;
        goto fail;
    }
    catch_signals(false);
    pending_temp = NULL;
    free(tmp);
    return CLI_EXIT_OK;
fail:
    unlink(tmp);
    catch_signals(false);
    pending_temp = NULL;
    free(tmp);
    cli_error("%s: cannot write: %s", path, strerror(err));
    return cli_exit_status(PL_EIO);
}

/* The text must load back to the scenario it came from: a conversion
 * never changes the negotiation silently (e.g. a model feature the
 * target syntax cannot carry).  Costs one more parse of the output. */
static pl_status check_round_trip(const pl_scenario *s, const char *text,
                                  size_t len, pl_format fmt)
{
    pl_scenario *back = NULL;
    pl_diag d;
    pl_status st;

    memset(&d, 0, sizeof d);
    st = pl_scenario_load_text(text, len, NULL, fmt, &back, &d);
    if (st == PL_OK && !pl_scenario_equal(s, back))
        st = PL_EINTERNAL;
    pl_scenario_free(back);
    return st;
}

/* GENIUS XML files into folder `dir` (created if missing), each written
 * atomically.  Returns the exit status. */
static int write_genius(const pl_scenario *s, const char *in,
                        const char *dir)
{
    pl_genius_files f;
    pl_diag d;
    pl_status st;
    int status = CLI_EXIT_OK;

    memset(&d, 0, sizeof d);
    st = pl_scenario_write_genius(s, &f, &d);
    if (st != PL_OK) {
        cli_error("%s: cannot convert to GENIUS: %s; nothing written", in,
                  d.message[0] ? d.message : pl_strerror(st));
        return cli_exit_status(st);
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error("%s: cannot create the folder: %s", dir, strerror(errno));
        pl_genius_files_free(&f);
        return cli_exit_status(PL_EIO);
    }
    for (size_t k = 0; k < f.n && status == CLI_EXIT_OK; k++) {
        const size_t n = strlen(dir) + strlen(f.name[k]) + 2;
        char *path = malloc(n);
        if (!path) {
            cli_error("%s: %s", dir, pl_strerror(PL_ENOMEM));
            status = cli_exit_status(PL_ENOMEM);
            break;
        }
        snprintf(path, n, "%s%s%s", dir,
                 dir[strlen(dir) - 1] == '/' ? "" : "/", f.name[k]);
        status = write_file(path, f.text[k], f.len[k]);
        free(path);
    }
    pl_genius_files_free(&f);
    return status;
}

int cli_cmd_convert(int argc, char **argv)
{
    struct convert_args args = {0};
    pl_scenario *s = NULL;
    char *text = NULL;
    size_t len = 0;
    pl_diag d;
    pl_status st;
    int status = parse_args(argc, argv, &args);

    if (status >= 0)
        return status;
    st = cli_load_scenario_profiles(args.in, &args.profiles, &s, &d);
    if (st != PL_OK)
        return cli_report_status(st, &d);
    if (pl_scenario_has_spatial(s)) {
        /* Dropping it silently would lose data the user wrote. */
        cli_error("%s: cannot convert: the 'spatial:' section (parley "
                  "forecast data) is not carried over by convert; copy it "
                  "by hand or remove it first",
                  args.in);
        status = CLI_EXIT_USAGE;
        goto done;
    }
    if (args.genius) {
        status = write_genius(s, args.in, args.out);
        goto done;
    }
    st = pl_scenario_write(s, args.to, &text, &len);
    if (st != PL_OK) {
        cli_error("%s: cannot convert: %s", args.in, pl_strerror(st));
        status = cli_exit_status(st);
        goto done;
    }
    st = check_round_trip(s, text, len, args.to);
    if (st != PL_OK) {
        cli_error("%s: cannot convert: the %s text would not load back to "
                  "the same scenario%s%s; nothing written",
                  args.in, args.to == PL_FORMAT_JSON ? "JSON" : "YAML",
                  st == PL_EINTERNAL ? "" : ": ",
                  st == PL_EINTERNAL ? "" : pl_strerror(st));
        status = CLI_EXIT_FAILURE;
        goto done;
    }
    if (strcmp(args.out, "-") == 0) {
        fwrite(text, 1, len, stdout);
        status = cli_finish_stdout(CLI_EXIT_OK);
    } else {
        status = write_file(args.out, text, len);
    }
done:
    pl_free(text);
    pl_scenario_free(s);
    return status;
}
