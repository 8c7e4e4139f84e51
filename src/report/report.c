/*
 * report.c - reports: names of kinds and formats, periods, and the
 * assembly of one document of figures per report, which the renderers
 * then lay out.  The store computes the figures; this file adds the
 * previous period's values and deltas, and the recommendations.
 */
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

#include "vigil/report.h"
#include "report_int.h"
#include "../internal.h"

static const char *const kind_names[] = { "weekly", "monthly",
                                          "quarterly" };

static const struct {
    const char *name;
    enum vigil_report_format fmt;
} formats[] = {
    { "markdown", VIGIL_REPORT_MARKDOWN }, { "md", VIGIL_REPORT_MARKDOWN },
    { "json", VIGIL_REPORT_JSON },         { "html", VIGIL_REPORT_HTML },
    { "csv", VIGIL_REPORT_CSV },
};

int vigil_report_kind_parse(const char *name)
{
    size_t i;

    for (i = 0; name && i < VIGIL_ARRAY_SIZE(kind_names); i++)
        if (strcmp(name, kind_names[i]) == 0)
            return (int)i;
    return -1;
}

int vigil_report_format_parse(const char *name)
{
    size_t i;

    for (i = 0; name && i < VIGIL_ARRAY_SIZE(formats); i++)
        if (strcmp(name, formats[i].name) == 0)
            return (int)formats[i].fmt;
    return -1;
}

const char *vigil_report_kind_name(enum vigil_report_kind k)
{
    return (unsigned)k < VIGIL_ARRAY_SIZE(kind_names) ? kind_names[k]
                                                      : "unknown";
}

/* ---- dates: proleptic Gregorian, days since 1970-01-01 ---- */

