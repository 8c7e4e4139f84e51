/*
 * common.c - the run state shared by the inventory parsers: skipped
 * records, handing components to the caller, JSON loading with
 * positions, and line iteration for the text formats.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/inventory.h"
#include "inv.h"
#include "../internal.h"

void vigil__inv_skip(struct inv_run *r, size_t offset, long line,
                     const char *record, const char *fmt, ...)
{
    struct vigil_error e;
    va_list ap;

    vigil_error_clear(&e);
    e.code = VIGIL_EPARSE;
    e.offset = offset;
    e.line = line;
    if (record)
        snprintf(e.record, sizeof(e.record), "%s", record);
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
    va_end(ap);

    if (r->skipped++ == 0)
        r->first_skip = e;

    if (r->on_skip)
        r->on_skip(r->ctx, r->origin, &e);
    else
        vigil_log(VIGIL_LOG_WARN, "%s: %s; skipped", r->origin, e.msg);
}

int vigil__inv_emit(struct inv_run *r, const struct vigil_component *c)
{
    int rc = r->cb(r->ctx, c);

    if (rc != 0) {
        vigil_error_set(r->err, rc, 0, "component '%s%s%s' was refused: %s",
                        c->name ? c->name : "", c->version ? " " : "",
                        c->version ? c->version : "", vigil_strerror(rc));
        if (r->err)
            snprintf(r->err->record, sizeof(r->err->record), "%s",
                     c->name ? c->name : "");
    } else {
        r->emitted++;
    }
    vigil_arena_reset(&r->arena);
    return rc;
}

int vigil__inv_finish(struct inv_run *r)
{
    if (r->emitted > 0 || r->skipped == 0)
        return 0;
    if (r->err)
        *r->err = r->first_skip;
    return VIGIL_EPARSE;
}

long vigil__inv_line_of(const char *buf, size_t len, size_t off)
{
    const char *p = buf, *end = buf + (off < len ? off : len);
    long line = 1;

    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        line++;
        p++;
    }
    return line;
}

/* Offset of the first byte of p[0..n) that is not JSON whitespace, or
 * n. */
static size_t skip_space(const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            break;
    return i;
}

int vigil__inv_json_load(const char *buf, size_t len, const char *what,
                         struct cJSON **out, struct vigil_error *err)
{
    const char *end = NULL;
    cJSON *root;
    size_t off;

    if (len == 0)
        return vigil_error_set(err, VIGIL_EPARSE, 0,
                               "cannot read %s: the input is empty", what);

    root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    off = end && end >= buf ? (size_t)(end - buf) : 0;
    if (off > len)
        off = len;
    if (!root) {
        long line = vigil__inv_line_of(buf, len, off);

        /* cJSON puts the error on the last byte when the input ends
         * inside a value, so that is worth saying */
        vigil_error_set(err, VIGIL_EPARSE, off,
                        "cannot read %s: malformed JSON at byte %zu, "
                        "line %ld%s", what, off, line,
                        off + 1 >= len ? " (the input ends there: "
                                         "truncated?)" : "");
        if (err)
            err->line = line;
        return VIGIL_EPARSE;
    }

    /* cJSON stops after the first value; anything else but blanks means
     * a damaged or concatenated file */
    off += skip_space(buf + off, len - off);
    if (off < len) {
        cJSON_Delete(root);
        vigil_error_set(err, VIGIL_EPARSE, off,
                        "cannot read %s: data after the JSON document "
                        "at byte %zu", what, off);
        if (err)
            err->line = vigil__inv_line_of(buf, len, off);
        return VIGIL_EPARSE;
    }
    *out = root;
    return 0;
}

const char *vigil__inv_json_str(const struct cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int vigil__inv_next_line(const char *buf, size_t len, struct inv_line *ln)
{
    const char *nl;

    if (ln->next >= len)
        return 0;
    ln->off = ln->next;
    ln->p = buf + ln->off;
    nl = memchr(ln->p, '\n', len - ln->off);
    ln->len = nl ? (size_t)(nl - ln->p) : len - ln->off;
    ln->next = ln->off + ln->len + (nl ? 1 : 0);
    if (ln->len > 0 && ln->p[ln->len - 1] == '\r')
        ln->len--;
    ln->no++;
    return 1;
}
