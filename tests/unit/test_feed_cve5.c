/*
 * test_feed_cve5.c - CVE JSON 5 records (vulnrichment, Go CNA, osv.dev
 * test data) and fixtures.
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

/* One record per file, its id and state read with cJSON directly. */
static void test_cve5_shared(void **state)
{
    struct file_list files = { NULL, 0 };
    struct vigil_feed_sink sink;
    struct collect c;
    char dir[4096];
    const char *id, *st;
    size_t i, n = 0, rejected = 0, withdrawn = 0;
    cJSON *root, *meta;

    (void)state;
    if (!shared_path(dir, sizeof(dir), "cve5"))
        skip();
    list_files_into(&files, dir);
    for (i = 0; i < files.n; i++) {
        if (strstr(files.paths[i], "/cve5/schema/"))
            continue;
        root = load_json(files.paths[i]);
        assert_non_null(root);
        meta = cJSON_GetObjectItem(root, "cveMetadata");
        id = cJSON_GetStringValue(cJSON_GetObjectItem(meta, "cveId"));
        st = cJSON_GetStringValue(cJSON_GetObjectItem(meta, "state"));
        assert_non_null(id);
        rejected += st && strcmp(st, "REJECTED") == 0;

        sink = collect_sink(&c);
        c.want_id = id;
        assert_int_equal(parse_path(files.paths[i], VIGIL_FMT_UNKNOWN,
                                    &sink), 0);
        if (c.nadv != 1 || c.nerr != 0 || c.last_fmt != VIGIL_FMT_CVE5)
            fail_msg("%s: %zu records, %zu errors: %s", files.paths[i],
                     c.nadv, c.nerr, c.last_msg);
        assert_int_equal(c.nunsound, 0);
        withdrawn += c.nwithdrawn;
        cJSON_Delete(root);
        n++;
    }
    list_free(&files);
    assert_true(n > 300);
    assert_true(rejected > 0);
    assert_int_equal(withdrawn, rejected);
}

static void check_log4shell(const struct vigil_advisory *a)
{
    const struct vigil_range *g;
    size_t i, adp = 0;

    assert_string_equal(a->format, "cve5");
    assert_string_equal(a->source, "apache");
    assert_string_equal(a->published, "2021-12-10T00:00:00Z");
    assert_false(a->withdrawn);
    assert_non_null(strstr(a->title, "JNDI"));
    assert_string_equal(a->affected[0].vendor, "Apache Software Foundation");
    assert_string_equal(a->affected[0].product, "Apache Log4j2");
    assert_int_equal(a->affected[0].kind, VIGIL_AFF_PRODUCT);
    g = &a->affected[0].ranges[0];
    assert_string_equal(g->start, "2.0-beta9");
    assert_string_equal(g->version_type, "custom");
    assert_int_equal(g->nchanges, 5);
    assert_string_equal(g->changes[0].at, "2.3.1");
    assert_string_equal(g->changes[0].status, "unaffected");
    assert_int_equal(a->affected[0].nfixed, 3);
    assert_string_equal(a->affected[0].fixed[2], "2.15.0");
    for (i = 0; i < a->nscores; i++) {
        if (strcmp(a->scores[i].type, "adp") != 0)
            continue;
        adp++;
        assert_string_equal(a->scores[i].source, "CISA-ADP");
        assert_string_equal(a->scores[i].version, "3.1");
        assert_true(a->scores[i].published > 9.99);
    }
    assert_int_equal(adp, 1);
    assert_non_null(a->kev);
    assert_string_equal(a->kev->date_added, "2021-12-10");
    assert_int_equal(a->ncwes, 3);
    assert_string_equal(a->cwes[0], "CWE-502");
}

static void check_rejected(const struct vigil_advisory *a)
{
    assert_true(a->withdrawn);
    assert_string_equal(a->description, "This CVE ID has been rejected or "
                        "withdrawn by its CVE Numbering Authority.");
    assert_int_equal(a->naffected, 0);
    assert_string_equal(a->source, "Linux");
}

static void check_go_cna(const struct vigil_advisory *a)
{
    const struct vigil_affected *f = &a->affected[0];

    assert_string_equal(a->source, "Go");
    assert_null(a->published);
    assert_string_equal(a->cwes[0], "CWE-835");
    assert_int_equal(f->kind, VIGIL_AFF_PACKAGE);
    assert_string_equal(f->ecosystem, "Go");
    assert_string_equal(f->name, "crypto/rand");
    assert_string_equal(f->default_status, "unaffected");
    assert_null(f->ranges[0].start);
    assert_string_equal(f->ranges[0].end, "1.17.11");
    assert_false(f->ranges[0].end_incl);
    assert_string_equal(f->ranges[1].start, "1.18.0-0");
    assert_string_equal(f->fixed[0], "1.17.11");
}

