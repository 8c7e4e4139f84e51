/*
 * oracle_tsv.h - reads the oracle TSV files under $SHARED/data/oracles/
 * row by row, for the tests that check vigil against them.  Included
 * after cmocka.h and internal.h; the test includes <stdio.h>,
 * <stdlib.h>, <string.h> and <sys/stat.h> first.  Not a test of its
 * own.
 *
 * Format (see shared/data/README.md): first line is the header, fields
 * are separated by one TAB, and \t \n \r \\ inside a field are escaped.
 */
#ifndef VIGIL_TEST_ORACLE_TSV_H
#define VIGIL_TEST_ORACLE_TSV_H

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
 * Reads oracles/<kind>/<name> and moves past its header line.  Skips
 * the calling test when the shared data is absent; fails it when the
 * file cannot be read.  Release with tsv_close().
 */
static inline void tsv_open_in(struct tsv *t, const char *kind,
                               const char *name)
{
    struct vigil_error err;
    char path[1024];

    tsv_require_shared();
    snprintf(path, sizeof(path), "%s/data/oracles/%s/%s",
             tsv_shared_dir(), kind, name);
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

#endif
