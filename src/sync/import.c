/*
 * import.c - runs feed parsers into the store.
 *
 * The walker hands over one document at a time; a savepoint opens on
 * the document's first record (on_file) and closes when the next
 * document starts or the walk ends, so that a document with a store
 * failure is rolled back as a whole.  Records a parser rejects are
 * counted and skipped: they never reach the store.
 *
 * In single-transaction mode (a sync) there are no batch commits, and
 * a document rejected as a whole undoes the import: what a publisher
 * sent is taken entirely or not at all.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cvss.h"
#include "vigil/finding.h"
#include "vigil/import.h"
#include "vigil/watch.h"
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
    long long findings;             /* new or changed findings */
    uint64_t *seen;                 /* hashes of records written in this
                                       run (open addressing, 0 = free) */
    size_t nseen, capseen;
    struct vigil_watch *watches;    /* loaded once per import */
    size_t nwatches;
    int failed;                  /* the store failed: stop */
    int stop;                    /* cancelled or, in single-transaction
                                    mode, a document was rejected: the
                                    code to stop the walk with */
    long long since_commit;
    struct vigil_buf name;       /* the current origin, relabelled */
    struct vigil_buf scratch;    /* origins and messages of errors */
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

/*
 * Appends text to b with every occurrence of opts->origin_from replaced
 * by opts->origin_to; returns b's string.
 */
static const char *relabel(const struct vigil_import_opts *o,
                           struct vigil_buf *b, const char *text)
{
    const char *hit;
    size_t n = o->origin_from ? strlen(o->origin_from) : 0;

    if (!n || !o->origin_to)
        return text;
    while ((hit = strstr(text, o->origin_from))) {
        vigil_buf_add(b, text, (size_t)(hit - text));
        vigil_buf_adds(b, o->origin_to);
        text = hit + n;
    }
    vigil_buf_adds(b, text);
    return b->ptr ? b->ptr : "";
}

