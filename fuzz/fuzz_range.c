/*
 * fuzz_range.c - affected-range evaluation on hostile versions, bounds,
 * exact entries (CVE 5 constraint strings, "4.x" branches) and OSV
 * events.  Input: lines "version", "start", "end", "exact", "status",
 * then events as "i:1.0", "f:2.0", "l:1.5" or "lim:3.0"; empty lines
 * leave a field unset.  Every verdict must be one of the three.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/range.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXEV 8

static enum vigil_event_kind kind_of(const char *s)
{
    return s[0] == 'i' ? VIGIL_EV_INTRODUCED
         : s[0] == 'f' ? VIGIL_EV_FIXED
         : s[0] == 'l' && s[1] == 'i' ? VIGIL_EV_LIMIT
         : VIGIL_EV_LAST_AFFECTED;
}

static void run(const struct vigil_affected *a, const char *v)
{
    static const char *const schemes[] = { "generic", "dpkg", "pep440",
                                           "semver" };
    struct vigil_evidence ev;
    enum vigil_verdict verdict;
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(schemes); i++) {
        if (vigil_affected_check(a, vigil_scheme_get(schemes[i]), v,
                                 &verdict, &ev, NULL) != 0 ||
            (int)verdict < 0 || verdict > VIGIL_VERDICT_UNKNOWN ||
            strlen(ev.detail) >= sizeof(ev.detail))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf, *line[5 + MAXEV], *p;
    struct vigil_event ev[MAXEV];
    struct vigil_range r[2];
    struct vigil_affected a;
    size_t n = 0, i, nev = 0;

    buf = fuzz_cstring(data, size, 4096);
    if (!buf)
        return 0;
    for (p = buf; p && n < VIGIL_ARRAY_SIZE(line); n++) {
        line[n] = p;
        p = strchr(p, '\n');
        if (p)
            *p++ = '\0';
    }
    for (i = n; i < VIGIL_ARRAY_SIZE(line); i++)
        line[i] = buf + size;
    for (i = 5; i < n && nev < MAXEV; i++)
        if (strchr(line[i], ':')) {
            ev[nev].kind = kind_of(line[i]);
            ev[nev++].version = strchr(line[i], ':') + 1;
        }
    memset(r, 0, sizeof(r));
    r[0].type = "BOUNDS";
    r[0].start = *line[1] ? line[1] : NULL;
    r[0].end = *line[2] ? line[2] : NULL;
    r[0].exact = *line[3] ? line[3] : NULL;
    r[0].status = *line[4] ? line[4] : NULL;
    r[1].type = "ECOSYSTEM";
    r[1].events = ev;
    r[1].nevents = nev;
    memset(&a, 0, sizeof(a));
    a.ranges = r;
    a.nranges = 2;
    a.default_status = "affected";
    run(&a, line[0]);
    free(buf);
    return 0;
}
