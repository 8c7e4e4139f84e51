/*
 * pep440_spec.c - PEP 440 version specifier sets: parsing, membership
 * (vigil_pep440_satisfies) and the unsatisfiable check.
 *
 * The rules follow pypa/packaging's specifiers.py as of 2025/2026,
 * including where it reads the written text rather than the parsed
 * version (the prefix of "~=" clauses, "===" string equality).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/pep440.h"
#include "semver_int.h"
#include "../internal.h"

#define MAX_SPECS 256
#define MAX_ITEMS 96

enum sop { SOP_COMPAT, SOP_EQ, SOP_NE, SOP_LE, SOP_GE, SOP_LT, SOP_GT,
           SOP_ARB };

static const struct {
    const char *text;
    enum sop op;
} sops[] = {
    /* "===" before "==", two-character operators before one */
    { "===", SOP_ARB }, { "~=", SOP_COMPAT }, { "==", SOP_EQ },
    { "!=", SOP_NE },   { "<=", SOP_LE },     { ">=", SOP_GE },
    { "<", SOP_LT },    { ">", SOP_GT },
};

struct spec {
    int op;
    const char *text;   /* the version as written, NUL-terminated */
    size_t len;
    int wildcard;       /* "==X.*" or "!=X.*"; v is X */
    int has_local;
    int ok;             /* v holds the parsed version */
    struct vigil__pv v;
};

struct specset {
    char *buf;          /* copy of the input; texts point into it */
    struct spec *s;
    size_t n;
};

/* Python's white space (Unicode included) at p, p < e; its length. */
static size_t py_ws(const char *p, const char *e)
{
    return vigil__sv_ws_len(p, (size_t)(e - p), 1);
}

/* "v1!2.3": what may precede ".*" in a prefix-matching clause. */
static int plain_release(const char *t, size_t n)
{
    size_t i = 0, b;

    if (i < n && (t[i] == 'v' || t[i] == 'V'))
        i++;
    for (b = i; i < n && vigil__isdigit((unsigned char)t[i]); i++)
        ;
    if (i < n && t[i] == '!' && i > b)
        i++;
    else
        i = b;
    for (;;) {
        for (b = i; i < n && vigil__isdigit((unsigned char)t[i]); i++)
            ;
        if (i == b)
            return 0;
        if (i == n)
            return 1;
        if (t[i++] != '.')
            return 0;
    }
}

static int parse_wildcard(struct spec *sp, char *text, size_t len)
{
    const char *why;
    int rc;

    if (!plain_release(text, len - 2))
        return VIGIL_EINVAL;
    text[len - 2] = '\0';
    rc = vigil__pv_parse(text, &sp->v, &why);
    text[len - 2] = '.';
    sp->wildcard = 1;
    sp->ok = rc == 0;
    return rc;
}

/* Parses one clause t[0..n), already trimmed; t[n] may be written. */
static int spec_parse(char *t, size_t n, struct spec *sp)
{
    const char *why;
    size_t i, k, oplen = 0;
    int rc;

    memset(sp, 0, sizeof(*sp));
    for (k = 0; k < VIGIL_ARRAY_SIZE(sops) && !oplen; k++)
        if (strncmp(t, sops[k].text, strlen(sops[k].text)) == 0) {
            sp->op = sops[k].op;
            oplen = strlen(sops[k].text);
        }
    if (!oplen)
        return VIGIL_EINVAL;
    for (i = oplen; i < n && (k = py_ws(t + i, t + n)) > 0; i += k)
        ;
    t[n] = '\0';
    sp->text = t + i;
    sp->len = n - i;
    sp->has_local = memchr(sp->text, '+', sp->len) != NULL;
    if (sp->op == SOP_ARB) {
        for (k = i; k < n; k++)
            if (py_ws(t + k, t + n) || t[k] == ';' || t[k] == ')')
                return VIGIL_EINVAL;
        sp->ok = vigil__pv_parse(sp->text, &sp->v, &why) == 0;
        return 0;
    }
    if ((sp->op == SOP_EQ || sp->op == SOP_NE) && sp->len >= 2
        && memcmp(t + n - 2, ".*", 2) == 0)
        return parse_wildcard(sp, t + i, sp->len);
    if ((rc = vigil__pv_parse(sp->text, &sp->v, &why)) != 0)
        return rc;
    sp->ok = 1;
    if (sp->v.nlocal && sp->op != SOP_EQ && sp->op != SOP_NE)
        return VIGIL_EINVAL;
    if (sp->op == SOP_COMPAT && sp->v.nrel < 2)
        return VIGIL_EINVAL;
    return 0;
}

