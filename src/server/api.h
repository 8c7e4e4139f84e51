/*
 * api.h - what the handlers of the REST API (api*.c) share: paging,
 * JSON output helpers, reading a JSON body and turning library errors
 * into HTTP answers.
 */
#ifndef VIGIL_SERVER_API_H
#define VIGIL_SERVER_API_H

#include "server.h"

struct cJSON;

#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX 500

/* A page of a list: the items offset .. offset + limit - 1 of total. */
struct api_list {
    struct vigil_buf *b;
    long long limit, offset, total;
    int n;                       /* items written */
};

/*
 * Reads ?limit= (1..500, default 50) and ?offset= (>= 0) and starts
 * the body {"items": [.  Returns 0, or -1 after a 400 answer.
 */
int api_list_begin(struct req *r, struct resp *p, struct api_list *l);

/* Counts one item; 1 when it is on the page (a comma was written). */
int api_list_take(struct api_list *l);

/* Ends the body: ], total, limit, offset. */
void api_list_end(struct api_list *l);

/* "key": "value" (or null), with a leading comma unless first. */
void api_str(struct vigil_buf *b, const char *key, const char *v,
             int first);

/* The body as a JSON object; NULL after a 400 answer. */
struct cJSON *api_body(struct req *r, struct resp *p);

/* A string member of a JSON object; NULL when absent or not a string. */
const char *api_jstr(const struct cJSON *o, const char *key);

/*
 * Answers a failed library call: ENOTFOUND 404, EINVAL/ERANGE 400,
 * ESTATE/EEXIST 409, EBUSY 503, anything else 500 (whose message is not
 * shown, it may name files).  Returns 0.
 */
int api_fail(struct resp *p, int rc, const struct vigil_error *err);

/* Whether a query parameter is a true flag: "1", "true", "yes". */
int api_flag(const struct req *r, const char *key);

#endif
