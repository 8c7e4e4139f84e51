/*
 * rule.c - alert rules: validation before they are stored, and
 * vigil rule test, which runs a rule over the stored events and shows
 * the messages it would have sent, grouped as delivery would group
 * them, without sending anything.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/pattern.h"
#include "alert_int.h"
#include "../internal.h"

#define NAME_MAX_LEN 64

static int valid_name(const char *n)
{
    size_t i;

    for (i = 0; n[i]; i++)
        if (!vigil__isalnum((unsigned char)n[i]) && !strchr("-_.", n[i]))
            return 0;
    return i > 0 && i <= NAME_MAX_LEN;
}

int vigil_alert_rule_add(struct vigil_store *s,
                         const struct vigil_alert_rule *r, long long *id,
                         struct vigil_error *err)
{
    struct vigil_target *t;
    int rc;

    if (!r->name || !valid_name(r->name))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "bad rule name '%s': use 1 to %d letters, "
                               "digits, '-', '_' or '.'",
                               r->name ? r->name : "", NAME_MAX_LEN);
    if (r->max_per_hour < 0 || r->max_per_hour > VIGIL_ALERT_MAX_PER_HOUR)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "max per hour must be 0 to %d",
                               VIGIL_ALERT_MAX_PER_HOUR);
    if (r->max_attempts < 0 || r->max_attempts > 100)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "max attempts must be 1 to 100");
    if (r->digest && r->max_per_hour)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "a digest rule sends one message a period; "
                               "max per hour is for immediate rules");
    if ((rc = vigil_target_parse(r->target, &t, err)))
        return rc;
    if (r->secret && t->kind != VIGIL_TARGET_HTTP)
        rc = vigil_error_set(err, VIGIL_EINVAL, 0,
                             "a secret signs webhooks; the target of rule "
                             "'%s' is not http or https", r->name);
    vigil_target_free(t);
    if (rc)
        return rc;
    return vigil_store_alert_rule_add(s, r, id, err);
}

/* ---- rule test ---- */

struct test_run {
    struct vigil_pattern *pattern;
    char *name, *digest;
    long long max_per_hour;
    struct vigil__alert_msg batch;   /* the digest or summary filling */
    int has_batch;
    char hour[32];
    long long in_hour;               /* single messages in that hour */
    vigil_alert_preview_fn fn;
    void *ctx;
    struct vigil_error *err;
};

static void period_of(time_t t, char kind, char *out, size_t len)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, len, kind == 'h' ? "%Y-%m-%dT%H"
                       : kind == 'd' ? "%Y-%m-%d" : "%G-W%V", &tm);
}

static int emit(struct test_run *r, struct vigil__alert_msg *m)
{
    struct vigil_buf subj = VIGIL_BUF_INIT, text = VIGIL_BUF_INIT,
                     json = VIGIL_BUF_INIT, ids = VIGIL_BUF_INIT;
    struct vigil_alert_preview p;
    int rc;

    m->max_per_hour = r->max_per_hour;
    if (strcmp(m->kind, "event") == 0)
        vigil__alert_msg_key(m, 0);
    else
        snprintf(m->key, sizeof(m->key), "%s-%s", m->kind, m->period);
    vigil__alert_subject(m, &subj);
    vigil__alert_text(m, &text);
    vigil__alert_ids(m, &ids);
    rc = vigil__alert_json(m, VIGIL_FORMAT_JSON, &json);
    memset(&p, 0, sizeof(p));
    p.kind = m->kind;
    p.period = m->period;
    p.key = m->key;
    p.nevents = m->n;
    p.ids = ids.ptr;
    p.subject = subj.ptr;
    p.text = text.ptr;
    p.json = json.ptr;
    if (!rc && (!subj.ptr || !text.ptr || !ids.ptr))
        rc = VIGIL_ENOMEM;
    if (!rc)
        rc = r->fn(r->ctx, &p);
    vigil_buf_release(&subj);
    vigil_buf_release(&text);
    vigil_buf_release(&json);
    vigil_buf_release(&ids);
    return rc;
}

static int flush_batch(struct test_run *r)
{
    int rc = 0;

    if (r->has_batch)
        rc = emit(r, &r->batch);
    if (r->has_batch)
        vigil__alert_msg_release(&r->batch);
    r->has_batch = 0;
    return rc;
}

