/*
 * test_version_composer.c - the Packagist scheme: composer/semver's
 * VersionParser::normalize, PHP's version_compare order and
 * Semver::satisfies, with cases taken from composer/semver's tests.
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
    const char *in;
    const char *want;           /* NULL: invalid */
} norm_cases[] = {
    { "1.0.0", "1.0.0.0" },
    { "1.2.3.4", "1.2.3.4" },
    { "1.0.0RC1dev", "1.0.0.0-RC1-dev" },
    { "1.0.0-rC15-dev", "1.0.0.0-RC15-dev" },
    { "1.0.0.RC.15-dev", "1.0.0.0-RC15-dev" },
    { "1.0.0-rc1", "1.0.0.0-RC1" },
    { "1.0.0.pl3-dev", "1.0.0.0-patch3-dev" },
    { "1.0-dev", "1.0.0.0-dev" },
    { "0", "0.0.0.0" },
    { "10.4.13-beta", "10.4.13.0-beta" },
    { "10.4.13beta2", "10.4.13.0-beta2" },
    { "10.4.13beta.2", "10.4.13.0-beta2" },
    { "v1.13.11-beta.0", "1.13.11.0-beta0" },
    { "1.13.11.0-beta0", "1.13.11.0-beta0" },
    { "10.4.13-b", "10.4.13.0-beta" },
    { "10.4.13-b5", "10.4.13.0-beta5" },
    { "v1.0.0", "1.0.0.0" },
    { "2010.01", "2010.01.0.0" },
    { "2010.01.02", "2010.01.02.0" },
    { "2010.1.555", "2010.1.555.0" },
    { "2010.10.200", "2010.10.200.0" },
    { "20230131.0.0", "20230131.0.0" },
    { "202301310000.0.0", "202301310000.0.0" },
    { "v20100102", "20100102" },
    { "20100102", "20100102" },
    { "20100102.0", "20100102.0" },
    { "20100102.1.0", "20100102.1.0" },
    { "20100102.0.3", "20100102.0.3" },
    { "2010-01-02-10-20-30.0.3", "2010.01.02.10.20.30.0.3" },
    { "2010-01-02-10-20-30.5", "2010.01.02.10.20.30.5" },
    { "2010-01-02", "2010.01.02" },
    { "2012.06.07", "2012.06.07.0" },
    { "2010-01-02.5", "2010.01.02.5" },
    { "20100102-203040", "20100102.203040" },
    { "20100102.x-dev", "20100102.9999999.9999999.9999999-dev" },
    { "20100102.203040.x-dev", "20100102.203040.9999999.9999999-dev" },
    { "20100102203040-10", "20100102203040.10" },
    { "20100102-203040-p1", "20100102.203040-patch1" },
    { "201903.0", "201903.0" },
    { "201903.x-dev", "201903.9999999.9999999.9999999-dev" },
    { "201903.0-p2", "201903.0-patch2" },
    { "dev-master", "dev-master" },
    { "master", "dev-master" },
    { "dev-trunk", "dev-trunk" },
    { "1.x-dev", "1.9999999.9999999.9999999-dev" },
    { "dev-feature-foo", "dev-feature-foo" },
    { "DEV-FOOBAR", "dev-FOOBAR" },
    { "dev-feature/foo", "dev-feature/foo" },
    { "dev-feature+issue-1", "dev-feature+issue-1" },
    { "dev-master as 1.0.0", "dev-master" },
    { "dev-load-varnish-only-when-used as ^2.0",
      "dev-load-varnish-only-when-used" },
    { "dev-load-varnish-only-when-used@dev as ^2.0@dev",
      "dev-load-varnish-only-when-used" },
    { "1.0.0+foo@dev", "1.0.0.0" },
    { "dev-load-varnish-only-when-used@stable",
      "dev-load-varnish-only-when-used" },
    { "1.0.0-beta.5+foo", "1.0.0.0-beta5" },
    { "1.0.0+foo", "1.0.0.0" },
    { "1.0.0-alpha.3.1+foo", "1.0.0.0-alpha3.1" },
    { "1.0.0-alpha2.1+foo", "1.0.0.0-alpha2.1" },
    { "1.0.0-alpha-2.1-3+foo", "1.0.0.0-alpha2.1-3" },
    { "1.0.0+foo as 2.0", "1.0.0.0" },
    { "00.01.03.04", "00.01.03.04" },
    { "000.001.003.004", "000.001.003.004" },
    { "0.000.103.204", "0.000.103.204" },
    { "0700", "0700.0.0.0" },
    { "041.x-dev", "041.9999999.9999999.9999999-dev" },
    { "dev-041.003", "dev-041.003" },
    { "dev-1.0.0-dev<1.0.5-dev", "dev-1.0.0-dev<1.0.5-dev" },
    { "dev-foo bar", "dev-foo bar" },
    { " 1.0.0", "1.0.0.0" },
    { "1.0.0 ", "1.0.0.0" },
    { "1.2.", "1.2.0.0" },
    { "1.2..dev", "1.2.0.0-dev" },
    { "", NULL },
    { "a", NULL },
    { "1.0.0-meh", NULL },
    { "1.0.0.0.0", NULL },
    { "feature-foo", NULL },
    { "1.0.0+foo bar", NULL },
    { "1.0.1-SNAPSHOT", NULL },
    { "1.0.0<1.0.5-dev", NULL },
    { "1.0.0-dev<1.0.5-dev", NULL },
    { "foo bar-dev", NULL },
    { "1.0 .2", NULL },
    { " as ", NULL },
    { " as 1.2", NULL },
    { "^", NULL },
    { "~1", NULL },
    { "^1", NULL },
    { "1.*", NULL },
    { "20100102.0.3.4", NULL },
};

