/*
 * test_auth.c - roles, users, passwords, API tokens, sessions and the
 * rule that keeps one enabled admin, on a real temporary store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "vigil/auth.h"
#include "store_helpers.h"
#include "internal.h"

#define PW "correct horse battery"
#define T0 1796299200  /* 2026-12-03T12:00:00Z */

struct fx {
    struct vigil_store *s;
    char dir[64];
    char db[96];
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));

    if (!f || store_tmp_open("auth", f->dir, sizeof(f->dir), f->db,
                             sizeof(f->db), &f->s))
        return -1;
    vigil_clock_set(T0);
    vigil_store_set_actor(f->s, "tester");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    vigil_clock_set(0);
    return store_tmp_close(f, f->s, f->dir);
}

static void test_roles(void **state)
{
    static const struct {
        const char *name;
        enum vigil_role role;
    } cases[] = {
        { "viewer", VIGIL_ROLE_VIEWER }, { "analyst", VIGIL_ROLE_ANALYST },
        { "admin", VIGIL_ROLE_ADMIN },   { "Admin", VIGIL_ROLE_NONE },
        { "none", VIGIL_ROLE_NONE },     { "", VIGIL_ROLE_NONE },
        { "root", VIGIL_ROLE_NONE },     { NULL, VIGIL_ROLE_NONE },
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        assert_int_equal(vigil_role_parse(cases[i].name), cases[i].role);
        if (cases[i].role != VIGIL_ROLE_NONE)
            assert_string_equal(vigil_role_name(cases[i].role),
                                cases[i].name);
    }
    assert_string_equal(vigil_role_name(VIGIL_ROLE_NONE), "none");
    assert_string_equal(vigil_role_name((enum vigil_role)9), "none");
    assert_true(VIGIL_ROLE_VIEWER < VIGIL_ROLE_ANALYST &&
                VIGIL_ROLE_ANALYST < VIGIL_ROLE_ADMIN);
}

static void test_user_add_names(void **state)
{
    static const struct {
        const char *name;
        int role;
        const char *pw;
        int rc;
    } cases[] = {
        { "alice", VIGIL_ROLE_ADMIN, PW, 0 },
        { "a.b_c@d-e", VIGIL_ROLE_VIEWER, NULL, 0 },
        { "x23456789012345678901234567890123456789012345678901234567890123",
          VIGIL_ROLE_VIEWER, NULL, 0 },
        { "x234567890123456789012345678901234567890123456789012345678901234",
          VIGIL_ROLE_VIEWER, NULL, VIGIL_EINVAL },
        { "", VIGIL_ROLE_VIEWER, NULL, VIGIL_EINVAL },
        { "bad name", VIGIL_ROLE_VIEWER, NULL, VIGIL_EINVAL },
        { "x/y", VIGIL_ROLE_VIEWER, NULL, VIGIL_EINVAL },
        { "caf\xc3\xa9", VIGIL_ROLE_VIEWER, NULL, VIGIL_EINVAL },
        { "bob", VIGIL_ROLE_NONE, NULL, VIGIL_EINVAL },
        { "bob", 7, NULL, VIGIL_EINVAL },
        { "bob", VIGIL_ROLE_ANALYST, "short", VIGIL_EINVAL },
        { "alice", VIGIL_ROLE_VIEWER, NULL, VIGIL_EEXIST },
        { "Alice", VIGIL_ROLE_VIEWER, NULL, VIGIL_EEXIST },
        { "ALICE", VIGIL_ROLE_ADMIN, NULL, VIGIL_EEXIST },
        { "A.B_C@D-E", VIGIL_ROLE_VIEWER, NULL, VIGIL_EEXIST },
        { "-alice", VIGIL_ROLE_VIEWER, NULL, VIGIL_EINVAL },
        { "--help", VIGIL_ROLE_VIEWER, NULL, VIGIL_EINVAL },
        { "-", VIGIL_ROLE_VIEWER, NULL, VIGIL_EINVAL },
        { "a-", VIGIL_ROLE_VIEWER, NULL, 0 },
        { "bob", VIGIL_ROLE_ANALYST, NULL, 0 },
    };
    struct fx *f = *state;
    struct vigil_error err;
    char longpw[1026];
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        int rc = vigil_user_add(f->s, cases[i].name,
                                (enum vigil_role)cases[i].role, cases[i].pw,
                                &err);

        if (rc != cases[i].rc)
            fail_msg("case %zu '%s': %d, want %d", i, cases[i].name, rc,
                     cases[i].rc);
    }
    memset(longpw, 'p', sizeof(longpw) - 1);
    longpw[1025] = '\0';
    assert_int_equal(vigil_user_add(f->s, "carol", VIGIL_ROLE_VIEWER,
                                    longpw, &err), VIGIL_EINVAL);
    longpw[1024] = '\0';
    assert_int_equal(vigil_user_add(f->s, "carol", VIGIL_ROLE_VIEWER,
                                    longpw, &err), 0);
    assert_int_equal(vigil_user_add(f->s, "alice", VIGIL_ROLE_ADMIN, PW,
                                    &err), VIGIL_EEXIST);
    assert_non_null(strstr(err.msg, "'alice'"));
}

struct counts {
    int users, with_pw, disabled;
    long long tokens;
    char last[64];
};

