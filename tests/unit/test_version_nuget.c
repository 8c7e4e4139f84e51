/*
 * test_version_nuget.c - the NuGet scheme: NuGet.Versioning's order
 * (four numbers, case-insensitive labels, numeric labels by value) and
 * VersionRange notation.
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

static const struct order_case nuget_cases[] = {
    { "1.0.0", "1.0", 0 },
    { "1", "1.0.0.0", 0 },
    { "01.02.03", "1.2.3", 0 },
    { "1.0.0.1", "1.0.0", 1 },
    { "1.0.0.1", "1.0.1", -1 },
    { "1.0.0-beta", "1.0.0", -1 },
    { "1.0.0-BETA", "1.0.0-beta", 0 },
    { "1.0.0-beta.2", "1.0.0-beta.10", -1 },
    { "1.0.0-beta.2", "1.0.0-beta.10a", -1 },   /* numbers first */
    { "1.0.0-alpha", "1.0.0-alpha.1", -1 },
    { "1.0.0-rc.1", "1.0.0-beta.11", 1 },
    { "1.0.0+build.5", "1.0.0", 0 },
    { "1.0.0-beta+x", "1.0.0-beta+y", 0 },
    { "1.0.0-beta.-1", "1.0.0-beta.0", -1 },    /* int.TryParse("-1") */
    { "1.0.0-beta.99999999999", "1.0.0-beta.a", -1 }, /* too big: text */
    { " 6.0.1 ", "6.0.1", 0 },
    { "13.0.1", "13.0.3", -1 },
    { "4.7.2", "4.7.10", -1 },
    /* labels compare as text: beta17 < beta172 < beta18 */
    { "2.3.0-beta17", "2.3.0-beta172", -1 },
    { "2.3.0-beta172", "2.3.0-beta18", -1 },
};

static void test_nuget_order(void **state)
{
    (void)state;
    check_order_cases("nuget", nuget_cases, VIGIL_ARRAY_SIZE(nuget_cases));
}

static void test_nuget_invalid(void **state)
{
    static const char *const bad[] = {
        "", "a", "1.0.0.0.0", "1.a", "1.", ".1", "1.0.0-", "1.0.0+",
        "1.0.0-beta.01", "1.0.0-be_ta", "1.0.0-beta..1", "1.2147483648",
        "-1.0", "1.0.0-beta+", "1.0 .0", "1.*",
    };
    const struct vigil_scheme *s = vigil_scheme_get("nuget");

    (void)state;
    check_invalid("nuget", bad, VIGIL_ARRAY_SIZE(bad), "NuGet");
    assert_int_equal(s->validate("1.2147483647", NULL), 0);
    assert_int_equal(s->validate("1.0.0-0a.b-c+001.x", NULL), 0);
}

static const struct range_case nuget_ranges[] = {
    { "1.0", "1.0", 1 },        /* a bare version is a minimum */
    { "2.0", "1.0", 1 },
    { "0.9", "1.0", 0 },
    { "1.5", "[1.0,2.0)", 1 },
    { "2.0", "[1.0,2.0)", 0 },
    { "2.0.0-rc.1", "[1.0,2.0)", 1 },
    { "1.0", "(,1.0]", 1 },
    { "1.0.1", "(,1.0]", 0 },
    { "1.0.0", "[1.0]", 1 },
    { "1.0.1", "[1.0]", 0 },
    { "3.0", " [1.0, ) ", 1 },
    { "4.0.0", ">= 4.0.0, < 4.0.1", 1 },
    { "1.0", "(1.0)", -1 },
    { "1.0", "(,)", -1 },
    { "1.0", "[2.0,1.0]", -1 },
    { "1.0", "(1.0,1.0]", -1 },
    { "1.0", "[1.0,2.0),[3.0,4.0)", -1 },
    { "1.0", "[1.0,2.0] x", -1 },
    { "1.0", "[1.0,2.0,3.0]", -1 },
    { "1.0", "[a,2.0]", -1 },
};

static void test_nuget_ranges(void **state)
{
    (void)state;
    check_range_cases("nuget", nuget_ranges, VIGIL_ARRAY_SIZE(nuget_ranges));
}

/* LIMIT nuget-floating: NuGet reads "1.*" as "1.0 or any later 1.x";
 * vigil refuses it. */
static void test_nuget_floating_limit(void **state)
{
    int yes = -1;

    (void)state;
    assert_int_equal(vigil_version_satisfies("nuget", "1.5", "1.*", &yes,
                                             NULL),
                     VIGIL_EINVAL);
    assert_int_equal(yes, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nuget_order),
        cmocka_unit_test(test_nuget_invalid),
        cmocka_unit_test(test_nuget_ranges),
        cmocka_unit_test(test_nuget_floating_limit),
    };

    return cmocka_run_group_tests_name("version_nuget", tests, NULL, NULL);
}