static void specset_free(struct specset *ss)
{
    free(ss->buf);
    free(ss->s);
    memset(ss, 0, sizeof(*ss));
}

static int specset_parse(const char *spec, struct specset *ss,
                         struct vigil_error *err)
{
    const char *p;
    char *q, *e, *comma;
    size_t len, k;
    int rc;

    memset(ss, 0, sizeof(*ss));
    if (!spec)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "missing specifier");
    len = strlen(spec);
    if (len > 64 * 1024)
        return vigil_error_set(err, VIGIL_ELIMIT, 0,
                               "specifier longer than 65536 bytes");
    for (p = strchr(spec, ','), k = 1; p && k <= MAX_SPECS; k++)
        p = strchr(p + 1, ',');
    if (!(ss->buf = strdup(spec)) || !(ss->s = calloc(k, sizeof(*ss->s))))
        goto nomem;
    for (q = ss->buf; q; q = comma ? comma + 1 : NULL) {
        comma = strchr(q, ',');
        e = comma ? comma : q + strlen(q);
        while (q < e && (k = py_ws(q, e)) > 0)
            q += k;
        while (e > q && (k = vigil__sv_ws_back(q, (size_t)(e - q), 1)) > 0)
            e -= k;
        if (e == q)
            continue;
        if (ss->n == MAX_SPECS) {
            rc = vigil_error_set(err, VIGIL_ELIMIT, 0,
                                 "more than 256 clauses in a specifier");
            goto fail;
        }
        if ((rc = spec_parse(q, (size_t)(e - q), &ss->s[ss->n])) != 0) {
            rc = vigil_error_set(err, VIGIL_EINVAL, 0, "invalid PEP 440 "
                                 "specifier '%.200s': bad clause '%.100s'",
                                 spec, q);
            goto fail;
        }
        ss->n++;
    }
    return 0;
nomem:
    rc = vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
fail:
    specset_free(ss);
    return rc;
}

int vigil_pep440_spec_valid(const char *spec, struct vigil_error *err)
{
    struct specset ss;
    int rc = specset_parse(spec, &ss, err);

    if (rc == 0)
        specset_free(&ss);
    return rc;
}

/* ---- prefix matching ("==1.2.*", "~=1.2.3") ---- */

struct slice {
    const char *p;
    size_t n;
};

struct vsplit {
    struct slice it[MAX_ITEMS];
    size_t n;
};

static int push_item(struct vsplit *vs, const char *p, size_t n)
{
    if (vs->n == MAX_ITEMS)
        return 0;
    vs->it[vs->n].p = p;
    vs->it[vs->n++].n = n;
    return 1;
}

/* "0a1" is "0" then "a1": digits followed by a/b/c/rc and digits. */
static size_t pre_split(const char *p, size_t n)
{
    size_t d, k;

    for (d = 0; d < n && vigil__isdigit((unsigned char)p[d]); d++)
        ;
    if (d == 0 || d == n)
        return 0;
    k = d + ((p[d] == 'a' || p[d] == 'b' || p[d] == 'c') ? 1
             : (n - d > 1 && p[d] == 'r' && p[d + 1] == 'c') ? 2 : 0);
    if (k == d || k == n)
        return 0;
    for (; k < n; k++)
        if (!vigil__isdigit((unsigned char)p[k]))
            return 0;
    return d;
}

/*
 * packaging's _version_split(): the epoch ("0" when none), then the
 * dot-separated parts.  s must outlive vs.
 */
