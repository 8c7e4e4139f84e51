/*
 * nvd.c - NVD CVE API 2.0 responses and single {"cve": {...}} objects,
 * and the retired NVD JSON 1.1 feed (CVE_Items).
 *
 * Configurations stay ranges: each cpeMatch becomes one affected entry
 * of kind CPE with its bounds in ranges[0] and its place in the AND/OR
 * tree in node ("config/node"), node_operator, node_negate and
 * config_operator.  CPE names are never expanded.
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

static const struct {
    const char *key;
    const char *version;
} nvd_metrics[] = {
    { "cvssMetricV2", "2.0" },
    { "cvssMetricV30", "3.0" },
    { "cvssMetricV31", "3.1" },
    { "cvssMetricV40", "4.0" },
};

/* Where a cpeMatch sits in the configuration tree. */
struct nvd_node {
    const char *path;
    const char *op;
    int negate;
    const char *config_op;
};

static int add_metric(struct feed_rec *r, const cJSON *m,
                      const char *version)
{
    const cJSON *data = vigil__json_obj(m, "cvssData");
    struct vigil_score *s;

    if (!data || !vigil__json_str(data, "vectorString"))
        return 0;
    s = vigil__feed_add_score(r);
    if (!s)
        return VIGIL_ENOMEM;
    s->source = vigil__json_str(m, "source");
    s->type = vigil__json_str(m, "type");
    s->version = vigil__json_str(data, "version");
    if (!s->version)
        s->version = version;
    s->vector = vigil__json_str(data, "vectorString");
    s->has_published = vigil__json_num(data, "baseScore", &s->published);
    s->severity = vigil__json_str(data, "baseSeverity");
    if (!s->severity)
        s->severity = vigil__json_str(m, "baseSeverity");
    return 0;
}

static int add_metrics(struct feed_rec *r, const cJSON *metrics)
{
    const cJSON *m;
    size_t i;
    int rc;

    for (i = 0; i < VIGIL_ARRAY_SIZE(nvd_metrics); i++) {
        cJSON_ArrayForEach(m, vigil__json_arr(metrics, nvd_metrics[i].key))
            if ((rc = add_metric(r, m, nvd_metrics[i].version)))
                return rc;
    }
    return 0;
}

/* The concrete version a CPE names, or NULL for "*", "-" and none. */
static const char *cpe_version(struct feed_rec *r, const char *cpe)
{
    char *v = vigil__feed_cpe_field(r->arena, cpe, 4);

    if (!v || !v[0] || strcmp(v, "*") == 0 || strcmp(v, "-") == 0)
        return NULL;
    return v;
}

/*
 * One cpeMatch (2.0: criteria; 1.1: cpe23Uri) as an affected entry with
 * one BOUNDS range; a CPE naming a version without bounds is exact.
 */
static int add_cpe_match(struct feed_rec *r, const cJSON *m,
                         const char *cpe_key, const struct nvd_node *n)
{
    const char *cpe = vigil__json_str(m, cpe_key);
    struct vigil_affected *a;
    struct vigil_range *g;

    if (!cpe)
        return 0;
    a = vigil__feed_add_affected(r);
    if (!a || !(g = vigil__feed_add_range(r, a)))
        return VIGIL_ENOMEM;
    a->kind = VIGIL_AFF_CPE;
    a->cpe = cpe;
    a->vendor = vigil__feed_cpe_field(r->arena, cpe, 2);
    a->product = vigil__feed_cpe_field(r->arena, cpe, 3);
    a->vulnerable = vigil__json_true(m, "vulnerable");
    a->node = n->path;
    a->node_operator = n->op;
    a->node_negate = n->negate;
    a->config_operator = n->config_op;

    g->type = "BOUNDS";
    g->start = vigil__json_str(m, "versionStartIncluding");
    g->start_incl = g->start != NULL;
    if (!g->start)
        g->start = vigil__json_str(m, "versionStartExcluding");
    g->end = vigil__json_str(m, "versionEndIncluding");
    g->end_incl = g->end != NULL;
    if (!g->end)
        g->end = vigil__json_str(m, "versionEndExcluding");
    if (!g->start && !g->end)
        g->exact = cpe_version(r, cpe);
    return 0;
}

