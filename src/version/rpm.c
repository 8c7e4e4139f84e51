/*
 * rpm.c - RPM versions, [epoch:]version[-release], ordered as rpm 4.18
 * orders them: rpmvercmp() on each part, and rpmverCmp()'s EVR rules
 * (a missing epoch is "0"; the release is compared only when both sides
 * have one, so "1.0" matches every release of 1.0).
 *
 * rpm itself accepts almost any string.  vigil rejects what no package
 * can carry: empty strings, blanks and control characters, non-ASCII
 * bytes, an empty version or an empty release.
 */
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

struct rpm_evr {
    char buf[VIGIL__VERSION_MAX + 1];
    const char *epoch;          /* "0" when absent */
    const char *version;
    const char *release;        /* NULL when absent */
};

static int bad(const char *v, const char *why, struct vigil_error *err)
{
    return vigil_error_set(err, VIGIL_EINVAL, 0,
                           "invalid rpm version '%.200s': %s", v, why);
}

/* rpm's parseEVR(): the epoch is a digit run ended by ':', the release
 * follows the last '-' after it. */
static int rpm_parse(const char *v, struct rpm_evr *out,
                     struct vigil_error *err)
{
    char *s, *hyphen;
    int rc;

    rc = vigil__version_check_chars("rpm", v, VIGIL__VERSION_MAX, 0, err);
    if (rc != 0)
        return rc;
    memcpy(out->buf, v, strlen(v) + 1);

    for (s = out->buf; vigil__isdigit((unsigned char)*s); s++)
        ;
    hyphen = strrchr(s, '-');
    out->epoch = "0";
    out->version = out->buf;
    if (*s == ':') {
        *s = '\0';
        if (out->buf[0] != '\0')
            out->epoch = out->buf;
        out->version = s + 1;
    }
    out->release = NULL;
    if (hyphen) {
        *hyphen = '\0';
        out->release = hyphen + 1;
        if (*out->release == '\0')
            return bad(v, "release is empty", err);
    }
    if (*out->version == '\0')
        return bad(v, "version is empty", err);
    return 0;
}

static int is_sep(char c)
{
    return c && !vigil__isalnum((unsigned char)c) && c != '~' && c != '^';
}

/* Handles '~' and '^' at the current position; 2 means "continue". */
static int tilde_caret(const char **one, const char **two)
{
    const char *a = *one, *b = *two;

    if (*a == '~' || *b == '~') {
        if (*a != '~')
            return 1;
        if (*b != '~')
            return -1;
        *one = a + 1;
        *two = b + 1;
        return 2;
    }

    /* '^' sorts after the end of a version but before anything else. */
    if (*a == '^' || *b == '^') {
        if (!*a)
            return -1;
        if (!*b)
            return 1;
        if (*a != '^')
            return 1;
        if (*b != '^')
            return -1;
        *one = a + 1;
        *two = b + 1;
        return 2;
    }
    return 3;
}

/* Compares the alpha or numeric segments starting at *one and *two. */
static int segment_cmp(const char **one, const char **two)
{
    const char *a = *one, *b = *two, *ea = a, *eb = b;
    size_t la, lb;
    int isnum = vigil__isdigit((unsigned char)*a), c;

    if (isnum) {
        while (vigil__isdigit((unsigned char)*ea))
            ea++;
        while (vigil__isdigit((unsigned char)*eb))
            eb++;
    } else {
        while (vigil__isalpha((unsigned char)*ea))
            ea++;
        while (vigil__isalpha((unsigned char)*eb))
            eb++;
    }
    *one = ea;
    *two = eb;

    /* Segments of different types: numeric is newer. */
    if (eb == b)
        return isnum ? 1 : -1;
    la = (size_t)(ea - a);
    lb = (size_t)(eb - b);
    if (isnum)
        return vigil__digits_cmp(a, la, b, lb);
    c = memcmp(a, b, la < lb ? la : lb);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return la == lb ? 0 : (la < lb ? -1 : 1);
}

/* rpm's rpmvercmp(). */
static int rpmvercmp(const char *a, const char *b)
{
    int c;

    if (strcmp(a, b) == 0)
        return 0;
    while (*a || *b) {
        while (is_sep(*a))
            a++;
        while (is_sep(*b))
            b++;
        c = tilde_caret(&a, &b);
        if (c == 2)
            continue;
        if (c != 3)
            return c;
        if (!(*a && *b))
            break;
        c = segment_cmp(&a, &b);
        if (c != 0)
            return c;
    }
    if (!*a && !*b)
        return 0;
    return *a ? 1 : -1;
}

static int rpm_validate(const char *v, struct vigil_error *err)
{
    struct rpm_evr e;

    return rpm_parse(v, &e, err);
}

static int rpm_compare(const char *a, const char *b, int *cmp,
                       struct vigil_error *err)
{
    struct rpm_evr ea, eb;
    int rc, c;

    rc = rpm_parse(a, &ea, err);
    if (rc == 0)
        rc = rpm_parse(b, &eb, err);
    if (rc != 0)
        return rc;

    c = rpmvercmp(ea.epoch, eb.epoch);
    if (c == 0)
        c = rpmvercmp(ea.version, eb.version);
    if (c == 0 && ea.release && eb.release)
        c = rpmvercmp(ea.release, eb.release);
    *cmp = c;
    return 0;
}

const struct vigil_scheme vigil__scheme_rpm = {
    "rpm", rpm_validate, rpm_compare, NULL
};
