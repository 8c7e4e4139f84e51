/*
 * cmd_search.c - vigil search: full-text search over advisories.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/search.h"
#include "cli.h"
#include "../internal.h"

struct out {
    int json;
    int n;
};

static int print_hit(void *ctx, const struct vigil_search_hit *h)
{
    struct out *o = ctx;
    char title[100], snip[400];

    if (!o->json) {
        snprintf(title, sizeof(title), "%s", h->title ? h->title : "");
        snprintf(snip, sizeof(snip), "%s", h->snippet ? h->snippet : "");
        cli_sanitize_line(title);
        cli_sanitize_line(snip);
        printf("%-20s %-10.10s %s %s\n", h->id,
               h->published ? h->published : "-", h->kev ? "KEV" : "   ",
               title);
        if (snip[0])
            printf("    %s\n", snip);
        o->n++;
        return 0;
    }
    printf("%s{\"id\": ", o->n++ ? ",\n    " : "\n    ");
    cli_json_str(stdout, h->id);
    printf(", \"title\": ");
    cli_json_str(stdout, h->title);
    printf(", \"snippet\": ");
    cli_json_str(stdout, h->snippet);
    printf(", \"published\": ");
    cli_json_str(stdout, h->published);
    printf(", \"kev\": %s, \"score\": %.4f}", h->kev ? "true" : "false",
           h->score);
    return 0;
}

/*
 * Joins the words of the command line into one query, cut (at a
 * character boundary) past the VIGIL_SEARCH_MAX_INPUT bytes the search
 * reads: a long query is shortened as search.h says, not refused.
 */
static int join_words(char **args, int nargs, struct vigil_buf *q)
{
    size_t room, n;
    int i, rc = 0;

    for (i = 0; !rc && i < nargs && q->len < VIGIL_SEARCH_MAX_INPUT; i++) {
        if (i && (rc = vigil_buf_addc(q, ' ')))
            break;
        room = VIGIL_SEARCH_MAX_INPUT - q->len;
        n = strlen(args[i]);
        if (n > room) {
            n = room;
            while (n && ((unsigned char)args[i][n] & 0xc0) == 0x80)
                n--;
        }
        rc = vigil_buf_add(q, args[i], n);
    }
    return rc;
}

static int parse_int(const char *v, long long max, int *out)
{
    long long n;

    if (vigil__parse_ll(v, 0, max, &n))
        return -1;
    *out = (int)n;
    return 0;
}

/* Runs the search and prints the hits and the count. */
static int run_search(struct cli *cli, const char *q, int limit, int offset,
                      int json)
{
    struct out o = { json, 0 };
    struct vigil_search_result res = { 0, 0 };
    struct vigil_error err;
    int rc;

    if (!cli_store(cli))
        return VIGIL_EXIT_ERROR;
    if (json)
        printf("{\"hits\": [");
    vigil_error_clear(&err);
    rc = vigil_search(cli->store, q, limit, offset, print_hit, &o, &res,
                      &err);
    if (json)
        printf("%s]", o.n ? "\n  " : "");
    if (rc) {
        if (json)
            printf("}\n");
        return cli_error(cli, "%s", err.msg);
    }
    if (json)
        printf(", \"total\": %lld, \"total_capped\": %s, \"offset\": %d}\n",
               res.total, res.total_capped ? "true" : "false", offset);
    else if (!cli->quiet)
        printf("%d shown of %lld%s matches\n", o.n, res.total,
               res.total_capped ? "+" : "");
    return VIGIL_EXIT_OK;
}

int cmd_search(struct cli *cli, int argc, char **argv)
{
    const char *limit_s = NULL, *offset_s = NULL;
    int json = 0, nargs, rc, limit = 20, offset = 0;
    struct cli_opt opts[] = {
        { "--limit", 0, 1, &limit_s, NULL },
        { "--offset", 0, 1, &offset_s, NULL },
        { "--json", 0, 0, NULL, &json },
        { NULL, 0, 0, NULL, NULL },
    };
    struct vigil_buf q = VIGIL_BUF_INIT;
    char **args, fts[VIGIL_SEARCH_QUERY_MAX];

    if ((rc = cli_parse(cli, argc, argv, opts, &args, &nargs)))
        return rc < 0 ? VIGIL_EXIT_OK : rc;
    rc = join_words(args, nargs, &q);
    free(args);
    if (rc)
        rc = cli_error(cli, "out of memory");
    else if (!nargs || !q.len)
        rc = cli_usage(cli, "search needs a QUERY");
    else if ((limit_s && (parse_int(limit_s, 500, &limit) || limit < 1)) ||
             (offset_s && parse_int(offset_s, 1000000, &offset)))
        rc = cli_usage(cli, "--limit takes 1 to 500, --offset 0 or more");
    else if (vigil_search_query(q.ptr, fts, sizeof(fts)) != 0)
        rc = cli_usage(cli, "the query holds no word to search for");
    else
        rc = run_search(cli, q.ptr, limit, offset, json);
    vigil_buf_release(&q);
    return rc;
}
