/*
 * cmd_show.c - vigil show ID, vigil list: security updates and
 * advisories, as text or JSON.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/track.h"
#include "cli.h"
#include "../internal.h"

/* ---- text output ---- */

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void line(const char *label, const char *v)
{
    if (v && *v)
        printf("%-15s %s\n", label, v);
}

/* Prints a multi-line value indented under its label. */
static void block(const char *label, const char *v)
{
    const char *p = v, *nl;

    if (!v || !*v)
        return;
    printf("%s:\n", label);
    while (*p) {
        nl = strchr(p, '\n');
        printf("  %.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
        if (!nl)
            break;
        p = nl + 1;
    }
}

/* Every score, published beside computed, mismatches marked. */
static void print_scores(const cJSON *arr)
{
    const cJSON *x;

    printf("Scores:\n");
    cJSON_ArrayForEach(x, arr) {
        const cJSON *pub = cJSON_GetObjectItem(x, "published");
        const cJSON *cmp = cJSON_GetObjectItem(x, "computed");
        char ps[16] = "-", cs[16] = "-";

        if (cJSON_IsNumber(pub))
            snprintf(ps, sizeof(ps), "%.1f", pub->valuedouble);
        if (cJSON_IsNumber(cmp))
            snprintf(cs, sizeof(cs), "%.1f", cmp->valuedouble);
        printf("  %-12s %-4s %s published %s computed %s%s\n",
               jstr(x, "source") ? jstr(x, "source") : "?",
               jstr(x, "version") ? jstr(x, "version") : "?",
               jstr(x, "vector") ? jstr(x, "vector") : "", ps, cs,
               cJSON_IsTrue(cJSON_GetObjectItem(x, "mismatch"))
                   ? " MISMATCH" : "");
    }
}

static void print_update_text(const cJSON *d)
{
    static const char *const order[][2] = {
        { "id", "ID" },            { "advisory", "Advisory" },
        { "title", "Title" },      { "status", "Status" },
        { "priority", "Priority" }, { "priority_reason", "Why" },
        { "due", "Due" },          { "assignee", "Assigned to" },
        { "systems", "Systems" },  { "sources", "Sources" },
        { "identified", "Identified" }, { "completed", "Completed" },
        { "verification", "Verification" },
        { "risk_until", "Risk until" }, { "risk_reason", "Risk reason" },
        { "breach_since", "SLA breached" },
    };
    const cJSON *m, *h;
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(order); i++)
        line(order[i][1], jstr(d, order[i][0]));
    line("KEV", cJSON_IsTrue(cJSON_GetObjectItem(d, "kev")) ? "yes" : NULL);
    block("Description", jstr(d, "description"));
    block("Remediation", jstr(d, "remediation"));
    block("Notes", jstr(d, "notes"));
    printf("Affected:\n");
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(d, "affected"))
        printf("  %s: %s %s [%s] %s (%s, %s)\n", jstr(m, "system"),
               jstr(m, "component"), jstr(m, "version"), jstr(m, "verdict"),
               jstr(m, "evidence") ? jstr(m, "evidence") : "",
               jstr(m, "source") ? jstr(m, "source") : "?",
               jstr(m, "scheme") ? jstr(m, "scheme") : "?");
    print_scores(cJSON_GetObjectItem(d, "scores"));
    printf("History:\n");
    cJSON_ArrayForEach(h, cJSON_GetObjectItem(d, "history"))
        printf("  %s %s %s: %s -> %s%s%s%s\n", jstr(h, "time"),
               jstr(h, "actor"), jstr(h, "field"),
               jstr(h, "old") ? jstr(h, "old") : "(none)",
               jstr(h, "new") ? jstr(h, "new") : "(none)",
               jstr(h, "reason") ? " (" : "",
               jstr(h, "reason") ? jstr(h, "reason") : "",
               jstr(h, "reason") ? ")" : "");
}

static void print_list(const char *label, const cJSON *arr)
{
    const cJSON *v;
    struct vigil_buf b = VIGIL_BUF_INIT;

    cJSON_ArrayForEach(v, arr) {
        if (cJSON_IsString(v))
            vigil_buf_addf(&b, "%s%s", b.len ? ", " : "", v->valuestring);
    }
    line(label, b.ptr);
    vigil_buf_release(&b);
}

