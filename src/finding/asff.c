/*
 * asff.c - AWS Security Finding Format: findings as Security Hub,
 * GuardDuty, Inspector and Config export them.
 *
 * A document is one finding, an array of findings, or an object whose
 * "Findings" (Security Hub's GetFindings) or "findings" array holds
 * them.  Each finding becomes one struct vigil_finding; a finding
 * without an Id is rejected on its own.
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/finding.h"
#include "finding_int.h"
#include "../feed/feed_int.h"
#include "../internal.h"

/*
 * The product that reported the finding.  Security Hub's own control
 * findings often lack ProductName but keep the name in ProductFields;
 * the ARN ends in "product/<company>/<product>".
 */
static const char *asff_tool(const cJSON *o)
{
    const char *s = vigil__json_str(o, "ProductName"), *arn, *p;

    if (s)
        return s;
    s = vigil__json_str(vigil__json_obj(o, "ProductFields"),
                        "aws/securityhub/ProductName");
    if (s)
        return s;
    arn = vigil__json_str(o, "ProductArn");
    p = arn ? strstr(arn, ":product/") : NULL;
    if (p && p[9])
        return p + 9;
    return vigil__json_str(o, "GeneratorId");
}

/* GuardDuty puts its detector's ARN in GeneratorId; Types names what
 * it detected. */
static const char *asff_rule(const cJSON *o)
{
    const char *gen = vigil__json_str(o, "GeneratorId");
    const cJSON *types = vigil__json_arr(o, "Types");
    const cJSON *first = cJSON_GetArrayItem(types, 0);

    if (gen && strncmp(gen, "arn:", 4) == 0 && cJSON_IsString(first) &&
        first->valuestring[0])
        return first->valuestring;
    return gen;
}

/* Security Hub's bands for a Normalized score (0-100). */
static const char *normalized_label(double n)
{
    if (n >= 90)
        return "CRITICAL";
    if (n >= 70)
        return "HIGH";
    if (n >= 40)
        return "MEDIUM";
    if (n >= 1)
        return "LOW";
    return "INFORMATIONAL";
}

/*
 * The severity of a finding event: Severity.Product where the finding
 * has one, else Severity.Normalized (0-100) / 10.  Product is 0-10 for
 * GuardDuty, whose scale the events use; other products write their own
 * scale there (Security Hub controls: 70 for HIGH) and it is passed on
 * as published, so that a rule on "severity" means what the product
 * said.  A Product that is not a number is ignored.
 */
static void asff_severity(struct finding_rec *r, const cJSON *o)
{
    const cJSON *sev = vigil__json_obj(o, "Severity");
    const cJSON *fpf = vigil__json_obj(o, "FindingProviderFields");
    double product, norm;
    int has_norm;

    has_norm = vigil__finding_number(
                   cJSON_GetObjectItemCaseSensitive(sev, "Normalized"),
                   &norm) && norm >= 0 && norm <= 100;
    if (vigil__finding_number(
            cJSON_GetObjectItemCaseSensitive(sev, "Product"), &product)) {
        r->f.has_severity = 1;
        r->f.severity = product;
    } else if (has_norm) {
        r->f.has_severity = 1;
        r->f.severity = norm / 10;
    }
    r->f.severity_label = vigil__json_str(sev, "Label");
    if (!r->f.severity_label && has_norm)
        r->f.severity_label = normalized_label(norm);
    if (!r->f.severity_label)
        r->f.severity_label = vigil__json_str(
            vigil__json_obj(fpf, "Severity"), "Label");
}

static void asff_status(struct finding_rec *r, const cJSON *o)
{
    const char *s = vigil__json_str(vigil__json_obj(o, "Workflow"),
                                    "Status");

    r->f.status = s ? s : vigil__json_str(o, "WorkflowState");
    r->f.suppressed = r->f.status &&
                      vigil__strcasecmp(r->f.status, "SUPPRESSED") == 0;
    r->f.compliance = vigil__json_str(vigil__json_obj(o, "Compliance"),
                                      "Status");
    r->f.record_state = vigil__json_str(o, "RecordState");
}

