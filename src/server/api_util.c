/*
 * api_util.c - paging, JSON helpers and error mapping shared by the
 * REST API handlers.
 */
#include <cJSON.h>
#include <string.h>

#include "api.h"
#include "../internal.h"

static int number_param(struct req *r, struct resp *p, const char *key,
                        long long min, long long max, long long *out)
{
    const char *v = req_query(r, key);

    if (!v)
        return 0;
    if (vigil__parse_ll(v, min, max, out) != 0) {
        resp_error(p, 400, "bad_parameter", "'%s' takes a number from "
                   "%lld to %lld", key, min, max);
        return -1;
    }
    return 0;
}

int api_list_begin(struct req *r, struct resp *p, struct api_list *l)
{
    memset(l, 0, sizeof(*l));
    l->b = &p->body;
    l->limit = API_LIMIT_DEFAULT;
    if (number_param(r, p, "limit", 1, API_LIMIT_MAX, &l->limit) != 0 ||
        number_param(r, p, "offset", 0, (long long)1 << 40, &l->offset))
        return -1;
    vigil_buf_adds(l->b, "{\"items\": [");
    return 0;
}

/* LIMIT: pages are counted off the full ordered list, so a large
 * offset costs a scan and a changing list may shift a page.  See
 * docs/LIMITS.md#http-list-offset. */
int api_list_take(struct api_list *l)
{
    long long i = l->total++;

    if (i < l->offset || i >= l->offset + l->limit)
        return 0;
    if (l->n++)
        vigil_buf_adds(l->b, ", ");
    return 1;
}

void api_list_end(struct api_list *l)
{
    vigil_buf_addf(l->b, "], \"total\": %lld, \"limit\": %lld, "
                   "\"offset\": %lld}\n", l->total, l->limit, l->offset);
}

/* Whether an object repeats a member name; cJSON would give the first
 * and hide the others, so a body could mean two things. */
static int has_duplicate(const cJSON *o, const char **dup)
{
    const cJSON *a, *b;

    for (a = o->child; a; a = a->next)
        for (b = a->next; b; b = b->next)
            if (strcmp(a->string, b->string) == 0) {
                *dup = a->string;
                return 1;
            }
    return 0;
}

/*
 * 1 when the text has the escape \u0000: cJSON ends the string there,
 * so "a\u0000b" would be stored as "a" without a word.
 */
static int has_nul_escape(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == 'u' && i + 5 < len && strncmp(s + i + 2, "0000",
                                                      4) == 0)
            return 1;
        i++;                    /* skip what the backslash escapes */
    }
    return 0;
}

int api_members(struct resp *p, const cJSON *o, const char *where,
                const char *const *names)
{
    const char *dot = *where ? "." : "", *dup = NULL;
    const cJSON *k;
    size_t i;

    if (has_duplicate(o, &dup))
        return resp_error(p, 400, "bad_body", "the member '%s%s%.64s' is "
                          "given twice", where, dot, dup), -1;
    cJSON_ArrayForEach(k, o) {
        for (i = 0; names[i] && strcmp(names[i], k->string) != 0; i++)
            ;
        if (!names[i])
            return resp_error(p, 400, "invalid", "unknown member "
                              "'%s%s%.64s'", where, dot, k->string), -1;
    }
    return 0;
}

cJSON *api_body(struct req *r, struct resp *p, const char *const *members)
{
    const char *end = NULL, *dup = NULL;
    cJSON *j = NULL;

    if (has_nul_escape(r->body, r->body_len)) {
        resp_error(p, 400, "bad_body", "the body has a NUL character "
                   "(\\u0000) in a string");
        return NULL;
    }
    if (r->body_len)
        j = cJSON_ParseWithLengthOpts(r->body, r->body_len, &end, 0);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        resp_error(p, 400, "bad_body", "the body must be a JSON object");
        return NULL;
    }

    /* the whole body is the object: only white space may follow */
    while (end < r->body + r->body_len && strchr(" \t\r\n", *end) &&
           *end)
        end++;
    if (end != r->body + r->body_len) {
        cJSON_Delete(j);
        resp_error(p, 400, "bad_body", "the body has text after its JSON "
                   "object");
        return NULL;
    }
    if (cJSON_GetArraySize(j) > API_BODY_MEMBERS_MAX) {
        cJSON_Delete(j);
        resp_error(p, 400, "bad_body", "the body has more than %d members",
                   API_BODY_MEMBERS_MAX);
        return NULL;
    }
    if (has_duplicate(j, &dup)) {
        resp_error(p, 400, "bad_body", "the member '%.64s' is given twice",
                   dup);
        cJSON_Delete(j);
        return NULL;
    }
    if (members && api_members(p, j, "", members) != 0) {
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

const char *api_jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int api_fail(struct resp *p, int rc, const struct vigil_error *err)
{
    const char *msg = err && err->msg[0] ? err->msg : vigil_strerror(rc);

    switch (rc) {
    case VIGIL_ENOTFOUND:
        return resp_error(p, 404, "not_found", "%s", msg);
    /* a field over its limit is a bad value like any other: 413 is the
     * core's, for a body over --max-body */
    case VIGIL_EINVAL:
    case VIGIL_ERANGE:
    case VIGIL_ELIMIT:
        return resp_error(p, 400, "invalid", "%s", msg);
    case VIGIL_ESTATE:
    case VIGIL_EEXIST:
        return resp_error(p, 409, "conflict", "%s", msg);
    case VIGIL_EBUSY:
        return resp_error(p, 503, "busy", "the database is busy; retry");
    default:
        vigil_log(VIGIL_LOG_ERROR, "api: %s", msg);
        return resp_error(p, 500, "internal", "the request failed");
    }
}

int api_flag(struct req *r, struct resp *p, const char *key, int *on)
{
    const char *v = req_query(r, key);

    *on = 0;
    if (!v)
        return 0;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
        *on = 1;
    else if (strcmp(v, "0") != 0 && strcmp(v, "false") != 0)
        return resp_error(p, 400, "bad_parameter", "'%s' takes 1, 0, true "
                          "or false", key), -1;
    return 0;
}

int api_q(struct req *r, struct resp *p, const char **q)
{
    const char *a = req_query(r, "q"), *b = req_query(r, "text");

    if (a && b)
        return resp_error(p, 400, "bad_parameter", "give 'q' or its alias "
                          "'text', not both"), -1;
    *q = a ? a : b;
    return 0;
}

int api_since(struct req *r, struct resp *p, const char **since)
{
    const char *v = req_query(r, "since");
    time_t t;

    if (v && vigil_time_parse(v, &t) != 0)
        return resp_error(p, 400, "bad_parameter", "'since' takes a date "
                          "YYYY-MM-DD"), -1;
    *since = v;
    return 0;
}
