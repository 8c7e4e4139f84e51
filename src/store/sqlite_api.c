/*
 * sqlite_api.c - listings the REST API pages through: advisories with
 * their KEV flag and highest score, filtered and counted in SQL so a
 * page of a large database costs one indexed scan.
 */
#include <string.h>

#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

#define ADV_WHERE                                                          \
    " WHERE (?1 = 0 OR EXISTS (SELECT 1 FROM kev k"                        \
    "                          WHERE k.advisory_id = a.id))"               \
    " AND (?2 IS NULL OR coalesce(a.modified, a.published, a.first_seen)"  \
    "      >= ?2)"                                                         \
    " AND (?3 IS NULL OR a.id IN (SELECT rowid FROM advisory_fts"          \
    "                             WHERE advisory_fts MATCH ?3))"

static void bind_filter(sqlite3_stmt *st,
                        const struct vigil_advisory_filter *f)
{
    sqlite3_bind_int(st, 1, f && f->kev);
    vigil__sq_text(st, 2, f && f->since && *f->since ? f->since : NULL);
    vigil__sq_text(st, 3, f && f->match && *f->match ? f->match : NULL);
}

static int count_advisories(struct vigil_store *s,
                            const struct vigil_advisory_filter *f,
                            long long *total, struct vigil_error *err)
{
    static const char sql[] = "SELECT count(*) FROM advisory a" ADV_WHERE;
    static const char all[] = "SELECT count(*) FROM advisory";
    int unfiltered = !f || (!f->kev && !(f->since && *f->since) &&
                            !(f->match && *f->match));
    sqlite3_stmt *st;
    int rc;

    /* with no filter, the count reads the small unique index of ids
     * instead of every row with its description */
    st = vigil__sq_stmt(s, unfiltered ? all : sql, err);
    if (!st)
        return VIGIL_EDB;
    if (!unfiltered)
        bind_filter(st, f);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return vigil__sq_err(s, err, "count advisories");
    }
    *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

static void brief_from_row(sqlite3_stmt *st, struct vigil_advisory_brief *a)
{
    memset(a, 0, sizeof(*a));
    a->id = sqlite3_column_int64(st, 0);
    a->primary_id = vigil__sq_col(st, 1);
    a->title = vigil__sq_col(st, 2);
    a->published = vigil__sq_col(st, 3);
    a->modified = vigil__sq_col(st, 4);
    a->withdrawn = sqlite3_column_int(st, 5);
    a->kev = sqlite3_column_int(st, 6);
    a->has_score = sqlite3_column_type(st, 7) != SQLITE_NULL;
    a->score = sqlite3_column_double(st, 7);
}

int vigil_store_advisory_list(struct vigil_store *s,
                              const struct vigil_advisory_filter *f,
                              long long limit, long long offset,
                              vigil_advisory_brief_fn fn, void *ctx,
                              long long *total, struct vigil_error *err)
{
    static const char sql[] =
        "SELECT a.id, a.primary_id, a.title, a.published, a.modified,"
        " a.withdrawn,"
        " EXISTS (SELECT 1 FROM kev k WHERE k.advisory_id = a.id),"
        " (SELECT max(coalesce(computed, published)) FROM score"
        "  WHERE advisory_id = a.id)"
        " FROM advisory a" ADV_WHERE
        " ORDER BY a.id DESC LIMIT ?4 OFFSET ?5";
    struct vigil_advisory_brief a;
    sqlite3_stmt *st;
    int rc = 0, step;

    if (total && (rc = count_advisories(s, f, total, err)) != 0)
        return rc;
    if (!(st = vigil__sq_stmt(s, sql, err)))
        return VIGIL_EDB;
    bind_filter(st, f);
    sqlite3_bind_int64(st, 4, limit);
    sqlite3_bind_int64(st, 5, offset);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        brief_from_row(st, &a);
        if ((rc = fn(ctx, &a)) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = vigil__sq_err(s, err, "list advisories");
    sqlite3_reset(st);
    return rc;
}
