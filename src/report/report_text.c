/* The human-readable analysis report: what a mediator reads first, in a
 * terminal of o->width columns (80 by default).
 *
 * Sections, in order: title and description; size of the space and of the
 * zone of agreement; parties (role, no-deal utility, range); parties with
 * no acceptable agreement; the recommended (Nash) package issue by issue,
 * each party's utility there, gain over no deal and distance from its
 * ideal; what each party gets and gives up in it; the value-creating
 * trades (logrolls) in plain words; the other solution concepts as
 * differences from Nash; the Pareto frontier counts and its top points;
 * the method (as the analysis describes it, less the thread count, so
 * that the report is the same whatever the thread count).
 *
 * Layout: every line goes through emit_line(), which breaks anything wider
 * than the width (counted in UTF-8 code points), so no line ever exceeds
 * it, whatever the names; prose is word-wrapped with hanging indents and
 * table cells too long for their column are wrapped onto lines of their
 * own.  Numbers have fixed precision (utilities 3 decimals, shares of
 * interest 1 decimal), so the text is a pure function of the scenario and
 * the analysis.  Cost: O(points * (issues + parties) + logrolls).
 * Text is assembled in a growable buffer (allocation failure: PL_ENOMEM);
 * a failed write gives PL_EIO. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/count.h"
#include "parley/report.h"

/* TOP_DEFAULT: a screenful of frontier points, used when opts->top is 0.
 * LOGROLLS_SHOWN: the strongest trades; the rest are only counted. */
#define TOP_DEFAULT 10
#define LOGROLLS_SHOWN 5

pl_report_opts pl_report_opts_default(void)
{
    pl_report_opts o;

    o.top = TOP_DEFAULT;
    o.width = 80;
    return o;
}

/* ---- a growable string ------------------------------------------------- */

struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
};

static void sb_reserve(struct sbuf *b, size_t extra)
{
    size_t cap;
    char *p;

    if (b->oom || b->len + extra + 1 <= b->cap)
        return;
    cap = b->cap ? b->cap : 128;
    while (cap < b->len + extra + 1)
        cap *= 2;
    p = pl__reallocarray(b->p, cap, 1);
    if (!p) {
        b->oom = true;
        return;
    }
    b->p = p;
    b->cap = cap;
}

