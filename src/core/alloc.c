/* Heap allocation with overflow checks and test-time failure injection. */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/scenario.h"

/* Failure injection counter: -1 = off.  A mutable global, but only ever
 * changed by tests; production code never sets it. */
static long fail_countdown = -1;

static int should_fail(void)
{
    if (fail_countdown < 0)
        return 0;
    if (fail_countdown == 0)
        return 1;
    fail_countdown--;
    return 0;
}

void pl__alloc_fail_after(long n)
{
    fail_countdown = n;
}

void *pl__malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *pl__calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *pl__reallocarray(void *p, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    if (should_fail())
        return NULL;
    return realloc(p, count * size > 0 ? count * size : 1);
}

void pl__free(void *p)
{
    free(p);
}

void pl_free(void *p)
{
    free(p);
}

char *pl__strndup(const char *s, size_t n)
{
    char *d;

    if (!s)
        return NULL;
    d = pl__malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *pl__strdup(const char *s)
{
    return s ? pl__strndup(s, strlen(s)) : NULL;
}
