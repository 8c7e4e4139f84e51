/*
 * internal.h - included last by every library, CLI and server source
 * file, after its system headers, so that banned.h can turn unsafe
 * calls into errors without breaking the system's own declarations.
 */
#ifndef VIGIL_INTERNAL_H
#define VIGIL_INTERNAL_H

#include "vigil/common.h"
#include "vigil/buf.h"

#define VIGIL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* strdup that returns NULL for NULL. */
char *vigil__strdup0(const char *s);

/* ASCII-only, locale-independent helpers. */
int vigil__strcasecmp(const char *a, const char *b);
int vigil__isdigit(int c);
int vigil__isalpha(int c);
int vigil__isalnum(int c);
int vigil__tolower(int c);

/* Whether the first n bytes of a and b are equal, ASCII case ignored. */
int vigil__strncaseeq(const char *a, const char *b, size_t n);

/*
 * The offset of the first byte of s[0..n) that does not start a valid
 * UTF-8 sequence (overlong forms and surrogates are invalid), or n when
 * all of it is valid.
 */
size_t vigil__utf8_check(const char *s, size_t n);

/*
 * Parses a decimal integer in [min, max] from s, which must hold nothing
 * else.  Returns 0 or VIGIL_EINVAL / VIGIL_ERANGE.
 */
int vigil__parse_ll(const char *s, long long min, long long max,
                    long long *out);

/*
 * Writes url into out with its user information and the values of
 * query parameters that hold secrets (token, api_key, signature, ...)
 * replaced by "***"; cut to outlen.
 */
void vigil_url_redact(const char *url, char *out, size_t outlen);

/*
 * The length of url's "http://" or "https://", the scheme in any case
 * as RFC 3986 (section 3.1) has it; 0 for any other start.
 */
size_t vigil__url_http_prefix(const char *url);

/*
 * Whether a "scheme://authority..." URL names a host: 1 when its
 * authority without user information and port is not empty, 0 for
 * "http:///etc/passwd", "https://user@:443/" or a URL without "://".
 */
int vigil__url_has_host(const char *url);

#include "banned.h"

#endif
