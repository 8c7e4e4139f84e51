/*
 * test_cvss_parse.c - CVSS vector reading: strict errors that name the
 * metric, lenient reading of what real advisories contain, version
 * hints, nomenclature, severity bands and the published-score check.
 * Expected scores here come from the specifications' own examples and
 * well-known published scores, not from vigil.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/cvss.h"
#include "internal.h"

#define L VIGIL_CVSS_LENIENT

static long tenths(double x)
{
    return lround(x * 10);
}

static const struct {
    const char *vector;
    int flags;
    int hint;
    int version;
    double base, temporal, environmental, score;
    int has_temporal, has_environmental;
    const char *severity;
    const char *nomenclature;
} good[] = {
    /* the brief's example and the most common 3.1 base vector */
    { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 0, 0, 31,
      9.9, 9.9, 10.0, 9.9, 0, 0, "Critical", "" },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0, 0, 31,
      9.8, 9.8, 9.8, 9.8, 0, 0, "Critical", "" },
    /* 9.8 * 0.91 * 0.95 * 0.96 = 8.13, rounded up */
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R", 0, 0,
      31, 9.8, 8.2, 8.2, 8.2, 1, 0, "Critical", "" },
    /* any order in 3.x */
    { "CVSS:3.0/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", 0, 0, 30,
      9.8, 9.8, 9.8, 9.8, 0, 0, "Critical", "" },
    { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 0, 0, 30,
      10.0, 10.0, 10.0, 10.0, 0, 0, "Critical", "" },
    /* CVSS v2 guide, section 3.3: CVE-2002-0392 and CVE-2003-0818 */
    { "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C", 0, 0, 20,
      7.8, 6.4, 6.4, 6.4, 1, 0, "High", "" },
    { "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/"
      "AR:H", 0, 0, 20, 7.8, 6.4, 9.2, 9.2, 1, 1, "High", "" },
    { "AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/"
      "AR:L", 0, 0, 20, 10.0, 8.3, 9.0, 9.0, 1, 1, "High", "" },
    { "AV:N/AC:M/Au:N/C:P/I:P/A:P", 0, 20, 20,
      6.8, 6.8, 6.8, 6.8, 0, 0, "Medium", "" },
    /* all temporal metrics ND: no temporal score */
    { "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:ND/RC:ND", 0, 0, 20,
      7.5, 7.5, 7.5, 7.5, 0, 0, "High", "" },
    /* 4.0: CVE-2023-4976 and CVE-2024-48918 as published */
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      0, 0, 40, 9.3, 0, 0, 9.3, 0, 0, "Critical", "CVSS-B" },
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
      "E:U", 0, 0, 40, 9.3, 0, 0, 8.1, 1, 0, "High", "CVSS-BT" },
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
      0, 0, 40, 10.0, 0, 0, 10.0, 0, 0, "Critical", "CVSS-B" },
    /* X values and supplemental metrics change neither score nor name */
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
      "E:X/CR:X/S:P/AU:Y/U:Clear", 0, 0, 40, 9.3, 0, 0, 9.3, 0, 0,
      "Critical", "CVSS-B" },
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
      "MSI:S", 0, 0, 40, 9.3, 0, 0, 10.0, 0, 1, "Critical", "CVSS-BE" },
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
      "E:A/CR:H", 0, 0, 40, 9.3, 0, 0, 9.3, 1, 1, "Critical", "CVSS-BTE" },
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N",
      0, 0, 40, 0.0, 0, 0, 0.0, 0, 0, "None", "CVSS-B" },

    /* lenient: 3.x without prefix, read as the hinted version */
    { "AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", L, 31, 31,
      9.9, 9.9, 10.0, 9.9, 0, 0, "Critical", "" },
    /* lenient: filed under 3.0, scored by its prefix */
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", L, 30, 31,
      9.8, 9.8, 9.8, 9.8, 0, 0, "Critical", "" },
    { " (AV:N/AC:L/Au:N/C:P/I:P/A:P)\n", L, 20, 20,
      7.5, 7.5, 7.5, 7.5, 0, 0, "High", "" },
    { "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", L, 0, 20,
      7.5, 7.5, 7.5, 7.5, 0, 0, "High", "" },
    { "AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", L, 40, 40,
      9.3, 0, 0, 9.3, 0, 0, "Critical", "CVSS-B" },
    /* strict, prefix agreeing with the hint */
    { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 0, 31, 31,
      9.9, 9.9, 10.0, 9.9, 0, 0, "Critical", "" },
};

