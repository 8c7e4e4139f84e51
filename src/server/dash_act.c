/*
 * dash_act.c - the security update pages: the filtered list, one
 * update with its history, and the forms that change it through the
 * workflow of track.h, each in its own transaction.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/track.h"
#include "server.h"
#include "dash.h"
#include "../internal.h"

#define MAX_WORDS 8

/* ---- list ---- */

struct page_rows {
    struct vigil_arena *arena;
    struct vigil_update rows[VIGIL_WEB_PER_PAGE];
    size_t n;
    long long total, skip;
};

static int list_row(void *ctx, const struct vigil_update *u)
{
    struct page_rows *pr = ctx;

    if (pr->total++ < pr->skip || pr->n >= VIGIL_WEB_PER_PAGE)
        return 0;
    return vigil_web_update_copy(pr->arena, u, &pr->rows[pr->n++]);
}

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* Splits the text filter into at most MAX_WORDS words. */
static int split_words(struct req *r, const char *text, const char **words)
{
    char *copy = text ? vigil_arena_strdup(r->arena, text) : NULL;
    char *save = NULL, *w;
    int n = 0;

    for (w = copy ? strtok_r(copy, " \t", &save) : NULL; w && n < MAX_WORDS;
         w = strtok_r(NULL, " \t", &save))
        words[n++] = w;
    return n;
}

/* The parameters of the list, as the filter form and its links send
 * them: anything else is a mistyped filter, refused as the API does. */
static const char list_params[] = "status priority assignee system source "
                                  "q sort kev overdue page";

/* Whether the n bytes at word are one of the space-separated names. */
static int name_in(const char *names, const char *word, size_t n)
{
    const char *p = names;
    size_t k;

    while (*p) {
        k = strcspn(p, " ");
        if (n && k == n && strncmp(p, word, n) == 0)
            return 1;
        p += k;
        p += *p == ' ';
    }
    return 0;
}

/* The first parameter of the query the list does not take, or NULL. */
static const char *unknown_param(struct req *r)
{
    const char *q = r->query, *amp;
    size_t k;

    for (; q && *q; q = *amp ? amp + 1 : amp) {
        amp = q + strcspn(q, "&");
        k = strcspn(q, "=&");
        if (amp != q && !name_in(list_params, q, k))
            return vigil_arena_printf(r->arena, "unknown parameter "
                                      "'%.*s': the list takes %s",
                                      (int)(k > 40 ? 40 : k), q,
                                      list_params);
    }
    return NULL;
}

/* A yes-or-no parameter: 1, 0, true, false or empty (no). */
static int read_flag(const struct req *r, const char *key, int *on)
{
    static const char *const yes[] = { "1", "true" };
    static const char *const no[] = { "", "0", "false" };
    const char *v = req_query(r, key);
    size_t i;

    *on = 0;
    for (i = 0; v && i < VIGIL_ARRAY_SIZE(yes); i++)
        if (strcmp(v, yes[i]) == 0)
            return *on = 1, 0;
    for (i = 0; v && i < VIGIL_ARRAY_SIZE(no); i++)
        if (strcmp(v, no[i]) == 0)
            return 0;
    return v ? -1 : 0;
}

/* Reads the list's query into q; NULL or why it is refused. */
static const char *read_query(struct req *r,
                              struct vigil_web_update_query *q)
{
    const char *bad = unknown_param(r);

    memset(q, 0, sizeof(*q));
    q->status = nonempty(req_query(r, "status"));
    q->priority = nonempty(req_query(r, "priority"));
    q->assignee = nonempty(req_query(r, "assignee"));
    q->system = nonempty(req_query(r, "system"));
    q->source = nonempty(req_query(r, "source"));
    q->text = nonempty(req_query(r, "q"));
    q->sort = nonempty(req_query(r, "sort"));
    q->page = dash_page_param(r);
    if (read_flag(r, "kev", &q->kev) != 0 && !bad)
        bad = "'kev' takes 1, 0, true or false";
    if (read_flag(r, "overdue", &q->overdue) != 0 && !bad)
        bad = "'overdue' takes 1, 0, true or false";
    return bad;
}

