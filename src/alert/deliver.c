/*
 * deliver.c - vigil alerts flush: claims due outbox rows one at a time
 * under a lease, turns each into a message, sends it and records what
 * happened, with exponential backoff and a dead-letter state.
 *
 * At least once: a row is marked sent only after its target accepted
 * it, so a crash between the two sends it again, with the same
 * idempotency key.  One row is leased at a time, so a crash strands at
 * most one row until its lease ends, and a flush on the same host takes
 * over at once a lease whose process is gone.
 */
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert_int.h"
#include "../internal.h"

#define DEFAULT_TIMEOUT 30
#define DEFAULT_BACKOFF 60
#define DEFAULT_KEEP_SENT_DAYS 30
#define MAX_BACKOFF (6 * 3600)

struct flush_run {
    struct vigil_store *store;
    long timeout, backoff;
    char host[64];
    char owner[128];         /* host:pid:random */
    char due[32];            /* rows due at the start of the round */
    struct vigil_alert_flush_stats *st;
    struct vigil_error *err;
};

/*
 * A lease is stale when it is ours or its process on this host died.
 * LIMIT: a dead process on another host is not seen; its lease is
 * waited out. See docs/LIMITS.md#alert-lease-other-hosts.
 */
static int lease_stale(void *ctx, const char *owner)
{
    struct flush_run *r = ctx;
    size_t hl = strlen(r->host);
    const char *p;
    char *end;
    long pid;

    if (strcmp(owner, r->owner) == 0)
        return 1;
    if (strncmp(owner, r->host, hl) != 0 || owner[hl] != ':')
        return 0;
    p = owner + hl + 1;
    errno = 0;
    pid = strtol(p, &end, 10);
    if (errno || end == p || *end != ':' || pid <= 0)
        return 0;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* What delivery needs of a row and its rule, copied out of callbacks. */
struct job {
    long long id;
    char kind[16];
    char period[32];
    int attempts;
    char *rule, *target, *secret;
    long long max_per_hour;
    int max_attempts;
};

static int got_row(void *ctx, const struct vigil_outbox_row *o)
{
    struct job *j = ctx;

    snprintf(j->kind, sizeof(j->kind), "%s", o->kind);
    snprintf(j->period, sizeof(j->period), "%s", o->period);
    j->attempts = o->attempts;
    j->rule = vigil__strdup0(o->rule);
    return j->rule ? 0 : VIGIL_ENOMEM;
}

static int got_rule(void *ctx, const struct vigil_alert_rule *r)
{
    struct job *j = ctx;

    j->target = vigil__strdup0(r->target);
    j->secret = vigil__strdup0(r->secret);
    j->max_per_hour = r->max_per_hour;
    j->max_attempts = r->max_attempts > 0 ? r->max_attempts
                                          : VIGIL_ALERT_MAX_ATTEMPTS;
    return j->target ? 0 : VIGIL_ENOMEM;
}

static int got_event(void *ctx, const struct vigil_event_row *e)
{
    return vigil__alert_msg_add(ctx, e);
}

static void job_release(struct job *j)
{
    free(j->rule);
    free(j->target);
    if (j->secret)
        explicit_bzero(j->secret, strlen(j->secret));
    free(j->secret);
}

static void retry_time(const struct flush_run *r, int attempts, char *out,
                       size_t len)
{
    long delay = r->backoff;
    int i;

    for (i = 1; i < attempts && delay < MAX_BACKOFF; i++)
        delay *= 2;
    if (delay > MAX_BACKOFF)
        delay = MAX_BACKOFF;
    vigil_time_format(vigil_now() + delay, out, len);
}

/* Records the outcome; a failure counts towards the dead-letter. */
static int record(struct flush_run *r, const struct job *j, int rc,
                  const char *why)
{
    char next[32];
    int dead = j->attempts + 1 >= j->max_attempts;

    if (rc == 0) {
        r->st->sent++;
        return vigil_store_outbox_result(r->store, j->id, NULL, NULL, 0,
                                         r->err);
    }
    retry_time(r, j->attempts + 1, next, sizeof(next));
    if (dead)
        r->st->dead++;
    else
        r->st->failed++;
    vigil_log(VIGIL_LOG_WARN, "alert %lld (rule '%s') %s: %s", j->id,
              j->rule, dead ? "is dead-lettered" : "will be retried", why);
    return vigil_store_outbox_result(r->store, j->id, why, next, dead,
                                     r->err);
}

static int send_job(struct flush_run *r, struct job *j,
                    struct vigil__alert_msg *m, char *why, size_t len)
{
    struct vigil_target *t = NULL;
    struct vigil_error terr;
    int rc;

    vigil_error_clear(&terr);
    if ((rc = vigil_target_parse(j->target, &t, &terr))) {
        snprintf(why, len, "%s", terr.msg);
        return rc;
    }
    m->secret = j->secret;
    m->max_per_hour = j->max_per_hour;
    vigil__alert_msg_key(m, j->id);
    rc = vigil__alert_send(t, m, r->timeout, why, len);
    vigil_target_free(t);
    return rc;
}

static int deliver(struct flush_run *r, long long id)
{
    struct vigil__alert_msg m;
    struct job j;
    char why[512] = "";
    int rc, sent;

    memset(&j, 0, sizeof(j));
    j.id = id;
    if ((rc = vigil_store_outbox_get(r->store, id, got_row, &j)) ||
        (rc = vigil_store_alert_rules(r->store, j.rule, got_rule, &j))) {
        job_release(&j);
        return rc == VIGIL_ENOTFOUND ? 0 : rc;
    }
    vigil__alert_msg_init(&m, j.rule, j.kind, j.period);
    rc = vigil_store_outbox_events(r->store, id, got_event, &m);
    if (rc == VIGIL_EINVAL)
        snprintf(why, sizeof(why), "an event of the message is not JSON");
    sent = rc ? rc : m.n == 0 ? 0 : send_job(r, &j, &m, why, sizeof(why));
    rc = rc == VIGIL_ENOMEM ? rc : record(r, &j, sent, why);
    vigil__alert_msg_release(&m);
    job_release(&j);
    return rc;
}

/* Deletes what was sent long ago; the events themselves stay. */
static int prune(struct vigil_store *s,
                 const struct vigil_alert_flush_opts *o,
                 struct vigil_alert_flush_stats *st, struct vigil_error *err)
{
    long days = o && o->keep_sent_days ? o->keep_sent_days
                                       : DEFAULT_KEEP_SENT_DAYS;
    char before[32];

    if (days < 0)
        return 0;
    vigil_time_format(vigil_now() - days * 86400L, before, sizeof(before));
    return vigil_store_outbox_prune(s, before, &st->pruned, err);
}

int vigil_alert_flush(struct vigil_store *s,
                      const struct vigil_alert_flush_opts *o,
                      struct vigil_alert_flush_stats *st,
                      struct vigil_error *err)
{
    struct flush_run r;
    unsigned char rnd[6];
    char until[32];
    long long id, tries = 0;
    int rc = 0;

    memset(st, 0, sizeof(*st));
    memset(&r, 0, sizeof(r));
    if (sodium_init() < 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "libsodium failed");
    r.store = s;
    r.st = st;
    r.err = err;
    r.timeout = o && o->timeout > 0 ? o->timeout : DEFAULT_TIMEOUT;
    r.backoff = o && o->backoff > 0 ? o->backoff : DEFAULT_BACKOFF;
    gethostname(r.host, sizeof(r.host) - 1);
    r.host[strcspn(r.host, ":")] = '\0';
    randombytes_buf(rnd, sizeof(rnd));
    snprintf(r.owner, sizeof(r.owner), "%s:%ld:%02x%02x%02x%02x%02x%02x",
             r.host, (long)getpid(), rnd[0], rnd[1], rnd[2], rnd[3], rnd[4],
             rnd[5]);
    vigil_time_format(vigil_now(), r.due, sizeof(r.due));
    while (!rc && (!o || o->max_messages <= 0 || tries < o->max_messages)) {
        /* the lease outlives the longest delivery with room to spare */
        vigil_time_format(vigil_now() + 2 * r.timeout + 60, until,
                          sizeof(until));
        rc = vigil_store_outbox_claim(s, r.due, r.owner, until, lease_stale,
                                      &r, &id, err);
        if (rc == VIGIL_ENOTFOUND)
            return prune(s, o, st, err);
        if (!rc)
            rc = deliver(&r, id);
        tries++;
    }
    return rc;
}
