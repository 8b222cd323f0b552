/* qsort that accepts an empty or absent array.
 *
 * C says qsort's base must be a valid pointer even when nmemb is 0, and
 * UBSan enforces it; arrays that are empty here are often NULL.  Every
 * sort in parley goes through this so no call site has to remember. */
#ifndef PARLEY_SORT_H
#define PARLEY_SORT_H

#include <stdlib.h>

static inline void pl__qsort(void *base, size_t n, size_t size,
                             int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

#endif
