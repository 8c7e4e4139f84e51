/*
 * test_finding_data.c - the finding parsers on the real ASFF and SARIF
 * files in ../shared/data/findings: every file is detected and parsed,
 * the number of findings equals a count made here with cJSON alone,
 * real findings are spot-checked against their JSON, and other
 * scanners' reports (and every other JSON file of the shared data) are
 * not taken for findings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/finding.h"
#include "finding_helpers.h"
#include "internal.h"

/* Findings in an ASFF document, counted without the library. */
static size_t asff_count(const cJSON *root)
{
    const cJSON *list = cJSON_GetObjectItem(root, "Findings");

    if (!list)
        list = cJSON_GetObjectItem(root, "findings");
    if (cJSON_IsArray(root))
        list = root;
    return list ? (size_t)cJSON_GetArraySize(list) : 1;
}

/* Results over all runs of a SARIF log, counted without the library. */
static size_t sarif_count(const cJSON *root)
{
    const cJSON *run;
    size_t n = 0;

    cJSON_ArrayForEach(run, cJSON_GetObjectItem(root, "runs"))
        n += (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(run,
                                                            "results"));
    return n;
}

/*
 * Every file under each of dirs: detected as fmt, parsed without a
 * rejected finding, as many findings as counted here, all sound, ids
 * unique within the file.  Returns the number of findings.
 */
static size_t parse_all(const char *const *dirs, size_t ndirs,
                        enum vigil_format fmt, const char *suffix,
                        size_t *nfiles)
{
    struct file_list files = { NULL, 0 };
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_finding_sink sink;
    struct vigil_error err;
    struct fcollect c;
    size_t i, want, total = 0;
    char dir[4096];
    cJSON *root;
    int rc;

    for (i = 0; i < ndirs; i++) {
        if (!shared_path(dir, sizeof(dir), dirs[i]))
            skip();
        list_files_into(&files, dir);
    }
    *nfiles = 0;
    for (i = 0; i < files.n; i++) {
        if (suffix && !ends_with(files.paths[i], suffix))
            continue;
        assert_int_equal(read_whole(files.paths[i], &b), 0);
        root = cJSON_ParseWithLength(b.ptr, b.len);
        assert_non_null(root);
        want = fmt == VIGIL_FMT_ASFF ? asff_count(root) : sarif_count(root);
        cJSON_Delete(root);
        if (vigil_finding_detect(b.ptr, b.len) != fmt)
            fail_msg("%s: not detected as %s", files.paths[i],
                     vigil_format_name(fmt));
        sink = fc_sink(&c);
        rc = vigil_finding_parse(VIGIL_FMT_UNKNOWN, b.ptr, b.len,
                                 files.paths[i], &sink, &err);
        if (rc != 0 || c.nerr != 0 || c.n != want)
            fail_msg("%s: rc %d (%s), %zu findings (want %zu), %zu "
                     "rejected: %s", files.paths[i], rc, err.msg, c.n, want,
                     c.nerr, c.last_msg);
        assert_int_equal(c.nunsound, 0);
        if (!fc_ids_unique(&c))
            fail_msg("%s: two findings share an id", files.paths[i]);
        total += c.n;
        (*nfiles)++;
        fc_free(&c);
    }
    list_free(&files);
    vigil_buf_release(&b);
    return total;
}

static void test_asff_files(void **state)
{
    static const char *const dirs[] = {
        "findings/defectdojo/awssecurityhub", "findings/defectdojo/asff"
    };
    size_t n, files;

    (void)state;
    n = parse_all(dirs, VIGIL_ARRAY_SIZE(dirs), VIGIL_FMT_ASFF, NULL, &files);
    assert_int_equal(files, 10);
    assert_int_equal(n, 30);
}

static void test_sarif_files(void **state)
{
    static const char *const dirs[] = {
        "findings/defectdojo/sarif", "findings/dependency-track"
    };
    static const char *const drafts[] = {
        "findings/sarif-spec-examples-2.2"
    };
    size_t n, files;

    (void)state;
    n = parse_all(dirs, VIGIL_ARRAY_SIZE(dirs), VIGIL_FMT_SARIF, NULL,
                  &files);
    assert_int_equal(files, 19);
    assert_int_equal(n, 2542);
    /* SARIF 2.2 drafts keep the 2.1.0 layout that vigil reads */
    n = parse_all(drafts, VIGIL_ARRAY_SIZE(drafts), VIGIL_FMT_SARIF,
                  ".json", &files);
    assert_int_equal(files, 7);
    assert_int_equal(n, 6);
}

