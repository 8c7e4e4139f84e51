/*
 * test_finding.c - the finding parsers on fixtures and in-memory
 * documents: CVE id scanning, numbers, detection, ASFF severity and
 * status rules, SARIF rules, levels, suppressions, messages and ids,
 * document errors with byte offsets, and stopping from the callback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/finding.h"
#include "finding/finding_int.h"
#include "finding_helpers.h"
#include "internal.h"

/* --- CVE ids in free text --- */

static const struct {
    const char *text;
    const char *want;        /* the ids found, joined with ' ' */
} cve_cases[] = {
    { "CVE-2021-44228", "CVE-2021-44228" },
    { "cve-2021-44228 and CVE-2021-44228", "CVE-2021-44228" },
    { "(CVE-2019-0001),Cve-2020-12345678.", "CVE-2019-0001 CVE-2020-12345678" },
    { "XCVE-2021-1234 1CVE-2021-1234", "" },
    { "CVE-2021-123 CVE-21-1234 CVE-2021- CVE_2021_1234", "" },
    { "CVE-2021-44228x then CVE-2022-22965", "CVE-2021-44228 CVE-2022-22965" },
    { "see GHSA-jfh8-c2jp-5v3q", "" },
    { "CVE-CVE-2023-0001", "CVE-2023-0001" },
    { "", "" },
};

static void scan_into(struct finding_doc *d, const char *text, char *out,
                      size_t n)
{
    struct finding_rec r;
    size_t i, used = 0;

    vigil__finding_rec_init(&r, d, "asff", "t");
    assert_int_equal(vigil__finding_scan_cves(&r, text), 0);
    out[0] = '\0';
    for (i = 0; i < r.f.ncves; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%s",
                                 i ? " " : "", r.f.cves[i]);
    vigil_arena_reset(&d->arena);
}

static void test_cve_scanner(void **state)
{
    struct finding_doc d;
    char got[256];
    size_t i;

    (void)state;
    memset(&d, 0, sizeof(d));
    d.origin = "t";
    vigil_arena_init(&d.arena);
    for (i = 0; i < VIGIL_ARRAY_SIZE(cve_cases); i++) {
        scan_into(&d, cve_cases[i].text, got, sizeof(got));
        if (strcmp(got, cve_cases[i].want) != 0)
            fail_msg("'%s': got '%s', want '%s'", cve_cases[i].text, got,
                     cve_cases[i].want);
    }
    scan_into(&d, NULL, got, sizeof(got));
    assert_string_equal(got, "");
    vigil_arena_release(&d.arena);
}

/* LIMIT finding-cve-count: the 513th distinct id is dropped. */
static void test_cve_scanner_cap(void **state)
{
    struct vigil_buf text = VIGIL_BUF_INIT;
    struct finding_doc d;
    struct finding_rec r;
    int i;

    (void)state;
    for (i = 0; i < 600; i++)
        assert_int_equal(vigil_buf_addf(&text, "CVE-2024-%05d ", i), 0);
    memset(&d, 0, sizeof(d));
    d.origin = "t";
    vigil_arena_init(&d.arena);
    vigil__finding_rec_init(&r, &d, "asff", "t");
    assert_int_equal(vigil__finding_scan_cves(&r, text.ptr), 0);
    assert_int_equal(r.f.ncves, FINDING_MAX_CVES);
    assert_string_equal(r.f.cves[511], "CVE-2024-00511");
    vigil_arena_release(&d.arena);
    vigil_buf_release(&text);
}

static const struct {
    const char *json;
    int ok;
    double want;
} number_cases[] = {
    { "7.5", 0, 0 },          /* a JSON number: see below */
    { "\"7.5\"", 1, 7.5 },
    { "\"10\"", 1, 10 },
    { "\"1e1\"", 1, 10 },
    { "\"-1\"", 1, -1 },
    { "\"0x1A\"", 0, 0 },
    { "\" 7\"", 0, 0 },
    { "\"nan\"", 0, 0 },
    { "\"inf\"", 0, 0 },
    { "\"7.5abc\"", 0, 0 },
    { "\"\"", 0, 0 },
    { "\"high\"", 0, 0 },
    { "true", 0, 0 },
    { "null", 0, 0 },
};

