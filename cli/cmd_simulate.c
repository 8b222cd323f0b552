/* `parley simulate [SCENARIO] [--protocol P[:k=v,...]] [--mediator M]
 * [--strategy PARTY=NAME[:k=v,...]]... [--rounds N] [--time SECONDS]
 * [--seed S] [--trace FILE.jsonl] [--json]`: one negotiation session
 * (include/parley/negotiate.h, docs/simulate.md), told as a round-by-round
 * story in text, or as parley.session/1 JSON; with --trace every event
 * goes to a JSON Lines file, written to a temporary name and renamed only
 * when complete.  Also `parley list strategies|protocols`. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "parley/negotiate.h"

#define DEFAULT_SCENARIO "berlin-2025"
#define MAX_ROUNDS 1000000000u
#define WIDTH 78
/* Offer protocols: rounds told in full at the start and at the end. */
#define HEAD_ROUNDS 6u
#define TAIL_LINES 12u

static const char help_text[] =
    "Usage: parley simulate [SCENARIO] [--protocol P[:k=v,...]]\n"
    "         [--mediator PARTY|neutral] [--strategy PARTY=NAME[:k=v,...]]...\n"
    "         [--rounds N] [--time SECONDS] [--seed S] [--trace FILE.jsonl]\n"
    "         [--json] [--profile FILE]...\n"
    "\n"
    "Run one negotiation session on SCENARIO (default: berlin-2025, mediated\n"
    "by the US) and tell it round by round, or print parley.session/1 JSON.\n"
    "No agreement by the deadline is a result: each party then gets its\n"
    "reservation value.\n"
    "\n"
    "  --protocol P     ao, saop, mediated or shuttle (parley list "
    "protocols);\n"
    "                   mediated takes kind=nash|random|hill|anneal, t0=T,\n"
    "                   start=mediator|random, e.g. mediated:kind=anneal;\n"
    "                   shuttle:compose=nash has the mediator compose texts\n"
    "  --mediator M     the mediating party (id or 1-based position), or\n"
    "                   neutral for a mediator that is not a party\n"
    "  --strategy PARTY=NAME[:k=v,...]\n"
    "                   PARTY by id or 1-based position; NAME from parley\n"
    "                   list strategies (default linear), e.g.\n"
    "                   ukraine=boulware:e=0.1,ac=next+time,T=0.95\n"
    "  --rounds N       deadline in rounds (default: the scenario's, else "
    "100)\n"
    "  --time SECONDS   wall-clock deadline (results then depend on timing)\n"
    "  --seed S         seed of every random choice (default 0)\n"
    "  --trace FILE     every event as JSON Lines (parley.trace/1)\n"
    "  --json           print parley.session/1 JSON instead of the story\n"
    "  --profile FILE   with a GENIUS domain as SCENARIO: one per party\n";

void cli_simulate_help(void)
{
    fputs(help_text, stdout);
}

/* ---- arguments --------------------------------------------------------- */

struct sim_args {
    const char *scenario;
    const char *protocol; /* "name[:params]" */
    const char *mediator;
    const char *strategy[PL_MAX_PARTIES * 2];
    size_t n_strategy;
    uint64_t rounds, seed;
    double time;
    const char *trace;
    bool json;
    struct cli_profiles profiles; /* GENIUS: DOMAIN.xml --profile ... */
};

