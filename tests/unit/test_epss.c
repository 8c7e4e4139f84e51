/*
 * test_epss.c - EPSS daily CSV: the real excerpts in ../shared/data/epss
 * checked row by row against an independent split of the same text,
 * then the fixtures in tests/fixtures/epss (ok_* and bad_*).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/epss.h"
#include "internal.h"

struct rows {
    long n;
    char first_cve[32];
    double first_epss, first_pct;
    char model[64], date[16];
    const char *expect;     /* next "CVE-" line of the text, or NULL */
    long stop_after;        /* return -42 after this many rows; 0: never */
};

static int on_row(void *ctx, const char *cve, double epss, double pct,
                  const char *model, const char *date)
{
    struct rows *r = ctx;

    if (r->n == 0) {
        snprintf(r->first_cve, sizeof(r->first_cve), "%s", cve);
        r->first_epss = epss;
        r->first_pct = pct;
        snprintf(r->model, sizeof(r->model), "%s", model ? model : "-");
        snprintf(r->date, sizeof(r->date), "%s", date ? date : "-");
    }

    /* the row must be the next line of the file, field by field */
    if (r->expect) {
        const char *line = strstr(r->expect, "CVE-");
        char *end;
        size_t n = strlen(cve);

        assert_non_null(line);
        assert_memory_equal(line, cve, n);
        assert_int_equal(line[n], ',');
        assert_true(strtod(line + n + 1, &end) == epss);
        assert_int_equal(*end, ',');
        assert_true(strtod(end + 1, NULL) == pct);
        r->expect = line + n;
    }
    r->n++;
    return r->stop_after && r->n == r->stop_after ? -42 : 0;
}

static void read_or_skip(struct vigil_buf *b, const char *dir,
                         const char *name)
{
    char path[2048];
    struct vigil_error err;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (vigil_buf_read_file(b, path, (size_t)16 << 20, &err) != 0) {
        print_message("skipped: ../shared/data not found\n");
        skip();
    }
}

/* Counts the lines that start with "CVE-", without the parser. */
static long count_cve_lines(const char *s, size_t len)
{
    long n = 0;
    size_t i;

    for (i = 0; i + 4 <= len; i++)
        if ((i == 0 || s[i - 1] == '\n') && memcmp(s + i, "CVE-", 4) == 0)
            n++;
    return n;
}

static const struct {
    const char *file;
    const char *model, *date;
} shared_files[] = {
    { "lodestone-epss_scores-current-head.csv", "v2026.06.15", "2026-09-29" },
    { "vulnerablecode-epss_scores-2025-x-x.csv", "v2025.03.14",
      "2025-12-26" },
};

static void test_shared_files(void **state)
{
    const char *shared = getenv("SHARED");
    char dir[1024];
    size_t i;

    (void)state;
    snprintf(dir, sizeof(dir), "%s/data/epss",
             shared && *shared ? shared : "../shared");
    for (i = 0; i < VIGIL_ARRAY_SIZE(shared_files); i++) {
        struct vigil_buf b = VIGIL_BUF_INIT;
        struct vigil_error err;
        struct rows r;
        long want;

        read_or_skip(&b, dir, shared_files[i].file);
        memset(&r, 0, sizeof(r));
        r.expect = b.ptr;
        want = count_cve_lines(b.ptr, b.len);
        if (vigil_epss_parse(b.ptr, b.len, on_row, &r, &err) != 0)
            fail_msg("%s: %s", shared_files[i].file, err.msg);
        print_message("%s: %ld rows, %ld lines start with CVE-\n",
                      shared_files[i].file, r.n, want);
        assert_true(want > 0);
        assert_int_equal(r.n, want);
        assert_string_equal(r.model, shared_files[i].model);
        assert_string_equal(r.date, shared_files[i].date);
        assert_string_equal(r.first_cve, "CVE-1999-0001");
        vigil_buf_release(&b);
    }
}

static const char *fixture_dir(char *buf, size_t len)
{
    const char *src = getenv("VIGIL_SRC");

    snprintf(buf, len, "%s/tests/fixtures/epss", src && *src ? src : ".");
    return buf;
}

static void load_fixture(struct vigil_buf *b, const char *name)
{
    char dir[1024], path[1200];
    struct vigil_error err;

    snprintf(path, sizeof(path), "%s/%s", fixture_dir(dir, sizeof(dir)),
             name);
    if (vigil_buf_read_file(b, path, 1 << 20, &err) != 0)
        fail_msg("%s", err.msg);
}

