/* Scenario writer: struct pl_scenario -> parley/1 YAML or JSON, through
 * the emit.h tree builder.
 *
 * The contract is the model-level round trip: loading the output gives a
 * scenario that pl_scenario_equal() finds equal to the input.  So weights
 * are written raw (as given; the loader's normalisation then reproduces
 * the same doubles bit for bit, which writing normalised values would
 * not), value functions keep their kind (tables, linear, triangular),
 * numeric issues stay integer/real ranges, and every number is written as
 * its shortest round-trip decimal.  Defaults are left out to keep the
 * text close to what a person writes. */
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "io/emit.h"

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
    return "negotiator";
}

/* An option reference: its id for categorical issues, its number for
 * integer and real ones (the loader matches those by value). */
static void put_option(pl__out *o, pl__node *parent, const char *key,
                       const struct pl__issue *is, uint32_t k)
{
    if (is->kind == PL_ISSUE_CATEGORICAL)
        pl__out_str(o, parent, key, is->options[k].id);
    else
        pl__out_num(o, parent, key, is->options[k].value);
}

static void write_issue(pl__out *o, pl__node *seq, const struct pl__issue *is)
{
    pl__node *m = pl__out_map(o, seq, NULL);
    pl__node *r;

    pl__out_str(o, m, "id", is->id);
    if (is->name && strcmp(is->name, is->id) != 0)
        pl__out_str(o, m, "name", is->name);
    if (is->description)
        pl__out_str(o, m, "description", is->description);
    switch (is->kind) {
    case PL_ISSUE_CATEGORICAL: {
        bool named = false;
        pl__node *opts = pl__out_seq(o, m, "options");
        for (uint32_t k = 0; k < is->n_options; k++) {
            const struct pl__option *op = &is->options[k];
            if (op->name && strcmp(op->name, op->id) != 0) {
                pl__node *om = pl__out_map(o, opts, NULL);
                pl__out_flow(o, om);
                pl__out_str(o, om, "id", op->id);
                pl__out_str(o, om, "name", op->name);
                named = true;
            } else {
                pl__out_str(o, opts, NULL, op->id);
            }
        }
        if (!named)
            pl__out_flow(o, opts);
        break;
    }
    case PL_ISSUE_INTEGER:
        r = pl__out_map(o, m, "integer");
        pl__out_flow(o, r);
        pl__out_int(o, r, "min", (int64_t)is->min);
        pl__out_int(o, r, "max", (int64_t)is->max);
        pl__out_int(o, r, "step", (int64_t)is->step);
        break;
    case PL_ISSUE_REAL:
        r = pl__out_map(o, m, "real");
        pl__out_flow(o, r);
        pl__out_num(o, r, "min", is->min);
        pl__out_num(o, r, "max", is->max);
        pl__out_uint(o, r, "steps", is->steps);
        break;
    }
}

/* CONDITIONS: issue -> the one allowed option, or the list of them. */
static void write_conditions(pl__out *o, pl__node *m, const pl_scenario *s,
                             const struct pl__clause *c)
{
    pl__out_flow(o, m);
    for (uint32_t q = 0; q < c->n_conds; q++) {
        const struct pl__issue *is = &s->issues[c->conds[q].issue];
        const uint8_t *allowed = c->conds[q].allowed;
        uint32_t n = 0, last = 0;
        pl__node *list;
        for (uint32_t k = 0; k < is->n_options; k++) {
            if (allowed[k]) {
                n++;
                last = k;
            }
        }
        if (n == 1) {
            put_option(o, m, is->id, is, last);
            continue;
        }
        list = pl__out_seq(o, m, is->id);
        for (uint32_t k = 0; k < is->n_options; k++)
            if (allowed[k])
                put_option(o, list, NULL, is, k);
    }
}

static void write_value_fn(pl__out *o, pl__node *values,
                           const struct pl__issue *is,
                           const struct pl__value_fn *fn, const double *v)
{
    pl__node *m, *b;

    switch (fn->kind) {
    case PL__VALUE_NONE:
        return;
    case PL__VALUE_TABLE:
        m = pl__out_map(o, values, is->id);
        pl__out_flow(o, m);
        for (uint32_t k = 0; k < is->n_options; k++)
            if (v[k] != 0)
                pl__out_num(o, m, is->options[k].id, v[k]);
        return;
    case PL__VALUE_LINEAR:
        m = pl__out_map(o, values, is->id);
        pl__out_flow(o, m);
        b = pl__out_map(o, m, "linear");
        pl__out_num(o, b, "at_min", fn->at_min);
        pl__out_num(o, b, "at_max", fn->at_max);
        return;
    case PL__VALUE_TRIANGULAR:
        m = pl__out_map(o, values, is->id);
        pl__out_flow(o, m);
        b = pl__out_map(o, m, "triangular");
        pl__out_num(o, b, "low", fn->low);
        pl__out_num(o, b, "peak", fn->peak);
        pl__out_num(o, b, "high", fn->high);
        return;
    }
}

