/*
 * test_version_pep440.c - the pep440 scheme against pypa/packaging's own
 * test data (../shared/data/oracles/version/pep440-*.tsv) and tables.
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

#include "vigil/pep440.h"
#include "vigil/version.h"
#include "internal.h"
#include "version_helpers.h"

static int holds(const char *op, int c)
{
    if (strcmp(op, "<") == 0)
        return c < 0;
    if (strcmp(op, "<=") == 0)
        return c <= 0;
    if (strcmp(op, "==") == 0)
        return c == 0;
    if (strcmp(op, "!=") == 0)
        return c != 0;
    if (strcmp(op, ">=") == 0)
        return c >= 0;
    return c > 0;
}

static void test_pep440_compare_oracle(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("pep440");
    struct vigil_error err;
    struct tsv t;
    char *f[5];
    int rows = 0, c;

    (void)state;
    tsv_open(&t, "pep440-compare.tsv");
    while (tsv_row(&t, f, 5) > 0) {
        assert_int_equal(s->compare(f[0], f[2], &c, &err), 0);
        if (holds(f[1], c) != (strcmp(f[3], "true") == 0))
            print_message("row: %s %s %s want %s\n", f[0], f[1], f[2], f[3]);
        assert_int_equal(holds(f[1], c), strcmp(f[3], "true") == 0);
        rows++;
    }
    tsv_close(&t);
    printf("pep440-compare.tsv: %d rows checked\n", rows);
    assert_true(rows > 0);
}

static void test_pep440_normalize_oracle(void **state)
{
    struct vigil_error err;
    struct tsv t;
    char *f[4], out[256];
    int rows = 0;

    (void)state;
    tsv_open(&t, "pep440-normalize.tsv");
    while (tsv_row(&t, f, 4) > 0) {
        if (vigil_pep440_normalize(f[0], out, sizeof(out), &err) != 0)
            print_message("row '%s': %s\n", f[0], err.msg);
        assert_int_equal(vigil_pep440_normalize(f[0], out, sizeof(out),
                                                &err), 0);
        assert_string_equal(out, f[1]);
        rows++;
    }
    tsv_close(&t);
    printf("pep440-normalize.tsv: %d rows checked\n", rows);
    assert_true(rows > 0);
}

/* Valid rows come in ascending order: each must sort above the last. */
static void test_pep440_valid_oracle(void **state)
{
    struct vigil_error err;
    struct tsv t;
    char *f[3], prev[256] = "";
    int rows = 0, c;

    (void)state;
    tsv_open(&t, "pep440-valid.tsv");
    while (tsv_row(&t, f, 3) > 0) {
        if (strcmp(f[1], "valid") == 0) {
            assert_int_equal(vigil_pep440_valid(f[0], &err), 0);
            if (prev[0]) {
                assert_int_equal(vigil_pep440_compare(prev, f[0], &c, &err),
                                 0);
                assert_int_equal(c, -1);
            }
            snprintf(prev, sizeof(prev), "%s", f[0]);
        } else {
            vigil_error_clear(&err);
            assert_int_equal(vigil_pep440_valid(f[0], &err), VIGIL_EINVAL);
            assert_true(strstr(err.msg, "invalid PEP 440 version") != NULL);
        }
        rows++;
    }
    tsv_close(&t);
    printf("pep440-valid.tsv: %d rows checked\n", rows);
    assert_true(rows > 0);
}

/* A parts column: "" is not given, "None" is an absent part. */
static void part_eq(const char *want, const char *got)
{
    if (want[0] == '\0')
        return;
    assert_string_equal(got, strcmp(want, "None") == 0 ? "" : want);
}

static void flag_eq(const char *want, int got)
{
    if (want[0] != '\0')
        assert_int_equal(got, strcmp(want, "true") == 0);
}

static void test_pep440_parts_oracle(void **state)
{
    struct vigil_pep440_parts *p;
    struct vigil_error err;
    struct tsv t;
    char *f[12];
    int rows = 0;

    (void)state;
    tsv_open(&t, "pep440-parts.tsv");
    p = malloc(sizeof(*p));
    assert_non_null(p);
    while (tsv_row(&t, f, 12) > 0) {
        assert_int_equal(vigil_pep440_parts(f[0], p, &err), 0);
        part_eq(f[1], p->epoch);
        part_eq(f[2], p->release);
        part_eq(f[3], p->pre);
        part_eq(f[4], p->post);
        part_eq(f[5], p->dev);
        part_eq(f[6], p->local);
        part_eq(f[7], p->public_version);
        part_eq(f[8], p->base_version);
        flag_eq(f[9], p->is_prerelease);
        flag_eq(f[10], p->is_devrelease);
        flag_eq(f[11], p->is_postrelease);
        rows++;
    }
    tsv_close(&t);
    free(p);
    printf("pep440-parts.tsv: %d rows checked\n", rows);
    assert_true(rows > 0);
}

