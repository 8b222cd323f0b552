/* Explanations a mediator reads: what each party gives and gets in the Nash
 * package, and the value-creating trades (logrolls) between parties.
 *
 * Give and get (per analysis party p, Nash package o):
 *   share_i = v_pi(o_i) / max_k v_pi(k)   (1 when that maximum is 0)
 *   gets    = sum of w_pi over issues with w_pi > 0 and share_i = 1
 *   gives   = sum of w_pi * (1 - share_i) over issues with w_pi > 0
 * with p's normalised weights w and values v (interaction terms belong to
 * no single issue and are left out).  gets + gives <= 1; the rest is what
 * p keeps of the issues it wins only in part.
 *
 * Logrolls.  For analysis parties a < b and issues i != j let A_i be a's
 * preferred option on i and B_i b's (the lowest-indexed best when there
 * are ties).  (a, b, i, j) is a candidate when
 *   - a weighs i relatively more than b does: w_ai * w_bj > w_aj * w_bi
 *     (the cross-multiplied form of w_ai / w_aj > w_bi / w_bj, safe at 0);
 *   - they want different options on both issues: v_a(B_i) < v_a(A_i),
 *     v_b(A_i) < v_b(B_i), and the same on j.
 * The trade gives a its way on i and b its way on j.  Its gains compare it
 * with the opposite trade (b gets i, a gets j), the only other way for the
 * two to split the two issues:
 *   gain_a = u_a(o[i:=A_i, j:=B_j]) - u_a(o[i:=B_i, j:=A_j])
 *   gain_b = u_b(o[i:=A_i, j:=B_j]) - u_b(o[i:=B_i, j:=A_j])
 * where o is the Nash package, so interaction terms count as they would in
 * the recommended package (every other issue stays as Nash has it).  With
 * no Nash package the gains use the additive terms of i and j only:
 *   gain_a = w_ai (v_a(A_i) - v_a(B_i)) - w_aj (v_a(A_j) - v_a(B_j)).
 * Without interactions the two forms agree.  A real logroll has both gains
 * above LOGROLL_EPS; a < b and the mirrored (j, i) trade having the
 * negated gains means every trade is found once.
 *
 * Ranking: the smaller of the two gains, descending (a trade is only as
 * attractive as it is to its less eager side), then gain_a + gain_b
 * descending, then party and issue indices ascending, so the order is
 * deterministic.  At most LOGROLL_MAX are kept, in a sorted top-k array.
 *
 * Cost: O(P * K) for the best options (K = options over all issues), then
 * O(P^2 * I^2) candidate tests, each passing test costing four utility
 * evaluations (O(I + clauses)); negligible next to the enumeration that
 * precedes it (the space has at least 2^I' outcomes for I' issues with two
 * or more options). */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "explain.h"

#include "core/alloc.h"

/* Keep this many trades: enough for every report section and JSON, small
 * enough to read.  (Our choice, not tuned.) */
#define LOGROLL_MAX 32
/* Gains at or below this are rounding noise, not value. */
#define LOGROLL_EPS 1e-9

/* ---- give and get ------------------------------------------------------ */

static double best_value(const pl_scenario *s, size_t p, size_t i)
{
    const size_t m = pl_scenario_option_count(s, i);
    double best = 0;

    for (size_t k = 0; k < m; k++) {
        const double v = pl_scenario_party_value(s, p, i, k);
        if (v > best)
            best = v;
    }
    return best;
}

static pl_status fill_give_get(const pl_scenario *s, pl_analysis *a)
{
    const size_t n_issues = pl_scenario_issue_count(s);
    const uint32_t *o = a->concept[PL_NASH].outcome;

    assert(a->nash_give_get == NULL);
    a->nash_give_get = pl__calloc(a->n_parties, sizeof *a->nash_give_get);
    if (!a->nash_give_get)
        return PL_ENOMEM;
    for (size_t j = 0; j < a->n_parties; j++) {
        pl_give_get *gg = &a->nash_give_get[j];
        const size_t p = a->party[j];

        gg->share = pl__calloc(n_issues, sizeof *gg->share);
        if (!gg->share)
            return PL_ENOMEM;
        for (size_t i = 0; i < n_issues; i++) {
            const double w = pl_scenario_party_weight(s, p, i);
            const double best = best_value(s, p, i);
            const double v = pl_scenario_party_value(s, p, i, o[i]);
            const double share = best > 0 ? v / best : 1.0;

            gg->share[i] = share;
            if (!(w > 0))
                continue;
            if (share == 1.0)
                gg->gets += w;
            else
                gg->gives += w * (1.0 - share);
        }
    }
    return PL_OK;
}

