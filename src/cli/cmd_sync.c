/*
 * cmd_sync.c - vigil sync: bring the sources up to date; vigil daemon:
 * sync, match and sleep, over and over, until SIGTERM or SIGINT.
 *
 * Signals only set a flag.  The library checks it between requests,
 * records and sources, and rolls back what it had not committed; the
 * daemon checks it between its steps, so it never stops in the middle
 * of a transaction.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/match.h"
#include "vigil/report.h"
#include "vigil/sync.h"
#include "vigil/track.h"
#include "cli.h"
#include "../internal.h"

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* No SA_RESTART: a signal cuts sleeps short. */
static void catch_stop_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
}

char *cli_sync_state_dir(struct cli *cli)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    vigil_buf_addf(&b, "%s-sync", cli->db_path);
    return vigil_buf_detach(&b, NULL);
}

/* The options sync and daemon share, as text until checked. */
struct sync_args {
    const char *mirror, *tries, *max_wait, *backoff, *connect_timeout;
    const char *timeout, *nvd_pause, *page_size, *every;
    int json, once;
};

static int number(struct cli *cli, const char *opt, const char *v,
                  double min, double max, double *out)
{
    char *end;
    double d;

    if (!v)
        return 0;
    errno = 0;
    d = strtod(v, &end);
    if (errno || end == v || *end || d != d || d < min || d > max)
        return cli_usage(cli, "invalid value '%s' for %s", v, opt);
    *out = d;
    return 0;
}

static int whole(struct cli *cli, const char *opt, const char *v,
                 long long min, long long max, long long *out)
{
    if (v && vigil__parse_ll(v, min, max, out))
        return cli_usage(cli, "invalid value '%s' for %s", v, opt);
    return 0;
}

static int fill_opts(struct cli *cli, const struct sync_args *a,
                     struct vigil_sync_opts *o)
{
    long long tries = o->max_tries, ct = o->connect_timeout;
    long long to = o->timeout, ps = o->nvd_page_size;
    int rc;

    if ((rc = whole(cli, "--tries", a->tries, 1, 100, &tries)) ||
        (rc = whole(cli, "--connect-timeout", a->connect_timeout, 1, 3600,
                    &ct)) ||
        (rc = whole(cli, "--timeout", a->timeout, 1, 86400 * 7, &to)) ||
        (rc = whole(cli, "--page-size", a->page_size, 1, 2000, &ps)) ||
        (rc = number(cli, "--max-wait", a->max_wait, 0, 86400,
                     &o->max_wait)) ||
        (rc = number(cli, "--backoff", a->backoff, 0, 3600, &o->backoff)) ||
        (rc = number(cli, "--nvd-pause", a->nvd_pause, 0, 3600,
                     &o->nvd_pause)))
        return rc;
    o->max_tries = (int)tries;
    o->connect_timeout = (long)ct;
    o->timeout = (long)to;
    o->nvd_page_size = (int)ps;
    o->mirror = a->mirror;
    o->nvd_api_key = getenv("NVD_API_KEY");
    o->cancel = &stop_requested;
    return 0;
}

struct report {
    struct cli *cli;
    FILE *out;
    int json;
    int n;                  /* sources synced */
    int failed;             /* of which failed or were interrupted */
};

static void on_error(void *ctx, const char *origin,
                     const struct vigil_error *e)
{
    struct report *r = ctx;

    /* a document rejected whole is the failure of its sync, said once */
    if (!e->record[0])
        return;
    cli_warn(r->cli, "%s: record '%s': %s", origin, e->record, e->msg);
}

static void on_progress(void *ctx, const char *name,
                        const struct vigil_import_stats *st)
{
    struct report *r = ctx;

    if (r->cli->verbose && !r->cli->quiet)
        fprintf(stderr, "vigil: %s: importing: %lld files, %lld records\n",
                name, st->total.files, st->total.read);
}

static const char *const status_names[] = {
    "done", "unchanged", "failed", "interrupted",
};

