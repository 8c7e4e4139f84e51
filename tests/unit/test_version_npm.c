/*
 * test_version_npm.c - the npm scheme against node-semver's own test
 * fixtures (../shared/data/oracles/version/npm-range*.tsv) and tables.
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

#include "vigil/npm.h"
#include "vigil/version.h"
#include "internal.h"
#include "version_helpers.h"

/* node-semver options from the JSON-ish column: truthy loose, incPr. */
static int flags_of(const char *opt)
{
    const char *l = strstr(opt, "\"loose\":");
    int flags = 0;

    if (l) {
        l += strlen("\"loose\":");
        if (strncmp(l, "true", 4) == 0 || (*l >= '1' && *l <= '9'))
            flags |= VIGIL_NPM_LOOSE;
    }
    if (strstr(opt, "\"includePrerelease\":true"))
        flags |= VIGIL_NPM_INCLUDE_PRERELEASE;
    return flags;
}

/*
 * Versions node-semver cannot parse: it answers "false" for them, vigil
 * refuses them with VIGIL_EINVAL instead.  Only these may error.
 */
static const char *const unreadable[] = { "not a version", "glorp",
                                          "false" };

static void check_range_row(char **f, int *checked, int *errors)
{
    const char *range = f[0], *v = f[1], *rel = f[2];
    int flags = flags_of(f[3]), yes = -1, rc, negative;
    struct vigil_error err;

    negative = strncmp(rel, "not-", 4) == 0;
    if (negative)
        rel += 4;
    vigil_error_clear(&err);
    if (strcmp(rel, "satisfies") == 0)
        rc = vigil_npm_satisfies(v, range, flags, &yes, &err);
    else
        rc = vigil_npm_outside(v, range, flags,
                               strcmp(rel, "gtr") == 0 ? '>' : '<', &yes,
                               &err);
    if (rc == VIGIL_EINVAL && negative &&
        in_list(v, unreadable, VIGIL_ARRAY_SIZE(unreadable))) {
        assert_true(strstr(err.msg, "invalid npm version") != NULL);
        (*errors)++;
    } else {
        if (rc != 0 || yes != !negative)
            print_message("row: '%s' %s%s '%s' (flags %d): rc %d yes %d "
                          "%s\n", range, negative ? "not-" : "", rel, v,
                          flags, rc, yes, err.msg);
        assert_int_equal(rc, 0);
        assert_int_equal(yes, !negative);
    }
    (*checked)++;
}

static void test_npm_range_oracle(void **state)
{
    struct tsv t;
    char *f[6];
    int checked = 0, errors = 0;

    (void)state;
    tsv_open(&t, "npm-range.tsv");
    while (tsv_row(&t, f, 6) > 0)
        check_range_row(f, &checked, &errors);
    tsv_close(&t);
    printf("npm-range.tsv: %d rows checked (%d unreadable versions "
           "refused)\n", checked, errors);
    assert_true(checked > 0);
}

static void test_npm_range_parse_oracle(void **state)
{
    struct tsv t;
    struct vigil_error err;
    char *f[5], out[2048];
    int checked = 0, rc;

    (void)state;
    tsv_open(&t, "npm-range-parse.tsv");
    while (tsv_row(&t, f, 5) > 0) {
        vigil_error_clear(&err);
        rc = vigil_npm_range_format(f[0], flags_of(f[2]), out, sizeof(out),
                                    &err);
        if (strcmp(f[1], "null") == 0) {
            if (rc != VIGIL_EINVAL)
                print_message("row '%s' should be invalid, got '%s'\n",
                              f[0], rc ? err.msg : out);
            assert_int_equal(rc, VIGIL_EINVAL);
            assert_true(strstr(err.msg, "invalid npm range") != NULL);
        } else {
            if (rc != 0 || strcmp(out, f[1]) != 0)
                print_message("row '%s' [%s]: want '%s' got '%s' (%s)\n",
                              f[0], f[2], f[1], rc ? "" : out, err.msg);
            assert_int_equal(rc, 0);
            assert_string_equal(out, f[1]);
        }
        checked++;
    }
    tsv_close(&t);
    printf("npm-range-parse.tsv: %d rows checked\n", checked);
    assert_true(checked > 0);
}

