/* qsort that accepts an empty or absent array.
 *
 * C says qsort's base must be a valid pointer even when nmemb is 0, and
 * UBSan enforces it; arrays that are empty here are often NULL.  Every
 * sort in parley goes through this so no call site has to remember. */
#ifndef PARLEY_SORT_H
#define PARLEY_SORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "parley/status.h"

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

/* A value with its position: sorted by value descending, then position,
 * which is deterministic whatever the ties (the enumeration's tail tables
 * and zone_tail.c rank their tail sums this way). */
struct pl__vkey {
    double v;
    uint32_t t;
};

static inline bool pl__vkey_before(const struct pl__vkey *x,
                                   const struct pl__vkey *y)
{
    return x->v > y->v || (x->v == y->v && x->t < y->t);
}

/* A bottom-up merge sort with the comparison inlined (qsort's indirect
 * calls were 20% of a 10^6-outcome analysis); PL_ENOMEM if its buffer
 * cannot be had. */
static inline pl_status pl__vkey_sort(struct pl__vkey *k, uint32_t T)
{
    struct pl__vkey *tmp = pl__calloc(T ? T : 1, sizeof *tmp), *a = k, *b = tmp;

    if (!tmp)
        return PL_ENOMEM;
    for (uint32_t w = 1; w < T; w *= 2) {
        for (uint32_t lo = 0; lo < T; lo += 2 * w) {
            const uint32_t mid = lo + w < T ? lo + w : T;
            const uint32_t hi = lo + 2 * w < T ? lo + 2 * w : T;
            uint32_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                b[o++] = pl__vkey_before(&a[j], &a[i]) ? a[j++] : a[i++];
            while (i < mid)
                b[o++] = a[i++];
            while (j < hi)
                b[o++] = a[j++];
        }
        {
            struct pl__vkey *sw = a;
            a = b;
            b = sw;
        }
    }
    if (a != k)
        memcpy(k, a, (size_t)T * sizeof *k);
    pl__free(tmp);
    return PL_OK;
}

/* Number of leading elements >= x of v[0..len) sorted descending
 * (branch-free binary search). */
static inline uint32_t pl__count_ge(const double *v, uint32_t len, double x)
{
    const double *b = v;

    if (len == 0)
        return 0;
    while (len > 1) {
        const uint32_t h = len / 2;
        b = b[h] >= x ? b + h : b;
        len -= h;
    }
    return (uint32_t)(b - v) + (b[0] >= x);
}

#endif
