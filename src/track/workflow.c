/*
 * workflow.c - the states of a security update and who may move it
 * where.  The transition table is the whole policy: a move it does not
 * list is refused with the list of moves it does.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/track.h"
#include "track_int.h"
#include "../internal.h"

static const struct {
    const char *from;
    const char *to;     /* space-separated allowed next states */
} transitions[] = {
    { "new", "triaged in_progress remediated not_affected false_positive "
             "risk_accepted closed" },
    { "triaged", "in_progress remediated not_affected false_positive "
                 "risk_accepted closed" },
    { "in_progress", "triaged remediated not_affected false_positive "
                     "risk_accepted" },
    { "remediated", "verified in_progress closed" },
    { "verified", "closed new" },
    { "closed", "new" },
    { "not_affected", "new" },
    { "false_positive", "new" },
    { "risk_accepted", "new triaged in_progress remediated" },
};

#define MAX_RISK_DAYS 1096

/*
 * What people type into an update is shown in terminals, tables and
 * mails: one-line fields hold no control byte, and every field has a
 * size that a page can show.  An assignee is held to
 * vigil_store_person_check.
 */
#define MAX_REASON 1024
#define MAX_NOTE (64 * 1024)

/* States after which the work counts as complete. */
static const char *const done_states[] = { "verified", "closed",
                                           "not_affected",
                                           "false_positive" };

static int in_list(const char *list, const char *word)
{
    size_t n = strlen(word);
    const char *p = list;

    while ((p = strstr(p, word))) {
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
        p += n;
    }
    return 0;
}

int vigil_track_valid_state(const char *state)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(transitions); i++)
        if (strcmp(transitions[i].from, state) == 0)
            return 1;
    return 0;
}

const char *vigil_track_next_states(const char *from)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(transitions); i++)
        if (strcmp(transitions[i].from, from) == 0)
            return transitions[i].to;
    return NULL;
}

static int is_done(const char *state)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(done_states); i++)
        if (strcmp(done_states[i], state) == 0)
            return 1;
    return 0;
}

const char *vigil_track_state(size_t i)
{
    _Static_assert(VIGIL_ARRAY_SIZE(transitions) == VIGIL_TRACK_NSTATES,
                   "VIGIL_TRACK_NSTATES counts the transition table");
    return i < VIGIL_ARRAY_SIZE(transitions) ? transitions[i].from : NULL;
}

int vigil_track_is_open(const char *state)
{
    return state && vigil_track_valid_state(state) && !is_done(state);
}

struct cur {
    char status[32];
    int found;
};

static int got(void *ctx, const struct vigil_update *u)
{
    struct cur *c = ctx;

    snprintf(c->status, sizeof(c->status), "%s", u->f[VIGIL_UF_STATUS]);
    c->found = 1;
    return 0;
}

static int current_status(struct vigil_store *s, long long id, struct cur *c,
                          struct vigil_error *err)
{
    memset(c, 0, sizeof(*c));
    if (vigil_store_update_get(s, id, got, c) != 0 || !c->found)
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0,
                               "no security update 'VU-%lld'", id);
    return 0;
}

/*
 * The refusal of a move the table does not allow, naming the moves it
 * does.  risk_accepted is named apart: no status change reaches it, only
 * an acceptance with an end date and a reason (accept-risk in the CLI,
 * accept_risk in the API), so listing it among the others would invite
 * the status change that is then refused.
 */
static int refuse_move(long long id, const char *from, const char *to,
                       const char *allowed, struct vigil_error *err)
{
    static const char risk_state[] = "risk_accepted";
    char others[160];
    const char *w = allowed;
    size_t n, len = 0;
    int risk = 0;

    others[0] = '\0';
    for (; *w; w += n + (w[n] == ' ')) {
        n = strcspn(w, " ");
        if (n == sizeof(risk_state) - 1 && strncmp(w, risk_state, n) == 0)
            risk = 1;
        else if (len + n + 2 < sizeof(others))
            len += (size_t)snprintf(others + len, sizeof(others) - len,
                                    "%s%.*s", len ? " " : "", (int)n, w);
    }
    return vigil_error_set(err, VIGIL_ESTATE, 0,
                           "cannot move 'VU-%lld' from %s to %s; allowed: "
                           "%s%s", id, from, to, len ? others : "none",
                           risk ? ", or risk_accepted by accepting the "
                                  "risk" : "");
}

