/*
 * epss.c - reads FIRST EPSS daily CSV files: the optional
 * "#model_version:...,score_date:..." comment line, the header that
 * names the columns, and one row per CVE, handed to a callback.  Works
 * on a buffer the caller owns and allocates nothing.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/epss.h"
#include "../internal.h"

#define MAX_COLUMNS 16

struct epss_reader {
    const char *buf;
    size_t len;
    size_t pos;             /* start of the next line */
    long line;              /* number of the current line */
    const char *start;      /* the current line, without its end */
    size_t n;
    struct vigil_error *err;

    char model[64];
    char date[11];
    int has_model, has_date;

    int ncols;
    int col_cve, col_epss, col_pct;
    char cve[32];           /* the current row's id, once valid */
};

/* Records an error at field (a pointer into the current line). */
static int reader_fail(struct epss_reader *r, const char *field,
                       const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int reader_fail(struct epss_reader *r, const char *field,
                       const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    long column = (long)(field - r->start) + 1;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!r->err)
        return VIGIL_EPARSE;
    vigil_error_set(r->err, VIGIL_EPARSE, (size_t)(field - r->buf),
                    "%s (line %ld, column %ld)", msg, r->line, column);
    r->err->line = r->line;
    r->err->column = column;
    snprintf(r->err->record, sizeof(r->err->record), "%s", r->cve);
    return VIGIL_EPARSE;
}

/* Moves to the next line; returns 0 at the end of the buffer. */
static int next_line(struct epss_reader *r)
{
    const char *p, *nl;

    if (r->pos >= r->len)
        return 0;
    p = r->buf + r->pos;
    nl = memchr(p, '\n', r->len - r->pos);
    r->start = p;
    r->n = nl ? (size_t)(nl - p) : r->len - r->pos;
    r->pos += r->n + (nl ? 1 : 0);
    if (r->n && p[r->n - 1] == '\r')
        r->n--;
    r->line++;
    r->cve[0] = '\0';
    return 1;
}

/* Rejects what no EPSS line holds, so later steps see plain text. */
static int check_line(struct epss_reader *r)
{
    size_t i;

    if (r->n > VIGIL_EPSS_LINE_MAX)
        return reader_fail(r, r->start, "line longer than %d bytes",
                           VIGIL_EPSS_LINE_MAX);
    for (i = 0; i < r->n; i++)
        if ((unsigned char)r->start[i] < 0x20 && r->start[i] != '\t')
            return reader_fail(r, r->start + i,
                               "control character 0x%02x",
                               (unsigned)(unsigned char)r->start[i]);
    return 0;
}

/* Splits [p, p + n) of the current line at commas: field i is
 * [f[i], f[i] + fl[i]).  Returns the number of fields. */
static int split(struct epss_reader *r, const char *p, size_t n,
                 const char **f, size_t *fl)
{
    const char *end = p + n;
    int k = 0;

    for (;;) {
        const char *c = memchr(p, ',', (size_t)(end - p));

        if (k == MAX_COLUMNS)
            return reader_fail(r, p, "more than %d fields", MAX_COLUMNS);
        f[k] = p;
        fl[k] = (size_t)((c ? c : end) - p);
        k++;
        if (!c)
            return k;
        p = c + 1;
    }
}

static int field_is(const char *f, size_t n, const char *name)
{
    size_t i;

    if (strlen(name) != n)
        return 0;
    for (i = 0; i < n; i++)
        if (vigil__tolower((unsigned char)f[i]) != name[i])
            return 0;
    return 1;
}

/* One "key:value" of the comment line. */
static int comment_pair(struct epss_reader *r, const char *p, size_t n)
{
    const char *colon = memchr(p, ':', n);
    size_t klen, vlen;
    time_t t;

    if (!colon)
        return reader_fail(r, p, "comment field '%.*s' has no ':'",
                           (int)(n < 40 ? n : 40), p);
    klen = (size_t)(colon - p);
    vlen = n - klen - 1;
    if (field_is(p, klen, "model_version")) {
        if (vlen == 0 || vlen >= sizeof(r->model))
            return reader_fail(r, colon + 1, "model_version of %zu bytes",
                               vlen);
        memcpy(r->model, colon + 1, vlen);
        r->model[vlen] = '\0';
        r->has_model = 1;
    } else if (field_is(p, klen, "score_date")) {
        if (vlen >= 10) {
            memcpy(r->date, colon + 1, 10);
            r->date[10] = '\0';
        }
        if (vlen < 10 || vigil_time_parse(r->date, &t) != 0
            || (vlen > 10 && colon[11] != 'T' && colon[11] != ' '))
            return reader_fail(r, colon + 1, "score_date '%.*s' is not a "
                               "date", (int)(vlen < 40 ? vlen : 40),
                               colon + 1);
        r->has_date = 1;
    }
    return 0;
}

