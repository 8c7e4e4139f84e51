/*
 * test_util.c - buffers, arenas, time parsing and formatting, white
 * space in UTF-8, URL schemes and hosts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static void test_buf_grows_and_formats(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    int i;

    (void)state;
    for (i = 0; i < 1000; i++)
        assert_int_equal(vigil_buf_addf(&b, "%d,", i), 0);
    assert_int_equal(strncmp(b.ptr, "0,1,2,", 6), 0);
    assert_int_equal(b.ptr[b.len], '\0');
    vigil_buf_reset(&b);
    assert_int_equal(vigil_buf_add_json_str(&b, "a\"b\\c\n\x01"), 0);
    assert_string_equal(b.ptr, "\"a\\\"b\\\\c\\n\\u0001\"");
    vigil_buf_reset(&b);
    assert_int_equal(vigil_buf_add_html(&b, "<a href='x'>\"&\"\x01</a>"),
                     0);
    assert_string_equal(b.ptr, "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot; "
                               "&lt;/a&gt;");
    vigil_buf_reset(&b);
    /* newlines and tabs stay: <pre> and pre-wrap show them */
    assert_int_equal(vigil_buf_add_html(&b, "a\nb\tc\rd\x7f"), 0);
    assert_string_equal(b.ptr, "a\nb\tc d ");
    vigil_buf_reset(&b);
    assert_int_equal(vigil_buf_add_html(&b, "plain"), 0);
    assert_string_equal(b.ptr, "plain");
    vigil_buf_release(&b);
}

static void test_arena_strings(void **state)
{
    struct vigil_arena a;
    char *s, *big;

    (void)state;
    vigil_arena_init(&a);
    s = vigil_arena_printf(&a, "%s-%d", "CVE-2021", 44228);
    assert_string_equal(s, "CVE-2021-44228");
    big = vigil_arena_alloc(&a, 200000);
    assert_non_null(big);
    s = vigil_arena_strdup(&a, "still here");
    assert_string_equal(s, "still here");
    vigil_arena_reset(&a);
    assert_string_equal(vigil_arena_strndup(&a, "abcdef", 3), "abc");
    vigil_arena_release(&a);
}

static const struct {
    const char *in;
    long long want;     /* -1: invalid */
} time_cases[] = {
    { "1970-01-01", 0 },
    { "2021-12-10T10:15:09Z", 1639131309 },
    { "2021-12-10T10:15:09.123", 1639131309 },
    { "2021-12-10T12:15:09+02:00", 1639131309 },
    { "2024-02-29", 1709164800 },
    { "2021-13-01", -1 },
    { "2021-12-10T25:00:00Z", -1 },
    { "2021-12-10garbage", -1 },
    { "", -1 },
};

static void test_time_parse(void **state)
{
    size_t i;
    time_t t;
    char out[32];

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(time_cases); i++) {
        int rc = vigil_time_parse(time_cases[i].in, &t);

        if (time_cases[i].want < 0) {
            assert_int_equal(rc, VIGIL_EINVAL);
            continue;
        }
        assert_int_equal(rc, 0);
        assert_int_equal((long long)t, time_cases[i].want);
    }
    vigil_time_format(1639131309, out, sizeof(out));
    assert_string_equal(out, "2021-12-10T10:15:09Z");
}

static void test_parse_ll(void **state)
{
    long long v;

    (void)state;
    assert_int_equal(vigil__parse_ll("42", 0, 100, &v), 0);
    assert_int_equal(v, 42);
    assert_int_equal(vigil__parse_ll("101", 0, 100, &v), VIGIL_ERANGE);
    assert_int_equal(vigil__parse_ll("4x", 0, 100, &v), VIGIL_EINVAL);
    assert_int_equal(vigil__parse_ll("", 0, 100, &v), VIGIL_EINVAL);
}

static void test_utf8_space(void **state)
{
    static const struct {
        const char *s;
        size_t len;         /* of the white space at s */
    } cases[] = {
        { " x", 1 }, { "\tx", 1 }, { "\xc2\xa0x", 2 }, { "\xc2\x85", 2 },
        { "\xe1\x9a\x80", 3 }, { "\xe2\x80\x80", 3 },
        { "\xe2\x80\x8a", 3 }, { "\xe2\x80\x8b", 3 },
        { "\xe2\x80\xa8", 3 }, { "\xe2\x80\xa9", 3 },
        { "\xe2\x80\xaf", 3 }, { "\xe2\x81\x9f", 3 },
        { "\xe3\x80\x80", 3 }, { "\xef\xbb\xbf", 3 },
        /* what shows as nothing: joiners, direction marks, word joiner */
        { "\xe2\x80\x8c", 3 }, { "\xe2\x80\x8d", 3 },
        { "\xe2\x80\x8e", 3 }, { "\xe2\x80\x8f", 3 },
        { "\xe2\x81\xa0", 3 }, { "\xe2\x81\xa4", 3 },
        { "\xc2\xad", 2 }, { "\xe1\xa0\x8e", 3 },
        /* letters, other marks and cut sequences are not */
        { "x ", 0 }, { "", 0 }, { "\xc2\xa1", 0 }, { "\xe2\x80\x90", 0 },
        { "\xe2\x81\xa5", 0 }, { "\xe2\x80\x7f", 0 }, { "\xe2\x80", 0 },
        { "\xc2", 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++)
        assert_int_equal(vigil__utf8_space(cases[i].s, strlen(cases[i].s)),
                         cases[i].len);

    /* a sequence must lie whole within n */
    assert_int_equal(vigil__utf8_space("\xe3\x80\x80", 2), 0);
    assert_true(vigil__blank(NULL) && vigil__blank("") &&
                vigil__blank(" \xe3\x80\x80\xe2\x80\x8e\t"));
    assert_false(vigil__blank(" x ") || vigil__blank("\xe2\x80\x90"));
}

static void test_url_scheme_host(void **state)
{
    static const struct {
        const char *url;
        size_t scheme, prefix;
        int host;
    } cases[] = {
        { "http://x.org/a", 5, 7, 1 },      { "HTTPS://x.org", 6, 8, 1 },
        { "hTtP://[::1]:8/", 5, 7, 1 },     { "https://u:p@h:1/", 6, 8, 1 },
        { "http:///etc/passwd", 5, 7, 0 },  { "https://u@:443/a", 6, 8, 0 },
        { "http://:80/x", 5, 7, 0 },        { "https://?q", 6, 8, 0 },
        { "http:/x", 5, 0, 0 },             { "file:///a", 0, 0, 0 },
        { "httpx://h/", 0, 0, 1 },          { "", 0, 0, 0 },
        /* a scheme without "//" is still the scheme */
        { "hTTp:example.org/x", 5, 0, 0 },  { "HTTPS:", 6, 0, 0 },
        { "http", 0, 0, 0 },                { "https:/x", 6, 0, 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        assert_int_equal(vigil__url_http_scheme(cases[i].url),
                         cases[i].scheme);
        assert_int_equal(vigil__url_http_prefix(cases[i].url),
                         cases[i].prefix);
        assert_int_equal(vigil__url_has_host(cases[i].url), cases[i].host);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_grows_and_formats),
        cmocka_unit_test(test_arena_strings),
        cmocka_unit_test(test_time_parse),
        cmocka_unit_test(test_parse_ll),
        cmocka_unit_test(test_utf8_space),
        cmocka_unit_test(test_url_scheme_host),
    };

    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
