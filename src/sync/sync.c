/*
 * sync.c - one sync of a source: read it from its path, its URL or a
 * mirror, check what came, import it in one transaction together with
 * the source's new state, and record the outcome on the source.
 *
 * A download lands in STATE/NAME.part (kept when the sync stops, so the
 * next one resumes), is checked, then moved to a private folder
 * STATE/NAME.XXXXXX under the URL's file name (the walker reads
 * archives and compressed files by their suffix) and imported there.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "vigil/sync.h"
#include "sync_int.h"
#include "../internal.h"

/* Magic numbers of compressed files and archives, for nameless URLs. */
static const struct {
    const char *magic;
    size_t len;
    const char *suffix;
} magics[] = {
    { "\x1f\x8b", 2, ".gz" },
    { "PK\x03\x04", 4, ".zip" },
    { "\xfd" "7zXZ\x00", 6, ".xz" },
    { "BZh", 3, ".bz2" },
    { "\x28\xb5\x2f\xfd", 4, ".zst" },
};

static const char *const known_suffixes[] = {
    ".gz", ".zip", ".xz", ".bz2", ".zst", ".tar", ".tgz", ".txz", ".tbz2",
};

void vigil_sync_opts_init(struct vigil_sync_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->state_dir = "vigil-sync";
    o->connect_timeout = 30;
    o->timeout = 3600;
    o->max_tries = 5;
    o->backoff = 2.0;
    o->max_wait = 600.0;
    o->nvd_pause = -1.0;
    o->nvd_page_size = 2000;
}

void vigil__sync_add_stats(struct vigil_import_stats *a,
                           const struct vigil_import_stats *b)
{
    long long *x = (long long *)(void *)a;
    const long long *y = (const long long *)(const void *)b;
    size_t i, n = sizeof(*a) / sizeof(long long);

    /* the struct holds nothing but long long counters */
    _Static_assert(sizeof(*a) % sizeof(long long) == 0,
                   "vigil_import_stats holds only long long counters");
    for (i = 0; i < n; i++)
        x[i] += y[i];
}

/* ---- importing one download ---- */

struct import_ctx {
    const struct vigil_sync_opts *o;
    const char *name;
    int (*commit_fn)(void *ctx, const struct vigil_import_stats *st,
                     struct vigil_error *err);
    void *commit_ctx;
};

static void fwd_progress(void *ctx, const struct vigil_import_stats *st)
{
    struct import_ctx *c = ctx;

    if (c->o->on_progress)
        c->o->on_progress(c->o->ctx, c->name, st);
}

static void fwd_error(void *ctx, const char *origin,
                      const struct vigil_error *e)
{
    struct import_ctx *c = ctx;

    if (c->o->on_error)
        c->o->on_error(c->o->ctx, origin, e);
}

static int fwd_commit(void *ctx, const struct vigil_import_stats *st,
                      struct vigil_error *err)
{
    struct import_ctx *c = ctx;

    return c->commit_fn ? c->commit_fn(c->commit_ctx, st, err) : 0;
}

int vigil__sync_import(struct vigil_store *s, const struct vigil_sync_opts *o,
                       const char *name, const char *path,
                       enum vigil_format fmt, const char *label,
                       int (*commit_fn)(void *ctx,
                                        const struct vigil_import_stats *st,
                                        struct vigil_error *err),
                       void *commit_ctx, struct vigil_import_stats *st,
                       struct vigil_error *err)
{
    struct vigil_import_opts io;
    struct import_ctx c = { o, name, commit_fn, commit_ctx };

    memset(&io, 0, sizeof(io));
    io.format = fmt;
    io.on_error = fwd_error;
    io.on_progress = fwd_progress;
    io.ctx = &c;
    io.single_transaction = 1;
    io.before_commit = fwd_commit;
    io.cancel = o->cancel;
    if (label) {
        io.origin_from = path;
        io.origin_to = label;
    }
    return vigil_import_paths(s, &path, 1, &io, st, err);
}

/* What a successful import writes on the source, in its transaction. */
struct outcome_ctx {
    struct vigil_store *store;
    const char *name;
    const struct vigil__fetch *fetch;     /* NULL: no validators */
};

static void fill_counts(struct vigil_source_outcome *out,
                        const struct vigil_import_stats *st)
{
    out->read = st->total.read;
    out->added = st->total.stored + st->total.merged;
    out->changed = st->total.updated;
}

