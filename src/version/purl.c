/*
 * purl.c - package URL syntax: parsing into decoded components, the
 * type-specific normalisation rules, and the canonical string form.
 *
 * The ecosystem side (which OSV ecosystem a purl names, native package
 * names, lookup keys) is in purl_eco.c.
 */
#include <string.h>

#include "vigil/purl.h"
#include "../internal.h"

enum {
    NS_LOWER = 1,       /* namespace is case-insensitive */
    NAME_LOWER = 2,     /* name is case-insensitive */
    NAME_PYPI = 4,      /* '_' and '-' are the same character */
    VERSION_LOWER = 8   /* version is a commit hash, lowercased */
};

/* Per-type normalisation, from the purl type definitions. */
static const struct {
    const char *type;
    unsigned flags;
} type_rules[] = {
    { "alpm", NS_LOWER | NAME_LOWER },
    { "apk", NS_LOWER | NAME_LOWER },
    { "bitbucket", NS_LOWER | NAME_LOWER },
    { "bitnami", NAME_LOWER },
    { "composer", NS_LOWER | NAME_LOWER },
    { "deb", NS_LOWER | NAME_LOWER },
    { "github", NS_LOWER | NAME_LOWER },
    { "gitlab", NS_LOWER | NAME_LOWER },
    { "hex", NS_LOWER | NAME_LOWER },
    { "huggingface", VERSION_LOWER },
    { "luarocks", NS_LOWER | NAME_LOWER },
    { "oci", NAME_LOWER },
    { "pub", NAME_LOWER },
    { "pypi", NAME_LOWER | NAME_PYPI },
    { "qpkg", NS_LOWER },
    { "rpm", NS_LOWER },
};

static unsigned rules_for(const char *type)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(type_rules); i++)
        if (vigil__strcasecmp(type_rules[i].type, type) == 0)
            return type_rules[i].flags;
    return 0;
}

/* Applies the case rules in place. */
static void normalise(char *s, unsigned lower, unsigned pypi)
{
    for (; s && *s; s++) {
        if (lower)
            *s = (char)vigil__tolower((unsigned char)*s);
        if (pypi && *s == '_')
            *s = '-';
    }
}

/* Type: ASCII letters, digits, '.' and '-', starting with a letter. */
static int valid_type(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || !vigil__isalpha((unsigned char)s[0]))
        return 0;
    for (i = 0; i < n; i++)
        if (!vigil__isalnum((unsigned char)s[i]) && s[i] != '.' &&
            s[i] != '-')
            return 0;
    return 1;
}

/* Key: letters, digits, '.', '-', '_', starting with a letter; the
 * caller lowercases it. */
static int valid_key(const char *s)
{
    if (!vigil__isalpha((unsigned char)*s))
        return 0;
    for (; *s; s++)
        if (!vigil__isalnum((unsigned char)*s) && *s != '.' && *s != '-' &&
            *s != '_')
            return 0;
    return 1;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = vigil__tolower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* Parsing state: the input, for offsets, and where results go. */
struct pstate {
    const char *s;
    struct vigil_arena *arena;
    struct vigil_error *err;
};

static int perr(struct pstate *st, const char *at, const char *why)
{
    return vigil_error_set(st->err, VIGIL_EPARSE, (size_t)(at - st->s),
                           "cannot parse purl '%.200s': %s", st->s, why);
}

/*
 * Percent-decodes [p, p + n) into a new arena string.  Decoded NUL
 * bytes, raw control characters and broken escapes are errors.
 */
static int decode(struct pstate *st, const char *p, size_t n, char **out)
{
    char *d = vigil_arena_alloc(st->arena, n + 1);
    size_t i, k = 0;
    int hi, lo;

    if (!d)
        return VIGIL_ENOMEM;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];

        if (c < 0x20 || c == 0x7f)
            return perr(st, p + i, "control character");
        if (c != '%') {
            d[k++] = (char)c;
            continue;
        }
        hi = i + 2 < n ? hexval((unsigned char)p[i + 1]) : -1;
        lo = hi >= 0 ? hexval((unsigned char)p[i + 2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
            return perr(st, p + i, "bad percent-escape");
        d[k++] = (char)(hi * 16 + lo);
        i += 2;
    }
    d[k] = '\0';
    *out = d;
    return 0;
}

/*
 * Decodes the '/'-separated segments of [p, end), dropping empty ones
 * (and "." / ".." when dots is set), and joins them with '/'.  A
 * decoded segment may not hold '/'.  *out is NULL when nothing is left.
 */
static int segments(struct pstate *st, const char *p, const char *end,
                    int dots, char **out)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *q;
    char *seg;
    int rc = 0;

    *out = NULL;
    for (; p < end && rc == 0; p = q + 1) {
        q = memchr(p, '/', (size_t)(end - p));
        if (!q)
            q = end;
        if (q == p)
            continue;
        rc = decode(st, p, (size_t)(q - p), &seg);
        if (rc)
            break;
        if (strchr(seg, '/'))
            rc = perr(st, p, "'/' inside a path segment");
        else if (dots && (strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0))
            continue;
        else if (b.len && vigil_buf_addc(&b, '/'))
            rc = VIGIL_ENOMEM;
        else if (vigil_buf_adds(&b, seg))
            rc = VIGIL_ENOMEM;
    }
    if (rc == 0 && b.len) {
        *out = vigil_arena_strndup(st->arena, b.ptr, b.len);
        if (!*out)
            rc = VIGIL_ENOMEM;
    }
    vigil_buf_release(&b);
    return rc;
}

