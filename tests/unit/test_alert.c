/*
 * test_alert.c - alert rules, routing in the event's transaction, the
 * outbox (digests, hourly limits, leases, backoff, dead-letter) and
 * delivery to file: and exec: targets, on a real SQLite store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>

#include "vigil/alert.h"
#include "vigil/store.h"
#include "store_helpers.h"
#include "internal.h"

#define T0 1796256000            /* 2026-12-03T00:00:00Z */

struct fixture {
    char dir[64];
    char db[96];
    char out[96];
    struct vigil_store *s;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    vigil_clock_set(T0 + 10 * 3600);
    if (store_tmp_open("alert", f->dir, sizeof(f->dir), f->db,
                       sizeof(f->db), &f->s) != 0)
        return -1;
    snprintf(f->out, sizeof(f->out), "%s/out.jsonl", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    return store_tmp_close(f, f->s, f->dir);
}

static void add_rule(struct fixture *f, const char *name, const char *pat,
                     const char *target, const char *digest,
                     long long max_per_hour, int max_attempts)
{
    struct vigil_alert_rule r;
    struct vigil_error err;
    char file[160];

    memset(&r, 0, sizeof(r));
    snprintf(file, sizeof(file), "file:%s", f->out);
    r.name = name;
    r.pattern = pat;
    r.target = target ? target : file;
    r.digest = digest;
    r.max_per_hour = max_per_hour;
    r.max_attempts = max_attempts;
    vigil_error_clear(&err);
    assert_int_equal(vigil_alert_rule_add(f->s, &r, NULL, &err), 0);
}

static void event(struct fixture *f, const char *type, const char *detail)
{
    struct vigil_error err;

    assert_int_equal(vigil_store_event_add(f->s, type, "test", detail, &err),
                     0);
}

struct rows {
    int n;
    char kinds[256];
    long long events;
    long long first_id;
    int attempts;
    char state[16];
    char next[32];
};

static int count_row(void *ctx, const struct vigil_outbox_row *o)
{
    struct rows *r = ctx;
    size_t len = strlen(r->kinds);

    if (!r->n)
        r->first_id = o->id;
    r->n++;
    snprintf(r->kinds + len, sizeof(r->kinds) - len, "%s%s:%lld",
             len ? " " : "", o->kind, o->nevents);
    r->events += o->nevents;
    r->attempts = o->attempts;
    snprintf(r->state, sizeof(r->state), "%s", o->state);
    snprintf(r->next, sizeof(r->next), "%s", o->next_attempt);
    return 0;
}

static struct rows outbox(struct fixture *f, const char *state)
{
    struct rows r;

    memset(&r, 0, sizeof(r));
    assert_int_equal(vigil_store_outbox(f->s, state, count_row, &r), 0);
    return r;
}

static struct vigil_alert_flush_stats flush(struct fixture *f)
{
    struct vigil_alert_flush_stats st;
    struct vigil_error err;

