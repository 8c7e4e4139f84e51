/*
 * test_dash.c - the dashboard's page renderers: escaping of hostile
 * text, the status select, CSRF tokens on every form, what a viewer
 * sees, and the redirect target check of the login.
 *
 * The renderers belong to the server program, not the library, so
 * their sources are compiled into this test directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/server/dash_page.c"
#include "../../src/server/dash_updates.c"

#define TOKEN "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6"
#define HOSTILE "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"

static const struct dash_user analyst = { "alice", VIGIL_ROLE_ANALYST,
                                          TOKEN };
static const struct dash_user viewer = { "vera", VIGIL_ROLE_VIEWER, TOKEN };

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

static void render_detail(struct vigil_buf *b, const struct dash_user *who,
                          const char *status, const char *text)
{
    struct vigil_update u;
    struct vigil_history h = { 1, 7, "2026-12-01T10:00:00Z", text, text,
                               text, text, text };
    struct dash_update_view v = { &u, &h, 1, text };

    sample(&u, status, text);
    dash_render_update(b, who, &v);
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
    struct dash_update_query q = { HOSTILE, HOSTILE, HOSTILE, HOSTILE,
                                   HOSTILE, HOSTILE, 1, 1, 1 };
    struct dash_update_list l = { &u, 1, 120 };
    struct dash_user who = { HOSTILE, VIGIL_ROLE_ADMIN, HOSTILE };

    (void)state;
    render_detail(&b, &who, "new", HOSTILE);
    assert_inert(b.ptr);
    vigil_buf_reset(&b);

    sample(&u, HOSTILE, HOSTILE);
    dash_render_updates(&b, &who, &q, &l);
    assert_inert(b.ptr);
    /* the next-page link keeps the filter, percent-encoded */
    assert_non_null(strstr(b.ptr, "q=%3Cscript%3Ealert%281%29"));
    vigil_buf_reset(&b);

    dash_render_login(&b, "/updates?x=\"><script>alert(1)</script>",
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
             "false_positive risk_accepted" },
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
    dash_render_message(&b, &analyst, "Not found", "no such page");
    assert_non_null(strstr(b.ptr, "<html lang=\"en\">"));
    assert_non_null(strstr(b.ptr, "alice (analyst)"));
    assert_non_null(strstr(b.ptr, "href=\"/static/vigil.css\""));
    assert_null(strstr(b.ptr, "style="));
    assert_null(strstr(b.ptr, "<style"));
    vigil_buf_reset(&b);
    dash_render_login(&b, "/updates/VU-1", "invalid name or password");
    assert_non_null(strstr(b.ptr, "<label for=\"name\">"));
    assert_non_null(strstr(b.ptr, "name=\"next\" value=\"/updates/VU-1\""));
    assert_null(strstr(b.ptr, "/logout"));
    vigil_buf_reset(&b);
    dash_render_login(&b, "https://evil.example/", NULL);
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
        if (dash_local_path(paths[i].next) != paths[i].local)
            fail_msg("dash_local_path(\"%s\") != %d", paths[i].next,
                     paths[i].local);
    assert_int_equal(dash_local_path(NULL), 0);
}

static void test_url_encoding(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    (void)state;
    dash_add_url(&b, "a b/c?d=e&f~g.h_i-j\xc3\xa9");
    assert_string_equal(b.ptr, "a%20b%2Fc%3Fd%3De%26f~g.h_i-j%C3%A9");
    vigil_buf_release(&b);
}

static void test_states_are_the_workflow_states(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(states); i++)
        assert_true(vigil_track_valid_state(states[i]));
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
    assert_int_equal(dash_update_copy(&a, &u, &c), 0);
    title[0] = 'X';
    assert_string_equal(c.f[VIGIL_UF_TITLE], "mutable title");
    assert_null(c.f[VIGIL_UF_DUE]);
    assert_string_equal(c.advisory, "CVE-2021-44228");
    vigil_arena_release(&a);
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
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
