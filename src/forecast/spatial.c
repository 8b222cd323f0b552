/* Spatial bargaining models for one-dimensional issues.
 *
 * Each model reads the issue's "view" (the actors with a position, their
 * weights w = capability * salience/100, saliences s in [0, 1] and
 * capabilities c) and returns a point on the 0-100 scale.  Static models
 * (compromise, median, Nash) are exact or solved to 1e-9; dynamic models
 * (BDM, PCE) run rounds and summarise the final positions.  Tuned for
 * DEU III: n <= 30 actors, a few hundred issues; BDM costs O(n^3) per round,
 * PCE O(n^2 + sum of queue sizes^2 * n) per round.  No randomness.
 *
 * Formulas and citations: docs/forecast.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "forecast_int.h"

static const char *const model_names[PL_FC__MODEL_COUNT] = {
    "compromise", "median", "nash", "nash-far", "bdm", "pce",
};

const char *pl_fc_model_name(pl_fc_model m)
{
    if ((unsigned)m >= PL_FC__MODEL_COUNT)
        return NULL;
    return model_names[m];
}

bool pl_fc_model_from_name(const char *name, pl_fc_model *out)
{
    for (unsigned m = 0; name && m < PL_FC__MODEL_COUNT; m++) {
        if (strcmp(name, model_names[m]) == 0) {
            *out = (pl_fc_model)m;
            return true;
        }
    }
    return false;
}

const char *pl_fc_summary_name(pl_fc_summary s)
{
    switch (s) {
    case PL_FC_SUM_MEAN:
        return "mean";
    case PL_FC_SUM_MEDIAN:
        return "median";
    case PL_FC_SUM_PCE:
        return "pce";
    }
    return NULL;
}

pl_fc_opts pl_fc_opts_default(void)
{
    /* A priori choices, not tuned (docs/forecast.md): salience enters
     * linearly; BDM runs 3 rounds with Q = T = 1 and reports the
     * weighted mean of the final positions; PCE uses proportional
     * voting (q = 1) and KTAB's stopping rule.  The backtest's -cv rows
     * report what tuning would give. */
    const pl_fc_opts o = {
        .salience_exponent = 1.0,
        .bdm_rounds = 3,
        .bdm_q = 1.0,
        .bdm_t = 1.0,
        .bdm_summary = PL_FC_SUM_MEAN,
        .pce_max_rounds = 100,
        .pce_exponent = 1.0,
        .pce_summary = PL_FC_SUM_MEAN,
        .trace = NULL,
        .trace_ctx = NULL,
    };
    return o;
}

/* ---- weighted mean and median ---- */

double pl__fc_wmean(const double *x, const double *w, size_t n)
{
    double sw = 0, swx = 0;

    for (size_t i = 0; i < n; i++) {
        sw += w[i];
        swx += w[i] * x[i];
    }
    if (!(sw > 0))
        return NAN;
    return swx / sw;
}

/* The smallest x_i whose cumulative weight (all x_j <= x_i) reaches half
 * the total.  O(n^2) without allocating, which keeps the BDM inner loop
 * infallible; n is at most PL_FC_MAX_ACTORS. */
double pl__fc_wmedian(const double *x, const double *w, size_t n)
{
    double total = 0, med = NAN;

    for (size_t i = 0; i < n; i++)
        total += w[i];
    for (size_t i = 0; i < n; i++) {
        double cum = 0;
        if (!isnan(med) && x[i] >= med)
            continue;
        for (size_t j = 0; j < n; j++)
            if (x[j] <= x[i])
                cum += w[j];
        /* Relative tolerance so that sums like 0.1 + 0.2 reach exactly
         * half of the total. */
        if (cum >= total / 2 - 1e-12 * total)
            med = x[i];
    }
    return med;
}

/* ---- Probabilistic Condorcet Election ---- */

/* Probability that option a beats option b given coalition strengths
 * sa (for a) and sb (for b): sa^q / (sa^q + sb^q); 1/2 when both are 0. */
static double victory(double sa, double sb, double q)
{
    if (!(sa > 0) && !(sb > 0))
        return 0.5;
    if (!(sb > 0))
        return 1.0;
    if (!(sa > 0))
        return 0.0;
    return 1.0 / (1.0 + pow(sb / sa, q));
}

