/*
 * cli.c - helpers shared by the subcommands: option parsing, messages,
 * opening the store.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "cli.h"
#include "../internal.h"

int cli_load_config(struct cli *cli, int required)
{
    const char *path = cli->config ? cli->config : "vigil.conf";
    struct vigil_error err;

    if (cli->cfg_loaded)
        return 0;
    vigil_error_clear(&err);
    if (!cli->config && !required && access(path, F_OK) != 0) {
        vigil_policy_init(&cli->policy);
        cli->cfg_loaded = 1;
        return 0;
    }
    if (vigil_config_load(path, &cli->cfg, &err) ||
        vigil_config_policy(&cli->cfg, &cli->policy, &err)) {
        vigil_config_release(&cli->cfg);
        return cli_error(cli, "%s", err.msg);
    }
    cli->cfg_loaded = 1;
    if (!cli->db_explicit)
        cli->db_path = vigil_config_get(&cli->cfg, "vigil.database");
    return 0;
}

void cli_track_opts(struct cli *cli, const char *cause,
                    struct vigil_track_opts *o)
{
    size_t i, n = cli->cfg_loaded ? cli->cfg.nowners : 0;

    memset(o, 0, sizeof(*o));
    o->policy = &cli->policy;
    o->actor = cli->actor;
    o->cause = cause;
    if (n && !cli->rules && (cli->rules = calloc(n, sizeof(*cli->rules)))) {
        for (i = 0; i < n; i++) {
            cli->rules[i].assignee = cli->cfg.owners[i].name;
            cli->rules[i].system = cli->cfg.owners[i].system;
            cli->rules[i].tag = cli->cfg.owners[i].tag;
            cli->rules[i].env = cli->cfg.owners[i].env;
            cli->rules[i].package = cli->cfg.owners[i].package;
        }
    }
    o->rules = cli->rules;
    o->nrules = cli->rules ? n : 0;
}

static struct vigil_store *open_store(struct cli *cli, int create)
{
    struct vigil_error err;

    if (cli->store)
        return cli->store;
    /* the configuration may name the database */
    if (cli_load_config(cli, 0))
        return NULL;
    if (!cli->db_path || !*cli->db_path) {
        cli_usage(cli, "the database name is empty");
        return NULL;
    }
    if (!create && access(cli->db_path, F_OK) != 0) {
        cli_error(cli, "no database '%s' (import advisories or run 'vigil "
                       "run' first, or name it with --db)", cli->db_path);
        return NULL;
    }
    vigil_error_clear(&err);
    if (vigil_store_open(cli->db_path, &cli->store, &err) != 0) {
        cli_error(cli, "%s", err.msg);
        return NULL;
    }
    return cli->store;
}

struct vigil_store *cli_store(struct cli *cli)
{
    return open_store(cli, 0);
}

