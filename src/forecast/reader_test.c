/* Tests of the forecast readers: DEU III (the excerpt in tests/data/deu3
 * always; the full dev/test files when ../shared is present), KTAB-style
 * CSV, the `spatial:` YAML section; malformed inputs with their
 * LINE:FIELD diagnostics; a mutation fuzz over the DEU excerpt; OOM. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "parley/forecast.h"
#include "parley/rng.h"
#include "pl_test.h"

#define EXCERPT PL_SOURCE_DIR "/tests/data/deu3/deu3-excerpt.tsv"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    *len = 0;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static pl_status load_str(const char *text, pl_fc_format fmt, pl_fc_data **d,
                          pl_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    return pl_fc_load(text, strlen(text), fmt, "t", d, diag);
}

/* ---- DEU III ---- */

static void test_deu_excerpt(void)
{
    pl_fc_data *d = NULL;
    pl_diag diag;
    pl_fc_issue is;
    pl_fc_actor a;
    double v;

    memset(&diag, 0, sizeof diag);
    PL_CHECK_INT(pl_fc_load_file(EXCERPT, PL_FC_AUTO, &d, &diag), PL_OK);
    if (!d)
        return;
    PL_CHECK_INT(pl_fc_issue_count(d), 12);
    PL_CHECK_INT(pl_fc_issue_get(d, 0, &is), PL_OK);
    PL_CHECK_STR(is.id, "1");
    PL_CHECK_STR(is.name, "d00032i1");
    PL_CHECK_STR(is.group, "1");
    PL_CHECK_NEAR(is.reference, 0, 0);
    PL_CHECK_NEAR(is.outcome, 100, 0);
    PL_CHECK_INT(is.actor_count, 30); /* every actor column */
    PL_CHECK_INT(pl_fc_actor_get(d, 0, 0, &a), PL_OK);
    PL_CHECK_STR(a.name, "com");
    PL_CHECK_NEAR(a.capability, 4.1, 0); /* GDP row: Commission = 4.1 */
    PL_CHECK_NEAR(a.position, 100, 0);
    PL_CHECK_NEAR(a.salience, 50, 0);
    PL_CHECK_INT(pl_fc_actor_get(d, 0, 3, &a), PL_OK);
    PL_CHECK_STR(a.name, "be");
    PL_CHECK_NEAR(a.capability, 0.58, 0);
    PL_CHECK_INT(pl_fc_actor_get(d, 0, 4, &a), PL_OK);
    PL_CHECK_STR(a.name, "bu"); /* Bulgaria: not yet a member */
    PL_CHECK(isnan(a.position));
    PL_CHECK_INT(pl_fc_issue_get(d, 1, &is), PL_OK);
    PL_CHECK(isnan(is.reference)); /* empty rp */
    /* Issue n03327i3 (isnrnmc 223): only com (100, c 4.1, s 80) and fr
     * (0, c 2.8, s 90) have positions: w 3.28 and 2.52, compromise
     * 328/5.8 = 56.5517...; median: total 5.8, half 2.9; sorted, fr's 0
     * brings 2.52 < 2.9, com's 100 brings 5.8 >= 2.9 -> 100. */
    PL_CHECK_INT(pl_fc_issue_get(d, 11, &is), PL_OK);
    PL_CHECK_STR(is.id, "223");
    PL_CHECK_INT(pl_fc_predict(d, 11, PL_FC_COMPROMISE, NULL, &v), PL_OK);
    PL_CHECK_NEAR(v, 328.0 / 5.8, 1e-9);
    PL_CHECK_INT(pl_fc_predict(d, 11, PL_FC_MEDIAN, NULL, &v), PL_OK);
    PL_CHECK_NEAR(v, 100, 0);
    /* Issue 1, computed independently (a spreadsheet-style sum over the
     * 17 actors with positions): 53.416458852867834. */
    PL_CHECK_INT(pl_fc_predict(d, 0, PL_FC_COMPROMISE, NULL, &v), PL_OK);
    PL_CHECK_NEAR(v, 53.416458852867834, 1e-9);
    pl_fc_data_free(d);
}

