/*
 * fuzz_http.c - the request helpers of vigil serve.  The first line of
 * the input is a request target checked for raw bytes and a path
 * matched against every kind of pattern; the rest is a query string or
 * form body searched for a few keys.  Checks that the target check
 * stops at the first byte outside '!'..'~', that decoding never grows
 * a string, captures are whole segments, and that an accepted asset
 * name holds no separator or "..".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/http.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const patterns[] = {
    "/", "/healthz", "/api/v1/updates/{id}", "/static/{name}",
    "/api/v1/{a}/{b}/{c}/{d}",
};

static const char *const keys[] = { "q", "limit", "offset", "csrf", "" };

static void check_match(const char *path)
{
    const char *params[4];
    char buf[256], dec[256];
    size_t i, len;
    int n, j;

    for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
        if (!vigil_http_match(patterns[i], path, buf, sizeof(buf), params,
                              4, &n))
            continue;
        for (j = 0; j < n; j++) {
            if (!params[j][0] || strchr(params[j], '/'))
                abort();
            if (vigil_http_decode(params[j], strlen(params[j]), 0, dec,
                                  sizeof(dec), &len) == 0 &&
                len > strlen(params[j]))
                abort();
            if (vigil_http_asset_name_ok(params[j]) &&
                strstr(params[j], ".."))
                abort();
        }
    }
}

/* The offset given is the first byte that must be percent-encoded. */
static void check_target(const uint8_t *s, size_t len)
{
    size_t i, at = vigil_http_target_check((const char *)s, len);

    if (at > len)
        abort();
    for (i = 0; i < at; i++)
        if (s[i] <= 0x20 || s[i] >= 0x7f)
            abort();
    if (at < len && s[at] > 0x20 && s[at] < 0x7f)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstring(data, size, 8192), *nl, out[512];
    const uint8_t *eol;
    size_t i, len;

    if (!s)
        return 0;

    /* the raw bytes, NUL included, up to the first line's end */
    eol = memchr(data, '\n', size);
    check_target(data, eol ? (size_t)(eol - data) : size);
    nl = strchr(s, '\n');
    if (nl)
        *nl = '\0';
    check_match(s);
    if (nl) {
        len = strlen(nl + 1);
        for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
            if (vigil_http_param(nl + 1, len, keys[i], out, sizeof(out)) ==
                    0 && strlen(out) > len)
                abort();
    }
    free(s);
    return 0;
}
