/* qsort that accepts an empty or absent array.
 *
 * C says qsort's base must be a valid pointer even when nmemb is 0, and
 * UBSan enforces it; arrays that are empty here are often NULL.  Every
 * sort in parley goes through this so no call site has to remember. */
#ifndef PARLEY_SORT_H
#define PARLEY_SORT_H

#include <stdlib.h>
#include <string.h>

static inline void pl__qsort(void *base, size_t n, size_t size,
                             int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

/* A string with its position in a list: sorting these by (text, position)
 * groups equal strings with the first occurrence first, for duplicate
 * detection and lookup by id. */
struct pl__strpos {
    const char *s;
    size_t pos;
};

static inline int pl__strpos_cmp(const void *a, const void *b)
{
    const struct pl__strpos *x = a, *y = b;
    const int c = strcmp(x->s, y->s);

    if (c)
        return c;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

#endif
