/*
 * sqlite_view.c - whole-entity views as JSON documents, built by
 * SQLite's JSON functions so that a view is one query.
 */
#include <string.h>

#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

static const char advisory_sql[] =
    "SELECT json_object("
    "'id', a.primary_id, 'title', a.title, 'description', a.description, "
    "'published', a.published, 'modified', a.modified, "
    "'withdrawn', json(CASE a.withdrawn WHEN 1 THEN 'true' ELSE 'false' "
    "  END), "
    "'aliases', (SELECT json_group_array(alias) FROM (SELECT alias FROM "
    "  alias WHERE advisory_id = a.id AND alias != a.primary_id "
    "  ORDER BY alias)), "
    "'sources', (SELECT json_group_array(json_object('format', format, "
    "  'source', source, 'id', record_id, 'origin', origin, "
    "  'published', published, 'modified', modified, 'withdrawn', "
    "  json(CASE withdrawn WHEN 1 THEN 'true' ELSE 'false' END), "
    "  'remediations', remediations, "
    "  'imported', imported)) FROM (SELECT * FROM source_record WHERE "
    "  advisory_id = a.id ORDER BY format, record_id)), "
    "'scores', (SELECT json_group_array(json_object('source', c.source, "
    "  'type', c.type, 'version', c.version, 'vector', c.vector, "
    "  'published', c.published, 'computed', c.computed, 'mismatch', "
    "  json(CASE c.mismatch WHEN 1 THEN 'true' ELSE 'false' END), "
    "  'error', c.error, 'format', r.format)) FROM score c JOIN "
    "  source_record r ON r.id = c.record WHERE c.advisory_id = a.id), "
    "'cwes', (SELECT json_group_array(DISTINCT cwe) FROM cwe WHERE "
    "  advisory_id = a.id), "
    "'references', (SELECT json_group_array(url) FROM (SELECT DISTINCT "
    "  url FROM reference WHERE advisory_id = a.id ORDER BY url)), "
    "'kev', (SELECT json_object('cve', cve, 'vendor', vendor, 'product', "
    "  product, 'name', name, 'date_added', date_added, 'due_date', "
    "  due_date, 'required_action', required_action, "
    "  'known_ransomware_use', json(CASE ransomware WHEN 1 THEN 'true' "
    "  ELSE 'false' END)) FROM kev WHERE advisory_id = a.id LIMIT 1), "
    "'epss', (SELECT json_group_array(json_object('date', date, 'score', "
    "  score, 'percentile', percentile)) FROM (SELECT * FROM epss WHERE "
    "  cve = a.primary_id ORDER BY date)), "
    "'affected', (SELECT json_group_array(json(data)) FROM affected "
    "  WHERE advisory_id = a.id), "
    "'update', (SELECT 'VU-' || id FROM sec_update WHERE advisory_id = "
    "  a.id AND merged_into IS NULL)"
    ") FROM advisory a WHERE a.id = ?";

int vigil_store_advisory_json(struct vigil_store *s, long long advisory_id,
                              struct vigil_buf *out,
                              struct vigil_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(s->db, advisory_sql, -1, &st, NULL) !=
        SQLITE_OK)
        return vigil__sq_err(s, err, "read the advisory");
    sqlite3_bind_int64(st, 1, advisory_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        rc = vigil_buf_adds(out, vigil__sq_col(st, 0));
    } else if (rc == SQLITE_DONE) {
        rc = vigil_error_set(err, VIGIL_ENOTFOUND, 0, "no advisory %lld",
                             advisory_id);
    } else {
        rc = vigil__sq_err(s, err, "read the advisory");
    }
    sqlite3_finalize(st);
    return rc;
}

#define OPEN_STATUS                                                         \
    "u.status NOT IN ('closed', 'verified', 'not_affected', "               \
    "'false_positive')"
#define UPDATE_BRIEF                                                        \
    "json_object('id', 'VU-' || u.id, 'advisory', a.primary_id, "           \
    "'title', u.title, 'priority', u.priority, 'status', u.status, "        \
    "'due', u.due, 'assignee', u.assignee, 'systems', u.systems, "          \
    "'identified', u.identified, 'kev', json(CASE WHEN EXISTS (SELECT 1 "   \
    "FROM kev k WHERE k.advisory_id = u.advisory_id) THEN 'true' ELSE "     \
    "'false' END))"
