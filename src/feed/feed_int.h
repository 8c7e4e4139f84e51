/*
 * feed_int.h - what the feed parsers share inside src/feed: the state of
 * one document, the builder of one advisory, and small cJSON, time and
 * CPE helpers.
 *
 * A parser walks the cJSON tree of its document, fills a struct
 * feed_rec per record and hands it to vigil__feed_finish(), which
 * delivers or rejects it and resets the arena.  Strings that are copied
 * verbatim from the document point into the cJSON tree, which outlives
 * every callback of the document; derived strings and all arrays live in
 * the document's arena.
 */
#ifndef VIGIL_FEED_INT_H
#define VIGIL_FEED_INT_H

#include <stddef.h>

#include <cJSON.h>

#include "vigil/advisory.h"
#include "vigil/buf.h"
#include "vigil/feed.h"

/*
 * LIMIT: documents over 256 MiB are not read; such a file or member is
 * reported and skipped. See docs/LIMITS.md#feed-doc-size.
 */
#define VIGIL_FEED_MAX_DOC ((size_t)256 << 20)

/* One document being parsed. */
struct feed_doc {
    const struct vigil_feed_sink *sink;
    const char *origin;
    const char *buf;          /* the whole input, raw of one-record files */
    size_t len;
    struct vigil_arena arena; /* one record's arrays and derived strings */
    int stopped;              /* on_advisory asked to stop */
    size_t nrecords;
    size_t nrejected;
};

/* The advisory being built. */
struct feed_rec {
    struct vigil_advisory adv;
    struct vigil_kev kev;
    int has_kev;
    struct feed_doc *doc;
    struct vigil_arena *arena;
    char why[256];            /* reason when the record is rejected */
};

/* A parser maps the parsed tree of one document to records. */
typedef int (*feed_parse_fn)(struct feed_doc *d, const cJSON *root,
                             struct vigil_error *err);

/*
 * Parses buf after its first skip bytes (a byte order mark) as one JSON
 * value with nothing but space after it; an error names the byte,
 * line and column, counted from buf (parse.c).  The finding module
 * parses with it too.
 */
int vigil__feed_parse_json(const char *buf, size_t len, size_t skip,
                           cJSON **out, struct vigil_error *err);

/* Whether buf starts, after space, like a JSON object or array. */
int vigil__feed_looks_like_json(const char *buf, size_t len);

/* The KEV catalog's CSV form: detection and parsing (kev_csv.c). */
int vigil__feed_is_kev_csv(const char *buf, size_t len);
int vigil__feed_kev_csv(struct feed_doc *d, struct vigil_error *err);

int vigil__feed_kev(struct feed_doc *d, const cJSON *root,
                    struct vigil_error *err);
int vigil__feed_nvd(struct feed_doc *d, const cJSON *root,
                    struct vigil_error *err);
int vigil__feed_cve5(struct feed_doc *d, const cJSON *root,
                     struct vigil_error *err);
int vigil__feed_osv(struct feed_doc *d, const cJSON *root,
                    struct vigil_error *err);
/* OSV from a YAML document: as vigil__feed_osv, raw is the JSON form. */
int vigil__feed_osv_yaml(struct feed_doc *d, const cJSON *root,
                         struct vigil_error *err);
int vigil__feed_ghsa(struct feed_doc *d, const cJSON *root,
                     struct vigil_error *err);
int vigil__feed_grype_ghsa(struct feed_doc *d, const cJSON *root,
                           struct vigil_error *err);
int vigil__feed_csaf(struct feed_doc *d, const cJSON *root,
                     struct vigil_error *err);
/* JSON Feed 1.0 and 1.1 (rss_json.c): items read as RSS items. */
int vigil__feed_jsonfeed(struct feed_doc *d, const cJSON *root,
                         struct vigil_error *err);

/*
 * XML feeds (rss.c).  vigil__xml_parse() reads buf with libxml2, no
 * network, no DTD and no entity expansion; *doc is freed with
 * vigil__xml_free().  Errors carry line, column and byte offset.
 * vigil__xml_detect() says VIGIL_FMT_RSS for an RSS 2.0, RSS 1.0 (RDF)
 * or Atom root, else VIGIL_FMT_UNKNOWN with *skip set (to a reason)
 * when the root is an OPML subscription list, and *root to the root
 * element's name.  vigil__feed_rss_xml() delivers one record per item
 * or entry.
 */
int vigil__xml_parse(const char *buf, size_t len, void **doc,
                     struct vigil_error *err);
enum vigil_format vigil__xml_detect(const void *doc, const char **skip,
                                    const char **root);
int vigil__feed_rss_xml(struct feed_doc *d, void *doc,
                        struct vigil_error *err);
void vigil__xml_free(void *doc);

/* Whether buf starts, after white space, with '<'; whether its first
 * 4 KiB hold an rss, feed or rdf:RDF tag. */
int vigil__looks_like_xml(const char *buf, size_t len);
int vigil__xml_looks_like_feed(const char *buf, size_t len);

/*
 * YAML (yaml.c).  vigil__yaml_is_osv() tells from the bytes whether buf
 * is an OSV record in YAML: top-level "id:" and "affected:" or
 * "modified:" keys.  vigil__yaml_to_json() turns a YAML stream into a
 * cJSON tree (*out, the caller deletes it): mappings become objects,
 * sequences arrays, scalars strings, except that plain null, "~" and
 * empty values become null; a stream of several documents becomes an
 * array of them.  Errors carry line and column.
 */
int vigil__yaml_is_osv(const char *buf, size_t len);
int vigil__yaml_to_json(const char *buf, size_t len, cJSON **out,
                        struct vigil_error *err);