/* --- spot checks --- */

static void parse_shared(const char *sub, struct fcollect *c)
{
    struct vigil_error err;
    char path[4096];

    if (!shared_path(path, sizeof(path), sub))
        skip();
    assert_int_equal(fc_parse_path(path, VIGIL_FMT_UNKNOWN, c, &err), 0);
    assert_int_equal(c->nerr, 0);
}

/* An Inspector CVE finding: its CVE id and its severity (Normalized 90,
 * no Product). */
static void test_inspector_cve(void **state)
{
    struct fcollect c;
    const struct fsnap *s;

    (void)state;
    parse_shared("findings/defectdojo/awssecurityhub/inspector_ec2_cve.json",
                 &c);
    s = fc_find(&c, "arn:aws:inspector2:us-east-1:XXXXXXXXXXXX:finding/"
                    "c830773636319eaf8313475ae5876490");
    assert_non_null(s);
    assert_int_equal(s->ncves, 1);
    assert_string_equal(s->cves[0], "CVE-2022-3643");
    assert_int_equal(s->has_severity, 1);
    assert_true(s->severity == 9.0);
    assert_string_equal(s->label, "CRITICAL");
    assert_string_equal(s->tool, "Inspector");
    assert_string_equal(s->product_arn,
                        "arn:aws:securityhub:us-east-1::product/aws/inspector");
    assert_string_equal(s->created, "2023-03-01T08:04:10Z");
    assert_string_equal(s->last_seen, "2023-03-01T08:34:29Z");
    assert_string_equal(s->status, "NEW");
    assert_string_equal(s->record_state, "ACTIVE");
    assert_int_equal(s->nres, 1);
    assert_string_equal(s->res_type[0], "AwsEc2Instance");
    assert_string_equal(s->res_partition[0], "aws");
    fc_free(&c);

    /* a GHSA finding names its CVE among the related vulnerabilities */
    parse_shared("findings/defectdojo/awssecurityhub/inspector_ec2_ghsa.json",
                 &c);
    assert_int_equal(c.snap[0].ncves, 1);
    assert_string_equal(c.snap[0].cves[0], "CVE-2023-34256");
    fc_free(&c);
}

/*
 * GuardDuty findings: severity is Severity.Product, read here from the
 * JSON, and differs from Normalized / 10 where the file says so.
 */
static void test_guardduty_severity(void **state)
{
    const cJSON *f, *sev;
    struct fcollect c;
    char path[4096];
    cJSON *root;
    size_t i = 0, differ = 0;

    (void)state;
    parse_shared("findings/defectdojo/awssecurityhub/guardduty.json", &c);
    shared_path(path, sizeof(path),
                "findings/defectdojo/awssecurityhub/guardduty.json");
    root = load_json(path);
    assert_non_null(root);
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(root, "Findings")) {
        sev = cJSON_GetObjectItem(f, "Severity");
        assert_string_equal(c.snap[i].id,
                            cJSON_GetObjectItem(f, "Id")->valuestring);
        assert_int_equal(c.snap[i].has_severity, 1);
        assert_true(c.snap[i].severity ==
                    cJSON_GetObjectItem(sev, "Product")->valuedouble);
        differ += c.snap[i].severity !=
                  cJSON_GetObjectItem(sev, "Normalized")->valuedouble / 10;
        assert_string_equal(c.snap[i].tool, "GuardDuty");
        i++;
    }
    assert_int_equal(i, c.n);
    assert_int_equal(differ, 2);
    /* Product 2 against Normalized 40 */
    assert_true(c.snap[2].severity == 2.0);
    assert_string_equal(c.snap[2].label, "LOW");
    assert_string_equal(c.snap[2].rule_id,
                        "TTPs/Initial Access/UnauthorizedAccess:"
                        "EC2-SSHBruteForce");
    cJSON_Delete(root);
    fc_free(&c);
}

/* Security Hub controls: Product 70 is passed on as published (the rule
 * is Product where there is one); Compliance.Status and all resources
 * kept. */
