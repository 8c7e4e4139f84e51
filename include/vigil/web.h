/*
 * web.h - the pages of the HTML dashboard, rendered from data.
 *
 * Renderers are pure: they get the data of a page (gathered by the
 * server's handlers from the store) and append HTML to a vigil_buf.
 * Every piece of text that came from the store or the request goes
 * through vigil_buf_add_html; URLs built from such text are also
 * percent-encoded.  Pages carry no inline script or style, so the
 * server's Content-Security-Policy can forbid both.
 *
 * An allocation failure inside a renderer truncates the page: the
 * buffer keeps what fit, and the handler answers with what it has.
 */
#ifndef VIGIL_WEB_H
#define VIGIL_WEB_H

#include <stddef.h>
#include <time.h>

#include "vigil/auth.h"
#include "vigil/buf.h"
#include "vigil/policy.h"
#include "vigil/store.h"

/* Who looks at the page, and the token their forms must carry. */
struct vigil_web_user {
    const char *name;
    enum vigil_role role;
    const char *csrf;
};

/* Rows per page of the lists. */
#define VIGIL_WEB_PER_PAGE 50

/* Characters of a text (a title, an excerpt) a list row shows; the
 * detail page shows all of it, wrapped. */
#define VIGIL_WEB_CUT 200

/* ---- layout (src/web/page.c) ---- */

/*
 * Starts a page: doctype, head with the stylesheet, the header with
 * the navigation (section names the current entry: "overview",
 * "updates", "advisories", "systems", "reports"), the user, their
 * role and a logout form; then opens <main> with an <h1> of title.
 * u may be NULL (the login page): no navigation then.
 */
void vigil_web_page_begin(struct vigil_buf *b, const struct vigil_web_user *u,
                          const char *title, const char *section);

/* Closes <main> and the document. */
void vigil_web_page_end(struct vigil_buf *b);

/* The hidden form field carrying the CSRF token. */
void vigil_web_csrf_field(struct vigil_buf *b, const struct vigil_web_user *u);

/* A paragraph with role="alert" holding msg (nothing when NULL). */
void vigil_web_error(struct vigil_buf *b, const char *msg);

/*
 * Appends s escaped as vigil_buf_add_html does, cut after max
 * characters (UTF-8, never inside one) with "\u2026" when longer.
 */
void vigil_web_add_cut(struct vigil_buf *b, const char *s, size_t max);

/* Appends s percent-encoded for a URL path segment or query value. */
void vigil_web_add_url(struct vigil_buf *b, const char *s);

/* Whether u may change updates (analyst and up). */
int vigil_web_can_act(const struct vigil_web_user *u);

/*
 * Whether next is a local path fit to redirect to after login: it
 * starts with one "/" (not "//" or "/\"), and holds no control byte
 * or backslash.  Anything else (absolute URLs, "javascript:") is 0.
 */
int vigil_web_local_path(const char *next);

/* The login form; next and error may be NULL. */
void vigil_web_render_login(struct vigil_buf *b, const char *next,
                            const char *error);

/* A whole page with one message, for 404 and other failures. */
void vigil_web_render_message(struct vigil_buf *b,
                              const struct vigil_web_user *u, const char *title,
                              const char *msg);

/* ---- security updates (src/web/updates.c) ---- */

/* The filter of the updates list, as the query string gave it. */
struct vigil_web_update_query {
    const char *status;
    const char *priority;
    const char *assignee;
    const char *system;
    const char *source;
    const char *text;
    int kev;
    int overdue;
    long long page;              /* 1-based */
    const char *sort;            /* priority, due, id, updated; NULL */
};

/* One page of the list: rows, and how many passed the filter; error
 * (or NULL) says why the filter was refused, above an empty list. */
struct vigil_web_update_list {
    const struct vigil_update *rows;
    size_t n;
    long long total;
    const char *error;
};

