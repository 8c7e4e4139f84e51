/*
 * test_cvss.c - CVSS scores against the oracles in
 * ../shared/data/oracles/cvss/: every row of the RedHat and FIRST
 * reference results for 2.0, 3.0, 3.1 and 4.0, and the published
 * scores of real CVE records, whose mismatches must be exactly the
 * ones the file marks.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "vigil/cvss.h"
#include "internal.h"
#include "oracle_tsv.h"

#define MAX_FIELDS 8

/* One oracle file and the row last read from it. */
struct oracle {
    struct tsv in;
    char *field[MAX_FIELDS];
    int nfields;
    long line;
};

/* Reads the next row into o->field; returns 0 at the end. */
static int oracle_next(struct oracle *o)
{
    o->nfields = tsv_row(&o->in, o->field, MAX_FIELDS);
    o->line = (long)o->in.line;
    return o->nfields > 0;
}

static long tenths(double x)
{
    return lround(x * 10);
}

static double number(const char *s)
{
    char *end;
    double d = strtod(s, &end);

    assert_true(end != s && *end == '\0');
    return d;
}

static void parse_row(const struct oracle *t, struct vigil_cvss *c)
{
    struct vigil_error err;
    int rc = vigil_cvss_parse(t->field[0], 0, c, &err);

    if (rc != 0)
        fail_msg("line %ld: '%s': %s", t->line, t->field[0], err.msg);
}

static void expect_score(const struct oracle *t, const char *what,
                         const char *want, double got)
{
    if (tenths(number(want)) != tenths(got))
        fail_msg("line %ld: %s of '%s': want %s, got %.1f", t->line, what,
                 t->field[0], want, got);
}

/* Files with columns vector, base, temporal, environmental. */
static void check_legacy_file(const char *name, int version)
{
    struct oracle t;
    struct vigil_cvss c;
    long rows = 0;

    tsv_open_in(&t.in, "cvss", name);
    while (oracle_next(&t)) {
        assert_true(t.nfields >= 4);
        parse_row(&t, &c);
        assert_int_equal(c.version, version);
        expect_score(&t, "base", t.field[1], c.base);
        if (*t.field[2])
            expect_score(&t, "temporal", t.field[2], c.temporal);
        if (*t.field[3])
            expect_score(&t, "environmental", t.field[3], c.environmental);

        /* the 2.0 oracle leaves a group out when all of it is ND */
        if (version == VIGIL_CVSS_V20) {
            assert_int_equal(c.has_temporal, *t.field[2] != '\0');
            assert_int_equal(c.has_environmental, *t.field[3] != '\0');
        }
        rows++;
    }
    print_message("%s: %ld rows agree\n", name, rows);
    assert_true(rows > 0);
    tsv_close(&t.in);
}

static void test_v2_oracles(void **state)
{
    (void)state;
    check_legacy_file("cvss-v2.tsv", VIGIL_CVSS_V20);
    check_legacy_file("cvss-v2-generated.tsv", VIGIL_CVSS_V20);
}

static void test_v30_oracles(void **state)
{
    (void)state;
    check_legacy_file("cvss-v30.tsv", VIGIL_CVSS_V30);
    check_legacy_file("cvss-v30-generated.tsv", VIGIL_CVSS_V30);
}

static void test_v31_oracles(void **state)
{
    (void)state;
    check_legacy_file("cvss-v31.tsv", VIGIL_CVSS_V31);
    check_legacy_file("cvss-v31-generated.tsv", VIGIL_CVSS_V31);
}

/*
 * Vectors on which the RedHat library and the FIRST calculator differ
 * by 0.1 (every row of cvss-v40.tsv and cvss-v40-generated.tsv marked
 * as disagreeing): vigil follows the FIRST calculator.
 */
