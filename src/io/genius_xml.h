/* A small DOM for GENIUS XML files, read with expat after a tolerant
 * pre-pass (genius_xml.c), shared by the GENIUS reader and its tests.
 *
 * GENIUS's own parser accepts text that strict XML rejects; the pre-pass
 * rewrites exactly those constructs (genius-format.md section 1) and keeps
 * a map from the rewritten text back to the original bytes, so every
 * element and every error is reported at its line and column in the file
 * as written. */
#ifndef PARLEY_GENIUS_XML_H
#define PARLEY_GENIUS_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "parley/status.h"

/* Limits on untrusted input (PL_ETOOBIG beyond them). */
#define PL__GX_MAX_DEPTH 64u       /* element nesting */
#define PL__GX_MAX_TEXT 4096u      /* text kept per element; rest dropped */

struct pl__gx_attr {
    const char *name;
    const char *value;
};

struct pl__gx_node {
    const char *name;
    unsigned n_attr;
    const struct pl__gx_attr *attr;
    struct pl__gx_node *parent, *first, *last, *next; /* tree links */
    const char *text;      /* character data directly inside, or "" */
    size_t text_len;
    int line, column;      /* of the start tag, 1-based, original file */
};

struct pl__gx_doc;

/* Parse `len` bytes.  PL_OK: *out is a new document (free with
 * pl__gx_free).  Otherwise *out is NULL and diag holds the line and column
 * in the original text: PL_EPARSE for text GENIUS's reader would not
 * accept either, PL_ETOOBIG past the limits, PL_ENOMEM. */
pl_status pl__gx_parse(const char *text, size_t len,
                       struct pl__gx_doc **out, pl_diag *diag);
void pl__gx_free(struct pl__gx_doc *doc);
const struct pl__gx_node *pl__gx_root(const struct pl__gx_doc *doc);
/* True if the pre-pass had to decode Windows-1252 (text not UTF-8). */
bool pl__gx_was_cp1252(const struct pl__gx_doc *doc);

/* Attribute value or NULL. */
const char *pl__gx_attr(const struct pl__gx_node *n, const char *name);
/* First direct child named `name`, or NULL. */
const struct pl__gx_node *pl__gx_child(const struct pl__gx_node *n,
                                       const char *name);

#endif
