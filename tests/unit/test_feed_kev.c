/*
 * test_feed_kev.c - the CISA KEV catalog parser on the real catalog and
 * on fixtures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/feed.h"
#include "feed_helpers.h"
#include "internal.h"

static void check_log4shell(const struct vigil_advisory *a)
{
    assert_string_equal(a->format, "kev");
    assert_string_equal(a->source, "cisa-kev");
    assert_non_null(a->kev);
    assert_string_equal(a->kev->date_added, "2021-12-10");
    assert_string_equal(a->kev->due_date, "2021-12-24");
    assert_int_equal(a->kev->ransomware, 1);
    assert_string_equal(a->kev->vendor, "Apache");
    assert_string_equal(a->kev->product, "Log4j2");
    assert_string_equal(a->title,
                        "Apache Log4j2 Remote Code Execution Vulnerability");
    assert_string_equal(a->published, "2021-12-10T00:00:00Z");
    assert_int_equal(a->ncwes, 3);
    assert_string_equal(a->cwes[2], "CWE-502");
    assert_int_equal(a->nrefs, 1);
    assert_string_equal(a->refs[0].url,
                        "https://nvd.nist.gov/vuln/detail/CVE-2021-44228");
    assert_int_equal(a->naffected, 1);
    assert_int_equal(a->affected[0].kind, VIGIL_AFF_PRODUCT);
    assert_string_equal(a->affected[0].product, "Log4j2");
    assert_non_null(strstr(a->raw, "\"cveID\":\"CVE-2021-44228\""));
}

/* Every catalog entry is one record, counted with cJSON directly. */
static void test_kev_catalog(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];
    cJSON *root;
    int want;

    (void)state;
    if (!shared_path(path, sizeof(path),
                     "kev/known_exploited_vulnerabilities.json"))
        skip();
    root = load_json(path);
    assert_non_null(root);
    want = cJSON_GetArraySize(cJSON_GetObjectItem(root, "vulnerabilities"));
    cJSON_Delete(root);
    assert_true(want > 1000);

    sink = collect_sink(&c);
    c.want_id = "CVE-2021-44228";
    c.check = check_log4shell;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.last_fmt, VIGIL_FMT_KEV);
    assert_int_equal(c.nadv, (size_t)want);
    assert_int_equal(c.nerr, 0);
    assert_int_equal(c.nunsound, 0);
    assert_int_equal(c.nchecked, 1);
}

/* The CSV copy of the catalog gives as many records as the JSON. */
static void test_kev_csv(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096], json_path[4096];
    size_t njson;

    (void)state;
    if (!shared_path(path, sizeof(path),
                     "kev/known_exploited_vulnerabilities.csv") ||
        !shared_path(json_path, sizeof(json_path),
                     "kev/known_exploited_vulnerabilities.json"))
        skip();
    sink = collect_sink(&c);
    assert_int_equal(parse_path(json_path, VIGIL_FMT_UNKNOWN, &sink), 0);
    njson = c.nadv;
    sink = collect_sink(&c);
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nerr, 0);
    assert_true(njson > 1000);
    assert_int_equal(c.nadv, njson);
}

static void check_fixture_first(const struct vigil_advisory *a)
{
    assert_int_equal(a->nrefs, 2);
    assert_string_equal(a->refs[0].url,
                        "https://example.com/advisories/2023-0001");
    assert_string_equal(a->refs[1].url,
                        "https://nvd.nist.gov/vuln/detail/CVE-2023-0001");
    assert_int_equal(a->ncwes, 1);
    assert_string_equal(a->cwes[0], "CWE-22");
    assert_int_equal(a->kev->ransomware, 1);
    assert_string_equal(a->kev->required_action,
                        "Apply mitigations per vendor instructions or "
                        "discontinue use of the product if mitigations are "
                        "unavailable.");
    assert_string_equal(a->description, "Widget Server lets a remote user "
                        "read files outside the web root.");
    assert_null(a->modified);
}

static void check_fixture_last(const struct vigil_advisory *a)
{
    assert_int_equal(a->nrefs, 0);
    assert_int_equal(a->ncwes, 0);
    assert_int_equal(a->kev->ransomware, 0);
    assert_string_equal(a->published, "2024-01-03T00:00:00Z");
}

/* One entry without cveID is reported; the others still arrive. */
static void test_kev_fixture(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    (void)state;
    fixture_path(path, sizeof(path), "kev/ok_catalog.json");
    sink = collect_sink(&c);
    c.want_id = "CVE-2023-0001";
    c.check = check_fixture_first;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nadv, 2);
    assert_int_equal(c.nchecked, 1);
    assert_int_equal(c.nerr, 1);
    assert_int_equal(c.last_code, VIGIL_EPARSE);
    assert_string_equal(c.last_record, "#1");
    assert_non_null(strstr(c.last_msg, "'cveID' is missing"));

    sink = collect_sink(&c);
    c.want_id = "CVE-2023-0002";
    c.check = check_fixture_last;
    assert_int_equal(parse_path(path, VIGIL_FMT_KEV, &sink), 0);
    assert_int_equal(c.nchecked, 1);
}

/* Not a catalog: unknown when detecting, malformed when forced. */
static void test_kev_bad_catalog(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    (void)state;
    fixture_path(path, sizeof(path), "kev/bad_not_array.json");
    sink = collect_sink(&c);
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink),
                     VIGIL_EFORMAT);
    assert_int_equal(c.nerr, 1);
    sink = collect_sink(&c);
    assert_int_equal(parse_path(path, VIGIL_FMT_KEV, &sink), VIGIL_EPARSE);
    assert_int_equal(c.nerr, 1);
    assert_non_null(strstr(c.last_msg, "'vulnerabilities'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kev_catalog),
        cmocka_unit_test(test_kev_csv),
        cmocka_unit_test(test_kev_fixture),
        cmocka_unit_test(test_kev_bad_catalog),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
