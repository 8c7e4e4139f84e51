/*
 * http.c - the core of vigil serve: libmicrohttpd set-up and limits,
 * reading a request, authentication, routing over the route tables,
 * the store pool, security headers, and the few routes of the core
 * itself (health check and embedded static assets).
 *
 * A request's memory (captures, decoded parameters, the body) lives in
 * one arena per request, freed when libmicrohttpd says the request is
 * complete.  Handlers borrow a store handle from the pool for the time
 * of the call, so no SQLite connection is used by two threads at once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vigil/http.h"
#include "dash.h"
#include "server.h"
#include "../internal.h"

#define CAPTURE_BUF 1024        /* bytes of "{name}" captures */
#define LOG_TEXT 128            /* bytes of a name or path in a log line */
#define GUARD_SLOTS 4096        /* name-address pairs and addresses kept */
#define HEADER_BYTES 32768      /* request line and headers we read */
#define CONN_MEMORY (128 * 1024)    /* libmicrohttpd's per connection */
#define CSP_HTML "default-src 'none'; style-src 'self'; img-src 'self' " \
                 "data:; form-action 'self'; frame-ancestors 'none'"
#define CSP_OTHER "default-src 'none'; frame-ancestors 'none'"

struct srv {
    const struct srv_config *conf;
    struct MHD_Daemon *d;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct vigil_store **pool;   /* every handle opened */
    struct vigil_store **idle;   /* the ones not lent out */
    unsigned npool, nidle;
    struct vigil_login_guard *guard;     /* failed logins, in memory */
};

/* One request, from the first header to the completion callback. */
struct conn {
    struct vigil_arena arena;
    char *uri;                   /* as sent: path and query, encoded,
                                    up to a NUL byte if one was sent */
    const char *uri_end;         /* where libmicrohttpd's copy of it
                                    ends: compared, never read */
    struct vigil_buf body;
    int started;
    size_t dropped;              /* body bytes past the cap, read only */
    struct req req;
};

static const char *const known_methods[] = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"
};

/* Text from a request made safe for a log line: printable ASCII only,
 * at most LOG_TEXT - 1 bytes. */
static const char *log_text(const char *in, char *out, size_t cap)
{
    size_t i;

    for (i = 0; in && in[i] && i + 1 < cap; i++)
        out[i] = in[i] > 0x20 && in[i] < 0x7f ? in[i] : '?';
    out[i] = '\0';
    return i ? out : "-";
}

void srv_config_init(struct srv_config *c)
{
    memset(c, 0, sizeof(*c));
    c->listen = "127.0.0.1:8080";
    c->threads = 4;
    c->max_connections = 128;
    c->per_ip = 32;
    c->timeout = 15;
    c->max_body = (size_t)1 << 20;
    c->max_headers = 64;
    c->session_ttl = 8 * 3600;
}

/* ---- request accessors ---- */

const char *req_query(const struct req *r, const char *key)
{
    const char *q = r->query;
    char *out;

    size_t len;

    if (!q || !*q)
        return NULL;

    /* a decoded value is never longer than the query it came from */
    len = strlen(q);
    out = vigil_arena_alloc(r->arena, len + 1);
    if (!out || vigil_http_param(q, len, key, out, len + 1) != 0)
        return NULL;
    return out;
}

