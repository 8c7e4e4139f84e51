/*
 * policy_config.c - the settable keys of struct vigil_policy: one table
 * gives each key's name, kind, place in the struct, bounds and help, and
 * drives defaults, vigil_policy_set(), vigil_policy_get() and the key
 * listing.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/policy.h"
#include "../internal.h"

enum kind {
    K_NUMBER,    /* double in [min, max] */
    K_DAYS,      /* int in [min, max] */
    K_BOOL,      /* int 0 / 1 */
    K_PRIORITY,  /* enum vigil_priority */
    K_SOURCE,    /* enum vigil_score_source */
    K_CHOICE     /* int: the index of the value in choices */
};

struct key_def {
    struct vigil_policy_key pub;
    enum kind kind;
    size_t offset;
    double min, max;
    const char *defval;
    const char *const *choices;     /* K_SOURCE, K_CHOICE */
};

static const char *const sources[] = { "cna", "nvd", "any", NULL };
static const char *const versions[] = { "any", "newest", NULL };
static const char *const scenarios[] = { "lowest", "highest", NULL };

#define AT(field) offsetof(struct vigil_policy, field)

static const struct key_def keys[] = {
    { { "cvss_critical", "number",
        "CVSS score from which the priority starts as Critical" },
      K_NUMBER, AT(cvss_critical), 0, 10, "9.0", NULL },
    { { "cvss_high", "number",
        "CVSS score from which the priority starts as High" },
      K_NUMBER, AT(cvss_high), 0, 10, "7.0", NULL },
    { { "cvss_medium", "number",
        "CVSS score from which the priority starts as Medium" },
      K_NUMBER, AT(cvss_medium), 0, 10, "4.0", NULL },
    { { "unscored_priority", "priority",
        "starting priority when no CVSS score is known" },
      K_PRIORITY, AT(unscored), 0, 0, "medium", NULL },
    { { "epss_raise", "number",
        "EPSS probability that raises the priority one level (0: off)" },
      K_NUMBER, AT(epss_raise), 0, 1, "0.10", NULL },
    { { "epss_percentile_raise", "number",
        "EPSS percentile that raises the priority one level (0: off)" },
      K_NUMBER, AT(epss_percentile_raise), 0, 1, "0", NULL },
    { { "kev_priority", "priority",
        "priority of a threat listed in CISA KEV" },
      K_PRIORITY, AT(kev), 0, 0, "critical", NULL },
    { { "kev_floor", "priority",
        "lowest priority asset rules leave a KEV threat at" },
      K_PRIORITY, AT(kev_floor), 0, 0, "high", NULL },
    { { "kev_ransomware_floor", "priority",
        "the same for KEV threats with known ransomware use" },
      K_PRIORITY, AT(kev_ransomware_floor), 0, 0, "critical", NULL },
    { { "asset_adjust", "bool",
        "let system criticality and production move the priority" },
      K_BOOL, AT(asset_adjust), 0, 1, "yes", NULL },
    { { "kev_due_date", "bool",
        "an earlier KEV due date replaces the SLA due date" },
      K_BOOL, AT(kev_due_date), 0, 1, "yes", NULL },
    { { "sla_critical_days", "days", "days to remediate a Critical" },
      K_DAYS, AT(sla_days[VIGIL_PRIORITY_CRITICAL]), 1, 3650, "7", NULL },
    { { "sla_high_days", "days", "days to remediate a High" },
      K_DAYS, AT(sla_days[VIGIL_PRIORITY_HIGH]), 1, 3650, "30", NULL },
    { { "sla_medium_days", "days", "days to remediate a Medium" },
      K_DAYS, AT(sla_days[VIGIL_PRIORITY_MEDIUM]), 1, 3650, "90", NULL },
    { { "sla_low_days", "days", "days to remediate a Low" },
      K_DAYS, AT(sla_days[VIGIL_PRIORITY_LOW]), 1, 3650, "180", NULL },
    { { "score_source", "cna|nvd|any",
        "whose CVSS score drives the priority first" },
      K_SOURCE, AT(score_source), 0, 0, "cna", sources },
    { { "score_version", "newest|any",
        "prefer the newest CVSS version among a source's scores" },
      K_CHOICE, AT(score_newest), 0, 0, "newest", versions },
    { { "score_scenario", "highest|lowest",
        "which of several scores of one source and version counts" },
      K_CHOICE, AT(score_highest), 0, 0, "highest", scenarios },
};

static const struct {
    const char *text;
    int value;
} booleans[] = {
    { "yes", 1 }, { "true", 1 }, { "on", 1 }, { "1", 1 },
    { "no", 0 },  { "false", 0 }, { "off", 0 }, { "0", 0 },
};

static const struct key_def *find_key(const char *name)
{
    size_t i;

    for (i = 0; name && i < VIGIL_ARRAY_SIZE(keys); i++)
        if (strcmp(keys[i].pub.name, name) == 0)
            return &keys[i];
    return NULL;
}

static int choice_index(const char *const *choices, const char *s)
{
    int i;

    for (i = 0; choices[i]; i++)
        if (vigil__strcasecmp(choices[i], s) == 0)
            return i;
    return -1;
}