static int count_user(void *ctx, const struct vigil_user_row *u)
{
    struct counts *c = ctx;

    c->users++;
    c->with_pw += u->has_password;
    c->disabled += u->disabled;
    c->tokens += u->tokens;
    snprintf(c->last, sizeof(c->last), "%s:%s", u->name, u->role);
    return 0;
}

static void test_password_verify(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal who;
    struct counts c = { 0, 0, 0, 0, "" };

    assert_int_equal(vigil_user_add(f->s, "alice", VIGIL_ROLE_ANALYST, PW,
                                    &err), 0);
    assert_int_equal(vigil_user_add(f->s, "tok", VIGIL_ROLE_VIEWER, NULL,
                                    &err), 0);
    assert_int_equal(vigil_user_add(f->s, "root", VIGIL_ROLE_ADMIN, PW,
                                    &err), 0);

    memset(&who, 0, sizeof(who));
    assert_int_equal(vigil_auth_password(f->s, "alice", PW, &who, &err), 0);
    assert_string_equal(who.name, "alice");
    assert_int_equal(who.role, VIGIL_ROLE_ANALYST);
    assert_true(who.user_id > 0);

    /* every failure looks the same */
    assert_int_equal(vigil_auth_password(f->s, "alice", "wrong password",
                                         &who, &err), VIGIL_EINVAL);
    assert_string_equal(err.msg, "invalid name or password");
    assert_int_equal(vigil_auth_password(f->s, "nobody", PW, &who, &err),
                     VIGIL_EINVAL);
    assert_string_equal(err.msg, "invalid name or password");
    assert_int_equal(vigil_auth_password(f->s, "tok", "", &who, &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_auth_password(f->s, "bad name", PW, &who, &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_auth_password(f->s, NULL, NULL, &who, &err),
                     VIGIL_EINVAL);

    assert_int_equal(vigil_user_set(f->s, "alice", VIGIL_ROLE_NONE, 1, &err),
                     0);
    assert_int_equal(vigil_auth_password(f->s, "alice", PW, &who, &err),
                     VIGIL_EINVAL);
    assert_string_equal(err.msg, "invalid name or password");
    assert_int_equal(vigil_user_set(f->s, "alice", VIGIL_ROLE_VIEWER, 0,
                                    &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "alice", PW, &who, &err), 0);
    assert_int_equal(who.role, VIGIL_ROLE_VIEWER);

    /* a new password replaces the old; NULL removes it */
    assert_int_equal(vigil_user_password(f->s, "alice", "another secret",
                                         &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "alice", PW, &who, &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_auth_password(f->s, "alice", "another secret",
                                         &who, &err), 0);
    assert_int_equal(vigil_user_password(f->s, "alice", "2short", &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_user_password(f->s, "ghost", PW, &err),
                     VIGIL_ENOTFOUND);
    assert_int_equal(vigil_user_password(f->s, "alice", NULL, &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "alice", "another secret",
                                         &who, &err), VIGIL_EINVAL);

    assert_int_equal(vigil_users(f->s, count_user, &c), 0);
    assert_int_equal(c.users, 3);
    assert_int_equal(c.with_pw, 1);
    assert_string_equal(c.last, "tok:viewer");
}

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An unknown name costs an Argon2id hash like a known one. */
static void test_unknown_name_costs_a_hash(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal who;
    double t, known = 1e9, unknown = 1e9, d;
    int i;

    assert_int_equal(vigil_user_add(f->s, "alice", VIGIL_ROLE_ADMIN, PW,
                                    &err), 0);
    vigil_auth_password(f->s, "nobody", PW, &who, &err);
    for (i = 0; i < 3; i++) {
        t = seconds();
        vigil_auth_password(f->s, "alice", "wrong password", &who, &err);
        d = seconds() - t;
        known = d < known ? d : known;
        t = seconds();
        vigil_auth_password(f->s, "nobody", "wrong password", &who, &err);
        d = seconds() - t;
        unknown = d < unknown ? d : unknown;
    }
    if (unknown < known / 3 || known < unknown / 3)
        fail_msg("known name %.3f s, unknown %.3f s", known, unknown);
}

static int copy_hash(void *ctx, const struct vigil_store_user *u)
{
    snprintf(ctx, crypto_pwhash_STRBYTES, "%s", u->password);
    return 0;
}

static void test_rehash_on_login(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal who;
    char weak[crypto_pwhash_STRBYTES], now[crypto_pwhash_STRBYTES];

    assert_int_equal(sodium_init() >= 0, 1);
    assert_int_equal(crypto_pwhash_str_alg(weak, PW, strlen(PW),
                                           crypto_pwhash_OPSLIMIT_MIN,
                                           crypto_pwhash_MEMLIMIT_MIN,
                                           crypto_pwhash_ALG_ARGON2ID13), 0);
    assert_int_equal(vigil_store_user_add(f->s, "old", "viewer", weak, NULL,
                                          &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "old", PW, &who, &err), 0);
    assert_int_equal(vigil_store_user_get(f->s, "old", 0, copy_hash, now),
                     0);
    assert_string_not_equal(now, weak);
    assert_int_equal(strncmp(now, "$argon2id$", 10), 0);
    assert_int_equal(crypto_pwhash_str_needs_rehash(
                         now, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
    assert_int_equal(vigil_auth_password(f->s, "old", PW, &who, &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "old", "not it at all", &who,
                                         &err), VIGIL_EINVAL);
}

struct tok_seen {
    int n;
    char prefix[16];
    char last_used[32];
    int revoked;
};

static int see_token(void *ctx, const struct vigil_token_row *t)
{
    struct tok_seen *ts = ctx;

    if (ts->n++ == 0) {
        snprintf(ts->prefix, sizeof(ts->prefix), "%s", t->prefix);
        snprintf(ts->last_used, sizeof(ts->last_used), "%s",
                 t->last_used ? t->last_used : "");
        ts->revoked = t->revoked != NULL;
    }
    return 0;
}

static void test_token_lifecycle(void **state)
{
    static const char *const bad[] = {
        "", "vgl_", "Bearer vgl_x",
        "vgl_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "xyz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "vgl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    };
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal who;
    struct tok_seen ts = { 0, "", "", 0 };
    char tok[VIGIL_TOKEN_SIZE], copy[VIGIL_TOKEN_SIZE + 1];
    long long id;
    size_t i;

    assert_int_equal(vigil_user_add(f->s, "ci", VIGIL_ROLE_ANALYST, NULL,
                                    &err), 0);
    assert_int_equal(vigil_token_create(f->s, "ci", "pipeline", 0, tok, &id,
                                        &err), 0);
    assert_int_equal(strlen(tok), VIGIL_TOKEN_SIZE - 1);
    assert_int_equal(strncmp(tok, "vgl_", 4), 0);
    memset(&who, 0, sizeof(who));
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), 0);
    assert_string_equal(who.name, "ci");
    assert_int_equal(who.role, VIGIL_ROLE_ANALYST);

    assert_int_equal(vigil_tokens(f->s, "ci", see_token, &ts), 0);
    assert_int_equal(ts.n, 1);
    assert_int_equal(strncmp(ts.prefix, tok, 8), 0);
    assert_int_equal(strlen(ts.prefix), 8);
    assert_string_equal(ts.last_used, "2026-12-03T12:00:00Z");

    for (i = 0; i < VIGIL_ARRAY_SIZE(bad); i++)
        assert_int_equal(vigil_auth_token(f->s, bad[i], &who, &err),
                         VIGIL_EINVAL);
    assert_int_equal(vigil_auth_token(f->s, NULL, &who, &err), VIGIL_EINVAL);
    snprintf(copy, sizeof(copy), "%s", tok);
    copy[10] = copy[10] == 'A' ? 'B' : 'A';
    assert_int_equal(vigil_auth_token(f->s, copy, &who, &err), VIGIL_EINVAL);
    snprintf(copy, sizeof(copy), "%sA", tok);
    assert_int_equal(vigil_auth_token(f->s, copy, &who, &err), VIGIL_EINVAL);

    assert_int_equal(vigil_token_revoke(f->s, id, &err), 0);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), VIGIL_EINVAL);
    assert_string_equal(err.msg, "invalid token");
    assert_int_equal(vigil_token_revoke(f->s, id, &err), VIGIL_ESTATE);
    assert_int_equal(vigil_token_revoke(f->s, id + 100, &err),
                     VIGIL_ENOTFOUND);
    ts.n = 0;
    assert_int_equal(vigil_tokens(f->s, NULL, see_token, &ts), 0);
    assert_int_equal(ts.revoked, 1);
    assert_int_equal(vigil_tokens(f->s, "ghost", see_token, &ts),
                     VIGIL_ENOTFOUND);
    assert_int_equal(vigil_token_create(f->s, "ghost", NULL, 0, tok, NULL,
                                        &err), VIGIL_ENOTFOUND);
    assert_int_equal(vigil_token_create(f->s, "ci", "two\nlines", 0, tok,
                                        NULL, &err), VIGIL_EINVAL);
}

static void test_token_expiry_and_use(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal who;
    struct tok_seen ts = { 0, "", "", 0 };
    char tok[VIGIL_TOKEN_SIZE];
    struct counts c = { 0, 0, 0, 0, "" };

    assert_int_equal(vigil_user_add(f->s, "ci", VIGIL_ROLE_VIEWER, NULL,
                                    &err), 0);
    assert_int_equal(vigil_token_create(f->s, "ci", "old", T0 - 1, tok, NULL,
                                        &err), VIGIL_EINVAL);
    assert_int_equal(vigil_token_create(f->s, "ci", "hour", T0 + 3600, tok,
                                        NULL, &err), 0);

    vigil_clock_set(T0 + 30);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), 0);
    vigil_clock_set(T0 + 50);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), 0);
    assert_int_equal(vigil_tokens(f->s, "ci", see_token, &ts), 0);
    assert_string_equal(ts.last_used, "2026-12-03T12:00:30Z");
    vigil_clock_set(T0 + 95);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), 0);
    ts.n = 0;
    assert_int_equal(vigil_tokens(f->s, "ci", see_token, &ts), 0);
    assert_string_equal(ts.last_used, "2026-12-03T12:01:35Z");

    vigil_clock_set(T0 + 3599);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), 0);
    assert_int_equal(vigil_users(f->s, count_user, &c), 0);
    assert_int_equal(c.tokens, 1);
    vigil_clock_set(T0 + 3600);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), VIGIL_EINVAL);
    memset(&c, 0, sizeof(c));
    assert_int_equal(vigil_users(f->s, count_user, &c), 0);
    assert_int_equal(c.tokens, 0);
}

