/*
 * purl_eco.c - from package URLs and ecosystem names to what the matcher
 * compares: the OSV ecosystem (with the distribution release when the
 * purl names one), the package name as the ecosystem writes it, and the
 * normalised lookup key of a name.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/purl.h"
#include "../internal.h"

/* How a type's namespace joins the name in the ecosystem's own form. */
enum join { JOIN_NONE, JOIN_SLASH, JOIN_COLON };

static const struct {
    const char *type;
    const char *ecosystem;      /* NULL: none, or decided by vendor */
    enum join join;
} type_eco[] = {
    { "alpm", NULL, JOIN_NONE },
    { "apk", "Alpine", JOIN_NONE },
    { "bitbucket", NULL, JOIN_SLASH },
    { "bitnami", "Bitnami", JOIN_NONE },
    { "cargo", "crates.io", JOIN_NONE },
    { "composer", "Packagist", JOIN_SLASH },
    { "conan", "ConanCenter", JOIN_NONE },
    { "cran", "CRAN", JOIN_NONE },
    { "deb", "Debian", JOIN_NONE },
    { "gem", "RubyGems", JOIN_NONE },
    { "generic", NULL, JOIN_SLASH },
    { "github", NULL, JOIN_SLASH },
    { "githubactions", "GitHub Actions", JOIN_SLASH },
    { "golang", "Go", JOIN_SLASH },
    { "hackage", "Hackage", JOIN_NONE },
    { "hex", "Hex", JOIN_NONE },
    { "julia", "Julia", JOIN_NONE },
    { "maven", "Maven", JOIN_COLON },
    { "npm", "npm", JOIN_SLASH },
    { "nuget", "NuGet", JOIN_NONE },
    { "opam", "opam", JOIN_NONE },
    { "pub", "Pub", JOIN_NONE },
    { "pypi", "PyPI", JOIN_NONE },
    { "rpm", NULL, JOIN_NONE },
    { "swift", NULL, JOIN_SLASH },
};

static int type_index(const char *type)
{
    size_t i;

    for (i = 0; type && i < VIGIL_ARRAY_SIZE(type_eco); i++)
        if (vigil__strcasecmp(type_eco[i].type, type) == 0)
            return (int)i;
    return -1;
}

const char *vigil_purl_type_to_ecosystem(const char *type)
{
    int i = type_index(type);

    return i < 0 ? NULL : type_eco[i].ecosystem;
}

/* Writes s into out when it fits. */
static int put(char *out, size_t outlen, const char *s)
{
    size_t n = strlen(s);

    if (n + 1 > outlen)
        return VIGIL_ERANGE;
    memcpy(out, s, n + 1);
    return 0;
}

/*
 * Release codenames, and Debian's unnumbered "sid".
 * LIMIT: a fixed table, and no release for Red Hat, SUSE or openSUSE
 * purls; those give the ecosystem without its release.  See
 * docs/LIMITS.md#purl-release.
 */
static const struct {
    const char *code;
    const char *release;
} codenames[] = {
    { "wheezy", "debian:7" },   { "jessie", "debian:8" },
    { "stretch", "debian:9" },  { "buster", "debian:10" },
    { "bullseye", "debian:11" }, { "bookworm", "debian:12" },
    { "trixie", "debian:13" },  { "forky", "debian:14" },
    { "sid", "debian:sid" },    { "unstable", "debian:sid" },
    { "trusty", "ubuntu:14.04" }, { "xenial", "ubuntu:16.04" },
    { "bionic", "ubuntu:18.04" }, { "focal", "ubuntu:20.04" },
    { "jammy", "ubuntu:22.04" }, { "kinetic", "ubuntu:22.10" },
    { "lunar", "ubuntu:23.04" }, { "mantic", "ubuntu:23.10" },
    { "noble", "ubuntu:24.04" }, { "oracular", "ubuntu:24.10" },
    { "plucky", "ubuntu:25.04" }, { "questing", "ubuntu:25.10" },
};

/*
 * The release a distro qualifier names for vendor ("debian", "ubuntu",
 * ...), copied into rel: "debian-12.5" and "bookworm" give "12",
 * "ubuntu-22.04" and "jammy" give "22.04", "alpine-3.18.4" gives "3.18".
 * parts is how many dot-separated numbers to keep.  0 when found.
 */
