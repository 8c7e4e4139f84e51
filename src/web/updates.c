/*
 * updates.c - the security update pages: the filtered list and
 * one update's detail with its history and action forms.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/policy.h"
#include "vigil/track.h"
#include "vigil/web.h"
#include "../internal.h"

/* Formats a source record may come from, for the source filter. */
static const char *const sources[] = {
    "kev", "nvd", "cve5", "osv", "ghsa", "csaf", "rss",
};

static void option(struct vigil_buf *b, const char *value, const char *label,
                   const char *current)
{
    vigil_buf_adds(b, "<option value=\"");
    vigil_buf_add_html(b, value);
    vigil_buf_addc(b, '"');
    if (current && strcmp(current, value) == 0)
        vigil_buf_adds(b, " selected");
    vigil_buf_addc(b, '>');
    vigil_buf_add_html(b, label);
    vigil_buf_adds(b, "</option>");
}

static void select_of(struct vigil_buf *b, const char *name, const char *label,
                      const char *const *values, size_t n, const char *current)
{
    size_t i;

    vigil_buf_addf(b, "<label for=\"f-%s\">%s<select id=\"f-%s\" "
                      "name=\"%s\">", name, label, name, name);
    option(b, "", "any", current);
    for (i = 0; i < n; i++)
        option(b, values[i], values[i], current);
    vigil_buf_adds(b, "</select></label>");
}

static void text_input(struct vigil_buf *b, const char *name, const char *label,
                       const char *value)
{
    vigil_buf_addf(b, "<label for=\"f-%s\">%s<input id=\"f-%s\" name=\"%s\" "
                      "value=\"", name, label, name, name);
    vigil_buf_add_html(b, value);
    vigil_buf_adds(b, "\"></label>");
}

static void checkbox(struct vigil_buf *b, const char *name, const char *label,
                     int on)
{
    vigil_buf_addf(b, "<label for=\"f-%s\">%s<input id=\"f-%s\" name=\"%s\" "
                      "type=\"checkbox\" value=\"1\"%s></label>", name,
                   label, name, name, on ? " checked" : "");
}

static void filter_form(struct vigil_buf *b,
                        const struct vigil_web_update_query *q)
{
    const char *status[VIGIL_TRACK_NSTATES + 1];
    const char *prio[VIGIL_PRIORITY_COUNT];
    int i;

    status[0] = "open";
    for (i = 0; i < VIGIL_TRACK_NSTATES; i++)
        status[i + 1] = vigil_track_state((size_t)i);
    for (i = 0; i < VIGIL_PRIORITY_COUNT; i++)
        prio[i] = vigil_priority_name(VIGIL_PRIORITY_COUNT - 1 - i);
    vigil_buf_adds(b, "<form class=\"filters\" method=\"get\" "
                      "action=\"/updates\" role=\"search\">");
    select_of(b, "status", "Status", status, VIGIL_ARRAY_SIZE(status),
              q->status);
    select_of(b, "priority", "Priority", prio, VIGIL_PRIORITY_COUNT,
              q->priority);
    text_input(b, "assignee", "Assignee", q->assignee);
    text_input(b, "system", "System", q->system);
    select_of(b, "source", "Source", sources, VIGIL_ARRAY_SIZE(sources),
              q->source);
    checkbox(b, "kev", "KEV only", q->kev);
    checkbox(b, "overdue", "Overdue only", q->overdue);
    text_input(b, "q", "Text", q->text);
    vigil_buf_adds(b, "<button type=\"submit\">Filter</button></form>\n");
}

static void query_param(struct vigil_buf *b, const char *name,
                        const char *value)
{
    if (!value || !*value)
        return;
    vigil_buf_adds(b, "&amp;");
    vigil_buf_adds(b, name);
    vigil_buf_addc(b, '=');
    vigil_web_add_url(b, value);
}

