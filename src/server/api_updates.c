/*
 * api_updates.c - /api/v1/updates: the list with the filters of
 * vigil list, one update with its history, and the workflow changes
 * (status, assignee, note, risk acceptance, verification) made through
 * the library in one transaction, recorded under the acting user.
 */
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

#include "vigil/track.h"
#include "api.h"
#include "../internal.h"

int api_words(struct req *r, const char *q, const char **words, int max)
{
    char *copy, *save = NULL, *w;
    int n = 0;

    if (!q || !(copy = vigil_arena_strdup(r->arena, q)))
        return 0;
    for (w = strtok_r(copy, " \t", &save); w && n < max;
         w = strtok_r(NULL, " \t", &save))
        words[n++] = w;
    return n;
}

/* ---- the list ---- */

static int in_list(const char *v, const char *const *list, size_t n,
                   int nocase)
{
    size_t i;

    for (i = 0; i < n; i++)
        if ((nocase ? vigil__strcasecmp(v, list[i]) : strcmp(v, list[i]))
            == 0)
            return 1;
    return 0;
}

/* The filter's words must name a priority, a state and an order. */
static int check_filter(struct resp *p, const struct vigil_update_filter *f)
{
    static const char *const sorts[] = { "priority", "due", "id",
                                         "updated" };
    static const char *const prios[] = { "critical", "high", "medium",
                                         "low" };

    if (f->priority && !in_list(f->priority, prios, 4, 1))
        return resp_error(p, 400, "bad_parameter", "'priority' takes "
                          "critical, high, medium or low"), -1;
    if (f->status && strcmp(f->status, "open") != 0 &&
        !vigil_track_valid_state(f->status))
        return resp_error(p, 400, "bad_parameter", "unknown state '%s'",
                          f->status), -1;
    if (f->sort && !in_list(f->sort, sorts, 4, 0))
        return resp_error(p, 400, "bad_parameter", "'sort' takes "
                          "priority, due, id or updated"), -1;
    return 0;
}

static int list_one(void *ctx, const struct vigil_update *u)
{
    struct api_list *l = ctx;

    if (api_list_take(l)) {
        vigil_track_update_fields_json(l->b, u);
        vigil_buf_adds(l->b, "}");
    }
    return 0;
}

int api_updates(struct req *r, struct resp *p)
{
    struct vigil_update_filter f;
    const char *words[8], *q;
    char today[16];
    struct api_list l;
    int rc;

    memset(&f, 0, sizeof(f));
    f.status = req_query(r, "status");
    f.priority = req_query(r, "priority");
    f.assignee = req_query(r, "assignee");
    f.system = req_query(r, "system");
    f.source = req_query(r, "source");
    f.sort = req_query(r, "sort");
    if (api_flag(r, p, "kev", &f.kev) != 0 ||
        api_flag(r, p, "overdue", &f.overdue) != 0 || api_q(r, p, &q) != 0)
        return 0;
    f.nwords = api_words(r, q, words, 8);
    f.words = words;
    vigil_date_format(vigil_now(), today, sizeof(today));
    f.today = today;
    if (check_filter(p, &f) != 0 || api_list_begin(r, p, &l) != 0)
        return 0;
    if ((rc = vigil_store_updates_where(r->store, &f, list_one, &l)) != 0)
        return api_fail(p, rc, NULL);
    api_list_end(&l);
    return 0;
}

/* ---- one update ---- */

static int update_id(struct req *r, struct resp *p, long long *id)
{
    if (vigil_track_parse_id(req_param(r, 0), id) != 0)
        return resp_error(p, 404, "not_found", "no security update '%s'",
                          req_param(r, 0)), -1;
    return 0;
}

int api_update(struct req *r, struct resp *p)
{
    long long id;
    int rc;

    if (update_id(r, p, &id) != 0)
        return 0;
    rc = vigil_track_update_json(r->store, id, &p->body);
    if (rc == VIGIL_ENOTFOUND)
        return resp_error(p, 404, "not_found", "no security update '%s'",
                          req_param(r, 0));
    return rc ? api_fail(p, rc, NULL) : vigil_buf_adds(&p->body, "\n");
}

/* ---- changes ---- */

/* One change a body may ask for, applied in table order. */
struct change {
    const char *key;
    const char *const *members;  /* of an object value; NULL: no object */
    int (*apply)(struct vigil_store *s, long long id, const cJSON *v,
                 const cJSON *body, const char *actor,
                 struct vigil_error *err);
};

static int need_str(const cJSON *v, const char *key, struct vigil_error *err)
{
    if (cJSON_IsString(v) && v->valuestring[0])
        return 0;
    return vigil_error_set(err, VIGIL_EINVAL, 0, "'%s' must be a "
                           "non-empty string", key);
}

static int do_assign(struct vigil_store *s, long long id, const cJSON *v,
                     const cJSON *body, const char *actor,
                     struct vigil_error *err)
{
    int rc = need_str(v, "assignee", err);

