/* Exact 256-bit counts: real values (carries across limbs, 10^50, the
 * largest count), overflow detection, decimal and double conversion. */
#include "core/count.h"
#include "../../tests/pl_test.h"

static const char *fmt(pl_count c, char *buf)
{
    pl_count_format(c, buf, PL_COUNT_DIGITS);
    return buf;
}

static pl_count pow_u64(uint64_t b, int e, bool *over)
{
    pl_count c = pl_count_from_u64(1);

    *over = false;
    for (int k = 0; k < e; k++)
        *over |= pl__count_mul_u64(&c, b);
    return c;
}

static void test_format(void)
{
    char b[PL_COUNT_DIGITS];
    pl_count c = pl__count_zero();
    bool over;

    PL_CHECK_STR(fmt(c, b), "0");
    PL_CHECK_STR(fmt(pl_count_from_u64(7), b), "7");
    PL_CHECK_STR(fmt(pl_count_from_u64(UINT64_MAX), b),
                 "18446744073709551615");
    /* exactly 10^19: one chunk boundary */
    PL_CHECK_STR(fmt(pow_u64(10, 19, &over), b), "10000000000000000000");
    c = pow_u64(10, 50, &over);
    PL_CHECK(!over);
    PL_CHECK_STR(fmt(c, b),
                 "100000000000000000000000000000000000000000000000000");
    PL_CHECK_INT(pl_count_format(c, b, sizeof b), 51);
    c = pow_u64(5, 60, &over);
    PL_CHECK(!over);
    PL_CHECK_STR(fmt(c, b), "867361737988403547205962240695953369140625");
    /* a cut buffer still gets its NUL and the full length back */
    PL_CHECK_INT(pl_count_format(c, b, 5), 42);
    PL_CHECK_STR(b, "8673");
}

static void test_carries(void)
{
    char b[PL_COUNT_DIGITS];
    pl_count c = pl_count_from_u64(UINT64_MAX), d;
    uint64_t u = 0;

    PL_CHECK(!pl__count_add_u64(&c, 1));
    PL_CHECK_INT(c.w[0], 0);
    PL_CHECK_INT(c.w[1], 1);
    PL_CHECK(!pl_count_to_u64(c, &u));
    PL_CHECK_STR(fmt(c, b), "18446744073709551616");
    /* borrow back across the limb */
    PL_CHECK(!pl__count_sub(&c, pl_count_from_u64(1)));
    PL_CHECK(pl_count_to_u64(c, &u) && u == UINT64_MAX);
    /* (2^128 - 1)^2 = 2^256 - 2^129 + 1 fits */
    c.w[0] = c.w[1] = UINT64_MAX;
    c.w[2] = c.w[3] = 0;
    d = c;
    PL_CHECK(!pl__count_mul(&c, d));
    PL_CHECK_INT(c.w[0], 1);
    PL_CHECK_INT(c.w[1], 0);
    PL_CHECK(c.w[2] == UINT64_MAX - 1 && c.w[3] == UINT64_MAX);
    PL_CHECK_STR(fmt(c, b), "11579208923731619542357098500868790785258941993"
                            "1798687112530834793049593217025");
    /* 7 * 10^50 + 2^70 */
    {
        bool over;
        pl_count x = pow_u64(10, 50, &over), y = pl_count_from_u64(1);
        PL_CHECK(!pl__count_mul_u64(&x, 7));
        PL_CHECK(!pl__count_mul_u64(&y, UINT64_C(1) << 35));
        PL_CHECK(!pl__count_mul_u64(&y, UINT64_C(1) << 35));
        PL_CHECK(!pl__count_add(&x, y));
        PL_CHECK_STR(fmt(x, b),
                     "700000000000000000000000000001180591620717411303424");
        PL_CHECK(pl_count_cmp(x, y) > 0 && pl_count_cmp(y, x) < 0 &&
                 pl_count_cmp(x, x) == 0);
        PL_CHECK_INT(pl__count_divmod_u64(&x, 10), 4);
        PL_CHECK_STR(fmt(x, b),
                     "70000000000000000000000000000118059162071741130342");
    }
}

static void test_overflow(void)
{
    char b[PL_COUNT_DIGITS];
    pl_count max = {{UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX}}, c;
    bool over;

    PL_CHECK_STR(fmt(max, b), "1157920892373161954235709850086879078532699846"
                              "65640564039457584007913129639935");
    c = max;
    PL_CHECK(pl__count_add_u64(&c, 1));
    PL_CHECK(pl__count_is_zero(c));
    c = max;
    PL_CHECK(!pl__count_add_u64(&c, 0));
    PL_CHECK(pl__count_mul_u64(&c, 2));
    c = max;
    PL_CHECK(!pl__count_mul_u64(&c, 1));
    PL_CHECK(pl_count_cmp(c, max) == 0);
    c = max;
    PL_CHECK(pl__count_mul(&c, pl_count_from_u64(2)));
    /* 10^77 fits, 10^78 does not; 3^161 fits, 3^162 does not */
    (void)pow_u64(10, 77, &over);
    PL_CHECK(!over);
    (void)pow_u64(10, 78, &over);
    PL_CHECK(over);
    c = pow_u64(3, 161, &over);
    PL_CHECK(!over);
    PL_CHECK_STR(fmt(c, b), "655423501585176378726919695089707054277011503147"
                            "38255642438471845988797065603");
    PL_CHECK(pl__count_mul_u64(&c, 3));
    c = pl_count_from_u64(1);
    PL_CHECK(pl__count_sub(&c, pl_count_from_u64(2)));
}

static void test_double(void)
{
    pl_count max = {{UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX}}, c;
    bool over;

    PL_CHECK(pl_count_to_double(pl__count_zero()) == 0.0);
    PL_CHECK(pl_count_to_double(pl_count_from_u64(12345)) == 12345.0);
    PL_CHECK(pl_count_to_double(pow_u64(10, 50, &over)) == 1e50);
    PL_CHECK(pl_count_to_double(pow_u64(10, 77, &over)) == 1e77);
    PL_CHECK(pl_count_to_double(pow_u64(3, 100, &over)) ==
             5.153775207320113e47);
    PL_CHECK(pl_count_to_double(max) == ldexp(1.0, 256));
    /* 2^64 + 2^11 is a tie: to even (2^64); one more rounds up */
    c.w[0] = UINT64_C(1) << 11;
    c.w[1] = 1;
    c.w[2] = c.w[3] = 0;
    PL_CHECK(pl_count_to_double(c) == ldexp(1.0, 64));
    c.w[0]++;
    PL_CHECK(pl_count_to_double(c) == ldexp(1.0, 64) + ldexp(1.0, 12));
    /* 2^139 + 2^86 is a tie (half an ulp): to even; a 1 two limbs
     * further down (sticky) rounds it up */
    c.w[0] = 0;
    c.w[1] = UINT64_C(1) << 22;
    c.w[2] = UINT64_C(1) << 11;
    c.w[3] = 0;
    PL_CHECK(pl_count_to_double(c) == ldexp(1.0, 139));
    c.w[0] = 1;
    PL_CHECK(pl_count_to_double(c) == ldexp(1.0, 139) + ldexp(1.0, 87));
}

int main(void)
{
    PL_RUN(test_format);
    PL_RUN(test_carries);
    PL_RUN(test_overflow);
    PL_RUN(test_double);
    return pl_test_summary();
}