/* Stationary distribution of the m-state transition matrix t (row a =
 * from a) by the Grassmann-Taksar-Heyman elimination: O(m^3), no
 * subtractions, hence stable.  Overwrites t.  False when a state cannot
 * reach a lower-numbered one (the chain is reducible there); the caller
 * then falls back to power iteration. */
static bool gth_stationary(double *t, size_t m, double *pi)
{
    double total = 0;

    for (size_t k = m - 1; k > 0; k--) {
        double out = 0;
        for (size_t j = 0; j < k; j++)
            out += t[k * m + j];
        if (!(out > 1e-300))
            return false;
        for (size_t i = 0; i < k; i++)
            t[i * m + k] /= out;
        for (size_t i = 0; i < k; i++) {
            const double f = t[i * m + k];
            if (f == 0)
                continue;
            for (size_t j = 0; j < k; j++)
                t[i * m + j] += f * t[k * m + j];
        }
    }
    pi[0] = 1;
    total = 1;
    for (size_t k = 1; k < m; k++) {
        double v = 0;
        for (size_t i = 0; i < k; i++)
            v += pi[i] * t[i * m + k];
        pi[k] = v;
        total += v;
    }
    for (size_t k = 0; k < m; k++)
        pi[k] /= total;
    return true;
}

/* Fallback: pi <- pi T from the uniform start until the L1 change is
 * below 1e-13 or 10000 steps.  t is the original matrix; the m doubles
 * after it are scratch. */
static void power_stationary(const double *t, size_t m, double *pi)
{
    double *const next = (double *)t + m * m;

    for (size_t a = 0; a < m; a++)
        pi[a] = 1.0 / (double)m;
    for (int it = 0; it < 10000; it++) {
        double change = 0;
        for (size_t b = 0; b < m; b++) {
            double s = 0;
            for (size_t a = 0; a < m; a++)
                s += pi[a] * t[a * m + b];
            next[b] = s;
        }
        for (size_t a = 0; a < m; a++) {
            change += fabs(next[a] - pi[a]);
            pi[a] = next[a];
        }
        if (change < 1e-13)
            break;
    }
}

/* Stationary distribution pi[0..m) of the Markov chain in which, from
 * option a, each other option b is challenged with probability 1/(m-1)
 * and replaces a with probability P(b beats a) ("Markov uniform" PCE).
 * util[k*m + a] is voter k's utility for option a, vw[k] its vote weight.
 * Voter k gives b over a the amount vw[k] * (util[k][b] - util[k][a])
 * when positive ("proportional" voting).  scratch: m*m doubles. */
static void pce_transitions(const double *util, const double *vw, size_t nv,
                            size_t m, double q, double *t)
{
    for (size_t a = 0; a < m; a++) {
        double stay = 1;
        for (size_t b = 0; b < m; b++) {
            double sa = 0, sb = 0;
            if (a == b)
                continue;
            for (size_t k = 0; k < nv; k++) {
                const double d = vw[k] * (util[k * m + b] - util[k * m + a]);
                if (d > 0)
                    sb += d;
                else
                    sa -= d;
            }
            t[a * m + b] = victory(sb, sa, q) / (double)(m - 1);
            stay -= t[a * m + b];
        }
        t[a * m + a] = stay;
    }
}

static void pce_distribution(const double *util, const double *vw, size_t nv,
                             size_t m, double q, double *pi, double *scratch)
{
    if (m == 1) {
        pi[0] = 1;
        return;
    }
    pce_transitions(util, vw, nv, m, q, scratch);
    if (gth_stationary(scratch, m, pi))
        return;
    pce_transitions(util, vw, nv, m, q, scratch); /* GTH overwrote it */
    power_stationary(scratch, m, pi);
}

/* PCE expected outcome among positions x[0..n) with voters' ideals p and
 * weights w: sum_a pi_a x_a.  NAN when out of memory. */
