/*
 * test_sync.c - the sync module without a network: durations, URL
 * redaction, Retry-After and checksum files, when a source is due,
 * source rows in the store, the all-or-nothing import, and syncs of
 * paths, file: URLs and mirrors.  HTTP is tested end to end in
 * tests/e2e/test_sync*.sh.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vigil/sync.h"
#include "sync/sync_int.h"
#include "store_helpers.h"
#include "internal.h"

#define FIX "tests/fixtures/"

/* The source tree: $VIGIL_SRC (set by tests/run.sh), else ".". */
static char root[1024];

static const char *fix(const char *rel, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", root, rel);
    return buf;
}

/* ---- pure functions ---- */

static const struct {
    const char *in;
    int rc;
    long long secs;
} durations[] = {
    { "90", 0, 90 },          { "30s", 0, 30 },
    { "30m", 0, 1800 },       { "6h", 0, 21600 },
    { "1d", 0, 86400 },       { "2w", 0, 1209600 },
    { "6H", 0, 21600 },       { "0", VIGIL_ERANGE, 0 },
    { "", VIGIL_EINVAL, 0 },  { "5y", VIGIL_EINVAL, 0 },
    { "-1h", VIGIL_EINVAL, 0 }, { "1.5h", VIGIL_EINVAL, 0 },
    { "h", VIGIL_EINVAL, 0 }, { " 1h", VIGIL_EINVAL, 0 },
    { "99999999999w", VIGIL_ERANGE, 0 },
    { "3660d", 0, 3660LL * 86400 },
    { "3661w", VIGIL_ERANGE, 0 },
};

static void test_duration_parse(void **state)
{
    size_t i;
    long long secs;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(durations); i++) {
        secs = -1;
        assert_int_equal(vigil_duration_parse(durations[i].in, &secs),
                         durations[i].rc);
        if (durations[i].rc == 0)
            assert_int_equal(secs, durations[i].secs);
        else
            assert_int_equal(secs, -1);
    }
}

static void test_duration_format(void **state)
{
    static const struct {
        long long secs;
        const char *out;
    } cases[] = {
        { 21600, "6h" }, { 90, "90s" }, { 86400, "1d" }, { 604800, "1w" },
        { 90000, "25h" }, { 1800, "30m" }, { 1, "1s" },
    };
    char buf[24];
    long long back;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        vigil_duration_format(cases[i].secs, buf, sizeof(buf));
        assert_string_equal(buf, cases[i].out);
        assert_int_equal(vigil_duration_parse(buf, &back), 0);
        assert_int_equal(back, cases[i].secs);
    }
}

static const struct {
    const char *in;
    const char *out;
} redactions[] = {
    { "https://example.org/feed.json", "https://example.org/feed.json" },
    { "https://user:pw@example.org/a.json", "https://***@example.org/a.json" },
    { "https://a@b:pw@example.org/", "https://***@example.org/" },
    { "https://x.org/cves/2.0?apiKey=s3cret&startIndex=0",
      "https://x.org/cves/2.0?apiKey=***&startIndex=0" },
    { "https://x.org/f?a=1&TOKEN=t&b=2#frag",
      "https://x.org/f?a=1&TOKEN=***&b=2#frag" },
    { "https://x.org/f?key=1&keys=2", "https://x.org/f?key=***&keys=2" },
    { "https://x.org/f?sig=", "https://x.org/f?sig=***" },
    { "https://x.org/a@b/f", "https://x.org/a@b/f" },
    { "https://x.org/f#?token=t", "https://x.org/f#?token=t" },
    { "file:///srv/feeds/kev.json", "file:///srv/feeds/kev.json" },
    { "/srv/feeds/kev.json", "/srv/feeds/kev.json" },
};

