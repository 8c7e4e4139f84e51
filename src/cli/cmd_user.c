/*
 * cmd_user.c - vigil user add|list|set|passwd|remove and vigil token
 * create|list|revoke: the people who may use the API and the
 * dashboard.  Passwords come from standard input or a prompt, never
 * from the command line, where other users could read them.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "vigil/auth.h"
#include "vigil/sync.h"
#include "cli.h"
#include "../internal.h"

/* The longest password (auth.h) plus a line ending and one byte to
 * tell a longer line apart. */
#define PW_BUF 1028

/* How reading a password line ended. */
enum line_rc {
    LINE_OK,
    LINE_EMPTY,         /* end of input before any byte */
    LINE_LONG,          /* no line ending within the buffer */
    LINE_NUL,           /* a NUL byte, which would cut the password */
    LINE_ERROR          /* a read failed: errno says why */
};

/*
 * Reads one line from stdin into buf (cap bytes) without its line
 * ending ("\n" or "\r\n"); the last line may lack one.  Read byte by
 * byte so that a NUL byte is seen rather than silently ending the
 * password early.
 */
static enum line_rc read_line(char *buf, size_t cap)
{
    size_t n = 0;
    int c;

    while ((c = getchar()) != EOF && c != '\n') {
        if (c == '\0')
            return LINE_NUL;
        if (n + 1 == cap)
            return LINE_LONG;
        buf[n++] = (char)c;
    }
    buf[n] = '\0';
    if (c == EOF && ferror(stdin))
        return LINE_ERROR;
    if (c == EOF && n == 0)
        return LINE_EMPTY;
    if (n && buf[n - 1] == '\r')
        buf[--n] = '\0';
    return LINE_OK;
}

/* The terminal settings to put back if the prompt is interrupted. */
static struct termios saved_tty;

static void restore_tty(int sig)
{
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    signal(sig, SIG_DFL);
    raise(sig);
}

/*
 * Prompts on stderr and reads a line from the terminal without echo.
 * Echo goes off before the prompt shows, so nothing typed after the
 * prompt is echoed or flushed away; Ctrl-C turns it back on.
 */
static int prompt_hidden(const char *what, char *buf, size_t cap)
{
    struct termios quiet;
    void (*old_int)(int), (*old_term)(int);
    int rc;

    if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
        return 1;
    quiet = saved_tty;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    quiet.c_lflag |= ECHONL;
    old_int = signal(SIGINT, restore_tty);
    old_term = signal(SIGTERM, restore_tty);
    rc = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) != 0;
    if (!rc) {
        fprintf(stderr, "%s: ", what);
        fflush(stderr);
        rc = read_line(buf, cap) != LINE_OK;
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    signal(SIGINT, old_int);
    signal(SIGTERM, old_term);
    return rc;
}

/*
 * Gets a new password into buf: a line from stdin when it is not a
 * terminal (or --password-stdin), else asked twice at a prompt.
 */
static int get_password(struct cli *cli, int from_stdin, char *buf,
                        size_t cap)
{
    char again[PW_BUF];
    int rc;

    if (from_stdin || !isatty(STDIN_FILENO)) {
        switch (read_line(buf, cap)) {
        case LINE_OK:
            return 0;
        case LINE_EMPTY:
            return cli_error(cli, "standard input is empty: give the "
                                  "password as its first line, or use "
                                  "--no-password");
        case LINE_LONG:
            return cli_error(cli, "the password line on standard input is "
                                  "too long (a password is at most 1024 "
                                  "bytes)");
        case LINE_NUL:
            return cli_error(cli, "the password line on standard input "
                                  "holds a NUL byte");
        case LINE_ERROR:
            return cli_error(cli, "cannot read standard input: %s",
                             strerror(errno));
        }
    }
    if (prompt_hidden("New password", buf, cap) ||
        prompt_hidden("Repeat it", again, sizeof(again)))
        rc = cli_error(cli, "cannot read the password");
    else if (strcmp(buf, again) != 0)
        rc = cli_error(cli, "the two passwords differ");
    else
        rc = 0;
    explicit_bzero(again, sizeof(again));
    return rc;
}

/* Opens the store for a write and names the actor in its events. */
static struct vigil_store *write_store(struct cli *cli, int create)
{
    struct vigil_store *s = create ? cli_store_create(cli) : cli_store(cli);

    if (s && vigil_store_set_actor(s, cli->actor)) {
        cli_error(cli, "out of memory");
        return NULL;
    }
    return s;
}

