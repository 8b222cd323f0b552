/* Tolerant XML for GENIUS files: a rewriting pre-pass, then expat into a
 * small arena-allocated DOM.
 *
 * GENIUS 10.4 reads its XML with its own lenient parser, and 99 of the
 * 1,761 shipped files are not well-formed XML (genius-format.md section
 * 1).  The pre-pass turns each accepted construct into strict XML:
 *   - every `<?xml ...?>` declaration is blanked (newlines kept), which
 *     also makes a comment before it legal, and expat is told UTF-8;
 *   - text that is not valid UTF-8 is decoded as Windows-1252;
 *   - a `&` that does not start one of the five predefined entities or a
 *     character reference becomes `&amp;`; a `<` inside an attribute
 *     value becomes `&lt;`;
 *   - a space is inserted between a closing quote and the next attribute
 *     name, and unquoted attribute values are quoted.
 * Every insertion is recorded (offset in the rewritten text, bytes added
 * so far), so an offset expat reports maps back to the original byte and
 * so to its line and column.  DTD entity declarations are refused (no
 * GENIUS file has one; it also shuts out entity expansion attacks).
 *
 * Cost: one pass over the bytes for the pre-pass, expat's linear parse,
 * O(log insertions) per element to map a position.  Memory: about three
 * times the input (rewritten text, DOM strings) in a chunked arena. */
#include <expat.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "genius_xml.h"

/* ---- arena ---- */

struct chunk {
    struct chunk *next;
    size_t used, size;
    _Alignas(max_align_t) unsigned char data[];
};

struct pl__gx_doc {
    struct chunk *chunks;
    struct pl__gx_node *root;
    bool cp1252;
};

static void *arena_alloc(struct pl__gx_doc *d, size_t n)
{
    struct chunk *c = d->chunks;
    const size_t a = (n + 15) & ~(size_t)15;

    if (a < n)
        return NULL;
    if (!c || c->size - c->used < a) {
        const size_t size = a > 65536 ? a : 65536;
        c = pl__malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->next = d->chunks;
        c->used = 0;
        c->size = size;
        d->chunks = c;
    }
    c->used += a;
    return c->data + c->used - a;
}

