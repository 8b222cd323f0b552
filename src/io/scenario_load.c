/* Scenario loader: parley/1 YAML or JSON text -> struct pl_scenario.
 *
 * Two phases.  First libfyaml's event parser turns the text into a compact
 * node tree of our own (struct ynode, one flat array, children linked by
 * index), keeping the 1-based line and column of every node: libfyaml
 * 0.7.12 has no public start mark for document-API mappings, and building
 * from events also lets us reject aliases, anchors, tags and extra
 * documents where they occur.  Then a strict schema walk fills the model
 * (docs/scenario-format.md is the contract) and pl__scenario_compile()
 * finishes it.
 *
 * Every problem stops the load with one diagnostic naming the node's
 * position, what was found and what was expected.  Sizes are bounded
 * before anything proportional to them is allocated (scenario.h limits,
 * plus the tree limits below), so hostile input costs at most a few
 * hundred MB and O(n log n) time. */
#include <errno.h>
#include <libfyaml.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/scenario_int.h"
#include "io/emit.h"
#include "core/file.h"
#include "core/sort.h"

#define NONE UINT32_MAX
/* Tree limits: a 16 MB text can hold ~8M one-byte scalars; 4M nodes of 36
 * bytes keeps the tree under 150 MB.  Nesting deeper than any scenario
 * needs is refused before it can cost stack. */
#define MAX_NODES (4u * 1024u * 1024u)
#define MAX_DEPTH 64
/* Condition masks take one byte per option of the issue; bound their sum
 * so that many conditions on huge issues cannot exhaust memory. */
#define MAX_COND_BYTES (64u * 1024u * 1024u)

enum ytype { Y_SCALAR, Y_MAP, Y_SEQ };

/* One node of the parsed tree.  A mapping's children alternate key,
 * value. */
struct ynode {
    uint8_t type;     /* enum ytype */
    uint8_t plain;    /* scalar written without quotes (may be a number) */
    int line, col;    /* 1-based */
    uint32_t text;    /* scalar: offset of its NUL-terminated text */
    uint32_t len;     /* scalar: bytes (may contain NUL: then rejected) */
    uint32_t first;   /* first child or NONE */
    uint32_t last;    /* last child or NONE (while building) */
    uint32_t next;    /* next sibling or NONE */
    uint32_t count;   /* children (a mapping: 2 per pair) */
};

struct ld {
    pl_diag *diag;
    struct ynode *n;
    uint32_t n_nodes, cap_nodes;
    char *str;            /* scalar texts, NUL-separated */
    size_t str_len, str_cap;
    uint32_t root;
    pl_scenario *s;
    uint32_t *issue_node;    /* per issue: its mapping node */
    uint32_t **opt_sorted;   /* categorical: option indices sorted by id */
    uint32_t **opt_node;     /* per issue: node of each declared option */
    uint32_t *party_node;
    uint32_t n_issue_slots;  /* entries in opt_sorted / opt_node */
    size_t cond_bytes;
    size_t total_options;
    /* folded block scalars, redone from a literal re-parse (see
     * refold_scalars): source offset of each '>' indicator, its node and
     * its ordinal among scalar events */
    const char *src;
    size_t src_len, prev_end, n_scalars;
    struct folded {
        size_t pos, ordinal;
        uint32_t node;
    } *folded;
    size_t n_folded, cap_folded;
};

/* ---- diagnostics ---- */

