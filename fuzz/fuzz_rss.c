/*
 * fuzz_rss.c - the RSS, Atom and JSON Feed readers on arbitrary bytes:
 * format forced, then detected (so that OPML skipping and the XML
 * probe run too).
 */
#include <stddef.h>
#include <stdint.h>

#include "vigil/feed.h"
#include "fuzz_feed.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_feed_run(VIGIL_FMT_RSS, data, size);
    fuzz_feed_run(VIGIL_FMT_UNKNOWN, data, size);
    (void)vigil_feed_detect((const char *)data, size);
    return 0;
}
