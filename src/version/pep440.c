/*
 * pep440.c - the "pep440" version scheme: parsing, normalisation and
 * ordering of Python package versions.  Specifiers are in
 * pep440_spec.c.
 *
 * The parser is a hand-written scanner for PEP 440's "permissive"
 * grammar (the one packaging's VERSION_PATTERN accepts), ASCII only.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vigil/pep440.h"
#include "vigil/version.h"
#include "semver_int.h"
#include "../internal.h"

static int is_sep(int c)
{
    return c == '-' || c == '_' || c == '.';
}

struct pscan {
    const char *s;
    size_t i, n;
    int big;
};

/* Case-insensitive match of word at the cursor; advances on success. */
static int take_word(struct pscan *ps, const char *word)
{
    size_t k, len = strlen(word);

    if (ps->n - ps->i < len)
        return 0;
    for (k = 0; k < len; k++)
        if (vigil__tolower((unsigned char)ps->s[ps->i + k]) != word[k])
            return 0;
    ps->i += len;
    return 1;
}

static int take_sep(struct pscan *ps)
{
    if (ps->i < ps->n && is_sep((unsigned char)ps->s[ps->i])) {
        ps->i++;
        return 1;
    }
    return 0;
}

/* Reads digits into *v; 0 when there are none. */
static int take_num(struct pscan *ps, uint64_t *v)
{
    size_t b = ps->i;

    *v = 0;
    while (ps->i < ps->n && vigil__isdigit((unsigned char)ps->s[ps->i])) {
        unsigned d = (unsigned)(ps->s[ps->i++] - '0');

        if (*v > (UINT64_MAX - d) / 10)
            ps->big = 1;
        else
            *v = *v * 10 + d;
    }
    return ps->i > b;
}

/* Epoch ("1!") and release ("1.2.3"). */
static int scan_release(struct pscan *ps, struct vigil__pv *v)
{
    size_t save = ps->i;
    uint64_t x;

    if (take_num(ps, &x) && ps->i < ps->n && ps->s[ps->i] == '!') {
        v->epoch = x;
        ps->i++;
    } else {
        ps->i = save;
    }
    for (;;) {
        if (!take_num(ps, &x))
            return VIGIL_EINVAL;
        if (v->nrel == VIGIL__PV_MAX_RELEASE)
            return VIGIL_ERANGE;
        v->rel[v->nrel++] = x;
        if (ps->i + 1 < ps->n && ps->s[ps->i] == '.'
            && vigil__isdigit((unsigned char)ps->s[ps->i + 1]))
            ps->i++;
        else
            return 0;
    }
}

static const struct {
    const char *word;
    int kind;
} pre_words[] = {
    /* longer spellings first: "alpha" before "a", "preview" before "pre" */
    { "alpha", VIGIL__PV_PRE_A },  { "a", VIGIL__PV_PRE_A },
    { "beta", VIGIL__PV_PRE_B },   { "b", VIGIL__PV_PRE_B },
    { "preview", VIGIL__PV_PRE_RC }, { "pre", VIGIL__PV_PRE_RC },
    { "c", VIGIL__PV_PRE_RC },     { "rc", VIGIL__PV_PRE_RC },
};

static void scan_pre(struct pscan *ps, struct vigil__pv *v)
{
    size_t save = ps->i, k;

    take_sep(ps);
    for (k = 0; k < VIGIL_ARRAY_SIZE(pre_words); k++) {
        if (take_word(ps, pre_words[k].word)) {
            v->pre_kind = pre_words[k].kind;
            take_sep(ps);
            take_num(ps, &v->pre);
            return;
        }
    }
    ps->i = save;
}

static void scan_post(struct pscan *ps, struct vigil__pv *v)
{
    static const char *const words[] = { "post", "rev", "r" };
    size_t save = ps->i, k;

    if (ps->i + 1 < ps->n && ps->s[ps->i] == '-'
        && vigil__isdigit((unsigned char)ps->s[ps->i + 1])) {
        ps->i++;
        v->has_post = take_num(ps, &v->post);
        return;
    }
    take_sep(ps);
    for (k = 0; k < VIGIL_ARRAY_SIZE(words); k++) {
        if (take_word(ps, words[k])) {
            v->has_post = 1;
            take_sep(ps);
            take_num(ps, &v->post);
            return;
        }
    }
    ps->i = save;
}

