/*
 * csaf_int.h - what the CSAF files share: the resolved product tree of
 * one document (csaf_product.c) and the mapping of a vulnerability's
 * product_status to affected entries (csaf_status.c).
 *
 * The tree lives for the whole document, in its own arena, because the
 * record arena is reset after each vulnerability.  Strings copied from
 * the document point into the cJSON tree.
 */
#ifndef VIGIL_CSAF_INT_H
#define VIGIL_CSAF_INT_H

#include <stddef.h>

#include <cJSON.h>

#include "vigil/advisory.h"
#include "vigil/buf.h"
#include "feed_int.h"

/*
 * LIMIT: a document's product tree is read up to 65536 products,
 * branches nested up to 32 levels and relationships nested up to 8
 * levels; products past that are unknown to the vulnerabilities that
 * name them. See docs/LIMITS.md#csaf-tree-size.
 */
#define CSAF_MAX_PRODUCTS 65536
#define CSAF_MAX_DEPTH 32
#define CSAF_MAX_NESTING 8

/* One product_id with what identifies it. */
struct csaf_product {
    const char *id;
    const char *name;             /* the full product name */
    enum vigil_affected_kind kind;
    const char *ecosystem;        /* PACKAGE, from the purl; may be NULL */
    const char *pkg;              /* PACKAGE: the ecosystem's name */
    const char *purl;             /* PACKAGE: canonical, no version */
    const char *cpe;              /* CPE: CPE 2.3, version filled in */
    const char *vendor;
    const char *product;
    const char *version;          /* the single version, or NULL */
    const char *range;            /* product_version_range, or NULL */
};

struct csaf_tree {
    struct csaf_product *v;       /* sorted by id once built */
    size_t n;
    const cJSON *groups;          /* product_tree.product_groups */
    struct vigil_arena arena;
};

/*
 * Reads product_tree (which may be NULL) into t: every product of the
 * branches, full_product_names and relationships, a relationship
 * taking the identity of its product_reference.  Products that cannot
 * be read are left out (a debug line says why).  Returns 0 or
 * VIGIL_ENOMEM; t is released by vigil__csaf_tree_release() either way.
 */
int vigil__csaf_tree_build(struct csaf_tree *t, const cJSON *tree);
void vigil__csaf_tree_release(struct csaf_tree *t);

/* The product with that id, or NULL. */
const struct csaf_product *vigil__csaf_product(const struct csaf_tree *t,
                                               const char *id);

/* Whether o's product_ids, or a group of its group_ids, names id. */
int vigil__csaf_names(const struct csaf_tree *t, const cJSON *o,
                      const char *id);

/*
 * Adds the affected entries of vulnerability v: one per package (purl)
 * or product (vendor and product name), one per CPE, each status of a
 * product a BOUNDS range of its version.  Returns 0 or VIGIL_ENOMEM.
 */
int vigil__csaf_add_affected(struct feed_rec *r, const struct csaf_tree *t,
                             const cJSON *v);

#endif
