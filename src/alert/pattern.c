/*
 * pattern.c - compiles an event pattern (JSON) into the tree of
 * pattern_int.h: objects, fields, "$or" groups and value lists.  The
 * operators inside value lists are pattern_ops.c's; matching is
 * pattern_match.c's.  Owns the pattern's memory pool and its messages.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/pattern.h"
#include "pattern_int.h"
#include "../internal.h"

/* The pool: chunks that start small, since most patterns are tiny. */
struct pattern_chunk {
    struct pattern_chunk *next;
    size_t size;
    size_t used;
    max_align_t data[];
};

#define CHUNK_FIRST 1024
#define CHUNK_LARGEST 65536

void *vigil__pattern_alloc(struct vigil_pattern *p, size_t n, size_t size)
{
    size_t align = sizeof(max_align_t), need, csize;
    struct pattern_chunk *c = p->chunks;
    void *mem;

    if (size && n > ((size_t)-1 - align) / size)
        return NULL;
    need = (n * size + align - 1) / align * align;
    if (!c || c->size - c->used < need) {
        csize = p->chunk_next > need ? p->chunk_next : need;
        c = malloc(sizeof(*c) + csize);
        if (!c)
            return NULL;
        c->size = csize;
        c->used = 0;
        c->next = p->chunks;
        p->chunks = c;
        if (p->chunk_next < CHUNK_LARGEST)
            p->chunk_next *= 2;
    }
    mem = (char *)c->data + c->used;
    c->used += need;
    memset(mem, 0, need);
    return mem;
}

void vigil_pattern_free(struct vigil_pattern *p)
{
    struct pattern_chunk *c, *next;

    if (!p)
        return;
    for (c = p->chunks; c; c = next) {
        next = c->next;
        free(c);
    }
    free(p);
}

int vigil__pattern_fail(struct pattern_cc *c, int code, const char *fmt,
                        ...)
{
    char msg[384];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return vigil_error_set(c->err, code, 0, "%s: %s",
                           c->plen ? c->path : "pattern", msg);
}

int vigil__pattern_count(struct pattern_cc *c, size_t n)
{
    c->nodes += n;
    if (c->nodes > VIGIL_PATTERN_MAX_NODES)
        return vigil__pattern_fail(c, VIGIL_ELIMIT,
                                   "more than %d fields and values",
                                   VIGIL_PATTERN_MAX_NODES);
    return 0;
}

/* Appends ".name" or "[i]" to the path; returns the length to restore. */
static size_t path_push(struct pattern_cc *c, const char *name, int index)
{
    size_t old = c->plen, room = sizeof(c->path) - c->plen;
    int n;

    if (name)
        n = snprintf(c->path + old, room, "%s%s", old ? "." : "", name);
    else
        n = snprintf(c->path + old, room, "[%d]", index);
    if (n > 0)
        c->plen += (size_t)n < room ? (size_t)n : room - 1;
    return old;
}

static void path_pop(struct pattern_cc *c, size_t old)
{
    c->plen = old;
    c->path[old] = '\0';
}

static int compile_object(struct pattern_cc *c, const cJSON *obj,
                          struct pn_object *out, int depth);

/* A field's value list: [value-or-operator, ...], any of which matches. */
static int compile_leaf(struct pattern_cc *c, const cJSON *arr,
                        struct pn_field *f)
{
    const cJSON *el;
    size_t i = 0, old;
    int n = cJSON_GetArraySize(arr), rc;

    if (n == 0)
        return vigil__pattern_fail(c, VIGIL_EINVAL,
                                   "needs at least one value");
    if (n > VIGIL_PATTERN_MAX_VALUES)
        return vigil__pattern_fail(c, VIGIL_ELIMIT, "more than %d values",
                                   VIGIL_PATTERN_MAX_VALUES);
    if ((rc = vigil__pattern_count(c, (size_t)n)))
        return rc;
    f->kind = PN_LEAF;
    f->n = (size_t)n;
    f->u.alt = vigil__pattern_alloc(c->pat, f->n, sizeof(*f->u.alt));
    if (!f->u.alt)
        return vigil_error_set(c->err, VIGIL_ENOMEM, 0, "out of memory");
    cJSON_ArrayForEach(el, arr) {
        old = path_push(c, NULL, (int)i);
        rc = vigil__pattern_value(c, el, &f->u.alt[i++]);
        path_pop(c, old);
        if (rc)
            return rc;
    }
    return 0;
}

/* "$or": [{...}, {...}, ...]: any one of the objects matches. */
static int compile_or(struct pattern_cc *c, const cJSON *arr,
                      struct pn_field *f, int depth)
{
    const cJSON *el;
    size_t i = 0, old;
    int n = cJSON_GetArraySize(arr), rc;

    if (!cJSON_IsArray(arr) || n < 2)
        return vigil__pattern_fail(c, VIGIL_EINVAL, "needs an array of at "
                                   "least two pattern objects");
    if (n > VIGIL_PATTERN_MAX_VALUES)
        return vigil__pattern_fail(c, VIGIL_ELIMIT,
                                   "more than %d alternatives",
                                   VIGIL_PATTERN_MAX_VALUES);
    f->kind = PN_OR;
    f->n = (size_t)n;
    f->u.obj = vigil__pattern_alloc(c->pat, f->n, sizeof(*f->u.obj));
    if (!f->u.obj)
        return vigil_error_set(c->err, VIGIL_ENOMEM, 0, "out of memory");
    cJSON_ArrayForEach(el, arr) {
        old = path_push(c, NULL, (int)i);
        if (!cJSON_IsObject(el))
            rc = vigil__pattern_fail(c, VIGIL_EINVAL,
                                     "needs a pattern object");
        else
            rc = compile_object(c, el, &f->u.obj[i], depth + 1);
        path_pop(c, old);
        if (rc)
            return rc;
        i++;
    }
    return 0;
}