static int version_split(const char *s, size_t n, struct vsplit *vs)
{
    const char *bang = NULL, *p, *e;
    size_t i, d;

    vs->n = 0;
    for (i = 0; i < n; i++)
        if (s[i] == '!')
            bang = s + i;
    if (!(bang && bang > s ? push_item(vs, s, (size_t)(bang - s))
                           : push_item(vs, "0", 1)))
        return 0;
    for (p = bang ? bang + 1 : s;; p = e + 1) {
        for (e = p; e < s + n && *e != '.'; e++)
            ;
        d = pre_split(p, (size_t)(e - p));
        if (d ? !push_item(vs, p, d) || !push_item(vs, p + d,
                                                   (size_t)(e - p) - d)
              : !push_item(vs, p, (size_t)(e - p)))
            return 0;
        if (e == s + n)
            return 1;
    }
}

static int is_digits(struct slice s)
{
    size_t i;

    for (i = 0; i < s.n; i++)
        if (!vigil__isdigit((unsigned char)s.p[i]))
            return 0;
    return s.n > 0;
}

static size_t numeric_len(const struct vsplit *vs)
{
    size_t k = 0;

    while (k < vs->n && is_digits(vs->it[k]))
        k++;
    return k;
}

/* canonicalize_version(): the normal form if text parses, else text. */
static int canonical(const char *text, struct vigil_buf *out)
{
    struct vigil__pv v;
    char tmp[VIGIL_PEP440_MAX + 64];
    const char *why;

    vigil_buf_reset(out);
    if (vigil__pv_parse(text, &v, &why) == 0
        && vigil__pv_format(&v, 1, tmp, sizeof(tmp)) == 0)
        return vigil_buf_adds(out, tmp);
    return vigil_buf_adds(out, text);
}

/* Is the written prefix (without ".*") a prefix of p's public version? */
static int prefix_match(const struct vigil__pv *p, const char *prefix,
                        int *yes)
{
    struct vigil_buf sb = VIGIL_BUF_INIT;
    struct vsplit sp, pp;
    struct vigil__pv pub = *p;
    char pubs[VIGIL_PEP440_MAX + 64];
    size_t i, k, pad, want;
    int rc;

    pub.nlocal = 0;
    *yes = 0;
    if ((rc = canonical(prefix, &sb)) != 0
        || (rc = vigil__pv_format(&pub, 0, pubs, sizeof(pubs))) != 0)
        goto out;
    if (!version_split(sb.ptr, sb.len, &sp)
        || !version_split(pubs, strlen(pubs), &pp))
        goto out;       /* more parts than any real version has */
    want = numeric_len(&sp);
    k = numeric_len(&pp);
    pad = want > k ? want - k : 0;
    if (pp.n + pad < sp.n)
        goto out;
    *yes = 1;
    for (i = 0; i < sp.n && *yes; i++) {
        struct slice x = i < k ? pp.it[i]
                         : i < k + pad ? (struct slice){ "0", 1 }
                                       : pp.it[i - pad];

        *yes = x.n == sp.it[i].n && memcmp(x.p, sp.it[i].p, x.n) == 0;
    }
out:
    vigil_buf_release(&sb);
    return rc;
}

static int not_suffix(struct slice s)
{
    static const char *const sfx[] = { "dev", "a", "b", "rc", "post" };
    size_t k, n;

    for (k = 0; k < VIGIL_ARRAY_SIZE(sfx); k++) {
        n = strlen(sfx[k]);
        if (s.n >= n && memcmp(s.p, sfx[k], n) == 0)
            return 0;
    }
    return 1;
}

/* "~=1.4.5" also needs "==1.4.*": the written text minus its last part. */
static int compat_prefix(const struct spec *sp, struct vigil_buf *out)
{
    struct vsplit vs;
    size_t k = 1, i;
    int rc;

    if (!version_split(sp->text, sp->len, &vs))
        return VIGIL_EINVAL;
    while (k < vs.n && not_suffix(vs.it[k]))
        k++;
    k = k > 1 ? k - 1 : 1;
    vigil_buf_reset(out);
    rc = vigil_buf_addf(out, "%.*s!", (int)vs.it[0].n, vs.it[0].p);
    for (i = 1; rc == 0 && i < k; i++)
        rc = vigil_buf_addf(out, "%s%.*s", i > 1 ? "." : "",
                            (int)vs.it[i].n, vs.it[i].p);
    return rc;
}

