/*
 * sqlite_auth.c - users, API tokens and browser sessions as rows.
 *
 * This file never sees a password or a token: src/auth hands it the
 * Argon2id string and keyed hashes.  Changes to who may do what are
 * written with their event in one transaction (the caller's, or one
 * of their own), so the audit trail and the tables never disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/auth.h"
#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

int vigil_store_set_actor(struct vigil_store *s, const char *actor)
{
    char *copy = NULL;

    if (actor && !(copy = strdup(actor)))
        return VIGIL_ENOMEM;
    free(s->actor);
    s->actor = copy;
    return 0;
}

int vigil_store_meta_get(struct vigil_store *s, const char *key, char *out,
                         size_t cap)
{
    static const char sql[] = "SELECT value FROM meta WHERE key = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    int rc = VIGIL_ENOTFOUND;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, key);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = vigil__sq_col(st, 0);
        size_t n = v ? strlen(v) : 0;

        rc = VIGIL_ERANGE;
        if (n < cap) {
            memcpy(out, v ? v : "", n + 1);
            rc = 0;
        }
    }
    sqlite3_reset(st);
    return rc;
}

int vigil_store_meta_add(struct vigil_store *s, const char *key,
                         const char *value, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)";
    const char *v[] = { key, value };

    return vigil__sq_exec_texts(s, sql, v, 2, err);
}

/* Runs in the caller's transaction (as a savepoint) or in its own. */
static int tx_open(struct vigil_store *s, int *own, struct vigil_error *err)
{
    *own = !s->in_tx;
    return *own ? vigil_store_begin(s, err) : vigil_store_savepoint(s, err);
}

static int tx_close(struct vigil_store *s, int own, int rc,
                    struct vigil_error *err)
{
    if (!rc)
        rc = own ? vigil_store_commit(s, err) : vigil_store_release(s, err);
    if (rc) {
        if (own)
            vigil_store_rollback(s);
        else
            vigil_store_rollback_to(s);
    }
    return rc;
}

/* Ends a statement with RETURNING whose last step gave step. */
static int step_done(struct vigil_store *s, sqlite3_stmt *st, int step,
                     struct vigil_error *err)
{
    int rc = step == SQLITE_DONE ? 0 : vigil__sq_err(s, err, "write");

    sqlite3_reset(st);
    return rc;
}

/* The facts of an auth event; every type carries every field, null
 * where it does not apply (docs/EVENTS.md). */
struct auth_ev {
    const char *user;
    const char *role;
    int disabled;              /* -1: null */
    const char *password;      /* "set", "removed", or NULL */
    long long token;           /* 0: null */
    const char *name;
    const char *expires;
};

/* Appends ", "key": value" with a JSON string, or null for NULL. */
static void add_str(struct vigil_buf *d, const char *key, const char *v)
{
    vigil_buf_addf(d, ", \"%s\": ", key);
    if (v)
        vigil_buf_add_json_str(d, v);
    else
        vigil_buf_adds(d, "null");
}

/*
 * Writes a user.* or token.* event.
 * LIMIT: events name the actor set on the handle, or null when no one
 * set it. See docs/LIMITS.md#auth-actor-events.
 */
static int auth_event(struct vigil_store *s, const char *type,
                      const struct auth_ev *e, struct vigil_error *err)
{
    struct vigil_buf d = VIGIL_BUF_INIT;
    int rc;

    vigil_buf_adds(&d, "{\"user\": ");
    vigil_buf_add_json_str(&d, e->user);
    add_str(&d, "role", e->role);
    vigil_buf_addf(&d, ", \"disabled\": %s",
                   e->disabled < 0 ? "null"
                                   : e->disabled ? "true" : "false");
    add_str(&d, "password", e->password);
    if (e->token)
        vigil_buf_addf(&d, ", \"token\": %lld", e->token);
    else
        vigil_buf_adds(&d, ", \"token\": null");
    add_str(&d, "name", e->name);
    add_str(&d, "expires", e->expires);
    add_str(&d, "by", s->actor);
    rc = vigil_buf_adds(&d, "}");
    if (!rc)
        rc = vigil_store_event_add(s, type, "vigil.auth", d.ptr, err);
    vigil_buf_release(&d);
    return rc;
}

/* ---- users ---- */