static double pce_expected(const double *x, const double *p, const double *w,
                           size_t n, double q)
{
    double *util = pl__calloc(n * n, sizeof *util);
    double *scratch = pl__calloc(n * n + n, sizeof *scratch);
    double *pi = pl__calloc(n, sizeof *pi);
    double e = 0;

    if (!util || !scratch || !pi) {
        pl__free(util);
        pl__free(scratch);
        pl__free(pi);
        return NAN;
    }
    for (size_t k = 0; k < n; k++)
        for (size_t a = 0; a < n; a++)
            util[k * n + a] = 1.0 - fabs(x[a] - p[k]) / 100.0;
    pce_distribution(util, w, n, n, q, pi, scratch);
    for (size_t a = 0; a < n; a++)
        e += pi[a] * x[a];
    pl__free(util);
    pl__free(scratch);
    pl__free(pi);
    return e;
}

static double summarise(pl_fc_summary how, const double *x, const double *p,
                        const double *w, size_t n, double q)
{
    switch (how) {
    case PL_FC_SUM_MEAN:
        return pl__fc_wmean(x, w, n);
    case PL_FC_SUM_MEDIAN:
        return pl__fc_wmedian(x, w, n);
    case PL_FC_SUM_PCE:
        return pce_expected(x, p, w, n, q);
    }
    return NAN;
}

static void trace_round(const pl_fc_opts *o, pl_fc_model m, size_t issue,
                        unsigned round, const struct fc_view *v,
                        const double *x, double forecast)
{
    pl_fc_round r;

    if (!o->trace)
        return;
    r.model = m;
    r.issue = issue;
    r.round = round;
    r.n = v->n;
    r.actor = v->idx;
    r.position = x;
    r.forecast = forecast;
    o->trace(o->trace_ctx, &r);
}

/* ---- Nash bargaining ---- */

/* Maximise f(x) = sum_i w_i log(g_i(x)) over (lo, hi), where
 * g_i(x) = (r_i - |x - x_i|)/100 is actor i's gain over disagreement
 * (r_i = |d - x_i| for a disagreement point d, or 100 for the far end).
 * f is concave (a sum of logs of concave functions), so golden-section
 * search converges to the maximum; 200 steps shrink the bracket far below
 * 1e-9. */
static double nash_objective(const struct fc_view *v, const double *r, double x)
{
    double f = 0;

    for (size_t i = 0; i < v->n; i++) {
        double g;
        if (!(v->w[i] > 0))
            continue;
        g = (r[i] - fabs(x - v->x[i])) / 100.0;
        if (!(g > 0))
            return -INFINITY;
        f += v->w[i] * log(g);
    }
    return f;
}

