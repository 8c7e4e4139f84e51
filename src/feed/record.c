/*
 * record.c - building one struct vigil_advisory in the document arena,
 * delivering it to the sink, or reporting why it was rejected.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/advisory.h"
#include "feed_int.h"
#include "../internal.h"

void vigil__feed_rec_init(struct feed_rec *r, struct feed_doc *d,
                          const char *format, const char *source)
{
    memset(r, 0, sizeof(*r));
    r->doc = d;
    r->arena = &d->arena;
    r->adv.format = format;
    r->adv.source = source;
}

int vigil__feed_fail(struct feed_rec *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->why, sizeof(r->why), fmt, ap);
    va_end(ap);
    return VIGIL_EPARSE;
}

static void reject(struct feed_rec *r, size_t index)
{
    struct feed_doc *d = r->doc;
    struct vigil_error err;

    vigil_error_clear(&err);
    err.code = VIGIL_EPARSE;
    if (r->adv.id)
        snprintf(err.record, sizeof(err.record), "%s", r->adv.id);
    else
        snprintf(err.record, sizeof(err.record), "#%zu", index);
    snprintf(err.msg, sizeof(err.msg), "cannot read record '%s': %s",
             err.record, r->why[0] ? r->why : "malformed");
    d->nrejected++;
    if (d->sink->on_error)
        d->sink->on_error(d->sink->ctx, d->origin, &err);
}

/* Hands the record, whose raw text is raw, to the sink. */
static int deliver(struct feed_rec *r, const char *raw, size_t raw_len)
{
    struct feed_doc *d = r->doc;
    int rc = 0;

    r->adv.raw = raw;
    r->adv.raw_len = raw_len;
    r->adv.kev = r->has_kev ? &r->kev : NULL;
    d->nrecords++;
    if (d->sink->on_advisory)
        rc = d->sink->on_advisory(d->sink->ctx, &r->adv);
    if (rc)
        d->stopped = 1;
    return rc;
}

int vigil__feed_finish_raw(struct feed_rec *r, int rc, const char *raw,
                           size_t raw_len, size_t index)
{
    if (rc == 0) {
        rc = deliver(r, raw, raw_len);
    } else if (rc == VIGIL_EPARSE) {
        reject(r, index);
        rc = 0;
    }
    vigil_arena_reset(r->arena);
    return rc;
}

int vigil__feed_finish(struct feed_rec *r, int rc, const cJSON *item,
                       size_t index)
{
    char *printed = NULL;

    if (rc == 0 && item && !(printed = cJSON_PrintUnformatted(item)))
        rc = VIGIL_ENOMEM;
    if (printed)
        rc = vigil__feed_finish_raw(r, rc, printed, strlen(printed), index);
    else
        rc = vigil__feed_finish_raw(r, rc, r->doc->buf, r->doc->len, index);
    free(printed);
    return rc;
}

int vigil__feed_one(struct feed_doc *d, const cJSON *item, size_t index,
                    const char *format, feed_fill_fn fill, int whole)
{
    struct feed_rec r;
    int rc;

    vigil__feed_rec_init(&r, d, format, NULL);
    if (cJSON_IsObject(item))
        rc = fill(&r, item);
    else
        rc = vigil__feed_fail(&r, "record is not a JSON object");
    return vigil__feed_finish(&r, rc, whole ? NULL : item, index);
}

int vigil__feed_each(struct feed_doc *d, const cJSON *arr,
                     const char *format, feed_fill_fn fill)
{
    const cJSON *item;
    size_t index = 0;
    int rc;

    cJSON_ArrayForEach(item, arr) {
        rc = vigil__feed_one(d, item, index++, format, fill, 0);
        if (rc)
            return rc;
    }
    return 0;
}

/*
 * The capacity of an array of n elements is 4 for n < 4, else the power
 * of two at or above n, so a new block is needed exactly when n is 0 or
 * a power of two from 4 on.  The old block stays in the arena until the
 * record ends.
 */
void *vigil__feed_grow(struct vigil_arena *a, void *arr, size_t n,
                       size_t size)
{
    size_t cap;
    void *p;

    if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
        return arr;
    cap = n == 0 ? 4 : n * 2;
    p = vigil_arena_calloc(a, cap, size);
    if (p && n)
        memcpy(p, arr, n * size);
    return p;
}

/* Appends s to a string array unless it is there already. */
static int add_unique(struct vigil_arena *a, const char ***arr, size_t *n,
                      const char *s)
{
    const char **p;
    size_t i;

    if (!s)
        return 0;
    for (i = 0; i < *n; i++)
        if (strcmp((*arr)[i], s) == 0)
            return 0;
    p = vigil__feed_grow(a, (void *)*arr, *n, sizeof(*p));
    if (!p)
        return VIGIL_ENOMEM;
    p[(*n)++] = s;
    *arr = p;
    return 0;
}

