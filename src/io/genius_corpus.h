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
#include "core/sort.h"

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
    pl__qsort(v, n, sizeof *v, gc_cmp);
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

static inline void gc_add(struct gc_corpus *c, const char *domain,
                          const char *profile)
{
    struct gc_group *g = NULL;

    for (size_t k = 0; k < c->n && !g; k++)
        if (strcmp(c->g[k].domain, domain) == 0)
            g = &c->g[k];
    if (!g) {
        c->g = gc_need(realloc(c->g, (c->n + 1) * sizeof *c->g));
        g = &c->g[c->n++];
        memset(g, 0, sizeof *g);
        g->domain = gc_need(strdup(domain));
    }
    g->profiles = gc_need(realloc(g->profiles,
                                  (g->n + 1) * sizeof *g->profiles));
    g->profiles[g->n++] = gc_need(strdup(profile));
}

/* Group the loadable profiles of one folder by domain (no checks). */
static inline void gc_folder(const char *dir, struct gc_corpus *c)
{
    char **files;
    const size_t nf = gc_list(dir, &files, 0);
    char **doms = NULL;
    size_t nd = 0;

    for (size_t k = 0; k < nf; k++)
        if (pl_genius_file_kind(files[k]) == PL_GENIUS_DOMAIN) {
            doms = gc_need(realloc(doms, (nd + 1) * sizeof *doms));
            doms[nd++] = files[k];
        }
    for (size_t p = 0; p < nf; p++) {
        size_t best = SIZE_MAX, best_warn = SIZE_MAX, best_pre = 0;
        if (pl_genius_file_kind(files[p]) != PL_GENIUS_PROFILE)
            continue;
        for (size_t k = 0; k < nd; k++) {
            pl_scenario *s = NULL;
            pl_warnings w = {0, NULL};
            const char *pp[1] = {files[p]};
            const size_t pre = gc_common_prefix(doms[k], files[p]);
            if (pl_scenario_load_genius(doms[k], pp, 1, NULL, &s, &w, NULL) ==
                    PL_OK &&
                (w.n < best_warn || (w.n == best_warn && pre > best_pre))) {
                best = k;
                best_warn = w.n;
                best_pre = pre;
            }
            pl_scenario_free(s);
            pl_warnings_free(&w);
        }
        if (best != SIZE_MAX)
            gc_add(c, doms[best], files[p]);
    }
    free(doms);
    for (size_t k = 0; k < nf; k++)
        free(files[k]);
    free(files);
}

/* Every folder of SHARED/data/genius through folder(dir, c, ctx) into c
 * (genius_test's checking walk, gc_folder for the others); false (and
 * empty) without the shared corpus. */
static inline bool gc_corpus_walk(const char *shared, struct gc_corpus *c,
                                  void (*folder)(const char *dir,
                                                 struct gc_corpus *c,
                                                 void *ctx),
                                  void *ctx)
{
    char *root;
    char **dirs;
    size_t nd;

    memset(c, 0, sizeof *c);
    if (!shared)
        return false;
    root = gc_join(shared, "data/genius");
    nd = gc_list(root, &dirs, 1);
    for (size_t k = 0; k < nd; k++) {
        folder(dirs[k], c, ctx);
        free(dirs[k]);
    }
    free(dirs);
    free(root);
    return nd > 0;
}

static inline void gc_folder_cb(const char *dir, struct gc_corpus *c,
                                void *ctx)
{
    (void)ctx;
    gc_folder(dir, c);
}

/* All groups of the shared corpus; false (and empty) without it. */
static inline bool gc_corpus_load(const char *shared, struct gc_corpus *c)
{
    return gc_corpus_walk(shared, c, gc_folder_cb, NULL);
}

/* The one group of the shipped test folder DATA/NAME into c (free with
 * gc_free); the number of groups found, 1 when all is well. */
static inline size_t gc_shipped(const char *data, const char *name,
                                struct gc_corpus *c)
{
    char path[512];

    snprintf(path, sizeof path, "%s/%s", data, name);
    memset(c, 0, sizeof *c);
    gc_folder(path, c);
    return c->n;
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
