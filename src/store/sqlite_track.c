/*
 * sqlite_track.c - matches, security updates, their history and
 * events.
 *
 * A match run marks every match unseen (active = 0), puts what it finds
 * (active = 1) and leaves the rest unseen, all in the caller's
 * transaction, so a failed run changes nothing.  Update fields are
 * written one at a time through update_set, which is the only writer
 * of the history table.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

static const char *const uf_names[VIGIL_UF_COUNT] = {
    "title",    "description",     "sources", "systems",  "identified",
    "priority", "priority_reason", "due",     "status",   "assignee",
    "remediation", "completed",    "verification", "notes", "risk_until",
    "risk_reason", "risk_by",      "breach_since", "evidence",
};

const char *vigil_uf_name(enum vigil_uf f)
{
    return (unsigned)f < VIGIL_UF_COUNT ? uf_names[f] : NULL;
}

int vigil_uf_by_name(const char *name)
{
    int i;

    for (i = 0; i < VIGIL_UF_COUNT; i++)
        if (strcmp(uf_names[i], name) == 0)
            return i;
    return -1;
}

int vigil_store_match_begin(struct vigil_store *s, struct vigil_error *err)
{
    return vigil__sq_run(s, "UPDATE match SET active = 2 WHERE active = 1",
                         err);
}

int vigil_store_match_put(struct vigil_store *s,
                          const struct vigil_match_rec *m, int *is_new,
                          struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO match (advisory_id, system_id, component, version, "
        "affected_id, source_id, scheme, detail, fixed, confidence, "
        "verdict, first_seen, last_seen, active) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, 1) "
        "ON CONFLICT (advisory_id, system_id, component, version, verdict) "
        "DO UPDATE "
        "SET affected_id = ?5, source_id = ?6, scheme = ?7, detail = ?8, "
        "fixed = ?9, confidence = ?10, verdict = ?11, last_seen = ?12, "
        "first_seen = CASE active WHEN 0 THEN ?12 ELSE first_seen END, "
        "was = active, active = 1 "
        "RETURNING was";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];
    int rc;

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, m->advisory_id);
    sqlite3_bind_int64(st, 2, m->system_id);
    vigil__sq_text(st, 3, m->component);
    vigil__sq_text(st, 4, m->version ? m->version : "");
    sqlite3_bind_int64(st, 5, m->affected_id);
    vigil__sq_text(st, 6, m->source_id);
    vigil__sq_text(st, 7, m->scheme);
    vigil__sq_text(st, 8, m->detail);
    vigil__sq_text(st, 9, m->fixed);
    vigil__sq_text(st, 10, m->confidence);
    vigil__sq_text(st, 11, m->verdict);
    vigil__sq_text(st, 12, vigil__sq_now(now));
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return vigil__sq_err(s, err, "store a match");
    }
    if (is_new)
        *is_new = sqlite3_column_int(st, 0) != 2 &&
                  sqlite3_column_int(st, 0) != 1;
    sqlite3_reset(st);
    return 0;
}

int vigil_store_match_end(struct vigil_store *s, long long *gone,
                          struct vigil_error *err)
{
    static const char sql[] = "SELECT count(*) FROM match WHERE active = 2";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    *gone = 0;
    if (!st)
        return VIGIL_EDB;
    if (sqlite3_step(st) == SQLITE_ROW)
        *gone = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return vigil__sq_run(s, "UPDATE match SET active = 0 WHERE active = 2",
                         err);
}

int vigil_store_matches(struct vigil_store *s, long long advisory_id,
                        vigil_match_rec_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT a.primary_id, y.name, m.advisory_id, m.system_id, "
        "m.component, m.version, m.affected_id, m.source_id, m.scheme, "
        "m.detail, m.fixed, m.confidence, m.verdict "
        "FROM match m JOIN advisory a ON a.id = m.advisory_id "
        "JOIN system y ON y.id = m.system_id "
        "WHERE m.active = 1 AND (?1 = 0 OR m.advisory_id = ?1) "
        "ORDER BY a.primary_id, y.name, m.component";
    sqlite3_stmt *st;
    int rc = 0;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "list matches");
    sqlite3_bind_int64(st, 1, advisory_id);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_match_rec m;

        m.advisory_id = sqlite3_column_int64(st, 2);
        m.system_id = sqlite3_column_int64(st, 3);
        m.component = vigil__sq_col(st, 4);
        m.version = vigil__sq_col(st, 5);
        m.affected_id = sqlite3_column_int64(st, 6);
        m.source_id = vigil__sq_col(st, 7);
        m.scheme = vigil__sq_col(st, 8);
        m.detail = vigil__sq_col(st, 9);
        m.fixed = vigil__sq_col(st, 10);
        m.confidence = vigil__sq_col(st, 11);
        m.verdict = vigil__sq_col(st, 12);
        rc = fn(ctx, vigil__sq_col(st, 0), vigil__sq_col(st, 1), &m);
    }
    sqlite3_finalize(st);
    return rc;
}

static int add_history(struct vigil_store *s, long long id, const char *field,
                       const char *old_value, const char *new_value,
                       const char *actor, const char *reason,
                       struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO history (update_id, time, actor, field, old_value, "
        "new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, id);
    vigil__sq_text(st, 2, vigil__sq_now(now));
    vigil__sq_text(st, 3, actor ? actor : "vigil");
    vigil__sq_text(st, 4, field);
    vigil__sq_text(st, 5, old_value);
    vigil__sq_text(st, 6, new_value);
    vigil__sq_text(st, 7, reason);
    return vigil__sq_exec(s, st, err);
}

int vigil_store_update_create(struct vigil_store *s, long long advisory_id,
                              const char *const f[VIGIL_UF_COUNT],
                              const char *actor, const char *reason,
                              long long *id, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO sec_update (advisory_id, identified, priority, status, "
        "created, updated) VALUES (?, ?, ?, 'new', ?, ?)";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];
    int i, rc;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_now(now);
    sqlite3_bind_int64(st, 1, advisory_id);
    vigil__sq_text(st, 2, f[VIGIL_UF_IDENTIFIED] ? f[VIGIL_UF_IDENTIFIED]
                                                 : now);
    vigil__sq_text(st, 3, f[VIGIL_UF_PRIORITY] ? f[VIGIL_UF_PRIORITY]
                                               : "Low");
    vigil__sq_text(st, 4, now);
    vigil__sq_text(st, 5, now);
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    if ((rc = add_history(s, *id, "created", NULL, "new", actor, reason,
                          err)))
        return rc;
    for (i = 0; i < VIGIL_UF_COUNT; i++) {
        if (!f[i] || i == VIGIL_UF_IDENTIFIED)
            continue;
        if (i == VIGIL_UF_PRIORITY)
            rc = add_history(s, *id, uf_names[i], NULL, f[i], actor, reason,
                             err);
        else
            rc = vigil_store_update_set(s, *id, (enum vigil_uf)i, f[i],
                                        actor, reason, NULL, err);
        if (rc)
            return rc;
    }
    return 0;
}

/*
 * Per-field statements.  The column name comes from uf_names, never
 * from input; the strings live in static storage so that the statement
 * cache can key on their address.
 */
