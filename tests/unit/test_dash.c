/*
 * test_dash.c - the dashboard's page renderers: escaping of hostile
 * text, the status select, CSRF tokens on every form, what a viewer
 * sees, and the redirect target check of the login.
 *
 * The renderers are the library's web module (include/vigil/web.h);
 * the server only gathers their data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <cJSON.h>

#include "vigil/track.h"
#include "vigil/web.h"
#include "internal.h"

#define TOKEN "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6"
#define HOSTILE "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"

static const struct vigil_web_user analyst = {
    "alice", VIGIL_ROLE_ANALYST, TOKEN
};
static const struct vigil_web_user viewer = {
    "vera", VIGIL_ROLE_VIEWER, TOKEN
};

static void sample(struct vigil_update *u, const char *status,
                   const char *text)
{
    int f;

    memset(u, 0, sizeof(*u));
    u->id = 7;
    u->advisory_id = 3;
    u->advisory = "CVE-2021-44228";
    for (f = 0; f < VIGIL_UF_COUNT; f++)
        u->f[f] = text;
    u->f[VIGIL_UF_STATUS] = status;
    u->created = "2026-12-01T10:00:00Z";
    u->updated = text;
}

static void render_detail(struct vigil_buf *b, const struct vigil_web_user *who,
                          const char *status, const char *text)
{
    struct vigil_update u;
    struct vigil_history h = { 1, 7, "2026-12-01T10:00:00Z", text, text,
                               text, text, text };
    struct vigil_web_update_view v = { &u, &h, 1, text };

    sample(&u, status, text);
    vigil_web_render_update(b, who, &v);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;

    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

/* No byte of hostile text may open a tag or end an attribute. */
static void assert_inert(const char *html)
{
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "\"'>"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}

static void test_hostile_text_is_escaped(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_update u;
    struct vigil_web_update_query q = { HOSTILE, HOSTILE, HOSTILE, HOSTILE,
                                   HOSTILE, HOSTILE, 1, 1, 1, HOSTILE };
    struct vigil_web_update_list l = { &u, 1, 120, NULL };
    struct vigil_web_user who = { HOSTILE, VIGIL_ROLE_ADMIN, HOSTILE };

    (void)state;
    render_detail(&b, &who, "new", HOSTILE);
    assert_inert(b.ptr);
    vigil_buf_reset(&b);

    sample(&u, HOSTILE, HOSTILE);
    vigil_web_render_updates(&b, &who, &q, &l);
    assert_inert(b.ptr);
    /* the next-page link keeps the filter, percent-encoded */
    assert_non_null(strstr(b.ptr, "q=%3Cscript%3Ealert%281%29"));
    vigil_buf_reset(&b);

    vigil_web_render_login(&b, "/updates?x=\"><script>alert(1)</script>",
                           HOSTILE);
    assert_inert(b.ptr);
    vigil_buf_release(&b);
}

/* The options of the status select, space-separated, in page order. */
static void status_options(const char *html, char *out, size_t cap)
{
    const char *p = strstr(html, "name=\"status\">");
    const char *end = p ? strstr(p, "</select>") : NULL;
    size_t len = 0;

    out[0] = '\0';
    while (p && (p = strstr(p, "<option value=\"")) != NULL && p < end) {
        const char *v = p + strlen("<option value=\"");
        size_t n = strcspn(v, "\"");

        if (len + n + 2 > cap)
            break;
        if (len)
            out[len++] = ' ';
        memcpy(out + len, v, n);
        out[len += n] = '\0';
        p = v + n;
    }
}

/* From the workflow in docs and src/track/workflow.c. */
static const struct {
    const char *from;
    const char *offered;
} moves[] = {
    { "new", "triaged in_progress remediated closed not_affected "
             "false_positive" },
    { "in_progress", "triaged remediated not_affected false_positive" },
    { "remediated", "in_progress verified closed" },
    { "verified", "new closed" },
    { "closed", "new" },
    { "risk_accepted", "new triaged in_progress remediated" },
};

static void test_status_select_offers_allowed_moves(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    char got[256];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(moves); i++) {
        vigil_buf_reset(&b);
        render_detail(&b, &analyst, moves[i].from, "t");
        status_options(b.ptr, got, sizeof(got));
        assert_string_equal(got, moves[i].offered);
    }
    vigil_buf_release(&b);
}

