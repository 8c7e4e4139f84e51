/*
 * fuzz_ghsa.c - the GitHub advisory parser (GraphQL and REST shapes) on
 * arbitrary bytes, format forced.
 */
#include <stddef.h>
#include <stdint.h>

#include "vigil/feed.h"
#include "fuzz_feed.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_feed_run(VIGIL_FMT_GHSA, data, size);
}
