/*
 * sqlite_source.c - source subscriptions: the feeds vigil syncs, their
 * schedule, the validators of the last download, the last result and
 * how far an unfinished NVD API run got.
 */
#include <string.h>

#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

#define SOURCE_COLUMNS                                                     \
    "id, name, location, format, every_seconds, enabled, checksum, "       \
    "api_key, etag, last_modified, last_attempt, last_success, "           \
    "last_error, last_count, last_new, last_changed, total_count, "        \
    "page_start, page_from, page_until, synced_until, created"

int vigil_store_source_add(struct vigil_store *s,
                           const struct vigil_source *src, long long *id,
                           struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO source (name, location, format, every_seconds, "
        "enabled, checksum, api_key, created) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (name) DO NOTHING RETURNING id";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];
    int rc;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, src->name);
    vigil__sq_text(st, 2, src->location);
    vigil__sq_text(st, 3, src->format);
    sqlite3_bind_int64(st, 4, src->every);
    sqlite3_bind_int(st, 5, src->enabled != 0);
    vigil__sq_text(st, 6, src->checksum);
    vigil__sq_text(st, 7, src->api_key);
    vigil__sq_text(st, 8, vigil__sq_now(now));
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return vigil_error_set(err, VIGIL_EEXIST, 0,
                               "cannot add source '%s': a source of that "
                               "name exists",
                               src->name);
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return vigil__sq_err(s, err, "store the source");
    }
    if (id)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

/* Runs a one-row change by name; VIGIL_ENOTFOUND when nothing changed. */
static int change_by_name(struct vigil_store *s, sqlite3_stmt *st,
                          const char *name, struct vigil_error *err)
{
    int rc = vigil__sq_exec(s, st, err);

    if (rc)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0,
                               "no source named '%s'", name);
    return 0;
}

int vigil_store_source_remove(struct vigil_store *s, const char *name,
                              struct vigil_error *err)
{
    static const char sql[] = "DELETE FROM source WHERE name = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, name);
    return change_by_name(s, st, name, err);
}

int vigil_store_source_enable(struct vigil_store *s, const char *name,
                              int enabled, struct vigil_error *err)
{
    static const char sql[] = "UPDATE source SET enabled = ? WHERE name = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int(st, 1, enabled != 0);
    vigil__sq_text(st, 2, name);
    return change_by_name(s, st, name, err);
}

static long long col_ll(sqlite3_stmt *st, int i, long long null_value)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return null_value;
    return sqlite3_column_int64(st, i);
}

static void read_source(sqlite3_stmt *st, struct vigil_source *src)
{
    memset(src, 0, sizeof(*src));
    src->id = sqlite3_column_int64(st, 0);
    src->name = vigil__sq_col(st, 1);
    src->location = vigil__sq_col(st, 2);
    src->format = vigil__sq_col(st, 3);
    src->every = col_ll(st, 4, 0);
    src->enabled = sqlite3_column_int(st, 5);
    src->checksum = vigil__sq_col(st, 6);
    src->api_key = vigil__sq_col(st, 7);
    src->etag = vigil__sq_col(st, 8);
    src->last_modified = vigil__sq_col(st, 9);
    src->last_attempt = vigil__sq_col(st, 10);
    src->last_success = vigil__sq_col(st, 11);
    src->last_error = vigil__sq_col(st, 12);
    src->last_read = col_ll(st, 13, 0);
    src->last_new = col_ll(st, 14, 0);
    src->last_changed = col_ll(st, 15, 0);
    src->total_read = col_ll(st, 16, 0);
    src->page_start = col_ll(st, 17, -1);
    src->page_from = vigil__sq_col(st, 18);
    src->page_until = vigil__sq_col(st, 19);
    src->synced_until = vigil__sq_col(st, 20);
    src->created = vigil__sq_col(st, 21);
}

struct source_visit {
    vigil_source_fn fn;
    void *ctx;
};

static int visit_source(void *ctx, sqlite3_stmt *st)
{
    struct source_visit *v = ctx;
    struct vigil_source src;

    read_source(st, &src);
    return v->fn(v->ctx, &src);
}

static int each_source(struct vigil_store *s, const char *sql,
                       const char *name, vigil_source_fn fn, void *ctx)
{
    struct source_visit v;

    v.fn = fn;
    v.ctx = ctx;
    return vigil__sq_each_named(s, sql, name, visit_source, &v);
}

int vigil_store_source_get(struct vigil_store *s, const char *name,
                           vigil_source_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT " SOURCE_COLUMNS " FROM source WHERE name = ?";

    return each_source(s, sql, name, fn, ctx);
}

int vigil_store_sources(struct vigil_store *s, vigil_source_fn fn,
                        void *ctx)
{
    static const char sql[] =
        "SELECT " SOURCE_COLUMNS " FROM source ORDER BY name";

    return each_source(s, sql, NULL, fn, ctx);
}

static int record_failure(struct vigil_store *s, const char *name,
                          const char *error, struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE source SET last_attempt = ?1, last_error = ?2 "
        "WHERE name = ?3";
    struct vigil_buf d = VIGIL_BUF_INIT;
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];
    int rc;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, vigil__sq_now(now));
    vigil__sq_text(st, 2, error);
    vigil__sq_text(st, 3, name);
    if ((rc = change_by_name(s, st, name, err)))
        return rc;

    /* the error text never holds credentials: sync redacts URLs */
    vigil_buf_adds(&d, "{\"source\": ");
    vigil_buf_add_json_str(&d, name);
    vigil_buf_adds(&d, ", \"error\": ");
    vigil_buf_add_json_str(&d, error);
    vigil_buf_adds(&d, "}");
    rc = vigil_store_event_add(s, "source.failed", "vigil.sync", d.ptr, err);
    vigil_buf_release(&d);
    return rc;
}

int vigil_store_source_outcome(struct vigil_store *s, const char *name,
                               const struct vigil_source_outcome *o,
                               struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE source SET last_attempt = ?1, last_success = ?1, "
        "last_error = NULL, last_count = ?2, last_new = ?3, "
        "last_changed = ?4, total_count = total_count + ?2, "
        "etag = CASE WHEN ?5 THEN ?6 ELSE etag END, "
        "last_modified = CASE WHEN ?5 THEN ?7 ELSE last_modified END, "
        "synced_until = coalesce(?8, synced_until), "
        "page_start = NULL, page_from = NULL, page_until = NULL "
        "WHERE name = ?9";
    sqlite3_stmt *st;
    char now[32];

    if (o->error)
        return record_failure(s, name, o->error, err);
    if (!(st = vigil__sq_stmt(s, sql, err)))
        return VIGIL_EDB;
    vigil__sq_text(st, 1, vigil__sq_now(now));
    sqlite3_bind_int64(st, 2, o->read);
    sqlite3_bind_int64(st, 3, o->added);
    sqlite3_bind_int64(st, 4, o->changed);
    sqlite3_bind_int(st, 5, o->validators != 0);
    vigil__sq_text(st, 6, o->etag);
    vigil__sq_text(st, 7, o->last_modified);
    vigil__sq_text(st, 8, o->synced_until);
    vigil__sq_text(st, 9, name);
    return change_by_name(s, st, name, err);
}

int vigil_store_source_page(struct vigil_store *s, const char *name,
                            long long start, const char *from,
                            const char *until, struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE source SET page_start = ?1, page_from = ?2, "
        "page_until = ?3 WHERE name = ?4";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, start);
    vigil__sq_text(st, 2, from);
    vigil__sq_text(st, 3, until);
    vigil__sq_text(st, 4, name);
    return change_by_name(s, st, name, err);
}
