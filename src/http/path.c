/*
 * path.c - the bytes of a request target, percent-decoding, form
 * parameters and route matching for the HTTP server.  Everything here
 * works on caller-given buffers and never allocates, so a request can
 * cost no more memory than its caps.
 */
#include <string.h>

#include "vigil/http.h"
#include "../internal.h"

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int vigil_http_decode(const char *s, size_t len, int plus_space, char *out,
                      size_t cap, size_t *outlen)
{
    size_t i, o = 0;
    int c, hi, lo;

    if (cap == 0)
        return VIGIL_ERANGE;
    for (i = 0; i < len; i++) {
        c = (unsigned char)s[i];
        if (c == '%') {
            if (len - i < 3)
                return VIGIL_EINVAL;
            hi = hexval((unsigned char)s[i + 1]);
            lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0)
                return VIGIL_EINVAL;
            c = hi * 16 + lo;
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if (c == '\0')
            return VIGIL_EINVAL;
        if (o + 1 >= cap)
            return VIGIL_ERANGE;
        out[o++] = (char)c;
    }
    out[o] = '\0';

    /* every decoded name and value ends up in JSON, pages or the store */
    if (vigil__utf8_check(out, o) != o)
        return VIGIL_EINVAL;
    if (outlen)
        *outlen = o;
    return 0;
}

size_t vigil_http_target_check(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
            break;
    return i;
}

/* Whether the encoded key k (klen bytes) decodes to key. */
static int key_equals(const char *k, size_t klen, const char *key)
{
    char dec[128];

    if (vigil_http_decode(k, klen, 1, dec, sizeof(dec), NULL) != 0)
        return 0;
    return strcmp(dec, key) == 0;
}

int vigil_http_param(const char *qs, size_t len, const char *key, char *out,
                     size_t cap)
{
    const char *p = qs, *end = qs + len, *amp, *eq;

    while (p < end) {
        amp = memchr(p, '&', (size_t)(end - p));
        if (!amp)
            amp = end;
        eq = memchr(p, '=', (size_t)(amp - p));
        if (key_equals(p, (size_t)((eq ? eq : amp) - p), key)) {
            if (!eq) {
                if (cap == 0)
                    return VIGIL_ERANGE;
                out[0] = '\0';
                return 0;
            }
            return vigil_http_decode(eq + 1, (size_t)(amp - eq - 1), 1, out,
                                     cap, NULL);
        }
        p = amp + 1;
    }
    return VIGIL_ENOTFOUND;
}

/* Copies one captured segment into buf at *used; 0 or -1 when full. */
static int capture(const char *seg, size_t len, char *buf, size_t cap,
                   size_t *used, const char **params, int max, int *n)
{
    if (*n >= max || cap - *used < len + 1)
        return -1;
    memcpy(buf + *used, seg, len);
    buf[*used + len] = '\0';
    params[(*n)++] = buf + *used;
    *used += len + 1;
    return 0;
}

int vigil_http_match(const char *pattern, const char *path, char *buf,
                     size_t cap, const char **params, int max, int *n)
{
    const char *p = pattern, *q = path, *pe, *qe;
    size_t used = 0, plen, qlen;
    int count = 0;

    if (*p != '/' || *q != '/')
        return 0;
    while (*p == '/' && *q == '/') {
        p++;
        q++;
        pe = strchr(p, '/');
        qe = strchr(q, '/');
        plen = pe ? (size_t)(pe - p) : strlen(p);
        qlen = qe ? (size_t)(qe - q) : strlen(q);
        if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
            if (qlen == 0 || capture(q, qlen, buf, cap, &used, params, max,
                                     &count) != 0)
                return 0;
        } else if (plen != qlen || memcmp(p, q, plen) != 0) {
            return 0;
        }
        p += plen;
        q += qlen;
    }
    if (*p != '\0' || *q != '\0')
        return 0;
    *n = count;
    return 1;
}

int vigil_http_asset_name_ok(const char *name)
{
    size_t i, len = strlen(name);

    if (len == 0 || len > 128 || name[0] == '.')
        return 0;
    for (i = 0; i < len; i++) {
        int c = (unsigned char)name[i];

        if (!vigil__isalnum(c) && c != '.' && c != '_' && c != '-')
            return 0;
    }
    return strstr(name, "..") == NULL;
}
