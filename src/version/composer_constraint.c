/*
 * composer_constraint.c - Composer version constraints, following
 * composer/semver's VersionParser::parseConstraints and
 * Semver::satisfies:
 *
 *   "||" (or "|")   alternatives
 *   "," or " "      all must hold (">=1.0 <2.0", ">=1.0, <2.0")
 *   ^1.2.3          >=1.2.3.0-dev <2.0.0.0-dev (^0.3 -> <0.4, ^0.0.3 -> <0.0.4)
 *   ~1.2 / ~1.2.3   >=1.2.0.0-dev <2.0.0.0-dev / <1.3.0.0-dev
 *   1.2.*           >=1.2.0.0-dev <1.3.0.0-dev
 *   1.0 - 2.0       >=1.0.0.0-dev <2.1.0.0-dev (a full upper bound is <=)
 *   * , x           anything
 *   op version      = == != <> < <= > >=, with "<1.2" meaning
 *                   "<1.2.0.0-dev" so that 1.2's pre-releases are out
 *   @dev, @beta...  stability flags, " as alias" and "#ref" are dropped
 *
 * Bounds are normalized and compared with PHP's version_compare();
 * branches ("dev-main") only match themselves.
 */
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

#define NORM_MAX VIGIL__COMPOSER_NORM_MAX

enum cop { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE };

/* One parsed constraint. */
struct ccon {
    int all;                    /* matches everything */
    enum cop op;
    char ver[NORM_MAX];
};

/* The pieces of Composer's versionRegex:
 * v?(\d+)(\.\d+)?(\.\d+)?(\.\d+)?(modifier|\.([xX*][.-]?dev))(\+\S+)? */
struct vr {
    const char *d[4];
    size_t dl[4];               /* 0: the part is absent */
    struct vigil__composer_mod mod;
    size_t xdev_len;            /* the ".x-dev" alternative */
};

struct cctx {
    const char *range;
    struct vigil_error *err;
};

