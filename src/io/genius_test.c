/* GENIUS reader tests: the whole shared corpus (every file loads or fails
 * with its documented error), utilities checked by hand against GENIUS's
 * arithmetic on real profiles, the lenient-XML cases, and a catalogue of
 * malformed files with the expected file:line.  The shipped copies under
 * tests/data/genius always run; the corpus part skips without ../shared. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "io/genius_corpus.h"
#include "parley/genius.h"
#include "pl_test.h"

#define DATA PL_SOURCE_DIR "/tests/data/genius"

/* ---- helpers ---- */

static pl_scenario *load(const char *domain, const char *const *profiles,
                         size_t n, pl_warnings *w)
{
    pl_scenario *s = NULL;
    pl_diag d;
    pl_status rc;

    memset(&d, 0, sizeof d);
    rc = pl_scenario_load_genius(domain, profiles, n, NULL, &s, w, &d);
    if (rc != PL_OK)
        fprintf(stderr, "load %s: %s:%d: %s\n", domain, d.file, d.line,
                d.message);
    return s;
}

/* Outcome from option ids, one per issue. */
static double util_of(const pl_scenario *s, size_t p,
                      const char *const *opt_ids)
{
    uint32_t o[64];

    for (size_t i = 0; i < pl_scenario_issue_count(s); i++) {
        const long k = pl_scenario_option_find(s, i, opt_ids[i]);
        if (k < 0) {
            fprintf(stderr, "no option '%s' in issue %zu\n", opt_ids[i], i);
            return NAN;
        }
        o[i] = (uint32_t)k;
    }
    return pl_scenario_utility(s, p, o);
}

static pl_status load_text(const char *domain, const char *profile,
                           pl_scenario **s, pl_warnings *w, pl_diag *d)
{
    const char *texts[2] = {domain, profile};
    const size_t lens[2] = {strlen(domain), strlen(profile)};
    const char *names[2] = {"dom.xml", "prof.xml"};

    memset(d, 0, sizeof *d);
    return pl_scenario_load_genius_text(texts, lens, names, 1, NULL, s, w,
                                        d);
}


/* ---- utilities by hand (GENIUS arithmetic in the comments) ---- */

static void test_laptop(void)
{
    const char *prof[2] = {DATA "/laptop/laptop_buyer_utility.xml",
                           DATA "/laptop/laptop_seller_utility.xml"};
    pl_warnings w = {0, NULL};
    pl_scenario *s = load(DATA "/laptop/laptop_domain.xml", prof, 2, &w);
    const char *o1[3] = {"dell", "120_gb", "20___lcd"};
    const char *o2[3] = {"hp", "60_gb", "19___lcd"};
    const char *o3[3] = {"dell", "120_gb", "19___lcd"};

    if (!s) {
        PL_CHECK(s != NULL);
        return;
    }
    PL_CHECK_STR(pl_scenario_party_id(s, 0), "laptop_buyer_utility");
    PL_CHECK_STR(pl_scenario_issue_id(s, 2), "external_monitor");
    PL_CHECK_STR(pl_scenario_option_name(s, 2, 0), "19'' LCD");
    /* buyer: weights 0.4452125771655631, 0.37808251708013424,
     * 0.1767567099260568 (as written; sum 1.0000518); evaluations divided
     * by each issue's maximum 30: Dell 12/30, 120 Gb 9/30, 20'' 10/30:
     * 0.4452125771655631*0.4 + 0.37808251708013424*0.3
     *   + 0.1767567099260568*(1/3) = 0.35042868929895116 */
    PL_CHECK_NEAR(util_of(s, 0, o1), 0.35042868929895116, 1e-15);
    /* HP 30/30, 60 Gb 30/30, 19'' 30/30: the sum of the weights,
     * 1.0000518041717540, clamped at 1 */
    PL_CHECK(util_of(s, 0, o2) == 1.0);
    /* seller: weights 0.378.., 0.176.., 0.445..; Dell 12/30, 120 Gb 9/30,
     * 19'' 3/3: 0.37808251708013424*0.4 + 0.1767567099260568*0.3
     *   + 0.4452125771655631 = 0.6494725969754338 */
    PL_CHECK_NEAR(util_of(s, 1, o3), 0.6494725969754338, 1e-15);
    PL_CHECK_NEAR(pl_scenario_party_discount(s, 1), 0.42441038, 0);
    PL_CHECK(pl_scenario_party_reservation(s, 0) == 0);
    PL_CHECK(s->parties[0].weights_as_written && s->parties[0].has_clamp &&
             s->parties[0].clamp_max == 1);
    /* weights as written, not normalised */
    PL_CHECK(pl_scenario_party_weight(s, 0, 0) == 0.4452125771655631);
    PL_CHECK_INT(w.n, 0);
    pl_warnings_free(&w);
    pl_scenario_free(s);
}