static void test_numbers(void **state)
{
    cJSON *v;
    double x;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(number_cases); i++) {
        v = cJSON_Parse(number_cases[i].json);
        assert_non_null(v);
        x = -99;
        if (cJSON_IsNumber(v)) {
            assert_int_equal(vigil__finding_number(v, &x), 1);
            assert_true(x == 7.5);
        } else {
            assert_int_equal(vigil__finding_number(v, &x),
                             number_cases[i].ok);
            if (number_cases[i].ok)
                assert_true(x == number_cases[i].want);
        }
        cJSON_Delete(v);
    }
    assert_int_equal(vigil__finding_number(NULL, &x), 0);
    assert_string_equal(vigil__finding_label(9.0), "CRITICAL");
    assert_string_equal(vigil__finding_label(8.9), "HIGH");
    assert_string_equal(vigil__finding_label(4.0), "MEDIUM");
    assert_string_equal(vigil__finding_label(0.1), "LOW");
    assert_string_equal(vigil__finding_label(0.0), "INFORMATIONAL");
}

/* --- detection --- */

static const struct {
    const char *doc;
    enum vigil_format want;
} detect_cases[] = {
    { "{\"version\":\"2.1.0\",\"runs\":[]}", VIGIL_FMT_SARIF },
    { "{\"version\":\"2.1.0\",\"runs\":null}", VIGIL_FMT_SARIF },
    { "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
      "\"runs\":[]}", VIGIL_FMT_SARIF },
    { "\xef\xbb\xbf{\"version\":\"2.2\",\"runs\":[]}", VIGIL_FMT_SARIF },
    { "{\"version\":\"1.0.0\",\"$schema\":\"sarif-1.0.0\",\"runs\":[]}",
      VIGIL_FMT_UNKNOWN },
    { "{\"runs\":[]}", VIGIL_FMT_UNKNOWN },
    { "{\"version\":\"2.1.0\",\"runs\":{}}", VIGIL_FMT_UNKNOWN },
    { "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
      "\"properties\":{\"runs\":{}}}", VIGIL_FMT_UNKNOWN },
    { "{\"Findings\":[]}", VIGIL_FMT_ASFF },
    { "{\"findings\":[]}", VIGIL_FMT_UNKNOWN },
    { "{\"Findings\":[{\"ProductArn\":\"arn:p\",\"SchemaVersion\":"
      "\"2018-10-08\",\"Id\":\"x\"}]}", VIGIL_FMT_ASFF },
    { "{\"findings\":[{\"ProductArn\":\"arn:p\",\"GeneratorId\":\"g\"}]}",
      VIGIL_FMT_ASFF },
    { "[{\"ProductArn\":\"arn:p\",\"GeneratorId\":\"g\",\"Id\":\"1\"}]",
      VIGIL_FMT_ASFF },
    { "{\"ProductArn\":\"arn:p\",\"SchemaVersion\":\"2018-10-08\"}",
      VIGIL_FMT_ASFF },
    { "{\"findings\":[{\"findingArn\":\"arn:f\",\"awsAccountId\":\"1\"}]}",
      VIGIL_FMT_UNKNOWN },
    { "{\"SchemaVersion\":2,\"ArtifactName\":\"img\",\"Results\":[]}",
      VIGIL_FMT_UNKNOWN },
    { "{\"ProductArn\":\"arn:p\"}", VIGIL_FMT_UNKNOWN },
    { "[]", VIGIL_FMT_UNKNOWN },
    { "{\"version\":\"2.1.0\",\"runs\":[", VIGIL_FMT_UNKNOWN },
    { "runs", VIGIL_FMT_UNKNOWN },
};

static void test_detect(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(detect_cases); i++)
        if (vigil_finding_detect(detect_cases[i].doc,
                                 strlen(detect_cases[i].doc)) !=
            detect_cases[i].want)
            fail_msg("'%s': want %d", detect_cases[i].doc,
                     detect_cases[i].want);
    assert_int_equal(vigil_finding_detect(NULL, 0), VIGIL_FMT_UNKNOWN);
}

