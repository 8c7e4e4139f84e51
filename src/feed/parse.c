/*
 * parse.c - vigil_feed_parse(): parses a document once with cJSON (or
 * libyaml, for OSV in YAML, or libxml2, for RSS and Atom), detects its
 * format from the tree and hands the tree to the parser of that format.
 * Document-level failures and skipped documents are reported here.
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/feed.h"
#include "vigil/finding.h"
#include "feed_int.h"
#include "../internal.h"

/* Parsers by format; NULL: detected or named, but not read yet. */
static const feed_parse_fn parsers[VIGIL_FMT_COUNT] = {
    [VIGIL_FMT_KEV] = vigil__feed_kev,
    [VIGIL_FMT_NVD] = vigil__feed_nvd,
    [VIGIL_FMT_CVE5] = vigil__feed_cve5,
    [VIGIL_FMT_OSV] = vigil__feed_osv,
    [VIGIL_FMT_CSAF] = vigil__feed_csaf,
    [VIGIL_FMT_RSS] = vigil__feed_jsonfeed,
    [VIGIL_FMT_GHSA] = vigil__feed_ghsa,
    [VIGIL_FMT_GRYPE_GHSA] = vigil__feed_grype_ghsa,
    [VIGIL_FMT_OSV_YAML] = vigil__feed_osv_yaml,
};

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Fills line and column (1-based) of byte offset off in buf. */
static void locate(struct vigil_error *err, const char *buf, size_t off)
{
    const char *nl, *p = buf, *end = buf + off;

    err->line = 1;
    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        err->line++;
        p = nl + 1;
    }
    err->column = (long)(end - p) + 1;
}

/*
 * "invalid JSON at byte N (line L, column C): cause", the cause naming
 * the byte found there or the end of the input.  The message does not
 * depend on the parser, so that it reads the same for every document.
 */
static int json_error(struct vigil_error *err, const char *buf, size_t len,
                      size_t off)
{
    unsigned char c;
    char cause[48];

    if (off > len)
        off = len;
    c = off < len ? (unsigned char)buf[off] : 0;
    if (off == len)
        snprintf(cause, sizeof(cause), "unexpected end of input");
    else if (c > 0x20 && c < 0x7f)
        snprintf(cause, sizeof(cause), "unexpected '%c'", c);
    else
        snprintf(cause, sizeof(cause), "unexpected byte 0x%02x", c);
    err->code = VIGIL_EPARSE;
    err->offset = off;
    locate(err, buf, off);
    snprintf(err->msg, sizeof(err->msg), "invalid JSON at byte %zu (line "
             "%ld, column %ld): %s", off, err->line, err->column, cause);
    return VIGIL_EPARSE;
}

/*
 * Parses buf after its first skip bytes (a byte order mark) as one JSON
 * value with nothing but space after it; offsets count from buf.
 */
int vigil__feed_parse_json(const char *buf, size_t len, size_t skip,
                           cJSON **out, struct vigil_error *err)
{
    const char *end = NULL, *nul;
    cJSON *root;
    size_t off;

    /* cJSON would take a NUL inside a string; JSON text has none */
    nul = memchr(buf + skip, '\0', len - skip);
    if (nul)
        return json_error(err, buf, len, (size_t)(nul - buf));
    root = cJSON_ParseWithLengthOpts(buf + skip, len - skip, &end, 0);
    if (!root) {
        if (vigil__json_error_offset(buf + skip, len - skip, &off) == 0)
            off += skip;
        else
            off = end && end >= buf ? (size_t)(end - buf) : skip;
        return json_error(err, buf, len, off);
    }
    off = (size_t)(end - buf);
    while (off < len && is_space((unsigned char)buf[off]))
        off++;
    if (off < len) {
        cJSON_Delete(root);
        return json_error(err, buf, len, off);
    }
    *out = root;
    return 0;
}

int vigil__feed_looks_like_json(const char *buf, size_t len)
{
    size_t i = 0;

    while (i < len && is_space((unsigned char)buf[i]))
        i++;
    return i < len && (buf[i] == '{' || buf[i] == '[');
}

static void report(const struct vigil_feed_sink *sink, const char *origin,
                   const struct vigil_error *err)
{
    if (sink->on_error)
        sink->on_error(sink->ctx, origin, err);
}

static void announce(const struct vigil_feed_sink *sink, const char *origin,
                     enum vigil_format f)
{
    if (sink->on_file)
        sink->on_file(sink->ctx, origin, f);
}

static int run_parser(enum vigil_format fmt, const cJSON *root,
                      struct feed_doc *d, struct vigil_error *err)
{
    feed_parse_fn fn = parsers[fmt];
    int rc;

    if (!fn)
        return vigil_error_set(err, VIGIL_EUNSUPPORTED, 0,
                               "format '%s' is not supported",
                               vigil_format_name(fmt));
    vigil_arena_init(&d->arena);
    rc = fn(d, root, err);
    vigil_arena_release(&d->arena);
    if (rc && !d->stopped && !err->msg[0])
        vigil_error_set(err, rc, 0, "cannot read document: %s",
                        vigil_strerror(rc));
    return rc;
}

