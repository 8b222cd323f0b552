/* The registry of built-in strategies and the strict parser of strategy
 * specs "NAME[:k=v,...]".  Keys are the strategy's own numeric parameters
 * plus the generic parts every strategy has:
 *   ac=next|const|time|combi|none, joined with '+' (any may accept)
 *   a=, b=   AC_next: accept if a * u(next bid) + b <= u(offer)
 *   c=       AC_const threshold        T=  AC_time / AC_combi time
 *   model=none|freq                    opponent model
 * Anything else is an error: a typo must not silently change a run. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/emit.h"
#include "negotiate/strategy.h"

static const pl_strategy *const builtins[] = {
    &pl__strategy_boulware, &pl__strategy_linear,    &pl__strategy_conceder,
    &pl__strategy_timedep,  &pl__strategy_hardliner, &pl__strategy_random,
    &pl__strategy_tft,      &pl__strategy_freq,      &pl__strategy_hillclimber,
    &pl__strategy_annealer,
};

size_t pl_strategy_count(void)
{
    return sizeof builtins / sizeof builtins[0];
}

const pl_strategy *pl_strategy_at(size_t i)
{
    return i < pl_strategy_count() ? builtins[i] : NULL;
}

const pl_strategy *pl_strategy_find(const char *name)
{
    for (size_t i = 0; name && i < pl_strategy_count(); i++)
        if (strcmp(builtins[i]->name, name) == 0)
            return builtins[i];
    return NULL;
}

static const struct {
    const char *name;
    unsigned bit;
} ac_names[] = {
    {"next", PL__AC_NEXT},
    {"const", PL__AC_CONST},
    {"time", PL__AC_TIME},
    {"combi", PL__AC_COMBI},
};

static bool parse_ac(const char *v, size_t n, unsigned *mask)
{
    *mask = 0;
    if (n == 4 && memcmp(v, "none", 4) == 0)
        return true;
    while (n > 0) {
        const char *plus = memchr(v, '+', n);
        const size_t len = plus ? (size_t)(plus - v) : n;
        bool ok = false;
        for (size_t j = 0; j < sizeof ac_names / sizeof ac_names[0]; j++) {
            if (strlen(ac_names[j].name) == len &&
                memcmp(ac_names[j].name, v, len) == 0 &&
                !(*mask & ac_names[j].bit)) {
                *mask |= ac_names[j].bit;
                ok = true;
            }
        }
        if (!ok)
            return false;
        if (!plus)
            break;
        n -= len + 1;
        v = plus + 1;
        if (n == 0)
            return false;
    }
    return *mask != 0;
}

static bool parse_num(const char *v, size_t n, double *out)
{
    char buf[64];
    char *end;
    double x;

    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, v, n);
    buf[n] = 0;
    if (buf[0] == ' ' || buf[0] == '\t' || buf[0] == '+')
        return false;
    errno = 0;
    x = strtod(buf, &end);
    if (*end || errno || !isfinite(x))
        return false;
    *out = x;
    return true;
}

/* Generic keys, in normalised order. */
enum { G_AC, G_A, G_B, G_C, G_T, G_MODEL, G_COUNT };
static const char *const gkeys[G_COUNT] = {"ac", "a", "b", "c", "T", "model"};

static void append(char *buf, size_t cap, size_t *len, const char *s)
{
    const size_t n = strlen(s);

    if (*len + n + 1 > cap)
        return;
    memcpy(buf + *len, s, n + 1);
    *len += n;
}

static void normalise(pl__spec *sp)
{
    char num[32];
    size_t len = 0;
    const pl_strategy *st = sp->st;

    sp->norm[0] = 0;
    append(sp->norm, sizeof sp->norm, &len, st->name);
    append(sp->norm, sizeof sp->norm, &len, ":");
    for (size_t i = 0; i < st->n_params; i++) {
        append(sp->norm, sizeof sp->norm, &len, st->params[i].key);
        append(sp->norm, sizeof sp->norm, &len, "=");
        append(sp->norm, sizeof sp->norm, &len,
               pl__fmt_double(sp->param[i], num));
        append(sp->norm, sizeof sp->norm, &len, ",");
    }
    append(sp->norm, sizeof sp->norm, &len, "ac=");
    if (!sp->ac.mask)
        append(sp->norm, sizeof sp->norm, &len, "none");
    for (size_t j = 0, first = 1; j < sizeof ac_names / sizeof ac_names[0];
         j++) {
        if (sp->ac.mask & ac_names[j].bit) {
            if (!first)
                append(sp->norm, sizeof sp->norm, &len, "+");
            append(sp->norm, sizeof sp->norm, &len, ac_names[j].name);
            first = 0;
        }
    }
    append(sp->norm, sizeof sp->norm, &len, ",a=");
    append(sp->norm, sizeof sp->norm, &len, pl__fmt_double(sp->ac.a, num));
    append(sp->norm, sizeof sp->norm, &len, ",b=");
    append(sp->norm, sizeof sp->norm, &len, pl__fmt_double(sp->ac.b, num));
    append(sp->norm, sizeof sp->norm, &len, ",c=");
    append(sp->norm, sizeof sp->norm, &len, pl__fmt_double(sp->ac.c, num));
    append(sp->norm, sizeof sp->norm, &len, ",T=");
    append(sp->norm, sizeof sp->norm, &len, pl__fmt_double(sp->ac.T, num));
    append(sp->norm, sizeof sp->norm, &len,
           sp->model ? ",model=freq" : ",model=none");
}