/* Replace the n-th tab-separated field of line `line` (1-based) of the
 * excerpt by `with`; returns a new malloc'd text. */
static char *edit_field(const char *text, int line, int field, const char *with)
{
    const char *p = text, *s, *e;
    size_t n = strlen(text), m = strlen(with);
    char *out;

    for (int l = 1; l < line; l++)
        p = strchr(p, '\n') + 1;
    for (int f = 1; f < field; f++)
        p = strchr(p, '\t') + 1;
    s = p;
    e = s + strcspn(s, "\t\n");
    out = malloc(n + m + 1);
    memcpy(out, text, (size_t)(s - text));
    memcpy(out + (s - text), with, m);
    memcpy(out + (s - text) + m, e, strlen(e) + 1);
    return out;
}

static void expect_error(const char *text, pl_fc_format fmt, pl_status st,
                         int line, int col, const char *needle)
{
    pl_fc_data *d = (pl_fc_data *)1;
    pl_diag diag;

    PL_CHECK_INT(load_str(text, fmt, &d, &diag), st);
    PL_CHECK(d == NULL);
    PL_CHECK_INT(diag.line, line);
    PL_CHECK_INT(diag.column, col);
    if (!strstr(diag.message, needle)) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", diag.message, needle);
        PL_CHECK(0);
    }
}

static void test_deu_malformed(void)
{
    size_t len;
    char *text = slurp(EXCERPT, &len), *t;

    PL_CHECK(text != NULL);
    if (!text)
        return;
    /* Line 3, field 14 (pcom): not a number. */
    t = edit_field(text, 3, 14, "abc");
    expect_error(t, PL_FC_DEU3, PL_EPARSE, 3, 14, "position of com");
    free(t);
    /* A position outside 0-100. */
    t = edit_field(text, 4, 15, "150");
    expect_error(t, PL_FC_DEU3, PL_ESCHEMA, 4, 15, "outside 0-100");
    free(t);
    /* A salience that is negative. */
    t = edit_field(text, 5, 44, "-5");
    expect_error(t, PL_FC_DEU3, PL_ESCHEMA, 5, 44, "salience of com");
    free(t);
    /* The outcome column. */
    t = edit_field(text, 6, 75, "1e999");
    expect_error(t, PL_FC_DEU3, PL_EPARSE, 6, 75, "out");
    free(t);
    /* One field too many on line 7: the extra field is number 76. */
    t = edit_field(text, 7, 75, "50\t1");
    expect_error(t, PL_FC_DEU3, PL_EPARSE, 7, 76, "expected 75");
    free(t);
    /* An unbalanced quote in field 3. */
    t = edit_field(text, 8, 3, "\"d00060");
    expect_error(t, PL_FC_DEU3, PL_EPARSE, 8, 3, "quote");
    free(t);
    /* Missing capability in the GDP row. */
    t = edit_field(text, 2, 16, "");
    expect_error(t, PL_FC_DEU3, PL_ESCHEMA, 2, 16, "capability of at");
    free(t);
    /* No GDP row: line 2 is an issue. */
    t = strchr(text, '\n') + 1;
    {
        const char *third = strchr(t, '\n') + 1;
        char *u = malloc(len + 1);
        const size_t head = (size_t)(t - text);
        memcpy(u, text, head);
        memcpy(u + head, third, strlen(third) + 1);
        expect_error(u, PL_FC_DEU3, PL_ESCHEMA, 2, 1, "capability row");
        free(u);
    }
    /* A header without the needed columns. */
    expect_error("\"a\"\t\"b\"\n\t\n", PL_FC_DEU3, PL_ESCHEMA, 1, 0, "prnrnmc");
    /* Header and capabilities only: no issues. */
    t = malloc(len + 1);
    memcpy(t, text, len + 1);
    *(strchr(strchr(t, '\n') + 1, '\n') + 1) = '\0';
    expect_error(t, PL_FC_DEU3, PL_ESCHEMA, 0, 0, "no issues");
    free(t);
    free(text);
}

