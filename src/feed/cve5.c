/*
 * cve5.c - CVE JSON 5.0 and 5.1 records: the CNA container, the ADP
 * containers (CISA-ADP scores, CWEs, KEV flags and affected entries),
 * and REJECTED records.  Also the bare records the Go CNA submits,
 * whose cveMetadata holds only the id.
 */
#include <string.h>

#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

static const struct {
    const char *key;
    const char *version;
} cve5_metrics[] = {
    { "cvssV2_0", "2.0" },
    { "cvssV3_0", "3.0" },
    { "cvssV3_1", "3.1" },
    { "cvssV4_0", "4.0" },
};

/* Package registries named by collectionURL, without scheme or "www.". */
static const struct {
    const char *prefix;
    const char *ecosystem;
} collections[] = {
    { "pkg.go.dev", "Go" },
    { "proxy.golang.org", "Go" },
    { "pypi.org", "PyPI" },
    { "pypi.python.org", "PyPI" },
    { "repo.maven.apache.org/maven2", "Maven" },
    { "repo1.maven.org/maven2", "Maven" },
    { "npmjs.com", "npm" },
    { "registry.npmjs.org", "npm" },
    { "crates.io", "crates.io" },
    { "rubygems.org", "RubyGems" },
    { "packagist.org", "Packagist" },
    { "nuget.org", "NuGet" },
    { "api.nuget.org", "NuGet" },
    { "hex.pm", "Hex" },
    { "pub.dev", "Pub" },
};

/* CNAs whose records carry only an orgId. */
static const struct {
    const char *org;
    const char *name;
} known_orgs[] = {
    { "1bb62c36-49e3-4200-9d77-64a1400537cc", "Go" },
};

/* Start versions that mean "from the beginning" when an end is given. */
static const char *const open_starts[] = { "0", "*", "n/a", "unspecified" };

static const char *collection_ecosystem(const char *url)
{
    size_t i, n;

    if (!url)
        return NULL;
    url += vigil__url_http_prefix(url);
    if (strncmp(url, "www.", 4) == 0)
        url += 4;
    for (i = 0; i < VIGIL_ARRAY_SIZE(collections); i++) {
        n = strlen(collections[i].prefix);
        if (strncmp(url, collections[i].prefix, n) == 0 &&
            (url[n] == '\0' || url[n] == '/'))
            return collections[i].ecosystem;
    }
    return NULL;
}

static int is_open_start(const char *v)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(open_starts); i++)
        if (vigil__strcasecmp(v, open_starts[i]) == 0)
            return 1;
    return 0;
}

/* A version that is not a commit and no wildcard can be named as fixed. */
static int add_fixed_if_plain(struct feed_rec *r, struct vigil_affected *a,
                              const struct vigil_range *g, const char *v)
{
    if (!v || strchr(v, '*') ||
        (g->version_type && strcmp(g->version_type, "git") == 0))
        return 0;
    return vigil__feed_add_fixed(r, a, v);
}

static int add_changes(struct feed_rec *r, struct vigil_affected *a,
                       struct vigil_range *g, const cJSON *changes)
{
    const cJSON *c;
    const char *at, *status;
    int rc;

    cJSON_ArrayForEach(c, changes) {
        at = vigil__json_str(c, "at");
        status = vigil__json_str(c, "status");
        if (!at)
            continue;
        if ((rc = vigil__feed_add_change(r, g, at, status)))
            return rc;
        if (status && strcmp(status, "unaffected") == 0 &&
            (rc = add_fixed_if_plain(r, a, g, at)))
            return rc;
    }
    return 0;
}

/*
 * One versions[] entry: "version" up to "lessThan" (exclusive) or
 * "lessThanOrEqual", else "version" alone.  The exclusive end of an
 * affected range and each change to unaffected are fixed versions.
 */
static int add_version(struct feed_rec *r, struct vigil_affected *a,
                       const cJSON *v, const char *repo)
{
    const char *version = vigil__json_str(v, "version");
    const char *lt = vigil__json_str(v, "lessThan");
    const char *le = vigil__json_str(v, "lessThanOrEqual");
    struct vigil_range *g;

    if (!version && !lt && !le)
        return 0;
    g = vigil__feed_add_range(r, a);
    if (!g)
        return VIGIL_ENOMEM;
    g->type = "BOUNDS";
    g->status = vigil__json_str(v, "status");
    g->version_type = vigil__json_str(v, "versionType");
    if (g->version_type && strcmp(g->version_type, "git") == 0)
        g->repo = repo;
    if (lt || le) {
        g->start = version && !is_open_start(version) ? version : NULL;
        g->start_incl = g->start != NULL;
        g->end = lt ? lt : le;
        g->end_incl = lt == NULL;
    } else {
        g->exact = version;
    }
    if (lt && (!g->status || strcmp(g->status, "affected") == 0) &&
        add_fixed_if_plain(r, a, g, lt))
        return VIGIL_ENOMEM;
    return add_changes(r, a, g, vigil__json_arr(v, "changes"));
}

