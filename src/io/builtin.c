/* Built-in scenarios, embedded at build time by cmake/embed.cmake. */
#include <stdio.h>
#include <string.h>

#include "parley/scenario.h"

struct pl__builtin {
    const char *name;
    const char *text;
    size_t len;
};
extern const struct pl__builtin pl__builtins[];

static const struct pl__builtin *find(const char *name)
{
    for (const struct pl__builtin *b = pl__builtins; name && b->name; b++)
        if (strcmp(b->name, name) == 0)
            return b;
    return NULL;
}

const char *const *pl_scenario_builtin_names(void)
{
    static const char *names[16];
    size_t n = 0;
    for (const struct pl__builtin *b = pl__builtins; b->name && n < 15; b++)
        names[n++] = b->name;
    names[n] = NULL;
    return names;
}

const char *pl_scenario_builtin_text(const char *name)
{
    const struct pl__builtin *b = find(name);
    return b ? b->text : NULL;
}

pl_status pl_scenario_load_builtin(const char *name, pl_scenario **out,
                                   pl_diag *diag)
{
    const struct pl__builtin *b = find(name);
    char fname[300];

    *out = NULL;
    if (!b)
        return pl_diag_set(diag, PL_ENOTFOUND, 0, 0,
                           "no built-in scenario named '%s'", name);
    snprintf(fname, sizeof fname, "%s.yaml", b->name);
    return pl_scenario_load_text(b->text, b->len, fname, PL_FORMAT_YAML, out,
                                 diag);
}
