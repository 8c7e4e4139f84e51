/*
 * cyclonedx.c - CycloneDX JSON BOMs (spec 1.2 to 1.7): the described
 * component (metadata.component, which advisories can name too) and
 * every component of components[], nested ones included, in document
 * order, parents before their children.
 */
#include <string.h>

#include <cJSON.h>

#include "vigil/inventory.h"
#include "inv.h"
#include "../internal.h"

/* Deeper nesting is reported and skipped; real BOMs nest a few levels. */
#define CDX_MAX_DEPTH 64

struct cdx {
    struct inv_run *r;
    size_t seen;                /* components met so far, for messages */
};

/*
 * The name when the BOM gives no purl: an npm scope in group, or a group
 * paired with a bom-ref purl that says Maven or npm, joins the name;
 * any other group is left aside, as nothing says how it would join.
 */
static const char *group_name(struct vigil_arena *a, const cJSON *o,
                              const char *name)
{
    const char *group = vigil__inv_json_str(o, "group");
    const char *ref = vigil__inv_json_str(o, "bom-ref");
    struct inv_purl hint;
    const char *type = NULL;

    if (!group || !*group)
        return name;
    if (ref && vigil__inv_purl_read(a, ref, &hint) == 0)
        type = hint.type;
    if (group[0] == '@' || (type && strcmp(type, "npm") == 0))
        return vigil_arena_printf(a, "%s%s/%s", group[0] == '@' ? "" : "@",
                                  group, name);
    if (type && strcmp(type, "maven") == 0)
        return vigil_arena_printf(a, "%s:%s", group, name);
    return name;
}

static int one(struct cdx *x, const cJSON *o)
{
    struct vigil_arena *a = &x->r->arena;
    struct vigil_component c;
    struct inv_purl p;
    const char *name = vigil__inv_json_str(o, "name");
    int have_purl, rc;

    memset(&c, 0, sizeof(c));
    c.purl = vigil__inv_json_str(o, "purl");
    c.version = vigil__inv_json_str(o, "version");
    c.cpe = vigil__inv_json_str(o, "cpe");
    c.type = vigil__inv_json_str(o, "type");
    if (c.purl && !*c.purl)
        c.purl = NULL;
    have_purl = c.purl && vigil__inv_purl_read(a, c.purl, &p) == 0;
    if (c.purl && !have_purl)
        vigil_log(VIGIL_LOG_DEBUG, "%s: component %zu: unreadable purl "
                  "'%s'", x->r->origin, x->seen, c.purl);

    if ((!name || !*name) && !have_purl) {
        const char *ref = vigil__inv_json_str(o, "bom-ref");

        vigil__inv_skip(x->r, 0, 0, ref,
                        "component %zu%s%s%s has no name", x->seen,
                        ref ? " ('" : "", ref ? ref : "", ref ? "')" : "");
        vigil_arena_reset(a);
        return 0;
    }
    if (have_purl)
        rc = vigil__inv_from_purl(a, &p, &c);
    else
        rc = (c.name = group_name(a, o, name)) ? 0 : VIGIL_ENOMEM;
    if (rc != 0)
        return rc;
    return vigil__inv_emit(x->r, &c);
}

/* Passes o and, depth first, its nested components on. */
static int walk(struct cdx *x, const cJSON *o, int depth)
{
    const cJSON *kids, *k;
    int rc;

    x->seen++;
    if (!cJSON_IsObject(o)) {
        vigil__inv_skip(x->r, 0, 0, NULL, "component %zu is not an object",
                        x->seen);
        return 0;
    }
    if (depth > CDX_MAX_DEPTH) {
        vigil__inv_skip(x->r, 0, 0, NULL, "component %zu is nested more "
                        "than %d levels deep", x->seen, CDX_MAX_DEPTH);
        return 0;
    }
    if ((rc = one(x, o)) != 0)
        return rc;

    kids = cJSON_GetObjectItemCaseSensitive(o, "components");
    if (!cJSON_IsArray(kids))
        kids = NULL;
    cJSON_ArrayForEach(k, kids)
        if ((rc = walk(x, k, depth + 1)) != 0)
            return rc;
    return 0;
}

/* The document checks: a CycloneDX BOM of a spec version vigil reads. */
static int check_bom(const cJSON *root, struct vigil_error *err)
{
    const char *fmt = vigil__inv_json_str(root, "bomFormat");
    const char *spec = vigil__inv_json_str(root, "specVersion");
    const cJSON *comps = cJSON_GetObjectItemCaseSensitive(root,
                                                          "components");

    if (!cJSON_IsObject(root) || !fmt || strcmp(fmt, "CycloneDX") != 0)
        return vigil_error_set(err, VIGIL_EFORMAT, 0,
                               "not a CycloneDX BOM: no bomFormat "
                               "'CycloneDX'");
    if (spec && strncmp(spec, "1.", 2) != 0)
        return vigil_error_set(err, VIGIL_EUNSUPPORTED, 0,
                               "CycloneDX specVersion '%s' is not "
                               "supported", spec);
    if (comps && !cJSON_IsArray(comps))
        return vigil_error_set(err, VIGIL_EPARSE, 0,
                               "cannot read CycloneDX BOM: 'components' "
                               "is not an array");
    return 0;
}

static int starts_xml(const char *buf, size_t len)
{
    size_t i = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;

    while (i < len && strchr(" \t\r\n", buf[i]) && buf[i])
        i++;
    return i < len && buf[i] == '<';
}

int vigil__inv_parse_cyclonedx(struct inv_run *r, const char *buf,
                               size_t len)
{
    struct cdx x = { r, 0 };
    const cJSON *meta, *c;
    cJSON *root = NULL;
    int rc;

    /* LIMIT: CycloneDX XML is not read; such BOMs must be converted to
     * JSON first. See docs/LIMITS.md#cyclonedx-xml. */
    if (starts_xml(buf, len))
        return vigil_error_set(r->err, VIGIL_EUNSUPPORTED, 0,
                               "CycloneDX XML is not supported; convert "
                               "the BOM to JSON");

    rc = vigil__inv_json_load(buf, len, "CycloneDX BOM", &root, r->err);
    if (rc == 0)
        rc = check_bom(root, r->err);
    if (rc != 0)
        goto out;

    meta = cJSON_GetObjectItemCaseSensitive(root, "metadata");
    c = cJSON_GetObjectItemCaseSensitive(meta, "component");
    if (c && (rc = walk(&x, c, 0)) != 0)
        goto out;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root,
                                                           "components"))
        if ((rc = walk(&x, c, 0)) != 0)
            goto out;
    rc = vigil__inv_finish(r);
out:
    cJSON_Delete(root);
    return rc;
}
