/*
 * test_policy.c - the priority policy as tables: inputs (with policy
 * settings) against priority, due date and the exact reasons; the
 * settable keys; and the choice of the score that drives priority.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/policy.h"
#include "internal.h"

#define P_LOW VIGIL_PRIORITY_LOW
#define P_MED VIGIL_PRIORITY_MEDIUM
#define P_HIGH VIGIL_PRIORITY_HIGH
#define P_CRIT VIGIL_PRIORITY_CRITICAL

enum { NOCRIT, CLOW, CMED, CHIGH, CCRIT };   /* criticality shorthands */

static const struct {
    const char *settings;   /* "key=value key=value", or NULL */
    int kev, ransomware;
    const char *kev_due;    /* or NULL */
    double epss, pct;       /* < 0: absent */
    double cvss;            /* < 0: absent */
    int version;
    int criticality, production;
    enum vigil_priority want;
    const char *due;
    const char *reasons[VIGIL_POLICY_MAX_REASONS + 1];
} cases[] = {
    { NULL, 0, 0, NULL, -1, -1, 9.8, 31, CMED, 1, P_CRIT, "2025-01-08",
      { "CVSS 3.1 9.8 >= 9.0 -> Critical",
        "Critical SLA 7 days -> due 2025-01-08", NULL } },
    { NULL, 0, 0, NULL, 0.42, 0.97, 7.5, 31, CHIGH, 1, P_CRIT, "2025-01-08",
      { "CVSS 3.1 7.5 >= 7.0 -> High",
        "EPSS 0.42 >= 0.10 raises High to Critical",
        "Critical SLA 7 days -> due 2025-01-08", NULL } },
    /* the example of docs/PRIORITY.md */
    { NULL, 0, 0, NULL, 0.42, 0.97, 7.5, 31, CLOW, 1, P_HIGH, "2025-01-31",
      { "CVSS 3.1 7.5 >= 7.0 -> High",
        "EPSS 0.42 >= 0.10 raises High to Critical",
        "asset criticality low lowers Critical to High",
        "High SLA 30 days -> due 2025-01-31", NULL } },
    { NULL, 0, 0, NULL, 0.01, 0.5, 7.5, 31, CHIGH, 1, P_HIGH, "2025-01-31",
      { "CVSS 3.1 7.5 >= 7.0 -> High", "EPSS 0.01 < 0.10: no change",
        "High SLA 30 days -> due 2025-01-31", NULL } },
    { NULL, 1, 0, "2025-01-05", -1, -1, 5.3, 31, CMED, 1, P_CRIT,
      "2025-01-05",
      { "CVSS 3.1 5.3 >= 4.0 -> Medium", "KEV listed -> Critical",
        "Critical SLA 7 days -> due 2025-01-08",
        "KEV due date 2025-01-05 is earlier than 2025-01-08 -> due "
        "2025-01-05", NULL } },
    /* a KEV entry on a low-criticality system: lowered, not below High */
    { NULL, 1, 0, "2025-03-01", -1, -1, 9.8, 31, CLOW, 1, P_HIGH,
      "2025-01-31",
      { "CVSS 3.1 9.8 >= 9.0 -> Critical", "KEV listed: already Critical",
        "asset criticality low lowers Critical to High",
        "High SLA 30 days -> due 2025-01-31", NULL } },
    { NULL, 1, 0, NULL, -1, -1, 2.0, 31, CLOW, 0, P_HIGH, "2025-01-31",
      { "CVSS 3.1 2.0 < 4.0 -> Low", "KEV listed -> Critical",
        "asset criticality low and no production system lowers Critical "
        "to High", "High SLA 30 days -> due 2025-01-31", NULL } },
    { "kev_floor=critical", 1, 0, NULL, -1, -1, 2.0, 31, CLOW, 1, P_CRIT,
      "2025-01-08",
      { "CVSS 3.1 2.0 < 4.0 -> Low", "KEV listed -> Critical",
        "asset criticality low lowers Critical to High",
        "KEV floor (kev_floor) keeps Critical",
        "Critical SLA 7 days -> due 2025-01-08", NULL } },
    { NULL, 1, 1, NULL, -1, -1, 6.5, 31, CLOW, 0, P_CRIT, "2025-01-08",
      { "CVSS 3.1 6.5 >= 4.0 -> Medium",
        "KEV listed with known ransomware use -> Critical",
        "asset criticality low and no production system lowers Critical "
        "to High", "KEV floor (kev_ransomware_floor) keeps Critical",
        "Critical SLA 7 days -> due 2025-01-08", NULL } },
    { NULL, 0, 0, NULL, -1, -1, -1, 0, NOCRIT, -1, P_MED, "2025-04-01",
      { "no CVSS score -> Medium (unscored_priority)",
        "Medium SLA 90 days -> due 2025-04-01", NULL } },
    { NULL, 0, 0, NULL, -1, -1, 10.0, 20, CCRIT, 1, P_CRIT, "2025-01-08",
      { "CVSS 2.0 10.0 >= 9.0 -> Critical",
        "asset criticality critical keeps Critical",
        "Critical SLA 7 days -> due 2025-01-08", NULL } },
    { NULL, 0, 0, NULL, -1, -1, 3.9, 40, CCRIT, -1, P_MED, "2025-04-01",
      { "CVSS 4.0 3.9 < 4.0 -> Low",
        "asset criticality critical raises Low to Medium",
        "Medium SLA 90 days -> due 2025-04-01", NULL } },
    { NULL, 0, 0, NULL, -1, -1, 5.0, 30, CHIGH, 0, P_LOW, "2025-06-30",
      { "CVSS 3.0 5.0 >= 4.0 -> Medium",
        "no production system (criticality high) lowers Medium to Low",
        "Low SLA 180 days -> due 2025-06-30", NULL } },
    { NULL, 0, 0, NULL, -1, -1, 2.0, 31, CLOW, 1, P_LOW, "2025-06-30",
      { "CVSS 3.1 2.0 < 4.0 -> Low", "asset criticality low keeps Low",
        "Low SLA 180 days -> due 2025-06-30", NULL } },
    /* critical systems whose production use is unknown still count */
    { NULL, 0, 0, NULL, 0.97, 1.0, 9.9, 31, CCRIT, -1, P_CRIT, "2025-01-08",
      { "CVSS 3.1 9.9 >= 9.0 -> Critical",
        "EPSS 0.97 >= 0.10 keeps Critical",
        "asset criticality critical keeps Critical",
        "Critical SLA 7 days -> due 2025-01-08", NULL } },
    { "epss_percentile_raise=0.95", 0, 0, NULL, 0.05, 0.97, 5.0, 31, CMED, 1,
      P_HIGH, "2025-01-31",
      { "CVSS 3.1 5.0 >= 4.0 -> Medium",
        "EPSS percentile 0.97 >= 0.95 raises Medium to High",
        "High SLA 30 days -> due 2025-01-31", NULL } },
    { "epss_raise=0", 0, 0, NULL, 0.9, 0.99, 5.0, 31, CMED, 1, P_MED,
      "2025-04-01",
      { "CVSS 3.1 5.0 >= 4.0 -> Medium",
        "Medium SLA 90 days -> due 2025-04-01", NULL } },
    { "asset_adjust=no", 0, 0, NULL, -1, -1, 7.0, 31, CLOW, 0, P_HIGH,
      "2025-01-31",
      { "CVSS 3.1 7.0 >= 7.0 -> High",
        "High SLA 30 days -> due 2025-01-31", NULL } },
    { "kev_due_date=no sla_critical_days=3", 1, 0, "2025-01-02", -1, -1,
      9.0, 31, CMED, 1, P_CRIT, "2025-01-04",
      { "CVSS 3.1 9.0 >= 9.0 -> Critical", "KEV listed: already Critical",
        "Critical SLA 3 days -> due 2025-01-04", NULL } },
    { "cvss_critical=9.5 unscored_priority=high", 0, 0, NULL, -1, -1, 9.4,
      31, CMED, 1, P_HIGH, "2025-01-31",
      { "CVSS 3.1 9.4 >= 7.0 -> High",
        "High SLA 30 days -> due 2025-01-31", NULL } },
};

