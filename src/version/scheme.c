/*
 * scheme.c - the table of version schemes, the mapping from OSV
 * ecosystems and purl types to schemes, the compare/satisfies wrappers
 * and the comparison-list evaluator shared by the simpler schemes.
 */
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

extern const struct vigil_scheme vigil__scheme_dpkg;
extern const struct vigil_scheme vigil__scheme_rpm;
extern const struct vigil_scheme vigil__scheme_semver;
extern const struct vigil_scheme vigil__scheme_npm;
extern const struct vigil_scheme vigil__scheme_pep440;
extern const struct vigil_scheme vigil__scheme_maven;
extern const struct vigil_scheme vigil__scheme_go;
extern const struct vigil_scheme vigil__scheme_gem;
extern const struct vigil_scheme vigil__scheme_apk;
extern const struct vigil_scheme vigil__scheme_nuget;
extern const struct vigil_scheme vigil__scheme_composer;
extern const struct vigil_scheme vigil__scheme_generic;

static const struct vigil_scheme *const schemes[] = {
    &vigil__scheme_dpkg,  &vigil__scheme_rpm,      &vigil__scheme_semver,
    &vigil__scheme_npm,   &vigil__scheme_pep440,   &vigil__scheme_maven,
    &vigil__scheme_go,    &vigil__scheme_gem,      &vigil__scheme_apk,
    &vigil__scheme_nuget, &vigil__scheme_composer, &vigil__scheme_generic,
};

const struct vigil_scheme *vigil_scheme_get(const char *name)
{
    size_t i;

    for (i = 0; name && i < VIGIL_ARRAY_SIZE(schemes); i++)
        if (strcmp(schemes[i]->name, name) == 0)
            return schemes[i];
    return NULL;
}

/*
 * OSV ecosystem names (the part before any ':'), lowercased, and purl
 * types.  prefix entries also match longer names such as "SUSE Linux
 * Enterprise Server" or "openSUSE Leap".
 */
static const struct {
    const char *name;
    const char *scheme;
    int prefix;
} ecosystems[] = {
    { "debian", "dpkg", 0 },         { "ubuntu", "dpkg", 0 },
    { "deb", "dpkg", 0 },
    { "red hat", "rpm", 0 },         { "almalinux", "rpm", 0 },
    { "rocky linux", "rpm", 0 },     { "suse", "rpm", 1 },
    { "opensuse", "rpm", 1 },        { "mageia", "rpm", 0 },
    { "openeuler", "rpm", 0 },       { "photon os", "rpm", 0 },
    { "azure linux", "rpm", 0 },     { "oracle linux", "rpm", 0 },
    { "amazon linux", "rpm", 0 },    { "fedora", "rpm", 0 },
    { "centos", "rpm", 0 },          { "rpm", "rpm", 0 },
    { "alpine", "apk", 0 },          { "wolfi", "apk", 0 },
    { "chainguard", "apk", 0 },      { "alpaquita", "apk", 0 },
    { "minimos", "apk", 0 },         { "apk", "apk", 0 },
    { "pypi", "pep440", 0 },
    /* OSV evaluates npm ranges with SemVer precedence. */
    { "npm", "semver", 0 },          { "crates.io", "semver", 0 },
    { "cargo", "semver", 0 },        { "hex", "semver", 0 },
    { "pub", "semver", 0 },          { "swifturl", "semver", 0 },
    { "swift", "semver", 0 },
    { "go", "go", 0 },               { "golang", "go", 0 },
    { "maven", "maven", 0 },
    { "rubygems", "gem", 0 },        { "gem", "gem", 0 },
    { "nuget", "nuget", 0 },
    { "packagist", "composer", 0 },  { "composer", "composer", 0 },
};

static const char *scheme_name_for(const char *lower)
{
    size_t i, n;

    for (i = 0; i < VIGIL_ARRAY_SIZE(ecosystems); i++) {
        n = strlen(ecosystems[i].name);
        if (ecosystems[i].prefix ? strncmp(lower, ecosystems[i].name, n) == 0
                                 : strcmp(lower, ecosystems[i].name) == 0)
            return ecosystems[i].scheme;
    }
    return "generic";
}

const struct vigil_scheme *vigil_scheme_for_ecosystem(const char *eco)
{
    char lower[64];
    size_t n = 0;

    if (!eco)
        return &vigil__scheme_generic;
    while (eco[n] && eco[n] != ':' && n < sizeof(lower) - 1) {
        lower[n] = (char)vigil__tolower((unsigned char)eco[n]);
        n++;
    }
    if (eco[n] && eco[n] != ':')
        return &vigil__scheme_generic;
    lower[n] = '\0';

    /* Root.io names the ecosystem it rebuilds: "Root:Debian:12". */
    if (strcmp(lower, "root") == 0 && eco[n] == ':' && eco[n + 1])
        return vigil_scheme_for_ecosystem(eco + n + 1);
    return vigil_scheme_get(scheme_name_for(lower));
}

static const struct vigil_scheme *scheme_or_fail(const char *name,
                                                 struct vigil_error *err)
{
    const struct vigil_scheme *s = vigil_scheme_get(name);

    if (!s)
        vigil_error_set(err, VIGIL_ENOTFOUND, 0,
                        "unknown version scheme '%s'",
                        name ? name : "(null)");
    return s;
}

int vigil_version_compare(const char *scheme, const char *a, const char *b,
                          int *cmp, struct vigil_error *err)
{
    const struct vigil_scheme *s = scheme_or_fail(scheme, err);

    if (!s)
        return VIGIL_ENOTFOUND;
    if (!a || !b || !cmp)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot compare versions: missing argument");
    return s->compare(a, b, cmp, err);
}

