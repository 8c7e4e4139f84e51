/*
 * json_scan.c - finds where a JSON document goes wrong.
 *
 * cJSON says that a parse failed but places the error loosely (one past
 * a bad character inside strings, on the last byte for a truncated
 * input).  Only when it failed, this strict RFC 8259 scanner walks the
 * input again to name the first byte that cannot continue a valid
 * document, or the end of the input when the document is cut short.
 */
#include <stddef.h>
#include <string.h>

#include "feed_int.h"
#include "../internal.h"

/* Deeper nesting is reported as an error where it starts, as cJSON
 * refuses it too. */
#define SCAN_MAX_DEPTH 1000

struct scan {
    const unsigned char *p;
    size_t len;
    size_t i;
};

static int scan_value(struct scan *s, int depth);

static int at_end(const struct scan *s)
{
    return s->i >= s->len;
}

static void skip_ws(struct scan *s)
{
    while (!at_end(s) && (s->p[s->i] == ' ' || s->p[s->i] == '\t' ||
                          s->p[s->i] == '\n' || s->p[s->i] == '\r'))
        s->i++;
}

/* Consumes c, or fails with s->i on the offending byte (or the end). */
static int expect(struct scan *s, int c)
{
    if (at_end(s) || s->p[s->i] != c)
        return -1;
    s->i++;
    return 0;
}

static int is_hex(int c)
{
    return vigil__isdigit(c) || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

static int scan_escape(struct scan *s)
{
    int k;

    if (at_end(s))
        return -1;
    if (strchr("\"\\/bfnrt", s->p[s->i]) && s->p[s->i]) {
        s->i++;
        return 0;
    }
    if (s->p[s->i] != 'u')
        return -1;
    s->i++;
    for (k = 0; k < 4; k++, s->i++)
        if (at_end(s) || !is_hex(s->p[s->i]))
            return -1;
    return 0;
}

static int scan_string(struct scan *s)
{
    if (expect(s, '"'))
        return -1;
    while (!at_end(s)) {
        if (s->p[s->i] == '"') {
            s->i++;
            return 0;
        }
        if (s->p[s->i] < 0x20)
            return -1;
        if (s->p[s->i++] == '\\' && scan_escape(s))
            return -1;
    }
    return -1;
}

static int scan_digits(struct scan *s)
{
    size_t start = s->i;

    while (!at_end(s) && vigil__isdigit(s->p[s->i]))
        s->i++;
    return s->i > start ? 0 : -1;
}

static int scan_number(struct scan *s)
{
    if (!at_end(s) && s->p[s->i] == '-')
        s->i++;
    if (!at_end(s) && s->p[s->i] == '0')
        s->i++;
    else if (scan_digits(s))
        return -1;
    if (!at_end(s) && s->p[s->i] == '.') {
        s->i++;
        if (scan_digits(s))
            return -1;
    }
    if (!at_end(s) && (s->p[s->i] == 'e' || s->p[s->i] == 'E')) {
        s->i++;
        if (!at_end(s) && (s->p[s->i] == '+' || s->p[s->i] == '-'))
            s->i++;
        if (scan_digits(s))
            return -1;
    }
    return 0;
}

static int scan_literal(struct scan *s, const char *word)
{
    for (; *word; word++)
        if (expect(s, *word))
            return -1;
    return 0;
}

static int scan_member(struct scan *s, int depth)
{
    skip_ws(s);
    if (scan_string(s))
        return -1;
    skip_ws(s);
    if (expect(s, ':'))
        return -1;
    return scan_value(s, depth);
}

/* An object or array: open, members separated by ',', close. */
static int scan_container(struct scan *s, int depth, int close)
{
    s->i++;
    skip_ws(s);
    if (!at_end(s) && s->p[s->i] == close) {
        s->i++;
        return 0;
    }
    for (;;) {
        if (close == '}' ? scan_member(s, depth) : scan_value(s, depth))
            return -1;
        skip_ws(s);
        if (at_end(s))
            return -1;
        if (s->p[s->i] == close) {
            s->i++;
            return 0;
        }
        if (expect(s, ','))
            return -1;
    }
}

static int scan_value(struct scan *s, int depth)
{
    skip_ws(s);
    if (at_end(s))
        return -1;
    switch (s->p[s->i]) {
    case '{':
        return depth >= SCAN_MAX_DEPTH ? -1 : scan_container(s, depth + 1,
                                                             '}');
    case '[':
        return depth >= SCAN_MAX_DEPTH ? -1 : scan_container(s, depth + 1,
                                                             ']');
    case '"':
        return scan_string(s);
    case 't':
        return scan_literal(s, "true");
    case 'f':
        return scan_literal(s, "false");
    case 'n':
        return scan_literal(s, "null");
    default:
        if (s->p[s->i] == '-' || vigil__isdigit(s->p[s->i]))
            return scan_number(s);
        return -1;
    }
}

int vigil__json_error_offset(const char *buf, size_t len, size_t *off)
{
    struct scan s;

    s.p = (const unsigned char *)buf;
    s.len = len;
    s.i = 0;
    if (scan_value(&s, 0) == 0) {
        skip_ws(&s);
        if (at_end(&s))
            return -1;
    }
    *off = s.i < len ? s.i : len;
    return 0;
}