/* --- ASFF fixtures --- */

static void test_asff_single(void **state)
{
    static const char *const cves[] = {
        "CVE-2021-44228", "CVE-2021-45105", "CVE-2021-45046"
    };
    struct vigil_error err;
    struct fcollect c;
    const struct fsnap *s = &c.snap[0];
    char path[4096];
    size_t i;

    (void)state;
    fixture_path(path, sizeof(path), "asff/ok_single_inspector.json");
    assert_int_equal(fc_parse_path(path, VIGIL_FMT_UNKNOWN, &c, &err), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.nerr, 0);
    assert_int_equal(c.nunsound, 0);
    assert_string_equal(s->format, "asff");
    assert_string_equal(s->tool, "Inspector");
    assert_string_equal(s->rule_id, "AWSInspector");
    /* Normalized 70, no Product: 7.0, and the label Security Hub gives */
    assert_int_equal(s->has_severity, 1);
    assert_true(s->severity == 7.0);
    assert_string_equal(s->label, "HIGH");
    assert_string_equal(s->status, "SUPPRESSED");
    assert_int_equal(s->suppressed, 1);
    assert_string_equal(s->record_state, "ARCHIVED");
    assert_string_equal(s->first_seen, "2024-02-12T09:15:02Z");
    assert_string_equal(s->updated, "2024-02-14T17:40:11Z");
    /* Vulnerabilities first, then the text; GHSA and look-alikes not */
    assert_int_equal(s->ncves, VIGIL_ARRAY_SIZE(cves));
    for (i = 0; i < VIGIL_ARRAY_SIZE(cves); i++)
        assert_string_equal(s->cves[i], cves[i]);
    assert_int_equal(s->nres, 2);
    assert_string_equal(s->res_type[0], "AwsEcrContainerImage");
    assert_string_equal(s->res_region[0], "eu-west-1");
    assert_string_equal(s->res_partition[0], "aws");
    assert_string_equal(s->res_id[1], "payments-build-42");
    assert_string_equal(s->res_region[1], "");
    fc_free(&c);
}

/* Expected per delivered finding of ok_mixed_records.json. */
static const struct {
    const char *id;
    const char *tool;
    const char *rule;
    int has_severity;
    double severity;
    const char *label;
    const char *status;
    const char *compliance;
} mixed_rows[] = {
    /* GuardDuty: Product 8 wins over Normalized 60 */
    { "arn:aws:guardduty:us-east-2:111122223333:detector/4ab2d1/finding/"
      "7e10a2", "aws/guardduty",
      "TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS", 1, 8.0,
      "HIGH", "NEW", "" },
    /* Security Hub control: Product 40 is passed on as published */
    { "arn:aws:securityhub:us-east-2:111122223333:security-control/S3.1/"
      "finding/98c1", "Security Hub", "security-control/S3.1", 1, 40.0,
      "MEDIUM", "NOTIFIED", "FAILED" },
    /* no Severity at all */
    { "example-partner/finding/0001", "111122223333/default",
      "custom-scanner-weak-tls", 0, 0, "", "", "" },
    /* Product as a numeric string; label from FindingProviderFields */
    { "example-partner/finding/0002", "111122223333/default",
      "custom-scanner-open-port", 1, 2.5, "LOW", "", "" },
};