static void sb_putn(struct sbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    if (b->oom)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(struct sbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

#ifdef __GNUC__
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = true;
        return;
    }
    sb_reserve(b, (size_t)n);
    if (b->oom)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void sb_clear(struct sbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

static const char *sb_str(const struct sbuf *b)
{
    return b->p && !b->oom ? b->p : "";
}

/* ---- width-aware output ------------------------------------------------ */

/* Columns taken by n bytes of UTF-8 text: one per code point. */
static size_t cols(const char *s, size_t n)
{
    size_t c = 0;

    for (size_t k = 0; k < n; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Bytes of s (n bytes long) that fit in `c` columns. */
static size_t bytes_for_cols(const char *s, size_t n, size_t c)
{
    size_t k = 0, seen = 0;

    while (k < n) {
        if (((unsigned char)s[k] & 0xC0) != 0x80) {
            if (seen == c)
                break;
            seen++;
        }
        k++;
    }
    return k;
}

struct out {
    FILE *f;
    size_t width;
    struct sbuf tmp;   /* scratch for one paragraph or row */
    struct sbuf line;  /* the line being wrapped (wrap() only) */
    struct sbuf lead;  /* scratch for wrap()'s first-line prefix */
    struct sbuf pad;   /* scratch for wrap()'s later-line prefix */
};

/* Write one line (n bytes, no newline), trailing spaces dropped, broken
 * into pieces of at most `width` columns. */
static void emit_line(struct out *o, const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    do {
        const size_t k = bytes_for_cols(s, n, o->width);
        fwrite(s, 1, k, o->f);
        fputc('\n', o->f);
        s += k;
        n -= k;
    } while (n > 0);
}

static void emit(struct out *o, const char *s)
{
    emit_line(o, s, strlen(s));
}

static void blank(struct out *o)
{
    fputc('\n', o->f);
}

/* Word-wrap `text`: the first line starts with `first`, later ones with
 * `rest` (both usually spaces, or a label padded to the same width).  A
 * newline in the text starts a new line; a word wider than the room is
 * split. */
static void wrap(struct out *o, const char *first, const char *rest,
                 const char *text)
{
    const char *prefix = first;
    const char *p = text;
    struct sbuf *ln = &o->line;
    size_t room, used;

    sb_clear(ln);
    sb_puts(ln, prefix);
    used = 0;
    for (;;) {
        const size_t pc = cols(prefix, strlen(prefix));
        size_t wlen, wc;

        room = o->width > pc + 1 ? o->width - pc : 1;
        while (*p == ' ')
            p++;
        if (*p == '\0' || *p == '\n') {
            emit_line(o, sb_str(ln), ln->len);
            if (*p == '\0')
                return;
            p++;
            prefix = rest;
            sb_clear(ln);
            sb_puts(ln, prefix);
            used = 0;
            continue;
        }
        wlen = strcspn(p, " \n");
        wc = cols(p, wlen);
        if (used > 0 && used + 1 + wc > room) {
            emit_line(o, sb_str(ln), ln->len);
            prefix = rest;
            sb_clear(ln);
            sb_puts(ln, prefix);
            used = 0;
            continue;
        }
        if (used == 0 && wc > room) {
            const size_t k = bytes_for_cols(p, wlen, room);
            sb_putn(ln, p, k);
            emit_line(o, sb_str(ln), ln->len);
            p += k;
            prefix = rest;
            sb_clear(ln);
            sb_puts(ln, prefix);
            continue;
        }
        if (used > 0) {
            sb_putn(ln, " ", 1);
            used++;
        }
        sb_putn(ln, p, wlen);
        used += wc;
        p += wlen;
    }
}

/* Append `s` and pad it with spaces to `w` columns (nothing if wider). */
static void sb_pad(struct sbuf *b, const char *s, size_t w)
{
    const size_t c = cols(s, strlen(s));

    sb_puts(b, s);
    for (size_t k = c; k < w; k++)
        sb_putn(b, " ", 1);
}

/* Append `s` right-aligned in `w` columns. */
static void sb_rpad(struct sbuf *b, const char *s, size_t w)
{
    const size_t c = cols(s, strlen(s));

    for (size_t k = c; k < w; k++)
        sb_putn(b, " ", 1);
    sb_puts(b, s);
}

/* A row label that fits `w` columns is returned as is for padding; a
 * longer one is wrapped onto lines of its own first, after `indent`, and
 * the row then starts with an empty label. */
static const char *row_label(struct out *o, const char *indent,
                             const char *label, size_t w)
{
    if (cols(label, strlen(label)) <= w)
        return label;
    wrap(o, indent, indent, label);
    return "";
}

/* Fixed-precision numbers, with -0.000 shown as 0.000. */
static void fmt_num(char *buf, size_t n, double x, int prec, bool sign)
{
    const double half = 0.5 * pow(10.0, -prec);

    if (fabs(x) < half)
        x = 0.0;
    snprintf(buf, n, sign ? "%+.*f" : "%.*f", prec, x);
}

static const char *num3(char *buf, size_t n, double x)
{
    fmt_num(buf, n, x, 3, false);
    return buf;
}

/* ---- scenario helpers -------------------------------------------------- */

static const char *pname(const pl_scenario *s, const pl_analysis *a,
                         size_t j)
{
    return pl_scenario_party_name(s, a->party[j]);
}

static const char *role_name(pl_role r)
{
    switch (r) {
    case PL_ROLE_NEGOTIATOR:
        return "negotiator";
    case PL_ROLE_MEDIATOR:
        return "mediator";
    case PL_ROLE_OBSERVER:
        return "observer";
    }
    return "?";
}

/* The option a party values most on an issue (lowest index on ties), as
 * explain.c chooses it. */
static size_t preferred_option(const pl_scenario *s, size_t p, size_t i)
{
    const size_t m = pl_scenario_option_count(s, i);
    size_t best = 0;

    for (size_t k = 1; k < m; k++)
        if (pl_scenario_party_value(s, p, i, k) >
            pl_scenario_party_value(s, p, i, best))
            best = k;
    return best;
}

static double pct(double w)
{
    return 100.0 * w;
}

/* ---- sections ---------------------------------------------------------- */

static void section_title(struct out *o, const char *title)
{
    const size_t n = cols(title, strlen(title));

    blank(o);
    wrap(o, "", "", title);
    sb_clear(&o->tmp);
    for (size_t k = 0; k < n && k < o->width; k++)
        sb_putn(&o->tmp, "-", 1);
    emit(o, sb_str(&o->tmp));
}

static void put_header(struct out *o, const pl_scenario *s)
{
    const char *name = pl_scenario_name(s);
    const char *desc = pl_scenario_description(s);
    size_t n;

    if (!name || !*name)
        name = "Unnamed scenario";
    wrap(o, "", "", name);
    n = cols(name, strlen(name));
    sb_clear(&o->tmp);
    for (size_t k = 0; k < n && k < o->width; k++)
        sb_putn(&o->tmp, "=", 1);
    emit(o, sb_str(&o->tmp));
    if (desc && *desc) {
        blank(o);
        wrap(o, "", "", desc);
    }
}

static void put_space(struct out *o, const pl_scenario *s,
                      const pl_analysis *a)
{
    struct sbuf *t = &o->tmp;
    const double n_out = pl_count_to_double(a->n_outcomes);
    const double share =
        n_out > 0 ? 100.0 * (pl_count_to_double(a->zone_count) / n_out)
                  : 0.0;
    const bool one_out = pl_count_cmp(a->n_outcomes, pl_count_from_u64(1)) == 0;
    const bool one_zone = pl_count_cmp(a->zone_count, pl_count_from_u64(1)) == 0;
    char nb[PL_COUNT_DIGITS], zb[PL_COUNT_DIGITS];

    pl_count_format(a->n_outcomes, nb, sizeof nb);
    pl_count_format(a->zone_count, zb, sizeof zb);
    blank(o);
    sb_clear(t);
    sb_printf(t, "%s possible package%s (", nb, one_out ? "" : "s");
    if (!pl__count_le_u64(a->n_outcomes, UINT64_C(1) << 53))
        sb_printf(t, "about %.3g; ", n_out);
    sb_printf(t, "%zu issue%s, %zu part%s in the analysis). ",
              pl_scenario_issue_count(s),
              pl_scenario_issue_count(s) == 1 ? "" : "s", a->n_parties,
              a->n_parties == 1 ? "y" : "ies");
    if (a->zone_count_unknown && a->zone_estimate.valid) {
        const pl_zone_estimate *e = &a->zone_estimate;
        char lo[PL_COUNT_DIGITS], hi[PL_COUNT_DIGITS];
        pl_count_format(a->zone_min, lo, sizeof lo);
        pl_count_format(a->zone_max, hi, sizeof hi);
        sb_printf(t, "Zone of agreement: too large to count exactly; "
                     "estimate about %.4g packages (%.2f%%; 95%% "
                     "interval %.4g to %.4g, from %" PRIu64 " sampled "
                     "packages, %s, seed %" PRIu64 ")",
                  e->count, n_out > 0 ? 100.0 * (e->count / n_out) : 0.0,
                  e->ci95[0], e->ci95[1], e->samples, e->method, e->seed);
        if (a->zone_bounded)
            sb_printf(t, "; certainly between %s and %s", lo, hi);
        sb_puts(t, ".");
    } else if (a->zone_bounded) {
        char lo[96], hi[96];
        pl_count_format(a->zone_min, lo, sizeof lo);
        pl_count_format(a->zone_max, hi, sizeof hi);
        sb_printf(t, "Zone of agreement: between %s and %s packages "
                     "(counting stopped at its node budget).", lo, hi);
    } else if (a->zone_count_unknown)
        sb_puts(t, "Zone of agreement: not empty, but too large to count "
                   "exactly.");
    else if (pl__count_is_zero(a->zone_count))
        sb_puts(t, "There is no zone of agreement: no package is "
                   "acceptable to every party at once.");
    else if (share < 0.01)
        sb_printf(t, "Zone of agreement: %s packages (less than "
                     "0.01%%) are acceptable to every party and cross no "
                     "red line.",
                  zb);
    else
        sb_printf(t, "Zone of agreement: %s package%s (%.2f%%) "
                     "%s acceptable to every party and cross%s no red line.",
                  zb, one_zone ? "" : "s", share,
                  one_zone ? "is" : "are",
                  one_zone ? "es" : "");
    wrap(o, "", "", sb_str(t));
}

/* Column widths of the tables: role, numbers, and the name column's
 * bounds (a name column narrower than NAME_MIN makes a table pointless;
 * names wider than NAME_MAX get a line of their own). */
#define ROLE_W 12
#define NUM_W 9
#define NAME_MIN 8
#define NAME_MAX 28

/* Widen a name column of width w to fit `name`, up to `cap`; longer
 * names get lines of their own (row_label). */
static size_t fit_col(size_t w, const char *name, size_t cap)
{
    const size_t c = cols(name, strlen(name));

    if (c > w)
        w = c;
    return w < cap ? w : cap;
}

/* The cap for a name column beside `fixed` columns of other cells. */
static size_t name_cap(const struct out *o, size_t fixed)
{
    const size_t room = o->width > fixed ? o->width - fixed : 0;

    return room < NAME_MAX ? room : NAME_MAX;
}

static const char *not_analysed(const pl_scenario *s, size_t p)
{
    if (pl_scenario_party_role(s, p) == PL_ROLE_OBSERVER)
        return "(not in the analysis)";
    return "(states no preferences; not in the analysis)";
}

/* Analysis index of scenario party p, or a->n_parties if it is not in
 * the analysis. */
static size_t analysis_index(const pl_analysis *a, size_t p)
{
    size_t j = 0;

    while (j < a->n_parties && a->party[j] != p)
        j++;
    return j;
}

/* The parties as prose, for terminals too narrow for the table. */
static void put_parties_narrow(struct out *o, const pl_scenario *s,
                               const pl_analysis *a)
{
    const size_t np = pl_scenario_party_count(s);
    struct sbuf *t = &o->tmp;
    char b1[32], b2[32], b3[32];

    for (size_t p = 0; p < np; p++) {
        const size_t j = analysis_index(a, p);

        sb_clear(t);
        sb_printf(t, "%s, %s: ", pl_scenario_party_name(s, p),
                  role_name(pl_scenario_party_role(s, p)));
        if (j < a->n_parties)
            sb_printf(t, "no deal %s, worst %s, best %s",
                      num3(b1, sizeof b1, a->reservation[j]),
                      num3(b2, sizeof b2, a->umin[j]),
                      num3(b3, sizeof b3, a->umax[j]));
        else
            sb_puts(t, not_analysed(s, p));
        wrap(o, "  ", "    ", sb_str(t));
    }
}

#define PARTY_FIXED (2 + 1 + ROLE_W + 3 * NUM_W)

static void put_parties_table(struct out *o, const pl_scenario *s,
                              const pl_analysis *a)
{
    const size_t np = pl_scenario_party_count(s);
    const size_t cap = name_cap(o, PARTY_FIXED);
    struct sbuf *t = &o->tmp;
    char b1[32], b2[32], b3[32];
    size_t nw = 4;

    for (size_t p = 0; p < np; p++)
        nw = fit_col(nw, pl_scenario_party_name(s, p), cap);
    sb_clear(t);
    sb_puts(t, "  ");
    sb_pad(t, "", nw);
    sb_pad(t, " role", ROLE_W + 1);
    sb_rpad(t, "no deal", NUM_W);
    sb_rpad(t, "worst", NUM_W);
    sb_rpad(t, "best", NUM_W);
    emit(o, sb_str(t));
    for (size_t p = 0; p < np; p++) {
        const char *label =
            row_label(o, "  ", pl_scenario_party_name(s, p), nw);
        const size_t j = analysis_index(a, p);
        const char *note = not_analysed(s, p);

        sb_clear(t);
        sb_puts(t, "  ");
        sb_pad(t, label, nw);
        sb_puts(t, " ");
        sb_pad(t, role_name(pl_scenario_party_role(s, p)), ROLE_W);
        if (j < a->n_parties) {
            sb_rpad(t, num3(b1, sizeof b1, a->reservation[j]), NUM_W);
            sb_rpad(t, num3(b2, sizeof b2, a->umin[j]), NUM_W);
            sb_rpad(t, num3(b3, sizeof b3, a->umax[j]), NUM_W);
            emit(o, sb_str(t));
        } else if (cols(sb_str(t), t->len) + 1 + cols(note, strlen(note)) <=
                   o->width) {
            sb_puts(t, " ");
            sb_puts(t, note);
            emit(o, sb_str(t));
        } else {
            emit(o, sb_str(t));
            wrap(o, "    ", "    ", note);
        }
    }
}

static void put_parties(struct out *o, const pl_scenario *s,
                        const pl_analysis *a)
{
    struct sbuf *t = &o->tmp;

    section_title(o, "Parties");
    if (o->width >= PARTY_FIXED + NAME_MIN)
        put_parties_table(o, s, a);
    else
        put_parties_narrow(o, s, a);
    wrap(o, "  ", "  ",
         "Utility 1 is a party's best option on every issue; \"no deal\" "
         "is its reservation value, what it expects if the talks fail; "
         "worst and best are over all packages.");
    if (a->umin_bound && a->umax_bound) {
        char b1[32], b2[32], b3[32], b4[32];
        for (size_t j = 0; j < a->n_parties; j++) {
            sb_clear(t);
            sb_printf(t, "%s: worst in [%s, %s], best in [%s, %s] "
                      "(certified bounds: a range search ran out of its "
                      "node budget).",
                      pname(s, a, j),
                      num3(b1, sizeof b1, a->umin_bound[j]),
                      num3(b2, sizeof b2, a->umin[j]),
                      num3(b3, sizeof b3, a->umax[j]),
                      num3(b4, sizeof b4, a->umax_bound[j]));
            wrap(o, "  ", "    ", sb_str(t));
        }
    }
    if (a->n_hopeless > 0) {
        sb_clear(t);
        sb_puts(t, "No acceptable agreement at all for ");
        for (size_t k = 0; k < a->n_hopeless; k++) {
            if (k > 0)
                sb_puts(t, k + 1 == a->n_hopeless ? " and " : ", ");
            sb_puts(t, pname(s, a, a->hopeless[k]));
        }
        sb_puts(t, ": no package outside the red lines reaches the "
                   "no-deal utility.");
        blank(o);
        wrap(o, "  ", "  ", sb_str(t));
    }
}

/* Issue by issue: "  Issue name        Option name", option names wrapped
 * under their column. */
static void put_package_lines(struct out *o, const pl_scenario *s,
                              const uint32_t *outcome, const char *indent)
{
    const size_t ni = pl_scenario_issue_count(s);
    const size_t ind = cols(indent, strlen(indent));
    const size_t room = o->width > ind ? o->width - ind : 1;
    const size_t max_w = room * 2 / 5 < NAME_MAX ? room * 2 / 5 : NAME_MAX;
    size_t iw = 4;

    for (size_t i = 0; i < ni; i++)
        iw = fit_col(iw, pl_scenario_issue_name(s, i), max_w);
    for (size_t i = 0; i < ni; i++) {
        const char *label =
            row_label(o, indent, pl_scenario_issue_name(s, i), iw);

        sb_clear(&o->lead);
        sb_puts(&o->lead, indent);
        sb_pad(&o->lead, label, iw);
        sb_puts(&o->lead, "  ");
        sb_clear(&o->pad);
        sb_puts(&o->pad, indent);
        sb_pad(&o->pad, "", iw + 2);
        wrap(o, sb_str(&o->lead), sb_str(&o->pad),
             pl_scenario_option_name(s, i, outcome[i]));
    }
}

/* Per party: utility, gain over no deal, distance from its ideal. */
#define UTIL_W 10
#define GAIN_W 20
#define BELOW_W 17

static void put_utilities_table(struct out *o, const pl_scenario *s,
                                const pl_analysis *a, const double *u)
{
    const size_t fixed = 2 + UTIL_W + GAIN_W + BELOW_W;
    struct sbuf *t = &o->tmp;
    char b1[32], b2[32], b3[32];
    size_t nw;

    if (o->width < fixed + NAME_MIN) {
        for (size_t j = 0; j < a->n_parties; j++) {
            fmt_num(b2, sizeof b2, u[j] - a->reservation[j], 3, true);
            sb_clear(t);
            sb_printf(t, "%s: utility %s, gain over no deal %s, short of "
                         "its ideal by %s",
                      pname(s, a, j), num3(b1, sizeof b1, u[j]), b2,
                      num3(b3, sizeof b3, a->umax[j] - u[j]));
            wrap(o, "  ", "    ", sb_str(t));
        }
        return;
    }
    nw = 4;
    for (size_t j = 0; j < a->n_parties; j++)
        nw = fit_col(nw, pname(s, a, j), name_cap(o, fixed));
    sb_clear(t);
    sb_puts(t, "  ");
    sb_pad(t, "", nw);
    sb_rpad(t, "utility", UTIL_W);
    sb_rpad(t, "gain over no deal", GAIN_W);
    sb_rpad(t, "short of ideal", BELOW_W);
    emit(o, sb_str(t));
    for (size_t j = 0; j < a->n_parties; j++) {
        const char *label = row_label(o, "  ", pname(s, a, j), nw);

        sb_clear(t);
        sb_puts(t, "  ");
        sb_pad(t, label, nw);
        sb_rpad(t, num3(b1, sizeof b1, u[j]), UTIL_W);
        fmt_num(b2, sizeof b2, u[j] - a->reservation[j], 3, true);
        sb_rpad(t, b2, GAIN_W);
        sb_rpad(t, num3(b3, sizeof b3, a->umax[j] - u[j]), BELOW_W);
        emit(o, sb_str(t));
    }
}

static void put_nash(struct out *o, const pl_scenario *s,
                     const pl_analysis *a)
{
    const pl_package *n = &a->concept[PL_NASH];

    section_title(o, "Recommended package (Nash bargaining solution)");
    if (!a->found[PL_NASH]) {
        wrap(o, "", "",
             "None: no package gives every party more than its no-deal "
             "utility without crossing a red line.");
        return;
    }
    wrap(o, "", "",
         "The package with the largest product of the parties' gains over "
         "no deal. It is in the zone of agreement; no package that crosses "
         "no red line is better for one party without being worse for "
         "another; and it favours balanced gains: giving one party much "
         "more at another's expense lowers the product.");
    blank(o);
    put_package_lines(o, s, n->outcome, "  ");
    blank(o);
    put_utilities_table(o, s, a, n->utility);
}

/* Append "Issue (-12.1% of 22.0%)" or "Issue (28.0%)". */
static void give_get_item(struct sbuf *t, const char *issue, double w,
                          double share, bool gets)
{
    if (gets)
        sb_printf(t, "%s (%.1f%%)", issue, pct(w));
    else
        sb_printf(t, "%s (-%.1f%% of %.1f%%)", issue,
                  pct(w * (1.0 - share)), pct(w));
}

/* Issues sorted for the give-and-get lists: gets by weight, concessions
 * by what they cost, ties in issue order. */
static bool gg_before(const pl_scenario *s, size_t p, const double *share,
                      size_t x, size_t y, bool gets)
{
    const double wx = pl_scenario_party_weight(s, p, x);
    const double wy = pl_scenario_party_weight(s, p, y);
    const double kx = gets ? wx : wx * (1.0 - share[x]);
    const double ky = gets ? wy : wy * (1.0 - share[y]);

    if (kx != ky)
        return kx > ky;
    return x < y;
}

static void put_give_get_list(struct out *o, const pl_scenario *s,
                              size_t p, const double *share, bool gets,
                              size_t *order)
{
    const size_t ni = pl_scenario_issue_count(s);
    struct sbuf *t = &o->tmp;
    size_t n = 0;

    for (size_t i = 0; i < ni; i++) {
        const double w = pl_scenario_party_weight(s, p, i);
        size_t k;
        if (!(w > 0) || (share[i] == 1.0) != gets)
            continue;
        k = n++;
        while (k > 0 && gg_before(s, p, share, i, order[k - 1], gets)) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    sb_clear(t);
    for (size_t k = 0; k < n; k++) {
        if (k > 0)
            sb_puts(t, ", ");
        give_get_item(t, pl_scenario_issue_name(s, order[k]),
                      pl_scenario_party_weight(s, p, order[k]),
                      share[order[k]], gets);
    }
    if (n == 0)
        sb_puts(t, "nothing");
    wrap(o, gets ? "    gets      " : "    concedes  ", "              ",
         sb_str(t));
}

static void put_give_get(struct out *o, const pl_scenario *s,
                         const pl_analysis *a, size_t *order)
{
    struct sbuf *t = &o->tmp;

    if (!a->found[PL_NASH] || !a->nash_give_get)
        return;
    section_title(o, "What each party gets and gives up in it");
    wrap(o, "", "",
         "In % of the party's own total interest (its weights): \"gets\" "
         "lists issues where it has its preferred option, \"concedes\" the "
         "others, with the part of the issue's weight it gives up.");
    for (size_t j = 0; j < a->n_parties; j++) {
        const pl_give_get *g = &a->nash_give_get[j];
        const size_t p = a->party[j];

        sb_clear(t);
        sb_printf(t, "%s gets its way on issues worth %.1f%% of its "
                     "interest and gives up %.1f%% in all.",
                  pname(s, a, j), pct(g->gets), pct(g->gives));
        blank(o);
        wrap(o, "  ", "  ", sb_str(t));
        put_give_get_list(o, s, p, g->share, true, order);
        put_give_get_list(o, s, p, g->share, false, order);
    }
}

static void put_logroll(struct out *o, const pl_scenario *s,
                        const pl_analysis *a, const pl_logroll *r,
                        size_t rank)
{
    const char *na = pname(s, a, r->party_a), *nb = pname(s, a, r->party_b);
    const char *ia = pl_scenario_issue_name(s, r->issue_a);
    const char *ib = pl_scenario_issue_name(s, r->issue_b);
    const size_t pa = a->party[r->party_a], pb = a->party[r->party_b];
    struct sbuf *t = &o->tmp;
    char lead[32];

    snprintf(lead, sizeof lead, "  %zu. ", rank);
    sb_clear(t);
    sb_printf(t, "%s for %s, %s for %s\n", ia, na, ib, nb);
    if (r->weight_a_on_a > r->weight_b_on_a &&
        r->weight_b_on_b > r->weight_a_on_b)
        sb_printf(t, "%s cares more about %s (%.1f%% of its interest) "
                     "than %s does (%.1f%%); %s cares more about %s "
                     "(%.1f%%) than %s does (%.1f%%). ",
                  na, ia, pct(r->weight_a_on_a), nb, pct(r->weight_b_on_a),
                  nb, ib, pct(r->weight_b_on_b), na, pct(r->weight_a_on_b));
    else
        sb_printf(t, "For %s, %s weighs %.1f%% of its interest against "
                     "%.1f%% for %s; for %s, %.1f%% against %.1f%%. ",
                  na, ia, pct(r->weight_a_on_a), pct(r->weight_a_on_b), ib,
                  nb, pct(r->weight_b_on_a), pct(r->weight_b_on_b));
    sb_printf(t, "%s getting \"%s\" and %s getting \"%s\", rather than "
                 "the reverse, creates value for both: %+.3f for %s, "
                 "%+.3f for %s.",
              na,
              pl_scenario_option_name(s, r->issue_a,
                                      preferred_option(s, pa, r->issue_a)),
              nb,
              pl_scenario_option_name(s, r->issue_b,
                                      preferred_option(s, pb, r->issue_b)),
              r->gain_a, na, r->gain_b, nb);
    blank(o);
    wrap(o, lead, "     ", sb_str(t));
}

static void put_logrolls(struct out *o, const pl_scenario *s,
                         const pl_analysis *a)
{
    const size_t shown =
        a->n_logrolls < LOGROLLS_SHOWN ? a->n_logrolls : LOGROLLS_SHOWN;
    struct sbuf *t = &o->tmp;

    section_title(o, "Value-creating trades (logrolls)");
    if (a->n_logrolls == 0) {
        wrap(o, "", "",
             "None found: no two parties want different options on two "
             "issues that they weigh differently enough to trade.");
        return;
    }
    wrap(o, "", "",
         a->found[PL_NASH]
             ? "Two parties each get their way on the issue they care "
               "about more. Gains are in utility, against the opposite "
               "trade, with every other issue as in the recommended "
               "package."
             : "Two parties each get their way on the issue they care "
               "about more. Gains are in utility, against the opposite "
               "trade, counting the two issues only.");
    for (size_t k = 0; k < shown; k++)
        put_logroll(o, s, a, &a->logrolls[k], k + 1);
    if (a->n_logrolls > shown) {
        sb_clear(t);
        sb_printf(t, "(The %zu strongest are shown; the analysis keeps "
                     "%zu.)",
                  shown, a->n_logrolls);
        blank(o);
        wrap(o, "  ", "  ", sb_str(t));
    }
}

static const char *concept_title(pl_concept c)
{
    switch (c) {
    case PL_NASH:
        return "Nash";
    case PL_KALAI_SMORODINSKY:
        return "Kalai-Smorodinsky (the same share of each party's best "
               "gain in the zone)";
    case PL_EGALITARIAN:
        return "Egalitarian (the largest smallest gain over no deal)";
    case PL_MAX_WELFARE:
        return "Maximum welfare (the largest sum of utilities)";
    case PL_CONCEPT_COUNT:
        break;
    }
    return "?";
}

static void put_concept_utilities(struct out *o, const pl_scenario *s,
                                  const pl_analysis *a, const double *u)
{
    struct sbuf *t = &o->tmp;
    char b[32];

    sb_clear(t);
    sb_puts(t, "utilities: ");
    for (size_t j = 0; j < a->n_parties; j++) {
        if (j > 0)
            sb_puts(t, ", ");
        sb_printf(t, "%s %s", pname(s, a, j), num3(b, sizeof b, u[j]));
    }
    wrap(o, "    ", "      ", sb_str(t));
}

static void put_concepts(struct out *o, const pl_scenario *s,
                         const pl_analysis *a)
{
    const size_t ni = pl_scenario_issue_count(s);
    const pl_package *nash = &a->concept[PL_NASH];
    struct sbuf *t = &o->tmp;

    section_title(o, a->found[PL_NASH]
                         ? "Other solution concepts, compared with Nash"
                         : "Other solution concepts");
    for (int c = PL_KALAI_SMORODINSKY; c < PL_CONCEPT_COUNT; c++) {
        const pl_package *pk = &a->concept[c];

        blank(o);
        wrap(o, "  ", "    ", concept_title((pl_concept)c));
        if (!a->found[c]) {
            wrap(o, "    ", "    ",
                 pl__count_is_zero(a->zone_count) && !a->zone_count_unknown
                     ? "none: the zone of agreement is empty."
                     : "none: no admissible package.");
            continue;
        }
        if (!a->found[PL_NASH]) {
            put_package_lines(o, s, pk->outcome, "    ");
            put_concept_utilities(o, s, a, pk->utility);
            continue;
        }
        if (memcmp(pk->outcome, nash->outcome, ni * sizeof *pk->outcome) ==
            0) {
            wrap(o, "    ", "    ", "the same package as Nash.");
            continue;
        }
        sb_clear(t);
        sb_puts(t, "differs from Nash on ");
        for (size_t i = 0, n = 0; i < ni; i++) {
            if (pk->outcome[i] == nash->outcome[i])
                continue;
            if (n++ > 0)
                sb_puts(t, "; ");
            sb_printf(t, "%s: %s", pl_scenario_issue_name(s, i),
                      pl_scenario_option_name(s, i, pk->outcome[i]));
        }
        sb_puts(t, ".");
        wrap(o, "    ", "      ", sb_str(t));
        put_concept_utilities(o, s, a, pk->utility);
    }
}

/* "issue=option, ..." for the issues where `x` differs from `ref`, or a
 * note when there is nothing to compare. */
static void diff_ids(struct sbuf *t, const pl_scenario *s,
                     const uint32_t *x, const uint32_t *ref)
{
    const size_t ni = pl_scenario_issue_count(s);
    size_t n = 0;

    for (size_t i = 0; i < ni; i++) {
        if (ref && x[i] == ref[i])
            continue;
        if (n++ > 0)
            sb_puts(t, ", ");
        sb_printf(t, "%s=%s", pl_scenario_issue_id(s, i),
                  pl_scenario_option_id(s, i, x[i]));
    }
    if (n == 0)
        sb_puts(t, "(the Nash package)");
}

static double welfare(const pl_analysis *a, const double *u)
{
    double w = 0;

    for (size_t j = 0; j < a->n_parties; j++)
        w += u[j];
    return w;
}

/* Party columns of the frontier table, 8 wide each. */
#define COL_W 8

static void put_frontier(struct out *o, const pl_scenario *s,
                         const pl_analysis *a, size_t top)
{
    const uint32_t *ref =
        a->found[PL_NASH] ? a->concept[PL_NASH].outcome : NULL;
    const size_t shown = a->n_points < top ? a->n_points : top;
    const size_t lead_w = 11, table_w = lead_w + COL_W * (a->n_parties + 1);
    const bool table = table_w + 20 <= o->width;
    struct sbuf *t = &o->tmp, *lead = &o->lead;
    char b[32], pc[PL_COUNT_DIGITS], pzc[PL_COUNT_DIGITS];

    pl_count_format(a->pareto_count, pc, sizeof pc);
    pl_count_format(a->pareto_zone_count, pzc, sizeof pzc);
    section_title(o, "Pareto frontier");
    sb_clear(t);
    if (a->pareto_epsilon > 0)
        sb_printf(t, "APPROXIMATE: the frontier is too large to compute "
                     "exactly.  %zu packages, none better than another "
                     "for everyone, such that every possible package is "
                     "at most %.3g below one of them for every party "
                     "(certified epsilon); the solution concepts below are "
                     "the best among them.",
                  (size_t)a->pareto_vectors, a->pareto_epsilon);
    else
        sb_printf(t, "%s packages (%" PRIu64 " distinct utility "
                     "vectors) cannot be improved for one party without "
                     "hurting another; %s of them (%" PRIu64
                     " distinct) %s in the zone of agreement.",
                  pc, a->pareto_vectors, pzc, a->pareto_zone_vectors,
                  pl_count_cmp(a->pareto_zone_count, pl_count_from_u64(1)) == 0
                      ? "is"
                      : "are");
    wrap(o, "", "", sb_str(t));
    if (shown == 0)
        return;
    sb_clear(t);
    sb_printf(t, "The %zu with the largest total utility:", shown);
    blank(o);
    wrap(o, "", "", sb_str(t));
    if (table) {
        sb_clear(t);
        sb_puts(t, "   #  zone ");
        for (size_t j = 0; j < a->n_parties; j++) {
            char id[COL_W];
            snprintf(id, sizeof id, "%s", pl_scenario_party_id(s, a->party[j]));
            sb_rpad(t, id, COL_W);
        }
        sb_rpad(t, "total", COL_W);
        sb_puts(t, ref ? "  differs from Nash on" : "  package");
        emit(o, sb_str(t));
    }
    for (size_t k = 0; k < shown; k++) {
        const pl_package *pt = &a->points[k];

        sb_clear(lead);
        if (table) {
            sb_printf(lead, "%4zu  %-5s", k + 1, pt->in_zone ? "yes" : "no");
            for (size_t j = 0; j < a->n_parties; j++)
                sb_rpad(lead, num3(b, sizeof b, pt->utility[j]), COL_W);
            sb_rpad(lead, num3(b, sizeof b, welfare(a, pt->utility)),
                    COL_W);
            sb_puts(lead, "  ");
            sb_clear(&o->pad);
            sb_pad(&o->pad, "", cols(sb_str(lead), lead->len));
            sb_clear(t);
            diff_ids(t, s, pt->outcome, ref);
            wrap(o, sb_str(lead), sb_str(&o->pad), sb_str(t));
            continue;
        }
        sb_printf(lead, "%4zu. ", k + 1);
        sb_clear(t);
        sb_printf(t, "%s the zone; total %s; ",
                  pt->in_zone ? "in" : "outside",
                  num3(b, sizeof b, welfare(a, pt->utility)));
        for (size_t j = 0; j < a->n_parties; j++)
            sb_printf(t, "%s %s, ", pl_scenario_party_id(s, a->party[j]),
                      num3(b, sizeof b, pt->utility[j]));
        sb_puts(t, ref ? "differs from Nash on: " : "package: ");
        diff_ids(t, s, pt->outcome, ref);
        wrap(o, sb_str(lead), "      ", sb_str(t));
    }
    if (a->n_points > shown ||
        (a->pareto_epsilon == 0 && !pl__count_le_u64(a->pareto_count, shown)) ||
        (a->pareto_epsilon > 0 && a->pareto_vectors > shown)) {
        pl_count more = a->pareto_epsilon > 0
                            ? pl_count_from_u64(a->pareto_vectors)
                            : a->pareto_count;
        pl__count_sub(&more, pl_count_from_u64(shown));
        pl_count_format(more, pc, sizeof pc);
        sb_clear(t);
        sb_printf(t, "(%s more not shown.)", pc);
        wrap(o, "", "", sb_str(t));
    }
}

static void put_method(struct out *o, const pl_analysis *a)
{
    if (!a->method[0])
        return;
    sb_clear(&o->tmp);
    sb_puts(&o->tmp, "Method: ");
    sb_putn(&o->tmp, a->method, strnlen(a->method, sizeof a->method));
    sb_puts(&o->tmp, ".");
    blank(o);
    wrap(o, "", "", sb_str(&o->tmp));
}

pl_status pl_report_text(const pl_scenario *s, const pl_analysis *a,
                         const pl_report_opts *opts, FILE *f)
{
    const pl_report_opts def = pl_report_opts_default();
    const pl_report_opts *op = opts ? opts : &def;
    struct out o;
    size_t *order;
    pl_status rc = PL_OK;

    if (!s || !a || !f)
        return PL_EINVAL;
    memset(&o, 0, sizeof o);
    o.f = f;
    o.width = op->width > 0 ? (size_t)op->width : 80;
    order = pl__calloc(pl_scenario_issue_count(s), sizeof *order);
    if (!order)
        return PL_ENOMEM;

    put_header(&o, s);
    put_space(&o, s, a);
    put_parties(&o, s, a);
    put_nash(&o, s, a);
    put_give_get(&o, s, a, order);
    put_logrolls(&o, s, a);
    put_concepts(&o, s, a);
    put_frontier(&o, s, a, op->top ? op->top : TOP_DEFAULT);
    put_method(&o, a);

    if (o.tmp.oom || o.line.oom || o.lead.oom || o.pad.oom)
        rc = PL_ENOMEM;
    else if (fflush(f) != 0 || ferror(f))
        rc = PL_EIO;
    pl__free(order);
    pl__free(o.tmp.p);
    pl__free(o.line.p);
    pl__free(o.lead.p);
    pl__free(o.pad.p);
    return rc;
}
