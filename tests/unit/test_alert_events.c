/*
 * test_alert_events.c - the events the store and the tracker write for
 * alerts, each in the transaction of its change: advisory.new,
 * advisory.changed (content, KEV added, score, EPSS jump),
 * update.status_changed and risk_acceptance.expiring (once).
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

#include "vigil/store.h"
#include "vigil/track.h"
#include "store_helpers.h"
#include "internal.h"

#define T0 1796292000            /* 2026-12-03T10:00:00Z */

struct fixture {
    char dir[64];
    struct vigil_store *s;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    char path[96];

    vigil_clock_set(T0);
    if (store_tmp_open("events", f->dir, sizeof(f->dir), path,
                       sizeof(path), &f->s) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    return store_tmp_close(f, f->s, f->dir);
}

/* The events written since *seen, as "type:detail" lines. */
struct seen {
    long long last;
    char text[4096];
    int n;
};

static int got_event(void *ctx, const struct vigil_event_row *e)
{
    struct seen *v = ctx;
    size_t len = strlen(v->text);

    if (e->id <= v->last)
        return 0;
    v->last = e->id;
    v->n++;
    snprintf(v->text + len, sizeof(v->text) - len, "%s %s\n", e->type,
             e->detail);
    return 0;
}

static struct seen *news(struct fixture *f, struct seen *v)
{
    v->text[0] = '\0';
    v->n = 0;
    assert_int_equal(vigil_store_events(f->s, NULL, got_event, v), 0);
    return v;
}

static enum vigil_put_outcome put(struct fixture *f, const char *id,
                                  const char *format, const char *raw,
                                  const struct vigil_kev *kev, double score)
{
    struct vigil_advisory a;
    struct vigil_score sc;
    enum vigil_put_outcome o;
    struct vigil_error err;

    memset(&a, 0, sizeof(a));
    memset(&sc, 0, sizeof(sc));
    a.id = id;
    a.format = format;
    a.source = format;
    a.title = "Apache Log4j2 JNDI features do not protect against "
              "attacker-controlled LDAP endpoints";
    a.raw = raw;
    a.raw_len = strlen(raw);
    a.kev = kev;
    if (score > 0) {
        sc.version = "3.1";
        sc.published = score;
        sc.has_published = 1;
        a.scores = &sc;
        a.nscores = 1;
    }
    assert_int_equal(vigil_store_put_advisory(f->s, &a, "test", &o, NULL,
                                              &err), 0);
    return o;
}

static void test_advisory_events(void **state)
{
    struct fixture *f = *state;
    struct vigil_kev kev;
    struct seen v;

    memset(&v, 0, sizeof(v));
    memset(&kev, 0, sizeof(kev));
    kev.date_added = "2021-12-10";
    assert_int_equal(put(f, "CVE-2021-44228", "nvd", "{\"v\":1}", NULL, 9.0),
                     VIGIL_PUT_NEW);
    news(f, &v);
    assert_int_equal(v.n, 1);
    assert_non_null(strstr(v.text, "advisory.new {\"advisory\": "
                                   "\"CVE-2021-44228\""));
    assert_non_null(strstr(v.text, "\"kev\": false, \"cvss\": 9.0}"));

    /* the same record again: nothing happened, nothing is said */
    assert_int_equal(put(f, "CVE-2021-44228", "nvd", "{\"v\":1}", NULL, 9.0),
                     VIGIL_PUT_UNCHANGED);
    assert_int_equal(news(f, &v)->n, 0);

    /* new content with a higher score */
    assert_int_equal(put(f, "CVE-2021-44228", "nvd", "{\"v\":2}", NULL,
                         10.0), VIGIL_PUT_UPDATED);
    news(f, &v);
    assert_int_equal(v.n, 1);
    assert_non_null(strstr(v.text, "advisory.changed "));
    assert_non_null(strstr(v.text, "\"changes\": [\"content\", \"score\"], "
                                   "\"cvss_old\": 9.0"));

    /* a KEV listing merged in */
    assert_int_equal(put(f, "CVE-2021-44228", "kev", "{\"k\":1}", &kev, 0),
                     VIGIL_PUT_MERGED);
    news(f, &v);
    assert_int_equal(v.n, 1);
    assert_non_null(strstr(v.text, "\"source\": \"kev\""));
    assert_non_null(strstr(v.text, "\"kev\": true"));
    assert_non_null(strstr(v.text, "[\"source_added\", \"kev_added\"]"));

    /* another source that changes neither KEV nor the score: quiet */
    assert_int_equal(put(f, "CVE-2021-44228", "cve5", "{\"c\":1}", NULL,
                         0), VIGIL_PUT_MERGED);
    assert_int_equal(news(f, &v)->n, 0);
}

static void test_epss_jump(void **state)
{
    struct fixture *f = *state;
    struct vigil_error err;
    struct seen v;
    int changed;

    memset(&v, 0, sizeof(v));
    put(f, "CVE-2023-4863", "nvd", "{}", NULL, 0);
    news(f, &v);
    assert_int_equal(vigil_store_put_epss(f->s, "CVE-2023-4863", 0.30, 0.9,
                                          "2026-12-01", NULL, &changed,
                                          &err), 0);
    assert_int_equal(news(f, &v)->n, 0);       /* a first score: no jump */
    assert_int_equal(vigil_store_put_epss(f->s, "CVE-2023-4863", 0.35, 0.9,
                                          "2026-12-02", NULL, &changed,
                                          &err), 0);
    assert_int_equal(news(f, &v)->n, 0);       /* +0.05 */
    assert_int_equal(vigil_store_put_epss(f->s, "CVE-2023-4863", 0.61, 0.99,
                                          "2026-12-03", NULL, &changed,
                                          &err), 0);
    news(f, &v);
    assert_int_equal(v.n, 1);
    assert_non_null(strstr(v.text, "\"changes\": [\"epss\"], \"epss\": "
                                   "0.61000, \"epss_old\": 0.35000"));
    /* an older snapshot read late is not a jump */
    assert_int_equal(vigil_store_put_epss(f->s, "CVE-2023-4863", 0.90, 0.99,
                                          "2026-11-01", NULL, &changed,
                                          &err), 0);
    assert_int_equal(news(f, &v)->n, 0);
    /* nor is a CVE that no advisory names */
    assert_int_equal(vigil_store_put_epss(f->s, "CVE-1999-0001", 0.1, 0.5,
                                          "2026-12-01", NULL, &changed,
                                          &err), 0);
    assert_int_equal(vigil_store_put_epss(f->s, "CVE-1999-0001", 0.9, 0.5,
                                          "2026-12-02", NULL, &changed,
                                          &err), 0);
    assert_int_equal(news(f, &v)->n, 0);
}

static long long new_update(struct fixture *f)
{
    const char *fields[VIGIL_UF_COUNT];
    struct vigil_error err;
    long long adv, id;

    put(f, "CVE-2021-44228", "nvd", "{}", NULL, 0);
    assert_int_equal(vigil_store_find_advisory(f->s, "CVE-2021-44228", &adv),
                     0);
    memset(fields, 0, sizeof(fields));
    fields[VIGIL_UF_PRIORITY] = "Critical";
    fields[VIGIL_UF_ASSIGNEE] = "web-team";
    assert_int_equal(vigil_store_update_create(f->s, adv, fields, "alice",
                                               "test", &id, &err), 0);
    return id;
}

static void test_status_changed(void **state)
{
    struct fixture *f = *state;
    struct vigil_error err;
    struct seen v;
    long long id;
    int changed;

    memset(&v, 0, sizeof(v));
    id = new_update(f);
    news(f, &v);
    assert_int_equal(vigil_store_update_set(f->s, id, VIGIL_UF_STATUS,
                                            "triaged", "bob", "looked at it",
                                            &changed, &err), 0);
    news(f, &v);
    assert_int_equal(v.n, 1);
    assert_non_null(strstr(v.text,
                           "update.status_changed {\"update\": \"VU-1\", "
                           "\"advisory\": \"CVE-2021-44228\", \"priority\": "
                           "\"Critical\", \"assignee\": \"web-team\", "
                           "\"from\": \"new\", \"status\": \"triaged\", "
                           "\"actor\": \"bob\", \"reason\": \"looked at "
                           "it\"}"));
    /* the same status again changes nothing and says nothing */
    assert_int_equal(vigil_store_update_set(f->s, id, VIGIL_UF_STATUS,
                                            "triaged", "bob", NULL, &changed,
                                            &err), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(news(f, &v)->n, 0);
    /* other fields are not status changes */
    assert_int_equal(vigil_store_update_set(f->s, id, VIGIL_UF_NOTES, "n",
                                            "bob", NULL, &changed, &err), 0);
    assert_int_equal(news(f, &v)->n, 0);
}

static void track_sync(struct fixture *f)
{
    struct vigil_track_stats st;
    struct vigil_error err;

    assert_int_equal(vigil_track_sync(f->s, NULL, &st, &err), 0);
}

static void test_risk_expiring_once(void **state)
{
    struct fixture *f = *state;
    struct vigil_error err;
    struct seen v;
    long long id;

    memset(&v, 0, sizeof(v));
    id = new_update(f);
    assert_int_equal(vigil_store_update_set(f->s, id, VIGIL_UF_STATUS,
                                            "risk_accepted", "bob", "ok",
                                            NULL, &err), 0);
    assert_int_equal(vigil_store_update_set(f->s, id, VIGIL_UF_RISK_UNTIL,
                                            "2026-12-20", "bob", "ok", NULL,
                                            &err), 0);
    news(f, &v);
    track_sync(f);
    assert_int_equal(news(f, &v)->n, 0);       /* 17 days away */
    vigil_clock_set(T0 + 10 * 86400);           /* 2026-12-13 */
    track_sync(f);
    news(f, &v);
    assert_int_equal(v.n, 1);
    assert_non_null(strstr(v.text, "risk_acceptance.expiring {\"update\": "
                                   "\"VU-1\", \"advisory\": "
                                   "\"CVE-2021-44228\", \"until\": "
                                   "\"2026-12-20\", \"days_left\": 7"));
    vigil_clock_set(T0 + 12 * 86400);
    track_sync(f);
    assert_int_equal(news(f, &v)->n, 0);       /* once */

    /* a new end date is a new acceptance, announced again */
    assert_int_equal(vigil_store_update_set(f->s, id, VIGIL_UF_RISK_UNTIL,
                                            "2026-12-18", "bob", "shorter",
                                            NULL, &err), 0);
    track_sync(f);
    news(f, &v);
    assert_int_equal(v.n, 1);
    assert_non_null(strstr(v.text, "\"until\": \"2026-12-18\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_advisory_events, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_epss_jump, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_changed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_risk_expiring_once, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
