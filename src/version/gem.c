/*
 * gem.c - RubyGems versions and requirements, as Gem::Version and
 * Gem::Requirement (RubyGems 3.3) define them.
 *
 * A version is digits, then ".alnum" parts, then optionally a "-"
 * pre-release part; blanks around it are ignored and a blank version
 * is "0".  Each "-" reads as ".pre.".  The order splits the string into
 * runs of digits and runs of letters ("1.2.b1" -> 1 2 b 1), drops
 * trailing zeros from the numeric head and from the rest, and compares
 * item by item: numbers by value, strings by bytes, a string before a
 * number (so any letter makes a pre-release), a missing item as 0.
 *
 * Requirements are comma-separated "op version" terms that must all
 * hold, op one of = != > < >= <= ~> (default =); "~> 2.2" means ">= 2.2"
 * and "< 3".  vigil also accepts "||" between such lists.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

/* Gem versions are short; the cap bounds the arrays below. */
#define GEM_MAX 256

struct gem_seg {
    unsigned short off;             /* into norm */
    unsigned short len;
    unsigned char num;
};

struct gem_ver {
    char norm[GEM_MAX * 5 + 2];     /* "-" becomes ".pre." */
    struct gem_seg seg[GEM_MAX * 2];
    size_t nseg;
    size_t string_start;            /* index of the first string segment */
    unsigned short canon[GEM_MAX * 2];  /* indexes into seg */
    size_t ncanon;
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int is_pre_char(char c)
{
    return vigil__isalnum((unsigned char)c) || c == '-';
}

/* Matches [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)? on
 * s[0..n). */
static int pattern_ok(const char *s, size_t n)
{
    size_t i = 0, start;

    while (i < n && vigil__isdigit((unsigned char)s[i]))
        i++;
    if (i == 0)
        return 0;
    while (i < n && s[i] == '.') {
        start = ++i;
        while (i < n && vigil__isalnum((unsigned char)s[i]))
            i++;
        if (i == start)
            return 0;
    }
    if (i < n && s[i] == '-') {
        do {
            start = ++i;
            while (i < n && is_pre_char(s[i]))
                i++;
            if (i == start)
                return 0;
        } while (i < n && s[i] == '.');
    }
    return i == n;
}

static int seg_is_zero(const struct gem_ver *g, size_t i)
{
    return g->seg[i].num &&
           vigil__digits_cmp(g->norm + g->seg[i].off, g->seg[i].len, "0",
                             1) == 0;
}

/* Splits norm into digit and letter runs, then builds the canonical
 * list without trailing zeros in either half. */
static void gem_segments(struct gem_ver *g)
{
    const char *p = g->norm, *start;
    size_t i, end;

    g->nseg = 0;
    while (*p) {
        struct gem_seg *s = &g->seg[g->nseg];

        if (!vigil__isalnum((unsigned char)*p)) {
            p++;
            continue;
        }
        start = p;
        s->num = (unsigned char)vigil__isdigit((unsigned char)*p);
        while (*p && (s->num ? vigil__isdigit((unsigned char)*p)
                             : vigil__isalpha((unsigned char)*p)))
            p++;
        s->off = (unsigned short)(start - g->norm);
        s->len = (unsigned short)(p - start);
        g->nseg++;
    }

    for (i = 0; i < g->nseg && g->seg[i].num; i++)
        ;
    g->string_start = i;
    g->ncanon = 0;
    for (end = i; end > 0 && seg_is_zero(g, end - 1); end--)
        ;
    for (i = 0; i < end; i++)
        g->canon[g->ncanon++] = (unsigned short)i;
    for (end = g->nseg; end > g->string_start && seg_is_zero(g, end - 1);
         end--)
        ;
    for (i = g->string_start; i < end; i++)
        g->canon[g->ncanon++] = (unsigned short)i;
}

static int gem_parse(const char *v, struct gem_ver *g, struct vigil_error *err)
{
    const char *start, *end, *p;
    char *q;

    if (!v)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid gem version: missing");
    if (strlen(v) > GEM_MAX)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid gem version '%.40s...': longer than "
                               "%d bytes", v, GEM_MAX);
    for (start = v; is_space(*start); start++)
        ;
    for (end = start + strlen(start); end > start && is_space(end[-1]); end--)
        ;
    if (start == end) {
        start = "0";
        end = start + 1;
    } else if (!pattern_ok(start, (size_t)(end - start))) {
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid gem version '%.200s': not "
                               "digits{.alnum}[-pre{.pre}]", v);
    }

    for (p = start, q = g->norm; p < end; p++) {
        if (*p == '-') {
            memcpy(q, ".pre.", 5);
            q += 5;
        } else {
            *q++ = *p;
        }
    }
    *q = '\0';
    gem_segments(g);
    return 0;
}