static void test_verify_and_risk_forms_follow_the_state(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    (void)state;
    render_detail(&b, &analyst, "remediated", "t");
    assert_non_null(strstr(b.ptr, "action=\"/updates/VU-7/verify\""));
    assert_null(strstr(b.ptr, "action=\"/updates/VU-7/accept-risk\""));
    vigil_buf_reset(&b);
    render_detail(&b, &analyst, "triaged", "t");
    assert_null(strstr(b.ptr, "action=\"/updates/VU-7/verify\""));
    assert_non_null(strstr(b.ptr, "action=\"/updates/VU-7/accept-risk\""));
    vigil_buf_release(&b);
}

static void test_every_post_form_carries_the_token(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    size_t forms;

    (void)state;
    render_detail(&b, &analyst, "new", "t");
    forms = count(b.ptr, "method=\"post\"");
    /* logout, status, assign, note, accept risk */
    assert_int_equal(forms, 5);
    assert_int_equal(count(b.ptr, "name=\"csrf\" value=\"" TOKEN "\""),
                     forms);
    assert_int_equal(count(b.ptr, "</form>"), forms);
    vigil_buf_release(&b);
}

static void test_viewer_sees_no_action_forms(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    (void)state;
    render_detail(&b, &viewer, "new", "t");
    assert_int_equal(count(b.ptr, "method=\"post\""), 1);
    assert_non_null(strstr(b.ptr, "action=\"/logout\""));
    assert_null(strstr(b.ptr, "/updates/VU-7/"));
    assert_null(strstr(b.ptr, "Actions"));
    /* but every field and the history are there */
    assert_non_null(strstr(b.ptr, "<dt>risk_reason</dt>"));
    assert_non_null(strstr(b.ptr, "<th scope=\"col\">Reason</th>"));
    vigil_buf_release(&b);
}

static void test_page_frame(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    (void)state;
    vigil_web_render_message(&b, &analyst, "Not found", "no such page");
    assert_non_null(strstr(b.ptr, "<html lang=\"en\">"));
    assert_non_null(strstr(b.ptr, "alice (analyst)"));
    assert_non_null(strstr(b.ptr, "href=\"/static/vigil.css\""));
    assert_null(strstr(b.ptr, "style="));
    assert_null(strstr(b.ptr, "<style"));
    vigil_buf_reset(&b);
    vigil_web_render_login(&b, "/updates/VU-1", "invalid name or password");
    assert_non_null(strstr(b.ptr, "<label for=\"name\">"));
    assert_non_null(strstr(b.ptr, "name=\"next\" value=\"/updates/VU-1\""));
    assert_null(strstr(b.ptr, "/logout"));
    vigil_buf_reset(&b);
    vigil_web_render_login(&b, "https://evil.example/", NULL);
    assert_null(strstr(b.ptr, "evil"));
    vigil_buf_release(&b);
}

static const struct {
    const char *next;
    int local;
} paths[] = {
    { "/", 1 },
    { "/updates?priority=High&page=2", 1 },
    { "/updates/VU-3#history", 1 },
    { "//evil.example/", 0 },
    { "/\\evil.example/", 0 },
    { "https://evil.example/", 0 },
    { "javascript:alert(1)", 0 },
    { "updates", 0 },
    { "/a\r\nSet-Cookie: x=1", 0 },
    { "/a\\b", 0 },
    { "", 0 },
};

static void test_local_path(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(paths); i++)
        if (vigil_web_local_path(paths[i].next) != paths[i].local)
            fail_msg("vigil_web_local_path(\"%s\") != %d", paths[i].next,
                     paths[i].local);
    assert_int_equal(vigil_web_local_path(NULL), 0);
}

static void test_url_encoding(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    (void)state;
    vigil_web_add_url(&b, "a b/c?d=e&f~g.h_i-j\xc3\xa9");
    assert_string_equal(b.ptr, "a%20b%2Fc%3Fd%3De%26f~g.h_i-j%C3%A9");
    vigil_buf_release(&b);
}

