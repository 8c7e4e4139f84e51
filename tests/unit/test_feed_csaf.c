/*
 * test_feed_csaf.c - CSAF 2.0 advisories and VEX documents.
 *
 * Every CSAF file of ../shared/data/csaf is read; the number of
 * vulnerabilities, counted here with cJSON alone, must equal the
 * records delivered.  Spot checks on the Cisco, BSI and Red Hat
 * documents; the Red Hat RHSAs are compared with the OSV that the
 * osv-schema converter made of them; a synthetic fixture covers the
 * product tree (branches, version ranges, purls, CPEs, nested
 * relationships, groups) and VEX justifications.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/feed.h"
#include "vigil/range.h"
#include "vigil/version.h"
#include "feed_helpers.h"
#include "internal.h"

/* --- rendering entries as text --- */

/*
 * An affected entry as one line: identity, then ranges ("=1.0:affected",
 * "[2.0,2.3):affected", "=5.2:unaffected!why", OSV "E:i0,f1.1"), then
 * "fixed=a,b".
 */
static void render(const struct vigil_affected *a, char *out, size_t n)
{
    static const char kinds[] = "iflm";
    char part[1024];
    size_t i, k;

    snprintf(out, n, "%s %s|%s|%s|%s|%s",
             a->kind == VIGIL_AFF_PACKAGE ? "pkg"
             : a->kind == VIGIL_AFF_CPE   ? "cpe"
                                          : "product",
             a->ecosystem ? a->ecosystem : "-", a->name ? a->name : "-",
             a->purl ? a->purl : a->cpe ? a->cpe : "-",
             a->vendor ? a->vendor : "-", a->product ? a->product : "-");
    for (i = 0; i < a->nranges; i++) {
        const struct vigil_range *g = &a->ranges[i];

        if (strcmp(g->type, "BOUNDS") == 0 && g->exact)
            snprintf(part, sizeof(part), " =%s:%s%s%s", g->exact,
                     g->status ? g->status : "-",
                     g->justification ? "!" : "",
                     g->justification ? g->justification : "");
        else if (strcmp(g->type, "BOUNDS") == 0)
            snprintf(part, sizeof(part), " %c%s,%s%c:%s%s%s",
                     g->start_incl ? '[' : '(', g->start ? g->start : "",
                     g->end ? g->end : "", g->end_incl ? ']' : ')',
                     g->status ? g->status : "-",
                     g->justification ? "!" : "",
                     g->justification ? g->justification : "");
        else
            snprintf(part, sizeof(part), " %c:", g->type[0]);
        append(out, n, part);
        for (k = 0; g->nevents && k < g->nevents; k++) {
            snprintf(part, sizeof(part), "%s%c%s", k ? "," : "",
                     kinds[g->events[k].kind], g->events[k].version);
            append(out, n, part);
        }
    }
    for (i = 0; i < a->nfixed; i++) {
        append(out, n, i ? "," : " fixed=");
        append(out, n, a->fixed[i]);
    }
}

/* The entry of a whose line starts with prefix, or fail. */
static const struct vigil_affected *entry(const struct vigil_advisory *a,
                                          const char *prefix, char *line,
                                          size_t n)
{
    size_t i;

    for (i = 0; i < a->naffected; i++) {
        render(&a->affected[i], line, n);
        if (strncmp(line, prefix, strlen(prefix)) == 0)
            return &a->affected[i];
    }
    fail_msg("'%s': no entry '%s'", a->id, prefix);
    return NULL;
}

static int has_alias(const struct vigil_advisory *a, const char *s)
{
    size_t i;

    for (i = 0; i < a->naliases; i++)
        if (strcmp(a->aliases[i], s) == 0)
            return 1;
    return 0;
}

static int has_remedy(const struct vigil_advisory *a, const char *prefix)
{
    size_t i;

    for (i = 0; i < a->nremediations; i++)
        if (strncmp(a->remediations[i], prefix, strlen(prefix)) == 0)
            return 1;
    return 0;
}

