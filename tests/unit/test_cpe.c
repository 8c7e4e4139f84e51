/*
 * test_cpe.c - CPE 2.3 parsing (formatted string and 2.2 URI),
 * formatting and NISTIR 7696 name matching.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/cpe.h"
#include "internal.h"

static char *format_cpe(const struct vigil_cpe *c)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    assert_int_equal(vigil_cpe_format(c, &b), 0);
    return vigil_buf_detach(&b, NULL);
}

/* Input, and its canonical 2.3 form (NULL: must be rejected). */
static const struct {
    const char *in;
    const char *want;
} parse_cases[] = {
    { "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*",
      "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*" },
    { "CPE:2.3:A:Apache:HTTP_Server:2.4.57:*:*:*:*:*:*:*",
      "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*" },
    { "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:"
      "x64:*",
      "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:"
      "x64:*" },
    /* quoting of '.', '-', '_' and alnum is dropped, others kept */
    { "cpe:2.3:a:foo\\.bar:b\\_z:1\\.0:*:*:*:*:*:*:*",
      "cpe:2.3:a:foo.bar:b_z:1.0:*:*:*:*:*:*:*" },
    { "cpe:2.3:a:netapp:solidfire_\\&_hci:*:*:*:*:*:*:*:*",
      "cpe:2.3:a:netapp:solidfire_\\&_hci:*:*:*:*:*:*:*:*" },
    { "cpe:2.3:a:mcafee:virusscan:8.8\\:p1:*:*:*:*:*:*:*",
      "cpe:2.3:a:mcafee:virusscan:8.8\\:p1:*:*:*:*:*:*:*" },
    /* a quoted hyphen alone is a value, not NA */
    { "cpe:2.3:a:x:y:\\-:*:*:*:*:*:*:*", "cpe:2.3:a:x:y:\\-:*:*:*:*:*:*:*" },
    /* wildcards at either end */
    { "cpe:2.3:a:microsoft:*sql*:??:*:*:*:*:*:*:*",
      "cpe:2.3:a:microsoft:*sql*:??:*:*:*:*:*:*:*" },
    { "cpe:2.3:*:*:*:*:*:*:*:*:*:*:*", "cpe:2.3:*:*:*:*:*:*:*:*:*:*:*" },
    /* 2.2 URI binding */
    { "cpe:/a:microsoft:internet_explorer:8.0.6001:beta",
      "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*" },
    { "cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~",
      "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:*:*:*:online:win2003:"
      "x64:*" },
    { "cpe:/a:foo%21bar:baz%3a1:-",
      "cpe:2.3:a:foo\\!bar:baz\\:1:-:*:*:*:*:*:*:*" },
    { "cpe:/a:foo:%02bar%01%01",
      "cpe:2.3:a:foo:*bar??:*:*:*:*:*:*:*:*" },
    { "cpe:/o:redhat:enterprise_linux:8::baseos",
      "cpe:2.3:o:redhat:enterprise_linux:8:*:baseos:*:*:*:*:*" },
    { "cpe:/", "cpe:2.3:*:*:*:*:*:*:*:*:*:*:*" },
    /* rejected */
    { "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*", NULL },
    { "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*:*", NULL },
    { "cpe:2.3:a:soap::lite_project:soap::lite:*:*:*:*:*:perl:*:*", NULL },
    { "cpe:2.3:x:apache:http_server:*:*:*:*:*:*:*:*", NULL },
    { "cpe:2.3:-:apache:http_server:*:*:*:*:*:*:*:*", NULL },
    { "cpe:2.3:a:apache:http server:*:*:*:*:*:*:*:*", NULL },
    { "cpe:2.3:a:apache:http+server:*:*:*:*:*:*:*:*", NULL },
    { "cpe:2.3:a:apache:ht*tp:*:*:*:*:*:*:*:*", NULL },
    { "cpe:2.3:a:apache:h?p:*:*:*:*:*:*:*:*", NULL },
    { "cpe:2.3:a:apache:**:*:*:*:*:*:*:*:*", NULL },
    { "cpe:2.3:a:apache:x\\", NULL },
    { "cpe:2.3:a:apache:x\\\t:*:*:*:*:*:*:*:*", NULL },
    { "cpe:2.3:a::x:*:*:*:*:*:*:*:*", NULL },
    { "cpe:/a:a:b:c:d:e:f:g", NULL },
    { "cpe:/a:foo%zzbar", NULL },
    { "cpe:/a:foo%2", NULL },
    { "cpe:/a:foo:ba%01r", NULL },
    { "cpe:/a:foo:bar:1:2:~a~b~c", NULL },
    { "cpe:/a:foo bar", NULL },
    { "cpe:/q:foo:bar", NULL },
    { "cpe:2.2:a:foo:bar", NULL },
    { "", NULL },
};

