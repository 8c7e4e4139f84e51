/*
 * cmd_run.c - vigil run: the main job in one step.  Import every
 * configured source, load every configured system and inventory, match,
 * update the tracked items and print the weekly report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/config.h"
#include "vigil/import.h"
#include "vigil/match.h"
#include "vigil/track.h"
#include "cli.h"
#include "../internal.h"



/* A path from the config file, relative to the file's folder. */
static char *conf_path(const struct vigil_config *cfg, const char *p)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    if (p[0] != '/' && strcmp(cfg->dir, ".") != 0)
        vigil_buf_addf(&b, "%s/", cfg->dir);
    vigil_buf_adds(&b, p);
    return vigil_buf_detach(&b, NULL);
}

static void import_error(void *ctx, const char *origin,
                         const struct vigil_error *e)
{
    (void)ctx;
    if (strstr(e->msg, origin))
        fprintf(stderr, "vigil: %s\n", e->msg);
    else
        fprintf(stderr, "vigil: %s: %s\n", origin, e->msg);
}

static int run_sources(struct cli *cli, const struct vigil_config *cfg,
                       int *had_errors)
{
    struct vigil_import_stats st;
    struct vigil_import_opts io;
    struct vigil_error err;
    char **paths;
    size_t i;
    int rc;

    if (!cfg->nsources)
        return 0;
    if (!(paths = calloc(cfg->nsources, sizeof(*paths))))
        return cli_error(cli, "out of memory");
    for (i = 0; i < cfg->nsources; i++)
        paths[i] = conf_path(cfg, cfg->sources[i].path);
    memset(&io, 0, sizeof(io));
    io.on_error = import_error;
    vigil_error_clear(&err);
    rc = vigil_import_paths(cli->store, (const char *const *)paths,
                            cfg->nsources, &io, &st, &err);
    for (i = 0; i < cfg->nsources; i++)
        free(paths[i]);
    free(paths);
    if (rc == VIGIL_EPARSE)
        *had_errors = 1;
    else if (rc)
        return cli_error(cli, "import failed: %s", err.msg);
    if (!cli->quiet) {
        fputs("vigil: ", stderr);
        cli_print_import(stderr, &st, 0);
    }
    return 0;
}

static int run_system(struct cli *cli, const struct vigil_config *cfg,
                      const struct vigil_conf_system *y)
{
    struct vigil_system sys;
    struct vigil_error err;
    char distro[64];
    long long n;
    size_t i;
    int rc;

    memset(&sys, 0, sizeof(sys));
    sys.name = y->name;
    sys.owner = y->owner;
    sys.env = y->env;
    sys.criticality = y->criticality;
    if (y->distro && !vigil_distro_normalize(y->distro, distro,
                                             sizeof(distro)))
        return cli_error(cli, "%s: system '%s': unknown distro '%s'",
                         cfg->path, y->name, y->distro);
    sys.distro = y->distro ? distro : NULL;
    sys.tags = y->tags;
    vigil_error_clear(&err);
    if (vigil_store_system_put(cli->store, &sys, NULL, &err))
        return cli_error(cli, "%s", err.msg);
    for (i = 0; i < y->ninventory; i++) {
        char *path = conf_path(cfg, y->inventory[i]);
        const char *base = strrchr(path, '/');

        rc = vigil_import_inventory(cli->store, y->name, path,
                                    VIGIL_INV_AUTO, base ? base + 1 : path,
                                    0, &n, &err);
        free(path);
        if (rc)
            return cli_error(cli, "%s", err.msg);
        if (!cli->quiet)
            fprintf(stderr, "vigil: %s: %lld components from %s\n", y->name,
                    n, y->inventory[i]);
    }
    return 0;
}

int cmd_run(struct cli *cli, int argc, char **argv)
{
    struct vigil_config cfg;
    struct vigil_match_stats ms;
    struct vigil_track_stats ts;
    const char *config = cli->config;
    int json = 0, nargs, rc, had_errors = 0;
    struct cli_opt opts[] = {
        { "--config", 'c', 1, &config, NULL },
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    char **args;
    size_t i;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs)
        return cli_usage(cli, "run takes no arguments");
    cli->config = config;
    if (cli_load_config(cli, 1))
        return VIGIL_EXIT_ERROR;
    cfg = cli->cfg;
    rc = cli_store_create(cli) ? 0 : VIGIL_EXIT_ERROR;
    if (!rc)
        rc = run_sources(cli, &cfg, &had_errors);
    for (i = 0; !rc && i < cfg.nsystems; i++)
        rc = run_system(cli, &cfg, &cfg.systems[i]);
    if (!rc)
        rc = cli_match_and_track(cli, &ms, &ts);
    if (!rc && !cli->quiet)
        cli_print_track_stats(&ms, &ts);
    if (!rc)
        cli_warn_releases(cli, &ms);
    if (!rc)
        rc = cli_print_weekly(cli, json);
    if (!rc && had_errors)
        rc = VIGIL_EXIT_ERROR;
    return rc;
}
