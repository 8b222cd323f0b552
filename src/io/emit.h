/* The one structured-output writer: a small tree builder, emitted as YAML
 * (block style) or JSON by our own writer in emit.c (libfyaml 0.7.12's
 * emitter loses spaces in quoted scalars and mis-quotes others; emit.c
 * says which).
 *
 * Why one writer and not jansson: one writer serves both YAML and JSON,
 * and numbers are written by us as the shortest decimal text that reads
 * back to the same double (0.35, not 0.34999999999999998), which keeps
 * reports readable and round trips exact.
 *
 * Keys keep insertion order.  Build functions return NULL / false on
 * allocation failure and never abort; a failed build is detected once, at
 * pl__out_emit() time, through the tree's error flag. */
#ifndef PARLEY_EMIT_H
#define PARLEY_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parley/scenario.h"

typedef struct pl__out pl__out;     /* a document being built */
typedef struct pl__node pl__node;   /* a mapping or sequence in it */

/* New empty document whose root is a mapping (returned via *root). */
pl__out *pl__out_new(pl__node **root);
void pl__out_free(pl__out *o);

/* Children: a new mapping / sequence added under `key` of mapping `m`, or
 * appended to sequence `seq` (key NULL). */
pl__node *pl__out_map(pl__out *o, pl__node *parent, const char *key);
pl__node *pl__out_seq(pl__out *o, pl__node *parent, const char *key);

/* Scalars under `key` of a mapping, or appended to a sequence (key NULL). */
void pl__out_str(pl__out *o, pl__node *parent, const char *key,
                 const char *value);                /* NULL value -> null */
void pl__out_num(pl__out *o, pl__node *parent, const char *key,
                 double value);   /* shortest round-trip; non-finite->null */
void pl__out_int(pl__out *o, pl__node *parent, const char *key,
                 int64_t value);
void pl__out_uint(pl__out *o, pl__node *parent, const char *key,
                  uint64_t value);
/* An exact count in plain decimal digits, whatever its size. */
void pl__out_count(pl__out *o, pl__node *parent, const char *key,
                   pl_count value);
void pl__out_bool(pl__out *o, pl__node *parent, const char *key, bool value);
void pl__out_null(pl__out *o, pl__node *parent, const char *key);

/* Mark a mapping or sequence to be written in flow style ([a, b] / {k: v})
 * in YAML output; JSON ignores it. */
void pl__out_flow(pl__out *o, pl__node *n);

/* Emit the document as YAML or JSON (pretty, 2-space indent, final
 * newline) into a new NUL-terminated buffer owned by the caller
 * (free with pl__free).  PL_ENOMEM if any build step failed. */
pl_status pl__out_emit(pl__out *o, pl_format fmt, char **text, size_t *len);

/* Shortest decimal text that strtod() reads back as exactly `x`
 * ("%.15g", then 16, then 17 digits).  buf must hold 32 bytes. */
char *pl__fmt_double(double x, char *buf);

#endif
