/*
 * test_feed_grype_ghsa.c - GitHub advisories in grype's own layout.
 * Every file in ../shared/data/osv/ghsa-native-grype is read; the
 * records, packages and fixed versions are counted with cJSON here and
 * must match what the parser delivers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/feed.h"
#include "feed_helpers.h"
#include "internal.h"

/* What cJSON alone says one document holds. */
struct expect {
    size_t records;
    size_t packages;       /* distinct (ecosystem, name) per record */
    size_t fixed;          /* distinct fixed identifiers per package */
    size_t withdrawn;
};

static int seen_before(const cJSON *list, const cJSON *upto,
                       const char *k1, const char *k2)
{
    const cJSON *e;

    for (e = list->child; e && e != upto; e = e->next) {
        const cJSON *a = cJSON_GetObjectItem(e, k1);
        const cJSON *b = cJSON_GetObjectItem(upto, k1);

        if (cJSON_IsString(a) && cJSON_IsString(b) &&
            strcmp(a->valuestring, b->valuestring) == 0 &&
            (!k2 || strcmp(cJSON_GetObjectItem(e, k2)->valuestring,
                           cJSON_GetObjectItem(upto, k2)->valuestring) == 0))
            return 1;
    }
    return 0;
}

static void count_one(const cJSON *item, struct expect *x)
{
    const cJSON *adv = cJSON_GetObjectItem(item, "Advisory");
    const cJSON *fixed = cJSON_GetObjectItem(adv, "FixedIn"), *f, *g;
    const cJSON *w = cJSON_GetObjectItem(adv, "withdrawn");

    x->records++;
    x->withdrawn += cJSON_IsString(w);
    cJSON_ArrayForEach(f, fixed) {
        if (!seen_before(fixed, f, "name", "ecosystem"))
            x->packages++;
        /* a fixed version counts once per package */
        for (g = fixed->child; g != f; g = g->next)
            if (strcmp(cJSON_GetObjectItem(g, "name")->valuestring,
                       cJSON_GetObjectItem(f, "name")->valuestring) == 0 &&
                strcmp(cJSON_GetObjectItem(g, "identifier")->valuestring,
                       cJSON_GetObjectItem(f, "identifier")->valuestring)
                    == 0)
                break;
        x->fixed += g == f;
    }
}

static void count_doc(const char *path, struct expect *x)
{
    cJSON *root = load_json(path), *e;

    assert_non_null(root);
    memset(x, 0, sizeof(*x));
    if (cJSON_IsArray(root)) {
        cJSON_ArrayForEach(e, root)
            count_one(e, x);
    } else {
        count_one(root, x);
    }
    cJSON_Delete(root);
}

static size_t got_packages, got_fixed;

static int tally(void *ctx, const struct vigil_advisory *a)
{
    size_t i;

    got_packages += a->naffected;
    for (i = 0; i < a->naffected; i++)
        got_fixed += a->affected[i].nfixed;
    return collect_adv(ctx, a);
}

static void test_grype_shared(void **state)
{
    struct file_list files = { NULL, 0 };
    struct vigil_feed_sink sink;
    struct expect x;
    struct collect c;
    char dir[4096];
    size_t i, total = 0, want = 0;

    (void)state;
    if (!shared_path(dir, sizeof(dir), "osv/ghsa-native-grype"))
        skip();
    list_files_into(&files, dir);
    assert_true(files.n >= 8);
    for (i = 0; i < files.n; i++) {
        count_doc(files.paths[i], &x);
        sink = collect_sink(&c);
        sink.on_advisory = tally;
        got_packages = got_fixed = 0;
        if (parse_path(files.paths[i], VIGIL_FMT_UNKNOWN, &sink) != 0 ||
            c.nerr != 0 || c.nadv != x.records)
            fail_msg("%s: %zu records (want %zu), %zu errors: %s",
                     files.paths[i], c.nadv, x.records, c.nerr, c.last_msg);
        assert_int_equal(c.last_fmt, VIGIL_FMT_GRYPE_GHSA);
        assert_int_equal(c.nunsound, 0);
        assert_int_equal(c.nwithdrawn, x.withdrawn);
        assert_int_equal(got_packages, x.packages);
        assert_int_equal(got_fixed, x.fixed);
        total += c.nadv;
        want += x.records;
    }
    assert_int_equal(total, want);
    assert_true(total > files.n);   /* one file is an array */
    list_free(&files);
}

static void check_go_redis(const struct vigil_advisory *a)
{
    char ranges[512];

    assert_string_equal(a->format, "grype-ghsa");
    assert_string_equal(a->source, "GHSA");
    assert_int_equal(a->naliases, 1);
    assert_string_equal(a->aliases[0], "CVE-2025-29923");
    assert_string_equal(a->published, "2025-03-20T18:49:59Z");
    assert_int_equal(a->nscores, 1);
    assert_string_equal(a->scores[0].version, "3.1");
    assert_true(a->scores[0].has_published);
    assert_true(a->scores[0].published > 3.65 &&
                a->scores[0].published < 3.75);
    assert_string_equal(a->scores[0].severity, "Low");
    assert_int_equal(a->naffected, 1);
    assert_string_equal(a->affected[0].ecosystem, "Go");
    assert_string_equal(a->affected[0].name, "github.com/redis/go-redis/v9");
    render_affected(&a->affected[0], ranges, sizeof(ranges));
    assert_string_equal(ranges, "SEMVER:i9.7.0-beta.1,f9.7.3,i9.6.0b1,"
                        "f9.6.3,i9.5.1,f9.5.5");
    assert_int_equal(a->affected[0].nfixed, 3);
    assert_int_equal(a->nrefs, 1);
    assert_string_equal(a->refs[0].type, "ADVISORY");
}