static void test_redact_url(void **state)
{
    char out[256], small[12];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(redactions); i++) {
        vigil_sync_redact_url(redactions[i].in, out, sizeof(out));
        assert_string_equal(out, redactions[i].out);
    }
    vigil_sync_redact_url("https://u:secret@x.org/", small, sizeof(small));
    assert_string_equal(small, "https://***");
}

static void test_url_kinds(void **state)
{
    struct vigil_source src;
    static const struct {
        const char *loc, *fmt;
        int url, api;
    } cases[] = {
        { "https://services.nvd.nist.gov/rest/json/cves/2.0", "nvd", 1, 1 },
        { "http://127.0.0.1:8080/rest/json/cves/2.0/?x=1", "nvd", 1, 1 },
        { "https://services.nvd.nist.gov/rest/json/cves/2.0", NULL, 1, 0 },
        { "https://x.org/nvdcve-2.0-2024.json.gz", "nvd", 1, 0 },
        { "file:///m/rest/json/cves/2.0", "nvd", 1, 0 },
        { "/srv/cves/2.0", "nvd", 0, 0 },
        { "c:/x", NULL, 0, 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        memset(&src, 0, sizeof(src));
        src.location = cases[i].loc;
        src.format = cases[i].fmt;
        assert_int_equal(vigil_sync_is_url(cases[i].loc), cases[i].url);
        assert_int_equal(vigil_sync_is_nvd_api(&src), cases[i].api);
    }
}

static void test_retry_after(void **state)
{
    time_t now;
    double secs;

    (void)state;
    assert_int_equal(vigil_time_parse("2015-10-21T07:27:30Z", &now), 0);
    assert_int_equal(vigil__sync_retry_after("1", now, &secs), 0);
    assert_true(secs == 1.0);
    assert_int_equal(vigil__sync_retry_after(" 120", now, &secs), 0);
    assert_true(secs == 120.0);
    assert_int_equal(vigil__sync_retry_after(
                         "Wed, 21 Oct 2015 07:28:00 GMT", now, &secs), 0);
    assert_true(secs == 30.0);
    assert_int_equal(vigil__sync_retry_after(
                         "Wed, 21 Oct 2015 07:00:00 GMT", now, &secs), 0);
    assert_true(secs == 0.0);
    secs = -7;
    assert_int_equal(vigil__sync_retry_after("soon", now, &secs),
                     VIGIL_EINVAL);
    assert_int_equal(vigil__sync_retry_after("-5", now, &secs),
                     VIGIL_EINVAL);
    assert_int_equal(vigil__sync_retry_after("5s", now, &secs),
                     VIGIL_EINVAL);
    assert_true(secs == -7);
}

static void test_sha256_files(void **state)
{
    static const struct {
        const char *file;
        int rc;
    } cases[] = {
        { FIX "sync/ok_mirror/kev.sha256", 0 },
        { FIX "sync/ok_bsd_sha256.txt", 0 },
        { FIX "sync/bad_short_sha256.txt", VIGIL_EPARSE },
        { FIX "sync/bad_long_sha256.txt", VIGIL_EPARSE },
    };
    const char *want = "d6ef0ab6a157e46729efe6d9b93d927e"
                       "2c2f94fd09b12f99383c8918b960ceaf";
    struct vigil_buf b = VIGIL_BUF_INIT;
    char hex[65], path[1200];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        vigil_buf_reset(&b);
        fix(cases[i].file, path, sizeof(path));
        assert_int_equal(vigil_buf_read_file(&b, path, 4096, NULL), 0);
        assert_int_equal(vigil__sync_sha256_in(b.ptr, b.len, hex),
                         cases[i].rc);
        if (cases[i].rc == 0)
            assert_string_equal(hex, want);
    }
    vigil_buf_release(&b);
}

