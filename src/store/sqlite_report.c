/*
 * sqlite_report.c - the figures of the reports, each one query that
 * SQLite's JSON functions turn into a JSON value.  docs/REPORTS.md
 * defines every figure; the comments here only say how.
 *
 * Parameters: :from and :to bound the period [from, to); :asof is the
 * last day the report covers (the period's last, or today while it
 * runs) and :ref the day after it, at whose start states are taken, so
 * that the changes of the as-of day count; ages and days past due are
 * counted to :asof; :soon is :asof plus 30 days.  All are "YYYY-MM-DD".
 */
#include <stdio.h>
#include <string.h>

#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

#define DONE "('verified', 'closed', 'not_affected', 'false_positive')"
#define ACCEPTED_OR_DONE                                                    \
    "('verified', 'closed', 'not_affected', 'false_positive', "             \
    "'risk_accepted')"
#define FIXED "('verified', 'closed')"
#define IDENT "substr(u.identified, 1, 10)"
#define COMP "substr(u.completed, 1, 10)"
#define DUE "substr(u.due, 1, 10)"
#define LIVE "u.merged_into IS NULL"

/*
 * The state of an update at the start of day x, replayed from its
 * history: the status set by the last change before x; before its first
 * change, the status that change replaced.  An update with no status
 * change on record (made outside vigil's workflow) keeps its current
 * status, open until its completion date.
 */
#define HIST(f) "FROM history h WHERE h.update_id = u.id AND h.field = '" \
    f "' "
#define HDAY "substr(h.time, 1, 10)"
#define STATUS_AT(x)                                                        \
    "coalesce((SELECT h.new_value " HIST("status") "AND " HDAY " < " x      \
    " ORDER BY h.id DESC LIMIT 1), (SELECT h.old_value " HIST("status")     \
    "ORDER BY h.id LIMIT 1), CASE WHEN u.status IN " DONE " AND " COMP      \
    " >= " x " THEN 'new' ELSE u.status END)"

/*
 * The due date at day x: the last one set before x; before the first
 * change, the date it replaced (or, for the one set at creation, that).
 */
#define DUE_AT(x)                                                           \
    "coalesce((SELECT substr(h.new_value, 1, 10) " HIST("due") "AND "       \
    HDAY " < " x " ORDER BY h.id DESC LIMIT 1), (SELECT substr(coalesce(" \
    "h.old_value, h.new_value), 1, 10) " HIST("due") "ORDER BY h.id LIMIT " \
    "1), " DUE ")"

/*
 * The completion day at day x: that of the last close before x when the
 * update was in a completed state then; without status history, its
 * completion date when before x.
 */
#define COMP_AT(x)                                                          \
    "CASE WHEN " STATUS_AT(x) " IN " DONE " THEN coalesce((SELECT " HDAY  \
    " " HIST("status") "AND h.new_value IN " DONE " AND coalesce("         \
    "h.old_value, 'new') NOT IN " DONE " AND " HDAY " < " x " ORDER BY "   \
    "h.id DESC LIMIT 1), CASE WHEN " COMP " < " x " THEN " COMP " END) END"

/* A risk acceptance's field (risk_until, risk_by, risk_reason) at x. */
#define RISK_AT(f, x)                                                       \
    "coalesce((SELECT h.new_value " HIST(f) "AND " HDAY " < " x " ORDER "  \
    "BY h.id DESC LIMIT 1), (SELECT h.old_value " HIST(f) "ORDER BY h.id " \
    "LIMIT 1), u." f ")"

#define OPEN_AT(x)                                                          \
    "(" IDENT " < " x " AND " STATUS_AT(x) " NOT IN " DONE ")"
#define ACTIVE_AT(x)                                                        \
    "(" IDENT " < " x " AND " STATUS_AT(x) " NOT IN " ACCEPTED_OR_DONE ")"
/*
 * Overdue on the day before x (the as-of day, whose end x starts): open
 * then and due before that day, as "vigil list --overdue" says on it.
 */
#define OVERDUE_AT(x)                                                       \
    "(" ACTIVE_AT(x) " AND " DUE_AT(x) " < date(" x ", '-1 day'))"

