/*
 * dash.h - the page renderers of the HTML dashboard.
 *
 * Renderers are pure: they get the data of a page (gathered by the
 * handlers in dash.c from the store) and append HTML to a vigil_buf.
 * Every piece of text that came from the store or the request goes
 * through vigil_buf_add_html; URLs built from such text are also
 * percent-encoded.  Pages carry no inline script or style, so the
 * server's Content-Security-Policy can forbid both.
 *
 * An allocation failure inside a renderer truncates the page: the
 * buffer keeps what fit, and the handler answers with what it has.
 */
#ifndef VIGIL_DASH_H
#define VIGIL_DASH_H

#include <stddef.h>
#include <time.h>

#include "vigil/auth.h"
#include "vigil/buf.h"
#include "vigil/policy.h"
#include "vigil/store.h"

/* Who looks at the page, and the token their forms must carry. */
struct dash_user {
    const char *name;
    enum vigil_role role;
    const char *csrf;
};

/* ---- shared by the handlers (dash.c) ---- */

struct req;
struct resp;

/* The dash_user of a request. */
void dash_user_of(const struct req *r, struct dash_user *u);

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

/* Rows per page of the lists. */
#define DASH_PER_PAGE 50

/* ---- layout (dash_page.c) ---- */

/*
 * Starts a page: doctype, head with the stylesheet, the header with
 * the navigation (section names the current entry: "overview",
 * "updates", "advisories", "systems", "reports"), the user, their
 * role and a logout form; then opens <main> with an <h1> of title.
 * u may be NULL (the login page): no navigation then.
 */
void dash_page_begin(struct vigil_buf *b, const struct dash_user *u,
                     const char *title, const char *section);

/* Closes <main> and the document. */
void dash_page_end(struct vigil_buf *b);

/* The hidden form field carrying the CSRF token. */
void dash_csrf_field(struct vigil_buf *b, const struct dash_user *u);

/* A paragraph with role="alert" holding msg (nothing when NULL). */
void dash_error(struct vigil_buf *b, const char *msg);

/* Appends s percent-encoded for a URL path segment or query value. */
void dash_add_url(struct vigil_buf *b, const char *s);

/* Whether u may change updates (analyst and up). */
int dash_can_act(const struct dash_user *u);

/*
 * Whether next is a local path fit to redirect to after login: it
 * starts with one "/" (not "//" or "/\"), and holds no control byte
 * or backslash.  Anything else (absolute URLs, "javascript:") is 0.
 */
int dash_local_path(const char *next);

/* The login form; next and error may be NULL. */
void dash_render_login(struct vigil_buf *b, const char *next,
                       const char *error);

/* A whole page with one message, for 404 and other failures. */
void dash_render_message(struct vigil_buf *b, const struct dash_user *u,
                         const char *title, const char *msg);

/* ---- security updates (dash_updates.c) ---- */

/* The filter of the updates list, as the query string gave it. */
struct dash_update_query {
    const char *status;
    const char *priority;
    const char *assignee;
    const char *system;
    const char *source;
    const char *text;
    int kev;
    int overdue;
    long long page;              /* 1-based */
};

/* One page of the list: rows, and how many passed the filter. */
struct dash_update_list {
    const struct vigil_update *rows;
    size_t n;
    long long total;
};

void dash_render_updates(struct vigil_buf *b, const struct dash_user *u,
                         const struct dash_update_query *q,
                         const struct dash_update_list *l);

/* What the detail page of one update shows. */
struct dash_update_view {
    const struct vigil_update *u;
    const struct vigil_history *hist;    /* oldest first */
    size_t nhist;
    const char *error;                   /* from a refused action */
};

/*
 * The detail page: every field, the evidence, a link to the advisory,
 * the history table and, for analysts and admins, the action forms.
 * The status select offers only the moves vigil_track_next_states
 * allows from the current state.
 */
void dash_render_update(struct vigil_buf *b, const struct dash_user *u,
                        const struct dash_update_view *v);

/* A table of updates (ID linked to its page) under caption. */
void dash_update_table(struct vigil_buf *b, const struct vigil_update *rows,
                       size_t n, const char *caption);

/*
 * Copies an update into arena a (its strings are borrowed by store
 * callbacks).  Returns 0 or VIGIL_ENOMEM.
 */
int dash_update_copy(struct vigil_arena *a, const struct vigil_update *src,
                     struct vigil_update *dst);
int dash_history_copy(struct vigil_arena *a, const struct vigil_history *src,
                      struct vigil_history *dst);

/* ---- overview (dash_overview.c) ---- */

#define DASH_WEEKS 13
#define DASH_URGENT 10

struct dash_overview {
    char today[11];                      /* YYYY-MM-DD */
    char since[11];                      /* the start of "this week":
                                            today - 7 days */
    long long open;
    long long open_by_priority[VIGIL_PRIORITY_COUNT];  /* by enum */
    long long overdue;                   /* open, not risk accepted,
                                            past due */
    long long kev_open;
    long long new_week;                  /* identified since `since` */
    char weeks[DASH_WEEKS][11];          /* Monday of each week */
    double opened[DASH_WEEKS];           /* identified in that week */
    double closed[DASH_WEEKS];           /* completed in that week */
};

/* Sets the dates of o from now and zeroes the counts. */
void dash_overview_init(struct dash_overview *o, time_t now);

/*
 * Counts one live update into o.  Returns 1 when it is open (so the
 * caller may keep it among the most urgent), else 0.
 */
int dash_overview_add(struct dash_overview *o, const struct vigil_update *u);

/* Whether a status is one of the open states. */
int dash_is_open(const char *status);

void dash_render_overview(struct vigil_buf *b, const struct dash_user *u,
                          const struct dash_overview *o,
                          const struct vigil_update *urgent, size_t n);

/* ---- advisories, systems, reports (dash_pages.c) ---- */

struct dash_adv_row {
    const char *id;
    const char *title;
    const char *published;
    const char *snippet;                 /* search hits only */
    int kev;
};

/* The list, or search hits when query is set; page is 1-based. */
void dash_render_advisories(struct vigil_buf *b, const struct dash_user *u,
                            const char *query,
                            const struct dash_adv_row *rows, size_t n,
                            long long total, long long page,
                            const char *error);

struct dash_match_row {
    const char *system;
    const char *component;
    const char *version;
    const char *fixed;
    const char *confidence;
    const char *verdict;
    const char *detail;
};

/*
 * One advisory: adv is the object of vigil_store_advisory_json
 * (a cJSON *, passed as void * so this header needs no cJSON),
 * update_id 0 when it has no update.
 */
void dash_render_advisory(struct vigil_buf *b, const struct dash_user *u,
                          const void *adv, const struct dash_match_row *m,
                          size_t nm, long long update_id);

struct dash_system_row {
    struct vigil_system sys;
    long long components;
    long long open;                      /* open updates */
};

void dash_render_systems(struct vigil_buf *b, const struct dash_user *u,
                         const struct dash_system_row *rows, size_t n);
void dash_render_system(struct vigil_buf *b, const struct dash_user *u,
                        const struct dash_system_row *row,
                        const struct vigil_update *open, size_t nopen);

/* The last complete period of a report kind. */
struct dash_period {
    const char *kind;
    char from[11], to[11], label[16];
};

void dash_render_reports(struct vigil_buf *b, const struct dash_user *u,
                         const struct dash_period *p, size_t n,
                         const char *error);

#endif