static void test_composer_normalize(void **state)
{
    struct vigil_error err;
    char out[256];
    size_t i;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(norm_cases); i++) {
        vigil_error_clear(&err);
        rc = vigil__composer_normalize(norm_cases[i].in, out, sizeof(out),
                                       &err);
        if (!norm_cases[i].want) {
            if (rc != VIGIL_EINVAL)
                fail_msg("'%s' should be invalid, got '%s'", norm_cases[i].in,
                         rc == 0 ? out : err.msg);
            continue;
        }
        if (rc != 0 || strcmp(out, norm_cases[i].want) != 0)
            fail_msg("'%s': want '%s', got rc %d '%s'", norm_cases[i].in,
                     norm_cases[i].want, rc, rc == 0 ? out : err.msg);
    }
}

/* Semver::satisfies cases from composer/semver's SemverTest. */
static const struct range_case satisfies_cases[] = {
    { "1.2.3", "1.0.0 - 2.0.0", 1 },
    { "1.2.3", "^1.2.3+build", 1 },
    { "1.3.0", "^1.2.3+build", 1 },
    { "2.4.3-alpha", "1.2.3+asdf - 2.4.3+asdf", 1 },
    { "1.3.0-beta", ">1.2", 1 },
    { "1.2.3-beta", "<=1.2.3", 1 },
    { "1.2.3-beta", "^1.2.3", 1 },
    { "1.2.3", "1.2.3+asdf - 2.4.3+asdf", 1 },
    { "1.0.0", "1.0.0", 1 },
    { "1.2.3", "*", 1 },
    { "v1.2.3", "*", 1 },
    { "1.0.0", ">=1.0.0", 1 },
    { "1.0.1", ">=1.0.0", 1 },
    { "1.1.0", ">=1.0.0", 1 },
    { "1.0.1", ">1.0.0", 1 },
    { "1.1.0", ">1.0.0", 1 },
    { "2.0.0", "<=2.0.0", 1 },
    { "1.9999.9999", "<=2.0.0", 1 },
    { "0.2.9", "<=2.0.0", 1 },
    { "1.9999.9999", "<2.0.0", 1 },
    { "0.2.9", "<2.0.0", 1 },
    { "1.0.0", ">= 1.0.0", 1 },
    { "1.0.1", ">=  1.0.0", 1 },
    { "1.1.0", ">=   1.0.0", 1 },
    { "1.0.1", "> 1.0.0", 1 },
    { "1.1.0", ">  1.0.0", 1 },
    { "2.0.0", "<=   2.0.0", 1 },
    { "1.9999.9999", "<= 2.0.0", 1 },
    { "0.2.9", "<=  2.0.0", 1 },
    { "1.9999.9999", "<    2.0.0", 1 },
    { "0.2.9", "<\t2.0.0", 1 },
    { "v0.1.97", ">=0.1.97", 1 },
    { "0.1.97", ">=0.1.97", 1 },
    { "1.2.4", "0.1.20 || 1.2.4", 1 },
    { "0.0.0", ">=0.2.3 || <0.0.1", 1 },
    { "0.2.3", ">=0.2.3 || <0.0.1", 1 },
    { "0.2.4", ">=0.2.3 || <0.0.1", 1 },
    { "2.1.3", "2.x.x", 1 },
    { "1.2.3", "1.2.x", 1 },
    { "2.1.3", "1.2.x || 2.x", 1 },
    { "1.2.3", "1.2.x || 2.x", 1 },
    { "1.2.3", "x", 1 },
    { "2.1.3", "2.*.*", 1 },
    { "1.2.3", "1.2.*", 1 },
    { "2.1.3", "1.2.* || 2.*", 1 },
    { "1.2.3", "1.2.* || 2.*", 1 },
    { "2.9.0", "~2.4", 1 },
    { "2.4.5", "~2.4", 1 },
    { "1.2.3", "~1", 1 },
    { "1.4.7", "~1.0", 1 },
    { "1.0.0", ">=1", 1 },
    { "1.0.0", ">= 1", 1 },
    { "1.2.8", ">1.2", 1 },
    { "1.1.1", "<1.2", 1 },
    { "1.1.1", "< 1.2", 1 },
    { "1.2.3", "~1.2.1 >=1.2.3", 1 },
    { "1.2.3", "~1.2.1 =1.2.3", 1 },
    { "1.2.3", "~1.2.1 1.2.3", 1 },
    { "1.2.3", "~1.2.1 >=1.2.3 1.2.3", 1 },
    { "1.2.3", "~1.2.1 1.2.3 >=1.2.3", 1 },
    { "1.2.3", ">=1.2.1 1.2.3", 1 },
    { "1.2.3", "1.2.3 >=1.2.1", 1 },
    { "1.2.3", ">=1.2.3 >=1.2.1", 1 },
    { "1.2.3", ">=1.2.1 >=1.2.3", 1 },
    { "1.2.8", ">=1.2", 1 },
    { "1.8.1", "^1.2.3", 1 },
    { "0.1.2", "^0.1.2", 1 },
    { "0.1.2", "^0.1", 1 },
    { "1.4.2", "^1.2", 1 },
    { "1.4.2", "^1.2 ^1", 1 },
    { "0.0.1-beta", "^0.0.1-alpha", 1 },
    { "2.2.3", "1.0.0 - 2.0.0", 0 },
    { "2.0.0", "^1.2.3+build", 0 },
    { "1.2.0", "^1.2.3+build", 0 },
    { "1.0.0beta", "1", 0 },
    { "1.0.0beta", "<1", 0 },
    { "1.0.0beta", "< 1", 0 },
    { "1.0.1", "1.0.0", 0 },
    { "0.0.0", ">=1.0.0", 0 },
    { "0.0.1", ">=1.0.0", 0 },
    { "0.1.0", ">=1.0.0", 0 },
    { "0.0.1", ">1.0.0", 0 },
    { "0.1.0", ">1.0.0", 0 },
    { "3.0.0", "<=2.0.0", 0 },
    { "2.9999.9999", "<=2.0.0", 0 },
    { "2.2.9", "<=2.0.0", 0 },
    { "2.9999.9999", "<2.0.0", 0 },
    { "2.2.9", "<2.0.0", 0 },
    { "v0.1.93", ">=0.1.97", 0 },
    { "0.1.93", ">=0.1.97", 0 },
    { "1.2.3", "0.1.20 || 1.2.4", 0 },
    { "0.0.3", ">=0.2.3 || <0.0.1", 0 },
    { "0.2.2", ">=0.2.3 || <0.0.1", 0 },
    { "1.1.3", "2.x.x", 0 },
    { "3.1.3", "2.x.x", 0 },
    { "1.3.3", "1.2.x", 0 },
    { "3.1.3", "1.2.x || 2.x", 0 },
    { "1.1.3", "1.2.x || 2.x", 0 },
    { "1.1.3", "2.*.*", 0 },
    { "3.1.3", "2.*.*", 0 },
    { "1.3.3", "1.2.*", 0 },
    { "3.1.3", "1.2.* || 2.*", 0 },
    { "1.1.3", "1.2.* || 2.*", 0 },
    { "1.1.2", "2", 0 },
    { "2.4.1", "2.3", 0 },
    { "3.0.0", "~2.4", 0 },
    { "2.3.9", "~2.4", 0 },
    { "0.2.3", "~1", 0 },
    { "1.0.0", "<1", 0 },
    { "1.1.1", ">=1.2", 0 },
    { "2.0.0beta", "1", 0 },
    { "0.5.4-alpha", "~v0.5.4-beta", 0 },
    { "1.2.3-beta", "<1.2.3", 0 },
    { "2.0.0-alpha", "^1.2.3", 0 },
    { "1.2.2", "^1.2.3", 0 },
    { "1.1.9", "^1.2", 0 },
    /* Semver::satisfiedBy cases */
    { "1.9999.9999", "~1.0", 1 },
    { "2.0", "~1.0", 0 },
    { "0.9999.9999", "~1.0", 0 },
    { "1.0", ">1.0 <3.0 || >=4.0", 0 },
    { "2.9999.9999", ">1.0 <3.0 || >=4.0", 1 },
    { "3.9999.9999", ">1.0 <3.0 || >=4.0", 0 },
    { "4.0", ">1.0 <3.0 || >=4.0", 1 },
    { "0.1.9999", "^0.2.0", 0 },
    { "0.2.1", "^0.2.0", 1 },
    { "0.3.0", "^0.2.0", 0 },
};

