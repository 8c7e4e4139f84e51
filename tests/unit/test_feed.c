/*
 * test_feed.c - what all feed formats share: format names, detection,
 * document errors and their offsets, the file walker (directories,
 * compressed files, zip and tar archives) and the affected-entry JSON
 * codec.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>
#include <cJSON.h>

#include "vigil/feed.h"
#include "feed_helpers.h"
#include "internal.h"

static const char osv_doc[] =
    "{\"id\":\"GHSA-xxxx-yyyy-zzzz\",\"modified\":\"2024-01-01T00:00:00Z\","
    "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"x\"},"
    "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
    "{\"fixed\":\"1.0.0\"}]}]}]}";

static const char nvd_doc[] =
    "{\"cve\":{\"id\":\"CVE-2024-0002\",\"vulnStatus\":\"Analyzed\"}}";

static const char kev_doc[] =
    "{\"catalogVersion\":\"2024.01.01\",\"vulnerabilities\":[{\"cveID\":"
    "\"CVE-2024-0003\",\"vendorProject\":\"V\",\"product\":\"P\"}]}";

static const char cve5_doc[] =
    "{\"dataType\":\"CVE_RECORD\",\"dataVersion\":\"5.1\",\"cveMetadata\":"
    "{\"cveId\":\"CVE-2024-0004\",\"state\":\"PUBLISHED\"},\"containers\":"
    "{\"cna\":{\"providerMetadata\":{\"orgId\":\"o\"}}}}";

static void test_format_names(void **state)
{
    int f;

    (void)state;
    for (f = 1; f < VIGIL_FMT_COUNT; f++)
        assert_int_equal(vigil_format_by_name(vigil_format_name(
                             (enum vigil_format)f)), f);
    assert_string_equal(vigil_format_name(VIGIL_FMT_CVE5), "cve5");
    assert_string_equal(vigil_format_name(VIGIL_FMT_COUNT), "unknown");
    assert_int_equal(vigil_format_by_name("OSV"), VIGIL_FMT_OSV);
    assert_int_equal(vigil_format_by_name("unknown"), VIGIL_FMT_UNKNOWN);
    assert_int_equal(vigil_format_by_name("yaml"), VIGIL_FMT_UNKNOWN);
    assert_int_equal(vigil_format_by_name(NULL), VIGIL_FMT_UNKNOWN);
}

static const struct {
    const char *doc;
    enum vigil_format want;
} detect_cases[] = {
    { kev_doc, VIGIL_FMT_KEV },
    { nvd_doc, VIGIL_FMT_NVD },
    { "{\"format\":\"NVD_CVE\",\"vulnerabilities\":[]}", VIGIL_FMT_NVD },
    { "{\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-1\"}}]}", VIGIL_FMT_NVD },
    { "{\"CVE_data_type\":\"CVE\",\"CVE_Items\":[]}", VIGIL_FMT_NVD },
    { cve5_doc, VIGIL_FMT_CVE5 },
    { "{\"cveMetadata\":{\"cveId\":\"CVE-1\"}}", VIGIL_FMT_CVE5 },
    { osv_doc, VIGIL_FMT_OSV },
    { "{\"id\":\"PYSEC-1\",\"schema_version\":\"1.6.0\"}", VIGIL_FMT_OSV },
    { "[{\"id\":\"GO-1\",\"modified\":\"2024-01-01T00:00:00Z\"}]",
      VIGIL_FMT_OSV },
    { "\xef\xbb\xbf{\"id\":\"GO-1\",\"affected\":[]}", VIGIL_FMT_OSV },
    /* a STIX object has "id" and "modified" too */
    { "{\"type\":\"vulnerability\",\"spec_version\":\"2.1\",\"id\":"
      "\"vulnerability--0c7b5b88\",\"modified\":\"2016-05-12T08:17:27Z\"}",
      VIGIL_FMT_UNKNOWN },
    { "{\"document\":{\"csaf_version\":\"2.0\"}}", VIGIL_FMT_CSAF },
    { "{\"document\":{\"category\":\"csaf_vex\"}}", VIGIL_FMT_UNKNOWN },
    { "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[]}",
      VIGIL_FMT_RSS },
    { "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>",
      VIGIL_FMT_RSS },
    { " <feed xmlns=\"http://www.w3.org/2005/Atom\"/>", VIGIL_FMT_RSS },
    { "<opml version=\"2.0\"/>", VIGIL_FMT_UNKNOWN },
    { "<rss><channel>", VIGIL_FMT_UNKNOWN },
    { "{\"vulnerabilities\":[]}", VIGIL_FMT_UNKNOWN },
    { "{\"id\":\"x\"}", VIGIL_FMT_UNKNOWN },
    { "[]", VIGIL_FMT_UNKNOWN },
    { "[1,2]", VIGIL_FMT_UNKNOWN },
    { "\"id\"", VIGIL_FMT_UNKNOWN },
    { "id: GHSA-1\nmodified: 2024-01-01\n", VIGIL_FMT_OSV_YAML },
    { "# notes\n---\nid: X-1\naffected: []\n", VIGIL_FMT_OSV_YAML },
    { "summary: x\n  id: X-1\n  modified: 2024\n", VIGIL_FMT_UNKNOWN },
    { "text first\nid: X-1\nmodified: 2024\n", VIGIL_FMT_UNKNOWN },
    { "{\"ghsaId\":\"GHSA-1\"}", VIGIL_FMT_GHSA },
    { "[{\"ghsa_id\":\"GHSA-1\"}]", VIGIL_FMT_GHSA },
    { "{\"data\":{\"securityAdvisories\":{\"nodes\":[]}}}",
      VIGIL_FMT_GHSA },
    { "{\"Advisory\":{\"ghsaId\":\"GHSA-1\"}}", VIGIL_FMT_GRYPE_GHSA },
    { "{\"Advisory\":{\"id\":\"GHSA-1\"}}", VIGIL_FMT_UNKNOWN },
    { "{\"id\":\"GO-1\",\"modified\":", VIGIL_FMT_UNKNOWN },
    { "", VIGIL_FMT_UNKNOWN },
};

