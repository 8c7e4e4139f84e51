/*
 * sarif.c - SARIF 2.1.0 logs: every result of every run becomes one
 * struct vigil_finding, completed from the rule it references (by id or
 * by index, in the driver or an extension).
 *
 * A run or a result that is not an object is reported and skipped; a
 * log without runs, or a run without results, yields no findings.
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/finding.h"
#include "finding_int.h"
#include "sarif_int.h"
#include "../feed/feed_int.h"
#include "../internal.h"

/* SARIF levels and the severity label each stands for. */
static const struct {
    const char *level;
    const char *label;
} level_labels[] = {
    { "error", "HIGH" },
    { "warning", "MEDIUM" },
    { "note", "LOW" },
    { "none", "INFORMATIONAL" },
};

static const char *level_label(const char *level)
{
    size_t i;

    for (i = 0; level && i < VIGIL_ARRAY_SIZE(level_labels); i++)
        if (strcmp(level, level_labels[i].level) == 0)
            return level_labels[i].label;
    return NULL;
}

/*
 * The level a result has (SARIF 2.1.0 3.27.10): its own, else "none"
 * when its kind is not "fail", else its rule's default, else
 * "warning".
 */
static const char *effective_level(const cJSON *res, const cJSON *rule,
                                   const char *kind)
{
    const char *level = vigil__json_str(res, "level");

    if (level)
        return level;
    if (strcmp(kind, "fail") != 0)
        return "none";
    level = vigil__json_str(vigil__json_obj(rule, "defaultConfiguration"),
                            "level");
    return level ? level : "warning";
}

/* "security-severity" of the result, else of its rule, within 0-10. */
static int security_severity(const cJSON *res, const cJSON *rule,
                             double *out)
{
    const cJSON *holders[2];
    const cJSON *v;
    size_t i;

    holders[0] = res;
    holders[1] = rule;
    for (i = 0; i < VIGIL_ARRAY_SIZE(holders); i++) {
        v = cJSON_GetObjectItemCaseSensitive(
            vigil__json_obj(holders[i], "properties"), "security-severity");
        if (vigil__finding_number(v, out) && *out >= 0 && *out <= 10)
            return 1;
    }
    return 0;
}

static void sarif_severity(struct finding_rec *r, const cJSON *res,
                           const cJSON *rule)
{
    struct vigil_finding *f = &r->f;

    f->level = effective_level(res, rule, f->kind);
    if (security_severity(res, rule, &f->severity)) {
        f->has_severity = 1;
        f->severity_label = vigil__finding_label(f->severity);
    } else {
        f->severity_label = level_label(f->level);
    }
}

/*
 * A result is suppressed when one suppression is accepted (an absent
 * status counts as accepted; drafts of 2.1.0 called it "state"),
 * under review when none is accepted and one is under review.
 */
static void sarif_suppression(struct finding_rec *r, const cJSON *res)
{
    const cJSON *s, *review = NULL, *rejected = NULL;
    const char *status;

    cJSON_ArrayForEach(s, vigil__json_arr(res, "suppressions")) {
        if (!cJSON_IsObject(s))
            continue;
        status = vigil__json_str(s, "status");
        if (!status)
            status = vigil__json_str(s, "state");
        if (!status || strcmp(status, "accepted") == 0) {
            r->f.status = "suppressed";
            r->f.suppressed = 1;
            r->f.suppression_kind = vigil__json_str(s, "kind");
            return;
        }
        if (!review && strcmp(status, "underReview") == 0)
            review = s;
        else if (!rejected && strcmp(status, "rejected") == 0)
            rejected = s;
    }
    if (review || rejected) {
        r->f.status = review ? "underReview" : "rejected";
        r->f.suppression_kind = vigil__json_str(review ? review : rejected,
                                                "kind");
    }
}

/* The artifact URI of the first location, and its start line (0: none). */
static const char *location_uri(const struct sarif_run *run,
                                const cJSON *loc, size_t *line)
{
    const cJSON *phys = vigil__json_obj(loc, "physicalLocation");
    const cJSON *art = vigil__json_obj(phys, "artifactLocation");
    const cJSON *listed;
    const char *uri = vigil__json_str(art, "uri");

    if (!uri) {
        listed = vigil__sarif_artifact(
            run, cJSON_GetObjectItemCaseSensitive(art, "index"));
        uri = vigil__json_str(vigil__json_obj(listed, "location"), "uri");
    }
    if (!vigil__sarif_index(cJSON_GetObjectItemCaseSensitive(
                                vigil__json_obj(phys, "region"),
                                "startLine"), (size_t)1 << 30, line))
        *line = 0;
    return uri;
}

/* "uri:line" of the first physical location, else a logical name. */
static int sarif_location(struct finding_rec *r, const struct sarif_run *run,
                          const cJSON *res, const char **uri)
{
    const cJSON *loc = cJSON_GetArrayItem(vigil__json_arr(res, "locations"),
                                          0);
    const cJSON *logical;
    const char *name;
    size_t line;

    *uri = location_uri(run, loc, &line);
    if (*uri && line) {
        r->f.location = vigil_arena_printf(r->arena, "%s:%zu", *uri, line);
        return r->f.location ? 0 : VIGIL_ENOMEM;
    }
    if (*uri) {
        r->f.location = *uri;
        return 0;
    }
    logical = cJSON_GetArrayItem(vigil__json_arr(loc, "logicalLocations"),
                                 0);
    name = vigil__json_str(logical, "fullyQualifiedName");
    r->f.location = name ? name : vigil__json_str(logical, "name");
    return 0;
}

/* Title: the rule's short description or name, else the message's
 * first line; description: the message, else the rule's text. */
