/*
 * nvd_api.c - the NVD CVE API 2.0 pager.
 *
 * The first sync downloads everything; later ones ask for what changed
 * since the last success (lastModStartDate / lastModEndDate), in
 * windows of at most 120 days, the API's limit.  Each window is paged
 * with resultsPerPage and startIndex until totalResults.  Every page is
 * imported in its own transaction together with where the run goes
 * next, so a sync killed at any point continues with the page it had
 * not committed.  Requests are spaced by the published rate limit
 * (5 per 30 s without an API key, 50 with one) unless o->nvd_pause
 * says otherwise.  The key travels in the apiKey header, never in the
 * URL, and redirects are not followed so that it goes nowhere else.
 *
 * LIMIT: an NVD API sync commits page by page, not as one transaction;
 * a sync that fails leaves the pages it stored. See
 * docs/LIMITS.md#sync-nvd-pages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "vigil/sync.h"
#include "sync_int.h"
#include "../internal.h"

/* An NVD page of 2,000 CVEs is about 30 MiB; allow ample room. */
#define MAX_PAGE ((size_t)256 << 20)
#define WINDOW_SECONDS ((time_t)VIGIL_NVD_WINDOW_DAYS * 86400)
#define PAUSE_NO_KEY 6.0
#define PAUSE_WITH_KEY 0.6

struct nvd_run {
    struct vigil_store *s;
    const struct vigil_source *src;
    const struct vigil_sync_opts *o;
    struct vigil_sync_result *res;
    const char *key;
    double pause;
    double last_request;     /* monotonic seconds; 0: none yet */
    long long start;         /* startIndex of the page in hand */
    int windowed;            /* 0: a full download, no lastMod window */
    time_t from, until;      /* window start; where the run ends */
    char page_path[4096];
    /* set from the page in hand, used by page_commit */
    long long next, total;
    int run_done;
};

static time_t window_end(const struct nvd_run *r)
{
    return r->until - r->from > WINDOW_SECONDS ? r->from + WINDOW_SECONDS
                                               : r->until;
}

/* "2024-04-01T13:00:00.000%2B00:00", as the API's examples write it. */
static void api_time(time_t t, char *out, size_t outlen)
{
    char iso[32];

    vigil_time_format(t, iso, sizeof(iso));
    iso[19] = '\0';
    snprintf(out, outlen, "%s.000%%2B00:00", iso);
}

static char *page_url(const struct nvd_run *r)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    char a[48], z[48];

    vigil_buf_adds(&b, r->src->location);
    vigil_buf_addc(&b, strchr(r->src->location, '?') ? '&' : '?');
    vigil_buf_addf(&b, "resultsPerPage=%d&startIndex=%lld",
                   r->o->nvd_page_size, r->start);
    if (r->windowed) {
        api_time(r->from, a, sizeof(a));
        api_time(window_end(r), z, sizeof(z));
        vigil_buf_addf(&b, "&lastModStartDate=%s&lastModEndDate=%s", a, z);
    }
    return vigil_buf_detach(&b, NULL);
}

/* Reads the paging fields of a response; *n gets the page's size. */
static int read_page(struct nvd_run *r, const struct vigil_buf *body,
                     const char *shown, long long *n,
                     struct vigil_error *err)
{
    cJSON *doc = cJSON_ParseWithLength(body->ptr ? body->ptr : "",
                                       body->len);
    cJSON *total = cJSON_GetObjectItemCaseSensitive(doc, "totalResults");
    cJSON *start = cJSON_GetObjectItemCaseSensitive(doc, "startIndex");
    cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "vulnerabilities");
    int rc = 0;

    if (!cJSON_IsNumber(total) || !cJSON_IsNumber(start) ||
        !cJSON_IsArray(v) || total->valuedouble < 0)
        rc = vigil_error_set(err, VIGIL_EPARSE, 0,
                             "cannot read '%s': not an NVD API response",
                             shown);
    else if ((long long)start->valuedouble != r->start)
        rc = vigil_error_set(err, VIGIL_EPARSE, 0,
                             "cannot read '%s': it starts at %lld, not "
                             "%lld", shown, (long long)start->valuedouble,
                             r->start);
    if (!rc) {
        *n = cJSON_GetArraySize(v);
        r->total = (long long)total->valuedouble;
    }
    cJSON_Delete(doc);
    return rc;
}

static int save_page(const char *path, const struct vigil_buf *body,
                     struct vigil_error *err)
{
    FILE *fp = fopen(path, "wb");
    int ok;

    if (!fp)
        return vigil_error_set(err, VIGIL_EIO, 0, "cannot write '%s': %s",
                               path, strerror(errno));
    ok = fwrite(body->ptr, 1, body->len, fp) == body->len;
    ok = fclose(fp) == 0 && ok;
    if (!ok)
        return vigil_error_set(err, VIGIL_EIO, 0, "cannot write '%s'",
                               path);
    return 0;
}

/*
 * In the page's transaction: where the run goes next, or, after its
 * last page, the success of the whole sync.
 */
static int page_commit(void *ctx, const struct vigil_import_stats *st,
                       struct vigil_error *err)
{
    struct nvd_run *r = ctx;
    struct vigil_import_stats sum = r->res->stats;
    struct vigil_source_outcome out;
    char a[32], z[32];

