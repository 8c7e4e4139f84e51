/*
 * purl.c - the little purl handling the inventory parsers need: read
 * type, namespace, name, version and the arch, distro, epoch and
 * upstream qualifiers; build purls for dpkg, rpm and apk packages; and
 * map purl types, namespaces and distros to OSV ecosystems.
 *
 * The full purl module (parsing every qualifier, canonical form,
 * comparison) lives in src/version; this file only reads what an
 * inventory needs and stays private to src/inventory.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/inventory.h"
#include "inv.h"
#include "../internal.h"

/* How a purl namespace joins the name in the ecosystem's own naming. */
enum join {
    JOIN_NONE,          /* name alone */
    JOIN_COLON,         /* Maven: group:artifact */
    JOIN_SLASH,         /* Go, Composer, Swift: ns/name */
    JOIN_SCOPE          /* npm: @scope/name */
};

static const struct {
    const char *type;
    const char *ecosystem;
    enum join join;
} lang_types[] = {
    { "pypi", "PyPI", JOIN_NONE },
    { "npm", "npm", JOIN_SCOPE },
    { "maven", "Maven", JOIN_COLON },
    { "golang", "Go", JOIN_SLASH },
    { "cargo", "crates.io", JOIN_NONE },
    { "gem", "RubyGems", JOIN_NONE },
    { "nuget", "NuGet", JOIN_NONE },
    { "composer", "Packagist", JOIN_SLASH },
    { "hex", "Hex", JOIN_NONE },
    { "pub", "Pub", JOIN_NONE },
    { "swift", "SwiftURL", JOIN_SLASH },
    { "cran", "CRAN", JOIN_NONE },
    { "hackage", "Hackage", JOIN_NONE },
    { "conan", "ConanCenter", JOIN_NONE },
    { "bitnami", "Bitnami", JOIN_NONE },
    { "deb", NULL, JOIN_NONE },
    { "rpm", NULL, JOIN_NONE },
    { "apk", NULL, JOIN_NONE },
};

/* How a distro version shows in the ecosystem name. */
enum suffix {
    SUF_NONE,           /* "Red Hat" */
    SUF_MAJOR,          /* "Debian:12" */
    SUF_MAJMIN,         /* "Ubuntu:22.04" */
    SUF_VMAJMIN         /* "Alpine:v3.18" */
};

/*
 * Distributions: the id that starts a distro string ("rhel-9"), the
 * purl type and namespace of their packages, the OSV ecosystem (NULL
 * when OSV has none) and how the version is added to it.  The first
 * row of a (type, namespace) pair is the one looked up from a purl.
 * LIMIT: Red Hat, SUSE and openSUSE ecosystems carry no release or
 * product ("Red Hat", not "Red Hat:enterprise_linux:9::appstream"), and
 * CentOS, Fedora, Amazon and Oracle Linux get none, so matching must
 * take the family as a whole. See docs/LIMITS.md#distro-ecosystems.
 */
static const struct distro_row {
    const char *id;
    const char *type;
    const char *ns;
    const char *ecosystem;
    enum suffix suffix;
} distros[] = {
    { "debian", "deb", "debian", "Debian", SUF_MAJOR },
    { "ubuntu", "deb", "ubuntu", "Ubuntu", SUF_MAJMIN },
    { "alpine", "apk", "alpine", "Alpine", SUF_VMAJMIN },
    { "wolfi", "apk", "wolfi", "Wolfi", SUF_NONE },
    { "chainguard", "apk", "chainguard", "Chainguard", SUF_NONE },
    { "rhel", "rpm", "redhat", "Red Hat", SUF_NONE },
    { "redhat", "rpm", "redhat", "Red Hat", SUF_NONE },
    { "rocky", "rpm", "rocky", "Rocky Linux", SUF_MAJOR },
    { "almalinux", "rpm", "almalinux", "AlmaLinux", SUF_MAJOR },
    { "opensuse", "rpm", "opensuse", "openSUSE", SUF_NONE },
    { "sles", "rpm", "suse", "SUSE", SUF_NONE },
    { "suse", "rpm", "suse", "SUSE", SUF_NONE },
    { "mageia", "rpm", "mageia", "Mageia", SUF_MAJOR },
    { "openeuler", "rpm", "openeuler", "openEuler", SUF_NONE },
    { "centos", "rpm", "centos", NULL, SUF_NONE },
    { "fedora", "rpm", "fedora", NULL, SUF_NONE },
    { "amzn", "rpm", "amazon", NULL, SUF_NONE },
    { "ol", "rpm", "oracle", NULL, SUF_NONE },
};