/* Adds e to the batch of kind and period, sending the old one first. */
static int batch_add(struct test_run *r, const char *kind,
                     const char *period, const struct vigil_event_row *e)
{
    int rc;

    if (r->has_batch && strcmp(r->batch.period, period) != 0 &&
        (rc = flush_batch(r)))
        return rc;
    if (!r->has_batch) {
        vigil__alert_msg_init(&r->batch, r->name, kind, period);
        r->has_batch = 1;
    }
    return vigil__alert_msg_add(&r->batch, e);
}

static int single(struct test_run *r, const char *hour,
                  const struct vigil_event_row *e)
{
    struct vigil__alert_msg m;
    int rc;

    if (strcmp(r->hour, hour) != 0) {
        snprintf(r->hour, sizeof(r->hour), "%s", hour);
        r->in_hour = 0;
    }
    if (r->max_per_hour > 0 && r->in_hour >= r->max_per_hour)
        return batch_add(r, "summary", hour, e);
    r->in_hour++;
    vigil__alert_msg_init(&m, r->name, "event", hour);
    rc = vigil__alert_msg_add(&m, e);
    if (!rc)
        rc = emit(r, &m);
    vigil__alert_msg_release(&m);
    return rc;
}

static cJSON *envelope(const struct vigil_event_row *e)
{
    cJSON *o = cJSON_CreateObject(), *d = cJSON_Parse(e->detail);

    if (!o || !d) {
        cJSON_Delete(o);
        cJSON_Delete(d);
        return NULL;
    }
    cJSON_AddNumberToObject(o, "id", (double)e->id);
    cJSON_AddStringToObject(o, "type", e->type);
    cJSON_AddStringToObject(o, "time", e->time);
    cJSON_AddStringToObject(o, "source", e->source);
    cJSON_AddItemToObject(o, "detail", d);
    return o;
}

static int test_event(void *ctx, const struct vigil_event_row *e)
{
    struct test_run *r = ctx;
    char period[32];
    time_t t;
    cJSON *env = envelope(e);
    int hit = 0, rc;

    if (!env)
        return 0;
    rc = vigil_pattern_match_json(r->pattern, env, &hit, r->err);
    cJSON_Delete(env);
    if (rc || !hit)
        return rc;
    if (vigil_time_parse(e->time, &t) != 0)
        t = vigil_now();
    if (r->digest) {
        period_of(t, r->digest[0], period, sizeof(period));
        return batch_add(r, "digest", period, e);
    }
    period_of(t, 'h', period, sizeof(period));
    if (r->has_batch && strcmp(r->batch.period, period) != 0 &&
        (rc = flush_batch(r)))
        return rc;
    return single(r, period, e);
}

static int got_rule(void *ctx, const struct vigil_alert_rule *rule)
{
    struct test_run *r = ctx;
    int rc;

    r->max_per_hour = rule->max_per_hour;
    r->name = vigil__strdup0(rule->name);
    r->digest = vigil__strdup0(rule->digest);
    if (!r->name || (rule->digest && !r->digest))
        return VIGIL_ENOMEM;
    rc = vigil_pattern_compile(rule->pattern, strlen(rule->pattern),
                               &r->pattern, r->err);
    return rc;
}

int vigil_alert_rule_test(struct vigil_store *s, const char *name,
                          const char *since, vigil_alert_preview_fn fn,
                          void *ctx, struct vigil_error *err)
{
    struct test_run r;
    int rc;

    memset(&r, 0, sizeof(r));
    r.fn = fn;
    r.ctx = ctx;
    r.err = err;
    rc = vigil_store_alert_rules(s, name, got_rule, &r);
    if (rc == VIGIL_ENOTFOUND)
        rc = vigil_error_set(err, rc, 0, "no alert rule '%s'", name);
    if (!rc)
        rc = vigil_store_events(s, since, test_event, &r);
    if (!rc)
        rc = flush_batch(&r);
    if (r.has_batch)
        vigil__alert_msg_release(&r.batch);
    vigil_pattern_free(r.pattern);
    free(r.name);
    free(r.digest);
    return rc;
}