static const char *first_string(const cJSON *arr)
{
    const cJSON *e = cJSON_GetArrayItem(arr, 0);

    return cJSON_IsString(e) && e->valuestring[0] ? e->valuestring : NULL;
}

static void set_identity(struct feed_rec *r, struct vigil_affected *a,
                         const cJSON *j)
{
    const char *pkg = vigil__json_str(j, "packageName");
    const cJSON *cpes = vigil__json_arr(j, "cpes");

    a->vendor = vigil__json_str(j, "vendor");
    a->product = vigil__json_str(j, "product");
    a->default_status = vigil__json_str(j, "defaultStatus");
    a->purl = vigil__json_str(j, "packageURL");
    a->vulnerable = 1;
    if (pkg) {
        a->kind = VIGIL_AFF_PACKAGE;
        a->name = pkg;
        a->ecosystem = collection_ecosystem(vigil__json_str(j,
                                                            "collectionURL"));
        a->cpe = vigil__feed_cpe23(r->arena, first_string(cpes));
    } else {
        a->kind = cJSON_GetArraySize(cpes) > 0 ? VIGIL_AFF_CPE
                                               : VIGIL_AFF_PRODUCT;
    }
}

/* One entry per CPE for kind CPE, sharing the ranges. */
static int emit_cpes(struct feed_rec *r, const struct vigil_affected *base,
                     const cJSON *cpes)
{
    struct vigil_affected *a;
    const cJSON *c;

    cJSON_ArrayForEach(c, cpes) {
        if (!cJSON_IsString(c) || !c->valuestring[0])
            continue;
        a = vigil__feed_add_affected(r);
        if (!a)
            return VIGIL_ENOMEM;
        *a = *base;
        a->cpe = vigil__feed_cpe23(r->arena, c->valuestring);
        if (!a->vendor)
            a->vendor = vigil__feed_cpe_field(r->arena, a->cpe, 2);
        if (!a->product)
            a->product = vigil__feed_cpe_field(r->arena, a->cpe, 3);
    }
    return 0;
}

static int add_affected(struct feed_rec *r, const cJSON *j)
{
    const char *repo = vigil__json_str(j, "repo");
    struct vigil_affected base, *a;
    const cJSON *v;
    int rc;

    memset(&base, 0, sizeof(base));
    set_identity(r, &base, j);
    cJSON_ArrayForEach(v, vigil__json_arr(j, "versions"))
        if ((rc = add_version(r, &base, v, repo)))
            return rc;
    if (base.kind == VIGIL_AFF_CPE)
        return emit_cpes(r, &base, vigil__json_arr(j, "cpes"));
    a = vigil__feed_add_affected(r);
    if (!a)
        return VIGIL_ENOMEM;
    *a = base;
    return 0;
}

/* ADP "other" metrics of type "kev" carry the date CISA added it. */
static void add_kev_metric(struct feed_rec *r, const cJSON *other)
{
    const cJSON *content = vigil__json_obj(other, "content");
    const char *type = vigil__json_str(other, "type");

    if (!type || strcmp(type, "kev") != 0 ||
        !vigil__json_str(content, "dateAdded"))
        return;
    r->kev.date_added = vigil__json_str(content, "dateAdded");
    r->kev.notes = vigil__json_str(content, "reference");
    r->has_kev = 1;
}

static int add_metric(struct feed_rec *r, const cJSON *m,
                      const char *source, const char *type)
{
    const cJSON *data;
    struct vigil_score *s;
    size_t i;

    add_kev_metric(r, vigil__json_obj(m, "other"));
    for (i = 0; i < VIGIL_ARRAY_SIZE(cve5_metrics); i++) {
        data = vigil__json_obj(m, cve5_metrics[i].key);
        if (!data || !vigil__json_str(data, "vectorString"))
            continue;
        if (!(s = vigil__feed_add_score(r)))
            return VIGIL_ENOMEM;
        s->source = source;
        s->type = type;
        s->version = vigil__json_str(data, "version");
        if (!s->version)
            s->version = cve5_metrics[i].version;
        s->vector = vigil__json_str(data, "vectorString");
        s->has_published = vigil__json_num(data, "baseScore", &s->published);
        s->severity = vigil__json_str(data, "baseSeverity");
    }
    return 0;
}

