/*
 * detect.c - format names and content-based format detection.
 *
 * Detection looks at the keys of a parsed JSON document, one probe per
 * format, tried in table order; the first that fits wins.  A new JSON
 * format adds a row to json_probes[] and its parser to parsers[] in
 * parse.c; formats that are not JSON (YAML OSV, EPSS CSV) need a probe
 * over the raw bytes, run in parse.c before the JSON parse.  XML is
 * parsed and known by its root element (rss.c).
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/feed.h"
#include "feed_int.h"
#include "../internal.h"

static const char *const format_names[VIGIL_FMT_COUNT] = {
    [VIGIL_FMT_UNKNOWN] = "unknown",
    [VIGIL_FMT_KEV] = "kev",
    [VIGIL_FMT_NVD] = "nvd",
    [VIGIL_FMT_CVE5] = "cve5",
    [VIGIL_FMT_OSV] = "osv",
    [VIGIL_FMT_CSAF] = "csaf",
    [VIGIL_FMT_RSS] = "rss",
    [VIGIL_FMT_EPSS] = "epss",
    [VIGIL_FMT_ASFF] = "asff",
    [VIGIL_FMT_SARIF] = "sarif",
    [VIGIL_FMT_GHSA] = "ghsa",
    [VIGIL_FMT_GRYPE_GHSA] = "grype-ghsa",
    [VIGIL_FMT_OSV_YAML] = "osv-yaml",
};

const char *vigil_format_name(enum vigil_format f)
{
    if ((int)f < 0 || f >= VIGIL_FMT_COUNT || !format_names[f])
        return "unknown";
    return format_names[f];
}

enum vigil_format vigil_format_by_name(const char *name)
{
    int f;

    if (!name)
        return VIGIL_FMT_UNKNOWN;
    for (f = 1; f < VIGIL_FMT_COUNT; f++)
        if (format_names[f] && vigil__strcasecmp(name, format_names[f]) == 0)
            return (enum vigil_format)f;
    return VIGIL_FMT_UNKNOWN;
}

static int has(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key) != NULL;
}

static int str_is(const cJSON *o, const char *key, const char *want)
{
    const char *s = vigil__json_str(o, key);

    return s && strcmp(s, want) == 0;
}

static int probe_kev(const cJSON *o)
{
    return has(o, "catalogVersion") && vigil__json_arr(o, "vulnerabilities");
}

/* API 2.0 response, one {"cve": {...}} object, or the 1.1 feed. */
static int probe_nvd(const cJSON *o)
{
    const cJSON *cve = vigil__json_obj(o, "cve");
    const cJSON *vulns = vigil__json_arr(o, "vulnerabilities");

    if (str_is(o, "format", "NVD_CVE") || vigil__json_arr(o, "CVE_Items"))
        return 1;
    if (vulns && vigil__json_obj(cJSON_GetArrayItem(vulns, 0), "cve"))
        return 1;
    return cve && vigil__json_str(cve, "id") != NULL;
}

static int probe_cve5(const cJSON *o)
{
    return str_is(o, "dataType", "CVE_RECORD") ||
           vigil__json_obj(o, "cveMetadata") != NULL;
}

/*
 * STIX objects also carry "id" and "modified"; their "type" and
 * "spec_version" keys, which OSV does not have, tell them apart.
 */
static int probe_osv_record(const cJSON *o)
{
    if (!vigil__json_str(o, "id") || has(o, "spec_version") ||
        has(o, "type"))
        return 0;
    return has(o, "affected") || has(o, "modified") ||
           has(o, "schema_version");
}

static int probe_osv(const cJSON *o)
{
    if (cJSON_IsArray(o))
        return probe_osv_record(cJSON_GetArrayItem(o, 0));
    return probe_osv_record(o);
}

/* One advisory of the GitHub GraphQL (ghsaId) or REST (ghsa_id) API. */
static int probe_ghsa_object(const cJSON *o)
{
    return vigil__json_str(o, "ghsaId") || vigil__json_str(o, "ghsa_id");
}

