/* Reader for the `spatial:` section of a parley YAML or JSON file:
 *
 *   spatial:
 *     issues:
 *       - id: ets2                # required: string or number
 *         name: ETS2 start year   # optional
 *         group: climate-package  # optional: resampling/CV unit
 *         reference: 0            # optional: reference point, 0-100
 *         outcome: 40             # optional: the actual outcome, 0-100
 *         actors:
 *           - {id: de, capability: 4.1, position: 30, salience: 80}
 *           - {id: pl, capability: 0.75, position: null, salience: 0}
 *
 * Every other top-level key (format, name, issues, parties, ...) is left
 * to the scenario loader and ignored here.  `position: null` or no
 * position = the actor takes no part; no salience = weight 0.  Unknown
 * keys inside the section are errors, so typos do not pass silently.
 * libfyaml builds the document; aliases are refused (no expansion bombs).
 * Diagnostics carry the 1-based line and column of the offending scalar
 * (for a mapping or sequence, of its first scalar). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libfyaml.h>

#include "core/alloc.h"
#include "forecast_int.h"

struct yr {
    pl_diag *diag;
};

/* Position of a node: its own scalar token, else its first scalar. */
static void mark_of(struct fy_node *n, int *line, int *col)
{
    *line = 0;
    *col = 0;
    for (int depth = 0; n && depth < 64; depth++) {
        void *it = NULL;
        if (fy_node_is_scalar(n)) {
            struct fy_token *t = fy_node_get_scalar_token(n);
            const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
            if (m) {
                *line = m->line + 1;
                *col = m->column + 1;
            }
            return;
        }
        if (fy_node_is_mapping(n)) {
            struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
            n = p ? fy_node_pair_key(p) : NULL;
        } else if (fy_node_is_sequence(n)) {
            n = fy_node_sequence_iterate(n, &it);
        } else {
            return;
        }
    }
}

static pl_status fail(struct yr *y, pl_status st, struct fy_node *n,
                      const char *msg, const char *what)
{
    int line, col;

    mark_of(n, &line, &col);
    return pl_diag_set(y->diag, st, line, col, "%s%s%s", what ? what : "",
                       what ? ": " : "", msg);
}

static bool is_null(struct fy_node *n)
{
    const char *s;
    size_t len;

    if (!n)
        return true;
    if (!fy_node_is_scalar(n) || fy_node_get_style(n) != FYNS_PLAIN)
        return false;
    s = fy_node_get_scalar(n, &len);
    return len == 0 || (len == 4 && memcmp(s, "null", 4) == 0) ||
           (len == 1 && s[0] == '~');
}

/* A scalar as text into buf (NUL-terminated, at most n-1 bytes). */
static pl_status get_text(struct yr *y, struct fy_node *n, const char *what,
                          char *buf, size_t cap)
{
    const char *s;
    size_t len;

    if (!fy_node_is_scalar(n) || fy_node_is_alias(n))
        return fail(y, PL_ESCHEMA, n, "expected a string", what);
    s = fy_node_get_scalar(n, &len);
    if (!s || len == 0)
        return fail(y, PL_ESCHEMA, n, "must not be empty", what);
    if (len >= cap || memchr(s, '\0', len))
        return fail(y, PL_ETOOBIG, n, "text too long", what);
    memcpy(buf, s, len);
    buf[len] = '\0';
    return PL_OK;
}

/* A number in [lo, hi]; NAN if the node is absent or null and
 * `optional`. */
static pl_status get_num(struct yr *y, struct fy_node *n, const char *what,
                         double lo, double hi, bool optional, double *out,
                         struct fy_node *parent)
{
    const char *s;
    size_t len;

    if (is_null(n)) {
        if (optional) {
            *out = NAN;
            return PL_OK;
        }
        return fail(y, PL_ESCHEMA, n ? n : parent, "missing number", what);
    }
    if (!fy_node_is_scalar(n) || fy_node_is_alias(n) ||
        fy_node_get_style(n) != FYNS_PLAIN)
        return fail(y, PL_ESCHEMA, n, "expected a number", what);
    s = fy_node_get_scalar(n, &len);
    if (!s || !pl__fc_parse_num(s, len, out))
        return fail(y, PL_ESCHEMA, n, "expected a number", what);
    if (*out < lo || *out > hi)
        return fail(y, PL_ESCHEMA, n, "out of range", what);
    return PL_OK;
}

