/*
 * sqlite_finding.c - findings of security tools and the event each new
 * or changed one raises.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "vigil/finding.h"
#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

/* The finding.imported detail; severity only when the finding has one. */
static void event_detail(const struct vigil_finding *f, struct vigil_buf *b)
{
    size_t i;

    vigil_buf_adds(b, "{\"finding\": ");
    vigil_buf_add_json_str(b, f->id);
    vigil_buf_adds(b, ", \"format\": ");
    vigil_buf_add_json_str(b, f->format);
    vigil_buf_adds(b, ", \"tool\": ");
    vigil_buf_add_json_str(b, f->tool);
    vigil_buf_adds(b, ", \"title\": ");
    vigil_buf_add_json_str(b, f->title);
    if (f->has_severity)
        vigil_buf_addf(b, ", \"severity\": %.17g", f->severity);
    vigil_buf_adds(b, ", \"severity_label\": ");
    vigil_buf_add_json_str(b, f->severity_label);
    vigil_buf_adds(b, ", \"status\": ");
    vigil_buf_add_json_str(b, f->status);
    vigil_buf_adds(b, ", \"record_state\": ");
    vigil_buf_add_json_str(b, f->record_state);
    vigil_buf_adds(b, ", \"cves\": [");
    for (i = 0; i < f->ncves; i++) {
        vigil_buf_adds(b, i ? ", " : "");
        vigil_buf_add_json_str(b, f->cves[i]);
    }
    vigil_buf_adds(b, "], \"resources\": [");
    for (i = 0; i < f->nresources; i++) {
        vigil_buf_adds(b, i ? ", " : "");
        vigil_buf_add_json_str(b, f->resources[i].id);
    }
    vigil_buf_adds(b, "]}");
}

static int find_finding(struct vigil_store *s, const struct vigil_finding *f,
                        long long *row, char hash[33])
{
    static const char sql[] =
        "SELECT id, raw_hash FROM finding WHERE format = ? AND "
        "finding_id = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    int found = 0;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, f->format);
    vigil__sq_text(st, 2, f->id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *row = sqlite3_column_int64(st, 0);
        snprintf(hash, 33, "%s", vigil__sq_col(st, 1));
        found = 1;
    }
    sqlite3_reset(st);
    return found ? 0 : VIGIL_ENOTFOUND;
}

static int write_finding(struct vigil_store *s, const struct vigil_finding *f,
                         const char *origin, const char *hash,
                         long long *row, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO finding (format, finding_id, tool, product_arn, title, "
        "description, rule_id, severity, severity_label, status, "
        "record_state, location, resources, created, updated, origin, raw, "
        "raw_hash, imported) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) "
        "ON CONFLICT (format, finding_id) DO UPDATE SET tool = ?3, "
        "product_arn = ?4, title = ?5, description = ?6, rule_id = ?7, "
        "severity = ?8, severity_label = ?9, status = ?10, "
        "record_state = ?11, location = ?12, resources = ?13, "
        "created = ?14, updated = ?15, origin = ?16, raw = ?17, "
        "raw_hash = ?18, imported = ?19 RETURNING id";
    struct vigil_buf res = VIGIL_BUF_INIT;
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    const char *v[] = { f->format, f->id, f->tool, f->product_arn, f->title,
                        f->description, f->rule_id };
    char now[32];
    size_t i;
    int rc;

    if (!st)
        return VIGIL_EDB;
    for (i = 0; i < VIGIL_ARRAY_SIZE(v); i++)
        vigil__sq_text(st, (int)i + 1, v[i]);
    if (f->has_severity)
        sqlite3_bind_double(st, 8, f->severity);
    vigil__sq_text(st, 9, f->severity_label);
    vigil__sq_text(st, 10, f->status);
    vigil__sq_text(st, 11, f->record_state);
    vigil__sq_text(st, 12, f->location);
    for (i = 0; i < f->nresources; i++)
        vigil_buf_addf(&res, "%s%s", i ? " " : "",
                       f->resources[i].id ? f->resources[i].id : "?");
    vigil__sq_text(st, 13, res.ptr);
    vigil__sq_text(st, 14, f->created);
    vigil__sq_text(st, 15, f->updated);
    vigil__sq_text(st, 16, origin);
    if (f->raw)
        sqlite3_bind_blob(st, 17, f->raw, (int)f->raw_len, SQLITE_TRANSIENT);
    vigil__sq_text(st, 18, hash);
    vigil__sq_text(st, 19, vigil__sq_now(now));
    rc = sqlite3_step(st) == SQLITE_ROW ? 0
                                         : vigil__sq_err(s, err,
                                                         "store a finding");
    if (!rc)
        *row = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    vigil_buf_release(&res);
    return rc;
}

static int write_cves(struct vigil_store *s, const struct vigil_finding *f,
                      long long row, struct vigil_error *err)
{
    static const char del[] = "DELETE FROM finding_cve WHERE finding = ?";
    static const char ins[] =
        "INSERT OR IGNORE INTO finding_cve (finding, cve) VALUES (?, ?)";
    sqlite3_stmt *st = vigil__sq_stmt(s, del, err);
    size_t i;
    int rc;

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, row);
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;
    for (i = 0; i < f->ncves; i++) {
        if (!(st = vigil__sq_stmt(s, ins, err)))
            return VIGIL_EDB;
        sqlite3_bind_int64(st, 1, row);
        vigil__sq_text(st, 2, f->cves[i]);
        if ((rc = vigil__sq_exec(s, st, err)))
            return rc;
    }
    return 0;
}

