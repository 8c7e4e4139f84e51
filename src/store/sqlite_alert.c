/*
 * sqlite_alert.c - alert rules, event routing and the outbox.
 *
 * Every event is written here.  In the same savepoint, each rule whose
 * pattern selects it gets the event as an item of an outbox row: a row
 * of its own for an immediate rule, the open digest row of the period
 * for a digest rule, or the open summary row of the hour once an
 * immediate rule has sent its max_per_hour messages.  So a commit
 * either holds the event and every message it causes, or neither.
 *
 * The compiled patterns are kept on the store handle and reloaded when
 * meta.alert_rules_version moves, which every rule change does.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/pattern.h"
#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

struct route {
    long long id;
    struct vigil_pattern *pattern;
    char digest;                  /* 0 immediate, 'd' daily, 'w' weekly */
    long long max_per_hour;
};

struct vigil__alert_routes {
    long long version;            /* of meta.alert_rules_version */
    struct route *r;
    size_t n;
};

void vigil__sq_alert_free(struct vigil_store *s)
{
    size_t i;

    if (!s->routes)
        return;
    for (i = 0; i < s->routes->n; i++)
        vigil_pattern_free(s->routes->r[i].pattern);
    free(s->routes->r);
    free(s->routes);
    s->routes = NULL;
}

static long long rules_version(struct vigil_store *s)
{
    static const char sql[] =
        "SELECT CAST(value AS INTEGER) FROM meta "
        "WHERE key = 'alert_rules_version'";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    long long v = -1;

    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    return v;
}

static int bump_version(struct vigil_store *s, struct vigil_error *err)
{
    return vigil__sq_run(s,
                         "UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                         "WHERE key = 'alert_rules_version'",
                         err);
}

static int add_route(struct vigil__alert_routes *rt, sqlite3_stmt *st,
                     struct vigil_error *err)
{
    const char *pat = vigil__sq_col(st, 1), *digest = vigil__sq_col(st, 2);
    struct route *r;
    int rc;

    r = realloc(rt->r, (rt->n + 1) * sizeof(*r));
    if (!r)
        return VIGIL_ENOMEM;
    rt->r = r;
    r = &rt->r[rt->n];
    memset(r, 0, sizeof(*r));
    r->id = sqlite3_column_int64(st, 0);
    r->digest = digest ? digest[0] : 0;
    r->max_per_hour = sqlite3_column_int64(st, 3);
    rc = vigil_pattern_compile(pat ? pat : "", pat ? strlen(pat) : 0,
                               &r->pattern, err);
    if (rc == VIGIL_ENOMEM)
        return rc;
    /* a rule this build cannot read must not stop every event write */
    if (rc) {
        vigil_log(VIGIL_LOG_WARN, "alert rule %lld is skipped: %s", r->id,
                  err ? err->msg : vigil_strerror(rc));
        return 0;
    }
    rt->n++;
    return 0;
}

/* Compiles the rules anew when another handle or process changed them. */
static int load_routes(struct vigil_store *s, struct vigil_error *err)
{
    static const char sql[] =
        "SELECT id, pattern, digest, max_per_hour FROM alert_rule "
        "ORDER BY id";
    long long v = rules_version(s);
    struct vigil__alert_routes *rt;
    sqlite3_stmt *st;
    int rc = 0;

    if (s->routes && s->routes->version == v)
        return 0;
    vigil__sq_alert_free(s);
    if (!(rt = calloc(1, sizeof(*rt))))
        return VIGIL_ENOMEM;
    rt->version = v;
    s->routes = rt;
    if (!(st = vigil__sq_stmt(s, sql, err)))
        return VIGIL_EDB;
    while (!rc && sqlite3_step(st) == SQLITE_ROW)
        rc = add_route(rt, st, err);
    sqlite3_reset(st);
    if (rc)
        vigil__sq_alert_free(s);
    return rc;
}

/* ---- periods ---- */

