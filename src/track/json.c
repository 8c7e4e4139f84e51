/*
 * json.c - the JSON documents of security updates, shared by
 * vigil show --json and the REST API so both say the same thing.
 */
#include <stdio.h>

#include "vigil/track.h"
#include "../internal.h"

/* Arrays are built by appending: an element after another needs ", ". */
static void next_element(struct vigil_buf *b)
{
    if (b->len && b->ptr[b->len - 1] != '[')
        vigil_buf_adds(b, ", ");
}

static void number_or_null(struct vigil_buf *b, const char *key, int has,
                           double v)
{
    vigil_buf_addf(b, ", \"%s\": ", key);
    if (has)
        vigil_buf_addf(b, "%.1f", v);
    else
        vigil_buf_adds(b, "null");
}

int vigil_track_update_fields_json(struct vigil_buf *b,
                                   const struct vigil_update *u)
{
    char id[32];
    int i;

    snprintf(id, sizeof(id), "VU-%lld", u->id);
    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "id", id, 1);
    vigil_buf_add_json_field(b, "advisory", u->advisory, 0);
    for (i = 0; i < VIGIL_UF_COUNT; i++)
        vigil_buf_add_json_field(b, vigil_uf_name((enum vigil_uf)i), u->f[i],
                                 0);
    vigil_buf_addf(b, ", \"kev\": %s", u->kev ? "true" : "false");
    vigil_buf_add_json_field(b, "created", u->created, 0);
    return vigil_buf_add_json_field(b, "updated", u->updated, 0);
}

int vigil_track_match_json(void *ctx, const char *advisory,
                           const char *system,
                           const struct vigil_match_rec *m)
{
    struct vigil_buf *b = ctx;

    (void)advisory;
    next_element(b);
    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "system", system, 1);
    vigil_buf_add_json_field(b, "component", m->component, 0);
    vigil_buf_add_json_field(b, "version", m->version, 0);
    vigil_buf_add_json_field(b, "verdict", m->verdict, 0);
    vigil_buf_add_json_field(b, "fixed", m->fixed, 0);
    vigil_buf_add_json_field(b, "scheme", m->scheme, 0);
    vigil_buf_add_json_field(b, "evidence", m->detail, 0);
    vigil_buf_add_json_field(b, "source", m->source_id, 0);
    vigil_buf_add_json_field(b, "confidence", m->confidence, 0);
    return vigil_buf_adds(b, "}");
}

static int score_json(void *ctx, const struct vigil_score_row *r)
{
    struct vigil_buf *b = ctx;

    next_element(b);
    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "source", r->source, 1);
    vigil_buf_add_json_field(b, "type", r->type, 0);
    vigil_buf_add_json_field(b, "version", r->version, 0);
    vigil_buf_add_json_field(b, "vector", r->vector, 0);
    vigil_buf_add_json_field(b, "format", r->format, 0);
    number_or_null(b, "published", r->has_published, r->published);
    number_or_null(b, "computed", r->has_computed, r->computed);
    return vigil_buf_addf(b, ", \"mismatch\": %s}",
                          r->mismatch ? "true" : "false");
}

static int history_json(void *ctx, const struct vigil_history *h)
{
    struct vigil_buf *b = ctx;

    next_element(b);
    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "time", h->time, 1);
    vigil_buf_add_json_field(b, "actor", h->actor, 0);
    vigil_buf_add_json_field(b, "field", h->field, 0);
    vigil_buf_add_json_field(b, "old", h->old_value, 0);
    vigil_buf_add_json_field(b, "new", h->new_value, 0);
    vigil_buf_add_json_field(b, "reason", h->reason, 0);
    return vigil_buf_adds(b, "}");
}

struct doc {
    struct vigil_store *store;
    struct vigil_buf *b;
};

static int update_doc(void *ctx, const struct vigil_update *u)
{
    struct doc *d = ctx;
    int rc;

    vigil_track_update_fields_json(d->b, u);
    vigil_buf_adds(d->b, ", \"affected\": [");
    rc = vigil_store_matches(d->store, u->advisory_id,
                             vigil_track_match_json, d->b);
    vigil_buf_adds(d->b, "], \"scores\": [");
    if (!rc)
        rc = vigil_store_scores(d->store, u->advisory_id, score_json, d->b);
    vigil_buf_adds(d->b, "], \"history\": [");
    if (!rc)
        rc = vigil_store_history(d->store, u->id, history_json, d->b);
    vigil_buf_adds(d->b, "]}");
    return rc;
}

int vigil_track_update_json(struct vigil_store *s, long long id,
                            struct vigil_buf *out)
{
    struct doc d = { s, out };

    return vigil_store_update_get(s, id, update_doc, &d);
}