static int add_node(struct feed_rec *r, const cJSON *node, size_t config,
                    size_t index, const char *config_op)
{
    const cJSON *matches = vigil__json_arr(node, "cpeMatch"), *m;
    struct nvd_node n;
    int rc;

    if (cJSON_GetArraySize(matches) == 0) {
        vigil_log(VIGIL_LOG_WARN, "%s: '%s': configuration %zu node %zu "
                  "has no cpeMatch; skipped", r->doc->origin, r->adv.id,
                  config, index);
        return 0;
    }
    n.path = vigil_arena_printf(r->arena, "%zu/%zu", config, index);
    if (!n.path)
        return VIGIL_ENOMEM;
    n.op = vigil__json_str(node, "operator");
    n.negate = vigil__json_true(node, "negate");
    n.config_op = config_op;
    cJSON_ArrayForEach(m, matches)
        if ((rc = add_cpe_match(r, m, "criteria", &n)))
            return rc;
    return 0;
}

static int add_configurations(struct feed_rec *r, const cJSON *configs)
{
    const cJSON *c, *node;
    size_t ci = 0, ni;
    int rc;

    cJSON_ArrayForEach(c, configs) {
        ni = 0;
        cJSON_ArrayForEach(node, vigil__json_arr(c, "nodes")) {
            rc = add_node(r, node, ci, ni++, vigil__json_str(c, "operator"));
            if (rc)
                return rc;
        }
        ci++;
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

/* NVD copies the KEV fields of CVEs in the catalog. */
static void add_kev(struct feed_rec *r, const cJSON *cve)
{
    r->kev.date_added = vigil__json_str(cve, "cisaExploitAdd");
    r->kev.due_date = vigil__json_str(cve, "cisaActionDue");
    r->kev.required_action = vigil__json_str(cve, "cisaRequiredAction");
    r->kev.name = vigil__json_str(cve, "cisaVulnerabilityName");
    r->has_kev = r->kev.date_added != NULL;
}

static int add_weaknesses(struct feed_rec *r, const cJSON *weaknesses)
{
    const cJSON *w, *d;
    int rc;

    cJSON_ArrayForEach(w, weaknesses) {
        cJSON_ArrayForEach(d, vigil__json_arr(w, "description")) {
            rc = vigil__feed_add_cwe(r, vigil__json_str(d, "value"));
            if (rc)
                return rc;
        }
    }
    return 0;
}

static int nvd_fill(struct feed_rec *r, const cJSON *item)
{
    const cJSON *cve = vigil__json_obj(item, "cve");
    const char *status;
    int rc;

    r->adv.source = "nvd";
    r->adv.id = vigil__json_str(cve, "id");
    if (!r->adv.id)
        return vigil__feed_fail(r, "'cve.id' is missing");
    r->adv.published = vigil__feed_time(r, vigil__json_str(cve, "published"));
    r->adv.modified = vigil__feed_time(r,
                                       vigil__json_str(cve, "lastModified"));
    status = vigil__json_str(cve, "vulnStatus");
    r->adv.withdrawn = status && strcmp(status, "Rejected") == 0;
    r->adv.description = vigil__json_english(
        vigil__json_arr(cve, "descriptions"), "value");
    add_kev(r, cve);

    if ((rc = add_metrics(r, vigil__json_obj(cve, "metrics"))) ||
        (rc = add_weaknesses(r, vigil__json_arr(cve, "weaknesses"))) ||
        (rc = add_references(r, vigil__json_arr(cve, "references"))))
        return rc;
    return add_configurations(r, vigil__json_arr(cve, "configurations"));
}

/* --- NVD JSON 1.1 --- */

static int add_metric11(struct feed_rec *r, const cJSON *base,
                        const char *key, const char *version)
{
    const cJSON *data = vigil__json_obj(base, key);
    struct vigil_score *s;

    if (!data || !vigil__json_str(data, "vectorString"))
        return 0;
    s = vigil__feed_add_score(r);
    if (!s)
        return VIGIL_ENOMEM;
    s->source = "nvd@nist.gov";
    s->type = "Primary";
    s->version = vigil__json_str(data, "version");
    if (!s->version)
        s->version = version;
    s->vector = vigil__json_str(data, "vectorString");
    s->has_published = vigil__json_num(data, "baseScore", &s->published);
    s->severity = vigil__json_str(data, "baseSeverity");
    if (!s->severity)
        s->severity = vigil__json_str(base, "severity");
    return 0;
}

static int add_node11(struct feed_rec *r, const cJSON *node,
                      const struct nvd_node *n)
{
    const cJSON *m;
    int rc;

    if (n->config_op && cJSON_GetArraySize(vigil__json_arr(node,
                                                          "children")) > 0)
        vigil_log(VIGIL_LOG_WARN, "%s: '%s': configuration node %s has "
                  "nested children; skipped", r->doc->origin, r->adv.id,
                  n->path);
    cJSON_ArrayForEach(m, vigil__json_arr(node, "cpe_match"))
        if ((rc = add_cpe_match(r, m, "cpe23Uri", n)))
            return rc;
    return 0;
}

/*
 * In 1.1 each top-level node is one configuration; its children, when
 * it has any, are the nodes under an AND/OR.
 * LIMIT: 1.1 children nested below the second level are skipped; NVD
 * never published deeper trees. See docs/LIMITS.md#nvd-11-nesting.
 */
static int add_config11(struct feed_rec *r, const cJSON *top, size_t ci)
{
    const cJSON *kids = vigil__json_arr(top, "children"), *child;
    struct nvd_node n;
    size_t ni = 0;
    int rc;

    n.config_op = NULL;
    if (cJSON_GetArraySize(kids) > 0)
        n.config_op = vigil__json_str(top, "operator");
    cJSON_ArrayForEach(child, kids) {
        n.path = vigil_arena_printf(r->arena, "%zu/%zu", ci, ni++);
        n.op = vigil__json_str(child, "operator");
        n.negate = vigil__json_true(child, "negate");
        if (!n.path)
            return VIGIL_ENOMEM;
        if ((rc = add_node11(r, child, &n)))
            return rc;
    }
    if (cJSON_GetArraySize(kids) > 0)
        return 0;
    n.path = vigil_arena_printf(r->arena, "%zu/0", ci);
    n.op = vigil__json_str(top, "operator");
    n.negate = vigil__json_true(top, "negate");
    return n.path ? add_node11(r, top, &n) : VIGIL_ENOMEM;
}

static int nvd11_fill(struct feed_rec *r, const cJSON *item)
{
    const cJSON *cve = vigil__json_obj(item, "cve"), *node;
    const cJSON *impact = vigil__json_obj(item, "impact");
    size_t ci = 0;
    int rc;

    r->adv.source = "nvd";
    r->adv.id = vigil__json_str(vigil__json_obj(cve, "CVE_data_meta"), "ID");
    if (!r->adv.id)
        return vigil__feed_fail(r, "'cve.CVE_data_meta.ID' is missing");
    r->adv.published = vigil__feed_time(r, vigil__json_str(item,
                                                           "publishedDate"));
    r->adv.modified = vigil__feed_time(r, vigil__json_str(item,
                                                          "lastModifiedDate"));
    r->adv.description = vigil__json_english(vigil__json_arr(
        vigil__json_obj(cve, "description"), "description_data"), "value");
    r->adv.withdrawn = r->adv.description &&
                       strncmp(r->adv.description, "** REJECT **", 12) == 0;
    if ((rc = add_metric11(r, vigil__json_obj(impact, "baseMetricV2"),
                           "cvssV2", "2.0")) ||
        (rc = add_metric11(r, vigil__json_obj(impact, "baseMetricV3"),
                           "cvssV3", "3.1")) ||
        (rc = add_weaknesses(r, vigil__json_arr(vigil__json_obj(cve,
                             "problemtype"), "problemtype_data"))) ||
        (rc = add_references(r, vigil__json_arr(vigil__json_obj(cve,
                             "references"), "reference_data"))))
        return rc;
    cJSON_ArrayForEach(node, vigil__json_arr(vigil__json_obj(item,
                       "configurations"), "nodes"))
        if ((rc = add_config11(r, node, ci++)))
            return rc;
    return 0;
}

int vigil__feed_nvd(struct feed_doc *d, const cJSON *root,
                    struct vigil_error *err)
{
    const cJSON *list;

    if ((list = vigil__json_arr(root, "vulnerabilities")) != NULL)
        return vigil__feed_each(d, list, "nvd", nvd_fill);
    if ((list = vigil__json_arr(root, "CVE_Items")) != NULL)
        return vigil__feed_each(d, list, "nvd", nvd11_fill);
    if (vigil__json_obj(root, "cve"))
        return vigil__feed_one(d, root, 0, "nvd", nvd_fill, 1);
    return vigil_error_set(err, VIGIL_EPARSE, 0,
                           "NVD document has no 'vulnerabilities', "
                           "'CVE_Items' or 'cve'");
}