static void test_detect(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(detect_cases); i++) {
        enum vigil_format got = vigil_feed_detect(
            detect_cases[i].doc, strlen(detect_cases[i].doc));

        if (got != detect_cases[i].want)
            fail_msg("case %zu: got %s, want %s", i, vigil_format_name(got),
                     vigil_format_name(detect_cases[i].want));
    }
    assert_int_equal(vigil_feed_detect(NULL, 0), VIGIL_FMT_UNKNOWN);
}

/* What a file of the other data folders must be detected as. */
static enum vigil_format expected_format(const char *path)
{
    if (strstr(path, "/osv-converted/"))
        return VIGIL_FMT_OSV;
    if (strstr(path, "/csaf/") && !strstr(path, "/schema/") &&
        !strstr(path, "/provider-metadata/"))
        return VIGIL_FMT_CSAF;
    if (strstr(path, "/rss/") && !ends_with(path, ".opml"))
        return VIGIL_FMT_RSS;
    return VIGIL_FMT_UNKNOWN;
}

/*
 * No file in the other data folders passes for another format: CSAF
 * documents are CSAF, feeds RSS, the OSV that Red Hat's CSAF converter
 * wrote OSV, and the rest (schemas, STIX, findings, SBOMs) nothing.
 */
static void test_detect_no_false_positives(void **state)
{
    static const char *const dirs[] = {
        "csaf", "stix", "findings", "sbom", "rss", "epss", "distro",
    };
    struct file_list files = { NULL, 0 };
    struct vigil_buf b = VIGIL_BUF_INIT;
    char dir[4096];
    size_t i, n = 0;
    enum vigil_format f;

    (void)state;
    if (!shared_path(dir, sizeof(dir), ""))
        skip();
    for (i = 0; i < VIGIL_ARRAY_SIZE(dirs); i++) {
        shared_path(dir, sizeof(dir), dirs[i]);
        list_files_into(&files, dir);
    }
    for (i = 0; i < files.n; i++) {
        vigil_buf_reset(&b);
        assert_int_equal(vigil_buf_read_file(&b, files.paths[i],
                                             (size_t)64 << 20, NULL), 0);
        f = vigil_feed_detect(b.ptr, b.len);
        if (f != expected_format(files.paths[i]))
            fail_msg("%s detected as %s", files.paths[i],
                     vigil_format_name(f));
        n += f != VIGIL_FMT_UNKNOWN;
    }
    assert_true(n >= 40);
    assert_true(files.n > 200);
    vigil_buf_release(&b);
    list_free(&files);
}