#define PRIO_RANK                                                           \
    "CASE u.priority WHEN 'Critical' THEN 0 WHEN 'High' THEN 1 "            \
    "WHEN 'Medium' THEN 2 ELSE 3 END"

static const char weekly_sql[] =
    "SELECT json_object('from', ?1, 'to', ?2, "
    "'new_by_priority', (SELECT json_object("
    "  'Critical', sum(priority = 'Critical'), 'High', sum(priority = "
    "  'High'), 'Medium', sum(priority = 'Medium'), 'Low', "
    "  sum(priority = 'Low'), 'total', count(*)) FROM sec_update WHERE "
    "  merged_into IS NULL AND created >= ?1 AND created <= ?2), "
    "'new', (SELECT json_group_array(json(j)) FROM (SELECT " UPDATE_BRIEF
    "  j FROM sec_update u JOIN advisory a ON a.id = u.advisory_id WHERE "
    "  u.merged_into IS NULL AND u.created >= ?1 AND u.created <= ?2 "
    "  ORDER BY " PRIO_RANK ", u.due, u.id)), "
    "'kev', (SELECT json_group_array(json(j)) FROM (SELECT " UPDATE_BRIEF
    "  j FROM sec_update u JOIN advisory a ON a.id = u.advisory_id WHERE "
    "  u.merged_into IS NULL AND " OPEN_STATUS " AND EXISTS (SELECT 1 "
    "  FROM kev k WHERE k.advisory_id = u.advisory_id) ORDER BY u.due, "
    "  u.id)), "
    "'overdue', (SELECT json_group_array(json(j)) FROM (SELECT "
    "  " UPDATE_BRIEF " j FROM sec_update u JOIN advisory a ON a.id = "
    "  u.advisory_id WHERE u.merged_into IS NULL AND " OPEN_STATUS
    "  AND u.status != 'risk_accepted' AND u.due < substr(?2, 1, 10) "
    "  ORDER BY u.due, u.id)), "
    "'systems', (SELECT json_group_array(json_object('name', name, "
    "  'owner', owner, 'criticality', criticality, 'open', open, "
    "  'critical', crit)) FROM (SELECT y.name, y.owner, y.criticality, "
    "  count(DISTINCT u.id) open, count(DISTINCT CASE u.priority WHEN "
    "  'Critical' THEN u.id END) crit FROM system y JOIN match m ON "
    "  m.system_id = y.id AND m.active = 1 AND m.verdict = 'affected' "
    "  JOIN sec_update u ON u.advisory_id = m.advisory_id AND "
    "  u.merged_into IS NULL AND " OPEN_STATUS " GROUP BY y.id "
    "  ORDER BY open DESC, crit DESC, y.name LIMIT 10)), "
    "'totals', (SELECT json_object('updates', count(*), 'open', "
    "  sum(" OPEN_STATUS "), 'closed_in_period', sum(NOT " OPEN_STATUS
    "  AND u.updated >= ?1 AND u.updated <= ?2), 'overdue', sum("
    "  " OPEN_STATUS " AND u.status != 'risk_accepted' AND "
    "  u.due < substr(?2, 1, 10)), 'kev_open', "
    "  sum(" OPEN_STATUS " AND EXISTS (SELECT 1 FROM kev k WHERE "
    "  k.advisory_id = u.advisory_id)), 'advisories', (SELECT count(*) "
    "  FROM advisory), 'systems', (SELECT count(*) FROM system), "
    "  'components', (SELECT count(*) FROM component)) "
    "  FROM sec_update u WHERE u.merged_into IS NULL))";

int vigil_store_weekly_json(struct vigil_store *s, const char *from,
                            const char *to, struct vigil_buf *out,
                            struct vigil_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(s->db, weekly_sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, err, "build the weekly report");
    vigil__sq_text(st, 1, from);
    vigil__sq_text(st, 2, to);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        rc = vigil_buf_adds(out, vigil__sq_col(st, 0));
    else
        rc = vigil__sq_err(s, err, "build the weekly report");
    sqlite3_finalize(st);
    return rc;
}