static int add_problem_types(struct feed_rec *r, const cJSON *pts)
{
    const cJSON *pt, *d;
    const char *cwe;
    int rc;

    cJSON_ArrayForEach(pt, pts) {
        cJSON_ArrayForEach(d, vigil__json_arr(pt, "descriptions")) {
            cwe = vigil__json_str(d, "cweId");
            if (!cwe)
                cwe = vigil__json_str(d, "description");
            if ((rc = vigil__feed_add_cwe(r, cwe)))
                return rc;
        }
    }
    return 0;
}

static int add_references(struct feed_rec *r, const cJSON *refs)
{
    const cJSON *ref;
    const char *tags;
    int rc;

    cJSON_ArrayForEach(ref, refs) {
        tags = vigil__json_join(r->arena, vigil__json_arr(ref, "tags"), ",");
        if ((rc = vigil__feed_add_ref(r, vigil__json_str(ref, "url"), tags)))
            return rc;
    }
    return 0;
}

/* What CNA and ADP containers share: scores, CWEs, refs, affected. */
static int add_container(struct feed_rec *r, const cJSON *c,
                         const char *source, const char *type)
{
    const cJSON *m, *j;
    int rc;

    cJSON_ArrayForEach(m, vigil__json_arr(c, "metrics"))
        if ((rc = add_metric(r, m, source, type)))
            return rc;
    if ((rc = add_problem_types(r, vigil__json_arr(c, "problemTypes"))) ||
        (rc = add_references(r, vigil__json_arr(c, "references"))))
        return rc;
    cJSON_ArrayForEach(j, vigil__json_arr(c, "affected"))
        if ((rc = add_affected(r, j)))
            return rc;
    return 0;
}

static const char *cna_name(const cJSON *meta, const cJSON *cna)
{
    const cJSON *pm = vigil__json_obj(cna, "providerMetadata");
    const char *s = vigil__json_str(pm, "shortName"), *org;
    size_t i;

    if (!s)
        s = vigil__json_str(meta, "assignerShortName");
    org = vigil__json_str(pm, "orgId");
    for (i = 0; !s && org && i < VIGIL_ARRAY_SIZE(known_orgs); i++)
        if (strcmp(org, known_orgs[i].org) == 0)
            s = known_orgs[i].name;
    return s ? s : (org ? org : "cve");
}

static void set_header(struct feed_rec *r, const cJSON *meta,
                       const cJSON *cna)
{
    const char *state = vigil__json_str(meta, "state");
    const char *updated = vigil__json_str(meta, "dateUpdated");

    if (!updated)
        updated = vigil__json_str(vigil__json_obj(cna, "providerMetadata"),
                                  "dateUpdated");
    r->adv.source = cna_name(meta, cna);
    r->adv.published = vigil__feed_time(r,
                                        vigil__json_str(meta,
                                                        "datePublished"));
    r->adv.modified = vigil__feed_time(r, updated);
    r->adv.withdrawn = state && strcmp(state, "REJECTED") == 0;
    r->adv.title = vigil__json_str(cna, "title");
    r->adv.description = vigil__json_english(
        vigil__json_arr(cna, "descriptions"), "value");
    if (!r->adv.description)
        r->adv.description = vigil__json_english(
            vigil__json_arr(cna, "rejectedReasons"), "value");
}

static int cve5_fill(struct feed_rec *r, const cJSON *root)
{
    const cJSON *meta = vigil__json_obj(root, "cveMetadata");
    const cJSON *containers = vigil__json_obj(root, "containers");
    const cJSON *cna = vigil__json_obj(containers, "cna"), *adp;
    const char *name;
    int rc;

    r->adv.id = vigil__json_str(meta, "cveId");
    if (!r->adv.id)
        return vigil__feed_fail(r, "'cveMetadata.cveId' is missing");
    set_header(r, meta, cna);
    if ((rc = add_container(r, cna, r->adv.source, "cna")))
        return rc;
    cJSON_ArrayForEach(adp, vigil__json_arr(containers, "adp")) {
        name = vigil__json_str(vigil__json_obj(adp, "providerMetadata"),
                               "shortName");
        if ((rc = add_container(r, adp, name ? name : "adp", "adp")))
            return rc;
    }
    return 0;
}

int vigil__feed_cve5(struct feed_doc *d, const cJSON *root,
                     struct vigil_error *err)
{
    (void)err;
    return vigil__feed_one(d, root, 0, "cve5", cve5_fill, 1);
}