/*
 * Closed in [lo, hi): moved from an open state to a completed one in
 * that span; without status history, completed in it.  The cheap column
 * test goes first so that most rows need one history lookup.
 */
#define CLOSED_IN(lo, hi)                                                   \
    "((u.status IN " DONE " AND " COMP " >= " lo " AND " COMP " < " hi      \
    " AND NOT EXISTS (SELECT 1 " HIST("status") ")) OR EXISTS (SELECT 1 "   \
    HIST("status") "AND h.new_value IN " DONE " AND coalesce(h.old_value, " \
    "'new') NOT IN " DONE " AND " HDAY " >= " lo " AND " HDAY " < " hi "))"
#define IN_PERIOD(col) "(" col " >= :from AND " col " < :to)"
#define PRIO_RANK                                                           \
    "CASE u.priority WHEN 'Critical' THEN 0 WHEN 'High' THEN 1 "            \
    "WHEN 'Medium' THEN 2 ELSE 3 END"
#define KEV_OF "EXISTS (SELECT 1 FROM kev k WHERE k.advisory_id = "         \
               "u.advisory_id)"
#define OWNER "coalesce(nullif(u.assignee, ''), '(unassigned)')"
/* An update in a list: its status, due and completion day at :ref. */
#define BRIEF                                                               \
    "'id', 'VU-' || u.id, 'advisory', a.primary_id, 'title', u.title, "     \
    "'priority', u.priority, 'status', " STATUS_AT(":ref") ", 'due', "     \
    DUE_AT(":ref") ", 'assignee', u.assignee, 'systems', u.systems, "       \
    "'identified', " IDENT ", 'completed', " COMP_AT(":ref")
#define FROM_U "FROM sec_update u JOIN advisory a ON a.id = u.advisory_id "

/*
 * n / d to one decimal, halves rounded up, in integers so that the
 * result does not depend on how a double holds it; NULL when d is 0.
 */
#define HALF_UP(n, d)                                                       \
    "(CAST(((" n ") * 2 + (" d ")) / (2 * nullif(" d ", 0)) AS REAL) / 10)"

/* Each item of a ", "-separated list column, with the update id. */
#define SPLIT(col)                                                          \
    "WITH RECURSIVE sp(id, item, rest) AS (SELECT id, '', " col             \
    " || ', ' FROM sec_update WHERE merged_into IS NULL AND " col           \
    " IS NOT NULL UNION ALL SELECT id, substr(rest, 1, instr(rest, ', ') "  \
    "- 1), substr(rest, instr(rest, ', ') + 2) FROM sp WHERE rest != '') "

/* Counts per group g (an expression over u) for grouped tables. */
#define GROUP_COUNTS                                                     \
    "count(DISTINCT CASE WHEN " IN_PERIOD(IDENT) " THEN u.id END) opened, " \
    "count(DISTINCT CASE WHEN " CLOSED_IN(":from", ":to") " THEN u.id "     \
    "END) closed, count(DISTINCT CASE WHEN "                                \
    OPEN_AT(":ref") " THEN u.id END) open"
#define GROUP_ROWS(name)                                                    \
    "SELECT json_group_array(json_object('" name "', g, 'opened', opened, " \
    "'closed', closed, 'open', open)) FROM (SELECT "

struct part {
    const char *part;      /* weekly, period, trend, posture */
    const char *key;
    const char *sql;
};