static void apply_settings(struct vigil_policy *p, const char *settings)
{
    char buf[256], *key, *save = NULL;
    struct vigil_error err;

    vigil_policy_init(p);
    if (!settings)
        return;
    snprintf(buf, sizeof(buf), "%s", settings);
    for (key = strtok_r(buf, " ", &save); key;
         key = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(key, '=');

        assert_non_null(eq);
        *eq = '\0';
        if (vigil_policy_set(p, key, eq + 1, &err) != 0)
            fail_msg("%s", err.msg);
    }
}

static time_t day(const char *s)
{
    time_t t;

    assert_int_equal(vigil_time_parse(s, &t), 0);
    return t;
}

static void test_policy_table(void **state)
{
    size_t i, k;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        struct vigil_policy pol;
        struct vigil_policy_input in;
        struct vigil_policy_result r;
        char due[16];

        apply_settings(&pol, cases[i].settings);
        memset(&in, 0, sizeof(in));
        in.kev = cases[i].kev;
        in.kev_ransomware = cases[i].ransomware;
        in.kev_due = cases[i].kev_due ? day(cases[i].kev_due) : 0;
        in.has_epss = cases[i].epss >= 0;
        in.epss = cases[i].epss;
        in.has_percentile = cases[i].pct >= 0;
        in.percentile = cases[i].pct;
        in.has_cvss = cases[i].cvss >= 0;
        in.cvss = cases[i].cvss;
        in.cvss_version = cases[i].version;
        in.criticality = (enum vigil_criticality)cases[i].criticality;
        in.production = cases[i].production;
        in.identified = day("2025-01-01T09:30:00Z");

        assert_int_equal(vigil_policy_evaluate(&pol, &in, &r), 0);
        for (k = 0; k < r.nreasons; k++)
            print_message("case %zu: %s\n", i, r.reasons[k]);
        assert_int_equal(r.priority, cases[i].want);
        vigil_date_format(r.due, due, sizeof(due));
        assert_string_equal(due, cases[i].due);
        assert_int_equal(r.sla_days, pol.sla_days[r.priority]);
        for (k = 0; cases[i].reasons[k]; k++) {
            assert_true(k < r.nreasons);
            assert_string_equal(r.reasons[k], cases[i].reasons[k]);
        }
        assert_int_equal(r.nreasons, k);
    }
}

