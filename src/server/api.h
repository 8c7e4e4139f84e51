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

/* Members of a body at most: every route takes a handful. */
#define API_BODY_MEMBERS_MAX 64

/* Arrays and objects nested in a body at most: the deepest body, an
 * alert rule's, holds a pattern of up to 16 objects with an array ($or)
 * between each two and one of values in the last: 33 levels. */
#define API_BODY_DEPTH_MAX 40

/*
 * Checks that object o has only the members names (NULL-terminated)
 * and none twice, so that a misspelt member is an error rather than a
 * silently ignored wish.  where names o in the message: "" for the body
 * itself, "accept_risk" for a member's object (giving
 * "unknown member 'accept_risk.extra'").  Returns 0, or -1 after a 400
 * answer.
 */
int api_members(struct resp *p, const struct cJSON *o, const char *where,
                const char *const *names);

/*
 * The body as a JSON object; NULL after a 400 answer that says what is
 * wrong and, for text that does not parse, at which offset.  Refused:
 * an empty body, one that is not UTF-8, not JSON (a lone surrogate, a
 * raw control character in a string and the escape \u0000 included),
 * nested deeper than API_BODY_DEPTH_MAX, JSON but not an object,
 * anything but white space after the object, a member name given twice
 * at the top level, more than API_BODY_MEMBERS_MAX members, and when
 * members (NULL-terminated) is not NULL, a member not in it (see
 * api_members).
 */
struct cJSON *api_body(struct req *r, struct resp *p,
                       const char *const *members);

/* A string member of a JSON object; NULL when absent or not a string. */
const char *api_jstr(const struct cJSON *o, const char *key);

/*
 * Answers a failed library call: ENOTFOUND 404, EINVAL/ERANGE/ELIMIT
 * (a field too long) 400, ESTATE/EEXIST 409, EBUSY 503, anything else
 * 500 (whose message is not shown, it may name files).  Returns 0.
 */
int api_fail(struct resp *p, int rc, const struct vigil_error *err);

/* A flag parameter: 1, true, 0 or false (absent: 0) into *on.
 * Returns 0, or -1 after a 400 answer. */
int api_flag(struct req *r, struct resp *p, const char *key, int *on);

/* The search words: ?q=, or ?text= (the CLI's word), not both; NULL
 * when absent.  Returns 0, or -1 after a 400 answer. */
int api_q(struct req *r, struct resp *p, const char **q);

/* ?since=: a date or time (vigil_time_parse), or absent.  Returns 0, or
 * -1 after a 400 answer. */
int api_since(struct req *r, struct resp *p, const char **since);



/* ---- shared by several handler files ---- */

struct vigil_update;

/* Splits q into at most max words, in the request's arena; returns
 * the count. */
int api_words(struct req *r, const char *q, const char **words, int max);

/* Handlers, by file. */
int api_advisories(struct req *r, struct resp *p);
int api_advisory(struct req *r, struct resp *p);
int api_search(struct req *r, struct resp *p);
int api_updates(struct req *r, struct resp *p);
int api_update(struct req *r, struct resp *p);
int api_update_change(struct req *r, struct resp *p);
int api_systems(struct req *r, struct resp *p);
int api_system(struct req *r, struct resp *p);
int api_sources(struct req *r, struct resp *p);
int api_source_add(struct req *r, struct resp *p);
int api_rules(struct req *r, struct resp *p);
int api_rule_add(struct req *r, struct resp *p);
int api_rule_remove(struct req *r, struct resp *p);
int api_findings(struct req *r, struct resp *p);
int api_report(struct req *r, struct resp *p);
int api_users(struct req *r, struct resp *p);
int api_user_add(struct req *r, struct resp *p);
int api_tokens(struct req *r, struct resp *p);
int api_token_add(struct req *r, struct resp *p);
int api_token_remove(struct req *r, struct resp *p);
#endif
