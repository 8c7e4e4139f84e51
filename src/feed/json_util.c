/*
 * json_util.c - typed cJSON lookups, time normalisation and the CPE
 * string handling that several feed parsers share.
 *
 * Lookups are lenient on purpose: a field of the wrong type reads as
 * absent, so one odd field does not cost the whole record.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

const char *vigil__json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    if (!cJSON_IsString(v) || !v->valuestring || !v->valuestring[0])
        return NULL;
    return v->valuestring;
}

const cJSON *vigil__json_arr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsArray(v) ? v : NULL;
}

const cJSON *vigil__json_obj(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsObject(v) ? v : NULL;
}

int vigil__json_true(const cJSON *o, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

int vigil__json_num(const cJSON *o, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    if (!cJSON_IsNumber(v))
        return 0;
    *out = v->valuedouble;
    return 1;
}

static int is_english(const char *lang)
{
    if (!lang || vigil__tolower((unsigned char)lang[0]) != 'e' ||
        vigil__tolower((unsigned char)lang[1]) != 'n')
        return 0;
    return lang[2] == '\0' || lang[2] == '-' || lang[2] == '_';
}

const char *vigil__json_english(const cJSON *arr, const char *key)
{
    const cJSON *e;
    const char *first = NULL, *text;

    cJSON_ArrayForEach(e, arr) {
        text = vigil__json_str(e, key);
        if (!text)
            continue;
        if (is_english(vigil__json_str(e, "lang")))
            return text;
        if (!first)
            first = text;
    }
    return first;
}

const char *vigil__json_join(struct vigil_arena *a, const cJSON *arr,
                             const char *sep)
{
    const cJSON *e;
    size_t len = 0, seplen = strlen(sep);
    char *out, *p;

    cJSON_ArrayForEach(e, arr)
        if (cJSON_IsString(e) && e->valuestring[0])
            len += strlen(e->valuestring) + seplen;
    if (len == 0)
        return NULL;
    out = p = vigil_arena_alloc(a, len + 1);
    if (!out)
        return NULL;
    cJSON_ArrayForEach(e, arr) {
        if (!cJSON_IsString(e) || !e->valuestring[0])
            continue;
        if (p != out) {
            memcpy(p, sep, seplen);
            p += seplen;
        }
        len = strlen(e->valuestring);
        memcpy(p, e->valuestring, len);
        p += len;
    }
    *p = '\0';
    return out;
}

const char *vigil__feed_time(struct feed_rec *r, const char *s)
{
    time_t t;
    char *out;

    if (!s)
        return NULL;
    /* year-1 and epoch dates are "unknown" in some feeds (Go vulndb) */
    if (vigil_time_parse(s, &t) != 0 || t <= 0) {
        vigil_log(VIGIL_LOG_DEBUG, "%s: '%s': ignoring time '%s'",
                  r->doc->origin, r->adv.id ? r->adv.id : "?", s);
        return NULL;
    }
    out = vigil_arena_alloc(r->arena, 32);
    if (out)
        vigil_time_format(t, out, 32);
    return out;
}

/* Start of component idx of a CPE 2.3 string, skipping escaped ':'. */
static const char *cpe_component(const char *cpe, int idx)
{
    const char *p = cpe;

    while (idx > 0 && *p) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == ':')
            idx--;
        p++;
    }
    return idx == 0 ? p : NULL;
}

char *vigil__feed_cpe_field(struct vigil_arena *a, const char *cpe,
                            int idx)
{
    const char *p;
    char *out;
    size_t n = 0;

    if (!cpe || strncmp(cpe, "cpe:2.3:", 8) != 0 || idx < 1)
        return NULL;
    p = cpe_component(cpe, idx + 1);
    if (!p)
        return NULL;
    out = vigil_arena_alloc(a, strlen(p) + 1);
    if (!out)
        return NULL;
    for (; *p && *p != ':'; p++) {
        if (*p == '\\' && p[1])
            p++;
        out[n++] = *p;
    }
    out[n] = '\0';
    return n ? out : NULL;
}

static int hexval(int c)
{
    if (vigil__isdigit(c))
        return c - '0';
    c = vigil__tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

struct slice {
    const char *p;
    size_t n;
};

/*
 * Appends one CPE 2.2 URI component in 2.3 form: empty is ANY ("*"),
 * percent escapes are decoded, and every character other than letters,
 * digits, '_', '-' and '.' is backslash-quoted.
 */
static int add_cpe23_part(struct vigil_buf *b, struct slice s)
{
    size_t i;
    int c, rc = 0;

    if (s.n == 0)
        return vigil_buf_addc(b, '*');
    for (i = 0; i < s.n && !rc; i++) {
        c = (unsigned char)s.p[i];
        if (c == '%' && i + 2 < s.n &&
            hexval((unsigned char)s.p[i + 1]) >= 0 &&
            hexval((unsigned char)s.p[i + 2]) >= 0) {
            c = hexval((unsigned char)s.p[i + 1]) * 16 +
                hexval((unsigned char)s.p[i + 2]);
            i += 2;
        }
        if (!vigil__isalnum(c) && c != '_' && c != '-' && c != '.')
            rc = vigil_buf_addc(b, '\\');
        if (!rc)
            rc = vigil_buf_addc(b, (char)c);
    }
    return rc;
}

/* A packed 2.2 edition "~ed~sw_ed~target_sw~target_hw~other" fills the
 * 2.3 fields edition, sw_edition, target_sw, target_hw and other. */
static void unpack_edition(struct slice *f)
{
    static const int dest[] = { 5, 7, 8, 9, 10 };
    struct slice s = f[5];
    const char *q = s.p + 1, *end = s.p + s.n, *t;
    size_t k;

    for (k = 0; k < VIGIL_ARRAY_SIZE(dest); k++) {
        t = memchr(q, '~', (size_t)(end - q));
        f[dest[k]].p = q;
        f[dest[k]].n = (size_t)((t ? t : end) - q);
        if (!t)
            break;
        q = t + 1;
    }
}

/* The 2.2 URI has up to seven ':'-separated components after "cpe:/". */
static int cpe22_to_23(struct vigil_buf *b, const char *uri)
{
    struct slice f[11];
    const char *p = uri + 5;
    size_t i;
    int rc;

    memset(f, 0, sizeof(f));
    for (i = 0;; i++) {
        f[i].p = p;
        f[i].n = strcspn(p, ":");
        p += f[i].n;
        if (*p == '\0')
            break;
        if (i == 6)
            return VIGIL_EINVAL;
        p++;
    }
    if (f[5].n && f[5].p[0] == '~')
        unpack_edition(f);
    rc = vigil_buf_adds(b, "cpe:2.3");
    for (i = 0; i < VIGIL_ARRAY_SIZE(f) && !rc; i++) {
        rc = vigil_buf_addc(b, ':');
        if (!rc)
            rc = add_cpe23_part(b, f[i]);
    }
    return rc;
}

const char *vigil__feed_cpe23(struct vigil_arena *a, const char *cpe)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *out;

    if (!cpe || strncmp(cpe, "cpe:/", 5) != 0)
        return cpe;
    if (cpe22_to_23(&b, cpe) != 0) {
        vigil_buf_release(&b);
        return cpe;
    }
    out = vigil_arena_strndup(a, b.ptr, b.len);
    vigil_buf_release(&b);
    return out ? out : cpe;
}
