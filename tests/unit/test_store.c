/*
 * test_store.c - the SQLite store: migrations, alias merging, folding,
 * change detection, transactions, the append-only history.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "vigil/store.h"
#include "store_helpers.h"
#include "internal.h"

extern const char vigil__sql_schema[];

struct fixture {
    char dir[64];
    char path[96];
    struct vigil_store *s;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (store_tmp_open("test", f->dir, sizeof(f->dir), f->path,
                       sizeof(f->path), &f->s) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    return store_tmp_close(f, f->s, f->dir);
}

/* A minimal record: id, aliases, format, raw text. */
static struct vigil_advisory rec(const char *id, const char **aliases,
                                 size_t n, const char *format,
                                 const char *raw)
{
    struct vigil_advisory a;

    memset(&a, 0, sizeof(a));
    a.id = id;
    a.aliases = aliases;
    a.naliases = n;
    a.format = format;
    a.source = format;
    a.title = id;
    a.raw = raw;
    a.raw_len = strlen(raw);
    return a;
}

static enum vigil_put_outcome put(struct vigil_store *s,
                                  const struct vigil_advisory *a,
                                  long long *id)
{
    enum vigil_put_outcome o;
    struct vigil_error err;

    vigil_error_clear(&err);
    assert_int_equal(vigil_store_put_advisory(s, a, "test", &o, id, &err),
                     0);
    return o;
}

static void test_schema_version(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(vigil_store_schema_version(f->s), VIGIL_SCHEMA_VERSION);
}

static void test_aliases_merge(void **state)
{
    struct fixture *f = *state;
    const char *ghsa_al[] = { "CVE-2021-44228" };
    const char *pysec_al[] = { "GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228" };
    struct vigil_advisory a, b, c;
    struct vigil_store_counts n;
    long long id1, id2, id3, found;

    a = rec("GHSA-jfh8-c2jp-5v3q", ghsa_al, 1, "osv", "{\"a\":1}");
    b = rec("CVE-2021-44228", NULL, 0, "nvd", "{\"b\":1}");
    c = rec("CVE-2021-44228", NULL, 0, "kev", "{\"c\":1}");
    assert_int_equal(put(f->s, &a, &id1), VIGIL_PUT_NEW);
    assert_int_equal(put(f->s, &b, &id2), VIGIL_PUT_MERGED);
    assert_int_equal(put(f->s, &c, &id3), VIGIL_PUT_MERGED);
    assert_int_equal(id1, id2);
    assert_int_equal(id1, id3);

    a = rec("PYSEC-0", pysec_al, 2, "osv", "{\"d\":1}");
    assert_int_equal(put(f->s, &a, &id2), VIGIL_PUT_MERGED);
    assert_int_equal(id1, id2);
    assert_int_equal(vigil_store_find_advisory(f->s, "PYSEC-0", &found), 0);
    assert_int_equal(found, id1);
    vigil_store_counts(f->s, &n);
    assert_int_equal(n.advisories, 1);
    assert_int_equal(n.sources, 4);
}

static void test_advisory_id_canon(void **state)
{
    static const struct {
        const char *id;
        int rc;
        const char *canon;
    } cases[] = {
        { "cve-2023-4863", 0, "CVE-2023-4863" },
        { "CVE-2023-4863", 0, "CVE-2023-4863" },
        { "ghsa-JFH8-c2jp-5V3Q", 0, "GHSA-jfh8-c2jp-5v3q" },
        { "pysec-2021-19", 0, "PYSEC-2021-19" },
        { "rustsec-2021-0001", 0, "RUSTSEC-2021-0001" },
        { "go-2022-0001", 0, "GO-2022-0001" },
        { "dsa-5496-1", 0, "DSA-5496-1" },
        /* past the prefix, other kinds of id keep what was typed */
        { "bit-node-2023-1", 0, "BIT-node-2023-1" },
        { "nodash", VIGIL_EINVAL, NULL },
    };
    char out[64];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        assert_int_equal(vigil_store_advisory_id_canon(cases[i].id, out,
                                                       sizeof(out)),
                         cases[i].rc);
        if (cases[i].canon)
            assert_string_equal(out, cases[i].canon);
    }
    assert_int_equal(vigil_store_advisory_id_canon("cve-2023-4863", out,
                                                   13), VIGIL_ELIMIT);
    assert_int_equal(vigil_store_advisory_id_canon("cve-2023-4863", out,
                                                   14), 0);
}

