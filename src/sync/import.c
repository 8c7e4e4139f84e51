/*
 * import.c - runs feed parsers into the store.
 *
 * The walker hands over one document at a time; a savepoint opens on
 * the document's first record (on_file) and closes when the next
 * document starts or the walk ends, so that a document with a store
 * failure is rolled back as a whole.  Records a parser rejects are
 * counted and skipped: they never reach the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cvss.h"
#include "vigil/import.h"
#include "../internal.h"

#define BATCH_RECORDS 5000

struct import_run {
    struct vigil_store *store;
    const struct vigil_import_opts *opts;
    struct vigil_import_stats *stats;
    struct vigil_error *err;
    enum vigil_format cur;       /* format of the current document */
    const char *origin;
    int in_doc;                  /* a savepoint is open */
    int doc_bad;                 /* undo the document at its end */
    long long epss_new, epss_same;  /* rows of the open EPSS document */
    int failed;                  /* the store failed: stop */
    long long since_commit;
};

static void count(struct import_run *r, long long *(*field)(
                      struct vigil_import_counts *))
{
    (*field(&r->stats->total))++;
    (*field(&r->stats->by_format[r->cur]))++;
}

static long long *f_files(struct vigil_import_counts *c) { return &c->files; }
static long long *f_read(struct vigil_import_counts *c) { return &c->read; }
static long long *f_stored(struct vigil_import_counts *c)
{
    return &c->stored;
}
static long long *f_merged(struct vigil_import_counts *c)
{
    return &c->merged;
}
static long long *f_updated(struct vigil_import_counts *c)
{
    return &c->updated;
}
static long long *f_unchanged(struct vigil_import_counts *c)
{
    return &c->unchanged;
}
static long long *f_rejected(struct vigil_import_counts *c)
{
    return &c->rejected;
}
static long long *f_skipped(struct vigil_import_counts *c)
{
    return &c->skipped;
}

/* EPSS rows count once their document is kept whole. */
static void flush_epss(struct import_run *r)
{
    struct vigil_import_counts *t = &r->stats->total;
    struct vigil_import_counts *e = &r->stats->by_format[VIGIL_FMT_EPSS];

    t->read += r->epss_new + r->epss_same;
    e->read += r->epss_new + r->epss_same;
    t->stored += r->epss_new;
    e->stored += r->epss_new;
    t->unchanged += r->epss_same;
    e->unchanged += r->epss_same;
    r->stats->epss_rows += r->epss_new;
    r->epss_new = r->epss_same = 0;
}

/* Closes the open document savepoint and commits a full batch. */
static int end_doc(struct import_run *r)
{
    int rc;

    if (!r->in_doc)
        return 0;
    r->in_doc = 0;
    if (r->doc_bad) {
        r->doc_bad = 0;
        r->epss_new = r->epss_same = 0;
        vigil_store_rollback_to(r->store);
        return 0;
    }
    if ((rc = vigil_store_release(r->store, r->err)))
        return rc;
    flush_epss(r);
    if (r->since_commit >= BATCH_RECORDS) {
        r->since_commit = 0;
        if ((rc = vigil_store_commit(r->store, r->err)) ||
            (rc = vigil_store_begin(r->store, r->err)))
            return rc;
    }
    return 0;
}

static void on_file(void *ctx, const char *origin, enum vigil_format f)
{
    struct import_run *r = ctx;

    if (r->failed)
        return;
    if (end_doc(r) || vigil_store_savepoint(r->store, r->err)) {
        r->failed = 1;
        return;
    }
    r->in_doc = 1;
    r->cur = f;
    r->origin = origin;
    count(r, f_files);
}

static void on_error(void *ctx, const char *origin,
                     const struct vigil_error *e)
{
    struct import_run *r = ctx;

    /* an EPSS file is one dated snapshot: all of it or none */
    if (r->in_doc && r->cur == VIGIL_FMT_EPSS)
        r->doc_bad = 1;
    count(r, f_rejected);
    if (r->opts->on_error)
        r->opts->on_error(r->opts->ctx, origin, e);
}

static int on_epss(void *ctx, const char *cve, double epss, double pct,
                   const char *model, const char *date)
{
    struct import_run *r = ctx;
    char today[16];
    int changed, rc;

    if (r->failed)
        return VIGIL_EDB;
    if (!date) {
        vigil_date_format(vigil_now(), today, sizeof(today));
        date = today;
    }
    rc = vigil_store_put_epss(r->store, cve, epss, pct != pct ? 0.0 : pct,
                              date, model, &changed, r->err);
    if (rc) {
        r->failed = 1;
        return rc;
    }
    if (changed)
        r->epss_new++;
    else
        r->epss_same++;
    r->since_commit++;
    return 0;
}

static int on_finding(void *ctx, const struct vigil_finding *f)
{
    struct import_run *r = ctx;
    enum vigil_put_outcome outcome;
    int rc;

    if (r->failed)
        return VIGIL_EDB;
    count(r, f_read);
    rc = vigil_store_put_finding(r->store, f, r->origin, &outcome, r->err);
    if (rc) {
        r->failed = 1;
        return rc;
    }
    count(r, outcome == VIGIL_PUT_NEW       ? f_stored
             : outcome == VIGIL_PUT_UPDATED ? f_updated
                                            : f_unchanged);
    r->since_commit++;
    return 0;
}