const char *req_header(const struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(const struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_form(struct req *r, const char *key)
{
    char *out = vigil_arena_alloc(r->arena, r->body_len + 1);

    if (!out || vigil_http_param(r->body, r->body_len, key, out,
                                 r->body_len + 1) != 0)
        return NULL;
    return out;
}

const char *req_param(const struct req *r, int i)
{
    return i >= 0 && i < r->nparams ? r->params[i] : NULL;
}

/* ---- responses ---- */

int resp_header(struct resp *p, const char *name, const char *value)
{
    if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
        return VIGIL_EINVAL;
    return vigil_buf_addf(&p->headers, "%s: %s\n", name, value);
}

int resp_error(struct resp *p, int status, const char *code,
               const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    p->status = status;
    p->type = "application/json";
    vigil_buf_reset(&p->body);
    vigil_buf_addf(&p->body, "{\"error\": {\"status\": %d, \"code\": ",
                   status);
    vigil_buf_add_json_str(&p->body, code);
    vigil_buf_adds(&p->body, ", \"message\": ");
    vigil_buf_add_json_str(&p->body, msg);
    vigil_buf_adds(&p->body, "}}\n");
    return 0;
}

/* ---- store pool ---- */

static struct vigil_store *store_take(struct srv *s)
{
    struct vigil_store *st;

    pthread_mutex_lock(&s->lock);
    while (s->nidle == 0)
        pthread_cond_wait(&s->cond, &s->lock);
    st = s->idle[--s->nidle];
    pthread_mutex_unlock(&s->lock);
    return st;
}

static void store_give(struct srv *s, struct vigil_store *st)
{
    pthread_mutex_lock(&s->lock);
    s->idle[s->nidle++] = st;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

static void pool_close(struct srv *s)
{
    unsigned i;

    for (i = 0; i < s->npool; i++)
        vigil_store_close(s->pool[i]);
    free(s->pool);
    free(s->idle);
    s->pool = s->idle = NULL;
    s->npool = s->nidle = 0;
}

static int pool_open(struct srv *s, unsigned n, struct vigil_error *err)
{
    unsigned i;

    s->pool = calloc(n, sizeof(*s->pool));
    s->idle = calloc(n, sizeof(*s->idle));
    if (!s->pool || !s->idle)
        return vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
    for (i = 0; i < n; i++) {
        if (vigil_store_open(s->conf->db_path, &s->pool[i], err) != 0)
            return err ? err->code : VIGIL_EDB;
        s->npool++;
        s->idle[s->nidle++] = s->pool[i];
    }
    return 0;
}

/* ---- routing ---- */

static const struct srv_route *const route_tables[] = {
    srv_core_routes, srv_api_routes, srv_dash_routes
};

/* The allowed methods of a path, for 405 answers. */
static void allow_add(struct vigil_buf *allow, const char *method)
{
    if (allow->len && strstr(allow->ptr, method))
        return;
    vigil_buf_addf(allow, "%s%s", allow->len ? ", " : "", method);
    if (strcmp(method, "GET") == 0)
        vigil_buf_adds(allow, ", HEAD");
}

/*
 * Finds the route for method and the encoded path; fills the captures.
 * NULL when none: allow then lists the methods the path has (empty
 * when the path is unknown).
 */
static const struct srv_route *route_find(struct req *r, const char *path,
                                          struct vigil_buf *allow)
{
    const char *method = strcmp(r->method, "HEAD") ? r->method : "GET";
    const struct srv_route *rt;
    char *buf = vigil_arena_alloc(r->arena, CAPTURE_BUF);
    size_t i;

    if (!buf)
        return NULL;
    for (i = 0; i < VIGIL_ARRAY_SIZE(route_tables); i++) {
        for (rt = route_tables[i]; rt->method; rt++) {
            if (!vigil_http_match(rt->pattern, path, buf, CAPTURE_BUF,
                                  r->params, SRV_MAX_PARAMS, &r->nparams))
                continue;
            if (strcmp(rt->method, method) == 0)
                return rt;
            allow_add(allow, rt->method);
        }
    }
    return NULL;
}

/* Decodes the captures in place; a bad escape or NUL is -1. */
static int decode_params(struct req *r)
{
    char *dec;
    int i;

    for (i = 0; i < r->nparams; i++) {
        size_t len = strlen(r->params[i]);

        dec = vigil_arena_alloc(r->arena, len + 1);
        if (!dec || vigil_http_decode(r->params[i], len, 0, dec, len + 1,
                                      NULL) != 0)
            return -1;
        r->params[i] = dec;
    }
    return 0;
}

/* ---- query parameters ---- */

/* The parameters a route takes ("" for none). */
static const char *route_query(const char *method,
                               const struct srv_route *rt)
{
    const struct srv_query *q;

    for (q = srv_api_query; q->method; q++)
        if (strcmp(q->method, method) == 0 &&
            strcmp(q->pattern, rt->pattern) == 0)
            return q->names;
    return "";
}

/* Whether word is one of the space-separated names. */
static int name_in(const char *names, const char *word)
{
    size_t n = strlen(word);
    const char *p;

    if (n == 0 || strchr(word, ' '))
        return 0;
    for (p = names; (p = strstr(p, word)) != NULL; p += n)
        if ((p == names || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return 1;
    return 0;
}

/*
 * Decodes the next non-empty "name=value" field of an encoded query or
 * form body, from *s up to end (*s is moved past it): the name into key
 * (kcap bytes), the value into *val in the request's arena (NULL for a
 * field without '=').  1 for a field, 0 at the end, -1 when the name
 * does not decode (or does not fit), -2 when the value does not.
 */
static int next_field(struct req *r, const char **s, const char *end,
                      char *key, size_t kcap, char **val)
{
    const char *q = *s, *amp, *eq;
    size_t vlen;

    while (q < end && *q == '&')
        q++;
    if (q == end)
        return 0;
    amp = memchr(q, '&', (size_t)(end - q));
    if (!amp)
        amp = end;
    eq = memchr(q, '=', (size_t)(amp - q));
    *s = amp;
    *val = NULL;
    if (vigil_http_decode(q, (size_t)((eq ? eq : amp) - q), 1, key, kcap,
                          NULL) != 0)
        return -1;
    if (!eq)
        return 1;
    vlen = (size_t)(amp - eq - 1);
    *val = vigil_arena_alloc(r->arena, vlen + 1);
    if (!*val || vigil_http_decode(eq + 1, vlen, 1, *val, vlen + 1,
                                   NULL) != 0)
        return -2;
    return 1;
}

/* Whether key is one of the NUL-terminated names in seen. */
static int seen_before(const struct vigil_buf *seen, const char *key)
{
    const char *p;

    for (p = seen->ptr; p && p < seen->ptr + seen->len; p += strlen(p) + 1)
        if (strcmp(p, key) == 0)
            return 1;
    return 0;
}

/*
 * Checks the fields of an encoded query or form body, s[0..len): each
 * must decode (no bad escape, no NUL, UTF-8 text) and come once, and
 * when names is not NULL be one of them.  A field given twice would
 * otherwise mean its first value, silently.  what names a field in the
 * message ("parameter", "form field").  0, or -1 with the reason in
 * msg (cap bytes).
 */
static int check_encoded(struct req *r, const char *s, size_t len,
                         const char *names, const char *what, char *msg,
                         size_t cap)
{
    struct vigil_buf seen = VIGIL_BUF_INIT;
    const char *end = s + len;
    char key[128], *val;
    int rc;

    msg[0] = '\0';
    while (!msg[0] &&
           (rc = next_field(r, &s, end, key, sizeof(key), &val)) != 0) {
        if (rc == -1)
            snprintf(msg, cap, "a %s name is not valid percent-encoded "
                     "UTF-8", what);
        else if (names && !name_in(names, key))
            snprintf(msg, cap, "unknown %s '%s'; this route takes %s", what,
                     key, *names ? names : "none");
        else if (seen_before(&seen, key))
            snprintf(msg, cap, "the %s '%s' is given twice", what, key);
        else if (rc == -2)
            snprintf(msg, cap, "the value of %s '%s' is not valid "
                     "percent-encoded UTF-8", what, key);
        else
            vigil_buf_add(&seen, key, strlen(key) + 1);
    }
    vigil_buf_release(&seen);
    return msg[0] ? -1 : 0;
}

/*
 * Every parameter of the query must be one the route takes, given
 * once, and decode, so that a misspelt filter is an error rather than
 * a silently wider answer.
 */
static int check_query(struct req *r, const struct srv_route *rt,
                       struct resp *p)
{
    const char *names = route_query(strcmp(r->method, "HEAD") ? r->method
                                                              : "GET", rt);
    const char *q = r->query ? r->query : "";
    char msg[256];

    if (check_encoded(r, q, strlen(q), names, "parameter", msg,
                      sizeof(msg)) == 0)
        return 0;
    resp_error(p, 400, "bad_parameter", "%s", msg);
    return -1;
}

/* ---- authentication ---- */

/*
 * The token of an Authorization value "Bearer TOKEN": the scheme in
 * any case, one or more spaces, the token.  The spaces and tabs a field
 * value may end with are not part of it (RFC 9110, section 5.5), and
 * libmicrohttpd 0.9.75 keeps them.  NULL for a value of another form.
 */
static const char *bearer_token(struct req *r, const char *h)
{
    size_t n;

    if (!vigil__strncaseeq(h, "Bearer ", 7))
        return NULL;
    for (h += 7; *h == ' '; h++)
        ;
    n = strlen(h);
    while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
        n--;
    return vigil_arena_strndup(r->arena, h, n);
}

/*
 * Who sent the request: a bearer token or the session cookie.  Returns
 * 0 (anonymous when no credential came), or -1 when a credential came
 * and is not valid.
 */
static int authenticate(struct req *r)
{
    const char *h = req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    const char *sid = req_cookie(r, "vigil_session");
    struct vigil_error err;

    vigil_error_clear(&err);
    if (h) {
        if (!(h = bearer_token(r, h)))
            return -1;
        return vigil_auth_token(r->store, h, &r->who, &err) ? -1 : 0;
    }
    if (sid) {
        if (vigil_auth_session(r->store, sid, &r->who, r->csrf, &err))
            return -1;
        r->via_session = 1;
    }
    return 0;
}

/* A session-authenticated write must echo the session's CSRF token. */
static int csrf_ok(struct req *r)
{
    const char *t = req_header(r, "X-CSRF-Token");

    if (!r->via_session)
        return 1;
    if (!t)
        t = req_form(r, "csrf");
    return t && r->csrf[0] && vigil_secret_equal(t, r->csrf);
}

static int is_write(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0;
}

/*
 * "scheme://host:port" of scheme (slen bytes) and an authority (alen
 * bytes), lowercase, the port defaulted by the scheme; 0 or -1.
 */
static int canon_origin(const char *scheme, size_t slen, const char *auth,
                        size_t alen, char *out, size_t cap)
{
    const char *end = auth + alen, *colon = NULL, *port;
    size_t hlen = alen, i;
    int n;

    if (!slen || !alen)
        return -1;
    if (auth[0] == '[') {
        const char *rb = memchr(auth, ']', alen);

        if (!rb || (rb + 1 < end && rb[1] != ':'))
            return -1;
        colon = rb + 1 < end ? rb + 1 : NULL;
    } else {
        colon = memchr(auth, ':', alen);
    }
    if (colon) {
        hlen = (size_t)(colon - auth);
        port = colon + 1;
    } else {
        port = slen == 5 && vigil__strncaseeq(scheme, "https", 5) ? "443"
                                                                   : "80";
        end = port + strlen(port);
    }
    n = snprintf(out, cap, "%.*s://%.*s:%.*s", (int)slen, scheme, (int)hlen,
                 auth, (int)(end - port), port);
    if (n < 0 || (size_t)n >= cap)
        return -1;
    for (i = 0; out[i]; i++)
        out[i] = (char)vigil__tolower((unsigned char)out[i]);
    return 0;
}

/*
 * Login CSRF and its kin: a browser names the page a write comes from
 * in Origin (or at least Referer); one from another origin is refused
 * even before a session exists.  Clients that send neither pass.
 */
static int same_origin(const struct req *r)
{
    const char *from = req_header(r, "Origin"), *host, *sep;
    const char *scheme = r->conf->secure_cookies ? "https" : "http";
    char mine[320], theirs[320];

    if (!from)
        from = req_header(r, "Referer");
    if (!from)
        return 1;
    host = req_header(r, MHD_HTTP_HEADER_HOST);
    sep = strstr(from, "://");
    if (!host || !sep ||
        canon_origin(scheme, strlen(scheme), host, strlen(host), mine,
                     sizeof(mine)) != 0 ||
        canon_origin(from, (size_t)(sep - from), sep + 3,
                     strcspn(sep + 3, "/?#"), theirs, sizeof(theirs)) != 0)
        return 0;
    return strcmp(mine, theirs) == 0;
}

/* A JSON API write must say its body is JSON. */
static int json_body_ok(const struct req *r, const struct srv_route *rt)
{
    const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);

    if (rt->flags & SRV_HTML || !is_write(r->method) ||
        strncmp(rt->pattern, "/api/", 5) != 0)
        return 1;
    return ct && vigil__strncaseeq(ct, "application/json", 16) &&
           (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

/* A dashboard form must come url-encoded: a multipart or other body
 * cannot be read, and would otherwise look like a missing CSRF token. */
static int form_body_ok(const struct req *r, const struct srv_route *rt)
{
    const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    static const char form[] = "application/x-www-form-urlencoded";
    size_t n = sizeof(form) - 1;

    if (!(rt->flags & SRV_HTML) || !is_write(r->method) ||
        (!ct && r->body_len == 0))
        return 1;
    return ct && vigil__strncaseeq(ct, form, n) &&
           (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/*
 * A page's query and a form's fields must decode as the API's do and
 * come once; one that does not would read as absent, a required field
 * as empty, and a repeated one as its first value.  The dashboard
 * takes any names: its handlers read the ones they know.
 */
static int check_fields(struct req *r, struct resp *p)
{
    const char *q = r->query ? r->query : "";
    char msg[256];

    if (check_encoded(r, q, strlen(q), NULL, "query parameter", msg,
                      sizeof(msg)) == 0 &&
        (!is_write(r->method) ||
         check_encoded(r, r->body, r->body_len, NULL, "form field", msg,
                       sizeof(msg)) == 0))
        return 0;
    dash_fail(r, p, 400, "Bad request", msg);
    return -1;
}

/*
 * Sends an anonymous visitor of a page to the login form, which brings
 * them back to the page they asked for (only for GET: a form post
 * cannot be replayed after login).
 */
static int to_login(const struct req *r, struct resp *p)
{
    struct vigil_buf to = VIGIL_BUF_INIT;

    p->status = 303;
    p->type = "text/plain; charset=utf-8";
    vigil_buf_adds(&to, "/login");
    if (strcmp(r->method, "GET") == 0 && strcmp(r->raw_path, "/") != 0) {
        vigil_buf_adds(&to, "?next=");
        vigil_web_add_url(&to, r->raw_path);
        if (r->query && *r->query) {
            vigil_web_add_url(&to, "?");
            vigil_web_add_url(&to, r->query);
        }
    }
    resp_header(p, "Location", to.ptr);
    vigil_buf_addf(&p->body, "see %s\n", to.ptr);
    vigil_buf_release(&to);
    return -1;
}

/* The title of a dashboard page refusing a request with status. */
static const char *refusal_title(int status)
{
    switch (status) {
    case 403:
        return "Not allowed";
    case 405:
        return "Method not allowed";
    case 413:
        return "Request too large";
    case 414:
        return "Address too long";
    case 431:
        return "Headers too large";
    default:
        return "Bad request";
    }
}

/* A refusal: a page for the dashboard, the error body for the API. */
static int refuse(struct req *r, int page, struct resp *p, int status,
                  const char *code, const char *msg)
{
    if (page)
        dash_fail(r, p, status, refusal_title(status), msg);
    else
        resp_error(p, status, code, "%s", msg);
    return -1;
}

/* Refuses what the route does not allow before its handler runs. */
static int guard(struct req *r, const struct srv_route *rt, struct resp *p,
                 int authed)
{
    if (!form_body_ok(r, rt))
        return dash_fail(r, p, 415, "Not a form", "send the form as "
                         "application/x-www-form-urlencoded"), -1;
    if (authed != 0 && !(rt->flags & SRV_PUBLIC)) {
        if (rt->flags & SRV_HTML)
            goto login;
        resp_header(p, "WWW-Authenticate", "Bearer");
        return resp_error(p, 401, "unauthorized",
                          "the credentials are not valid"), -1;
    }
    if (rt->flags & SRV_PUBLIC)
        return 0;
    if (r->who.role == VIGIL_ROLE_NONE) {
        if (rt->flags & SRV_HTML)
            goto login;
        resp_header(p, "WWW-Authenticate", "Bearer");
        return resp_error(p, 401, "unauthorized",
                          "this route needs a token or a session"), -1;
    }
    if (r->who.role < rt->role) {
        char msg[96];

        snprintf(msg, sizeof(msg), "this needs the role '%s'",
                 vigil_role_name(rt->role));
        return refuse(r, rt->flags & SRV_HTML, p, 403, "forbidden", msg);
    }
    if (((rt->flags & SRV_CSRF) || is_write(r->method) ||
         strcmp(r->method, "DELETE") == 0) && !csrf_ok(r))
        return refuse(r, rt->flags & SRV_HTML, p, 403, "csrf", "the form's "
                      "CSRF token is missing or wrong; reload the page");
    if (!json_body_ok(r, rt))
        return resp_error(p, 415, "unsupported_media_type",
                          "send the body as application/json"), -1;
    return 0;

login:
    return to_login(r, p);
}

/* ---- logins ---- */

/*
 * Before the login form is checked: a name with too many recent
 * failures from this address, or an address with too many over all
 * names, is refused whatever the password, so guessing gets no answer
 * at all until the window has passed.
 */
static int login_before(struct srv *s, struct req *r, struct resp *p)
{
    const char *name = req_form(r, "name");
    char who[LOG_TEXT], secs[24], msg[128];
    long wait;

    wait = vigil_login_guard_begin(s->guard, name, r->client, vigil_now());
    if (wait == 0)
        return 0;
    vigil_log(VIGIL_LOG_WARN, "login of '%s' from %s refused: too many "
              "failed attempts", log_text(name, who, sizeof(who)),
              r->client);
    snprintf(secs, sizeof(secs), "%ld", wait);
    snprintf(msg, sizeof(msg), "Too many failed logins. Try again in %ld "
             "minute%s.", (wait + 59) / 60, wait > 60 ? "s" : "");
    dash_fail(r, p, 429, "Log in", msg);
    resp_header(p, "Retry-After", secs);
    return -1;
}

/* After it: the handler answered 303 to a login, 401 to a failure
 * (the contract of SRV_LOGIN). */
static void login_after(struct srv *s, struct req *r, const struct resp *p)
{
    const char *name = req_form(r, "name");
    char who[LOG_TEXT];

    log_text(name, who, sizeof(who));
    /* login_before counted the attempt as failed: a 401 keeps it */
    if (p->status != 401)
        vigil_login_guard_cancel(s->guard, name, r->client);
    if (p->status == 303) {
        vigil_login_guard_succeeded(s->guard, name, r->client);
        vigil_log(VIGIL_LOG_INFO, "login of '%s' from %s", who, r->client);
    } else if (p->status == 401) {
        vigil_log(VIGIL_LOG_WARN, "failed login for '%s' from %s", who,
                  r->client);
    }
}

/* Checks the route's needs, then runs its handler. */
static void run(struct srv *s, struct req *r, const struct srv_route *rt,
                struct resp *p, int authed)
{
    int login = (rt->flags & SRV_LOGIN) != 0;

    if ((is_write(r->method) || strcmp(r->method, "DELETE") == 0) &&
        !same_origin(r)) {
        refuse(r, rt->flags & SRV_HTML, p, 403, "cross_origin", "a write "
               "from another site's page is refused");
        return;
    }
    if (guard(r, rt, p, authed) != 0)
        return;
    if (!(rt->flags & SRV_HTML) && check_query(r, rt, p) != 0)
        return;
    if ((rt->flags & SRV_HTML) && check_fields(r, p) != 0)
        return;
    if (login && login_before(s, r, p) != 0)
        return;
    if (rt->fn(r, p) != 0 && p->status < 400)
        resp_error(p, 500, "internal", "the request failed");
    if (login)
        login_after(s, r, p);
}

/* A page of the core's own for an unknown address outside the API, so
 * a browser gets HTML; it does not echo the path. */
static void not_found_page(struct resp *p)
{
    p->status = 404;
    p->type = "text/html; charset=utf-8";
    vigil_buf_reset(&p->body);
    vigil_buf_adds(&p->body,
                   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                   "<meta charset=\"utf-8\">\n"
                   "<title>Not found - vigil</title>\n"
                   "<link rel=\"stylesheet\" href=\"/static/vigil.css\">\n"
                   "</head>\n<body>\n<main>\n<h1>Not found</h1>\n"
                   "<p>There is no page at this address.</p>\n"
                   "<p><a href=\"/\">Go to the overview</a></p>\n"
                   "</main>\n</body>\n</html>\n");
}

/* Whether a path answers JSON when no route says otherwise: the API's,
 * and the probe's /healthz. */
static int json_path(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 ||
           strcmp(path, "/healthz") == 0;
}

/*
 * Whether a refusal of r is a page rather than the JSON error: the
 * route's flag when a route was found, else (no route, or routes of
 * other methods only) whether the path, decoded when it decoded, is
 * not a json_path.
 */
static int refuse_with_page(const struct req *r,
                            const struct srv_route *rt)
{
    if (rt)
        return (rt->flags & SRV_HTML) != 0;
    return !json_path(r->path ? r->path : r->raw_path);
}

/* No route for the method and path: 405 naming the methods the path
 * takes (allow), else 404; a page where refuse_with_page says so,
 * which names no path, as not_found_page does. */
static void no_route(struct req *r, struct resp *p,
                     const struct vigil_buf *allow)
{
    int page = refuse_with_page(r, NULL);
    char msg[96];

    if (allow->len)
        resp_header(p, "Allow", allow->ptr);
    if (allow->len && !page) {
        resp_error(p, 405, "method_not_allowed", "'%s' takes %s", r->path,
                   allow->ptr);
    } else if (allow->len) {
        snprintf(msg, sizeof(msg), "this address takes only %s",
                 allow->ptr);
        refuse(r, 1, p, 405, "method_not_allowed", msg);
    } else if (!page) {
        resp_error(p, 404, "not_found", "no such resource");
    } else {
        not_found_page(p);
    }
}

/* Routes, authenticates, checks and runs the handler. */
static void dispatch(struct srv *s, struct conn *c, struct resp *p)
{
    struct req *r = &c->req;
    struct vigil_buf allow = VIGIL_BUF_INIT;
    const struct srv_route *rt;
    int authed;

    rt = route_find(r, r->raw_path, &allow);
    if (!rt) {
        no_route(r, p, &allow);
        vigil_buf_release(&allow);
        return;
    }
    vigil_buf_release(&allow);
    if (decode_params(r) != 0) {
        refuse(r, rt->flags & SRV_HTML, p, 400, "bad_path", "the path is "
               "not valid percent-encoded UTF-8");
        return;
    }
    r->route = rt;
    r->store = store_take(s);
    authed = authenticate(r);

    /* events written by this request name who made them */
    vigil_store_set_actor(r->store, r->who.role ? r->who.name : NULL);
    run(s, r, rt, p, authed);
    vigil_store_set_actor(r->store, NULL);
    store_give(s, r->store);
    r->store = NULL;
}

/* ---- libmicrohttpd glue ---- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
    struct conn *c = calloc(1, sizeof(*c));
    size_t len = uri ? strlen(uri) : 0;

    (void)cls;
    (void)con;
    if (!c)
        return NULL;
    vigil_arena_init(&c->arena);
    clock_gettime(CLOCK_MONOTONIC, &c->req.start);

    /* the bytes as sent, for target_fault: vigil_arena_strdup would
     * turn those that are not UTF-8 into '?', which splits a query */
    c->uri = vigil_arena_alloc(&c->arena, len + 1);
    if (!c->uri) {
        vigil_arena_release(&c->arena);
        free(c);
        return NULL;
    }
    if (len)
        memcpy(c->uri, uri, len);
    c->uri_end = uri ? uri + len : NULL;
    return c;
}

static void on_done(void *cls, struct MHD_Connection *con, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    struct conn *c = *con_cls;

    (void)cls;
    (void)con;
    (void)toe;
    if (!c)
        return;
    vigil_buf_release(&c->body);
    vigil_arena_release(&c->arena);
    free(c);
    *con_cls = NULL;
}

static int add_header_line(struct MHD_Response *mr, char *line)
{
    char *colon = strchr(line, ':');
    char *v;

    if (!colon)
        return 0;
    *colon = '\0';
    for (v = colon + 1; *v == ' '; v++)
        ;
    return MHD_add_response_header(mr, line, v) == MHD_YES ? 0 : -1;
}

/* Security headers first, then the handler's own lines. */
static void add_headers(struct MHD_Response *mr, const struct req *r,
                        struct resp *p)
{
    const char *type = p->type ? p->type : "application/json";
    char *line, *save = NULL;

    MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "X-Frame-Options", "DENY");
    /* same-origin, not no-referrer: under no-referrer a browser sends
     * "Origin: null" with its forms, which same_origin must refuse */
    MHD_add_response_header(mr, "Referrer-Policy", "same-origin");
    if (!p->headers.len || !strstr(p->headers.ptr, "Content-Security-"))
        MHD_add_response_header(mr, "Content-Security-Policy",
                                strncmp(type, "text/html", 9) == 0
                                    ? CSP_HTML : CSP_OTHER);
    if (!r->route || strcmp(r->route->pattern, "/static/{name}") != 0)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL,
                                "no-store");
    if (!p->headers.len)
        return;
    for (line = strtok_r(p->headers.ptr, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        add_header_line(mr, line);
}

/* One line per answer at INFO: method, path (no query, which may hold
 * search words), status, milliseconds, user. */
static void access_log(const struct req *r, int status)
{
    struct timespec now;
    char path[LOG_TEXT];
    long long ms;

    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (now.tv_sec - r->start.tv_sec) * 1000LL +
         (now.tv_nsec - r->start.tv_nsec) / 1000000;
    vigil_log(VIGIL_LOG_INFO, "%s %s %s %d %lldms %s", r->client,
              r->method ? r->method : "-",
              log_text(r->raw_path, path, sizeof(path)), status, ms,
              r->who.role != VIGIL_ROLE_NONE ? r->who.name : "-");
}

static enum MHD_Result send_resp(struct MHD_Connection *con,
                                 const struct req *r, struct resp *p)
{
    struct MHD_Response *mr;
    enum MHD_Result ret;
    size_t len = p->body.len;
    char *body = vigil_buf_detach(&p->body, &len);

    access_log(r, p->status ? p->status : 200);

    mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!mr) {
        free(body);
        vigil_buf_release(&p->headers);
        return MHD_NO;
    }
    add_headers(mr, r, p);
    ret = MHD_queue_response(con, (unsigned)(p->status ? p->status : 200),
                             mr);
    MHD_destroy_response(mr);
    vigil_buf_release(&p->headers);
    return ret;
}

/* Answers a request refused before its handler runs, with a page or
 * the API's error body as refuse_with_page says. */
static enum MHD_Result send_error(struct MHD_Connection *con,
                                  struct req *r, int status,
                                  const char *code, const char *msg)
{
    struct vigil_buf allow = VIGIL_BUF_INIT;
    const struct srv_route *rt = route_find(r, r->raw_path, &allow);
    struct resp p;

    vigil_buf_release(&allow);
    memset(&p, 0, sizeof(p));
    refuse(r, refuse_with_page(r, rt), &p, status, code, msg);
    return send_resp(con, r, &p);
}

/* A method no route has: 405 with what the path takes, or 404. */
static enum MHD_Result unknown_method(struct MHD_Connection *con,
                                      struct req *r)
{
    struct vigil_buf allow = VIGIL_BUF_INIT;
    struct resp p;

    memset(&p, 0, sizeof(p));
    route_find(r, r->raw_path, &allow);
    no_route(r, &p, &allow);
    vigil_buf_release(&allow);
    return send_resp(con, r, &p);
}

static int method_known(const char *m)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(known_methods); i++)
        if (strcmp(m, known_methods[i]) == 0)
            return 1;
    return 0;
}

/* Splits the URI into path and query and decodes the path. */
static int split_uri(struct conn *c)
{
    struct req *r = &c->req;
    char *q = strchr(c->uri, '?');
    size_t len;
    char *dec;

    if (q) {
        *q = '\0';
        r->query = q + 1;
    }
    r->raw_path = c->uri;
    len = strlen(c->uri);
    dec = vigil_arena_alloc(&c->arena, len + 1);
    if (!dec || vigil_http_decode(c->uri, len, 0, dec, len + 1, NULL) != 0)
        return -1;
    r->path = dec;
    return 0;
}

/* The peer's address as text, for login counts and logs. */
static void client_address(struct MHD_Connection *con, char *out,
                           size_t cap)
{
    const union MHD_ConnectionInfo *ci;
    const struct sockaddr *sa;

    snprintf(out, cap, "-");
    ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !(sa = ci->client_addr))
        return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
                  (socklen_t)cap);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                  out, (socklen_t)cap);
}

/* What one walk over the header lines finds. */
struct header_tally {
    unsigned lines;
    unsigned auth;              /* Authorization lines */
    size_t bytes;               /* as sent but for white space */
};

static enum MHD_Result tally_header(void *cls, enum MHD_ValueKind kind,
                                    const char *key, const char *value)
{
    struct header_tally *t = cls;

    (void)kind;
    t->lines++;
    t->bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
    if (vigil__strcasecmp(key, MHD_HTTP_HEADER_AUTHORIZATION) == 0)
        t->auth++;
    return MHD_YES;
}

/*
 * The bytes of the request line, as sent but for white space.
 * libmicrohttpd answers a request that does not fit its memory with an
 * HTML page of its own, and no callback of 0.9.75 can replace that
 * answer; so its memory is four times HEADER_BYTES, and a request
 * between the two gets this server's JSON 414 or 431.
 * LIMIT: past about CONN_MEMORY the library's own page answers.  See
 * docs/LIMITS.md#http-header-size.
 */
static size_t line_size(const struct req *r)
{
    return strlen(r->method) + strlen(r->raw_path) + 12 +
           (r->query ? strlen(r->query) + 1 : 0);
}

/* The checks of the header lines, made before any body is read. */
static enum MHD_Result check_headers(struct srv *s,
                                     struct MHD_Connection *con,
                                     struct req *r)
{
    struct header_tally t = { 0, 0, 0 };
    size_t line = line_size(r);
    const char *cl;
    char msg[64];
    long long n;

    MHD_get_connection_values(con, MHD_HEADER_KIND, tally_header, &t);
    if (t.lines > s->conf->max_headers)
        return send_error(con, r, 431, "too_many_headers",
                          "the request has too many header lines");
    if (line + t.bytes > HEADER_BYTES) {
        snprintf(msg, sizeof(msg), "the request %s over %d bytes",
                 line > HEADER_BYTES ? "line is" : "headers are",
                 HEADER_BYTES);
        return send_error(con, r, line > HEADER_BYTES ? 414 : 431,
                          line > HEADER_BYTES ? "uri_too_long"
                                              : "headers_too_large", msg);
    }

    /* libmicrohttpd would give the first of two credentials and hide
     * the other, so which one acts would be a matter of order */
    if (t.auth > 1)
        return send_error(con, r, 400, "bad_header", "the request has "
                          "more than one Authorization header");
    cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && (vigil__parse_ll(cl, 0, (long long)s->conf->max_body, &n)))
        return send_error(con, r, 413, "body_too_large",
                          "the request body is too large");
    return MHD_YES;
}