static void check_jsnapy(const struct vigil_advisory *a)
{
    char ranges[512];

    assert_int_equal(a->nscores, 2);
    assert_string_equal(a->scores[0].version, "3.0");
    assert_string_equal(a->scores[1].version, "4.0");
    assert_false(a->scores[1].has_published);
    assert_int_equal(a->nrefs, 5);
    assert_string_equal(a->affected[0].ecosystem, "PyPI");
    render_affected(&a->affected[0], ranges, sizeof(ranges));
    assert_string_equal(ranges, "ECOSYSTEM:i0,f1.3.0");
}

/* "<= x" with a fixed identifier: the fix ends the range, as GitHub's
 * converter does it. */
static void check_scratch(const struct vigil_advisory *a)
{
    char ranges[512];

    assert_string_equal(a->affected[0].ecosystem, "npm");
    render_affected(&a->affected[0], ranges, sizeof(ranges));
    assert_string_equal(ranges, "SEMVER:i0,f0.2.0-prerelease."
                        "20200714185213");
}

static void check_plone(const struct vigil_advisory *a)
{
    char ranges[512];

    assert_int_equal(a->naffected, 2);
    assert_string_equal(a->affected[0].name, "Plone");
    assert_string_equal(a->affected[1].name, "Plone-debug");
    render_affected(&a->affected[0], ranges, sizeof(ranges));
    assert_string_equal(ranges, "ECOSYSTEM:i4.0,f4.3.12,i5.1a1,f5.1b1");
    assert_null(a->published);
}

static void run_one(const char *sub, const char *id, check_fn check)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    if (!shared_path(path, sizeof(path), sub))
        skip();
    sink = collect_sink(&c);
    c.want_id = id;
    c.check = check;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nchecked, 1);
}

static void test_grype_fields(void **state)
{
    (void)state;
    run_one("osv/ghsa-native-grype/GHSA-92cp-5422-2mw7.json",
            "GHSA-92cp-5422-2mw7", check_go_redis);
    run_one("osv/ghsa-native-grype/GHSA-qc55-vm3j-74gp.json",
            "GHSA-qc55-vm3j-74gp", check_jsnapy);
    run_one("osv/ghsa-native-grype/github-github-npm-0.json",
            "GHSA-vc9j-fhvv-8vrf", check_scratch);
    run_one("osv/ghsa-native-grype/multiple-fixed-in-names.json",
            "GHSA-p5wr-vp8g-q5p4", check_plone);
}

/* What the record holds for each case, checked one by one. */
static const char *want_eco, *want_ranges;

static void check_inline(const struct vigil_advisory *a)
{
    char ranges[256];

    assert_string_equal(a->affected[0].ecosystem, want_eco);
    render_affected(&a->affected[0], ranges, sizeof(ranges));
    assert_string_equal(ranges, want_ranges);
}

/* Grype's ecosystem names and its "None" for an unfixed package. */
static void test_grype_inline_ranges(void **state)
{
    static const struct {
        const char *eco;
        const char *range;
        const char *ident;
        const char *want_eco;
        const char *want;
    } cases[] = {
        { "java", ">= 2.0 < 2.3", "2.3", "Maven", "ECOSYSTEM:i2.0,f2.3" },
        { "gem", "< 1.1", "1.1", "RubyGems", "ECOSYSTEM:i0,f1.1" },
        { "dotnet", "<= 4.0", "None", "NuGet", "ECOSYSTEM:i0,l4.0" },
        { "composer", "> 5.0 < 5.2", "5.2", "Packagist", "B(5.0,5.2)" },
        { "rust", ">= 0.1", "", "crates.io", "ECOSYSTEM:i0.1" },
        { "dart", "= 3.0.0", "None", "Pub", "V:3.0.0" },
    };
    struct vigil_feed_sink sink;
    struct collect c;
    char doc[1024];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        snprintf(doc, sizeof(doc),
                 "[{\"Vulnerability\":{},\"Advisory\":{\"ghsaId\":"
                 "\"GHSA-1111-2222-3333\",\"FixedIn\":[{\"name\":\"p\","
                 "\"ecosystem\":\"%s\",\"range\":\"%s\",\"identifier\":"
                 "\"%s\"}]}}]", cases[i].eco, cases[i].range,
                 cases[i].ident);
        sink = collect_sink(&c);
        c.want_id = "GHSA-1111-2222-3333";
        c.check = check_inline;
        want_eco = cases[i].want_eco;
        want_ranges = cases[i].want;
        assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, doc,
                                          strlen(doc), "t", &sink), 0);
        assert_int_equal(c.nchecked, 1);
    }
}

/* A record without Advisory.ghsaId is rejected with its index. */
static void test_grype_bad(void **state)
{
    static const char doc[] =
        "[{\"Advisory\":{\"ghsaId\":\"GHSA-1111-2222-3333\"}},"
        "{\"Advisory\":{\"CVE\":[\"CVE-2020-1\"]}},"
        "{\"Advisory\":{\"ghsaId\":\"GHSA-4444-5555-6666\",\"FixedIn\":"
        "[{\"name\":\"p\",\"ecosystem\":\"npm\",\"range\":\"~1.2\"}]}}]";
    struct vigil_feed_sink sink;
    struct collect c;

    (void)state;
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, doc, strlen(doc),
                                      "t", &sink), 0);
    assert_int_equal(c.nadv, 1);
    assert_int_equal(c.nerr, 2);
    assert_string_equal(c.last_record, "GHSA-4444-5555-6666");
    assert_non_null(strstr(c.last_msg, "'~1.2'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grype_shared),
        cmocka_unit_test(test_grype_fields),
        cmocka_unit_test(test_grype_inline_ranges),
        cmocka_unit_test(test_grype_bad),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