static void test_composer_satisfies(void **state)
{
    (void)state;
    check_range_cases("composer", satisfies_cases,
                      VIGIL_ARRAY_SIZE(satisfies_cases));
}

/*
 * The bounds composer/semver's VersionParserTest expects, checked at
 * the edges: each row lists versions inside and just outside.
 */
static const struct {
    const char *range;
    const char *in[3];
    const char *out[3];
} bound_cases[] = {
    { "~1.2.3", { "1.2.3-dev", "1.2.99" }, { "1.2.2", "1.3.0-dev" } },
    { "~1.2", { "1.2.0-dev", "1.99" }, { "1.1.99", "2.0.0-dev" } },
    { "~1.2-beta", { "1.2-beta", "1.9" }, { "1.2-alpha", "2.0-dev" } },
    { "~1.2.2-stable", { "1.2.2", "1.2.9" }, { "1.2.2-RC1", "1.3-dev" } },
    { "~2.x-dev", { "2.x-dev", "2.9999999.9999999.9999999-dev" },
      { "2.9", "3.0-dev" } },
    { "~201903.205830.1-stable", { "201903.205830.1", "201903.205830.9" },
      { "201903.205831.0.0", "201903.205830.0" } },
    { "^0.0.3", { "0.0.3-dev", "0.0.3.9" }, { "0.0.2", "0.0.4-dev" } },
    { "^0.2", { "0.2-dev", "0.2.99" }, { "0.1.99", "0.3-dev" } },
    { "^0", { "0-dev", "0.9" }, { "1.0-dev" } },
    { "^0.0", { "0.0.9" }, { "0.1-dev" } },
    { "^1.2.3-beta.2", { "1.2.3-beta2", "1.9" }, { "1.2.3-beta1" } },
    { "^2.0.*-dev", { "2.0.x-dev", "2.5" }, { "2.0.0", "3.0-dev" } },
    { "0.*", { "0-dev", "0.99" }, { "1.0-dev" } },
    { "2.1.3.*", { "2.1.3.0-dev", "2.1.3.9" }, { "2.1.2.9", "2.1.4-dev" } },
    { "v*", { "0.0.0-dev", "5" }, { NULL } },
    { "1.2-beta - 2.3", { "1.2-beta", "2.3.99" }, { "1.2-alpha", "2.4-dev" } },
    { "1.2.3 - 2.3.4.5", { "1.2.3-dev", "2.3.4.5" }, { "2.3.4.6" } },
    { "1 - 2.0", { "1-dev", "2.0.99" }, { "0.99", "2.1-dev" } },
    { "1.0 - 2.0.x-dev", { "2.0.x-dev" }, { "2.1" } },
    { ">=1.1.0-alpha4,<1.2.x-dev", { "1.1.0-alpha4", "1.2.9" },
      { "1.1.0-alpha3", "1.2.x-dev" } },
    { ">=1.1.0-alpha4,<1.2-beta2", { "1.2-beta1" }, { "1.2-beta2" } },
    { "<1.2.3.4-stable", { "1.2.3.4-RC1" }, { "1.2.3.4" } },
    { ">=1.2.3.4-stable", { "1.2.3.4" }, { "1.2.3.4-RC1" } },
    { ">=1.0@beta", { "1.0-beta" }, { "1.0-alpha" } },
    { "1.0@dev", { "1.0" }, { "1.0-dev" } },
    { "~2.5.9|~2.6,>=2.6.2", { "2.5.9", "2.6.2" }, { "2.6.1", "3.0-dev" } },
    { "> 2.0  ,  <=  3.0", { "2.1", "3.0" }, { "2.0", "3.0.1" } },
    { "foobar-dev as 2.1.0 || 3.5", { "dev-foobar", "3.5" }, { "2.1.0" } },
    { "1.0.x-dev#abcd123", { "1.0.x-dev" }, { "1.0" } },
    { "dev-master", { "dev-master", "master" }, { "1.0", "dev-main" } },
    { "!=dev-master", { "dev-main", "1.0" }, { "dev-master" } },
    /* branches are never ordered, not even against themselves */
    { ">=dev-master", { NULL }, { "dev-master", "1.0", "dev-main" } },
    { "3-dev", { "3-dev" }, { "3.0" } },
};