static void test_asff_mixed(void **state)
{
    struct vigil_error err;
    struct fcollect c;
    char path[4096];
    size_t i;

    (void)state;
    fixture_path(path, sizeof(path), "asff/ok_mixed_records.json");
    assert_int_equal(fc_parse_path(path, VIGIL_FMT_ASFF, &c, &err), 0);
    assert_int_equal(c.n, VIGIL_ARRAY_SIZE(mixed_rows));
    assert_int_equal(c.nunsound, 0);
    assert_int_equal(c.nerr, 2);
    assert_string_equal(c.records, "#3 #4");
    assert_string_equal(c.last_msg, "cannot read finding '#4': no 'Id'");
    for (i = 0; i < VIGIL_ARRAY_SIZE(mixed_rows); i++) {
        assert_string_equal(c.snap[i].id, mixed_rows[i].id);
        assert_string_equal(c.snap[i].tool, mixed_rows[i].tool);
        assert_string_equal(c.snap[i].rule_id, mixed_rows[i].rule);
        assert_int_equal(c.snap[i].has_severity, mixed_rows[i].has_severity);
        assert_true(c.snap[i].severity == mixed_rows[i].severity);
        assert_string_equal(c.snap[i].label, mixed_rows[i].label);
        assert_string_equal(c.snap[i].status, mixed_rows[i].status);
        assert_string_equal(c.snap[i].compliance, mixed_rows[i].compliance);
        assert_int_equal(c.snap[i].suppressed, 0);
    }
    fc_free(&c);

    fixture_path(path, sizeof(path), "asff/ok_empty.json");
    assert_int_equal(fc_parse_path(path, VIGIL_FMT_UNKNOWN, &c, &err), 0);
    assert_int_equal(c.n + c.nerr, 0);
    fc_free(&c);
}

/* --- SARIF fixtures --- */

static const struct {
    const char *id;           /* "" when derived: checked for the form */
    const char *rule;
    const char *title;
    const char *description;
    int has_severity;
    double severity;
    const char *label;
    const char *level;
    const char *kind;
    const char *status;
    const char *supp_kind;
    const char *location;
    const char *cve;          /* the one CVE id, or "" */
} codeql_rows[] = {
    /* ruleId and ruleIndex; security-severity from the rule */
    { "", "java/path-injection", "Uncontrolled data used in path expression",
      "This path depends on a [user-provided value](1).", 1, 7.5, "HIGH",
      "error", "fail", "", "",
      "src/main/java/com/example/FileController.java:57", "" },
    /* only rule.index into an extension; level from its default */
    { "", "java/log4j-jndi-injection", "Log4j JNDI injection",
      "JNDI lookup of a user-controlled name.", 1, 10.0, "CRITICAL", "error",
      "fail", "", "", "src/main/java/com/example/Audit.java:14",
      "CVE-2021-44228" },
    /* the result's own security-severity wins; suppression under review */
    { "6f1e2d3c-4b5a-4968-8776-655443322110", "java/path-injection",
      "Uncontrolled data used in path expression",
      "This path depends on a [user-provided value](1).", 1, 3.1, "LOW",
      "warning", "fail", "underReview", "inSource",
      "src/main/java/com/example/Export.java:9", "" },
    /* message string with arguments; bad security-severity ignored;
     * one accepted suppression outweighs a rejected one; artifact index */
    { "0d6a55b8-8a0e-4e36-9f02-7a1c8c1f9e41",
      "java/weak-cryptographic-algorithm",
      "Use of a broken or risky cryptographic algorithm",
      "Cryptographic algorithm DES is weak; {see} AES-GCM, not {7}.", 0, 0,
      "MEDIUM", "warning", "fail", "suppressed", "external",
      "src/main/java/com/example/Crypto.java:23", "" },
    /* kind pass: level none; global message string */
    { "", "java/weak-cryptographic-algorithm",
      "Use of a broken or risky cryptographic algorithm",
      "Result #4 comes from an older database.", 0, 0, "INFORMATIONAL",
      "none", "pass", "", "", "", "" },
    /* hierarchical id, component by name, logical location */
    { "", "java/unsafe-deserialization/2",
      "Deserialization of user-controlled data",
      "Unsafe deserialization depends on a user-provided value; see "
      "CVE-2015-7501.\nSecond line of detail.", 1, 9.8, "CRITICAL",
      "warning", "fail", "rejected", "external", "com.example.Import.read",
      "CVE-2015-7501" },
};

static int is_derived_id(const char *id)
{
    size_t i;

    if (strncmp(id, "sarif-", 6) != 0 || strlen(id) < 38)
        return 0;
    for (i = 6; i < 38; i++)
        if (!strchr("0123456789abcdef", id[i]))
            return 0;
    return id[38] == '\0' || id[38] == '-';
}