    if (r->next < r->total) {
        vigil_time_format(r->from, a, sizeof(a));
        vigil_time_format(r->until, z, sizeof(z));
        return vigil_store_source_page(r->s, r->src->name, r->next,
                                       r->windowed ? a : NULL, z, err);
    }
    if (r->windowed && window_end(r) < r->until) {
        vigil_time_format(window_end(r), a, sizeof(a));
        vigil_time_format(r->until, z, sizeof(z));
        return vigil_store_source_page(r->s, r->src->name, 0, a, z, err);
    }
    r->run_done = 1;
    vigil__sync_add_stats(&sum, st);
    memset(&out, 0, sizeof(out));
    out.read = sum.total.read;
    out.added = sum.total.stored + sum.total.merged;
    out.changed = sum.total.updated;
    vigil_time_format(r->until, z, sizeof(z));
    out.synced_until = z;
    return vigil_store_source_outcome(r->s, r->src->name, &out, err);
}

/* Fetches the page at r->start into body, keeping to the rate limit. */
static int fetch_page(struct nvd_run *r, struct vigil_buf *body,
                      char *shown, size_t shownlen, struct vigil_error *err)
{
    struct vigil__fetch f;
    char *url = page_url(r);
    double wait;
    int rc;

    if (!url)
        return vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
    vigil_sync_redact_url(url, shown, shownlen);
    wait = r->last_request ? r->last_request + r->pause - vigil__sync_clock()
                           : 0;
    if (wait > 0 && vigil__sync_sleep(wait, r->o->cancel)) {
        free(url);
        return vigil_error_set(err, VIGIL_ESTATE, 0, "sync interrupted");
    }
    memset(&f, 0, sizeof(f));
    f.url = url;
    f.shown = shown;
    f.api_key = r->key;
    f.body = body;
    f.body_max = MAX_PAGE;
    rc = vigil__sync_fetch(r->o, &f, err);
    r->last_request = vigil__sync_clock();
    r->res->bytes += f.bytes;
    r->res->requests += f.requests;
    free(url);
    return rc;
}

/* Fetches, checks and imports the page at r->start. */
static int one_page(struct nvd_run *r, struct vigil_buf *body,
                    struct vigil_error *err)
{
    struct vigil_import_stats st;
    char shown[2048];
    long long n = 0;
    int rc;

    if ((rc = fetch_page(r, body, shown, sizeof(shown), err)) ||
        (rc = read_page(r, body, shown, &n, err)))
        return rc;
    if (n == 0 && r->start < r->total)
        return vigil_error_set(err, VIGIL_EPARSE, 0, "cannot read '%s': "
                               "an empty page before result %lld of %lld",
                               shown, r->start, r->total);
    r->next = r->start + n;
    if ((rc = save_page(r->page_path, body, err)))
        return rc;
    rc = vigil__sync_import(r->s, r->o, r->src->name, r->page_path,
                            VIGIL_FMT_NVD, shown, page_commit, r, &st, err);
    unlink(r->page_path);
    if (!rc)
        vigil__sync_add_stats(&r->res->stats, &st);
    return rc;
}

/* Picks up an unfinished run, or starts one from the last success. */
static void plan(struct nvd_run *r)
{
    const struct vigil_source *src = r->src;
    time_t t = 0;

    if (src->page_start >= 0 && src->page_until &&
        !vigil_time_parse(src->page_until, &r->until)) {
        r->start = src->page_start;
        r->windowed = src->page_from &&
                      !vigil_time_parse(src->page_from, &r->from);
        return;
    }
    r->until = vigil_now();
    r->start = 0;
    r->windowed = src->synced_until &&
                  !vigil_time_parse(src->synced_until, &t);
    r->from = r->windowed ? t : 0;
}

int vigil__sync_nvd(struct vigil_store *s, const struct vigil_source *src,
                    const struct vigil_sync_opts *o,
                    struct vigil_sync_result *res, struct vigil_error *err)
{
    struct vigil_buf body = VIGIL_BUF_INIT;
    struct vigil_source_outcome out;
    struct nvd_run r;
    int rc;

    memset(&r, 0, sizeof(r));
    r.s = s;
    r.src = src;
    r.o = o;
    r.res = res;
    r.key = src->api_key ? src->api_key : o->nvd_api_key;
    r.pause = o->nvd_pause >= 0 ? o->nvd_pause
              : (r.key && *r.key) ? PAUSE_WITH_KEY : PAUSE_NO_KEY;
    if ((rc = vigil__sync_state_dir(o, err)))
        return rc;
    snprintf(r.page_path, sizeof(r.page_path), "%s/%s.page.json",
             o->state_dir, src->name);
    plan(&r);
    if (r.windowed && r.from >= r.until) {
        /* synced a moment ago: nothing can have changed */
        memset(&out, 0, sizeof(out));
        return vigil_store_source_outcome(s, src->name, &out, err);
    }
    while (!(rc = one_page(&r, &body, err)) && !r.run_done) {
        if (r.next >= r.total) {
            r.from = window_end(&r);
            r.start = 0;
        } else {
            r.start = r.next;
        }
        if (vigil__sync_cancelled(o)) {
            rc = vigil_error_set(err, VIGIL_ESTATE, 0, "sync interrupted");
            break;
        }
    }
    vigil_buf_release(&body);
    return rc;
}