static int parse_args(int argc, char **argv, struct sim_args *a)
{
    const char *cmd = "simulate";
    bool done = false;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *v = NULL;

        if (done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->scenario)
                return cli_usage_error(cmd,
                                       "unexpected argument '%s' (one "
                                       "scenario at most)",
                                       arg);
            a->scenario = arg;
        } else if (strcmp(arg, "--") == 0) {
            done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli_simulate_help();
            return cli_finish_stdout(CLI_EXIT_OK);
        } else if (strcmp(arg, "--json") == 0) {
            a->json = true;
        } else if (cli_is_option(arg, "--profile")) {
            const int rc =
                cli_profile_option(cmd, argc, argv, &i, &a->profiles);
            if (rc >= 0)
                return rc;
        } else if (cli_option_value(argc, argv, &i, "--protocol", &v)) {
            if (!v || !*v)
                return cli_usage_error(cmd, "--protocol needs a name");
            a->protocol = v;
        } else if (cli_option_value(argc, argv, &i, "--mediator", &v)) {
            if (!v || !*v)
                return cli_usage_error(cmd, "--mediator needs a party");
            a->mediator = v;
        } else if (cli_option_value(argc, argv, &i, "--strategy", &v)) {
            if (!v || !strchr(v, '='))
                return cli_usage_error(cmd, "--strategy needs "
                                            "PARTY=NAME[:k=v,...]");
            if (a->n_strategy == sizeof a->strategy / sizeof a->strategy[0])
                return cli_usage_error(cmd, "too many --strategy options");
            a->strategy[a->n_strategy++] = v;
        } else if (cli_option_value(argc, argv, &i, "--rounds", &v)) {
            if (!v || !cli_parse_uint(v, MAX_ROUNDS, &a->rounds) ||
                a->rounds == 0)
                return cli_usage_error(cmd,
                                       "--rounds: expected a whole "
                                       "number from 1 to %u",
                                       MAX_ROUNDS);
        } else if (cli_option_value(argc, argv, &i, "--seed", &v)) {
            if (!v || !cli_parse_uint(v, UINT64_MAX, &a->seed))
                return cli_usage_error(cmd, "--seed: expected a whole "
                                            "number from 0 to 2^64-1");
        } else if (cli_option_value(argc, argv, &i, "--time", &v)) {
            char *end;
            errno = 0;
            a->time = v ? strtod(v, &end) : 0;
            if (!v || !*v || *end || errno || !isfinite(a->time) ||
                a->time <= 0 || a->time > 1e6)
                return cli_usage_error(cmd, "--time: expected seconds, a "
                                            "number above 0");
        } else if (cli_option_value(argc, argv, &i, "--trace", &v)) {
            if (!v || !*v)
                return cli_usage_error(cmd, "--trace needs a file name");
            a->trace = v;
        } else {
            return cli_usage_error(cmd, "unknown option '%s'", arg);
        }
    }
    return -1;
}

/* Party by id or 1-based position; -1 if none. */
static long find_party(const pl_scenario *s, const char *name, size_t len)
{
    char buf[128];
    uint64_t n;

    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, name, len);
    buf[len] = 0;
    if (cli_parse_uint(buf, PL_MAX_PARTIES, &n))
        return n >= 1 && n <= pl_scenario_party_count(s) ? (long)n - 1 : -1;
    return pl_scenario_party_find(s, buf);
}

static int build_opts(const pl_scenario *s, struct sim_args *a,
                      pl_session_opts *o, char *proto_buf, size_t cap)
{
    const char *cmd = "simulate";

    if (a->protocol) {
        const char *colon = strchr(a->protocol, ':');
        const size_t len =
            colon ? (size_t)(colon - a->protocol) : strlen(a->protocol);
        if (len >= cap)
            return cli_usage_error(cmd, "unknown protocol '%s'", a->protocol);
        memcpy(proto_buf, a->protocol, len);
        proto_buf[len] = 0;
        if (!pl_protocol_find(proto_buf, &o->protocol))
            return cli_usage_error(cmd,
                                   "unknown protocol '%s' (expected ao, "
                                   "saop, mediated or shuttle)",
                                   proto_buf);
        if (colon)
            o->protocol_params = colon + 1;
    }
    if (a->mediator) {
        if (strcmp(a->mediator, "neutral") == 0) {
            o->mediator = PL_MEDIATOR_NEUTRAL;
        } else {
            o->mediator = find_party(s, a->mediator, strlen(a->mediator));
            if (o->mediator < 0)
                return cli_usage_error(cmd, "--mediator: no party '%s'",
                                       a->mediator);
        }
    }
    for (size_t k = 0; k < a->n_strategy; k++) {
        const char *eq = strchr(a->strategy[k], '=');
        const long p =
            find_party(s, a->strategy[k], (size_t)(eq - a->strategy[k]));
        pl_diag d;
        memset(&d, 0, sizeof d);
        if (p < 0)
            return cli_usage_error(cmd, "--strategy: no party '%.*s'",
                                   (int)(eq - a->strategy[k]), a->strategy[k]);
        if (o->strategy[p])
            return cli_usage_error(cmd, "--strategy: party '%s' given twice",
                                   pl_scenario_party_id(s, (size_t)p));
        if (pl_strategy_check(eq + 1, NULL, &d) != PL_OK)
            return cli_usage_error(cmd, "--strategy %s", d.message);
        o->strategy[p] = eq + 1;
    }
    o->rounds = (uint32_t)a->rounds;
    o->seed = a->seed;
    o->time_limit = a->time;
    return -1;
}

