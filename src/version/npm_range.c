/*
 * npm_range.c - parses node-semver ranges into sets of comparators.
 *
 * node-semver desugars a range by rewriting its text, stage after stage
 * (build metadata, hyphen ranges, white space after operators, carets,
 * tildes, x-ranges, stars, ">=0.0.0"), and only then parses what is left
 * as comparators.  Odd inputs come out the way those rewrites leave
 * them, so this file keeps the same stages as text transforms instead of
 * parsing the range in one pass; that is what makes its answers match
 * node-semver's on the edge cases that advisories do contain.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/npm.h"
#include "semver_int.h"
#include "../internal.h"

/*
 * LIMIT: ranges longer than VIGIL_NPM_RANGE_MAX bytes or with more than
 * MAX_CMPS comparators fail with VIGIL_ELIMIT (node-semver has no cap),
 * so that work stays bounded for any input.  See
 * docs/LIMITS.md#npm-range-size.
 */
#define MAX_CMPS 1024

struct slice {
    const char *p;
    size_t n;
};

/* One match of node-semver's XRANGEPLAIN: "[v= ]*M(.m(.p(-pr)?(+b)?)?)?" */
struct xr {
    struct slice M, m, p, pr;
    size_t end;
};

struct rp {
    struct vigil__npm_range *r;
    int loose;
    int incpr;
    const char *range;
    struct vigil_error *err;
};

static int is_ident(int c)
{
    return vigil__isalnum(c) || c == '-';
}

static int bad(struct rp *p, int code, const char *why)
{
    size_t n = strlen(p->range);

    return vigil_error_set(p->err, code, 0, "invalid npm range '%.*s': %s",
                           (int)(n > 200 ? 200 : n), p->range, why);
}

static int is_x(struct slice s)
{
    return s.n == 0
           || (s.n == 1 && (*s.p == 'x' || *s.p == 'X' || *s.p == '*'));
}

static int is_zero(struct slice s)
{
    return s.n == 1 && *s.p == '0';
}

/* An x-range identifier: a number, "x", "X" or "*". */
static int xr_id(const char *s, size_t n, size_t *i, int loose,
                 struct slice *out)
{
    size_t b = *i, e = b;

    if (b >= n)
        return 0;
    if (s[b] == 'x' || s[b] == 'X' || s[b] == '*') {
        e = b + 1;
    } else if (!vigil__isdigit((unsigned char)s[b])) {
        return 0;
    } else if (!loose && s[b] == '0') {
        e = b + 1;      /* strict: "0" or no leading zero */
    } else {
        while (e < n && vigil__isdigit((unsigned char)s[e]))
            e++;
    }
    out->p = s + b;
    out->n = e - b;
    *i = e;
    return 1;
}

static int ids_valid(const char *s, size_t n, int numeric_strict)
{
    size_t i = 0, b;

    if (n == 0)
        return 0;
    for (;;) {
        b = i;
        while (i < n && is_ident((unsigned char)s[i]))
            i++;
        if (i == b)
            return 0;
        if (numeric_strict && i - b > 1 && s[b] == '0') {
            size_t k = b;

            while (k < i && vigil__isdigit((unsigned char)s[k]))
                k++;
            if (k == i)
                return 0;
        }
        if (i == n)
            return 1;
        if (s[i++] != '.')
            return 0;
    }
}

static size_t id_run(const char *s, size_t n, size_t i)
{
    while (i < n && (is_ident((unsigned char)s[i]) || s[i] == '.'))
        i++;
    return i;
}

/* The pre-release and build parts after a third identifier. */
static int xr_tail(const char *s, size_t n, size_t *i, int loose,
                   struct slice *pr)
{
    size_t b = *i, e = id_run(s, n, b);

