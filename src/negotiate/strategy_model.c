/* The frequency opponent model part (after the frequency models of
 * HardHeaded, ANAC 2011, analysed by Baarslag et al., "Learning about the
 * opponent in automated bilateral negotiation", JAAMAS 30(5), 2016).
 *
 * Per opponent: how often each option appeared in its offers, and issue
 * weights that grow by PL__FREQ_EPS when the opponent keeps an issue
 * unchanged between consecutive offers (issues it cares about move
 * least), normalised to sum 1.  Option value = (count + 1) / (max count on
 * the issue + 1).  Memory: K doubles per opponent (K = total options). */
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "negotiate/strategy.h"

#define PL__FREQ_EPS 0.1

struct opp {
    double *count;  /* K */
    double *w;      /* n issues, raw (normalised when scoring) */
    uint32_t *last; /* n */
    uint64_t offers;
};

struct pl__freq_model {
    const pl_scenario *s;
    struct opp opp[PL_MAX_PARTIES];
    double *score; /* K */
    bool dirty, any;
};

pl__freq_model *pl__freq_new(const pl_scenario *s)
{
    pl__freq_model *m = pl__calloc(1, sizeof *m);

    if (!m)
        return NULL;
    m->s = s;
    m->score = pl__calloc(s->n_total_options, sizeof *m->score);
    if (!m->score) {
        pl__free(m);
        return NULL;
    }
    return m;
}

void pl__freq_free(pl__freq_model *m)
{
    if (!m)
        return;
    for (size_t j = 0; j < PL_MAX_PARTIES; j++) {
        pl__free(m->opp[j].count);
        pl__free(m->opp[j].w);
        pl__free(m->opp[j].last);
    }
    pl__free(m->score);
    pl__free(m);
}

bool pl__freq_observe(pl__freq_model *m, size_t from, const uint32_t *offer)
{
    const pl_scenario *s = m->s;
    struct opp *o;

    if (from >= PL_MAX_PARTIES)
        return false;
    o = &m->opp[from];
    if (!o->count) {
        o->count = pl__calloc(s->n_total_options, sizeof *o->count);
        o->w = pl__calloc(s->n_issues, sizeof *o->w);
        o->last = pl__calloc(s->n_issues, sizeof *o->last);
        if (!o->count || !o->w || !o->last) {
            pl__free(o->count);
            pl__free(o->w);
            pl__free(o->last);
            memset(o, 0, sizeof *o);
            return false;
        }
        for (uint32_t i = 0; i < s->n_issues; i++)
            o->w[i] = 1.0 / s->n_issues;
    }
    for (uint32_t i = 0; i < s->n_issues; i++) {
        o->count[s->opt_offset[i] + offer[i]] += 1;
        if (o->offers && o->last[i] == offer[i])
            o->w[i] += PL__FREQ_EPS;
        o->last[i] = offer[i];
    }
    o->offers++;
    m->dirty = true;
    m->any = true;
    return true;
}

const double *pl__freq_scores(pl__freq_model *m)
{
    const pl_scenario *s = m->s;

    if (!m->any)
        return NULL;
    if (!m->dirty)
        return m->score;
    memset(m->score, 0, s->n_total_options * sizeof *m->score);
    for (size_t j = 0; j < PL_MAX_PARTIES; j++) {
        const struct opp *o = &m->opp[j];
        double wsum = 0;
        if (!o->count)
            continue;
        for (uint32_t i = 0; i < s->n_issues; i++)
            wsum += o->w[i];
        for (uint32_t i = 0; i < s->n_issues; i++) {
            const uint32_t off = s->opt_offset[i];
            double mx = 0;
            for (uint32_t k = 0; k < s->issues[i].n_options; k++)
                mx = o->count[off + k] > mx ? o->count[off + k] : mx;
            for (uint32_t k = 0; k < s->issues[i].n_options; k++)
                m->score[off + k] +=
                    o->w[i] / wsum * (o->count[off + k] + 1) / (mx + 1);
        }
    }
    m->dirty = false;
    return m->score;
}

double pl__freq_utility(pl__freq_model *m, const uint32_t *o)
{
    const pl_scenario *s = m->s;
    double u = 0;

    if (!pl__freq_scores(m))
        return 0;
    for (uint32_t i = 0; i < s->n_issues; i++)
        u += m->score[s->opt_offset[i] + o[i]];
    return u;
}
