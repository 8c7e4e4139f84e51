/*
 * test_version_gem.c - the RubyGems scheme against Gem::Version and
 * Gem::Requirement (oracles/version/rubygems-version.tsv and
 * rubygems-requirement.tsv, re-checked with Ruby 3.1 / RubyGems 3.3.15).
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

static int truth(const char *s)
{
    return strcmp(s, "true") == 0;
}

/* Answers one row of rubygems-version.tsv into got; 0 or an error. */
static int gem_relation(const struct tsv_row *row, char *got, size_t len)
{
    const char *a = row->col[0], *b = row->col[1], *rel = row->col[2];
    int rc, v = 0;

    if (strcmp(rel, "cmp") == 0 || strcmp(rel, "==") == 0) {
        rc = vigil_version_compare("gem", a, b, &v, NULL);
        if (rc == 0 && rel[0] == '=')
            v = v == 0;
    } else if (strcmp(rel, "eql?") == 0) {
        rc = vigil__gem_eql(a, b, &v, NULL);
    } else if (strcmp(rel, "prerelease?") == 0) {
        rc = vigil__gem_prerelease(a, &v, NULL);
    } else if (strcmp(rel, "release") == 0) {
        return vigil__gem_release(a, got, len, NULL);
    } else if (strcmp(rel, "bump") == 0) {
        return vigil__gem_bump(a, got, len, NULL);
    } else {
        fail_msg("unknown relation '%s'", rel);
        return -1;
    }
    if (rc != 0)
        return rc;
    if (strcmp(rel, "cmp") == 0)
        snprintf(got, len, "%d", v);
    else
        snprintf(got, len, "%s", v ? "true" : "false");
    return 0;
}

/* Columns: a, b, relation, expected, ruby result, source. */
static void version_row(void *ctx, const struct tsv_row *row)
{
    struct tsv_tally *t = ctx;
    char got[128];
    int rc;

    assert_true(row->ncol >= 5);
    rc = gem_relation(row, got, sizeof(got));
    t->checked++;
    if (rc != 0 || strcmp(got, row->col[4]) != 0) {
        print_message("rubygems-version.tsv:%zu: '%s' %s '%s': want %s, got "
                      "rc %d '%s'\n", row->line, row->col[0], row->col[2],
                      row->col[1], row->col[4], rc, rc == 0 ? got : "");
        t->failed++;
    }
}

static void test_gem_version_oracle(void **state)
{
    struct tsv_tally t = { 0, 0, 0 };

    (void)state;
    tsv_each("rubygems-version.tsv", version_row, &t);
    tsv_report("rubygems-version.tsv", &t);
}

/* Columns: version, requirement(s), expected, ruby result, source. */
static void requirement_row(void *ctx, const struct tsv_row *row)
{
    struct tsv_tally *t = ctx;
    struct vigil_error err;
    int rc, yes = -1;

    assert_true(row->ncol >= 4);
    vigil_error_clear(&err);
    rc = vigil_version_satisfies("gem", row->col[0], row->col[1], &yes,
                                 &err);
    t->checked++;
    if (rc != 0 || yes != truth(row->col[3])) {
        print_message("rubygems-requirement.tsv:%zu: '%s' in '%s': want %s, "
                      "got rc %d yes %d (%s)\n", row->line, row->col[0],
                      row->col[1], row->col[3], rc, yes, err.msg);
        t->failed++;
    }
}

static void test_gem_requirement_oracle(void **state)
{
    struct tsv_tally t = { 0, 0, 0 };

    (void)state;
    tsv_each("rubygems-requirement.tsv", requirement_row, &t);
    tsv_report("rubygems-requirement.tsv", &t);
}

static const struct range_case gem_ranges[] = {
    { "6.1.7.6", ">= 6.1.0, < 6.1.7.7", 1 },
    { "6.1.7.7", ">= 6.1.0, < 6.1.7.7", 0 },
    { "7.0.8", "~> 7.0.8", 1 },
    { "7.1.0", "~> 7.0.8", 0 },
    { "7.0.0.rc1", ">= 7.0.0", 0 },
    { "2.5.3", "< 2.0 || >= 2.5.0, < 2.5.4", 1 },
    { "1.0", "=> 1.0", -1 },
    { "1.0", ">= ", -1 },
    { "1.0", ">= 1.0,", -1 },
    { "1.0", "| 1.0", -1 },
};

static void test_gem_ranges(void **state)
{
    (void)state;
    check_range_cases("gem", gem_ranges, VIGIL_ARRAY_SIZE(gem_ranges));
}

static void test_gem_invalid(void **state)
{
    static const char *const bad[] = {
        "junk", "1.0-", "1..0", ".1", "1.0.", "1 0", "v1.0",
    };
    const struct vigil_scheme *s = vigil_scheme_get("gem");
    char longv[300];

    (void)state;
    check_invalid("gem", bad, VIGIL_ARRAY_SIZE(bad), NULL);

    /* LIMIT version-length: RubyGems itself has no cap */
    memset(longv, '1', sizeof(longv) - 1);
    longv[sizeof(longv) - 1] = '\0';
    assert_int_equal(s->validate(longv, NULL), VIGIL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gem_version_oracle),
        cmocka_unit_test(test_gem_requirement_oracle),
        cmocka_unit_test(test_gem_ranges),
        cmocka_unit_test(test_gem_invalid),
    };

    return cmocka_run_group_tests_name("version_gem", tests, NULL, NULL);
}