static const struct vigil_score *score(const struct vigil_advisory *a,
                                       const char *version)
{
    size_t i;

    for (i = 0; i < a->nscores; i++)
        if (strcmp(a->scores[i].version, version) == 0)
            return &a->scores[i];
    fail_msg("'%s': no CVSS %s score", a->id, version);
    return NULL;
}

/* Parses shared data file sub (under data/csaf) into sink: 1 when it
 * was read, 0 when the data is absent, -1 on failure. */
static int parse_shared(const char *sub, const struct vigil_feed_sink *sink)
{
    char path[4096], rel[512];

    snprintf(rel, sizeof(rel), "csaf/%s", sub);
    if (!shared_path(path, sizeof(path), rel))
        return 0;
    return parse_path(path, VIGIL_FMT_UNKNOWN, sink) == 0 ? 1 : -1;
}

/* Runs check on record id of shared file sub; exactly once. */
static void check_record(const char *sub, const char *id, check_fn check)
{
    struct vigil_feed_sink sink;
    struct collect c;
    int rc;

    sink = collect_sink(&c);
    c.want_id = id;
    c.check = check;
    rc = parse_shared(sub, &sink);
    if (rc == 0)
        skip();
    assert_int_equal(rc, 1);
    assert_int_equal(c.nerr, 0);
    assert_int_equal(c.nunsound, 0);
    if (c.nchecked != 1)
        fail_msg("%s: record '%s' seen %zu times", sub, id, c.nchecked);
}

/* --- every real file --- */

/* The vulnerabilities of a CSAF document, counted with cJSON; -1 when
 * it is not one. */
static long count_vulns(const char *path)
{
    cJSON *root = load_json(path);
    const cJSON *doc, *v;
    long n = -1;

    doc = cJSON_GetObjectItemCaseSensitive(root, "document");
    if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(doc,
                                                        "csaf_version"))) {
        v = cJSON_GetObjectItemCaseSensitive(root, "vulnerabilities");
        n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
    }
    cJSON_Delete(root);
    return n;
}

static void test_csaf_real_counts(void **state)
{
    struct file_list files = { NULL, 0 };
    struct vigil_feed_sink sink;
    struct collect c;
    char dir[4096];
    size_t i, ndocs = 0, nskipped = 0, total = 0;
    long want;

    (void)state;
    if (!shared_path(dir, sizeof(dir), "csaf"))
        skip();
    list_files_into(&files, dir);
    for (i = 0; i < files.n; i++) {
        if (strstr(files.paths[i], "/osv-converted/"))
            continue;
        want = count_vulns(files.paths[i]);
        sink = collect_sink(&c);
        assert_int_equal(parse_path(files.paths[i], VIGIL_FMT_UNKNOWN,
                                    &sink), 0);
        if (c.nerr || c.nunsound)
            fail_msg("%s: %zu errors (%s), %zu unsound", files.paths[i],
                     c.nerr, c.last_msg, c.nunsound);
        if (want < 0) {
            assert_int_equal(c.nskipped, 1);
            assert_int_equal(c.nadv, 0);
            assert_non_null(strstr(c.last_skip,
                                   strstr(files.paths[i], "/schema/")
                                       ? "JSON Schema"
                                       : "CSAF provider or aggregator "
                                         "metadata"));
            nskipped++;
            continue;
        }
        assert_int_equal(c.last_fmt, VIGIL_FMT_CSAF);
        if ((long)c.nadv != want)
            fail_msg("%s: %zu records, %ld vulnerabilities",
                     files.paths[i], c.nadv, want);
        total += c.nadv;
        ndocs++;
    }
    assert_true(ndocs >= 26);
    assert_true(nskipped >= 7);
    assert_true(total >= 80);
    list_free(&files);
}

/* --- spot checks --- */