static void check_bound(const char *range, const char *v, int want)
{
    struct vigil_error err;
    int rc, yes;

    vigil_error_clear(&err);
    rc = vigil_version_satisfies("composer", v, range, &yes, &err);
    if (rc != 0 || yes != want)
        fail_msg("'%s' in '%s': want %d, got rc %d yes %d (%s)", v, range,
                 want, rc, yes, err.msg);
}

static void test_composer_bounds(void **state)
{
    size_t i, k;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(bound_cases); i++) {
        for (k = 0; k < 3 && bound_cases[i].in[k]; k++)
            check_bound(bound_cases[i].range, bound_cases[i].in[k], 1);
        for (k = 0; k < 3 && bound_cases[i].out[k]; k++)
            check_bound(bound_cases[i].range, bound_cases[i].out[k], 0);
    }
}

static void test_composer_bad_constraints(void **state)
{
    static const char *const bad[] = {
        "~>1.2", "^", "^8 || ^", "~", "~1 ~", ">=", "1.0,,2.0", "1.0,",
        ", 1.0", "1.0#abcd123", "foo bar", "||", ">= 1.0 ||", "<=>1.0",
    };
    struct vigil_error err;
    size_t i;
    int rc, yes;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(bad); i++) {
        vigil_error_clear(&err);
        rc = vigil_version_satisfies("composer", "1.0", bad[i], &yes, &err);
        if (rc != VIGIL_EINVAL || !strstr(err.msg, bad[i]))
            fail_msg("'%s': want an error naming it, got rc %d '%s'", bad[i],
                     rc, err.msg);
    }
}