/*
 * Describes into msg (cap bytes) the first byte of the request target
 * that must be percent-encoded; leaves msg empty when there is none.
 * libmicrohttpd 0.9.75 takes such bytes as they come, decodes the path
 * and the query itself and cuts both at a NUL, so the target is checked
 * here, once, as sent, before it is split or routed.  A NUL shows in
 * where the target ends: libmicrohttpd hands it to on_uri as a C string
 * inside its copy of the request line, ended where the space before
 * the HTTP version was; a string that ends sooner was ended by a NUL
 * sent in the target ("GET /a\0b HTTP/1.1" arrives as "/a").
 */
static void target_fault(const struct conn *c, const char *version,
                         char *msg, size_t cap)
{
    size_t len = strlen(c->uri), at = vigil_http_target_check(c->uri, len);
    int cut = c->uri_end && version && *version &&
              version != c->uri_end + 1;

    msg[0] = '\0';
    if (at < len || cut)
        snprintf(msg, cap, "the request target holds the byte 0x%02x at "
                 "offset %zu, which must be percent-encoded",
                 at < len ? (unsigned char)c->uri[at] : 0, at);
}

/*
 * A request target that is not a path: the absolute-form
 * ("GET http://host/path"), the authority-form of CONNECT or "*".
 * Browsers send those to proxies only, so the sender is a program and
 * gets the JSON error.  The target may hold user information, which
 * the access log must not show.
 * LIMIT: RFC 9112 (section 3.2.2) says a server must accept the
 * absolute-form; vigil serve answers it 400.  See
 * docs/LIMITS.md#http-absolute-form.
 */