/* Ids typed in another case find the advisory by its id or an alias. */
static void test_find_any_case(void **state)
{
    struct fixture *f = *state;
    const char *al[] = { "CVE-2021-44228", "PYSEC-2021-19",
                         "DEBIAN-CVE-2021-44228" };
    static const char *const typed[] = {
        "GHSA-jfh8-c2jp-5v3q", "ghsa-jfh8-c2jp-5v3q", "GHSA-JFH8-C2JP-5V3Q",
        "cve-2021-44228", "Cve-2021-44228", "pysec-2021-19",
        "debian-cve-2021-44228", "Debian-Cve-2021-44228",
    };
    struct vigil_advisory a;
    long long id, found;
    size_t i;

    a = rec("GHSA-jfh8-c2jp-5v3q", al, 3, "osv", "{\"a\":1}");
    put(f->s, &a, &id);
    for (i = 0; i < VIGIL_ARRAY_SIZE(typed); i++) {
        found = 0;
        assert_int_equal(vigil_store_find_advisory(f->s, typed[i], &found),
                         0);
        assert_int_equal(found, id);
    }
    assert_int_equal(vigil_store_find_advisory(f->s, "cve-2021-4422",
                                               &found), VIGIL_ENOTFOUND);
    assert_int_equal(vigil_store_find_advisory(f->s, "ghsa", &found),
                     VIGIL_ENOTFOUND);
}

/* A system's owner becomes an assignee: the same rule holds for it. */
static void test_system_owner(void **state)
{
    static const char *const bad[] = { "", " ops", "ops ", "o\tps",
                                       "ops\xc2\xa0", "\xe3\x80\x80" };
    struct fixture *f = *state;
    struct vigil_system sys;
    struct vigil_error err;
    size_t i;

    memset(&sys, 0, sizeof(sys));
    sys.name = "web-01";
    for (i = 0; i < VIGIL_ARRAY_SIZE(bad); i++) {
        sys.owner = bad[i];
        vigil_error_clear(&err);
        assert_int_equal(vigil_store_system_put(f->s, &sys, NULL, &err),
                         VIGIL_EINVAL);
        assert_non_null(strstr(err.msg, "an owner "));
    }
    sys.owner = "web team";
    assert_int_equal(vigil_store_system_put(f->s, &sys, NULL, &err), 0);
    sys.owner = NULL;
    assert_int_equal(vigil_store_system_put(f->s, &sys, NULL, &err), 0);
}

static void test_fold_two_advisories(void **state)
{
    struct fixture *f = *state;
    const char *both[] = { "OSV-X1", "OSV-X2" };
    struct vigil_advisory a;
    struct vigil_store_counts n;
    long long id1, id2, id3;

    a = rec("OSV-X1", NULL, 0, "osv", "1");
    put(f->s, &a, &id1);
    a = rec("OSV-X2", NULL, 0, "osv", "2");
    put(f->s, &a, &id2);
    assert_true(id1 != id2);
    a = rec("CVE-2000-0001", both, 2, "cve5", "3");
    assert_int_equal(put(f->s, &a, &id3), VIGIL_PUT_MERGED);
    assert_int_equal(id3, id1 < id2 ? id1 : id2);
    vigil_store_counts(f->s, &n);
    assert_int_equal(n.advisories, 1);
    assert_int_equal(vigil_store_find_advisory(f->s, "OSV-X2", &id2), 0);
    assert_int_equal(id2, id3);
}

static void test_change_detection(void **state)
{
    struct fixture *f = *state;
    struct vigil_advisory a = rec("GHSA-1", NULL, 0, "osv", "{\"v\":1}");
    long long id;

    assert_int_equal(put(f->s, &a, &id), VIGIL_PUT_NEW);
    assert_int_equal(put(f->s, &a, &id), VIGIL_PUT_UNCHANGED);
    a.raw = "{\"v\":2}";
    a.raw_len = strlen(a.raw);
    assert_int_equal(put(f->s, &a, &id), VIGIL_PUT_UPDATED);
}

