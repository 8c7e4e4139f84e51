/*
 * test_version_rpm.c - the rpm scheme against rpm 4.18's answers
 * (oracles/version/rpm.tsv) and the cases vigil must get right.
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

/* Columns: a, b, expected_cmp, rpm_4.18_tool_cmp, source. */
static void rpm_row(void *ctx, const struct tsv_row *row)
{
    struct tsv_tally *t = ctx;
    struct vigil_error err;
    int rc, cmp = 99;

    assert_true(row->ncol >= 4);
    vigil_error_clear(&err);
    rc = vigil_version_compare("rpm", row->col[0], row->col[1], &cmp, &err);
    t->checked++;
    if (rc != 0 || cmp != tsv_int(row->col[3])) {
        print_message("rpm.tsv:%zu: '%s' vs '%s': want %s, got rc %d cmp "
                      "%d (%s)\n", row->line, row->col[0], row->col[1],
                      row->col[3], rc, cmp, err.msg);
        t->failed++;
    }
}

static void test_rpm_oracle(void **state)
{
    struct tsv_tally t = { 0, 0, 0 };

    (void)state;
    tsv_each("rpm.tsv", rpm_row, &t);
    tsv_report("rpm.tsv", &t);
}

static const struct order_case rpm_cases[] = {
    { "1:1.8.0.302.b08-0.el7_9", "1:1.8.0.302.b08-0.el7_9", 0 },
    { "1:1.8.0.302.b08-0.el7_9", "1:1.8.0.312.b07-1.el7_9", -1 },
    { "1.8.0-1.el8", "1:1.0-1.el8", -1 },       /* epoch first */
    { "0:1.0-1", "1.0-1", 0 },                  /* missing epoch is 0 */
    { "1.0", "1.0-5.el9", 0 },                  /* no release: any */
    { "1.0-5.el9", "1.0", 0 },
    { "1.0-5.el9", "1.0-10.el9", -1 },
    { "2.0~rc1-1", "2.0-1", -1 },
    { "2.0^git1-1", "2.0-1", 1 },
    { "3.0.7-24.el9", "3.0.7-25.el9_3", -1 },
    { "1.0a-1", "1.0-1", 1 },
    { "el8_4", "el8.4", 0 },
};

static void test_rpm_cases(void **state)
{
    (void)state;
    check_order_cases("rpm", rpm_cases, VIGIL_ARRAY_SIZE(rpm_cases));
}

static const struct {
    const char *v;
    const char *why;
} rpm_valid[] = {
    { "1.0-1.el9", NULL },
    { "2:1.0", NULL },
    { "", "empty" },
    { "1.0-", "release is empty" },
    { "1:-1", "version is empty" },
    { "1.0 -1", "character 0x20" },
};

static void test_rpm_validate(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("rpm");
    struct vigil_error err;
    size_t i;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(rpm_valid); i++) {
        vigil_error_clear(&err);
        rc = s->validate(rpm_valid[i].v, &err);
        if (!rpm_valid[i].why) {
            assert_int_equal(rc, 0);
            continue;
        }
        assert_int_equal(rc, VIGIL_EINVAL);
        if (!strstr(err.msg, rpm_valid[i].why))
            fail_msg("'%s': message '%s' lacks '%s'", rpm_valid[i].v,
                     err.msg, rpm_valid[i].why);
    }
}

static void test_rpm_ranges(void **state)
{
    int yes;

    (void)state;
    assert_int_equal(vigil_version_satisfies("rpm", "1:1.8.0.302.b08-0.el7_9",
                                             "< 1:1.8.0.312.b07-1.el7_9",
                                             &yes, NULL),
                     0);
    assert_true(yes);
    assert_int_equal(vigil_version_satisfies("rpm", "2.0-1", ">= 1.0, < 2.0",
                                             &yes, NULL),
                     0);
    assert_false(yes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rpm_oracle),
        cmocka_unit_test(test_rpm_cases),
        cmocka_unit_test(test_rpm_validate),
        cmocka_unit_test(test_rpm_ranges),
    };

    return cmocka_run_group_tests_name("version_rpm", tests, NULL, NULL);
}