/* A document that holds no advisory: no error, the sink is told why. */
static int skip_doc(struct feed_doc *d, const char *why)
{
    announce(d->sink, d->origin, VIGIL_FMT_UNKNOWN);
    if (d->sink->on_skip)
        d->sink->on_skip(d->sink->ctx, d->origin, why);
    return 0;
}

/* An OSV record (or several) in YAML; offsets count the skipped BOM. */
static int parse_yaml(struct feed_doc *d, size_t skip,
                      struct vigil_error *err)
{
    cJSON *root = NULL;
    int rc = vigil__yaml_to_json(d->buf, d->len, &root, err);

    announce(d->sink, d->origin, VIGIL_FMT_OSV_YAML);
    if (rc) {
        err->offset += skip;
        return rc;
    }
    rc = run_parser(VIGIL_FMT_OSV_YAML, root, d, err);
    cJSON_Delete(root);
    return rc;
}

/* YAML when the format says so, or OSV keys when OSV may be meant. */
static int is_yaml_doc(enum vigil_format fmt, const struct feed_doc *d)
{
    if (fmt == VIGIL_FMT_OSV_YAML)
        return 1;
    return (fmt == VIGIL_FMT_UNKNOWN || fmt == VIGIL_FMT_OSV) &&
           !vigil__feed_looks_like_json(d->buf, d->len) &&
           vigil__yaml_is_osv(d->buf, d->len);
}

/*
 * An RSS, RSS 1.0 or Atom feed (XML; JSON Feed goes the JSON way).
 * Detecting, an OPML subscription list is skipped; other XML is of
 * unknown format.
 */
static int parse_xml(struct feed_doc *d, enum vigil_format fmt, size_t skip,
                     struct vigil_error *err)
{
    enum vigil_format got;
    const char *why, *root;
    void *doc = NULL;
    int rc = vigil__xml_parse(d->buf, d->len, &doc, err);

    if (rc && fmt == VIGIL_FMT_UNKNOWN && rc != VIGIL_EUNSUPPORTED &&
        !vigil__xml_looks_like_feed(d->buf, d->len)) {
        /* an HTML page or other markup, not a broken feed */
        announce(d->sink, d->origin, fmt);
        vigil_error_clear(err);
        return vigil_error_set(err, VIGIL_EFORMAT, 0, "unknown format: "
                               "neither JSON nor an RSS or Atom feed");
    }
    if (rc) {
        announce(d->sink, d->origin, fmt);
        err->offset += skip;
        return rc;
    }
    got = vigil__xml_detect(doc, &why, &root);
    if (got == VIGIL_FMT_UNKNOWN && why && fmt == VIGIL_FMT_UNKNOWN) {
        vigil__xml_free(doc);
        return skip_doc(d, why);
    }
    announce(d->sink, d->origin, got == VIGIL_FMT_RSS ? got : fmt);
    if (got == VIGIL_FMT_RSS) {
        vigil_arena_init(&d->arena);
        rc = vigil__feed_rss_xml(d, doc, err);
        vigil_arena_release(&d->arena);
        if (rc && !d->stopped && !err->msg[0])
            vigil_error_set(err, rc, 0, "cannot read document: %s",
                            vigil_strerror(rc));
    } else if (fmt == VIGIL_FMT_RSS) {
        rc = vigil_error_set(err, VIGIL_EPARSE, 0, "not an RSS or Atom "
                             "feed: root element '%.64s'", root);
    } else {
        rc = vigil_error_set(err, VIGIL_EFORMAT, 0, "unknown format: XML "
                             "root element '%.64s' is not rss, feed or "
                             "RDF", root);
    }
    vigil__xml_free(doc);
    return rc;
}

/* Detecting, a document that is neither JSON nor OSV in YAML: a text
 * file to skip, or of unknown format. */
static int parse_text(struct feed_doc *d, struct vigil_error *err)
{
    const char *why = vigil__feed_skip_text(d->buf, d->len, d->origin);

    if (why)
        return skip_doc(d, why);
    announce(d->sink, d->origin, VIGIL_FMT_UNKNOWN);
    return vigil_error_set(err, VIGIL_EFORMAT, 0,
                           "unknown format: not a JSON document");
}

/* The EPSS daily CSV: its comment line or its column header. */
static int looks_like_epss(const char *buf, size_t len)
{
    static const char *const starts[] = { "#model_version", "cve,epss" };
    size_t i, n;

    for (i = 0; i < VIGIL_ARRAY_SIZE(starts); i++) {
        n = strlen(starts[i]);
        if (len >= n && memcmp(buf, starts[i], n) == 0)
            return 1;
    }
    return 0;
}