static const struct {
    const char *file;
    long rows;
    const char *model, *date, *first_cve;
    double first_epss, first_pct;    /* first_pct < 0: no column */
} ok[] = {
    { "ok_crlf.csv", 2, "v2023.03.01", "2023-03-16", "CVE-2021-44228",
      0.97565, 0.99996 },
    { "ok_v1_no_comment_no_percentile.csv", 2, "-", "-", "CVE-2019-0708",
      0.97, -1 },
    { "ok_columns_reordered.csv", 2, "v2023.03.01", "2024-01-02",
      "CVE-2024-0001", 0.01, 0.5 },
    { "ok_header_only.csv", 0, NULL, NULL, NULL, 0, 0 },
};

static void test_ok_fixtures(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(ok); i++) {
        struct vigil_buf b = VIGIL_BUF_INIT;
        struct vigil_error err;
        struct rows r;

        load_fixture(&b, ok[i].file);
        memset(&r, 0, sizeof(r));
        if (vigil_epss_parse(b.ptr, b.len, on_row, &r, &err) != 0)
            fail_msg("%s: %s", ok[i].file, err.msg);
        assert_int_equal(r.n, ok[i].rows);
        if (ok[i].rows) {
            assert_string_equal(r.model, ok[i].model);
            assert_string_equal(r.date, ok[i].date);
            assert_string_equal(r.first_cve, ok[i].first_cve);
            assert_true(r.first_epss == ok[i].first_epss);
            if (ok[i].first_pct < 0)
                assert_true(isnan(r.first_pct));
            else
                assert_true(r.first_pct == ok[i].first_pct);
        }
        vigil_buf_release(&b);
    }
}

static const struct {
    const char *file;
    long line, column;
    const char *message;
    long rows_before;
} bad[] = {
    { "bad_no_header.csv", 1, 1, "lacks the cve column", 0 },
    { "bad_epss_range.csv", 3, 16, "epss '1.5' is not a number in 0..1", 0 },
    { "bad_cve_id.csv", 3, 1, "cve 'CVE-21-44228' is not a CVE id", 1 },
    { "bad_field_count.csv", 2, 19, "2 fields where the header has 3", 0 },
    { "bad_score_date.csv", 1, 39, "score_date '2023-13-45' is not a date",
      0 },
    { "bad_comment_after_header.csv", 2, 1, "comment after the header", 0 },
    { "bad_percentile_text.csv", 2, 20, "percentile 'high' is not a number",
      0 },
    { "bad_empty.csv", 0, 0, "no EPSS header line", 0 },
    { "bad_nul_byte.csv", 2, 19, "control character 0x00", 0 },
    { "bad_duplicate_column.csv", 1, 10, "column 'epss' given twice", 0 },
    { "bad_epss_nan.csv", 2, 16, "epss 'nan' is not a number", 0 },
};

static void test_bad_fixtures(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(bad); i++) {
        struct vigil_buf b = VIGIL_BUF_INIT;
        struct vigil_error err;
        struct rows r;
        int rc;

        load_fixture(&b, bad[i].file);
        memset(&r, 0, sizeof(r));
        vigil_error_clear(&err);
        rc = vigil_epss_parse(b.ptr ? b.ptr : "", b.len, on_row, &r, &err);
        assert_int_equal(rc, VIGIL_EPARSE);
        if (!strstr(err.msg, bad[i].message))
            fail_msg("%s: message '%s' lacks '%s'", bad[i].file, err.msg,
                     bad[i].message);
        if (err.line != bad[i].line || err.column != bad[i].column)
            fail_msg("%s: at %ld:%ld, want %ld:%ld", bad[i].file, err.line,
                     err.column, bad[i].line, bad[i].column);
        assert_int_equal(r.n, bad[i].rows_before);
        vigil_buf_release(&b);
    }
}

static void test_callback_stops_and_length(void **state)
{
    static const char text[] = "cve,epss,percentile\n"
                               "CVE-2021-44228,0.9,0.99\n"
                               "CVE-2014-0160,0.8,0.98\n"
                               "CVE-2017-5638,0.7,0.97\n";
    static const char cut[] = "cve,epss\nCVE-2021-44228,0.5GARBAGE";
    struct vigil_error err;
    struct rows r;

    (void)state;
    memset(&r, 0, sizeof(r));
    r.stop_after = 2;
    assert_int_equal(vigil_epss_parse(text, sizeof(text) - 1, on_row, &r,
                                      &err), -42);
    assert_int_equal(r.n, 2);

    /* only len bytes count: the parser must not read past them */
    memset(&r, 0, sizeof(r));
    assert_int_equal(vigil_epss_parse(cut, strlen(cut) - 7, on_row, &r,
                                      &err), 0);
    assert_int_equal(r.n, 1);
    assert_true(r.first_epss == 0.5);

    assert_int_equal(vigil_epss_parse(NULL, 0, on_row, &r, &err),
                     VIGIL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_files),
        cmocka_unit_test(test_ok_fixtures),
        cmocka_unit_test(test_bad_fixtures),
        cmocka_unit_test(test_callback_stops_and_length),
    };

    return cmocka_run_group_tests_name("epss", tests, NULL, NULL);
}
