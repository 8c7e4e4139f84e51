/*
 * search.c - full-text search over advisories: checks the request,
 * rebuilds the query (query.c) and lets the store rank a bounded set.
 */
#include <string.h>

#include "vigil/search.h"
#include "vigil/store.h"
#include "../internal.h"

#define LIMIT_MAX 500

int vigil_search(struct vigil_store *s, const char *query, int limit,
                 int offset, vigil_search_fn fn, void *ctx,
                 struct vigil_search_result *res, struct vigil_error *err)
{
    char fts[VIGIL_SEARCH_QUERY_MAX];
    struct vigil_search_result r = { 0, 0 };
    int rc;

    if (limit < 1 || limit > LIMIT_MAX || offset < 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot search: limit must be 1 to %d and "
                               "offset 0 or more", LIMIT_MAX);
    if (vigil_search_query(query, fts, sizeof(fts)) != 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot search: the query holds no word");
    rc = vigil_store_search(s, fts, VIGIL_SEARCH_CANDIDATES, limit, offset,
                            fn, ctx, &r, err);
    if (!rc && res)
        *res = r;
    return rc;
}