/* Full files, when ../shared is present. */
static void test_deu_shared(void)
{
    const char *dir = pl_test_shared_dir();
    char path[4096];
    pl_fc_data *d = NULL;
    pl_diag diag;
    double sum = 0;
    size_t n = 0;

    if (!dir) {
        fprintf(stderr, "skip: ../shared absent, DEU III full files not "
                        "tested\n");
        return;
    }
    memset(&diag, 0, sizeof diag);
    snprintf(path, sizeof path, "%s/data/deu3/deu3-dev.csv", dir);
    PL_CHECK_INT(pl_fc_load_file(path, PL_FC_AUTO, &d, &diag), PL_OK);
    if (!d)
        return;
    PL_CHECK_INT(pl_fc_issue_count(d), 237);
    /* The README's dev baseline: weighted mean, GDP x salience, 22.90. */
    for (size_t i = 0; i < pl_fc_issue_count(d); i++) {
        pl_fc_issue is;
        double v;
        PL_CHECK_INT(pl_fc_issue_get(d, i, &is), PL_OK);
        PL_CHECK_INT(pl_fc_predict(d, i, PL_FC_COMPROMISE, NULL, &v), PL_OK);
        sum += fabs(v - is.outcome);
        n++;
    }
    PL_CHECK_NEAR(sum / (double)n, 22.90, 0.005);
    pl_fc_data_free(d);
    d = NULL;
    snprintf(path, sizeof path, "%s/data/deu3/deu3-test-inputs.csv", dir);
    PL_CHECK_INT(pl_fc_load_file(path, PL_FC_AUTO, &d, &diag), PL_OK);
    PL_CHECK_INT(pl_fc_issue_count(d), 116);
    for (size_t i = 0; d && i < pl_fc_issue_count(d); i++) {
        pl_fc_issue is;
        PL_CHECK_INT(pl_fc_issue_get(d, i, &is), PL_OK);
        PL_CHECK(isnan(is.outcome));
    }
    pl_fc_data_free(d);
}

/* ---- KTAB CSV ---- */

static const char ktab_ok[] =
    "Toy, a two-dimension example, 3, 2\n"
    "Actor,Description,Capability,Tax Position,Tax Salience,"
    "Subsidy Position,Subsidy Salience\n"
    "A,\"first, with a comma\",100,0,50,20,100\n"
    "B,second,50,100,100,,0\n"
    "\"C\",third,50,50,50,80,50\n";

static void test_ktab(void)
{
    pl_fc_data *d = NULL;
    pl_diag diag;
    pl_fc_issue is;
    pl_fc_actor a;
    double v;

    PL_CHECK_INT(load_str(ktab_ok, PL_FC_AUTO, &d, &diag), PL_OK);
    if (!d)
        return;
    PL_CHECK_INT(pl_fc_issue_count(d), 2);
    PL_CHECK_INT(pl_fc_issue_get(d, 1, &is), PL_OK);
    PL_CHECK_STR(is.id, "Toy:2");
    PL_CHECK_STR(is.name, "Subsidy Position");
    PL_CHECK_INT(pl_fc_actor_get(d, 1, 1, &a), PL_OK);
    PL_CHECK(isnan(a.position));
    PL_CHECK_INT(pl_fc_actor_get(d, 0, 2, &a), PL_OK);
    PL_CHECK_STR(a.name, "C");
    /* Tax: w = 100*.5 = 50, 50*1 = 50, 50*.5 = 25:
     * (0*50 + 100*50 + 50*25)/125 = 6250/125 = 50. */
    PL_CHECK_INT(pl_fc_predict(d, 0, PL_FC_COMPROMISE, NULL, &v), PL_OK);
    PL_CHECK_NEAR(v, 50, 1e-12);
    /* Subsidy: B has no position; w 100 and 25:
     * (20*100 + 80*25)/125 = 4000/125 = 32. */
    PL_CHECK_INT(pl_fc_predict(d, 1, PL_FC_COMPROMISE, NULL, &v), PL_OK);
    PL_CHECK_NEAR(v, 32, 1e-12);
    pl_fc_data_free(d);

    expect_error("Toy,x,2,1\nActor,D,C,P,S\nA,a,1,10,10\n", PL_FC_KTAB,
                 PL_ESCHEMA, 4, 0, "announces 2 actors, found 1");
    expect_error("Toy,x,1,1\nActor,D,C,P,S\nA,a,one,10,10\n", PL_FC_KTAB,
                 PL_EPARSE, 3, 3, "capability");
    expect_error("Toy,x,1,1\nActor,D,C,P,S\nA,a,1,10\n", PL_FC_KTAB, PL_EPARSE,
                 3, 5, "expected 5 fields");
    expect_error("Toy,x,1,1\nActor,D,C,P,S\nA,a,1,10,101\n", PL_FC_KTAB,
                 PL_ESCHEMA, 3, 5, "salience");
    expect_error("Toy,x,1\n", PL_FC_KTAB, PL_EPARSE, 1, 4, "expected 4 fields");
    expect_error("Toy,x,1,1\nActor,D,C,P,S\n\"A,a,1,10,10\n", PL_FC_KTAB,
                 PL_EPARSE, 3, 1, "quote");
    expect_error("Toy,x,1,1\n", PL_FC_KTAB, PL_EPARSE, 2, 0, "header");
    expect_error("", PL_FC_KTAB, PL_EPARSE, 1, 0, "empty file");
}