static pl_status check_keys(struct yr *y, struct fy_node *map,
                            const char *const *allowed, const char *ctx)
{
    void *it = NULL;
    for (struct fy_node_pair *p = fy_node_mapping_iterate(map, &it); p;
         p = fy_node_mapping_iterate(map, &it)) {
        struct fy_node *k = fy_node_pair_key(p);
        const char *s;
        size_t len;
        bool ok = false;
        if (!k || !fy_node_is_scalar(k))
            return fail(y, PL_ESCHEMA, map, "keys must be plain strings", ctx);
        s = fy_node_get_scalar(k, &len);
        for (size_t a = 0; allowed[a] && !ok; a++)
            ok = s && len == strlen(allowed[a]) &&
                 memcmp(s, allowed[a], len) == 0;
        if (!ok) {
            char msg[200];
            snprintf(msg, sizeof msg, "unknown key '%.*s'",
                     (int)(len > 40 ? 40 : len), s ? s : "");
            return fail(y, PL_ESCHEMA, k, msg, ctx);
        }
    }
    return PL_OK;
}

static struct fy_node *get(struct fy_node *map, const char *key)
{
    return fy_node_mapping_lookup_by_string(map, key, FY_NT);
}

static pl_status read_actor(struct yr *y, struct fy_node *a, pl_fc_data *d)
{
    static const char *const keys[] = {"id",       "name",     "capability",
                                       "position", "salience", NULL};
    char id[128];
    double cap, pos, sal;
    struct fy_node *idn;
    pl_status rc;

    if (!fy_node_is_mapping(a))
        return fail(y, PL_ESCHEMA, a,
                    "expected a mapping {id, capability, "
                    "position, salience}",
                    "actor");
    rc = check_keys(y, a, keys, "actor");
    if (rc != PL_OK)
        return rc;
    idn = get(a, "id");
    if (!idn)
        idn = get(a, "name");
    if (!idn)
        return fail(y, PL_ESCHEMA, a, "missing 'id'", "actor");
    rc = get_text(y, idn, "actor id", id, sizeof id);
    if (rc == PL_OK)
        rc = get_num(y, get(a, "capability"), "capability", 0, 1e12, false,
                     &cap, a);
    if (rc == PL_OK)
        rc = get_num(y, get(a, "position"), "position", 0, 100, true, &pos, a);
    if (rc == PL_OK)
        rc = get_num(y, get(a, "salience"), "salience", 0, 100, true, &sal, a);
    if (rc != PL_OK)
        return rc;
    rc = pl_fc_data_add_actor(d, id, cap, pos, sal);
    if (rc == PL_ETOOBIG)
        return fail(y, rc, a, "too many actors in one issue", "actor");
    return rc;
}