static int drop_row(void *ctx, const char *cve, double epss, double pct,
                    const char *model, const char *date)
{
    (void)ctx, (void)cve, (void)epss, (void)pct, (void)model, (void)date;
    return 0;
}

static int parse_epss(struct feed_doc *d, struct vigil_error *err)
{
    const struct vigil_feed_sink *k = d->sink;

    announce(k, d->origin, VIGIL_FMT_EPSS);
    return vigil_epss_parse(d->buf, d->len, k->on_epss ? k->on_epss
                                                       : drop_row,
                            k->ctx, err);
}

static int finding_cb(void *ctx, const struct vigil_finding *f)
{
    const struct feed_doc *d = ctx;

    return d->sink->on_finding ? d->sink->on_finding(d->sink->ctx, f) : 0;
}

static void finding_err(void *ctx, const struct vigil_error *e)
{
    const struct feed_doc *d = ctx;

    report(d->sink, d->origin, e);
}

/* Findings of security tools: the finding module reads the document. */
static int parse_findings(enum vigil_format fmt, struct feed_doc *d,
                          struct vigil_error *err)
{
    struct vigil_finding_sink fs;

    fs.on_finding = finding_cb;
    fs.on_error = finding_err;
    fs.ctx = d;
    announce(d->sink, d->origin, fmt);
    return vigil_finding_parse(fmt, d->buf, d->len, d->origin, &fs, err);
}

static int parse_tree(enum vigil_format fmt, struct feed_doc *d,
                      size_t skip, struct vigil_error *err)
{
    cJSON *root = NULL;
    const char *why;
    int rc;

    if (fmt == VIGIL_FMT_EPSS ||
        (fmt == VIGIL_FMT_UNKNOWN && looks_like_epss(d->buf, d->len)))
        return parse_epss(d, err);
    if (fmt == VIGIL_FMT_ASFF || fmt == VIGIL_FMT_SARIF)
        return parse_findings(fmt, d, err);
    if ((fmt == VIGIL_FMT_UNKNOWN || fmt == VIGIL_FMT_KEV) &&
        vigil__feed_is_kev_csv(d->buf, d->len)) {
        announce(d->sink, d->origin, VIGIL_FMT_KEV);
        return vigil__feed_kev_csv(d, err);
    }
    if (is_yaml_doc(fmt, d))
        return parse_yaml(d, skip, err);
    if ((fmt == VIGIL_FMT_UNKNOWN || fmt == VIGIL_FMT_RSS) &&
        vigil__looks_like_xml(d->buf, d->len))
        return parse_xml(d, fmt, skip, err);
    if (fmt == VIGIL_FMT_UNKNOWN &&
        !vigil__feed_looks_like_json(d->buf, d->len))
        return parse_text(d, err);
    rc = vigil__feed_parse_json(d->buf - skip, d->len + skip, skip, &root, err);
    if (rc) {
        announce(d->sink, d->origin, fmt);
        return rc;
    }
    if (fmt == VIGIL_FMT_UNKNOWN)
        fmt = vigil__feed_detect_tree(root);
    if (fmt == VIGIL_FMT_UNKNOWN && (why = vigil__feed_skip_json(root))) {
        cJSON_Delete(root);
        return skip_doc(d, why);
    }
    if (fmt == VIGIL_FMT_UNKNOWN) {
        /* not an advisory: a security tool's findings, perhaps */
        enum vigil_format ff = (enum vigil_format)vigil_finding_detect(
            d->buf, d->len);

        if (ff != VIGIL_FMT_UNKNOWN) {
            cJSON_Delete(root);
            return parse_findings(ff, d, err);
        }
    }
    announce(d->sink, d->origin, fmt);
    if (fmt == VIGIL_FMT_UNKNOWN)
        rc = vigil_error_set(err, VIGIL_EFORMAT, 0,
                             "unknown format: not an advisory (KEV, NVD, "
                             "CVE 5, OSV, GitHub, CSAF, JSON Feed) or "
                             "findings (ASFF, SARIF) document");
    else
        rc = run_parser(fmt, root, d, err);
    cJSON_Delete(root);
    return rc;
}

int vigil_feed_parse(enum vigil_format fmt, const char *buf, size_t len,
                     const char *origin, const struct vigil_feed_sink *sink)
{
    struct vigil_error err;
    struct feed_doc d;
    size_t skip = 0;
    int rc;

    if (!sink || (!buf && len) || (int)fmt < 0 || fmt >= VIGIL_FMT_COUNT)
        return VIGIL_EINVAL;
    memset(&d, 0, sizeof(d));
    d.sink = sink;
    d.origin = origin ? origin : "-";
    d.buf = buf ? buf : "";
    d.len = len;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        skip = 3;
        d.buf += skip;
        d.len -= skip;
    }
    vigil_error_clear(&err);
    rc = parse_tree(fmt, &d, skip, &err);
    if (rc && !d.stopped)
        report(sink, d.origin, &err);
    return rc;
}