void vigil_web_render_updates(struct vigil_buf *b,
                              const struct vigil_web_user *u,
                              const struct vigil_web_update_query *q,
                              const struct vigil_web_update_list *l);

/* What the detail page of one update shows. */
struct vigil_web_update_view {
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
void vigil_web_render_update(struct vigil_buf *b,
                             const struct vigil_web_user *u,
                             const struct vigil_web_update_view *v);

/* A table of updates (ID linked to its page) under caption. */
void vigil_web_update_table(struct vigil_buf *b,
                            const struct vigil_update *rows, size_t n,
                            const char *caption);

/*
 * Copies an update into arena a (its strings are borrowed by store
 * callbacks).  Returns 0 or VIGIL_ENOMEM.
 */
int vigil_web_update_copy(struct vigil_arena *a, const struct vigil_update *src,
                          struct vigil_update *dst);
int vigil_web_history_copy(struct vigil_arena *a,
                           const struct vigil_history *src,
                           struct vigil_history *dst);

/* ---- overview (src/web/overview.c) ---- */

#define VIGIL_WEB_WEEKS 13
#define VIGIL_WEB_URGENT 10

struct vigil_web_overview {
    char today[11];                      /* YYYY-MM-DD */
    char since[11];                      /* the first of the last 7
                                            days: today - 6 days */
    long long open;
    long long open_by_priority[VIGIL_PRIORITY_COUNT];  /* by enum */
    long long overdue;                   /* open, not risk accepted,
                                            past due */
    long long kev_open;
    long long new_week;                  /* identified since `since` */
    char weeks[VIGIL_WEB_WEEKS][11];          /* Monday of each week */
    double opened[VIGIL_WEB_WEEKS];           /* identified in that week */
    double closed[VIGIL_WEB_WEEKS];           /* completed in that week */
};

/* Sets the dates of o from now and zeroes the counts. */
void vigil_web_overview_init(struct vigil_web_overview *o, time_t now);

/*
 * Counts one live update into o.  Returns 1 when it is open (so the
 * caller may keep it among the most urgent), else 0.
 */
int vigil_web_overview_add(struct vigil_web_overview *o,
                           const struct vigil_update *u);

void vigil_web_render_overview(struct vigil_buf *b,
                               const struct vigil_web_user *u,
                               const struct vigil_web_overview *o,
                               const struct vigil_update *urgent, size_t n);

/* ---- advisories, systems, reports (src/web/pages.c) ---- */

struct vigil_web_adv_row {
    const char *id;
    const char *title;
    const char *published;
    const char *snippet;                 /* search hits only */
    int kev;
};

/* The list, or search hits when query is set; page is 1-based. */
void vigil_web_render_advisories(struct vigil_buf *b,
                                 const struct vigil_web_user *u,
                                 const char *query,
                                 const struct vigil_web_adv_row *rows, size_t n,
                                 long long total, long long page,
                                 const char *error);

struct vigil_web_match_row {
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
void vigil_web_render_advisory(struct vigil_buf *b,
                               const struct vigil_web_user *u, const void *adv,
                               const struct vigil_web_match_row *m, size_t nm,
                               long long update_id);

struct vigil_web_system_row {
    struct vigil_system sys;
    long long components;
    long long open;                      /* open updates */
};

void vigil_web_render_systems(struct vigil_buf *b,
                              const struct vigil_web_user *u,
                              const struct vigil_web_system_row *rows,
                              size_t n);
void vigil_web_render_system(struct vigil_buf *b,
                             const struct vigil_web_user *u,
                             const struct vigil_web_system_row *row,
                             const struct vigil_update *open, size_t nopen);

/* The last complete period of a report kind. */
struct vigil_web_period {
    const char *kind;
    char from[11], to[11], label[16];
};

void vigil_web_render_reports(struct vigil_buf *b,
                              const struct vigil_web_user *u,
                              const struct vigil_web_period *p, size_t n,
                              const char *error);

#endif
