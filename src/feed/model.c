/*
 * model.c - a stable JSON encoding of one struct vigil_affected, so the
 * store can keep affected entries as text and give them back unchanged.
 *
 * Keys come in a fixed order; NULL strings and empty lists are left
 * out, flags are always written as booleans.  Events are written the OSV
 * way, {"introduced": "1.0"}.
 */
#include <stddef.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/advisory.h"
#include "../internal.h"

struct str_field {
    const char *key;
    size_t off;
};

#define AFF_STR(k, f) { k, offsetof(struct vigil_affected, f) }
#define RANGE_STR(k, f) { k, offsetof(struct vigil_range, f) }

static const struct str_field aff_strs[] = {
    AFF_STR("ecosystem", ecosystem),
    AFF_STR("name", name),
    AFF_STR("purl", purl),
    AFF_STR("cpe", cpe),
    AFF_STR("vendor", vendor),
    AFF_STR("product", product),
    AFF_STR("default_status", default_status),
    AFF_STR("node", node),
    AFF_STR("node_operator", node_operator),
    AFF_STR("config_operator", config_operator),
};

static const struct str_field range_strs[] = {
    RANGE_STR("type", type),
    RANGE_STR("repo", repo),
    RANGE_STR("start", start),
    RANGE_STR("end", end),
    RANGE_STR("exact", exact),
    RANGE_STR("status", status),
    RANGE_STR("version_type", version_type),
    RANGE_STR("justification", justification),
};

static const char *const kind_names[] = {
    [VIGIL_AFF_PACKAGE] = "package",
    [VIGIL_AFF_CPE] = "cpe",
    [VIGIL_AFF_PRODUCT] = "product",
};

static const char *const event_names[] = {
    [VIGIL_EV_INTRODUCED] = "introduced",
    [VIGIL_EV_FIXED] = "fixed",
    [VIGIL_EV_LAST_AFFECTED] = "last_affected",
    [VIGIL_EV_LIMIT] = "limit",
};

static const char *str_at(const void *base, size_t off)
{
    return *(const char *const *)(const void *)((const char *)base + off);
}

static void set_str_at(void *base, size_t off, const char *s)
{
    *(const char **)(void *)((char *)base + off) = s;
}

/* --- encoding --- */

static int put_key(struct vigil_buf *b, const char *key)
{
    int rc = vigil_buf_addc(b, ',');

    if (!rc)
        rc = vigil_buf_add_json_str(b, key);
    return rc ? rc : vigil_buf_addc(b, ':');
}

static int put_strs(struct vigil_buf *b, const void *base,
                    const struct str_field *f, size_t n)
{
    const char *s;
    size_t i;
    int rc = 0;

    for (i = 0; i < n && !rc; i++) {
        s = str_at(base, f[i].off);
        if (s && !(rc = put_key(b, f[i].key)))
            rc = vigil_buf_add_json_str(b, s);
    }
    return rc;
}

static int put_bool(struct vigil_buf *b, const char *key, int v)
{
    int rc = put_key(b, key);

    return rc ? rc : vigil_buf_adds(b, v ? "true" : "false");
}

static int put_list(struct vigil_buf *b, const char *key,
                    const char *const *v, size_t n)
{
    size_t i;
    int rc;

    if (n == 0)
        return 0;
    rc = put_key(b, key);
    for (i = 0; i < n && !rc; i++) {
        rc = vigil_buf_addc(b, i ? ',' : '[');
        if (!rc)
            rc = vigil_buf_add_json_str(b, v[i]);
    }
    return rc ? rc : vigil_buf_addc(b, ']');
}

static int put_events(struct vigil_buf *b, const struct vigil_range *g)
{
    size_t i;
    int rc;

    if (g->nevents == 0)
        return 0;
    rc = put_key(b, "events");
    for (i = 0; i < g->nevents && !rc; i++) {
        if ((unsigned)g->events[i].kind >= VIGIL_ARRAY_SIZE(event_names))
            return VIGIL_EINVAL;
        rc = vigil_buf_adds(b, i ? ",{" : "[{");
        if (!rc)
            rc = vigil_buf_add_json_str(b, event_names[g->events[i].kind]);
        if (!rc)
            rc = vigil_buf_addc(b, ':');
        if (!rc)
            rc = vigil_buf_add_json_str(b, g->events[i].version);
        if (!rc)
            rc = vigil_buf_addc(b, '}');
    }
    return rc ? rc : vigil_buf_addc(b, ']');
}

static int put_changes(struct vigil_buf *b, const struct vigil_range *g)
{
    size_t i;
    int rc;

    if (g->nchanges == 0)
        return 0;
    rc = put_key(b, "changes");
    for (i = 0; i < g->nchanges && !rc; i++) {
        rc = vigil_buf_adds(b, i ? ",{\"at\":" : "[{\"at\":");
        if (!rc)
            rc = vigil_buf_add_json_str(b, g->changes[i].at);
        if (!rc && g->changes[i].status) {
            rc = vigil_buf_adds(b, ",\"status\":");
            if (!rc)
                rc = vigil_buf_add_json_str(b, g->changes[i].status);
        }
        if (!rc)
            rc = vigil_buf_addc(b, '}');
    }
    return rc ? rc : vigil_buf_addc(b, ']');
}

