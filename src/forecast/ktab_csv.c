/* Reader for KTAB-style spatial CSV files: line 1 "name, description,
 * #actors, #dims"; line 2 a header (Actor, Description, Capability, then
 * Position and Salience per dimension); then one line per actor:
 * name, description, capability, position1, salience1, ...
 *
 * Each dimension becomes one issue, id "<name>:<d>" (d from 1) and name
 * the header text of its position column.  Positions and saliences are on
 * 0-100; an empty position means "no position" (the actor is skipped on
 * that dimension).  Fields may be double-quoted ("" inside for a quote)
 * and are trimmed of blanks.  Diagnostics give LINE:FIELD. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "forecast_int.h"

#define MAX_FIELDS 2048

struct cfield {
    char *s; /* unquoted, NUL-terminated copy */
};

/* Split one CSV line into fields (copies, unquoted).  Returns the count,
 * or 0 with *bad = field number of a broken quote, or SIZE_MAX on too
 * many fields / out of memory (*bad = 0 means out of memory). */
static size_t split_csv(const char *s, size_t n, struct cfield *f, size_t *bad)
{
    size_t k = 0, i = 0;

    *bad = 0;
    for (;;) {
        char *buf;
        size_t m = 0;
        if (k == MAX_FIELDS) {
            *bad = MAX_FIELDS + 1;
            return SIZE_MAX;
        }
        buf = pl__malloc(n - i + 1);
        if (!buf)
            return SIZE_MAX;
        f[k].s = buf;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i < n && s[i] == '"') {
            i++;
            for (;;) {
                if (i >= n) {
                    buf[m] = '\0';
                    *bad = k + 1;
                    k++;
                    return k | ((size_t)1 << (sizeof(size_t) * 8 - 2));
                }
                if (s[i] == '"') {
                    if (i + 1 < n && s[i + 1] == '"') {
                        buf[m++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                buf[m++] = s[i++];
            }
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            if (i < n && s[i] != ',') {
                buf[m] = '\0';
                *bad = k + 1;
                k++;
                return k | ((size_t)1 << (sizeof(size_t) * 8 - 2));
            }
        } else {
            while (i < n && s[i] != ',')
                buf[m++] = s[i++];
            while (m && (buf[m - 1] == ' ' || buf[m - 1] == '\t'))
                m--;
        }
        buf[m] = '\0';
        k++;
        if (i >= n)
            return k;
        i++; /* the comma */
    }
}

static void free_fields(struct cfield *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pl__free(f[i].s);
        f[i].s = NULL;
    }
}

static pl_status num(const char *s, int line, size_t col, const char *what,
                     double lo, double hi, bool allow_empty, double *out,
                     pl_diag *diag)
{
    if (!*s) {
        if (allow_empty) {
            *out = NAN;
            return PL_OK;
        }
        return pl_diag_set(diag, PL_EPARSE, line, (int)col, "%s: missing value",
                           what);
    }
    if (!pl__fc_parse_num(s, strlen(s), out))
        return pl_diag_set(diag, PL_EPARSE, line, (int)col,
                           "%s: expected a number, got \"%.40s\"", what, s);
    if (*out < lo || *out > hi)
        return pl_diag_set(diag, PL_ESCHEMA, line, (int)col,
                           "%s %g is outside %g-%g", what, *out, lo, hi);
    return PL_OK;
}

struct ktab {
    char name[128];
    size_t n_actors, n_dims;
    char **dim_name;   /* [n_dims] */
    char **actor;      /* [n_actors] */
    double *cap;       /* [n_actors] */
    double *pos, *sal; /* [n_actors * n_dims] */
    size_t rows;
};

static void ktab_free(struct ktab *k)
{
    for (size_t i = 0; k->dim_name && i < k->n_dims; i++)
        pl__free(k->dim_name[i]);
    for (size_t i = 0; k->actor && i < k->n_actors; i++)
        pl__free(k->actor[i]);
    pl__free(k->dim_name);
    pl__free(k->actor);
    pl__free(k->cap);
    pl__free(k->pos);
    pl__free(k->sal);
}

static pl_status first_line(struct cfield *f, size_t nf, int line,
                            struct ktab *k, pl_diag *diag)
{
    double a, dm;
    pl_status rc;

    if (nf != 4)
        return pl_diag_set(diag, PL_EPARSE, line, (int)(nf < 4 ? nf + 1 : 5),
                           "expected 4 fields \"name, description, "
                           "#actors, #dims\", found %zu",
                           nf);
    rc = num(f[2].s, line, 3, "#actors", 1, PL_FC_MAX_ACTORS, false, &a, diag);
    if (rc == PL_OK)
        rc = num(f[3].s, line, 4, "#dims", 1, 512, false, &dm, diag);
    if (rc != PL_OK)
        return rc;
    if (a != floor(a) || dm != floor(dm))
        return pl_diag_set(diag, PL_EPARSE, line, a != floor(a) ? 3 : 4,
                           "expected a whole number");
    snprintf(k->name, sizeof k->name, "%s", f[0].s[0] ? f[0].s : "ktab");
    k->n_actors = (size_t)a;
    k->n_dims = (size_t)dm;
    k->dim_name = pl__calloc(k->n_dims, sizeof *k->dim_name);
    k->actor = pl__calloc(k->n_actors, sizeof *k->actor);
    k->cap = pl__calloc(k->n_actors, sizeof *k->cap);
    k->pos = pl__calloc(k->n_actors * k->n_dims, sizeof *k->pos);
    k->sal = pl__calloc(k->n_actors * k->n_dims, sizeof *k->sal);
    if (!k->dim_name || !k->actor || !k->cap || !k->pos || !k->sal)
        return PL_ENOMEM;
    return PL_OK;
}

static pl_status actor_line(struct cfield *f, size_t nf, int line,
                            struct ktab *k, pl_diag *diag)
{
    const size_t want = 3 + 2 * k->n_dims, r = k->rows;
    pl_status rc;

    if (nf != want)
        return pl_diag_set(diag, PL_EPARSE, line,
                           (int)(nf < want ? nf + 1 : want + 1),
                           "expected %zu fields (actor, description, "
                           "capability, then position and salience for "
                           "each of %zu dimensions), found %zu",
                           want, k->n_dims, nf);
    if (r >= k->n_actors)
        return pl_diag_set(diag, PL_ESCHEMA, line, 1,
                           "more actor lines than the %zu announced on "
                           "line 1",
                           k->n_actors);
    if (!f[0].s[0])
        return pl_diag_set(diag, PL_EPARSE, line, 1, "empty actor name");
    rc = num(f[2].s, line, 3, "capability", 0, 1e12, false, &k->cap[r], diag);
    for (size_t dm = 0; rc == PL_OK && dm < k->n_dims; dm++) {
        rc = num(f[3 + 2 * dm].s, line, 4 + 2 * dm, "position", 0, 100, true,
                 &k->pos[r * k->n_dims + dm], diag);
        if (rc == PL_OK)
            rc = num(f[4 + 2 * dm].s, line, 5 + 2 * dm, "salience", 0, 100,
                     true, &k->sal[r * k->n_dims + dm], diag);
    }
    if (rc != PL_OK)
        return rc;
    k->actor[r] = pl__strdup(f[0].s);
    if (!k->actor[r])
        return PL_ENOMEM;
    k->rows++;
    return PL_OK;
}

static pl_status emit_issues(const struct ktab *k, pl_fc_data *d)
{
    for (size_t dm = 0; dm < k->n_dims; dm++) {
        char id[160];
        pl_status rc;
        snprintf(id, sizeof id, "%s:%zu", k->name, dm + 1);
        rc = pl_fc_data_add_issue(d, id, k->dim_name[dm], NULL, NAN, NAN);
        for (size_t a = 0; rc == PL_OK && a < k->n_actors; a++)
            rc = pl_fc_data_add_actor(d, k->actor[a], k->cap[a],
                                      k->pos[a * k->n_dims + dm],
                                      k->sal[a * k->n_dims + dm]);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

pl_status pl__fc_read_ktab(const char *text, size_t len, pl_fc_data *d,
                           pl_diag *diag)
{
    struct cfield *f = pl__calloc(MAX_FIELDS, sizeof *f);
    struct ktab k;
    size_t pos = 0;
    int line = 0, role = 0; /* role: 1 = first line, 2 = header, 3 = actor */
    pl_status rc = PL_OK;

    memset(&k, 0, sizeof k);
    if (!f)
        return PL_ENOMEM;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len && rc == PL_OK) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos, nf, bad;
        const size_t broken = (size_t)1 << (sizeof(size_t) * 8 - 2);

        pos += n + (nl ? 1 : 0);
        line++;
        if (n && s[n - 1] == '\r')
            n--;
        if (memchr(s, '\0', n)) {
            rc = pl_diag_set(diag, PL_EPARSE, line, 0, "NUL byte in line");
            break;
        }
        if (n == 0)
            continue;
        role = role < 3 ? role + 1 : 3;
        nf = split_csv(s, n, f, &bad);
        if (nf == SIZE_MAX) {
            rc = bad ? pl_diag_set(diag, PL_ETOOBIG, line, (int)bad,
                                   "more than %d fields", MAX_FIELDS)
                     : PL_ENOMEM;
            free_fields(f, MAX_FIELDS);
            break;
        }
        if (nf & broken) {
            free_fields(f, nf & ~broken);
            rc = pl_diag_set(diag, PL_EPARSE, line, (int)bad,
                             "unbalanced double quote");
            break;
        }
        if (role == 1) {
            rc = first_line(f, nf, line, &k, diag);
        } else if (role == 2) {
            if (nf != 3 + 2 * k.n_dims) {
                rc = pl_diag_set(
                    diag, PL_EPARSE, line,
                    (int)(nf < 3 + 2 * k.n_dims ? nf + 1 : 4 + 2 * k.n_dims),
                    "header: expected %zu fields for %zu "
                    "dimensions, found %zu",
                    3 + 2 * k.n_dims, k.n_dims, nf);
            } else {
                for (size_t dm = 0; rc == PL_OK && dm < k.n_dims; dm++) {
                    k.dim_name[dm] = pl__strdup(f[3 + 2 * dm].s);
                    if (!k.dim_name[dm])
                        rc = PL_ENOMEM;
                }
            }
        } else {
            rc = actor_line(f, nf, line, &k, diag);
        }
        free_fields(f, nf);
    }
    if (rc == PL_OK && role < 2)
        rc = pl_diag_set(diag, PL_EPARSE, line + 1, 0,
                         role == 0 ? "empty file: expected \"name, "
                                     "description, #actors, #dims\""
                                   : "missing header line");
    if (rc == PL_OK && k.rows != k.n_actors)
        rc = pl_diag_set(diag, PL_ESCHEMA, line + 1, 0,
                         "line 1 announces %zu actors, found %zu", k.n_actors,
                         k.rows);
    if (rc == PL_OK)
        rc = emit_issues(&k, d);
    ktab_free(&k);
    pl__free(f);
    return rc;
}
