/*
 * test_feed_rss.c - RSS 2.0, RSS 1.0, Atom and JSON Feed bulletins.
 *
 * Every feed of ../shared/data/rss is read; its items are counted here
 * with an XPath query (libxml2) or cJSON, and the CVE ids of each item
 * found with a regular expression, so that the records delivered and
 * their CVE aliases are checked against an independent reading.  Spot
 * checks on the Adobe and GitHub feeds; synthetic fixtures cover RSS
 * 1.0, XHTML content, dates and the text clean-up; bad documents give
 * errors with line, column and byte offset.
 */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "vigil/feed.h"
#include "feed/rss_int.h"
#include "feed_helpers.h"
#include "internal.h"

#define MAX_RECS 256

/* What the records of one document looked like, in order. */
struct seen {
    size_t n;
    char id[MAX_RECS][160];
    char cve[MAX_RECS][32];        /* the CVE alias, or "" */
    int ncve[MAX_RECS];            /* CVE aliases */
};

static int keep(void *ctx, const struct vigil_advisory *a)
{
    struct seen *s = ctx;
    size_t i;

    assert_true(s->n < MAX_RECS);
    assert_true(record_is_sound(a));
    assert_string_equal(a->format, "rss");
    snprintf(s->id[s->n], sizeof(s->id[0]), "%s", a->id);
    s->cve[s->n][0] = '\0';
    s->ncve[s->n] = 0;
    for (i = 0; i < a->naliases; i++) {
        if (strncmp(a->aliases[i], "CVE-", 4) != 0)
            continue;
        snprintf(s->cve[s->n], sizeof(s->cve[0]), "%s", a->aliases[i]);
        s->ncve[s->n]++;
    }
    s->n++;
    return 0;
}

/* --- the independent reading --- */

/* The distinct CVE ids of text, by regular expression; *first set. */
static int distinct_cves(const char *text, char *first, size_t n)
{
    char found[64][32];
    regex_t re;
    regmatch_t m;
    const char *p = text;
    size_t nfound = 0, i, len;

    first[0] = '\0';
    assert_int_equal(regcomp(&re, "CVE-[0-9]{4}-[0-9]{4,19}",
                             REG_EXTENDED), 0);
    while (p && regexec(&re, p, 1, &m, 0) == 0) {
        const char *s = p + m.rm_so, *e = p + m.rm_eo;

        len = (size_t)(e - s);
        p = e;
        if ((s > text && vigil__isalnum((unsigned char)s[-1])) ||
            vigil__isalnum((unsigned char)*e) || len >= sizeof(found[0]))
            continue;
        for (i = 0; i < nfound; i++)
            if (strlen(found[i]) == len && strncmp(found[i], s, len) == 0)
                break;
        if (i == nfound && nfound < 64) {
            memcpy(found[nfound], s, len);
            found[nfound++][len] = '\0';
        }
    }
    regfree(&re);
    if (nfound)
        snprintf(first, n, "%s", found[0]);
    return (int)nfound;
}

/* The text of the first child of item named one of names. */
static char *child_text(xmlNodePtr item, const char *const *names)
{
    xmlNodePtr c;
    size_t k;

    for (k = 0; names[k]; k++)
        for (c = item->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE &&
                strcmp((const char *)c->name, names[k]) == 0)
                return (char *)xmlNodeGetContent(c);
    return NULL;
}

struct expect {
    size_t n;
    char cve[MAX_RECS][32];        /* the one CVE, or "" */
};

static void expect_text(struct expect *x, const char *title,
                        const char *body)
{
    char buf[1 << 16], first[32];

    snprintf(buf, sizeof(buf), "%s\n%s", title ? title : "",
             body ? body : "");
    assert_true(x->n < MAX_RECS);
    x->cve[x->n][0] = '\0';
    if (distinct_cves(buf, first, sizeof(first)) == 1)
        snprintf(x->cve[x->n], sizeof(x->cve[0]), "%s", first);
    x->n++;
}