static const struct {
    const char *text;
    enum cop op;
} cops[] = {
    /* the order of Composer's ^(<>|!=|>=?|<=?|==?) */
    { "<>", C_NE }, { "!=", C_NE }, { ">=", C_GE }, { ">", C_GT },
    { "<=", C_LE }, { "<", C_LT },  { "==", C_EQ }, { "=", C_EQ },
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

static int fail(const struct cctx *x, const char *s, size_t n,
                const char *why)
{
    return vigil_error_set(x->err, VIGIL_EINVAL, 0,
                           "invalid Composer constraint '%.200s': '%.*s' %s",
                           x->range, (int)(n > 200 ? 200 : n), s, why);
}

/* Full match of versionRegex on s[0..len). */
static int match_vr(const char *s, size_t len, struct vr *m)
{
    size_t i = 0, k, start, end;

    memset(m, 0, sizeof(*m));
    if (i < len && (s[i] == 'v' || s[i] == 'V'))
        i++;
    for (k = 0; k < 4; k++) {
        if (k > 0) {
            if (i + 1 >= len || s[i] != '.' || !is_digit(s[i + 1]))
                break;
            i++;
        }
        start = i;
        while (i < len && is_digit(s[i]))
            i++;
        if (i == start)
            return 0;
        m->d[k] = s + start;
        m->dl[k] = i - start;
    }

    /* the modifier cannot hold '+', so build metadata starts at the
     * first one */
    for (end = i; end < len && s[end] != '+'; end++)
        ;
    if (end < len && end + 1 == len)
        return 0;
    if (vigil__composer_modifier(s + i, end - i, &m->mod))
        return 1;
    memset(&m->mod, 0, sizeof(m->mod));
    k = end - i;
    if ((k == 5 || k == 6) && s[i] == '.' &&
        (s[i + 1] == 'x' || s[i + 1] == 'X' || s[i + 1] == '*') &&
        (k == 5 || s[i + 2] == '.' || s[i + 2] == '-') &&
        vigil__strncaseeq(s + end - 3, "dev", 3)) {
        m->xdev_len = k - 1;
        return 1;
    }
    return 0;
}

/* PHP's empty() on a matched group, where "0" also counts as empty. */
static int no_stability(const struct vr *m)
{
    return m->mod.stab_len == 0 && m->mod.dev_len == 0 && m->xdev_len == 0;
}

/* manipulateVersionString: parts after position become 0, the part at
 * position goes up by one when incr; the result as "a.b.c.d". */
static void manipulate(const struct vr *m, int position, int incr,
                       char *out, size_t outlen)
{
    size_t used = 0, i, k, n;
    char num[VIGIL__VERSION_MAX + 2];
    const char *s;

    for (i = 0; i < 4; i++) {
        s = m->d[i] ? m->d[i] : "";
        n = m->dl[i];
        if ((int)i + 1 > position) {
            s = "0";
            n = 1;
        } else if ((int)i + 1 == position && incr) {
            /* as a PHP integer: no leading zeros, plus one */
            while (n > 1 && *s == '0') {
                s++;
                n--;
            }
            num[0] = '0';
            memcpy(num + 1, s, n);
            for (k = n + 1; k-- > 0 && num[k] == '9';)
                num[k] = '0';
            num[k]++;
            s = num[0] == '0' ? num + 1 : num;
            n = num[0] == '0' ? n : n + 1;
        }
        if (used + n + 2 >= outlen)
            break;
        if (i > 0)
            out[used++] = '.';
        memcpy(out + used, s, n);
        used += n;
    }
    out[used] = '\0';
}

static int add_suffix(char *ver, const char *suffix)
{
    size_t n = strlen(ver), k = strlen(suffix);

    if (n + k >= NORM_MAX)
        return VIGIL_EINVAL;
    memcpy(ver + n, suffix, k + 1);
    return 0;
}

/* Normalizes s[0..n) (plus suffix) into out. */
static int norm_span(const struct cctx *x, const char *s, size_t n,
                     const char *suffix, char *out)
{
    char tmp[VIGIL__VERSION_MAX + 8];

    if (n + strlen(suffix) >= sizeof(tmp))
        return fail(x, s, n, "is too long");
    memcpy(tmp, s, n);
    memcpy(tmp + n, suffix, strlen(suffix) + 1);
    if (vigil__composer_normalize(tmp, out, NORM_MAX, NULL) != 0)
        return fail(x, s, n, "is not a version");
    return 0;
}

/* VersionParser::parseStability on a normalized version. */
static int is_stable(const char *v)
{
    struct vigil__composer_mod m;
    size_t len = strlen(v), i;

    if (strncmp(v, "dev-", 4) == 0 ||
        (len >= 4 && strcmp(v + len - 4, "-dev") == 0))
        return 0;
    for (i = 0; i <= len; i++) {
        if (!vigil__composer_modifier(v + i, len - i, &m))
            continue;
        if (m.dev_len > 0)
            return 0;
        return !(m.stab_len > 0 &&
                 (vigil__strncaseeq(m.stab, "beta", m.stab_len) ||
                  vigil__strncaseeq(m.stab, "b", m.stab_len) ||
                  vigil__strncaseeq(m.stab, "alpha", m.stab_len) ||
                  vigil__strncaseeq(m.stab, "a", m.stab_len) ||
                  vigil__strncaseeq(m.stab, "rc", m.stab_len)));
    }
    return 1;
}

/* Does s[0..n) end with "-" and a modifier (/-modifier$/)? */
static int has_dash_modifier(const char *s, size_t n)
{
    struct vigil__composer_mod m;
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] == '-' && vigil__composer_modifier(s + i + 1, n - i - 1, &m))
            return 1;
    return 0;
}

/* ~1.2.3: >= the version, < the next minor (or major for ~1.2). */
static int tilde(const struct cctx *x, const char *s, size_t n,
                 const struct vr *m, struct ccon *c)
{
    int position = m->dl[3] ? 4 : m->dl[2] ? 3 : m->dl[1] ? 2 : 1;

    if (n > 1 && s[1] == '>')
        return fail(x, s, n, "uses '~>'; Composer's operator is '~'");
    if (m->xdev_len)
        position++;
    c[0].op = C_GE;
    c[1].op = C_LT;
    if (norm_span(x, s + 1, n - 1, no_stability(m) ? "-dev" : "",
                  c[0].ver) != 0)
        return VIGIL_EINVAL;
    manipulate(m, position > 2 ? position - 1 : 1, 1, c[1].ver, NORM_MAX);
    return add_suffix(c[1].ver, "-dev");
}

/* ^1.2.3: >= the version, < the next change of its first non-zero part. */
static int caret(const struct cctx *x, const char *s, size_t n,
                 const struct vr *m, struct ccon *c)
{
    int position;

    if (!(m->dl[0] == 1 && m->d[0][0] == '0') || m->dl[1] == 0)
        position = 1;
    else if (!(m->dl[1] == 1 && m->d[1][0] == '0') || m->dl[2] == 0)
        position = 2;
    else
        position = 3;
    c[0].op = C_GE;
    c[1].op = C_LT;
    if (norm_span(x, s + 1, n - 1, no_stability(m) ? "-dev" : "",
                  c[0].ver) != 0)
        return VIGIL_EINVAL;
    manipulate(m, position, 1, c[1].ver, NORM_MAX);
    return add_suffix(c[1].ver, "-dev");
}