/* ---- the story --------------------------------------------------------- */

/* Where the story goes: a memory stream while the session runs (the
 * header needs the resolved session), then stdout. */
static FILE *g_out;

struct story {
    const pl_scenario *s;
    bool offers_protocol; /* ao/saop/shuttle: abbreviate long runs */
    uint32_t *text;       /* mediated: current text */
    uint32_t *prop;       /* mediated: last proposal */
    bool have_text;
    uint32_t cur_round;
    size_t yes_n, no_n;
    long yes[PL_MAX_PARTIES], no[PL_MAX_PARTIES];
    /* offer protocols: ring of the last lines */
    char tail[TAIL_LINES][WIDTH + 40];
    uint32_t tail_round[TAIL_LINES];
    size_t tail_n, tail_head;
    uint32_t omitted_from, omitted_to;
    bool omitting;
    /* mediated: proposals told since the last adoption, to fold repeats */
    uint32_t seen[16][PL_MAX_ISSUES];
    uint64_t seen_yes[16];
    uint64_t turned; /* objected to this text before, yes now */
    size_t n_seen;
    uint32_t rep_from, rep_to, rep_n;
    long mediator;
};

static const char *pname(const pl_scenario *s, long p)
{
    if (p >= 0)
        return pl_scenario_party_name(s, (size_t)p);
    return "the mediator";
}

/* Print `text` wrapped at WIDTH, breaking at spaces (runs of spaces inside
 * a line are kept), with `indent` spaces on continuation lines. */
static void wrap(const char *text, int indent)
{
    int col = 0;
    const char *p = text;

    while (*p) {
        const char *w = p;
        size_t gap, len;
        while (*w == ' ')
            w++;
        gap = (size_t)(w - p);
        len = strcspn(w, " ");
        if (col > indent && col + (int)(gap + len) > WIDTH) {
            fprintf(g_out, "\n%*s", indent, "");
            col = indent;
        } else {
            fwrite(p, 1, gap, g_out);
            col += (int)gap;
        }
        fwrite(w, 1, len, g_out);
        col += (int)len;
        p = w + len;
    }
    fputc('\n', g_out);
}

struct sbuf {
    char b[2048];
    size_t n;
};