static void test_policy_rejects_bad_input(void **state)
{
    struct vigil_policy pol;
    struct vigil_policy_input in;
    struct vigil_policy_result r;

    (void)state;
    vigil_policy_init(&pol);
    memset(&in, 0, sizeof(in));
    in.has_cvss = 1;
    in.cvss = 10.5;
    assert_int_equal(vigil_policy_evaluate(&pol, &in, &r), VIGIL_EINVAL);
    in.cvss = NAN;
    assert_int_equal(vigil_policy_evaluate(&pol, &in, &r), VIGIL_EINVAL);
    in.cvss = 5.0;
    in.has_epss = 1;
    in.epss = 1.5;
    assert_int_equal(vigil_policy_evaluate(&pol, &in, &r), VIGIL_EINVAL);
    in.epss = 0.5;
    in.criticality = (enum vigil_criticality)9;
    assert_int_equal(vigil_policy_evaluate(&pol, &in, &r), VIGIL_EINVAL);
    in.criticality = VIGIL_CRITICALITY_HIGH;
    assert_int_equal(vigil_policy_evaluate(&pol, &in, &r), 0);
}

static const struct {
    const char *key, *value;
    int rc;
    const char *after;      /* vigil_policy_get() afterwards */
} settings[] = {
    { "cvss_critical", "9.5", 0, "9.5" },
    { "cvss_critical", "abc", VIGIL_EINVAL, "9" },
    { "cvss_critical", "11", VIGIL_ERANGE, "9" },
    { "cvss_critical", "9.0x", VIGIL_EINVAL, "9" },
    { "epss_raise", "0.2", 0, "0.2" },
    { "epss_raise", "-0.1", VIGIL_ERANGE, "0.1" },
    { "sla_high_days", "14", 0, "14" },
    { "sla_high_days", "0", VIGIL_ERANGE, "30" },
    { "sla_high_days", "7.5", VIGIL_EINVAL, "30" },
    { "asset_adjust", "off", 0, "no" },
    { "asset_adjust", "maybe", VIGIL_EINVAL, "yes" },
    { "kev_priority", "HIGH", 0, "high" },
    { "kev_priority", "urgent", VIGIL_EINVAL, "critical" },
    { "score_source", "nvd", 0, "nvd" },
    { "score_source", "vendor", VIGIL_EINVAL, "cna" },
    { "score_version", "any", 0, "any" },
    { "score_scenario", "lowest", 0, "lowest" },
    { "no_such_key", "1", VIGIL_ENOTFOUND, NULL },
};

