/*
 * skip.c - documents that sit in real advisory mirrors but are no
 * advisory: JSON Schemas (OSV's, CVE 5's, CSAF's), OSV's
 * ecosystems.json, osv.dev's CPE-to-repository map, CSAF provider and
 * aggregator metadata, Markdown and plain-text files.  (OPML lists of
 * feeds are XML and skipped in parse.c.)
 * They are skipped with a reason instead of being reported as of
 * unknown format, so that importing a whole mirror shows only real
 * problems.  Each probe asks for the document's whole shape, so that an
 * advisory in a new format is never taken for one of them.
 */
#include <string.h>

#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

/* A top-level "$schema" that names json-schema.org. */
static int is_json_schema(const cJSON *root)
{
    const char *s = vigil__json_str(root, "$schema");

    return s && strstr(s, "://json-schema.org/") != NULL;
}

/* Some of OSV's ecosystem names, one of which any such list holds. */
static const char *const known_ecosystems[] = {
    "PyPI", "npm", "Maven", "Go", "crates.io", "RubyGems", "NuGet",
    "Packagist", "Debian", "Alpine",
};

static int is_known_ecosystem(const char *s)
{
    size_t i;

    for (i = 0; s && i < VIGIL_ARRAY_SIZE(known_ecosystems); i++)
        if (strcmp(s, known_ecosystems[i]) == 0)
            return 1;
    return 0;
}

/*
 * OSV's ecosystems.json: an object of ecosystem name to description
 * (or a plain list of names), every value a string, naming at least one
 * well-known ecosystem.
 */
static int is_ecosystem_list(const cJSON *root)
{
    const cJSON *e;
    int known = 0;

    if (!cJSON_IsObject(root) && !cJSON_IsArray(root))
        return 0;
    cJSON_ArrayForEach(e, root) {
        if (!cJSON_IsString(e))
            return 0;
        known |= is_known_ecosystem(cJSON_IsObject(root) ? e->string
                                                         : e->valuestring);
    }
    return known;
}

static int is_url(const char *s)
{
    return vigil__url_http_prefix(s) || vigil__strncaseeq(s, "git://", 6);
}

/*
 * osv.dev's CPE-to-repository map: every key "vendor:product", every
 * value a non-empty list of repository URLs.
 */
static int is_cpe_repo_map(const cJSON *root)
{
    const cJSON *e, *u;

    if (!cJSON_IsObject(root) || !root->child)
        return 0;
    cJSON_ArrayForEach(e, root) {
        if (!strchr(e->string, ':') || strchr(e->string, ' ') ||
            !cJSON_IsArray(e) || !e->child)
            return 0;
        cJSON_ArrayForEach(u, e)
            if (!cJSON_IsString(u) || !is_url(u->valuestring))
                return 0;
    }
    return 1;
}

/*
 * A CSAF trusted provider's provider-metadata.json or an aggregator's
 * aggregator.json: where advisories are published, not advisories.
 */
static int is_csaf_metadata(const cJSON *root)
{
    if (!vigil__json_str(root, "canonical_url"))
        return 0;
    return (vigil__json_str(root, "metadata_version") &&
            vigil__json_obj(root, "publisher")) ||
           (vigil__json_str(root, "aggregator_version") &&
            vigil__json_obj(root, "aggregator"));
}

static const struct {
    int (*probe)(const cJSON *root);
    const char *reason;
} json_skips[] = {
    { is_json_schema, "JSON Schema document, not an advisory" },
    { is_ecosystem_list, "OSV ecosystem list, not an advisory" },
    { is_cpe_repo_map, "CPE-to-repository map, not an advisory" },
    { is_csaf_metadata, "CSAF provider or aggregator metadata, not an "
                        "advisory" },
};

const char *vigil__feed_skip_json(const cJSON *root)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(json_skips); i++)
        if (json_skips[i].probe(root))
            return json_skips[i].reason;
    return NULL;
}

static const char *const text_suffixes[] = {
    ".md", ".markdown", ".txt", ".rst", ".adoc",
};

/*
 * Text: valid UTF-8 without control characters other than tab, line
 * feed, carriage return and form feed.  A binary file is no text file.
 */
static int is_text(const unsigned char *s, size_t n)
{
    size_t i = 0, k, len;

    while (i < n) {
        if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
            s[i] != '\f')
            return 0;
        len = s[i] < 0x80 ? 1 : (s[i] & 0xe0) == 0xc0 ? 2
            : (s[i] & 0xf0) == 0xe0 ? 3 : (s[i] & 0xf8) == 0xf0 ? 4 : 0;
        if (len == 0 || s[i] == 0x7f || i + len > n)
            return 0;
        for (k = 1; k < len; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

/* Markdown by content: front matter ("---" line) or a "# " heading. */
static int looks_like_markdown(const char *buf, size_t len)
{
    size_t i = 0;

    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r'))
        i++;
    if (len - i >= 4 && (memcmp(buf + i, "---\n", 4) == 0 ||
                         memcmp(buf + i, "---\r", 4) == 0))
        return 1;
    return len - i >= 2 && buf[i] == '#' &&
           (buf[i + 1] == ' ' || buf[i + 1] == '#');
}

const char *vigil__feed_skip_text(const char *buf, size_t len,
                                  const char *origin)
{
    size_t i, n = origin ? strlen(origin) : 0, m;
    int named = 0;

    for (i = 0; i < VIGIL_ARRAY_SIZE(text_suffixes); i++) {
        m = strlen(text_suffixes[i]);
        named |= n >= m && vigil__strcasecmp(origin + n - m,
                                             text_suffixes[i]) == 0;
    }
    if (!is_text((const unsigned char *)buf, len) ||
        !(named || looks_like_markdown(buf, len)))
        return NULL;
    return "Markdown or text document, not an advisory";
}