/* Items of an XML feed, counted with XPath. */
static void expect_xml(const char *path, struct expect *x)
{
    static const char *const titles[] = { "title", NULL };
    static const char *const bodies[] = {
        "description", "summary", "encoded", "content", NULL,
    };
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    xmlXPathContextPtr ctx;
    xmlXPathObjectPtr res;
    int i;

    assert_non_null(doc);
    ctx = xmlXPathNewContext(doc);
    res = xmlXPathEvalExpression(
        (const xmlChar *)"//*[local-name()='item' or local-name()='entry']",
        ctx);
    assert_non_null(res);
    for (i = 0; res->nodesetval && i < res->nodesetval->nodeNr; i++) {
        char *t = child_text(res->nodesetval->nodeTab[i], titles);
        char *b = child_text(res->nodesetval->nodeTab[i], bodies);

        expect_text(x, t, b);
        xmlFree(t);
        xmlFree(b);
    }
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
}

static void expect_json(const char *path, struct expect *x)
{
    static const char *const bodies[] = {
        "summary", "content_html", "content_text",
    };
    cJSON *root = load_json(path);
    const cJSON *it, *b;
    size_t k;

    assert_non_null(root);
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root,
                                                            "items")) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "title");

        b = NULL;
        for (k = 0; k < VIGIL_ARRAY_SIZE(bodies) && !b; k++)
            b = cJSON_GetObjectItemCaseSensitive(it, bodies[k]);
        expect_text(x, cJSON_IsString(t) ? t->valuestring : NULL,
                    cJSON_IsString(b) ? b->valuestring : NULL);
    }
    cJSON_Delete(root);
}

static void no_error(void *ctx, const char *origin,
                     const struct vigil_error *err)
{
    (void)ctx;
    fail_msg("%s: %s", origin, err->msg);
}

static void test_rss_real_counts(void **state)
{
    struct file_list files = { NULL, 0 };
    struct vigil_feed_sink sink;
    struct collect c;
    static struct seen s;
    static struct expect x;
    char dir[4096];
    size_t i, k, total = 0, with_cve = 0;

    (void)state;
    if (!shared_path(dir, sizeof(dir), "rss"))
        skip();
    list_files_into(&files, dir);
    for (i = 0; i < files.n; i++) {
        memset(&s, 0, sizeof(s));
        memset(&x, 0, sizeof(x));
        sink = collect_sink(&c);
        if (ends_with(files.paths[i], ".opml")) {
            assert_int_equal(parse_path(files.paths[i], VIGIL_FMT_UNKNOWN,
                                        &sink), 0);
            assert_int_equal(c.nskipped, 1);
            assert_non_null(strstr(c.last_skip, "OPML"));
            continue;
        }
        sink.on_advisory = keep;
        sink.on_error = no_error;
        sink.ctx = &s;
        assert_int_equal(parse_path(files.paths[i], VIGIL_FMT_UNKNOWN,
                                    &sink), 0);
        if (ends_with(files.paths[i], ".json"))
            expect_json(files.paths[i], &x);
        else
            expect_xml(files.paths[i], &x);
        if (s.n != x.n)
            fail_msg("%s: %zu records, %zu items", files.paths[i], s.n,
                     x.n);
        for (k = 0; k < s.n; k++) {
            if (strcmp(s.cve[k], x.cve[k]) != 0 || s.ncve[k] > 1)
                fail_msg("%s: item %zu ('%s'): CVE alias '%s', expected "
                         "'%s'", files.paths[i], k, s.id[k], s.cve[k],
                         x.cve[k]);
            with_cve += s.cve[k][0] != '\0';
        }
        total += s.n;
    }
    assert_int_equal(total, 216);
    assert_true(with_cve >= 20);
    list_free(&files);
}

/* --- spot checks --- */

static void check_adobe(const struct vigil_advisory *a)
{
    assert_string_equal(a->title, "APSB21-105: Security update available "
                                  "for Adobe Animate");
    assert_string_equal(a->source, "Adobe Products Security Updates");
    assert_string_equal(a->published, "2021-12-15T00:00:00Z");
    assert_null(a->modified);
    assert_non_null(strstr(a->description, "Products: Adobe Animate\n"
                                           "Severity: Important"));
    assert_int_equal(a->nrefs, 1);
    assert_string_equal(a->refs[0].url, "https://helpx.adobe.com/security/"
                                        "products/animate/apsb21-105.html");
    assert_int_equal(a->naliases, 0);
}