static void scan_dev(struct pscan *ps, struct vigil__pv *v)
{
    size_t save = ps->i;

    take_sep(ps);
    if (take_word(ps, "dev")) {
        v->has_dev = 1;
        take_sep(ps);
        take_num(ps, &v->dev);
        return;
    }
    ps->i = save;
}

/* "+ubuntu.1": letters and digits, segments split by "-", "_" or ".". */
static int scan_local(struct pscan *ps, struct vigil__pv *v)
{
    size_t b;

    if (ps->i >= ps->n || ps->s[ps->i] != '+')
        return 0;
    ps->i++;
    for (;;) {
        struct vigil__pv_local *l;

        for (b = ps->i; ps->i < ps->n
                        && vigil__isalnum((unsigned char)ps->s[ps->i]);
             ps->i++)
            ;
        if (ps->i == b)
            return VIGIL_EINVAL;
        if (v->nlocal == VIGIL__PV_MAX_LOCAL)
            return VIGIL_ERANGE;
        l = &v->local[v->nlocal++];
        l->p = ps->s + b;
        l->n = ps->i - b;
        l->numeric = 1;
        for (; b < ps->i; b++)
            if (!vigil__isdigit((unsigned char)ps->s[b]))
                l->numeric = 0;
        if (ps->i + 1 >= ps->n || !is_sep((unsigned char)ps->s[ps->i]))
            return 0;
        ps->i++;
    }
}

/*
 * LIMIT: versions longer than 1024 bytes, with more than 32 release or
 * local segments, or with numbers above 2^64-1 are refused (Python has
 * no such bounds); they fail with VIGIL_ERANGE instead of being
 * compared.  See docs/LIMITS.md#pep440-limits.
 */
int vigil__pv_parse(const char *s, struct vigil__pv *v, const char **why)
{
    struct pscan ps;
    size_t k;
    int rc;

    *why = "not a PEP 440 version";
    memset(v, 0, sizeof(*v));
    memset(&ps, 0, sizeof(ps));
    ps.s = s;
    ps.n = strlen(s);
    if (ps.n > VIGIL_PEP440_MAX) {
        *why = "longer than 1024 bytes";
        return VIGIL_ERANGE;
    }
    while ((k = vigil__sv_ws_back(s, ps.n, 1)) > 0)
        ps.n -= k;
    while ((k = vigil__sv_ws_len(s + ps.i, ps.n - ps.i, 1)) > 0)
        ps.i += k;
    if (ps.i < ps.n && (s[ps.i] == 'v' || s[ps.i] == 'V'))
        ps.i++;
    if ((rc = scan_release(&ps, v)) != 0) {
        if (rc == VIGIL_ERANGE)
            *why = "more than 32 release segments";
        return rc;
    }
    scan_pre(&ps, v);
    scan_post(&ps, v);
    scan_dev(&ps, v);
    if ((rc = scan_local(&ps, v)) != 0 || ps.i != ps.n) {
        if (rc == VIGIL_ERANGE)
            *why = "more than 32 local segments";
        return rc ? rc : VIGIL_EINVAL;
    }
    if (ps.big) {
        *why = "number above 2^64-1";
        return VIGIL_ERANGE;
    }
    return 0;
}

int vigil__pv_is_prerelease(const struct vigil__pv *v)
{
    return v->pre_kind != VIGIL__PV_PRE_NONE || v->has_dev;
}

static int u64_cmp(uint64_t a, uint64_t b)
{
    return (a > b) - (a < b);
}

/* Release segments compared with trailing zeros ignored (1.0 == 1). */
static int release_cmp(const struct vigil__pv *a, const struct vigil__pv *b)
{
    size_t i, n = a->nrel > b->nrel ? a->nrel : b->nrel;

    for (i = 0; i < n; i++) {
        uint64_t x = i < a->nrel ? a->rel[i] : 0;
        uint64_t y = i < b->nrel ? b->rel[i] : 0;

        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

/*
 * The pre-release rank: a dev release of a final version (1.0.dev0)
 * sorts before every pre-release, a final version after them all.
 */
static int pre_cmp(const struct vigil__pv *a, const struct vigil__pv *b)
{
    int ra = a->pre_kind, rb = b->pre_kind;

    if (ra == VIGIL__PV_PRE_NONE)
        ra = (!a->has_post && a->has_dev) ? -1 : 4;
    if (rb == VIGIL__PV_PRE_NONE)
        rb = (!b->has_post && b->has_dev) ? -1 : 4;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra == -1 || ra == 4)
        return 0;
    return u64_cmp(a->pre, b->pre);
}

static int str_ci_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i;

    for (i = 0; i < an && i < bn; i++) {
        int x = vigil__tolower((unsigned char)a[i]);
        int y = vigil__tolower((unsigned char)b[i]);

        if (x != y)
            return x < y ? -1 : 1;
    }
    return an == bn ? 0 : (an < bn ? -1 : 1);
}