static void test_policy_settings(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(settings); i++) {
        struct vigil_policy pol, before;
        struct vigil_error err;
        char out[64];
        int rc;

        vigil_policy_init(&pol);
        before = pol;
        vigil_error_clear(&err);
        rc = vigil_policy_set(&pol, settings[i].key, settings[i].value,
                              &err);
        assert_int_equal(rc, settings[i].rc);
        if (rc != 0) {
            assert_non_null(strstr(err.msg, settings[i].key));
            assert_memory_equal(&pol, &before, sizeof(pol));
        }
        if (settings[i].after) {
            assert_int_equal(vigil_policy_get(&pol, settings[i].key, out,
                                              sizeof(out)), 0);
            assert_string_equal(out, settings[i].after);
        }
    }
}

/* Every key's value reads back into an identical policy. */
static void test_policy_keys_round_trip(void **state)
{
    struct vigil_policy a, b;
    const struct vigil_policy_key *k;
    struct vigil_error err;
    char out[64];
    size_t i;

    (void)state;
    vigil_policy_init(&a);
    memset(&b, 0, sizeof(b));
    for (i = 0; (k = vigil_policy_key_at(i)) != NULL; i++) {
        assert_non_null(k->type);
        assert_true(strlen(k->help) > 10);
        assert_int_equal(vigil_policy_get(&a, k->name, out, sizeof(out)), 0);
        if (vigil_policy_set(&b, k->name, out, &err) != 0)
            fail_msg("%s: %s", k->name, err.msg);
    }
    assert_int_equal(i, 18);
    assert_memory_equal(&a, &b, sizeof(a));
    assert_int_equal(vigil_policy_check(&a, &err), 0);
    assert_int_equal(vigil_policy_set(&a, "cvss_high", "9.5", &err), 0);
    assert_int_equal(vigil_policy_check(&a, &err), VIGIL_EINVAL);
    assert_non_null(strstr(err.msg, "cvss_high 9.5"));
}

static void test_names(void **state)
{
    enum vigil_priority p;
    enum vigil_criticality c;

    (void)state;
    assert_string_equal(vigil_priority_name(P_CRIT), "Critical");
    assert_string_equal(vigil_priority_name((enum vigil_priority)7), "?");
    assert_int_equal(vigil_priority_from_name("medium", &p), 0);
    assert_int_equal(p, P_MED);
    assert_int_equal(vigil_priority_from_name("severe", &p), VIGIL_EINVAL);
    assert_int_equal(vigil_criticality_from_name("Critical", &c), 0);
    assert_int_equal(c, VIGIL_CRITICALITY_CRITICAL);
    assert_string_equal(vigil_criticality_name(VIGIL_CRITICALITY_LOW), "low");
    assert_int_equal(vigil_criticality_from_name("", &c), VIGIL_EINVAL);
}

#define V31_CRIT "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
#define V31_HIGH "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"
#define V31_TEMP V31_CRIT "/E:U/RL:O/RC:R"
#define V40_CRIT "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/" \
                 "SC:N/SI:N/SA:N"

