/*
 * policy.c - the priority rules: a CVSS band, raised by EPSS, set by a
 * KEV listing, moved by the affected systems' criticality and
 * production use, then a due date from the SLA of the result or an
 * earlier KEV due date.  Each rule that looks at an input leaves a
 * reason naming the rule and the input.  Pure: no clock, no state.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigil/policy.h"
#include "../internal.h"

#define DAY_SECONDS 86400

static const char *const priority_names[VIGIL_PRIORITY_COUNT] = {
    "Low", "Medium", "High", "Critical",
};

static const char *const criticality_names[] = {
    "unknown", "low", "medium", "high", "critical",
};

const char *vigil_priority_name(enum vigil_priority p)
{
    return (unsigned)p < VIGIL_PRIORITY_COUNT ? priority_names[p] : "?";
}

int vigil_priority_from_name(const char *s, enum vigil_priority *out)
{
    int i;

    for (i = 0; s && i < VIGIL_PRIORITY_COUNT; i++) {
        if (vigil__strcasecmp(s, priority_names[i]) == 0) {
            *out = (enum vigil_priority)i;
            return 0;
        }
    }
    return VIGIL_EINVAL;
}

const char *vigil_criticality_name(enum vigil_criticality c)
{
    return (unsigned)c < VIGIL_ARRAY_SIZE(criticality_names)
               ? criticality_names[c]
               : "?";
}

int vigil_criticality_from_name(const char *s, enum vigil_criticality *out)
{
    size_t i;

    for (i = 0; s && i < VIGIL_ARRAY_SIZE(criticality_names); i++) {
        if (vigil__strcasecmp(s, criticality_names[i]) == 0) {
            *out = (enum vigil_criticality)i;
            return 0;
        }
    }
    return VIGIL_EINVAL;
}

static void reason(struct vigil_policy_result *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void reason(struct vigil_policy_result *out, const char *fmt, ...)
{
    va_list ap;

    if (out->nreasons == VIGIL_POLICY_MAX_REASONS)
        return;
    va_start(ap, fmt);
    vsnprintf(out->reasons[out->nreasons++], VIGIL_POLICY_REASON_LEN, fmt,
              ap);
    va_end(ap);
}

static const char *cvss_label(int version)
{
    return version == VIGIL_CVSS_V20 ? "CVSS 2.0 "
         : version == VIGIL_CVSS_V30 ? "CVSS 3.0 "
         : version == VIGIL_CVSS_V31 ? "CVSS 3.1 "
         : version == VIGIL_CVSS_V40 ? "CVSS 4.0 " : "CVSS ";
}

/* A score meets a threshold; the slack absorbs binary noise only. */
static int at_least(double value, double threshold)
{
    return value + 1e-9 >= threshold;
}

static enum vigil_priority cvss_band(const struct vigil_policy *p,
                                     const struct vigil_policy_input *in,
                                     struct vigil_policy_result *out)
{
    const double limits[] = { p->cvss_medium, p->cvss_high,
                              p->cvss_critical };
    const char *label = cvss_label(in->cvss_version);
    int band;

    if (!in->has_cvss) {
        reason(out, "no CVSS score -> %s (unscored_priority)",
               vigil_priority_name(p->unscored));
        return p->unscored;
    }
    for (band = 2; band >= 0; band--) {
        if (at_least(in->cvss, limits[band])) {
            reason(out, "%s%.1f >= %.1f -> %s", label, in->cvss,
                   limits[band], vigil_priority_name(band + 1));
            return (enum vigil_priority)(band + 1);
        }
    }
    reason(out, "%s%.1f < %.1f -> Low", label, in->cvss, limits[0]);
    return VIGIL_PRIORITY_LOW;
}

static enum vigil_priority raise(enum vigil_priority p)
{
    return p < VIGIL_PRIORITY_CRITICAL ? p + 1 : p;
}

static enum vigil_priority lower(enum vigil_priority p)
{
    return p > VIGIL_PRIORITY_LOW ? p - 1 : p;
}

/* "raises High to Critical", or "keeps Critical" at the top. */
static void moved(char *buf, size_t len, const char *verb,
                  enum vigil_priority from, enum vigil_priority to)
{
    if (from == to)
        snprintf(buf, len, "keeps %s", vigil_priority_name(from));
    else
        snprintf(buf, len, "%s %s to %s", verb, vigil_priority_name(from),
                 vigil_priority_name(to));
}

static enum vigil_priority epss_rule(const struct vigil_policy *p,
                                     const struct vigil_policy_input *in,
                                     enum vigil_priority prio,
                                     struct vigil_policy_result *out)
{
    char what[48];