/* "true"/"false" for key in the options column; -1 when null or absent. */
static int opt(const char *opts, const char *key)
{
    const char *p = strstr(opts, key);

    if (!p)
        return -1;
    p += strlen(key);
    while (*p == ' ')
        p++;
    return strncmp(p, "true", 4) == 0 ? 1 : strncmp(p, "false", 5) == 0
                                                ? 0 : -1;
}

static int spec_flags(const char *opts)
{
    int set = opt(opts, "\"prereleases\":");
    int sp = opt(opts, "\"specifier_prereleases\":");
    int cp = opt(opts, "\"contains_prereleases\":");
    int flags = 0;

    if (set < 0)
        set = sp;
    if (set >= 0)
        flags |= set ? VIGIL_PEP440_SET_PRE_ALLOW : VIGIL_PEP440_SET_PRE_DENY;
    if (cp >= 0)
        flags |= cp ? VIGIL_PEP440_PRE_ALLOW : VIGIL_PEP440_PRE_DENY;
    if (opt(opts, "\"installed\":") == 1)
        flags |= VIGIL_PEP440_INSTALLED;
    return flags;
}

/*
 * Strings that are no PEP 440 version: packaging says "not contained",
 * vigil refuses them (unless every clause is "===").  Only these may
 * error.
 */
static const char *const unreadable[] = {
    "not a valid version", "invalid", "foobar", "foo", "bar",
};

static void check_spec_row(char **f, int *refused)
{
    struct vigil_error err;
    int want = strcmp(f[3], "true") == 0, yes = -1, rc;

    vigil_error_clear(&err);
    rc = vigil_pep440_satisfies(f[0], f[1], spec_flags(f[2]), &yes, &err);
    if (rc == VIGIL_EINVAL && !want &&
        in_list(f[0], unreadable, VIGIL_ARRAY_SIZE(unreadable))) {
        assert_true(strstr(err.msg, "invalid PEP 440 version") != NULL);
        (*refused)++;
        return;
    }
    if (rc != 0 || yes != want)
        print_message("row: '%s' in '%s' [%s] want %d got rc %d yes %d %s\n",
                      f[0], f[1], f[2], want, rc, yes, err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(yes, want);
}

static void test_pep440_specifier_oracle(void **state)
{
    struct tsv t;
    char *f[6];
    int rows = 0, refused = 0;

    (void)state;
    tsv_open(&t, "pep440-specifier.tsv");
    while (tsv_row(&t, f, 6) > 0) {
        check_spec_row(f, &refused);
        rows++;
    }
    tsv_close(&t);
    printf("pep440-specifier.tsv: %d rows checked (%d unreadable versions "
           "refused)\n", rows, refused);
    assert_true(rows > 0);
}

static void test_pep440_validity_oracle(void **state)
{
    struct vigil_error err;
    struct tsv t;
    char *f[3];
    int rows = 0, yes, sat;

    (void)state;
    tsv_open(&t, "pep440-specifier-validity.tsv");
    while (tsv_row(&t, f, 3) > 0) {
        vigil_error_clear(&err);
        if (strcmp(f[1], "invalid") == 0) {
            assert_int_equal(vigil_pep440_spec_valid(f[0], &err),
                             VIGIL_EINVAL);
            assert_true(strstr(err.msg, "invalid PEP 440 specifier"));
        } else {
            assert_int_equal(vigil_pep440_spec_valid(f[0], &err), 0);
        }
        sat = strcmp(f[1], "satisfiable") == 0;
        if (sat || strcmp(f[1], "unsatisfiable") == 0) {
            yes = -1;
            assert_int_equal(vigil_pep440_unsatisfiable(f[0], 0, &yes, &err),
                             0);
            if (yes != !sat)
                print_message("row '%s': want %s\n", f[0], f[1]);
            assert_int_equal(yes, !sat);
        }
        rows++;
    }
    tsv_close(&t);
    printf("pep440-specifier-validity.tsv: %d rows checked\n", rows);
    assert_true(rows > 0);
}

static const char *const order[] = {
    "0.dev0", "1.0.dev0", "1.0a1.dev1", "1.0a1", "1.0b1", "1.0rc1",
    "1.0", "1.0+abc", "1.0+abc.5", "1.0+1", "1.0+1.2", "1.0+1.10",
    "1.0.post1.dev1", "1.0.post1", "1.0.1", "3.0.1", "3.0.2", "3.0.10",
    "1!0.1",
};

static void test_pep440_order(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("pep440");
    struct vigil_error err;
    size_t i, j;
    int c;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(order); i++)
        for (j = 0; j < VIGIL_ARRAY_SIZE(order); j++) {
            assert_int_equal(s->compare(order[i], order[j], &c, &err), 0);
            assert_int_equal(c, i < j ? -1 : i > j ? 1 : 0);
        }
    assert_int_equal(s->compare("3.0.10", "3.0.1", &c, &err), 0);
    assert_int_equal(c, 1);
    assert_int_equal(s->compare("1.0", "1.0.0.0", &c, &err), 0);
    assert_int_equal(c, 0);
    assert_int_equal(s->compare("V1.0-RC.1", "1.0rc1", &c, &err), 0);
    assert_int_equal(c, 0);
}