static const struct {
    const char *vector;
    double first;
    double redhat;
} v4_disagreements[] = {
    { "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:H/VA:L/SC:N/SI:N/"
      "SA:L", 5.6, 5.7 },
    { "CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:L/VI:H/VA:N/SC:L/SI:N/"
      "SA:N", 5.6, 5.7 },
    { "CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:A/VC:L/VI:H/VA:N/SC:N/SI:N/"
      "SA:N", 5.6, 5.7 },
    { "CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:L/SC:H/SI:H/"
      "SA:H", 4.9, 5.0 },
    { "CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:N/VI:L/VA:H/SC:L/SI:L/"
      "SA:N", 5.6, 5.7 },
    { "CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:A/VC:L/VI:H/VA:N/SC:L/SI:N/"
      "SA:L", 5.6, 5.7 },
    { "CVSS:4.0/AV:A/AC:H/AT:N/PR:L/UI:N/VC:H/VI:L/VA:H/SC:H/SI:H/"
      "SA:L/E:P/CR:L/IR:M/AR:L/MAV:L/MAT:N/MPR:N/MUI:A/MVC:H/MVI:N/"
      "MVA:N/MSC:L/MSI:L/S:N/AU:Y/R:U/V:C/RE:H/U:Red", 1.9, 2.0 },
    { "CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:A/VC:H/VI:L/VA:H/SC:H/SI:L/"
      "SA:N/E:P/CR:L/AR:X/MAV:P/MAC:H/MAT:N/MPR:N/MUI:P/MVI:N/MVA:L/"
      "MSC:N/MSI:L/MSA:N", 0.6, 0.7 },
    { "CVSS:4.0/AV:A/AC:L/AT:P/PR:L/UI:P/VC:N/VI:N/VA:H/SC:L/SI:L/"
      "SA:N/E:P/CR:H/IR:M/AR:L/MAV:N/MAC:L/MPR:N/MUI:A/MVC:N/MVI:H/"
      "MVA:N/MSC:L/MSI:N/MSA:N/S:X/R:U/V:D/RE:L", 2.4, 2.5 },
    { "CVSS:4.0/AV:L/AC:H/AT:N/PR:H/UI:N/VC:N/VI:L/VA:N/SC:H/SI:H/"
      "SA:H", 4.9, 5.0 },
    { "CVSS:4.0/AV:L/AC:H/AT:N/PR:L/UI:A/VC:L/VI:N/VA:N/SC:N/SI:L/"
      "SA:N/E:P/IR:L/AR:L/MAV:N/MAC:H/MAT:P/MPR:N/MVC:L/MVI:H/MSC:N/"
      "MSA:N/S:P/AU:N/R:I/U:Amber", 2.4, 2.5 },
    { "CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:L/SC:H/SI:H/"
      "SA:N/E:A/CR:L/IR:L/AR:H/MAV:X/MAT:P/MPR:H/MVC:N/MSC:H/MSI:H/"
      "MSA:H/S:N/AU:Y/R:A/RE:H/U:Green", 4.6, 4.7 },
    { "CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:A/VC:H/VI:N/VA:L/SC:N/SI:N/"
      "SA:L", 5.6, 5.7 },
    { "CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:A/VC:N/VI:L/VA:H/SC:L/SI:L/"
      "SA:N", 5.6, 5.7 },
    { "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:L/VA:L/SC:N/SI:N/"
      "SA:H/CR:L/IR:M/AR:L/MAC:L/MAT:P/MVC:N/MVI:N/MVA:N/MSC:H/MSI:H/"
      "MSA:X", 4.9, 5.0 },
    { "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:N/VI:H/VA:H/SC:L/SI:N/"
      "SA:L/E:A/IR:X/MAV:N/MAC:H/MAT:P/MPR:H/MVC:L/MVI:H/MVA:N/MSC:L/"
      "MSI:N/MSA:N/S:N/RE:H", 5.6, 5.7 },
    { "CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:H/VI:L/VA:N/SC:L/SI:L/"
      "SA:N", 5.6, 5.7 },
    { "CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:L/VI:N/VA:N/SC:H/SI:H/"
      "SA:H", 4.9, 5.0 },
    { "CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:N/VI:H/VA:L/SC:N/SI:L/"
      "SA:N", 5.6, 5.7 },
    { "CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:P/VC:N/VI:L/VA:H/SC:H/SI:L/"
      "SA:N/E:P/CR:H/IR:M/AR:L/MAV:L/MAC:L/MPR:L/MUI:A/MVI:H/MVA:H/"
      "MSC:L", 0.6, 0.7 },
    { "CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:A/VC:N/VI:L/VA:L/SC:H/SI:H/"
      "SA:H", 4.9, 5.0 },
    { "CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:L/"
      "SA:L/E:A/CR:H/IR:H/AR:L/MAV:N/MAC:H/MPR:L/MUI:N/MVC:N/MVI:H/"
      "MVA:L", 5.9, 6.0 },
    { "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:H/VI:L/VA:N/SC:L/SI:L/"
      "SA:L", 5.6, 5.7 },
    { "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:H/VI:N/VA:L/SC:N/SI:L/"
      "SA:L", 5.6, 5.7 },
    { "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:H/VI:N/VA:L/SC:N/SI:L/"
      "SA:N", 5.6, 5.7 },
    { "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:H/VA:L/SC:L/SI:N/"
      "SA:N", 5.6, 5.7 },
    { "CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:P/VC:L/VI:N/VA:N/SC:H/SI:N/"
      "SA:L/E:P/CR:L/IR:L/AR:M/MAV:L/MAT:P/MPR:N/MUI:N/MVC:H/MVA:H/"
      "MSC:L/MSI:N/MSA:N", 2.4, 2.5 },
    { "CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:N/VI:H/VA:L/SC:L/SI:N/"
      "SA:L", 5.6, 5.7 },
    { "CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:N/VI:L/VA:H/SC:L/SI:L/"
      "SA:N", 5.6, 5.7 },
    { "CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:A/VC:H/VI:L/VA:H/SC:H/SI:L/"
      "SA:L/E:P/CR:L/IR:M/AR:M/MAC:L/MAT:P/MPR:N/MVC:N/MVI:H/MVA:L/"
      "MSC:N/MSI:L/MSA:N/R:I/RE:M/U:Clear", 2.4, 2.5 },
    { "CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:N/VC:H/VI:H/VA:N/SC:L/SI:N/"
      "SA:N/E:P/CR:M/IR:L/MAV:A/MAC:L/MAT:P/MPR:L/MUI:A/MVI:L/MVA:L/"
      "MSC:N/MSA:L", 0.6, 0.7 },
    { "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:H/VI:L/VA:N/SC:L/SI:N/"
      "SA:L", 5.6, 5.7 },
    { "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:N/VA:L/SC:H/SI:H/"
      "SA:H", 4.9, 5.0 },
    { "CVSS:4.0/AV:P/AC:H/AT:N/PR:H/UI:N/VC:H/VI:H/VA:L/SC:H/SI:H/"
      "SA:H/E:P/CR:L/MAV:P/MAC:H/MAT:P/MPR:H/MUI:P/MVI:N/MVA:L/MSC:N/"
      "MSI:L/MSA:N/S:N/AU:Y/R:A/V:C/RE:X", 0.6, 0.7 },
    { "CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:P/VC:H/VI:H/VA:H/SC:N/SI:L/"
      "SA:N/E:P/CR:L/IR:H/AR:M/MAC:H/MAT:N/MUI:A/MVC:H/MVI:N/MVA:H", 0.6, 0.7 },
};

