/*
 * parse.c - vigil_finding_detect() and vigil_finding_parse(): one
 * cJSON parse per document, the shape probes that tell ASFF and SARIF
 * from other scanners' reports, and the document-level errors (invalid
 * JSON with its byte offset, unknown format, size).
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/feed.h"
#include "vigil/finding.h"
#include "finding_int.h"
#include "../feed/feed_int.h"
#include "../internal.h"

/*
 * ASFF requires ProductArn (a string) in every finding, and its
 * SchemaVersion and GeneratorId are strings too; Trivy's numeric
 * SchemaVersion and Inspector2's camel-case keys do not fit.
 */
static int asff_finding(const cJSON *o)
{
    if (!cJSON_IsObject(o) || !vigil__json_str(o, "ProductArn"))
        return 0;
    return vigil__json_str(o, "SchemaVersion") ||
           vigil__json_str(o, "GeneratorId");
}

static int is_asff(const cJSON *root)
{
    const cJSON *list;

    if (cJSON_IsArray(root))
        return asff_finding(cJSON_GetArrayItem(root, 0));
    list = vigil__json_arr(root, "Findings");
    if (list)
        return cJSON_GetArraySize(list) == 0 ||
               asff_finding(cJSON_GetArrayItem(list, 0));
    list = vigil__json_arr(root, "findings");
    if (list)
        return asff_finding(cJSON_GetArrayItem(list, 0));
    return asff_finding(root);
}

static int has_sarif_schema(const cJSON *o)
{
    const char *schema = vigil__json_str(o, "$schema");
    size_t i;

    for (i = 0; schema && schema[i]; i++)
        if (vigil__tolower((unsigned char)schema[i]) == 's' &&
            vigil__tolower((unsigned char)schema[i + 1]) == 'a' &&
            vigil__tolower((unsigned char)schema[i + 2]) == 'r' &&
            vigil__tolower((unsigned char)schema[i + 3]) == 'i' &&
            vigil__tolower((unsigned char)schema[i + 4]) == 'f')
            return 1;
    return 0;
}

/*
 * A SARIF log has "runs" (an array, or null when the tool failed to
 * start).  SARIF 1.0 logs, which lay results out differently, carry
 * version "1.0.0" and are left out.
 *
 * LIMIT: SARIF 1.x logs are not read; they are of unknown format. See
 * docs/LIMITS.md#sarif-1.
 */
static int is_sarif(const cJSON *root)
{
    const cJSON *runs = cJSON_GetObjectItemCaseSensitive(root, "runs");
    const char *version = vigil__json_str(root, "version");

    if (!cJSON_IsObject(root) || !(cJSON_IsArray(runs) ||
                                   cJSON_IsNull(runs)))
        return 0;
    if (version)
        return strncmp(version, "2.", 2) == 0;
    return has_sarif_schema(root);
}

static enum vigil_format detect_tree(const cJSON *root)
{
    if (is_sarif(root))
        return VIGIL_FMT_SARIF;
    if (is_asff(root))
        return VIGIL_FMT_ASFF;
    return VIGIL_FMT_UNKNOWN;
}

/* Length of a UTF-8 byte order mark at the start of buf, or 0. */
static size_t bom_len(const char *buf, size_t len)
{
    return len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

enum vigil_format vigil_finding_detect(const char *buf, size_t len)
{
    enum vigil_format f;
    size_t skip;
    cJSON *root;

    if (!buf || len > VIGIL_FEED_MAX_DOC)
        return VIGIL_FMT_UNKNOWN;
    skip = bom_len(buf, len);
    root = cJSON_ParseWithLengthOpts(buf + skip, len - skip, NULL, 0);
    if (!root)
        return VIGIL_FMT_UNKNOWN;
    f = detect_tree(root);
    cJSON_Delete(root);
    return f;
}

static int run_parser(enum vigil_format fmt, struct finding_doc *d,
                      const cJSON *root, struct vigil_error *err)
{
    int rc;

    vigil_arena_init(&d->arena);
    if (fmt == VIGIL_FMT_ASFF)
        rc = vigil__finding_asff(d, root, err);
    else
        rc = vigil__finding_sarif(d, root, err);
    vigil_arena_release(&d->arena);
    if (rc && !d->stopped && err && !err->msg[0])
        vigil_error_set(err, rc, 0, "cannot read document: %s",
                        vigil_strerror(rc));
    return rc;
}

int vigil_finding_parse(enum vigil_format fmt, const char *buf, size_t len,
                        const char *origin,
                        const struct vigil_finding_sink *sink,
                        struct vigil_error *err)
{
    struct finding_doc d;
    cJSON *root = NULL;
    size_t skip;
    int rc;

    vigil_error_clear(err);
    if (!sink || (!buf && len) || (fmt != VIGIL_FMT_UNKNOWN &&
                                   fmt != VIGIL_FMT_ASFF &&
                                   fmt != VIGIL_FMT_SARIF))
        return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot parse "
                               "findings: invalid argument");
    /* LIMIT: documents over 256 MiB are refused. See
     * docs/LIMITS.md#finding-doc-size. */
    if (len > VIGIL_FEED_MAX_DOC)
        return vigil_error_set(err, VIGIL_ELIMIT, 0, "cannot parse "
                               "findings: larger than 256 MiB");
    if (!buf)
        buf = "";
    skip = bom_len(buf, len);
    if (!vigil__feed_looks_like_json(buf + skip, len - skip))
        return vigil_error_set(err, VIGIL_EFORMAT, 0,
                               "unknown format: not a JSON document");
    rc = vigil__feed_parse_json(buf, len, skip, &root, err);
    if (rc)
        return rc;
    if (fmt == VIGIL_FMT_UNKNOWN)
        fmt = detect_tree(root);
    if (fmt == VIGIL_FMT_UNKNOWN) {
        cJSON_Delete(root);
        return vigil_error_set(err, VIGIL_EFORMAT, 0, "unknown format: "
                               "neither ASFF findings nor a SARIF log");
    }
    memset(&d, 0, sizeof(d));
    d.sink = sink;
    d.origin = origin ? origin : "-";
    rc = run_parser(fmt, &d, root, err);
    cJSON_Delete(root);
    return rc;
}