static void read_fixture(const char *sub, struct vigil_buf *b)
{
    char path[4096];

    fixture_path(path, sizeof(path), sub);
    vigil_buf_reset(b);
    assert_int_equal(vigil_buf_read_file(b, path, 1 << 20, NULL), 0);
}

/* Line and column of offset off, counted here without the library. */
static void where(const char *buf, size_t off, long *line, long *col)
{
    size_t i;

    *line = 1;
    *col = 1;
    for (i = 0; i < off; i++) {
        if (buf[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

static void expect_parse_error(const char *buf, size_t len, size_t off)
{
    struct vigil_feed_sink sink;
    struct collect c;
    long line, col;
    char want[64];

    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, buf, len, "t",
                                      &sink), VIGIL_EPARSE);
    assert_int_equal(c.nerr, 1);
    assert_int_equal(c.nfiles, 1);
    assert_int_equal(c.nadv, 0);
    assert_int_equal(c.last_code, VIGIL_EPARSE);
    assert_int_equal(c.last_offset, off);
    where(buf, off, &line, &col);
    assert_int_equal(c.last_line, line);
    assert_int_equal(c.last_column, col);
    snprintf(want, sizeof(want), "invalid JSON at byte %zu ", off);
    assert_non_null(strstr(c.last_msg, want));
    assert_string_equal(c.last_origin, "t");
}

/* A cut-off document fails at its end; a stray comma where it stands. */
static void test_parse_error_offsets(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT, bom = VIGIL_BUF_INIT;
    const char *comma;

    (void)state;
    read_fixture("osv/bad_truncated.json", &b);
    expect_parse_error(b.ptr, b.len, b.len);
    assert_int_equal(vigil_buf_add(&bom, "\xef\xbb\xbf", 3), 0);
    assert_int_equal(vigil_buf_add(&bom, b.ptr, b.len), 0);
    expect_parse_error(bom.ptr, bom.len, bom.len);

    read_fixture("osv/bad_comma.json", &b);
    comma = strstr(b.ptr, ",\"summary\"");
    assert_non_null(comma);
    expect_parse_error(b.ptr, b.len, (size_t)(comma - b.ptr));

    expect_parse_error("{\"id\":\"x\"} trailing", 19, 11);
    expect_parse_error("{\"id\":\"a\\qb\"}", 13, 9);
    expect_parse_error("[{\"id\":-}]", 10, 8);
    expect_parse_error("{\"id\":\"a\0b\"}", 12, 8);
    vigil_buf_release(&b);
    vigil_buf_release(&bom);
}

static void test_parse_document_errors(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;

    (void)state;
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, "a: b\n", 5, "y",
                                      &sink), VIGIL_EFORMAT);
    assert_int_equal(c.nfiles, 1);
    assert_int_equal(c.last_fmt, VIGIL_FMT_UNKNOWN);
    assert_non_null(strstr(c.last_msg, "not a JSON document"));

    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, "{\"a\":1}", 7,
                                      "j", &sink), VIGIL_EFORMAT);
    assert_int_equal(c.nerr, 1);

    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_KEV, osv_doc,
                                      strlen(osv_doc), "k", &sink),
                     VIGIL_EPARSE);
    assert_int_equal(c.last_fmt, VIGIL_FMT_KEV);

    /* a forced findings format that the document is not */
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_SARIF, osv_doc,
                                      strlen(osv_doc), "c", &sink),
                     VIGIL_EFORMAT);
    assert_int_equal(c.last_fmt, VIGIL_FMT_SARIF);

    assert_int_equal(vigil_feed_parse(VIGIL_FMT_OSV, "{}", 2, "x", NULL),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_COUNT, "{}", 2, "x", &sink),
                     VIGIL_EINVAL);
}

/* Each format detected and parsed from memory, with a BOM too. */
static void test_parse_each_format(void **state)
{
    static const struct {
        const char *doc;
        enum vigil_format fmt;
        const char *id;
    } cases[] = {
        { kev_doc, VIGIL_FMT_KEV, "CVE-2024-0003" },
        { nvd_doc, VIGIL_FMT_NVD, "CVE-2024-0002" },
        { cve5_doc, VIGIL_FMT_CVE5, "CVE-2024-0004" },
        { osv_doc, VIGIL_FMT_OSV, "GHSA-xxxx-yyyy-zzzz" },
    };
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_feed_sink sink;
    struct collect c;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        vigil_buf_reset(&b);
        assert_int_equal(vigil_buf_adds(&b, "\xef\xbb\xbf \n"), 0);
        assert_int_equal(vigil_buf_adds(&b, cases[i].doc), 0);
        sink = collect_sink(&c);
        c.want_id = cases[i].id;
        assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, b.ptr, b.len,
                                          "m", &sink), 0);
        assert_int_equal(c.last_fmt, cases[i].fmt);
        assert_int_equal(c.nadv, 1);
        assert_int_equal(c.nerr, 0);
        assert_int_equal(c.nunsound, 0);
    }
    vigil_buf_release(&b);
}