static int write_success(void *ctx, const struct vigil_import_stats *st,
                         struct vigil_error *err)
{
    struct outcome_ctx *c = ctx;
    struct vigil_source_outcome out;

    /* a source of which nothing could be read has not been synced */
    if (st->total.read == 0 && st->total.rejected > 0)
        return vigil_error_set(err, VIGIL_EPARSE, 0,
                               "nothing could be read: %lld documents or "
                               "records rejected (wrong --format?)",
                               st->total.rejected);
    memset(&out, 0, sizeof(out));
    fill_counts(&out, st);
    if (c->fetch && c->fetch->status != 0) {
        out.validators = 1;
        out.etag = c->fetch->new_etag[0] ? c->fetch->new_etag : NULL;
        out.last_modified = c->fetch->new_last_modified[0]
                                ? c->fetch->new_last_modified
                                : NULL;
    }
    return vigil_store_source_outcome(c->store, c->name, &out, err);
}

static enum vigil_format format_of(const struct vigil_source *src)
{
    return src->format ? vigil_format_by_name(src->format)
                       : VIGIL_FMT_UNKNOWN;
}

/*
 * Imports a local file or folder (a path source or a mirror entry).
 * LIMIT: a path is read again in full at each sync, changed or not;
 * unchanged records are only counted. See docs/LIMITS.md#sync-paths.
 */
static int sync_path(struct vigil_store *s, const struct vigil_source *src,
                     const char *path, const struct vigil_sync_opts *o,
                     struct vigil_sync_result *res, struct vigil_error *err)
{
    struct outcome_ctx c = { s, src->name, NULL };

    if (access(path, R_OK) != 0)
        return vigil_error_set(err, VIGIL_EIO, 0, "cannot read '%s': %s",
                               path, strerror(errno));
    return vigil__sync_import(s, o, src->name, path, format_of(src), NULL,
                              write_success, &c, &res->stats, err);
}

/* ---- mirrors ---- */

/*
 * MIRROR/NAME, or else the one entry MIRROR/NAME.<suffix> (a mirrored
 * archive keeps its suffix).  Caller frees.
 */
static char *mirror_entry(const char *mirror, const char *name,
                          struct vigil_error *err)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    size_t n = strlen(name), found = 0;
    struct dirent *e;
    DIR *d;

    vigil_buf_addf(&b, "%s/%s", mirror, name);
    if (access(b.ptr, F_OK) == 0)
        return vigil_buf_detach(&b, NULL);
    if ((d = opendir(mirror))) {
        while ((e = readdir(d))) {
            if (strncmp(e->d_name, name, n) != 0 || e->d_name[n] != '.')
                continue;
            vigil_buf_reset(&b);
            vigil_buf_addf(&b, "%s/%s", mirror, e->d_name);
            found++;
        }
        closedir(d);
    }
    if (found == 1)
        return vigil_buf_detach(&b, NULL);
    vigil_buf_release(&b);
    vigil_error_set(err, VIGIL_ENOTFOUND, 0,
                    found ? "cannot choose a mirror of '%s' in '%s': "
                            "several files are named '%s.*'"
                          : "no mirror of '%s' in '%s'",
                    name, mirror, name);
    return NULL;
}

static int sync_mirror(struct vigil_store *s, const struct vigil_source *src,
                       const struct vigil_sync_opts *o,
                       struct vigil_sync_result *res, struct vigil_error *err)
{
    char *path = mirror_entry(o->mirror, src->name, err);
    int rc;

    if (!path)
        return err->code;
    rc = sync_path(s, src, path, o, res, err);
    free(path);
    return rc;
}

/* ---- downloads ---- */

int vigil__sync_state_dir(const struct vigil_sync_opts *o,
                          struct vigil_error *err)
{
    if (mkdir(o->state_dir, 0700) == 0 || errno == EEXIST)
        return 0;
    return vigil_error_set(err, VIGIL_EIO, 0, "cannot create '%s': %s",
                           o->state_dir, strerror(errno));
}

static int has_known_suffix(const char *name)
{
    size_t i, n = strlen(name), k;

    for (i = 0; i < VIGIL_ARRAY_SIZE(known_suffixes); i++) {
        k = strlen(known_suffixes[i]);
        if (n > k && vigil__strcasecmp(name + n - k, known_suffixes[i]) == 0)
            return 1;
    }
    return 0;
}

