/*
 * test_pattern.c - alert rule event patterns: rows of (pattern, event,
 * expected) for every operator, nesting, arrays in events and "$or",
 * tried through both match entry points; rows of bad patterns with
 * their exact messages; the size, depth and count limits.
 *
 * Rows are written with single quotes, which q() turns into double
 * quotes, so that the JSON stays readable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmocka.h>

#include "vigil/pattern.h"
#include "internal.h"

/* Returns a copy of s with every ' turned into "; the caller frees. */
static char *q(const char *s)
{
    char *out = strdup(s), *p;

    assert_non_null(out);
    for (p = out; *p; p++)
        if (*p == '\'')
            *p = '"';
    return out;
}

/* Events in vigil's envelope, with the given type and detail. */
#define EV(type, detail)                                                  \
    "{'id': 12, 'type': '" type "', 'time': '2026-12-03T16:51:44Z', "     \
    "'source': 'vigil.track', 'detail': " detail "}"
#define FINDING(sev) EV("finding.imported", "{'tool': 'trivy', " sev "}")
#define UPDATE(detail) EV("update.created", detail)

#define CLASSIC                                                           \
    "{'type': ['finding.imported'], "                                     \
    "'detail': {'severity': [{'numeric': ['>=', 4, '<=', 8.9]}]}}"
#define OVERDUE_OR                                                        \
    "{'type': ['update.overdue'], '$or': ["                               \
    "{'detail': {'priority': ['P1']}}, {'detail': {'kev': [true]}}]}"
#define COMPONENT                                                         \
    "{'detail': {'components': {'name': ['openssl'], "                    \
    "'version': ['3.0.1']}}}"

