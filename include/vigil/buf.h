/*
 * buf.h - a growable byte buffer and an arena allocator.
 *
 * struct vigil_buf always keeps ptr NUL-terminated once anything was
 * added, so ptr can be used as a C string.  Growth is capped at
 * VIGIL_BUF_MAX so that input can never make it grow without bound.
 *
 * struct vigil_arena hands out memory that lives until the arena is
 * reset or released; parsers put one record's strings and arrays there
 * and drop them all at once.
 */
#ifndef VIGIL_BUF_H
#define VIGIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "vigil/common.h"

#define VIGIL_BUF_MAX ((size_t)1 << 31)

struct vigil_buf {
    char *ptr;
    size_t len;
    size_t cap;
};

#define VIGIL_BUF_INIT { NULL, 0, 0 }

void vigil_buf_init(struct vigil_buf *b);
void vigil_buf_release(struct vigil_buf *b);
void vigil_buf_reset(struct vigil_buf *b);          /* len = 0, keeps memory */
int vigil_buf_grow(struct vigil_buf *b, size_t extra);
int vigil_buf_add(struct vigil_buf *b, const void *data, size_t len);
int vigil_buf_adds(struct vigil_buf *b, const char *s);
int vigil_buf_addc(struct vigil_buf *b, char c);
int vigil_buf_addf(struct vigil_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vigil_buf_vaddf(struct vigil_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Appends s as a JSON string literal, quotes included. */
int vigil_buf_add_json_str(struct vigil_buf *b, const char *s);

/* Appends the member "key": "v" of an object being built (null when v
 * is NULL), after ", " unless it is the first. */
int vigil_buf_add_json_field(struct vigil_buf *b, const char *key,
                             const char *v, int first);

/*
 * Appends s escaped for HTML text and quoted attribute values: &, <, >,
 * " and ' become entities and control bytes other than newline and
 * tab become spaces (newlines matter in <pre>).  NULL adds nothing.
 */
int vigil_buf_add_html(struct vigil_buf *b, const char *s);

/* Returns the NUL-terminated contents (never NULL; caller frees) and
 * leaves b empty. */
char *vigil_buf_detach(struct vigil_buf *b, size_t *len);

/*
 * Reads a whole file (or standard input for "-") into b.  Files that
 * end in .gz, .xz, .bz2 or .zst are decompressed.  Fails with
 * VIGIL_ELIMIT past max bytes.
 */
int vigil_buf_read_file(struct vigil_buf *b, const char *path, size_t max,
                        struct vigil_error *err);

struct vigil_arena_chunk;

struct vigil_arena {
    struct vigil_arena_chunk *head;
    size_t used_total;
};

void vigil_arena_init(struct vigil_arena *a);
void vigil_arena_release(struct vigil_arena *a);
void vigil_arena_reset(struct vigil_arena *a);  /* frees all but one chunk */

/* Returns zeroed memory owned by the arena, or NULL when out of memory. */
void *vigil_arena_alloc(struct vigil_arena *a, size_t size);
void *vigil_arena_calloc(struct vigil_arena *a, size_t n, size_t size);
char *vigil_arena_strdup(struct vigil_arena *a, const char *s);
char *vigil_arena_strndup(struct vigil_arena *a, const char *s, size_t n);
char *vigil_arena_printf(struct vigil_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