/* Inserts q into the sorted array; duplicate keys are an error. */
static int add_qualifier(struct pstate *st, struct vigil_purl *p,
                         const char *at, char *key, char *value)
{
    size_t i;
    int c;

    for (i = p->nqualifiers; i > 0; i--) {
        c = strcmp(p->qualifiers[i - 1].key, key);
        if (c == 0)
            return perr(st, at, "repeated qualifier key");
        if (c < 0)
            break;
        p->qualifiers[i] = p->qualifiers[i - 1];
    }
    p->qualifiers[i].key = key;
    p->qualifiers[i].value = value;
    p->nqualifiers++;
    return 0;
}

static int parse_qualifiers(struct pstate *st, const char *p,
                            const char *end, struct vigil_purl *out)
{
    const char *amp, *eq;
    char *key, *value;
    int rc;

    out->qualifiers = vigil_arena_calloc(st->arena, VIGIL_PURL_MAX_QUALIFIERS,
                                         sizeof(*out->qualifiers));
    if (!out->qualifiers)
        return VIGIL_ENOMEM;
    for (; p < end; p = amp + 1) {
        amp = memchr(p, '&', (size_t)(end - p));
        if (!amp)
            amp = end;
        if (amp == p)
            continue;
        eq = memchr(p, '=', (size_t)(amp - p));
        if (!eq || eq == p)
            return perr(st, p, "qualifier without 'key='");
        key = vigil_arena_strndup(st->arena, p, (size_t)(eq - p));
        if (!key)
            return VIGIL_ENOMEM;
        normalise(key, 1, 0);
        if (!valid_key(key))
            return perr(st, p, "bad qualifier key");
        rc = decode(st, eq + 1, (size_t)(amp - eq - 1), &value);
        if (rc)
            return rc;
        if (!*value)
            continue;
        if (out->nqualifiers == VIGIL_PURL_MAX_QUALIFIERS)
            return vigil_error_set(st->err, VIGIL_ELIMIT, (size_t)(p - st->s),
                                   "cannot parse purl '%.200s': more than "
                                   "%d qualifiers", st->s,
                                   VIGIL_PURL_MAX_QUALIFIERS);
        rc = add_qualifier(st, out, p, key, value);
        if (rc)
            return rc;
    }
    return 0;
}

/* "pkg:" and the type; *p is left after the '/' that ends the type. */
static int parse_head(struct pstate *st, const char **p, const char *end,
                      struct vigil_purl *out)
{
    const char *q = *p, *slash;
    char *type;

    if (end - q < 4 || vigil__tolower((unsigned char)q[0]) != 'p' ||
        vigil__tolower((unsigned char)q[1]) != 'k' ||
        vigil__tolower((unsigned char)q[2]) != 'g' || q[3] != ':')
        return perr(st, q, "no 'pkg:' scheme");
    q += 4;
    while (q < end && *q == '/')
        q++;
    slash = memchr(q, '/', (size_t)(end - q));
    if (!slash)
        return perr(st, q, "no '/' after the type");
    if (!valid_type(q, (size_t)(slash - q)))
        return perr(st, q, "bad type");
    type = vigil_arena_strndup(st->arena, q, (size_t)(slash - q));
    if (!type)
        return VIGIL_ENOMEM;
    normalise(type, 1, 0);
    out->type = type;
    *p = slash + 1;
    return 0;
}

