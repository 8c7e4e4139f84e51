/*
 * test_feed_osv_yaml.c - OSV records written in YAML: every YAML file
 * under ../shared/data/osv (records counted here by a line scan), the
 * PyPI records against their JSON twins, scalars kept as strings, and
 * errors with line and column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/feed.h"
#include "feed_helpers.h"
#include "internal.h"

/* Top-level "id:" lines: one per record in a YAML stream. */
static size_t count_id_lines(const char *path)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *p;
    size_t n = 0;

    assert_int_equal(vigil_buf_read_file(&b, path, 1 << 20, NULL), 0);
    for (p = b.ptr; p; p = strchr(p, '\n')) {
        if (*p == '\n')
            p++;
        n += strncmp(p, "id:", 3) == 0;
    }
    vigil_buf_release(&b);
    return n;
}

static int is_yaml(const char *path)
{
    return ends_with(path, ".yaml") || ends_with(path, ".yml");
}

static void test_yaml_shared(void **state)
{
    struct file_list files = { NULL, 0 };
    struct vigil_feed_sink sink;
    struct collect c;
    char dir[4096];
    size_t i, want, nfiles = 0, total = 0;
    int rc;

    (void)state;
    if (!shared_path(dir, sizeof(dir), "osv"))
        skip();
    list_files_into(&files, dir);
    for (i = 0; i < files.n; i++) {
        if (!is_yaml(files.paths[i]))
            continue;
        want = count_id_lines(files.paths[i]);
        sink = collect_sink(&c);
        rc = parse_path(files.paths[i], VIGIL_FMT_UNKNOWN, &sink);
        if (rc != 0 || c.nerr != 0 || c.nadv != want)
            fail_msg("%s: rc %d, %zu records (want %zu), %zu errors: %s",
                     files.paths[i], rc, c.nadv, want, c.nerr, c.last_msg);
        assert_int_equal(c.last_fmt, VIGIL_FMT_OSV_YAML);
        assert_int_equal(c.nunsound, 0);
        nfiles++;
        total += c.nadv;
    }
    list_free(&files);
    assert_true(nfiles >= 100);
    assert_int_equal(total, nfiles);
}

/* --- YAML and its JSON twin give the same record --- */

/* Everything a record says, as one text. */
static char sig[65536];

static void put(const char *key, const char *v)
{
    append(sig, sizeof(sig), key);
    append(sig, sizeof(sig), "=");
    append(sig, sizeof(sig), v ? v : "(null)");
    append(sig, sizeof(sig), "\n");
}

static int describe(void *ctx, const struct vigil_advisory *a)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    cJSON *raw;
    size_t i;

    (void)ctx;
    sig[0] = '\0';
    put("id", a->id);
    put("format", a->format);
    put("source", a->source);
    put("title", a->title);
    put("description", a->description);
    put("published", a->published);
    put("modified", a->modified);
    put("withdrawn", a->withdrawn ? "yes" : "no");
    for (i = 0; i < a->naliases; i++)
        put("alias", a->aliases[i]);
    for (i = 0; i < a->ncwes; i++)
        put("cwe", a->cwes[i]);
    for (i = 0; i < a->nrefs; i++)
        put(a->refs[i].type ? a->refs[i].type : "ref", a->refs[i].url);
    for (i = 0; i < a->nscores; i++)
        put("score", a->scores[i].vector);
    for (i = 0; i < a->naffected; i++) {
        vigil_buf_reset(&b);
        assert_int_equal(vigil_affected_to_json(&a->affected[i], &b), 0);
        put("affected", b.ptr);
    }
    vigil_buf_release(&b);

    /* raw is JSON whatever the input was */
    raw = cJSON_ParseWithLength(a->raw, a->raw_len);
    assert_non_null(raw);
    assert_string_equal(cJSON_GetObjectItem(raw, "id")->valuestring, a->id);
    cJSON_Delete(raw);
    return 0;
}

static void signature_of(const char *path, char *out, size_t n)
{
    struct vigil_feed_sink sink;
    struct collect c;

    sink = collect_sink(&c);
    sink.on_advisory = describe;
    sig[0] = '\0';
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nerr, 0);
    snprintf(out, n, "%s", sig);
}

