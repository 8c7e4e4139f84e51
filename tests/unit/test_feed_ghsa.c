/*
 * test_feed_ghsa.c - GitHub advisories from the GraphQL and REST APIs.
 *
 * The oracle: ../shared/data/osv/ghsa-conversion-pairs holds GitHub
 * API documents (X.json) beside the OSV that GitHub's converter made
 * of them (X.osv.json).  Every pair is read here, the OSV side with
 * cJSON alone, and ids, aliases, withdrawn, packages, ranges and the
 * verdicts those ranges give must agree, except where a difference is
 * listed below with its reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/feed.h"
#include "vigil/range.h"
#include "feed_helpers.h"
#include "internal.h"

#define MAX_AFF 8

/* What one parsed record looked like, copied out of the callback. */
struct got {
    int nrec;
    char id[64];
    char aliases[512];             /* joined with ' ' */
    int withdrawn;
    size_t naff;
    char eco[MAX_AFF][32];
    char name[MAX_AFF][128];
    char ranges[MAX_AFF][512];
    char json[MAX_AFF][2048];      /* vigil_affected_to_json() */
};

static int keep(void *ctx, const struct vigil_advisory *a)
{
    struct got *g = ctx;
    struct vigil_buf b = VIGIL_BUF_INIT;
    size_t i;

    g->nrec++;
    snprintf(g->id, sizeof(g->id), "%s", a->id);
    g->aliases[0] = '\0';
    for (i = 0; i < a->naliases; i++) {
        append(g->aliases, sizeof(g->aliases), i ? " " : "");
        append(g->aliases, sizeof(g->aliases), a->aliases[i]);
    }
    g->withdrawn = a->withdrawn;
    g->naff = a->naffected;
    assert_true(a->naffected <= MAX_AFF);
    assert_true(record_is_sound(a));
    for (i = 0; i < a->naffected; i++) {
        snprintf(g->eco[i], sizeof(g->eco[i]), "%s",
                 a->affected[i].ecosystem);
        snprintf(g->name[i], sizeof(g->name[i]), "%s", a->affected[i].name);
        render_affected(&a->affected[i], g->ranges[i], sizeof(g->ranges[i]));
        vigil_buf_reset(&b);
        assert_int_equal(vigil_affected_to_json(&a->affected[i], &b), 0);
        snprintf(g->json[i], sizeof(g->json[i]), "%s", b.ptr);
    }
    vigil_buf_release(&b);
    return 0;
}

static void fail_err(void *ctx, const char *origin,
                     const struct vigil_error *err)
{
    (void)ctx;
    fail_msg("%s: %s", origin, err->msg);
}

/* Parses a document, which must hold exactly one good record. */
static void parse_one(const char *buf, size_t len, enum vigil_format want,
                      struct got *g)
{
    struct vigil_feed_sink sink = { .on_advisory = keep,
                                    .on_error = fail_err };

    memset(g, 0, sizeof(*g));
    sink.ctx = g;
    assert_int_equal(vigil_feed_detect(buf, len), want);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, buf, len, "t",
                                      &sink), 0);
    assert_int_equal(g->nrec, 1);
}

/* --- the converter's output, read with cJSON only --- */

static void oracle_render(const cJSON *aff, char *out, size_t n)
{
    const cJSON *r, *e, *v;
    int first;

    out[0] = '\0';
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(aff, "ranges")) {
        append(out, n, out[0] ? "|" : "");
        append(out, n, cJSON_GetObjectItem(r, "type")->valuestring);
        first = 1;
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(r, "events")) {
            append(out, n, first ? ":" : ",");
            append(out, n, strcmp(e->child->string, "introduced") == 0
                               ? "i" : strcmp(e->child->string, "fixed") == 0
                               ? "f" : "l");
            append(out, n, e->child->valuestring);
            first = 0;
        }
    }
    first = 1;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(aff, "versions")) {
        append(out, n, first ? (out[0] ? "|V:" : "V:") : ",");
        append(out, n, v->valuestring);
        first = 0;
    }
}