/* 1.2.* (also 1.2.x): ^v?(\d+)(\.\d+)?(\.\d+)?(\.[xX*])+$ */
static int x_range(const char *s, size_t n, struct ccon *c, int *count)
{
    struct vr m;
    size_t i = 0, k, start;
    int position;

    memset(&m, 0, sizeof(m));
    if (i < n && s[i] == 'v')
        i++;
    for (k = 0; k < 3; k++) {
        if (k > 0 && (i + 1 >= n || s[i] != '.' || !is_digit(s[i + 1])))
            break;
        if (k > 0)
            i++;
        start = i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == start)
            return 0;
        m.d[k] = s + start;
        m.dl[k] = i - start;
    }
    if (i == n)
        return 0;
    while (i < n) {
        if (i + 1 >= n || s[i] != '.' ||
            (s[i + 1] != 'x' && s[i + 1] != 'X' && s[i + 1] != '*'))
            return 0;
        i += 2;
    }
    position = m.dl[2] ? 3 : m.dl[1] ? 2 : 1;
    manipulate(&m, position, 0, c[0].ver, NORM_MAX);
    manipulate(&m, position, 1, c[1].ver, NORM_MAX);
    add_suffix(c[0].ver, "-dev");
    add_suffix(c[1].ver, "-dev");
    c[0].op = C_GE;
    c[1].op = C_LT;
    *count = 2;
    if (strcmp(c[0].ver, "0.0.0.0-dev") == 0) {
        c[0] = c[1];
        *count = 1;
    }
    return 1;
}

/* "1.0 - 2.0": from the first to all of the second. */
static int hyphen(const struct cctx *x, const char *s, size_t n,
                  struct ccon *c, int *count)
{
    struct vr from, to;
    size_t a = strcspn(s, " "), b;
    int position;

    if (a >= n)
        return 0;
    for (b = a; b < n && s[b] == ' '; b++)
        ;
    if (b + 1 >= n || s[b] != '-' || s[b + 1] != ' ')
        return 0;
    for (b++; b < n && s[b] == ' '; b++)
        ;
    if (!match_vr(s, a, &from) || !match_vr(s + b, n - b, &to))
        return 0;

    c[0].op = C_GE;
    if (norm_span(x, s, a, "", c[0].ver) != 0 ||
        (no_stability(&from) && add_suffix(c[0].ver, "-dev") != 0))
        return -1;
    if ((to.dl[1] && to.dl[2]) || !no_stability(&to)) {
        c[1].op = C_LE;
        if (norm_span(x, s + b, n - b, "", c[1].ver) != 0)
            return -1;
    } else {
        c[1].op = C_LT;
        if (norm_span(x, s + b, n - b, "", c[1].ver) != 0)
            return -1;
        position = to.dl[1] ? 2 : 1;
        manipulate(&to, position, 1, c[1].ver, NORM_MAX);
        add_suffix(c[1].ver, "-dev");
    }
    *count = 2;
    return 1;
}

/* op version, with Composer's rules for "-dev" on the bound. */
static int basic(const struct cctx *x, const char *s, size_t n,
                 const char *stability, struct ccon *c)
{
    char tmp[VIGIL__VERSION_MAX + 8];
    size_t i, k = 0;

    c->op = C_EQ;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cops); i++) {
        k = strlen(cops[i].text);
        if (n >= k && memcmp(s, cops[i].text, k) == 0) {
            c->op = cops[i].op;
            break;
        }
    }
    if (i == VIGIL_ARRAY_SIZE(cops))
        k = 0;
    for (s += k, n -= k; n > 0 && is_space(*s); s++, n--)
        ;
    if (n == 0)
        return fail(x, s - k, n + k, "has no version");

    /* "foo-dev" means the branch "dev-foo" */
    if (n >= sizeof(tmp) - 4)
        return fail(x, s, n, "is too long");
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (vigil__composer_normalize(tmp, c->ver, NORM_MAX, NULL) != 0) {
        if (n <= 4 || memcmp(s + n - 4, "-dev", 4) != 0 ||
            strspn(tmp, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
                        "OPQRSTUVWXYZ-./") < n)
            return fail(x, s, n, "is not a version");
        memcpy(tmp, "dev-", 4);
        memcpy(tmp + 4, s, n - 4);
        tmp[n] = '\0';
        if (vigil__composer_normalize(tmp, c->ver, NORM_MAX, NULL) != 0)
            return fail(x, s, n, "is not a version");
    }

    if (c->op != C_EQ && stability && is_stable(c->ver)) {
        if (add_suffix(c->ver, "-") != 0 || add_suffix(c->ver, stability))
            return fail(x, s, n, "is too long");
    } else if ((c->op == C_LT || c->op == C_GE) &&
               !has_dash_modifier(s, n) && !(n >= 4 && !memcmp(s, "dev-", 4))) {
        if (add_suffix(c->ver, "-dev") != 0)
            return fail(x, s, n, "is too long");
    }
    return 0;
}

