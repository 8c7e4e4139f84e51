/*
 * cmd_rule.c - vigil rule add|list|remove|test: alert rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/alert.h"
#include "vigil/pattern.h"
#include "cli.h"
#include "../internal.h"

static int number(struct cli *cli, const char *opt, const char *v,
                  long long max, long long *out)
{
    if (v && vigil__parse_ll(v, 0, max, out))
        return cli_usage(cli, "%s needs a number from 0 to %lld, not '%s'",
                         opt, max, v);
    return 0;
}

/* The first line of a file, for --secret-file. */
static int read_secret(struct cli *cli, const char *path,
                       struct vigil_buf *b)
{
    struct vigil_error err;

    vigil_error_clear(&err);
    if (vigil_buf_read_file(b, path, 4096, &err))
        return cli_error(cli, "%s", err.msg);
    if (b->ptr)
        b->ptr[strcspn(b->ptr, "\r\n")] = '\0';
    if (!b->ptr || !*b->ptr)
        return cli_error(cli, "secret file '%s' is empty", path);
    return 0;
}

struct add_args {
    const char *pattern, *target, *digest, *secret, *secret_file;
    const char *max_per_hour, *max_attempts;
};

static int rule_store(struct cli *cli, const char *name,
                      const struct add_args *a, const struct vigil_buf *pat,
                      const char *secret)
{
    struct vigil_alert_rule r;
    struct vigil_error err;
    struct vigil_store *s;
    long long mph = 0, tries = 0;
    int rc;

    if ((rc = number(cli, "--max-per-hour", a->max_per_hour,
                     VIGIL_ALERT_MAX_PER_HOUR, &mph)) ||
        (rc = number(cli, "--max-attempts", a->max_attempts, 100, &tries)))
        return rc;
    memset(&r, 0, sizeof(r));
    r.name = name;
    r.pattern = pat->ptr;
    r.target = a->target;
    r.digest = a->digest;
    r.secret = secret;
    r.max_per_hour = mph;
    r.max_attempts = (int)tries;
    /* rules may come before the first import: the database is made */
    if (!(s = cli_store_create(cli)))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (vigil_alert_rule_add(s, &r, NULL, &err))
        return cli_error(cli, "%s", err.msg);
    if (!cli->quiet)
        printf("rule '%s' added\n", name);
    return VIGIL_EXIT_OK;
}

static int rule_add(struct cli *cli, int argc, char **argv)
{
    struct vigil_buf pat = VIGIL_BUF_INIT, sec = VIGIL_BUF_INIT;
    struct add_args a;
    struct vigil_error err;
    struct cli_opt opts[] = {
        { "--pattern", 0, 1, &a.pattern, NULL },
        { "--target", 0, 1, &a.target, NULL },
        { "--digest", 0, 1, &a.digest, NULL },
        { "--secret", 0, 1, &a.secret, NULL },
        { "--secret-file", 0, 1, &a.secret_file, NULL },
        { "--max-per-hour", 0, 1, &a.max_per_hour, NULL },
        { "--max-attempts", 0, 1, &a.max_attempts, NULL },
        { NULL, 0, 0, NULL, NULL },
    };
    char **args;
    int nargs, rc;

    memset(&a, 0, sizeof(a));
    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 1 || !a.pattern || !a.target) {
        free(args);
        return cli_usage(cli, "rule add takes a NAME, --pattern FILE and "
                              "--target URI");
    }
    vigil_error_clear(&err);
    if (vigil_buf_read_file(&pat, a.pattern, VIGIL_PATTERN_MAX_BYTES, &err))
        rc = cli_error(cli, "%s", err.msg);
    else if (a.secret_file)
        rc = read_secret(cli, a.secret_file, &sec);
    if (!rc)
        rc = rule_store(cli, args[0], &a, &pat,
                        a.secret_file ? sec.ptr : a.secret);
    if (sec.ptr)
        explicit_bzero(sec.ptr, sec.len);
    vigil_buf_release(&sec);
    vigil_buf_release(&pat);
    free(args);
    return rc;
}

struct list_ctx {
    int json;
    int n;
};