static int sarif_text(struct finding_rec *r, const cJSON *rule,
                      const char *msg)
{
    const char *nl, *title;
    const char *full = vigil__json_str(vigil__json_obj(rule,
                                                       "fullDescription"),
                                       "text");

    title = vigil__json_str(vigil__json_obj(rule, "shortDescription"),
                            "text");
    if (!title)
        title = vigil__json_str(rule, "name");
    if (!title && msg && (nl = strchr(msg, '\n')) != NULL) {
        title = vigil_arena_strndup(r->arena, msg, (size_t)(nl - msg));
        if (!title)
            return VIGIL_ENOMEM;
    } else if (!title) {
        title = msg;
    }
    r->f.title = title ? title : r->f.rule_id;
    r->f.description = msg ? msg : full ? full : title;
    return 0;
}

static int scan_tags(struct finding_rec *r, const cJSON *holder)
{
    const cJSON *tag;
    int rc = 0;

    cJSON_ArrayForEach(tag, vigil__json_arr(vigil__json_obj(holder,
                                                            "properties"),
                                            "tags"))
        if (!rc && cJSON_IsString(tag))
            rc = vigil__finding_scan_cves(r, tag->valuestring);
    return rc;
}

/* CVE ids in the rule ids, the tags, then the message. */
static int sarif_cves(struct finding_rec *r, const cJSON *res,
                      const cJSON *rule, const char *msg)
{
    int rc = vigil__finding_scan_cves(r, r->f.rule_id);

    if (!rc)
        rc = vigil__finding_scan_cves(r, vigil__json_str(rule, "id"));
    if (!rc)
        rc = scan_tags(r, rule);
    if (!rc)
        rc = scan_tags(r, res);
    if (!rc)
        rc = vigil__finding_scan_cves(r, msg);
    return rc;
}

static int sarif_fill(struct finding_rec *r, const struct sarif_run *run,
                      const cJSON *res)
{
    struct vigil_finding *f = &r->f;
    const cJSON *prov = vigil__json_obj(res, "provenance");
    const struct sarif_comp *comp;
    const cJSON *rule;
    const char *msg, *uri;
    int rc;

    f->tool = run->tool;
    rule = vigil__sarif_rule(run, res, &comp, &f->rule_id);
    f->kind = vigil__json_str(res, "kind");
    if (!f->kind)
        f->kind = "fail";
    rc = vigil__sarif_message(r, run, comp, res, rule, &msg);
    if (!rc)
        rc = sarif_text(r, rule, msg);
    if (rc)
        return rc;
    sarif_severity(r, res, rule);
    sarif_suppression(r, res);
    rc = sarif_location(r, run, res, &uri);
    if (rc)
        return rc;
    f->created = vigil__finding_time(r, run->started);
    f->first_seen = vigil__finding_time(r, vigil__json_str(
                                               prov,
                                               "firstDetectionTimeUtc"));
    f->last_seen = vigil__finding_time(r, vigil__json_str(
                                              prov, "lastDetectionTimeUtc"));
    rc = sarif_cves(r, res, rule, msg);
    if (rc)
        return rc;
    f->id = vigil__json_str(res, "correlationGuid");
    if (!f->id)
        f->id = vigil__json_str(res, "guid");
    return f->id ? 0 : vigil__sarif_derive_id(r, run, res, uri);
}

static int sarif_result(struct finding_doc *d, const struct sarif_run *run,
                        const cJSON *res, size_t index)
{
    struct finding_rec r;
    char name[64];
    int rc;

    snprintf(name, sizeof(name), "runs[%zu].results[%zu]", run->index,
             index);
    vigil__finding_rec_init(&r, d, "sarif", name);
    if (cJSON_IsObject(res))
        rc = sarif_fill(&r, run, res);
    else
        rc = vigil__finding_fail(&r, "result is not a JSON object");
    return vigil__finding_finish(&r, rc, res);
}

static int run_fail(struct finding_doc *d, size_t index, const char *why)
{
    struct finding_rec r;
    char name[32];

    snprintf(name, sizeof(name), "runs[%zu]", index);
    vigil__finding_rec_init(&r, d, "sarif", name);
    return vigil__finding_finish(&r, vigil__finding_fail(&r, "%s", why),
                                 NULL);
}

static int sarif_run(struct finding_doc *d, const cJSON *o, size_t index,
                     struct sarif_seen *seen)
{
    const cJSON *results, *res;
    struct sarif_run run;
    size_t i = 0;
    int rc;

    if (!cJSON_IsObject(o))
        return run_fail(d, index, "run is not a JSON object");
    results = cJSON_GetObjectItemCaseSensitive(o, "results");
    if (results && !cJSON_IsArray(results) && !cJSON_IsNull(results))
        return run_fail(d, index, "'results' is not an array");
    rc = vigil__sarif_run_init(&run, o, index, seen);
    cJSON_ArrayForEach(res, results) {
        if (rc)
            break;
        rc = sarif_result(d, &run, res, i++);
    }
    vigil__sarif_run_release(&run);
    return rc;
}

int vigil__finding_sarif(struct finding_doc *d, const cJSON *root,
                         struct vigil_error *err)
{
    const cJSON *runs = cJSON_GetObjectItemCaseSensitive(root, "runs");
    const cJSON *run;
    struct sarif_seen seen;
    size_t index = 0;
    int rc = 0;

    if (!cJSON_IsObject(root) || !(cJSON_IsArray(runs) ||
                                   cJSON_IsNull(runs)))
        return vigil_error_set(err, VIGIL_EFORMAT, 0, "not a SARIF log: "
                               "no 'runs' array");
    memset(&seen, 0, sizeof(seen));
    cJSON_ArrayForEach(run, runs) {
        rc = sarif_run(d, run, index++, &seen);
        if (rc)
            break;
    }
    vigil__sarif_seen_release(&seen);
    return rc;
}
