/*
 * cmd_system.c - vigil system add|list, vigil inventory import|list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/inventory.h"
#include "vigil/match.h"
#include "vigil/purl.h"
#include "cli.h"
#include "../internal.h"

static const char *const levels[] = { "low", "medium", "high", "critical" };

static int valid_level(const char *v)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(levels); i++)
        if (strcmp(levels[i], v) == 0)
            return 1;
    return 0;
}

/* "arn:a, i-0abc" -> ["arn:a","i-0abc"]: the store keeps a JSON list. */
static const char *resource_list(const char *text, struct vigil_buf *b)
{
    const char *p = text;
    size_t n;
    int first = 1;

    vigil_buf_addc(b, '[');
    while (*p) {
        p += strspn(p, ", \t");
        n = strcspn(p, ", \t");
        if (n) {
            char *one = strndup(p, n);

            if (!first)
                vigil_buf_addc(b, ',');
            vigil_buf_add_json_str(b, one ? one : "");
            free(one);
            first = 0;
        }
        p += n;
    }
    vigil_buf_addc(b, ']');
    return b->ptr;
}

static int system_add(struct cli *cli, int argc, char **argv)
{
    struct vigil_system sys;
    struct vigil_error err;
    struct vigil_store *s;
    struct vigil_buf res = VIGIL_BUF_INIT;
    const char *resources = NULL;
    char distro[64];
    int nargs, rc, json = 0;
    char **args;
    struct cli_opt opts[] = {
        { "--owner", 0, 1, &sys.owner, NULL },
        { "--env", 0, 1, &sys.env, NULL },
        { "--criticality", 0, 1, &sys.criticality, NULL },
        { "--distro", 0, 1, &sys.distro, NULL },
        { "--tags", 0, 1, &sys.tags, NULL },
        { "--resources", 0, 1, &resources, NULL },
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };

    memset(&sys, 0, sizeof(sys));
    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    sys.name = nargs == 1 ? args[0] : NULL;
    free(args);
    if (!sys.name || !*sys.name)
        return cli_usage(cli, "system add takes one non-empty NAME");
    vigil_error_clear(&err);
    if (vigil_store_system_name_check(sys.name, &err) ||
        vigil_store_person_check("an owner", sys.owner, &err))
        return cli_usage(cli, "%s", err.msg);
    if (sys.distro && !vigil_distro_normalize(sys.distro, distro,
                                              sizeof(distro)))
        return cli_usage(cli, "unknown --distro '%s' (for example "
                              "debian-12, bookworm, ubuntu-22.04, "
                              "alpine-3.19, rhel-9)", sys.distro);
    if (sys.distro)
        sys.distro = distro;
    if (sys.criticality && !valid_level(sys.criticality))
        return cli_usage(cli, "criticality must be low, medium, high or "
                              "critical, not '%s'", sys.criticality);
    if (resources)
        sys.resources = resource_list(resources, &res);
    if (!(s = cli_store_create(cli))) {
        vigil_buf_release(&res);
        return VIGIL_EXIT_ERROR;
    }
    rc = vigil_store_system_put(s, &sys, NULL, &err);
    vigil_buf_release(&res);
    if (rc)
        return cli_error(cli, "%s", err.msg);
    if (!cli->quiet && !json)
        printf("system '%s' saved\n", sys.name);
    return VIGIL_EXIT_OK;
}

struct sys_print {
    struct cli *cli;
    int json;
    int n;
};

static int print_system(void *ctx, const struct vigil_system *y)
{
    struct sys_print *p = ctx;

    /* LIMIT: a name stored before commas were refused keeps its comma;
     * reports split it into made-up systems.  See
     * docs/LIMITS.md#system-name-comma. */
    if (strchr(y->name, ','))
        cli_warn(p->cli, "system '%s' has a comma in its name, which "
                         "reports split into several systems", y->name);
    if (!p->json) {
        printf("%-24s %-16s %-12s %-9s %s\n", y->name,
               y->owner ? y->owner : "-", y->env ? y->env : "-",
               y->criticality, y->distro ? y->distro : "-");
        return 0;
    }
    printf("%s{\"name\": ", p->n++ ? ", " : "");
    cli_json_str(stdout, y->name);
    printf(", \"owner\": ");
    cli_json_str(stdout, y->owner);
    printf(", \"env\": ");
    cli_json_str(stdout, y->env);
    printf(", \"criticality\": ");
    cli_json_str(stdout, y->criticality);
    printf(", \"distro\": ");
    cli_json_str(stdout, y->distro);
    printf(", \"tags\": ");
    cli_json_str(stdout, y->tags);
    printf(", \"resources\": %s}", y->resources ? y->resources : "[]");
    return 0;
}

static int system_list(struct cli *cli, int argc, char **argv)
{
    struct sys_print p = { cli, 0, 0 };
    struct vigil_store *s;
    int rc;

    if (!(s = cli_list_begin(cli, argc, argv, "system list", &p.json, &rc)))
        return rc;
    rc = vigil_store_systems(s, print_system, &p);
    if (p.json)
        printf("]\n");
    return rc ? cli_error(cli, "cannot list systems") : VIGIL_EXIT_OK;
}

int cmd_system(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return system_add(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return system_list(cli, argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0))
        return cli_help(cli);
    return cli_usage(cli, "system needs 'add' or 'list'");
}
