/* Tests for the text report: a small scenario built through the internal
 * struct and analysed with pl_analyze(), then an analysis filled by hand
 * for the cases a real run rarely gives (empty zone, null concepts,
 * hopeless parties, narrow terminals).  Every test checks that no line is
 * wider than the width asked for.
 *
 * The scenario (worked out by hand):
 *   nato: path_kept, renounced; guarantees: none, assurances, binding
 *   Ukraine  weights nato 1, guarantees 3 -> 0.25, 0.75; reservation 0.3
 *            nato {path_kept 1, renounced 0.2}
 *            guarantees {none 0, assurances 0.3, binding 1}
 *   Russia   weights nato 3, guarantees 1 -> 0.75, 0.25; reservation 0.3
 *            nato {path_kept 0, renounced 1}
 *            guarantees {none 1, assurances 0.6, binding 0}
 *   plus an observer with a very long name (not in the analysis).
 *
 *   index outcome                 Ukraine Russia
 *   0     path_kept, none          0.25   0.25
 *   1     path_kept, assurances    0.475  0.15
 *   2     path_kept, binding       1      0
 *   3     renounced, none          0.05   1
 *   4     renounced, assurances    0.275  0.9
 *   5     renounced, binding       0.8    0.75
 * Zone (both >= 0.3): {5}.  Nash = 5 (0.5 * 0.45), and so are KS,
 * egalitarian and max welfare.  Frontier {2, 3, 4, 5}, one in the zone.
 * Give and get at 5: Ukraine gets guarantees (75%), gives up
 * 0.25 * (1 - 0.2) = 20% on NATO; Russia gets NATO (75%), gives up 25%.
 * Logroll: Ukraine gets guarantees, Russia NATO, against the reverse
 * (path_kept, none): +0.8 - 0.25 = +0.550 for Ukraine, +0.75 - 0.25 =
 * +0.500 for Russia. */
#include <stdio.h>

#include "analysis/explain.h"
#include "core/alloc.h"
#include "core/scenario_int.h"
#include "parley/parley.h"
#include "pl_test.h"

static const char *const LONG_NAME =
    "An observer with an extraordinarily long display name that cannot "
    "fit in any reasonable table column at all";
static const char *const LONG_OPTION =
    "Legally binding guarantees from the United States, Europe and other "
    "partners such as Canada and Japan";

static void set_issue(struct pl__issue *is, const char *id, const char *name,
                      uint32_t n, const char *const *ids,
                      const char *const *names)
{
    is->id = pl__strdup(id);
    is->name = pl__strdup(name);
    is->kind = PL_ISSUE_CATEGORICAL;
    is->n_options = n;
    is->named_options = true;
    is->options = pl__calloc(n, sizeof *is->options);
    for (uint32_t k = 0; k < n; k++) {
        is->options[k].id = pl__strdup(ids[k]);
        is->options[k].name = pl__strdup(names[k]);
        is->options[k].value = k;
    }
}

static void set_party(pl_scenario *s, uint32_t j, const char *id,
                      const char *name, pl_role role, const double *w,
                      const double *vn, const double *vg, double r)
{
    struct pl__party *p = &s->parties[j];

    p->id = pl__strdup(id);
    p->name = pl__strdup(name);
    p->role = role;
    p->has_utility = w != NULL;
    p->reservation = r;
    p->discount = 1;
    p->weight_raw = pl__calloc(2, sizeof(double));
    p->weight = pl__calloc(2, sizeof(double));
    p->fn = pl__calloc(2, sizeof *p->fn);
    p->v = pl__calloc(2, sizeof *p->v);
    for (uint32_t i = 0; i < 2; i++) {
        p->v[i] = pl__calloc(s->issues[i].n_options, sizeof(double));
        if (!w)
            continue;
        p->weight_raw[i] = w[i];
        p->fn[i].kind = PL__VALUE_TABLE;
        for (uint32_t k = 0; k < s->issues[i].n_options; k++)
            p->v[i][k] = (i ? vg : vn)[k];
    }
}

