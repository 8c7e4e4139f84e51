/*
 * api.c - the route table of the REST API under /api/v1/ and the
 * small routes: the OpenAPI document and who am I.
 */
#include <string.h>

#include "api.h"
#include "../internal.h"

extern const char srv_openapi_json[];

static int openapi(struct req *r, struct resp *p)
{
    (void)r;
    return vigil_buf_adds(&p->body, srv_openapi_json);
}

static int me(struct req *r, struct resp *p)
{
    vigil_buf_addf(&p->body, "{\"id\": %lld", r->who.user_id);
    api_str(&p->body, "name", r->who.name, 0);
    api_str(&p->body, "role", vigil_role_name(r->who.role), 0);
    vigil_buf_addf(&p->body, ", \"via\": \"%s\"}\n",
                   r->via_session ? "session" : "token");
    return 0;
}

#define V VIGIL_ROLE_VIEWER
#define A VIGIL_ROLE_ANALYST
#define ADM VIGIL_ROLE_ADMIN

const struct srv_route srv_api_routes[] = {
    { "GET", "/api/v1/openapi.json", VIGIL_ROLE_NONE, SRV_PUBLIC, openapi },
    { "GET", "/api/v1/me", V, 0, me },
    { NULL, NULL, VIGIL_ROLE_NONE, 0, NULL },
};