static pl_status fail(struct ld *L, pl_status st, uint32_t node,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static pl_status fail(struct ld *L, pl_status st, uint32_t node,
                      const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    int line = 0, col = 0;

    if (node != NONE && node < L->n_nodes) {
        line = L->n[node].line;
        col = L->n[node].col;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pl_diag_set(L->diag, st, line, col, "%s", msg);
}

static const char *text(const struct ld *L, uint32_t node)
{
    return L->str + L->n[node].text;
}

static bool is_null(const struct ld *L, uint32_t node)
{
    const struct ynode *y = &L->n[node];
    const char *t = text(L, node);

    return y->type == Y_SCALAR && y->plain &&
           (y->len == 0 || strcmp(t, "~") == 0 || strcmp(t, "null") == 0 ||
            strcmp(t, "Null") == 0 || strcmp(t, "NULL") == 0);
}

/* What a node is, for "got ..." in messages: 'text' (shortened, control
 * characters shown as '?'), null, a mapping or a sequence. */
static const char *desc(const struct ld *L, uint32_t node, char *buf,
                        size_t size)
{
    const struct ynode *y = &L->n[node];
    size_t j = 0;

    if (y->type == Y_MAP)
        return "a mapping";
    if (y->type == Y_SEQ)
        return "a sequence";
    if (is_null(L, node))
        return "null";
    buf[j++] = '\'';
    for (uint32_t i = 0; i < y->len && j + 5 < size; i++) {
        const unsigned char c = (unsigned char)text(L, node)[i];
        if (i == 40) {
            memcpy(buf + j, "...", 3);
            j += 3;
            break;
        }
        buf[j++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    buf[j++] = '\'';
    buf[j] = '\0';
    return buf;
}

#define DESC(L, node) desc((L), (node), dbuf, sizeof dbuf)

/* ---- phase 1: events -> tree ---- */

static pl_status add_text(struct ld *L, const char *t, size_t len,
                          uint32_t *off)
{
    if (len > SIZE_MAX / 2 || L->str_len + len + 1 > UINT32_MAX)
        return PL_ETOOBIG;
    if (L->str_len + len + 1 > L->str_cap) {
        size_t cap = L->str_cap ? L->str_cap : 4096;
        char *p;
        while (cap < L->str_len + len + 1)
            cap *= 2;
        p = pl__reallocarray(L->str, cap, 1);
        if (!p)
            return PL_ENOMEM;
        L->str = p;
        L->str_cap = cap;
    }
    *off = (uint32_t)L->str_len;
    if (len)
        memcpy(L->str + L->str_len, t, len);
    L->str[L->str_len + len] = '\0';
    L->str_len += len + 1;
    return PL_OK;
}

static pl_status add_node(struct ld *L, enum ytype type,
                          const struct fy_mark *m, uint32_t *out)
{
    struct ynode *y;

    if (L->n_nodes >= MAX_NODES)
        return pl_diag_set(L->diag, PL_ETOOBIG, m ? m->line + 1 : 0,
                           m ? m->column + 1 : 0,
                           "too many YAML nodes (limit %u)", MAX_NODES);
    if (L->n_nodes == L->cap_nodes) {
        const uint32_t cap = L->cap_nodes ? L->cap_nodes * 2 : 256;
        struct ynode *p = pl__reallocarray(L->n, cap, sizeof *p);
        if (!p)
            return PL_ENOMEM;
        L->n = p;
        L->cap_nodes = cap;
    }
    y = &L->n[L->n_nodes];
    memset(y, 0, sizeof *y);
    y->type = (uint8_t)type;
    y->line = m ? m->line + 1 : 0;
    y->col = m ? m->column + 1 : 0;
    y->first = y->last = y->next = NONE;
    *out = L->n_nodes++;
    return PL_OK;
}

/* Refuse YAML features the format does not use, where they occur. */
static pl_status check_props(struct ld *L, const struct fy_mark *m,
                             struct fy_token *anchor, struct fy_token *tag)
{
    int line = m ? m->line + 1 : 0, col = m ? m->column + 1 : 0;
    size_t len = 0;
    const char *t;

    if (anchor) {
        const struct fy_mark *am = fy_token_start_mark(anchor);
        t = fy_token_get_text(anchor, &len);
        /* the anchor token starts after '&' */
        if (am) {
            line = am->line + 1;
            col = am->column > 0 ? am->column : 1;
        }
        return pl_diag_set(L->diag, PL_ESCHEMA, line, col,
                           "YAML anchors (&%.*s) are not supported: "
                           "write each value out in full",
                           (int)(len > 40 ? 40 : len), t ? t : "");
    }
    if (tag) {
        const struct fy_mark *tm = fy_token_start_mark(tag);
        t = fy_token_get_text(tag, &len);
        if (tm) {
            line = tm->line + 1;
            col = tm->column + 1;
        }
        return pl_diag_set(L->diag, PL_ESCHEMA, line, col,
                           "YAML tags (%.*s) are not supported: remove the "
                           "tag", (int)(len > 40 ? 40 : len), t ? t : "");
    }
    return PL_OK;
}

/* libfyaml 0.7.12 misreads some folded block scalars ('>' with an empty
 * line before a more-indented line): it returns the right length but
 * leaves the last bytes unwritten, i.e. uninitialised memory.  Its literal
 * ('|') scalars are read correctly, so every folded scalar is re-read as
 * literal from a copy of the text with its '>' turned into '|', and folded
 * here (YAML 1.2 section 8.1.3).  The '>' is the first character after the
 * previous event that is not blank, a comment or a ':', '-', '?'
 * indicator (anchors and tags, which could sit in between, are refused
 * before this point). */
static pl_status note_folded(struct ld *L, uint32_t id)
{
    size_t i = L->prev_end;
    bool line_start = true;

    while (i < L->src_len) {
        const char c = L->src[i];
        if (c == '#' && (line_start || i == 0 || L->src[i - 1] == ' ' ||
                         L->src[i - 1] == '\t')) {
            while (i < L->src_len && L->src[i] != '\n')
                i++;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
                   c == ':' || c == '-' || c == '?') {
            line_start = c == '\n';
            i++;
        } else {
            break;
        }
    }
    if (i >= L->src_len || L->src[i] != '>')
        return fail(L, PL_EPARSE, id,
                    "unsupported folded block scalar ('>') here: use a "
                    "literal block ('|') or a quoted string");
    if (L->n_folded == L->cap_folded) {
        const size_t cap = L->cap_folded ? L->cap_folded * 2 : 8;
        struct folded *p = pl__reallocarray(L->folded, cap, sizeof *p);
        if (!p)
            return PL_ENOMEM;
        L->folded = p;
        L->cap_folded = cap;
    }
    L->folded[L->n_folded].pos = i;
    L->folded[L->n_folded].ordinal = L->n_scalars;
    L->folded[L->n_folded].node = id;
    L->n_folded++;
    return PL_OK;
}

/* libfyaml 0.7.12 accepts block scalar content that is not indented more
 * than the collection holding it (invalid YAML) and then returns text with
 * uninitialised bytes.  Refuse it: the first non-blank content line must
 * be indented more than the parent's column.  As a safety net, refuse
 * block text that is not valid UTF-8 or holds NUL (what such garbage looks
 * like). */
static pl_status check_encoding(struct ld *L, const char *text,
                                size_t len);

static pl_status check_block_text(struct ld *L, uint32_t id, const char *t,
                                  size_t len);

static pl_status check_block(struct ld *L, struct fy_token *tok, uint32_t id,
                             int parent_indent)
{
    const struct fy_mark *sm = fy_token_start_mark(tok);
    const struct fy_mark *em = fy_token_end_mark(tok);
    size_t i, end, len = 0;
    const char *t;

    if (sm && em && parent_indent >= 0) {
        i = sm->input_pos;
        end = em->input_pos < L->src_len ? em->input_pos : L->src_len;
        while (i > 0 && L->src[i - 1] != '\n')
            i--;
        while (i < end) {
            int ind = 0, line = 0;
            size_t j = i;
            while (j < end && L->src[j] == ' ') {
                j++;
                ind++;
            }
            if (j < end && L->src[j] != '\n' && L->src[j] != '\r') {
                if (ind <= parent_indent) {
                    for (size_t q = 0; q < j; q++)
                        line += L->src[q] == '\n';
                    return pl_diag_set(L->diag, PL_EPARSE, line + 1, ind + 1,
                                       "block scalar text must be indented "
                                       "more than its parent (column %d)",
                                       parent_indent + 1);
                }
                break;
            }
            while (j < end && L->src[j] != '\n')
                j++;
            i = j + 1;
        }
    }
    /* folded text is replaced (and checked) in the literal re-read */
    if (fy_token_scalar_style(tok) == FYSS_FOLDED)
        return PL_OK;
    t = fy_token_get_text(tok, &len);
    return check_block_text(L, id, t, len);
}

static pl_status check_block_text(struct ld *L, uint32_t id, const char *t,
                                  size_t len)
{
    if (t && len) {
        struct ld probe = *L;
        probe.diag = NULL;
        if (memchr(t, '\0', len) || check_encoding(&probe, t, len) != PL_OK)
            return fail(L, PL_EPARSE, id,
                        "block scalar could not be read (unsupported "
                        "indentation)");
    }
    return PL_OK;
}

/* Fold literal block text `t` (indentation already removed, chomping
 * already applied) into `out` (at least len bytes): a line break between
 * two text lines becomes a space, or is dropped when empty lines follow
 * it (each empty line then gives one newline); breaks next to lines that
 * start with a space or tab ("more indented") are kept.  Leading empty
 * lines and the trailing breaks after the last non-empty line are kept.
 * Folding never lengthens the text.  Returns the folded length. */
static size_t fold_literal(const char *t, size_t len, char *out)
{
    size_t i = 0, o = 0, end = len;

    while (end > 0 && t[end - 1] == '\n')
        end--;
    /* leading empty lines */
    while (i < end && t[i] == '\n')
        out[o++] = t[i++];
    while (i < end) {
        const size_t ls = i;
        size_t k = 0, j;
        bool spaced_a, spaced_b;
        while (i < end && t[i] != '\n')
            out[o++] = t[i++];
        if (i >= end)
            break;
        /* t[i] is the break after line [ls, i); count empty lines */
        j = i + 1;
        while (j < end && t[j] == '\n') {
            k++;
            j++;
        }
        spaced_a = t[ls] == ' ' || t[ls] == '\t';
        spaced_b = t[j] == ' ' || t[j] == '\t';
        if (!spaced_a && !spaced_b && i > ls) {
            if (k == 0)
                out[o++] = ' ';
            for (size_t q = 0; q < k; q++)
                out[o++] = '\n';
        } else {
            for (size_t q = 0; q <= k; q++)
                out[o++] = '\n';
        }
        i = j;
    }
    memcpy(out + o, t + end, len - end);
    return o + (len - end);
}

static pl_status refold_event(struct ld *L, struct fy_event *e, size_t *ord,
                              size_t *next)
{
    size_t len = 0, flen;
    const char *t;
    char *buf;
    uint32_t off, id;
    pl_status rc;

    if (e->type != FYET_SCALAR)
        return PL_OK;
    if (*next >= L->n_folded || L->folded[*next].ordinal != (*ord)++)
        return PL_OK;
    id = L->folded[(*next)++].node;
    t = e->scalar.value ? fy_token_get_text(e->scalar.value, &len) : NULL;
    if (!t)
        len = 0;
    rc = check_block_text(L, id, t, len);
    if (rc != PL_OK)
        return rc;
    buf = pl__malloc(len + 1);
    if (!buf)
        return PL_ENOMEM;
    flen = fold_literal(t ? t : "", len, buf);
    rc = add_text(L, buf, flen, &off);
    pl__free(buf);
    if (rc != PL_OK)
        return rc;
    L->n[id].text = off;
    L->n[id].len = (uint32_t)flen;
    return PL_OK;
}

/* One event into the tree.  `stack` holds the open collections. */
static pl_status take_event(struct ld *L, struct fy_event *e,
                            uint32_t *stack, int *depth, int *docs)
{
    const struct fy_mark *m = fy_event_start_mark(e);
    struct fy_token *anchor = NULL, *tag = NULL;
    enum ytype type = Y_SCALAR;
    uint32_t id = 0;
    pl_status rc;

    switch (e->type) {
    case FYET_DOCUMENT_START:
        if (++*docs > 1)
            return pl_diag_set(L->diag, PL_EPARSE, m ? m->line + 1 : 0,
                               m ? m->column + 1 : 0,
                               "a second YAML document starts here; a "
                               "scenario is exactly one document");
        return PL_OK;
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END:
        if (*depth > 0)
            --*depth;
        return PL_OK;
    case FYET_ALIAS:
        /* the alias event is marked after its '*' */
        return pl_diag_set(L->diag, PL_ESCHEMA, m ? m->line + 1 : 0,
                           m ? (m->column > 0 ? m->column : 1) : 0,
                           "YAML aliases are not supported: write each "
                           "value out in full");
    case FYET_MAPPING_START:
        type = Y_MAP;
        anchor = e->mapping_start.anchor;
        tag = e->mapping_start.tag;
        break;
    case FYET_SEQUENCE_START:
        type = Y_SEQ;
        anchor = e->sequence_start.anchor;
        tag = e->sequence_start.tag;
        break;
    case FYET_SCALAR:
        anchor = e->scalar.anchor;
        tag = e->scalar.tag;
        break;
    default:
        return PL_OK;
    }
    rc = check_props(L, m, anchor, tag);
    if (rc != PL_OK)
        return rc;
    rc = add_node(L, type, m, &id);
    if (rc != PL_OK)
        return rc;
    if (type == Y_SCALAR) {
        size_t len = 0;
        const char *t = e->scalar.value
                            ? fy_token_get_text(e->scalar.value, &len)
                            : NULL;
        rc = add_text(L, t ? t : "", t ? len : 0, &L->n[id].text);
        if (rc != PL_OK)
            return rc;
        if (e->scalar.value &&
            (fy_token_scalar_style(e->scalar.value) == FYSS_FOLDED ||
             fy_token_scalar_style(e->scalar.value) == FYSS_LITERAL)) {
            rc = check_block(L, e->scalar.value, id,
                             *depth > 0 ? L->n[stack[*depth - 1]].col - 1
                                        : -1);
            if (rc != PL_OK)
                return rc;
        }
        if (e->scalar.value &&
            fy_token_scalar_style(e->scalar.value) == FYSS_FOLDED) {
            rc = note_folded(L, id);
            if (rc != PL_OK)
                return rc;
        }
        L->n_scalars++;
        L->n[id].len = (uint32_t)len;
        L->n[id].plain = !e->scalar.value ||
                         fy_token_scalar_style(e->scalar.value) == FYSS_PLAIN;
        /* libfyaml marks a quoted scalar at its first character inside
         * the quotes; point at the opening quote, where the value starts */
        if (!L->n[id].plain && L->n[id].col > 1 &&
            (fy_token_scalar_style(e->scalar.value) == FYSS_SINGLE_QUOTED ||
             fy_token_scalar_style(e->scalar.value) == FYSS_DOUBLE_QUOTED))
            L->n[id].col--;
    }
    if (*depth == 0) {
        L->root = id;
    } else {
        struct ynode *p = &L->n[stack[*depth - 1]];
        if (p->last == NONE)
            p->first = id;
        else
            L->n[p->last].next = id;
        p->last = id;
        p->count++;
    }
    if (type != Y_SCALAR) {
        if (*depth >= MAX_DEPTH)
            return pl_diag_set(L->diag, PL_ETOOBIG, L->n[id].line,
                               L->n[id].col,
                               "nesting deeper than %d levels", MAX_DEPTH);
        stack[(*depth)++] = id;
    }
    return PL_OK;
}

/* libfyaml reports syntax errors through its diag object; we collect them
 * instead of letting it print, and keep the first. */
static pl_status syntax_error(struct ld *L, struct fy_diag *fd)
{
    void *it = NULL;
    struct fy_diag_error *de = fd ? fy_diag_errors_iterate(fd, &it) : NULL;

    if (!de)
        return pl_diag_set(L->diag, PL_EPARSE, 0, 0, "syntax error");
    return pl_diag_set(L->diag, PL_EPARSE, de->line > 0 ? de->line : 0,
                       de->column > 0 ? de->column : 0, "syntax error: %s",
                       de->msg ? de->msg : "invalid YAML");
}

static void quiet_output(struct fy_diag *d, void *user, const char *buf,
                         size_t len)
{
    (void)d;
    (void)user;
    (void)buf;
    (void)len;
}

/* NUL bytes and invalid UTF-8 are refused before libfyaml sees them: it
 * would otherwise stop silently at a NUL.  Columns count characters. */
static pl_status check_encoding(struct ld *L, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    int line = 1, col = 1;

    for (size_t i = 0; i < len;) {
        size_t n = 1;
        uint32_t c = s[i];
        if (c == 0)
            return pl_diag_set(L->diag, PL_EPARSE, line, col,
                               "NUL byte in input: a scenario is UTF-8 "
                               "text, not binary data");
        if (c >= 0x80) {
            n = c >= 0xc2 && c <= 0xdf   ? 2
                : c >= 0xe0 && c <= 0xef ? 3
                : c >= 0xf0 && c <= 0xf4 ? 4
                                         : 0;
            if (n == 0 || i + n > len)
                goto bad;
            c &= n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07;
            for (size_t k = 1; k < n; k++) {
                if ((s[i + k] & 0xc0) != 0x80)
                    goto bad;
                c = (c << 6) | (s[i + k] & 0x3f);
            }
            if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
                c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
                goto bad;
        }
        if (c == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i += n;
    }
    return PL_OK;
bad:
    return pl_diag_set(L->diag, PL_EPARSE, line, col,
                       "invalid UTF-8: a scenario is UTF-8 text");
}

/* Parse `text` with libfyaml's event parser.  First pass (refold false):
 * build the tree.  Second pass (refold true, over the text with folded
 * indicators made literal): replace the folded scalars' text. */
static pl_status parse_events(struct ld *L, const char *text, size_t len,
                              bool json, bool refold)
{
    struct fy_diag_cfg dc;
    struct fy_parse_cfg cfg;
    struct fy_diag *fd = NULL;
    struct fy_parser *fp = NULL;
    struct fy_event *e;
    uint32_t stack[MAX_DEPTH];
    int depth = 0, docs = 0;
    size_t ord = 0, next = 0;
    pl_status rc = PL_OK;

    L->prev_end = 0;
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = quiet_output;
    dc.colorize = false;
    fd = fy_diag_create(&dc);
    if (!fd)
        return PL_ENOMEM;
    fy_diag_set_collect_errors(fd, true);
    memset(&cfg, 0, sizeof cfg);
    cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 |
                (json ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE);
    cfg.diag = fd;
    fp = fy_parser_create(&cfg);
    if (!fp) {
        rc = PL_ENOMEM;
        goto out;
    }
    if (fy_parser_set_string(fp, text, len) != 0) {
        rc = PL_ENOMEM;
        goto out;
    }
    if (!refold)
        L->root = NONE;
    while (rc == PL_OK && (e = fy_parser_parse(fp)) != NULL) {
        const struct fy_mark *em = fy_event_end_mark(e);
        if (refold)
            rc = refold_event(L, e, &ord, &next);
        else
            rc = take_event(L, e, stack, &depth, &docs);
        if (em && em->input_pos > L->prev_end)
            L->prev_end = em->input_pos;
        fy_parser_event_free(fp, e);
    }
    if (rc == PL_OK && fy_parser_get_stream_error(fp))
        rc = syntax_error(L, fd);
    if (rc == PL_OK && refold && next != L->n_folded)
        rc = pl_diag_set(L->diag, PL_EPARSE, 0, 0,
                         "folded block scalars could not be read");
    if (rc == PL_OK && L->root == NONE)
        rc = pl_diag_set(L->diag, PL_ESCHEMA, 1, 1,
                         "empty document: expected a mapping starting "
                         "with 'format: parley/1'");
out:
    if (fp)
        fy_parser_destroy(fp);
    fy_diag_destroy(fd);
    return rc;
}

static pl_status build_tree(struct ld *L, const char *text, size_t len,
                            bool json)
{
    char *copy;
    pl_status rc;

    L->src = text;
    L->src_len = len;
    rc = parse_events(L, text, len, json, false);
    if (rc != PL_OK || L->n_folded == 0)
        return rc;
    copy = pl__malloc(len + 1);
    if (!copy)
        return PL_ENOMEM;
    memcpy(copy, text, len);
    for (size_t f = 0; f < L->n_folded; f++)
        copy[L->folded[f].pos] = '|';
    rc = parse_events(L, copy, len, json, true);
    pl__free(copy);
    return rc;
}

/* Next key of a mapping after key c (children alternate key, value). */
static uint32_t next_pair(const struct ld *L, uint32_t c)
{
    const uint32_t v = L->n[c].next;

    return v == NONE ? NONE : L->n[v].next;
}

/* ---- phase 2 helpers: typed access with messages ---- */

struct keyref {
    const char *s;
    uint32_t len;
    uint32_t node;
};

static int keyref_cmp(const void *a, const void *b)
{
    const struct keyref *x = a, *y = b;
    const uint32_t n = x->len < y->len ? x->len : y->len;
    const int c = memcmp(x->s, y->s, n);

    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

/* Every mapping key must be a scalar and unique within its mapping (YAML
 * requires it; libfyaml's event parser does not check).  Sorting keeps
 * this O(n log n) for large value tables. */
static pl_status check_all_keys(struct ld *L)
{
    struct keyref *k = NULL;
    uint32_t cap = 0;
    pl_status rc = PL_OK;
    char dbuf[64];

    for (uint32_t m = 0; m < L->n_nodes && rc == PL_OK; m++) {
        uint32_t np = 0;
        if (L->n[m].type != Y_MAP)
            continue;
        if (L->n[m].count / 2 > cap) {
            struct keyref *p;
            cap = L->n[m].count / 2;
            p = pl__reallocarray(k, cap, sizeof *k);
            if (!p) {
                rc = PL_ENOMEM;
                break;
            }
            k = p;
        }
        for (uint32_t c = L->n[m].first; c != NONE; c = next_pair(L, c)) {
            if (L->n[c].type != Y_SCALAR) {
                rc = fail(L, PL_ESCHEMA, c,
                          "a mapping key must be a plain string, got %s",
                          DESC(L, c));
                break;
            }
            k[np].s = text(L, c);
            k[np].len = L->n[c].len;
            k[np].node = c;
            np++;
        }
        if (rc != PL_OK || np < 2)
            continue;
        pl__qsort(k, np, sizeof *k, keyref_cmp);
        for (uint32_t i = 1; i < np; i++) {
            if (k[i].len == k[i - 1].len &&
                memcmp(k[i].s, k[i - 1].s, k[i].len) == 0) {
                /* report the later one: sorted ties keep node order */
                rc = fail(L, PL_ESCHEMA, k[i].node,
                          "duplicate key %s (first at line %d)",
                          DESC(L, k[i].node), L->n[k[i - 1].node].line);
                break;
            }
        }
    }
    pl__free(k);
    return rc;
}

/* Value of `key` in mapping `map`, or NONE. */
static uint32_t get(const struct ld *L, uint32_t map, const char *key)
{
    for (uint32_t c = L->n[map].first; c != NONE;
         c = next_pair(L, c))
        if (strcmp(text(L, c), key) == 0 &&
            L->n[c].len == strlen(key))
            return L->n[c].next;
    return NONE;
}

/* The key node whose value is `value` in mapping `map` (for messages
 * about a key rather than its value). */
static uint32_t key_of(const struct ld *L, uint32_t map, uint32_t value)
{
    for (uint32_t c = L->n[map].first; c != NONE; c = next_pair(L, c))
        if (L->n[c].next == value)
            return c;
    return value;
}

static pl_status check_keys(struct ld *L, uint32_t map,
                            const char *const *allowed, const char *ctx)
{
    char dbuf[64];

    for (uint32_t c = L->n[map].first; c != NONE;
         c = next_pair(L, c)) {
        bool ok = false;
        char list[256];
        size_t j = 0;
        for (size_t a = 0; allowed[a] && !ok; a++)
            ok = strcmp(text(L, c), allowed[a]) == 0 &&
                 L->n[c].len == strlen(allowed[a]);
        if (ok)
            continue;
        list[0] = '\0';
        for (size_t a = 0; allowed[a] && j < sizeof list; a++)
            j += (size_t)snprintf(list + j, sizeof list - j, "%s%s",
                                  a ? ", " : "", allowed[a]);
        return fail(L, PL_ESCHEMA, c,
                    "unknown key %s in %s (expected one of: %s)", DESC(L, c),
                    ctx, list);
    }
    return PL_OK;
}

static pl_status need_map(struct ld *L, uint32_t n, const char *what)
{
    char dbuf[64];

    if (L->n[n].type == Y_MAP)
        return PL_OK;
    return fail(L, PL_ESCHEMA, n, "%s must be a mapping, got %s", what,
                DESC(L, n));
}

static pl_status need_seq(struct ld *L, uint32_t n, const char *what)
{
    char dbuf[64];

    if (L->n[n].type == Y_SEQ)
        return PL_OK;
    return fail(L, PL_ESCHEMA, n, "%s must be a sequence, got %s", what,
                DESC(L, n));
}

static pl_status missing(struct ld *L, uint32_t map, const char *key,
                         const char *ctx)
{
    return fail(L, PL_ESCHEMA, map, "missing required key '%s' in %s", key,
                ctx);
}

/* A string scalar (any style; plain numbers keep their text).  Null and
 * text with NUL characters are refused. */
static pl_status get_str(struct ld *L, uint32_t n, const char *what,
                         const char **out)
{
    char dbuf[64];

    if (L->n[n].type != Y_SCALAR || is_null(L, n))
        return fail(L, PL_ESCHEMA, n, "%s must be a string, got %s", what,
                    DESC(L, n));
    if (memchr(text(L, n), '\0', L->n[n].len))
        return fail(L, PL_ESCHEMA, n, "%s must not contain NUL characters",
                    what);
    *out = text(L, n);
    return PL_OK;
}

static pl_status dup_str(struct ld *L, uint32_t n, const char *what,
                         char **out)
{
    const char *t = NULL; /* set whenever get_str succeeds */
    pl_status rc = get_str(L, n, what, &t);

    if (rc != PL_OK)
        return rc;
    *out = pl__strdup(t);
    return *out ? PL_OK : PL_ENOMEM;
}

static bool valid_id(const char *t)
{
    if (!*t)
        return false;
    for (; *t; t++)
        if (!((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') ||
              *t == '_'))
            return false;
    return true;
}

static pl_status get_id(struct ld *L, uint32_t n, const char *what,
                        const char **out)
{
    char dbuf[64];
    pl_status rc = get_str(L, n, what, out);

    if (rc != PL_OK)
        return rc;
    if (!valid_id(*out))
        return fail(L, PL_ESCHEMA, n,
                    "%s must match [a-z0-9_]+, got %s", what, DESC(L, n));
    return PL_OK;
}

/* Decimal number syntax, YAML 1.2 core / JSON style:
 * [-+]? (digits [. digits?] | . digits) ([eE] [-+]? digits)?
 * No hex, octal, underscores or .inf/.nan: say so explicitly. */
static bool number_syntax(const char *t)
{
    bool digits = false;

    if (*t == '-' || *t == '+')
        t++;
    while (*t >= '0' && *t <= '9') {
        t++;
        digits = true;
    }
    if (*t == '.') {
        t++;
        while (*t >= '0' && *t <= '9') {
            t++;
            digits = true;
        }
    }
    if (!digits)
        return false;
    if (*t == 'e' || *t == 'E') {
        t++;
        if (*t == '-' || *t == '+')
            t++;
        if (!(*t >= '0' && *t <= '9'))
            return false;
        while (*t >= '0' && *t <= '9')
            t++;
    }
    return *t == '\0';
}

static bool is_nonfinite_word(const char *t)
{
    if (*t == '-' || *t == '+')
        t++;
    return strcmp(t, ".inf") == 0 || strcmp(t, ".Inf") == 0 ||
           strcmp(t, ".INF") == 0 || strcmp(t, ".nan") == 0 ||
           strcmp(t, ".NaN") == 0 || strcmp(t, ".NAN") == 0 ||
           strcmp(t, "inf") == 0 || strcmp(t, "nan") == 0 ||
           strcmp(t, "Infinity") == 0 || strcmp(t, "NaN") == 0;
}

/* Parse scalar text as a finite number.  `any_style`: also accept quoted
 * text (mapping keys naming numeric options: JSON keys are strings). */
static pl_status parse_num(struct ld *L, uint32_t n, bool any_style,
                           const char *what, double *out)
{
    char dbuf[64];
    const char *t = text(L, n);
    double x;

    if (L->n[n].type != Y_SCALAR || (!L->n[n].plain && !any_style) ||
        is_null(L, n))
        return fail(L, PL_ESCHEMA, n, "%s must be a number, got %s", what,
                    DESC(L, n));
    if (is_nonfinite_word(t))
        return fail(L, PL_ESCHEMA, n, "%s must be a finite number, got %s",
                    what, DESC(L, n));
    if (!strchr("+-.0123456789", t[0]) || !t[0])
        return fail(L, PL_ESCHEMA, n, "%s must be a number, got %s", what,
                    DESC(L, n));
    if (!number_syntax(t) || strlen(t) != L->n[n].len)
        return fail(L, PL_ESCHEMA, n,
                    "%s must be a decimal number (no hex, octal or '_'), "
                    "got %s", what, DESC(L, n));
    errno = 0;
    x = strtod(t, NULL);
    if (!isfinite(x))
        return fail(L, PL_ESCHEMA, n,
                    "%s must be a finite number, got %s (out of range)",
                    what, DESC(L, n));
    *out = x;
    return PL_OK;
}

static pl_status get_num(struct ld *L, uint32_t n, const char *what,
                         double *out)
{
    return parse_num(L, n, false, what, out);
}

/* A number in [lo, hi]; `lo_open` makes the lower bound exclusive. */
static pl_status get_num_in(struct ld *L, uint32_t n, const char *what,
                            double lo, double hi, bool lo_open, double *out)
{
    char dbuf[64];
    pl_status rc = get_num(L, n, what, out);

    if (rc != PL_OK)
        return rc;
    if (*out > hi || *out < lo || (lo_open && *out == lo))
        return fail(L, PL_ESCHEMA, n, "%s must be in %s%g, %g], got %s",
                    what, lo_open ? "(" : "[", lo, hi, DESC(L, n));
    return PL_OK;
}

/* An integer written as digits (optional sign), within [lo, hi]. */
static pl_status get_int(struct ld *L, uint32_t n, const char *what,
                         long long lo, long long hi, long long *out)
{
    char dbuf[64];
    const char *t = text(L, n);
    const char *d = t + (*t == '-' || *t == '+');
    char *end;
    long long v;

    if (L->n[n].type != Y_SCALAR || !L->n[n].plain || !*d ||
        strspn(d, "0123456789") != strlen(d) || strlen(t) != L->n[n].len)
        return fail(L, PL_ESCHEMA, n, "%s must be an integer, got %s", what,
                    DESC(L, n));
    errno = 0;
    v = strtoll(t, &end, 10);
    if (errno == ERANGE || v < lo || v > hi)
        return fail(L, PL_ESCHEMA, n, "%s must be in [%lld, %lld], got %s",
                    what, lo, hi, DESC(L, n));
    *out = v;
    return PL_OK;
}

/* "path_kept, deferred, renounced" (shortened) for messages. */
static const char *option_list(const struct pl__issue *is, char *buf,
                               size_t size)
{
    size_t j = 0;

    buf[0] = '\0';
    for (uint32_t k = 0; k < is->n_options; k++) {
        const int w = snprintf(buf + j, size - j, "%s%s", k ? ", " : "",
                               is->options[k].id);
        if (w < 0 || (size_t)w >= size - j || j + (size_t)w > 160) {
            snprintf(buf + j, size - j, ", ...");
            break;
        }
        j += (size_t)w;
    }
    return buf;
}

static const char *issue_list(const pl_scenario *s, char *buf, size_t size)
{
    size_t j = 0;

    buf[0] = '\0';
    for (uint32_t i = 0; i < s->n_issues; i++) {
        const int w = snprintf(buf + j, size - j, "%s%s", i ? ", " : "",
                               s->issues[i].id);
        if (w < 0 || (size_t)w >= size - j || j + (size_t)w > 160) {
            snprintf(buf + j, size - j, ", ...");
            break;
        }
        j += (size_t)w;
    }
    return buf;
}

static const char *party_list(const pl_scenario *s, uint32_t n, char *buf,
                              size_t size)
{
    size_t j = 0;

    buf[0] = '\0';
    for (uint32_t p = 0; p < n; p++) {
        const int w = snprintf(buf + j, size - j, "%s%s", p ? ", " : "",
                               s->parties[p].id);
        if (w < 0 || (size_t)w >= size - j || j + (size_t)w > 160) {
            snprintf(buf + j, size - j, ", ...");
            break;
        }
        j += (size_t)w;
    }
    return buf;
}

static pl_status find_issue(struct ld *L, uint32_t n, const char *ctx,
                            uint32_t *out)
{
    char dbuf[64], list[200];
    const char *t;
    pl_status rc = get_str(L, n, "issue id", &t);

    if (rc != PL_OK)
        return rc;
    for (uint32_t i = 0; i < L->s->n_issues; i++) {
        if (strcmp(L->s->issues[i].id, t) == 0) {
            *out = i;
            return PL_OK;
        }
    }
    return fail(L, PL_ESCHEMA, n, "unknown issue %s in %s (issues: %s)",
                DESC(L, n), ctx, issue_list(L->s, list, sizeof list));
}

static pl_status find_party(struct ld *L, uint32_t n, const char *ctx,
                            uint32_t *out)
{
    char dbuf[64], list[200];
    const char *t;
    pl_status rc = get_str(L, n, "party id", &t);

    if (rc != PL_OK)
        return rc;
    for (uint32_t p = 0; p < L->s->n_parties; p++) {
        if (strcmp(L->s->parties[p].id, t) == 0) {
            *out = p;
            return PL_OK;
        }
    }
    return fail(L, PL_ESCHEMA, n, "unknown party %s in %s (parties: %s)",
                DESC(L, n), ctx,
                party_list(L->s, L->s->n_parties, list, sizeof list));
}

/* Option of issue i named by scalar n: by id for categorical issues, by
 * number (exact value) for integer and real ones; binary search both. */
static pl_status find_option(struct ld *L, uint32_t i, uint32_t n,
                             uint32_t *out)
{
    const struct pl__issue *is = &L->s->issues[i];
    char dbuf[64], list[200];
    uint32_t lo = 0, hi = is->n_options;
    pl_status rc;

    if (L->n[n].type != Y_SCALAR || is_null(L, n))
        return fail(L, PL_ESCHEMA, n,
                    "expected an option of issue '%s', got %s", is->id,
                    DESC(L, n));
    if (is->kind == PL_ISSUE_CATEGORICAL) {
        const char *t = text(L, n);
        const uint32_t *ix = L->opt_sorted[i];
        while (lo < hi) {
            const uint32_t mid = lo + (hi - lo) / 2;
            const int c = strcmp(is->options[ix[mid]].id, t);
            if (c == 0 && strlen(t) == L->n[n].len) {
                *out = ix[mid];
                return PL_OK;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
    } else {
        double x;
        rc = parse_num(L, n, true, "option", &x);
        if (rc != PL_OK)
            return fail(L, PL_ESCHEMA, n,
                        "unknown option %s for issue '%s': expected a "
                        "number (options: %s)", DESC(L, n), is->id,
                        option_list(is, list, sizeof list));
        while (lo < hi) {
            const uint32_t mid = lo + (hi - lo) / 2;
            if (is->options[mid].value == x) {
                *out = mid;
                return PL_OK;
            }
            if (is->options[mid].value < x)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return fail(L, PL_ESCHEMA, n, "unknown option %s for issue '%s' "
                "(options: %s)", DESC(L, n), is->id,
                option_list(is, list, sizeof list));
}

/* ---- issues ---- */

static pl_status count_options(struct ld *L, uint32_t node, double count,
                               const char *id)
{
    if (count > PL_MAX_OPTIONS)
        return fail(L, PL_ETOOBIG, node,
                    "issue '%s' has %.17g options (limit %u)", id, count,
                    PL_MAX_OPTIONS);
    if (L->total_options + (size_t)count > PL_MAX_TOTAL_OPTIONS)
        return fail(L, PL_ETOOBIG, node,
                    "the issues have more than %u options in total",
                    PL_MAX_TOTAL_OPTIONS);
    L->total_options += (size_t)count;
    return PL_OK;
}

static pl_status alloc_options(struct ld *L, uint32_t i, uint32_t count)
{
    struct pl__issue *is = &L->s->issues[i];

    is->options = pl__calloc(count, sizeof *is->options);
    L->opt_node[i] = pl__calloc(count, sizeof *L->opt_node[i]);
    if (!is->options || !L->opt_node[i])
        return PL_ENOMEM;
    return PL_OK;
}

static pl_status load_categorical(struct ld *L, uint32_t i, uint32_t node)
{
    struct pl__issue *is = &L->s->issues[i];
    struct pl__strpos *refs = NULL;
    char ctx[160];
    pl_status rc;

    rc = need_seq(L, node, "options");
    if (rc != PL_OK)
        return rc;
    if (L->n[node].count == 0)
        return fail(L, PL_ESCHEMA, node,
                    "issue '%s' has no options (expected at least one)",
                    is->id);
    rc = count_options(L, node, L->n[node].count, is->id);
    if (rc != PL_OK)
        return rc;
    rc = alloc_options(L, i, L->n[node].count);
    if (rc != PL_OK)
        return rc;
    snprintf(ctx, sizeof ctx, "option of issue '%s'", is->id);
    for (uint32_t c = L->n[node].first; c != NONE; c = L->n[c].next) {
        struct pl__option *o = &is->options[is->n_options];
        uint32_t idn = c, namen = NONE;
        const char *id;
        if (L->n[c].type == Y_MAP) {
            static const char *const keys[] = {"id", "name", NULL};
            rc = check_keys(L, c, keys, ctx);
            if (rc != PL_OK)
                return rc;
            idn = get(L, c, "id");
            namen = get(L, c, "name");
            if (idn == NONE)
                return missing(L, c, "id", ctx);
            is->named_options = true;
        }
        rc = get_id(L, idn, "option id", &id);
        if (rc != PL_OK)
            return rc;
        o->id = pl__strdup(id);
        if (!o->id)
            return PL_ENOMEM;
        o->value = is->n_options;
        L->opt_node[i][is->n_options] = idn;
        is->n_options++;
        if (namen != NONE) {
            rc = dup_str(L, namen, "option name", &o->name);
            if (rc != PL_OK)
                return rc;
        } else {
            o->name = o->id;
        }
    }
    /* sorted index: lookups by id and duplicate detection */
    refs = pl__calloc(is->n_options, sizeof *refs);
    L->opt_sorted[i] = pl__calloc(is->n_options, sizeof *L->opt_sorted[i]);
    if (!refs || !L->opt_sorted[i]) {
        pl__free(refs);
        return PL_ENOMEM;
    }
    for (uint32_t k = 0; k < is->n_options; k++) {
        refs[k].s = is->options[k].id;
        refs[k].pos = k;
    }
    pl__qsort(refs, is->n_options, sizeof *refs, pl__strpos_cmp);
    rc = PL_OK;
    for (uint32_t k = 0; k < is->n_options; k++) {
        L->opt_sorted[i][k] = (uint32_t)refs[k].pos;
        if (k > 0 && strcmp(refs[k].s, refs[k - 1].s) == 0 && rc == PL_OK)
            rc = fail(L, PL_ESCHEMA, L->opt_node[i][refs[k].pos],
                      "duplicate option id '%s' in issue '%s' (first "
                      "defined at line %d)", refs[k].s, is->id,
                      L->n[L->opt_node[i][refs[k - 1].pos]].line);
    }
    pl__free(refs);
    return rc;
}

/* Numeric option k: value and its shortest round-trip text id. */
static pl_status set_numeric_option(struct pl__issue *is, uint32_t k,
                                    double v)
{
    char buf[32];

    is->options[k].value = v;
    is->options[k].id = pl__strdup(pl__fmt_double(v, buf));
    if (!is->options[k].id)
        return PL_ENOMEM;
    is->options[k].name = is->options[k].id;
    is->n_options = k + 1;
    return PL_OK;
}

/* Integers are kept within +-2^53 so that every option is exact. */
#define INT_LIMIT 9007199254740992LL

static pl_status load_integer(struct ld *L, uint32_t i, uint32_t node)
{
    static const char *const keys[] = {"min", "max", "step", NULL};
    struct pl__issue *is = &L->s->issues[i];
    long long mn, mx, step = 1;
    uint32_t minn, maxn, stepn;
    char ctx[160];
    pl_status rc;

    snprintf(ctx, sizeof ctx, "integer range of issue '%s'", is->id);
    rc = need_map(L, node, "integer");
    if (rc == PL_OK)
        rc = check_keys(L, node, keys, ctx);
    if (rc != PL_OK)
        return rc;
    minn = get(L, node, "min");
    maxn = get(L, node, "max");
    stepn = get(L, node, "step");
    if (minn == NONE)
        return missing(L, node, "min", ctx);
    if (maxn == NONE)
        return missing(L, node, "max", ctx);
    rc = get_int(L, minn, "integer min", -INT_LIMIT, INT_LIMIT, &mn);
    if (rc == PL_OK)
        rc = get_int(L, maxn, "integer max", -INT_LIMIT, INT_LIMIT, &mx);
    if (rc == PL_OK && stepn != NONE)
        rc = get_int(L, stepn, "integer step", 1, 2 * INT_LIMIT, &step);
    if (rc != PL_OK)
        return rc;
    if (mn > mx)
        return fail(L, PL_ESCHEMA, maxn,
                    "integer max %lld of issue '%s' is below min %lld", mx,
                    is->id, mn);
    if ((mx - mn) % step != 0)
        return fail(L, PL_ESCHEMA, stepn,
                    "integer range %lld..%lld of issue '%s' is not a "
                    "multiple of step %lld", mn, mx, is->id, step);
    rc = count_options(L, node, (double)((mx - mn) / step) + 1, is->id);
    if (rc == PL_OK)
        rc = alloc_options(L, i, (uint32_t)((mx - mn) / step + 1));
    if (rc != PL_OK)
        return rc;
    is->min = (double)mn;
    is->max = (double)mx;
    is->step = (double)step;
    for (long long v = mn, k = 0; v <= mx; v += step, k++) {
        rc = set_numeric_option(is, (uint32_t)k, (double)v);
        if (rc != PL_OK)
            return rc;
        L->opt_node[i][k] = node;
    }
    return PL_OK;
}

static pl_status load_real(struct ld *L, uint32_t i, uint32_t node)
{
    static const char *const keys[] = {"min", "max", "steps", NULL};
    struct pl__issue *is = &L->s->issues[i];
    double mn, mx, width;
    long long steps = 11;
    uint32_t minn, maxn, stepsn;
    char ctx[160];
    pl_status rc;

    snprintf(ctx, sizeof ctx, "real range of issue '%s'", is->id);
    rc = need_map(L, node, "real");
    if (rc == PL_OK)
        rc = check_keys(L, node, keys, ctx);
    if (rc != PL_OK)
        return rc;
    minn = get(L, node, "min");
    maxn = get(L, node, "max");
    stepsn = get(L, node, "steps");
    if (minn == NONE)
        return missing(L, node, "min", ctx);
    if (maxn == NONE)
        return missing(L, node, "max", ctx);
    rc = get_num(L, minn, "real min", &mn);
    if (rc == PL_OK)
        rc = get_num(L, maxn, "real max", &mx);
    if (rc == PL_OK && stepsn != NONE)
        rc = get_int(L, stepsn, "real steps", 1, UINT32_MAX, &steps);
    if (rc != PL_OK)
        return rc;
    if (mn > mx)
        return fail(L, PL_ESCHEMA, maxn,
                    "real max %.17g of issue '%s' is below min %.17g", mx,
                    is->id, mn);
    width = mx - mn;
    if (!isfinite(width))
        return fail(L, PL_ESCHEMA, maxn,
                    "real range of issue '%s' is too wide to represent",
                    is->id);
    if (mn == mx && steps != 1)
        return fail(L, PL_ESCHEMA, stepsn != NONE ? stepsn : node,
                    "real issue '%s' has min == max, so steps must be 1, "
                    "got %lld", is->id, steps);
    if (mn < mx && steps < 2)
        return fail(L, PL_ESCHEMA, stepsn,
                    "real steps of issue '%s' must be >= 2 when min < max, "
                    "got %lld", is->id, steps);
    rc = count_options(L, node, (double)steps, is->id);
    if (rc == PL_OK)
        rc = alloc_options(L, i, (uint32_t)steps);
    if (rc != PL_OK)
        return rc;
    is->min = mn;
    is->max = mx;
    is->steps = (uint32_t)steps;
    for (uint32_t k = 0; k < (uint32_t)steps; k++) {
        const double v = k + 1 == (uint32_t)steps
                             ? mx
                             : mn + k * width / (double)(steps - 1);
        if (k > 0 && !(v > is->options[k - 1].value))
            return fail(L, PL_ESCHEMA, stepsn != NONE ? stepsn : node,
                        "real range of issue '%s' is too narrow for %lld "
                        "distinct steps", is->id, steps);
        rc = set_numeric_option(is, k, v);
        if (rc != PL_OK)
            return rc;
        L->opt_node[i][k] = node;
    }
    return PL_OK;
}

/* The keys an issue and a party share: the map itself, its allowed keys,
 * `id` (unique among the first `pos` entries, whose nodes are prior[]),
 * `name` (the id when absent) and `description`.  ctx receives "issue X"
 * or "party X" for later messages.  kind is "issue" or "party". */
static pl_status load_head(struct ld *L, uint32_t node, const char *kind,
                           uint32_t pos, const char *const *keys,
                           const uint32_t *prior, char **id, char **name,
                           char **description, char *ctx, size_t ctx_size)
{
    const bool an = kind[0] == 'i';
    char what[32], dbuf[64];
    const char *idtext, *other;
    uint32_t idn, x;
    pl_status rc;

    snprintf(what, sizeof what, "%s %s", an ? "an" : "a", kind);
    rc = need_map(L, node, what);
    if (rc != PL_OK)
        return rc;
    idn = get(L, node, "id");
    if (idn != NONE && L->n[idn].type == Y_SCALAR)
        snprintf(ctx, ctx_size, "%s %s", kind, DESC(L, idn));
    else
        snprintf(ctx, ctx_size, "%s #%u", kind, pos + 1);
    rc = check_keys(L, node, keys, ctx);
    if (rc != PL_OK)
        return rc;
    if (idn == NONE)
        return missing(L, node, "id", ctx);
    snprintf(what, sizeof what, "%s id", kind);
    rc = get_id(L, idn, what, &idtext);
    if (rc != PL_OK)
        return rc;
    for (uint32_t j = 0; j < pos; j++) {
        const uint32_t prev = get(L, prior[j], "id");
        if (get_str(L, prev, what, &other) == PL_OK &&
            strcmp(other, idtext) == 0)
            return fail(L, PL_ESCHEMA, idn,
                        "duplicate %s id '%s' (first defined at line %d)",
                        kind, idtext, L->n[prev].line);
    }
    *id = pl__strdup(idtext);
    if (!*id)
        return PL_ENOMEM;
    *name = *id;
    x = get(L, node, "name");
    if (x != NONE) {
        snprintf(what, sizeof what, "%s name", kind);
        rc = dup_str(L, x, what, name);
        if (rc != PL_OK) {
            *name = *id;
            return rc;
        }
    }
    x = get(L, node, "description");
    if (x != NONE) {
        snprintf(what, sizeof what, "%s description", kind);
        return dup_str(L, x, what, description);
    }
    return PL_OK;
}

static pl_status load_issue(struct ld *L, uint32_t i, uint32_t node)
{
    static const char *const keys[] = {"id", "name", "description",
                                       "options", "integer", "real", NULL};
    static const char *const kinds[] = {"options", "integer", "real"};
    struct pl__issue *is = &L->s->issues[i];
    uint32_t kindn[3], nk = 0, which = 0;
    char ctx[160];
    pl_status rc;

    rc = load_head(L, node, "issue", i, keys, L->issue_node, &is->id,
                   &is->name, &is->description, ctx, sizeof ctx);
    if (rc != PL_OK)
        return rc;
    for (uint32_t k = 0; k < 3; k++) {
        kindn[k] = get(L, node, kinds[k]);
        if (kindn[k] == NONE)
            continue;
        if (nk++ > 0)
            return fail(L, PL_ESCHEMA, key_of(L, node, kindn[k]),
                        "issue '%s' has both '%s' and '%s' (expected exactly "
                        "one of: options, integer, real)", is->id,
                        kinds[which], kinds[k]);
        which = k;
    }
    if (nk == 0)
        return fail(L, PL_ESCHEMA, node,
                    "issue '%s' needs one of: options, integer, real",
                    is->id);
    if (which == 0) {
        is->kind = PL_ISSUE_CATEGORICAL;
        return load_categorical(L, i, kindn[0]);
    }
    if (which == 1) {
        is->kind = PL_ISSUE_INTEGER;
        return load_integer(L, i, kindn[1]);
    }
    is->kind = PL_ISSUE_REAL;
    return load_real(L, i, kindn[2]);
}

static pl_status load_issues(struct ld *L, uint32_t node)
{
    pl_scenario *s = L->s;
    uint32_t i = 0;
    pl_status rc = need_seq(L, node, "issues");

    if (rc != PL_OK)
        return rc;
    if (L->n[node].count == 0)
        return fail(L, PL_ESCHEMA, node,
                    "issues is empty (expected at least one issue)");
    if (L->n[node].count > PL_MAX_ISSUES)
        return fail(L, PL_ETOOBIG, node, "%u issues (limit %u)",
                    L->n[node].count, PL_MAX_ISSUES);
    s->issues = pl__calloc(L->n[node].count, sizeof *s->issues);
    L->issue_node = pl__calloc(L->n[node].count, sizeof *L->issue_node);
    L->opt_sorted = pl__calloc(L->n[node].count, sizeof *L->opt_sorted);
    L->opt_node = pl__calloc(L->n[node].count, sizeof *L->opt_node);
    if (!s->issues || !L->issue_node || !L->opt_sorted || !L->opt_node)
        return PL_ENOMEM;
    L->n_issue_slots = L->n[node].count;
    for (uint32_t c = L->n[node].first; c != NONE; c = L->n[c].next, i++) {
        L->issue_node[i] = c;
        s->n_issues = i + 1;   /* so that free sees a half-built issue */
        rc = load_issue(L, i, c);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

/* ---- parties ---- */

/* One condition value: an option, a non-empty list of options, or (numeric
 * issues) an inclusive range {min, max} holding at least one option. */
static pl_status load_cond_value(struct ld *L, uint32_t i, uint32_t n,
                                 uint8_t *allowed, const char *ctx)
{
    const struct pl__issue *is = &L->s->issues[i];
    char dbuf[64];
    uint32_t k;
    pl_status rc;

    if (L->n[n].type == Y_SCALAR) {
        rc = find_option(L, i, n, &k);
        if (rc == PL_OK)
            allowed[k] = 1;
        return rc;
    }
    if (L->n[n].type == Y_SEQ) {
        if (L->n[n].count == 0)
            return fail(L, PL_ESCHEMA, n,
                        "empty option list for issue '%s' in %s (expected "
                        "at least one option)", is->id, ctx);
        for (uint32_t c = L->n[n].first; c != NONE; c = L->n[c].next) {
            if (L->n[c].type != Y_SCALAR)
                return fail(L, PL_ESCHEMA, c,
                            "expected an option of issue '%s', got %s",
                            is->id, DESC(L, c));
            rc = find_option(L, i, c, &k);
            if (rc != PL_OK)
                return rc;
            allowed[k] = 1;
        }
        return PL_OK;
    } else {
        static const char *const keys[] = {"min", "max", NULL};
        char rctx[200];
        uint32_t mnn, mxn;
        double mn, mx;
        bool any = false;
        if (is->kind == PL_ISSUE_CATEGORICAL)
            return fail(L, PL_ESCHEMA, n,
                        "a range {min, max} needs an integer or real issue; "
                        "'%s' has named options", is->id);
        snprintf(rctx, sizeof rctx, "range for issue '%s'", is->id);
        rc = check_keys(L, n, keys, rctx);
        if (rc != PL_OK)
            return rc;
        mnn = get(L, n, "min");
        mxn = get(L, n, "max");
        if (mnn == NONE)
            return missing(L, n, "min", rctx);
        if (mxn == NONE)
            return missing(L, n, "max", rctx);
        rc = get_num(L, mnn, "range min", &mn);
        if (rc == PL_OK)
            rc = get_num(L, mxn, "range max", &mx);
        if (rc != PL_OK)
            return rc;
        for (k = 0; k < is->n_options; k++) {
            if (is->options[k].value >= mn && is->options[k].value <= mx) {
                allowed[k] = 1;
                any = true;
            }
        }
        if (!any)
            return fail(L, PL_ESCHEMA, n,
                        "range [%.17g, %.17g] contains no option of issue "
                        "'%s'", mn, mx, is->id);
        return PL_OK;
    }
}

static pl_status load_conditions(struct ld *L, uint32_t n,
                                 struct pl__clause *cl, const char *ctx)
{
    pl_status rc = need_map(L, n, ctx);

    if (rc != PL_OK)
        return rc;
    if (L->n[n].count == 0)
        return fail(L, PL_ESCHEMA, n,
                    "empty condition set in %s (expected issue: option, "
                    "...)", ctx);
    cl->conds = pl__calloc(L->n[n].count / 2, sizeof *cl->conds);
    if (!cl->conds)
        return PL_ENOMEM;
    for (uint32_t c = L->n[n].first; c != NONE; c = next_pair(L, c)) {
        struct pl__cond *cd = &cl->conds[cl->n_conds];
        uint32_t i;
        rc = find_issue(L, c, ctx, &i);
        if (rc != PL_OK)
            return rc;
        if (L->cond_bytes + L->s->issues[i].n_options > MAX_COND_BYTES)
            return fail(L, PL_ETOOBIG, c,
                        "conditions name too many options in total (limit "
                        "%u)", MAX_COND_BYTES);
        L->cond_bytes += L->s->issues[i].n_options;
        cd->issue = i;
        cd->allowed = pl__calloc(L->s->issues[i].n_options, 1);
        if (!cd->allowed)
            return PL_ENOMEM;
        cl->n_conds++;
        rc = load_cond_value(L, i, L->n[c].next, cd->allowed, ctx);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

static pl_status load_weights(struct ld *L, struct pl__party *pa, uint32_t n)
{
    char ctx[160], what[200], dbuf[64];
    double total = 0;
    pl_status rc;

    snprintf(ctx, sizeof ctx, "weights of party '%s'", pa->id);
    rc = need_map(L, n, ctx);
    if (rc != PL_OK)
        return rc;
    for (uint32_t c = L->n[n].first; c != NONE; c = next_pair(L, c)) {
        const uint32_t v = L->n[c].next;
        uint32_t i;
        rc = find_issue(L, c, ctx, &i);
        if (rc != PL_OK)
            return rc;
        snprintf(what, sizeof what, "weight of issue '%s'",
                 L->s->issues[i].id);
        rc = get_num(L, v, what, &pa->weight_raw[i]);
        if (rc != PL_OK)
            return rc;
        if (!(pa->weight_raw[i] >= 0))
            return fail(L, PL_ESCHEMA, v,
                        "weight of issue '%s' must be a finite number >= 0, "
                        "got %s", L->s->issues[i].id, DESC(L, v));
        total += pa->weight_raw[i];
    }
    if (!(total > 0) && !pa->weights_as_written)
        return fail(L, PL_ESCHEMA, n,
                    "weights of party '%s' are all 0 (at least one must be "
                    "positive)", pa->id);
    if (!isfinite(total))
        return fail(L, PL_ESCHEMA, n,
                    "weights of party '%s' are too large: their sum "
                    "overflows", pa->id);
    return PL_OK;
}

static pl_status load_value_fn(struct ld *L, struct pl__party *pa,
                               uint32_t i, uint32_t n)
{
    const struct pl__issue *is = &L->s->issues[i];
    struct pl__value_fn *fn = &pa->fn[i];
    uint32_t fk = NONE, body;
    char ctx[200], dbuf[64];
    pl_status rc;

    snprintf(ctx, sizeof ctx, "value function of party '%s' for issue '%s'",
             pa->id, is->id);
    if (L->n[n].type != Y_MAP)
        return fail(L, PL_ESCHEMA, n,
                    "%s must be a mapping ({option: value}, {linear: ...} "
                    "or {triangular: ...}), got %s", ctx, DESC(L, n));
    /* {linear: {...}} / {triangular: {...}}: a function, not a table
     * (an option may itself be called "linear"; its value is a number) */
    for (uint32_t c = L->n[n].first; c != NONE; c = next_pair(L, c))
        if ((strcmp(text(L, c), "linear") == 0 ||
             strcmp(text(L, c), "triangular") == 0) &&
            L->n[L->n[c].next].type == Y_MAP)
            fk = c;
    if (fk != NONE) {
        if (L->n[n].count != 2)
            return fail(L, PL_ESCHEMA, n,
                        "%s: '%s' must be the only key", ctx, text(L, fk));
        body = L->n[fk].next;
        if (strcmp(text(L, fk), "linear") == 0) {
            static const char *const keys[] = {"at_min", "at_max", NULL};
            fn->kind = PL__VALUE_LINEAR;
            rc = check_keys(L, body, keys, ctx);
            if (rc == PL_OK && get(L, body, "at_min") == NONE)
                rc = missing(L, body, "at_min", ctx);
            if (rc == PL_OK && get(L, body, "at_max") == NONE)
                rc = missing(L, body, "at_max", ctx);
            if (rc == PL_OK)
                rc = get_num_in(L, get(L, body, "at_min"), "linear at_min",
                                0, 1, false, &fn->at_min);
            if (rc == PL_OK)
                rc = get_num_in(L, get(L, body, "at_max"), "linear at_max",
                                0, 1, false, &fn->at_max);
            return rc;
        } else {
            static const char *const keys[] = {"low", "peak", "high", NULL};
            fn->kind = PL__VALUE_TRIANGULAR;
            rc = check_keys(L, body, keys, ctx);
            for (size_t k = 0; rc == PL_OK && keys[k]; k++)
                if (get(L, body, keys[k]) == NONE)
                    rc = missing(L, body, keys[k], ctx);
            if (rc == PL_OK)
                rc = get_num(L, get(L, body, "low"), "triangular low",
                             &fn->low);
            if (rc == PL_OK)
                rc = get_num(L, get(L, body, "peak"), "triangular peak",
                             &fn->peak);
            if (rc == PL_OK)
                rc = get_num(L, get(L, body, "high"), "triangular high",
                             &fn->high);
            if (rc == PL_OK && !(fn->low <= fn->peak && fn->peak <= fn->high))
                rc = fail(L, PL_ESCHEMA, body,
                          "%s needs low <= peak <= high, got low %.17g, "
                          "peak %.17g, high %.17g", ctx, fn->low, fn->peak,
                          fn->high);
            return rc;
        }
    }
    fn->kind = PL__VALUE_TABLE;
    {
        uint8_t *seen = pl__calloc(is->n_options, 1);
        if (!seen)
            return PL_ENOMEM;
        rc = PL_OK;
        for (uint32_t c = L->n[n].first; c != NONE && rc == PL_OK;
             c = next_pair(L, c)) {
            const uint32_t v = L->n[c].next;
            uint32_t k;
            double x;
            char what[160];
            rc = find_option(L, i, c, &k);
            if (rc != PL_OK)
                break;
            if (seen[k]) {
                rc = fail(L, PL_ESCHEMA, c,
                          "option '%s' is given twice in %s",
                          is->options[k].id, ctx);
                break;
            }
            seen[k] = 1;
            snprintf(what, sizeof what, "value for option '%s'",
                     is->options[k].id);
            rc = get_num(L, v, what, &x);
            if (rc == PL_OK && !(x >= 0 && x <= 1))
                rc = fail(L, PL_ESCHEMA, v,
                          "value %s for option '%s' is outside [0, 1]",
                          text(L, v), is->options[k].id);
            if (rc == PL_OK)
                pa->v[i][k] = x;
        }
        pl__free(seen);
    }
    return rc;
}

static pl_status load_values(struct ld *L, struct pl__party *pa, uint32_t n)
{
    char ctx[160];
    pl_status rc;

    snprintf(ctx, sizeof ctx, "values of party '%s'", pa->id);
    rc = need_map(L, n, ctx);
    for (uint32_t c = L->n[n].first; rc == PL_OK && c != NONE;
         c = next_pair(L, c)) {
        uint32_t i;
        rc = find_issue(L, c, ctx, &i);
        if (rc == PL_OK)
            rc = load_value_fn(L, pa, i, L->n[c].next);
    }
    return rc;
}

static pl_status check_clause_budget(struct ld *L, struct pl__party *pa,
                                     uint32_t n, uint32_t more)
{
    if ((size_t)pa->n_interactions + pa->n_red_lines + more > PL_MAX_CLAUSES)
        return fail(L, PL_ETOOBIG, n,
                    "party '%s' has more than %u interactions and red "
                    "lines", pa->id, PL_MAX_CLAUSES);
    return PL_OK;
}

static pl_status load_interactions(struct ld *L, struct pl__party *pa,
                                   uint32_t n)
{
    static const char *const keys[] = {"when", "value", NULL};
    char ctx[160];
    uint32_t j = 0;
    pl_status rc;

    snprintf(ctx, sizeof ctx, "interactions of party '%s'", pa->id);
    rc = need_seq(L, n, ctx);
    if (rc == PL_OK)
        rc = check_clause_budget(L, pa, n, L->n[n].count);
    if (rc != PL_OK)
        return rc;
    pa->interactions = pl__calloc(L->n[n].count, sizeof *pa->interactions);
    if (!pa->interactions)
        return PL_ENOMEM;
    for (uint32_t c = L->n[n].first; c != NONE; c = L->n[c].next, j++) {
        struct pl__clause *cl = &pa->interactions[j];
        snprintf(ctx, sizeof ctx, "interaction #%u of party '%s'", j + 1,
                 pa->id);
        rc = need_map(L, c, ctx);
        if (rc == PL_OK)
            rc = check_keys(L, c, keys, ctx);
        if (rc == PL_OK && get(L, c, "when") == NONE)
            rc = missing(L, c, "when", ctx);
        if (rc == PL_OK && get(L, c, "value") == NONE)
            rc = missing(L, c, "value", ctx);
        if (rc != PL_OK)
            return rc;
        pa->n_interactions = j + 1;
        if (L->n[get(L, c, "when")].type == Y_MAP &&
            L->n[get(L, c, "when")].count == 0)
            rc = PL_OK; /* when: {} always holds: a constant term */
        else
            rc = load_conditions(L, get(L, c, "when"), cl, ctx);
        if (rc == PL_OK)
            rc = get_num(L, get(L, c, "value"), "interaction value",
                         &cl->value);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

static pl_status load_red_lines(struct ld *L, struct pl__party *pa,
                                uint32_t n)
{
    char ctx[160];
    uint32_t j = 0;
    pl_status rc;

    snprintf(ctx, sizeof ctx, "red_lines of party '%s'", pa->id);
    rc = need_seq(L, n, ctx);
    if (rc == PL_OK)
        rc = check_clause_budget(L, pa, n, L->n[n].count);
    if (rc != PL_OK)
        return rc;
    pa->red_lines = pl__calloc(L->n[n].count, sizeof *pa->red_lines);
    if (!pa->red_lines)
        return PL_ENOMEM;
    for (uint32_t c = L->n[n].first; c != NONE; c = L->n[c].next, j++) {
        snprintf(ctx, sizeof ctx, "red line #%u of party '%s'", j + 1,
                 pa->id);
        pa->n_red_lines = j + 1;
        rc = load_conditions(L, c, &pa->red_lines[j], ctx);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

static pl_status alloc_utility(struct ld *L, struct pl__party *pa)
{
    const pl_scenario *s = L->s;

    pa->weight_raw = pl__calloc(s->n_issues, sizeof *pa->weight_raw);
    pa->weight = pl__calloc(s->n_issues, sizeof *pa->weight);
    pa->fn = pl__calloc(s->n_issues, sizeof *pa->fn);
    pa->v = pl__calloc(s->n_issues, sizeof *pa->v);
    if (!pa->weight_raw || !pa->weight || !pa->fn || !pa->v)
        return PL_ENOMEM;
    for (uint32_t i = 0; i < s->n_issues; i++) {
        pa->v[i] = pl__calloc(s->issues[i].n_options, sizeof *pa->v[i]);
        if (!pa->v[i])
            return PL_ENOMEM;
    }
    return PL_OK;
}

static pl_status load_party(struct ld *L, uint32_t p, uint32_t node)
{
    static const char *const keys[] = {
        "id", "name", "description", "role", "reservation", "discount",
        "weights", "values", "interactions", "red_lines",
        "weights_as_written", "clamp_max", NULL};
    struct pl__party *pa = &L->s->parties[p];
    char ctx[160], what[200], dbuf[64];
    uint32_t x;
    pl_status rc;

    pa->discount = 1;
    rc = load_head(L, node, "party", p, keys, L->party_node, &pa->id,
                   &pa->name, &pa->description, ctx, sizeof ctx);
    if (rc != PL_OK)
        return rc;
    x = get(L, node, "role");
    if (x != NONE) {
        const char *r;
        rc = get_str(L, x, "role", &r);
        if (rc != PL_OK)
            return rc;
        if (strcmp(r, "negotiator") == 0)
            pa->role = PL_ROLE_NEGOTIATOR;
        else if (strcmp(r, "mediator") == 0)
            pa->role = PL_ROLE_MEDIATOR;
        else if (strcmp(r, "observer") == 0)
            pa->role = PL_ROLE_OBSERVER;
        else
            return fail(L, PL_ESCHEMA, x,
                        "unknown role %s for party '%s' (expected one of: "
                        "negotiator, mediator, observer)", DESC(L, x),
                        pa->id);
    }
    x = get(L, node, "reservation");
    if (x != NONE) {
        snprintf(what, sizeof what, "reservation of party '%s'", pa->id);
        rc = get_num_in(L, x, what, 0, 1, false, &pa->reservation);
        if (rc != PL_OK)
            return rc;
    }
    x = get(L, node, "discount");
    if (x != NONE) {
        snprintf(what, sizeof what, "discount of party '%s'", pa->id);
        rc = get_num_in(L, x, what, 0, 1, true, &pa->discount);
        if (rc != PL_OK)
            return rc;
    }
    /* GENIUS semantics (docs/scenario-format.md, genius_read.c) */
    x = get(L, node, "weights_as_written");
    if (x != NONE) {
        if (L->n[x].type != Y_SCALAR || !L->n[x].plain ||
            (strcmp(text(L, x), "true") != 0 &&
             strcmp(text(L, x), "false") != 0))
            return fail(L, PL_ESCHEMA, x,
                        "weights_as_written of party '%s' must be true or "
                        "false, got %s", pa->id, DESC(L, x));
        pa->weights_as_written = strcmp(text(L, x), "true") == 0;
    }
    x = get(L, node, "clamp_max");
    if (x != NONE) {
        snprintf(what, sizeof what, "clamp_max of party '%s'", pa->id);
        rc = get_num(L, x, what, &pa->clamp_max);
        if (rc != PL_OK)
            return rc;
        pa->has_clamp = true;
    }
    pa->has_utility = get(L, node, "weights") != NONE ||
                      get(L, node, "values") != NONE ||
                      get(L, node, "interactions") != NONE;
    if (pa->has_utility) {
        rc = alloc_utility(L, pa);
        if (rc != PL_OK)
            return rc;
        x = get(L, node, "weights");
        if (x != NONE) {
            rc = load_weights(L, pa, x);
            if (rc != PL_OK)
                return rc;
        } else {
            for (uint32_t i = 0; i < L->s->n_issues; i++)
                pa->weight_raw[i] = 1;
        }
        x = get(L, node, "values");
        if (x != NONE) {
            rc = load_values(L, pa, x);
            if (rc != PL_OK)
                return rc;
        }
        x = get(L, node, "interactions");
        if (x != NONE) {
            rc = load_interactions(L, pa, x);
            if (rc != PL_OK)
                return rc;
        }
    }
    x = get(L, node, "red_lines");
    if (x != NONE)
        return load_red_lines(L, pa, x);
    return PL_OK;
}

static pl_status load_parties(struct ld *L, uint32_t node)
{
    pl_scenario *s = L->s;
    uint32_t p = 0;
    pl_status rc = need_seq(L, node, "parties");

    if (rc != PL_OK)
        return rc;
    if (L->n[node].count == 0)
        return fail(L, PL_ESCHEMA, node,
                    "parties is empty (expected at least one party)");
    if (L->n[node].count > PL_MAX_PARTIES)
        return fail(L, PL_ETOOBIG, node, "%u parties (limit %u)",
                    L->n[node].count, PL_MAX_PARTIES);
    if ((double)L->n[node].count * (double)L->total_options >
        PL_MAX_VALUE_CELLS)
        return fail(L, PL_ETOOBIG, node,
                    "%u parties x %zu options exceed the limit of %u "
                    "utility cells", L->n[node].count, L->total_options,
                    PL_MAX_VALUE_CELLS);
    s->parties = pl__calloc(L->n[node].count, sizeof *s->parties);
    L->party_node = pl__calloc(L->n[node].count, sizeof *L->party_node);
    if (!s->parties || !L->party_node)
        return PL_ENOMEM;
    for (uint32_t c = L->n[node].first; c != NONE; c = L->n[c].next, p++) {
        L->party_node[p] = c;
        s->n_parties = p + 1;
        rc = load_party(L, p, c);
        if (rc != PL_OK)
            return rc;
    }
    return PL_OK;
}

/* ---- talks and simulate ---- */

static pl_status load_talks(struct ld *L, uint32_t node)
{
    pl_scenario *s = L->s;
    char dbuf[64];
    uint32_t t = 0;
    pl_status rc = need_seq(L, node, "talks");

    if (rc != PL_OK)
        return rc;
    s->has_talks = true;
    s->talks = pl__calloc(L->n[node].count, sizeof *s->talks);
    if (!s->talks)
        return PL_ENOMEM;
    for (uint32_t c = L->n[node].first; c != NONE; c = L->n[c].next, t++) {
        uint32_t a, b;
        if (L->n[c].type != Y_SEQ || L->n[c].count != 2)
            return fail(L, PL_ESCHEMA, c,
                        "a talks entry must be a pair [party, party], got "
                        "%s", L->n[c].type == Y_SEQ
                                  ? "a sequence of another length"
                                  : DESC(L, c));
        rc = find_party(L, L->n[c].first, "talks", &a);
        if (rc == PL_OK)
            rc = find_party(L, L->n[L->n[c].first].next, "talks", &b);
        if (rc != PL_OK)
            return rc;
        if (a == b)
            return fail(L, PL_ESCHEMA, c,
                        "talks pair [%s, %s] names the same party twice",
                        s->parties[a].id, s->parties[b].id);
        for (uint32_t u = 0; u < t; u++)
            if ((s->talks[u][0] == a && s->talks[u][1] == b) ||
                (s->talks[u][0] == b && s->talks[u][1] == a))
                return fail(L, PL_ESCHEMA, c,
                            "duplicate talks pair [%s, %s]",
                            s->parties[a].id, s->parties[b].id);
        s->talks[t][0] = a;
        s->talks[t][1] = b;
        s->n_talks = t + 1;
    }
    return PL_OK;
}

static pl_status load_simulate(struct ld *L, uint32_t node)
{
    static const char *const keys[] = {"protocol", "mediator", "rounds",
                                       NULL};
    pl_scenario *s = L->s;
    char dbuf[64];
    uint32_t x;
    pl_status rc = need_map(L, node, "simulate");

    if (rc == PL_OK)
        rc = check_keys(L, node, keys, "simulate");
    if (rc != PL_OK)
        return rc;
    s->simulate.present = true;
    x = get(L, node, "protocol");
    if (x != NONE) {
        const char *p;
        rc = get_str(L, x, "simulate protocol", &p);
        if (rc != PL_OK)
            return rc;
        if (strcmp(p, "alternating") && strcmp(p, "stacked") &&
            strcmp(p, "mediated") && strcmp(p, "shuttle"))
            return fail(L, PL_ESCHEMA, x,
                        "unknown protocol %s (expected one of: alternating, "
                        "stacked, mediated, shuttle)", DESC(L, x));
        s->simulate.protocol = pl__strdup(p);
        if (!s->simulate.protocol)
            return PL_ENOMEM;
    }
    x = get(L, node, "mediator");
    if (x != NONE) {
        uint32_t p;
        rc = find_party(L, x, "simulate.mediator", &p);
        if (rc != PL_OK)
            return rc;
        s->simulate.mediator = p;
    }
    x = get(L, node, "rounds");
    if (x != NONE) {
        long long r;
        rc = get_int(L, x, "simulate rounds", 1, UINT32_MAX, &r);
        if (rc != PL_OK)
            return rc;
        s->simulate.rounds = (uint32_t)r;
    }
    return PL_OK;
}

/* ---- top level ---- */

static pl_status load_root(struct ld *L)
{
    static const char *const keys[] = {"format", "name", "description",
                                       "issues", "parties", "talks",
                                       "simulate", "spatial", NULL};
    pl_scenario *s = L->s;
    const uint32_t r = L->root;
    char dbuf[64];
    const char *f;
    uint32_t x;
    pl_status rc;

    if (L->n[r].type != Y_MAP)
        return fail(L, PL_ESCHEMA, r,
                    "a scenario must be a mapping (format, issues, "
                    "parties, ...), got %s", DESC(L, r));
    rc = check_keys(L, r, keys, "the scenario");
    if (rc != PL_OK)
        return rc;
    x = get(L, r, "format");
    if (x == NONE)
        return fail(L, PL_ESCHEMA, r,
                    "missing required key 'format' (expected 'format: "
                    "parley/1')");
    rc = get_str(L, x, "format", &f);
    if (rc != PL_OK)
        return rc;
    if (strcmp(f, "parley/1") != 0)
        return fail(L, PL_ESCHEMA, x,
                    "unsupported format %s (expected 'parley/1')",
                    DESC(L, x));
    x = get(L, r, "name");
    if (x != NONE)
        rc = dup_str(L, x, "name", &s->name);
    else
        rc = (s->name = pl__strdup("")) ? PL_OK : PL_ENOMEM;
    if (rc != PL_OK)
        return rc;
    x = get(L, r, "description");
    if (x != NONE) {
        rc = dup_str(L, x, "description", &s->description);
        if (rc != PL_OK)
            return rc;
    }
    x = get(L, r, "issues");
    if (x == NONE)
        return missing(L, r, "issues", "the scenario");
    rc = load_issues(L, x);
    if (rc != PL_OK)
        return rc;
    x = get(L, r, "parties");
    if (x == NONE)
        return missing(L, r, "parties", "the scenario");
    rc = load_parties(L, x);
    if (rc != PL_OK)
        return rc;
    s->simulate.mediator = -1;
    x = get(L, r, "talks");
    if (x != NONE) {
        rc = load_talks(L, x);
        if (rc != PL_OK)
            return rc;
    }
    x = get(L, r, "spatial");
    if (x != NONE) {
        /* Read by parley forecast (src/forecast/spatial_yaml.c), which
         * validates it; here only its shape matters. */
        rc = need_map(L, x, "spatial");
        if (rc != PL_OK)
            return rc;
        s->has_spatial = true;
    }
    x = get(L, r, "simulate");
    if (x != NONE)
        return load_simulate(L, x);
    return PL_OK;
}

static bool looks_like_json(const char *text, size_t len, const char *file)
{
    const size_t fl = file ? strlen(file) : 0;
    size_t i = 0;

    if (fl >= 5 && strcmp(file + fl - 5, ".json") == 0)
        return true;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && (text[i] == ' ' || text[i] == '\t' ||
                       text[i] == '\n' || text[i] == '\r'))
        i++;
    return i < len && text[i] == '{';
}

static void ld_free(struct ld *L)
{
    for (uint32_t i = 0; i < L->n_issue_slots; i++) {
        if (L->opt_sorted)
            pl__free(L->opt_sorted[i]);
        if (L->opt_node)
            pl__free(L->opt_node[i]);
    }
    pl__free(L->opt_sorted);
    pl__free(L->opt_node);
    pl__free(L->issue_node);
    pl__free(L->party_node);
    pl__free(L->folded);
    pl__free(L->n);
    pl__free(L->str);
}

pl_status pl_scenario_load_text(const char *text, size_t len,
                                const char *filename, pl_format fmt,
                                pl_scenario **out, pl_diag *diag)
{
    struct ld L;
    bool json;
    pl_status rc;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.diag = diag;
    if (diag && filename)
        snprintf(diag->file, sizeof diag->file, "%s", filename);
    if (!text && len)
        return pl_diag_set(diag, PL_EINVAL, 0, 0, "no text given");
    if (len > PL_MAX_SCENARIO_BYTES)
        return pl_diag_set(diag, PL_ETOOBIG, 0, 0,
                           "scenario is %zu bytes (limit %u)", len,
                           PL_MAX_SCENARIO_BYTES);
    json = fmt == PL_FORMAT_JSON ||
           (fmt == PL_FORMAT_AUTO && looks_like_json(text, len, filename));
    rc = check_encoding(&L, text ? text : "", len);
    if (rc == PL_OK)
        rc = build_tree(&L, text ? text : "", len, json);
    if (rc == PL_OK)
        rc = check_all_keys(&L);
    if (rc == PL_OK) {
        L.s = pl__calloc(1, sizeof *L.s);
        rc = L.s ? load_root(&L) : PL_ENOMEM;
    }
    if (rc == PL_OK)
        rc = pl__scenario_compile(L.s, diag);
    if (rc == PL_ENOMEM)
        pl_diag_set(diag, PL_ENOMEM, 0, 0, "out of memory");
    ld_free(&L);
    if (rc == PL_OK)
        *out = L.s;
    else
        pl_scenario_free(L.s);
    return rc;
}

pl_status pl_scenario_load_file(const char *path, pl_scenario **out,
                                pl_diag *diag)
{
    char *buf;
    size_t len;
    pl_status rc;

    *out = NULL;
    if (!path)
        return pl_diag_set(diag, PL_EINVAL, 0, 0, "no file name given");
    rc = pl__read_file(path, PL_MAX_SCENARIO_BYTES, false, &buf, &len, diag);
    if (rc == PL_OK)
        rc = pl_scenario_load_text(buf, len, path, PL_FORMAT_AUTO, out, diag);
    pl__free(buf);
    return rc;
}
