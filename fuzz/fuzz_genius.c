/* libFuzzer target: the GENIUS XML reader and writer.
 *
 * The input is split at each "\n--8<--\n" line: the first part is the
 * domain, the others (at most 4) the profiles; an input without a
 * separator is tried as the domain with itself as the one profile.  A
 * failed load must leave no scenario, a message and a known status.  A
 * successful one is written back as GENIUS XML (which may refuse with
 * PL_EINVAL, e.g. for a table no evaluator fits), read again, and every
 * utility of up to 4096 outcomes must agree to 1e-9.  Anything else
 * aborts, which libFuzzer reports as a crash and fuzz/replay.c turns into
 * a failing ctest. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/genius.h"
#include "parley/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEP "\n--8<--\n"
#define MAX_PARTS 5

static void check(int ok, const char *what, const char *detail)
{
    if (!ok) {
        fprintf(stderr, "fuzz_genius: %s\n%s\n", what, detail ? detail : "");
        abort();
    }
}

static void check_failure(pl_status rc, const pl_scenario *s,
                          const pl_diag *d)
{
    check(s == NULL, "failed load returned a scenario", NULL);
    check(d->message[0] != '\0', "failed load without a message",
          pl_status_name(rc));
    check(rc == PL_EPARSE || rc == PL_ESCHEMA || rc == PL_ETOOBIG ||
              rc == PL_ENOMEM || rc == PL_EINVAL,
          "unexpected status", pl_status_name(rc));
    check(d->line >= 0 && d->column >= 0, "negative position", NULL);
}

static void round_trip(const pl_scenario *s)
{
    pl_genius_files f;
    pl_scenario *back = NULL;
    pl_diag d;
    pl_status rc;
    uint32_t o[PL_MAX_ISSUES];
    const size_t I = pl_scenario_issue_count(s);
    double n = pl_scenario_outcome_count(s);

    memset(&d, 0, sizeof d);
    rc = pl_scenario_write_genius(s, &f, &d);
    if (rc == PL_EINVAL)
        return;
    check(rc == PL_OK, "write failed", pl_status_name(rc));
    rc = pl_scenario_load_genius_text((const char *const *)f.text, f.len,
                                      (const char *const *)f.name, f.n - 1,
                                      NULL, &back, NULL, &d);
    if (rc != PL_OK)
        fprintf(stderr, "reload: %s:%d: %s\n", d.file, d.line, d.message);
    check(rc == PL_OK, "written files do not load", f.text[0]);
    check(pl_scenario_issue_count(back) == I &&
              pl_scenario_party_count(back) == pl_scenario_party_count(s),
          "round trip changed the shape", NULL);
    if (n > 4096)
        n = 4096;
    for (uint64_t x = 0; x < (uint64_t)n; x++) {
        uint64_t r = x * 0x9E3779B97F4A7C15ULL;
        for (size_t i = 0; i < I; i++) {
            const size_t m = pl_scenario_option_count(s, i);
            o[i] = (uint32_t)(r % m);
            r = r / m + x;
        }
        for (size_t p = 0; p < pl_scenario_party_count(s); p++) {
            const double a = pl_scenario_utility(s, p, o);
            const double b = pl_scenario_utility(back, p, o);
            check(fabs(a - b) <= 1e-9 * (1 + fabs(a)),
                  "round trip changed a utility", f.text[p + 1]);
        }
    }
    pl_scenario_free(back);
    pl_genius_files_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *texts[MAX_PARTS + 1];
    size_t lens[MAX_PARTS + 1];
    static const char *const names[MAX_PARTS + 1] = {
        "domain.xml", "a.xml", "b.xml", "c.xml", "d.xml", "e.xml"};
    const char *p = (const char *)data, *end = p + size;
    size_t n = 0;
    pl_scenario *s = NULL;
    pl_diag d;
    pl_status rc;

    while (n < MAX_PARTS) {
        const char *q = NULL;
        for (const char *c = p; c + sizeof SEP - 1 <= end; c++)
            if (memcmp(c, SEP, sizeof SEP - 1) == 0) {
                q = c;
                break;
            }
        texts[n] = p;
        lens[n] = (size_t)((q ? q : end) - p);
        n++;
        if (!q)
            break;
        p = q + sizeof SEP - 1;
    }
    if (n == 1) {
        texts[1] = texts[0];
        lens[1] = lens[0];
        n = 2;
    }
    memset(&d, 0, sizeof d);
    rc = pl_scenario_load_genius_text(texts, lens, names, n - 1, NULL, &s,
                                      NULL, &d);
    if (rc != PL_OK) {
        check_failure(rc, s, &d);
        return 0;
    }
    round_trip(s);
    pl_scenario_free(s);
    return 0;
}
