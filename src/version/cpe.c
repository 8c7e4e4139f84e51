/*
 * cpe.c - CPE names (NISTIR 7695) and CPE name matching (NISTIR 7696).
 *
 * Owns the two bindings a name arrives in (2.3 formatted string, 2.2
 * URI), the one bound form vigil keeps (see cpe.h), and the attribute
 * comparison table used to decide whether an advisory's CPE pattern
 * covers an inventory name.
 */
#include <string.h>

#include "vigil/cpe.h"
#include "../internal.h"

#define FS_PREFIX "cpe:2.3:"
#define URI_PREFIX "cpe:/"

/* Number of components a 2.2 URI may carry (part through language). */
#define URI_NATTR 7

/* Builds one bound value; len never reaches VIGIL_CPE_VALUE_MAX. */
struct bound {
    char *out;
    size_t len;
};

static int is_printable(int c)
{
    return c > 0x20 && c < 0x7f;
}

/* Characters that stay unquoted in the bound form besides alnum. */
static int is_plain_punct(int c)
{
    return c == '.' || c == '-' || c == '_';
}

static int bound_put(struct bound *b, char c)
{
    if (b->len + 1 >= VIGIL_CPE_VALUE_MAX)
        return VIGIL_ELIMIT;
    b->out[b->len++] = c;
    b->out[b->len] = '\0';
    return 0;
}

/*
 * Appends one literal character in bound form: alnum lowercased, the
 * three plain punctuation marks as they are, anything else printable
 * quoted.  Returns VIGIL_EINVAL for control and non-ASCII bytes.
 */
static int bound_literal(struct bound *b, int c)
{
    int rc;

    if (vigil__isalnum(c) || is_plain_punct(c))
        return bound_put(b, (char)vigil__tolower(c));
    if (!is_printable(c))
        return VIGIL_EINVAL;
    rc = bound_put(b, '\\');
    return rc ? rc : bound_put(b, (char)c);
}

/* One logical character of a bound value. */
struct tok {
    char c;
    int quoted;
};

/* Splits a bound value into logical characters; returns their count. */
static size_t tokenize(const char *v, struct tok *t)
{
    size_t n = 0;

    while (*v) {
        if (*v == '\\' && v[1]) {
            t[n].c = v[1];
            t[n].quoted = 1;
            v += 2;
        } else {
            t[n].c = *v;
            t[n].quoted = 0;
            v++;
        }
        n++;
    }
    return n;
}

static int is_wild(const struct tok *t, char w)
{
    return !t->quoted && t->c == w;
}

/*
 * Where the wildcards of a value are: a leading "*" (star_begin) or a
 * run of leading "?" (q_begin), the same at the end, and the literal
 * middle [mid, mid_end) between them.
 */
struct wild {
    int star_begin, star_end;
    size_t q_begin, q_end;
    size_t mid, mid_end;
};

static void find_wildcards(const struct tok *t, size_t n, struct wild *w)
{
    size_t i = 0, j = n;

    memset(w, 0, sizeof(*w));
    if (n > 0 && is_wild(&t[0], '*')) {
        w->star_begin = 1;
        i = 1;
    } else {
        while (i < n && is_wild(&t[i], '?'))
            i++;
        w->q_begin = i;
    }
    if (j > i && is_wild(&t[j - 1], '*')) {
        w->star_end = 1;
        j--;
    } else {
        while (j > i && is_wild(&t[j - 1], '?'))
            j--;
        w->q_end = n - j;
    }
    w->mid = i;
    w->mid_end = j;
}

/* A bound value is valid when no unquoted wildcard sits in its middle. */
static int check_wildcards(const char *v)
{
    struct tok t[VIGIL_CPE_VALUE_MAX];
    struct wild w;
    size_t n, i;

    n = tokenize(v, t);
    if (n == 0)
        return VIGIL_EINVAL;
    find_wildcards(t, n, &w);
    for (i = w.mid; i < w.mid_end; i++)
        if (is_wild(&t[i], '*') || is_wild(&t[i], '?'))
            return VIGIL_EINVAL;
    if (w.star_begin && w.star_end && n == 2)
        return VIGIL_EINVAL;    /* "**" */
    return 0;
}

static int has_wildcard(const char *v)
{
    struct tok t[VIGIL_CPE_VALUE_MAX];
    size_t n, i;

    n = tokenize(v, t);
    for (i = 0; i < n; i++)
        if (is_wild(&t[i], '*') || is_wild(&t[i], '?'))
            return 1;
    return 0;
}

void vigil_cpe_init(struct vigil_cpe *c)
{
    int i;

    memset(c, 0, sizeof(*c));
    for (i = 0; i < VIGIL_CPE_NATTR; i++)
        c->kind[i] = VIGIL_CPE_ANY;
}