/* A non-zero return from on_advisory stops the parse, unreported. */
static void test_parse_stop(void **state)
{
    static const char doc[] =
        "[{\"id\":\"A-1\",\"modified\":\"2024-01-01T00:00:00Z\"},"
        "{\"id\":\"A-2\",\"modified\":\"2024-01-01T00:00:00Z\"},"
        "{\"id\":\"A-3\",\"modified\":\"2024-01-01T00:00:00Z\"}]";
    struct vigil_feed_sink sink;
    struct collect c;

    (void)state;
    sink = collect_sink(&c);
    c.stop_after = 2;
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, doc, strlen(doc),
                                      "s", &sink), -100);
    assert_int_equal(c.nadv, 2);
    assert_int_equal(c.nerr, 0);
}

/* --- the walker --- */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

struct member {
    const char *name;
    const char *text;   /* NULL: a directory entry */
};

/* Writes an archive with libarchive: format "zip", "tar" or "raw". */
static void write_archive(const char *path, const char *format, int gzip,
                          const struct member *m, size_t n)
{
    struct archive *a = archive_write_new();
    struct archive_entry *e;
    size_t i, len;

    assert_non_null(a);
    assert_int_equal(archive_write_set_format_by_name(a, format),
                     ARCHIVE_OK);
    if (gzip)
        assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (i = 0; i < n; i++) {
        len = m[i].text ? strlen(m[i].text) : 0;
        e = archive_entry_new();
        archive_entry_set_pathname(e, m[i].name);
        archive_entry_set_filetype(e, m[i].text ? AE_IFREG : AE_IFDIR);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)len);
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        if (len)
            assert_int_equal(archive_write_data(a, m[i].text, len),
                             (la_ssize_t)len);
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

static void rm_tree(const char *path)
{
    struct file_list files = { NULL, 0 };
    char sub[4096];
    size_t i;

    list_files_into(&files, path);
    for (i = 0; i < files.n; i++)
        unlink(files.paths[i]);
    list_free(&files);
    snprintf(sub, sizeof(sub), "%s/b", path);
    rmdir(sub);
    snprintf(sub, sizeof(sub), "%s/.hidden.json", path);
    unlink(sub);
    rmdir(path);
}

static char walk_dir[64];

/* A new directory "/tmp/vigil-feed-" plus six random characters. */
static void make_tmp_dir(char *out, size_t n)
{
    size_t len;

    len = (size_t)snprintf(out, n, "/tmp/vigil-feed-");
    assert_true(len + 7 <= n);
    memset(out + len, 'X', 6);
    out[len + 6] = '\0';
    assert_non_null(mkdtemp(out));
}

static void make_tree(void)
{
    static const char osv_pair[] =
        "[{\"id\":\"T-1\",\"modified\":\"2024-01-01T00:00:00Z\"},"
        "{\"id\":\"T-2\",\"modified\":\"2024-01-01T00:00:00Z\"}]";
    const struct member zip[] = {
        { "sub/", NULL },
        { "m1.json", osv_doc },
        { "sub/m2.json", cve5_doc },
        { "sub/.dot.json", osv_doc },
    };
    const struct member tgz[] = { { "t.json", osv_pair } };
    const struct member gz[] = { { "data", kev_doc } };
    char path[4096];

    make_tmp_dir(walk_dir, sizeof(walk_dir));
    snprintf(path, sizeof(path), "%s/b", walk_dir);
    assert_int_equal(mkdir(path, 0755), 0);
    write_file(walk_dir, "a.json", osv_doc);
    write_file(walk_dir, "b/c.json", nvd_doc);
    write_file(walk_dir, ".hidden.json", osv_doc);
    write_file(walk_dir, "bad.json", "{\"id\":");
    write_file(walk_dir, "notes.txt", "nothing to see\n");
    write_file(walk_dir, "schema.json", "{\"$schema\": "
               "\"https://json-schema.org/draft/2020-12/schema\"}");
    snprintf(path, sizeof(path), "%s/d.json.gz", walk_dir);
    write_archive(path, "raw", 1, gz, VIGIL_ARRAY_SIZE(gz));
    snprintf(path, sizeof(path), "%s/y.tar.gz", walk_dir);
    write_archive(path, "pax", 1, tgz, VIGIL_ARRAY_SIZE(tgz));
    snprintf(path, sizeof(path), "%s/z.zip", walk_dir);
    write_archive(path, "zip", 0, zip, VIGIL_ARRAY_SIZE(zip));
}