static void sb_add(struct sbuf *sb, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void sb_add(struct sbuf *sb, const char *fmt, ...)
{
    va_list ap;
    int k;

    if (sb->n >= sizeof sb->b - 1)
        return;
    va_start(ap, fmt);
    k = vsnprintf(sb->b + sb->n, sizeof sb->b - sb->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        sb->n += (size_t)k < sizeof sb->b - sb->n ? (size_t)k
                                                  : sizeof sb->b - sb->n - 1;
}

static void print_outcome(const pl_scenario *s, const uint32_t *o,
                          const char *indent)
{
    int w = 0;

    for (size_t i = 0; i < pl_scenario_issue_count(s); i++) {
        const int len = (int)strlen(pl_scenario_issue_name(s, i));
        w = len > w ? len : w;
    }
    w = w > 30 ? 30 : w;
    for (size_t i = 0; i < pl_scenario_issue_count(s); i++) {
        struct sbuf sb = {.n = 0};
        sb_add(&sb, "%s%-*s  %s", indent, w, pl_scenario_issue_name(s, i),
               pl_scenario_option_name(s, i, o[i]));
        wrap(sb.b, (int)strlen(indent) + w + 2);
    }
}

static void flush_repeats(struct story *st)
{
    if (!st->rep_n)
        return;
    if (st->rep_from == st->rep_to)
        fprintf(g_out,
                "Round %-3u the same proposal again, with the same "
                "votes.\n",
                st->rep_from);
    else
        fprintf(g_out,
                "Rounds %u-%u: %u proposals already told, with the "
                "same votes.\n",
                st->rep_from, st->rep_to, st->rep_n);
    st->rep_n = 0;
}

/* True (and counted) if this proposal and its votes were told since the
 * last adoption. */
static bool is_repeat(struct story *st, bool adopted)
{
    const size_t n = pl_scenario_issue_count(st->s);
    uint64_t yes = 0;

    for (size_t k = 0; k < st->yes_n; k++)
        yes |= 1ull << st->yes[k];
    if (!adopted) {
        for (size_t k = 0; k < st->n_seen; k++) {
            if (st->seen_yes[k] == yes &&
                memcmp(st->seen[k], st->prop, n * sizeof *st->prop) == 0) {
                if (!st->rep_n)
                    st->rep_from = st->cur_round;
                st->rep_to = st->cur_round;
                st->rep_n++;
                return true;
            }
        }
    }
    flush_repeats(st);
    st->turned = 0;
    for (size_t k = 0; k < st->n_seen; k++)
        if (memcmp(st->seen[k], st->prop, n * sizeof *st->prop) == 0)
            st->turned |= yes & ~st->seen_yes[k];
    if (adopted) {
        st->n_seen = 0;
    } else if (st->n_seen < 16) {
        memcpy(st->seen[st->n_seen], st->prop, n * sizeof *st->prop);
        st->seen_yes[st->n_seen++] = yes;
    }
    return false;
}

/* Mediated: tell one proposal's votes, then adoption or not. */
static void tell_proposal(struct story *st, bool adopted)
{
    const pl_scenario *s = st->s;
    const size_t n = pl_scenario_issue_count(s);
    struct sbuf sb = {.n = 0};

    if (is_repeat(st, adopted))
        return;
    sb_add(&sb, "Round %-3u %s proposes", st->cur_round,
           st->mediator >= 0 ? pl_scenario_party_name(s, (size_t)st->mediator)
                             : "the mediator");
    for (size_t i = 0, first = 1; i < n; i++) {
        if (st->prop[i] == st->text[i])
            continue;
        sb_add(&sb, "%s %s: %s -> %s", first ? "" : ";",
               pl_scenario_issue_name(s, i),
               pl_scenario_option_name(s, i, st->text[i]),
               pl_scenario_option_name(s, i, st->prop[i]));
        first = 0;
    }
    wrap(sb.b, 10);
    if (st->yes_n) {
        sb.n = 0;
        sb_add(&sb, "%10saccept:", "");
        for (size_t k = 0; k < st->yes_n; k++)
            sb_add(&sb, "%s %s", k ? "," : "", pname(s, st->yes[k]));
        wrap(sb.b, 18);
    }
    if (st->turned) {
        bool first = true;
        sb.n = 0;
        sb_add(&sb,
               "%10snow accepts what it objected to before, its "
               "demands falling as time runs out:",
               "");
        for (size_t p = 0; p < pl_scenario_party_count(s); p++) {
            if (st->turned >> p & 1) {
                sb_add(&sb, "%s %s", first ? "" : ",", pname(s, (long)p));
                first = false;
            }
        }
        wrap(sb.b, 12);
    }
    for (size_t k = 0; k < st->no_n; k++) {
        const size_t p = (size_t)st->no[k];
        const double du = pl_scenario_utility(s, p, st->prop) -
                          pl_scenario_utility(s, p, st->text);
        bool any = false;
        sb.n = 0;
        sb_add(&sb, "%10sobjects: %s (%+.2f):", "", pname(s, st->no[k]), du);
        for (int sign = -1; sign <= 1; sign += 2) {
            bool first = true;
            for (size_t i = 0; i < n; i++) {
                const double d =
                    pl_scenario_party_weight(s, p, i) *
                    (pl_scenario_party_value(s, p, i, st->prop[i]) -
                     pl_scenario_party_value(s, p, i, st->text[i]));
                if (st->prop[i] == st->text[i] || d * sign <= 0)
                    continue;
                sb_add(&sb, "%s %s %+.2f",
                       first ? (sign < 0 ? " loses on"
                                : any    ? "; gains on"
                                         : " gains on")
                             : ",",
                       pl_scenario_issue_name(s, i), d);
                first = false;
                any = true;
            }
        }
        if (du > -1e-12)
            sb_add(&sb, "%s",
                   any ? "; holds out for more" : " holds out for more");
        wrap(sb.b, 20);
    }
    fprintf(g_out, "%10s%s\n", "", adopted ? "-> adopted" : "-> not adopted");
}

static void offer_line(struct story *st, const pl_event *ev, char *buf,
                       size_t cap)
{
    const pl_scenario *s = st->s;
    struct sbuf sb = {.n = 0};
    const char *verb = ev->kind == PL_EV_OFFER && ev->note
                           ? "rejects it, offers"
                       : ev->kind == PL_EV_OFFER  ? "offers"
                       : ev->kind == PL_EV_ACCEPT ? "accepts"
                       : ev->kind == PL_EV_RELAY  ? "shows the text to"
                                                  : "ends the talks";

    sb_add(&sb, "Round %-4u %s %s", ev->round, pname(s, ev->from), verb);
    if (ev->kind == PL_EV_RELAY)
        sb_add(&sb, " %s", pname(s, ev->to));
    if (ev->outcome && ev->kind == PL_EV_OFFER) {
        sb_add(&sb, ":");
        for (size_t p = 0; p < pl_scenario_party_count(s); p++)
            if (ev->visible >> p & 1 && pl_scenario_party_has_utility(s, p))
                sb_add(&sb, " %s %.2f", pl_scenario_party_id(s, p),
                       pl_scenario_utility(s, p, ev->outcome));
    }
    {
        const size_t k = sb.n < cap - 1 ? sb.n : cap - 1;
        memcpy(buf, sb.b, k);
        buf[k] = 0;
    }
}

static void on_event(void *ctx, const pl_scenario *s, const pl_event *ev)
{
    struct story *st = ctx;
    const size_t n = pl_scenario_issue_count(s);

    if (ev->kind == PL_EV_START)
        st->offers_protocol =
            !ev->note || strncmp(ev->note, "protocol=mediated", 17) != 0;
    if (st->offers_protocol) {
        char line[WIDTH + 40];
        if (ev->kind != PL_EV_OFFER && ev->kind != PL_EV_ACCEPT &&
            ev->kind != PL_EV_END && ev->kind != PL_EV_RELAY)
            return;
        offer_line(st, ev, line, sizeof line);
        if (ev->round <= HEAD_ROUNDS) {
            fprintf(g_out, "%s\n", line);
            return;
        }
        if (st->tail_n == TAIL_LINES) {
            if (!st->omitting)
                st->omitted_from = st->tail_round[st->tail_head];
            st->omitting = true;
            st->omitted_to = st->tail_round[st->tail_head];
        }
        memcpy(st->tail[st->tail_head], line, sizeof line);
        st->tail_round[st->tail_head] = ev->round;
        st->tail_head = (st->tail_head + 1) % TAIL_LINES;
        if (st->tail_n < TAIL_LINES)
            st->tail_n++;
        return;
    }
    switch (ev->kind) {
    case PL_EV_START:
        return;
    case PL_EV_PROPOSE:
        if (!st->have_text) {
            memcpy(st->text, ev->outcome, n * sizeof *st->text);
            st->have_text = true;
            fprintf(g_out, "Opening text (%s):\n", pname(s, ev->from));
            print_outcome(s, ev->outcome, "  ");
            fputc('\n', g_out);
            return;
        }
        memcpy(st->prop, ev->outcome, n * sizeof *st->prop);
        st->cur_round = ev->round;
        st->mediator = ev->from;
        st->yes_n = st->no_n = 0;
        return;
    case PL_EV_VOTE_YES:
        st->yes[st->yes_n++] = ev->from;
        return;
    case PL_EV_VOTE_NO:
        st->no[st->no_n++] = ev->from;
        return;
    case PL_EV_ADOPT:
        if (ev->note)
            return;
        tell_proposal(st, true);
        memcpy(st->text, ev->outcome, n * sizeof *st->text);
        return;
    case PL_EV_DISCARD:
        tell_proposal(st, false);
        return;
    case PL_EV_SIGN:
    case PL_EV_REFUSE: {
        const size_t p = (size_t)ev->from;
        flush_repeats(st);
        fprintf(g_out, "%-14s %s (%.2f %s reservation %.2f)%s%s\n",
                pname(s, ev->from),
                ev->kind == PL_EV_SIGN ? "signs  " : "refuses",
                pl_scenario_utility(s, p, ev->outcome),
                ev->kind == PL_EV_SIGN ? ">=" : "vs",
                pl_scenario_party_reservation(s, p), ev->note ? ": " : "",
                ev->note ? ev->note : "");
        return;
    }
    default:
        return;
    }
}

static void flush_tail(struct story *st)
{
    if (!st->offers_protocol)
        return;
    if (st->omitting)
        fprintf(g_out,
                "... (events of rounds %u-%u not shown; --trace FILE "
                "has them all)\n",
                st->omitted_from, st->omitted_to);
    for (size_t k = 0; k < st->tail_n; k++) {
        const size_t at =
            (st->tail_head + TAIL_LINES - st->tail_n + k) % TAIL_LINES;
        fprintf(g_out, "%s\n", st->tail[at]);
    }
}

static void print_header(const pl_scenario *s, const pl_session_opts *o,
                         const pl_session_result *r)
{
    struct sbuf sb = {.n = 0};

    wrap(pl_scenario_name(s), 0);
    sb_add(&sb, "Protocol: %s", pl_protocol_summary(r->protocol));
    wrap(sb.b, 10);
    sb.n = 0;
    if (r->mediator >= 0 || r->mediator == PL_MEDIATOR_NEUTRAL)
        sb_add(&sb, "Mediator: %s%s%s%s.",
               r->mediator >= 0 ? pname(s, r->mediator) : "neutral",
               r->protocol == PL_PROTOCOL_MEDIATED ? " (kind " : "",
               r->protocol == PL_PROTOCOL_MEDIATED
                   ? pl_mediator_kind_name(r->mediator_kind)
                   : "",
               r->protocol == PL_PROTOCOL_MEDIATED ? ")" : "");
    if (r->deadline == UINT32_MAX)
        sb_add(&sb, "%sDeadline: %g s of wall clock.", sb.n ? " " : "",
               o->time_limit);
    else
        sb_add(&sb, "%sDeadline: %u rounds.", sb.n ? " " : "", r->deadline);
    if (pl_scenario_has_talks(s)) {
        bool any = false;
        for (size_t i = 0; i < r->n_parties; i++) {
            for (size_t j = i + 1; j < r->n_parties; j++) {
                if (pl_scenario_talks_allowed(s, r->party[i], r->party[j]))
                    continue;
                sb_add(&sb, "%s %s-%s",
                       any ? "," : " No direct channel:", pname(s, r->party[i]),
                       pname(s, r->party[j]));
                any = true;
            }
        }
        if (any)
            sb_add(&sb, "%s",
                   r->mediator >= 0 || r->mediator == PL_MEDIATOR_NEUTRAL
                       ? " (they see texts only through the "
                         "mediator; votes are private)."
                       : ".");
    }
    wrap(sb.b, 0);
    for (size_t j = 0; j < r->n_parties; j++) {
        if (!r->strategy[j])
            continue;
        sb.n = 0;
        sb_add(&sb, "  %-14s %s", pname(s, r->party[j]), r->strategy[j]);
        wrap(sb.b, 17);
    }
    fputc('\n', g_out);
}

static void print_result(const pl_scenario *s, const pl_session_result *r)
{
    const size_t n = pl_scenario_issue_count(s);

    fputc('\n', g_out);
    if (r->agreement) {
        if (r->deadline == UINT32_MAX)
            fprintf(g_out, "Agreement in round %u (t = %.2f):\n", r->rounds,
                    r->agreement_time);
        else
            fprintf(g_out, "Agreement in round %u of %u (t = %.2f):\n",
                    r->rounds, r->deadline, r->agreement_time);
        print_outcome(s, r->outcome, "  ");
    } else {
        const char *why = r->end == PL_END_WALKAWAY  ? "a party walked away"
                          : r->end == PL_END_REFUSED ? "the text was refused"
                                                     : "deadline reached";
        struct sbuf sb = {.n = 0};
        sb_add(&sb,
               "No agreement after %u rounds (%s): each party gets its "
               "reservation value.",
               r->rounds, why);
        wrap(sb.b, 0);
    }
    fprintf(g_out, "\n  %-14s %9s %12s %11s %7s\n", "party", "utility",
            "undiscounted", "reservation", "Nash");
    for (size_t j = 0; j < r->n_parties; j++) {
        const size_t p = r->party[j];
        char nash[16] = "-";
        if (r->has_nash)
            snprintf(nash, sizeof nash, "%.3f", r->nash_utility[j]);
        fprintf(g_out, "  %-14.14s %9.3f %12.3f %11.3f %7s\n",
                pname(s, (long)p), r->utility[j], r->utility_undiscounted[j],
                pl_scenario_party_reservation(s, p), nash);
    }
    fputc('\n', g_out);
    for (size_t j = 0; j < r->n_parties; j++) {
        struct sbuf sb = {.n = 0};
        if (!r->lookups_approx[j])
            continue;
        /* never silent: bids not proven closest (docs/simulate.md) */
        sb_add(&sb,
               "Approximate bid lookup: %llu of %s's %llu bid lookups were "
               "not proven exact (%s back end, docs/simulate.md)",
               (unsigned long long)r->lookups_approx[j],
               pname(s, (long)r->party[j]),
               (unsigned long long)r->lookups[j],
               r->lookup_method[j] ? r->lookup_method[j] : "?");
        if (r->lookup_max_miss[j] > 0)
            sb_add(&sb, "; the farthest answer was %.3g from its target",
                   r->lookup_max_miss[j]);
        sb_add(&sb, ".");
        wrap(sb.b, 0);
    }
    if (!isnan(r->distance_to_pareto) || !isnan(r->distance_to_nash)) {
        struct sbuf sb = {.n = 0};
        sb_add(&sb,
               "Distance in utility space %s: %.3f to the Pareto "
               "frontier, %.3f to the Nash package.",
               r->agreement ? "of the agreement" : "of no deal",
               r->distance_to_pareto, r->distance_to_nash);
        wrap(sb.b, 0);
    }
    if (r->agreement && r->has_nash) {
        bool same = true;
        for (size_t i = 0; i < n; i++)
            same = same && r->outcome[i] == r->nash_outcome[i];
        if (same) {
            fprintf(g_out, "The agreement is the Nash package.\n");
        } else {
            fprintf(g_out,
                    "Compared with the Nash package, the agreement differs "
                    "on:\n");
            for (size_t i = 0; i < n; i++) {
                struct sbuf sb = {.n = 0};
                if (r->outcome[i] == r->nash_outcome[i])
                    continue;
                sb_add(&sb, "  %s: %s (Nash: %s)", pl_scenario_issue_name(s, i),
                       pl_scenario_option_name(s, i, r->outcome[i]),
                       pl_scenario_option_name(s, i, r->nash_outcome[i]));
                wrap(sb.b, 4);
            }
        }
    } else if (r->has_nash) {
        fprintf(g_out,
                "The Nash package would have given every party more than "
                "no deal:\n");
        print_outcome(s, r->nash_outcome, "  ");
    }
}

/* ---- listings ---------------------------------------------------------- */

int cli_list_strategies(void)
{
    g_out = stdout;
    for (size_t i = 0; i < pl_strategy_count(); i++) {
        const pl_strategy *st = pl_strategy_at(i);
        struct sbuf sb = {.n = 0};
        sb_add(&sb, "%-12s %s", st->name, st->summary);
        wrap(sb.b, 13);
        for (size_t k = 0; k < st->n_params; k++) {
            sb.n = 0;
            sb_add(&sb, "%-12s   %s=%g  %s", "", st->params[k].key,
                   st->params[k].dflt, st->params[k].help);
            wrap(sb.b, 17);
        }
    }
    printf("\nEvery strategy also takes ac=next|const|time|combi (joined by "
           "'+') or none,\na=, b= (AC_next), c= (AC_const), T= (AC_time, "
           "AC_combi) and model=none|freq.\n");
    return cli_finish_stdout(CLI_EXIT_OK);
}

int cli_list_protocols(void)
{
    g_out = stdout;
    for (int p = PL_PROTOCOL_AO; p < PL_PROTOCOL_COUNT; p++) {
        struct sbuf sb = {.n = 0};
        sb_add(&sb, "%-9s %s", pl_protocol_name((pl_protocol)p),
               pl_protocol_summary((pl_protocol)p));
        wrap(sb.b, 10);
    }
    return cli_finish_stdout(CLI_EXIT_OK);
}

/* ---- the command ------------------------------------------------------- */

static int run(const pl_scenario *s, struct sim_args *a, pl_session_opts *o)
{
    struct story st;
    pl_session_result *r = NULL;
    pl_diag d;
    pl_status rc;
    char *tmp = NULL;
    FILE *tf = NULL;
    int status = CLI_EXIT_OK;
    uint32_t text[PL_MAX_ISSUES], prop[PL_MAX_ISSUES];
    char *story_buf = NULL;
    size_t story_len = 0;

    memset(&st, 0, sizeof st);
    memset(&d, 0, sizeof d);
    st.s = s;
    st.text = text;
    st.prop = prop;
    if (a->trace) {
        const size_t len = strlen(a->trace) + 16;
        int fd;
        tmp = malloc(len);
        if (!tmp) {
            cli_error("out of memory");
            return CLI_EXIT_FAILURE;
        }
        snprintf(tmp, len, "%s.tmp.XXXXXX", a->trace);
        fd = mkstemp(tmp);
        if (fd < 0 || !(tf = fdopen(fd, "w"))) {
            cli_error("cannot write %s: %s", a->trace, strerror(errno));
            if (fd >= 0) {
                close(fd);
                unlink(tmp);
            }
            free(tmp);
            return CLI_EXIT_FAILURE;
        }
        o->trace = tf;
    }
    if (!a->json) {
        g_out = open_memstream(&story_buf, &story_len);
        if (!g_out) {
            cli_error("out of memory");
            status = CLI_EXIT_FAILURE;
            goto out;
        }
        o->on_event = on_event;
        o->event_ctx = &st;
    }
    rc = pl_session_run(s, o, &r, &d);
    if (rc != PL_OK) {
        status = rc == PL_EINVAL ? cli_usage_error("simulate", "%s", d.message)
                                 : cli_report_status(rc, &d);
        goto out;
    }
    if (tf) {
        const int bad = fflush(tf) != 0 || ferror(tf);
        const int cl = fclose(tf);
        tf = NULL;
        if (bad || cl != 0 || rename(tmp, a->trace) != 0) {
            cli_error("cannot write %s: %s", a->trace, strerror(errno));
            unlink(tmp);
            status = CLI_EXIT_FAILURE;
            goto out;
        }
    }
    if (a->json) {
        char *json = NULL;
        size_t len = 0;
        rc = pl_session_json(s, r, &json, &len);
        if (rc != PL_OK) {
            status = cli_report_status(rc, NULL);
            goto out;
        }
        fwrite(json, 1, len, stdout);
        pl_free(json);
    } else {
        flush_tail(&st);
        fclose(g_out);
        g_out = stdout;
        print_header(s, o, r);
        fwrite(story_buf, 1, story_len, stdout);
        print_result(s, r);
    }
    status = cli_finish_stdout(CLI_EXIT_OK);
out:
    if (tf) {
        fclose(tf);
        unlink(tmp);
    }
    if (g_out && g_out != stdout)
        fclose(g_out);
    g_out = NULL;
    free(story_buf);
    free(tmp);
    pl_session_result_free(r);
    return status;
}

int cli_cmd_simulate(int argc, char **argv)
{
    struct sim_args a;
    pl_session_opts o = pl_session_opts_default();
    pl_scenario *s = NULL;
    pl_diag d;
    pl_status st;
    char proto[32];
    int rc;

    memset(&a, 0, sizeof a);
    rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    st = cli_load_scenario_profiles(a.scenario ? a.scenario : DEFAULT_SCENARIO,
                                    &a.profiles, &s, &d);
    if (st != PL_OK)
        return cli_report_status(st, &d);
    rc = build_opts(s, &a, &o, proto, sizeof proto);
    if (rc < 0)
        rc = run(s, &a, &o);
    pl_scenario_free(s);
    return rc;
}