static double golden_max(const struct fc_view *v, const double *r, double lo,
                         double hi)
{
    const double phi = (sqrt(5.0) - 1) / 2;
    double a = lo, b = hi;
    double c = b - phi * (b - a), d = a + phi * (b - a);
    double fc = nash_objective(v, r, c), fd = nash_objective(v, r, d);

    for (int it = 0; it < 200 && b - a > 1e-12; it++) {
        if (fc >= fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - phi * (b - a);
            fc = nash_objective(v, r, c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + phi * (b - a);
            fd = nash_objective(v, r, d);
        }
    }
    return (a + b) / 2;
}

static pl_status predict_nash(const struct fc_view *v, bool use_ref,
                              double *out)
{
    double *r;
    double lo = 0, hi = 100;
    const bool at_ref = use_ref && !isnan(v->ref);

    r = pl__calloc(v->n, sizeof *r);
    if (!r)
        return PL_ENOMEM;
    for (size_t i = 0; i < v->n; i++) {
        if (at_ref) {
            r[i] = fabs(v->ref - v->x[i]);
            if (v->w[i] > 0) {
                /* Feasible set: points i strictly prefers to d. */
                lo = fmax(lo, v->x[i] - r[i]);
                hi = fmin(hi, v->x[i] + r[i]);
            }
        } else {
            r[i] = 100.0;
        }
    }
    if (at_ref && !(hi > lo))
        *out = v->ref; /* nobody-better-off set is empty: disagreement */
    else
        *out = golden_max(v, r, lo, hi);
    pl__free(r);
    return PL_OK;
}

/* ---- Bueno de Mesquita's expected-utility model ---- */

struct bdm {
    size_t n;
    double *sa, *sb;  /* [n*n] workspace of bdm_risk */
    const double *cs; /* vote weights c_k * s_k */
    const double *s;  /* saliences in [0, 1] */
    double q, t;      /* model constants Q and T */
};

/* Coalition strengths for i (at yi) against j (at yj): the sum of the
 * positive votes for i and for j, each vote cs_k (|z_k - yj| - |z_k - yi|),
 * where actor `skip` votes from `yskip` instead of its z (used to move one
 * actor to a hypothetical position).  Distances on the normalised scale. */
static double bdm_prob(const struct bdm *b, const double *z, double yi,
                       double yj, size_t skip, double yskip)
{
    double sa = 0, sb = 0;

    for (size_t k = 0; k < b->n; k++) {
        const double zk = k == skip ? yskip : z[k];
        const double v = b->cs[k] * (fabs(zk - yj) - fabs(zk - yi));
        if (v > 0)
            sa += v;
        else
            sb -= v;
    }
    if (!(sa + sb > 0))
        return 0.5;
    return sa / (sa + sb);
}

/* EU of i (at zi, risk r) challenging j (at zj, salience sj), with
 * P = probability i wins and mu = the median voter's position. */
static double bdm_eu(const struct bdm *b, double zi, double zj, double sj,
                     double p, double mu, double r)
{
    const double d = fabs(zi - zj);
    const double dm = fabs(zi - mu);
    const double us = 2 - 4 * pow(0.5 - 0.5 * d, r);
    const double uf = 2 - 4 * pow(0.5 + 0.5 * d, r);
    const double ub = 2 - 4 * pow(fmax(0.0, 0.5 - 0.25 * (dm + d)), r);
    const double uw = 2 - 4 * pow(fmin(1.0, 0.5 + 0.25 * (dm + d)), r);
    const double usq = 2 - 4 * pow(0.5, r);
    const double challenge = sj * (p * us + (1 - p) * uf) + (1 - sj) * us;
    const double quiet =
        b->q * usq + (1 - b->q) * (b->t * ub + (1 - b->t) * uw);
    return challenge - quiet;
}

/* Risk exponents r[i] from each actor's security: sec_i(y) = sum over
 * j != i of EU_j(j challenges i) when i stands at y (risk-neutral, r = 1),
 * for y over every actor's position.  R_i = (2 sec_i(z_i) - max - min) /
 * (max - min), r_i = (1 - R_i/3) / (1 + R_i/3) (Scholz et al. 2011). */
static void bdm_risk(const struct bdm *b, const double *z, double mu, double *r)
{
    const size_t n = b->n;

    /* Coalition sums of every contest "j (at z_j) against an actor placed
     * at z_a", with every voter at its own position: O(n^3).  Moving actor
     * i to z_a then only changes i's own vote, an O(1) correction, which
     * keeps the whole step O(n^3) instead of O(n^4). */
    for (size_t a = 0; a < n; a++) {
        for (size_t j = 0; j < n; j++) {
            double sa = 0, sb = 0;
            for (size_t k = 0; k < n; k++) {
                const double v =
                    b->cs[k] * (fabs(z[k] - z[a]) - fabs(z[k] - z[j]));
                if (v > 0)
                    sa += v;
                else
                    sb -= v;
            }
            b->sa[a * n + j] = sa;
            b->sb[a * n + j] = sb;
        }
    }
    for (size_t i = 0; i < n; i++) {
        double lo = INFINITY, hi = -INFINITY, here = 0;
        for (size_t a = 0; a < n; a++) {
            const double y = z[a];
            double sec = 0;
            for (size_t j = 0; j < n; j++) {
                double sa, sb, v, p;
                if (j == i)
                    continue;
                /* j's support against i standing at y: drop i's vote
                 * from its old place, add it from y. */
                sa = b->sa[a * n + j];
                sb = b->sb[a * n + j];
                v = b->cs[i] * (fabs(z[i] - y) - fabs(z[i] - z[j]));
                if (v > 0)
                    sa -= v;
                else
                    sb += v;
                sb += b->cs[i] * fabs(y - z[j]);
                sa = fmax(0.0, sa); /* rounding residue of the subtraction */
                sb = fmax(0.0, sb);
                p = sa + sb > 1e-12 ? sa / (sa + sb) : 0.5;
                sec += bdm_eu(b, z[j], y, b->s[i], p, mu, 1.0);
            }
            lo = fmin(lo, sec);
            hi = fmax(hi, sec);
            if (a == i)
                here = sec;
        }
        if (hi - lo > 1e-12) {
            const double big_r = (2 * here - hi - lo) / (hi - lo);
            r[i] = (1 - big_r / 3) / (1 + big_r / 3);
        } else {
            r[i] = 1.0;
        }
    }
}

/* One BDM round: every actor i that expects to gain from challenging j
 * makes j an offer; each actor accepts the offer that moves it least. */
static void bdm_round(const struct bdm *b, const double *z, const double *w,
                      double *r, double *eu, double *znew)
{
    const size_t n = b->n;
    const double mu = pl__fc_wmedian(z, w, n);

    bdm_risk(b, z, mu, r);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            const double p = i == j ? 0.5 : bdm_prob(b, z, z[i], z[j], n, 0);
            eu[i * n + j] =
                i == j ? 0 : bdm_eu(b, z[i], z[j], b->s[j], p, mu, r[i]);
        }
    }
    for (size_t j = 0; j < n; j++) {
        double best = z[j], best_move = INFINITY;
        for (size_t i = 0; i < n; i++) {
            const double eij = eu[i * n + j], eji = eu[j * n + i];
            double to;
            if (i == j || !(eij > 0))
                continue;
            if (eji > 0) {
                if (!(eij > eji))
                    continue; /* j is the stronger challenger */
                to = z[i];    /* confrontation: i expects to win */
            } else if (-eji < eij) {
                /* compromise: j concedes the share |EU_ji / EU_ij| */
                to = z[j] + (z[i] - z[j]) * (-eji / eij);
            } else {
                to = z[i]; /* capitulation */
            }
            if (fabs(to - z[j]) < best_move) {
                best_move = fabs(to - z[j]);
                best = to;
            }
        }
        znew[j] = best;
    }
}

