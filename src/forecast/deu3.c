/* Reader for the DEU III files (Arregui & Perarnaud 2021) as split for
 * parley (shared/data/deu3/README.md): tab-separated, strings in double
 * quotes, empty field = missing, line 1 the header, line 2 a capability
 * row (GDP in the copy we use) whose position columns give each actor's
 * capability, then one issue per line.
 *
 * Columns are found by header name, not by number: prnrnmc (group),
 * isnrnmc (issue id), isnr (issue name), rp, out, and each actor X that
 * has both a position column pX and a salience column sX.  Diagnostics
 * point at LINE:FIELD (the column is the 1-based field number).  Blank
 * lines are skipped; CRLF is accepted. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "forecast_int.h"

#define MAX_FIELDS 256

struct field {
    const char *s;
    size_t n;
    bool quoted;
};

/* Split one line (without its newline) at tabs, removing double quotes
 * around a field.  Returns the number of fields, or 0 with *bad set to
 * the 1-based field number of a malformed quote, or SIZE_MAX when there
 * are more than MAX_FIELDS. */
static size_t split_tabs(const char *s, size_t n, struct field *f, size_t *bad)
{
    size_t k = 0, start = 0;

    *bad = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\t')
            continue;
        if (k == MAX_FIELDS)
            return SIZE_MAX;
        f[k].s = s + start;
        f[k].n = i - start;
        f[k].quoted = false;
        if (f[k].n && f[k].s[0] == '"') {
            if (f[k].n < 2 || f[k].s[f[k].n - 1] != '"' ||
                memchr(f[k].s + 1, '"', f[k].n - 2)) {
                *bad = k + 1;
                return 0;
            }
            f[k].s++;
            f[k].n -= 2;
            f[k].quoted = true;
        }
        k++;
        start = i + 1;
    }
    return k;
}

static bool field_is(const struct field *f, const char *name)
{
    return f->n == strlen(name) && memcmp(f->s, name, f->n) == 0;
}

static int find_col(const struct field *h, size_t nh, const char *name)
{
    for (size_t i = 0; i < nh; i++)
        if (field_is(&h[i], name))
            return (int)i;
    return -1;
}

struct deu_cols {
    int group, id, name, rp, out;
    size_t n_actors;
    int pos[MAX_FIELDS], sal[MAX_FIELDS];
    char code[MAX_FIELDS][16];
    double cap[MAX_FIELDS];
};

static pl_status read_header(const struct field *h, size_t nh,
                             struct deu_cols *c, pl_diag *diag)
{
    static const char *const need[] = {"prnrnmc", "isnrnmc", "rp", "out"};

    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (find_col(h, nh, need[i]) < 0)
            return pl_diag_set(diag, PL_ESCHEMA, 1, 0,
                               "header has no \"%s\" column: not a DEU III "
                               "file",
                               need[i]);
    c->group = find_col(h, nh, "prnrnmc");
    c->id = find_col(h, nh, "isnrnmc");
    c->name = find_col(h, nh, "isnr");
    c->rp = find_col(h, nh, "rp");
    c->out = find_col(h, nh, "out");
    c->n_actors = 0;
    for (size_t i = 0; i < nh; i++) {
        char sname[32];
        int sc;
        if (h[i].n < 2 || h[i].n > 15 || h[i].s[0] != 'p')
            continue;
        snprintf(sname, sizeof sname, "s%.*s", (int)h[i].n - 1, h[i].s + 1);
        sc = find_col(h, nh, sname);
        if (sc < 0)
            continue;
        c->pos[c->n_actors] = (int)i;
        c->sal[c->n_actors] = sc;
        snprintf(c->code[c->n_actors], sizeof c->code[0], "%.*s",
                 (int)h[i].n - 1, h[i].s + 1);
        c->n_actors++;
    }
    if (c->n_actors == 0)
        return pl_diag_set(diag, PL_ESCHEMA, 1, 0,
                           "header has no actor columns (pX with sX)");
    return PL_OK;
}

/* A number field: empty = NAN (missing).  Outside [lo, hi]: ESCHEMA. */
static pl_status num_field(const struct field *f, int line, int col,
                           const char *what, double lo, double hi, double *out,
                           pl_diag *diag)
{
    if (f->n == 0) {
        *out = NAN;
        return PL_OK;
    }
    if (!pl__fc_parse_num(f->s, f->n, out))
        return pl_diag_set(diag, PL_EPARSE, line, col,
                           "%s: expected a number or an empty field, got "
                           "\"%.*s\"",
                           what, (int)(f->n > 40 ? 40 : f->n), f->s);
    if (*out < lo || *out > hi)
        return pl_diag_set(diag, PL_ESCHEMA, line, col,
                           "%s %g is outside %g-%g", what, *out, lo, hi);
    return PL_OK;
}

