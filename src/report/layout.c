/*
 * layout.c - what each report shows, in what order, with which
 * columns and charts; and the recommendations of the quarterly review,
 * each drawn from one figure of the document and quoting it.
 */
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

#include "vigil/report.h"
#include "report_int.h"
#include "../internal.h"

#define END { NULL, NULL, 0 }

static const struct vigil__report_col weekly_sum[] = {
    { "new_threats", "New threats (advisories first seen)", 0 },
    { "kev_added", "Added to CISA KEV", 0 },
    { "new_updates", "New security updates", 0 },
    { "closed_updates", "Closed security updates", 0 },
    { "overdue", "Open and past due at the end", 0 },
    { "open", "Open at the end", 0 },
    END
};
static const struct vigil__report_col threat_cols[] = {
    { "advisory", "Advisory", 0 }, { "title", "Title", 0 },
    { "first_seen", "First seen", 0 }, { "kev", "KEV", 0 },
    { "update", "Update", 0 }, END
};
static const struct vigil__report_col kev_cols[] = {
    { "cve", "CVE", 0 }, { "name", "Vulnerability", 0 },
    { "date_added", "Added", 0 }, { "update", "Update", 0 }, END
};
static const struct vigil__report_col update_cols[] = {
    { "id", "ID", 0 }, { "priority", "Priority", 0 },
    { "advisory", "Advisory", 0 }, { "title", "Title", 0 },
    { "systems", "Systems", 0 }, { "assignee", "Assignee", 0 },
    { "identified", "Identified", 0 }, { "due", "Due", 0 },
    { "status", "Status", 0 }, END
};
static const struct vigil__report_col closed_cols[] = {
    { "id", "ID", 0 }, { "priority", "Priority", 0 },
    { "advisory", "Advisory", 0 }, { "title", "Title", 0 },
    { "assignee", "Assignee", 0 }, { "identified", "Identified", 0 },
    { "due", "Due", 0 }, { "completed", "Completed", 0 },
    { "status", "Status", 0 }, END
};
static const struct vigil__report_col overdue_cols[] = {
    { "id", "ID", 0 }, { "priority", "Priority", 0 },
    { "advisory", "Advisory", 0 }, { "title", "Title", 0 },
    { "assignee", "Assignee", 0 }, { "due", "Due", 0 },
    { "days_overdue", "Days overdue", 0 }, END
};
static const struct vigil__report_col owner_cols[] = {
    { "owner", "Owner", 0 }, { "open", "Open", 0 },
    { "overdue", "Overdue", 0 }, { "critical", "Critical", 0 },
    { "high", "High", 0 }, END
};
static const struct vigil__report_chart owner_chart = {
    0, 0, "Open items by owner", "owner", { "open", "overdue", NULL },
    { "Open", "Overdue", NULL }
};

static const struct vigil__report_section weekly[] = {
    { "summary", "Summary", VIGIL__SECT_SUMMARY, weekly_sum, NULL, NULL },
    { "by_owner", "Open items by owner", VIGIL__SECT_TABLE, owner_cols,
      "No open item.", &owner_chart },
    { "new_updates", "New security updates", VIGIL__SECT_TABLE,
      update_cols, "No new security update.", NULL },
    { "overdue", "Past due", VIGIL__SECT_TABLE, overdue_cols,
      "Nothing is past its due date.", NULL },
    { "closed_updates", "Closed security updates", VIGIL__SECT_TABLE,
      closed_cols, "No security update was closed.", NULL },
    { "kev_added", "Added to CISA KEV", VIGIL__SECT_TABLE, kev_cols,
      "No KEV addition.", NULL },
    { "new_threats", "New threats", VIGIL__SECT_TABLE, threat_cols,
      "No advisory was first seen.", NULL },
};