static void test_next_due(void **state)
{
    struct vigil_source src;
    time_t t;

    (void)state;
    memset(&src, 0, sizeof(src));
    src.page_start = -1;
    src.every = 3600;
    assert_int_equal(vigil_sync_next_due(&src), 0);
    src.last_success = "2026-01-01T00:00:00Z";
    assert_int_equal(vigil_time_parse("2026-01-01T01:00:00Z", &t), 0);
    assert_int_equal(vigil_sync_next_due(&src), t);
    src.page_start = 2000;
    assert_int_equal(vigil_sync_next_due(&src), 0);
    src.page_start = -1;
    src.every = 0;
    assert_int_equal(vigil_sync_next_due(&src), 0);
}

/* ---- with a store ---- */

struct fixture {
    char dir[64];
    char db[96];
    char state[96];
    char cwd[1024];
    struct vigil_store *s;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f || !getcwd(f->cwd, sizeof(f->cwd)))
        return -1;
    if (store_tmp_open("sync", f->dir, sizeof(f->dir), f->db,
                       sizeof(f->db), &f->s) != 0)
        return -1;
    snprintf(f->state, sizeof(f->state), "%s/t.db-sync", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    return store_tmp_close(f, f->s, f->dir);
}

/* Copies the fields the tests look at out of a source row. */
struct seen {
    int n;
    long long every, last_read, total, page_start;
    int enabled;
    char location[512], error[512], etag[64], success[32], until[32];
};

static void keep(char *dst, size_t n, const char *v)
{
    snprintf(dst, n, "%s", v ? v : "");
}

static int see(void *ctx, const struct vigil_source *src)
{
    struct seen *w = ctx;

    w->n++;
    w->every = src->every;
    w->enabled = src->enabled;
    w->last_read = src->last_read;
    w->total = src->total_read;
    w->page_start = src->page_start;
    keep(w->location, sizeof(w->location), src->location);
    keep(w->error, sizeof(w->error), src->last_error);
    keep(w->etag, sizeof(w->etag), src->etag);
    keep(w->success, sizeof(w->success), src->last_success);
    keep(w->until, sizeof(w->until), src->synced_until);
    return 0;
}

static struct seen get(struct fixture *f, const char *name)
{
    struct seen w;

    memset(&w, 0, sizeof(w));
    assert_int_equal(vigil_store_source_get(f->s, name, see, &w), 0);
    return w;
}

static void add(struct fixture *f, const char *name, const char *loc,
                const char *checksum)
{
    struct vigil_source src;
    struct vigil_error err;

    memset(&src, 0, sizeof(src));
    src.name = name;
    src.location = loc;
    src.checksum = checksum;
    vigil_error_clear(&err);
    assert_int_equal(vigil_sync_source_add(f->s, &src, &err), 0);
}

static void test_source_rows(void **state)
{
    struct fixture *f = *state;
    struct vigil_source_outcome out;
    struct vigil_error err;
    struct seen w;

    add(f, "kev", "https://x.org/kev.json", NULL);
    assert_int_equal(get(f, "kev").enabled, 1);
    assert_int_equal(get(f, "kev").page_start, -1);
    assert_int_equal(vigil_store_source_enable(f->s, "kev", 0, &err), 0);
    assert_int_equal(get(f, "kev").enabled, 0);
    assert_int_equal(vigil_store_source_enable(f->s, "nope", 1, &err),
                     VIGIL_ENOTFOUND);

    /* a success stores validators and counts and ends a paged run */
    assert_int_equal(vigil_store_source_page(f->s, "kev", 4000, NULL,
                                             "2026-01-01T00:00:00Z", &err),
                     0);
    assert_int_equal(get(f, "kev").page_start, 4000);
    memset(&out, 0, sizeof(out));
    out.validators = 1;
    out.etag = "\"abc\"";
    out.read = 7;
    out.synced_until = "2026-01-01T00:00:00Z";
    assert_int_equal(vigil_store_source_outcome(f->s, "kev", &out, &err), 0);
    w = get(f, "kev");
    assert_string_equal(w.etag, "\"abc\"");
    assert_int_equal(w.last_read, 7);
    assert_int_equal(w.page_start, -1);
    assert_string_equal(w.until, "2026-01-01T00:00:00Z");

    /* a failure keeps all that and says why; a 304 keeps the etag */
    assert_int_equal(vigil_store_source_page(f->s, "kev", 2000, NULL,
                                             "2026-02-01T00:00:00Z", &err),
                     0);
    memset(&out, 0, sizeof(out));
    out.error = "cannot download: HTTP 500";
    assert_int_equal(vigil_store_source_outcome(f->s, "kev", &out, &err), 0);
    w = get(f, "kev");
    assert_string_equal(w.error, "cannot download: HTTP 500");
    assert_string_equal(w.etag, "\"abc\"");
    assert_int_equal(w.page_start, 2000);
    assert_int_equal(w.last_read, 7);
    memset(&out, 0, sizeof(out));
    out.read = 3;
    assert_int_equal(vigil_store_source_outcome(f->s, "kev", &out, &err), 0);
    w = get(f, "kev");
    assert_string_equal(w.error, "");
    assert_string_equal(w.etag, "\"abc\"");
    assert_int_equal(w.total, 10);

    assert_int_equal(vigil_store_source_remove(f->s, "kev", &err), 0);
    assert_int_equal(vigil_store_source_remove(f->s, "kev", &err),
                     VIGIL_ENOTFOUND);
}