int vigil_version_satisfies(const char *scheme, const char *v,
                            const char *range, int *yes,
                            struct vigil_error *err)
{
    const struct vigil_scheme *s = scheme_or_fail(scheme, err);

    if (!s)
        return VIGIL_ENOTFOUND;
    if (!v || !range || !yes)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot match version: missing argument");
    if (s->satisfies)
        return s->satisfies(v, range, yes, err);
    return vigil_version_satisfies_cmp(s, v, range, yes, err);
}

/* The comparison-list evaluator. */

enum cmp_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

static const struct {
    const char *text;
    enum cmp_op op;
} cmp_ops[] = {
    { "==", OP_EQ }, { "=", OP_EQ },  { "!=", OP_NE }, { "<", OP_LT },
    { "<=", OP_LE }, { ">", OP_GT },  { ">=", OP_GE },
    /* Debian's spelling of strict comparisons */
    { "<<", OP_LT }, { ">>", OP_GT },
};

static int op_holds(enum cmp_op op, int c)
{
    switch (op) {
    case OP_EQ: return c == 0;
    case OP_NE: return c != 0;
    case OP_LT: return c < 0;
    case OP_LE: return c <= 0;
    case OP_GT: return c > 0;
    case OP_GE: return c >= 0;
    }
    return 0;
}

static int is_op_char(char c)
{
    return c == '<' || c == '>' || c == '=' || c == '!';
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Where one term of a comparison list is parsed into. */
struct cmp_term {
    enum cmp_op op;
    char ver[VIGIL__VERSION_MAX + 1];
};

/*
 * Parses the term at *pp ("op version", op optional) into t and moves
 * *pp past it.
 */
static int parse_term(const char *range, const char **pp, struct cmp_term *t,
                      struct vigil_error *err)
{
    const char *p = *pp, *start = p;
    size_t n, i;

    while (is_op_char(*p))
        p++;
    n = (size_t)(p - start);
    t->op = OP_EQ;
    if (n > 0) {
        for (i = 0; i < VIGIL_ARRAY_SIZE(cmp_ops); i++)
            if (strlen(cmp_ops[i].text) == n &&
                strncmp(cmp_ops[i].text, start, n) == 0)
                break;
        if (i == VIGIL_ARRAY_SIZE(cmp_ops))
            return vigil_error_set(err, VIGIL_EINVAL, (size_t)(start - range),
                                   "invalid range '%.200s': unknown "
                                   "operator '%.*s'", range, (int)n, start);
        t->op = cmp_ops[i].op;
    }
    while (is_blank(*p))
        p++;

    start = p;
    while (*p && !is_blank(*p) && *p != ',' && *p != '|')
        p++;
    n = (size_t)(p - start);
    if (n == 0)
        return vigil_error_set(err, VIGIL_EINVAL, (size_t)(start - range),
                               "invalid range '%.200s': missing version "
                               "after operator", range);
    if (n > VIGIL__VERSION_MAX)
        return vigil_error_set(err, VIGIL_EINVAL, (size_t)(start - range),
                               "invalid range '%.200s': version too long",
                               range);
    memcpy(t->ver, start, n);
    t->ver[n] = '\0';
    *pp = p;
    return 0;
}

/* Compares v with one term; a bad version in the range names the range. */
static int eval_term(const struct vigil_scheme *s, const char *v,
                     const char *range, const struct cmp_term *t, int *holds,
                     struct vigil_error *err)
{
    struct vigil_error inner;
    int rc, c;

    vigil_error_clear(&inner);
    rc = s->validate(t->ver, &inner);
    if (rc == 0)
        rc = s->compare(v, t->ver, &c, &inner);
    if (rc != 0)
        return vigil_error_set(err, rc, 0, "invalid range '%.200s': %s",
                               range, inner.msg);
    *holds = op_holds(t->op, c);
    return 0;
}

int vigil_version_satisfies_cmp(const struct vigil_scheme *s, const char *v,
                                const char *range, int *yes,
                                struct vigil_error *err)
{
    struct cmp_term t;
    const char *p;
    int rc, holds = 0, any = 0, all = 1, terms = 0;

    if (!s || !v || !range || !yes)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot match version: missing argument");
    if (strlen(range) > VIGIL__RANGE_MAX)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid range '%.200s...': too long", range);
    rc = s->validate(v, err);
    if (rc != 0)
        return rc;

    /* Every term is checked, even once the answer is known, so that a
     * bad range fails the same way whatever the version. */
    for (p = range;;) {
        while (is_blank(*p) || *p == ',')
            p++;
        if (*p == '\0' || *p == '|') {
            if (terms == 0)
                return vigil_error_set(err, VIGIL_EINVAL,
                                       (size_t)(p - range),
                                       "invalid range '%.200s': empty "
                                       "alternative", range);
            any |= all;
            if (*p == '\0')
                break;
            if (p[1] != '|')
                return vigil_error_set(err, VIGIL_EINVAL,
                                       (size_t)(p - range),
                                       "invalid range '%.200s': single '|' "
                                       "(alternatives use '||')", range);
            p += 2;
            all = 1;
            terms = 0;
            continue;
        }
        rc = parse_term(range, &p, &t, err);
        if (rc == 0)
            rc = eval_term(s, v, range, &t, &holds, err);
        if (rc != 0)
            return rc;
        all &= holds;
        terms++;
    }
    *yes = any;
    return 0;
}
