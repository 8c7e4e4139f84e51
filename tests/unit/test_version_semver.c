/*
 * test_version_semver.c - the strict "semver" scheme (SemVer 2.0.0) and
 * the version half of node-semver's fixtures
 * (../shared/data/oracles/version/semver-*.tsv), read through the npm
 * functions, which follow node-semver.
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
#include "version/semver_int.h"
#include "internal.h"
#include "version_helpers.h"

static int flags_of(const char *opt)
{
    return strstr(opt, "\"loose\":true") ? VIGIL_NPM_LOOSE : 0;
}

/* The strict scheme's view of a pair, when both are strict SemVer. */
static int strict_cmp(const char *a, const char *b, int *c)
{
    const struct vigil_scheme *s = vigil_scheme_get("semver");
    struct vigil_error err;

    return s->compare(a, b, c, &err);
}

/* semver-compare.tsv (a > b) and semver-equality.tsv (a == b). */
static void check_pairs(const char *file, int *rows, int *strict_rows)
{
    struct tsv t;
    struct vigil_error err;
    char *f[6];
    int c, want;

    tsv_open(&t, file);
    while (tsv_row(&t, f, 6) > 0) {
        want = (int)strtol(f[2], NULL, 10);
        c = 9;
        assert_int_equal(vigil_npm_compare(f[0], f[1], flags_of(f[3]), &c,
                                           &err), 0);
        assert_int_equal(c, want);
        assert_int_equal(vigil_npm_compare(f[1], f[0], flags_of(f[3]), &c,
                                           &err), 0);
        assert_int_equal(c, -want);
        if (strict_cmp(f[0], f[1], &c) == 0) {
            assert_int_equal(c, want);
            (*strict_rows)++;
        }
        (*rows)++;
    }
    tsv_close(&t);
}

static void test_semver_compare_oracle(void **state)
{
    int rows = 0, strict = 0;

    (void)state;
    check_pairs("semver-compare.tsv", &rows, &strict);
    printf("semver-compare.tsv: %d rows checked (%d also strict)\n", rows,
           strict);
    assert_true(rows > 0 && strict > 0);
    rows = strict = 0;
    check_pairs("semver-equality.tsv", &rows, &strict);
    printf("semver-equality.tsv: %d rows checked (%d also strict)\n", rows,
           strict);
    assert_true(rows > 0 && strict > 0);
}

/* Does the JSON array text (["alpha",1]) list the dot parts of s? */
static int same_list(const char *json, const char *s, size_t n)
{
    char want[512], got[512];
    size_t o = 0;

    for (; *json; json++)
        if (*json != '[' && *json != ']' && *json != '"' && o + 1 < 512)
            want[o++] = *json == ',' ? '.' : *json;
    want[o] = '\0';
    snprintf(got, sizeof(got), "%.*s", (int)n, s ? s : "");
    return strcmp(want, got) == 0;
}

static void check_valid_row(char **f)
{
    const struct vigil_scheme *s = vigil_scheme_get("semver");
    struct vigil__sv v;
    struct vigil_error err;
    const char *why;
    int mode = VIGIL__SV_NODE | VIGIL__SV_PREFIX;

    assert_int_equal(vigil_npm_valid(f[0], 0, &err), 0);
    assert_int_equal(vigil__sv_parse(f[0], strlen(f[0]), mode, &v, &why),
                     0);
    assert_int_equal(v.num[0], strtoull(f[1], NULL, 10));
    assert_int_equal(v.num[1], strtoull(f[2], NULL, 10));
    assert_int_equal(v.num[2], strtoull(f[3], NULL, 10));
    assert_true(same_list(f[4], v.pre, v.prelen));
    assert_true(same_list(f[5], v.build, v.buildlen));
    /* the strict scheme takes all but the "v" prefix */
    assert_int_equal(s->validate(f[0], &err),
                     f[0][0] == 'v' ? VIGIL_EINVAL : 0);
}

static void test_semver_valid_oracle(void **state)
{
    struct tsv t;
    char *f[7];
    int rows = 0;

    (void)state;
    tsv_open(&t, "semver-valid.tsv");
    while (tsv_row(&t, f, 7) > 0) {
        check_valid_row(f);
        rows++;
    }
    tsv_close(&t);
    printf("semver-valid.tsv: %d rows checked\n", rows);
    assert_true(rows > 0);
}

static void test_semver_invalid_oracle(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("semver");
    struct vigil_error err;
    struct tsv t;
    char *f[4];
    int rows = 0, na = 0;

    (void)state;
    tsv_open(&t, "semver-invalid.tsv");
    while (tsv_row(&t, f, 4) > 0) {
        if (f[0][0] == '<') {   /* JavaScript objects: no C counterpart */
            na++;
            continue;
        }
        assert_int_equal(vigil_npm_valid(f[0], flags_of(f[2]), &err),
                         VIGIL_EINVAL);
        assert_true(strstr(err.msg, "invalid npm version") != NULL);
        /* node's 2^53 cap is not SemVer's: the strict scheme allows 2^64 */
        if (strcmp(f[1], "too big") != 0)
            assert_int_equal(s->validate(f[0], &err), VIGIL_EINVAL);
        rows++;
    }
    tsv_close(&t);
    printf("semver-invalid.tsv: %d rows checked, %d not applicable "
           "(JavaScript non-string values)\n", rows, na);
    assert_true(rows > 0);
}