static void test_yaml_pypi_twins(void **state)
{
    struct file_list files = { NULL, 0 };
    static char from_yaml[65536], from_json[65536];
    char dir[4096], twin[4096];
    const char *cut;
    size_t i, n = 0;

    (void)state;
    if (!shared_path(dir, sizeof(dir), "osv/pypi/yaml"))
        skip();
    list_files_into(&files, dir);
    for (i = 0; i < files.n; i++) {
        cut = strstr(files.paths[i], "/pypi/yaml/");
        assert_non_null(cut);
        snprintf(twin, sizeof(twin), "%.*s/pypi/json/%.*s.json",
                 (int)(cut - files.paths[i]), files.paths[i],
                 (int)strlen(cut + 11) - 5, cut + 11);
        signature_of(files.paths[i], from_yaml, sizeof(from_yaml));
        signature_of(twin, from_json, sizeof(from_json));
        assert_non_null(strstr(from_yaml, "\naffected="));
        if (strcmp(from_yaml, from_json) != 0)
            fail_msg("%s differs from its JSON twin:\n%s\n---\n%s",
                     files.paths[i], from_yaml, from_json);
        n++;
    }
    assert_true(n >= 100);
    list_free(&files);
}

/* --- scalars --- */

static void check_scalars(const struct vigil_advisory *a)
{
    const struct vigil_affected *f = &a->affected[0];

    assert_false(a->withdrawn);
    assert_string_equal(a->modified, "2024-01-02T03:04:05Z");
    assert_string_equal(a->description, "first line\nsecond: line\n");
    assert_int_equal(f->nversions, 4);
    assert_string_equal(f->versions[0], "1.10");
    assert_string_equal(f->versions[1], "2.0");
    assert_string_equal(f->versions[2], "true");
    assert_string_equal(f->versions[3], "010");
    assert_string_equal(f->ranges[0].events[1].version, "1.20");
    assert_int_equal(a->naliases, 1);
}

static const char scalars_doc[] =
    "# PyPA style\n"
    "id: PYSEC-2024-9999\n"
    "modified: 2024-01-02T03:04:05Z\n"
    "withdrawn:\n"
    "details: |\n"
    "  first line\n"
    "  second: line\n"
    "aliases: [CVE-2024-0001, null, ~]\n"
    "affected:\n"
    "- package: {ecosystem: PyPI, name: demo}\n"
    "  ranges:\n"
    "  - type: ECOSYSTEM\n"
    "    events:\n"
    "    - introduced: 0\n"
    "    - fixed: 1.20\n"
    "  versions: [1.10, 2.0, true, 010]\n";

static void test_yaml_scalars(void **state)
{
    static const char *const withdrawn[][2] = {
        { "withdrawn: null\n", "no" }, { "withdrawn: ~\n", "no" },
        { "withdrawn: ''\n", "no" },
        { "withdrawn: 2024-05-01T00:00:00Z\n", "yes" },
        { "withdrawn: \"null\"\n", "yes" },
    };
    struct vigil_feed_sink sink;
    struct collect c;
    char doc[256];
    size_t i;

    (void)state;
    sink = collect_sink(&c);
    c.want_id = "PYSEC-2024-9999";
    c.check = check_scalars;
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, scalars_doc,
                                      strlen(scalars_doc), "s.yaml",
                                      &sink), 0);
    assert_int_equal(c.nchecked, 1);
    assert_int_equal(c.nunsound, 0);

    for (i = 0; i < VIGIL_ARRAY_SIZE(withdrawn); i++) {
        snprintf(doc, sizeof(doc), "id: X-%zu\nmodified: 2024\n%s", i,
                 withdrawn[i][0]);
        sink = collect_sink(&c);
        assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, doc,
                                          strlen(doc), "w", &sink), 0);
        assert_int_equal(c.nadv, 1);
        assert_int_equal(c.nwithdrawn, strcmp(withdrawn[i][1], "yes") == 0);
    }
}