/* PEP 503: lower case, runs of "-_." as one "-" (the converter's rule). */
static void pep503(const char *in, char *out, size_t n)
{
    size_t k = 0;

    for (; *in && k + 1 < n; in++) {
        if (strchr("-_.", *in)) {
            if (k == 0 || out[k - 1] != '-')
                out[k++] = '-';
        } else {
            out[k++] = (char)vigil__tolower((unsigned char)*in);
        }
    }
    out[k] = '\0';
}

/*
 * Where our record differs from the converter's, on purpose:
 *  - "<= 1.2.1" with nothing patched: the converter writes only
 *    "introduced 0" (every later version affected); GitHub says up to
 *    1.2.1, so vigil adds "last_affected 1.2.1";
 *  - "> 11.6" in Maven: the converter asks Maven Central for the next
 *    release (11.6.1); a parser cannot, so vigil writes a BOUNDS range
 *    that starts after 11.6 (same verdicts, see the semantic check).
 */
static const struct {
    const char *file;
    const char *drop;        /* in the converter's text, not in ours */
    const char *add;         /* appended to ours */
    const char *differs_at;  /* a version whose verdict differs */
} known[] = {
    { "less_than_equals_no_patch", NULL, ",l1.2.1", "999.0.0" },
    { "maven_greater_than", ",i11.6.1,f11.10.13", "|B(11.6,11.10.13)",
      NULL },
};

static void expected_ranges(const char *file, const char *oracle,
                            char *out, size_t n, const char **differs_at)
{
    const char *cut;
    size_t i;

    snprintf(out, n, "%s", oracle);
    *differs_at = NULL;
    for (i = 0; i < VIGIL_ARRAY_SIZE(known); i++) {
        if (strcmp(known[i].file, file) != 0)
            continue;
        if (known[i].drop) {
            cut = strstr(out, known[i].drop);
            assert_non_null(cut);
            memmove((char *)cut, cut + strlen(known[i].drop),
                    strlen(cut + strlen(known[i].drop)) + 1);
        }
        append(out, n, known[i].add);
        *differs_at = known[i].differs_at;
    }
}

/* The converter's affected entry as a struct, in arena. */
static void oracle_affected(const cJSON *aff, struct vigil_arena *arena,
                            struct vigil_affected *a)
{
    const cJSON *r, *e, *v;
    size_t i, k;

    memset(a, 0, sizeof(*a));
    a->kind = VIGIL_AFF_PACKAGE;
    a->nranges = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(aff,
                                                                "ranges"));
    a->ranges = vigil_arena_calloc(arena, a->nranges + 1, sizeof(*a->ranges));
    i = 0;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(aff, "ranges")) {
        struct vigil_range *g = &a->ranges[i++];

        g->type = cJSON_GetObjectItem(r, "type")->valuestring;
        g->nevents = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(r,
                                                                  "events"));
        g->events = vigil_arena_calloc(arena, g->nevents, sizeof(*g->events));
        k = 0;
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(r, "events")) {
            g->events[k].kind = strcmp(e->child->string, "introduced") == 0
                ? VIGIL_EV_INTRODUCED : strcmp(e->child->string, "fixed") == 0
                ? VIGIL_EV_FIXED : VIGIL_EV_LAST_AFFECTED;
            g->events[k++].version = e->child->valuestring;
        }
    }
    a->nversions = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(aff,
                                                                  "versions"));
    a->versions = vigil_arena_calloc(arena, a->nversions + 1,
                                     sizeof(*a->versions));
    k = 0;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(aff, "versions"))
        a->versions[k++] = v->valuestring;
}

/* Every version either side names, and two far outside. */
static size_t probe_versions(const struct vigil_affected *a,
                             const struct vigil_affected *b,
                             const char **out, size_t max)
{
    const struct vigil_affected *both[2] = { a, b };
    size_t n = 0, s, i, k;

    out[n++] = "0.0.1";
    out[n++] = "999.0.0";
    for (s = 0; s < 2; s++) {
        for (i = 0; i < both[s]->nranges; i++) {
            const struct vigil_range *g = &both[s]->ranges[i];

            for (k = 0; k < g->nevents && n < max; k++)
                if (strcmp(g->events[k].version, "0") != 0)
                    out[n++] = g->events[k].version;
            if (g->start && n < max)
                out[n++] = g->start;
            if (g->end && n < max)
                out[n++] = g->end;
        }
        for (i = 0; i < both[s]->nversions && n < max; i++)
            out[n++] = both[s]->versions[i];
    }
    return n;
}