/* Why the list's filter is refused, or NULL: the API's rules. */
static const char *bad_filter(const struct vigil_web_update_query *q)
{
    static const char sorts[] = "priority due id updated";
    enum vigil_priority prio;

    if (q->status && strcmp(q->status, "open") != 0 &&
        !vigil_track_valid_state(q->status))
        return "unknown status: choose one from the list";
    if (q->priority && vigil_priority_from_name(q->priority, &prio) != 0)
        return "unknown priority: choose one from the list";
    if (q->sort && !name_in(sorts, q->sort, strlen(q->sort)))
        return "unknown sort: it is one of priority, due, id or updated";
    return NULL;
}

/* Reads the page of the list that q asks for into pr. */
static int list_page(struct req *r, const struct vigil_web_update_query *q,
                     struct page_rows *pr)
{
    struct vigil_update_filter f;
    const char *words[MAX_WORDS];
    char today[11];

    vigil_date_format(vigil_now(), today, sizeof(today));
    memset(&f, 0, sizeof(f));
    f.status = q->status;
    f.priority = q->priority;
    f.assignee = q->assignee;
    f.system = q->system;
    f.source = q->source;
    f.words = words;
    f.nwords = split_words(r, q->text, words);
    f.today = today;
    f.sort = q->sort;
    f.kev = q->kev;
    f.overdue = q->overdue;
    memset(pr, 0, sizeof(*pr));
    pr->arena = r->arena;
    pr->skip = (q->page - 1) * VIGIL_WEB_PER_PAGE;
    return vigil_store_updates_where(r->store, &f, list_row, pr);
}

int dash_get_updates(struct req *r, struct resp *p)
{
    struct vigil_web_update_query q;
    struct page_rows *pr = vigil_arena_calloc(r->arena, 1, sizeof(*pr));
    struct vigil_web_update_list l;
    struct vigil_web_user u;
    long long pages;

    if (!pr)
        return VIGIL_ENOMEM;
    memset(&l, 0, sizeof(l));
    if (!(l.error = read_query(r, &q)) && !(l.error = bad_filter(&q))) {
        if (list_page(r, &q, pr) != 0)
            return dash_fail(r, p, 500, "Security updates",
                             "the store failed");
        /* past the last page: show the last one */
        pages = (pr->total + VIGIL_WEB_PER_PAGE - 1) / VIGIL_WEB_PER_PAGE;
        if (q.page > (pages ? pages : 1)) {
            q.page = pages ? pages : 1;
            if (list_page(r, &q, pr) != 0)
                return dash_fail(r, p, 500, "Security updates",
                                 "the store failed");
        }
        l.rows = pr->rows;
        l.n = pr->n;
        l.total = pr->total;
    }
    dash_user_of(r, &u);
    vigil_web_render_updates(&p->body, &u, &q, &l);
    return dash_html(p, l.error ? 400 : 200);
}

/* ---- detail ---- */

/* "VU-12" or "12". */
static int update_id(const struct req *r, long long *id)
{
    const char *s = req_param(r, 0);

    if (s && vigil_track_parse_id(s, id) == 0)
        return 0;
    return s ? vigil__parse_ll(s, 1, 1LL << 53, id) : VIGIL_EINVAL;
}

struct detail {
    struct vigil_arena *arena;
    struct vigil_update u;
    int found;
    struct vigil_history *hist;
    size_t n, cap;
};

static int got_update(void *ctx, const struct vigil_update *u)
{
    struct detail *d = ctx;

    d->found = 1;
    return vigil_web_update_copy(d->arena, u, &d->u);
}

static int got_history(void *ctx, const struct vigil_history *h)
{
    struct detail *d = ctx;

    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        struct vigil_history *more = vigil_arena_calloc(d->arena, cap,
                                                        sizeof(*more));

        if (!more)
            return VIGIL_ENOMEM;
        if (d->n)
            memcpy(more, d->hist, d->n * sizeof(*more));
        d->hist = more;
        d->cap = cap;
    }
    return vigil_web_history_copy(d->arena, h, &d->hist[d->n++]);
}

