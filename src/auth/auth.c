/*
 * auth.c - roles, users and their passwords.
 *
 * Passwords become libsodium Argon2id strings; a login checks one in
 * constant work whether the name exists or not, and upgrades a string
 * made with weaker parameters than today's.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "vigil/auth.h"
#include "vigil/store.h"
#include "auth_int.h"
#include "../internal.h"

#define PW_MIN 8
#define PW_MAX 1024
#define PW_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PW_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE
#define PW_ALG crypto_pwhash_ALG_ARGON2ID13

static const char *const role_names[] = { "none", "viewer", "analyst",
                                          "admin" };

const char *vigil_role_name(enum vigil_role r)
{
    if ((unsigned)r >= VIGIL_ARRAY_SIZE(role_names))
        return "none";
    return role_names[r];
}

enum vigil_role vigil_role_parse(const char *name)
{
    size_t i;

    for (i = 1; name && i < VIGIL_ARRAY_SIZE(role_names); i++)
        if (strcmp(name, role_names[i]) == 0)
            return (enum vigil_role)i;
    return VIGIL_ROLE_NONE;
}

static int valid_name(const char *name)
{
    size_t n = 0;

    for (; name && name[n]; n++)
        if (!vigil__isalnum((unsigned char)name[n]) &&
            !strchr("._@-", name[n]))
            return 0;
    /* a leading '-' could not be typed as an argument of the CLI */
    return n >= 1 && n <= 63 && name[0] != '-';
}

static int check_password(const char *name, const char *pw,
                          struct vigil_error *err)
{
    size_t n = pw ? strlen(pw) : 0;

    if (pw && (n < PW_MIN || n > PW_MAX))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot set the password of '%s': it must "
                               "be %d to %d bytes", name, PW_MIN, PW_MAX);
    return 0;
}

/* Hashes pw into out (crypto_pwhash_STRBYTES). */
static int hash_password(const char *pw, char *out, struct vigil_error *err)
{
    if (crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPS, PW_MEM,
                              PW_ALG) != 0)
        return vigil_error_set(err, VIGIL_ENOMEM, 0,
                               "cannot hash a password: out of memory");
    return 0;
}

int vigil_user_add(struct vigil_store *s, const char *name,
                   enum vigil_role role, const char *password,
                   struct vigil_error *err)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc;

    if ((rc = vigil__auth_init(err)))
        return rc;
    if (!valid_name(name))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot add user '%s': a name is 1 to 63 "
                               "of A-Z a-z 0-9 . _ @ -, not starting with "
                               "-", name ? name : "");
    if (role < VIGIL_ROLE_VIEWER || role > VIGIL_ROLE_ADMIN)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot add user '%s': no such role", name);
    if ((rc = check_password(name, password, err)))
        return rc;
    if (password && (rc = hash_password(password, hash, err)))
        return rc;
    return vigil_store_user_add(s, name, vigil_role_name(role),
                                password ? hash : NULL, NULL, err);
}

static int ignore_user(void *ctx, const struct vigil_store_user *u)
{
    (void)ctx;
    (void)u;
    return 0;
}

int vigil_user_set(struct vigil_store *s, const char *name,
                   enum vigil_role role, int disabled,
                   struct vigil_error *err)
{
    if (role > VIGIL_ROLE_ADMIN || role < VIGIL_ROLE_NONE)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot change user '%s': no such role",
                               name);
    if (role == VIGIL_ROLE_NONE && disabled < 0) {
        if (vigil_store_user_get(s, name, 0, ignore_user, NULL))
            return vigil_error_set(err, VIGIL_ENOTFOUND, 0, "no user '%s'",
                                   name);
        return 0;
    }
    return vigil_store_user_set(s, name,
                                role ? vigil_role_name(role) : NULL,
                                disabled, err);
}

