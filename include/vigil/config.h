/*
 * config.h - vigil.conf: an INI file read with inih.
 *
 *   [vigil]              settings from the table in src/config/config.c
 *   [policy]             priority policy settings
 *   [match]              matching settings
 *   [report]             scheduled reports: folder, kinds, formats, mail
 *   [source "NAME"]      path = FILE-OR-DIR, format = FMT (optional)
 *   [system "NAME"]      owner, env, criticality, distro, tags,
 *                        inventory = FILE (may repeat); NAME as
 *                        vigil_store_system_name_check allows, owner
 *                        as vigil_store_person_check does
 *   [owner "NAME"]       system, tag, env, package: a new update that
 *                        meets them all is assigned to NAME, which
 *                        vigil_store_person_check must allow
 *
 * Relative paths are taken from the folder of the config file.
 */
#ifndef VIGIL_CONFIG_H
#define VIGIL_CONFIG_H

#include <stddef.h>

#include "vigil/common.h"

#define VIGIL_CONF_MAX_INV 16

struct vigil_conf_source {
    char *name;
    char *path;
    char *format;
};

struct vigil_conf_system {
    char *name;
    char *owner;
    char *env;
    char *criticality;
    char *distro;
    char *tags;
    char *inventory[VIGIL_CONF_MAX_INV];
    size_t ninventory;
};

/* An [owner "NAME"] rule: conditions for assigning to NAME. */
struct vigil_conf_owner {
    char *name;
    char *system;
    char *tag;
    char *env;
    char *package;
};

/* A [vigil] or [policy] setting: "section.key" = value. */
struct vigil_conf_setting {
    char *key;
    char *value;
};

struct vigil_config {
    char *path;
    char *dir;                     /* folder of the file, for paths */
    struct vigil_conf_source *sources;
    size_t nsources;
    struct vigil_conf_system *systems;
    size_t nsystems;
    struct vigil_conf_setting *settings;
    size_t nsettings;
    struct vigil_conf_owner *owners;     /* in file order */
    size_t nowners;
};

/*
 * Reads path into cfg (which the caller then releases with
 * vigil_config_release).  Unknown sections or keys, bad values and
 * syntax errors fail with the line number in err.
 */
int vigil_config_load(const char *path, struct vigil_config *cfg,
                      struct vigil_error *err);
void vigil_config_release(struct vigil_config *cfg);

/* 1 for yes/true/on/1, 0 for no/false/off/0, -1 otherwise. */
int vigil_config_bool(const char *v);

/* The value of a setting ("vigil.database"), or its default. */
const char *vigil_config_get(const struct vigil_config *cfg,
                             const char *key);

/* Describes every known setting: key, default, help; for config show. */
struct vigil_conf_def {
    const char *key;
    const char *type;            /* "string", "days", "score" */
    const char *def;
    const char *help;
};
const struct vigil_conf_def *vigil_config_defs(size_t *n);

/*
 * The priority policy: the defaults changed by every [policy] key of
 * cfg (which may be NULL).  The keys are those of vigil_policy_set().
 */
struct vigil_policy;
int vigil_config_policy(const struct vigil_config *cfg,
                        struct vigil_policy *p, struct vigil_error *err);

#endif