    pr->n = 0;
    if (e > b && !loose && s[b] == '-') {
        if (!ids_valid(s + b + 1, e - b - 1, 1))
            return 0;
        pr->p = s + b + 1;
        pr->n = e - b - 1;
        b = e;
    } else if (e > b && loose) {
        if (s[b] == '-' && ids_valid(s + b + 1, e - b - 1, 0)) {
            pr->p = s + b + 1;
            pr->n = e - b - 1;
        } else if (ids_valid(s + b, e - b, 0)) {
            pr->p = s + b;
            pr->n = e - b;
        } else {
            return 0;
        }
        b = e;
    }
    if (b < n && s[b] == '+') {
        e = id_run(s, n, b + 1);
        if (!ids_valid(s + b + 1, e - b - 1, 0))
            return 0;
        b = e;
    }
    *i = b;
    return 1;
}

static int xr_match(const char *s, size_t n, size_t i, int loose,
                    struct xr *x)
{
    size_t j;

    memset(x, 0, sizeof(*x));
    while (i < n && (s[i] == 'v' || s[i] == '=' || s[i] == ' '))
        i++;
    if (!xr_id(s, n, &i, loose, &x->M))
        return 0;
    j = i + 1;
    if (i < n && s[i] == '.' && xr_id(s, n, &j, loose, &x->m)) {
        i = j++;
        if (i < n && s[i] == '.' && xr_id(s, n, &j, loose, &x->p)) {
            i = j;
            if (!xr_tail(s, n, &i, loose, &x->pr))
                return 0;
        }
    }
    x->end = i;
    return 1;
}

/* A match that must cover all of s[i..n). */
static int xr_whole(const char *s, size_t n, size_t i, int loose,
                    struct xr *x)
{
    return xr_match(s, n, i, loose, x) && x->end == n;
}

/*
 * Writes s + 1 as decimal into buf.  Numbers past 2^53-1 cannot be
 * versions anyway; they produce a value the comparator parser rejects,
 * as node-semver's does.
 */
static const char *inc(struct slice s, char *buf, size_t len)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < s.n; i++) {
        if (v > VIGIL__SV_NODE_MAX_NUM)
            return "99999999999999999999999";
        v = v * 10 + (uint64_t)(s.p[i] - '0');
    }
    snprintf(buf, len, "%llu", (unsigned long long)v + 1);
    return buf;
}

#define SL(s) (int)(s).n, (s).p

/* "^1.2.3" and friends: compatible with the left-most non-zero part. */
static int caret(struct rp *p, const char *s, size_t n, struct vigil_buf *o)
{
    const char *z = p->incpr ? "-0" : "";
    char b[32];
    struct xr x;

    if (n == 0 || s[0] != '^' || !xr_whole(s, n, 1, p->loose, &x))
        return vigil_buf_add(o, s, n);
    if (is_x(x.M))
        return 0;
    if (is_x(x.m))
        return vigil_buf_addf(o, ">=%.*s.0.0%s <%s.0.0-0", SL(x.M), z,
                              inc(x.M, b, sizeof(b)));
    if (is_x(x.p))
        return is_zero(x.M)
            ? vigil_buf_addf(o, ">=%.*s.%.*s.0%s <%.*s.%s.0-0", SL(x.M),
                             SL(x.m), z, SL(x.M), inc(x.m, b, sizeof(b)))
            : vigil_buf_addf(o, ">=%.*s.%.*s.0%s <%s.0.0-0", SL(x.M),
                             SL(x.m), z, inc(x.M, b, sizeof(b)));
    if (vigil_buf_addf(o, ">=%.*s.%.*s.%.*s", SL(x.M), SL(x.m), SL(x.p)))
        return VIGIL_ENOMEM;
    if (x.pr.n && vigil_buf_addf(o, "-%.*s", SL(x.pr)))
        return VIGIL_ENOMEM;
    if (is_zero(x.M) && is_zero(x.m))
        return vigil_buf_addf(o, " <%.*s.%.*s.%s-0", SL(x.M), SL(x.m),
                              inc(x.p, b, sizeof(b)));
    if (is_zero(x.M))
        return vigil_buf_addf(o, " <%.*s.%s.0-0", SL(x.M),
                              inc(x.m, b, sizeof(b)));
    return vigil_buf_addf(o, " <%s.0.0-0", inc(x.M, b, sizeof(b)));
}

