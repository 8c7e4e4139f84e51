/*
 * token.c - API tokens, and the secrets and keyed hashes that tokens
 * and sessions share.
 *
 * A token is "vgl_" and 32 random bytes in base64url.  The table keeps
 * a BLAKE2b hash of it keyed with a random key of this database, and
 * its first characters to tell tokens apart in lists.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "vigil/auth.h"
#include "vigil/store.h"
#include "vigil/sync.h"
#include "auth_int.h"
#include "../internal.h"

#define TOKEN_TAG "vgl_"
#define TOKEN_TAG_LEN 4
#define PREFIX_LEN 8
#define LABEL_MAX 100
#define KEY_NAME "auth_key"

int vigil__auth_init(struct vigil_error *err)
{
    /* sodium_init is safe to call from any thread, any number of times */
    if (sodium_init() < 0)
        return vigil_error_set(err, VIGIL_EUNSUPPORTED, 0,
                               "cannot start libsodium");
    return 0;
}

void vigil__auth_random(char *out)
{
    unsigned char raw[32];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, VIGIL__AUTH_SECRET_LEN + 1, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

int vigil__auth_is_secret(const char *s)
{
    size_t n;

    for (n = 0; s && s[n]; n++)
        if (!vigil__isalnum((unsigned char)s[n]) && s[n] != '-' &&
            s[n] != '_')
            return 0;
    return s && n == VIGIL__AUTH_SECRET_LEN;
}

/* The database's hash key: read, or made and stored on first use.  The
 * first writer wins, so processes that race all use the same key. */
static int auth_key(struct vigil_store *s, unsigned char key[32],
                    struct vigil_error *err)
{
    char hex[65];
    unsigned char raw[32];
    size_t n = 0;
    int rc = vigil_store_meta_get(s, KEY_NAME, hex, sizeof(hex));

    if (rc == VIGIL_ENOTFOUND) {
        randombytes_buf(raw, sizeof(raw));
        sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
        sodium_memzero(raw, sizeof(raw));
        if ((rc = vigil_store_meta_add(s, KEY_NAME, hex, err)))
            return rc;
        rc = vigil_store_meta_get(s, KEY_NAME, hex, sizeof(hex));
    }
    if (rc || sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &n, NULL) ||
        n != 32)
        rc = vigil_error_set(err, rc ? rc : VIGIL_EDB, 0,
                             "cannot read the authentication key");
    sodium_memzero(hex, sizeof(hex));
    return rc;
}

int vigil__auth_hash(struct vigil_store *s, const char *secret,
                     char out[VIGIL__AUTH_HASH_SIZE],
                     struct vigil_error *err)
{
    unsigned char key[32], h[32];
    int rc;

    if ((rc = vigil__auth_init(err)) || (rc = auth_key(s, key, err)))
        return rc;
    crypto_generichash(h, sizeof(h), (const unsigned char *)secret,
                       strlen(secret), key, sizeof(key));
    sodium_bin2hex(out, VIGIL__AUTH_HASH_SIZE, h, sizeof(h));
    sodium_memzero(key, sizeof(key));
    return 0;
}

int vigil__auth_past(const char *t, time_t now)
{
    time_t when;

    if (!t)
        return 0;
    if (vigil_time_parse(t, &when))
        return 1;
    return now >= when;
}

/* ---- tokens ---- */

struct owner {
    long long id;
    int disabled;
};

static int keep_owner(void *ctx, const struct vigil_store_user *u)
{
    struct owner *o = ctx;

    o->id = u->id;
    o->disabled = u->disabled;
    return 0;
}

static int check_label(const char *name, struct vigil_error *err)
{
    const unsigned char *p = (const unsigned char *)name;

    for (; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            break;
    if (*p || strlen(name) > LABEL_MAX)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot create a token named '%.40s': a "
                               "name is one line of at most %d bytes",
                               name, LABEL_MAX);
    return 0;
}

int vigil_token_create(struct vigil_store *s, const char *user,
                       const char *name, time_t expires,
                       char out[VIGIL_TOKEN_SIZE], long long *id,
                       struct vigil_error *err)
{
    struct owner o = { 0, 0 };
    char tok[VIGIL_TOKEN_SIZE], hash[VIGIL__AUTH_HASH_SIZE];
    char prefix[PREFIX_LEN + 1], until[32];
    int rc;

    if (!name || !*name)
        name = "token";
    if ((rc = check_label(name, err)))
        return rc;
    if (vigil_store_user_get(s, user, 0, keep_owner, &o))
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0, "no user '%s'",
                               user);
    if (o.disabled)
        return vigil_error_set(err, VIGIL_ESTATE, 0,
                               "cannot create a token for '%s': the user "
                               "is disabled", user);
    if (expires && expires <= vigil_now())
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot create a token that has expired");
    if ((rc = vigil__auth_init(err)))
        return rc;
    memcpy(tok, TOKEN_TAG, TOKEN_TAG_LEN);
    vigil__auth_random(tok + TOKEN_TAG_LEN);
    if (!(rc = vigil__auth_hash(s, tok, hash, err))) {
        snprintf(prefix, sizeof(prefix), "%.*s", PREFIX_LEN, tok);
        if (expires)
            vigil_time_format(expires, until, sizeof(until));
        rc = vigil_store_token_add(s, o.id, name, prefix, hash,
                                   expires ? until : NULL, id, err);
    }
    if (!rc)
        memcpy(out, tok, VIGIL_TOKEN_SIZE);
    sodium_memzero(tok, sizeof(tok));
    return rc;
}