static void test_source_checks(void **state)
{
    static const struct {
        const char *name, *loc, *format, *checksum;
        int rc;
    } cases[] = {
        { "ok", "https://x.org/a.json", "kev", "sha256", 0 },
        { "ok", "https://x.org/b.json", NULL, NULL, VIGIL_EEXIST },
        { "../x", "/a", NULL, NULL, VIGIL_EINVAL },
        { ".hidden", "/a", NULL, NULL, VIGIL_EINVAL },
        { "", "/a", NULL, NULL, VIGIL_EINVAL },
        { "a b", "/a", NULL, NULL, VIGIL_EINVAL },
        { "ftp", "ftp://x.org/a", NULL, NULL, VIGIL_EINVAL },
        { "fmt", "/a", "rss2", NULL, VIGIL_EINVAL },
        { "sum", "/a", NULL, "sha256", VIGIL_EINVAL },
        { "md5", "https://x.org/a", NULL, "md5", VIGIL_EINVAL },
        { "nl", "https://x.org/a\nb", NULL, NULL, VIGIL_EINVAL },
        { "rel", "feeds/kev.json", NULL, NULL, 0 },
        /* schemes in any case; a web URL must name its host */
        { "up", "HTTPS://x.org/a.json", NULL, NULL, 0 },
        { "mixed", "hTTp://[::1]:8080/a", NULL, "sha256", 0 },
        { "upfile", "FILE:///srv/feeds/a.json", NULL, NULL, 0 },
        { "nohost", "http:///etc/passwd", NULL, NULL, VIGIL_EINVAL },
        { "nohost2", "HTTPS://user@:443/a", NULL, NULL, VIGIL_EINVAL },
        { "nohost3", "https://?x", NULL, NULL, VIGIL_EINVAL },
        /* libcurl's parser must take a web URL; a port from 1 to 65535 */
        { "v6", "http://[]/x", NULL, NULL, VIGIL_EINVAL },
        { "port", "http://host:abc/x", NULL, NULL, VIGIL_EINVAL },
        { "port2", "hTTp://127.0.0.1:99999/x", NULL, NULL, VIGIL_EINVAL },
        { "port3", "http://x.org:0/a", NULL, NULL, VIGIL_EINVAL },
        { "port4", "http://x.org:00/a", NULL, NULL, VIGIL_EINVAL },
        { "port5", "https://x.org:65535/a", NULL, NULL, 0 },
        { "port6", "http://x.org:1/a", NULL, NULL, 0 },
        { "space", "http://exa mple.org/", NULL, NULL, VIGIL_EINVAL },
        { "space2", "https://x.org/a b", NULL, NULL, VIGIL_EINVAL },
        { "tab", "https://x.org/a\tb", NULL, NULL, VIGIL_EINVAL },
        /* an http scheme without "//" is no file name */
        { "s6", "http:example.org/x", NULL, NULL, VIGIL_EINVAL },
        { "s7", "HTTPS:/x", NULL, NULL, VIGIL_EINVAL },
        { "s8", "https:", NULL, NULL, VIGIL_EINVAL },
        { "s9", "./http:example.org/x", NULL, NULL, 0 },
        { "s10", "httpd:x", NULL, NULL, 0 },
    };
    struct fixture *f = *state;
    struct vigil_source src;
    struct vigil_error err;
    char want[1200];
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        memset(&src, 0, sizeof(src));
        src.name = cases[i].name;
        src.location = cases[i].loc;
        src.format = cases[i].format;
        src.checksum = cases[i].checksum;
        vigil_error_clear(&err);
        assert_int_equal(vigil_sync_source_add(f->s, &src, &err),
                         cases[i].rc);
        if (cases[i].rc)
            assert_true(err.msg[0] != '\0');
    }
    snprintf(want, sizeof(want), "%s/feeds/kev.json", f->cwd);
    assert_string_equal(get(f, "rel").location, want);
}

