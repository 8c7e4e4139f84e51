/*
 * walk.c - vigil_feed_walk(): turns paths into documents for
 * vigil_feed_parse().  Directories are read recursively in byte order of
 * names, skipping dotfiles; compressed files are read through
 * vigil_buf_read_file(); zip and tar archives give one document per
 * member, named "archive.zip:member.json".  A failure with one file or
 * member is reported and the walk goes on.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "vigil/feed.h"
#include "feed_int.h"
#include "../internal.h"

/* Directory nesting beyond this is reported, not followed. */
#define WALK_MAX_DEPTH 32

struct walk {
    const struct vigil_feed_sink *user;
    struct vigil_feed_sink sink;   /* forwards to user, counting errors */
    enum vigil_format fmt;
    struct vigil_buf doc;          /* reused for every document */
    size_t nerrors;
    int stop;                      /* what on_advisory returned */
};

static const char *const archive_suffixes[] = {
    ".zip", ".tar", ".tgz", ".tar.gz", ".txz", ".tar.xz", ".tbz2",
    ".tar.bz2", ".tar.zst",
};

static int fwd_advisory(void *ctx, const struct vigil_advisory *adv)
{
    struct walk *w = ctx;
    int rc = 0;

    if (w->user->on_advisory)
        rc = w->user->on_advisory(w->user->ctx, adv);
    if (rc)
        w->stop = rc;
    return rc;
}

static void fwd_error(void *ctx, const char *origin,
                      const struct vigil_error *err)
{
    struct walk *w = ctx;

    w->nerrors++;
    if (w->user->on_error)
        w->user->on_error(w->user->ctx, origin, err);
}

static void fwd_file(void *ctx, const char *origin, enum vigil_format f)
{
    struct walk *w = ctx;

    if (w->user->on_file)
        w->user->on_file(w->user->ctx, origin, f);
}

/* A skipped document is no error: it does not count in nerrors. */
static void fwd_skip(void *ctx, const char *origin, const char *reason)
{
    struct walk *w = ctx;

    if (w->user->on_skip)
        w->user->on_skip(w->user->ctx, origin, reason);
}

static int fwd_epss(void *ctx, const char *cve, double epss, double pct,
                    const char *model, const char *date)
{
    struct walk *w = ctx;

    if (!w->user->on_epss)
        return 0;
    return w->user->on_epss(w->user->ctx, cve, epss, pct, model, date);
}

static int fwd_finding(void *ctx, const struct vigil_finding *f)
{
    struct walk *w = ctx;

    return w->user->on_finding ? w->user->on_finding(w->user->ctx, f) : 0;
}

/* Reports "cannot <verb> '<origin>': <detail>". */
static void walk_error(struct walk *w, const char *origin, int code,
                       const char *verb, const char *detail)
{
    struct vigil_error err;

    vigil_error_clear(&err);
    vigil_error_set(&err, code, 0, "cannot %s '%s': %s", verb, origin,
                    detail ? detail : vigil_strerror(code));
    fwd_error(w, origin, &err);
}

/* "a" sep "b" in memory the caller frees, or NULL. */
static char *join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s%s%s", a, sep, b);
    return p;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && vigil__strcasecmp(s + n - m, suffix) == 0;
}

static int is_archive(const char *path)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(archive_suffixes); i++)
        if (has_suffix(path, archive_suffixes[i]))
            return 1;
    return 0;
}

/* Parses w->doc; only the callback's own code ends the walk. */
static int parse_doc(struct walk *w, const char *origin)
{
    int rc = vigil_feed_parse(w->fmt, w->doc.ptr, w->doc.len, origin,
                              &w->sink);

    return w->stop ? w->stop : (rc == VIGIL_ENOMEM ? rc : 0);
}

static int walk_file(struct walk *w, const char *path)
{
    struct vigil_error err;
    int rc;

    vigil_buf_reset(&w->doc);
    vigil_error_clear(&err);
    rc = vigil_buf_read_file(&w->doc, path, VIGIL_FEED_MAX_DOC, &err);
    if (rc) {
        fwd_error(w, path, &err);
        return rc == VIGIL_ENOMEM ? rc : 0;
    }
    return parse_doc(w, path);
}

/* Reads the current member of a into w->doc, up to the size cap. */
static int read_member(struct walk *w, struct archive *a, const char *origin)
{
    char chunk[65536];
    la_ssize_t n;
    int rc;

    vigil_buf_reset(&w->doc);
    while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
        if (w->doc.len + (size_t)n > VIGIL_FEED_MAX_DOC) {
            walk_error(w, origin, VIGIL_ELIMIT, "read",
                       "larger than 256 MiB");
            return VIGIL_ELIMIT;
        }
        if ((rc = vigil_buf_add(&w->doc, chunk, (size_t)n)))
            return rc;
    }
    if (n < 0) {
        walk_error(w, origin, VIGIL_EIO, "read", archive_error_string(a));
        return VIGIL_EIO;
    }
    return vigil_buf_grow(&w->doc, 0);
}