static void print_advisory_text(const cJSON *d)
{
    const cJSON *kev = cJSON_GetObjectItem(d, "kev"), *x;

    line("ID", jstr(d, "id"));
    print_list("Aliases", cJSON_GetObjectItem(d, "aliases"));
    line("Title", jstr(d, "title"));
    line("Published", jstr(d, "published"));
    line("Modified", jstr(d, "modified"));
    if (cJSON_IsTrue(cJSON_GetObjectItem(d, "withdrawn")))
        line("Withdrawn", "yes (rejected or withdrawn by its source)");
    if (cJSON_IsObject(kev)) {
        line("KEV added", jstr(kev, "date_added"));
        line("KEV due", jstr(kev, "due_date"));
        line("KEV action", jstr(kev, "required_action"));
    }
    print_list("CWE", cJSON_GetObjectItem(d, "cwes"));
    line("Update", jstr(d, "update"));
    block("Description", jstr(d, "description"));
    printf("Sources:\n");
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(d, "sources"))
        printf("  %-5s %-20s %s\n", jstr(x, "format"), jstr(x, "id"),
               jstr(x, "origin") ? jstr(x, "origin") : "");
    print_scores(cJSON_GetObjectItem(d, "scores"));
    printf("Affected entries: %d\n",
           cJSON_GetArraySize(cJSON_GetObjectItem(d, "affected")));
}

/* ---- commands ---- */

/* Fills b with the JSON document for id (VU-n or an advisory id). */
static int show_doc(struct cli *cli, const char *id, struct vigil_buf *b,
                    int *is_update)
{
    struct vigil_store *s = cli_store(cli);
    struct vigil_error err;
    long long n;
    int rc;

    if (!s)
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    *is_update = vigil_track_parse_id(id, &n) == 0;
    if (*is_update) {
        rc = vigil_track_update_json(s, n, b);
        if (rc == VIGIL_ENOTFOUND)
            return cli_error(cli, "no security update '%s'", id);
        return rc ? cli_error(cli, "cannot read '%s'", id) : 0;
    }
    if (vigil_store_find_advisory(s, id, &n) != 0)
        return cli_error(cli, "no advisory or update '%s'", id);
    if (vigil_store_advisory_json(s, n, b, &err))
        return cli_error(cli, "%s", err.msg);
    return 0;
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    int json = 0, nargs, rc, is_update;
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    cJSON *doc;
    char **args;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 1) {
        free(args);
        return cli_usage(cli, "show takes one ID");
    }
    rc = show_doc(cli, args[0], &b, &is_update);
    free(args);
    if (!rc && json) {
        printf("%s\n", b.ptr);
    } else if (!rc) {
        if (!(doc = cli_parse_safe(b.ptr))) {
            rc = cli_error(cli, "cannot format the result");
        } else {
            if (is_update)
                print_update_text(doc);
            else
                print_advisory_text(doc);
            cJSON_Delete(doc);
        }
    }
    vigil_buf_release(&b);
    return rc;
}

struct list_out {
    int json;
    int csv;
    int n;
    struct vigil_buf b;
};

/*
 * One CSV field, quoted when it holds a comma, quote or line break.  A
 * cell that starts like a formula gets a leading apostrophe, so that a
 * spreadsheet shows it instead of running it; control bytes but the
 * newline become '?'.
 */
static void csv_field(const char *v, int last)
{
    const unsigned char *p;
    int formula, quote;

    v = v ? v : "";
    formula = v[0] && strchr("=+-@\t\r", v[0]) != NULL;
    quote = strpbrk(v, ",\"\r\n") != NULL;
    if (quote)
        putchar('"');
    if (formula)
        putchar('\'');
    for (p = (const unsigned char *)v; *p; p++) {
        if (*p == '"')
            putchar('"');
        putchar((*p < 0x20 && *p != '\n') || *p == 0x7f ? '?' : *p);
    }
    if (quote)
        putchar('"');
    putchar(last ? '\n' : ',');
}

static void list_csv(struct list_out *o, const struct vigil_update *u)
{
    char id[32];
    int i;

    if (o->n++ == 0) {
        printf("id,advisory,kev");
        for (i = 0; i < VIGIL_UF_COUNT; i++)
            printf(",%s", vigil_uf_name((enum vigil_uf)i));
        printf("\n");
    }
    snprintf(id, sizeof(id), "VU-%lld", u->id);
    csv_field(id, 0);
    csv_field(u->advisory, 0);
    csv_field(u->kev ? "yes" : "no", 0);
    for (i = 0; i < VIGIL_UF_COUNT; i++)
        csv_field(u->f[i], i == VIGIL_UF_COUNT - 1);
}