static int user_add(struct cli *cli, int argc, char **argv)
{
    const char *role = NULL;
    int from_stdin = 0, none = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--role", 0, 1, &role, NULL },
        { "--password-stdin", 0, 0, NULL, &from_stdin },
        { "--no-password", 0, 0, NULL, &none },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_error err;
    char pw[PW_BUF], **args;
    const char *name;
    enum vigil_role r;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    name = args[0];
    free(args);
    if (nargs != 1 || !role)
        return cli_usage(cli, "user add takes NAME and --role");
    if ((r = vigil_role_parse(role)) == VIGIL_ROLE_NONE)
        return cli_usage(cli, "unknown role '%s' (viewer, analyst, admin)",
                         role);
    if (from_stdin && none)
        return cli_usage(cli, "--password-stdin and --no-password exclude "
                              "each other");
    if (!none && (rc = get_password(cli, from_stdin, pw, sizeof(pw))))
        return rc;
    vigil_error_clear(&err);
    rc = write_store(cli, 1)
             ? vigil_user_add(cli->store, name, r,
                              none ? NULL : pw, &err)
             : VIGIL_EDB;
    explicit_bzero(pw, sizeof(pw));
    if (rc)
        return err.msg[0] ? cli_error(cli, "%s", err.msg) : VIGIL_EXIT_ERROR;
    return VIGIL_EXIT_OK;
}

struct out {
    int json;
    int n;
};

static void json_field(const char *key, const char *v)
{
    printf(", \"%s\": ", key);
    cli_json_str(stdout, v);
}

static int print_user(void *ctx, const struct vigil_user_row *u)
{
    struct out *o = ctx;

    if (!o->json) {
        printf("%-24s %-8s %-11s %-8s %3lld tokens  %.10s\n", u->name,
               u->role, u->has_password ? "password" : "no-password",
               u->disabled ? "disabled" : "enabled", u->tokens, u->created);
        return 0;
    }
    printf("%s{\"id\": %lld, \"name\": ", o->n++ ? ",\n  " : "\n  ",
           u->id);
    cli_json_str(stdout, u->name);
    json_field("role", u->role);
    printf(", \"password\": %s, \"disabled\": %s, \"tokens\": %lld",
           u->has_password ? "true" : "false",
           u->disabled ? "true" : "false", u->tokens);
    json_field("created", u->created);
    printf("}");
    return 0;
}

static int user_list(struct cli *cli, int argc, char **argv)
{
    struct out o = { 0, 0 };
    int code;

    if (!cli_list_begin(cli, argc, argv, "user list", &o.json, &code))
        return code;
    code = vigil_users(cli->store, print_user, &o);
    if (o.json)
        printf("%s]\n", o.n ? "\n" : "");
    return code ? cli_error(cli, "cannot read the users") : VIGIL_EXIT_OK;
}

static int user_set(struct cli *cli, int argc, char **argv)
{
    const char *role = NULL, *name;
    int disable = 0, enable = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--role", 0, 1, &role, NULL },
        { "--disable", 0, 0, NULL, &disable },
        { "--enable", 0, 0, NULL, &enable },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_error err;
    enum vigil_role r = VIGIL_ROLE_NONE;
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    name = args[0];
    free(args);
    if (nargs != 1 || (!role && !disable && !enable) || (disable && enable))
        return cli_usage(cli, "user set takes NAME and --role, --disable or "
                              "--enable");
    if (role && (r = vigil_role_parse(role)) == VIGIL_ROLE_NONE)
        return cli_usage(cli, "unknown role '%s' (viewer, analyst, admin)",
                         role);
    if (!write_store(cli, 0))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (vigil_user_set(cli->store, name, r,
                       disable ? 1 : enable ? 0 : -1, &err))
        return cli_error(cli, "%s", err.msg);
    return VIGIL_EXIT_OK;
}

static int user_passwd(struct cli *cli, int argc, char **argv)
{
    int from_stdin = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--password-stdin", 0, 0, NULL, &from_stdin },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_error err;
    char pw[PW_BUF], **args;
    const char *name;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    name = args[0];
    free(args);
    if (nargs != 1)
        return cli_usage(cli, "user passwd takes one NAME");
    if (!write_store(cli, 0))
        return VIGIL_EXIT_ERROR;
    if ((rc = get_password(cli, from_stdin, pw, sizeof(pw))))
        return rc;
    vigil_error_clear(&err);
    rc = vigil_user_password(cli->store, name, pw, &err);
    explicit_bzero(pw, sizeof(pw));
    return rc ? cli_error(cli, "%s", err.msg) : VIGIL_EXIT_OK;
}