/* Notes a cancel request; returns the code that stops the walk. */
static int check_cancel(struct import_run *r)
{
    if (r->stop || !r->opts->cancel || !*r->opts->cancel)
        return r->stop;
    r->stop = vigil_error_set(r->err, VIGIL_ESTATE, 0,
                              "import interrupted");
    return r->stop;
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
    if (r->since_commit >= BATCH_RECORDS && !r->opts->single_transaction) {
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
    if (end_doc(r)) {
        r->failed = 1;
        return;
    }
    if (check_cancel(r))
        return;
    if (vigil_store_savepoint(r->store, r->err)) {
        r->failed = 1;
        return;
    }
    r->in_doc = 1;
    r->cur = f;
    vigil_buf_reset(&r->name);
    r->origin = relabel(r->opts, &r->name, origin);
    count(r, f_files);
}

/*
 * In single-transaction mode, the first document rejected as a whole
 * (its error names no record) stops the import; err says which.
 */
static void reject_whole(struct import_run *r, const char *origin,
                         const struct vigil_error *e)
{
    if (!r->opts->single_transaction || e->record[0] || r->stop)
        return;
    if (strstr(e->msg, origin))
        r->stop = vigil_error_set(r->err, e->code ? e->code : VIGIL_EPARSE,
                                  e->offset, "%s", e->msg);
    else
        r->stop = vigil_error_set(r->err, e->code ? e->code : VIGIL_EPARSE,
                                  e->offset, "cannot import '%s': %s",
                                  origin, e->msg);
}

static void on_error(void *ctx, const char *origin,
                     const struct vigil_error *e)
{
    struct import_run *r = ctx;
    struct vigil_error shown = *e;
    struct vigil_buf msg = VIGIL_BUF_INIT;

    /* an EPSS file is one dated snapshot: all of it or none */
    if (r->in_doc && r->cur == VIGIL_FMT_EPSS)
        r->doc_bad = 1;
    count(r, f_rejected);
    vigil_buf_reset(&r->scratch);
    origin = relabel(r->opts, &r->scratch, origin);
    snprintf(shown.msg, sizeof(shown.msg), "%s",
             relabel(r->opts, &msg, e->msg));
    vigil_buf_release(&msg);
    if (r->opts->on_error)
        r->opts->on_error(r->opts->ctx, origin, &shown);
    reject_whole(r, origin, &shown);
}

static int on_epss(void *ctx, const char *cve, double epss, double pct,
                   const char *model, const char *date)
{
    struct import_run *r = ctx;
    char today[16];
    int changed, rc;

    if (r->failed)
        return VIGIL_EDB;
    if (check_cancel(r))
        return r->stop;
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

static uint64_t record_hash(const char *format, const char *id)
{
    uint64_t h = 1469598103934665603ULL;
    const char *parts[] = { format, "\n", id };
    const char *p;
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(parts); i++)
        for (p = parts[i] ? parts[i] : ""; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h ? h : 1;
}

/*
 * Whether this run already wrote the record (format, id), noting it if
 * not.  A feed that carries one id twice (an RSS feed with an entry's
 * old and new versions, one finding in two files) keeps the first
 * occurrence, so that importing the same files again changes nothing
 * and raises no event.
 */
static int seen_before(struct import_run *r, const char *format,
                       const char *id)
{
    uint64_t h = record_hash(format, id), *t;
    size_t i, cap;

    if (2 * (r->nseen + 1) > r->capseen) {
        cap = r->capseen ? r->capseen * 2 : 4096;
        if (!(t = calloc(cap, sizeof(*t))))
            return 0;
        for (i = 0; i < r->capseen; i++) {
            size_t k;

            if (!r->seen[i])
                continue;
            for (k = r->seen[i] % cap; t[k]; k = (k + 1) % cap)
                ;
            t[k] = r->seen[i];
        }
        free(r->seen);
        r->seen = t;
        r->capseen = cap;
    }
    for (i = h % r->capseen; r->seen[i]; i = (i + 1) % r->capseen)
        if (r->seen[i] == h)
            return 1;
    r->seen[i] = h;
    r->nseen++;
    return 0;
}

static int on_finding(void *ctx, const struct vigil_finding *f)
{
    struct import_run *r = ctx;
    enum vigil_put_outcome outcome;
    int rc;

    if (r->failed)
        return VIGIL_EDB;
    if (check_cancel(r))
        return r->stop;
    count(r, f_read);
    if (seen_before(r, f->format, f->id)) {
        count(r, f_unchanged);
        return 0;
    }
    rc = vigil_store_put_finding(r->store, f, r->origin, &outcome, r->err);
    if (rc) {
        r->failed = 1;
        return rc;
    }
    count(r, outcome == VIGIL_PUT_NEW       ? f_stored
             : outcome == VIGIL_PUT_UPDATED ? f_updated
                                            : f_unchanged);
    r->findings += outcome != VIGIL_PUT_UNCHANGED;
    r->since_commit++;
    return 0;
}

/* Skipped documents are counted, not rejected; -v shows why. */
static void on_skip(void *ctx, const char *origin, const char *reason)
{
    struct import_run *r = ctx;

    count(r, f_skipped);
    vigil_buf_reset(&r->scratch);
    vigil_log(VIGIL_LOG_INFO, "%s: skipped: %s",
              relabel(r->opts, &r->scratch, origin), reason);
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

static int keep_watch(void *ctx, const struct vigil_watch *w)
{
    struct import_run *r = ctx;
    struct vigil_watch *n = realloc(r->watches,
                                    (r->nwatches + 1) * sizeof(*n));
    char *value = strdup(w->value);

    if (n)
        r->watches = n;
    if (!n || !value) {
        free(value);
        return VIGIL_ENOMEM;
    }
    n[r->nwatches] = *w;
    n[r->nwatches].value = value;
    r->nwatches++;
    return 0;
}

static void free_watches(struct import_run *r)
{
    size_t i;

    for (i = 0; i < r->nwatches; i++)
        free((char *)r->watches[i].value);
    free(r->watches);
}

/* A new or changed record may name a watched product. */
static int check_watches(struct import_run *r, const struct vigil_advisory *a,
                         long long adv)
{
    const char *field;
    size_t i;
    int is_new, rc;

    for (i = 0; i < r->nwatches; i++) {
        if (!(field = vigil_watch_hit(&r->watches[i], a)))
            continue;
        rc = vigil_store_watch_hit(r->store, &r->watches[i], adv, a->id,
                                   a->id, field, &is_new, r->err);
        if (rc)
            return rc;
    }
    return 0;
}

static int put_scored(struct import_run *r, const struct vigil_advisory *a,
                      enum vigil_put_outcome *outcome)
{
    struct vigil_advisory copy = *a;
    struct vigil_score *scores = NULL;
    long long adv = 0;
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
    rc = vigil_store_put_advisory(r->store, &copy, r->origin, outcome, &adv,
                                  r->err);
    if (!rc && *outcome != VIGIL_PUT_UNCHANGED && r->nwatches)
        rc = check_watches(r, a, adv);
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
    if (check_cancel(r))
        return r->stop;
    count(r, f_read);
    if (seen_before(r, a->format, a->id)) {
        count(r, f_unchanged);
        return 0;
    }
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

/*
 * Ends a single-transaction import: commits only when nothing stopped
 * it and before_commit agrees; otherwise nothing stays.
 */
static int finish_single(struct import_run *r, int wrc)
{
    const struct vigil_import_opts *o = r->opts;
    int rc = r->failed ? (r->err && r->err->code ? r->err->code : VIGIL_EDB)
                       : r->stop;

    if (!rc && wrc < 0 && wrc != VIGIL_EPARSE)
        rc = vigil_error_set(r->err, wrc, 0, "import failed: %s",
                             vigil_strerror(wrc));
    if (!rc)
        rc = end_doc(r);
    if (!rc && o->before_commit)
        rc = o->before_commit(o->ctx, r->stats, r->err);
    if (!rc)
        rc = vigil_store_commit(r->store, r->err);
    if (rc)
        vigil_store_rollback(r->store);
    return rc;
}

/* Ends a batched import: earlier documents stay whatever happened. */
static int finish_batches(struct import_run *r, int wrc)
{
    int rc = end_doc(r);

    if (!rc)
        rc = vigil_store_commit(r->store, r->err);
    else
        vigil_store_rollback(r->store);
    if (rc)
        return rc;
    if (r->failed)
        return r->err && r->err->code ? r->err->code : VIGIL_EDB;
    if (r->stop)
        return r->stop;
    return (wrc == 0 && r->stats->total.rejected == 0) ? 0 : VIGIL_EPARSE;
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

    if ((rc = vigil_store_watches(s, keep_watch, &r))) {
        free_watches(&r);
        return vigil_error_set(err, rc, 0, "cannot read the watches");
    }
    if ((rc = vigil_store_begin(s, err))) {
        free_watches(&r);
        return rc;
    }
    wrc = vigil_feed_walk(paths, npaths, opts->format, &sink);
    free_watches(&r);
    if (r.failed || r.stop) {
        /* the failing document is undone; earlier ones stay */
        if (r.in_doc)
            vigil_store_rollback_to(s);
        r.in_doc = 0;
    }
    /* findings name resources; systems name theirs */
    if (r.findings && !r.failed && !r.stop &&
        (rc = vigil_store_link_findings(s, err)) != 0)
        r.failed = 1;
    rc = opts->single_transaction ? finish_single(&r, wrc)
                                  : finish_batches(&r, wrc);
    vigil_buf_release(&r.name);
    vigil_buf_release(&r.scratch);
    free(r.seen);
    if (opts->on_progress)
        opts->on_progress(opts->ctx, stats);
    return rc;
}
