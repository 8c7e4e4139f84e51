/*
 * sqlite.c - the SQLite backend: opening, schema migrations, the
 * statement cache and transactions.  Entity operations live in
 * sqlite_advisory.c, sqlite_estate.c and sqlite_track.c.
 *
 * The database runs in WAL mode so that readers never block the one
 * writer, with a busy timeout so that two vigil processes queue for the
 * write lock instead of failing.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

extern const char vigil__sql_schema[];
extern const char vigil__sql_migrate_2[];
extern const char vigil__sql_migrate_3[];
extern const char vigil__sql_migrate_4[];
extern const char vigil__sql_migrate_5[];
extern const char vigil__sql_migrate_6[];
extern const char vigil__sql_migrate_7[];

/* Migration steps: step i brings the schema to version i + 1. */
static const char *const migrations[] = {
    vigil__sql_schema,
    vigil__sql_migrate_2,
    vigil__sql_migrate_3,
    vigil__sql_migrate_4,
    vigil__sql_migrate_5,
    vigil__sql_migrate_6,
    vigil__sql_migrate_7,
};

#define BUSY_TIMEOUT_MS 60000

int vigil__sq_err(struct vigil_store *s, struct vigil_error *err,
                  const char *what)
{
    int code = sqlite3_errcode(s->db);
    int rc = (code == SQLITE_BUSY || code == SQLITE_LOCKED) ? VIGIL_EBUSY
                                                            : VIGIL_EDB;

    vigil_log(VIGIL_LOG_DEBUG, "%s: %s", what, sqlite3_errmsg(s->db));
    return vigil_error_set(err, rc, 0, "cannot %s in '%s': %s", what,
                           s->path, sqlite3_errmsg(s->db));
}

sqlite3_stmt *vigil__sq_stmt(struct vigil_store *s, const char *sql,
                             struct vigil_error *err)
{
    size_t i;
    sqlite3_stmt *st;

    for (i = 0; i < s->ncache; i++) {
        if (s->cache[i].sql == sql) {
            sqlite3_reset(s->cache[i].stmt);
            sqlite3_clear_bindings(s->cache[i].stmt);
            return s->cache[i].stmt;
        }
    }
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
                           NULL) != SQLITE_OK) {
        vigil__sq_err(s, err, "prepare a statement");
        return NULL;
    }
    if (s->ncache == STMT_CACHE)
        VIGIL_BUG("statement cache too small");
    s->cache[s->ncache].sql = sql;
    s->cache[s->ncache].stmt = st;
    s->ncache++;
    return st;
}

int vigil__sq_text(sqlite3_stmt *st, int i, const char *v)
{
    if (!v)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

int vigil__sq_exec(struct vigil_store *s, sqlite3_stmt *st,
                   struct vigil_error *err)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        return 0;
    return vigil__sq_err(s, err, "write");
}

int vigil__sq_exec_texts(struct vigil_store *s, const char *sql,
                         const char *const *v, int n, struct vigil_error *err)
{
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    int i;

    if (!st)
        return VIGIL_EDB;
    for (i = 0; i < n; i++)
        vigil__sq_text(st, i + 1, v[i]);
    return vigil__sq_exec(s, st, err);
}

int vigil__sq_each_named(struct vigil_store *s, const char *sql,
                         const char *name, vigil__sq_row_fn row, void *ctx)
{
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    int rc = 0, n = 0;

    if (!st)
        return VIGIL_EDB;
    if (name)
        vigil__sq_text(st, 1, name);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        rc = row(ctx, st);
        n++;
    }
    sqlite3_reset(st);
    if (rc)
        return rc;
    return (name && n == 0) ? VIGIL_ENOTFOUND : 0;
}

int vigil__sq_run(struct vigil_store *s, const char *sql,
                  struct vigil_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    sqlite3_free(msg);
    return vigil__sq_err(s, err, "run SQL");
}

const char *vigil__sq_col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

const char *vigil__sq_now(char buf[32])
{
    vigil_time_format(vigil_now(), buf, 32);
    return buf;
}

static int read_version(struct vigil_store *s, int *version)
{
    sqlite3_stmt *st;
    int rc;

    *version = 0;
    rc = sqlite3_prepare_v2(s->db,
                            "SELECT count(*) FROM sqlite_master WHERE "
                            "type = 'table' AND name = 'meta'",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return VIGIL_EDB;
    rc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (rc <= 0)
        return rc < 0 ? VIGIL_EDB : 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT value FROM meta WHERE key = "
                           "'schema_version'",
                           -1, &st, NULL) != SQLITE_OK)
        return VIGIL_EDB;
    if (sqlite3_step(st) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return 0;
}