/* Ours and the converter's entry must give the same verdicts. */
static void same_verdicts(const char *file, const char *eco,
                          const char *ours_json, const cJSON *oracle,
                          const char *differs_at, size_t *ndecided)
{
    const struct vigil_scheme *s = vigil_scheme_for_ecosystem(eco);
    struct vigil_affected ours, theirs;
    struct vigil_evidence ev;
    enum vigil_verdict v1, v2;
    struct vigil_arena arena;
    const char *probes[64];
    size_t i, n;

    vigil_arena_init(&arena);
    assert_int_equal(vigil_affected_from_json(ours_json, &arena, &ours), 0);
    oracle_affected(oracle, &arena, &theirs);
    n = probe_versions(&ours, &theirs, probes, VIGIL_ARRAY_SIZE(probes));
    for (i = 0; i < n; i++) {
        assert_int_equal(vigil_affected_check(&ours, s, probes[i], &v1, &ev,
                                              NULL), 0);
        assert_int_equal(vigil_affected_check(&theirs, s, probes[i], &v2,
                                              &ev, NULL), 0);
        /* a scheme that cannot read the version decides nothing */
        if (v1 == VIGIL_VERDICT_UNKNOWN && v2 == VIGIL_VERDICT_UNKNOWN)
            continue;
        (*ndecided)++;
        if (differs_at && strcmp(probes[i], differs_at) == 0) {
            assert_int_equal(v1, VIGIL_VERDICT_NOT_AFFECTED);
            assert_int_equal(v2, VIGIL_VERDICT_AFFECTED);
        } else if (v1 != v2) {
            fail_msg("%s: version %s: ours %d, converter %d", file,
                     probes[i], v1, v2);
        }
    }
    vigil_arena_release(&arena);
}

static void check_pair(const char *path, const char *file,
                       size_t *nchecked, size_t *ndecided)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    cJSON *osv, *aff, *e;
    char osv_path[4096], want[1024], oracle[1024], norm[128], names[512];
    const char *differs_at;
    struct got g;
    size_t i = 0;

    snprintf(osv_path, sizeof(osv_path), "%.*s.osv.json",
             (int)(strlen(path) - 5), path);
    assert_int_equal(vigil_buf_read_file(&b, path, 1 << 20, NULL), 0);
    parse_one(b.ptr, b.len, VIGIL_FMT_GHSA, &g);
    vigil_buf_release(&b);
    osv = load_json(osv_path);
    assert_non_null(osv);

    assert_string_equal(g.id, cJSON_GetObjectItem(osv, "id")->valuestring);
    names[0] = '\0';
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(osv, "aliases")) {
        append(names, sizeof(names), names[0] ? " " : "");
        append(names, sizeof(names), e->valuestring);
    }
    assert_string_equal(g.aliases, names);
    assert_int_equal(g.withdrawn,
                     cJSON_GetObjectItem(osv, "withdrawn") != NULL);
    aff = cJSON_GetObjectItem(osv, "affected");
    assert_int_equal(g.naff, (size_t)cJSON_GetArraySize(aff));
    cJSON_ArrayForEach(e, aff) {
        const cJSON *pkg = cJSON_GetObjectItem(e, "package");
        const char *eco = cJSON_GetObjectItem(pkg, "ecosystem")->valuestring;

        assert_string_equal(g.eco[i], eco);
        pep503(g.name[i], norm, sizeof(norm));
        assert_string_equal(strcmp(eco, "PyPI") == 0 ? norm : g.name[i],
                            cJSON_GetObjectItem(pkg, "name")->valuestring);
        oracle_render(e, oracle, sizeof(oracle));
        expected_ranges(file, oracle, want, sizeof(want), &differs_at);
        if (strcmp(g.ranges[i], want) != 0)
            fail_msg("%s: affected %zu: got '%s', want '%s' (converter "
                     "'%s')", file, i, g.ranges[i], want, oracle);
        same_verdicts(file, eco, g.json[i], e, differs_at, ndecided);
        i++;
    }
    cJSON_Delete(osv);
    (*nchecked)++;
}