pl_status pl__spec_parse(const char *spec, const pl_strategy *custom,
                         pl__spec *out, pl_diag *diag)
{
    const char *colon, *p;
    size_t name_len;
    bool seen_g[G_COUNT] = {false};
    bool seen_p[PL__MAX_PARAMS] = {false};
    const pl_strategy *st = NULL;

    memset(out, 0, sizeof *out);
    if (!spec || !*spec)
        return pl_diag_set(diag, PL_EINVAL, 0, 0, "empty strategy");
    colon = strchr(spec, ':');
    name_len = colon ? (size_t)(colon - spec) : strlen(spec);
    if (custom) {
        if (custom->name && strlen(custom->name) == name_len &&
            memcmp(custom->name, spec, name_len) == 0)
            st = custom;
    } else {
        for (size_t i = 0; i < pl_strategy_count(); i++)
            if (strlen(builtins[i]->name) == name_len &&
                memcmp(builtins[i]->name, spec, name_len) == 0)
                st = builtins[i];
    }
    if (!st)
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "unknown strategy '%.*s' (see 'parley list "
                           "strategies')",
                           (int)(name_len > 64 ? 64 : name_len), spec);
    if (!st->propose || st->n_params > PL__MAX_PARAMS)
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "strategy '%s' has no bidding part or too many "
                           "parameters",
                           st->name);
    out->st = st;
    for (size_t i = 0; i < st->n_params; i++)
        out->param[i] = st->params[i].dflt;
    out->ac.mask = PL__AC_NEXT;
    out->ac.a = 1;
    out->ac.b = 0;
    out->ac.c = 1;
    out->ac.T = 0.99;
    out->model = st == &pl__strategy_freq;
    p = colon ? colon + 1 : NULL;
    if (colon && !*p)
        return pl_diag_set(diag, PL_EINVAL, 0, 0,
                           "strategy '%s': nothing after ':'", st->name);
    while (p && *p) {
        const char *comma = strchr(p, ',');
        const size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t klen, vlen;
        const char *v;
        bool done = false;

        if (!eq || eq == p)
            return pl_diag_set(diag, PL_EINVAL, 0, 0,
                               "strategy '%s': expected key=value, got "
                               "'%.*s'",
                               st->name, (int)(len > 64 ? 64 : len), p);
        klen = (size_t)(eq - p);
        v = eq + 1;
        vlen = len - klen - 1;
        for (size_t i = 0; i < st->n_params && !done; i++) {
            const pl_param_spec *ps = &st->params[i];
            double x;
            if (strlen(ps->key) != klen || memcmp(ps->key, p, klen) != 0)
                continue;
            done = true;
            if (seen_p[i])
                return pl_diag_set(diag, PL_EINVAL, 0, 0,
                                   "strategy '%s': '%s' given twice", st->name,
                                   ps->key);
            seen_p[i] = true;
            if (!parse_num(v, vlen, &x) || x < ps->min || x > ps->max)
                return pl_diag_set(diag, PL_EINVAL, 0, 0,
                                   "strategy '%s': %s must be a number in "
                                   "[%g, %g], got '%.*s'",
                                   st->name, ps->key, ps->min, ps->max,
                                   (int)(vlen > 32 ? 32 : vlen), v);
            out->param[i] = x;
        }
        for (int g = 0; g < G_COUNT && !done; g++) {
            double x = 0;
            bool ok;
            if (strlen(gkeys[g]) != klen || memcmp(gkeys[g], p, klen) != 0)
                continue;
            done = true;
            if (seen_g[g])
                return pl_diag_set(diag, PL_EINVAL, 0, 0,
                                   "strategy '%s': '%s' given twice", st->name,
                                   gkeys[g]);
            seen_g[g] = true;
            if (g == G_AC) {
                ok = parse_ac(v, vlen, &out->ac.mask);
            } else if (g == G_MODEL) {
                ok = true;
                if (vlen == 4 && memcmp(v, "none", 4) == 0)
                    out->model = false;
                else if (vlen == 4 && memcmp(v, "freq", 4) == 0)
                    out->model = true;
                else
                    ok = false;
            } else {
                double lo = 0, hi = 1, *dst = &out->ac.T;
                if (g == G_A) {
                    lo = 0, hi = 10, dst = &out->ac.a;
                } else if (g == G_B) {
                    lo = -1, hi = 1, dst = &out->ac.b;
                } else if (g == G_C) {
                    lo = -10, hi = 10, dst = &out->ac.c;
                }
                ok = parse_num(v, vlen, &x) && x >= lo && x <= hi;
                *dst = x;
            }
            if (!ok)
                return pl_diag_set(
                    diag, PL_EINVAL, 0, 0,
                    "strategy '%s': bad value '%.*s' for %s (%s)", st->name,
                    (int)(vlen > 32 ? 32 : vlen), v, gkeys[g],
                    g == G_AC      ? "next, const, time, combi joined by '+', "
                                     "or none"
                    : g == G_MODEL ? "none or freq"
                    : g == G_A     ? "a number in [0, 10]"
                    : g == G_B     ? "a number in [-1, 1]"
                    : g == G_C     ? "a number in [-10, 10]"
                                   : "a number in [0, 1]");
        }
        if (!done)
            return pl_diag_set(diag, PL_EINVAL, 0, 0,
                               "strategy '%s': unknown parameter '%.*s'",
                               st->name, (int)(klen > 32 ? 32 : klen), p);
        if (comma && !comma[1])
            return pl_diag_set(diag, PL_EINVAL, 0, 0,
                               "strategy '%s': trailing ','", st->name);
        p = comma ? comma + 1 : NULL;
    }
    normalise(out);
    return PL_OK;
}

pl_status pl_strategy_check(const char *spec, const pl_strategy *custom,
                            pl_diag *diag)
{
    pl__spec sp;

    return pl__spec_parse(spec, custom, &sp, diag);
}