/*
 * The file name to import a download under: the last segment of the
 * URL's path, made safe, with the suffix its content calls for when
 * the name has none the walker knows.
 */
static void download_name(const char *url, const char *part, char *out,
                          size_t outlen)
{
    const char *p = strstr(url, "://"), *seg;
    unsigned char head[8] = { 0 };
    size_t n, i, k = 0;
    FILE *fp;

    p = p ? p + 3 : url;
    p += strcspn(p, "/?#");
    n = strcspn(p, "?#");
    for (seg = p + n; seg > p && seg[-1] != '/'; seg--)
        ;
    for (i = 0; seg + i < p + n && k + 1 < outlen && k < 200; i++)
        out[k++] = (vigil__isalnum((unsigned char)seg[i]) ||
                    strchr("._-", seg[i])) ? seg[i] : '_';
    out[k] = '\0';
    if (k == 0 || out[0] == '.')
        snprintf(out, outlen, "download");
    if (has_known_suffix(out) || !(fp = fopen(part, "rb")))
        return;
    n = fread(head, 1, sizeof(head), fp);
    fclose(fp);
    for (i = 0; i < VIGIL_ARRAY_SIZE(magics); i++) {
        if (n >= magics[i].len &&
            memcmp(head, magics[i].magic, magics[i].len) == 0) {
            k = strlen(out);
            snprintf(out + k, outlen - k, "%s", magics[i].suffix);
            return;
        }
    }
}

/* Compares the SHA-256 of the file at path with hex. */
static int check_sha256(const char *path, const char *hex, const char *shown,
                        struct vigil_error *err)
{
    crypto_hash_sha256_state h;
    unsigned char buf[65536], sum[crypto_hash_sha256_BYTES];
    char got[65];
    size_t n, i;
    FILE *fp = fopen(path, "rb");

    if (!fp)
        return vigil_error_set(err, VIGIL_EIO, 0, "cannot read '%s': %s",
                               path, strerror(errno));
    crypto_hash_sha256_init(&h);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        crypto_hash_sha256_update(&h, buf, n);
    fclose(fp);
    crypto_hash_sha256_final(&h, sum);
    for (i = 0; i < sizeof(sum); i++)
        snprintf(got + 2 * i, 3, "%02x", sum[i]);
    if (strcmp(got, hex) == 0)
        return 0;
    return vigil_error_set(err, VIGIL_EPARSE, 0,
                           "checksum mismatch for '%s': sha256 is %s, the "
                           "publisher says %s", shown, got, hex);
}

/* "URL.sha256": the suffix goes on the path, before any query. */
static char *checksum_url(const char *url)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *p = strstr(url, "://");
    size_t n;

    p = p ? p + 3 : url;
    n = (size_t)(p - url) + strcspn(p, "?#");
    vigil_buf_add(&b, url, n);
    vigil_buf_adds(&b, ".sha256");
    vigil_buf_adds(&b, url + n);
    return vigil_buf_detach(&b, NULL);
}

/*
 * Fetches URL.sha256 and checks the downloaded part against it.
 * LIMIT: only URL.sha256 is read; the sha256 in NVD's .meta files (of
 * the uncompressed feed) is not checked. See docs/LIMITS.md#sync-checksums.
 */
static int verify_checksum(const struct vigil_source *src,
                           const struct vigil_sync_opts *o,
                           struct vigil__fetch *main,
                           struct vigil_error *err)
{
    struct vigil_buf body = VIGIL_BUF_INIT;
    struct vigil__fetch f;
    char shown[1024], hex[65];
    char *url = checksum_url(src->location);
    int rc;

    if (!url)
        return vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
    vigil_sync_redact_url(url, shown, sizeof(shown));
    memset(&f, 0, sizeof(f));
    f.url = url;
    f.shown = shown;
    f.body = &body;
    f.body_max = VIGIL__SYNC_SMALL_BODY;
    f.follow = 1;
    rc = vigil__sync_fetch(o, &f, err);
    main->requests += f.requests;
    main->bytes += f.bytes;
    if (!rc && vigil__sync_sha256_in(body.ptr ? body.ptr : "", body.len, hex))
        rc = vigil_error_set(err, VIGIL_EPARSE, 0,
                             "cannot read a sha256 sum in '%s'", shown);
    if (!rc)
        rc = check_sha256(main->part, hex, main->shown, err);
    vigil_buf_release(&body);
    free(url);
    return rc;
}

