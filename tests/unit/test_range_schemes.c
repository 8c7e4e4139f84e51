/*
 * test_range_schemes.c - range evaluation with the real version schemes:
 * the cases that must hold for PyPI and Debian, the scheme a SEMVER
 * range or a CVE 5 versionType brings when the caller has none, and an
 * oracle from the OSV PyPI records in shared data, whose "versions"
 * lists osv.dev computed from the same ranges.
 *
 * Each test skips while its scheme is still a placeholder.
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

#include "vigil/range.h"
#include "internal.h"

/* The scheme, or a skip when it cannot compare yet. */
static const struct vigil_scheme *need(const char *name)
{
    const struct vigil_scheme *s = vigil_scheme_get(name);
    struct vigil_error err;
    int cmp;

    if (!s || s->compare("1.0", "2.0", &cmp, &err) == VIGIL_EUNSUPPORTED) {
        print_message("skipped: scheme '%s' not built yet\n", name);
        skip();
    }
    return s;
}

static enum vigil_verdict check(const struct vigil_affected *a,
                                const struct vigil_scheme *s, const char *v,
                                struct vigil_evidence *ev)
{
    enum vigil_verdict verdict;

    assert_int_equal(vigil_affected_check(a, s, v, &verdict, ev, NULL), 0);
    return verdict;
}

static void test_pypi_two_pairs(void **state)
{
    struct vigil_event ev[] = {
        { VIGIL_EV_INTRODUCED, "0" }, { VIGIL_EV_FIXED, "1.11.27" },
        { VIGIL_EV_INTRODUCED, "2.2" }, { VIGIL_EV_FIXED, "2.2.9" },
    };
    struct vigil_range r = { "ECOSYSTEM", NULL, ev, 4, NULL, 0, NULL, 0,
                             NULL, NULL, NULL, NULL, 0, NULL };
    struct vigil_affected a;
    struct vigil_evidence e;
    const struct vigil_scheme *s;

    (void)state;
    s = need("pep440");
    memset(&a, 0, sizeof(a));
    a.kind = VIGIL_AFF_PACKAGE;
    a.ecosystem = "PyPI";
    a.ranges = &r;
    a.nranges = 1;
    assert_int_equal(check(&a, s, "6.0.4", &e), VIGIL_VERDICT_NOT_AFFECTED);
    assert_int_equal(check(&a, s, "2.1", &e), VIGIL_VERDICT_NOT_AFFECTED);
    assert_int_equal(check(&a, s, "1.11.0", &e), VIGIL_VERDICT_AFFECTED);
    assert_string_equal(e.fixed, "1.11.27");
    assert_int_equal(check(&a, s, "2.2.5", &e), VIGIL_VERDICT_AFFECTED);
    assert_string_equal(e.detail,
                        "ECOSYSTEM range: introduced 2.2, fixed 2.2.9");
    assert_string_equal(e.fixed, "2.2.9");
    assert_string_equal(e.scheme, "pep440");
    assert_int_equal(check(&a, s, "2.2.9rc1", &e), VIGIL_VERDICT_AFFECTED);
    assert_int_equal(check(&a, s, "2.2.9", &e), VIGIL_VERDICT_NOT_AFFECTED);
    assert_int_equal(check(&a, s, "2.2.9.post1", &e),
                     VIGIL_VERDICT_NOT_AFFECTED);
}

static void test_dpkg_default_affected(void **state)
{
    struct vigil_range r;
    struct vigil_affected a;
    struct vigil_evidence e;
    const struct vigil_scheme *s;

    (void)state;
    s = need("dpkg");
    memset(&r, 0, sizeof(r));
    r.type = "BOUNDS";
    r.start = "0";
    r.start_incl = 1;
    r.end = "1.9.15-1";
    r.status = "affected";
    memset(&a, 0, sizeof(a));
    a.kind = VIGIL_AFF_PACKAGE;
    a.default_status = "affected";
    a.ranges = &r;
    a.nranges = 1;
    assert_int_equal(check(&a, s, "1.9.14-3+deb11u1", &e),
                     VIGIL_VERDICT_AFFECTED);
    assert_string_equal(e.detail, "lessThan 1.9.15-1 (status affected)");
    assert_string_equal(e.fixed, "1.9.15-1");
    assert_int_equal(check(&a, s, "1.9.15~rc1-1", &e),
                     VIGIL_VERDICT_AFFECTED);
    assert_int_equal(check(&a, s, "1.9.15-1", &e),
                     VIGIL_VERDICT_NOT_AFFECTED);
    assert_int_equal(check(&a, s, "1.9.15-2", &e),
                     VIGIL_VERDICT_NOT_AFFECTED);
    assert_int_equal(check(&a, s, "1.10.0-1", &e),
                     VIGIL_VERDICT_NOT_AFFECTED);
    assert_int_equal(check(&a, s, "1:1.0-1", &e),
                     VIGIL_VERDICT_NOT_AFFECTED);
}

/* With the generic scheme, a SEMVER range and a versionType bring theirs. */
static void test_scheme_from_range(void **state)
{
    struct vigil_event ev[] = {
        { VIGIL_EV_INTRODUCED, "0" }, { VIGIL_EV_FIXED, "1.2.3" },
    };
    struct vigil_range r = { "SEMVER", NULL, ev, 2, NULL, 0, NULL, 0,
                             NULL, NULL, NULL, NULL, 0, NULL };
    struct vigil_affected a;
    struct vigil_evidence e;
    const struct vigil_scheme *generic = vigil_scheme_get("generic");

    (void)state;
    need("semver");
    need("pep440");
    memset(&a, 0, sizeof(a));
    a.ranges = &r;
    a.nranges = 1;
    assert_int_equal(check(&a, generic, "1.2.3-alpha.1", &e),
                     VIGIL_VERDICT_AFFECTED);
    assert_string_equal(e.scheme, "semver");

    memset(&r, 0, sizeof(r));
    r.type = "BOUNDS";
    r.start = "0";
    r.end = "2.0";
    r.version_type = "python";
    assert_int_equal(check(&a, generic, "2.0rc1", &e),
                     VIGIL_VERDICT_AFFECTED);
    assert_string_equal(e.scheme, "pep440");
    assert_int_equal(check(&a, NULL, "2.0.post1", &e),
                     VIGIL_VERDICT_NOT_AFFECTED);
}

