/* A parley scenario as GENIUS 10.4 XML: one domain file and one profile
 * per party, which GENIUS, NegMAS and pl_scenario_load_genius() read back
 * to the same utilities.
 *
 * Each party's compiled terms U_i(k) = w_i * v_i(k) are written so that
 * GENIUS's min(1, sum_i w'_i * e_i(k)) reproduces them:
 *   - discrete: evaluations v_i(k) / m_i and weight w_i * m_i, m_i the
 *     issue's largest value (m_i = 1, the usual case, writes v and w as
 *     they are, so a GENIUS -> parley -> GENIUS round trip is exact);
 *   - integer (step 1 only): the value table is fitted by
 *     clamp01(offset + slope * (x - lowerbound));
 *   - real: constant, clamp01(p0 + p1 * x) or triangular, fitted to the
 *     table at the issue's points.
 * Every fit is verified at every option (1e-12); a table no GENIUS
 * evaluator can express is a PL_EINVAL naming the party and issue.
 * A party with interactions is written as an ANAC 2014 non-linear
 * profile (one INCLUDES hyper-rectangle per interaction, a constant as a
 * rectangle without bounds, maxutility 1) when it has no issue terms,
 * every issue is integer with step 1 and every condition is a contiguous
 * range.  Red lines, parties without a utility and utilities that can
 * exceed 1 without GENIUS's clamp are refused.
 *
 * Numbers are written with 17 significant digits (exact round trip);
 * attribute text is escaped as XML (GENIUS itself would show `&amp;` as
 * five characters; strict readers such as NegMAS's need the escape). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "emit.h"
#include "parley/genius.h"

#define FIT_TOL 1e-12

/* ---- growing text ---- */

#define SB_LIT(b, s) sb_add((b), (s), sizeof(s) - 1)

struct sb {
    char *p;
    size_t n, cap;
    bool oom;
};

static void sb_add(struct sb *b, const char *s, size_t k)
{
    if (b->oom)
        return;
    if (b->cap - b->n <= k) {
        size_t cap = b->cap ? b->cap : 4096;
        char *q;
        while (cap - b->n <= k)
            cap *= 2;
        q = pl__reallocarray(b->p, cap, 1);
        if (!q) {
            b->oom = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, k);
    b->n += k;
    b->p[b->n] = '\0';
}

static void sb_printf(struct sb *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void sb_printf(struct sb *b, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int k;

    va_start(ap, fmt);
    k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= sizeof buf) {
        b->oom = true; /* callers format short numbers only */
        return;
    }
    sb_add(b, buf, (size_t)k);
}

/* Shortest text that reads back as x. */
static void sb_num(struct sb *b, double x)
{
    char buf[32];

    pl__fmt_double(x, buf);
    sb_add(b, buf, strlen(buf));
}

/* Escaped attribute text; false for characters XML cannot carry. */
static bool sb_attr(struct sb *b, const char *s)
{
    for (; *s; s++) {
        const unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            SB_LIT(b, "&amp;");
            break;
        case '<':
            SB_LIT(b, "&lt;");
            break;
        case '>':
            SB_LIT(b, "&gt;");
            break;
        case '"':
            SB_LIT(b, "&quot;");
            break;
        case '\n':
            SB_LIT(b, "&#10;");
            break;
        case '\r':
            SB_LIT(b, "&#13;");
            break;
        case '\t':
            SB_LIT(b, "&#9;");
            break;
        default:
            if (c < 0x20)
                return false;
            sb_add(b, s, 1);
        }
    }
    return true;
}

/* ---- fits ---- */

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

static bool interior(double v)
{
    return v > 0 && v < 1;
}

