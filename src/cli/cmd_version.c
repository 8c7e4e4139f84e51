/*
 * cmd_version.c - tools for checking a result by hand:
 * vigil version compare|satisfies, vigil cpe match, vigil purl parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cpe.h"
#include "vigil/purl.h"
#include "vigil/version.h"
#include "cli.h"
#include "../internal.h"

static int version_compare(struct cli *cli, char **args)
{
    struct vigil_error err;
    int cmp;

    if (!vigil_scheme_get(args[0]))
        return cli_usage(cli, "unknown scheme '%s'", args[0]);
    vigil_error_clear(&err);
    if (vigil_version_compare(args[0], args[1], args[2], &cmp, &err))
        return cli_error(cli, "%s", err.msg);
    printf("%s\n", cmp < 0 ? "<" : cmp > 0 ? ">" : "=");
    return VIGIL_EXIT_OK;
}

static int version_satisfies(struct cli *cli, char **args)
{
    struct vigil_error err;
    int yes;

    if (!vigil_scheme_get(args[0]))
        return cli_usage(cli, "unknown scheme '%s'", args[0]);
    vigil_error_clear(&err);
    if (vigil_version_satisfies(args[0], args[1], args[2], &yes, &err))
        return cli_error(cli, "%s", err.msg);
    printf("%s\n", yes ? "yes" : "no");
    return VIGIL_EXIT_OK;
}

int cmd_version(struct cli *cli, int argc, char **argv)
{
    char **args;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, NULL, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs == 4 && strcmp(args[0], "compare") == 0)
        rc = version_compare(cli, args + 1);
    else if (nargs == 4 && strcmp(args[0], "satisfies") == 0)
        rc = version_satisfies(cli, args + 1);
    else
        rc = cli_usage(cli, "version needs 'compare SCHEME A B' or "
                            "'satisfies SCHEME VERSION RANGE'");
    free(args);
    return rc;
}

int cmd_cpe(struct cli *cli, int argc, char **argv)
{
    struct vigil_cpe pattern, name;
    struct vigil_error err;
    char **args;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, NULL, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 3 || strcmp(args[0], "match") != 0) {
        free(args);
        return cli_usage(cli, "cpe needs 'match PATTERN NAME'");
    }
    vigil_error_clear(&err);
    if (vigil_cpe_parse(args[1], &pattern, &err) ||
        vigil_cpe_parse(args[2], &name, &err)) {
        rc = cli_error(cli, "%s", err.msg);
    } else {
        printf("%s\n", vigil_cpe_match(&pattern, &name) ? "yes" : "no");
        rc = VIGIL_EXIT_OK;
    }
    free(args);
    return rc;
}

static void purl_json(const struct vigil_purl *p, const char *canonical,
                      const char *ecosystem)
{
    size_t i;

    printf("{\"purl\": ");
    cli_json_str(stdout, canonical);
    printf(", \"type\": ");
    cli_json_str(stdout, p->type);
    printf(", \"namespace\": ");
    cli_json_str(stdout, p->namespace);
    printf(", \"name\": ");
    cli_json_str(stdout, p->name);
    printf(", \"version\": ");
    cli_json_str(stdout, p->version);
    printf(", \"qualifiers\": {");
    for (i = 0; i < p->nqualifiers; i++) {
        printf("%s", i ? ", " : "");
        cli_json_str(stdout, p->qualifiers[i].key);
        printf(": ");
        cli_json_str(stdout, p->qualifiers[i].value);
    }
    printf("}, \"subpath\": ");
    cli_json_str(stdout, p->subpath);
    printf(", \"ecosystem\": ");
    cli_json_str(stdout, ecosystem[0] ? ecosystem : NULL);
    printf("}\n");
}

int cmd_purl(struct cli *cli, int argc, char **argv)
{
    struct vigil_buf canon = VIGIL_BUF_INIT;
    struct vigil_arena arena;
    struct vigil_purl p;
    struct vigil_error err;
    int json = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    char **args, eco[64];

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 2 || strcmp(args[0], "parse") != 0) {
        free(args);
        return cli_usage(cli, "purl needs 'parse PURL'");
    }
    vigil_arena_init(&arena);
    vigil_error_clear(&err);
    if (vigil_purl_parse(args[1], &arena, &p, &err) ||
        vigil_purl_format(&p, &canon)) {
        rc = cli_error(cli, "invalid package URL '%s': %s", args[1],
                       err.msg);
    } else {
        if (vigil_purl_ecosystem(&p, eco, sizeof(eco)) != 0)
            eco[0] = '\0';
        if (json)
            purl_json(&p, canon.ptr, eco);
        else
            printf("%s\n", canon.ptr);
        rc = VIGIL_EXIT_OK;
    }
    vigil_arena_release(&arena);
    vigil_buf_release(&canon);
    free(args);
    return rc;
}
