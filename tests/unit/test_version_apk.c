/*
 * test_version_apk.c - the apk scheme: Alpine's apk-tools order.  Most
 * rows come from apk-tools' own test/version.data.
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

static const struct {
    const char *a;
    char op;                    /* '<', '=' or '>' */
    const char *b;
} apk_cases[] = {
    /* must hold: a release is newer than its release candidate */
    { "1.6-r0", '>', "1.6_rc1-r0" },
    /* from apk-tools test/version.data */
    { "2.34", '>', "0.1.0_alpha" },
    { "0.1.0_alpha", '=', "0.1.0_alpha" },
    { "0.1.0_alpha", '<', "0.1.3_alpha" },
    { "0.1.0_alpha2", '>', "0.1.0_alpha" },
    { "0.1.0_alpha", '<', "2.2.39-r1" },
    { "1.0.4-r3", '<', "1.0.4-r4" },
    { "1.1", '>', "1.1_alpha1" },
    { "1.2.1", '>', "1.2" },
    { "1.3_alpha2", '<', "1.3_alpha3" },
    { "0.8_beta1", '<', "0.8_beta2" },
    { "2.3.0b-r1", '<', "2.3.0b-r2" },
    { "0.12.3", '>', "0.12" },
    { "3.1_p16", '<', "3.1_p17" },
    { "1.06-r6", '<', "006" },
    { "1.2.2-r1", '>', "1.2.2" },
    { "20050718-r1", '<', "20050718-r2" },
    { "2.01.01_alpha10", '>', "0.94" },
    { "0.99.3.20040818", '<', "1.0" },
    { "2.5.1-r8", '<', "2.5.1a-r1" },
    { "1.3.5-r10", '>', "1.3.5-r8" },
    { "20040401", '>', "2.0.0_rc3-r1" },
    { "3.9_pre20060124", '>', "0.01" },
    { "6b-r7", '>', "1.12-r7" },
    { "0.10.0", '<', "0.10.1_rc1" },
    { "1.7", '<', "1.7b" },
    { "1.8.5", '<', "1.8.5_p2" },
    { "2.9.11_pre20051101-r3", '>', "2.9.11_pre20051101" },
    { "0.9.28.1", '<', "087-r1" },
    { "2.12r-r4", '<', "2.12r-r5" },
    { "7.0.17", '<', "7.0.174" },
    { "22.7-r1", '<', "22.7.3-r1" },
    { "2.10.1", '>', "02.08.01b" },
    { "1.2.07.8", '<', "1.2.12.04" },
    { "0.20070118", '<', "0.20070207_rc1" },
    { "1.3-r0", '<', "1.3.1-r0" },
    { "1.3_pre1-r1", '<', "1.3.2" },
    { "1.0_p10-r0", '>', "1.0_p9-r0" },
    { "0.1.0_alpha_pre2", '<', "0.1.0_alpha" },
    { "1.0.0_pre20191002222144-r0", '<', "1.0.0_pre20210530193627-r0" },
    /* commit hashes (apk-tools 2.14 and later) */
    { "1.0~abc123", '=', "1.0~abc123" },
    { "1.0~abc123-r1", '<', "1.0~abc123-r2" },
    { "3.0.15-r0", '>', "3.0.8-r0" },
    { "1.36.1-r31", '>', "1.36.1-r5" },
};

static void test_apk_order(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(apk_cases); i++)
        check_order("apk", apk_cases[i].a, apk_cases[i].b,
                    apk_cases[i].op == '<' ? -1 : apk_cases[i].op == '>');
}

static void test_apk_invalid(void **state)
{
    static const char *const bad[] = {
        "", "a1", "1.0bc", "1.0-1", "1.0_foo", "1..0", "1.0.", "1.0-r",
        "1.0-r1-r2", "1.0_p1a", "1.0~", "1.0~XYZ", "1.0a1", "1.0 ", "v1.0",
    };
    const struct vigil_scheme *s = vigil_scheme_get("apk");

    (void)state;
    check_invalid("apk", bad, VIGIL_ARRAY_SIZE(bad), "apk");
    assert_int_equal(s->validate("1.2.3a_rc1_p2~deadbeef-r10", NULL), 0);
}

static void test_apk_ranges(void **state)
{
    int yes;

    (void)state;
    assert_int_equal(vigil_version_satisfies("apk", "3.1.4-r5",
                                             "< 3.1.4-r6", &yes, NULL),
                     0);
    assert_true(yes);
    assert_int_equal(vigil_version_satisfies("apk", "3.1.4-r6",
                                             ">= 3.0, < 3.1.4-r6", &yes,
                                             NULL),
                     0);
    assert_false(yes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apk_order),
        cmocka_unit_test(test_apk_invalid),
        cmocka_unit_test(test_apk_ranges),
    };

    return cmocka_run_group_tests_name("version_apk", tests, NULL, NULL);
}