static const struct {
    const char *v;
    const char *spec;
    int flags;
    int want;
} spec_cases[] = {
    /* exclusive ordered comparisons */
    { "1.7.post1", ">1.7", 0, 0 },      { "1.7.1", ">1.7", 0, 1 },
    { "1.7.post2", ">1.7.post1", 0, 1 }, { "1.7+local", ">1.7", 0, 0 },
    { "1.7.dev0", "<1.7", 0, 0 },       { "1.7rc1", "<1.7", 0, 0 },
    { "1.6.9", "<1.7", 0, 1 },          { "1.7rc1", "<1.7rc2", 0, 1 },
    { "1.6.dev0", "<1.7", 0, 1 },
    /* prefix matching and compatible release */
    { "1.9", "==1.*", 0, 1 },           { "2.0", "==1.*", 0, 0 },
    { "1.0", "!=1.*", 0, 0 },           { "1.0+local", "==1.0", 0, 1 },
    { "2.2.5", "~=2.2", 0, 1 },         { "3.0", "~=2.2", 0, 0 },
    { "1.4.9", "~=1.4.5", 0, 1 },       { "1.5.0", "~=1.4.5", 0, 0 },
    { "1.4.4", "~=1.4.5", 0, 0 },
    /* sets, identity, white space */
    { "1.5", " >= 1.0 , < 2.0 , != 1.5.* ", 0, 0 },
    { "1.6", ">=1.0,<2.0,!=1.5.*", 0, 1 },
    { "1.0", "===1.0", 0, 1 },          { "1.0.0", "===1.0", 0, 0 },
    { "1.0", "", 0, 1 },                { "1.0", ",,", 0, 1 },
    /* pre-releases: accepted by default, refused on request */
    { "2.0.dev1", ">=1.0", 0, 1 },
    { "2.0.dev1", ">=1.0", VIGIL_PEP440_PRE_DENY, 0 },
    { "2.0.dev1", ">=1.0", VIGIL_PEP440_PRE_IMPLIED, 0 },
    { "2.0.dev1", ">=1.0a1", VIGIL_PEP440_PRE_IMPLIED, 1 },
    { "2.0.dev1", ">=1.0", VIGIL_PEP440_PRE_DENY | VIGIL_PEP440_INSTALLED,
      1 },
    { "2.0", ">=1.0", VIGIL_PEP440_PRE_DENY, 1 },
};

static void test_pep440_specifier_table(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("pep440");
    struct vigil_error err;
    size_t i;
    int yes;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(spec_cases); i++) {
        yes = -1;
        assert_int_equal(vigil_pep440_satisfies(spec_cases[i].v,
                                                spec_cases[i].spec,
                                                spec_cases[i].flags, &yes,
                                                &err), 0);
        if (yes != spec_cases[i].want)
            print_message("case %zu: %s in %s\n", i, spec_cases[i].v,
                          spec_cases[i].spec);
        assert_int_equal(yes, spec_cases[i].want);
        if (spec_cases[i].flags == 0) {
            assert_int_equal(s->satisfies(spec_cases[i].v,
                                          spec_cases[i].spec, &yes, &err),
                             0);
            assert_int_equal(yes, spec_cases[i].want);
        }
    }
}