/* A refused web URL is named, its secrets hidden, with the reason. */
static void test_source_url_messages(void **state)
{
    static const struct {
        const char *loc, *msg;
    } cases[] = {
        { "http://[]/x", "cannot use 'http://[]/x': bad IPv6 address" },
        { "http://host:abc/x", "cannot use 'http://host:abc/x': the port "
                               "is not a number from 1 to 65535" },
        { "https://u:pw@h:0/?token=t", "cannot use 'https://***@h:0/"
                                       "?token=***': the port is not a "
                                       "number from 1 to 65535" },
        { "http://exa mple.org/", "cannot use 'http://exa mple.org/': a "
                                  "URL cannot hold white space" },
        { "http://a\\b/", "cannot use 'http://a\\b/': bad hostname" },
        { "http:example.org/x", "cannot use 'http:example.org/x': write "
                                "a URL as scheme://host/path" },
        { "hTTps:u:pw@h/x", "cannot use 'hTTps:***@h/x': write a URL as "
                            "scheme://host/path" },
    };
    struct vigil_source src;
    struct vigil_error err;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        memset(&src, 0, sizeof(src));
        src.name = "s";
        src.location = cases[i].loc;
        vigil_error_clear(&err);
        assert_int_equal(vigil_source_check(&src, &err), VIGIL_EINVAL);
        assert_string_equal(err.msg, cases[i].msg);
    }
}

/* ---- the all-or-nothing import ---- */

static int veto(void *ctx, const struct vigil_import_stats *st,
                struct vigil_error *err)
{
    int *calls = ctx;

    (*calls)++;
    assert_int_equal(st->total.read, 2);
    return vigil_error_set(err, VIGIL_EINVAL, 0, "vetoed");
}

static long long advisories(struct fixture *f)
{
    struct vigil_store_counts c;

    vigil_store_counts(f->s, &c);
    return c.advisories;
}

static void import_dir(struct fixture *f, const char **files, size_t n,
                       char *dir, size_t dirlen)
{
    char cmd[2048];
    size_t i, k;

    snprintf(dir, dirlen, "%s/in", f->dir);
    k = (size_t)snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir '%s'",
                         dir, dir);
    for (i = 0; i < n; i++)
        k += (size_t)snprintf(cmd + k, sizeof(cmd) - k,
                              " && cp '%s' '%s/%zu-%s'", files[i], dir, i,
                              strrchr(files[i], '/') + 1);
    assert_int_equal(system(cmd), 0);
}

