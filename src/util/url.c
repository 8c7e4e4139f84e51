/*
 * url.c - URLs as they may be shown: with user information and secret
 * query parameters replaced by "***".  Every message, listing and
 * stored error that names a URL goes through here.  Also the scheme
 * and host tests that places taking a URL share.
 */
#include <stdio.h>
#include <string.h>

#include "../internal.h"

/* Query parameters whose values are secrets. */
static const char *const secret_params[] = {
    "apikey", "api_key", "key", "token", "access_token", "password",
    "pass", "pwd", "sig", "signature", "secret", "client_secret",
    "access_key", "x-amz-signature", "x-amz-credential",
    "x-amz-security-token", "auth", "code",
};

static int is_secret_param(const char *p, size_t n)
{
    size_t i, k;

    for (i = 0; i < VIGIL_ARRAY_SIZE(secret_params); i++) {
        if (strlen(secret_params[i]) != n)
            continue;
        for (k = 0; k < n; k++)
            if (vigil__tolower((unsigned char)p[k]) != secret_params[i][k])
                break;
        if (k == n)
            return 1;
    }
    return 0;
}

/* Appends the query of a URL (from '?' to '#' or the end) redacted. */
static void redact_query(struct vigil_buf *b, const char *q, size_t n)
{
    const char *end = q + n, *amp, *eq;

    while (q < end) {
        amp = memchr(q, '&', (size_t)(end - q));
        if (!amp)
            amp = end;
        eq = memchr(q, '=', (size_t)(amp - q));
        if (eq && is_secret_param(q, (size_t)(eq - q))) {
            vigil_buf_add(b, q, (size_t)(eq - q) + 1);
            vigil_buf_adds(b, "***");
        } else {
            vigil_buf_add(b, q, (size_t)(amp - q));
        }
        if (amp < end)
            vigil_buf_addc(b, '&');
        q = amp + 1;
    }
}

void vigil_url_redact(const char *url, char *out, size_t outlen)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *p = strstr(url, "://"), *auth, *at, *q, *frag;

    if (!outlen)
        return;
    auth = p ? p + 3 : url;
    vigil_buf_add(&b, url, (size_t)(auth - url));
    at = auth + strcspn(auth, "/?#");
    p = memchr(auth, '@', (size_t)(at - auth));
    if (p) {
        /* the last '@' of the authority ends the user information */
        while ((q = memchr(p + 1, '@', (size_t)(at - p - 1))))
            p = q;
        vigil_buf_adds(&b, "***@");
        auth = p + 1;
    }
    q = strchr(auth, '?');
    frag = strchr(auth, '#');
    if (q && (!frag || q < frag)) {
        vigil_buf_add(&b, auth, (size_t)(q + 1 - auth));
        redact_query(&b, q + 1, frag ? (size_t)(frag - q - 1)
                                     : strlen(q + 1));
        if (frag)
            vigil_buf_adds(&b, frag);
    } else {
        vigil_buf_adds(&b, auth);
    }
    snprintf(out, outlen, "%s", b.ptr ? b.ptr : "");
    vigil_buf_release(&b);
}

size_t vigil__url_http_scheme(const char *url)
{
    if (vigil__strncaseeq(url, "http:", 5))
        return 5;
    if (vigil__strncaseeq(url, "https:", 6))
        return 6;
    return 0;
}

size_t vigil__url_http_prefix(const char *url)
{
    size_t n = vigil__url_http_scheme(url);

    return n && strncmp(url + n, "//", 2) == 0 ? n + 2 : 0;
}

int vigil__url_has_host(const char *url)
{
    const char *p = strstr(url, "://"), *end, *at;

    if (!p)
        return 0;
    p += 3;
    end = p + strcspn(p, "/?#");

    /* the last '@' of the authority ends the user information */
    while ((at = memchr(p, '@', (size_t)(end - p))))
        p = at + 1;
    return p < end && *p != ':';
}