/* ---- clause matching ---- */

static struct vigil__pv public_of(const struct vigil__pv *v)
{
    struct vigil__pv p = *v;

    p.nlocal = 0;
    return p;
}

static int eq_match(const struct spec *sp, const struct vigil__pv *p,
                    int *yes)
{
    struct vigil__pv pub;

    if (sp->wildcard) {
        char prefix[VIGIL_PEP440_MAX + 8];

        memcpy(prefix, sp->text, sp->len - 2);
        prefix[sp->len - 2] = '\0';
        return prefix_match(p, prefix, yes);
    }
    pub = public_of(p);
    *yes = vigil__pv_cmp(sp->v.nlocal ? p : &pub, &sp->v) == 0;
    return 0;
}

/* "<V" leaves out V's own pre-releases unless V is one. */
static int lt_match(const struct spec *sp, const struct vigil__pv *p)
{
    struct vigil__pv earliest = sp->v;

    if (vigil__pv_cmp(p, &sp->v) >= 0)
        return 0;
    earliest.has_dev = 1;
    earliest.dev = 0;
    earliest.nlocal = 0;
    return vigil__pv_is_prerelease(&sp->v) || !vigil__pv_is_prerelease(p)
           || vigil__pv_cmp(p, &earliest) < 0;
}

/* ">V" leaves out V's post-releases (unless V is one) and V+local. */
static int gt_match(const struct spec *sp, const struct vigil__pv *p)
{
    struct vigil__pv base = public_of(p);

    if (vigil__pv_cmp(p, &sp->v) <= 0)
        return 0;
    if (p->nlocal && vigil__pv_cmp(&base, &sp->v) == 0)
        return 0;
    base.has_post = 0;
    base.has_dev = 0;
    return sp->v.has_post || !p->has_post
           || vigil__pv_cmp(&base, &sp->v) != 0;
}

/*
 * LIMIT: "===" folds only ASCII letters, where Python lower-cases all of
 * Unicode; "===\xc3\x89" does not match "\xc3\xa9".  See
 * docs/LIMITS.md#pep440-limits.
 */