static const struct {
    const char *range;
    const char *version;
    int flags;
    int want;
} sat_cases[] = {
    /* a pre-release needs a comparator with a pre-release on its tuple */
    { ">=1.2.3-beta.1 <2.0.0", "1.2.3-beta.2", 0, 1 },
    { ">=1.2.3-beta.1 <2.0.0", "1.2.4-alpha", 0, 0 },
    { ">=1.2.3-beta.1 <2.0.0", "1.2.4-alpha", VIGIL_NPM_INCLUDE_PRERELEASE,
      1 },
    { "<1.46.0", "1.45.1-lts.1", 0, 0 },
    { "<1.46.0", "1.45.1-lts.1", VIGIL_NPM_INCLUDE_PRERELEASE, 1 },
    { "^1.2.3-pr.1 || >=3", "1.2.3-pr.2", 0, 1 },
    /* caret: left-most non-zero part */
    { "^1.2.3", "1.9.9", 0, 1 },    { "^1.2.3", "2.0.0", 0, 0 },
    { "^0.2.3", "0.2.9", 0, 1 },    { "^0.2.3", "0.3.0", 0, 0 },
    { "^0.0.3", "0.0.3", 0, 1 },    { "^0.0.3", "0.0.4", 0, 0 },
    { "^0.x", "0.9.9", 0, 1 },      { "^0.x", "1.0.0", 0, 0 },
    { "^0.0", "0.0.9", 0, 1 },      { "^0.0", "0.1.0", 0, 0 },
    /* tilde */
    { "~1.2.3", "1.2.9", 0, 1 },    { "~1.2.3", "1.3.0", 0, 0 },
    { "~1", "1.9.0", 0, 1 },        { "~>1.2", "1.3.0", 0, 0 },
    /* hyphen ranges, x-ranges */
    { "1.2.3 - 2.3.4", "2.3.4", 0, 1 },
    { "1.2.3 - 2.3", "2.3.9", 0, 1 },
    { "1.2.3 - 2.3", "2.4.0", 0, 0 },
    { "1.2 - 2", "1.2.0", 0, 1 },
    { "1.x", "1.99.0", 0, 1 },      { "1.2.*", "1.3.0", 0, 0 },
    { "*", "0.0.0", 0, 1 },         { "", "9.9.9", 0, 1 },
    { "*", "1.0.0-rc.1", 0, 0 },    { "x", "1.0.0-rc.1",
                                      VIGIL_NPM_INCLUDE_PRERELEASE, 1 },
    { "<=1.2", "1.2.99", 0, 1 },    { ">1.2", "1.2.99", 0, 0 },
    /* white space and alternatives */
    { "  >=  1.0.0   <   2.0.0  ", "1.5.0", 0, 1 },
    { ">=1.0.0\t<2.0.0", "2.0.0", 0, 0 },
    { "1.x || >=2.5.0 || 5.0.0 - 7.2.3", "6.0.0", 0, 1 },
    { "1.x || >=2.5.0 || 5.0.0 - 7.2.3", "2.4.0", 0, 0 },
    { "||", "1.0.0", 0, 1 },
    /* "v" and "=" in front of versions */
    { "v1.2.3", "1.2.3", 0, 1 },    { "=1.2.3", "v1.2.3", 0, 1 },
    { "1.2.3", "=1.2.3", 0, 1 },    { " 1.2.3 ", " v1.2.3 ", 0, 1 },
    /* build metadata never counts */
    { "1.2.3+build.5", "1.2.3+other", 0, 1 },
};

static void test_npm_satisfies_table(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("npm");
    struct vigil_error err;
    size_t i;
    int yes;

    (void)state;
    assert_non_null(s);
    for (i = 0; i < VIGIL_ARRAY_SIZE(sat_cases); i++) {
        yes = -1;
        if (vigil_npm_satisfies(sat_cases[i].version, sat_cases[i].range,
                                sat_cases[i].flags, &yes, &err) != 0
            || yes != sat_cases[i].want)
            print_message("case %zu: '%s' in '%s'\n", i,
                          sat_cases[i].version, sat_cases[i].range);
        assert_int_equal(yes, sat_cases[i].want);
        if (sat_cases[i].flags == 0) {
            yes = -1;
            assert_int_equal(s->satisfies(sat_cases[i].version,
                                          sat_cases[i].range, &yes, &err),
                             0);
            assert_int_equal(yes, sat_cases[i].want);
        }
    }
}

