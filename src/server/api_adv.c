/*
 * api_adv.c - /api/v1/advisories (list and one, by any id or alias)
 * and /api/v1/search (full-text, ranked over a bounded candidate set).
 */
#include <stdio.h>
#include <string.h>

#include "vigil/search.h"
#include "vigil/track.h"
#include "api.h"
#include "../internal.h"

#define FTS_QUERY_MAX 1024

static int brief_one(void *ctx, const struct vigil_advisory_brief *a)
{
    struct api_list *l = ctx;
    struct vigil_buf *b = l->b;

    if (l->n++)
        vigil_buf_adds(b, ", ");
    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "id", a->primary_id, 1);
    vigil_buf_add_json_field(b, "title", a->title, 0);
    vigil_buf_add_json_field(b, "published", a->published, 0);
    vigil_buf_add_json_field(b, "modified", a->modified, 0);
    vigil_buf_addf(b, ", \"withdrawn\": %s, \"kev\": %s, \"score\": ",
                   a->withdrawn ? "true" : "false", a->kev ? "true" : "false");
    if (a->has_score)
        vigil_buf_addf(b, "%.1f}", a->score);
    else
        vigil_buf_adds(b, "null}");
    return 0;
}

int api_advisories(struct req *r, struct resp *p)
{
    struct vigil_advisory_filter f;
    struct vigil_error err;
    const char *q;
    char *fts = NULL;
    struct api_list l;
    int rc;

    memset(&f, 0, sizeof(f));
    if (api_q(r, p, &q) != 0 || api_flag(r, p, "kev", &f.kev) != 0 ||
        api_since(r, p, &f.since) != 0)
        return 0;
    if (q && *q) {
        fts = vigil_arena_alloc(r->arena, FTS_QUERY_MAX);
        if (!fts || vigil_search_query(q, fts, FTS_QUERY_MAX) != 0)
            return resp_error(p, 400, "bad_parameter", "'q' holds no word "
                              "to search for");
        f.match = fts;
    }
    if (api_list_begin(r, p, &l) != 0)
        return 0;
    vigil_error_clear(&err);
    rc = vigil_store_advisory_list(r->store, &f, l.limit, l.offset,
                                   brief_one, &l, &l.total, &err);
    if (rc)
        return api_fail(p, rc, &err);
    api_list_end(&l);
    return 0;
}

static int update_brief(void *ctx, const struct vigil_update *u)
{
    struct vigil_buf *b = ctx;

    vigil_track_update_fields_json(b, u);
    return vigil_buf_adds(b, "}");
}

int api_advisory(struct req *r, struct resp *p)
{
    struct vigil_buf *b = &p->body;
    struct vigil_error err;
    long long id;
    int rc;

    if (vigil_store_find_advisory(r->store, req_param(r, 0), &id) != 0)
        return resp_error(p, 404, "not_found", "no advisory '%s'",
                          req_param(r, 0));
    vigil_error_clear(&err);
    if ((rc = vigil_store_advisory_json(r->store, id, b, &err)) != 0)
        return api_fail(p, rc, &err);

    /* the store's object gets the matches and the update added */
    while (b->len && (b->ptr[b->len - 1] == '\n' || b->ptr[b->len - 1] == ' '))
        b->len--;
    if (!b->len || b->ptr[b->len - 1] != '}')
        return api_fail(p, VIGIL_EDB, NULL);
    b->len--;
    vigil_buf_adds(b, ", \"matches\": [");
    rc = vigil_store_matches(r->store, id, vigil_track_match_json, b);
    vigil_buf_adds(b, "], \"update\": ");
    if (!rc) {
        size_t before = b->len;

        rc = vigil_store_update_by_advisory(r->store, id, update_brief, b);
        if (rc == VIGIL_ENOTFOUND && b->len == before) {
            vigil_buf_adds(b, "null");
            rc = 0;
        }
    }
    if (rc)
        return api_fail(p, rc, NULL);
    return vigil_buf_adds(b, "}\n");
}

struct search_out {
    struct vigil_buf *b;
    int n;
};

static int hit_one(void *ctx, const struct vigil_search_hit *h)
{
    struct search_out *o = ctx;
    struct vigil_buf *b = o->b;

    if (o->n++)
        vigil_buf_adds(b, ", ");
    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "id", h->id, 1);
    vigil_buf_add_json_field(b, "title", h->title, 0);
    vigil_buf_add_json_field(b, "snippet", h->snippet, 0);
    vigil_buf_add_json_field(b, "published", h->published, 0);
    vigil_buf_addf(b, ", \"kev\": %s, \"score\": %.3f}",
                   h->kev ? "true" : "false", h->score);
    return 0;
}

int api_search(struct req *r, struct resp *p)
{
    struct vigil_search_result res;
    struct search_out o;
    struct vigil_error err;
    const char *q;
    struct api_list l;
    int rc;

    if (api_q(r, p, &q) != 0)
        return 0;
    if (!q || !*q)
        return resp_error(p, 400, "bad_parameter", "'q' is required");
    if (api_list_begin(r, p, &l) != 0)
        return 0;
    o.b = &p->body;
    o.n = 0;
    memset(&res, 0, sizeof(res));
    vigil_error_clear(&err);
    /* past the candidates every page is empty; the answer still says
     * the offset asked for */
    rc = vigil_search(r->store, q, (int)l.limit,
                      (int)(l.offset < VIGIL_SEARCH_CANDIDATES
                                ? l.offset : VIGIL_SEARCH_CANDIDATES),
                      hit_one, &o, &res, &err);
    if (rc == VIGIL_EINVAL)
        return resp_error(p, 400, "bad_parameter", "'q' holds no word to "
                          "search for");
    if (rc)
        return api_fail(p, rc, &err);
    vigil_buf_addf(&p->body, "], \"total\": %lld, \"total_capped\": %s, "
                   "\"limit\": %lld, \"offset\": %lld}\n", res.total,
                   res.total_capped ? "true" : "false", l.limit, l.offset);
    return 0;
}
