/* Tests for the structured-output writer (src/io/emit.c): exact layout of
 * YAML and JSON, shortest round-trip numbers, and that strings which look
 * like numbers, booleans or null read back as strings (checked with an
 * independent JSON reader, jansson, and with libfyaml for YAML). */
#include <errno.h>
#include <jansson.h>
#include <libfyaml.h>

#include "core/alloc.h"
#include "io/emit.h"
#include "pl_test.h"

static const char *const tricky[] = {
    "123", "true", "null", "a: b", "", "hello\nworld", "caf\xc3\xa9",
    "ctl\x01x", "-", "  lead", "~", "0x1F", "1e5", "yes", "No",
    "say \"hi\" \\ ok", "#c", "[x]", "- a", "tab\there", "trail ", "x #y",
    "end:", ".inf", "-.5", "+1", "\xe2\x80\xa8", "\xef\xbb\xbf" "bom", "&a",
    "*a", "!t", "%x", "@x", "`x", "|", ">", "?", "'q'", "a,b", "{", "}",
    "<<", "=", "0o17", "1_000", "2001-01-01", "plain words", "a:b",
    "c1\xc2\x80", "nc\xef\xbf\xbe", "x: y", NULL};

static char *emit(pl__out *o, pl_format fmt)
{
    char *text = NULL;
    size_t len = 0;
    const pl_status rc = pl__out_emit(o, fmt, &text, &len);

    PL_CHECK_INT(rc, PL_OK);
    if (text)
        PL_CHECK_INT(len, strlen(text));
    return text;
}

static void test_fmt_double(void)
{
    char buf[32];
    const double xs[] = {0.35, 0.1, 1.0 / 3, 1e-300, 5e-324, 1.7976931348623157e308,
                         -2.5, 100, 0.1 + 0.2, 123456789012345678.0};

    PL_CHECK_STR(pl__fmt_double(0.35, buf), "0.35");
    PL_CHECK_STR(pl__fmt_double(1000, buf), "1000");
    PL_CHECK_STR(pl__fmt_double(0.1 + 0.2, buf), "0.30000000000000004");
    PL_CHECK_STR(pl__fmt_double(-0.0, buf), "-0");
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        pl__fmt_double(xs[i], buf);
        PL_CHECK(strtod(buf, NULL) == xs[i]);
    }
}

static void test_layout(void)
{
    pl__node *root, *m, *s, *f, *item;
    pl__out *o = pl__out_new(&root);
    char *y, *j;

    PL_CHECK(o != NULL);
    pl__out_str(o, root, "format", "parley/1");
    pl__out_num(o, root, "x", 0.35);
    pl__out_int(o, root, "i", -7);
    pl__out_uint(o, root, "u", 18446744073709551615u);
    pl__out_bool(o, root, "b", true);
    pl__out_null(o, root, "n");
    pl__out_num(o, root, "inf", INFINITY);
    m = pl__out_map(o, root, "m");
    pl__out_map(o, m, "empty");
    pl__out_seq(o, m, "none");
    s = pl__out_seq(o, m, "list");
    item = pl__out_map(o, s, NULL);
    pl__out_str(o, item, "id", "a");
    pl__out_num(o, item, "w", 1);
    pl__out_str(o, s, NULL, "b");
    f = pl__out_seq(o, s, NULL);
    pl__out_flow(o, f);
    pl__out_str(o, f, NULL, "c d");
    pl__out_num(o, f, NULL, 2);
    item = pl__out_seq(o, s, NULL);
    pl__out_str(o, item, NULL, "e");
    f = pl__out_map(o, root, "flow");
    pl__out_flow(o, f);
    pl__out_num(o, f, "a", 1);
    pl__out_str(o, f, "b", "x,y");

    y = emit(o, PL_FORMAT_YAML);
    PL_CHECK_STR(y, "format: parley/1\n"
                    "x: 0.35\n"
                    "i: -7\n"
                    "u: 18446744073709551615\n"
                    "b: true\n"
                    "\"n\": null\n"
                    "inf: null\n"
                    "m:\n"
                    "  empty: {}\n"
                    "  none: []\n"
                    "  list:\n"
                    "    - id: a\n"
                    "      w: 1\n"
                    "    - b\n"
                    "    - [c d, 2]\n"
                    "    - - e\n"
                    "flow: {a: 1, b: \"x,y\"}\n");
    j = emit(o, PL_FORMAT_JSON);
    PL_CHECK_STR(j, "{\n"
                    "  \"format\": \"parley/1\",\n"
                    "  \"x\": 0.35,\n"
                    "  \"i\": -7,\n"
                    "  \"u\": 18446744073709551615,\n"
                    "  \"b\": true,\n"
                    "  \"n\": null,\n"
                    "  \"inf\": null,\n"
                    "  \"m\": {\n"
                    "    \"empty\": {},\n"
                    "    \"none\": [],\n"
                    "    \"list\": [\n"
                    "      {\n"
                    "        \"id\": \"a\",\n"
                    "        \"w\": 1\n"
                    "      },\n"
                    "      \"b\",\n"
                    "      [\n"
                    "        \"c d\",\n"
                    "        2\n"
                    "      ],\n"
                    "      [\n"
                    "        \"e\"\n"
                    "      ]\n"
                    "    ]\n"
                    "  },\n"
                    "  \"flow\": {\n"
                    "    \"a\": 1,\n"
                    "    \"b\": \"x,y\"\n"
                    "  }\n"
                    "}\n");
    pl__free(y);
    pl__free(j);
    pl__out_free(o);
}