static void check_placeholder(const struct vigil_advisory *a)
{
    assert_string_equal(a->title, "APSB25-999: Security update for Adobe "
                                  "Test Product");
}

static void check_github(const struct vigil_advisory *a)
{
    assert_string_equal(a->source, "Security Advisory for Go modules");
    assert_int_equal(a->naliases, 1);
    assert_string_equal(a->aliases[0], "GHSA-7x23-j8gv-v54x");
    assert_string_equal(a->published, "2026-03-13T20:58:28Z");
    assert_string_equal(a->modified, "2026-03-13T20:58:31Z");
    assert_string_equal(a->title, "[github.com/ctfer-io/monitoring] "
                                  "github.com/ctfer-io/monitoring "
                                  "Vulnerable to Improper Access Control");
    assert_int_equal(strncmp(a->description, "Impact\n\nDue to a "
                                             "mis-written NetworkPolicy",
                             40), 0);
    assert_null(strchr(a->description, '<'));
    assert_int_equal(strncmp(a->raw, "<entry>", 7), 0);
    assert_true(a->raw_len < 16384);
}

static void spot(const char *sub, const char *id, check_fn check,
                 size_t nrecords)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    if (!shared_path(path, sizeof(path), sub))
        skip();
    sink = collect_sink(&c);
    c.want_id = id;
    c.check = check;
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(c.nadv, nrecords);
    assert_int_equal(c.nchecked, 1);
    assert_int_equal(c.nerr, 0);
}

static void test_rss_spot(void **state)
{
    (void)state;
    spot("rss/adobe-digest/products.xml", "APSB21-105", check_adobe, 50);
    spot("rss/adobe-digest/products.xml", "APSB25-999", check_placeholder,
         50);
    spot("rss/github-advisory-database-rss/go.rss",
         "https://github.com/advisories/GHSA-7x23-j8gv-v54x", check_github,
         20);
}

/* The JSON Feed and the Atom feed of npm name the same items. */
static void test_rss_jsonfeed_matches_atom(void **state)
{
    static struct seen json, atom;
    struct vigil_feed_sink sink;
    char path[4096];
    size_t i;

    (void)state;
    if (!shared_path(path, sizeof(path), "rss"))
        skip();
    memset(&sink, 0, sizeof(sink));
    sink.on_advisory = keep;
    memset(&json, 0, sizeof(json));
    memset(&atom, 0, sizeof(atom));
    sink.ctx = &json;
    shared_path(path, sizeof(path),
                "rss/github-advisory-database-rss/npm.json");
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    sink.ctx = &atom;
    shared_path(path, sizeof(path),
                "rss/github-advisory-database-rss/npm.rss");
    assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
    assert_int_equal(json.n, atom.n);
    for (i = 0; i < json.n; i++) {
        assert_string_equal(json.id[i], atom.id[i]);
        assert_string_equal(json.cve[i], atom.cve[i]);
    }
}

/* --- fixtures --- */

struct rec_want {
    const char *file;
    const char *id;
    const char *title;
    const char *description;
    const char *published;
    const char *modified;
    const char *aliases;           /* joined with ' ' */
    const char *link;
};

