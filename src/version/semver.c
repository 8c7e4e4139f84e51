/*
 * semver.c - Semantic Versioning 2.0.0: the strict parser and the
 * precedence rules shared with the npm scheme, and the "semver" scheme
 * itself, whose ranges are comparison lists (">=1.0.0 <2.0.0",
 * ">=1.0.0, <2.0.0 || =3.0.0").
 *
 * The scheme is strict on purpose: no leading "v", no leading zeros in
 * numbers or numeric pre-release identifiers, no missing parts.  npm's
 * more forgiving grammar lives in npm.c.
 */
#include <stdint.h>
#include <string.h>

#include "vigil/version.h"
#include "semver_int.h"
#include "../internal.h"

int vigil__sv_is_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

size_t vigil__sv_ws_len(const char *str, size_t n, int py)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned cp;

    if (n >= 1 && (vigil__sv_is_space(s[0]) || (py && s[0] >= 0x1c
                                              && s[0] <= 0x1f)))
        return 1;
    if (n >= 2 && s[0] == 0xc2 && (s[1] == 0xa0 || (py && s[1] == 0x85)))
        return 2;
    if (n < 3 || (s[0] & 0xf0) != 0xe0 || (s[1] & 0xc0) != 0x80
        || (s[2] & 0xc0) != 0x80)
        return 0;
    cp = ((unsigned)(s[0] & 0x0f) << 12) | ((unsigned)(s[1] & 0x3f) << 6)
         | (s[2] & 0x3f);
    if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028
        || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000
        || (!py && cp == 0xfeff))
        return 3;
    return 0;
}

size_t vigil__sv_ws_back(const char *s, size_t n, int py)
{
    size_t k;

    for (k = 1; k <= 3 && k <= n; k++)
        if (vigil__sv_ws_len(s + n - k, k, py) == k)
            return k;
    return 0;
}

static int is_ident(int c)
{
    return vigil__isalnum(c) || c == '-';
}

static int all_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!vigil__isdigit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

int vigil__sv_digits_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c;

    while (an > 1 && *a == '0') {
        a++;
        an--;
    }
    while (bn > 1 && *b == '0') {
        b++;
        bn--;
    }
    if (an != bn)
        return an < bn ? -1 : 1;
    c = memcmp(a, b, an);
    return (c > 0) - (c < 0);
}

/*
 * Checks a dot-separated identifier list.  numeric_strict: an all-digit
 * identifier may not have a leading zero (pre-release rule).
 */
static int ids_ok(const char *s, size_t n, int numeric_strict)
{
    size_t i = 0, start;

    if (n == 0)
        return 0;
    for (;;) {
        start = i;
        while (i < n && is_ident((unsigned char)s[i]))
            i++;
        if (i == start)
            return 0;
        if (numeric_strict && i - start > 1 && s[start] == '0'
            && all_digits(s + start, i - start))
            return 0;
        if (i == n)
            return 1;
        if (s[i] != '.')
            return 0;
        i++;
    }
}

struct sv_scan {
    const char *s;
    size_t len;
    size_t i;
    int mode;
    int too_big;
    const char *why;
};

/*
 * LIMIT: the semver scheme refuses numbers above 2^64-1, which SemVer
 * itself allows; such versions fail with an error instead of being
 * compared.  See docs/LIMITS.md#semver-numbers.
 */
static int scan_num(struct sv_scan *sc, uint64_t *out)
{
    uint64_t max = (sc->mode & VIGIL__SV_NODE) ? VIGIL__SV_NODE_MAX_NUM
                                               : UINT64_MAX;
    size_t start = sc->i;
    uint64_t v = 0;

    while (sc->i < sc->len && vigil__isdigit((unsigned char)sc->s[sc->i])) {
        unsigned d = (unsigned)(sc->s[sc->i] - '0');

        if (v > (max - d) / 10)
            sc->too_big = 1;
        else
            v = v * 10 + d;
        sc->i++;
    }
    if (sc->i == start) {
        sc->why = "expected a number";
        return VIGIL_EINVAL;
    }
    if (!(sc->mode & VIGIL__SV_LOOSE) && sc->i - start > 1
        && sc->s[start] == '0') {
        sc->why = "leading zero in a number";
        return VIGIL_EINVAL;
    }
    *out = v;
    return 0;
}

static void scan_prefix(struct sv_scan *sc)
{
    const char *s = sc->s;

    if (sc->mode & VIGIL__SV_LOOSE) {
        size_t k;

        while (sc->i < sc->len) {
            if (s[sc->i] == 'v' || s[sc->i] == '=')
                k = 1;
            else if (!(k = vigil__sv_ws_len(s + sc->i, sc->len - sc->i, 0)))
                break;
            sc->i += k;
        }
        return;
    }
    if ((sc->mode & VIGIL__SV_PREFIX) && sc->i < sc->len && s[sc->i] == '=')
        sc->i++;
    if ((sc->mode & (VIGIL__SV_NODE | VIGIL__SV_PREFIX)) && sc->i < sc->len
        && s[sc->i] == 'v')
        sc->i++;
}