/* Debian release names, for distro qualifiers such as "bookworm". */
static const struct {
    const char *name;
    const char *major;
} debian_names[] = {
    { "wheezy", "7" },  { "jessie", "8" },    { "stretch", "9" },
    { "buster", "10" }, { "bullseye", "11" }, { "bookworm", "12" },
    { "trixie", "13" }, { "forky", "14" },
};

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = vigil__tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Percent-decodes s[0..n) into the arena; NULL on a bad escape or %00
 * (sets *bad) or when out of memory. */
static char *decode(struct vigil_arena *a, const char *s, size_t n,
                    int *bad)
{
    char *out = vigil_arena_alloc(a, n + 1), *o = out;
    size_t i;

    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        int hi, lo;

        if (s[i] != '%') {
            *o++ = s[i];
            continue;
        }
        hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
        lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
            *bad = 1;
            return NULL;
        }
        *o++ = (char)(hi * 16 + lo);
        i += 2;
    }
    *o = '\0';
    return out;
}

static int ncaseeq(const char *a, size_t n, const char *b)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!b[i] || vigil__tolower((unsigned char)a[i]) !=
                         vigil__tolower((unsigned char)b[i]))
            return 0;
    return b[n] == '\0';
}

/* Reads the qualifiers q[0..n) ("k=v&k=v") that vigil uses. */
static int read_qualifiers(struct vigil_arena *a, const char *q, size_t n,
                           struct inv_purl *p)
{
    static const char *const keys[] = { "arch", "distro", "epoch",
                                        "upstream" };
    const char **slots[4];
    const char *end = q + n;
    int bad = 0;

    slots[0] = &p->arch;
    slots[1] = &p->distro;
    slots[2] = &p->epoch;
    slots[3] = &p->upstream;
    while (q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(q, '=', (size_t)(stop - q));
        size_t k;

        for (k = 0; eq && k < VIGIL_ARRAY_SIZE(keys); k++) {
            if (!ncaseeq(q, (size_t)(eq - q), keys[k]) || eq + 1 == stop)
                continue;
            *slots[k] = decode(a, eq + 1, (size_t)(stop - eq - 1), &bad);
            if (!*slots[k])
                return bad ? VIGIL_EINVAL : VIGIL_ENOMEM;
        }
        q = stop + 1;
    }
    return 0;
}

/* Splits "ns/seg/name" at the last '/', decoding each namespace
 * segment; empty segments (doubled slashes) are dropped. */
static int read_path(struct vigil_arena *a, const char *s, size_t n,
                     struct inv_purl *p)
{
    const char *slash = NULL, *seg, *end = s + n;
    struct vigil_buf ns = VIGIL_BUF_INIT;
    int bad = 0, rc = 0;
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] == '/')
            slash = s + i;
    p->name = slash ? decode(a, slash + 1, (size_t)(end - slash - 1), &bad)
                    : decode(a, s, n, &bad);
    if (!p->name)
        return bad ? VIGIL_EINVAL : VIGIL_ENOMEM;
    if (!*p->name)
        return VIGIL_EINVAL;

    for (seg = s; slash && seg < slash;) {
        const char *next = memchr(seg, '/', (size_t)(slash - seg + 1));
        char *part = decode(a, seg, (size_t)(next - seg), &bad);

        if (!part) {
            rc = bad ? VIGIL_EINVAL : VIGIL_ENOMEM;
            break;
        }
        if (*part && ((ns.len && vigil_buf_addc(&ns, '/')) ||
                      vigil_buf_adds(&ns, part))) {
            rc = VIGIL_ENOMEM;
            break;
        }
        seg = next + 1;
    }
    if (rc == 0 && ns.len) {
        p->ns = vigil_arena_strdup(a, ns.ptr);
        rc = p->ns ? 0 : VIGIL_ENOMEM;
    }
    vigil_buf_release(&ns);
    return rc;
}