static void test_ghsa_converter_pairs(void **state)
{
    struct file_list files = { NULL, 0 };
    char dir[4096], file[256];
    const char *base;
    size_t i, n = 0, npairs = 0, ndecided = 0;

    (void)state;
    if (!shared_path(dir, sizeof(dir), "osv/ghsa-conversion-pairs"))
        skip();
    list_files_into(&files, dir);
    for (i = 0; i < files.n; i++) {
        if (ends_with(files.paths[i], ".osv.json")) {
            npairs++;
            continue;
        }
        base = strrchr(files.paths[i], '/') + 1;
        snprintf(file, sizeof(file), "%.*s", (int)(strlen(base) - 5), base);
        check_pair(files.paths[i], file, &n, &ndecided);
    }
    assert_int_equal(n, npairs);
    assert_true(ndecided >= 30);
    assert_true(n >= 11);
    list_free(&files);
}

/* The PyPI name stays as GitHub publishes it. */
static void test_ghsa_pypi_name(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    char path[4096];
    struct got g;

    (void)state;
    if (!shared_path(path, sizeof(path),
                     "osv/ghsa-conversion-pairs/pypi_normalize.json"))
        skip();
    assert_int_equal(vigil_buf_read_file(&b, path, 1 << 20, NULL), 0);
    parse_one(b.ptr, b.len, VIGIL_FMT_GHSA, &g);
    assert_string_equal(g.eco[0], "PyPI");
    assert_string_equal(g.name[0], "Products.PluggableAuthService");
    vigil_buf_release(&b);
}

static void check_full_ranges(const struct vigil_advisory *a)
{
    assert_string_equal(a->format, "ghsa");
    assert_string_equal(a->source, "GHSA");
    assert_non_null(strstr(a->title, "akka-actor_2.11"));
    assert_non_null(strstr(a->description, "Lightbend Akka 2.5.x"));
    assert_string_equal(a->published, "2018-10-22T20:44:26Z");
    assert_string_equal(a->modified, "2021-09-15T20:58:47Z");
    assert_false(a->withdrawn);
    assert_int_equal(a->nscores, 1);
    assert_string_equal(a->scores[0].version, "3.0");
    assert_true(a->scores[0].has_published);
    assert_true(a->scores[0].published > 9.05 &&
                a->scores[0].published < 9.15);
    assert_string_equal(a->scores[0].severity, "CRITICAL");
    assert_int_equal(a->ncwes, 1);
    assert_string_equal(a->cwes[0], "CWE-338");
    assert_int_equal(a->nrefs, 2);
    assert_string_equal(a->refs[0].type, "ADVISORY");
    assert_int_equal(a->affected[0].nfixed, 1);
    assert_string_equal(a->affected[0].fixed[0], "2.5.16");
}

/* A score without a vector (GitHub writes score 0) is no score. */
static void check_no_vector(const struct vigil_advisory *a)
{
    assert_int_equal(a->nscores, 0);
    assert_int_equal(a->naliases, 0);
}

static void test_ghsa_fields(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    (void)state;
    if (!shared_path(path, sizeof(path),
                     "osv/ghsa-conversion-pairs/full_ranges.json"))
        skip();
    sink = collect_sink(&c);
    c.want_id = "GHSA-mr95-9rr4-668f";
    c.check = check_full_ranges;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nchecked, 1);

    shared_path(path, sizeof(path),
                "osv/ghsa-conversion-pairs/greater_than_equals_no_patch"
                ".json");
    sink = collect_sink(&c);
    c.want_id = "GHSA-pxmp-fwjc-4x7q";
    c.check = check_no_vector;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nchecked, 1);
}

/* --- one vulnerability at a time --- */

/* A GraphQL advisory with one vulnerability of (eco, name, range). */
static void one_vuln_doc(char *out, size_t n, const char *eco,
                         const char *range, const char *patched)
{
    char fp[128] = "null";

    if (patched)
        snprintf(fp, sizeof(fp), "{\"identifier\":\"%s\"}", patched);
    snprintf(out, n,
             "{\"ghsaId\":\"GHSA-aaaa-bbbb-cccc\",\"identifiers\":[],"
             "\"vulnerabilities\":{\"nodes\":[{\"package\":{\"ecosystem\":"
             "\"%s\",\"name\":\"p\"},\"vulnerableVersionRange\":\"%s\","
             "\"firstPatchedVersion\":%s}]}}", eco, range, fp);
}