/* The part attribute may only be "a", "o", "h" or ANY. */
static int check_part(const struct vigil_cpe *c)
{
    const char *p = c->value[VIGIL_CPE_PART];

    if (c->kind[VIGIL_CPE_PART] == VIGIL_CPE_ANY)
        return 0;
    if (c->kind[VIGIL_CPE_PART] == VIGIL_CPE_NA)
        return VIGIL_EINVAL;
    return (strcmp(p, "a") == 0 || strcmp(p, "o") == 0 ||
            strcmp(p, "h") == 0) ? 0 : VIGIL_EINVAL;
}

/*
 * Binds one formatted-string component [s, end) into attribute a.
 * Quoting is normalised (see cpe.h).  On failure *bad is the offset of
 * the offending byte within the component.
 */
static int fs_component(const char *s, const char *end, struct vigil_cpe *c,
                        int a, size_t *bad)
{
    struct bound b = { c->value[a], 0 };
    const char *p;
    int rc = 0;

    b.out[0] = '\0';
    if (end - s == 1 && (*s == '*' || *s == '-')) {
        c->kind[a] = *s == '*' ? VIGIL_CPE_ANY : VIGIL_CPE_NA;
        return 0;
    }
    c->kind[a] = VIGIL_CPE_VALUE;
    for (p = s; p < end && rc == 0; p++) {
        *bad = (size_t)(p - s);
        if (*p == '\\') {
            if (p + 1 >= end || !is_printable((unsigned char)p[1]))
                return VIGIL_EINVAL;
            rc = bound_literal(&b, (unsigned char)*++p);
        } else if (*p == '*' || *p == '?') {
            rc = bound_put(&b, *p);
        } else if (vigil__isalnum((unsigned char)*p) || is_plain_punct(*p)) {
            rc = bound_literal(&b, (unsigned char)*p);
        } else {
            return VIGIL_EINVAL;
        }
    }
    *bad = 0;
    if (rc == 0 && b.len == 0)
        return VIGIL_EINVAL;
    return rc ? rc : check_wildcards(b.out);
}

static int parse_fs(const char *s, struct vigil_cpe *c,
                    struct vigil_error *err)
{
    const char *p = s + strlen(FS_PREFIX), *start;
    size_t bad = 0;
    int a, rc;

    for (a = 0; a < VIGIL_CPE_NATTR; a++) {
        start = p;
        while (*p && *p != ':') {
            if (*p == '\\' && p[1])
                p++;
            p++;
        }
        if (a < VIGIL_CPE_NATTR - 1 && *p != ':')
            return vigil_error_set(err, VIGIL_EPARSE, (size_t)(p - s),
                                   "cannot parse CPE '%.200s': %d "
                                   "attributes instead of 11", s, a + 1);
        rc = fs_component(start, p, c, a, &bad);
        if (rc == VIGIL_ELIMIT)
            return vigil_error_set(err, VIGIL_EPARSE, (size_t)(start - s),
                                   "cannot parse CPE '%.200s': value "
                                   "too long", s);
        if (rc)
            return vigil_error_set(err, VIGIL_EPARSE,
                                   (size_t)(start - s) + bad,
                                   "cannot parse CPE '%.200s': bad "
                                   "value at offset %zu", s,
                                   (size_t)(start - s) + bad);
        if (a < VIGIL_CPE_NATTR - 1)
            p++;
    }
    if (*p)
        return vigil_error_set(err, VIGIL_EPARSE, (size_t)(p - s),
                               "cannot parse CPE '%.200s': more than 11 "
                               "attributes", s);
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = vigil__tolower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/*
 * Binds one URI component [s, end) into attribute a: "" is ANY, "-" is
 * NA, %01 and %02 are the '?' and '*' wildcards, other percent-encoded
 * characters are literals.  A '~' outside a packed edition is literal.
 */
static int uri_component(const char *s, const char *end, struct vigil_cpe *c,
                         int a)
{
    struct bound b = { c->value[a], 0 };
    const char *p;
    int rc = 0, hi, lo;

    b.out[0] = '\0';
    if (s == end || (end - s == 1 && *s == '-')) {
        c->kind[a] = s == end ? VIGIL_CPE_ANY : VIGIL_CPE_NA;
        return 0;
    }
    c->kind[a] = VIGIL_CPE_VALUE;
    for (p = s; p < end && rc == 0; p++) {
        if (*p != '%') {
            if (!vigil__isalnum((unsigned char)*p) && !is_plain_punct(*p) &&
                *p != '~')
                return VIGIL_EINVAL;
            rc = bound_literal(&b, (unsigned char)*p);
            continue;
        }
        if (end - p < 3)
            return VIGIL_EINVAL;
        hi = hexval((unsigned char)p[1]);
        lo = hexval((unsigned char)p[2]);
        if (hi < 0 || lo < 0)
            return VIGIL_EINVAL;
        p += 2;
        if (hi == 0 && (lo == 1 || lo == 2))
            rc = bound_put(&b, lo == 1 ? '?' : '*');
        else
            rc = bound_literal(&b, hi * 16 + lo);
    }
    if (rc == 0 && strcmp(b.out, "*") == 0) {
        c->kind[a] = VIGIL_CPE_ANY;     /* a lone "%02" is ANY */
        b.out[0] = '\0';
        return 0;
    }
    return rc ? rc : check_wildcards(b.out);
}

/* Unpacks "~edition~sw_edition~target_sw~target_hw~other". */
static int uri_packed_edition(const char *s, const char *end,
                              struct vigil_cpe *c)
{
    const char *p = s + 1, *q;
    int a, rc;

