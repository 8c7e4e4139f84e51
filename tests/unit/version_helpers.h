/*
 * version_helpers.h - what the version scheme tests share: the oracle
 * files under $SHARED/data/oracles/version/, read row by row (tsv_open,
 * tsv_row, tsv_close) or through a callback (tsv_each), and checks of
 * tables of ordered pairs and of range memberships.  Included by
 * tests/unit/test_version_*.c after cmocka.h, vigil/version.h and
 * internal.h; those include <stdio.h>, <stdlib.h>, <string.h> and
 * <sys/stat.h> first.  Not a test of its own.
 */
#ifndef VIGIL_TEST_VERSION_HELPERS_H
#define VIGIL_TEST_VERSION_HELPERS_H

#include "oracle_tsv.h"

#define TSV_MAX_COLS 16

struct tsv_row {
    size_t line;                /* 1-based line number in the file */
    int ncol;
    const char *col[TSV_MAX_COLS];
};

typedef void (*tsv_row_fn)(void *ctx, const struct tsv_row *row);

/* tsv_open_in for oracles/version/<name>. */
static inline void tsv_open(struct tsv *t, const char *name)
{
    tsv_open_in(t, "version", name);
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

/* Whether s is one of the n strings in list. */
static inline int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
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

/*
 * Fails the test unless scheme refuses every version in bad, with no
 * error structure and with one that then holds a message (containing
 * word, when word is not NULL).
 */
static inline void check_invalid(const char *scheme,
                                 const char *const *bad, size_t n,
                                 const char *word)
{
    const struct vigil_scheme *s = vigil_scheme_get(scheme);
    struct vigil_error err;

    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        vigil_error_clear(&err);
        if (s->validate(bad[i], NULL) != VIGIL_EINVAL ||
            s->validate(bad[i], &err) != VIGIL_EINVAL)
            fail_msg("%s: '%s' should be invalid", scheme, bad[i]);
        if (err.msg[0] == '\0' || (word && !strstr(err.msg, word)))
            fail_msg("%s: '%s': the error '%s' should say '%s'", scheme,
                     bad[i], err.msg, word ? word : "something");
    }
}

#endif
