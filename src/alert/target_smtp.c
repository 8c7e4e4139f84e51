/*
 * target_smtp.c - mail: smtp:// (STARTTLS when the server offers it)
 * and smtps:// (TLS from the start) through libcurl, with a
 * multipart/alternative message of a text and an HTML part.
 *
 * The mail names the events it carries in X-Vigil-Events and in the
 * text, and the Message-ID is made from the rule and the idempotency
 * key, so a mail sent twice after a crash carries the same id.
 */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alert_int.h"
#include "../internal.h"

#define QP_LINE 76

static int qp_plain(unsigned char c)
{
    return (c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t';
}

/* Appends one encoded piece, breaking the line softly before 76. */
static void qp_put(struct vigil_buf *b, const char *piece, size_t n,
                   size_t *col)
{
    if (*col + n > QP_LINE - 1) {
        vigil_buf_adds(b, "=\r\n");
        *col = 0;
    }
    vigil_buf_add(b, piece, n);
    *col += n;
}

int vigil__alert_qp(const char *src, size_t len, struct vigil_buf *b)
{
    size_t i, col = 0;
    char hex[4];

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        int eol = i + 1 == len || src[i + 1] == '\n';

        if (c == '\n') {
            vigil_buf_adds(b, "\r\n");
            col = 0;
        } else if (c == '\r') {
            continue;
        } else if (qp_plain(c) && !((c == ' ' || c == '\t') && eol) &&
                   !(c == '.' && col == 0)) {
            qp_put(b, (const char *)&src[i], 1, &col);
        } else {
            snprintf(hex, sizeof(hex), "=%02X", c);
            qp_put(b, hex, 3, &col);
        }
    }
    return 0;
}

/* A header whose value may be long: folded at commas before 78. */
static void folded_header(struct vigil_buf *b, const char *name,
                          const char *value)
{
    size_t col = strlen(name) + 2;
    const char *p = value;

    vigil_buf_addf(b, "%s: ", name);
    while (*p) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) + 1 : strlen(p);

        if (col + n > 76 && col > strlen(name) + 2) {
            vigil_buf_adds(b, "\r\n ");
            col = 1;
        }
        vigil_buf_add(b, p, n);
        col += n;
        p += n;
    }
    vigil_buf_adds(b, "\r\n");
}

/*
 * Subject: ASCII as it is; other text as RFC 2047 encoded words of at
 * most 42 bytes of UTF-8 each (56 characters of base64), one per line,
 * never splitting a character, so that each line stays under 78.
 */
#define WORD_BYTES 42