/* One advisory, a REST list, or a GraphQL response around them. */
static int probe_ghsa(const cJSON *o)
{
    const cJSON *data = vigil__json_obj(o, "data"), *conn;

    if (cJSON_IsArray(o))
        return probe_ghsa_object(cJSON_GetArrayItem(o, 0));
    if (probe_ghsa_object(o) ||
        probe_ghsa_object(vigil__json_obj(data, "securityAdvisory")))
        return 1;
    conn = vigil__json_obj(data, "securityAdvisories");
    return vigil__json_arr(conn, "nodes") || vigil__json_arr(conn, "edges");
}

/* grype's {"Advisory": {"ghsaId": ...}, "Vulnerability": {}}. */
static int probe_grype_object(const cJSON *o)
{
    return vigil__json_str(vigil__json_obj(o, "Advisory"), "ghsaId") != NULL;
}

static int probe_grype_ghsa(const cJSON *o)
{
    if (cJSON_IsArray(o))
        return probe_grype_object(cJSON_GetArrayItem(o, 0));
    return probe_grype_object(o);
}

/* CSAF 2.0: the document object says which CSAF version it follows. */
static int probe_csaf(const cJSON *o)
{
    return vigil__json_str(vigil__json_obj(o, "document"),
                           "csaf_version") != NULL;
}

/* JSON Feed: its version is the URL of the spec, items a list. */
static int probe_jsonfeed(const cJSON *o)
{
    const char *v = vigil__json_str(o, "version");

    return v && strncmp(v, "https://jsonfeed.org/version/", 29) == 0 &&
           vigil__json_arr(o, "items") != NULL;
}

static const struct {
    enum vigil_format format;
    int (*probe)(const cJSON *root);
} json_probes[] = {
    { VIGIL_FMT_CSAF, probe_csaf },
    { VIGIL_FMT_RSS, probe_jsonfeed },
    { VIGIL_FMT_KEV, probe_kev },
    { VIGIL_FMT_NVD, probe_nvd },
    { VIGIL_FMT_CVE5, probe_cve5 },
    { VIGIL_FMT_OSV, probe_osv },
    { VIGIL_FMT_GHSA, probe_ghsa },
    { VIGIL_FMT_GRYPE_GHSA, probe_grype_ghsa },
};

enum vigil_format vigil__feed_detect_tree(const cJSON *root)
{
    size_t i;

    if (!cJSON_IsObject(root) && !cJSON_IsArray(root))
        return VIGIL_FMT_UNKNOWN;
    for (i = 0; i < VIGIL_ARRAY_SIZE(json_probes); i++)
        if (json_probes[i].probe(root))
            return json_probes[i].format;
    return VIGIL_FMT_UNKNOWN;
}

/* An XML feed by its root element. */
static enum vigil_format detect_xml(const char *buf, size_t len)
{
    enum vigil_format f = VIGIL_FMT_UNKNOWN;
    const char *skip, *name;
    void *doc = NULL;

    if (vigil__xml_parse(buf, len, &doc, NULL) == 0) {
        f = vigil__xml_detect(doc, &skip, &name);
        vigil__xml_free(doc);
    }
    return f;
}

enum vigil_format vigil_feed_detect(const char *buf, size_t len)
{
    enum vigil_format f;
    cJSON *root;

    if (!buf)
        return VIGIL_FMT_UNKNOWN;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    if (vigil__looks_like_xml(buf, len))
        return detect_xml(buf, len);
    root = cJSON_ParseWithLengthOpts(buf, len, NULL, 0);
    if (!root)
        return vigil__yaml_is_osv(buf, len) ? VIGIL_FMT_OSV_YAML
                                            : VIGIL_FMT_UNKNOWN;
    f = vigil__feed_detect_tree(root);
    cJSON_Delete(root);
    return f;
}