static int read_comment(struct epss_reader *r)
{
    const char *f[MAX_COLUMNS];
    size_t fl[MAX_COLUMNS];
    int k, i, rc;

    k = split(r, r->start + 1, r->n - 1, f, fl);
    if (k < 0)
        return k;
    for (i = 0; i < k; i++) {
        rc = comment_pair(r, f[i], fl[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static int set_column(struct epss_reader *r, int *col, int i,
                      const char *f, size_t n)
{
    if (*col >= 0)
        return reader_fail(r, f, "column '%.*s' given twice", (int)n, f);
    *col = i;
    return 0;
}

static int read_header(struct epss_reader *r)
{
    const char *f[MAX_COLUMNS];
    size_t fl[MAX_COLUMNS];
    int k = split(r, r->start, r->n, f, fl), i, rc = 0;

    if (k < 0)
        return k;
    r->ncols = k;
    r->col_cve = r->col_epss = r->col_pct = -1;
    for (i = 0; i < k && rc == 0; i++) {
        if (field_is(f[i], fl[i], "cve"))
            rc = set_column(r, &r->col_cve, i, f[i], fl[i]);
        else if (field_is(f[i], fl[i], "epss"))
            rc = set_column(r, &r->col_epss, i, f[i], fl[i]);
        else if (field_is(f[i], fl[i], "percentile"))
            rc = set_column(r, &r->col_pct, i, f[i], fl[i]);
    }
    if (rc)
        return rc;
    if (r->col_cve < 0 || r->col_epss < 0)
        return reader_fail(r, r->start, "header '%.*s' lacks the %s column",
                           (int)(r->n < 60 ? r->n : 60), r->start,
                           r->col_cve < 0 ? "cve" : "epss");
    return 0;
}

/* "CVE-" four digits "-" four or more digits. */
static int valid_cve(const char *f, size_t n)
{
    size_t i;

    if (n < 13 || n >= 32 || memcmp(f, "CVE-", 4) != 0 || f[8] != '-')
        return 0;
    for (i = 4; i < n; i++)
        if (i != 8 && !vigil__isdigit((unsigned char)f[i]))
            return 0;
    return 1;
}

static int read_probability(struct epss_reader *r, const char *f, size_t n,
                            const char *name, double *out)
{
    char tmp[40];
    char *end;
    double d;
    size_t i;

    for (i = 0; i < n; i++)
        if (!vigil__isdigit((unsigned char)f[i]) && !strchr(".eE+-", f[i]))
            break;
    if (n == 0 || n >= sizeof(tmp) || i < n)
        return reader_fail(r, f, "%s '%.*s' is not a number", name,
                           (int)(n < 40 ? n : 40), f);
    memcpy(tmp, f, n);
    tmp[n] = '\0';
    errno = 0;
    d = strtod(tmp, &end);
    if (*end != '\0' || errno == ERANGE || !(d >= 0.0 && d <= 1.0))
        return reader_fail(r, f, "%s '%s' is not a number in 0..1", name,
                           tmp);
    *out = d;
    return 0;
}

static int read_row(struct epss_reader *r, vigil_epss_fn fn, void *ctx)
{
    const char *f[MAX_COLUMNS];
    size_t fl[MAX_COLUMNS];
    double epss, pct = NAN;
    int k = split(r, r->start, r->n, f, fl), rc;

    if (k < 0)
        return k;
    if (k != r->ncols)
        return reader_fail(r, r->start + r->n, "%d fields where the header "
                           "has %d", k, r->ncols);
    if (!valid_cve(f[r->col_cve], fl[r->col_cve]))
        return reader_fail(r, f[r->col_cve], "cve '%.*s' is not a CVE id",
                           (int)(fl[r->col_cve] < 40 ? fl[r->col_cve] : 40),
                           f[r->col_cve]);
    memcpy(r->cve, f[r->col_cve], fl[r->col_cve]);
    r->cve[fl[r->col_cve]] = '\0';

    rc = read_probability(r, f[r->col_epss], fl[r->col_epss], "epss", &epss);
    if (rc == 0 && r->col_pct >= 0)
        rc = read_probability(r, f[r->col_pct], fl[r->col_pct], "percentile",
                              &pct);
    if (rc)
        return rc;
    return fn(ctx, r->cve, epss, pct, r->has_model ? r->model : NULL,
              r->has_date ? r->date : NULL);
}

int vigil_epss_parse(const char *buf, size_t len, vigil_epss_fn fn,
                     void *ctx, struct vigil_error *err)
{
    struct epss_reader r;
    int rc, header = 0;

    if (!buf || !fn)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "no EPSS input");
    memset(&r, 0, sizeof(r));
    r.buf = buf;
    r.len = len;
    r.err = err;

    while (next_line(&r)) {
        if (r.n == 0)
            continue;
        rc = check_line(&r);
        if (rc == 0 && r.start[0] == '#')
            rc = header ? reader_fail(&r, r.start, "comment after the "
                                      "header") : read_comment(&r);
        else if (rc == 0 && !header) {
            rc = read_header(&r);
            header = 1;
        } else if (rc == 0)
            rc = read_row(&r, fn, ctx);
        if (rc)
            return rc;
    }
    if (!header)
        return vigil_error_set(err, VIGIL_EPARSE, len, "no EPSS header "
                               "line 'cve,epss,percentile'");
    return 0;
}