static void test_token_of_disabled_or_removed_user(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal who;
    char tok[VIGIL_TOKEN_SIZE], other[VIGIL_TOKEN_SIZE];

    assert_int_equal(vigil_user_add(f->s, "bob", VIGIL_ROLE_ADMIN, NULL,
                                    &err), 0);
    assert_int_equal(vigil_user_add(f->s, "root", VIGIL_ROLE_ADMIN, NULL,
                                    &err), 0);
    assert_int_equal(vigil_token_create(f->s, "bob", NULL, 0, tok, NULL,
                                        &err), 0);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), 0);
    assert_int_equal(vigil_user_set(f->s, "bob", VIGIL_ROLE_NONE, 1, &err),
                     0);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), VIGIL_EINVAL);
    assert_int_equal(vigil_token_create(f->s, "bob", NULL, 0, other, NULL,
                                        &err), VIGIL_ESTATE);
    assert_int_equal(vigil_user_set(f->s, "bob", VIGIL_ROLE_NONE, 0, &err),
                     0);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), 0);

    /* a role change takes effect at the next request */
    assert_int_equal(vigil_user_set(f->s, "bob", VIGIL_ROLE_VIEWER, -1,
                                    &err), 0);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), 0);
    assert_int_equal(who.role, VIGIL_ROLE_VIEWER);

    assert_int_equal(vigil_user_remove(f->s, "bob", &err), 0);
    assert_int_equal(vigil_auth_token(f->s, tok, &who, &err), VIGIL_EINVAL);
    assert_int_equal(vigil_user_remove(f->s, "bob", &err), VIGIL_ENOTFOUND);
}

