/*
 * scheme_util.c - small helpers the version schemes share: numeric
 * comparison of digit runs of any length and the character check every
 * validator starts with.
 */
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

int vigil__digits_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c;

    while (alen > 0 && *a == '0') {
        a++;
        alen--;
    }
    while (blen > 0 && *b == '0') {
        b++;
        blen--;
    }
    if (alen != blen)
        return alen < blen ? -1 : 1;
    c = memcmp(a, b, alen);
    return c < 0 ? -1 : c > 0;
}

/* LIMIT: bytes outside printable ASCII are refused in every scheme,
 * although dpkg and Maven would order them; such versions give an error.
 * See docs/LIMITS.md#version-non-ascii. */
int vigil__version_check_chars(const char *what, const char *v, size_t max,
                               int allow_blank, struct vigil_error *err)
{
    size_t i;
    unsigned char c;

    if (!v)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid %s version: missing", what);
    if (*v == '\0')
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid %s version '': empty", what);
    for (i = 0; v[i]; i++) {
        if (i >= max)
            return vigil_error_set(err, VIGIL_EINVAL, i,
                                   "invalid %s version '%.40s...': longer "
                                   "than %zu bytes", what, v, max);
        c = (unsigned char)v[i];
        if (allow_blank && (c == ' ' || c == '\t'))
            continue;
        if (c <= 0x20 || c >= 0x7f)
            return vigil_error_set(err, VIGIL_EINVAL, i,
                                   "invalid %s version '%.200s': character "
                                   "0x%02x at offset %zu", what, v, c, i);
    }
    return 0;
}