static void test_parse_and_format(void **state)
{
    struct vigil_cpe c;
    struct vigil_error err;
    size_t i;
    char *s;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(parse_cases); i++) {
        vigil_error_clear(&err);
        rc = vigil_cpe_parse(parse_cases[i].in, &c, &err);
        if (!parse_cases[i].want) {
            if (rc != VIGIL_EPARSE)
                fail_msg("accepted '%s'", parse_cases[i].in);
            assert_true(strstr(err.msg, "cannot parse CPE") != NULL);
            continue;
        }
        if (rc != 0)
            fail_msg("rejected '%s': %s", parse_cases[i].in, err.msg);
        s = format_cpe(&c);
        assert_string_equal(s, parse_cases[i].want);
        free(s);
    }
}

static void test_parse_kinds(void **state)
{
    struct vigil_cpe c;
    char v[64];

    (void)state;
    assert_int_equal(vigil_cpe_parse(
        "cpe:2.3:a:mcafee:virusscan:8.8\\:p1:-:*:*:*:*:*:*", &c, NULL), 0);
    assert_int_equal(c.kind[VIGIL_CPE_VERSION], VIGIL_CPE_VALUE);
    assert_int_equal(c.kind[VIGIL_CPE_UPDATE], VIGIL_CPE_NA);
    assert_int_equal(c.kind[VIGIL_CPE_EDITION], VIGIL_CPE_ANY);
    assert_int_equal(vigil_cpe_get(&c, VIGIL_CPE_VERSION, v, sizeof(v)), 0);
    assert_string_equal(v, "8.8:p1");
    assert_int_equal(vigil_cpe_get(&c, VIGIL_CPE_UPDATE, v, sizeof(v)),
                     VIGIL_ENOTFOUND);
    assert_int_equal(vigil_cpe_get(&c, VIGIL_CPE_VERSION, v, 6),
                     VIGIL_ERANGE);
    assert_int_equal(vigil_cpe_get(&c, VIGIL_CPE_VERSION, v, 7), 0);
}

static void test_set(void **state)
{
    struct vigil_cpe c;
    char *s;

    (void)state;
    vigil_cpe_init(&c);
    assert_int_equal(vigil_cpe_set(&c, VIGIL_CPE_PART, "a"), 0);
    assert_int_equal(vigil_cpe_set(&c, VIGIL_CPE_VENDOR, "Node.js"), 0);
    assert_int_equal(vigil_cpe_set(&c, VIGIL_CPE_PRODUCT, "node.js"), 0);
    assert_int_equal(vigil_cpe_set(&c, VIGIL_CPE_VERSION, "8.0:p1+x*"), 0);
    assert_int_equal(vigil_cpe_set(&c, VIGIL_CPE_UPDATE, "-"), 0);
    s = format_cpe(&c);
    assert_string_equal(s,
        "cpe:2.3:a:node.js:node.js:8.0\\:p1\\+x\\*:-:*:*:*:*:*:*");
    free(s);
    assert_int_equal(vigil_cpe_set(&c, VIGIL_CPE_PART, "x"), VIGIL_EINVAL);
    assert_int_equal(vigil_cpe_set(&c, VIGIL_CPE_PART, "-"), VIGIL_EINVAL);
    assert_int_equal(vigil_cpe_set(&c, VIGIL_CPE_PRODUCT, "a\tb"),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_cpe_set(&c, VIGIL_CPE_NATTR, "a"), VIGIL_EINVAL);
}