static int list_one(void *ctx, const struct vigil_update *u)
{
    struct list_out *o = ctx;
    char id[32];

    if (o->csv) {
        list_csv(o, u);
        return 0;
    }
    snprintf(id, sizeof(id), "VU-%lld", u->id);
    if (!o->json) {
        char sys[256], who[64], adv[64];

        snprintf(sys, sizeof(sys), "%s", u->f[VIGIL_UF_SYSTEMS] ?
                                         u->f[VIGIL_UF_SYSTEMS] : "-");
        snprintf(who, sizeof(who), "%s", u->f[VIGIL_UF_ASSIGNEE] ?
                                         u->f[VIGIL_UF_ASSIGNEE] : "-");
        snprintf(adv, sizeof(adv), "%s", u->advisory);
        cli_sanitize(sys, 0);
        cli_sanitize(who, 0);
        cli_sanitize(adv, 0);
        if (o->n++ == 0)
            printf("%-7s %-8s %-14s %-10s %-16s %-18s %s\n", "ID",
                   "PRIORITY", "STATUS", "DUE", "ASSIGNEE", "ADVISORY",
                   "SYSTEMS");
        printf("%-7s %-8s %-14s %-10s %-16s %-18s %s\n", id,
               u->f[VIGIL_UF_PRIORITY], u->f[VIGIL_UF_STATUS],
               u->f[VIGIL_UF_DUE] ? u->f[VIGIL_UF_DUE] : "-", who, adv,
               sys);
        return 0;
    }
    vigil_buf_adds(&o->b, o->n++ ? ",\n  " : "\n  ");
    vigil_track_update_fields_json(&o->b, u);
    vigil_buf_adds(&o->b, "}");
    return 0;
}

/* The filter's words must name a priority, a state and an order. */
static int check_filter(struct cli *cli, const struct vigil_update_filter *f)
{
    static const char *const sorts[] = { "priority", "due", "id", "updated" };
    static const char *const prios[] = { "critical", "high", "medium",
                                         "low" };
    size_t i;

    for (i = 0; f->priority && i < VIGIL_ARRAY_SIZE(prios); i++)
        if (vigil__strcasecmp(prios[i], f->priority) == 0)
            break;
    if (f->priority && i == VIGIL_ARRAY_SIZE(prios))
        return cli_usage(cli, "--priority takes Critical, High, Medium or "
                              "Low");
    if (f->status && strcmp(f->status, "open") != 0 &&
        !vigil_track_valid_state(f->status))
        return cli_usage(cli, "unknown state '%s'", f->status);
    for (i = 0; f->sort && i < VIGIL_ARRAY_SIZE(sorts); i++)
        if (strcmp(sorts[i], f->sort) == 0)
            break;
    if (f->sort && i == VIGIL_ARRAY_SIZE(sorts))
        return cli_usage(cli, "--sort takes priority, due, id or updated");
    return 0;
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
    const char *text = NULL, *words[8];
    char *tcopy = NULL, *save = NULL, *w;
    struct vigil_update_filter f;
    struct list_out o;
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &o.json },
        { "--csv", 0, 0, NULL, &o.csv },
        { "--status", 0, 1, &f.status, NULL },
        { "--priority", 0, 1, &f.priority, NULL },
        { "--owner", 0, 1, &f.assignee, NULL },
        { "--system", 0, 1, &f.system, NULL },
        { "--source", 0, 1, &f.source, NULL },
        { "--text", 0, 1, &text, NULL },
        { "--kev", 0, 0, NULL, &f.kev },
        { "--overdue", 0, 0, NULL, &f.overdue },
        { "--sort", 0, 1, &f.sort, NULL },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_store *s;
    char today[16], **args;
    int nargs, rc;

    memset(&o, 0, sizeof(o));
    memset(&f, 0, sizeof(f));
    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs)
        return cli_usage(cli, "list takes no arguments");
    if (o.json && o.csv)
        return cli_usage(cli, "--json and --csv exclude each other");
    if ((rc = check_filter(cli, &f)))
        return rc;
    vigil_date_format(vigil_now(), today, sizeof(today));
    f.today = today;
    if (text && !(tcopy = strdup(text)))
        return cli_error(cli, "out of memory");
    for (w = tcopy ? strtok_r(tcopy, " \t", &save) : NULL;
         w && f.nwords < (int)VIGIL_ARRAY_SIZE(words);
         w = strtok_r(NULL, " \t", &save))
        words[f.nwords++] = w;
    f.words = words;
    if (!(s = cli_store(cli))) {
        free(tcopy);
        return VIGIL_EXIT_ERROR;
    }
    vigil_buf_adds(&o.b, "[");
    rc = vigil_store_updates_where(s, &f, list_one, &o);
    vigil_buf_adds(&o.b, o.n ? "\n]" : "]");
    if (o.json)
        printf("%s\n", o.b.ptr);
    else if (o.n == 0 && !o.csv)
        printf("no security updates\n");
    vigil_buf_release(&o.b);
    free(tcopy);
    return rc ? cli_error(cli, "cannot list updates") : VIGIL_EXIT_OK;
}