static char get_sql[VIGIL_UF_COUNT][96];
static char set_sql[VIGIL_UF_COUNT][128];

static void build_field_sql(void)
{
    int i;

    if (get_sql[0][0])
        return;
    for (i = 0; i < VIGIL_UF_COUNT; i++) {
        snprintf(get_sql[i], sizeof(get_sql[i]),
                 "SELECT %s FROM sec_update WHERE id = ?", uf_names[i]);
        snprintf(set_sql[i], sizeof(set_sql[i]),
                 "UPDATE sec_update SET %s = ?, updated = ? WHERE id = ?",
                 uf_names[i]);
    }
}

int vigil_store_update_set(struct vigil_store *s, long long id,
                           enum vigil_uf field, const char *value,
                           const char *actor, const char *reason,
                           int *changed, struct vigil_error *err)
{
    return vigil_store_update_set_logged(s, id, field, value, NULL, actor,
                                         reason, changed, err);
}

int vigil_store_update_set_logged(struct vigil_store *s, long long id,
                                  enum vigil_uf field, const char *value,
                                  const char *logged, const char *actor,
                                  const char *reason, int *changed,
                                  struct vigil_error *err)
{
    struct vigil_buf old = VIGIL_BUF_INIT;
    sqlite3_stmt *st;
    const char *cur;
    int rc, had_old = 0;
    char now[32];

