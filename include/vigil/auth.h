/*
 * auth.h - people, roles, API tokens and browser sessions.
 *
 * Three roles, each holding the rights of the one before it:
 *   viewer   reads everything except users and tokens of others, and
 *            lists and revokes their own tokens;
 *   analyst  also changes security updates, findings and watches
 *            (status, assignee, notes, risk acceptance, verification);
 *   admin    also manages users, tokens, sources and alert rules.
 *
 * Passwords are stored as libsodium Argon2id strings.  Tokens and
 * session ids are random, shown once, and stored only as a keyed
 * BLAKE2b hash, so a stolen database gives no working credential.
 * Every function returns 0 or a negative VIGIL_E* code and fills err.
 */
#ifndef VIGIL_AUTH_H
#define VIGIL_AUTH_H

#include <stddef.h>
#include <time.h>

#include "vigil/common.h"
#include "vigil/store.h"

enum vigil_role {
    VIGIL_ROLE_NONE = 0,      /* not authenticated */
    VIGIL_ROLE_VIEWER = 1,
    VIGIL_ROLE_ANALYST = 2,
    VIGIL_ROLE_ADMIN = 3
};

/* "viewer", "analyst", "admin" ("none" for VIGIL_ROLE_NONE). */
const char *vigil_role_name(enum vigil_role r);

/* The role of that name; VIGIL_ROLE_NONE when unknown. */
enum vigil_role vigil_role_parse(const char *name);

/* Who is acting: the user behind a password, token or session. */
struct vigil_principal {
    long long user_id;
    char name[64];
    enum vigil_role role;
};

/* A token is "vgl_" and 43 base64url characters; a session id and a
 * CSRF token are 43 base64url characters. */
#define VIGIL_TOKEN_SIZE 48      /* with the terminating NUL */
#define VIGIL_SESSION_SIZE 44

/*
 * Adds a user.  password may be NULL (the user logs in with tokens
 * only); otherwise it must be 8 to 1024 bytes.  A name is 1 to 63
 * characters of [A-Za-z0-9._@-], not starting with '-'.  VIGIL_EEXIST
 * when the name is taken, ASCII case ignored ("Admin" when "admin"
 * exists).
 */
int vigil_user_add(struct vigil_store *s, const char *name,
                   enum vigil_role role, const char *password,
                   struct vigil_error *err);

/*
 * Changes a user's password (NULL removes it; a change ends the user's
 * sessions), role or disabled flag.  role VIGIL_ROLE_NONE and disabled
 * -1 leave those unchanged.  VIGIL_ENOTFOUND for an unknown name;
 * VIGIL_ESTATE when the change (or vigil_user_remove) would leave no
 * enabled admin.  A disabled user's password and tokens stop working
 * until enabled again; disabling deletes their sessions.
 * These writes, vigil_user_add and the token calls record an event
 * (docs/EVENTS.md) naming the actor set with vigil_store_set_actor.
 */
int vigil_user_set(struct vigil_store *s, const char *name,
                   enum vigil_role role, int disabled,
                   struct vigil_error *err);
int vigil_user_password(struct vigil_store *s, const char *name,
                        const char *password, struct vigil_error *err);

/* Removes a user with their tokens and sessions. */
int vigil_user_remove(struct vigil_store *s, const char *name,
                      struct vigil_error *err);

struct vigil_user_row {
    long long id;
    const char *name;
    const char *role;
    int has_password;
    int disabled;
    const char *created;
    long long tokens;            /* live (not revoked, not expired) */
};
typedef int (*vigil_user_fn)(void *ctx, const struct vigil_user_row *u);
int vigil_users(struct vigil_store *s, vigil_user_fn fn, void *ctx);

/*
 * Checks a name and password.  A wrong name, a wrong password, a user
 * without password and a disabled user all give the same VIGIL_EINVAL
 * "invalid name or password", and take the same time (a hash is
 * computed even for an unknown name).
 */
int vigil_auth_password(struct vigil_store *s, const char *name,
                        const char *password, struct vigil_principal *who,
                        struct vigil_error *err);

/*
 * Creates an API token for an enabled user, valid until expires (0: no
 * expiry; else in the future).  name is a one-line label of at most
 * 100 bytes (NULL: "token").
 * The token is written to out (VIGIL_TOKEN_SIZE bytes) and never again
 * obtainable.  *id (may be NULL) gets its row id.
 */
int vigil_token_create(struct vigil_store *s, const char *user,
                       const char *name, time_t expires,
                       char out[VIGIL_TOKEN_SIZE], long long *id,
                       struct vigil_error *err);

/* A token's life when its expiry is not given: ninety days. */
#define VIGIL_TOKEN_TTL_DEFAULT (90LL * 86400)

/* The longest life of a token that expires, given as a duration or as
 * a date alike; a longer one is "never". */
#define VIGIL_TOKEN_TTL_MAX_DAYS 3660

/*
 * Reads a token's expiry the one way the CLI (--expires) and the API
 * ("expires") take it: NULL gives now + VIGIL_TOKEN_TTL_DEFAULT;
 * "never" gives 0 (no expiry); a whole number of hours, days or weeks
 * ("12h", "30d", "2w"; no minutes, which would read as months, and no
 * seconds) counts from now; otherwise an ISO 8601 date or time
 * ("2027-01-31", UTC).  Either is at most VIGIL_TOKEN_TTL_MAX_DAYS from
 * now.  Returns 0 or VIGIL_EINVAL with a message in err (may be NULL)
 * that states the rule broken; *out is written only on success.
 * Whether the time is in the future is vigil_token_create's check.
 */