static int ci_equal(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i;

    if (an != bn)
        return 0;
    for (i = 0; i < an; i++)
        if (vigil__tolower((unsigned char)a[i])
            != vigil__tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* Does clause sp hold for p (raw is the version as the caller wrote it)? */
static int clause(const struct spec *sp, const struct vigil__pv *p,
                  const char *raw, int *yes)
{
    struct vigil__pv pub = public_of(p);
    struct vigil_buf b = VIGIL_BUF_INIT;
    int rc = 0;

    switch (sp->op) {
    case SOP_ARB:
        *yes = ci_equal(raw, strlen(raw), sp->text, sp->len);
        break;
    case SOP_EQ:
    case SOP_NE:
        rc = eq_match(sp, p, yes);
        *yes ^= sp->op == SOP_NE;
        break;
    case SOP_LE: *yes = vigil__pv_cmp(&pub, &sp->v) <= 0; break;
    case SOP_GE: *yes = vigil__pv_cmp(&pub, &sp->v) >= 0; break;
    case SOP_LT: *yes = lt_match(sp, p); break;
    case SOP_GT: *yes = gt_match(sp, p); break;
    case SOP_COMPAT:
        *yes = vigil__pv_cmp(&pub, &sp->v) >= 0;
        if (*yes && (rc = compat_prefix(sp, &b)) == 0)
            rc = prefix_match(p, b.ptr, yes);
        vigil_buf_release(&b);
        break;
    }
    return rc;
}

/* Specifier.prereleases with nothing set: does the clause name one? */
static int implies_pre(const struct spec *sp)
{
    if (sp->op == SOP_NE || sp->wildcard || !sp->ok)
        return 0;
    return vigil__pv_is_prerelease(&sp->v);
}

enum tri { T_NONE, T_TRUE, T_FALSE };

/* The effective "prereleases" argument, as SpecifierSet.contains() ends
 * up with it. */
static int pre_choice(const struct specset *ss, int flags, int is_pre)
{
    size_t i;

    if ((flags & VIGIL_PEP440_INSTALLED) && is_pre)
        return T_TRUE;
    if (flags & VIGIL_PEP440_PRE_ALLOW)
        return T_TRUE;
    if (flags & VIGIL_PEP440_PRE_DENY)
        return T_FALSE;
    if (flags & VIGIL_PEP440_SET_PRE_ALLOW)
        return T_TRUE;
    if (flags & VIGIL_PEP440_SET_PRE_DENY)
        return T_FALSE;
    for (i = 0; i < ss->n; i++)
        if (implies_pre(&ss->s[i]))
            return T_TRUE;
    return (flags & VIGIL_PEP440_PRE_IMPLIED) ? T_FALSE : T_NONE;
}

static int all_arbitrary(const struct specset *ss)
{
    size_t i;

    for (i = 0; i < ss->n; i++)
        if (ss->s[i].op != SOP_ARB)
            return 0;
    return ss->n > 0;
}

static int eval(const struct specset *ss, const char *v, int flags,
                int *yes, struct vigil_error *err)
{
    struct vigil__pv p;
    const char *why = NULL;
    size_t i;
    int rc, ok, parsed = vigil__pv_parse(v, &p, &why) == 0;

    if (!parsed && !all_arbitrary(ss)) {
        size_t n = strlen(v);

        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid PEP 440 "
                               "version '%.*s': %s",
                               (int)(n > 200 ? 200 : n), v, why);
    }
    if (parsed && vigil__pv_is_prerelease(&p)
        && pre_choice(ss, flags, 1) == T_FALSE) {
        *yes = 0;
        return 0;
    }
    for (i = 0, ok = 1; ok && i < ss->n; i++) {
        if (!parsed)
            ok = ci_equal(v, strlen(v), ss->s[i].text, ss->s[i].len);
        else if ((rc = clause(&ss->s[i], &p, v, &ok)) != 0)
            return vigil_error_set(err, rc, 0, "cannot evaluate specifier");
    }
    *yes = ok;
    return 0;
}

int vigil_pep440_satisfies(const char *v, const char *spec, int flags,
                           int *yes, struct vigil_error *err)
{
    struct specset ss;
    int rc;

    if (!v)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "missing version");
    if ((rc = specset_parse(spec, &ss, err)) != 0)
        return rc;
    rc = eval(&ss, v, flags, yes, err);
    specset_free(&ss);
    return rc;
}

/* ---- unsatisfiable specifier sets ---- */

/*
 * A point on the version line: a version, or a marker just above a
 * version's family (AFTER_LOCALS: above V and every V+local; AFTER_POSTS:
 * above V, V+local and every V.postN), as packaging models "<=V" and
 * ">V".  A bound is such a point, or infinity when inf is set.
 */
enum { K_VER, K_AFTER_LOCALS, K_AFTER_POSTS };

struct bound {
    int inf;
    int kind;
    int incl;
    struct vigil__pv v;
};

struct vrange {
    struct bound lo, hi;
};

struct ranges {
    struct vrange *r;
    size_t n;
};

static int same_opt(int ha, uint64_t a, int hb, uint64_t b)
{
    return ha == hb && (!ha || a == b);
}

/* Is version o one of those the marker b sits above? */
static int in_family(const struct bound *b, const struct vigil__pv *o)
{
    const struct vigil__pv *v = &b->v;
    struct vigil__pv x = *o, y = *v;

    x.has_post = y.has_post = x.has_dev = y.has_dev = 0;
    x.nlocal = y.nlocal = 0;
    if (vigil__pv_cmp(&x, &y) != 0)     /* epoch, release, pre */
        return 0;
    if (b->kind == K_AFTER_LOCALS)
        return same_opt(o->has_post, o->post, v->has_post, v->post)
               && same_opt(o->has_dev, o->dev, v->has_dev, v->dev);
    return same_opt(o->has_dev, o->dev, v->has_dev, v->dev) || o->has_post;
}

static int pt_lt(const struct bound *a, const struct bound *b)
{
    int c = vigil__pv_cmp(&a->v, &b->v);

    if (a->kind == K_VER && b->kind == K_VER)
        return c < 0;
    if (a->kind != K_VER && b->kind != K_VER)
        return c != 0 ? c < 0 : a->kind < b->kind;
    if (a->kind != K_VER)
        return !in_family(a, &b->v) && c < 0;
    return in_family(b, &a->v) || c <= 0;
}

