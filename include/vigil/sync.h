/*
 * sync.h - source subscriptions kept up to date.
 *
 * A source is a feed with a name, a location (a path, or an http,
 * https or file URL), an optional format and a schedule (see the
 * sources section of store.h).  A sync brings the enabled sources that
 * are due, or the ones named, into the store:
 *
 *  - a path is imported as `vigil import` does;
 *  - a URL is downloaded with a conditional GET (ETag, Last-Modified;
 *    304 counts as a success), into a .part file in the state folder so
 *    that a killed download resumes with an HTTP Range request; the
 *    body is checked (length, optional URL.sha256) and only then
 *    imported, all of it in one transaction: a failed, truncated or
 *    unreadable download changes nothing stored;
 *  - connection errors, 5xx and 429 are retried with exponential
 *    backoff, honouring Retry-After on 429 and 503, within a number of
 *    tries and a total wait;
 *  - an NVD CVE API 2.0 URL (format nvd, path ending in /cves/2.0) is
 *    paged with resultsPerPage and startIndex, incrementally by
 *    lastModStartDate / lastModEndDate in windows of at most 120 days,
 *    at the published rate; each page is committed with the next
 *    startIndex, so a killed sync continues from that page;
 *  - with a mirror folder, each source is read from MIRROR/NAME.
 *
 * URLs are never logged or stored in messages with their user
 * information or API keys.  libcurl takes proxy settings from the
 * environment.  These functions are not thread-safe (they initialise
 * libcurl on first use).
 */
#ifndef VIGIL_SYNC_H
#define VIGIL_SYNC_H

#include <signal.h>
#include <stddef.h>
#include <time.h>

#include "vigil/import.h"
#include "vigil/store.h"

/* The longest source name; names are [A-Za-z0-9._-], not dot-first. */
#define VIGIL_SOURCE_NAME_MAX 64

/* The NVD API's longest lastMod window, in days. */
#define VIGIL_NVD_WINDOW_DAYS 120

/*
 * Parses a duration: a whole number with an optional unit s, m, h, d or
 * w ("90", "30m", "6h", "1d").  *secs gets seconds (at least 1, at most
 * 10 years).  Returns 0 or VIGIL_EINVAL / VIGIL_ERANGE.
 */
int vigil_duration_parse(const char *s, long long *secs);

/* Writes secs in the largest unit that divides it ("6h", "90s"). */
void vigil_duration_format(long long secs, char *out, size_t outlen);

/*
 * Copies url into out (outlen bytes, truncated to fit) with its user
 * information and the values of query parameters that carry secrets
 * (apiKey, api_key, key, token, access_token, password, sig,
 * signature) replaced by "***".  Always NUL-terminates when outlen > 0.
 */
void vigil_sync_redact_url(const char *url, char *out, size_t outlen);

/*
 * Checks the fields of a source that every way of adding one (command
 * line, API, configuration) must pass: a name of 1 to
 * VIGIL_SOURCE_NAME_MAX letters, digits, '.', '_' or '-', not first
 * '.' or '-' (it names files in the sync state folder); a location
 * without control characters, a path or an http, https or file URL (an
 * http or https one naming a host, without white space, any port from
 * 1 to 65535, read by libcurl's URL parser; "http:" or "https:" not
 * followed by "//" is refused rather than taken as a path); a known
 * format or none; a period not negative; checksum "sha256" or none,
 * and only with a URL.  Returns 0, VIGIL_EINVAL with the reason in err,
 * or VIGIL_ENOMEM.
 */
int vigil_source_check(const struct vigil_source *src,
                       struct vigil_error *err);

/*
 * Checks a new source with vigil_source_check and adds it enabled: a
 * relative path becomes absolute, URLs must be http, https or file.
 * VIGIL_EINVAL with the reason in err, or
 * VIGIL_EEXIST when the name is taken.
 */
int vigil_sync_source_add(struct vigil_store *s,
                          const struct vigil_source *src,
                          struct vigil_error *err);