static const struct {
    const char *eco;
    const char *range;
    const char *patched;
    const char *want;       /* rendered entry; NULL: record rejected */
} range_cases[] = {
    { "NPM", "> 2.1.0, < 3.0.0", "3.0.0", "SEMVER:i2.1.1-0,f3.0.0" },
    { "NPM", "> 1.0.0-beta.2", "1.0.0", "SEMVER:i1.0.0-beta.2.0,f1.0.0" },
    { "GO", "> 1.2.99", NULL, "SEMVER:i1.2.100-0" },
    { "GO", "> v1.9.9+incompatible", NULL, "SEMVER:iv1.9.10-0" },
    { "NPM", "> 1.2", NULL, "B(1.2,)" },
    { "MAVEN", "> 11.6, <= 12.0", NULL, "B(11.6,12.0]" },
    { "MAVEN", "> 11.6, <= 12.0", "12.1", "B(11.6,12.1)" },
    { "MAVEN", "> 11.6", "12.1", "B(11.6,12.1)" },
    { "PIP", "<= 1.0", NULL, "ECOSYSTEM:i0,l1.0" },
    { "PIP", "<= 1.0", "1.1", "ECOSYSTEM:i0,f1.1" },
    { "PIP", "< 1.0", "1.0.1", "ECOSYSTEM:i0,f1.0" },
    { "RUBYGEMS", "= 1.2.3", NULL, "V:1.2.3" },
    { "RUBYGEMS", "= 1.2.3", "1.2.4", "ECOSYSTEM:i1.2.3,f1.2.4" },
    { "NUGET", ">= 1.0", "1.5", "ECOSYSTEM:i1.0,f1.5" },
    { "COMPOSER", ">= 1.0", NULL, "ECOSYSTEM:i1.0" },
    { "RUST", ">=1.0,<1.4", NULL, "ECOSYSTEM:i1.0,f1.4" },
    { "PIP", ">= 9.6.0b1 < 9.6.3", NULL, "ECOSYSTEM:i9.6.0b1,f9.6.3" },
    { "PIP", "< 1.0 || >= 2.0, < 2.5", NULL,
      "ECOSYSTEM:i0,f1.0,i2.0,f2.5" },
    { "PIP", "~> 1.0", NULL, NULL },
    { "PIP", ">= 1.0, = 2.0", NULL, NULL },
    { "PIP", ">= 1, >= 2", NULL, NULL },
    { "PIP", ">=", NULL, NULL },
    { "PIP", "1.0", NULL, NULL },
    { "PIP", "", NULL, NULL },
};

static void test_ghsa_ranges(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char doc[1024];
    struct got g;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(range_cases); i++) {
        one_vuln_doc(doc, sizeof(doc), range_cases[i].eco,
                     range_cases[i].range, range_cases[i].patched);
        if (!range_cases[i].want) {
            sink = collect_sink(&c);
            assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, doc,
                                              strlen(doc), "t", &sink), 0);
            assert_int_equal(c.nadv, 0);
            assert_int_equal(c.nerr, 1);
            assert_non_null(strstr(c.last_msg, "cannot read version range"));
            assert_string_equal(c.last_record, "GHSA-aaaa-bbbb-cccc");
            continue;
        }
        parse_one(doc, strlen(doc), VIGIL_FMT_GHSA, &g);
        if (strcmp(g.ranges[0], range_cases[i].want) != 0)
            fail_msg("case %zu '%s': got '%s', want '%s'", i,
                     range_cases[i].range, g.ranges[0], range_cases[i].want);
    }
}

static const struct {
    const char *github;
    const char *osv;
} eco_cases[] = {
    { "MAVEN", "Maven" },        { "NPM", "npm" },
    { "npm", "npm" },            { "PIP", "PyPI" },
    { "pip", "PyPI" },           { "RUBYGEMS", "RubyGems" },
    { "rubygems", "RubyGems" },  { "NUGET", "NuGet" },
    { "COMPOSER", "Packagist" }, { "GO", "Go" },
    { "RUST", "crates.io" },     { "ERLANG", "Hex" },
    { "PUB", "Pub" },            { "SWIFT", "SwiftURL" },
    { "GITHUB_ACTIONS", "GitHub Actions" },
    { "NEWTHING", "NEWTHING" },
};