static void check_codeql_row(const struct fsnap *s, size_t i)
{
    if (codeql_rows[i].id[0])
        assert_string_equal(s->id, codeql_rows[i].id);
    else
        assert_true(is_derived_id(s->id) && strlen(s->id) == 38);
    assert_string_equal(s->tool, "CodeQL");
    assert_string_equal(s->rule_id, codeql_rows[i].rule);
    assert_string_equal(s->title, codeql_rows[i].title);
    assert_string_equal(s->description, codeql_rows[i].description);
    assert_int_equal(s->has_severity, codeql_rows[i].has_severity);
    if (s->has_severity)
        assert_true(s->severity == codeql_rows[i].severity);
    assert_string_equal(s->label, codeql_rows[i].label);
    assert_string_equal(s->level, codeql_rows[i].level);
    assert_string_equal(s->kind, codeql_rows[i].kind);
    assert_string_equal(s->status, codeql_rows[i].status);
    assert_int_equal(s->suppressed,
                     strcmp(codeql_rows[i].status, "suppressed") == 0);
    assert_string_equal(s->supp_kind, codeql_rows[i].supp_kind);
    assert_string_equal(s->location, codeql_rows[i].location);
    assert_int_equal(s->ncves, codeql_rows[i].cve[0] ? 1 : 0);
    if (s->ncves)
        assert_string_equal(s->cves[0], codeql_rows[i].cve);
    assert_string_equal(s->created, "2024-03-05T07:30:00Z");
}

static void test_sarif_codeql(void **state)
{
    struct vigil_error err;
    struct fcollect c, again;
    char path[4096];
    size_t i;

    (void)state;
    fixture_path(path, sizeof(path), "sarif/ok_codeql_security_severity.sarif");
    assert_int_equal(fc_parse_path(path, VIGIL_FMT_UNKNOWN, &c, &err), 0);
    assert_int_equal(c.n, VIGIL_ARRAY_SIZE(codeql_rows));
    assert_int_equal(c.nerr, 0);
    assert_int_equal(c.nunsound, 0);
    for (i = 0; i < VIGIL_ARRAY_SIZE(codeql_rows); i++)
        check_codeql_row(&c.snap[i], i);
    assert_string_equal(c.snap[3].first_seen, "2023-11-20T10:00:00Z");
    assert_string_equal(c.snap[3].last_seen, "2024-03-05T07:41:00Z");
    assert_true(fc_ids_unique(&c));

    /* derived ids do not depend on the parse */
    assert_int_equal(fc_parse_path(path, VIGIL_FMT_SARIF, &again, &err), 0);
    for (i = 0; i < c.n; i++)
        assert_string_equal(c.ids[i], again.ids[i]);
    fc_free(&again);
    fc_free(&c);
}

static void test_sarif_edge_runs(void **state)
{
    struct vigil_error err;
    struct fcollect c;
    char path[4096], want[64];

    (void)state;
    fixture_path(path, sizeof(path), "sarif/ok_edge_runs.sarif");
    assert_int_equal(fc_parse_path(path, VIGIL_FMT_UNKNOWN, &c, &err), 0);
    assert_string_equal(c.records, "runs[1] runs[2] runs[3].results[0]");
    assert_int_equal(c.n, 3);
    assert_int_equal(c.nunsound, 0);
    /* the same secret twice on one line: the second id gets "-2" */
    assert_true(is_derived_id(c.ids[0]) && strlen(c.ids[0]) == 38);
    snprintf(want, sizeof(want), "%s-2", c.ids[0]);
    assert_string_equal(c.ids[1], want);
    assert_true(is_derived_id(c.ids[2]) && strlen(c.ids[2]) == 38);
    assert_string_not_equal(c.ids[0], c.ids[2]);
    assert_string_equal(c.snap[0].title, "Generic API Key");
    assert_string_equal(c.snap[2].location, "config/app.env:8");
    fc_free(&c);
}