static void to_civil(long long days, long long *y, int *m, int *d)
{
    long long z = days + 719468, era, doe, yoe, doy, mp;

    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* A year as printed: four digits. */
static unsigned yr(long long y)
{
    return (unsigned)((y % 10000 + 10000) % 10000);
}

int vigil__report_days(const char *s, long long *days)
{
    long long y, back;
    int i, m, d, m2, d2;

    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return VIGIL_EINVAL;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !vigil__isdigit((unsigned char)s[i]))
            return VIGIL_EINVAL;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
        (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return VIGIL_EINVAL;
    back = vigil_days_from_civil(y, m, d);
    to_civil(back, &y, &m2, &d2);
    if (m2 != m || d2 != d)
        return VIGIL_EINVAL;   /* 2026-02-30 and the like */
    *days = back;
    return 0;
}

void vigil__report_date(long long days, char out[11])
{
    long long y;
    int m, d;

    to_civil(days, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", yr(y),
             (unsigned)m % 100u, (unsigned)d % 100u);
}

/* ISO 8601 week of the week that holds day (its Thursday's year). */
static void iso_week(long long day, char out[16])
{
    long long monday = day - ((day + 3) % 7 + 7) % 7, y;
    long long thursday = monday + 3, week;
    int m, d;

    /* the ISO week belongs to the year of its Thursday */
    to_civil(thursday, &y, &m, &d);
    week = (thursday - vigil_days_from_civil(y, 1, 1)) / 7 + 1;
    snprintf(out, 16, "%04u-W%02u", yr(y), (unsigned)week % 100u);
}

static long long add_months(long long day, int months)
{
    long long y;
    int m, d, idx;

    to_civil(day, &y, &m, &d);
    idx = (int)(y * 12 + m - 1) + months;
    return vigil_days_from_civil(idx / 12, idx % 12 + 1, 1);
}

/* day moved by months, on the same day of the month or the last one. */
static long long shift_months(long long day, int months)
{
    long long first = add_months(day, months), y;
    long long len = add_months(first, 1) - first;
    int m, d;

    to_civil(day, &y, &m, &d);
    return first + (d <= len ? d : len) - 1;
}

int vigil_report_period(enum vigil_report_kind k, time_t now,
                        char from[11], char to[11], char period[16])
{
    long long today = (long long)now / 86400 - ((long long)now % 86400 < 0);
    long long start, end, y;
    int m, d;

    to_civil(today, &y, &m, &d);
    if (k == VIGIL_REPORT_WEEKLY) {
        end = today - ((today + 3) % 7 + 7) % 7;
        start = end - 7;
        iso_week(start, period);
    } else if (k == VIGIL_REPORT_MONTHLY) {
        end = vigil_days_from_civil(y, m, 1);
        start = add_months(end, -1);
        to_civil(start, &y, &m, &d);
        snprintf(period, 16, "%04u-%02u", yr(y), (unsigned)m % 100u);
    } else if (k == VIGIL_REPORT_QUARTERLY) {
        end = vigil_days_from_civil(y, (m - 1) / 3 * 3 + 1, 1);
        start = add_months(end, -3);
        to_civil(start, &y, &m, &d);
        snprintf(period, 16, "%04u-Q%u", yr(y),
                 (unsigned)((m - 1) / 3 + 1) % 10u);
    } else {
        return VIGIL_EINVAL;
    }
    vigil__report_date(start, from);
    vigil__report_date(end, to);
    return 0;
}

/*
 * The label of [from, to): the kind's own name for it when it is one
 * whole week, month or quarter, otherwise the two dates.  Also the
 * period before it: the previous whole period, or as many days before.
 */
static void label_period(enum vigil_report_kind k, long long from,
                         long long to, char label[32], long long *prev)
{
    char f[11], t[11];

    vigil__report_date(from, f);
    vigil__report_date(to, t);
    *prev = from - (to - from);
    if (k == VIGIL_REPORT_WEEKLY && to - from == 7 &&
        ((from + 3) % 7 + 7) % 7 == 0) {
        iso_week(from, label);
        return;
    }
    if (k != VIGIL_REPORT_WEEKLY) {
        int n = k == VIGIL_REPORT_MONTHLY ? 1 : 3;
        long long y;
        int m, d;

        to_civil(from, &y, &m, &d);
        if (d == 1 && (k == VIGIL_REPORT_MONTHLY || (m - 1) % 3 == 0) &&
            add_months(from, n) == to) {
            *prev = add_months(from, -n);
            if (n == 1)
                snprintf(label, 32, "%04u-%02u", yr(y), (unsigned)m % 100u);
            else
                snprintf(label, 32, "%04u-Q%u", yr(y),
                 (unsigned)((m - 1) / 3 + 1) % 10u);
            return;
        }
    }
    snprintf(label, 32, "%s to %s", f, t);
}

/* ---- the document ---- */

/*
 * The day states are taken at, at its start: the period's end, or
 * tomorrow while the period runs, so that today's items count.  The
 * report says "as of" the day before it, the last day it includes.
 */
static long long ref_day(long long to, long long today)
{
    return today + 1 < to ? today + 1 : to;
}

struct span_days {
    char from[11], to[11], asof[11], ref[11], soon[11];
};

static void span_of(long long from, long long to, long long today,
                    struct span_days *d, struct vigil_report_span *sp)
{
    vigil__report_date(from, d->from);
    vigil__report_date(to, d->to);
    vigil__report_date(ref_day(to, today) - 1, d->asof);
    vigil__report_date(ref_day(to, today), d->ref);
    vigil__report_date(ref_day(to, today) + 29, d->soon);
    sp->from = d->from;
    sp->to = d->to;
    sp->asof = d->asof;
    sp->ref = d->ref;
    sp->soon = d->soon;
}

/* Parses the store's figures of one part into a cJSON object. */
static int gather(struct vigil_store *s, const char *part, long long from,
                  long long to, long long today, cJSON **out,
                  struct vigil_error *err)
{
    struct vigil_buf raw = VIGIL_BUF_INIT;
    struct vigil_report_span sp;
    struct span_days d;
    int rc;

    span_of(from, to, today, &d, &sp);
    rc = vigil_store_report_json(s, part, &sp, &raw, err);
    if (!rc && !(*out = cJSON_Parse(raw.ptr)))
        rc = vigil_error_set(err, VIGIL_EDB, 0,
                             "report figures '%s' unreadable", part);
    vigil_buf_release(&raw);
    return rc;
}

static int is_num(const cJSON *v)
{
    return cJSON_IsNumber(v);
}

/*
 * Adds FIELD_prev and FIELD_delta for every number of cur from prev.
 * With zero set, a count prev lacks was 0 (a row new in this period),
 * not unknown.
 */
static void add_deltas(cJSON *cur, const cJSON *prev, int zero)
{
    cJSON *f;
    size_t n = (size_t)cJSON_GetArraySize(cur), i = 0;
    char name[64];
    double was;
    int had;

    for (f = cur->child; f && i < n; f = f->next, i++) {
        const cJSON *p;

        if (!f->string || !(is_num(f) || cJSON_IsNull(f)))
            continue;
        p = prev ? cJSON_GetObjectItemCaseSensitive(prev, f->string) : NULL;
        had = is_num(p) || (zero && !p);
        was = is_num(p) ? p->valuedouble : 0;
        snprintf(name, sizeof(name), "%s_prev", f->string);
        cJSON_AddItemToObject(cur, name, had ? cJSON_CreateNumber(was)
                                             : cJSON_CreateNull());
        snprintf(name, sizeof(name), "%s_delta", f->string);
        cJSON_AddItemToObject(cur, name, is_num(f) && had
                              ? cJSON_CreateNumber(f->valuedouble - was)
                              : cJSON_CreateNull());
    }
}

static const cJSON *row_by(const cJSON *arr, const char *key,
                           const char *value)
{
    const cJSON *r;

    cJSON_ArrayForEach(r, arr) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(r, key);

        if (cJSON_IsString(k) && strcmp(k->valuestring, value) == 0)
            return r;
    }
    return NULL;
}