struct vigil_store *cli_store_create(struct cli *cli)
{
    return open_store(cli, 1);
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s", prefix);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_error(struct cli *cli, const char *fmt, ...)
{
    va_list ap;

    (void)cli;
    va_start(ap, fmt);
    vmsg("vigil: ", fmt, ap);
    va_end(ap);
    return VIGIL_EXIT_ERROR;
}

void cli_warn(struct cli *cli, const char *fmt, ...)
{
    va_list ap;

    if (cli->quiet)
        return;
    va_start(ap, fmt);
    vmsg("vigil: warning: ", fmt, ap);
    va_end(ap);
}

int cli_usage(struct cli *cli, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg("vigil: ", fmt, ap);
    va_end(ap);
    if (cli->cmd)
        fprintf(stderr, "Try 'vigil %s --help' for more information.\n",
                cli->cmd);
    else
        fprintf(stderr, "Try 'vigil help' for more information.\n");
    return VIGIL_EXIT_USAGE;
}

int cli_help(struct cli *cli)
{
    const struct cli_command *c = cli_find(cli->cmd);

    if (c)
        fputs(c->usage, stdout);
    return VIGIL_EXIT_OK;
}

static const struct cli_opt *find_opt(const struct cli_opt *opts,
                                      const char *arg, size_t len)
{
    for (; opts && opts->name; opts++) {
        if (len == 2 && arg[0] == '-' && arg[1] == opts->shortname &&
            opts->shortname)
            return opts;
        if (strlen(opts->name) == len && strncmp(opts->name, arg, len) == 0)
            return opts;
    }
    return NULL;
}

/* Options a command takes at most: each set one value or flag. */
#define CLI_OPTS_MAX 64

/*
 * Handles one option argument at argv[*i] (and its value) into opts;
 * returns 0, 1 (help) or 2.  An option with a value given twice is an
 * error: the second would silently win, and "--from A --from B" is more
 * likely a slip than a wish.
 */
static int parse_one(struct cli *cli, int argc, char **argv, int *i,
                     const struct cli_opt *opts, unsigned char *seen)
{
    const char *arg = argv[*i], *eq = strchr(arg, '=');
    size_t len = eq && arg[1] == '-' ? (size_t)(eq - arg) : strlen(arg);
    const struct cli_opt *o;

    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
        return 1;
    if (!(o = find_opt(opts, arg, len)))
        return cli_usage(cli, "unknown option '%.*s'", (int)len, arg);
    if (!o->takes_value) {
        if (eq && arg[1] == '-')
            return cli_usage(cli, "option '%s' takes no value", o->name);
        *o->flag = 1;
        return 0;
    }
    if (o - opts < CLI_OPTS_MAX && seen[o - opts]++)
        return cli_usage(cli, "option '%s' is given twice", o->name);
    if (eq && arg[1] == '-') {
        *o->value = eq + 1;
    } else if (*i + 1 < argc) {
        *o->value = argv[++*i];
    } else {
        return cli_usage(cli, "option '%s' needs a value", o->name);
    }
    return 0;
}

int cli_parse(struct cli *cli, int argc, char **argv,
              const struct cli_opt *opts, char ***args, int *nargs)
{
    char **pos = calloc((size_t)argc + 1, sizeof(*pos));
    unsigned char seen[CLI_OPTS_MAX] = { 0 };
    int i, n = 0, rc, only_args = 0;

    if (!pos)
        return cli_error(cli, "out of memory");
    for (i = 1; i < argc; i++) {
        if (!only_args && strcmp(argv[i], "--") == 0) {
            only_args = 1;
            continue;
        }
        if (only_args || argv[i][0] != '-' || argv[i][1] == '\0') {
            pos[n++] = argv[i];
            continue;
        }
        if ((rc = parse_one(cli, argc, argv, &i, opts, seen))) {
            free(pos);
            if (rc == 1)
                return cli_help(cli) == 0 ? -1 : -1;
            return rc;
        }
    }
    *args = pos;
    *nargs = n;
    return 0;
}

struct vigil_store *cli_list_begin(struct cli *cli, int argc, char **argv,
                                   const char *what, int *json, int *code)
{
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, json },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_store *s;
    char **args;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs))) {
        *code = rc < 0 ? VIGIL_EXIT_OK : rc;
        return NULL;
    }
    free(args);
    if (nargs) {
        *code = cli_usage(cli, "%s takes no arguments", what);
        return NULL;
    }
    if (!(s = cli_store(cli))) {
        *code = VIGIL_EXIT_ERROR;
        return NULL;
    }
    if (*json)
        printf("[");
    return s;
}

void cli_json_str(FILE *f, const char *s)
{
    struct vigil_buf b = VIGIL_BUF_INIT;

    if (!s) {
        fputs("null", f);
        return;
    }
    vigil_buf_add_json_str(&b, s);
    fputs(b.ptr, f);
    vigil_buf_release(&b);
}

/*
 * Advisory text comes from outside: a control byte (an escape sequence,
 * a carriage return) must not reach the terminal, where it could retitle
 * the window, clear the screen or hide lines.
 */
void cli_sanitize(char *s, int keep_newlines)
{
    unsigned char *p = (unsigned char *)s;

    for (; p && *p; p++)
        if ((*p < 0x20 && !(keep_newlines && (*p == '\n' || *p == '\t'))) ||
            *p == 0x7f)
            *p = '?';
}

void cli_sanitize_line(char *s)
{
    char *p;

    for (p = s; p && *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    cli_sanitize(s, 0);
}

void cli_sanitize_tree(cJSON *node)
{
    cJSON *c;

    if (!node)
        return;
    if (cJSON_IsString(node) && node->valuestring)
        cli_sanitize(node->valuestring, 1);
    for (c = node->child; c; c = c->next)
        cli_sanitize_tree(c);
}

cJSON *cli_parse_safe(const char *json)
{
    cJSON *doc = cJSON_Parse(json);

    cli_sanitize_tree(doc);
    return doc;
}