static void period_of(time_t t, char kind, char *out, size_t len,
                      time_t *end)
{
    struct tm tm;
    long long days = (long long)(t / 86400);

    gmtime_r(&t, &tm);
    if (kind == 'h') {
        strftime(out, len, "%Y-%m-%dT%H", &tm);
        *end = (t / 3600 + 1) * 3600;
    } else if (kind == 'd') {
        strftime(out, len, "%Y-%m-%d", &tm);
        *end = (time_t)((days + 1) * 86400);
    } else {
        /* ISO weeks start on Monday; 1970-01-01 was a Thursday */
        strftime(out, len, "%G-W%V", &tm);
        *end = (time_t)((days - (days + 3) % 7 + 7) * 86400);
    }
}

/* ---- routing ---- */

static int add_item(struct vigil_store *s, long long outbox,
                    long long event, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO alert_item (outbox_id, event_id) "
        "VALUES (?, ?)";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, outbox);
    sqlite3_bind_int64(st, 2, event);
    return vigil__sq_exec(s, st, err);
}

static int new_row(struct vigil_store *s, long long rule, const char *kind,
                   const char *period, long long event, int open,
                   time_t due, long long *id, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO alert_outbox (rule_id, kind, period, event_id, open, "
        "next_attempt, created) VALUES (?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char when[32], now[32];
    int rc;

    if (!st)
        return VIGIL_EDB;
    vigil_time_format(due, when, sizeof(when));
    sqlite3_bind_int64(st, 1, rule);
    vigil__sq_text(st, 2, kind);
    vigil__sq_text(st, 3, period);
    if (event)
        sqlite3_bind_int64(st, 4, event);
    sqlite3_bind_int(st, 5, open);
    vigil__sq_text(st, 6, when);
    vigil__sq_text(st, 7, vigil__sq_now(now));
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

/* Adds the event to the open digest or summary row, opening one. */
static int collect(struct vigil_store *s, long long rule, const char *kind,
                   const char *period, time_t due, long long event,
                   struct vigil_error *err)
{
    static const char sql[] =
        "SELECT id FROM alert_outbox WHERE rule_id = ? AND kind = ? "
        "AND period = ? AND open = 1 AND state = 'pending' "
        "ORDER BY id DESC LIMIT 1";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    long long id = 0;
    int rc;

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, rule);
    vigil__sq_text(st, 2, kind);
    vigil__sq_text(st, 3, period);
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!id && (rc = new_row(s, rule, kind, period, 0, 1, due, &id, err)))
        return rc;
    return add_item(s, id, event, err);
}

static long long sent_this_hour(struct vigil_store *s, long long rule,
                                const char *hour)
{
    static const char sql[] =
        "SELECT count(*) FROM alert_outbox WHERE rule_id = ? "
        "AND kind = 'event' AND period = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    long long n = 0;

    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, rule);
    vigil__sq_text(st, 2, hour);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return n;
}

static int enqueue(struct vigil_store *s, const struct route *r,
                   long long event, time_t now, struct vigil_error *err)
{
    char period[32];
    time_t end;
    long long id;
    int rc;

    if (r->digest) {
        period_of(now, r->digest, period, sizeof(period), &end);
        return collect(s, r->id, "digest", period, end, event, err);
    }
    period_of(now, 'h', period, sizeof(period), &end);
    if (r->max_per_hour > 0 &&
        sent_this_hour(s, r->id, period) >= r->max_per_hour)
        return collect(s, r->id, "summary", period, end, event, err);
    if ((rc = new_row(s, r->id, "event", period, event, 0, now, &id, err)))
        return rc;
    return add_item(s, id, event, err);
}

/* The envelope that patterns see: {id, type, time, source, detail}. */
static cJSON *envelope(long long id, const char *type, const char *time,
                       const char *source, const char *detail)
{
    cJSON *e = cJSON_CreateObject(), *d = cJSON_Parse(detail);

    if (!e || !d || !cJSON_IsObject(d)) {
        cJSON_Delete(e);
        cJSON_Delete(d);
        return NULL;
    }
    cJSON_AddNumberToObject(e, "id", (double)id);
    cJSON_AddStringToObject(e, "type", type);
    cJSON_AddStringToObject(e, "time", time);
    cJSON_AddStringToObject(e, "source", source);
    cJSON_AddItemToObject(e, "detail", d);
    return e;
}