int vigil_store_put_finding(struct vigil_store *s,
                            const struct vigil_finding *f, const char *origin,
                            enum vigil_put_outcome *outcome,
                            struct vigil_error *err)
{
    struct vigil_buf detail = VIGIL_BUF_INIT;
    unsigned char h[16];
    char hash[33], old[33] = "";
    long long row = 0;
    size_t i;
    int rc, known;

    crypto_generichash(h, sizeof(h), (const unsigned char *)f->raw,
                       f->raw ? f->raw_len : 0, NULL, 0);
    for (i = 0; i < sizeof(h); i++)
        snprintf(hash + 2 * i, 3, "%02x", h[i]);
    known = find_finding(s, f, &row, old) == 0;
    if (known && strcmp(old, hash) == 0) {
        *outcome = VIGIL_PUT_UNCHANGED;
        return 0;
    }
    *outcome = known ? VIGIL_PUT_UPDATED : VIGIL_PUT_NEW;
    if ((rc = write_finding(s, f, origin, hash, &row, err)) ||
        (rc = write_cves(s, f, row, err)))
        return rc;
    event_detail(f, &detail);
    rc = vigil_store_event_add(s, "finding.imported", "vigil.import",
                               detail.ptr, err);
    vigil_buf_release(&detail);
    return rc;
}

int vigil_store_link_findings(struct vigil_store *s, struct vigil_error *err)
{
    return vigil__sq_run(s,
        "INSERT OR IGNORE INTO finding_system (finding, system_id) "
        "SELECT f.id, y.id FROM system y, json_each(y.resources) r "
        "JOIN finding f ON instr(' ' || f.resources || ' ', "
        "' ' || r.value || ' ') > 0 "
        "WHERE y.resources IS NOT NULL AND json_valid(y.resources)", err);
}

static const char findings_sql[] =
    "SELECT json_group_array(json(j)) FROM (SELECT json_object("
    "'id', f.finding_id, 'format', f.format, 'tool', f.tool, "
    "'title', f.title, 'severity', f.severity, "
    "'severity_label', f.severity_label, 'status', f.status, "
    "'record_state', f.record_state, 'imported', f.imported, "
    "'cves', (SELECT json_group_array(cve) FROM finding_cve c WHERE "
    "  c.finding = f.id), "
    "'resources', f.resources, "
    "'systems', (SELECT json_group_array(y.name) FROM finding_system l "
    "  JOIN system y ON y.id = l.system_id WHERE l.finding = f.id)) j "
    "FROM finding f WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM "
    "  finding_system l JOIN system y ON y.id = l.system_id WHERE "
    "  l.finding = f.id AND y.name = ?1)) AND (?2 IS NULL OR EXISTS "
    "  (SELECT 1 FROM finding_cve c WHERE c.finding = f.id AND "
    "  c.cve = ?2)) ORDER BY f.imported DESC, f.id DESC LIMIT ?3)";

int vigil_store_findings_json(struct vigil_store *s, const char *system,
                              const char *cve, long long limit,
                              struct vigil_buf *out, struct vigil_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(s->db, findings_sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, err, "list findings");
    vigil__sq_text(st, 1, system);
    vigil__sq_text(st, 2, cve);
    sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
    rc = sqlite3_step(st) == SQLITE_ROW
             ? vigil_buf_adds(out, vigil__sq_col(st, 0))
             : vigil__sq_err(s, err, "list findings");
    sqlite3_finalize(st);
    return rc;
}
