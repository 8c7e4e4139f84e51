/*
 * csaf_product.c - the product tree of a CSAF 2.0 document: what each
 * product_id stands for.
 *
 * A product is known by its product_identification_helper when it has
 * one (a purl makes it a package of an ecosystem, a CPE a CPE entry),
 * else by the branches above it (vendor, product name or family,
 * version or version range).  A relationship ("git-lfs as a component
 * of Red Hat Enterprise Linux AppStream") names a new product_id that
 * stands for its product_reference: the package is what gets installed
 * and matched.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/purl.h"
#include "csaf_int.h"
#include "../internal.h"

/* What the branches above a product say about it. */
struct branch_ctx {
    const char *vendor;
    const char *product;          /* product_name */
    const char *family;           /* product_family */
    const char *version;
    const char *range;            /* product_version_range */
};

#define CTX(f) offsetof(struct branch_ctx, f)
#define NO_SLOT SIZE_MAX

/* Branch categories that name something; "clears" is what they replace.
 * Cisco writes the whole release ("12.2(55)SE") as a service pack of
 * its train ("12.2SE"), so the deepest of the three version levels is
 * the product's version. */
static const struct {
    const char *category;
    size_t sets;
    size_t clears;
} branch_slots[] = {
    { "vendor", CTX(vendor), NO_SLOT },
    { "product_name", CTX(product), NO_SLOT },
    { "product_family", CTX(family), NO_SLOT },
    { "product_version", CTX(version), CTX(range) },
    { "service_pack", CTX(version), CTX(range) },
    { "patch_level", CTX(version), CTX(range) },
    { "product_version_range", CTX(range), CTX(version) },
};

static void set_slot(struct branch_ctx *c, size_t off, const char *v)
{
    *(const char **)(void *)((char *)c + off) = v;
}

static void apply_branch(struct branch_ctx *c, const cJSON *b)
{
    const char *cat = vigil__json_str(b, "category");
    const char *name = vigil__json_str(b, "name");
    size_t i;

    for (i = 0; cat && name && i < VIGIL_ARRAY_SIZE(branch_slots); i++) {
        if (strcmp(cat, branch_slots[i].category) != 0)
            continue;
        set_slot(c, branch_slots[i].sets, name);
        if (branch_slots[i].clears != NO_SLOT)
            set_slot(c, branch_slots[i].clears, NULL);
    }
}

/* rpm versions as the rpm scheme reads them: "EPOCH:VERSION-RELEASE",
 * the epoch from the purl's qualifier and "0" without one, as Red Hat
 * writes them in product ids. */
static const char *purl_version(struct vigil_arena *a,
                                const struct vigil_purl *u)
{
    const char *epoch = vigil_purl_qualifier(u, "epoch");
    size_t i;

    if (!u->version || strcmp(u->type, "rpm") != 0 ||
        strchr(u->version, ':'))
        return u->version;
    for (i = 0; epoch && epoch[i]; i++)
        if (!vigil__isdigit((unsigned char)epoch[i]))
            epoch = NULL;
    return vigil_arena_printf(a, "%s:%s", epoch ? epoch : "0", u->version);
}

/* The purl without version, qualifiers and subpath, canonical. */
static const char *bare_purl(struct vigil_arena *a,
                             const struct vigil_purl *u)
{
    struct vigil_purl q;
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *out = NULL;

    memset(&q, 0, sizeof(q));
    q.type = u->type;
    q.namespace = u->namespace;
    q.name = u->name;
    if (vigil_purl_format(&q, &b) == 0)
        out = vigil_arena_strndup(a, b.ptr, b.len);
    vigil_buf_release(&b);
    return out;
}

/* 0 when s made p a package, 1 when s is no purl, or VIGIL_ENOMEM. */
static int from_purl(struct vigil_arena *a, struct csaf_product *p,
                     const char *s)
{
    struct vigil_purl u;
    char eco[128], name[1024];
    int has_eco;

    if (vigil_purl_parse(s, a, &u, NULL) != 0)
        return 1;
    p->kind = VIGIL_AFF_PACKAGE;
    has_eco = vigil_purl_ecosystem(&u, eco, sizeof(eco)) == 0;
    if (has_eco)
        p->ecosystem = vigil_arena_strdup(a, eco);
    else
        p->ecosystem = vigil_purl_type_to_ecosystem(u.type);
    if (vigil_purl_package_name(&u, name, sizeof(name)) == 0)
        p->pkg = vigil_arena_strdup(a, name);
    else
        p->pkg = u.name;
    p->purl = bare_purl(a, &u);
    p->version = purl_version(a, &u);
    if (!p->pkg || !p->purl || (u.version && !p->version) ||
        (has_eco && !p->ecosystem))
        return VIGIL_ENOMEM;
    return 0;
}

