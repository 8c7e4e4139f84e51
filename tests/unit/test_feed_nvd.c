/*
 * test_feed_nvd.c - NVD API 2.0 responses, bare {"cve": ...} objects and
 * the legacy 1.1 feed, on real data and on fixtures.
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

/*
 * How many records a file holds, counted with cJSON: the length of
 * "vulnerabilities" or "CVE_Items", 1 for a bare "cve" object, -1 when
 * it is no NVD document at all.
 */
static int nvd_count(const char *path)
{
    cJSON *root = load_json(path), *list;
    int n = -1;

    assert_non_null(root);
    list = cJSON_GetObjectItem(root, "vulnerabilities");
    if (!list)
        list = cJSON_GetObjectItem(root, "CVE_Items");
    if (cJSON_IsArray(list))
        n = cJSON_GetArraySize(list);
    else if (cJSON_IsObject(cJSON_GetObjectItem(root, "cve")))
        n = 1;
    cJSON_Delete(root);
    return n;
}

static void check_dir(const char *sub, size_t *total)
{
    struct vigil_feed_sink sink;
    struct file_list files = { NULL, 0 };
    struct collect c;
    char dir[4096];
    size_t i;
    int want, rc;

    if (!shared_path(dir, sizeof(dir), sub))
        skip();
    list_files_into(&files, dir);
    assert_true(files.n > 0);
    for (i = 0; i < files.n; i++) {
        want = nvd_count(files.paths[i]);
        sink = collect_sink(&c);
        rc = parse_path(files.paths[i], VIGIL_FMT_UNKNOWN, &sink);
        if (want < 0) {
            /* osv.dev's CPE-to-repository map sits beside the pages */
            assert_int_equal(rc, 0);
            assert_int_equal(c.nadv, 0);
            assert_int_equal(c.nerr, 0);
            assert_int_equal(c.nskipped, 1);
            assert_non_null(strstr(c.last_skip, "CPE-to-repository"));
            continue;
        }
        if (rc != 0 || c.nerr != 0 || c.nadv != (size_t)want)
            fail_msg("%s: rc %d, %zu records (want %d), %zu errors: %s",
                     files.paths[i], rc, c.nadv, want, c.nerr, c.last_msg);
        assert_int_equal(c.last_fmt, VIGIL_FMT_NVD);
        assert_int_equal(c.nunsound, 0);
        *total += c.nadv;
    }
    list_free(&files);
}

static void test_nvd_shared(void **state)
{
    size_t total = 0;

    (void)state;
    check_dir("nvd/api2-osvdev", &total);
    check_dir("nvd/grype", &total);
    check_dir("nvd/vulnerablecode", &total);
    check_dir("nvd/legacy-1.1", &total);
    assert_true(total > 600);
}

static void check_smoothie(const struct vigil_advisory *a)
{
    const struct vigil_range *g;

    assert_string_equal(a->format, "nvd");
    assert_string_equal(a->published, "2022-12-21T05:15:11Z");
    assert_string_equal(a->modified, "2022-12-27T22:43:39Z");
    assert_int_equal(a->nscores, 2);
    assert_string_equal(a->scores[0].source, "nvd@nist.gov");
    assert_string_equal(a->scores[0].type, "Primary");
    assert_string_equal(a->scores[1].type, "Secondary");
    assert_true(a->scores[0].has_published);
    assert_true(a->scores[0].published > 5.39 &&
                a->scores[0].published < 5.41);
    assert_int_equal(a->ncwes, 1);
    assert_string_equal(a->cwes[0], "CWE-79");
    assert_int_equal(a->naffected, 1);
    assert_int_equal(a->affected[0].kind, VIGIL_AFF_CPE);
    assert_string_equal(a->affected[0].vendor, "smoothiecharts");
    assert_string_equal(a->affected[0].product, "smoothie_charts");
    assert_string_equal(a->affected[0].node, "0/0");
    assert_true(a->affected[0].vulnerable);
    assert_int_equal(a->affected[0].nranges, 1);
    g = &a->affected[0].ranges[0];
    assert_string_equal(g->type, "BOUNDS");
    assert_string_equal(g->start, "1.31.0");
    assert_true(g->start_incl);
    assert_string_equal(g->end, "1.36.1");
    assert_false(g->end_incl);
    assert_null(g->exact);
}

static void check_kev_copy(const struct vigil_advisory *a)
{
    assert_non_null(a->kev);
    assert_non_null(a->kev->date_added);
    assert_non_null(a->kev->name);
    assert_null(a->kev->vendor);
}

static void run_one(const char *sub, const char *id, check_fn check,
                    size_t *nwithdrawn)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    if (!shared_path(path, sizeof(path), sub))
        skip();
    sink = collect_sink(&c);
    c.want_id = id;
    c.check = check;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nchecked, id ? 1 : 0);
    if (nwithdrawn)
        *nwithdrawn = c.nwithdrawn;
}

static void test_nvd_real_records(void **state)
{
    size_t nwithdrawn = 0;

    (void)state;
    run_one("nvd/api2-osvdev/CVE-2022-25929.json", "CVE-2022-25929",
            check_smoothie, NULL);
    run_one("nvd/grype/cve-2022-0543.json", "CVE-2022-0543", check_kev_copy,
            NULL);
    run_one("nvd/vulnerablecode/rejected_nvd.json", NULL, NULL,
            &nwithdrawn);
    assert_true(nwithdrawn >= 1);
}

