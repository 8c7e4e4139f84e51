/*
 * sqlite_search.c - full-text search over the FTS5 index advisory_fts.
 *
 * Ranking is bounded.  FTS5 hands out matching rowids newest first
 * without scoring them, so the first pass walks at most bound + 1 of
 * them: that gives the count (capped) and the oldest rowid still in
 * the candidate set.  The second pass scores only rows at or above
 * that rowid with bm25 and sorts them; the third computes the excerpt
 * of the page's rows alone.  A word in every advisory therefore costs
 * about what a rare one does.
 */
#include <stdlib.h>
#include <string.h>

#include "vigil/search.h"
#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

/*
 * The newest matches: their number up to bound, and the oldest rowid
 * among the first bound.
 * LIMIT: only the newest `bound` matches are ranked; an older, better
 * match is not shown. See docs/LIMITS.md#search-candidates.
 */
static int candidates(struct vigil_store *s, const char *q, long long bound,
                      long long *floor, struct vigil_search_result *r,
                      struct vigil_error *err)
{
    static const char sql[] =
        "SELECT rowid FROM advisory_fts WHERE advisory_fts MATCH ?1 "
        "ORDER BY rowid DESC LIMIT ?2";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    long long n = 0;
    int step;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, q);
    sqlite3_bind_int64(st, 2, bound + 1);
    *floor = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (++n <= bound)
            *floor = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return vigil__sq_err(s, err, "search the advisories");
    r->total = n > bound ? bound : n;
    r->total_capped = n > bound;
    return 0;
}

struct ranked {
    long long rowid;
    double score;
};

/* Scores the candidates and keeps rows offset .. offset + limit - 1. */
static int rank(struct vigil_store *s, const char *q, long long floor,
                int limit, int offset, struct ranked *page, int *npage,
                struct vigil_error *err)
{
    static const char sql[] =
        "SELECT rowid, bm25(advisory_fts, 10.0, 5.0, 1.0) AS score "
        "FROM advisory_fts WHERE advisory_fts MATCH ?1 AND rowid >= ?2 "
        "ORDER BY score, rowid DESC LIMIT ?3 OFFSET ?4";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    int step, n = 0;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, q);
    sqlite3_bind_int64(st, 2, floor);
    sqlite3_bind_int(st, 3, limit);
    sqlite3_bind_int(st, 4, offset);
    while ((step = sqlite3_step(st)) == SQLITE_ROW && n < limit) {
        page[n].rowid = sqlite3_column_int64(st, 0);
        page[n].score = sqlite3_column_double(st, 1);
        n++;
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        return vigil__sq_err(s, err, "rank the search hits");
    *npage = n;
    return 0;
}

/* Hands one ranked row, with its excerpt, to fn. */
static int emit_hit(struct vigil_store *s, const char *q,
                    const struct ranked *r,
                    int (*fn)(void *ctx, const struct vigil_search_hit *h),
                    void *ctx, struct vigil_error *err)
{
    static const char sql[] =
        "SELECT a.id, a.primary_id, a.title, "
        "snippet(advisory_fts, 2, '[', ']', '...', 24), a.published, "
        "EXISTS (SELECT 1 FROM kev k WHERE k.advisory_id = a.id) "
        "FROM advisory_fts JOIN advisory a ON a.id = advisory_fts.rowid "
        "WHERE advisory_fts MATCH ?1 AND advisory_fts.rowid = ?2";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    struct vigil_search_hit h;
    int step, rc = 0;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, q);
    sqlite3_bind_int64(st, 2, r->rowid);
    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        h.advisory_id = sqlite3_column_int64(st, 0);
        h.id = vigil__sq_col(st, 1);
        h.title = vigil__sq_col(st, 2);
        h.snippet = vigil__sq_col(st, 3);
        h.published = vigil__sq_col(st, 4);
        h.score = r->score;
        h.kev = sqlite3_column_int(st, 5);
        rc = fn(ctx, &h);
    } else if (step != SQLITE_DONE) {
        rc = vigil__sq_err(s, err, "read a search hit");
    }
    sqlite3_reset(st);
    return rc;
}

int vigil_store_search(struct vigil_store *s, const char *fts_query,
                       long long bound, int limit, int offset,
                       int (*fn)(void *ctx, const struct vigil_search_hit *h),
                       void *ctx, struct vigil_search_result *res,
                       struct vigil_error *err)
{
    struct vigil_search_result r = { 0, 0 };
    struct ranked *page = NULL;
    long long floor;
    int rc, n = 0, i;

    if (limit < 1 || offset < 0 || bound < 1)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot search: bad limit or offset");
    if ((rc = candidates(s, fts_query, bound, &floor, &r, err)))
        return rc;
    if (r.total > offset) {
        if (!(page = calloc((size_t)limit, sizeof(*page))))
            return vigil_error_set(err, VIGIL_ENOMEM, 0,
                                   "cannot search: out of memory");
        rc = rank(s, fts_query, floor, limit, offset, page, &n, err);
    }
    for (i = 0; !rc && i < n; i++)
        rc = emit_hit(s, fts_query, &page[i], fn, ctx, err);
    free(page);
    if (!rc && res)
        *res = r;
    return rc;
}
