/*
 * rss.c - XML feeds read with libxml2: RSS 2.0 (and 0.9x), RSS 1.0
 * (RDF) and Atom 1.0, one record per item or entry, each with its own
 * XML as raw text so that a feed that gains an item leaves the others
 * unchanged.
 *
 * The parser never touches the network, loads no DTD and expands no
 * entity; documents that declare entities are refused outright, so no
 * entity can make a small file large.  Elements are known by their
 * local name, whatever their namespace, as feeds mix prefixes freely
 * (dc:date, content:encoded, atom:link).
 */
#include <limits.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "rss_int.h"
#include "../internal.h"

/* Roots that are feeds, and one that is a list of them. */
static const struct {
    const char *name;
    enum vigil_format format;
    const char *skip;
} xml_roots[] = {
    { "rss", VIGIL_FMT_RSS, NULL },
    { "feed", VIGIL_FMT_RSS, NULL },
    { "RDF", VIGIL_FMT_RSS, NULL },
    { "opml", VIGIL_FMT_UNKNOWN, "OPML subscription list, not an advisory" },
};

/* Where each item field comes from, by local element name, first
 * non-empty wins. */
enum field { F_ID, F_LINK, F_TITLE, F_SUMMARY, F_CONTENT, F_PUBLISHED,
             F_UPDATED, F_COUNT };

static const struct {
    const char *name;
    enum field field;
} item_fields[] = {
    { "guid", F_ID },           { "id", F_ID },
    { "link", F_LINK },         { "title", F_TITLE },
    { "description", F_SUMMARY }, { "summary", F_SUMMARY },
    { "encoded", F_CONTENT },   { "content", F_CONTENT },
    { "pubDate", F_PUBLISHED }, { "published", F_PUBLISHED },
    { "issued", F_PUBLISHED },  { "date", F_PUBLISHED },
    { "updated", F_UPDATED },   { "modified", F_UPDATED },
};

static size_t find_bytes(const char *buf, size_t len, const char *word);

/* Root elements that make malformed XML worth a precise error. */
static const char *const feed_tags[] = { "<rss", "<feed", "<rdf:RDF" };

int vigil__xml_looks_like_feed(const char *buf, size_t len)
{
    size_t i, n = len < 4096 ? len : 4096;

    for (i = 0; i < VIGIL_ARRAY_SIZE(feed_tags); i++)
        if (find_bytes(buf, n, feed_tags[i]) < n)
            return 1;
    return 0;
}

int vigil__looks_like_xml(const char *buf, size_t len)
{
    size_t i = 0;

    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
                       buf[i] == '\r'))
        i++;
    return i < len && buf[i] == '<';
}

/* Byte offset of 1-based line and column in buf. */
static size_t offset_of(const char *buf, size_t len, long line, long col)
{
    size_t off = 0;
    const char *nl;

    while (line > 1 && (nl = memchr(buf + off, '\n', len - off))) {
        off = (size_t)(nl - buf) + 1;
        line--;
    }
    while (col > 1 && off < len && buf[off] != '\n') {
        off++;
        col--;
    }
    return off;
}

static size_t find_bytes(const char *buf, size_t len, const char *word)
{
    size_t i, n = strlen(word);

    for (i = 0; i + n <= len; i++)
        if (buf[i] == word[0] && memcmp(buf + i, word, n) == 0)
            return i;
    return len;
}

static int xml_error(struct vigil_error *err, const char *buf, size_t len,
                     const xmlError *e)
{
    long line = e && e->line > 0 ? e->line : 1;
    long col = e && e->int2 > 0 ? e->int2 : 1;
    const char *msg = e && e->message ? e->message : "malformed document";
    size_t n = strcspn(msg, "\n");

    vigil_error_set(err, VIGIL_EPARSE, offset_of(buf, len, line, col),
                    "invalid XML at line %ld, column %ld: %.*s", line, col,
                    (int)n, msg);
    if (err) {
        err->line = line;
        err->column = col;
    }
    return VIGIL_EPARSE;
}

