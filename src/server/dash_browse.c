/*
 * dash_browse.c - the read-only pages: advisories (list, search and
 * detail), systems (list and detail) and reports.
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/report.h"
#include "vigil/search.h"
#include "server.h"
#include "dash.h"
#include "../internal.h"

/* LIMIT: the systems page shows 1000 systems and a system's page 200
 * open updates; the rest of a larger estate is not listed there. See
 * docs/LIMITS.md#dashboard-lists. */
#define MAX_SYSTEMS 1000
#define MAX_OPEN 200

static const char *dup(struct req *r, const char *s)
{
    return s ? vigil_arena_strdup(r->arena, s) : NULL;
}

/* ---- advisories ---- */

struct adv_rows {
    struct req *r;
    struct vigil_web_adv_row rows[VIGIL_WEB_PER_PAGE];
    size_t n;
};

static int adv_listed(void *ctx, const struct vigil_advisory_brief *a)
{
    struct adv_rows *ar = ctx;
    struct vigil_web_adv_row *d = &ar->rows[ar->n];

    if (ar->n >= VIGIL_WEB_PER_PAGE)
        return 0;
    d->id = dup(ar->r, a->primary_id);
    d->title = dup(ar->r, a->title);
    d->published = dup(ar->r, a->published);
    d->kev = a->kev;
    ar->n++;
    return d->id ? 0 : VIGIL_ENOMEM;
}

static int adv_found(void *ctx, const struct vigil_search_hit *h)
{
    struct adv_rows *ar = ctx;
    struct vigil_web_adv_row *d = &ar->rows[ar->n];

    if (ar->n >= VIGIL_WEB_PER_PAGE)
        return 0;
    d->id = dup(ar->r, h->id);
    d->title = dup(ar->r, h->title);
    d->published = dup(ar->r, h->published);
    d->snippet = dup(ar->r, h->snippet);
    d->kev = h->kev;
    ar->n++;
    return d->id ? 0 : VIGIL_ENOMEM;
}

int dash_get_advisories(struct req *r, struct resp *p)
{
    const char *q = req_query(r, "q");
    long long page = dash_page_param(r), total = 0;
    long long offset = (page - 1) * VIGIL_WEB_PER_PAGE;
    struct adv_rows *ar = vigil_arena_calloc(r->arena, 1, sizeof(*ar));
    struct vigil_search_result res;
    struct vigil_error err;
    struct vigil_web_user u;
    int rc;

    if (!ar)
        return VIGIL_ENOMEM;
    ar->r = r;
    vigil_error_clear(&err);
    if (q && *q && offset + VIGIL_WEB_PER_PAGE <= VIGIL_SEARCH_CANDIDATES) {
        rc = vigil_search(r->store, q, VIGIL_WEB_PER_PAGE, (int)offset,
                          adv_found, ar, &res, &err);
        total = rc ? 0 : res.total;
    } else if (q && *q) {
        rc = vigil_error_set(&err, VIGIL_ERANGE, 0, "search shows the "
                             "best %d matches only",
                             VIGIL_SEARCH_CANDIDATES);
    } else {
        struct vigil_advisory_filter all;

        memset(&all, 0, sizeof(all));
        rc = vigil_store_advisory_list(r->store, &all, VIGIL_WEB_PER_PAGE,
                                       offset, adv_listed, ar, &total, &err);
    }
    if (rc == VIGIL_EDB || rc == VIGIL_EBUSY || rc == VIGIL_ENOMEM)
        return dash_fail(r, p, 500, "Advisories", "the store failed");
    dash_user_of(r, &u);
    vigil_web_render_advisories(&p->body, &u, q, ar->rows, ar->n, total, page,
                                rc ? err.msg : NULL);
    return dash_html(p, rc ? 400 : 200);
}

struct adv_matches {
    struct req *r;
    struct vigil_web_match_row *rows;
    size_t n, cap;
};

