/*
 * str.c - small locale-independent string helpers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

char *vigil__strdup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

int vigil__isdigit(int c)
{
    return c >= '0' && c <= '9';
}

int vigil__isalpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int vigil__isalnum(int c)
{
    return vigil__isdigit(c) || vigil__isalpha(c);
}

int vigil__tolower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

int vigil__toupper(int c)
{
    return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

int vigil__strcasecmp(const char *a, const char *b)
{
    int ca, cb;

    do {
        ca = vigil__tolower((unsigned char)*a++);
        cb = vigil__tolower((unsigned char)*b++);
    } while (ca && ca == cb);
    return ca - cb;
}

int vigil__strncaseeq(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (vigil__tolower((unsigned char)a[i]) !=
            vigil__tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

int vigil__parse_ll(const char *s, long long min, long long max,
                    long long *out)
{
    char *end;
    long long v;

    if (!s || !*s)
        return VIGIL_EINVAL;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (*end != '\0')
        return VIGIL_EINVAL;
    if (errno == ERANGE || v < min || v > max)
        return VIGIL_ERANGE;
    *out = v;
    return 0;
}

/*
 * Text people type into one-line fields is shown in terminals, tables
 * and mails and carried in JSON: it must stay valid there.
 */
int vigil__text_check(const char *what, const char *s, size_t max,
                      int one_line, struct vigil_error *err)
{
    const unsigned char *p;
    size_t n, bad;

    if (!s)
        return 0;
    n = strlen(s);
    if (n > max)
        return vigil_error_set(err, VIGIL_ELIMIT, 0,
                               "%s is at most %zu bytes, not %zu", what, max,
                               n);

    /* every JSON document and page that shows the field must stay valid */
    if ((bad = vigil__utf8_check(s, n)) != n)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "%s must be valid UTF-8 (byte 0x%02x at "
                               "offset %zu is not)", what,
                               (unsigned char)s[bad], bad);

    for (p = (const unsigned char *)s; one_line && *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return vigil_error_set(err, VIGIL_EINVAL, 0,
                                   "%s must not hold control characters "
                                   "(byte 0x%02x at offset %zu)", what, *p,
                                   (size_t)(p - (const unsigned char *)s));
    return 0;
}

/*
 * White space past ASCII, and the characters that show as nothing:
 * "bob" followed by one of them looks like "bob" and is not.  The runs
 * U+2000..U+200F (spaces, zero-width joiners and direction marks) and
 * U+2060..U+2064 (word joiner and invisible operators) are tested
 * apart.
 */
static const char *const wide_spaces[] = {
    "\xc2\x85",         /* U+0085 next line */
    "\xc2\xa0",         /* U+00A0 no-break space */
    "\xc2\xad",         /* U+00AD soft hyphen */
    "\xe1\x9a\x80",     /* U+1680 ogham space mark */
    "\xe1\xa0\x8e",     /* U+180E Mongolian vowel separator */
    "\xe2\x80\xa8",     /* U+2028 line separator */
    "\xe2\x80\xa9",     /* U+2029 paragraph separator */
    "\xe2\x80\xaf",     /* U+202F narrow no-break space */
    "\xe2\x81\x9f",     /* U+205F medium mathematical space */
    "\xe3\x80\x80",     /* U+3000 ideographic space */
    "\xef\xbb\xbf",     /* U+FEFF zero-width no-break space */
};

size_t vigil__utf8_space(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i, k;

    if (n >= 1 && (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r')))
        return 1;
    if (n >= 3 && u[0] == 0xe2 && ((u[1] == 0x80 && u[2] >= 0x80 &&
                                    u[2] <= 0x8f) ||
                                   (u[1] == 0x81 && u[2] >= 0xa0 &&
                                    u[2] <= 0xa4)))
        return 3;
    for (i = 0; i < VIGIL_ARRAY_SIZE(wide_spaces); i++) {
        k = strlen(wide_spaces[i]);
        if (k <= n && memcmp(s, wide_spaces[i], k) == 0)
            return k;
    }
    return 0;
}

int vigil__blank(const char *s)
{
    size_t n = s ? strlen(s) : 0, k;

    while (n && (k = vigil__utf8_space(s, n))) {
        s += k;
        n -= k;
    }
    return n == 0;
}
