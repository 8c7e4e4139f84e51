/*
 * watch.c - does an advisory record name a watched keyword, vendor or
 * product?  Pure: the record in, a field name out.
 */
#include <string.h>

#include "vigil/watch.h"
#include "../internal.h"

static const char *const kind_names[] = { "keyword", "vendor", "product" };

const char *vigil_watch_kind_name(enum vigil_watch_kind k)
{
    return (unsigned)k < VIGIL_ARRAY_SIZE(kind_names) ? kind_names[k] : "?";
}

int vigil_watch_kind_by_name(const char *name)
{
    size_t i;

    for (i = 0; name && i < VIGIL_ARRAY_SIZE(kind_names); i++)
        if (strcmp(kind_names[i], name) == 0)
            return (int)i;
    return -1;
}

/*
 * Whether word stands in text as a whole word: no letter or digit right
 * before or after it, so "curl" is in "curl 8.4" but not in "libcurly".
 */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word), len;
    const char *p;

    if (!text || !n)
        return 0;
    len = strlen(text);
    for (p = text; (size_t)(p - text) + n <= len; p++) {
        if (!vigil__strncaseeq(p, word, n))
            continue;
        if ((p == text || !vigil__isalnum((unsigned char)p[-1])) &&
            !vigil__isalnum((unsigned char)p[n]))
            return 1;
    }
    return 0;
}

static int same_name(const char *a, const char *b)
{
    return a && b && strlen(a) == strlen(b) &&
           vigil__strncaseeq(a, b, strlen(a));
}

/* The vendor and product fields of a CPE 2.3 name, compared loosely:
 * CPE writes spaces as '_'. */
static int cpe_names(const char *cpe, int field, const char *value)
{
    char want[256], got[256];
    const char *p = cpe;
    size_t i, n;
    int f = 0;

    if (!cpe || strncmp(cpe, "cpe:2.3:", 8) != 0 || strlen(value) >= 256)
        return 0;
    for (i = 0; value[i]; i++)
        want[i] = value[i] == ' ' ? '_' : value[i];
    want[i] = '\0';
    p += 8;
    while (*p && f <= field) {
        n = strcspn(p, ":");
        if (f == field && n < sizeof(got)) {
            memcpy(got, p, n);
            got[n] = '\0';
            return same_name(got, want);
        }
        p += n + (p[n] == ':');
        f++;
    }
    return 0;
}

static const char *in_affected(const struct vigil_watch *w,
                               const struct vigil_advisory *a)
{
    int vendor = w->kind == VIGIL_WATCH_VENDOR;
    size_t i;

    for (i = 0; i < a->naffected; i++) {
        const struct vigil_affected *f = &a->affected[i];

        if (same_name(vendor ? f->vendor : f->product, w->value) ||
            (!vendor && same_name(f->name, w->value)))
            return "affected";
        if (cpe_names(f->cpe, vendor ? 1 : 2, w->value))
            return "cpe";
    }
    if (a->kev && same_name(vendor ? a->kev->vendor : a->kev->product,
                            w->value))
        return "kev";
    return NULL;
}

const char *vigil_watch_hit(const struct vigil_watch *w,
                            const struct vigil_advisory *a)
{
    const char *where;

    if (w->kind != VIGIL_WATCH_KEYWORD && (where = in_affected(w, a)))
        return where;
    if (has_word(a->title, w->value))
        return "title";
    if (has_word(a->description, w->value))
        return "description";
    return NULL;
}