int vigil__track_end_risk(struct vigil_store *s, long long id,
                          const char *actor, const char *reason,
                          struct vigil_error *err)
{
    static const enum vigil_uf fields[] = {
        VIGIL_UF_RISK_UNTIL, VIGIL_UF_RISK_REASON, VIGIL_UF_RISK_BY
    };
    size_t i;
    int rc = 0;

    for (i = 0; !rc && i < VIGIL_ARRAY_SIZE(fields); i++)
        rc = vigil_store_update_set(s, id, fields[i], NULL, actor, reason,
                                    NULL, err);
    return rc;
}

/* The transition itself, for vigil_track_transition and the calls that
 * enter a state with more than a reason (accept_risk, verify). */
static int move(struct vigil_store *s, long long id, const char *to,
                const char *actor, const char *reason,
                struct vigil_error *err)
{
    struct cur c;
    char today[16];
    size_t i;
    int rc;

    if (!vigil_track_valid_state(to))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "unknown state '%s'", to);
    if ((rc = vigil__text_check("a reason", reason, MAX_REASON, 1,
                                err)) ||
        (rc = current_status(s, id, &c, err)))
        return rc;
    if (strcmp(c.status, to) == 0)
        return 0;
    for (i = 0; i < VIGIL_ARRAY_SIZE(transitions); i++)
        if (strcmp(transitions[i].from, c.status) == 0)
            break;
    if (i == VIGIL_ARRAY_SIZE(transitions) ||
        !in_list(transitions[i].to, to))
        return refuse_move(id, c.status, to,
                           i < VIGIL_ARRAY_SIZE(transitions)
                               ? transitions[i].to : "", err);
    rc = vigil_store_update_set(s, id, VIGIL_UF_STATUS, to, actor, reason,
                                NULL, err);
    if (rc)
        return rc;
    if (strcmp(c.status, "risk_accepted") == 0 &&
        (rc = vigil__track_end_risk(s, id, actor, reason, err)))
        return rc;
    vigil_date_format(vigil_now(), today, sizeof(today));
    if (is_done(to) && !is_done(c.status))
        rc = vigil_store_update_set(s, id, VIGIL_UF_COMPLETED, today, actor,
                                    reason, NULL, err);
    else if (!is_done(to) && is_done(c.status))
        rc = vigil_store_update_set(s, id, VIGIL_UF_COMPLETED, NULL, actor,
                                    reason, NULL, err);
    return rc;
}

int vigil_track_transition(struct vigil_store *s, long long id,
                           const char *to, const char *actor,
                           const char *reason, struct vigil_error *err)
{
    /* an acceptance without an end and a reason would never be reviewed */
    if (strcmp(to, "risk_accepted") == 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot move 'VU-%lld' to risk_accepted by "
                               "a status change; use accept-risk with an "
                               "end date and a reason", id);
    return move(s, id, to, actor, reason, err);
}

int vigil_track_assign(struct vigil_store *s, long long id,
                       const char *name, const char *actor,
                       const char *reason, struct vigil_error *err)
{
    struct cur c;
    int rc;

    /* a blank or padded assignee would be missed by a filter for them */
    if ((rc = vigil_store_person_check("an assignee", name, err)) ||
        (rc = vigil__text_check("a reason", reason, MAX_REASON, 1,
                                err)) ||
        (rc = current_status(s, id, &c, err)))
        return rc;
    return vigil_store_update_set(s, id, VIGIL_UF_ASSIGNEE, name, actor,
                                  reason ? reason : "reassigned", NULL, err);
}

struct notes {
    struct vigil_buf b;
};

