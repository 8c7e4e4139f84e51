/*
 * cmd_source.c - vigil source add|list|remove|enable|disable: the feeds
 * that vigil sync and vigil daemon keep up to date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/sync.h"
#include "cli.h"
#include "../internal.h"

static int source_add(struct cli *cli, int argc, char **argv)
{
    struct vigil_source src;
    struct vigil_error err;
    struct vigil_store *s;
    const char *every = NULL;
    int nargs, rc;
    char **args;
    struct cli_opt opts[] = {
        { "--format", 'f', 1, &src.format, NULL },
        { "--every", 0, 1, &every, NULL },
        { "--checksum", 0, 1, &src.checksum, NULL },
        { "--api-key", 0, 1, &src.api_key, NULL },
        { NULL, 0, 0, NULL, NULL },
    };

    memset(&src, 0, sizeof(src));
    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs == 2) {
        src.name = args[0];
        src.location = args[1];
    }
    free(args);
    if (!src.name)
        return cli_usage(cli, "source add takes NAME and LOCATION");
    if (every && vigil_duration_parse(every, &src.every))
        return cli_usage(cli, "invalid duration '%s' (use 30m, 6h, 1d)",
                         every);
    if (!(s = cli_store_create(cli)))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if ((rc = vigil_sync_source_add(s, &src, &err)))
        return rc == VIGIL_EINVAL ? cli_usage(cli, "%s", err.msg)
                                  : cli_error(cli, "%s", err.msg);
    if (!cli->quiet)
        printf("source '%s' added\n", src.name);
    return VIGIL_EXIT_OK;
}

struct src_print {
    int json;
    int n;
};

static void print_time(const char *label, time_t t)
{
    char buf[32];

    vigil_time_format(t, buf, sizeof(buf));
    printf("%s%s\n", label, buf);
}

static void print_text(const struct vigil_source *y, const char *where)
{
    char every[24];
    time_t due = vigil_sync_next_due(y);

    if (y->every)
        vigil_duration_format(y->every, every, sizeof(every));
    else
        snprintf(every, sizeof(every), "-");
    printf("%s  %s  every %s  %s\n", y->name, where, every,
           y->enabled ? "enabled" : "disabled");
    printf("    last success %s, %lld records (%lld new, %lld changed), "
           "%lld in all\n",
           y->last_success ? y->last_success : "never", y->last_read,
           y->last_new, y->last_changed, y->total_read);
    if (!y->enabled)
        printf("    next due: disabled\n");
    else if (due == 0 || due <= vigil_now())
        printf("    next due: now\n");
    else
        print_time("    next due: ", due);
    if (y->last_error)
        printf("    last error (%s): %s\n",
               y->last_attempt ? y->last_attempt : "?", y->last_error);
    if (y->page_start >= 0)
        printf("    unfinished: resumes at result %lld\n", y->page_start);
}

static void json_field(const char *name, const char *v)
{
    printf(", \"%s\": ", name);
    cli_json_str(stdout, v);
}

static void print_json(struct src_print *p, const struct vigil_source *y,
                       const char *where)
{
    char every[24], due[32];
    time_t t = vigil_sync_next_due(y);

    vigil_duration_format(y->every, every, sizeof(every));
    vigil_time_format(t ? t : vigil_now(), due, sizeof(due));
    printf("%s\n  {\"name\": ", p->n++ ? "," : "");
    cli_json_str(stdout, y->name);
    json_field("location", where);
    json_field("format", y->format);
    printf(", \"every\": %lld", y->every);
    json_field("every_text", y->every ? every : NULL);
    printf(", \"enabled\": %s", y->enabled ? "true" : "false");
    json_field("checksum", y->checksum);
    printf(", \"api_key\": %s", y->api_key ? "true" : "false");
    json_field("last_attempt", y->last_attempt);
    json_field("last_success", y->last_success);
    json_field("last_error", y->last_error);
    printf(", \"records\": {\"last\": %lld, \"new\": %lld, \"changed\": "
           "%lld, \"total\": %lld}",
           y->last_read, y->last_new, y->last_changed, y->total_read);
    json_field("next_due", y->enabled ? due : NULL);
    json_field("etag", y->etag);
    json_field("last_modified", y->last_modified);
    printf(", \"resume_index\": ");
    if (y->page_start >= 0)
        printf("%lld", y->page_start);
    else
        printf("null");
    json_field("synced_until", y->synced_until);
    printf("}");
}

static int print_source(void *ctx, const struct vigil_source *y)
{
    struct src_print *p = ctx;
    char where[1024];

    /* credentials in a stored URL are never shown */
    vigil_sync_redact_url(y->location, where, sizeof(where));
    if (p->json)
        print_json(p, y, where);
    else
        print_text(y, where);
    return 0;
}

static int source_list(struct cli *cli, int argc, char **argv)
{
    struct src_print p = { 0, 0 };
    struct vigil_store *s;
    int rc;

    if (!(s = cli_list_begin(cli, argc, argv, "source list", &p.json, &rc)))
        return rc;
    rc = vigil_store_sources(s, print_source, &p);
    if (p.json)
        printf("%s]\n", p.n ? "\n" : "");
    return rc ? cli_error(cli, "cannot list sources") : VIGIL_EXIT_OK;
}

/* remove, enable and disable: one NAME each. */
static int source_change(struct cli *cli, int argc, char **argv,
                         const char *verb)
{
    struct vigil_error err;
    struct vigil_store *s;
    const char *name;
    char **args, *state = NULL;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, NULL, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    name = nargs == 1 ? args[0] : NULL;
    free(args);
    if (!name)
        return cli_usage(cli, "source %s takes one NAME", verb);
    if (!(s = cli_store(cli)))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (strcmp(verb, "remove") == 0)
        rc = vigil_store_source_remove(s, name, &err);
    else
        rc = vigil_store_source_enable(s, name, strcmp(verb, "enable") == 0,
                                       &err);
    if (rc)
        return cli_error(cli, "%s", err.msg);
    if (strcmp(verb, "remove") == 0 && (state = cli_sync_state_dir(cli)))
        vigil_sync_forget(state, name);
    free(state);
    if (!cli->quiet)
        printf("source '%s' %sd\n", name, verb);
    return VIGIL_EXIT_OK;
}

int cmd_source(struct cli *cli, int argc, char **argv)
{
    static const char *const changes[] = { "remove", "enable", "disable" };
    size_t i;

    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return source_add(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return source_list(cli, argc - 1, argv + 1);
    for (i = 0; argc >= 2 && i < VIGIL_ARRAY_SIZE(changes); i++)
        if (strcmp(argv[1], changes[i]) == 0)
            return source_change(cli, argc - 1, argv + 1, changes[i]);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    return cli_usage(cli, "source needs add, list, remove, enable or "
                          "disable");
}