/* Fit v[k] = clamp01(a + b * x[k]) for k < m (x increasing). */
static bool fit_linear(const double *x, const double *v, uint32_t m,
                       double *a, double *b)
{
    uint32_t k1 = UINT32_MAX, k2 = UINT32_MAX;

    for (uint32_t k = 0; k < m; k++)
        if (interior(v[k])) {
            if (k1 == UINT32_MAX)
                k1 = k;
            k2 = k;
        }
    if (m == 1 || (k1 == UINT32_MAX && v[0] == v[m - 1])) {
        *b = 0;
        *a = v[0];
    } else if (k1 != UINT32_MAX && k2 != k1) {
        *b = (v[k2] - v[k1]) / (x[k2] - x[k1]);
        *a = v[k1] - *b * x[k1];
    } else {
        /* a step, possibly through one interior point: a slope steep
         * enough to reach 0 and 1 at the neighbouring options */
        const bool up = v[m - 1] > v[0];
        double gap = INFINITY;
        uint32_t at = k1;
        for (uint32_t k = 0; k + 1 < m; k++)
            gap = x[k + 1] - x[k] < gap ? x[k + 1] - x[k] : gap;
        if (!(gap > 0))
            return false;
        *b = (up ? 1 : -1) / gap;
        if (at == UINT32_MAX) {
            /* last option at 0 (rising) or at 1 (falling) */
            for (uint32_t k = 0; k < m; k++)
                if (up ? v[k] == 0 : v[k] == 1)
                    at = k;
            if (at == UINT32_MAX)
                return false;
        }
        *a = v[at] - *b * x[at];
    }
    for (uint32_t k = 0; k < m; k++)
        if (!(fabs(clamp01(*a + *b * x[k]) - v[k]) <= FIT_TOL))
            return false;
    return true;
}

/* GENIUS's triangular evaluator (as the reader computes it). */
static double tri(double x, double low, double high, double top)
{
    if (x < low || x > high)
        return 0;
    if (x == top)
        return 1;
    if (x < top)
        return (x - low) / (top - low);
    return (high - x) / (high - top);
}

static bool tri_ok(const double *x, const double *v, uint32_t m, double low,
                   double high, double top)
{
    if (!(low <= top && top <= high))
        return false;
    for (uint32_t k = 0; k < m; k++)
        if (!(fabs(tri(x[k], low, high, top) - v[k]) <= FIT_TOL))
            return false;
    return true;
}

/* A parley/1 triangular value function, if it reproduces the table. */
static bool tri_from_fn(const struct pl__value_fn *fn, double w,
                        const double *x, const double *v, uint32_t m,
                        double *low, double *high, double *top)
{
    if (fn->kind != PL__VALUE_TRIANGULAR || w == 0 ||
        !tri_ok(x, v, m, fn->low, fn->high, fn->peak))
        return false;
    *low = fn->low;
    *high = fn->high;
    *top = fn->peak;
    return true;
}

/* Fit a triangle: each side from two interior points, or from its
 * interior point and the peak. */
static bool fit_triangular(const double *x, const double *v, uint32_t m,
                           double *low, double *high, double *top)
{
    uint32_t pk = 0, r1 = UINT32_MAX, r2 = UINT32_MAX, f1 = UINT32_MAX,
             f2 = UINT32_MAX;

    for (uint32_t k = 1; k < m; k++)
        if (v[k] > v[pk])
            pk = k;
    for (uint32_t k = 0; k < pk; k++)
        if (interior(v[k])) {
            if (r1 == UINT32_MAX)
                r1 = k;
            r2 = k;
        }
    for (uint32_t k = pk + 1; k < m; k++)
        if (interior(v[k])) {
            if (f1 == UINT32_MAX)
                f1 = k;
            f2 = k;
        }
    *top = x[pk];
    if (r1 != UINT32_MAX && r2 != r1) {
        const double b = (v[r2] - v[r1]) / (x[r2] - x[r1]);
        *low = x[r1] - v[r1] / b;
        if (v[pk] < 1)
            *top = *low + 1 / b;
    } else if (r1 != UINT32_MAX) {
        *low = *top - (*top - x[r1]) / (1 - v[r1]);
    } else {
        *low = pk > 0 ? x[pk - 1] : x[pk];
    }
    if (f1 != UINT32_MAX && f2 != f1) {
        const double b = (v[f2] - v[f1]) / (x[f2] - x[f1]);
        *high = x[f1] - v[f1] / b;
    } else if (f1 != UINT32_MAX) {
        *high = *top + (x[f1] - *top) / (1 - v[f1]);
    } else {
        *high = pk + 1 < m ? x[pk + 1] : x[pk];
    }
    return tri_ok(x, v, m, *low, *high, *top);
}

