/*
 * test_feed_osv_upstream.c - OSV "upstream": the ids a Debian, Ubuntu
 * or Red Hat record derives from become aliases when they name one
 * vulnerability, so the store merges the derived record into it; a
 * bundle naming several keeps them out, so distinct CVEs stay apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/feed.h"
#include "vigil/store.h"
#include "feed_helpers.h"
#include "internal.h"

static char joined[1024];

static int join_aliases(void *ctx, const struct vigil_advisory *a)
{
    size_t i;

    (void)ctx;
    joined[0] = '\0';
    for (i = 0; i < a->naliases; i++) {
        append(joined, sizeof(joined), i ? " " : "");
        append(joined, sizeof(joined), a->aliases[i]);
    }
    return 0;
}

/* Aliases the record in doc gets. */
static const char *aliases_of(const char *doc, size_t len)
{
    struct vigil_feed_sink sink;
    struct collect c;

    sink = collect_sink(&c);
    sink.on_advisory = join_aliases;
    joined[0] = '\0';
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, doc, len, "u",
                                      &sink), 0);
    assert_int_equal(c.nerr, 0);
    return joined;
}

static const struct {
    const char *upstream;    /* JSON array text */
    const char *aliases;     /* "aliases" of the record */
    const char *want;
} cases[] = {
    { "[\"CVE-2023-38545\"]", "[]", "CVE-2023-38545" },
    { "[\"CVE-2023-1\",\"UBUNTU-CVE-2023-1\"]", "[]",
      "CVE-2023-1 UBUNTU-CVE-2023-1" },
    { "[\"CVE-2023-1\",\"CVE-2023-2\"]", "[\"GHSA-x\"]", "GHSA-x" },
    { "[\"CVE-2023-1\"]", "[\"CVE-2023-1\"]", "CVE-2023-1" },
    { "[]", "[]", "" },
    { "\"CVE-2023-1\"", "[]", "" },
};

static void test_upstream_rules(void **state)
{
    char doc[512];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        snprintf(doc, sizeof(doc), "{\"id\":\"DEBIAN-X-%zu\",\"modified\":"
                 "\"2024-01-01T00:00:00Z\",\"aliases\":%s,\"upstream\":%s}",
                 i, cases[i].aliases, cases[i].upstream);
        if (strcmp(aliases_of(doc, strlen(doc)), cases[i].want) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, joined,
                     cases[i].want);
    }
}

/* Real records: each file's aliases against its upstream list. */
static void test_upstream_shared(void **state)
{
    static const char *const files[] = {
        "osv/osvdev-website-testdata/UBUNTU-CVE-2023-4004.json",
        "osv/osvdev-website-testdata/DLA-3623-1.json",
        "osv/osvdev-website-testdata/USN-7234-1.json",
        "osv/osvdev-website-testdata/CYCLE-ROOT-2.json",
        "csaf/redhat/osv-converted/RHSA-2024_6220.json",
    };
    struct vigil_buf b = VIGIL_BUF_INIT;
    const cJSON *up;
    char path[4096];
    cJSON *root;
    size_t i;

    (void)state;
    if (!shared_path(path, sizeof(path), "osv"))
        skip();
    for (i = 0; i < VIGIL_ARRAY_SIZE(files); i++) {
        shared_path(path, sizeof(path), files[i]);
        root = load_json(path);
        assert_non_null(root);
        up = cJSON_GetObjectItem(root, "upstream");
        assert_true(cJSON_GetArraySize(up) > 0);
        vigil_buf_reset(&b);
        assert_int_equal(vigil_buf_read_file(&b, path, 1 << 20, NULL), 0);
        aliases_of(b.ptr, b.len);
        if (cJSON_GetArraySize(up) == 1)
            assert_non_null(strstr(joined,
                                   cJSON_GetArrayItem(up, 0)->valuestring));
        else
            assert_null(strstr(joined,
                               cJSON_GetArrayItem(up, 0)->valuestring));
        cJSON_Delete(root);
    }
    vigil_buf_release(&b);
}

/* --- what the store makes of it --- */

static int put(void *ctx, const struct vigil_advisory *a)
{
    enum vigil_put_outcome o;
    struct vigil_error err;

    return vigil_store_put_advisory(ctx, a, "test", &o, NULL, &err);
}

static void put_doc(struct vigil_store *s, const char *doc)
{
    struct vigil_feed_sink sink = { .on_advisory = put };

    sink.ctx = s;
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, doc, strlen(doc),
                                      "s", &sink), 0);
}

static void test_upstream_merges(void **state)
{
    char dir[] = "/tmp/vigil-upstream-XXXXXX", path[64];
    struct vigil_store *s;
    struct vigil_error err;
    long long cve, deb, a, b, dla;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/t.db", dir);
    assert_int_equal(vigil_store_open(path, &s, &err), 0);
    put_doc(s, "{\"id\":\"CVE-2023-38545\",\"modified\":"
               "\"2023-10-11T00:00:00Z\"}");
    put_doc(s, "{\"id\":\"DEBIAN-CVE-2023-38545\",\"modified\":"
               "\"2023-10-12T00:00:00Z\",\"upstream\":[\"CVE-2023-38545\"]}");
    put_doc(s, "{\"id\":\"CVE-2023-38546\",\"modified\":"
               "\"2023-10-11T00:00:00Z\"}");
    put_doc(s, "{\"id\":\"DLA-9999-1\",\"modified\":\"2023-10-13T00:00:00Z\","
               "\"upstream\":[\"CVE-2023-38545\",\"CVE-2023-38546\"]}");

    assert_int_equal(vigil_store_find_advisory(s, "CVE-2023-38545", &cve), 0);
    assert_int_equal(vigil_store_find_advisory(s, "DEBIAN-CVE-2023-38545",
                                               &deb), 0);
    assert_true(cve == deb);
    assert_int_equal(vigil_store_find_advisory(s, "CVE-2023-38546", &b), 0);
    assert_int_equal(vigil_store_find_advisory(s, "DLA-9999-1", &dla), 0);
    a = cve;
    assert_true(a != b);
    assert_true(dla != a && dla != b);
    vigil_store_close(s);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upstream_rules),
        cmocka_unit_test(test_upstream_shared),
        cmocka_unit_test(test_upstream_merges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