/* ---- logrolls ---------------------------------------------------------- */

/* Per analysis party and issue: its preferred option and that option's
 * value.  Row-major by analysis party. */
struct prefs {
    size_t n_issues;
    uint32_t *best;  /* n_parties * n_issues */
    double *vmax;    /* n_parties * n_issues */
};

static pl_status prefs_init(struct prefs *pr, const pl_scenario *s,
                            const pl_analysis *a)
{
    const size_t n_issues = pl_scenario_issue_count(s);
    const size_t n = a->n_parties * n_issues;

    pr->n_issues = n_issues;
    pr->best = pl__calloc(n, sizeof *pr->best);
    pr->vmax = pl__calloc(n, sizeof *pr->vmax);
    if (!pr->best || !pr->vmax)
        return PL_ENOMEM;
    for (size_t j = 0; j < a->n_parties; j++) {
        for (size_t i = 0; i < n_issues; i++) {
            const size_t m = pl_scenario_option_count(s, i);
            uint32_t bk = 0;
            double bv = -1;

            for (size_t k = 0; k < m; k++) {
                const double v = pl_scenario_party_value(s, a->party[j], i, k);
                if (v > bv) {
                    bv = v;
                    bk = (uint32_t)k;
                }
            }
            pr->best[j * n_issues + i] = bk;
            pr->vmax[j * n_issues + i] = bv;
        }
    }
    return PL_OK;
}

static void prefs_free(struct prefs *pr)
{
    pl__free(pr->best);
    pl__free(pr->vmax);
}

/* Do analysis parties ja and jb want different options on issue i: does
 * neither value the other's preferred option as highly as its own? */
static bool disagree(const pl_scenario *s, const pl_analysis *a,
                     const struct prefs *pr, size_t ja, size_t jb, size_t i)
{
    const size_t xa = ja * pr->n_issues + i, xb = jb * pr->n_issues + i;

    return pl_scenario_party_value(s, a->party[ja], i, pr->best[xb]) <
               pr->vmax[xa] &&
           pl_scenario_party_value(s, a->party[jb], i, pr->best[xa]) <
               pr->vmax[xb];
}

/* Utility of analysis party j when issue i takes option x and issue j2
 * option y.  With a context outcome (the Nash package, copied in `buf`)
 * this is the full utility, interactions included; without one only the
 * two issues' additive terms, which is all a difference of two such
 * values needs. */
static double trade_utility(const pl_scenario *s, size_t p,
                            const uint32_t *ctx, uint32_t *buf, size_t i,
                            uint32_t x, size_t j2, uint32_t y)
{
    double u;

    if (!ctx)
        return pl_scenario_party_weight(s, p, i) *
                   pl_scenario_party_value(s, p, i, x) +
               pl_scenario_party_weight(s, p, j2) *
                   pl_scenario_party_value(s, p, j2, y);
    buf[i] = x;
    buf[j2] = y;
    u = pl_scenario_utility(s, p, buf);
    buf[i] = ctx[i];
    buf[j2] = ctx[j2];
    return u;
}

/* Is trade x ranked ahead of trade y?  See the file comment. */
static bool ranks_before(const pl_logroll *x, const pl_logroll *y)
{
    const double mx = fmin(x->gain_a, x->gain_b);
    const double my = fmin(y->gain_a, y->gain_b);
    const double sx = x->gain_a + x->gain_b, sy = y->gain_a + y->gain_b;

    if (mx != my)
        return mx > my;
    if (sx != sy)
        return sx > sy;
    if (x->party_a != y->party_a)
        return x->party_a < y->party_a;
    if (x->party_b != y->party_b)
        return x->party_b < y->party_b;
    if (x->issue_a != y->issue_a)
        return x->issue_a < y->issue_a;
    return x->issue_b < y->issue_b;
}

/* Insert `t` into the sorted top-k array `list` of *n entries (room for
 * LOGROLL_MAX), dropping the weakest when full. */
