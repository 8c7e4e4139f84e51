/*
 * csaf_status.c - a CSAF vulnerability's product_status as affected
 * entries.
 *
 * Products group into entries by what identifies them: a package by
 * its purl (or ecosystem and name), a product by vendor and product
 * name; a CPE stays an entry of its own, as an NVD cpeMatch does, since
 * the matcher reads the version from the CPE.  Each status of a product
 * becomes a BOUNDS range over the product's version (exact) or version
 * range, with the status "affected", "unaffected" or "unknown"; a
 * product without either stands for all its versions ("*").
 *
 * Fixed products also give the entry its fixed versions.  A package
 * named only as fixed (a Red Hat RHSA lists only the builds that fix
 * the flaw) gets OSV's reading too: every version before the fix is
 * affected, as the OSV converter of Red Hat CSAF writes it.
 */
#include <string.h>

#include <cJSON.h>

#include "csaf_int.h"
#include "../internal.h"

enum role {
    ROLE_AFFECTED = 1,
    ROLE_FIXED = 2,
    ROLE_NOT_AFFECTED = 4,
    ROLE_UNKNOWN = 8
};

static const struct {
    const char *key;
    const char *status;
    enum role role;
} statuses[] = {
    { "known_affected", "affected", ROLE_AFFECTED },
    { "first_affected", "affected", ROLE_AFFECTED },
    { "last_affected", "affected", ROLE_AFFECTED },
    { "known_not_affected", "unaffected", ROLE_NOT_AFFECTED },
    { "fixed", "unaffected", ROLE_FIXED },
    { "first_fixed", "unaffected", ROLE_FIXED },
    { "recommended", "unaffected", ROLE_FIXED },
    { "under_investigation", "unknown", ROLE_UNKNOWN },
};

/*
 * LIMIT: a vulnerability's product_status is read up to 8192 product
 * references and a version range up to 64 constraints; the rest is
 * ignored with a warning. See docs/LIMITS.md#csaf-tree-size.
 */
#define CSAF_MAX_REFS 8192
#define CSAF_MAX_CONSTRAINTS 64

struct status_run {
    struct feed_rec *r;
    const struct csaf_tree *t;
    const cJSON *vuln;
    unsigned char *roles;         /* per entry, beside r->adv.affected */
    size_t nrefs;
    size_t nunknown;              /* product ids not in the tree */
};

/* One BOUNDS range as it is being built. */
struct bounds {
    const char *start;
    int start_incl;
    const char *end;
    int end_incl;
    const char *exact;
};

static int eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_entry(const struct vigil_affected *a,
                      const struct csaf_product *p)
{
    if (a->kind != p->kind)
        return 0;
    switch (p->kind) {
    case VIGIL_AFF_PACKAGE:
        return p->purl ? eq(a->purl, p->purl)
                       : eq(a->ecosystem, p->ecosystem) &&
                             eq(a->name, p->pkg);
    case VIGIL_AFF_CPE:
        return eq(a->cpe, p->cpe);
    default:
        return eq(a->vendor, p->vendor) && eq(a->product, p->product);
    }
}

/* The index of p's entry, created when new; -1 when out of memory. */
static long entry_of(struct status_run *s, const struct csaf_product *p)
{
    struct feed_rec *r = s->r;
    struct vigil_affected *a;
    unsigned char *roles;
    size_t i;

    for (i = 0; i < r->adv.naffected; i++)
        if (same_entry(&r->adv.affected[i], p))
            return (long)i;
    roles = vigil__feed_grow(r->arena, s->roles, r->adv.naffected,
                             sizeof(*roles));
    if (!roles || !(a = vigil__feed_add_affected(r)))
        return -1;
    s->roles = roles;
    roles[i] = 0;
    a->kind = p->kind;
    a->ecosystem = p->ecosystem;
    a->name = p->pkg;
    a->purl = p->purl;
    a->cpe = p->cpe;
    a->vendor = p->vendor;
    a->product = p->product;
    a->vulnerable = 1;
    return (long)i;
}

static int same_range(const struct vigil_range *g, const struct bounds *b,
                      const char *status, const char *why)
{
    return g->type && strcmp(g->type, "BOUNDS") == 0 &&
           eq(g->start, b->start) && eq(g->end, b->end) &&
           eq(g->exact, b->exact) && g->start_incl == b->start_incl &&
           g->end_incl == b->end_incl && eq(g->status, status) &&
           eq(g->justification, why);
}