/* Vulnerabilities[].Id and .RelatedVulnerabilities, then the text. */
static int asff_cves(struct finding_rec *r, const cJSON *o)
{
    const cJSON *v, *rel;
    int rc = 0;

    cJSON_ArrayForEach(v, vigil__json_arr(o, "Vulnerabilities")) {
        rc = vigil__finding_scan_cves(r, vigil__json_str(v, "Id"));
        cJSON_ArrayForEach(rel, vigil__json_arr(v,
                                                "RelatedVulnerabilities"))
            if (!rc && cJSON_IsString(rel))
                rc = vigil__finding_scan_cves(r, rel->valuestring);
        if (rc)
            return rc;
    }
    rc = vigil__finding_scan_cves(r, r->f.title);
    if (!rc)
        rc = vigil__finding_scan_cves(r, r->f.description);
    return rc;
}

static int asff_resources(struct finding_rec *r, const cJSON *o)
{
    struct vigil_finding *f = &r->f;
    struct vigil_finding_resource *res;
    const cJSON *e;

    cJSON_ArrayForEach(e, vigil__json_arr(o, "Resources")) {
        if (!cJSON_IsObject(e))
            continue;
        f->resources = vigil__feed_grow(r->arena, f->resources,
                                        f->nresources, sizeof(*res));
        if (!f->resources)
            return VIGIL_ENOMEM;
        res = &f->resources[f->nresources++];
        res->type = vigil__json_str(e, "Type");
        res->id = vigil__json_str(e, "Id");
        res->region = vigil__json_str(e, "Region");
        res->partition = vigil__json_str(e, "Partition");
    }
    return 0;
}

static int asff_fill(struct finding_rec *r, const cJSON *o)
{
    struct vigil_finding *f = &r->f;
    int rc;

    f->id = vigil__json_str(o, "Id");
    if (!f->id)
        return vigil__finding_fail(r, "no 'Id'");
    f->tool = asff_tool(o);
    f->product_arn = vigil__json_str(o, "ProductArn");
    f->title = vigil__json_str(o, "Title");
    f->description = vigil__json_str(o, "Description");
    f->rule_id = asff_rule(o);
    asff_severity(r, o);
    asff_status(r, o);
    f->created = vigil__finding_time(r, vigil__json_str(o, "CreatedAt"));
    f->updated = vigil__finding_time(r, vigil__json_str(o, "UpdatedAt"));
    f->first_seen = vigil__finding_time(r, vigil__json_str(
                                               o, "FirstObservedAt"));
    f->last_seen = vigil__finding_time(r, vigil__json_str(
                                              o, "LastObservedAt"));
    rc = asff_cves(r, o);
    if (!rc)
        rc = asff_resources(r, o);
    return rc;
}

static int asff_one(struct finding_doc *d, const cJSON *item, size_t index)
{
    struct finding_rec r;
    char name[32];
    int rc;

    snprintf(name, sizeof(name), "#%zu", index);
    vigil__finding_rec_init(&r, d, "asff", name);
    if (cJSON_IsObject(item))
        rc = asff_fill(&r, item);
    else
        rc = vigil__finding_fail(&r, "finding is not a JSON object");
    return vigil__finding_finish(&r, rc, item);
}

int vigil__finding_asff(struct finding_doc *d, const cJSON *root,
                        struct vigil_error *err)
{
    const cJSON *list = root, *item;
    size_t index = 0;
    int rc;

    if (cJSON_IsObject(root)) {
        list = vigil__json_arr(root, "Findings");
        if (!list)
            list = vigil__json_arr(root, "findings");
        if (!list)
            return asff_one(d, root, 0);
    } else if (!cJSON_IsArray(root)) {
        return vigil_error_set(err, VIGIL_EFORMAT, 0, "not ASFF: the "
                               "document is neither an object nor an "
                               "array");
    }
    cJSON_ArrayForEach(item, list) {
        rc = asff_one(d, item, index++);
        if (rc)
            return rc;
    }
    return 0;
}