static int disagreement_index(const char *vector)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(v4_disagreements); i++)
        if (strcmp(v4_disagreements[i].vector, vector) == 0)
            return (int)i;
    return -1;
}

static void test_v4_disagreements_follow_first(void **state)
{
    struct vigil_cvss c;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(v4_disagreements); i++) {
        assert_int_equal(vigil_cvss_parse(v4_disagreements[i].vector, 0, &c,
                                          NULL), 0);
        assert_int_equal(tenths(c.score), tenths(v4_disagreements[i].first));
        assert_int_equal(labs(tenths(c.score)
                              - tenths(v4_disagreements[i].redhat)), 1);
    }
}

/* Whether a 4.0 vector gives threat or environmental metrics. */
static void groups_given(const char *vector, int *threat, int *env)
{
    static const char *const envs[] = {
        "/CR:", "/IR:", "/AR:", "/MAV:", "/MAC:", "/MAT:", "/MPR:",
        "/MUI:", "/MVC:", "/MVI:", "/MVA:", "/MSC:", "/MSI:", "/MSA:",
    };
    char probe[8];
    size_t i;

    *threat = strstr(vector, "/E:") && !strstr(vector, "/E:X");
    *env = 0;
    for (i = 0; i < VIGIL_ARRAY_SIZE(envs); i++) {
        const char *p = strstr(vector, envs[i]);

        snprintf(probe, sizeof(probe), "%sX", envs[i]);
        if (p && strncmp(p, probe, strlen(probe)) != 0)
            *env = 1;
    }
}

/* CVSS-B of a vector is the score of its first twelve fields (prefix
 * and base metrics), the order being fixed. */
static void check_base_only(const struct oracle *t,
                            const struct vigil_cvss *c)
{
    char base[128];
    const char *p = t->field[0];
    struct vigil_cvss b;
    int slashes = 0;
    size_t n = 0;

    while (p[n] && !(p[n] == '/' && ++slashes == 12))
        n++;
    assert_true(n < sizeof(base));
    memcpy(base, p, n);
    base[n] = '\0';
    assert_int_equal(vigil_cvss_parse(base, 0, &b, NULL), 0);
    assert_string_equal(b.nomenclature, "CVSS-B");
    if (tenths(b.score) != tenths(c->base))
        fail_msg("line %ld: CVSS-B of '%s' is %.1f, '%s' scores %.1f",
                 t->line, t->field[0], c->base, base, b.score);
}