/* Where component idx of a CPE 2.3 string starts (escapes skipped). */
static const char *cpe_at(const char *cpe, int idx)
{
    const char *p = cpe;

    while (idx > 0 && *p) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == ':')
            idx--;
        p++;
    }
    return idx == 0 ? p : NULL;
}

/* cpe with its version component replaced by v, quoted as CPE 2.3
 * quotes it; NULL when out of memory or cpe is too short. */
static const char *cpe_with_version(struct vigil_arena *a, const char *cpe,
                                    const char *v)
{
    const char *start = cpe_at(cpe, 5), *end;
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *out = NULL;
    int rc;

    if (!start)
        return NULL;
    end = cpe_at(start, 1);
    rc = vigil_buf_add(&b, cpe, (size_t)(start - cpe));
    for (; *v && !rc; v++) {
        if (!vigil__isalnum((unsigned char)*v) && !strchr("_-.", *v))
            rc = vigil_buf_addc(&b, '\\');
        if (!rc)
            rc = vigil_buf_addc(&b, *v);
    }
    if (!rc && end)
        rc = vigil_buf_adds(&b, end - 1);
    if (!rc)
        out = vigil_arena_strndup(a, b.ptr, b.len);
    vigil_buf_release(&b);
    return out;
}

static int is_any(const char *v)
{
    return !v || strcmp(v, "*") == 0 || strcmp(v, "-") == 0;
}

/* As from_purl(), for a CPE 2.2 URI or 2.3 string; the version comes
 * from the CPE, else from the branches (and is written into it). */
static int from_cpe(struct vigil_arena *a, struct csaf_product *p,
                    const char *s, const struct branch_ctx *c)
{
    const char *cpe = vigil__feed_cpe23(a, s), *ver;

    if (!cpe || strncmp(cpe, "cpe:2.3:", 8) != 0)
        return 1;
    p->vendor = vigil__feed_cpe_field(a, cpe, 2);
    p->product = vigil__feed_cpe_field(a, cpe, 3);
    if (!p->vendor || !p->product || is_any(p->vendor) ||
        is_any(p->product))
        return 1;
    p->kind = VIGIL_AFF_CPE;
    p->cpe = cpe;
    ver = vigil__feed_cpe_field(a, cpe, 4);
    if (!is_any(ver)) {
        p->version = ver;
    } else if (c->version) {
        p->version = c->version;
        p->cpe = cpe_with_version(a, cpe, c->version);
    } else {
        p->range = c->range;
    }
    return p->cpe ? 0 : VIGIL_ENOMEM;
}

/* The branches alone: vendor and product, name or family. */
static int from_branches(struct csaf_product *p, const struct branch_ctx *c)
{
    p->kind = VIGIL_AFF_PRODUCT;
    p->vendor = c->vendor;
    p->product = c->product ? c->product : c->family ? c->family : p->name;
    p->version = c->version;
    p->range = c->range;
    return p->product ? 0 : 1;
}

static int set_identity(struct vigil_arena *a, struct csaf_product *p,
                        const cJSON *helper, const struct branch_ctx *c)
{
    const char *purl = vigil__json_str(helper, "purl");
    const char *cpe = vigil__json_str(helper, "cpe");
    struct csaf_product keep = *p;
    int rc;

    if (purl && (rc = from_purl(a, p, purl)) <= 0)
        return rc;
    *p = keep;
    if (cpe && (rc = from_cpe(a, p, cpe, c)) <= 0)
        return rc;
    *p = keep;
    return from_branches(p, c);
}

static struct csaf_product *append(struct csaf_tree *t)
{
    struct csaf_product *v;

    if (t->n >= CSAF_MAX_PRODUCTS)
        return NULL;
    v = vigil__feed_grow(&t->arena, t->v, t->n, sizeof(*v));
    if (!v)
        return NULL;
    t->v = v;
    memset(&v[t->n], 0, sizeof(*v));
    return &v[t->n];
}

/* One {product_id, name, product_identification_helper} object. */
static int add_product(struct csaf_tree *t, const struct branch_ctx *c,
                       const cJSON *o)
{
    const char *id = vigil__json_str(o, "product_id");
    struct csaf_product *p;
    int rc;

    if (!id)
        return 0;
    if (!(p = append(t)))
        return t->n >= CSAF_MAX_PRODUCTS ? 0 : VIGIL_ENOMEM;
    p->id = id;
    p->name = vigil__json_str(o, "name");
    rc = set_identity(&t->arena, p, vigil__json_obj(o, "product_"
                                                       "identification_"
                                                       "helper"), c);
    if (rc < 0)
        return rc;
    if (rc == 0)
        t->n++;
    return 0;
}

