/*
 * store.h - the storage interface.  It speaks in entities (advisories,
 * systems, components, matches, security updates, history, events);
 * no caller sees SQL.  SQLite (src/store/sqlite.c) is the embedded
 * backend; a second backend adds a dispatch table behind these same
 * functions, so callers do not change.
 *
 * Unless said otherwise, functions return 0 or a negative VIGIL_E*
 * code, fill err when given, and strings handed to callbacks are
 * borrowed for the duration of the call.  A store handle is used by one
 * thread at a time; several processes may share one database file.
 */
#ifndef VIGIL_STORE_H
#define VIGIL_STORE_H

#include <stddef.h>

#include "vigil/advisory.h"
#include "vigil/common.h"
#include "vigil/inventory.h"

struct vigil_store;

/* The schema version this build writes; older files are migrated. */
#define VIGIL_SCHEMA_VERSION 2

/*
 * Opens (creating when absent) the database at path, migrating an older
 * schema in place.  A newer schema than this build knows is refused.
 */
int vigil_store_open(const char *path, struct vigil_store **out,
                     struct vigil_error *err);
void vigil_store_close(struct vigil_store *s);   /* accepts NULL */

/* The schema version of the open file. */
int vigil_store_schema_version(struct vigil_store *s);

/*
 * Transactions.  begin takes the write lock at once, waiting for other
 * processes up to the busy timeout.  Savepoints nest inside it.
 */
int vigil_store_begin(struct vigil_store *s, struct vigil_error *err);
int vigil_store_commit(struct vigil_store *s, struct vigil_error *err);
void vigil_store_rollback(struct vigil_store *s);
int vigil_store_savepoint(struct vigil_store *s, struct vigil_error *err);
int vigil_store_release(struct vigil_store *s, struct vigil_error *err);
void vigil_store_rollback_to(struct vigil_store *s);

/* ---- advisories ---- */

enum vigil_put_outcome {
    VIGIL_PUT_NEW,        /* a new advisory */
    VIGIL_PUT_MERGED,     /* a new source for an existing advisory */
    VIGIL_PUT_UPDATED,    /* a known source whose content changed */
    VIGIL_PUT_UNCHANGED   /* a known source, same content */
};

/*
 * Stores one source record, merging it with every advisory that shares
 * its id or an alias (several advisories that it links are folded into
 * one).  The advisory's primary id is a CVE id when any is known.
 * *outcome says what happened; *advisory_id (may be NULL) is its row.
 */
int vigil_store_put_advisory(struct vigil_store *s,
                             const struct vigil_advisory *a,
                             const char *origin,
                             enum vigil_put_outcome *outcome,
                             long long *advisory_id,
                             struct vigil_error *err);

/* Finds an advisory by any of its ids or aliases. */
int vigil_store_find_advisory(struct vigil_store *s, const char *id,
                              long long *advisory_id);

/* Records one EPSS observation; *changed is 1 when it is new. */
int vigil_store_put_epss(struct vigil_store *s, const char *cve,
                         double score, double percentile, const char *date,
                         const char *model, int *changed,
                         struct vigil_error *err);

/* Counts for status output. */
struct vigil_store_counts {
    long long advisories, sources, aliases, kev, affected;
    long long systems, components, matches, updates, open_updates;
};
int vigil_store_counts(struct vigil_store *s, struct vigil_store_counts *c);

/* ---- systems and components ---- */

struct vigil_system {
    long long id;
    const char *name;
    const char *owner;
    const char *env;           /* production, staging, ... */
    const char *criticality;   /* low, medium, high, critical */
    const char *distro;        /* "debian-12", or NULL */
    const char *tags;          /* comma-separated, or NULL */
};

/* Adds a system, or changes the given fields of an existing one. */
int vigil_store_system_put(struct vigil_store *s,
                           const struct vigil_system *sys, long long *id,
                           struct vigil_error *err);

typedef int (*vigil_system_fn)(void *ctx, const struct vigil_system *sys);
int vigil_store_system_get(struct vigil_store *s, const char *name,
                           vigil_system_fn fn, void *ctx);
int vigil_store_systems(struct vigil_store *s, vigil_system_fn fn,
                        void *ctx);

/*
 * Replaces the components that one inventory (label, e.g. "dpkg" or a
 * SBOM name) gave a system: call begin_inventory, add each component,
 * then end_inventory, all inside one transaction.  Components of other
 * labels stay.  name_key is the normalised package name used for
 * matching (see vigil_pkg_name_key).
 */
int vigil_store_inventory_begin(struct vigil_store *s, long long system_id,
                                const char *label, struct vigil_error *err);
int vigil_store_component_add(struct vigil_store *s, long long system_id,
                              const char *label,
                              const struct vigil_component *c,
                              const char *name_key, const char *src_key,
                              struct vigil_error *err);

struct vigil_component_row {
    long long id;
    long long system_id;
    const char *system;
    struct vigil_component c;
    const char *name_key;
    const char *src_key;
};
typedef int (*vigil_component_row_fn)(void *ctx,
                                      const struct vigil_component_row *r);
int vigil_store_components(struct vigil_store *s, long long system_id,
                           vigil_component_row_fn fn, void *ctx);

/* ---- candidates for matching ---- */

struct vigil_affected_row {
    long long id;
    long long advisory_id;
    const char *advisory;      /* primary id */
    const char *source_id;     /* record id of the source (GHSA-..., ...) */
    const char *format;
    int withdrawn;
    const char *ecosystem;
    const char *json;          /* vigil_affected_to_json() encoding */
};
typedef int (*vigil_affected_row_fn)(void *ctx,
                                     const struct vigil_affected_row *r);

/* Every package-kind affected entry whose name key equals key. */
int vigil_store_affected_by_key(struct vigil_store *s, const char *key,
                                vigil_affected_row_fn fn, void *ctx);

#endif
