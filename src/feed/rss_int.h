/*
 * rss_int.h - what the feed readers (RSS 2.0, RSS 1.0, Atom in rss.c,
 * JSON Feed in rss_json.c) share: one item as read, and its turning
 * into a record (rss_item.c) with the text helpers of rss_text.c.
 */
#ifndef VIGIL_RSS_INT_H
#define VIGIL_RSS_INT_H

#include <stddef.h>

#include "vigil/buf.h"
#include "feed_int.h"

/*
 * LIMIT: a feed is read up to 100000 items, an element's text up to
 * 1 MiB, a description up to 64 KiB and a title up to 1 KiB after
 * markup is removed, and 64 CVE ids per item; the rest is cut. See
 * docs/LIMITS.md#rss-sizes.
 */
#define RSS_MAX_ITEMS 100000
#define RSS_MAX_FIELD ((size_t)1 << 20)
#define RSS_MAX_DESCRIPTION ((size_t)64 << 10)
#define RSS_MAX_TITLE ((size_t)1 << 10)
#define RSS_MAX_CVES 64

/* One item or entry as written in the feed; any field may be NULL. */
struct rss_item {
    const char *id;          /* guid, Atom id, JSON Feed id */
    const char *link;
    const char *title;       /* may hold HTML */
    const char *summary;     /* description, summary or content */
    const char *published;   /* RFC 822 or RFC 3339 */
    const char *updated;
    const char *raw;         /* the item's own text */
    size_t raw_len;
};

/*
 * Builds the record of one item (format "rss", source the feed's
 * title) and ends it with vigil__feed_finish_raw(): id the guid, else
 * the link; the CVE id an alias when the item names exactly one, the
 * GHSA id in its id or link an alias; title and description without
 * markup; the link a reference.  Item strings must live until the call
 * returns.  Returns as vigil__feed_finish().
 */
int vigil__rss_emit(struct feed_doc *d, const struct rss_item *it,
                    const char *source, size_t index);

/*
 * s as plain text in the arena: tags removed (script and style with
 * their content), character references and the common HTML entities
 * decoded, white space squeezed (multiline keeps paragraph breaks, at
 * most one blank line; else everything is one line), trimmed, cut at
 * cap bytes on a character boundary.  NULL when s is NULL or nothing is
 * left, or when out of memory (*oom set).
 */
const char *vigil__rss_text(struct vigil_arena *a, const char *s,
                            int multiline, size_t cap, int *oom);

/*
 * Calls fn for each CVE id in s (repeats too), written strictly: "CVE-",
 * four digits, '-', four to nineteen digits, not inside a longer word
 * or number.  Stops when fn returns non-zero and returns that.
 */
int vigil__rss_cves(const char *s, int (*fn)(void *ctx, const char *cve,
                                             size_t len), void *ctx);

/* The GHSA id ("GHSA-xxxx-xxxx-xxxx") in s, copied to out (at least 20
 * bytes); 0 when found. */
int vigil__rss_ghsa(const char *s, char *out, size_t outlen);

/*
 * An RFC 822 / RFC 2822 date ("Tue, 09 Sep 2025 00:00:00 +0000", "GMT",
 * "EST", two-digit years) as an ISO 8601 string vigil_time_parse()
 * reads, into out; 0, or VIGIL_EINVAL when s is no such date.
 */
int vigil__rss_rfc822(const char *s, char *out, size_t outlen);

#endif