static void test_good_vectors(void **state)
{
    struct vigil_cvss c;
    struct vigil_error err;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(good); i++) {
        int rc = vigil_cvss_parse_as(good[i].vector, good[i].hint,
                                     good[i].flags, &c, &err);

        if (rc != 0)
            fail_msg("'%s': %s", good[i].vector, err.msg);
        assert_int_equal(c.version, good[i].version);
        assert_int_equal(tenths(c.base), tenths(good[i].base));
        assert_int_equal(tenths(c.score), tenths(good[i].score));
        if (c.version != VIGIL_CVSS_V40) {
            assert_int_equal(tenths(c.temporal), tenths(good[i].temporal));
            assert_int_equal(tenths(c.environmental),
                             tenths(good[i].environmental));
        }
        assert_int_equal(c.has_temporal, good[i].has_temporal);
        assert_int_equal(c.has_environmental, good[i].has_environmental);
        assert_string_equal(c.severity, good[i].severity);
        assert_string_equal(c.nomenclature, good[i].nomenclature);
    }
}

static const struct {
    const char *vector;
    int flags;
    int hint;
    int rc;
    const char *message;    /* must occur in err.msg */
    size_t offset;
} bad[] = {
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", 0, 0, VIGIL_EPARSE,
      "missing mandatory metric 'A'", 40 },
    { "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0, 0,
      VIGIL_EPARSE, "duplicate metric 'AV'", 14 },
    { "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0, 0, VIGIL_EPARSE,
      "unknown value 'Q' for metric 'AV'", 9 },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:1", 0, 0,
      VIGIL_EPARSE, "unknown metric 'XX'", 45 },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", 0, 0, VIGIL_EPARSE,
      "empty metric", 45 },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A", 0, 0, VIGIL_EPARSE,
      "no value for metric 'A'", 41 },
    { "CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0, 0, VIGIL_EPARSE,
      "unknown metric 'av'", 9 },
    /* PR:U is in the 3.0 JSON schema's pattern but not in the spec */
    { "CVSS:3.0/AV:N/AC:L/PR:U/UI:N/S:U/C:H/I:H/A:H", 0, 0, VIGIL_EPARSE,
      "unknown value 'U' for metric 'PR'", 19 },
    { "CVSS:3.1", 0, 0, VIGIL_EPARSE, "no metrics", 8 },
    { "", 0, 0, VIGIL_EPARSE, "no metrics", 0 },
    { "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0, 0, VIGIL_EPARSE,
      "unknown version prefix", 0 },
    { "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", 0, 0, VIGIL_EPARSE,
      "unknown version prefix", 0 },
    /* 2.0 and 4.0 fix the order */
    { "AC:L/AV:N/Au:N/C:P/I:P/A:P", 0, 0, VIGIL_EPARSE,
      "out of order metric 'AV'", 5 },
    { "AV:N/AC:L/Au:N/C:P/I:P/A:P/RL:OF/E:F", 0, 0, VIGIL_EPARSE,
      "out of order metric 'E'", 33 },
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SI:N/SC:N/SA:N", 0,
      0, VIGIL_EPARSE, "out of order metric 'SC'", 54 },
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
      "U:clear", 0, 0, VIGIL_EPARSE, "unknown value 'clear' for metric 'U'",
      64 },
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", 0,
      0, VIGIL_EPARSE, "unknown value 'S' for metric 'SI'", 54 },
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", 0, 0,
      VIGIL_EPARSE, "missing mandatory metric 'SA'", 58 },
    { "AV:N/AC:L/Au:n/C:P/I:P/A:P", 0, 0, VIGIL_EPARSE,
      "unknown value 'n' for metric 'Au'", 10 },
    /* a 3.x vector read as 2.0 */
    { "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0, 0, VIGIL_EPARSE,
      "unknown metric 'PR'", 10 },
    /* strict: no prefix with a 3.x hint, prefix against the hint */
    { "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0, 31, VIGIL_EPARSE,
      "missing 'CVSS:3.1/' prefix", 0 },
    { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0, 31, VIGIL_EPARSE,
      "it is version 3.0, not 3.1", 0 },
    { "(AV:N/AC:L/Au:N/C:P/I:P/A:P)", 0, 20, VIGIL_EPARSE,
      "unknown metric '(AV'", 0 },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", L, 25, VIGIL_EINVAL,
      "unknown CVSS version hint 25", 0 },
};