static const struct match_row {
    const char *pattern;
    const char *event;
    int want;
} match_rows[] = {
    /* the classic range: 4 <= severity <= 8.9, numbers only */
    { CLASSIC, FINDING("'severity': 4.0"), 1 },
    { CLASSIC, FINDING("'severity': 4"), 1 },
    { CLASSIC, FINDING("'severity': 6.5"), 1 },
    { CLASSIC, FINDING("'severity': 8.9"), 1 },
    { CLASSIC, FINDING("'severity': 8.90"), 1 },
    { CLASSIC, FINDING("'severity': 89e-1"), 1 },
    { CLASSIC, FINDING("'severity': 3.9"), 0 },
    { CLASSIC, FINDING("'severity': 3.9999999"), 0 },
    { CLASSIC, FINDING("'severity': 9.0"), 0 },
    { CLASSIC, FINDING("'severity': 8.9000001"), 0 },
    { CLASSIC, FINDING("'other': 5"), 0 },
    { CLASSIC, FINDING("'severity': '5'"), 0 },
    { CLASSIC, FINDING("'severity': null"), 0 },
    { CLASSIC, FINDING("'severity': true"), 0 },
    { CLASSIC, FINDING("'severity': [3, 5]"), 1 },
    { CLASSIC, FINDING("'severity': [1, 9.5]"), 0 },
    { CLASSIC, FINDING("'severity': {'value': 5}"), 0 },
    { CLASSIC, EV("advisory.new", "{'severity': 5}"), 0 },
    { CLASSIC, "{'type': 'finding.imported'}", 0 },

    /* exact strings: case and every byte count */
    { "{'type': ['update.created', 'update.overdue']}",
      EV("update.overdue", "{}"), 1 },
    { "{'type': ['update.created', 'update.overdue']}",
      EV("update.closed", "{}"), 0 },
    { "{'type': ['update.created']}", EV("Update.Created", "{}"), 0 },
    { "{'type': ['update.created']}", EV("update.created ", "{}"), 0 },
    { "{'type': ['update.created']}", "{'id': 1}", 0 },
    { "{'detail': {'owner': ['']}}", UPDATE("{'owner': ''}"), 1 },
    { "{'detail': {'owner': ['']}}", UPDATE("{'owner': null}"), 0 },
    { "{'detail': {'owner': ['']}}", UPDATE("{}"), 0 },

    /* numbers compare as numbers, never as strings */
    { "{'id': [12]}", EV("update.created", "{}"), 1 },
    { "{'id': [12.0]}", EV("update.created", "{}"), 1 },
    { "{'id': [1.2e1]}", EV("update.created", "{}"), 1 },
    { "{'id': ['12']}", EV("update.created", "{}"), 0 },
    { "{'id': [13]}", EV("update.created", "{}"), 0 },
    { "{'detail': {'score': [-0.5]}}", UPDATE("{'score': -5e-1}"), 1 },

    /* booleans and null */
    { "{'detail': {'kev': [true]}}", UPDATE("{'kev': true}"), 1 },
    { "{'detail': {'kev': [true]}}", UPDATE("{'kev': false}"), 0 },
    { "{'detail': {'kev': [true]}}", UPDATE("{'kev': 'true'}"), 0 },
    { "{'detail': {'kev': [true]}}", UPDATE("{'kev': 1}"), 0 },
    { "{'detail': {'kev': [false]}}", UPDATE("{'kev': false}"), 1 },
    { "{'detail': {'kev': [false]}}", UPDATE("{}"), 0 },
    { "{'detail': {'owner': [null]}}", UPDATE("{'owner': null}"), 1 },
    { "{'detail': {'owner': [null]}}", UPDATE("{'owner': 'null'}"), 0 },
    { "{'detail': {'owner': [null]}}", UPDATE("{}"), 0 },

    /* arrays in the event: any element, arrays in arrays flattened */
    { "{'detail': {'systems': ['web-01']}}",
      UPDATE("{'systems': ['db-01', 'web-01']}"), 1 },
    { "{'detail': {'systems': ['web-01']}}",
      UPDATE("{'systems': ['db-01']}"), 0 },
    { "{'detail': {'systems': ['web-01']}}", UPDATE("{'systems': []}"), 0 },
    { "{'detail': {'systems': ['web-01']}}",
      UPDATE("{'systems': [['db-01'], ['web-01']]}"), 1 },
    { "{'detail': {'systems': ['web-01']}}",
      UPDATE("{'systems': 'web-01'}"), 1 },
    { "{'detail': {'systems': ['web-01', 'db-01']}}",
      UPDATE("{'systems': ['mail', 'db-01']}"), 1 },

    /* objects inside event arrays: one element must match alone */
    { COMPONENT,
      UPDATE("{'components': [{'name': 'openssl', 'version': '3.0.1'}]}"),
      1 },
    { COMPONENT,
      UPDATE("{'components': [{'name': 'openssl', 'version': '1.1'}, "
             "{'name': 'zlib', 'version': '3.0.1'}]}"), 0 },
    { COMPONENT,
      UPDATE("{'components': [{'name': 'zlib'}, 7, "
             "{'name': 'openssl', 'version': '3.0.1'}]}"), 1 },
    { COMPONENT,
      UPDATE("{'components': [[{'name': 'openssl', 'version': '3.0.1'}]]}"),
      1 },
    { COMPONENT, UPDATE("{'components': {'name': 'openssl', "
                        "'version': '3.0.1'}}"), 1 },
    { COMPONENT, UPDATE("{'components': 'openssl'}"), 0 },

    /* nesting: the structure must be the event's */
    { "{'detail': {'advisory': {'id': [{'prefix': 'CVE-'}]}}}",
      UPDATE("{'advisory': {'id': 'CVE-2021-44228'}}"), 1 },
    { "{'detail': {'advisory': {'id': [{'prefix': 'CVE-'}]}}}",
      UPDATE("{'advisory': 'CVE-2021-44228'}"), 0 },
    { "{'detail': {'advisory': {'id': [{'prefix': 'CVE-'}]}}}",
      "{'type': 'advisory.new'}", 0 },
    { "{'detail': ['x']}", UPDATE("{'x': 'x'}"), 0 },
    { "{'type': ['update.created'], 'detail': {'kev': [true]}}",
      UPDATE("{'kev': false}"), 0 },
    { "{'type': ['update.created'], 'detail': {'kev': [true]}}",
      EV("update.overdue", "{'kev': true}"), 0 },
    { "{'type': ['update.created'], 'detail': {'kev': [true]}}",
      UPDATE("{'kev': true}"), 1 },

    /* a key given twice counts as its last occurrence */
    { "{'type': ['advisory.new'], 'type': ['update.created']}",
      UPDATE("{}"), 1 },
    { "{'type': ['update.created'], 'type': ['advisory.new']}",
      UPDATE("{}"), 0 },

    /* prefix, with and without case */
    { "{'detail': {'advisory': [{'prefix': 'CVE-2021-'}]}}",
      UPDATE("{'advisory': 'CVE-2021-44228'}"), 1 },
    { "{'detail': {'advisory': [{'prefix': 'CVE-2021-'}]}}",
      UPDATE("{'advisory': 'CVE-2022-0001'}"), 0 },
    { "{'detail': {'advisory': [{'prefix': 'CVE-2021-'}]}}",
      UPDATE("{'advisory': 'cve-2021-44228'}"), 0 },
    { "{'detail': {'advisory': [{'prefix': 'CVE-2021-'}]}}",
      UPDATE("{'advisory': 'CVE-2021'}"), 0 },
    { "{'detail': {'advisory': [{'prefix': ''}]}}",
      UPDATE("{'advisory': 'x'}"), 1 },
    { "{'detail': {'advisory': [{'prefix': ''}]}}",
      UPDATE("{'advisory': 5}"), 0 },
    { "{'detail': {'advisory': [{'prefix': "
      "{'equals-ignore-case': 'cve-'}}]}}",
      UPDATE("{'advisory': 'CvE-2021-44228'}"), 1 },
    { "{'detail': {'advisory': [{'prefix': "
      "{'equals-ignore-case': 'cve-'}}]}}",
      UPDATE("{'advisory': 'GHSA-1'}"), 0 },

    /* suffix, with and without case */
    { "{'detail': {'systems': [{'suffix': '.prod'}]}}",
      UPDATE("{'systems': 'web.prod'}"), 1 },
    { "{'detail': {'systems': [{'suffix': '.prod'}]}}",
      UPDATE("{'systems': '.prod'}"), 1 },
    { "{'detail': {'systems': [{'suffix': '.prod'}]}}",
      UPDATE("{'systems': 'web.prod.old'}"), 0 },
    { "{'detail': {'systems': [{'suffix': '.prod'}]}}",
      UPDATE("{'systems': 'prod'}"), 0 },
    { "{'detail': {'systems': [{'suffix': '.prod'}]}}",
      UPDATE("{'systems': 'WEB.PROD'}"), 0 },
    { "{'detail': {'systems': [{'suffix': "
      "{'equals-ignore-case': '.Prod'}}]}}",
      UPDATE("{'systems': 'WEB.PROD'}"), 1 },

    /* equals-ignore-case */
    { "{'source': [{'equals-ignore-case': 'VIGIL.Track'}]}",
      UPDATE("{}"), 1 },
    { "{'source': [{'equals-ignore-case': 'vigil.trac'}]}",
      UPDATE("{}"), 0 },
    { "{'source': [{'equals-ignore-case': 'vigil.tracks'}]}",
      UPDATE("{}"), 0 },

    /* wildcard: '*' for any run, "\*" a star, "\\" a backslash */
    { "{'type': [{'wildcard': 'update.*'}]}", UPDATE("{}"), 1 },
    { "{'type': [{'wildcard': 'update.*'}]}", EV("update.", "{}"), 1 },
    { "{'type': [{'wildcard': 'update.*'}]}", EV("advisory.new", "{}"), 0 },
    { "{'type': [{'wildcard': '*.changed'}]}",
      EV("advisory.changed", "{}"), 1 },
    { "{'type': [{'wildcard': 'update.*_changed'}]}",
      EV("update.priority_changed", "{}"), 1 },
    { "{'type': [{'wildcard': 'update.*_changed'}]}",
      EV("update.status_changed", "{}"), 1 },
    { "{'type': [{'wildcard': 'update.*_changed'}]}", UPDATE("{}"), 0 },
    { "{'type': [{'wildcard': '*'}]}", EV("", "{}"), 1 },
    { "{'id': [{'wildcard': '*'}]}", UPDATE("{}"), 0 },
    { "{'type': [{'wildcard': 'a*b*c'}]}", EV("abc", "{}"), 1 },
    { "{'type': [{'wildcard': 'a*b*c'}]}", EV("aXXbYYc", "{}"), 1 },
    { "{'type': [{'wildcard': 'a*b*c'}]}", EV("acb", "{}"), 0 },
    { "{'type': [{'wildcard': 'a*b*c'}]}", EV("ab", "{}"), 0 },
    { "{'type': [{'wildcard': 'a*a'}]}", EV("a", "{}"), 0 },
    { "{'type': [{'wildcard': 'a*a'}]}", EV("aa", "{}"), 1 },
    { "{'type': [{'wildcard': '*ab*ab*'}]}", EV("xabyab", "{}"), 1 },
    { "{'type': [{'wildcard': '*ab*ab*'}]}", EV("xaby", "{}"), 0 },
    { "{'type': [{'wildcard': 'x\\\\*y'}]}", EV("x*y", "{}"), 1 },
    { "{'type': [{'wildcard': 'x\\\\*y'}]}", EV("xzy", "{}"), 0 },
    { "{'type': [{'wildcard': 'a\\\\\\\\*'}]}", EV("a\\\\bc", "{}"), 1 },
    { "{'type': [{'wildcard': 'a\\\\\\\\*'}]}", EV("abc", "{}"), 0 },
    { "{'type': [{'wildcard': 'file\\\\**'}]}", EV("file*name", "{}"), 1 },
    { "{'type': [{'wildcard': 'file\\\\**'}]}", EV("filename", "{}"), 0 },
    { "{'type': [{'wildcard': 'update.created'}]}", UPDATE("{}"), 1 },
    { "{'type': [{'wildcard': 'update.create'}]}", UPDATE("{}"), 0 },

    /* anything-but: values, lists, operators; missing never matches */
    { "{'detail': {'status': [{'anything-but': 'closed'}]}}",
      UPDATE("{'status': 'open'}"), 1 },
    { "{'detail': {'status': [{'anything-but': 'closed'}]}}",
      UPDATE("{'status': 'closed'}"), 0 },
    { "{'detail': {'status': [{'anything-but': 'closed'}]}}",
      UPDATE("{}"), 0 },
    { "{'detail': {'status': [{'anything-but': 'closed'}]}}",
      UPDATE("{'status': 5}"), 1 },
    { "{'detail': {'status': [{'anything-but': 'closed'}]}}",
      UPDATE("{'status': ['closed', 'open']}"), 1 },
    { "{'detail': {'status': [{'anything-but': 'closed'}]}}",
      UPDATE("{'status': ['closed']}"), 0 },
    { "{'detail': {'status': [{'anything-but': ['closed', 'wont_fix']}]}}",
      UPDATE("{'status': 'wont_fix'}"), 0 },
    { "{'detail': {'status': [{'anything-but': ['closed', 'wont_fix']}]}}",
      UPDATE("{'status': 'in_progress'}"), 1 },
    { "{'detail': {'cvss': [{'anything-but': [10, 9.8]}]}}",
      UPDATE("{'cvss': 10.0}"), 0 },
    { "{'detail': {'cvss': [{'anything-but': [10, 9.8]}]}}",
      UPDATE("{'cvss': 7.5}"), 1 },
    { "{'detail': {'cvss': [{'anything-but': 10}]}}",
      UPDATE("{'cvss': '10'}"), 1 },
    { "{'detail': {'status': [{'anything-but': {'prefix': 'risk_'}}]}}",
      UPDATE("{'status': 'risk_accepted'}"), 0 },
    { "{'detail': {'status': [{'anything-but': {'prefix': 'risk_'}}]}}",
      UPDATE("{'status': 'open'}"), 1 },
    { "{'detail': {'status': [{'anything-but': {'suffix': '_fix'}}]}}",
      UPDATE("{'status': 'wont_fix'}"), 0 },
    { "{'detail': {'status': [{'anything-but': {'suffix': '_fix'}}]}}",
      UPDATE("{'status': 'fixed'}"), 1 },
    { "{'detail': {'status': [{'anything-but': "
      "{'equals-ignore-case': 'closed'}}]}}",
      UPDATE("{'status': 'CLOSED'}"), 0 },
    { "{'detail': {'status': [{'anything-but': "
      "{'equals-ignore-case': ['closed', 'done']}}]}}",
      UPDATE("{'status': 'Done'}"), 0 },
    { "{'detail': {'status': [{'anything-but': "
      "{'wildcard': '*_fix*'}}]}}",
      UPDATE("{'status': 'wont_fix_now'}"), 0 },
    { "{'detail': {'status': [{'anything-but': "
      "{'wildcard': '*_fix*'}}]}}",
      UPDATE("{'status': 'open'}"), 1 },

    /* exists: presence of a leaf value */
    { "{'detail': {'owner': [{'exists': true}]}}",
      UPDATE("{'owner': 'ops'}"), 1 },
    { "{'detail': {'owner': [{'exists': true}]}}",
      UPDATE("{'owner': null}"), 1 },
    { "{'detail': {'owner': [{'exists': true}]}}", UPDATE("{}"), 0 },
    { "{'detail': {'owner': [{'exists': true}]}}",
      UPDATE("{'owner': {'team': 'ops'}}"), 0 },
    { "{'detail': {'owner': [{'exists': true}]}}",
      UPDATE("{'owner': []}"), 0 },
    { "{'detail': {'owner': [{'exists': false}]}}", UPDATE("{}"), 1 },
    { "{'detail': {'owner': [{'exists': false}]}}",
      UPDATE("{'owner': 'ops'}"), 0 },
    { "{'detail': {'owner': [{'exists': false}]}}",
      UPDATE("{'owner': {'team': 'ops'}}"), 1 },
    { "{'detail': {'owner': [{'exists': false}]}}",
      "{'type': 'update.created'}", 1 },
    { "{'detail': {'owner': [{'exists': false}]}}",
      "{'detail': 'text'}", 1 },
    { "{'detail': {'owner': [{'exists': false}, 'ops']}}",
      UPDATE("{'owner': 'ops'}"), 1 },
    { "{'detail': {'owner': [{'exists': false}, 'ops']}}",
      UPDATE("{'owner': 'dev'}"), 0 },

    /* numeric: each operator at and beside its bound */
    { "{'id': [{'numeric': ['>', 12]}]}", UPDATE("{}"), 0 },
    { "{'id': [{'numeric': ['>=', 12]}]}", UPDATE("{}"), 1 },
    { "{'id': [{'numeric': ['<', 12]}]}", UPDATE("{}"), 0 },
    { "{'id': [{'numeric': ['<=', 12]}]}", UPDATE("{}"), 1 },
    { "{'id': [{'numeric': ['=', 12]}]}", UPDATE("{}"), 1 },
    { "{'id': [{'numeric': ['=', 12.000001]}]}", UPDATE("{}"), 0 },
    { "{'id': [{'numeric': ['>', 11.999999]}]}", UPDATE("{}"), 1 },
    { "{'id': [{'numeric': ['>', 0, '<', 12]}]}", UPDATE("{}"), 0 },
    { "{'id': [{'numeric': ['>', 0, '<=', 12]}]}", UPDATE("{}"), 1 },
    { "{'id': [{'numeric': ['<=', 12, '>', 0]}]}", UPDATE("{}"), 1 },
    { "{'id': [{'numeric': ['>=', 12, '<=', 12]}]}", UPDATE("{}"), 1 },
    { "{'detail': {'x': [{'numeric': ['=', 3.018e2]}]}}",
      UPDATE("{'x': 301.8}"), 1 },
    { "{'detail': {'x': [{'numeric': ['>=', -1.5]}]}}",
      UPDATE("{'x': -1.5}"), 1 },
    { "{'detail': {'x': [{'numeric': ['>=', -1.5]}]}}",
      UPDATE("{'x': -1.5000001}"), 0 },
    { "{'detail': {'x': [{'numeric': ['<', 1e300]}]}}",
      UPDATE("{'x': -1e300}"), 1 },
    { "{'detail': {'x': [{'numeric': ['>', 0]}]}}",
      UPDATE("{'x': '1'}"), 0 },
    { "{'detail': {'x': [{'numeric': ['>', 0]}]}}",
      UPDATE("{'x': true}"), 0 },

    /* cidr: IPv4 and IPv6 networks, addresses as strings only */
    { "{'detail': {'ip': [{'cidr': '10.0.0.0/24'}]}}",
      UPDATE("{'ip': '10.0.0.255'}"), 1 },
    { "{'detail': {'ip': [{'cidr': '10.0.0.0/24'}]}}",
      UPDATE("{'ip': '10.0.0.0'}"), 1 },
    { "{'detail': {'ip': [{'cidr': '10.0.0.0/24'}]}}",
      UPDATE("{'ip': '10.0.1.0'}"), 0 },
    { "{'detail': {'ip': [{'cidr': '10.0.0.0/24'}]}}",
      UPDATE("{'ip': 'web-01'}"), 0 },
    { "{'detail': {'ip': [{'cidr': '10.0.0.0/24'}]}}",
      UPDATE("{'ip': '::ffff:10.0.0.1'}"), 0 },
    { "{'detail': {'ip': [{'cidr': '10.0.0.77/24'}]}}",
      UPDATE("{'ip': '10.0.0.1'}"), 1 },
    { "{'detail': {'ip': [{'cidr': '10.0.0.128/25'}]}}",
      UPDATE("{'ip': '10.0.0.200'}"), 1 },
    { "{'detail': {'ip': [{'cidr': '10.0.0.128/25'}]}}",
      UPDATE("{'ip': '10.0.0.127'}"), 0 },
    { "{'detail': {'ip': [{'cidr': '192.168.1.7'}]}}",
      UPDATE("{'ip': '192.168.1.7'}"), 1 },
    { "{'detail': {'ip': [{'cidr': '192.168.1.7'}]}}",
      UPDATE("{'ip': '192.168.1.6'}"), 0 },
    { "{'detail': {'ip': [{'cidr': '0.0.0.0/0'}]}}",
      UPDATE("{'ip': '203.0.113.9'}"), 1 },
    { "{'detail': {'ip': [{'cidr': '2001:db8::/32'}]}}",
      UPDATE("{'ip': '2001:db8:ffff::1'}"), 1 },
    { "{'detail': {'ip': [{'cidr': '2001:db8::/32'}]}}",
      UPDATE("{'ip': '2001:db9::1'}"), 0 },
    { "{'detail': {'ip': [{'cidr': '2001:db8::/32'}]}}",
      UPDATE("{'ip': '10.0.0.1'}"), 0 },
    { "{'detail': {'ip': [{'cidr': '2001:db8::1/127'}]}}",
      UPDATE("{'ip': '2001:db8::1'}"), 1 },
    { "{'detail': {'ip': [{'cidr': '2001:db8::1/127'}]}}",
      UPDATE("{'ip': '2001:db8::2'}"), 0 },
    { "{'detail': {'ip': [{'cidr': '10.0.0.0/8'}]}}",
      UPDATE("{'ip': ['192.0.2.1', '10.9.9.9']}"), 1 },

    /* $or at the top and inside objects, and nested */
    { OVERDUE_OR, EV("update.overdue", "{'priority': 'P1'}"), 1 },
    { OVERDUE_OR, EV("update.overdue", "{'priority': 'P3', 'kev': true}"),
      1 },
    { OVERDUE_OR, EV("update.overdue", "{'priority': 'P3'}"), 0 },
    { OVERDUE_OR, EV("update.created", "{'priority': 'P1'}"), 0 },
    { "{'detail': {'$or': [{'priority': ['P1']}, {'kev': [true]}]}}",
      UPDATE("{'kev': true}"), 1 },
    { "{'detail': {'$or': [{'priority': ['P1']}, {'kev': [true]}]}}",
      UPDATE("{'kev': false}"), 0 },
    { "{'$or': [{'type': ['advisory.new']}, {'$or': ["
      "{'detail': {'kev': [true]}}, {'source': ['vigil.track']}]}]}",
      UPDATE("{}"), 1 },
    { "{'$or': [{'type': ['advisory.new']}, {'$or': ["
      "{'detail': {'kev': [true]}}, {'source': ['vigil.feed']}]}]}",
      UPDATE("{}"), 0 },
    { "{'$or': [{'detail': {'owner': [{'exists': false}]}}, "
      "{'id': [0]}], '$or': [{'id': [12]}, {'id': [13]}]}",
      UPDATE("{'owner': 'ops'}"), 1 },

    /* mixed alternatives in one list */
    { "{'detail': {'priority': ['P1', {'prefix': 'P2'}, 0]}}",
      UPDATE("{'priority': 'P2-high'}"), 1 },
    { "{'detail': {'priority': ['P1', {'prefix': 'P2'}, 0]}}",
      UPDATE("{'priority': 0}"), 1 },
    { "{'detail': {'priority': ['P1', {'prefix': 'P2'}, 0]}}",
      UPDATE("{'priority': 'P3'}"), 0 },
};