static const struct {
    const char *range;
    const char *version;
    int flags;
} bad_cases[] = {
    { ">=1.x.5", "1.0.0", 0 },          /* number after an x */
    { "1.2.3 ||| 2", "1.0.0", 0 },
    { "foo", "1.0.0", 0 },
    { "foo", "1.0.0", VIGIL_NPM_LOOSE },
    { ">01.02.03", "1.0.0", 0 },        /* leading zeros: loose only */
    { "^9007199254740991.0.0", "1.0.0", 0 },    /* 2^53 bound */
    { "1.0.0", "1.2", 0 },
    { "1.0.0", "01.2.3", 0 },
    { "1.0.0", "1.2.3.4", 0 },
    { "1.0.0", "", 0 },
    { NULL, "1.0.0", 0 },
    { "1.0.0", NULL, 0 },
};

static void test_npm_errors(void **state)
{
    struct vigil_error err;
    size_t i;
    int yes = 7;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(bad_cases); i++) {
        vigil_error_clear(&err);
        assert_int_equal(vigil_npm_satisfies(bad_cases[i].version,
                                             bad_cases[i].range,
                                             bad_cases[i].flags, &yes,
                                             &err),
                         VIGIL_EINVAL);
        assert_int_equal(yes, 7);       /* untouched on failure */
        assert_true(err.msg[0] != '\0');
    }
    assert_int_equal(vigil_npm_satisfies("01.2.3", ">=1.2.3",
                                         VIGIL_NPM_LOOSE, &yes, &err), 0);
    assert_int_equal(yes, 1);
    assert_int_equal(vigil_npm_valid("1.2.3beta", 0, &err), VIGIL_EINVAL);
    assert_int_equal(vigil_npm_valid("1.2.3beta", VIGIL_NPM_LOOSE, &err), 0);
}

static void test_npm_compare(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("npm");
    struct vigil_error err;
    int c = 9;

    (void)state;
    assert_int_equal(s->compare("v1.2.3", "=1.2.3", &c, &err), 0);
    assert_int_equal(c, 0);
    assert_int_equal(s->compare("1.45.1-lts.1", "1.46.0", &c, &err), 0);
    assert_int_equal(c, -1);
    assert_int_equal(s->compare("1.2.3-a.10", "1.2.3-a.9", &c, &err), 0);
    assert_int_equal(c, 1);
    assert_int_equal(s->validate("1.2.3", &err), 0);
    assert_int_equal(s->validate("1.2.3-01", &err), VIGIL_EINVAL);
    assert_true(strstr(err.msg, "1.2.3-01") != NULL);
}

static void test_npm_outside(void **state)
{
    struct vigil_error err;
    int yes = -1;

    (void)state;
    assert_int_equal(vigil_npm_outside("2.0.0", "^1.2.3", 0, '>', &yes,
                                       &err), 0);
    assert_int_equal(yes, 1);
    assert_int_equal(vigil_npm_outside("1.5.0", "^1.2.3", 0, '>', &yes,
                                       &err), 0);
    assert_int_equal(yes, 0);
    assert_int_equal(vigil_npm_outside("1.0.0", "^1.2.3", 0, '<', &yes,
                                       &err), 0);
    assert_int_equal(yes, 1);
    assert_int_equal(vigil_npm_outside("1.0.0", "^1.2.3", 0, '=', &yes,
                                       &err), VIGIL_EINVAL);
}

/* LIMIT: ranges past 64 KiB are refused; docs/LIMITS.md#npm-range-size */
static void test_npm_limits(void **state)
{
    struct vigil_error err;
    char *big = malloc(VIGIL_NPM_RANGE_MAX + 2);
    char small[4];
    int yes;

    (void)state;
    assert_non_null(big);
    memset(big, ' ', VIGIL_NPM_RANGE_MAX + 1);
    big[VIGIL_NPM_RANGE_MAX + 1] = '\0';
    assert_int_equal(vigil_npm_satisfies("1.0.0", big, 0, &yes, &err),
                     VIGIL_ELIMIT);
    free(big);
    assert_int_equal(vigil_npm_range_format("^1.2.3", 0, small,
                                            sizeof(small), &err),
                     VIGIL_ERANGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npm_range_oracle),
        cmocka_unit_test(test_npm_range_parse_oracle),
        cmocka_unit_test(test_npm_satisfies_table),
        cmocka_unit_test(test_npm_errors),
        cmocka_unit_test(test_npm_compare),
        cmocka_unit_test(test_npm_outside),
        cmocka_unit_test(test_npm_limits),
    };

    return cmocka_run_group_tests_name("version_npm", tests, NULL, NULL);
}
