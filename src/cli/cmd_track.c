/*
 * cmd_track.c - the workflow commands: status, assign, note,
 * accept-risk, verify, close, reopen.  Each takes one or more VU ids
 * and changes them in one transaction: all or none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/track.h"
#include "cli.h"
#include "../internal.h"

enum act { ACT_STATUS, ACT_ASSIGN, ACT_NOTE, ACT_RISK, ACT_VERIFY,
           ACT_CLOSE, ACT_REOPEN };

struct track_args {
    enum act act;
    const char *value;        /* state, name or note text */
    const char *reason;
    const char *until;
    const char *method;
};

static int apply(struct cli *cli, long long id, const struct track_args *a,
                 struct vigil_error *err)
{
    struct vigil_store *s = cli->store;

    switch (a->act) {
    case ACT_STATUS:
        return vigil_track_transition(s, id, a->value, cli->actor, a->reason,
                                      err);
    case ACT_ASSIGN:
        return vigil_track_assign(s, id, a->value, cli->actor, a->reason,
                                  err);
    case ACT_NOTE:
        return vigil_track_note(s, id, a->value, cli->actor, err);
    case ACT_RISK:
        return vigil_track_accept_risk(s, id, a->until, a->reason,
                                       cli->actor, err);
    case ACT_VERIFY:
        return vigil_track_verify(s, id, a->method, cli->actor, err);
    case ACT_CLOSE:
        return vigil_track_transition(s, id, "closed", cli->actor,
                                      a->reason ? a->reason : "closed", err);
    case ACT_REOPEN:
        return vigil_track_transition(s, id, "new", cli->actor,
                                      a->reason ? a->reason : "reopened",
                                      err);
    }
    return VIGIL_EINVAL;
}

/* Whether ids[i] names an update that an earlier id named already. */
static int named_before(char **ids, int i, long long id)
{
    long long other;

    while (i-- > 0)
        if (vigil_track_parse_id(ids[i], &other) == 0 && other == id)
            return 1;
    return 0;
}

/* Runs the action on every id, once each, all in one transaction. */
static int run_all(struct cli *cli, char **ids, int nids,
                   const struct track_args *a)
{
    struct vigil_error err;
    long long id;
    int i, rc, n = 0;

    for (i = 0; i < nids; i++)
        if (vigil_track_parse_id(ids[i], &id) != 0)
            return cli_usage(cli, "'%s' is not a security update id "
                                  "(VU-n)", ids[i]);
    if (!cli_store(cli))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if ((rc = vigil_store_begin(cli->store, &err)))
        return cli_error(cli, "%s", err.msg);
    for (i = 0; i < nids; i++) {
        vigil_track_parse_id(ids[i], &id);
        if (named_before(ids, i, id))
            continue;
        n++;
        if ((rc = apply(cli, id, a, &err))) {
            vigil_store_rollback(cli->store);
            return cli_error(cli, "%s", err.msg);
        }
    }
    if ((rc = vigil_store_commit(cli->store, &err)))
        return cli_error(cli, "%s", err.msg);
    if (!cli->quiet)
        printf("%d security update%s changed\n", n, n == 1 ? "" : "s");
    return VIGIL_EXIT_OK;
}

static const struct {
    const char *cmd;
    enum act act;
    int trailing;           /* positional value after the ids */
} acts[] = {
    { "status", ACT_STATUS, 1 },  { "assign", ACT_ASSIGN, 1 },
    { "note", ACT_NOTE, 1 },      { "accept-risk", ACT_RISK, 0 },
    { "verify", ACT_VERIFY, 0 },  { "close", ACT_CLOSE, 0 },
    { "reopen", ACT_REOPEN, 0 },
};

/* Required options and their forms, before anything is opened. */
static int check_args(struct cli *cli, const struct track_args *a)
{
    time_t t;

    if (a->act == ACT_STATUS && !vigil_track_valid_state(a->value))
        return cli_usage(cli, "unknown state '%s'", a->value);
    if (a->act == ACT_RISK && (!a->until || !a->reason))
        return cli_usage(cli, "accept-risk needs --until DATE and --reason "
                              "TEXT");
    if (a->act == ACT_RISK && (strlen(a->until) != 10 ||
                               vigil_time_parse(a->until, &t) != 0))
        return cli_usage(cli, "--until takes a date as YYYY-MM-DD, not "
                              "'%s'", a->until);
    if (a->act == ACT_VERIFY && (!a->method || !*a->method))
        return cli_usage(cli, "verify needs --method TEXT");
    if ((a->act == ACT_ASSIGN || a->act == ACT_NOTE) && !*a->value)
        return cli_usage(cli, "%s needs a non-empty value", cli->cmd);
    return 0;
}

int cmd_track(struct cli *cli, int argc, char **argv)
{
    struct track_args a;
    struct cli_opt opts[] = {
        { "--reason", 0, 1, &a.reason, NULL },
        { "--until", 0, 1, &a.until, NULL },
        { "--method", 0, 1, &a.method, NULL },
        { NULL, 0, 0, NULL, NULL },
    };
    char **args;
    size_t i;
    int nargs, rc, need;

    memset(&a, 0, sizeof(a));
    for (i = 0; i < VIGIL_ARRAY_SIZE(acts); i++)
        if (strcmp(acts[i].cmd, cli->cmd) == 0)
            break;
    if (i == VIGIL_ARRAY_SIZE(acts))
        VIGIL_BUG("workflow command without an action");
    a.act = acts[i].act;
    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    need = acts[i].trailing ? 2 : 1;
    if (nargs < need) {
        free(args);
        return cli_usage(cli, "%s needs %s", cli->cmd,
                         need == 2 ? "VU-ID... and a value" : "VU-ID...");
    }
    if (acts[i].trailing)
        a.value = args[--nargs];
    if ((rc = check_args(cli, &a))) {
        free(args);
        return rc;
    }
    rc = run_all(cli, args, nargs, &a);
    free(args);
    return rc;
}