/* "~1.2.3", "~>1.2": patch-level changes (minor ones for "~1"). */
static int tilde(struct rp *p, const char *s, size_t n, struct vigil_buf *o)
{
    const char *z = p->incpr ? "-0" : "";
    size_t i = (n > 1 && s[1] == '>') ? 2 : 1;
    char b[32];
    struct xr x;

    if (n == 0 || s[0] != '~' || !xr_whole(s, n, i, p->loose, &x))
        return vigil_buf_add(o, s, n);
    if (is_x(x.M))
        return 0;
    if (is_x(x.m))
        return vigil_buf_addf(o, ">=%.*s.0.0%s <%s.0.0-0", SL(x.M), z,
                              inc(x.M, b, sizeof(b)));
    if (is_x(x.p))
        return vigil_buf_addf(o, ">=%.*s.%.*s.0%s <%.*s.%s.0-0", SL(x.M),
                              SL(x.m), z, SL(x.M), inc(x.m, b, sizeof(b)));
    if (vigil_buf_addf(o, ">=%.*s.%.*s.%.*s", SL(x.M), SL(x.m), SL(x.p)))
        return VIGIL_ENOMEM;
    if (x.pr.n && vigil_buf_addf(o, "-%.*s", SL(x.pr)))
        return VIGIL_ENOMEM;
    return vigil_buf_addf(o, " <%.*s.%s.0-0", SL(x.M),
                          inc(x.m, b, sizeof(b)));
}

/* "1.x" or "*" after a number, or a number after an "x", is no x-range. */
static int bad_x_order(const struct xr *x)
{
    return (is_x(x->M) && !is_x(x->m))
           || (is_x(x->m) && x->p.n && !is_x(x->p));
}

/* An x-range with an operator: ">1.2" is ">=1.3.0", "<=1" is "<2.0.0-0". */
static int xrange_op(struct rp *p, char g[3], const struct xr *x,
                     struct vigil_buf *o)
{
    const char *pr = p->incpr ? "-0" : "";
    const char *M, *m = is_x(x->m) ? "0" : NULL;
    char bM[32], bm[32];
    int Mn = (int)x->M.n, xm = is_x(x->m);

    M = x->M.p;
    if (strcmp(g, ">") == 0) {
        memcpy(g, ">=", 3);
        if (xm) {
            M = inc(x->M, bM, sizeof(bM));
            Mn = (int)strlen(M);
        } else {
            m = inc(x->m, bm, sizeof(bm));
        }
    } else if (strcmp(g, "<=") == 0) {
        memcpy(g, "<", 2);
        if (xm) {
            M = inc(x->M, bM, sizeof(bM));
            Mn = (int)strlen(M);
        } else {
            m = inc(x->m, bm, sizeof(bm));
        }
    }
    if (strcmp(g, "<") == 0)
        pr = "-0";
    if (m)
        return vigil_buf_addf(o, "%s%.*s.%s.0%s", g, Mn, M, m, pr);
    return vigil_buf_addf(o, "%s%.*s.%.*s.0%s", g, Mn, M, SL(x->m), pr);
}

static int xrange(struct rp *p, const char *s, size_t n, struct vigil_buf *o)
{
    const char *pr = p->incpr ? "-0" : "";
    char g[3] = "", b[32];
    size_t i = 0;
    struct xr x;

    if (n > 0 && (s[0] == '<' || s[0] == '>')) {
        g[0] = s[0];
        i = 1;
        if (n > 1 && s[1] == '=')
            g[i++] = '=';
    } else if (n > 0 && s[0] == '=') {
        g[0] = '=';
        i = 1;
    }
    if (!xr_whole(s, n, i, p->loose, &x) || bad_x_order(&x)
        || !is_x(x.p))
        return vigil_buf_add(o, s, n);
    if (strcmp(g, "=") == 0)
        g[0] = '\0';
    if (is_x(x.M))
        return vigil_buf_adds(o, (strcmp(g, ">") == 0 || strcmp(g, "<") == 0)
                                     ? "<0.0.0-0" : "*");
    if (g[0])
        return xrange_op(p, g, &x, o);
    if (is_x(x.m))
        return vigil_buf_addf(o, ">=%.*s.0.0%s <%s.0.0-0", SL(x.M), pr,
                              inc(x.M, b, sizeof(b)));
    return vigil_buf_addf(o, ">=%.*s.%.*s.0%s <%.*s.%s.0-0", SL(x.M),
                          SL(x.m), pr, SL(x.M), inc(x.m, b, sizeof(b)));
}