static void write_party(pl__out *o, pl__node *seq, const pl_scenario *s,
                        const struct pl__party *pa)
{
    pl__node *m = pl__out_map(o, seq, NULL);

    pl__out_str(o, m, "id", pa->id);
    if (pa->name && strcmp(pa->name, pa->id) != 0)
        pl__out_str(o, m, "name", pa->name);
    if (pa->description)
        pl__out_str(o, m, "description", pa->description);
    if (pa->role != PL_ROLE_NEGOTIATOR)
        pl__out_str(o, m, "role", role_name(pa->role));
    if (pa->reservation != 0)
        pl__out_num(o, m, "reservation", pa->reservation);
    if (pa->discount != 1)
        pl__out_num(o, m, "discount", pa->discount);
    if (pa->weights_as_written)
        pl__out_bool(o, m, "weights_as_written", true);
    if (pa->has_clamp)
        pl__out_num(o, m, "clamp_max", pa->clamp_max);
    if (pa->has_utility) {
        /* always written: it is what marks the party as having a utility,
         * and raw weights reload to the same normalised doubles */
        pl__node *w = pl__out_map(o, m, "weights");
        pl__node *vals = NULL;
        pl__out_flow(o, w);
        for (uint32_t i = 0; i < s->n_issues; i++)
            if (pa->weight_raw[i] != 0)
                pl__out_num(o, w, s->issues[i].id, pa->weight_raw[i]);
        for (uint32_t i = 0; i < s->n_issues; i++) {
            if (pa->fn[i].kind == PL__VALUE_NONE)
                continue;
            if (!vals)
                vals = pl__out_map(o, m, "values");
            write_value_fn(o, vals, &s->issues[i], &pa->fn[i], pa->v[i]);
        }
        if (pa->n_interactions) {
            pl__node *iseq = pl__out_seq(o, m, "interactions");
            for (uint32_t j = 0; j < pa->n_interactions; j++) {
                pl__node *im = pl__out_map(o, iseq, NULL);
                write_conditions(o, pl__out_map(o, im, "when"), s,
                                 &pa->interactions[j]);
                pl__out_num(o, im, "value", pa->interactions[j].value);
            }
        }
    }
    if (pa->n_red_lines) {
        pl__node *rseq = pl__out_seq(o, m, "red_lines");
        for (uint32_t j = 0; j < pa->n_red_lines; j++)
            write_conditions(o, pl__out_map(o, rseq, NULL), s,
                             &pa->red_lines[j]);
    }
}

pl_status pl_scenario_write(const pl_scenario *s, pl_format fmt, char **out,
                            size_t *len)
{
    pl__node *root = NULL, *seq;
    pl__out *o;
    pl_status rc;

    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!s || !out || (fmt != PL_FORMAT_YAML && fmt != PL_FORMAT_JSON))
        return PL_EINVAL;
    o = pl__out_new(&root);
    if (!o)
        return PL_ENOMEM;
    pl__out_str(o, root, "format", "parley/1");
    if (s->name && s->name[0])
        pl__out_str(o, root, "name", s->name);
    if (s->description)
        pl__out_str(o, root, "description", s->description);
    seq = pl__out_seq(o, root, "issues");
    for (uint32_t i = 0; i < s->n_issues; i++)
        write_issue(o, seq, &s->issues[i]);
    seq = pl__out_seq(o, root, "parties");
    for (uint32_t p = 0; p < s->n_parties; p++)
        write_party(o, seq, s, &s->parties[p]);
    if (s->has_talks) {
        seq = pl__out_seq(o, root, "talks");
        for (uint32_t t = 0; t < s->n_talks; t++) {
            pl__node *pair = pl__out_seq(o, seq, NULL);
            pl__out_flow(o, pair);
            pl__out_str(o, pair, NULL, s->parties[s->talks[t][0]].id);
            pl__out_str(o, pair, NULL, s->parties[s->talks[t][1]].id);
        }
    }
    if (s->simulate.present) {
        pl__node *m = pl__out_map(o, root, "simulate");
        pl__out_flow(o, m);
        if (s->simulate.protocol)
            pl__out_str(o, m, "protocol", s->simulate.protocol);
        if (s->simulate.mediator >= 0 &&
            (uint32_t)s->simulate.mediator < s->n_parties)
            pl__out_str(o, m, "mediator",
                        s->parties[s->simulate.mediator].id);
        if (s->simulate.rounds)
            pl__out_uint(o, m, "rounds", s->simulate.rounds);
    }
    rc = pl__out_emit(o, fmt, out, len);
    pl__out_free(o);
    return rc;
}
