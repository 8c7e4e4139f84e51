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
int vigil__toupper(int c);

/* Whether the first n bytes of a and b are equal, ASCII case ignored. */
int vigil__strncaseeq(const char *a, const char *b, size_t n);

/*
 * The offset of the first byte of s[0..n) that does not start a valid
 * UTF-8 sequence (overlong forms and surrogates are invalid), or n when
 * all of it is valid.
 */
size_t vigil__utf8_check(const char *s, size_t n);

/*
 * The byte length of the white space that starts s[0..n): ASCII space,
 * tab and line breaks, Unicode white space, and the characters that
 * show as nothing (U+00A0, U+00AD, U+2000..U+200F, U+2060..U+2064,
 * U+3000, U+FEFF, ...), at most 3 bytes; 0 when s does not start with
 * one.  A sequence must lie whole
 * within n, so the end of a string is tested with the last k bytes for
 * k = 1..3 and a result equal to k.
 */
size_t vigil__utf8_space(const char *s, size_t n);

/* 1 when s is NULL, empty or only white space (vigil__utf8_space). */
int vigil__blank(const char *s);

/*
 * Refuses text s (NULL passes) longer than max bytes (VIGIL_ELIMIT), not
 * valid UTF-8, or, for a one_line field, holding a control byte
 * (VIGIL_EINVAL); what names the field in the message ("a reason").
 */
int vigil__text_check(const char *what, const char *s, size_t max,
                      int one_line, struct vigil_error *err);

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
 * The length of url's scheme "http:" or "https:", in any case, whatever
 * follows it ("http:example.org" too); 0 for any other start.
 */
size_t vigil__url_http_scheme(const char *url);

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
