/*
 * pages.c - the advisory, system and report pages of the
 * dashboard.
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/web.h"
#include "../internal.h"

static void td(struct vigil_buf *b, const char *s)
{
    vigil_buf_adds(b, "<td>");
    vigil_buf_add_html(b, s);
    vigil_buf_adds(b, "</td>");
}

/* Opens a table with a caption and column headers. */
static void table_open(struct vigil_buf *b, const char *caption,
                       const char *const *heads, size_t n)
{
    size_t i;

    vigil_buf_adds(b, "<table><caption>");
    vigil_buf_add_html(b, caption);
    vigil_buf_adds(b, "</caption><thead><tr>");
    for (i = 0; i < n; i++)
        vigil_buf_addf(b, "<th scope=\"col\">%s</th>", heads[i]);
    vigil_buf_adds(b, "</tr></thead><tbody>\n");
}

static void table_close(struct vigil_buf *b)
{
    vigil_buf_adds(b, "</tbody></table>\n");
}

/* ---- advisories ---- */

static void adv_link(struct vigil_buf *b, const char *id)
{
    vigil_buf_adds(b, "<a href=\"/advisories/");
    vigil_web_add_url(b, id);
    vigil_buf_adds(b, "\">");
    vigil_buf_add_html(b, id);
    vigil_buf_adds(b, "</a>");
}

static void adv_pages(struct vigil_buf *b, const char *query, long long total,
                      long long page)
{
    long long pages = (total + VIGIL_WEB_PER_PAGE - 1) / VIGIL_WEB_PER_PAGE;
    int dir;

    vigil_buf_adds(b, "<nav class=\"pages\" aria-label=\"Pages\">");
    for (dir = -1; dir <= 1; dir += 2) {
        long long to = page + dir;

        if (to < 1 || to > pages)
            continue;
        vigil_buf_addf(b, "<a rel=\"%s\" href=\"/advisories?page=%lld",
                       dir < 0 ? "prev" : "next", to);
        if (query && *query) {
            vigil_buf_adds(b, "&amp;q=");
            vigil_web_add_url(b, query);
        }
        vigil_buf_addf(b, "\">%s page</a>", dir < 0 ? "Previous" : "Next");
    }
    vigil_buf_adds(b, "</nav>\n");
}

