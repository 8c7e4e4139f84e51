/*
 * test_version_scheme.c - the scheme table, the ecosystem mapping, the
 * compare/satisfies wrappers and the comparison-list evaluator.
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
    const char *eco;
    const char *scheme;
} eco_cases[] = {
    { "Debian", "dpkg" },
    { "Debian:12", "dpkg" },
    { "Ubuntu:22.04:LTS", "dpkg" },
    { "Ubuntu:ubuntu_pro:22.04::main", "dpkg" },
    { "deb", "dpkg" },
    { "Alpine:v3.18", "apk" },
    { "Wolfi", "apk" },
    { "Chainguard", "apk" },
    { "apk", "apk" },
    { "Red Hat:enterprise_linux:9::appstream", "rpm" },
    { "AlmaLinux:9", "rpm" },
    { "Rocky Linux:8", "rpm" },
    { "SUSE:Linux Enterprise Server 15 SP4", "rpm" },
    { "SUSE Linux Enterprise Server:sles:15:sp4::module-containers", "rpm" },
    { "openSUSE:Leap 15.5", "rpm" },
    { "openSUSE Tumbleweed", "rpm" },
    { "Mageia:9", "rpm" },
    { "Oracle Linux:ol8_baseos_latest::ol8_baseos_latest", "rpm" },
    { "Amazon Linux:amazon_linux_2023::al2023_appstream", "rpm" },
    { "rpm", "rpm" },
    { "PyPI", "pep440" },
    { "pypi", "pep440" },
    { "npm", "semver" },
    { "NPM", "semver" },
    { "crates.io", "semver" },
    { "cargo", "semver" },
    { "Hex", "semver" },
    { "Pub", "semver" },
    { "SwiftURL", "semver" },
    { "Go", "go" },
    { "golang", "go" },
    { "Maven", "maven" },
    { "MAVEN", "maven" },
    { "RubyGems", "gem" },
    { "gem", "gem" },
    { "NuGet", "nuget" },
    { "Packagist", "composer" },
    { "composer", "composer" },
    { "Root:Debian:12", "dpkg" },
    { "Root:PyPI", "pep440" },
    { "GitHub Actions", "generic" },
    { "CRAN", "generic" },
    { "Hackage", "generic" },
    { "", "generic" },
    { "Debianish", "generic" },
    { "a-very-long-ecosystem-name-that-is-longer-than-the-buffer-holds-x",
      "generic" },
};

static void test_ecosystems(void **state)
{
    const struct vigil_scheme *s;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(eco_cases); i++) {
        s = vigil_scheme_for_ecosystem(eco_cases[i].eco);
        assert_non_null(s);
        if (strcmp(s->name, eco_cases[i].scheme) != 0)
            fail_msg("'%s': want %s, got %s", eco_cases[i].eco,
                     eco_cases[i].scheme, s->name);
    }
    assert_string_equal(vigil_scheme_for_ecosystem(NULL)->name, "generic");
}

static void test_table(void **state)
{
    static const char *const names[] = {
        "dpkg", "rpm", "semver", "npm", "pep440", "maven", "go", "gem",
        "apk", "nuget", "composer", "generic",
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(names); i++) {
        const struct vigil_scheme *s = vigil_scheme_get(names[i]);

        assert_non_null(s);
        assert_string_equal(s->name, names[i]);
        assert_non_null(s->validate);
        assert_non_null(s->compare);
    }
    assert_null(vigil_scheme_get("nosuch"));
    assert_null(vigil_scheme_get(NULL));
}

static void test_wrappers(void **state)
{
    struct vigil_error err;
    int cmp = 7, yes = 7;

    (void)state;
    vigil_error_clear(&err);
    assert_int_equal(vigil_version_compare("nosuch", "1", "2", &cmp, &err),
                     VIGIL_ENOTFOUND);
    assert_non_null(strstr(err.msg, "'nosuch'"));
    assert_int_equal(cmp, 7);
    assert_int_equal(vigil_version_satisfies("nosuch", "1", "1", &yes, NULL),
                     VIGIL_ENOTFOUND);
    assert_int_equal(vigil_version_compare("dpkg", NULL, "2", &cmp, NULL),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_version_satisfies("dpkg", "1", NULL, &yes, NULL),
                     VIGIL_EINVAL);

    /* an invalid version is named, and out-params stay untouched */
    vigil_error_clear(&err);
    assert_int_equal(vigil_version_compare("dpkg", "1.0", "1.0-", &cmp,
                                           &err),
                     VIGIL_EINVAL);
    assert_non_null(strstr(err.msg, "'1.0-'"));
    assert_int_equal(cmp, 7);
}