static const struct {
    const char *source;
    const char *target;
    enum vigil_cpe_attr attr;
    enum vigil_cpe_relation want;
} relation_cases[] = {
    { "cpe:/a:x:y", "cpe:/a:x:y", VIGIL_CPE_VERSION, VIGIL_CPE_EQUAL },
    { "cpe:/a:x:y", "cpe:/a:x:y:-", VIGIL_CPE_VERSION, VIGIL_CPE_SUPERSET },
    { "cpe:/a:x:y", "cpe:/a:x:y:1.0", VIGIL_CPE_VERSION,
      VIGIL_CPE_SUPERSET },
    { "cpe:/a:x:y", "cpe:/a:x:y:1.%02", VIGIL_CPE_VERSION,
      VIGIL_CPE_UNDEFINED },
    { "cpe:/a:x:y:-", "cpe:/a:x:y", VIGIL_CPE_VERSION, VIGIL_CPE_SUBSET },
    { "cpe:/a:x:y:-", "cpe:/a:x:y:-", VIGIL_CPE_VERSION, VIGIL_CPE_EQUAL },
    { "cpe:/a:x:y:-", "cpe:/a:x:y:1.0", VIGIL_CPE_VERSION,
      VIGIL_CPE_DISJOINT },
    { "cpe:/a:x:y:1.0", "cpe:/a:x:y", VIGIL_CPE_VERSION, VIGIL_CPE_SUBSET },
    { "cpe:/a:x:y:1.0", "cpe:/a:x:y:-", VIGIL_CPE_VERSION,
      VIGIL_CPE_DISJOINT },
    { "cpe:/a:x:y:1.0", "cpe:/a:x:y:1.0", VIGIL_CPE_VERSION,
      VIGIL_CPE_EQUAL },
    { "cpe:/a:x:y:1.0", "cpe:/a:x:y:1.1", VIGIL_CPE_VERSION,
      VIGIL_CPE_DISJOINT },
    { "cpe:/a:x:y:1.%02", "cpe:/a:x:y", VIGIL_CPE_VERSION,
      VIGIL_CPE_SUBSET },
    { "cpe:/a:x:y:1.%02", "cpe:/a:x:y:-", VIGIL_CPE_VERSION,
      VIGIL_CPE_DISJOINT },
    { "cpe:/a:x:y:1.%02", "cpe:/a:x:y:1.2.3", VIGIL_CPE_VERSION,
      VIGIL_CPE_SUPERSET },
    { "cpe:/a:x:y:1.%02", "cpe:/a:x:y:2.1", VIGIL_CPE_VERSION,
      VIGIL_CPE_DISJOINT },
    { "cpe:/a:x:y:1.%02", "cpe:/a:x:y:1.%02", VIGIL_CPE_VERSION,
      VIGIL_CPE_UNDEFINED },
    /* "?" runs stand for at most that many characters */
    { "cpe:/a:x:y:1.%01%01", "cpe:/a:x:y:1.", VIGIL_CPE_VERSION,
      VIGIL_CPE_SUPERSET },
    { "cpe:/a:x:y:1.%01%01", "cpe:/a:x:y:1.23", VIGIL_CPE_VERSION,
      VIGIL_CPE_SUPERSET },
    { "cpe:/a:x:y:1.%01%01", "cpe:/a:x:y:1.234", VIGIL_CPE_VERSION,
      VIGIL_CPE_DISJOINT },
    { "cpe:/a:x:y:%01.0", "cpe:/a:x:y:21.0", VIGIL_CPE_VERSION,
      VIGIL_CPE_DISJOINT },
    { "cpe:/a:x:y:%02.0", "cpe:/a:x:y:21.0", VIGIL_CPE_VERSION,
      VIGIL_CPE_SUPERSET },
    { "cpe:/a:x:%02sql%02", "cpe:/a:x:mysql_server", VIGIL_CPE_PRODUCT,
      VIGIL_CPE_SUPERSET },
    { "cpe:/a:x:%02sql%02", "cpe:/a:x:postgres", VIGIL_CPE_PRODUCT,
      VIGIL_CPE_DISJOINT },
    /* quoted characters compare as literals */
    { "cpe:2.3:a:x:y:8.8\\:p\\*:*:*:*:*:*:*:*", "cpe:/a:x:y:8.8%3ap1",
      VIGIL_CPE_VERSION, VIGIL_CPE_DISJOINT },
    { "cpe:2.3:a:x:y:8.8\\:p\\*:*:*:*:*:*:*:*", "cpe:/a:x:y:8.8%3ap%2a",
      VIGIL_CPE_VERSION, VIGIL_CPE_EQUAL },
    { "cpe:/a:x:y:8.8%3ap%02", "cpe:/a:x:y:8.8%3ap1", VIGIL_CPE_VERSION,
      VIGIL_CPE_SUPERSET },
};

static void parse_ok(const char *s, struct vigil_cpe *c)
{
    struct vigil_error err;

    if (vigil_cpe_parse(s, c, &err) != 0)
        fail_msg("cannot parse '%s': %s", s, err.msg);
}

static void test_compare_attr(void **state)
{
    struct vigil_cpe s, t;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(relation_cases); i++) {
        parse_ok(relation_cases[i].source, &s);
        parse_ok(relation_cases[i].target, &t);
        if (vigil_cpe_compare_attr(&s, &t, relation_cases[i].attr) !=
            relation_cases[i].want)
            fail_msg("case %zu: '%s' vs '%s'", i, relation_cases[i].source,
                     relation_cases[i].target);
    }
}

