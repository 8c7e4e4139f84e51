/*
 * pattern_int.h - the compiled form of an event pattern, shared by the
 * tree compiler (pattern.c), the operators (pattern_ops.c) and the
 * matcher (pattern_match.c).
 *
 * A pattern object becomes a pn_object: a list of fields that must all
 * match.  A field is a leaf (a list of value matchers, any of which may
 * match), a nested object, or a "$or" group of objects.  Every part
 * lives in the pattern's pool and is freed with it.
 */
#ifndef VIGIL_PATTERN_INT_H
#define VIGIL_PATTERN_INT_H

#include <stddef.h>

#include "vigil/pattern.h"

/* Deepest array nesting in an event that a leaf looks into. */
#define PATTERN_EVENT_ARRAY_DEPTH 32

enum pm_kind {
    PM_STRING,
    PM_NUMBER,
    PM_BOOL,
    PM_NULL,
    PM_PREFIX,
    PM_SUFFIX,
    PM_EQUALS_CI,
    PM_PREFIX_CI,
    PM_SUFFIX_CI,
    PM_WILDCARD,
    PM_NUMERIC,
    PM_CIDR,
    PM_ANYTHING_BUT,
    PM_EXISTS,
    PM_KIND_COUNT
};

/* A literal piece of a wildcard, between two '*'. */
struct pm_seg {
    const char *s;
    size_t len;
};

/* nseg = number of '*' + 1; the first and last pieces may be empty. */
struct pm_wild {
    struct pm_seg *seg;
    size_t nseg;
};

struct pm_range {
    double lo, hi;
    unsigned char has_lo, has_hi, lo_incl, hi_incl;
};

struct pm_cidr {
    int family;                 /* AF_INET or AF_INET6 */
    unsigned bits;
    unsigned char addr[16];     /* host bits cleared */
};

struct pm_matcher {
    enum pm_kind kind;
    union {
        struct {
            const char *s;
            size_t len;
        } str;                  /* STRING, PREFIX.., EQUALS_CI */
        double num;             /* NUMBER */
        int flag;               /* BOOL value; EXISTS wanted */
        struct pm_wild wild;
        struct pm_range range;
        struct pm_cidr cidr;
        struct {
            struct pm_matcher *alt;
            size_t n;
        } but;                  /* ANYTHING_BUT: none of these */
    } u;
};

enum pn_kind { PN_LEAF, PN_OBJECT, PN_OR, PN_KIND_COUNT };

struct pn_object;

struct pn_field {
    enum pn_kind kind;
    const char *name;           /* NULL for PN_OR */
    size_t n;                   /* matchers (LEAF) or objects (OR) */
    union {
        struct pm_matcher *alt;
        struct pn_object *obj;  /* one for OBJECT, n for OR */
    } u;
};

struct pn_object {
    struct pn_field *field;
    size_t n;
};

struct pattern_chunk;

struct vigil_pattern {
    struct pn_object root;
    struct pattern_chunk *chunks;
    size_t chunk_next;          /* size of the next chunk */
};

/* Compile context: where in the pattern we are, for messages. */
struct pattern_cc {
    struct vigil_pattern *pat;
    struct vigil_error *err;
    size_t nodes;
    size_t plen;
    char path[256];
};

/* Zeroed memory owned by the pattern, or NULL. */
void *vigil__pattern_alloc(struct vigil_pattern *p, size_t n, size_t size);

/*
 * Records "PATH: message" (PATH is "pattern" at the top) and returns
 * code.
 */
int vigil__pattern_fail(struct pattern_cc *c, int code, const char *fmt,
                        ...) __attribute__((format(printf, 3, 4)));

/* Counts n more nodes against VIGIL_PATTERN_MAX_NODES. */
int vigil__pattern_count(struct pattern_cc *c, size_t n);

/*
 * Parses text[0..len) as one JSON value followed by nothing but white
 * space; on failure records "WHAT: malformed JSON at byte N" and
 * returns NULL.  The caller deletes the result with cJSON_Delete().
 */
struct cJSON *vigil__pattern_parse(const char *text, size_t len,
                                   const char *what,
                                   struct vigil_error *err);

/* Compiles one entry of a value list (a JSON value or operator). */
int vigil__pattern_value(struct pattern_cc *c, const struct cJSON *v,
                         struct pm_matcher *m);

/* Non-zero when matcher m accepts the event leaf value v. */
int vigil__pattern_value_match(const struct pm_matcher *m,
                               const struct cJSON *v);

#endif