static void test_config_findings(void **state)
{
    struct fcollect c;

    (void)state;
    parse_shared("findings/defectdojo/awssecurityhub/"
                 "config_multiple_resources.json", &c);
    assert_int_equal(c.n, 2);
    assert_true(c.snap[0].severity == 70.0);
    assert_string_equal(c.snap[0].label, "HIGH");
    assert_string_equal(c.snap[0].compliance, "FAILED");
    assert_int_equal(c.snap[0].nres, 3);
    assert_string_equal(c.snap[0].res_type[2], "AwsEc2Vpc");
    assert_string_equal(c.snap[1].tool, "Config");
    assert_int_equal(c.snap[1].nres, 2);
    fc_free(&c);

    parse_shared("findings/defectdojo/awssecurityhub/config_one_finding.json",
                 &c);
    assert_int_equal(c.snap[0].has_severity, 1);
    assert_true(c.snap[0].severity == 0.0);
    assert_string_equal(c.snap[0].label, "INFORMATIONAL");
    assert_string_equal(c.snap[0].compliance, "PASSED");
    assert_string_equal(c.snap[0].tool, "Security Hub");
    assert_string_equal(c.snap[0].rule_id, "aws-foundational-security-best-"
                                           "practices/v/1.0.0/IAM.5");
    fc_free(&c);
}

/* OWASP Dependency-Check SARIF: CVE ids in rule ids, level for label. */
static void test_sarif_dependency_check(void **state)
{
    struct fcollect c;
    const struct fsnap *s = NULL;
    size_t i;

    (void)state;
    parse_shared("findings/defectdojo/sarif/dependency_check.sarif", &c);
    for (i = 0; i < c.n && i < SNAP_MAX && !s; i++)
        if (strcmp(c.snap[i].rule_id, "CVE-2012-6708") == 0)
            s = &c.snap[i];
    assert_non_null(s);
    assert_int_equal(s->ncves, 1);
    assert_string_equal(s->cves[0], "CVE-2012-6708");
    assert_int_equal(s->has_severity, 0);
    assert_string_equal(s->level, "error");
    assert_string_equal(s->label, "HIGH");
    assert_string_equal(s->tool, "dependency-check");
    fc_free(&c);
}

static void test_sarif_suppressions(void **state)
{
    static const char *const kinds[] = {
        "external", "external", "inSource", "", ""
    };
    struct fcollect c;
    size_t i;

    (void)state;
    parse_shared("findings/defectdojo/sarif/suppression_test.sarif", &c);
    assert_int_equal(c.n, 5);
    for (i = 0; i < c.n; i++) {
        assert_int_equal(c.snap[i].suppressed, i < 3);
        assert_string_equal(c.snap[i].status, i < 3 ? "suppressed" : "");
        assert_string_equal(c.snap[i].supp_kind, kinds[i]);
    }
    fc_free(&c);

    /* the spec's appendix K: "state" of a draft, message strings */
    parse_shared("findings/defectdojo/sarif/appendix_k.sarif", &c);
    assert_int_equal(c.snap[0].suppressed, 1);
    assert_string_equal(c.snap[0].description, "Variable \"ptr\" was used "
                        "without being initialized. It was declared "
                        "[here](0).");
    assert_string_equal(c.snap[0].first_seen, "2016-07-15T14:20:42Z");
    fc_free(&c);
}

/*
 * Rules referenced by ruleIndex: each result's title is the short
 * description of rules[ruleIndex], looked up here in the JSON.
 */
static void test_sarif_rule_index(void **state)
{
    const cJSON *run, *res, *rules, *rule;
    struct fcollect c;
    char path[4096];
    cJSON *root;
    size_t i = 0, checked = 0;
    int idx;

    (void)state;
    parse_shared("findings/defectdojo/sarif/codeQL-output.sarif", &c);
    shared_path(path, sizeof(path),
                "findings/defectdojo/sarif/codeQL-output.sarif");
    root = load_json(path);
    assert_non_null(root);
    cJSON_ArrayForEach(run, cJSON_GetObjectItem(root, "runs")) {
        rules = cJSON_GetObjectItem(cJSON_GetObjectItem(
            cJSON_GetObjectItem(run, "tool"), "driver"), "rules");
        cJSON_ArrayForEach(res, cJSON_GetObjectItem(run, "results")) {
            idx = cJSON_GetObjectItem(res, "ruleIndex")->valueint;
            rule = cJSON_GetArrayItem(rules, idx);
            assert_string_equal(c.titles[i++], cJSON_GetObjectItem(
                cJSON_GetObjectItem(rule, "shortDescription"),
                "text")->valuestring);
            checked++;
        }
    }
    assert_int_equal(checked, 72);
    assert_int_equal(i, c.n);
    cJSON_Delete(root);
    fc_free(&c);

    /* SpotBugs: message strings of the indexed rule, with arguments */
    parse_shared("findings/defectdojo/sarif/spotbugs.sarif", &c);
    assert_string_equal(c.snap[0].description, "Hard coded reference to an "
                        "absolute pathname in Boot.main(String[]).");
    assert_string_equal(c.snap[0].location, "Boot.java:23");
    fc_free(&c);
}