    return rc ? rc : vigil_track_assign(s, id, v->valuestring, actor,
                                        api_jstr(body, "reason"), err);
}

static int do_status(struct vigil_store *s, long long id, const cJSON *v,
                     const cJSON *body, const char *actor,
                     struct vigil_error *err)
{
    int rc = need_str(v, "status", err);

    /* the library's refusal names the CLI's command; this is the API */
    if (!rc && strcmp(v->valuestring, "risk_accepted") == 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "'status' cannot be "
                               "risk_accepted; accept the risk with "
                               "\"accept_risk\": {\"until\": "
                               "\"YYYY-MM-DD\", \"reason\": \"...\"}");
    return rc ? rc : vigil_track_transition(s, id, v->valuestring, actor,
                                            api_jstr(body, "reason"), err);
}

static int do_accept(struct vigil_store *s, long long id, const cJSON *v,
                     const cJSON *body, const char *actor,
                     struct vigil_error *err)
{
    const char *until = api_jstr(v, "until"), *why = api_jstr(v, "reason");

    (void)body;
    if (!cJSON_IsObject(v) || !until || !why || !*why)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "'accept_risk' takes "
                               "{\"until\": \"YYYY-MM-DD\", \"reason\": "
                               "\"...\"}");
    return vigil_track_accept_risk(s, id, until, why, actor, err);
}

static int do_verify(struct vigil_store *s, long long id, const cJSON *v,
                     const cJSON *body, const char *actor,
                     struct vigil_error *err)
{
    const char *method = api_jstr(v, "method");

    (void)body;
    if (!cJSON_IsObject(v) || !method || !*method)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "'verify' takes "
                               "{\"method\": \"...\"}");
    return vigil_track_verify(s, id, method, actor, err);
}

static int do_note(struct vigil_store *s, long long id, const cJSON *v,
                   const cJSON *body, const char *actor,
                   struct vigil_error *err)
{
    int rc = need_str(v, "note", err);

    (void)body;
    return rc ? rc : vigil_track_note(s, id, v->valuestring, actor, err);
}

static const char *const risk_members[] = { "until", "reason", NULL };
static const char *const verify_members[] = { "method", NULL };

static const struct change changes[] = {
    { "assignee", NULL, do_assign },
    { "status", NULL, do_status },
    { "accept_risk", risk_members, do_accept },
    { "verify", verify_members, do_verify },
    { "note", NULL, do_note },
};

/* Every key of the body, and of its objects, must be known; at least
 * one change. */
static int check_keys(struct resp *p, const cJSON *body)
{
    const cJSON *k;
    size_t i;
    int n = 0;

    cJSON_ArrayForEach(k, body) {
        for (i = 0; i < VIGIL_ARRAY_SIZE(changes); i++)
            if (strcmp(k->string, changes[i].key) == 0)
                break;
        if (i == VIGIL_ARRAY_SIZE(changes)) {
            if (strcmp(k->string, "reason") != 0)
                return resp_error(p, 400, "invalid", "unknown member "
                                  "'%.64s'", k->string), -1;
            continue;
        }
        n++;
        if (changes[i].members && cJSON_IsObject(k) &&
            api_members(p, k, k->string, changes[i].members) != 0)
            return -1;
    }
    if (n == 0)
        return resp_error(p, 400, "invalid", "nothing to change: give "
                          "status, assignee, note, accept_risk or "
                          "verify"), -1;
    return 0;
}

static int apply_all(struct req *r, long long id, const cJSON *body,
                     struct vigil_error *err)
{
    const cJSON *v;
    size_t i;
    int rc;

    if ((rc = vigil_store_begin(r->store, err)) != 0)
        return rc;
    for (i = 0; i < VIGIL_ARRAY_SIZE(changes); i++) {
        v = cJSON_GetObjectItemCaseSensitive(body, changes[i].key);
        if (v && (rc = changes[i].apply(r->store, id, v, body, r->who.name,
                                        err)) != 0) {
            vigil_store_rollback(r->store);
            return rc;
        }
    }
    return vigil_store_commit(r->store, err);
}

int api_update_change(struct req *r, struct resp *p)
{
    struct vigil_error err;
    cJSON *body;
    long long id;
    int rc;

    if (update_id(r, p, &id) != 0 || !(body = api_body(r, p, NULL)))
        return 0;
    vigil_error_clear(&err);
    if (check_keys(p, body) == 0) {
        rc = vigil_track_update_json(r->store, id, &p->body);
        vigil_buf_reset(&p->body);
        if (rc == 0)
            rc = apply_all(r, id, body, &err);
        if (rc == 0)
            rc = vigil_track_update_json(r->store, id, &p->body);
        if (rc == 0)
            vigil_buf_adds(&p->body, "\n");
        if (rc == VIGIL_ENOTFOUND)
            resp_error(p, 404, "not_found", "no security update '%s'",
                       req_param(r, 0));
        else if (rc)
            api_fail(p, rc, &err);
    }
    cJSON_Delete(body);
    return 0;
}