static int distro_release(const char *distro, const char *vendor,
                          int parts, char *rel, size_t rellen)
{
    size_t vlen = strlen(vendor), i, n = 0;
    const char *p = distro;

    if (!p)
        return VIGIL_ENOTFOUND;
    for (i = 0; i < VIGIL_ARRAY_SIZE(codenames); i++) {
        const char *r = codenames[i].release;

        if (vigil__strcasecmp(p, codenames[i].code) == 0 &&
            strncmp(r, vendor, vlen) == 0 && r[vlen] == ':')
            return put(rel, rellen, r + vlen + 1);
    }
    if (strncmp(p, vendor, vlen) == 0 && (p[vlen] == '-' || p[vlen] == ':'))
        p += vlen + 1;
    if (*p == 'v')
        p++;
    for (;;) {
        if (vigil__isdigit((unsigned char)p[n])) {
            n++;
        } else if (p[n] == '.' && parts > 1 &&
                   vigil__isdigit((unsigned char)p[n + 1])) {
            parts--;
            n++;
        } else {
            break;
        }
    }
    if (n == 0 || n + 1 > rellen)
        return n == 0 ? VIGIL_ENOTFOUND : VIGIL_ERANGE;
    memcpy(rel, p, n);
    rel[n] = '\0';
    return 0;
}

/* Ubuntu: "YY.04" releases of even years are LTS. */
static int ubuntu_lts(const char *rel)
{
    return strlen(rel) == 5 && vigil__isdigit((unsigned char)rel[0]) &&
           (rel[1] - '0') % 2 == 0 && strcmp(rel + 2, ".04") == 0;
}

static int deb_ecosystem(const struct vigil_purl *p, char *out,
                         size_t outlen)
{
    const char *distro = vigil_purl_qualifier(p, "distro");
    char rel[32], buf[64];
    int ubuntu = p->namespace && strcmp(p->namespace, "ubuntu") == 0;

    if (distro_release(distro, ubuntu ? "ubuntu" : "debian", ubuntu ? 2 : 1,
                       rel, sizeof(rel)) != 0)
        return put(out, outlen, ubuntu ? "Ubuntu" : "Debian");
    snprintf(buf, sizeof(buf), "%s:%s%s", ubuntu ? "Ubuntu" : "Debian", rel,
             ubuntu && ubuntu_lts(rel) ? ":LTS" : "");
    return put(out, outlen, buf);
}

/* Vendors (purl namespaces) of rpm and apk packages. */
static const struct {
    const char *type;
    const char *vendor;
    const char *ecosystem;
    int parts;          /* release numbers to keep from distro; 0: none */
    const char *prefix; /* written before the release ("v" for Alpine) */
} vendors[] = {
    { "apk", "alpine", "Alpine", 2, "v" },
    { "apk", "wolfi", "Wolfi", 0, "" },
    { "apk", "chainguard", "Chainguard", 0, "" },
    { "rpm", "redhat", "Red Hat", 0, "" },
    { "rpm", "almalinux", "AlmaLinux", 1, "" },
    { "rpm", "rocky", "Rocky Linux", 1, "" },
    { "rpm", "rocky-linux", "Rocky Linux", 1, "" },
    { "rpm", "opensuse", "openSUSE", 0, "" },
    { "rpm", "suse", "SUSE", 0, "" },
    { "rpm", "sles", "SUSE", 0, "" },
    { "rpm", "mageia", "Mageia", 1, "" },
    { "rpm", "openeuler", "openEuler", 0, "" },
    { "rpm", "photon", "Photon OS", 2, "" },
    { "rpm", "azurelinux", "Azure Linux", 2, "" },
    { "rpm", "mariner", "Azure Linux", 2, "" },
};

