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
    vigil_buf_add_json_field(&p->body, "name", r->who.name, 0);
    vigil_buf_add_json_field(&p->body, "role", vigil_role_name(r->who.role), 0);
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
    { "GET", "/api/v1/advisories", V, 0, api_advisories },
    { "GET", "/api/v1/advisories/{id}", V, 0, api_advisory },
    { "GET", "/api/v1/search", V, 0, api_search },
    { "GET", "/api/v1/updates", V, 0, api_updates },
    { "GET", "/api/v1/updates/{id}", V, 0, api_update },
    { "PATCH", "/api/v1/updates/{id}", A, SRV_CSRF, api_update_change },
    { "POST", "/api/v1/updates/{id}", A, SRV_CSRF, api_update_change },
    { "GET", "/api/v1/systems", V, 0, api_systems },
    { "GET", "/api/v1/systems/{name}", V, 0, api_system },
    { "GET", "/api/v1/sources", V, 0, api_sources },
    { "POST", "/api/v1/sources", ADM, SRV_CSRF, api_source_add },
    { "GET", "/api/v1/rules", V, 0, api_rules },
    { "POST", "/api/v1/rules/{name}", ADM, SRV_CSRF, api_rule_add },
    { "DELETE", "/api/v1/rules/{name}", ADM, SRV_CSRF, api_rule_remove },
    { "GET", "/api/v1/findings", V, 0, api_findings },
    { "GET", "/api/v1/reports/{kind}", V, 0, api_report },
    { "GET", "/api/v1/users", ADM, 0, api_users },
    { "POST", "/api/v1/users", ADM, SRV_CSRF, api_user_add },
    { "GET", "/api/v1/tokens", V, 0, api_tokens },
    { "POST", "/api/v1/tokens", ADM, SRV_CSRF, api_token_add },
    { "DELETE", "/api/v1/tokens/{id}", V, SRV_CSRF, api_token_remove },
    { NULL, NULL, VIGIL_ROLE_NONE, 0, NULL },
};

#define PAGE "limit offset"

/* Kept in step with docs/openapi.json (tests/e2e/test_api.sh checks). */
const struct srv_query srv_api_query[] = {
    { "GET", "/api/v1/advisories", "q text kev since " PAGE },
    { "GET", "/api/v1/search", "q text " PAGE },
    { "GET", "/api/v1/updates", "q text status priority assignee system "
                                "source sort kev overdue " PAGE },
    { "GET", "/api/v1/systems", PAGE },
    { "GET", "/api/v1/sources", PAGE },
    { "GET", "/api/v1/rules", PAGE },
    { "GET", "/api/v1/findings", "system cve " PAGE },
    { "GET", "/api/v1/reports/{kind}", "format from to" },
    { "GET", "/api/v1/users", PAGE },
    { "GET", "/api/v1/tokens", "user " PAGE },
    { NULL, NULL, NULL },
};