/* Applies every missing migration step in one transaction. */
static int migrate(struct vigil_store *s, struct vigil_error *err)
{
    int version, rc, i;
    char sql[128];

    if ((rc = vigil__sq_run(s, "BEGIN IMMEDIATE", err)))
        return rc;
    if (read_version(s, &version)) {
        rc = vigil__sq_err(s, err, "read the schema version");
        goto fail;
    }
    if (version > (int)VIGIL_ARRAY_SIZE(migrations)) {
        rc = vigil_error_set(err, VIGIL_EUNSUPPORTED, 0,
                             "cannot open '%s': schema version %d is "
                             "newer than this vigil (%d)",
                             s->path, version, VIGIL_SCHEMA_VERSION);
        goto fail;
    }
    for (i = version; i < (int)VIGIL_ARRAY_SIZE(migrations); i++) {
        vigil_log(VIGIL_LOG_INFO, "migrating '%s' to schema version %d",
                  s->path, i + 1);
        if ((rc = vigil__sq_run(s, migrations[i], err)))
            goto fail;
        snprintf(sql, sizeof(sql),
                 "INSERT OR REPLACE INTO meta VALUES "
                 "('schema_version', '%d')", i + 1);
        if ((rc = vigil__sq_run(s, sql, err)))
            goto fail;
    }
    return vigil__sq_run(s, "COMMIT", err);
fail:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/*
 * SQLite's memory statistics take one process-wide mutex on every
 * allocation; with a store handle per server thread that mutex, not the
 * queries, bounds throughput.  vigil reads none of those statistics.
 * It must be set before SQLite initialises, so before the first open.
 */
static void sqlite_global_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int vigil_store_open(const char *path, struct vigil_store **out,
                     struct vigil_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    struct vigil_store *s = calloc(1, sizeof(*s));
    int rc = VIGIL_ENOMEM;

    pthread_once(&once, sqlite_global_setup);
    if (!s || !(s->path = strdup(path)))
        goto fail;
    /* the database holds credentials of targets and sources: a new
     * one is readable by its owner only */
    if (access(path, F_OK) != 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

        if (fd >= 0)
            close(fd);
    }
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        rc = vigil__sq_err(s, err, "open the database");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    rc = vigil__sq_run(s,
                       "PRAGMA journal_mode = WAL;"
                       "PRAGMA synchronous = NORMAL;"
                       "PRAGMA foreign_keys = ON;",
                       err);
    if (rc || (rc = migrate(s, err)))
        goto fail;
    *out = s;
    return 0;
fail:
    vigil_store_close(s);
    return rc;
}

void vigil_store_close(struct vigil_store *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->ncache; i++)
        sqlite3_finalize(s->cache[i].stmt);
    vigil__sq_alert_free(s);
    free(s->actor);
    if (s->db)
        sqlite3_close(s->db);
    free(s->path);
    free(s);
}

int vigil_store_schema_version(struct vigil_store *s)
{
    int v = 0;

    read_version(s, &v);
    return v;
}

int vigil_store_begin(struct vigil_store *s, struct vigil_error *err)
{
    int rc;

    if (s->in_tx)
        VIGIL_BUG("nested transaction");
    rc = vigil__sq_run(s, "BEGIN IMMEDIATE", err);
    if (!rc)
        s->in_tx = 1;
    return rc;
}

int vigil_store_commit(struct vigil_store *s, struct vigil_error *err)
{
    int rc = vigil__sq_run(s, "COMMIT", err);

    if (!rc) {
        s->in_tx = 0;
        s->depth = 0;
    }
    return rc;
}

void vigil_store_rollback(struct vigil_store *s)
{
    if (s->in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    s->depth = 0;
}

int vigil_store_savepoint(struct vigil_store *s, struct vigil_error *err)
{
    int rc = vigil__sq_run(s, "SAVEPOINT sp", err);

    if (!rc)
        s->depth++;
    return rc;
}

int vigil_store_release(struct vigil_store *s, struct vigil_error *err)
{
    int rc = vigil__sq_run(s, "RELEASE sp", err);

    if (!rc)
        s->depth--;
    return rc;
}

void vigil_store_rollback_to(struct vigil_store *s)
{
    sqlite3_exec(s->db, "ROLLBACK TO sp; RELEASE sp", NULL, NULL, NULL);
    s->depth--;
}

static long long count_of(struct vigil_store *s, const char *sql)
{
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    long long n = 0;

    if (st && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    return n;
}

int vigil_store_counts(struct vigil_store *s, struct vigil_store_counts *c)
{
    c->advisories = count_of(s, "SELECT count(*) FROM advisory");
    c->sources = count_of(s, "SELECT count(*) FROM source_record");
    c->aliases = count_of(s, "SELECT count(*) FROM alias");
    c->kev = count_of(s, "SELECT count(*) FROM kev");
    c->affected = count_of(s, "SELECT count(*) FROM affected");
    c->systems = count_of(s, "SELECT count(*) FROM system");
    c->components = count_of(s, "SELECT count(*) FROM component");
    c->matches = count_of(s, "SELECT count(*) FROM match WHERE active = 1 "
                             "AND verdict = 'affected'");
    c->updates = count_of(s, "SELECT count(*) FROM sec_update WHERE "
                             "merged_into IS NULL");
    c->open_updates = count_of(s, "SELECT count(*) FROM sec_update WHERE "
                                  "merged_into IS NULL AND status NOT IN "
                                  "('closed','verified','not_affected',"
                                  "'false_positive')");
    return 0;
}
