/*
 * import.h - bringing advisory documents into the store: walk paths,
 * parse each document, recompute scores, store each record, count.
 *
 * Each document is stored inside its own savepoint, so a document that
 * fails part-way leaves nothing half-written while the others land;
 * the whole import commits in batches.
 */
#ifndef VIGIL_IMPORT_H
#define VIGIL_IMPORT_H

#include "vigil/feed.h"
#include "vigil/inventory.h"
#include "vigil/store.h"

struct vigil_import_counts {
    long long files;
    long long read;        /* records parsed */
    long long stored;      /* new advisories */
    long long merged;      /* new sources joined to known advisories */
    long long updated;     /* known sources whose content changed */
    long long unchanged;   /* known sources, same content */
    long long rejected;    /* records or documents refused */
    long long skipped;     /* documents that hold no advisory (a JSON
                              Schema, a Markdown file): not errors */
};

struct vigil_import_stats {
    struct vigil_import_counts total;
    struct vigil_import_counts by_format[VIGIL_FMT_COUNT];
    long long epss_rows;
};

struct vigil_import_opts {
    enum vigil_format format;            /* VIGIL_FMT_UNKNOWN: detect */
    /* Called for each rejected record or document; may be NULL. */
    void (*on_error)(void *ctx, const char *origin,
                     const struct vigil_error *err);
    /* Called now and then with the running totals; may be NULL. */
    void (*on_progress)(void *ctx, const struct vigil_import_stats *st);
    void *ctx;
};

/*
 * Imports every document under paths.  Returns 0 when all were stored,
 * VIGIL_EPARSE when some were rejected (the rest still landed), or
 * another negative code when the store failed (what was committed in
 * earlier batches stays).
 */
int vigil_import_paths(struct vigil_store *s, const char *const *paths,
                       size_t npaths, const struct vigil_import_opts *opts,
                       struct vigil_import_stats *stats,
                       struct vigil_error *err);


/*
 * Replaces the components that inventory `label` (NULL: the file's base
 * name) gave system `system` with those in the file at path, in one
 * transaction: on any error nothing changes.  The system's distro is
 * given to the parser for files that do not say it.  Unless force, a
 * dpkg, rpm or apk file that ends inside a line, or a file that would
 * leave less than half the components the same label had (of at least
 * 10), is refused with VIGIL_EPARSE or VIGIL_ESTATE.  *count receives
 * the number of components stored.
 */
int vigil_import_inventory(struct vigil_store *s, const char *system,
                           const char *path, enum vigil_inv_format fmt,
                           const char *label, int force, long long *count,
                           struct vigil_error *err);

#endif
