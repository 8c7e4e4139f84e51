/*
 * dash.h - what the dashboard's handlers (dash*.c) share.  The pages
 * themselves are rendered by the library (include/vigil/web.h).
 */
#ifndef VIGIL_DASH_H
#define VIGIL_DASH_H

#include "vigil/web.h"

/* ---- shared by the handlers (dash.c) ---- */

struct req;
struct resp;

/* The dash_user of a request. */
void dash_user_of(const struct req *r, struct vigil_web_user *u);

/* Makes p an HTML response with that status; returns 0. */
int dash_html(struct resp *p, int status);

/* A 303 to a local path; returns 0. */
int dash_redirect(struct resp *p, const char *to);

/* A whole message page with that status; returns 0. */
int dash_fail(struct req *r, struct resp *p, int status, const char *title,
              const char *msg);

/* The HTTP status for a library error code. */
int dash_status_of(int rc);

/* A 1-based page number from the query ("page"), 1 when absent or bad. */
long long dash_page_param(const struct req *r);

/* Handlers of dash_act.c and dash_browse.c. */
int dash_get_updates(struct req *r, struct resp *p);
int dash_get_update(struct req *r, struct resp *p);
int dash_post_status(struct req *r, struct resp *p);
int dash_post_assign(struct req *r, struct resp *p);
int dash_post_note(struct req *r, struct resp *p);
int dash_post_accept_risk(struct req *r, struct resp *p);
int dash_post_verify(struct req *r, struct resp *p);
int dash_get_advisories(struct req *r, struct resp *p);
int dash_get_advisory(struct req *r, struct resp *p);
int dash_get_systems(struct req *r, struct resp *p);
int dash_get_system(struct req *r, struct resp *p);
int dash_get_reports(struct req *r, struct resp *p);
int dash_get_report(struct req *r, struct resp *p);

#endif