static int pt_eq(const struct bound *a, const struct bound *b)
{
    return a->kind == b->kind && vigil__pv_cmp(&a->v, &b->v) == 0;
}

static int lo_lt(const struct bound *a, const struct bound *b)
{
    if (a->inf || b->inf)
        return a->inf && !b->inf;
    if (!pt_eq(a, b))
        return pt_lt(a, b);
    return a->incl && !b->incl;
}

static int hi_lt(const struct bound *a, const struct bound *b)
{
    if (a->inf || b->inf)
        return !a->inf && b->inf;
    if (!pt_eq(a, b))
        return pt_lt(a, b);
    return !a->incl && b->incl;
}

/*
 * The smallest real version a lower bound admits, where one exists.
 * Every version is at least 0.dev0; the first version above the marker
 * AFTER_POSTS(1.0a1) is 1.0a2.dev0 and above AFTER_LOCALS(1.0) it is
 * 1.0.post0.dev0.  Above a final version or an exclusive plain version
 * there is no first one (1.0.0.0.1.dev0, 1.0+a, ... get ever closer).
 */
static int first_admitted(const struct bound *lo, struct vigil__pv *s)
{
    memset(s, 0, sizeof(*s));
    if (lo->inf) {
        s->nrel = 1;
        s->has_dev = 1;
        return 1;
    }
    *s = lo->v;
    s->nlocal = 0;
    if (lo->kind == K_AFTER_POSTS && s->pre_kind && s->pre < UINT64_MAX) {
        s->pre++;
        s->has_dev = 1;
        s->dev = 0;
        return 1;
    }
    if (lo->kind != K_AFTER_LOCALS)
        return 0;
    if (s->has_dev)
        return s->dev < UINT64_MAX ? (s->dev++, 1) : 0;
    if (s->has_post && s->post == UINT64_MAX)
        return 0;
    s->post = s->has_post ? s->post + 1 : 0;
    s->has_post = s->has_dev = 1;
    s->dev = 0;
    return 1;
}

/* Does [lo, hi] hold no real version (ordered bounds can still be
 * empty: ">1.0a1,<1.0a2.dev0" leaves only 1.0a1's post-releases)? */
static int range_empty(const struct bound *lo, const struct bound *hi)
{
    struct bound first;

    if (hi->inf)
        return 0;
    if (!lo->inf && pt_eq(lo, hi))
        return !(lo->incl && hi->incl);
    if (!lo->inf && pt_lt(hi, lo))
        return 1;
    memset(&first, 0, sizeof(first));
    if (!first_admitted(lo, &first.v))
        return 0;
    if (pt_eq(&first, hi))
        return !hi->incl;
    return pt_lt(hi, &first);
}

static struct bound inf_bound(void)
{
    struct bound b;

    memset(&b, 0, sizeof(b));
    b.inf = 1;
    return b;
}

static struct bound at(const struct vigil__pv *v, int kind, int incl)
{
    struct bound b;

    memset(&b, 0, sizeof(b));
    b.kind = kind;
    b.incl = incl;
    b.v = *v;
    return b;
}

static int add_range(struct ranges *rs, struct bound lo, struct bound hi)
{
    struct vrange *g = realloc(rs->r, (rs->n + 1) * sizeof(*g));

    if (!g)
        return VIGIL_ENOMEM;
    rs->r = g;
    rs->r[rs->n].lo = lo;
    rs->r[rs->n++].hi = hi;
    return 0;
}

/* epoch and release only, with dev 0: "1.2" gives 1.2.dev0. */
static struct vigil__pv dev0(const struct vigil__pv *v, int bump)
{
    struct vigil__pv d;

    memset(&d, 0, sizeof(d));
    d.epoch = v->epoch;
    d.nrel = v->nrel;
    memcpy(d.rel, v->rel, sizeof(d.rel));
    if (bump && d.nrel > 0)
        d.rel[d.nrel - 1]++;
    d.has_dev = 1;
    return d;
}

