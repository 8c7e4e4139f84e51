/*
 * priority.c - turns an update's inputs into a priority, a due date
 * and the reasons for both, and writes update events.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "track_int.h"
#include "../internal.h"

/* SLA days per priority, from the date the threat was identified. */
static const struct {
    const char *name;
    int days;
} sla[] = {
    { "Critical", 7 }, { "High", 30 }, { "Medium", 90 }, { "Low", 180 },
};

static int sla_days(const char *priority)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(sla); i++)
        if (strcmp(sla[i].name, priority) == 0)
            return sla[i].days;
    return 180;
}

static void add_reason(struct vigil__priority *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_reason(struct vigil__priority *p, const char *fmt, ...)
{
    size_t n = strlen(p->reason);
    va_list ap;

    if (n && n + 2 < sizeof(p->reason)) {
        memcpy(p->reason + n, "; ", 3);
        n += 2;
    }
    va_start(ap, fmt);
    vsnprintf(p->reason + n, sizeof(p->reason) - n, fmt, ap);
    va_end(ap);
}

void vigil__track_priority(const struct vigil_update_input *in,
                           const char *identified,
                           struct vigil__priority *out)
{
    time_t start, due;
    char kev_due[16];

    memset(out, 0, sizeof(*out));
    if (in->kev) {
        out->priority = "Critical";
        add_reason(out, "listed in CISA KEV -> Critical");
    } else if (in->has_cvss && in->cvss >= 9.0) {
        out->priority = "Critical";
        add_reason(out, "CVSS %.1f >= 9.0 -> Critical", in->cvss);
    } else if (in->has_cvss && in->cvss >= 7.0) {
        out->priority = "High";
        add_reason(out, "CVSS %.1f >= 7.0 -> High", in->cvss);
    } else if (in->has_cvss && in->cvss >= 4.0) {
        out->priority = "Medium";
        add_reason(out, "CVSS %.1f >= 4.0 -> Medium", in->cvss);
    } else if (in->has_cvss) {
        out->priority = "Low";
        add_reason(out, "CVSS %.1f < 4.0 -> Low", in->cvss);
    } else {
        out->priority = "Medium";
        add_reason(out, "no CVSS score -> Medium");
    }

    if (!identified || vigil_time_parse(identified, &start) != 0)
        start = vigil_now();
    due = start + (time_t)sla_days(out->priority) * 86400;
    vigil_date_format(due, out->due, sizeof(out->due));
    add_reason(out, "SLA %d days", sla_days(out->priority));
    if (in->kev_due) {
        snprintf(kev_due, sizeof(kev_due), "%.10s", in->kev_due);
        if (strcmp(kev_due, out->due) < 0) {
            memcpy(out->due, kev_due, sizeof(kev_due));
            add_reason(out, "KEV due date %s is earlier", kev_due);
        }
    }
}

int vigil__track_event(struct vigil_store *s, const char *type,
                       long long id, const struct vigil_update_input *in,
                       const char *priority, struct vigil_error *err)
{
    struct vigil_buf d = VIGIL_BUF_INIT;
    int rc;

    vigil_buf_addf(&d, "{\"update\": \"VU-%lld\", \"advisory\": ", id);
    vigil_buf_add_json_str(&d, in->advisory);
    vigil_buf_adds(&d, ", \"priority\": ");
    vigil_buf_add_json_str(&d, priority);
    vigil_buf_adds(&d, ", \"kev\": ");
    vigil_buf_adds(&d, in->kev ? "true" : "false");
    vigil_buf_adds(&d, ", \"systems\": ");
    vigil_buf_add_json_str(&d, in->systems);
    vigil_buf_adds(&d, "}");
    rc = vigil_store_event_add(s, type, "vigil.track", d.ptr, err);
    vigil_buf_release(&d);
    return rc;
}
