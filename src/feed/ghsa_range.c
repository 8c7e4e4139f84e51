/*
 * ghsa_range.c - GitHub's affected-package data as affected entries,
 * shared by the GitHub API parser (ghsa.c) and grype's layout
 * (grype_ghsa.c).
 *
 * GitHub states one vulnerable range per (package, range) pair, as text
 * such as ">= 2.5.0, < 2.5.16", "= 1.2.3", "<= 1.0" or "> 1.0", with an
 * optional first patched version.  The pairs of one package become one
 * affected entry whose single OSV range collects the events of every
 * pair in order, as GitHub's own OSV converter writes it (npm and Go
 * ranges are SEMVER, all others ECOSYSTEM).  Where that converter
 * needs a package registry (the version after a "> x" bound outside
 * SemVer) a BOUNDS range with an exclusive start says the same thing.
 */
#include <string.h>

#include "feed_int.h"
#include "../internal.h"

/* GitHub API, REST and grype spellings of an ecosystem, to OSV's. */
static const struct {
    const char *from;
    const char *osv;
} ecosystems[] = {
    { "maven", "Maven" },        { "java", "Maven" },
    { "npm", "npm" },            { "pip", "PyPI" },
    { "pypi", "PyPI" },          { "python", "PyPI" },
    { "rubygems", "RubyGems" },  { "gem", "RubyGems" },
    { "nuget", "NuGet" },        { "dotnet", "NuGet" },
    { "composer", "Packagist" }, { "packagist", "Packagist" },
    { "php", "Packagist" },      { "go", "Go" },
    { "golang", "Go" },          { "rust", "crates.io" },
    { "crates.io", "crates.io" }, { "erlang", "Hex" },
    { "hex", "Hex" },            { "pub", "Pub" },
    { "dart", "Pub" },           { "swift", "SwiftURL" },
    { "actions", "GitHub Actions" },
    { "github_actions", "GitHub Actions" },
    { "github-action", "GitHub Actions" },
};

const char *vigil__ghsa_ecosystem(const char *name)
{
    size_t i;

    if (!name)
        return NULL;
    for (i = 0; i < VIGIL_ARRAY_SIZE(ecosystems); i++)
        if (vigil__strcasecmp(name, ecosystems[i].from) == 0)
            return ecosystems[i].osv;
    return name;
}

/* What one range text says; versions live in the arena. */
struct constraint {
    const char *lower;
    const char *upper;
    const char *exact;
    int lower_incl;
    int upper_incl;
};

static const struct {
    const char *op;
    int slot;              /* 0 lower, 1 upper, 2 exact */
    int incl;
} operators[] = {
    { ">=", 0, 1 }, { ">", 0, 0 }, { "<=", 1, 1 }, { "<", 1, 0 },
    { "==", 2, 1 }, { "=", 2, 1 },
};

static int is_sep(int c)
{
    return c == ' ' || c == '\t' || c == ',';
}

/* Stores one "op version" term; returns 0 or VIGIL_EPARSE. */
static int put_term(struct constraint *c, const char *op, size_t oplen,
                    const char *ver)
{
    const char **slot;
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(operators); i++) {
        if (strlen(operators[i].op) != oplen ||
            memcmp(operators[i].op, op, oplen) != 0)
            continue;
        slot = operators[i].slot == 0   ? &c->lower
             : operators[i].slot == 1 ? &c->upper
                                      : &c->exact;
        if (*slot)
            return VIGIL_EPARSE;
        *slot = ver;
        if (operators[i].slot == 0)
            c->lower_incl = operators[i].incl;
        else if (operators[i].slot == 1)
            c->upper_incl = operators[i].incl;
        return 0;
    }
    return VIGIL_EPARSE;
}

/*
 * Reads terms from text[0..n): an operator, optional blanks, a version;
 * terms are separated by commas and/or blanks (grype drops the comma).
 */
static int parse_constraint(struct vigil_arena *a, const char *text,
                            size_t n, struct constraint *c)
{
    size_t i = 0, op, oplen, ver;
    const char *v;
    int rc;

    memset(c, 0, sizeof(*c));
    while (i < n) {
        while (i < n && is_sep((unsigned char)text[i]))
            i++;
        if (i == n)
            break;
        op = i;
        while (i < n && strchr("<>=!~^", text[i]))
            i++;
        oplen = i - op;
        while (i < n && (text[i] == ' ' || text[i] == '\t'))
            i++;
        ver = i;
        while (i < n && !is_sep((unsigned char)text[i]))
            i++;
        if (oplen == 0 || i == ver)
            return VIGIL_EPARSE;
        if (!(v = vigil_arena_strndup(a, text + ver, i - ver)))
            return VIGIL_ENOMEM;
        if ((rc = put_term(c, text + op, oplen, v)))
            return rc;
    }
    if (c->exact ? (c->lower || c->upper) : !(c->lower || c->upper))
        return VIGIL_EPARSE;
    return 0;
}