static void check_cisco(const struct vigil_advisory *a)
{
    const struct vigil_score *s = score(a, "3.0");
    char line[65536];
    size_t i, nranges = 0;

    assert_string_equal(a->format, "csaf");
    assert_string_equal(a->source, "Cisco PSIRT");
    assert_true(has_alias(a, "CVE-2018-0171"));
    assert_true(has_alias(a, "CSCvg76186"));
    assert_true(has_alias(a, "cisco-sa-20180328-smi2"));
    assert_string_equal(s->vector,
                        "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    assert_true(s->has_published && s->published == 9.8);
    assert_string_equal(a->published, "2018-03-28T16:00:00Z");
    assert_string_equal(a->modified, "2018-04-17T15:08:41Z");
    assert_true(has_remedy(a, "workaround: There are no workarounds"));
    entry(a, "product -|-|-|Cisco|IOS ", line, sizeof(line));
    assert_non_null(strstr(line, " =12.2(55)SE:affected "));
    /* every one of the 259 known_affected products is one range */
    for (i = 0; i < a->naffected; i++)
        nranges += a->affected[i].nranges;
    assert_int_equal(nranges, 259);
}

static void test_csaf_cisco(void **state)
{
    (void)state;
    check_record("oasis-examples/cisco-sa-20180328-smi2.json",
                 "cisco-sa-20180328-smi2/CVE-2018-0171", check_cisco);
}

static void check_bsi(const struct vigil_advisory *a)
{
    const struct vigil_score *s = score(a, "3.1");
    char line[4096];
    size_t i;

    assert_true(has_alias(a, "CVE-2022-27193"));
    assert_string_equal(a->cwes[0], "CWE-611");
    assert_true(s->published == 6.1);
    assert_string_equal(a->remediations[0],
                        "vendor_fix: Update to the latest version of the "
                        "product. At least version 1.0.0-rc2 (https://"
                        "github.com/csaf-tools/CVRF-CSAF-Converter/"
                        "releases/tag/1.0.0-rc2)");
    /* one CPE entry per product version, each knowing the fix */
    assert_int_equal(a->naffected, 6);
    for (i = 0; i < a->naffected; i++) {
        assert_int_equal(a->affected[i].kind, VIGIL_AFF_CPE);
        assert_int_equal(a->affected[i].nfixed, 1);
        assert_string_equal(a->affected[i].fixed[0], "1.0.0-rc2");
    }
    entry(a, "cpe -|-|cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-rc1:",
          line, sizeof(line));
    assert_non_null(strstr(line, " =1.0.0-rc1:affected"));
    entry(a, "cpe -|-|cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-rc2:",
          line, sizeof(line));
    assert_non_null(strstr(line, " =1.0.0-rc2:unaffected"));
}

static void test_csaf_bsi(void **state)
{
    (void)state;
    check_record("oasis-examples/bsi-2022-0001.json",
                 "BSI-2022-0001/CVE-2022-27193", check_bsi);
}

/* Verdicts on the rpm versions of a Red Hat package entry. */
static const struct {
    const char *version;
    enum vigil_verdict want;
} git_lfs_verdicts[] = {
    { "2.13.3-2.el8", VIGIL_VERDICT_AFFECTED },
    { "0:2.13.3-3.el8_6", VIGIL_VERDICT_AFFECTED },
    { "2.13.3-3.el8_6.1", VIGIL_VERDICT_NOT_AFFECTED },
    { "2.13.3-4.el8", VIGIL_VERDICT_NOT_AFFECTED },
};

static void check_rhsa(const struct vigil_advisory *a)
{
    const struct vigil_scheme *rpm;
    const struct vigil_affected *e;
    struct vigil_evidence ev;
    enum vigil_verdict vd;
    char line[4096];
    size_t i;

    assert_true(has_alias(a, "CVE-2023-45288"));
    assert_true(has_alias(a, "RHSA-2024:4546"));
    assert_string_equal(a->source, "Red Hat Product Security");
    assert_string_equal(score(a, "3.1")->vector,
                        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H");
    assert_true(score(a, "3.1")->published == 7.5);
    assert_string_equal(a->cwes[0], "CWE-400");
    e = entry(a, "pkg Red Hat|git-lfs|pkg:rpm/redhat/git-lfs|", line,
              sizeof(line));
    assert_int_equal(e->nfixed, 1);
    assert_string_equal(e->fixed[0], "0:2.13.3-3.el8_6.1");
    rpm = vigil_scheme_for_ecosystem(e->ecosystem);
    assert_string_equal(rpm->name, "rpm");
    for (i = 0; i < VIGIL_ARRAY_SIZE(git_lfs_verdicts); i++) {
        assert_int_equal(vigil_affected_check(e, rpm,
                                              git_lfs_verdicts[i].version,
                                              &vd, &ev, NULL), 0);
        if (vd != git_lfs_verdicts[i].want)
            fail_msg("git-lfs %s: verdict %d (%s)",
                     git_lfs_verdicts[i].version, (int)vd, ev.detail);
    }
    assert_true(has_remedy(a, "workaround: In some environments"));
}

static void test_csaf_redhat(void **state)
{
    (void)state;
    check_record("redhat/rhsa-2024_4546.json",
                 "RHSA-2024:4546/CVE-2023-45288", check_rhsa);
}

/* The epoch comes from the purl's qualifier. */
static void check_epoch(const struct vigil_advisory *a)
{
    const struct vigil_affected *e;
    char line[4096];

    e = entry(a, "pkg Red Hat|microcode_ctl|", line, sizeof(line));
    assert_int_equal(e->nfixed, 1);
    assert_string_equal(e->fixed[0], "4:20230808-2.20250211.1.el9_4");
}

static void test_csaf_redhat_epoch(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    int rc;
    const char *id;
    cJSON *root;
    char path[4096];

    (void)state;
    if (!shared_path(path, sizeof(path), "csaf/redhat/rhea-2025_2418.json"))
        skip();
    /* the id of its first vulnerability, read here */
    root = load_json(path);
    id = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(root, "vulnerabilities"), 0),
        "cve")->valuestring;
    snprintf(path, sizeof(path), "RHEA-2025:2418/%s", id);
    sink = collect_sink(&c);
    c.want_id = path;
    c.check = check_epoch;
    rc = parse_shared("redhat/rhea-2025_2418.json", &sink);
    assert_int_equal(rc, 1);
    assert_int_equal(c.nchecked, 1);
    cJSON_Delete(root);
}

