/*
 * watch.h - product watches: say "tell me about anything that names
 * this product" and hear of a new advisory before NVD has added CPEs
 * or an ecosystem has a package range for it.
 *
 * A watch is a keyword (matched as a whole word, ignoring case, in the
 * title and description), a vendor or a product (matched, ignoring case,
 * against the vendor and product an advisory's affected entries, CPEs
 * or KEV entry name, and as a whole word in its text).
 */
#ifndef VIGIL_WATCH_H
#define VIGIL_WATCH_H

#include "vigil/advisory.h"
#include "vigil/store.h"

enum vigil_watch_kind {
    VIGIL_WATCH_KEYWORD,
    VIGIL_WATCH_VENDOR,
    VIGIL_WATCH_PRODUCT
};

struct vigil_watch {
    long long id;
    enum vigil_watch_kind kind;
    const char *value;
    long long hits;
};

/* "keyword", "vendor", "product"; and back (-1 when unknown). */
const char *vigil_watch_kind_name(enum vigil_watch_kind k);
int vigil_watch_kind_by_name(const char *name);

/*
 * Where advisory record a names the watch, as a static field name
 * ("title", "description", "affected", "cpe", "kev"), or NULL.
 */
const char *vigil_watch_hit(const struct vigil_watch *w,
                            const struct vigil_advisory *a);

#endif