/* A message string that repeats a long argument is cut at 64 KiB. */
static void test_sarif_message_cap(void **state)
{
    struct vigil_buf doc = VIGIL_BUF_INIT;
    struct vigil_finding_sink sink;
    struct vigil_error err;
    struct fcollect c;
    int i;

    (void)state;
    assert_int_equal(vigil_buf_adds(&doc, "{\"version\":\"2.1.0\",\"runs\":["
                                    "{\"tool\":{\"driver\":{\"name\":\"t\","
                                    "\"rules\":[{\"id\":\"r\","
                                    "\"messageStrings\":{\"m\":{\"text\":\""),
                     0);
    for (i = 0; i < 2000; i++)
        assert_int_equal(vigil_buf_adds(&doc, "{0}"), 0);
    assert_int_equal(vigil_buf_adds(&doc, "\"}}}]}},\"results\":[{\"ruleId\":"
                                    "\"r\",\"message\":{\"id\":\"m\","
                                    "\"arguments\":[\""), 0);
    /* 201 bytes, so that the cut falls inside a two-byte character */
    assert_int_equal(vigil_buf_adds(&doc, "x"), 0);
    for (i = 0; i < 100; i++)
        assert_int_equal(vigil_buf_adds(&doc, "\xc3\xa9"), 0);
    assert_int_equal(vigil_buf_adds(&doc, "\"]}}]}]}"), 0);
    sink = fc_sink(&c);
    assert_int_equal(vigil_finding_parse(VIGIL_FMT_UNKNOWN, doc.ptr, doc.len,
                                         "cap", &sink, &err), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.nunsound, 0);
    assert_true(c.snap[0].desc_len <= 65536);
    assert_true(c.snap[0].desc_len >= 65536 - 4);
    assert_true(strncmp(c.snap[0].description, "x\xc3\xa9\xc3\xa9", 5) == 0);
    /* ends on a whole character: "é" or "x" */
    assert_true(strcmp(c.snap[0].desc_tail + 1, "\xc3\xa9") == 0 ||
                c.snap[0].desc_tail[2] == 'x');
    fc_free(&c);
    vigil_buf_release(&doc);
}

/* --- document errors --- */