static enum MHD_Result not_a_path(struct MHD_Connection *con,
                                  struct req *r)
{
    char *shown = vigil_arena_alloc(r->arena, LOG_TEXT);
    struct resp p;

    if (!shown)
        return MHD_NO;
    vigil_url_redact(r->raw_path, shown, LOG_TEXT);
    r->raw_path = shown;
    memset(&p, 0, sizeof(p));
    resp_error(&p, 400, "bad_target", "the request target must be a path "
               "that starts with '/'");
    return send_resp(con, r, &p);
}

/* The checks that need only the request line and headers, made before
 * any body. */
static enum MHD_Result first_call(struct srv *s, struct conn *c,
                                  struct MHD_Connection *con,
                                  const char *method, const char *version)
{
    struct req *r = &c->req;
    char msg[128];
    int path_ok;

    c->started = 1;
    client_address(con, r->client, sizeof(r->client));
    r->srv = s;
    r->conf = s->conf;
    r->conn = con;
    r->arena = &c->arena;
    r->method = vigil_arena_strdup(&c->arena, method);
    r->body = "";
    if (!r->method)
        return MHD_NO;

    /* the whole target, before split_uri cuts its query off */
    target_fault(c, version, msg, sizeof(msg));
    path_ok = split_uri(c) == 0;
    if (r->raw_path[0] != '/')
        return not_a_path(con, r);
    if (msg[0])
        return send_error(con, r, 400, "bad_target", msg);
    if (!path_ok)
        return send_error(con, r, 400, "bad_path", "the path is not valid "
                          "percent-encoded UTF-8");
    if (!method_known(method))
        return unknown_method(con, r);
    return check_headers(s, con, r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload, size_t *upload_size,
                                  void **con_cls)
{
    struct srv *s = cls;
    struct conn *c = *con_cls;
    struct resp p;

    (void)url;
    if (!c)
        return MHD_NO;
    if (!c->started)
        return first_call(s, c, con, method, version);
    if (*upload_size) {
        /* LIMIT: a chunked body (no Content-Length) past the cap is
         * read and dropped so that it can get its 413 at the end
         * (libmicrohttpd 0.9.75 cannot answer while a body comes in);
         * past 16 times the cap the connection is closed instead.
         * See docs/LIMITS.md#http-chunked-body. */
        if (c->dropped || c->body.len + *upload_size > s->conf->max_body) {
            c->dropped += *upload_size;
            *upload_size = 0;
            return c->dropped > 16 * s->conf->max_body ? MHD_NO : MHD_YES;
        }
        if (vigil_buf_add(&c->body, upload, *upload_size) != 0)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (c->dropped)
        return send_error(con, &c->req, 413, "body_too_large",
                          "the request body is too large");
    if (c->body.len) {
        c->req.body = c->body.ptr;
        c->req.body_len = c->body.len;
    }
    memset(&p, 0, sizeof(p));
    dispatch(s, c, &p);
    return send_resp(con, &c->req, &p);
}

/* ---- listening ---- */

struct listen_addr {
    struct sockaddr_storage ss;
    int v6;
    char host[64];
};

/* "ADDR:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *spec, struct listen_addr *a,
                        struct vigil_error *err)
{
    const char *colon;
    long long port;
    size_t hlen;

    memset(a, 0, sizeof(*a));
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');

        if (!close || close[1] != ':')
            goto bad;
        hlen = (size_t)(close - spec - 1);
        colon = close + 1;
        spec++;
        a->v6 = 1;
    } else {
        colon = strrchr(spec, ':');
        if (!colon)
            goto bad;
        hlen = (size_t)(colon - spec);
    }
    if (hlen == 0 || hlen >= sizeof(a->host) ||
        vigil__parse_ll(colon + 1, 0, 65535, &port) != 0)
        goto bad;
    memcpy(a->host, spec, hlen);
    a->host[hlen] = '\0';
    if (a->v6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a->ss;

        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, a->host, &s6->sin6_addr) != 1)
            goto bad;
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&a->ss;

        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, a->host, &s4->sin_addr) != 1)
            goto bad;
    }
    return 0;

bad:
    return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot listen on '%s': "
                           "expected ADDR:PORT or [IPV6]:PORT", spec);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];

    (void)cls;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    vigil_log(VIGIL_LOG_DEBUG, "http: %s", msg);
}

/*
 * Binds and listens on the address here rather than in libmicrohttpd,
 * so that a port in use gives its reason.  No SO_REUSEPORT: a second
 * server on the same port must fail, not share the connections.
 */
static int listen_on(const struct srv_config *c, const struct listen_addr *a,
                     int *fd, struct vigil_error *err)
{
    socklen_t len = a->v6 ? sizeof(struct sockaddr_in6)
                          : sizeof(struct sockaddr_in);
    int one = 1, e, sock;
    const char *why;

    sock = socket(a->v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC,
                  0);
    if (sock < 0)
        goto fail;

    /* SO_REUSEADDR only lets a restart bind past TIME_WAIT sockets */
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (a->v6)
        setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    if (bind(sock, (const struct sockaddr *)&a->ss, len) == 0 &&
        listen(sock, 128) == 0) {
        *fd = sock;
        return 0;
    }

fail:
    e = errno;
    if (sock >= 0)
        close(sock);
    why = e == EADDRINUSE ? "address in use"
        : e == EADDRNOTAVAIL ? "address not available"
        : e == EACCES ? "permission denied" : strerror(e);
    return vigil_error_set(err, VIGIL_EIO, 0, "cannot listen on %s: %s",
                           c->listen, why);
}

static struct MHD_Daemon *start_daemon(struct srv *s, struct listen_addr *a,
                                       int fd)
{
    const struct srv_config *c = s->conf;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES
                 ? MHD_USE_EPOLL : MHD_USE_POLL;
    if (a->v6)
        flags |= MHD_USE_IPv6;
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)c->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)c->per_ip,
        /* LIMIT: the timeout counts idle time, so a client trickling
         * bytes keeps its connection; the connection limits and the
         * memory limit bound it.  See docs/LIMITS.md#http-slow-trickle. */
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
        MHD_OPTION_END);
}