static void test_rollback_keeps_old_state(void **state)
{
    struct fixture *f = *state;
    struct vigil_advisory a = rec("GHSA-2", NULL, 0, "osv", "x");
    struct vigil_store_counts before, after;
    struct vigil_error err;
    long long id;

    put(f->s, &a, &id);
    vigil_store_counts(f->s, &before);
    assert_int_equal(vigil_store_begin(f->s, &err), 0);
    a = rec("GHSA-3", NULL, 0, "osv", "y");
    put(f->s, &a, &id);
    vigil_store_rollback(f->s);
    vigil_store_counts(f->s, &after);
    assert_int_equal(before.advisories, after.advisories);
    assert_int_equal(vigil_store_find_advisory(f->s, "GHSA-3", &id),
                     VIGIL_ENOTFOUND);
}

static void test_migrates_version_1(void **state)
{
    struct fixture *f = *state;
    struct vigil_store *s;
    struct vigil_error err;
    char path[128];
    sqlite3 *db;

    snprintf(path, sizeof(path), "%s/old.db", f->dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, vigil__sql_schema, NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO meta VALUES "
                                  "('schema_version', '1');"
                                  "INSERT INTO system (name, created) "
                                  "VALUES ('legacy', '2024-01-01');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);

    assert_int_equal(vigil_store_open(path, &s, &err), 0);
    assert_int_equal(vigil_store_schema_version(s), VIGIL_SCHEMA_VERSION);
    vigil_store_close(s);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "SELECT name FROM system; "
                                      "SELECT count(*) FROM source",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
}

static void test_refuses_newer_schema(void **state)
{
    struct fixture *f = *state;
    struct vigil_store *s = NULL;
    struct vigil_error err;
    sqlite3 *db;

    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE "
                                      "key = 'schema_version'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    vigil_error_clear(&err);
    assert_int_equal(vigil_store_open(f->path, &s, &err),
                     VIGIL_EUNSUPPORTED);
    assert_non_null(strstr(err.msg, "newer"));
}

static int got_id(void *ctx, const struct vigil_update *u)
{
    *(long long *)ctx = u->id;
    return 0;
}

static int count_history(void *ctx, const struct vigil_history *h)
{
    (void)h;
    (*(int *)ctx)++;
    return 0;
}

static void test_history_append_only(void **state)
{
    struct fixture *f = *state;
    struct vigil_advisory a = rec("CVE-2020-0001", NULL, 0, "nvd", "z");
    const char *fields[VIGIL_UF_COUNT] = { NULL };
    struct vigil_error err;
    long long adv, id = 0, got = 0;
    int n = 0, changed;
    sqlite3 *db;

    put(f->s, &a, &adv);
    fields[VIGIL_UF_PRIORITY] = "High";
    fields[VIGIL_UF_ASSIGNEE] = "web-team";
    assert_int_equal(vigil_store_update_create(f->s, adv, fields, "alice",
                                               "test", &id, &err), 0);
    assert_int_equal(vigil_store_update_by_advisory(f->s, adv, got_id,
                                                    &got), 0);
    assert_int_equal(got, id);
    assert_int_equal(vigil_store_update_set(f->s, id, VIGIL_UF_STATUS,
                                            "triaged", "bob", "looked",
                                            &changed, &err), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(vigil_store_update_set(f->s, id, VIGIL_UF_STATUS,
                                            "triaged", "bob", "again",
                                            &changed, &err), 0);
    assert_int_equal(changed, 0);
    vigil_store_history(f->s, id, count_history, &n);
    assert_int_equal(n, 4);     /* created, priority, assignee, status */

    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE history SET actor = 'x'",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM history", NULL, NULL,
                                      NULL),
                         SQLITE_OK);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_schema_version, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_aliases_merge, setup, teardown),
        cmocka_unit_test(test_advisory_id_canon),
        cmocka_unit_test_setup_teardown(test_find_any_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_system_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fold_two_advisories, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_change_detection, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rollback_keeps_old_state, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_migrates_version_1, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_refuses_newer_schema, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_history_append_only, setup,
                                        teardown),
    };

    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