/* Removes the validators kept beside a part that is complete. */
static void drop_meta(const char *part)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    vigil_buf_addf(&b, "%s.meta", part);
    if (b.ptr)
        unlink(b.ptr);
    vigil_buf_release(&b);
}

/* Removes the private folder of one download and what it holds. */
static void remove_tree(const char *dir, const char *file)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    if (file) {
        vigil_buf_addf(&b, "%s/%s", dir, file);
        unlink(b.ptr);
    }
    rmdir(dir);
    vigil_buf_release(&b);
}

/* Empties and removes a folder that holds files only. */
static void remove_folder(const char *dir)
{
    struct dirent *e;
    DIR *d = opendir(dir);

    if (!d)
        return;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            remove_tree(dir, e->d_name);
    closedir(d);
    rmdir(dir);
}

/*
 * Removes the folders STATE/NAME.XXXXXX that a sync stopped during its
 * import left behind (each holds a whole download).  The caller holds
 * the source's lock, so no other process is using them.
 */
static void sweep(const struct vigil_sync_opts *o, const char *name)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    size_t n = strlen(name);
    struct dirent *e;
    struct stat st;
    DIR *d = opendir(o->state_dir);

    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, name, n) != 0 || e->d_name[n] != '.' ||
            strlen(e->d_name + n + 1) != 6)
            continue;
        vigil_buf_reset(&b);
        vigil_buf_addf(&b, "%s/%s", o->state_dir, e->d_name);
        if (b.ptr && lstat(b.ptr, &st) == 0 && S_ISDIR(st.st_mode))
            remove_folder(b.ptr);
    }
    if (d)
        closedir(d);
    vigil_buf_release(&b);
}

/*
 * Moves the verified part into a private folder and imports it.
 * LIMIT: a download that arrived whole but whose import was stopped is
 * fetched again by the next sync. See docs/LIMITS.md#sync-whole-download.
 */
static int import_download(struct vigil_store *s,
                           const struct vigil_source *src,
                           const struct vigil_sync_opts *o,
                           struct vigil__fetch *f,
                           struct vigil_sync_result *res,
                           struct vigil_error *err)
{
    struct vigil_buf dir = VIGIL_BUF_INIT, file = VIGIL_BUF_INIT;
    struct outcome_ctx c = { s, src->name, f };
    char name[256];
    int rc = VIGIL_ENOMEM;

    download_name(src->location, f->part, name, sizeof(name));
    sweep(o, src->name);
    vigil_buf_addf(&dir, "%s/%s.XXXXXX", o->state_dir, src->name);
    if (!dir.ptr || !mkdtemp(dir.ptr)) {
        rc = vigil_error_set(err, VIGIL_EIO, 0, "cannot create a folder in "
                             "'%s': %s", o->state_dir, strerror(errno));
        goto out;
    }
    vigil_buf_addf(&file, "%s/%s", dir.ptr, name);
    if (!file.ptr || rename(f->part, file.ptr) != 0) {
        rc = vigil_error_set(err, VIGIL_EIO, 0, "cannot move '%s': %s",
                             f->part, strerror(errno));
        remove_tree(dir.ptr, NULL);
        goto out;
    }
    drop_meta(f->part);
    rc = vigil__sync_import(s, o, src->name, file.ptr, format_of(src),
                            f->shown, write_success, &c, &res->stats, err);
    remove_tree(dir.ptr, name);
out:
    vigil_buf_release(&dir);
    vigil_buf_release(&file);
    return rc;
}

static int sync_url(struct vigil_store *s, const struct vigil_source *src,
                    const struct vigil_sync_opts *o,
                    struct vigil_sync_result *res, struct vigil_error *err)
{
    struct vigil_buf part = VIGIL_BUF_INIT;
    struct vigil_source_outcome out;
    struct vigil__fetch f;
    char shown[1024];
    int rc;

