/*
 * test_report.c - report periods (ISO weeks across years, months,
 * quarters), kind and format names, the SVG charts, the escaping of
 * hostile advisory text in the HTML, Markdown and CSV renderings, the
 * periods a user may give, empty sections, long cells, and the as-of
 * day of a period still running.
 */
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/report.h"
#include "store_helpers.h"
#include "internal.h"

static const struct {
    const char *now;
    int kind;
    const char *from, *to, *period;
} periods[] = {
    { "2027-01-05T10:00:00Z", VIGIL_REPORT_WEEKLY, "2026-12-28",
      "2027-01-04", "2026-W53" },
    { "2020-01-06T00:00:00Z", VIGIL_REPORT_WEEKLY, "2019-12-30",
      "2020-01-06", "2020-W01" },
    { "2021-01-04T23:59:59Z", VIGIL_REPORT_WEEKLY, "2020-12-28",
      "2021-01-04", "2020-W53" },
    { "2026-01-01T12:00:00Z", VIGIL_REPORT_WEEKLY, "2025-12-22",
      "2025-12-29", "2025-W52" },
    { "2026-12-06T12:00:00Z", VIGIL_REPORT_WEEKLY, "2026-11-23",
      "2026-11-30", "2026-W48" },
    { "2027-01-05T10:00:00Z", VIGIL_REPORT_MONTHLY, "2026-12-01",
      "2027-01-01", "2026-12" },
    { "2024-03-01T00:00:00Z", VIGIL_REPORT_MONTHLY, "2024-02-01",
      "2024-03-01", "2024-02" },
    { "2027-01-05T10:00:00Z", VIGIL_REPORT_QUARTERLY, "2026-10-01",
      "2027-01-01", "2026-Q4" },
    { "2026-03-31T23:00:00Z", VIGIL_REPORT_QUARTERLY, "2025-10-01",
      "2026-01-01", "2025-Q4" },
    { "2026-07-15T00:00:00Z", VIGIL_REPORT_QUARTERLY, "2026-04-01",
      "2026-07-01", "2026-Q2" },
};

static void test_periods(void **state)
{
    char from[11], to[11], period[16];
    size_t i;
    time_t t;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(periods); i++) {
        assert_int_equal(vigil_time_parse(periods[i].now, &t), 0);
        assert_int_equal(vigil_report_period(
                             (enum vigil_report_kind)periods[i].kind, t,
                             from, to, period), 0);
        assert_string_equal(from, periods[i].from);
        assert_string_equal(to, periods[i].to);
        assert_string_equal(period, periods[i].period);
    }
}