/* Local labels: absent < present; numbers above words; by segment. */
static int local_cmp(const struct vigil__pv *a, const struct vigil__pv *b)
{
    size_t i;
    int c;

    for (i = 0; i < a->nlocal && i < b->nlocal; i++) {
        const struct vigil__pv_local *x = &a->local[i], *y = &b->local[i];

        if (x->numeric != y->numeric)
            return x->numeric ? 1 : -1;
        c = x->numeric ? vigil__sv_digits_cmp(x->p, x->n, y->p, y->n)
                       : str_ci_cmp(x->p, x->n, y->p, y->n);
        if (c != 0)
            return c;
    }
    return u64_cmp(a->nlocal, b->nlocal);
}

int vigil__pv_cmp(const struct vigil__pv *a, const struct vigil__pv *b)
{
    int c;

    if ((c = u64_cmp(a->epoch, b->epoch)) != 0
        || (c = release_cmp(a, b)) != 0 || (c = pre_cmp(a, b)) != 0)
        return c;
    if (a->has_post != b->has_post)
        return a->has_post ? 1 : -1;
    if (a->has_post && (c = u64_cmp(a->post, b->post)) != 0)
        return c;
    if (a->has_dev != b->has_dev)
        return a->has_dev ? -1 : 1;
    if (a->has_dev && (c = u64_cmp(a->dev, b->dev)) != 0)
        return c;
    return local_cmp(a, b);
}

static int add_local(struct vigil_buf *b, const struct vigil__pv *v)
{
    size_t i, k;
    int rc = 0;

    for (i = 0; rc == 0 && i < v->nlocal; i++) {
        const struct vigil__pv_local *l = &v->local[i];

        if (i > 0)
            rc = vigil_buf_addc(b, '.');
        k = 0;
        if (l->numeric)
            while (k + 1 < l->n && l->p[k] == '0')
                k++;
        for (; rc == 0 && k < l->n; k++)
            rc = vigil_buf_addc(b,
                                (char)vigil__tolower((unsigned char)l->p[k]));
    }
    return rc;
}

static int add_release(struct vigil_buf *b, const struct vigil__pv *v)
{
    size_t i;
    int rc = 0;

    for (i = 0; rc == 0 && i < v->nrel; i++)
        rc = vigil_buf_addf(b, "%s%llu", i ? "." : "",
                            (unsigned long long)v->rel[i]);
    return rc;
}

static const char *const pre_names[] = { "", "a", "b", "rc" };

static int format_buf(const struct vigil__pv *v, int with_local,
                      struct vigil_buf *b)
{
    int rc = vigil_buf_add(b, "", 0);

    if (rc == 0 && v->epoch)
        rc = vigil_buf_addf(b, "%llu!", (unsigned long long)v->epoch);
    if (rc == 0)
        rc = add_release(b, v);
    if (rc == 0 && v->pre_kind)
        rc = vigil_buf_addf(b, "%s%llu", pre_names[v->pre_kind],
                            (unsigned long long)v->pre);
    if (rc == 0 && v->has_post)
        rc = vigil_buf_addf(b, ".post%llu", (unsigned long long)v->post);
    if (rc == 0 && v->has_dev)
        rc = vigil_buf_addf(b, ".dev%llu", (unsigned long long)v->dev);
    if (rc == 0 && with_local && v->nlocal
        && (rc = vigil_buf_addc(b, '+')) == 0)
        rc = add_local(b, v);
    return rc;
}

static int copy_out(const struct vigil_buf *b, char *out, size_t outlen)
{
    if (b->len >= outlen)
        return VIGIL_ERANGE;
    memcpy(out, b->ptr, b->len + 1);
    return 0;
}

int vigil__pv_format(const struct vigil__pv *v, int with_local, char *out,
                     size_t outlen)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    int rc = format_buf(v, with_local, &b);

    if (rc == 0)
        rc = copy_out(&b, out, outlen);
    vigil_buf_release(&b);
    return rc;
}

/* ---- public API ---- */

