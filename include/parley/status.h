/* parley: status codes and diagnostics shared by every call.
 *
 * Every fallible call returns a pl_status.  Detail about the first problem
 * (message, file, line, column) travels in an optional caller-owned pl_diag,
 * so reporting a failure never allocates. */
#ifndef PARLEY_STATUS_H
#define PARLEY_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PL_BUILDING) && defined(__GNUC__)
#define PL_API __attribute__((visibility("default")))
#else
#define PL_API
#endif

/* Append only.  Never renumber or delete: a retired code keeps its slot.
 * The CLI maps codes to exit status: OK 0; EPARSE, ESCHEMA, ETOOBIG,
 * ENOTFOUND, EINVAL, EUSAGE 2 (bad input or usage); anything else 1. */
#define PL_STATUS_LIST(X)                                                    \
    X(OK, "success")                                                         \
    X(ENOMEM, "out of memory")                                               \
    X(EINVAL, "invalid argument")                                            \
    X(EPARSE, "scenario text could not be parsed")                           \
    X(ESCHEMA, "scenario is well-formed but inconsistent")                   \
    X(ETOOBIG, "input exceeds a configured limit")                           \
    X(ENOTFOUND, "no such party, issue, option or scenario")                 \
    X(EIO, "read or write failed")                                           \
    X(EUSAGE, "invalid command-line usage")                                  \
    X(EINTERNAL, "internal error")

typedef enum pl_status {
#define PL__X(name, msg) PL_##name,
    PL_STATUS_LIST(PL__X)
#undef PL__X
    PL__STATUS_COUNT
} pl_status;

/* Static text for `st`; never NULL, never freed. */
PL_API const char *pl_strerror(pl_status st);
/* "PL_EPARSE" etc., for logs and JSON; never NULL. */
PL_API const char *pl_status_name(pl_status st);

/* Details of the first problem found.  Caller-owned; zero-initialise it.
 * line and column are 1-based; 0 means "no position" (e.g. a missing file,
 * or a problem with the scenario as a whole). */
typedef struct pl_diag {
    char file[256];     /* input file name as given, or "" */
    int line;           /* 1-based, 0 if unknown */
    int column;         /* 1-based, 0 if unknown */
    char message[512];  /* what was wrong and what was expected */
} pl_diag;

/* Fill `d` (if non-NULL) with a printf-style message; returns `st` so that
 * callers can write `return pl_diag_set(d, PL_ESCHEMA, line, col, ...)`.
 * The file name already in `d` is kept. */
PL_API pl_status pl_diag_set(pl_diag *d, pl_status st, int line, int column,
                             const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Format `d` as "file:line:column: message" (parts that are unknown are
 * left out) into buf of size n.  Returns buf. */
PL_API char *pl_diag_format(const pl_diag *d, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
