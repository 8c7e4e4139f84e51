/*
 * target.c - target URIs: parsing, redaction and dispatch to the
 * sender of each scheme.
 *
 * smtp and http URIs are taken apart with libcurl's URL parser, so what
 * vigil reads is what libcurl will connect to.  Credentials are kept
 * apart from the URL libcurl is given, and every message that shows a
 * URI shows it redacted.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_int.h"
#include "../internal.h"

#define URI_MAX 4096

static const struct {
    const char *name;
    vigil__alert_send_fn send;
} senders[] = {
    { "smtp", vigil__alert_send_smtp },
    { "http", vigil__alert_send_http },
    { "syslog", vigil__alert_send_syslog },
    { "exec", vigil__alert_send_exec },
    { "file", vigil__alert_send_file },
};

int vigil__alert_send(const struct vigil_target *t,
                      const struct vigil__alert_msg *m, long timeout,
                      char *why, size_t len)
{
    if ((size_t)t->kind >= VIGIL_ARRAY_SIZE(senders))
        VIGIL_BUG("bad target kind");
    return senders[t->kind].send(t, m, timeout, why, len);
}

void vigil_target_free(struct vigil_target *t)
{
    size_t i;

    if (!t)
        return;
    free(t->url);
    free(t->user);
    if (t->password)
        explicit_bzero(t->password, strlen(t->password));
    free(t->password);
    free(t->host);
    free(t->path);
    for (i = 0; i < t->nto; i++)
        free(t->to[i]);
    free(t->from);
    free(t);
}

void vigil_target_redact(const char *uri, char *out, size_t len)
{
    if (!len)
        return;
    vigil_url_redact(uri ? uri : "", out, len);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = vigil__tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decodes s[0..n) into a new string; NULL when malformed. */
static char *pct_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    size_t i;

    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        if (s[i] == '%') {
            int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = hi >= 0 ? hexval((unsigned char)s[i + 2]) : -1;

            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                free(out);
                return NULL;
            }
            *o++ = (char)(hi * 16 + lo);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

/* An address for SMTP envelopes and headers: nothing that could break
 * out of them. */
static int valid_address(const char *a)
{
    const char *at = strchr(a, '@');

    if (!at || at == a || !at[1])
        return 0;
    for (; *a; a++)
        if ((unsigned char)*a <= ' ' || strchr("<>,;\"()\\", *a) ||
            (unsigned char)*a == 0x7f)
            return 0;
    return 1;
}

static int bad(struct vigil_error *err, const char *uri, const char *what)
{
    char red[256];

    vigil_target_redact(uri, red, sizeof(red));
    return vigil_error_set(err, VIGIL_EINVAL, 0, "bad target '%s': %s", red,
                           what);
}

/* One name=value of a query, decoded; *name points into q. */
struct param {
    const char *name;
    size_t nlen;
    char *value;
};

static const char *next_param(const char *q, struct param *p)
{
    const char *amp = strchr(q, '&'), *end = amp ? amp : q + strlen(q);
    const char *eq = memchr(q, '=', (size_t)(end - q));

    p->name = q;
    p->nlen = eq ? (size_t)(eq - q) : (size_t)(end - q);
    p->value = eq ? pct_decode(eq + 1, (size_t)(end - eq - 1))
                  : pct_decode("", 0);
    return amp ? amp + 1 : NULL;
}

static int is_param(const struct param *p, const char *name)
{
    return p->nlen == strlen(name) && strncmp(p->name, name, p->nlen) == 0;
}

static int smtp_param(struct vigil_target *t, struct param *p,
                      const char *uri, struct vigil_error *err)
{
    if (!p->value)
        return bad(err, uri, "malformed percent-encoding in the query");
    if (!is_param(p, "to") && !is_param(p, "from"))
        return bad(err, uri, "smtp takes only to= and from= parameters");
    if (!valid_address(p->value))
        return bad(err, uri, "not a mail address in to= or from=");
    if (is_param(p, "from")) {
        free(t->from);
        t->from = p->value;
    } else if (t->nto == VIGIL_ALERT_MAX_RCPT) {
        return bad(err, uri, "too many to= addresses");
    } else {
        t->to[t->nto++] = p->value;
    }
    p->value = NULL;
    return 0;
}

static const char *const formats[] = { "json", "slack", "teams" };

/* http: takes format= out of the query and keeps the rest as it is. */
static int http_query(struct vigil_target *t, const char *q,
                      struct vigil_buf *rest, const char *uri,
                      struct vigil_error *err)
{
    struct param p;
    size_t i;