static int is_x(char c)
{
    return c == 'x' || c == 'X' || c == '*';
}

/* ^(v)?[xX*](\.[xX*])*$: 1 for "anything", 2 for ">= 0.0.0.0-dev". */
static int wildcard(const char *s, size_t n)
{
    size_t i = 0;

    if (i < n && (s[i] == 'v' || s[i] == 'V'))
        i++;
    if (i >= n || !is_x(s[i]))
        return 0;
    for (i++; i < n; i += 2)
        if (s[i] != '.' || i + 1 >= n || !is_x(s[i + 1]))
            return 0;
    return (n == 1) ? 1 : 2;
}

/* Drops " as alias", an "@stability" flag (copied to flag, at least 8
 * bytes, and pointed to by *stability unless it is "stable") and a
 * "#ref" from the constraint copied into t. */
static size_t strip_extras(char *t, size_t n, char *flag,
                           const char **stability)
{
    static const char *const flags[] = { "stable", "RC", "beta", "alpha",
                                         "dev" };
    size_t i, k, fl;
    char *hash;

    i = strcspn(t, ", \t\n\r\v\f");
    if (i > 0 && t[i] == ' ') {
        for (k = i; t[k] == ' '; k++)
            ;
        if (t[k] == 'a' && t[k + 1] == 's' && t[k + 2] == ' ') {
            for (k += 2; t[k] == ' '; k++)
                ;
            if (t[k] && strcspn(t + k, ", \t\n\r\v\f") == n - k)
                t[n = i] = '\0';
        }
    }

    *stability = NULL;
    for (k = 0; k < VIGIL_ARRAY_SIZE(flags); k++) {
        fl = strlen(flags[k]);
        if (n <= fl || t[n - fl - 1] != '@' ||
            !vigil__strncaseeq(t + n - fl, flags[k], fl) ||
            strcspn(t, ", \t\n\r\v\f") < n)
            continue;
        if (strcmp(t + n - fl, "stable") != 0) {
            memcpy(flag, t + n - fl, fl + 1);
            *stability = flag;
        }
        n -= fl + 1;
        if (n == 0)
            t[n++] = '*';
        t[n] = '\0';
        break;
    }

    hash = strchr(t, '#');
    if (hash && hash[1] && strcspn(t, ", \t\n\r\v\f@") >= (size_t)(hash - t) &&
        ((hash - t > 4 && vigil__strncaseeq(t, "dev-", 4)) ||
         (hash - t > 6 && vigil__strncaseeq(hash - 6, ".x-dev", 6)))) {
        n = (size_t)(hash - t);
        t[n] = '\0';
    }
    return n;
}

/* One constraint of an AND list into c[0..*count). */
static int parse_constraint(const struct cctx *x, const char *s, size_t n,
                            struct ccon *c, int *count)
{
    char t[VIGIL__VERSION_MAX + 2], flag[8];
    const char *stability;
    struct vr m;
    size_t k;
    int rc;

    if (n > VIGIL__VERSION_MAX)
        return fail(x, s, n, "is too long");
    memcpy(t, s, n);
    t[n] = '\0';
    n = strip_extras(t, n, flag, &stability);
    c[0].all = c[1].all = 0;
    *count = 1;

    switch (wildcard(t, n)) {
    case 1:
        c[0].all = 1;
        return 0;
    case 2:
        c[0].op = C_GE;
        memcpy(c[0].ver, "0.0.0.0-dev", 12);
        return 0;
    }
    if (t[0] == '~') {
        k = t[1] == '>' ? 2 : 1;
        if (match_vr(t + k, n - k, &m)) {
            *count = 2;
            return tilde(x, t, n, &m, c);
        }
    }
    if (t[0] == '^' && match_vr(t + 1, n - 1, &m)) {
        *count = 2;
        return caret(x, t, n, &m, c);
    }
    if (x_range(t, n, c, count))
        return 0;
    rc = hyphen(x, t, n, c, count);
    if (rc != 0)
        return rc < 0 ? VIGIL_EINVAL : 0;
    return basic(x, t, n, stability, c);
}

