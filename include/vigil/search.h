/*
 * search.h - full-text search over advisories (SQLite FTS5).
 *
 * A query is words as a person types them: each word must appear (in
 * the id, title or description), "quoted words" must appear together,
 * a word ending in * matches as a prefix.  FTS5 operators and column
 * filters typed by the user are not interpreted: the query is rebuilt
 * from its words, so no input is a syntax error.
 *
 * Ranking is bounded: at most VIGIL_SEARCH_CANDIDATES matching rows,
 * the most recently stored first, are scored and ranked, so a query for
 * a word that most advisories contain costs the same as a rare one.
 * total says how many matched, capped at the same bound (with
 * total_capped set).
 */
#ifndef VIGIL_SEARCH_H
#define VIGIL_SEARCH_H

#include "vigil/common.h"
#include "vigil/store.h"

#define VIGIL_SEARCH_CANDIDATES 2000

/* What a query may hold: words and phrases after the first
 * VIGIL_SEARCH_MAX_TERMS are ignored, a term is cut to
 * VIGIL_SEARCH_MAX_TERM bytes (at a character boundary) and input past
 * VIGIL_SEARCH_MAX_INPUT bytes is not read.  A rebuilt query fits in
 * VIGIL_SEARCH_QUERY_MAX bytes. */
#define VIGIL_SEARCH_MAX_TERMS 16
#define VIGIL_SEARCH_MAX_TERM 128
#define VIGIL_SEARCH_MAX_INPUT 4096
#define VIGIL_SEARCH_QUERY_MAX \
    (VIGIL_SEARCH_MAX_TERMS * (VIGIL_SEARCH_MAX_TERM + 4) + 1)

struct vigil_search_hit {
    long long advisory_id;
    const char *id;              /* primary id */
    const char *title;
    const char *snippet;         /* description excerpt, terms marked
                                    with [ and ] */
    const char *published;
    double score;                /* bm25: lower is better */
    int kev;
};
typedef int (*vigil_search_fn)(void *ctx, const struct vigil_search_hit *h);

struct vigil_search_result {
    long long total;             /* matches counted, up to the bound */
    int total_capped;            /* 1 when more may exist */
};

/*
 * Calls fn for hits offset .. offset + limit - 1 of the ranked list
 * (strings borrowed for the call), then fills *res (may be NULL).
 * limit is 1..500, offset 0 or more.  An empty query (no words) is
 * VIGIL_EINVAL.  Hits rank by bm25 with the id weighted 10, the title
 * 5 and the description 1; equal scores put the newer first.
 *
 * When the whole query (spaces around it aside) is the id or an alias
 * of a stored advisory ("GHSA-jfh8-c2jp-5v3q"), that advisory comes
 * first, scored best, whether or not its text holds the words (aliases
 * are not indexed); it counts once in total.  An id that is not known
 * is searched as words.
 */
int vigil_search(struct vigil_store *s, const char *query, int limit,
                 int offset, vigil_search_fn fn, void *ctx,
                 struct vigil_search_result *res, struct vigil_error *err);

/*
 * Rebuilds the FTS5 query text from a user's query into out (cap
 * bytes, VIGIL_SEARCH_QUERY_MAX is always enough): each word or
 * phrase becomes one FTS5 string, so operators, column filters and
 * unbalanced quotes are plain text.  Exposed for the fuzz target and
 * tests.  VIGIL_EINVAL when no word remains, VIGIL_ERANGE when out is
 * too small.
 */
int vigil_search_query(const char *query, char *out, size_t cap);

/*
 * The store side of vigil_search: as vigil_store_search (store.h), with
 * advisory `pinned` (0: none) placed first, scored just better than
 * the best ranked hit, and left out of the ranked rest.
 */
int vigil_store_search_pinned(struct vigil_store *s, const char *fts_query,
                              long long pinned, long long bound, int limit,
                              int offset, vigil_search_fn fn, void *ctx,
                              struct vigil_search_result *res,
                              struct vigil_error *err);

#endif