static void test_names(void **state)
{
    static const struct {
        const char *name;
        int kind, fmt;
    } names[] = {
        { "weekly", VIGIL_REPORT_WEEKLY, -1 },
        { "quarterly", VIGIL_REPORT_QUARTERLY, -1 },
        { "md", -1, VIGIL_REPORT_MARKDOWN },
        { "markdown", -1, VIGIL_REPORT_MARKDOWN },
        { "csv", -1, VIGIL_REPORT_CSV },
        { "HTML", -1, -1 },
        { "", -1, -1 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(names); i++) {
        assert_int_equal(vigil_report_kind_parse(names[i].name),
                         names[i].kind);
        assert_int_equal(vigil_report_format_parse(names[i].name),
                         names[i].fmt);
    }
    assert_string_equal(vigil_report_kind_name(VIGIL_REPORT_MONTHLY),
                        "monthly");
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    while ((hay = strstr(hay, needle))) {
        n++;
        hay++;
    }
    return n;
}

static void test_charts(void **state)
{
    static const char *const labels[] = { "Critical", "High", "<b>" };
    static const double a[] = { 3, 0, 7 }, b[] = { -2, 1.5, 0 },
                        zero[] = { 0, 0, 0 };
    const struct vigil_chart_series two[] = { { "this & that", a },
                                              { "previous", b } };
    const struct vigil_chart_series none[] = { { "zeros", zero } };
    struct vigil_buf x = VIGIL_BUF_INIT, y = VIGIL_BUF_INIT;

    (void)state;
    assert_int_equal(vigil_chart_bars(&x, "Open <by> \"age\"", labels, 3,
                                      two, 2, 0, 0, 0), 0);
    assert_int_equal(vigil_chart_bars(&y, "Open <by> \"age\"", labels, 3,
                                      two, 2, 0, 0, 0), 0);
    assert_string_equal(x.ptr, y.ptr);            /* deterministic */
    assert_non_null(strstr(x.ptr, "role=\"img\""));
    assert_non_null(strstr(x.ptr, "<title>Open &lt;by&gt; &quot;age&quot;"
                                  "</title>"));
    assert_non_null(strstr(x.ptr, ">this &amp; that</text>")); /* legend */
    assert_non_null(strstr(x.ptr, ">&lt;b&gt;</text>"));    /* axis label */
    assert_null(strstr(x.ptr, "<b>"));
    assert_null(strstr(x.ptr, "height=\"-"));    /* negatives drawn as 0 */
    assert_int_equal(count(x.ptr, "<rect"), 2 + 6);  /* legend + bars */
    assert_int_equal(strncmp(x.ptr, "<svg", 4), 0);
    assert_int_equal(count(x.ptr, "</svg>"), 1);

    vigil_buf_reset(&x);
    assert_int_equal(vigil_chart_lines(&x, "z", labels, 3, none, 1, 300,
                                       150), 0);
    assert_null(strstr(x.ptr, "nan"));
    assert_null(strstr(x.ptr, "inf"));
    assert_null(strstr(x.ptr, "zeros</text>"));   /* no legend for one */
    assert_int_equal(count(x.ptr, "<polyline"), 1);
    assert_non_null(strstr(x.ptr, "width=\"300\" height=\"150\""));

    vigil_buf_reset(&x);
    assert_int_equal(vigil_chart_lines(&x, "empty", NULL, 0, NULL, 0, 0, 0),
                     0);
    assert_non_null(strstr(x.ptr, ">no data</text>"));
    assert_non_null(strstr(x.ptr, "<title>empty</title>"));
    vigil_buf_release(&x);
    vigil_buf_release(&y);
}

struct fx {
    char dir[64], db[96];
    struct vigil_store *s;
};

static const char hostile[] =
    "=1+2 <script>alert(1)</script> [x](http://e.invalid) | *b*";

static int setup(void **state)
{
    static const char sql[] =
        "INSERT INTO advisory (id, primary_id, title, first_seen, updated) "
        "VALUES (1, 'CVE-2026-0001', ?1, '2026-11-02T00:00:00Z', "
        "'2026-11-02T00:00:00Z');"
        "INSERT INTO sec_update (id, advisory_id, title, systems, sources, "
        "identified, priority, due, status, assignee, created, updated) "
        "VALUES (1, 1, ?1, '@sys', 'nvd', '2026-11-02', 'High', "
        "'2026-11-03', 'new', '+team', '2026-11-02T00:00:00Z', "
        "'2026-11-02T00:00:00Z');";
    struct fx *f = calloc(1, sizeof(*f));
    sqlite3 *db;
    sqlite3_stmt *st;
    const char *tail = sql;

    if (!f || store_tmp_open("report", f->dir, sizeof(f->dir), f->db,
                             sizeof(f->db), &f->s))
        return -1;
    if (sqlite3_open(f->db, &db) != SQLITE_OK)
        return -1;
    while (*tail) {
        if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK)
            return -1;
        if (!st)
            break;
        sqlite3_bind_text(st, 1, hostile, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            return -1;
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    return store_tmp_close(f, f->s, f->dir);
}

static void render(struct fx *f, enum vigil_report_format fmt,
                   struct vigil_buf *b)
{
    struct vigil_error err;

    vigil_buf_reset(b);
    assert_int_equal(vigil_report_render(f->s, VIGIL_REPORT_WEEKLY,
                                         "2026-11-02", "2026-11-09",
                                         "2026-12-01", fmt, b, &err), 0);
}

static void test_escaping(void **state)
{
    struct fx *f = *state;
    struct vigil_buf b = VIGIL_BUF_INIT;

    render(f, VIGIL_REPORT_HTML, &b);
    assert_null(strstr(b.ptr, "<script"));
    assert_null(strstr(b.ptr, "href="));
    assert_non_null(strstr(b.ptr, "&lt;script&gt;alert(1)&lt;/script&gt;"));

    render(f, VIGIL_REPORT_MARKDOWN, &b);
    assert_null(strstr(b.ptr, "<script"));
    assert_non_null(strstr(b.ptr, "\\[x\\](http://e.invalid) \\| "
                                  "\\*b\\*"));
    /* in new updates, past due and new threats */
    assert_int_equal(count(b.ptr, "| VU-1 |"), 3);

    render(f, VIGIL_REPORT_CSV, &b);
    assert_non_null(strstr(b.ptr, ",\"'=1+2 <script>alert(1)</script> "
                                  "[x](http://e.invalid) | *b*\","));
    assert_non_null(strstr(b.ptr, ",\"'@sys\","));
    assert_non_null(strstr(b.ptr, ",\"'+team\","));
    assert_null(strstr(b.ptr, ",=1+2"));

    render(f, VIGIL_REPORT_JSON, &b);
    assert_non_null(strstr(b.ptr, "\"overdue\":\t1"));
    vigil_buf_release(&b);
}

static const struct {
    int kind;
    const char *from, *to;      /* NULL: not given */
    const char *want_from, *want_to;  /* NULL: refused */
} spans[] = {
    { VIGIL_REPORT_WEEKLY, "2026-11-02", NULL, "2026-11-02", "2026-11-09" },
    { VIGIL_REPORT_MONTHLY, "2026-11-01", NULL, "2026-11-01", "2026-12-01" },
    { VIGIL_REPORT_MONTHLY, "2026-01-31", NULL, "2026-01-31", "2026-02-28" },
    { VIGIL_REPORT_QUARTERLY, "2026-07-01", NULL, "2026-07-01",
      "2026-10-01" },
    { VIGIL_REPORT_WEEKLY, NULL, "2026-11-09", "2026-11-02", "2026-11-09" },
    { VIGIL_REPORT_QUARTERLY, NULL, "2026-10-01", "2026-07-01",
      "2026-10-01" },
    { VIGIL_REPORT_MONTHLY, "2026-10-05", "2026-10-20", "2026-10-05",
      "2026-10-20" },
    { VIGIL_REPORT_MONTHLY, NULL, NULL, "2026-11-01", "2026-12-01" },
    { VIGIL_REPORT_WEEKLY, "2026-02-30", NULL, NULL, NULL },
    { VIGIL_REPORT_WEEKLY, "2026-1-1", NULL, NULL, NULL },
    { VIGIL_REPORT_WEEKLY, NULL, "2026-13-01", NULL, NULL },
    { VIGIL_REPORT_WEEKLY, "2026-11-09", "2026-11-02", NULL, NULL },
    /* a period that starts after today (2026-12-03) */
    { VIGIL_REPORT_WEEKLY, "2026-12-28", "2027-01-04", NULL, NULL },
    { VIGIL_REPORT_MONTHLY, "2026-12-04", NULL, NULL, NULL },
};

static void test_resolve(void **state)
{
    struct vigil_error err;
    time_t now;
    char f[11], t[11];
    size_t i;

    (void)state;
    assert_int_equal(vigil_time_parse("2026-12-03T10:00:00Z", &now), 0);
    for (i = 0; i < VIGIL_ARRAY_SIZE(spans); i++) {
        int rc = vigil_report_resolve(spans[i].kind, spans[i].from,
                                      spans[i].to, now, f, t, &err);

        if (!spans[i].want_from) {
            assert_int_equal(rc, VIGIL_EINVAL);
            continue;
        }
        assert_int_equal(rc, 0);
        assert_string_equal(f, spans[i].want_from);
        assert_string_equal(t, spans[i].want_to);
    }
}

/* An end past 9999-12-31 is refused as such, not printed as year 0000. */
static void test_resolve_years(void **state)
{
    static const struct {
        int kind;
        const char *from, *to;
        const char *msg;
    } cases[] = {
        { VIGIL_REPORT_WEEKLY, "9999-12-31", NULL, "invalid period: a weekly "
          "report from '9999-12-31' would end after the year 9999" },
        { VIGIL_REPORT_WEEKLY, "9999-12-25", NULL, "would end after the "
                                                   "year 9999" },
        { VIGIL_REPORT_QUARTERLY, "9999-10-02", NULL, "invalid period: a "
          "quarterly report from '9999-10-02' would end after" },
        { VIGIL_REPORT_MONTHLY, NULL, "0000-01-15", "invalid period: a "
          "monthly report to '0000-01-15' would start before the year "
          "0000" },
    };
    struct vigil_error err;
    time_t now;
    char f[11], t[11];
    size_t i;

    (void)state;
    assert_int_equal(vigil_time_parse("2026-12-03T10:00:00Z", &now), 0);
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        vigil_error_clear(&err);
        assert_int_equal(vigil_report_resolve(cases[i].kind, cases[i].from,
                                              cases[i].to, now, f, t, &err),
                         VIGIL_EINVAL);
        if (!strstr(err.msg, cases[i].msg))
            fail_msg("case %zu: message '%s'", i, err.msg);
    }
}

/* Runs one SQL statement on the fixture's database. */
static void exec_sql(struct fx *f, const char *sql)
{
    sqlite3 *db;

    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_empty_owner_section(void **state)
{
    struct fx *f = *state;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    int fmt;

    /* a week before the only update was identified */
    for (fmt = VIGIL_REPORT_MARKDOWN; fmt <= VIGIL_REPORT_HTML; fmt += 2) {
        vigil_buf_reset(&b);
        assert_int_equal(vigil_report_render(f->s, VIGIL_REPORT_WEEKLY,
                                             "2026-10-05", "2026-10-12",
                                             "2026-12-01", fmt, &b, &err), 0);
        assert_non_null(strstr(b.ptr, fmt == VIGIL_REPORT_MARKDOWN
                               ? "## Open items by owner\n\nNo open item.\n"
                               : "<h2>Open items by owner</h2>\n<p>No open "
                                 "item.</p>"));
    }
    vigil_buf_release(&b);
}

static void test_long_cells_are_cut(void **state)
{
    struct fx *f = *state;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    int fmt;

    /* 5000 two-byte characters */
    exec_sql(f, "UPDATE sec_update SET title = (WITH RECURSIVE r(n, s) AS "
                "(SELECT 0, '' UNION ALL SELECT n + 1, s || "
                "'\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9' FROM r "
                "WHERE n < 1000) SELECT s FROM r WHERE n = 1000)");
    for (fmt = VIGIL_REPORT_MARKDOWN; fmt <= VIGIL_REPORT_HTML; fmt += 2) {
        vigil_buf_reset(&b);
        assert_int_equal(vigil_report_render(f->s, VIGIL_REPORT_QUARTERLY,
                                             "2026-10-01", "2027-01-01",
                                             "2026-12-01", fmt, &b, &err), 0);
        assert_true(b.len < 20000);
        /* 200 characters, then the ellipsis */
        assert_non_null(strstr(b.ptr, "\xc3\xa9\xe2\x80\xa6"));
    }
    vigil_buf_reset(&b);
    assert_int_equal(vigil_report_render(f->s, VIGIL_REPORT_QUARTERLY,
                                         "2026-10-01", "2027-01-01",
                                         "2026-12-01", VIGIL_REPORT_JSON, &b,
                                         &err), 0);
    assert_true(b.len > 10000);
    vigil_buf_release(&b);
}

static void test_running_period(void **state)
{
    struct fx *f = *state;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;

    exec_sql(f, "UPDATE sec_update SET status = 'risk_accepted', "
                "risk_until = '2026-12-15', risk_by = 'ann', risk_reason = "
                "'r'");
    assert_int_equal(vigil_report_render(f->s, VIGIL_REPORT_QUARTERLY,
                                         "2026-10-01", "2027-01-01",
                                         "2026-12-01", VIGIL_REPORT_JSON, &b,
                                         &err), 0);
    assert_non_null(strstr(b.ptr, "\"as_of\":\t\"2026-12-01\""));
    assert_non_null(strstr(b.ptr, "\"flag\":\t\"expires soon\""));
    assert_null(strstr(b.ptr, "\"expired\""));
    vigil_buf_reset(&b);
    assert_int_equal(vigil_report_render(f->s, VIGIL_REPORT_QUARTERLY,
                                         "2026-10-01", "2027-01-01",
                                         "2026-12-20", VIGIL_REPORT_JSON, &b,
                                         &err), 0);
    assert_non_null(strstr(b.ptr, "\"flag\":\t\"expired\""));
    vigil_buf_reset(&b);
    assert_int_equal(vigil_report_render(f->s, VIGIL_REPORT_WEEKLY,
                                         "2026-12-02", "2026-12-09",
                                         "2026-12-01", VIGIL_REPORT_JSON, &b,
                                         &err), VIGIL_EINVAL);
    vigil_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_charts),
        cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_resolve_years),
        cmocka_unit_test_setup_teardown(test_empty_owner_section, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_long_cells_are_cut, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_running_period, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
