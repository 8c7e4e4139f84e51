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

/* Writes an event about update id in the current transaction. */
int vigil__track_event(struct vigil_store *s, const char *type,
                       long long id, const struct vigil_update_input *in,
                       const char *priority, struct vigil_error *err);

#endif
