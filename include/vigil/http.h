/*
 * http.h - the pure parts of serving HTTP: checking the bytes of a
 * request target, percent-decoding, reading a parameter out of a query
 * string or form body, matching a path against a route pattern, and
 * checking a name asked of the static route.  No I/O and no
 * allocation, so they are unit-tested and fuzzed on their own;
 * src/server/http.c uses them on every request.
 */
#ifndef VIGIL_HTTP_H
#define VIGIL_HTTP_H

#include <stddef.h>

#include "vigil/common.h"

/*
 * Percent-decodes len bytes of s into out (cap bytes, NUL-terminated).
 * plus_space turns '+' into a space (forms and query strings).  A bad
 * escape, a decoded NUL byte or a result that is not valid UTF-8 is
 * VIGIL_EINVAL; an output that does not fit is VIGIL_ERANGE.  *outlen
 * (may be NULL) gets the length.
 */
int vigil_http_decode(const char *s, size_t len, int plus_space, char *out,
                      size_t cap, size_t *outlen);

/*
 * The offset of the first byte of a request target (len bytes, as sent)
 * that must be percent-encoded: a control byte (NUL included), space,
 * DEL, or any byte over 0x7f, none of which RFC 3986 allows raw.  len
 * when there is none.
 */
size_t vigil_http_target_check(const char *s, size_t len);

/*
 * Finds the first "key=value" pair of an application/x-www-form-
 * urlencoded string (a query string or a form body) whose decoded key
 * is key, and decodes its value into out.  A key without '=' has the
 * value "".  Returns 0, VIGIL_ENOTFOUND, or the errors of
 * vigil_http_decode for the value asked for.
 */
int vigil_http_param(const char *qs, size_t len, const char *key, char *out,
                     size_t cap);

/*
 * Matches a decoded path against a pattern of literal segments and
 * "{name}" captures ("/api/v1/updates/{id}").  A capture takes one
 * whole, non-empty segment.  On a match returns 1 and copies the
 * captures, NUL-terminated, into buf (cap bytes), pointing params[0..]
 * at them (at most max; *n gets the count); otherwise returns 0.  A
 * path that does not fit buf does not match.
 */
int vigil_http_match(const char *pattern, const char *path, char *buf,
                     size_t cap, const char **params, int max, int *n);

/*
 * Whether name may be looked up among the embedded assets: 1 to 128
 * characters of [A-Za-z0-9._-], not starting with '.', so no "..", no
 * separator and no hidden name can be asked for.  1 or 0.
 */
int vigil_http_asset_name_ok(const char *name);

#endif