static const struct rec_want fixture_recs[] = {
    { "ok_synthetic_rss2.xml", "EX-2025-01",
      "EX-2025-01: Log4j update (CVE-2021-44228)",
      "Fixes CVE-2021-44228 in Widget & Gadget.\n\none\ntwo \xe2\x80\x94"
      "A",
      "2025-09-09T10:00:00Z", NULL, "CVE-2021-44228",
      "https://example.com/security/ex-2025-01.html" },
    { "ok_synthetic_rss2.xml",
      "https://example.com/security/ex-2025-02.html", "Two flaws",
      "Fixes CVE-2021-45046 and CVE-2021-45105.\nAlso CVE-2021-45046 "
      "again.",
      "2025-09-10T06:30:00Z", NULL, "",
      "https://example.com/security/ex-2025-02.html" },
    { "ok_synthetic_rss2.xml", "EX-2025-04",
      "XCVE-2021-1234, CVE-2021-123 and CVE-2021-44228x are no ids",
      "Only content.", "2025-09-09T15:00:00Z", NULL, "", NULL },
    { "ok_synthetic_atom.xml",
      "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q",
      "[org.apache.logging.log4j:log4j-core] Remote code injection in "
      "Log4j",
      "Summary\n\nSee CVE-2021-44228.", "2021-12-10T00:00:40Z",
      "2025-01-02T03:04:05Z", "CVE-2021-44228 GHSA-jfh8-c2jp-5v3q",
      "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q" },
    { "ok_synthetic_atom.xml", "tag:example.com,2025:2", "XHTML content",
      "First\n\nSecond", NULL, "2025-01-03T00:00:00Z", "",
      "https://example.com/2" },
    { "ok_synthetic_rdf.xml", "https://example.com/rdf/1",
      "CVE-2014-0160 in OpenSSL", NULL, "2014-04-07T00:00:00Z", NULL,
      "CVE-2014-0160", "https://example.com/rdf/1" },
    { "ok_synthetic_jsonfeed.json", "ex-1", "CVE-2023-4863 in libwebp",
      "Heap overflow.", "2023-09-12T00:00:00Z", "2023-09-13T00:00:00Z",
      "CVE-2023-4863", "https://example.com/1" },
    { "ok_synthetic_jsonfeed.json", "42", NULL,
      "Numeric id as JSON Feed 1.0 allowed.", NULL, NULL, "", NULL },
};

static size_t fixture_case;

static void eq_or_null(const char *got, const char *want)
{
    if (want)
        assert_string_equal(got ? got : "(null)", want);
    else
        assert_null(got);
}

static void check_fixture(const struct vigil_advisory *a)
{
    const struct rec_want *w = &fixture_recs[fixture_case];
    char aliases[512] = "";
    size_t i;

    eq_or_null(a->title, w->title);
    eq_or_null(a->description, w->description);
    eq_or_null(a->published, w->published);
    eq_or_null(a->modified, w->modified);
    for (i = 0; i < a->naliases; i++) {
        append(aliases, sizeof(aliases), i ? " " : "");
        append(aliases, sizeof(aliases), a->aliases[i]);
    }
    assert_string_equal(aliases, w->aliases);
    if (w->link) {
        assert_int_equal(a->nrefs, 1);
        assert_string_equal(a->refs[0].url, w->link);
    } else {
        assert_int_equal(a->nrefs, 0);
    }
}

static void test_rss_fixtures(void **state)
{
    static const struct {
        const char *file;
        const char *source;
        size_t nrec;
        size_t nerr;
    } files[] = {
        { "ok_synthetic_rss2.xml", "Example & Co Security Bulletins", 3, 1 },
        { "ok_synthetic_atom.xml", "Example Atom advisories", 2, 0 },
        { "ok_synthetic_rdf.xml", "Example RDF", 1, 0 },
        { "ok_synthetic_jsonfeed.json",
          "Example JSON Feed (synthetic, for vigil's tests)", 2, 1 },
    };
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096], sub[256];
    size_t k;

    (void)state;
    for (fixture_case = 0; fixture_case < VIGIL_ARRAY_SIZE(fixture_recs);
         fixture_case++) {
        snprintf(sub, sizeof(sub), "rss/%s",
                 fixture_recs[fixture_case].file);
        fixture_path(path, sizeof(path), sub);
        sink = collect_sink(&c);
        c.want_id = fixture_recs[fixture_case].id;
        c.check = check_fixture;
        assert_int_equal(parse_path(path, VIGIL_FMT_UNKNOWN, &sink), 0);
        assert_int_equal(c.last_fmt, VIGIL_FMT_RSS);
        assert_int_equal(c.nunsound, 0);
        if (c.nchecked != 1)
            fail_msg("%s: '%s' seen %zu times", sub, c.want_id, c.nchecked);
        for (k = 0; k < VIGIL_ARRAY_SIZE(files); k++) {
            if (strcmp(files[k].file, fixture_recs[fixture_case].file))
                continue;
            assert_int_equal(c.nadv, files[k].nrec);
            assert_int_equal(c.nerr, files[k].nerr);
        }
    }
}

/* The feed title is the source; the item without an id is named. */
static int check_source(void *ctx, const struct vigil_advisory *a)
{
    (void)ctx;
    assert_string_equal(a->source, "Example & Co Security Bulletins");
    return 0;
}

