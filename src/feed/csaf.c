/*
 * csaf.c - CSAF 2.0 documents (OASIS Common Security Advisory
 * Framework), VEX profile included: one record per entry of
 * vulnerabilities[], each with the whole document as its raw text.
 *
 * The record id joins the document's tracking id and the
 * vulnerability's CVE ("RHSA-2024:4546/CVE-2023-45288"), else its first
 * other id, else its index, because a CVE is covered by many documents
 * (one RHSA per product stream) and the store keeps one record per
 * format and id.  The CVE is an alias, so every document's record joins
 * the CVE's advisory.  The tracking id is an alias only of a document
 * with a single vulnerability: as an alias of several, it would fold
 * distinct CVEs into one advisory.
 */
#include <string.h>

#include <cJSON.h>

#include "csaf_int.h"
#include "../internal.h"

/* The document-wide parts every record of it shares. */
struct csaf_doc {
    const cJSON *document;
    const char *tracking_id;
    const char *publisher;
    size_t nvulns;
    struct csaf_tree tree;
};

/*
 * LIMIT: at most 256 remediation lines per vulnerability, each of at
 * most 4 KiB; longer text is cut. See docs/LIMITS.md#csaf-tree-size.
 */
#define CSAF_MAX_REMEDIATIONS 256
#define CSAF_MAX_LINE 4096

static const struct {
    const char *key;
    const char *version;          /* when the object does not say */
} csaf_scores[] = {
    { "cvss_v2", "2.0" },
    { "cvss_v3", NULL },
    { "cvss_v4", "4.0" },          /* CSAF 2.1 */
};

static const struct {
    const char *category;
    const char *type;
} ref_types[] = {
    { "self", "ADVISORY" },
    { "external", "WEB" },
};

/* The text of the first note of category cat, or NULL. */
static const char *note(const cJSON *notes, const char *cat)
{
    const cJSON *e;
    const char *c;

    cJSON_ArrayForEach(e, notes) {
        c = vigil__json_str(e, "category");
        if (c && strcmp(c, cat) == 0 && vigil__json_str(e, "text"))
            return vigil__json_str(e, "text");
    }
    return NULL;
}

static const char *describe(const cJSON *v, const cJSON *doc)
{
    static const char *const cats[] = { "description", "summary" };
    const cJSON *places[2];
    const char *s;
    size_t i, k;

    places[0] = vigil__json_arr(v, "notes");
    places[1] = vigil__json_arr(doc, "notes");
    for (k = 0; k < VIGIL_ARRAY_SIZE(places); k++)
        for (i = 0; i < VIGIL_ARRAY_SIZE(cats); i++)
            if ((s = note(places[k], cats[i])))
                return s;
    return NULL;
}

/* "3.1" of "CVSS:3.1/...", else fallback. */
static const char *vector_version(struct vigil_arena *a, const char *vector,
                                  const char *fallback)
{
    size_t n;

    if (strncmp(vector, "CVSS:", 5) != 0)
        return fallback;
    n = strcspn(vector + 5, "/");
    return n > 0 && n <= 8 ? vigil_arena_strndup(a, vector + 5, n)
                           : fallback;
}

static int add_score(struct feed_rec *r, const cJSON *o, const char *dflt)
{
    const char *vector = vigil__json_str(o, "vectorString"), *version;
    struct vigil_score *s;
    size_t i;

    if (!vector)
        return 0;
    version = vigil__json_str(o, "version");
    if (!version)
        version = vector_version(r->arena, vector, dflt);
    if (!version)
        return 0;
    for (i = 0; i < r->adv.nscores; i++)
        if (strcmp(r->adv.scores[i].vector, vector) == 0)
            return 0;
    if (!(s = vigil__feed_add_score(r)))
        return VIGIL_ENOMEM;
    s->source = r->adv.source;
    s->vector = vector;
    s->version = version;
    s->severity = vigil__json_str(o, "baseSeverity");
    s->has_published = vigil__json_num(o, "baseScore", &s->published);
    return 0;
}