static const struct {
    const char *v, *range;
    int want;                   /* -1: an error naming `bad` */
    const char *bad;
} list_cases[] = {
    { "1.5", ">= 1.0, < 2.0", 1, NULL },
    { "1.5", ">=1.0 <2.0", 1, NULL },
    { "1.5", ">= 1.0,< 2.0", 1, NULL },
    { "2.0", ">= 1.0, < 2.0", 0, NULL },
    { "1.2", "=1.2", 1, NULL },
    { "1.2", "==1.2", 1, NULL },
    { "1.2", "1.2", 1, NULL },
    { "1.2", "!=1.2", 0, NULL },
    { "1.2", "<=1.2", 1, NULL },
    { "1.2", ">1.2", 0, NULL },
    { "1.2", "<1.0 || >=1.2", 1, NULL },
    { "1.1", "<1.0 || >=1.2", 0, NULL },
    { "1.1", "<1.0||>=1.0 <1.2", 1, NULL },
    { "1.2", "", -1, "empty" },
    { "1.2", "   ", -1, "empty" },
    { "1.2", ">=1.0 ||", -1, "empty alternative" },
    { "1.2", "|| >=1.0", -1, "empty alternative" },
    { "1.2", ">=1.0 | <2", -1, "single '|'" },
    { "1.2", "=> 1.0", -1, "'=>'" },
    { "1.2", "<>1.0", -1, "'<>'" },
    { "1.2", "~1.0", 0, NULL },         /* a dpkg version, no operator */
    { "1.2", ">=", -1, "missing version" },
    { "1.2", ">= , 2", -1, "missing version" },
    { "1.2", ">= 1.0-", -1, "1.0-" },
};

static void test_comparison_lists(void **state)
{
    const struct vigil_scheme *s = vigil_scheme_get("dpkg");
    struct vigil_error err;
    size_t i;
    int rc, yes;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(list_cases); i++) {
        vigil_error_clear(&err);
        yes = 7;
        rc = vigil_version_satisfies_cmp(s, list_cases[i].v,
                                         list_cases[i].range, &yes, &err);
        if (list_cases[i].want < 0) {
            if (rc != VIGIL_EINVAL || !strstr(err.msg, list_cases[i].bad))
                fail_msg("'%s': want an error naming '%s', got rc %d '%s'",
                         list_cases[i].range, list_cases[i].bad, rc,
                         err.msg);
            assert_int_equal(yes, 7);
            continue;
        }
        if (rc != 0 || yes != list_cases[i].want)
            fail_msg("'%s' in '%s': want %d, got rc %d yes %d (%s)",
                     list_cases[i].v, list_cases[i].range, list_cases[i].want,
                     rc, yes, err.msg);
    }

    /* the version itself is checked even when the range is fine */
    vigil_error_clear(&err);
    assert_int_equal(vigil_version_satisfies_cmp(s, "1.0-", ">= 1", &yes,
                                                 &err),
                     VIGIL_EINVAL);
    assert_non_null(strstr(err.msg, "1.0-"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ecosystems),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_wrappers),
        cmocka_unit_test(test_comparison_lists),
    };

    return cmocka_run_group_tests_name("version_scheme", tests, NULL, NULL);
}
