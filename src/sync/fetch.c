/*
 * fetch.c - downloads over HTTP, HTTPS and file: URLs with libcurl.
 *
 * A download goes to a .part file, or to memory for small bodies and
 * API pages.  Beside the .part file, a .part.meta file keeps a hash of
 * the URL and the validators of the response the part came from, so a
 * download cut short resumes with "Range: bytes=N-" and "If-Range"; a
 * server that answers 200 instead starts the file again.  Connection
 * errors, 5xx and 429 are tried again after a pause that doubles each
 * time, or after Retry-After on 429 and 503, within o->max_tries tries
 * and o->max_wait seconds of pauses.
 *
 * LIMIT: file: URLs are read whole each time, with no validators and no
 * resume. See docs/LIMITS.md#sync-file-urls.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "vigil/sync.h"
#include "sync_int.h"
#include "../internal.h"

/* A stalled transfer (under 1 byte/s for this long) is a failure. */
#define STALL_SECONDS 60L
#define MAX_REDIRECTS 10L

/* Why a callback stopped a transfer. */
enum abort_reason {
    ABORT_NONE,
    ABORT_RANGE,       /* a 206 that does not continue the part */
    ABORT_IO,          /* the part file could not be written */
    ABORT_TOO_BIG      /* the body is over its cap */
};

/* What one try came to. */
enum try_result {
    TRY_DONE,
    TRY_AGAIN,         /* worth another try after a pause */
    TRY_AGAIN_NOW,     /* another try at once (the part was dropped) */
    TRY_FAIL           /* permanent */
};

struct xfer {
    struct vigil__fetch *f;
    const struct vigil_sync_opts *o;
    long long resume_from;      /* bytes of the part kept, 0: none */
    int resumable;              /* HTTP(S): validators and ranges */
    int fd;
    int decided;                /* the first body byte chose a sink */
    int discard;                /* an error body: thrown away */
    enum abort_reason abort;
    long status;                /* of the last header block */
    char etag[256];
    char lm[128];
    double retry_after;         /* seconds, negative: none */
    long long range_start;      /* from Content-Range */
    long long range_total;      /* -1: unknown */
    long long length;           /* Content-Length, -1: unknown */
    long long got;
};

int vigil__sync_cancelled(const struct vigil_sync_opts *o)
{
    return o->cancel && *o->cancel;
}

