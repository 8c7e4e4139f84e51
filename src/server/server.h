/*
 * server.h - vigil serve: the HTTP layer shared by the REST API
 * (api*.c) and the dashboard (dash*.c).
 *
 * The core (http.c) owns libmicrohttpd, limits, timeouts, reading the
 * request, authentication and dispatch; handlers only turn a request
 * into library calls and a response.  A handler runs on one of the
 * server's threads with a store handle of its own (req->store), so it
 * never shares a SQLite connection.
 */
#ifndef VIGIL_SERVER_H
#define VIGIL_SERVER_H

#include <stddef.h>
#include <time.h>

#include "vigil/auth.h"
#include "vigil/buf.h"
#include "vigil/policy.h"
#include "vigil/store.h"

struct vigil_config;

struct srv_config {
    const char *listen;          /* "ADDR:PORT", "[::1]:PORT"; default
                                    127.0.0.1:8080 */
    const char *db_path;
    const struct vigil_config *cfg;      /* the loaded vigil.conf */
    const struct vigil_policy *policy;
    unsigned threads;            /* worker threads (default 4) */
    unsigned max_connections;    /* open at once (default 128) */
    unsigned per_ip;             /* per client address (default 32) */
    unsigned timeout;            /* idle seconds before close (15) */
    size_t max_body;             /* request body bytes (1 MiB) */
    unsigned max_headers;        /* header lines (64) */
    long session_ttl;            /* seconds (8 hours) */
    int secure_cookies;          /* add Secure to cookies (behind TLS) */
};

/* Fills the defaults above. */
void srv_config_init(struct srv_config *c);

/*
 * Runs the server until SIGINT or SIGTERM.  Prints nothing; the
 * address bound is given to the ready callback (may be NULL) once
 * listening, so "--listen 127.0.0.1:0" can tell its port.
 */
int srv_run(const struct srv_config *c,
            void (*ready)(void *ctx, const char *addr), void *ctx,
            struct vigil_error *err);

struct srv;                      /* the running server */
struct srv_route;

#define SRV_MAX_PARAMS 4

struct req {
    const struct srv *srv;
    const struct srv_config *conf;
    struct MHD_Connection *conn;
    const char *method;          /* "GET", "POST", ... */
    const char *path;            /* without the query string, decoded */
    const char *raw_path;        /* the same, as sent (encoded) */
    const char *query;           /* after '?', encoded; NULL when none */
    char client[64];             /* the peer's address, "-" if unknown */
    struct timespec start;       /* when the request came (monotonic) */
    struct vigil_arena *arena;   /* memory freed with the request */
    const struct srv_route *route;   /* the route being served */
    const char *body;            /* NUL-terminated; "" when none */
    size_t body_len;
    struct vigil_store *store;   /* this thread's handle */
    struct vigil_principal who;  /* role VIGIL_ROLE_NONE: anonymous */
    int via_session;             /* authenticated by cookie, not token */
    char csrf[VIGIL_SESSION_SIZE];   /* the session's token, or "" */
    const char *params[SRV_MAX_PARAMS];  /* "{name}" captures, in order */
    int nparams;
};

struct resp {
    int status;                  /* 200 unless set */
    const char *type;            /* Content-Type; JSON unless set */
    struct vigil_buf body;
    struct vigil_buf headers;    /* "Name: value\n" lines to add */
};

/* A query string parameter, decoded; NULL when absent. */
const char *req_query(const struct req *r, const char *key);

/* Capture i of the route's pattern (decoded); NULL past the last. */
const char *req_param(const struct req *r, int i);

/* A request header (case-insensitive name); NULL when absent. */
const char *req_header(const struct req *r, const char *name);

/* A cookie value; NULL when absent. */
const char *req_cookie(const struct req *r, const char *name);

/*
 * A field of an application/x-www-form-urlencoded body, decoded into a
 * string the request owns; NULL when absent.
 */
const char *req_form(struct req *r, const char *key);

/* Adds a response header line; values with CR or LF are refused. */
int resp_header(struct resp *p, const char *name, const char *value);

/*
 * The one error body of the API:
 *   {"error": {"status": 404, "code": "not_found", "message": "..."}}
 * code is a short snake_case word; message is one line for people.
 * Returns 0 so a handler can "return resp_error(...)".
 */
int resp_error(struct resp *p, int status, const char *code,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Route flags. */
enum {
    SRV_PUBLIC = 1 << 0,         /* no authentication needed */
    SRV_HTML = 1 << 1,           /* dashboard page: an anonymous visitor
                                    is sent to /login, not given 401 */
    SRV_CSRF = 1 << 2,           /* a session-authenticated request must
                                    carry the session's CSRF token (form
                                    field "csrf" or X-CSRF-Token) */
    SRV_LOGIN = 1 << 3           /* a password check with form field
                                    "name": the core throttles failures
                                    and logs the outcome, which the
                                    handler gives as 303 (logged in) or
                                    401 (refused) */
};

typedef int (*srv_handler)(struct req *r, struct resp *p);

/*
 * A route: method and a pattern of literal segments and "{name}"
 * captures ("/api/v1/updates/{id}").  role is the least role allowed;
 * the core answers 401 (no or bad credentials) and 403 (role too low)
 * before the handler runs.  A table ends with a NULL method.
 */
struct srv_route {
    const char *method;
    const char *pattern;
    enum vigil_role role;
    unsigned flags;
    srv_handler fn;
};

/*
 * The query parameters a route of the API takes, as space-separated
 * names ("q text limit offset").  For routes other than the
 * dashboard's (SRV_HTML) the core answers 400 before the handler runs
 * when a parameter is not in the list, is given twice, or does not
 * decode; a route without a row takes none.  Ends with a NULL method.
 */
struct srv_query {
    const char *method;
    const char *pattern;
    const char *names;
};
extern const struct srv_query srv_api_query[];     /* api.c */

extern const struct srv_route srv_core_routes[];   /* http.c: /healthz,
                                                      /static/{name} */
extern const struct srv_route srv_api_routes[];    /* api*.c */
extern const struct srv_route srv_dash_routes[];   /* dash*.c */

/*
 * Assets served by GET /static/{name}: built into the binary, looked
 * up by exact name, never read from the filesystem.  Ends with a NULL
 * name.  Defined in assets.c (the dashboard's stylesheet and images).
 */
struct srv_asset {
    const char *name;            /* "vigil.css" */
    const char *type;            /* "text/css; charset=utf-8" */
    const char *data;
    size_t len;
};
extern const struct srv_asset srv_assets[];

#endif