static const struct vigil__report_col period_sum[] = {
    { "opened", "Opened", 1 }, { "closed", "Closed", 1 },
    { "open", "Open at the end", 1 },
    { "overdue", "Open and past due at the end", 1 },
    { "missed_open", "Due in the period, still open and past due", 1 },
    { "risk_accepted", "Accepted risks at the end", 0 }, END
};
static const struct vigil__report_col prio_cols[] = {
    { "priority", "Priority", 0 }, { "remediated", "Remediated", 1 },
    { "mean_days", "Mean days", 1 }, { "median_days", "Median days", 1 },
    { "with_due", "With due date", 0 }, { "on_time", "On time", 0 },
    { "sla_pct", "SLA %", 1 }, END
};
static const struct vigil__report_col backlog_cols[] = {
    { "age_days", "Age (days)", 0 }, { "open", "Open", 1 }, END
};
#define COUNT_COLS(k, h)                                                    \
    { k, h, 0 }, { "opened", "Opened", 1 }, { "closed", "Closed", 1 },      \
    { "open", "Open", 1 }, END
static const struct vigil__report_col source_cols[] = {
    COUNT_COLS("source", "Source")
};
static const struct vigil__report_col team_cols[] = {
    COUNT_COLS("team", "Team (owner)")
};
static const struct vigil__report_col system_cols[] = {
    COUNT_COLS("system", "System")
};
static const struct vigil__report_chart ttr_chart = {
    0, 0, "Mean days to remediate by priority", "priority",
    { "mean_days", "mean_days_prev", NULL }, { "This period",
    "Previous period", NULL }
};
static const struct vigil__report_chart backlog_chart = {
    0, 0, "Open backlog by age", "age_days", { "open", "open_prev", NULL },
    { "This period", "Previous period", NULL }
};

static const struct vigil__report_section monthly[] = {
    { "summary", "Summary", VIGIL__SECT_SUMMARY, period_sum, NULL, NULL },
    { "by_priority", "Time to remediate and SLA compliance",
      VIGIL__SECT_TABLE, prio_cols, NULL, &ttr_chart },
    { "backlog", "Open backlog by age", VIGIL__SECT_TABLE, backlog_cols,
      NULL, &backlog_chart },
    { "by_source", "By source", VIGIL__SECT_TABLE, source_cols,
      "No activity.", NULL },
    { "by_team", "By team", VIGIL__SECT_TABLE, team_cols, "No activity.",
      NULL },
    { "by_system", "By system", VIGIL__SECT_TABLE, system_cols,
      "No activity.", NULL },
};

static const struct vigil__report_col trend_cols[] = {
    { "week", "Week from", 0 }, { "opened", "Opened", 0 },
    { "closed", "Closed", 0 }, { "backlog", "Open at week end", 0 },
    { "overdue", "Overdue at week end", 0 }, END
};
static const struct vigil__report_chart trend_chart = {
    1, 0, "Weekly trend", "week",
    { "opened", "closed", "backlog", "overdue" },
    { "Opened", "Closed", "Open", "Overdue" }
};
static const struct vigil__report_chart sla_chart = {
    0, 0, "SLA compliance by priority (%)", "priority",
    { "sla_pct", "sla_pct_prev", NULL }, { "This quarter",
    "Previous quarter", NULL }
};
static const struct vigil__report_col risk_cols[] = {
    { "id", "ID", 0 }, { "priority", "Priority", 0 },
    { "advisory", "Advisory", 0 }, { "title", "Title", 0 },
    { "systems", "Systems", 0 }, { "kev", "KEV", 0 },
    { "due", "Due", 0 }, { "days_open", "Days open", 0 }, END
};
static const struct vigil__report_col kev_sum[] = {
    { "open_items", "Open items in CISA KEV", 0 },
    { "systems", "Systems with one", 0 },
    { "max_days_open", "Longest open (days)", 0 },
    { "mean_days_open", "Mean days open", 0 }, END
};
static const struct vigil__report_col exposure_cols[] = {
    { "id", "ID", 0 }, { "advisory", "Advisory", 0 },
    { "systems", "Systems", 0 }, { "identified", "Identified", 0 },
    { "days_open", "Days open", 0 }, END
};
static const struct vigil__report_col accepted_cols[] = {
    { "id", "ID", 0 }, { "advisory", "Advisory", 0 },
    { "title", "Title", 0 }, { "until", "Until", 0 },
    { "accepted_by", "Accepted by", 0 }, { "reason", "Reason", 0 },
    { "flag", "Flag", 0 }, END
};
static const struct vigil__report_col recurring_cols[] = {
    { "system", "System", 0 }, { "months_with_new", "Months with new", 0 },
    { "new", "New items", 0 }, { "reopened", "Reopened", 0 }, END
};

