/*
 * cmd_config.c - vigil config show: every setting in force, with its
 * default and help, from the one table each module keeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/config.h"
#include "vigil/policy.h"
#include "cli.h"
#include "../internal.h"

static void show_settings(const struct cli *cli)
{
    const struct vigil_conf_def *d;
    const struct vigil_policy_key *k;
    char v[64], def[64];
    struct vigil_policy defaults;
    size_t i, n;

    d = vigil_config_defs(&n);
    for (i = 0; i < n; i++)
        printf("%-30s %-12s # %s (default %s)\n", d[i].key,
               vigil_config_get(cli->cfg_loaded ? &cli->cfg : NULL,
                                d[i].key),
               d[i].help, d[i].def);
    vigil_policy_init(&defaults);
    for (i = 0; (k = vigil_policy_key_at(i)); i++) {
        if (vigil_policy_get(&cli->policy, k->name, v, sizeof(v)) ||
            vigil_policy_get(&defaults, k->name, def, sizeof(def)))
            continue;
        printf("policy.%-23s %-12s # %s (default %s)\n", k->name, v,
               k->help, def);
    }
}

static void show_entities(const struct vigil_config *cfg)
{
    size_t i, j;

    for (i = 0; i < cfg->nsources; i++)
        printf("source.%s.path = %s%s%s\n", cfg->sources[i].name,
               cfg->sources[i].path,
               cfg->sources[i].format ? ", format = " : "",
               cfg->sources[i].format ? cfg->sources[i].format : "");
    for (i = 0; i < cfg->nsystems; i++) {
        const struct vigil_conf_system *y = &cfg->systems[i];

        printf("system.%s = owner %s, env %s, criticality %s, distro %s\n",
               y->name, y->owner ? y->owner : "-", y->env ? y->env : "-",
               y->criticality ? y->criticality : "medium",
               y->distro ? y->distro : "-");
        for (j = 0; j < y->ninventory; j++)
            printf("system.%s.inventory = %s\n", y->name, y->inventory[j]);
    }
    for (i = 0; i < cfg->nowners; i++)
        printf("owner.%s = system %s, tag %s, env %s, package %s\n",
               cfg->owners[i].name,
               cfg->owners[i].system ? cfg->owners[i].system : "*",
               cfg->owners[i].tag ? cfg->owners[i].tag : "*",
               cfg->owners[i].env ? cfg->owners[i].env : "*",
               cfg->owners[i].package ? cfg->owners[i].package : "*");
}

int cmd_config(struct cli *cli, int argc, char **argv)
{
    const char *config = cli->config;
    struct cli_opt opts[] = {
        { "--config", 'c', 1, &config, NULL },
        { NULL, 0, 0, NULL, NULL },
    };
    char **args;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    rc = nargs == 1 && strcmp(args[0], "show") == 0;
    free(args);
    if (!rc)
        return cli_usage(cli, "config needs 'show'");
    cli->config = config;
    if (cli_load_config(cli, config != NULL))
        return VIGIL_EXIT_ERROR;
    printf("# %s\n", cli->cfg_loaded && cli->cfg.path ? cli->cfg.path
                                                      : "(defaults)");
    printf("%-30s %s\n", "database", cli->db_path);
    show_settings(cli);
    if (cli->cfg_loaded && cli->cfg.path)
        show_entities(&cli->cfg);
    return VIGIL_EXIT_OK;
}
