/*
 * ghsa.c - GitHub Security Advisories as the GitHub APIs return them:
 * the GraphQL SecurityAdvisory object (ghsaId, publishedAt, cvss
 * {score, vectorString}, cwes.nodes, vulnerabilities.nodes) and the
 * REST global advisory (ghsa_id, cve_id, published_at, cvss
 * {vector_string}, cvss_severities, cwes[], vulnerabilities[]).  A
 * document is one advisory, an array of them (a REST list), or a
 * GraphQL response {"data": {"securityAdvisory" | "securityAdvisories"}}.
 *
 * Field for field this follows GitHub's OSV converter, so a record
 * read here and the OSV that GitHub publishes for it agree; the ranges
 * come from ghsa_range.c.
 */
#include <string.h>

#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

/* The first of two keys that holds a non-empty string. */
static const char *str2(const cJSON *o, const char *a, const char *b)
{
    const char *s = vigil__json_str(o, a);

    return s ? s : vigil__json_str(o, b);
}

/* Where scores sit: cvss itself, or one member of a severities map. */
static const struct {
    const char *key;
    const char *member;    /* NULL: key is the score object */
} score_places[] = {
    { "cvss", NULL },
    { "cvssSeverities", "cvssV3" },
    { "cvssSeverities", "cvssV4" },
    { "cvss_severities", "cvss_v3" },
    { "cvss_severities", "cvss_v4" },
};

/* "3.1" of "CVSS:3.1/...", "2.0" for a bare v2 vector, else NULL. */
static const char *cvss_version(struct vigil_arena *a, const char *vector)
{
    size_t n;

    if (strncmp(vector, "CVSS:", 5) == 0) {
        n = strcspn(vector + 5, "/");
        return n > 0 && n <= 8 ? vigil_arena_strndup(a, vector + 5, n)
                               : NULL;
    }
    return strstr(vector, "Au:") ? "2.0" : NULL;
}

/* Adds the score in o unless its vector is known already. */
static int add_cvss(struct feed_rec *r, const cJSON *o, const char *text)
{
    const char *vector = str2(o, "vectorString", "vector_string");
    const char *version;
    struct vigil_score *s;
    size_t i;

    if (!vector || !(version = cvss_version(r->arena, vector)))
        return 0;
    for (i = 0; i < r->adv.nscores; i++)
        if (strcmp(r->adv.scores[i].vector, vector) == 0)
            return 0;
    if (!(s = vigil__feed_add_score(r)))
        return VIGIL_ENOMEM;
    s->source = r->adv.source;
    s->vector = vector;
    s->version = version;
    s->severity = text;
    s->has_published = vigil__json_num(o, "score", &s->published);
    return 0;
}

static int add_scores(struct feed_rec *r, const cJSON *o)
{
    const char *text = vigil__json_str(o, "severity");
    const cJSON *place;
    size_t i;
    int rc;

    for (i = 0; i < VIGIL_ARRAY_SIZE(score_places); i++) {
        place = vigil__json_obj(o, score_places[i].key);
        if (score_places[i].member)
            place = vigil__json_obj(place, score_places[i].member);
        if (place && (rc = add_cvss(r, place, text)))
            return rc;
    }
    return 0;
}

/* GitHub's converter calls advisory and NVD pages ADVISORY. */
static const char *ref_type(const char *url)
{
    if (strstr(url, "github.com/advisories/") ||
        strstr(url, "nvd.nist.gov/vuln/detail/"))
        return "ADVISORY";
    return "WEB";
}

static int add_ref(struct feed_rec *r, const char *url)
{
    return url ? vigil__feed_add_ref(r, url, ref_type(url)) : 0;
}

/* Aliases, CWEs and references, each in either API's spelling. */
static int add_lists(struct feed_rec *r, const cJSON *o)
{
    const cJSON *e, *cwes = vigil__json_obj(o, "cwes");
    int rc = vigil__feed_add_alias(r, vigil__json_str(o, "cve_id"));

    cJSON_ArrayForEach(e, vigil__json_arr(o, "identifiers"))
        if (!rc)
            rc = vigil__feed_add_alias(r, vigil__json_str(e, "value"));
    cJSON_ArrayForEach(e, vigil__json_arr(cwes, "nodes"))
        if (!rc)
            rc = vigil__feed_add_cwe(r, vigil__json_str(e, "cweId"));
    cJSON_ArrayForEach(e, vigil__json_arr(o, "cwes"))
        if (!rc)
            rc = vigil__feed_add_cwe(r, vigil__json_str(e, "cwe_id"));
    cJSON_ArrayForEach(e, vigil__json_arr(o, "references"))
        if (!rc)
            rc = add_ref(r, cJSON_IsString(e) && e->valuestring[0]
                                ? e->valuestring
                                : vigil__json_str(e, "url"));
    if (!rc)
        rc = add_ref(r, str2(o, "permalink", "html_url"));
    return rc;
}

