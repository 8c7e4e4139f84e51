/*
 * cmd_inventory.c - vigil inventory import SYSTEM FILE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/import.h"
#include "cli.h"
#include "../internal.h"

static const struct {
    const char *name;
    enum vigil_inv_format fmt;
} inv_formats[] = {
    { "cyclonedx", VIGIL_INV_CYCLONEDX }, { "spdx", VIGIL_INV_SPDX },
    { "dpkg", VIGIL_INV_DPKG },           { "rpm", VIGIL_INV_RPM },
    { "apk", VIGIL_INV_APK },
};

static int inventory_import(struct cli *cli, int argc, char **argv)
{
    const char *format = NULL, *label = NULL;
    enum vigil_inv_format fmt = VIGIL_INV_AUTO;
    int json = 0, force = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--format", 'f', 1, &format, NULL },
        { "--label", 0, 1, &label, NULL },
        { "--force", 0, 0, NULL, &force },
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_error err;
    struct vigil_store *s;
    long long n = 0;
    char **args;
    size_t i;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 2) {
        free(args);
        return cli_usage(cli, "inventory import takes SYSTEM and FILE");
    }
    for (i = 0; format && i < VIGIL_ARRAY_SIZE(inv_formats); i++)
        if (strcmp(inv_formats[i].name, format) == 0)
            fmt = inv_formats[i].fmt;
    if (format && fmt == VIGIL_INV_AUTO) {
        free(args);
        return cli_usage(cli, "unknown inventory format '%s'", format);
    }
    if (!(s = cli_store_create(cli))) {
        free(args);
        return VIGIL_EXIT_ERROR;
    }
    vigil_error_clear(&err);
    rc = vigil_import_inventory(s, args[0], args[1], fmt, label, force, &n,
                                &err);
    if (rc) {
        free(args);
        return cli_error(cli, "%s", err.msg);
    }
    if (json)
        printf("{\"system\": \"%s\", \"components\": %lld}\n", args[0], n);
    else if (!cli->quiet)
        printf("%lld components imported for '%s'\n", n, args[0]);
    free(args);
    return VIGIL_EXIT_OK;
}

struct list_ctx {
    int json;
    long long n;
    long long system_id;
};

static int got_system(void *ctx, const struct vigil_system *y)
{
    ((struct list_ctx *)ctx)->system_id = y->id;
    return 0;
}

static int print_component(void *ctx, const struct vigil_component_row *r)
{
    struct list_ctx *l = ctx;
    char name[256], version[128];

    if (l->json) {
        printf("%s{\"name\": ", l->n++ ? ",\n  " : "\n  ");
        cli_json_str(stdout, r->c.name);
        printf(", \"version\": ");
        cli_json_str(stdout, r->c.version);
        printf(", \"ecosystem\": ");
        cli_json_str(stdout, r->c.ecosystem);
        printf(", \"purl\": ");
        cli_json_str(stdout, r->c.purl);
        printf(", \"source\": ");
        cli_json_str(stdout, r->c.source_name);
        printf(", \"cpe\": ");
        cli_json_str(stdout, r->c.cpe);
        printf("}");
        return 0;
    }
    snprintf(name, sizeof(name), "%s", r->c.name);
    snprintf(version, sizeof(version), "%s",
             r->c.version ? r->c.version : "-");
    cli_sanitize(name, 0);
    cli_sanitize(version, 0);
    printf("%-40s %-28s %s\n", name, version,
           r->c.ecosystem ? r->c.ecosystem : "-");
    l->n++;
    return 0;
}

static int inventory_list(struct cli *cli, int argc, char **argv)
{
    struct list_ctx l = { 0, 0, 0 };
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &l.json },
        { NULL, 0, 0, NULL, NULL },
    };
    char **args;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 1) {
        free(args);
        return cli_usage(cli, "inventory list takes one SYSTEM");
    }
    if (!cli_store(cli) ||
        vigil_store_system_get(cli->store, args[0], got_system, &l) != 0) {
        rc = cli->store ? cli_error(cli, "no system '%s'", args[0])
                        : VIGIL_EXIT_ERROR;
        free(args);
        return rc;
    }
    free(args);
    if (l.json)
        printf("[");
    rc = vigil_store_components(cli->store, l.system_id, print_component,
                                &l);
    if (l.json)
        printf("%s]\n", l.n ? "\n" : "");
    return rc ? cli_error(cli, "cannot list components") : VIGIL_EXIT_OK;
}

int cmd_inventory(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "import") == 0)
        return inventory_import(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return inventory_list(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    return cli_usage(cli, "inventory needs 'import' or 'list'");
}
