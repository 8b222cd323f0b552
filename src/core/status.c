/* Status codes: names, messages and diagnostics. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parley/status.h"

const char *pl_strerror(pl_status st)
{
    switch (st) {
#define X(name, msg)                                                         \
    case PL_##name:                                                          \
        return msg;
        PL_STATUS_LIST(X)
#undef X
    case PL__STATUS_COUNT:
        break;
    }
    return "unknown status";
}

const char *pl_status_name(pl_status st)
{
    switch (st) {
#define X(name, msg)                                                         \
    case PL_##name:                                                          \
        return "PL_" #name;
        PL_STATUS_LIST(X)
#undef X
    case PL__STATUS_COUNT:
        break;
    }
    return "PL_UNKNOWN";
}

pl_status pl_diag_set(pl_diag *d, pl_status st, int line, int column,
                      const char *fmt, ...)
{
    va_list ap;

    if (!d)
        return st;
    d->line = line;
    d->column = column;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return st;
}

char *pl_diag_format(const pl_diag *d, char *buf, size_t n)
{
    const char *file = d->file[0] ? d->file : NULL;

    if (n == 0)
        return buf;
    if (file && d->line > 0 && d->column > 0)
        snprintf(buf, n, "%s:%d:%d: %s", file, d->line, d->column,
                 d->message);
    else if (file && d->line > 0)
        snprintf(buf, n, "%s:%d: %s", file, d->line, d->message);
    else if (file)
        snprintf(buf, n, "%s: %s", file, d->message);
    else if (d->line > 0)
        snprintf(buf, n, "line %d, column %d: %s", d->line, d->column,
                 d->message);
    else
        snprintf(buf, n, "%s", d->message);
    return buf;
}

#include "parley/parley.h"

unsigned pl_version_number(void)
{
    return PL_VERSION_MAJOR * 10000 + PL_VERSION_MINOR * 100 +
           PL_VERSION_PATCH;
}