static int route_event(struct vigil_store *s, long long id, const char *type,
                       const char *time, const char *source,
                       const char *detail, struct vigil_error *err)
{
    cJSON *e;
    size_t i;
    int rc = 0, hit;

    if ((rc = load_routes(s, err)) || s->routes->n == 0)
        return rc;
    if (!(e = envelope(id, type, time, source, detail)))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot route event '%s': its detail is "
                               "not a JSON object", type);
    for (i = 0; !rc && i < s->routes->n; i++) {
        const struct route *r = &s->routes->r[i];

        rc = vigil_pattern_match_json(r->pattern, e, &hit, err);
        if (!rc && hit)
            rc = enqueue(s, r, id, vigil_now(), err);
    }
    cJSON_Delete(e);
    return rc;
}

static int insert_event(struct vigil_store *s, const char *type,
                        const char *source, const char *detail,
                        const char *once_key, int *added,
                        struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO event (type, time, source, detail, once_key) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    char now[32];
    const char *v[5];
    int rc;

    v[0] = type;
    v[1] = vigil__sq_now(now);
    v[2] = source;
    v[3] = detail;
    v[4] = once_key;
    if ((rc = vigil__sq_exec_texts(s, sql, v, 5, err)))
        return rc;
    *added = sqlite3_changes(s->db) > 0;
    if (!*added)
        return 0;
    return route_event(s, sqlite3_last_insert_rowid(s->db), type, now,
                       source, detail, err);
}

int vigil__sq_event_insert(struct vigil_store *s, const char *type,
                           const char *source, const char *detail,
                           const char *once_key, int *added,
                           struct vigil_error *err)
{
    int rc, done = 0;

    if ((rc = vigil_store_savepoint(s, err)))
        return rc;
    rc = insert_event(s, type, source, detail ? detail : "{}", once_key,
                      &done, err);
    if (rc) {
        vigil_store_rollback_to(s);
        return rc;
    }
    if ((rc = vigil_store_release(s, err)))
        return rc;
    if (added)
        *added = done;
    return 0;
}

int vigil_store_event_add_once(struct vigil_store *s, const char *type,
                               const char *source, const char *detail_json,
                               const char *once_key, int *added,
                               struct vigil_error *err)
{
    return vigil__sq_event_insert(s, type, source, detail_json, once_key,
                                  added, err);
}

/* Hands each event row of st to fn until fn returns nonzero, then
 * finalizes st; returns what fn last returned. */
static int each_event(sqlite3_stmt *st, vigil_event_fn fn, void *ctx)
{
    int rc = 0;

    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_event_row e;

        e.id = sqlite3_column_int64(st, 0);
        e.type = vigil__sq_col(st, 1);
        e.time = vigil__sq_col(st, 2);
        e.source = vigil__sq_col(st, 3);
        e.detail = vigil__sq_col(st, 4);
        rc = fn(ctx, &e);
    }
    sqlite3_finalize(st);
    return rc;
}

int vigil_store_events(struct vigil_store *s, const char *since,
                       vigil_event_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT id, type, time, source, detail FROM event "
        "WHERE ?1 IS NULL OR time >= ?1 ORDER BY id";
    sqlite3_stmt *st;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read events");
    vigil__sq_text(st, 1, since);
    return each_event(st, fn, ctx);
}

/* ---- rules ---- */