static const struct {
    const char *source;
    const char *target;
    int want;
} match_cases[] = {
    /* NA is not ANY: a pattern for "no version" misses a real version */
    { "cpe:2.3:a:apache:http_server:-:*:*:*:*:*:*:*",
      "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*", 0 },
    { "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*",
      "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*", 1 },
    { "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*",
      "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*", 1 },
    { "cpe:2.3:a:apache:http_server:2.4.56:*:*:*:*:*:*:*",
      "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*", 0 },
    /* vendor and product must both agree */
    { "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*",
      "cpe:2.3:a:nginx:http_server:2.4.57:*:*:*:*:*:*:*", 0 },
    { "cpe:2.3:a:apache:tomcat:*:*:*:*:*:*:*:*",
      "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*", 0 },
    { "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*",
      "cpe:2.3:a:*:http_server:2.4.57:*:*:*:*:*:*:*", 0 },
    { "cpe:2.3:o:apache:http_server:*:*:*:*:*:*:*:*",
      "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*", 0 },
    /* the target leaves target_sw open: accepted */
    { "cpe:2.3:a:jenkins:script_security:*:*:*:*:*:jenkins:*:*",
      "cpe:2.3:a:jenkins:script_security:1.0:*:*:*:*:*:*:*", 1 },
    { "cpe:2.3:a:jenkins:script_security:*:*:*:*:*:jenkins:*:*",
      "cpe:2.3:a:jenkins:script_security:1.0:*:*:*:*:wordpress:*:*", 0 },
    /* the target leaves the version open: not a match */
    { "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*",
      "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", 0 },
    { "cpe:2.3:o:linux:linux_kernel:5.*:*:*:*:*:*:*:*",
      "cpe:2.3:o:linux:linux_kernel:5.10.1:*:*:*:*:*:*:*", 1 },
    { "cpe:2.3:o:linux:linux_kernel:5.*:*:*:*:*:*:*:*",
      "cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*", 0 },
    { "cpe:/a:apache:http_server:2.4.57",
      "cpe:2.3:a:apache:http_server:2.4.57:-:*:*:*:*:*:*", 1 },
};

static void test_match(void **state)
{
    struct vigil_cpe s, t;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(match_cases); i++) {
        parse_ok(match_cases[i].source, &s);
        parse_ok(match_cases[i].target, &t);
        if (vigil_cpe_match(&s, &t) != match_cases[i].want)
            fail_msg("'%s' vs '%s': want %d", match_cases[i].source,
                     match_cases[i].target, match_cases[i].want);
    }
}

static const char *shared_dir(void)
{
    const char *s = getenv("SHARED");

    return s ? s : "../shared";
}

/* Collects every "criteria" string below item into list. */
static void collect_criteria(const cJSON *item, cJSON *list)
{
    const cJSON *child;

    if (cJSON_IsString(item) && item->string &&
        strcmp(item->string, "criteria") == 0)
        cJSON_AddItemToArray(list, cJSON_CreateString(item->valuestring));
    cJSON_ArrayForEach(child, item)
        collect_criteria(child, list);
}

static void collect_dir(const char *dir, cJSON *list)
{
    struct dirent *de;
    DIR *d = opendir(dir);
    char path[4096];

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        struct vigil_buf b = VIGIL_BUF_INIT;
        cJSON *doc;

        if (!strstr(de->d_name, ".json"))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (vigil_buf_read_file(&b, path, (size_t)8 << 20, NULL) == 0) {
            doc = cJSON_Parse(b.ptr);
            collect_criteria(doc, list);
            cJSON_Delete(doc);
        }
        vigil_buf_release(&b);
    }
    closedir(d);
}

/* The two names in the data that carry a raw ':' or '+'. */
static int expect_invalid(const char *s)
{
    return strstr(s, "soap::") != NULL || strchr(s, '+') != NULL;
}

/* Every CPE in the NVD test data parses and formats back unchanged. */
static void test_nvd_criteria(void **state)
{
    char dir[4096];
    cJSON *list = cJSON_CreateArray(), *it;
    struct vigil_cpe c;
    struct vigil_error err;
    int ok = 0, bad = 0;
    char *s;

    (void)state;
    snprintf(dir, sizeof(dir), "%s/data/nvd/api2-osvdev", shared_dir());
    collect_dir(dir, list);
    snprintf(dir, sizeof(dir), "%s/data/nvd/grype", shared_dir());
    collect_dir(dir, list);
    if (cJSON_GetArraySize(list) == 0) {
        cJSON_Delete(list);
        print_message("skipped: ../shared/data not found\n");
        skip();
    }
    cJSON_ArrayForEach(it, list) {
        if (vigil_cpe_parse(it->valuestring, &c, &err) != 0) {
            if (!expect_invalid(it->valuestring))
                fail_msg("rejected '%s': %s", it->valuestring, err.msg);
            bad++;
            continue;
        }
        s = format_cpe(&c);
        if (vigil__strcasecmp(s, it->valuestring) != 0)
            fail_msg("'%s' formats as '%s'", it->valuestring, s);
        free(s);
        ok++;
    }
    cJSON_Delete(list);
    assert_true(ok > 100);
    assert_true(bad >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_format),
        cmocka_unit_test(test_parse_kinds),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_compare_attr),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_nvd_criteria),
    };

    return cmocka_run_group_tests_name("cpe", tests, NULL, NULL);
}