static pl_status read_caps(const struct field *f, size_t nf, int line,
                           struct deu_cols *c, pl_diag *diag)
{
    if (f[0].n != 0)
        return pl_diag_set(diag, PL_ESCHEMA, line, 1,
                           "line 2 must be the capability row (first field "
                           "empty, capabilities in the position columns)");
    for (size_t a = 0; a < c->n_actors; a++) {
        const int col = c->pos[a];
        char what[48];
        pl_status rc;
        snprintf(what, sizeof what, "capability of %s", c->code[a]);
        if ((size_t)col >= nf)
            return PL_EINTERNAL;
        rc = num_field(&f[col], line, col + 1, what, 0, 1e12, &c->cap[a], diag);
        if (rc != PL_OK)
            return rc;
        if (isnan(c->cap[a]))
            return pl_diag_set(diag, PL_ESCHEMA, line, col + 1, "%s is missing",
                               what);
    }
    return PL_OK;
}

static pl_status text_field(const struct field *f, char *buf, size_t n)
{
    snprintf(buf, n, "%.*s", (int)f->n, f->s);
    return PL_OK;
}

static pl_status read_issue(const struct field *f, int line,
                            const struct deu_cols *c, pl_fc_data *d,
                            pl_diag *diag)
{
    char id[64], name[64], group[64];
    double rp, out, v;
    pl_status rc;

    if (f[c->id].n == 0 || f[c->id].n >= sizeof id)
        return pl_diag_set(diag, PL_EPARSE, line, c->id + 1,
                           "isnrnmc: expected an issue number");
    if (!pl__fc_parse_num(f[c->id].s, f[c->id].n, &v))
        return pl_diag_set(diag, PL_EPARSE, line, c->id + 1,
                           "isnrnmc: expected an issue number, got \"%.*s\"",
                           (int)f[c->id].n, f[c->id].s);
    text_field(&f[c->id], id, sizeof id);
    text_field(&f[c->group], group, sizeof group);
    if (c->name >= 0)
        text_field(&f[c->name], name, sizeof name);
    else
        name[0] = '\0';
    rc = num_field(&f[c->rp], line, c->rp + 1, "rp", 0, 100, &rp, diag);
    if (rc != PL_OK)
        return rc;
    rc = num_field(&f[c->out], line, c->out + 1, "out", 0, 100, &out, diag);
    if (rc != PL_OK)
        return rc;
    rc = pl_fc_data_add_issue(d, id, name, group[0] ? group : NULL, rp, out);
    if (rc != PL_OK)
        return rc == PL_ENOMEM
                   ? rc
                   : pl_diag_set(diag, rc, line, 0, "cannot add issue %s", id);
    for (size_t a = 0; a < c->n_actors; a++) {
        char what[48];
        double pos, sal;
        snprintf(what, sizeof what, "position of %s", c->code[a]);
        rc = num_field(&f[c->pos[a]], line, c->pos[a] + 1, what, 0, 100, &pos,
                       diag);
        if (rc != PL_OK)
            return rc;
        snprintf(what, sizeof what, "salience of %s", c->code[a]);
        rc = num_field(&f[c->sal[a]], line, c->sal[a] + 1, what, 0, 100, &sal,
                       diag);
        if (rc != PL_OK)
            return rc;
        rc = pl_fc_data_add_actor(d, c->code[a], c->cap[a], pos, sal);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

pl_status pl__fc_read_deu3(const char *text, size_t len, pl_fc_data *d,
                           pl_diag *diag)
{
    struct field *f = pl__calloc(MAX_FIELDS, sizeof *f);
    struct deu_cols *c = pl__calloc(1, sizeof *c);
    size_t pos = 0, nh = 0;
    int line = 0;
    pl_status rc = PL_OK;

    if (!f || !c) {
        rc = PL_ENOMEM;
        goto done;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len && rc == PL_OK) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos, nf, bad;

        pos += n + (nl ? 1 : 0);
        line++;
        if (n && s[n - 1] == '\r')
            n--;
        if (memchr(s, '\0', n)) {
            rc = pl_diag_set(diag, PL_EPARSE, line, 0, "NUL byte in line");
            break;
        }
        if (n == 0 && line > 2)
            continue;
        nf = split_tabs(s, n, f, &bad);
        if (nf == SIZE_MAX) {
            rc = pl_diag_set(diag, PL_ETOOBIG, line, MAX_FIELDS + 1,
                             "more than %d fields", MAX_FIELDS);
            break;
        }
        if (nf == 0) {
            rc = pl_diag_set(diag, PL_EPARSE, line, (int)bad,
                             "unbalanced double quote");
            break;
        }
        if (line == 1) {
            nh = nf;
            rc = read_header(f, nf, c, diag);
            continue;
        }
        if (nf != nh) {
            rc =
                pl_diag_set(diag, PL_EPARSE, line, (int)(nf < nh ? nf : nh + 1),
                            "expected %zu tab-separated fields as in the "
                            "header, found %zu",
                            nh, nf);
            break;
        }
        if (line == 2)
            rc = read_caps(f, nf, line, c, diag);
        else
            rc = read_issue(f, line, c, d, diag);
    }
    if (rc == PL_OK && line < 2)
        rc = pl_diag_set(diag, PL_ESCHEMA, line + 1, 0, "missing %s line",
                         line == 0 ? "header" : "capability");
done:
    pl__free(f);
    pl__free(c);
    return rc;
}