    if ((unsigned)field >= VIGIL_UF_COUNT)
        VIGIL_BUG("bad update field");
    build_field_sql();
    if (!(st = vigil__sq_stmt(s, get_sql[field], err)))
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0, "no update VU-%lld",
                               id);
    }
    if ((cur = vigil__sq_col(st, 0))) {
        vigil_buf_adds(&old, cur);
        had_old = 1;
    }
    sqlite3_reset(st);
    if (changed)
        *changed = 0;
    if ((had_old && value && strcmp(old.ptr, value) == 0) ||
        (!had_old && !value)) {
        vigil_buf_release(&old);
        return 0;
    }
    rc = VIGIL_EDB;
    if (!(st = vigil__sq_stmt(s, set_sql[field], err)))
        goto out;
    vigil__sq_text(st, 1, value);
    vigil__sq_text(st, 2, vigil__sq_now(now));
    sqlite3_bind_int64(st, 3, id);
    if ((rc = vigil__sq_exec(s, st, err)))
        goto out;
    if (logged)
        rc = add_history(s, id, uf_names[field], NULL, logged, actor, reason,
                         err);
    else
        rc = add_history(s, id, uf_names[field], had_old ? old.ptr : NULL,
                         value, actor, reason, err);
    if (!rc && field == VIGIL_UF_STATUS)
        rc = vigil__sq_status_event(s, id, had_old ? old.ptr : NULL, value,
                                    actor, reason, err);
    if (!rc && changed)
        *changed = 1;
out:
    vigil_buf_release(&old);
    return rc;
}

#define UPDATE_COLS                                                         \
    "u.id, u.advisory_id, a.primary_id, u.title, u.description, "           \
    "u.sources, u.systems, u.identified, u.priority, u.priority_reason, "   \
    "u.due, u.status, u.assignee, u.remediation, u.completed, "             \
    "u.verification, u.notes, u.risk_until, u.risk_reason, u.risk_by, "     \
    "u.breach_since, u.evidence, u.created, u.updated, "                    \
    "EXISTS (SELECT 1 FROM kev k WHERE k.advisory_id = u.advisory_id) "     \
    "FROM sec_update u JOIN advisory a ON a.id = u.advisory_id "

/* Reads one row of UPDATE_COLS. */
static void row_to_update(sqlite3_stmt *st, struct vigil_update *u)
{
    int i;

    u->id = sqlite3_column_int64(st, 0);
    u->advisory_id = sqlite3_column_int64(st, 1);
    u->advisory = vigil__sq_col(st, 2);
    for (i = 0; i < VIGIL_UF_COUNT; i++)
        u->f[i] = vigil__sq_col(st, 3 + i);
    u->created = vigil__sq_col(st, 3 + VIGIL_UF_COUNT);
    u->updated = vigil__sq_col(st, 4 + VIGIL_UF_COUNT);
    u->kev = sqlite3_column_int(st, 5 + VIGIL_UF_COUNT);
}

static int each_update(struct vigil_store *s, const char *sql, long long arg,
                       vigil_update_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc = 0, n = 0;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read updates");
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, arg);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_update u;

        row_to_update(st, &u);
        rc = fn(ctx, &u);
        n++;
    }
    sqlite3_finalize(st);
    if (rc)
        return rc;
    return n ? 0 : VIGIL_ENOTFOUND;
}

int vigil_store_update_by_advisory(struct vigil_store *s,
                                   long long advisory_id,
                                   vigil_update_fn fn, void *ctx)
{
    return each_update(s, "SELECT " UPDATE_COLS
                          "WHERE u.advisory_id = ? AND u.merged_into IS NULL",
                       advisory_id, fn, ctx);
}

int vigil_store_update_get(struct vigil_store *s, long long id,
                           vigil_update_fn fn, void *ctx)
{
    return each_update(s, "SELECT " UPDATE_COLS "WHERE u.id = ?", id, fn,
                       ctx);
}

#define PRIORITY_ORDER                                                      \
    "CASE u.priority WHEN 'Critical' THEN 0 WHEN 'High' THEN 1 "            \
    "WHEN 'Medium' THEN 2 ELSE 3 END"

int vigil_store_updates(struct vigil_store *s, vigil_update_fn fn, void *ctx)
{
    int rc = each_update(s, "SELECT " UPDATE_COLS
                            "WHERE u.merged_into IS NULL ORDER BY "
                            PRIORITY_ORDER ", u.due, u.id",
                         0, fn, ctx);

    return rc == VIGIL_ENOTFOUND ? 0 : rc;
}

