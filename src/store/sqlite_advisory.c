/*
 * sqlite_advisory.c - storing advisories: one row per threat, one
 * source_record per (format, record id), merged through aliases.
 *
 * Invariant: every id and alias a source record names is in the alias
 * table and points at the advisory that holds the record, so "which
 * advisory is CVE-2021-44228" is one index look-up, and a record that
 * links two advisories folds them into one.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/purl.h"
#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

#define MAX_KEYS 256

/* Record ids and aliases, deduplicated, in the record's order. */
struct keyset {
    const char *key[MAX_KEYS];
    size_t n;
};

static void keys_add(struct keyset *k, const char *id)
{
    size_t i;

    if (!id || !*id || k->n == MAX_KEYS)
        return;
    for (i = 0; i < k->n; i++)
        if (strcmp(k->key[i], id) == 0)
            return;
    k->key[k->n++] = id;
}

static int is_cve(const char *id)
{
    return id && strncmp(id, "CVE-", 4) == 0;
}

/* The id an advisory is known by: a CVE id when the record has one. */
static const char *pick_primary(const struct keyset *k)
{
    size_t i;

    for (i = 0; i < k->n; i++)
        if (is_cve(k->key[i]))
            return k->key[i];
    return k->key[0];
}

static void hash_hex(const void *data, size_t len, char out[33])
{
    unsigned char h[16];
    size_t i;

    crypto_generichash(h, sizeof(h), data, len, NULL, 0);
    for (i = 0; i < sizeof(h); i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static int lookup_alias(struct vigil_store *s, const char *key,
                        long long *id)
{
    static const char sql[] =
        "SELECT advisory_id FROM alias WHERE alias = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    int found = 0;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, key);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        found = 1;
    }
    sqlite3_reset(st);
    return found ? 0 : VIGIL_ENOTFOUND;
}

/* The advisory whose primary id or alias is exactly id. */
static int find_exact(struct vigil_store *s, const char *id,
                      long long *advisory_id)
{
    static const char sql[] =
        "SELECT id FROM advisory WHERE primary_id = ?";
    sqlite3_stmt *st;
    long long v;

    if (lookup_alias(s, id, &v) == 0) {
        *advisory_id = v;
        return 0;
    }
    st = vigil__sq_stmt(s, sql, NULL);
    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return VIGIL_ENOTFOUND;
    }
    *advisory_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

int vigil_store_find_advisory(struct vigil_store *s, const char *id,
                              long long *advisory_id)
{
    char canon[256];
    size_t i;
    int rc = find_exact(s, id, advisory_id);

    /* ids are kept as their sources spell them, in one case each */
    if (rc != VIGIL_ENOTFOUND ||
        vigil_store_advisory_id_canon(id, canon, sizeof(canon)) != 0)
        return rc;
    if (strcmp(canon, id) != 0 &&
        (rc = find_exact(s, canon, advisory_id)) != VIGIL_ENOTFOUND)
        return rc;

    /* ids of several parts are upper case throughout in most sources
     * ("DEBIAN-CVE-2023-38545", "RHSA-2023:1234") */
    for (i = 0; canon[i]; i++)
        canon[i] = (char)vigil__toupper((unsigned char)canon[i]);
    if (strcmp(canon, id) == 0)
        return VIGIL_ENOTFOUND;
    return find_exact(s, canon, advisory_id);
}

/*
 * Moves everything of advisory from into advisory into and deletes
 * from.  Security updates are not lost: when both have one, from's is
 * marked merged into into's.
 */
static int fold_advisory(struct vigil_store *s, long long from,
                         long long into, struct vigil_error *err)
{
    static const char *const moves[] = {
        "UPDATE alias SET advisory_id = ?2 WHERE advisory_id = ?1",
        "UPDATE source_record SET advisory_id = ?2 WHERE advisory_id = ?1",
        "UPDATE score SET advisory_id = ?2 WHERE advisory_id = ?1",
        "UPDATE cwe SET advisory_id = ?2 WHERE advisory_id = ?1",
        "UPDATE reference SET advisory_id = ?2 WHERE advisory_id = ?1",
        "UPDATE kev SET advisory_id = ?2 WHERE advisory_id = ?1",
        "UPDATE affected SET advisory_id = ?2 WHERE advisory_id = ?1",
        "UPDATE OR IGNORE match SET advisory_id = ?2 "
        "WHERE advisory_id = ?1",
        "DELETE FROM match WHERE advisory_id = ?1",
        "UPDATE sec_update SET merged_into = (SELECT id FROM sec_update "
        "WHERE advisory_id = ?2 AND merged_into IS NULL) "
        "WHERE advisory_id = ?1 AND merged_into IS NULL AND EXISTS "
        "(SELECT 1 FROM sec_update WHERE advisory_id = ?2 "
        "AND merged_into IS NULL)",
        "UPDATE sec_update SET advisory_id = ?2 WHERE advisory_id = ?1",
        "DELETE FROM advisory WHERE id = ?1",
    };
    size_t i;
    int rc;

    for (i = 0; i < VIGIL_ARRAY_SIZE(moves); i++) {
        sqlite3_stmt *st = vigil__sq_stmt(s, moves[i], err);

        if (!st)
            return VIGIL_EDB;
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_int64(st, 2, into);
        if ((rc = vigil__sq_exec(s, st, err)))
            return rc;
    }
    return 0;
}

static int insert_advisory(struct vigil_store *s, const char *primary,
                           long long *id, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO advisory (primary_id, first_seen, updated) "
        "VALUES (?, ?, ?)";
    char now[32];
    const char *v[3];
    int rc;

    v[0] = primary;
    v[1] = v[2] = vigil__sq_now(now);
    if ((rc = vigil__sq_exec_texts(s, sql, v, 3, err)))
        return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

/*
 * Finds the advisory this record belongs to, creating or folding
 * advisories as its keys require.  *created is 1 for a new advisory.
 */
static int resolve_advisory(struct vigil_store *s, const struct keyset *k,
                            long long *id, int *created,
                            struct vigil_error *err)
{
    long long found[MAX_KEYS], target = 0, v;
    size_t i, j, nfound = 0;
    int rc;

    for (i = 0; i < k->n; i++) {
        if (lookup_alias(s, k->key[i], &v) != 0)
            continue;
        for (j = 0; j < nfound && found[j] != v; j++)
            ;
        if (j == nfound)
            found[nfound++] = v;
        if (!target || v < target)
            target = v;
    }
    *created = 0;
    if (!target) {
        *created = 1;
        return insert_advisory(s, pick_primary(k), id, err);
    }
    for (j = 0; j < nfound; j++) {
        if (found[j] != target && (rc = fold_advisory(s, found[j], target,
                                                      err)))
            return rc;
    }
    *id = target;
    return 0;
}

static int add_aliases(struct vigil_store *s, const struct keyset *k,
                       long long id, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO alias (alias, advisory_id) VALUES (?, ?)";
    size_t i;
    int rc;

    for (i = 0; i < k->n; i++) {
        sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

        if (!st)
            return VIGIL_EDB;
        vigil__sq_text(st, 1, k->key[i]);
        sqlite3_bind_int64(st, 2, id);
        if ((rc = vigil__sq_exec(s, st, err)))
            return rc;
    }
    return 0;
}

/* Deletes what a source record contributed, before it is rewritten. */
static int clear_record(struct vigil_store *s, long long rec,
                        struct vigil_error *err)
{
    static const char *const dels[] = {
        "DELETE FROM score WHERE record = ?",
        "DELETE FROM cwe WHERE record = ?",
        "DELETE FROM reference WHERE record = ?",
        "DELETE FROM affected WHERE record = ?",
    };
    size_t i;
    int rc;

    for (i = 0; i < VIGIL_ARRAY_SIZE(dels); i++) {
        sqlite3_stmt *st = vigil__sq_stmt(s, dels[i], err);

        if (!st)
            return VIGIL_EDB;
        sqlite3_bind_int64(st, 1, rec);
        if ((rc = vigil__sq_exec(s, st, err)))
            return rc;
    }
    return 0;
}

static int put_scores(struct vigil_store *s, const struct vigil_advisory *a,
                      long long adv, long long rec, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO score (advisory_id, record, source, type, version, "
        "vector, published, computed, severity, mismatch, error) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    size_t i;
    int rc;

    for (i = 0; i < a->nscores; i++) {
        const struct vigil_score *sc = &a->scores[i];
        sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

        if (!st)
            return VIGIL_EDB;
        sqlite3_bind_int64(st, 1, adv);
        sqlite3_bind_int64(st, 2, rec);
        vigil__sq_text(st, 3, sc->source ? sc->source : a->source);
        vigil__sq_text(st, 4, sc->type);
        vigil__sq_text(st, 5, sc->version);
        vigil__sq_text(st, 6, sc->vector);
        if (sc->has_published)
            sqlite3_bind_double(st, 7, sc->published);
        if (sc->has_computed)
            sqlite3_bind_double(st, 8, sc->computed);
        vigil__sq_text(st, 9, sc->severity);
        sqlite3_bind_int(st, 10, sc->mismatch);
        vigil__sq_text(st, 11, sc->error);
        if ((rc = vigil__sq_exec(s, st, err)))
            return rc;
    }
    return 0;
}

static int put_cwes_refs(struct vigil_store *s,
                         const struct vigil_advisory *a, long long adv,
                         long long rec, struct vigil_error *err)
{
    static const char cwe_sql[] =
        "INSERT INTO cwe (advisory_id, record, cwe) VALUES (?, ?, ?)";
    static const char ref_sql[] =
        "INSERT INTO reference (advisory_id, record, url, type) "
        "VALUES (?, ?, ?, ?)";
    sqlite3_stmt *st;
    size_t i;
    int rc;

    for (i = 0; i < a->ncwes; i++) {
        if (!(st = vigil__sq_stmt(s, cwe_sql, err)))
            return VIGIL_EDB;
        sqlite3_bind_int64(st, 1, adv);
        sqlite3_bind_int64(st, 2, rec);
        vigil__sq_text(st, 3, a->cwes[i]);
        if ((rc = vigil__sq_exec(s, st, err)))
            return rc;
    }
    for (i = 0; i < a->nrefs; i++) {
        if (!a->refs[i].url)
            continue;
        if (!(st = vigil__sq_stmt(s, ref_sql, err)))
            return VIGIL_EDB;
        sqlite3_bind_int64(st, 1, adv);
        sqlite3_bind_int64(st, 2, rec);
        vigil__sq_text(st, 3, a->refs[i].url);
        vigil__sq_text(st, 4, a->refs[i].type);
        if ((rc = vigil__sq_exec(s, st, err)))
            return rc;
    }
    return 0;
}

static const char *const aff_kinds[] = { "package", "cpe", "product" };

/* Vendor and product of a CPE 2.3 string, for the CPE index. */
static void cpe_vendor_product(const char *cpe, char *vendor, char *product,
                               size_t len)
{
    const char *p = cpe;
    int field = 0;
    size_t n;

    vendor[0] = product[0] = '\0';
    if (!cpe || strncmp(cpe, "cpe:2.3:", 8) != 0)
        return;
    p += 8;
    while (*p && field < 3) {
        const char *start = p;

        while (*p && *p != ':') {
            if (*p == '\\' && p[1])
                p++;
            p++;
        }
        n = (size_t)(p - start) < len - 1 ? (size_t)(p - start) : len - 1;
        if (field == 1)
            memcpy(vendor, start, n), vendor[n] = '\0';
        else if (field == 2)
            memcpy(product, start, n), product[n] = '\0';
        field++;
        if (*p == ':')
            p++;
    }
}

static int put_one_affected(struct vigil_store *s, long long adv,
                            long long rec, const struct vigil_affected *af,
                            struct vigil_buf *json, struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO affected (advisory_id, record, kind, ecosystem, "
        "name_key, cpe_vendor, cpe_product, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    char key[512], vendor[128], product[128];
    sqlite3_stmt *st;
    int rc;

    vigil_buf_reset(json);
    if ((rc = vigil_affected_to_json(af, json)))
        return rc;
    key[0] = '\0';
    if (af->name && vigil_pkg_name_key(af->ecosystem, af->name, key,
                                       sizeof(key)) != 0)
        key[0] = '\0';
    cpe_vendor_product(af->cpe, vendor, product, sizeof(vendor));
    if (!(st = vigil__sq_stmt(s, sql, err)))
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, adv);
    sqlite3_bind_int64(st, 2, rec);
    vigil__sq_text(st, 3, aff_kinds[af->kind]);
    vigil__sq_text(st, 4, af->ecosystem);
    vigil__sq_text(st, 5, key[0] ? key : NULL);
    vigil__sq_text(st, 6, vendor[0] ? vendor : af->vendor);
    vigil__sq_text(st, 7, product[0] ? product : af->product);
    vigil__sq_text(st, 8, json->ptr);
    return vigil__sq_exec(s, st, err);
}

static int put_affected(struct vigil_store *s,
                        const struct vigil_advisory *a, long long adv,
                        long long rec, struct vigil_error *err)
{
    struct vigil_buf json = VIGIL_BUF_INIT;
    size_t i;
    int rc = 0;

    for (i = 0; i < a->naffected && !rc; i++)
        rc = put_one_affected(s, adv, rec, &a->affected[i], &json, err);
    vigil_buf_release(&json);
    return rc;
}

static int put_kev(struct vigil_store *s, const struct vigil_advisory *a,
                   const struct keyset *k, long long adv, long long rec,
                   struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO kev (cve, advisory_id, record, vendor, product, name, "
        "date_added, due_date, required_action, notes, ransomware) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
        "ON CONFLICT (cve) DO UPDATE SET advisory_id = ?2, "
        "record = CASE WHEN ?12 = 'kev' OR record IS NULL THEN ?3 "
        "ELSE record END, "
        "vendor = coalesce(?4, vendor), product = coalesce(?5, product), "
        "name = coalesce(?6, name), "
        "date_added = coalesce(date_added, ?7), "
        "due_date = coalesce(?8, due_date), "
        "required_action = coalesce(?9, required_action), "
        "notes = coalesce(?10, notes), "
        "ransomware = max(ransomware, ?11)";
    const struct vigil_kev *kv = a->kev;
    sqlite3_stmt *st;

    if (!kv || !is_cve(pick_primary(k)))
        return 0;
    if (!(st = vigil__sq_stmt(s, sql, err)))
        return VIGIL_EDB;
    vigil__sq_text(st, 1, pick_primary(k));
    sqlite3_bind_int64(st, 2, adv);
    sqlite3_bind_int64(st, 3, rec);
    vigil__sq_text(st, 4, kv->vendor);
    vigil__sq_text(st, 5, kv->product);
    vigil__sq_text(st, 6, kv->name);
    vigil__sq_text(st, 7, kv->date_added);
    vigil__sq_text(st, 8, kv->due_date);
    vigil__sq_text(st, 9, kv->required_action);
    vigil__sq_text(st, 10, kv->notes);
    sqlite3_bind_int(st, 11, kv->ransomware);
    vigil__sq_text(st, 12, a->format);
    return vigil__sq_exec(s, st, err);
}

/* Looks up a source record: its row, advisory and content hash. */
static int find_record(struct vigil_store *s, const char *format,
                       const char *record_id, long long *rec,
                       long long *adv, char hash[33])
{
    static const char sql[] =
        "SELECT id, advisory_id, raw_hash FROM source_record "
        "WHERE format = ? AND record_id = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, NULL);
    int found = 0;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, format);
    vigil__sq_text(st, 2, record_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *rec = sqlite3_column_int64(st, 0);
        *adv = sqlite3_column_int64(st, 1);
        snprintf(hash, 33, "%s", vigil__sq_col(st, 2));
        found = 1;
    }
    sqlite3_reset(st);
    return found ? 0 : VIGIL_ENOTFOUND;
}

static void join_aliases(const struct vigil_advisory *a, struct vigil_buf *b)
{
    size_t i;

    for (i = 0; i < a->naliases; i++) {
        if (i)
            vigil_buf_addc(b, ' ');
        vigil_buf_adds(b, a->aliases[i]);
    }
}

static void join_lines(const char **lines, size_t n, struct vigil_buf *b)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (i)
            vigil_buf_addc(b, '\n');
        vigil_buf_adds(b, lines[i]);
    }
}

/* Inserts (rec == 0) or rewrites the source record row. */
static int write_record(struct vigil_store *s, const struct vigil_advisory *a,
                        const char *origin, long long adv, const char *hash,
                        long long *rec, struct vigil_error *err)
{
    static const char ins[] =
        "INSERT INTO source_record (advisory_id, format, source, "
        "record_id, origin, title, description, published, modified, "
        "withdrawn, aliases, raw, raw_hash, imported, remediations) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "?14, ?16)";
    static const char upd[] =
        "UPDATE source_record SET advisory_id = ?1, format = ?2, "
        "source = ?3, record_id = ?4, origin = ?5, title = ?6, "
        "description = ?7, published = ?8, modified = ?9, withdrawn = ?10, "
        "aliases = ?11, raw = ?12, raw_hash = ?13, imported = ?14, "
        "remediations = ?16 WHERE id = ?15";
    struct vigil_buf aliases = VIGIL_BUF_INIT, rem = VIGIL_BUF_INIT;
    sqlite3_stmt *st = vigil__sq_stmt(s, *rec ? upd : ins, err);
    char now[32];
    int rc;

    if (!st)
        return VIGIL_EDB;
    join_aliases(a, &aliases);
    sqlite3_bind_int64(st, 1, adv);
    vigil__sq_text(st, 2, a->format);
    vigil__sq_text(st, 3, a->source);
    vigil__sq_text(st, 4, a->id);
    vigil__sq_text(st, 5, origin);
    vigil__sq_text(st, 6, a->title);
    vigil__sq_text(st, 7, a->description);
    vigil__sq_text(st, 8, a->published);
    vigil__sq_text(st, 9, a->modified);
    sqlite3_bind_int(st, 10, a->withdrawn);
    vigil__sq_text(st, 11, aliases.ptr);
    if (a->raw)
        sqlite3_bind_blob(st, 12, a->raw, (int)a->raw_len,
                          SQLITE_TRANSIENT);
    vigil__sq_text(st, 13, hash);
    vigil__sq_text(st, 14, vigil__sq_now(now));
    if (*rec)
        sqlite3_bind_int64(st, 15, *rec);
    join_lines(a->remediations, a->nremediations, &rem);
    vigil__sq_text(st, 16, rem.ptr);
    rc = vigil__sq_exec(s, st, err);
    vigil_buf_release(&aliases);
    vigil_buf_release(&rem);
    if (!rc && !*rec)
        *rec = sqlite3_last_insert_rowid(s->db);
    return rc;
}