static void test_rss_source_and_rejects(void **state)
{
    struct vigil_feed_sink sink;
    struct collect c;
    char path[4096];

    (void)state;
    fixture_path(path, sizeof(path), "rss/ok_synthetic_rss2.xml");
    sink = collect_sink(&c);
    sink.on_advisory = check_source;
    assert_int_equal(parse_path(path, VIGIL_FMT_RSS, &sink), 0);
    assert_int_equal(c.nerr, 1);
    assert_string_equal(c.last_record, "#2");
    assert_non_null(strstr(c.last_msg, "item has no guid, id or link"));
}

/* --- bad documents --- */

static void read_fixture(const char *sub, struct vigil_buf *b)
{
    char path[4096];

    fixture_path(path, sizeof(path), sub);
    vigil_buf_reset(b);
    assert_int_equal(vigil_buf_read_file(b, path, 1 << 20, NULL), 0);
}

static void test_rss_errors(void **state)
{
    static const char not_feed[] = "{\"version\":\"1\",\"items\":[]}";
    static const char html[] = "<!DOCTYPE html>\n<html><body><p>a<br>"
                               "</body></html>\n";
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_feed_sink sink;
    struct collect c;
    const char *at;

    (void)state;
    /* a tag closed by the wrong name: line, column and offset */
    read_fixture("rss/bad_mismatched_tag.xml", &b);
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, b.ptr, b.len, "m",
                                      &sink), VIGIL_EPARSE);
    at = strstr(b.ptr, "</item>");
    assert_int_equal(c.last_line, 5);
    assert_int_equal(c.last_offset, (size_t)(at - b.ptr));
    assert_int_equal(c.last_column,
                     (long)(at - b.ptr) - (long)(strstr(b.ptr, "    <item>")
                                                 - b.ptr) + 1);
    assert_non_null(strstr(c.last_msg, "invalid XML at line 5, column"));
    assert_int_equal(c.nadv, 0);

    /* entity declarations are refused where they start */
    read_fixture("rss/bad_entities.xml", &b);
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, b.ptr, b.len, "e",
                                      &sink), VIGIL_EUNSUPPORTED);
    assert_int_equal(c.last_offset,
                     (size_t)(strstr(b.ptr, "<!ENTITY") - b.ptr));

    /* XML that is no feed: unknown when detecting, an error if forced */
    read_fixture("rss/bad_root.xml", &b);
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, b.ptr, b.len, "h",
                                      &sink), VIGIL_EFORMAT);
    assert_non_null(strstr(c.last_msg, "'html'"));
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_RSS, b.ptr, b.len, "h",
                                      &sink), VIGIL_EPARSE);
    assert_non_null(strstr(c.last_msg, "not an RSS or Atom feed"));

    /* an HTML page is no broken feed: of unknown format */
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, html, strlen(html),
                                      "p.html", &sink), VIGIL_EFORMAT);
    assert_non_null(strstr(c.last_msg, "neither JSON nor an RSS or Atom "
                                       "feed"));
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_RSS, html, strlen(html),
                                      "p.html", &sink), VIGIL_EPARSE);
    assert_non_null(strstr(c.last_msg, "invalid XML at line"));

    /* forced on JSON that is no JSON Feed */
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_RSS, not_feed,
                                      strlen(not_feed), "j", &sink),
                     VIGIL_EPARSE);
    assert_non_null(strstr(c.last_msg, "not a JSON Feed"));

    /* an OPML list is skipped only when detecting */
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_RSS, "<opml/>", 7, "o",
                                      &sink), VIGIL_EPARSE);
    sink = collect_sink(&c);
    assert_int_equal(vigil_feed_parse(VIGIL_FMT_UNKNOWN, "<opml/>", 7, "o",
                                      &sink), 0);
    assert_int_equal(c.nskipped, 1);
    vigil_buf_release(&b);
}

/* --- the text helpers --- */

