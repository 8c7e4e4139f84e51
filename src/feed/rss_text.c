/*
 * rss_text.c - the text of feed items: HTML fragments made plain text,
 * CVE and GHSA ids found in it, and RFC 822 dates.
 *
 * Feeds put HTML everywhere, escaped or in CDATA, even in titles
 * ("APSB21-105: </b> Security update ...<br />").  Once the XML parser
 * has decoded the XML layer, what is left is read here as HTML, which
 * plain text survives unless it holds something like "<b".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rss_int.h"
#include "../internal.h"

/* Pending white space before the next character, weakest first. */
enum gap { GAP_NONE, GAP_SPACE, GAP_LINE, GAP_PARA };

struct out {
    struct vigil_buf b;
    size_t cap;
    int multiline;
    enum gap gap;
    int full;
    int rc;
};

/* Tags that end a line, and those that end a paragraph. */
static const struct {
    const char *name;
    enum gap gap;
} block_tags[] = {
    { "br", GAP_LINE },  { "li", GAP_LINE },  { "tr", GAP_LINE },
    { "dt", GAP_LINE },  { "dd", GAP_LINE },  { "hr", GAP_LINE },
    { "p", GAP_PARA },   { "div", GAP_PARA }, { "ul", GAP_PARA },
    { "ol", GAP_PARA },  { "pre", GAP_PARA }, { "table", GAP_PARA },
    { "h1", GAP_PARA },  { "h2", GAP_PARA },  { "h3", GAP_PARA },
    { "h4", GAP_PARA },  { "h5", GAP_PARA },  { "h6", GAP_PARA },
    { "blockquote", GAP_PARA }, { "section", GAP_PARA },
};