static void test_states_are_the_workflow_states(void **state)
{
    const char *st;
    size_t i, open = 0;

    (void)state;
    for (i = 0; (st = vigil_track_state(i)); i++) {
        assert_true(vigil_track_valid_state(st));
        assert_non_null(vigil_track_next_states(st));
        open += (size_t)vigil_track_is_open(st);
    }
    assert_int_equal(i, VIGIL_TRACK_NSTATES);
    assert_int_equal(open, 5);
    assert_false(vigil_track_is_open("closed"));
    assert_true(vigil_track_is_open("risk_accepted"));
    assert_false(vigil_track_is_open("bogus"));
    assert_null(vigil_track_next_states("bogus"));
}

static void test_copies_outlive_the_source(void **state)
{
    struct vigil_arena a;
    struct vigil_update u, c;
    char title[] = "mutable title";

    (void)state;
    vigil_arena_init(&a);
    sample(&u, "new", NULL);
    u.f[VIGIL_UF_TITLE] = title;
    assert_int_equal(vigil_web_update_copy(&a, &u, &c), 0);
    title[0] = 'X';
    assert_string_equal(c.f[VIGIL_UF_TITLE], "mutable title");
    assert_null(c.f[VIGIL_UF_DUE]);
    assert_string_equal(c.advisory, "CVE-2021-44228");
    vigil_arena_release(&a);
}

/* status, priority, identified, completed, due, kev */
static const char *const overview_rows[][6] = {
    { "new", "Critical", "2026-12-02T09:00:00Z", NULL, "2026-12-01", "1" },
    { "triaged", "High", "2026-11-20T09:00:00Z", NULL, "2027-01-01", "" },
    { "risk_accepted", "High", "2026-10-01T00:00:00Z", NULL, "2026-10-10",
      "1" },
    { "closed", "Critical", "2026-09-08T00:00:00Z", "2026-11-30", "2026-09-20",
      "1" },
    { "verified", "Low", "2025-01-01T00:00:00Z", "2026-09-06", NULL, "" },
    { "in_progress", "Medium", "2026-11-27T23:59:59Z", NULL, "2026-11-01",
      "" },
    /* a day before the last 7 days with today */
    { "closed", "Low", "2026-11-26T23:59:59Z", NULL, NULL, "" },
};

static void test_overview_counts(void **state)
{
    struct vigil_web_overview o;
    struct vigil_update u;
    struct vigil_buf b = VIGIL_BUF_INIT;
    size_t i;
    int open = 0;
    time_t now;

    (void)state;
    assert_int_equal(vigil_time_parse("2026-12-03T15:00:00Z", &now), 0);
    vigil_web_overview_init(&o, now);
    assert_string_equal(o.weeks[VIGIL_WEB_WEEKS - 1], "2026-11-30");
    assert_string_equal(o.weeks[0], "2026-09-07");
    for (i = 0; i < VIGIL_ARRAY_SIZE(overview_rows); i++) {
        sample(&u, overview_rows[i][0], NULL);
        u.f[VIGIL_UF_PRIORITY] = overview_rows[i][1];
        u.f[VIGIL_UF_IDENTIFIED] = overview_rows[i][2];
        u.f[VIGIL_UF_COMPLETED] = overview_rows[i][3];
        u.f[VIGIL_UF_DUE] = overview_rows[i][4];
        u.kev = overview_rows[i][5][0] == '1';
        open += vigil_web_overview_add(&o, &u);
    }
    assert_int_equal(open, 4);
    assert_int_equal(o.open, 4);
    assert_int_equal(o.open_by_priority[VIGIL_PRIORITY_CRITICAL], 1);
    assert_int_equal(o.open_by_priority[VIGIL_PRIORITY_HIGH], 2);
    assert_int_equal(o.open_by_priority[VIGIL_PRIORITY_MEDIUM], 1);
    assert_int_equal(o.open_by_priority[VIGIL_PRIORITY_LOW], 0);
    /* the risk accepted one is past due but not overdue */
    assert_int_equal(o.overdue, 2);
    assert_int_equal(o.kev_open, 2);
    /* from 2026-11-27 on, the 7 days to 2026-12-03 (as vigil run): the
     * first row and the in_progress one, not the row of 2026-11-26 */
    assert_int_equal(o.new_week, 2);
    assert_true(o.opened[12] == 1 && o.opened[11] == 2 && o.opened[0] == 1);
    assert_true(o.opened[10] == 1 && o.opened[9] == 0);
    assert_true(o.opened[3] == 1);
    /* completed 2026-09-06 is before the first week */
    assert_true(o.closed[12] == 1);
    for (i = 0; i < VIGIL_WEB_WEEKS - 1; i++)
        assert_true(o.closed[i] == 0);

    vigil_web_render_overview(&b, &analyst, &o, &u, 1);
    assert_non_null(strstr(b.ptr, "<svg"));
    assert_int_equal(count(b.ptr, "role=\"img\""), 2);
    assert_non_null(strstr(b.ptr, "<strong>2</strong>overdue"));
    vigil_buf_release(&b);
}