static pl_scenario *build(void)
{
    static const char *const nid[] = {"path_kept", "renounced"};
    static const char *const nname[] = {"NATO path kept",
                                        "NATO bid renounced"};
    static const char *const gid[] = {"none", "assurances", "binding"};
    const char *const gname[] = {"No guarantees", "Political assurances",
                                 LONG_OPTION};
    static const double wu[] = {1, 3}, wr[] = {3, 1};
    static const double un[] = {1, 0.2}, ug[] = {0, 0.3, 1};
    static const double rn[] = {0, 1}, rg[] = {1, 0.6, 0};
    pl_scenario *s = pl__calloc(1, sizeof *s);
    pl_diag d = {0};

    s->name = pl__strdup("Two issues");
    s->description = pl__strdup(
        "Illustrative model, not a forecast. A two-issue toy version of a "
        "security deal, used to test the text report.");
    s->n_issues = 2;
    s->issues = pl__calloc(2, sizeof *s->issues);
    set_issue(&s->issues[0], "nato", "NATO membership", 2, nid, nname);
    set_issue(&s->issues[1], "guarantees", "Security guarantees", 3, gid,
              gname);
    s->n_parties = 3;
    s->parties = pl__calloc(3, sizeof *s->parties);
    set_party(s, 0, "ukraine", "Ukraine", PL_ROLE_NEGOTIATOR, wu, un, ug,
              0.3);
    set_party(s, 1, "russia", "Russia", PL_ROLE_NEGOTIATOR, wr, rn, rg, 0.3);
    set_party(s, 2, "watcher", LONG_NAME, PL_ROLE_OBSERVER, NULL, NULL, NULL,
              0);
    s->simulate.mediator = -1;
    PL_CHECK_INT(pl__scenario_compile(s, &d), PL_OK);
    return s;
}

/* The report as a string (caller frees with free()); NULL on failure. */
static char *render(const pl_scenario *s, const pl_analysis *a, int width,
                    size_t top)
{
    pl_report_opts o = pl_report_opts_default();
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return NULL;
    if (width)
        o.width = width;
    o.top = top;
    PL_CHECK_INT(pl_report_text(s, a, &o, f), PL_OK);
    fclose(f);
    if (buf && getenv("PL_TEST_DUMP")) /* to look at the report */
        fputs(buf, stderr);
    return buf;
}

/* Widest line, in UTF-8 code points. */
static size_t widest(const char *text)
{
    size_t w = 0, c = 0;

    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            if (c > w)
                w = c;
            c = 0;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            c++;
        }
    }
    return c > w ? c : w;
}

/* Does `text` contain `line` as a whole line? */
static int has_line(const char *text, const char *line)
{
    const size_t n = strlen(line);

    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
        if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
            return 1;
    fprintf(stderr, "missing line: \"%s\"\n", line);
    return 0;
}

/* Does `text`, with every run of blanks and newlines read as one space
 * (undoing the word wrap), contain `part`? */
static int has_text(const char *text, const char *part)
{
    char *flat = malloc(strlen(text) + 1);
    size_t n = 0;
    int found;

    if (!flat)
        return 0;
    for (const char *p = text; *p; p++) {
        const int blank = *p == ' ' || *p == '\n';
        if (!blank)
            flat[n++] = *p;
        else if (n > 0 && flat[n - 1] != ' ')
            flat[n++] = ' ';
    }
    flat[n] = '\0';
    found = strstr(flat, part) != NULL;
    free(flat);
    if (found)
        return 1;
    fprintf(stderr, "missing text: \"%s\"\n", part);
    return 0;
}

