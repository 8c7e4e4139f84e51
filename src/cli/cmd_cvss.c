/*
 * cmd_cvss.c - vigil cvss VECTOR...: scores computed by vigil.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cvss.h"
#include "cli.h"
#include "../internal.h"

static const char *version_name(int v)
{
    switch (v) {
    case VIGIL_CVSS_V20: return "2.0";
    case VIGIL_CVSS_V30: return "3.0";
    case VIGIL_CVSS_V31: return "3.1";
    default: return "4.0";
    }
}

static void print_text(const char *vector, const struct vigil_cvss *c)
{
    printf("%s\n  version %s, base score %.1f (%s)", vector,
           version_name(c->version), c->base,
           vigil_cvss_severity(c->version, c->base));
    if (c->version == VIGIL_CVSS_V40) {
        printf(", %s %.1f (%s), macrovector %s\n", c->nomenclature, c->score,
               c->severity, c->macrovector);
        return;
    }
    if (c->has_temporal)
        printf(", temporal %.1f", c->temporal);
    if (c->has_environmental)
        printf(", environmental %.1f", c->environmental);
    printf("\n");
}

static void print_json(const char *vector, const struct vigil_cvss *c,
                       int first)
{
    printf("%s{\"vector\": ", first ? "" : ",\n ");
    cli_json_str(stdout, vector);
    printf(", \"version\": \"%s\", \"base_score\": %.1f, \"severity\": "
           "\"%s\"",
           version_name(c->version), c->base,
           vigil_cvss_severity(c->version, c->base));
    if (c->version == VIGIL_CVSS_V40) {
        printf(", \"score\": %.1f, \"score_severity\": \"%s\", "
               "\"nomenclature\": \"%s\", \"macrovector\": \"%s\"",
               c->score, c->severity, c->nomenclature, c->macrovector);
    } else {
        if (c->has_temporal)
            printf(", \"temporal_score\": %.1f", c->temporal);
        if (c->has_environmental)
            printf(", \"environmental_score\": %.1f", c->environmental);
        printf(", \"score\": %.1f", c->score);
    }
    printf("}");
}

int cmd_cvss(struct cli *cli, int argc, char **argv)
{
    int json = 0, nargs, rc, i, bad = 0, shown = 0;
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_cvss c;
    struct vigil_error err;
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs == 0) {
        free(args);
        return cli_usage(cli, "cvss needs at least one VECTOR");
    }
    if (json)
        printf("[");
    for (i = 0; i < nargs; i++) {
        vigil_error_clear(&err);
        if (vigil_cvss_parse(args[i], 0, &c, &err) != 0) {
            cli_error(cli, "invalid CVSS vector '%s': %s", args[i],
                      err.msg);
            bad = 1;
            continue;
        }
        if (json)
            print_json(args[i], &c, shown == 0);
        else
            print_text(args[i], &c);
        shown++;
    }
    if (json)
        printf("]\n");
    free(args);
    return bad ? VIGIL_EXIT_ERROR : VIGIL_EXIT_OK;
}