int vigil__xml_parse(const char *buf, size_t len, void **doc,
                     struct vigil_error *err)
{
    const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR |
                     XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    xmlParserCtxtPtr ctxt;
    xmlDocPtr d;
    size_t at = find_bytes(buf, len, "<!ENTITY");
    int rc = 0;

    /* LIMIT: XML documents that declare entities are refused. See
     * docs/LIMITS.md#rss-sizes. */
    if (at < len)
        return vigil_error_set(err, VIGIL_EUNSUPPORTED, at, "entity "
                               "declarations are not supported (byte %zu)",
                               at);
    if (len > INT_MAX)
        return vigil_error_set(err, VIGIL_ELIMIT, 0, "XML document too "
                               "large");
    xmlInitParser();
    if (!(ctxt = xmlNewParserCtxt()))
        return VIGIL_ENOMEM;
    d = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL, opts);
    if (!d || !ctxt->wellFormed)
        rc = xml_error(err, buf, len, xmlCtxtGetLastError(ctxt));
    xmlFreeParserCtxt(ctxt);
    if (rc) {
        xmlFreeDoc(d);
        return rc;
    }
    *doc = d;
    return 0;
}

void vigil__xml_free(void *doc)
{
    xmlFreeDoc(doc);
}

static int named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

enum vigil_format vigil__xml_detect(const void *doc, const char **skip,
                                    const char **root)
{
    xmlNodePtr top = xmlDocGetRootElement((xmlDocPtr)(void *)doc);
    size_t i;

    *skip = NULL;
    *root = top ? (const char *)top->name : "";
    for (i = 0; top && i < VIGIL_ARRAY_SIZE(xml_roots); i++) {
        if (!named(top, xml_roots[i].name))
            continue;
        *skip = xml_roots[i].skip;
        return xml_roots[i].format;
    }
    return VIGIL_FMT_UNKNOWN;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (named(n, name))
            return n;
    return NULL;
}

/* The text below n (entity references left out), up to the cap. */
static int add_text(struct vigil_buf *b, const xmlNode *n, int depth)
{
    int rc = 0;

    for (n = n->children; n && !rc; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            size_t len = strlen((const char *)n->content);

            if (b->len + len > RSS_MAX_FIELD)
                len = RSS_MAX_FIELD - b->len;
            rc = vigil_buf_add(b, n->content, len);
        } else if (n->type == XML_ELEMENT_NODE && depth < 64) {
            rc = add_text(b, n, depth + 1);
        }
    }
    return rc;
}

static int has_elements(const xmlNode *n)
{
    for (n = n->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return 1;
    return 0;
}

/* Atom's type="xhtml" content is markup: it is written out as such, so
 * that its paragraphs stay apart once the tags are removed. */
static int add_markup(struct vigil_buf *b, xmlDocPtr doc, const xmlNode *n)
{
    xmlBufferPtr x = xmlBufferCreate();
    size_t len;
    int rc = 0;

    if (!x)
        return VIGIL_ENOMEM;
    for (n = n->children; n && !rc; n = n->next)
        if (xmlNodeDump(x, doc, (xmlNodePtr)(void *)n, 0, 0) < 0)
            rc = VIGIL_ENOMEM;
    len = (size_t)xmlBufferLength(x);
    if (!rc)
        rc = vigil_buf_add(b, xmlBufferContent(x),
                           len > RSS_MAX_FIELD ? RSS_MAX_FIELD : len);
    xmlBufferFree(x);
    return rc;
}

static const char *text_of(struct vigil_arena *a, const xmlNode *n,
                           int *oom)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    const char *s = NULL;
    int rc;

    if (!n)
        return NULL;
    if (has_elements(n))
        rc = add_markup(&b, n->doc, n);
    else
        rc = add_text(&b, n, 0);
    if (rc)
        *oom = 1;
    else if (b.len && !(s = vigil_arena_strndup(a, b.ptr, b.len)))
        *oom = 1;
    vigil_buf_release(&b);
    return s;
}

/* An attribute's value in the arena, or NULL. */
static const char *attr(struct vigil_arena *a, const xmlNode *n,
                        const char *name, int *oom)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    const char *s = NULL;

    if (v && !(s = vigil_arena_strdup(a, (const char *)v)))
        *oom = 1;
    xmlFree(v);
    return s;
}