    if ((rc = vigil__sync_state_dir(o, err)))
        return rc;
    vigil_buf_addf(&part, "%s/%s.part", o->state_dir, src->name);
    vigil_sync_redact_url(src->location, shown, sizeof(shown));
    memset(&f, 0, sizeof(f));
    f.url = src->location;
    f.shown = shown;
    f.etag = src->etag;
    f.last_modified = src->last_modified;
    f.part = part.ptr;
    f.follow = 1;
    rc = vigil__sync_fetch(o, &f, err);
    if (!rc && f.not_modified) {
        res->status = VIGIL_SYNC_UNCHANGED;
        memset(&out, 0, sizeof(out));
        rc = vigil_store_source_outcome(s, src->name, &out, err);
    } else if (!rc) {
        if (src->checksum && (rc = verify_checksum(src, o, &f, err)))
            unlink(part.ptr);
        if (!rc)
            rc = import_download(s, src, o, &f, res, err);
    }
    res->bytes += f.bytes;
    res->requests += f.requests;
    vigil_buf_release(&part);
    return rc;
}

void vigil_sync_forget(const char *state_dir, const char *name)
{
    static const char *const kept[] = { ".part", ".part.meta",
                                        ".page.json", ".lock" };
    struct vigil_buf b = VIGIL_BUF_INIT;
    size_t i;

    /* a bad name could point outside state_dir: unlink nothing */
    if (vigil__sync_check_name(name, NULL))
        return;
    for (i = 0; i < VIGIL_ARRAY_SIZE(kept); i++) {
        vigil_buf_reset(&b);
        vigil_buf_addf(&b, "%s/%s%s", state_dir, name, kept[i]);
        if (b.ptr)
            unlink(b.ptr);
    }
    vigil_buf_release(&b);
}

/* ---- one source ---- */

struct src_copy {
    struct vigil_arena arena;
    struct vigil_source src;
};

static int copy_source(void *ctx, const struct vigil_source *in)
{
    struct src_copy *c = ctx;
    struct vigil_arena *a = &c->arena;
    struct vigil_source *o = &c->src;

    *o = *in;
    o->name = vigil_arena_strdup(a, in->name);
    o->location = vigil_arena_strdup(a, in->location);
#define DUP(f) o->f = in->f ? vigil_arena_strdup(a, in->f) : NULL
    DUP(format);
    DUP(checksum);
    DUP(api_key);
    DUP(etag);
    DUP(last_modified);
    DUP(last_attempt);
    DUP(last_success);
    DUP(last_error);
    DUP(page_from);
    DUP(page_until);
    DUP(synced_until);
    DUP(created);
#undef DUP
    return o->name && o->location ? 0 : VIGIL_ENOMEM;
}

static void global_init(void)
{
    static int done;

    if (done)
        return;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (sodium_init() < 0)
        VIGIL_BUG("libsodium cannot start");
    done = 1;
}

/* Records a failure on the source; the import left nothing behind. */
static void record_failure(struct vigil_store *s, const char *name,
                           struct vigil_sync_result *res)
{
    struct vigil_source_outcome out;
    struct vigil_error e;

    memset(&out, 0, sizeof(out));
    out.error = res->error;
    vigil_error_clear(&e);
    if (vigil_store_source_outcome(s, name, &out, &e))
        vigil_log(VIGIL_LOG_ERROR, "%s", e.msg);
}

static int dispatch_locked(struct vigil_store *s,
                           const struct vigil_source *src,
                           const struct vigil_sync_opts *o,
                           struct vigil_sync_result *res,
                           struct vigil_error *err)
{
    if (o->mirror)
        return sync_mirror(s, src, o, res, err);
    if (vigil_sync_is_nvd_api(src))
        return vigil__sync_nvd(s, src, o, res, err);
    if (vigil_sync_is_url(src->location))
        return sync_url(s, src, o, res, err);
    return sync_path(s, src, src->location, o, res, err);
}

/*
 * Takes STATE/NAME.lock so that two processes never write the same
 * partial download; the lock goes with the descriptor.  Returns the
 * descriptor, or -1 with err set.
 */
static int lock_source(const struct vigil_sync_opts *o, const char *name,
                       struct vigil_error *err)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    int fd = -1;

    /* every state and mirror path is built from the name: stored
     * sources are checked on the way in, this guards older stores */
    if (vigil__sync_check_name(name, err) || vigil__sync_state_dir(o, err))
        return -1;
    vigil_buf_addf(&b, "%s/%s.lock", o->state_dir, name);
    if (b.ptr)
        fd = open(b.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        vigil_error_set(err, VIGIL_EIO, 0, "cannot open '%s': %s",
                        b.ptr ? b.ptr : name, strerror(errno));
    else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        vigil_error_set(err, VIGIL_EBUSY, 0, "source '%s' is being synced "
                        "by another process", name);
        close(fd);
        fd = -1;
    }
    vigil_buf_release(&b);
    return fd;
}

