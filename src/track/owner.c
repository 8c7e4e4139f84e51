/*
 * owner.c - who a new security update goes to.
 *
 * Ownership rules name conditions on the affected systems (name, tag,
 * environment) and components (package name); the first rule whose
 * every condition some affected system and component meet wins.  A
 * rule's conditions hold together on one system, so "env = production,
 * package = openssl*" means OpenSSL on a production system.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "track_int.h"
#include "../internal.h"

struct rule_check {
    struct vigil_store *store;
    const struct vigil_owner_rule *rule;
    int met;
};

struct sys_info {
    char env[64];
    char tags[512];
};

static int got_system(void *ctx, const struct vigil_system *y)
{
    struct sys_info *si = ctx;

    snprintf(si->env, sizeof(si->env), "%s", y->env ? y->env : "");
    snprintf(si->tags, sizeof(si->tags), "%s", y->tags ? y->tags : "");
    return 0;
}

/* Whether tag is one of the comma-separated tags. */
static int has_tag(const char *tags, const char *tag)
{
    size_t n = strlen(tag);
    const char *p = tags;

    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (strncmp(p, tag, n) == 0 && (p[n] == ',' || p[n] == ' ' ||
                                        p[n] == '\0'))
            return 1;
        p += strcspn(p, ",");
    }
    return 0;
}

static int check_match(void *ctx, const char *advisory, const char *system,
                       const struct vigil_match_rec *m)
{
    struct rule_check *c = ctx;
    const struct vigil_owner_rule *r = c->rule;
    struct sys_info si;

    (void)advisory;
    if (c->met || strcmp(m->verdict, "affected") != 0)
        return 0;
    if (r->system && fnmatch(r->system, system, 0) != 0)
        return 0;
    if (r->package && fnmatch(r->package, m->component, 0) != 0)
        return 0;
    if (r->env || r->tag) {
        memset(&si, 0, sizeof(si));
        vigil_store_system_get(c->store, system, got_system, &si);
        if (r->env && strcmp(r->env, si.env) != 0)
            return 0;
        if (r->tag && !has_tag(si.tags, r->tag))
            return 0;
    }
    c->met = 1;
    return 0;
}

const char *vigil__track_assignee(struct vigil_store *s,
                                  const struct vigil_owner_rule *rules,
                                  size_t nrules,
                                  const struct vigil_update_input *in)
{
    struct rule_check c;
    size_t i;

    for (i = 0; i < nrules; i++) {
        c.store = s;
        c.rule = &rules[i];
        c.met = 0;
        if (vigil_store_matches(s, in->advisory_id, check_match, &c) == 0 &&
            c.met)
            return rules[i].assignee;
    }
    return in->owner;
}