static pl_status predict_bdm(const struct fc_view *v, const pl_fc_opts *o,
                             size_t issue, double *out)
{
    const size_t n = v->n;
    double lo = INFINITY, hi = -INFINITY;
    double *cs = pl__calloc(n, sizeof *cs);
    double *z = pl__calloc(n, sizeof *z);
    double *znew = pl__calloc(n, sizeof *znew);
    double *xs = pl__calloc(n, sizeof *xs);
    double *r = pl__calloc(n, sizeof *r);
    double *eu = pl__calloc(n * n, sizeof *eu);
    double *wsa = pl__calloc(n * n, sizeof *wsa);
    double *wsb = pl__calloc(n * n, sizeof *wsb);
    struct bdm b;
    pl_status rc = PL_OK;

    if (!cs || !z || !znew || !xs || !r || !eu || !wsa || !wsb) {
        rc = PL_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        lo = fmin(lo, v->x[i]);
        hi = fmax(hi, v->x[i]);
        cs[i] = v->c[i] * v->s[i];
    }
    /* Distances are normalised by the range of positions. */
    for (size_t i = 0; i < n; i++)
        z[i] = hi > lo ? (v->x[i] - lo) / (hi - lo) : 0.0;
    b.n = n;
    b.sa = wsa;
    b.sb = wsb;
    b.cs = cs;
    b.s = v->s;
    b.q = o->bdm_q;
    b.t = o->bdm_t;
    for (unsigned round = 0;; round++) {
        for (size_t i = 0; i < n; i++)
            xs[i] = lo + z[i] * (hi - lo);
        *out = summarise(o->bdm_summary, xs, v->x, v->w, n, 1.0);
        trace_round(o, PL_FC_BDM, issue, round, v, xs, *out);
        if (round == o->bdm_rounds || !(hi > lo))
            break;
        bdm_round(&b, z, v->w, r, eu, znew);
        memcpy(z, znew, n * sizeof *z);
    }
    if (isnan(*out))
        rc = PL_ENOMEM;
done:
    pl__free(cs);
    pl__free(z);
    pl__free(znew);
    pl__free(xs);
    pl__free(r);
    pl__free(eu);
    pl__free(wsa);
    pl__free(wsb);
    return rc;
}

/* ---- KTAB-style PCE bargaining ---- */

struct bargain {
    size_t a, b; /* initiator and target */
    double y;    /* the position both move to */
    double f;    /* weighted-mean forecast if it is carried out */
};

static double util(double ideal, double x)
{
    return 1.0 - fabs(x - ideal) / 100.0;
}

