/*
 * test_http.c - the pure HTTP helpers: percent-decoding, the bytes of
 * a request target, form and query parameters, route matching with
 * captures, asset names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/http.h"
#include "internal.h"

static const struct {
    const char *in;
    int plus;
    int rc;
    const char *want;
} decode_cases[] = {
    { "abc", 0, 0, "abc" },
    { "a%20b", 0, 0, "a b" },
    { "a+b", 1, 0, "a b" },
    { "a+b", 0, 0, "a+b" },
    { "%2e%2E", 0, 0, ".." },
    { "%41%4a", 0, 0, "AJ" },
    { "%00", 0, VIGIL_EINVAL, NULL },
    { "a%0", 0, VIGIL_EINVAL, NULL },
    { "%zz", 0, VIGIL_EINVAL, NULL },
    { "%", 0, VIGIL_EINVAL, NULL },
    { "", 0, 0, "" },
    /* what decodes must be UTF-8 text */
    { "caf%C3%A9", 0, 0, "caf\xc3\xa9" },
    { "%ff%fe", 0, VIGIL_EINVAL, NULL },
    { "caf%C3", 0, VIGIL_EINVAL, NULL },
    { "%C0%AF", 0, VIGIL_EINVAL, NULL },
    { "%ED%A0%80", 0, VIGIL_EINVAL, NULL },
    { "a\xff", 0, VIGIL_EINVAL, NULL },
};

static void test_decode(void **state)
{
    char out[32];
    size_t i, len;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(decode_cases); i++) {
        rc = vigil_http_decode(decode_cases[i].in, strlen(decode_cases[i].in),
                               decode_cases[i].plus, out, sizeof(out), &len);
        assert_int_equal(rc, decode_cases[i].rc);
        if (rc == 0) {
            assert_string_equal(out, decode_cases[i].want);
            assert_int_equal(len, strlen(decode_cases[i].want));
        }
    }
    assert_int_equal(vigil_http_decode("abcdef", 6, 0, out, 4, NULL),
                     VIGIL_ERANGE);
}

static const struct {
    const char *qs;
    const char *key;
    int rc;
    const char *want;
} param_cases[] = {
    { "limit=10&offset=20", "offset", 0, "20" },
    { "limit=10&offset=20", "limit", 0, "10" },
    { "q=log4j+jndi&x", "q", 0, "log4j jndi" },
    { "q=log4j+jndi&x", "x", 0, "" },
    { "a=1&a=2", "a", 0, "1" },
    { "%6B%65y=v", "key", 0, "v" },
    { "csrf=abc%2Fdef", "csrf", 0, "abc/def" },
    { "limit=10", "offset", VIGIL_ENOTFOUND, NULL },
    { "", "q", VIGIL_ENOTFOUND, NULL },
    { "&&&=&", "q", VIGIL_ENOTFOUND, NULL },
    { "q=%00", "q", VIGIL_EINVAL, NULL },
    { "q=%G1", "q", VIGIL_EINVAL, NULL },
    { "q=%ff%fe", "q", VIGIL_EINVAL, NULL },
};

static void test_param(void **state)
{
    char out[64];
    size_t i;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(param_cases); i++) {
        rc = vigil_http_param(param_cases[i].qs, strlen(param_cases[i].qs),
                              param_cases[i].key, out, sizeof(out));
        assert_int_equal(rc, param_cases[i].rc);
        if (rc == 0)
            assert_string_equal(out, param_cases[i].want);
    }
}

static const struct {
    const char *pattern;
    const char *path;
    int match;
    int n;
    const char *first, *second;
} match_cases[] = {
    { "/api/v1/updates", "/api/v1/updates", 1, 0, NULL, NULL },
    { "/api/v1/updates", "/api/v1/updates/", 0, 0, NULL, NULL },
    { "/api/v1/updates", "/api/v1/update", 0, 0, NULL, NULL },
    { "/api/v1/updates/{id}", "/api/v1/updates/VU-3", 1, 1, "VU-3", NULL },
    { "/api/v1/updates/{id}", "/api/v1/updates/", 0, 0, NULL, NULL },
    { "/api/v1/updates/{id}", "/api/v1/updates/VU-3/x", 0, 0, NULL, NULL },
    { "/a/{x}/b/{y}", "/a/1/b/2", 1, 2, "1", "2" },
    { "/a/{x}/b/{y}", "/a/1/c/2", 0, 0, NULL, NULL },
    { "/", "/", 1, 0, NULL, NULL },
    { "/", "//", 0, 0, NULL, NULL },
    { "/healthz", "healthz", 0, 0, NULL, NULL },
    { "/static/{name}", "/static/..", 1, 1, "..", NULL },
};

static void test_match(void **state)
{
    const char *params[4];
    char buf[64];
    size_t i;
    int n, m;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(match_cases); i++) {
        n = -1;
        m = vigil_http_match(match_cases[i].pattern, match_cases[i].path,
                             buf, sizeof(buf), params, 4, &n);
        assert_int_equal(m, match_cases[i].match);
        if (!m)
            continue;
        assert_int_equal(n, match_cases[i].n);
        if (n > 0)
            assert_string_equal(params[0], match_cases[i].first);
        if (n > 1)
            assert_string_equal(params[1], match_cases[i].second);
    }

    /* captures past the buffer or the count do not match */
    assert_int_equal(vigil_http_match("/a/{x}", "/a/0123456789", buf, 8,
                                      params, 4, &n), 0);
    assert_int_equal(vigil_http_match("/{a}/{b}", "/x/y", buf, sizeof(buf),
                                      params, 1, &n), 0);
}

static void test_target_check(void **state)
{
    static const struct {
        const char *in;
        size_t len, want;
    } cases[] = {
        { "/api/v1/updates?q=a%20b&x=%ff", 29, 29 },
        { "/a?b=c/d:e@f!$'()*,;~-._[]", 26, 26 },
        { "/a?q=\xff", 6, 5 },
        { "/a b", 4, 2 },
        { "/a\tb", 4, 2 },
        { "/a\x7f", 3, 2 },
        { "/VU-\xc3\xa9", 6, 4 },
        { "\x01/", 2, 0 },
        { "/a\0b", 4, 2 },
        { "", 0, 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++)
        assert_int_equal(vigil_http_target_check(cases[i].in, cases[i].len),
                         cases[i].want);
}

static void test_asset_names(void **state)
{
    static const struct {
        const char *name;
        int ok;
    } cases[] = {
        { "vigil.css", 1 }, { "logo-2.svg", 1 }, { "..", 0 },
        { ".hidden", 0 },   { "a/b", 0 },        { "a..b", 0 },
        { "", 0 },          { "a\\b", 0 },       { "a%2fb", 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++)
        assert_int_equal(vigil_http_asset_name_ok(cases[i].name),
                         cases[i].ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_target_check),
        cmocka_unit_test(test_param),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_asset_names),
    };

    return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
