/*
 * buf.c - growable buffers, arenas and whole-file reading.
 */
#include <archive.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

void vigil_buf_init(struct vigil_buf *b)
{
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
}

void vigil_buf_release(struct vigil_buf *b)
{
    free(b->ptr);
    vigil_buf_init(b);
}

void vigil_buf_reset(struct vigil_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

int vigil_buf_grow(struct vigil_buf *b, size_t extra)
{
    size_t want, cap;
    char *p;

    if (extra > VIGIL_BUF_MAX - b->len - 1)
        return VIGIL_ELIMIT;
    want = b->len + extra + 1;
    if (want <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap = cap > VIGIL_BUF_MAX / 2 ? VIGIL_BUF_MAX : cap * 2;
    p = realloc(b->ptr, cap);
    if (!p)
        return VIGIL_ENOMEM;
    b->ptr = p;
    b->cap = cap;
    return 0;
}

int vigil_buf_add(struct vigil_buf *b, const void *data, size_t len)
{
    int rc = vigil_buf_grow(b, len);

    if (rc)
        return rc;
    if (len)
        memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return 0;
}

int vigil_buf_adds(struct vigil_buf *b, const char *s)
{
    return vigil_buf_add(b, s, strlen(s));
}

int vigil_buf_addc(struct vigil_buf *b, char c)
{
    return vigil_buf_add(b, &c, 1);
}

int vigil_buf_vaddf(struct vigil_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n, rc;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return VIGIL_EINVAL;
    rc = vigil_buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int vigil_buf_addf(struct vigil_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vigil_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

int vigil_buf_add_json_str(struct vigil_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    int rc = vigil_buf_addc(b, '"');

    for (; !rc && *p; p++) {
        switch (*p) {
        case '"': rc = vigil_buf_adds(b, "\\\""); break;
        case '\\': rc = vigil_buf_adds(b, "\\\\"); break;
        case '\n': rc = vigil_buf_adds(b, "\\n"); break;
        case '\r': rc = vigil_buf_adds(b, "\\r"); break;
        case '\t': rc = vigil_buf_adds(b, "\\t"); break;
        default:
            if (*p < 0x20)
                rc = vigil_buf_addf(b, "\\u%04x", *p);
            else
                rc = vigil_buf_addc(b, (char)*p);
        }
    }
    return rc ? rc : vigil_buf_addc(b, '"');
}

int vigil_buf_add_json_field(struct vigil_buf *b, const char *key,
                             const char *v, int first)
{
    int rc = first ? 0 : vigil_buf_adds(b, ", ");

    if (!rc)
        rc = vigil_buf_add_json_str(b, key);
    if (!rc)
        rc = vigil_buf_adds(b, ": ");
    if (!rc)
        rc = v ? vigil_buf_add_json_str(b, v) : vigil_buf_adds(b, "null");
    return rc;
}

int vigil_buf_add_html(struct vigil_buf *b, const char *s)
{
    static const char *const ent[] = {
        ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
        ['"'] = "&quot;", ['\''] = "&#39;",
    };
    const char *run;
    int rc = 0;

    if (!s)
        return 0;
    for (run = s; *s && !rc; s++) {
        unsigned char c = (unsigned char)*s;
        const char *e = c < VIGIL_ARRAY_SIZE(ent) ? ent[c] : NULL;

        /* newline and tab are harmless in text and quoted attributes,
         * and <pre> and pre-wrap need them */
        if (!e && ((c >= 0x20 && c != 0x7f) || c == '\n' || c == '\t'))
            continue;
        rc = vigil_buf_add(b, run, (size_t)(s - run));
        if (!rc)
            rc = e ? vigil_buf_adds(b, e) : vigil_buf_addc(b, ' ');
        run = s + 1;
    }
    return rc ? rc : vigil_buf_add(b, run, (size_t)(s - run));
}

char *vigil_buf_detach(struct vigil_buf *b, size_t *len)
{
    char *p;

    if (!b->ptr && vigil_buf_grow(b, 0))
        return NULL;
    b->ptr[b->len] = '\0';
    p = b->ptr;
    if (len)
        *len = b->len;
    vigil_buf_init(b);
    return p;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_compressed_name(const char *path)
{
    return has_suffix(path, ".gz") || has_suffix(path, ".xz") ||
           has_suffix(path, ".bz2") || has_suffix(path, ".zst");
}

/* Decompresses one raw stream through libarchive's filters. */
static int read_compressed(struct vigil_buf *b, const char *path, size_t max,
                           struct vigil_error *err)
{
    struct archive *a = archive_read_new();
    struct archive_entry *entry;
    char chunk[65536];
    la_ssize_t n;
    int rc = VIGIL_EIO;

    if (!a)
        return VIGIL_ENOMEM;
    archive_read_support_filter_all(a);
    archive_read_support_format_raw(a);
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK ||
        archive_read_next_header(a, &entry) != ARCHIVE_OK) {
        vigil_error_set(err, VIGIL_EIO, 0, "cannot read '%s': %s", path,
                        archive_error_string(a));
        goto out;
    }
    while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
        if (b->len + (size_t)n > max) {
            rc = vigil_error_set(err, VIGIL_ELIMIT, b->len,
                                 "cannot read '%s': larger than %zu bytes",
                                 path, max);
            goto out;
        }
        if ((rc = vigil_buf_add(b, chunk, (size_t)n)))
            goto out;
    }
    if (n < 0) {
        rc = vigil_error_set(err, VIGIL_EIO, b->len,
                             "cannot decompress '%s' at byte %zu: %s", path,
                             b->len, archive_error_string(a));
        goto out;
    }
    rc = 0;
out:
    archive_read_free(a);
    return rc;
}

int vigil_buf_read_file(struct vigil_buf *b, const char *path, size_t max,
                        struct vigil_error *err)
{
    FILE *f;
    char chunk[65536];
    size_t n;
    int rc = 0;

    if (strcmp(path, "-") != 0 && is_compressed_name(path))
        return read_compressed(b, path, max, err);
    f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return vigil_error_set(err, VIGIL_EIO, 0, "cannot open '%s': %s",
                               path, strerror(errno));
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (b->len + n > max) {
            rc = vigil_error_set(err, VIGIL_ELIMIT, b->len,
                                 "cannot read '%s': larger than %zu bytes",
                                 path, max);
            break;
        }
        if ((rc = vigil_buf_add(b, chunk, n)))
            break;
    }
    if (!rc && ferror(f))
        rc = vigil_error_set(err, VIGIL_EIO, b->len, "cannot read '%s': %s",
                             path, strerror(errno));
    if (f != stdin)
        fclose(f);
    if (!rc && !b->ptr)
        rc = vigil_buf_grow(b, 0);
    if (!rc)
        b->ptr[b->len] = '\0';
    return rc;
}

/* Arena: a list of chunks, newest first; big requests get their own. */
struct vigil_arena_chunk {
    struct vigil_arena_chunk *next;
    size_t size;
    size_t used;
    max_align_t data[];
};

#define ARENA_CHUNK 65536

void vigil_arena_init(struct vigil_arena *a)
{
    a->head = NULL;
    a->used_total = 0;
}

void vigil_arena_release(struct vigil_arena *a)
{
    struct vigil_arena_chunk *c = a->head, *next;

    while (c) {
        next = c->next;
        free(c);
        c = next;
    }
    vigil_arena_init(a);
}

void vigil_arena_reset(struct vigil_arena *a)
{
    struct vigil_arena_chunk *keep = NULL, *c = a->head, *next;

    while (c) {
        next = c->next;
        if (!keep && c->size == ARENA_CHUNK) {
            keep = c;
            keep->used = 0;
            keep->next = NULL;
        } else {
            free(c);
        }
        c = next;
    }
    a->head = keep;
    a->used_total = 0;
}

void *vigil_arena_alloc(struct vigil_arena *a, size_t size)
{
    struct vigil_arena_chunk *c = a->head;
    size_t align = sizeof(max_align_t), need;
    void *p;

    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    if (!c || c->size - c->used < size) {
        need = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        c = malloc(sizeof(*c) + need);
        if (!c)
            return NULL;
        c->size = need;
        c->used = 0;
        if (need > ARENA_CHUNK && a->head) {
            /* keep filling the current chunk after a big request */
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    p = (char *)c->data + c->used;
    c->used += size;
    a->used_total += size;
    memset(p, 0, size);
    return p;
}

void *vigil_arena_calloc(struct vigil_arena *a, size_t n, size_t size)
{
    if (size && n > ((size_t)-1) / size)
        return NULL;
    return vigil_arena_alloc(a, n * size);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len, i;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2, cp = s[0] & 0x1f;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3, cp = s[0] & 0x0f;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4, cp = s[0] & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    /* overlong forms, surrogates and code points past U+10FFFF */
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return len;
}

size_t vigil__utf8_check(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k;

    while (i < n && (k = utf8_len(u + i, n - i)) != 0)
        i += k;
    return i;
}

/*
 * Strings that parsers keep are text: a byte that is not valid UTF-8
 * becomes '?', so that every JSON document vigil writes stays valid.
 */
char *vigil_arena_strndup(struct vigil_arena *a, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    char *p = vigil_arena_alloc(a, n + 1);
    size_t i = 0, k;

    if (!p)
        return NULL;
    while (i < n) {
        k = utf8_len(u + i, n - i);
        if (k == 0) {
            p[i++] = '?';
            continue;
        }
        memcpy(p + i, s + i, k);
        i += k;
    }
    p[n] = '\0';
    return p;
}

char *vigil_arena_strdup(struct vigil_arena *a, const char *s)
{
    return s ? vigil_arena_strndup(a, s, strlen(s)) : NULL;
}

char *vigil_arena_printf(struct vigil_arena *a, const char *fmt, ...)
{
    va_list ap;
    char *p;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    p = vigil_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
