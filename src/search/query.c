/*
 * query.c - turns what a person typed into an FTS5 query that cannot
 * be a syntax error.
 *
 * Every word and every "quoted phrase" becomes one FTS5 string, so
 * AND, OR, NOT, NEAR(...), column:filters, ^ and - reach the tokenizer
 * as text, which drops what is not a letter or digit.  A trailing *
 * (outside the quotes) keeps its meaning: a prefix search.
 */
#include <string.h>

#include "vigil/search.h"
#include "../internal.h"

struct term {
    const char *p;
    size_t len;
    int prefix;
};

struct writer {
    char *out;
    size_t cap, len;
    int terms;
};

static int is_space(unsigned char c)
{
    return c <= 0x20 || c == 0x7f;
}

/* Whether the term holds anything the tokenizer keeps: a letter or
 * digit, or any byte of a non-ASCII character. */
static int has_token(const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (vigil__isalnum((unsigned char)p[i]) || (unsigned char)p[i] >= 0x80)
            return 1;
    return 0;
}

/* Appends one term as an FTS5 string; control bytes become spaces. */
static int emit(struct writer *w, struct term t)
{
    size_t i, need;

    while (t.len && t.p[t.len - 1] == '*') {
        t.len--;
        t.prefix = 1;
    }
    /* LIMIT: 16 terms of 128 bytes from the first 4 KiB; the rest is
     * not searched. See docs/LIMITS.md#search-query-size. */
    if (t.len > VIGIL_SEARCH_MAX_TERM) {
        t.len = VIGIL_SEARCH_MAX_TERM;
        /* never cut a UTF-8 character in two */
        while (t.len && ((unsigned char)t.p[t.len] & 0xc0) == 0x80)
            t.len--;
    }
    if (!has_token(t.p, t.len) || w->terms >= VIGIL_SEARCH_MAX_TERMS)
        return 0;
    need = (w->len ? 1 : 0) + t.len + 3 + 1;
    if (w->len + need > w->cap)
        return VIGIL_ERANGE;
    if (w->len)
        w->out[w->len++] = ' ';
    w->out[w->len++] = '"';
    for (i = 0; i < t.len; i++) {
        unsigned char c = (unsigned char)t.p[i];

        /* a quote cannot occur: it ends a term */
        w->out[w->len++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    w->out[w->len++] = '"';
    if (t.prefix)
        w->out[w->len++] = '*';
    w->out[w->len] = '\0';
    w->terms++;
    return 0;
}

int vigil_search_query(const char *query, char *out, size_t cap)
{
    struct writer w = { out, cap, 0, 0 };
    size_t n = query ? strnlen(query, VIGIL_SEARCH_MAX_INPUT) : 0;
    size_t i = 0, start;
    struct term t;
    int rc = 0;

    if (!out || cap == 0)
        return VIGIL_ERANGE;
    out[0] = '\0';
    while (!rc && i < n) {
        if (is_space((unsigned char)query[i]) || query[i] == '*') {
            i++;
            continue;
        }
        t.prefix = 0;
        if (query[i] == '"') {
            /* a phrase runs to the next quote, or to the end */
            start = ++i;
            while (i < n && query[i] != '"')
                i++;
            t.p = query + start;
            t.len = i - start;
            if (i < n)
                i++;
            t.prefix = i < n && query[i] == '*';
        } else {
            start = i;
            while (i < n && !is_space((unsigned char)query[i]) &&
                   query[i] != '"')
                i++;
            t.p = query + start;
            t.len = i - start;
        }
        rc = emit(&w, t);
    }
    if (rc)
        return rc;
    return w.terms ? 0 : VIGIL_EINVAL;
}
