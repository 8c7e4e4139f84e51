/*
 * test_version_dpkg.c - the dpkg scheme against dpkg's own answers
 * (oracles/version/dpkg.tsv) and the cases vigil must get right.
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
#include "internal.h"
#include "version_helpers.h"

static const struct vigil_scheme *dpkg(void)
{
    const struct vigil_scheme *s = vigil_scheme_get("dpkg");

    assert_non_null(s);
    return s;
}

/* Columns: a, b, expected_cmp, dpkg_tool_cmp, source.  The real tool's
 * answer wins; "error" means dpkg refused a version. */
static void dpkg_row(void *ctx, const struct tsv_row *row)
{
    struct tsv_tally *t = ctx;
    struct vigil_error err;
    const char *want;
    int rc, cmp = 99;

    assert_true(row->ncol >= 4);
    want = row->col[3];
    vigil_error_clear(&err);
    rc = dpkg()->compare(row->col[0], row->col[1], &cmp, &err);
    t->checked++;
    if (strcmp(want, "error") == 0) {
        t->errors++;
        if (rc != VIGIL_EINVAL || err.msg[0] == '\0') {
            print_message("dpkg.tsv:%zu: '%s' vs '%s': want an error, got "
                          "rc %d cmp %d\n", row->line, row->col[0],
                          row->col[1], rc, cmp);
            t->failed++;
        }
        return;
    }
    if (rc != 0 || cmp != tsv_int(want)) {
        print_message("dpkg.tsv:%zu: '%s' vs '%s': want %s, got rc %d cmp "
                      "%d (%s)\n", row->line, row->col[0], row->col[1], want,
                      rc, cmp, err.msg);
        t->failed++;
    }
}

static void test_dpkg_oracle(void **state)
{
    struct tsv_tally t = { 0, 0, 0 };

    (void)state;
    tsv_each("dpkg.tsv", dpkg_row, &t);
    tsv_report("dpkg.tsv", &t);
}

static const struct order_case dpkg_cases[] = {
    /* an Ubuntu backport is newer than the release candidate it replaced */
    { "2.7.15-4ubuntu4~18.04", "2.7.15~rc1-1ubuntu0.1", 1 },
    { "1:1.0", "2.0", 1 },
    { "1.0~beta1", "1.0", -1 },
    { "1.0+dfsg-1", "1.0-1", 1 },
    { "1.0-1~bpo11+1", "1.0-1", -1 },
    { "2.36-9+deb12u4", "2.36-9+deb12u10", -1 },
    { "7.88.1-10+deb12u5", "7.88.1-10+deb12u5", 0 },
    { "+1:2.0", "1:2.0", 0 },
    { "  1.0-1 ", "1.0-1", 0 },
};

static void test_dpkg_cases(void **state)
{
    (void)state;
    check_order_cases("dpkg", dpkg_cases, VIGIL_ARRAY_SIZE(dpkg_cases));
}

static const struct {
    const char *v;
    const char *why;            /* part of the message; NULL: valid */
} dpkg_valid[] = {
    { "1.0-1", NULL },
    { "a", NULL },              /* dpkg only warns: no leading digit */
    { "1.0_x-1", NULL },        /* dpkg only warns: bad character */
    { "", "empty" },
    { "   ", "empty" },
    { "1.0 1", "embedded blanks" },
    { ":1.0", "epoch is empty" },
    { "x:1.0", "epoch is empty" },  /* what dpkg says, too */
    { "1x:1.0", "epoch is not a number" },
    { "-1:1.0", "epoch is negative" },
    { "99999999999:1.0", "epoch is too big" },
    { "1:", "nothing after the colon" },
    { "1.0-", "revision is empty" },
    { "-1", "upstream version is empty" },
    { "1:-1", "upstream version is empty" },
    { "1.0\n", "character 0x0a" },
};

static void test_dpkg_validate(void **state)
{
    struct vigil_error err;
    size_t i;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(dpkg_valid); i++) {
        vigil_error_clear(&err);
        rc = dpkg()->validate(dpkg_valid[i].v, &err);
        if (!dpkg_valid[i].why) {
            assert_int_equal(rc, 0);
            continue;
        }
        assert_int_equal(rc, VIGIL_EINVAL);
        if (!strstr(err.msg, dpkg_valid[i].why))
            fail_msg("'%s': message '%s' lacks '%s'", dpkg_valid[i].v,
                     err.msg, dpkg_valid[i].why);
    }
}

static void test_dpkg_ranges(void **state)
{
    int yes;

    (void)state;
    assert_int_equal(vigil_version_satisfies("dpkg", "1.2.3-1",
                                             ">= 1.0, << 2.0", &yes, NULL),
                     0);
    assert_true(yes);
    assert_int_equal(vigil_version_satisfies("dpkg", "1.2.3-1",
                                             ">= 1.0, =< 2.0", &yes, NULL),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_version_satisfies("dpkg", "1.2.3-1",
                                             ">= 1.0, < 2.0", &yes, NULL),
                     0);
    assert_true(yes);
    assert_int_equal(vigil_version_satisfies("dpkg", "2.0~rc1",
                                             ">=1.0 <2.0", &yes, NULL),
                     0);
    assert_true(yes);
    assert_int_equal(vigil_version_satisfies("dpkg", "2.0", "<2.0 || 3.0",
                                             &yes, NULL),
                     0);
    assert_false(yes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dpkg_oracle),
        cmocka_unit_test(test_dpkg_cases),
        cmocka_unit_test(test_dpkg_validate),
        cmocka_unit_test(test_dpkg_ranges),
    };

    return cmocka_run_group_tests_name("version_dpkg", tests, NULL, NULL);
}
