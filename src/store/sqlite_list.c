/*
 * sqlite_list.c - the advisory list, newest first, one page at a time,
 * for the dashboard and other browsing clients.
 */
#include <string.h>

#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

static const char list_sql[] =
    "SELECT a.id, a.primary_id, a.title, a.published, "
    "  EXISTS (SELECT 1 FROM kev k WHERE k.advisory_id = a.id) "
    "FROM advisory a "
    "ORDER BY coalesce(a.published, a.first_seen) DESC, a.id DESC "
    "LIMIT ?1 OFFSET ?2";

static const char count_sql[] = "SELECT count(*) FROM advisory";

int vigil_store_advisory_list(struct vigil_store *s, long long limit,
                              long long offset, vigil_advisory_row_fn fn,
                              void *ctx, long long *total,
                              struct vigil_error *err)
{
    sqlite3_stmt *st;
    long long n = 0;
    int rc = 0;

    if (limit < 1 || limit > 1000 || offset < 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot list advisories: limit 1 to 1000 "
                               "and offset 0 or more");
    if (!(st = vigil__sq_stmt(s, count_sql, err)))
        return VIGIL_EDB;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!(st = vigil__sq_stmt(s, list_sql, err)))
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, limit);
    sqlite3_bind_int64(st, 2, offset);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_advisory_row r;

        r.id = sqlite3_column_int64(st, 0);
        r.primary_id = vigil__sq_col(st, 1);
        r.title = vigil__sq_col(st, 2);
        r.published = vigil__sq_col(st, 3);
        r.kev = sqlite3_column_int(st, 4);
        rc = fn(ctx, &r);
    }
    sqlite3_reset(st);
    if (!rc && total)
        *total = n;
    return rc;
}