int vigil__feed_add_alias(struct feed_rec *r, const char *s)
{
    if (s && r->adv.id && strcmp(s, r->adv.id) == 0)
        return 0;
    return add_unique(r->arena, &r->adv.aliases, &r->adv.naliases, s);
}

/*
 * Keeps "CWE-<digits>" from texts such as "CWE-79", "cwe-79" or
 * "CWE-835: Loop with ..."; NVD-CWE-Other, NVD-CWE-noinfo and anything
 * else without a number are dropped.
 */
int vigil__feed_add_cwe(struct feed_rec *r, const char *s)
{
    size_t n = 0;
    char *cwe;

    if (!s || vigil__tolower((unsigned char)s[0]) != 'c' ||
        vigil__tolower((unsigned char)s[1]) != 'w' ||
        vigil__tolower((unsigned char)s[2]) != 'e' || s[3] != '-')
        return 0;
    while (n < 12 && vigil__isdigit((unsigned char)s[4 + n]))
        n++;
    if (n == 0 || n == 12)
        return 0;
    cwe = vigil_arena_printf(r->arena, "CWE-%.*s", (int)n, s + 4);
    if (!cwe)
        return VIGIL_ENOMEM;
    return add_unique(r->arena, &r->adv.cwes, &r->adv.ncwes, cwe);
}

int vigil__feed_add_ref(struct feed_rec *r, const char *url,
                        const char *type)
{
    struct vigil_reference *p;
    size_t i;

    if (!url)
        return 0;
    for (i = 0; i < r->adv.nrefs; i++)
        if (strcmp(r->adv.refs[i].url, url) == 0)
            return 0;
    p = vigil__feed_grow(r->arena, r->adv.refs, r->adv.nrefs, sizeof(*p));
    if (!p)
        return VIGIL_ENOMEM;
    p[r->adv.nrefs].url = url;
    p[r->adv.nrefs].type = type;
    r->adv.refs = p;
    r->adv.nrefs++;
    return 0;
}

struct vigil_score *vigil__feed_add_score(struct feed_rec *r)
{
    struct vigil_score *p;

    p = vigil__feed_grow(r->arena, r->adv.scores, r->adv.nscores,
                         sizeof(*p));
    if (!p)
        return NULL;
    r->adv.scores = p;
    return &p[r->adv.nscores++];
}

struct vigil_affected *vigil__feed_add_affected(struct feed_rec *r)
{
    struct vigil_affected *p;

    p = vigil__feed_grow(r->arena, r->adv.affected, r->adv.naffected,
                         sizeof(*p));
    if (!p)
        return NULL;
    r->adv.affected = p;
    return &p[r->adv.naffected++];
}

struct vigil_range *vigil__feed_add_range(struct feed_rec *r,
                                          struct vigil_affected *a)
{
    struct vigil_range *p;

    p = vigil__feed_grow(r->arena, a->ranges, a->nranges, sizeof(*p));
    if (!p)
        return NULL;
    a->ranges = p;
    return &p[a->nranges++];
}

int vigil__feed_add_event(struct feed_rec *r, struct vigil_range *g,
                          enum vigil_event_kind kind, const char *version)
{
    struct vigil_event *p;

    p = vigil__feed_grow(r->arena, g->events, g->nevents, sizeof(*p));
    if (!p)
        return VIGIL_ENOMEM;
    p[g->nevents].kind = kind;
    p[g->nevents].version = version;
    g->events = p;
    g->nevents++;
    return 0;
}

int vigil__feed_add_change(struct feed_rec *r, struct vigil_range *g,
                           const char *at, const char *status)
{
    struct vigil_change *p;

    p = vigil__feed_grow(r->arena, g->changes, g->nchanges, sizeof(*p));
    if (!p)
        return VIGIL_ENOMEM;
    p[g->nchanges].at = at;
    p[g->nchanges].status = status;
    g->changes = p;
    g->nchanges++;
    return 0;
}

int vigil__feed_add_version(struct feed_rec *r, struct vigil_affected *a,
                            const char *v)
{
    const char **p;

    if (!v)
        return 0;
    p = vigil__feed_grow(r->arena, (void *)a->versions, a->nversions,
                         sizeof(*p));
    if (!p)
        return VIGIL_ENOMEM;
    p[a->nversions++] = v;
    a->versions = p;
    return 0;
}

int vigil__feed_add_fixed(struct feed_rec *r, struct vigil_affected *a,
                          const char *v)
{
    return add_unique(r->arena, &a->fixed, &a->nfixed, v);
}