static const char *const precedence[] = {
    /* SemVer 2.0.0, section 11, in increasing order */
    "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
    "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1",
    "1.1.0", "1.45.1-lts.1", "1.46.0", "2.0.0", "10.0.0",
    "18446744073709551615.0.0",
};

static void test_semver_precedence(void **state)
{
    size_t i, j;
    int c;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(precedence); i++)
        for (j = 0; j < VIGIL_ARRAY_SIZE(precedence); j++) {
            assert_int_equal(strict_cmp(precedence[i], precedence[j], &c),
                             0);
            assert_int_equal(c, i < j ? -1 : i > j ? 1 : 0);
        }
    assert_int_equal(strict_cmp("1.0.0+build.1", "1.0.0+build.2", &c), 0);
    assert_int_equal(c, 0);
    assert_int_equal(strict_cmp("1.0.0-rc.1+b", "1.0.0-rc.1", &c), 0);
    assert_int_equal(c, 0);
}

/* An npm component at 1.45.1-lts.1 is >= 1.0.0 and < 1.46.0. */
static void test_semver_lts_component(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("semver");
    struct vigil_error err;
    int c, yes;

    (void)state;
    assert_int_equal(s->compare("1.45.1-lts.1", "1.0.0", &c, &err), 0);
    assert_true(c >= 0);
    assert_int_equal(s->compare("1.45.1-lts.1", "1.46.0", &c, &err), 0);
    assert_true(c < 0);
    assert_int_equal(s->satisfies("1.45.1-lts.1", ">=1.0.0 <1.46.0", &yes,
                                  &err), 0);
    assert_int_equal(yes, 1);
}

static const char *const strict_bad[] = {
    "v1.2.3", "=1.2.3", "1.2", "1", "01.2.3", "1.02.3", "1.2.03",
    "1.2.3-01", "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3+a..b", " 1.2.3",
    "1.2.3 ", "1.2.3.4", "1.2.3beta", "1.2.-3", "", "a.b.c", "1.2.3-\xce\xb1",
    /* LIMIT: numbers above 2^64-1 are refused, though SemVer allows
     * them; see docs/LIMITS.md#semver-numbers */
    "18446744073709551616.0.0",
};

static const char *const strict_good[] = {
    "0.0.0", "1.2.3-0", "1.2.3-0a", "1.2.3--", "1.2.3-a-b.c", "1.2.3+001",
    "1.2.3-alpha.1+exp.sha.5114f85", "99999999999.0.0",
};

static void test_semver_strict(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("semver");
    struct vigil_error err;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(strict_bad); i++) {
        vigil_error_clear(&err);
        assert_int_equal(s->validate(strict_bad[i], &err), VIGIL_EINVAL);
        assert_true(strstr(err.msg, "invalid semantic version") != NULL);
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(strict_good); i++)
        assert_int_equal(s->validate(strict_good[i], &err), 0);
}

static const struct {
    const char *v;
    const char *list;
    int want;           /* -1: the list is invalid */
} lists[] = {
    { "1.5.0", ">=1.0.0 <2.0.0", 1 },
    { "1.5.0", ">= 1.0.0, < 2.0.0", 1 },
    { "2.0.0", ">=1.0.0 <2.0.0", 0 },
    { "2.0.0", ">=1.0.0 <2.0.0 || =2.0.0", 1 },
    { "2.0.0", "==2.0.0", 1 },
    { "2.0.0", "!=2.0.0", 0 },
    { "2.0.0-rc.1", "<2.0.0", 1 },      /* plain precedence, no npm rule */
    { "2.0.0", "2.0.0", 1 },
    { "2.0.0", "*", 1 },
    { "1.0.0", "", -1 },
    { "1.0.0", ">=", -1 },
    { "1.0.0", ">= 1.0", -1 },
    { "1.0.0", "1.0.0 ||", -1 },
    { "1.0.0", ">>1.0.0", -1 },
    { "1.0.0", "~1.0.0", -1 },
    { "1.0.0", "=1.0.0 || >=x", -1 },   /* a typo anywhere is an error */
    { "1.0", ">=1.0.0", -1 },
};

static void test_semver_comparison_lists(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("semver");
    struct vigil_error err;
    size_t i;
    int yes, rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(lists); i++) {
        yes = 7;
        rc = s->satisfies(lists[i].v, lists[i].list, &yes, &err);
        if (lists[i].want < 0) {
            assert_int_equal(rc, VIGIL_EINVAL);
            assert_int_equal(yes, 7);
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(yes, lists[i].want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semver_compare_oracle),
        cmocka_unit_test(test_semver_valid_oracle),
        cmocka_unit_test(test_semver_invalid_oracle),
        cmocka_unit_test(test_semver_precedence),
        cmocka_unit_test(test_semver_lts_component),
        cmocka_unit_test(test_semver_strict),
        cmocka_unit_test(test_semver_comparison_lists),
    };

    return cmocka_run_group_tests_name("version_semver", tests, NULL, NULL);
}
