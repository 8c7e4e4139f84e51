/*
 * feed.h - advisory feed parsers and the file walker that feeds them.
 *
 * Parsers are pure: bytes in, struct vigil_advisory records out through
 * a callback, errors with file, record and offset.  They know nothing
 * of the store.
 */
#ifndef VIGIL_FEED_H
#define VIGIL_FEED_H

#include <stddef.h>

#include "vigil/advisory.h"
#include "vigil/common.h"
#include "vigil/epss.h"

struct vigil_finding;

enum vigil_format {
    VIGIL_FMT_UNKNOWN = 0,
    VIGIL_FMT_KEV,       /* CISA KEV catalog JSON */
    VIGIL_FMT_NVD,       /* NVD API 2.0 response or single CVE object */
    VIGIL_FMT_CVE5,      /* CVE JSON 5.x record */
    VIGIL_FMT_OSV,       /* OSV record (or an array of them) */
    VIGIL_FMT_CSAF,      /* CSAF 2.0 document (VEX profile included):
                            a record per vulnerability */
    VIGIL_FMT_RSS,       /* RSS 2.0, RSS 1.0, Atom or JSON Feed: a record
                            per item */
    VIGIL_FMT_EPSS,
    VIGIL_FMT_ASFF,
    VIGIL_FMT_SARIF,
    VIGIL_FMT_GHSA,       /* GitHub advisory, GraphQL or REST API shape */
    VIGIL_FMT_GRYPE_GHSA, /* grype's own layout of a GitHub advisory */
    VIGIL_FMT_OSV_YAML,   /* OSV record written in YAML (PyPA, OSS-Fuzz) */
    VIGIL_FMT_COUNT
};

/* "kev", "nvd", "cve5", "osv", "ghsa", "grype-ghsa", "osv-yaml", ...;
 * "unknown" for VIGIL_FMT_UNKNOWN. */
const char *vigil_format_name(enum vigil_format f);

/* The format with that name, or VIGIL_FMT_UNKNOWN. */
enum vigil_format vigil_format_by_name(const char *name);

/*
 * Receives parse results.  on_advisory gets each record; on_error gets
 * each record or file that could not be parsed (err->record names the
 * record, err->offset the byte offset in the file), after which parsing
 * goes on with the next record or file when it can.
 *
 * A document is skipped, not rejected, when it is recognised as
 * something that sits in advisory mirrors but holds no advisory: a
 * JSON Schema, OSV's ecosystem list, osv.dev's CPE-to-repository map,
 * CSAF provider or aggregator metadata, an OPML list of feeds, a
 * Markdown or plain-text file.  on_skip (when set) gets its origin
 * and a reason such as "JSON Schema document, not an advisory"; the
 * parse returns 0 and nothing is reported to on_error.  Skipping
 * happens only while detecting: a forced format parses the document
 * or rejects it.  on_skip comes last so that positional initialisers
 * of the first four members stay valid.
 */
struct vigil_feed_sink {
    vigil_advisory_fn on_advisory;
    void (*on_error)(void *ctx, const char *origin,
                     const struct vigil_error *err);
    /* Called once per file after detection; may be NULL.  A skipped
     * document is announced as VIGIL_FMT_UNKNOWN before on_skip. */
    void (*on_file)(void *ctx, const char *origin, enum vigil_format f);
    void *ctx;
    /* Called for each skipped document; may be NULL. */
    void (*on_skip)(void *ctx, const char *origin, const char *reason);
    /*
     * Called for each row of an EPSS daily CSV (vigil_epss_parse's
     * callback, with ctx); may be NULL, and then EPSS documents are
     * read and their rows dropped.
     */
    vigil_epss_fn on_epss;
    /*
     * Called for each finding of an ASFF or SARIF document (see
     * vigil/finding.h); may be NULL, and then findings are dropped.
     * Returns 0 to go on or a negative code to stop.
     */
    int (*on_finding)(void *ctx, const struct vigil_finding *f);
};

/*
 * Detects the format of a document from its content: JSON by its keys
 * (CSAF by document.csaf_version, JSON Feed by its version URL), YAML
 * OSV by top-level "id:" and "affected:" or "modified:" lines, XML by
 * its root element (rss, feed or RDF: RSS).
 */
enum vigil_format vigil_feed_detect(const char *buf, size_t len);

/*
 * Parses one document of format fmt (VIGIL_FMT_UNKNOWN: detect).
 * origin names it in messages (and its suffix, ".md" or ".txt", helps
 * tell text files to skip).  XML errors carry line and column as
 * libxml2 gives them, and the byte offset they stand for; XML that
 * declares entities is refused (VIGIL_EUNSUPPORTED).  Returns 0 when
 * the document was read or skipped, even if single records were
 * rejected (each reported to on_error); VIGIL_EPARSE / VIGIL_EFORMAT /
 * VIGIL_EUNSUPPORTED when the document as a whole is not readable (also
 * reported to on_error); or the first negative value returned by
 * on_advisory.
 */
int vigil_feed_parse(enum vigil_format fmt, const char *buf, size_t len,
                     const char *origin, const struct vigil_feed_sink *sink);

/*
 * Reads each path: a file, a directory (recursively, in name order),
 * a compressed file (.gz, .xz, .bz2, .zst) or a zip or tar archive
 * (each member is one document).  Files whose content is no known
 * format are reported to on_error with VIGIL_EFORMAT; skipped documents
 * go to on_skip and are no error.  Returns 0 when every document was
 * read or skipped, VIGIL_EPARSE when any was rejected, or the first
 * negative value returned by on_advisory.
 */
int vigil_feed_walk(const char *const *paths, size_t npaths,
                    enum vigil_format fmt,
                    const struct vigil_feed_sink *sink);

#endif