/*
 * Known wrong (docs/LIMITS.md#csaf-fixed-streams): RHSA-2010:0002 fixes
 * PyXML in RHEL 4 (0.8.3-6.el4_8.2) and RHEL 5 (0.8.4-4.el5_4.2); the
 * patched RHEL 4 build is below the RHEL 5 fix and reads as affected.
 * The RHEL 5 fix itself and later builds are not affected.
 */
static void check_streams(const struct vigil_advisory *a)
{
    const struct vigil_affected *e;
    const struct vigil_scheme *rpm = vigil_scheme_get("rpm");
    struct vigil_evidence ev;
    enum vigil_verdict vd;
    char line[4096];

    e = entry(a, "pkg Red Hat|PyXML|", line, sizeof(line));
    assert_int_equal(e->nfixed, 2);
    assert_int_equal(vigil_affected_check(e, rpm, "0.8.3-6.el4_8.2", &vd,
                                          &ev, NULL), 0);
    assert_int_equal(vd, VIGIL_VERDICT_AFFECTED);   /* should not be */
    assert_int_equal(vigil_affected_check(e, rpm, "0.8.4-4.el5_4.2", &vd,
                                          &ev, NULL), 0);
    assert_int_equal(vd, VIGIL_VERDICT_NOT_AFFECTED);
    assert_int_equal(vigil_affected_check(e, rpm, "0.8.3-5.el4", &vd, &ev,
                                          NULL), 0);
    assert_int_equal(vd, VIGIL_VERDICT_AFFECTED);
}

static void test_csaf_fixed_streams(void **state)
{
    (void)state;
    check_record("redhat/rhsa-2010_0002.json",
                 "RHSA-2010:0002/CVE-2009-3720", check_streams);
}

/* --- the OSV converter's view of two RHSAs --- */

struct strset {
    char **v;
    size_t n;
};