static const struct {
    const char *in;
    int multiline;
    size_t cap;
    const char *want;              /* NULL: nothing left */
} text_cases[] = {
    { "plain", 0, 100, "plain" },
    { "  a \t b\n\n\n c  ", 0, 100, "a b c" },
    { "  a \t b\n\n\n c  ", 1, 100, "a b\n\nc" },
    { "a\nb", 1, 100, "a\nb" },
    { "<p>one</p><p>two</p>", 1, 100, "one\n\ntwo" },
    { "<p>one</p><p>two</p>", 0, 100, "one two" },
    { "x<br/>y<li>z</li>", 1, 100, "x\ny\nz" },
    { "</b> Title</a><br />", 0, 100, "Title" },
    { "a<script>if (x<y) {}</script>b", 0, 100, "ab" },
    { "a<STYLE>p{}</STYLE>b<!-- c -->d", 0, 100, "abd" },
    { "a < b and c<d", 0, 100, "a < b and c<d" },
    { "&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&nbsp;!", 0, 100, "&<>\"'AB !" },
    { "&bogus; &#; &#xZZ; & alone", 0, 100, "&bogus; &#; &#xZZ; & alone" },
    { "&#0;&#xD800;&#1114112;", 0, 100,
      "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    { "caf\xc3\xa9 cr\xc3\xa8me", 0, 6, "caf\xc3\xa9" },
    { "abcdef", 0, 3, "abc" },
    { "ctl\x01\x02 x", 0, 100, "ctl x" },
    { "<p></p>  ", 1, 100, NULL },
    { "", 0, 100, NULL },
};

static void test_rss_text(void **state)
{
    struct vigil_arena a;
    const char *got;
    size_t i;
    int oom = 0;

    (void)state;
    vigil_arena_init(&a);
    for (i = 0; i < VIGIL_ARRAY_SIZE(text_cases); i++) {
        got = vigil__rss_text(&a, text_cases[i].in, text_cases[i].multiline,
                              text_cases[i].cap, &oom);
        if (!text_cases[i].want ? got != NULL
                                : !got || strcmp(got, text_cases[i].want))
            fail_msg("case %zu: got '%s', want '%s'", i,
                     got ? got : "(null)",
                     text_cases[i].want ? text_cases[i].want : "(null)");
    }
    assert_int_equal(oom, 0);
    assert_null(vigil__rss_text(&a, NULL, 0, 10, &oom));
    vigil_arena_release(&a);
}

static const struct {
    const char *in;
    const char *want;              /* NULL: refused */
} date_cases[] = {
    { "Tue, 09 Sep 2025 00:00:00 +0000", "2025-09-09T00:00:00+00:00" },
    { "Tue, 9 Sep 2025 10:11:12 GMT", "2025-09-09T10:11:12+00:00" },
    { "09 Sep 25 10:00 EST", "2025-09-09T10:00:00-05:00" },
    { "Mon, 01 Jan 99 23:59:59 -0130", "1999-01-01T23:59:59-01:30" },
    { "Wed, 31 Dec 2025 01:02:03 PDT", "2025-12-31T01:02:03-07:00" },
    { "1 February 2024 08:00:00 Z", "2024-02-01T08:00:00+00:00" },
    { "Sun, 14 Sep 2025 19:29:40 XYZ", "2025-09-14T19:29:40+00:00" },
    { "2025-09-09T00:00:00Z", NULL },
    { "Tue, 32 Sep 2025 00:00:00 GMT", NULL },
    { "Tue, 09 Foo 2025 00:00:00 GMT", NULL },
    { "Tue, 09 Sep 2025 24:00:00 GMT", NULL },
    { "Tue, 09 Sep 2025 10:00:00 +2400", NULL },
    { "Tue, 09 Sep 2025 10:00:00 GMT trailing", NULL },
    { "", NULL },
};

static void test_rss_rfc822(void **state)
{
    char out[64];
    size_t i;
    int rc;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(date_cases); i++) {
        rc = vigil__rss_rfc822(date_cases[i].in, out, sizeof(out));
        if (date_cases[i].want ? rc != 0 || strcmp(out, date_cases[i].want)
                               : rc == 0)
            fail_msg("case %zu ('%s'): rc %d, '%s'", i, date_cases[i].in,
                     rc, rc ? "" : out);
    }
    assert_int_equal(vigil__rss_rfc822("Tue, 09 Sep 2025 00:00:00 GMT", out,
                                       8), VIGIL_ERANGE);
}

struct ids {
    char all[512];
};

static int join_id(void *ctx, const char *cve, size_t len)
{
    struct ids *x = ctx;
    char one[64];

    snprintf(one, sizeof(one), "%s%.*s", x->all[0] ? " " : "", (int)len,
             cve);
    append(x->all, sizeof(x->all), one);
    return 0;
}