/* ---- YAML ---- */

static const char yaml_ok[] =
    "format: parley/1\n"
    "name: toy\n"
    "spatial:\n"
    "  issues:\n"
    "    - id: ets2\n"
    "      name: ETS2 start\n"
    "      group: climate\n"
    "      reference: 0\n"
    "      outcome: 40\n"
    "      actors:\n"
    "        - {id: de, capability: 2, position: 50, salience: 50}\n"
    "        - {id: pl, capability: 1, position: 0, salience: 100}\n"
    "        - {id: fr, capability: 1, position: null, salience: 0}\n"
    "    - id: empty\n"
    "      actors: []\n";

static void test_yaml(void)
{
    pl_fc_data *d = NULL;
    pl_diag diag;
    pl_fc_issue is;
    double v = 0;

    PL_CHECK_INT(load_str(yaml_ok, PL_FC_YAML, &d, &diag), PL_OK);
    if (!d)
        return;
    PL_CHECK_INT(pl_fc_issue_count(d), 2);
    PL_CHECK_INT(pl_fc_issue_get(d, 0, &is), PL_OK);
    PL_CHECK_STR(is.group, "climate");
    PL_CHECK_NEAR(is.outcome, 40, 0);
    /* w: de 2*.5 = 1, pl 1*1 = 1: (50 + 0)/2 = 25. */
    PL_CHECK_INT(pl_fc_predict(d, 0, PL_FC_COMPROMISE, NULL, &v), PL_OK);
    PL_CHECK_NEAR(v, 25, 1e-12);
    /* An issue without actors is reported (NAN), not a crash. */
    PL_CHECK_INT(pl_fc_predict(d, 1, PL_FC_BDM, NULL, &v), PL_OK);
    PL_CHECK(isnan(v));
    pl_fc_data_free(d);

    expect_error("spatial:\n  issues:\n    - id: a\n      actor: []\n",
                 PL_FC_YAML, PL_ESCHEMA, 4, 7, "unknown key 'actor'");
    expect_error("spatial:\n  issues:\n    - id: a\n      actors:\n"
                 "        - {id: x, capability: 1, position: 120}\n",
                 PL_FC_YAML, PL_ESCHEMA, 5, 44, "position: out of range");
    expect_error("spatial:\n  issues:\n    - id: a\n      actors:\n"
                 "        - {id: x, position: 20}\n",
                 PL_FC_YAML, PL_ESCHEMA, 5, 12, "capability");
    expect_error("name: x\n", PL_FC_YAML, PL_ENOTFOUND, 0, 0, "spatial");
    expect_error("spatial: [1\n", PL_FC_YAML, PL_EPARSE, 2, 1, "syntax");
    expect_error("spatial:\n  issues:\n    - &a {id: a, actors: []}\n"
                 "    - *a\n",
                 PL_FC_YAML, PL_ESCHEMA, 4, 8, "expected a mapping");
}

