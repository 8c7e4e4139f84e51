/*
 * inv.h - what the inventory parsers share: the run state handed to
 * each parser, record skipping, component emission, a minimal purl
 * reader and builder, the ecosystem and distro tables, JSON loading.
 *
 * Library-internal; include after the public headers and before
 * "../internal.h".
 */
#ifndef VIGIL_INVENTORY_INV_H
#define VIGIL_INVENTORY_INV_H

#include <stddef.h>

#include "vigil/buf.h"
#include "vigil/common.h"
#include "vigil/inventory.h"

struct cJSON;

/* One parse: where components go, where problems go. */
struct inv_run {
    const char *origin;
    const char *distro;         /* from the options, or NULL */
    void (*on_skip)(void *ctx, const char *origin,
                    const struct vigil_error *err);
    vigil_component_fn cb;
    void *ctx;
    struct vigil_error *err;
    struct vigil_arena arena;   /* strings of the current record */
    size_t emitted;
    size_t skipped;
    struct vigil_error first_skip;
};

/*
 * Reports a record that is skipped: to on_skip or the log, and keeps
 * the first one for vigil__inv_finish.  line is 0 when unknown.
 */
void vigil__inv_skip(struct inv_run *r, size_t offset, long line,
                     const char *record, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Passes c to the callback and resets the record arena.  Returns 0, or
 * the callback's non-zero value (err then says which component).
 */
int vigil__inv_emit(struct inv_run *r, const struct vigil_component *c);

/* The parse result once the input is consumed: 0, or VIGIL_EPARSE with
 * the first skipped record in err when nothing was read. */
int vigil__inv_finish(struct inv_run *r);

/* 1-based line number of byte offset off in buf. */
long vigil__inv_line_of(const char *buf, size_t len, size_t off);

/*
 * Parses buf as one JSON document.  *out gets the tree (caller frees
 * with cJSON_Delete).  VIGIL_EPARSE with offset and line in err for
 * malformed or truncated JSON or trailing data; VIGIL_ENOMEM.
 */
int vigil__inv_json_load(const char *buf, size_t len, const char *what,
                         struct cJSON **out, struct vigil_error *err);

/* The string member key of object o, or NULL when absent or no string. */
const char *vigil__inv_json_str(const struct cJSON *o, const char *key);

/* A purl as the inventory parsers need it: decoded, arena-owned. */
struct inv_purl {
    const char *type;           /* lowercased */
    const char *ns;             /* namespace segments joined by '/', or
                                   NULL */
    const char *name;
    const char *version;        /* or NULL */
    const char *arch;           /* qualifiers, or NULL */
    const char *distro;
    const char *epoch;
    const char *upstream;
};

/* Reads s into *p.  Returns 0, VIGIL_EINVAL or VIGIL_ENOMEM. */
int vigil__inv_purl_read(struct vigil_arena *a, const char *s,
                         struct inv_purl *p);

/*
 * Builds "pkg:TYPE/[NS/]NAME@VERSION?arch=..&distro=..&epoch=.." with
 * percent-encoding; NULL qualifiers are left out.  Arena-owned; NULL
 * when out of memory.
 */
char *vigil__inv_purl_build(struct vigil_arena *a, const char *type,
                            const char *ns, const char *name,
                            const char *version, const char *arch,
                            const char *distro, const char *epoch);

/*
 * Fills name, version, ecosystem, arch, distro and source fields of c
 * from p, keeping what c already has where p says nothing.  Returns 0
 * or VIGIL_ENOMEM.
 */
int vigil__inv_from_purl(struct vigil_arena *a, const struct inv_purl *p,
                         struct vigil_component *c);

/*
 * The OSV ecosystem for a purl type, namespace and distro qualifier
 * ("deb", "debian", "debian-12" -> "Debian:12"); NULL when vigil knows
 * none.  Arena-owned or static.
 */
const char *vigil__inv_ecosystem(struct vigil_arena *a, const char *type,
                                 const char *ns, const char *distro);

/* The purl namespace for a distro ("ubuntu-22.04" -> "ubuntu") of the
 * given purl type, or dflt when the distro is NULL or of another type. */
const char *vigil__inv_distro_ns(const char *distro, const char *type,
                                 const char *dflt);

/* The parsers; r is set up and r->err cleared by the caller. */
int vigil__inv_parse_cyclonedx(struct inv_run *r, const char *buf,
                               size_t len);
int vigil__inv_parse_spdx(struct inv_run *r, const char *buf, size_t len);
int vigil__inv_parse_dpkg(struct inv_run *r, const char *buf, size_t len);
int vigil__inv_parse_rpm(struct inv_run *r, const char *buf, size_t len);
int vigil__inv_parse_apk(struct inv_run *r, const char *buf, size_t len);

/* A name-[epoch:]version-release[.arch] split into slices of the line. */
struct inv_nevra {
    const char *name, *epoch, *version, *release, *arch;
    size_t name_len, epoch_len, version_len, release_len, arch_len;
};

/*
 * Splits s[0..n) as rpm prints a package: "name-version-release.arch",
 * "name-epoch:version-release.arch" or "epoch:name-version-release.arch".
 * The arch is only taken when it is one rpm knows (else it stays part of
 * the release and arch_len is 0).  Returns 0 or VIGIL_EINVAL.
 */
int vigil__inv_nevra_split(const char *s, size_t n, struct inv_nevra *out);

/* Line iteration for the text formats: CR before LF is dropped. */
struct inv_line {
    const char *p;
    size_t len;
    size_t off;                 /* byte offset of the line */
    size_t next;                /* byte offset of the line after it */
    long no;                    /* 1-based */
};

#define INV_LINE_INIT { NULL, 0, 0, 0, 0 }

/* Advances *ln to the next line of buf; 0 at the end. */
int vigil__inv_next_line(const char *buf, size_t len, struct inv_line *ln);

#endif
