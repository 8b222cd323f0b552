/* The single door for heap memory in parley.
 *
 * Every allocation goes through these so that tests can fail the Nth one
 * (pl__alloc_fail_after) and check that each caller returns PL_ENOMEM and
 * leaks nothing.  Sizes are checked for overflow in one place. */
#ifndef PARLEY_ALLOC_H
#define PARLEY_ALLOC_H

#include <stddef.h>

void *pl__malloc(size_t n);
void *pl__calloc(size_t count, size_t size);       /* overflow-checked */
void *pl__reallocarray(void *p, size_t count, size_t size);
void pl__free(void *p);
char *pl__strdup(const char *s);                   /* NULL in, NULL out */
char *pl__strndup(const char *s, size_t n);

/* Test hook: make the allocation after `n` more succeed fail (n = 0 fails
 * the very next one); a negative n switches failure injection off.
 * Not thread-safe; tests only. */
void pl__alloc_fail_after(long n);

#endif
