/*
 * cvss.c - the CVSS entry points: version detection from the prefix,
 * lenient reading of vectors found in real advisories, the metric
 * tokenizer every version shares, severity bands, and the check of a
 * published score against the recomputed one.  The arithmetic of each
 * version lives in cvss2.c, cvss3.c and cvss4.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil/cvss.h"
#include "cvss_impl.h"
#include "../internal.h"

/* Longest part of a vector quoted in an error message. */
#define QUOTE_MAX 160

static int fail(const struct cvss_input *in, const struct cvss_spec *spec,
                size_t at, struct vigil_error *err, const char *what,
                const char *detail)
{
    size_t off = in->offset + at;

    vigil_error_set(err, VIGIL_EPARSE, off,
                    "invalid CVSS %s vector '%.*s': %s%s", spec->label,
                    QUOTE_MAX, in->whole, what, detail);
    if (err)
        err->column = (long)off + 1;
    return VIGIL_EPARSE;
}

static int find_metric(const struct cvss_spec *spec, const char *s,
                       size_t n)
{
    size_t i;

    for (i = 0; i < spec->nmetrics; i++) {
        const char *name = spec->metrics[i].name;

        if (strlen(name) == n && memcmp(name, s, n) == 0)
            return (int)i;
    }
    return -1;
}

static int find_value(const struct cvss_metric *m, const char *s, size_t n)
{
    int i;

    for (i = 0; m->values[i]; i++)
        if (strlen(m->values[i]) == n && memcmp(m->values[i], s, n) == 0)
            return i;
    return -1;
}

/* Reads one "NAME:VALUE" token [tok, stop) into idx; *last is the
 * index of the previous metric, for the order check. */
static int read_token(const struct cvss_spec *spec,
                      const struct cvss_input *in, const char *tok,
                      const char *stop, int *idx, int *last,
                      struct vigil_error *err)
{
    size_t at = (size_t)(tok - in->metrics);
    const char *colon = memchr(tok, ':', (size_t)(stop - tok));
    char detail[96];
    int m, v;

    if (tok == stop)
        return fail(in, spec, at, err, "empty metric", "");
    if (!colon) {
        snprintf(detail, sizeof(detail), "'%.*s'",
                 (int)(stop - tok < 32 ? stop - tok : 32), tok);
        return fail(in, spec, at, err, "no value for metric ", detail);
    }
    m = find_metric(spec, tok, (size_t)(colon - tok));
    if (m < 0) {
        snprintf(detail, sizeof(detail), "'%.*s'",
                 (int)(colon - tok < 32 ? colon - tok : 32), tok);
        return fail(in, spec, at, err, "unknown metric ", detail);
    }
    snprintf(detail, sizeof(detail), "'%s'", spec->metrics[m].name);
    if (idx[m] >= 0)
        return fail(in, spec, at, err, "duplicate metric ", detail);
    if (spec->ordered && m < *last) {
        snprintf(detail, sizeof(detail), "'%s' (it comes before '%s')",
                 spec->metrics[m].name, spec->metrics[*last].name);
        return fail(in, spec, at, err, "out of order metric ", detail);
    }
    v = find_value(&spec->metrics[m], colon + 1, (size_t)(stop - colon - 1));
    if (v < 0) {
        snprintf(detail, sizeof(detail), "'%.*s' for metric '%s'",
                 (int)(stop - colon - 1 < 32 ? stop - colon - 1 : 32),
                 colon + 1, spec->metrics[m].name);
        return fail(in, spec, at, err, "unknown value ", detail);
    }
    idx[m] = v;
    *last = m;
    return 0;
}

int vigil__cvss_tokenize(const struct cvss_spec *spec,
                         const struct cvss_input *in, int *idx,
                         struct vigil_error *err)
{
    const char *p = in->metrics, *end = in->metrics + in->len;
    int last = 0, rc;
    char detail[48];
    size_t i;

    for (i = 0; i < spec->nmetrics; i++)
        idx[i] = -1;
    if (in->len == 0)
        return fail(in, spec, 0, err, "no metrics", "");

    for (;;) {
        const char *stop = memchr(p, '/', (size_t)(end - p));

        if (!stop)
            stop = end;
        rc = read_token(spec, in, p, stop, idx, &last, err);
        if (rc)
            return rc;
        if (stop == end)
            break;
        p = stop + 1;
    }

