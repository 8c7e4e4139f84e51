/*
 * dash.c - the routes of the HTML dashboard, the login and logout, the
 * overview, and the helpers the other dash handlers share.
 *
 * Handlers gather data from the store and hand it to the renderers
 * (dash_page.c and friends).  Every write is a form POST flagged
 * SRV_CSRF, so the core has checked the token before a handler runs,
 * and answers with a 303 to a page (Post/Redirect/Get).
 */
#include <stdio.h>
#include <string.h>

#include "vigil/auth.h"
#include "server.h"
#include "dash.h"
#include "../internal.h"

#define COOKIE "vigil_session"
#define LOGIN_FAILED "invalid name or password"

void dash_user_of(const struct req *r, struct vigil_web_user *u)
{
    u->name = r->who.name;
    u->role = r->who.role;
    u->csrf = r->csrf;
}

int dash_html(struct resp *p, int status)
{
    p->status = status;
    p->type = "text/html; charset=utf-8";
    return 0;
}

int dash_redirect(struct resp *p, const char *to)
{
    vigil_buf_reset(&p->body);
    p->status = 303;
    p->type = "text/plain; charset=utf-8";
    resp_header(p, "Location", to);
    vigil_buf_adds(&p->body, "see other\n");
    return 0;
}

int dash_fail(struct req *r, struct resp *p, int status, const char *title,
              const char *msg)
{
    struct vigil_web_user u;

    dash_user_of(r, &u);
    vigil_buf_reset(&p->body);
    vigil_web_render_message(&p->body, &u, title, msg);
    return dash_html(p, status);
}

int dash_status_of(int rc)
{
    switch (rc) {
    case VIGIL_ENOTFOUND:
        return 404;
    case VIGIL_ESTATE:
    case VIGIL_EEXIST:
        return 409;
    case VIGIL_EINVAL:
    case VIGIL_ERANGE:
    case VIGIL_ELIMIT:          /* a field too long, not the body */
        return 400;
    case VIGIL_EBUSY:
        return 503;
    default:
        return 500;
    }
}

long long dash_page_param(const struct req *r)
{
    const char *s = req_query(r, "page");
    long long page;

    if (!s || vigil__parse_ll(s, 1, 1000000, &page) != 0)
        return 1;
    return page;
}

/* ---- login and logout ---- */

static int get_login(struct req *r, struct resp *p)
{
    if (r->who.role != VIGIL_ROLE_NONE)
        return dash_redirect(p, "/");
    vigil_web_render_login(&p->body, req_query(r, "next"), NULL);
    return dash_html(p, 200);
}

static int set_cookie(struct req *r, struct resp *p, const char *sid,
                      long max_age)
{
    char line[256];

    snprintf(line, sizeof(line), COOKIE "=%s; Path=/; HttpOnly; "
             "SameSite=Strict; Max-Age=%ld%s", sid, max_age,
             r->conf->secure_cookies ? "; Secure" : "");
    return resp_header(p, "Set-Cookie", line);
}

/*
 * Every failure looks the same to the visitor: one message, 401, and
 * the form again, so the page tells nothing about which names exist.
 */
static int post_login(struct req *r, struct resp *p)
{
    const char *name = req_form(r, "name");
    const char *pass = req_form(r, "password");
    const char *next = req_form(r, "next");
    char sid[VIGIL_SESSION_SIZE], csrf[VIGIL_SESSION_SIZE];
    struct vigil_principal who;
    struct vigil_error err;
    int rc;

    vigil_error_clear(&err);
    if (!name || !pass ||
        vigil_auth_password(r->store, name, pass, &who, &err) != 0) {
        vigil_web_render_login(&p->body, next, LOGIN_FAILED);
        return dash_html(p, 401);
    }
    rc = vigil_session_create(r->store, who.user_id, r->conf->session_ttl,
                              sid, csrf, &err);
    explicit_bzero(csrf, sizeof(csrf));
    if (rc)
        return dash_fail(r, p, 500, "Log in", "the session could not be "
                         "started; try again");
    set_cookie(r, p, sid, r->conf->session_ttl);
    explicit_bzero(sid, sizeof(sid));
    return dash_redirect(p, vigil_web_local_path(next) ? next : "/");
}

static int post_logout(struct req *r, struct resp *p)
{
    const char *sid = req_cookie(r, COOKIE);
    struct vigil_error err;

    if (sid)
        vigil_session_end(r->store, sid, &err);
    set_cookie(r, p, "", 0);
    return dash_redirect(p, "/login");
}

/* ---- overview ---- */

struct overview {
    struct vigil_web_overview o;
    struct vigil_arena *arena;
    struct vigil_update urgent[VIGIL_WEB_URGENT];
    size_t n;
};

static int overview_row(void *ctx, const struct vigil_update *u)
{
    struct overview *v = ctx;

    if (vigil_web_overview_add(&v->o, u) && v->n < VIGIL_WEB_URGENT)
        return vigil_web_update_copy(v->arena, u, &v->urgent[v->n++]);
    return 0;
}

static int get_overview(struct req *r, struct resp *p)
{
    struct overview v;
    struct vigil_web_user u;

    memset(&v, 0, sizeof(v));
    v.arena = r->arena;
    vigil_web_overview_init(&v.o, vigil_now());
    if (vigil_store_updates(r->store, overview_row, &v) != 0)
        return dash_fail(r, p, 500, "Overview", "the store failed");
    dash_user_of(r, &u);
    vigil_web_render_overview(&p->body, &u, &v.o, v.urgent, v.n);
    return dash_html(p, 200);
}

#define PAGE (SRV_HTML)
#define FORM (SRV_HTML | SRV_CSRF)
#define VIEW VIGIL_ROLE_VIEWER
#define ACT VIGIL_ROLE_ANALYST

const struct srv_route srv_dash_routes[] = {
    { "GET", "/login", VIGIL_ROLE_NONE, SRV_PUBLIC | SRV_HTML, get_login },
    { "POST", "/login", VIGIL_ROLE_NONE, SRV_PUBLIC | SRV_HTML | SRV_LOGIN,
      post_login },
    { "POST", "/logout", VIEW, FORM, post_logout },
    { "GET", "/", VIEW, PAGE, get_overview },
    { "GET", "/updates", VIEW, PAGE, dash_get_updates },
    { "GET", "/updates/{id}", VIEW, PAGE, dash_get_update },
    { "POST", "/updates/{id}/status", ACT, FORM, dash_post_status },
    { "POST", "/updates/{id}/assign", ACT, FORM, dash_post_assign },
    { "POST", "/updates/{id}/note", ACT, FORM, dash_post_note },
    { "POST", "/updates/{id}/accept-risk", ACT, FORM, dash_post_accept_risk },
    { "POST", "/updates/{id}/verify", ACT, FORM, dash_post_verify },
    { "GET", "/advisories", VIEW, PAGE, dash_get_advisories },
    { "GET", "/advisories/{id}", VIEW, PAGE, dash_get_advisory },
    { "GET", "/systems", VIEW, PAGE, dash_get_systems },
    { "GET", "/systems/{name}", VIEW, PAGE, dash_get_system },
    { "GET", "/reports", VIEW, PAGE, dash_get_reports },
    { "GET", "/reports/{kind}", VIEW, PAGE, dash_get_report },
    { NULL, NULL, VIGIL_ROLE_NONE, 0, NULL },
};
