/*
 * target_http.c - webhooks: a JSON POST (vigil's document, or a Slack
 * or Teams body), signed with HMAC-SHA256 under the rule's secret and
 * carrying the idempotency key, so a receiver can check where it came
 * from and drop a repeat.  A 2xx answer is a delivery.
 */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "alert_int.h"
#include "../internal.h"

#define IDS_HEADER_MAX 2000    /* longer id lists stay in the body only */

void vigil__alert_hmac_hex(const char *key, const char *body, size_t len,
                           char out[65])
{
    crypto_auth_hmacsha256_state st;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];

    crypto_auth_hmacsha256_init(&st, (const unsigned char *)key,
                                strlen(key));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out, 65, mac, sizeof(mac));
    sodium_memzero(&st, sizeof(st));
}

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
    (void)p;
    (void)ctx;
    return size * n;
}

static struct curl_slist *headers(const struct vigil__alert_msg *m,
                                  const struct vigil_buf *body)
{
    struct vigil_buf h = VIGIL_BUF_INIT, ids = VIGIL_BUF_INIT;
    struct curl_slist *l = NULL;
    char mac[65];

    l = curl_slist_append(l, "Content-Type: application/json");
    l = curl_slist_append(l, "Expect:");
    vigil_buf_addf(&h, "X-Vigil-Idempotency-Key: %s", m->key);
    l = curl_slist_append(l, h.ptr);
    vigil__alert_ids(m, &ids);
    if (ids.len < IDS_HEADER_MAX) {
        vigil_buf_reset(&h);
        vigil_buf_addf(&h, "X-Vigil-Events: %s", ids.ptr);
        l = curl_slist_append(l, h.ptr);
    }
    if (m->secret && *m->secret) {
        vigil__alert_hmac_hex(m->secret, body->ptr, body->len, mac);
        vigil_buf_reset(&h);
        vigil_buf_addf(&h, "X-Vigil-Signature: sha256=%s", mac);
        l = curl_slist_append(l, h.ptr);
    }
    vigil_buf_release(&h);
    vigil_buf_release(&ids);
    return l;
}

static int post(const struct vigil_target *t, const struct vigil_buf *body,
                struct curl_slist *hdr, long timeout, char *why, size_t len)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    CURL *c = curl_easy_init();
    long status = 0;
    CURLcode cc;

    if (!c)
        return VIGIL_ENOMEM;
    curl_easy_setopt(c, CURLOPT_URL, t->url);
    if (t->user)
        curl_easy_setopt(c, CURLOPT_USERNAME, t->user);
    if (t->password)
        curl_easy_setopt(c, CURLOPT_PASSWORD, t->password);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->ptr);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "vigil/" VIGIL_VERSION);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    cc = curl_easy_perform(c);
    if (cc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    if (cc != CURLE_OK) {
        snprintf(why, len, "http: %s", errbuf[0] ? errbuf
                                                   : curl_easy_strerror(cc));
        return VIGIL_ENET;
    }
    if (status < 200 || status > 299) {
        snprintf(why, len, "http: the receiver answered %ld", status);
        return VIGIL_ENET;
    }
    return 0;
}

int vigil__alert_send_http(const struct vigil_target *t,
                           const struct vigil__alert_msg *m, long timeout,
                           char *why, size_t len)
{
    struct vigil_buf body = VIGIL_BUF_INIT;
    struct curl_slist *hdr;
    int rc;

    if ((rc = vigil__alert_json(m, t->format, &body))) {
        snprintf(why, len, "cannot build the body: %s", vigil_strerror(rc));
        return rc;
    }
    hdr = headers(m, &body);
    rc = post(t, &body, hdr, timeout, why, len);
    curl_slist_free_all(hdr);
    vigil_buf_release(&body);
    return rc;
}