static int dispatch(struct vigil_store *s, const struct vigil_source *src,
                    const struct vigil_sync_opts *o,
                    struct vigil_sync_result *res, struct vigil_error *err)
{
    int fd = lock_source(o, src->name, err), rc;

    if (fd < 0)
        return err->code;
    rc = dispatch_locked(s, src, o, res, err);
    close(fd);
    return rc;
}

int vigil_sync_one(struct vigil_store *s, const char *name,
                   const struct vigil_sync_opts *o,
                   struct vigil_sync_result *res)
{
    struct src_copy c;
    struct vigil_error err;
    int rc, exists;

    global_init();
    memset(res, 0, sizeof(*res));
    memset(&c, 0, sizeof(c));
    snprintf(res->name, sizeof(res->name), "%s", name);
    vigil_arena_init(&c.arena);
    vigil_error_clear(&err);
    rc = vigil_store_source_get(s, name, copy_source, &c);
    if (rc == VIGIL_ENOTFOUND)
        vigil_error_set(&err, rc, 0, "no source named '%s'", name);
    exists = rc == 0;
    if (!rc)
        rc = dispatch(s, &c.src, o, res, &err);
    res->rc = rc;
    if (rc) {
        res->status = rc == VIGIL_ESTATE ? VIGIL_SYNC_INTERRUPTED
                                         : VIGIL_SYNC_FAILED;
        snprintf(res->error, sizeof(res->error), "%s",
                 err.msg[0] ? err.msg : vigil_strerror(rc));
        /* a source another process is syncing keeps that one's word */
        if (exists && rc != VIGIL_EBUSY)
            record_failure(s, name, res);
    }
    vigil_arena_release(&c.arena);
    return rc;
}

/* The names of the sources to sync, copied out of the store's rows. */
struct name_list {
    char **v;
    size_t n, cap;
};

static int add_name(struct name_list *l, const char *name)
{
    char **v;

    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        if (!(v = realloc(l->v, l->cap * sizeof(*v))))
            return VIGIL_ENOMEM;
        l->v = v;
    }
    if (!(l->v[l->n] = strdup(name)))
        return VIGIL_ENOMEM;
    l->n++;
    return 0;
}

static int collect_due(void *ctx, const struct vigil_source *src)
{
    if (!src->enabled || vigil_sync_next_due(src) > vigil_now())
        return 0;
    return add_name(ctx, src->name);
}

static int found(void *ctx, const struct vigil_source *src)
{
    (void)ctx;
    (void)src;
    return 0;
}

static int collect(struct vigil_store *s, const char *const *names,
                   size_t nnames, struct name_list *l,
                   struct vigil_error *err)
{
    size_t i;
    int rc;

    if (!nnames)
        return vigil_store_sources(s, collect_due, l);
    for (i = 0; i < nnames; i++) {
        rc = vigil_store_source_get(s, names[i], found, NULL);
        if (rc == VIGIL_ENOTFOUND)
            return vigil_error_set(err, rc, 0, "no source named '%s'",
                                   names[i]);
        if (rc || (rc = add_name(l, names[i])))
            return rc;
    }
    return 0;
}

int vigil_sync_run(struct vigil_store *s, const char *const *names,
                   size_t nnames, const struct vigil_sync_opts *o,
                   vigil_sync_result_fn fn, void *ctx,
                   struct vigil_error *err)
{
    struct name_list l = { NULL, 0, 0 };
    struct vigil_sync_result *res = malloc(sizeof(*res));
    size_t i;
    int rc, first = 0;

    if (!res)
        return vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
    rc = collect(s, names, nnames, &l, err);
    for (i = 0; !rc && i < l.n; i++) {
        if (vigil__sync_cancelled(o)) {
            first = vigil_error_set(err, VIGIL_ESTATE, 0,
                                    "sync interrupted");
            break;
        }
        vigil_sync_one(s, l.v[i], o, res);
        if (fn)
            fn(ctx, res);
        if (res->rc && !first)
            first = vigil_error_set(err, res->rc, 0, "source '%s': %s",
                                    res->name, res->error);
    }
    for (i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    free(res);
    return rc ? rc : first;
}
