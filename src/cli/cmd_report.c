/*
 * cmd_report.c - vigil report KIND; vigil status.
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

/* Validates KIND and the options into a kind, a period and a format. */
static int report_args(struct cli *cli, const char *kind, const char *from,
                       const char *to, const char *format, int json,
                       int *k, char f[11], char t[11], int *fmt)
{
    char period[16];

    if ((*k = vigil_report_kind_parse(kind)) < 0)
        return cli_usage(cli, "unknown report '%s' (weekly, monthly or "
                              "quarterly)", kind);
    *fmt = json ? VIGIL_REPORT_JSON : VIGIL_REPORT_MARKDOWN;
    if (format && (*fmt = vigil_report_format_parse(format)) < 0)
        return cli_usage(cli, "unknown format '%s' (md, html, json or csv)",
                         format);
    if (json && format && *fmt != VIGIL_REPORT_JSON)
        return cli_usage(cli, "--json and --format %s disagree", format);
    vigil_report_period((enum vigil_report_kind)*k, vigil_now(), f, t,
                        period);
    if (from)
        snprintf(f, 11, "%.10s", from);
    if (to)
        snprintf(t, 11, "%.10s", to);
    if ((from && strlen(from) != 10) || (to && strlen(to) != 10))
        return cli_usage(cli, "dates are YYYY-MM-DD");
    return 0;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
    const char *from = NULL, *to = NULL, *format = NULL, *outf = NULL;
    int json = 0, nargs, rc, k = 0, fmt = 0;
    struct cli_opt opts[] = {
        { "--from", 0, 1, &from, NULL },
        { "--to", 0, 1, &to, NULL },
        { "--format", 0, 1, &format, NULL },
        { "--out", 'o', 1, &outf, NULL },
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_store *s;
    struct vigil_error err;
    char f[11], t[11];
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 1) {
        free(args);
        return cli_usage(cli, nargs ? "report takes one KIND"
                                    : "report needs a KIND: weekly, "
                                      "monthly or quarterly");
    }
    rc = report_args(cli, args[0], from, to, format, json, &k, f, t, &fmt);
    free(args);
    if (rc)
        return rc;
    if (!(s = cli_store(cli)))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    rc = vigil_report_render(s, (enum vigil_report_kind)k, f, t, NULL,
                             (enum vigil_report_format)fmt, &b, &err);
    if (!rc && outf)
        rc = vigil_report_write_file(outf, &b, &err);
    else if (!rc)
        fwrite(b.ptr, 1, b.len, stdout);
    vigil_buf_release(&b);
    return rc ? cli_error(cli, "%s", err.msg) : VIGIL_EXIT_OK;
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
