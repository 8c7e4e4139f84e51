/*
 * fuzz_cpe.c - CPE parsing, formatting and matching.  Checks that a
 * parsed name formats to a string that parses back to the same name,
 * and that every name matches itself unless it holds wildcards.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cpe.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_cpe c, again;
    char *s;

    s = fuzz_cstring(data, size, 4096);
    if (!s)
        return 0;
    if (vigil_cpe_parse(s, &c, NULL) == 0) {
        if (vigil_cpe_format(&c, &b) != 0)
            abort();
        if (vigil_cpe_parse(b.ptr, &again, NULL) != 0)
            abort();
        if (memcmp(&c, &again, sizeof(c)) != 0)
            abort();
        (void)vigil_cpe_match(&c, &again);
    }
    vigil_buf_release(&b);
    free(s);
    return 0;
}