static int adv_match(void *ctx, const char *advisory, const char *system,
                     const struct vigil_match_rec *m)
{
    struct adv_matches *am = ctx;
    struct vigil_web_match_row *d;

    (void)advisory;
    if (am->n == am->cap) {
        size_t cap = am->cap ? am->cap * 2 : 16;
        struct vigil_web_match_row *more = vigil_arena_calloc(am->r->arena, cap,
                                                              sizeof(*more));

        if (!more)
            return VIGIL_ENOMEM;
        if (am->n)
            memcpy(more, am->rows, am->n * sizeof(*more));
        am->rows = more;
        am->cap = cap;
    }
    d = &am->rows[am->n++];
    d->system = dup(am->r, system);
    d->component = dup(am->r, m->component);
    d->version = dup(am->r, m->version);
    d->fixed = dup(am->r, m->fixed);
    d->confidence = dup(am->r, m->confidence);
    d->verdict = dup(am->r, m->verdict);
    d->detail = dup(am->r, m->detail);
    return 0;
}

static int got_update_id(void *ctx, const struct vigil_update *u)
{
    *(long long *)ctx = u->id;
    return 0;
}

int dash_get_advisory(struct req *r, struct resp *p)
{
    struct vigil_buf json = VIGIL_BUF_INIT;
    struct adv_matches am = { r, NULL, 0, 0 };
    struct vigil_error err;
    struct vigil_web_user u;
    long long aid, vu = 0;
    cJSON *doc = NULL;

    if (!req_param(r, 0) ||
        vigil_store_find_advisory(r->store, req_param(r, 0), &aid) != 0)
        return dash_fail(r, p, 404, "Not found", "there is no such "
                         "advisory");
    if (vigil_store_advisory_json(r->store, aid, &json, &err) != 0 ||
        !(doc = cJSON_Parse(json.ptr)) ||
        vigil_store_matches(r->store, aid, adv_match, &am) != 0) {
        cJSON_Delete(doc);
        vigil_buf_release(&json);
        return dash_fail(r, p, 500, "Advisory", "the store failed");
    }
    vigil_store_update_by_advisory(r->store, aid, got_update_id, &vu);
    dash_user_of(r, &u);
    vigil_web_render_advisory(&p->body, &u, doc, am.rows, am.n, vu);
    cJSON_Delete(doc);
    vigil_buf_release(&json);
    return dash_html(p, 200);
}

/* ---- systems ---- */

struct sys_rows {
    struct req *r;
    struct vigil_web_system_row *rows;
    size_t n, cap;
};

static int sys_row(void *ctx, const struct vigil_system *s)
{
    struct sys_rows *sr = ctx;
    struct vigil_web_system_row *d;

    if (sr->n >= sr->cap)
        return 0;
    d = &sr->rows[sr->n++];
    d->sys.id = s->id;
    d->sys.name = dup(sr->r, s->name);
    d->sys.owner = dup(sr->r, s->owner);
    d->sys.env = dup(sr->r, s->env);
    d->sys.criticality = dup(sr->r, s->criticality);
    d->sys.distro = dup(sr->r, s->distro);
    d->sys.tags = dup(sr->r, s->tags);
    d->sys.resources = dup(sr->r, s->resources);
    return d->sys.name ? 0 : VIGIL_ENOMEM;
}

static int count_component(void *ctx, const struct vigil_component_row *c)
{
    (void)c;
    (*(long long *)ctx)++;
    return 0;
}

/* Open updates of one system: counted, and the first MAX_OPEN kept. */
struct open_rows {
    struct req *r;
    struct vigil_update *rows;
    size_t n;
    long long total;
};

static int open_row(void *ctx, const struct vigil_update *u)
{
    struct open_rows *o = ctx;

    o->total++;
    if (!o->rows || o->n >= MAX_OPEN)
        return 0;
    return vigil_web_update_copy(o->r->arena, u, &o->rows[o->n++]);
}

static int system_counts(struct req *r, struct vigil_web_system_row *d,
                         struct open_rows *o)
{
    struct vigil_update_filter f;

    memset(&f, 0, sizeof(f));
    f.status = "open";
    f.system = d->sys.name;
    if (vigil_store_components(r->store, d->sys.id, count_component,
                               &d->components) != 0 ||
        vigil_store_updates_where(r->store, &f, open_row, o) != 0)
        return VIGIL_EDB;
    d->open = o->total;
    return 0;
}

