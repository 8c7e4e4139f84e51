/*
 * throttle.c - counting failed logins per user name from each client
 * address, and per address over all names, in memory, to refuse
 * password guessing after a few tries.
 *
 * A name is locked per address, not everywhere: otherwise anyone could
 * lock the admin out by guessing wrong five times, and behind a reverse
 * proxy (one address for all) one user's typos would lock everyone.
 * The address's own, much higher ceiling stops one address spraying
 * guesses over many names.
 *
 * The table is a small array searched linearly: it holds at most a few
 * thousand entries and each lookup sits next to an Argon2id hash that
 * costs far more.  A window starts with its first failure and lasts
 * VIGIL_LOGIN_WINDOW seconds; it is not slid by later failures, so a
 * locked pair or address is free again at a time known in advance.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/auth.h"
#include "../internal.h"

/* "p:" ADDRESS " " NAME, or "a:" ADDRESS; an address is at most 63
 * bytes (the server's text of it) and a valid user name 63 */
#define KEY_MAX 136

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

/* The two counts an attempt is checked against. */
struct keys {
    char pair[KEY_MAX];          /* "" when no name came */
    char addr[KEY_MAX];
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

/*
 * The keys of an attempt for name from addr, lowercased, as user names
 * are unique that way (an unknown address counts as "-").  A name too
 * long to be a user's is cut, which only makes such names share a
 * count.
 */
static void make_keys(struct keys *k, const char *name, const char *addr)
{
    size_t i;

    if (!addr || !*addr)
        addr = "-";
    snprintf(k->addr, sizeof(k->addr), "a:%s", addr);
    k->pair[0] = '\0';
    if (name && *name)
        snprintf(k->pair, sizeof(k->pair), "p:%s %s", addr, name);
    for (i = 0; k->addr[i]; i++)
        k->addr[i] = (char)vigil__tolower((unsigned char)k->addr[i]);
    for (i = 0; k->pair[i]; i++)
        k->pair[i] = (char)vigil__tolower((unsigned char)k->pair[i]);
}

static struct slot *find(struct vigil_login_guard *g, const char *key)
{
    size_t i;

    for (i = 0; key[0] && i < g->cap; i++)
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

/* The failures a key may have before it is locked. */
static int limit_of(const char *key)
{
    return key[0] == 'a' ? VIGIL_LOGIN_ADDR_FAILS : VIGIL_LOGIN_FAILS;
}

/* Seconds left of a locked key's window; 0 when not locked. */
static long wait_of(struct vigil_login_guard *g, const char *key,
                    time_t now)
{
    struct slot *x = find(g, key);

    if (!x || x->fails < limit_of(key) ||
        now - x->first >= VIGIL_LOGIN_WINDOW)
        return 0;
    return (long)(x->first + VIGIL_LOGIN_WINDOW - now);
}

/* The longer wait of the two keys; call with the lock held. */
static long wait_keys(struct vigil_login_guard *g, const struct keys *k,
                      time_t now)
{
    long wp = wait_of(g, k->pair, now), wa = wait_of(g, k->addr, now);

    return wp > wa ? wp : wa;
}

static void count(struct vigil_login_guard *g, const char *key, time_t now)
{
    struct slot *x = find(g, key);

    if (!key[0])
        return;
    if (x && now - x->first >= VIGIL_LOGIN_WINDOW) {
        x->first = now;
        x->fails = 0;
    }
    if (!x)
        x = claim(g, key, now);
    if (x->fails < limit_of(key))
        x->fails++;
}

static void uncount(struct vigil_login_guard *g, const char *key)
{
    struct slot *x = find(g, key);

    if (x && x->fails > 0)
        x->fails--;
}

/*
 * The wait of an attempt; when it need not wait and take is set, the
 * attempt is counted as a failure until it is known not to be one.
 * Counted under the same lock as the check: parallel guesses each use
 * one of the tries, never the same one.
 */
static long attempt(struct vigil_login_guard *g, const char *name,
                    const char *addr, time_t now, int take)
{
    struct keys k;
    long w;

    if (!g)
        return 0;
    make_keys(&k, name, addr);
    pthread_mutex_lock(&g->lock);
    w = wait_keys(g, &k, now);
    if (!w && take) {
        count(g, k.pair, now);
        count(g, k.addr, now);
    }
    pthread_mutex_unlock(&g->lock);
    return w;
}

long vigil_login_guard_check(struct vigil_login_guard *g, const char *name,
                             const char *addr, time_t now)
{
    return attempt(g, name, addr, now, 0);
}

void vigil_login_guard_failed(struct vigil_login_guard *g, const char *name,
                              const char *addr, time_t now)
{
    struct keys k;

    if (!g)
        return;
    make_keys(&k, name, addr);
    pthread_mutex_lock(&g->lock);
    count(g, k.pair, now);
    count(g, k.addr, now);
    pthread_mutex_unlock(&g->lock);
}

long vigil_login_guard_begin(struct vigil_login_guard *g, const char *name,
                             const char *addr, time_t now)
{
    return attempt(g, name, addr, now, 1);
}

void vigil_login_guard_cancel(struct vigil_login_guard *g, const char *name,
                              const char *addr)
{
    struct keys k;

    if (!g)
        return;
    make_keys(&k, name, addr);
    pthread_mutex_lock(&g->lock);
    uncount(g, k.pair);
    uncount(g, k.addr);
    pthread_mutex_unlock(&g->lock);
}

void vigil_login_guard_succeeded(struct vigil_login_guard *g,
                                 const char *name, const char *addr)
{
    struct keys k;
    struct slot *x;

    if (!g)
        return;
    make_keys(&k, name, addr);
    pthread_mutex_lock(&g->lock);
    if ((x = find(g, k.pair)) != NULL)
        memset(x, 0, sizeof(*x));
    pthread_mutex_unlock(&g->lock);
}