/*
 * Names in byte order, dotfiles skipped, one document per archive
 * member; a bad file and a missing path are reported, a text file and a
 * JSON Schema skipped, and the walk goes on.
 */
static void test_walk_tree(void **state)
{
    static const char *const want[] = {
        "a.json", "b/c.json", "bad.json", "d.json.gz", "notes.txt",
        "schema.json",
        "y.tar.gz:t.json", "z.zip:m1.json", "z.zip:sub/m2.json",
    };
    struct vigil_feed_sink sink;
    struct collect c;
    char expect[4096] = "", missing[4096];
    const char *paths[2];
    size_t i, n;

    (void)state;
    make_tree();
    for (i = 0; i < VIGIL_ARRAY_SIZE(want); i++) {
        n = strlen(expect);
        snprintf(expect + n, sizeof(expect) - n, "%s/%s\n", walk_dir,
                 want[i]);
    }
    snprintf(missing, sizeof(missing), "%s/missing.json", walk_dir);
    paths[0] = walk_dir;
    paths[1] = missing;
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_walk(paths, 2, VIGIL_FMT_UNKNOWN, &sink),
                     VIGIL_EPARSE);
    assert_string_equal(c.origins, expect);
    assert_int_equal(c.nadv, 7);
    assert_int_equal(c.nerr, 2);
    assert_int_equal(c.nskipped, 2);
    assert_string_equal(c.last_skip, "JSON Schema document, not an "
                        "advisory");
    assert_int_equal(c.nunsound, 0);
    assert_string_equal(c.last_origin, missing);
    assert_int_equal(c.last_code, VIGIL_EIO);

    sink = collect_sink(&c);
    c.stop_after = 3;
    assert_int_equal(vigil_feed_walk(paths, 1, VIGIL_FMT_UNKNOWN, &sink),
                     -100);
    assert_int_equal(c.nadv, 3);

    /* inside an archive, with a code the walker also uses itself */
    sink = collect_sink(&c);
    c.stop_after = 6;
    c.stop_code = VIGIL_EIO;
    assert_int_equal(vigil_feed_walk(paths, 1, VIGIL_FMT_UNKNOWN, &sink),
                     VIGIL_EIO);
    assert_int_equal(c.nadv, 6);
    rm_tree(walk_dir);
}

/* A forced format applies to every document; all good means 0. */
static void test_walk_forced_format(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char dir[64];
    const char *paths[1];

    (void)state;
    make_tmp_dir(dir, sizeof(dir));
    write_file(dir, "one.json", osv_doc);
    write_file(dir, "two.json", osv_doc);
    paths[0] = dir;
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_walk(paths, 1, VIGIL_FMT_OSV, &sink), 0);
    assert_int_equal(c.nadv, 2);
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_walk(paths, 1, VIGIL_FMT_NVD, &sink),
                     VIGIL_EPARSE);
    assert_int_equal(c.nadv, 0);
    assert_int_equal(c.nerr, 2);
    assert_int_equal(vigil_feed_walk(NULL, 1, VIGIL_FMT_OSV, &sink),
                     VIGIL_EINVAL);
    rm_tree(dir);
}

/*
 * The whole-collection folders: one record per file, every one sound,
 * in one walk, the way an import reads them.
 */
