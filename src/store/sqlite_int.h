/*
 * sqlite_int.h - what the SQLite backend's files share: the handle and
 * the prepared-statement cache.
 */
#ifndef VIGIL_SQLITE_INT_H
#define VIGIL_SQLITE_INT_H

#include <sqlite3.h>

#define STMT_CACHE 96

struct stmt_slot {
    const char *sql;        /* identity: statements are static strings */
    sqlite3_stmt *stmt;
};

struct vigil_store {
    sqlite3 *db;
    char *path;
    int depth;              /* open savepoints inside the transaction */
    int in_tx;
    struct stmt_slot cache[STMT_CACHE];
    size_t ncache;
};

/*
 * Returns the cached, reset statement for sql (a string literal with
 * static storage), preparing it on first use; NULL on error (logged
 * and put in err).
 */
sqlite3_stmt *vigil__sq_stmt(struct vigil_store *s, const char *sql,
                             struct vigil_error *err);

/* Binds text or NULL. */
int vigil__sq_text(sqlite3_stmt *st, int i, const char *v);

/* Steps a statement that returns no rows; VIGIL_EDB on failure. */
int vigil__sq_exec(struct vigil_store *s, sqlite3_stmt *st,
                   struct vigil_error *err);

/* Runs plain SQL with no parameters. */
int vigil__sq_run(struct vigil_store *s, const char *sql,
                  struct vigil_error *err);

/* Sets err from the database's last error; returns VIGIL_EDB or
 * VIGIL_EBUSY. */
int vigil__sq_err(struct vigil_store *s, struct vigil_error *err,
                  const char *what);

/* The column as text, or NULL. */
const char *vigil__sq_col(sqlite3_stmt *st, int i);

/* The current time as stored ("YYYY-MM-DDTHH:MM:SSZ"), into buf[32]. */
const char *vigil__sq_now(char buf[32]);

#endif
