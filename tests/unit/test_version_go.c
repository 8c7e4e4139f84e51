/*
 * test_version_go.c - the Go module version scheme against
 * golang.org/x/mod/semver's own tests (oracles/version/go-semver-*.tsv).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "vigil/version.h"
#include "version/scheme_int.h"
#include "internal.h"
#include "version_helpers.h"

/* Columns: input, canonical (empty = invalid), source. */
static void canon_row(void *ctx, const struct tsv_row *row)
{
    struct tsv_tally *t = ctx;
    struct vigil_error err;
    char out[256];
    const char *want = row->ncol > 1 ? row->col[1] : "";
    int rc;

    vigil_error_clear(&err);
    rc = vigil__go_canonical(row->col[0], out, sizeof(out), &err);
    t->checked++;
    if (*want == '\0') {
        t->errors++;
        if (rc != VIGIL_EINVAL || !strstr(err.msg, row->col[0])) {
            print_message("go-semver-canonical.tsv:%zu: '%s' should be "
                          "invalid, got rc %d\n", row->line, row->col[0],
                          rc);
            t->failed++;
        }
    } else if (rc != 0 || strcmp(out, want) != 0) {
        print_message("go-semver-canonical.tsv:%zu: '%s': want '%s', got "
                      "rc %d '%s'\n", row->line, row->col[0], want, rc,
                      rc == 0 ? out : err.msg);
        t->failed++;
    }
}

static void test_go_canonical(void **state)
{
    struct tsv_tally t = { 0, 0, 0 };

    (void)state;
    tsv_each("go-semver-canonical.tsv", canon_row, &t);
    tsv_report("go-semver-canonical.tsv", &t);
}

/*
 * Columns: a, b, expected_cmp, source.  Go's Compare() ranks invalid
 * versions equal to each other and below every valid one; vigil refuses
 * to order them instead (LIMIT go-invalid-versions: a version it cannot
 * read must not look "older than the fix"), so those rows expect an
 * error naming the bad version, and the row's answer must match what
 * vigil finds invalid.
 */
static void compare_row(void *ctx, const struct tsv_row *row)
{
    const struct vigil_scheme *s = vigil_scheme_get("go");
    struct tsv_tally *t = ctx;
    struct vigil_error err;
    const char *bad = NULL;
    int rc, cmp = 99, bad_a, bad_b;

    bad_a = s->validate(row->col[0], NULL) != 0;
    bad_b = s->validate(row->col[1], NULL) != 0;
    bad = bad_a ? row->col[0] : bad_b ? row->col[1] : NULL;
    vigil_error_clear(&err);
    rc = s->compare(row->col[0], row->col[1], &cmp, &err);
    t->checked++;
    if (bad) {
        t->errors++;

        /* vigil must find invalid exactly what Go ranks lowest */
        if (tsv_int(row->col[2]) != (bad_a && bad_b ? 0 : bad_a ? -1 : 1)) {
            print_message("go-semver-compare.tsv:%zu: Go's order disagrees "
                          "with vigil's validity of '%s' / '%s'\n",
                          row->line, row->col[0], row->col[1]);
            t->failed++;
        }
        if (rc != VIGIL_EINVAL || !strstr(err.msg, bad)) {
            print_message("go-semver-compare.tsv:%zu: '%s' vs '%s': want "
                          "an error naming '%s'\n", row->line, row->col[0],
                          row->col[1], bad);
            t->failed++;
        }
    } else if (rc != 0 || cmp != tsv_int(row->col[2])) {
        print_message("go-semver-compare.tsv:%zu: '%s' vs '%s': want %s, "
                      "got rc %d cmp %d\n", row->line, row->col[0],
                      row->col[1], row->col[2], rc, cmp);
        t->failed++;
    }
}

static void test_go_compare(void **state)
{
    struct tsv_tally t = { 0, 0, 0 };

    (void)state;
    tsv_each("go-semver-compare.tsv", compare_row, &t);
    tsv_report("go-semver-compare.tsv", &t);
}

static const struct order_case go_cases[] = {
    /* OSV writes Go versions without the "v" */
    { "1.20.5", "v1.20.5", 0 },
    { "0", "v0.0.0", 0 },
    { "0", "0.0.0-20200101000000-abcdefabcdef", 1 },
    /* pseudo-versions order as pre-releases */
    { "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-abcdef",
      -1 },
    { "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", 1 },
    { "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", -1 },
    { "v2.0.0+incompatible", "v2.0.0", 0 },
    { "v2.1.0+incompatible", "v2.0.9", 1 },
    { "v1.0.0-rc.10", "v1.0.0-rc.9", 1 },
    { "v1.0.0-RC.1", "v1.0.0-rc.1", -1 },
    { "1.10.1-lts", "1.10.3-lts", -1 },
    { "1.10.3-lts", "1.10.3", -1 },
};

static void test_go_cases(void **state)
{
    (void)state;
    check_order_cases("go", go_cases, VIGIL_ARRAY_SIZE(go_cases));
}

static void test_go_invalid(void **state)
{
    static const char *const bad[] = {
        "", "v", "v01.2.3", "v1.2.3-01", "v1.2.3-", "v1.2.3+", "v1.2.3-a..b",
        "v1.2-pre", "1.2.3.4", "latest", "v1.2.3 ",
    };

    (void)state;
    check_invalid("go", bad, VIGIL_ARRAY_SIZE(bad), NULL);
}

static void test_go_ranges(void **state)
{
    int yes;

    (void)state;
    assert_int_equal(vigil_version_satisfies("go", "v1.20.4",
                                             ">= 0, < 1.20.5", &yes, NULL),
                     0);
    assert_true(yes);
    assert_int_equal(vigil_version_satisfies("go", "v1.21.0",
                                             "<1.20.5 || >=1.21.0-0 <1.21.1",
                                             &yes, NULL),
                     0);
    assert_true(yes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_go_canonical),
        cmocka_unit_test(test_go_compare),
        cmocka_unit_test(test_go_cases),
        cmocka_unit_test(test_go_invalid),
        cmocka_unit_test(test_go_ranges),
    };

    return cmocka_run_group_tests_name("version_go", tests, NULL, NULL);
}