static int emit(struct status_run *s, struct vigil_affected *a,
                const struct bounds *b, const char *status, const char *why)
{
    struct vigil_range *g;
    size_t i;

    for (i = 0; i < a->nranges; i++)
        if (same_range(&a->ranges[i], b, status, why))
            return 0;
    if (!(g = vigil__feed_add_range(s->r, a)))
        return VIGIL_ENOMEM;
    g->type = "BOUNDS";
    g->start = b->start;
    g->start_incl = b->start_incl;
    g->end = b->end;
    g->end_incl = b->end_incl;
    g->exact = b->exact;
    g->status = status;
    g->justification = why;
    return 0;
}

/* Comparators of a version constraint, longest first. */
static const struct {
    const char *op;
    int lower;                    /* 1 lower bound, 0 upper, -1 exact */
    int incl;
} comparators[] = {
    { ">=", 1, 1 }, { "<=", 0, 1 }, { "!=", -2, 0 }, { ">", 1, 0 },
    { "<", 0, 0 }, { "=", -1, 1 },
};

/* Splits piece into comparator row and version (trimmed, in arena). */
static int read_constraint(struct vigil_arena *a, const char *p, size_t n,
                           size_t *row, const char **version)
{
    size_t i, k;

    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    *row = 5;
    for (i = 0; i < VIGIL_ARRAY_SIZE(comparators); i++) {
        k = strlen(comparators[i].op);
        if (n >= k && strncmp(p, comparators[i].op, k) == 0) {
            *row = i;
            p += k, n -= k;
            break;
        }
    }
    while (n && *p == ' ')
        p++, n--;
    if (n == 0)
        return VIGIL_EPARSE;
    *version = vigil_arena_strndup(a, p, n);
    return *version ? 0 : VIGIL_ENOMEM;
}

/*
 * A product_version_range as ranges: a vers string
 * ("vers:generic/>=1.0|<=2.3", or "vers:all/" and a star for every
 * version) or a bare constraint list ("<=1.14.0", ">= 1.0, < 2.0").
 * Lower and upper bounds pair up in order.  Text that is none of this
 * is kept whole as the exact version.
 * LIMIT: "!=" constraints are dropped (the range keeps that version)
 * and free text gives the matcher nothing to decide with. See
 * docs/LIMITS.md#csaf-version-ranges.
 */
static int emit_range(struct status_run *s, struct vigil_affected *a,
                      const char *text, const char *status, const char *why)
{
    const char *p = text, *v, *slash;
    struct bounds b, open;
    size_t n, row, count = 0;
    int rc = 0;

    memset(&open, 0, sizeof(open));
    if (strncmp(p, "vers:", 5) == 0 && (slash = strchr(p, '/')))
        p = slash + 1;
    while (*p && !rc && count++ < CSAF_MAX_CONSTRAINTS) {
        n = strcspn(p, "|,");
        rc = read_constraint(s->r->arena, p, n, &row, &v);
        p += n + (p[n] != '\0');
        if (rc || comparators[row].lower == -2)
            continue;
        memset(&b, 0, sizeof(b));
        if (comparators[row].lower == 1) {
            if (open.start)
                rc = emit(s, a, &open, status, why);
            open.start = v;
            open.start_incl = comparators[row].incl;
            continue;
        }
        if (comparators[row].lower == 0) {
            b = open;
            b.end = v;
            b.end_incl = comparators[row].incl;
            memset(&open, 0, sizeof(open));
        } else {
            b.exact = v;
        }
        rc = emit(s, a, &b, status, why);
    }
    if (rc == VIGIL_EPARSE) {
        memset(&b, 0, sizeof(b));
        b.exact = text;
        return emit(s, a, &b, status, why);
    }
    return rc ? rc : open.start ? emit(s, a, &open, status, why) : 0;
}

/* The first flag label and impact statement that name the product. */
static const char *justification(struct status_run *s, const char *id)
{
    const char *label = NULL, *details = NULL;
    const cJSON *e;

    cJSON_ArrayForEach(e, vigil__json_arr(s->vuln, "flags"))
        if (!label && vigil__csaf_names(s->t, e, id))
            label = vigil__json_str(e, "label");
    cJSON_ArrayForEach(e, vigil__json_arr(s->vuln, "threats")) {
        const char *cat = vigil__json_str(e, "category");

        if (!details && cat && strcmp(cat, "impact") == 0 &&
            vigil__csaf_names(s->t, e, id))
            details = vigil__json_str(e, "details");
    }
    if (label && details)
        return vigil_arena_printf(s->r->arena, "%s: %s", label, details);
    return label ? label : details;
}