/* namespace/name@version between p and end. */
static int parse_path(struct pstate *st, const char *p, const char *end,
                      struct vigil_purl *out)
{
    const char *at = NULL, *q, *name;
    char *s = NULL;
    int rc;

    for (q = end; q > p && q[-1] != '/'; q--)
        if (q[-1] == '@' && !at)
            at = q - 1;
    if (at) {
        rc = decode(st, at + 1, (size_t)(end - at - 1), &s);
        if (rc)
            return rc;
        out->version = *s ? s : NULL;
        end = at;
    }
    while (end > p && end[-1] == '/')
        end--;
    for (name = end; name > p && name[-1] != '/'; name--)
        ;
    if (name == end)
        return perr(st, end, "no name");
    rc = decode(st, name, (size_t)(end - name), &s);
    if (rc)
        return rc;
    out->name = s;
    rc = segments(st, p, name, 0, &s);
    out->namespace = s;
    return rc;
}

static void apply_rules(struct vigil_purl *p)
{
    unsigned f = rules_for(p->type);

    normalise((char *)p->namespace, f & NS_LOWER, 0);
    normalise((char *)p->name, f & NAME_LOWER, f & NAME_PYPI);
    normalise((char *)p->version, f & VERSION_LOWER, 0);
}

int vigil_purl_parse(const char *s, struct vigil_arena *arena,
                     struct vigil_purl *out, struct vigil_error *err)
{
    struct pstate st = { s, arena, err };
    struct vigil_purl p;
    const char *end, *hash, *q, *cur;
    char *sub = NULL;
    size_t n;
    int rc;

    if (!s || !arena || !out)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "no purl given");
    n = strlen(s);
    if (n > VIGIL_PURL_MAX)
        return vigil_error_set(err, VIGIL_ELIMIT, 0, "cannot parse purl "
                               "'%.200s': longer than %d bytes", s,
                               VIGIL_PURL_MAX);
    memset(&p, 0, sizeof(p));
    end = s + n;
    for (hash = end; hash > s && hash[-1] != '#'; hash--)
        ;
    if (hash > s) {
        hash--;
        rc = segments(&st, hash + 1, end, 1, &sub);
        if (rc)
            return rc;
        p.subpath = sub;
        end = hash;
    }
    q = memchr(s, '?', (size_t)(end - s));
    rc = parse_qualifiers(&st, q ? q + 1 : end, end, &p);
    if (rc)
        return rc;
    end = q ? q : end;
    cur = s;
    rc = parse_head(&st, &cur, end, &p);
    if (rc == 0)
        rc = parse_path(&st, cur, end, &p);
    if (rc)
        return rc;
    apply_rules(&p);
    *out = p;
    return 0;
}

/* Appends s[0, n) percent-encoded; extra names one more byte kept. */
static int encode_n(struct vigil_buf *b, const char *s, size_t n, char extra,
                    unsigned lower, unsigned pypi)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    int rc = 0;

    for (i = 0; i < n && rc == 0; i++) {
        unsigned char c = (unsigned char)s[i];

        if (lower)
            c = (unsigned char)vigil__tolower(c);
        if (pypi && c == '_')
            c = '-';
        if (vigil__isalnum(c) || c == '.' || c == '-' || c == '_' ||
            c == '~' || c == ':' || (extra && c == (unsigned char)extra)) {
            rc = vigil_buf_addc(b, (char)c);
            continue;
        }
        rc = vigil_buf_addc(b, '%');
        if (rc == 0)
            rc = vigil_buf_addc(b, hex[c >> 4]);
        if (rc == 0)
            rc = vigil_buf_addc(b, hex[c & 15]);
    }
    return rc;
}

static int encode(struct vigil_buf *b, const char *s, char extra,
                  unsigned lower, unsigned pypi)
{
    return encode_n(b, s, strlen(s), extra, lower, pypi);
}