/*
 * Rows of cur get the values of the row with the same key in prev;
 * rows only in prev come in with zero counts, so a team that went
 * quiet still shows what it had.
 */
static void merge_rows(cJSON *cur, const cJSON *prev, const char *key)
{
    const cJSON *p;
    cJSON *r;

    cJSON_ArrayForEach(p, prev) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(p, key), *f;
        cJSON *z;

        if (!cJSON_IsString(k) || row_by(cur, key, k->valuestring))
            continue;
        z = cJSON_CreateObject();
        cJSON_AddStringToObject(z, key, k->valuestring);
        for (f = p->child; f; f = f->next)
            if (is_num(f) && f->string)
                cJSON_AddNumberToObject(z, f->string, 0);
        cJSON_AddItemToArray(cur, z);
    }
    cJSON_ArrayForEach(r, cur) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(r, key);

        add_deltas(r, cJSON_IsString(k) ? row_by(prev, key, k->valuestring)
                                        : NULL, 1);
    }
}

static const struct {
    const char *member, *key;
} merged[] = {
    { "by_priority", "priority" }, { "backlog", "age_days" },
    { "by_source", "source" },     { "by_team", "team" },
    { "by_system", "system" },
};

/* The period part of [from, to) with the one before it merged in. */
static int period_with_deltas(struct vigil_store *s, long long from,
                              long long to, long long prev,
                              long long today, cJSON *doc,
                              struct vigil_error *err)
{
    cJSON *cur = NULL, *old = NULL, *f;
    char pf[11];
    size_t i;
    int rc;

    if ((rc = gather(s, "period", from, to, today, &cur, err)) ||
        (rc = gather(s, "period", prev, from, today, &old, err))) {
        cJSON_Delete(cur);
        return rc;
    }
    add_deltas(cJSON_GetObjectItem(cur, "summary"),
               cJSON_GetObjectItem(old, "summary"), 0);
    for (i = 0; i < VIGIL_ARRAY_SIZE(merged); i++)
        merge_rows(cJSON_GetObjectItem(cur, merged[i].member),
                   cJSON_GetObjectItem(old, merged[i].member),
                   merged[i].key);
    vigil__report_date(prev, pf);
    cJSON_AddStringToObject(doc, "previous_from", pf);
    while ((f = cur->child)) {
        cJSON_DetachItemViaPointer(cur, f);
        cJSON_AddItemToObject(doc, f->string, f);
    }
    cJSON_Delete(cur);
    cJSON_Delete(old);
    return 0;
}