int vigil_token_expiry_parse(const char *text, time_t now, time_t *out,
                             struct vigil_error *err);

/* Revokes a token by id; VIGIL_ENOTFOUND, or VIGIL_ESTATE when it was
 * revoked already. */
int vigil_token_revoke(struct vigil_store *s, long long id,
                       struct vigil_error *err);

struct vigil_token_row {
    long long id;
    const char *user;
    const char *name;
    const char *prefix;
    const char *created;
    const char *expires;
    const char *last_used;
    const char *revoked;
};
typedef int (*vigil_token_fn)(void *ctx, const struct vigil_token_row *t);

/* Tokens of one user (NULL: of everyone), newest first; VIGIL_ENOTFOUND
 * for an unknown user.  The token itself is never listed, only its
 * first 8 characters (prefix). */
int vigil_tokens(struct vigil_store *s, const char *user, vigil_token_fn fn,
                 void *ctx);

/*
 * Checks a bearer token.  Unknown, revoked and expired tokens and
 * tokens of disabled users give VIGIL_EINVAL.  last_used is updated at
 * most once a minute, so reads stay reads.
 */
int vigil_auth_token(struct vigil_store *s, const char *token,
                     struct vigil_principal *who, struct vigil_error *err);

/*
 * Starts a browser session for an enabled user, for ttl seconds (1 to
 * 30 days).  sid gets the cookie value, csrf the token forms must
 * echo.  A session also ends when unused for VIGIL_SESSION_IDLE
 * seconds (use slides that limit, never the expiry), when its user is
 * disabled or removed, when the user's password changes, and when it
 * is the oldest of VIGIL_SESSION_MAX + 1.
 */
#define VIGIL_SESSION_IDLE (8 * 3600)

/* A user has at most this many live sessions: starting one more ends
 * the one least recently started. */
#define VIGIL_SESSION_MAX 16

int vigil_session_create(struct vigil_store *s, long long user_id,
                         long ttl, char sid[VIGIL_SESSION_SIZE],
                         char csrf[VIGIL_SESSION_SIZE],
                         struct vigil_error *err);

/* Checks a session cookie; on success fills who and csrf. */
int vigil_auth_session(struct vigil_store *s, const char *sid,
                       struct vigil_principal *who,
                       char csrf[VIGIL_SESSION_SIZE],
                       struct vigil_error *err);

/* Ends a session (logout); an unknown sid is not an error. */
int vigil_session_end(struct vigil_store *s, const char *sid,
                      struct vigil_error *err);

/*
 * Login throttling, kept in the memory of the process that serves
 * logins (vigil serve).  Failed logins are counted per user name (ASCII
 * case ignored) from each client address, and per address over all
 * names.  Once a name has VIGIL_LOGIN_FAILS failures from an address
 * within VIGIL_LOGIN_WINDOW seconds of the first, every attempt for
 * that name from that address is refused, right password or not, until
 * the window has passed; once an address has VIGIL_LOGIN_ADDR_FAILS,
 * every attempt from it is.  The same name from another address is not
 * refused, so guessing cannot lock a user out everywhere.  The table
 * holds at most cap names and addresses; when full, the entry whose
 * window started first is dropped.  All calls are thread-safe.
 */
#define VIGIL_LOGIN_FAILS 5
#define VIGIL_LOGIN_ADDR_FAILS 50
#define VIGIL_LOGIN_WINDOW (15 * 60)

struct vigil_login_guard;

/* A guard of cap entries (at least 2); NULL when out of memory.  Free
 * with vigil_login_guard_free (accepts NULL). */
struct vigil_login_guard *vigil_login_guard_new(size_t cap);
void vigil_login_guard_free(struct vigil_login_guard *g);

/* 0 when an attempt for name from addr (either may be NULL; an unknown
 * address counts as "-") may go on; else the seconds until it may (at
 * least 1). */
long vigil_login_guard_check(struct vigil_login_guard *g, const char *name,
                             const char *addr, time_t now);

/* Counts a failed attempt against name and addr. */
void vigil_login_guard_failed(struct vigil_login_guard *g, const char *name,
                              const char *addr, time_t now);

/*
 * The check and the count of vigil_login_guard_check and
 * vigil_login_guard_failed in one step, for an attempt about to be
 * checked: when it may go on (0), it is counted as failed at once, so
 * that parallel attempts cannot all pass the check before any is
 * counted.  An attempt that did not fail is then taken back with
 * vigil_login_guard_cancel (and vigil_login_guard_succeeded when it
 * logged in).  Else the seconds until an attempt may go on.
 */
long vigil_login_guard_begin(struct vigil_login_guard *g, const char *name,
                             const char *addr, time_t now);

/* Takes back the count of one vigil_login_guard_begin. */
void vigil_login_guard_cancel(struct vigil_login_guard *g, const char *name,
                              const char *addr);

/* A successful login clears the failures of the name from addr (not
 * those of the address, which may be trying other names). */
void vigil_login_guard_succeeded(struct vigil_login_guard *g,
                                 const char *name, const char *addr);

/* Compares two NUL-terminated secrets in time independent of where
 * they differ; 1 when equal. */
int vigil_secret_equal(const char *a, const char *b);

#endif
