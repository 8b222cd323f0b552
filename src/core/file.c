/* Whole-file reading with a ceiling; see file.h.  Grows the buffer by
 * doubling from 64 KiB, so a file of n bytes costs O(n) copying. */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

pl_status pl__read_file(const char *path, size_t max_bytes,
                        bool missing_is_notfound, char **text, size_t *len,
                        pl_diag *diag)
{
    FILE *f;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    pl_status rc = PL_OK;

    *text = NULL;
    *len = 0;
    if (diag)
        snprintf(diag->file, sizeof diag->file, "%s", path);
    f = fopen(path, "rb");
    if (!f)
        return pl_diag_set(diag,
                           missing_is_notfound && errno == ENOENT
                               ? PL_ENOTFOUND
                               : PL_EIO,
                           0, 0, "cannot open: %s", strerror(errno));
    for (;;) {
        size_t got;
        if (n == cap) {
            char *b;
            if (cap > max_bytes) {
                rc = pl_diag_set(diag, PL_ETOOBIG, 0, 0,
                                 "file is larger than %zu bytes", max_bytes);
                break;
            }
            cap = cap ? cap * 2 : 65536;
            b = pl__reallocarray(buf, cap + 1, 1);
            if (!b) {
                rc = pl_diag_set(diag, PL_ENOMEM, 0, 0, "out of memory");
                break;
            }
            buf = b;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = pl_diag_set(diag, PL_EIO, 0, 0, "cannot read: %s",
                                 strerror(errno));
            break;
        }
    }
    fclose(f);
    if (rc != PL_OK) {
        pl__free(buf);
        return rc;
    }
    if (!buf) { /* unreachable: the first pass allocates */
        buf = pl__malloc(1);
        if (!buf)
            return PL_ENOMEM;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return PL_OK;
}