/* The checks on the report of the scenario above. */
static void check_report(const char *r)
{
    PL_CHECK(widest(r) <= 80);
    PL_CHECK(has_line(r, "Two issues"));
    PL_CHECK(has_line(r, "=========="));
    PL_CHECK(has_text(r, "Illustrative model, not a forecast."));
    PL_CHECK(has_text(r, "Zone of agreement: 1 package (16.67%) is "
                         "acceptable to every party"));
    /* the recommended package, issue by issue */
    PL_CHECK(has_line(r, "  NATO membership      NATO bid renounced"));
    PL_CHECK(has_line(r, "  Security guarantees  Legally binding "
                         "guarantees from the United States, Europe"));
    PL_CHECK(has_line(r, "                       and other partners such "
                         "as Canada and Japan"));
    /* utility, gain over no deal, distance from the best */
    PL_CHECK(has_line(r, "            utility   gain over no deal   "
                         "short of ideal"));
    PL_CHECK(has_line(r, "  Ukraine     0.800              +0.500         "
                         "   0.200"));
    PL_CHECK(has_line(r, "  Russia      0.750              +0.450         "
                         "   0.250"));
    /* give and get */
    PL_CHECK(has_text(r, "Ukraine gets its way on issues worth 75.0% "
                         "of its interest and gives up 20.0% in all."));
    PL_CHECK(has_line(r, "    gets      Security guarantees (75.0%)"));
    PL_CHECK(has_line(r, "    concedes  NATO membership (-20.0% of "
                         "25.0%)"));
    PL_CHECK(has_line(r, "    concedes  Security guarantees (-25.0% "
                         "of 25.0%)"));
    /* the logroll, in words */
    PL_CHECK(has_line(r, "  1. Security guarantees for Ukraine, NATO "
                         "membership for Russia"));
    PL_CHECK(has_text(r, "+0.550 for Ukraine, +0.500 for Russia."));
    PL_CHECK(has_text(r, "Ukraine cares more about Security guarantees "
                         "(75.0% of its interest) than Russia does"));
    /* other concepts, the frontier, the parties */
    PL_CHECK(has_text(r, "the same package as Nash."));
    PL_CHECK(has_text(r, "4 packages (4 distinct utility vectors)"));
    PL_CHECK(has_line(r, "   1  yes     0.800   0.750   1.550  (the "
                         "Nash package)"));
    PL_CHECK(has_text(r, "reasonable table column at all observer "
                         "(not in the analysis)"));
}

/* The analysis of the scenario above, by hand (see the file comment). */
struct hand {
    pl_analysis a;
    uint32_t party[2];
    double res[2], umin[2], umax[2], zbest[2];
    uint32_t outcome[5][2]; /* outcomes 5, 4, 3, 2 and the concepts' 5 */
    double util[5][2];
};

static void hand_fill(struct hand *h)
{
    static const uint32_t oc[5][2] = {{1, 2}, {1, 1}, {1, 0}, {0, 2}, {1, 2}};
    static const double ut[5][2] = {
        {0.8, 0.75}, {0.275, 0.9}, {0.05, 1}, {1, 0}, {0.8, 0.75}};
    static const uint64_t idx[4] = {5, 4, 3, 2};
    static const double value[PL_CONCEPT_COUNT] = {0.225, 1, 0.45, 1.55};
    static pl_package points[4];

    memset(h, 0, sizeof *h);
    memcpy(h->outcome, oc, sizeof oc);
    memcpy(h->util, ut, sizeof ut);
    h->party[0] = 0;
    h->party[1] = 1;
    h->res[0] = h->res[1] = 0.3;
    h->umin[0] = 0.05;
    h->umin[1] = 0;
    h->umax[0] = h->umax[1] = 1;
    h->zbest[0] = 0.8;
    h->zbest[1] = 0.75;
    h->a.n_parties = 2;
    h->a.party = h->party;
    h->a.reservation = h->res;
    h->a.umin = h->umin;
    h->a.umax = h->umax;
    h->a.zone_best = h->zbest;
    h->a.n_outcomes = pl_count_from_u64(6);
    h->a.zone_count = pl_count_from_u64(1);
    h->a.pareto_count = pl_count_from_u64(4);
    h->a.pareto_vectors = 4;
    h->a.pareto_zone_count = pl_count_from_u64(1);
    h->a.pareto_zone_vectors = 1;
    for (int k = 0; k < 4; k++) {
        points[k].index = idx[k];
        points[k].has_index = true;
        points[k].outcome = h->outcome[k];
        points[k].utility = h->util[k];
        points[k].in_zone = k == 0;
    }
    h->a.n_points = 4;
    h->a.points = points;
    for (int c = 0; c < PL_CONCEPT_COUNT; c++) {
        h->a.found[c] = true;
        h->a.concept[c].index = 5;
        h->a.concept[c].has_index = true;
        h->a.concept[c].outcome = h->outcome[4];
        h->a.concept[c].utility = h->util[4];
        h->a.concept[c].value = value[c];
        h->a.concept[c].in_zone = true;
    }
    snprintf(h->a.method, sizeof h->a.method, "by hand");
}

