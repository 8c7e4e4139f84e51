/*
 * cmd_report.c - vigil report weekly; vigil status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/report.h"
#include "cli.h"
#include "../internal.h"


int cli_print_weekly(struct cli *cli, int json)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_store *s = cli_store(cli);
    struct vigil_error err;
    int rc;

    if (!s)
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    rc = vigil_report_weekly(s, vigil_now(),
                             json ? VIGIL_REPORT_JSON
                                  : VIGIL_REPORT_MARKDOWN,
                             &b, &err);
    if (!rc)
        printf("%s\n", b.ptr);
    vigil_buf_release(&b);
    return rc ? cli_error(cli, "%s", err.msg) : VIGIL_EXIT_OK;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
    int json = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 1 || strcmp(args[0], "weekly") != 0) {
        rc = nargs == 0   ? cli_usage(cli, "report needs a KIND: weekly")
             : nargs == 1 ? cli_usage(cli, "unknown report '%s'", args[0])
                          : cli_usage(cli, "report takes one KIND");
        free(args);
        return rc;
    }
    free(args);
    return cli_print_weekly(cli, json);
}

int cmd_status(struct cli *cli, int argc, char **argv)
{
    struct vigil_store_counts c;
    struct vigil_store *s;
    int json = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs)
        return cli_usage(cli, "stats takes no arguments");
    if (!(s = cli_store(cli)))
        return VIGIL_EXIT_ERROR;
    vigil_store_counts(s, &c);
    if (json) {
        printf("{\"schema_version\": %d, \"advisories\": %lld, "
               "\"sources\": %lld, \"aliases\": %lld, \"kev\": %lld, "
               "\"affected\": %lld, \"systems\": %lld, "
               "\"components\": %lld, \"matches\": %lld, "
               "\"updates\": %lld, \"open_updates\": %lld}\n",
               vigil_store_schema_version(s), c.advisories, c.sources,
               c.aliases, c.kev, c.affected, c.systems, c.components,
               c.matches, c.updates, c.open_updates);
        return VIGIL_EXIT_OK;
    }
    printf("schema version %d\nadvisories     %lld\n"
           "source records %lld\naliases        %lld\n"
           "KEV entries    %lld\naffected       %lld\n"
           "systems        %lld\ncomponents     %lld\n"
           "matches        %lld\nupdates        %lld\n"
           "open updates   %lld\n",
           vigil_store_schema_version(s), c.advisories, c.sources,
           c.aliases, c.kev, c.affected, c.systems, c.components, c.matches,
           c.updates, c.open_updates);
    return VIGIL_EXIT_OK;
}
