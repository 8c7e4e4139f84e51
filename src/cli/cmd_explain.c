/*
 * cmd_explain.c - vigil explain VU-ID: why an update has its priority
 * and due date.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/track.h"
#include "cli.h"
#include "../internal.h"

static const char *s_or(const cJSON *o, const char *k, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

    return cJSON_IsString(v) ? v->valuestring : dflt;
}

static void print_text(const cJSON *d)
{
    const cJSON *in = cJSON_GetObjectItem(d, "inputs");
    const cJSON *cv = cJSON_GetObjectItem(in, "cvss"), *r;
    const cJSON *epss = cJSON_GetObjectItem(in, "epss");

    printf("%s (%s): priority %s, due %s\n", s_or(d, "id", "?"),
           s_or(d, "advisory", "?"), s_or(d, "priority", "?"),
           s_or(d, "due", "-"));
    printf("\nInputs:\n");
    printf("  KEV listed       %s%s\n",
           cJSON_IsTrue(cJSON_GetObjectItem(in, "kev")) ? "yes" : "no",
           cJSON_IsTrue(cJSON_GetObjectItem(in, "kev_ransomware"))
               ? " (known ransomware use)" : "");
    printf("  KEV due date     %s\n", s_or(in, "kev_due", "-"));
    if (cJSON_IsNumber(epss))
        printf("  EPSS             %.5f (percentile %.5f, %s)\n",
               epss->valuedouble,
               cJSON_GetObjectItem(in, "epss_percentile")->valuedouble,
               s_or(in, "epss_date", "?"));
    else
        printf("  EPSS             -\n");
    if (cJSON_IsObject(cv))
        printf("  CVSS             %.1f from %s, %s\n                   %s\n",
               cJSON_GetObjectItem(cv, "score")->valuedouble,
               s_or(cv, "source", "?"), s_or(cv, "vector", ""),
               s_or(cv, "why", ""));
    else
        printf("  CVSS             none\n");
    printf("  Criticality      %s%s\n", s_or(in, "criticality", "?"),
           cJSON_IsTrue(cJSON_GetObjectItem(in, "production"))
               ? ", in production" : "");
    printf("  Systems          %s\n", s_or(in, "systems", "-"));
    printf("  Identified       %s\n", s_or(in, "identified", "-"));
    printf("\nRules, in order:\n");
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(d, "rules"))
        printf("  - %s\n", r->valuestring);
    printf("\nSLA %d days%s -> due %s (computed now: %s, %s)\n",
           (int)cJSON_GetObjectItem(d, "sla_days")->valuedouble,
           cJSON_IsTrue(cJSON_GetObjectItem(d, "due_from_kev"))
               ? ", KEV due date earlier" : "",
           s_or(d, "due", "-"), s_or(d, "computed_priority", "?"),
           s_or(d, "computed_due", "?"));
}

int cmd_explain(struct cli *cli, int argc, char **argv)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    int json = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    long long id;
    char **args;
    cJSON *doc;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    if (nargs != 1 || vigil_track_parse_id(args[0], &id) != 0) {
        free(args);
        return cli_usage(cli, "explain takes one VU-ID");
    }
    free(args);
    if (cli_load_config(cli, 0) || !cli_store(cli))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (vigil_track_explain(cli->store, &cli->policy, id, &b, &err)) {
        vigil_buf_release(&b);
        return cli_error(cli, "%s", err.msg);
    }
    if (json) {
        printf("%s\n", b.ptr);
    } else if ((doc = cli_parse_safe(b.ptr))) {
        print_text(doc);
        cJSON_Delete(doc);
    }
    vigil_buf_release(&b);
    return VIGIL_EXIT_OK;
}

static void review_bucket(const cJSON *owner, const char *key,
                          const char *title)
{
    const cJSON *arr = cJSON_GetObjectItem(owner, key), *u;

    if (cJSON_GetArraySize(arr) == 0)
        return;
    printf("  %s:\n", title);
    cJSON_ArrayForEach(u, arr)
        printf("    %-7s %-8s %-10s %-16s %s\n", s_or(u, "id", "?"),
               s_or(u, "priority", "?"),
               s_or(u, strcmp(key, "risk_expiring") == 0 ? "risk_until"
                                                         : "due", "-"),
               s_or(u, "advisory", "?"), s_or(u, "systems", ""));
}

int cmd_review(struct cli *cli, int argc, char **argv)
{
    static const char *const buckets[][2] = {
        { "triage", "new, to triage" },
        { "overdue", "overdue" },
        { "due_soon", "due in the next 7 days" },
        { "risk_expiring", "risk acceptances ending in 14 days" },
        { "verify", "remediated, to verify" },
    };
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    int json = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    const cJSON *o;
    char **args;
    cJSON *doc;
    size_t i;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs)
        return cli_usage(cli, "review takes no arguments");
    if (!cli_store(cli))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (vigil_track_review(cli->store, &b, &err)) {
        vigil_buf_release(&b);
        return cli_error(cli, "%s", err.msg);
    }
    if (json) {
        printf("%s\n", b.ptr);
    } else if ((doc = cli_parse_safe(b.ptr))) {
        printf("Weekly review, %s\n", s_or(doc, "date", "?"));
        cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "owners")) {
            printf("\n%s\n", s_or(o, "owner", "?"));
            for (i = 0; i < VIGIL_ARRAY_SIZE(buckets); i++)
                review_bucket(o, buckets[i][0], buckets[i][1]);
        }
        if (cJSON_GetArraySize(cJSON_GetObjectItem(doc, "owners")) == 0)
            printf("\nNothing to review.\n");
        cJSON_Delete(doc);
    }
    vigil_buf_release(&b);
    return VIGIL_EXIT_OK;
}