static const struct vigil__report_section quarterly[] = {
    { "recommendations", "Recommendations", VIGIL__SECT_LIST, NULL,
      "No figure calls for action.", NULL },
    { "summary", "Summary", VIGIL__SECT_SUMMARY, period_sum, NULL, NULL },
    { "weeks", "Weekly trends", VIGIL__SECT_TABLE, trend_cols, NULL,
      &trend_chart },
    { "by_priority", "Time to remediate and SLA compliance",
      VIGIL__SECT_TABLE, prio_cols, NULL, &sla_chart },
    { "top_risks", "Top risks", VIGIL__SECT_TABLE, risk_cols,
      "No open item.", NULL },
    { "kev_summary", "KEV exposure", VIGIL__SECT_SUMMARY, kev_sum, NULL,
      NULL },
    { "kev_exposure", "Open KEV items", VIGIL__SECT_TABLE, exposure_cols,
      "No open item is in CISA KEV.", NULL },
    { "accepted", "Accepted risks", VIGIL__SECT_TABLE, accepted_cols,
      "No accepted risk.", NULL },
    { "recurring", "Systems that keep coming back", VIGIL__SECT_TABLE,
      recurring_cols, "No system had new items in two months or a "
      "reopened item.", NULL },
};

const struct vigil__report_section *
vigil__report_layout(enum vigil_report_kind k, size_t *n)
{
    switch (k) {
    case VIGIL_REPORT_WEEKLY:
        *n = VIGIL_ARRAY_SIZE(weekly);
        return weekly;
    case VIGIL_REPORT_MONTHLY:
        *n = VIGIL_ARRAY_SIZE(monthly);
        return monthly;
    default:
        *n = VIGIL_ARRAY_SIZE(quarterly);
        return quarterly;
    }
}

const char *vigil__report_title(enum vigil_report_kind k)
{
    static const char *const titles[] = { "Weekly security summary",
                                          "Monthly security metrics",
                                          "Quarterly posture review" };

    return (unsigned)k < VIGIL_ARRAY_SIZE(titles) ? titles[k] : "Report";
}

/* ---- recommendations ---- */

static double numv(const cJSON *o, const char *key, int *ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    *ok = cJSON_IsNumber(v);
    return *ok ? v->valuedouble : 0;
}

static void add_rec(cJSON *list, const char *rule, const char *text)
{
    cJSON *r = cJSON_CreateObject();

    cJSON_AddStringToObject(r, "rule", rule);
    cJSON_AddStringToObject(r, "text", text);
    cJSON_AddItemToArray(list, r);
}

/* SLA per priority: a fall of 10 points or more, or under 80%. */
static void rec_sla(const cJSON *doc, cJSON *list)
{
    const cJSON *r;
    char t[512];

    cJSON_ArrayForEach(r, cJSON_GetObjectItem(doc, "by_priority")) {
        const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(r,
                                                                 "priority"));
        int ok, okp, okd;
        double now = numv(r, "sla_pct", &ok);
        double was = numv(r, "sla_pct_prev", &okp);
        double due = numv(r, "with_due", &okd), met = numv(r, "on_time",
                                                           &okd);

        if (!p || strcmp(p, "All") == 0 || !ok)
            continue;
        if (okp && now <= was - 10)
            snprintf(t, sizeof(t), "SLA compliance for %s fell from %.0f%% "
                     "to %.0f%% (%.0f of %.0f on time): find what held "
                     "these items past their due dates.", p, was, now,
                     met, due);
        else if (now < 80)
            snprintf(t, sizeof(t), "SLA compliance for %s is %.0f%% (%.0f "
                     "of %.0f on time), under 80%%: review the SLA or the "
                     "capacity behind it.", p, now, met, due);
        else
            continue;
        add_rec(list, "sla", t);
    }
}

