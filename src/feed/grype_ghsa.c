/*
 * grype_ghsa.c - GitHub advisories in the layout grype's data builder
 * (vunnel) writes: {"Vulnerability": {}, "Advisory": {ghsaId, CVE[],
 * Summary, Severity, CVSS{version, vector_string, base_metrics},
 * cvss_severities[], FixedIn[{name, identifier, ecosystem, namespace,
 * range}], published, updated, withdrawn, url, references[]}}, one per
 * file or an array of them.
 *
 * FixedIn entries are GitHub's (range, first patched version) pairs
 * with grype's ecosystem names ("python", "java", "gem") and ranges
 * written without commas (">= 9.6.0b1 < 9.6.3"); ghsa_range.c turns
 * them into affected entries exactly as for the GitHub API.
 */
#include <string.h>

#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

/* "3.1" of "CVSS:3.1/...", else the version the source states. */
static const char *vector_version(struct vigil_arena *a, const char *vector,
                                  const char *stated)
{
    size_t n;

    if (strncmp(vector, "CVSS:", 5) != 0)
        return stated;
    n = strcspn(vector + 5, "/");
    return n > 0 && n <= 8 ? vigil_arena_strndup(a, vector + 5, n) : stated;
}

/* The published score is in metrics, the severity text beside CVSS. */
static int add_score(struct feed_rec *r, const char *vector,
                     const char *stated, const cJSON *metrics,
                     const char *text)
{
    struct vigil_score *s;
    size_t i;

    if (!vector || !(stated = vector_version(r->arena, vector, stated)))
        return 0;
    for (i = 0; i < r->adv.nscores; i++)
        if (strcmp(r->adv.scores[i].vector, vector) == 0)
            return 0;
    if (!(s = vigil__feed_add_score(r)))
        return VIGIL_ENOMEM;
    s->source = r->adv.source;
    s->vector = vector;
    s->version = stated;
    s->severity = text;
    s->has_published = vigil__json_num(metrics, "base_score",
                                       &s->published);
    return 0;
}

/* CVSS is one object (or, in older builds, a list of them). */
static int add_scores(struct feed_rec *r, const cJSON *adv)
{
    const cJSON *cvss = cJSON_GetObjectItemCaseSensitive(adv, "CVSS"), *e;
    const cJSON *list = cJSON_IsArray(cvss) ? cvss : NULL;
    const char *text = vigil__json_str(adv, "Severity");
    int rc = 0;

    if (cJSON_IsObject(cvss))
        rc = add_score(r, vigil__json_str(cvss, "vector_string"),
                       vigil__json_str(cvss, "version"),
                       vigil__json_obj(cvss, "base_metrics"), text);
    cJSON_ArrayForEach(e, list)
        if (!rc)
            rc = add_score(r, vigil__json_str(e, "vector_string"),
                           vigil__json_str(e, "version"),
                           vigil__json_obj(e, "base_metrics"), text);
    cJSON_ArrayForEach(e, vigil__json_arr(adv, "cvss_severities"))
        if (!rc)
            rc = add_score(r, vigil__json_str(e, "vector"),
                           vigil__json_str(e, "version"), NULL, text);
    return rc;
}

static int add_lists(struct feed_rec *r, const cJSON *adv)
{
    const cJSON *e, *meta = vigil__json_obj(adv, "Metadata");
    const char *url = vigil__json_str(adv, "url");
    int rc = 0;

    cJSON_ArrayForEach(e, vigil__json_arr(adv, "CVE"))
        if (!rc && cJSON_IsString(e) && e->valuestring[0])
            rc = vigil__feed_add_alias(r, e->valuestring);
    cJSON_ArrayForEach(e, vigil__json_arr(meta, "CVE"))
        if (!rc && cJSON_IsString(e) && e->valuestring[0])
            rc = vigil__feed_add_alias(r, e->valuestring);
    cJSON_ArrayForEach(e, vigil__json_arr(adv, "references"))
        if (!rc)
            rc = vigil__feed_add_ref(r, vigil__json_str(e, "url"), NULL);
    if (!rc && url)
        rc = vigil__feed_add_ref(r, url, "ADVISORY");
    return rc;
}

/* grype writes "None" for a fix that does not exist. */
static const char *identifier(const cJSON *f)
{
    const char *s = vigil__json_str(f, "identifier");

    return s && vigil__strcasecmp(s, "none") != 0 ? s : NULL;
}

static int add_fixed_in(struct feed_rec *r, const cJSON *adv)
{
    const cJSON *list = vigil__json_arr(adv, "FixedIn"), *f;
    struct ghsa_pair *pairs;
    size_t n = 0;

    if (!list || !cJSON_GetArraySize(list))
        return 0;
    pairs = vigil_arena_calloc(r->arena, (size_t)cJSON_GetArraySize(list),
                               sizeof(*pairs));
    if (!pairs)
        return VIGIL_ENOMEM;
    cJSON_ArrayForEach(f, list) {
        pairs[n].ecosystem = vigil__ghsa_ecosystem(
            vigil__json_str(f, "ecosystem"));
        pairs[n].name = vigil__json_str(f, "name");
        pairs[n].range = vigil__json_str(f, "range");
        pairs[n++].patched = identifier(f);
    }
    return vigil__ghsa_add_affected(r, pairs, n);
}

static int grype_fill(struct feed_rec *r, const cJSON *o)
{
    const cJSON *adv = vigil__json_obj(o, "Advisory");
    int rc;

    r->adv.source = "GHSA";
    r->adv.id = vigil__json_str(adv, "ghsaId");
    if (!r->adv.id)
        return vigil__feed_fail(r, "'Advisory.ghsaId' is missing");
    r->adv.title = vigil__json_str(adv, "Summary");
    r->adv.description = vigil__json_str(adv, "Description");
    r->adv.published = vigil__feed_time(r, vigil__json_str(adv,
                                                           "published"));
    r->adv.modified = vigil__feed_time(r, vigil__json_str(adv, "updated"));
    r->adv.withdrawn = vigil__json_str(adv, "withdrawn") != NULL;
    if ((rc = add_scores(r, adv)) || (rc = add_lists(r, adv)))
        return rc;
    return add_fixed_in(r, adv);
}

int vigil__feed_grype_ghsa(struct feed_doc *d, const cJSON *root,
                           struct vigil_error *err)
{
    (void)err;
    if (cJSON_IsArray(root))
        return vigil__feed_each(d, root, "grype-ghsa", grype_fill);
    return vigil__feed_one(d, root, 0, "grype-ghsa", grype_fill, 1);
}
