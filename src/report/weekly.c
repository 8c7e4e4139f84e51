/*
 * weekly.c - the weekly summary.  The store gathers the figures as one
 * JSON document; this file only lays them out.
 */
#include <cJSON.h>
#include <string.h>

#include "vigil/report.h"
#include "../internal.h"

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(v) ? v->valuestring : "";
}

static long num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

/*
 * Table cells hold advisory text from outside: they must not break the
 * table, carry HTML into a rendered report, or control bytes into a
 * terminal.
 */
static void cell(struct vigil_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '|')
            vigil_buf_adds(b, "\\|");
        else if (c == '<')
            vigil_buf_adds(b, "&lt;");
        else if (c == '>')
            vigil_buf_adds(b, "&gt;");
        else if (c == '&')
            vigil_buf_adds(b, "&amp;");
        else if (c < 0x20 || c == 0x7f)
            vigil_buf_addc(b, ' ');
        else
            vigil_buf_addc(b, *s);
    }
}

static void update_table(struct vigil_buf *b, const cJSON *arr,
                         const char *empty)
{
    const cJSON *u;

    if (cJSON_GetArraySize(arr) == 0) {
        vigil_buf_addf(b, "%s\n\n", empty);
        return;
    }
    vigil_buf_adds(b, "| ID | Priority | Advisory | Title | Systems | "
                      "Assignee | Due | Status |\n"
                      "|---|---|---|---|---|---|---|---|\n");
    cJSON_ArrayForEach(u, arr) {
        const char *cols[] = { str(u, "id"), str(u, "priority"),
                               str(u, "advisory"), str(u, "title"),
                               str(u, "systems"), str(u, "assignee"),
                               str(u, "due"), str(u, "status") };
        size_t i;

        for (i = 0; i < VIGIL_ARRAY_SIZE(cols); i++) {
            vigil_buf_adds(b, "| ");
            cell(b, cols[i]);
            vigil_buf_addc(b, ' ');
        }
        vigil_buf_adds(b, "|\n");
    }
    vigil_buf_adds(b, "\n");
}

static void render_markdown(const cJSON *d, struct vigil_buf *b)
{
    const cJSON *np = cJSON_GetObjectItem(d, "new_by_priority");
    const cJSON *t = cJSON_GetObjectItem(d, "totals"), *y;

    vigil_buf_addf(b, "# Weekly security summary\n\n"
                      "Period: %.10s to %.10s (7 days)\n\n",
                   str(d, "from"), str(d, "to"));
    vigil_buf_addf(b, "## Totals\n\n"
                      "- Open security updates: %ld of %ld\n"
                      "- New this week: %ld\n"
                      "- Closed or verified this week: %ld\n"
                      "- Past due: %ld\n"
                      "- Open and in CISA KEV: %ld\n"
                      "- Watching %ld advisories against %ld components "
                      "on %ld systems\n\n",
                   num(t, "open"), num(t, "updates"), num(np, "total"),
                   num(t, "closed_in_period"), num(t, "overdue"),
                   num(t, "kev_open"), num(t, "advisories"),
                   num(t, "components"), num(t, "systems"));
    vigil_buf_addf(b, "## New security updates by priority\n\n"
                      "| Critical | High | Medium | Low |\n"
                      "|---|---|---|---|\n| %ld | %ld | %ld | %ld |\n\n",
                   num(np, "Critical"), num(np, "High"), num(np, "Medium"),
                   num(np, "Low"));
    update_table(b, cJSON_GetObjectItem(d, "new"),
                 "No new security updates this week.");
    vigil_buf_adds(b, "## Known exploited (CISA KEV), open\n\n");
    update_table(b, cJSON_GetObjectItem(d, "kev"),
                 "No open item is in the KEV catalog.");
    vigil_buf_adds(b, "## Past due\n\n");
    update_table(b, cJSON_GetObjectItem(d, "overdue"),
                 "Nothing is past its due date.");
    vigil_buf_adds(b, "## Most affected systems\n\n");
    if (cJSON_GetArraySize(cJSON_GetObjectItem(d, "systems")) == 0) {
        vigil_buf_adds(b, "No system has an open security update.\n");
        return;
    }
    vigil_buf_adds(b, "| System | Owner | Criticality | Open | Critical |\n"
                      "|---|---|---|---|---|\n");
    cJSON_ArrayForEach(y, cJSON_GetObjectItem(d, "systems")) {
        vigil_buf_adds(b, "| ");
        cell(b, str(y, "name"));
        vigil_buf_adds(b, " | ");
        cell(b, str(y, "owner"));
        vigil_buf_addf(b, " | %s | %ld | %ld |\n", str(y, "criticality"),
                       num(y, "open"), num(y, "critical"));
    }
}

int vigil_report_weekly(struct vigil_store *s, time_t end,
                        enum vigil_report_format fmt, struct vigil_buf *out,
                        struct vigil_error *err)
{
    struct vigil_buf raw = VIGIL_BUF_INIT;
    char from[32], to[32];
    cJSON *doc;
    int rc;

    vigil_time_format(end - 7 * 86400, from, sizeof(from));
    vigil_time_format(end, to, sizeof(to));
    if ((rc = vigil_store_weekly_json(s, from, to, &raw, err)))
        goto out;
    if (fmt == VIGIL_REPORT_JSON) {
        rc = vigil_buf_add(out, raw.ptr, raw.len);
        goto out;
    }
    if (!(doc = cJSON_Parse(raw.ptr))) {
        rc = vigil_error_set(err, VIGIL_EDB, 0, "weekly figures unreadable");
        goto out;
    }
    render_markdown(doc, out);
    cJSON_Delete(doc);
out:
    vigil_buf_release(&raw);
    return rc;
}