    for (i = 0; i < spec->nmetrics; i++) {
        if (spec->metrics[i].group == CVSS_BASE && idx[i] < 0) {
            snprintf(detail, sizeof(detail), "'%s'", spec->metrics[i].name);
            return fail(in, spec, in->len, err,
                        "missing mandatory metric ", detail);
        }
    }
    return 0;
}

const char *vigil_cvss_severity(int version, double score)
{
    long t = lround(score * 10);

    if (version == VIGIL_CVSS_V20)
        return t < 40 ? "Low" : t < 70 ? "Medium" : "High";
    if (t <= 0)
        return "None";
    return t < 40 ? "Low" : t < 70 ? "Medium" : t < 90 ? "High"
                                                         : "Critical";
}

void vigil__cvss_finish_legacy(struct vigil_cvss *out)
{
    if (out->has_environmental)
        out->score = out->environmental;
    else if (out->has_temporal)
        out->score = out->temporal;
    else
        out->score = out->base;
    out->severity = vigil_cvss_severity(out->version, out->base);
}

static const struct {
    const char *name;
    int version;
} version_names[] = {
    { "2.0", VIGIL_CVSS_V20 }, { "2", VIGIL_CVSS_V20 },
    { "3.0", VIGIL_CVSS_V30 }, { "3", VIGIL_CVSS_V30 },
    { "3.1", VIGIL_CVSS_V31 },
    { "4.0", VIGIL_CVSS_V40 }, { "4", VIGIL_CVSS_V40 },
};

int vigil_cvss_version_from_string(const char *s)
{
    size_t i;

    if (!s)
        return 0;
    if (*s == 'v' || *s == 'V')
        s++;
    for (i = 0; i < VIGIL_ARRAY_SIZE(version_names); i++)
        if (strcmp(s, version_names[i].name) == 0)
            return version_names[i].version;
    return 0;
}

/*
 * Reads a "CVSS:x.y/" prefix at s.  Returns the version, 0 when there
 * is no prefix, or -1 for a prefix naming an unknown version; *skip is
 * the prefix length.
 */