static void hand_free(struct hand *h)
{
    for (size_t j = 0; h->a.nash_give_get && j < h->a.n_parties; j++)
        pl__free(h->a.nash_give_get[j].share);
    pl__free(h->a.nash_give_get);
    pl__free(h->a.logrolls);
}

static void test_hand(void)
{
    pl_scenario *s = build();
    struct hand h;
    char *r;

    hand_fill(&h);
    PL_CHECK_INT(pl__analysis_explain(s, &h.a), PL_OK);
    r = render(s, &h.a, 0, 0);
    PL_CHECK(r != NULL);
    if (r) {
        check_report(r);
        PL_CHECK(has_line(r, "Method: by hand."));
        free(r);
    }
    /* Deterministic, and within any width asked for. */
    for (int w = 30; w <= 100; w += 7) {
        char *x = render(s, &h.a, w, 2);
        char *y = render(s, &h.a, w, 2);
        PL_CHECK(x && y && strcmp(x, y) == 0);
        if (x)
            PL_CHECK_INT(widest(x) <= (size_t)w, 1);
        free(x);
        free(y);
    }
    hand_free(&h);
    pl_scenario_free(s);
}

/* pl_analyze on the same scenario gives the same report as the hand-made
 * analysis (its method line aside). */
static void test_analyzed(void)
{
    pl_scenario *s = build();
    pl_analysis *a = NULL;
    pl_diag d = {0};
    struct hand h;
    pl_status rc;
    char *r, *rh;

    rc = pl_analyze(s, NULL, &a, &d);
    PL_CHECK_INT(rc, PL_OK);
    if (!a) {
        pl_scenario_free(s);
        return;
    }
    hand_fill(&h);
    memcpy(h.a.method, a->method, sizeof h.a.method);
    PL_CHECK_INT(pl__analysis_explain(s, &h.a), PL_OK);
    r = render(s, a, 0, 0);
    rh = render(s, &h.a, 0, 0);
    PL_CHECK(r && rh);
    if (r && rh) {
        check_report(r);
        PL_CHECK_STR(r, rh);
    }
    free(r);
    free(rh);
    hand_free(&h);
    pl_analysis_free(a);
    pl_scenario_free(s);
}

/* An analysis with an empty zone, no concepts and a hopeless party,
 * filled by hand (for the same scenario; the numbers need not match it,
 * the report only prints them). */
static void test_empty_zone(void)
{
    pl_scenario *s = build();
    uint32_t party[2] = {0, 1}, hopeless[1] = {1};
    double res[2] = {0.9, 0.95}, umin[2] = {0.05, 0}, umax[2] = {1, 1};
    double zb[2] = {NAN, NAN};
    pl_analysis a;
    char *r;

    memset(&a, 0, sizeof a);
    a.n_parties = 2;
    a.party = party;
    a.reservation = res;
    a.umin = umin;
    a.umax = umax;
    a.zone_best = zb;
    a.n_outcomes = pl_count_from_u64(6);
    a.pareto_count = pl_count_from_u64(4);
    a.pareto_vectors = 4;
    a.n_hopeless = 1;
    a.hopeless = hopeless;
    snprintf(a.method, sizeof a.method, "enumeration of 6 outcomes");
    a.threads = 3;
    PL_CHECK_INT(pl__analysis_explain(s, &a), PL_OK);
    r = render(s, &a, 0, 0);
    PL_CHECK(r != NULL);
    if (r) {
        PL_CHECK(widest(r) <= 80);
        PL_CHECK(has_text(r, "There is no zone of agreement"));
        PL_CHECK(has_text(r, "No acceptable agreement at all for Russia"));
        PL_CHECK(has_text(r, "None: no package gives every party more "
                             "than its no-deal utility"));
        PL_CHECK(has_text(r, "none: the zone of agreement is empty."));
        /* trades are still explained, from the two issues alone */
        PL_CHECK(has_text(r, "+0.550 for Ukraine, +0.500 for Russia."));
        /* the thread count stays out (DESIGN.md section 8) */
        PL_CHECK(has_line(r, "Method: enumeration of 6 outcomes."));
        PL_CHECK(strstr(r, "What each party gets") == NULL);
        free(r);
    }
    r = render(s, &a, 24, 0);
    PL_CHECK(r && widest(r) <= 24);
    free(r);
    pl__free(a.logrolls);
    pl_scenario_free(s);
}

