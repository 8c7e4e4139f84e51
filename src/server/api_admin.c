/*
 * api_admin.c - people and their API tokens, and the reports (any
 * reader).  Users and new tokens are an admin's; every user lists and
 * revokes their own tokens, an admin anyone's.  A new token is shown
 * in the answer once and never again.
 */
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

#include "vigil/report.h"
#include "api.h"
#include "../internal.h"

struct user_out {
    struct api_list *l;
    struct vigil_buf *b;
    const char *only;            /* one name, or NULL */
};

static int user_one(void *ctx, const struct vigil_user_row *u)
{
    struct user_out *o = ctx;
    struct vigil_buf *b = o->b;

    if (o->only ? strcmp(o->only, u->name) != 0 : !api_list_take(o->l))
        return 0;
    vigil_buf_addf(b, "{\"id\": %lld", u->id);
    vigil_buf_add_json_field(b, "name", u->name, 0);
    vigil_buf_add_json_field(b, "role", u->role, 0);
    vigil_buf_addf(b, ", \"has_password\": %s, \"disabled\": %s, "
                   "\"tokens\": %lld", u->has_password ? "true" : "false",
                   u->disabled ? "true" : "false", u->tokens);
    vigil_buf_add_json_field(b, "created", u->created, 0);
    return vigil_buf_adds(b, "}");
}

int api_users(struct req *r, struct resp *p)
{
    struct api_list l;
    struct user_out o = { &l, &p->body, NULL };
    int rc;

    if (api_list_begin(r, p, &l) != 0)
        return 0;
    if ((rc = vigil_users(r->store, user_one, &o)) != 0)
        return api_fail(p, rc, NULL);
    api_list_end(&l);
    return 0;
}

static const char *const user_members[] = { "name", "role", "password",
                                            NULL };

int api_user_add(struct req *r, struct resp *p)
{
    struct vigil_error err;
    struct user_out o = { NULL, &p->body, NULL };
    const char *role;
    enum vigil_role ro;
    cJSON *body;
    int rc;

    if (!(body = api_body(r, p, user_members)))
        return 0;
    vigil_error_clear(&err);
    o.only = api_jstr(body, "name");
    role = api_jstr(body, "role");
    ro = role ? vigil_role_parse(role) : VIGIL_ROLE_NONE;
    if (!o.only || !role)
        rc = vigil_error_set(&err, VIGIL_EINVAL, 0, "'name' and 'role' "
                             "(viewer, analyst or admin) are required");
    else if (ro == VIGIL_ROLE_NONE)
        rc = vigil_error_set(&err, VIGIL_EINVAL, 0, "unknown role '%.32s'; "
                             "the roles are viewer, analyst and admin",
                             role);
    else
        rc = vigil_user_add(r->store, o.only, ro,
                            api_jstr(body, "password"), &err);
    if (!rc)
        rc = vigil_users(r->store, user_one, &o);
    if (rc)
        api_fail(p, rc, &err);
    else
        p->status = 201;
    cJSON_Delete(body);
    return 0;
}

static int token_one(void *ctx, const struct vigil_token_row *t)
{
    struct api_list *l = ctx;
    struct vigil_buf *b = l->b;

    if (!api_list_take(l))
        return 0;
    vigil_buf_addf(b, "{\"id\": %lld", t->id);
    vigil_buf_add_json_field(b, "user", t->user, 0);
    vigil_buf_add_json_field(b, "name", t->name, 0);
    vigil_buf_add_json_field(b, "prefix", t->prefix, 0);
    vigil_buf_add_json_field(b, "created", t->created, 0);
    vigil_buf_add_json_field(b, "expires", t->expires, 0);
    vigil_buf_add_json_field(b, "last_used", t->last_used, 0);
    vigil_buf_add_json_field(b, "revoked", t->revoked, 0);
    return vigil_buf_adds(b, "}");
}

static int is_admin(const struct req *r)
{
    return r->who.role >= VIGIL_ROLE_ADMIN;
}

int api_tokens(struct req *r, struct resp *p)
{
    const char *user = req_query(r, "user");
    struct api_list l;
    int rc;

    /* below admin, the list is the caller's own tokens; names are
     * unique with ASCII case ignored, so "VIE" is vie's own */
    if (!is_admin(r)) {
        if (user && vigil__strcasecmp(user, r->who.name) != 0)
            return resp_error(p, 403, "forbidden", "only an admin lists "
                              "the tokens of others");
        user = r->who.name;
    }
    if (api_list_begin(r, p, &l) != 0)
        return 0;
    rc = vigil_tokens(r->store, user, token_one, &l);
    if (rc)
        return api_fail(p, rc, NULL);
    api_list_end(&l);
    return 0;
}

/* "expires": absent (90 days), "never", "30d" or a date, as the CLI. */
static int token_expiry(const cJSON *body, time_t *out,
                        struct vigil_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, "expires");

    if (v && !cJSON_IsString(v))
        return vigil_error_set(err, VIGIL_EINVAL, 0, "'expires' takes "
                               "\"never\", a duration such as \"30d\", "
                               "or a date YYYY-MM-DD");
    return vigil_token_expiry_parse(v ? v->valuestring : NULL, vigil_now(),
                                    out, err);
}

struct own_token {
    long long id;
    int found;
    char user[64];              /* its user's name as stored */
};

static int match_token(void *ctx, const struct vigil_token_row *t)
{
    struct own_token *o = ctx;

    if (t->id == o->id) {
        o->found = 1;
        snprintf(o->user, sizeof(o->user), "%s", t->user);
    }
    return 0;
}

