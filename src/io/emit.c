/* Structured output: a small tree of mappings, sequences and scalars,
 * written as YAML (block style) or JSON, pretty, 2-space indent.
 *
 * Main data structure: pl__node, a mapping/sequence/scalar with its key
 * (when inside a mapping) and a singly linked list of children kept in
 * insertion order.  Tuned for reports and scenarios: thousands of nodes,
 * shallow nesting (the writer recurses once per level).
 *
 * Why we write the text ourselves instead of using libfyaml's emitter:
 * checked against libfyaml 0.7.12, its emitter strips leading and trailing
 * spaces even from double-quoted scalars, writes "-", "#c" and "- a" as
 * plain scalars (which read back as something else), copies invalid UTF-8
 * into JSON, and emits a block mapping inside a flow sequence after an
 * empty mapping (not valid YAML).  Quoting is the whole point of a
 * round-trip writer, so we choose every scalar's style here: numbers,
 * booleans and null plain; strings plain in YAML only when they cannot be
 * read back as anything but the same string, otherwise double-quoted. */
#include "emit.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"

enum node_kind {
    NODE_MAP,
    NODE_SEQ,
    NODE_STR,   /* text is a string: quoted as needed */
    NODE_RAW    /* text is a number, true, false or null: written as is */
};

struct pl__node {
    enum node_kind kind;
    bool flow;            /* YAML: write this collection inline */
    char *key;            /* key in the parent mapping, NULL in a sequence */
    char *text;           /* scalars only */
    struct pl__node *first, *last; /* children, insertion order */
    struct pl__node *next;         /* next sibling */
};

struct pl__out {
    struct pl__node *root;
    bool failed;          /* an allocation failed while building */
};

/* Output buffer: grows by doubling; `failed` latches on ENOMEM. */
struct buf {
    char *p;
    size_t len, cap;
    bool failed;
};

static void node_free(struct pl__node *n)
{
    while (n) {
        struct pl__node *const next = n->next;
        node_free(n->first);
        pl__free(n->key);
        pl__free(n->text);
        pl__free(n);
        n = next;
    }
}

pl__out *pl__out_new(pl__node **root)
{
    pl__out *const o = pl__calloc(1, sizeof *o);

    *root = NULL;
    if (!o)
        return NULL;
    o->root = pl__calloc(1, sizeof *o->root);
    if (!o->root) {
        pl__free(o);
        return NULL;
    }
    o->root->kind = NODE_MAP;
    *root = o->root;
    return o;
}

void pl__out_free(pl__out *o)
{
    if (!o)
        return;
    node_free(o->root);
    pl__free(o);
}

/* Create a child of `parent`; on any failure mark the document failed so
 * that pl__out_emit() reports PL_ENOMEM (callers need not check). */
static struct pl__node *add_node(pl__out *o, pl__node *parent,
                                 const char *key, enum node_kind kind,
                                 const char *text)
{
    struct pl__node *n;

    if (!o)
        return NULL;
    if (!parent || (parent->kind == NODE_MAP) != (key != NULL)) {
        /* a NULL parent is a failed earlier build step; a key mismatch is
         * a caller bug, reported as a failed document too */
        o->failed = true;
        return NULL;
    }
    n = pl__calloc(1, sizeof *n);
    if (!n)
        goto fail;
    n->kind = kind;
    if (key) {
        n->key = pl__strdup(key);
        if (!n->key)
            goto fail;
    }
    if (text) {
        n->text = pl__strdup(text);
        if (!n->text)
            goto fail;
    }
    if (parent->last)
        parent->last->next = n;
    else
        parent->first = n;
    parent->last = n;
    return n;
fail:
    node_free(n);
    o->failed = true;
    return NULL;
}

pl__node *pl__out_map(pl__out *o, pl__node *parent, const char *key)
{
    return add_node(o, parent, key, NODE_MAP, NULL);
}

pl__node *pl__out_seq(pl__out *o, pl__node *parent, const char *key)
{
    return add_node(o, parent, key, NODE_SEQ, NULL);
}

void pl__out_str(pl__out *o, pl__node *parent, const char *key,
                 const char *value)
{
    if (value)
        add_node(o, parent, key, NODE_STR, value);
    else
        add_node(o, parent, key, NODE_RAW, "null");
}

