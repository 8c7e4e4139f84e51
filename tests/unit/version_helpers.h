/*
 * version_helpers.h - what the version scheme tests share: reading the
 * oracle TSV files under $SHARED/data/oracles/version/, either row by
 * row (tsv_open, tsv_row, tsv_close) or through a callback (tsv_each),
 * and checking tables of ordered pairs and of range memberships.
 * Included by tests/unit/test_version_*.c after cmocka.h, vigil/version.h
 * and internal.h; those include <stdio.h>, <stdlib.h>, <string.h> and
 * <sys/stat.h> first.  Not a test of its own.
 *
 * Format (see shared/data/README.md): first line is the header, fields
 * are separated by one TAB, and \t \n \r \\ inside a field are escaped.
 */
#ifndef VIGIL_TEST_VERSION_HELPERS_H
#define VIGIL_TEST_VERSION_HELPERS_H

#define TSV_MAX_COLS 16

struct tsv_row {
    size_t line;                /* 1-based line number in the file */
    int ncol;
    const char *col[TSV_MAX_COLS];
};

typedef void (*tsv_row_fn)(void *ctx, const struct tsv_row *row);

static inline const char *tsv_shared_dir(void)
{
    const char *s = getenv("SHARED");

    return s && *s ? s : "../shared";
}

/* Skips the calling test when the shared data is not there at all. */
static inline void tsv_require_shared(void)
{
    char path[1024];
    struct stat st;

    snprintf(path, sizeof(path), "%s/data", tsv_shared_dir());
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("skipped: ../shared/data not found\n");
        skip();
    }
}

/* An integer cell such as "-1"; 99 when it is not one. */
static inline int tsv_int(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);

    return (*s && *end == '\0') ? (int)v : 99;
}

/* Undoes the \t \n \r \\ escapes in place. */
static inline void tsv_unescape(char *s)
{
    char *w = s;

    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *w++ = *s == 't' ? '\t' : *s == 'n' ? '\n' :
                   *s == 'r' ? '\r' : *s;
        } else {
            *w++ = *s;
        }
    }
    *w = '\0';
}

/* A cursor over one oracle file, for tests that read rows in a loop. */
struct tsv {
    struct vigil_buf buf;
    char *next;                 /* start of the next unread line */
    size_t line;                /* 1-based number of the last row read */
};

/*
 * Reads oracles/version/<name> and moves past its header line.  Skips
 * the calling test when the shared data is absent; fails it when the
 * file cannot be read.  Release with tsv_close().
 */
static inline void tsv_open(struct tsv *t, const char *name)
{
    struct vigil_error err;
    char path[1024];

    tsv_require_shared();
    snprintf(path, sizeof(path), "%s/data/oracles/version/%s",
             tsv_shared_dir(), name);
    vigil_buf_init(&t->buf);
    if (vigil_buf_read_file(&t->buf, path, (size_t)64 << 20, &err) != 0)
        fail_msg("cannot read '%s': %s", path, err.msg);
    t->next = strchr(t->buf.ptr, '\n');
    t->next = t->next ? t->next + 1 : t->buf.ptr + t->buf.len;
    t->line = 1;
}

/*
 * Splits the next non-blank row into at most max unescaped fields and
 * returns how many it had; 0 at the end of the file.  Fields past max
 * are dropped; f[n..max-1] are set to "".  The fields live in t.
 */
static inline int tsv_row(struct tsv *t, char **f, int max)
{
    char *line = t->next, *field;
    int n = 0;

    while (*line == '\n') {
        line++;
        t->line++;
    }
    if (*line == '\0')
        return 0;
    t->next = strchr(line, '\n');
    if (t->next)
        *t->next++ = '\0';
    else
        t->next = line + strlen(line);
    t->line++;

    for (field = line; field && n < max; n++) {
        f[n] = field;
        field = strchr(field, '\t');
        if (field)
            *field++ = '\0';
    }
    for (int i = 0; i < n; i++)
        tsv_unescape(f[i]);
    for (int i = n; i < max; i++)
        f[i] = (char *)"";
    return n;
}

static inline void tsv_close(struct tsv *t)
{
    vigil_buf_release(&t->buf);
}

/*
 * Calls fn for every data row of oracles/version/<name> and returns the
 * number of rows.  Fails the test when the file cannot be read.
 */
static inline size_t tsv_each(const char *name, tsv_row_fn fn, void *ctx)
{
    struct tsv t;
    struct tsv_row row;
    char *f[TSV_MAX_COLS];
    size_t rows = 0;

    tsv_open(&t, name);
    while ((row.ncol = tsv_row(&t, f, TSV_MAX_COLS)) > 0) {
        row.line = t.line;
        for (int i = 0; i < TSV_MAX_COLS; i++)
            row.col[i] = i < row.ncol ? f[i] : NULL;
        fn(ctx, &row);
        rows++;
    }
    tsv_close(&t);
    return rows;
}

/* Counts what a row callback saw, so that a test can report every
 * mismatch before it fails. */
struct tsv_tally {
    size_t checked;
    size_t failed;
    size_t errors;              /* rows where an error was the answer */
};

static inline void tsv_report(const char *name, const struct tsv_tally *t)
{
    printf("%s: %zu rows checked (%zu expected errors), %zu wrong\n", name,
           t->checked, t->errors, t->failed);
    assert_true(t->checked > 0);
    assert_int_equal(t->failed, 0);
}

/* A pair of versions and how the scheme orders a against b: -1, 0, 1. */
struct order_case {
    const char *a, *b;
    int want;
};

/* Fails the test unless scheme orders a against b as want, and b
 * against a the other way round. */
static inline void check_order(const char *scheme, const char *a,
                               const char *b, int want)
{
    int cmp = 9, back = 9;

    if (vigil_version_compare(scheme, a, b, &cmp, NULL) != 0)
        fail_msg("%s: '%s' vs '%s' failed", scheme, a, b);
    if (cmp != want)
        fail_msg("%s: '%s' vs '%s': want %d got %d", scheme, a, b, want,
                 cmp);
    if (vigil_version_compare(scheme, b, a, &back, NULL) != 0 ||
        back != -want)
        fail_msg("%s: '%s' vs '%s': want %d got %d", scheme, b, a, -want,
                 back);
}

static inline void check_order_cases(const char *scheme,
                                     const struct order_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_order(scheme, c[i].a, c[i].b, c[i].want);
}

/* A version, a range, and whether the version is in it; -1: the range
 * is invalid, and the error must quote it. */
struct range_case {
    const char *v, *range;
    int want;
};

static inline void check_range_cases(const char *scheme,
                                     const struct range_case *c, size_t n)
{
    struct vigil_error err;
    int rc, yes;

    for (size_t i = 0; i < n; i++) {
        vigil_error_clear(&err);
        yes = -1;
        rc = vigil_version_satisfies(scheme, c[i].v, c[i].range, &yes,
                                     &err);
        if (c[i].want < 0) {
            if (rc != VIGIL_EINVAL || !strstr(err.msg, c[i].range))
                fail_msg("%s: '%s': want an error naming it, got rc %d "
                         "'%s'", scheme, c[i].range, rc, err.msg);
        } else if (rc != 0 || yes != c[i].want) {
            fail_msg("%s: '%s' in '%s': want %d got rc %d yes %d (%s)",
                     scheme, c[i].v, c[i].range, c[i].want, rc, yes,
                     err.msg);
        }
    }
}

#endif
