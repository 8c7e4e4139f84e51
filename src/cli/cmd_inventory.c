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
    int json = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--format", 'f', 1, &format, NULL },
        { "--label", 0, 1, &label, NULL },
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
    if (!(s = cli_store(cli))) {
        free(args);
        return VIGIL_EXIT_ERROR;
    }
    vigil_error_clear(&err);
    rc = vigil_import_inventory(s, args[0], args[1], fmt, label, &n, &err);
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

int cmd_inventory(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "import") == 0)
        return inventory_import(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    return cli_usage(cli, "inventory needs 'import'");
}
