/*
 * fuzz_search_query.c - the rebuild of a search query into FTS5 text.
 * Checks that whatever comes in, what goes out is only FTS5 strings,
 * each maybe followed by *, separated by single spaces: no operator,
 * column filter or open quote can reach FTS5.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/search.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether q is: "..."[*] ( "..."[*] )* with no quote or control byte
 * inside a string, at most VIGIL_SEARCH_MAX_TERMS of them. */
static int well_formed(const char *q)
{
    const unsigned char *p = (const unsigned char *)q;
    int terms = 0;

    while (*p) {
        if (terms && *p++ != ' ')
            return 0;
        if (*p++ != '"')
            return 0;
        while (*p && *p != '"') {
            if (*p < 0x20 || *p == 0x7f)
                return 0;
            p++;
        }
        if (*p++ != '"')
            return 0;
        if (*p == '*')
            p++;
        terms++;
    }
    return terms >= 1 && terms <= VIGIL_SEARCH_MAX_TERMS;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char out[VIGIL_SEARCH_QUERY_MAX], small[24];
    char *s = fuzz_cstring(data, size, 1 << 16);
    int rc;

    if (!s)
        return 0;
    rc = vigil_search_query(s, out, sizeof(out));
    if (rc != 0 && rc != VIGIL_EINVAL)
        abort();
    if (rc == 0 && (!well_formed(out) || strlen(out) >= sizeof(out)))
        abort();

    /* a small buffer is refused or filled correctly, never overrun */
    rc = vigil_search_query(s, small, sizeof(small));
    if (rc == 0 && !well_formed(small))
        abort();
    if (rc != 0 && rc != VIGIL_EINVAL && rc != VIGIL_ERANGE)
        abort();
    free(s);
    return 0;
}
