/*
 * composer.c - Packagist (Composer) versions, following composer/semver:
 * VersionParser::normalize turns a version into a canonical string
 * ("v1.2" -> "1.2.0.0", "1.0.0-beta.1" -> "1.0.0.0-beta1", "2.x-dev"
 * -> "2.9999999.9999999.9999999-dev", "dev-main" stays a branch), and
 * versions are ordered by PHP's version_compare() on those strings:
 *     dev < alpha = a < beta = b < RC = rc < (number) < patch = pl = p,
 * numbers by value.  Branches ("dev-main") cannot be ordered against
 * anything but themselves.  Constraints live in composer_constraint.c.
 */
#include <stdlib.h>
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

#define NORM_MAX VIGIL__COMPOSER_NORM_MAX

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/* ([.-]?dev)? and the end of the string, from pos. */
static int dev_end(const char *s, size_t len, size_t pos,
                   struct vigil__composer_mod *m)
{
    m->dev = s + pos;
    if (len - pos == 4 && (s[pos] == '.' || s[pos] == '-') &&
        vigil__strncaseeq(s + pos + 1, "dev", 3)) {
        m->dev_len = 4;
        return 1;
    }
    if (len - pos == 3 && vigil__strncaseeq(s + pos, "dev", 3)) {
        m->dev_len = 3;
        return 1;
    }
    m->dev_len = 0;
    return pos == len;
}

/* The stability word, its numbers and the dev part, from pos; the
 * words are tried in the pattern's order, as PCRE would. */
static int mod_rest(const char *s, size_t len, size_t pos,
                    struct vigil__composer_mod *m)
{
    static const char *const words[] = {
        "stable", "beta", "b", "rc", "alpha", "a", "patch", "pl", "p",
    };
    size_t i, wl, q, r;

    for (i = 0; i < VIGIL_ARRAY_SIZE(words); i++) {
        wl = strlen(words[i]);
        if (len - pos < wl || !vigil__strncaseeq(s + pos, words[i], wl))
            continue;

        /* ((?:[.-]?\d+)*+): possessive, so take every number */
        for (q = pos + wl;; q = r) {
            r = q;
            if (r < len && (s[r] == '.' || s[r] == '-'))
                r++;
            if (r >= len || !is_digit(s[r]))
                break;
            while (r < len && is_digit(s[r]))
                r++;
        }
        if (dev_end(s, len, q, m)) {
            m->stab = s + pos;
            m->stab_len = wl;
            m->num = s + pos + wl;
            m->num_len = q - pos - wl;
            return 1;
        }
    }
    m->stab = m->num = s + pos;
    m->stab_len = m->num_len = 0;
    return dev_end(s, len, pos, m);
}

int vigil__composer_modifier(const char *s, size_t len,
                             struct vigil__composer_mod *m)
{
    if (len > 0 && (s[0] == '.' || s[0] == '_' || s[0] == '-') &&
        mod_rest(s, len, 1, m))
        return 1;
    return mod_rest(s, len, 0, m);
}

/* Output being built, with a cap. */
struct nbuf {
    char *p;
    size_t len, cap;
    int full;
};