/*
 * Removes what state_dir holds for source name: a partial download and
 * its validators, an NVD page.  For a source that is removed.
 */
void vigil_sync_forget(const char *state_dir, const char *name);

/* 1 when location is a URL (scheme "://"), else 0. */
int vigil_sync_is_url(const char *location);

/* 1 when the source is read through the NVD CVE API 2.0 pager. */
int vigil_sync_is_nvd_api(const struct vigil_source *src);

/*
 * When the source is due next: its last success plus its period, or
 * 0 (now) when it never succeeded, has an unfinished NVD run or has no
 * period.
 */
time_t vigil_sync_next_due(const struct vigil_source *src);

/* What a sync of one source came to. */
enum vigil_sync_status {
    VIGIL_SYNC_DONE,          /* fetched and imported */
    VIGIL_SYNC_UNCHANGED,     /* 304: nothing new */
    VIGIL_SYNC_FAILED,        /* error holds why; nothing changed */
    VIGIL_SYNC_INTERRUPTED    /* cancelled; the next sync resumes */
};

struct vigil_sync_result {
    char name[VIGIL_SOURCE_NAME_MAX + 1];
    enum vigil_sync_status status;
    int rc;                           /* 0 or the VIGIL_E* code */
    struct vigil_import_stats stats;  /* summed over NVD pages */
    long long bytes;                  /* received in this sync */
    int requests;                     /* HTTP requests made */
    char error[512];                  /* when FAILED or INTERRUPTED */
};

typedef void (*vigil_sync_result_fn)(void *ctx,
                                     const struct vigil_sync_result *r);

struct vigil_sync_opts {
    const char *state_dir;      /* partial downloads; created 0700 */
    const char *mirror;         /* read each source from MIRROR/NAME */
    long connect_timeout;       /* seconds to connect */
    long timeout;               /* seconds for one whole request */
    int max_tries;              /* tries of one request, at least 1 */
    double backoff;             /* first pause between tries, seconds;
                                   doubled after each try */
    double max_wait;            /* total pause for one request, seconds;
                                   a longer Retry-After fails at once */
    double nvd_pause;           /* seconds between NVD API requests;
                                   negative: the published limits */
    int nvd_page_size;          /* resultsPerPage, 1 to 2000 */
    const char *nvd_api_key;    /* for NVD sources that have none */
    /* Set non-zero (from a signal handler) to stop at the next safe
     * point: between requests, records or sources.  May be NULL. */
    const volatile sig_atomic_t *cancel;
    /* Each rejected record or document; may be NULL. */
    void (*on_error)(void *ctx, const char *origin,
                     const struct vigil_error *err);
    /* Running import totals of source name; may be NULL. */
    void (*on_progress)(void *ctx, const char *name,
                        const struct vigil_import_stats *st);
    void *ctx;
};

/*
 * Sets the defaults: state_dir "vigil-sync", connect timeout 30 s,
 * request timeout 3600 s, 5 tries, backoff 2 s, max wait 600 s, NVD
 * pause by the published limits (6 s without a key, 0.6 s with one),
 * 2000 results per page.
 */
void vigil_sync_opts_init(struct vigil_sync_opts *o);

/*
 * Syncs one source, due or not, enabled or not, and records the outcome
 * on it.  *res is always filled.  Returns res->rc.
 */
int vigil_sync_one(struct vigil_store *s, const char *name,
                   const struct vigil_sync_opts *o,
                   struct vigil_sync_result *res);

/*
 * Syncs the sources named (every one must exist: VIGIL_ENOTFOUND
 * before anything runs otherwise) or, with nnames 0, every enabled
 * source that is due, in name order.  fn (may be NULL) gets each
 * result.  Stops between sources when cancelled.  Returns 0 when every
 * sync succeeded, else the code of the first failure (VIGIL_ESTATE
 * when cancelled); err says which source failed.
 */
int vigil_sync_run(struct vigil_store *s, const char *const *names,
                   size_t nnames, const struct vigil_sync_opts *o,
                   vigil_sync_result_fn fn, void *ctx,
                   struct vigil_error *err);

#endif
