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
