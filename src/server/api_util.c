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

/* What body_scan finds that cJSON would take or report badly. */
enum body_fault {
    BODY_OK,
    BODY_NUL_ESCAPE,            /* \u0000: cJSON ends the string there, so
                                   "a\u0000b" would be stored as "a" */
    BODY_CONTROL,               /* a raw control byte in a string: RFC
                                   8259 wants it escaped, cJSON keeps it
                                   (and a NUL ends the string) */
    BODY_DEEP                   /* past API_BODY_DEPTH_MAX: cJSON's own
                                   limit (1000) fails as a syntax error */
};

/* One pass over the body, strings and nesting tracked; *at gets the
 * offset of the fault. */
static enum body_fault body_scan(const char *s, size_t len, size_t *at)
{
    size_t i, depth = 0;
    int in_string = 0;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        *at = i;
        if (in_string && c < 0x20)
            return BODY_CONTROL;
        if (in_string && c == '\\') {
            if (i + 5 < len && memcmp(s + i + 1, "u0000", 5) == 0)
                return BODY_NUL_ESCAPE;
            i++;                /* skip what the backslash escapes */
        } else if (c == '"') {
            in_string = !in_string;
        } else if (!in_string && (c == '[' || c == '{')) {
            if (++depth > API_BODY_DEPTH_MAX)
                return BODY_DEEP;
        } else if (!in_string && (c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return BODY_OK;
}

/* The name of a JSON value's type, for "not an object" messages. */
static const char *json_type(const cJSON *j)
{
    if (cJSON_IsArray(j))
        return "an array";
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsBool(j))
        return "a boolean";
    return "null";
}

/*
 * The checks of the body's text that come before cJSON reads it; 0, or
 * -1 after a 400 that says what is wrong and where.
 */
static int body_text_ok(const char *s, size_t n, struct resp *p)
{
    size_t at = strspn(s, " \t\r\n");

    if (at >= n)
        return resp_error(p, 400, "bad_body", "the body is empty; this "
                          "route takes a JSON object"), -1;
    if ((at = vigil__utf8_check(s, n)) < n)
        return resp_error(p, 400, "bad_body", "the body is not valid UTF-8 "
                          "at offset %zu", at), -1;
    switch (body_scan(s, n, &at)) {
    case BODY_NUL_ESCAPE:
        return resp_error(p, 400, "bad_body", "the body has a NUL "
                          "character (\\u0000) in a string at offset %zu",
                          at), -1;
    case BODY_CONTROL:
        return resp_error(p, 400, "bad_body", "the body is not valid JSON "
                          "at offset %zu: a control character in a string "
                          "must be escaped", at), -1;
    case BODY_DEEP:
        return resp_error(p, 400, "bad_body", "the body is nested deeper "
                          "than %d levels at offset %zu", API_BODY_DEPTH_MAX,
                          at), -1;
    case BODY_OK:
        break;
    }
    return 0;
}

/*
 * Parses the body, which must be one JSON object and nothing but white
 * space after it; NULL after a 400 that says what is wrong and where.
 */
static cJSON *body_object(struct req *r, struct resp *p)
{
    const char *s = r->body, *end = NULL;
    size_t n = r->body_len, at;
    int escape;
    cJSON *j;

    if (body_text_ok(s, n, p) != 0)
        return NULL;

    /* the end pointer, not cJSON_GetErrorPtr: that one is a global
     * shared by the server's threads */
    if (!(j = cJSON_ParseWithLengthOpts(s, n, &end, 0))) {
        at = end ? (size_t)(end - s) : 0;
        escape = at + 1 < n && s[at] == '\\' && s[at + 1] == 'u';
        return resp_error(p, 400, "bad_body", "the body is not valid JSON "
                          "at offset %zu%s", at, escape ? ": its \\u escape "
                          "is a lone surrogate or not 4 hex digits" : ""),
               NULL;
    }
    if (!cJSON_IsObject(j)) {
        resp_error(p, 400, "bad_body", "the body is valid JSON but %s, not "
                   "an object", json_type(j));
        cJSON_Delete(j);
        return NULL;
    }
    end += strspn(end, " \t\r\n");
    if (end != s + n) {
        cJSON_Delete(j);
        return resp_error(p, 400, "bad_body", "the body has text after its "
                          "JSON object, at offset %zu",
                          (size_t)(end - s)), NULL;
    }
    return j;
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
    const char *dup = NULL;
    cJSON *j = body_object(r, p);

    if (!j)
        return NULL;
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