typedef int (*stage_fn)(struct rp *p, const char *s, size_t n,
                        struct vigil_buf *o);

/* Applies fn to each space-separated word of in, joined by spaces. */
static int each_word(struct rp *p, stage_fn fn, const struct vigil_buf *in,
                     struct vigil_buf *out)
{
    const char *s = in->ptr ? in->ptr : "";
    size_t n = in->len, i = 0, b;
    int rc, first = 1;

    vigil_buf_reset(out);
    while (i < n && s[i] == ' ')
        i++;
    while (n > i && s[n - 1] == ' ')
        n--;
    do {
        for (b = i; i < n && s[i] != ' '; i++)
            ;
        if (!first && (rc = vigil_buf_addc(out, ' ')) != 0)
            return rc;
        first = 0;
        if ((rc = fn(p, s + b, i - b, out)) != 0)
            return rc;
        while (i < n && s[i] == ' ')
            i++;
    } while (i < n);
    return vigil_buf_add(out, "", 0);
}

/* Removes the first "<*", ">=*", "=*" or "*" (node-semver's STAR). */
static void strip_star(struct vigil_buf *b)
{
    char *star = b->ptr ? memchr(b->ptr, '*', b->len) : NULL;
    size_t k, start;

    if (!star)
        return;
    k = (size_t)(star - b->ptr);
    start = k;
    if (start > 0 && b->ptr[start - 1] == '=')
        start--;
    if (start > 0 && (b->ptr[start - 1] == '<' || b->ptr[start - 1] == '>'))
        start--;
    memmove(b->ptr + start, b->ptr + k + 1, b->len - k);
    b->len -= k + 1 - start;
}

/* One word of a set: carets, tildes, x-ranges, stars; appended to out. */
static int word(struct rp *p, const char *s, size_t n, struct vigil_buf *out)
{
    struct vigil_buf a = VIGIL_BUF_INIT, b = VIGIL_BUF_INIT;
    int rc;

    if ((rc = vigil_buf_add(&a, "", 0)) == 0
        && (rc = caret(p, s, n, &a)) == 0
        && (rc = each_word(p, tilde, &a, &b)) == 0
        && (rc = each_word(p, xrange, &b, &a)) == 0) {
        strip_star(&a);
        rc = vigil_buf_add(out, a.ptr, a.len);
    }
    vigil_buf_release(&a);
    vigil_buf_release(&b);
    return rc;
}

/* Removes every "+build" (node-semver strips them before anything else). */
static void strip_builds(struct vigil_buf *b)
{
    size_t i = 0, o = 0;

    while (i < b->len) {
        if (b->ptr[i] == '+' && i + 1 < b->len
            && is_ident((unsigned char)b->ptr[i + 1])) {
            i++;
            for (;;) {
                while (i < b->len && is_ident((unsigned char)b->ptr[i]))
                    i++;
                if (i + 1 < b->len && b->ptr[i] == '.'
                    && is_ident((unsigned char)b->ptr[i + 1]))
                    i++;
                else
                    break;
            }
            continue;
        }
        b->ptr[o++] = b->ptr[i++];
    }
    b->len = o;
    if (b->ptr)
        b->ptr[o] = '\0';
}

