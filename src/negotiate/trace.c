/* The JSON Lines trace (parley.trace/1): one event per line, written with
 * a small single-line JSON writer -- the io module's emitter (emit.h) only
 * produces pretty multi-line documents.  Strings are escaped per RFC 8259
 * (quote, backslash and control characters; other bytes pass through, the
 * scenario's ids being UTF-8); numbers use pl__fmt_double, the same
 * shortest round-trip text as every other parley output.
 *
 * Line: {"seq":N,"round":R,"t":T,"event":"offer","from":"ukraine"|null,
 *        "to":"us"|null,"visible":["ukraine","us"],
 *        "outcome":{"nato":"renounced",...},"index":N,"approximate":true,"note":"..."}
 * with outcome/index/approximate/note present only when the event has them
 * (approximate: the offer came from a bid lookup not proven exact). */
#include <string.h>

#include "core/scenario_int.h"
#include "io/emit.h"
#include "negotiate/negotiate_int.h"

static const char *const kind_names[PL_EV_KIND_COUNT] = {
    "start",    "offer",   "accept",    "end",          "propose",
    "vote_yes", "vote_no", "adopt",     "discard",      "relay",
    "sign",     "refuse",  "agreement", "no_agreement",
};

const char *pl_event_kind_name(pl_event_kind k)
{
    return (unsigned)k < PL_EV_KIND_COUNT ? kind_names[k] : "unknown";
}

/* JSON string with escaping. */
static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        const unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void put_party(FILE *f, const pl_scenario *s, long p)
{
    if (p >= 0 && (size_t)p < s->n_parties)
        put_str(f, s->parties[p].id);
    else if (p == PL_MEDIATOR_NEUTRAL)
        put_str(f, "mediator");
    else
        fputs("null", f);
}

pl_status pl_event_write_jsonl(const pl_scenario *s, const pl_event *ev,
                               FILE *f)
{
    char num[32];
    bool first = true;

    fprintf(f, "{\"seq\":%llu,\"round\":%lu,\"t\":%s,\"event\":",
            (unsigned long long)ev->seq, (unsigned long)ev->round,
            pl__fmt_double(ev->time, num));
    put_str(f, pl_event_kind_name(ev->kind));
    fputs(",\"from\":", f);
    put_party(f, s, ev->from);
    fputs(",\"to\":", f);
    put_party(f, s, ev->to);
    fputs(",\"visible\":[", f);
    for (uint32_t p = 0; p < s->n_parties; p++) {
        if (!(ev->visible >> p & 1))
            continue;
        if (!first)
            fputc(',', f);
        put_str(f, s->parties[p].id);
        first = false;
    }
    fputc(']', f);
    if (ev->outcome) {
        uint64_t index;
        fputs(",\"outcome\":{", f);
        for (uint32_t i = 0; i < s->n_issues; i++) {
            const struct pl__issue *is = &s->issues[i];
            if (i)
                fputc(',', f);
            put_str(f, is->id);
            fputc(':', f);
            if (is->kind == PL_ISSUE_CATEGORICAL)
                put_str(f, is->options[ev->outcome[i]].id);
            else
                fputs(pl__fmt_double(is->options[ev->outcome[i]].value, num),
                      f);
        }
        fputc('}', f);
        if (pl_scenario_outcome_encode(s, ev->outcome, &index))
            fprintf(f, ",\"index\":%llu", (unsigned long long)index);
    }
    if (ev->approximate)
        fputs(",\"approximate\":true", f);
    if (ev->note) {
        fputs(",\"note\":", f);
        put_str(f, ev->note);
    }
    fputs("}\n", f);
    return ferror(f) ? PL_EIO : PL_OK;
}