int dash_get_systems(struct req *r, struct resp *p)
{
    struct sys_rows sr = { r, NULL, 0, MAX_SYSTEMS };
    struct vigil_web_user u;
    size_t i;

    sr.rows = vigil_arena_calloc(r->arena, MAX_SYSTEMS, sizeof(*sr.rows));
    if (!sr.rows)
        return VIGIL_ENOMEM;
    if (vigil_store_systems(r->store, sys_row, &sr) != 0)
        return dash_fail(r, p, 500, "Systems", "the store failed");
    for (i = 0; i < sr.n; i++) {
        struct open_rows o = { r, NULL, 0, 0 };

        if (system_counts(r, &sr.rows[i], &o) != 0)
            return dash_fail(r, p, 500, "Systems", "the store failed");
    }
    dash_user_of(r, &u);
    vigil_web_render_systems(&p->body, &u, sr.rows, sr.n);
    return dash_html(p, 200);
}

int dash_get_system(struct req *r, struct resp *p)
{
    struct vigil_web_system_row row;
    struct sys_rows sr = { r, &row, 0, 1 };
    struct open_rows o = { r, NULL, 0, 0 };
    struct vigil_web_user u;

    memset(&row, 0, sizeof(row));
    if (!req_param(r, 0) ||
        vigil_store_system_get(r->store, req_param(r, 0), sys_row, &sr) != 0
        || sr.n == 0)
        return dash_fail(r, p, 404, "Not found", "there is no such system");
    o.rows = vigil_arena_calloc(r->arena, MAX_OPEN, sizeof(*o.rows));
    if (!o.rows)
        return VIGIL_ENOMEM;
    if (system_counts(r, &row, &o) != 0)
        return dash_fail(r, p, 500, "System", "the store failed");
    dash_user_of(r, &u);
    vigil_web_render_system(&p->body, &u, &row, o.rows, o.n);
    return dash_html(p, 200);
}

/* ---- reports ---- */

/* The form of /reports sends its fields here: on to /reports/KIND. */
static int report_form_sent(struct req *r, struct resp *p, const char *kind)
{
    static const char *const keys[] = { "from", "to", "format" };
    struct vigil_buf to = VIGIL_BUF_INIT;
    size_t i;
    int rc;

    vigil_buf_adds(&to, "/reports/");
    vigil_web_add_url(&to, kind);
    for (i = 0; i < VIGIL_ARRAY_SIZE(keys); i++) {
        vigil_buf_addf(&to, "%c%s=", i ? '&' : '?', keys[i]);
        vigil_web_add_url(&to, req_query(r, keys[i]));
    }
    rc = to.ptr ? dash_redirect(p, to.ptr) : VIGIL_ENOMEM;
    vigil_buf_release(&to);
    return rc;
}

static void periods(struct vigil_web_period *pd)
{
    int k;

    for (k = VIGIL_REPORT_WEEKLY; k <= VIGIL_REPORT_QUARTERLY; k++) {
        pd[k].kind = vigil_report_kind_name(k);
        if (vigil_report_period(k, vigil_now(), pd[k].from, pd[k].to,
                                pd[k].label) != 0)
            pd[k].from[0] = pd[k].to[0] = pd[k].label[0] = '\0';
    }
}

int dash_get_reports(struct req *r, struct resp *p)
{
    const char *kind = req_query(r, "kind");
    struct vigil_web_period pd[3];
    struct vigil_web_user u;

    if (kind && *kind)
        return report_form_sent(r, p, kind);
    memset(pd, 0, sizeof(pd));
    periods(pd);
    dash_user_of(r, &u);
    vigil_web_render_reports(&p->body, &u, pd, VIGIL_ARRAY_SIZE(pd), NULL);
    return dash_html(p, 200);
}

static const struct {
    const char *type;
    const char *ext;
} report_types[] = {
    [VIGIL_REPORT_MARKDOWN] = { "text/markdown; charset=utf-8", "md" },
    [VIGIL_REPORT_JSON] = { "application/json", "json" },
    [VIGIL_REPORT_HTML] = { "text/html; charset=utf-8", "html" },
    [VIGIL_REPORT_CSV] = { "text/csv; charset=utf-8", "csv" },
};