    while (q && *q) {
        const char *start = q;

        q = next_param(q, &p);
        if (!is_param(&p, "format")) {
            vigil_buf_addf(rest, "%s%.*s", rest->len ? "&" : "",
                           (int)(q ? (size_t)(q - start - 1)
                                   : strlen(start)), start);
            free(p.value);
            continue;
        }
        for (i = 0; p.value && i < VIGIL_ARRAY_SIZE(formats); i++)
            if (strcmp(p.value, formats[i]) == 0)
                break;
        free(p.value);
        if (i == VIGIL_ARRAY_SIZE(formats))
            return bad(err, uri, "format must be json, slack or teams");
        t->format = (enum vigil_target_format)i;
    }
    return 0;
}

static char *url_part(CURLU *h, CURLUPart part, unsigned flags)
{
    char *v = NULL, *copy;

    if (curl_url_get(h, part, &v, flags) != CURLUE_OK)
        return NULL;
    copy = vigil__strdup0(v);
    curl_free(v);
    return copy;
}

static int curl_query(struct vigil_target *t, CURLU *h, const char *uri,
                      struct vigil_error *err)
{
    char *q = url_part(h, CURLUPART_QUERY, 0);
    struct vigil_buf rest = VIGIL_BUF_INIT;
    const char *p = q;
    struct param pr;
    int rc = 0;

    if (t->kind == VIGIL_TARGET_HTTP) {
        rc = http_query(t, q, &rest, uri, err);
        if (!rc)
            curl_url_set(h, CURLUPART_QUERY, rest.len ? rest.ptr : NULL, 0);
    }
    while (t->kind == VIGIL_TARGET_SMTP && !rc && p && *p) {
        p = next_param(p, &pr);
        rc = smtp_param(t, &pr, uri, err);
        free(pr.value);
    }
    if (t->kind == VIGIL_TARGET_SMTP)
        curl_url_set(h, CURLUPART_QUERY, NULL, 0);
    vigil_buf_release(&rest);
    free(q);
    return rc;
}

static int parse_curl(struct vigil_target *t, const char *uri,
                      struct vigil_error *err)
{
    CURLU *h = curl_url();
    int rc = VIGIL_ENOMEM;

    if (!h)
        return rc;
    if (curl_url_set(h, CURLUPART_URL, uri, 0) != CURLUE_OK) {
        rc = bad(err, uri, "not a valid URL");
        goto out;
    }
    t->user = url_part(h, CURLUPART_USER, CURLU_URLDECODE);
    t->password = url_part(h, CURLUPART_PASSWORD, CURLU_URLDECODE);
    if ((rc = curl_query(t, h, uri, err)))
        goto out;
    curl_url_set(h, CURLUPART_USER, NULL, 0);
    curl_url_set(h, CURLUPART_PASSWORD, NULL, 0);
    curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
    rc = VIGIL_ENOMEM;
    if (!(t->url = url_part(h, CURLUPART_URL, 0)))
        goto out;
    rc = 0;
    if (t->kind == VIGIL_TARGET_SMTP && t->nto == 0)
        rc = bad(err, uri, "smtp needs at least one to= address");
    if (t->kind == VIGIL_TARGET_SMTP && !rc && !t->from &&
        !(t->from = vigil__strdup0("vigil@localhost")))
        rc = VIGIL_ENOMEM;
out:
    curl_url_cleanup(h);
    return rc;
}

static const struct {
    const char *name;
    int code;
} facilities[] = {
    { "kern", 0 },    { "user", 1 },    { "mail", 2 },    { "daemon", 3 },
    { "auth", 4 },    { "syslog", 5 },  { "lpr", 6 },     { "news", 7 },
    { "uucp", 8 },    { "cron", 9 },    { "authpriv", 10 }, { "ftp", 11 },
    { "local0", 16 }, { "local1", 17 }, { "local2", 18 }, { "local3", 19 },
    { "local4", 20 }, { "local5", 21 }, { "local6", 22 }, { "local7", 23 },
};

static int syslog_query(struct vigil_target *t, const char *q,
                        const char *uri, struct vigil_error *err)
{
    struct param p;
    size_t i;

    while (q && *q) {
        q = next_param(q, &p);
        if (!is_param(&p, "facility")) {
            free(p.value);
            return bad(err, uri, "syslog takes only a facility= parameter");
        }
        for (i = 0; p.value && i < VIGIL_ARRAY_SIZE(facilities); i++)
            if (strcmp(p.value, facilities[i].name) == 0)
                break;
        free(p.value);
        if (i == VIGIL_ARRAY_SIZE(facilities))
            return bad(err, uri, "unknown syslog facility");
        t->facility = facilities[i].code;
    }
    return 0;
}