/*
 * The pre-release part.  Loose mode makes the hyphen optional, and like
 * node-semver's regular expression it may then take a lone "-" as an
 * identifier when nothing else fits.
 */
static int scan_pre(struct sv_scan *sc, struct vigil__sv *out)
{
    const char *s = sc->s;
    const char *plus = memchr(s + sc->i, '+', sc->len - sc->i);
    size_t end = plus ? (size_t)(plus - s) : sc->len;
    size_t n = end - sc->i;

    out->pre = NULL;
    out->prelen = 0;
    if (sc->i == end)
        return 0;
    if (!(sc->mode & VIGIL__SV_LOOSE)) {
        if (s[sc->i] != '-' || !ids_ok(s + sc->i + 1, n - 1, 1)) {
            sc->why = "bad pre-release";
            return VIGIL_EINVAL;
        }
        out->pre = s + sc->i + 1;
        out->prelen = n - 1;
    } else if (s[sc->i] == '-' && ids_ok(s + sc->i + 1, n - 1, 0)) {
        out->pre = s + sc->i + 1;
        out->prelen = n - 1;
    } else if (ids_ok(s + sc->i, n, 0)) {
        out->pre = s + sc->i;
        out->prelen = n;
    } else {
        sc->why = "bad pre-release";
        return VIGIL_EINVAL;
    }
    sc->i = end;
    return 0;
}

/* JavaScript's trim(), which node-semver applies to versions. */
static void trim(const char **s, size_t *len)
{
    size_t k;

    while ((k = vigil__sv_ws_len(*s, *len, 0)) > 0) {
        *s += k;
        *len -= k;
    }
    while ((k = vigil__sv_ws_back(*s, *len, 0)) > 0)
        *len -= k;
}

int vigil__sv_parse(const char *s, size_t len, int mode,
                    struct vigil__sv *out, const char **why)
{
    struct sv_scan sc;
    struct vigil__sv v;
    size_t rawlen = len;
    int k, rc;

    if (mode & VIGIL__SV_NODE)
        trim(&s, &len);
    memset(&sc, 0, sizeof(sc));
    sc.s = s;
    sc.len = len;
    sc.mode = mode;
    scan_prefix(&sc);

    for (k = 0; k < 3; k++) {
        if (k > 0 && (sc.i >= len || s[sc.i++] != '.')) {
            *why = "expected major.minor.patch";
            return VIGIL_EINVAL;
        }
        if ((rc = scan_num(&sc, &v.num[k])) != 0) {
            *why = sc.why;
            return rc;
        }
    }
    if ((rc = scan_pre(&sc, &v)) != 0) {
        *why = sc.why;
        return rc;
    }

    v.build = sc.i < len ? s + sc.i + 1 : NULL;
    v.buildlen = sc.i < len ? len - sc.i - 1 : 0;
    if (v.build && !ids_ok(v.build, v.buildlen, 0)) {
        *why = "bad build metadata";
        return VIGIL_EINVAL;
    }
    /* syntax first: node-semver's loose filter only looks at syntax */
    if ((mode & VIGIL__SV_NODE) && rawlen > VIGIL__SV_NODE_MAX_LEN) {
        *why = "longer than 256 characters";
        return VIGIL_ERANGE;
    }
    if (sc.too_big) {
        *why = (mode & VIGIL__SV_NODE) ? "number above 2^53-1"
                                       : "number above 2^64-1";
        return VIGIL_ERANGE;
    }
    *out = v;
    return 0;
}

/* Finds the identifier starting at *i in s[0..n); 0 when none is left. */
static int next_id(const char *s, size_t n, size_t *i, size_t *start,
                   size_t *idlen)
{
    size_t e;

    if (*i > n)
        return 0;
    e = *i;
    while (e < n && s[e] != '.')
        e++;
    *start = *i;
    *idlen = e - *i;
    *i = e + 1;
    return 1;
}

static int id_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int anum = all_digits(a, an), bnum = all_digits(b, bn), c;

    if (anum && bnum)
        return vigil__sv_digits_cmp(a, an, b, bn);
    if (anum != bnum)
        return anum ? -1 : 1;
    c = memcmp(a, b, an < bn ? an : bn);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return an == bn ? 0 : (an < bn ? -1 : 1);
}

int vigil__sv_pre_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t ai = 0, bi = 0, as, al, bs, bl;
    int ha, hb, c;

    for (;;) {
        ha = next_id(a, an, &ai, &as, &al);
        hb = next_id(b, bn, &bi, &bs, &bl);
        if (!ha || !hb)
            return ha == hb ? 0 : (ha ? 1 : -1);
        if ((c = id_cmp(a + as, al, b + bs, bl)) != 0)
            return c;
    }
}