/* The upper end of a hyphen range, appended to out. */
static int hyphen_to(struct rp *p, const char *t, size_t mid, size_t n,
                     const struct xr *to, struct vigil_buf *out)
{
    char b[32];

    if (is_x(to->M))
        return 0;
    if (out->len > 0 && vigil_buf_addc(out, ' '))
        return VIGIL_ENOMEM;
    if (is_x(to->m))
        return vigil_buf_addf(out, "<%s.0.0-0", inc(to->M, b, sizeof(b)));
    if (is_x(to->p))
        return vigil_buf_addf(out, "<%.*s.%s.0-0", SL(to->M),
                              inc(to->m, b, sizeof(b)));
    if (to->pr.n)
        return vigil_buf_addf(out, "<=%.*s.%.*s.%.*s-%.*s", SL(to->M),
                              SL(to->m), SL(to->p), SL(to->pr));
    if (p->incpr)
        return vigil_buf_addf(out, "<%.*s.%.*s.%s-0", SL(to->M), SL(to->m),
                              inc(to->p, b, sizeof(b)));
    return vigil_buf_addf(out, "<=%.*s", (int)(n - mid), t + mid);
}

/*
 * "1.2 - 3" becomes ">=1.2.0 <4.0.0-0".  s is a whole trimmed set;
 * *matched says whether it was a hyphen range (out then holds it).
 */
static int hyphen(struct rp *p, const struct vigil_buf *s,
                  struct vigil_buf *out, int *matched)
{
    const char *t = s->ptr ? s->ptr : "";
    const char *inc0 = p->incpr ? "-0" : "";
    size_t n = s->len, mid = 0;
    struct xr f, to;
    int rc;

    *matched = 0;
    while (n > 0 && t[n - 1] == ' ')
        n--;
    if (!xr_match(t, n, 0, p->loose, &f) || f.end >= n || t[f.end] != ' ')
        return 0;
    for (mid = f.end; mid < n && t[mid] == ' '; mid++)
        ;
    if (mid + 1 >= n || t[mid] != '-' || t[mid + 1] != ' ')
        return 0;
    for (mid++; mid < n && t[mid] == ' '; mid++)
        ;
    if (!xr_whole(t, n, mid, p->loose, &to))
        return 0;
    *matched = 1;
    vigil_buf_reset(out);
    if (is_x(f.M))
        rc = vigil_buf_add(out, "", 0);
    else if (is_x(f.m))
        rc = vigil_buf_addf(out, ">=%.*s.0.0%s", SL(f.M), inc0);
    else if (is_x(f.p))
        rc = vigil_buf_addf(out, ">=%.*s.%.*s.0%s", SL(f.M), SL(f.m), inc0);
    else
        rc = vigil_buf_addf(out, ">=%.*s%s", (int)f.end, t,
                            f.pr.n ? "" : inc0);
    if (rc != 0)
        return rc;
    return hyphen_to(p, t, mid, n, &to, out);
}

static int is_vstart(int c)
{
    return vigil__isdigit(c) || c == 'x' || c == 'X' || c == '*';
}

static int is_vprefix(int c)
{
    return c == 'v' || c == '=' || c == ' ';
}

/*
 * Drops the space between an operator and its version ("> 1.2" becomes
 * ">1.2", "= 1" becomes "=1"), as node-semver's comparator trim does;
 * b holds single-spaced text.
 */
static void trim_operators(struct vigil_buf *b)
{
    char *s = b->ptr;
    size_t i, j, k, o = 0;

    for (i = 0; i < b->len; i++) {
        if (!is_vstart((unsigned char)s[i]))
            continue;
        for (j = i; j > 0 && is_vprefix((unsigned char)s[j - 1]); j--)
            ;
        k = j;
        if (j > 0 && (s[j - 1] == '<' || s[j - 1] == '>')) {
            if (s[k] == '=')
                k++;
        } else {
            if (s[k] == ' ')
                k++;
            if (s[k] != '=')
                continue;
            k++;
        }
        if (k < i && s[k] == ' ')
            s[k] = '\0';       /* marked; the text holds no NUL */
    }
    for (i = 0; i < b->len; i++)
        if (s[i] != '\0')
            s[o++] = s[i];
    b->len = o;
    if (s)
        s[o] = '\0';
}