/* A failed write is PL_EIO; bad arguments PL_EINVAL. */
static void test_errors(void)
{
    pl_scenario *s = build();
    pl_analysis a;
    FILE *f = fopen("/dev/full", "w");

    memset(&a, 0, sizeof a);
    PL_CHECK_INT(pl_report_text(NULL, &a, NULL, stdout), PL_EINVAL);
    if (f) {
        uint32_t party[2] = {0, 1};
        double z[2] = {0, 0};
        a.n_parties = 2;
        a.party = party;
        a.reservation = z;
        a.umin = z;
        a.umax = z;
        PL_CHECK_INT(pl_report_text(s, &a, NULL, f), PL_EIO);
        fclose(f);
    }
    pl_scenario_free(s);
}

/* Every failed allocation gives PL_ENOMEM and leaks nothing (the
 * sanitizer build checks the leaks). */
static void test_oom(void)
{
    pl_scenario *s = build();
    struct hand h;
    pl_status rc = PL_ENOMEM;
    long n;

    hand_fill(&h);
    PL_CHECK_INT(pl__analysis_explain(s, &h.a), PL_OK);
    for (n = 0; n < 1000 && rc == PL_ENOMEM; n++) {
        FILE *f = fopen("/dev/null", "w");
        if (!f)
            break;
        pl__alloc_fail_after(n);
        rc = pl_report_text(s, &h.a, NULL, f);
        pl__alloc_fail_after(-1);
        fclose(f);
    }
    PL_CHECK_INT(rc, PL_OK);
    PL_CHECK(n > 1);
    hand_free(&h);
    pl_scenario_free(s);
}

/* ---- randomised: any scenario, any width ---------------------------- */

static const char *const NAMES[] = {
    "A", "", "Україна", "Security guarantees", "Ceasefire",
    "A rather long display name that goes on and on across the line",
    "Averyveryverylongwordwithoutanyspacesthatcannotbewrappedanywhereatall"
    "andkeepsgoing",
    "Zone (two words)", "x y z", "Name with  double  spaces",
};
#define N_NAMES (sizeof NAMES / sizeof NAMES[0])

static char *rand_name(pl_rng *r)
{
    return pl__strdup(NAMES[pl_rng_below(r, N_NAMES)]);
}

static char *num_id(const char *prefix, uint64_t k)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%s%" PRIu64, prefix, k);
    return pl__strdup(buf);
}

/* A clause on one random issue, allowing a random non-empty subset. */
static void rand_clause(pl_rng *r, const pl_scenario *s,
                        struct pl__clause *c)
{
    const uint32_t i = (uint32_t)pl_rng_below(r, s->n_issues);
    const uint32_t m = s->issues[i].n_options;

    c->n_conds = 1;
    c->conds = pl__calloc(1, sizeof *c->conds);
    c->conds[0].issue = i;
    c->conds[0].allowed = pl__calloc(m, 1);
    c->conds[0].allowed[pl_rng_below(r, m)] = 1;
    c->value = pl_rng_uniform(r) - 0.5;
}