void vigil_web_render_advisories(struct vigil_buf *b,
                                 const struct vigil_web_user *u,
                                 const char *query,
                                 const struct vigil_web_adv_row *rows, size_t n,
                                 long long total, long long page,
                                 const char *error)
{
    static const char *const heads[] = { "ID", "Title", "Published", "KEV" };
    char caption[96];
    size_t i;

    vigil_web_page_begin(b, u, "Advisories", "advisories");
    vigil_buf_adds(b, "<form class=\"filters\" method=\"get\" action="
                      "\"/advisories\" role=\"search\"><label for=\"f-q\">"
                      "Search<input id=\"f-q\" name=\"q\" type=\"search\" "
                      "value=\"");
    vigil_buf_add_html(b, query);
    vigil_buf_adds(b, "\"></label><button type=\"submit\">Search</button>"
                      "</form>\n");
    vigil_web_error(b, error);
    snprintf(caption, sizeof(caption), query && *query
             ? "%lld matching advisories, best first"
             : "%lld advisories, latest stored first", total);
    table_open(b, caption, heads, VIGIL_ARRAY_SIZE(heads));
    for (i = 0; i < n; i++) {
        vigil_buf_adds(b, "<tr><td>");
        adv_link(b, rows[i].id);
        vigil_buf_adds(b, "</td><td>");
        vigil_web_add_cut(b, rows[i].title, VIGIL_WEB_CUT);
        if (rows[i].snippet) {
            vigil_buf_adds(b, "<br><small>");
            vigil_web_add_cut(b, rows[i].snippet, VIGIL_WEB_CUT);
            vigil_buf_adds(b, "</small>");
        }
        vigil_buf_adds(b, "</td>");
        td(b, rows[i].published);
        td(b, rows[i].kev ? "yes" : "");
        vigil_buf_adds(b, "</tr>\n");
    }
    table_close(b);
    adv_pages(b, query, total, page);
    vigil_web_page_end(b);
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void dd_pair(struct vigil_buf *b, const char *name, const char *v)
{
    vigil_buf_addf(b, "<dt>%s</dt><dd>", name);
    vigil_buf_add_html(b, v ? v : "-");
    vigil_buf_adds(b, "</dd>");
}

/* A list of strings (aliases, CWEs, references) as a <ul>. */
static void string_list(struct vigil_buf *b, const char *title,
                        const cJSON *arr, int links)
{
    const cJSON *v;

    vigil_buf_addf(b, "<h2>%s</h2><ul>", title);
    cJSON_ArrayForEach(v, arr) {
        const char *s = cJSON_IsString(v) ? v->valuestring : "";
        int web = links && vigil__url_http_prefix(s);

        vigil_buf_adds(b, "<li>");
        if (web) {
            vigil_buf_adds(b, "<a rel=\"noreferrer\" href=\"");
            vigil_buf_add_html(b, s);
            vigil_buf_adds(b, "\">");
        }
        vigil_buf_add_html(b, s);
        vigil_buf_adds(b, web ? "</a></li>" : "</li>");
    }
    vigil_buf_adds(b, "</ul>\n");
}

static void sources_table(struct vigil_buf *b, const cJSON *arr)
{
    static const char *const heads[] = { "Format", "Source", "Record",
                                         "Published", "Modified",
                                         "Imported" };
    static const char *const keys[] = { "format", "source", "id",
                                        "published", "modified",
                                        "imported" };
    const cJSON *s;
    size_t i;

    table_open(b, "Sources", heads, VIGIL_ARRAY_SIZE(heads));
    cJSON_ArrayForEach(s, arr) {
        vigil_buf_adds(b, "<tr>");
        for (i = 0; i < VIGIL_ARRAY_SIZE(keys); i++)
            td(b, jstr(s, keys[i]));
        vigil_buf_adds(b, "</tr>\n");
    }
    table_close(b);
}

static void number_cell(struct vigil_buf *b, const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

    if (cJSON_IsNumber(v))
        vigil_buf_addf(b, "<td>%.1f</td>", v->valuedouble);
    else
        vigil_buf_adds(b, "<td></td>");
}

static void scores_table(struct vigil_buf *b, const cJSON *arr)
{
    static const char *const heads[] = { "Source", "Version", "Vector",
                                         "Published", "Computed" };
    const cJSON *s;

    table_open(b, "Scores", heads, VIGIL_ARRAY_SIZE(heads));
    cJSON_ArrayForEach(s, arr) {
        vigil_buf_adds(b, "<tr>");
        td(b, jstr(s, "source"));
        td(b, jstr(s, "version"));
        td(b, jstr(s, "vector"));
        number_cell(b, s, "published");
        number_cell(b, s, "computed");
        vigil_buf_adds(b, "</tr>\n");
    }
    table_close(b);
}

static void matches_table(struct vigil_buf *b,
                          const struct vigil_web_match_row *m, size_t n)
{
    static const char *const heads[] = { "System", "Component", "Version",
                                         "Fixed", "Verdict", "Confidence",
                                         "Evidence" };
    size_t i;

    table_open(b, "Matches", heads, VIGIL_ARRAY_SIZE(heads));
    for (i = 0; i < n; i++) {
        vigil_buf_adds(b, "<tr><td><a href=\"/systems/");
        vigil_web_add_url(b, m[i].system);
        vigil_buf_adds(b, "\">");
        vigil_buf_add_html(b, m[i].system);
        vigil_buf_adds(b, "</a></td>");
        td(b, m[i].component);
        td(b, m[i].version);
        td(b, m[i].fixed);
        td(b, m[i].verdict);
        td(b, m[i].confidence);
        td(b, m[i].detail);
        vigil_buf_adds(b, "</tr>\n");
    }
    table_close(b);
}

static void kev_fields(struct vigil_buf *b, const cJSON *kev)
{
    if (!cJSON_IsObject(kev)) {
        dd_pair(b, "KEV", "no");
        return;
    }
    dd_pair(b, "KEV added", jstr(kev, "date_added"));
    dd_pair(b, "KEV due", jstr(kev, "due_date"));
    dd_pair(b, "KEV action", jstr(kev, "required_action"));
}

void vigil_web_render_advisory(struct vigil_buf *b,
                               const struct vigil_web_user *u, const void *adv,
                               const struct vigil_web_match_row *m, size_t nm,
                               long long update_id)
{
    const cJSON *a = adv;
    const char *id = jstr(a, "id");

    vigil_web_page_begin(b, u, id ? id : "Advisory", "advisories");
    vigil_buf_adds(b, "<dl class=\"fields\">");
    dd_pair(b, "Title", jstr(a, "title"));
    dd_pair(b, "Description", jstr(a, "description"));
    dd_pair(b, "Published", jstr(a, "published"));
    dd_pair(b, "Modified", jstr(a, "modified"));
    dd_pair(b, "Withdrawn", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
                                a, "withdrawn")) ? "yes" : "no");
    kev_fields(b, cJSON_GetObjectItemCaseSensitive(a, "kev"));
    vigil_buf_adds(b, "<dt>Security update</dt><dd>");
    if (update_id > 0)
        vigil_buf_addf(b, "<a href=\"/updates/VU-%lld\">VU-%lld</a>",
                       update_id, update_id);
    else
        vigil_buf_adds(b, "none");
    vigil_buf_adds(b, "</dd></dl>\n");
    sources_table(b, cJSON_GetObjectItemCaseSensitive(a, "sources"));
    scores_table(b, cJSON_GetObjectItemCaseSensitive(a, "scores"));
    matches_table(b, m, nm);
    string_list(b, "Aliases", cJSON_GetObjectItemCaseSensitive(a, "aliases"),
                0);
    string_list(b, "Weaknesses", cJSON_GetObjectItemCaseSensitive(a, "cwes"),
                0);
    string_list(b, "References",
                cJSON_GetObjectItemCaseSensitive(a, "references"), 1);
    vigil_web_page_end(b);
}

