/*
 * session.c - browser sessions.
 *
 * The cookie holds a random id; the table keeps its keyed hash, the
 * CSRF token forms must echo, an absolute expiry and the time of last
 * use.  A session ends at its expiry, or earlier when unused for
 * VIGIL_SESSION_IDLE seconds; use slides the idle limit, never the
 * expiry.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/auth.h"
#include "vigil/store.h"
#include "auth_int.h"
#include "../internal.h"

/* Longest session: thirty days. */
#define TTL_MAX (30L * 86400)

struct sess_user {
    int found;
    int disabled;
};

static int keep_user(void *ctx, const struct vigil_store_user *u)
{
    struct sess_user *su = ctx;

    su->found = 1;
    su->disabled = u->disabled;
    return 0;
}

int vigil_session_create(struct vigil_store *s, long long user_id,
                         long ttl, char sid[VIGIL_SESSION_SIZE],
                         char csrf[VIGIL_SESSION_SIZE],
                         struct vigil_error *err)
{
    struct sess_user su = { 0, 0 };
    char id[VIGIL_SESSION_SIZE], token[VIGIL_SESSION_SIZE];
    char hash[VIGIL__AUTH_HASH_SIZE], now[32], until[32];
    time_t t = vigil_now();
    int rc;

    if (ttl <= 0 || ttl > TTL_MAX)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot start a session of %ld seconds: "
                               "1 to %ld", ttl, TTL_MAX);
    vigil_store_user_get(s, NULL, user_id, keep_user, &su);
    if (!su.found || su.disabled)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot start a session: no enabled user "
                               "%lld", user_id);
    if ((rc = vigil__auth_init(err)))
        return rc;
    vigil__auth_random(id);
    vigil__auth_random(token);
    if ((rc = vigil__auth_hash(s, id, hash, err)))
        return rc;
    vigil_time_format(t, now, sizeof(now));
    vigil_time_format(t + ttl, until, sizeof(until));
    if ((rc = vigil_store_session_add(s, hash, user_id, token, now, until,
                                      err)))
        return rc;
    memcpy(sid, id, VIGIL_SESSION_SIZE);
    memcpy(csrf, token, VIGIL_SESSION_SIZE);
    return 0;
}

int vigil_auth_session(struct vigil_store *s, const char *sid,
                       struct vigil_principal *who,
                       char csrf[VIGIL_SESSION_SIZE],
                       struct vigil_error *err)
{
    char hash[VIGIL__AUTH_HASH_SIZE], now[32];
    struct vigil__cred k;

    memset(&k, 0, sizeof(k));
    k.now = vigil_now();
    if (!vigil__auth_is_secret(sid) ||
        vigil__auth_hash(s, sid, hash, NULL) ||
        vigil_store_session_find(s, hash, vigil__auth_keep_cred, &k) ||
        !k.found)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid session");
    if (k.disabled || k.expired ||
        k.now - k.last_used >= VIGIL_SESSION_IDLE) {
        /* an ended session is of no further use: drop it now */
        vigil_store_session_remove(s, hash, NULL);
        return vigil_error_set(err, VIGIL_EINVAL, 0, "invalid session");
    }
    vigil_time_format(k.now, now, sizeof(now));
    if (k.stale && vigil_store_session_touch(s, hash, now, NULL))
        vigil_log(VIGIL_LOG_DEBUG, "cannot record the use of a session");
    vigil__auth_principal(who, k.user_id, k.user, k.role);
    memcpy(csrf, k.csrf, VIGIL_SESSION_SIZE);
    return 0;
}

int vigil_session_end(struct vigil_store *s, const char *sid,
                      struct vigil_error *err)
{
    char hash[VIGIL__AUTH_HASH_SIZE];
    int rc;

    if (!vigil__auth_is_secret(sid))
        return 0;
    if ((rc = vigil__auth_hash(s, sid, hash, err)))
        return rc;
    return vigil_store_session_remove(s, hash, err);
}