static int got_notes(void *ctx, const struct vigil_update *u)
{
    struct notes *n = ctx;

    if (u->f[VIGIL_UF_NOTES])
        vigil_buf_adds(&n->b, u->f[VIGIL_UF_NOTES]);
    return 0;
}

/*
 * Appends text with every line break (LF, CR LF or CR) followed by two
 * spaces: only a note's first line starts at the margin, so no line of
 * a note can pass for the "DATE ACTOR:" header of another.
 */
static void add_indented(struct vigil_buf *b, const char *text)
{
    const char *p = text;
    size_t k;

    for (;;) {
        k = strcspn(p, "\r\n");
        vigil_buf_add(b, p, k);
        p += k;
        if (!*p)
            break;
        p += (p[0] == '\r' && p[1] == '\n') ? 2 : 1;
        vigil_buf_adds(b, "\n  ");
    }
}

int vigil_track_note(struct vigil_store *s, long long id, const char *text,
                     const char *actor, struct vigil_error *err)
{
    struct notes n = { VIGIL_BUF_INIT };
    struct vigil_buf body = VIGIL_BUF_INIT;
    char when[32];
    int rc;

    if ((rc = vigil__text_check("a note", text, MAX_NOTE, 0, err)))
        return rc;
    if (vigil_store_update_get(s, id, got_notes, &n) != 0)
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0,
                               "no security update 'VU-%lld'", id);
    vigil_time_format(vigil_now(), when, sizeof(when));
    if (n.b.len)
        vigil_buf_addc(&n.b, '\n');
    add_indented(&body, text);
    vigil_buf_addf(&n.b, "%s %s: %s", when, actor, body.ptr ? body.ptr : "");
    rc = vigil_store_update_set_logged(s, id, VIGIL_UF_NOTES, n.b.ptr,
                                       body.ptr ? body.ptr : "", actor,
                                       "note", NULL, err);
    vigil_buf_release(&body);
    vigil_buf_release(&n.b);
    return rc;
}

int vigil_track_accept_risk(struct vigil_store *s, long long id,
                            const char *until, const char *reason,
                            const char *actor, struct vigil_error *err)
{
    char today[16];
    time_t t;
    int rc;

    if (vigil_time_parse(until, &t) != 0 || strlen(until) != 10)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "'%s' is not a date (YYYY-MM-DD)", until);
    vigil_date_format(vigil_now(), today, sizeof(today));
    if (strcmp(until, today) <= 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "a risk acceptance must end after today, "
                               "not on '%s'", until);
    /* an acceptance is a decision to look again, not to forget */
    if (t > vigil_now() + (time_t)MAX_RISK_DAYS * 86400)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "a risk acceptance lasts at most %d days; "
                               "'%s' is later", MAX_RISK_DAYS, until);
    if (vigil__blank(reason))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "a risk acceptance needs a reason");
    if ((rc = vigil__text_check("a reason", reason, MAX_REASON, 1,
                                err)))
        return rc;
    if ((rc = move(s, id, "risk_accepted", actor, reason, err)) ||
        (rc = vigil_store_update_set(s, id, VIGIL_UF_RISK_UNTIL, until,
                                     actor, reason, NULL, err)) ||
        (rc = vigil_store_update_set(s, id, VIGIL_UF_RISK_REASON, reason,
                                     actor, reason, NULL, err)))
        return rc;
    return vigil_store_update_set(s, id, VIGIL_UF_RISK_BY, actor, actor,
                                  reason, NULL, err);
}

int vigil_track_verify(struct vigil_store *s, long long id,
                       const char *method, const char *actor,
                       struct vigil_error *err)
{
    int rc;

    if (vigil__blank(method))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "verification needs a method");
    if ((rc = vigil__text_check("a verification method", method,
                                MAX_REASON, 1, err)) ||
        (rc = vigil_track_transition(s, id, "verified", actor, method, err)))
        return rc;
    return vigil_store_update_set(s, id, VIGIL_UF_VERIFICATION, method,
                                  actor, "verified", NULL, err);
}