int vigil_user_password(struct vigil_store *s, const char *name,
                        const char *password, struct vigil_error *err)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc;

    if ((rc = vigil__auth_init(err)))
        return rc;
    if ((rc = check_password(name, password, err)))
        return rc;
    if (password && (rc = hash_password(password, hash, err)))
        return rc;
    /* a new password ends the sessions the old one opened */
    return vigil_store_user_password(s, name, password ? hash : NULL, 1, 0,
                                     err);
}

int vigil_user_remove(struct vigil_store *s, const char *name,
                      struct vigil_error *err)
{
    return vigil_store_user_remove(s, name, err);
}

int vigil_users(struct vigil_store *s, vigil_user_fn fn, void *ctx)
{
    char now[32];

    vigil_time_format(vigil_now(), now, sizeof(now));
    return vigil_store_users(s, now, fn, ctx);
}

/* ---- login ---- */

/* A hash of a password nobody knows, so that an unknown name costs
 * the same Argon2id work as a known one. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static int dummy_ok;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    char pw[VIGIL__AUTH_SECRET_LEN + 1];

    vigil__auth_random(pw);
    dummy_ok = crypto_pwhash_str_alg(dummy_hash, pw, strlen(pw), PW_OPS,
                                     PW_MEM, PW_ALG) == 0;
    sodium_memzero(pw, sizeof(pw));
}

struct login {
    long long id;
    char name[64];
    char role[16];
    char hash[crypto_pwhash_STRBYTES];
    int has_hash;
    int disabled;
};

static int keep_login(void *ctx, const struct vigil_store_user *u)
{
    struct login *l = ctx;

    l->id = u->id;
    snprintf(l->name, sizeof(l->name), "%s", u->name);
    snprintf(l->role, sizeof(l->role), "%s", u->role);
    l->disabled = u->disabled;
    l->has_hash = u->password && strlen(u->password) < sizeof(l->hash);
    if (l->has_hash)
        memcpy(l->hash, u->password, strlen(u->password) + 1);
    return 0;
}

int vigil_auth_password(struct vigil_store *s, const char *name,
                        const char *password, struct vigil_principal *who,
                        struct vigil_error *err)
{
    struct login l;
    size_t n = password ? strlen(password) : 0;
    int rc, found, good;

    if ((rc = vigil__auth_init(err)))
        return rc;
    pthread_once(&dummy_once, make_dummy);
    memset(&l, 0, sizeof(l));
    found = name && valid_name(name) &&
            vigil_store_user_get(s, name, 0, keep_login, &l) == 0;

    /* the same Argon2id work whatever the outcome */
    good = crypto_pwhash_str_verify(l.has_hash ? l.hash : dummy_hash,
                                    password ? password : "", n) == 0;
    if (!found || !l.has_hash || l.disabled || !good || n > PW_MAX ||
        !dummy_ok)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid name or password");

    /* parameters raised since this string was made: store a new one */
    if (crypto_pwhash_str_needs_rehash(l.hash, PW_OPS, PW_MEM) == 1 &&
        hash_password(password, l.hash, NULL) == 0 &&
        vigil_store_user_password(s, l.name, l.hash, 0, 1, NULL) != 0)
        vigil_log(VIGIL_LOG_WARN, "cannot upgrade the password hash of "
                                  "'%s'", l.name);
    vigil__auth_principal(who, l.id, l.name, l.role);
    return 0;
}

void vigil__auth_principal(struct vigil_principal *who, long long id,
                           const char *name, const char *role)
{
    who->user_id = id;
    snprintf(who->name, sizeof(who->name), "%s", name ? name : "");
    who->role = vigil_role_parse(role);
}

int vigil_secret_equal(const char *a, const char *b)
{
    unsigned char ha[32], hb[32];

    if (!a || !b || vigil__auth_init(NULL))
        return 0;

    /* comparing digests makes the time independent of the contents and
     * of where, or whether, the lengths differ */
    crypto_generichash(ha, sizeof(ha), (const unsigned char *)a, strlen(a),
                       NULL, 0);
    crypto_generichash(hb, sizeof(hb), (const unsigned char *)b, strlen(b),
                       NULL, 0);
    return sodium_memcmp(ha, hb, sizeof(ha)) == 0;
}