static void test_son_real(void)
{
    const char *prof[2] = {DATA "/son/son_buyer.xml",
                           DATA "/son/son_center_5.xml"};
    pl_scenario *s = load(DATA "/son/son_domain.xml", prof, 2, NULL);
    const char *o[4] = {"0.25", "0.25", "0", "1"};

    if (!s) {
        PL_CHECK(s != NULL);
        return;
    }
    /* 4 real issues [0,1] in 21 steps (0, 0.05, ..., 1) */
    PL_CHECK_INT(pl_scenario_option_count(s, 0), 21);
    PL_CHECK(pl_scenario_option_value(s, 0, 5) == 0.25);
    /* buyer: weights .5 .1 .05 .35, every evaluator 1 - x:
     * .5*.75 + .1*.75 + .05*1 + .35*0 = 0.5 */
    PL_CHECK_NEAR(util_of(s, 0, o), 0.5, 1e-15);
    /* center_5: weights .25 each; Quality triangular low 0, top .5,
     * high 1 gives .25/.5 = .5 at .25; the others 1 - x:
     * .25*.75 + .25*.5 + .25*1 + .25*0 = 0.5625 */
    PL_CHECK_NEAR(util_of(s, 1, o), 0.5625, 1e-15);
    PL_CHECK_NEAR(pl_scenario_party_reservation(s, 1), 0.3, 0);
    pl_scenario_free(s);
}

static void test_agenthp2_integer(void)
{
    const char *prof[3] = {DATA "/agenthp2/consumer.xml",
                           DATA "/agenthp2/producer.xml",
                           DATA "/agenthp2/provider.xml"};
    pl_scenario *s = load(DATA "/agenthp2/energy_grid_domain.xml", prof, 3,
                          NULL);
    uint32_t o[8];

    if (!s) {
        PL_CHECK(s != NULL);
        return;
    }
    PL_CHECK_INT(pl_scenario_party_count(s), 3);
    PL_CHECK_INT(pl_scenario_issue_kind(s, 0), PL_ISSUE_INTEGER);
    PL_CHECK_INT(pl_scenario_option_count(s, 0), 7); /* 8..14 */
    /* consumer: offset 1, slope -0.15 relative to lowerbound 8 on all
     * eight issues; weights .083 x5, .085, .25, .25.  At x = 8 every e is
     * 1, so U = sum of weights = 1.0; at x = 10, e = 1 - 0.15*2 = 0.7 and
     * U = 0.7 */
    for (int i = 0; i < 8; i++)
        o[i] = 0;
    PL_CHECK_NEAR(pl_scenario_utility(s, 0, o), 1.0, 1e-15);
    for (int i = 0; i < 8; i++)
        o[i] = 2;
    PL_CHECK_NEAR(pl_scenario_utility(s, 0, o), 0.7, 1e-15);
    pl_scenario_free(s);
}

/* ANAC 2014 profiles: the sums below come from an independent evaluation
 * of the XML (every rectangle whose INCLUDES all hold, or, for EXCLUDES,
 * any bound is violated), divided by maxutility. */
static void test_nonlinear(void)
{
    const char *p10[2] = {DATA "/anac2014_10issues/profile-1.xml",
                          DATA "/anac2014_10issues/profile-2.xml"};
    const char *p114[2] = {DATA "/nonlinear_114/profile-1.xml",
                           DATA "/nonlinear_114/profile-2.xml"};
    pl_scenario *s =
        load(DATA "/anac2014_10issues/10issues-domain.xml", p10, 2, NULL);
    uint32_t o[10];

    if (s) {
        /* x = 0 everywhere: rectangles worth 27+56+1+9+93 = 186; /662 */
        for (int i = 0; i < 10; i++)
            o[i] = 0;
        PL_CHECK_NEAR(pl_scenario_utility(s, 0, o), 186.0 / 662, 1e-15);
        /* x[index i] = 7i mod 10: 42+27+62+94+56+10+1+9 = 301; /662 */
        for (int i = 0; i < 10; i++)
            o[i] = (uint32_t)(((i + 1) * 7) % 10);
        PL_CHECK_NEAR(pl_scenario_utility(s, 0, o), 301.0 / 662, 1e-15);
        PL_CHECK(s->parties[0].n_interactions > 0);
        pl_scenario_free(s);
    } else {
        PL_CHECK(s != NULL);
    }
    s = load(DATA "/nonlinear_114/S-1NAGUNL-114-domain.xml", p114, 2, NULL);
    if (!s) {
        PL_CHECK(s != NULL);
        return;
    }
    /* 9 EXCLUDES rectangles among these; x = 0: 54+55+30+56+75+91+77+71+43
     * = 552 of maxutility 1316 */
    for (int i = 0; i < 10; i++)
        o[i] = 0;
    PL_CHECK_NEAR(pl_scenario_utility(s, 0, o), 552.0 / 1316, 1e-15);
    /* x[index i] = 7i mod 10: 3+88+54+55+59+75+91+77+71+43 = 616 */
    for (int i = 0; i < 10; i++)
        o[i] = (uint32_t)(((i + 1) * 7) % 10);
    PL_CHECK_NEAR(pl_scenario_utility(s, 0, o), 616.0 / 1316, 1e-15);
    /* a constant term: an interaction without conditions */
    {
        bool has_const = false;
        for (uint32_t j = 0; j < s->parties[0].n_interactions; j++)
            has_const |= s->parties[0].interactions[j].n_conds == 0;
        PL_CHECK(has_const);
    }
    pl_scenario_free(s);
}

