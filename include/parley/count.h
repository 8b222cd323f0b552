/* parley: exact counts of outcomes.
 *
 * Outcome spaces of real negotiations outgrow 64 bits (50 issues of 10
 * options: 10^50 outcomes), and the analysis reports exact counts of
 * outcomes (DESIGN.md section 7), so counts are 256-bit unsigned
 * integers: w[0] is the least significant 64-bit limb.  Every count of
 * outcomes is at most the size of its space, and parley refuses spaces of
 * 2^256 outcomes or more (about 1.16e77), so counts never wrap.
 *
 * A pl_count is a plain value: zero-initialise it, copy it, compare it
 * with pl_count_cmp. */
#ifndef PARLEY_COUNT_H
#define PARLEY_COUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_count {
    uint64_t w[4]; /* little-endian 64-bit limbs */
} pl_count;

/* Buffer size that holds any count in decimal with its NUL
 * (2^256 - 1 has 78 digits). */
#define PL_COUNT_DIGITS 80

/* The count `x`. */
PL_API pl_count pl_count_from_u64(uint64_t x);

/* True (and *out set) if `c` fits in 64 bits. */
PL_API bool pl_count_to_u64(pl_count c, uint64_t *out);

/* `c` rounded to the nearest double (ties to even); exact up to 2^53. */
PL_API double pl_count_to_double(pl_count c);

/* Decimal digits of `c` (no sign, no exponent, no separators) into
 * buf[0..size), NUL-terminated.  Returns the number of digits; if that is
 * >= size the text was cut (PL_COUNT_DIGITS is always enough). */
PL_API size_t pl_count_format(pl_count c, char *buf, size_t size);

/* -1, 0 or 1 as a < b, a == b, a > b. */
PL_API int pl_count_cmp(pl_count a, pl_count b);

#ifdef __cplusplus
}
#endif
#endif