static void set_add(struct strset *s, const char *a, const char *b)
{
    char buf[1024];
    size_t i;

    snprintf(buf, sizeof(buf), "%s %s", a, b);
    for (i = 0; i < s->n; i++)
        if (strcmp(s->v[i], buf) == 0)
            return;
    s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
    assert_non_null(s->v);
    s->v[s->n++] = strdup(buf);
}

static void set_free(struct strset *s)
{
    while (s->n)
        free(s->v[--s->n]);
    free(s->v);
    s->v = NULL;
}

struct pairs {
    struct strset got;
    size_t nrec;
    char cves[256];
    char vectors[256];
};

/* "name fixed" of every Red Hat package entry of every record. */
static int keep_fixed(void *ctx, const struct vigil_advisory *a)
{
    struct pairs *p = ctx;
    size_t i, k;

    p->nrec++;
    for (i = 0; i < a->naliases; i++)
        if (strncmp(a->aliases[i], "CVE-", 4) == 0)
            append(p->cves, sizeof(p->cves), a->aliases[i]);
    for (i = 0; i < a->nscores; i++)
        append(p->vectors, sizeof(p->vectors), a->scores[i].vector);
    for (i = 0; i < a->naffected; i++) {
        const struct vigil_affected *e = &a->affected[i];

        if (e->kind != VIGIL_AFF_PACKAGE || !e->ecosystem ||
            strcmp(e->ecosystem, "Red Hat") != 0)
            continue;
        for (k = 0; k < e->nfixed; k++)
            set_add(&p->got, e->name, e->fixed[k]);
    }
    return 0;
}

static int set_has(const struct strset *s, const char *v)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (strcmp(s->v[i], v) == 0)
            return 1;
    return 0;
}

static void compare_osv(const char *csaf, const char *osv)
{
    struct vigil_feed_sink sink;
    struct strset want = { NULL, 0 };
    struct pairs p;
    const cJSON *e, *ev, *fixed;
    cJSON *root;
    char path[4096];
    size_t i;

    memset(&p, 0, sizeof(p));
    memset(&sink, 0, sizeof(sink));
    sink.on_advisory = keep_fixed;
    sink.ctx = &p;
    shared_path(path, sizeof(path), csaf);
    assert_int_equal(parse_path(path, VIGIL_FMT_CSAF, &sink), 0);
    assert_int_equal(p.nrec, 1);

    shared_path(path, sizeof(path), osv);
    root = load_json(path);
    assert_non_null(root);
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root,
                                                           "affected")) {
        const cJSON *pkg = cJSON_GetObjectItemCaseSensitive(e, "package");
        const cJSON *r = cJSON_GetArrayItem(
            cJSON_GetObjectItemCaseSensitive(e, "ranges"), 0);

        cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(r,
                                                                "events"))
            if ((fixed = cJSON_GetObjectItemCaseSensitive(ev, "fixed")))
                set_add(&want, cJSON_GetObjectItemCaseSensitive(pkg, "name")
                                   ->valuestring,
                        fixed->valuestring);
    }
    assert_true(want.n > 0);
    for (i = 0; i < want.n; i++)
        if (!set_has(&p.got, want.v[i]))
            fail_msg("%s: OSV has '%s', vigil not", csaf, want.v[i]);
    for (i = 0; i < p.got.n; i++)
        if (!set_has(&want, p.got.v[i]))
            fail_msg("%s: vigil has '%s', OSV not", csaf, p.got.v[i]);
    e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root,
                                                            "upstream"), 0);
    assert_non_null(strstr(p.cves, e->valuestring));
    e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root,
                                                            "severity"), 0);
    assert_non_null(strstr(p.vectors, cJSON_GetObjectItemCaseSensitive(
                                          e, "score")->valuestring));
    cJSON_Delete(root);
    set_free(&want);
    set_free(&p.got);
}

static void test_csaf_osv_pairs(void **state)
{
    char path[4096];

    (void)state;
    if (!shared_path(path, sizeof(path), "csaf"))
        skip();
    compare_osv("csaf/redhat/rhsa-2024_4546.json",
                "csaf/redhat/osv-converted/RHSA-2024_4546.json");
    compare_osv("csaf/redhat/rhsa-2024_6220.json",
                "csaf/redhat/osv-converted/RHSA-2024_6220.json");
}