static int rule_exists(struct vigil_store *s, const char *name)
{
    static const char sql[] = "SELECT 1 FROM alert_rule WHERE name = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    int found;

    if (!st)
        return 0;
    vigil__sq_text(st, 1, name);
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

/*
 * LIMIT: target passwords and webhook secrets are stored as given;
 * whoever reads the database reads them. See
 * docs/LIMITS.md#alert-secrets-at-rest.
 */
static int insert_rule(struct vigil_store *s, const struct vigil_alert_rule *r,
                       long long *id, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO alert_rule (name, pattern, target, digest, secret, "
        "max_per_hour, max_attempts, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];
    int rc;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, r->name);
    vigil__sq_text(st, 2, r->pattern);
    vigil__sq_text(st, 3, r->target);
    vigil__sq_text(st, 4, r->digest);
    vigil__sq_text(st, 5, r->secret);
    sqlite3_bind_int64(st, 6, r->max_per_hour > 0 ? r->max_per_hour : 0);
    sqlite3_bind_int(st, 7, r->max_attempts > 0 ? r->max_attempts : 8);
    vigil__sq_text(st, 8, vigil__sq_now(now));
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;
    if (id)
        *id = sqlite3_last_insert_rowid(s->db);
    return bump_version(s, err);
}

int vigil_store_alert_rule_add(struct vigil_store *s,
                               const struct vigil_alert_rule *r,
                               long long *id, struct vigil_error *err)
{
    struct vigil_pattern *p;
    long long v = 0;
    int rc;

    if (!r->name || !*r->name || !r->pattern || !r->target)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "an alert rule needs a name, a pattern and "
                               "a target");
    if (r->digest && strcmp(r->digest, "daily") != 0 &&
        strcmp(r->digest, "weekly") != 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "digest must be daily or weekly, not '%s'",
                               r->digest);
    if ((rc = vigil_pattern_compile(r->pattern, strlen(r->pattern), &p, err)))
        return rc;
    vigil_pattern_free(p);
    if ((rc = vigil_store_savepoint(s, err)))
        return rc;
    if (rule_exists(s, r->name))
        rc = vigil_error_set(err, VIGIL_EEXIST, 0,
                             "alert rule '%s' exists already", r->name);
    else
        rc = insert_rule(s, r, &v, err);
    if (rc) {
        vigil_store_rollback_to(s);
        return rc;
    }
    if ((rc = vigil_store_release(s, err)))
        return rc;
    if (id)
        *id = v;
    return 0;
}

int vigil_store_alert_rule_remove(struct vigil_store *s, const char *name,
                                  struct vigil_error *err)
{
    static const char sql[] = "DELETE FROM alert_rule WHERE name = ?";
    sqlite3_stmt *st;
    int rc;

    if ((rc = vigil_store_savepoint(s, err)))
        return rc;
    if (!(st = vigil__sq_stmt(s, sql, err))) {
        rc = VIGIL_EDB;
        goto fail;
    }
    vigil__sq_text(st, 1, name);
    if ((rc = vigil__sq_exec(s, st, err)))
        goto fail;
    if (sqlite3_changes(s->db) == 0) {
        rc = vigil_error_set(err, VIGIL_ENOTFOUND, 0,
                             "no alert rule '%s'", name);
        goto fail;
    }
    if ((rc = bump_version(s, err)))
        goto fail;
    return vigil_store_release(s, err);
fail:
    vigil_store_rollback_to(s);
    return rc;
}

int vigil_store_alert_rules(struct vigil_store *s, const char *name,
                            vigil_alert_rule_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT id, name, pattern, target, digest, secret, max_per_hour, "
        "max_attempts, created FROM alert_rule "
        "WHERE ?1 IS NULL OR name = ?1 ORDER BY name";
    sqlite3_stmt *st;
    int rc = 0, n = 0;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read alert rules");
    vigil__sq_text(st, 1, name);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_alert_rule r;

        r.id = sqlite3_column_int64(st, 0);
        r.name = vigil__sq_col(st, 1);
        r.pattern = vigil__sq_col(st, 2);
        r.target = vigil__sq_col(st, 3);
        r.digest = vigil__sq_col(st, 4);
        r.secret = vigil__sq_col(st, 5);
        r.max_per_hour = sqlite3_column_int64(st, 6);
        r.max_attempts = sqlite3_column_int(st, 7);
        r.created = vigil__sq_col(st, 8);
        rc = fn(ctx, &r);
        n++;
    }
    sqlite3_finalize(st);
    if (!rc && name && n == 0)
        return VIGIL_ENOTFOUND;
    return rc;
}

/* ---- the outbox ---- */

