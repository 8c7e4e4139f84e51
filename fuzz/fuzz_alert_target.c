/*
 * fuzz_alert_target.c - alert target URIs: parsing and redaction.
 * Checks that a parsed target is coherent (mail targets have a
 * recipient, every kind has where to send) and that the redacted form
 * never holds the password.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/alert.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The authority of a redacted URI holds no userinfo but "***". */
static int userinfo_hidden(const char *red)
{
    const char *a = strstr(red, "://"), *at;
    size_t n;

    if (!a)
        return 1;
    a += 3;
    n = strcspn(a, "/?#");
    at = memchr(a, '@', n);
    return !at || (at - a == 3 && strncmp(a, "***", 3) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *uri = fuzz_cstring(data, size, 8192), red[512];
    struct vigil_target *t;
    struct vigil_error err;

    if (!uri)
        return 0;
    vigil_target_redact(uri, red, sizeof(red));
    if (vigil_target_parse(uri, &t, &err) == 0) {
        if (t->kind == VIGIL_TARGET_SMTP && (t->nto == 0 || !t->from))
            abort();
        if (!t->url && !t->path && !t->host)
            abort();
        if (t->password && !userinfo_hidden(red))
            abort();
        vigil_target_free(t);
    }
    free(uri);
    return 0;
}