static int user_remove(struct cli *cli, int argc, char **argv)
{
    struct vigil_error err;

    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    if (argc != 2)
        return cli_usage(cli, "user remove takes one NAME");
    if (!write_store(cli, 0))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (vigil_user_remove(cli->store, argv[1], &err))
        return cli_error(cli, "%s", err.msg);
    return VIGIL_EXIT_OK;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
    static const struct {
        const char *name;
        cli_cmd_fn fn;
    } subs[] = {
        { "add", user_add },       { "list", user_list },
        { "set", user_set },       { "passwd", user_passwd },
        { "remove", user_remove },
    };
    size_t i;

    for (i = 0; argc >= 2 && i < VIGIL_ARRAY_SIZE(subs); i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].fn(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    return cli_usage(cli, "user needs 'add', 'list', 'set', 'passwd' or "
                          "'remove'");
}

/* ---- tokens ---- */

static int token_create(struct cli *cli, int argc, char **argv)
{
    const char *label = NULL, *expires = NULL, *user;
    struct cli_opt opts[] = {
        { "--name", 0, 1, &label, NULL },
        { "--expires", 0, 1, &expires, NULL },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_error err;
    char tok[VIGIL_TOKEN_SIZE], **args;
    long long id;
    time_t until;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    user = args[0];
    free(args);
    if (nargs != 1)
        return cli_usage(cli, "token create takes one USER");
    vigil_error_clear(&err);
    if (vigil_token_expiry_parse(expires, vigil_now(), &until, &err))
        return cli_usage(cli, "%s", err.msg);
    if (!write_store(cli, 0))
        return VIGIL_EXIT_ERROR;
    if (vigil_token_create(cli->store, user, label, until, tok, &id, &err))
        return cli_error(cli, "%s", err.msg);

    /* stdout carries the token alone, so that scripts can capture it */
    printf("%s\n", tok);
    fflush(stdout);
    explicit_bzero(tok, sizeof(tok));
    cli_warn(cli, "token %lld for '%s' is shown this once; store it now",
             id, user);
    return VIGIL_EXIT_OK;
}

static const char *token_state(const struct vigil_token_row *t)
{
    time_t when;

    if (t->revoked)
        return "revoked";
    if (t->expires && (vigil_time_parse(t->expires, &when) != 0 ||
                       when <= vigil_now()))
        return "expired";
    return "active";
}

static int print_token(void *ctx, const struct vigil_token_row *t)
{
    struct out *o = ctx;
    char label[41];

    if (!o->json) {
        snprintf(label, sizeof(label), "%s", t->name);
        cli_sanitize(label, 0);
        printf("%-4lld %-16s %-20s %s...  %-7s  expires %.10s  used %.10s"
               "\n", t->id, t->user, label, t->prefix, token_state(t),
               t->expires ? t->expires : "never",
               t->last_used ? t->last_used : "never");
        return 0;
    }
    printf("%s{\"id\": %lld, \"user\": ", o->n++ ? ",\n  " : "\n  ",
           t->id);
    cli_json_str(stdout, t->user);
    json_field("name", t->name);
    json_field("prefix", t->prefix);
    json_field("state", token_state(t));
    json_field("created", t->created);
    json_field("expires", t->expires);
    json_field("last_used", t->last_used);
    json_field("revoked", t->revoked);
    printf("}");
    return 0;
}

static int token_list(struct cli *cli, int argc, char **argv)
{
    struct out o = { 0, 0 };
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &o.json },
        { NULL, 0, 0, NULL, NULL },
    };
    const char *user;
    char **args;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    user = args[0];
    free(args);
    if (nargs > 1)
        return cli_usage(cli, "token list takes at most one USER");
    if (!cli_store(cli))
        return VIGIL_EXIT_ERROR;
    if (o.json)
        printf("[");
    rc = vigil_tokens(cli->store, user, print_token, &o);
    if (o.json)
        printf("%s]\n", o.n ? "\n" : "");
    if (rc == VIGIL_ENOTFOUND)
        return cli_error(cli, "no user '%s'", user);
    return rc ? cli_error(cli, "cannot read the tokens") : VIGIL_EXIT_OK;
}

static int token_revoke(struct cli *cli, int argc, char **argv)
{
    struct vigil_error err;
    long long id;

    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    if (argc != 2 || vigil__parse_ll(argv[1], 1, 1LL << 53, &id))
        return cli_usage(cli, "token revoke takes one token ID");
    if (!write_store(cli, 0))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (vigil_token_revoke(cli->store, id, &err))
        return cli_error(cli, "%s", err.msg);
    return VIGIL_EXIT_OK;
}

int cmd_token(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "create") == 0)
        return token_create(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return token_list(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "revoke") == 0)
        return token_revoke(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    return cli_usage(cli, "token needs 'create', 'list' or 'revoke'");
}
