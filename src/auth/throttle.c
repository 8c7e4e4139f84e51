/*
 * throttle.c - counting failed logins per user name and per client
 * address, in memory, to refuse password guessing after a few tries.
 *
 * The table is a small array searched linearly: it holds at most a few
 * thousand entries and each lookup sits next to an Argon2id hash that
 * costs far more.  A window starts with its first failure and lasts
 * VIGIL_LOGIN_WINDOW seconds; it is not slid by later failures, so a
 * locked name or address is free again at a time known in advance.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/auth.h"
#include "../internal.h"

#define KEY_MAX 80               /* "u:" or "a:" and a name or address */

struct slot {
    char key[KEY_MAX];           /* "" when free */
    time_t first;                /* the first failure of the window */
    int fails;
};

struct vigil_login_guard {
    pthread_mutex_t lock;
    struct slot *slots;
    size_t cap;
};

struct vigil_login_guard *vigil_login_guard_new(size_t cap)
{
    struct vigil_login_guard *g;

    if (cap < 2 || !(g = calloc(1, sizeof(*g))))
        return NULL;
    if (!(g->slots = calloc(cap, sizeof(*g->slots)))) {
        free(g);
        return NULL;
    }
    g->cap = cap;
    pthread_mutex_init(&g->lock, NULL);
    return g;
}

void vigil_login_guard_free(struct vigil_login_guard *g)
{
    if (!g)
        return;
    pthread_mutex_destroy(&g->lock);
    free(g->slots);
    free(g);
}

/* The key of a name (lowercased, as user names are unique that way) or
 * of an address; 0 when there is nothing to key on. */
static int make_key(char key[KEY_MAX], char kind, const char *v)
{
    size_t i;

    if (!v || !*v)
        return 0;
    key[0] = kind;
    key[1] = ':';
    for (i = 0; v[i] && i + 3 < KEY_MAX; i++)
        key[i + 2] = (char)vigil__tolower((unsigned char)v[i]);
    key[i + 2] = '\0';
    return 1;
}

static struct slot *find(struct vigil_login_guard *g, const char *key)
{
    size_t i;

    for (i = 0; i < g->cap; i++)
        if (g->slots[i].key[0] && strcmp(g->slots[i].key, key) == 0)
            return &g->slots[i];
    return NULL;
}

/* A slot for a new key: a free or ended one, else the oldest window.
 * LIMIT: the counts live in one process and the oldest is dropped when
 * the table is full; a restart or a spread-out guesser escapes them.
 * See docs/LIMITS.md#login-throttle-memory. */
static struct slot *claim(struct vigil_login_guard *g, const char *key,
                          time_t now)
{
    struct slot *best = &g->slots[0];
    size_t i;

    for (i = 0; i < g->cap; i++) {
        struct slot *x = &g->slots[i];

        if (!x->key[0] || now - x->first >= VIGIL_LOGIN_WINDOW) {
            best = x;
            break;
        }
        if (x->first < best->first)
            best = x;
    }
    memset(best, 0, sizeof(*best));
    memcpy(best->key, key, strlen(key) + 1);
    best->first = now;
    return best;
}

/* Seconds left of a locked key's window; 0 when not locked. */
static long wait_of(struct vigil_login_guard *g, const char *key,
                    time_t now)
{
    struct slot *x = find(g, key);

    if (!x || x->fails < VIGIL_LOGIN_FAILS ||
        now - x->first >= VIGIL_LOGIN_WINDOW)
        return 0;
    return (long)(x->first + VIGIL_LOGIN_WINDOW - now);
}

long vigil_login_guard_check(struct vigil_login_guard *g, const char *name,
                             const char *addr, time_t now)
{
    char kn[KEY_MAX], ka[KEY_MAX];
    long wn = 0, wa = 0;

    if (!g)
        return 0;
    pthread_mutex_lock(&g->lock);
    if (make_key(kn, 'u', name))
        wn = wait_of(g, kn, now);
    if (make_key(ka, 'a', addr))
        wa = wait_of(g, ka, now);
    pthread_mutex_unlock(&g->lock);
    return wn > wa ? wn : wa;
}

static void count(struct vigil_login_guard *g, const char *key, time_t now)
{
    struct slot *x = find(g, key);

    if (x && now - x->first >= VIGIL_LOGIN_WINDOW) {
        x->first = now;
        x->fails = 0;
    }
    if (!x)
        x = claim(g, key, now);
    if (x->fails < VIGIL_LOGIN_FAILS)
        x->fails++;
}

void vigil_login_guard_failed(struct vigil_login_guard *g, const char *name,
                              const char *addr, time_t now)
{
    char key[KEY_MAX];

    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    if (make_key(key, 'u', name))
        count(g, key, now);
    if (make_key(key, 'a', addr))
        count(g, key, now);
    pthread_mutex_unlock(&g->lock);
}

long vigil_login_guard_begin(struct vigil_login_guard *g, const char *name,
                             const char *addr, time_t now)
{
    char kn[KEY_MAX], ka[KEY_MAX];
    int hn, ha;
    long wn = 0, wa = 0;

    if (!g)
        return 0;
    pthread_mutex_lock(&g->lock);
    hn = make_key(kn, 'u', name);
    ha = make_key(ka, 'a', addr);
    if (hn)
        wn = wait_of(g, kn, now);
    if (ha)
        wa = wait_of(g, ka, now);

    /* counted under the same lock as the check: parallel guesses each
     * use one of the VIGIL_LOGIN_FAILS tries, never the same one */
    if (!wn && !wa) {
        if (hn)
            count(g, kn, now);
        if (ha)
            count(g, ka, now);
    }
    pthread_mutex_unlock(&g->lock);
    return wn > wa ? wn : wa;
}

static void uncount(struct vigil_login_guard *g, const char *key)
{
    struct slot *x = find(g, key);

    if (x && x->fails > 0)
        x->fails--;
}

void vigil_login_guard_cancel(struct vigil_login_guard *g, const char *name,
                              const char *addr)
{
    char key[KEY_MAX];

    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    if (make_key(key, 'u', name))
        uncount(g, key);
    if (make_key(key, 'a', addr))
        uncount(g, key);
    pthread_mutex_unlock(&g->lock);
}

void vigil_login_guard_succeeded(struct vigil_login_guard *g,
                                 const char *name)
{
    char key[KEY_MAX];
    struct slot *x;

    if (!g || !make_key(key, 'u', name))
        return;
    pthread_mutex_lock(&g->lock);
    if ((x = find(g, key)) != NULL)
        memset(x, 0, sizeof(*x));
    pthread_mutex_unlock(&g->lock);
}
