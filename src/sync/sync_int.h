/*
 * sync_int.h - what the files of the sync module share: the download
 * with retries (fetch.c), pauses that a cancel cuts short, the import
 * of one download in one transaction (sync.c) and the NVD API pager
 * (nvd_api.c).
 */
#ifndef VIGIL_SYNC_INT_H
#define VIGIL_SYNC_INT_H

#include <signal.h>
#include <time.h>

#include "vigil/buf.h"
#include "vigil/sync.h"

/* The largest checksum file or error body kept in memory. */
#define VIGIL__SYNC_SMALL_BODY 4096

/* One download: a request and what came of it. */
struct vigil__fetch {
    const char *url;            /* the real URL: may carry credentials */
    const char *shown;          /* the URL for messages (redacted) */
    const char *api_key;        /* sent as the apiKey header, or NULL */
    const char *etag;           /* validators for a conditional GET */
    const char *last_modified;
    const char *part;           /* download into this file, resumable
                                   over HTTP; NULL: into body */
    struct vigil_buf *body;     /* when part is NULL */
    size_t body_max;            /* cap of body */
    int follow;                 /* follow redirects */
    /* results */
    long status;                /* 200, 206, 304; 0 for file: URLs */
    int not_modified;           /* the validators matched */
    char new_etag[256];         /* validators of the body received */
    char new_last_modified[128];
    long long bytes;            /* received over all tries */
    int requests;
};

/*
 * Downloads f->url, trying again on connection errors, 5xx and 429 as
 * o says.  Returns 0 (f->not_modified set on 304), VIGIL_ESTATE when
 * cancelled (a partial download is kept), or VIGIL_ENET / VIGIL_EIO /
 * VIGIL_ELIMIT with the reason in err.
 */
/*
 * 0 when name is a valid source name (see vigil_source_check), else
 * VIGIL_EINVAL with err set.  Guards every path built from a name.
 */
int vigil__sync_check_name(const char *name, struct vigil_error *err);

int vigil__sync_fetch(const struct vigil_sync_opts *o,
                      struct vigil__fetch *f, struct vigil_error *err);

/*
 * Reads a Retry-After value: delay-seconds or an HTTP date, taken
 * relative to now.  *secs gets the delay (0 for a date in the past).
 * Returns 0 or VIGIL_EINVAL.
 */
int vigil__sync_retry_after(const char *value, time_t now, double *secs);

/*
 * Finds the first run of exactly 64 hex digits in text (a sha256sum or
 * BSD-style line) and writes it, lowercase, to hex[65].  Returns 0 or
 * VIGIL_EPARSE.
 */
int vigil__sync_sha256_in(const char *text, size_t len, char hex[65]);

/* Sleeps secs seconds; VIGIL_ESTATE as soon as *cancel is set. */
int vigil__sync_sleep(double secs, const volatile sig_atomic_t *cancel);

/* 1 when *cancel is set. */
int vigil__sync_cancelled(const struct vigil_sync_opts *o);

/* Seconds on a monotonic clock. */
double vigil__sync_clock(void);

/*
 * Imports path into the store in one transaction (see
 * vigil_import_opts.single_transaction), naming documents after label
 * instead of path when label is not NULL; commit_fn (may be NULL) runs
 * in the transaction before the commit.  Returns 0 or a negative code
 * with nothing stored.
 */
int vigil__sync_import(struct vigil_store *s, const struct vigil_sync_opts *o,
                       const char *name, const char *path,
                       enum vigil_format fmt, const char *label,
                       int (*commit_fn)(void *ctx,
                                        const struct vigil_import_stats *st,
                                        struct vigil_error *err),
                       void *commit_ctx, struct vigil_import_stats *st,
                       struct vigil_error *err);

/* Adds the counts of b to a. */
void vigil__sync_add_stats(struct vigil_import_stats *a,
                           const struct vigil_import_stats *b);

/*
 * Brings an NVD CVE API 2.0 source up to date, page by page, each
 * committed with the state that lets a killed sync resume; a success
 * is recorded on the source in the last page's transaction.  Returns 0
 * or a negative code with err set (the caller records the failure).
 */
int vigil__sync_nvd(struct vigil_store *s, const struct vigil_source *src,
                    const struct vigil_sync_opts *o,
                    struct vigil_sync_result *res, struct vigil_error *err);

/* Creates the state folder when missing. */
int vigil__sync_state_dir(const struct vigil_sync_opts *o,
                          struct vigil_error *err);

#endif