static void test_match_rows(void **state)
{
    struct vigil_pattern *p;
    struct vigil_error err;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(match_rows); i++) {
        char *pat = q(match_rows[i].pattern), *ev = q(match_rows[i].event);
        cJSON *doc = cJSON_Parse(ev);
        int got = -1, got2 = -1;

        if (vigil_pattern_compile(pat, strlen(pat), &p, &err) != 0) {
            print_message("row %zu: %s: %s\n", i, pat, err.msg);
            fail();
        }
        assert_non_null(doc);
        assert_int_equal(vigil_pattern_match(p, ev, strlen(ev), &got,
                                              &err), 0);
        assert_int_equal(vigil_pattern_match_json(p, doc, &got2, &err), 0);
        if (got != match_rows[i].want || got2 != got) {
            print_message("row %zu: %s against %s: got %d/%d\n", i, pat,
                          ev, got, got2);
            fail();
        }
        vigil_pattern_free(p);
        cJSON_Delete(doc);
        free(pat);
        free(ev);
    }
}

static const struct bad_row {
    const char *pattern;
    int rc;
    const char *msg;
} bad_rows[] = {
    /* the shape of a pattern */
    { "[]", VIGIL_EINVAL, "pattern: needs a JSON object" },
    { "'update.created'", VIGIL_EINVAL, "pattern: needs a JSON object" },
    { "{}", VIGIL_EINVAL, "pattern: needs at least one field" },
    { "{'type': 'update.created'}", VIGIL_EINVAL,
      "type: needs an array of values or a nested object" },
    { "{'detail': {'kev': true}}", VIGIL_EINVAL,
      "detail.kev: needs an array of values or a nested object" },
    { "{'type': []}", VIGIL_EINVAL, "type: needs at least one value" },
    { "{'detail': {}}", VIGIL_EINVAL, "detail: needs at least one field" },
    { "{'type': [['a']]}", VIGIL_EINVAL,
      "type[0]: nested arrays are not allowed" },
    { "{'type': ['a', {'contains': 'b'}]}", VIGIL_EINVAL,
      "type[1]: unknown operator \"contains\"" },
    { "{'type': [{'prefix': 'a', 'suffix': 'b'}]}", VIGIL_EINVAL,
      "type[0]: an operator object needs exactly one key" },
    { "{'type': [{}]}", VIGIL_EINVAL,
      "type[0]: an operator object needs exactly one key" },
    { "{'id': [1e999]}", VIGIL_EINVAL, "id[0]: number is out of range" },

    /* numeric */
    { "{'detail': {'severity': [{'numeric': '>'}]}}", VIGIL_EINVAL,
      "detail.severity[0]: \"numeric\" needs an array of operator/number "
      "pairs" },
    { "{'detail': {'severity': [{'numeric': ['>', 1, '<']}]}}",
      VIGIL_EINVAL, "detail.severity[0]: \"numeric\" needs an array of "
      "operator/number pairs" },
    { "{'detail': {'severity': [{'numeric': ['>', '1']}]}}", VIGIL_EINVAL,
      "detail.severity[0]: \"numeric\" needs an array of operator/number "
      "pairs" },
    { "{'detail': {'severity': [{'numeric': [1, '>']}]}}", VIGIL_EINVAL,
      "detail.severity[0]: \"numeric\" needs an array of operator/number "
      "pairs" },
    { "{'detail': {'severity': [{'numeric': []}]}}", VIGIL_EINVAL,
      "detail.severity[0]: \"numeric\" needs an array of operator/number "
      "pairs" },
    { "{'x': [{'numeric': ['>', 0, '<', 5, '=', 1]}]}", VIGIL_EINVAL,
      "x[0]: \"numeric\" needs an array of operator/number pairs" },
    { "{'x': [{'numeric': ['=>', 1]}]}", VIGIL_EINVAL,
      "x[0]: \"numeric\" has an unknown operator \"=>\"" },
    { "{'x': [{'numeric': ['>', 1, '>=', 2]}]}", VIGIL_EINVAL,
      "x[0]: \"numeric\" takes \"=\" alone, or at most one lower and one "
      "upper bound" },
    { "{'x': [{'numeric': ['=', 1, '<', 2]}]}", VIGIL_EINVAL,
      "x[0]: \"numeric\" takes \"=\" alone, or at most one lower and one "
      "upper bound" },
    { "{'x': [{'numeric': ['<', 2, '=', 1]}]}", VIGIL_EINVAL,
      "x[0]: \"numeric\" takes \"=\" alone, or at most one lower and one "
      "upper bound" },
    { "{'x': [{'numeric': ['>', 5, '<', 5]}]}", VIGIL_EINVAL,
      "x[0]: \"numeric\" range is empty" },
    { "{'x': [{'numeric': ['>=', 5, '<', 5]}]}", VIGIL_EINVAL,
      "x[0]: \"numeric\" range is empty" },
    { "{'x': [{'numeric': ['>', 6, '<', 5]}]}", VIGIL_EINVAL,
      "x[0]: \"numeric\" range is empty" },
    { "{'x': [{'numeric': ['<', 1e999]}]}", VIGIL_EINVAL,
      "x[0]: \"numeric\" number is out of range" },

    /* string operators */
    { "{'x': [{'prefix': 5}]}", VIGIL_EINVAL,
      "x[0]: \"prefix\" needs a string or {\"equals-ignore-case\": "
      "string}" },
    { "{'x': [{'prefix': {'equals-ignore-case': 5}}]}", VIGIL_EINVAL,
      "x[0]: \"prefix\" needs a string or {\"equals-ignore-case\": "
      "string}" },
    { "{'x': [{'suffix': {'wildcard': 'a'}}]}", VIGIL_EINVAL,
      "x[0]: \"suffix\" needs a string or {\"equals-ignore-case\": "
      "string}" },
    { "{'x': [{'equals-ignore-case': ['a']}]}", VIGIL_EINVAL,
      "x[0]: \"equals-ignore-case\" needs a string" },
    { "{'x': [{'wildcard': 5}]}", VIGIL_EINVAL,
      "x[0]: \"wildcard\" needs a string" },
    { "{'x': [{'wildcard': 'a**b'}]}", VIGIL_EINVAL,
      "x[0]: \"wildcard\" has consecutive '*'" },
    { "{'x': [{'wildcard': 'a\\\\\\\\**'}]}", VIGIL_EINVAL,
      "x[0]: \"wildcard\" has consecutive '*'" },
    { "{'x': [{'wildcard': 'a\\\\b'}]}", VIGIL_EINVAL,
      "x[0]: \"wildcard\" allows '\\' only before '*' or '\\'" },
    { "{'x': [{'wildcard': 'a\\\\'}]}", VIGIL_EINVAL,
      "x[0]: \"wildcard\" allows '\\' only before '*' or '\\'" },

    /* exists, cidr */
    { "{'x': [{'exists': 'yes'}]}", VIGIL_EINVAL,
      "x[0]: \"exists\" needs true or false" },
    { "{'x': [{'exists': 1}]}", VIGIL_EINVAL,
      "x[0]: \"exists\" needs true or false" },
    { "{'x': [{'cidr': '10.0.0.0/33'}]}", VIGIL_EINVAL,
      "x[0]: \"cidr\" needs an IPv4 or IPv6 network such as "
      "\"10.0.0.0/24\"" },
    { "{'x': [{'cidr': '10.0.0/24'}]}", VIGIL_EINVAL,
      "x[0]: \"cidr\" needs an IPv4 or IPv6 network such as "
      "\"10.0.0.0/24\"" },
    { "{'x': [{'cidr': '10.0.0.0/'}]}", VIGIL_EINVAL,
      "x[0]: \"cidr\" needs an IPv4 or IPv6 network such as "
      "\"10.0.0.0/24\"" },
    { "{'x': [{'cidr': '10.0.0.0/+8'}]}", VIGIL_EINVAL,
      "x[0]: \"cidr\" needs an IPv4 or IPv6 network such as "
      "\"10.0.0.0/24\"" },
    { "{'x': [{'cidr': '::1/129'}]}", VIGIL_EINVAL,
      "x[0]: \"cidr\" needs an IPv4 or IPv6 network such as "
      "\"10.0.0.0/24\"" },
    { "{'x': [{'cidr': 10}]}", VIGIL_EINVAL,
      "x[0]: \"cidr\" needs an IPv4 or IPv6 network such as "
      "\"10.0.0.0/24\"" },

    /* anything-but */
    { "{'x': [{'anything-but': ['a', 1]}]}", VIGIL_EINVAL,
      "x[0]: \"anything-but\" list must hold only strings or only "
      "numbers" },
    { "{'x': [{'anything-but': [true]}]}", VIGIL_EINVAL,
      "x[0]: \"anything-but\" list must hold only strings or only "
      "numbers" },
    { "{'x': [{'anything-but': {'numeric': ['>', 1]}}]}", VIGIL_EINVAL,
      "x[0]: \"anything-but\" cannot hold \"numeric\"" },
    { "{'x': [{'anything-but': {'prefix': 5}}]}", VIGIL_EINVAL,
      "x[0]: \"anything-but\" \"prefix\" needs a string or a list of "
      "strings" },
    { "{'x': [{'anything-but': {'suffix': []}}]}", VIGIL_EINVAL,
      "x[0]: \"anything-but\" \"suffix\" needs a string or a list of "
      "strings" },
    { "{'x': [{'anything-but': {'wildcard': ['a', 2]}}]}", VIGIL_EINVAL,
      "x[0]: \"anything-but\" \"wildcard\" needs a string or a list of "
      "strings" },
    { "{'x': [{'anything-but': {'wildcard': 'a**'}}]}", VIGIL_EINVAL,
      "x[0]: \"wildcard\" has consecutive '*'" },
    { "{'x': [{'anything-but': null}]}", VIGIL_EINVAL,
      "x[0]: \"anything-but\" needs a string, a number, a list of strings "
      "or of numbers, or one operator" },
    { "{'x': [{'anything-but': []}]}", VIGIL_EINVAL,
      "x[0]: \"anything-but\" needs a string, a number, a list of strings "
      "or of numbers, or one operator" },
    { "{'x': [{'anything-but': {'prefix': 'a', 'suffix': 'b'}}]}",
      VIGIL_EINVAL, "x[0]: \"anything-but\" needs a string, a number, a "
      "list of strings or of numbers, or one operator" },

    /* $or */
    { "{'$or': [{'a': ['1']}]}", VIGIL_EINVAL,
      "$or: needs an array of at least two pattern objects" },
    { "{'$or': {'a': ['1']}}", VIGIL_EINVAL,
      "$or: needs an array of at least two pattern objects" },
    { "{'$or': [{'a': ['1']}, 'b']}", VIGIL_EINVAL,
      "$or[1]: needs a pattern object" },
    { "{'$or': [{'a': ['1']}, {}]}", VIGIL_EINVAL,
      "$or[1]: needs at least one field" },
    { "{'detail': {'$or': [{'a': ['1']}, {'b': [{'numeric': 5}]}]}}",
      VIGIL_EINVAL, "detail.$or[1].b[0]: \"numeric\" needs an array of "
      "operator/number pairs" },

    /* JSON that is not */
    { "{'a': [1] } x", VIGIL_EPARSE, "pattern: malformed JSON at byte 12" },
    { "", VIGIL_EPARSE, "pattern: malformed JSON at byte 0" },
};