static void run_one(const char *sub, const char *id, check_fn check)
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
    assert_int_equal(c.nchecked, 1);
}

static void test_cve5_real_records(void **state)
{
    (void)state;
    run_one("cve5/osvdev-testdata/cvelistV5/cves/2021/44xxx/"
            "CVE-2021-44228.json", "CVE-2021-44228", check_log4shell);
    run_one("cve5/vulnrichment/2021/47xxx/CVE-2021-47084.json",
            "CVE-2021-47084", check_rejected);
    run_one("cve5/golang-vulndb-cna/GO-2022-0477.json", "CVE-2022-30634",
            check_go_cna);
}

static void check_packages(const struct vigil_advisory *a)
{
    const struct vigil_affected *f = a->affected;

    assert_string_equal(a->source, "ExampleCNA");
    assert_string_equal(a->description, "The parser in examplelib recurses "
                        "without bound on nested input.");
    assert_int_equal(a->naffected, 4);
    assert_int_equal(f[0].kind, VIGIL_AFF_PACKAGE);
    assert_string_equal(f[0].ecosystem, "PyPI");
    assert_string_equal(f[0].name, "examplelib");
    assert_int_equal(f[0].nranges, 3);
    assert_null(f[0].ranges[0].start);
    assert_string_equal(f[0].ranges[0].end, "1.4.2");
    assert_string_equal(f[0].ranges[1].start, "2.0.0");
    assert_true(f[0].ranges[1].start_incl);
    assert_true(f[0].ranges[1].end_incl);
    assert_int_equal(f[0].ranges[1].nchanges, 1);
    assert_string_equal(f[0].ranges[2].exact, "3.0.0");
    assert_null(f[0].ranges[2].end);
    assert_int_equal(f[0].nfixed, 2);
    assert_string_equal(f[0].fixed[0], "1.4.2");
    assert_string_equal(f[0].fixed[1], "2.0.5");

    assert_int_equal(f[1].kind, VIGIL_AFF_PRODUCT);
    assert_string_equal(f[1].ranges[0].repo,
                        "https://git.example.com/examplelib-c");
    assert_int_equal(f[1].nfixed, 0);

    assert_int_equal(f[2].kind, VIGIL_AFF_CPE);
    assert_string_equal(f[2].cpe,
                        "cpe:2.3:a:example:appliance:5.0:*:*:*:*:*:*:*");
    assert_int_equal(f[3].kind, VIGIL_AFF_CPE);
    assert_string_equal(f[3].cpe, "cpe:2.3:a:example:appliance_pro:5.0:*:*:"
                        "*:*:*:*:*");
    assert_string_equal(f[3].ranges[0].exact, "5.0");

    assert_int_equal(a->nscores, 2);
    assert_string_equal(a->scores[0].source, "ExampleCNA");
    assert_string_equal(a->scores[0].type, "cna");
    assert_string_equal(a->scores[0].version, "4.0");
    assert_string_equal(a->scores[1].source, "CISA-ADP");
    assert_string_equal(a->scores[1].type, "adp");
    assert_string_equal(a->kev->date_added, "2024-06-07");
    assert_int_equal(a->ncwes, 2);
    assert_string_equal(a->cwes[1], "CWE-400");
}

static void check_fixture_rejected(const struct vigil_advisory *a)
{
    assert_true(a->withdrawn);
    assert_string_equal(a->description, "Duplicate of CVE-2024-5555.");
    assert_string_equal(a->modified, "2024-05-22T10:00:00Z");
}

static void test_cve5_fixtures(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    (void)state;
    sink = collect_sink(&c);
    c.want_id = "CVE-2024-5555";
    c.check = check_packages;
    fixture_path(path, sizeof(path), "cve5/ok_packages.json");
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nchecked, 1);

    sink = collect_sink(&c);
    c.want_id = "CVE-2024-6666";
    c.check = check_fixture_rejected;
    fixture_path(path, sizeof(path), "cve5/ok_rejected.json");
    assert_int_equal(parse_path(path, VIGIL_FMT_CVE5, &sink), 0);
    assert_int_equal(c.nchecked, 1);

    sink = collect_sink(&c);
    fixture_path(path, sizeof(path), "cve5/bad_no_id.json");
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nadv, 0);
    assert_int_equal(c.nerr, 1);
    assert_int_equal(c.last_code, VIGIL_EPARSE);
    assert_non_null(strstr(c.last_msg, "'cveMetadata.cveId' is missing"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cve5_shared),
        cmocka_unit_test(test_cve5_real_records),
        cmocka_unit_test(test_cve5_fixtures),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
