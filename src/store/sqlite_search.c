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
                long long pinned, int limit, int offset, struct ranked *page,
                int *npage, struct vigil_error *err)
{
    static const char sql[] =
        "SELECT rowid, bm25(advisory_fts, 10.0, 5.0, 1.0) AS score "
        "FROM advisory_fts WHERE advisory_fts MATCH ?1 AND rowid >= ?2 "
        "AND rowid != ?5 ORDER BY score, rowid DESC LIMIT ?3 OFFSET ?4";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    int step, n = 0;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, q);
    sqlite3_bind_int64(st, 2, floor);
    sqlite3_bind_int(st, 3, limit);
    sqlite3_bind_int(st, 4, offset);
    sqlite3_bind_int64(st, 5, pinned);
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

/*
 * Steps st, whose row is (id, primary id, title, excerpt, published,
 * kev), and hands the hit with that score to fn.
 */
static int hand_over(struct vigil_store *s, sqlite3_stmt *st, double score,
                     int (*fn)(void *ctx, const struct vigil_search_hit *h),
                     void *ctx, struct vigil_error *err)
{
    struct vigil_search_hit h;
    int step, rc = 0;

    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        h.advisory_id = sqlite3_column_int64(st, 0);
        h.id = vigil__sq_col(st, 1);
        h.title = vigil__sq_col(st, 2);
        h.snippet = vigil__sq_col(st, 3);
        h.published = vigil__sq_col(st, 4);
        h.score = score;
        h.kev = sqlite3_column_int(st, 5);
        rc = fn(ctx, &h);
    } else if (step != SQLITE_DONE) {
        rc = vigil__sq_err(s, err, "read a search hit");
    }
    sqlite3_reset(st);
    return rc;
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

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, q);
    sqlite3_bind_int64(st, 2, r->rowid);
    return hand_over(s, st, r->score, fn, ctx, err);
}

/* Whether advisory id matches the query (its count is then in total). */
static int matches(struct vigil_store *s, const char *q, long long id,
                   int *yes, struct vigil_error *err)
{
    static const char sql[] =
        "SELECT 1 FROM advisory_fts WHERE advisory_fts MATCH ?1 AND "
        "rowid = ?2";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    int step;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, q);
    sqlite3_bind_int64(st, 2, id);
    step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return vigil__sq_err(s, err, "search the advisories");
    *yes = step == SQLITE_ROW;
    return 0;
}

/*
 * Hands the pinned advisory to fn, scored just better than best: the
 * start of its description stands for the excerpt, since the query
 * named it by id or alias rather than by its words.
 */
static int emit_pinned(struct vigil_store *s, long long id, double best,
                       int (*fn)(void *ctx, const struct vigil_search_hit *h),
                       void *ctx, struct vigil_error *err)
{
    static const char sql[] =
        "SELECT a.id, a.primary_id, a.title, CASE WHEN length("
        "a.description) > 160 THEN substr(a.description, 1, 157) || '...' "
        "ELSE a.description END, a.published, EXISTS (SELECT 1 FROM kev k "
        "WHERE k.advisory_id = a.id) FROM advisory a WHERE a.id = ?1";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, id);
    return hand_over(s, st, best - 1.0, fn, ctx, err);
}

int vigil_store_search_pinned(struct vigil_store *s, const char *fts_query,
                              long long pinned, long long bound, int limit,
                              int offset, vigil_search_fn fn, void *ctx,
                              struct vigil_search_result *res,
                              struct vigil_error *err)
{
    struct vigil_search_result r = { 0, 0 };
    struct ranked *page = NULL;
    long long floor, fts_total;
    int rc, n = 0, i, in_fts = 0, pin = pinned > 0;
    int skip = offset - (pin && offset > 0), want = limit - (pin && !offset);

    if (limit < 1 || offset < 0 || bound < 1)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot search: bad limit or offset");
    if ((rc = candidates(s, fts_query, bound, &floor, &r, err)) ||
        (pin && (rc = matches(s, fts_query, pinned, &in_fts, err))))
        return rc;
    /* the pinned row leads the list; the ranked rest follow it */
    fts_total = r.total - in_fts;
    r.total += pin && !in_fts;
    if (want > 0 && fts_total > skip) {
        if (!(page = calloc((size_t)want, sizeof(*page))))
            return vigil_error_set(err, VIGIL_ENOMEM, 0,
                                   "cannot search: out of memory");
        rc = rank(s, fts_query, floor, pinned, want, skip, page, &n, err);
    }
    if (!rc && pin && offset == 0)
        rc = emit_pinned(s, pinned, n ? page[0].score : 0, fn, ctx, err);
    for (i = 0; !rc && i < n; i++)
        rc = emit_hit(s, fts_query, &page[i], fn, ctx, err);
    free(page);
    if (!rc && res)
        *res = r;
    return rc;
}

int vigil_store_search(struct vigil_store *s, const char *fts_query,
                       long long bound, int limit, int offset,
                       int (*fn)(void *ctx, const struct vigil_search_hit *h),
                       void *ctx, struct vigil_search_result *res,
                       struct vigil_error *err)
{
    return vigil_store_search_pinned(s, fts_query, 0, bound, limit, offset,
                                     fn, ctx, res, err);
}
