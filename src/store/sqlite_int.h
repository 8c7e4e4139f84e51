/*
 * sqlite_int.h - what the SQLite backend's files share: the handle and
 * the prepared-statement cache.
 */
#ifndef VIGIL_SQLITE_INT_H
#define VIGIL_SQLITE_INT_H

#include <sqlite3.h>

#define STMT_CACHE 160

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
    struct vigil__alert_routes *routes;   /* compiled rules; sqlite_alert.c */
    char *actor;            /* who acts, for auth events; sqlite_auth.c */
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

/* Binds v[0..n-1] (text or NULL) to parameters 1..n of the cached
 * statement for sql and steps it as vigil__sq_exec does. */
int vigil__sq_exec_texts(struct vigil_store *s, const char *sql,
                         const char *const *v, int n, struct vigil_error *err);

/*
 * Steps the cached statement for sql, with name (unless NULL) bound to
 * parameter 1, handing each row to row until it returns nonzero.
 * Returns what row returned, or VIGIL_ENOTFOUND when a name was given
 * and no row matched.
 */
typedef int (*vigil__sq_row_fn)(void *ctx, sqlite3_stmt *st);
int vigil__sq_each_named(struct vigil_store *s, const char *sql,
                         const char *name, vigil__sq_row_fn row, void *ctx);

/* Runs plain SQL with no parameters. */
int vigil__sq_run(struct vigil_store *s, const char *sql,
                  struct vigil_error *err);

/* Sets err from the database's last error; returns VIGIL_EDB or
 * VIGIL_EBUSY. */
int vigil__sq_err(struct vigil_store *s, struct vigil_error *err,
                  const char *what);

/* The column as text, or NULL. */
const char *vigil__sq_col(sqlite3_stmt *st, int i);

/*
 * Inserts an event (skipped, *added = 0, when once_key is taken) and
 * routes it to the alert rules that select it, in one savepoint.
 * sqlite_alert.c.
 */
int vigil__sq_event_insert(struct vigil_store *s, const char *type,
                           const char *source, const char *detail,
                           const char *once_key, int *added,
                           struct vigil_error *err);

/* Writes update.status_changed for update id (sqlite_alert.c). */
int vigil__sq_status_event(struct vigil_store *s, long long update_id,
                           const char *from, const char *to,
                           const char *actor, const char *reason,
                           struct vigil_error *err);

/* What advisory.changed compares: highest score and KEV listing. */
struct vigil__adv_state {
    int has_score, kev;
    double score;
    char id[128];
    char title[256];
};
void vigil__sq_advisory_state(struct vigil_store *s, long long adv,
                              struct vigil__adv_state *st);

/*
 * Writes advisory.new (outcome NEW) or advisory.changed (UPDATED; or
 * MERGED when the KEV listing or the highest score moved) for record
 * rec of advisory adv; before is the state ahead of the write.
 */
struct vigil_advisory;
int vigil__sq_advisory_event(struct vigil_store *s, long long adv,
                             enum vigil_put_outcome o,
                             const struct vigil_advisory *rec,
                             const struct vigil__adv_state *before,
                             struct vigil_error *err);

/* An EPSS rise of at least this much is an advisory.changed event. */
#define VIGIL__EPSS_JUMP 0.1

/* Writes advisory.changed when a new EPSS score of a known advisory
 * rose by VIGIL__EPSS_JUMP or more over the previous one. */
int vigil__sq_epss_event(struct vigil_store *s, const char *cve,
                         double score, double percentile, const char *date,
                         struct vigil_error *err);

/* Frees the compiled rules of a handle. */
void vigil__sq_alert_free(struct vigil_store *s);

/* The current time as stored ("YYYY-MM-DDTHH:MM:SSZ"), into buf[32]. */
const char *vigil__sq_now(char buf[32]);

#endif