static void test_bad_patterns(void **state)
{
    struct vigil_pattern *p = (struct vigil_pattern *)&p;
    struct vigil_error err;
    size_t i;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(bad_rows); i++) {
        char *pat = q(bad_rows[i].pattern);

        rc = vigil_pattern_compile(pat, strlen(pat), &p, &err);
        if (rc != bad_rows[i].rc || strcmp(err.msg, bad_rows[i].msg)) {
            print_message("row %zu: %s: rc %d, '%s'\n", i, pat, rc,
                          err.msg);
            fail();
        }
        /* out-params are written only on success */
        assert_ptr_equal(p, (struct vigil_pattern *)&p);
        free(pat);
    }
}

/* "{'a': {'a': ... ['x'] ...}}" nested depth objects deep. */
static char *nested(int depth)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    int i;

    for (i = 1; i < depth; i++)
        vigil_buf_adds(&b, "{\"a\": ");
    vigil_buf_adds(&b, "{\"a\": [\"x\"]}");
    for (i = 1; i < depth; i++)
        vigil_buf_addc(&b, '}');
    return vigil_buf_detach(&b, NULL);
}

/* "{'x': [0, 1, ...]}" with n values in nfields fields x0, x1, ... */
static char *wide(int nfields, int n)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    int f, i;

    vigil_buf_addc(&b, '{');
    for (f = 0; f < nfields; f++) {
        vigil_buf_addf(&b, "%s\"x%d\": [", f ? ", " : "", f);
        for (i = 0; i < n; i++)
            vigil_buf_addf(&b, "%s%d", i ? ", " : "", i);
        vigil_buf_addc(&b, ']');
    }
    vigil_buf_addc(&b, '}');
    return vigil_buf_detach(&b, NULL);
}