static const struct part parts[] = {
    { "weekly", "summary",
      "SELECT json_object("
      "'new_threats', (SELECT count(*) FROM advisory WHERE "
      "  substr(first_seen, 1, 10) >= :from AND substr(first_seen, 1, 10)"
      "  < :to), "
      "'kev_added', (SELECT count(*) FROM kev WHERE substr(date_added, 1, "
      "  10) >= :from AND substr(date_added, 1, 10) < :to), "
      "'new_updates', (SELECT count(*) FROM sec_update u WHERE " LIVE
      "  AND " IN_PERIOD(IDENT) "), "
      "'closed_updates', (SELECT count(*) FROM sec_update u WHERE " LIVE
      "  AND " CLOSED_IN(":from", ":to") "), "
      "'overdue', (SELECT count(*) FROM sec_update u WHERE " LIVE " AND "
      OVERDUE_AT(":ref") "), "
      "'open', (SELECT count(*) FROM sec_update u WHERE " LIVE " AND "
      OPEN_AT(":ref") "))" },
    /* LIMIT: lists stop at 50 to 200 rows; the summary counts all.
     * See docs/LIMITS.md#report-rows. */
    { "weekly", "new_threats",
      "SELECT json_group_array(json_object('advisory', primary_id, "
      "'title', title, 'first_seen', fs, 'kev', kev, 'update', vu)) FROM "
      "(SELECT a.primary_id, a.title, substr(a.first_seen, 1, 10) fs, "
      "CASE WHEN EXISTS (SELECT 1 FROM kev k WHERE k.advisory_id = a.id) "
      "THEN 'yes' ELSE 'no' END kev, (SELECT 'VU-' || id FROM sec_update "
      "WHERE advisory_id = a.id AND merged_into IS NULL) vu FROM advisory "
      "a WHERE substr(a.first_seen, 1, 10) >= :from AND "
      "substr(a.first_seen, 1, 10) < :to ORDER BY vu IS NULL, kev DESC, "
      "a.primary_id LIMIT 50)" },
    { "weekly", "kev_added",
      "SELECT json_group_array(json_object('cve', cve, 'name', name, "
      "'date_added', da, 'update', vu)) FROM (SELECT k.cve, "
      "trim(coalesce(k.vendor, '') || ' ' || coalesce(k.product, '') || "
      "': ' || coalesce(k.name, ''), ' :') name, substr(k.date_added, 1, "
      "10) da, (SELECT 'VU-' || id FROM sec_update WHERE advisory_id = "
      "k.advisory_id AND merged_into IS NULL) vu FROM kev k WHERE "
      "substr(k.date_added, 1, 10) >= :from AND substr(k.date_added, 1, "
      "10) < :to ORDER BY vu IS NULL, k.date_added, k.cve LIMIT 100)" },
    { "weekly", "new_updates",
      "SELECT json_group_array(json(j)) FROM (SELECT json_object(" BRIEF
      ") j " FROM_U "WHERE " LIVE " AND " IN_PERIOD(IDENT) " ORDER BY "
      PRIO_RANK ", u.due, u.id LIMIT 200)" },
    { "weekly", "closed_updates",
      "SELECT json_group_array(json(j)) FROM (SELECT json_object(" BRIEF
      ") j " FROM_U "WHERE " LIVE " AND " CLOSED_IN(":from", ":to")
      " ORDER BY " COMP " IS NULL, " COMP ", u.id LIMIT 200)" },
    { "weekly", "overdue",
      "SELECT json_group_array(json(j)) FROM (SELECT json_object(" BRIEF
      ", 'days_overdue', CAST(julianday(:asof) - julianday(" DUE_AT(":ref")
      ") AS "
      "INTEGER)) j " FROM_U "WHERE " LIVE " AND " OVERDUE_AT(":ref")
      " ORDER BY u.due, u.id LIMIT 200)" },
    { "weekly", "by_owner",
      "SELECT json_group_array(json_object('owner', o, 'open', n, "
      "'overdue', od, 'critical', c, 'high', h)) FROM (SELECT " OWNER " o, "
      "count(*) n, sum(" OVERDUE_AT(":ref") ") od, sum(u.priority = "
      "'Critical') c, sum(u.priority = 'High') h FROM sec_update u WHERE "
      LIVE " AND " OPEN_AT(":ref") " GROUP BY o ORDER BY n DESC, o)" },

    /* remediation metrics of one period, by priority then in total */
    { "period", "by_priority",
      "WITH p(priority, rank) AS (VALUES ('Critical', 0), ('High', 1), "
      "('Medium', 2), ('Low', 3), ('All', 4)), "
      "t AS (SELECT u.priority, CAST(julianday(" COMP ") - julianday("
      IDENT ") AS INTEGER) d, CASE WHEN u.due IS NULL THEN NULL WHEN "
      COMP " <= " DUE " THEN 1 ELSE 0 END met FROM sec_update u WHERE "
      LIVE " AND "
      "u.status IN " FIXED " AND " IN_PERIOD(COMP) "), "
      "a AS (SELECT priority, d, met FROM t UNION ALL SELECT 'All', d, met "
      "FROM t), "
      "r AS (SELECT priority, d, row_number() OVER (PARTITION BY priority "
      "ORDER BY d) rn, count(*) OVER (PARTITION BY priority) c FROM a), "
      "m AS (SELECT priority, avg(d) med FROM r WHERE rn IN ((c + 1) / 2, "
      "(c + 2) / 2) GROUP BY priority) "
      "SELECT json_group_array(json_object('priority', p.priority, "
      "'remediated', (SELECT count(*) FROM a WHERE a.priority = "
      "p.priority), 'mean_days', (SELECT " HALF_UP("sum(d) * 10",
      "count(*)") " FROM a WHERE a.priority = p.priority), "
      "'median_days', (SELECT round(med, 1) FROM m WHERE "
      "m.priority = p.priority), 'with_due', (SELECT "
      "count(met) FROM a WHERE a.priority = p.priority), 'on_time', "
      "(SELECT coalesce(sum(met), 0) FROM a WHERE a.priority = "
      "p.priority), 'sla_pct', (SELECT " HALF_UP("sum(met) * 1000",
      "count(met)") " FROM a WHERE a.priority = p.priority))) FROM "
      "(SELECT * FROM p ORDER BY rank) p" },
    { "period", "summary",
      "WITH v AS (SELECT u.*, " STATUS_AT(":ref") " st, " DUE_AT(":ref")
      " du FROM sec_update u WHERE " LIVE ") SELECT json_object("
      "'opened', (SELECT count(*) FROM v u WHERE " IN_PERIOD(IDENT) "), "
      "'closed', (SELECT count(*) FROM v u WHERE " CLOSED_IN(":from", ":to")
      "), 'open', (SELECT count(*) FROM v u WHERE " IDENT " < :ref AND st "
      "NOT IN " DONE "), 'overdue', (SELECT count(*) FROM v u WHERE " IDENT
      " < :ref AND st NOT IN " ACCEPTED_OR_DONE " AND du < :asof), "
      "'missed_open', (SELECT count(*) FROM v u WHERE " IDENT " < :ref AND "
      "st NOT IN " ACCEPTED_OR_DONE " AND du < :asof AND du >= :from AND du "
      "< :to), 'risk_accepted', (SELECT count(*) FROM v u WHERE " IDENT
      " < :ref AND st = 'risk_accepted'))" },
    { "period", "backlog",
      "WITH b(bucket, lo, hi) AS (VALUES ('0-7', 0, 7), ('8-30', 8, 30), "
      "('31-90', 31, 90), ('>90', 91, 1000000000)), "
      "o AS (SELECT CAST(julianday(:asof) - julianday(" IDENT ") AS "
      "INTEGER) age FROM sec_update u WHERE " LIVE " AND " OPEN_AT(":ref")
      ") SELECT json_group_array(json_object('age_days', bucket, 'open', "
      "(SELECT count(*) FROM o WHERE age BETWEEN lo AND hi))) FROM b" },
    { "period", "by_source",
      SPLIT("sources") GROUP_ROWS("source") "sp.item g, " GROUP_COUNTS
      " FROM sp JOIN sec_update u ON u.id = sp.id WHERE sp.item != '' "
      "GROUP BY g HAVING opened + closed + open > 0 ORDER BY g)" },
    { "period", "by_team",
      GROUP_ROWS("team") OWNER " g, " GROUP_COUNTS " FROM sec_update "
      "u WHERE " LIVE " GROUP BY g HAVING opened + closed + open > 0 "
      "ORDER BY g)" },
    { "period", "by_system",
      SPLIT("systems") GROUP_ROWS("system") "sp.item g, "
      GROUP_COUNTS " FROM sp JOIN sec_update u ON u.id = sp.id WHERE "
      "sp.item != '' GROUP BY g HAVING opened + closed + open > 0 ORDER "
      "BY g)" },

    /* the 13 weeks that end at :to, less those not begun by :asof;
     * backlog and overdue at each week's end, or at :ref for a week
     * not over; p holds each update's status at those days */
    { "trend", "weeks",
      "WITH RECURSIVE w(n, s, e) AS (SELECT 0, date(:to, '-91 days'), "
      "date(:to, '-84 days') UNION ALL SELECT n + 1, date(s, '+7 days'), "
      "date(e, '+7 days') FROM w WHERE n < 12), "
      "wx AS (SELECT n, s, e, min(e, :ref) x FROM w WHERE s <= :asof), "
      "p AS (SELECT wx.n, wx.x, u.id, u.due, " STATUS_AT("wx.x") " st FROM "
      "wx JOIN sec_update u ON " IDENT " < wx.x WHERE " LIVE ") "
      "SELECT json_group_array(json_object('week', s, "
      "'opened', (SELECT count(*) FROM sec_update u WHERE " LIVE " AND "
      IDENT " >= wx.s AND " IDENT " < wx.e), "
      "'closed', (SELECT count(*) FROM sec_update u WHERE " LIVE " AND "
      CLOSED_IN("wx.s", "wx.e") "), "
      "'backlog', (SELECT count(*) FROM p WHERE p.n = wx.n AND st NOT IN "
      DONE "), "
      "'overdue', (SELECT count(*) FROM p u WHERE u.n = wx.n AND st NOT IN "
      ACCEPTED_OR_DONE " AND " DUE_AT("u.x") " < date(u.x, '-1 day')))) "
      "FROM (SELECT * FROM wx ORDER BY n) wx" },

    /* posture at :ref */
    { "posture", "top_risks",
      "SELECT json_group_array(json(j)) FROM (SELECT json_object(" BRIEF
      ", 'kev', CASE WHEN " KEV_OF " THEN 'yes' ELSE 'no' END, "
      "'days_open', CAST(julianday(:asof) - julianday(" IDENT ") AS "
      "INTEGER)) j " FROM_U "WHERE " LIVE " AND " ACTIVE_AT(":ref")
      " ORDER BY " PRIO_RANK ", " KEV_OF
      " DESC, u.due IS NULL, u.due, u.id LIMIT 10)" },
    { "posture", "kev_exposure",
      "SELECT json_group_array(json(j)) FROM (SELECT json_object(" BRIEF
      ", 'days_open', CAST(julianday(:asof) - julianday(" IDENT ") AS "
      "INTEGER)) j " FROM_U "WHERE " LIVE " AND " OPEN_AT(":ref") " AND "
      KEV_OF " ORDER BY " IDENT ", u.id)" },
    { "posture", "kev_systems",
      SPLIT("systems") "SELECT count(DISTINCT sp.item) FROM sp JOIN "
      "sec_update u ON u.id = sp.id WHERE sp.item != '' AND " OPEN_AT(":ref")
      " AND " KEV_OF },
    { "posture", "accepted",
      "WITH r(rid, un) AS (SELECT u.id, substr(" RISK_AT("risk_until",
      ":ref") ", 1, 10) FROM sec_update u WHERE " LIVE " AND " IDENT
      " < :ref AND " STATUS_AT(":ref") " = 'risk_accepted') "
      "SELECT json_group_array(json(j)) FROM (SELECT json_object(" BRIEF
      ", 'until', r.un, 'accepted_by', " RISK_AT("risk_by", ":ref")
      ", 'reason', " RISK_AT("risk_reason", ":ref") ", 'flag', CASE WHEN "
      "r.un IS NULL THEN '' WHEN r.un < :asof THEN 'expired' WHEN r.un <= "
      ":soon THEN 'expires soon' ELSE '' END) j " FROM_U "JOIN r ON r.rid "
      "= u.id ORDER BY r.un, u.id)" },
    { "posture", "recurring",
      SPLIT("systems") ", ev(system, month, reopen) AS (SELECT sp.item, "
      "substr(" IDENT ", 1, 7), 0 FROM sp JOIN sec_update u ON u.id = "
      "sp.id WHERE sp.item != '' AND " IN_PERIOD(IDENT) " UNION ALL "
      "SELECT sp.item, NULL, 1 FROM sp JOIN history h ON h.update_id = "
      "sp.id AND h.field = 'status' AND h.old_value IN " DONE " AND "
      "h.new_value NOT IN " DONE " AND substr(h.time, 1, 10) >= :from AND "
      "substr(h.time, 1, 10) < :to WHERE sp.item != '') "
      "SELECT json_group_array(json_object('system', system, "
      "'months_with_new', months, 'new', nnew, 'reopened', reopened)) "
      "FROM (SELECT system, count(DISTINCT month) months, sum(reopen = 0) "
      "nnew, sum(reopen) reopened FROM ev GROUP BY system HAVING months "
      ">= 2 OR reopened > 0 ORDER BY reopened DESC, months DESC, nnew "
      "DESC, system)" },
};