static void top_insert(pl_logroll *list, size_t *n, const pl_logroll *t)
{
    size_t pos;

    if (*n == LOGROLL_MAX) {
        if (!ranks_before(t, &list[LOGROLL_MAX - 1]))
            return;
        pos = LOGROLL_MAX - 1;
    } else {
        pos = (*n)++;
    }
    while (pos > 0 && ranks_before(t, &list[pos - 1])) {
        list[pos] = list[pos - 1];
        pos--;
    }
    list[pos] = *t;
}

/* Test trade (ja gets i, jb gets j2) and keep it if it is a logroll. */
static void consider(const pl_scenario *s, const pl_analysis *a,
                     const struct prefs *pr, const uint32_t *ctx,
                     uint32_t *buf, size_t ja, size_t jb, size_t i,
                     size_t j2, pl_logroll *list, size_t *n)
{
    const size_t pa = a->party[ja], pb = a->party[jb];
    const size_t ni = pr->n_issues;
    const uint32_t ai = pr->best[ja * ni + i], aj = pr->best[ja * ni + j2];
    const uint32_t bi = pr->best[jb * ni + i], bj = pr->best[jb * ni + j2];
    pl_logroll t;

    memset(&t, 0, sizeof t);
    t.weight_a_on_a = pl_scenario_party_weight(s, pa, i);
    t.weight_a_on_b = pl_scenario_party_weight(s, pa, j2);
    t.weight_b_on_a = pl_scenario_party_weight(s, pb, i);
    t.weight_b_on_b = pl_scenario_party_weight(s, pb, j2);
    if (!(t.weight_a_on_a * t.weight_b_on_b >
          t.weight_a_on_b * t.weight_b_on_a))
        return;
    if (!disagree(s, a, pr, ja, jb, i) || !disagree(s, a, pr, ja, jb, j2))
        return;
    t.gain_a = trade_utility(s, pa, ctx, buf, i, ai, j2, bj) -
               trade_utility(s, pa, ctx, buf, i, bi, j2, aj);
    t.gain_b = trade_utility(s, pb, ctx, buf, i, ai, j2, bj) -
               trade_utility(s, pb, ctx, buf, i, bi, j2, aj);
    if (!(t.gain_a > LOGROLL_EPS && t.gain_b > LOGROLL_EPS))
        return;
    t.party_a = (uint32_t)ja;
    t.party_b = (uint32_t)jb;
    t.issue_a = (uint32_t)i;
    t.issue_b = (uint32_t)j2;
    top_insert(list, n, &t);
}

static pl_status find_logrolls(const pl_scenario *s, pl_analysis *a)
{
    const size_t n_issues = pl_scenario_issue_count(s);
    const uint32_t *ctx =
        a->found[PL_NASH] ? a->concept[PL_NASH].outcome : NULL;
    struct prefs pr = {0, NULL, NULL};
    uint32_t *buf = NULL;
    pl_logroll *list = NULL;
    size_t n = 0;
    pl_status rc;

    assert(a->logrolls == NULL);
    a->n_logrolls = 0;
    if (a->n_parties < 2 || n_issues < 2)
        return PL_OK;
    rc = prefs_init(&pr, s, a);
    if (rc != PL_OK)
        goto out;
    rc = PL_ENOMEM;
    list = pl__calloc(LOGROLL_MAX, sizeof *list);
    buf = pl__calloc(n_issues, sizeof *buf);
    if (!list || !buf)
        goto out;
    if (ctx)
        memcpy(buf, ctx, n_issues * sizeof *buf);
    for (size_t ja = 0; ja < a->n_parties; ja++)
        for (size_t jb = ja + 1; jb < a->n_parties; jb++)
            for (size_t i = 0; i < n_issues; i++)
                for (size_t j2 = 0; j2 < n_issues; j2++)
                    if (i != j2)
                        consider(s, a, &pr, ctx, buf, ja, jb, i, j2, list,
                                 &n);
    rc = PL_OK;
    if (n > 0) {
        a->logrolls = list;
        a->n_logrolls = n;
        list = NULL;
    }
out:
    pl__free(list);
    pl__free(buf);
    prefs_free(&pr);
    return rc;
}

pl_status pl__analysis_explain(const pl_scenario *s, pl_analysis *a)
{
    pl_status rc;

    if (!s || !a)
        return PL_EINVAL;
    if (a->found[PL_NASH]) {
        rc = fill_give_get(s, a);
        if (rc != PL_OK)
            return rc;
    }
    return find_logrolls(s, a);
}
