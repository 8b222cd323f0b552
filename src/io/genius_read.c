/* GENIUS domain + profile files into a parley scenario, with GENIUS 10.4's
 * semantics (../shared/docs/genius-format.md; DESIGN.md section 5).
 *
 * The domain fixes the issues (keyed by their `index` attribute, kept in
 * document order) and their options: discrete values by text with
 * duplicates collapsed, integers lowerbound..upperbound, real ranges cut
 * into opts.real_steps points.  Each profile becomes one party with
 * `weights_as_written` and a clamp at 1, so pl_scenario_utility() computes
 * exactly GENIUS's min(1, sum_i w_i * e_i):
 *   - additive (no type, or UNCERTAIN): weights as written; every issue's
 *     values become a table holding GENIUS's evaluation e_i (discrete:
 *     evaluation / issue maximum, 0 if that maximum is below 1e-5;
 *     integer: clamp01(offset + slope * (x - lowerbound)); real linear:
 *     clamp01(p0 + p1 * x); constant; triangular).  UNCERTAIN metadata
 *     goes into the party description.
 *   - nonlinear (ANAC 2014): no issue terms; each hyper-rectangle becomes
 *     an interaction worth utility * weights / maxutility.  INCLUDES: the
 *     conditions are the bounds.  EXCLUDES: a constant term (interaction
 *     without conditions) plus the negated value when x lies inside every
 *     bound.  Nested ufuns with sum aggregation multiply their weights;
 *     min and max aggregation are refused.
 *   - constraint (Railway): refused (rank tables and zeroing rules are not
 *     an additive utility).
 * The DOM is small (genius_xml.c) and every lookup is by direct child, as
 * GENIUS's own getChildByTagName; discrete evaluations are matched by a
 * sorted index, so a profile costs O(items log items). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "emit.h"
#include "genius_xml.h"
#include "parley/genius.h"
#include "core/file.h"
#include "core/sort.h"

#define MAX_WARNINGS_PER_FILE 50u
#define MAX_FILE_BYTES PL_MAX_SCENARIO_BYTES

pl_genius_opts pl_genius_opts_default(void)
{
    pl_genius_opts o;

    o.real_steps = PL_GENIUS_REAL_STEPS;
    return o;
}

void pl_warnings_free(pl_warnings *w)
{
    if (!w)
        return;
    pl__free(w->items);
    w->items = NULL;
    w->n = 0;
}

typedef const struct pl__gx_node gnode;

enum gtype { G_DISCRETE, G_INTEGER, G_REAL };

/* Side information per scenario issue while loading. */
struct gissue {
    long index;       /* GENIUS issue index */
    enum gtype type;
    long long lo, hi; /* integer bounds */
};

struct gr {
    pl_scenario *s;
    struct gissue *gi;   /* n_issues */
    pl_diag *diag;
    pl_warnings *warn;
    const char *file;    /* current file name */
    unsigned n_warn_file;
    pl_genius_opts opts;
    bool oom_warn;
    /* work budget of one hyper-rectangle profile (untrusted input) */
    uint64_t rect_work;
};

/* Rectangles x options scanned per profile before PL_ETOOBIG: ANAC 2014's
 * largest profile needs about 10^4. */
#define MAX_RECT_WORK 20000000u

/* ---- messages ---- */

static pl_status fail(struct gr *G, pl_status st, gnode *n, const char *fmt,
                      ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static pl_status fail(struct gr *G, pl_status st, gnode *n, const char *fmt,
                      ...)
{
    va_list ap;

    if (!G->diag)
        return st;
    snprintf(G->diag->file, sizeof G->diag->file, "%s", G->file);
    G->diag->line = n ? n->line : 0;
    G->diag->column = n ? n->column : 0;
    va_start(ap, fmt);
    vsnprintf(G->diag->message, sizeof G->diag->message, fmt, ap);
    va_end(ap);
    return st;
}

static void warn(struct gr *G, gnode *n, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void warn(struct gr *G, gnode *n, const char *fmt, ...)
{
    pl_diag *items, *d;
    va_list ap;

    if (!G->warn || G->oom_warn)
        return;
    if (G->n_warn_file >= MAX_WARNINGS_PER_FILE) {
        if (G->n_warn_file++ > MAX_WARNINGS_PER_FILE)
            return;
        n = NULL;
        fmt = "further warnings for this file suppressed";
    } else {
        G->n_warn_file++;
    }
    items = pl__reallocarray(G->warn->items, G->warn->n + 1, sizeof *items);
    if (!items) {
        G->oom_warn = true;
        return;
    }
    G->warn->items = items;
    d = &items[G->warn->n++];
    memset(d, 0, sizeof *d);
    snprintf(d->file, sizeof d->file, "%s", G->file);
    d->line = n ? n->line : 0;
    d->column = n ? n->column : 0;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
}

/* ---- numbers, as Java's Double.parseDouble / Integer.parseInt ---- */

static const char *skip_ws(const char *t)
{
    while (*t && (unsigned char)*t <= ' ')
        t++;
    return t;
}

/* Decimal with optional sign, fraction, exponent and a Java f/d suffix;
 * surrounding whitespace allowed.  False for anything else or a
 * non-finite result. */
static bool parse_double(const char *t, double *out)
{
    char buf[64];
    size_t n = 0;
    const char *p;
    bool digits = false;
    double x;
    char *end;

    if (!t)
        return false;
    p = skip_ws(t);
    if (*p == '+' || *p == '-')
        buf[n++] = *p++;
    while (isdigit((unsigned char)*p) && n < sizeof buf - 8) {
        buf[n++] = *p++;
        digits = true;
    }
    if (*p == '.' && n < sizeof buf - 8) {
        buf[n++] = *p++;
        while (isdigit((unsigned char)*p) && n < sizeof buf - 8) {
            buf[n++] = *p++;
            digits = true;
        }
    }
    if (!digits)
        return false;
    if ((*p == 'e' || *p == 'E') && n < sizeof buf - 8) {
        buf[n++] = *p++;
        if (*p == '+' || *p == '-')
            buf[n++] = *p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p) && n < sizeof buf - 1)
            buf[n++] = *p++;
    }
    if (*p == 'f' || *p == 'F' || *p == 'd' || *p == 'D')
        p++;
    if (*skip_ws(p) != '\0' || n >= sizeof buf - 1)
        return false;
    buf[n] = '\0';
    x = strtod(buf, &end);
    if (*end != '\0' || !isfinite(x))
        return false;
    *out = x;
    return true;
}

