/*
 * test_range_cve5.c - CVE 5 version entries from real records (shared
 * data, read with the CVE 5 feed parser): changes (Log4Shell), exact
 * versions under defaultStatus unaffected (xz), the Linux CNA's
 * unaffected branches under defaultStatus affected, "7.0.x" branch
 * starts, "n/a" starts with lessThanOrEqual, and git ranges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/feed.h"
#include "vigil/range.h"
#include "internal.h"

#define LOG4J "osvdev-testdata/cvelistV5/cves/2021/44xxx/CVE-2021-44228.json"
#define XZ "osvdev-testdata/cvelistV5/cves/2024/3xxx/CVE-2024-3094.json"
#define LINUX "osvdev-testdata/cvelistV5/cves/2025/21xxx/CVE-2025-21631.json"
#define OTRS "vulnrichment/2023/38xxx/CVE-2023-38060.json"
#define QSM "vulnrichment/2023/28xxx/CVE-2023-28787.json"

static const struct {
    const char *file;       /* under data/cve5 */
    const char *product;    /* product, or package name */
    int nth;                /* which entry with that product */
    const char *scheme;
    const char *version;
    int verdict;            /* 0 not affected, 1 affected, 2 unknown */
    const char *detail;
    const char *fixed;
} cases[] = {
    { LOG4J, "Apache Log4j2", 0, "maven", "2.14.1", 1,
      "from 2.0-beta9 (status affected)", "2.15.0" },
    { LOG4J, "Apache Log4j2", 0, "maven", "2.0-beta9", 1, "affected",
      "2.3.1" },
    { LOG4J, "Apache Log4j2", 0, "maven", "2.3.1", 0, "status unaffected",
      "" },
    { LOG4J, "Apache Log4j2", 0, "maven", "2.4", 1, "status affected",
      "2.12.2" },
    { LOG4J, "Apache Log4j2", 0, "maven", "2.12.2", 0, "status unaffected",
      "" },
    { LOG4J, "Apache Log4j2", 0, "maven", "2.15.0", 0, "status unaffected",
      "" },
    { LOG4J, "Apache Log4j2", 0, "maven", "2.17.1", 0, "status unaffected",
      "" },
    { LOG4J, "Apache Log4j2", 0, "maven", "2.0-beta8", 0, "no range", "" },
    { XZ, "xz", 0, "generic", "5.6.1", 1, "version 5.6.1 (status affected)",
      "" },
    { XZ, "xz", 0, "generic", "5.4.6", 0, "defaultStatus unaffected", "" },
    { LINUX, "Linux", 0, "generic", "6.12.3", 2, "needs commit history",
      "" },
    { LINUX, "Linux", 1, "generic", "6.12", 1, "version 6.12", "" },
    { LINUX, "Linux", 1, "generic", "6.12.5", 1, "defaultStatus affected",
      "" },
    { LINUX, "Linux", 1, "generic", "6.12.10", 0, "status unaffected", "" },
    { LINUX, "Linux", 1, "generic", "6.6.80", 0, "status unaffected", "" },
    { LINUX, "Linux", 1, "generic", "5.4.1", 0, "lessThan 6.12 (status "
      "unaffected)", "" },
    { LINUX, "Linux", 1, "generic", "6.14.2", 0, "from 6.13", "" },
    { OTRS, "OTRS", 0, "generic", "7.0.44", 1, "from 7.0.x, lessThan "
      "7.0.45", "7.0.45" },
    { OTRS, "OTRS", 0, "generic", "7.0.45", 0, "at or past the end", "" },
    { OTRS, "OTRS", 0, "generic", "8.0.34", 1, "lessThan 8.0.35", "8.0.35" },
    { OTRS, "OTRS", 0, "generic", "8.1.2", 0, "at or past the end", "" },
    { OTRS, "OTRS", 0, "generic", "6.0.9", 1, "defaultStatus affected", "" },
    { QSM, "Quiz And Survey Master", 0, "generic", "8.1.4", 1,
      "lessThanOrEqual 8.1.4 (status affected)", "8.1.5" },
    { QSM, "Quiz And Survey Master", 0, "generic", "7.3.0", 1,
      "lessThanOrEqual 8.1.4", "8.1.5" },
    { QSM, "Quiz And Survey Master", 0, "generic", "8.1.5", 0,
      "at or past the end of lessThanOrEqual 8.1.4", "" },
};

struct run {
    size_t i;
    int found;
    enum vigil_verdict verdict;
    struct vigil_evidence ev;
};

static int is_product(const struct vigil_affected *a, const char *want)
{
    return (a->product && strcmp(a->product, want) == 0) ||
           (!a->product && a->name && strcmp(a->name, want) == 0);
}

static int on_advisory(void *ctx, const struct vigil_advisory *adv)
{
    struct run *r = ctx;
    size_t k;
    int nth = 0;

    for (k = 0; k < adv->naffected && !r->found; k++) {
        if (!is_product(&adv->affected[k], cases[r->i].product) ||
            nth++ != cases[r->i].nth)
            continue;
        r->found = 1;
        assert_int_equal(vigil_affected_check(&adv->affected[k],
                                              vigil_scheme_get(
                                                  cases[r->i].scheme),
                                              cases[r->i].version,
                                              &r->verdict, &r->ev, NULL), 0);
    }
    return 0;
}

static void on_error(void *ctx, const char *origin,
                     const struct vigil_error *err)
{
    (void)ctx;
    fail_msg("%s: %s", origin, err->msg);
}

static void test_cve5_records(void **state)
{
    struct vigil_feed_sink sink = { .on_advisory = on_advisory,
                                    .on_error = on_error };
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *shared = getenv("SHARED");
    char path[4096];
    struct run r;

    (void)state;
    for (r.i = 0; r.i < VIGIL_ARRAY_SIZE(cases); r.i++) {
        snprintf(path, sizeof(path), "%s/data/cve5/%s",
                 shared ? shared : "../shared", cases[r.i].file);
        vigil_buf_reset(&b);
        if (vigil_buf_read_file(&b, path, (size_t)1 << 22, NULL) != 0) {
            vigil_buf_release(&b);
            print_message("skipped: ../shared/data not found\n");
            skip();
        }
        r.found = 0;
        sink.ctx = &r;
        assert_int_equal(vigil_feed_parse(VIGIL_FMT_CVE5, b.ptr, b.len, path,
                                          &sink), 0);
        if (!r.found)
            fail_msg("case %zu: no entry for '%s'", r.i, cases[r.i].product);
        if ((int)r.verdict != cases[r.i].verdict ||
            !strstr(r.ev.detail, cases[r.i].detail) ||
            strcmp(r.ev.fixed, cases[r.i].fixed) != 0)
            fail_msg("case %zu (%s %s): verdict %d detail '%s' fixed '%s'",
                     r.i, cases[r.i].product, cases[r.i].version,
                     (int)r.verdict, r.ev.detail, r.ev.fixed);
    }
    vigil_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cve5_records),
    };

    return cmocka_run_group_tests_name("range_cve5", tests, NULL, NULL);
}