int vigil_store_updates_unmatched(struct vigil_store *s, vigil_update_fn fn,
                                  void *ctx)
{
    int rc = each_update(s, "SELECT " UPDATE_COLS
                            "WHERE u.merged_into IS NULL AND NOT EXISTS "
                            "(SELECT 1 FROM match m WHERE m.advisory_id = "
                            "u.advisory_id AND m.active = 1 AND "
                            "m.verdict = 'affected') ORDER BY u.id",
                         0, fn, ctx);

    return rc == VIGIL_ENOTFOUND ? 0 : rc;
}

int vigil_store_history(struct vigil_store *s, long long update_id,
                        vigil_history_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT id, update_id, time, actor, field, old_value, new_value, "
        "reason FROM history WHERE update_id = ? ORDER BY id";
    sqlite3_stmt *st;
    int rc = 0;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read history");
    sqlite3_bind_int64(st, 1, update_id);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_history h;

        h.id = sqlite3_column_int64(st, 0);
        h.update_id = sqlite3_column_int64(st, 1);
        h.time = vigil__sq_col(st, 2);
        h.actor = vigil__sq_col(st, 3);
        h.field = vigil__sq_col(st, 4);
        h.old_value = vigil__sq_col(st, 5);
        h.new_value = vigil__sq_col(st, 6);
        h.reason = vigil__sq_col(st, 7);
        rc = fn(ctx, &h);
    }
    sqlite3_finalize(st);
    return rc;
}

int vigil_store_event_add(struct vigil_store *s, const char *type,
                          const char *source, const char *detail_json,
                          struct vigil_error *err)
{
    /* routed to the alert rules in the same transaction: sqlite_alert.c */
    return vigil__sq_event_insert(s, type, source, detail_json, NULL, NULL,
                                  err);
}

int vigil_store_scores(struct vigil_store *s, long long advisory_id,
                       vigil_score_row_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT c.source, c.type, c.version, c.vector, c.published, "
        "c.computed, c.mismatch, r.format FROM score c "
        "JOIN source_record r ON r.id = c.record "
        "WHERE c.advisory_id = ? ORDER BY c.version DESC, c.id";
    sqlite3_stmt *st;
    int rc = 0;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read scores");
    sqlite3_bind_int64(st, 1, advisory_id);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_score_row r;

        r.source = vigil__sq_col(st, 0);
        r.type = vigil__sq_col(st, 1);
        r.version = vigil__sq_col(st, 2);
        r.vector = vigil__sq_col(st, 3);
        r.has_published = sqlite3_column_type(st, 4) != SQLITE_NULL;
        r.published = sqlite3_column_double(st, 4);
        r.has_computed = sqlite3_column_type(st, 5) != SQLITE_NULL;
        r.computed = sqlite3_column_double(st, 5);
        r.mismatch = sqlite3_column_int(st, 6);
        r.format = vigil__sq_col(st, 7);
        rc = fn(ctx, &r);
    }
    sqlite3_finalize(st);
    return rc;
}

#define ACTIVE_HIT                                                          \
    "m.advisory_id = a.id AND m.active = 1 AND m.verdict = 'affected'"
#define CRIT_RANK                                                           \
    "CASE y.criticality WHEN 'critical' THEN 4 WHEN 'high' THEN 3 "         \
    "WHEN 'medium' THEN 2 ELSE 1 END"