void pl__out_num(pl__out *o, pl__node *parent, const char *key, double value)
{
    char buf[32];

    if (isfinite(value))
        add_node(o, parent, key, NODE_RAW, pl__fmt_double(value, buf));
    else
        add_node(o, parent, key, NODE_RAW, "null");
}

void pl__out_int(pl__out *o, pl__node *parent, const char *key, int64_t value)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%" PRId64, value);
    add_node(o, parent, key, NODE_RAW, buf);
}

void pl__out_uint(pl__out *o, pl__node *parent, const char *key,
                  uint64_t value)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%" PRIu64, value);
    add_node(o, parent, key, NODE_RAW, buf);
}

void pl__out_count(pl__out *o, pl__node *parent, const char *key,
                   pl_count value)
{
    char buf[PL_COUNT_DIGITS];

    pl_count_format(value, buf, sizeof buf);
    add_node(o, parent, key, NODE_RAW, buf);
}

void pl__out_bool(pl__out *o, pl__node *parent, const char *key, bool value)
{
    add_node(o, parent, key, NODE_RAW, value ? "true" : "false");
}

void pl__out_null(pl__out *o, pl__node *parent, const char *key)
{
    add_node(o, parent, key, NODE_RAW, "null");
}

void pl__out_flow(pl__out *o, pl__node *n)
{
    if (n && (n->kind == NODE_MAP || n->kind == NODE_SEQ))
        n->flow = true;
    else if (o)
        o->failed = true;
}