static int walk_branches(struct csaf_tree *t, const cJSON *arr,
                         const struct branch_ctx *up, int depth)
{
    struct branch_ctx c;
    const cJSON *b, *prod;
    int rc;

    if (depth >= CSAF_MAX_DEPTH)
        return 0;
    cJSON_ArrayForEach(b, arr) {
        c = *up;
        apply_branch(&c, b);
        if ((prod = vigil__json_obj(b, "product")) &&
            (rc = add_product(t, &c, prod)))
            return rc;
        if ((rc = walk_branches(t, vigil__json_arr(b, "branches"), &c,
                                depth + 1)))
            return rc;
    }
    return 0;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const struct csaf_product *)a)->id,
                  ((const struct csaf_product *)b)->id);
}

/* bsearch over the first n products, which are sorted. */
static const struct csaf_product *find(const struct csaf_product *v,
                                       size_t n, const char *id)
{
    struct csaf_product key;

    if (!id || n == 0)
        return NULL;
    memset(&key, 0, sizeof(key));
    key.id = id;
    return bsearch(&key, v, n, sizeof(*v), by_id);
}

/*
 * One pass over the relationships: each whose product_reference is
 * known and whose own id is not gets the reference's identity.  The new
 * products become visible to the next pass, after sorting.
 */
static int relate_pass(struct csaf_tree *t, const cJSON *rels,
                       size_t *added)
{
    const struct csaf_product *ref;
    struct csaf_product copy, *p;
    const cJSON *rel, *fpn;
    const char *id;
    size_t sorted = t->n;

    *added = 0;
    cJSON_ArrayForEach(rel, rels) {
        fpn = vigil__json_obj(rel, "full_product_name");
        id = vigil__json_str(fpn, "product_id");
        ref = find(t->v, sorted, vigil__json_str(rel, "product_reference"));
        if (!id || !ref || find(t->v, sorted, id))
            continue;
        copy = *ref;
        if (!(p = append(t)))
            return t->n >= CSAF_MAX_PRODUCTS ? 0 : VIGIL_ENOMEM;
        *p = copy;
        p->id = id;
        if (vigil__json_str(fpn, "name"))
            p->name = vigil__json_str(fpn, "name");
        t->n++;
        (*added)++;
    }
    return 0;
}

int vigil__csaf_tree_build(struct csaf_tree *t, const cJSON *tree)
{
    struct branch_ctx none;
    const cJSON *e;
    size_t added = 1;
    int rc, pass;

    memset(t, 0, sizeof(*t));
    memset(&none, 0, sizeof(none));
    vigil_arena_init(&t->arena);
    t->groups = vigil__json_arr(tree, "product_groups");
    if ((rc = walk_branches(t, vigil__json_arr(tree, "branches"), &none,
                            0)))
        return rc;
    cJSON_ArrayForEach(e, vigil__json_arr(tree, "full_product_names"))
        if ((rc = add_product(t, &none, e)))
            return rc;
    for (pass = 0; added; pass++) {
        if (t->n)
            qsort(t->v, t->n, sizeof(*t->v), by_id);
        if (pass == CSAF_MAX_NESTING)
            break;
        if ((rc = relate_pass(t, vigil__json_arr(tree, "relationships"),
                              &added)))
            return rc;
    }
    return 0;
}

void vigil__csaf_tree_release(struct csaf_tree *t)
{
    vigil_arena_release(&t->arena);
    t->v = NULL;
    t->n = 0;
}

const struct csaf_product *vigil__csaf_product(const struct csaf_tree *t,
                                               const char *id)
{
    return find(t->v, t->n, id);
}

static int lists(const cJSON *arr, const char *id)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, arr)
        if (cJSON_IsString(e) && strcmp(e->valuestring, id) == 0)
            return 1;
    return 0;
}

int vigil__csaf_names(const struct csaf_tree *t, const cJSON *o,
                      const char *id)
{
    const cJSON *g, *group;

    if (lists(vigil__json_arr(o, "product_ids"), id))
        return 1;
    cJSON_ArrayForEach(g, vigil__json_arr(o, "group_ids")) {
        if (!cJSON_IsString(g))
            continue;
        cJSON_ArrayForEach(group, t->groups) {
            const char *gid = vigil__json_str(group, "group_id");

            if (gid && strcmp(gid, g->valuestring) == 0 &&
                lists(vigil__json_arr(group, "product_ids"), id))
                return 1;
        }
    }
    return 0;
}