/* Compares segment ia of a (or 0 when ia is past the end) with ib of b. */
static int seg_cmp(const struct gem_ver *a, size_t ia, const struct gem_ver *b,
                   size_t ib)
{
    const char *sa = "0", *sb = "0";
    size_t la = 1, lb = 1;
    int na = 1, nb = 1, c;

    if (ia < a->ncanon) {
        const struct gem_seg *s = &a->seg[a->canon[ia]];

        sa = a->norm + s->off;
        la = s->len;
        na = s->num;
    }
    if (ib < b->ncanon) {
        const struct gem_seg *s = &b->seg[b->canon[ib]];

        sb = b->norm + s->off;
        lb = s->len;
        nb = s->num;
    }
    if (na != nb)
        return na ? 1 : -1;
    if (na)
        return vigil__digits_cmp(sa, la, sb, lb);
    c = memcmp(sa, sb, la < lb ? la : lb);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return la == lb ? 0 : (la < lb ? -1 : 1);
}

/* Gem::Version#<=> on parsed versions. */
static int gem_order(const struct gem_ver *a, const struct gem_ver *b)
{
    size_t i, n = a->ncanon > b->ncanon ? a->ncanon : b->ncanon;
    int c;

    for (i = 0; i < n; i++) {
        c = seg_cmp(a, i, b, i);
        if (c != 0)
            return c;
    }
    return 0;
}

static int gem_validate(const char *v, struct vigil_error *err)
{
    struct gem_ver g;

    return gem_parse(v, &g, err);
}

static int gem_compare(const char *a, const char *b, int *cmp,
                       struct vigil_error *err)
{
    struct gem_ver ga, gb;
    int rc;

    rc = gem_parse(a, &ga, err);
    if (rc == 0)
        rc = gem_parse(b, &gb, err);
    if (rc != 0)
        return rc;
    *cmp = gem_order(&ga, &gb);
    return 0;
}

/* Writes the numeric segments before the first string one, joined by
 * dots, with the last one plus incr ("1.9.3.alpha.5" -> "1.9.3"). */
static int join_release(const struct gem_ver *g, size_t n, int incr,
                        char *out, size_t outlen)
{
    size_t i, k, used = 0;
    const char *s;
    size_t len;

    for (i = 0; i < n; i++) {
        s = g->norm + g->seg[i].off;
        len = g->seg[i].len;
        while (len > 1 && *s == '0') {
            s++;
            len--;
        }
        if (used + len + 3 > outlen)
            return VIGIL_ERANGE;
        if (i > 0)
            out[used++] = '.';
        memcpy(out + used, s, len);
        used += len;
    }
    out[used] = '\0';
    if (!incr)
        return 0;

    /* Decimal increment of the last number, carrying leftwards. */
    for (k = used; k > 0 && out[k - 1] != '.'; k--) {
        if (out[k - 1] != '9') {
            out[k - 1]++;
            return 0;
        }
        out[k - 1] = '0';
    }
    memmove(out + k + 1, out + k, used - k + 1);
    out[k] = '1';
    return 0;
}

int vigil__gem_release(const char *v, char *out, size_t outlen,
                       struct vigil_error *err)
{
    struct gem_ver g;
    int rc;

    rc = gem_parse(v, &g, err);
    if (rc != 0)
        return rc;
    if (g.string_start == g.nseg) {
        if (strlen(g.norm) >= outlen)
            return vigil_error_set(err, VIGIL_ERANGE, 0, "buffer too small");
        memcpy(out, g.norm, strlen(g.norm) + 1);
        return 0;
    }
    if (join_release(&g, g.string_start, 0, out, outlen) != 0)
        return vigil_error_set(err, VIGIL_ERANGE, 0, "buffer too small");
    return 0;
}

int vigil__gem_bump(const char *v, char *out, size_t outlen,
                    struct vigil_error *err)
{
    struct gem_ver g;
    size_t n;
    int rc;

    rc = gem_parse(v, &g, err);
    if (rc != 0)
        return rc;
    n = g.string_start;
    if (n > 1)
        n--;
    if (join_release(&g, n, 1, out, outlen) != 0)
        return vigil_error_set(err, VIGIL_ERANGE, 0, "buffer too small");
    return 0;
}

int vigil__gem_prerelease(const char *v, int *yes, struct vigil_error *err)
{
    struct gem_ver g;
    int rc;

    rc = gem_parse(v, &g, err);
    if (rc != 0)
        return rc;
    *yes = g.string_start < g.nseg;
    return 0;
}