/* --- VEX --- */

static const struct {
    const char *file;
    const char *id;
    const char *line;      /* expected render() of its only entry */
} vex_cases[] = {
    { "2022-evd-uc-01-a-001.json", "2022-EVD-UC-01-A-001/CVE-2021-44228",
      "product -|-|-|Example Company|DEF =1.0:affected" },
    { "2022-evd-uc-01-f-001.json", "2022-EVD-UC-01-F-001/CVE-2021-44228",
      "product -|-|-|Example Company|DEF =1.1:unaffected fixed=1.1" },
    { "2022-evd-uc-01-na-001.json", "2022-EVD-UC-01-NA-001/CVE-2021-44228",
      "product -|-|-|Example Company|ABC =4.2:unaffected!Class with "
      "vulnerable code was removed before shipping." },
    { "2022-evd-uc-01-ui-001.json", "2022-EVD-UC-01-UI-001/CVE-2021-44228",
      "product -|-|-|Example Company|GHI =17.4:unknown" },
    { "sec-vex-2022-0001.json", "SEC-VEX-2022-0001/CVE-2021-45046",
      "product -|-|-|Secvisogram|Secvisogram (,1.14.0]:unaffected!"
      "component_not_present: Secvisogram is written in JavaScript. No "
      "Java is included." },
};

static size_t vex_case;

static void check_vex(const struct vigil_advisory *a)
{
    char line[4096];

    assert_int_equal(a->naffected, 1);
    render(&a->affected[0], line, sizeof(line));
    assert_string_equal(line, vex_cases[vex_case].line);
}

static void test_csaf_vex(void **state)
{
    char sub[256];

    (void)state;
    for (vex_case = 0; vex_case < VIGIL_ARRAY_SIZE(vex_cases); vex_case++) {
        snprintf(sub, sizeof(sub), "oasis-examples/csaf_vex/%s",
                 vex_cases[vex_case].file);
        check_record(sub, vex_cases[vex_case].id, check_vex);
    }
}

/* --- the tracking id as an alias --- */

struct alias_count {
    size_t nrec;
    size_t with_tracking;
    const char *tracking;
};

static int count_tracking(void *ctx, const struct vigil_advisory *a)
{
    struct alias_count *c = ctx;

    c->nrec++;
    c->with_tracking += has_alias(a, c->tracking);
    assert_non_null(strstr(a->id, c->tracking));
    return 0;
}

static void test_csaf_tracking_alias(void **state)
{
    static const struct {
        const char *sub;
        const char *tracking;
    } docs[] = {
        { "csaf/redhat/rhba-2024_11505.json", "RHBA-2024:11505" },
        { "csaf/redhat/rhsa-2015_0008.json", "RHSA-2015:0008" },
    };
    struct vigil_feed_sink sink;
    struct alias_count c;
    char path[4096];
    size_t i;

    (void)state;
    if (!shared_path(path, sizeof(path), "csaf"))
        skip();
    for (i = 0; i < VIGIL_ARRAY_SIZE(docs); i++) {
        memset(&c, 0, sizeof(c));
        memset(&sink, 0, sizeof(sink));
        c.tracking = docs[i].tracking;
        sink.on_advisory = count_tracking;
        sink.ctx = &c;
        shared_path(path, sizeof(path), docs[i].sub);
        assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
        /* an alias of several records would fold their CVEs together */
        assert_int_equal(c.with_tracking, c.nrec == 1 ? 1 : 0);
    }
}

/* --- the synthetic product tree --- */

static const char *const synthetic_lines[] = {
    "product -|-|-|Example|Widget =1.0:affected [2.0,2.3):affected "
    "[3.0,):affected =1.1:unaffected fixed=1.1",
    "pkg npm|left-pad|pkg:npm/left-pad|-|- =1.2.0:affected "
    "=1.3.0:unaffected fixed=1.3.0",
    "cpe -|-|cpe:2.3:a:example:gadget:5.2:*:*:*:*:*:*:*|example|gadget "
    "=5.2:unaffected!vulnerable_code_not_present: Not reachable.",
    "pkg PyPI|django|pkg:pypi/django|-|- =4.2.1:unaffected!Django does not "
    "use log4j.",
    "pkg Red Hat|microcode_ctl|pkg:rpm/redhat/microcode_ctl|-|- "
    "=4:20230808-2.el9:unknown",
};