static const struct {
    const char *spec;
    int flags;
    int want;
} unsat_cases[] = {
    /* ordered bounds with no real version between them */
    { ">1.0a0,<1.0a1.dev0", 0, 1 },     { ">1.0rc1,<1.0rc2.dev0", 0, 1 },
    { ">1!1.0a1,<1!1.0a2.dev0", 0, 1 }, { "!=1.0,>=1.0,<1.0.post0.dev0", 0,
                                          1 },
    { ">1.0a2,<1.0b0.dev0", 0, 0 },     { ">1.5,<2", 0, 0 },
    { ">1.0,<1.0.0.1", 0, 0 },          { ">1.0a1,<1.0a2", 0, 0 },
    /* with pre-releases refused, a range of pre-releases is empty */
    { ">=1.0a1,<1.0", 0, 1 },           /* "<1.0" leaves out 1.0a1 */
    { ">=1.0a1,<1.0b1", 0, 0 },
    { ">=1.0a1,<1.0b1", VIGIL_PEP440_SET_PRE_DENY, 1 },
    { ">=1.0a1,<=1.0", VIGIL_PEP440_SET_PRE_DENY, 0 },
    { "", 0, 0 },
};

static void test_pep440_unsatisfiable_table(void **state)
{
    struct vigil_error err;
    size_t i;
    int yes;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(unsat_cases); i++) {
        yes = -1;
        assert_int_equal(vigil_pep440_unsatisfiable(unsat_cases[i].spec,
                                                    unsat_cases[i].flags,
                                                    &yes, &err), 0);
        if (yes != unsat_cases[i].want)
            print_message("case %zu: '%s'\n", i, unsat_cases[i].spec);
        assert_int_equal(yes, unsat_cases[i].want);
    }
    assert_int_equal(vigil_pep440_unsatisfiable(">=1.0,=>2", 0, &yes, &err),
                     VIGIL_EINVAL);
}

static void test_pep440_errors(void **state)
{
    struct vigil_error err;
    char small[4], big[VIGIL_PEP440_MAX + 2];
    int yes = 7;

    (void)state;
    assert_int_equal(vigil_pep440_satisfies("1.0", "=>1.0", 0, &yes, &err),
                     VIGIL_EINVAL);
    assert_true(strstr(err.msg, "'=>1.0'") != NULL);
    assert_int_equal(vigil_pep440_satisfies("1.0-foo", ">=1.0", 0, &yes,
                                            &err), VIGIL_EINVAL);
    assert_true(strstr(err.msg, "'1.0-foo'") != NULL);
    assert_int_equal(vigil_pep440_satisfies("foo", "===foo", 0, &yes, &err),
                     0);
    assert_int_equal(yes, 1);
    assert_int_equal(vigil_pep440_normalize("1.0a1", small, sizeof(small),
                                            &err), VIGIL_ERANGE);
    assert_int_equal(vigil_pep440_normalize(NULL, small, sizeof(small),
                                            &err), VIGIL_EINVAL);
    memset(big, '1', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(vigil_pep440_valid(big, &err), VIGIL_ERANGE);
}

/*
 * LIMIT: numbers above 2^64-1 (Python has no bound) are refused rather
 * than compared; see docs/LIMITS.md#pep440-limits.
 */
static void test_pep440_limits(void **state)
{
    struct vigil_error err;
    int c;

    (void)state;
    assert_int_equal(vigil_pep440_compare("1.18446744073709551615", "1.0",
                                          &c, &err), 0);
    assert_int_equal(c, 1);
    assert_int_equal(vigil_pep440_compare("1.18446744073709551616", "1.0",
                                          &c, &err), VIGIL_ERANGE);
    assert_int_equal(vigil_pep440_valid("1.0+18446744073709551616999", &err),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pep440_compare_oracle),
        cmocka_unit_test(test_pep440_normalize_oracle),
        cmocka_unit_test(test_pep440_valid_oracle),
        cmocka_unit_test(test_pep440_parts_oracle),
        cmocka_unit_test(test_pep440_specifier_oracle),
        cmocka_unit_test(test_pep440_validity_oracle),
        cmocka_unit_test(test_pep440_order),
        cmocka_unit_test(test_pep440_specifier_table),
        cmocka_unit_test(test_pep440_unsatisfiable_table),
        cmocka_unit_test(test_pep440_errors),
        cmocka_unit_test(test_pep440_limits),
    };

    return cmocka_run_group_tests_name("version_pep440", tests, NULL, NULL);
}