/* A link to another page of the same filtered list. */
static void page_link(struct vigil_buf *b,
                      const struct vigil_web_update_query *q, long long page,
                      const char *label, const char *rel)
{
    vigil_buf_addf(b, "<a rel=\"%s\" href=\"/updates?page=%lld", rel, page);
    query_param(b, "status", q->status);
    query_param(b, "priority", q->priority);
    query_param(b, "assignee", q->assignee);
    query_param(b, "system", q->system);
    query_param(b, "source", q->source);
    query_param(b, "q", q->text);
    query_param(b, "sort", q->sort);
    query_param(b, "kev", q->kev ? "1" : NULL);
    query_param(b, "overdue", q->overdue ? "1" : NULL);
    vigil_buf_addf(b, "\">%s</a>", label);
}

static void cell(struct vigil_buf *b, const char *s)
{
    vigil_buf_adds(b, "<td>");
    vigil_buf_add_html(b, s);
    vigil_buf_adds(b, "</td>");
}

/* A list cell: long text is cut (the detail page has all of it). */
static void brief_cell(struct vigil_buf *b, const char *s)
{
    vigil_buf_adds(b, "<td>");
    vigil_web_add_cut(b, s, VIGIL_WEB_CUT);
    vigil_buf_adds(b, "</td>");
}

static void update_row(struct vigil_buf *b, const struct vigil_update *u)
{
    vigil_buf_addf(b, "<tr><td><a href=\"/updates/VU-%lld\">VU-%lld</a>"
                      "</td>", u->id, u->id);
    brief_cell(b, u->f[VIGIL_UF_PRIORITY]);
    brief_cell(b, u->f[VIGIL_UF_STATUS]);
    brief_cell(b, u->f[VIGIL_UF_DUE]);
    brief_cell(b, u->f[VIGIL_UF_ASSIGNEE]);
    brief_cell(b, u->advisory);
    brief_cell(b, u->f[VIGIL_UF_TITLE]);
    brief_cell(b, u->f[VIGIL_UF_SYSTEMS]);
    cell(b, u->kev ? "yes" : "");
    vigil_buf_adds(b, "</tr>\n");
}

void vigil_web_update_table(struct vigil_buf *b,
                            const struct vigil_update *rows, size_t n,
                            const char *caption)
{
    static const char *const heads[] = {
        "ID", "Priority", "Status", "Due", "Assignee", "Advisory", "Title",
        "Systems", "KEV",
    };
    size_t i;

    vigil_buf_adds(b, "<table><caption>");
    vigil_buf_add_html(b, caption);
    vigil_buf_adds(b, "</caption><thead><tr>");
    for (i = 0; i < VIGIL_ARRAY_SIZE(heads); i++)
        vigil_buf_addf(b, "<th scope=\"col\">%s</th>", heads[i]);
    vigil_buf_adds(b, "</tr></thead><tbody>\n");
    for (i = 0; i < n; i++)
        update_row(b, &rows[i]);
    vigil_buf_adds(b, "</tbody></table>\n");
}

void vigil_web_render_updates(struct vigil_buf *b,
                              const struct vigil_web_user *u,
                              const struct vigil_web_update_query *q,
                              const struct vigil_web_update_list *l)
{
    long long pages = (l->total + VIGIL_WEB_PER_PAGE - 1) / VIGIL_WEB_PER_PAGE;
    char caption[96];

    vigil_web_page_begin(b, u, "Security updates", "updates");
    vigil_web_error(b, l->error);
    filter_form(b, q);
    snprintf(caption, sizeof(caption), "%lld matching updates, page %lld "
             "of %lld", l->total, q->page, pages ? pages : 1);
    vigil_web_update_table(b, l->rows, l->n, caption);
    vigil_buf_adds(b, "<nav class=\"pages\" aria-label=\"Pages\">");
    if (q->page > 1)
        page_link(b, q, q->page - 1, "Previous page", "prev");
    if (q->page < pages)
        page_link(b, q, q->page + 1, "Next page", "next");
    vigil_buf_adds(b, "</nav>\n");
    vigil_web_page_end(b);
}

/* ---- detail ---- */

