/*
 * source.c - the rules of source subscriptions: names, locations,
 * durations, when a source is due, and URLs made safe to show.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "vigil/sync.h"
#include "sync_int.h"
#include "../internal.h"

#define MAX_DURATION (86400LL * 366 * 10)

static const struct {
    char unit;
    long long secs;
} units[] = {
    { 'w', 604800 }, { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
};

int vigil_duration_parse(const char *s, long long *secs)
{
    char digits[24];
    size_t n, i;
    long long v, mult = 1;
    int rc;

    if (!s || !(n = strlen(s)) || n >= sizeof(digits))
        return VIGIL_EINVAL;
    memcpy(digits, s, n + 1);
    if (!vigil__isdigit((unsigned char)s[n - 1])) {
        for (i = 0; i < VIGIL_ARRAY_SIZE(units); i++)
            if (vigil__tolower((unsigned char)s[n - 1]) == units[i].unit)
                break;
        if (i == VIGIL_ARRAY_SIZE(units))
            return VIGIL_EINVAL;
        mult = units[i].secs;
        digits[n - 1] = '\0';
    }
    for (i = 0; digits[i]; i++)
        if (!vigil__isdigit((unsigned char)digits[i]))
            return VIGIL_EINVAL;
    if ((rc = vigil__parse_ll(digits, 1, MAX_DURATION, &v)))
        return rc;
    if (v > MAX_DURATION / mult)
        return VIGIL_ERANGE;
    *secs = v * mult;
    return 0;
}

void vigil_duration_format(long long secs, char *out, size_t outlen)
{
    size_t i;

    for (i = 0; i + 1 < VIGIL_ARRAY_SIZE(units); i++)
        if (secs > 0 && secs % units[i].secs == 0)
            break;
    snprintf(out, outlen, "%lld%c", secs / units[i].secs, units[i].unit);
}

void vigil_sync_redact_url(const char *url, char *out, size_t outlen)
{
    vigil_url_redact(url, out, outlen);
}

int vigil_sync_is_url(const char *location)
{
    const char *p = location;

    while (vigil__isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
           *p == '.')
        p++;
    return p > location && strncmp(p, "://", 3) == 0;
}

/* The path of a URL, from its authority to '?' or '#'; len in *n. */
static const char *url_path(const char *url, size_t *n)
{
    const char *p = strstr(url, "://");

    p = p ? p + 3 : url;
    p += strcspn(p, "/?#");
    *n = strcspn(p, "?#");
    return p;
}

int vigil_sync_is_nvd_api(const struct vigil_source *src)
{
    const char *path;
    size_t n;

    if (!src->format || strcmp(src->format, "nvd") != 0 ||
        !vigil__url_http_prefix(src->location))
        return 0;
    path = url_path(src->location, &n);
    while (n && path[n - 1] == '/')
        n--;
    return n >= 9 && strncmp(path + n - 9, "/cves/2.0", 9) == 0;
}

time_t vigil_sync_next_due(const struct vigil_source *src)
{
    time_t last;

    if (!src->every || !src->last_success || src->page_start >= 0 ||
        vigil_time_parse(src->last_success, &last))
        return 0;
    return last + (time_t)src->every;
}

int vigil__sync_check_name(const char *name, struct vigil_error *err)
{
    size_t i, n = name ? strlen(name) : 0;

    if (n == 0 || n > VIGIL_SOURCE_NAME_MAX || name[0] == '.' ||
        name[0] == '-')
        goto bad;
    for (i = 0; i < n; i++)
        if (!vigil__isalnum((unsigned char)name[i]) &&
            !strchr("._-", name[i]))
            goto bad;
    return 0;
bad:
    return vigil_error_set(err, VIGIL_EINVAL, 0,
                           "invalid source name '%s': use up to %d "
                           "letters, digits, '.', '_' or '-', not first "
                           "'.' or '-'",
                           name ? name : "", VIGIL_SOURCE_NAME_MAX);
}

/*
 * Refuses loc for why, naming it with its user information and secret
 * query values hidden.  The redaction finds user information after
 * "://", so an "http:" not followed by it is kept out of what it reads.
 */
static int bad_url(const char *loc, const char *why, struct vigil_error *err)
{
    size_t n = vigil__url_http_prefix(loc) ? 0 : vigil__url_http_scheme(loc);
    char shown[512];

    vigil_sync_redact_url(loc + n, shown, sizeof(shown));
    return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot use '%.*s%s': %s",
                           (int)n, loc, shown, why);
}