/*
 * Recomputes the advisory's own fields from its sources: text from the
 * most authoritative one (CVE 5, then NVD, OSV, vendor advisories,
 * KEV, bulletins), withdrawn when a CVE authority rejected it or every
 * source withdrew it, and a CVE primary id once one is known.
 */
static int refresh_advisory(struct vigil_store *s, long long adv,
                            const struct keyset *k, struct vigil_error *err)
{
    static const char sql[] =
        "UPDATE advisory SET "
        "(title, description, published, modified) = (SELECT "
        "  coalesce(title, (SELECT title FROM source_record r2 WHERE "
        "   r2.advisory_id = ?1 AND title IS NOT NULL LIMIT 1)), "
        "  description, "
        "  (SELECT min(published) FROM source_record r3 "
        "   WHERE r3.advisory_id = ?1), "
        "  (SELECT max(modified) FROM source_record r4 "
        "   WHERE r4.advisory_id = ?1) "
        " FROM source_record WHERE advisory_id = ?1 "
        " ORDER BY CASE format WHEN 'cve5' THEN 0 WHEN 'nvd' THEN 1 "
        "  WHEN 'osv' THEN 2 WHEN 'csaf' THEN 3 WHEN 'kev' THEN 4 "
        "  ELSE 5 END, description IS NULL LIMIT 1), "
        "withdrawn = (SELECT CASE WHEN sum(withdrawn AND format IN "
        "  ('cve5','nvd')) > 0 OR min(withdrawn) = 1 THEN 1 ELSE 0 END "
        "  FROM source_record WHERE advisory_id = ?1), "
        "primary_id = CASE WHEN primary_id NOT LIKE 'CVE-%' AND ?2 "
        "  LIKE 'CVE-%' THEN ?2 ELSE primary_id END, "
        "updated = ?3 WHERE id = ?1";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    char now[32];

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, adv);
    vigil__sq_text(st, 2, pick_primary(k));
    vigil__sq_text(st, 3, vigil__sq_now(now));
    return vigil__sq_exec(s, st, err);
}