#define TTL_MAX_SECS (VIGIL_TOKEN_TTL_MAX_DAYS * 86400LL)

/*
 * Whether text has the shape of a duration: digits, then at most one
 * letter.  Such a text is read as a duration only, so that "3m" is
 * refused with the units rather than as "not a date".
 */
static int duration_shape(const char *text, size_t n)
{
    size_t digits = strspn(text, "0123456789");

    return digits > 0 && (digits == n ||
                          (digits == n - 1 &&
                           vigil__isalpha((unsigned char)text[n - 1])));
}

static int expiry_too_far(const char *text, struct vigil_error *err)
{
    return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot read the expiry "
                           "'%.40s': a token lasts at most %d days; give "
                           "never for no expiry", text,
                           VIGIL_TOKEN_TTL_MAX_DAYS);
}

/* A duration-shaped text in seconds, by the rules of a token's life. */
static int expiry_duration(const char *text, size_t n, long long *secs,
                           struct vigil_error *err)
{
    int unit = vigil__tolower((unsigned char)text[n - 1]);
    int rc;

    /* "3m" would read as three months; seconds are of no use here */
    if (vigil__isdigit(unit) || !strchr("hdw", unit))
        return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot read the "
                               "expiry '%.40s': a duration takes the unit "
                               "h, d or w (12h, 30d, 2w)", text);
    if (strspn(text, "0") == n - 1)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot read the "
                               "expiry '%.40s': a duration is at least 1",
                               text);

    /* digits and a unit fail only by being too large */
    rc = vigil_duration_parse(text, secs);
    if (rc || *secs > TTL_MAX_SECS)
        return expiry_too_far(text, err);
    return 0;
}

int vigil_token_expiry_parse(const char *text, time_t now, time_t *out,
                             struct vigil_error *err)
{
    long long secs;
    time_t t;
    int rc;

    if (!text) {
        *out = now + (time_t)VIGIL_TOKEN_TTL_DEFAULT;
        return 0;
    }
    if (strcmp(text, "never") == 0) {
        *out = 0;
        return 0;
    }
    if (duration_shape(text, strlen(text))) {
        if ((rc = expiry_duration(text, strlen(text), &secs, err)))
            return rc;
        *out = now + (time_t)secs;
        return 0;
    }
    if (vigil_time_parse(text, &t) != 0 || t == 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot read the "
                               "expiry '%.40s': give never, a duration in "
                               "h, d or w (30d) or a date YYYY-MM-DD",
                               text);
    if ((long long)t - (long long)now > TTL_MAX_SECS)
        return expiry_too_far(text, err);
    *out = t;
    return 0;
}

int vigil_token_revoke(struct vigil_store *s, long long id,
                       struct vigil_error *err)
{
    char now[32];

    vigil_time_format(vigil_now(), now, sizeof(now));
    return vigil_store_token_revoke(s, id, now, err);
}

int vigil_tokens(struct vigil_store *s, const char *user, vigil_token_fn fn,
                 void *ctx)
{
    return vigil_store_tokens(s, user, fn, ctx);
}

int vigil__auth_keep_cred(void *ctx, const struct vigil_store_cred *c)
{
    struct vigil__cred *k = ctx;

    k->found = 1;
    k->id = c->id;
    k->user_id = c->user_id;
    snprintf(k->user, sizeof(k->user), "%s", c->user);
    snprintf(k->role, sizeof(k->role), "%s", c->role);
    k->disabled = c->disabled;
    k->expired = vigil__auth_past(c->expires, k->now);
    k->revoked = c->revoked != NULL;
    k->last_used = 0;
    if (c->last_used && vigil_time_parse(c->last_used, &k->last_used))
        k->last_used = 0;
    k->stale = k->now - k->last_used >= VIGIL__AUTH_TOUCH_EVERY;
    snprintf(k->csrf, sizeof(k->csrf), "%s", c->csrf ? c->csrf : "");
    return 0;
}

int vigil_auth_token(struct vigil_store *s, const char *token,
                     struct vigil_principal *who, struct vigil_error *err)
{
    char hash[VIGIL__AUTH_HASH_SIZE], now[32];
    struct vigil__cred k;

    memset(&k, 0, sizeof(k));
    k.now = vigil_now();
    if (!token || strncmp(token, TOKEN_TAG, TOKEN_TAG_LEN) != 0 ||
        !vigil__auth_is_secret(token + TOKEN_TAG_LEN) ||
        vigil__auth_hash(s, token, hash, NULL) ||
        vigil_store_token_find(s, hash, vigil__auth_keep_cred, &k) ||
        !k.found || k.disabled || k.expired || k.revoked)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid token");
    vigil_time_format(k.now, now, sizeof(now));
    if (k.stale && vigil_store_token_touch(s, k.id, now, NULL))
        vigil_log(VIGIL_LOG_DEBUG, "cannot record the use of token %lld",
                  k.id);
    vigil__auth_principal(who, k.user_id, k.user, k.role);
    return 0;
}