static void test_advisory_page(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_web_match_row m = { "web/01 <b>", HOSTILE, "1.0", "1.1",
                                "exact package", "affected", HOSTILE };
    cJSON *a = cJSON_CreateObject();
    cJSON *refs = cJSON_AddArrayToObject(a, "references");

    (void)state;
    cJSON_AddStringToObject(a, "id", "CVE-2099-0001");
    cJSON_AddStringToObject(a, "title", HOSTILE);
    cJSON_AddItemToArray(refs, cJSON_CreateString("javascript:alert(1)"));
    cJSON_AddItemToArray(refs, cJSON_CreateString("https://example.org/a"));
    vigil_web_render_advisory(&b, &viewer, a, &m, 1, 9);
    assert_inert(b.ptr);
    assert_null(strstr(b.ptr, "href=\"javascript"));
    assert_non_null(strstr(b.ptr, "href=\"https://example.org/a\""));
    assert_non_null(strstr(b.ptr, "href=\"/systems/web%2F01%20%3Cb%3E\""));
    assert_non_null(strstr(b.ptr, "href=\"/updates/VU-9\""));
    cJSON_Delete(a);
    vigil_buf_release(&b);
}

static void test_systems_and_reports_pages(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_web_system_row row;
    struct vigil_web_period pd = { "weekly", "2026-11-23", "2026-11-30",
                              "2026-W48" };

    (void)state;
    memset(&row, 0, sizeof(row));
    row.sys.name = "db \"01\"/<x>";
    row.sys.owner = HOSTILE;
    row.components = 25;
    row.open = 3;
    vigil_web_render_systems(&b, &viewer, &row, 1);
    assert_inert(b.ptr);
    assert_non_null(strstr(b.ptr, "href=\"/systems/db%20%2201%22%2F%3Cx%3E\""));
    assert_non_null(strstr(b.ptr, "system=db%20%2201%22%2F%3Cx%3E\">3</a>"));
    assert_non_null(strstr(b.ptr, "<td>25</td>"));
    vigil_buf_reset(&b);
    vigil_web_render_reports(&b, &viewer, &pd, 1, HOSTILE);
    assert_inert(b.ptr);
    assert_non_null(strstr(b.ptr, "href=\"/reports/weekly?from=2026-11-23"
                                  "&amp;to=2026-11-30&amp;format=csv\""));
    assert_non_null(strstr(b.ptr, "<label for=\"r-from\">"));
    vigil_buf_release(&b);
}

static void test_pagination_links(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_web_update_query q = { "open", "High", NULL, NULL, NULL, NULL,
                                   0, 1, 2, NULL };
    struct vigil_web_update_list l = { NULL, 0, 2 * VIGIL_WEB_PER_PAGE + 1,
                                       NULL };

    (void)state;
    vigil_web_render_updates(&b, &viewer, &q, &l);
    assert_non_null(strstr(b.ptr, "page 2 of 3"));
    assert_non_null(strstr(b.ptr, "rel=\"prev\" href=\"/updates?page=1"
                                  "&amp;status=open&amp;priority=High"
                                  "&amp;overdue=1\""));
    assert_non_null(strstr(b.ptr, "rel=\"next\" href=\"/updates?page=3"));
    /* the form shows the filter in force */
    assert_non_null(strstr(b.ptr, "<option value=\"High\" selected>"));
    assert_non_null(strstr(b.ptr, "name=\"overdue\" type=\"checkbox\" "
                                  "value=\"1\" checked"));
    vigil_buf_reset(&b);
    q.page = 3;
    vigil_web_render_updates(&b, &viewer, &q, &l);
    assert_null(strstr(b.ptr, "rel=\"next\""));
    vigil_buf_release(&b);
}