static int parse_number(const struct key_def *k, const char *value,
                        double *out, struct vigil_error *err)
{
    char *end;
    double d;

    errno = 0;
    d = strtod(value, &end);
    if (end == value || *end != '\0' || errno == ERANGE || !isfinite(d))
        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid value '%.64s' "
                               "for policy key '%s': not a number", value,
                               k->pub.name);
    if (d < k->min || d > k->max)
        return vigil_error_set(err, VIGIL_ERANGE, 0, "invalid value '%.64s' "
                               "for policy key '%s': not in %g..%g", value,
                               k->pub.name, k->min, k->max);
    *out = d;
    return 0;
}

/* Reads value into an int: days, a boolean, or a choice index. */
static int parse_int(const struct key_def *k, const char *value, int *out,
                     struct vigil_error *err)
{
    long long ll;
    size_t i;
    int rc;

    if (k->kind == K_DAYS) {
        rc = vigil__parse_ll(value, (long long)k->min, (long long)k->max,
                             &ll);
        if (rc)
            return vigil_error_set(err, rc, 0, "invalid value '%.64s' for "
                                   "policy key '%s': not a whole number in "
                                   "%g..%g", value, k->pub.name, k->min,
                                   k->max);
        *out = (int)ll;
        return 0;
    }
    if (k->kind == K_BOOL) {
        for (i = 0; i < VIGIL_ARRAY_SIZE(booleans); i++) {
            if (vigil__strcasecmp(booleans[i].text, value) == 0) {
                *out = booleans[i].value;
                return 0;
            }
        }
        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid value '%.64s' "
                               "for policy key '%s': not yes or no", value,
                               k->pub.name);
    }
    *out = choice_index(k->choices, value);
    if (*out < 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid value '%.64s' "
                               "for policy key '%s': not one of %s", value,
                               k->pub.name, k->pub.type);
    return 0;
}

static int apply(struct vigil_policy *p, const struct key_def *k,
                 const char *value, struct vigil_error *err)
{
    char *field = (char *)p + k->offset;
    enum vigil_priority prio;
    double d = 0.0;
    int i = 0, rc;

    if (k->kind == K_NUMBER) {
        rc = parse_number(k, value, &d, err);
        if (rc == 0)
            memcpy(field, &d, sizeof(d));
        return rc;
    }
    if (k->kind == K_PRIORITY) {
        if (vigil_priority_from_name(value, &prio) != 0)
            return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid value "
                                   "'%.64s' for policy key '%s': not low, "
                                   "medium, high or critical", value,
                                   k->pub.name);
        memcpy(field, &prio, sizeof(prio));
        return 0;
    }
    rc = parse_int(k, value, &i, err);
    if (rc)
        return rc;
    if (k->kind == K_SOURCE) {
        enum vigil_score_source s = (enum vigil_score_source)i;

        memcpy(field, &s, sizeof(s));
    } else {
        memcpy(field, &i, sizeof(i));
    }
    return 0;
}

int vigil_policy_set(struct vigil_policy *p, const char *key,
                     const char *value, struct vigil_error *err)
{
    const struct key_def *k = find_key(key);

    if (!p || !value)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "no policy or value");
    if (!k)
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0, "unknown policy key "
                               "'%.64s'", key ? key : "");
    return apply(p, k, value, err);
}

void vigil_policy_init(struct vigil_policy *p)
{
    size_t i;

    memset(p, 0, sizeof(*p));
    for (i = 0; i < VIGIL_ARRAY_SIZE(keys); i++)
        if (apply(p, &keys[i], keys[i].defval, NULL) != 0)
            VIGIL_BUG("policy default does not parse");
}

int vigil_policy_get(const struct vigil_policy *p, const char *key,
                     char *out, size_t outlen)
{
    const struct key_def *k = find_key(key);
    const char *field;
    enum vigil_priority prio;
    enum vigil_score_source src;
    double d;
    int i;

    if (!k || !p)
        return VIGIL_ENOTFOUND;
    field = (const char *)p + k->offset;
    if (k->kind == K_NUMBER) {
        memcpy(&d, field, sizeof(d));
        snprintf(out, outlen, "%g", d);
    } else if (k->kind == K_PRIORITY) {
        memcpy(&prio, field, sizeof(prio));
        snprintf(out, outlen, "%s", vigil_priority_name(prio));
        out[0] = (char)vigil__tolower((unsigned char)out[0]);
    } else if (k->kind == K_SOURCE) {
        memcpy(&src, field, sizeof(src));
        snprintf(out, outlen, "%s", sources[src]);
    } else {
        memcpy(&i, field, sizeof(i));
        if (k->kind == K_DAYS)
            snprintf(out, outlen, "%d", i);
        else if (k->kind == K_BOOL)
            snprintf(out, outlen, "%s", i ? "yes" : "no");
        else
            snprintf(out, outlen, "%s", k->choices[i]);
    }
    return 0;
}

int vigil_policy_check(const struct vigil_policy *p, struct vigil_error *err)
{
    if (p->cvss_medium > p->cvss_high || p->cvss_high > p->cvss_critical)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid policy: "
                               "cvss_medium %g, cvss_high %g, cvss_critical "
                               "%g must not decrease", p->cvss_medium,
                               p->cvss_high, p->cvss_critical);
    return 0;
}

const struct vigil_policy_key *vigil_policy_key_at(size_t i)
{
    return i < VIGIL_ARRAY_SIZE(keys) ? &keys[i].pub : NULL;
}
