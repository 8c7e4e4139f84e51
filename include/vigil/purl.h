/*
 * purl.h - package URLs (https://github.com/package-url/purl-spec):
 * parsing, the canonical string form, and the bridge from a purl or an
 * ecosystem name to the keys the matcher looks advisories up by.
 *
 *   pkg:type/namespace/name@version?qualifiers#subpath
 *
 * A parsed struct vigil_purl holds decoded components.  Its strings and
 * its qualifier array live in the arena passed to vigil_purl_parse()
 * and stay valid until that arena is reset or released; the struct
 * itself is the caller's.  All functions are thread-safe.
 */
#ifndef VIGIL_PURL_H
#define VIGIL_PURL_H

#include <stddef.h>

#include "vigil/common.h"
#include "vigil/buf.h"     /* after common.h, which it needs */

/* Longest purl string accepted, and most qualifiers in one purl. */
#define VIGIL_PURL_MAX 4096
#define VIGIL_PURL_MAX_QUALIFIERS 64

struct vigil_purl_qualifier {
    const char *key;        /* lowercase */
    const char *value;      /* decoded, never empty */
};

struct vigil_purl {
    const char *type;       /* lowercase: "pypi", "deb", "maven", ... */
    const char *namespace;  /* decoded segments joined by '/', or NULL */
    const char *name;       /* decoded, never empty */
    const char *version;    /* decoded, or NULL */
    struct vigil_purl_qualifier *qualifiers;   /* sorted by key */
    size_t nqualifiers;
    const char *subpath;    /* decoded segments joined by '/', or NULL */
};

/*
 * Parses s into *out, allocating its strings in arena.  Percent-escapes
 * are decoded, the type and qualifier keys lowercased, empty qualifier
 * values dropped, "."/".." and empty subpath segments dropped, and the
 * type's own rules applied: namespace and name lowercased for alpm, apk,
 * bitbucket, composer, deb, github, gitlab, hex and luarocks; name
 * lowercased for bitnami, oci and pub; pypi names lowercased with '_'
 * turned into '-'; rpm and qpkg namespaces lowercased.  golang, npm,
 * maven and the rest keep their case (Go module paths and old npm names
 * are case-sensitive).  An '@' is taken as the version separator only in
 * the last path segment, so "pkg:npm/@scope/name" also parses.
 *
 * Returns 0; VIGIL_EPARSE (with the byte offset in err) for a string
 * that is not a purl; VIGIL_ELIMIT past VIGIL_PURL_MAX bytes or
 * VIGIL_PURL_MAX_QUALIFIERS qualifiers; VIGIL_ENOMEM.  *out is written
 * only on success; the arena may hold partial allocations either way.
 */
int vigil_purl_parse(const char *s, struct vigil_arena *arena,
                     struct vigil_purl *out, struct vigil_error *err);

/*
 * Appends the canonical string of p to out: type rules applied, each
 * component percent-encoded (only A-Z a-z 0-9 . - _ ~ and ':' stay as
 * they are, and '/' inside qualifier values), qualifiers sorted by key
 * with empty values left out.  p need not come from vigil_purl_parse()
 * (its qualifiers may be unsorted).  Returns 0, VIGIL_EINVAL when type
 * or name is missing or a type or key is malformed, or VIGIL_ENOMEM.
 */
int vigil_purl_format(const struct vigil_purl *p, struct vigil_buf *out);

/* Parses s and appends its canonical form to out; codes as above. */
int vigil_purl_canonical(const char *s, struct vigil_buf *out,
                         struct vigil_error *err);

/* The value of qualifier key (lowercase), or NULL. */
const char *vigil_purl_qualifier(const struct vigil_purl *p, const char *key);

/*
 * The OSV ecosystem a purl type belongs to, without a release suffix:
 * "pypi" -> "PyPI", "npm" -> "npm", "cargo" -> "crates.io", "golang" ->
 * "Go", "maven" -> "Maven", "gem" -> "RubyGems", "nuget" -> "NuGet",
 * "composer" -> "Packagist", "deb" -> "Debian", "apk" -> "Alpine",
 * "hex" -> "Hex", "pub" -> "Pub", ...  NULL for types with no ecosystem
 * or whose ecosystem depends on the vendor (rpm).  Static strings.
 */
const char *vigil_purl_type_to_ecosystem(const char *type);

/*
 * The OSV ecosystem of p with its release when the purl says which:
 * deb with distro=debian-12 or bookworm -> "Debian:12", namespace ubuntu
 * with distro=ubuntu-22.04 or jammy -> "Ubuntu:22.04:LTS", apk with
 * distro=alpine-3.18.4 -> "Alpine:v3.18", rpm by namespace ("redhat" ->
 * "Red Hat", "almalinux" with distro=almalinux-9 -> "AlmaLinux:9",
 * "opensuse" -> "openSUSE", ...).  Returns 0, VIGIL_ENOTFOUND when no
 * ecosystem is known, or VIGIL_ERANGE when outlen is too small; out is
 * written only on success.
 */
int vigil_purl_ecosystem(const struct vigil_purl *p, char *out,
                         size_t outlen);

/*
 * The package name as its ecosystem writes it: maven "group:artifact",
 * npm "@scope/name", golang, composer, github and swift
 * "namespace/name", every other type (deb, rpm, apk, pypi, ...) the name
 * alone.  Returns 0 or VIGIL_ERANGE; out is written only on success.
 */
int vigil_purl_package_name(const struct vigil_purl *p, char *out,
                            size_t outlen);

/*
 * The lookup key under which a package name is matched against
 * advisories in ecosystem (an OSV name such as "PyPI" or "Debian:12",
 * or a purl type; case-insensitive; a ":release" suffix is ignored).
 * PyPI: PEP 503 (lowercase, each run of '-', '_' and '.' becomes '-');
 * NuGet, Packagist, Pub, Hex and GitHub Actions: lowercase; npm, Go,
 * Maven, crates.io, RubyGems, the distributions and unknown ecosystems:
 * unchanged.  Returns 0, VIGIL_EINVAL for a NULL name, or VIGIL_ERANGE
 * when outlen is too small; out is written only on success.
 */
int vigil_pkg_name_key(const char *ecosystem, const char *name, char *out,
                       size_t outlen);

#endif