static int parse(const char *s, struct vigil__pv *v, struct vigil_error *err)
{
    const char *why = NULL;
    size_t n;
    int rc;

    if (!s)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "missing version");
    if ((rc = vigil__pv_parse(s, v, &why)) != 0) {
        n = strlen(s);
        return vigil_error_set(err, rc, 0, "invalid PEP 440 version "
                               "'%.*s': %s", (int)(n > 200 ? 200 : n), s,
                               why);
    }
    return 0;
}

int vigil_pep440_valid(const char *v, struct vigil_error *err)
{
    struct vigil__pv pv;

    return parse(v, &pv, err);
}

int vigil_pep440_normalize(const char *v, char *out, size_t outlen,
                           struct vigil_error *err)
{
    struct vigil__pv pv;
    int rc;

    if ((rc = parse(v, &pv, err)) != 0)
        return rc;
    if ((rc = vigil__pv_format(&pv, 1, out, outlen)) != 0)
        return vigil_error_set(err, rc, 0, "normalised version of '%.40s' "
                               "does not fit in %zu bytes", v, outlen);
    return 0;
}

int vigil_pep440_compare(const char *a, const char *b, int *cmp,
                         struct vigil_error *err)
{
    struct vigil__pv va, vb;
    int rc;

    if ((rc = parse(a, &va, err)) != 0 || (rc = parse(b, &vb, err)) != 0)
        return rc;
    *cmp = vigil__pv_cmp(&va, &vb);
    return 0;
}

static void num_part(char *out, size_t len, int has, uint64_t v)
{
    if (has)
        snprintf(out, len, "%llu", (unsigned long long)v);
    else
        out[0] = '\0';
}

static int parts_strings(const struct vigil__pv *pv,
                         struct vigil_pep440_parts *o)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil__pv base;
    int rc;

    if ((rc = vigil__pv_format(pv, 0, o->public_version,
                               sizeof(o->public_version))) != 0)
        return rc;
    memset(&base, 0, sizeof(base));
    base.epoch = pv->epoch;
    base.nrel = pv->nrel;
    memcpy(base.rel, pv->rel, sizeof(base.rel));
    if ((rc = vigil__pv_format(&base, 0, o->base_version,
                               sizeof(o->base_version))) != 0)
        return rc;
    if ((rc = vigil_buf_add(&b, "", 0)) == 0 && (rc = add_release(&b, pv)) == 0)
        rc = copy_out(&b, o->release, sizeof(o->release));
    vigil_buf_reset(&b);
    if (rc == 0 && (rc = vigil_buf_add(&b, "", 0)) == 0
        && (rc = add_local(&b, pv)) == 0)
        rc = copy_out(&b, o->local, sizeof(o->local));
    vigil_buf_release(&b);
    return rc;
}

int vigil_pep440_parts(const char *v, struct vigil_pep440_parts *out,
                       struct vigil_error *err)
{
    struct vigil_pep440_parts o;
    struct vigil__pv pv;
    int rc;

    if ((rc = parse(v, &pv, err)) != 0)
        return rc;
    memset(&o, 0, sizeof(o));
    snprintf(o.epoch, sizeof(o.epoch), "%llu", (unsigned long long)pv.epoch);
    if (pv.pre_kind)
        snprintf(o.pre, sizeof(o.pre), "%s%llu", pre_names[pv.pre_kind],
                 (unsigned long long)pv.pre);
    num_part(o.post, sizeof(o.post), pv.has_post, pv.post);
    num_part(o.dev, sizeof(o.dev), pv.has_dev, pv.dev);
    if ((rc = parts_strings(&pv, &o)) != 0)
        return vigil_error_set(err, rc, 0, "parts of '%.40s' do not fit", v);
    o.is_prerelease = vigil__pv_is_prerelease(&pv);
    o.is_devrelease = pv.has_dev;
    o.is_postrelease = pv.has_post;
    *out = o;
    return 0;
}

/* ---- the scheme ---- */

static int pep440_compare_fn(const char *a, const char *b, int *cmp,
                             struct vigil_error *err)
{
    return vigil_pep440_compare(a, b, cmp, err);
}

static int pep440_satisfies_fn(const char *v, const char *range, int *yes,
                               struct vigil_error *err)
{
    return vigil_pep440_satisfies(v, range, 0, yes, err);
}

const struct vigil_scheme vigil__scheme_pep440 = {
    "pep440", vigil_pep440_valid, pep440_compare_fn, pep440_satisfies_fn
};
