/* parley: rendering an analysis for people (text) and tools (JSON).
 *
 * The JSON is schema parley.analysis/1 (DESIGN.md section 7), written with
 * parley's own writer (src/io/emit.c).  The text report is for a mediator
 * reading an 80-column terminal. */
#ifndef PARLEY_REPORT_H
#define PARLEY_REPORT_H

#include <stdio.h>

#include "analysis.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_report_opts {
    size_t top;       /* frontier points to list.  JSON: 0 = all kept
                         points.  Text: 0 = the default, 10 (a screenful;
                         the counts are always complete). */
    int width;        /* text width in columns; default 80 */
} pl_report_opts;

PL_API pl_report_opts pl_report_opts_default(void);

/* Write the human-readable report to `f`.  PL_EIO on a write error. */
PL_API pl_status pl_report_text(const pl_scenario *s, const pl_analysis *a,
                                const pl_report_opts *o, FILE *f);

/* Write the parley.analysis/1 JSON document (with a final newline) to `f`.
 * PL_EIO on a write error, PL_ENOMEM. */
PL_API pl_status pl_report_json(const pl_scenario *s, const pl_analysis *a,
                                const pl_report_opts *o, FILE *f);

#ifdef __cplusplus
}
#endif
#endif
