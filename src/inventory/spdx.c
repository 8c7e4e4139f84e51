/*
 * spdx.c - SPDX SBOMs in JSON: 2.2 and 2.3 documents (packages[]) and
 * SPDX 3.0 JSON-LD in its compact form (software_Package elements of
 * @graph).  Files and snippets are not components and are left out.
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/inventory.h"
#include "inv.h"
#include "../internal.h"

/* "OPERATING_SYSTEM" -> "operating-system", the CycloneDX spelling. */
static const char *purpose_type(struct vigil_arena *a, const char *s)
{
    char *t;
    size_t i;

    if (!s || !*s)
        return NULL;
    t = vigil_arena_strdup(a, s);
    for (i = 0; t && t[i]; i++)
        t[i] = t[i] == '_' ? '-' : (char)vigil__tolower((unsigned char)t[i]);
    return t;
}

/* Fills the purl-derived fields, or leaves name and version as given. */
static int finish_component(struct inv_run *r, struct vigil_component *c,
                            const char *what)
{
    struct inv_purl p;
    int rc;

    if (c->purl && vigil__inv_purl_read(&r->arena, c->purl, &p) == 0) {
        if ((rc = vigil__inv_from_purl(&r->arena, &p, c)) != 0)
            return rc;
    } else if (c->purl) {
        vigil_log(VIGIL_LOG_DEBUG, "%s: %s: unreadable purl '%s'",
                  r->origin, what, c->purl);
    }
    if (!c->name || !*c->name) {
        vigil__inv_skip(r, 0, 0, what, "%s has no name", what);
        vigil_arena_reset(&r->arena);
        return 0;
    }
    return vigil__inv_emit(r, c);
}

/* SPDX 2: the first purl and the first CPE 2.3 of externalRefs. */
static void read_refs(const cJSON *pkg, struct vigil_component *c)
{
    const cJSON *ref;

    cJSON_ArrayForEach(ref, cJSON_GetObjectItemCaseSensitive(pkg,
                                                             "externalRefs"))
    {
        const char *type = vigil__inv_json_str(ref, "referenceType");
        const char *loc = vigil__inv_json_str(ref, "referenceLocator");

        if (!type || !loc || !*loc)
            continue;
        if (!c->purl && strcmp(type, "purl") == 0)
            c->purl = loc;
        else if (!c->cpe && strcmp(type, "cpe23Type") == 0)
            c->cpe = loc;
    }
}

static int parse_v2(struct inv_run *r, const cJSON *root)
{
    const cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(root, "packages");
    const cJSON *pkg;
    size_t i = 0;
    int rc;

    if (pkgs && !cJSON_IsArray(pkgs))
        return vigil_error_set(r->err, VIGIL_EPARSE, 0,
                               "cannot read SPDX document: 'packages' is "
                               "not an array");
    cJSON_ArrayForEach(pkg, pkgs)
    {
        struct vigil_component c;
        char what[48];

        snprintf(what, sizeof(what), "packages[%zu]", i++);
        memset(&c, 0, sizeof(c));
        c.name = vigil__inv_json_str(pkg, "name");
        c.version = vigil__inv_json_str(pkg, "versionInfo");
        c.type = purpose_type(&r->arena, vigil__inv_json_str(
                                             pkg, "primaryPackagePurpose"));
        read_refs(pkg, &c);
        if ((rc = finish_component(r, &c, what)) != 0)
            return rc;
    }
    return vigil__inv_finish(r);
}

/* SPDX 3: the first cpe23 among externalIdentifier entries. */
static const char *v3_cpe(const cJSON *el)
{
    const cJSON *id;

    cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(
                               el, "externalIdentifier"))
    {
        const char *type = vigil__inv_json_str(id, "externalIdentifierType");

        if (type && strcmp(type, "cpe23") == 0)
            return vigil__inv_json_str(id, "identifier");
    }
    return NULL;
}

static int parse_v3(struct inv_run *r, const cJSON *root)
{
    const cJSON *graph = cJSON_GetObjectItemCaseSensitive(root, "@graph");
    const cJSON *el;
    size_t i = 0;
    int rc;

    /* LIMIT: only compact JSON-LD with a top-level @graph array is read;
     * expanded or framed SPDX 3 documents are refused. See
     * docs/LIMITS.md#spdx3-jsonld. */
    if (!cJSON_IsArray(graph))
        return vigil_error_set(r->err, VIGIL_EUNSUPPORTED, 0,
                               "SPDX 3 document without a top-level "
                               "@graph array is not supported");
    cJSON_ArrayForEach(el, graph)
    {
        const char *type = vigil__inv_json_str(el, "type");
        struct vigil_component c;
        char what[48];

        if (!type)
            type = vigil__inv_json_str(el, "@type");
        snprintf(what, sizeof(what), "@graph[%zu]", i++);
        if (!type || strcmp(type, "software_Package") != 0)
            continue;
        memset(&c, 0, sizeof(c));
        c.name = vigil__inv_json_str(el, "name");
        c.version = vigil__inv_json_str(el, "software_packageVersion");
        c.purl = vigil__inv_json_str(el, "software_packageUrl");
        c.cpe = v3_cpe(el);
        c.type = purpose_type(&r->arena, vigil__inv_json_str(
                                             el, "software_primaryPurpose"));
        if ((rc = finish_component(r, &c, what)) != 0)
            return rc;
    }
    return vigil__inv_finish(r);
}

/* The @context names SPDX 3 when it is, or holds, an spdx.org URL. */
static int is_spdx3(const cJSON *root)
{
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(root, "@context");
    const cJSON *e;

    if (cJSON_IsString(ctx))
        return strstr(ctx->valuestring, "spdx.org/rdf/3") != NULL;
    if (!cJSON_IsArray(ctx))
        return 0;
    cJSON_ArrayForEach(e, ctx)
        if (cJSON_IsString(e) && strstr(e->valuestring, "spdx.org/rdf/3"))
            return 1;
    return 0;
}

static int first_char(const char *buf, size_t len)
{
    size_t i = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;

    while (i < len && buf[i] && strchr(" \t\r\n", buf[i]))
        i++;
    return i < len ? (unsigned char)buf[i] : -1;
}

int vigil__inv_parse_spdx(struct inv_run *r, const char *buf, size_t len)
{
    const char *ver;
    cJSON *root = NULL;
    int rc, c = first_char(buf, len);

    /* LIMIT: SPDX tag-value and RDF/XML are not read; convert them to
     * JSON first. See docs/LIMITS.md#spdx-tag-value. */
    if (c != '{' && c != '[' && c != -1)
        return vigil_error_set(r->err, VIGIL_EUNSUPPORTED, 0,
                               "SPDX %s is not supported; convert the "
                               "document to JSON",
                               c == '<' ? "RDF/XML" : "tag-value");

    rc = vigil__inv_json_load(buf, len, "SPDX document", &root, r->err);
    if (rc != 0)
        return rc;
    ver = vigil__inv_json_str(root, "spdxVersion");
    if (ver && strncmp(ver, "SPDX-2.", 7) == 0)
        rc = parse_v2(r, root);
    else if (ver)
        rc = vigil_error_set(r->err, VIGIL_EUNSUPPORTED, 0,
                             "SPDX version '%s' is not supported", ver);
    else if (cJSON_IsObject(root) && is_spdx3(root))
        rc = parse_v3(r, root);
    else
        rc = vigil_error_set(r->err, VIGIL_EFORMAT, 0,
                             "not an SPDX document: no spdxVersion and no "
                             "SPDX 3 @context");
    cJSON_Delete(root);
    return rc;
}