static void print_json(struct report *r, const struct vigil_sync_result *x)
{
    const struct vigil_import_counts *c = &x->stats.total;

    fprintf(r->out, "%s\n  {\"name\": ", r->n ? "," : "");
    cli_json_str(r->out, x->name);
    fprintf(r->out, ", \"status\": \"%s\", \"error\": ",
            status_names[x->status]);
    cli_json_str(r->out, x->rc ? x->error : NULL);
    fprintf(r->out, ", \"bytes\": %lld, \"requests\": %d, \"records\": "
            "{\"files\": %lld, \"read\": %lld, \"new\": %lld, "
            "\"merged\": %lld, \"updated\": %lld, \"unchanged\": %lld, "
            "\"rejected\": %lld, \"skipped\": %lld}}",
            x->bytes, x->requests, c->files, c->read, c->stored, c->merged,
            c->updated, c->unchanged, c->rejected, c->skipped);
}

static void on_result(void *ctx, const struct vigil_sync_result *x)
{
    struct report *r = ctx;
    const struct vigil_import_counts *c = &x->stats.total;

    r->failed += x->rc != 0;
    if (r->json)
        print_json(r, x);
    else if (x->status == VIGIL_SYNC_UNCHANGED)
        fprintf(r->out, "%s: not modified\n", x->name);
    else if (x->rc)
        fprintf(r->out, "%s: %s: %s\n", x->name, status_names[x->status],
                x->error);
    else
        fprintf(r->out, "%s: %lld records from %lld files: %lld new, %lld "
                "merged, %lld updated, %lld unchanged, %lld rejected "
                "(%lld bytes in %d requests)\n",
                x->name, c->read, c->files, c->stored, c->merged,
                c->updated, c->unchanged, c->rejected, x->bytes,
                x->requests);
    r->n++;
}

/* Runs one sync of names (none: those due); 0 when every one went well. */
static int run_sync(struct cli *cli, const struct sync_args *a,
                    char **names, int nnames, struct report *r)
{
    struct vigil_sync_opts o;
    struct vigil_error err;
    char *state;
    int rc;

    vigil_sync_opts_init(&o);
    if ((rc = fill_opts(cli, a, &o)))
        return rc;
    if (!(state = cli_sync_state_dir(cli)))
        return cli_error(cli, "out of memory");
    o.state_dir = state;
    o.on_error = on_error;
    o.on_progress = on_progress;
    o.ctx = r;
    vigil_error_clear(&err);
    rc = vigil_sync_run(cli->store, (const char *const *)names,
                        (size_t)nnames, &o, on_result, r, &err);
    free(state);
    /* a source that failed said so; anything else is said here */
    if (rc && !r->failed)
        return cli_error(cli, "%s", err.msg[0] ? err.msg
                                                : vigil_strerror(rc));
    return rc ? VIGIL_EXIT_ERROR : VIGIL_EXIT_OK;
}

#define SYNC_OPTS(a)                                                       \
    { "--mirror", 0, 1, &(a).mirror, NULL },                              \
    { "--tries", 0, 1, &(a).tries, NULL },                                \
    { "--max-wait", 0, 1, &(a).max_wait, NULL },                          \
    { "--backoff", 0, 1, &(a).backoff, NULL },                            \
    { "--connect-timeout", 0, 1, &(a).connect_timeout, NULL },            \
    { "--timeout", 0, 1, &(a).timeout, NULL },                            \
    { "--nvd-pause", 0, 1, &(a).nvd_pause, NULL },                        \
    { "--page-size", 0, 1, &(a).page_size, NULL }