    vigil_error_clear(&err);
    assert_int_equal(vigil_alert_flush(f->s, NULL, &st, &err), 0);
    return st;
}

/* The lines of the output file, parsed; the caller frees. */
static cJSON *lines(struct fixture *f)
{
    cJSON *all = cJSON_CreateArray();
    FILE *fp = fopen(f->out, "r");
    static char line[1 << 20];

    while (fp && fgets(line, sizeof(line), fp))
        cJSON_AddItemToArray(all, cJSON_Parse(line));
    if (fp)
        fclose(fp);
    return all;
}

/* The classic example: severities from 4.0 to 8.9 and nothing else. */
static void test_severity_window(void **state)
{
    struct fixture *f = *state;
    static const char *const details[] = {
        "{\"severity\": 0, \"tool\": \"trivy\"}",
        "{\"severity\": 3.9, \"tool\": \"trivy\"}",
        "{\"severity\": 4.0, \"tool\": \"trivy\"}",
        "{\"severity\": 5.5, \"tool\": \"trivy\"}",
        "{\"severity\": 8.9, \"tool\": \"trivy\"}",
        "{\"severity\": 9.0, \"tool\": \"trivy\"}",
        "{\"tool\": \"trivy\", \"title\": \"no severity\"}",
        "{\"severity\": \"5\", \"tool\": \"trivy\"}",
    };
    struct vigil_alert_flush_stats st;
    cJSON *got, *l;
    char seen[64] = "";
    size_t i;

    add_rule(f, "mid", "{\"type\": [\"finding.imported\"], \"detail\": "
             "{\"severity\": [{\"numeric\": [\">=\", 4, \"<=\", 8.9]}]}}",
             NULL, NULL, 0, 0);
    for (i = 0; i < VIGIL_ARRAY_SIZE(details); i++)
        event(f, "finding.imported", details[i]);
    event(f, "update.created", "{\"severity\": 5}");
    assert_int_equal(outbox(f, NULL).n, 3);
    st = flush(f);
    assert_int_equal(st.sent, 3);
    assert_int_equal(st.failed + st.dead, 0);
    got = lines(f);
    cJSON_ArrayForEach(l, got) {
        const cJSON *d = cJSON_GetObjectItem(l, "detail");

        snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s%.1f",
                 seen[0] ? " " : "",
                 cJSON_GetObjectItem(d, "severity")->valuedouble);
        assert_string_equal(cJSON_GetObjectItem(l, "rule")->valuestring,
                            "mid");
    }
    assert_string_equal(seen, "4.0 5.5 8.9");
    cJSON_Delete(got);
    assert_int_equal(outbox(f, NULL).n, 0);
    assert_int_equal(outbox(f, "sent").n, 3);
}

/* Sent rows go after 30 days; a dead row stays however old it is. */
static void test_sent_rows_pruned(void **state)
{
    struct fixture *f = *state;
    struct vigil_alert_flush_stats st;

    add_rule(f, "all", "{\"type\": [\"finding.imported\"]}", NULL, NULL, 0,
             0);
    add_rule(f, "broken", "{\"type\": [\"finding.imported\"]}",
             "file:/nonexistent-dir/x.jsonl", NULL, 0, 1);
    event(f, "finding.imported", "{\"severity\": 5}");
    st = flush(f);
    assert_int_equal(st.sent, 1);
    assert_int_equal(st.dead, 1);
    assert_int_equal(st.pruned, 0);

    vigil_clock_set(T0 + 10 * 3600 + 29 * 86400);
    assert_int_equal(flush(f).pruned, 0);
    assert_int_equal(outbox(f, "sent").n, 1);

    vigil_clock_set(T0 + 10 * 3600 + 31 * 86400);
    assert_int_equal(flush(f).pruned, 1);
    assert_int_equal(outbox(f, "sent").n, 0);
    assert_int_equal(outbox(f, "dead").n, 1);
}

/* The outbox rows belong to the event's transaction: both or neither. */
static void test_routed_in_the_transaction(void **state)
{
    struct fixture *f = *state;
    struct vigil_error err;

    add_rule(f, "all", "{\"type\": [{\"prefix\": \"\"}]}", NULL, NULL, 0, 0);
    assert_int_equal(vigil_store_begin(f->s, &err), 0);
    event(f, "update.created", "{\"update\": \"VU-1\"}");
    assert_int_equal(outbox(f, NULL).n, 1);
    vigil_store_rollback(f->s);
    assert_int_equal(outbox(f, NULL).n, 0);

    assert_int_equal(vigil_store_begin(f->s, &err), 0);
    event(f, "update.created", "{\"update\": \"VU-1\"}");
    assert_int_equal(vigil_store_commit(f->s, &err), 0);
    assert_int_equal(outbox(f, NULL).n, 1);
}

