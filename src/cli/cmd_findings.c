/*
 * cmd_findings.c - vigil findings: what security tools reported, with
 * the CVEs they name and the systems whose resources they concern.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "../internal.h"

static void print_text(const cJSON *arr)
{
    const cJSON *f, *x;

    cJSON_ArrayForEach(f, arr) {
        const cJSON *sev = cJSON_GetObjectItem(f, "severity");
        struct vigil_buf extra = VIGIL_BUF_INIT;
        char sv[16] = "-";

        if (cJSON_IsNumber(sev))
            snprintf(sv, sizeof(sv), "%.1f", sev->valuedouble);
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(f, "cves"))
            vigil_buf_addf(&extra, " %s", x->valuestring);
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(f, "systems"))
            vigil_buf_addf(&extra, " [%s]", x->valuestring);
        printf("%-6s %-5s %-14.14s %-50.50s%s\n", sv,
               cJSON_GetStringValue(cJSON_GetObjectItem(f, "format")),
               cJSON_GetStringValue(cJSON_GetObjectItem(f, "tool"))
                   ? cJSON_GetStringValue(cJSON_GetObjectItem(f, "tool"))
                   : "?",
               cJSON_GetStringValue(cJSON_GetObjectItem(f, "title"))
                   ? cJSON_GetStringValue(cJSON_GetObjectItem(f, "title"))
                   : "",
               extra.ptr ? extra.ptr : "");
        vigil_buf_release(&extra);
    }
}

int cmd_findings(struct cli *cli, int argc, char **argv)
{
    const char *system = NULL, *cve = NULL, *limit = NULL;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    int json = 0, nargs, rc;
    struct cli_opt opts[] = {
        { "--system", 0, 1, &system, NULL },
        { "--cve", 0, 1, &cve, NULL },
        { "--limit", 0, 1, &limit, NULL },
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    long long n = 100;
    char **args;
    cJSON *doc;

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    free(args);
    if (nargs)
        return cli_usage(cli, "findings takes no arguments");
    if (limit && vigil__parse_ll(limit, 1, 1000000, &n))
        return cli_usage(cli, "--limit takes a number from 1 to 1000000");
    if (!cli_store(cli))
        return VIGIL_EXIT_ERROR;
    vigil_error_clear(&err);
    if (vigil_store_findings_json(cli->store, system, cve, n, &b, &err)) {
        vigil_buf_release(&b);
        return cli_error(cli, "%s", err.msg);
    }
    if (json) {
        printf("%s\n", b.ptr);
    } else if ((doc = cli_parse_safe(b.ptr))) {
        if (cJSON_GetArraySize(doc) == 0)
            printf("no findings\n");
        print_text(doc);
        cJSON_Delete(doc);
    }
    vigil_buf_release(&b);
    return VIGIL_EXIT_OK;
}