static void test_single_transaction(void **state)
{
    struct fixture *f = *state;
    char p0[1200], p1[1200], p2[1200];
    const char *good_bad[] = { fix(FIX "kev/ok_small.json", p0, sizeof(p0)),
                               fix(FIX "kev/bad_truncated.json", p1,
                                   sizeof(p1)),
                               fix(FIX "osv/ok_array.json", p2,
                                   sizeof(p2)) };
    struct vigil_import_opts io;
    struct vigil_import_stats st;
    struct vigil_error err;
    volatile sig_atomic_t cancel = 0;
    const char *path;
    char dir[256], label[300];
    int calls = 0;

    /* one document cut short: nothing lands, the error names it */
    import_dir(f, good_bad, 3, dir, sizeof(dir));
    path = dir;
    memset(&io, 0, sizeof(io));
    io.single_transaction = 1;
    io.origin_from = dir;
    io.origin_to = "https://x.org/feed";
    vigil_error_clear(&err);
    assert_int_equal(vigil_import_paths(f->s, &path, 1, &io, &st, &err),
                     VIGIL_EPARSE);
    assert_int_equal(advisories(f), 0);
    snprintf(label, sizeof(label), "'https://x.org/feed/1-bad_truncated");
    assert_non_null(strstr(err.msg, label));
    assert_null(strstr(err.msg, dir));

    /* before_commit sees the totals and can refuse */
    import_dir(f, good_bad, 1, dir, sizeof(dir));
    io.before_commit = veto;
    io.ctx = &calls;
    assert_int_equal(vigil_import_paths(f->s, &path, 1, &io, &st, &err),
                     VIGIL_EINVAL);
    assert_int_equal(calls, 1);
    assert_int_equal(advisories(f), 0);

    /* a cancel stops it before the first record */
    io.before_commit = NULL;
    io.cancel = &cancel;
    cancel = 1;
    assert_int_equal(vigil_import_paths(f->s, &path, 1, &io, &st, &err),
                     VIGIL_ESTATE);
    assert_int_equal(advisories(f), 0);
    cancel = 0;
    assert_int_equal(vigil_import_paths(f->s, &path, 1, &io, &st, &err), 0);
    assert_int_equal(advisories(f), 2);
}

/* ---- syncs without a network ---- */

static void test_sync_path_and_file_url(void **state)
{
    struct fixture *f = *state;
    struct vigil_sync_opts o;
    struct vigil_sync_result res;
    char loc[1200];
    struct seen w;

    vigil_sync_opts_init(&o);
    o.state_dir = f->state;
    o.max_tries = 1;
    snprintf(loc, sizeof(loc), "%s/" FIX "sync/ok_mirror/osv", root);
    add(f, "osv", loc, NULL);
    snprintf(loc, sizeof(loc), "file://%s/" FIX "sync/ok_mirror/kev",
             root);
    add(f, "kev", loc, "sha256");
    snprintf(loc, sizeof(loc), "file://%s/" FIX "sync/none.json", root);
    add(f, "gone", loc, NULL);

    assert_int_equal(vigil_sync_one(f->s, "osv", &o, &res), 0);
    assert_int_equal(res.status, VIGIL_SYNC_DONE);
    assert_true(res.stats.total.read > 0);
    assert_int_equal(vigil_sync_one(f->s, "kev", &o, &res), 0);
    assert_int_equal(res.stats.total.read, 2);
    assert_int_equal(res.requests, 2);        /* the file and its sum */
    w = get(f, "kev");
    assert_int_equal(w.last_read, 2);
    assert_string_equal(w.error, "");
    assert_true(w.success[0] != '\0');

    assert_int_equal(vigil_sync_one(f->s, "gone", &o, &res), VIGIL_ENET);
    assert_int_equal(res.status, VIGIL_SYNC_FAILED);
    w = get(f, "gone");
    assert_non_null(strstr(w.error, "none.json"));
    assert_string_equal(w.success, "");
    assert_int_equal(vigil_sync_one(f->s, "nope", &o, &res),
                     VIGIL_ENOTFOUND);
}

