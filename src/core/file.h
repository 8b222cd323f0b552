/* Reading a whole input file into memory, with a size ceiling.
 *
 * One reader for every file parley parses (scenarios, GENIUS XML,
 * forecast data), so the limits and the error texts are the same
 * everywhere. */
#ifndef PARLEY_FILE_H
#define PARLEY_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "parley/status.h"

/* Read `path` into a new NUL-terminated buffer (*text, caller frees with
 * pl__free; *len excludes the NUL).  diag->file is set to `path`.
 * Errors: a file that cannot be opened is PL_EIO, or PL_ENOTFOUND when it
 * does not exist and `missing_is_notfound` is set; PL_ETOOBIG past
 * `max_bytes`; PL_EIO on a read error; PL_ENOMEM.  On error *text is NULL
 * and the file is closed. */
pl_status pl__read_file(const char *path, size_t max_bytes,
                        bool missing_is_notfound, char **text, size_t *len,
                        pl_diag *diag);

#endif
