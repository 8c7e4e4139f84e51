/*
 * dash.c - the routes of the HTML dashboard.
 */
#include "server.h"
#include "../internal.h"

const struct srv_route srv_dash_routes[] = {
    { NULL, NULL, VIGIL_ROLE_NONE, 0, NULL },
};