double vigil__sync_clock(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int vigil__sync_sleep(double secs, const volatile sig_atomic_t *cancel)
{
    double end = vigil__sync_clock() + secs, left;
    struct timespec ts;

    while ((left = end - vigil__sync_clock()) > 0) {
        if (cancel && *cancel)
            return VIGIL_ESTATE;
        if (left > 0.1)
            left = 0.1;
        ts.tv_sec = 0;
        ts.tv_nsec = (long)(left * 1e9);
        nanosleep(&ts, NULL);
    }
    return cancel && *cancel ? VIGIL_ESTATE : 0;
}

int vigil__sync_retry_after(const char *value, time_t now, double *secs)
{
    long long n;
    time_t when;

    while (*value == ' ' || *value == '\t')
        value++;
    if (vigil__isdigit((unsigned char)*value)) {
        if (vigil__parse_ll(value, 0, 86400LL * 365, &n))
            return VIGIL_EINVAL;
        *secs = (double)n;
        return 0;
    }
    when = curl_getdate(value, NULL);
    if (when == (time_t)-1)
        return VIGIL_EINVAL;
    *secs = when > now ? (double)(when - now) : 0.0;
    return 0;
}

int vigil__sync_sha256_in(const char *text, size_t len, char hex[65])
{
    size_t i = 0, run;

    while (i < len) {
        for (run = 0; i + run < len &&
                      strchr("0123456789abcdefABCDEF", text[i + run]) &&
                      text[i + run];
             run++)
            ;
        if (run == 64) {
            for (run = 0; run < 64; run++)
                hex[run] = (char)vigil__tolower((unsigned char)text[i + run]);
            hex[64] = '\0';
            return 0;
        }
        i += run ? run : 1;
    }
    return VIGIL_EPARSE;
}

/* ---- the .part.meta file ---- */

static void url_hash(const char *url, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    size_t i;

    crypto_hash_sha256(h, (const unsigned char *)url, strlen(url));
    for (i = 0; i < sizeof(h); i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static char *meta_path(const char *part)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    vigil_buf_addf(&b, "%s.meta", part);
    return vigil_buf_detach(&b, NULL);
}

static void drop_part(const char *part)
{
    char *meta = meta_path(part);

    unlink(part);
    if (meta)
        unlink(meta);
    free(meta);
}

/* Writes the URL hash and validators of the response the part is from. */
static int write_meta(const struct xfer *x)
{
    char *meta = meta_path(x->f->part), hash[65];
    FILE *fp;
    int ok;

    if (!meta)
        return VIGIL_ENOMEM;
    url_hash(x->f->url, hash);
    fp = fopen(meta, "w");
    free(meta);
    if (!fp)
        return VIGIL_EIO;
    fprintf(fp, "url %s\netag %s\nlast-modified %s\n", hash, x->etag,
            x->lm);
    ok = fclose(fp) == 0;
    return ok ? 0 : VIGIL_EIO;
}

/* Copies the value after "key " on a line of the meta file. */
static void meta_value(const char *text, const char *key, char *out,
                       size_t outlen)
{
    size_t n = strlen(key);
    const char *p = text, *end;

    out[0] = '\0';
    while (p && *p) {
        if (strncmp(p, key, n) == 0 && p[n] == ' ') {
            p += n + 1;
            end = strchr(p, '\n');
            if (!end)
                end = p + strlen(p);
            snprintf(out, outlen, "%.*s", (int)(end - p), p);
            return;
        }
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
}

/*
 * The validator to resume the part with (strong ETag, else
 * Last-Modified) into out; empty when the part cannot be resumed.
 */
static long long resume_point(const struct vigil__fetch *f, char *out,
                              size_t outlen)
{
    char *meta = meta_path(f->part), hash[65], got[80];
    struct vigil_buf text = VIGIL_BUF_INIT;
    struct stat st;
    long long size = 0;

    out[0] = '\0';
    if (!meta || stat(f->part, &st) != 0 || st.st_size <= 0 ||
        vigil_buf_read_file(&text, meta, 4096, NULL) != 0 || !text.ptr)
        goto out;
    url_hash(f->url, hash);
    meta_value(text.ptr, "url", got, sizeof(got));
    if (strcmp(got, hash) != 0)
        goto out;
    meta_value(text.ptr, "etag", out, outlen);
    if (out[0] == '\0' || strncmp(out, "W/", 2) == 0)
        meta_value(text.ptr, "last-modified", out, outlen);
    if (out[0])
        size = (long long)st.st_size;
out:
    if (!size)
        out[0] = '\0';
    vigil_buf_release(&text);
    free(meta);
    return size;
}

/* ---- libcurl callbacks ---- */

/* Copies a header value without surrounding blanks and the line end. */
static void header_value(const char *v, size_t n, char *out, size_t outlen)
{
    while (n && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    while (n && strchr(" \t\r\n", v[n - 1]))
        n--;
    snprintf(out, outlen, "%.*s", (int)n, v);
}

static int header_is(const char *line, size_t n, const char *name)
{
    size_t k = strlen(name), i;

    if (n <= k || line[k] != ':')
        return 0;
    for (i = 0; i < k; i++)
        if (vigil__tolower((unsigned char)line[i]) != name[i])
            return 0;
    return 1;
}

static void on_status_line(struct xfer *x, const char *line, size_t n)
{
    char buf[64];
    const char *sp;
    long long code;

    header_value(line, n, buf, sizeof(buf));
    x->status = 0;
    x->etag[0] = x->lm[0] = '\0';
    x->retry_after = -1;
    x->range_start = 0;
    x->range_total = -1;
    x->length = -1;
    sp = strchr(buf, ' ');
    if (sp && strlen(sp + 1) >= 3) {
        char digits[4] = { sp[1], sp[2], sp[3], '\0' };

        if (!vigil__parse_ll(digits, 100, 599, &code))
            x->status = (long)code;
    }
}

/* "bytes START-END/TOTAL" */
static void on_content_range(struct xfer *x, const char *v)
{
    char *end;
    const char *slash;
    long long n;

    if (strncmp(v, "bytes ", 6) != 0)
        return;
    errno = 0;
    n = strtoll(v + 6, &end, 10);
    if (errno || end == v + 6 || *end != '-' || n < 0)
        return;
    x->range_start = n;
    slash = strchr(end, '/');
    if (slash && slash[1] != '*') {
        errno = 0;
        n = strtoll(slash + 1, &end, 10);
        if (!errno && end != slash + 1 && n >= 0)
            x->range_total = n;
    }
}

static size_t on_header(char *line, size_t size, size_t nitems, void *ctx)
{
    struct xfer *x = ctx;
    size_t n = size * nitems;
    char v[256];
    long long len;

    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        on_status_line(x, line, n);
        return n;
    }
    if (header_is(line, n, "etag")) {
        header_value(line + 5, n - 5, x->etag, sizeof(x->etag));
    } else if (header_is(line, n, "last-modified")) {
        header_value(line + 14, n - 14, x->lm, sizeof(x->lm));
    } else if (header_is(line, n, "retry-after")) {
        header_value(line + 12, n - 12, v, sizeof(v));
        if (vigil__sync_retry_after(v, time(NULL), &x->retry_after))
            x->retry_after = -1;
    } else if (header_is(line, n, "content-range")) {
        header_value(line + 14, n - 14, v, sizeof(v));
        on_content_range(x, v);
    } else if (header_is(line, n, "content-length")) {
        header_value(line + 15, n - 15, v, sizeof(v));
        if (!vigil__parse_ll(v, 0, LLONG_MAX, &len))
            x->length = len;
    }
    return n;
}

/* Chooses where the body goes once its first bytes arrive. */
static int decide(struct xfer *x)
{
    struct vigil__fetch *f = x->f;
    long status = x->status;

    x->decided = 1;
    if (status == 206 && x->resume_from > 0) {
        if (x->range_start != x->resume_from) {
            x->abort = ABORT_RANGE;
            return -1;
        }
        x->fd = open(f->part, O_WRONLY | O_APPEND | O_CLOEXEC);
    } else if (status == 200 || (status == 0 && !x->resumable)) {
        x->resume_from = 0;
        if (!f->part) {
            vigil_buf_reset(f->body);
            return 0;
        }
        x->fd = open(f->part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                     0600);
        if (x->fd >= 0 && x->resumable && write_meta(x) != 0) {
            x->abort = ABORT_IO;
            return -1;
        }
    } else {
        x->discard = 1;
        return 0;
    }
    if (x->fd < 0) {
        x->abort = ABORT_IO;
        return -1;
    }
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    ssize_t w;

    while (n) {
        w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ctx)
{
    struct xfer *x = ctx;
    size_t n = size * nmemb;

    if (!x->decided && decide(x))
        return 0;
    if (x->discard)
        return n;
    if (x->f->part) {
        if (write_all(x->fd, p, n)) {
            x->abort = ABORT_IO;
            return 0;
        }
    } else if (x->f->body->len + n > x->f->body_max ||
               vigil_buf_add(x->f->body, p, n)) {
        x->abort = ABORT_TOO_BIG;
        return 0;
    }
    x->got += (long long)n;
    return n;
}

static int on_xfer(void *ctx, curl_off_t dltotal, curl_off_t dlnow,
                   curl_off_t ultotal, curl_off_t ulnow)
{
    const struct xfer *x = ctx;

    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    return vigil__sync_cancelled(x->o);
}

/* ---- one try ---- */

static struct curl_slist *request_headers(const struct xfer *x,
                                          const char *validator)
{
    const struct vigil__fetch *f = x->f;
    struct curl_slist *h = NULL;
    struct vigil_buf b = VIGIL_BUF_INIT;

    if (x->resume_from > 0) {
        vigil_buf_addf(&b, "Range: bytes=%lld-", x->resume_from);
        h = curl_slist_append(h, b.ptr);
        vigil_buf_reset(&b);
        vigil_buf_addf(&b, "If-Range: %s", validator);
        h = curl_slist_append(h, b.ptr);
    } else if (x->resumable) {
        if (f->etag && *f->etag) {
            vigil_buf_addf(&b, "If-None-Match: %s", f->etag);
            h = curl_slist_append(h, b.ptr);
        }
        if (f->last_modified && *f->last_modified) {
            vigil_buf_reset(&b);
            vigil_buf_addf(&b, "If-Modified-Since: %s", f->last_modified);
            h = curl_slist_append(h, b.ptr);
        }
    }
    if (f->api_key && *f->api_key) {
        vigil_buf_reset(&b);
        vigil_buf_addf(&b, "apiKey: %s", f->api_key);
        h = curl_slist_append(h, b.ptr);
        sodium_memzero(b.ptr, b.len);
    }
    vigil_buf_release(&b);
    return h;
}

static void set_options(CURL *c, struct xfer *x, struct curl_slist *h,
                        char *errbuf)
{
    const struct vigil_sync_opts *o = x->o;

    curl_easy_setopt(c, CURLOPT_URL, x->f->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, x->f->follow ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, MAX_REDIRECTS);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, STALL_SECONDS);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "vigil/" VIGIL_VERSION);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_xfer);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, x);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    /* API pages come in memory and compress well; ranges of files
     * would not survive a content encoding */
    if (!x->f->part)
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
}