int vigil_store_user_add(struct vigil_store *s, const char *name,
                         const char *role, const char *password,
                         long long *id, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO app_user (name, role, password, created, updated) "
        "SELECT ?1, ?2, ?3, ?4, ?4 WHERE NOT EXISTS (SELECT 1 FROM "
        "app_user WHERE name = ?1 COLLATE NOCASE) "
        "ON CONFLICT (name) DO NOTHING";
    struct auth_ev e = { name, role, 0, password ? "set" : NULL,
                         0, NULL, NULL };
    sqlite3_stmt *st;
    char now[32];
    int rc, own;
    long long row = 0;

    if ((rc = tx_open(s, &own, err)))
        return rc;
    if (!(st = vigil__sq_stmt(s, sql, err))) {
        rc = VIGIL_EDB;
        goto out;
    }
    vigil__sq_text(st, 1, name);
    vigil__sq_text(st, 2, role);
    vigil__sq_text(st, 3, password);
    vigil__sq_text(st, 4, vigil__sq_now(now));
    if ((rc = vigil__sq_exec(s, st, err)))
        goto out;
    if (sqlite3_changes(s->db) == 0) {
        rc = vigil_error_set(err, VIGIL_EEXIST, 0,
                             "cannot add user '%s': the name is taken "
                             "(names ignore case)", name);
        goto out;
    }
    row = sqlite3_last_insert_rowid(s->db);
    rc = auth_event(s, "user.added", &e, err);
out:
    rc = tx_close(s, own, rc, err);
    if (!rc && id)
        *id = row;
    return rc;
}

int vigil_store_user_get(struct vigil_store *s, const char *name,
                         long long id, vigil_store_user_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT id, name, role, password, disabled, created FROM app_user "
        "WHERE (?1 IS NOT NULL AND name = ?1 COLLATE NOCASE) "
        "OR (?1 IS NULL AND id = ?2)";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    struct vigil_store_user u;
    int rc = VIGIL_ENOTFOUND;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, name);
    sqlite3_bind_int64(st, 2, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        u.id = sqlite3_column_int64(st, 0);
        u.name = vigil__sq_col(st, 1);
        u.role = vigil__sq_col(st, 2);
        u.password = vigil__sq_col(st, 3);
        u.disabled = sqlite3_column_int(st, 4);
        u.created = vigil__sq_col(st, 5);
        rc = fn(ctx, &u);
    }
    sqlite3_reset(st);
    return rc;
}

/* What a change needs to know of the row before it. */
struct user_state {
    char role[16];
    int disabled;
};

static int keep_state(void *ctx, const struct vigil_store_user *u)
{
    struct user_state *us = ctx;

    snprintf(us->role, sizeof(us->role), "%s", u->role);
    us->disabled = u->disabled;
    return 0;
}

