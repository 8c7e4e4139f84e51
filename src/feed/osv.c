/*
 * osv.c - OSV records (schema 1.x), one per file or an array of them as
 * some APIs return, from JSON or (through yaml.c) YAML.  The source of
 * an OSV record is the database its id prefix names: "GHSA", "PYSEC",
 * "GO", "RUSTSEC", ...
 */
#include <string.h>

#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

static const struct {
    const char *key;
    enum vigil_event_kind kind;
} osv_events[] = {
    { "introduced", VIGIL_EV_INTRODUCED },
    { "fixed", VIGIL_EV_FIXED },
    { "last_affected", VIGIL_EV_LAST_AFFECTED },
    { "limit", VIGIL_EV_LIMIT },
};

static const struct {
    const char *type;
    const char *version;   /* when the vector does not say */
} osv_severities[] = {
    { "CVSS_V2", "2.0" },
    { "CVSS_V3", "3.1" },
    { "CVSS_V4", "4.0" },
};

/* "GHSA" of "GHSA-xxxx-...", or "osv" for an id without a prefix. */
static const char *id_database(struct vigil_arena *a, const char *id)
{
    const char *dash = strchr(id, '-');

    if (!dash || dash == id)
        return "osv";
    return vigil_arena_strndup(a, id, (size_t)(dash - id));
}

/* The version a CVSS vector names ("CVSS:3.1/..."), else fallback. */
static const char *vector_version(struct vigil_arena *a, const char *vector,
                                  const char *fallback)
{
    size_t n;

    if (strncmp(vector, "CVSS:", 5) != 0)
        return fallback;
    n = strcspn(vector + 5, "/");
    if (n == 0 || n > 8)
        return fallback;
    return vigil_arena_strndup(a, vector + 5, n);
}

/* Severity entries of other types (e.g. "Ubuntu") carry no vector. */
static int add_severities(struct feed_rec *r, const cJSON *sev,
                          const char *text)
{
    const char *type, *vector;
    struct vigil_score *s;
    const cJSON *e;
    size_t i, k;

    cJSON_ArrayForEach(e, sev) {
        type = vigil__json_str(e, "type");
        vector = vigil__json_str(e, "score");
        for (i = 0; type && vector && i < VIGIL_ARRAY_SIZE(osv_severities);
             i++) {
            if (strcmp(type, osv_severities[i].type) != 0)
                continue;
            for (k = 0; k < r->adv.nscores; k++)
                if (strcmp(r->adv.scores[k].vector, vector) == 0)
                    break;
            if (k < r->adv.nscores)
                break;
            if (!(s = vigil__feed_add_score(r)))
                return VIGIL_ENOMEM;
            s->source = r->adv.source;
            s->vector = vector;
            s->version = vector_version(r->arena, vector,
                                        osv_severities[i].version);
            s->severity = text;
        }
    }
    return 0;
}

static int has_introduced(const cJSON *events)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, events)
        if (vigil__json_str(e, "introduced"))
            return 1;
    return 0;
}

/*
 * A range without an "introduced" event is invalid OSV and affects
 * nothing under the OSV evaluation rules, so it is dropped with a
 * warning; the rest of the record stays.
 */
static int add_range(struct feed_rec *r, struct vigil_affected *a,
                     const cJSON *j)
{
    const cJSON *events = vigil__json_arr(j, "events"), *e;
    struct vigil_range *g;
    const char *v;
    size_t i;
    int rc;

    if (!has_introduced(events)) {
        vigil_log(VIGIL_LOG_WARN, "%s: '%s': range without 'introduced' "
                  "event; skipped", r->doc->origin, r->adv.id);
        return 0;
    }
    if (!(g = vigil__feed_add_range(r, a)))
        return VIGIL_ENOMEM;
    g->type = vigil__json_str(j, "type");
    g->repo = vigil__json_str(j, "repo");
    cJSON_ArrayForEach(e, events) {
        for (i = 0; i < VIGIL_ARRAY_SIZE(osv_events); i++) {
            if (!(v = vigil__json_str(e, osv_events[i].key)))
                continue;
            if ((rc = vigil__feed_add_event(r, g, osv_events[i].kind, v)))
                return rc;
            if (osv_events[i].kind == VIGIL_EV_FIXED &&
                (!g->type || strcmp(g->type, "GIT") != 0) &&
                (rc = vigil__feed_add_fixed(r, a, v)))
                return rc;
        }
    }
    return 0;
}

