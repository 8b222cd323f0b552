/* Exact 256-bit outcome counts: see include/parley/count.h and
 * src/core/count.h.  Schoolbook arithmetic on four 64-bit limbs with
 * unsigned __int128 for the products. */
#include "core/count.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;

pl_count pl_count_from_u64(uint64_t x)
{
    pl_count c = {{x, 0, 0, 0}};
    return c;
}

bool pl_count_to_u64(pl_count c, uint64_t *out)
{
    if (!pl__count_fits_u64(c))
        return false;
    *out = c.w[0];
    return true;
}

double pl_count_to_double(pl_count c)
{
    int top = 3;
    uint64_t hi, rest = 0;
    int shift, lz;

    while (top > 0 && c.w[top] == 0)
        top--;
    if (top == 0)
        return (double)c.w[0]; /* correctly rounded by the conversion */
    /* The 64 bits below the highest set bit, plus a sticky bit for
     * everything under them: converting those 64 bits rounds exactly as
     * the full value would (the sticky bit sits below the rounding bit). */
    lz = __builtin_clzll(c.w[top]);
    hi = lz ? c.w[top] << lz | c.w[top - 1] >> (64 - lz) : c.w[top];
    rest = lz ? c.w[top - 1] << lz : 0;
    for (int k = top - 2; k >= 0; k--)
        rest |= c.w[k];
    hi |= rest != 0;
    shift = 64 * top - lz;
    return ldexp((double)hi, shift);
}

int pl_count_cmp(pl_count a, pl_count b)
{
    for (int k = 3; k >= 0; k--)
        if (a.w[k] != b.w[k])
            return a.w[k] < b.w[k] ? -1 : 1;
    return 0;
}

size_t pl_count_format(pl_count c, char *buf, size_t size)
{
    /* 19 digits per chunk (10^19 < 2^64); 2^256 needs 5 chunks */
    uint64_t chunk[5];
    char tmp[PL_COUNT_DIGITS];
    int nc = 0, len;

    do
        chunk[nc++] = pl__count_divmod_u64(&c, UINT64_C(10000000000000000000));
    while (!pl__count_is_zero(c));
    len = snprintf(tmp, sizeof tmp, "%" PRIu64, chunk[nc - 1]);
    for (int k = nc - 2; k >= 0; k--)
        len += snprintf(tmp + len, sizeof tmp - (size_t)len, "%019" PRIu64,
                        chunk[k]);
    if (size > 0)
        snprintf(buf, size, "%s", tmp);
    return (size_t)len;
}

bool pl__count_add(pl_count *a, pl_count b)
{
    unsigned carry = 0;

    for (int k = 0; k < 4; k++) {
        const u128 t = (u128)a->w[k] + b.w[k] + carry;
        a->w[k] = (uint64_t)t;
        carry = (unsigned)(t >> 64);
    }
    return carry != 0;
}

bool pl__count_add_u64(pl_count *a, uint64_t b)
{
    return pl__count_add(a, pl_count_from_u64(b));
}

bool pl__count_sub(pl_count *a, pl_count b)
{
    unsigned borrow = 0;

    for (int k = 0; k < 4; k++) {
        const uint64_t x = a->w[k], y = b.w[k];
        const uint64_t d = x - y - borrow;
        borrow = x < y || (x == y && borrow);
        a->w[k] = d;
    }
    return borrow != 0;
}

bool pl__count_mul_u64(pl_count *a, uint64_t m)
{
    uint64_t carry = 0;

    for (int k = 0; k < 4; k++) {
        const u128 t = (u128)a->w[k] * m + carry;
        a->w[k] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    return carry != 0;
}

bool pl__count_mul(pl_count *a, pl_count b)
{
    uint64_t r[8];
    bool over = false;

    memset(r, 0, sizeof r);
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        if (a->w[i] == 0)
            continue;
        for (int j = 0; j < 4; j++) {
            const u128 t = (u128)a->w[i] * b.w[j] + r[i + j] + carry;
            r[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        r[i + 4] = carry;
    }
    for (int k = 4; k < 8; k++)
        over = over || r[k] != 0;
    memcpy(a->w, r, sizeof a->w);
    return over;
}

uint64_t pl__count_divmod_u64(pl_count *a, uint64_t d)
{
    u128 rem = 0;

    for (int k = 3; k >= 0; k--) {
        const u128 cur = rem << 64 | a->w[k];
        a->w[k] = (uint64_t)(cur / d);
        rem = cur % d;
    }
    return (uint64_t)rem;
}
