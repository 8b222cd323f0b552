/* The forecast data set: issues with their actors, stored flat (one array
 * of issues, one of actors, each issue a slice of the actors), plus
 * loading by format and the per-issue "view" of the actors that take
 * part.  Sized for DEU III (hundreds of issues, <= 30 actors each). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "forecast_int.h"
#include "core/file.h"

static bool in_scale(double v)
{
    return isnan(v) || (v >= 0.0 && v <= 100.0);
}

pl_fc_data *pl_fc_data_new(void)
{
    return pl__calloc(1, sizeof(pl_fc_data));
}

void pl_fc_data_free(pl_fc_data *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_issues; i++) {
        pl__free(d->issues[i].id);
        pl__free(d->issues[i].name);
        pl__free(d->issues[i].group);
    }
    for (size_t i = 0; i < d->n_actors; i++)
        pl__free(d->actors[i].name);
    pl__free(d->issues);
    pl__free(d->actors);
    pl__free(d);
}

pl_status pl_fc_data_add_issue(pl_fc_data *d, const char *id, const char *name,
                               const char *group, double reference,
                               double outcome)
{
    struct fc_issue *is;

    if (!d || !id || !*id || !in_scale(reference) || !in_scale(outcome))
        return PL_EINVAL;
    if (d->n_issues >= PL_FC_MAX_ISSUES)
        return PL_ETOOBIG;
    if (d->n_issues == d->cap_issues) {
        const size_t cap = d->cap_issues ? 2 * d->cap_issues : 16;
        struct fc_issue *p =
            pl__reallocarray(d->issues, cap, sizeof *d->issues);
        if (!p)
            return PL_ENOMEM;
        d->issues = p;
        d->cap_issues = cap;
    }
    is = &d->issues[d->n_issues];
    memset(is, 0, sizeof *is);
    is->id = pl__strdup(id);
    is->name = pl__strdup(name ? name : "");
    is->group = group ? pl__strdup(group) : NULL;
    if (!is->id || !is->name || (group && !is->group)) {
        pl__free(is->id);
        pl__free(is->name);
        pl__free(is->group);
        return PL_ENOMEM;
    }
    is->ref = reference;
    is->out = outcome;
    is->first = d->n_actors;
    d->n_issues++;
    return PL_OK;
}

pl_status pl_fc_data_add_actor(pl_fc_data *d, const char *name,
                               double capability, double position,
                               double salience)
{
    struct fc_issue *is;
    struct fc_actor *a;

    if (!d || !d->n_issues || !name || !isfinite(capability) ||
        capability < 0 || !in_scale(position) || !in_scale(salience))
        return PL_EINVAL;
    is = &d->issues[d->n_issues - 1];
    if (is->n >= PL_FC_MAX_ACTORS)
        return PL_ETOOBIG;
    if (d->n_actors == d->cap_actors) {
        const size_t cap = d->cap_actors ? 2 * d->cap_actors : 64;
        struct fc_actor *p =
            pl__reallocarray(d->actors, cap, sizeof *d->actors);
        if (!p)
            return PL_ENOMEM;
        d->actors = p;
        d->cap_actors = cap;
    }
    a = &d->actors[d->n_actors];
    a->name = pl__strdup(name);
    if (!a->name)
        return PL_ENOMEM;
    a->cap = capability;
    a->pos = position;
    a->sal = salience;
    d->n_actors++;
    is->n++;
    return PL_OK;
}

size_t pl_fc_issue_count(const pl_fc_data *d)
{
    return d ? d->n_issues : 0;
}

pl_status pl_fc_issue_get(const pl_fc_data *d, size_t i, pl_fc_issue *out)
{
    const struct fc_issue *is;

    if (!d || i >= d->n_issues || !out)
        return PL_ENOTFOUND;
    is = &d->issues[i];
    out->id = is->id;
    out->name = is->name;
    out->group = is->group ? is->group : is->id;
    out->reference = is->ref;
    out->outcome = is->out;
    out->actor_count = is->n;
    return PL_OK;
}

pl_status pl_fc_actor_get(const pl_fc_data *d, size_t i, size_t k,
                          pl_fc_actor *out)
{
    const struct fc_actor *a;

    if (!d || i >= d->n_issues || k >= d->issues[i].n || !out)
        return PL_ENOTFOUND;
    a = &d->actors[d->issues[i].first + k];
    out->name = a->name;
    out->capability = a->cap;
    out->position = a->pos;
    out->salience = a->sal;
    return PL_OK;
}

/* ---- numbers ---- */

