/*
 * fuzz_sync_text.c - the small parsers of the sync module, over text
 * that comes from servers and users: durations, URLs to redact,
 * Retry-After values and checksum files.  Checks that a duration
 * formats back to itself, that redacting twice changes nothing more,
 * that a delay is never negative and that a checksum found is 64 hex
 * digits that are in the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/sync.h"
#include "sync/sync_int.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void durations(const char *s)
{
    long long secs, back;
    char buf[32];

    if (vigil_duration_parse(s, &secs) != 0)
        return;
    if (secs < 1)
        abort();
    vigil_duration_format(secs, buf, sizeof(buf));
    if (vigil_duration_parse(buf, &back) != 0 || back != secs)
        abort();
}

static void redaction(const char *s, size_t size)
{
    size_t cap = 4 * size + 16;
    char *once = malloc(cap), *twice = malloc(cap);

    if (once && twice) {
        vigil_sync_redact_url(s, once, cap);
        vigil_sync_redact_url(once, twice, cap);
        if (strcmp(once, twice) != 0)
            abort();
    }
    free(once);
    free(twice);
}

static void checksum(const char *s, size_t size)
{
    char hex[65], *low = malloc(size + 1);
    size_t i;

    if (low && vigil__sync_sha256_in(s, size, hex) == 0) {
        if (strlen(hex) != 64 || strspn(hex, "0123456789abcdef") != 64)
            abort();
        for (i = 0; i <= size; i++)
            low[i] = (char)vigil__tolower((unsigned char)s[i]);
        if (!strstr(low, hex))
            abort();
    }
    free(low);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstring(data, size, 4096);
    double secs;

    if (!s)
        return 0;
    durations(s);
    redaction(s, size);
    if (vigil__sync_retry_after(s, 1700000000, &secs) == 0 && !(secs >= 0))
        abort();
    checksum(s, strlen(s));
    free(s);
    return 0;
}