#define OUTBOX_COLS                                                         \
    "o.id, o.rule_id, r.name, o.kind, o.period, o.event_id, "              \
    "(SELECT count(*) FROM alert_item i WHERE i.outbox_id = o.id), "       \
    "o.state, o.open, o.attempts, o.next_attempt, o.lease_owner, "         \
    "o.lease_until, o.last_error, o.created, o.sent "                      \
    "FROM alert_outbox o JOIN alert_rule r ON r.id = o.rule_id "

static void row_to_outbox(sqlite3_stmt *st, struct vigil_outbox_row *o)
{
    o->id = sqlite3_column_int64(st, 0);
    o->rule_id = sqlite3_column_int64(st, 1);
    o->rule = vigil__sq_col(st, 2);
    o->kind = vigil__sq_col(st, 3);
    o->period = vigil__sq_col(st, 4);
    o->event_id = sqlite3_column_int64(st, 5);
    o->nevents = sqlite3_column_int64(st, 6);
    o->state = vigil__sq_col(st, 7);
    o->open = sqlite3_column_int(st, 8);
    o->attempts = sqlite3_column_int(st, 9);
    o->next_attempt = vigil__sq_col(st, 10);
    o->lease_owner = vigil__sq_col(st, 11);
    o->lease_until = vigil__sq_col(st, 12);
    o->last_error = vigil__sq_col(st, 13);
    o->created = vigil__sq_col(st, 14);
    o->sent = vigil__sq_col(st, 15);
}

static int each_outbox(struct vigil_store *s, const char *sql,
                       const char *text, long long num, vigil_outbox_fn fn,
                       void *ctx, int *n)
{
    sqlite3_stmt *st;
    int rc = 0;

    *n = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read the alert outbox");
    if (text)
        vigil__sq_text(st, 1, text);
    else
        sqlite3_bind_int64(st, 1, num);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_outbox_row o;

        row_to_outbox(st, &o);
        rc = fn(ctx, &o);
        ++*n;
    }
    sqlite3_finalize(st);
    return rc;
}

int vigil_store_outbox(struct vigil_store *s, const char *state,
                       vigil_outbox_fn fn, void *ctx)
{
    int n;

    return each_outbox(s, "SELECT " OUTBOX_COLS "WHERE ?1 = 'all' OR "
                          "o.state = ?1 OR (?1 = '' AND o.state IN "
                          "('pending', 'dead')) ORDER BY o.id",
                       state ? state : "", 0, fn, ctx, &n);
}

int vigil_store_outbox_get(struct vigil_store *s, long long id,
                           vigil_outbox_fn fn, void *ctx)
{
    int n, rc;

    rc = each_outbox(s, "SELECT " OUTBOX_COLS "WHERE o.id = ?1", NULL, id,
                     fn, ctx, &n);
    return rc ? rc : n ? 0 : VIGIL_ENOTFOUND;
}

int vigil_store_outbox_events(struct vigil_store *s, long long outbox_id,
                              vigil_event_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT e.id, e.type, e.time, e.source, e.detail FROM alert_item i "
        "JOIN event e ON e.id = i.event_id WHERE i.outbox_id = ? "
        "ORDER BY e.id";
    sqlite3_stmt *st;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read the events of a message");
    sqlite3_bind_int64(st, 1, outbox_id);
    return each_event(st, fn, ctx);
}

static int take_lease(struct vigil_store *s, long long id, const char *owner,
                      const char *until, struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE alert_outbox SET lease_owner = ?, lease_until = ?, open = 0 "
        "WHERE id = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, owner);
    vigil__sq_text(st, 2, until);
    sqlite3_bind_int64(st, 3, id);
    return vigil__sq_exec(s, st, err);
}

/* The first due row that no lease holds, in the order of the index. */
static int find_free(struct vigil_store *s, const char *due,
                     const char *now, long long *id)
{
    static const char sql[] =
        "SELECT id FROM alert_outbox WHERE state = 'pending' "
        "AND next_attempt <= ?1 AND (lease_until IS NULL OR "
        "lease_until < ?2) ORDER BY next_attempt, id LIMIT 1";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    int found;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, due);
    vigil__sq_text(st, 2, now);
    found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return found ? 0 : VIGIL_ENOTFOUND;
}