static int skip_member(const char *name)
{
    const char *base = strrchr(name, '/');

    base = base ? base + 1 : name;
    return base[0] == '.' || base[0] == '\0' ||
           strncmp(name, "__MACOSX/", 9) == 0;
}

/*
 * LIMIT: archive members are parsed as they are; compressed files or
 * archives inside an archive are reported as of unknown format. See
 * docs/LIMITS.md#feed-nested-archives.
 * A member over the size cap is skipped; a damaged stream ends the
 * archive, as nothing after it can be trusted.
 */
static int walk_members(struct walk *w, struct archive *a, const char *path)
{
    struct archive_entry *e;
    char *origin;
    int r, rc;

    while ((r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            walk_error(w, path, VIGIL_EIO, "read archive",
                       archive_error_string(a));
            return 0;
        }
        if (archive_entry_filetype(e) != AE_IFREG ||
            skip_member(archive_entry_pathname(e)))
            continue;
        origin = join(path, ":", archive_entry_pathname(e));
        if (!origin)
            return VIGIL_ENOMEM;
        rc = read_member(w, a, origin);
        if (rc == 0)
            rc = parse_doc(w, origin);
        free(origin);
        if (w->stop || rc == VIGIL_ENOMEM)
            return w->stop ? w->stop : rc;
        if (rc == VIGIL_EIO)
            return 0;
    }
    return 0;
}

static int walk_archive(struct walk *w, const char *path)
{
    struct archive *a = archive_read_new();
    int rc = 0;

    if (!a)
        return VIGIL_ENOMEM;
    archive_read_support_filter_all(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK)
        walk_error(w, path, VIGIL_EIO, "open archive",
                   archive_error_string(a));
    else
        rc = walk_members(w, a, path);
    archive_read_free(a);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, dotfiles left out, sorted; *n set.  Caller frees. */
static char **list_dir(DIR *dir, size_t *n)
{
    struct dirent *de;
    char **names = NULL, **p;
    size_t cap = 0;

    *n = 0;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            p = realloc(names, cap * sizeof(*names));
            if (!p)
                goto fail;
            names = p;
        }
        if (!(names[*n] = strdup(de->d_name)))
            goto fail;
        (*n)++;
    }
    if (*n)
        qsort(names, *n, sizeof(*names), by_name);
    return names ? names : calloc(1, sizeof(*names));
fail:
    while (*n)
        free(names[--(*n)]);
    free(names);
    return NULL;
}

static int walk_path(struct walk *w, const char *path, int depth);

static int walk_dir(struct walk *w, const char *path, int depth)
{
    DIR *dir = opendir(path);
    char **names, *sub;
    size_t n, i;
    int rc = 0;

    if (!dir) {
        walk_error(w, path, VIGIL_EIO, "open", strerror(errno));
        return 0;
    }
    names = list_dir(dir, &n);
    closedir(dir);
    if (!names)
        return VIGIL_ENOMEM;
    for (i = 0; i < n; i++) {
        sub = NULL;
        if (!rc && !(sub = join(path, has_suffix(path, "/") ? "" : "/",
                                names[i])))
            rc = VIGIL_ENOMEM;
        if (!rc)
            rc = walk_path(w, sub, depth + 1);
        free(sub);
        free(names[i]);
    }
    free(names);
    return rc;
}

/*
 * Symbolic links to directories are followed only when named on the
 * command line, so that a link loop cannot make the walk go round.
 */
static int walk_path(struct walk *w, const char *path, int depth)
{
    struct stat st, lst;

    if (strcmp(path, "-") == 0)
        return walk_file(w, path);
    if (stat(path, &st) != 0) {
        walk_error(w, path, VIGIL_EIO, "read", strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        if (depth > 0 && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            return 0;
        if (depth >= WALK_MAX_DEPTH) {
            walk_error(w, path, VIGIL_ELIMIT, "read",
                       "directories nested too deep");
            return 0;
        }
        return walk_dir(w, path, depth);
    }
    /* a FIFO or device would block the walk or never end */
    if (!S_ISREG(st.st_mode)) {
        walk_error(w, path, VIGIL_EIO, "read", "not a regular file");
        return 0;
    }
    if (is_archive(path))
        return walk_archive(w, path);
    return walk_file(w, path);
}

int vigil_feed_walk(const char *const *paths, size_t npaths,
                    enum vigil_format fmt,
                    const struct vigil_feed_sink *sink)
{
    struct walk w;
    size_t i;
    int rc = 0;

    if (!sink || (!paths && npaths))
        return VIGIL_EINVAL;
    memset(&w, 0, sizeof(w));
    w.user = sink;
    w.fmt = fmt;
    w.sink.on_advisory = fwd_advisory;
    w.sink.on_error = fwd_error;
    w.sink.on_file = fwd_file;
    w.sink.on_skip = fwd_skip;
    w.sink.on_epss = fwd_epss;
    w.sink.on_finding = fwd_finding;
    w.sink.ctx = &w;
    for (i = 0; i < npaths && !rc; i++)
        rc = walk_path(&w, paths[i], 0);
    vigil_buf_release(&w.doc);
    if (rc)
        return rc;
    return w.nerrors ? VIGIL_EPARSE : 0;
}