static void check_synthetic(const struct vigil_advisory *a)
{
    char line[4096];
    size_t i;

    assert_string_equal(a->source, "Vigil Test PSIRT");
    assert_string_equal(a->title, "Widget log4j");
    assert_string_equal(a->description, "Long description");
    assert_string_equal(a->published, "2021-12-10T00:00:00Z");
    assert_string_equal(a->modified, "2024-02-03T03:05:06Z");
    assert_true(has_alias(a, "CVE-2021-44228"));
    assert_true(has_alias(a, "EX-1234"));
    assert_false(has_alias(a, "2030932"));
    assert_false(has_alias(a, "VIGIL-2024-0001"));
    assert_int_equal(a->ncwes, 1);
    assert_string_equal(score(a, "2.0")->vector,
                        "AV:N/AC:M/Au:N/C:C/I:C/A:C");
    assert_string_equal(score(a, "3.1")->severity, "CRITICAL");
    assert_int_equal(a->nremediations, 2);
    assert_string_equal(a->remediations[0],
                        "vendor_fix: Update to 1.1. (https://example.com/"
                        "fix)");
    assert_string_equal(a->remediations[1],
                        "workaround: Remove the JndiLookup class.");
    assert_int_equal(a->naffected, VIGIL_ARRAY_SIZE(synthetic_lines));
    for (i = 0; i < a->naffected; i++) {
        render(&a->affected[i], line, sizeof(line));
        assert_string_equal(line, synthetic_lines[i]);
    }
}

static void check_synthetic_fixed(const struct vigil_advisory *a)
{
    char line[4096];

    assert_string_equal(a->title, "Synthetic CSAF tree");
    assert_string_equal(a->description, "Document summary");
    assert_string_equal(a->published, "2024-01-02T03:04:05Z");
    assert_true(has_alias(a, "EX-5678"));
    assert_int_equal(a->naffected, 1);
    render(&a->affected[0], line, sizeof(line));
    assert_string_equal(line, "pkg Red Hat|microcode_ctl|pkg:rpm/redhat/"
                              "microcode_ctl|-|- =4:20230808-2.el9:"
                              "unaffected E:i0,f4:20230808-2.el9 "
                              "fixed=4:20230808-2.el9");
}

static void check_synthetic_groups(const struct vigil_advisory *a)
{
    char line[4096];

    assert_int_equal(a->naliases, 0);
    assert_int_equal(a->naffected, 2);
    render(&a->affected[0], line, sizeof(line));
    assert_string_equal(line, "cpe -|-|cpe:2.3:o:redhat:enterprise_linux:"
                              "9:*:baseos:*:*:*:*:*|redhat|"
                              "enterprise_linux =9:affected");
    render(&a->affected[1], line, sizeof(line));
    assert_string_equal(line, "product -|-|-|Example|Widget =1.0:"
                              "unaffected!component_not_present");
}

static void test_csaf_synthetic(void **state)
{
    static const struct {
        const char *id;
        check_fn check;
    } records[] = {
        { "VIGIL-2024-0001/CVE-2021-44228", check_synthetic },
        { "VIGIL-2024-0001/EX-5678", check_synthetic_fixed },
        { "VIGIL-2024-0001/#2", check_synthetic_groups },
    };
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];
    size_t i;

    (void)state;
    fixture_path(path, sizeof(path), "csaf/ok_synthetic_tree.json");
    for (i = 0; i < VIGIL_ARRAY_SIZE(records); i++) {
        sink = collect_sink(&c);
        c.want_id = records[i].id;
        c.check = records[i].check;
        assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
        assert_int_equal(c.nadv, 3);
        assert_int_equal(c.nerr, 0);
        assert_int_equal(c.nunsound, 0);
        assert_int_equal(c.nchecked, 1);
    }
}