/* Tells the caller where the server listens, with the port it got. */
static void announce(int fd, const struct listen_addr *a,
                     void (*ready)(void *, const char *), void *ctx)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char addr[96];
    unsigned port = 0;

    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
        port = ntohs(ss.ss_family == AF_INET6
                         ? ((struct sockaddr_in6 *)&ss)->sin6_port
                         : ((struct sockaddr_in *)&ss)->sin_port);
    snprintf(addr, sizeof(addr), a->v6 ? "[%s]:%u" : "%s:%u", a->host,
             port);
    if (ready)
        ready(ctx, addr);
}

int srv_run(const struct srv_config *c,
            void (*ready)(void *ctx, const char *addr), void *ctx,
            struct vigil_error *err)
{
    struct srv s;
    struct listen_addr a;
    sigset_t set, old;
    int sig, rc, fd = -1;

    memset(&s, 0, sizeof(s));
    s.conf = c;
    if ((rc = parse_listen(c->listen, &a, err)) != 0)
        return rc;
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.cond, NULL);
    if (!(s.guard = vigil_login_guard_new(GUARD_SLOTS))) {
        rc = vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
        goto out;
    }
    if ((rc = pool_open(&s, c->threads ? c->threads : 1, err)) != 0 ||
        (rc = listen_on(c, &a, &fd, err)) != 0)
        goto out;

    /* the server's threads inherit the mask, so only sigwait sees them */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    s.d = start_daemon(&s, &a, fd);
    if (!s.d) {
        rc = vigil_error_set(err, VIGIL_EIO, 0, "cannot serve on %s: the "
                             "HTTP library did not start", c->listen);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        close(fd);
        goto out;
    }
    announce(fd, &a, ready, ctx);
    sigwait(&set, &sig);
    vigil_log(VIGIL_LOG_INFO, "signal %d: stopping", sig);
    MHD_stop_daemon(s.d);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    rc = 0;