static void expect_limit(char *pat, int want_rc, const char *want_tail)
{
    struct vigil_pattern *p = NULL;
    struct vigil_error err;
    int rc = vigil_pattern_compile(pat, strlen(pat), &p, &err);
    size_t ml, tl;

    assert_int_equal(rc, want_rc);
    if (rc == 0) {
        vigil_pattern_free(p);
    } else {
        ml = strlen(err.msg);
        tl = strlen(want_tail);
        if (ml < tl || strcmp(err.msg + ml - tl, want_tail) != 0) {
            print_message("got '%s', want '...%s'\n", err.msg, want_tail);
            fail();
        }
    }
    free(pat);
}

static void test_limits(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    char *big;

    (void)state;
    expect_limit(nested(VIGIL_PATTERN_MAX_DEPTH), 0, "");
    expect_limit(nested(VIGIL_PATTERN_MAX_DEPTH + 1), VIGIL_ELIMIT,
                 ".a: nested deeper than 16 levels");
    expect_limit(wide(1, VIGIL_PATTERN_MAX_VALUES), 0, "");
    expect_limit(wide(1, VIGIL_PATTERN_MAX_VALUES + 1), VIGIL_ELIMIT,
                 "x0: more than 256 values");
    expect_limit(wide(VIGIL_PATTERN_MAX_VALUES + 1, 1), VIGIL_ELIMIT,
                 "pattern: more than 256 fields");
    expect_limit(wide(4, 200), 0, "");
    expect_limit(wide(5, 250), VIGIL_ELIMIT,
                 "x4: more than 1024 fields and values");

    /* the text itself: white space past the cap is still too much */
    vigil_buf_adds(&b, "{\"type\": [\"update.created\"]}");
    while (b.len <= VIGIL_PATTERN_MAX_BYTES)
        vigil_buf_addc(&b, ' ');
    big = vigil_buf_detach(&b, NULL);
    expect_limit(big, VIGIL_ELIMIT, "pattern: larger than 65536 bytes");
}