static void test_sync_mirror(void **state)
{
    struct fixture *f = *state;
    struct vigil_sync_opts o;
    struct vigil_sync_result res;
    char mirror[1200];

    vigil_sync_opts_init(&o);
    o.state_dir = f->state;
    add(f, "kev", "https://127.0.0.1:9/never-asked.json", NULL);
    snprintf(mirror, sizeof(mirror), "%s/" FIX "sync/ok_mirror", root);
    o.mirror = mirror;
    assert_int_equal(vigil_sync_one(f->s, "kev", &o, &res), 0);
    assert_int_equal(res.requests, 0);
    assert_int_equal(res.stats.total.read, 2);

    /* two candidates kev.json and kev.json.gz: refused, not guessed */
    snprintf(mirror, sizeof(mirror), "%s/" FIX "sync/bad_mirror", root);
    assert_int_equal(vigil_sync_one(f->s, "kev", &o, &res),
                     VIGIL_ENOTFOUND);
    assert_non_null(strstr(res.error, "several"));
}

struct counted {
    int n;
    char names[4][VIGIL_SOURCE_NAME_MAX + 1];
};

static void count_result(void *ctx, const struct vigil_sync_result *r)
{
    struct counted *c = ctx;

    if (c->n < 4)
        snprintf(c->names[c->n], sizeof(c->names[0]), "%s", r->name);
    c->n++;
}

static void test_sync_run_due(void **state)
{
    struct fixture *f = *state;
    struct vigil_sync_opts o;
    struct vigil_error err;
    struct counted c;
    struct vigil_source src;
    const char *unknown[] = { "osv", "nope" };
    char loc[1200];

    vigil_sync_opts_init(&o);
    o.state_dir = f->state;
    snprintf(loc, sizeof(loc), "%s/" FIX "sync/ok_mirror/osv", root);
    memset(&src, 0, sizeof(src));
    src.name = "osv";
    src.location = loc;
    src.every = 3600;
    assert_int_equal(vigil_sync_source_add(f->s, &src, &err), 0);
    add(f, "off", loc, NULL);
    assert_int_equal(vigil_store_source_enable(f->s, "off", 0, &err), 0);

    memset(&c, 0, sizeof(c));
    assert_int_equal(vigil_sync_run(f->s, NULL, 0, &o, count_result, &c,
                                    &err), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.names[0], "osv");

    /* synced a moment ago, every hour: not due; named: synced */
    memset(&c, 0, sizeof(c));
    assert_int_equal(vigil_sync_run(f->s, NULL, 0, &o, count_result, &c,
                                    &err), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal(vigil_sync_run(f->s, unknown, 1, &o, count_result, &c,
                                    &err), 0);
    assert_int_equal(c.n, 1);
    memset(&c, 0, sizeof(c));
    assert_int_equal(vigil_sync_run(f->s, unknown, 2, &o, count_result, &c,
                                    &err), VIGIL_ENOTFOUND);
    assert_int_equal(c.n, 0);
    assert_non_null(strstr(err.msg, "'nope'"));
}

int main(void)
{
    const char *src = getenv("VIGIL_SRC");

    if (src && *src)
        snprintf(root, sizeof(root), "%s", src);
    else if (!getcwd(root, sizeof(root)))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duration_parse),
        cmocka_unit_test(test_duration_format),
        cmocka_unit_test(test_redact_url),
        cmocka_unit_test(test_url_kinds),
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_sha256_files),
        cmocka_unit_test(test_next_due),
        cmocka_unit_test_setup_teardown(test_source_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_source_checks, setup,
                                        teardown),
        cmocka_unit_test(test_source_url_messages),
        cmocka_unit_test_setup_teardown(test_single_transaction, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sync_path_and_file_url, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sync_mirror, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_run_due, setup, teardown),
    };

    return cmocka_run_group_tests_name("sync", tests, NULL, NULL);
}
