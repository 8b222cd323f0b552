/* `parley convert IN [--profile FILE]... -o OUT [--to yaml|json|genius]`:
 * rewrite a scenario (YAML, JSON, GENIUS, built-in) as YAML or JSON.  The
 * output format comes from OUT's extension (.yaml, .yml, .json) or from
 * --to, which `-o -` (standard output) requires.  `--to genius` (or OUT
 * ending in '/') writes GENIUS XML into the folder OUT, created if needed:
 * a domain file and one profile per party (pl_scenario_write_genius()); a
 * scenario GENIUS cannot express is refused before anything is written.
 *
 * Every file is first written in full to a temporary file beside it, then
 * renamed over its target, so OUT is either the complete new text or
 * untouched: nothing half-written is left behind on any failure.  The
 * files of a GENIUS set land together or not at all: if one cannot be
 * renamed into place, the ones already renamed are rolled back (the files
 * they replaced are kept under a second name until the set is complete)
 * and a folder convert created is removed again.  An interrupt (SIGINT,
 * SIGTERM, SIGHUP) while temporaries exist removes them before the
 * process dies; it is held back while files are being renamed. */
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
        } else if (cli_is_genius_option(arg)) {
            const int st =
                cli_genius_option(cmd, argc, argv, &i, &args->profiles);
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

/* One output file of a conversion.  `tmp` is the staged new text beside
 * `path`; `backup` a second name (hard link) of the file `path` replaced,
 * kept until the whole set is in place so a failure can restore it. */
struct out_file {
    char *path;
    const char *text;
    size_t len;
    char *tmp;
    char *backup;
};

/* The set being written, for the signal handler, which removes the staged
 * temporaries; NULL when there is none.  Signals are blocked while files
 * are being renamed into place (see commit_files()). */
static struct out_file *volatile pending_files;
static volatile size_t pending_n;

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_temps_and_die(int sig)
{
    struct out_file *const f = pending_files;

    for (size_t k = 0; f && k < pending_n; k++)
        if (f[k].tmp)
            unlink(f[k].tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_signals(bool on)
{
    for (size_t i = 0; i < sizeof caught_signals / sizeof *caught_signals; i++)
        signal(caught_signals[i], on ? remove_temps_and_die : SIG_DFL);
}

static void block_signals(bool on)
{
    sigset_t set;

    sigemptyset(&set);
    for (size_t i = 0; i < sizeof caught_signals / sizeof *caught_signals; i++)
        sigaddset(&set, caught_signals[i]);
    sigprocmask(on ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
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

/* Write f->text to a new temporary file beside f->path (f->tmp).  Returns
 * 0 or an errno value. */
static int stage_file(struct out_file *f)
{
    char *tmp = temp_template(f->path);
    int fd, err;

    if (!tmp)
        return ENOMEM;
    fd = mkstemp(tmp);
    if (fd < 0) {
        err = errno;
        free(tmp);
        return err;
    }
    f->tmp = tmp;
    if (fchmod(fd, output_mode(f->path)) != 0 ||
        !write_all(fd, f->text, f->len) || fsync(fd) != 0) {
        err = errno;
        close(fd);
        return err;
    }
    return close(fd) != 0 ? errno : 0;
}

/* A second name for the existing file f->path (f->backup), so that it can
 * be put back if a later file of the set cannot be renamed into place.
 * Returns 0 or an errno value. */
static int keep_old(struct out_file *f)
{
    struct stat st;
    char *name;

    if (lstat(f->path, &st) != 0)
        return errno == ENOENT ? 0 : errno;
    if (!S_ISREG(st.st_mode))
        return 0; /* rename() will refuse it; nothing to restore */
    for (int tries = 0; tries < 100; tries++) {
        int fd;
        name = temp_template(f->path);
        if (!name)
            return ENOMEM;
        fd = mkstemp(name);
        if (fd < 0) {
            const int err = errno;
            free(name);
            return err;
        }
        close(fd);
        unlink(name);
        if (link(f->path, name) == 0) {
            f->backup = name;
            return 0;
        }
        free(name);
        if (errno != EEXIST)
            return errno;
    }
    return EEXIST;
}

static void drop_temps(struct out_file *f, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (f[k].tmp)
            unlink(f[k].tmp);
        if (f[k].backup)
            unlink(f[k].backup);
    }
}

/* Rename the staged files into place, all or none: on a failure the files
 * already renamed are rolled back (old text restored, new files removed).
 * Signals are blocked meanwhile so an interrupt cannot leave half a set.
 * Returns 0 or the errno value of the failure, with *failed its file. */
static int commit_files(struct out_file *f, size_t n, size_t *failed)
{
    int err = 0;
    size_t k;

    block_signals(true);
    for (k = 0; k < n && !err; k++)
        if (n > 1)
            err = keep_old(&f[k]);
    if (err) {
        *failed = k - 1;
        drop_temps(f, n);
        block_signals(false);
        return err;
    }
    for (k = 0; k < n; k++) {
        if (rename(f[k].tmp, f[k].path) != 0) {
            err = errno;
            break;
        }
        free(f[k].tmp);
        f[k].tmp = NULL;
    }
    if (err) {
        *failed = k;
        for (size_t j = 0; j < k; j++) {
            if (f[j].backup) {
                /* If the old text cannot be put back, keep its second
                 * name rather than lose it, and say where it is. */
                if (rename(f[j].backup, f[j].path) != 0)
                    cli_error("%s: could not restore the old file; it is "
                              "kept as %s", f[j].path, f[j].backup);
                free(f[j].backup);
                f[j].backup = NULL;
            } else {
                unlink(f[j].path);
            }
        }
    }
    drop_temps(f, n);
    block_signals(false);
    return err;
}

/* Write every file of `f` atomically as a set: afterwards either all of
 * them hold their new text or none changed, and no temporary file is
 * left.  Returns the exit status. */
static int write_files(struct out_file *f, size_t n)
{
    size_t failed = 0;
    int err = 0;

    pending_files = f;
    pending_n = n;
    catch_signals(true);
    for (size_t k = 0; k < n && !err; k++) {
        err = stage_file(&f[k]);
        failed = k;
    }
    if (!err)
        err = commit_files(f, n, &failed);
    else
        drop_temps(f, n);
    catch_signals(false);
    pending_files = NULL;
    pending_n = 0;
    for (size_t k = 0; k < n; k++) {
        free(f[k].tmp);
        free(f[k].backup);
        f[k].tmp = f[k].backup = NULL;
    }
    if (!err)
        return CLI_EXIT_OK;
    if (err == ENOMEM) {
        cli_error("%s: %s", f[failed].path, pl_strerror(PL_ENOMEM));
        return cli_exit_status(PL_ENOMEM);
    }
    cli_error("%s: cannot write: %s%s", f[failed].path, strerror(err),
              n > 1 ? "; nothing written" : "");
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

/* GENIUS XML files into folder `dir` (created if missing), written as
 * one set (write_files()).  Returns the exit status. */
static int write_genius(const pl_scenario *s, const char *in,
                        const char *dir)
{
    pl_genius_files f;
    struct out_file *files;
    pl_diag d;
    pl_status st;
    int status = CLI_EXIT_OK;
    const size_t dlen = strlen(dir);
    bool made_dir = false;

    memset(&d, 0, sizeof d);
    st = pl_scenario_write_genius(s, &f, &d);
    if (st != PL_OK) {
        cli_error("%s: cannot convert to GENIUS: %s; nothing written", in,
                  d.message[0] ? d.message : pl_strerror(st));
        return cli_exit_status(st);
    }
    files = calloc(f.n ? f.n : 1, sizeof *files);
    if (!files) {
        cli_error("%s: %s", dir, pl_strerror(PL_ENOMEM));
        pl_genius_files_free(&f);
        return cli_exit_status(PL_ENOMEM);
    }
    for (size_t k = 0; k < f.n; k++) {
        const size_t n = dlen + strlen(f.name[k]) + 2;
        files[k].path = malloc(n);
        if (!files[k].path) {
            cli_error("%s: %s", dir, pl_strerror(PL_ENOMEM));
            status = cli_exit_status(PL_ENOMEM);
            goto done;
        }
        snprintf(files[k].path, n, "%s%s%s", dir,
                 dir[dlen - 1] == '/' ? "" : "/", f.name[k]);
        files[k].text = f.text[k];
        files[k].len = f.len[k];
    }
    if (mkdir(dir, 0777) == 0) {
        made_dir = true;
    } else if (errno != EEXIST) {
        cli_error("%s: cannot create the folder: %s", dir, strerror(errno));
        status = cli_exit_status(PL_EIO);
        goto done;
    }
    status = write_files(files, f.n);
    if (status != CLI_EXIT_OK && made_dir)
        rmdir(dir);
done:
    for (size_t k = 0; k < f.n; k++)
        free(files[k].path);
    free(files);
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
        struct out_file one = {(char *)args.out, text, len, NULL, NULL};
        status = write_files(&one, 1);
    }
done:
    pl_free(text);
    pl_scenario_free(s);
    return status;
}
