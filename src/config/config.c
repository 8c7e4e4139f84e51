/*
 * config.c - loading vigil.conf.  One table lists every plain setting
 * with its type, default and help; it drives parsing, validation and
 * "vigil config show".
 */
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vigil/config.h"
#include "vigil/policy.h"
#include "vigil/report.h"
#include "vigil/store.h"
#include "../internal.h"

static const struct vigil_conf_def defs[] = {
    { "vigil.database", "string", "vigil.db",
      "database file, when neither --db nor VIGIL_DB is given" },
    { "match.cpe_for_packages", "bool", "no",
      "also match components of package ecosystems by CPE" },
    { "report.folder", "string", "",
      "folder the daemon writes scheduled reports to (empty: none)" },
    { "report.kinds", "string", "weekly",
      "reports the daemon writes: weekly, monthly, quarterly" },
    { "report.formats", "string", "html",
      "formats of scheduled reports: html, md, json, csv" },
    { "report.mail", "string", "",
      "smtp:// or smtps:// target that gets each scheduled report" },
    { "serve.listen", "string", "127.0.0.1:8080",
      "address vigil serve listens on: ADDR:PORT or [IPV6]:PORT" },
    { "serve.threads", "string", "4",
      "worker threads and database handles of vigil serve (1-64)" },
    { "serve.timeout", "string", "15",
      "seconds before an idle or slow connection is closed (1-3600)" },
    { "serve.max_connections", "string", "128",
      "connections open at once (1-10000)" },
    { "serve.per_ip", "string", "32",
      "connections open at once from one address (1-10000)" },
    { "serve.max_body", "string", "1048576",
      "largest request body in bytes (1024-67108864)" },
};

const struct vigil_conf_def *vigil_config_defs(size_t *n)
{
    *n = VIGIL_ARRAY_SIZE(defs);
    return defs;
}