static int vendor_ecosystem(const struct vigil_purl *p, char *out,
                            size_t outlen)
{
    const char *distro = vigil_purl_qualifier(p, "distro");
    char rel[32], buf[96];
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(vendors); i++) {
        if (strcmp(vendors[i].type, p->type) != 0 || !p->namespace ||
            strcmp(vendors[i].vendor, p->namespace) != 0)
            continue;
        if (vendors[i].parts == 0 ||
            distro_release(distro, vendors[i].vendor, vendors[i].parts,
                           rel, sizeof(rel)) != 0)
            return put(out, outlen, vendors[i].ecosystem);
        snprintf(buf, sizeof(buf), "%s:%s%s", vendors[i].ecosystem,
                 vendors[i].prefix, rel);
        return put(out, outlen, buf);
    }
    return VIGIL_ENOTFOUND;
}

int vigil_purl_ecosystem(const struct vigil_purl *p, char *out,
                         size_t outlen)
{
    const char *eco;
    int rc;

    if (!p || !p->type)
        return VIGIL_ENOTFOUND;
    if (strcmp(p->type, "deb") == 0)
        return deb_ecosystem(p, out, outlen);
    rc = vendor_ecosystem(p, out, outlen);
    if (rc != VIGIL_ENOTFOUND)
        return rc;
    eco = vigil_purl_type_to_ecosystem(p->type);
    return eco ? put(out, outlen, eco) : VIGIL_ENOTFOUND;
}

int vigil_purl_package_name(const struct vigil_purl *p, char *out,
                            size_t outlen)
{
    int i = type_index(p->type);
    enum join j = i < 0 ? JOIN_SLASH : type_eco[i].join;
    const char *ns = p->namespace, *at = "";
    size_t need;

    if (!ns || !*ns || j == JOIN_NONE)
        return put(out, outlen, p->name);
    if (strcmp(p->type, "npm") == 0 && ns[0] != '@')
        at = "@";
    need = strlen(at) + strlen(ns) + 1 + strlen(p->name) + 1;
    if (need > outlen)
        return VIGIL_ERANGE;
    snprintf(out, outlen, "%s%s%c%s", at, ns, j == JOIN_COLON ? ':' : '/',
             p->name);
    return 0;
}

enum key_rule { KEY_ASIS, KEY_LOWER, KEY_PEP503 };

static const struct {
    const char *ecosystem;
    enum key_rule rule;
} key_rules[] = {
    { "PyPI", KEY_PEP503 },
    { "NuGet", KEY_LOWER },
    { "Packagist", KEY_LOWER },
    { "composer", KEY_LOWER },
    { "Pub", KEY_LOWER },
    { "Hex", KEY_LOWER },
    { "GitHub Actions", KEY_LOWER },
    { "githubactions", KEY_LOWER },
};

static enum key_rule key_rule_for(const char *eco)
{
    size_t i, n;

    if (!eco)
        return KEY_ASIS;
    n = strcspn(eco, ":");
    for (i = 0; i < VIGIL_ARRAY_SIZE(key_rules); i++) {
        const char *k = key_rules[i].ecosystem;
        size_t j;

        if (strlen(k) != n)
            continue;
        for (j = 0; j < n; j++)
            if (vigil__tolower((unsigned char)k[j]) !=
                vigil__tolower((unsigned char)eco[j]))
                break;
        if (j == n)
            return key_rules[i].rule;
    }
    return KEY_ASIS;
}

static int is_sep503(int c)
{
    return c == '-' || c == '_' || c == '.';
}

int vigil_pkg_name_key(const char *ecosystem, const char *name, char *out,
                       size_t outlen)
{
    enum key_rule rule = key_rule_for(ecosystem);
    size_t n = 0;
    const char *p;

    if (!name)
        return VIGIL_EINVAL;

    /* measure first, so that out is untouched when it is too small */
    for (p = name; *p; p++, n++)
        if (rule == KEY_PEP503 && is_sep503((unsigned char)*p))
            while (is_sep503((unsigned char)p[1]))
                p++;
    if (n + 1 > outlen)
        return VIGIL_ERANGE;
    for (p = name, n = 0; *p; p++) {
        int c = (unsigned char)*p;

        if (rule == KEY_PEP503 && is_sep503(c)) {
            while (is_sep503((unsigned char)p[1]))
                p++;
            c = '-';
        }
        out[n++] = (char)(rule == KEY_ASIS ? c : vigil__tolower(c));
    }
    out[n] = '\0';
    return 0;
}
