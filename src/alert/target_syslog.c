/*
 * target_syslog.c - syslog: RFC 5424 messages to the local syslog
 * socket (/dev/log or another path) or over UDP to syslog://host:port.
 *
 * MSGID is the event type (or "digest", "summary"); structured data
 * [vigil@32473 ...] carries the rule, the idempotency key and the event
 * ids; MSG is the message's JSON document.  32473 is the enterprise
 * number that RFC 5612 sets aside for examples: vigil has none of its
 * own.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "alert_int.h"
#include "../internal.h"

#define SEVERITY_NOTICE 5

/*
 * LIMIT: a syslog message is cut to 8 KiB; longer JSON documents (big
 * digests) are replaced by the subject line.  See
 * docs/LIMITS.md#alert-syslog-size.
 */
#define SYSLOG_MAX 8192

/* A PARAM-VALUE: ", \ and ] escaped with a backslash. */
static void sd_value(struct vigil_buf *b, const char *v)
{
    for (; *v; v++) {
        if (*v == '"' || *v == '\\' || *v == ']')
            vigil_buf_addc(b, '\\');
        vigil_buf_addc(b, *v);
    }
}

/* HOSTNAME, APP-NAME and MSGID are printable ASCII without spaces. */
static void token(struct vigil_buf *b, const char *v, size_t max)
{
    size_t i;

    for (i = 0; v[i] && i < max; i++)
        vigil_buf_addc(b, v[i] > ' ' && v[i] < 0x7f ? v[i] : '_');
    if (i == 0)
        vigil_buf_addc(b, '-');
}

static void build(const struct vigil_target *t,
                  const struct vigil__alert_msg *m, struct vigil_buf *b)
{
    struct vigil_buf x = VIGIL_BUF_INIT;
    char host[256] = "", now[32];

    gethostname(host, sizeof(host) - 1);
    vigil_time_format(vigil_now(), now, sizeof(now));
    vigil_buf_addf(b, "<%d>1 %s ", t->facility * 8 + SEVERITY_NOTICE, now);
    token(b, host, 255);
    vigil_buf_addf(b, " vigil %ld ", (long)getpid());
    token(b, strcmp(m->kind, "event") == 0 && m->n ? m->ev[0].type
                                                   : m->kind, 32);
    vigil_buf_adds(b, " [vigil@32473 rule=\"");
    sd_value(b, m->rule);
    vigil_buf_adds(b, "\" key=\"");
    sd_value(b, m->key);
    vigil_buf_adds(b, "\" events=\"");
    vigil__alert_ids(m, &x);
    sd_value(b, x.len < 1024 ? x.ptr : "(see the message)");
    vigil_buf_adds(b, "\"] ");
    vigil_buf_reset(&x);
    vigil__alert_json(m, VIGIL_FORMAT_JSON, &x);
    if (b->len + x.len > SYSLOG_MAX) {
        vigil_buf_reset(&x);
        vigil__alert_subject(m, &x);
    }
    vigil_buf_add(b, x.ptr, x.len);
    vigil_buf_release(&x);
}

static int send_unix(const char *path, const struct vigil_buf *b, char *why,
                     size_t len)
{
    struct sockaddr_un sa;
    int fd, rc = -1;

    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sa.sun_path)) {
        snprintf(why, len, "syslog: socket path too long");
        return VIGIL_EINVAL;
    }
    memcpy(sa.sun_path, path, strlen(path) + 1);
    if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) >= 0) {
        rc = (int)sendto(fd, b->ptr, b->len, 0, (struct sockaddr *)&sa,
                         sizeof(sa));
        close(fd);
    }
    /* some syslog daemons listen on a stream socket: newline framing */
    if (rc < 0 && errno == EPROTOTYPE &&
        (fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0) {
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
            send(fd, b->ptr, b->len, MSG_NOSIGNAL) == (ssize_t)b->len &&
            send(fd, "\n", 1, MSG_NOSIGNAL) == 1)
            rc = 0;
        close(fd);
    }
    if (rc < 0) {
        snprintf(why, len, "syslog: cannot send to '%s': %s", path,
                 strerror(errno));
        return VIGIL_EIO;
    }
    return 0;
}

static int send_udp(const struct vigil_target *t, const struct vigil_buf *b,
                    char *why, size_t len)
{
    struct addrinfo hints, *res, *ai;
    char port[8];
    int fd, gai, sent = 0;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    snprintf(port, sizeof(port), "%d", t->port);
    if ((gai = getaddrinfo(t->host, port, &hints, &res)) != 0) {
        snprintf(why, len, "syslog: cannot resolve '%s': %s", t->host,
                 gai_strerror(gai));
        return VIGIL_ENET;
    }
    for (ai = res; ai && !sent; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0)
            continue;
        sent = sendto(fd, b->ptr, b->len, 0, ai->ai_addr,
                      ai->ai_addrlen) == (ssize_t)b->len;
        close(fd);
    }
    freeaddrinfo(res);
    if (!sent) {
        snprintf(why, len, "syslog: cannot send to '%s': %s", t->host,
                 strerror(errno));
        return VIGIL_ENET;
    }
    return 0;
}

int vigil__alert_send_syslog(const struct vigil_target *t,
                             const struct vigil__alert_msg *m, long timeout,
                             char *why, size_t len)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    int rc;

    (void)timeout;
    build(t, m, &b);
    if (!b.ptr)
        return VIGIL_ENOMEM;
    rc = t->host ? send_udp(t, &b, why, len)
                 : send_unix(t->path, &b, why, len);
    vigil_buf_release(&b);
    return rc;
}