/* Another handle (another process) adding a rule is seen at once. */
static void test_rules_of_other_handles(void **state)
{
    struct fixture *f = *state;
    struct vigil_store *other;
    struct vigil_alert_rule r;
    struct vigil_error err;

    event(f, "update.created", "{}");
    assert_int_equal(vigil_store_open(f->db, &other, &err), 0);
    memset(&r, 0, sizeof(r));
    r.name = "late";
    r.pattern = "{\"type\": [\"update.created\"]}";
    r.target = "file:/dev/null";
    assert_int_equal(vigil_alert_rule_add(other, &r, NULL, &err), 0);
    event(f, "update.created", "{}");
    assert_int_equal(outbox(f, NULL).n, 1);   /* not the earlier event */
    assert_int_equal(vigil_store_alert_rule_remove(other, "late", &err), 0);
    assert_int_equal(outbox(f, NULL).n, 0);
    event(f, "update.created", "{}");
    assert_int_equal(outbox(f, NULL).n, 0);
    assert_int_equal(vigil_store_alert_rule_remove(other, "late", &err),
                     VIGIL_ENOTFOUND);
    vigil_store_close(other);
}

/* 5,000 new advisories make one digest, sent once the day is over. */
static void test_digest_of_an_import(void **state)
{
    struct fixture *f = *state;
    struct vigil_alert_flush_stats st;
    struct vigil_error err;
    char d[96];
    cJSON *got, *one;
    int i;

    add_rule(f, "daily", "{\"type\": [\"advisory.new\"]}", NULL, "daily", 0,
             0);
    assert_int_equal(vigil_store_begin(f->s, &err), 0);
    for (i = 0; i < 5000; i++) {
        snprintf(d, sizeof(d), "{\"advisory\": \"CVE-2026-%05d\"}", i);
        event(f, "advisory.new", d);
    }
    assert_int_equal(vigil_store_commit(f->s, &err), 0);
    assert_string_equal(outbox(f, NULL).kinds, "digest:5000");
    assert_int_equal(flush(f).sent, 0);           /* the day is not over */
    vigil_clock_set(T0 + 86400 + 1);
    st = flush(f);
    assert_int_equal(st.sent, 1);
    got = lines(f);
    assert_int_equal(cJSON_GetArraySize(got), 1);
    one = cJSON_GetArrayItem(got, 0);
    assert_string_equal(cJSON_GetObjectItem(one, "kind")->valuestring,
                        "digest");
    assert_string_equal(cJSON_GetObjectItem(one, "period")->valuestring,
                        "2026-12-03");
    assert_int_equal(cJSON_GetObjectItem(one, "count")->valueint, 5000);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(one,
                                                            "event_ids")),
                     5000);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(one, "events")),
                     500);
    cJSON_Delete(got);

    /* the next day's events open a new digest */
    event(f, "advisory.new", "{}");
    assert_string_equal(outbox(f, NULL).kinds, "digest:1");
}

/* Over the hourly limit, events fold into one summary per hour. */
static void test_hourly_limit(void **state)
{
    struct fixture *f = *state;
    int i;

    add_rule(f, "limited", "{\"type\": [\"update.overdue\"]}", NULL, NULL, 3,
             0);
    for (i = 0; i < 10; i++)
        event(f, "update.overdue", "{\"update\": \"VU-1\"}");
    assert_string_equal(outbox(f, NULL).kinds,
                        "event:1 event:1 event:1 summary:7");
    assert_int_equal(flush(f).sent, 3);
    vigil_clock_set(T0 + 11 * 3600 + 5);
    event(f, "update.overdue", "{}");
    assert_int_equal(flush(f).sent, 2);           /* summary and new one */
    assert_string_equal(outbox(f, "sent").kinds,
                        "event:1 event:1 event:1 summary:7 event:1");
}

static int never_stale(void *ctx, const char *owner)
{
    (void)ctx;
    (void)owner;
    return 0;
}

static int always_stale(void *ctx, const char *owner)
{
    (void)ctx;
    return strcmp(owner, "host-a:1:x") == 0;
}

