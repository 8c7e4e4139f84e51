/*
 * pattern_match.c - tests a compiled pattern against an event.
 *
 * An object matches when all its fields do.  A leaf field matches when
 * any of its matchers accepts any of the field's leaf values: the value
 * itself, or every scalar inside it when it is an array (arrays inside
 * arrays are flattened).  Objects are not leaf values, so a field whose
 * value is an object, an empty array or absent has no leaf values and
 * only {"exists": false} accepts it.  A nested pattern object is tested
 * against the event's object, or against each object of an array of
 * them (one element must match on its own), or, when the event holds
 * no object there, against nothing, where only "exists": false holds.
 */
#include <stddef.h>

#include <cJSON.h>

#include "vigil/pattern.h"
#include "pattern_int.h"
#include "../internal.h"

static int match_object(const struct pn_object *o, const cJSON *ev);

/* Any matcher of f accepts a leaf value of v; counts values in *seen. */
static int any_value(const struct pn_field *f, const cJSON *v, int depth,
                     size_t *seen)
{
    const cJSON *el;
    size_t i;

    if (cJSON_IsArray(v)) {
        /* LIMIT: arrays nested deeper than PATTERN_EVENT_ARRAY_DEPTH
         * are not looked into. See docs/LIMITS.md#pattern-limits. */
        if (depth >= PATTERN_EVENT_ARRAY_DEPTH)
            return 0;
        cJSON_ArrayForEach(el, v)
            if (any_value(f, el, depth + 1, seen))
                return 1;
        return 0;
    }
    if (cJSON_IsObject(v))
        return 0;
    (*seen)++;
    for (i = 0; i < f->n; i++)
        if (vigil__pattern_value_match(&f->u.alt[i], v))
            return 1;
    return 0;
}

static int match_leaf(const struct pn_field *f, const cJSON *ev)
{
    const cJSON *v = ev ? cJSON_GetObjectItemCaseSensitive(ev, f->name)
                        : NULL;
    size_t seen = 0, i;

    if (v && any_value(f, v, 0, &seen))
        return 1;
    for (i = 0; i < f->n; i++)
        if (f->u.alt[i].kind == PM_EXISTS &&
            f->u.alt[i].u.flag == (seen > 0))
            return 1;
    return 0;
}

/* A nested pattern object against the event value v (may be NULL). */
static int match_nested(const struct pn_object *o, const cJSON *v,
                        int depth)
{
    const cJSON *el;
    int saw = 0;

    if (cJSON_IsObject(v))
        return match_object(o, v);
    if (!cJSON_IsArray(v) || depth >= PATTERN_EVENT_ARRAY_DEPTH)
        return match_object(o, NULL);
    cJSON_ArrayForEach(el, v) {
        if (!cJSON_IsObject(el) && !cJSON_IsArray(el))
            continue;
        saw = 1;
        if (match_nested(o, el, depth + 1))
            return 1;
    }
    return saw ? 0 : match_object(o, NULL);
}

static int match_sub(const struct pn_field *f, const cJSON *ev)
{
    const cJSON *v = ev ? cJSON_GetObjectItemCaseSensitive(ev, f->name)
                        : NULL;

    return match_nested(f->u.obj, v, 0);
}

static int match_or(const struct pn_field *f, const cJSON *ev)
{
    size_t i;

    for (i = 0; i < f->n; i++)
        if (match_object(&f->u.obj[i], ev))
            return 1;
    return 0;
}

static int (*const field_fns[PN_KIND_COUNT])(const struct pn_field *,
                                             const cJSON *) = {
    [PN_LEAF] = match_leaf,
    [PN_OBJECT] = match_sub,
    [PN_OR] = match_or,
};

/* ev is the event object at this level, or NULL when there is none. */
static int match_object(const struct pn_object *o, const cJSON *ev)
{
    size_t i;

    for (i = 0; i < o->n; i++)
        if (!field_fns[o->field[i].kind](&o->field[i], ev))
            return 0;
    return 1;
}

int vigil_pattern_match_json(const struct vigil_pattern *p,
                             const struct cJSON *event, int *matched,
                             struct vigil_error *err)
{
    if (!p)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "pattern: none given");
    if (!cJSON_IsObject(event))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "event: needs a JSON object");
    *matched = match_object(&p->root, event);
    return 0;
}

int vigil_pattern_match(const struct vigil_pattern *p,
                        const char *event_json, size_t len, int *matched,
                        struct vigil_error *err)
{
    cJSON *ev;
    int rc;

    if (len > VIGIL_PATTERN_EVENT_MAX)
        return vigil_error_set(err, VIGIL_ELIMIT, 0, "event: larger than "
                               "%zu bytes", VIGIL_PATTERN_EVENT_MAX);
    ev = vigil__pattern_parse(event_json ? event_json : "",
                              event_json ? len : 0, "event", err);
    if (!ev)
        return VIGIL_EPARSE;
    rc = vigil_pattern_match_json(p, ev, matched, err);
    cJSON_Delete(ev);
    return rc;
}