/* Coalition strength for position ya over yb among the ideals p. */
static void strengths(const struct fc_view *v, const double *p, double ya,
                      double yb, double *sa, double *sb)
{
    *sa = 0;
    *sb = 0;
    for (size_t k = 0; k < v->n; k++) {
        const double d = v->w[k] * (util(p[k], ya) - util(p[k], yb));
        if (d > 0)
            *sa += d;
        else
            *sb -= d;
    }
}

struct pce_ws {
    struct bargain *bg; /* [n] one per initiator at most */
    size_t nbg;
    size_t *queue;   /* [n + 1] */
    double *util;    /* [n * (n + 1)] */
    double *scratch; /* [(n + 1)^2 + n + 1] */
    double *pi;      /* [n + 1] */
    double *next;    /* [n] positions after the round */
};

/* One PCE round; returns the RMS change of positions. */
static double pce_round(const struct fc_view *v, const double *p, double *x,
                        double q, struct pce_ws *ws)
{
    const size_t n = v->n;
    double wsum = 0, f = 0, change = 0;

    for (size_t i = 0; i < n; i++) {
        wsum += v->w[i];
        f += v->w[i] * x[i];
    }
    f /= wsum;
    ws->nbg = 0;
    /* 1. Each actor picks its most advantageous target. */
    for (size_t i = 0; i < n; i++) {
        double best = 0;
        size_t tj = n;
        double tp = 0;
        for (size_t j = 0; j < n; j++) {
            double sa, sb, pw, fw, fl, eu;
            if (j == i || x[j] == x[i])
                continue;
            strengths(v, p, x[i], x[j], &sa, &sb);
            pw = victory(sa, sb, q);
            fw = f + v->w[j] * (x[i] - x[j]) / wsum; /* j moves to i */
            fl = f + v->w[i] * (x[j] - x[i]) / wsum; /* i moves to j */
            eu =
                pw * util(p[i], fw) + (1 - pw) * util(p[i], fl) - util(p[i], f);
            if (eu > best + 1e-15) {
                best = eu;
                tj = j;
                tp = pw;
            }
        }
        if (tj < n) {
            /* 2. The bargain: interpolate with weights salience x P. */
            struct bargain *bg = &ws->bg[ws->nbg++];
            const double wi = v->s[i] * tp, wj = v->s[tj] * (1 - tp);
            bg->a = i;
            bg->b = tj;
            bg->y = wi + wj > 0 ? (wi * x[i] + wj * x[tj]) / (wi + wj)
                                : (x[i] + x[tj]) / 2;
            bg->f =
                f +
                (v->w[i] * (bg->y - x[i]) + v->w[tj] * (bg->y - x[tj])) / wsum;
        }
    }
    /* 3. Each actor's queue: the bargains it is part of, plus the status
     * quo; every actor votes on the forecasts they lead to, and the
     * option the PCE makes most likely wins. */
    for (size_t a = 0; a < n; a++) {
        size_t m = 0, win = 0;
        double newx;
        for (size_t g = 0; g < ws->nbg; g++)
            if (ws->bg[g].a == a || ws->bg[g].b == a)
                ws->queue[m++] = g;
        ws->queue[m] = SIZE_MAX; /* status quo */
        m++;
        if (m > 1) {
            for (size_t k = 0; k < n; k++)
                for (size_t o = 0; o < m; o++) {
                    const size_t g = ws->queue[o];
                    const double fo = g == SIZE_MAX ? f : ws->bg[g].f;
                    ws->util[k * m + o] = util(p[k], fo);
                }
            pce_distribution(ws->util, v->w, n, m, q, ws->pi, ws->scratch);
            for (size_t o = 1; o < m; o++)
                if (ws->pi[o] > ws->pi[win] + 1e-12)
                    win = o;
        }
        newx = ws->queue[win] == SIZE_MAX ? x[a] : ws->bg[ws->queue[win]].y;
        change += (newx - x[a]) * (newx - x[a]);
        ws->next[a] = newx; /* applied once every queue is decided */
    }
    memcpy(x, ws->next, n * sizeof *x);
    return sqrt(change / (double)n);
}