static long long enabled_admins(struct vigil_store *s)
{
    static const char sql[] = "SELECT count(*) FROM app_user "
                              "WHERE role = 'admin' AND disabled = 0";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    long long n = -1;

    if (st && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    return n;
}

/*
 * Reads the user's state into us and refuses a change after which
 * the last enabled admin would be one no more (role, disabled: the
 * state after the change, NULL and -1 for unchanged): nobody could
 * manage users any more.
 */
static int check_user(struct vigil_store *s, const char *name,
                      const char *role, int disabled, int removing,
                      struct user_state *us, struct vigil_error *err)
{
    int rc = vigil_store_user_get(s, name, 0, keep_state, us);
    int was, stays;

    if (rc == VIGIL_ENOTFOUND)
        return vigil_error_set(err, rc, 0, "no user '%s'", name);
    if (rc)
        return vigil_error_set(err, rc, 0, "cannot read user '%s'", name);
    was = strcmp(us->role, "admin") == 0 && !us->disabled;
    stays = !removing && strcmp(role ? role : us->role, "admin") == 0 &&
            !(disabled < 0 ? us->disabled : disabled);
    if (was && !stays && enabled_admins(s) <= 1)
        return vigil_error_set(err, VIGIL_ESTATE, 0,
                               "cannot %s user '%s': it is the last "
                               "enabled admin",
                               removing ? "remove" : "change", name);
    return 0;
}

int vigil_store_user_set(struct vigil_store *s, const char *name,
                         const char *role, int disabled,
                         struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE app_user SET role = coalesce(?2, role), disabled = "
        "CASE WHEN ?3 < 0 THEN disabled ELSE ?3 END, updated = ?4 "
        "WHERE name = ?1 COLLATE NOCASE";
    static const char sql_end[] =
        "DELETE FROM session WHERE user_id = "
        "(SELECT id FROM app_user WHERE name = ? COLLATE NOCASE)";
    struct user_state us;
    struct auth_ev e = { name, NULL, -1, NULL, 0, NULL, NULL };
    sqlite3_stmt *st;
    char now[32];
    int rc, own;

    if ((rc = tx_open(s, &own, err)))
        return rc;
    if ((rc = check_user(s, name, role, disabled, 0, &us, err)))
        goto out;
    if (!(st = vigil__sq_stmt(s, sql, err))) {
        rc = VIGIL_EDB;
        goto out;
    }
    vigil__sq_text(st, 1, name);
    vigil__sq_text(st, 2, role);
    sqlite3_bind_int(st, 3, disabled < 0 ? -1 : !!disabled);
    vigil__sq_text(st, 4, vigil__sq_now(now));
    if ((rc = vigil__sq_exec(s, st, err)))
        goto out;

    /* disabling ends the sessions; --enable later does not revive them */
    if (disabled > 0 && (rc = vigil__sq_exec_texts(s, sql_end, &name, 1,
                                                   err)))
        goto out;
    e.role = role ? role : us.role;
    e.disabled = disabled < 0 ? us.disabled : !!disabled;
    rc = auth_event(s, "user.changed", &e, err);
out:
    return tx_close(s, own, rc, err);
}

int vigil_store_user_password(struct vigil_store *s, const char *name,
                              const char *password, int end_sessions,
                              int rehash, struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE app_user SET password = ?2, updated = ?3 "
        "WHERE name = ?1 COLLATE NOCASE";
    static const char sql_end[] =
        "DELETE FROM session WHERE user_id = "
        "(SELECT id FROM app_user WHERE name = ? COLLATE NOCASE)";
    struct auth_ev e = { name, NULL, -1, password ? "set" : "removed",
                         0, NULL, NULL };
    const char *v[] = { name, password, NULL };
    char now[32];
    int rc, own;

    if ((rc = tx_open(s, &own, err)))
        return rc;
    v[2] = vigil__sq_now(now);
    if ((rc = vigil__sq_exec_texts(s, sql, v, 3, err)))
        goto out;
    if (sqlite3_changes(s->db) == 0) {
        rc = vigil_error_set(err, VIGIL_ENOTFOUND, 0, "no user '%s'", name);
        goto out;
    }
    if (end_sessions && (rc = vigil__sq_exec_texts(s, sql_end, v, 1, err)))
        goto out;
    if (!rehash)
        rc = auth_event(s, "user.changed", &e, err);
out:
    return tx_close(s, own, rc, err);
}

int vigil_store_user_remove(struct vigil_store *s, const char *name,
                            struct vigil_error *err)
{
    /* foreign keys remove the tokens and sessions with the user */
    static const char sql[] =
        "DELETE FROM app_user WHERE name = ? COLLATE NOCASE";
    struct user_state us;
    struct auth_ev e = { name, NULL, -1, NULL, 0, NULL, NULL };
    int rc, own;

    if ((rc = tx_open(s, &own, err)))
        return rc;
    if ((rc = check_user(s, name, NULL, -1, 1, &us, err)))
        goto out;
    if ((rc = vigil__sq_exec_texts(s, sql, &name, 1, err)))
        goto out;
    e.role = us.role;
    rc = auth_event(s, "user.removed", &e, err);
out:
    return tx_close(s, own, rc, err);
}

int vigil_store_users(struct vigil_store *s, const char *now,
                      int (*fn)(void *ctx, const struct vigil_user_row *u),
                      void *ctx)
{
    static const char sql[] =
        "SELECT u.id, u.name, u.role, u.password IS NOT NULL, u.disabled, "
        "u.created, (SELECT count(*) FROM api_token t WHERE t.user_id = "
        "u.id AND t.revoked IS NULL AND (t.expires IS NULL OR "
        "t.expires > ?1)) FROM app_user u ORDER BY u.name";
    sqlite3_stmt *st;
    int rc = 0;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "list users");
    vigil__sq_text(st, 1, now);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_user_row u;

        u.id = sqlite3_column_int64(st, 0);
        u.name = vigil__sq_col(st, 1);
        u.role = vigil__sq_col(st, 2);
        u.has_password = sqlite3_column_int(st, 3);
        u.disabled = sqlite3_column_int(st, 4);
        u.created = vigil__sq_col(st, 5);
        u.tokens = sqlite3_column_int64(st, 6);
        rc = fn(ctx, &u);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- tokens ---- */

int vigil_store_token_add(struct vigil_store *s, long long user_id,
                          const char *name, const char *prefix,
                          const char *hash, const char *expires,
                          long long *id, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO api_token (user_id, name, prefix, hash, created, "
        "expires) VALUES (?, ?, ?, ?, ?, ?) RETURNING id, "
        "(SELECT name FROM app_user WHERE id = user_id)";
    struct auth_ev e = { NULL, NULL, -1, NULL, 0, name, expires };
    sqlite3_stmt *st;
    char now[32], user[64] = "";
    int rc, own, step;

    if ((rc = tx_open(s, &own, err)))
        return rc;
    if (!(st = vigil__sq_stmt(s, sql, err))) {
        rc = VIGIL_EDB;
        goto out;
    }
    sqlite3_bind_int64(st, 1, user_id);
    vigil__sq_text(st, 2, name);
    vigil__sq_text(st, 3, prefix);
    vigil__sq_text(st, 4, hash);
    vigil__sq_text(st, 5, vigil__sq_now(now));
    vigil__sq_text(st, 6, expires);
    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        e.token = sqlite3_column_int64(st, 0);
        snprintf(user, sizeof(user), "%s", vigil__sq_col(st, 1));
        step = sqlite3_step(st);
    }
    if ((rc = step_done(s, st, step, err)))
        goto out;
    e.user = user;
    rc = auth_event(s, "token.created", &e, err);
out:
    rc = tx_close(s, own, rc, err);
    if (!rc && id)
        *id = e.token;
    return rc;
}

static int find_cred(struct vigil_store *s, const char *sql, const char *hash,
                     vigil_store_cred_fn fn, void *ctx)
{
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    struct vigil_store_cred c;
    int rc = VIGIL_ENOTFOUND;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, hash);
    if (sqlite3_step(st) == SQLITE_ROW) {
        c.id = sqlite3_column_int64(st, 0);
        c.user_id = sqlite3_column_int64(st, 1);
        c.user = vigil__sq_col(st, 2);
        c.role = vigil__sq_col(st, 3);
        c.disabled = sqlite3_column_int(st, 4);
        c.created = vigil__sq_col(st, 5);
        c.expires = vigil__sq_col(st, 6);
        c.revoked = vigil__sq_col(st, 7);
        c.last_used = vigil__sq_col(st, 8);
        c.csrf = vigil__sq_col(st, 9);
        rc = fn(ctx, &c);
    }
    sqlite3_reset(st);
    return rc;
}

