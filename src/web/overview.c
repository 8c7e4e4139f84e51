/*
 * overview.c - the overview page: counts of open work, two charts
 * and the most urgent items.  The counts are gathered in one pass
 * over the live updates by vigil_web_overview_add, so the page costs
 * one query.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vigil/report.h"
#include "vigil/track.h"
#include "vigil/web.h"
#include "../internal.h"

void vigil_web_overview_init(struct vigil_web_overview *o, time_t now)
{
    struct tm tm;
    time_t monday;
    int i;

    memset(o, 0, sizeof(*o));
    vigil_date_format(now, o->today, sizeof(o->today));

    /* the last 7 days with today, as the summary of vigil run counts */
    vigil_date_format(now - 6 * 86400, o->since, sizeof(o->since));
    gmtime_r(&now, &tm);
    monday = now - (now % 86400) - (time_t)((tm.tm_wday + 6) % 7) * 86400;
    for (i = 0; i < VIGIL_WEB_WEEKS; i++) {
        time_t start = monday - (time_t)(VIGIL_WEB_WEEKS - 1 - i) * 7 * 86400;

        vigil_date_format(start, o->weeks[i], sizeof(o->weeks[i]));
    }
}

/* The week of the chart a date falls in, or -1 outside them. */
static int week_of(const struct vigil_web_overview *o, const char *date)
{
    char day[11];
    int i;

    if (!date || strlen(date) < 10)
        return -1;
    memcpy(day, date, 10);
    day[10] = '\0';
    if (strcmp(day, o->weeks[0]) < 0 || strcmp(day, o->today) > 0)
        return -1;
    for (i = VIGIL_WEB_WEEKS - 1; i > 0; i--)
        if (strcmp(day, o->weeks[i]) >= 0)
            break;
    return i;
}

int vigil_web_overview_add(struct vigil_web_overview *o,
                           const struct vigil_update *u)
{
    const char *status = u->f[VIGIL_UF_STATUS];
    const char *found = u->f[VIGIL_UF_IDENTIFIED] ? u->f[VIGIL_UF_IDENTIFIED]
                                                  : u->created;
    const char *due = u->f[VIGIL_UF_DUE];
    enum vigil_priority p;
    int w;

    if ((w = week_of(o, found)) >= 0)
        o->opened[w]++;
    if ((w = week_of(o, u->f[VIGIL_UF_COMPLETED])) >= 0)
        o->closed[w]++;
    if (found && strncmp(found, o->since, 10) >= 0)
        o->new_week++;
    if (!vigil_track_is_open(status))
        return 0;
    o->open++;
    if (u->f[VIGIL_UF_PRIORITY] &&
        vigil_priority_from_name(u->f[VIGIL_UF_PRIORITY], &p) == 0)
        o->open_by_priority[p]++;
    if (u->kev)
        o->kev_open++;
    if (strcmp(status, "risk_accepted") != 0 && due &&
        strncmp(due, o->today, 10) < 0)
        o->overdue++;
    return 1;
}

static void count_item(struct vigil_buf *b, const char *label, long long n,
                       const char *href)
{
    if (href)
        vigil_buf_addf(b, "<li><a href=\"%s\"><strong>%lld</strong>%s</a>"
                          "</li>", href, n, label);
    else
        vigil_buf_addf(b, "<li><strong>%lld</strong>%s</li>", n, label);
}

static void counts(struct vigil_buf *b, const struct vigil_web_overview *o)
{
    int p;

    vigil_buf_adds(b, "<h2>Open work</h2><ul class=\"counts\">");
    count_item(b, "open", o->open, "/updates?status=open");
    for (p = VIGIL_PRIORITY_COUNT - 1; p >= 0; p--) {
        char href[64];

        snprintf(href, sizeof(href), "/updates?status=open&amp;priority=%s",
                 vigil_priority_name(p));
        count_item(b, vigil_priority_name(p), o->open_by_priority[p], href);
    }
    count_item(b, "overdue", o->overdue, "/updates?overdue=1");
    count_item(b, "KEV open", o->kev_open, "/updates?status=open&amp;kev=1");
    /* no filter of the list selects by identification date */
    count_item(b, "new in the last 7 days", o->new_week, NULL);
    vigil_buf_adds(b, "</ul>\n");
}

static void charts(struct vigil_buf *b, const struct vigil_web_overview *o)
{
    const char *plabels[VIGIL_PRIORITY_COUNT];
    double pvalues[VIGIL_PRIORITY_COUNT];
    const char *wlabels[VIGIL_WEB_WEEKS];
    struct vigil_chart_series bars = { "open", pvalues };
    struct vigil_chart_series lines[2] = {
        { "opened", o->opened }, { "closed", o->closed },
    };
    int i;

    for (i = 0; i < VIGIL_PRIORITY_COUNT; i++) {
        plabels[i] = vigil_priority_name(VIGIL_PRIORITY_COUNT - 1 - i);
        pvalues[i] = (double)o->open_by_priority[VIGIL_PRIORITY_COUNT - 1 - i];
    }
    for (i = 0; i < VIGIL_WEB_WEEKS; i++)
        wlabels[i] = o->weeks[i] + 5;    /* MM-DD of the Monday */
    vigil_buf_adds(b, "<h2>Trends</h2><div class=\"charts\">");
    vigil_chart_bars(b, "Open updates by priority", plabels,
                     VIGIL_PRIORITY_COUNT, &bars, 1, 0, 420, 240);
    vigil_chart_lines(b, "Updates opened and closed per week (13 weeks)",
                      wlabels, VIGIL_WEB_WEEKS, lines, 2, 640, 240);
    vigil_buf_adds(b, "</div>\n");
}

void vigil_web_render_overview(struct vigil_buf *b,
                               const struct vigil_web_user *u,
                               const struct vigil_web_overview *o,
                               const struct vigil_update *urgent, size_t n)
{
    vigil_web_page_begin(b, u, "Overview", "overview");
    counts(b, o);
    charts(b, o);
    vigil_buf_adds(b, "<h2>Most urgent</h2>\n");
    vigil_web_update_table(b, urgent, n, "Open updates, most urgent first");
    vigil_web_page_end(b);
}