/* A lease keeps a row from a second flusher until it ends. */
static void test_leases(void **state)
{
    struct fixture *f = *state;
    struct vigil_error err;
    long long a, b;

    add_rule(f, "all", "{\"type\": [\"x\"]}", NULL, NULL, 0, 0);
    event(f, "x", "{}");
    assert_int_equal(vigil_store_outbox_claim(f->s, "2026-12-03T10:00:00Z",
                                              "host-a:1:x",
                                              "2026-12-03T10:05:00Z",
                                              never_stale, NULL, &a, &err),
                     0);
    assert_int_equal(vigil_store_outbox_claim(f->s, "2026-12-03T10:00:00Z",
                                              "host-b:2:y",
                                              "2026-12-03T10:05:00Z",
                                              never_stale, NULL, &b, &err),
                     VIGIL_ENOTFOUND);
    assert_int_equal(vigil_store_outbox_claim(f->s, "2026-12-03T10:00:00Z",
                                              "host-b:2:y",
                                              "2026-12-03T10:05:00Z",
                                              always_stale, NULL, &b, &err),
                     0);
    assert_int_equal(a, b);
    vigil_clock_set(T0 + 10 * 3600 + 301);
    assert_int_equal(vigil_store_outbox_claim(f->s, "2026-12-03T10:00:00Z",
                                              "host-c:3:z",
                                              "2026-12-03T10:10:00Z",
                                              never_stale, NULL, &b, &err),
                     0);
    assert_int_equal(a, b);
}

/* Failures back off exponentially, then the row is dead until retry. */
static void test_backoff_and_dead_letter(void **state)
{
    struct fixture *f = *state;
    struct vigil_alert_flush_stats st;
    struct vigil_error err;
    struct rows r;

    add_rule(f, "fails", "{\"type\": [\"x\"]}", "exec:/bin/false", NULL, 0,
             3);
    event(f, "x", "{}");
    st = flush(f);
    assert_int_equal(st.failed, 1);
    r = outbox(f, NULL);
    assert_int_equal(r.attempts, 1);
    assert_string_equal(r.next, "2026-12-03T10:01:00Z");
    assert_int_equal(flush(f).failed, 0);         /* not due yet */
    vigil_clock_set(T0 + 10 * 3600 + 60);
    assert_int_equal(flush(f).failed, 1);
    assert_string_equal(outbox(f, NULL).next, "2026-12-03T10:03:00Z");
    vigil_clock_set(T0 + 10 * 3600 + 180);
    st = flush(f);
    assert_int_equal(st.dead, 1);
    r = outbox(f, "dead");
    assert_int_equal(r.n, 1);
    assert_int_equal(r.attempts, 3);
    vigil_clock_set(T0 + 20 * 3600);
    assert_int_equal(flush(f).failed + flush(f).dead, 0);
    assert_int_equal(vigil_store_outbox_retry(f->s, r.first_id, &err), 0);
    assert_int_equal(vigil_store_outbox_retry(f->s, r.first_id, &err),
                     VIGIL_ESTATE);
    assert_int_equal(vigil_store_outbox_retry(f->s, 999, &err),
                     VIGIL_ENOTFOUND);
    assert_string_equal(outbox(f, NULL).state, "pending");
    assert_int_equal(flush(f).failed, 1);
}

/* Rules that cannot work are refused before they are stored. */
static void test_rule_validation(void **state)
{
    static const struct {
        const char *name, *pattern, *target, *digest, *secret;
        long long mph;
        int want;
    } cases[] = {
        { "ok", "{\"type\": [\"x\"]}", "file:/tmp/x", NULL, NULL, 0, 0 },
        { "ok", "{\"type\": [\"x\"]}", "file:/tmp/x", NULL, NULL, 0,
          VIGIL_EEXIST },
        { "bad name", "{\"type\": [\"x\"]}", "file:/x", NULL, NULL, 0,
          VIGIL_EINVAL },
        { "p", "{}", "file:/x", NULL, NULL, 0, VIGIL_EINVAL },
        { "p", "{\"type\": [", "file:/x", NULL, NULL, 0, VIGIL_EPARSE },
        { "t", "{\"type\": [\"x\"]}", "ftp://h/", NULL, NULL, 0,
          VIGIL_EINVAL },
        { "d", "{\"type\": [\"x\"]}", "file:/x", "hourly", NULL, 0,
          VIGIL_EINVAL },
        { "d", "{\"type\": [\"x\"]}", "file:/x", "daily", NULL, 5,
          VIGIL_EINVAL },
        { "s", "{\"type\": [\"x\"]}", "file:/x", NULL, "k", 0,
          VIGIL_EINVAL },
        { "s", "{\"type\": [\"x\"]}", "https://h/", NULL, "k", 0, 0 },
        { "m", "{\"type\": [\"x\"]}", "file:/x", NULL, NULL, -1,
          VIGIL_EINVAL },
    };
    struct fixture *f = *state;
    struct vigil_alert_rule r;
    struct vigil_error err;
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        memset(&r, 0, sizeof(r));
        r.name = cases[i].name;
        r.pattern = cases[i].pattern;
        r.target = cases[i].target;
        r.digest = cases[i].digest;
        r.secret = cases[i].secret;
        r.max_per_hour = cases[i].mph;
        vigil_error_clear(&err);
        assert_int_equal(vigil_alert_rule_add(f->s, &r, NULL, &err),
                         cases[i].want);
        if (cases[i].want)
            assert_true(err.msg[0] != '\0');
    }
}