/*
 * An http or https URL is read by libcurl at each sync: one its parser
 * refuses is refused here, when the source is added, with its reason.
 * White space is refused whatever libcurl makes of it, and so is port
 * 0, which libcurl's parser takes but no server listens on.
 */
static int check_web_url(const char *loc, struct vigil_error *err)
{
    CURLU *h;
    CURLUcode uc;
    char *port = NULL, why[128];

    if (strchr(loc, ' '))
        return bad_url(loc, "a URL cannot hold white space", err);
    if (!(h = curl_url()))
        return vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
    uc = curl_url_set(h, CURLUPART_URL, loc, 0);

    /* libcurl writes the port it read as a plain number: "00" is "0" */
    if (uc == CURLUE_OK &&
        curl_url_get(h, CURLUPART_PORT, &port, 0) == CURLUE_OK &&
        strcmp(port, "0") == 0)
        uc = CURLUE_BAD_PORT_NUMBER;
    curl_free(port);
    curl_url_cleanup(h);
    if (uc == CURLUE_OK)
        return 0;

    if (uc == CURLUE_BAD_PORT_NUMBER)
        return bad_url(loc, "the port is not a number from 1 to 65535",
                       err);

    /* libcurl's reasons start with a capital, ours do not */
    snprintf(why, sizeof(why), "%s", curl_url_strerror(uc));
    if (why[0] && why[1] >= 'a' && why[1] <= 'z')
        why[0] = (char)vigil__tolower((unsigned char)why[0]);
    return bad_url(loc, why, err);
}

static int check_location(const char *loc, struct vigil_error *err)
{
    const char *p;
    int http;

    if (!loc || !*loc)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "no location given");
    for (p = loc; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid location: "
                                   "it holds a control character");

    /* "http:example.org/x" would otherwise be a file of that name */
    if (vigil__url_http_scheme(loc) && !vigil__url_http_prefix(loc))
        return bad_url(loc, "write a URL as scheme://host/path", err);
    if (!vigil_sync_is_url(loc))
        return 0;

    /* the scheme in any case (RFC 3986); a web URL must name its host,
     * or libcurl is left to guess what "http:///etc/passwd" means */
    http = vigil__url_http_prefix(loc) != 0;
    if (http && vigil__url_has_host(loc))
        return check_web_url(loc, err);
    if (!http && vigil__strncaseeq(loc, "file://", 7))
        return 0;
    return bad_url(loc, http ? "the URL names no host"
                             : "only http, https and file URLs are supported",
                   err);
}

int vigil_source_check(const struct vigil_source *src,
                       struct vigil_error *err)
{
    int rc;

    if ((rc = vigil__sync_check_name(src->name, err)) ||
        (rc = check_location(src->location, err)))
        return rc;
    if (src->format && vigil_format_by_name(src->format) ==
                           VIGIL_FMT_UNKNOWN)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "unknown format '%s'",
                               src->format);
    if (src->every < 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid period");
    if (src->checksum && strcmp(src->checksum, "sha256") != 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "unknown checksum '%s': only sha256 is "
                               "supported", src->checksum);
    if (src->checksum && !vigil_sync_is_url(src->location))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "a checksum needs a URL location");
    return 0;
}

/* location made absolute when it is a relative path; caller frees. */
static char *absolute(const char *loc)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    char cwd[4096];

    if (vigil_sync_is_url(loc) || loc[0] == '/' || !getcwd(cwd, sizeof(cwd)))
        return strdup(loc);
    while (strncmp(loc, "./", 2) == 0)
        loc += 2;
    vigil_buf_addf(&b, "%s/%s", cwd, loc);
    return vigil_buf_detach(&b, NULL);
}

int vigil_sync_source_add(struct vigil_store *s,
                          const struct vigil_source *src,
                          struct vigil_error *err)
{
    struct vigil_source copy = *src;
    char *loc;
    int rc;

    if ((rc = vigil_source_check(src, err)))
        return rc;
    if (!(loc = absolute(src->location)))
        return vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
    copy.location = loc;
    copy.enabled = 1;
    rc = vigil_store_source_add(s, &copy, NULL, err);
    free(loc);
    return rc;
}