static int write_children(struct vigil_store *s,
                          const struct vigil_advisory *a,
                          const struct keyset *k, long long adv,
                          long long rec, struct vigil_error *err)
{
    int rc;

    if ((rc = put_scores(s, a, adv, rec, err)) ||
        (rc = put_cwes_refs(s, a, adv, rec, err)) ||
        (rc = put_affected(s, a, adv, rec, err)) ||
        (rc = put_kev(s, a, k, adv, rec, err)))
        return rc;
    return 0;
}

int vigil_store_put_advisory(struct vigil_store *s,
                             const struct vigil_advisory *a,
                             const char *origin,
                             enum vigil_put_outcome *outcome,
                             long long *advisory_id,
                             struct vigil_error *err)
{
    struct keyset k = { { NULL }, 0 };
    struct vigil__adv_state before;
    long long adv, rec = 0, old_adv = 0;
    char hash[33], old_hash[33] = "";
    int created, rc;
    size_t i;

    if (!a->id || !*a->id)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "record has no id");
    keys_add(&k, a->id);
    for (i = 0; i < a->naliases; i++)
        keys_add(&k, a->aliases[i]);
    hash_hex(a->raw ? a->raw : "", a->raw ? a->raw_len : 0, hash);
    find_record(s, a->format, a->id, &rec, &old_adv, old_hash);

    if ((rc = resolve_advisory(s, &k, &adv, &created, err)))
        return rc;
    if (rec && old_adv != adv && (rc = fold_advisory(s, old_adv, adv, err)))
        return rc;
    if ((rc = add_aliases(s, &k, adv, err)))
        return rc;
    vigil__sq_advisory_state(s, adv, &before);

    if (rec && strcmp(hash, old_hash) == 0) {
        *outcome = VIGIL_PUT_UNCHANGED;
    } else {
        *outcome = rec ? VIGIL_PUT_UPDATED
                       : created ? VIGIL_PUT_NEW : VIGIL_PUT_MERGED;
        if ((rec && (rc = clear_record(s, rec, err))) ||
            (rc = write_record(s, a, origin, adv, hash, &rec, err)) ||
            (rc = write_children(s, a, &k, adv, rec, err)) ||
            (rc = refresh_advisory(s, adv, &k, err)) ||
            (rc = vigil__sq_advisory_event(s, adv, *outcome, a, &before,
                                           err)))
            return rc;
    }
    if (advisory_id)
        *advisory_id = adv;
    return 0;
}

int vigil_store_put_epss(struct vigil_store *s, const char *cve,
                         double score, double percentile, const char *date,
                         const char *model, int *changed,
                         struct vigil_error *err)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO epss (cve, date, score, percentile, model) "
        "VALUES (?, ?, ?, ?, ?)";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);
    int rc;

    if (!st)
        return VIGIL_EDB;
    vigil__sq_text(st, 1, cve);
    vigil__sq_text(st, 2, date);
    sqlite3_bind_double(st, 3, score);
    sqlite3_bind_double(st, 4, percentile);
    vigil__sq_text(st, 5, model);
    if ((rc = vigil__sq_exec(s, st, err)))
        return rc;
    *changed = sqlite3_changes(s->db) > 0;
    return *changed ? vigil__sq_epss_event(s, cve, score, percentile, date,
                                           err)
                    : 0;
}