struct previews {
    int n;
    char kinds[128];
};

static int got_preview(void *ctx, const struct vigil_alert_preview *p)
{
    struct previews *v = ctx;
    size_t len = strlen(v->kinds);
    cJSON *j = cJSON_Parse(p->json);

    v->n++;
    snprintf(v->kinds + len, sizeof(v->kinds) - len, "%s%s:%zu:%s",
             len ? " " : "", p->kind, p->nevents, p->ids);
    assert_non_null(strstr(p->text, "Events: "));
    assert_non_null(j);
    cJSON_Delete(j);
    return 0;
}

/* rule test groups stored events as delivery would, and sends nothing. */
static void test_rule_test(void **state)
{
    struct fixture *f = *state;
    struct previews v;
    struct vigil_error err;
    int i;

    for (i = 0; i < 4; i++)
        event(f, "update.overdue", "{\"update\": \"VU-1\"}");
    vigil_clock_set(T0 + 11 * 3600);
    event(f, "update.overdue", "{}");
    event(f, "update.created", "{}");
    add_rule(f, "two", "{\"type\": [\"update.overdue\"]}", NULL, NULL, 2, 0);
    memset(&v, 0, sizeof(v));
    assert_int_equal(vigil_alert_rule_test(f->s, "two", NULL, got_preview,
                                           &v, &err), 0);
    assert_string_equal(v.kinds, "event:1:1 event:1:2 summary:2:3,4 "
                                 "event:1:5");
    memset(&v, 0, sizeof(v));
    assert_int_equal(vigil_alert_rule_test(f->s, "two",
                                           "2026-12-03T11:00:00Z",
                                           got_preview, &v, &err), 0);
    assert_string_equal(v.kinds, "event:1:5");
    assert_int_equal(outbox(f, "all").n, 0);
    assert_int_equal(vigil_alert_rule_test(f->s, "none", NULL, got_preview,
                                           &v, &err), VIGIL_ENOTFOUND);
}

/* An event said once is written once per key. */
static void test_event_once(void **state)
{
    struct fixture *f = *state;
    struct vigil_error err;
    int added = -1;

    add_rule(f, "exp", "{\"type\": [\"risk_acceptance.expiring\"]}", NULL,
             NULL, 0, 0);
    assert_int_equal(vigil_store_event_add_once(
                         f->s, "risk_acceptance.expiring", "test", "{}",
                         "VU-1:2026-12-09", &added, &err), 0);
    assert_int_equal(added, 1);
    assert_int_equal(vigil_store_event_add_once(
                         f->s, "risk_acceptance.expiring", "test", "{}",
                         "VU-1:2026-12-09", &added, &err), 0);
    assert_int_equal(added, 0);
    assert_int_equal(outbox(f, NULL).n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_severity_window, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sent_rows_pruned, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_routed_in_the_transaction,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_rules_of_other_handles, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_digest_of_an_import, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_hourly_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backoff_and_dead_letter, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rule_validation, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rule_test, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_once, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