/* ---- checks ---- */

static pl_status refuse(pl_diag *diag, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static pl_status refuse(pl_diag *diag, const char *fmt, ...)
{
    va_list ap;

    if (!diag)
        return PL_EINVAL;
    diag->line = 0;
    diag->column = 0;
    va_start(ap, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, ap);
    va_end(ap);
    return PL_EINVAL;
}

static bool row_is_zero(const pl_scenario *s, uint32_t p)
{
    const double *row = s->U + (size_t)p * s->n_total_options;

    for (uint32_t k = 0; k < s->n_total_options; k++)
        if (row[k] != 0)
            return false;
    return true;
}

/* Largest possible unclamped utility (a bound with interactions). */
static double max_bound(const pl_scenario *s, uint32_t p)
{
    const struct pl__party *pa = &s->parties[p];
    const double *row = s->U + (size_t)p * s->n_total_options;
    double m = 0;

    for (uint32_t i = 0; i < s->n_issues; i++) {
        double mx = -INFINITY;
        for (uint32_t k = 0; k < s->issues[i].n_options; k++) {
            const double x = row[s->opt_offset[i] + k];
            mx = x > mx ? x : mx;
        }
        m += mx;
    }
    for (uint32_t j = 0; j < pa->n_interactions; j++)
        m += pa->interactions[j].value > 0 ? pa->interactions[j].value : 0;
    return m;
}

/* Option text for a discrete item: names if unique in the issue, else
 * ids (which are). */
static bool names_unique(const struct pl__issue *is)
{
    for (uint32_t k = 0; k < is->n_options; k++)
        for (uint32_t q = k + 1; q < is->n_options; q++)
            if (strcmp(is->options[k].name, is->options[q].name) == 0)
                return false;
    return true;
}

/* ---- output ---- */

static void issue_open(struct sb *b, const pl_scenario *s, uint32_t i,
                       bool close)
{
    const struct pl__issue *is = &s->issues[i];
    static const char *const type[] = {"discrete", "integer", "real"};
    const char *t = type[is->kind];

    sb_printf(b, "    <issue index=\"%u\" etype=\"%s\" type=\"%s\" "
                 "vtype=\"%s\" name=\"",
              i + 1, t, t, t);
    sb_attr(b, is->name);
    SB_LIT(b, "\"");
    if (is->kind == PL_ISSUE_INTEGER) {
        SB_LIT(b, " lowerbound=\"");
        sb_num(b, is->min);
        SB_LIT(b, "\" upperbound=\"");
        sb_num(b, is->max);
        SB_LIT(b, "\"");
    }
    sb_add(b, close ? "/>\n" : ">\n", close ? 3 : 2);
    if (is->kind == PL_ISSUE_REAL && !close) {
        SB_LIT(b, "      <range lowerbound=\"");
        sb_num(b, is->min);
        SB_LIT(b, "\" upperbound=\"");
        sb_num(b, is->max);
        SB_LIT(b, "\"/>\n");
    }
}

static void objective_open(struct sb *b, const pl_scenario *s)
{
    SB_LIT(b, "  <objective index=\"0\" etype=\"objective\" "
              "type=\"objective\" description=\"\" name=\"");
    sb_attr(b, s->name && *s->name ? s->name : "parley");
    SB_LIT(b, "\">\n");
}

static void write_domain(struct sb *b, const pl_scenario *s)
{
    SB_LIT(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    SB_LIT(b, "<!-- written by parley -->\n");
    SB_LIT(b, "<negotiation_template>\n");
    sb_printf(b, "<utility_space number_of_issues=\"%u\">\n", s->n_issues);
    objective_open(b, s);
    for (uint32_t i = 0; i < s->n_issues; i++) {
        const struct pl__issue *is = &s->issues[i];
        const bool by_name = names_unique(is);
        if (is->kind == PL_ISSUE_INTEGER) {
            issue_open(b, s, i, true);
            continue;
        }
        issue_open(b, s, i, false);
        for (uint32_t k = 0; is->kind == PL_ISSUE_CATEGORICAL &&
                             k < is->n_options;
             k++) {
            sb_printf(b, "      <item index=\"%u\" value=\"", k + 1);
            sb_attr(b, by_name ? is->options[k].name : is->options[k].id);
            SB_LIT(b, "\"/>\n");
        }
        SB_LIT(b, "    </issue>\n");
    }
    SB_LIT(b, "  </objective>\n</utility_space>\n</negotiation_template>\n");
}

static void write_tail(struct sb *b, const struct pl__party *pa)
{
    SB_LIT(b, "<reservation value=\"");
    sb_num(b, pa->reservation);
    SB_LIT(b, "\"/>\n<discount_factor value=\"");
    sb_num(b, pa->discount);
    SB_LIT(b, "\"/>\n");
    if (pa->description &&
        strncmp(pa->description, "GENIUS uncertain profile:", 25) == 0) {
        /* " key=value" pairs back into elements */
        const char *p = pa->description + 25;
        while (*p == ' ') {
            const char *eq = strchr(p, '=');
            const char *end;
            if (!eq)
                break;
            end = strchr(eq, ' ');
            if (!end)
                end = eq + strlen(eq);
            char key[32], val[64];
            snprintf(key, sizeof key, "%.*s", (int)(eq - p - 1), p + 1);
            snprintf(val, sizeof val, "%.*s", (int)(end - eq - 1), eq + 1);
            p = end;
            /* only the elements the reader produced; text escaped */
            if (strcmp(key, "comparisons") != 0 &&
                strcmp(key, "errors") != 0 &&
                strcmp(key, "elicitation_cost") != 0 &&
                strcmp(key, "fixed_seed") != 0 &&
                strcmp(key, "experimental") != 0)
                continue;
            sb_printf(b, "<%s>", key);
            sb_attr(b, val);
            sb_printf(b, "</%s>\n", key);
        }
    }
    SB_LIT(b, "</utility_space>\n");
}

static pl_status write_additive(struct sb *b, const pl_scenario *s,
                                uint32_t p, pl_diag *diag)
{
    const struct pl__party *pa = &s->parties[p];
    const double *row = s->U + (size_t)p * s->n_total_options;
    double *x = NULL, *wv = NULL, *v = NULL;
    pl_status rc = PL_OK;
    uint32_t mmax = 1;

    for (uint32_t i = 0; i < s->n_issues; i++)
        mmax = s->issues[i].n_options > mmax ? s->issues[i].n_options : mmax;
    x = pl__calloc(mmax, sizeof *x);
    v = pl__calloc(mmax, sizeof *v);
    wv = pl__calloc(s->n_issues ? s->n_issues : 1, sizeof *wv);
    if (!x || !v || !wv) {
        rc = PL_ENOMEM;
        goto done;
    }
    SB_LIT(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb_printf(b, "<utility_space%s>\n",
              pa->description && strncmp(pa->description,
                                         "GENIUS uncertain profile:",
                                         25) == 0
                  ? " type=\"UNCERTAIN\""
                  : "");
    objective_open(b, s);
    for (uint32_t i = 0; i < s->n_issues && rc == PL_OK; i++) {
        const struct pl__issue *is = &s->issues[i];
        const double w = pa->weight[i];
        double mx = 0;
        for (uint32_t k = 0; k < is->n_options; k++) {
            /* GENIUS multiplies weight and evaluation: keep the terms */
            v[k] = w != 0 ? pa->v[i][k] : row[s->opt_offset[i] + k];
            x[k] = is->options[k].value;
            if (v[k] < 0)
                rc = refuse(diag, "party '%s', issue '%s': value %.17g is "
                                  "negative; GENIUS evaluations are >= 0",
                            pa->id, is->id, v[k]);
            mx = v[k] > mx ? v[k] : mx;
        }
        if (rc != PL_OK)
            break;
        wv[i] = w;
        issue_open(b, s, i, false);
        if (is->kind == PL_ISSUE_CATEGORICAL) {
            const bool by_name = names_unique(is);
            /* e = eval / max: write v / m and weight w * m (m = 1 usual) */
            if (mx > 0 && mx != 1) {
                for (uint32_t k = 0; k < is->n_options; k++)
                    v[k] /= mx;
                wv[i] = w * mx;
            }
            for (uint32_t k = 0; k < is->n_options; k++) {
                sb_printf(b, "      <item index=\"%u\" value=\"", k + 1);
                sb_attr(b,
                        by_name ? is->options[k].name : is->options[k].id);
                SB_LIT(b, "\" evaluation=\"");
                sb_num(b, v[k]);
                SB_LIT(b, "\"/>\n");
            }
        } else if (is->kind == PL_ISSUE_INTEGER) {
            double a, sl;
            for (uint32_t k = 0; k < is->n_options; k++)
                x[k] = is->options[k].value - is->min;
            if (is->step != 1) {
                rc = refuse(diag, "issue '%s': integer step %.17g; GENIUS "
                                  "integer issues have step 1",
                            is->id, is->step);
            } else if (!fit_linear(x, v, is->n_options, &a, &sl)) {
                rc = refuse(diag, "party '%s', issue '%s': the values are "
                                  "not a clamped linear function, which is "
                                  "all a GENIUS integer evaluator can "
                                  "express",
                            pa->id, is->id);
            } else {
                SB_LIT(b, "      <evaluator ftype=\"linear\" offset=\"");
                sb_num(b, a);
                SB_LIT(b, "\" slope=\"");
                sb_num(b, sl);
                SB_LIT(b, "\"/>\n");
            }
        } else {
            double a, sl, lo, hi, top;
            bool all_same = true;
            for (uint32_t k = 1; k < is->n_options; k++)
                all_same &= v[k] == v[0];
            if (all_same) {
                SB_LIT(b, "      <evaluator ftype=\"constant\" "
                          "parameter0=\"");
                sb_num(b, v[0]);
                SB_LIT(b, "\"/>\n");
            } else if (fit_linear(x, v, is->n_options, &a, &sl)) {
                SB_LIT(b, "      <evaluator ftype=\"linear\" parameter0=\"");
                sb_num(b, a);
                SB_LIT(b, "\" parameter1=\"");
                sb_num(b, sl);
                SB_LIT(b, "\"/>\n");
            } else if (tri_from_fn(&pa->fn[i], w, x, v, is->n_options, &lo,
                                   &hi, &top) ||
                       fit_triangular(x, v, is->n_options, &lo, &hi, &top)) {
                SB_LIT(b, "      <evaluator ftype=\"triangular\" "
                          "parameter0=\"");
                sb_num(b, lo);
                SB_LIT(b, "\" parameter1=\"");
                sb_num(b, hi);
                SB_LIT(b, "\" parameter2=\"");
                sb_num(b, top);
                SB_LIT(b, "\"/>\n");
            } else {
                rc = refuse(diag, "party '%s', issue '%s': the values are "
                                  "not a constant, clamped linear or "
                                  "triangular function, which is all a "
                                  "GENIUS real evaluator can express",
                            pa->id, is->id);
            }
        }
        SB_LIT(b, "    </issue>\n");
    }
    for (uint32_t i = 0; i < s->n_issues && rc == PL_OK; i++) {
        sb_printf(b, "    <weight index=\"%u\" value=\"", i + 1);
        sb_num(b, wv[i]);
        SB_LIT(b, "\"/>\n");
    }
    SB_LIT(b, "  </objective>\n");
    write_tail(b, pa);
done:
    pl__free(x);
    pl__free(v);
    pl__free(wv);
    return rc;
}

static pl_status write_nonlinear(struct sb *b, const pl_scenario *s,
                                 uint32_t p, pl_diag *diag)
{
    const struct pl__party *pa = &s->parties[p];

    for (uint32_t i = 0; i < s->n_issues; i++)
        if (s->issues[i].kind != PL_ISSUE_INTEGER || s->issues[i].step != 1)
            return refuse(diag, "party '%s' has interactions, which GENIUS "
                                "expresses only as hyper-rectangles over "
                                "integer issues, but issue '%s' is not an "
                                "integer issue with step 1",
                          pa->id, s->issues[i].id);
    SB_LIT(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    SB_LIT(b, "<utility_space type=\"nonlinear\">\n");
    objective_open(b, s);
    for (uint32_t i = 0; i < s->n_issues; i++)
        issue_open(b, s, i, true);
    SB_LIT(b, "    <utility maxutility=\"1\">\n      <ufun "
              "type=\"PlainUfun\" weight=\"1\" aggregation=\"sum\">\n");
    for (uint32_t j = 0; j < pa->n_interactions; j++) {
        const struct pl__clause *c = &pa->interactions[j];
        SB_LIT(b, "        <hyperRectangle utility=\"");
        sb_num(b, c->value);
        SB_LIT(b, "\">\n");
        for (uint32_t q = 0; q < c->n_conds; q++) {
            const struct pl__issue *is = &s->issues[c->conds[q].issue];
            uint32_t first = UINT32_MAX, last = 0;
            for (uint32_t k = 0; k < is->n_options; k++)
                if (c->conds[q].allowed[k]) {
                    if (first == UINT32_MAX)
                        first = k;
                    else if (last + 1 != k)
                        return refuse(diag,
                                      "party '%s', interaction %u: the "
                                      "options allowed on issue '%s' are "
                                      "not one range, so no GENIUS "
                                      "hyper-rectangle matches them",
                                      pa->id, j + 1, is->id);
                    last = k;
                }
            if (first == UINT32_MAX)
                return refuse(diag, "party '%s', interaction %u allows no "
                                    "option of issue '%s'",
                              pa->id, j + 1, is->id);
            sb_printf(b, "          <INCLUDES index=\"%u\" min=\"",
                      c->conds[q].issue + 1);
            sb_num(b, is->options[first].value);
            SB_LIT(b, "\" max=\"");
            sb_num(b, is->options[last].value);
            SB_LIT(b, "\"/>\n");
        }
        SB_LIT(b, "        </hyperRectangle>\n");
    }
    SB_LIT(b, "      </ufun>\n    </utility>\n  </objective>\n");
    write_tail(b, pa);
    return PL_OK;
}

static char *file_name(const char *base, const char *suffix)
{
    const size_t n = strlen(base) + strlen(suffix) + 1;
    char *p = pl__malloc(n);

    if (p)
        snprintf(p, n, "%s%s", base, suffix);
    return p;
}

/* Scenario name -> [a-z0-9_]+ for the domain file name. */
static char *name_id(const char *name)
{
    const size_t n = name ? strlen(name) : 0;
    char *id = pl__malloc(n + 8);
    size_t k = 0;

    if (!id)
        return NULL;
    for (size_t i = 0; i < n && k < 64; i++) {
        const unsigned char c = (unsigned char)name[i];
        if ((c & 0xC0) == 0x80)
            continue;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            id[k++] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            id[k++] = (char)(c - 'A' + 'a');
        else
            id[k++] = '_';
    }
    if (k == 0) {
        memcpy(id, "parley", 6);
        k = 6;
    }
    id[k] = '\0';
    return id;
}

void pl_genius_files_free(pl_genius_files *f)
{
    if (!f)
        return;
    for (size_t k = 0; k < f->n; k++) {
        if (f->name)
            pl__free(f->name[k]);
        if (f->text)
            pl__free(f->text[k]);
    }
    pl__free(f->name);
    pl__free(f->text);
    pl__free(f->len);
    memset(f, 0, sizeof *f);
}

static pl_status check_party(const pl_scenario *s, uint32_t p,
                             pl_diag *diag)
{
    const struct pl__party *pa = &s->parties[p];

    if (!pa->has_utility)
        return refuse(diag, "party '%s' has no utility; every GENIUS "
                            "profile needs one",
                      pa->id);
    if (pa->n_red_lines)
        return refuse(diag, "party '%s' has red lines, which GENIUS "
                            "profiles cannot express",
                      pa->id);
    if (pa->has_clamp && pa->clamp_max != 1)
        return refuse(diag, "party '%s' clamps at %.17g; GENIUS clamps at 1",
                      pa->id, pa->clamp_max);
    if (!pa->has_clamp && max_bound(s, p) > 1 + 1e-9)
        return refuse(diag, "party '%s' can reach a utility above 1, which "
                            "GENIUS would clamp to 1 (add clamp_max: 1 to "
                            "accept that)",
                      pa->id);
    if (pa->n_interactions && !row_is_zero(s, p))
        return refuse(diag, "party '%s' has both issue weights and "
                            "interactions; a GENIUS profile is either "
                            "additive or hyper-rectangles",
                      pa->id);
    for (uint32_t i = 0; i < s->n_issues; i++)
        if (s->issues[i].kind == PL_ISSUE_INTEGER && s->issues[i].step != 1)
            return refuse(diag, "issue '%s': integer step %.17g; GENIUS "
                                "integer issues have step 1",
                          s->issues[i].id, s->issues[i].step);
    return PL_OK;
}

pl_status pl_scenario_write_genius(const pl_scenario *s,
                                   pl_genius_files *files, pl_diag *diag)
{
    const size_t n = (size_t)(s ? s->n_parties : 0) + 1;
    char *base = NULL;
    pl_status rc = PL_OK;

    memset(files, 0, sizeof *files);
    if (!s || s->n_parties == 0)
        return refuse(diag, "no parties to write");
    for (uint32_t p = 0; p < s->n_parties; p++) {
        rc = check_party(s, p, diag);
        if (rc != PL_OK)
            return rc;
    }
    files->name = pl__calloc(n, sizeof *files->name);
    files->text = pl__calloc(n, sizeof *files->text);
    files->len = pl__calloc(n, sizeof *files->len);
    base = name_id(s->name);
    if (!files->name || !files->text || !files->len || !base) {
        rc = PL_ENOMEM;
        goto fail;
    }
    files->n = n;
    for (size_t k = 0; k < n && rc == PL_OK; k++) {
        struct sb b = {NULL, 0, 0, false};
        if (k == 0) {
            files->name[0] = file_name(base, "_domain.xml");
            write_domain(&b, s);
        } else {
            const uint32_t p = (uint32_t)k - 1;
            files->name[k] = file_name(s->parties[p].id, ".xml");
            if (s->parties[p].n_interactions)
                rc = write_nonlinear(&b, s, p, diag);
            else
                rc = write_additive(&b, s, p, diag);
        }
        if (rc == PL_OK && (b.oom || !files->name[k]))
            rc = PL_ENOMEM;
        if (rc != PL_OK) {
            pl__free(b.p);
            break;
        }
        files->text[k] = b.p;
        files->len[k] = b.n;
    }
    /* attribute text XML cannot carry */
    for (uint32_t i = 0; i < s->n_issues && rc == PL_OK; i++) {
        struct sb t = {NULL, 0, 0, false};
        bool ok = sb_attr(&t, s->issues[i].name);
        for (uint32_t k = 0; ok && k < s->issues[i].n_options; k++)
            ok = sb_attr(&t, s->issues[i].options[k].name) &&
                 sb_attr(&t, s->issues[i].options[k].id);
        pl__free(t.p);
        if (!ok)
            rc = refuse(diag, "issue '%s': a name holds a control "
                              "character that XML cannot carry",
                        s->issues[i].id);
    }
    if (rc != PL_OK)
        goto fail;
    pl__free(base);
    return PL_OK;
fail:
    pl__free(base);
    pl_genius_files_free(files);
    return rc;
}
