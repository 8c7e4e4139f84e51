/*
 * track.c - keeps security updates in step with what matched.
 *
 * One update per advisory that affects at least one system.  A re-run
 * changes fields in place (each change becomes a history row) and
 * never creates a second update for the same advisory.  Items that stop
 * matching are verified (when someone remediated them) or closed (when
 * nobody had started).  A completed item, whoever completed it, opens
 * again only on new evidence (evidence.c): a KEV listing, a component
 * or version not seen before, or a match that had gone coming back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/track.h"
#include "track_int.h"
#include "../internal.h"

struct sync_run {
    const char *cause;           /* why this sync runs, for the history */
    const struct vigil_owner_rule *rules;
    size_t nrules;
    struct vigil_buf evidence;
    struct vigil_store *store;
    const struct vigil_policy *policy;
    const char *actor;
    struct vigil_track_stats *st;
    struct vigil_error *err;
};

int vigil_track_parse_id(const char *s, long long *id)
{
    long long v;

    if (!s || !vigil__strncaseeq(s, "VU-", 3))
        return VIGIL_EINVAL;
    if (vigil__parse_ll(s + 3, 1, (1LL << 53), &v))
        return VIGIL_EINVAL;
    *id = v;
    return 0;
}

struct found_update {
    int found;
    long long id;
    char status[32];
    char verification[128];
    char identified[32];
    int has_evidence;
    struct vigil_buf evidence;    /* the stored fingerprint */
};

static int got_update(void *ctx, const struct vigil_update *u)
{
    struct found_update *f = ctx;

    f->found = 1;
    f->id = u->id;
    snprintf(f->status, sizeof(f->status), "%s",
             u->f[VIGIL_UF_STATUS] ? u->f[VIGIL_UF_STATUS] : "");
    snprintf(f->verification, sizeof(f->verification), "%s",
             u->f[VIGIL_UF_VERIFICATION] ? u->f[VIGIL_UF_VERIFICATION] : "");
    snprintf(f->identified, sizeof(f->identified), "%s",
             u->f[VIGIL_UF_IDENTIFIED] ? u->f[VIGIL_UF_IDENTIFIED] : "");
    f->has_evidence = u->f[VIGIL_UF_EVIDENCE] != NULL;
    vigil_buf_reset(&f->evidence);
    if (f->has_evidence &&
        vigil_buf_adds(&f->evidence, u->f[VIGIL_UF_EVIDENCE]))
        return VIGIL_ENOMEM;
    return 0;
}

static int priority_event(struct sync_run *r, long long id,
                          const char *const f[VIGIL_UF_COUNT])
{
    struct vigil_buf d = VIGIL_BUF_INIT;
    int rc;

    vigil_buf_addf(&d, "{\"update\": \"VU-%lld\", \"priority\": ", id);
    vigil_buf_add_json_str(&d, f[VIGIL_UF_PRIORITY]);
    vigil_buf_adds(&d, ", \"due\": ");
    vigil_buf_add_json_str(&d, f[VIGIL_UF_DUE]);
    vigil_buf_adds(&d, ", \"cause\": ");
    vigil_buf_add_json_str(&d, r->cause);
    vigil_buf_adds(&d, "}");
    rc = vigil_store_event_add(r->store, "update.priority_changed",
                               "vigil.track", d.ptr, r->err);
    vigil_buf_release(&d);
    return rc;
}