/* Skipped documents are counted, not rejected; -v shows why. */
static void on_skip(void *ctx, const char *origin, const char *reason)
{
    struct import_run *r = ctx;

    count(r, f_skipped);
    vigil_log(VIGIL_LOG_INFO, "%s: skipped: %s", origin, reason);
}

/*
 * Recomputes every score from its vector, never trusting the published
 * number: the result and any disagreement are stored beside it.
 */
static void score_one(struct vigil_score *sc, char *errbuf, size_t errlen)
{
    struct vigil_cvss cv;
    struct vigil_error e;
    int mismatch = 0, rc, hint;

    if (!sc->vector)
        return;
    vigil_error_clear(&e);
    if (sc->has_published) {
        rc = vigil_cvss_check_published(sc->vector, sc->version,
                                        sc->published, &cv, &mismatch, &e);
    } else {
        hint = sc->version ? vigil_cvss_version_from_string(sc->version)
                           : 0;
        rc = vigil_cvss_parse_as(sc->vector, hint > 0 ? hint : 0,
                                 VIGIL_CVSS_LENIENT, &cv, &e);
    }
    if (rc) {
        snprintf(errbuf, errlen, "%.150s", e.msg[0] ? e.msg
                                                 : vigil_strerror(rc));
        sc->error = errbuf;
        return;
    }
    sc->computed = cv.version == VIGIL_CVSS_V40 ? cv.score : cv.base;
    sc->has_computed = 1;
    sc->mismatch = mismatch != 0;
}

#define SCORE_ERRLEN 160

static int put_scored(struct import_run *r, const struct vigil_advisory *a,
                      enum vigil_put_outcome *outcome)
{
    struct vigil_advisory copy = *a;
    struct vigil_score *scores = NULL;
    char *errs = NULL;
    size_t i;
    int rc;

    if (a->nscores) {
        scores = malloc(a->nscores * sizeof(*scores));
        errs = calloc(a->nscores, SCORE_ERRLEN);
        if (!scores || !errs) {
            free(scores);
            free(errs);
            return vigil_error_set(r->err, VIGIL_ENOMEM, 0,
                                   "out of memory");
        }
        for (i = 0; i < a->nscores; i++) {
            scores[i] = a->scores[i];
            score_one(&scores[i], errs + i * SCORE_ERRLEN, SCORE_ERRLEN);
        }
        copy.scores = scores;
    }
    rc = vigil_store_put_advisory(r->store, &copy, r->origin, outcome, NULL,
                                  r->err);
    free(scores);
    free(errs);
    return rc;
}

static int on_advisory(void *ctx, const struct vigil_advisory *a)
{
    struct import_run *r = ctx;
    enum vigil_put_outcome outcome;
    int rc;

    if (r->failed)
        return VIGIL_EDB;
    count(r, f_read);
    rc = put_scored(r, a, &outcome);
    if (rc) {
        r->failed = 1;
        return rc;
    }
    count(r, outcome == VIGIL_PUT_NEW       ? f_stored
             : outcome == VIGIL_PUT_MERGED  ? f_merged
             : outcome == VIGIL_PUT_UPDATED ? f_updated
                                            : f_unchanged);
    r->since_commit++;
    if (r->opts->on_progress && r->stats->total.read % 500 == 0)
        r->opts->on_progress(r->opts->ctx, r->stats);
    return 0;
}

int vigil_import_paths(struct vigil_store *s, const char *const *paths,
                       size_t npaths, const struct vigil_import_opts *opts,
                       struct vigil_import_stats *stats,
                       struct vigil_error *err)
{
    struct import_run r;
    struct vigil_feed_sink sink;
    int rc, wrc;

    memset(stats, 0, sizeof(*stats));
    memset(&r, 0, sizeof(r));
    r.store = s;
    r.opts = opts;
    r.stats = stats;
    r.err = err;
    sink.on_advisory = on_advisory;
    sink.on_error = on_error;
    sink.on_file = on_file;
    sink.on_skip = on_skip;
    sink.on_epss = on_epss;
    sink.on_finding = on_finding;
    sink.ctx = &r;

    if ((rc = vigil_store_begin(s, err)))
        return rc;
    wrc = vigil_feed_walk(paths, npaths, opts->format, &sink);
    if (r.failed) {
        /* the failing document is undone; earlier ones stay */
        if (r.in_doc)
            vigil_store_rollback_to(s);
        r.in_doc = 0;
    }
    rc = end_doc(&r);
    if (!rc)
        rc = vigil_store_commit(s, err);
    else
        vigil_store_rollback(s);
    if (opts->on_progress)
        opts->on_progress(opts->ctx, stats);
    if (rc)
        return rc;
    if (r.failed)
        return err && err->code ? err->code : VIGIL_EDB;
    return (wrc == 0 && stats->total.rejected == 0) ? 0 : VIGIL_EPARSE;
}