/* A range object; the leading '{' stands in for put_key's comma. */
static int put_range(struct vigil_buf *b, const struct vigil_range *g)
{
    int rc = vigil_buf_adds(b, "{\"start_incl\":");

    if (!rc)
        rc = vigil_buf_adds(b, g->start_incl ? "true" : "false");
    if (!rc)
        rc = put_bool(b, "end_incl", g->end_incl);
    if (!rc)
        rc = put_strs(b, g, range_strs, VIGIL_ARRAY_SIZE(range_strs));
    if (!rc)
        rc = put_events(b, g);
    if (!rc)
        rc = put_changes(b, g);
    return rc ? rc : vigil_buf_addc(b, '}');
}

static int put_ranges(struct vigil_buf *b, const struct vigil_affected *a)
{
    size_t i;
    int rc;

    if (a->nranges == 0)
        return 0;
    rc = put_key(b, "ranges");
    for (i = 0; i < a->nranges && !rc; i++) {
        rc = vigil_buf_addc(b, i ? ',' : '[');
        if (!rc)
            rc = put_range(b, &a->ranges[i]);
    }
    return rc ? rc : vigil_buf_addc(b, ']');
}

int vigil_affected_to_json(const struct vigil_affected *a,
                           struct vigil_buf *out)
{
    size_t mark;
    int rc;

    if (!a || !out || (unsigned)a->kind >= VIGIL_ARRAY_SIZE(kind_names))
        return VIGIL_EINVAL;
    mark = out->len;
    rc = vigil_buf_adds(out, "{\"kind\":");
    if (!rc)
        rc = vigil_buf_add_json_str(out, kind_names[a->kind]);
    if (!rc)
        rc = put_strs(out, a, aff_strs, VIGIL_ARRAY_SIZE(aff_strs));
    if (!rc)
        rc = put_bool(out, "vulnerable", a->vulnerable);
    if (!rc)
        rc = put_bool(out, "node_negate", a->node_negate);
    if (!rc)
        rc = put_ranges(out, a);
    if (!rc)
        rc = put_list(out, "versions", a->versions, a->nversions);
    if (!rc)
        rc = put_list(out, "fixed", a->fixed, a->nfixed);
    if (!rc)
        rc = vigil_buf_addc(out, '}');
    if (rc && out->ptr) {
        out->len = mark;
        out->ptr[mark] = '\0';
    }
    return rc;
}

/* --- decoding --- */

static int get_strs(const cJSON *o, void *base, const struct str_field *f,
                    size_t n, struct vigil_arena *arena)
{
    const cJSON *v;
    char *s;
    size_t i;

    for (i = 0; i < n; i++) {
        v = cJSON_GetObjectItemCaseSensitive(o, f[i].key);
        if (!v)
            continue;
        if (!cJSON_IsString(v))
            return VIGIL_EPARSE;
        if (!(s = vigil_arena_strdup(arena, v->valuestring)))
            return VIGIL_ENOMEM;
        set_str_at(base, f[i].off, s);
    }
    return 0;
}

static int get_bool(const cJSON *o, const char *key, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    if (!v)
        return 0;
    if (!cJSON_IsBool(v))
        return VIGIL_EPARSE;
    *out = cJSON_IsTrue(v);
    return 0;
}

/* An optional array under key: *n elements, 0 when absent. */
static int get_array(const cJSON *o, const char *key, const cJSON **arr,
                     size_t *n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    *arr = NULL;
    *n = 0;
    if (!v)
        return 0;
    if (!cJSON_IsArray(v))
        return VIGIL_EPARSE;
    *arr = v;
    *n = (size_t)cJSON_GetArraySize(v);
    return 0;
}

static int get_list(const cJSON *o, const char *key,
                    struct vigil_arena *arena, const char ***out, size_t *n)
{
    const cJSON *arr, *e;
    const char **v;
    size_t i = 0;
    int rc = get_array(o, key, &arr, n);

    if (rc || *n == 0)
        return rc;
    if (!(v = vigil_arena_calloc(arena, *n, sizeof(*v))))
        return VIGIL_ENOMEM;
    cJSON_ArrayForEach(e, arr) {
        if (!cJSON_IsString(e))
            return VIGIL_EPARSE;
        if (!(v[i++] = vigil_arena_strdup(arena, e->valuestring)))
            return VIGIL_ENOMEM;
    }
    *out = v;
    return 0;
}

static int get_event(const cJSON *e, struct vigil_arena *arena,
                     struct vigil_event *ev)
{
    const cJSON *v = e ? e->child : NULL;
    size_t k;

