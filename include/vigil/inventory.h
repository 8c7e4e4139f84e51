/*
 * inventory.h - parsers for what a system runs: CycloneDX and SPDX
 * SBOMs, dpkg status files, rpm package lists, apk databases.
 *
 * Parsers are pure: bytes in, one callback per component out.  Strings
 * are borrowed for the duration of the callback only.
 *
 * What each format yields:
 *
 *   cyclonedx  CycloneDX JSON 1.2 to 1.7: metadata.component and every
 *              entry of components[], nested ones included.  When the
 *              component has a purl that vigil can read, name, version,
 *              ecosystem, arch and distro come from it (name in the
 *              ecosystem's own form: "group:artifact" for Maven,
 *              "@scope/name" for npm, the module path for Go); else the
 *              SBOM's name and version are used as given, an npm scope
 *              in group making "@scope/name" (and a group "g:name" when
 *              bom-ref is a Maven purl).  cpe is passed on as given,
 *              which may be a CPE 2.2 URI.  The purl "upstream"
 *              qualifier, when present, gives the source package.
 *              CycloneDX XML is refused with VIGIL_EUNSUPPORTED.
 *   spdx       SPDX 2.2/2.3 JSON packages[] (purl from externalRefs of
 *              type "purl", cpe from "cpe23Type"); SPDX 3.0 JSON-LD
 *              software_Package elements of @graph.  Names follow the
 *              purl as for CycloneDX.  Tag-value and RDF are refused.
 *   dpkg       /var/lib/dpkg/status: stanzas whose Status is
 *              "install ok installed" or "hold ok installed" (stanzas
 *              without Status, as in distroless status.d files, count
 *              as installed); other states are left out silently.
 *              purl pkg:deb/debian/NAME@VERSION?arch=A, ecosystem
 *              "Debian"; source from Source, else the package itself.
 *   rpm        `rpm -qa` output, one name-[epoch:]version-release.arch
 *              per line (also epoch:name-version-release.arch).
 *              purl pkg:rpm/NAME@VERSION-RELEASE?arch=A&epoch=E; the
 *              version field is "E:V-R" when there is an epoch.  An rpm
 *              list does not say which distribution it comes from, so
 *              ecosystem is NULL unless options give a distro.
 *   apk        lib/apk/db/installed: P:, V:, A:, o: of each stanza.
 *              purl pkg:apk/alpine/NAME@VERSION?arch=A, ecosystem
 *              "Alpine", source = origin (or the package) at VERSION.
 *
 * For dpkg, rpm and apk, struct vigil_inv_options.distro names the
 * distribution ("debian-12", "ubuntu-22.04", "alpine-3.18", "rhel-9"):
 * it sets the purl namespace and distro qualifier, the distro field and
 * a versioned ecosystem ("Debian:12", "Alpine:v3.18", "Red Hat").
 *
 * Bad records: a stanza or line that cannot be read (no Package, a
 * line that is no field, a NEVRA without version) and an SBOM
 * component without a name are skipped; the rest of the input is
 * still parsed.  Each skipped record goes to options->on_skip when
 * set, else to vigil_log() at VIGIL_LOG_WARN as "ORIGIN: MESSAGE;
 * skipped", where the message names the line (for JSON, the
 * component's position in document order).  The parse then returns 0.
 * When records were skipped and none was read, the input is taken to
 * be bad as a whole: the parse fails with VIGIL_EPARSE and err holds
 * the first skipped record's error.  A dpkg, rpm or apk input with no
 * record at all (an empty file) gives 0 and no component.
 */
#ifndef VIGIL_INVENTORY_H
#define VIGIL_INVENTORY_H

#include <stddef.h>

#include "vigil/common.h"

struct vigil_component {
    const char *name;
    const char *version;
    const char *purl;           /* as given, or built for dpkg/rpm/apk */
    const char *ecosystem;      /* OSV ecosystem: "PyPI", "npm", "Debian",
                                   "Debian:12", "Alpine:v3.18", ...; NULL
                                   when not known */
    const char *source_name;    /* dpkg/apk source package (also from a
                                   purl "upstream"), or NULL */
    const char *source_version;
    const char *cpe;            /* CPE 2.3 string when the SBOM has one
                                   (passed on as given) */
    const char *arch;
    const char *distro;         /* "debian-12", from a purl qualifier or
                                   the caller, or NULL */
    const char *type;           /* CycloneDX type ("library", ...) */
};

enum vigil_inv_format {
    VIGIL_INV_AUTO,
    VIGIL_INV_CYCLONEDX,
    VIGIL_INV_SPDX,
    VIGIL_INV_DPKG,
    VIGIL_INV_RPM,
    VIGIL_INV_APK
};

typedef int (*vigil_component_fn)(void *ctx,
                                  const struct vigil_component *c);

/* Name of a format ("cyclonedx", "spdx", "dpkg", "rpm", "apk"; "auto"
 * for VIGIL_INV_AUTO, "unknown" for anything else).  Static string. */
const char *vigil_inv_format_name(enum vigil_inv_format f);

/*
 * The format called name (the names above, "auto" included), in *out.
 * Returns 0 or VIGIL_EINVAL for an unknown name.
 */
int vigil_inv_format_from_name(const char *name,
                               enum vigil_inv_format *out);

/*
 * Detects the format of buf from its content; VIGIL_INV_AUTO when none
 * fits.  CycloneDX XML and SPDX tag-value or RDF are detected as
 * cyclonedx and spdx, so that parsing them reports them as unsupported.
 */
enum vigil_inv_format vigil_inventory_detect(const char *buf, size_t len);

/*
 * Parses buf as fmt (VIGIL_INV_AUTO detects) and calls cb per component.
 * origin names the input in logged warnings and on_skip calls (NULL
 * reads as "input").  On error err says where (offset, and line when
 * known); its message does not repeat origin.
 *
 * Returns 0; VIGIL_EFORMAT when fmt is AUTO and nothing fits, or the
 * document is not of format fmt; VIGIL_EPARSE for malformed input (see
 * "Bad records" above); VIGIL_EUNSUPPORTED for a variant vigil does not
 * read (CycloneDX XML, SPDX tag-value); VIGIL_ENOMEM; or the first
 * non-zero value cb returned, which stops the parse.  Components already
 * passed to cb stay passed.  Thread-safe when cb is.
 */
int vigil_inventory_parse(enum vigil_inv_format fmt, const char *buf,
                          size_t len, const char *origin,
                          vigil_component_fn cb, void *ctx,
                          struct vigil_error *err);

struct vigil_inv_options {
    /* The distribution the input comes from, or NULL (see above).
     * Used by dpkg, rpm and apk only: SBOMs carry it in their purls. */
    const char *distro;

    /* Receives each skipped record (err->line, err->offset, err->record
     * say which); ctx is vigil_inventory_parse_opts's ctx.  NULL: log. */
    void (*on_skip)(void *ctx, const char *origin,
                    const struct vigil_error *err);
};

/* vigil_inventory_parse with options; opt may be NULL. */
int vigil_inventory_parse_opts(enum vigil_inv_format fmt, const char *buf,
                               size_t len, const char *origin,
                               const struct vigil_inv_options *opt,
                               vigil_component_fn cb, void *ctx,
                               struct vigil_error *err);

#endif