static int holds(const char *nv, const struct ccon *c)
{
    int ab, bb, r;

    if (c->all)
        return 1;
    ab = strncmp(nv, "dev-", 4) == 0;
    bb = strncmp(c->ver, "dev-", 4) == 0;
    if (c->op == C_NE && (ab || bb))
        return strcmp(nv, c->ver) != 0;
    if (ab && bb)
        return c->op == C_EQ && strcmp(nv, c->ver) == 0;
    if (ab || bb)
        return 0;
    r = vigil__composer_php_cmp(nv, c->ver);
    switch (c->op) {
    case C_EQ: return r == 0;
    case C_NE: return r != 0;
    case C_LT: return r < 0;
    case C_LE: return r <= 0;
    case C_GT: return r > 0;
    default: return r >= 0;
    }
}

#define MAX_TERMS 512

struct term {
    const char *s;
    size_t len;
    int comma_before;
};

/* Splits an OR group at commas and spaces. */
static int split_terms(const struct cctx *x, const char *s, size_t n,
                       struct term *t, size_t *count)
{
    size_t i = 0, k = 0;
    int commas;

    while (i < n) {
        for (commas = 0; i < n && (s[i] == ' ' || s[i] == ','); i++)
            commas += s[i] == ',';
        if (commas > 1 || (commas && (k == 0 || i == n)))
            return fail(x, s, n, "has a stray comma");
        if (i == n)
            break;
        if (k == MAX_TERMS)
            return fail(x, s, n, "has too many terms");
        t[k].s = s + i;
        t[k].comma_before = commas;
        while (i < n && s[i] != ' ' && s[i] != ',')
            i++;
        t[k].len = (size_t)(s + i - t[k].s);
        k++;
    }
    *count = k;
    return 0;
}

static int is_word(const struct term *t, const char *w)
{
    return t->len == strlen(w) && memcmp(t->s, w, t->len) == 0;
}

/* Evaluates one OR group: every constraint must hold. */
static int eval_group(const struct cctx *x, const char *nv, const char *s,
                      size_t n, int *ok)
{
    struct term t[MAX_TERMS];
    struct ccon c[2];
    size_t count = 0, i = 0, j;
    const char *start, *end;
    int rc, k, nc = 0;

    rc = split_terms(x, s, n, t, &count);
    if (rc != 0)
        return rc;
    if (count == 0)
        return fail(x, s, n, "is empty");
    *ok = 1;
    while (i < count) {
        start = t[i].s;
        end = t[i].s + t[i].len;
        for (i++;;) {
            char last = end[-1];

            /* no split after an operator, around " - " or " as " */
            if ((last == '=' || last == '<' || last == '>') && i < count &&
                !t[i].comma_before)
                j = 1;
            else if (i + 1 < count && (is_word(&t[i], "-") ||
                                       is_word(&t[i], "as")) &&
                     !t[i].comma_before && !t[i + 1].comma_before)
                j = 2;
            else
                break;
            end = t[i + j - 1].s + t[i + j - 1].len;
            i += j;
        }
        rc = parse_constraint(x, start, (size_t)(end - start), c, &nc);
        if (rc != 0)
            return rc;
        for (k = 0; k < nc; k++)
            *ok &= holds(nv, &c[k]);
    }
    return 0;
}

int vigil__composer_satisfies(const char *v, const char *range, int *yes,
                              struct vigil_error *err)
{
    struct cctx x = { range, err };
    char nv[NORM_MAX];
    const char *p, *e, *g;
    int rc, ok, any = 0;

    rc = vigil__composer_normalize(v, nv, sizeof(nv), err);
    if (rc != 0)
        return rc;
    if (strlen(range) > VIGIL__RANGE_MAX)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid Composer constraint '%.200s...': too "
                               "long", range);

    /* \s*\|\|?\s* separates alternatives */
    for (p = range; is_space(*p); p++)
        ;
    for (e = p + strlen(p); e > p && is_space(e[-1]); e--)
        ;
    for (;;) {
        for (g = p; g < e && *g != '|'; g++)
            ;
        for (e = g; e > p && is_space(e[-1]); e--)
            ;
        rc = eval_group(&x, nv, p, (size_t)(e - p), &ok);
        if (rc != 0)
            return rc;
        any |= ok;
        if (*g != '|')
            break;
        p = g + (g[1] == '|' ? 2 : 1);
        while (is_space(*p))
            p++;
        for (e = p + strlen(p); e > p && is_space(e[-1]); e--)
            ;
    }
    *yes = any;
    return 0;
}
