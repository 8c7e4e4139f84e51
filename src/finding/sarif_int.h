/*
 * sarif_int.h - what sarif.c and sarif_run.c share: a run with its
 * tool components indexed, so that each result finds its rule, its
 * message strings and its artifact in constant or logarithmic time
 * however large the log is.
 */
#ifndef VIGIL_SARIF_INT_H
#define VIGIL_SARIF_INT_H

#include <stddef.h>

#include <cJSON.h>

#include "vigil/buf.h"
#include "finding_int.h"

/*
 * LIMIT: a SARIF message with its {N} placeholders filled in is cut at
 * 64 KiB. See docs/LIMITS.md#sarif-message-size.
 */
#define SARIF_MAX_MESSAGE ((size_t)64 << 10)

/* A tool component (the driver or an extension) and its rules. */
struct sarif_comp {
    const cJSON *obj;
    const cJSON **rules;       /* in document order: rule indexes */
    size_t nrules;
    const cJSON **by_id;       /* rules that have an id, sorted by it */
    size_t nby_id;
};

/*
 * The derived ids handed out in one log, so that results a tool gives
 * the same fingerprint (two identical lines in one file) get distinct
 * ids: "-2", "-3" are appended in document order.
 */
struct sarif_seen {
    unsigned char (*keys)[16];
    size_t *counts;
    size_t cap;                /* 0 or a power of two */
    size_t n;
};

struct sarif_run {
    size_t index;              /* in "runs" */
    struct sarif_seen *seen;
    const char *tool;          /* driver name, or NULL */
    const char *started;       /* first invocation's time as written */
    const cJSON **artifacts;   /* run.artifacts by index */
    size_t nartifacts;
    struct sarif_comp *comps;  /* [0] the driver, [1 + i] extension i */
    size_t ncomps;
    struct vigil_arena arena;  /* the tables above */
};

/* Indexes run object o.  Returns 0 or VIGIL_ENOMEM; release after
 * either. */
int vigil__sarif_run_init(struct sarif_run *run, const cJSON *o,
                          size_t index, struct sarif_seen *seen);
void vigil__sarif_run_release(struct sarif_run *run);

/*
 * The rule of result res (NULL when unknown), the component that
 * holds it (NULL when the result names one the run lacks) and the
 * rule id: ruleId, rule.id, or the indexed rule's id.
 */
const cJSON *vigil__sarif_rule(const struct sarif_run *run,
                               const cJSON *res,
                               const struct sarif_comp **comp,
                               const char **rule_id);

/*
 * The message text of res into *out (NULL when it has none): its text,
 * or the message string its id names in the rule or the component,
 * with {N} placeholders filled from its arguments.  Returns 0 or
 * VIGIL_ENOMEM.
 */
int vigil__sarif_message(struct finding_rec *r, const struct sarif_run *run,
                         const struct sarif_comp *comp, const cJSON *res,
                         const cJSON *rule, const char **out);

/* The artifact the run lists at index i, or NULL. */
const cJSON *vigil__sarif_artifact(const struct sarif_run *run,
                                   const cJSON *index);

/*
 * Sets r->f.id to "sarif-" and 32 hex digits of a hash of the tool,
 * the rule id and the result's fingerprints with its artifact uri
 * (else its location and description), all of which r->f must already
 * hold; "-N" is appended for the Nth result of the log with that hash.
 * Returns 0 or VIGIL_ENOMEM.
 */
int vigil__sarif_derive_id(struct finding_rec *r, const struct sarif_run *run,
                           const cJSON *res, const char *uri);

void vigil__sarif_seen_release(struct sarif_seen *seen);

/* A JSON number that is a whole number in [0, max]; 1 when it is. */
int vigil__sarif_index(const cJSON *v, size_t max, size_t *out);

#endif