static int read_prefix(const char *s, size_t len, size_t *skip)
{
    static const struct {
        const char *text;
        int version;
    } prefixes[] = {
        { "CVSS:2.0/", VIGIL_CVSS_V20 }, { "CVSS:3.0/", VIGIL_CVSS_V30 },
        { "CVSS:3.1/", VIGIL_CVSS_V31 }, { "CVSS:4.0/", VIGIL_CVSS_V40 },
    };
    size_t i;

    *skip = 0;
    if (len < 5 || memcmp(s, "CVSS:", 5) != 0)
        return 0;
    for (i = 0; i < VIGIL_ARRAY_SIZE(prefixes); i++) {
        size_t n = strlen(prefixes[i].text);

        /* "CVSS:3.1" alone is a prefix with no metrics after it */
        if (len >= n - 1 && memcmp(s, prefixes[i].text, n - 1) == 0
            && (len == n - 1 || s[n - 1] == '/')) {
            *skip = len == n - 1 ? len : n;
            return prefixes[i].version;
        }
    }
    return -1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Narrows in to the vector proper: blanks and, for 2.0, the
 * parentheses older NVD data puts around it. */
static void trim_lenient(struct cvss_input *in)
{
    while (in->len && is_blank(in->metrics[0])) {
        in->metrics++;
        in->offset++;
        in->len--;
    }
    while (in->len && is_blank(in->metrics[in->len - 1]))
        in->len--;
    if (in->len >= 2 && in->metrics[0] == '('
        && in->metrics[in->len - 1] == ')') {
        in->metrics++;
        in->offset++;
        in->len -= 2;
    }
}

static const char *version_label(int v)
{
    return v == VIGIL_CVSS_V20 ? "2.0" : v == VIGIL_CVSS_V30 ? "3.0"
         : v == VIGIL_CVSS_V31 ? "3.1" : "4.0";
}

/* Decides which version reads the vector, from its prefix, the hint
 * and the flags; on success in->metrics points past the prefix. */
static int choose_version(struct cvss_input *in, int hint, int flags,
                          int *version, struct vigil_error *err)
{
    int lenient = flags & VIGIL_CVSS_LENIENT;
    size_t skip;
    int pv = read_prefix(in->metrics, in->len, &skip);

    if (pv < 0 || (pv == VIGIL_CVSS_V20 && !lenient))
        return vigil_error_set(err, VIGIL_EPARSE, in->offset,
                               "invalid CVSS vector '%.*s': unknown "
                               "version prefix", QUOTE_MAX, in->whole);
    if (pv && hint && pv != hint && !lenient)
        return vigil_error_set(err, VIGIL_EPARSE, in->offset,
                               "invalid CVSS vector '%.*s': it is "
                               "version %s, not %s", QUOTE_MAX, in->whole,
                               version_label(pv), version_label(hint));
    if (!pv && hint && hint != VIGIL_CVSS_V20 && !lenient)
        return vigil_error_set(err, VIGIL_EPARSE, in->offset,
                               "invalid CVSS vector '%.*s': missing "
                               "'CVSS:%s/' prefix", QUOTE_MAX, in->whole,
                               version_label(hint));
    in->metrics += skip;
    in->offset += skip;
    in->len -= skip;
    *version = pv ? pv : hint ? hint : VIGIL_CVSS_V20;
    return 0;
}

int vigil_cvss_parse_as(const char *vector, int version_hint, int flags,
                        struct vigil_cvss *out, struct vigil_error *err)
{
    struct cvss_input in;
    struct vigil_cvss res;
    int version = 0, rc;

    if (!vector || !out)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "no CVSS vector");
    if (version_hint && version_hint != VIGIL_CVSS_V20
        && version_hint != VIGIL_CVSS_V30 && version_hint != VIGIL_CVSS_V31
        && version_hint != VIGIL_CVSS_V40)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "unknown CVSS version hint %d",
                               version_hint);

    in.whole = vector;
    in.metrics = vector;
    in.len = strlen(vector);
    in.offset = 0;
    if (flags & VIGIL_CVSS_LENIENT)
        trim_lenient(&in);
    rc = choose_version(&in, version_hint, flags, &version, err);
    if (rc)
        return rc;

    memset(&res, 0, sizeof(res));
    res.version = version;
    if (version == VIGIL_CVSS_V20)
        rc = vigil__cvss2_score(&in, &res, err);
    else if (version == VIGIL_CVSS_V40)
        rc = vigil__cvss4_score(&in, &res, err);
    else
        rc = vigil__cvss3_score(version, &in, &res, err);
    if (rc)
        return rc;
    *out = res;
    return 0;
}

int vigil_cvss_parse(const char *vector, int flags, struct vigil_cvss *out,
                     struct vigil_error *err)
{
    return vigil_cvss_parse_as(vector, 0, flags, out, err);
}

static long tenths(double x)
{
    return lround(x * 10);
}

int vigil_cvss_check_published(const char *vector,
                               const char *claimed_version,
                               double published, struct vigil_cvss *out,
                               int *mismatch, struct vigil_error *err)
{
    struct vigil_cvss c;
    int hint = 0, m = 0, rc;
    double recomputed;

    if (!out || !mismatch)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "no result pointer");
    if (claimed_version) {
        hint = vigil_cvss_version_from_string(claimed_version);
        if (!hint)
            return vigil_error_set(err, VIGIL_EINVAL, 0,
                                   "unknown CVSS version '%.32s'",
                                   claimed_version);
    }
    if (!(published >= 0.0 && published <= 10.0))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "published CVSS score %g is not in 0..10",
                               published);
    rc = vigil_cvss_parse_as(vector, hint, VIGIL_CVSS_LENIENT, &c, err);
    if (rc)
        return rc;

    if (hint && c.version != hint)
        m |= VIGIL_CVSS_MISMATCH_VERSION;
    recomputed = c.version == VIGIL_CVSS_V40 ? c.score : c.base;
    if (tenths(published) != tenths(recomputed)) {
        m |= VIGIL_CVSS_MISMATCH_SCORE;
        if ((c.has_temporal && tenths(published) == tenths(c.temporal))
            || (c.has_environmental
                && tenths(published) == tenths(c.environmental)))
            m |= VIGIL_CVSS_MISMATCH_TEMPORAL;
    }
    *out = c;
    *mismatch = m;
    return 0;
}