static void test_walk_scale(void **state)
{
    static const char *const dirs[] = {
        "scale/osv-go", "scale/osv-crates", "scale/osv-pypi-json",
        "scale/cve5-vulnrichment",
    };
    struct file_list files = { NULL, 0 };
    char paths[4][4096];
    const char *argv[4];
    struct vigil_feed_sink sink;
    struct collect c;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(dirs); i++) {
        if (!shared_path(paths[i], sizeof(paths[i]), dirs[i]))
            skip();
        argv[i] = paths[i];
        list_files_into(&files, paths[i]);
    }
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_walk(argv, VIGIL_ARRAY_SIZE(dirs),
                                     VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nerr, 0);
    assert_int_equal(c.nunsound, 0);
    assert_int_equal(c.nfiles, files.n);
    assert_int_equal(c.nadv, files.n);
    assert_true(files.n > 10000);
    list_free(&files);
}

/* --- the affected-entry codec --- */

static struct vigil_event events[] = {
    { VIGIL_EV_INTRODUCED, "0" },
    { VIGIL_EV_FIXED, "1.2.3" },
    { VIGIL_EV_LAST_AFFECTED, "2.0" },
    { VIGIL_EV_LIMIT, "3.0" },
};

static struct vigil_change changes[] = {
    { "1.5", "unaffected" },
    { "1.6", NULL },
};

static struct vigil_range ranges[] = {
    { .type = "GIT", .repo = "https://git.example.com/r", .events = events,
      .nevents = 4 },
    { .type = "BOUNDS", .start = "1.0", .start_incl = 1,
      .end = "2.0 \"rc\" \\ \x01\n", .exact = NULL, .status = "affected",
      .version_type = "semver", .changes = changes, .nchanges = 2 },
    { .type = "BOUNDS", .exact = "", .end_incl = 1 },
};

static const char *versions[] = { "1.0", "1.1\xc3\xa9" };
static const char *fixed[] = { "1.2.3" };

static const struct vigil_affected full = {
    .kind = VIGIL_AFF_CPE, .ecosystem = "Debian:12", .name = "openssl",
    .purl = "pkg:deb/debian/openssl", .cpe = "cpe:2.3:a:openssl:openssl:*:"
    "*:*:*:*:*:*:*", .vendor = "openssl", .product = "openssl",
    .default_status = "unknown", .vulnerable = 1, .node = "0/1",
    .node_operator = "AND", .node_negate = 1, .config_operator = "OR",
    .ranges = ranges, .nranges = 3, .versions = versions, .nversions = 2,
    .fixed = fixed, .nfixed = 1,
};

static void same_str(const char *a, const char *b)
{
    if (a && b)
        assert_string_equal(a, b);
    else
        assert_ptr_equal(a, b);
}

static void same_range(const struct vigil_range *a,
                       const struct vigil_range *b)
{
    size_t i;

    same_str(a->type, b->type);
    same_str(a->repo, b->repo);
    same_str(a->start, b->start);
    same_str(a->end, b->end);
    same_str(a->exact, b->exact);
    same_str(a->status, b->status);
    same_str(a->version_type, b->version_type);
    assert_int_equal(a->start_incl, b->start_incl);
    assert_int_equal(a->end_incl, b->end_incl);
    assert_int_equal(a->nevents, b->nevents);
    for (i = 0; i < a->nevents; i++) {
        assert_int_equal(a->events[i].kind, b->events[i].kind);
        same_str(a->events[i].version, b->events[i].version);
    }
    assert_int_equal(a->nchanges, b->nchanges);
    for (i = 0; i < a->nchanges; i++) {
        same_str(a->changes[i].at, b->changes[i].at);
        same_str(a->changes[i].status, b->changes[i].status);
    }
}

static void same_affected(const struct vigil_affected *a,
                          const struct vigil_affected *b)
{
    size_t i;

    assert_int_equal(a->kind, b->kind);
    same_str(a->ecosystem, b->ecosystem);
    same_str(a->name, b->name);
    same_str(a->purl, b->purl);
    same_str(a->cpe, b->cpe);
    same_str(a->vendor, b->vendor);
    same_str(a->product, b->product);
    same_str(a->default_status, b->default_status);
    same_str(a->node, b->node);
    same_str(a->node_operator, b->node_operator);
    same_str(a->config_operator, b->config_operator);
    assert_int_equal(a->vulnerable, b->vulnerable);
    assert_int_equal(a->node_negate, b->node_negate);
    assert_int_equal(a->nranges, b->nranges);
    for (i = 0; i < a->nranges; i++)
        same_range(&a->ranges[i], &b->ranges[i]);
    assert_int_equal(a->nversions, b->nversions);
    for (i = 0; i < a->nversions; i++)
        same_str(a->versions[i], b->versions[i]);
    assert_int_equal(a->nfixed, b->nfixed);
    for (i = 0; i < a->nfixed; i++)
        same_str(a->fixed[i], b->fixed[i]);
}