/*
 * Reads kind (a known one: the caller checked), format, from and to;
 * NULL or the reason they are bad (err's message, for a period).  The
 * period is resolved as the CLI resolves it: from alone runs for the
 * kind's length, to alone ends it, neither is the last complete period.
 */
static const char *report_args(struct req *r, int *kind, int *fmt,
                               struct vigil_web_period *pd,
                               struct vigil_error *err)
{
    const char *f = req_query(r, "format");
    const char *from = req_query(r, "from"), *to = req_query(r, "to");

    *kind = vigil_report_kind_parse(req_param(r, 0));
    *fmt = f && *f ? vigil_report_format_parse(f) : VIGIL_REPORT_HTML;
    if (*fmt < 0 || (size_t)*fmt >= VIGIL_ARRAY_SIZE(report_types))
        return "the format is md (or markdown), html, json or csv";
    /* the form sends an empty field for a date left blank */
    if (vigil_report_resolve((enum vigil_report_kind)*kind,
                             from && *from ? from : NULL,
                             to && *to ? to : NULL, vigil_now(), pd->from,
                             pd->to, err) != 0)
        return err->msg[0] ? err->msg : "no period could be computed";
    return NULL;
}

/*
 * The HTML report is a page of its own with an inline stylesheet,
 * which the dashboard's CSP forbids: its body goes into the
 * dashboard's frame instead, styled by vigil.css.  The renderer has
 * escaped its text already.
 */
static void report_in_frame(struct req *r, struct resp *p, int kind,
                            const struct vigil_web_period *pd)
{
    struct vigil_buf page = VIGIL_BUF_INIT;
    const char *from = strstr(p->body.ptr, "<body>");
    const char *to = from ? strstr(from, "</body>") : NULL;
    char title[64];
    struct vigil_web_user u;

    if (!to)
        return;
    from += strlen("<body>");
    snprintf(title, sizeof(title), "Report: %s, %s to %s",
             vigil_report_kind_name(kind), pd->from, pd->to);
    dash_user_of(r, &u);
    vigil_web_page_begin(&page, &u, title, "reports");
    vigil_buf_add(&page, from, (size_t)(to - from));
    vigil_web_page_end(&page);
    vigil_buf_release(&p->body);
    p->body = page;
}

int dash_get_report(struct req *r, struct resp *p)
{
    struct vigil_web_period pd[3];
    struct vigil_error err;
    char disp[128];
    const char *bad;
    int kind, fmt;
    struct vigil_web_user u;

    memset(pd, 0, sizeof(pd));
    vigil_error_clear(&err);

    /* an unknown kind is an unknown page, as the API's unknown report */
    if (vigil_report_kind_parse(req_param(r, 0)) < 0)
        return dash_fail(r, p, 404, "Not found", "there is no such "
                         "report; the reports are weekly, monthly and "
                         "quarterly");
    if ((bad = report_args(r, &kind, &fmt, &pd[0], &err)) != NULL ||
        vigil_report_render(r->store, kind, pd[0].from, pd[0].to, NULL, fmt,
                            &p->body, &err) != 0) {
        vigil_buf_reset(&p->body);
        memset(pd, 0, sizeof(pd));
        periods(pd);
        dash_user_of(r, &u);
        vigil_web_render_reports(&p->body, &u, pd, VIGIL_ARRAY_SIZE(pd),
                                 bad ? bad : err.msg);
        return dash_html(p, bad ? 400 : dash_status_of(err.code));
    }
    if (fmt == VIGIL_REPORT_HTML) {
        report_in_frame(r, p, kind, &pd[0]);
        return dash_html(p, 200);
    }
    p->status = 200;
    p->type = report_types[fmt].type;
    snprintf(disp, sizeof(disp), "%s; filename=\"vigil-%s-%s.%s\"",
             fmt == VIGIL_REPORT_HTML ? "inline" : "attachment",
             vigil_report_kind_name(kind), pd[0].from,
             report_types[fmt].ext);
    return resp_header(p, "Content-Disposition", disp);
}