/*
 * A due row whose lease holder is_stale says is gone.  Live leases are
 * few: each flushing process holds at most one.
 */
static int find_stale(struct vigil_store *s, const char *due,
                      const char *now, vigil_lease_stale_fn stale,
                      void *ctx, long long *id)
{
    static const char sql[] =
        "SELECT id, lease_owner FROM alert_outbox WHERE state = 'pending' "
        "AND next_attempt <= ?1 AND lease_until >= ?2 ORDER BY id";
    sqlite3_stmt *st;
    int found = 0;

    if (!stale)
        return VIGIL_ENOTFOUND;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read the alert outbox");
    vigil__sq_text(st, 1, due);
    vigil__sq_text(st, 2, now);
    while (!found && sqlite3_step(st) == SQLITE_ROW) {
        const char *owner = vigil__sq_col(st, 1);

        if (!owner || stale(ctx, owner)) {
            *id = sqlite3_column_int64(st, 0);
            found = 1;
        }
    }
    sqlite3_finalize(st);
    return found ? 0 : VIGIL_ENOTFOUND;
}

int vigil_store_outbox_claim(struct vigil_store *s, const char *due,
                             const char *owner, const char *lease_until,
                             vigil_lease_stale_fn stale, void *ctx,
                             long long *id, struct vigil_error *err)
{
    char now[32];
    long long v = 0;
    int rc;

    if ((rc = vigil_store_begin(s, err)))
        return rc;
    rc = find_free(s, due, vigil__sq_now(now), &v);
    if (rc == VIGIL_ENOTFOUND)
        rc = find_stale(s, due, now, stale, ctx, &v);
    if (!rc)
        rc = take_lease(s, v, owner, lease_until, err);
    if (!rc)
        rc = vigil_store_commit(s, err);
    if (rc) {
        vigil_store_rollback(s);
        return rc;
    }
    *id = v;
    return 0;
}

int vigil_store_outbox_result(struct vigil_store *s, long long id,
                              const char *error, const char *next_attempt,
                              int dead, struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE alert_outbox SET attempts = attempts + 1, "
        "state = CASE WHEN ?1 IS NULL THEN 'sent' WHEN ?3 THEN 'dead' "
        "  ELSE 'pending' END, "
        "last_error = coalesce(?1, last_error), "
        "next_attempt = coalesce(?2, next_attempt), "
        "sent = CASE WHEN ?1 IS NULL THEN ?4 END, "
        "lease_owner = NULL, lease_until = NULL, open = 0 WHERE id = ?5";
    sqlite3_stmt *st;
    char now[32];
    int rc;

    if ((rc = vigil_store_begin(s, err)))
        return rc;
    if (!(st = vigil__sq_stmt(s, sql, err))) {
        vigil_store_rollback(s);
        return VIGIL_EDB;
    }
    vigil__sq_text(st, 1, error);
    vigil__sq_text(st, 2, next_attempt);
    sqlite3_bind_int(st, 3, dead);
    vigil__sq_text(st, 4, vigil__sq_now(now));
    sqlite3_bind_int64(st, 5, id);
    if ((rc = vigil__sq_exec(s, st, err)) ||
        (rc = vigil_store_commit(s, err))) {
        vigil_store_rollback(s);
        return rc;
    }
    return 0;
}

int vigil_store_outbox_retry(struct vigil_store *s, long long id,
                             struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE alert_outbox SET state = 'pending', attempts = 0, "
        "next_attempt = ?, lease_owner = NULL, lease_until = NULL "
        "WHERE id = ? AND state = 'dead'";
    static const char exists[] = "SELECT 1 FROM alert_outbox WHERE id = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];
    int rc, found;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, vigil__sq_now(now));
    sqlite3_bind_int64(st, 2, id);
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;
    if (sqlite3_changes(s->db) > 0)
        return 0;
    if (!(st = vigil__sq_stmt(s, exists, err)))
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, id);
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (!found)
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0, "no alert %lld", id);
    return vigil_error_set(err, VIGIL_ESTATE, 0,
                           "alert %lld is not dead-lettered", id);
}

/* ---- events written by the store itself ---- */