static int stop_at_first(void *ctx, const char *cve, size_t len)
{
    (void)ctx, (void)cve, (void)len;
    return 7;
}

static void test_rss_ids(void **state)
{
    static const struct {
        const char *in;
        const char *cves;
    } cve_cases[] = {
        { "CVE-2021-44228", "CVE-2021-44228" },
        { "see CVE-2021-44228, (CVE-2014-0160).", "CVE-2021-44228 "
                                                  "CVE-2014-0160" },
        { "detail/CVE-2026-4092\">", "CVE-2026-4092" },
        { "XCVE-2021-1234 CVE-2021-123 CVE-2021-1234x cve-2021-1234", "" },
        { "CVE-21-1234 CVE-2021-12345678901234567890", "" },
        { "CVE-2021-1234567890123456789", "CVE-2021-1234567890123456789" },
        { "CVE-CVE-2020-0001", "CVE-2020-0001" },
    };
    static const struct {
        const char *in;
        const char *ghsa;          /* NULL: none */
    } ghsa_cases[] = {
        { "https://github.com/advisories/GHSA-7x23-j8gv-v54x",
          "GHSA-7x23-j8gv-v54x" },
        { "GHSA-jfh8-c2jp-5v3q", "GHSA-jfh8-c2jp-5v3q" },
        { "GHSA-abcd-efgh-ijkl", NULL },
        { "GHSA-7x23-j8gv-v54xx", NULL },
        { "XGHSA-7x23-j8gv-v54x GHSA-7x23-j8gv", NULL },
    };
    struct ids x;
    char out[32];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cve_cases); i++) {
        memset(&x, 0, sizeof(x));
        assert_int_equal(vigil__rss_cves(cve_cases[i].in, join_id, &x), 0);
        if (strcmp(x.all, cve_cases[i].cves) != 0)
            fail_msg("cve case %zu: got '%s'", i, x.all);
    }
    assert_int_equal(vigil__rss_cves("CVE-2021-44228", stop_at_first, NULL),
                     7);
    assert_int_equal(vigil__rss_cves(NULL, stop_at_first, NULL), 0);
    for (i = 0; i < VIGIL_ARRAY_SIZE(ghsa_cases); i++) {
        int rc = vigil__rss_ghsa(ghsa_cases[i].in, out, sizeof(out));

        if (ghsa_cases[i].ghsa ? rc != 0 || strcmp(out, ghsa_cases[i].ghsa)
                               : rc == 0)
            fail_msg("ghsa case %zu: rc %d", i, rc);
    }
}

static void test_rss_detect(void **state)
{
    static const struct {
        const char *sub;
        enum vigil_format want;
    } cases[] = {
        { "rss/ok_synthetic_rss2.xml", VIGIL_FMT_RSS },
        { "rss/ok_synthetic_atom.xml", VIGIL_FMT_RSS },
        { "rss/ok_synthetic_rdf.xml", VIGIL_FMT_RSS },
        { "rss/ok_synthetic_jsonfeed.json", VIGIL_FMT_RSS },
        { "rss/bad_root.xml", VIGIL_FMT_UNKNOWN },
        { "rss/bad_mismatched_tag.xml", VIGIL_FMT_UNKNOWN },
        { "rss/bad_entities.xml", VIGIL_FMT_UNKNOWN },
    };
    struct vigil_buf b = VIGIL_BUF_INIT;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        read_fixture(cases[i].sub, &b);
        assert_int_equal(vigil_feed_detect(b.ptr, b.len), cases[i].want);
    }
    vigil_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss_real_counts),
        cmocka_unit_test(test_rss_spot),
        cmocka_unit_test(test_rss_jsonfeed_matches_atom),
        cmocka_unit_test(test_rss_fixtures),
        cmocka_unit_test(test_rss_source_and_rejects),
        cmocka_unit_test(test_rss_errors),
        cmocka_unit_test(test_rss_text),
        cmocka_unit_test(test_rss_rfc822),
        cmocka_unit_test(test_rss_ids),
        cmocka_unit_test(test_rss_detect),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);

    xmlCleanupParser();
    return rc;
}