static int add_status(struct status_run *s, const struct csaf_product *p,
                      size_t k)
{
    const char *why = NULL;
    struct vigil_affected *a;
    struct bounds b;
    long i = entry_of(s, p);

    if (i < 0)
        return VIGIL_ENOMEM;
    a = &s->r->adv.affected[i];
    s->roles[i] |= (unsigned char)statuses[k].role;
    if (statuses[k].role == ROLE_NOT_AFFECTED)
        why = justification(s, p->id);
    if (statuses[k].role == ROLE_FIXED && p->version &&
        vigil__feed_add_fixed(s->r, a, p->version))
        return VIGIL_ENOMEM;
    if (!p->version && p->range)
        return emit_range(s, a, p->range, statuses[k].status, why);
    memset(&b, 0, sizeof(b));
    b.exact = p->version ? p->version : "*";
    return emit(s, a, &b, statuses[k].status, why);
}

static int add_list(struct status_run *s, const cJSON *ids, size_t k)
{
    const struct csaf_product *p;
    const cJSON *e;
    int rc;

    cJSON_ArrayForEach(e, ids) {
        if (!cJSON_IsString(e))
            continue;
        if (++s->nrefs > CSAF_MAX_REFS)
            return 0;
        if (!(p = vigil__csaf_product(s->t, e->valuestring))) {
            s->nunknown++;
            continue;
        }
        if ((rc = add_status(s, p, k)))
            return rc;
    }
    return 0;
}

/*
 * A package named only as fixed: [0, fix) for each fixed version.
 * LIMIT: a package fixed in several product streams (RHEL 4 and 5 in
 * one old RHSA) gets one range per fix, and "Red Hat" names no stream,
 * so a patched host of an older stream is below a newer stream's fix
 * and reported affected. See docs/LIMITS.md#csaf-fixed-streams.
 */
static int imply_ranges(struct feed_rec *r, struct vigil_affected *a)
{
    struct vigil_range *g;
    size_t i;

    for (i = 0; i < a->nfixed; i++) {
        if (!(g = vigil__feed_add_range(r, a)) ||
            vigil__feed_add_event(r, g, VIGIL_EV_INTRODUCED, "0") ||
            vigil__feed_add_event(r, g, VIGIL_EV_FIXED, a->fixed[i]))
            return VIGIL_ENOMEM;
        g->type = "ECOSYSTEM";
    }
    return 0;
}

/* The fixed versions of a CPE entry belong to every CPE entry of the
 * same vendor and product. */
static int share_fixed(struct feed_rec *r, const struct vigil_affected *src)
{
    struct vigil_affected *a;
    size_t i, k;

    for (i = 0; i < r->adv.naffected; i++) {
        a = &r->adv.affected[i];
        if (a == src || a->kind != VIGIL_AFF_CPE ||
            !eq(a->vendor, src->vendor) || !eq(a->product, src->product))
            continue;
        for (k = 0; k < src->nfixed; k++)
            if (vigil__feed_add_fixed(r, a, src->fixed[k]))
                return VIGIL_ENOMEM;
    }
    return 0;
}

static int finish_entries(struct status_run *s)
{
    struct feed_rec *r = s->r;
    struct vigil_affected *a;
    size_t i;
    int rc;

    for (i = 0; i < r->adv.naffected; i++) {
        a = &r->adv.affected[i];
        if (a->kind == VIGIL_AFF_PACKAGE && s->roles[i] == ROLE_FIXED &&
            (rc = imply_ranges(r, a)))
            return rc;
        if (a->kind == VIGIL_AFF_CPE && (s->roles[i] & ROLE_FIXED) &&
            (rc = share_fixed(r, a)))
            return rc;
    }
    return 0;
}

int vigil__csaf_add_affected(struct feed_rec *r, const struct csaf_tree *t,
                             const cJSON *v)
{
    const cJSON *st = vigil__json_obj(v, "product_status");
    struct status_run s;
    size_t k;
    int rc;

    memset(&s, 0, sizeof(s));
    s.r = r;
    s.t = t;
    s.vuln = v;
    for (k = 0; k < VIGIL_ARRAY_SIZE(statuses); k++)
        if ((rc = add_list(&s, vigil__json_arr(st, statuses[k].key), k)))
            return rc;
    if (s.nrefs > CSAF_MAX_REFS)
        vigil_log(VIGIL_LOG_WARN, "%s: '%s': more than %d product "
                  "references; the rest are ignored", r->doc->origin,
                  r->adv.id, CSAF_MAX_REFS);
    if (s.nunknown)
        vigil_log(VIGIL_LOG_DEBUG, "%s: '%s': %zu product ids not in the "
                  "product tree", r->doc->origin, r->adv.id, s.nunknown);
    return finish_entries(&s);
}
