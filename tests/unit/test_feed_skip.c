/*
 * test_feed_skip.c - documents that hold no advisory (JSON Schemas,
 * OSV's ecosystem list, osv.dev's CPE-to-repository map, Markdown and
 * text files) are skipped with a reason and are no error; JSON that is
 * none of the known things still is one.
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
#include "feed_helpers.h"
#include "internal.h"

/* The real files, by folder: each must be skipped for that reason. */
static const struct {
    const char *sub;
    const char *reason;
} real[] = {
    { "osv/schema/osv-schema.json", "JSON Schema document" },
    { "osv/schema/ecosystems.json", "OSV ecosystem list" },
    { "osv/schema/schema.md", "Markdown or text document" },
    { "nvd/api2-osvdev/cpe_testdata.json", "CPE-to-repository map" },
    { "cve5/schema", "JSON Schema document" },
};

static void test_skip_real(void **state)
{
    struct file_list files = { NULL, 0 };
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];
    size_t i, k, n = 0;

    (void)state;
    if (!shared_path(path, sizeof(path), "osv"))
        skip();
    for (i = 0; i < VIGIL_ARRAY_SIZE(real); i++) {
        shared_path(path, sizeof(path), real[i].sub);
        list_files_into(&files, path);
        if (files.n == 0)
            list_add(&files, path);
        for (k = 0; k < files.n; k++) {
            sink = collect_sink(&c);
            assert_int_equal(parse_path(files.paths[k], VIGIL_FMT_UNKNOWN,
                                        &sink), 0);
            if (c.nskipped != 1 || c.nerr != 0 || c.nadv != 0 ||
                strncmp(c.last_skip, real[i].reason,
                        strlen(real[i].reason)) != 0)
                fail_msg("%s: %zu skipped ('%s'), %zu errors: %s",
                         files.paths[k], c.nskipped, c.last_skip, c.nerr,
                         c.last_msg);
            assert_int_equal(c.nfiles, 1);
            assert_int_equal(c.last_fmt, VIGIL_FMT_UNKNOWN);
            n++;
        }
        list_free(&files);
    }
    assert_true(n >= 12);
}

/* Inline documents: skipped (reason prefix) or an error (NULL). */
static const struct {
    const char *origin;
    const char *doc;
    const char *reason;
} inline_cases[] = {
    { "s.json", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
      "\"type\":\"object\"}", "JSON Schema" },
    { "s.json", "{\"$schema\":\"https://example.com/bom.schema.json\"}",
      NULL },
    { "e.json", "{\"PyPI\":\"Python packages\",\"npm\":\"Node\"}",
      "OSV ecosystem" },
    { "e.json", "[\"Go\",\"crates.io\",\"Hex\"]", "OSV ecosystem" },
    { "e.json", "{\"PyPI\":\"x\",\"npm\":3}", NULL },
    { "e.json", "{\"colour\":\"red\"}", NULL },
    { "c.json", "{\"haxx:curl\":[\"https://github.com/curl/curl\"]}",
      "CPE-to-repository" },
    { "c.json", "{\"haxx:curl\":[\"curl\"]}", NULL },
    { "c.json", "{\"haxx curl\":[\"https://github.com/curl/curl\"]}",
      NULL },
    { "c.json", "{\"haxx:curl\":[]}", NULL },
    { "c.json", "{}", NULL },
    { "j.json", "{\"a\":1}", NULL },
    { "n.md", "Some notes\n\nno heading at all\n", "Markdown" },
    { "n.TXT", "plain text\n", "Markdown" },
    { "README", "# Advisories\n\nText.\n", "Markdown" },
    { "page", "---\ntitle: x\n---\n\nBody\n", "Markdown" },
    { "notes", "just words\n", NULL },
    { "b.md", "bin\x01\x02ary\n", NULL },
    { "u.md", "bad \xc3\x28 utf-8\n", NULL },
};

static void test_skip_inline(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    size_t i;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(inline_cases); i++) {
        sink = collect_sink(&c);
        rc = vigil_feed_parse(VIGIL_FMT_UNKNOWN, inline_cases[i].doc,
                              strlen(inline_cases[i].doc),
                              inline_cases[i].origin, &sink);
        if (inline_cases[i].reason) {
            if (rc != 0 || c.nskipped != 1 ||
                strncmp(c.last_skip, inline_cases[i].reason,
                        strlen(inline_cases[i].reason)) != 0)
                fail_msg("case %zu: rc %d, skipped %zu '%s' (%s)", i, rc,
                         c.nskipped, c.last_skip, c.last_msg);
            assert_int_equal(c.nerr, 0);
        } else {
            if (rc != VIGIL_EFORMAT || c.nskipped != 0)
                fail_msg("case %zu: rc %d, skipped %zu '%s'", i, rc,
                         c.nskipped, c.last_skip);
            assert_non_null(strstr(c.last_msg, "unknown format"));
        }
    }
}

/* A forced format reads the document as asked: no skipping. */
static void test_skip_not_when_forced(void **state)
{
    static const char schema[] =
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"}";
    struct vigil_feed_sink sink;
    struct collect c;

    (void)state;
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_OSV, schema, strlen(schema),
                                      "s.json", &sink), 0);
    assert_int_equal(c.nskipped, 0);
    assert_int_equal(c.nerr, 1);
    assert_non_null(strstr(c.last_msg, "'id' is missing"));

    /* a sink without on_skip is fine */
    sink = collect_sink(&c);
    sink.on_skip = NULL;
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, schema,
                                      strlen(schema), "s.json", &sink), 0);
    assert_int_equal(c.nerr, 0);
    assert_int_equal(c.nfiles, 1);
}

/* A walk over skipped documents only is a clean walk. */
static void test_skip_walk(void **state)
{
    static const char *const names[] = { "a.md", "b.json", "c.txt" };
    static const char *const texts[] = {
        "# Title\n",
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"}",
        "notes\n",
    };
    char dir[] = "/tmp/vigil-skip-XXXXXX", path[128];
    const char *paths[1];
    struct vigil_feed_sink sink;
    struct collect c;
    size_t i;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    for (i = 0; i < VIGIL_ARRAY_SIZE(names); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        f = fopen(path, "w");
        assert_non_null(f);
        assert_true(fputs(texts[i], f) >= 0);
        assert_int_equal(fclose(f), 0);
    }
    paths[0] = dir;
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_walk(paths, 1, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nskipped, VIGIL_ARRAY_SIZE(names));
    assert_int_equal(c.nerr, 0);
    for (i = 0; i < VIGIL_ARRAY_SIZE(names); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skip_real),
        cmocka_unit_test(test_skip_inline),
        cmocka_unit_test(test_skip_not_when_forced),
        cmocka_unit_test(test_skip_walk),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