/* --- OSV oracle -------------------------------------------------------- */

static const char *shared_dir(void)
{
    const char *s = getenv("SHARED");

    return s ? s : "../shared";
}

static const struct {
    const char *name;
    enum vigil_event_kind kind;
} event_names[] = {
    { "introduced", VIGIL_EV_INTRODUCED },
    { "fixed", VIGIL_EV_FIXED },
    { "last_affected", VIGIL_EV_LAST_AFFECTED },
    { "limit", VIGIL_EV_LIMIT },
};

/* Fills r from an OSV range object; 0 when it is ECOSYSTEM. */
static int osv_range(const cJSON *jr, struct vigil_range *r,
                     struct vigil_event *ev, size_t max)
{
    const cJSON *type = cJSON_GetObjectItem(jr, "type"), *e, *f;
    size_t i;

    memset(r, 0, sizeof(*r));
    if (!cJSON_IsString(type) || strcmp(type->valuestring, "ECOSYSTEM"))
        return -1;
    r->type = "ECOSYSTEM";
    r->events = ev;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(jr, "events")) {
        for (i = 0; i < VIGIL_ARRAY_SIZE(event_names); i++) {
            f = cJSON_GetObjectItem(e, event_names[i].name);
            if (cJSON_IsString(f) && r->nevents < max) {
                ev[r->nevents].kind = event_names[i].kind;
                ev[r->nevents++].version = f->valuestring;
            }
        }
    }
    return 0;
}

struct tally {
    int entries, listed, fixed;
};

/*
 * For an affected entry with ECOSYSTEM ranges only: every listed version
 * is affected by the ranges alone, and no fixed version is.
 */
static void oracle_entry(const cJSON *aff, const struct vigil_scheme *s,
                         const char *file, struct tally *t)
{
    struct vigil_range r[4];
    struct vigil_event ev[4][32];
    struct vigil_affected a;
    struct vigil_evidence e;
    const cJSON *jr, *v;
    size_t i, k;

    memset(&a, 0, sizeof(a));
    a.ranges = r;
    cJSON_ArrayForEach(jr, cJSON_GetObjectItem(aff, "ranges")) {
        if (a.nranges == 4 || osv_range(jr, &r[a.nranges], ev[a.nranges],
                                         32) != 0)
            return;
        a.nranges++;
    }
    if (a.nranges == 0)
        return;
    t->entries++;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(aff, "versions")) {
        if (s->validate(v->valuestring, NULL) != 0)
            continue;
        if (check(&a, s, v->valuestring, &e) != VIGIL_VERDICT_AFFECTED)
            fail_msg("%s: listed %s is not affected: %s", file,
                     v->valuestring, e.detail);
        t->listed++;
    }
    for (i = 0; i < a.nranges; i++)
        for (k = 0; k < r[i].nevents; k++)
            if (r[i].events[k].kind == VIGIL_EV_FIXED) {
                const char *fx = r[i].events[k].version;

                if (check(&a, s, fx, &e) != VIGIL_VERDICT_NOT_AFFECTED)
                    fail_msg("%s: fixed %s is affected: %s", file, fx,
                             e.detail);
                t->fixed++;
            }
}

static void oracle_file(const char *path, const struct vigil_scheme *s,
                        struct tally *t)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    cJSON *doc, *aff;

    if (vigil_buf_read_file(&b, path, (size_t)4 << 20, NULL) != 0)
        return;
    doc = cJSON_Parse(b.ptr);
    cJSON_ArrayForEach(aff, cJSON_GetObjectItem(doc, "affected"))
        oracle_entry(aff, s, path, t);
    cJSON_Delete(doc);
    vigil_buf_release(&b);
}

/* Walks dir (one level of package folders, as in osv/pypi/json). */
static void oracle_dir(const char *dir, const struct vigil_scheme *s,
                       struct tally *t, int depth)
{
    char path[4096];
    struct dirent *de;
    DIR *d = opendir(dir);

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (strstr(de->d_name, ".json"))
            oracle_file(path, s, t);
        else if (depth > 0)
            oracle_dir(path, s, t, depth - 1);
    }
    closedir(d);
}

static void test_osv_pypi_oracle(void **state)
{
    const struct vigil_scheme *s;
    struct tally t = { 0, 0, 0 };
    char dir[4096];

    (void)state;
    s = need("pep440");
    snprintf(dir, sizeof(dir), "%s/data/osv/pypi/json", shared_dir());
    oracle_dir(dir, s, &t, 1);
    if (t.entries == 0) {
        print_message("skipped: ../shared/data not found\n");
        skip();
    }
    assert_true(t.entries >= 50);
    assert_true(t.listed >= 500);
    assert_true(t.fixed >= 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pypi_two_pairs),
        cmocka_unit_test(test_dpkg_default_affected),
        cmocka_unit_test(test_scheme_from_range),
        cmocka_unit_test(test_osv_pypi_oracle),
    };

    return cmocka_run_group_tests_name("range_schemes", tests, NULL, NULL);
}