/* s[0..n) as digits only, with no leading zero unless it is "0". */
static int is_number(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || (n > 1 && s[0] == '0'))
        return 0;
    for (i = 0; i < n; i++)
        if (!vigil__isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static int is_ident_chars(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '.' && s[i + 1] == '.')
            return 0;
        if (!vigil__isalnum((unsigned char)s[i]) && s[i] != '-' &&
            s[i] != '.')
            return 0;
    }
    return 1;
}

/* The decimal string s[0..n) plus one, in the arena. */
static char *plus_one(struct vigil_arena *a, const char *s, size_t n)
{
    char *out = vigil_arena_alloc(a, n + 2);
    size_t i = n;

    if (!out)
        return NULL;
    memcpy(out + 1, s, n);
    out[0] = '0';
    out[n + 1] = '\0';
    while (i > 0 && out[i] == '9')
        out[i--] = '0';
    out[i]++;
    return out[0] == '0' ? out + 1 : out;
}

/*
 * The least SemVer version above v into *out: "1.2.3" gives "1.2.4-0"
 * and "1.2.3-rc.1" gives "1.2.3-rc.1.0" (build metadata does not
 * order); NULL when v is no SemVer version.  Returns 0 or VIGIL_ENOMEM.
 */
static int semver_next(struct vigil_arena *a, const char *v,
                       const char **out)
{
    const char *p = v[0] == 'v' ? v + 1 : v, *dot1, *dot2, *pre, *end;
    size_t n = strcspn(p, "+");
    char *patch;

    *out = NULL;
    end = p + n;
    if (!(dot1 = memchr(p, '.', n)) ||
        !(dot2 = memchr(dot1 + 1, '.', (size_t)(end - dot1 - 1))))
        return 0;
    pre = memchr(dot2, '-', (size_t)(end - dot2));
    if (!is_number(p, (size_t)(dot1 - p)) ||
        !is_number(dot1 + 1, (size_t)(dot2 - dot1 - 1)) ||
        !is_number(dot2 + 1, (size_t)((pre ? pre : end) - dot2 - 1)) ||
        (pre && !is_ident_chars(pre + 1, (size_t)(end - pre - 1))))
        return 0;
    if (pre)
        *out = vigil_arena_printf(a, "%.*s.0", (int)(end - v), v);
    else if ((patch = plus_one(a, dot2 + 1, (size_t)(end - dot2 - 1))))
        *out = vigil_arena_printf(a, "%.*s%s-0", (int)(dot2 + 1 - v), v,
                                  patch);
    return *out ? 0 : VIGIL_ENOMEM;
}

/* The package being built and where its OSV range is; a.ranges may
 * move as it grows, so the range is kept by index. */
struct pkg {
    struct feed_rec *r;
    struct vigil_affected a;
    const char *type;       /* "SEMVER" or "ECOSYSTEM" */
    size_t osv;             /* index in a.ranges, or a.nranges: none */
    int all_prior;          /* some pair has no lower bound */
};

static int add_ev(struct pkg *p, enum vigil_event_kind kind, const char *v)
{
    struct vigil_range *g;

    if (p->osv == p->a.nranges) {
        if (!(g = vigil__feed_add_range(p->r, &p->a)))
            return VIGIL_ENOMEM;
        g->type = p->type;
        p->osv = p->a.nranges - 1;
    }
    return vigil__feed_add_event(p->r, &p->a.ranges[p->osv], kind, v);
}

/*
 * "> x" with no SemVer successor: a BOUNDS range starting after x.
 * LIMIT: outside SemVer the version after x is not looked up; the
 * entry holds a BOUNDS range beside its OSV range. See
 * docs/LIMITS.md#ghsa-exclusive-lower.
 */
static int add_after(struct pkg *p, const struct constraint *c,
                     const char *patched)
{
    struct vigil_range *g;
    size_t keep = p->osv == p->a.nranges;

    if (!(g = vigil__feed_add_range(p->r, &p->a)))
        return VIGIL_ENOMEM;
    if (keep)
        p->osv = p->a.nranges;
    g->type = "BOUNDS";
    g->start = c->lower;
    if (c->upper && !(c->upper_incl && patched)) {
        g->end = c->upper;
        g->end_incl = c->upper_incl;
    } else {
        g->end = patched;
    }
    return 0;
}

