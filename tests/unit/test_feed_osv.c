/*
 * test_feed_osv.c - OSV records from several databases, the linter's
 * intentionally invalid records and fixtures.  OSV in YAML is tested in
 * test_feed_osv_yaml.c, the GitHub layouts beside it in
 * test_feed_ghsa.c and test_feed_grype_ghsa.c.
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

static int is_osv_object(const cJSON *o)
{
    return cJSON_IsString(cJSON_GetObjectItem(o, "id")) &&
           cJSON_IsString(cJSON_GetObjectItem(o, "modified"));
}

/*
 * Records in a file by the OSV schema's own rule (an object with string
 * "id" and "modified", or an array of them); -1 when it is no OSV.
 */
static int osv_count(const char *path)
{
    cJSON *root = load_json(path), *e;
    int n = -1;

    assert_non_null(root);
    if (is_osv_object(root)) {
        n = 1;
    } else if (cJSON_IsArray(root) &&
               is_osv_object(cJSON_GetArrayItem(root, 0))) {
        n = 0;
        cJSON_ArrayForEach(e, root)
            n += is_osv_object(e);
    }
    cJSON_Delete(root);
    return n;
}

static int skipped_here(const char *path)
{
    return strstr(path, "/osv/schema/") || strstr(path, "/yaml/") ||
           strstr(path, "/oss-fuzz-yaml/");
}

static void test_osv_shared(void **state)
{
    struct file_list files = { NULL, 0 };
    struct vigil_feed_sink sink;
    struct collect c;
    char dir[4096];
    size_t i, total = 0, foreign = 0;
    int want, rc;

    (void)state;
    if (!shared_path(dir, sizeof(dir), "osv"))
        skip();
    list_files_into(&files, dir);
    for (i = 0; i < files.n; i++) {
        if (skipped_here(files.paths[i]))
            continue;
        want = osv_count(files.paths[i]);
        sink = collect_sink(&c);
        rc = parse_path(files.paths[i], VIGIL_FMT_UNKNOWN, &sink);
        if (want < 0) {
            /* GitHub API and grype layouts that sit next to OSV data */
            assert_int_equal(rc, 0);
            assert_int_equal(c.nerr, 0);
            assert_true(c.last_fmt == VIGIL_FMT_GHSA ||
                        c.last_fmt == VIGIL_FMT_GRYPE_GHSA);
            foreign++;
            continue;
        }
        if (rc != 0 || c.nerr != 0 || c.nadv != (size_t)want)
            fail_msg("%s: rc %d, %zu records (want %d), %zu errors: %s",
                     files.paths[i], rc, c.nadv, want, c.nerr, c.last_msg);
        assert_int_equal(c.last_fmt, VIGIL_FMT_OSV);
        assert_int_equal(c.nunsound, 0);
        total += c.nadv;
    }
    list_free(&files);
    assert_true(total > 400);
    assert_int_equal(foreign, 19);
}

static void check_two_pairs(const struct vigil_advisory *a)
{
    static const struct {
        enum vigil_event_kind kind;
        const char *version;
    } want[] = {
        { VIGIL_EV_INTRODUCED, "0" },
        { VIGIL_EV_FIXED, "1.5.18" },
        { VIGIL_EV_INTRODUCED, "1.6.0" },
        { VIGIL_EV_FIXED, "1.6.18" },
    };
    const struct vigil_affected *f = &a->affected[0];
    size_t i;

    assert_string_equal(a->source, "GO");
    assert_int_equal(f->kind, VIGIL_AFF_PACKAGE);
    assert_string_equal(f->ecosystem, "Go");
    assert_string_equal(f->ranges[0].type, "SEMVER");
    assert_int_equal(f->ranges[0].nevents, VIGIL_ARRAY_SIZE(want));
    for (i = 0; i < VIGIL_ARRAY_SIZE(want); i++) {
        assert_int_equal(f->ranges[0].events[i].kind, want[i].kind);
        assert_string_equal(f->ranges[0].events[i].version, want[i].version);
    }
    assert_int_equal(f->nfixed, 2);
    assert_string_equal(f->fixed[1], "1.6.18");
}

static void check_withdrawn(const struct vigil_advisory *a)
{
    assert_true(a->withdrawn);
    /* Go writes 0001-01-01 for "unknown" */
    assert_null(a->published);
    assert_int_equal(a->naliases, 1);
    assert_string_equal(a->aliases[0], "GHSA-hw4x-mcx5-9q36");
}