/*
 * Documents that sit in advisory mirrors but hold no advisory
 * (skip.c): the reason to skip a JSON tree, or a text document (origin
 * helps with its suffix), or NULL when it is not one of them.
 */
const char *vigil__feed_skip_json(const cJSON *root);
const char *vigil__feed_skip_text(const char *buf, size_t len,
                                  const char *origin);

/* One affected package as GitHub states it (ghsa_range.c). */
struct ghsa_pair {
    const char *ecosystem;   /* OSV spelling (vigil__ghsa_ecosystem) */
    const char *name;
    const char *range;       /* ">= 2.5.0, < 2.5.16", "= 1.2.3", ... */
    const char *patched;     /* first patched version, or NULL */
};

/* The OSV name of a GitHub, GitHub REST or grype ecosystem name
 * ("MAVEN", "pip", "python"); the name itself when unknown. */
const char *vigil__ghsa_ecosystem(const char *name);

/*
 * Adds one affected entry per package (ecosystem and name) of the n
 * pairs, in order of first appearance, with the ranges GitHub's OSV
 * converter writes.  A range that cannot be read rejects the record
 * (VIGIL_EPARSE with r->why set).
 */
int vigil__ghsa_add_affected(struct feed_rec *r, const struct ghsa_pair *v,
                             size_t n);

/* Detection from the parsed tree; VIGIL_FMT_UNKNOWN when nothing fits. */
enum vigil_format vigil__feed_detect_tree(const cJSON *root);

/*
 * The offset of the first byte of buf that cannot continue a valid JSON
 * document, or len when it is cut short (json_scan.c).  Returns -1 when
 * buf is valid JSON after all.
 */
int vigil__json_error_offset(const char *buf, size_t len, size_t *off);

/* Record life cycle (record.c). */
void vigil__feed_rec_init(struct feed_rec *r, struct feed_doc *d,
                          const char *format, const char *source);

/* Sets r->why and returns VIGIL_EPARSE: the record is rejected. */
int vigil__feed_fail(struct feed_rec *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Ends one record: rc 0 delivers it (raw is item printed, or the whole
 * document when item is NULL), VIGIL_EPARSE reports it to on_error with
 * its index and id; other codes are returned unchanged.  Resets the
 * arena.  Returns 0 to go on, or the code that stops the document.
 */
int vigil__feed_finish(struct feed_rec *r, int rc, const cJSON *item,
                       size_t index);

/* vigil__feed_finish() with raw text of the caller's (it must live
 * until the call returns). */
int vigil__feed_finish_raw(struct feed_rec *r, int rc, const char *raw,
                           size_t raw_len, size_t index);

/* Fills one record from its JSON object. */
typedef int (*feed_fill_fn)(struct feed_rec *r, const cJSON *item);

/*
 * Builds one record from item with fill and ends it; raw is the whole
 * document when whole is set, else item printed.  Returns as
 * vigil__feed_finish().
 */
int vigil__feed_one(struct feed_doc *d, const cJSON *item, size_t index,
                    const char *format, feed_fill_fn fill, int whole);

/* vigil__feed_one() for each element of arr, until one stops. */
int vigil__feed_each(struct feed_doc *d, const cJSON *arr,
                     const char *format, feed_fill_fn fill);

/* Growable arena arrays: capacity is implied by the count. */
void *vigil__feed_grow(struct vigil_arena *a, void *arr, size_t n,
                       size_t size);

int vigil__feed_add_alias(struct feed_rec *r, const char *s);
int vigil__feed_add_cwe(struct feed_rec *r, const char *s);
int vigil__feed_add_ref(struct feed_rec *r, const char *url,
                        const char *type);
struct vigil_score *vigil__feed_add_score(struct feed_rec *r);
struct vigil_affected *vigil__feed_add_affected(struct feed_rec *r);
struct vigil_range *vigil__feed_add_range(struct feed_rec *r,
                                          struct vigil_affected *a);
int vigil__feed_add_event(struct feed_rec *r, struct vigil_range *g,
                          enum vigil_event_kind kind, const char *version);
int vigil__feed_add_change(struct feed_rec *r, struct vigil_range *g,
                           const char *at, const char *status);
int vigil__feed_add_version(struct feed_rec *r, struct vigil_affected *a,
                            const char *v);
int vigil__feed_add_fixed(struct feed_rec *r, struct vigil_affected *a,
                          const char *v);

/* cJSON access (json_util.c): NULL when absent, empty or mistyped. */
const char *vigil__json_str(const cJSON *o, const char *key);
const cJSON *vigil__json_arr(const cJSON *o, const char *key);
const cJSON *vigil__json_obj(const cJSON *o, const char *key);
int vigil__json_true(const cJSON *o, const char *key);
int vigil__json_num(const cJSON *o, const char *key, double *out);

/* The English text of an array of {lang, <key>} objects, or the first. */
const char *vigil__json_english(const cJSON *arr, const char *key);

/* Array elements joined with sep into the arena; NULL when none. */
const char *vigil__json_join(struct vigil_arena *a, const cJSON *arr,
                             const char *sep);

/* s as "YYYY-MM-DDTHH:MM:SSZ" in the arena, or NULL when not a time. */
const char *vigil__feed_time(struct feed_rec *r, const char *s);

/*
 * Component idx (1 part, 2 vendor, 3 product, 4 version, ...) of a
 * CPE 2.3 formatted string, unescaped, in the arena; NULL when the
 * string is not CPE 2.3 or the component is missing.
 */
char *vigil__feed_cpe_field(struct vigil_arena *a, const char *cpe,
                            int idx);

/* A CPE 2.2 URI ("cpe:/a:v:p:1.0") as a CPE 2.3 formatted string;
 * other strings are returned unchanged. */
const char *vigil__feed_cpe23(struct vigil_arena *a, const char *cpe);

#endif
