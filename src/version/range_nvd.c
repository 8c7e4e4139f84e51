/*
 * range_nvd.c - NVD configurations: AND/OR trees of cpeMatch entries
 * evaluated against the CPE names of an inventory, in three-valued
 * logic (true, false, unknown).
 *
 * Entries arrive flat, each with its node path ("CONFIG/NODE"); the
 * tree is rebuilt by grouping on the path, by scanning rather than by
 * allocating, since a configuration holds at most a few hundred entries.
 *
 * LIMIT: nested nodes (NVD 1.1 "children") are grouped by their full
 * path and joined by the configuration operator; the operator of a node
 * with no entries of its own is lost.  See docs/LIMITS.md#nvd-nesting.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/range.h"
#include "range_int.h"
#include "../internal.h"

enum tri { T_FALSE, T_TRUE, T_UNKNOWN };

struct nvd_run {
    const struct vigil_affected *e;
    size_t n;
    const struct vigil_cpe *inv;
    size_t ninv;
    const struct vigil_scheme *s;
    /* the best vulnerable entry found true (have_hit is its rank), and
     * the first unknown */
    int have_hit, have_unknown;
    struct vigil_evidence hit, unknown;
};

/* Length of the configuration prefix of a node path ("0" of "0/1"). */
static size_t config_len(const char *node)
{
    return node ? strcspn(node, "/") : 0;
}

static int same_config(const struct vigil_affected *a,
                       const struct vigil_affected *b)
{
    size_t la = config_len(a->node), lb = config_len(b->node);

    if (!a->node || !b->node)
        return !a->node && !b->node;
    return la == lb && strncmp(a->node, b->node, la) == 0;
}

static int same_node(const struct vigil_affected *a,
                     const struct vigil_affected *b)
{
    if (!a->node || !b->node)
        return !a->node && !b->node;
    return strcmp(a->node, b->node) == 0;
}

static int is_and(const char *op)
{
    return op && vigil__strcasecmp(op, "AND") == 0;
}

/* Combines b into a: AND or OR in Kleene's three-valued logic. */
static enum tri combine(enum tri a, enum tri b, int and)
{
    if (and) {
        if (a == T_FALSE || b == T_FALSE)
            return T_FALSE;
        return (a == T_UNKNOWN || b == T_UNKNOWN) ? T_UNKNOWN : T_TRUE;
    }
    if (a == T_TRUE || b == T_TRUE)
        return T_TRUE;
    return (a == T_UNKNOWN || b == T_UNKNOWN) ? T_UNKNOWN : T_FALSE;
}

static enum tri negate(enum tri t)
{
    return t == T_UNKNOWN ? T_UNKNOWN : t == T_TRUE ? T_FALSE : T_TRUE;
}

static enum tri from_verdict(enum vigil_verdict v)
{
    return v == VIGIL_VERDICT_AFFECTED ? T_TRUE
         : v == VIGIL_VERDICT_UNKNOWN ? T_UNKNOWN : T_FALSE;
}

/* Does the entry say anything about versions? */
static int constrains_version(const struct vigil_affected *a,
                              const struct vigil_cpe *pattern)
{
    size_t i;

    if (pattern->kind[VIGIL_CPE_VERSION] == VIGIL_CPE_VALUE)
        return 1;
    for (i = 0; i < a->nranges; i++)
        if (a->ranges[i].start || a->ranges[i].end || a->ranges[i].exact)
            return 1;
    return 0;
}

/*
 * One entry against one inventory name: the names must match with the
 * version left aside, then the version must be inside the entry.  A
 * platform entry whose CPE names no version ("cpe:...:windows:-", as
 * NVD writes platforms) only asks that the platform be there.
 */
static enum tri entry_vs_name(struct nvd_run *r, const struct vigil_affected *a,
                              const struct vigil_cpe *pattern,
                              const struct vigil_cpe *name,
                              struct vigil_evidence *ev)
{
    struct vigil_cpe loose = *pattern;
    char ver[VIGIL_CPE_VALUE_MAX];
    enum vigil_verdict vd;
    int bounded = constrains_version(a, pattern);

    loose.kind[VIGIL_CPE_VERSION] = VIGIL_CPE_ANY;
    loose.value[VIGIL_CPE_VERSION][0] = '\0';
    if (!vigil_cpe_match(&loose, name))
        return T_FALSE;
    if ((!a->vulnerable && !bounded) ||
        name->kind[VIGIL_CPE_VERSION] != VIGIL_CPE_VALUE) {
        if (bounded && name->kind[VIGIL_CPE_VERSION] == VIGIL_CPE_NA)
            return T_FALSE;
        vigil__range_copy(ev->detail, sizeof(ev->detail), bounded
                          ? "inventory name gives no version"
                          : "present (any version)");
        return bounded ? T_UNKNOWN : T_TRUE;
    }
    if (vigil_cpe_get(name, VIGIL_CPE_VERSION, ver, sizeof(ver)) != 0)
        return T_UNKNOWN;
    vigil__range_check(a, r->s, ver, &vd, ev);
    return from_verdict(vd);
}

/* How much a true vulnerable entry tells: a fix beats bounds, bounds
 * beat mere presence. */
static int hit_rank(const struct vigil_affected *a,
                    const struct vigil_evidence *ev)
{
    return ev->fixed[0] ? 3 : a->nranges && (a->ranges[0].start ||
                                               a->ranges[0].end) ? 2 : 1;
}

/* Keeps the evidence of the best true vulnerable entry and of the first
 * unknown one. */
static void note(struct nvd_run *r, const struct vigil_affected *a,
                 enum tri t, const struct vigil_evidence *ev)
{
    struct vigil_evidence *dst = NULL;
    int rank = hit_rank(a, ev);