/* Whether needle occurs in the bytes of the file at path. */
static int file_holds(const char *path, const char *needle)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    size_t i, n = strlen(needle);
    int found = 0;

    if (vigil_buf_read_file(&b, path, (size_t)64 << 20, &err) == 0)
        for (i = 0; !found && i + n <= b.len; i++)
            found = memcmp(b.ptr + i, needle, n) == 0;
    vigil_buf_release(&b);
    return found;
}

static void test_only_hashes_stored(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal who;
    char tok[VIGIL_TOKEN_SIZE], sid[VIGIL_SESSION_SIZE];
    char csrf[VIGIL_SESSION_SIZE], prefix[9], wal[128];

    assert_int_equal(vigil_user_add(f->s, "ci", VIGIL_ROLE_VIEWER, PW,
                                    &err), 0);
    assert_int_equal(vigil_token_create(f->s, "ci", "x", 0, tok, NULL, &err),
                     0);
    assert_int_equal(vigil_auth_password(f->s, "ci", PW, &who, &err), 0);
    assert_int_equal(vigil_session_create(f->s, who.user_id, 3600, sid, csrf,
                                          &err), 0);
    vigil_store_close(f->s);
    f->s = NULL;

    snprintf(prefix, sizeof(prefix), "%.8s", tok);
    snprintf(wal, sizeof(wal), "%s-wal", f->db);
    assert_true(file_holds(f->db, prefix) || file_holds(wal, prefix));
    assert_true(file_holds(f->db, "$argon2id$") ||
                file_holds(wal, "$argon2id$"));
    assert_false(file_holds(f->db, tok + 4) || file_holds(wal, tok + 4));
    assert_false(file_holds(f->db, sid) || file_holds(wal, sid));
    assert_false(file_holds(f->db, PW) || file_holds(wal, PW));
    assert_int_equal(vigil_store_open(f->db, &f->s, &err), 0);
}

static void test_sessions(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal who, me;
    char sid[VIGIL_SESSION_SIZE], csrf[VIGIL_SESSION_SIZE];
    char got[VIGIL_SESSION_SIZE];

    assert_int_equal(vigil_user_add(f->s, "dana", VIGIL_ROLE_ANALYST, PW,
                                    &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "dana", PW, &me, &err), 0);
    assert_int_equal(vigil_session_create(f->s, me.user_id, 0, sid, csrf,
                                          &err), VIGIL_EINVAL);
    assert_int_equal(vigil_session_create(f->s, me.user_id + 50, 60, sid,
                                          csrf, &err), VIGIL_EINVAL);
    assert_int_equal(vigil_session_create(f->s, me.user_id, 86400, sid, csrf,
                                          &err), 0);
    assert_int_equal(strlen(sid), VIGIL_SESSION_SIZE - 1);
    assert_int_equal(strlen(csrf), VIGIL_SESSION_SIZE - 1);
    assert_string_not_equal(sid, csrf);

    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err), 0);
    assert_string_equal(got, csrf);
    assert_string_equal(who.name, "dana");
    assert_int_equal(vigil_auth_session(f->s, csrf, &who, got, &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_auth_session(f->s, "", &who, got, &err),
                     VIGIL_EINVAL);

    /* use slides the idle limit, never past the expiry */
    vigil_clock_set(T0 + 6 * 3600);
    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err), 0);
    vigil_clock_set(T0 + 12 * 3600);
    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err), 0);
    vigil_clock_set(T0 + 18 * 3600);
    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err), 0);
    vigil_clock_set(T0 + 24 * 3600);
    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err),
                     VIGIL_EINVAL);

    /* idle too long */
    assert_int_equal(vigil_session_create(f->s, me.user_id, 86400, sid, csrf,
                                          &err), 0);
    vigil_clock_set(T0 + 24 * 3600 + VIGIL_SESSION_IDLE);
    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err),
                     VIGIL_EINVAL);

    /* logout, and an unknown sid is no error */
    assert_int_equal(vigil_session_create(f->s, me.user_id, 3600, sid, csrf,
                                          &err), 0);
    assert_int_equal(vigil_session_end(f->s, sid, &err), 0);
    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_session_end(f->s, sid, &err), 0);
    assert_int_equal(vigil_session_end(f->s, "garbage", &err), 0);
}