static int is_dots(const char *s, size_t n)
{
    return (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.');
}

/* Appends the non-empty segments of path, each encoded, joined by '/'. */
static int encode_path(struct vigil_buf *b, const char *path, int dots,
                       unsigned lower)
{
    const char *q;
    size_t n;
    int rc = 0, first = 1;

    for (; path && *path && rc == 0; path = *q ? q + 1 : q) {
        q = strchr(path, '/');
        if (!q)
            q = path + strlen(path);
        n = (size_t)(q - path);
        if (n == 0 || (dots && is_dots(path, n)))
            continue;
        if (!first)
            rc = vigil_buf_addc(b, '/');
        if (rc == 0)
            rc = encode_n(b, path, n, 0, lower, 0);
        first = 0;
    }
    return rc;
}

/* Appends the qualifiers in key order, skipping empty values. */
static int encode_qualifiers(struct vigil_buf *b, const struct vigil_purl *p)
{
    const char *last = NULL, *next;
    size_t i, k = 0;
    int rc = 0;
    char sep = '?';

    for (;;) {
        next = NULL;
        for (i = 0; i < p->nqualifiers; i++) {
            const struct vigil_purl_qualifier *q = &p->qualifiers[i];

            if (!q->key || !q->value || !*q->value)
                continue;
            if ((!last || vigil__strcasecmp(q->key, last) > 0) &&
                (!next || vigil__strcasecmp(q->key, next) < 0)) {
                next = q->key;
                k = i;
            }
        }
        if (!next)
            return rc;
        rc = vigil_buf_addc(b, sep);
        if (rc == 0)
            rc = encode(b, next, 0, 1, 0);
        if (rc == 0)
            rc = vigil_buf_addc(b, '=');
        if (rc == 0)
            rc = encode(b, p->qualifiers[k].value, '/', 0, 0);
        if (rc)
            return rc;
        sep = '&';
        last = next;
    }
}

static int check_components(const struct vigil_purl *p)
{
    size_t i;

    if (!p->type || !valid_type(p->type, strlen(p->type)) || !p->name ||
        !*p->name)
        return VIGIL_EINVAL;
    for (i = 0; i < p->nqualifiers; i++)
        if (!p->qualifiers[i].key || !valid_key(p->qualifiers[i].key))
            return VIGIL_EINVAL;
    return 0;
}

int vigil_purl_format(const struct vigil_purl *p, struct vigil_buf *out)
{
    unsigned f;
    int rc;

    rc = check_components(p);
    if (rc)
        return rc;
    f = rules_for(p->type);
    rc = vigil_buf_adds(out, "pkg:");
    if (rc == 0)
        rc = encode(out, p->type, 0, 1, 0);
    if (rc == 0)
        rc = vigil_buf_addc(out, '/');
    if (rc == 0 && p->namespace && strspn(p->namespace, "/") <
        strlen(p->namespace)) {
        rc = encode_path(out, p->namespace, 0, f & NS_LOWER);
        if (rc == 0)
            rc = vigil_buf_addc(out, '/');
    }
    if (rc == 0)
        rc = encode(out, p->name, 0, f & NAME_LOWER, f & NAME_PYPI);
    if (rc == 0 && p->version && *p->version) {
        rc = vigil_buf_addc(out, '@');
        if (rc == 0)
            rc = encode(out, p->version, 0, f & VERSION_LOWER, 0);
    }
    if (rc == 0)
        rc = encode_qualifiers(out, p);
    if (rc == 0 && p->subpath && *p->subpath) {
        size_t mark = out->len;

        rc = vigil_buf_addc(out, '#');
        if (rc == 0)
            rc = encode_path(out, p->subpath, 1, 0);
        if (rc == 0 && out->len == mark + 1)
            out->ptr[--out->len] = '\0';    /* only "." / ".." segments */
    }
    return rc;
}

int vigil_purl_canonical(const char *s, struct vigil_buf *out,
                         struct vigil_error *err)
{
    struct vigil_arena arena;
    struct vigil_purl p;
    int rc;

    vigil_arena_init(&arena);
    rc = vigil_purl_parse(s, &arena, &p, err);
    if (rc == 0)
        rc = vigil_purl_format(&p, out);
    vigil_arena_release(&arena);
    return rc;
}

const char *vigil_purl_qualifier(const struct vigil_purl *p, const char *key)
{
    size_t i;

    for (i = 0; p && key && i < p->nqualifiers; i++)
        if (p->qualifiers[i].key &&
            vigil__strcasecmp(p->qualifiers[i].key, key) == 0)
            return p->qualifiers[i].value;
    return NULL;
}
