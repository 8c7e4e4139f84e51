/*
 * fuzz_feed.h - what the feed fuzz targets share: a sink that reads
 * every field of every record (so that ASan sees bad pointers) and
 * checks that each affected entry survives the JSON codec unchanged.
 */
#ifndef VIGIL_FUZZ_FEED_H
#define VIGIL_FUZZ_FEED_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/advisory.h"
#include "vigil/buf.h"
#include "vigil/feed.h"

static inline size_t fuzz_len(const char *s)
{
    return s ? strlen(s) : 0;
}

/* Encode, decode, encode must give the same text twice. */
static inline void fuzz_roundtrip(const struct vigil_affected *a)
{
    struct vigil_buf one = VIGIL_BUF_INIT, two = VIGIL_BUF_INIT;
    struct vigil_affected back;
    struct vigil_arena arena;

    vigil_arena_init(&arena);
    if (vigil_affected_to_json(a, &one) != 0 ||
        vigil_affected_from_json(one.ptr, &arena, &back) != 0 ||
        vigil_affected_to_json(&back, &two) != 0 || one.len != two.len ||
        memcmp(one.ptr, two.ptr, one.len) != 0)
        abort();
    vigil_arena_release(&arena);
    vigil_buf_release(&one);
    vigil_buf_release(&two);
}

static inline size_t fuzz_range(const struct vigil_range *g)
{
    size_t i, n = fuzz_len(g->type) + fuzz_len(g->repo) +
                  fuzz_len(g->start) + fuzz_len(g->end) +
                  fuzz_len(g->exact) + fuzz_len(g->status) +
                  fuzz_len(g->version_type);

    for (i = 0; i < g->nevents; i++)
        n += fuzz_len(g->events[i].version);
    for (i = 0; i < g->nchanges; i++)
        n += fuzz_len(g->changes[i].at) + fuzz_len(g->changes[i].status);
    return n;
}

static inline int fuzz_on_advisory(void *ctx, const struct vigil_advisory *a)
{
    size_t i, n = fuzz_len(a->id) + fuzz_len(a->format) +
                  fuzz_len(a->source) + fuzz_len(a->title) +
                  fuzz_len(a->description) + fuzz_len(a->published) +
                  fuzz_len(a->modified);

    for (i = 0; i < a->naliases; i++)
        n += fuzz_len(a->aliases[i]);
    for (i = 0; i < a->ncwes; i++)
        n += fuzz_len(a->cwes[i]);
    for (i = 0; i < a->nrefs; i++)
        n += fuzz_len(a->refs[i].url) + fuzz_len(a->refs[i].type);
    for (i = 0; i < a->nscores; i++)
        n += fuzz_len(a->scores[i].source) + fuzz_len(a->scores[i].vector) +
             fuzz_len(a->scores[i].version) + fuzz_len(a->scores[i].type) +
             fuzz_len(a->scores[i].severity);
    if (a->kev)
        n += fuzz_len(a->kev->date_added) + fuzz_len(a->kev->notes) +
             fuzz_len(a->kev->vendor) + fuzz_len(a->kev->product) +
             fuzz_len(a->kev->due_date) + fuzz_len(a->kev->name) +
             fuzz_len(a->kev->required_action);
    for (i = 0; i < a->naffected; i++) {
        size_t k;

        for (k = 0; k < a->affected[i].nranges; k++)
            n += fuzz_range(&a->affected[i].ranges[k]);
        fuzz_roundtrip(&a->affected[i]);
    }
    if (!a->id || !a->raw || memchr(a->raw, 0, a->raw_len))
        abort();
    *(size_t *)ctx += n;
    return 0;
}

static inline void fuzz_on_error(void *ctx, const char *origin,
                                 const struct vigil_error *err)
{
    *(size_t *)ctx += fuzz_len(origin) + fuzz_len(err->msg) +
                      fuzz_len(err->record);
}

static inline int fuzz_feed_run(enum vigil_format fmt, const uint8_t *data,
                                size_t size)
{
    size_t total = 0;
    struct vigil_feed_sink sink = {
        .on_advisory = fuzz_on_advisory, .on_error = fuzz_on_error,
        .ctx = &total
    };

    vigil_feed_parse(fmt, (const char *)data, size, "fuzz", &sink);
    return 0;
}

#endif