/* One (range, patched) pair, following GitHub's converter. */
static int add_pair(struct pkg *p, const struct constraint *c,
                    const char *patched)
{
    const char *next = NULL;
    int rc = 0;

    if (c->exact && patched)
        return (rc = add_ev(p, VIGIL_EV_INTRODUCED, c->exact)) ? rc
               : add_ev(p, VIGIL_EV_FIXED, patched);
    if (c->exact)
        return vigil__feed_add_version(p->r, &p->a, c->exact);
    if (c->lower && !c->lower_incl) {
        if (strcmp(p->type, "SEMVER") == 0 &&
            (rc = semver_next(p->r->arena, c->lower, &next)))
            return rc;
        if (!next)
            return add_after(p, c, patched);
    }
    if (c->lower)
        rc = add_ev(p, VIGIL_EV_INTRODUCED, next ? next : c->lower);
    else
        p->all_prior = 1;
    if (rc)
        return rc;
    if (c->upper && !c->upper_incl)
        return add_ev(p, VIGIL_EV_FIXED, c->upper);
    if (patched)
        return add_ev(p, VIGIL_EV_FIXED, patched);

    /* "<= x" and nothing patched: GitHub's converter writes no end and
     * so calls every later version affected; x is what GitHub says */
    return c->upper ? add_ev(p, VIGIL_EV_LAST_AFFECTED, c->upper) : 0;
}

/* The pair's range text, split at "||" into alternatives. */
static int add_text(struct pkg *p, const struct ghsa_pair *v)
{
    const char *t = v->range, *bar;
    struct constraint c;
    size_t n;
    int rc;

    if (!t)
        return vigil__feed_fail(p->r, "cannot read version range of "
                                "package '%s': none given", v->name);
    for (;;) {
        bar = strstr(t, "||");
        n = bar ? (size_t)(bar - t) : strlen(t);
        rc = parse_constraint(p->r->arena, t, n, &c);
        if (rc == VIGIL_EPARSE)
            return vigil__feed_fail(p->r, "cannot read version range '%s' "
                                    "of package '%s'", v->range, v->name);
        if (rc || (rc = add_pair(p, &c, v->patched)))
            return rc;
        if (!bar)
            return 0;
        t = bar + 2;
    }
}

static int same_package(const struct ghsa_pair *a,
                        const struct ghsa_pair *b)
{
    return strcmp(a->name, b->name) == 0 &&
           (a->ecosystem && b->ecosystem ? strcmp(a->ecosystem,
                                                  b->ecosystem) == 0
                                         : a->ecosystem == b->ecosystem);
}

/* "introduced 0" goes first, once, as GitHub's converter puts it. */
static int open_start(struct pkg *p)
{
    struct vigil_range *g;
    int rc = add_ev(p, VIGIL_EV_INTRODUCED, "0");

    if (rc)
        return rc;
    g = &p->a.ranges[p->osv];
    memmove(g->events + 1, g->events, (g->nevents - 1) * sizeof(*g->events));
    g->events[0].kind = VIGIL_EV_INTRODUCED;
    g->events[0].version = "0";
    return 0;
}

/* The affected entry of the package of v[first], from all its pairs. */
static int add_package(struct feed_rec *r, const struct ghsa_pair *v,
                       size_t n, size_t first)
{
    struct vigil_affected *a;
    struct pkg p;
    size_t i;
    int rc;

    memset(&p, 0, sizeof(p));
    p.r = r;
    p.a.kind = VIGIL_AFF_PACKAGE;
    p.a.ecosystem = v[first].ecosystem;
    p.a.name = v[first].name;
    p.a.vulnerable = 1;
    p.type = p.a.ecosystem && (strcmp(p.a.ecosystem, "npm") == 0 ||
                               strcmp(p.a.ecosystem, "Go") == 0)
             ? "SEMVER" : "ECOSYSTEM";
    for (i = first; i < n; i++) {
        if (!same_package(&v[first], &v[i]))
            continue;
        if ((v[i].patched &&
             (rc = vigil__feed_add_fixed(r, &p.a, v[i].patched))) ||
            (rc = add_text(&p, &v[i])))
            return rc;
    }
    if (p.all_prior && (rc = open_start(&p)))
        return rc;
    if (!(a = vigil__feed_add_affected(r)))
        return VIGIL_ENOMEM;
    *a = p.a;
    return 0;
}

int vigil__ghsa_add_affected(struct feed_rec *r,
                             const struct ghsa_pair *v, size_t n)
{
    size_t i, j;
    int rc;

    for (i = 0; i < n; i++)
        if (!v[i].name)
            return vigil__feed_fail(r, "affected package #%zu has no "
                                    "name", i);
    for (i = 0; i < n; i++) {
        for (j = 0; j < i && !same_package(&v[j], &v[i]); j++)
            ;
        if (j == i && (rc = add_package(r, v, n, i)))
            return rc;
    }
    return 0;
}
