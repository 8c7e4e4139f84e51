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
    sqlite3_stmt *st = vigil__sq_stmt(s, advisory_sql, err);
    int rc;

    /* cached: the server asks for one advisory after another, and
     * preparing this statement costs more than running it */
    if (!st)
        return VIGIL_EDB;
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
    sqlite3_reset(st);
    return rc;
}
