/*
 * inventory.h - parsers for what a system runs: CycloneDX and SPDX
 * SBOMs, dpkg status files, rpm package lists, apk databases.
 *
 * Parsers are pure: bytes in, one callback per component out.  Strings
 * are borrowed for the duration of the callback only.
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
                                   "Debian:12", "Alpine:v3.18", ... */
    const char *source_name;    /* dpkg/rpm source package, or NULL */
    const char *source_version;
    const char *cpe;            /* CPE 2.3 string when the SBOM has one */
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

/* Name of a format ("cyclonedx", "spdx", "dpkg", "rpm", "apk"). */
const char *vigil_inv_format_name(enum vigil_inv_format f);

/* Detects the format of buf; VIGIL_INV_AUTO when none fits. */
enum vigil_inv_format vigil_inventory_detect(const char *buf, size_t len);

/*
 * Parses buf as fmt (VIGIL_INV_AUTO detects) and calls cb per component.
 * origin names the input in messages.  On error err says where
 * (byte offset, and line for line-based formats).
 */
int vigil_inventory_parse(enum vigil_inv_format fmt, const char *buf,
                          size_t len, const char *origin,
                          vigil_component_fn cb, void *ctx,
                          struct vigil_error *err);

#endif