static int compile_field(struct pattern_cc *c, const cJSON *v,
                         struct pn_field *f, int depth)
{
    size_t len = strlen(v->string);
    char *name;

    if (strcmp(v->string, "$or") == 0)
        return compile_or(c, v, f, depth);
    if (!(name = vigil__pattern_alloc(c->pat, len + 1, 1)))
        return vigil_error_set(c->err, VIGIL_ENOMEM, 0, "out of memory");
    memcpy(name, v->string, len);
    f->name = name;
    if (cJSON_IsArray(v))
        return compile_leaf(c, v, f);
    if (!cJSON_IsObject(v))
        return vigil__pattern_fail(c, VIGIL_EINVAL, "needs an array of "
                                   "values or a nested object");
    f->kind = PN_OBJECT;
    f->n = 1;
    f->u.obj = vigil__pattern_alloc(c->pat, 1, sizeof(*f->u.obj));
    if (!f->u.obj)
        return vigil_error_set(c->err, VIGIL_ENOMEM, 0, "out of memory");
    return compile_object(c, v, f->u.obj, depth + 1);
}

/* A key given twice counts once, as its last occurrence (as the event
 * buses do). */
static int superseded(const cJSON *v)
{
    const cJSON *later;

    for (later = v->next; later; later = later->next)
        if (strcmp(later->string, v->string) == 0)
            return 1;
    return 0;
}

static int compile_object(struct pattern_cc *c, const cJSON *obj,
                          struct pn_object *out, int depth)
{
    const cJSON *v;
    size_t n = 0, old;
    int rc;

    if (depth > VIGIL_PATTERN_MAX_DEPTH)
        return vigil__pattern_fail(c, VIGIL_ELIMIT,
                                   "nested deeper than %d levels",
                                   VIGIL_PATTERN_MAX_DEPTH);
    if (cJSON_GetArraySize(obj) > VIGIL_PATTERN_MAX_VALUES)
        return vigil__pattern_fail(c, VIGIL_ELIMIT, "more than %d fields",
                                   VIGIL_PATTERN_MAX_VALUES);
    cJSON_ArrayForEach(v, obj)
        n += !superseded(v);
    if (n == 0)
        return vigil__pattern_fail(c, VIGIL_EINVAL,
                                   "needs at least one field");
    if ((rc = vigil__pattern_count(c, n)))
        return rc;
    out->field = vigil__pattern_alloc(c->pat, n, sizeof(*out->field));
    if (!out->field)
        return vigil_error_set(c->err, VIGIL_ENOMEM, 0, "out of memory");
    cJSON_ArrayForEach(v, obj) {
        if (superseded(v))
            continue;
        old = path_push(c, v->string, 0);
        rc = compile_field(c, v, &out->field[out->n++], depth);
        path_pop(c, old);
        if (rc)
            return rc;
    }
    return 0;
}

/* Parses json[0..len) whole: only white space may follow the value. */
cJSON *vigil__pattern_parse(const char *json, size_t len, const char *what,
                            struct vigil_error *err)
{
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    size_t at;

    if (doc) {
        at = (size_t)(end - json);
        while (at < len && isspace((unsigned char)json[at]))
            at++;
        if (at == len)
            return doc;
        cJSON_Delete(doc);
    } else {
        at = end && end >= json ? (size_t)(end - json) : 0;
    }
    vigil_error_set(err, VIGIL_EPARSE, at, "%s: malformed JSON at byte %zu",
                    what, at);
    return NULL;
}

int vigil_pattern_compile(const char *json, size_t len,
                          struct vigil_pattern **out,
                          struct vigil_error *err)
{
    struct pattern_cc c;
    struct vigil_pattern *p;
    cJSON *doc;
    int rc;

    vigil_error_clear(err);
    /* LIMIT: size, depth and counts of a pattern are capped; larger
     * patterns are refused. See docs/LIMITS.md#pattern-limits. */
    if (len > VIGIL_PATTERN_MAX_BYTES)
        return vigil_error_set(err, VIGIL_ELIMIT, 0, "pattern: larger than "
                               "%d bytes", VIGIL_PATTERN_MAX_BYTES);
    doc = vigil__pattern_parse(json ? json : "", json ? len : 0, "pattern",
                               err);
    if (!doc)
        return VIGIL_EPARSE;
    p = calloc(1, sizeof(*p));
    if (!p) {
        cJSON_Delete(doc);
        return vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
    }
    p->chunk_next = CHUNK_FIRST;
    memset(&c, 0, sizeof(c));
    c.pat = p;
    c.err = err;
    if (!cJSON_IsObject(doc))
        rc = vigil__pattern_fail(&c, VIGIL_EINVAL, "needs a JSON object");
    else
        rc = compile_object(&c, doc, &p->root, 1);
    cJSON_Delete(doc);
    if (rc) {
        vigil_pattern_free(p);
        return rc;
    }
    *out = p;
    return 0;
}