int vigil__sq_status_event(struct vigil_store *s, long long update_id,
                           const char *from, const char *to,
                           const char *actor, const char *reason,
                           struct vigil_error *err)
{
    static const char sql[] =
        "SELECT a.primary_id, u.priority, u.assignee FROM sec_update u "
        "JOIN advisory a ON a.id = u.advisory_id WHERE u.id = ?";
    struct vigil_buf d = VIGIL_BUF_INIT;
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    int rc;

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, update_id);
    vigil_buf_addf(&d, "{\"update\": \"VU-%lld\"", update_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        vigil_buf_adds(&d, ", \"advisory\": ");
        vigil_buf_add_json_str(&d, vigil__sq_col(st, 0));
        vigil_buf_adds(&d, ", \"priority\": ");
        vigil_buf_add_json_str(&d, vigil__sq_col(st, 1));
        vigil_buf_adds(&d, ", \"assignee\": ");
        vigil_buf_add_json_str(&d, vigil__sq_col(st, 2));
    }
    sqlite3_reset(st);
    vigil_buf_adds(&d, ", \"from\": ");
    vigil_buf_add_json_str(&d, from);
    vigil_buf_adds(&d, ", \"status\": ");
    vigil_buf_add_json_str(&d, to);
    vigil_buf_adds(&d, ", \"actor\": ");
    vigil_buf_add_json_str(&d, actor ? actor : "vigil");
    vigil_buf_adds(&d, ", \"reason\": ");
    vigil_buf_add_json_str(&d, reason);
    vigil_buf_adds(&d, "}");
    rc = d.ptr ? vigil__sq_event_insert(s, "update.status_changed",
                                        "vigil.track", d.ptr, NULL, NULL,
                                        err)
               : VIGIL_ENOMEM;
    vigil_buf_release(&d);
    return rc;
}

void vigil__sq_advisory_state(struct vigil_store *s, long long adv,
                              struct vigil__adv_state *st)
{
    static const char sql[] =
        "SELECT (SELECT max(coalesce(computed, published)) FROM score "
        "WHERE advisory_id = ?1), "
        "(SELECT count(*) FROM kev WHERE advisory_id = ?1), "
        "(SELECT primary_id FROM advisory WHERE id = ?1), "
        "(SELECT title FROM advisory WHERE id = ?1)";
    sqlite3_stmt *q = vigil__sq_stmt(s, sql, NULL);

    memset(st, 0, sizeof(*st));
    if (!q)
        return;
    sqlite3_bind_int64(q, 1, adv);
    if (sqlite3_step(q) == SQLITE_ROW) {
        st->has_score = sqlite3_column_type(q, 0) != SQLITE_NULL;
        st->score = sqlite3_column_double(q, 0);
        st->kev = sqlite3_column_int(q, 1) > 0;
        snprintf(st->id, sizeof(st->id), "%s",
                 vigil__sq_col(q, 2) ? vigil__sq_col(q, 2) : "");
        snprintf(st->title, sizeof(st->title), "%s",
                 vigil__sq_col(q, 3) ? vigil__sq_col(q, 3) : "");
    }
    sqlite3_reset(q);
}

static void add_score(struct vigil_buf *d, const char *name, int has,
                      double v)
{
    vigil_buf_addf(d, ", \"%s\": ", name);
    if (has)
        vigil_buf_addf(d, "%.1f", v);
    else
        vigil_buf_adds(d, "null");
}

/* What changed between before and after, as a JSON list; 0 if nothing
 * that deserves an event. */
static int changes(enum vigil_put_outcome o,
                   const struct vigil__adv_state *b,
                   const struct vigil__adv_state *a, struct vigil_buf *d)
{
    int n = 0;

    vigil_buf_adds(d, ", \"changes\": [");
    if (o == VIGIL_PUT_UPDATED)
        vigil_buf_addf(d, "%s\"content\"", n++ ? ", " : "");
    if (o == VIGIL_PUT_MERGED)
        vigil_buf_addf(d, "%s\"source_added\"", n++ ? ", " : "");
    if (a->kev && !b->kev)
        vigil_buf_addf(d, "%s\"kev_added\"", n++ ? ", " : "");
    if (a->has_score != b->has_score ||
        (a->has_score && (a->score > b->score + 0.05 ||
                          a->score < b->score - 0.05)))
        vigil_buf_addf(d, "%s\"score\"", n++ ? ", " : "");
    vigil_buf_adds(d, "]");
    if (o == VIGIL_PUT_MERGED && n == 1)
        return 0;
    return n;
}

