/*
 * npm.c - the "npm" version scheme: node-semver versions compared by
 * SemVer precedence, and range membership (satisfies, gtr/ltr) over the
 * comparator sets that npm_range.c builds.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vigil/npm.h"
#include "vigil/version.h"
#include "semver_int.h"
#include "../internal.h"

static int parse_version(const char *v, int flags, struct vigil__sv *out,
                         struct vigil_error *err)
{
    int mode = VIGIL__SV_NODE
               | ((flags & VIGIL_NPM_LOOSE) ? VIGIL__SV_LOOSE
                                            : VIGIL__SV_PREFIX);
    const char *why = NULL;
    size_t n;

    if (!v)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "missing npm version");
    n = strlen(v);
    if (vigil__sv_parse(v, n, mode, out, &why) != 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid npm version '%.*s': %s",
                               (int)(n > 200 ? 200 : n), v, why);
    return 0;
}

int vigil_npm_valid(const char *v, int flags, struct vigil_error *err)
{
    struct vigil__sv sv;

    return parse_version(v, flags, &sv, err);
}

int vigil_npm_compare(const char *a, const char *b, int flags, int *cmp,
                      struct vigil_error *err)
{
    struct vigil__sv va, vb;
    int rc;

    if ((rc = parse_version(a, flags, &va, err)) != 0
        || (rc = parse_version(b, flags, &vb, err)) != 0)
        return rc;
    *cmp = vigil__sv_cmp(&va, &vb);
    return 0;
}

static int holds(int op, int d)
{
    switch (op) {
    case VIGIL__NPM_EQ: return d == 0;
    case VIGIL__NPM_LT: return d < 0;
    case VIGIL__NPM_LE: return d <= 0;
    case VIGIL__NPM_GT: return d > 0;
    case VIGIL__NPM_GE: return d >= 0;
    default: return 1;
    }
}

static int cmp_test(const struct vigil__npm_cmp *c, const struct vigil__sv *v)
{
    if (c->op == VIGIL__NPM_ANY)
        return 1;
    return holds(c->op, vigil__sv_cmp(v, &c->v));
}

static void set_bounds(const struct vigil__npm_range *r, size_t i,
                       size_t *b, size_t *e)
{
    *b = i ? r->set_end[i - 1] : 0;
    *e = r->set_end[i];
}

static int same_tuple(const struct vigil__sv *a, const struct vigil__sv *b)
{
    return a->num[0] == b->num[0] && a->num[1] == b->num[1]
           && a->num[2] == b->num[2];
}

/*
 * Every comparator must hold.  A pre-release version then also needs a
 * comparator naming a pre-release of the same major.minor.patch: "^1.2.3-
 * beta.1" admits 1.2.3-beta.2 but not 1.2.4-alpha.
 */
static int test_set(const struct vigil__npm_range *r, size_t i,
                    const struct vigil__sv *v, int incpr)
{
    size_t b, e, k;

    set_bounds(r, i, &b, &e);
    for (k = b; k < e; k++)
        if (!cmp_test(&r->cmps[k], v))
            return 0;
    if (v->prelen == 0 || incpr)
        return 1;
    for (k = b; k < e; k++) {
        const struct vigil__npm_cmp *c = &r->cmps[k];

        if (c->op != VIGIL__NPM_ANY && c->v.prelen > 0
            && same_tuple(&c->v, v))
            return 1;
    }
    return 0;
}

static int range_test(const struct vigil__npm_range *r,
                      const struct vigil__sv *v, int flags)
{
    size_t i;

    for (i = 0; i < r->nsets; i++)
        if (test_set(r, i, v, !!(flags & VIGIL_NPM_INCLUDE_PRERELEASE)))
            return 1;
    return 0;
}

int vigil_npm_satisfies(const char *v, const char *range, int flags,
                        int *yes, struct vigil_error *err)
{
    struct vigil__npm_range r;
    struct vigil__sv sv;
    int rc;

    if ((rc = parse_version(v, flags, &sv, err)) != 0
        || (rc = vigil__npm_range_parse(&r, range, flags, err)) != 0)
        return rc;
    *yes = range_test(&r, &sv, flags);
    vigil__npm_range_release(&r);
    return 0;
}

/*
 * node-semver's outside() for one set: 0 when v is not beyond it.  dir
 * '>' asks "above every version of the set", '<' "below every version".
 */
static int outside_set(const struct vigil__npm_range *r, size_t i,
                       const struct vigil__sv *v, int dir)
{
    static const struct vigil__npm_cmp gte0 = {
        VIGIL__NPM_GE, { { 0, 0, 0 }, NULL, 0, NULL, 0 }
    };
    const struct vigil__npm_cmp *high = NULL, *low = NULL, *c;
    int up = dir == '>' ? 1 : -1;
    int comp = dir == '>' ? VIGIL__NPM_GT : VIGIL__NPM_LT;
    int ecomp = dir == '>' ? VIGIL__NPM_GE : VIGIL__NPM_LE;
    size_t b, e, k;

    set_bounds(r, i, &b, &e);
    for (k = b; k < e; k++) {
        c = r->cmps[k].op == VIGIL__NPM_ANY ? &gte0 : &r->cmps[k];
        if (!high)
            high = low = c;
        if (vigil__sv_cmp(&c->v, &high->v) == up)
            high = c;
        else if (vigil__sv_cmp(&c->v, &low->v) == -up)
            low = c;
    }
    if (!high || high->op == comp || high->op == ecomp)
        return 0;
    if ((low->op == VIGIL__NPM_EQ || low->op == comp)
        && vigil__sv_cmp(v, &low->v) != up)
        return 0;
    if (low->op == ecomp && vigil__sv_cmp(v, &low->v) == -up)
        return 0;
    return 1;
}