static void check_router(const struct vigil_advisory *a)
{
    const struct vigil_affected *f = a->affected;

    assert_string_equal(a->description, "Example router firmware before "
                        "2.4.1 lets a remote attacker skip authentication.");
    assert_int_equal(a->nscores, 2);
    assert_string_equal(a->scores[0].version, "2.0");
    assert_string_equal(a->scores[0].severity, "HIGH");
    assert_string_equal(a->scores[1].version, "3.1");
    assert_int_equal(a->ncwes, 1);
    assert_int_equal(a->nrefs, 1);
    assert_string_equal(a->refs[0].type, "Vendor Advisory,Patch");
    assert_string_equal(a->kev->date_added, "2023-05-05");
    assert_string_equal(a->kev->due_date, "2023-05-26");

    assert_int_equal(a->naffected, 4);
    assert_string_equal(f[0].node, "0/0");
    assert_string_equal(f[0].config_operator, "AND");
    assert_string_equal(f[0].node_operator, "OR");
    assert_null(f[0].ranges[0].exact);
    assert_string_equal(f[1].ranges[0].exact, "1.9(b)");
    assert_string_equal(f[2].node, "0/1");
    assert_true(f[2].node_negate);
    assert_false(f[2].vulnerable);
    assert_string_equal(f[2].product, "rt-100");
    assert_null(f[2].ranges[0].exact);
    assert_string_equal(f[3].node, "1/0");
    assert_null(f[3].config_operator);
    assert_string_equal(f[3].ranges[0].start, "1.0");
    assert_false(f[3].ranges[0].start_incl);
    assert_string_equal(f[3].ranges[0].end, "1.8");
    assert_true(f[3].ranges[0].end_incl);
}

static void check_rejected(const struct vigil_advisory *a)
{
    assert_true(a->withdrawn);
    assert_int_equal(a->naffected, 0);
    assert_null(a->kev);
}

/* A node without cpeMatch is skipped with a warning, not an error. */
static void test_nvd_fixture(void **state)
{
    static struct log_catch log;
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    (void)state;
    memset(&log, 0, sizeof(log));
    vigil_set_log_fn(catch_log, &log);
    fixture_path(path, sizeof(path), "nvd/ok_configurations.json");
    sink = collect_sink(&c);
    c.want_id = "CVE-2023-1111";
    c.check = check_router;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nchecked, 1);
    assert_int_equal(c.nadv, 2);
    assert_int_equal(c.nerr, 0);
    assert_int_equal(log.nwarn, 1);
    assert_non_null(strstr(log.last, "node 2 has no cpeMatch"));

    sink = collect_sink(&c);
    c.want_id = "CVE-2023-2222";
    c.check = check_rejected;
    assert_int_equal(parse_path(path, VIGIL_FMT_NVD, &sink), 0);
    assert_int_equal(c.nchecked, 1);
    vigil_set_log_fn(NULL, NULL);
}

static void check_legacy(const struct vigil_advisory *a)
{
    const struct vigil_affected *f = a->affected;

    assert_string_equal(a->published, "2021-04-01T14:15:00Z");
    assert_int_equal(a->nscores, 2);
    assert_string_equal(a->scores[0].severity, "MEDIUM");
    assert_string_equal(a->cwes[0], "CWE-79");
    assert_string_equal(a->refs[0].type, "Issue Tracking");
    assert_int_equal(a->naffected, 3);
    assert_string_equal(f[0].node, "0/0");
    assert_string_equal(f[0].config_operator, "AND");
    assert_string_equal(f[0].ranges[0].end, "3.2");
    assert_string_equal(f[1].node, "0/1");
    assert_false(f[1].vulnerable);
    assert_string_equal(f[2].node, "1/0");
    assert_null(f[2].config_operator);
    assert_string_equal(f[2].ranges[0].exact, "1.0");
}

static void test_nvd_legacy_fixture(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    (void)state;
    fixture_path(path, sizeof(path), "nvd/ok_legacy.json");
    sink = collect_sink(&c);
    c.want_id = "CVE-2021-3333";
    c.check = check_legacy;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nchecked, 1);
    assert_int_equal(c.nerr, 0);
}

static char raw_copy[4096];

static void keep_raw(const struct vigil_advisory *a)
{
    assert_true(a->raw_len < sizeof(raw_copy));
    memcpy(raw_copy, a->raw, a->raw_len);
    raw_copy[a->raw_len] = '\0';
}

/* The raw of a response record is its {"cve": ...} wrapper, which is a
 * bare NVD document itself. */
static void test_nvd_raw_reparses(void **state)
{
    static const char doc[] =
        "{\"format\":\"NVD_CVE\",\"vulnerabilities\":["
        "{\"cve\":{\"id\":\"CVE-2024-0009\"}},"
        "{\"cve\":{\"id\":\"CVE-2024-0001\",\"published\":"
        "\"2024-01-01T00:00:00.000\"}}]}";
    struct vigil_feed_sink sink;
    struct collect c;

    (void)state;
    sink = collect_sink(&c);
    c.want_id = "CVE-2024-0001";
    c.check = keep_raw;
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, doc, strlen(doc),
                                      "doc", &sink), 0);
    assert_int_equal(c.nadv, 2);
    assert_null(strstr(raw_copy, "CVE-2024-0009"));
    assert_int_equal(vigil_feed_detect(raw_copy, strlen(raw_copy)),
                     VIGIL_FMT_NVD);
    sink = collect_sink(&c);
    c.want_id = "CVE-2024-0001";
    c.check = keep_raw;
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, raw_copy,
                                      strlen(raw_copy), "raw", &sink), 0);
    assert_int_equal(c.nchecked, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nvd_shared),
        cmocka_unit_test(test_nvd_real_records),
        cmocka_unit_test(test_nvd_fixture),
        cmocka_unit_test(test_nvd_legacy_fixture),
        cmocka_unit_test(test_nvd_raw_reparses),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