static const CURLcode transient_codes[] = {
    CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST,
    CURLE_COULDNT_CONNECT,       CURLE_PARTIAL_FILE,
    CURLE_OPERATION_TIMEDOUT,    CURLE_GOT_NOTHING,
    CURLE_SEND_ERROR,            CURLE_RECV_ERROR,
    CURLE_SSL_CONNECT_ERROR,     CURLE_HTTP2,
    CURLE_HTTP2_STREAM,
};

static int is_transient(CURLcode cc)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(transient_codes); i++)
        if (transient_codes[i] == cc)
            return 1;
    return 0;
}

/*
 * The size of the finished part against what the server announced.
 * Bodies in memory may come compressed, and so be longer than their
 * Content-Length; libcurl checks those lengths itself.
 */
static enum try_result check_length(struct xfer *x, struct vigil_error *err)
{
    struct stat st;
    long long want = -1, have;

    if (!x->f->part)
        return TRY_DONE;
    if (stat(x->f->part, &st) != 0) {
        vigil_error_set(err, VIGIL_EIO, 0, "cannot read '%s'", x->f->part);
        return TRY_FAIL;
    }
    have = (long long)st.st_size;
    if (x->status == 206)
        want = x->range_total;
    else if (x->status == 200)
        want = x->length;
    if (want < 0 || want == have)
        return TRY_DONE;
    vigil_error_set(err, VIGIL_ENET, 0,
                    "cannot download '%s': truncated: %lld of %lld bytes",
                    x->f->shown, have, want);
    return TRY_AGAIN;
}

