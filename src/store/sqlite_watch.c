/*
 * sqlite_watch.c - watches and what they caught.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/watch.h"
#include "sqlite_int.h"
#include "../internal.h"

int vigil_store_watch_add(struct vigil_store *s, int kind, const char *value,
                          long long *id, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO watch (kind, value, created) VALUES (?, ?, ?) "
        "ON CONFLICT (kind, value) DO UPDATE SET kind = kind RETURNING id";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];
    int rc;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, vigil_watch_kind_name(kind));
    vigil__sq_text(st, 2, value);
    vigil__sq_text(st, 3, vigil__sq_now(now));
    rc = sqlite3_step(st) == SQLITE_ROW ? 0
                                         : vigil__sq_err(s, err,
                                                         "add a watch");
    if (!rc && id)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc;
}

int vigil_store_watch_remove(struct vigil_store *s, long long id,
                             struct vigil_error *err)
{
    static const char sql[] = "DELETE FROM watch WHERE id = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    int rc;

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0, "no watch %lld", id);
    return 0;
}

int vigil_store_watches(struct vigil_store *s, vigil_watch_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT w.id, w.kind, w.value, (SELECT count(*) FROM watch_hit h "
        "WHERE h.watch = w.id) FROM watch w ORDER BY w.id";
    sqlite3_stmt *st;
    int rc = 0;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "list watches");
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_watch w;

        w.id = sqlite3_column_int64(st, 0);
        w.kind = (enum vigil_watch_kind)vigil_watch_kind_by_name(
            vigil__sq_col(st, 1));
        w.value = vigil__sq_col(st, 2);
        w.hits = sqlite3_column_int64(st, 3);
        rc = fn(ctx, &w);
    }
    sqlite3_finalize(st);
    return rc;
}

int vigil_store_watch_hit(struct vigil_store *s, const struct vigil_watch *w,
                          long long advisory_id, const char *advisory,
                          const char *record, const char *field,
                          int *is_new, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO watch_hit (watch, advisory_id, record, "
        "field, first_seen) VALUES (?, ?, ?, ?, ?)";
    struct vigil_buf d = VIGIL_BUF_INIT;
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];
    int rc;

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, w->id);
    sqlite3_bind_int64(st, 2, advisory_id);
    vigil__sq_text(st, 3, record);
    vigil__sq_text(st, 4, field);
    vigil__sq_text(st, 5, vigil__sq_now(now));
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;
    *is_new = sqlite3_changes(s->db) > 0;
    if (!*is_new)
        return 0;
    vigil_buf_addf(&d, "{\"watch\": %lld, \"kind\": \"%s\", \"value\": ",
                   w->id, vigil_watch_kind_name(w->kind));
    vigil_buf_add_json_str(&d, w->value);
    vigil_buf_adds(&d, ", \"advisory\": ");
    vigil_buf_add_json_str(&d, advisory);
    vigil_buf_adds(&d, ", \"record\": ");
    vigil_buf_add_json_str(&d, record);
    vigil_buf_adds(&d, ", \"field\": ");
    vigil_buf_add_json_str(&d, field);
    vigil_buf_adds(&d, "}");
    rc = vigil_store_event_add(s, "watch.matched", "vigil.watch", d.ptr,
                               err);
    vigil_buf_release(&d);
    return rc;
}

int vigil_store_watch_hits(struct vigil_store *s, long long watch,
                           vigil_watch_hit_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT h.watch, w.kind, w.value, a.primary_id, a.title, h.record, "
        "h.field, h.first_seen FROM watch_hit h JOIN watch w ON "
        "w.id = h.watch JOIN advisory a ON a.id = h.advisory_id "
        "WHERE ?1 = 0 OR h.watch = ?1 ORDER BY h.first_seen DESC, "
        "a.primary_id";
    sqlite3_stmt *st;
    int rc = 0;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "list watch hits");
    sqlite3_bind_int64(st, 1, watch);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_watch_hit_row h;

        h.watch = sqlite3_column_int64(st, 0);
        h.kind = vigil__sq_col(st, 1);
        h.value = vigil__sq_col(st, 2);
        h.advisory = vigil__sq_col(st, 3);
        h.title = vigil__sq_col(st, 4);
        h.record = vigil__sq_col(st, 5);
        h.field = vigil__sq_col(st, 6);
        h.first_seen = vigil__sq_col(st, 7);
        rc = fn(ctx, &h);
    }
    sqlite3_finalize(st);
    return rc;
}