    if (in->has_epss && p->epss_raise > 0 && in->epss >= p->epss_raise) {
        moved(what, sizeof(what), "raises", prio, raise(prio));
        reason(out, "EPSS %.5g >= %.2f %s", in->epss, p->epss_raise, what);
        return raise(prio);
    }
    if (in->has_percentile && p->epss_percentile_raise > 0
        && in->percentile >= p->epss_percentile_raise) {
        moved(what, sizeof(what), "raises", prio, raise(prio));
        reason(out, "EPSS percentile %.5g >= %.2f %s", in->percentile,
               p->epss_percentile_raise, what);
        return raise(prio);
    }
    if (in->has_epss && p->epss_raise > 0)
        reason(out, "EPSS %.5g < %.2f: no change", in->epss, p->epss_raise);
    return prio;
}

static enum vigil_priority kev_rule(const struct vigil_policy *p,
                                    const struct vigil_policy_input *in,
                                    enum vigil_priority prio,
                                    struct vigil_policy_result *out)
{
    const char *why = in->kev_ransomware ? " with known ransomware use" : "";

    if (!in->kev)
        return prio;
    if (prio >= p->kev) {
        reason(out, "KEV listed%s: already %s", why,
               vigil_priority_name(prio));
        return prio;
    }
    reason(out, "KEV listed%s -> %s", why, vigil_priority_name(p->kev));
    return p->kev;
}

/* -1, 0 or +1 from the systems, with the words that say why. */
static int asset_step(const struct vigil_policy_input *in, char *why,
                      size_t len)
{
    int low = in->criticality == VIGIL_CRITICALITY_LOW;

    if (in->criticality == VIGIL_CRITICALITY_CRITICAL
        && in->production != 0) {
        snprintf(why, len, "asset criticality critical");
        return 1;
    }
    if (low && in->production == 0)
        snprintf(why, len, "asset criticality low and no production "
                 "system");
    else if (low)
        snprintf(why, len, "asset criticality low");
    else if (in->production == 0)
        snprintf(why, len, "no production system (criticality %s)",
                 vigil_criticality_name(in->criticality));
    else
        return 0;
    return -1;
}

static enum vigil_priority asset_rule(const struct vigil_policy *p,
                                      const struct vigil_policy_input *in,
                                      enum vigil_priority prio,
                                      struct vigil_policy_result *out)
{
    char why[80], what[48];
    enum vigil_priority next, floor;
    int step;

    if (!p->asset_adjust)
        return prio;
    step = asset_step(in, why, sizeof(why));
    if (step == 0)
        return prio;
    next = step > 0 ? raise(prio) : lower(prio);
    moved(what, sizeof(what), step > 0 ? "raises" : "lowers", prio, next);
    reason(out, "%s %s", why, what);

    floor = in->kev_ransomware ? p->kev_ransomware_floor : p->kev_floor;
    if (in->kev && next < floor) {
        reason(out, "KEV floor (%s) keeps %s", in->kev_ransomware
               ? "kev_ransomware_floor" : "kev_floor",
               vigil_priority_name(floor));
        next = floor;
    }
    return next;
}

static void due_rule(const struct vigil_policy *p,
                     const struct vigil_policy_input *in,
                     struct vigil_policy_result *out)
{
    char sla[16], kev[16];

    out->sla_days = p->sla_days[out->priority];
    out->due = in->identified + (time_t)out->sla_days * DAY_SECONDS;
    vigil_date_format(out->due, sla, sizeof(sla));
    reason(out, "%s SLA %d days -> due %s",
           vigil_priority_name(out->priority), out->sla_days, sla);
    if (in->kev && in->kev_due && p->kev_due_date && in->kev_due < out->due) {
        vigil_date_format(in->kev_due, kev, sizeof(kev));
        reason(out, "KEV due date %s is earlier than %s -> due %s", kev, sla,
               kev);
        out->due = in->kev_due;
        out->due_from_kev = 1;
    }
}

static int valid_input(const struct vigil_policy_input *in)
{
    if (in->has_cvss && !(in->cvss >= 0.0 && in->cvss <= 10.0))
        return 0;
    if (in->has_epss && !(in->epss >= 0.0 && in->epss <= 1.0))
        return 0;
    if (in->has_percentile
        && !(in->percentile >= 0.0 && in->percentile <= 1.0))
        return 0;
    return (unsigned)in->criticality
           < VIGIL_ARRAY_SIZE(criticality_names);
}

int vigil_policy_evaluate(const struct vigil_policy *p,
                          const struct vigil_policy_input *in,
                          struct vigil_policy_result *out)
{
    struct vigil_policy_result r;
    enum vigil_priority prio;

    if (!p || !in || !out || !valid_input(in))
        return VIGIL_EINVAL;
    memset(&r, 0, sizeof(r));

    prio = cvss_band(p, in, &r);
    prio = epss_rule(p, in, prio, &r);
    prio = kev_rule(p, in, prio, &r);
    r.priority = asset_rule(p, in, prio, &r);
    due_rule(p, in, &r);
    *out = r;
    return 0;
}
