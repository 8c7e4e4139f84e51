/*
 * rss_item.c - one feed item as a record of format "rss".
 *
 * The id is the item's own (guid, Atom id, JSON Feed id), else its
 * link: items of different feeds may name the same CVE, and the store
 * keeps one record per format and id.  The CVE id the item names is an
 * alias, so that the item joins the CVE's advisory, but only when it
 * names exactly one: as aliases, several CVE ids would fold distinct
 * advisories into one.
 */
#include <string.h>

#include "rss_int.h"
#include "../internal.h"

struct cve_list {
    const char *first;           /* in the arena */
    size_t n;
    struct vigil_arena *arena;
    char seen[RSS_MAX_CVES][24];
};

static int note_cve(void *ctx, const char *cve, size_t len)
{
    struct cve_list *l = ctx;
    size_t i;

    if (len >= sizeof(l->seen[0]))
        return 0;
    for (i = 0; i < l->n && i < RSS_MAX_CVES; i++)
        if (strlen(l->seen[i]) == len && strncmp(l->seen[i], cve, len) == 0)
            return 0;
    if (l->n < RSS_MAX_CVES) {
        memcpy(l->seen[l->n], cve, len);
        l->seen[l->n][len] = '\0';
    }
    if (l->n++ == 0 && !(l->first = vigil_arena_strndup(l->arena, cve, len)))
        return VIGIL_ENOMEM;
    return 0;
}

/* "APSB25-85: APSB25-85: Security update" -> "APSB25-85: Security
 * update": some generators put the id in front twice. */
static const char *drop_repeat(const char *title)
{
    size_t n = strcspn(title, ": ");

    if (n > 0 && title[n] == ':' && title[n + 1] == ' ' &&
        strncmp(title, title + n + 2, n) == 0 && title[2 * n + 2] == ':')
        return title + n + 2;
    return title;
}

static const char *trimmed(struct vigil_arena *a, const char *s)
{
    size_t n;

    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        n--;
    return n ? vigil_arena_strndup(a, s, n) : NULL;
}

/* An RFC 822 or RFC 3339 date as "YYYY-MM-DDTHH:MM:SSZ", or NULL. */
static const char *when(struct feed_rec *r, const char *s)
{
    char iso[64];

    if (!(s = trimmed(r->arena, s)))
        return NULL;
    if (vigil__rss_rfc822(s, iso, sizeof(iso)) == 0)
        return vigil__feed_time(r, iso);
    return vigil__feed_time(r, s);
}

static int fill_text(struct feed_rec *r, const struct rss_item *it)
{
    int oom = 0;

    r->adv.title = vigil__rss_text(r->arena, it->title, 0, RSS_MAX_TITLE,
                                   &oom);
    if (r->adv.title)
        r->adv.title = drop_repeat(r->adv.title);
    r->adv.description = vigil__rss_text(r->arena, it->summary, 1,
                                         RSS_MAX_DESCRIPTION, &oom);
    return oom ? VIGIL_ENOMEM : 0;
}

static int fill_ids(struct feed_rec *r, const struct rss_item *it,
                    const char *link)
{
    struct cve_list cves;
    char ghsa[24];
    int rc;

    r->adv.id = trimmed(r->arena, it->id);
    if (!r->adv.id)
        r->adv.id = link;
    if (!r->adv.id)
        return vigil__feed_fail(r, "item has no guid, id or link");
    memset(&cves, 0, sizeof(cves));
    cves.arena = r->arena;
    if ((rc = vigil__rss_cves(r->adv.title, note_cve, &cves)) ||
        (rc = vigil__rss_cves(r->adv.description, note_cve, &cves)))
        return rc;
    /* LIMIT: the CVE ids of an item that names several are not kept as
     * aliases; the item stays an advisory of its own. See
     * docs/LIMITS.md#rss-several-cves. */
    if (cves.n == 1 && (rc = vigil__feed_add_alias(r, cves.first)))
        return rc;
    if (vigil__rss_ghsa(r->adv.id, ghsa, sizeof(ghsa)) == 0 ||
        (link && vigil__rss_ghsa(link, ghsa, sizeof(ghsa)) == 0)) {
        const char *id = vigil_arena_strdup(r->arena, ghsa);

        if (!id)
            return VIGIL_ENOMEM;
        return vigil__feed_add_alias(r, id);
    }
    return 0;
}

static int fill(struct feed_rec *r, const struct rss_item *it)
{
    const char *link = trimmed(r->arena, it->link);
    int rc;

    if ((rc = fill_text(r, it)) || (rc = fill_ids(r, it, link)))
        return rc;
    r->adv.published = when(r, it->published);
    r->adv.modified = when(r, it->updated);
    return vigil__feed_add_ref(r, link, "ADVISORY");
}

int vigil__rss_emit(struct feed_doc *d, const struct rss_item *it,
                    const char *source, size_t index)
{
    struct feed_rec r;
    int rc;

    vigil__feed_rec_init(&r, d, "rss", source ? source : "rss");
    rc = fill(&r, it);
    return vigil__feed_finish_raw(&r, rc, it->raw, it->raw_len, index);
}