/* Writes the fields a match run owns; counts the update if any moved. */
static int refresh_fields(struct sync_run *r, long long id,
                          const char *const f[VIGIL_UF_COUNT])
{
    static const enum vigil_uf owned[] = {
        VIGIL_UF_TITLE,    VIGIL_UF_DESCRIPTION,     VIGIL_UF_SOURCES,
        VIGIL_UF_SYSTEMS,  VIGIL_UF_PRIORITY,        VIGIL_UF_PRIORITY_REASON,
        VIGIL_UF_DUE,      VIGIL_UF_REMEDIATION,
    };
    struct vigil_buf why = VIGIL_BUF_INIT;
    size_t i;
    int rc = 0, changed, any = 0;

    /* a priority or due date change says which rules now fire */
    vigil_buf_addf(&why, "%s: %s", r->cause,
                   f[VIGIL_UF_PRIORITY_REASON] ? f[VIGIL_UF_PRIORITY_REASON]
                                               : "");
    for (i = 0; !rc && i < VIGIL_ARRAY_SIZE(owned); i++) {
        int rules = owned[i] == VIGIL_UF_PRIORITY ||
                    owned[i] == VIGIL_UF_DUE;

        rc = vigil_store_update_set(r->store, id, owned[i], f[owned[i]],
                                    r->actor, rules ? why.ptr : r->cause,
                                    &changed, r->err);
        if (!rc && changed && owned[i] == VIGIL_UF_PRIORITY)
            rc = priority_event(r, id, f);
        any |= changed;
    }
    vigil_buf_release(&why);
    if (!rc && any)
        r->st->changed++;
    return rc;
}

/* Opens a completed item again, saying why; history keeps what was. */
static int reopen(struct sync_run *r, long long id, const char *why)
{
    int rc;

    rc = vigil_store_update_set(r->store, id, VIGIL_UF_STATUS, "new",
                                r->actor, why, NULL, r->err);
    if (!rc)
        rc = vigil_store_update_set(r->store, id, VIGIL_UF_COMPLETED, NULL,
                                    r->actor, why, NULL, r->err);
    if (!rc)
        r->st->reopened++;
    return rc;
}

/*
 * Decisions stick: an item that is closed, verified, not_affected or
 * false_positive, by a person or by a re-scan, stays so over re-imports
 * and re-matches until the evidence holds news (see evidence.c); then
 * it opens again with the news as the reason.  The stored fingerprint
 * follows the evidence either way, so that what went and comes back is
 * news again.
 */
static int check_evidence(struct sync_run *r, const struct found_update *f,
                          const char *evidence)
{
    struct vigil_buf why = VIGIL_BUF_INIT;
    int news = 0, rc;

    /* LIMIT: a risk acceptance does not end on news; it holds until its
     * date. See docs/LIMITS.md#risk-acceptance-news. */
    if (vigil_track_valid_state(f->status) &&
        !vigil_track_is_open(f->status)) {
        vigil_buf_addf(&why, "evidence changed since it was %s: ",
                       f->status);
        news = vigil__track_evidence_news(
            f->has_evidence ? f->evidence.ptr : NULL, evidence, &why);
    }
    rc = vigil_store_update_set(r->store, f->id, VIGIL_UF_EVIDENCE, evidence,
                                r->actor, r->cause, NULL, r->err);
    if (!rc && news)
        rc = why.ptr ? reopen(r, f->id, why.ptr) : VIGIL_ENOMEM;
    vigil_buf_release(&why);
    return rc;
}

/*
 * A vendor's VEX statement that every affected component is not
 * affected becomes the not_affected decision, with the statement as
 * the reason; only for items nobody has started on.
 */
static int apply_vex(struct sync_run *r, long long id, const char *status,
                     long long advisory_id)
{
    struct vigil_buf why = VIGIL_BUF_INIT;
    char today[16];
    int covered, rc;

    if (strcmp(status, "new") != 0 && strcmp(status, "triaged") != 0)
        return 0;
    if ((rc = vigil_store_vex_covers(r->store, advisory_id, &covered,
                                     &why)) || !covered) {
        vigil_buf_release(&why);
        return rc;
    }
    vigil_date_format(vigil_now(), today, sizeof(today));
    rc = vigil_store_update_set(r->store, id, VIGIL_UF_STATUS,
                                "not_affected", r->actor, why.ptr, NULL,
                                r->err);
    if (!rc)
        rc = vigil_store_update_set(r->store, id, VIGIL_UF_COMPLETED, today,
                                    r->actor, why.ptr, NULL, r->err);
    if (!rc)
        rc = vigil_store_update_set(r->store, id, VIGIL_UF_VERIFICATION,
                                    "vendor VEX statement", r->actor,
                                    why.ptr, NULL, r->err);
    vigil_buf_release(&why);
    return rc;
}