/* The type: letters, digits, '.', '+', '-'; lowercased. */
static int read_type(struct vigil_arena *a, const char *s, size_t n,
                     struct inv_purl *p)
{
    char *type = vigil_arena_strndup(a, s, n);
    size_t i;

    if (!type)
        return VIGIL_ENOMEM;
    for (i = 0; i < n; i++) {
        if (!vigil__isalnum((unsigned char)type[i]) &&
            !strchr(".+-", type[i]))
            return VIGIL_EINVAL;
        type[i] = (char)vigil__tolower((unsigned char)type[i]);
    }
    p->type = type;
    return 0;
}

int vigil__inv_purl_read(struct vigil_arena *a, const char *s,
                         struct inv_purl *p)
{
    const char *q, *rest, *at = NULL, *end;
    size_t i, tlen;
    int bad = 0, rc;

    memset(p, 0, sizeof(*p));
    if (!s || strlen(s) < 4 || !ncaseeq(s, 4, "pkg:"))
        return VIGIL_EINVAL;
    for (s += 4; *s == '/'; s++)
        ;

    end = s + strcspn(s, "#");
    q = memchr(s, '?', (size_t)(end - s));
    if (q && (rc = read_qualifiers(a, q + 1, (size_t)(end - q - 1), p)))
        return rc;
    if (q)
        end = q;

    tlen = strcspn(s, "/");
    if (tlen == 0 || s + tlen >= end)
        return VIGIL_EINVAL;
    if ((rc = read_type(a, s, tlen, p)) != 0)
        return rc;

    /* the version follows the last '@' that does not open a segment,
     * so that an unencoded npm scope ("@types/node") stays a scope */
    for (rest = s + tlen + 1; end > rest && end[-1] == '/'; end--)
        ;
    for (i = (size_t)(end - rest); i > 0; i--) {
        if (rest[i - 1] == '@' && i > 1 && rest[i - 2] != '/') {
            at = rest + i - 1;
            break;
        }
    }
    if (at) {
        p->version = decode(a, at + 1, (size_t)(end - at - 1), &bad);
        if (!p->version)
            return bad ? VIGIL_EINVAL : VIGIL_ENOMEM;
        end = at;
    }
    if (p->version && !*p->version)
        p->version = NULL;
    return read_path(a, rest, (size_t)(end - rest), p);
}

/* Appends s percent-encoded: unreserved characters and ':' stay, as the
 * purl specification asks; keep_slash also keeps '/'. */
static int add_encoded(struct vigil_buf *b, const char *s, int keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = 0;

    for (; *s && rc == 0; s++) {
        unsigned char c = (unsigned char)*s;

        if (vigil__isalnum(c) || strchr(".-_~:", c) ||
            (keep_slash && c == '/'))
            rc = vigil_buf_addc(b, (char)c);
        else
            rc = vigil_buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
    }
    return rc;
}