int vigil_config_bool(const char *v)
{
    static const char *const yes[] = { "yes", "true", "on", "1" };
    static const char *const no[] = { "no", "false", "off", "0" };
    size_t i;

    for (i = 0; v && i < VIGIL_ARRAY_SIZE(yes); i++) {
        if (vigil__strcasecmp(v, yes[i]) == 0)
            return 1;
        if (vigil__strcasecmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

struct load_ctx {
    struct vigil_config *cfg;
    struct vigil_error *err;
    int failed;
};

static char *dup_or_fail(struct load_ctx *c, const char *s)
{
    char *p = strdup(s);

    if (!p)
        c->failed = 1;
    return p;
}

/* Splits 'source "kev"' into kind "source" and name "kev". */
static int split_section(const char *section, char *kind, size_t kindlen,
                         const char **name, size_t *namelen)
{
    const char *sp = strchr(section, ' '), *q1, *q2;

    if (!sp) {
        snprintf(kind, kindlen, "%s", section);
        *name = NULL;
        return 0;
    }
    snprintf(kind, kindlen, "%.*s", (int)(sp - section), section);
    q1 = strchr(sp, '"');
    q2 = q1 ? strrchr(q1 + 1, '"') : NULL;
    if (!q1 || !q2 || q2 == q1 + 1 || q2[1] != '\0')
        return -1;
    *name = q1 + 1;
    *namelen = (size_t)(q2 - q1 - 1);
    return 0;
}

/*
 * Stores value in an entity's empty slot; a key given twice for one
 * entity, in one section or in two of the same name, is an error, as
 * an option given twice on the command line: the second would silently
 * win over the first.
 */
static int set_once(struct load_ctx *c, char **slot, const char *kind,
                    const char *name, const char *key, const char *value)
{
    if (*slot)
        return vigil_error_set(c->err, VIGIL_EINVAL, 0, "'%s' is set twice "
                               "for [%s \"%s\"]", key, kind, name);
    *slot = dup_or_fail(c, value);
    return c->failed ? VIGIL_ENOMEM : 0;
}

static int set_plain(struct load_ctx *c, const char *kind, const char *key,
                     const char *value)
{
    struct vigil_config *cfg = c->cfg;
    struct vigil_conf_setting *p;
    char full[128];
    size_t i;
    long long v;

    snprintf(full, sizeof(full), "%s.%s", kind, key);
    for (i = 0; i < VIGIL_ARRAY_SIZE(defs); i++)
        if (strcmp(defs[i].key, full) == 0)
            break;
    if (strcmp(kind, "policy") == 0) {
        struct vigil_policy scratch;

        /* the policy module owns its keys, types and bounds */
        vigil_policy_init(&scratch);
        if (vigil_policy_set(&scratch, key, value, c->err) != 0)
            return c->err->code ? c->err->code : VIGIL_EINVAL;
    } else if (i == VIGIL_ARRAY_SIZE(defs))
        return vigil_error_set(c->err, VIGIL_EINVAL, 0,
                               "unknown setting '%s'", full);
    if (i < VIGIL_ARRAY_SIZE(defs) && strcmp(defs[i].type, "bool") == 0 &&
        vigil_config_bool(value) < 0)
        return vigil_error_set(c->err, VIGIL_EINVAL, 0,
                               "'%s' must be yes or no, not '%s'", full,
                               value);
    if (i < VIGIL_ARRAY_SIZE(defs) && strcmp(defs[i].type, "days") == 0 &&
        vigil__parse_ll(value, 1, 3650, &v) != 0)
        return vigil_error_set(c->err, VIGIL_EINVAL, 0,
                               "'%s' must be a number of days from 1 to "
                               "3650, not '%s'", full, value);
    for (i = 0; i < cfg->nsettings; i++)
        if (strcmp(cfg->settings[i].key, full) == 0)
            return vigil_error_set(c->err, VIGIL_EINVAL, 0,
                                   "'%s' is set twice", full);
    p = realloc(cfg->settings, (cfg->nsettings + 1) * sizeof(*p));
    if (!p)
        return VIGIL_ENOMEM;
    cfg->settings = p;
    p[cfg->nsettings].key = dup_or_fail(c, full);
    p[cfg->nsettings].value = dup_or_fail(c, value);
    cfg->nsettings++;
    return c->failed ? VIGIL_ENOMEM : 0;
}

static const char *const levels[] = { "low", "medium", "high", "critical" };

static int set_system(struct load_ctx *c, struct vigil_conf_system *y,
                      const char *key, const char *value)
{
    static const struct {
        const char *key;
        size_t off;
    } fields[] = {
        { "owner", offsetof(struct vigil_conf_system, owner) },
        { "env", offsetof(struct vigil_conf_system, env) },
        { "criticality", offsetof(struct vigil_conf_system, criticality) },
        { "distro", offsetof(struct vigil_conf_system, distro) },
        { "tags", offsetof(struct vigil_conf_system, tags) },
    };
    size_t i;
    int rc;

    if ((rc = vigil_store_system_name_check(y->name, c->err)))
        return rc;
    if (strcmp(key, "inventory") == 0) {
        if (y->ninventory == VIGIL_CONF_MAX_INV)
            return vigil_error_set(c->err, VIGIL_ELIMIT, 0,
                                   "more than %d inventories",
                                   VIGIL_CONF_MAX_INV);
        y->inventory[y->ninventory++] = dup_or_fail(c, value);
        return c->failed ? VIGIL_ENOMEM : 0;
    }
    if (strcmp(key, "criticality") == 0) {
        for (i = 0; i < VIGIL_ARRAY_SIZE(levels); i++)
            if (strcmp(levels[i], value) == 0)
                break;
        if (i == VIGIL_ARRAY_SIZE(levels))
            return vigil_error_set(c->err, VIGIL_EINVAL, 0,
                                   "criticality must be low, medium, high "
                                   "or critical, not '%s'", value);
    }
    if (strcmp(key, "owner") == 0 &&
        (rc = vigil_store_person_check("an owner", value, c->err)))
        return rc;
    for (i = 0; i < VIGIL_ARRAY_SIZE(fields); i++) {
        if (strcmp(fields[i].key, key) == 0) {
            char **slot = (char **)((char *)y + fields[i].off);

            return set_once(c, slot, "system", y->name, key, value);
        }
    }
    return vigil_error_set(c->err, VIGIL_EINVAL, 0,
                           "unknown system setting '%s'", key);
}

static int set_source(struct load_ctx *c, struct vigil_conf_source *src,
                      const char *key, const char *value)
{
    char **slot = strcmp(key, "path") == 0     ? &src->path
                  : strcmp(key, "format") == 0 ? &src->format
                                               : NULL;

    if (!slot)
        return vigil_error_set(c->err, VIGIL_EINVAL, 0,
                               "unknown source setting '%s'", key);
    return set_once(c, slot, "source", src->name, key, value);
}

static int set_owner(struct load_ctx *c, struct vigil_conf_owner *o,
                     const char *key, const char *value)
{
    char **slot = strcmp(key, "system") == 0    ? &o->system
                  : strcmp(key, "tag") == 0     ? &o->tag
                  : strcmp(key, "env") == 0     ? &o->env
                  : strcmp(key, "package") == 0 ? &o->package
                                                : NULL;
    int rc;

    /* NAME becomes the assignee of the updates the rule meets */
    if ((rc = vigil_store_person_check("an [owner] name", o->name,
                                       c->err)))
        return rc;
    if (!slot)
        return vigil_error_set(c->err, VIGIL_EINVAL, 0,
                               "unknown owner rule key '%s' (system, tag, "
                               "env or package)", key);
    return set_once(c, slot, "owner", o->name, key, value);
}

/* The named entity of a section, created on first sight. */
static void *entity(struct load_ctx *c, const char *kind, const char *name,
                    size_t namelen)
{
    struct vigil_config *cfg = c->cfg;
    int k = strcmp(kind, "system") == 0 ? 0 : strcmp(kind, "source") == 0
                                                  ? 1 : 2;
    size_t *np = k == 0 ? &cfg->nsystems : k == 1 ? &cfg->nsources
                                                  : &cfg->nowners;
    void **arrp = k == 0 ? (void **)&cfg->systems
                  : k == 1 ? (void **)&cfg->sources
                           : (void **)&cfg->owners;
    size_t sz = k == 0 ? sizeof(*cfg->systems)
                : k == 1 ? sizeof(*cfg->sources) : sizeof(*cfg->owners);
    size_t i, n = *np;
    char **namep;
    void *arr = *arrp, *p;

    for (i = 0; i < n; i++) {
        namep = (char **)((char *)arr + i * sz);   /* name is first */
        if (strlen(*namep) == namelen && !strncmp(*namep, name, namelen))
            return (char *)arr + i * sz;
    }
    if (!(p = realloc(arr, (n + 1) * sz)))
        return NULL;
    memset((char *)p + n * sz, 0, sz);
    namep = (char **)((char *)p + n * sz);
    *namep = strndup(name, namelen);
    *arrp = p;
    (*np)++;
    return *namep ? (char *)p + n * sz : NULL;
}

static int handler(void *user, const char *section, const char *key,
                   const char *value)
{
    struct load_ctx *c = user;
    const char *name;
    size_t namelen = 0;
    char kind[32];
    void *e;
    int rc;

    if (split_section(section, kind, sizeof(kind), &name, &namelen)) {
        vigil_error_set(c->err, VIGIL_EINVAL, 0, "bad section '[%s]'",
                        section);
        return 0;
    }
    if (!name && (strcmp(kind, "vigil") == 0 || !strcmp(kind, "policy") ||
                  !strcmp(kind, "match") || !strcmp(kind, "report") ||
                  !strcmp(kind, "serve")))
        return set_plain(c, kind, key, value) == 0;
    if (!name || (strcmp(kind, "system") && strcmp(kind, "source") &&
                  strcmp(kind, "owner"))) {
        vigil_error_set(c->err, VIGIL_EINVAL, 0, "unknown section '[%s]'",
                        section);
        return 0;
    }
    if (!(e = entity(c, kind, name, namelen))) {
        vigil_error_set(c->err, VIGIL_ENOMEM, 0, "out of memory");
        return 0;
    }
    rc = strcmp(kind, "system") == 0   ? set_system(c, e, key, value)
         : strcmp(kind, "source") == 0 ? set_source(c, e, key, value)
                                       : set_owner(c, e, key, value);
    return rc == 0;
}

/*
 * [report] is checked here, not when the daemon first runs it: kinds,
 * formats and mail must parse, and a folder, when set, must be an
 * existing directory (relative to the file's folder).
 */
static int check_report(const struct vigil_config *cfg,
                        struct vigil_error *err)
{
    struct vigil_report_schedule sch;
    struct vigil_buf dir = VIGIL_BUF_INIT;
    struct vigil_error e;
    struct stat st;
    int rc = 0;

    memset(&sch, 0, sizeof(sch));
    sch.folder = vigil_config_get(cfg, "report.folder");
    sch.kinds = vigil_config_get(cfg, "report.kinds");
    sch.formats = vigil_config_get(cfg, "report.formats");
    sch.mail = vigil_config_get(cfg, "report.mail");
    vigil_error_clear(&e);
    if (vigil_report_schedule_check(&sch, NULL, &e) != 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "%s: [report]: %s",
                               cfg->path, e.msg);
    if (!sch.folder || !*sch.folder)
        return 0;
    if (sch.folder[0] == '/')
        vigil_buf_adds(&dir, sch.folder);
    else
        vigil_buf_addf(&dir, "%s/%s", cfg->dir, sch.folder);
    if (!dir.ptr)
        return VIGIL_ENOMEM;
    if (stat(dir.ptr, &st) != 0 || !S_ISDIR(st.st_mode))
        rc = vigil_error_set(err, VIGIL_EINVAL, 0, "%s: [report]: folder "
                             "'%s' is not an existing directory",
                             cfg->path, dir.ptr);
    vigil_buf_release(&dir);
    return rc;
}

int vigil_config_load(const char *path, struct vigil_config *cfg,
                      struct vigil_error *err)
{
    struct load_ctx c;
    struct vigil_error e;
    const char *slash;
    size_t i;
    int line;

    memset(cfg, 0, sizeof(*cfg));
    memset(&c, 0, sizeof(c));
    vigil_error_clear(&e);
    c.cfg = cfg;
    c.err = &e;
    cfg->path = strdup(path);
    slash = strrchr(path, '/');
    cfg->dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    if (!cfg->path || !cfg->dir)
        return VIGIL_ENOMEM;
    line = ini_parse(path, handler, &c);
    if (line < 0)
        return vigil_error_set(err, VIGIL_EIO, 0, "cannot read '%s'", path);
    if (line > 0)
        return vigil_error_set(err, e.code ? e.code : VIGIL_EPARSE, 0,
                               "%s:%d: %s", path, line,
                               e.msg[0] ? e.msg : "syntax error");
    for (i = 0; i < cfg->nsources; i++)
        if (!cfg->sources[i].path)
            return vigil_error_set(err, VIGIL_EINVAL, 0,
                                   "%s: source '%s' has no path", path,
                                   cfg->sources[i].name);
    return check_report(cfg, err);
}

void vigil_config_release(struct vigil_config *cfg)
{
    size_t i, j;

    for (i = 0; i < cfg->nsources; i++) {
        free(cfg->sources[i].name);
        free(cfg->sources[i].path);
        free(cfg->sources[i].format);
    }
    for (i = 0; i < cfg->nsystems; i++) {
        struct vigil_conf_system *y = &cfg->systems[i];

        free(y->name);
        free(y->owner);
        free(y->env);
        free(y->criticality);
        free(y->distro);
        free(y->tags);
        for (j = 0; j < y->ninventory; j++)
            free(y->inventory[j]);
    }
    for (i = 0; i < cfg->nsettings; i++) {
        free(cfg->settings[i].key);
        free(cfg->settings[i].value);
    }
    for (i = 0; i < cfg->nowners; i++) {
        free(cfg->owners[i].name);
        free(cfg->owners[i].system);
        free(cfg->owners[i].tag);
        free(cfg->owners[i].env);
        free(cfg->owners[i].package);
    }
    free(cfg->owners);
    free(cfg->sources);
    free(cfg->systems);
    free(cfg->settings);
    free(cfg->path);
    free(cfg->dir);
    memset(cfg, 0, sizeof(*cfg));
}

const char *vigil_config_get(const struct vigil_config *cfg, const char *key)
{
    size_t i;

    for (i = cfg ? cfg->nsettings : 0; i > 0; i--)
        if (strcmp(cfg->settings[i - 1].key, key) == 0)
            return cfg->settings[i - 1].value;
    for (i = 0; i < VIGIL_ARRAY_SIZE(defs); i++)
        if (strcmp(defs[i].key, key) == 0)
            return defs[i].def;
    return NULL;
}

int vigil_config_policy(const struct vigil_config *cfg,
                        struct vigil_policy *p, struct vigil_error *err)
{
    size_t i;
    int rc;

    vigil_policy_init(p);
    for (i = 0; cfg && i < cfg->nsettings; i++) {
        const char *key = cfg->settings[i].key;

        if (strncmp(key, "policy.", 7) != 0)
            continue;
        if ((rc = vigil_policy_set(p, key + 7, cfg->settings[i].value,
                                   err)))
            return rc;
    }
    return vigil_policy_check(p, err);
}
