/*
 * cmd_match.c - vigil match: match, then bring the tracked updates in
 * line, in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/match.h"
#include "vigil/track.h"
#include "cli.h"
#include "../internal.h"

struct json_out {
    int n;
};

static int print_match(void *ctx, const char *advisory, const char *system,
                       const struct vigil_match_rec *m)
{
    struct json_out *o = ctx;

    printf("%s\n    {\"advisory\": ", o->n++ ? "," : "");
    cli_json_str(stdout, advisory);
    printf(", \"system\": ");
    cli_json_str(stdout, system);
    printf(", \"component\": ");
    cli_json_str(stdout, m->component);
    printf(", \"version\": ");
    cli_json_str(stdout, m->version);
    printf(", \"verdict\": ");
    cli_json_str(stdout, m->verdict);
    printf(", \"source\": ");
    cli_json_str(stdout, m->source_id);
    printf(", \"scheme\": ");
    cli_json_str(stdout, m->scheme);
    printf(", \"evidence\": ");
    cli_json_str(stdout, m->detail);
    printf(", \"fixed\": ");
    cli_json_str(stdout, m->fixed);
    printf(", \"confidence\": ");
    cli_json_str(stdout, m->confidence);
    printf("}");
    return 0;
}


void cli_warn_releases(struct cli *cli, const struct vigil_match_stats *ms)
{
    if (ms->skipped_release)
        cli_warn(cli, "%lld advisory entries name an OS release that "
                      "differs from, or is unknown for, the component's "
                      "system; give systems --distro (e.g. debian-12)",
                 ms->skipped_release);
}

void cli_print_track_stats(const struct vigil_match_stats *ms,
                           const struct vigil_track_stats *ts)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    vigil_track_stats_format(ts, &b);
    fprintf(stderr, "vigil: %lld components checked, %lld affected "
                    "matches; security updates: %s\n",
            ms->components, ms->affected, b.ptr ? b.ptr : "");
    vigil_buf_release(&b);
}

int cli_match_and_track(struct cli *cli, struct vigil_match_stats *ms,
                        struct vigil_track_stats *ts)
{
    struct vigil_match_opts mo;
    struct vigil_track_opts to;
    struct vigil_store *s;
    struct vigil_error err;
    int rc;

    if (cli_load_config(cli, 0) || !(s = cli_store(cli)))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if ((rc = vigil_store_begin(s, &err)))
        return cli_error(cli, "%s", err.msg);
    memset(&mo, 0, sizeof(mo));
    mo.cpe_for_packages = vigil_config_bool(vigil_config_get(
                              cli->cfg_loaded ? &cli->cfg : NULL,
                              "match.cpe_for_packages")) == 1;
    cli_track_opts(cli, NULL, &to);
    rc = vigil_match_run(s, &mo, ms, &err);
    if (!rc)
        rc = vigil_track_sync(s, &to, ts, &err);
    if (!rc)
        rc = vigil_store_commit(s, &err);
    if (rc) {
        vigil_store_rollback(s);
        return cli_error(cli, "match failed: %s",
                         err.msg[0] ? err.msg : vigil_strerror(rc));
    }
    return VIGIL_EXIT_OK;
}

int cmd_match(struct cli *cli, int argc, char **argv)
{
    struct vigil_match_stats ms;
    struct vigil_track_stats ts;
    struct json_out o = { 0 };
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
        return cli_usage(cli, "match takes no arguments");
    if ((rc = cli_match_and_track(cli, &ms, &ts)))
        return rc;
    if (!json) {
        printf("checked %lld components against %lld package entries "
               "(%lld by CPE): %lld affected (%lld new), %lld undecided, "
               "%lld gone\n",
               ms.components, ms.candidates, ms.cpe_checked, ms.affected,
               ms.new_matches, ms.unknown, ms.gone);
        struct vigil_buf b = VIGIL_BUF_INIT;

        vigil_track_stats_format(&ts, &b);
        printf("security updates: %s\n", b.ptr ? b.ptr : "");
        vigil_buf_release(&b);
        cli_warn_releases(cli, &ms);
        return VIGIL_EXIT_OK;
    }
    printf("{\"components\": %lld, \"candidates\": %lld, \"affected\": %lld, "
           "\"unknown\": %lld, \"new\": %lld, \"gone\": %lld, "
           "\"updates\": {\"created\": %lld, \"changed\": %lld, "
           "\"reopened\": %lld, \"verified\": %lld, \"closed\": %lld},\n"
           "  \"matches\": [",
           ms.components, ms.candidates, ms.affected, ms.unknown,
           ms.new_matches, ms.gone, ts.created, ts.changed, ts.reopened,
           ts.verified, ts.closed);
    rc = vigil_store_matches(cli->store, 0, print_match, &o);
    printf("\n  ]}\n");
    return rc ? VIGIL_EXIT_ERROR : VIGIL_EXIT_OK;
}