static void test_anything_but_list_limit(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    int i;

    (void)state;
    vigil_buf_adds(&b, "{\"x\": [{\"anything-but\": [");
    for (i = 0; i <= VIGIL_PATTERN_MAX_VALUES; i++)
        vigil_buf_addf(&b, "%s\"v%d\"", i ? ", " : "", i);
    vigil_buf_adds(&b, "]}]}");
    expect_limit(vigil_buf_detach(&b, NULL), VIGIL_ELIMIT,
                 "x[0]: \"anything-but\" has more than 256 values");
}

static void test_event_errors(void **state)
{
    static const char pat[] = "{\"type\": [\"update.created\"]}";
    static const char ev[] = "{\"type\": \"update.created\"}";
    struct vigil_pattern *p;
    struct vigil_error err;
    char *big;
    int m = 42;

    (void)state;
    assert_int_equal(vigil_pattern_compile(pat, strlen(pat), &p, &err), 0);

    assert_int_equal(vigil_pattern_match(p, "{\"type\": ", 9, &m, &err),
                     VIGIL_EPARSE);
    assert_memory_equal(err.msg, "event: malformed JSON", 21);
    assert_int_equal(vigil_pattern_match(p, "[1]", 3, &m, &err),
                     VIGIL_EINVAL);
    assert_string_equal(err.msg, "event: needs a JSON object");
    assert_int_equal(vigil_pattern_match_json(p, NULL, &m, &err),
                     VIGIL_EINVAL);
    big = calloc(1, VIGIL_PATTERN_EVENT_MAX + 2);
    assert_non_null(big);
    memset(big, ' ', VIGIL_PATTERN_EVENT_MAX + 1);
    assert_int_equal(vigil_pattern_match(p, big, VIGIL_PATTERN_EVENT_MAX + 1,
                                         &m, &err), VIGIL_ELIMIT);
    free(big);
    assert_int_equal(m, 42);

    /* only len bytes are read: what follows them is not part of it */
    assert_int_equal(vigil_pattern_match(p, ev, strlen(ev), &m, &err), 0);
    assert_int_equal(m, 1);
    vigil_pattern_free(p);
    assert_int_equal(vigil_pattern_compile("{\"type\": [\"x\"]}garbage", 15,
                                           &p, &err), 0);
    assert_int_equal(vigil_pattern_match(p, "{\"type\": \"x\"}}}", 13, &m,
                                         &err), 0);
    assert_int_equal(m, 1);
    vigil_pattern_free(p);
    vigil_pattern_free(NULL);
}