static void check_ghsa(const struct vigil_advisory *a)
{
    assert_string_equal(a->source, "GHSA");
    assert_int_equal(a->nscores, 2);
    assert_string_equal(a->scores[0].version, "3.1");
    assert_string_equal(a->scores[1].version, "4.0");
    assert_string_equal(a->scores[0].severity, "MODERATE");
    assert_false(a->scores[0].has_published);
    assert_string_equal(a->cwes[0], "CWE-532");
    assert_int_equal(a->naffected, 2);
    assert_string_equal(a->affected[1].fixed[0], "8.11.2");
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

static void test_osv_real_records(void **state)
{
    (void)state;
    run_one("osv/go/GO-2023-1574.json", "GO-2023-1574", check_two_pairs);
    run_one("osv/go/GO-2024-2447.json", "GO-2024-2447", check_withdrawn);
    run_one("osv/ghsa/github-1.json", "GHSA-2hjr-vmf3-xwvp", check_ghsa);
}

static void check_nointroduced(const struct vigil_advisory *a)
{
    assert_int_equal(a->naffected, 1);
    assert_int_equal(a->affected[0].nranges, 0);
    assert_int_equal(a->affected[0].nfixed, 0);
}

static void check_nondistinct(const struct vigil_advisory *a)
{
    const struct vigil_affected *f = &a->affected[a->naffected - 1];
    const struct vigil_range *g = &f->ranges[f->nranges - 1];

    assert_string_equal(g->type, "GIT");
    assert_string_equal(g->repo, "https://github.com/openssl/openssl");
    assert_int_equal(g->nevents, 3);
    assert_string_equal(g->events[0].version, g->events[1].version);
}

static void check_nopackage(const struct vigil_advisory *a)
{
    assert_string_equal(a->affected[0].name, "Gradi0");
    assert_int_equal(a->affected[0].nversions, 1);
    assert_string_equal(a->affected[0].versions[0], "4.36.1");
}

/*
 * The linter's invalid records.  A range without "introduced" affects
 * nothing in OSV, so that range is dropped with a warning and the record
 * kept; a repeated commit and a package missing from its registry are
 * not the parser's to judge, so those records arrive as published.
 */
static void test_osv_linter_invalid(void **state)
{
    static struct log_catch log;
    char path[4096];

    (void)state;
    if (!shared_path(path, sizeof(path), "osv"))
        skip();
    memset(&log, 0, sizeof(log));
    vigil_set_log_fn(catch_log, &log);
    run_one("osv/osv-schema-linter-testdata/nointroduced-CVE-2023-41045.json",
            "CVE-2023-41045", check_nointroduced);
    assert_int_equal(log.nwarn, 1);
    assert_non_null(strstr(log.last, "without 'introduced'"));
    run_one("osv/osv-schema-linter-testdata/nondistinct-CVE-2018-5407.json",
            "CVE-2018-5407", check_nondistinct);
    run_one("osv/osv-schema-linter-testdata/nopackage-GHSA-9v2f-6vcg-3hgv"
            ".json", "GHSA-9v2f-6vcg-3hgv", check_nopackage);
    assert_int_equal(log.nwarn, 1);
    vigil_set_log_fn(NULL, NULL);
}

static void check_array_first(const struct vigil_advisory *a)
{
    const struct vigil_range *g = &a->affected[0].ranges[0];

    assert_string_equal(a->title, "Prototype pollution in example-merge");
    assert_string_equal(a->scores[0].severity, "HIGH");
    assert_string_equal(a->scores[0].source, "GHSA");
    assert_string_equal(a->cwes[0], "CWE-1321");
    assert_string_equal(a->aliases[0], "CVE-2024-1000");
    assert_string_equal(a->refs[0].type, "ADVISORY");
    assert_string_equal(a->affected[0].purl, "pkg:npm/example-merge");
    assert_int_equal(g->nevents, 4);
    assert_int_equal(g->events[3].kind, VIGIL_EV_LAST_AFFECTED);
    assert_int_equal(a->affected[0].nversions, 3);
    assert_int_equal(a->affected[0].nfixed, 1);
    assert_non_null(strstr(a->raw, "GHSA-aaaa-bbbb-cccc"));
    assert_null(strstr(a->raw, "PYSEC-2024-1"));
}

/* An array is one record per element; a non-object element is reported
 * with its index and the rest still arrive. */
static void test_osv_array_fixture(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    (void)state;
    fixture_path(path, sizeof(path), "osv/ok_array.json");
    sink = collect_sink(&c);
    c.want_id = "GHSA-aaaa-bbbb-cccc";
    c.check = check_array_first;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nchecked, 1);
    assert_int_equal(c.nadv, 2);
    assert_int_equal(c.nwithdrawn, 1);
    assert_int_equal(c.nerr, 1);
    assert_string_equal(c.last_record, "#2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_osv_shared),
        cmocka_unit_test(test_osv_real_records),
        cmocka_unit_test(test_osv_linter_invalid),
        cmocka_unit_test(test_osv_array_fixture),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