    for (a = VIGIL_CPE_EDITION; a <= VIGIL_CPE_OTHER; a++) {
        if (a == VIGIL_CPE_LANGUAGE)
            continue;
        q = p;
        while (q < end && *q != '~')
            q++;
        if ((a < VIGIL_CPE_OTHER) != (q < end))
            return VIGIL_EINVAL;
        rc = uri_component(p, q, c, a);
        if (rc)
            return rc;
        p = q + 1;
    }
    return 0;
}

static int parse_uri(const char *s, struct vigil_cpe *c,
                     struct vigil_error *err)
{
    const char *p = s + strlen(URI_PREFIX), *start;
    int a, rc;

    for (a = 0; a < URI_NATTR; a++) {
        start = p;
        while (*p && *p != ':')
            p++;
        if (a == VIGIL_CPE_EDITION && start < p && *start == '~')
            rc = uri_packed_edition(start, p, c);
        else
            rc = uri_component(start, p, c, a);
        if (rc)
            return vigil_error_set(err, VIGIL_EPARSE, (size_t)(start - s),
                                   "cannot parse CPE '%.200s': bad "
                                   "component %d", s, a + 1);
        if (!*p)
            return 0;
        p++;
    }
    return vigil_error_set(err, VIGIL_EPARSE, (size_t)(p - s),
                           "cannot parse CPE '%.200s': more than 7 URI "
                           "components", s);
}

static int has_prefix_nocase(const char *s, const char *prefix)
{
    while (*prefix)
        if (vigil__tolower((unsigned char)*s++) != *prefix++)
            return 0;
    return 1;
}

int vigil_cpe_parse(const char *s, struct vigil_cpe *out,
                    struct vigil_error *err)
{
    struct vigil_cpe c;
    int rc;

    if (!s || !out)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "no CPE given");
    vigil_cpe_init(&c);
    if (has_prefix_nocase(s, FS_PREFIX))
        rc = parse_fs(s, &c, err);
    else if (has_prefix_nocase(s, URI_PREFIX))
        rc = parse_uri(s, &c, err);
    else
        return vigil_error_set(err, VIGIL_EPARSE, 0,
                               "cannot parse CPE '%.200s': neither "
                               "'cpe:2.3:' nor 'cpe:/'", s);
    if (rc)
        return rc;
    if (check_part(&c))
        return vigil_error_set(err, VIGIL_EPARSE, 0,
                               "cannot parse CPE '%.200s': part is not "
                               "'a', 'o' or 'h'", s);
    *out = c;
    return 0;
}

int vigil_cpe_format(const struct vigil_cpe *c, struct vigil_buf *out)
{
    int a, rc;

    rc = vigil_buf_adds(out, "cpe:2.3");
    for (a = 0; a < VIGIL_CPE_NATTR && rc == 0; a++) {
        rc = vigil_buf_addc(out, ':');
        if (rc)
            break;
        if (c->kind[a] == VIGIL_CPE_ANY)
            rc = vigil_buf_addc(out, '*');
        else if (c->kind[a] == VIGIL_CPE_NA)
            rc = vigil_buf_addc(out, '-');
        else if (strcmp(c->value[a], "-") == 0)
            rc = vigil_buf_adds(out, "\\-");   /* a literal, not NA */
        else
            rc = vigil_buf_adds(out, c->value[a]);
    }
    return rc;
}