/* The first patched version: a string (REST) or {identifier}. */
static const char *patched(const cJSON *v)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(v, "firstPatchedVersion");

    if (!p)
        p = cJSON_GetObjectItemCaseSensitive(v, "first_patched_version");
    if (cJSON_IsString(p) && p->valuestring[0])
        return p->valuestring;
    return vigil__json_str(p, "identifier");
}

static int add_vulns(struct feed_rec *r, const cJSON *o)
{
    const cJSON *list = vigil__json_arr(o, "vulnerabilities"), *v, *pkg;
    struct ghsa_pair *pairs;
    size_t n = 0;

    if (!list)
        list = vigil__json_arr(vigil__json_obj(o, "vulnerabilities"),
                               "nodes");
    if (!list || !cJSON_GetArraySize(list))
        return 0;
    pairs = vigil_arena_calloc(r->arena, (size_t)cJSON_GetArraySize(list),
                               sizeof(*pairs));
    if (!pairs)
        return VIGIL_ENOMEM;
    cJSON_ArrayForEach(v, list) {
        pkg = vigil__json_obj(v, "package");
        pairs[n].ecosystem = vigil__ghsa_ecosystem(
            vigil__json_str(pkg, "ecosystem"));
        pairs[n].name = vigil__json_str(pkg, "name");
        pairs[n].range = str2(v, "vulnerableVersionRange",
                              "vulnerable_version_range");
        pairs[n++].patched = patched(v);
    }
    return vigil__ghsa_add_affected(r, pairs, n);
}

static int ghsa_fill(struct feed_rec *r, const cJSON *o)
{
    int rc;

    r->adv.source = "GHSA";
    r->adv.id = str2(o, "ghsaId", "ghsa_id");
    if (!r->adv.id)
        return vigil__feed_fail(r, "'ghsaId' is missing");
    r->adv.title = vigil__json_str(o, "summary");
    r->adv.description = vigil__json_str(o, "description");
    r->adv.published = vigil__feed_time(r, str2(o, "publishedAt",
                                                "published_at"));
    r->adv.modified = vigil__feed_time(r, str2(o, "updatedAt",
                                               "updated_at"));
    r->adv.withdrawn = str2(o, "withdrawnAt", "withdrawn_at") != NULL;
    if ((rc = add_scores(r, o)) || (rc = add_lists(r, o)))
        return rc;
    return add_vulns(r, o);
}

/* GraphQL connections list their objects in nodes or edges[].node. */
static int each_node(struct feed_doc *d, const cJSON *conn)
{
    const cJSON *e;
    size_t i = 0;
    int rc;

    if (vigil__json_arr(conn, "nodes"))
        return vigil__feed_each(d, vigil__json_arr(conn, "nodes"), "ghsa",
                                ghsa_fill);
    cJSON_ArrayForEach(e, vigil__json_arr(conn, "edges"))
        if ((rc = vigil__feed_one(d, vigil__json_obj(e, "node"), i++,
                                  "ghsa", ghsa_fill, 0)))
            return rc;
    return 0;
}

int vigil__feed_ghsa(struct feed_doc *d, const cJSON *root,
                     struct vigil_error *err)
{
    const cJSON *data = vigil__json_obj(root, "data");

    (void)err;
    if (cJSON_IsArray(root))
        return vigil__feed_each(d, root, "ghsa", ghsa_fill);
    if (vigil__json_obj(data, "securityAdvisory"))
        return vigil__feed_one(d, vigil__json_obj(data, "securityAdvisory"),
                               0, "ghsa", ghsa_fill, 0);
    if (vigil__json_obj(data, "securityAdvisories"))
        return each_node(d, vigil__json_obj(data, "securityAdvisories"));
    return vigil__feed_one(d, root, 0, "ghsa", ghsa_fill, 1);
}
