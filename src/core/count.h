/* Arithmetic on exact outcome counts (include/parley/count.h): the few
 * operations the analysis needs, each reporting overflow past 2^256 - 1
 * instead of wrapping.  Small and branch-light: the merge adds and
 * multiplies counts once per candidate point. */
#ifndef PARLEY_CORE_COUNT_H
#define PARLEY_CORE_COUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "parley/count.h"

/* Zero / one. */
static inline pl_count pl__count_zero(void)
{
    pl_count c = {{0, 0, 0, 0}};
    return c;
}

static inline bool pl__count_is_zero(pl_count c)
{
    return (c.w[0] | c.w[1] | c.w[2] | c.w[3]) == 0;
}

/* True if c fits in 64 bits. */
static inline bool pl__count_fits_u64(pl_count c)
{
    return (c.w[1] | c.w[2] | c.w[3]) == 0;
}

/* *a += b; true on overflow (*a then holds the low 256 bits). */
bool pl__count_add(pl_count *a, pl_count b);
/* *a += b for a 64-bit b; true on overflow. */
bool pl__count_add_u64(pl_count *a, uint64_t b);
/* *a -= b; true if b > a (*a then wraps). */
bool pl__count_sub(pl_count *a, pl_count b);
/* *a *= m; true on overflow. */
bool pl__count_mul_u64(pl_count *a, uint64_t m);
/* *a *= b; true on overflow. */
bool pl__count_mul(pl_count *a, pl_count b);
/* *a /= d (d > 0); returns the remainder. */
uint64_t pl__count_divmod_u64(pl_count *a, uint64_t d);
/* Is c <= x for a 64-bit x? */
static inline bool pl__count_le_u64(pl_count c, uint64_t x)
{
    return pl__count_fits_u64(c) && c.w[0] <= x;
}

#endif