/* Whether token id is the caller's. */
static int owns_token(struct req *r, long long id)
{
    struct own_token o = { id, 0, "" };

    return vigil_tokens(r->store, r->who.name, match_token, &o) == 0 &&
           o.found;
}

/*
 * The answer to a new token.  user is the name as the request gave it,
 * which may differ in case from the stored name that the token lists
 * and the history show; the answer names the stored one.
 */
static void token_created(struct req *r, struct resp *p, long long id,
                          const char *user, const char *name,
                          time_t expires, const char *token)
{
    struct own_token o = { id, 0, "" };
    char until[32];

    if (vigil_tokens(r->store, user, match_token, &o) == 0 && o.found)
        user = o.user;
    p->status = 201;
    vigil_buf_addf(&p->body, "{\"id\": %lld", id);
    vigil_buf_add_json_field(&p->body, "user", user, 0);
    vigil_buf_add_json_field(&p->body, "name", name, 0);
    if (expires)
        vigil_time_format(expires, until, sizeof(until));
    vigil_buf_add_json_field(&p->body, "expires", expires ? until : NULL,
                             0);
    vigil_buf_add_json_field(&p->body, "token", token, 0);
    vigil_buf_adds(&p->body, "}\n");
}

static const char *const token_members[] = { "user", "name", "expires",
                                             NULL };

int api_token_add(struct req *r, struct resp *p)
{
    char token[VIGIL_TOKEN_SIZE];
    struct vigil_error err;
    const char *user, *name;
    time_t expires = 0;
    long long id = 0;
    cJSON *body;
    int rc = 0;

    if (!(body = api_body(r, p, token_members)))
        return 0;
    vigil_error_clear(&err);
    user = api_jstr(body, "user");
    if (!user)
        user = r->who.name;
    name = api_jstr(body, "name");
    if (!name || !*name)
        rc = vigil_error_set(&err, VIGIL_EINVAL, 0, "'name' is required");
    else
        rc = token_expiry(body, &expires, &err);
    if (!rc)
        rc = vigil_token_create(r->store, user, name, expires, token, &id,
                                &err);
    if (rc)
        api_fail(p, rc, &err);
    else
        token_created(r, p, id, user, name, expires, token);
    explicit_bzero(token, sizeof(token));
    cJSON_Delete(body);
    return 0;
}


int api_token_remove(struct req *r, struct resp *p)
{
    struct vigil_error err;
    long long id;
    int rc;

    if (vigil__parse_ll(req_param(r, 0), 1, (1LL << 62), &id) != 0)
        return resp_error(p, 404, "not_found", "no token '%s'",
                          req_param(r, 0));
    vigil_error_clear(&err);

    /* another user's token is answered as absent, so ids tell nothing */
    if (!is_admin(r) && !owns_token(r, id))
        return resp_error(p, 404, "not_found", "no token '%s'",
                          req_param(r, 0));
    if ((rc = vigil_token_revoke(r->store, id, &err)) != 0)
        return api_fail(p, rc, &err);
    return vigil_buf_addf(&p->body, "{\"revoked\": %lld}\n", id);
}

/* ---- reports ---- */

static const struct {
    const char *type;
} report_types[] = {
    [VIGIL_REPORT_MARKDOWN] = { "text/markdown; charset=utf-8" },
    [VIGIL_REPORT_JSON] = { "application/json" },
    [VIGIL_REPORT_HTML] = { "text/html; charset=utf-8" },
    [VIGIL_REPORT_CSV] = { "text/csv; charset=utf-8" },
};

/*
 * The period by the rules of vigil report: from and to as given, one
 * of them and the kind's length, else the last complete period.
 */
static int report_period(struct req *r, struct resp *p, int kind,
                         char from[11], char to[11])
{
    struct vigil_error err;

    vigil_error_clear(&err);
    if (vigil_report_resolve((enum vigil_report_kind)kind,
                             req_query(r, "from"), req_query(r, "to"),
                             vigil_now(), from, to, &err) != 0)
        return resp_error(p, 400, "bad_parameter", "%s", err.msg), -1;
    return 0;
}

int api_report(struct req *r, struct resp *p)
{
    const char *fname = req_query(r, "format");
    struct vigil_error err;
    char from[11], to[11];
    int kind, fmt, rc;

    kind = vigil_report_kind_parse(req_param(r, 0));
    fmt = vigil_report_format_parse(fname ? fname : "json");
    if (kind < 0)
        return resp_error(p, 404, "not_found", "no report '%s': weekly, "
                          "monthly or quarterly", req_param(r, 0));
    if (fmt < 0 || (size_t)fmt >= VIGIL_ARRAY_SIZE(report_types))
        return resp_error(p, 400, "bad_parameter", "'format' takes "
                          "md (or markdown), html, json or csv");
    if (report_period(r, p, kind, from, to) != 0)
        return 0;
    vigil_error_clear(&err);
    rc = vigil_report_render(r->store, (enum vigil_report_kind)kind, from, to,
                             NULL, (enum vigil_report_format)fmt, &p->body,
                             &err);
    if (rc) {
        vigil_buf_reset(&p->body);
        return api_fail(p, rc, &err);
    }
    p->type = report_types[fmt].type;

    /* a report page carries its own inline styles and SVG */
    if (fmt == VIGIL_REPORT_HTML)
        resp_header(p, "Content-Security-Policy", "default-src 'none'; "
                    "style-src 'unsafe-inline'; img-src data:; "
                    "frame-ancestors 'none'");
    return 0;
}