    if (t == T_TRUE && a->vulnerable && rank > r->have_hit) {
        r->have_hit = rank;
        dst = &r->hit;
    } else if (t == T_UNKNOWN && !r->have_unknown) {
        r->have_unknown = 1;
        dst = &r->unknown;
    }
    if (!dst)
        return;
    *dst = *ev;
    snprintf(dst->detail, sizeof(dst->detail), "%.100s: %.150s",
             a->cpe ? a->cpe : "(no CPE)", ev->detail);
}

/* One entry against the whole inventory: true when any name fits. */
static enum tri entry_eval(struct nvd_run *r, const struct vigil_affected *a)
{
    struct vigil_cpe pattern;
    struct vigil_evidence ev;
    enum tri t = T_FALSE, one;
    size_t i;

    memset(&ev, 0, sizeof(ev));
    vigil__range_copy(ev.scheme, sizeof(ev.scheme), r->s->name);
    if (!a->cpe || vigil_cpe_parse(a->cpe, &pattern, NULL) != 0) {
        vigil__range_copy(ev.detail, sizeof(ev.detail), "unreadable CPE");
        note(r, a, T_UNKNOWN, &ev);
        return T_UNKNOWN;
    }
    for (i = 0; i < r->ninv && t != T_TRUE; i++) {
        one = entry_vs_name(r, a, &pattern, &r->inv[i], &ev);
        if (one != T_FALSE)
            note(r, a, one, &ev);
        t = combine(t, one, 0);
    }
    return t;
}

/* What a configuration learnt about its vulnerable entries. */
struct vuln_seen {
    int hit;            /* one was true */
    int unknown;        /* one was unknown */
};

/* A node: its entries combined with its operator, then negated. */
static enum tri node_eval(struct nvd_run *r, size_t first,
                          struct vuln_seen *seen)
{
    const struct vigil_affected *head = &r->e[first];
    int and = is_and(head->node_operator);
    enum tri t = and ? T_TRUE : T_FALSE, one;
    size_t i;

    for (i = first; i < r->n; i++) {
        if (!same_node(&r->e[i], head))
            continue;
        one = entry_eval(r, &r->e[i]);
        if (r->e[i].vulnerable && !head->node_negate) {
            seen->hit |= one == T_TRUE;
            seen->unknown |= one == T_UNKNOWN;
        }
        t = combine(t, one, and);
    }
    return head->node_negate ? negate(t) : t;
}

/* Is entry i the first of its node (or configuration, when config)? */
static int first_of(const struct nvd_run *r, size_t i, int config)
{
    size_t j;

    for (j = 0; j < i; j++)
        if (config ? same_config(&r->e[j], &r->e[i])
                   : same_node(&r->e[j], &r->e[i]))
            return 0;
    return 1;
}

/*
 * One configuration.  It is AFFECTED only when true with a vulnerable
 * entry true; UNKNOWN when unknowns could still make it so.
 */
static enum vigil_verdict config_eval(struct nvd_run *r, size_t first)
{
    const struct vigil_affected *head = &r->e[first];
    int and = is_and(head->config_operator);
    struct vuln_seen seen = { 0, 0 };
    enum tri t = and ? T_TRUE : T_FALSE;
    size_t i;

    r->have_hit = 0;
    r->have_unknown = 0;
    for (i = first; i < r->n; i++)
        if (same_config(&r->e[i], head) && first_of(r, i, 0))
            t = combine(t, node_eval(r, i, &seen), and);
    if (t == T_FALSE)
        return VIGIL_VERDICT_NOT_AFFECTED;
    if (t == T_TRUE && seen.hit)
        return VIGIL_VERDICT_AFFECTED;
    if (seen.hit || seen.unknown)
        return VIGIL_VERDICT_UNKNOWN;
    return VIGIL_VERDICT_NOT_AFFECTED;
}

int vigil_nvd_config_eval(const struct vigil_affected *entries, size_t n,
                          const struct vigil_cpe *inventory, size_t ninv,
                          const struct vigil_scheme *scheme,
                          enum vigil_verdict *out, struct vigil_evidence *ev,
                          struct vigil_error *err)
{
    struct nvd_run r;
    enum vigil_verdict best = VIGIL_VERDICT_NOT_AFFECTED, v;
    size_t i;

    if ((!entries && n) || (!inventory && ninv) || !out || !ev)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot evaluate NVD "
                               "configuration: missing argument");
    memset(&r, 0, sizeof(r));
    r.e = entries;
    r.n = n;
    r.inv = inventory;
    r.ninv = ninv;
    r.s = scheme ? scheme : vigil_scheme_get("generic");
    if (!r.s)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot evaluate NVD "
                               "configuration: no scheme");
    for (i = 0; i < n && best != VIGIL_VERDICT_AFFECTED; i++) {
        if (!first_of(&r, i, 1))
            continue;
        v = config_eval(&r, i);
        if (v == VIGIL_VERDICT_AFFECTED) {
            best = v;
            *ev = r.hit;
        } else if (v == VIGIL_VERDICT_UNKNOWN &&
                   best == VIGIL_VERDICT_NOT_AFFECTED) {
            best = v;
            *ev = r.have_unknown ? r.unknown : r.hit;
        }
    }
    *out = best;
    if (best == VIGIL_VERDICT_NOT_AFFECTED) {
        memset(ev, 0, sizeof(*ev));
        vigil__range_copy(ev->scheme, sizeof(ev->scheme), r.s->name);
        vigil__range_copy(ev->detail, sizeof(ev->detail),
                          "no configuration matches the inventory");
    }
    return 0;
}