/* The first match of an advisory: a new update, its owner, its event. */
static int create(struct sync_run *r, const struct vigil_update_input *in,
                  const char *fields[VIGIL_UF_COUNT])
{
    long long id;
    int rc;

    fields[VIGIL_UF_ASSIGNEE] = vigil__track_assignee(r->store, r->rules,
                                                      r->nrules, in);
    rc = vigil_store_update_create(r->store, in->advisory_id, fields,
                                   r->actor, "matched an affected component",
                                   &id, r->err);
    if (!rc) {
        r->st->created++;
        rc = vigil__track_event(r->store, "update.created", id, in,
                                fields[VIGIL_UF_PRIORITY], r->err);
    }
    return rc ? rc : apply_vex(r, id, "new", in->advisory_id);
}

static int sync_one(void *ctx, const struct vigil_update_input *in)
{
    struct sync_run *r = ctx;
    struct vigil__priority pr;
    struct found_update f;
    const char *fields[VIGIL_UF_COUNT];
    int rc;

    memset(&f, 0, sizeof(f));
    rc = vigil_store_update_by_advisory(r->store, in->advisory_id,
                                        got_update, &f);
    if ((rc && rc != VIGIL_ENOTFOUND) || (in->withdrawn && !f.found)) {
        vigil_buf_release(&f.evidence);
        return rc == VIGIL_ENOTFOUND ? 0 : rc;
    }

    rc = vigil__track_priority(r->store, r->policy, in,
                               f.found ? f.identified : NULL, &pr);
    if (rc) {
        vigil_buf_release(&f.evidence);
        return vigil_error_set(r->err, rc, 0, "cannot set the priority of "
                               "'%s': %s", in->advisory,
                               vigil_strerror(rc));
    }
    memset(fields, 0, sizeof(fields));
    fields[VIGIL_UF_TITLE] = in->title ? in->title : in->advisory;
    fields[VIGIL_UF_DESCRIPTION] = in->description;
    fields[VIGIL_UF_SOURCES] = in->sources;
    fields[VIGIL_UF_SYSTEMS] = in->systems;
    fields[VIGIL_UF_PRIORITY] = pr.priority;
    fields[VIGIL_UF_PRIORITY_REASON] = pr.reason;
    fields[VIGIL_UF_DUE] = pr.due[0] ? pr.due : NULL;
    fields[VIGIL_UF_REMEDIATION] = in->remediation;
    vigil__track_evidence(&r->evidence, in->kev, in->remediation);
    fields[VIGIL_UF_EVIDENCE] = r->evidence.ptr;

    if (!f.found)
        return create(r, in, fields);
    if (!fields[VIGIL_UF_EVIDENCE])
        rc = VIGIL_ENOMEM;
    if (!rc)
        rc = check_evidence(r, &f, fields[VIGIL_UF_EVIDENCE]);
    vigil_buf_release(&f.evidence);
    if (!rc)
        rc = apply_vex(r, f.id, f.status, in->advisory_id);
    return rc ? rc : refresh_fields(r, f.id, fields);
}

