/*
 * yaml.c - OSV records written in YAML (the PyPA advisory database,
 * OSS-Fuzz): recognising them by their top-level keys and turning the
 * YAML into a cJSON tree that the OSV parser reads like any other.
 *
 * Scalars stay strings, quoted or not, because every OSV field that
 * YAML could read as a number or a boolean is a string in the schema:
 * a version "1.10" must not become the number 1.1, nor a timestamp a
 * date.  Only a plain null ("null", "~" or nothing) becomes null, so an
 * empty "withdrawn:" reads as absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>
#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

/* Nesting beyond this is refused; OSV records need about eight. */
#define YAML_MAX_DEPTH 64

/* --- recognising OSV in YAML ---------------------------------------- */

/* Does line[0..n) start with key and a colon that ends the key? */
static int is_key(const char *line, size_t n, const char *key)
{
    size_t k = strlen(key);

    return n > k && memcmp(line, key, k) == 0 && line[k] == ':' &&
           (n == k + 1 || line[k + 1] == ' ' || line[k + 1] == '\t' ||
            line[k + 1] == '\r');
}

/* A top-level block mapping key: "name:" at column 0. */
static int is_any_key(const char *line, size_t n)
{
    size_t i = 0;

    if (n == 0 || !(vigil__isalpha((unsigned char)line[0]) ||
                    line[0] == '_'))
        return 0;
    while (i < n && (vigil__isalnum((unsigned char)line[i]) ||
                     line[i] == '_' || line[i] == '-'))
        i++;
    return i < n && line[i] == ':' &&
           (i + 1 == n || line[i + 1] == ' ' || line[i + 1] == '\t' ||
            line[i + 1] == '\r');
}

static int is_filler(const char *line, size_t n)
{
    size_t i = 0;

    while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    return i == n || line[i] == '#' || (n >= 3 && !memcmp(line, "---", 3))
           || line[0] == '%';
}

int vigil__yaml_is_osv(const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len, *nl;
    int seen_first = 0, id = 0, other = 0;
    size_t n;

    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        n = (size_t)((nl ? nl : end) - p);
        if (!seen_first && !is_filler(p, n)) {
            if (!is_any_key(p, n))
                return 0;
            seen_first = 1;
        }
        id |= is_key(p, n, "id");
        other |= is_key(p, n, "affected") || is_key(p, n, "modified");
        if (id && other)
            return 1;
        p = nl ? nl + 1 : end;
    }
    return 0;
}

/* --- YAML to cJSON -------------------------------------------------- */

struct build {
    cJSON *stack[YAML_MAX_DEPTH + 1];  /* stack[0] collects documents */
    char *key[YAML_MAX_DEPTH + 1];     /* pending key of each mapping */
    int depth;
    const char *buf;
    size_t len;
    struct vigil_error *err;
};

/* Byte offset of 0-based line and column (in characters) of buf. */
static size_t byte_offset(const char *buf, size_t len, size_t line,
                          size_t col)
{
    size_t off = 0;

    while (line > 0 && off < len) {
        if (buf[off++] == '\n')
            line--;
    }
    while (col > 0 && off < len) {
        off++;
        while (off < len && ((unsigned char)buf[off] & 0xc0) == 0x80)
            off++;
        col--;
    }
    return off;
}

/* "invalid YAML at line L, column C: what" with the position set. */
static int yaml_fail(struct build *b, yaml_mark_t mark, const char *what)
{
    struct vigil_error *err = b->err;

    vigil_error_set(err, VIGIL_EPARSE,
                    byte_offset(b->buf, b->len, mark.line, mark.column),
                    "invalid YAML at line %zu, column %zu: %s",
                    mark.line + 1, mark.column + 1, what);
    if (err) {
        err->line = (long)mark.line + 1;
        err->column = (long)mark.column + 1;
    }
    return VIGIL_EPARSE;
}

/*
 * libyaml's own error.  Reader errors (bad encoding) give a byte
 * offset, not a mark, so the mark is counted from it here.
 */