static int wildcard_ranges(const struct spec *sp, struct ranges *rs)
{
    struct vigil__pv lo = dev0(&sp->v, 0), hi = dev0(&sp->v, 1);
    int rc;

    if (sp->op == SOP_EQ)
        return add_range(rs, at(&lo, K_VER, 1), at(&hi, K_VER, 0));
    if ((rc = add_range(rs, inf_bound(), at(&lo, K_VER, 0))) != 0)
        return rc;
    return add_range(rs, at(&hi, K_VER, 1), inf_bound());
}

static int gt_ranges(const struct spec *sp, struct ranges *rs)
{
    struct vigil__pv v = sp->v;

    v.nlocal = 0;
    if (v.has_dev) {
        v.dev++;
        return add_range(rs, at(&v, K_VER, 1), inf_bound());
    }
    if (v.has_post) {
        v.post++;
        v.has_dev = 1;
        v.dev = 0;
        return add_range(rs, at(&v, K_VER, 1), inf_bound());
    }
    return add_range(rs, at(&v, K_AFTER_POSTS, 0), inf_bound());
}

static int lt_ranges(const struct spec *sp, struct ranges *rs)
{
    struct vigil__pv v = sp->v, min;

    memset(&min, 0, sizeof(min));
    min.nrel = 1;
    min.has_dev = 1;        /* 0.dev0, the smallest version there is */
    if (!vigil__pv_is_prerelease(&v)) {
        v.has_dev = 1;
        v.dev = 0;
        v.nlocal = 0;
    }
    if (vigil__pv_cmp(&v, &min) <= 0)
        return 0;
    return add_range(rs, inf_bound(), at(&v, K_VER, 0));
}

/* The version ranges one clause admits, in order. */
static int spec_ranges(const struct spec *sp, struct ranges *rs)
{
    const struct vigil__pv *v = &sp->v;
    struct bound top = sp->has_local ? at(v, K_VER, 1)
                                     : at(v, K_AFTER_LOCALS, 1);
    struct vigil__pv pre = *v;
    int rc;

    if (sp->op == SOP_ARB)
        return add_range(rs, inf_bound(), inf_bound());
    if (sp->wildcard)
        return wildcard_ranges(sp, rs);
    switch (sp->op) {
    case SOP_GE: return add_range(rs, at(v, K_VER, 1), inf_bound());
    case SOP_LE:
        return add_range(rs, inf_bound(), at(v, K_AFTER_LOCALS, 1));
    case SOP_GT: return gt_ranges(sp, rs);
    case SOP_LT: return lt_ranges(sp, rs);
    case SOP_EQ: return add_range(rs, at(v, K_VER, 1), top);
    case SOP_NE:
        if ((rc = add_range(rs, inf_bound(), at(v, K_VER, 0))) != 0)
            return rc;
        top.incl = 0;
        return add_range(rs, top, inf_bound());
    default:        /* ~=: [V, next prefix.dev0) */
        pre.nrel--;
        pre = dev0(&pre, 1);
        return add_range(rs, at(v, K_VER, 1), at(&pre, K_VER, 0));
    }
}

static int intersect(struct ranges *a, const struct ranges *b)
{
    struct ranges out = { NULL, 0 };
    size_t i = 0, j = 0;
    int rc = 0;

    while (rc == 0 && i < a->n && j < b->n) {
        const struct vrange *x = &a->r[i], *y = &b->r[j];
        const struct bound *lo = lo_lt(&x->lo, &y->lo) ? &y->lo : &x->lo;
        const struct bound *hi = hi_lt(&y->hi, &x->hi) ? &y->hi : &x->hi;

        if (!range_empty(lo, hi))
            rc = add_range(&out, *lo, *hi);
        if (hi_lt(&x->hi, &y->hi))
            i++;
        else
            j++;
    }
    free(a->r);
    *a = out;
    return rc;
}

/* Would one more release, post or dev number overflow 64 bits? */
static int bump_overflows(const struct spec *sp)
{
    const struct vigil__pv *v = &sp->v;

    if (sp->op == SOP_ARB)
        return 0;
    if (sp->wildcard || sp->op == SOP_COMPAT)
        return v->rel[v->nrel - (sp->wildcard ? 1 : 2)] == UINT64_MAX;
    if (sp->op == SOP_GT)
        return v->has_dev ? v->dev == UINT64_MAX
                          : v->has_post && v->post == UINT64_MAX;
    return 0;
}

