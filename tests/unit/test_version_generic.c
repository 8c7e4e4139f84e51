/*
 * test_version_generic.c - the fallback order used when an ecosystem
 * has no scheme of its own.
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

static const struct order_case generic_cases[] = {
    { "2.8.123e", "2.8.75", 1 },
    { "3.0.10", "3.0.1", 1 },
    { "3.0.10", "3.0.9", 1 },
    { "1.0", "1.0.0", 0 },
    { "1.0", "1.0.1", -1 },
    { "v1.2", "1.2", 0 },
    { "1.0-rc1", "1.0", -1 },
    { "1.0.0-beta.2", "1.0.0", -1 },
    { "1.0.0-SNAPSHOT", "1.0.0", -1 },
    { "1.1.1w", "1.1.1", 1 },
    { "1.1.1w", "1.1.1v", 1 },
    { "1.0.2k", "1.1.0", -1 },
    { "1.0.1", "1.0.a", 1 },
    { "RELEASE.2023-01-02", "RELEASE.2022-12-31", 1 },
    { "10.0.19041.1", "10.0.19041.1151", -1 },
    { "0001", "1", 0 },
    { "99999999999999999999.1", "99999999999999999999.0", 1 },
    { "1.0_Beta", "1.0-beta", 0 },
};

static void test_generic_order(void **state)
{
    (void)state;
    check_order_cases("generic", generic_cases,
                      VIGIL_ARRAY_SIZE(generic_cases));
}

static void test_generic_invalid(void **state)
{
    static const char *const bad[] = { "", "...", "1.0 beta", "1.0\n",
                                       "-_-" };
    const struct vigil_scheme *s = vigil_scheme_get("generic");

    (void)state;
    assert_string_equal(s->name, "generic");
    check_invalid("generic", bad, VIGIL_ARRAY_SIZE(bad), NULL);
}

static void test_generic_ranges(void **state)
{
    int yes;

    (void)state;
    assert_int_equal(vigil_version_satisfies("generic", "2.8.123e",
                                             ">= 2.8.75, < 2.9", &yes, NULL),
                     0);
    assert_true(yes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generic_order),
        cmocka_unit_test(test_generic_invalid),
        cmocka_unit_test(test_generic_ranges),
    };

    return cmocka_run_group_tests_name("version_generic", tests, NULL, NULL);
}