/* Columns vector, redhat score, first score, macrovector, agree. */
static void check_v4_file(const char *name, int *seen)
{
    struct oracle t;
    struct vigil_cvss c;
    long rows = 0, differ = 0;
    int threat, env, k;
    char want[16];

    tsv_open_in(&t.in, "cvss", name);
    while (oracle_next(&t)) {
        assert_true(t.nfields >= 5);
        parse_row(&t, &c);
        assert_int_equal(c.version, VIGIL_CVSS_V40);
        expect_score(&t, "score", t.field[2], c.score);
        assert_string_equal(c.macrovector, t.field[3]);
        assert_string_equal(c.severity,
                            vigil_cvss_severity(VIGIL_CVSS_V40, c.score));

        groups_given(t.field[0], &threat, &env);
        snprintf(want, sizeof(want), "CVSS-B%s%s", threat ? "T" : "",
                 env ? "E" : "");
        assert_string_equal(c.nomenclature, want);
        if (!threat && !env)
            assert_int_equal(tenths(c.base), tenths(c.score));
        else
            check_base_only(&t, &c);

        if (strcmp(t.field[4], "yes") != 0) {
            k = disagreement_index(t.field[0]);
            if (k < 0)
                fail_msg("line %ld: '%s' disagrees but is not listed",
                         t.line, t.field[0]);
            seen[k] = 1;
            differ++;
        }
        rows++;
    }
    print_message("%s: %ld rows match the FIRST calculator, %ld of them "
                  "differ from RedHat's\n", name, rows, differ);
    tsv_close(&t.in);
}

static void test_v4_oracles(void **state)
{
    int seen[VIGIL_ARRAY_SIZE(v4_disagreements)] = { 0 };
    size_t i;

    (void)state;
    check_v4_file("cvss-v40.tsv", seen);
    check_v4_file("cvss-v40-generated.tsv", seen);
    for (i = 0; i < VIGIL_ARRAY_SIZE(v4_disagreements); i++)
        if (!seen[i])
            fail_msg("listed '%s' is not in the oracle",
                     v4_disagreements[i].vector);
}

/*
 * Published 4.0 scores whose file row says "no" although the published
 * value is the FIRST calculator's: the file's recomputation is
 * RedHat's (see the data README, "Known discrepancies").
 */
static const char *const published_follow_first[] = {
    "CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:L/VI:H/VA:N/SC:N/SI:N/SA:N",
};

static int follows_first(const char *vector)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(published_follow_first); i++)
        if (strcmp(published_follow_first[i], vector) == 0)
            return 1;
    return 0;
}

/* Columns vector, published, recomputed by RedHat, agree, cve, who. */
static void check_published_file(const char *name, const char *version)
{
    struct oracle t;
    struct vigil_cvss c;
    struct vigil_error err;
    long rows = 0, flagged = 0, marked = 0, temporal = 0;
    int mismatch, expected;

    tsv_open_in(&t.in, "cvss", name);
    while (oracle_next(&t)) {
        assert_true(t.nfields >= 6);
        if (vigil_cvss_check_published(t.field[0], version, number(t.field[1]),
                                       &c, &mismatch, &err) != 0)
            fail_msg("line %ld: %s", t.line, err.msg);

        expected = strcmp(t.field[3], "yes") != 0;
        marked += expected;
        if (expected && follows_first(t.field[0]))
            expected = 0;
        if (((mismatch & VIGIL_CVSS_MISMATCH_SCORE) != 0) != expected)
            fail_msg("line %ld: '%s' published %s (%s): flagged %d, file "
                     "says %s", t.line, t.field[0], t.field[1], t.field[4],
                     mismatch, t.field[3]);
        assert_false(mismatch & VIGIL_CVSS_MISMATCH_VERSION);
        flagged += (mismatch & VIGIL_CVSS_MISMATCH_SCORE) != 0;
        temporal += (mismatch & VIGIL_CVSS_MISMATCH_TEMPORAL) != 0;
        rows++;
    }
    print_message("%s: %ld rows, %ld marked by the file, %ld flagged "
                  "(%ld carry the temporal or environmental score)\n",
                  name, rows, marked, flagged, temporal);
    tsv_close(&t.in);
}

static void test_published_scores(void **state)
{
    (void)state;
    check_published_file("cvss-published-cvssV2_0.tsv", "2.0");
    check_published_file("cvss-published-cvssV3_0.tsv", "3.0");
    check_published_file("cvss-published-cvssV3_1.tsv", "3.1");
    check_published_file("cvss-published-cvssV4_0.tsv", "4.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_oracles),
        cmocka_unit_test(test_v30_oracles),
        cmocka_unit_test(test_v31_oracles),
        cmocka_unit_test(test_v4_disagreements_follow_first),
        cmocka_unit_test(test_v4_oracles),
        cmocka_unit_test(test_published_scores),
    };

    return cmocka_run_group_tests_name("cvss", tests, NULL, NULL);
}
