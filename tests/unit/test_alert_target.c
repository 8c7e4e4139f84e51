/*
 * test_alert_target.c - target URIs, redaction, the renderings of a
 * message (ids, subject, mail with quoted-printable parts, Slack and
 * Teams bodies), the webhook signature, and syslog over real sockets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>
#include <sodium.h>

#include "vigil/alert.h"
#include "alert/alert_int.h"
#include "internal.h"

static const struct {
    const char *uri;
    int ok;
    int kind;
    const char *url;       /* or path, or host:port */
    const char *user, *password, *to0, *from;
    int nto, format;
} parse_cases[] = {
    { "smtp://mail.example.org/?to=sec@example.org", 1, VIGIL_TARGET_SMTP,
      "smtp://mail.example.org/", NULL, NULL, "sec@example.org",
      "vigil@localhost", 1, 0 },
    { "smtps://bob:p%40ss@mail.example.org:465/?to=a@x.org&to=b%2Bsec@x.org"
      "&from=vigil@x.org", 1, VIGIL_TARGET_SMTP,
      "smtps://mail.example.org:465/", "bob", "p@ss", "a@x.org",
      "vigil@x.org", 2, 0 },
    { "SMTP://h/?to=a@b.c", 1, VIGIL_TARGET_SMTP, "smtp://h/", NULL, NULL,
      "a@b.c", "vigil@localhost", 1, 0 },
    { "smtp://h/", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { "smtp://h/?to=nobody", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { "smtp://h/?to=a@b.c%0d%0aRCPT", 0, 0, NULL, NULL, NULL, NULL, NULL,
      0, 0 },
    { "smtp://h/?to=a@b.c&cc=d@e.f", 0, 0, NULL, NULL, NULL, NULL, NULL, 0,
      0 },
    { "smtp://h/?to=%zz@b.c", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { "https://hooks.slack.com/services/T0/B0/XX?format=slack", 1,
      VIGIL_TARGET_HTTP, "https://hooks.slack.com/services/T0/B0/XX", NULL,
      NULL, NULL, NULL, 0, VIGIL_FORMAT_SLACK },
    { "http://u:pw@127.0.0.1:8080/h?a=1&format=teams&b=2", 1,
      VIGIL_TARGET_HTTP, "http://127.0.0.1:8080/h?a=1&b=2", "u", "pw", NULL,
      NULL, 0, VIGIL_FORMAT_TEAMS },
    { "http://h/?format=xml", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { "syslog:", 1, VIGIL_TARGET_SYSLOG, "/dev/log", NULL, NULL, NULL, NULL,
      0, 0 },
    { "syslog:/run/log.sock?facility=local3", 1, VIGIL_TARGET_SYSLOG,
      "/run/log.sock", NULL, NULL, NULL, NULL, 0, 0 },
    { "syslog://logs.example.org", 1, VIGIL_TARGET_SYSLOG,
      "logs.example.org:514", NULL, NULL, NULL, NULL, 0, 0 },
    { "syslog://[::1]:6514", 1, VIGIL_TARGET_SYSLOG, "::1:6514", NULL, NULL,
      NULL, NULL, 0, 0 },
    { "syslog://h:0", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { "syslog:?facility=nope", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { "exec:/usr/local/bin/page", 1, VIGIL_TARGET_EXEC,
      "/usr/local/bin/page", NULL, NULL, NULL, NULL, 0, 0 },
    { "exec:///usr/local/bin/page", 1, VIGIL_TARGET_EXEC,
      "/usr/local/bin/page", NULL, NULL, NULL, NULL, 0, 0 },
    { "exec:page", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { "file:/var/log/vigil%20alerts.jsonl", 1, VIGIL_TARGET_FILE,
      "/var/log/vigil alerts.jsonl", NULL, NULL, NULL, NULL, 0, 0 },
    { "file:/x?y", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { "mailto:a@b.c", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { "no scheme", 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 },
};

static void test_parse(void **state)
{
    struct vigil_target *t;
    struct vigil_error err;
    char where[300];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(parse_cases); i++) {
        int rc;

        vigil_error_clear(&err);
        rc = vigil_target_parse(parse_cases[i].uri, &t, &err);
        if (!parse_cases[i].ok) {
            assert_int_equal(rc, VIGIL_EINVAL);
            assert_non_null(strstr(err.msg, "bad target"));
            continue;
        }
        assert_int_equal(rc, 0);
        assert_int_equal(t->kind, parse_cases[i].kind);
        if (t->kind == VIGIL_TARGET_SYSLOG && t->host)
            snprintf(where, sizeof(where), "%s:%d", t->host, t->port);
        else
            snprintf(where, sizeof(where), "%s", t->url ? t->url : t->path);
        assert_string_equal(where, parse_cases[i].url);
        if (parse_cases[i].user)
            assert_string_equal(t->user, parse_cases[i].user);
        else
            assert_null(t->user);
        if (parse_cases[i].password)
            assert_string_equal(t->password, parse_cases[i].password);
        assert_int_equal((int)t->nto, parse_cases[i].nto);
        if (parse_cases[i].to0)
            assert_string_equal(t->to[0], parse_cases[i].to0);
        if (parse_cases[i].from)
            assert_string_equal(t->from, parse_cases[i].from);
        assert_int_equal((int)t->format, parse_cases[i].format);
        vigil_target_free(t);
    }
}

static void test_redact(void **state)
{
    static const char *const cases[][2] = {
        { "smtp://bob:secret@mail.example.org/?to=a@b.c",
          "smtp://***@mail.example.org/?to=a@b.c" },
        { "https://token@hooks.example.org/x?a=b@c",
          "https://***@hooks.example.org/x?a=b@c" },
        { "https://hooks.example.org/x", "https://hooks.example.org/x" },
        { "file:/var/log/a@b", "file:/var/log/a@b" },
        { "smtp://a:b@c@h/", "smtp://***@h/" },
    };
    struct vigil_error err;
    struct vigil_target *t;
    char out[128];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        vigil_target_redact(cases[i][0], out, sizeof(out));
        assert_string_equal(out, cases[i][1]);
    }
    /* errors about a target never show its password */
    vigil_error_clear(&err);
    assert_int_equal(vigil_target_parse("smtp://u:hunter2@h/", &t, &err),
                     VIGIL_EINVAL);
    assert_null(strstr(err.msg, "hunter2"));
}

static void add_event(struct vigil__alert_msg *m, long long id,
                      const char *type, const char *detail)
{
    struct vigil_event_row e = { id, type, "2026-12-03T16:51:44Z",
                                 "vigil.track", detail };

    assert_int_equal(vigil__alert_msg_add(m, &e), 0);
}

static void test_ids_and_subject(void **state)
{
    struct vigil__alert_msg m;
    struct vigil_buf b = VIGIL_BUF_INIT;
    static const long long ids[] = { 3, 4, 5, 6, 9, 11, 12, 20 };
    size_t i;

    (void)state;
    vigil__alert_msg_init(&m, "r1", "digest", "2026-12-03");
    for (i = 0; i < VIGIL_ARRAY_SIZE(ids); i++)
        add_event(&m, ids[i], "advisory.new", "{}");
    vigil__alert_ids(&m, &b);
    assert_string_equal(b.ptr, "3-6,9,11,12,20");
    vigil__alert_msg_key(&m, 42);
    assert_string_equal(m.key, "digest-42");
    vigil_buf_reset(&b);
    vigil__alert_subject(&m, &b);
    assert_string_equal(b.ptr,
                        "[vigil] digest for 2026-12-03: 8 events (rule r1)");
    vigil__alert_msg_release(&m);

    /* one event: its id is the key; the subject says what happened, on
     * one line */
    vigil__alert_msg_init(&m, "r1", "event", "2026-12-03T16");
    add_event(&m, 12, "update.status_changed",
              "{\"update\": \"VU-12\", \"from\": \"new\", \"status\": "
              "\"triaged\", \"title\": \"caf\\u00e9\\nX\"}");
    vigil__alert_msg_key(&m, 99);
    assert_string_equal(m.key, "12");
    vigil_buf_reset(&b);
    vigil__alert_subject(&m, &b);
    assert_string_equal(b.ptr, "[vigil] update.status_changed: VU-12 "
                               "caf\xc3\xa9?X from new to triaged");
    vigil__alert_msg_release(&m);
    vigil_buf_release(&b);
}

/* The Subject header of a mail, its encoded words decoded and joined. */
static void decode_subject(const char *mail, char *out, size_t size)
{
    const char *p = strstr(mail, "Subject: ");
    const char *end = strstr(p, "\r\n");
    size_t len = 0, n;

    assert_non_null(p);
    p += 9;
    while ((p = strstr(p, "=?UTF-8?B?")) && p < end) {
        const char *q = strstr(p += 10, "?=");

        assert_true(q - p + 12 <= 75);
        assert_int_equal(sodium_base642bin((unsigned char *)out + len,
                                           size - len - 1, p,
                                           (size_t)(q - p), NULL, &n, NULL,
                                           sodium_base64_VARIANT_ORIGINAL),
                         0);
        len += n;
        p = q + 2;
        if (strncmp(p, "\r\n ", 3) == 0)
            end = strstr(p += 3, "\r\n");
    }
    out[len] = '\0';
}

static void test_subject_encoded(void **state)
{
    struct vigil__alert_msg m;
    struct vigil_target *t;
    struct vigil_buf b = VIGIL_BUF_INIT, want = VIGIL_BUF_INIT;
    struct vigil_error err;
    char got[512];
    const char *p;
    int i;

    (void)state;
    assert_int_equal(vigil_target_parse("smtp://h/?to=a@x.org&from=v@x.org",
                                        &t, &err), 0);
    vigil__alert_msg_init(&m, "r1", "event", "2026-12-03T16");
    vigil_buf_adds(&b, "{\"advisory\": \"CVE-2026-0001\", \"title\": \"");
    for (i = 0; i < 30; i++)
        vigil_buf_adds(&b, "\xe6\xbc\x8f\xe6\xb4\x9e caf\xc3\xa9 ");
    vigil_buf_adds(&b, "\"}");
    add_event(&m, 7, "advisory.new", b.ptr);
    vigil__alert_msg_key(&m, 1);
    vigil__alert_subject(&m, &want);
    assert_true(want.len <= 200);
    assert_int_equal(vigil__utf8_check(want.ptr, want.len), want.len);

    vigil_buf_reset(&b);
    assert_int_equal(vigil__alert_mail(&m, t, &b), 0);
    decode_subject(b.ptr, got, sizeof(got));
    assert_string_equal(got, want.ptr);
    /* every header line stays short and ASCII */
    for (p = b.ptr; p < strstr(b.ptr, "\r\n\r\n"); p = strstr(p, "\n") + 1) {
        assert_true(strcspn(p, "\r") <= 78);
        for (i = 0; p[i] != '\r'; i++)
            assert_true((unsigned char)p[i] < 0x80);
    }
    vigil__alert_msg_release(&m);
    vigil_target_free(t);
    vigil_buf_release(&b);
    vigil_buf_release(&want);
}

static void test_quoted_printable(void **state)
{
    static const char *const cases[][2] = {
        { "plain text", "plain text" },
        { "a=b", "a=3Db" },
        { "trailing \nx", "trailing=20\r\nx" },
        { ".dot\n.x", "=2Edot\r\n=2Ex" },
        { "caf\xc3\xa9", "caf=C3=A9" },
    };
    struct vigil_buf b = VIGIL_BUF_INIT;
    char longline[200];
    size_t i, col = 0;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        vigil_buf_reset(&b);
        vigil__alert_qp(cases[i][0], strlen(cases[i][0]), &b);
        assert_string_equal(b.ptr, cases[i][1]);
    }
    memset(longline, 'x', sizeof(longline) - 1);
    longline[sizeof(longline) - 1] = '\0';
    vigil_buf_reset(&b);
    vigil__alert_qp(longline, strlen(longline), &b);
    for (i = 0; i < b.len; i++) {
        col = b.ptr[i] == '\n' ? 0 : col + 1;
        assert_true(col <= 77);
    }
    vigil_buf_release(&b);
}

static void test_mail(void **state)
{
    struct vigil__alert_msg m;
    struct vigil_target *t;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    const char *boundary;
    char bline[64];
    long long i;

    (void)state;
    assert_int_equal(vigil_target_parse("smtp://h/?to=a@x.org&to=b@x.org"
                                        "&from=v@x.org", &t, &err), 0);
    vigil__alert_msg_init(&m, "kev", "digest", "2026-W49");
    for (i = 1; i <= 40; i++)
        add_event(&m, i * 2, "advisory.new",
                  "{\"advisory\": \"CVE-2021-44228\", \"title\": "
                  "\"<script>Log4Shell</script>\"}");
    vigil__alert_msg_key(&m, 7);
    assert_int_equal(vigil__alert_mail(&m, t, &b), 0);
    assert_non_null(strstr(b.ptr, "From: v@x.org\r\n"));
    assert_non_null(strstr(b.ptr, "To: a@x.org, b@x.org\r\n"));
    assert_non_null(strstr(b.ptr, "X-Vigil-Idempotency-Key: digest-7\r\n"));
    assert_non_null(strstr(b.ptr, "X-Vigil-Events: 2,4,6,8,"));
    assert_non_null(strstr(b.ptr, "Message-ID: <vigil.digest-7.kev@"));
    /* the long id list is folded onto continuation lines */
    assert_non_null(strstr(b.ptr, ",\r\n "));
    boundary = strstr(b.ptr, "boundary=\"");
    assert_non_null(boundary);
    snprintf(bline, sizeof(bline), "--%.*s", 32, boundary + 10);
    assert_non_null(strstr(b.ptr, "Content-Type: text/plain; "
                                  "charset=utf-8"));
    assert_non_null(strstr(b.ptr, "Content-Type: text/html; charset=utf-8"));
    assert_non_null(strstr(b.ptr, "&lt;script&gt;"));
    assert_null(strstr(strstr(b.ptr, "text/html"), "<script>"));
    assert_non_null(strstr(b.ptr, bline));
    vigil_buf_release(&b);
    vigil__alert_msg_release(&m);
    vigil_target_free(t);
}

/* RFC 4231 test cases 1 and 2. */
static void test_hmac(void **state)
{
    char key[21], out[65];

    (void)state;
    memset(key, 0x0b, 20);
    key[20] = '\0';
    vigil__alert_hmac_hex(key, "Hi There", 8, out);
    assert_string_equal(out, "b0344c61d8db38535ca8afceaf0bf12b"
                             "881dc200c9833da726e9376c2e32cff7");
    vigil__alert_hmac_hex("Jefe", "what do ya want for nothing?", 28, out);
    assert_string_equal(out, "5bdcc146bf60754e6a042426089575c7"
                             "5a003f089d2739839dec58b964ec3843");
}

static void test_chat_bodies(void **state)
{
    struct vigil__alert_msg m;
    struct vigil_buf b = VIGIL_BUF_INIT;
    cJSON *j;
    const cJSON *card;

    (void)state;
    vigil__alert_msg_init(&m, "r", "event", "2026-12-03T16");
    add_event(&m, 5, "update.created",
              "{\"update\": \"VU-5\", \"advisory\": \"CVE-1\", "
              "\"title\": \"a < b & c\"}");
    vigil__alert_msg_key(&m, 1);
    assert_int_equal(vigil__alert_json(&m, VIGIL_FORMAT_SLACK, &b), 0);
    j = cJSON_Parse(b.ptr);
    assert_non_null(j);
    assert_non_null(strstr(cJSON_GetObjectItem(j, "text")->valuestring,
                           "a &lt; b &amp; c"));
    cJSON_Delete(j);
    vigil_buf_reset(&b);
    assert_int_equal(vigil__alert_json(&m, VIGIL_FORMAT_TEAMS, &b), 0);
    j = cJSON_Parse(b.ptr);
    assert_string_equal(cJSON_GetObjectItem(j, "type")->valuestring,
                        "message");
    card = cJSON_GetObjectItem(cJSON_GetArrayItem(
                                   cJSON_GetObjectItem(j, "attachments"), 0),
                               "content");
    assert_string_equal(cJSON_GetObjectItem(card, "type")->valuestring,
                        "AdaptiveCard");
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(
                               cJSON_GetObjectItem(card, "body"), 0),
                               "text")->valuestring, "a < b & c"));
    cJSON_Delete(j);
    vigil_buf_reset(&b);
    assert_int_equal(vigil__alert_json(&m, VIGIL_FORMAT_JSON, &b), 0);
    j = cJSON_Parse(b.ptr);
    assert_int_equal(cJSON_GetObjectItem(j, "id")->valueint, 5);
    assert_string_equal(cJSON_GetObjectItem(j, "rule")->valuestring, "r");
    cJSON_Delete(j);
    vigil_buf_release(&b);
    vigil__alert_msg_release(&m);
}

static void check_syslog_line(const char *got, const char *msgid)
{
    char want[64];

    assert_true(strncmp(got, "<", 1) == 0);
    assert_non_null(strstr(got, ">1 2026-12-03T"));
    assert_non_null(strstr(got, " vigil "));
    snprintf(want, sizeof(want), " %s [vigil@32473 rule=\"r\\]x\" key=\"5\" "
             "events=\"5\"] {", msgid);
    assert_non_null(strstr(got, want));
}

/* Real sockets: a UDP receiver on 127.0.0.1 and a local datagram one. */
static void test_syslog(void **state)
{
    struct vigil__alert_msg m;
    struct vigil_target *t;
    struct vigil_error err;
    struct sockaddr_in sa;
    struct sockaddr_un su;
    socklen_t len = sizeof(sa);
    char uri[160], got[4096], why[256], dir[64];
    int fd;
    ssize_t n;

    (void)state;
    vigil_clock_set(1796313600);
    vigil__alert_msg_init(&m, "r]x", "event", "2026-12-03T16");
    add_event(&m, 5, "update.created", "{\"update\": \"VU-5\"}");
    vigil__alert_msg_key(&m, 1);

    fd = socket(AF_INET, SOCK_DGRAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    getsockname(fd, (struct sockaddr *)&sa, &len);
    snprintf(uri, sizeof(uri), "syslog://127.0.0.1:%d?facility=local0",
             ntohs(sa.sin_port));
    assert_int_equal(vigil_target_parse(uri, &t, &err), 0);
    assert_int_equal(vigil__alert_send(t, &m, 5, why, sizeof(why)), 0);
    n = recv(fd, got, sizeof(got) - 1, 0);
    assert_true(n > 0);
    got[n] = '\0';
    assert_true(strncmp(got, "<133>1 ", 7) == 0);    /* local0.notice */
    check_syslog_line(got, "update.created");
    close(fd);
    vigil_target_free(t);

    snprintf(dir, sizeof(dir), "/tmp/vigil-syslog-XXXXXX");
    assert_non_null(mkdtemp(dir));
    memset(&su, 0, sizeof(su));
    su.sun_family = AF_UNIX;
    snprintf(su.sun_path, sizeof(su.sun_path), "%s/log", dir);
    fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&su, sizeof(su)), 0);
    snprintf(uri, sizeof(uri), "syslog:%s", su.sun_path);
    assert_int_equal(vigil_target_parse(uri, &t, &err), 0);
    assert_int_equal(vigil__alert_send(t, &m, 5, why, sizeof(why)), 0);
    n = recv(fd, got, sizeof(got) - 1, 0);
    assert_true(n > 0);
    got[n] = '\0';
    assert_true(strncmp(got, "<13>1 ", 6) == 0);     /* user.notice */
    check_syslog_line(got, "update.created");
    close(fd);
    unlink(su.sun_path);
    rmdir(dir);
    vigil_target_free(t);

    /* nobody listening on a local socket is a failure with a reason */
    assert_int_equal(vigil_target_parse("syslog:/nonexistent/log", &t, &err),
                     0);
    assert_int_equal(vigil__alert_send(t, &m, 5, why, sizeof(why)),
                     VIGIL_EIO);
    assert_non_null(strstr(why, "/nonexistent/log"));
    vigil_target_free(t);
    vigil__alert_msg_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_redact),
        cmocka_unit_test(test_ids_and_subject),
        cmocka_unit_test(test_subject_encoded),
        cmocka_unit_test(test_quoted_printable),
        cmocka_unit_test(test_mail),
        cmocka_unit_test(test_hmac),
        cmocka_unit_test(test_chat_bodies),
        cmocka_unit_test(test_syslog),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