/* A stream of documents is a list of records; formats can be forced. */
static void test_yaml_streams_and_forcing(void **state)
{
    static const char stream[] =
        "---\nid: A-1\nmodified: 2024-01-01\n...\n"
        "---\nid: A-2\nmodified: 2024-01-01\n";
    static const char json[] =
        "{\"id\":\"J-1\",\"modified\":\"2024-01-01T00:00:00Z\"}";
    static const char odd[] = "summary: x\nid: Y-1\n";
    struct vigil_feed_sink sink;
    struct collect c;

    (void)state;
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, stream,
                                      strlen(stream), "s", &sink), 0);
    assert_int_equal(c.nadv, 2);
    assert_int_equal(c.last_fmt, VIGIL_FMT_OSV_YAML);

    /* "--format osv" takes OSV in YAML as well */
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_OSV, stream, strlen(stream),
                                      "s", &sink), 0);
    assert_int_equal(c.nadv, 2);

    /* JSON is YAML: osv-yaml forced reads it too */
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_OSV_YAML, json,
                                      strlen(json), "j", &sink), 0);
    assert_int_equal(c.nadv, 1);

    /* no "affected:" or "modified:": not detected, but read when asked */
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, odd, strlen(odd),
                                      "o", &sink), VIGIL_EFORMAT);
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_OSV_YAML, odd, strlen(odd),
                                      "o", &sink), 0);
    assert_int_equal(c.nadv, 1);
}

/* --- errors --- */

static const struct {
    const char *doc;
    long line;
    const char *what;
} yaml_errors[] = {
    { "id: X-1\nmodified: 2024\naffected:\n  - a: b\n - c: d\n", 5,
      "invalid YAML at line 5" },
    { "id: X-1\nmodified: &m 2024\naffected: *m\n", 3,
      "aliases are not supported" },
    { "id: X-1\nmodified: 2024\n? [a, b]\n: c\n", 3,
      "mapping keys must be scalars" },
    { "id: X-1\nmodified: \"a\\0b\"\n", 2, "NUL character" },
    { "id: X-1\nmodified: 2024\nsummary: \xff\xfe\n", 3,
      "invalid YAML at line 3" },
    { "id: X-1\nmodified: 2024\naffected: [\n", 4,
      "invalid YAML at line 4" },
};

/* The line of byte offset off, counted here. */
static long line_of(const char *buf, size_t off)
{
    long line = 1;
    size_t i;

    for (i = 0; i < off; i++)
        line += buf[i] == '\n';
    return line;
}

static void expect_yaml_error(const char *doc, size_t len, long line,
                              const char *what, size_t skip)
{
    struct vigil_feed_sink sink;
    struct collect c;

    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, doc, len, "e.yaml",
                                      &sink), VIGIL_EPARSE);
    assert_int_equal(c.nadv, 0);
    assert_int_equal(c.nerr, 1);
    assert_int_equal(c.last_fmt, VIGIL_FMT_OSV_YAML);
    assert_int_equal(c.last_code, VIGIL_EPARSE);
    if (c.last_line != line || !strstr(c.last_msg, what))
        fail_msg("got line %ld '%s', want line %ld '%s'", c.last_line,
                 c.last_msg, line, what);
    assert_true(c.last_column >= 1);
    assert_true(c.last_offset >= skip && c.last_offset <= len);
    assert_int_equal(line_of(doc + skip, c.last_offset - skip), line);
}

static void test_yaml_errors(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    size_t i;
    int k;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(yaml_errors); i++)
        expect_yaml_error(yaml_errors[i].doc,
                          strlen(yaml_errors[i].doc),
                          yaml_errors[i].line, yaml_errors[i].what, 0);

    /* after a byte order mark, offsets still count from the file start */
    assert_int_equal(vigil_buf_adds(&b, "\xef\xbb\xbf"), 0);
    assert_int_equal(vigil_buf_adds(&b, yaml_errors[0].doc), 0);
    expect_yaml_error(b.ptr, b.len, 5, "line 5", 3);

    /* nesting is capped */
    vigil_buf_reset(&b);
    assert_int_equal(vigil_buf_adds(&b, "id: X-1\nmodified: 1\nx: "), 0);
    for (k = 0; k < 70; k++)
        assert_int_equal(vigil_buf_addc(&b, '['), 0);
    for (k = 0; k < 70; k++)
        assert_int_equal(vigil_buf_addc(&b, ']'), 0);
    expect_yaml_error(b.ptr, b.len, 3, "nested deeper than 64", 0);
    vigil_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml_shared),
        cmocka_unit_test(test_yaml_pypi_twins),
        cmocka_unit_test(test_yaml_scalars),
        cmocka_unit_test(test_yaml_streams_and_forcing),
        cmocka_unit_test(test_yaml_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