static int bind_named(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);

    return i ? vigil__sq_text(st, i, v) : 0;
}

static int run_part(struct vigil_store *s, const struct part *p,
                    const struct vigil_report_span *sp, struct vigil_buf *out,
                    struct vigil_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(s->db, p->sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, err, "gather report figures");
    bind_named(st, ":from", sp->from);
    bind_named(st, ":to", sp->to);
    bind_named(st, ":ref", sp->ref);
    bind_named(st, ":asof", sp->asof);
    bind_named(st, ":soon", sp->soon);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        vigil_buf_add_json_str(out, p->key);
        vigil_buf_adds(out, ": ");
        vigil_buf_adds(out, sqlite3_column_type(st, 0) == SQLITE_NULL
                                ? "null" : vigil__sq_col(st, 0));
        rc = out->ptr ? 0 : VIGIL_ENOMEM;
    } else {
        rc = vigil__sq_err(s, err, "gather report figures");
    }
    sqlite3_finalize(st);
    return rc;
}

int vigil_store_report_json(struct vigil_store *s, const char *part,
                            const struct vigil_report_span *sp,
                            struct vigil_buf *out, struct vigil_error *err)
{
    size_t i, n = 0;
    int rc = 0;

    vigil_buf_addc(out, '{');
    for (i = 0; i < VIGIL_ARRAY_SIZE(parts) && !rc; i++) {
        if (strcmp(parts[i].part, part) != 0)
            continue;
        if (n++)
            vigil_buf_adds(out, ", ");
        rc = run_part(s, &parts[i], sp, out, err);
    }
    if (!rc && !n)
        rc = vigil_error_set(err, VIGIL_EINVAL, 0,
                             "no report figures named '%s'", part);
    vigil_buf_addc(out, '}');
    return rc ? rc : out->ptr ? 0 : VIGIL_ENOMEM;
}

int vigil_store_report_run_last(struct vigil_store *s, const char *kind,
                                char period[16], int *found)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(s->db, "SELECT max(period) FROM report_run "
                           "WHERE kind = ?", -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read report runs");
    vigil__sq_text(st, 1, kind);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = sqlite3_column_type(st, 0) != SQLITE_NULL;
        snprintf(period, 16, "%s", *found ? vigil__sq_col(st, 0) : "");
        rc = 0;
    } else {
        rc = vigil__sq_err(s, NULL, "read report runs");
    }
    sqlite3_finalize(st);
    return rc;
}

int vigil_store_report_run_add(struct vigil_store *s, const char *kind,
                               const char *period, const char *path,
                               struct vigil_error *err)
{
    char now[32];
    const char *v[] = { kind, period, path, vigil__sq_now(now) };

    return vigil__sq_exec_texts(s, "INSERT OR REPLACE INTO report_run "
                                "(kind, period, path, written) VALUES "
                                "(?, ?, ?, ?)", v, (int)VIGIL_ARRAY_SIZE(v),
                                err);
}