int vigil__gem_eql(const char *a, const char *b, int *yes,
                   struct vigil_error *err)
{
    struct gem_ver ga, gb;
    int rc;

    rc = gem_parse(a, &ga, err);
    if (rc == 0)
        rc = gem_parse(b, &gb, err);
    if (rc != 0)
        return rc;
    *yes = strcmp(ga.norm, gb.norm) == 0;
    return 0;
}

/* Requirements. */

enum gem_op { GOP_EQ, GOP_NE, GOP_GT, GOP_LT, GOP_GE, GOP_LE, GOP_TWIDDLE };

static const struct {
    const char *text;
    enum gem_op op;
} gem_ops[] = {
    /* two-character operators first, so that ">=" is not read as ">" */
    { "!=", GOP_NE }, { ">=", GOP_GE }, { "<=", GOP_LE },
    { "~>", GOP_TWIDDLE }, { "=", GOP_EQ }, { ">", GOP_GT }, { "<", GOP_LT },
};

/* Does v meet "~> r": v >= r and v.release < r.bump. */
static int twiddle(const struct gem_ver *v, const char *vs, const char *rs,
                   const struct gem_ver *r, int *holds,
                   struct vigil_error *err)
{
    char rel[GEM_MAX * 2 + 4], bump[GEM_MAX * 2 + 4];
    int rc, c;

    if (gem_order(v, r) < 0) {
        *holds = 0;
        return 0;
    }
    rc = vigil__gem_release(vs, rel, sizeof(rel), err);
    if (rc == 0)
        rc = vigil__gem_bump(rs, bump, sizeof(bump), err);
    if (rc == 0)
        rc = gem_compare(rel, bump, &c, err);
    if (rc != 0)
        return rc;
    *holds = c < 0;
    return 0;
}

/* Evaluates one requirement term s[0..n) against v. */
static int gem_term(const struct gem_ver *v, const char *vs, const char *s,
                    size_t n, const char *range, int *holds,
                    struct vigil_error *err)
{
    char rs[GEM_MAX + 1];
    struct gem_ver r;
    enum gem_op op = GOP_EQ;
    size_t i, k;
    int c;

    while (n > 0 && is_space(*s)) {
        s++;
        n--;
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(gem_ops); i++) {
        k = strlen(gem_ops[i].text);
        if (n >= k && memcmp(s, gem_ops[i].text, k) == 0) {
            op = gem_ops[i].op;
            s += k;
            n -= k;
            break;
        }
    }
    while (n > 0 && is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    if (n == 0 || n > GEM_MAX || !pattern_ok(s, n))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid gem requirement '%.200s': bad term "
                               "'%.*s'", range, (int)(n > 200 ? 200 : n), s);
    memcpy(rs, s, n);
    rs[n] = '\0';
    if (gem_parse(rs, &r, err) != 0)
        return VIGIL_EINVAL;

    if (op == GOP_TWIDDLE)
        return twiddle(v, vs, rs, &r, holds, err);
    c = gem_order(v, &r);
    *holds = op == GOP_EQ ? c == 0 : op == GOP_NE ? c != 0 :
             op == GOP_GT ? c > 0 : op == GOP_LT ? c < 0 :
             op == GOP_GE ? c >= 0 : c <= 0;
    return 0;
}

static int gem_satisfies(const char *v, const char *range, int *yes,
                         struct vigil_error *err)
{
    struct gem_ver gv;
    const char *p, *e;
    int rc, holds = 0, all = 1, any = 0;

    rc = gem_parse(v, &gv, err);
    if (rc != 0)
        return rc;
    if (strlen(range) > VIGIL__RANGE_MAX)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid gem requirement: too long");

    for (p = range;; p = e + 1) {
        for (e = p; *e && *e != ',' && *e != '|'; e++)
            ;
        rc = gem_term(&gv, v, p, (size_t)(e - p), range, &holds, err);
        if (rc != 0)
            return rc;
        all &= holds;
        if (*e == '|') {
            if (e[1] != '|')
                return vigil_error_set(err, VIGIL_EINVAL, (size_t)(e - range),
                                       "invalid gem requirement '%.200s': "
                                       "single '|'", range);
            any |= all;
            all = 1;
            e++;
        } else if (*e == '\0') {
            break;
        }
    }
    *yes = any | all;
    return 0;
}

const struct vigil_scheme vigil__scheme_gem = {
    "gem", gem_validate, gem_compare, gem_satisfies
};
