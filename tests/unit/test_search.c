/*
 * test_search.c - the query rebuild, hostile input, ranking, paging and
 * the bound on a large store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "vigil/import.h"
#include "vigil/search.h"
#include "store_helpers.h"
#include "internal.h"

struct fx {
    struct vigil_store *s;
    char dir[64];
    char db[96];
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));

    if (!f || store_tmp_open("search", f->dir, sizeof(f->dir), f->db,
                             sizeof(f->db), &f->s))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    return store_tmp_close(f, f->s, f->dir);
}

static void add(struct vigil_store *s, const char *id, const char *title,
                const char *desc)
{
    struct vigil_advisory a;
    struct vigil_error err;
    enum vigil_put_outcome o;

    memset(&a, 0, sizeof(a));
    a.id = id;
    a.format = "osv";
    a.source = "test";
    a.title = title;
    a.description = desc;
    a.published = "2026-01-02T00:00:00Z";
    if (vigil_store_put_advisory(s, &a, "test", &o, NULL, &err))
        fail_msg("cannot add %s: %s", id, err.msg);
}

static void test_query_rebuild(void **state)
{
    static const struct {
        const char *in;
        const char *out;        /* NULL: VIGIL_EINVAL */
    } cases[] = {
        { "log4j", "\"log4j\"" },
        { "  remote   code ", "\"remote\" \"code\"" },
        { "\"remote code\" exec", "\"remote code\" \"exec\"" },
        { "log4*", "\"log4\"*" },
        { "log4***", "\"log4\"*" },
        { "\"apache log\"*", "\"apache log\"*" },
        { "title:x", "\"title:x\"" },
        { "NEAR(a b)", "\"NEAR(a\" \"b)\"" },
        { "a OR b NOT c", "\"a\" \"OR\" \"b\" \"NOT\" \"c\"" },
        { "-foo ^bar +baz", "\"-foo\" \"^bar\" \"+baz\"" },
        { "\"unbalanced phrase", "\"unbalanced phrase\"" },
        { "ab\"cd\"ef", "\"ab\" \"cd\" \"ef\"" },
        { "tab\there", "\"tab\" \"here\"" },
        { "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
        { "CVE-2021-44228", "\"CVE-2021-44228\"" },
        { "a*b", "\"a*b\"" },
        { "", NULL },
        { "***", NULL },
        { "- ^ ( ) : \" \"", NULL },
        { "\"\"", NULL },
        { "\"", NULL },
    };
    char out[VIGIL_SEARCH_QUERY_MAX];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        int rc = vigil_search_query(cases[i].in, out, sizeof(out));

        if (!cases[i].out && rc != VIGIL_EINVAL)
            fail_msg("'%s': %d, want EINVAL", cases[i].in, rc);
        if (cases[i].out && (rc || strcmp(out, cases[i].out) != 0))
            fail_msg("'%s': %d '%s', want '%s'", cases[i].in, rc, out,
                     cases[i].out);
    }
    assert_int_equal(vigil_search_query(NULL, out, sizeof(out)),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_search_query("word", out, 4), VIGIL_ERANGE);
}

static void test_query_caps(void **state)
{
    char in[12000], out[VIGIL_SEARCH_QUERY_MAX];
    size_t i, quotes = 0;
    int terms = 0;

    (void)state;

    /* 20 words: the first 16 stay */
    in[0] = '\0';
    for (i = 0; i < 20; i++)
        snprintf(in + strlen(in), sizeof(in) - strlen(in), "w%zu ", i);
    assert_int_equal(vigil_search_query(in, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "\"w15\""));
    assert_null(strstr(out, "\"w16\""));

    /* one 10,000-byte word is cut, at a character boundary */
    for (i = 0; i + 2 < 10000; i += 2) {
        in[i] = (char)0xc3;
        in[i + 1] = (char)0xa9;
    }
    in[i] = '\0';
    assert_int_equal(vigil_search_query(in, out, sizeof(out)), 0);
    assert_true(strlen(out) <= VIGIL_SEARCH_MAX_TERM + 2);
    assert_int_equal(out[strlen(out) - 1], '"');
    assert_true(((unsigned char)out[strlen(out) - 2] & 0xc0) != 0xc0);

    /* many quotes and words: balanced, within the bound */
    for (i = 0; i < sizeof(in) - 1; i++)
        in[i] = "ab\" c*(^-:"[i % 10];
    in[i] = '\0';
    assert_int_equal(vigil_search_query(in, out, sizeof(out)), 0);
    for (i = 0; out[i]; i++) {
        quotes += out[i] == '"';
        terms += out[i] == '"' && (i == 0 || out[i - 1] == ' ');
    }
    assert_int_equal(quotes % 2, 0);
    assert_true(terms <= VIGIL_SEARCH_MAX_TERMS);
}

struct hits {
    int n;
    char ids[16][32];
    char snippet[256];
    double scores[16];
    int kev;
};

