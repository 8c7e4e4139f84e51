/*
 * search.c - full-text search over advisories: checks the request,
 * rebuilds the query (query.c) and lets the store rank a bounded set.
 */
#include <string.h>

#include "vigil/search.h"
#include "vigil/store.h"
#include "../internal.h"

#define LIMIT_MAX 500

/* The advisory the whole query names by id or alias, or 0. */
static long long named_advisory(struct vigil_store *s, const char *query)
{
    char id[VIGIL_SEARCH_MAX_TERM + 1];
    size_t n;
    long long aid;

    while (*query == ' ' || *query == '\t')
        query++;
    n = strcspn(query, " \t\r\n");
    if (n == 0 || n > VIGIL_SEARCH_MAX_TERM ||
        query[n + strspn(query + n, " \t\r\n")] != '\0')
        return 0;
    memcpy(id, query, n);
    id[n] = '\0';
    return vigil_store_find_advisory(s, id, &aid) == 0 ? aid : 0;
}

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
    rc = vigil_store_search_pinned(s, fts, named_advisory(s, query),
                                   VIGIL_SEARCH_CANDIDATES, limit, offset,
                                   fn, ctx, &r, err);
    if (!rc && res)
        *res = r;
    return rc;
}