/* --- errors --- */

static void test_csaf_errors(void **state)
{
    static const char not_csaf[] = "{\"document\":{\"title\":\"x\"},"
                                   "\"vulnerabilities\":[]}";
    struct vigil_feed_sink sink;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct collect c;
    char path[4096];

    (void)state;
    /* no tracking id: the record without a CVE cannot be named */
    sink = collect_sink(&c);
    fixture_path(path, sizeof(path), "csaf/bad_no_tracking_id.json");
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nadv, 1);
    assert_int_equal(c.nerr, 1);
    assert_string_equal(c.last_record, "#1");
    assert_non_null(strstr(c.last_msg, "'document.tracking.id' is "
                                       "missing"));

    /* cut off: where the input ends */
    sink = collect_sink(&c);
    fixture_path(path, sizeof(path), "csaf/bad_truncated.json");
    assert_int_equal(vigil_buf_read_file(&b, path, 1 << 20, NULL), 0);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_CSAF, b.ptr, b.len, path,
                                      &sink), VIGIL_EPARSE);
    assert_int_equal(c.last_offset, b.len);
    assert_true(c.last_line > 1);

    /* forced, a document without csaf_version */
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_CSAF, not_csaf,
                                      strlen(not_csaf), "n", &sink),
                     VIGIL_EPARSE);
    assert_non_null(strstr(c.last_msg, "'document.csaf_version'"));
    assert_int_equal(c.last_fmt, VIGIL_FMT_CSAF);
    vigil_buf_release(&b);
}

/* Provider and aggregator metadata are skipped; look-alikes are not. */
static void test_csaf_metadata_skipped(void **state)
{
    static const struct {
        const char *doc;
        int skipped;
    } cases[] = {
        { "{\"canonical_url\":\"https://a.example/aggregator.json\","
          "\"aggregator\":{\"name\":\"A\"},\"aggregator_version\":\"2.0\","
          "\"csaf_providers\":[]}", 1 },
        { "{\"canonical_url\":\"https://p.example/provider-metadata.json\","
          "\"metadata_version\":\"2.0\",\"publisher\":{\"name\":\"P\"}}",
          1 },
        { "{\"canonical_url\":\"https://p.example/x.json\","
          "\"metadata_version\":\"2.0\"}", 0 },
        { "{\"metadata_version\":\"2.0\",\"publisher\":{}}", 0 },
    };
    struct vigil_feed_sink sink;
    struct collect c;
    size_t i;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        sink = collect_sink(&c);
        rc = vigil_feed_parse(VIGIL_FMT_UNKNOWN, cases[i].doc,
                              strlen(cases[i].doc), "m.json", &sink);
        assert_int_equal(rc, cases[i].skipped ? 0 : VIGIL_EFORMAT);
        assert_int_equal(c.nskipped, (size_t)cases[i].skipped);
    }
}

/* The callback's code stops the document and comes back. */
static void test_csaf_stop(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    (void)state;
    sink = collect_sink(&c);
    c.stop_after = 1;
    c.stop_code = -77;
    fixture_path(path, sizeof(path), "csaf/ok_synthetic_tree.json");
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), -77);
    assert_int_equal(c.nadv, 1);
    assert_int_equal(c.nerr, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csaf_real_counts),
        cmocka_unit_test(test_csaf_cisco),
        cmocka_unit_test(test_csaf_bsi),
        cmocka_unit_test(test_csaf_redhat),
        cmocka_unit_test(test_csaf_redhat_epoch),
        cmocka_unit_test(test_csaf_fixed_streams),
        cmocka_unit_test(test_csaf_osv_pairs),
        cmocka_unit_test(test_csaf_vex),
        cmocka_unit_test(test_csaf_tracking_alias),
        cmocka_unit_test(test_csaf_synthetic),
        cmocka_unit_test(test_csaf_errors),
        cmocka_unit_test(test_csaf_metadata_skipped),
        cmocka_unit_test(test_csaf_stop),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
