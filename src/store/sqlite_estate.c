/*
 * sqlite_estate.c - systems, their components, and the look-ups that
 * matching needs.
 */
#include <string.h>

#include "vigil/store.h"
#include "sqlite_int.h"
#include "../internal.h"

int vigil_store_system_put(struct vigil_store *s,
                           const struct vigil_system *sys, long long *id,
                           struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO system (name, owner, env, criticality, distro, tags, "
        "created, resources) VALUES (?1, ?2, ?3, coalesce(?4, 'medium'), "
        "?5, ?6, ?7, ?8) "
        "ON CONFLICT (name) DO UPDATE SET owner = coalesce(?2, owner), "
        "env = coalesce(?3, env), "
        "criticality = coalesce(?4, criticality), "
        "distro = coalesce(?5, distro), tags = coalesce(?6, tags), "
        "resources = coalesce(?8, resources) "
        "RETURNING id";
    sqlite3_stmt *st;
    char now[32];
    int rc;

    if ((rc = vigil_store_system_name_check(sys->name, err)) ||
        (rc = vigil_store_person_check("an owner", sys->owner, err)))
        return rc;
    if (!(st = vigil__sq_stmt(s, sql, err)))
        return VIGIL_EDB;
    vigil__sq_text(st, 1, sys->name);
    vigil__sq_text(st, 2, sys->owner);
    vigil__sq_text(st, 3, sys->env);
    vigil__sq_text(st, 4, sys->criticality);
    vigil__sq_text(st, 5, sys->distro);
    vigil__sq_text(st, 6, sys->tags);
    vigil__sq_text(st, 7, vigil__sq_now(now));
    vigil__sq_text(st, 8, sys->resources);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return vigil__sq_err(s, err, "store the system");
    }
    if (id)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return sys->resources ? vigil_store_link_findings(s, err) : 0;
}

struct system_visit {
    vigil_system_fn fn;
    void *ctx;
};

static int visit_system(void *ctx, sqlite3_stmt *st)
{
    struct system_visit *v = ctx;
    struct vigil_system sys;

    sys.id = sqlite3_column_int64(st, 0);
    sys.name = vigil__sq_col(st, 1);
    sys.owner = vigil__sq_col(st, 2);
    sys.env = vigil__sq_col(st, 3);
    sys.criticality = vigil__sq_col(st, 4);
    sys.distro = vigil__sq_col(st, 5);
    sys.tags = vigil__sq_col(st, 6);
    sys.resources = vigil__sq_col(st, 7);
    return v->fn(v->ctx, &sys);
}

static int each_system(struct vigil_store *s, const char *sql,
                       const char *name, vigil_system_fn fn, void *ctx)
{
    struct system_visit v;

    v.fn = fn;
    v.ctx = ctx;
    return vigil__sq_each_named(s, sql, name, visit_system, &v);
}

int vigil_store_system_get(struct vigil_store *s, const char *name,
                           vigil_system_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT id, name, owner, env, criticality, distro, tags, resources "
        "FROM system WHERE name = ?";

    return each_system(s, sql, name, fn, ctx);
}

int vigil_store_systems(struct vigil_store *s, vigil_system_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT id, name, owner, env, criticality, distro, tags, resources "
        "FROM system ORDER BY name";

    return each_system(s, sql, NULL, fn, ctx);
}

int vigil_store_inventory_begin(struct vigil_store *s, long long system_id,
                                const char *label, struct vigil_error *err)
{
    static const char sql[] =
        "DELETE FROM component WHERE system_id = ? AND label = ?";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, system_id);
    vigil__sq_text(st, 2, label);
    return vigil__sq_exec(s, st, err);
}

int vigil_store_component_add(struct vigil_store *s, long long system_id,
                              const char *label,
                              const struct vigil_component *c,
                              const char *name_key, const char *src_key,
                              struct vigil_error *err)
{
    static const char sql[] =
        "INSERT INTO component (system_id, label, name, version, purl, "
        "ecosystem, name_key, src_key, source_name, source_version, cpe, "
        "arch, distro, type) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *st = vigil__sq_stmt(s, sql, err);

    if (!st)
        return VIGIL_EDB;
    sqlite3_bind_int64(st, 1, system_id);
    vigil__sq_text(st, 2, label);
    vigil__sq_text(st, 3, c->name);
    vigil__sq_text(st, 4, c->version);
    vigil__sq_text(st, 5, c->purl);
    vigil__sq_text(st, 6, c->ecosystem);
    vigil__sq_text(st, 7, name_key);
    vigil__sq_text(st, 8, src_key);
    vigil__sq_text(st, 9, c->source_name);
    vigil__sq_text(st, 10, c->source_version);
    vigil__sq_text(st, 11, c->cpe);
    vigil__sq_text(st, 12, c->arch);
    vigil__sq_text(st, 13, c->distro);
    vigil__sq_text(st, 14, c->type);
    return vigil__sq_exec(s, st, err);
}

