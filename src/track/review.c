/*
 * review.c - the weekly review agenda, grouped by owner.
 *
 * Updates come from the store most urgent first; each goes into the
 * buckets it belongs to (an overdue new item is both to triage and
 * overdue), and each owner's buckets are written as one JSON object.
 */
#include <stdlib.h>
#include <string.h>

#include "vigil/track.h"
#include "../internal.h"

enum bucket { B_TRIAGE, B_DUE_SOON, B_OVERDUE, B_RISK, B_VERIFY, B_COUNT };

static const char *const bucket_names[B_COUNT] = {
    "triage", "due_soon", "overdue", "risk_expiring", "verify",
};

struct owner {
    char *name;
    struct vigil_buf b[B_COUNT];    /* JSON items, comma-separated */
};

struct review {
    struct owner *owners;
    size_t n;
    char today[16], week[16], fortnight[16];
    int failed;
};

static struct owner *owner_for(struct review *r, const char *name)
{
    struct owner *o;
    size_t i;

    name = name ? name : "(unassigned)";
    for (i = 0; i < r->n; i++)
        if (strcmp(r->owners[i].name, name) == 0)
            return &r->owners[i];
    o = realloc(r->owners, (r->n + 1) * sizeof(*o));
    if (!o)
        return NULL;
    r->owners = o;
    o = &r->owners[r->n];
    memset(o, 0, sizeof(*o));
    if (!(o->name = strdup(name)))
        return NULL;
    r->n++;
    return o;
}

static void item(struct vigil_buf *b, const struct vigil_update *u)
{
    static const enum vigil_uf fields[] = {
        VIGIL_UF_TITLE, VIGIL_UF_PRIORITY, VIGIL_UF_STATUS, VIGIL_UF_DUE,
        VIGIL_UF_SYSTEMS, VIGIL_UF_RISK_UNTIL,
    };
    size_t i;

    vigil_buf_addf(b, "%s{\"id\": \"VU-%lld\", \"advisory\": ",
                   b->len ? ", " : "", u->id);
    vigil_buf_add_json_str(b, u->advisory);
    for (i = 0; i < VIGIL_ARRAY_SIZE(fields); i++) {
        vigil_buf_addf(b, ", \"%s\": ", vigil_uf_name(fields[i]));
        if (u->f[fields[i]])
            vigil_buf_add_json_str(b, u->f[fields[i]]);
        else
            vigil_buf_adds(b, "null");
    }
    vigil_buf_adds(b, "}");
}

static int sort_one(void *ctx, const struct vigil_update *u)
{
    struct review *r = ctx;
    const char *st = u->f[VIGIL_UF_STATUS], *due = u->f[VIGIL_UF_DUE];
    const char *until = u->f[VIGIL_UF_RISK_UNTIL];
    int open = strcmp(st, "new") == 0 || strcmp(st, "triaged") == 0 ||
               strcmp(st, "in_progress") == 0 ||
               strcmp(st, "remediated") == 0;
    struct owner *o = owner_for(r, u->f[VIGIL_UF_ASSIGNEE]);

    if (!o) {
        r->failed = 1;
        return VIGIL_ENOMEM;
    }
    if (strcmp(st, "new") == 0)
        item(&o->b[B_TRIAGE], u);
    if (open && due && strcmp(due, r->today) < 0)
        item(&o->b[B_OVERDUE], u);
    else if (open && due && strcmp(due, r->week) <= 0)
        item(&o->b[B_DUE_SOON], u);
    if (strcmp(st, "risk_accepted") == 0 && until &&
        strcmp(until, r->fortnight) <= 0)
        item(&o->b[B_RISK], u);
    if (strcmp(st, "remediated") == 0)
        item(&o->b[B_VERIFY], u);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct owner *)a)->name,
                  ((const struct owner *)b)->name);
}

int vigil_track_review(struct vigil_store *s, struct vigil_buf *out,
                       struct vigil_error *err)
{
    struct review r;
    time_t now = vigil_now();
    size_t i, k;
    int rc, first = 1;

    memset(&r, 0, sizeof(r));
    vigil_date_format(now, r.today, sizeof(r.today));
    vigil_date_format(now + 7 * 86400, r.week, sizeof(r.week));
    vigil_date_format(now + 14 * 86400, r.fortnight, sizeof(r.fortnight));
    rc = vigil_store_updates(s, sort_one, &r);
    if (!rc)
        qsort(r.owners, r.n, sizeof(*r.owners), by_name);
    vigil_buf_addf(out, "{\"date\": \"%s\", \"owners\": [", r.today);
    for (i = 0; !rc && i < r.n; i++) {
        struct owner *o = &r.owners[i];
        int any = 0;

        for (k = 0; k < B_COUNT; k++)
            any |= o->b[k].len > 0;
        if (!any)
            continue;
        vigil_buf_adds(out, first ? "{\"owner\": " : ", {\"owner\": ");
        vigil_buf_add_json_str(out, o->name);
        for (k = 0; k < B_COUNT; k++)
            vigil_buf_addf(out, ", \"%s\": [%s]", bucket_names[k],
                           o->b[k].ptr ? o->b[k].ptr : "");
        vigil_buf_adds(out, "}");
        first = 0;
    }
    vigil_buf_adds(out, "]}");
    for (i = 0; i < r.n; i++) {
        free(r.owners[i].name);
        for (k = 0; k < B_COUNT; k++)
            vigil_buf_release(&r.owners[i].b[k]);
    }
    free(r.owners);
    if (rc)
        return vigil_error_set(err, rc, 0, "cannot build the review: %s",
                               vigil_strerror(rc));
    return 0;
}