static void test_bad_vectors(void **state)
{
    struct vigil_cvss c, before;
    struct vigil_error err;
    size_t i;

    (void)state;
    memset(&before, 0x5a, sizeof(before));
    for (i = 0; i < VIGIL_ARRAY_SIZE(bad); i++) {
        int rc;

        c = before;
        vigil_error_clear(&err);
        rc = vigil_cvss_parse_as(bad[i].vector, bad[i].hint, bad[i].flags,
                                 &c, &err);
        if (rc != bad[i].rc)
            fail_msg("'%s': rc %d, want %d", bad[i].vector, rc, bad[i].rc);
        if (!strstr(err.msg, bad[i].message))
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].vector,
                     err.msg, bad[i].message);
        assert_int_equal(err.code, bad[i].rc);
        if (err.offset != bad[i].offset)
            fail_msg("'%s': offset %zu, want %zu", bad[i].vector,
                     err.offset, bad[i].offset);
        assert_memory_equal(&c, &before, sizeof(c));
    }
    assert_int_equal(vigil_cvss_parse(NULL, 0, &c, &err), VIGIL_EINVAL);
    assert_int_equal(vigil_cvss_parse("AV:N", 0, NULL, NULL), VIGIL_EINVAL);
}

static const struct {
    const char *vector;
    const char *claimed;
    double published;
    int rc;
    int mismatch;
} published[] = {
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1", 9.8, 0, 0 },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1", 9.7, 0,
      VIGIL_CVSS_MISMATCH_SCORE },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.0", 9.8, 0,
      VIGIL_CVSS_MISMATCH_VERSION },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R", "3.1",
      8.2, 0, VIGIL_CVSS_MISMATCH_SCORE | VIGIL_CVSS_MISMATCH_TEMPORAL },
    /* binary noise in the published number does not count */
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1", 9.8000001, 0,
      0 },
    { "AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", "3.1", 9.9, 0, 0 },
    { "AV:N/AC:L/Au:N/C:P/I:P/A:P", NULL, 7.5, 0, 0 },
    { "AV:N/AC:L/Au:N/C:P/I:P/A:P", "2.0", 5.0, 0,
      VIGIL_CVSS_MISMATCH_SCORE },
    /* 4.0 compares the score of the whole vector (CVE-2024-48918) */
    { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
      "E:U", "4.0", 8.1, 0, 0 },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.2", 9.8,
      VIGIL_EINVAL, 0 },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1", 10.5,
      VIGIL_EINVAL, 0 },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1", NAN,
      VIGIL_EINVAL, 0 },
    { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "3.1", 9.8,
      VIGIL_EPARSE, 0 },
};

static void test_check_published(void **state)
{
    struct vigil_cvss c;
    struct vigil_error err;
    size_t i;
    int m;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(published); i++) {
        int rc;

        m = -1;
        rc = vigil_cvss_check_published(published[i].vector,
                                        published[i].claimed,
                                        published[i].published, &c, &m,
                                        &err);
        if (rc != published[i].rc)
            fail_msg("row %zu: rc %d, want %d", i, rc, published[i].rc);
        if (rc == 0)
            assert_int_equal(m, published[i].mismatch);
        else
            assert_int_equal(m, -1);
    }
}

static const struct {
    int version;
    double score;
    const char *severity;
} bands[] = {
    { 31, 0.0, "None" },    { 31, 0.1, "Low" },       { 31, 3.9, "Low" },
    { 31, 4.0, "Medium" },  { 31, 6.9, "Medium" },    { 31, 7.0, "High" },
    { 40, 8.9, "High" },    { 40, 9.0, "Critical" },  { 30, 10.0, "Critical" },
    { 20, 0.0, "Low" },     { 20, 3.9, "Low" },       { 20, 4.0, "Medium" },
    { 20, 6.9, "Medium" },  { 20, 7.0, "High" },      { 20, 10.0, "High" },
};

static const struct {
    const char *text;
    int version;
} names[] = {
    { "2.0", 20 }, { "3.0", 30 }, { "3.1", 31 }, { "4.0", 40 },
    { "v3.1", 31 }, { "4", 40 }, { "3.2", 0 }, { "", 0 }, { NULL, 0 },
};

static void test_severity_and_names(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(bands); i++)
        assert_string_equal(vigil_cvss_severity(bands[i].version,
                                                bands[i].score),
                            bands[i].severity);
    for (i = 0; i < VIGIL_ARRAY_SIZE(names); i++)
        assert_int_equal(vigil_cvss_version_from_string(names[i].text),
                         names[i].version);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_vectors),
        cmocka_unit_test(test_bad_vectors),
        cmocka_unit_test(test_check_published),
        cmocka_unit_test(test_severity_and_names),
    };

    return cmocka_run_group_tests_name("cvss_parse", tests, NULL, NULL);
}
