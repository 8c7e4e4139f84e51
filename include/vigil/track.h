/*
 * track.h - security updates: one per relevant advisory, kept in step
 * with the matches, with priority, due date, owner and history.
 */
#ifndef VIGIL_TRACK_H
#define VIGIL_TRACK_H

#include "vigil/store.h"

struct vigil_track_stats {
    long long created;       /* new updates */
    long long changed;       /* updates with at least one field changed */
    long long reopened;      /* closed or verified items that came back */
    long long verified;      /* remediated items no longer matching */
    long long closed;        /* untouched items no longer matching */
    long long expired;       /* risk acceptances past their date */
};

/*
 * Brings every security update in line with the current matches, KEV,
 * EPSS and scores, inside the caller's transaction.  actor is recorded
 * in the history of every change.
 */
int vigil_track_sync(struct vigil_store *s, const char *actor,
                     struct vigil_track_stats *st, struct vigil_error *err);

/* "VU-12" -> 12; returns VIGIL_EINVAL for anything else. */
int vigil_track_parse_id(const char *s, long long *id);

#endif