/* Moves every member of src into dst and frees src. */
static void absorb(cJSON *dst, cJSON *src)
{
    cJSON *f;

    while ((f = src->child)) {
        cJSON_DetachItemViaPointer(src, f);
        cJSON_AddItemToObject(dst, f->string, f);
    }
    cJSON_Delete(src);
}

/* KEV exposure in figures: items, systems, longest and mean days open. */
static void kev_summary(cJSON *doc)
{
    const cJSON *rows = cJSON_GetObjectItem(doc, "kev_exposure"), *r;
    cJSON *sum = cJSON_CreateObject(), *sys;
    double max = 0, total = 0;
    int n = 0;

    cJSON_ArrayForEach(r, rows) {
        double d = cJSON_GetNumberValue(cJSON_GetObjectItem(r, "days_open"));

        n++;
        total += d;
        max = d > max ? d : max;
    }
    cJSON_AddNumberToObject(sum, "open_items", n);
    sys = cJSON_DetachItemFromObject(doc, "kev_systems");
    cJSON_AddNumberToObject(sum, "systems",
                            is_num(sys) ? sys->valuedouble : 0);
    cJSON_Delete(sys);
    cJSON_AddNumberToObject(sum, "max_days_open", max);
    if (n)
        cJSON_AddNumberToObject(sum, "mean_days_open",
                                (double)(long long)(total / n * 10 + 0.5)
                                    / 10);
    else
        cJSON_AddNullToObject(sum, "mean_days_open");
    cJSON_AddItemToObject(doc, "kev_summary", sum);
}

static int build(struct vigil_store *s, enum vigil_report_kind k,
                 long long from, long long to, long long today, cJSON *doc,
                 struct vigil_error *err)
{
    char label[32], day[11];
    long long prev;
    cJSON *part = NULL;
    int rc;

    label_period(k, from, to, label, &prev);
    cJSON_AddStringToObject(doc, "kind", vigil_report_kind_name(k));
    cJSON_AddStringToObject(doc, "period", label);
    vigil__report_date(from, day);
    cJSON_AddStringToObject(doc, "from", day);
    vigil__report_date(to, day);
    cJSON_AddStringToObject(doc, "to", day);
    vigil__report_date(ref_day(to, today) - 1, day);
    cJSON_AddStringToObject(doc, "as_of", day);
    if (k == VIGIL_REPORT_WEEKLY) {
        if ((rc = gather(s, "weekly", from, to, today, &part, err)))
            return rc;
        absorb(doc, part);
        return 0;
    }
    if ((rc = period_with_deltas(s, from, to, prev, today, doc, err)))
        return rc;
    if (k == VIGIL_REPORT_MONTHLY)
        return 0;
    if ((rc = gather(s, "trend", from, to, today, &part, err)))
        return rc;
    absorb(doc, part);
    if ((rc = gather(s, "posture", from, to, today, &part, err)))
        return rc;
    absorb(doc, part);
    kev_summary(doc);
    return vigil__report_recommend(doc);
}

static int bad_date(struct vigil_error *err, const char *s)
{
    return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid date '%s' (use "
                           "YYYY-MM-DD, a real day)", s ? s : "");
}

/* The days of [from, to) and today, checked: d[0], d[1], d[2]. */
static int check_span(const char *from, const char *to, const char *today,
                      long long d[3], struct vigil_error *err)
{
    char t[11];

    if (vigil__report_days(from, &d[0]))
        return bad_date(err, from);
    if (vigil__report_days(to, &d[1]))
        return bad_date(err, to);
    if (d[1] <= d[0] || d[1] - d[0] > 3660)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid period '%s' to '%s': the end must "
                               "follow the start, within ten years", from,
                               to);
    if (!today)
        d[2] = (long long)vigil_now() / 86400;
    else if (vigil__report_days(today, &d[2]))
        return bad_date(err, today);
    vigil__report_date(d[2], t);
    if (d[0] > d[2])
        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid period '%s' "
                               "to '%s': it starts after today (%s)", from,
                               to, t);
    return 0;
}

/*
 * Refuses a computed end of a period that four-digit years cannot
 * write: "9999-12-31" plus a week would print as year 0000.
 */