/* One parsed event against many compiled rules, as delivery does. */
static void test_many_rules_one_event(void **state)
{
    static const char *const rules[] = {
        "{'type': ['update.priority_changed']}",
        "{'type': [{'prefix': 'update.'}], 'detail': {'priority': ['P1']}}",
        "{'detail': {'due': [{'prefix': '2026-12'}]}}",
        "{'detail': {'cause': [{'wildcard': '*kev*'}]}}",
        "{'source': [{'anything-but': 'vigil.track'}]}",
    };
    static const int want[] = { 1, 1, 1, 1, 0 };
    char *ev = q(EV("update.priority_changed",
                    "{'update': 'VU-7', 'priority': 'P1', "
                    "'due': '2026-12-10', 'cause': 'added to kev'}"));
    cJSON *doc = cJSON_Parse(ev);
    struct vigil_pattern *p;
    struct vigil_error err;
    size_t i;
    int m;

    (void)state;
    assert_non_null(doc);
    for (i = 0; i < VIGIL_ARRAY_SIZE(rules); i++) {
        char *r = q(rules[i]);

        assert_int_equal(vigil_pattern_compile(r, strlen(r), &p, &err), 0);
        assert_int_equal(vigil_pattern_match_json(p, doc, &m, &err), 0);
        assert_int_equal(m, want[i]);
        vigil_pattern_free(p);
        free(r);
    }
    cJSON_Delete(doc);
    free(ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_rows),
        cmocka_unit_test(test_bad_patterns),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_anything_but_list_limit),
        cmocka_unit_test(test_event_errors),
        cmocka_unit_test(test_many_rules_one_event),
    };

    return cmocka_run_group_tests_name("pattern", tests, NULL, NULL);
}