/* Named entities seen in advisory feeds; others stay as written. */
static const struct {
    const char *name;
    unsigned code;
} entities[] = {
    { "amp", '&' },      { "lt", '<' },       { "gt", '>' },
    { "quot", '"' },     { "apos", '\'' },    { "nbsp", ' ' },
    { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
    { "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201c },
    { "rdquo", 0x201d }, { "copy", 0xa9 },    { "reg", 0xae },
    { "trade", 0x2122 }, { "bull", 0x2022 },
};

static void widen(struct out *o, enum gap g)
{
    if (!o->multiline && g > GAP_SPACE)
        g = GAP_SPACE;
    if (g > o->gap)
        o->gap = g;
}

/* Appends n bytes (one character), after the pending gap. */
static void put(struct out *o, const char *p, size_t n)
{
    static const char *const gaps[] = { "", " ", "\n", "\n\n" };
    size_t g;

    if (o->full || o->rc)
        return;
    g = o->b.len ? strlen(gaps[o->gap]) : 0;
    if (o->b.len + g + n > o->cap) {
        o->full = 1;
        return;
    }
    o->rc = vigil_buf_add(&o->b, gaps[o->gap], g);
    if (!o->rc)
        o->rc = vigil_buf_add(&o->b, p, n);
    o->gap = GAP_NONE;
}

static void put_code(struct out *o, unsigned c)
{
    char u[4];

    if (c == ' ') {
        widen(o, GAP_SPACE);
        return;
    }
    if (c < 0x20 || (c >= 0xd800 && c < 0xe000) || c > 0x10ffff)
        c = 0xfffd;
    if (c < 0x80) {
        u[0] = (char)c;
        put(o, u, 1);
    } else if (c < 0x800) {
        u[0] = (char)(0xc0 | c >> 6);
        u[1] = (char)(0x80 | (c & 0x3f));
        put(o, u, 2);
    } else if (c < 0x10000) {
        u[0] = (char)(0xe0 | c >> 12);
        u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[2] = (char)(0x80 | (c & 0x3f));
        put(o, u, 3);
    } else {
        u[0] = (char)(0xf0 | c >> 18);
        u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[3] = (char)(0x80 | (c & 0x3f));
        put(o, u, 4);
    }
}

/* A character reference or entity at s ('&'); its length, 0 if none. */
static size_t entity(struct out *o, const char *s)
{
    const char *semi = memchr(s, ';', strnlen(s, 12));
    unsigned long c = 0;
    size_t i, n;
    char *end;

    if (!semi)
        return 0;
    n = (size_t)(semi - s) + 1;
    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';

        if (!vigil__isalnum((unsigned char)s[hex ? 3 : 2]))
            return 0;
        c = strtoul(s + (hex ? 3 : 2), &end, hex ? 16 : 10);
        if (end != semi)
            return 0;
        put_code(o, c > 0x10ffff ? 0xfffd : (unsigned)c);
        return n;
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(entities); i++) {
        if (strlen(entities[i].name) == n - 2 &&
            strncmp(s + 1, entities[i].name, n - 2) == 0) {
            put_code(o, entities[i].code);
            return n;
        }
    }
    return 0;
}

static size_t find_ci(const char *s, const char *word)
{
    size_t i, k, n = strlen(word);

    for (i = 0; s[i]; i++) {
        for (k = 0; k < n && s[i + k] &&
                    vigil__tolower((unsigned char)s[i + k]) == word[k];
             k++)
            ;
        if (k == n)
            return i;
    }
    return i;
}

/* A tag at s ('<'): its length, with script and style content; 0 when
 * the '<' is text. */
static size_t tag(struct out *o, const char *s)
{
    const char *close;
    char name[16];
    size_t n = 0, i, len;

    if (strncmp(s, "<!--", 4) == 0) {
        close = strstr(s + 4, "-->");
        return close ? (size_t)(close - s) + 3 : strlen(s);
    }
    if (!vigil__isalpha((unsigned char)s[1]) && !strchr("/!?", s[1]))
        return 0;
    if (!(close = strchr(s, '>')))
        return 0;
    len = (size_t)(close - s) + 1;
    for (i = s[1] == '/' ? 2 : 1;
         vigil__isalnum((unsigned char)s[i]) && n < sizeof(name) - 1; i++)
        name[n++] = (char)vigil__tolower((unsigned char)s[i]);
    name[n] = '\0';
    for (i = 0; i < VIGIL_ARRAY_SIZE(block_tags); i++)
        if (strcmp(name, block_tags[i].name) == 0)
            widen(o, block_tags[i].gap);
    if (s[1] != '/' && (strcmp(name, "script") == 0 ||
                        strcmp(name, "style") == 0)) {
        len += find_ci(s + len, strcmp(name, "script") == 0 ? "</script"
                                                             : "</style");
        close = strchr(s + len, '>');
        len = close ? (size_t)(close - s) + 1 : strlen(s);
    }
    return len;
}

/* White space at s: its length; the gap it makes. */
static size_t blank(struct out *o, const char *s)
{
    size_t i = 0, lines = 0;

    while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
           s[i] == '\f' || s[i] == '\v')
        lines += s[i++] == '\n';
    widen(o, lines == 0 ? GAP_SPACE : lines == 1 ? GAP_LINE : GAP_PARA);
    return i;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

const char *vigil__rss_text(struct vigil_arena *a, const char *s,
                            int multiline, size_t cap, int *oom)
{
    struct out o;
    const char *res = NULL;
    size_t n;

    if (!s)
        return NULL;
    memset(&o, 0, sizeof(o));
    o.cap = cap;
    o.multiline = multiline;
    while (*s && !o.full && !o.rc) {
        n = *s == '<' ? tag(&o, s) : *s == '&' ? entity(&o, s) : 0;
        if (n == 0 && (unsigned char)*s <= ' ') {
            /* other control characters are dropped */
            n = blank(&o, s);
            n += n == 0;
        } else if (n == 0) {
            for (n = 1; n < utf8_len((unsigned char)*s) && s[n]; n++)
                ;
            put(&o, s, n);
        }
        s += n;
    }
    if (o.rc)
        *oom = 1;
    else if (o.b.len && !(res = vigil_arena_strndup(a, o.b.ptr, o.b.len)))
        *oom = 1;
    vigil_buf_release(&o.b);
    return res;
}

static int count_digits(const char *s)
{
    int n = 0;

    while (vigil__isdigit((unsigned char)s[n]))
        n++;
    return n;
}

int vigil__rss_cves(const char *s, int (*fn)(void *ctx, const char *cve,
                                             size_t len), void *ctx)
{
    const char *p = s;
    int n, rc;

    while (s && (p = strstr(p, "CVE-")) != NULL) {
        if ((p == s || !vigil__isalnum((unsigned char)p[-1])) &&
            count_digits(p + 4) == 4 && p[8] == '-' &&
            (n = count_digits(p + 9)) >= 4 && n <= 19 &&
            !vigil__isalpha((unsigned char)p[9 + n]) &&
            (rc = fn(ctx, p, (size_t)(9 + n))))
            return rc;
        p += 4;
    }
    return 0;
}

/* GitHub's id alphabet: digits and letters that cannot spell words. */
static int ghsa_char(int c)
{
    return c && strchr("23456789cfghjmpqrvwx", c) != NULL;
}

int vigil__rss_ghsa(const char *s, char *out, size_t outlen)
{
    const char *p = s;
    size_t i;

    while (s && outlen > 19 && (p = strstr(p, "GHSA-")) != NULL) {
        for (i = 5; i < 19; i++)
            if (i % 5 == 4 ? p[i] != '-' : !ghsa_char(p[i]))
                break;
        if (i == 19 && (p == s || !vigil__isalnum((unsigned char)p[-1])) &&
            !vigil__isalnum((unsigned char)p[19])) {
            memcpy(out, p, 19);
            out[19] = '\0';
            return 0;
        }
        p += 5;
    }
    return VIGIL_ENOTFOUND;
}

static const char *const months[] = {
    "jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec",
};

/* Zone names of RFC 822; military letters and unknown names are UTC,
 * as RFC 2822 says to read them. */
static const struct {
    const char *name;
    int hours;
} zones[] = {
    { "ut", 0 },   { "utc", 0 },  { "gmt", 0 },  { "z", 0 },
    { "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
    { "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 },
};

struct cursor {
    const char *p;
};

static void skip_space(struct cursor *c)
{
    while (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n')
        c->p++;
}

static int number(struct cursor *c, int min_digits, int max_digits, int *v)
{
    int n = count_digits(c->p), k;

    if (n < min_digits || n > max_digits)
        return -1;
    for (*v = 0, k = 0; k < n; k++)
        *v = *v * 10 + (c->p[k] - '0');
    c->p += n;
    return 0;
}

static int month(struct cursor *c, int *m)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(months); i++) {
        if (vigil__tolower((unsigned char)c->p[0]) == months[i][0] &&
            vigil__tolower((unsigned char)c->p[1]) == months[i][1] &&
            vigil__tolower((unsigned char)c->p[2]) == months[i][2]) {
            *m = (int)i + 1;
            c->p += 3;
            while (vigil__isalpha((unsigned char)*c->p))
                c->p++;
            return 0;
        }
    }
    return -1;
}

/* The zone as minutes east of UTC. */
static int zone(struct cursor *c, int *minutes)
{
    char name[8];
    size_t i, n = 0;
    int v;

    skip_space(c);
    if (*c->p == '+' || *c->p == '-') {
        int sign = *c->p++ == '-' ? -1 : 1;

        if (number(c, 4, 4, &v) || v % 100 > 59 || v / 100 > 23)
            return -1;
        *minutes = sign * (v / 100 * 60 + v % 100);
        return 0;
    }
    while (vigil__isalpha((unsigned char)c->p[n]) && n < sizeof(name) - 1) {
        name[n] = (char)vigil__tolower((unsigned char)c->p[n]);
        n++;
    }
    name[n] = '\0';
    c->p += n;
    *minutes = 0;
    for (i = 0; i < VIGIL_ARRAY_SIZE(zones); i++)
        if (strcmp(name, zones[i].name) == 0)
            *minutes = zones[i].hours * 60;
    return 0;
}

int vigil__rss_rfc822(const char *s, char *out, size_t outlen)
{
    struct cursor c;
    int d, m, y, h, mi, sec = 0, off;

    c.p = s;
    skip_space(&c);
    if (vigil__isalpha((unsigned char)*c.p)) {
        while (vigil__isalpha((unsigned char)*c.p))
            c.p++;
        if (*c.p == ',')
            c.p++;
        skip_space(&c);
    }
    if (number(&c, 1, 2, &d) || (skip_space(&c), month(&c, &m)) ||
        (skip_space(&c), number(&c, 2, 4, &y)) ||
        (skip_space(&c), number(&c, 1, 2, &h)) || *c.p++ != ':' ||
        number(&c, 2, 2, &mi))
        return VIGIL_EINVAL;
    if (*c.p == ':' && (c.p++, number(&c, 2, 2, &sec)))
        return VIGIL_EINVAL;
    if (zone(&c, &off) || (skip_space(&c), *c.p) || d < 1 || d > 31 ||
        h > 23 || mi > 59 || sec > 60)
        return VIGIL_EINVAL;
    if (y < 50)
        y += 2000;
    else if (y < 1000)
        y += 1900;
    if ((size_t)snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:"
                         "%02d", y, m, d, h, mi, sec, off < 0 ? '-' : '+',
                         (off < 0 ? -off : off) / 60,
                         (off < 0 ? -off : off) % 60) >= outlen)
        return VIGIL_ERANGE;
    return 0;
}
