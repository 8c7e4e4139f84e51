/*
 * track_int.h - what the tracking module's files share.
 */
#ifndef VIGIL_TRACK_INT_H
#define VIGIL_TRACK_INT_H

#include "vigil/policy.h"
#include "vigil/store.h"
#include "vigil/track.h"

struct vigil__priority {
    const char *priority;       /* Critical, High, Medium, Low */
    char reason[1024];          /* the rules that fired, in order */
    char due[16];               /* YYYY-MM-DD, or "" */

    /* what went in and came out, for vigil explain */
    struct vigil_policy_input in;
    struct vigil_policy_result res;
    int has_choice;
    struct vigil_score_choice choice;
    char choice_source[64];
    char choice_vector[160];
};

/*
 * Computes priority, reason and due date for an advisory's update under
 * policy p.  identified is the update's identification time (NULL:
 * now).  Returns 0 or a negative code.
 */
int vigil__track_priority(struct vigil_store *s, const struct vigil_policy *p,
                          const struct vigil_update_input *in,
                          const char *identified,
                          struct vigil__priority *out);

/*
 * The default assignee of a new update for in: the first ownership rule
 * that the affected systems and components meet, else in->owner.
 * Returns a string that lives as long as rules or in.
 */
const char *vigil__track_assignee(struct vigil_store *s,
                                  const struct vigil_owner_rule *rules,
                                  size_t nrules,
                                  const struct vigil_update_input *in);

/*
 * Empties the end date, reason and author of update id's risk
 * acceptance, for an item that leaves risk_accepted: the history keeps
 * them, and the item must not go on showing an end date that no longer
 * holds.  In the caller's transaction.
 */
int vigil__track_end_risk(struct vigil_store *s, long long id,
                          const char *actor, const char *reason,
                          struct vigil_error *err);

/* Writes an event about update id in the current transaction. */
int vigil__track_event(struct vigil_store *s, const char *type,
                       long long id, const struct vigil_update_input *in,
                       const char *priority, struct vigil_error *err);

/*
 * Writes into b (reset first) the evidence fingerprint of an update:
 * its KEV listing and its remediation lines (NULL: none, as for an
 * item that no longer matches).
 */
void vigil__track_evidence(struct vigil_buf *b, int kev,
                           const char *remediation);

/*
 * What fingerprint cur holds that the older old (NULL: none recorded)
 * does not: a new KEV listing, or a system, component and version not
 * named before.  Appends a description of it to why ("now in KEV;
 * affected: web-01: libc6 2.36-9") and returns how many such news
 * there are; 0 when cur only drops or rewords what old held.
 */
int vigil__track_evidence_news(const char *old, const char *cur,
                               struct vigil_buf *why);

#endif