static void test_sarif_dependency_track(void **state)
{
    struct fcollect c;

    (void)state;
    parse_shared("findings/dependency-track/expected-all.sarif.json", &c);
    assert_int_equal(c.n, 5);
    assert_string_equal(c.snap[0].tool, "OWASP Dependency-Track");
    assert_string_equal(c.snap[0].rule_id, "Vuln-1");
    assert_string_equal(c.snap[0].location,
                        "pkg:maven/org.acme/component1@1.1.4?type=jar");
    assert_string_equal(c.snap[2].level, "note");
    assert_string_equal(c.snap[2].label, "LOW");
    assert_string_equal(c.snap[4].location,
                        "pkg:maven/com.xyz/component2@2.78.123?type=jar");
    fc_free(&c);

    parse_shared("findings/defectdojo/sarif/no_runs.sarif", &c);
    assert_int_equal(c.n, 0);
    fc_free(&c);
}

/* --- what must not be taken for findings --- */

static void expect_foreign(const char *path, struct vigil_buf *b)
{
    struct vigil_finding_sink sink;
    struct vigil_error err;
    struct fcollect c;
    int rc;

    assert_int_equal(read_whole(path, b), 0);
    if (vigil_finding_detect(b->ptr, b->len) != VIGIL_FMT_UNKNOWN)
        fail_msg("%s: detected as findings", path);
    sink = fc_sink(&c);
    rc = vigil_finding_parse(VIGIL_FMT_UNKNOWN, b->ptr, b->len, path, &sink,
                             &err);
    if (rc != VIGIL_EFORMAT && rc != VIGIL_EPARSE)
        fail_msg("%s: parse returned %d", path, rc);
    assert_int_equal(c.n + c.nerr, 0);
}

static void test_other_scanners(void **state)
{
    static const char *const dirs[] = {
        "findings/defectdojo/aws_inspector2",
        "findings/defectdojo/trivy",
        "findings/defectdojo/anchore_grype",
        "findings/defectdojo/osv_scanner",
        "findings/defectdojo/semgrep",
        "findings/defectdojo/github_vulnerability",
        "findings/defectdojo/npm_audit_7_plus",
        "findings/defectdojo/dependency_check",
        "findings/sarif-schema",
    };
    struct file_list files = { NULL, 0 };
    struct vigil_buf b = VIGIL_BUF_INIT;
    char dir[4096];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(dirs); i++) {
        if (!shared_path(dir, sizeof(dir), dirs[i]))
            skip();
        list_files_into(&files, dir);
    }
    for (i = 0; i < files.n; i++)
        expect_foreign(files.paths[i], &b);
    assert_int_equal(files.n, 22);
    list_free(&files);
    vigil_buf_release(&b);
}

/* Advisories, SBOMs, STIX, feeds: none of it is ASFF or SARIF. */
static void test_other_shared_json(void **state)
{
    static const char *const dirs[] = {
        "kev", "cve5", "nvd", "osv", "csaf", "epss", "rss", "sbom", "stix",
        "distro",
    };
    struct file_list files = { NULL, 0 };
    struct vigil_buf b = VIGIL_BUF_INIT;
    char dir[4096];
    size_t i, json = 0;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(dirs); i++) {
        if (!shared_path(dir, sizeof(dir), dirs[i]))
            skip();
        list_files_into(&files, dir);
    }
    for (i = 0; i < files.n; i++) {
        if (!ends_with(files.paths[i], ".json"))
            continue;
        expect_foreign(files.paths[i], &b);
        json++;
    }
    assert_true(json > 1000);
    list_free(&files);
    vigil_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_asff_files),
        cmocka_unit_test(test_sarif_files),
        cmocka_unit_test(test_inspector_cve),
        cmocka_unit_test(test_guardduty_severity),
        cmocka_unit_test(test_config_findings),
        cmocka_unit_test(test_sarif_dependency_check),
        cmocka_unit_test(test_sarif_suppressions),
        cmocka_unit_test(test_sarif_rule_index),
        cmocka_unit_test(test_sarif_dependency_track),
        cmocka_unit_test(test_other_scanners),
        cmocka_unit_test(test_other_shared_json),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
