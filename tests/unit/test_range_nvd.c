/*
 * test_range_nvd.c - NVD configurations from real NVD records (shared
 * data, read with the NVD feed parser) against small inventories of CPE
 * names: platform gating, several configurations, AND nodes and
 * versionless appliance names.
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

#define MAXINV 3

static const struct {
    const char *file;             /* under data/nvd/grype */
    const char *inventory[MAXINV];
    int verdict;                  /* 0 not affected, 1 affected, 2 unknown */
    const char *detail;
} cases[] = {
    /* Go below 1.20.11 or in 1.21.0-0 .. 1.21.4, on Windows */
    { "CVE-2023-45283-platform-cpe-first.json",
      { "cpe:2.3:a:golang:go:1.20.10:*:*:*:*:*:*:*",
        "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" }, 1,
      "lessThan 1.20.11" },
    { "CVE-2023-45283-platform-cpe-first.json",
      { "cpe:2.3:a:golang:go:1.21.3:*:*:*:*:*:*:*",
        "cpe:2.3:o:microsoft:windows:10.0.19045:*:*:*:*:*:*:*" }, 1,
      "from 1.21.0-0, lessThan 1.21.4" },
    { "CVE-2023-45283-platform-cpe-last.json",
      { "cpe:2.3:a:golang:go:1.21.3:*:*:*:*:*:*:*",
        "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" }, 1, "1.21.4" },
    { "CVE-2023-45283-platform-cpe-first.json",
      { "cpe:2.3:a:golang:go:1.20.11:*:*:*:*:*:*:*",
        "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" }, 0, "no config" },
    { "CVE-2023-45283-platform-cpe-first.json",
      { "cpe:2.3:a:golang:go:1.20.10:*:*:*:*:*:*:*",
        "cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*" }, 0, "no config" },
    { "CVE-2023-45283-platform-cpe-first.json",
      { "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" }, 0, "no config" },
    /* OnCommand Unified Manager 7.2 to 7.3 inclusive, on Linux */
    { "version-range.json",
      { "cpe:2.3:a:netapp:oncommand_unified_manager:7.3:*:*:*:*:*:*:*",
        "cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*" }, 1,
      "from 7.2, lessThanOrEqual 7.3" },
    { "version-range.json",
      { "cpe:2.3:a:netapp:oncommand_unified_manager:7.3.1:*:*:*:*:*:*:*",
        "cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*" }, 0,
      "no config" },
    /* six configurations: an appliance AND its AsyncOS release */
    { "cve-2021-1566.json",
      { "cpe:2.3:a:cisco:email_security_appliance:-:*:*:*:*:*:*:*",
        "cpe:2.3:o:cisco:asyncos:13.0.0-020:*:*:*:*:*:*:*" }, 1,
      "from 13.0, lessThan 13.0.0-030" },
    { "cve-2021-1566.json",
      { "cpe:2.3:a:cisco:web_security_appliance:-:*:*:*:*:*:*:*",
        "cpe:2.3:o:cisco:asyncos:12.5.0-100:*:*:*:*:*:*:*" }, 1,
      "lessThan 12.5.1-043" },
    { "cve-2021-1566.json",
      { "cpe:2.3:a:cisco:email_security_appliance:-:*:*:*:*:*:*:*",
        "cpe:2.3:o:cisco:asyncos:14.0.0-100:*:*:*:*:*:*:*" }, 0,
      "no config" },
    { "cve-2021-1566.json",
      { "cpe:2.3:o:cisco:asyncos:13.0.0-020:*:*:*:*:*:*:*" }, 0,
      "no config" },
    { "cve-2021-1566.json",
      { "cpe:2.3:a:cisco:email_security_appliance:-:*:*:*:*:*:*:*",
        "cpe:2.3:o:cisco:asyncos:*:*:*:*:*:*:*:*" }, 2,
      "gives no version" },
};

struct run {
    struct vigil_cpe inv[MAXINV];
    size_t ninv;
    int seen;
    enum vigil_verdict verdict;
    struct vigil_evidence ev;
};

static int on_advisory(void *ctx, const struct vigil_advisory *adv)
{
    struct run *r = ctx;

    r->seen++;
    assert_int_equal(vigil_nvd_config_eval(adv->affected, adv->naffected,
                                           r->inv, r->ninv,
                                           vigil_scheme_get("generic"),
                                           &r->verdict, &r->ev, NULL), 0);
    return 0;
}

static void on_error(void *ctx, const char *origin,
                     const struct vigil_error *err)
{
    (void)ctx;
    fail_msg("%s: %s", origin, err->msg);
}

static void test_grype_records(void **state)
{
    struct vigil_feed_sink sink = { .on_advisory = on_advisory,
                                    .on_error = on_error };
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *shared = getenv("SHARED");
    char path[4096];
    struct run r;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        snprintf(path, sizeof(path), "%s/data/nvd/grype/%s",
                 shared ? shared : "../shared", cases[i].file);
        vigil_buf_reset(&b);
        if (vigil_buf_read_file(&b, path, (size_t)1 << 22, NULL) != 0) {
            vigil_buf_release(&b);
            print_message("skipped: ../shared/data not found\n");
            skip();
        }
        memset(&r, 0, sizeof(r));
        for (r.ninv = 0; r.ninv < MAXINV && cases[i].inventory[r.ninv];
             r.ninv++)
            assert_int_equal(vigil_cpe_parse(cases[i].inventory[r.ninv],
                                             &r.inv[r.ninv], NULL), 0);
        sink.ctx = &r;
        assert_int_equal(vigil_feed_parse(VIGIL_FMT_NVD, b.ptr, b.len, path,
                                          &sink), 0);
        assert_int_equal(r.seen, 1);
        if ((int)r.verdict != cases[i].verdict ||
            !strstr(r.ev.detail, cases[i].detail))
            fail_msg("case %zu (%s): verdict %d detail '%s'", i,
                     cases[i].file, (int)r.verdict, r.ev.detail);
    }
    vigil_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grype_records),
    };

    return cmocka_run_group_tests_name("range_nvd", tests, NULL, NULL);
}