static enum try_result judge_curl(struct xfer *x, CURLcode cc,
                                  const char *errbuf,
                                  struct vigil_error *err)
{
    const char *why = errbuf[0] ? errbuf : curl_easy_strerror(cc);

    if (cc == CURLE_ABORTED_BY_CALLBACK && vigil__sync_cancelled(x->o)) {
        vigil_error_set(err, VIGIL_ESTATE, 0,
                        "download of '%s' interrupted", x->f->shown);
        return TRY_FAIL;
    }
    if (x->abort == ABORT_RANGE) {
        drop_part(x->f->part);
        vigil_error_set(err, VIGIL_ENET, 0, "cannot download '%s': the "
                        "server resumed at another offset", x->f->shown);
        return TRY_AGAIN_NOW;
    }
    if (x->abort == ABORT_TOO_BIG) {
        vigil_error_set(err, VIGIL_ELIMIT, 0, "cannot download '%s': "
                        "larger than %zu bytes", x->f->shown,
                        x->f->body_max);
        return TRY_FAIL;
    }
    if (x->abort == ABORT_IO) {
        vigil_error_set(err, VIGIL_EIO, 0, "cannot write '%s': %s",
                        x->f->part, strerror(errno));
        return TRY_FAIL;
    }
    vigil_error_set(err, VIGIL_ENET, 0, "cannot download '%s': %s",
                    x->f->shown, why);
    return is_transient(cc) ? TRY_AGAIN : TRY_FAIL;
}

static enum try_result judge_status(struct xfer *x, struct vigil_error *err)
{
    long st = x->status;

    if (st == 304) {
        x->f->not_modified = 1;
        return TRY_DONE;
    }
    if (st == 200 || st == 206 || (st == 0 && !x->resumable)) {
        if (!x->decided && decide(x) == 0 && x->fd >= 0)
            close(x->fd);    /* an empty body still makes a file */
        x->fd = -1;
        return check_length(x, err);
    }
    vigil_error_set(err, VIGIL_ENET, 0, "cannot download '%s': HTTP %ld",
                    x->f->shown, st);
    if (st == 416 && x->f->part) {
        drop_part(x->f->part);
        return TRY_AGAIN_NOW;
    }
    return (st == 429 || st >= 500) ? TRY_AGAIN : TRY_FAIL;
}

