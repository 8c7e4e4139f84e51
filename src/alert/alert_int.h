/*
 * alert_int.h - what the alert module's files share: a message (one
 * outbox row with its events), its renderings and the target senders.
 */
#ifndef VIGIL_ALERT_INT_H
#define VIGIL_ALERT_INT_H

#include <cJSON.h>

#include "vigil/alert.h"
#include "vigil/buf.h"

/*
 * LIMIT: a digest carries its first 500 events whole and names the
 * rest by id only. See docs/LIMITS.md#alert-digest-size.
 */
#define VIGIL__ALERT_SHOWN 500

struct vigil__alert_event {
    long long id;
    char *type, *time, *source;
    cJSON *detail;           /* an object; never NULL */
};

struct vigil__alert_msg {
    const char *rule;        /* name */
    const char *secret;      /* webhook HMAC key, or NULL */
    const char *kind;        /* "event", "digest" or "summary" */
    char period[32];
    char key[48];            /* idempotency key */
    long long max_per_hour;
    struct vigil__alert_event *ev;
    size_t n, cap;
};

/* Sets up an empty message; kind and period are copied or borrowed. */
void vigil__alert_msg_init(struct vigil__alert_msg *m, const char *rule,
                           const char *kind, const char *period);
void vigil__alert_msg_release(struct vigil__alert_msg *m);

/* Appends a copy of e; VIGIL_ENOMEM, VIGIL_EINVAL for bad detail. */
int vigil__alert_msg_add(struct vigil__alert_msg *m,
                         const struct vigil_event_row *e);

/* Sets m->key: the event id, or "digest-N" / "summary-N" for row N. */
void vigil__alert_msg_key(struct vigil__alert_msg *m, long long row);

/* The ids of the events as ranges: "12-15,18". */
int vigil__alert_ids(const struct vigil__alert_msg *m, struct vigil_buf *b);

/* The one-line subject (ASCII, no control characters). */
/* Control bytes and bytes that are not UTF-8 of b from "from" to '?'. */
void vigil__alert_one_line(struct vigil_buf *b, size_t from);
int vigil__alert_subject(const struct vigil__alert_msg *m,
                         struct vigil_buf *b);

/* One line that says what an event is about. */
int vigil__alert_event_line(const struct vigil__alert_event *e,
                            struct vigil_buf *b);

/* Plain text, HTML and JSON bodies. */
int vigil__alert_text(const struct vigil__alert_msg *m, struct vigil_buf *b);
int vigil__alert_html(const struct vigil__alert_msg *m, struct vigil_buf *b);
int vigil__alert_json(const struct vigil__alert_msg *m,
                      enum vigil_target_format f, struct vigil_buf *b);

/* A whole mail (RFC 5322, multipart/alternative), CRLF line ends. */
int vigil__alert_mail(const struct vigil__alert_msg *m,
                      const struct vigil_target *t, struct vigil_buf *b);

/* Appends src quoted-printable (RFC 2045), LF turned into CRLF. */
int vigil__alert_qp(const char *src, size_t len, struct vigil_buf *b);

/* HMAC-SHA256 of body under key, as 64 lowercase hex digits. */
void vigil__alert_hmac_hex(const char *key, const char *body, size_t len,
                           char out[65]);

/*
 * Delivers m to t within timeout seconds.  Returns 0, or a negative
 * code with why set to a one-line reason that holds no credentials.
 */
typedef int (*vigil__alert_send_fn)(const struct vigil_target *t,
                                    const struct vigil__alert_msg *m,
                                    long timeout, char *why, size_t len);

int vigil__alert_send(const struct vigil_target *t,
                      const struct vigil__alert_msg *m, long timeout,
                      char *why, size_t len);

int vigil__alert_send_smtp(const struct vigil_target *t,
                           const struct vigil__alert_msg *m, long timeout,
                           char *why, size_t len);
int vigil__alert_send_http(const struct vigil_target *t,
                           const struct vigil__alert_msg *m, long timeout,
                           char *why, size_t len);
int vigil__alert_send_syslog(const struct vigil_target *t,
                             const struct vigil__alert_msg *m, long timeout,
                             char *why, size_t len);
int vigil__alert_send_exec(const struct vigil_target *t,
                           const struct vigil__alert_msg *m, long timeout,
                           char *why, size_t len);
int vigil__alert_send_file(const struct vigil_target *t,
                           const struct vigil__alert_msg *m, long timeout,
                           char *why, size_t len);

#endif