out:
    pool_close(&s);
    vigil_login_guard_free(s.guard);
    pthread_cond_destroy(&s.cond);
    pthread_mutex_destroy(&s.lock);
    return rc;
}

/* ---- the core's own routes ---- */

static int healthz(struct req *r, struct resp *p)
{
    (void)r;
    vigil_buf_adds(&p->body, "{\"status\": \"ok\", \"version\": \""
                             VIGIL_VERSION "\"}\n");
    return 0;
}

/* Embedded assets only: the name is looked up, never opened. */
static int static_asset(struct req *r, struct resp *p)
{
    const char *name = r->params[0];
    const struct srv_asset *a;

    if (!vigil_http_asset_name_ok(name))
        return resp_error(p, 404, "not_found", "no such asset");
    for (a = srv_assets; a->name; a++) {
        if (strcmp(a->name, name) == 0) {
            p->type = a->type;
            resp_header(p, MHD_HTTP_HEADER_CACHE_CONTROL,
                        "public, max-age=3600");
            return vigil_buf_add(&p->body, a->data, a->len);
        }
    }
    return resp_error(p, 404, "not_found", "no such asset");
}

const struct srv_route srv_core_routes[] = {
    { "GET", "/healthz", VIGIL_ROLE_NONE, SRV_PUBLIC, healthz },
    { "GET", "/static/{name}", VIGIL_ROLE_NONE, SRV_PUBLIC, static_asset },
    { NULL, NULL, VIGIL_ROLE_NONE, 0, NULL },
};