/* ---- robustness ---- */

/* Mutate the excerpt at random (flip, delete, duplicate bytes; insert
 * tabs, quotes, newlines, digits, NULs) and load + predict: any status is
 * fine, crashing, leaking or hanging is not. */
static void test_mutation_fuzz(void)
{
    static const char ins[] = "\t\"\n0.5-e\r\0,9x";
    size_t len;
    char *text = slurp(EXCERPT, &len);
    char *buf;
    pl_rng rng;
    int ok = 0;

    if (!text)
        return;
    buf = malloc(len + 64);
    pl_rng_seed(&rng, pl_test_seed(6));
    for (int t = 0; t < 400; t++) {
        size_t n = len;
        pl_fc_data *d = NULL;
        pl_diag diag;
        pl_status st;
        memcpy(buf, text, len);
        for (int k = 0, m = 1 + (int)pl_rng_below(&rng, 4); k < m; k++) {
            const size_t at = (size_t)pl_rng_below(&rng, n);
            switch (pl_rng_below(&rng, 3)) {
            case 0:
                buf[at] = ins[pl_rng_below(&rng, sizeof ins - 1)];
                break;
            case 1:
                memmove(buf + at, buf + at + 1, n - at - 1);
                n--;
                break;
            default:
                if (n + 1 < len + 64) {
                    memmove(buf + at + 1, buf + at, n - at);
                    buf[at] = ins[pl_rng_below(&rng, sizeof ins - 1)];
                    n++;
                }
                break;
            }
        }
        memset(&diag, 0, sizeof diag);
        st = pl_fc_load(buf, n, PL_FC_AUTO, "fuzz", &d, &diag);
        PL_CHECK(st == PL_OK || st == PL_EPARSE || st == PL_ESCHEMA ||
                 st == PL_ETOOBIG);
        PL_CHECK((st == PL_OK) == (d != NULL));
        if (st != PL_OK)
            PL_CHECK(diag.message[0] != '\0');
        for (size_t i = 0; d && i < pl_fc_issue_count(d) && i < 3; i++)
            for (unsigned m = 0; m < PL_FC__MODEL_COUNT; m++) {
                double v;
                PL_CHECK_INT(pl_fc_predict(d, i, (pl_fc_model)m, NULL, &v),
                             PL_OK);
                PL_CHECK(isnan(v) || (v >= 0 && v <= 100));
            }
        ok += st == PL_OK;
        pl_fc_data_free(d);
    }
    fprintf(stderr, "%d of 400 mutants loaded\n", ok);
    free(buf);
    free(text);
}

static void test_load_oom(void)
{
    size_t len;
    char *text = slurp(EXCERPT, &len);
    const char *inputs[3];
    const size_t lens[3] = {len, strlen(ktab_ok), strlen(yaml_ok)};
    const pl_fc_format fmts[3] = {PL_FC_DEU3, PL_FC_KTAB, PL_FC_YAML};

    inputs[0] = text;
    inputs[1] = ktab_ok;
    inputs[2] = yaml_ok;
    if (!text)
        return;
    for (int f = 0; f < 3; f++) {
        long k = 0;
        for (;; k++) {
            pl_fc_data *d = NULL;
            pl_status st;
            pl__alloc_fail_after(k);
            st = pl_fc_load(inputs[f], lens[f], fmts[f], NULL, &d, NULL);
            pl__alloc_fail_after(-1);
            pl_fc_data_free(d);
            if (st == PL_OK)
                break;
            /* libfyaml allocates with malloc, so only our own allocations
             * fail; each failure must come back as PL_ENOMEM. */
            PL_CHECK_INT(st, PL_ENOMEM);
            if (k > 100000)
                break;
        }
        PL_CHECK(k > 0 && k < 100000);
    }
    free(text);
}

int main(void)
{
    PL_RUN(test_deu_excerpt);
    PL_RUN(test_deu_malformed);
    PL_RUN(test_deu_shared);
    PL_RUN(test_ktab);
    PL_RUN(test_yaml);
    PL_RUN(test_mutation_fuzz);
    PL_RUN(test_load_oom);
    return pl_test_summary();
}
