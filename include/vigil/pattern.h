/*
 * pattern.h - event patterns for alert rules.
 *
 * An alert rule selects vigil events ({"id", "type", "time", "source",
 * "detail"}) with a pattern in the JSON event-pattern language of cloud
 * event buses: an object whose keys name event fields, nested objects
 * for nested fields, and at the leaves arrays of alternatives that are
 * plain values or operator objects (prefix, suffix, equals-ignore-case,
 * wildcard, anything-but, exists, numeric, cidr), with "$or" at any
 * level.  docs/PATTERNS.md describes the language.
 *
 * A pattern is compiled once into a tree of matchers and can then be
 * tested against any number of events.  The module does no I/O and
 * keeps no global state.
 */
#ifndef VIGIL_PATTERN_H
#define VIGIL_PATTERN_H

#include <stddef.h>

#include "vigil/common.h"

/* Bounds of a pattern; past them compile fails with VIGIL_ELIMIT. */
#define VIGIL_PATTERN_MAX_BYTES 65536   /* JSON text of a pattern */
#define VIGIL_PATTERN_MAX_DEPTH 16      /* nested objects, $or included */
#define VIGIL_PATTERN_MAX_VALUES 256    /* entries of one array or object */
#define VIGIL_PATTERN_MAX_NODES 1024    /* fields and values in all */

/* Largest event text vigil_pattern_match() parses. */
#define VIGIL_PATTERN_EVENT_MAX ((size_t)1 << 20)

struct vigil_pattern;
struct cJSON;

/*
 * Compiles the pattern in json[0..len) (need not be NUL-terminated).
 * On success *out holds a pattern the caller frees with
 * vigil_pattern_free().  Returns 0; VIGIL_EPARSE when the text is not
 * JSON (err->offset is the byte where parsing stopped); VIGIL_EINVAL
 * when it is JSON but not a valid pattern; VIGIL_ELIMIT past one of the
 * VIGIL_PATTERN_MAX_* bounds; VIGIL_ENOMEM.  err->msg names the place
 * in the pattern and the offending operator, for instance
 * 'detail.severity[0]: "numeric" needs an array of operator/number
 * pairs'.  Reentrant.
 */
int vigil_pattern_compile(const char *json, size_t len,
                          struct vigil_pattern **out,
                          struct vigil_error *err);

/*
 * Parses the event in event_json[0..len) and sets *matched to 1 when
 * the pattern selects it, else 0.  Returns 0; VIGIL_EPARSE when the
 * text is not JSON; VIGIL_EINVAL when it is not a JSON object;
 * VIGIL_ELIMIT when it is longer than VIGIL_PATTERN_EVENT_MAX;
 * VIGIL_ENOMEM.  *matched is written only on success.  A compiled
 * pattern is never modified, so threads may share it.
 */
int vigil_pattern_match(const struct vigil_pattern *p,
                        const char *event_json, size_t len, int *matched,
                        struct vigil_error *err);

/*
 * The same test on an event the caller parsed (with cJSON) once, so
 * that one event can be tested against many patterns.  The event is
 * only read.  Returns 0, or VIGIL_EINVAL when event is not an object.
 */
int vigil_pattern_match_json(const struct vigil_pattern *p,
                             const struct cJSON *event, int *matched,
                             struct vigil_error *err);

/* Frees a compiled pattern; accepts NULL. */
void vigil_pattern_free(struct vigil_pattern *p);

#endif
