/*
 * record.c - building one struct vigil_finding in the document arena,
 * delivering it or reporting why it was rejected, and the small value
 * helpers both finding formats share: CVE ids in free text, times,
 * numbers and severity bands.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "vigil/finding.h"
#include "finding_int.h"
#include "../feed/feed_int.h"
#include "../internal.h"

void vigil__finding_rec_init(struct finding_rec *r, struct finding_doc *d,
                             const char *format, const char *record)
{
    memset(r, 0, sizeof(*r));
    r->doc = d;
    r->arena = &d->arena;
    r->f.format = format;
    snprintf(r->record, sizeof(r->record), "%s", record);
}

int vigil__finding_fail(struct finding_rec *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->why, sizeof(r->why), fmt, ap);
    va_end(ap);
    return VIGIL_EPARSE;
}

static void reject(struct finding_rec *r)
{
    struct finding_doc *d = r->doc;
    struct vigil_error err;

    vigil_error_clear(&err);
    err.code = VIGIL_EPARSE;
    snprintf(err.record, sizeof(err.record), "%s",
             r->f.id ? r->f.id : r->record);
    snprintf(err.msg, sizeof(err.msg), "cannot read finding '%s': %s",
             err.record, r->why[0] ? r->why : "malformed");
    d->nrejected++;
    if (d->sink->on_error)
        d->sink->on_error(d->sink->ctx, &err);
}

static int deliver(struct finding_rec *r, const cJSON *item)
{
    struct finding_doc *d = r->doc;
    char *printed;
    int rc = 0;

    printed = cJSON_PrintUnformatted(item);
    if (!printed)
        return VIGIL_ENOMEM;
    r->f.raw = printed;
    r->f.raw_len = strlen(printed);
    d->nfindings++;
    if (d->sink->on_finding)
        rc = d->sink->on_finding(d->sink->ctx, &r->f);
    if (rc)
        d->stopped = 1;
    free(printed);
    return rc;
}

int vigil__finding_finish(struct finding_rec *r, int rc, const cJSON *item)
{
    if (rc == 0) {
        rc = deliver(r, item);
    } else if (rc == VIGIL_EPARSE) {
        reject(r);
        rc = 0;
    }
    vigil_arena_reset(r->arena);
    return rc;
}

/*
 * Length of the CVE id that starts at p ("CVE-", four digits, "-",
 * four or more digits; letters in any case), or 0.  p is
 * NUL-terminated and every test stops at the NUL.
 */
static size_t cve_len(const char *p)
{
    size_t i, n = 0;

    if (vigil__tolower((unsigned char)p[0]) != 'c' ||
        vigil__tolower((unsigned char)p[1]) != 'v' ||
        vigil__tolower((unsigned char)p[2]) != 'e' || p[3] != '-')
        return 0;
    for (i = 4; i < 8; i++)
        if (!vigil__isdigit((unsigned char)p[i]))
            return 0;
    if (p[8] != '-')
        return 0;
    while (vigil__isdigit((unsigned char)p[9 + n]))
        n++;
    return n >= 4 ? 9 + n : 0;
}

/* Whether the n bytes at p, in any case, are the stored upper-case id. */
static int same_cve(const char *stored, const char *p, size_t n)
{
    size_t i;

    if (strlen(stored) != n)
        return 0;
    for (i = 0; i < n; i++)
        if (stored[i] != vigil__toupper((unsigned char)p[i]))
            return 0;
    return 1;
}

static int known_cve(const struct vigil_finding *f, const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < f->ncves; i++)
        if (same_cve(f->cves[i], p, n))
            return 1;
    return 0;
}

static int add_cve(struct finding_rec *r, const char *p, size_t n)
{
    struct vigil_finding *f = &r->f;
    char *id;

    if (known_cve(f, p, n))
        return 0;
    if (f->ncves >= FINDING_MAX_CVES) {
        vigil_log(VIGIL_LOG_DEBUG, "%s: '%s': more than %d CVE ids, "
                  "dropping '%.*s'", r->doc->origin, r->record,
                  FINDING_MAX_CVES, (int)n, p);
        return 0;
    }
    id = vigil_arena_strndup(r->arena, p, n);
    f->cves = vigil__feed_grow(r->arena, (void *)f->cves, f->ncves,
                               sizeof(*f->cves));
    if (!id || !f->cves)
        return VIGIL_ENOMEM;
    id[0] = (char)vigil__toupper((unsigned char)id[0]);
    id[1] = (char)vigil__toupper((unsigned char)id[1]);
    id[2] = (char)vigil__toupper((unsigned char)id[2]);
    f->cves[f->ncves++] = id;
    return 0;
}

int vigil__finding_scan_cves(struct finding_rec *r, const char *text)
{
    size_t i, n;
    int rc;

    if (!text)
        return 0;
    for (i = 0; text[i]; i++) {
        /* "XCVE-..." or "1CVE-..." is part of some other token */
        if (i > 0 && vigil__isalnum((unsigned char)text[i - 1]))
            continue;
        n = cve_len(text + i);
        if (n == 0)
            continue;
        rc = add_cve(r, text + i, n);
        if (rc)
            return rc;
        i += n - 1;
    }
    return 0;
}

const char *vigil__finding_time(struct finding_rec *r, const char *s)
{
    time_t t;
    char *out;

    if (!s)
        return NULL;
    if (vigil_time_parse(s, &t) != 0) {
        vigil_log(VIGIL_LOG_DEBUG, "%s: '%s': ignoring time '%s'",
                  r->doc->origin, r->record, s);
        return NULL;
    }
    out = vigil_arena_alloc(r->arena, 32);
    if (out)
        vigil_time_format(t, out, 32);
    return out;
}

int vigil__finding_number(const cJSON *v, double *out)
{
    const char *s;
    char *end;
    double x;

    if (cJSON_IsNumber(v)) {
        x = v->valuedouble;
    } else if (cJSON_IsString(v) && v->valuestring) {
        s = v->valuestring;
        /* strtod would skip leading space and read "nan", "inf", hex */
        if (!(vigil__isdigit((unsigned char)s[0]) || s[0] == '-' ||
              s[0] == '.') || strpbrk(s, "xXnNiI"))
            return 0;
        errno = 0;
        x = strtod(s, &end);
        if (end == s || *end != '\0' || errno == ERANGE)
            return 0;
    } else {
        return 0;
    }
    if (!isfinite(x))
        return 0;
    *out = x;
    return 1;
}

const char *vigil__finding_label(double severity)
{
    if (severity >= 9.0)
        return "CRITICAL";
    if (severity >= 7.0)
        return "HIGH";
    if (severity >= 4.0)
        return "MEDIUM";
    if (severity > 0.0)
        return "LOW";
    return "INFORMATIONAL";
}