    if (!cJSON_IsObject(e) || !v || v->next || !cJSON_IsString(v))
        return VIGIL_EPARSE;
    for (k = 0; k < VIGIL_ARRAY_SIZE(event_names); k++) {
        if (strcmp(v->string, event_names[k]) != 0)
            continue;
        ev->kind = (enum vigil_event_kind)k;
        ev->version = vigil_arena_strdup(arena, v->valuestring);
        return ev->version ? 0 : VIGIL_ENOMEM;
    }
    return VIGIL_EPARSE;
}

static int get_events(const cJSON *o, struct vigil_arena *arena,
                      struct vigil_range *g)
{
    const cJSON *arr, *e;
    size_t i = 0;
    int rc = get_array(o, "events", &arr, &g->nevents);

    if (rc || g->nevents == 0)
        return rc;
    if (!(g->events = vigil_arena_calloc(arena, g->nevents,
                                         sizeof(*g->events))))
        return VIGIL_ENOMEM;
    cJSON_ArrayForEach(e, arr)
        if ((rc = get_event(e, arena, &g->events[i++])))
            return rc;
    return 0;
}

static int get_changes(const cJSON *o, struct vigil_arena *arena,
                       struct vigil_range *g)
{
    static const struct str_field change_strs[] = {
        { "at", offsetof(struct vigil_change, at) },
        { "status", offsetof(struct vigil_change, status) },
    };
    const cJSON *arr, *e;
    size_t i = 0;
    int rc = get_array(o, "changes", &arr, &g->nchanges);

    if (rc || g->nchanges == 0)
        return rc;
    if (!(g->changes = vigil_arena_calloc(arena, g->nchanges,
                                          sizeof(*g->changes))))
        return VIGIL_ENOMEM;
    cJSON_ArrayForEach(e, arr) {
        if (!cJSON_IsObject(e))
            return VIGIL_EPARSE;
        rc = get_strs(e, &g->changes[i++], change_strs,
                      VIGIL_ARRAY_SIZE(change_strs), arena);
        if (rc)
            return rc;
    }
    return 0;
}

static int get_range(const cJSON *o, struct vigil_arena *arena,
                     struct vigil_range *g)
{
    int rc;

    if (!cJSON_IsObject(o))
        return VIGIL_EPARSE;
    if ((rc = get_strs(o, g, range_strs, VIGIL_ARRAY_SIZE(range_strs),
                       arena)) ||
        (rc = get_bool(o, "start_incl", &g->start_incl)) ||
        (rc = get_bool(o, "end_incl", &g->end_incl)) ||
        (rc = get_events(o, arena, g)))
        return rc;
    return get_changes(o, arena, g);
}

static int get_ranges(const cJSON *o, struct vigil_arena *arena,
                      struct vigil_affected *a)
{
    const cJSON *arr, *e;
    size_t i = 0;
    int rc = get_array(o, "ranges", &arr, &a->nranges);

    if (rc || a->nranges == 0)
        return rc;
    if (!(a->ranges = vigil_arena_calloc(arena, a->nranges,
                                         sizeof(*a->ranges))))
        return VIGIL_ENOMEM;
    cJSON_ArrayForEach(e, arr)
        if ((rc = get_range(e, arena, &a->ranges[i++])))
            return rc;
    return 0;
}

static int get_kind(const cJSON *o, enum vigil_affected_kind *kind)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "kind");
    size_t k;

    if (!cJSON_IsString(v))
        return VIGIL_EPARSE;
    for (k = 0; k < VIGIL_ARRAY_SIZE(kind_names); k++) {
        if (strcmp(v->valuestring, kind_names[k]) == 0) {
            *kind = (enum vigil_affected_kind)k;
            return 0;
        }
    }
    return VIGIL_EPARSE;
}

int vigil_affected_from_json(const char *json, struct vigil_arena *arena,
                             struct vigil_affected *out)
{
    struct vigil_affected a;
    cJSON *o;
    int rc;

    if (!json || !arena || !out)
        return VIGIL_EINVAL;
    memset(&a, 0, sizeof(a));
    o = cJSON_Parse(json);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return VIGIL_EPARSE;
    }
    if (!(rc = get_kind(o, &a.kind)) &&
        !(rc = get_strs(o, &a, aff_strs, VIGIL_ARRAY_SIZE(aff_strs),
                        arena)) &&
        !(rc = get_bool(o, "vulnerable", &a.vulnerable)) &&
        !(rc = get_bool(o, "node_negate", &a.node_negate)) &&
        !(rc = get_ranges(o, arena, &a)) &&
        !(rc = get_list(o, "versions", arena, &a.versions, &a.nversions)))
        rc = get_list(o, "fixed", arena, &a.fixed, &a.nfixed);
    cJSON_Delete(o);
    if (rc == 0)
        *out = a;
    return rc;
}
