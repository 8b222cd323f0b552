/* Certified utility intervals over subtrees of the outcome tree.
 *
 * The outcome tree fixes issues in issue order, options in declared order;
 * a node at depth k is a prefix o_0 .. o_{k-1} and stands for the
 * outcomes that extend it (a contiguous range of outcome indices).  For
 * such a node, pl__bt_box() gives per analysis party an interval
 * [lo_p, hi_p] that contains the utility pl_scenario_utility() computes,
 * as a double, for every outcome below, and the node's red-line status.
 *
 * Exactness without margins: the bound is computed with the same
 * operations in the same order as the reference (prefix sum in issue
 * order, then the largest / smallest U entry of each remaining issue,
 * then each interaction in declared order: its value when certain, 0 or
 * its value (whichever is larger / smaller) when undecided, nothing when
 * dead; then the GENIUS clamp).  IEEE addition is monotone in both
 * arguments and min(x, c) is monotone, so every step keeps hi above (lo
 * below) the reference's running value; at a leaf lo == hi == the
 * reference utility, bit for bit.
 *
 * A clause (interaction or red line) is dead at a node when a fixed
 * issue fails one of its conditions, certain when every condition on a
 * non-trivial issue is fixed and met (conditions allowing every option
 * are ignored), alive otherwise.  Only red lines of analysis parties
 * count (DESIGN.md section 2).
 *
 * Used by the branch-and-bound analysis (bnb.c) and meant for any search
 * over prefixes (bid search in src/negotiate).  Cost per node O(n * (I -
 * k) + C + n) for n parties, I issues, C clauses. */
#ifndef PARLEY_BOUNDS_H
#define PARLEY_BOUNDS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/count.h"
#include "core/scenario_int.h"

struct pl__bt {
    const pl_scenario *s;
    uint32_t n;         /* analysis parties */
    uint32_t I;         /* issues */
    uint32_t *party;    /* n: scenario index of each */
    double *r;          /* n: reservation values */
    double *cap;        /* n: clamp, INFINITY if none */
    const double **row; /* n: the party's row of U */
    double *umx, *umn;  /* [i * n + p]: largest / smallest U entry */
    uint64_t *size;     /* I + 1: outcomes below a node at depth k,
                           UINT64_MAX when that does not fit 64 bits */
    pl_count *wsize;    /* I + 1: the same, exact (spaces below 2^256) */
    /* clauses: per analysis party its interactions (declared order), then
     * its red lines */
    uint32_t C, W;      /* clauses, 64-bit words per mask */
    uint32_t *int_lo, *int_hi; /* n: interaction clause range of party p */
    uint32_t *red_lo, *red_hi; /* n: red-line clause range */
    double *cl_value;   /* C */
    uint32_t *cl_party; /* C: analysis party of clause c */
    uint64_t *intm;     /* W: interaction clauses */
    int32_t *cl_last;   /* C: last issue with a non-trivial condition, -1 */
    uint64_t *fail;     /* K * W: bit c set when option slot fails clause c */
    uint64_t *open;     /* (I + 1) * W: clauses with cl_last >= k */
    uint64_t *red;      /* W: red-line clauses */
    bool any_red;
    /* non-trivial conditions of clause c: [cond_start[c],
     * cond_start[c + 1]) in cond_issue / cond_allowed */
    uint32_t *cond_start, *cond_issue;
    const uint8_t **cond_allowed;
    double *mag;        /* n: sum_i max_k |U| + sum_c |value| */
    uint64_t *pint, *pred; /* n * W: party p's interaction / red-line bits */
};

/* A weighted-sum bound (docs/algorithms.md section 4.3): for weights
 * lam_p of any sign, an upper bound of sum_p lam_p r_p over a subtree, r_p
 * the utility before the clamp (with lam_p >= 0 also of the clamped
 * utility).  It sees
 * conflicts between parties and between interactions on the same issue:
 * per remaining issue the best option for the weighted sum of the U
 * entries plus every undecided interaction whose weighted value is
 * positive spread evenly
 * over its remaining conditions (a Lagrangian split: an interaction that
 * holds collects all of its shares).  Computed in another order than the
 * reference, so it carries a rounding margin (`margin`, included in the
 * result). */
struct pl__bt_ws {
    double lam[PL_MAX_PARTIES];
    double *base;   /* K: sum_p lam_p U_p[slot] */
    double *acc;    /* K: scratch */
    double margin;
}; 

/* Red-line status of a node: bit p of `excl` when every outcome below
 * crosses one of party p's red lines (a certain red clause), of `maybe`
 * when some may (an alive one). */
struct pl__bt_red {
    uint64_t excl, maybe;
};

/* Tables for analysis parties party[0..n).  PL_ENOMEM, PL_ETOOBIG (the
 * space has 2^256 outcomes or more). */
pl_status pl__bt_new(const pl_scenario *s, const uint32_t *party, uint32_t n,
                     struct pl__bt **out);
void pl__bt_free(struct pl__bt *t);

/* Root state: sums s[0..n) = 0, dead[0..W) = 0. */
void pl__bt_root(const struct pl__bt *t, double *s, uint64_t *dead);

/* Child state for option o of issue k (the node is at depth k). */
static inline void pl__bt_child(const struct pl__bt *t, uint32_t k, uint32_t o,
                                const double *s, const uint64_t *dead,
                                double *s2, uint64_t *dead2)
{
    const uint32_t slot = t->s->opt_offset[k] + o;
    const uint64_t *f = t->fail + (size_t)slot * t->W;

    for (uint32_t p = 0; p < t->n; p++)
        s2[p] = s[p] + t->row[p][slot];
    for (uint32_t q = 0; q < t->W; q++)
        dead2[q] = dead[q] | f[q];
}

/* Interval [lo_p, hi_p] of every party's utility below a node at depth k
 * with state (s, dead), and its red-line status (red may be NULL). */
void pl__bt_box(const struct pl__bt *t, uint32_t k, const double *s,
                const uint64_t *dead, double *lo, double *hi,
                struct pl__bt_red *red);

pl_status pl__bt_ws_init(const struct pl__bt *t, const double *lam,
                         struct pl__bt_ws *w);
void pl__bt_ws_free(struct pl__bt_ws *w);
/* Upper bound of sum_p lam_p * u_p (computed utilities before the clamp)
 * below a node at depth k, margin included. */
double pl__bt_ws_bound(const struct pl__bt *t, struct pl__bt_ws *w,
                       uint32_t k, const double *s, const uint64_t *dead);

/* Whether some clause of any party is alive at depth k (an interaction or
 * a red line can still go either way below). */
bool pl__bt_any_alive(const struct pl__bt *t, uint32_t k,
                      const uint64_t *dead);

#endif