static char *arena_strndup(struct pl__gx_doc *d, const char *s, size_t n)
{
    char *p = arena_alloc(d, n + 1);

    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void pl__gx_free(struct pl__gx_doc *doc)
{
    struct chunk *c, *next;

    if (!doc)
        return;
    for (c = doc->chunks; c; c = next) {
        next = c->next;
        pl__free(c);
    }
    pl__free(doc);
}

/* ---- pre-pass ---- */

struct pre {
    const unsigned char *in;
    size_t len, pos;
    char *out;
    size_t n, cap;
    size_t *ins_at;   /* rewritten offset after each insertion */
    size_t *ins_cum;  /* bytes inserted up to there */
    size_t n_ins, cap_ins;
    size_t cum;
    bool cp1252;
    bool oom;
};

static void put(struct pre *p, const char *s, size_t k)
{
    if (p->oom)
        return;
    if (p->cap - p->n < k) {
        size_t cap = p->cap ? p->cap : 4096;
        char *o;
        while (cap - p->n < k)
            cap *= 2;
        o = pl__reallocarray(p->out, cap, 1);
        if (!o) {
            p->oom = true;
            return;
        }
        p->out = o;
        p->cap = cap;
    }
    memcpy(p->out + p->n, s, k);
    p->n += k;
}

/* Record that `k` more bytes were inserted before the current position. */
static void inserted(struct pre *p, size_t k)
{
    if (p->oom || k == 0)
        return;
    if (p->n_ins == p->cap_ins) {
        const size_t cap = p->cap_ins ? p->cap_ins * 2 : 64;
        size_t *a = pl__reallocarray(p->ins_at, cap, sizeof *a);
        size_t *b;
        if (!a) {
            p->oom = true;
            return;
        }
        p->ins_at = a;
        b = pl__reallocarray(p->ins_cum, cap, sizeof *b);
        if (!b) {
            p->oom = true;
            return;
        }
        p->ins_cum = b;
        p->cap_ins = cap;
    }
    p->cum += k;
    p->ins_at[p->n_ins] = p->n;
    p->ins_cum[p->n_ins] = p->cum;
    p->n_ins++;
}

static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/* Copy one input byte (decoding Windows-1252 when needed). */
static void copy_byte(struct pre *p)
{
    const unsigned char c = p->in[p->pos++];
    unsigned u;
    char b[3];

    if (c < 0x80 || !p->cp1252) {
        b[0] = (char)c;
        put(p, b, 1);
        return;
    }
    u = c < 0xA0 ? cp1252_high[c - 0x80] : c;
    if (u < 0x800) {
        b[0] = (char)(0xC0 | (u >> 6));
        b[1] = (char)(0x80 | (u & 0x3F));
        put(p, b, 2);
        inserted(p, 1);
    } else {
        b[0] = (char)(0xE0 | (u >> 12));
        b[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        b[2] = (char)(0x80 | (u & 0x3F));
        put(p, b, 3);
        inserted(p, 2);
    }
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        const unsigned char c = s[i];
        size_t k;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            k = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3;
        else
            return false;
        if (n - i <= k)
            return false;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
        i += k + 1;
    }
    return true;
}

static bool starts(const struct pre *p, const char *lit)
{
    const size_t k = strlen(lit);
    return p->len - p->pos >= k && memcmp(p->in + p->pos, lit, k) == 0;
}

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_name_start(unsigned char c)
{
    return is_alpha(c) || c == '_' || c == ':' || c >= 0x80;
}

/* At '&': does a predefined entity or character reference follow? */
static bool entity_follows(const struct pre *p)
{
    static const char *const names[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                        "&apos;"};
    size_t i = p->pos + 1;

    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (starts(p, names[k]))
            return true;
    if (i >= p->len || p->in[i] != '#')
        return false;
    i++;
    if (i < p->len && p->in[i] == 'x') {
        size_t j = ++i;
        while (i < p->len && i - j < 8 &&
               (is_digit(p->in[i]) || (p->in[i] >= 'a' && p->in[i] <= 'f') ||
                (p->in[i] >= 'A' && p->in[i] <= 'F')))
            i++;
        return i > j && i < p->len && p->in[i] == ';';
    }
    {
        const size_t j = i;
        while (i < p->len && i - j < 8 && is_digit(p->in[i]))
            i++;
        return i > j && i < p->len && p->in[i] == ';';
    }
}

static void amp(struct pre *p)
{
    if (entity_follows(p)) {
        copy_byte(p);
        return;
    }
    p->pos++;
    put(p, "&amp;", 5);
    inserted(p, 4);
}

/* Copy up to and including `end` (or to the end of input). */
static void copy_through(struct pre *p, const char *end)
{
    while (p->pos < p->len && !starts(p, end))
        copy_byte(p);
    for (size_t k = strlen(end); k > 0 && p->pos < p->len; k--)
        copy_byte(p);
}

/* Blank `<?xml ...?>` (keeping line breaks). */
static void blank_decl(struct pre *p)
{
    bool done = false;

    while (p->pos < p->len && !done) {
        const unsigned char c = p->in[p->pos];
        done = starts(p, "?>");
        if (done) {
            put(p, "  ", 2);
            p->pos += 2;
            break;
        }
        put(p, c == '\n' || c == '\r' ? (const char *)&p->in[p->pos] : " ",
            1);
        p->pos++;
    }
}

/* Inside a start tag, after '<name'. */
static void tag(struct pre *p)
{
    while (p->pos < p->len) {
        const unsigned char c = p->in[p->pos];
        if (c == '>') {
            copy_byte(p);
            return;
        }
        if (c == '"' || c == '\'') {
            copy_byte(p);
            while (p->pos < p->len && p->in[p->pos] != c) {
                if (p->in[p->pos] == '&') {
                    amp(p);
                } else if (p->in[p->pos] == '<') {
                    p->pos++;
                    put(p, "&lt;", 4);
                    inserted(p, 3);
                } else {
                    copy_byte(p);
                }
            }
            if (p->pos < p->len)
                copy_byte(p);
            if (p->pos < p->len && is_name_start(p->in[p->pos])) {
                put(p, " ", 1);
                inserted(p, 1);
            }
            continue;
        }
        if (c == '=') {
            copy_byte(p);
            while (p->pos < p->len && is_space(p->in[p->pos]))
                copy_byte(p);
            if (p->pos < p->len && p->in[p->pos] != '"' &&
                p->in[p->pos] != '\'' && p->in[p->pos] != '>') {
                put(p, "\"", 1);
                inserted(p, 1);
                while (p->pos < p->len && !is_space(p->in[p->pos]) &&
                       p->in[p->pos] != '>' && !starts(p, "/>")) {
                    if (p->in[p->pos] == '&') {
                        amp(p);
                    } else if (p->in[p->pos] == '<' ||
                               p->in[p->pos] == '"') {
                        const bool lt = p->in[p->pos] == '<';
                        p->pos++;
                        put(p, lt ? "&lt;" : "&quot;", lt ? 4 : 6);
                        inserted(p, lt ? 3 : 5);
                    } else {
                        copy_byte(p);
                    }
                }
                put(p, "\"", 1);
                inserted(p, 1);
            }
            continue;
        }
        copy_byte(p);
    }
}

static void prepass(struct pre *p)
{
    p->cp1252 = !valid_utf8(p->in, p->len);
    while (p->pos < p->len && !p->oom) {
        const unsigned char c = p->in[p->pos];
        if (c == '&') {
            amp(p);
        } else if (c != '<') {
            copy_byte(p);
        } else if (starts(p, "<!--")) {
            copy_through(p, "-->");
        } else if (starts(p, "<![CDATA[")) {
            copy_through(p, "]]>");
        } else if (starts(p, "<?xml") &&
                   (p->pos + 5 >= p->len || is_space(p->in[p->pos + 5]) ||
                    p->in[p->pos + 5] == '?')) {
            blank_decl(p);
        } else if (starts(p, "<?")) {
            copy_through(p, "?>");
        } else if (starts(p, "<!")) {
            copy_through(p, ">");
        } else if (p->pos + 1 < p->len && is_name_start(p->in[p->pos + 1])) {
            copy_byte(p);
            tag(p);
        } else {
            copy_byte(p);
        }
    }
}

/* ---- positions ---- */

struct parse {
    struct pl__gx_doc *doc;
    struct pre pre;
    XML_Parser xp;
    struct pl__gx_node *cur;
    unsigned depth;
    pl_status st;
    pl_diag *diag;
    /* line starts of the original text, for offset -> line/column */
    size_t *line_start;
    size_t n_lines;
};

static size_t original_offset(const struct parse *P, size_t off)
{
    size_t lo = 0, hi = P->pre.n_ins;

    /* last insertion with ins_at <= off */
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (P->pre.ins_at[mid] <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return off;
    return off >= P->pre.ins_cum[lo - 1] ? off - P->pre.ins_cum[lo - 1] : 0;
}

static void position(const struct parse *P, long off, int *line, int *col)
{
    size_t o, lo = 0, hi = P->n_lines;

    if (off < 0) {
        *line = 1;
        *col = 1;
        return;
    }
    o = original_offset(P, (size_t)off);
    if (o > P->pre.len)
        o = P->pre.len;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (P->line_start[mid] <= o)
            lo = mid + 1;
        else
            hi = mid;
    }
    *line = lo > INT32_MAX ? INT32_MAX : (int)lo;
    {
        const size_t c = o - P->line_start[lo ? lo - 1 : 0] + 1;
        *col = c > INT32_MAX ? INT32_MAX : (int)c;
    }
}

static bool index_lines(struct parse *P)
{
    size_t n = 1;

    for (size_t i = 0; i < P->pre.len; i++)
        n += P->pre.in[i] == '\n';
    P->line_start = pl__calloc(n, sizeof *P->line_start);
    if (!P->line_start)
        return false;
    P->n_lines = 0;
    P->line_start[P->n_lines++] = 0;
    for (size_t i = 0; i < P->pre.len; i++)
        if (P->pre.in[i] == '\n')
            P->line_start[P->n_lines++] = i + 1;
    return true;
}

/* ---- expat handlers ---- */

static void stop(struct parse *P, pl_status st, const char *msg)
{
    int line, col;

    if (P->st != PL_OK)
        return;
    P->st = st;
    position(P, XML_GetCurrentByteIndex(P->xp), &line, &col);
    pl_diag_set(P->diag, st, line, col, "%s", msg);
    XML_StopParser(P->xp, XML_FALSE);
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct parse *P = ud;
    struct pl__gx_doc *d = P->doc;
    struct pl__gx_node *n;
    struct pl__gx_attr *a;
    unsigned na = 0;

    if (P->st != PL_OK)
        return;
    if (P->depth >= PL__GX_MAX_DEPTH) {
        stop(P, PL_ETOOBIG, "elements nested deeper than 64 levels");
        return;
    }
    while (atts[2 * na])
        na++;
    n = arena_alloc(d, sizeof *n);
    a = arena_alloc(d, (na ? na : 1) * sizeof *a);
    if (!n || !a) {
        stop(P, PL_ENOMEM, "out of memory");
        return;
    }
    memset(n, 0, sizeof *n);
    n->name = arena_strndup(d, name, strlen(name));
    for (unsigned k = 0; k < na; k++) {
        a[k].name = arena_strndup(d, atts[2 * k], strlen(atts[2 * k]));
        a[k].value =
            arena_strndup(d, atts[2 * k + 1], strlen(atts[2 * k + 1]));
        if (!a[k].name || !a[k].value) {
            stop(P, PL_ENOMEM, "out of memory");
            return;
        }
    }
    if (!n->name) {
        stop(P, PL_ENOMEM, "out of memory");
        return;
    }
    n->attr = a;
    n->n_attr = na;
    n->text = "";
    position(P, XML_GetCurrentByteIndex(P->xp), &n->line, &n->column);
    n->parent = P->cur;
    if (P->cur) {
        if (P->cur->last)
            P->cur->last->next = n;
        else
            P->cur->first = n;
        P->cur->last = n;
    } else {
        d->root = n;
    }
    P->cur = n;
    P->depth++;
}

static void on_end(void *ud, const XML_Char *name)
{
    struct parse *P = ud;

    if (P->st != PL_OK || !P->cur)
        return;
    P->cur = P->cur->parent;
    P->depth--;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    struct parse *P = ud;
    struct pl__gx_node *n = P->cur;
    size_t keep;
    char *t;

    if (P->st != PL_OK || !n || len <= 0 ||
        n->text_len >= PL__GX_MAX_TEXT)
        return;
    keep = (size_t)len;
    if (keep > PL__GX_MAX_TEXT - n->text_len)
        keep = PL__GX_MAX_TEXT - n->text_len;
    t = arena_alloc(P->doc, n->text_len + keep + 1);
    if (!t) {
        stop(P, PL_ENOMEM, "out of memory");
        return;
    }
    memcpy(t, n->text, n->text_len);
    memcpy(t + n->text_len, s, keep);
    n->text_len += keep;
    t[n->text_len] = '\0';
    n->text = t;
}

static void on_entity_decl(void *ud, const XML_Char *name, int is_param,
                           const XML_Char *value, int value_length,
                           const XML_Char *base, const XML_Char *system_id,
                           const XML_Char *public_id,
                           const XML_Char *notation)
{
    stop(ud, PL_EPARSE,
         "entity declaration in a DTD: GENIUS files have none, and parley "
         "does not expand them");
}

static void *xm_malloc(size_t n)
{
    return pl__malloc(n);
}

static void *xm_realloc(void *p, size_t n)
{
    return pl__reallocarray(p, n, 1);
}

static void xm_free(void *p)
{
    pl__free(p);
}

pl_status pl__gx_parse(const char *text, size_t len,
                       struct pl__gx_doc **out, pl_diag *diag)
{
    static const XML_Memory_Handling_Suite mem = {xm_malloc, xm_realloc,
                                                  xm_free};
    struct parse P;
    pl_status rc = PL_OK;

    *out = NULL;
    memset(&P, 0, sizeof P);
    P.diag = diag;
    if (len > INT32_MAX / 4)
        return pl_diag_set(diag, PL_ETOOBIG, 0, 0,
                           "file too large (%zu bytes)", len);
    P.doc = pl__calloc(1, sizeof *P.doc);
    if (!P.doc)
        return PL_ENOMEM;
    P.pre.in = (const unsigned char *)text;
    P.pre.len = len;
    if (len >= 2 && ((P.pre.in[0] == 0xFE && P.pre.in[1] == 0xFF) ||
                     (P.pre.in[0] == 0xFF && P.pre.in[1] == 0xFE))) {
        rc = pl_diag_set(diag, PL_EPARSE, 1, 1,
                         "UTF-16 text: GENIUS files are UTF-8 or "
                         "Windows-1252");
        goto done;
    }
    prepass(&P.pre);
    if (P.pre.oom || !index_lines(&P)) {
        rc = PL_ENOMEM;
        goto done;
    }
    P.doc->cp1252 = P.pre.cp1252;
    P.xp = XML_ParserCreate_MM("UTF-8", &mem, NULL);
    if (!P.xp) {
        rc = PL_ENOMEM;
        goto done;
    }
    XML_SetUserData(P.xp, &P);
    XML_SetElementHandler(P.xp, on_start, on_end);
    XML_SetCharacterDataHandler(P.xp, on_text);
    XML_SetEntityDeclHandler(P.xp, on_entity_decl);
    if (XML_Parse(P.xp, P.pre.out ? P.pre.out : "", (int)P.pre.n, 1) ==
            XML_STATUS_ERROR &&
        P.st == PL_OK) {
        const enum XML_Error e = XML_GetErrorCode(P.xp);
        int line, col;
        position(&P, XML_GetCurrentByteIndex(P.xp), &line, &col);
        if (e == XML_ERROR_NO_MEMORY) {
            P.st = PL_ENOMEM;
        } else {
            P.st = PL_EPARSE;
            pl_diag_set(diag, PL_EPARSE, line, col, "not XML: %s%s",
                        XML_ErrorString(e),
                        e == XML_ERROR_NO_ELEMENTS
                            ? " (the file is empty or has no element)"
                            : e == XML_ERROR_SYNTAX && line <= 3
                                  ? " (is this a CSV pareto.xml sidecar?)"
                                  : "");
        }
    }
    rc = P.st;
    if (rc == PL_OK && !P.doc->root)
        rc = pl_diag_set(diag, PL_EPARSE, 1, 1, "no root element");
done:
    if (P.xp)
        XML_ParserFree(P.xp);
    pl__free(P.pre.out);
    pl__free(P.pre.ins_at);
    pl__free(P.pre.ins_cum);
    pl__free(P.line_start);
    if (rc != PL_OK) {
        pl__gx_free(P.doc);
        return rc;
    }
    *out = P.doc;
    return PL_OK;
}

const struct pl__gx_node *pl__gx_root(const struct pl__gx_doc *doc)
{
    return doc ? doc->root : NULL;
}

bool pl__gx_was_cp1252(const struct pl__gx_doc *doc)
{
    return doc && doc->cp1252;
}

const char *pl__gx_attr(const struct pl__gx_node *n, const char *name)
{
    for (unsigned k = 0; n && k < n->n_attr; k++)
        if (strcmp(n->attr[k].name, name) == 0)
            return n->attr[k].value;
    return NULL;
}

const struct pl__gx_node *pl__gx_child(const struct pl__gx_node *n,
                                       const char *name)
{
    for (const struct pl__gx_node *c = n ? n->first : NULL; c; c = c->next)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
