/*
 * go.c - Go module versions, following golang.org/x/mod/semver:
 * "v" MAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]], shorthands v1 and
 * v1.2 meaning v1.0.0 and v1.2.0, numbers without leading zeros.
 * Pseudo-versions (v0.0.0-20191109021931-daa7c04131f5) are ordinary
 * pre-releases, and "+incompatible" is build metadata, ignored by the
 * order.  OSV writes Go versions without the "v" ("1.2.3", "0"), so a
 * version that starts with a digit gets one.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

struct span {
    const char *s;
    size_t len;
};

struct go_ver {
    struct span major, minor, patch, pre, build;
};

static int ident_char(char c)
{
    return vigil__isalnum((unsigned char)c) || c == '-';
}

static int all_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!vigil__isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* A number without leading zeros; moves *pp past it. */
static int parse_num(const char **pp, struct span *out)
{
    const char *p = *pp;

    out->s = p;
    while (vigil__isdigit((unsigned char)*p))
        p++;
    out->len = (size_t)(p - out->s);
    if (out->len == 0 || (out->len > 1 && out->s[0] == '0'))
        return -1;
    *pp = p;
    return 0;
}

/* Dot-separated identifiers after '-' or '+'; numeric pre-release
 * identifiers may not have leading zeros. */
static int parse_idents(const char **pp, struct span *out, int prerelease)
{
    const char *p = *pp + 1, *start;

    out->s = *pp;
    for (;;) {
        start = p;
        while (ident_char(*p))
            p++;
        if (p == start)
            return -1;
        if (prerelease && p - start > 1 && *start == '0' &&
            all_digits(start, (size_t)(p - start)))
            return -1;
        if (*p != '.')
            break;
        p++;
    }
    out->len = (size_t)(p - out->s);
    *pp = p;
    return 0;
}

static int go_parse(const char *v, struct go_ver *g)
{
    static const struct span zero = { "0", 1 }, none = { "", 0 };
    const char *p = v;

    g->minor = g->patch = zero;
    g->pre = g->build = none;
    if (*p == 'v')
        p++;
    else if (!vigil__isdigit((unsigned char)*p))
        return -1;
    if (parse_num(&p, &g->major) != 0)
        return -1;
    if (*p == '\0')
        return 0;
    if (*p++ != '.' || parse_num(&p, &g->minor) != 0)
        return -1;
    if (*p == '\0')
        return 0;
    if (*p++ != '.' || parse_num(&p, &g->patch) != 0)
        return -1;
    if (*p == '-' && parse_idents(&p, &g->pre, 1) != 0)
        return -1;
    if (*p == '+' && parse_idents(&p, &g->build, 0) != 0)
        return -1;
    return *p == '\0' ? 0 : -1;
}

/* LIMIT: Go's semver.Compare ranks invalid versions equal to each other
 * and below every valid one; vigil reports them as errors instead, so an
 * unreadable version is never taken for "older than the fix". See
 * docs/LIMITS.md#go-invalid-versions. */
static int go_check(const char *v, struct go_ver *g, struct vigil_error *err)
{
    int rc;

    rc = vigil__version_check_chars("Go", v, VIGIL__VERSION_MAX, 0, err);
    if (rc != 0)
        return rc;
    if (go_parse(v, g) != 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid Go version '%.200s': not "
                               "vMAJOR[.MINOR[.PATCH[-PRE][+BUILD]]]", v);
    return 0;
}

/* Compares one pre-release identifier of each side. */
static int ident_cmp(const char *a, size_t la, const char *b, size_t lb)
{
    int na = all_digits(a, la), nb = all_digits(b, lb), c;

    if (na != nb)
        return na ? -1 : 1;
    if (na)
        return vigil__digits_cmp(a, la, b, lb);
    c = memcmp(a, b, la < lb ? la : lb);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return la == lb ? 0 : (la < lb ? -1 : 1);
}

/* Spans include the leading '-'; no pre-release sorts last. */
static int pre_cmp(struct span x, struct span y)
{
    const char *a, *b, *ea, *eb, *enda, *endb;

    if (x.len == 0 || y.len == 0)
        return x.len == y.len ? 0 : (x.len == 0 ? 1 : -1);
    a = x.s + 1;
    b = y.s + 1;
    enda = x.s + x.len;
    endb = y.s + y.len;
    while (a < enda && b < endb) {
        int c;

        for (ea = a; ea < enda && *ea != '.'; ea++)
            ;
        for (eb = b; eb < endb && *eb != '.'; eb++)
            ;
        c = ident_cmp(a, (size_t)(ea - a), b, (size_t)(eb - b));
        if (c != 0)
            return c;
        a = ea < enda ? ea + 1 : ea;
        b = eb < endb ? eb + 1 : eb;
    }
    if (a >= enda && b >= endb)
        return 0;
    return a >= enda ? -1 : 1;
}

int vigil__go_canonical(const char *v, char *out, size_t outlen,
                        struct vigil_error *err)
{
    struct go_ver g;
    int rc, n;

    rc = go_check(v, &g, err);
    if (rc != 0)
        return rc;
    n = snprintf(out, outlen, "v%.*s.%.*s.%.*s%.*s", (int)g.major.len,
                 g.major.s, (int)g.minor.len, g.minor.s, (int)g.patch.len,
                 g.patch.s, (int)g.pre.len, g.pre.s);
    if (n < 0 || (size_t)n >= outlen)
        return vigil_error_set(err, VIGIL_ERANGE, 0,
                               "Go version '%.200s' too long for buffer", v);
    return 0;
}

static int go_validate(const char *v, struct vigil_error *err)
{
    struct go_ver g;

    return go_check(v, &g, err);
}

static int go_compare(const char *a, const char *b, int *cmp,
                      struct vigil_error *err)
{
    struct go_ver ga, gb;
    int rc, c;

    rc = go_check(a, &ga, err);
    if (rc == 0)
        rc = go_check(b, &gb, err);
    if (rc != 0)
        return rc;

    c = vigil__digits_cmp(ga.major.s, ga.major.len, gb.major.s,
                          gb.major.len);
    if (c == 0)
        c = vigil__digits_cmp(ga.minor.s, ga.minor.len, gb.minor.s,
                              gb.minor.len);
    if (c == 0)
        c = vigil__digits_cmp(ga.patch.s, ga.patch.len, gb.patch.s,
                              gb.patch.len);
    if (c == 0)
        c = pre_cmp(ga.pre, gb.pre);
    *cmp = c;
    return 0;
}

const struct vigil_scheme vigil__scheme_go = {
    "go", go_validate, go_compare, NULL
};