static int add_scores(struct feed_rec *r, const cJSON *v)
{
    const cJSON *e;
    size_t i;
    int rc;

    cJSON_ArrayForEach(e, vigil__json_arr(v, "scores"))
        for (i = 0; i < VIGIL_ARRAY_SIZE(csaf_scores); i++)
            if ((rc = add_score(r, vigil__json_obj(e, csaf_scores[i].key),
                                csaf_scores[i].version)))
                return rc;
    return 0;
}

static int add_refs(struct feed_rec *r, const cJSON *refs)
{
    const char *cat, *type;
    const cJSON *e;
    size_t i;
    int rc;

    cJSON_ArrayForEach(e, refs) {
        cat = vigil__json_str(e, "category");
        type = NULL;
        for (i = 0; cat && i < VIGIL_ARRAY_SIZE(ref_types); i++)
            if (strcmp(cat, ref_types[i].category) == 0)
                type = ref_types[i].type;
        if ((rc = vigil__feed_add_ref(r, vigil__json_str(e, "url"), type)))
            return rc;
    }
    return 0;
}

/* Appends s with each run of white space made one space. */
static int add_squeezed(struct vigil_buf *b, const char *s)
{
    int space = 0, rc = 0;

    for (; *s && !rc && b->len < CSAF_MAX_LINE; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && b->len > 0 && b->ptr[b->len - 1] != ' ')
            rc = vigil_buf_addc(b, ' ');
        space = 0;
        if (!rc)
            rc = vigil_buf_addc(b, *s);
    }
    return rc;
}

/* "category: details (url)" on one line, in the arena. */
static const char *remedy_line(struct vigil_arena *a, const cJSON *e)
{
    const char *cat = vigil__json_str(e, "category");
    const char *details = vigil__json_str(e, "details");
    const char *url = vigil__json_str(e, "url");
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *out = NULL;
    int rc;

    if (!cat || (!details && !url))
        return "";
    rc = vigil_buf_addf(&b, "%s:", cat);
    if (!rc && details && !(rc = vigil_buf_addc(&b, ' ')))
        rc = add_squeezed(&b, details);
    if (!rc && url)
        rc = vigil_buf_addf(&b, details ? " (%s)" : " %s", url);
    if (!rc)
        out = vigil_arena_strndup(a, b.ptr, b.len);
    vigil_buf_release(&b);
    return out;
}

static int add_remediations(struct feed_rec *r, const cJSON *v)
{
    struct vigil_advisory *adv = &r->adv;
    const char **p, *line;
    const cJSON *e;
    size_t i;

    cJSON_ArrayForEach(e, vigil__json_arr(v, "remediations")) {
        if (adv->nremediations >= CSAF_MAX_REMEDIATIONS)
            break;
        if (!(line = remedy_line(r->arena, e)))
            return VIGIL_ENOMEM;
        for (i = 0; i < adv->nremediations; i++)
            if (strcmp(adv->remediations[i], line) == 0)
                break;
        if (!line[0] || i < adv->nremediations)
            continue;
        p = vigil__feed_grow(r->arena, (void *)adv->remediations,
                             adv->nremediations, sizeof(*p));
        if (!p)
            return VIGIL_ENOMEM;
        p[adv->nremediations++] = line;
        adv->remediations = p;
    }
    return 0;
}

/* Ids of other systems: those with a letter, as a bare number
 * ("2268273", a Bugzilla id) would collide across systems. */
static const char *other_id(const cJSON *e)
{
    const char *s = vigil__json_str(e, "text");
    size_t i;

    for (i = 0; s && s[i]; i++)
        if (vigil__isalpha((unsigned char)s[i]))
            return s;
    return NULL;
}

/* The record id and the aliases. */
static int identify(struct feed_rec *r, const struct csaf_doc *c,
                    const cJSON *v, size_t index)
{
    const char *cve = vigil__json_str(v, "cve"), *key = cve;
    const cJSON *e;
    int rc = 0;

    cJSON_ArrayForEach(e, vigil__json_arr(v, "ids"))
        if (!key)
            key = vigil__json_str(e, "text");
    if (!c->tracking_id && !cve)
        return vigil__feed_fail(r, "'document.tracking.id' is missing");
    if (!c->tracking_id)
        r->adv.id = cve;
    else if (key)
        r->adv.id = vigil_arena_printf(r->arena, "%s/%s", c->tracking_id,
                                       key);
    else
        r->adv.id = vigil_arena_printf(r->arena, "%s/#%zu", c->tracking_id,
                                       index);
    if (!r->adv.id)
        return VIGIL_ENOMEM;
    rc = vigil__feed_add_alias(r, cve);
    cJSON_ArrayForEach(e, vigil__json_arr(v, "ids"))
        if (!rc)
            rc = vigil__feed_add_alias(r, other_id(e));
    if (!rc && c->nvulns == 1)
        rc = vigil__feed_add_alias(r, c->tracking_id);
    return rc;
}