static const char inputs_sql[] =
    "SELECT a.id, a.primary_id, a.title, a.description, a.withdrawn, "
    "(SELECT group_concat(f, ', ') FROM (SELECT DISTINCT format f FROM "
    "  source_record WHERE advisory_id = a.id ORDER BY f)), "
    "(SELECT count(*) FROM kev WHERE advisory_id = a.id), "
    "(SELECT max(ransomware) FROM kev WHERE advisory_id = a.id), "
    "(SELECT min(due_date) FROM kev WHERE advisory_id = a.id), "
    "(SELECT min(date_added) FROM kev WHERE advisory_id = a.id), "
    "e.score, e.percentile, e.date, "
    "(SELECT group_concat(n, ', ') FROM (SELECT DISTINCT y.name n FROM "
    "  match m JOIN system y ON y.id = m.system_id WHERE " ACTIVE_HIT
    "  ORDER BY n)), "
    "(SELECT CASE max(" CRIT_RANK ") WHEN 4 THEN 'critical' WHEN 3 THEN "
    "  'high' WHEN 2 THEN 'medium' ELSE 'low' END FROM match m JOIN "
    "  system y ON y.id = m.system_id WHERE " ACTIVE_HIT "), "
    /* 2: some system is production, 1: none known not to be, 0: none */
    "(SELECT max(CASE WHEN lower(trim(y.env)) IN ('production', "
    "  'prod', 'prd', 'live') THEN 2 WHEN coalesce(trim(y.env), '') = '' "
    "  THEN 1 ELSE 0 END) FROM match m JOIN system y ON "
    "  y.id = m.system_id WHERE " ACTIVE_HIT "), "
    "(SELECT y.owner FROM match m JOIN system y ON y.id = m.system_id "
    "  WHERE " ACTIVE_HIT " ORDER BY " CRIT_RANK " DESC, y.name LIMIT 1), "
    "(SELECT group_concat(line, char(10)) FROM (SELECT DISTINCT y.name || "
    "  ': ' || m.component || ' ' || coalesce(m.version, '?') || CASE "
    "  WHEN coalesce(m.fixed, '') != '' THEN ': upgrade to ' || m.fixed "
    "  || ' or later' ELSE ': no fixed version published; mitigate or "
    "  remove' END line FROM match m JOIN system y ON y.id = m.system_id "
    "  WHERE " ACTIVE_HIT " ORDER BY line)), "
    "(SELECT max(coalesce(computed, published)) FROM score "
    "  WHERE advisory_id = a.id) "
    "FROM advisory a LEFT JOIN epss e ON e.cve = a.primary_id AND "
    "  e.date = (SELECT max(date) FROM epss WHERE cve = a.primary_id) "
    "WHERE (?1 = 0 OR a.id = ?1) AND "
    "EXISTS (SELECT 1 FROM match m WHERE " ACTIVE_HIT ") "
    "ORDER BY a.id";

int vigil_store_update_inputs(struct vigil_store *s, long long advisory_id,
                              vigil_update_input_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc = 0;

    if (sqlite3_prepare_v2(s->db, inputs_sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "gather update inputs");
    sqlite3_bind_int64(st, 1, advisory_id);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_update_input in;

        memset(&in, 0, sizeof(in));
        in.advisory_id = sqlite3_column_int64(st, 0);
        in.advisory = vigil__sq_col(st, 1);
        in.title = vigil__sq_col(st, 2);
        in.description = vigil__sq_col(st, 3);
        in.withdrawn = sqlite3_column_int(st, 4);
        in.sources = vigil__sq_col(st, 5);
        in.kev = sqlite3_column_int(st, 6) > 0;
        in.kev_ransomware = sqlite3_column_int(st, 7);
        in.kev_due = vigil__sq_col(st, 8);
        in.kev_added = vigil__sq_col(st, 9);
        in.has_epss = sqlite3_column_type(st, 10) != SQLITE_NULL;
        in.epss = sqlite3_column_double(st, 10);
        in.epss_percentile = sqlite3_column_double(st, 11);
        in.epss_date = vigil__sq_col(st, 12);
        in.systems = vigil__sq_col(st, 13);
        in.max_criticality = vigil__sq_col(st, 14);
        in.production = sqlite3_column_int(st, 15) == 2   ? 1
                         : sqlite3_column_int(st, 15) == 1 ? -1
                                                           : 0;
        in.owner = vigil__sq_col(st, 16);
        in.remediation = vigil__sq_col(st, 17);
        in.has_cvss = sqlite3_column_type(st, 18) != SQLITE_NULL;
        in.cvss = sqlite3_column_double(st, 18);
        rc = fn(ctx, &in);
    }
    sqlite3_finalize(st);
    return rc;
}

#define OPEN_STATES                                                         \
    "('new', 'triaged', 'in_progress', 'remediated', 'risk_accepted')"

static const struct {
    const char *name;
    const char *order;
} sorts[] = {
    { "priority", PRIORITY_ORDER ", u.due, u.id" },
    { "due", "u.due IS NULL, u.due, " PRIORITY_ORDER ", u.id" },
    { "id", "u.id" },
    { "updated", "u.updated DESC, u.id" },
};

/* Appends " AND cond" and remembers the text to bind for it. */
static void where(struct vigil_buf *sql, const char **binds, int *n,
                  const char *cond, const char *value)
{
    vigil_buf_addf(sql, " AND %s", cond);
    if (value)
        binds[(*n)++] = value;
}