int vigil_cpe_set(struct vigil_cpe *c, enum vigil_cpe_attr a,
                  const char *raw)
{
    char tmp[VIGIL_CPE_VALUE_MAX];
    struct bound b = { tmp, 0 };
    struct vigil_cpe probe;
    int rc = 0;

    if ((int)a < 0 || a >= VIGIL_CPE_NATTR)
        return VIGIL_EINVAL;
    if (!raw || !*raw || strcmp(raw, "*") == 0 || strcmp(raw, "-") == 0) {
        int na = raw && strcmp(raw, "-") == 0;

        if (na && a == VIGIL_CPE_PART)
            return VIGIL_EINVAL;
        c->kind[a] = na ? VIGIL_CPE_NA : VIGIL_CPE_ANY;
        c->value[a][0] = '\0';
        return 0;
    }
    tmp[0] = '\0';
    for (; *raw && rc == 0; raw++)
        rc = bound_literal(&b, (unsigned char)*raw);
    if (rc)
        return rc;
    probe.kind[VIGIL_CPE_PART] = VIGIL_CPE_VALUE;
    memcpy(probe.value[VIGIL_CPE_PART], tmp, b.len + 1);
    if (a == VIGIL_CPE_PART && check_part(&probe))
        return VIGIL_EINVAL;
    c->kind[a] = VIGIL_CPE_VALUE;
    memcpy(c->value[a], tmp, b.len + 1);
    return 0;
}

int vigil_cpe_get(const struct vigil_cpe *c, enum vigil_cpe_attr a,
                  char *out, size_t outlen)
{
    struct tok t[VIGIL_CPE_VALUE_MAX];
    size_t n, i;

    if ((int)a < 0 || a >= VIGIL_CPE_NATTR)
        return VIGIL_EINVAL;
    if (c->kind[a] != VIGIL_CPE_VALUE)
        return VIGIL_ENOTFOUND;
    n = tokenize(c->value[a], t);
    if (n + 1 > outlen)
        return VIGIL_ERANGE;
    for (i = 0; i < n; i++)
        out[i] = t[i].c;
    out[n] = '\0';
    return 0;
}

/* Plain text of tokens [from, to) into out (VIGIL_CPE_VALUE_MAX bytes). */
static size_t plain(const struct tok *t, size_t from, size_t to, char *out)
{
    size_t n = 0;

    while (from < to)
        out[n++] = t[from++].c;
    out[n] = '\0';
    return n;
}

/*
 * Does source value (with wildcards) cover target value (without)?
 * Per NISTIR 7696, a leading or trailing run of k '?' stands for at most
 * k characters, a leading or trailing '*' for any number.
 */
static int wild_match(const char *source, const char *target)
{
    struct tok ts[VIGIL_CPE_VALUE_MAX], tt[VIGIL_CPE_VALUE_MAX];
    char mid[VIGIL_CPE_VALUE_MAX], text[VIGIL_CPE_VALUE_MAX];
    struct wild w;
    size_t ns, nt, m, p;

    ns = tokenize(source, ts);
    nt = tokenize(target, tt);
    find_wildcards(ts, ns, &w);
    m = plain(ts, w.mid, w.mid_end, mid);
    plain(tt, 0, nt, text);
    for (p = 0; p + m <= nt; p++) {
        if (memcmp(text + p, mid, m) != 0)
            continue;
        if (!w.star_begin && p > w.q_begin)
            break;              /* later positions only get worse */
        if (w.star_end || nt - p - m <= w.q_end)
            return 1;
    }
    return 0;
}

enum vigil_cpe_relation vigil_cpe_compare_attr(const struct vigil_cpe *source,
                                               const struct vigil_cpe *target,
                                               enum vigil_cpe_attr a)
{
    int sk = source->kind[a], tk = target->kind[a];
    const char *sv = source->value[a], *tv = target->value[a];

    if (tk == VIGIL_CPE_VALUE && has_wildcard(tv))
        return VIGIL_CPE_UNDEFINED;
    if (sk == VIGIL_CPE_ANY)
        return tk == VIGIL_CPE_ANY ? VIGIL_CPE_EQUAL : VIGIL_CPE_SUPERSET;
    if (tk == VIGIL_CPE_ANY)
        return VIGIL_CPE_SUBSET;
    if (sk == VIGIL_CPE_NA || tk == VIGIL_CPE_NA)
        return sk == tk ? VIGIL_CPE_EQUAL : VIGIL_CPE_DISJOINT;
    if (has_wildcard(sv))
        return wild_match(sv, tv) ? VIGIL_CPE_SUPERSET : VIGIL_CPE_DISJOINT;
    return strcmp(sv, tv) == 0 ? VIGIL_CPE_EQUAL : VIGIL_CPE_DISJOINT;
}

int vigil_cpe_match(const struct vigil_cpe *source,
                    const struct vigil_cpe *target)
{
    enum vigil_cpe_relation r;
    int a;

    for (a = 0; a < VIGIL_CPE_NATTR; a++) {
        r = vigil_cpe_compare_attr(source, target, (enum vigil_cpe_attr)a);
        if (r == VIGIL_CPE_SUPERSET || r == VIGIL_CPE_EQUAL)
            continue;
        if (r == VIGIL_CPE_SUBSET && a > VIGIL_CPE_VERSION)
            continue;
        return 0;
    }
    return 1;
}