static const char *first_time(struct feed_rec *r, const char *a,
                              const char *b, const char *c)
{
    const char *t = vigil__feed_time(r, a);

    if (!t)
        t = vigil__feed_time(r, b);
    return t ? t : vigil__feed_time(r, c);
}

static int fill(struct feed_rec *r, const struct csaf_doc *c,
                const cJSON *v, size_t index)
{
    const cJSON *tracking = vigil__json_obj(c->document, "tracking");
    const cJSON *cwe = vigil__json_obj(v, "cwe"), *e;
    int rc;

    if ((rc = identify(r, c, v, index)))
        return rc;
    r->adv.title = vigil__json_str(v, "title");
    if (!r->adv.title)
        r->adv.title = vigil__json_str(c->document, "title");
    r->adv.description = describe(v, c->document);
    r->adv.published = first_time(
        r, vigil__json_str(v, "release_date"),
        vigil__json_str(tracking, "initial_release_date"),
        vigil__json_str(v, "discovery_date"));
    r->adv.modified = vigil__feed_time(
        r, vigil__json_str(tracking, "current_release_date"));
    if ((rc = vigil__feed_add_cwe(r, vigil__json_str(cwe, "id"))))
        return rc;
    /* CSAF 2.1 lists several */
    cJSON_ArrayForEach(e, vigil__json_arr(v, "cwes"))
        if ((rc = vigil__feed_add_cwe(r, vigil__json_str(e, "id"))))
            return rc;
    if ((rc = add_scores(r, v)) ||
        (rc = add_refs(r, vigil__json_arr(v, "references"))) ||
        (rc = add_refs(r, vigil__json_arr(c->document, "references"))) ||
        (rc = add_remediations(r, v)))
        return rc;
    return vigil__csaf_add_affected(r, &c->tree, v);
}

static int each_vuln(struct feed_doc *d, struct csaf_doc *c,
                     const cJSON *vulns)
{
    struct feed_rec r;
    const cJSON *v;
    size_t index = 0;
    int rc;

    cJSON_ArrayForEach(v, vulns) {
        vigil__feed_rec_init(&r, d, "csaf", c->publisher);
        if (cJSON_IsObject(v))
            rc = fill(&r, c, v, index);
        else
            rc = vigil__feed_fail(&r, "vulnerability is not a JSON object");
        if ((rc = vigil__feed_finish(&r, rc, NULL, index++)))
            return rc;
    }
    return 0;
}

int vigil__feed_csaf(struct feed_doc *d, const cJSON *root,
                     struct vigil_error *err)
{
    const cJSON *vulns = vigil__json_arr(root, "vulnerabilities");
    struct csaf_doc c;
    int rc;

    memset(&c, 0, sizeof(c));
    c.document = vigil__json_obj(root, "document");
    if (!c.document || !vigil__json_str(c.document, "csaf_version"))
        return vigil_error_set(err, VIGIL_EPARSE, 0, "CSAF document has "
                               "no 'document.csaf_version'");
    c.tracking_id = vigil__json_str(vigil__json_obj(c.document, "tracking"),
                                    "id");
    c.publisher = vigil__json_str(vigil__json_obj(c.document, "publisher"),
                                  "name");
    if (!c.publisher)
        c.publisher = "csaf";
    c.nvulns = (size_t)cJSON_GetArraySize(vulns);
    rc = vigil__csaf_tree_build(&c.tree, vigil__json_obj(root,
                                                         "product_tree"));
    if (rc == 0)
        rc = each_vuln(d, &c, vulns);
    vigil__csaf_tree_release(&c.tree);
    return rc;
}