int vigil_store_updates_where(struct vigil_store *s,
                              const struct vigil_update_filter *f,
                              vigil_update_fn fn, void *ctx)
{
    struct vigil_buf sql = VIGIL_BUF_INIT;
    const char *binds[16];
    sqlite3_stmt *st;
    size_t i;
    int n = 0, rc = 0, k;

    vigil_buf_adds(&sql, "SELECT " UPDATE_COLS "WHERE u.merged_into IS NULL");
    if (f->status && strcmp(f->status, "open") == 0)
        where(&sql, binds, &n, "u.status IN " OPEN_STATES, NULL);
    else if (f->status)
        where(&sql, binds, &n, "u.status = ?", f->status);
    if (f->priority)
        where(&sql, binds, &n, "u.priority = ? COLLATE NOCASE", f->priority);
    if (f->assignee)
        where(&sql, binds, &n, "u.assignee = ?", f->assignee);
    if (f->system)
        where(&sql, binds, &n, "EXISTS (SELECT 1 FROM match m JOIN system y "
              "ON y.id = m.system_id WHERE m.advisory_id = u.advisory_id "
              "AND m.active = 1 AND y.name = ?)", f->system);
    if (f->source)
        where(&sql, binds, &n, "EXISTS (SELECT 1 FROM source_record r WHERE "
              "r.advisory_id = u.advisory_id AND r.format = ?)", f->source);
    for (k = 0; k < f->nwords && n < (int)VIGIL_ARRAY_SIZE(binds); k++)
        where(&sql, binds, &n, "instr(lower(a.primary_id || ' ' || "
              "coalesce(u.title, '') || ' ' || coalesce(u.description, '') "
              "|| ' ' || coalesce((SELECT group_concat(alias, ' ') FROM "
              "alias WHERE advisory_id = u.advisory_id), '')), lower(?)) > 0",
              f->words[k]);
    if (f->kev)
        where(&sql, binds, &n, "EXISTS (SELECT 1 FROM kev k WHERE "
              "k.advisory_id = u.advisory_id)", NULL);
    if (f->overdue)
        where(&sql, binds, &n, "u.status IN " OPEN_STATES " AND u.status "
              "!= 'risk_accepted' AND u.due < ?",
              f->today);
    for (i = 0; i < VIGIL_ARRAY_SIZE(sorts) - 1; i++)
        if (f->sort && strcmp(sorts[i].name, f->sort) == 0)
            break;
    if (!f->sort)
        i = 0;
    else if (strcmp(sorts[i].name, f->sort) != 0)
        i = VIGIL_ARRAY_SIZE(sorts) - 1;
    vigil_buf_addf(&sql, " ORDER BY %s", sorts[i].order);

    if (sqlite3_prepare_v2(s->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
        vigil_buf_release(&sql);
        return vigil__sq_err(s, NULL, "list updates");
    }
    for (k = 0; k < n; k++)
        vigil__sq_text(st, k + 1, binds[k]);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_update u;

        row_to_update(st, &u);
        rc = fn(ctx, &u);
    }
    sqlite3_finalize(st);
    vigil_buf_release(&sql);
    return rc;
}

int vigil_store_vex_covers(struct vigil_store *s, long long advisory_id,
                           int *covered, struct vigil_buf *detail)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM match m WHERE m.advisory_id = ?1 AND "
        "  m.active = 1 AND m.verdict = 'affected' AND NOT EXISTS (SELECT "
        "  1 FROM match v WHERE v.advisory_id = m.advisory_id AND "
        "  v.system_id = m.system_id AND v.component = m.component AND "
        "  v.version = m.version AND v.active = 1 AND "
        "  v.verdict = 'not_affected')), "
        "(SELECT count(*) FROM match m WHERE m.advisory_id = ?1 AND "
        "  m.active = 1 AND m.verdict = 'affected'), "
        "(SELECT detail FROM match v WHERE v.advisory_id = ?1 AND "
        "  v.active = 1 AND v.verdict = 'not_affected' LIMIT 1)";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);

    *covered = 0;
    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, advisory_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *covered = sqlite3_column_int64(st, 0) == 0 &&
                   sqlite3_column_int64(st, 1) > 0;
        if (*covered && detail && vigil__sq_col(st, 2))
            vigil_buf_adds(detail, vigil__sq_col(st, 2));
    }
    sqlite3_reset(st);
    return 0;
}