static void test_empty_root(void)
{
    pl__node *root;
    pl__out *o = pl__out_new(&root);
    char *t = emit(o, PL_FORMAT_YAML);

    PL_CHECK_STR(t, "{}\n");
    pl__free(t);
    t = emit(o, PL_FORMAT_JSON);
    PL_CHECK_STR(t, "{}\n");
    pl__free(t);
    pl__out_free(o);
}

/* The YAML text of `s` as libfyaml reads it back: must be the same string,
 * and not a plain scalar that a core-schema resolver would take for a
 * number, boolean or null. */
static void check_yaml_string(struct fy_node *n, const char *s)
{
    size_t len = 0;
    const char *t = fy_node_get_scalar(n, &len);

    PL_CHECK(t != NULL);
    if (!t)
        return;
    PL_CHECK(len == strlen(s) && memcmp(t, s, len) == 0);
    if (fy_node_get_style(n) == FYNS_PLAIN) {
        char *end;
        errno = 0;
        strtod(s, &end);
        PL_CHECK(*end != '\0' || end == s);
        PL_CHECK(strcmp(s, "true") && strcmp(s, "null") && strcmp(s, "~"));
    }
}

static void test_tricky_strings(void)
{
    pl__node *root, *seq, *keys;
    pl__out *o = pl__out_new(&root);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET};
    struct fy_document *fyd;
    json_t *js;
    json_error_t jerr;
    char *y, *j;
    size_t n = 0;

    seq = pl__out_seq(o, root, "strs");
    keys = pl__out_map(o, root, "keys");
    for (size_t i = 0; tricky[i]; i++, n++) {
        char key[64];
        pl__out_str(o, seq, NULL, tricky[i]);
        snprintf(key, sizeof key, "%s", tricky[i]);
        pl__out_num(o, keys, key, (double)i);
    }
    y = emit(o, PL_FORMAT_YAML);
    j = emit(o, PL_FORMAT_JSON);

    js = json_loads(j ? j : "", JSON_REJECT_DUPLICATES, &jerr);
    PL_CHECK(js != NULL);
    if (!js)
        fprintf(stderr, "jansson: %s at %d:%d\n%s", jerr.text, jerr.line,
                jerr.column, j);
    if (js) {
        json_t *a = json_object_get(js, "strs");
        json_t *k = json_object_get(js, "keys");
        PL_CHECK_INT(json_array_size(a), n);
        for (size_t i = 0; i < n && i < json_array_size(a); i++) {
            json_t *v = json_array_get(a, i);
            PL_CHECK(json_is_string(v));
            /* the BOM string is fine; everything is valid UTF-8 here */
            PL_CHECK_STR(json_string_value(v), tricky[i]);
            PL_CHECK(json_is_integer(json_object_get(k, tricky[i])));
        }
        json_decref(js);
    }

    fyd = fy_document_build_from_string(&cfg, y ? y : "", FY_NT);
    PL_CHECK(fyd != NULL);
    if (!fyd)
        fprintf(stderr, "YAML did not parse:\n%s", y);
    if (fyd) {
        struct fy_node *r = fy_document_root(fyd);
        struct fy_node *a = fy_node_mapping_lookup_by_string(r, "strs", FY_NT);
        struct fy_node *k = fy_node_mapping_lookup_by_string(r, "keys", FY_NT);
        void *it = NULL;
        struct fy_node_pair *pr;
        size_t i = 0;
        PL_CHECK_INT(fy_node_sequence_item_count(a), n);
        for (i = 0; i < n; i++)
            check_yaml_string(fy_node_sequence_get_by_index(a, (int)i),
                              tricky[i]);
        i = 0;
        while ((pr = fy_node_mapping_iterate(k, &it)) != NULL && i < n)
            check_yaml_string(fy_node_pair_key(pr), tricky[i++]);
        PL_CHECK_INT(i, n);
        fy_document_destroy(fyd);
    }
    pl__free(y);
    pl__free(j);
    pl__out_free(o);
}

static void test_invalid_utf8(void)
{
    pl__node *root;
    pl__out *o = pl__out_new(&root);
    char *j;

    pl__out_str(o, root, "s", "bad\xff\xc3");
    j = emit(o, PL_FORMAT_JSON);
    PL_CHECK_STR(j, "{\n  \"s\": \"bad\xef\xbf\xbd\xef\xbf\xbd\"\n}\n");
    pl__free(j);
    pl__out_free(o);
}

/* Every allocation failure while building or emitting gives PL_ENOMEM,
 * never a crash or a partial text. */
static void test_oom(void)
{
    bool done = false;

    for (long n = 0; !done && n < 1000; n++) {
        pl__node *root = NULL, *s;
        pl__out *o;
        char *t = NULL;
        size_t len = 0;
        pl_status rc;

        pl__alloc_fail_after(n);
        o = pl__out_new(&root);
        s = pl__out_seq(o, root, "list");
        for (int i = 0; i < 100; i++)
            pl__out_num(o, s, NULL, i * 0.1);
        pl__out_str(o, root, "k", "v");
        rc = pl__out_emit(o, PL_FORMAT_JSON, &t, &len);
        pl__alloc_fail_after(-1);
        if (rc == PL_OK) {
            PL_CHECK(t != NULL);
            done = true;
        } else {
            PL_CHECK_INT(rc, PL_ENOMEM);
            PL_CHECK(t == NULL);
        }
        pl__free(t);
        pl__out_free(o);
    }
    PL_CHECK(done);
}

int main(void)
{
    PL_RUN(test_fmt_double);
    PL_RUN(test_layout);
    PL_RUN(test_empty_root);
    PL_RUN(test_tricky_strings);
    PL_RUN(test_invalid_utf8);
    PL_RUN(test_oom);
    return pl_test_summary();
}
