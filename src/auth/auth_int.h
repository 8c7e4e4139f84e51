/*
 * auth_int.h - what the files of src/auth share: libsodium set-up,
 * random secrets and the keyed hash the tables store.
 */
#ifndef VIGIL_AUTH_INT_H
#define VIGIL_AUTH_INT_H

#include <stddef.h>

#include "vigil/auth.h"

/* A keyed BLAKE2b-256 hash as lowercase hex, with its NUL. */
#define VIGIL__AUTH_HASH_SIZE 65

/* Secrets are 32 random bytes: 43 base64url characters. */
#define VIGIL__AUTH_SECRET_LEN 43

/* libsodium's one-time set-up (safe from any thread); VIGIL_EUNSUPPORTED
 * when the library cannot start. */
int vigil__auth_init(struct vigil_error *err);

/* Writes 32 random bytes as 43 base64url characters and a NUL into
 * out (at least VIGIL__AUTH_SECRET_LEN + 1 bytes). */
void vigil__auth_random(char *out);

/* Whether s is exactly VIGIL__AUTH_SECRET_LEN base64url characters. */
int vigil__auth_is_secret(const char *s);

/*
 * Hashes a token or session id with the database's secret key (made
 * on first use and kept in the meta table), so that the stored hash
 * is worthless without the same database's key.
 */
int vigil__auth_hash(struct vigil_store *s, const char *secret,
                     char out[VIGIL__AUTH_HASH_SIZE],
                     struct vigil_error *err);

/* Fills who from a user row's fields. */
void vigil__auth_principal(struct vigil_principal *who, long long id,
                           const char *name, const char *role);

/* Whether the stored time t is at or before now: 0 for NULL (never),
 * 1 for text that does not parse (fail closed). */
int vigil__auth_past(const char *t, time_t now);

/* last_used and last_seen are written at most this often (seconds),
 * so that checking a credential stays a read */
#define VIGIL__AUTH_TOUCH_EVERY 60

/* What a check needs of a token or session row, copied out. */
struct vigil__cred {
    int found;
    long long id, user_id;
    char user[64], role[16];
    int disabled, expired, revoked, stale;
    time_t now;                /* set by the caller before the lookup */
    time_t last_used;          /* 0 when never */
    char csrf[VIGIL_SESSION_SIZE];
};

/* A vigil_store_cred_fn that fills a struct vigil__cred. */
int vigil__auth_keep_cred(void *ctx, const struct vigil_store_cred *c);

#endif