static void test_codec_roundtrip(void **state)
{
    const struct vigil_affected minimal = { .kind = VIGIL_AFF_PACKAGE };
    struct vigil_buf one = VIGIL_BUF_INIT, two = VIGIL_BUF_INIT;
    struct vigil_affected back;
    struct vigil_arena arena;

    (void)state;
    vigil_arena_init(&arena);
    assert_int_equal(vigil_affected_to_json(&full, &one), 0);
    assert_int_equal(vigil_affected_from_json(one.ptr, &arena, &back), 0);
    same_affected(&full, &back);
    assert_int_equal(vigil_affected_to_json(&back, &two), 0);
    assert_string_equal(one.ptr, two.ptr);

    vigil_buf_reset(&one);
    assert_int_equal(vigil_affected_to_json(&minimal, &one), 0);
    assert_string_equal(one.ptr, "{\"kind\":\"package\",\"vulnerable\":false,"
                        "\"node_negate\":false}");
    assert_int_equal(vigil_affected_from_json(one.ptr, &arena, &back), 0);
    same_affected(&minimal, &back);
    vigil_arena_release(&arena);
    vigil_buf_release(&one);
    vigil_buf_release(&two);
}

static const char *const bad_json[] = {
    "",
    "[]",
    "{}",
    "{\"kind\":\"nope\"}",
    "{\"kind\":\"cpe\",\"name\":5}",
    "{\"kind\":\"cpe\",\"vulnerable\":1}",
    "{\"kind\":\"cpe\",\"versions\":[1]}",
    "{\"kind\":\"cpe\",\"fixed\":\"1.0\"}",
    "{\"kind\":\"cpe\",\"ranges\":{}}",
    "{\"kind\":\"cpe\",\"ranges\":[5]}",
    "{\"kind\":\"cpe\",\"ranges\":[{\"start_incl\":\"yes\"}]}",
    "{\"kind\":\"cpe\",\"ranges\":[{\"events\":[{\"introduced\":\"1\","
    "\"fixed\":\"2\"}]}]}",
    "{\"kind\":\"cpe\",\"ranges\":[{\"events\":[{\"bogus\":\"1\"}]}]}",
    "{\"kind\":\"cpe\",\"ranges\":[{\"events\":[{}]}]}",
    "{\"kind\":\"cpe\",\"ranges\":[{\"changes\":[5]}]}",
    "{\"kind\":\"cpe\",\"ranges\":[{\"changes\":[{\"at\":1}]}]}",
    "{\"kind\":\"cpe\"",
};

/* Malformed input fails and leaves *out as it was. */
static void test_codec_rejects(void **state)
{
    struct vigil_affected out, before;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_affected bad = { .kind = (enum vigil_affected_kind)7 };
    struct vigil_arena arena;
    size_t i;

    (void)state;
    vigil_arena_init(&arena);
    memset(&before, 0x5a, sizeof(before));
    for (i = 0; i < VIGIL_ARRAY_SIZE(bad_json); i++) {
        out = before;
        if (vigil_affected_from_json(bad_json[i], &arena, &out) !=
            VIGIL_EPARSE)
            fail_msg("case %zu accepted: %s", i, bad_json[i]);
        assert_memory_equal(&out, &before, sizeof(out));
    }
    assert_int_equal(vigil_affected_from_json(NULL, &arena, &out),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_buf_adds(&b, "keep"), 0);
    assert_int_equal(vigil_affected_to_json(&bad, &b), VIGIL_EINVAL);
    assert_string_equal(b.ptr, "keep");
    vigil_buf_release(&b);
    vigil_arena_release(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_detect_no_false_positives),
        cmocka_unit_test(test_parse_error_offsets),
        cmocka_unit_test(test_parse_document_errors),
        cmocka_unit_test(test_parse_each_format),
        cmocka_unit_test(test_parse_stop),
        cmocka_unit_test(test_walk_tree),
        cmocka_unit_test(test_walk_forced_format),
        cmocka_unit_test(test_walk_scale),
        cmocka_unit_test(test_codec_roundtrip),
        cmocka_unit_test(test_codec_rejects),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