#define COMPONENT_COLS                                                      \
    "SELECT c.id, c.system_id, y.name, c.name, c.version, c.purl, "         \
    "c.ecosystem, c.source_name, c.source_version, c.cpe, c.arch, "         \
    "coalesce(c.distro, y.distro), c.type, c.name_key, c.src_key "          \
    "FROM component c JOIN system y ON y.id = c.system_id "

static int each_component(struct vigil_store *s, const char *sql,
                          long long system_id, const char *label,
                          vigil_component_row_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc = 0;

    /* a callback may run other statements: use a private statement */
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "read components");
    sqlite3_bind_int64(st, 1, system_id);
    if (label)
        vigil__sq_text(st, 2, label);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_component_row r;

        memset(&r, 0, sizeof(r));
        r.id = sqlite3_column_int64(st, 0);
        r.system_id = sqlite3_column_int64(st, 1);
        r.system = vigil__sq_col(st, 2);
        r.c.name = vigil__sq_col(st, 3);
        r.c.version = vigil__sq_col(st, 4);
        r.c.purl = vigil__sq_col(st, 5);
        r.c.ecosystem = vigil__sq_col(st, 6);
        r.c.source_name = vigil__sq_col(st, 7);
        r.c.source_version = vigil__sq_col(st, 8);
        r.c.cpe = vigil__sq_col(st, 9);
        r.c.arch = vigil__sq_col(st, 10);
        r.c.distro = vigil__sq_col(st, 11);
        r.c.type = vigil__sq_col(st, 12);
        r.name_key = vigil__sq_col(st, 13);
        r.src_key = vigil__sq_col(st, 14);
        rc = fn(ctx, &r);
    }
    sqlite3_finalize(st);
    return rc;
}

int vigil_store_components(struct vigil_store *s, long long system_id,
                           vigil_component_row_fn fn, void *ctx)
{
    return each_component(s, COMPONENT_COLS "WHERE ?1 = 0 OR c.system_id = "
                                            "?1 ORDER BY y.name, c.name, "
                                            "c.id",
                          system_id, NULL, fn, ctx);
}

int vigil_store_components_of(struct vigil_store *s, long long system_id,
                              const char *label, vigil_component_row_fn fn,
                              void *ctx)
{
    return each_component(s, COMPONENT_COLS "WHERE c.system_id = ?1 AND "
                                            "c.label = ?2 ORDER BY c.name, "
                                            "c.id",
                          system_id, label, fn, ctx);
}

#define AFFECTED_COLS                                                       \
    "SELECT f.id, f.advisory_id, a.primary_id, r.record_id, r.format, "     \
    "a.withdrawn OR r.withdrawn, f.ecosystem, f.data "                      \
    "FROM affected f JOIN advisory a ON a.id = f.advisory_id "              \
    "JOIN source_record r ON r.id = f.record "

/*
 * Runs an affected-entry query with up to two text or one integer
 * parameter.  A callback may run other statements, so each call uses a
 * private statement rather than the cache.
 */
static int each_affected(struct vigil_store *s, const char *sql,
                         const char *t1, const char *t2, long long i1,
                         vigil_affected_row_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc = 0;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return vigil__sq_err(s, NULL, "look up affected entries");
    if (t1) {
        vigil__sq_text(st, 1, t1);
        if (t2)
            vigil__sq_text(st, 2, t2);
    } else {
        sqlite3_bind_int64(st, 1, i1);
    }
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct vigil_affected_row r;

        r.id = sqlite3_column_int64(st, 0);
        r.advisory_id = sqlite3_column_int64(st, 1);
        r.advisory = vigil__sq_col(st, 2);
        r.source_id = vigil__sq_col(st, 3);
        r.format = vigil__sq_col(st, 4);
        r.withdrawn = sqlite3_column_int(st, 5);
        r.ecosystem = vigil__sq_col(st, 6);
        r.json = vigil__sq_col(st, 7);
        rc = fn(ctx, &r);
    }
    sqlite3_finalize(st);
    return rc;
}

int vigil_store_affected_by_key(struct vigil_store *s, const char *key,
                                vigil_affected_row_fn fn, void *ctx)
{
    return each_affected(s, AFFECTED_COLS "WHERE f.name_key = ? AND "
                                          "f.kind = 'package' ORDER BY f.id",
                         key, NULL, 0, fn, ctx);
}

int vigil_store_affected_by_cpe(struct vigil_store *s, const char *vendor,
                                const char *product,
                                vigil_affected_row_fn fn, void *ctx)
{
    return each_affected(s, AFFECTED_COLS "WHERE f.cpe_vendor = ? AND "
                                          "f.cpe_product = ? AND f.kind = "
                                          "'cpe' ORDER BY f.id",
                         vendor, product, 0, fn, ctx);
}

int vigil_store_affected_cpes_of(struct vigil_store *s,
                                 long long advisory_id,
                                 vigil_affected_row_fn fn, void *ctx)
{
    return each_affected(s, AFFECTED_COLS "WHERE f.advisory_id = ? AND "
                                          "f.kind = 'cpe' ORDER BY f.id",
                         NULL, NULL, advisory_id, fn, ctx);
}
