/*
 * fuzz_nvd.c - the NVD parser (API 2.0 and 1.1) on arbitrary bytes,
 * format forced.
 */
#include <stddef.h>
#include <stdint.h>

#include "vigil/feed.h"
#include "fuzz_feed.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_feed_run(VIGIL_FMT_NVD, data, size);
}