int vigil__sq_advisory_event(struct vigil_store *s, long long adv,
                             enum vigil_put_outcome o,
                             const struct vigil_advisory *rec,
                             const struct vigil__adv_state *before,
                             struct vigil_error *err)
{
    struct vigil_buf d = VIGIL_BUF_INIT;
    struct vigil__adv_state after;
    const char *type = "advisory.changed";
    int rc = 0;

    if (o == VIGIL_PUT_UNCHANGED)
        return 0;
    vigil__sq_advisory_state(s, adv, &after);
    vigil_buf_adds(&d, "{\"advisory\": ");
    vigil_buf_add_json_str(&d, after.id);
    vigil_buf_adds(&d, ", \"title\": ");
    vigil_buf_add_json_str(&d, after.title[0] ? after.title : NULL);
    vigil_buf_adds(&d, ", \"source\": ");
    vigil_buf_add_json_str(&d, rec->format);
    vigil_buf_adds(&d, ", \"record\": ");
    vigil_buf_add_json_str(&d, rec->id);
    vigil_buf_addf(&d, ", \"kev\": %s", after.kev ? "true" : "false");
    add_score(&d, "cvss", after.has_score, after.score);
    if (o == VIGIL_PUT_NEW)
        type = "advisory.new";
    else if (changes(o, before, &after, &d) == 0)
        goto out;
    else
        add_score(&d, "cvss_old", before->has_score, before->score);
    vigil_buf_adds(&d, "}");
    rc = d.ptr ? vigil__sq_event_insert(s, type, "vigil.store", d.ptr, NULL,
                                        NULL, err)
               : VIGIL_ENOMEM;
out:
    vigil_buf_release(&d);
    return rc;
}

int vigil__sq_epss_event(struct vigil_store *s, const char *cve,
                         double score, double percentile, const char *date,
                         struct vigil_error *err)
{
    static const char sql[] =
        "SELECT score, date > ?2 FROM epss WHERE cve = ?1 AND date != ?2 "
        "ORDER BY date DESC LIMIT 1";
    struct vigil_buf d = VIGIL_BUF_INIT;
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    double old = 0;
    long long adv;
    int jump = 0, rc;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, cve);
    vigil__sq_text(st, 2, date);
    if (sqlite3_step(st) == SQLITE_ROW && !sqlite3_column_int(st, 1)) {
        old = sqlite3_column_double(st, 0);
        jump = score - old >= VIGIL__EPSS_JUMP;
    }
    sqlite3_reset(st);
    if (!jump || vigil_store_find_advisory(s, cve, &adv) != 0)
        return 0;
    vigil_buf_adds(&d, "{\"advisory\": ");
    vigil_buf_add_json_str(&d, cve);
    vigil_buf_addf(&d, ", \"source\": \"epss\", \"changes\": [\"epss\"], "
                       "\"epss\": %.5f, \"epss_old\": %.5f, "
                       "\"percentile\": %.5f, \"date\": ",
                   score, old, percentile);
    vigil_buf_add_json_str(&d, date);
    vigil_buf_adds(&d, "}");
    rc = d.ptr ? vigil__sq_event_insert(s, "advisory.changed", "vigil.store",
                                        d.ptr, NULL, NULL, err)
               : VIGIL_ENOMEM;
    vigil_buf_release(&d);
    return rc;
}

int vigil_store_outbox_prune(struct vigil_store *s, const char *before,
                             long long *n, struct vigil_error *err)
{
    static const char sql[] =
        "DELETE FROM alert_outbox WHERE state = 'sent' AND sent < ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    int rc;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, before);
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;
    if (n)
        *n = sqlite3_changes(s->db);
    return 0;
}