/* Disabling the user, or a new password, ends their sessions. */
static void test_sessions_end_with_the_user(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal who, me;
    char sid[VIGIL_SESSION_SIZE], csrf[VIGIL_SESSION_SIZE];
    char got[VIGIL_SESSION_SIZE];

    assert_int_equal(vigil_user_add(f->s, "dana", VIGIL_ROLE_ANALYST, PW,
                                    &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "dana", PW, &me, &err), 0);
    assert_int_equal(vigil_session_create(f->s, me.user_id, 3600, sid, csrf,
                                          &err), 0);
    assert_int_equal(vigil_user_set(f->s, "dana", VIGIL_ROLE_NONE, 1, &err),
                     0);
    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_user_set(f->s, "dana", VIGIL_ROLE_NONE, 0, &err),
                     0);

    /* disabling deletes the sessions: enabling again revives none, even
     * one not tried while the user was disabled */
    assert_int_equal(vigil_session_create(f->s, me.user_id, 3600, sid, csrf,
                                          &err), 0);
    assert_int_equal(vigil_user_set(f->s, "dana", VIGIL_ROLE_NONE, 1, &err),
                     0);
    assert_int_equal(vigil_user_set(f->s, "dana", VIGIL_ROLE_NONE, 0, &err),
                     0);
    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_session_create(f->s, me.user_id, 3600, sid, csrf,
                                          &err), 0);
    assert_int_equal(vigil_user_password(f->s, "dana", "brand new secret",
                                         &err), 0);
    assert_int_equal(vigil_auth_session(f->s, sid, &who, got, &err),
                     VIGIL_EINVAL);
}

static void test_last_admin(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;

    assert_int_equal(vigil_user_add(f->s, "alice", VIGIL_ROLE_ADMIN, NULL,
                                    &err), 0);
    assert_int_equal(vigil_user_remove(f->s, "alice", &err), VIGIL_ESTATE);
    assert_non_null(strstr(err.msg, "last enabled admin"));
    assert_int_equal(vigil_user_set(f->s, "alice", VIGIL_ROLE_VIEWER, -1,
                                    &err), VIGIL_ESTATE);
    assert_int_equal(vigil_user_set(f->s, "alice", VIGIL_ROLE_NONE, 1, &err),
                     VIGIL_ESTATE);
    assert_int_equal(vigil_user_set(f->s, "alice", VIGIL_ROLE_ADMIN, 0,
                                    &err), 0);

    /* a disabled admin does not count */
    assert_int_equal(vigil_user_add(f->s, "carol", VIGIL_ROLE_ADMIN, NULL,
                                    &err), 0);
    assert_int_equal(vigil_user_set(f->s, "carol", VIGIL_ROLE_NONE, 1, &err),
                     0);
    assert_int_equal(vigil_user_remove(f->s, "alice", &err), VIGIL_ESTATE);
    assert_int_equal(vigil_user_set(f->s, "carol", VIGIL_ROLE_NONE, 0, &err),
                     0);
    assert_int_equal(vigil_user_set(f->s, "alice", VIGIL_ROLE_ANALYST, -1,
                                    &err), 0);
    assert_int_equal(vigil_user_remove(f->s, "carol", &err), VIGIL_ESTATE);
    assert_int_equal(vigil_user_remove(f->s, "alice", &err), 0);
    assert_int_equal(vigil_user_set(f->s, "ghost", VIGIL_ROLE_NONE, -1,
                                    &err), VIGIL_ENOTFOUND);
    assert_int_equal(vigil_user_set(f->s, "ghost", VIGIL_ROLE_ADMIN, -1,
                                    &err), VIGIL_ENOTFOUND);
}

struct ev_seen {
    int n;
    char types[256];
    int by_tester;
};

static int see_event(void *ctx, const struct vigil_event_row *e)
{
    struct ev_seen *es = ctx;
    size_t len = strlen(es->types);

    if (strncmp(e->type, "user.", 5) != 0 &&
        strncmp(e->type, "token.", 6) != 0)
        return 0;
    es->n++;
    snprintf(es->types + len, sizeof(es->types) - len, "%s ", e->type);
    es->by_tester += strstr(e->detail, "\"by\": \"tester\"") != NULL;
    return 0;
}