/* RSS links are text; Atom links are href attributes, of which the
 * alternate one (rel absent or "alternate") is the item's page. */
static const char *link_of(struct vigil_arena *a, const xmlNode *n,
                           int *oom)
{
    const char *rel, *s = text_of(a, n, oom);

    if (s)
        return s;
    rel = attr(a, n, "rel", oom);
    if (rel && strcmp(rel, "alternate") != 0)
        return NULL;
    return attr(a, n, "href", oom);
}

static int read_fields(struct vigil_arena *a, const xmlNode *item,
                       const char **f)
{
    const xmlNode *n;
    const char *s;
    size_t i;
    int oom = 0;

    memset(f, 0, F_COUNT * sizeof(*f));
    for (n = item->children; n && !oom; n = n->next) {
        for (i = 0; i < VIGIL_ARRAY_SIZE(item_fields); i++) {
            if (!named(n, item_fields[i].name) || f[item_fields[i].field])
                continue;
            s = item_fields[i].field == F_LINK ? link_of(a, n, &oom)
                                               : text_of(a, n, &oom);
            f[item_fields[i].field] = s;
        }
    }
    return oom ? VIGIL_ENOMEM : 0;
}

static int one_item(struct feed_doc *d, xmlDocPtr doc, const xmlNode *item,
                    const char *source, size_t index)
{
    const char *f[F_COUNT];
    struct rss_item it;
    xmlBufferPtr raw = xmlBufferCreate();
    int rc = 0;

    if (!raw)
        return VIGIL_ENOMEM;
    if (xmlNodeDump(raw, doc, (xmlNodePtr)(void *)item, 0, 0) < 0 ||
        (rc = read_fields(&d->arena, item, f))) {
        xmlBufferFree(raw);
        vigil_arena_reset(&d->arena);
        return VIGIL_ENOMEM;
    }
    memset(&it, 0, sizeof(it));
    it.id = f[F_ID];
    it.link = f[F_LINK];
    it.title = f[F_TITLE];
    it.summary = f[F_SUMMARY] ? f[F_SUMMARY] : f[F_CONTENT];
    it.published = f[F_PUBLISHED];
    it.updated = f[F_UPDATED];
    it.raw = (const char *)xmlBufferContent(raw);
    it.raw_len = (size_t)xmlBufferLength(raw);
    rc = vigil__rss_emit(d, &it, source, index);
    xmlBufferFree(raw);
    return rc;
}

/* The items of each kind of feed: RSS 2.0 in its channel, RSS 1.0
 * beside it, Atom entries under the root. */
static const xmlNode *item_parent(const xmlNode *root, const char **item)
{
    *item = named(root, "feed") ? "entry" : "item";
    if (named(root, "rss"))
        return child(root, "channel");
    return root;
}

int vigil__feed_rss_xml(struct feed_doc *d, void *doc,
                        struct vigil_error *err)
{
    const xmlNode *root = xmlDocGetRootElement(doc), *parent, *n;
    const xmlNode *chan;
    struct vigil_arena names;
    const char *item, *source;
    size_t index = 0;
    int rc = 0, oom = 0;

    parent = item_parent(root, &item);
    if (!parent)
        return vigil_error_set(err, VIGIL_EPARSE, 0, "RSS document has no "
                               "'channel' element");
    chan = named(root, "feed") ? root : child(root, "channel");
    vigil_arena_init(&names);
    source = text_of(&names, child(chan, "title"), &oom);
    source = vigil__rss_text(&names, source, 0, RSS_MAX_TITLE, &oom);
    for (n = parent->children; n && !rc && !oom; n = n->next) {
        if (!named(n, item))
            continue;
        if (index == RSS_MAX_ITEMS) {
            vigil_log(VIGIL_LOG_WARN, "%s: more than %d items; the rest "
                      "are ignored", d->origin, RSS_MAX_ITEMS);
            break;
        }
        rc = one_item(d, doc, n, source, index++);
    }
    vigil_arena_release(&names);
    return oom ? VIGIL_ENOMEM : rc;
}