/* What happens to an update whose advisory no longer matches. */
static int sync_unmatched(void *ctx, const struct vigil_update *u)
{
    struct sync_run *r = ctx;
    const char *status = u->f[VIGIL_UF_STATUS];
    char today[16];
    int rc;

    /* nothing matches: whatever matches later is news */
    vigil__track_evidence(&r->evidence, u->kev, NULL);
    rc = vigil_store_update_set(r->store, u->id, VIGIL_UF_EVIDENCE,
                                r->evidence.ptr, r->actor,
                                "no affected component", NULL, r->err);
    if (rc)
        return rc;

    vigil_date_format(vigil_now(), today, sizeof(today));
    if (strcmp(status, "remediated") == 0) {
        rc = vigil_store_update_set(r->store, u->id, VIGIL_UF_VERIFICATION,
                                    "re-scan: no affected component",
                                    r->actor, "re-scan", NULL, r->err);
        if (!rc)
            rc = vigil_store_update_set(r->store, u->id, VIGIL_UF_STATUS,
                                        "verified", r->actor,
                                        "re-scan: no affected component",
                                        NULL, r->err);
        if (!rc)
            r->st->verified++;
        return rc;
    }
    if (strcmp(status, "new") != 0 && strcmp(status, "triaged") != 0)
        return 0;
    rc = vigil_store_update_set(r->store, u->id, VIGIL_UF_VERIFICATION,
                                "no longer affected", r->actor, "re-scan",
                                NULL, r->err);
    if (!rc)
        rc = vigil_store_update_set(r->store, u->id, VIGIL_UF_COMPLETED,
                                    today, r->actor, "re-scan", NULL,
                                    r->err);
    if (!rc)
        rc = vigil_store_update_set(r->store, u->id, VIGIL_UF_STATUS,
                                    "closed", r->actor,
                                    "no longer affected", NULL, r->err);
    if (!rc)
        r->st->closed++;
    return rc;
}

int vigil_track_stats_format(const struct vigil_track_stats *st,
                             struct vigil_buf *out)
{
    return vigil_buf_addf(out, "%lld created, %lld changed, %lld reopened, "
                               "%lld verified, %lld closed, %lld risk "
                               "acceptances expired",
                          st->created, st->changed, st->reopened,
                          st->verified, st->closed, st->expired);
}

int vigil_track_stats_any(const struct vigil_track_stats *st)
{
    return st->created || st->changed || st->reopened || st->verified ||
           st->closed || st->expired || st->breached;
}

static int is_open(const char *status)
{
    static const char *const open[] = { "new", "triaged", "in_progress",
                                        "remediated" };
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(open); i++)
        if (strcmp(open[i], status) == 0)
            return 1;
    return 0;
}

/*
 * SLA breach: an open item past its due date records the day the breach
 * began (the day after the due date) once, with an update.overdue event.
 */
static int mark_breach(struct sync_run *r, const struct vigil_update *u,
                       const char *today)
{
    const char *due = u->f[VIGIL_UF_DUE];
    struct vigil_buf d = VIGIL_BUF_INIT;
    char began[16];
    time_t t;
    int rc;

    if (!is_open(u->f[VIGIL_UF_STATUS]) || !due ||
        strcmp(due, today) >= 0 || u->f[VIGIL_UF_BREACH_SINCE])
        return 0;
    if (vigil_time_parse(due, &t) != 0)
        return 0;
    vigil_date_format(t + 86400, began, sizeof(began));
    rc = vigil_store_update_set(r->store, u->id, VIGIL_UF_BREACH_SINCE,
                                began, r->actor, "past its due date", NULL,
                                r->err);
    if (rc)
        return rc;
    vigil_buf_addf(&d, "{\"update\": \"VU-%lld\", \"advisory\": ", u->id);
    vigil_buf_add_json_str(&d, u->advisory);
    vigil_buf_adds(&d, ", \"due\": ");
    vigil_buf_add_json_str(&d, due);
    vigil_buf_adds(&d, ", \"priority\": ");
    vigil_buf_add_json_str(&d, u->f[VIGIL_UF_PRIORITY]);
    vigil_buf_adds(&d, "}");
    rc = vigil_store_event_add(r->store, "update.overdue", "vigil.track",
                               d.ptr, r->err);
    vigil_buf_release(&d);
    if (!rc)
        r->st->breached++;
    return rc;
}

/*
 * A risk acceptance that ends within 7 days is announced once per end
 * date (the event's once key), so a new acceptance is announced again.
 */
