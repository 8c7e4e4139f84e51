/*
 * rss_json.c - JSON Feed 1.0 and 1.1 (https://jsonfeed.org), the JSON
 * sibling of RSS that some advisory feeds are published in: each of
 * items[] is read as an RSS item, with its own JSON as raw text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "rss_int.h"
#include "../internal.h"

static const char *const link_keys[] = { "url", "external_url" };
static const char *const text_keys[] = {
    "summary", "content_html", "content_text",
};

/* The first of the keys that holds a non-empty string. */
static const char *first(const cJSON *o, const char *const *keys, size_t n)
{
    const char *s = NULL;
    size_t i;

    for (i = 0; i < n && !s; i++)
        s = vigil__json_str(o, keys[i]);
    return s;
}

/* JSON Feed 1.0 allowed numeric ids. */
static const char *item_id(const cJSON *o, char *buf, size_t n)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");

    if (cJSON_IsNumber(id)) {
        snprintf(buf, n, "%.17g", id->valuedouble);
        return buf;
    }
    return vigil__json_str(o, "id");
}

static int one_item(struct feed_doc *d, const cJSON *o, const char *source,
                    size_t index)
{
    struct rss_item it;
    char num[32];
    char *raw;
    int rc;

    memset(&it, 0, sizeof(it));
    if (!cJSON_IsObject(o)) {
        struct feed_rec r;

        vigil__feed_rec_init(&r, d, "rss", source);
        return vigil__feed_finish_raw(&r, vigil__feed_fail(&r, "item is "
                                                           "not a JSON "
                                                           "object"),
                                      NULL, 0, index);
    }
    if (!(raw = cJSON_PrintUnformatted(o)))
        return VIGIL_ENOMEM;
    it.id = item_id(o, num, sizeof(num));
    it.link = first(o, link_keys, VIGIL_ARRAY_SIZE(link_keys));
    it.title = vigil__json_str(o, "title");
    it.summary = first(o, text_keys, VIGIL_ARRAY_SIZE(text_keys));
    it.published = vigil__json_str(o, "date_published");
    it.updated = vigil__json_str(o, "date_modified");
    it.raw = raw;
    it.raw_len = strlen(raw);
    rc = vigil__rss_emit(d, &it, source, index);
    free(raw);
    return rc;
}

int vigil__feed_jsonfeed(struct feed_doc *d, const cJSON *root,
                         struct vigil_error *err)
{
    const char *version = vigil__json_str(root, "version");
    const cJSON *items = vigil__json_arr(root, "items"), *e;
    size_t index = 0;
    int rc;

    if (!version || strncmp(version, "https://jsonfeed.org/version/", 29) ||
        !items)
        return vigil_error_set(err, VIGIL_EPARSE, 0, "not a JSON Feed: "
                               "no 'version' or 'items'");
    cJSON_ArrayForEach(e, items) {
        if (index == RSS_MAX_ITEMS)
            break;
        if ((rc = one_item(d, e, vigil__json_str(root, "title"), index++)))
            return rc;
    }
    return 0;
}
