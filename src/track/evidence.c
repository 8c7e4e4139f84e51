/*
 * evidence.c - the evidence fingerprint of a security update and what
 * a newer one adds to an older one.
 *
 * A fingerprint reads "KEV listed; " or "KEV no; " followed by the
 * update's remediation lines, one per affected system, component and
 * version ("web-01: libc6 2.36-9: upgrade to 2.36-9+deb12u3 or later").
 * An item no longer matching keeps the KEV part and no line, so that a
 * component coming back is news.  Only news reopens a completed item:
 * a line dropped, or a fixed version the advisory changed, is not.
 */
#include <string.h>

#include "vigil/track.h"
#include "track_int.h"
#include "../internal.h"

#define KEV_YES "KEV listed; "
#define KEV_NO "KEV no; "

/* How many new lines the reason names before "and N more". */
#define NAMED_LINES 3

void vigil__track_evidence(struct vigil_buf *b, int kev,
                           const char *remediation)
{
    vigil_buf_reset(b);
    vigil_buf_adds(b, kev ? KEV_YES : KEV_NO);
    vigil_buf_adds(b, remediation ? remediation : "");
}

/* The remediation lines of fingerprint fp (NULL: none recorded). */
static const char *lines_of(const char *fp)
{
    const char *p;

    if (!fp)
        return "";
    p = strstr(fp, "; ");
    return p ? p + 2 : fp;
}

static int listed(const char *fp)
{
    return fp && strncmp(fp, KEV_YES, strlen(KEV_YES)) == 0;
}

/* Offset of the last occurrence of mark in line[0..len), or -1. */
static long last_mark(const char *line, size_t len, const char *mark)
{
    size_t n = strlen(mark), i;

    for (i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (memcmp(line + i, mark, n) == 0)
            return (long)i;
    return -1;
}

/* The length of the part of a line that names system, component and
 * version, without the advice on what to install. */
static size_t key_len(const char *line, size_t len)
{
    long a = last_mark(line, len, ": upgrade to ");
    long b = last_mark(line, len, ": no fixed version published");
    long k = a > b ? a : b;

    return k >= 0 ? (size_t)k : len;
}

static size_t line_len(const char *p)
{
    const char *nl = strchr(p, '\n');

    return nl ? (size_t)(nl - p) : strlen(p);
}

/* Whether the lines of old hold one naming what key names. */
static int has_key(const char *old, const char *key, size_t klen)
{
    const char *p = old;

    while (*p) {
        size_t n = line_len(p);

        if (key_len(p, n) == klen && memcmp(p, key, klen) == 0)
            return 1;
        p += n;
        if (*p == '\n')
            p++;
    }
    return 0;
}

int vigil__track_evidence_news(const char *old, const char *cur,
                               struct vigil_buf *why)
{
    const char *olines = lines_of(old), *p = lines_of(cur);
    int news = 0, named = 0;

    if (listed(cur) && !listed(old)) {
        vigil_buf_adds(why, "now in KEV");
        news++;
    }
    while (*p) {
        size_t n = line_len(p), k = key_len(p, n);

        if (n && !has_key(olines, p, k)) {
            news++;
            if (named++ < NAMED_LINES) {
                if (named > 1)
                    vigil_buf_adds(why, ", ");
                else
                    vigil_buf_adds(why, news > 1 ? "; affected: "
                                                 : "affected: ");
                vigil_buf_add(why, p, k);
            }
        }
        p += n;
        if (*p == '\n')
            p++;
    }
    if (named > NAMED_LINES)
        vigil_buf_addf(why, " and %d more", named - NAMED_LINES);
    return news;
}