static enum try_result try_once(const struct vigil_sync_opts *o,
                                struct vigil__fetch *f, double *retry_after,
                                struct vigil_error *err)
{
    char errbuf[CURL_ERROR_SIZE] = "", validator[256];
    struct curl_slist *h;
    struct xfer x;
    enum try_result r;
    CURLcode cc;
    CURL *c;

    memset(&x, 0, sizeof(x));
    x.f = f;
    x.o = o;
    x.fd = -1;
    x.retry_after = -1;
    x.range_total = x.length = -1;
    x.resumable = !vigil__strncaseeq(f->url, "file:", 5);
    if (f->part && x.resumable)
        x.resume_from = resume_point(f, validator, sizeof(validator));
    if (!(c = curl_easy_init()))
        return vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory"),
               TRY_FAIL;
    h = request_headers(&x, validator);
    set_options(c, &x, h, errbuf);
    vigil_log(VIGIL_LOG_INFO, "GET %s%s", f->shown,
              x.resume_from ? " (resuming)" : "");
    cc = curl_easy_perform(c);
    f->requests++;
    f->bytes += x.got;
    if (x.fd >= 0)
        close(x.fd);
    x.fd = -1;
    if (!x.resumable && cc == CURLE_OK)
        x.status = 0;
    r = cc != CURLE_OK ? judge_curl(&x, cc, errbuf, err)
                       : judge_status(&x, err);
    if (r == TRY_DONE && !f->not_modified) {
        f->status = x.status;
        snprintf(f->new_etag, sizeof(f->new_etag), "%s", x.etag);
        snprintf(f->new_last_modified, sizeof(f->new_last_modified), "%s",
                 x.lm);
    }
    if (x.status == 429 || x.status == 503)
        *retry_after = x.retry_after;
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return r;
}

/* Adds " (why)" to the message of err, keeping its code. */
static void add_reason(struct vigil_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_reason(struct vigil_error *err, const char *fmt, ...)
{
    char was[sizeof(err->msg)], why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    snprintf(was, sizeof(was), "%s", err->msg);
    vigil_error_set(err, err->code ? err->code : VIGIL_ENET, 0, "%s (%s)",
                    was, why);
}

/* The pause before try number `next`, or negative to give up. */
static double pause_before(const struct vigil_sync_opts *o, int next,
                           double retry_after, double waited,
                           struct vigil_error *err)
{
    double left = o->max_wait - waited, p;

    if (retry_after >= 0) {
        if (retry_after > left) {
            add_reason(err, "asked to wait %.0f s, more than the %.0f s "
                       "left", retry_after, left > 0 ? left : 0.0);
            return -1;
        }
        return retry_after;
    }
    p = o->backoff * pow(2.0, next - 2);
    return p < left ? p : (left > 0 ? left : 0.0);
}

int vigil__sync_fetch(const struct vigil_sync_opts *o,
                      struct vigil__fetch *f, struct vigil_error *err)
{
    double waited = 0, retry_after, p;
    enum try_result r;
    int tries;

    f->not_modified = 0;
    for (tries = 1;; tries++) {
        if (vigil__sync_cancelled(o))
            return vigil_error_set(err, VIGIL_ESTATE, 0, "download of "
                                   "'%s' interrupted", f->shown);
        vigil_error_clear(err);
        retry_after = -1;
        r = try_once(o, f, &retry_after, err);
        if (r == TRY_DONE)
            return 0;
        if (r == TRY_FAIL)
            return err->code ? err->code : VIGIL_ENET;
        if (tries >= o->max_tries) {
            add_reason(err, "gave up after %d tries", tries);
            return err->code;
        }
        p = r == TRY_AGAIN_NOW ? 0
                               : pause_before(o, tries + 1, retry_after,
                                              waited, err);
        if (p < 0)
            return err->code;
        vigil_log(VIGIL_LOG_WARN, "%s; trying again in %.1f s (try %d of "
                  "%d)", err->msg, p, tries + 1, o->max_tries);
        if (vigil__sync_sleep(p, o->cancel))
            return vigil_error_set(err, VIGIL_ESTATE, 0, "download of "
                                   "'%s' interrupted", f->shown);
        waited += p;
    }
}
