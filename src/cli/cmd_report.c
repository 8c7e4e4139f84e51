/*
 * cmd_report.c - vigil report KIND; vigil status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vigil/report.h"
#include "cli.h"
#include "../internal.h"


int cli_print_weekly(struct cli *cli, int json)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_store *s = cli_store(cli);
    struct vigil_error err;
    const char *nl;
    int rc;

    if (!s)
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    rc = vigil_report_weekly(s, vigil_now(),
                             json ? VIGIL_REPORT_JSON
                                  : VIGIL_REPORT_MARKDOWN,
                             &b, &err);
    /* the 7 days to today are not an ISO week: say what is covered */
    nl = !rc && !json ? strchr(b.ptr, '\n') : NULL;
    if (nl)
        printf("# Summary of the last 7 days (to today)%s\n", nl);
    else if (!rc)
        printf("%s\n", b.ptr);
    vigil_buf_release(&b);
    return rc ? cli_error(cli, "%s", err.msg) : VIGIL_EXIT_OK;
}

/* Validates KIND and the options into a kind, a period and a format. */
static int report_args(struct cli *cli, const char *kind, const char *from,
                       const char *to, const char *format, int json,
                       int *k, char f[11], char t[11], int *fmt)
{
    struct vigil_error err;

    if ((*k = vigil_report_kind_parse(kind)) < 0)
        return cli_usage(cli, "unknown report '%s' (weekly, monthly or "
                              "quarterly)", kind);
    *fmt = json ? VIGIL_REPORT_JSON : VIGIL_REPORT_MARKDOWN;
    if (format && (*fmt = vigil_report_format_parse(format)) < 0)
        return cli_usage(cli, "unknown format '%s' (md or markdown, html, "
                         "json or csv)", format);
    if (json && format && *fmt != VIGIL_REPORT_JSON)
        return cli_usage(cli, "--json and --format %s disagree", format);
    vigil_error_clear(&err);
    if (vigil_report_resolve((enum vigil_report_kind)*k, from, to,
                             vigil_now(), f, t, &err) != 0)
        return cli_usage(cli, "%s", err.msg);
    return 0;
}

/* Whether path is the database in use: the same name, or the same file. */
static int is_db_in_use(struct cli *cli, const char *path)
{
    struct stat a, b;

    if (strcmp(path, cli->db_path) == 0)
        return 1;
    return stat(path, &a) == 0 && stat(cli->db_path, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Whether path is a regular file that starts with the SQLite header. */
static int is_sqlite_file(const char *path)
{
    static const char magic[16] = "SQLite format 3";
    struct stat a;
    char head[16];
    size_t n = 0;
    FILE *fp;

    if (stat(path, &a) != 0 || !S_ISREG(a.st_mode))
        return 0;
    if ((fp = fopen(path, "rb")) != NULL) {
        n = fread(head, 1, sizeof(head), fp);
        fclose(fp);
    }
    return n == sizeof(head) && memcmp(head, magic, sizeof(head)) == 0;
}

/*
 * Whether path names a file SQLite keeps beside a database (DB-wal,
 * DB-shm, DB-journal) whose database DB is the one in use or any SQLite
 * file: such a file need not exist yet, and it holds no header.
 */
static int is_sidecar(struct cli *cli, const char *path)
{
    static const char *const suffix[] = { "-wal", "-shm", "-journal" };
    size_t n = strlen(path), k, i;
    char *base;
    int hit;

    for (i = 0; i < VIGIL_ARRAY_SIZE(suffix); i++) {
        k = strlen(suffix[i]);
        if (n <= k || strcmp(path + n - k, suffix[i]) != 0)
            continue;
        if (!(base = malloc(n - k + 1)))
            return 1;   /* cannot tell: refuse rather than risk it */
        memcpy(base, path, n - k);
        base[n - k] = '\0';
        hit = is_db_in_use(cli, base) || is_sqlite_file(base);
        free(base);
        if (hit)
            return 1;
    }
    return 0;
}

/*
 * Whether writing a report to path would destroy a database: the
 * database in use (same file, or same device and inode), any file that
 * starts with the SQLite header, or the WAL, shared-memory or rollback
 * journal of either.  A report is replaced by rename, so the old file
 * would be gone, not appended to.
 */
static int clobbers_database(struct cli *cli, const char *path)
{
    return is_db_in_use(cli, path) || is_sqlite_file(path) ||
           is_sidecar(cli, path);
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
    const char *from = NULL, *to = NULL, *format = NULL, *outf = NULL;
    int json = 0, nargs, rc, k = 0, fmt = 0;
    struct cli_opt opts[] = {
        { "--from", 0, 1, &from, NULL },
        { "--to", 0, 1, &to, NULL },
        { "--format", 0, 1, &format, NULL },
        { "--out", 'o', 1, &outf, NULL },
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_store *s;
    struct vigil_error err;
    char f[11], t[11];
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 1) {
        free(args);
        return cli_usage(cli, nargs ? "report takes one KIND"
                                    : "report needs a KIND: weekly, "
                                      "monthly or quarterly");
    }
    rc = report_args(cli, args[0], from, to, format, json, &k, f, t, &fmt);
    free(args);
    if (rc)
        return rc;
    if (outf && clobbers_database(cli, outf))
        return cli_error(cli, "cannot write the report to '%s': it is a "
                         "SQLite database or one of its -wal, -shm or "
                         "-journal files (the one in use or another); "
                         "name another file", outf);
    if (!(s = cli_store(cli)))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    rc = vigil_report_render(s, (enum vigil_report_kind)k, f, t, NULL,
                             (enum vigil_report_format)fmt, &b, &err);
    if (!rc && outf)
        rc = vigil_report_write_file(outf, &b, &err);
    else if (!rc)
        fwrite(b.ptr, 1, b.len, stdout);
    vigil_buf_release(&b);
    return rc ? cli_error(cli, "%s", err.msg) : VIGIL_EXIT_OK;
}

int cmd_status(struct cli *cli, int argc, char **argv)
{
    struct vigil_store_counts c;
    struct vigil_store *s;
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
        return cli_usage(cli, "stats takes no arguments");
    if (!(s = cli_store(cli)))
        return VIGIL_EXIT_ERROR;
    vigil_store_counts(s, &c);
    if (json) {
        printf("{\"schema_version\": %d, \"advisories\": %lld, "
               "\"sources\": %lld, \"aliases\": %lld, \"kev\": %lld, "
               "\"affected\": %lld, \"systems\": %lld, "
               "\"components\": %lld, \"matches\": %lld, "
               "\"updates\": %lld, \"open_updates\": %lld}\n",
               vigil_store_schema_version(s), c.advisories, c.sources,
               c.aliases, c.kev, c.affected, c.systems, c.components,
               c.matches, c.updates, c.open_updates);
        return VIGIL_EXIT_OK;
    }
    printf("schema version %d\nadvisories     %lld\n"
           "source records %lld\naliases        %lld\n"
           "KEV entries    %lld\naffected       %lld\n"
           "systems        %lld\ncomponents     %lld\n"
           "matches        %lld\nupdates        %lld\n"
           "open updates   %lld\n",
           vigil_store_schema_version(s), c.advisories, c.sources,
           c.aliases, c.kev, c.affected, c.systems, c.components, c.matches,
           c.updates, c.open_updates);
    return VIGIL_EXIT_OK;
}