static void test_events(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct ev_seen es = { 0, "", 0 };
    char tok[VIGIL_TOKEN_SIZE];
    long long id;

    assert_int_equal(vigil_user_add(f->s, "root", VIGIL_ROLE_ADMIN, NULL,
                                    &err), 0);
    assert_int_equal(vigil_user_add(f->s, "eve", VIGIL_ROLE_VIEWER, NULL,
                                    &err), 0);
    assert_int_equal(vigil_user_set(f->s, "eve", VIGIL_ROLE_ANALYST, -1,
                                    &err), 0);
    assert_int_equal(vigil_token_create(f->s, "eve", "t", 0, tok, &id, &err),
                     0);
    assert_int_equal(vigil_token_revoke(f->s, id, &err), 0);
    assert_int_equal(vigil_user_remove(f->s, "eve", &err), 0);
    /* refused changes leave no event */
    assert_int_equal(vigil_user_remove(f->s, "root", &err), VIGIL_ESTATE);
    assert_int_equal(vigil_user_add(f->s, "eve", VIGIL_ROLE_NONE, NULL,
                                    &err), VIGIL_EINVAL);

    assert_int_equal(vigil_store_events(f->s, NULL, see_event, &es), 0);
    assert_string_equal(es.types, "user.added user.added user.changed "
                                  "token.created token.revoked "
                                  "user.removed ");
    assert_int_equal(es.by_tester, es.n);
}

static void test_secret_equal(void **state)
{
    static const struct {
        const char *a, *b;
        int eq;
    } cases[] = {
        { "abc", "abc", 1 }, { "abc", "abd", 0 }, { "abc", "abcd", 0 },
        { "", "", 1 },       { "", "x", 0 },      { NULL, "x", 0 },
        { "x", NULL, 0 },    { NULL, NULL, 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++)
        assert_int_equal(vigil_secret_equal(cases[i].a, cases[i].b),
                         cases[i].eq);
}

/* The one reading of a token's expiry, for the CLI and the API. */
static void test_token_expiry_parse(void **state)
{
    static const struct {
        const char *in;
        int rc;
        long long want;          /* from T0, or absolute when > 1e9 */
        const char *msg;         /* in the message of a refusal */
    } cases[] = {
        { NULL, 0, 90LL * 86400, NULL },
        { "never", 0, -1, NULL },
        { "30d", 0, 30LL * 86400, NULL },
        { "12h", 0, 12LL * 3600, NULL },
        { "2027-01-31", 0, 1801353600LL, NULL },
        { "2027-01-31T10:00:00Z", 0, 1801389600LL, NULL },
        { "2w", 0, 14LL * 86400, NULL },
        { "3660d", 0, 3660LL * 86400, NULL },
        { "2036-12-10", 0, 2112480000LL, NULL },
        { "2027-02-30", VIGIL_EINVAL, 0, "give never, a duration in h, d" },
        { "soon", VIGIL_EINVAL, 0, "cannot read the expiry 'soon'" },
        { "", VIGIL_EINVAL, 0, "give never" },
        { "Never", VIGIL_EINVAL, 0, "give never" },
        { "30d junk", VIGIL_EINVAL, 0, "give never" },
        /* minutes would read as months; seconds are of no use */
        { "3m", VIGIL_EINVAL, 0, "takes the unit h, d or w" },
        { "90s", VIGIL_EINVAL, 0, "takes the unit h, d or w" },
        { "90", VIGIL_EINVAL, 0, "takes the unit h, d or w" },
        { "0d", VIGIL_EINVAL, 0, "at least 1" },
        /* one maximum for durations and dates, said in the message */
        { "3661d", VIGIL_EINVAL, 0, "at most 3660 days" },
        { "5000d", VIGIL_EINVAL, 0, "at most 3660 days" },
        { "523w", VIGIL_EINVAL, 0, "at most 3660 days" },
        { "9999-12-31", VIGIL_EINVAL, 0, "at most 3660 days" },
        { "2036-12-11", VIGIL_EINVAL, 0, "at most 3660 days" },
    };
    struct vigil_error err;
    time_t t;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        t = 12345;
        vigil_error_clear(&err);
        assert_int_equal(vigil_token_expiry_parse(cases[i].in, T0, &t,
                                                  &err), cases[i].rc);
        if (cases[i].rc && !strstr(err.msg, cases[i].msg))
            fail_msg("'%s': '%s' lacks '%s'", cases[i].in, err.msg,
                     cases[i].msg);
        if (cases[i].rc)
            assert_int_equal(t, 12345);
        else if (cases[i].want < 0)
            assert_int_equal(t, 0);
        else if (cases[i].want > 1000000000LL)
            assert_int_equal(t, cases[i].want);
        else
            assert_int_equal(t, T0 + cases[i].want);
    }
}

/* Creating one session past the cap ends the oldest, not the others. */
static void test_session_cap(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal me, who;
    char sid[VIGIL_SESSION_MAX + 2][VIGIL_SESSION_SIZE];
    char csrf[VIGIL_SESSION_SIZE];
    int i;

    assert_int_equal(vigil_user_add(f->s, "sam", VIGIL_ROLE_VIEWER, PW,
                                    &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "sam", PW, &me, &err), 0);
    for (i = 0; i < VIGIL_SESSION_MAX + 2; i++) {
        vigil_clock_set(T0 + i);
        assert_int_equal(vigil_session_create(f->s, me.user_id, 3600,
                                              sid[i], csrf, &err), 0);
    }
    for (i = 0; i < VIGIL_SESSION_MAX + 2; i++)
        assert_int_equal(vigil_auth_session(f->s, sid[i], &who, csrf, &err),
                         i < 2 ? VIGIL_EINVAL : 0);
}

