/*
 * cmd_watch.c - vigil watch add|list|remove|hits: be told of advisories
 * that name a product before any CPE or package range does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/watch.h"
#include "cli.h"
#include "../internal.h"

static int watch_add(struct cli *cli, int argc, char **argv)
{
    const char *vendor = NULL, *product = NULL, *keyword = NULL, *value;
    struct cli_opt opts[] = {
        { "--vendor", 0, 1, &vendor, NULL },
        { "--product", 0, 1, &product, NULL },
        { "--keyword", 0, 1, &keyword, NULL },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_error err;
    long long id;
    char **args;
    int nargs, rc, kind;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs || (!!vendor + !!product + !!keyword) != 1)
        return cli_usage(cli, "watch add takes one of --vendor, --product "
                              "or --keyword");
    kind = vendor ? VIGIL_WATCH_VENDOR : product ? VIGIL_WATCH_PRODUCT
                                                 : VIGIL_WATCH_KEYWORD;
    value = vendor ? vendor : product ? product : keyword;
    /* a short word would match nearly every advisory */
    if (strlen(value) < 3)
        return cli_usage(cli, "a watch needs at least three characters");
    if (!cli_store_create(cli))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (vigil_store_watch_add(cli->store, kind, value, &id, &err))
        return cli_error(cli, "%s", err.msg);
    if (!cli->quiet)
        printf("watch %lld: %s '%s' (checked on every import)\n", id,
               vigil_watch_kind_name((enum vigil_watch_kind)kind), value);
    return VIGIL_EXIT_OK;
}

struct out {
    int json;
    int n;
};

static int print_watch(void *ctx, const struct vigil_watch *w)
{
    struct out *o = ctx;

    if (!o->json) {
        printf("%-4lld %-8s %-32s %lld hits\n", w->id,
               vigil_watch_kind_name(w->kind), w->value, w->hits);
        return 0;
    }
    printf("%s{\"id\": %lld, \"kind\": \"%s\", \"value\": ",
           o->n++ ? ",\n  " : "\n  ", w->id, vigil_watch_kind_name(w->kind));
    cli_json_str(stdout, w->value);
    printf(", \"hits\": %lld}", w->hits);
    return 0;
}

static int print_hit(void *ctx, const struct vigil_watch_hit_row *h)
{
    struct out *o = ctx;
    char title[120];

    if (!o->json) {
        snprintf(title, sizeof(title), "%s", h->title ? h->title : "");
        cli_sanitize(title, 0);
        printf("%.10s %-8s %-20s %-18s %-12s %s\n", h->first_seen, h->kind,
               h->value, h->advisory, h->field, title);
        return 0;
    }
    printf("%s{\"watch\": %lld, \"advisory\": ", o->n++ ? ",\n  " : "\n  ",
           h->watch);
    cli_json_str(stdout, h->advisory);
    printf(", \"record\": ");
    cli_json_str(stdout, h->record);
    printf(", \"field\": ");
    cli_json_str(stdout, h->field);
    printf(", \"first_seen\": ");
    cli_json_str(stdout, h->first_seen);
    printf("}");
    return 0;
}

static int watch_read(struct cli *cli, int argc, char **argv, int hits)
{
    struct out o = { 0, 0 };
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &o.json },
        { NULL, 0, 0, NULL, NULL },
    };
    long long id = 0;
    char **args;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs > (hits ? 1 : 0) ||
        (nargs && vigil__parse_ll(args[0], 1, 1LL << 53, &id))) {
        free(args);
        return cli_usage(cli, hits ? "watch hits takes an optional watch id"
                                   : "watch list takes no arguments");
    }
    free(args);
    if (!cli_store(cli))
        return VIGIL_EXIT_ERROR;
    if (o.json)
        printf("[");
    rc = hits ? vigil_store_watch_hits(cli->store, id, print_hit, &o)
              : vigil_store_watches(cli->store, print_watch, &o);
    if (o.json)
        printf("%s]\n", o.n ? "\n" : "");
    return rc ? cli_error(cli, "cannot read the watches") : VIGIL_EXIT_OK;
}

static int watch_remove(struct cli *cli, int argc, char **argv)
{
    struct vigil_error err;
    long long id;

    if (argc != 2 || vigil__parse_ll(argv[1], 1, 1LL << 53, &id))
        return cli_usage(cli, "watch remove takes one watch id");
    if (!cli_store(cli))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (vigil_store_watch_remove(cli->store, id, &err))
        return cli_error(cli, "%s", err.msg);
    return VIGIL_EXIT_OK;
}

int cmd_watch(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return watch_add(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return watch_read(cli, argc - 1, argv + 1, 0);
    if (argc >= 2 && strcmp(argv[1], "hits") == 0)
        return watch_read(cli, argc - 1, argv + 1, 1);
    if (argc >= 2 && strcmp(argv[1], "remove") == 0)
        return watch_remove(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    return cli_usage(cli, "watch needs 'add', 'list', 'hits' or 'remove'");
}