/* ---- systems ---- */

static void system_cells(struct vigil_buf *b,
                         const struct vigil_web_system_row *r)
{
    vigil_buf_adds(b, "<tr><td><a href=\"/systems/");
    vigil_web_add_url(b, r->sys.name);
    vigil_buf_adds(b, "\">");
    vigil_buf_add_html(b, r->sys.name);
    vigil_buf_adds(b, "</a></td>");
    td(b, r->sys.owner);
    td(b, r->sys.env);
    td(b, r->sys.criticality);
    td(b, r->sys.distro);
    vigil_buf_addf(b, "<td>%lld</td><td>", r->components);
    vigil_buf_addf(b, "<a href=\"/updates?status=open&amp;system=");
    vigil_web_add_url(b, r->sys.name);
    vigil_buf_addf(b, "\">%lld</a></td></tr>\n", r->open);
}

static const char *const system_heads[] = {
    "Name", "Owner", "Environment", "Criticality", "Distribution",
    "Components", "Open updates",
};

void vigil_web_render_systems(struct vigil_buf *b,
                              const struct vigil_web_user *u,
                              const struct vigil_web_system_row *rows, size_t n)
{
    size_t i;

    vigil_web_page_begin(b, u, "Systems", "systems");
    table_open(b, "Systems", system_heads, VIGIL_ARRAY_SIZE(system_heads));
    for (i = 0; i < n; i++)
        system_cells(b, &rows[i]);
    table_close(b);
    vigil_web_page_end(b);
}

void vigil_web_render_system(struct vigil_buf *b,
                             const struct vigil_web_user *u,
                             const struct vigil_web_system_row *row,
                             const struct vigil_update *open, size_t nopen)
{
    vigil_web_page_begin(b, u, row->sys.name, "systems");
    table_open(b, "System", system_heads, VIGIL_ARRAY_SIZE(system_heads));
    system_cells(b, row);
    table_close(b);
    vigil_buf_adds(b, "<dl class=\"fields\">");
    dd_pair(b, "Tags", row->sys.tags);
    dd_pair(b, "Resources", row->sys.resources);
    vigil_buf_adds(b, "</dl>\n<h2>Open security updates</h2>\n");
    vigil_web_update_table(b, open, nopen, "Open updates of this system");
    vigil_web_page_end(b);
}

/* ---- reports ---- */

static void report_form(struct vigil_buf *b)
{
    static const char *const kinds[] = { "weekly", "monthly", "quarterly" };
    static const char *const formats[] = { "html", "markdown", "json",
                                           "csv" };
    size_t i;

    vigil_buf_adds(b, "<h2>Another period</h2><form class=\"filters\" "
                      "method=\"get\" action=\"/reports\">"
                      "<label for=\"r-kind\">Kind<select id=\"r-kind\" "
                      "name=\"kind\">");
    for (i = 0; i < VIGIL_ARRAY_SIZE(kinds); i++)
        vigil_buf_addf(b, "<option>%s</option>", kinds[i]);
    vigil_buf_adds(b, "</select></label><label for=\"r-from\">From<input "
                      "id=\"r-from\" name=\"from\" type=\"date\" required>"
                      "</label><label for=\"r-to\">To (exclusive)<input "
                      "id=\"r-to\" name=\"to\" type=\"date\" required>"
                      "</label><label for=\"r-format\">Format<select "
                      "id=\"r-format\" name=\"format\">");
    for (i = 0; i < VIGIL_ARRAY_SIZE(formats); i++)
        vigil_buf_addf(b, "<option>%s</option>", formats[i]);
    vigil_buf_adds(b, "</select></label><button type=\"submit\">Render"
                      "</button></form>\n");
}

void vigil_web_render_reports(struct vigil_buf *b,
                              const struct vigil_web_user *u,
                              const struct vigil_web_period *p, size_t n,
                              const char *error)
{
    static const char *const formats[] = { "html", "markdown", "json",
                                           "csv" };
    static const char *const heads[] = { "Report", "Period", "From", "To",
                                         "Formats" };
    size_t i, k;

    vigil_web_page_begin(b, u, "Reports", "reports");
    vigil_web_error(b, error);
    table_open(b, "The last complete periods", heads,
               VIGIL_ARRAY_SIZE(heads));
    for (i = 0; i < n; i++) {
        vigil_buf_addf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s"
                          "</td><td>", p[i].kind, p[i].label, p[i].from,
                       p[i].to);
        for (k = 0; k < VIGIL_ARRAY_SIZE(formats); k++)
            vigil_buf_addf(b, "%s<a href=\"/reports/%s?from=%s&amp;to=%s"
                              "&amp;format=%s\">%s</a>", k ? " | " : "",
                           p[i].kind, p[i].from, p[i].to, formats[k],
                           formats[k]);
        vigil_buf_adds(b, "</td></tr>\n");
    }
    table_close(b);
    report_form(b);
    vigil_web_page_end(b);
}