char *pl__fmt_double(double x, char *buf)
{
    /* %.17g always round-trips an IEEE double; the shorter forms are tried
     * first because they are what a person would write (0.35). */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (!isfinite(x) || strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

/* ---- output buffer ---- */

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (n >= b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (n >= cap - b->len) {
            if (cap > SIZE_MAX / 2) {
                b->failed = true;
                return;
            }
            cap *= 2;
        }
        p = pl__reallocarray(b->p, cap, 1);
        if (!p) {
            b->failed = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void indent(struct buf *b, int n)
{
    static const char spaces[] = "                                ";

    while (n > 0) {
        const int k = n < 32 ? n : 32;
        put(b, spaces, (size_t)k);
        n -= k;
    }
}

/* Length of the valid UTF-8 sequence at s (at most `n` bytes), or 0 if the
 * bytes there are not valid UTF-8 (overlong, surrogate, > U+10FFFF,
 * truncated).  *cp receives the code point. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c;
    size_t len;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2;
        c = s[0] & 0x1f;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        len = 3;
        c = s[0] & 0x0f;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
        c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

/* A string in double quotes, escaped for JSON or YAML.  Invalid UTF-8
 * becomes U+FFFD so that the output is always valid text. */
static void put_quoted(struct buf *b, const char *str, bool json)
{
    const unsigned char *s = (const unsigned char *)str;
    const size_t n = strlen(str);
    char esc[16];

    put(b, "\"", 1);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            puts_(b, "\xef\xbf\xbd");
            i++;
            continue;
        }
        switch (cp) {
        case '"':
            puts_(b, "\\\"");
            break;
        case '\\':
            puts_(b, "\\\\");
            break;
        case '\n':
            puts_(b, "\\n");
            break;
        case '\t':
            puts_(b, "\\t");
            break;
        case '\r':
            puts_(b, "\\r");
            break;
        default:
            /* characters YAML does not allow raw (C0/C1 controls, DEL,
             * U+FFFE/U+FFFF) and those readers take for line breaks or
             * strip (NEL, line/paragraph separators, BOM) are escaped */
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
                cp == 0x2029 || cp == 0xfeff || cp == 0xfffe ||
                cp == 0xffff) {
                if (json || cp > 0xff)
                    snprintf(esc, sizeof esc, "\\u%04" PRIx32, cp);
                else
                    snprintf(esc, sizeof esc, "\\x%02" PRIx32, cp);
                puts_(b, esc);
            } else {
                put(b, (const char *)s + i, len);
            }
            break;
        }
        i += len;
    }
    put(b, "\"", 1);
}

/* May `s` be written as a YAML plain scalar and read back, by a YAML 1.1
 * or 1.2 reader, as exactly this string?  Deliberately conservative:
 * printable ASCII only, no indicator characters, nothing a resolver could
 * take for a number, boolean or null. */
static bool yaml_plain_ok(const char *s)
{
    static const char *const reserved[] = {
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", NULL};
    const size_t n = strlen(s);

    if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
        return false;
    if (strchr("-?:,[]{}#&*!|>'\"%@`+.0123456789<=~", s[0]))
        return false;
    for (size_t i = 0; i < n; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7f || strchr(",[]{}#:\"\\", c))
            return false;
    }
    for (size_t r = 0; reserved[r]; r++)
        if (strcasecmp(s, reserved[r]) == 0)
            return false;
    return true;
}

static void put_yaml_str(struct buf *b, const char *s)
{
    if (yaml_plain_ok(s))
        puts_(b, s);
    else
        put_quoted(b, s, false);
}

/* ---- JSON ---- */

static void json_node(struct buf *b, const struct pl__node *n, int ind)
{
    const bool map = n->kind == NODE_MAP;

    if (n->kind == NODE_STR) {
        put_quoted(b, n->text, true);
        return;
    }
    if (n->kind == NODE_RAW) {
        puts_(b, n->text);
        return;
    }
    if (!n->first) {
        puts_(b, map ? "{}" : "[]");
        return;
    }
    puts_(b, map ? "{\n" : "[\n");
    for (const struct pl__node *c = n->first; c; c = c->next) {
        indent(b, ind + 2);
        if (map) {
            put_quoted(b, c->key, true);
            puts_(b, ": ");
        }
        json_node(b, c, ind + 2);
        puts_(b, c->next ? ",\n" : "\n");
    }
    indent(b, ind);
    puts_(b, map ? "}" : "]");
}

/* ---- YAML ---- */

/* A scalar, an empty collection or a flow collection: fits on one line. */
static bool yaml_inline(const struct pl__node *n)
{
    return n->kind == NODE_STR || n->kind == NODE_RAW || n->flow || !n->first;
}

static void yaml_flow(struct buf *b, const struct pl__node *n)
{
    const bool map = n->kind == NODE_MAP;

    if (n->kind == NODE_STR) {
        put_yaml_str(b, n->text);
        return;
    }
    if (n->kind == NODE_RAW) {
        puts_(b, n->text);
        return;
    }
    puts_(b, map ? "{" : "[");
    for (const struct pl__node *c = n->first; c; c = c->next) {
        if (map) {
            put_yaml_str(b, c->key);
            puts_(b, ": ");
        }
        yaml_flow(b, c);
        if (c->next)
            puts_(b, ", ");
    }
    puts_(b, map ? "}" : "]");
}

/* Entries of a non-empty block collection at column `ind`.  `cont`: the
 * first entry continues a line that already holds "- " (a mapping or
 * sequence that is itself a sequence item). */
static void yaml_block(struct buf *b, const struct pl__node *n, int ind,
                       bool cont)
{
    for (const struct pl__node *c = n->first; c; c = c->next) {
        if (!(cont && c == n->first))
            indent(b, ind);
        if (n->kind == NODE_MAP) {
            put_yaml_str(b, c->key);
            put(b, ":", 1);
            if (yaml_inline(c)) {
                put(b, " ", 1);
                yaml_flow(b, c);
                put(b, "\n", 1);
            } else {
                put(b, "\n", 1);
                yaml_block(b, c, ind + 2, false);
            }
        } else {
            put(b, "- ", 2);
            if (yaml_inline(c)) {
                yaml_flow(b, c);
                put(b, "\n", 1);
            } else {
                yaml_block(b, c, ind + 2, true);
            }
        }
    }
}

pl_status pl__out_emit(pl__out *o, pl_format fmt, char **text, size_t *len)
{
    struct buf b = {0};

    *text = NULL;
    if (len)
        *len = 0;
    if (!o || o->failed)
        return PL_ENOMEM;
    if (fmt == PL_FORMAT_JSON) {
        json_node(&b, o->root, 0);
        put(&b, "\n", 1);
    } else if (yaml_inline(o->root)) {
        yaml_flow(&b, o->root);
        put(&b, "\n", 1);
    } else {
        yaml_block(&b, o->root, 0, false);
    }
    if (b.failed) {
        pl__free(b.p);
        return PL_ENOMEM;
    }
    *text = b.p;
    if (len)
        *len = b.len;
    return PL_OK;
}