static void nput(struct nbuf *b, const char *s, size_t n)
{
    if (b->len + n >= b->cap) {
        b->full = 1;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void nputs(struct nbuf *b, const char *s)
{
    nput(b, s, strlen(s));
}

/* Appends "-stability[numbers]" and "-dev" as normalize() does; an
 * explicit lowercase "stable" adds nothing, not even "-dev". */
static void add_modifier(struct nbuf *b, const struct vigil__composer_mod *m)
{
    static const char *const expand[][2] = {
        { "a", "alpha" }, { "b", "beta" }, { "p", "patch" },
        { "pl", "patch" }, { "rc", "RC" },
    };
    char word[8];
    size_t i, n = m->num_len;
    const char *num = m->num;

    if (m->stab_len > 0) {
        if (m->stab_len == 6 && memcmp(m->stab, "stable", 6) == 0)
            return;
        for (i = 0; i < m->stab_len; i++)
            word[i] = (char)vigil__tolower((unsigned char)m->stab[i]);
        word[i] = '\0';
        nputs(b, "-");
        for (i = 0; i < VIGIL_ARRAY_SIZE(expand); i++)
            if (strcmp(word, expand[i][0]) == 0)
                break;
        nputs(b, i < VIGIL_ARRAY_SIZE(expand) ? expand[i][1] : word);
        while (n > 0 && (*num == '.' || *num == '-')) {
            num++;
            n--;
        }
        nput(b, num, n);
    }
    if (m->dev_len > 0)
        nputs(b, "-dev");
}

/* ^v?(\d{1,5})(\.\d+)?(\.\d+)?(\.\d+)? modifier $ */
static int classical(const char *s, size_t len, struct nbuf *b)
{
    struct vigil__composer_mod m;
    size_t i = 0, start, parts;

    if (i < len && (s[i] == 'v' || s[i] == 'V'))
        i++;
    start = i;
    while (i < len && is_digit(s[i]))
        i++;
    if (i == start || i - start > 5)
        return 0;
    nput(b, s + start, i - start);
    for (parts = 1; parts < 4 && i + 1 < len && s[i] == '.' &&
                    is_digit(s[i + 1]); parts++) {
        start = i++;
        while (i < len && is_digit(s[i]))
            i++;
        nput(b, s + start, i - start);
    }
    for (; parts < 4; parts++)
        nputs(b, ".0");
    if (!vigil__composer_modifier(s + i, len - i, &m))
        return 0;
    add_modifier(b, &m);
    return 1;
}

/* (?:[.:-]?\d{1,3}){0,left}, greedy, then the modifier and the end.
 * composer/semver 3.4 allows two such parts ("202301310000.0.0"). */
static int date_tail(const char *s, size_t len, size_t pos, int left,
                     size_t *end, struct vigil__composer_mod *m)
{
    size_t p = pos, nd, k;

    if (left > 0) {
        if (p < len && (s[p] == '.' || s[p] == ':' || s[p] == '-'))
            p++;
        for (k = 0; k < 3 && p + k < len && is_digit(s[p + k]); k++)
            ;
        for (nd = k; nd >= 1; nd--)
            if (date_tail(s, len, p + nd, left - 1, end, m))
                return 1;
    }
    if (vigil__composer_modifier(s + pos, len - pos, m)) {
        *end = pos;
        return 1;
    }
    return 0;
}

/* (?:[.:-]?\d{2}){1,6}, greedy, then the tail. */
static int date_pairs(const char *s, size_t len, size_t pos, int count,
                      size_t *end, struct vigil__composer_mod *m)
{
    size_t p = pos;

    if (count < 6) {
        if (p < len && (s[p] == '.' || s[p] == ':' || s[p] == '-'))
            p++;
        if (p + 2 <= len && is_digit(s[p]) && is_digit(s[p + 1]) &&
            date_pairs(s, len, p + 2, count + 1, end, m))
            return 1;
    }
    return count >= 1 && date_tail(s, len, pos, 2, end, m);
}

/* ^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2}) modifier $ */
static int date_version(const char *s, size_t len, struct nbuf *b)
{
    struct vigil__composer_mod m;
    size_t i = 0, start, end, k;

    if (i < len && (s[i] == 'v' || s[i] == 'V'))
        i++;
    start = i;
    for (k = 0; k < 4; k++)
        if (i + k >= len || !is_digit(s[i + k]))
            return 0;
    if (!date_pairs(s, len, start + 4, 0, &end, &m))
        return 0;
    for (k = start; k < end; k++)
        nput(b, is_digit(s[k]) ? s + k : ".", 1);
    add_modifier(b, &m);
    return 1;
}

/* normalizeBranch for "1.x" / "2.0.*" names: x, X and * become
 * 9999999, missing parts too. */
static int numeric_branch(const char *s, size_t len, struct nbuf *b)
{
    size_t i = 0, start, parts;

    if (i < len && (s[i] == 'v' || s[i] == 'V'))
        i++;
    start = i;
    while (i < len && is_digit(s[i]))
        i++;
    if (i == start)
        return 0;
    nput(b, s + start, i - start);
    for (parts = 1; parts < 4 && i < len && s[i] == '.'; parts++) {
        start = ++i;
        if (i < len && (s[i] == 'x' || s[i] == 'X' || s[i] == '*')) {
            i++;
            nputs(b, ".9999999");
            continue;
        }
        while (i < len && is_digit(s[i]))
            i++;
        if (i == start)
            return 0;
        nputs(b, ".");
        nput(b, s + start, i - start);
    }
    for (; parts < 4; parts++)
        nputs(b, ".9999999");
    nputs(b, "-dev");
    return i == len;
}

/* Drops " as alias" and an "@stability" flag from t (NUL-terminated,
 * len bytes). */
static void strip_alias_flag(char *t, size_t *lenp)
{
    static const char *const flags[] = { "stable", "rc", "beta", "alpha",
                                         "dev" };
    size_t len = *lenp, i, k, fl;

    /* ^([^,\s]++) ++as ++([^,\s]++)$ */
    i = strcspn(t, ", \t\n\r\v\f");
    if (i > 0 && t[i] == ' ') {
        for (k = i; t[k] == ' '; k++)
            ;
        if (t[k] == 'a' && t[k + 1] == 's' && t[k + 2] == ' ') {
            for (k += 2; t[k] == ' '; k++)
                ;
            if (t[k] && strcspn(t + k, ", \t\n\r\v\f") == len - k)
                len = i;
        }
    }
    t[len] = '\0';

    /* @(?:stable|RC|beta|alpha|dev)$ */
    for (k = 0; k < VIGIL_ARRAY_SIZE(flags); k++) {
        fl = strlen(flags[k]);
        if (len > fl && t[len - fl - 1] == '@' &&
            vigil__strncaseeq(t + len - fl, flags[k], fl)) {
            len -= fl + 1;
            break;
        }
    }
    t[len] = '\0';
    *lenp = len;
}

static int normalize(const char *v, struct nbuf *b)
{
    char t[VIGIL__VERSION_MAX + 1];
    size_t len = strlen(v), k;

    while (len > 0 && is_space(*v)) {
        v++;
        len--;
    }
    while (len > 0 && is_space(v[len - 1]))
        len--;
    memcpy(t, v, len);
    t[len] = '\0';
    strip_alias_flag(t, &len);

    if (strcmp(t, "master") == 0 || strcmp(t, "trunk") == 0 ||
        strcmp(t, "default") == 0) {
        nputs(b, "dev-");
        nputs(b, t);
        return 0;
    }
    if (len >= 4 && vigil__strncaseeq(t, "dev-", 4)) {
        nputs(b, "dev-");
        nputs(b, t + 4);
        return 0;
    }

    /* ^([^,\s+]++)\+[^\s]++$: build metadata after the first '+' */
    k = strcspn(t, ",+ \t\n\r\v\f");
    if (k > 0 && t[k] == '+' && t[k + 1] &&
        strcspn(t + k + 1, " \t\n\r\v\f") == len - k - 1) {
        len = k;
        t[len] = '\0';
    }

    if (classical(t, len, b))
        return 0;
    b->len = 0;
    if (date_version(t, len, b))
        return 0;
    b->len = 0;

    /* "1.x-dev", "2.0.*-dev": numbered branches */
    if (len >= 3 && vigil__strncaseeq(t + len - 3, "dev", 3)) {
        k = len - 3;
        if (k > 0 && (t[k - 1] == '.' || t[k - 1] == '-'))
            k--;
        if (numeric_branch(t, k, b))
            return 0;
    }
    return -1;
}

int vigil__composer_normalize(const char *v, char *out, size_t outlen,
                              struct vigil_error *err)
{
    struct nbuf b = { out, 0, outlen, 0 };
    int rc;

    rc = vigil__version_check_chars("Composer", v, VIGIL__VERSION_MAX, 1,
                                    err);
    if (rc != 0)
        return rc;
    if (outlen == 0)
        return vigil_error_set(err, VIGIL_ERANGE, 0, "buffer too small");
    out[0] = '\0';
    if (normalize(v, &b) != 0 || b.len == 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid Composer version '%.200s'", v);
    if (b.full)
        return vigil_error_set(err, VIGIL_ERANGE, 0,
                               "Composer version '%.200s' too long", v);
    return 0;
}

/* PHP's version_compare(). */

static int php_isdig(char c)
{
    return is_digit(c);
}

static int php_isndig(char c)
{
    return !is_digit(c) && c != '.';
}

/* php_canonicalize_version: '-', '_', '+' become '.', and a '.' goes
 * between digits and non-digits. */
static void php_canon(const char *v, char *out)
{
    const char *p = v;
    char *q = out, lp;

    if (*p == '\0') {
        *q = '\0';
        return;
    }
    *q++ = lp = *p++;
    for (; *p; lp = *p++) {
        char lq = q[-1];

        if (*p == '-' || *p == '_' || *p == '+') {
            if (lq != '.')
                *q++ = '.';
        } else if ((php_isndig(lp) && php_isdig(*p)) ||
                   (php_isdig(lp) && php_isndig(*p))) {
            if (lq != '.')
                *q++ = '.';
            *q++ = *p;
        } else if (!vigil__isalnum((unsigned char)*p)) {
            if (lq != '.')
                *q++ = '.';
        } else {
            *q++ = *p;
        }
    }
    *q = '\0';
}

/* PHP matches special forms by prefix, case-sensitively. */
static int php_special(const char *form1, const char *form2)
{
    static const struct {
        const char *name;
        int order;
    } forms[] = {
        { "dev", 0 }, { "alpha", 1 }, { "a", 1 }, { "beta", 2 }, { "b", 2 },
        { "RC", 3 },  { "rc", 3 },    { "#", 4 }, { "pl", 5 },   { "p", 5 },
    };
    int f1 = -1, f2 = -1;
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(forms); i++)
        if (strncmp(form1, forms[i].name, strlen(forms[i].name)) == 0) {
            f1 = forms[i].order;
            break;
        }
    for (i = 0; i < VIGIL_ARRAY_SIZE(forms); i++)
        if (strncmp(form2, forms[i].name, strlen(forms[i].name)) == 0) {
            f2 = forms[i].order;
            break;
        }
    return f1 == f2 ? 0 : (f1 < f2 ? -1 : 1);
}

/* strtol clamps at LONG_MAX, as PHP's does. */
static int php_num_cmp(const char *a, const char *b)
{
    long la = strtol(a, NULL, 10), lb = strtol(b, NULL, 10);

    return la == lb ? 0 : (la < lb ? -1 : 1);
}

static int php_cmp(const char *orig1, const char *orig2);

/* Compares the dot-separated parts of two canonicalized versions; when
 * one runs out, what is left of the other decides. */
static int php_parts(char *p1, char *p2)
{
    char *n1 = p1, *n2 = p2;
    int c = 0;

    while (*p1 && *p2 && n1 && n2) {
        if ((n1 = strchr(p1, '.')) != NULL)
            *n1 = '\0';
        if ((n2 = strchr(p2, '.')) != NULL)
            *n2 = '\0';
        if (php_isdig(*p1) && php_isdig(*p2))
            c = php_num_cmp(p1, p2);
        else if (!php_isdig(*p1) && !php_isdig(*p2))
            c = php_special(p1, p2);
        else
            c = php_isdig(*p1) ? php_special("#N#", p2)
                               : php_special(p1, "#N#");
        if (c != 0)
            return c;
        if (n1)
            p1 = n1 + 1;
        if (n2)
            p2 = n2 + 1;
    }
    if (n1)
        return php_isdig(*p1) ? 1 : php_cmp(p1, "#N#");
    if (n2)
        return php_isdig(*p2) ? -1 : php_cmp("#N#", p2);
    return 0;
}

static int php_cmp(const char *orig1, const char *orig2)
{
    char v1[VIGIL__COMPOSER_NORM_MAX * 2 + 1];
    char v2[VIGIL__COMPOSER_NORM_MAX * 2 + 1];

    if (!*orig1 || !*orig2)
        return !*orig1 && !*orig2 ? 0 : (*orig1 ? 1 : -1);
    if (strlen(orig1) > VIGIL__COMPOSER_NORM_MAX ||
        strlen(orig2) > VIGIL__COMPOSER_NORM_MAX)
        VIGIL_BUG("Composer version longer than a normalized one can be");
    if (orig1[0] == '#')
        memcpy(v1, orig1, strlen(orig1) + 1);
    else
        php_canon(orig1, v1);
    if (orig2[0] == '#')
        memcpy(v2, orig2, strlen(orig2) + 1);
    else
        php_canon(orig2, v2);
    return php_parts(v1, v2);
}

int vigil__composer_php_cmp(const char *a, const char *b)
{
    return php_cmp(a, b);
}

static int composer_validate(const char *v, struct vigil_error *err)
{
    char n[NORM_MAX];

    return vigil__composer_normalize(v, n, sizeof(n), err);
}

static int composer_compare(const char *a, const char *b, int *cmp,
                            struct vigil_error *err)
{
    char na[NORM_MAX], nb[NORM_MAX];
    int rc;

    rc = vigil__composer_normalize(a, na, sizeof(na), err);
    if (rc == 0)
        rc = vigil__composer_normalize(b, nb, sizeof(nb), err);
    if (rc != 0)
        return rc;

    /* Composer never orders a branch against a version. */
    if (strncmp(na, "dev-", 4) == 0 || strncmp(nb, "dev-", 4) == 0) {
        if (strcmp(na, nb) == 0) {
            *cmp = 0;
            return 0;
        }
        return vigil_error_set(err, VIGIL_EUNSUPPORTED, 0,
                               "cannot order Composer branch '%.200s' "
                               "against '%.200s'",
                               strncmp(na, "dev-", 4) == 0 ? a : b,
                               strncmp(na, "dev-", 4) == 0 ? b : a);
    }
    *cmp = vigil__composer_php_cmp(na, nb);
    return 0;
}

const struct vigil_scheme vigil__scheme_composer = {
    "composer", composer_validate, composer_compare, vigil__composer_satisfies
};