static void rec_kev(const cJSON *doc, cJSON *list)
{
    const cJSON *k = cJSON_GetObjectItem(doc, "kev_summary");
    char t[512];
    int ok;
    double n = numv(k, "open_items", &ok), days, sys;

    if (!ok || n <= 0)
        return;
    days = numv(k, "max_days_open", &ok);
    sys = numv(k, "systems", &ok);
    snprintf(t, sizeof(t), "%.0f open item%s in CISA KEV on %.0f system%s, "
             "the oldest open for %.0f days: these are exploited in the "
             "wild, fix them first.", n, n == 1 ? " is" : "s are", sys,
             sys == 1 ? "" : "s", days);
    add_rec(list, "kev", t);
}

static void rec_accepted(const cJSON *doc, cJSON *list)
{
    const cJSON *r;
    int expired = 0, soon = 0;
    char t[512];

    cJSON_ArrayForEach(r, cJSON_GetObjectItem(doc, "accepted")) {
        const char *f = cJSON_GetStringValue(cJSON_GetObjectItem(r, "flag"));

        expired += f && strcmp(f, "expired") == 0;
        soon += f && strcmp(f, "expires soon") == 0;
    }
    if (!expired && !soon)
        return;
    snprintf(t, sizeof(t), "%d accepted risk%s expired by the as-of day "
             "and %d expire%s within 30 days after it: review each before "
             "it lapses.", expired, expired == 1 ? "" : "s", soon,
             soon == 1 ? "s" : "");
    add_rec(list, "accepted", t);
}

static void rec_trend(const cJSON *doc, cJSON *list)
{
    const cJSON *w = cJSON_GetObjectItem(doc, "weeks");
    int n = cJSON_GetArraySize(w), ok;
    double first, last, od;
    char t[512];

    if (n < 2)
        return;
    first = numv(cJSON_GetArrayItem(w, 0), "backlog", &ok);
    last = numv(cJSON_GetArrayItem(w, n - 1), "backlog", &ok);
    od = numv(cJSON_GetArrayItem(w, n - 1), "overdue", &ok);
    if (last > first) {
        snprintf(t, sizeof(t), "The open backlog grew from %.0f to %.0f "
                 "over the %d weeks: more items are opened than closed.",
                 first, last, n);
        add_rec(list, "backlog", t);
    }
    if (od > 0) {
        snprintf(t, sizeof(t), "%.0f open item%s past due on the as-of "
                 "day: agree new dates or escalate.", od,
                 od == 1 ? " was" : "s were");
        add_rec(list, "overdue", t);
    }
}

static void rec_ttr(const cJSON *doc, cJSON *list)
{
    const cJSON *all = NULL, *r;
    double now, was;
    int ok, okp;
    char t[512];

    cJSON_ArrayForEach(r, cJSON_GetObjectItem(doc, "by_priority")) {
        const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(r,
                                                                 "priority"));

        if (p && strcmp(p, "All") == 0)
            all = r;
    }
    now = numv(all, "median_days", &ok);
    was = numv(all, "median_days_prev", &okp);
    if (!ok || !okp || now < was * 1.5 || now - was < 2)
        return;
    snprintf(t, sizeof(t), "The median time to remediate rose from %.1f to "
             "%.1f days: look for items waiting on one team or system.",
             was, now);
    add_rec(list, "ttr", t);
}

static void rec_recurring(const cJSON *doc, cJSON *list)
{
    const cJSON *r;
    char t[512];
    int n = 0, ok;

    cJSON_ArrayForEach(r, cJSON_GetObjectItem(doc, "recurring")) {
        const char *y = cJSON_GetStringValue(cJSON_GetObjectItem(r,
                                                                 "system"));

        if (!y || n++ >= 3)
            continue;
        snprintf(t, sizeof(t), "System '%.100s' had new items in %.0f "
                 "month(s) of the quarter and %.0f reopened: look at how "
                 "it is patched and rebuilt.", y,
                 numv(r, "months_with_new", &ok), numv(r, "reopened", &ok));
        add_rec(list, "recurring", t);
    }
}

int vigil__report_recommend(cJSON *doc)
{
    cJSON *list = cJSON_CreateArray();

    if (!list)
        return VIGIL_ENOMEM;
    rec_kev(doc, list);
    rec_sla(doc, list);
    rec_ttr(doc, list);
    rec_trend(doc, list);
    rec_accepted(doc, list);
    rec_recurring(doc, list);
    cJSON_AddItemToObject(doc, "recommendations", list);
    return 0;
}