static void test_ghsa_ecosystems(void **state)
{
    char doc[1024];
    struct got g;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(eco_cases); i++) {
        one_vuln_doc(doc, sizeof(doc), eco_cases[i].github, ">= 1.0.0",
                     NULL);
        parse_one(doc, strlen(doc), VIGIL_FMT_GHSA, &g);
        assert_string_equal(g.eco[0], eco_cases[i].osv);
        assert_string_equal(g.ranges[0],
                            strcmp(eco_cases[i].osv, "npm") == 0 ||
                            strcmp(eco_cases[i].osv, "Go") == 0
                                ? "SEMVER:i1.0.0" : "ECOSYSTEM:i1.0.0");
    }
}

/* --- REST and GraphQL response fixtures --- */

static void check_rest_first(const struct vigil_advisory *a)
{
    assert_string_equal(a->format, "ghsa");
    assert_int_equal(a->naliases, 1);
    assert_string_equal(a->aliases[0], "CVE-2024-31000");
    assert_string_equal(a->published, "2024-04-02T10:00:00Z");
    assert_false(a->withdrawn);
    assert_int_equal(a->nscores, 2);
    assert_string_equal(a->scores[0].version, "3.1");
    assert_string_equal(a->scores[1].version, "4.0");
    assert_false(a->scores[1].has_published);
    assert_string_equal(a->scores[0].severity, "high");
    assert_int_equal(a->ncwes, 2);
    assert_string_equal(a->cwes[1], "CWE-20");
    assert_int_equal(a->nrefs, 3);
    assert_string_equal(a->refs[2].url,
                        "https://github.com/advisories/GHSA-r3f4-8rq5-2p6x");
    assert_int_equal(a->naffected, 2);
    assert_string_equal(a->affected[0].ecosystem, "PyPI");
    assert_string_equal(a->affected[0].name, "demo_lib");
    assert_string_equal(a->affected[0].fixed[0], "2.4.1");
    assert_string_equal(a->affected[1].ecosystem, "crates.io");
    assert_string_equal(a->affected[1].fixed[0], "0.9.3");
}

static void test_ghsa_rest_list(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];
    cJSON *root;

    (void)state;
    fixture_path(path, sizeof(path), "ghsa/ok_rest_list.json");
    root = load_json(path);
    assert_non_null(root);
    sink = collect_sink(&c);
    c.want_id = "GHSA-r3f4-8rq5-2p6x";
    c.check = check_rest_first;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.last_fmt, VIGIL_FMT_GHSA);
    assert_int_equal(c.nchecked, 1);
    assert_int_equal(c.nadv, (size_t)cJSON_GetArraySize(root));
    assert_int_equal(c.nwithdrawn, 1);
    assert_int_equal(c.nerr, 0);
    assert_int_equal(c.nunsound, 0);
    cJSON_Delete(root);
}

static void test_ghsa_graphql_response(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];
    cJSON *root, *edges;

    (void)state;
    fixture_path(path, sizeof(path), "ghsa/ok_graphql_edges.json");
    root = load_json(path);
    assert_non_null(root);
    edges = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
        root, "data"), "securityAdvisories"), "edges");
    sink = collect_sink(&c);
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nadv + c.nerr, (size_t)cJSON_GetArraySize(edges));
    assert_int_equal(c.nerr, 1);
    assert_string_equal(c.last_record, "GHSA-9x9x-bad0-rng0");
    assert_int_equal(c.nunsound, 0);
    cJSON_Delete(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ghsa_converter_pairs),
        cmocka_unit_test(test_ghsa_pypi_name),
        cmocka_unit_test(test_ghsa_fields),
        cmocka_unit_test(test_ghsa_ranges),
        cmocka_unit_test(test_ghsa_ecosystems),
        cmocka_unit_test(test_ghsa_rest_list),
        cmocka_unit_test(test_ghsa_graphql_response),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