static int add_affected(struct feed_rec *r, const cJSON *j)
{
    const cJSON *pkg = vigil__json_obj(j, "package"), *e;
    struct vigil_affected base, *a;
    int rc;

    memset(&base, 0, sizeof(base));
    base.kind = VIGIL_AFF_PACKAGE;
    base.ecosystem = vigil__json_str(pkg, "ecosystem");
    base.name = vigil__json_str(pkg, "name");
    base.purl = vigil__json_str(pkg, "purl");
    base.vulnerable = 1;
    cJSON_ArrayForEach(e, vigil__json_arr(j, "ranges"))
        if ((rc = add_range(r, &base, e)))
            return rc;
    cJSON_ArrayForEach(e, vigil__json_arr(j, "versions"))
        if (cJSON_IsString(e) && e->valuestring[0] &&
            (rc = vigil__feed_add_version(r, &base, e->valuestring)))
            return rc;
    if ((rc = add_severities(r, vigil__json_arr(j, "severity"), NULL)))
        return rc;
    if (!(a = vigil__feed_add_affected(r)))
        return VIGIL_ENOMEM;
    *a = base;
    return 0;
}

/* The part of an id from "CVE-" on ("CVE-1" of "UBUNTU-CVE-1"). */
static const char *cve_core(const char *id)
{
    const char *p = strstr(id, "CVE-");

    return p ? p : id;
}

/*
 * "upstream" names what a record derives from (DEBIAN-CVE-2023-38545
 * from CVE-2023-38545); the ids become aliases so that both merge into
 * one advisory, but only when they all name one vulnerability, since
 * aliases naming several (a DSA, DLA or USN bundle) would make the
 * store fold distinct CVEs together.
 */
static int add_upstream(struct feed_rec *r, const cJSON *o)
{
    const cJSON *up = vigil__json_arr(o, "upstream"), *e;
    const char *core = NULL;
    int rc;

    cJSON_ArrayForEach(e, up) {
        if (!cJSON_IsString(e) || !e->valuestring[0])
            continue;
        if (core && strcmp(core, cve_core(e->valuestring)) != 0) {
            /* LIMIT: upstream ids of a record that bundles several
             * vulnerabilities are not kept; nothing links the bundle
             * to them. See docs/LIMITS.md#osv-upstream-bundles. */
            return 0;
        }
        core = cve_core(e->valuestring);
    }
    cJSON_ArrayForEach(e, up)
        if (cJSON_IsString(e) && e->valuestring[0] &&
            (rc = vigil__feed_add_alias(r, e->valuestring)))
            return rc;
    return 0;
}

static int add_lists(struct feed_rec *r, const cJSON *o)
{
    const cJSON *e, *dbs = vigil__json_obj(o, "database_specific");
    int rc;

    cJSON_ArrayForEach(e, vigil__json_arr(o, "aliases"))
        if (cJSON_IsString(e) && e->valuestring[0] &&
            (rc = vigil__feed_add_alias(r, e->valuestring)))
            return rc;
    if ((rc = add_upstream(r, o)))
        return rc;
    cJSON_ArrayForEach(e, vigil__json_arr(dbs, "cwe_ids"))
        if (cJSON_IsString(e) && (rc = vigil__feed_add_cwe(r,
                                                           e->valuestring)))
            return rc;
    cJSON_ArrayForEach(e, vigil__json_arr(o, "references"))
        if ((rc = vigil__feed_add_ref(r, vigil__json_str(e, "url"),
                                      vigil__json_str(e, "type"))))
            return rc;
    return 0;
}

static int osv_fill(struct feed_rec *r, const cJSON *o)
{
    const cJSON *e, *dbs = vigil__json_obj(o, "database_specific");
    int rc;

    r->adv.id = vigil__json_str(o, "id");
    if (!r->adv.id)
        return vigil__feed_fail(r, "'id' is missing");
    if (!(r->adv.source = id_database(r->arena, r->adv.id)))
        return VIGIL_ENOMEM;
    r->adv.title = vigil__json_str(o, "summary");
    r->adv.description = vigil__json_str(o, "details");
    r->adv.published = vigil__feed_time(r, vigil__json_str(o, "published"));
    r->adv.modified = vigil__feed_time(r, vigil__json_str(o, "modified"));
    r->adv.withdrawn = vigil__json_str(o, "withdrawn") != NULL;
    if ((rc = add_severities(r, vigil__json_arr(o, "severity"),
                             vigil__json_str(dbs, "severity"))) ||
        (rc = add_lists(r, o)))
        return rc;
    cJSON_ArrayForEach(e, vigil__json_arr(o, "affected"))
        if ((rc = add_affected(r, e)))
            return rc;
    return 0;
}

int vigil__feed_osv(struct feed_doc *d, const cJSON *root,
                    struct vigil_error *err)
{
    (void)err;
    if (cJSON_IsArray(root))
        return vigil__feed_each(d, root, "osv", osv_fill);
    return vigil__feed_one(d, root, 0, "osv", osv_fill, 1);
}

/* The record's raw text is its JSON form, so that stored raw
 * documents are JSON whatever the input was. */
int vigil__feed_osv_yaml(struct feed_doc *d, const cJSON *root,
                         struct vigil_error *err)
{
    (void)err;
    if (cJSON_IsArray(root))
        return vigil__feed_each(d, root, "osv", osv_fill);
    return vigil__feed_one(d, root, 0, "osv", osv_fill, 0);
}
