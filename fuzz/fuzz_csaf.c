/*
 * fuzz_csaf.c - the CSAF parser on arbitrary bytes, format forced.  The
 * sink also reads what only CSAF fills: remediations and the VEX
 * justifications of ranges.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/feed.h"
#include "fuzz_feed.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_csaf(void *ctx, const struct vigil_advisory *a)
{
    size_t i, k, n = 0;

    for (i = 0; i < a->nremediations; i++)
        n += strlen(a->remediations[i]);
    for (i = 0; i < a->naffected; i++)
        for (k = 0; k < a->affected[i].nranges; k++)
            n += fuzz_len(a->affected[i].ranges[k].justification);
    *(size_t *)ctx += n;
    return fuzz_on_advisory(ctx, a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t total = 0;
    struct vigil_feed_sink sink = {
        .on_advisory = on_csaf, .on_error = fuzz_on_error, .ctx = &total
    };

    vigil_feed_parse(VIGIL_FMT_CSAF, (const char *)data, size, "fuzz",
                     &sink);
    return 0;
}