static int parser_fail(struct build *b, const yaml_parser_t *p)
{
    char what[200];
    yaml_mark_t mark = p->problem_mark;
    size_t i;

    if (p->error == YAML_MEMORY_ERROR)
        return VIGIL_ENOMEM;
    if (p->error == YAML_READER_ERROR) {
        memset(&mark, 0, sizeof(mark));
        for (i = 0; i < p->problem_offset && i < b->len; i++) {
            if (b->buf[i] == '\n') {
                mark.line++;
                mark.column = 0;
            } else if (((unsigned char)b->buf[i] & 0xc0) != 0x80) {
                mark.column++;
            }
        }
    }
    snprintf(what, sizeof(what), "%s%s%s%s",
             p->problem ? p->problem : "cannot parse",
             p->context ? " (" : "", p->context ? p->context : "",
             p->context ? ")" : "");
    return yaml_fail(b, mark, what);
}

static int is_plain_null(const yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;

    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
        !ev->data.scalar.plain_implicit)
        return 0;
    return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* Puts node into the collection on top of the stack (takes it). */
static int attach(struct build *b, cJSON *node, yaml_mark_t mark)
{
    cJSON *top = b->stack[b->depth];
    char *key = b->key[b->depth];

    if (!node)
        return VIGIL_ENOMEM;
    if (cJSON_IsArray(top)) {
        cJSON_AddItemToArray(top, node);
        return 0;
    }
    if (!key) {
        cJSON_Delete(node);
        return yaml_fail(b, mark, "mapping keys must be scalars");
    }
    b->key[b->depth] = NULL;
    cJSON_AddItemToObject(top, key, node);
    free(key);
    return 0;
}

static int on_scalar(struct build *b, const yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;

    if (memchr(v, '\0', n))
        return yaml_fail(b, ev->start_mark, "NUL character in a scalar");
    if (cJSON_IsObject(b->stack[b->depth]) && !b->key[b->depth]) {
        b->key[b->depth] = strdup(v);
        return b->key[b->depth] ? 0 : VIGIL_ENOMEM;
    }
    return attach(b, is_plain_null(ev) ? cJSON_CreateNull()
                                       : cJSON_CreateString(v),
                  ev->start_mark);
}

static int on_open(struct build *b, const yaml_event_t *ev, cJSON *node)
{
    int rc;

    if (b->depth == YAML_MAX_DEPTH) {
        cJSON_Delete(node);
        return yaml_fail(b, ev->start_mark, "nested deeper than 64 "
                         "levels");
    }
    if ((rc = attach(b, node, ev->start_mark)))
        return rc;
    b->stack[++b->depth] = node;
    b->key[b->depth] = NULL;
    return 0;
}

/* One parser event; 1 at the end of the stream. */
static int on_event(struct build *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_open(b, ev, cJSON_CreateArray());
    case YAML_MAPPING_START_EVENT:
        return on_open(b, ev, cJSON_CreateObject());
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (b->depth > 0) {
            free(b->key[b->depth]);
            b->key[b->depth--] = NULL;
        }
        return 0;

    /* LIMIT: YAML anchors and aliases are refused; such a document is
     * rejected. See docs/LIMITS.md#yaml-aliases. */
    case YAML_ALIAS_EVENT:
        return yaml_fail(b, ev->start_mark, "aliases are not supported");
    case YAML_STREAM_END_EVENT:
        return 1;
    default:
        return 0;
    }
}

static void build_release(struct build *b)
{
    int i;

    for (i = 0; i <= YAML_MAX_DEPTH; i++)
        free(b->key[i]);
    cJSON_Delete(b->stack[0]);
}

/* The documents read: one alone, several as an array. */
static int take_result(struct build *b, cJSON **out)
{
    cJSON *docs = b->stack[0];
    int n = cJSON_GetArraySize(docs);

    if (n == 0)
        return vigil_error_set(b->err, VIGIL_EPARSE, 0,
                               "invalid YAML: no document");
    if (n == 1) {
        *out = cJSON_DetachItemFromArray(docs, 0);
        return 0;
    }
    b->stack[0] = NULL;
    *out = docs;
    return 0;
}

int vigil__yaml_to_json(const char *buf, size_t len, cJSON **out,
                        struct vigil_error *err)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    struct build b;
    int rc = 0;

    memset(&b, 0, sizeof(b));
    b.buf = buf;
    b.len = len;
    b.err = err;
    if (!(b.stack[0] = cJSON_CreateArray()) ||
        !yaml_parser_initialize(&parser)) {
        cJSON_Delete(b.stack[0]);
        return VIGIL_ENOMEM;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    while (rc == 0) {
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = parser_fail(&b, &parser);
            break;
        }
        rc = on_event(&b, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (rc == 1)
        rc = take_result(&b, out);
    build_release(&b);
    return rc;
}