int vigil_npm_outside(const char *v, const char *range, int flags, int dir,
                      int *yes, struct vigil_error *err)
{
    struct vigil__npm_range r;
    struct vigil__sv sv;
    size_t i;
    int rc, out;

    if (dir != '>' && dir != '<')
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "direction must be '>' or '<'");
    if ((rc = parse_version(v, flags, &sv, err)) != 0
        || (rc = vigil__npm_range_parse(&r, range, flags, err)) != 0)
        return rc;
    out = !range_test(&r, &sv, flags);
    for (i = 0; out && i < r.nsets; i++)
        out = outside_set(&r, i, &sv, dir);
    vigil__npm_range_release(&r);
    *yes = out;
    return 0;
}

/* A pre-release as node-semver prints it: small numbers lose zeros. */
static int add_pre(struct vigil_buf *b, const char *p, size_t n)
{
    size_t i = 0, e, k;
    uint64_t v;
    int rc = 0;

    while (rc == 0 && i <= n) {
        for (e = i; e < n && p[e] != '.'; e++)
            ;
        for (k = i, v = 0; k < e && vigil__isdigit((unsigned char)p[k])
                           && v <= VIGIL__SV_NODE_MAX_NUM; k++)
            v = v * 10 + (uint64_t)(p[k] - '0');
        if (i > 0)
            rc = vigil_buf_addc(b, '.');
        if (rc == 0 && k == e && e > i && v < VIGIL__SV_NODE_MAX_NUM)
            rc = vigil_buf_addf(b, "%llu", (unsigned long long)v);
        else if (rc == 0)
            rc = vigil_buf_add(b, p + i, e - i);
        i = e + 1;
    }
    return rc;
}

static int add_cmp(struct vigil_buf *b, const struct vigil__npm_cmp *c)
{
    static const char *const ops[] = { "", "", "<", "<=", ">", ">=" };
    int rc;

    if (c->op == VIGIL__NPM_ANY)
        return 0;
    rc = vigil_buf_addf(b, "%s%llu.%llu.%llu", ops[c->op],
                        (unsigned long long)c->v.num[0],
                        (unsigned long long)c->v.num[1],
                        (unsigned long long)c->v.num[2]);
    if (rc == 0 && c->v.prelen > 0 && (rc = vigil_buf_addc(b, '-')) == 0)
        rc = add_pre(b, c->v.pre, c->v.prelen);
    return rc;
}

static int format_range(const struct vigil__npm_range *r,
                        struct vigil_buf *b)
{
    size_t i, k, s, e;
    int rc = vigil_buf_add(b, "", 0);

    for (i = 0; rc == 0 && i < r->nsets; i++) {
        if (i > 0)
            rc = vigil_buf_adds(b, "||");
        set_bounds(r, i, &s, &e);
        for (k = s; rc == 0 && k < e; k++) {
            if (k > s)
                rc = vigil_buf_addc(b, ' ');
            if (rc == 0)
                rc = add_cmp(b, &r->cmps[k]);
        }
    }
    if (rc == 0 && b->len == 0)
        rc = vigil_buf_adds(b, "*");
    return rc;
}

int vigil_npm_range_format(const char *range, int flags, char *out,
                           size_t outlen, struct vigil_error *err)
{
    struct vigil__npm_range r;
    struct vigil_buf b = VIGIL_BUF_INIT;
    int rc;

    if ((rc = vigil__npm_range_parse(&r, range, flags, err)) != 0)
        return rc;
    rc = format_range(&r, &b);
    if (rc == 0 && b.len >= outlen)
        rc = vigil_error_set(err, VIGIL_ERANGE, 0,
                             "canonical npm range needs %zu bytes",
                             b.len + 1);
    else if (rc == 0)
        memcpy(out, b.ptr, b.len + 1);
    vigil_buf_release(&b);
    vigil__npm_range_release(&r);
    return rc;
}

/* ---- the scheme ---- */

static int npm_validate(const char *v, struct vigil_error *err)
{
    return vigil_npm_valid(v, 0, err);
}

static int npm_compare(const char *a, const char *b, int *cmp,
                       struct vigil_error *err)
{
    return vigil_npm_compare(a, b, 0, cmp, err);
}

static int npm_satisfies(const char *v, const char *range, int *yes,
                         struct vigil_error *err)
{
    return vigil_npm_satisfies(v, range, 0, yes, err);
}

const struct vigil_scheme vigil__scheme_npm = {
    "npm", npm_validate, npm_compare, npm_satisfies
};