static pl_status predict_pce(const struct fc_view *v, const pl_fc_opts *o,
                             size_t issue, double *out)
{
    const size_t n = v->n;
    struct pce_ws ws;
    double *x = pl__calloc(n, sizeof *x);
    double first = 0;
    pl_status rc = PL_OK;

    memset(&ws, 0, sizeof ws);
    ws.bg = pl__calloc(n, sizeof *ws.bg);
    ws.queue = pl__calloc(n + 1, sizeof *ws.queue);
    ws.util = pl__calloc(n * (n + 1), sizeof *ws.util);
    ws.scratch = pl__calloc((n + 1) * (n + 1) + n + 1, sizeof *ws.scratch);
    ws.pi = pl__calloc(n + 1, sizeof *ws.pi);
    ws.next = pl__calloc(n, sizeof *ws.next);
    if (!x || !ws.bg || !ws.queue || !ws.util || !ws.scratch || !ws.pi ||
        !ws.next) {
        rc = PL_ENOMEM;
        goto done;
    }
    memcpy(x, v->x, n * sizeof *x);
    for (unsigned round = 0;; round++) {
        double ch;
        *out = summarise(o->pce_summary, x, v->x, v->w, n, o->pce_exponent);
        trace_round(o, PL_FC_PCE, issue, round, v, x, *out);
        if (round == o->pce_max_rounds)
            break;
        ch = pce_round(v, v->x, x, o->pce_exponent, &ws);
        if (round == 0)
            first = ch;
        /* KTAB's stopping rule: after at least 2 rounds, stop once the
         * RMS change falls below 2% of the first round's. */
        if (!(first > 0) || (round >= 1 && ch < 0.02 * first)) {
            *out = summarise(o->pce_summary, x, v->x, v->w, n, o->pce_exponent);
            trace_round(o, PL_FC_PCE, issue, round + 1, v, x, *out);
            break;
        }
    }
    if (isnan(*out))
        rc = PL_ENOMEM;
done:
    pl__free(x);
    pl__free(ws.bg);
    pl__free(ws.queue);
    pl__free(ws.util);
    pl__free(ws.scratch);
    pl__free(ws.pi);
    pl__free(ws.next);
    return rc;
}

/* ---- entry point ---- */

static bool opts_valid(const pl_fc_opts *o)
{
    return o->salience_exponent >= 0 && o->salience_exponent <= 16 &&
           o->bdm_rounds <= PL_FC_MAX_ROUNDS &&
           o->pce_max_rounds <= PL_FC_MAX_ROUNDS && o->bdm_q >= 0 &&
           o->bdm_q <= 1 && o->bdm_t >= 0 && o->bdm_t <= 1 &&
           o->pce_exponent >= 1 && o->pce_exponent <= 64 &&
           pl_fc_summary_name(o->bdm_summary) &&
           pl_fc_summary_name(o->pce_summary);
}

pl_status pl_fc_predict(const pl_fc_data *d, size_t i, pl_fc_model m,
                        const pl_fc_opts *o, double *out)
{
    const pl_fc_opts dflt = pl_fc_opts_default();
    struct fc_view v;
    pl_status rc = PL_OK;

    *out = NAN;
    if (!d || i >= d->n_issues)
        return PL_ENOTFOUND;
    if (!o)
        o = &dflt;
    if ((unsigned)m >= PL_FC__MODEL_COUNT || !opts_valid(o))
        return PL_EINVAL;
    rc = pl__fc_view_init(d, i, o->salience_exponent, &v);
    if (rc != PL_OK)
        return rc;
    if (v.n == 0) {
        pl__fc_view_free(&v);
        return PL_OK; /* no actor has a position: no forecast */
    }
    switch (m) {
    case PL_FC_COMPROMISE:
        *out = pl__fc_wmean(v.x, v.w, v.n);
        break;
    case PL_FC_MEDIAN:
        *out = pl__fc_wmedian(v.x, v.w, v.n);
        break;
    case PL_FC_NASH:
        rc = predict_nash(&v, true, out);
        break;
    case PL_FC_NASH_FAR:
        rc = predict_nash(&v, false, out);
        break;
    case PL_FC_BDM:
        rc = predict_bdm(&v, o, i, out);
        break;
    case PL_FC_PCE:
        rc = predict_pce(&v, o, i, out);
        break;
    case PL_FC__MODEL_COUNT:
        rc = PL_EINVAL;
        break;
    }
    if (rc == PL_OK && !isnan(*out))
        *out = fmin(100.0, fmax(0.0, *out));
    pl__fc_view_free(&v);
    return rc;
}