int vigil_store_token_find(struct vigil_store *s, const char *hash,
                           vigil_store_cred_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT t.id, u.id, u.name, u.role, u.disabled, t.created, "
        "t.expires, t.revoked, t.last_used, NULL FROM api_token t "
        "JOIN app_user u ON u.id = t.user_id WHERE t.hash = ?";

    return find_cred(s, sql, hash, fn, ctx);
}

int vigil_store_token_touch(struct vigil_store *s, long long id,
                            const char *now, struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE api_token SET last_used = ? WHERE id = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, now);
    sqlite3_bind_int64(st, 2, id);
    return vigil__sq_exec(s, st, err);
}

/* Whether a token row with that id exists. */
static int token_exists(struct vigil_store *s, long long id)
{
    static const char sql[] = "SELECT 1 FROM api_token WHERE id = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    int found;

    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

int vigil_store_token_revoke(struct vigil_store *s, long long id,
                             const char *now, struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE api_token SET revoked = ?2 WHERE id = ?1 AND revoked IS NULL "
        "RETURNING (SELECT name FROM app_user WHERE id = user_id), name";
    struct auth_ev e = { NULL, NULL, -1, NULL, id, NULL, NULL };
    sqlite3_stmt *st;
    char user[64] = "", name[256] = "";
    int rc, own, step, done = 0;

    if ((rc = tx_open(s, &own, err)))
        return rc;
    if (!(st = vigil__sq_stmt(s, sql, err))) {
        rc = VIGIL_EDB;
        goto out;
    }
    sqlite3_bind_int64(st, 1, id);
    vigil__sq_text(st, 2, now);
    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        snprintf(user, sizeof(user), "%s", vigil__sq_col(st, 0));
        snprintf(name, sizeof(name), "%s", vigil__sq_col(st, 1));
        done = 1;
        step = sqlite3_step(st);
    }
    if ((rc = step_done(s, st, step, err)))
        goto out;
    if (!done && token_exists(s, id))
        rc = vigil_error_set(err, VIGIL_ESTATE, 0,
                             "token %lld is revoked already", id);
    else if (!done)
        rc = vigil_error_set(err, VIGIL_ENOTFOUND, 0, "no token %lld", id);
    if (rc)
        goto out;
    e.user = user;
    e.name = name;
    rc = auth_event(s, "token.revoked", &e, err);
out:
    return tx_close(s, own, rc, err);
}