/* Files strict XML rejects but GENIUS reads. */
static void test_lenient_files(void)
{
    const char *sp[2] = {DATA "/new_sporthal/New_sporthal_util1.xml",
                         DATA "/new_sporthal/New_sporthalA100.xml"};
    const char *car[2] = {DATA "/car/adg_deal.xml", DATA "/car/adg_deal2.xml"};
    const char *inh[2] = {DATA "/inheritance/inheritance_Janet.xml",
                          DATA "/inheritance/inheritance_Marty.xml"};
    const char *fb[2] = {DATA "/flightbooking/FlightBooking-A-prof1.xml",
                         DATA "/flightbooking/FlightBooking-A-prof2.xml"};
    const char *smp[2] = {DATA "/smartphone/SmartPhone_util1.xml",
                          DATA "/smartphone/SmartPhone_util2.xml"};
    pl_warnings w = {0, NULL};
    pl_scenario *s;
    bool euro = false, amp = false;

    /* Windows-1252 0x80 is the euro sign; UNCERTAIN metadata kept */
    s = load(DATA "/new_sporthal/New_sporthal.xml", sp, 2, NULL);
    PL_CHECK(s != NULL);
    for (size_t i = 0; s && i < pl_scenario_issue_count(s); i++)
        for (size_t k = 0; k < pl_scenario_option_count(s, i); k++)
            euro |= strcmp(pl_scenario_option_name(s, i, k),
                           "\xe2\x82\xac" "10,000") == 0;
    PL_CHECK(euro);
    PL_CHECK(s && s->parties[1].description &&
             strstr(s->parties[1].description,
                    "GENIUS uncertain profile: comparisons=100 errors=0"));
    pl_scenario_free(s);
    /* attributes without a separating space */
    s = load(DATA "/car/adg.xml", car, 2, NULL);
    PL_CHECK(s != NULL);
    pl_scenario_free(s);
    /* flat legacy profiles (weights and issues under utility_space) */
    s = load(DATA "/inheritance/inheritance_domain.xml", inh, 2, NULL);
    PL_CHECK(s != NULL);
    if (s)
        PL_CHECK(pl_scenario_party_weight(s, 0, 0) > 0);
    pl_scenario_free(s);
    /* a value listed twice in the domain counts once: 36 outcomes */
    s = load(DATA "/flightbooking/FlightBooking-A-domain.xml", fb, 2, &w);
    PL_CHECK(s != NULL);
    if (s)
        PL_CHECK(pl_scenario_outcome_count(s) == 36);
    PL_CHECK(w.n >= 1 && strstr(w.items[0].message, "more than once"));
    PL_CHECK(w.n >= 1 && w.items[0].line > 0 &&
             strstr(w.items[0].file, "FlightBooking-A-domain.xml"));
    pl_warnings_free(&w);
    pl_scenario_free(s);
    /* bare & in values */
    s = load(DATA "/smartphone/SmartPhone.xml", smp, 2, NULL);
    PL_CHECK(s != NULL);
    for (size_t i = 0; s && i < pl_scenario_issue_count(s); i++)
        for (size_t k = 0; k < pl_scenario_option_count(s, i); k++)
            amp |= strchr(pl_scenario_option_name(s, i, k), '&') != NULL;
    PL_CHECK(amp);
    pl_scenario_free(s);
}

#define DOM_HEAD "<negotiation_template>\n<utility_space>\n<objective index=\"0\" name=\"D\">\n"
#define DOM_TAIL "</objective>\n</utility_space>\n</negotiation_template>\n"
#define DOM_AB                                                               \
    DOM_HEAD "<issue index=\"1\" name=\"A\" type=\"discrete\">\n"            \
             "<item value=\"x\"/><item value=\"y\"/>\n</issue>\n" DOM_TAIL
#define PROF_HEAD "<utility_space>\n<objective index=\"0\" name=\"D\">\n"
#define PROF_TAIL "</objective>\n</utility_space>\n"
#define PROF_AB                                                              \
    PROF_HEAD "<issue index=\"1\" name=\"A\" type=\"discrete\">\n"           \
              "<item value=\"x\" evaluation=\"2\"/>\n"                       \
              "<item value=\"y\" evaluation=\"4\"/>\n</issue>\n"             \
              "<weight index=\"1\" value=\"1\"/>\n" PROF_TAIL

/* Lenient syntax on small inline files. */
static void test_lenient_syntax(void)
{
    static const char *const doms[] = {
        /* comment before the XML declaration */
        "<!-- c -->\n<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" DOM_AB,
        /* bare &, < in a value, &amp; decoded, unquoted value */
        DOM_HEAD "<issue index=1 name=\"A & B\" type=discrete>\n"
                 "<item value=\"x\"/><item value=\"y\"/>\n</issue>\n" DOM_TAIL,
        /* attributes glued together */
        DOM_HEAD "<issue index=\"1\"name=\"A\"type=\"discrete\">\n"
                 "<item value=\"x\"/><item value=\"y\"/>\n</issue>\n" DOM_TAIL,
    };
    for (size_t k = 0; k < sizeof doms / sizeof *doms; k++) {
        pl_scenario *s = NULL;
        pl_diag d;
        const pl_status rc = load_text(doms[k], PROF_AB, &s, NULL, &d);
        PL_CHECK_INT(rc, PL_OK);
        if (rc != PL_OK) {
            fprintf(stderr, "case %zu: %s:%d: %s\n", k, d.file, d.line,
                    d.message);
            continue;
        }
        /* x = 2/4, y = 4/4 */
        PL_CHECK(pl_scenario_party_value(s, 0, 0, 0) == 0.5);
        PL_CHECK(pl_scenario_party_value(s, 0, 0, 1) == 1.0);
        if (k == 1)
            PL_CHECK_STR(pl_scenario_issue_name(s, 0), "A & B");
        pl_scenario_free(s);
    }
}

