/* Test helper: the GENIUS corpus under ../shared/data/genius, grouped into
 * scenarios.  Each folder's files are classified by root element; each
 * profile is paired with the folder's domain that loads it with the
 * fewest warnings (several ANAC 2012 folders hold three domains), and the
 * profiles of one domain form a group.  Test-only: aborts on OOM. */
#ifndef PL_GENIUS_CORPUS_H
#define PL_GENIUS_CORPUS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/genius.h"
#include "parley/scenario.h"

struct gc_group {
    char *domain;
    char **profiles;
    size_t n;
};

struct gc_corpus {
    struct gc_group *g;
    size_t n;
    /* every .xml file with what happened to it */
    size_t n_files, n_ok, n_warned, n_rejected;
};

static inline void *gc_need(void *p)
{
    if (!p) {
        fprintf(stderr, "genius_corpus: out of memory\n");
        exit(2);
    }
    return p;
}

static inline char *gc_join(const char *a, const char *b)
{
    const size_t n = strlen(a) + strlen(b) + 2;
    char *p = gc_need(malloc(n));
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

static inline int gc_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of a directory (files or folders, no dot files). */
static inline size_t gc_list(const char *dir, char ***out, int want_dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t n = 0;

    *out = NULL;
    if (!d)
        return 0;
    while ((e = readdir(d)) != NULL) {
        char *full;
        DIR *sub;
        int isdir;
        if (e->d_name[0] == '.')
            continue;
        full = gc_join(dir, e->d_name);
        sub = opendir(full);
        isdir = sub != NULL;
        if (sub)
            closedir(sub);
        if (isdir != want_dir) {
            free(full);
            continue;
        }
        v = gc_need(realloc(v, (n + 1) * sizeof *v));
        v[n++] = full;
    }
    closedir(d);
    qsort(v, n, sizeof *v, gc_cmp);
    *out = v;
    return n;
}

static inline size_t gc_common_prefix(const char *a, const char *b)
{
    size_t k = 0;
    while (a[k] && a[k] == b[k])
        k++;
    return k;
}

static inline void gc_free(struct gc_corpus *c)
{
    for (size_t k = 0; k < c->n; k++) {
        free(c->g[k].domain);
        for (size_t j = 0; j < c->g[k].n; j++)
            free(c->g[k].profiles[j]);
        free(c->g[k].profiles);
    }
    free(c->g);
    memset(c, 0, sizeof *c);
}

#endif