char *vigil__inv_purl_build(struct vigil_arena *a, const char *type,
                            const char *ns, const char *name,
                            const char *version, const char *arch,
                            const char *distro, const char *epoch)
{
    const char *const keys[] = { "arch", "distro", "epoch" };
    const char *const vals[] = { arch, distro, epoch };
    struct vigil_buf b = VIGIL_BUF_INIT;
    char *out = NULL;
    size_t i;
    int rc, sep = '?';

    rc = vigil_buf_addf(&b, "pkg:%s/", type);
    if (rc == 0 && ns && *ns)
        rc = add_encoded(&b, ns, 1) || vigil_buf_addc(&b, '/');
    if (rc == 0)
        rc = add_encoded(&b, name, 0);
    if (rc == 0 && version && *version)
        rc = vigil_buf_addc(&b, '@') || add_encoded(&b, version, 0);

    /* qualifiers in key order, as the canonical form has them */
    for (i = 0; rc == 0 && i < VIGIL_ARRAY_SIZE(keys); i++) {
        if (!vals[i] || !*vals[i])
            continue;
        rc = vigil_buf_addf(&b, "%c%s=", sep, keys[i]) ||
             add_encoded(&b, vals[i], 0);
        sep = '&';
    }
    if (rc == 0)
        out = vigil_arena_strdup(a, b.ptr);
    vigil_buf_release(&b);
    return out;
}

/* The distro row whose id starts distro ("rhel-9", "opensuse-leap-15"),
 * restricted to purl type when type is not NULL. */
static const struct distro_row *distro_by_id(const char *distro,
                                             const char *type)
{
    size_t i, n;

    for (i = 0; distro && i < VIGIL_ARRAY_SIZE(distros); i++) {
        n = strlen(distros[i].id);
        if (type && strcmp(type, distros[i].type) != 0)
            continue;
        if (strlen(distro) >= n && ncaseeq(distro, n, distros[i].id) &&
            (distro[n] == '\0' || distro[n] == '-'))
            return &distros[i];
    }
    return NULL;
}

static const struct distro_row *distro_by_ns(const char *type,
                                             const char *ns)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(distros); i++)
        if (strcmp(type, distros[i].type) == 0 &&
            vigil__strcasecmp(ns, distros[i].ns) == 0)
            return &distros[i];
    return NULL;
}

/* The version part of distro for row: "debian-12.5" -> "12.5",
 * "bookworm" -> "12", "3.18.4" -> "3.18.4"; NULL when distro names
 * another distribution or no version. */
static const char *distro_version(const struct distro_row *row,
                                  const char *distro)
{
    const struct distro_row *own = distro_by_id(distro, NULL);
    const char *v = distro;
    size_t i;

    if (own && own != row && strcmp(own->ns, row->ns) != 0)
        return NULL;
    if (own)
        v = distro + strlen(own->id) + (distro[strlen(own->id)] == '-');
    if (*v == 'v' || *v == 'V')
        v++;
    if (vigil__isdigit((unsigned char)*v))
        return v;
    for (i = 0; strcmp(row->id, "debian") == 0 &&
                i < VIGIL_ARRAY_SIZE(debian_names); i++)
        if (vigil__strcasecmp(v, debian_names[i].name) == 0)
            return debian_names[i].major;
    return NULL;
}

/* "Debian" + "12.5" -> "Debian:12" and so on, per row->suffix. */
static const char *versioned(struct vigil_arena *a,
                             const struct distro_row *row, const char *v)
{
    size_t major, minor = 0;

    if (!v || row->suffix == SUF_NONE)
        return row->ecosystem;
    major = strspn(v, "0123456789");
    if (v[major] == '.')
        minor = strspn(v + major + 1, "0123456789");
    if (row->suffix == SUF_MAJOR)
        return vigil_arena_printf(a, "%s:%.*s", row->ecosystem, (int)major,
                                  v);
    if (minor == 0)
        return row->ecosystem;
    return vigil_arena_printf(a, "%s:%s%.*s", row->ecosystem,
                              row->suffix == SUF_VMAJMIN ? "v" : "",
                              (int)(major + 1 + minor), v);
}