static pl_status read_issue(struct yr *y, struct fy_node *is, pl_fc_data *d)
{
    static const char *const keys[] = {"id",          "name",    "group",
                                       "reference",   "outcome", "actors",
                                       "description", NULL};
    char id[128], name[256], group[128];
    double ref, out;
    struct fy_node *n, *acts, *a;
    void *it = NULL;
    pl_status rc;

    if (!fy_node_is_mapping(is))
        return fail(y, PL_ESCHEMA, is, "expected a mapping", "issue");
    rc = check_keys(y, is, keys, "issue");
    if (rc != PL_OK)
        return rc;
    n = get(is, "id");
    if (!n)
        return fail(y, PL_ESCHEMA, is, "missing 'id'", "issue");
    rc = get_text(y, n, "issue id", id, sizeof id);
    name[0] = '\0';
    group[0] = '\0';
    n = get(is, "name");
    if (rc == PL_OK && n)
        rc = get_text(y, n, "issue name", name, sizeof name);
    n = get(is, "group");
    if (rc == PL_OK && n)
        rc = get_text(y, n, "group", group, sizeof group);
    if (rc == PL_OK)
        rc = get_num(y, get(is, "reference"), "reference", 0, 100, true, &ref,
                     is);
    if (rc == PL_OK)
        rc = get_num(y, get(is, "outcome"), "outcome", 0, 100, true, &out, is);
    if (rc != PL_OK)
        return rc;
    acts = get(is, "actors");
    if (!acts || !fy_node_is_sequence(acts))
        return fail(y, PL_ESCHEMA, acts ? acts : is,
                    "expected a list of actors", "issue 'actors'");
    rc = pl_fc_data_add_issue(d, id, name, group[0] ? group : NULL, ref, out);
    if (rc == PL_ETOOBIG)
        return fail(y, rc, is, "too many issues", "issue");
    for (a = fy_node_sequence_iterate(acts, &it); a && rc == PL_OK;
         a = fy_node_sequence_iterate(acts, &it))
        rc = read_actor(y, a, d);
    return rc;
}

static void quiet(struct fy_diag *d, void *user, const char *buf, size_t len)
{
    (void)d;
    (void)user;
    (void)buf;
    (void)len;
}

pl_status pl__fc_read_yaml(const char *text, size_t len, pl_fc_data *d,
                           pl_diag *diag)
{
    struct yr y = {diag};
    struct fy_diag_cfg dc;
    struct fy_parse_cfg cfg;
    struct fy_diag *fd;
    struct fy_document *doc = NULL;
    struct fy_node *root, *sp, *issues, *is;
    void *it = NULL;
    pl_status rc = PL_OK;

    if (memchr(text, '\0', len))
        return pl_diag_set(diag, PL_EPARSE, 0, 0, "NUL byte in input");
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = quiet;
    dc.colorize = false;
    fd = fy_diag_create(&dc);
    if (!fd)
        return PL_ENOMEM;
    fy_diag_set_collect_errors(fd, true);
    memset(&cfg, 0, sizeof cfg);
    cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2;
    cfg.diag = fd;
    doc = fy_document_build_from_string(&cfg, text, len);
    if (!doc) {
        void *eit = NULL;
        struct fy_diag_error *de = fy_diag_errors_iterate(fd, &eit);
        rc = pl_diag_set(diag, PL_EPARSE, de && de->line > 0 ? de->line : 0,
                         de && de->column > 0 ? de->column : 0,
                         "syntax error: %s",
                         de && de->msg ? de->msg : "invalid YAML");
        goto done;
    }
    root = fy_document_root(doc);
    if (!root || !fy_node_is_mapping(root)) {
        rc = pl_diag_set(diag, PL_ESCHEMA, 1, 1,
                         "expected a mapping with a 'spatial' key");
        goto done;
    }
    sp = get(root, "spatial");
    if (!sp) {
        rc = pl_diag_set(diag, PL_ENOTFOUND, 0, 0,
                         "no 'spatial:' section (see docs/forecast.md)");
        goto done;
    }
    if (!fy_node_is_mapping(sp)) {
        rc = fail(&y, PL_ESCHEMA, sp, "expected a mapping with 'issues'",
                  "spatial");
        goto done;
    }
    {
        static const char *const keys[] = {"issues", "description", NULL};
        rc = check_keys(&y, sp, keys, "spatial");
        if (rc != PL_OK)
            goto done;
    }
    issues = get(sp, "issues");
    if (!issues || !fy_node_is_sequence(issues)) {
        rc = fail(&y, PL_ESCHEMA, issues ? issues : sp,
                  "expected a list of issues", "spatial 'issues'");
        goto done;
    }
    for (is = fy_node_sequence_iterate(issues, &it); is && rc == PL_OK;
         is = fy_node_sequence_iterate(issues, &it))
        rc = read_issue(&y, is, d);
done:
    if (doc)
        fy_document_destroy(doc);
    fy_diag_destroy(fd);
    return rc;
}