static void where(const char *buf, size_t off, long *line, long *col)
{
    size_t i;

    *line = 1;
    *col = 1;
    for (i = 0; i < off; i++) {
        if (buf[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

static void expect_json_error(enum vigil_format fmt, const char *buf,
                              size_t len, size_t off)
{
    struct vigil_finding_sink sink;
    struct vigil_error err;
    struct fcollect c;
    long line, col;
    char want[128];

    sink = fc_sink(&c);
    assert_int_equal(vigil_finding_parse(fmt, buf, len, "t", &sink, &err),
                     VIGIL_EPARSE);
    assert_int_equal(c.n + c.nerr, 0);
    assert_int_equal(err.code, VIGIL_EPARSE);
    assert_int_equal(err.offset, off);
    where(buf, off, &line, &col);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, col);
    snprintf(want, sizeof(want), "invalid JSON at byte %zu (line %ld, "
             "column %ld): ", off, line, col);
    assert_non_null(strstr(err.msg, want));
    assert_null(strchr(err.msg, '\n'));
}

static void read_fixture(const char *sub, struct vigil_buf *b)
{
    char path[4096];

    fixture_path(path, sizeof(path), sub);
    assert_int_equal(read_whole(path, b), 0);
}

static void test_json_errors(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT, bom = VIGIL_BUF_INIT;
    const char *comma;

    (void)state;
    read_fixture("asff/bad_truncated.json", &b);
    expect_json_error(VIGIL_FMT_UNKNOWN, b.ptr, b.len, b.len);
    expect_json_error(VIGIL_FMT_ASFF, b.ptr, b.len, b.len);
    assert_int_equal(vigil_buf_add(&bom, "\xef\xbb\xbf", 3), 0);
    assert_int_equal(vigil_buf_add(&bom, b.ptr, b.len), 0);
    expect_json_error(VIGIL_FMT_UNKNOWN, bom.ptr, bom.len, bom.len);

    read_fixture("asff/bad_comma.json", &b);
    comma = strstr(b.ptr, ",,");
    assert_non_null(comma);
    expect_json_error(VIGIL_FMT_UNKNOWN, b.ptr, b.len,
                      (size_t)(comma - b.ptr) + 1);

    read_fixture("sarif/bad_truncated.sarif", &b);
    expect_json_error(VIGIL_FMT_SARIF, b.ptr, b.len, b.len);

    expect_json_error(VIGIL_FMT_UNKNOWN, "{\"runs\":[]} x", 13, 12);
    expect_json_error(VIGIL_FMT_UNKNOWN, "{\"Id\":\"a\\qb\"}", 13, 9);
    expect_json_error(VIGIL_FMT_UNKNOWN, "[{\"Id\":\"a\0b\"}]", 14, 9);
    vigil_buf_release(&b);
    vigil_buf_release(&bom);
}

static void test_document_errors(void **state)
{
    struct vigil_finding_sink sink;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    struct fcollect c;

    (void)state;
    sink = fc_sink(&c);
    assert_int_equal(vigil_finding_parse(VIGIL_FMT_UNKNOWN, "a: b\n", 5, "y",
                                         &sink, &err), VIGIL_EFORMAT);
    assert_string_equal(err.msg, "unknown format: not a JSON document");
    assert_int_equal(vigil_finding_parse(VIGIL_FMT_UNKNOWN, "{\"a\":1}", 7,
                                         "j", &sink, &err), VIGIL_EFORMAT);
    assert_non_null(strstr(err.msg, "neither ASFF findings nor a SARIF"));

    /* LIMIT sarif-1: a SARIF 1.0 log is of unknown format */
    read_fixture("sarif/bad_version_1.sarif", &b);
    assert_int_equal(vigil_finding_parse(VIGIL_FMT_UNKNOWN, b.ptr, b.len,
                                         "v1", &sink, &err), VIGIL_EFORMAT);
    assert_int_equal(vigil_finding_detect(b.ptr, b.len), VIGIL_FMT_UNKNOWN);

    /* forced formats on the wrong document */
    read_fixture("asff/ok_empty.json", &b);
    assert_int_equal(vigil_finding_parse(VIGIL_FMT_SARIF, b.ptr, b.len, "s",
                                         &sink, &err), VIGIL_EFORMAT);
    assert_string_equal(err.msg, "not a SARIF log: no 'runs' array");
    assert_int_equal(vigil_finding_parse(VIGIL_FMT_ASFF, "{\"a\":1}", 7, "a",
                                         &sink, &err), 0);
    assert_int_equal(c.nerr, 1);
    assert_string_equal(c.last_record, "#0");
    assert_int_equal(c.n, 0);

    assert_int_equal(vigil_finding_parse(VIGIL_FMT_OSV, "{}", 2, "x", &sink,
                                         &err), VIGIL_EINVAL);
    assert_int_equal(vigil_finding_parse(VIGIL_FMT_ASFF, "{}", 2, "x", NULL,
                                         &err), VIGIL_EINVAL);
    assert_int_equal(vigil_finding_parse(VIGIL_FMT_ASFF, NULL, 2, "x", &sink,
                                         NULL), VIGIL_EINVAL);
    assert_int_equal(vigil_finding_parse(VIGIL_FMT_UNKNOWN, NULL, 0, NULL,
                                         &sink, NULL), VIGIL_EFORMAT);
    fc_free(&c);
    vigil_buf_release(&b);
}

/* A negative return from the callback stops the parse and is returned. */
static void test_stop(void **state)
{
    struct vigil_finding_sink sink;
    struct vigil_error err;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct fcollect c;
    size_t i;
    static const char *const subs[] = {
        "asff/ok_mixed_records.json", "sarif/ok_codeql_security_severity.sarif"
    };

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(subs); i++) {
        read_fixture(subs[i], &b);
        sink = fc_sink(&c);
        c.stop_after = 2;
        assert_int_equal(vigil_finding_parse(VIGIL_FMT_UNKNOWN, b.ptr, b.len,
                                             "s", &sink, &err), -100);
        assert_int_equal(c.n, 2);
        assert_string_equal(err.msg, "");
        fc_free(&c);
    }
    vigil_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cve_scanner),
        cmocka_unit_test(test_cve_scanner_cap),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_asff_single),
        cmocka_unit_test(test_asff_mixed),
        cmocka_unit_test(test_sarif_codeql),
        cmocka_unit_test(test_sarif_edge_runs),
        cmocka_unit_test(test_sarif_message_cap),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_document_errors),
        cmocka_unit_test(test_stop),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