/* Sessions started in one second end in the order they were started. */
static void test_session_cap_same_second(void **state)
{
    struct fx *f = *state;
    struct vigil_error err;
    struct vigil_principal me, who;
    char sid[VIGIL_SESSION_MAX + 3][VIGIL_SESSION_SIZE];
    char csrf[VIGIL_SESSION_SIZE];
    int i;

    assert_int_equal(vigil_user_add(f->s, "sue", VIGIL_ROLE_VIEWER, PW,
                                    &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "sue", PW, &me, &err), 0);
    vigil_clock_set(T0);
    for (i = 0; i < VIGIL_SESSION_MAX + 3; i++)
        assert_int_equal(vigil_session_create(f->s, me.user_id, 3600,
                                              sid[i], csrf, &err), 0);
    for (i = 0; i < VIGIL_SESSION_MAX + 3; i++)
        if (vigil_auth_session(f->s, sid[i], &who, csrf, &err) !=
            (i < 3 ? VIGIL_EINVAL : 0))
            fail_msg("session %d of %d started in one second: %s", i + 1,
                     VIGIL_SESSION_MAX + 3, i < 3 ? "kept" : "ended");
    vigil_clock_set(0);
}

/* Failed logins lock a name (any case) from one address for the
 * window; other addresses and other names from it go on. */
static void test_login_guard(void **state)
{
    struct vigil_login_guard *g = vigil_login_guard_new(64);
    time_t t = T0;
    int i;

    (void)state;
    assert_non_null(g);
    for (i = 0; i < VIGIL_LOGIN_FAILS; i++) {
        assert_int_equal(vigil_login_guard_check(g, "alice", "10.0.0.1",
                                                 t + i), 0);
        vigil_login_guard_failed(g, "alice", "10.0.0.1", t + i);
    }
    assert_int_equal(vigil_login_guard_check(g, "alice", "10.0.0.1", t + 10),
                     VIGIL_LOGIN_WINDOW - 10);
    assert_int_equal(vigil_login_guard_check(g, "ALICE", "10.0.0.1", t + 10),
                     VIGIL_LOGIN_WINDOW - 10);
    assert_int_equal(vigil_login_guard_check(g, "alice", "10.0.0.2", t + 10),
                     0);
    assert_int_equal(vigil_login_guard_check(g, "bob", "10.0.0.1", t + 10),
                     0);

    /* the lock lasts the window and then lifts; a success clears the
     * count of a name that is not locked */
    assert_int_equal(vigil_login_guard_check(g, "alice", "10.0.0.1",
                                             t + VIGIL_LOGIN_WINDOW - 1), 1);
    assert_int_equal(vigil_login_guard_check(g, "alice", "10.0.0.1",
                                             t + VIGIL_LOGIN_WINDOW), 0);
    vigil_login_guard_failed(g, "alice", "10.0.0.1", t + VIGIL_LOGIN_WINDOW);
    assert_int_equal(vigil_login_guard_check(g, "alice", "10.0.0.1",
                                             t + VIGIL_LOGIN_WINDOW), 0);
    for (i = 0; i < VIGIL_LOGIN_FAILS - 2; i++)
        vigil_login_guard_failed(g, "carol", "10.0.0.3", t);
    vigil_login_guard_succeeded(g, "Carol", "10.0.0.3");
    vigil_login_guard_failed(g, "carol", "10.0.0.3", t);
    vigil_login_guard_failed(g, "carol", "10.0.0.3", t);
    assert_int_equal(vigil_login_guard_check(g, "carol", "10.0.0.3", t), 0);

    /* an unknown address is one address, "-" */
    for (i = 0; i < VIGIL_LOGIN_FAILS; i++)
        vigil_login_guard_failed(g, "dora", NULL, t);
    assert_true(vigil_login_guard_check(g, "dora", "-", t) > 0);
    vigil_login_guard_free(g);
    vigil_login_guard_free(NULL);
    assert_null(vigil_login_guard_new(1));
}

/* One address spraying many names meets the address's own ceiling;
 * the table stays at its size as the oldest windows are dropped. */
static void test_login_guard_spray(void **state)
{
    struct vigil_login_guard *g = vigil_login_guard_new(256);
    char name[16], addr[32];
    time_t t = T0;
    int i;

    (void)state;
    assert_non_null(g);
    for (i = 0; i < VIGIL_LOGIN_ADDR_FAILS; i++) {
        snprintf(name, sizeof(name), "n%d", i);
        assert_int_equal(vigil_login_guard_begin(g, name, "10.0.0.5", t),
                         0);
    }
    assert_int_equal(vigil_login_guard_begin(g, "admin", "10.0.0.5", t + 1),
                     VIGIL_LOGIN_WINDOW - 1);
    assert_int_equal(vigil_login_guard_check(g, "admin", "10.0.0.6", t + 1),
                     0);
    assert_int_equal(vigil_login_guard_check(g, "admin", "10.0.0.5",
                                             t + VIGIL_LOGIN_WINDOW), 0);

    /* many addresses and names push out the oldest windows */
    for (i = 0; i < 1000; i++) {
        snprintf(name, sizeof(name), "u%d", i);
        snprintf(addr, sizeof(addr), "10.1.%d.%d", i / 100, i % 100);
        vigil_login_guard_failed(g, name, addr, t + 1 + i / 100);
    }
    assert_int_equal(vigil_login_guard_check(g, "u999", "10.1.9.99", t + 20),
                     0);
    for (i = 0; i < VIGIL_LOGIN_FAILS; i++)
        vigil_login_guard_failed(g, "u999", "10.1.9.99", t + 20);
    assert_true(vigil_login_guard_check(g, "u999", "10.1.9.99", t + 20) > 0);
    vigil_login_guard_free(g);
}