/* host[:port] or [v6]:port of syslog://, into t->host and t->port. */
static int host_port(struct vigil_target *t, const char *a, size_t n,
                     const char *uri, struct vigil_error *err)
{
    const char *colon = NULL, *h = a;
    size_t hl = n;
    long long port = 514;
    char num[8];

    if (n && a[0] == '[') {
        const char *close = memchr(a, ']', n);

        if (!close)
            return bad(err, uri, "unclosed '[' in the host");
        h = a + 1;
        hl = (size_t)(close - a - 1);
        colon = close + 1 < a + n && close[1] == ':' ? close + 1 : NULL;
    } else if ((colon = memchr(a, ':', n))) {
        hl = (size_t)(colon - a);
    }
    if (colon) {
        size_t pl = (size_t)(a + n - colon - 1);

        if (pl == 0 || pl >= sizeof(num))
            return bad(err, uri, "bad port");
        memcpy(num, colon + 1, pl);
        num[pl] = '\0';
        if (vigil__parse_ll(num, 1, 65535, &port))
            return bad(err, uri, "bad port");
    }
    if (hl == 0)
        return bad(err, uri, "syslog:// needs a host");
    if (!(t->host = malloc(hl + 1)))
        return VIGIL_ENOMEM;
    memcpy(t->host, h, hl);
    t->host[hl] = '\0';
    t->port = (int)port;
    return 0;
}

static int parse_syslog(struct vigil_target *t, const char *rest,
                        const char *uri, struct vigil_error *err)
{
    const char *q = strchr(rest, '?');
    size_t n = q ? (size_t)(q - rest) : strlen(rest);
    int rc;

    t->facility = 1;
    if ((rc = syslog_query(t, q ? q + 1 : NULL, uri, err)))
        return rc;
    if (n >= 2 && strncmp(rest, "//", 2) == 0)
        return host_port(t, rest + 2, n - 2, uri, err);
    if (n && rest[0] != '/')
        return bad(err, uri, "syslog: takes an absolute socket path");
    t->path = n ? pct_decode(rest, n) : vigil__strdup0("/dev/log");
    return t->path ? 0 : bad(err, uri, "malformed percent-encoding");
}

/* exec:/path and file:/path (also exec:///path); no query. */
static int parse_path(struct vigil_target *t, const char *rest,
                      const char *uri, struct vigil_error *err)
{
    if (strncmp(rest, "///", 3) == 0)
        rest += 2;
    if (rest[0] != '/' || rest[1] == '/')
        return bad(err, uri, "needs an absolute path, as in file:/var/log/"
                             "vigil.jsonl");
    if (strchr(rest, '?') || strchr(rest, '#'))
        return bad(err, uri, "takes no query");
    t->path = pct_decode(rest, strlen(rest));
    return t->path ? 0 : bad(err, uri, "malformed percent-encoding");
}

static const struct {
    const char *scheme;
    enum vigil_target_kind kind;
    int tls;
} schemes[] = {
    { "smtp", VIGIL_TARGET_SMTP, 0 },     { "smtps", VIGIL_TARGET_SMTP, 1 },
    { "http", VIGIL_TARGET_HTTP, 0 },     { "https", VIGIL_TARGET_HTTP, 1 },
    { "syslog", VIGIL_TARGET_SYSLOG, 0 }, { "exec", VIGIL_TARGET_EXEC, 0 },
    { "file", VIGIL_TARGET_FILE, 0 },
};

int vigil_target_parse(const char *uri, struct vigil_target **out,
                       struct vigil_error *err)
{
    const char *colon = uri ? strchr(uri, ':') : NULL;
    struct vigil_target *t;
    char scheme[8];
    size_t i, n;
    int rc;

    if (!colon || strlen(uri) > URI_MAX)
        return bad(err, uri ? uri : "", "not a URI");
    n = (size_t)(colon - uri);
    for (i = 0; i < n && i + 1 < sizeof(scheme); i++)
        scheme[i] = (char)vigil__tolower((unsigned char)uri[i]);
    scheme[i] = '\0';
    for (i = 0; n < sizeof(scheme) && i < VIGIL_ARRAY_SIZE(schemes); i++)
        if (strcmp(scheme, schemes[i].scheme) == 0)
            break;
    if (n >= sizeof(scheme))
        i = VIGIL_ARRAY_SIZE(schemes);
    if (i == VIGIL_ARRAY_SIZE(schemes))
        return bad(err, uri, "the scheme must be smtp, smtps, http, https, "
                             "syslog, exec or file");
    if (!(t = calloc(1, sizeof(*t))))
        return VIGIL_ENOMEM;
    t->kind = schemes[i].kind;
    t->tls = schemes[i].tls;
    if (t->kind == VIGIL_TARGET_SMTP || t->kind == VIGIL_TARGET_HTTP)
        rc = parse_curl(t, uri, err);
    else if (t->kind == VIGIL_TARGET_SYSLOG)
        rc = parse_syslog(t, colon + 1, uri, err);
    else
        rc = parse_path(t, colon + 1, uri, err);
    if (rc) {
        vigil_target_free(t);
        return rc;
    }
    *out = t;
    return 0;
}