static int warn_expiring(struct sync_run *r, const struct vigil_update *u,
                         const char *until)
{
    struct vigil_buf d = VIGIL_BUF_INIT, key = VIGIL_BUF_INIT;
    char limit[16];
    time_t end;
    int rc;

    vigil_date_format(vigil_now() + 7 * 86400, limit, sizeof(limit));
    if (strcmp(until, limit) > 0 || vigil_time_parse(until, &end) != 0)
        return 0;
    vigil_buf_addf(&d, "{\"update\": \"VU-%lld\", \"advisory\": ", u->id);
    vigil_buf_add_json_str(&d, u->advisory);
    vigil_buf_adds(&d, ", \"until\": ");
    vigil_buf_add_json_str(&d, until);
    vigil_buf_addf(&d, ", \"days_left\": %lld, \"reason\": ",
                   (long long)((end - vigil_now()) / 86400 + 1));
    vigil_buf_add_json_str(&d, u->f[VIGIL_UF_RISK_REASON]);
    vigil_buf_adds(&d, ", \"accepted_by\": ");
    vigil_buf_add_json_str(&d, u->f[VIGIL_UF_RISK_BY]);
    vigil_buf_adds(&d, ", \"assignee\": ");
    vigil_buf_add_json_str(&d, u->f[VIGIL_UF_ASSIGNEE]);
    vigil_buf_adds(&d, ", \"priority\": ");
    vigil_buf_add_json_str(&d, u->f[VIGIL_UF_PRIORITY]);
    vigil_buf_adds(&d, "}");
    vigil_buf_addf(&key, "risk_acceptance.expiring:VU-%lld:%s", u->id, until);
    rc = d.ptr && key.ptr
             ? vigil_store_event_add_once(r->store,
                                          "risk_acceptance.expiring",
                                          "vigil.track", d.ptr, key.ptr,
                                          NULL, r->err)
             : VIGIL_ENOMEM;
    vigil_buf_release(&d);
    vigil_buf_release(&key);
    return rc;
}

/*
 * Daily housekeeping of every update: risk acceptances past their date
 * open the item again, and are announced a week before; open items past
 * due record their breach.
 */
static int housekeeping(void *ctx, const struct vigil_update *u)
{
    struct sync_run *r = ctx;
    const char *until = u->f[VIGIL_UF_RISK_UNTIL];
    char today[16];
    int rc;

    vigil_date_format(vigil_now(), today, sizeof(today));
    if ((rc = mark_breach(r, u, today)))
        return rc;
    if (strcmp(u->f[VIGIL_UF_STATUS], "risk_accepted") != 0 || !until)
        return 0;
    if (strcmp(until, today) >= 0)
        return warn_expiring(r, u, until);
    rc = vigil_store_update_set(r->store, u->id, VIGIL_UF_STATUS, "triaged",
                                r->actor, "risk acceptance expired", NULL,
                                r->err);
    if (!rc)
        rc = vigil__track_end_risk(r->store, u->id, r->actor,
                                   "risk acceptance expired", r->err);
    if (!rc)
        r->st->expired++;
    return rc;
}

int vigil_track_sync(struct vigil_store *s, const struct vigil_track_opts *o,
                     struct vigil_track_stats *st, struct vigil_error *err)
{
    struct vigil_policy defaults;
    struct sync_run r;
    int rc;

    memset(st, 0, sizeof(*st));
    memset(&r, 0, sizeof(r));
    vigil_policy_init(&defaults);
    r.policy = o && o->policy ? o->policy : &defaults;
    r.cause = o && o->cause ? o->cause : "re-evaluated on match";
    r.rules = o ? o->rules : NULL;
    r.nrules = o ? o->nrules : 0;
    vigil_buf_init(&r.evidence);
    r.store = s;
    r.actor = o && o->actor ? o->actor : "vigil";
    r.st = st;
    r.err = err;
    rc = vigil_store_update_inputs(s, 0, sync_one, &r);
    if (!rc)
        rc = vigil_store_updates_unmatched(s, sync_unmatched, &r);
    if (!rc)
        rc = vigil_store_updates(s, housekeeping, &r);
    vigil_buf_release(&r.evidence);
    return rc;
}
