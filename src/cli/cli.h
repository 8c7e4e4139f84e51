/*
 * cli.h - what the subcommands share: global options, the store handle,
 * output helpers and exit codes.  Commands only turn arguments into
 * library calls and results into text.
 */
#ifndef VIGIL_CLI_H
#define VIGIL_CLI_H

#include <stdio.h>

#include "vigil/config.h"
#include "vigil/policy.h"
#include "vigil/store.h"
#include "vigil/track.h"

/* Exit status, listed in vigil(1) EXIT STATUS. */
enum vigil_exit {
    VIGIL_EXIT_OK = 0,
    VIGIL_EXIT_ERROR = 1,   /* something failed; the message says what */
    VIGIL_EXIT_USAGE = 2    /* the command line was wrong */
};

struct cli {
    const char *prog;        /* "vigil" */
    const char *cmd;         /* the command being run */
    const char *db_path;     /* --db, VIGIL_DB, config, ./vigil.db */
    int db_explicit;         /* from --db or VIGIL_DB */
    const char *actor;       /* --as, VIGIL_USER, or the login name */
    const char *config;      /* --config, VIGIL_CONFIG, or ./vigil.conf */
    struct vigil_store *store;
    struct vigil_config cfg;     /* loaded by cli_load_config */
    int cfg_loaded;
    struct vigil_policy policy;  /* defaults, changed by [policy] */
    struct vigil_owner_rule *rules;   /* from [owner] sections */
    int verbose;
    int quiet;
    unsigned given;          /* global options seen: --db, --as, --config
                                (bits 0, 1, 2), each allowed once */
};

typedef int (*cli_cmd_fn)(struct cli *cli, int argc, char **argv);

struct cli_command {
    const char *name;
    cli_cmd_fn fn;
    const char *summary;
    const char *usage;       /* full --help text after the usage line */
};

/*
 * Loads the configuration file (cli->config, else ./vigil.conf) and the
 * policy in it.  A missing default file is not an error unless
 * required.  Prints the error and returns 1 on failure.
 */
int cli_load_config(struct cli *cli, int required);

/*
 * Fills *o for vigil_track_sync from the loaded configuration: policy,
 * ownership rules, the acting user and cause.  The rules array lives in
 * cli and is freed at exit.
 */
struct vigil_track_opts;
void cli_track_opts(struct cli *cli, const char *cause,
                    struct vigil_track_opts *o);

/*
 * Opens the store on first use; prints the error and returns NULL.
 * cli_store refuses a database file that does not exist (a typo must
 * not look like an empty, all-clear database); commands that bring
 * data in use cli_store_create.
 */
struct vigil_store *cli_store(struct cli *cli);
struct vigil_store *cli_store_create(struct cli *cli);

/* One error line on stderr: "vigil: MESSAGE". Returns VIGIL_EXIT_ERROR. */
int cli_error(struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A usage error: message plus the hint to run --help; returns 2. */
int cli_usage(struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints the command's --help text to stdout; returns 0. */
int cli_help(struct cli *cli);

/*
 * Parses the options of a command from a table.  Each option is
 * "--name" with a value or a flag; short aliases as "-x".  Positional
 * arguments are collected in order.  Returns 0, or 2 after printing a
 * usage error; returns 1 with *help set when --help was given.
 */
struct cli_opt {
    const char *name;        /* "--json" */
    char shortname;          /* 'j' or 0 */
    int takes_value;
    const char **value;      /* where a value goes (takes_value) */
    int *flag;               /* set to 1 (flags) */
};

int cli_parse(struct cli *cli, int argc, char **argv,
              const struct cli_opt *opts, char ***args, int *nargs);

/*
 * Starts a "WHAT [--json]" listing that takes no arguments: parses
 * --json into *json, opens the store and, for JSON, prints "[".
 * Returns the store, or NULL with *code set to the exit code (after
 * --help, a usage error or a store that will not open).
 */
struct vigil_store *cli_list_begin(struct cli *cli, int argc, char **argv,
                                   const char *what, int *json, int *code);

/* Prints one line "warning: ..." to stderr unless quiet. */
void cli_warn(struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Replaces control bytes in s (keeping newline and tab when
 * keep_newlines) with '?', in place, before text output.
 * cli_parse_safe parses a JSON document and does this to every string.
 */
struct cJSON;
void cli_sanitize(char *s, int keep_newlines);
void cli_sanitize_tree(struct cJSON *node);
struct cJSON *cli_parse_safe(const char *json);

/* cli_sanitize for prose shown on one line (a title, a snippet): line
 * breaks and tabs become spaces rather than '?'. */
void cli_sanitize_line(char *s);

/* Writes s as a JSON string literal to f. */
void cli_json_str(FILE *f, const char *s);

/* Prints import counts as one line or one JSON document. */
struct vigil_import_stats;
void cli_print_import(FILE *out, const struct vigil_import_stats *st,
                      int json);

/* Matches and brings the updates in line, in one transaction. */
struct vigil_match_stats;
int cli_match_and_track(struct cli *cli, struct vigil_match_stats *ms,
                        struct vigil_track_stats *ts);

/* Prints to stderr the summary of a match and the sync after it. */
void cli_print_track_stats(const struct vigil_match_stats *ms,
                           const struct vigil_track_stats *ts);

/* Warns when advisories for an OS release were not compared. */
void cli_warn_releases(struct cli *cli, const struct vigil_match_stats *ms);

/* Prints the weekly report of the 7 days up to now. */
int cli_print_weekly(struct cli *cli, int json);

/* The folder of partial downloads: the database path plus "-sync".
 * Caller frees; NULL when out of memory. */
char *cli_sync_state_dir(struct cli *cli);

/* The command table, defined in vigil.c. */
extern const struct cli_command cli_commands[];
const struct cli_command *cli_find(const char *name);

/* Subcommands. */
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_system(struct cli *cli, int argc, char **argv);
int cmd_inventory(struct cli *cli, int argc, char **argv);
int cmd_match(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_run(struct cli *cli, int argc, char **argv);
int cmd_version(struct cli *cli, int argc, char **argv);
int cmd_cpe(struct cli *cli, int argc, char **argv);
int cmd_purl(struct cli *cli, int argc, char **argv);
int cmd_cvss(struct cli *cli, int argc, char **argv);
int cmd_status(struct cli *cli, int argc, char **argv);
int cmd_track(struct cli *cli, int argc, char **argv);
int cmd_explain(struct cli *cli, int argc, char **argv);
int cmd_review(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int cmd_watch(struct cli *cli, int argc, char **argv);
int cmd_findings(struct cli *cli, int argc, char **argv);
int cmd_help(struct cli *cli, int argc, char **argv);
int cmd_source(struct cli *cli, int argc, char **argv);
int cmd_sync(struct cli *cli, int argc, char **argv);
int cmd_daemon(struct cli *cli, int argc, char **argv);
int cmd_rule(struct cli *cli, int argc, char **argv);
int cmd_alerts(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_token(struct cli *cli, int argc, char **argv);
int cmd_search(struct cli *cli, int argc, char **argv);

#endif