static int count_token(void *ctx, const struct vigil_token_row *t)
{
    (void)t;
    (*(int *)ctx)++;
    return 0;
}

/* Names are unique ignoring case, so every lookup by name ignores it. */
static void test_names_ignore_case(void **state)
{
    struct fx *f = *state;
    struct vigil_principal who;
    struct vigil_error err;
    struct counts c;
    char tok[VIGIL_TOKEN_SIZE];
    int n = 0;

    assert_int_equal(vigil_user_add(f->s, "alice", VIGIL_ROLE_ADMIN, PW,
                                    &err), 0);
    assert_int_equal(vigil_user_add(f->s, "Bob", VIGIL_ROLE_ANALYST, NULL,
                                    &err), 0);
    assert_int_equal(vigil_user_set(f->s, "BOB", VIGIL_ROLE_VIEWER, -1,
                                    &err), 0);
    assert_int_equal(vigil_user_password(f->s, "bob", PW, &err), 0);
    assert_int_equal(vigil_auth_password(f->s, "bOB", PW, &who, &err), 0);
    assert_int_equal(who.role, VIGIL_ROLE_VIEWER);
    assert_int_equal(vigil_token_create(f->s, "BOB", "ci", 0, tok, NULL,
                                        &err), 0);
    assert_int_equal(vigil_tokens(f->s, "bob", count_token, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(vigil_user_set(f->s, "ALICE", VIGIL_ROLE_VIEWER, -1,
                                    &err), VIGIL_ESTATE);
    assert_int_equal(vigil_user_remove(f->s, "BOB", &err), 0);
    memset(&c, 0, sizeof(c));
    assert_int_equal(vigil_users(f->s, count_user, &c), 0);
    assert_int_equal(c.users, 1);
    assert_string_equal(c.last, "alice:admin");
}

/* begin checks and counts in one step; cancel takes a count back */
static void test_login_guard_begin(void **state)
{
    struct vigil_login_guard *g = vigil_login_guard_new(16);
    time_t t = T0;
    int i;

    (void)state;
    assert_non_null(g);
    for (i = 0; i < VIGIL_LOGIN_FAILS; i++)
        assert_int_equal(vigil_login_guard_begin(g, "dan", "10.0.0.9", t),
                         0);
    assert_int_equal(vigil_login_guard_begin(g, "dan", "10.0.0.9", t),
                     VIGIL_LOGIN_WINDOW);
    assert_int_equal(vigil_login_guard_begin(g, "dan", "10.0.0.8", t), 0);
    vigil_login_guard_cancel(g, "dan", "10.0.0.8");
    assert_int_equal(vigil_login_guard_check(g, NULL, "10.0.0.9", t), 0);

    /* an attempt that did not fail (a login, a bad form) is not counted */
    vigil_login_guard_cancel(g, "dan", "10.0.0.9");
    assert_int_equal(vigil_login_guard_check(g, "dan", "10.0.0.9", t), 0);
    for (i = 0; i < 3; i++) {
        assert_int_equal(vigil_login_guard_begin(g, "eve", "10.0.0.7", t),
                         0);
        vigil_login_guard_cancel(g, "eve", "10.0.0.7");
    }
    assert_int_equal(vigil_login_guard_check(g, "eve", "10.0.0.7", t), 0);
    for (i = 0; i < VIGIL_LOGIN_FAILS - 1; i++)
        assert_int_equal(vigil_login_guard_begin(g, "eve", "10.0.0.7", t),
                         0);
    assert_int_equal(vigil_login_guard_begin(g, "eve", "10.0.0.7", t), 0);
    assert_true(vigil_login_guard_begin(g, "eve", "10.0.0.7", t) > 0);
    vigil_login_guard_cancel(NULL, "x", "y");
    assert_int_equal(vigil_login_guard_begin(NULL, "x", "y", t), 0);
    vigil_login_guard_free(g);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),
        T(test_user_add_names),
        T(test_names_ignore_case),
        T(test_password_verify),
        T(test_unknown_name_costs_a_hash),
        T(test_rehash_on_login),
        T(test_token_lifecycle),
        T(test_token_expiry_and_use),
        cmocka_unit_test(test_token_expiry_parse),
        T(test_token_of_disabled_or_removed_user),
        T(test_only_hashes_stored),
        T(test_sessions),
        T(test_sessions_end_with_the_user),
        T(test_session_cap),
        T(test_session_cap_same_second),
        cmocka_unit_test(test_login_guard),
        cmocka_unit_test(test_login_guard_spray),
        cmocka_unit_test(test_login_guard_begin),
        T(test_last_admin),
        T(test_events),
        cmocka_unit_test(test_secret_equal),
    };

    return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