/* A text of n characters, each the 2 bytes of U+00E9. */
static char *long_text(size_t n)
{
    char *s = malloc(n * 2 + 1);
    size_t i;

    assert_non_null(s);
    for (i = 0; i < n; i++)
        memcpy(s + 2 * i, "\xc3\xa9", 2);
    s[2 * n] = '\0';
    return s;
}

static void test_long_text_is_cut_in_lists(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_update u;
    struct vigil_web_update_query q = { NULL, NULL, NULL, NULL, NULL, NULL,
                                        0, 0, 1, NULL };
    struct vigil_web_update_list l = { &u, 1, 1, NULL };
    struct vigil_web_adv_row row = { "CVE-2021-44228", NULL, "2021-12-10",
                                     NULL, 0 };
    char *title = long_text(100000), *want = long_text(VIGIL_WEB_CUT);

    (void)state;
    vigil_web_add_cut(&b, "short <b>", VIGIL_WEB_CUT);
    assert_string_equal(b.ptr, "short &lt;b&gt;");
    vigil_buf_reset(&b);
    vigil_web_add_cut(&b, title, VIGIL_WEB_CUT);
    assert_int_equal(b.len, 2 * VIGIL_WEB_CUT + 3);
    assert_memory_equal(b.ptr, want, 2 * VIGIL_WEB_CUT);
    assert_string_equal(b.ptr + 2 * VIGIL_WEB_CUT, "\xe2\x80\xa6");

    vigil_buf_reset(&b);
    sample(&u, "new", "x");
    u.f[VIGIL_UF_TITLE] = title;
    vigil_web_render_updates(&b, &viewer, &q, &l);
    assert_true(b.len < 20000);
    assert_non_null(strstr(b.ptr, "\xe2\x80\xa6</td>"));
    vigil_buf_reset(&b);
    vigil_web_update_table(&b, &u, 1, "overview");
    assert_true(b.len < 20000);
    vigil_buf_reset(&b);
    row.title = title;
    row.snippet = title;
    vigil_web_render_advisories(&b, &viewer, "x", &row, 1, 1, 1, NULL);
    assert_true(b.len < 20000);

    /* the detail page has all of it */
    vigil_buf_reset(&b);
    render_detail(&b, &viewer, "new", title);
    assert_non_null(strstr(b.ptr, title));
    free(title);
    free(want);
    vigil_buf_release(&b);
}

static void test_refused_filter_is_said(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_web_update_query q = { "bogus", NULL, NULL, NULL, NULL, NULL,
                                        0, 0, 1, NULL };
    struct vigil_web_update_list l = { NULL, 0, 0, "unknown status" };

    (void)state;
    vigil_web_render_updates(&b, &viewer, &q, &l);
    assert_non_null(strstr(b.ptr, "role=\"alert\">unknown status</p>"));
    vigil_buf_release(&b);
}

static void test_newlines_are_kept(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    (void)state;
    render_detail(&b, &viewer, "new", "step 1\nstep 2");
    assert_non_null(strstr(b.ptr, "<pre>step 1\nstep 2</pre>"));
    vigil_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_text_is_escaped),
        cmocka_unit_test(test_status_select_offers_allowed_moves),
        cmocka_unit_test(test_verify_and_risk_forms_follow_the_state),
        cmocka_unit_test(test_every_post_form_carries_the_token),
        cmocka_unit_test(test_viewer_sees_no_action_forms),
        cmocka_unit_test(test_page_frame),
        cmocka_unit_test(test_local_path),
        cmocka_unit_test(test_url_encoding),
        cmocka_unit_test(test_states_are_the_workflow_states),
        cmocka_unit_test(test_copies_outlive_the_source),
        cmocka_unit_test(test_overview_counts),
        cmocka_unit_test(test_advisory_page),
        cmocka_unit_test(test_systems_and_reports_pages),
        cmocka_unit_test(test_pagination_links),
        cmocka_unit_test(test_long_text_is_cut_in_lists),
        cmocka_unit_test(test_refused_filter_is_said),
        cmocka_unit_test(test_newlines_are_kept),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