static int all_ranges(const struct specset *ss, struct ranges *acc)
{
    struct ranges one;
    size_t i;
    int rc = 0;

    acc->r = NULL;
    acc->n = 0;
    for (i = 0; rc == 0 && i < ss->n; i++) {
        if (bump_overflows(&ss->s[i]))
            return VIGIL_ERANGE;
        one.r = NULL;
        one.n = 0;
        rc = spec_ranges(&ss->s[i], i == 0 ? acc : &one);
        if (rc == 0 && i > 0)
            rc = intersect(acc, &one);
        free(one.r);
        if (rc == 0 && acc->n == 0)
            break;
    }
    return rc;
}

/*
 * "===" only ever matches its own text, so the set is empty when two
 * "===" clauses disagree or when that text fails another clause.
 */
static int arbitrary_conflict(const struct specset *ss, int flags)
{
    const struct spec *first = NULL;
    size_t i;
    int ok = 1, rc;

    for (i = 0; i < ss->n; i++) {
        if (ss->s[i].op != SOP_ARB)
            continue;
        if (!first)
            first = &ss->s[i];
        else if (!ci_equal(first->text, first->len, ss->s[i].text,
                           ss->s[i].len))
            return 1;
    }
    if (!first)
        return 0;
    if ((flags & VIGIL_PEP440_SET_PRE_DENY) && first->ok
        && vigil__pv_is_prerelease(&first->v))
        return 1;
    for (i = 0; ok && i < ss->n; i++) {
        if (ss->s[i].op == SOP_ARB)
            continue;
        if (!first->ok)
            return 1;
        rc = clause(&ss->s[i], &first->v, first->text, &ok);
        if (rc != 0)
            return 0;
    }
    return !ok;
}

/* The smallest final or post release at or above bound b, if any. */
static int nearest_final(const struct bound *b, struct vigil__pv *out)
{
    if (b->inf)
        return 0;
    *out = b->v;
    out->nlocal = 0;
    if (b->kind != K_VER && !vigil__pv_is_prerelease(&b->v)) {
        out->post = out->has_post ? out->post + 1 : 0;
        out->has_post = 1;
    } else if (vigil__pv_is_prerelease(&b->v)) {
        out->pre_kind = VIGIL__PV_PRE_NONE;
        out->pre = 0;
        out->has_dev = 0;
        out->dev = 0;
    } else {
        *out = b->v;
    }
    return 1;
}

/* With pre-releases refused: does every range hold only pre-releases? */
static int only_prereleases(const struct ranges *rs)
{
    struct bound n;
    size_t i;

    for (i = 0; i < rs->n; i++) {
        memset(&n, 0, sizeof(n));
        if (!nearest_final(&rs->r[i].lo, &n.v))
            return 0;
        if (rs->r[i].hi.inf || pt_lt(&n, &rs->r[i].hi))
            return 0;
        if (pt_eq(&n, &rs->r[i].hi) && rs->r[i].hi.incl)
            return 0;
    }
    return 1;
}

int vigil_pep440_unsatisfiable(const char *spec, int flags, int *yes,
                               struct vigil_error *err)
{
    struct specset ss;
    struct ranges rs = { NULL, 0 };
    int rc, empty;

    if ((rc = specset_parse(spec, &ss, err)) != 0)
        return rc;
    if (ss.n == 0) {
        *yes = 0;
        specset_free(&ss);
        return 0;
    }
    rc = all_ranges(&ss, &rs);
    if (rc == 0) {
        empty = rs.n == 0 || arbitrary_conflict(&ss, flags);
        if (!empty && (flags & VIGIL_PEP440_SET_PRE_DENY))
            empty = only_prereleases(&rs);
        *yes = empty;
    } else {
        rc = vigil_error_set(err, rc, 0, "cannot evaluate specifier "
                             "'%.200s': %s", spec, vigil_strerror(rc));
    }
    free(rs.r);
    specset_free(&ss);
    return rc;
}