/* "~ 1", "~> 1" become "~1"; "^ 1" becomes "^1". */
static void trim_tilde_caret(struct vigil_buf *b)
{
    char *s = b->ptr;
    size_t i = 0, o = 0, k;

    while (i < b->len) {
        if (s[i] == '~' || s[i] == '^') {
            k = i + 1;
            if (s[i] == '~' && k < b->len && s[k] == '>')
                k++;
            if (k < b->len && s[k] == ' ') {
                s[o++] = s[i];
                i = k + 1;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    b->len = o;
    if (s)
        s[o] = '\0';
}

static int push(struct rp *p, const struct vigil__npm_cmp *c)
{
    struct vigil__npm_range *r = p->r;
    struct vigil__npm_cmp *grown;

    if (r->ncmps == r->capcmps) {
        size_t cap = r->capcmps ? r->capcmps * 2 : 16;

        if (r->ncmps >= MAX_CMPS)
            return bad(p, VIGIL_ELIMIT, "too many comparators");
        grown = realloc(r->cmps, cap * sizeof(*grown));
        if (!grown)
            return VIGIL_ENOMEM;
        r->cmps = grown;
        r->capcmps = cap;
    }
    r->cmps[r->ncmps++] = *c;
    return 0;
}

/* Parses one final comparator word ("", ">=1.2.3", "<2.0.0-0"). */
static int comparator(struct rp *p, const char *w, size_t n)
{
    struct vigil__npm_cmp c;
    const char *why = NULL;
    char *s;
    size_t i = 0;
    int rc, mode = VIGIL__SV_NODE | (p->loose ? VIGIL__SV_LOOSE : 0);

    memset(&c, 0, sizeof(c));
    if (n == 0) {
        c.op = VIGIL__NPM_ANY;
        return push(p, &c);
    }
    if (!(s = vigil_arena_strndup(&p->r->arena, w, n)))
        return VIGIL_ENOMEM;
    c.op = VIGIL__NPM_EQ;
    if (s[0] == '<' || s[0] == '>') {
        c.op = s[0] == '<' ? VIGIL__NPM_LT : VIGIL__NPM_GT;
        if (s[++i] == '=') {
            c.op = c.op == VIGIL__NPM_LT ? VIGIL__NPM_LE : VIGIL__NPM_GE;
            i++;
        }
    } else if (s[0] == '=') {
        i = 1;
    }
    rc = vigil__sv_parse(s + i, n - i, mode, &c.v, &why);
    if (rc == VIGIL_EINVAL && p->loose)
        return 0;       /* loose mode drops what is no comparator */
    if (rc != 0)
        return vigil_error_set(p->err, VIGIL_EINVAL, 0,
                               "invalid npm range '%.*s': comparator "
                               "'%.*s': %s", 200, p->range,
                               (int)(n > 100 ? 100 : n), w, why);
    return push(p, &c);
}

/* ">=0.0.0" (">=0.0.0-0" with pre-releases included) means any. */
static int is_gte0(const struct rp *p, const char *w, size_t n)
{
    const char *any = p->incpr ? ">=0.0.0-0" : ">=0.0.0";

    return n == strlen(any) && memcmp(w, any, n) == 0;
}

/* Splits joined text like JavaScript's split(/\s+/) and parses each. */
static int comparators(struct rp *p, const struct vigil_buf *j)
{
    const char *s = j->ptr ? j->ptr : "";
    size_t n = j->len, b = 0, e;
    int rc;

    for (;;) {
        for (e = b; e < n && s[e] != ' '; e++)
            ;
        if (is_gte0(p, s + b, e - b))
            b = e;
        if ((rc = comparator(p, s + b, e - b)) != 0)
            return rc;
        if (e == n)
            return 0;
        while (e < n && s[e] == ' ')
            e++;
        b = e;
    }
}

static int is_null_set(const struct vigil__npm_cmp *c)
{
    return c->op == VIGIL__NPM_LT && c->v.num[0] == 0 && c->v.num[1] == 0
           && c->v.num[2] == 0 && c->v.prelen > 0
           && vigil__sv_pre_cmp(c->v.pre, c->v.prelen, "0", 1) == 0;
}

static int same_value(const struct vigil__npm_cmp *a,
                      const struct vigil__npm_cmp *b)
{
    if (a->op != b->op)
        return 0;
    return a->op == VIGIL__NPM_ANY || vigil__sv_cmp(&a->v, &b->v) == 0;
}

/*
 * node-semver's clean-up of one set cmps[base..): a "<0.0.0-0" makes
 * the set just that, duplicates go, and "any" goes when others remain.
 */
static void tidy_set(struct vigil__npm_range *r, size_t base)
{
    struct vigil__npm_cmp *c = r->cmps;
    size_t i, j, k = base;

    for (i = base; i < r->ncmps; i++) {
        if (is_null_set(&c[i])) {
            c[base] = c[i];
            r->ncmps = base + 1;
            return;
        }
    }
    for (i = base; i < r->ncmps; i++) {
        for (j = base; j < k && !same_value(&c[j], &c[i]); j++)
            ;
        if (j == k)
            c[k++] = c[i];
    }
    r->ncmps = k;
    if (k - base < 2)
        return;
    for (i = k = base; i < r->ncmps; i++)
        if (c[i].op != VIGIL__NPM_ANY)
            c[k++] = c[i];
    r->ncmps = k;
}

static int end_set(struct rp *p, size_t base)
{
    struct vigil__npm_range *r = p->r;
    size_t *grown;

    tidy_set(r, base);
    if (r->ncmps == base)
        return 0;       /* loose mode emptied it: node-semver drops it */
    if (r->nsets == r->capsets) {
        size_t cap = r->capsets ? r->capsets * 2 : 4;

        if (!(grown = realloc(r->set_end, cap * sizeof(*grown))))
            return VIGIL_ENOMEM;
        r->set_end = grown;
        r->capsets = cap;
    }
    r->set_end[r->nsets++] = r->ncmps;
    return 0;
}

/* Splits s on single spaces (JavaScript's split(' ')) into words. */
static int words(struct rp *p, const struct vigil_buf *s,
                 struct vigil_buf *joined)
{
    const char *t = s->ptr ? s->ptr : "";
    size_t b = 0, e;
    int rc;

    vigil_buf_reset(joined);
    if ((rc = vigil_buf_add(joined, "", 0)) != 0)
        return rc;
    for (;;) {
        for (e = b; e < s->len && t[e] != ' '; e++)
            ;
        if (b > 0 && (rc = vigil_buf_addc(joined, ' ')) != 0)
            return rc;
        if ((rc = word(p, t + b, e - b, joined)) != 0)
            return rc;
        if (e == s->len)
            return 0;
        b = e + 1;
    }
}

static int parse_set(struct rp *p, const char *s, size_t n)
{
    struct vigil_buf a = VIGIL_BUF_INIT, b = VIGIL_BUF_INIT;
    size_t base = p->r->ncmps;
    int rc, matched;

    if ((rc = vigil_buf_add(&a, s, n)) != 0)
        goto out;
    strip_builds(&a);
    if ((rc = hyphen(p, &a, &b, &matched)) != 0)
        goto out;
    if (matched && (rc = vigil_buf_add(&b, "", 0)) == 0) {
        vigil_buf_reset(&a);
        rc = vigil_buf_add(&a, b.ptr, b.len);
    }
    if (rc != 0)
        goto out;
    trim_operators(&a);
    trim_tilde_caret(&a);
    if ((rc = words(p, &a, &b)) == 0 && (rc = comparators(p, &b)) == 0)
        rc = end_set(p, base);
out:
    vigil_buf_release(&a);
    vigil_buf_release(&b);
    return rc;
}

/*
 * Copies range trimmed, with every run of white space (JavaScript's \s,
 * Unicode spaces included) made one space.
 */
static int collapse(const char *range, struct vigil_buf *out)
{
    size_t n = strlen(range), i = 0, k;
    int rc = vigil_buf_add(out, "", 0), gap = 0;

    while (rc == 0 && i < n) {
        if ((k = vigil__sv_ws_len(range + i, n - i, 0)) > 0) {
            gap = out->len > 0;
            i += k;
            continue;
        }
        if (gap)
            rc = vigil_buf_addc(out, ' ');
        gap = 0;
        if (rc == 0)
            rc = vigil_buf_addc(out, range[i++]);
    }
    return rc;
}

/* Set i as [*b, *e). */
static void set_bounds(const struct vigil__npm_range *r, size_t i,
                       size_t *b, size_t *e)
{
    *b = i ? r->set_end[i - 1] : 0;
    *e = r->set_end[i];
}

/* Keeps only set keep (moved to the front). */
static void keep_only(struct vigil__npm_range *r, size_t keep)
{
    size_t b, e;

    set_bounds(r, keep, &b, &e);
    memmove(r->cmps, r->cmps + b, (e - b) * sizeof(*r->cmps));
    r->ncmps = e - b;
    r->set_end[0] = e - b;
    r->nsets = 1;
}

/* Across sets: null sets go (unless all are), and a "*" set wins. */
static void tidy_range(struct vigil__npm_range *r)
{
    size_t i, k = 0, b, e, o = 0;

    if (r->nsets < 2)
        return;
    for (i = 0; i < r->nsets; i++) {
        set_bounds(r, i, &b, &e);
        if (is_null_set(&r->cmps[b]))
            continue;
        memmove(r->cmps + o, r->cmps + b, (e - b) * sizeof(*r->cmps));
        o += e - b;
        r->set_end[k++] = o;
    }
    if (k == 0) {
        keep_only(r, 0);
        return;
    }
    r->ncmps = o;
    r->nsets = k;
    for (i = 0; i < r->nsets; i++) {
        set_bounds(r, i, &b, &e);
        if (e - b == 1 && r->cmps[b].op == VIGIL__NPM_ANY) {
            keep_only(r, i);
            return;
        }
    }
}

void vigil__npm_range_release(struct vigil__npm_range *r)
{
    vigil_arena_release(&r->arena);
    free(r->cmps);
    free(r->set_end);
    memset(r, 0, sizeof(*r));
}

static int parse_sets(struct rp *p, const struct vigil_buf *norm)
{
    const char *s = norm->ptr, *bar, *e;
    int rc;

    for (;;) {
        bar = strstr(s, "||");
        e = bar ? bar : s + strlen(s);
        while (s < e && *s == ' ')
            s++;
        while (e > s && e[-1] == ' ')
            e--;
        if ((rc = parse_set(p, s, (size_t)(e - s))) != 0)
            return rc;
        if (!bar)
            return 0;
        s = bar + 2;
    }
}

int vigil__npm_range_parse(struct vigil__npm_range *r, const char *range,
                           int flags, struct vigil_error *err)
{
    struct vigil_buf norm = VIGIL_BUF_INIT;
    struct rp p;
    int rc;

    memset(r, 0, sizeof(*r));
    vigil_arena_init(&r->arena);
    p.r = r;
    p.loose = !!(flags & VIGIL_NPM_LOOSE);
    p.incpr = !!(flags & VIGIL_NPM_INCLUDE_PRERELEASE);
    p.range = range ? range : "";
    p.err = err;
    if (!range)
        rc = vigil_error_set(err, VIGIL_EINVAL, 0, "missing npm range");
    else if (strlen(range) > VIGIL_NPM_RANGE_MAX)
        rc = bad(&p, VIGIL_ELIMIT, "longer than 65536 bytes");
    else if ((rc = collapse(range, &norm)) == 0
             && (rc = parse_sets(&p, &norm)) == 0 && r->nsets == 0)
        rc = bad(&p, VIGIL_EINVAL, "no valid comparator set");
    vigil_buf_release(&norm);
    if (rc == VIGIL_ENOMEM)
        vigil_error_set(err, rc, 0, "out of memory parsing npm range");
    if (rc != 0) {
        vigil__npm_range_release(r);
        return rc;
    }
    tidy_range(r);
    return 0;
}