const char *vigil__inv_ecosystem(struct vigil_arena *a, const char *type,
                                 const char *ns, const char *distro)
{
    const struct distro_row *row = NULL;
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(lang_types); i++)
        if (strcmp(type, lang_types[i].type) == 0 && lang_types[i].ecosystem)
            return lang_types[i].ecosystem;

    if (ns)
        row = distro_by_ns(type, ns);
    else if (distro)
        row = distro_by_id(distro, type);
    if (!row && !ns && strcmp(type, "deb") == 0)
        row = distro_by_ns("deb", "debian");
    if (!row && !ns && strcmp(type, "apk") == 0)
        row = distro_by_ns("apk", "alpine");
    if (!row || !row->ecosystem)
        return NULL;
    return versioned(a, row, distro ? distro_version(row, distro) : NULL);
}

const char *vigil__inv_distro_ns(const char *distro, const char *type,
                                 const char *dflt)
{
    const struct distro_row *row = distro_by_id(distro, type);

    return row ? row->ns : dflt;
}

/* The package name as the ecosystem writes it ("org.slf4j:slf4j-api",
 * "@babel/core", "github.com/pkg/errors"). */
static const char *eco_name(struct vigil_arena *a, const struct inv_purl *p)
{
    enum join join = JOIN_SLASH;
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(lang_types); i++)
        if (strcmp(p->type, lang_types[i].type) == 0)
            join = lang_types[i].join;
    if (!p->ns || join == JOIN_NONE)
        return p->name;
    if (join == JOIN_COLON)
        return vigil_arena_printf(a, "%s:%s", p->ns, p->name);
    if (join == JOIN_SCOPE)
        return vigil_arena_printf(a, "%s%s/%s", p->ns[0] == '@' ? "" : "@",
                                  p->ns, p->name);
    return vigil_arena_printf(a, "%s/%s", p->ns, p->name);
}

/*
 * Source package from the upstream qualifier some SBOM tools write:
 * "glibc", "glibc@2.36-9" (deb, apk) or "openssl-3.0.7-24.el9.src.rpm".
 */
static int read_upstream(struct vigil_arena *a, const struct inv_purl *p,
                         struct vigil_component *c)
{
    const char *u = p->upstream, *cut;
    size_t n = strlen(u);

    if (strcmp(p->type, "rpm") == 0) {
        const char *dash2 = NULL, *dash1 = NULL;
        size_t i;

        if (n > 8 && strcmp(u + n - 8, ".src.rpm") == 0)
            n -= 8;
        for (i = n; i > 0 && !dash1; i--) {
            if (u[i - 1] != '-')
                continue;
            if (dash2)
                dash1 = u + i - 1;
            else
                dash2 = u + i - 1;
        }
        if (!dash1 || dash1 == u)
            return 0;
        c->source_name = vigil_arena_strndup(a, u, (size_t)(dash1 - u));
        c->source_version = vigil_arena_strndup(a, dash1 + 1,
                                                (size_t)(u + n - dash1 - 1));
        return c->source_name && c->source_version ? 0 : VIGIL_ENOMEM;
    }

    cut = strchr(u, '@');
    c->source_name = cut ? vigil_arena_strndup(a, u, (size_t)(cut - u)) : u;
    c->source_version = cut && cut[1] ? cut + 1 : c->version;
    return c->source_name ? 0 : VIGIL_ENOMEM;
}

int vigil__inv_from_purl(struct vigil_arena *a, const struct inv_purl *p,
                         struct vigil_component *c)
{
    const char *version = p->version;

    c->name = eco_name(a, p);
    if (!c->name)
        return VIGIL_ENOMEM;

    /* rpm keeps the epoch in a qualifier; versions compare with it */
    if (version && p->epoch && strcmp(p->type, "rpm") == 0 &&
        !strchr(version, ':')) {
        version = vigil_arena_printf(a, "%s:%s", p->epoch, version);
        if (!version)
            return VIGIL_ENOMEM;
    }
    if (version)
        c->version = version;

    c->ecosystem = vigil__inv_ecosystem(a, p->type, p->ns, p->distro);
    if (p->arch)
        c->arch = p->arch;
    if (p->distro)
        c->distro = p->distro;
    if (p->upstream && *p->upstream && !c->source_name)
        return read_upstream(a, p, c);
    return 0;
}
