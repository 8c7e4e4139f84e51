/*
 * scheme_interval.c - interval notation for Maven and NuGet ranges:
 * "[1.0,2.0)" (1.0 <= v < 2.0), "(,1.5]" (v <= 1.5), "[1.2]" (exactly
 * 1.2), and for Maven a union of such intervals, "[1,2),[3,4)".
 */
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

struct bound {
    char ver[VIGIL__VERSION_MAX + 1];   /* "" when open */
    int inclusive;
};

struct ictx {
    const struct vigil_scheme *s;
    const char *range;
    struct vigil_error *err;
};

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Copies s[0..n) without surrounding blanks into b->ver, checking it. */
static int take_bound(const struct ictx *x, const char *s, size_t n,
                      struct bound *b)
{
    struct vigil_error inner;
    int rc;

    while (n > 0 && is_blank(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    if (n > VIGIL__VERSION_MAX)
        return vigil_error_set(x->err, VIGIL_EINVAL, 0,
                               "invalid range '%.200s': version too long",
                               x->range);
    memcpy(b->ver, s, n);
    b->ver[n] = '\0';
    if (n == 0)
        return 0;
    vigil_error_clear(&inner);
    rc = x->s->validate(b->ver, &inner);
    if (rc != 0)
        return vigil_error_set(x->err, rc, 0, "invalid range '%.200s': %s",
                               x->range, inner.msg);
    return 0;
}

static int cmp(const struct ictx *x, const char *a, const char *b, int *c)
{
    struct vigil_error inner;
    int rc;

    vigil_error_clear(&inner);
    rc = x->s->compare(a, b, c, &inner);
    if (rc != 0)
        return vigil_error_set(x->err, rc, 0, "invalid range '%.200s': %s",
                               x->range, inner.msg);
    return 0;
}

static int bad(const struct ictx *x, const char *p, const char *why)
{
    return vigil_error_set(x->err, VIGIL_EINVAL, (size_t)(p - x->range),
                           "invalid range '%.200s': %s at offset %zu",
                           x->range, why, (size_t)(p - x->range));
}

/*
 * Reads one interval starting at *pp ('[' or '(') into lo and hi and
 * moves *pp past it.
 */
static int parse_interval(const struct ictx *x, int maven, const char **pp,
                          struct bound *lo, struct bound *hi)
{
    const char *p = *pp, *end, *comma;
    int rc, c;

    lo->inclusive = *p++ == '[';
    end = strpbrk(p, "])");
    if (!end)
        return bad(x, *pp, "unterminated interval");
    hi->inclusive = *end == ']';
    comma = memchr(p, ',', (size_t)(end - p));
    if (!comma) {
        if (!lo->inclusive || !hi->inclusive)
            return bad(x, *pp, "a single version needs [ ]");
        rc = take_bound(x, p, (size_t)(end - p), lo);
        if (rc == 0 && lo->ver[0] == '\0')
            return bad(x, *pp, "empty interval");
        if (rc == 0)
            memcpy(hi->ver, lo->ver, strlen(lo->ver) + 1);
    } else {
        if (memchr(comma + 1, ',', (size_t)(end - comma - 1)))
            return bad(x, comma, "more than two bounds");
        rc = take_bound(x, p, (size_t)(comma - p), lo);
        if (rc == 0)
            rc = take_bound(x, comma + 1, (size_t)(end - comma - 1), hi);
        if (rc == 0 && !maven && !lo->ver[0] && !hi->ver[0])
            return bad(x, *pp, "no bound given");
        if (rc == 0 && lo->ver[0] && hi->ver[0]) {
            rc = cmp(x, hi->ver, lo->ver, &c);
            if (rc == 0 && (c < 0 || (c == 0 && !(lo->inclusive &&
                                                  hi->inclusive))))
                return bad(x, *pp, "upper bound below lower bound");
        }
    }
    *pp = end + 1;
    return rc;
}

static int contains(const struct ictx *x, const char *v,
                    const struct bound *lo, const struct bound *hi, int *in)
{
    int rc, c;

    *in = 1;
    if (lo->ver[0]) {
        rc = cmp(x, v, lo->ver, &c);
        if (rc != 0)
            return rc;
        if (c < 0 || (c == 0 && !lo->inclusive))
            *in = 0;
    }
    if (hi->ver[0]) {
        rc = cmp(x, v, hi->ver, &c);
        if (rc != 0)
            return rc;
        if (c > 0 || (c == 0 && !hi->inclusive))
            *in = 0;
    }
    return 0;
}

int vigil__interval_satisfies(const struct vigil_scheme *s, const char *v,
                              const char *range, int union_ok, int *yes,
                              struct vigil_error *err)
{
    struct ictx x = { s, range, err };
    struct bound lo, hi;
    const char *p = range;
    int rc, in, any = 0;

    if (strlen(range) > VIGIL__RANGE_MAX)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid range '%.200s...': too long", range);
    rc = s->validate(v, err);
    if (rc != 0)
        return rc;

    for (;;) {
        while (is_blank(*p))
            p++;
        if (*p != '[' && *p != '(')
            return bad(&x, p, "expected '[' or '('");
        rc = parse_interval(&x, union_ok, &p, &lo, &hi);
        if (rc == 0)
            rc = contains(&x, v, &lo, &hi, &in);
        if (rc != 0)
            return rc;
        any |= in;

        while (is_blank(*p))
            p++;
        if (*p == '\0')
            break;
        if (!union_ok)
            return bad(&x, p, "text after the interval");
        if (*p == ',')
            p++;
    }
    *yes = any;
    return 0;
}
