/*
 * version_tsv.h - reads the oracle TSV files under
 * $SHARED/data/oracles/version/ for the version scheme tests.
 * Included by tests/unit/test_version_*.c after cmocka.h and
 * internal.h; those include <stdio.h>, <stdlib.h>, <string.h> and
 * <sys/stat.h> first.  Not a test of its own.
 *
 * Format (see shared/data/README.md): first line is the header, fields
 * are separated by one TAB, and \t \n \r \\ inside a field are escaped.
 */
#ifndef VIGIL_TEST_VERSION_TSV_H
#define VIGIL_TEST_VERSION_TSV_H

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

/*
 * Calls fn for every data row of oracles/version/<name> and returns the
 * number of rows.  Fails the test when the file cannot be read.
 */
static inline size_t tsv_each(const char *name, tsv_row_fn fn, void *ctx)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    struct tsv_row row;
    char path[1024], *line, *next, *f;
    size_t rows = 0, lineno = 0;

    tsv_require_shared();
    snprintf(path, sizeof(path), "%s/data/oracles/version/%s",
             tsv_shared_dir(), name);
    if (vigil_buf_read_file(&b, path, (size_t)64 << 20, &err) != 0)
        fail_msg("cannot read '%s': %s", path, err.msg);

    for (line = b.ptr; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (++lineno == 1 || *line == '\0')
            continue;
        memset(&row, 0, sizeof(row));
        row.line = lineno;
        for (f = line; f && row.ncol < TSV_MAX_COLS; row.ncol++) {
            row.col[row.ncol] = f;
            f = strchr(f, '\t');
            if (f)
                *f++ = '\0';
        }
        for (int i = 0; i < row.ncol; i++)
            tsv_unescape((char *)row.col[i]);
        fn(ctx, &row);
        rows++;
    }
    vigil_buf_release(&b);
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

#endif
