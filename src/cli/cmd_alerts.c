/*
 * cmd_alerts.c - vigil alerts [--dead|--all] [--json], vigil alerts
 * flush, vigil alerts retry ID...: the outbox of alert messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/alert.h"
#include "cli.h"
#include "../internal.h"

struct list_ctx {
    int json;
    int n;
};

static void print_json_row(const struct vigil_outbox_row *o)
{
    printf("{\"id\": %lld, \"rule\": ", o->id);
    cli_json_str(stdout, o->rule);
    printf(", \"kind\": ");
    cli_json_str(stdout, o->kind);
    printf(", \"period\": ");
    cli_json_str(stdout, o->period);
    printf(", \"events\": %lld, \"state\": ", o->nevents);
    cli_json_str(stdout, o->state);
    printf(", \"collecting\": %s, \"attempts\": %d, \"next_attempt\": ",
           o->open ? "true" : "false", o->attempts);
    cli_json_str(stdout, o->next_attempt);
    printf(", \"leased_until\": ");
    cli_json_str(stdout, o->lease_until);
    printf(", \"last_error\": ");
    cli_json_str(stdout, o->last_error);
    printf(", \"created\": ");
    cli_json_str(stdout, o->created);
    printf(", \"sent\": ");
    cli_json_str(stdout, o->sent);
    printf("}");
}

static int print_row(void *ctx, const struct vigil_outbox_row *o)
{
    struct list_ctx *l = ctx;
    char what[64];

    if (l->json) {
        printf("%s", l->n++ ? ",\n" : "");
        print_json_row(o);
        return 0;
    }
    if (strcmp(o->kind, "event") == 0)
        snprintf(what, sizeof(what), "event %lld", o->event_id);
    else
        snprintf(what, sizeof(what), "%s %s (%lld)", o->kind, o->period,
                 o->nevents);
    printf("%-6lld %-16s %-28s %-7s %3d  %s\n", o->id, o->rule, what,
           o->state, o->attempts,
           strcmp(o->state, "pending") == 0 ? o->next_attempt
           : o->sent ? o->sent : "");
    if (o->last_error && strcmp(o->state, "sent") != 0)
        printf("       last error: %s\n", o->last_error);
    l->n++;
    return 0;
}

static int alerts_list(struct cli *cli, int argc, char **argv)
{
    struct list_ctx l = { 0, 0 };
    int dead = 0, all = 0, sent = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--dead", 0, 0, NULL, &dead },
        { "--sent", 0, 0, NULL, &sent },
        { "--all", 0, 0, NULL, &all },
        { "--json", 0, 0, NULL, &l.json },
        { NULL, 0, 0, NULL, NULL },
    };
    const char *state = NULL;
    struct vigil_store *s;
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs || dead + sent + all > 1)
        return cli_usage(cli, "alerts takes one of --dead, --sent, --all");
    state = dead ? "dead" : sent ? "sent" : all ? "all" : NULL;
    if (!(s = cli_store(cli)))
        return VIGIL_EXIT_ERROR;
    if (l.json)
        printf("[");
    else
        printf("%-6s %-16s %-28s %-7s %3s  %s\n", "ID", "RULE", "MESSAGE",
               "STATE", "TRY", "NEXT/SENT");
    rc = vigil_store_outbox(s, state, print_row, &l);
    if (l.json)
        printf("]\n");
    return rc ? cli_error(cli, "cannot list alerts") : VIGIL_EXIT_OK;
}

static int alerts_flush(struct cli *cli, int argc, char **argv)
{
    struct vigil_alert_flush_opts o;
    struct vigil_alert_flush_stats st;
    const char *timeout = NULL, *backoff = NULL;
    int json = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--timeout", 0, 1, &timeout, NULL },
        { "--backoff", 0, 1, &backoff, NULL },
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_error err;
    struct vigil_store *s;
    long long t = 0, b = 0;
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs)
        return cli_usage(cli, "alerts flush takes no arguments");
    if ((timeout && vigil__parse_ll(timeout, 1, 3600, &t)) ||
        (backoff && vigil__parse_ll(backoff, 1, 86400, &b)))
        return cli_usage(cli, "--timeout takes 1 to 3600 seconds, "
                              "--backoff 1 to 86400");
    if (!(s = cli_store(cli)))
        return VIGIL_EXIT_ERROR;
    memset(&o, 0, sizeof(o));
    o.timeout = (long)t;
    o.backoff = (long)b;
    vigil_error_clear(&err);
    if (vigil_alert_flush(s, &o, &st, &err))
        return cli_error(cli, "%s", err.msg);
    if (json)
        printf("{\"sent\": %lld, \"failed\": %lld, \"dead\": %lld}\n",
               st.sent, st.failed, st.dead);
    else if (!cli->quiet)
        printf("sent %lld, failed %lld (will be retried), dead-lettered "
               "%lld\n", st.sent, st.failed, st.dead);
    return VIGIL_EXIT_OK;
}

static int alerts_retry(struct cli *cli, int argc, char **argv)
{
    struct vigil_error err;
    struct vigil_store *s;
    char **args;
    long long id;
    int nargs, rc, i;

    if ((rc = cli_parse(cli, argc, argv, NULL, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    for (i = 0; i < nargs; i++)
        if (vigil__parse_ll(args[i], 1, (1LL << 53), &id))
            break;
    if (nargs == 0 || i < nargs) {
        free(args);
        return cli_usage(cli, "alerts retry takes alert IDs (numbers)");
    }
    if (!(s = cli_store(cli))) {
        free(args);
        return VIGIL_EXIT_ERROR;
    }
    for (i = 0; i < nargs && rc == 0; i++) {
        vigil__parse_ll(args[i], 1, (1LL << 53), &id);
        vigil_error_clear(&err);
        if (vigil_store_outbox_retry(s, id, &err))
            rc = cli_error(cli, "%s", err.msg);
        else if (!cli->quiet)
            printf("alert %lld will be sent again\n", id);
    }
    free(args);
    return rc;
}

int cmd_alerts(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "flush") == 0)
        return alerts_flush(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "retry") == 0)
        return alerts_retry(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return alerts_list(cli, argc - 1, argv + 1);
    return alerts_list(cli, argc, argv);
}
