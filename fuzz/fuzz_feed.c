/*
 * fuzz_feed.c - format detection and auto-detected parsing on arbitrary
 * bytes, and the affected-entry JSON decoder on the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/advisory.h"
#include "vigil/feed.h"
#include "fuzz_feed.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vigil_affected a;
    struct vigil_arena arena;
    char *text;

    if (vigil_feed_detect((const char *)data, size) >= VIGIL_FMT_COUNT)
        abort();
    fuzz_feed_run(VIGIL_FMT_UNKNOWN, data, size);

    /* the decoder takes a C string */
    text = fuzz_cstring(data, size, SIZE_MAX);
    if (!text)
        return 0;
    vigil_arena_init(&arena);
    if (vigil_affected_from_json(text, &arena, &a) == 0)
        fuzz_roundtrip(&a);
    vigil_arena_release(&arena);
    free(text);
    return 0;
}