static int keep_hit(void *ctx, const struct vigil_search_hit *h)
{
    struct hits *k = ctx;

    if (k->n < 16) {
        snprintf(k->ids[k->n], sizeof(k->ids[0]), "%s", h->id);
        k->scores[k->n] = h->score;
        if (k->n == 0)
            snprintf(k->snippet, sizeof(k->snippet), "%s",
                     h->snippet ? h->snippet : "");
    }
    k->kev += h->kev;
    k->n++;
    return 0;
}

static void test_hostile_input_never_errors(void **state)
{
    static const char *const inputs[] = {
        "title:x", "NEAR(", "NEAR(a b, 3)", "\"", "*", "-", "^", "\"\"\"",
        "a\"b", "(", ")", "{title}: x", "a AND", "OR", "NOT x", "x + y",
        "primary_id:CVE", "\"unbalanced", "* *", "'; DROP TABLE x; --",
        "\\", "\xff\xfe", "a:b:c", "^title:x", "- -a",
    };
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_search_result res;
    struct hits k;
    char big[10001];
    size_t i;
    int rc;

    add(f->s, "GHSA-0001", "title x near", "a b c NOT d");
    for (i = 0; i < VIGIL_ARRAY_SIZE(inputs); i++) {
        memset(&k, 0, sizeof(k));
        rc = vigil_search(f->s, inputs[i], 10, 0, keep_hit, &k, &res, &err);
        if (rc != 0 && rc != VIGIL_EINVAL)
            fail_msg("'%s': %d %s", inputs[i], rc, err.msg);
    }

    /* 10,000 characters of mixed syntax, and pseudo-random strings */
    srand(7);
    for (i = 0; i < sizeof(big) - 1; i++)
        big[i] = "aZ9 \"*():^-+,.{}"[rand() % 16];
    big[i] = '\0';
    rc = vigil_search(f->s, big, 10, 0, keep_hit, &k, &res, &err);
    assert_true(rc == 0 || rc == VIGIL_EINVAL);
    for (i = 0; i < 300; i++) {
        size_t j, n = (size_t)(rand() % 40);

        for (j = 0; j < n; j++)
            big[j] = (char)(1 + rand() % 255);
        big[n] = '\0';
        rc = vigil_search(f->s, big, 5, 0, keep_hit, &k, &res, &err);
        if (rc != 0 && rc != VIGIL_EINVAL)
            fail_msg("random input %zu: %d %s", i, rc, err.msg);
    }
    assert_int_equal(vigil_search(f->s, "x", 0, 0, keep_hit, &k, &res, &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_search(f->s, "x", 501, 0, keep_hit, &k, &res,
                                  &err), VIGIL_EINVAL);
    assert_int_equal(vigil_search(f->s, "x", 5, -1, keep_hit, &k, &res,
                                  &err), VIGIL_EINVAL);
    assert_int_equal(vigil_search(f->s, "***", 5, 0, keep_hit, &k, &res,
                                  &err), VIGIL_EINVAL);
}

static void test_ranking(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_search_result res;
    struct hits k;

    /* the description-only hit is newer, so recency alone would put it
     * first */
    add(f->s, "GHSA-title", "Zebra parser overflow",
        "A long description of a parser bug in a library for images.");
    add(f->s, "GHSA-desc", "Image library bug",
        "The zebra stripes decoder reads past the end of a buffer.");
    add(f->s, "GHSA-none", "Unrelated", "Nothing to see here.");

    memset(&k, 0, sizeof(k));
    assert_int_equal(vigil_search(f->s, "zebra", 10, 0, keep_hit, &k, &res,
                                  &err), 0);
    assert_int_equal(k.n, 2);
    assert_string_equal(k.ids[0], "GHSA-title");
    assert_string_equal(k.ids[1], "GHSA-desc");
    assert_true(k.scores[0] <= k.scores[1]);
    assert_int_equal(res.total, 2);
    assert_int_equal(res.total_capped, 0);

    /* the excerpt marks the term */
    memset(&k, 0, sizeof(k));
    assert_int_equal(vigil_search(f->s, "stripes", 10, 0, keep_hit, &k, &res,
                                  &err), 0);
    assert_non_null(strstr(k.snippet, "[stripes]"));

    /* phrase and prefix */
    memset(&k, 0, sizeof(k));
    assert_int_equal(vigil_search(f->s, "\"stripes zebra\"", 10, 0, keep_hit,
                                  &k, &res, &err), 0);
    assert_int_equal(k.n, 0);
    assert_int_equal(vigil_search(f->s, "\"zebra stripes\" decod*", 10, 0,
                                  keep_hit, &k, &res, &err), 0);
    assert_int_equal(k.n, 1);
    assert_string_equal(k.ids[0], "GHSA-desc");

    /* an id is searchable; the rebuilt query is not an FTS5 filter */
    memset(&k, 0, sizeof(k));
    assert_int_equal(vigil_search(f->s, "GHSA-none", 10, 0, keep_hit, &k,
                                  &res, &err), 0);
    assert_int_equal(k.n, 1);

    /* an id typed in another case is pinned as the stored one */
    add(f->s, "GHSA-jfh8-c2jp-5v3q", "Pinned by id", "Nothing alike.");
    add(f->s, "CVE-2021-44228", "Pinned too", "Nothing alike either.");
    {
        static const char *const typed[][2] = {
            { "ghsa-jfh8-c2jp-5v3q", "GHSA-jfh8-c2jp-5v3q" },
            { "GHSA-jfh8-c2jp-5v3q", "GHSA-jfh8-c2jp-5v3q" },
            { "cve-2021-44228", "CVE-2021-44228" },
            { " Cve-2021-44228 ", "CVE-2021-44228" },
        };
        size_t i;

        for (i = 0; i < VIGIL_ARRAY_SIZE(typed); i++) {
            memset(&k, 0, sizeof(k));
            assert_int_equal(vigil_search(f->s, typed[i][0], 10, 0,
                                          keep_hit, &k, &res, &err), 0);
            assert_true(k.n >= 1);
            assert_string_equal(k.ids[0], typed[i][1]);
        }
    }
    memset(&k, 0, sizeof(k));
    assert_int_equal(vigil_search(f->s, "title:zebra", 10, 0, keep_hit, &k,
                                  &res, &err), 0);
    assert_int_equal(k.n, 0);
}

static void test_paging(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_search_result res;
    struct hits a, b;
    char id[32];
    int i, j;

    for (i = 0; i < 25; i++) {
        snprintf(id, sizeof(id), "OSV-%02d", i);
        add(f->s, id, "common words", "shared text");
    }
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    assert_int_equal(vigil_search(f->s, "common", 10, 0, keep_hit, &a, &res,
                                  &err), 0);
    assert_int_equal(res.total, 25);
    assert_int_equal(vigil_search(f->s, "common", 10, 20, keep_hit, &b, &res,
                                  &err), 0);
    assert_int_equal(a.n, 10);
    assert_int_equal(b.n, 5);
    for (i = 0; i < a.n; i++)
        for (j = 0; j < b.n; j++)
            assert_string_not_equal(a.ids[i], b.ids[j]);
    /* equal scores: newest first */
    assert_string_equal(a.ids[0], "OSV-24");
    memset(&b, 0, sizeof(b));
    assert_int_equal(vigil_search(f->s, "common", 10, 30, keep_hit, &b, &res,
                                  &err), 0);
    assert_int_equal(b.n, 0);
}

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_large_store_is_bounded(void **state)
{
    struct fx *f = *state;
    const char *shared = getenv("SHARED");
    char scale[512], kev[512];
    const char *paths[2];
    struct vigil_import_opts opts;
    struct vigil_import_stats st;
    struct vigil_error err;
    struct vigil_search_result res;
    struct hits k;
    double t;
    int i;

    snprintf(scale, sizeof(scale), "%s/data/scale",
             shared ? shared : "../shared");
    snprintf(kev, sizeof(kev),
             "%s/data/kev/known_exploited_vulnerabilities.json",
             shared ? shared : "../shared");
    if (access(scale, R_OK) != 0 || access(kev, R_OK) != 0) {
        printf("skipped: ../shared/data not found\n");
        skip();
    }
    paths[0] = scale;
    paths[1] = kev;
    memset(&opts, 0, sizeof(opts));
    memset(&st, 0, sizeof(st));
    vigil_import_paths(f->s, paths, 2, &opts, &st, &err);

    /* a word in most advisories: capped, and quick */
    memset(&k, 0, sizeof(k));
    t = seconds();
    assert_int_equal(vigil_search(f->s, "the", 20, 0, keep_hit, &k, &res,
                                  &err), 0);
    t = seconds() - t;
    assert_int_equal(k.n, 20);
    assert_int_equal(res.total, VIGIL_SEARCH_CANDIDATES);
    assert_int_equal(res.total_capped, 1);
    for (i = 1; i < 16; i++)
        assert_true(k.scores[i - 1] <= k.scores[i]);
    if (t > 1.0)
        fail_msg("searching a common word took %.3f s", t);

    /* the last page of the bound, and past it */
    memset(&k, 0, sizeof(k));
    assert_int_equal(vigil_search(f->s, "the", 500, 1900, keep_hit, &k, &res,
                                  &err), 0);
    assert_int_equal(k.n, 100);

    /* a rare one: exact */
    memset(&k, 0, sizeof(k));
    assert_int_equal(vigil_search(f->s, "log4j*", 20, 0, keep_hit, &k, &res,
                                  &err), 0);
    assert_int_equal(res.total_capped, 0);
    assert_true(k.n >= 1 && res.total == k.n);
    assert_true(k.kev >= 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_rebuild),
        cmocka_unit_test(test_query_caps),
        T(test_hostile_input_never_errors),
        T(test_ranking),
        T(test_paging),
        T(test_large_store_is_bounded),
    };

    return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