static pl_scenario *rand_scenario(pl_rng *r)
{
    pl_scenario *s = pl__calloc(1, sizeof *s);

    s->name = rand_name(r);
    s->description = pl_rng_below(r, 2) ? rand_name(r) : NULL;
    s->n_issues = 1 + (uint32_t)pl_rng_below(r, 4);
    s->issues = pl__calloc(s->n_issues, sizeof *s->issues);
    for (uint32_t i = 0; i < s->n_issues; i++) {
        struct pl__issue *is = &s->issues[i];
        is->id = num_id("i", i);
        is->name = rand_name(r);
        is->kind = PL_ISSUE_CATEGORICAL;
        is->n_options = 1 + (uint32_t)pl_rng_below(r, 4);
        is->options = pl__calloc(is->n_options, sizeof *is->options);
        for (uint32_t k = 0; k < is->n_options; k++) {
            is->options[k].id = num_id("o", k);
            is->options[k].name = rand_name(r);
            is->options[k].value = k;
        }
    }
    s->n_parties = 1 + (uint32_t)pl_rng_below(r, 5);
    s->parties = pl__calloc(s->n_parties, sizeof *s->parties);
    for (uint32_t j = 0; j < s->n_parties; j++) {
        struct pl__party *p = &s->parties[j];
        p->id = num_id("p", j);
        p->name = rand_name(r);
        p->role = (pl_role)pl_rng_below(r, 3);
        p->has_utility = pl_rng_below(r, 5) != 0;
        p->reservation = 0.25 * (double)pl_rng_below(r, 4);
        p->discount = 1;
        p->weight_raw = pl__calloc(s->n_issues, sizeof(double));
        p->weight = pl__calloc(s->n_issues, sizeof(double));
        p->fn = pl__calloc(s->n_issues, sizeof *p->fn);
        p->v = pl__calloc(s->n_issues, sizeof *p->v);
        for (uint32_t i = 0; i < s->n_issues; i++) {
            p->fn[i].kind = PL__VALUE_TABLE;
            p->weight_raw[i] = p->has_utility ? (double)pl_rng_below(r, 4)
                                              : 0;
            p->v[i] = pl__calloc(s->issues[i].n_options, sizeof(double));
            for (uint32_t k = 0; k < s->issues[i].n_options; k++)
                p->v[i][k] = 0.25 * (double)pl_rng_below(r, 5);
        }
        if (p->has_utility)
            p->weight_raw[0] += 1;
        if (p->has_utility && pl_rng_below(r, 3) == 0) {
            p->n_interactions = 1;
            p->interactions = pl__calloc(1, sizeof *p->interactions);
            rand_clause(r, s, p->interactions);
        }
        if (p->has_utility && pl_rng_below(r, 3) == 0) {
            p->n_red_lines = 1;
            p->red_lines = pl__calloc(1, sizeof *p->red_lines);
            rand_clause(r, s, p->red_lines);
            p->red_lines[0].value = 0;
        }
    }
    s->simulate.mediator = -1;
    PL_CHECK_INT(pl__scenario_compile(s, NULL), PL_OK);
    return s;
}

/* Explanation invariants, then the report within every width. */
static void check_random(const pl_scenario *s, const pl_analysis *a,
                         pl_rng *r)
{
    for (size_t j = 0; a->nash_give_get && j < a->n_parties; j++) {
        const pl_give_get *g = &a->nash_give_get[j];
        PL_CHECK(g->gets >= 0 && g->gives >= 0);
        PL_CHECK(g->gets + g->gives <= 1 + 1e-9);
    }
    PL_CHECK(a->nash_give_get != NULL || !a->found[PL_NASH]);
    for (size_t k = 0; k < a->n_logrolls; k++) {
        const pl_logroll *t = &a->logrolls[k];
        PL_CHECK(t->gain_a > 0 && t->gain_b > 0);
        PL_CHECK(t->party_a < t->party_b && t->issue_a != t->issue_b);
        if (k > 0)
            PL_CHECK(fmin(t->gain_a, t->gain_b) <=
                     fmin(a->logrolls[k - 1].gain_a,
                          a->logrolls[k - 1].gain_b));
    }
    for (int n = 0; n < 3; n++) {
        const int w = 10 + (int)pl_rng_below(r, 111);
        char *x = render(s, a, w, (size_t)pl_rng_below(r, 4));
        PL_CHECK(x != NULL);
        if (x && widest(x) > (size_t)w) {
            PL_CHECK_INT(widest(x), w);
            fputs(x, stderr);
        }
        free(x);
    }
}

static void test_random(void)
{
    const uint64_t seed = pl_test_seed(20251214);
    pl_rng r;

    pl_rng_seed(&r, seed);
    for (int n = 0; n < 300; n++) {
        pl_scenario *s = rand_scenario(&r);
        pl_analysis *a = NULL;
        pl_analysis_opts opts = pl_analysis_opts_default();
        pl_status rc;

        opts.top = pl_rng_below(&r, 4);
        rc = pl_analyze(s, &opts, &a, NULL);
        PL_CHECK(rc == PL_OK || rc == PL_EINVAL);
        if (rc == PL_OK && a)
            check_random(s, a, &r);
        pl_analysis_free(a);
        pl_scenario_free(s);
    }
}

int main(void)
{
    PL_RUN(test_hand);
    PL_RUN(test_analyzed);
    PL_RUN(test_empty_zone);
    PL_RUN(test_errors);
    PL_RUN(test_oom);
    PL_RUN(test_random);
    return pl_test_summary();
}