static void subject_header(struct vigil_buf *b, const char *s)
{
    char b64[sodium_base64_ENCODED_LEN(WORD_BYTES,
                                       sodium_base64_VARIANT_ORIGINAL)];
    const unsigned char *u = (const unsigned char *)s;
    size_t n, k, i;

    vigil_buf_adds(b, "Subject: ");
    for (i = 0; u[i] && u[i] < 0x80; i++)
        ;
    if (!u[i]) {
        vigil_buf_adds(b, s);
        vigil_buf_adds(b, "\r\n");
        return;
    }
    for (i = 0; u[i]; i += n) {
        for (n = 0; u[i + n]; n += k) {
            for (k = 1; (u[i + n + k] & 0xc0) == 0x80; k++)
                ;
            if (n + k > WORD_BYTES)
                break;
        }
        sodium_bin2base64(b64, sizeof(b64), u + i, n,
                          sodium_base64_VARIANT_ORIGINAL);
        vigil_buf_addf(b, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", b64);
    }
    vigil_buf_adds(b, "\r\n");
}

/* Message-ID local part: the key and rule with anything odd dropped. */
static void message_id(const struct vigil__alert_msg *m, struct vigil_buf *b)
{
    const char *parts[] = { m->key, m->rule };
    size_t i;
    const char *p;

    vigil_buf_adds(b, "Message-ID: <vigil");
    for (i = 0; i < VIGIL_ARRAY_SIZE(parts); i++) {
        vigil_buf_addc(b, '.');
        for (p = parts[i]; *p; p++)
            if (vigil__isalnum((unsigned char)*p) || *p == '-' || *p == '_')
                vigil_buf_addc(b, *p);
    }
    vigil_buf_adds(b, "@vigil.invalid>\r\n");
}

static void mail_headers(const struct vigil__alert_msg *m,
                         const struct vigil_target *t, const char *boundary,
                         struct vigil_buf *b)
{
    struct vigil_buf v = VIGIL_BUF_INIT;
    char date[64];
    time_t now = vigil_now();
    struct tm tm;
    size_t i;

    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    vigil_buf_addf(b, "Date: %s\r\nFrom: %s\r\n", date, t->from);
    for (i = 0; i < t->nto; i++)
        vigil_buf_addf(&v, "%s%s", i ? ", " : "", t->to[i]);
    folded_header(b, "To", v.ptr);
    vigil_buf_reset(&v);
    vigil__alert_subject(m, &v);
    subject_header(b, v.ptr ? v.ptr : "");
    message_id(m, b);
    vigil_buf_reset(&v);
    vigil__alert_ids(m, &v);
    folded_header(b, "X-Vigil-Events", v.ptr);
    vigil_buf_addf(b, "X-Vigil-Idempotency-Key: %s\r\n", m->key);
    vigil_buf_addf(b, "MIME-Version: 1.0\r\n"
                      "Content-Type: multipart/alternative;\r\n "
                      "boundary=\"%s\"\r\n\r\n", boundary);
    vigil_buf_release(&v);
}

static void mail_part(struct vigil_buf *b, const char *boundary,
                      const char *type, const struct vigil_buf *body)
{
    vigil_buf_addf(b, "--%s\r\nContent-Type: %s; charset=utf-8\r\n"
                      "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                   boundary, type);
    vigil__alert_qp(body->ptr ? body->ptr : "", body->len, b);
    vigil_buf_adds(b, "\r\n");
}

int vigil__alert_mail(const struct vigil__alert_msg *m,
                      const struct vigil_target *t, struct vigil_buf *b)
{
    struct vigil_buf text = VIGIL_BUF_INIT, html = VIGIL_BUF_INIT;
    unsigned char r[12];
    char boundary[48];
    size_t i;

    /* "=_" never occurs in quoted-printable text, so no part holds it */
    randombytes_buf(r, sizeof(r));
    snprintf(boundary, sizeof(boundary), "=_vigil_");
    for (i = 0; i < sizeof(r); i++)
        snprintf(boundary + 8 + 2 * i, 3, "%02x", r[i]);
    mail_headers(m, t, boundary, b);
    vigil_buf_adds(b, "This is a MIME message with a text and an HTML "
                      "part.\r\n\r\n");
    vigil__alert_text(m, &text);
    vigil__alert_html(m, &html);
    mail_part(b, boundary, "text/plain", &text);
    mail_part(b, boundary, "text/html", &html);
    vigil_buf_addf(b, "--%s--\r\n", boundary);
    vigil_buf_release(&text);
    vigil_buf_release(&html);
    return b->ptr ? 0 : VIGIL_ENOMEM;
}

struct upload {
    const char *p;
    size_t left;
};

static size_t read_mail(char *out, size_t size, size_t n, void *ctx)
{
    struct upload *u = ctx;
    size_t k = size * n < u->left ? size * n : u->left;

    memcpy(out, u->p, k);
    u->p += k;
    u->left -= k;
    return k;
}

static int smtp_transfer(const struct vigil_target *t, struct vigil_buf *mail,
                         long timeout, char *why, size_t len)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *rcpt = NULL;
    struct upload u = { mail->ptr, mail->len };
    CURL *c = curl_easy_init();
    CURLcode cc;
    size_t i;

    if (!c)
        return VIGIL_ENOMEM;
    for (i = 0; i < t->nto; i++)
        rcpt = curl_slist_append(rcpt, t->to[i]);
    curl_easy_setopt(c, CURLOPT_URL, t->url);
    if (t->user)
        curl_easy_setopt(c, CURLOPT_USERNAME, t->user);
    if (t->password)
        curl_easy_setopt(c, CURLOPT_PASSWORD, t->password);
    /* LIMIT: smtp:// without credentials goes on in clear text when the
     * server offers no STARTTLS. See docs/LIMITS.md#alert-starttls.
     * With credentials TLS is required: a password never goes in clear.
     */
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     (long)(t->tls || t->user || t->password
                                ? CURLUSESSL_ALL : CURLUSESSL_TRY));
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, t->from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_mail);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    cc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    if (cc == CURLE_OK)
        return 0;
    snprintf(why, len, "smtp: %s", errbuf[0] ? errbuf
                                               : curl_easy_strerror(cc));
    return VIGIL_ENET;
}

int vigil__alert_send_smtp(const struct vigil_target *t,
                           const struct vigil__alert_msg *m, long timeout,
                           char *why, size_t len)
{
    struct vigil_buf mail = VIGIL_BUF_INIT;
    int rc;

    if ((rc = vigil__alert_mail(m, t, &mail)) == 0)
        rc = smtp_transfer(t, &mail, timeout, why, len);
    else
        snprintf(why, len, "cannot build the mail: %s", vigil_strerror(rc));
    vigil_buf_release(&mail);
    return rc;
}

int vigil_target_send_document(const struct vigil_target *t,
                               const char *subject, const char *type,
                               const char *body, size_t len, long timeout,
                               char *why, size_t whylen)
{
    struct vigil_buf mail = VIGIL_BUF_INIT, v = VIGIL_BUF_INIT;
    char date[64];
    time_t now = vigil_now();
    struct tm tm;
    size_t i;
    int rc;

    if (t->kind != VIGIL_TARGET_SMTP) {
        snprintf(why, whylen, "not a mail target");
        return VIGIL_EINVAL;
    }
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    vigil_buf_addf(&mail, "Date: %s\r\nFrom: %s\r\n", date, t->from);
    for (i = 0; i < t->nto; i++)
        vigil_buf_addf(&v, "%s%s", i ? ", " : "", t->to[i]);
    folded_header(&mail, "To", v.ptr ? v.ptr : "");
    vigil_buf_reset(&v);
    vigil_buf_adds(&v, subject);
    vigil__alert_one_line(&v, 0);
    subject_header(&mail, v.ptr ? v.ptr : "");
    vigil_buf_addf(&mail, "MIME-Version: 1.0\r\nContent-Type: %s; "
                          "charset=utf-8\r\nContent-Transfer-Encoding: "
                          "quoted-printable\r\n\r\n", type);
    vigil__alert_qp(body, len, &mail);
    vigil_buf_adds(&mail, "\r\n");
    if (!mail.ptr) {
        snprintf(why, whylen, "cannot build the mail: out of memory");
        rc = VIGIL_ENOMEM;
    } else {
        rc = smtp_transfer(t, &mail, timeout, why, whylen);
    }
    vigil_buf_release(&mail);
    vigil_buf_release(&v);
    return rc;
}
