/*
 * explain.c - why an update has its priority and due date: the inputs,
 * the rules that fired, and the policy they ran under, as JSON.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/track.h"
#include "track_int.h"
#include "../internal.h"

struct explain {
    struct vigil_store *store;
    const struct vigil_policy *policy;
    struct vigil_buf *out;
    struct vigil_error *err;
    const struct vigil_update *u;
    int rc;
    int found;
};

static void key(struct vigil_buf *b, const char *k)
{
    if (b->len && b->ptr[b->len - 1] != '{')
        vigil_buf_adds(b, ", ");
    vigil_buf_add_json_str(b, k);
    vigil_buf_adds(b, ": ");
}

static void kstr(struct vigil_buf *b, const char *k, const char *v)
{
    key(b, k);
    if (v)
        vigil_buf_add_json_str(b, v);
    else
        vigil_buf_adds(b, "null");
}

static void date_or_null(struct vigil_buf *b, const char *k, time_t t)
{
    char d[16];

    key(b, k);
    if (!t) {
        vigil_buf_adds(b, "null");
        return;
    }
    vigil_date_format(t, d, sizeof(d));
    vigil_buf_add_json_str(b, d);
}

static void inputs_json(struct vigil_buf *b, const struct vigil__priority *pr,
                        const struct vigil_update_input *in)
{
    const struct vigil_policy_input *pi = &pr->in;

    key(b, "inputs");
    vigil_buf_adds(b, "{");
    key(b, "kev");
    vigil_buf_addf(b, "%s", pi->kev ? "true" : "false");
    key(b, "kev_ransomware");
    vigil_buf_addf(b, "%s", pi->kev_ransomware ? "true" : "false");
    date_or_null(b, "kev_due", pi->kev_due);
    key(b, "epss");
    if (pi->has_epss)
        vigil_buf_addf(b, "%.5f", pi->epss);
    else
        vigil_buf_adds(b, "null");
    key(b, "epss_percentile");
    if (pi->has_percentile)
        vigil_buf_addf(b, "%.5f", pi->percentile);
    else
        vigil_buf_adds(b, "null");
    kstr(b, "epss_date", in->epss_date);
    key(b, "cvss");
    if (pr->has_choice) {
        vigil_buf_adds(b, "{");
        kstr(b, "source", pr->choice_source);
        kstr(b, "vector", pr->choice_vector);
        key(b, "score");
        vigil_buf_addf(b, "%.1f", pr->choice.score);
        key(b, "recomputed");
        vigil_buf_adds(b, pr->choice.recomputed ? "true" : "false");
        kstr(b, "why", pr->choice.reason);
        vigil_buf_adds(b, "}");
    } else {
        vigil_buf_adds(b, "null");
    }
    kstr(b, "criticality", vigil_criticality_name(pi->criticality));
    key(b, "production");
    vigil_buf_adds(b, pi->production > 0 ? "true" : "false");
    kstr(b, "systems", in->systems);
    date_or_null(b, "identified", pi->identified);
    vigil_buf_adds(b, "}");
}

static void policy_json(struct vigil_buf *b, const struct vigil_policy *p)
{
    const struct vigil_policy_key *k;
    char v[64];
    size_t i;

    key(b, "policy");
    vigil_buf_adds(b, "{");
    for (i = 0; (k = vigil_policy_key_at(i)); i++) {
        if (vigil_policy_get(p, k->name, v, sizeof(v)) == 0)
            kstr(b, k->name, v);
    }
    vigil_buf_adds(b, "}");
}

static int explain_input(void *ctx, const struct vigil_update_input *in)
{
    struct explain *e = ctx;
    struct vigil__priority pr;
    struct vigil_buf *b = e->out;
    char id[32], due[16];
    size_t i;

    e->found = 1;
    e->rc = vigil__track_priority(e->store, e->policy, in,
                                  e->u->f[VIGIL_UF_IDENTIFIED], &pr);
    if (e->rc)
        return e->rc;
    snprintf(id, sizeof(id), "VU-%lld", e->u->id);
    vigil_buf_adds(b, "{");
    kstr(b, "id", id);
    kstr(b, "advisory", in->advisory);
    kstr(b, "priority", e->u->f[VIGIL_UF_PRIORITY]);
    kstr(b, "due", e->u->f[VIGIL_UF_DUE]);
    kstr(b, "computed_priority", pr.priority);
    vigil_date_format(pr.res.due, due, sizeof(due));
    kstr(b, "computed_due", due);
    key(b, "sla_days");
    vigil_buf_addf(b, "%d", pr.res.sla_days);
    key(b, "due_from_kev");
    vigil_buf_adds(b, pr.res.due_from_kev ? "true" : "false");
    key(b, "rules");
    vigil_buf_adds(b, "[");
    for (i = 0; i < pr.res.nreasons; i++) {
        if (i)
            vigil_buf_adds(b, ", ");
        vigil_buf_add_json_str(b, pr.res.reasons[i]);
    }
    vigil_buf_adds(b, "]");
    inputs_json(b, &pr, in);
    policy_json(b, e->policy);
    vigil_buf_adds(b, "}");
    return 0;
}

static int explain_update(void *ctx, const struct vigil_update *u)
{
    struct explain *e = ctx;

    e->u = u;
    return vigil_store_update_inputs(e->store, u->advisory_id, explain_input,
                                     e);
}

int vigil_track_explain(struct vigil_store *s, const struct vigil_policy *p,
                        long long id, struct vigil_buf *out,
                        struct vigil_error *err)
{
    struct explain e;
    int rc;

    memset(&e, 0, sizeof(e));
    e.store = s;
    e.policy = p;
    e.out = out;
    e.err = err;
    rc = vigil_store_update_get(s, id, explain_update, &e);
    if (rc == VIGIL_ENOTFOUND)
        return vigil_error_set(err, rc, 0, "no security update 'VU-%lld'",
                               id);
    if (rc)
        return vigil_error_set(err, rc, 0, "cannot explain 'VU-%lld': %s",
                               id, vigil_strerror(rc));
    if (!e.found)
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0,
                               "'VU-%lld' no longer affects any system, so "
                               "no priority is computed for it", id);
    return 0;
}
