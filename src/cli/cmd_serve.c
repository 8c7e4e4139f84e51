/*
 * cmd_serve.c - vigil serve: the REST API and the dashboard over HTTP
 * until SIGINT or SIGTERM.  Only turns options into a struct
 * srv_config; src/server does the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "cli.h"
#include "../internal.h"

static void on_ready(void *ctx, const char *addr)
{
    (void)ctx;
    printf("listening on http://%s\n", addr);
    fflush(stdout);
}

/* The query parameters of a route, comma-separated; "-" for none (the
 * dashboard's are not checked, so they show "-" too). */
static void print_query(const struct srv_route *rt)
{
    const struct srv_query *q;
    const char *n;

    for (q = srv_api_query; q->method; q++) {
        if (strcmp(q->method, rt->method) != 0 ||
            strcmp(q->pattern, rt->pattern) != 0)
            continue;
        for (n = q->names; *n; n++)
            putchar(*n == ' ' ? ',' : *n);
        return;
    }
    putchar('-');
}

/* Every route: TABLE METHOD PATTERN ROLE QUERY, one per line; the
 * table is core, api or dash; QUERY lists the query parameters. */
static void print_routes(void)
{
    static const char *const names[] = { "core", "api", "dash" };
    const struct srv_route *const tables[] = {
        srv_core_routes, srv_api_routes, srv_dash_routes
    };
    const struct srv_route *rt;
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(tables); i++)
        for (rt = tables[i]; rt->method; rt++) {
            printf("%s %s %s %s ", names[i], rt->method, rt->pattern,
                   (rt->flags & SRV_PUBLIC) ? "public"
                                            : vigil_role_name(rt->role));
            print_query(rt);
            putchar('\n');
        }
}

/* A number setting: its option, its vigil.conf key and bounds. */
static const struct {
    const char *opt;
    const char *key;
    long long min, max;
} numbers[] = {
    { "--threads", "serve.threads", 1, 64 },
    { "--timeout", "serve.timeout", 1, 3600 },
    { "--max-connections", "serve.max_connections", 1, 10000 },
    { "--per-ip", "serve.per_ip", 1, 10000 },
    { "--max-body", "serve.max_body", 1024, 64LL << 20 },
};
#define NNUM (sizeof(numbers) / sizeof(numbers[0]))

/* The command line wins over vigil.conf, which wins over the
 * defaults. */
static int apply_numbers(struct cli *cli, struct srv_config *c,
                         const char *const text[NNUM])
{
    const char *v, *name;
    long long n[NNUM];
    size_t i;

    for (i = 0; i < NNUM; i++) {
        v = text[i];
        name = numbers[i].opt;
        if (!v) {
            v = vigil_config_get(&cli->cfg, numbers[i].key);
            name = numbers[i].key;
        }
        if (vigil__parse_ll(v, numbers[i].min, numbers[i].max, &n[i]))
            return cli_usage(cli, "%s takes a number from %lld to %lld",
                             name, numbers[i].min, numbers[i].max);
    }
    c->threads = (unsigned)n[0];
    c->timeout = (unsigned)n[1];
    c->max_connections = (unsigned)n[2];
    c->per_ip = (unsigned)n[3];
    c->max_body = (size_t)n[4];
    return 0;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    const char *listen = NULL, *num[5] = { NULL, NULL, NULL, NULL, NULL };
    int routes = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--listen", 'l', 1, &listen, NULL },
        { "--threads", 0, 1, &num[0], NULL },
        { "--timeout", 0, 1, &num[1], NULL },
        { "--max-connections", 0, 1, &num[2], NULL },
        { "--per-ip", 0, 1, &num[3], NULL },
        { "--max-body", 0, 1, &num[4], NULL },
        { "--routes", 0, 0, NULL, &routes },
        { NULL, 0, 0, NULL, NULL },
    };
    struct srv_config c;
    struct vigil_error err;
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs)
        return cli_usage(cli, "serve takes no arguments");
    if (routes) {
        print_routes();
        return VIGIL_EXIT_OK;
    }
    if (cli_load_config(cli, 0))
        return VIGIL_EXIT_ERROR;
    srv_config_init(&c);
    if ((rc = apply_numbers(cli, &c, num)))
        return rc;
    c.listen = listen ? listen : vigil_config_get(&cli->cfg, "serve.listen");
    c.cfg = &cli->cfg;
    c.policy = &cli->policy;

    /* refuses a missing file and migrates an old one, once */
    if (!cli_store(cli))
        return VIGIL_EXIT_ERROR;
    vigil_store_close(cli->store);
    cli->store = NULL;
    c.db_path = cli->db_path;
    vigil_error_clear(&err);
    rc = srv_run(&c, on_ready, NULL, &err);

    /* an address that does not parse is a usage error when typed here */
    if (rc == VIGIL_EINVAL && listen)
        return cli_usage(cli, "%s", err.msg);
    return rc ? cli_error(cli, "%s", err.msg) : VIGIL_EXIT_OK;
}
