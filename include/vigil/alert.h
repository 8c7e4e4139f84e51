/*
 * alert.h - alert rules, their targets and durable delivery.
 *
 * A rule joins an event pattern (pattern.h) to a target URI.  The store
 * routes every event to the rules that select it when the event is
 * written (store.h, "alerts"), so what this module does is turn outbox
 * rows into messages and deliver them: at least once, with the
 * idempotency key that lets a receiver drop a repeat, retried with
 * exponential backoff and dead-lettered after a rule's max_attempts
 * failures.  docs/EVENTS.md describes the events and the messages.
 *
 * Targets:
 *   smtp://[user:password@]host[:port]/?to=A&to=B[&from=F]   STARTTLS
 *   smtps://...                                  TLS from the start
 *   http://... https://...     JSON POST; ?format=slack or ?format=teams
 *   syslog:   syslog:/path/to/socket   syslog://host[:port]  RFC 5424
 *   exec:/path/to/program          the message JSON on standard input
 *   file:/path/to/file             one JSON line per message, appended
 *
 * Thread safety: functions share no state except through the store,
 * whose handle one thread uses at a time.
 */
#ifndef VIGIL_ALERT_H
#define VIGIL_ALERT_H

#include <stddef.h>

#include "vigil/common.h"
#include "vigil/store.h"

#define VIGIL_ALERT_MAX_ATTEMPTS 8    /* default before dead-letter */
#define VIGIL_ALERT_MAX_PER_HOUR 100000
#define VIGIL_ALERT_MAX_RCPT 32       /* to= addresses of one target */

enum vigil_target_kind {
    VIGIL_TARGET_SMTP,
    VIGIL_TARGET_HTTP,
    VIGIL_TARGET_SYSLOG,
    VIGIL_TARGET_EXEC,
    VIGIL_TARGET_FILE
};

enum vigil_target_format {
    VIGIL_FORMAT_JSON,      /* vigil's own message document */
    VIGIL_FORMAT_SLACK,     /* {"text": ...} for Slack incoming webhooks */
    VIGIL_FORMAT_TEAMS      /* an Adaptive Card message for Teams */
};

/* A parsed target.  Strings are owned by the struct. */
struct vigil_target {
    enum vigil_target_kind kind;
    int tls;                 /* smtps, https: TLS required */
    char *url;               /* what libcurl is given: no userinfo, for
                                smtp no query, for http no format= */
    char *user, *password;   /* percent-decoded; NULL when absent */
    char *host;              /* syslog over UDP */
    int port;
    char *path;              /* exec, file, syslog socket */
    char *to[VIGIL_ALERT_MAX_RCPT];
    size_t nto;
    char *from;
    enum vigil_target_format format;
    int facility;            /* syslog facility, 1 (user) by default */
};

/*
 * Parses a target URI.  On success *out is the caller's to free with
 * vigil_target_free().  Returns 0, VIGIL_EINVAL (err->msg says what is
 * wrong, with the URI redacted), VIGIL_ENOMEM.
 */
int vigil_target_parse(const char *uri, struct vigil_target **out,
                       struct vigil_error *err);
void vigil_target_free(struct vigil_target *t);   /* accepts NULL */

/*
 * Writes uri to out (len bytes, truncated) with its userinfo replaced
 * by "***", so that no password reaches a message or a listing.
 */
void vigil_target_redact(const char *uri, char *out, size_t len);

/*
 * Mails one document (a report) to a mail target t: subject (made
 * printable ASCII), type ("text/html" or "text/plain") and the body,
 * quoted-printable.  Returns 0, or a negative code with why set to a
 * one-line reason that holds no credentials.  VIGIL_EINVAL for a target
 * that is not smtp:// or smtps://.
 */
int vigil_target_send_document(const struct vigil_target *t,
                               const char *subject, const char *type,
                               const char *body, size_t len, long timeout,
                               char *why, size_t whylen);

/*
 * Validates a rule (pattern, target, digest, limits, a secret only for
 * webhooks) and adds it to the store.  Returns 0, VIGIL_EINVAL,
 * VIGIL_EEXIST or a store error.
 */
int vigil_alert_rule_add(struct vigil_store *s,
                         const struct vigil_alert_rule *r, long long *id,
                         struct vigil_error *err);

/* What a message would be, for vigil rule test. */
struct vigil_alert_preview {
    const char *kind;        /* "event", "digest" or "summary" */
    const char *period;
    const char *key;         /* idempotency key */
    size_t nevents;
    const char *ids;         /* "12-15,18" */
    const char *subject;     /* the mail subject line */
    const char *text;        /* the plain text body */
    const char *json;        /* the JSON document a webhook would get */
};
typedef int (*vigil_alert_preview_fn)(void *ctx,
                                      const struct vigil_alert_preview *p);

/*
 * Runs rule name over the stored events at or after since (NULL: all)
 * and calls fn for each message the rule would have sent, grouping as
 * it would (digests by period, excess over max_per_hour by hour, both
 * by the events' times).  Delivers nothing and changes nothing.
 */
int vigil_alert_rule_test(struct vigil_store *s, const char *name,
                          const char *since, vigil_alert_preview_fn fn,
                          void *ctx, struct vigil_error *err);

struct vigil_alert_flush_opts {
    long timeout;            /* seconds per delivery; 0: 30 */
    long backoff;            /* first retry delay in seconds; 0: 60 */
    long max_messages;       /* stop after this many tries; 0: no cap */
};

struct vigil_alert_flush_stats {
    long long sent;
    long long failed;        /* failed, to be retried */
    long long dead;          /* failed for the last time */
};

/*
 * Delivers every outbox row due now, one at a time: claims it with a
 * lease (so a concurrent flush does not send it too; a lease held by a
 * process of this host that died is taken over), sends it, and records
 * the result.  A failure is retried after backoff * 2^(attempts - 1)
 * seconds (at most 6 hours) until the rule's max_attempts, then the row
 * is dead.  Rows that fail are not tried again in the same call.
 * Returns 0 when the round is done, whatever the deliveries did, or a
 * store error.  Must not be called inside a transaction.
 */
int vigil_alert_flush(struct vigil_store *s,
                      const struct vigil_alert_flush_opts *o,
                      struct vigil_alert_flush_stats *st,
                      struct vigil_error *err);

#endif