/* source, type, version, vector, published, has_published, severity */
static const struct vigil_score cna_and_nvd[] = {
    { "nvd@nist.gov", "Primary", "3.1", V31_HIGH, 7.5, 1, NULL, 0, 0, 0, NULL },
    { "GitHub_M", "cna", "3.1", V31_CRIT, 9.8, 1, NULL, 0, 0, 0, NULL },
};
static const struct vigil_score versions[] = {
    { "apache", "cna", "3.1", V31_HIGH, 7.5, 1, NULL, 0, 0, 0, NULL },
    { "apache", "cna", "4.0", V40_CRIT, 9.3, 1, NULL, 0, 0, 0, NULL },
    { "apache", "cna", "3.1", V31_CRIT, 9.8, 1, NULL, 0, 0, 0, NULL },
};
static const struct vigil_score temporal_as_base[] = {
    { "fortinet", "cna", "3.1", V31_TEMP, 8.2, 1, NULL, 0, 0, 0, NULL },
};
static const struct vigil_score unreadable[] = {
    { "acme", NULL, "3.1", "CVSS:3.1/AV:N/AC:L", 5.0, 1, NULL, 0, 0, 0, NULL },
    { "acme", NULL, "9.9", "garbage", 0, 0, NULL, 0, 0, 0, NULL },
};
static const struct vigil_score adp_and_nvd[] = {
    { "nvd", NULL, "3.1", V31_CRIT, 9.8, 1, NULL, 0, 0, 0, NULL },
    { "CISA-ADP", "adp", "3.1", V31_HIGH, 7.5, 1, NULL, 0, 0, 0, NULL },
    { "osv", NULL, "2.0", "AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5, 1, NULL, 0, 0,
      0, NULL },
};

static const struct {
    const char *settings;
    const struct vigil_score *scores;
    size_t n;
    size_t want;
    double score;
    const char *reason;
} picks[] = {
    { NULL, cna_and_nvd, 2, 1, 9.8,
      "CVSS 3.1 9.8 from 'GitHub_M' (cna); cna preferred over nvd" },
    { "score_source=nvd", cna_and_nvd, 2, 0, 7.5,
      "CVSS 3.1 7.5 from 'nvd@nist.gov' (Primary); nvd preferred over cna" },
    { "score_source=any score_scenario=lowest", cna_and_nvd, 2, 0, 7.5,
      "CVSS 3.1 7.5 from 'nvd@nist.gov' (Primary); lowest of 2" },
    { NULL, versions, 3, 1, 9.3,
      "CVSS 4.0 9.3 from 'apache' (cna); newest version, over 3.1" },
    { "score_version=any", versions, 3, 2, 9.8,
      "CVSS 3.1 9.8 from 'apache' (cna); highest of 3" },
    { "score_version=any score_scenario=lowest", versions, 3, 0, 7.5,
      "CVSS 3.1 7.5 from 'apache' (cna); lowest of 3" },
    { NULL, temporal_as_base, 1, 0, 8.2,
      "CVSS 3.1 8.2 from 'fortinet' (cna): only score; published 8.2 is "
      "not base but temporal, the vector's base is 9.8" },
    { NULL, unreadable, 2, 0, 5.0,
      "CVSS 3.1 5.0 from 'acme': only score; vector unreadable, published "
      "score used" },
    { NULL, adp_and_nvd, 3, 2, 7.5,
      "CVSS 2.0 7.5 from 'osv'; cna preferred over adp and nvd" },
    { "score_source=any", adp_and_nvd, 3, 0, 9.8,
      "CVSS 3.1 9.8 from 'nvd'; newest version, over 2.0; highest of 2" },
};

static void test_select_score(void **state)
{
    struct vigil_policy pol;
    struct vigil_score_choice c;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(picks); i++) {
        apply_settings(&pol, picks[i].settings);
        assert_int_equal(vigil_policy_select_score(&pol, picks[i].scores,
                                                   picks[i].n, &c), 0);
        print_message("pick %zu: %s\n", i, c.reason);
        assert_int_equal(c.index, picks[i].want);
        assert_int_equal(lround(c.score * 10), lround(picks[i].score * 10));
        assert_string_equal(c.reason, picks[i].reason);
    }

    /* the temporal vector: recomputed, and the mismatch is kept */
    vigil_policy_init(&pol);
    assert_int_equal(vigil_policy_select_score(&pol, temporal_as_base, 1,
                                               &c), 0);
    assert_true(c.recomputed);
    assert_int_equal(c.mismatch, VIGIL_CVSS_MISMATCH_SCORE
                                     | VIGIL_CVSS_MISMATCH_TEMPORAL);
    assert_int_equal(vigil_policy_select_score(&pol, unreadable + 1, 1, &c),
                     VIGIL_ENOTFOUND);
    assert_int_equal(vigil_policy_select_score(&pol, NULL, 0, &c),
                     VIGIL_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_table),
        cmocka_unit_test(test_policy_rejects_bad_input),
        cmocka_unit_test(test_policy_settings),
        cmocka_unit_test(test_policy_keys_round_trip),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_select_score),
    };

    return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