static bool parse_long(const char *t, long long lo, long long hi,
                       long long *out)
{
    const char *p;
    long long x = 0;
    bool neg = false, digits = false;

    if (!t)
        return false;
    p = skip_ws(t);
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    while (isdigit((unsigned char)*p)) {
        if (x > (INT64_MAX - 9) / 10)
            return false;
        x = x * 10 + (*p++ - '0');
        digits = true;
    }
    if (!digits || *skip_ws(p) != '\0')
        return false;
    x = neg ? -x : x;
    if (x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

/* ---- ids ---- */

/* GENIUS name -> [a-z0-9_]+: lowercase, every other character (UTF-8
 * sequences count as one) becomes '_'.  Empty names become `dflt`. */
static char *make_id(const char *name, const char *dflt)
{
    const size_t n = name ? strlen(name) : 0;
    char *id = pl__malloc(n + strlen(dflt) + 1);
    size_t k = 0;

    if (!id)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const unsigned char c = (unsigned char)name[i];
        if (c >= 0x80 && (c & 0xC0) == 0x80)
            continue; /* UTF-8 continuation byte */
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            id[k++] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            id[k++] = (char)(c - 'A' + 'a');
        else
            id[k++] = '_';
    }
    if (k == 0) {
        memcpy(id, dflt, strlen(dflt));
        k = strlen(dflt);
    }
    id[k] = '\0';
    return id;
}

/* Make ids[j] unique among ids[0..j) by appending _2, _3, ...  Quadratic,
 * fine for issues and parties; options use uniquify_sorted. */
static pl_status uniquify(char **ids, size_t j)
{
    for (unsigned suffix = 2;; suffix++) {
        bool clash = false;
        for (size_t q = 0; q < j && !clash; q++)
            clash = strcmp(ids[q], ids[j]) == 0;
        if (!clash)
            return PL_OK;
        {
            const char *base = ids[j];
            char *alt;
            size_t n = strlen(base);
            /* strip a suffix we added before */
            if (suffix > 2) {
                const char *u = strrchr(base, '_');
                if (u)
                    n = (size_t)(u - base);
            }
            alt = pl__malloc(n + 16);
            if (!alt)
                return PL_ENOMEM;
            snprintf(alt, n + 16, "%.*s_%u", (int)n, base, suffix);
            pl__free(ids[j]);
            ids[j] = alt;
        }
    }
}

/* Make all n ids unique in one pass: an id already taken gets the first
 * free `_k` suffix, k counting up per base (amortised O(n); GENIUS
 * values such as "a!" and "a?" both become "a_"). */
struct slot {
    const char *key;
    unsigned next; /* next suffix to try for this base */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

/* Slot of `key` (found or empty) in a table of `cap` (a power of 2). */
static struct slot *slot_of(struct slot *tab, size_t cap, const char *key)
{
    size_t i = (size_t)hash_str(key) & (cap - 1);

    while (tab[i].key && strcmp(tab[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

static pl_status uniquify_all(char **ids, size_t n)
{
    size_t cap = 16;
    struct slot *tab;
    pl_status rc = PL_OK;

    while (cap < 4 * n + 4)
        cap *= 2;
    tab = pl__calloc(cap, sizeof *tab);
    if (!tab)
        return PL_ENOMEM;
    for (size_t j = 0; j < n && rc == PL_OK; j++) {
        struct slot *s = slot_of(tab, cap, ids[j]);
        if (s->key) {
            /* taken: try base_k from the base's counter */
            struct slot *base = s;
            const size_t len = strlen(ids[j]);
            char *alt = NULL;
            unsigned k = base->next ? base->next : 2;
            for (;; k++) {
                pl__free(alt);
                alt = pl__malloc(len + 16);
                if (!alt) {
                    rc = PL_ENOMEM;
                    break;
                }
                snprintf(alt, len + 16, "%s_%u", ids[j], k);
                if (!slot_of(tab, cap, alt)->key)
                    break;
            }
            if (rc != PL_OK)
                break;
            base->next = k + 1;
            pl__free(ids[j]);
            ids[j] = alt;
            s = slot_of(tab, cap, alt);
        }
        s->key = ids[j];
        s->next = 0;
    }
    pl__free(tab);
    return rc;
}

/* ---- tree walks ---- */

static bool named(gnode *n, const char *name)
{
    return strcmp(n->name, name) == 0;
}

/* Visit, in document order, every `issue` that is a child of `n` or of an
 * `objective` below it (nested objectives, or the flat legacy layout). */
typedef pl_status (*issue_fn)(struct gr *G, gnode *issue, void *ctx);

static pl_status walk_issues(struct gr *G, gnode *n, issue_fn fn, void *ctx,
                             unsigned depth)
{
    for (gnode *c = n->first; c; c = c->next) {
        pl_status rc = PL_OK;
        if (named(c, "issue"))
            rc = fn(G, c, ctx);
        else if (named(c, "objective") && depth < PL__GX_MAX_DEPTH)
            rc = walk_issues(G, c, fn, ctx, depth + 1);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

/* Last element named `name` that is a child of `n` or of an objective
 * below it (GENIUS repeats the search per level; the last found wins). */
static gnode *find_last(gnode *n, const char *name, unsigned depth)
{
    gnode *found = NULL;

    for (gnode *c = n->first; c; c = c->next) {
        if (named(c, name))
            found = c;
        else if (named(c, "objective") && depth < PL__GX_MAX_DEPTH) {
            gnode *f = find_last(c, name, depth + 1);
            if (f)
                found = f;
        }
    }
    return found;
}

static pl_status issue_type(struct gr *G, gnode *n, enum gtype *t)
{
    const char *type = pl__gx_attr(n, "type");
    const char *vtype = pl__gx_attr(n, "vtype");
    const char *use = type ? type : vtype;

    if (type && vtype && strcasecmp(type, vtype) != 0)
        warn(G, n, "issue type '%s' and vtype '%s' disagree; using type",
             type, vtype);
    if (!use || strcasecmp(use, "discrete") == 0)
        *t = G_DISCRETE;
    else if (strcasecmp(use, "integer") == 0)
        *t = G_INTEGER;
    else if (strcasecmp(use, "real") == 0)
        *t = G_REAL;
    else if (strcasecmp(use, "price") == 0)
        return fail(G, PL_ESCHEMA, n,
                    "unsupported issue type 'price' (legacy GENIUS 1-3; "
                    "GENIUS 10.4 cannot evaluate it either)");
    else
        return fail(G, PL_ESCHEMA, n,
                    "unknown issue type '%s': expected discrete, integer or "
                    "real",
                    use);
    return PL_OK;
}

static pl_status issue_index(struct gr *G, gnode *n, long *index)
{
    const char *t = pl__gx_attr(n, "index");
    long long x;

    if (!t)
        return fail(G, PL_ESCHEMA, n, "<issue> without an index attribute");
    if (!parse_long(t, INT32_MIN, INT32_MAX, &x))
        return fail(G, PL_ESCHEMA, n,
                    "issue index '%s' is not an integer", t);
    *index = (long)x;
    return PL_OK;
}

/* Integer bounds: attributes of the issue, else a <range> child. */
static pl_status int_bounds(struct gr *G, gnode *n, long long *lo,
                            long long *hi)
{
    const char *l = pl__gx_attr(n, "lowerbound");
    const char *h = pl__gx_attr(n, "upperbound");
    gnode *r = pl__gx_child(n, "range");
    gnode *at = n;

    if ((!l || !h) && r) {
        l = pl__gx_attr(r, "lowerbound");
        h = pl__gx_attr(r, "upperbound");
        at = r;
    }
    if (!l || !h)
        return fail(G, PL_ESCHEMA, n,
                    "integer issue without lowerbound and upperbound");
    if (!parse_long(l, -(1LL << 53), 1LL << 53, lo))
        return fail(G, PL_ESCHEMA, at,
                    "integer lowerbound '%s' is not an integer", l);
    if (!parse_long(h, -(1LL << 53), 1LL << 53, hi))
        return fail(G, PL_ESCHEMA, at,
                    "integer upperbound '%s' is not an integer", h);
    if (*hi < *lo)
        return fail(G, PL_ESCHEMA, at,
                    "integer upperbound %lld is below lowerbound %lld", *hi,
                    *lo);
    return PL_OK;
}

/* Real bounds: a <range> child, else attributes of the issue. */
static pl_status real_bounds(struct gr *G, gnode *n, double *lo, double *hi)
{
    gnode *r = pl__gx_child(n, "range");
    gnode *at = r ? r : n;
    const char *l = pl__gx_attr(at, "lowerbound");
    const char *h = pl__gx_attr(at, "upperbound");

    if (!l || !h)
        return fail(G, PL_ESCHEMA, n,
                    "real issue without a <range lowerbound upperbound>");
    if (!parse_double(l, lo))
        return fail(G, PL_ESCHEMA, at, "real lowerbound '%s' is not a number",
                    l);
    if (!parse_double(h, hi))
        return fail(G, PL_ESCHEMA, at, "real upperbound '%s' is not a number",
                    h);
    if (*hi < *lo)
        return fail(G, PL_ESCHEMA, at,
                    "real upperbound %.17g is below lowerbound %.17g", *hi,
                    *lo);
    if (!isfinite(*hi - *lo))
        return fail(G, PL_ESCHEMA, at, "real range too wide to represent");
    return PL_OK;
}

/* ---- domain ---- */

struct dom_ctx {
    gnode **issues;
    size_t n, cap;
};

static pl_status collect_issue(struct gr *G, gnode *n, void *ctx)
{
    struct dom_ctx *c = ctx;

    if (c->n == c->cap) {
        const size_t cap = c->cap ? c->cap * 2 : 16;
        gnode **a = pl__reallocarray((void *)c->issues, cap, sizeof *a);
        if (!a)
            return PL_ENOMEM;
        c->issues = a;
        c->cap = cap;
    }
    if (c->n >= PL_MAX_ISSUES)
        return fail(G, PL_ETOOBIG, n, "more than %u issues", PL_MAX_ISSUES);
    c->issues[c->n++] = n;
    return PL_OK;
}

/* Numeric option: id is the shortest round-trip text, as parley/1's. */
static pl_status set_number_option(struct pl__option *o, double v)
{
    char buf[32];

    o->value = v;
    o->id = pl__strdup(pl__fmt_double(v, buf));
    if (!o->id)
        return PL_ENOMEM;
    o->name = o->id;
    return PL_OK;
}

static pl_status load_discrete(struct gr *G, struct pl__issue *is, gnode *n)
{
    size_t m = 0, k = 0;
    struct pl__strpos *refs;
    char **ids;
    pl_status rc = PL_OK;

    for (gnode *c = n->first; c; c = c->next)
        if (named(c, "item")) {
            if (!pl__gx_attr(c, "value"))
                return fail(G, PL_ESCHEMA, c, "<item> without a value");
            m++;
        }
    if (m == 0)
        return fail(G, PL_ESCHEMA, n, "discrete issue '%s' has no <item>",
                    is->name);
    if (m > PL_MAX_OPTIONS)
        return fail(G, PL_ETOOBIG, n, "more than %u values in issue '%s'",
                    PL_MAX_OPTIONS, is->name);
    refs = pl__calloc(m, sizeof *refs);
    if (!refs)
        return PL_ENOMEM;
    for (gnode *c = n->first; c; c = c->next)
        if (named(c, "item")) {
            refs[k].s = pl__gx_attr(c, "value");
            refs[k].pos = k;
            k++;
        }
    /* duplicates: keep the first occurrence, in document order */
    pl__qsort(refs, m, sizeof *refs, pl__strpos_cmp);
    {
        size_t kept = 0;
        uint8_t *dup = pl__calloc(m, 1);
        if (!dup) {
            pl__free(refs);
            return PL_ENOMEM;
        }
        for (size_t j = 0; j < m; j++) {
            if (j > 0 && strcmp(refs[j].s, refs[j - 1].s) == 0) {
                dup[refs[j].pos] = 1;
                warn(G, n, "issue '%s': value '%s' listed more than once; "
                           "GENIUS compares values by text, so it counts "
                           "once",
                     is->name, refs[j].s);
            } else {
                kept++;
            }
        }
        is->options = pl__calloc(kept, sizeof *is->options);
        ids = pl__calloc(kept, sizeof *ids);
        if (!is->options || !ids) {
            pl__free(dup);
            pl__free(refs);
            pl__free(ids);
            return PL_ENOMEM;
        }
        k = 0;
        for (gnode *c = n->first; c; c = c->next) {
            if (!named(c, "item"))
                continue;
            if (!dup[k]) {
                struct pl__option *o = &is->options[is->n_options];
                o->name = pl__strdup(pl__gx_attr(c, "value"));
                ids[is->n_options] = o->name ? make_id(o->name, "v") : NULL;
                o->value = (double)is->n_options;
                is->n_options++;
                if (!o->name || !ids[is->n_options - 1]) {
                    rc = PL_ENOMEM;
                    break;
                }
            }
            k++;
        }
        pl__free(dup);
    }
    if (rc == PL_OK)
        rc = uniquify_all(ids, is->n_options);
    for (uint32_t j = 0; j < is->n_options; j++) {
        if (rc == PL_OK) {
            is->options[j].id = ids[j];
            if (strcmp(is->options[j].name, ids[j]) == 0) {
                pl__free(is->options[j].name);
                is->options[j].name = ids[j];
            }
        } else {
            pl__free(ids[j]);
        }
    }
    pl__free(ids);
    pl__free(refs);
    is->named_options = true;
    return rc;
}

static pl_status load_domain_issue(struct gr *G, uint32_t i, gnode *n)
{
    struct pl__issue *is = &G->s->issues[i];
    struct gissue *g = &G->gi[i];
    const char *name = pl__gx_attr(n, "name");
    char buf[32];
    pl_status rc;

    rc = issue_index(G, n, &g->index);
    if (rc == PL_OK)
        rc = issue_type(G, n, &g->type);
    if (rc != PL_OK)
        return rc;
    for (uint32_t j = 0; j < i; j++)
        if (G->gi[j].index == g->index)
            return fail(G, PL_ESCHEMA, n,
                        "two issues with index %ld ('%s' and '%s')",
                        g->index, G->s->issues[j].name, name ? name : "");
    if (!name || !*name) {
        snprintf(buf, sizeof buf, "issue%ld", g->index);
        name = buf;
    }
    is->name = pl__strdup(name);
    if (!is->name)
        return PL_ENOMEM;
    switch (g->type) {
    case G_DISCRETE:
        is->kind = PL_ISSUE_CATEGORICAL;
        return load_discrete(G, is, n);
    case G_INTEGER: {
        rc = int_bounds(G, n, &g->lo, &g->hi);
        if (rc != PL_OK)
            return rc;
        if (g->hi - g->lo >= (long long)PL_MAX_OPTIONS)
            return fail(G, PL_ETOOBIG, n,
                        "integer issue '%s' has %lld values, more than %u",
                        is->name, g->hi - g->lo + 1, PL_MAX_OPTIONS);
        is->kind = PL_ISSUE_INTEGER;
        is->min = (double)g->lo;
        is->max = (double)g->hi;
        is->step = 1;
        is->options = pl__calloc((size_t)(g->hi - g->lo + 1),
                                 sizeof *is->options);
        if (!is->options)
            return PL_ENOMEM;
        for (long long x = g->lo; x <= g->hi; x++) {
            rc = set_number_option(&is->options[is->n_options], (double)x);
            if (rc != PL_OK)
                return rc;
            is->n_options++;
        }
        return PL_OK;
    }
    case G_REAL: {
        double lo, hi;
        uint32_t steps = G->opts.real_steps;
        rc = real_bounds(G, n, &lo, &hi);
        if (rc != PL_OK)
            return rc;
        if (lo == hi)
            steps = 1;
        is->kind = PL_ISSUE_REAL;
        is->min = lo;
        is->max = hi;
        is->steps = steps;
        is->options = pl__calloc(steps, sizeof *is->options);
        if (!is->options)
            return PL_ENOMEM;
        for (uint32_t k = 0; k < steps; k++) {
            /* as the parley/1 loader: option k = lo + k*(hi-lo)/(steps-1),
             * the last exactly hi */
            const double v = k + 1 == steps
                                 ? hi
                                 : lo + k * (hi - lo) / (double)(steps - 1);
            if (k > 0 && !(v > is->options[k - 1].value))
                return fail(G, PL_ESCHEMA, n,
                            "real issue '%s' is too narrow for %u distinct "
                            "steps",
                            is->name, steps);
            rc = set_number_option(&is->options[k], v);
            if (rc != PL_OK)
                return rc;
            is->n_options++;
        }
        return PL_OK;
    }
    }
    return PL_OK;
}

static pl_status load_domain(struct gr *G, gnode *root, const char *base)
{
    pl_scenario *s = G->s;
    struct dom_ctx c = {NULL, 0, 0};
    gnode *us, *obj;
    char **ids = NULL;
    pl_status rc;
    uint64_t total = 0;

    if (named(root, "utility_space"))
        return fail(G, PL_ESCHEMA, root,
                    "this is a GENIUS profile (root <utility_space>), not a "
                    "domain: expected <negotiation_template> with a "
                    "<utility_space> child");
    us = pl__gx_child(root, "utility_space");
    if (!us)
        return fail(G, PL_ESCHEMA, root,
                    "not a GENIUS domain: <%s> has no <utility_space> child",
                    root->name);
    rc = walk_issues(G, us, collect_issue, &c, 0);
    if (rc == PL_OK && c.n == 0)
        rc = fail(G, PL_ESCHEMA, us, "the domain has no <issue>");
    if (rc != PL_OK)
        goto done;
    obj = pl__gx_child(us, "objective");
    s->name = pl__strdup(obj && pl__gx_attr(obj, "name") &&
                                 *pl__gx_attr(obj, "name")
                             ? pl__gx_attr(obj, "name")
                             : base);
    s->issues = pl__calloc(c.n, sizeof *s->issues);
    G->gi = pl__calloc(c.n, sizeof *G->gi);
    ids = pl__calloc(c.n, sizeof *ids);
    if (!s->name || !s->issues || !G->gi || !ids) {
        rc = PL_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < c.n && rc == PL_OK; i++) {
        s->n_issues = (uint32_t)i + 1;
        rc = load_domain_issue(G, (uint32_t)i, c.issues[i]);
        if (rc == PL_OK) {
            total += s->issues[i].n_options;
            if (total > PL_MAX_TOTAL_OPTIONS)
                rc = fail(G, PL_ETOOBIG, c.issues[i],
                          "more than %u options over all issues",
                          PL_MAX_TOTAL_OPTIONS);
        }
        if (rc == PL_OK) {
            ids[i] = make_id(s->issues[i].name, "issue");
            if (!ids[i])
                rc = PL_ENOMEM;
        }
        if (rc == PL_OK)
            rc = uniquify(ids, i);
    }
    for (size_t i = 0; i < c.n; i++) {
        struct pl__issue *is = &s->issues[i];
        if (rc == PL_OK && is->name && strcmp(is->name, ids[i]) == 0) {
            pl__free(is->name);
            is->name = ids[i];
        }
        if (rc == PL_OK)
            is->id = ids[i];
        else
            pl__free(ids[i]);
    }
done:
    pl__free(ids);
    pl__free((void *)c.issues);
    return rc;
}

/* ---- profiles ---- */

struct prof_issue {
    long index;
    gnode *node;
};

struct prof_ctx {
    struct prof_issue *v;
    size_t n, cap;
};

static pl_status collect_prof_issue(struct gr *G, gnode *n, void *ctx)
{
    struct prof_ctx *c = ctx;
    long index = 0; /* set whenever issue_index succeeds */
    pl_status rc = issue_index(G, n, &index);

    if (rc != PL_OK)
        return rc;
    for (size_t j = 0; j < c->n; j++)
        if (c->v[j].index == index)
            return fail(G, PL_ESCHEMA, n,
                        "two issues with index %ld in this profile", index);
    if (c->n >= PL_MAX_ISSUES)
        return fail(G, PL_ETOOBIG, n, "more than %u issues", PL_MAX_ISSUES);
    if (c->n == c->cap) {
        const size_t cap = c->cap ? c->cap * 2 : 16;
        struct prof_issue *a = pl__reallocarray(c->v, cap, sizeof *a);
        if (!a)
            return PL_ENOMEM;
        c->v = a;
        c->cap = cap;
    }
    c->v[c->n].index = index;
    c->v[c->n].node = n;
    c->n++;
    return PL_OK;
}

/* Weight elements of `n` and of objectives below it, by issue index. */
struct weights {
    long *index;
    double *value;
    gnode **node;
    size_t n, cap;
};

static pl_status collect_weights(struct gr *G, gnode *n, struct weights *w,
                                 unsigned depth)
{
    for (gnode *c = n->first; c; c = c->next) {
        if (named(c, "objective") && depth < PL__GX_MAX_DEPTH) {
            const pl_status rc = collect_weights(G, c, w, depth + 1);
            if (rc != PL_OK)
                return rc;
            continue;
        }
        if (!named(c, "weight"))
            continue;
        {
            const char *it = pl__gx_attr(c, "index");
            const char *vt = pl__gx_attr(c, "value");
            long long index;
            double v;
            if (!it || !parse_long(it, INT32_MIN, INT32_MAX, &index))
                return fail(G, PL_ESCHEMA, c,
                            "<weight> needs an integer index, got '%s'",
                            it ? it : "(none)");
            if (!vt || !parse_double(vt, &v))
                return fail(G, PL_ESCHEMA, c,
                            "weight of issue %lld: '%s' is not a number",
                            index, vt ? vt : "(none)");
            if (v < 0)
                return fail(G, PL_ESCHEMA, c,
                            "weight of issue %lld is negative (%.17g)", index,
                            v);
            if (w->n == w->cap) {
                const size_t cap = w->cap ? w->cap * 2 : 16;
                long *a = pl__reallocarray(w->index, cap, sizeof *a);
                double *b;
                gnode **d;
                if (!a)
                    return PL_ENOMEM;
                w->index = a;
                b = pl__reallocarray(w->value, cap, sizeof *b);
                if (!b)
                    return PL_ENOMEM;
                w->value = b;
                d = pl__reallocarray((void *)w->node, cap, sizeof *d);
                if (!d)
                    return PL_ENOMEM;
                w->node = d;
                w->cap = cap;
                if (w->cap > 100000)
                    return fail(G, PL_ETOOBIG, c, "too many <weight>s");
            }
            w->index[w->n] = (long)index;
            w->value[w->n] = v;
            w->node[w->n] = c;
            w->n++;
        }
    }
    return PL_OK;
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

struct eref {
    const char *value;
    double eval;
    bool set;
    size_t order;
    gnode *node;
};

static int eref_cmp(const void *a, const void *b)
{
    const struct eref *x = a, *y = b;
    const int c = strcmp(x->value, y->value);

    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static pl_status prof_discrete(struct gr *G, uint32_t i, gnode *pn,
                               double *v)
{
    const struct pl__issue *is = &G->s->issues[i];
    struct eref *e;
    size_t m = 0, k = 0;
    double mx = 0;

    for (gnode *c = pn->first; c; c = c->next)
        m += named(c, "item");
    e = pl__calloc(m ? m : 1, sizeof *e);
    if (!e)
        return PL_ENOMEM;
    for (gnode *c = pn->first; c; c = c->next) {
        const char *ev;
        if (!named(c, "item"))
            continue;
        e[k].value = pl__gx_attr(c, "value");
        e[k].order = k;
        e[k].node = c;
        if (!e[k].value) {
            pl__free(e);
            return fail(G, PL_ESCHEMA, c, "<item> without a value");
        }
        ev = pl__gx_attr(c, "evaluation");
        if (ev && strcmp(ev, "null") != 0) {
            if (!parse_double(ev, &e[k].eval)) {
                fail(G, PL_ESCHEMA, c,
                     "evaluation '%s' of value '%s' is not a number", ev,
                     e[k].value);
                pl__free(e);
                return PL_ESCHEMA;
            }
            if (e[k].eval < 0) {
                fail(G, PL_ESCHEMA, c,
                     "evaluation %.17g of value '%s' is negative", e[k].eval,
                     e[k].value);
                pl__free(e);
                return PL_ESCHEMA;
            }
            e[k].set = true;
        }
        k++;
    }
    pl__qsort(e, m, sizeof *e, eref_cmp);
    /* duplicates: the last one wins (GENIUS keeps a map value -> eval) */
    for (size_t j = 0; j + 1 < m; j++)
        if (strcmp(e[j].value, e[j + 1].value) == 0) {
            warn(G, e[j + 1].node,
                 "issue '%s': value '%s' evaluated more than once; the last "
                 "one counts",
                 is->name, e[j].value);
            e[j].set = false;
        }
    for (size_t j = 0; j < m; j++)
        if (e[j].set && e[j].eval > mx)
            mx = e[j].eval;
    /* evaluation / maximum; GENIUS returns 0 when the maximum < 1e-5 */
    for (uint32_t o = 0; o < is->n_options; o++) {
        struct eref key;
        struct eref *hit = NULL;
        size_t lo = 0, hi = m;
        key.value = is->options[o].name;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            const int c = strcmp(e[mid].value, key.value);
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        /* last of an equal run */
        while (lo < m && strcmp(e[lo].value, key.value) == 0) {
            hit = &e[lo];
            lo++;
        }
        if (!hit || !hit->set) {
            warn(G, pn, "issue '%s': value '%s' has no evaluation (GENIUS "
                        "throws when it is evaluated); using 0",
                 is->name, is->options[o].name);
            v[o] = 0;
        } else {
            v[o] = mx < 1e-5 ? 0 : hit->eval / mx;
        }
    }
    /* values the profile evaluates that the domain lacks */
    {
        const char **names = pl__calloc(is->n_options, sizeof *names);
        if (!names) {
            pl__free(e);
            return PL_ENOMEM;
        }
        for (uint32_t o = 0; o < is->n_options; o++)
            names[o] = is->options[o].name;
        pl__qsort((void *)names, is->n_options, sizeof *names, name_cmp);
        for (size_t j = 0; j < m; j++) {
            if (j > 0 && strcmp(e[j].value, e[j - 1].value) == 0)
                continue;
            if (!bsearch(&e[j].value, (void *)names, is->n_options,
                         sizeof *names, name_cmp))
                warn(G, e[j].node,
                     "issue '%s': value '%s' is not in the domain "
                     "(ignored; its evaluation still counts towards the "
                     "issue's maximum, as in GENIUS)",
                     is->name, e[j].value);
        }
        pl__free((void *)names);
    }
    pl__free(e);
    return PL_OK;
}

static pl_status attr_num(struct gr *G, gnode *n, const char *name,
                          double *x)
{
    const char *t = pl__gx_attr(n, name);

    if (!t)
        return fail(G, PL_ESCHEMA, n, "<%s> needs a %s attribute", n->name,
                    name);
    if (!parse_double(t, x))
        return fail(G, PL_ESCHEMA, n, "%s '%s' is not a number", name, t);
    return PL_OK;
}

static pl_status prof_integer(struct gr *G, uint32_t i, gnode *pn,
                              double *v)
{
    const struct pl__issue *is = &G->s->issues[i];
    gnode *ev = pl__gx_child(pn, "evaluator");
    const char *ft;
    long long lo = G->gi[i].lo, hi;
    double offset, slope;
    pl_status rc;

    if (!ev)
        return fail(G, PL_ESCHEMA, pn,
                    "integer issue '%s' has no <evaluator>", is->name);
    ft = pl__gx_attr(ev, "ftype");
    if (ft && strcasecmp(ft, "linear") != 0)
        return fail(G, PL_ESCHEMA, ev,
                    "unsupported evaluator ftype '%s' for integer issue "
                    "'%s': GENIUS integer evaluators are linear",
                    ft, is->name);
    if (pl__gx_attr(ev, "slope") || pl__gx_attr(ev, "offset")) {
        /* e = clamp01(offset + slope * (x - lowerbound)), lowerbound as
         * the profile's issue element says (GENIUS re-reads it there) */
        rc = attr_num(G, ev, "offset", &offset);
        if (rc == PL_OK)
            rc = attr_num(G, ev, "slope", &slope);
        if (rc == PL_OK && pl__gx_attr(pn, "lowerbound"))
            rc = int_bounds(G, pn, &lo, &hi);
        if (rc != PL_OK)
            return rc;
        for (uint32_t k = 0; k < is->n_options; k++) {
            const long long x = G->gi[i].lo + k;
            v[k] = clamp01(offset + slope * (double)(x - lo));
        }
        return PL_OK;
    }
    /* old form (web_service): parameter0 + parameter1 * x, as the real
     * linear evaluator; GENIUS 10.4 itself cannot load it */
    rc = attr_num(G, ev, "parameter0", &offset);
    if (rc == PL_OK)
        rc = attr_num(G, ev, "parameter1", &slope);
    if (rc != PL_OK)
        return rc;
    warn(G, ev, "integer issue '%s': old parameter0/parameter1 evaluator "
                "read as p0 + p1 * x (GENIUS 10.4 cannot load this form)",
         is->name);
    for (uint32_t k = 0; k < is->n_options; k++)
        v[k] = clamp01(offset + slope * is->options[k].value);
    return PL_OK;
}

static double triangular(double x, double low, double high, double top)
{
    if (x < low || x > high)
        return 0;
    if (x == top)
        return 1;
    if (x < top)
        return (x - low) / (top - low);
    return (high - x) / (high - top);
}

static pl_status prof_real(struct gr *G, uint32_t i, gnode *pn, double *v)
{
    const struct pl__issue *is = &G->s->issues[i];
    gnode *ev = pl__gx_child(pn, "evaluator");
    const char *ft;
    double p0 = 0, p1 = 0, p2 = 0;
    pl_status rc;

    if (!ev)
        return fail(G, PL_ESCHEMA, pn, "real issue '%s' has no <evaluator>",
                    is->name);
    ft = pl__gx_attr(ev, "ftype");
    if (!ft)
        return fail(G, PL_ESCHEMA, ev, "<evaluator> without an ftype");
    if (strcasecmp(ft, "linear") == 0) {
        rc = attr_num(G, ev, "parameter0", &p0);
        if (rc == PL_OK)
            rc = attr_num(G, ev, "parameter1", &p1);
        if (rc != PL_OK)
            return rc;
        for (uint32_t k = 0; k < is->n_options; k++)
            v[k] = clamp01(p0 + p1 * is->options[k].value);
    } else if (strcasecmp(ft, "constant") == 0) {
        rc = attr_num(G, ev, "parameter0", &p0);
        if (rc != PL_OK)
            return rc;
        if (p0 < 0 || p0 > 1)
            warn(G, ev, "constant evaluation %.17g of issue '%s' is outside "
                        "[0, 1]",
                 p0, is->name);
        for (uint32_t k = 0; k < is->n_options; k++)
            v[k] = p0;
    } else if (strcasecmp(ft, "triangular") == 0) {
        rc = attr_num(G, ev, "parameter0", &p0);
        if (rc == PL_OK)
            rc = attr_num(G, ev, "parameter1", &p1);
        if (rc == PL_OK)
            rc = attr_num(G, ev, "parameter2", &p2);
        if (rc != PL_OK)
            return rc;
        if (!(p0 <= p2 && p2 <= p1))
            return fail(G, PL_ESCHEMA, ev,
                        "triangular evaluator of issue '%s' needs low <= top "
                        "<= high (parameter0 <= parameter2 <= parameter1)",
                        is->name);
        for (uint32_t k = 0; k < is->n_options; k++)
            v[k] = triangular(is->options[k].value, p0, p1, p2);
    } else {
        return fail(G, PL_ESCHEMA, ev,
                    "unsupported real evaluator ftype '%s' (expected "
                    "linear, constant or triangular)",
                    ft);
    }
    return PL_OK;
}

static struct prof_issue *find_prof_issue(struct prof_ctx *pc, long index)
{
    for (size_t j = 0; j < pc->n; j++)
        if (pc->v[j].index == index)
            return &pc->v[j];
    return NULL;
}

static pl_status load_additive(struct gr *G, struct pl__party *pa,
                               gnode *us, struct prof_ctx *pc)
{
    pl_scenario *s = G->s;
    struct weights w = {NULL, NULL, NULL, 0, 0};
    double total = 0;
    pl_status rc = collect_weights(G, us, &w, 0);

    for (uint32_t i = 0; i < s->n_issues && rc == PL_OK; i++) {
        const struct gissue *g = &G->gi[i];
        struct prof_issue *pi = find_prof_issue(pc, g->index);
        gnode *wn = NULL;
        enum gtype t;
        const char *pname;

        for (size_t j = 0; j < w.n; j++)
            if (w.index[j] == g->index) {
                if (wn)
                    warn(G, w.node[j], "issue %ld has more than one weight; "
                                       "the last one counts",
                         g->index);
                wn = w.node[j];
                pa->weight_raw[i] = w.value[j];
            }
        pa->fn[i].kind = PL__VALUE_TABLE;
        if (!pi) {
            warn(G, us, "issue '%s' (index %ld) is not in this profile; it "
                        "is worth 0",
                 s->issues[i].name, g->index);
            pa->weight_raw[i] = 0;
            continue;
        }
        if (!wn)
            warn(G, pi->node, "issue '%s' (index %ld) has no weight; using 0",
                 s->issues[i].name, g->index);
        pname = pl__gx_attr(pi->node, "name");
        if (pname && strcmp(pname, s->issues[i].name) != 0 &&
            !(strncmp(s->issues[i].name, "issue", 5) == 0 && !*pname))
            warn(G, pi->node, "issue %ld is '%s' in the domain but '%s' "
                              "here (matched by index, as GENIUS does)",
                 g->index, s->issues[i].name, pname);
        rc = issue_type(G, pi->node, &t);
        if (rc != PL_OK)
            break;
        if (t != g->type) {
            rc = fail(G, PL_ESCHEMA, pi->node,
                      "issue %ld has a different type here than in the "
                      "domain",
                      g->index);
            break;
        }
        if (t == G_DISCRETE)
            rc = prof_discrete(G, i, pi->node, pa->v[i]);
        else if (t == G_INTEGER)
            rc = prof_integer(G, i, pi->node, pa->v[i]);
        else
            rc = prof_real(G, i, pi->node, pa->v[i]);
    }
    for (size_t j = 0; j < w.n && rc == PL_OK; j++) {
        bool known = false;
        for (uint32_t i = 0; i < s->n_issues && !known; i++)
            known = G->gi[i].index == w.index[j];
        if (!known)
            warn(G, w.node[j], "weight for index %ld, which is no issue of "
                               "the domain (ignored)",
                 w.index[j]);
    }
    for (uint32_t i = 0; i < s->n_issues && rc == PL_OK; i++)
        total += pa->weight_raw[i];
    if (rc == PL_OK && total == 0)
        warn(G, us, "placeholder profile: every weight is 0, so the utility "
                    "is 0 for every outcome");
    else if (rc == PL_OK && fabs(total - 1) > 1e-3)
        warn(G, us, "weights sum to %.6g, not 1; GENIUS uses them as written "
                    "(and clamps the utility at 1)",
             total);
    pl__free(w.index);
    pl__free(w.value);
    pl__free((void *)w.node);
    return rc;
}

/* ---- non-linear (hyper-rectangles) ---- */

static uint32_t issue_by_index(const struct gr *G, long index)
{
    for (uint32_t i = 0; i < G->s->n_issues; i++)
        if (G->gi[i].index == index)
            return i;
    return UINT32_MAX;
}

static pl_status add_clause(struct gr *G, struct pl__party *pa, gnode *at,
                            struct pl__clause *c)
{
    struct pl__clause *a;

    if (pa->n_interactions >= PL_MAX_CLAUSES)
        return fail(G, PL_ETOOBIG, at,
                    "more than %u hyper-rectangle terms", PL_MAX_CLAUSES);
    a = pl__reallocarray(pa->interactions, pa->n_interactions + 1,
                         sizeof *a);
    if (!a)
        return PL_ENOMEM;
    pa->interactions = a;
    a[pa->n_interactions++] = *c;
    return PL_OK;
}

static void free_clause(struct pl__clause *c)
{
    for (uint32_t q = 0; q < c->n_conds; q++)
        pl__free(c->conds[q].allowed);
    pl__free(c->conds);
    c->conds = NULL;
    c->n_conds = 0;
}

/* The bounds of a rectangle as one clause "x inside every bound" (an
 * issue bounded twice gets the intersection).  *empty: some bound admits
 * no option. */
static pl_status rect_clause(struct gr *G, gnode *r, const char *kind,
                             struct pl__clause *c, bool *empty)
{
    *empty = false;
    memset(c, 0, sizeof *c);
    for (gnode *b = r->first; b; b = b->next) {
        const char *it;
        long long index;
        double mn, mx;
        uint32_t i, q;
        pl_status rc;

        if (!named(b, kind))
            continue;
        it = pl__gx_attr(b, "index");
        if (!it || !parse_long(it, INT32_MIN, INT32_MAX, &index)) {
            free_clause(c);
            return fail(G, PL_ESCHEMA, b, "<%s> needs an integer index",
                        kind);
        }
        i = issue_by_index(G, (long)index);
        if (i == UINT32_MAX) {
            free_clause(c);
            return fail(G, PL_ESCHEMA, b,
                        "<%s index=\"%lld\">: the domain has no issue %lld",
                        kind, index, index);
        }
        G->rect_work += G->s->issues[i].n_options + 1;
        if (G->rect_work > MAX_RECT_WORK) {
            free_clause(c);
            return fail(G, PL_ETOOBIG, b,
                        "too many hyper-rectangle bounds (more than %u "
                        "options scanned)",
                        MAX_RECT_WORK);
        }
        if (G->gi[i].type == G_DISCRETE) {
            free_clause(c);
            return fail(G, PL_ESCHEMA, b,
                        "<%s> bounds discrete issue '%s'; hyper-rectangles "
                        "need integer or real issues",
                        kind, G->s->issues[i].name);
        }
        rc = attr_num(G, b, "min", &mn);
        if (rc == PL_OK)
            rc = attr_num(G, b, "max", &mx);
        if (rc != PL_OK) {
            free_clause(c);
            return rc;
        }
        for (q = 0; q < c->n_conds && c->conds[q].issue != i; q++)
            ;
        if (q == c->n_conds) {
            struct pl__cond *a = pl__reallocarray(c->conds, c->n_conds + 1,
                                                  sizeof *a);
            if (!a) {
                free_clause(c);
                return PL_ENOMEM;
            }
            c->conds = a;
            a[q].issue = i;
            a[q].allowed = pl__malloc(G->s->issues[i].n_options);
            if (!a[q].allowed) {
                free_clause(c);
                return PL_ENOMEM;
            }
            memset(a[q].allowed, 1, G->s->issues[i].n_options);
            c->n_conds++;
        }
        {
            bool any = false;
            for (uint32_t k = 0; k < G->s->issues[i].n_options; k++) {
                const double x = G->s->issues[i].options[k].value;
                if (!(mn <= x && x <= mx))
                    c->conds[q].allowed[k] = 0;
                any |= c->conds[q].allowed[k] != 0;
            }
            if (!any)
                *empty = true;
        }
    }
    return PL_OK;
}

static pl_status load_rect(struct gr *G, struct pl__party *pa, gnode *r,
                           double scale)
{
    double u, w = 1;
    bool inc = false, exc = false, empty;
    struct pl__clause c;
    pl_status rc = attr_num(G, r, "utility", &u);

    if (rc == PL_OK && pl__gx_attr(r, "weight"))
        rc = attr_num(G, r, "weight", &w);
    if (rc != PL_OK)
        return rc;
    for (gnode *b = r->first; b; b = b->next) {
        inc |= named(b, "INCLUDES");
        exc |= named(b, "EXCLUDES");
    }
    if (inc && exc)
        return fail(G, PL_ESCHEMA, r,
                    "unsupported: a hyperRectangle with both INCLUDES and "
                    "EXCLUDES");
    u = u * w * scale;
    rc = rect_clause(G, r, exc ? "EXCLUDES" : "INCLUDES", &c, &empty);
    if (rc != PL_OK)
        return rc;
    if (!exc) {
        /* u when inside every bound (always, without bounds) */
        c.value = u;
        if (empty || u == 0) {
            free_clause(&c);
            return PL_OK;
        }
        rc = add_clause(G, pa, r, &c);
        if (rc != PL_OK)
            free_clause(&c);
        return rc;
    }
    /* EXCLUDES: u unless inside every bound = u + (-u if inside) */
    {
        struct pl__clause k = {0, NULL, u};
        if (u == 0) {
            free_clause(&c);
            return PL_OK;
        }
        rc = add_clause(G, pa, r, &k);
        if (rc != PL_OK || empty) {
            free_clause(&c);
            return rc;
        }
        c.value = -u;
        rc = add_clause(G, pa, r, &c);
        if (rc != PL_OK)
            free_clause(&c);
        return rc;
    }
}

/* A ufun (or the <utility> element): children hyperRectangles and ufuns,
 * summed; each child scaled by its weight. */
static pl_status load_ufun(struct gr *G, struct pl__party *pa, gnode *u,
                           double scale, unsigned depth)
{
    const char *agg = pl__gx_attr(u, "aggregation");

    if (agg && strcasecmp(agg, "sum") != 0)
        return fail(G, PL_ESCHEMA, u,
                    "unsupported ufun aggregation '%s': parley reads sum "
                    "(every shipped GENIUS file uses it)",
                    agg);
    for (gnode *c = u->first; c; c = c->next) {
        pl_status rc = PL_OK;
        if (named(c, "hyperRectangle")) {
            G->rect_work += 16;
            if (G->rect_work > MAX_RECT_WORK)
                return fail(G, PL_ETOOBIG, c, "too many hyperRectangles");
            rc = load_rect(G, pa, c, scale);
        } else if (named(c, "ufun")) {
            double w = 1;
            if (pl__gx_attr(c, "weight"))
                rc = attr_num(G, c, "weight", &w);
            if (rc == PL_OK && depth >= 8)
                rc = fail(G, PL_ETOOBIG, c, "ufuns nested too deeply");
            if (rc == PL_OK)
                rc = load_ufun(G, pa, c, scale * w, depth + 1);
        }
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

static pl_status load_nonlinear(struct gr *G, struct pl__party *pa,
                                gnode *us)
{
    gnode *first = us->first;
    gnode *u = first ? pl__gx_child(first, "utility") : NULL;
    double maxu;
    pl_status rc;

    if (!u)
        return fail(G, PL_ESCHEMA, first ? first : us,
                    "nonlinear profile without <utility> inside its first "
                    "element (the objective)");
    rc = attr_num(G, u, "maxutility", &maxu);
    if (rc != PL_OK)
        return rc;
    if (!(maxu > 0))
        return fail(G, PL_ESCHEMA, u, "maxutility must be positive, got "
                                      "%.17g",
                    maxu);
    for (uint32_t i = 0; i < G->s->n_issues; i++)
        pa->fn[i].kind = PL__VALUE_NONE;
    G->rect_work = 0;
    return load_ufun(G, pa, u, 1.0 / maxu, 0);
}

/* ---- reservation, discount, uncertainty ---- */

static pl_status load_rv_discount(struct gr *G, struct pl__party *pa,
                                  gnode *us)
{
    gnode *r = find_last(us, "reservation", 0);
    gnode *d = find_last(us, "discount_factor", 0);

    pa->reservation = 0;
    pa->discount = 1;
    if (r) {
        const char *t = pl__gx_attr(r, "value");
        double x;
        if (!t || !parse_double(t, &x))
            return fail(G, PL_ESCHEMA, r,
                        "reservation value '%s' is not a number",
                        t ? t : "(none)");
        if (x < 0 || x > 1)
            return fail(G, PL_ESCHEMA, r,
                        "reservation value %.17g is outside [0, 1]", x);
        pa->reservation = x;
    }
    if (d) {
        const char *t = pl__gx_attr(d, "value");
        gnode *vc = pl__gx_child(d, "value");
        double x;
        if (!t && vc)
            t = vc->text;
        if (!t || !parse_double(t, &x)) {
            warn(G, d, "discount factor '%s' is not a number; GENIUS "
                       "keeps the default 1 (no discount)",
                 t ? t : "(none)");
        } else if (x <= 0 || x > 1) {
            warn(G, d, "discount factor %.17g is outside (0, 1]; GENIUS "
                       "reads it as 1 (no discount)",
                 x);
        } else {
            pa->discount = x;
        }
    }
    return PL_OK;
}

static void trimmed(const char *t, char *buf, size_t n)
{
    size_t k;

    t = skip_ws(t ? t : "");
    k = strlen(t);
    while (k > 0 && (unsigned char)t[k - 1] <= ' ')
        k--;
    snprintf(buf, n, "%.*s", (int)(k < 40 ? k : 40), t);
    /* keep "key=value" pairs parseable: numbers and words only */
    for (char *c = buf; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '.' && *c != '-' &&
            *c != '+')
            *c = '_';
}

static pl_status load_uncertain(struct gr *G, struct pl__party *pa,
                                gnode *us)
{
    static const char *const keys[] = {"comparisons", "errors",
                                       "elicitation_cost", "fixed_seed",
                                       "experimental"};
    static const char *const dflt[] = {"10", "10", "0", "true", "false"};
    char buf[512], val[48];
    size_t n;

    n = (size_t)snprintf(buf, sizeof buf, "GENIUS uncertain profile:");
    for (size_t k = 0; k < 5 && n < sizeof buf; k++) {
        gnode *e = pl__gx_child(us, keys[k]);
        trimmed(e ? e->text : dflt[k], val, sizeof val);
        n += (size_t)snprintf(buf + n, sizeof buf - n, " %s=%s", keys[k],
                              val);
    }
    pa->description = pl__strdup(buf);
    return pa->description ? PL_OK : PL_ENOMEM;
}

/* File name without directory and extension. */
static void base_name(const char *path, char *buf, size_t n)
{
    const char *b = strrchr(path, '/');
    const char *dot;
    size_t k;

    b = b ? b + 1 : path;
    dot = strrchr(b, '.');
    k = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    snprintf(buf, n, "%.*s", (int)k, b);
}

static pl_status load_profile(struct gr *G, uint32_t p, gnode *root)
{
    pl_scenario *s = G->s;
    struct pl__party *pa = &s->parties[p];
    struct prof_ctx pc = {NULL, 0, 0};
    const char *type;
    pl_status rc;

    if (!named(root, "utility_space"))
        return fail(G, PL_ESCHEMA, root,
                    "not a GENIUS profile: the root is <%s>, expected "
                    "<utility_space>%s",
                    root->name,
                    pl__gx_child(root, "utility_space")
                        ? " (this looks like a domain file)"
                        : "");
    pa->role = PL_ROLE_NEGOTIATOR;
    pa->has_utility = true;
    pa->weights_as_written = true;
    pa->has_clamp = true;
    pa->clamp_max = 1;
    pa->weight_raw = pl__calloc(s->n_issues, sizeof *pa->weight_raw);
    pa->weight = pl__calloc(s->n_issues, sizeof *pa->weight);
    pa->fn = pl__calloc(s->n_issues, sizeof *pa->fn);
    pa->v = pl__calloc(s->n_issues, sizeof *pa->v);
    if (!pa->weight_raw || !pa->weight || !pa->fn || !pa->v)
        return PL_ENOMEM;
    for (uint32_t i = 0; i < s->n_issues; i++) {
        pa->v[i] = pl__calloc(s->issues[i].n_options, sizeof *pa->v[i]);
        if (!pa->v[i])
            return PL_ENOMEM;
    }
    rc = load_rv_discount(G, pa, root);
    if (rc != PL_OK)
        return rc;
    type = pl__gx_attr(root, "type");
    if (type && strcasecmp(type, "constraint") == 0)
        return fail(G, PL_ESCHEMA, root,
                    "unsupported: constraint profile (rank tables with "
                    "zeroing rules, as in GENIUS's Railway domain) is not an "
                    "additive or hyper-rectangle utility");
    if (type && strcasecmp(type, "nonlinear") == 0)
        return load_nonlinear(G, pa, root);
    if (type && *type && strcasecmp(type, "UNCERTAIN") != 0)
        return fail(G, PL_ESCHEMA, root,
                    "unknown utility_space type '%s': expected none, "
                    "UNCERTAIN or nonlinear",
                    type);
    if (type && strcasecmp(type, "UNCERTAIN") == 0) {
        rc = load_uncertain(G, pa, root);
        if (rc != PL_OK)
            return rc;
    }
    rc = walk_issues(G, root, collect_prof_issue, &pc, 0);
    if (rc == PL_OK) {
        for (size_t j = 0; j < pc.n; j++)
            if (issue_by_index(G, pc.v[j].index) == UINT32_MAX)
                warn(G, pc.v[j].node, "issue index %ld is not in the "
                                      "domain (ignored)",
                     pc.v[j].index);
        rc = load_additive(G, pa, root, &pc);
    }
    pl__free(pc.v);
    return rc;
}

/* ---- entry points ---- */

static pl_status party_ids(struct gr *G, const char *const *names, size_t n)
{
    pl_scenario *s = G->s;
    char **ids = pl__calloc(n, sizeof *ids);
    pl_status rc = PL_OK;

    if (!ids)
        return PL_ENOMEM;
    for (size_t p = 0; p < n && rc == PL_OK; p++) {
        char base[256];
        char dflt[32];
        snprintf(dflt, sizeof dflt, "party%zu", p + 1);
        base_name(names && names[p + 1] ? names[p + 1] : dflt, base,
                  sizeof base);
        ids[p] = make_id(base, "party");
        s->parties[p].name = pl__strdup(base);
        if (!ids[p] || !s->parties[p].name)
            rc = PL_ENOMEM;
        if (rc == PL_OK)
            rc = uniquify(ids, p);
    }
    for (size_t p = 0; p < n; p++) {
        struct pl__party *pa = &s->parties[p];
        if (rc != PL_OK) {
            pl__free(ids[p]);
            continue;
        }
        pa->id = ids[p];
        if (strcmp(pa->name, pa->id) == 0) {
            pl__free(pa->name);
            pa->name = pa->id;
        }
    }
    pl__free(ids);
    return rc;
}

pl_status pl_scenario_load_genius_text(const char *const *texts,
                                       const size_t *lens,
                                       const char *const *names, size_t n,
                                       const pl_genius_opts *opts,
                                       pl_scenario **out,
                                       pl_warnings *warnings, pl_diag *diag)
{
    struct gr G;
    struct pl__gx_doc *doc = NULL;
    pl_scenario *s;
    pl_status rc;
    char base[256];

    *out = NULL;
    memset(&G, 0, sizeof G);
    G.diag = diag;
    G.warn = warnings;
    G.opts = opts ? *opts : pl_genius_opts_default();
    G.file = names && names[0] ? names[0] : "domain";
    if (n < 1 || n > PL_MAX_PARTIES)
        return fail(&G, PL_EINVAL, NULL,
                    "expected 1 to %u profiles, got %zu", PL_MAX_PARTIES, n);
    if (G.opts.real_steps < 2 || G.opts.real_steps > PL_MAX_OPTIONS)
        return fail(&G, PL_EINVAL, NULL,
                    "real steps must be 2..%u, got %u", PL_MAX_OPTIONS,
                    G.opts.real_steps);
    s = pl__calloc(1, sizeof *s);
    if (!s)
        return PL_ENOMEM;
    G.s = s;
    s->simulate.mediator = -1;
    /* domain */
    if (lens[0] > MAX_FILE_BYTES) {
        rc = fail(&G, PL_ETOOBIG, NULL, "file larger than %u bytes",
                  MAX_FILE_BYTES);
        goto done;
    }
    if (diag)
        snprintf(diag->file, sizeof diag->file, "%s", G.file);
    rc = pl__gx_parse(texts[0], lens[0], &doc, diag);
    if (rc == PL_OK) {
        base_name(G.file, base, sizeof base);
        rc = load_domain(&G, pl__gx_root(doc), base);
    }
    pl__gx_free(doc);
    doc = NULL;
    if (rc != PL_OK)
        goto done;
    if ((uint64_t)n * s->n_issues > 0 &&
        (uint64_t)n * (s->n_issues ? s->n_issues : 1) > UINT32_MAX) {
        rc = PL_ETOOBIG;
        goto done;
    }
    {
        uint64_t total = 0;
        for (uint32_t i = 0; i < s->n_issues; i++)
            total += s->issues[i].n_options;
        if (total * n > PL_MAX_VALUE_CELLS) {
            rc = fail(&G, PL_ETOOBIG, NULL,
                      "%zu parties x %llu options exceed the limit of %u "
                      "value cells",
                      n, (unsigned long long)total, PL_MAX_VALUE_CELLS);
            goto done;
        }
    }
    s->parties = pl__calloc(n, sizeof *s->parties);
    if (!s->parties) {
        rc = PL_ENOMEM;
        goto done;
    }
    s->n_parties = (uint32_t)n;
    rc = party_ids(&G, names, n);
    if (rc != PL_OK)
        goto done;
    /* profiles */
    for (size_t p = 0; p < n && rc == PL_OK; p++) {
        char dflt[32];
        snprintf(dflt, sizeof dflt, "party%zu", p + 1);
        G.file = names && names[p + 1] ? names[p + 1] : dflt;
        G.n_warn_file = 0;
        if (diag)
            snprintf(diag->file, sizeof diag->file, "%s", G.file);
        if (lens[p + 1] > MAX_FILE_BYTES) {
            rc = fail(&G, PL_ETOOBIG, NULL, "file larger than %u bytes",
                      MAX_FILE_BYTES);
            break;
        }
        rc = pl__gx_parse(texts[p + 1], lens[p + 1], &doc, diag);
        if (rc == PL_OK)
            rc = load_profile(&G, (uint32_t)p, pl__gx_root(doc));
        pl__gx_free(doc);
        doc = NULL;
    }
    if (rc != PL_OK)
        goto done;
    G.file = names && names[0] ? names[0] : "domain";
    rc = pl__scenario_compile(s, diag);
done:
    pl__free(G.gi);
    if (rc != PL_OK) {
        if (rc == PL_ENOMEM && diag && !diag->message[0])
            pl_diag_set(diag, PL_ENOMEM, 0, 0, "out of memory");
        pl_scenario_free(s);
        return rc;
    }
    *out = s;
    return PL_OK;
}

static pl_status read_file(const char *path, char **text, size_t *len,
                           pl_diag *diag)
{
    return pl__read_file(path, MAX_FILE_BYTES, true, text, len, diag);
}

pl_status pl_scenario_load_genius(const char *domain_path,
                                  const char *const *profile_paths, size_t n,
                                  const pl_genius_opts *opts,
                                  pl_scenario **out, pl_warnings *warnings,
                                  pl_diag *diag)
{
    char **texts;
    size_t *lens;
    const char **names;
    pl_status rc = PL_OK;

    *out = NULL;
    if (!domain_path || (n && !profile_paths) || n < 1 ||
        n > PL_MAX_PARTIES)
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "expected a domain and 1 to %u profiles",
                           PL_MAX_PARTIES);
    texts = pl__calloc(n + 1, sizeof *texts);
    lens = pl__calloc(n + 1, sizeof *lens);
    names = pl__calloc(n + 1, sizeof *names);
    if (!texts || !lens || !names) {
        rc = PL_ENOMEM;
        goto done;
    }
    names[0] = domain_path;
    for (size_t p = 0; p < n; p++)
        names[p + 1] = profile_paths[p];
    for (size_t k = 0; k <= n && rc == PL_OK; k++)
        rc = read_file(names[k], &texts[k], &lens[k], diag);
    if (rc == PL_OK)
        rc = pl_scenario_load_genius_text((const char *const *)texts, lens,
                                          names, n, opts, out, warnings,
                                          diag);
done:
    for (size_t k = 0; texts && k <= n; k++)
        pl__free(texts[k]);
    pl__free(texts);
    pl__free(lens);
    pl__free((void *)names);
    return rc;
}

pl_genius_kind pl_genius_file_kind(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    struct pl__gx_doc *doc = NULL;
    pl_genius_kind k = PL_GENIUS_OTHER;
    pl_diag d;

    memset(&d, 0, sizeof d);
    if (read_file(path, &text, &len, &d) != PL_OK)
        return k;
    if (pl__gx_parse(text, len, &doc, &d) == PL_OK) {
        const struct pl__gx_node *r = pl__gx_root(doc);
        if (named(r, "utility_space"))
            k = PL_GENIUS_PROFILE;
        else if (pl__gx_child(r, "utility_space"))
            k = PL_GENIUS_DOMAIN;
    }
    pl__gx_free(doc);
    pl__free(text);
    return k;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(char **v, size_t n)
{
    for (size_t k = 0; v && k < n; k++)
        pl__free(v[k]);
    pl__free(v);
}

/* Append "name, " to a bounded list text. */
static void list_add(char *buf, size_t size, const char *name)
{
    const size_t n = strlen(buf);

    if (n + 8 >= size)
        return;
    snprintf(buf + n, size - n, "%s%s", n ? ", " : "", name);
}

pl_status pl_genius_find_folder(const char *dir, char **domain,
                                char ***profiles, size_t *n, pl_diag *diag)
{
    DIR *d;
    struct dirent *e;
    char **files = NULL, **profs = NULL;
    size_t nf = 0, np = 0, nd = 0;
    char *dom = NULL;
    char doms[256] = "", pros[256] = "";
    pl_status rc = PL_OK;

    *domain = NULL;
    *profiles = NULL;
    *n = 0;
    if (diag)
        snprintf(diag->file, sizeof diag->file, "%s", dir);
    d = opendir(dir);
    if (!d)
        return pl_diag_set(diag, errno == ENOENT ? PL_ENOTFOUND : PL_EIO, 0,
                           0, "cannot read the folder: %s", strerror(errno));
    while ((e = readdir(d)) != NULL) {
        const size_t k = strlen(e->d_name);
        char **a;
        if (e->d_name[0] == '.' || k < 5 ||
            strcasecmp(e->d_name + k - 4, ".xml") != 0)
            continue;
        if (nf >= 100000) {
            rc = pl_diag_set(diag, PL_ETOOBIG, 0, 0, "too many files");
            break;
        }
        a = pl__reallocarray(files, nf + 1, sizeof *a);
        if (!a) {
            rc = PL_ENOMEM;
            break;
        }
        files = a;
        files[nf] = pl__malloc(strlen(dir) + k + 2);
        if (!files[nf]) {
            rc = PL_ENOMEM;
            break;
        }
        snprintf(files[nf], strlen(dir) + k + 2, "%s/%s", dir, e->d_name);
        nf++;
    }
    closedir(d);
    if (rc != PL_OK)
        goto done;
    pl__qsort(files, nf, sizeof *files, str_cmp);
    for (size_t k = 0; k < nf; k++) {
        const pl_genius_kind kind = pl_genius_file_kind(files[k]);
        const char *b = strrchr(files[k], '/') + 1;
        if (kind == PL_GENIUS_DOMAIN) {
            list_add(doms, sizeof doms, b);
            if (nd++ == 0) {
                dom = files[k];
                files[k] = NULL;
            }
        } else if (kind == PL_GENIUS_PROFILE) {
            char **a = pl__reallocarray(profs, np + 1, sizeof *a);
            list_add(pros, sizeof pros, b);
            if (!a) {
                rc = PL_ENOMEM;
                goto done;
            }
            profs = a;
            profs[np++] = files[k];
            files[k] = NULL;
        }
    }
    if (nd == 1 && np > PL_MAX_PARTIES) {
        rc = pl_diag_set(diag, PL_ETOOBIG, 0, 0,
                         "the folder holds %zu GENIUS profiles, more than the "
                         "%u parties parley analyses at once; name the ones "
                         "to use: parley analyze %s --profile A.xml "
                         "--profile B.xml ...",
                         np, PL_MAX_PARTIES, doms);
        goto done;
    }
    if (nd != 1 || np == 0) {
        rc = pl_diag_set(
            diag, PL_ESCHEMA, 0, 0,
            "expected one GENIUS domain and its profiles in the folder, "
            "found %zu domain%s (%s) and %zu profile%s (%s); name them: "
            "parley analyze DOMAIN.xml --profile A.xml --profile B.xml",
            nd, nd == 1 ? "" : "s", nd ? doms : "none", np,
            np == 1 ? "" : "s", np ? pros : "none");
        goto done;
    }
    *domain = dom;
    *profiles = profs;
    *n = np;
    dom = NULL;
    profs = NULL;
    np = 0;
done:
    free_list(files, nf);
    free_list(profs, np);
    pl__free(dom);
    return rc;
}