int vigil_store_tokens(struct vigil_store *s, const char *user,
                       int (*fn)(void *ctx, const struct vigil_token_row *t),
                       void *ctx)
{
    static const char sql[] =
        "SELECT t.id, u.name, t.name, t.prefix, t.created, t.expires, "
        "t.last_used, t.revoked FROM api_token t JOIN app_user u ON "
        "u.id = t.user_id WHERE ?1 IS NULL OR u.name = ?1 COLLATE NOCASE "
        "ORDER BY t.id DESC";
    struct user_state us;
    sqlite3_stmt *st;
    int rc = 0;

    if (user && vigil_store_user_get(s, user, 0, keep_state, &us))
        return VIGIL_ENOTFOUND;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "list tokens");
    vigil__sq_text(st, 1, user);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_token_row t;

        t.id = sqlite3_column_int64(st, 0);
        t.user = vigil__sq_col(st, 1);
        t.name = vigil__sq_col(st, 2);
        t.prefix = vigil__sq_col(st, 3);
        t.created = vigil__sq_col(st, 4);
        t.expires = vigil__sq_col(st, 5);
        t.last_used = vigil__sq_col(st, 6);
        t.revoked = vigil__sq_col(st, 7);
        rc = fn(ctx, &t);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- sessions ---- */

int vigil_store_session_add(struct vigil_store *s, const char *hash,
                            long long user_id, const char *csrf,
                            const char *now, const char *expires,
                            struct vigil_error *err)
{
    static const char sql_purge[] = "DELETE FROM session WHERE expires <= ?";
    /*
     * The table has no rowid to tell the order of sessions started in
     * one second: created gets a counter as its fraction of a second
     * ("2026-12-03T20:05:00.000003Z"), one past the user's latest in
     * that second, so that it orders them as they were started.
     */
    static const char sql[] =
        "INSERT INTO session (hash, user_id, csrf, created, expires, "
        "last_seen) VALUES (?1, ?2, ?3, CASE WHEN length(?4) = 20 THEN "
        "substr(?4, 1, 19) || printf('.%06dZ', coalesce((SELECT "
        "max(CAST(substr(created, 21, 6) AS INTEGER)) + 1 FROM session "
        "WHERE user_id = ?2 AND length(created) = 27 AND "
        "substr(created, 1, 19) = substr(?4, 1, 19)), 0)) ELSE ?4 END, "
        "?5, ?4)";
    static const char sql_cap[] =
        "DELETE FROM session WHERE user_id = ?1 AND hash NOT IN "
        "(SELECT hash FROM session WHERE user_id = ?1 ORDER BY "
        "hash = ?2 DESC, created DESC LIMIT ?3)";
    sqlite3_stmt *st;
    int rc;

    /* expired sessions go here, so the table stays small without a
     * separate sweep */
    if ((rc = vigil__sq_exec_texts(s, sql_purge, &now, 1, err)))
        return rc;
    if (!(st = vigil__sq_stmt(s, sql, err)))
        return VIGIL_EDB;
    vigil__sq_text(st, 1, hash);
    sqlite3_bind_int64(st, 2, user_id);
    vigil__sq_text(st, 3, csrf);
    vigil__sq_text(st, 4, now);
    vigil__sq_text(st, 5, expires);
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;

    /* a user keeps VIGIL_SESSION_MAX sessions: the new one and the most
     * recent others, so repeated logins cannot pile up rows */
    if (!(st = vigil__sq_stmt(s, sql_cap, err)))
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, user_id);
    vigil__sq_text(st, 2, hash);
    sqlite3_bind_int(st, 3, VIGIL_SESSION_MAX);
    return vigil__sq_exec(s, st, err);
}

int vigil_store_session_find(struct vigil_store *s, const char *hash,
                             vigil_store_cred_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT 0, u.id, u.name, u.role, u.disabled, x.created, "
        "x.expires, NULL, x.last_seen, x.csrf FROM session x "
        "JOIN app_user u ON u.id = x.user_id WHERE x.hash = ?";

    return find_cred(s, sql, hash, fn, ctx);
}

int vigil_store_session_touch(struct vigil_store *s, const char *hash,
                              const char *now, struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE session SET last_seen = ?2 WHERE hash = ?1";
    const char *v[] = { hash, now };

    return vigil__sq_exec_texts(s, sql, v, 2, err);
}

int vigil_store_session_remove(struct vigil_store *s, const char *hash,
                               struct vigil_error *err)
{
    static const char sql[] = "DELETE FROM session WHERE hash = ?";

    return vigil__sq_exec_texts(s, sql, &hash, 1, err);
}