static void fields(struct vigil_buf *b, const struct vigil_update *u)
{
    int f;

    vigil_buf_adds(b, "<dl class=\"fields\"><dt>Advisory</dt><dd><a href="
                      "\"/advisories/");
    vigil_web_add_url(b, u->advisory);
    vigil_buf_adds(b, "\">");
    vigil_buf_add_html(b, u->advisory);
    vigil_buf_addf(b, "</a></dd><dt>KEV</dt><dd>%s</dd>",
                   u->kev ? "yes" : "no");
    for (f = 0; f < VIGIL_UF_COUNT; f++) {
        if (f == VIGIL_UF_EVIDENCE || f == VIGIL_UF_NOTES)
            continue;
        vigil_buf_addf(b, "<dt>%s</dt><dd>", vigil_uf_name(f));
        vigil_buf_add_html(b, u->f[f] ? u->f[f] : "-");
        vigil_buf_adds(b, "</dd>");
    }
    vigil_buf_adds(b, "<dt>created</dt><dd>");
    vigil_buf_add_html(b, u->created);
    vigil_buf_adds(b, "</dd><dt>updated</dt><dd>");
    vigil_buf_add_html(b, u->updated);
    vigil_buf_adds(b, "</dd></dl>\n");
}

static void pre_section(struct vigil_buf *b, const char *title,
                        const char *text)
{
    vigil_buf_addf(b, "<h2>%s</h2><pre>", title);
    vigil_buf_add_html(b, text ? text : "none");
    vigil_buf_adds(b, "</pre>\n");
}

static void history_table(struct vigil_buf *b, const struct vigil_history *h,
                          size_t n)
{
    size_t i;

    vigil_buf_adds(b, "<h2 id=\"history\">History</h2><table "
                      "class=\"history\"><thead><tr><th scope=\"col\">Time"
                      "</th><th scope=\"col\">Actor</th><th scope=\"col\">"
                      "Field</th><th scope=\"col\">Old</th><th scope="
                      "\"col\">New</th><th scope=\"col\">Reason</th></tr>"
                      "</thead><tbody>\n");
    for (i = 0; i < n; i++) {
        vigil_buf_adds(b, "<tr>");
        cell(b, h[i].time);
        cell(b, h[i].actor);
        cell(b, h[i].field);
        cell(b, h[i].old_value);
        cell(b, h[i].new_value);
        cell(b, h[i].reason);
        vigil_buf_adds(b, "</tr>\n");
    }
    vigil_buf_adds(b, "</tbody></table>\n");
}

/* Opens an action form posting to /updates/VU-n/action. */
static void form_open(struct vigil_buf *b, const struct vigil_web_user *u,
                      long long id, const char *action, const char *title)
{
    vigil_buf_addf(b, "<h3>%s</h3><form class=\"action\" method=\"post\" "
                      "action=\"/updates/VU-%lld/%s\">", title, id, action);
    vigil_web_csrf_field(b, u);
}

static void form_input(struct vigil_buf *b, const char *form, const char *name,
                       const char *label, const char *type, int required)
{
    vigil_buf_addf(b, "<label for=\"%s-%s\">%s<input id=\"%s-%s\" "
                      "name=\"%s\" type=\"%s\"%s></label>", form, name,
                   label, form, name, name, type,
                   required ? " required" : "");
}

static void form_close(struct vigil_buf *b, const char *button)
{
    vigil_buf_addf(b, "<button type=\"submit\">%s</button></form>\n",
                   button);
}