/* The detail page of update id, with error (may be NULL) at its top. */
static int show_update(struct req *r, struct resp *p, long long id, int status,
                       const char *error)
{
    struct detail d;
    struct vigil_web_update_view v;
    struct vigil_web_user u;

    memset(&d, 0, sizeof(d));
    d.arena = r->arena;
    if (vigil_store_update_get(r->store, id, got_update, &d) != 0 ||
        !d.found)
        return dash_fail(r, p, 404, "Not found", "there is no such "
                         "security update");
    if (vigil_store_history(r->store, id, got_history, &d) != 0)
        return dash_fail(r, p, 500, "Security update", "the store failed");
    v.u = &d.u;
    v.hist = d.hist;
    v.nhist = d.n;
    v.error = error;
    dash_user_of(r, &u);
    vigil_buf_reset(&p->body);
    vigil_web_render_update(&p->body, &u, &v);
    return dash_html(p, status);
}

int dash_get_update(struct req *r, struct resp *p)
{
    long long id;

    if (update_id(r, &id) != 0)
        return dash_fail(r, p, 404, "Not found", "there is no such "
                         "security update");
    return show_update(r, p, id, 200, NULL);
}

/* ---- actions ---- */

typedef int (*action_fn)(struct req *r, long long id,
                         struct vigil_error *err);

/*
 * Runs one action in a transaction; on success sends the browser back
 * to the detail page, otherwise shows that page with the reason.
 */
static int act(struct req *r, struct resp *p, action_fn fn)
{
    struct vigil_error err;
    char to[48];
    long long id;
    int rc;

    vigil_error_clear(&err);
    if (update_id(r, &id) != 0)
        return dash_fail(r, p, 404, "Not found", "there is no such "
                         "security update");
    if ((rc = vigil_store_begin(r->store, &err)) == 0) {
        rc = fn(r, id, &err);
        if (rc == 0)
            rc = vigil_store_commit(r->store, &err);
        else
            vigil_store_rollback(r->store);
    }
    if (rc)
        return show_update(r, p, id, dash_status_of(rc),
                           err.msg[0] ? err.msg : vigil_strerror(rc));
    snprintf(to, sizeof(to), "/updates/VU-%lld", id);
    return dash_redirect(p, to);
}

/* A form field that must be there and not empty. */
static int need(struct req *r, const char *key, const char **out,
                struct vigil_error *err)
{
    *out = nonempty(req_form(r, key));
    return *out ? 0 : vigil_error_set(err, VIGIL_EINVAL, 0, "the form "
                                      "field '%s' is empty", key);
}

static int do_status(struct req *r, long long id, struct vigil_error *err)
{
    const char *to;
    int rc = need(r, "status", &to, err);

    return rc ? rc : vigil_track_transition(r->store, id, to, r->who.name,
                                            nonempty(req_form(r, "reason")),
                                            err);
}

static int do_assign(struct req *r, long long id, struct vigil_error *err)
{
    const char *who;
    int rc = need(r, "assignee", &who, err);

    return rc ? rc : vigil_track_assign(r->store, id, who, r->who.name,
                                        nonempty(req_form(r, "reason")),
                                        err);
}

static int do_note(struct req *r, long long id, struct vigil_error *err)
{
    const char *text;
    int rc = need(r, "note", &text, err);

    return rc ? rc : vigil_track_note(r->store, id, text, r->who.name, err);
}

static int do_accept_risk(struct req *r, long long id, struct vigil_error *err)
{
    const char *until, *why;
    int rc = need(r, "until", &until, err);

    if (!rc)
        rc = need(r, "reason", &why, err);
    return rc ? rc : vigil_track_accept_risk(r->store, id, until, why,
                                             r->who.name, err);
}

static int do_verify(struct req *r, long long id, struct vigil_error *err)
{
    const char *how;
    int rc = need(r, "method", &how, err);

    return rc ? rc : vigil_track_verify(r->store, id, how, r->who.name, err);
}

int dash_post_status(struct req *r, struct resp *p)
{
    return act(r, p, do_status);
}

int dash_post_assign(struct req *r, struct resp *p)
{
    return act(r, p, do_assign);
}

int dash_post_note(struct req *r, struct resp *p)
{
    return act(r, p, do_note);
}

int dash_post_accept_risk(struct req *r, struct resp *p)
{
    return act(r, p, do_accept_risk);
}

int dash_post_verify(struct req *r, struct resp *p)
{
    return act(r, p, do_verify);
}
