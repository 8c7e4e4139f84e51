/*
 * cmd_import.c - vigil import PATH...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vigil/import.h"
#include "vigil/track.h"
#include "cli.h"
#include "../internal.h"

struct progress {
    struct cli *cli;
    int tty;
    struct timespec start;
    int shown;
};

static double elapsed(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) +
           (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void on_progress(void *ctx, const struct vigil_import_stats *st)
{
    struct progress *p = ctx;
    double secs;

    if (!p->tty || p->cli->quiet)
        return;
    secs = elapsed(&p->start);
    fprintf(stderr, "\rimporting: %lld files, %lld records, %.0f/s ",
            st->total.files, st->total.read,
            secs > 0 ? (double)st->total.read / secs : 0.0);
    p->shown = 1;
}

static void on_error(void *ctx, const char *origin,
                     const struct vigil_error *e)
{
    struct progress *p = ctx;

    if (p->shown) {
        fputc('\n', stderr);
        p->shown = 0;
    }
    if (strstr(e->msg, origin))
        fprintf(stderr, "vigil: %s\n", e->msg);
    else if (e->record[0])
        fprintf(stderr, "vigil: %s: record '%s': %s\n", origin, e->record,
                e->msg);
    else
        fprintf(stderr, "vigil: %s: %s\n", origin, e->msg);
}

static void print_counts(FILE *f, const struct vigil_import_counts *c)
{
    fprintf(f,
            "{\"files\": %lld, \"read\": %lld, \"stored\": %lld, "
            "\"merged\": %lld, \"updated\": %lld, \"unchanged\": %lld, "
            "\"rejected\": %lld, \"skipped\": %lld}",
            c->files, c->read, c->stored, c->merged, c->updated,
            c->unchanged, c->rejected, c->skipped);
}

void cli_print_import(FILE *out, const struct vigil_import_stats *st,
                      int json)
{
    int f, first = 1;

    if (!json) {
        fprintf(out, "imported %lld records from %lld files: %lld new, "
                "%lld merged, %lld updated, %lld unchanged, %lld rejected, "
                "%lld skipped\n",
                st->total.read, st->total.files, st->total.stored,
                st->total.merged, st->total.updated, st->total.unchanged,
                st->total.rejected, st->total.skipped);
        return;
    }
    fprintf(out, "{\"total\": ");
    print_counts(out, &st->total);
    fprintf(out, ", \"formats\": {");
    for (f = 0; f < VIGIL_FMT_COUNT; f++) {
        const struct vigil_import_counts *c = &st->by_format[f];

        if (!c->files && !c->read && !c->rejected)
            continue;
        fprintf(out, "%s\"%s\": ", first ? "" : ", ",
                vigil_format_name((enum vigil_format)f));
        print_counts(out, c);
        first = 0;
    }
    fprintf(out, "}}\n");
}

static int track(struct cli *cli, const char *cause,
                 struct vigil_track_stats *ts, struct vigil_error *err)
{
    struct vigil_track_opts o;

    cli_track_opts(cli, cause, &o);
    return vigil_track_sync(cli->store, &o, ts, err);
}

/*
 * New KEV entries, EPSS scores or scores change priorities: re-evaluate
 * the tracked updates, naming the import as the cause of each change.
 */
static int reevaluate(struct cli *cli, const struct vigil_import_stats *st)
{
    struct vigil_store_counts c;
    struct vigil_track_stats ts;
    struct vigil_buf cause = VIGIL_BUF_INIT;
    struct vigil_error err;
    int f, rc;

    vigil_store_counts(cli->store, &c);
    if (c.updates == 0 || (st->total.stored + st->total.merged +
                           st->total.updated + st->epss_rows) == 0)
        return 0;
    if (cli_load_config(cli, 0))
        return VIGIL_EXIT_ERROR;
    vigil_buf_adds(&cause, "import of");
    for (f = 0; f < VIGIL_FMT_COUNT; f++) {
        const struct vigil_import_counts *n = &st->by_format[f];

        if (n->stored + n->merged + n->updated)
            vigil_buf_addf(&cause, " %lld %s", n->stored + n->merged +
                                                   n->updated,
                           vigil_format_name((enum vigil_format)f));
    }
    if (st->epss_rows)
        vigil_buf_addf(&cause, " %lld EPSS scores", st->epss_rows);
    vigil_buf_adds(&cause, " records");
    vigil_error_clear(&err);
    rc = vigil_store_begin(cli->store, &err);
    if (!rc)
        rc = track(cli, cause.ptr, &ts, &err);
    if (!rc)
        rc = vigil_store_commit(cli->store, &err);
    else
        vigil_store_rollback(cli->store);
    if (rc) {
        vigil_buf_release(&cause);
        return cli_error(cli, "cannot re-evaluate updates: %s", err.msg);
    }
    if (vigil_track_stats_any(&ts) && !cli->quiet) {
        vigil_buf_reset(&cause);
        vigil_track_stats_format(&ts, &cause);
        fprintf(stderr, "vigil: security updates re-evaluated: %s\n",
                cause.ptr ? cause.ptr : "");
    }
    vigil_buf_release(&cause);
    return 0;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
    const char *format = NULL;
    int json = 0, nargs, rc;
    char **args;
    struct cli_opt opts[] = {
        { "--format", 'f', 1, &format, NULL },
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_import_opts io;
    struct vigil_import_stats st;
    struct vigil_error err;
    struct progress p;
    struct vigil_store *s;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs == 0) {
        free(args);
        return cli_usage(cli, "no path given");
    }
    memset(&io, 0, sizeof(io));
    if (format && (io.format = vigil_format_by_name(format)) ==
                      VIGIL_FMT_UNKNOWN) {
        free(args);
        return cli_usage(cli, "unknown format '%s'", format);
    }
    if (!(s = cli_store_create(cli))) {
        free(args);
        return VIGIL_EXIT_ERROR;
    }
    memset(&p, 0, sizeof(p));
    p.cli = cli;
    p.tty = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &p.start);
    io.on_error = on_error;
    io.on_progress = on_progress;
    io.ctx = &p;
    vigil_error_clear(&err);
    rc = vigil_import_paths(s, (const char *const *)args, (size_t)nargs,
                            &io, &st, &err);
    if (p.shown)
        fputc('\n', stderr);
    free(args);
    cli_print_import(stdout, &st, json);
    if (rc && rc != VIGIL_EPARSE)
        return cli_error(cli, "import failed: %s", err.msg[0] ? err.msg
                                                   : vigil_strerror(rc));
    if (reevaluate(cli, &st))
        return VIGIL_EXIT_ERROR;
    return rc ? VIGIL_EXIT_ERROR : VIGIL_EXIT_OK;
}