int vigil__sv_cmp(const struct vigil__sv *a, const struct vigil__sv *b)
{
    int k;

    for (k = 0; k < 3; k++)
        if (a->num[k] != b->num[k])
            return a->num[k] < b->num[k] ? -1 : 1;
    if (a->prelen == 0 || b->prelen == 0)
        return a->prelen == b->prelen ? 0 : (a->prelen ? -1 : 1);
    return vigil__sv_pre_cmp(a->pre, a->prelen, b->pre, b->prelen);
}

/* ---- the "semver" scheme ---- */

static int parse_strict(const char *v, size_t n, struct vigil__sv *out,
                        struct vigil_error *err)
{
    const char *why = NULL;
    int rc = vigil__sv_parse(v, n, VIGIL__SV_STRICT, out, &why);

    if (rc != 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid semantic version '%.*s': %s",
                               (int)(n > 200 ? 200 : n), v, why);
    return 0;
}

static int semver_validate(const char *v, struct vigil_error *err)
{
    struct vigil__sv sv;

    if (!v)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "missing version");
    return parse_strict(v, strlen(v), &sv, err);
}

static int semver_compare(const char *a, const char *b, int *cmp,
                          struct vigil_error *err)
{
    struct vigil__sv va, vb;
    int rc;

    if (!a || !b)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "missing version");
    if ((rc = parse_strict(a, strlen(a), &va, err)) != 0
        || (rc = parse_strict(b, strlen(b), &vb, err)) != 0)
        return rc;
    *cmp = vigil__sv_cmp(&va, &vb);
    return 0;
}

enum cl_op { CL_EQ, CL_NE, CL_LT, CL_LE, CL_GT, CL_GE };

static const struct {
    const char *text;
    enum cl_op op;
} cl_ops[] = {
    /* longest first, so that ">=" is not read as ">" */
    { ">=", CL_GE }, { "<=", CL_LE }, { "==", CL_EQ }, { "!=", CL_NE },
    { ">", CL_GT },  { "<", CL_LT },  { "=", CL_EQ },
};

static int cl_holds(enum cl_op op, int c)
{
    switch (op) {
    case CL_EQ: return c == 0;
    case CL_NE: return c != 0;
    case CL_LT: return c < 0;
    case CL_LE: return c <= 0;
    case CL_GT: return c > 0;
    case CL_GE: return c >= 0;
    }
    return 0;
}

static int cl_is_sep(int c)
{
    return c == ',' || vigil__sv_is_space(c);
}

/*
 * Evaluates one comparison at *p (advancing it), ANDing into *all.
 * The alternative ends at end.
 */
static int cl_one(const struct vigil__sv *v, const char **p, const char *end,
                  int *all, struct vigil_error *err)
{
    enum cl_op op = CL_EQ;
    struct vigil__sv bound;
    const char *q;
    size_t i, n;
    int rc, any_op = 0;

    for (i = 0; i < VIGIL_ARRAY_SIZE(cl_ops); i++) {
        n = strlen(cl_ops[i].text);
        if ((size_t)(end - *p) >= n && memcmp(*p, cl_ops[i].text, n) == 0) {
            op = cl_ops[i].op;
            *p += n;
            any_op = 1;
            break;
        }
    }
    while (*p < end && vigil__sv_is_space((unsigned char)**p))
        (*p)++;
    for (q = *p; q < end && !cl_is_sep((unsigned char)*q); q++)
        ;
    if (q == *p)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "missing version in comparison list");
    if (!any_op && q - *p == 1 && **p == '*') {
        *p = q;
        return 0;
    }
    if ((rc = parse_strict(*p, (size_t)(q - *p), &bound, err)) != 0)
        return rc;
    if (!cl_holds(op, vigil__sv_cmp(v, &bound)))
        *all = 0;
    *p = q;
    return 0;
}

/* Evaluates the comparisons in [p, end), all of which must hold. */
static int cl_alternative(const struct vigil__sv *v, const char *p,
                          const char *end, int *all, struct vigil_error *err)
{
    int rc, count = 0;

    *all = 1;
    for (;;) {
        while (p < end && cl_is_sep((unsigned char)*p))
            p++;
        if (p == end)
            break;
        if ((rc = cl_one(v, &p, end, all, err)) != 0)
            return rc;
        count++;
    }
    if (count == 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "empty alternative in comparison list");
    return 0;
}

static int semver_satisfies(const char *v, const char *range, int *yes,
                            struct vigil_error *err)
{
    struct vigil__sv sv;
    const char *p, *bar;
    int rc, all, any = 0;

    if (!v || !range)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "missing argument");
    if ((rc = parse_strict(v, strlen(v), &sv, err)) != 0)
        return rc;

    /* every alternative is checked, so that a typo is never hidden */
    for (p = range;; p = bar + 2) {
        bar = strstr(p, "||");
        if (!bar)
            bar = p + strlen(p);
        if ((rc = cl_alternative(&sv, p, bar, &all, err)) != 0)
            return rc;
        any |= all;
        if (*bar == '\0')
            break;
    }
    *yes = any;
    return 0;
}

const struct vigil_scheme vigil__scheme_semver = {
    "semver", semver_validate, semver_compare, semver_satisfies
};
