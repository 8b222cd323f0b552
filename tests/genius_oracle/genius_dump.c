/* Test helper for tests/genius_oracle/genius_oracle.py: for every profile
 * of the GENIUS corpus (grouped by domain as in the other GENIUS tests),
 * print 40 pseudo-random outcomes and parley's utility of each, one per
 * line: domain TAB profile TAB utility TAB value-of-issue-1 TAB ...  (the
 * option names, i.e. the GENIUS value text or the number).  The Python
 * oracle recomputes each utility from the XML with GENIUS's rules,
 * written independently from the spec.
 * Usage: genius_dump SHARED_DIR */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/genius_corpus.h"
#include "parley/genius.h"
#include "parley/scenario.h"

int main(int argc, char **argv)
{
    struct gc_corpus c;
    uint64_t r = 0x243F6A8885A308D3ULL;

    if (argc != 2) {
        fprintf(stderr, "usage: genius_dump SHARED_DIR\n");
        return 2;
    }
    if (!gc_corpus_load(argv[1], &c)) {
        fprintf(stderr, "skip: %s/data/genius not present\n", argv[1]);
        return 0;
    }
    for (size_t g = 0; g < c.n; g++)
        for (size_t p = 0; p < c.g[g].n; p++) {
            pl_scenario *s = NULL;
            const char *pp[1] = {c.g[g].profiles[p]};
            uint32_t o[PL_MAX_ISSUES];
            if (pl_scenario_load_genius(c.g[g].domain, pp, 1, NULL, &s, NULL,
                                        NULL) != PL_OK)
                continue;
            for (int t = 0; t < 40; t++) {
                printf("%s\t%s\t", c.g[g].domain, c.g[g].profiles[p]);
                for (size_t i = 0; i < pl_scenario_issue_count(s); i++) {
                    r ^= r << 13;
                    r ^= r >> 7;
                    r ^= r << 17;
                    o[i] = (uint32_t)(r % pl_scenario_option_count(s, i));
                }
                printf("%.17g", pl_scenario_utility(s, 0, o));
                for (size_t i = 0; i < pl_scenario_issue_count(s); i++)
                    printf("\t%s", pl_scenario_option_name(s, i, o[i]));
                printf("\n");
            }
            pl_scenario_free(s);
        }
    gc_free(&c);
    return 0;
}
