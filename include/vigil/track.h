/*
 * track.h - security updates: one per relevant advisory, kept in step
 * with the matches, with priority, due date, owner and history.
 */
#ifndef VIGIL_TRACK_H
#define VIGIL_TRACK_H

#include "vigil/policy.h"
#include "vigil/store.h"

struct vigil_track_stats {
    long long created;       /* new updates */
    long long changed;       /* updates with at least one field changed */
    long long reopened;      /* completed items opened on new evidence */
    long long verified;      /* remediated items no longer matching */
    long long closed;        /* untouched items no longer matching */
    long long expired;       /* risk acceptances past their date */
    long long breached;      /* open items that went past due */
};

/*
 * An ownership rule: a new update whose affected systems and components
 * meet every given condition (globs, as in the shell) is assigned to
 * assignee.  Rules are tried in order; none matching, the owner of the
 * most critical affected system is the assignee.
 */
struct vigil_owner_rule {
    const char *assignee;
    const char *system;        /* system name glob, or NULL */
    const char *tag;           /* one of the system's tags, or NULL */
    const char *env;           /* the system's environment, or NULL */
    const char *package;       /* affected component name glob, or NULL */
};

struct vigil_track_opts {
    const struct vigil_policy *policy;     /* NULL: the defaults */
    const struct vigil_owner_rule *rules;
    size_t nrules;
    const char *actor;                     /* NULL: "vigil" */
    const char *cause;     /* what prompted the sync, such as "import of
                              12 epss records"; NULL: a match run */
};

/*
 * Brings every security update in line with the current matches, KEV,
 * EPSS and scores, inside the caller's transaction.  The actor and the
 * cause are recorded in the history of every change.  A completed item
 * (verified, closed, not_affected, false_positive) opens again only
 * when its evidence holds news: a new KEV listing, or a system,
 * component or version not matched when it was completed (which
 * includes a match that had gone coming back).
 */
int vigil_track_sync(struct vigil_store *s, const struct vigil_track_opts *o,
                     struct vigil_track_stats *st, struct vigil_error *err);

/*
 * Appends the one-line summary of a sync that import, run, match and
 * the daemon all print: "1 created, 2 changed, 1 reopened, 0 verified,
 * 0 closed, 0 risk acceptances expired".  Returns 0 or VIGIL_ENOMEM.
 */
int vigil_track_stats_format(const struct vigil_track_stats *st,
                             struct vigil_buf *out);

/* Whether a sync changed any update (any counter of st is non-zero). */
int vigil_track_stats_any(const struct vigil_track_stats *st);

/* "VU-12" -> 12; returns VIGIL_EINVAL for anything else. */
int vigil_track_parse_id(const char *s, long long *id);


/* ---- workflow: each call runs in the caller's transaction ---- */

/*
 * Moves update id to state `to` when the transition table allows it;
 * otherwise VIGIL_ESTATE with a message naming the allowed states.
 * risk_accepted is refused (VIGIL_EINVAL): vigil_track_accept_risk, with
 * an end date and a reason, is the one way into it.
 * Entering verified, closed, not_affected or false_positive sets the
 * completion date; leaving them clears it.  reason (NULL: none) is at
 * most 1024 bytes (else VIGIL_ELIMIT), valid UTF-8 without control
 * characters (else VIGIL_EINVAL); the same holds for every reason and
 * verification method below.
 */
int vigil_track_transition(struct vigil_store *s, long long id,
                           const char *to, const char *actor,
                           const char *reason, struct vigil_error *err);

/* Whether `state` is one of the states of an update. */
int vigil_track_valid_state(const char *state);

/* The number of states, and state i of the workflow in its order
 * ("new" first); NULL past the end. */
#define VIGIL_TRACK_NSTATES 9
const char *vigil_track_state(size_t i);

/* Whether work on an update in `state` is still to do: 1 for new,
 * triaged, in_progress, remediated and risk_accepted. */
int vigil_track_is_open(const char *state);

/*
 * The states the transition table allows from `from`, space-separated
 * (static storage), or NULL when `from` is not a state.  Forms offer
 * these, except risk_accepted (which has its own form), and nothing
 * else.
 */
const char *vigil_track_next_states(const char *from);

/*
 * Assigns update id to name (NULL: nobody).  A name is valid UTF-8 with
 * no control character, not blank and without white space at either
 * end (VIGIL_EINVAL), and at most 128 bytes (VIGIL_ELIMIT).
 */
int vigil_track_assign(struct vigil_store *s, long long id,
                       const char *name, const char *actor,
                       const char *reason, struct vigil_error *err);

/* Appends "DATE ACTOR: text" to the notes; text is valid UTF-8 (else
 * VIGIL_EINVAL), at most 64 KiB (else VIGIL_ELIMIT) and may span lines:
 * each line after its first is indented by two spaces, so that it
 * cannot pass for the header of another note. */
int vigil_track_note(struct vigil_store *s, long long id, const char *text,
                     const char *actor, struct vigil_error *err);

/* risk_accepted until `until` (YYYY-MM-DD, in the future), with why. */
int vigil_track_accept_risk(struct vigil_store *s, long long id,
                            const char *until, const char *reason,
                            const char *actor, struct vigil_error *err);

/* verified, recording how. */
int vigil_track_verify(struct vigil_store *s, long long id,
                       const char *method, const char *actor,
                       struct vigil_error *err);


/*
 * Appends to out a JSON object that explains the priority and due date
 * of update id under policy p: every input (KEV, EPSS, the chosen score
 * and why, criticality, environment, identification date), the rules
 * that fired in order, the SLA, the stored and the recomputed values,
 * and the policy settings.
 */
int vigil_track_explain(struct vigil_store *s, const struct vigil_policy *p,
                        long long id, struct vigil_buf *out,
                        struct vigil_error *err);


/*
 * Appends the weekly review agenda as JSON to out: for each owner, the
 * new items to triage, items due in the next 7 days, overdue items,
 * risk acceptances that end in the next 14 days and remediated items
 * awaiting verification.
 */
int vigil_track_review(struct vigil_store *s, struct vigil_buf *out,
                       struct vigil_error *err);

/* ---- JSON documents, shared by vigil show --json and the REST API ---- */

/*
 * Appends the fields of u as an object left open ("{"id": "VU-1", ...),
 * so that a caller may add members before closing it.
 */
int vigil_track_update_fields_json(struct vigil_buf *b,
                                   const struct vigil_update *u);

/*
 * Appends the whole update: its fields, the active matches of its
 * advisory ("affected"), the advisory's scores and the history, oldest
 * first.  VIGIL_ENOTFOUND when there is no such update.
 */
int vigil_track_update_json(struct vigil_store *s, long long id,
                            struct vigil_buf *out);

/*
 * A vigil_match_rec_fn for vigil_store_matches(): appends one match as
 * an object to the JSON array being built in the vigil_buf ctx (which
 * must end in "[" or in a previous element).
 */
int vigil_track_match_json(void *ctx, const char *advisory,
                           const char *system,
                           const struct vigil_match_rec *m);

#endif