static int print_rule(void *ctx, const struct vigil_alert_rule *r)
{
    struct list_ctx *l = ctx;
    char target[512];

    vigil_target_redact(r->target, target, sizeof(target));
    if (!l->json) {
        printf("%-20s %-16s %s", r->name,
               r->digest ? r->digest : "immediate", target);
        if (r->max_per_hour)
            printf("  max %lld/hour", r->max_per_hour);
        printf("%s\n", r->secret ? "  signed" : "");
        l->n++;
        return 0;
    }
    printf("%s{\"name\": ", l->n++ ? ", " : "");
    cli_json_str(stdout, r->name);
    printf(", \"delivery\": ");
    cli_json_str(stdout, r->digest ? r->digest : "immediate");
    printf(", \"target\": ");
    cli_json_str(stdout, target);
    printf(", \"signed\": %s, \"max_per_hour\": %lld, \"max_attempts\": %d, "
           "\"created\": ", r->secret ? "true" : "false", r->max_per_hour,
           r->max_attempts);
    cli_json_str(stdout, r->created);
    printf(", \"pattern\": %s}", r->pattern);
    return 0;
}

static int rule_list(struct cli *cli, int argc, char **argv)
{
    struct list_ctx l = { 0, 0 };
    struct vigil_store *s;
    int rc;

    if (!(s = cli_list_begin(cli, argc, argv, "rule list", &l.json, &rc)))
        return rc;
    rc = vigil_store_alert_rules(s, NULL, print_rule, &l);
    if (l.json)
        printf("]\n");
    else if (!rc && l.n == 0 && !cli->quiet)
        printf("no alert rules\n");
    return rc ? cli_error(cli, "cannot list alert rules") : VIGIL_EXIT_OK;
}

static int rule_remove(struct cli *cli, int argc, char **argv)
{
    struct vigil_error err;
    struct vigil_store *s;
    char **args;
    int nargs, rc, i;

    if ((rc = cli_parse(cli, argc, argv, NULL, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs == 0) {
        free(args);
        return cli_usage(cli, "rule remove takes one or more NAMEs");
    }
    if (!(s = cli_store(cli))) {
        free(args);
        return VIGIL_EXIT_ERROR;
    }
    for (i = 0; i < nargs && rc == 0; i++) {
        vigil_error_clear(&err);
        if (vigil_store_alert_rule_remove(s, args[i], &err))
            rc = cli_error(cli, "%s", err.msg);
        else if (!cli->quiet)
            printf("rule '%s' removed\n", args[i]);
    }
    free(args);
    return rc;
}

struct test_ctx {
    int json;
    int n;
};

static int print_preview(void *ctx, const struct vigil_alert_preview *p)
{
    struct test_ctx *t = ctx;

    if (t->json) {
        printf("%s%s", t->n++ ? ",\n" : "", p->json);
        return 0;
    }
    printf("%s--- message %d: %s, %zu event%s (%s), key %s\n",
           t->n ? "\n" : "", t->n + 1, p->kind, p->nevents,
           p->nevents == 1 ? "" : "s", p->ids, p->key);
    printf("Subject: %s\n\n%s", p->subject, p->text);
    t->n++;
    return 0;
}

static int rule_test(struct cli *cli, int argc, char **argv)
{
    struct test_ctx t = { 0, 0 };
    const char *since = NULL;
    struct cli_opt opts[] = {
        { "--since", 0, 1, &since, NULL },
        { "--json", 0, 0, NULL, &t.json },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_error err;
    struct vigil_store *s;
    char from[32], **args;
    time_t when;
    int nargs, rc;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 1 || (since && vigil_time_parse(since, &when) != 0)) {
        free(args);
        return cli_usage(cli, nargs != 1 ? "rule test takes one NAME"
                                         : "--since needs a date such as "
                                           "2026-12-01");
    }
    if (since)
        vigil_time_format(when, from, sizeof(from));
    if (!(s = cli_store(cli))) {
        free(args);
        return VIGIL_EXIT_ERROR;
    }
    vigil_error_clear(&err);
    if (t.json)
        printf("[");
    rc = vigil_alert_rule_test(s, args[0], since ? from : NULL,
                               print_preview, &t, &err);
    if (t.json)
        printf("]\n");
    else if (!rc && !cli->quiet)
        printf("%s%d message%s would have been sent; nothing was "
               "delivered\n", t.n ? "\n" : "", t.n, t.n == 1 ? "" : "s");
    free(args);
    return rc ? cli_error(cli, "%s", err.msg) : VIGIL_EXIT_OK;
}

int cmd_rule(struct cli *cli, int argc, char **argv)
{
    static const struct {
        const char *name;
        cli_cmd_fn fn;
    } subs[] = {
        { "add", rule_add },       { "list", rule_list },
        { "remove", rule_remove }, { "test", rule_test },
    };
    size_t i;

    for (i = 0; argc >= 2 && i < VIGIL_ARRAY_SIZE(subs); i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].fn(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    return cli_usage(cli, "rule needs 'add', 'list', 'remove' or 'test'");
}
