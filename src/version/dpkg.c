/*
 * dpkg.c - Debian package versions, [epoch:]upstream[-revision], ordered
 * as dpkg --compare-versions orders them (Debian Policy 5.6.12).
 *
 * Parsing follows dpkg's parseversion(): surrounding blanks are
 * trimmed; an empty string, embedded blanks, a bad epoch, nothing after
 * the colon, an empty upstream part or an empty revision are errors.
 * What dpkg only warns about (upstream not starting with a digit,
 * unusual characters) is accepted, because dpkg still compares such
 * versions and the oracle rows show it.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

struct dpkg_ver {
    long epoch;
    char buf[VIGIL__VERSION_MAX + 1];
    const char *upstream;       /* points into buf */
    const char *revision;       /* points into buf, or "" */
};

static int bad(const char *v, const char *why, struct vigil_error *err)
{
    return vigil_error_set(err, VIGIL_EINVAL, 0,
                           "invalid dpkg version '%.200s': %s", v, why);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Reads the epoch before the first colon the way dpkg does, with strtol. */
static int parse_epoch(const char *v, char *s, char *colon, long *epoch,
                       struct vigil_error *err)
{
    char *end;
    long e;

    errno = 0;
    e = strtol(s, &end, 10);
    if (end == s)
        return bad(v, "epoch is empty", err);
    if (end != colon)
        return bad(v, "epoch is not a number", err);
    if (e < 0)
        return bad(v, "epoch is negative", err);
    if (e > INT_MAX || errno == ERANGE)
        return bad(v, "epoch is too big", err);
    if (colon[1] == '\0')
        return bad(v, "nothing after the colon", err);
    *epoch = e;
    return 0;
}

static int dpkg_parse(const char *v, struct dpkg_ver *out,
                      struct vigil_error *err)
{
    const char *start, *end, *p;
    char *s, *colon, *hyphen;
    size_t n;
    int rc;

    rc = vigil__version_check_chars("dpkg", v, VIGIL__VERSION_MAX, 1, err);
    if (rc != 0)
        return rc;
    for (start = v; is_blank(*start); start++)
        ;
    for (end = start; *end && !is_blank(*end); end++)
        ;
    for (p = end; is_blank(*p); p++)
        ;
    if (start == end)
        return bad(v, "empty", err);
    if (*p)
        return bad(v, "embedded blanks", err);

    n = (size_t)(end - start);
    memcpy(out->buf, start, n);
    out->buf[n] = '\0';
    s = out->buf;
    out->epoch = 0;
    colon = strchr(s, ':');
    if (colon) {
        rc = parse_epoch(v, s, colon, &out->epoch, err);
        if (rc != 0)
            return rc;
        s = colon + 1;
    }

    hyphen = strrchr(s, '-');
    out->revision = "";
    if (hyphen) {
        *hyphen = '\0';
        out->revision = hyphen + 1;
        if (*out->revision == '\0')
            return bad(v, "revision is empty", err);
    }
    if (*s == '\0')
        return bad(v, "upstream version is empty", err);
    out->upstream = s;
    return 0;
}

/* Sort weight of a non-digit: '~' first, then end of part, letters,
 * then everything else. */
static int order(unsigned char c)
{
    if (vigil__isdigit(c))
        return 0;
    if (vigil__isalpha(c))
        return c;
    if (c == '~')
        return -1;
    if (c)
        return c + 256;
    return 0;
}

/* dpkg's verrevcmp: alternating non-digit and digit runs. */
static int verrevcmp(const char *a, const char *b)
{
    while (*a || *b) {
        int first_diff = 0;

        while ((*a && !vigil__isdigit((unsigned char)*a)) ||
               (*b && !vigil__isdigit((unsigned char)*b))) {
            int ac = order((unsigned char)*a);
            int bc = order((unsigned char)*b);

            if (ac != bc)
                return ac < bc ? -1 : 1;
            a++;
            b++;
        }
        while (*a == '0')
            a++;
        while (*b == '0')
            b++;
        while (vigil__isdigit((unsigned char)*a) &&
               vigil__isdigit((unsigned char)*b)) {
            if (!first_diff)
                first_diff = *a - *b;
            a++;
            b++;
        }
        if (vigil__isdigit((unsigned char)*a))
            return 1;
        if (vigil__isdigit((unsigned char)*b))
            return -1;
        if (first_diff)
            return first_diff < 0 ? -1 : 1;
    }
    return 0;
}

static int dpkg_validate(const char *v, struct vigil_error *err)
{
    struct dpkg_ver p;

    return dpkg_parse(v, &p, err);
}

static int dpkg_compare(const char *a, const char *b, int *cmp,
                        struct vigil_error *err)
{
    struct dpkg_ver pa, pb;
    int rc, c;

    rc = dpkg_parse(a, &pa, err);
    if (rc == 0)
        rc = dpkg_parse(b, &pb, err);
    if (rc != 0)
        return rc;

    if (pa.epoch != pb.epoch)
        c = pa.epoch < pb.epoch ? -1 : 1;
    else if ((c = verrevcmp(pa.upstream, pb.upstream)) == 0)
        c = verrevcmp(pa.revision, pb.revision);
    *cmp = c;
    return 0;
}

const struct vigil_scheme vigil__scheme_dpkg = {
    "dpkg", dpkg_validate, dpkg_compare, NULL
};