int cmd_sync(struct cli *cli, int argc, char **argv)
{
    struct sync_args a;
    struct report r;
    struct cli_opt opts[] = {
        SYNC_OPTS(a),
        { "--json", 0, 0, NULL, &a.json },
        { NULL, 0, 0, NULL, NULL },
    };
    char **names;
    int nnames, rc;

    memset(&a, 0, sizeof(a));
    if ((rc = cli_parse(cli, argc, argv, opts, &names, &nnames)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (cli_load_config(cli, 0) || !cli_store_create(cli)) {
        free(names);
        return VIGIL_EXIT_ERROR;
    }
    memset(&r, 0, sizeof(r));
    r.cli = cli;
    r.out = stdout;
    r.json = a.json;
    catch_stop_signals();
    if (r.json)
        printf("[");
    rc = run_sync(cli, &a, names, nnames, &r);
    if (r.json)
        printf("%s]\n", r.n ? "\n" : "");
    else if (!r.n && !rc && !cli->quiet)
        printf("no source is due\n");
    free(names);
    return rc;
}

/* Sleeps secs seconds unless a stop is requested first. */
static void pause_for(long long secs)
{
    struct timespec ts = { 0, 200000000L };
    long long ticks = secs * 5;

    while (ticks-- > 0 && !stop_requested)
        nanosleep(&ts, NULL);
}

static void report_written(void *ctx, const char *kind, const char *period,
                           const char *path)
{
    struct cli *cli = ctx;

    if (cli->quiet)
        return;
    if (path)
        fprintf(stderr, "vigil: wrote the %s report %s to %s\n", kind,
                period, path);
    else
        fprintf(stderr, "vigil: mailed the %s report %s\n", kind, period);
}

/* Scheduled reports of [report]: every complete period, once.  Returns
 * 1 when one failed (said on stderr), else 0. */
static int daemon_reports(struct cli *cli)
{
    struct vigil_report_schedule sch;
    struct vigil_buf folder = VIGIL_BUF_INIT;
    struct vigil_error err;
    const char *f = vigil_config_get(&cli->cfg, "report.folder");
    int failed = 0;

    if (!cli->cfg_loaded || !f || !*f)
        return 0;
    if (f[0] == '/' || !cli->cfg.dir)
        vigil_buf_adds(&folder, f);
    else
        vigil_buf_addf(&folder, "%s/%s", cli->cfg.dir, f);
    memset(&sch, 0, sizeof(sch));
    sch.folder = folder.ptr;
    sch.kinds = vigil_config_get(&cli->cfg, "report.kinds");
    sch.formats = vigil_config_get(&cli->cfg, "report.formats");
    sch.mail = vigil_config_get(&cli->cfg, "report.mail");
    vigil_error_clear(&err);
    if (vigil_report_run_schedule(cli_store(cli), &sch, vigil_now(),
                                  report_written, cli, &err)) {
        fprintf(stderr, "vigil: scheduled reports: %s\n", err.msg);
        failed = 1;
    }
    vigil_buf_release(&folder);
    return failed;
}

/* One round: sync what is due, match, then write the reports; stops
 * between the steps.  Returns 1 when a scheduled report failed. */
static int daemon_round(struct cli *cli, const struct sync_args *a)
{
    struct vigil_match_stats ms;
    struct vigil_track_stats ts;
    struct report r;

    memset(&r, 0, sizeof(r));
    r.cli = cli;
    r.out = stderr;
    run_sync(cli, a, NULL, 0, &r);
    if (stop_requested)
        return 0;
    if (cli_match_and_track(cli, &ms, &ts))
        return 0;
    if (!cli->quiet)
        cli_print_track_stats(&ms, &ts);
    return stop_requested ? 0 : daemon_reports(cli);
}

int cmd_daemon(struct cli *cli, int argc, char **argv)
{
    struct sync_args a;
    struct vigil_sync_opts check;
    long long every = 3600;
    struct cli_opt opts[] = {
        SYNC_OPTS(a),
        { "--every", 0, 1, &a.every, NULL },
        { "--once", 0, 0, NULL, &a.once },
        { NULL, 0, 0, NULL, NULL },
    };
    char **args;
    int nargs, rc, failed = 0;

    memset(&a, 0, sizeof(a));
    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs)
        return cli_usage(cli, "daemon takes no arguments");
    if (a.every && vigil_duration_parse(a.every, &every))
        return cli_usage(cli, "invalid duration '%s' (use 30m, 6h, 1d)",
                         a.every);
    vigil_sync_opts_init(&check);
    if ((rc = fill_opts(cli, &a, &check)))
        return rc;
    if (cli_load_config(cli, 0) || !cli_store_create(cli))
        return VIGIL_EXIT_ERROR;
    catch_stop_signals();
    while (!stop_requested) {
        failed = daemon_round(cli, &a);
        if (a.once || stop_requested)
            break;
        pause_for(every);
    }
    if (stop_requested && !cli->quiet)
        fprintf(stderr, "vigil: stopping on request\n");
    /* a --once run from cron must show that its reports failed */
    return a.once && failed ? VIGIL_EXIT_ERROR : VIGIL_EXIT_OK;
}
