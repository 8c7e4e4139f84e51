/*
 * assets.c - the files GET /static/{name} serves, built into the
 * binary so that no request can name a path on disk.  The dashboard
 * owns their content.
 */
#include <stddef.h>

#include "server.h"
#include "../internal.h"

#define TEXT(s) s, sizeof(s) - 1

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:0;color:#1d2329}\n"
    "main{max-width:72rem;margin:0 auto;padding:1rem}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{text-align:left;padding:.25rem .5rem;"
    "border-bottom:1px solid #d0d6dc}\n";

const struct srv_asset srv_assets[] = {
    { "vigil.css", "text/css; charset=utf-8", TEXT(css) },
    { NULL, NULL, NULL, 0 },
};