static int allows(const char *next, const char *state)
{
    size_t n = strlen(state);
    const char *p;

    for (p = next; p && (p = strstr(p, state)) != NULL; p += n)
        if ((p == next || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static void status_form(struct vigil_buf *b, const struct vigil_web_user *u,
                        const struct vigil_update *up, const char *next)
{
    const char *st;
    size_t i;

    form_open(b, u, up->id, "status", "Change status");
    vigil_buf_adds(b, "<label for=\"st-status\">New status<select "
                      "id=\"st-status\" name=\"status\">");
    /* risk_accepted needs an end date and a reason: its own form */
    for (i = 0; (st = vigil_track_state(i)); i++)
        if (allows(next, st) && strcmp(st, "risk_accepted") != 0)
            option(b, st, st, NULL);
    vigil_buf_adds(b, "</select></label>");
    form_input(b, "st", "reason", "Reason", "text", 0);
    form_close(b, "Change status");
}

static void action_forms(struct vigil_buf *b, const struct vigil_web_user *u,
                         const struct vigil_update *up)
{
    const char *next = vigil_track_next_states(up->f[VIGIL_UF_STATUS]
                                               ? up->f[VIGIL_UF_STATUS]
                                               : "");

    vigil_buf_adds(b, "<section aria-labelledby=\"actions\"><h2 "
                      "id=\"actions\">Actions</h2>\n");
    if (next)
        status_form(b, u, up, next);
    form_open(b, u, up->id, "assign", "Assign");
    form_input(b, "as", "assignee", "Assignee", "text", 1);
    form_input(b, "as", "reason", "Reason", "text", 0);
    form_close(b, "Assign");
    form_open(b, u, up->id, "note", "Add a note");
    vigil_buf_adds(b, "<label for=\"no-note\">Note<textarea id=\"no-note\" "
                      "name=\"note\" rows=\"3\" cols=\"50\" required>"
                      "</textarea></label>");
    form_close(b, "Add note");
    if (allows(next, "risk_accepted")) {
        form_open(b, u, up->id, "accept-risk", "Accept the risk");
        form_input(b, "ar", "until", "Until", "date", 1);
        form_input(b, "ar", "reason", "Reason", "text", 1);
        form_close(b, "Accept risk");
    }
    if (allows(next, "verified")) {
        form_open(b, u, up->id, "verify", "Verify the fix");
        form_input(b, "ve", "method", "How it was verified", "text", 1);
        form_close(b, "Verify");
    }
    vigil_buf_adds(b, "</section>\n");
}

void vigil_web_render_update(struct vigil_buf *b,
                             const struct vigil_web_user *u,
                             const struct vigil_web_update_view *v)
{
    const struct vigil_update *up = v->u;
    struct vigil_buf title = VIGIL_BUF_INIT;

    vigil_buf_addf(&title, "VU-%lld: %s", up->id,
                   up->f[VIGIL_UF_TITLE] ? up->f[VIGIL_UF_TITLE]
                                         : up->advisory);
    vigil_web_page_begin(b, u, title.ptr ? title.ptr : "Security update",
                         "updates");
    vigil_buf_release(&title);
    vigil_web_error(b, v->error);
    fields(b, up);
    pre_section(b, "Evidence", up->f[VIGIL_UF_EVIDENCE]);
    pre_section(b, "Notes", up->f[VIGIL_UF_NOTES]);
    if (vigil_web_can_act(u))
        action_forms(b, u, up);
    history_table(b, v->hist, v->nhist);
    vigil_web_page_end(b);
}

/* ---- copies out of store callbacks ---- */

static int dup(struct vigil_arena *a, const char *s, const char **out)
{
    *out = NULL;
    if (!s)
        return 0;
    *out = vigil_arena_strdup(a, s);
    return *out ? 0 : VIGIL_ENOMEM;
}

int vigil_web_update_copy(struct vigil_arena *a, const struct vigil_update *src,
                          struct vigil_update *dst)
{
    struct vigil_update c = *src;
    int f, rc = 0;

    for (f = 0; f < VIGIL_UF_COUNT && !rc; f++)
        rc = dup(a, src->f[f], &c.f[f]);
    if (rc || dup(a, src->advisory, &c.advisory) ||
        dup(a, src->created, &c.created) || dup(a, src->updated, &c.updated))
        return VIGIL_ENOMEM;
    *dst = c;
    return 0;
}

int vigil_web_history_copy(struct vigil_arena *a,
                           const struct vigil_history *src,
                           struct vigil_history *dst)
{
    struct vigil_history c = *src;

    if (dup(a, src->time, &c.time) || dup(a, src->actor, &c.actor) ||
        dup(a, src->field, &c.field) ||
        dup(a, src->old_value, &c.old_value) ||
        dup(a, src->new_value, &c.new_value) ||
        dup(a, src->reason, &c.reason))
        return VIGIL_ENOMEM;
    *dst = c;
    return 0;
}