static int in_years(enum vigil_report_kind k, const char *which,
                    const char *given, long long day,
                    struct vigil_error *err)
{
    if (day >= vigil_days_from_civil(0, 1, 1) &&
        day <= vigil_days_from_civil(9999, 12, 31))
        return 0;
    return vigil_error_set(err, VIGIL_EINVAL, 0,
                           "invalid period: a %s report %s '%s' would %s",
                           kind_names[k], which, given,
                           day > 0 ? "end after the year 9999"
                                   : "start before the year 0000");
}

int vigil_report_resolve(enum vigil_report_kind k, const char *from,
                         const char *to, time_t now, char f[11], char t[11],
                         struct vigil_error *err)
{
    static const int months[] = { 0, 1, 3 };
    char period[16], today[11];
    long long day, d[3];
    int rc;

    if ((unsigned)k >= VIGIL_ARRAY_SIZE(kind_names))
        return vigil_error_set(err, VIGIL_EINVAL, 0, "unknown report kind");
    if (!from && !to)
        return vigil_report_period(k, now, f, t, period);
    if ((from && vigil__report_days(from, &day)) ||
        (!from && vigil__report_days(to, &day)))
        return bad_date(err, from ? from : to);
    if (from && to) {
        snprintf(f, 11, "%s", from);
        snprintf(t, 11, "%s", to);
    } else if (from) {
        snprintf(f, 11, "%s", from);
        day = k == VIGIL_REPORT_WEEKLY ? day + 7
                                       : shift_months(day, months[k]);
        if ((rc = in_years(k, "from", from, day, err)))
            return rc;
        vigil__report_date(day, t);
    } else {
        snprintf(t, 11, "%s", to);
        day = k == VIGIL_REPORT_WEEKLY ? day - 7
                                       : shift_months(day, -months[k]);
        if ((rc = in_years(k, "to", to, day, err)))
            return rc;
        vigil__report_date(day, f);
    }
    vigil_date_format(now, today, sizeof(today));
    rc = check_span(f, t, today, d, err);
    return rc;
}

int vigil_report_render(struct vigil_store *s, enum vigil_report_kind k,
                        const char *from, const char *to, const char *today,
                        enum vigil_report_format fmt, struct vigil_buf *out,
                        struct vigil_error *err)
{
    long long d[3];
    cJSON *doc;
    char *text;
    int rc;

    if ((unsigned)k >= VIGIL_ARRAY_SIZE(kind_names))
        return vigil_error_set(err, VIGIL_EINVAL, 0, "unknown report kind");
    if ((rc = check_span(from, to, today, d, err)))
        return rc;
    if (!(doc = cJSON_CreateObject()))
        return VIGIL_ENOMEM;
    if ((rc = build(s, k, d[0], d[1], d[2], doc, err)))
        goto out;
    switch (fmt) {
    case VIGIL_REPORT_JSON:
        if (!(text = cJSON_Print(doc))) {
            rc = VIGIL_ENOMEM;
            break;
        }
        vigil_buf_adds(out, text);
        vigil_buf_addc(out, '\n');
        cJSON_free(text);
        rc = out->ptr ? 0 : VIGIL_ENOMEM;
        break;
    case VIGIL_REPORT_MARKDOWN:
        rc = vigil__report_md(doc, k, out);
        break;
    case VIGIL_REPORT_HTML:
        rc = vigil__report_html(doc, k, out);
        break;
    case VIGIL_REPORT_CSV:
        rc = vigil__report_csv(doc, k, out);
        break;
    default:
        rc = vigil_error_set(err, VIGIL_EINVAL, 0, "unknown report format");
    }
out:
    cJSON_Delete(doc);
    return rc;
}

int vigil_report_weekly(struct vigil_store *s, time_t end,
                        enum vigil_report_format fmt, struct vigil_buf *out,
                        struct vigil_error *err)
{
    long long last = (long long)end / 86400;
    char from[11], to[11], today[11];

    vigil__report_date(last - 6, from);
    vigil__report_date(last + 1, to);
    vigil__report_date(last, today);
    return vigil_report_render(s, VIGIL_REPORT_WEEKLY, from, to, today, fmt,
                               out, err);
}