static const struct order_case order_cases[] = {
    { "1.0.0", "1.0", 0 },
    { "v1.0.0", "1.0.0.0", 0 },
    { "1.0.0-dev", "1.0.0-alpha", -1 },
    { "1.0.0-alpha2", "1.0.0-beta1", -1 },
    { "1.0.0-b1", "1.0.0-beta1", 0 },
    { "1.0.0-beta", "1.0.0-RC1", -1 },
    { "1.0.0-RC2", "1.0.0", -1 },
    { "1.0.0", "1.0.0-patch1", -1 },
    { "1.0.0-p1", "1.0.0-pl1", 0 },
    { "1.0.0-beta.10", "1.0.0-beta.9", 1 },
    { "2.0.0", "10.0.0", -1 },
    { "1.x-dev", "1.5", 1 },
    { "6.4.0", "6.3.99", 1 },
    { "1.0.0+build1", "1.0.0+build2", 0 },
};

static void test_composer_order(void **state)
{
    struct vigil_error err;
    int cmp;

    (void)state;
    check_order_cases("composer", order_cases, VIGIL_ARRAY_SIZE(order_cases));

    /* a branch only equals itself */
    assert_int_equal(vigil_version_compare("composer", "dev-main",
                                           "dev-main", &cmp, NULL),
                     0);
    assert_int_equal(cmp, 0);
    vigil_error_clear(&err);
    assert_int_equal(vigil_version_compare("composer", "dev-main", "1.0",
                                           &cmp, &err),
                     VIGIL_EUNSUPPORTED);
    assert_non_null(strstr(err.msg, "dev-main"));
}

static void test_php_version_compare(void **state)
{
    (void)state;
    assert_int_equal(vigil__composer_php_cmp("1.0.0.0", "1.0.0.0-dev"), 1);
    assert_int_equal(vigil__composer_php_cmp("1.0rc1", "1.0"), -1);
    assert_int_equal(vigil__composer_php_cmp("1.0pl1", "1.0"), 1);
    assert_int_equal(vigil__composer_php_cmp("1.0-foo", "1.0-dev"), -1);
    assert_int_equal(vigil__composer_php_cmp("5.2", "5.10"), -1);
    assert_int_equal(vigil__composer_php_cmp("", "1"), -1);
    assert_int_equal(vigil__composer_php_cmp("1.0.0", "1.0"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_composer_normalize),
        cmocka_unit_test(test_composer_satisfies),
        cmocka_unit_test(test_composer_bounds),
        cmocka_unit_test(test_composer_bad_constraints),
        cmocka_unit_test(test_composer_order),
        cmocka_unit_test(test_php_version_compare),
    };

    return cmocka_run_group_tests_name("version_composer", tests, NULL,
                                       NULL);
}