struct bad_case {
    const char *dom;       /* NULL: the good domain */
    const char *prof;      /* NULL: the good profile */
    pl_status st;
    const char *file;      /* "dom.xml" or "prof.xml" */
    int line;
    const char *msg;       /* part of the message */
};

static const struct bad_case bad_cases[] = {
    {"", NULL, PL_EPARSE, "dom.xml", 1, "not XML"},
    {"<negotiation_template>\n<utility_space>\n", NULL, PL_EPARSE, "dom.xml",
     3, "not XML"},
    {"<a>\n<b></c>\n</a>\n", NULL, PL_EPARSE, "dom.xml", 2, "mismatched"},
    {"\n0.5, 1.0\n0.6, 0.9\n", NULL, PL_EPARSE, "dom.xml", 2, "CSV"},
    {"\xff\xfe<\0a\0", NULL, PL_EPARSE, "dom.xml", 1, "UTF-16"},
    {"<!DOCTYPE a [<!ENTITY e \"x\">]>\n<a>&e;</a>\n", NULL, PL_EPARSE,
     "dom.xml", 1, "entity declaration"},
    {"<negotiation_template>\n</negotiation_template>\n", NULL, PL_ESCHEMA,
     "dom.xml", 1, "no <utility_space>"},
    {PROF_AB, NULL, PL_ESCHEMA, "dom.xml", 1, "profile"},
    {DOM_HEAD DOM_TAIL, NULL, PL_ESCHEMA, "dom.xml", 2, "no <issue>"},
    {DOM_HEAD "<issue name=\"A\"/>\n" DOM_TAIL, NULL, PL_ESCHEMA, "dom.xml",
     4, "without an index"},
    {DOM_HEAD "<issue index=\"one\" name=\"A\"/>\n" DOM_TAIL, NULL,
     PL_ESCHEMA, "dom.xml", 4, "not an integer"},
    {DOM_HEAD "<issue index=\"1\" type=\"integer\" lowerbound=\"0\" "
              "upperbound=\"1\"/>\n<issue index=\"1\" type=\"integer\" "
              "lowerbound=\"0\" upperbound=\"1\"/>\n" DOM_TAIL,
     NULL, PL_ESCHEMA, "dom.xml", 5, "two issues with index 1"},
    {DOM_HEAD "<issue index=\"1\" type=\"money\"/>\n" DOM_TAIL, NULL,
     PL_ESCHEMA, "dom.xml", 4, "unknown issue type 'money'"},
    {DOM_HEAD "<issue index=\"1\" type=\"price\"/>\n" DOM_TAIL, NULL,
     PL_ESCHEMA, "dom.xml", 4, "'price'"},
    {DOM_HEAD "<issue index=\"1\" name=\"A\"/>\n" DOM_TAIL, NULL, PL_ESCHEMA,
     "dom.xml", 4, "has no <item>"},
    {DOM_HEAD "<issue index=\"1\"><item/></issue>\n" DOM_TAIL, NULL,
     PL_ESCHEMA, "dom.xml", 4, "without a value"},
    {DOM_HEAD "<issue index=\"1\" type=\"integer\"/>\n" DOM_TAIL, NULL,
     PL_ESCHEMA, "dom.xml", 4, "without lowerbound"},
    {DOM_HEAD "<issue index=\"1\" type=\"integer\" lowerbound=\"5\" "
              "upperbound=\"1\"/>\n" DOM_TAIL,
     NULL, PL_ESCHEMA, "dom.xml", 4, "below lowerbound"},
    {DOM_HEAD "<issue index=\"1\" type=\"integer\" lowerbound=\"0\" "
              "upperbound=\"1e9\"/>\n" DOM_TAIL,
     NULL, PL_ESCHEMA, "dom.xml", 4, "not an integer"},
    {DOM_HEAD "<issue index=\"1\" type=\"integer\" lowerbound=\"0\" "
              "upperbound=\"999999999\"/>\n" DOM_TAIL,
     NULL, PL_ETOOBIG, "dom.xml", 4, "more than"},
    {DOM_HEAD "<issue index=\"1\" type=\"real\"/>\n" DOM_TAIL, NULL,
     PL_ESCHEMA, "dom.xml", 4, "without a <range"},
    {DOM_HEAD "<issue index=\"1\" type=\"real\">\n<range lowerbound=\"0\" "
              "upperbound=\"x\"/></issue>\n" DOM_TAIL,
     NULL, PL_ESCHEMA, "dom.xml", 5, "not a number"},
    /* profiles */
    {NULL, DOM_AB, PL_ESCHEMA, "prof.xml", 1, "looks like a domain"},
    {NULL, "<utility_space type=\"constraint\">\n</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 1, "constraint profile"},
    {NULL, "<utility_space type=\"fancy\">\n</utility_space>\n", PL_ESCHEMA,
     "prof.xml", 1, "unknown utility_space type"},
    {NULL,
     PROF_HEAD "<issue index=\"1\" name=\"A\">\n<item value=\"x\" "
               "evaluation=\"lots\"/>\n</issue>\n" PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 4, "not a number"},
    {NULL,
     PROF_HEAD "<issue index=\"1\" name=\"A\">\n<item value=\"x\" "
               "evaluation=\"-1\"/>\n</issue>\n" PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 4, "negative"},
    {NULL, PROF_HEAD "<weight index=\"1\" value=\"-0.5\"/>\n" PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 3, "negative"},
    {NULL, PROF_HEAD "<weight index=\"1\" value=\"heavy\"/>\n" PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 3, "not a number"},
    {NULL, PROF_HEAD "<weight value=\"1\"/>\n" PROF_TAIL, PL_ESCHEMA,
     "prof.xml", 3, "integer index"},
    {NULL, "<utility_space>\n<reservation value=\"high\"/>\n</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 2, "reservation"},
    {NULL, "<utility_space>\n<reservation value=\"1.5\"/>\n</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 2, "outside [0, 1]"},
    {NULL,
     PROF_HEAD "<issue index=\"1\" name=\"A\" type=\"integer\"/>\n" PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 3, "different type"},
    {NULL, "<utility_space type=\"nonlinear\">\n<objective>\n</objective>\n"
           "</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 2, "without <utility>"},
    {NULL, "<utility_space type=\"nonlinear\">\n<objective>\n<utility "
           "maxutility=\"0\"/>\n</objective>\n</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 3, "maxutility must be positive"},
    {NULL, "<utility_space type=\"nonlinear\">\n<objective>\n<utility "
           "maxutility=\"1\">\n<ufun aggregation=\"min\"/>\n</utility>\n"
           "</objective>\n</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 4, "unsupported ufun aggregation 'min'"},
    {NULL, "<utility_space type=\"nonlinear\">\n<objective>\n<utility "
           "maxutility=\"1\">\n<ufun>\n<hyperRectangle utility=\"1\">\n"
           "<INCLUDES index=\"1\" min=\"0\" max=\"1\"/>\n</hyperRectangle>\n"
           "</ufun>\n</utility>\n</objective>\n</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 6, "hyper-rectangles need integer or real"},
    {NULL, "<utility_space type=\"nonlinear\">\n<objective>\n<utility "
           "maxutility=\"1\">\n<ufun>\n<hyperRectangle utility=\"1\">\n"
           "<INCLUDES index=\"7\" min=\"0\" max=\"1\"/>\n</hyperRectangle>\n"
           "</ufun>\n</utility>\n</objective>\n</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 6, "no issue 7"},
    {NULL, "<utility_space type=\"nonlinear\">\n<objective>\n<utility "
           "maxutility=\"1\">\n<ufun>\n<hyperRectangle utility=\"1\">\n"
           "<INCLUDES index=\"1\" min=\"0\" max=\"1\"/>\n<EXCLUDES "
           "index=\"1\" min=\"0\" max=\"1\"/>\n</hyperRectangle>\n"
           "</ufun>\n</utility>\n</objective>\n</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 5, "both INCLUDES and EXCLUDES"},
    {NULL, "<utility_space type=\"nonlinear\">\n<objective>\n<utility "
           "maxutility=\"1\">\n<ufun>\n<hyperRectangle utility=\"much\"/>\n"
           "</ufun>\n</utility>\n</objective>\n</utility_space>\n",
     PL_ESCHEMA, "prof.xml", 5, "utility 'much' is not a number"},
};

#define INT_DOM                                                              \
    DOM_HEAD "<issue index=\"1\" name=\"N\" type=\"integer\" "               \
             "lowerbound=\"0\" upperbound=\"4\"/>\n"                         \
             "<issue index=\"2\" name=\"R\" type=\"real\">\n"                \
             "<range lowerbound=\"0\" upperbound=\"1\"/></issue>\n" DOM_TAIL

static const struct bad_case bad_eval_cases[] = {
    {INT_DOM,
     PROF_HEAD "<issue index=\"1\" type=\"integer\" lowerbound=\"0\" "
               "upperbound=\"4\"/>\n" PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 3, "no <evaluator>"},
    {INT_DOM,
     PROF_HEAD "<issue index=\"1\" type=\"integer\" lowerbound=\"0\" "
               "upperbound=\"4\">\n<evaluator ftype=\"exp\"/></issue>\n"
               PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 4, "ftype 'exp'"},
    {INT_DOM,
     PROF_HEAD "<issue index=\"1\" type=\"integer\" lowerbound=\"0\" "
               "upperbound=\"4\">\n<evaluator ftype=\"linear\" "
               "slope=\"x\" offset=\"1\"/></issue>\n" PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 4, "slope 'x'"},
    {INT_DOM,
     PROF_HEAD "<issue index=\"2\" type=\"real\">\n<evaluator "
               "ftype=\"triangular\" parameter0=\"1\" parameter1=\"0\" "
               "parameter2=\"0.5\"/></issue>\n" PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 4, "low <= top"},
    {INT_DOM,
     PROF_HEAD "<issue index=\"2\" type=\"real\">\n<evaluator "
               "ftype=\"faratin\"/></issue>\n" PROF_TAIL,
     PL_ESCHEMA, "prof.xml", 4, "'faratin'"},
};

static void run_bad(const struct bad_case *c, size_t k)
{
    pl_scenario *s = NULL;
    pl_diag d;
    const pl_status rc = load_text(c->dom ? c->dom : DOM_AB,
                                   c->prof ? c->prof : PROF_AB, &s, NULL, &d);
    const bool ok = rc == c->st && s == NULL && strcmp(d.file, c->file) == 0 &&
                    d.line == c->line && strstr(d.message, c->msg) != NULL;

    PL_CHECK(ok);
    if (!ok)
        fprintf(stderr, "  case %zu: got %s %s:%d: %s\n", k,
                pl_status_name(rc), d.file, d.line, d.message);
    pl_scenario_free(s);
}

static void test_malformed(void)
{
    for (size_t k = 0; k < sizeof bad_cases / sizeof *bad_cases; k++)
        run_bad(&bad_cases[k], k);
    for (size_t k = 0; k < sizeof bad_eval_cases / sizeof *bad_eval_cases;
         k++)
        run_bad(&bad_eval_cases[k], 100 + k);
    fprintf(stderr, "%zu malformed cases\n",
            sizeof bad_cases / sizeof *bad_cases +
                sizeof bad_eval_cases / sizeof *bad_eval_cases);
}

/* Deep nesting and many attributes fail cleanly, not by stack overflow. */
static void test_limits(void)
{
    char *deep = malloc(70 * 4 + 64);
    pl_scenario *s = NULL;
    pl_diag d;
    size_t n = 0;

    PL_CHECK(deep != NULL);
    if (!deep)
        return;
    for (int k = 0; k < 70; k++) {
        memcpy(deep + n, "<a>", 3);
        n += 3;
    }
    deep[n] = '\0';
    PL_CHECK_INT(load_text(deep, PROF_AB, &s, NULL, &d), PL_ETOOBIG);
    PL_CHECK(strstr(d.message, "nested") != NULL && d.line == 1);
    free(deep);
}

/* Warnings: invalid discount read as 1, weights not summing to 1. */
static void test_warnings(void)
{
    static const char prof[] =
        PROF_HEAD "<issue index=\"1\" name=\"A\" type=\"discrete\">\n"
                  "<item value=\"x\" evaluation=\"2\"/>\n"
                  "<item value=\"y\" evaluation=\"4\"/>\n</issue>\n"
                  "<weight index=\"1\" value=\"0.5\"/>\n" PROF_TAIL
        "<discount_factor value=\"2\"/>\n";
    pl_warnings w = {0, NULL};
    pl_scenario *s = NULL;
    pl_diag d;
    char buf[4096];

    /* the discount sits after the root closes: as text, not XML; put it
     * inside instead */
    snprintf(buf, sizeof buf, "%.*s<discount_factor value=\"2\"/>\n"
                              "</utility_space>\n",
             (int)(strlen(prof) - strlen("</utility_space>\n"
                                         "<discount_factor value=\"2\"/>\n")),
             prof);
    PL_CHECK_INT(load_text(DOM_AB, buf, &s, &w, &d), PL_OK);
    PL_CHECK(s && pl_scenario_party_discount(s, 0) == 1);
    PL_CHECK_INT(w.n, 2);
    if (w.n == 2) {
        PL_CHECK(strstr(w.items[1].message, "weights sum to 0.5") != NULL);
        PL_CHECK(strstr(w.items[0].message, "discount factor 2") != NULL);
        PL_CHECK_STR(w.items[0].file, "prof.xml");
        PL_CHECK_INT(w.items[0].line, 9);
    }
    /* utilities use the weight as written: y = 0.5 * 4/4 */
    if (s) {
        const uint32_t o[1] = {1};
        PL_CHECK(pl_scenario_utility(s, 0, o) == 0.5);
    }
    pl_warnings_free(&w);
    pl_scenario_free(s);
}

/* Every allocation failure gives PL_ENOMEM and leaks nothing (ASan). */
static void oom_loop(const char *domain, const char *p1, const char *p2)
{
    const char *prof[2] = {p1, p2};
    long n;

    for (n = 0; n < 100000; n++) {
        pl_scenario *s = NULL;
        pl_warnings w = {0, NULL};
        pl_diag d;
        pl_status rc;
        memset(&d, 0, sizeof d);
        pl__alloc_fail_after(n);
        rc = pl_scenario_load_genius(domain, prof, 2, NULL, &s, &w, &d);
        pl__alloc_fail_after(-1);
        pl_warnings_free(&w);
        pl_scenario_free(s);
        if (rc == PL_OK)
            break;
        PL_CHECK_INT(rc, PL_ENOMEM);
        if (rc != PL_ENOMEM) {
            fprintf(stderr, "  at %ld: %s:%d: %s\n", n, d.file, d.line,
                    d.message);
            break;
        }
    }
    fprintf(stderr, "OOM loop %s: succeeded after %ld failures\n",
            strrchr(domain, '/') + 1, n);
}

static void test_oom(void)
{
    oom_loop(DATA "/laptop/laptop_domain.xml",
             DATA "/laptop/laptop_buyer_utility.xml",
             DATA "/laptop/laptop_seller_utility.xml");
    oom_loop(DATA "/nonlinear_114/S-1NAGUNL-114-domain.xml",
             DATA "/nonlinear_114/profile-1.xml",
             DATA "/nonlinear_114/profile-2.xml");
    oom_loop(DATA "/new_sporthal/New_sporthal.xml",
             DATA "/new_sporthal/New_sporthal_util1.xml",
             DATA "/new_sporthal/New_sporthalA100.xml");
    oom_loop(DATA "/flightbooking/FlightBooking-A-domain.xml",
             DATA "/flightbooking/FlightBooking-A-prof1.xml",
             DATA "/flightbooking/FlightBooking-A-prof2.xml");
    oom_loop(DATA "/son/son_domain.xml", DATA "/son/son_buyer.xml",
             DATA "/son/son_center_5.xml");
}

/* ---- the whole corpus ---- */

struct reject {
    const char *file_part; /* substring of the path */
    const char *msg_part;  /* substring of the message */
};

/* Files the reader refuses, each with its documented reason. */
static const struct reject expected_rejects[] = {
    {"pareto.xml", "not XML"},                   /* CSV sidecars */
    {"Railway/", "constraint profile"},          /* rank + rules */
    {"2nd_hand_car/", "unsupported issue type 'price'"},
};

static bool is_expected_reject(const char *path, const char *msg)
{
    for (size_t k = 0; k < sizeof expected_rejects / sizeof *expected_rejects;
         k++)
        if (strstr(path, expected_rejects[k].file_part) &&
            strstr(msg, expected_rejects[k].msg_part))
            return true;
    return false;
}

static size_t n_clamp_binds, n_clamp_maybe;

/* Does the clamp at 1 bind for this (single-party) profile?  Exact for
 * additive profiles: the largest unclamped utility is the issue-order sum
 * of each issue's largest term.  For hyper-rectangle profiles the sum of
 * the positive terms is only a bound. */
static void note_clamp(const pl_scenario *s, const char *path, FILE *log)
{
    const struct pl__party *pa = &s->parties[0];
    double m = 0;

    for (uint32_t i = 0; i < s->n_issues; i++) {
        double mx = 0;
        for (uint32_t k = 0; k < s->issues[i].n_options; k++) {
            const double x = s->U[s->opt_offset[i] + k];
            mx = x > mx ? x : mx;
        }
        m += mx;
    }
    for (uint32_t j = 0; j < pa->n_interactions; j++)
        m += pa->interactions[j].value > 0 ? pa->interactions[j].value : 0;
    if (m <= 1)
        return;
    if (pa->n_interactions) {
        n_clamp_maybe++;
        fprintf(log, "clamp may bind (terms sum up to %.6g) %s\n", m, path);
    } else {
        n_clamp_binds++;
        fprintf(log, "clamp binds (largest sum %.17g) %s\n", m, path);
    }
}

/* Load each profile of `dir` with each domain of `dir`; pair it with the
 * domain that loads it with the fewest warnings.  Adds groups to c. */
static void corpus_folder(const char *dir, struct gc_corpus *c, void *ctx)
{
    FILE *log = ctx; /* a gc_corpus_walk step */
    char **files;
    const size_t nf = gc_list(dir, &files, 0);
    char **doms = NULL, **profs = NULL;
    size_t nd = 0, np = 0;
    size_t *pick;
    bool *dom_used;

    for (size_t k = 0; k < nf; k++) {
        const size_t len = strlen(files[k]);
        pl_genius_kind kind;
        if (len < 4 || strcmp(files[k] + len - 4, ".xml") != 0)
            continue;
        c->n_files++;
        kind = pl_genius_file_kind(files[k]);
        if (kind == PL_GENIUS_DOMAIN) {
            doms = gc_need(realloc(doms, (nd + 1) * sizeof *doms));
            doms[nd++] = files[k];
        } else if (kind == PL_GENIUS_PROFILE) {
            profs = gc_need(realloc(profs, (np + 1) * sizeof *profs));
            profs[np++] = files[k];
        } else {
            /* not XML even for GENIUS: must fail with file:line */
            pl_scenario *s = NULL;
            pl_diag d;
            const char *pp[1] = {files[k]};
            pl_status rc;
            memset(&d, 0, sizeof d);
            rc = pl_scenario_load_genius(files[k], pp, 1, NULL, &s, NULL,
                                         &d);
            PL_CHECK(rc == PL_EPARSE || rc == PL_ESCHEMA);
            PL_CHECK(s == NULL && d.line > 0 && d.message[0]);
            PL_CHECK(is_expected_reject(files[k], d.message));
            if (!is_expected_reject(files[k], d.message))
                fprintf(stderr, "unexpected: %s:%d: %s\n", d.file, d.line,
                        d.message);
            fprintf(log, "rejected %s:%d: %s\n", files[k], d.line,
                    d.message);
            c->n_rejected++;
        }
    }
    pick = gc_need(calloc(np ? np : 1, sizeof *pick));
    dom_used = gc_need(calloc(nd ? nd : 1, sizeof *dom_used));
    for (size_t p = 0; p < np; p++) {
        size_t best = SIZE_MAX, best_warn = SIZE_MAX, best_prefix = 0;
        pl_diag first_err;
        memset(&first_err, 0, sizeof first_err);
        for (size_t k = 0; k < nd; k++) {
            pl_scenario *s = NULL;
            pl_warnings w = {0, NULL};
            pl_diag d;
            const char *pp[1] = {profs[p]};
            const size_t pre = gc_common_prefix(doms[k], profs[p]);
            pl_status rc;
            memset(&d, 0, sizeof d);
            rc = pl_scenario_load_genius(doms[k], pp, 1, NULL, &s, &w, &d);
            if (rc == PL_OK &&
                (w.n < best_warn || (w.n == best_warn && pre > best_prefix))) {
                best = k;
                best_warn = w.n;
                best_prefix = pre;
            }
            if (rc != PL_OK && !first_err.message[0])
                first_err = d;
            if (rc != PL_OK) {
                PL_CHECK(s == NULL && d.message[0] != '\0');
                PL_CHECK(rc == PL_EPARSE || rc == PL_ESCHEMA ||
                         rc == PL_ETOOBIG);
            }
            pl_scenario_free(s);
            pl_warnings_free(&w);
        }
        pick[p] = best;
        if (best == SIZE_MAX) {
            const bool ok = is_expected_reject(profs[p], first_err.message);
            PL_CHECK(ok);
            PL_CHECK(nd == 0 || first_err.line > 0);
            fprintf(ok ? log : stderr, "rejected %s:%d: %s\n", first_err.file,
                    first_err.line, first_err.message);
            c->n_rejected++;
            continue;
        }
        dom_used[best] = true;
        {
            /* reload with the chosen domain to log its warnings */
            pl_scenario *s = NULL;
            pl_warnings w = {0, NULL};
            pl_diag d;
            const char *pp[1] = {profs[p]};
            memset(&d, 0, sizeof d);
            pl_scenario_load_genius(doms[best], pp, 1, NULL, &s, &w, &d);
            for (size_t j = 0; j < w.n; j++)
                fprintf(log, "warning %s:%d: %s\n", w.items[j].file,
                        w.items[j].line, w.items[j].message);
            note_clamp(s, profs[p], log);
            if (w.n)
                c->n_warned++;
            else
                c->n_ok++;
            pl_scenario_free(s);
            pl_warnings_free(&w);
        }
    }
    for (size_t k = 0; k < nd; k++) {
        struct gc_group *g;
        if (!dom_used[k]) {
            /* a domain no profile loads with: its own error, if any */
            pl_scenario *s = NULL;
            pl_diag d;
            const char *pp[1] = {doms[k]};
            const pl_status rc = pl_scenario_load_genius(doms[k], pp, 1,
                                                         NULL, &s, NULL, &d);
            PL_CHECK(rc != PL_OK);
            fprintf(log, "domain without a loadable profile %s:%d: %s\n",
                    doms[k], d.line, d.message);
            if (strstr(doms[k], "2nd_hand_car") || strstr(doms[k], "Railway"))
                c->n_ok++; /* the domain itself is fine */
            else
                c->n_rejected++;
            pl_scenario_free(s);
            continue;
        }
        c->n_ok++;
        c->g = gc_need(realloc(c->g, (c->n + 1) * sizeof *c->g));
        g = &c->g[c->n++];
        memset(g, 0, sizeof *g);
        g->domain = gc_need(strdup(doms[k]));
        for (size_t p = 0; p < np; p++)
            if (pick[p] == k) {
                g->profiles = gc_need(
                    realloc(g->profiles, (g->n + 1) * sizeof *g->profiles));
                g->profiles[g->n++] = gc_need(strdup(profs[p]));
            }
    }
    free(pick);
    free(dom_used);
    free(doms);
    free(profs);
    for (size_t k = 0; k < nf; k++)
        free(files[k]);
    free(files);
}

static void test_corpus(void)
{
    struct gc_corpus c;
    FILE *log = fopen("genius_corpus.log", "w");
    size_t n_prof = 0;

    if (!log)
        log = stderr;
    if (!gc_corpus_walk(pl_test_shared_dir(), &c, corpus_folder, log)) {
        fprintf(stderr, "skip: ../shared/data/genius not present\n");
        if (log != stderr)
            fclose(log);
        return;
    }
    for (size_t k = 0; k < c.n; k++)
        n_prof += c.g[k].n;
    fprintf(stderr,
            "GENIUS corpus: %zu files: %zu load cleanly, %zu load with "
            "warnings, %zu rejected with a documented error; %zu domains "
            "with %zu profiles (details in genius_corpus.log)\n",
            c.n_files, c.n_ok, c.n_warned, c.n_rejected, c.n, n_prof);
    fprintf(stderr, "the clamp at 1 binds in %zu additive profiles; %zu "
                    "hyper-rectangle profiles have positive terms summing "
                    "above 1\n",
            n_clamp_binds, n_clamp_maybe);
    PL_CHECK_INT(c.n_ok + c.n_warned + c.n_rejected, c.n_files);
    PL_CHECK(c.n_files >= 961);
    /* 18 CSV pareto.xml + 4 Railway constraint profiles + 1 price domain
     * profile pair (car_dealer / car_buyer use type="price") */
    PL_CHECK(c.n_rejected <= 30);
    gc_free(&c);
    if (log != stderr)
        fclose(log);
}

int main(void)
{
    PL_RUN(test_laptop);
    PL_RUN(test_son_real);
    PL_RUN(test_agenthp2_integer);
    PL_RUN(test_nonlinear);
    PL_RUN(test_lenient_files);
    PL_RUN(test_lenient_syntax);
    PL_RUN(test_malformed);
    PL_RUN(test_limits);
    PL_RUN(test_warnings);
    PL_RUN(test_oom);
    PL_RUN(test_corpus);
    return pl_test_summary();
}