bool pl__fc_parse_num(const char *s, size_t n, double *out)
{
    char buf[64];
    char *end;
    double v;

    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0 || n >= sizeof buf)
        return false;
    for (size_t i = 0; i < n; i++) {
        const char ch = s[i];
        if (!isdigit((unsigned char)ch) && ch != '.' && ch != '-' &&
            ch != '+' && ch != 'e' && ch != 'E')
            return false;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    v = strtod(buf, &end);
    if (end != buf + n || errno != 0 || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* ---- loading ---- */

static bool starts_with_deu_header(const char *text, size_t len)
{
    static const char key[] = "prnrnmc";
    size_t i = 0;

    if (len >= 3 && (unsigned char)text[0] == 0xEF &&
        (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
        i = 3;
    if (i < len && text[i] == '"')
        i++;
    return len - i >= sizeof key - 1 &&
           memcmp(text + i, key, sizeof key - 1) == 0;
}

pl_status pl_fc_load(const char *text, size_t len, pl_fc_format fmt,
                     const char *name, pl_fc_data **out, pl_diag *diag)
{
    pl_fc_data *d;
    pl_status rc;

    *out = NULL;
    if (!text && len)
        return PL_EINVAL;
    if (!text)
        text = "";
    if (diag && name && !diag->file[0])
        snprintf(diag->file, sizeof diag->file, "%s", name);
    if (len > PL_FC_MAX_BYTES)
        return pl_diag_set(diag, PL_ETOOBIG, 0, 0,
                           "input is larger than %u bytes", PL_FC_MAX_BYTES);
    if (fmt == PL_FC_AUTO)
        fmt = starts_with_deu_header(text, len) ? PL_FC_DEU3 : PL_FC_KTAB;
    d = pl_fc_data_new();
    if (!d)
        return PL_ENOMEM;
    switch (fmt) {
    case PL_FC_DEU3:
        rc = pl__fc_read_deu3(text, len, d, diag);
        break;
    case PL_FC_KTAB:
        rc = pl__fc_read_ktab(text, len, d, diag);
        break;
    case PL_FC_YAML:
        rc = pl__fc_read_yaml(text, len, d, diag);
        break;
    case PL_FC_AUTO:
    default:
        rc = PL_EINVAL;
        break;
    }
    if (rc == PL_OK && d->n_issues == 0)
        rc = pl_diag_set(diag, PL_ESCHEMA, 0, 0, "no issues in the input");
    if (rc != PL_OK) {
        pl_fc_data_free(d);
        return rc;
    }
    *out = d;
    return PL_OK;
}

static bool has_ext(const char *path, const char *ext)
{
    const size_t n = strlen(path), m = strlen(ext);
    return n > m && strcasecmp(path + n - m, ext) == 0;
}

pl_status pl_fc_load_file(const char *path, pl_fc_format fmt, pl_fc_data **out,
                          pl_diag *diag)
{
    char *buf;
    size_t len;
    pl_status rc;

    *out = NULL;
    rc = pl__read_file(path, PL_FC_MAX_BYTES, true, &buf, &len, diag);
    if (rc != PL_OK)
        return rc;
    if (fmt == PL_FC_AUTO && (has_ext(path, ".yaml") || has_ext(path, ".yml") ||
                              has_ext(path, ".json")))
        fmt = PL_FC_YAML;
    rc = pl_fc_load(buf ? buf : "", len, fmt, path, out, diag);
    pl__free(buf);
    return rc;
}

/* ---- the view the models use ---- */

void pl__fc_view_free(struct fc_view *v)
{
    pl__free(v->idx);
    pl__free(v->x);
    pl__free(v->w);
    pl__free(v->s);
    pl__free(v->c);
    memset(v, 0, sizeof *v);
}

pl_status pl__fc_view_init(const pl_fc_data *d, size_t issue, double g,
                           struct fc_view *v)
{
    const struct fc_issue *is = &d->issues[issue];
    const size_t m = is->n ? is->n : 1;
    double total = 0;

    memset(v, 0, sizeof *v);
    v->ref = is->ref;
    v->idx = pl__calloc(m, sizeof *v->idx);
    v->x = pl__calloc(m, sizeof *v->x);
    v->w = pl__calloc(m, sizeof *v->w);
    v->s = pl__calloc(m, sizeof *v->s);
    v->c = pl__calloc(m, sizeof *v->c);
    if (!v->idx || !v->x || !v->w || !v->s || !v->c) {
        pl__fc_view_free(v);
        return PL_ENOMEM;
    }
    for (size_t k = 0; k < is->n; k++) {
        const struct fc_actor *a = &d->actors[is->first + k];
        const double sal = isnan(a->sal) ? 0.0 : a->sal / 100.0;
        if (isnan(a->pos))
            continue;
        v->idx[v->n] = k;
        v->x[v->n] = a->pos;
        v->s[v->n] = sal;
        v->c[v->n] = a->cap;
        v->w[v->n] = sal > 0 ? a->cap * (g == 1.0 ? sal : pow(sal, g)) : 0;
        total += v->w[v->n];
        v->n++;
    }
    if (!(total > 0)) {
        /* Nobody's weight is positive: everyone with a position counts
         * equally (documented in forecast.h). */
        for (size_t k = 0; k < v->n; k++) {
            v->w[k] = 1.0;
            v->s[k] = 1.0;
            v->c[k] = 1.0;
        }
    }
    return PL_OK;
}
