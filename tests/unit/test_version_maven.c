/*
 * test_version_maven.c - the Maven scheme against Maven's own
 * ComparableVersion (oracles/version/maven.tsv: order and canonical
 * forms) and Maven range notation.
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

static void check_canonical(struct tsv_tally *t, const struct tsv_row *row,
                            const char *v, const char *want)
{
    char out[512];
    int rc;

    rc = vigil__maven_canonical(v, out, sizeof(out), NULL);
    if (rc != 0 || strcmp(out, want) != 0) {
        print_message("maven.tsv:%zu: canonical of '%s': want '%s', got rc "
                      "%d '%s'\n", row->line, v, want, rc,
                      rc == 0 ? out : "");
        t->failed++;
    }
}

/* Columns: a, b, expected_cmp, maven_HEAD_cmp, canonical_a,
 * canonical_b, source. */
static void maven_row(void *ctx, const struct tsv_row *row)
{
    struct tsv_tally *t = ctx;
    int rc, cmp = 99;

    assert_true(row->ncol >= 6);
    rc = vigil_version_compare("maven", row->col[0], row->col[1], &cmp,
                               NULL);
    t->checked++;
    if (rc != 0 || cmp != tsv_int(row->col[3])) {
        print_message("maven.tsv:%zu: '%s' vs '%s': want %s, got rc %d cmp "
                      "%d\n", row->line, row->col[0], row->col[1],
                      row->col[3], rc, cmp);
        t->failed++;
    }
    check_canonical(t, row, row->col[0], row->col[4]);
    check_canonical(t, row, row->col[1], row->col[5]);
}

static void test_maven_oracle(void **state)
{
    struct tsv_tally t = { 0, 0, 0 };

    (void)state;
    tsv_each("maven.tsv", maven_row, &t);
    tsv_report("maven.tsv", &t);
}

static const struct order_case maven_cases[] = {
    /* a CloudBees build of Jenkins is newer than the release it is on */
    { "2.414.2-cb-5", "2.414.2", 1 },
    { "2.414.2-cb-5", "2.414.3", -1 },
    { "1.2.3.RELEASE", "1.2.3", 0 },
    { "5.3.0.RC1", "5.3.0", -1 },
    { "9.4.51.v20230217", "9.4.51", 1 },
    { "2.15.0-rc1", "2.15.0", -1 },
    { "1.0-SNAPSHOT", "1.0", -1 },
    { "32.1.2-jre", "32.1.2-android", 1 },
};

static void test_maven_cases(void **state)
{
    (void)state;
    check_order_cases("maven", maven_cases, VIGIL_ARRAY_SIZE(maven_cases));
}

static const struct range_case maven_ranges[] = {
    { "1.5", "[1.0,2.0)", 1 },
    { "2.0", "[1.0,2.0)", 0 },
    { "1.0", "(1.0,2.0)", 0 },
    { "1.5", "(,1.5]", 1 },
    { "1.5.1", "(,1.5]", 0 },
    { "1.2", "[1.2]", 1 },
    { "1.2.0", "[1.2]", 1 },
    { "1.2.1", "[1.2]", 0 },
    { "3.5", "[1,2),[3,4)", 1 },
    { "2.5", "[1,2), [3,4)", 0 },
    { "2.5", "[2.0,)", 1 },
    { "2.14.0-rc1", "[2.0.0, 2.15.0)", 1 },
    { "1.5", ">= 1.0, < 2.0", 1 },
    { "1.5", "1.5", 1 },
    { "1.5", "(1.2)", -1 },
    { "1.5", "[2.0,1.0]", -1 },
    { "1.5", "[1.0,2.0", -1 },
    { "1.5", "[1.0,1.5,2.0]", -1 },
    { "1.5", "[1.0,2.0) junk", -1 },
};

static void test_maven_ranges(void **state)
{
    (void)state;
    check_range_cases("maven", maven_ranges, VIGIL_ARRAY_SIZE(maven_ranges));
}

/* Includes LIMIT version-non-ascii ("1.\xc3\xa9", which Maven would
 * order) and version-length (Maven's own 256-byte cap). */
static void test_maven_invalid(void **state)
{
    static const char *const bad[] = { "", "1.0 beta", "1.0\t", "1.\xc3\xa9" };
    const struct vigil_scheme *s = vigil_scheme_get("maven");
    char longv[300];

    (void)state;
    check_invalid("maven", bad, VIGIL_ARRAY_SIZE(bad), NULL);
    memset(longv, '1', sizeof(longv) - 1);
    longv[sizeof(longv) - 1] = '\0';
    assert_int_equal(s->validate(longv, NULL), VIGIL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_maven_oracle),
        cmocka_unit_test(test_maven_cases),
        cmocka_unit_test(test_maven_ranges),
        cmocka_unit_test(test_maven_invalid),
    };

    return cmocka_run_group_tests_name("version_maven", tests, NULL, NULL);
}
