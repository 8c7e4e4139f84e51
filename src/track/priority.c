/*
 * priority.c - feeds an update's inputs to the priority policy and
 * writes update events.
 *
 * The policy itself (src/score/policy.c) is a pure function; this file
 * gathers what it needs from the store: every score of the advisory,
 * for the policy to choose the one that drives priority, and the
 * criticality and environment of the affected systems.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "track_int.h"
#include "../internal.h"

#define MAX_SCORES 64

struct score_list {
    struct vigil_arena *arena;
    struct vigil_score s[MAX_SCORES];
    size_t n;
};

static int add_score(void *ctx, const struct vigil_score_row *r)
{
    struct score_list *l = ctx;
    struct vigil_score *sc;

    /* LIMIT: only the first 64 scores of an advisory are weighed; the
     * rest do not drive priority. See docs/LIMITS.md#score-selection-cap.
     */
    if (l->n == MAX_SCORES)
        return 0;
    sc = &l->s[l->n++];
    memset(sc, 0, sizeof(*sc));
    sc->source = vigil_arena_strdup(l->arena, r->source);
    sc->type = vigil_arena_strdup(l->arena, r->type);
    sc->version = vigil_arena_strdup(l->arena, r->version);
    sc->vector = vigil_arena_strdup(l->arena, r->vector);
    sc->published = r->published;
    sc->has_published = r->has_published;
    return 0;
}

static void join_reason(struct vigil__priority *out, const char *text)
{
    size_t n = strlen(out->reason);

    snprintf(out->reason + n, sizeof(out->reason) - n, "%s%s",
             n ? "; " : "", text);
}

static time_t parse_or_zero(const char *s)
{
    time_t t;

    return (s && vigil_time_parse(s, &t) == 0) ? t : 0;
}

int vigil__track_priority(struct vigil_store *s, const struct vigil_policy *p,
                          const struct vigil_update_input *in,
                          const char *identified,
                          struct vigil__priority *out)
{
    struct vigil_policy_input pin;
    struct vigil_policy_result res;
    struct vigil_score_choice choice;
    struct vigil_arena arena;
    struct score_list scores;
    size_t i;
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&pin, 0, sizeof(pin));
    vigil_arena_init(&arena);
    scores.arena = &arena;
    scores.n = 0;
    if ((rc = vigil_store_scores(s, in->advisory_id, add_score, &scores)))
        goto done;
    if (vigil_policy_select_score(p, scores.s, scores.n, &choice) == 0) {
        out->has_choice = 1;
        out->choice = choice;
        snprintf(out->choice_source, sizeof(out->choice_source), "%s",
                 scores.s[choice.index].source ? scores.s[choice.index].source
                                               : "");
        snprintf(out->choice_vector, sizeof(out->choice_vector), "%s",
                 scores.s[choice.index].vector ? scores.s[choice.index].vector
                                               : "");
        pin.has_cvss = 1;
        pin.cvss = choice.score;
        pin.cvss_version = choice.version;
        join_reason(out, choice.reason);
    }
    pin.kev = in->kev;
    pin.kev_ransomware = in->kev_ransomware;
    pin.kev_due = parse_or_zero(in->kev_due);
    pin.has_epss = in->has_epss;
    pin.epss = in->epss;
    pin.has_percentile = in->has_epss;
    pin.percentile = in->epss_percentile;
    if (!in->max_criticality ||
        vigil_criticality_from_name(in->max_criticality, &pin.criticality))
        pin.criticality = VIGIL_CRITICALITY_UNKNOWN;
    pin.production = in->production;
    pin.identified = identified ? parse_or_zero(identified) : vigil_now();
    if (!pin.identified)
        pin.identified = vigil_now();
    if ((rc = vigil_policy_evaluate(p, &pin, &res)))
        goto done;

    out->in = pin;
    out->res = res;
    out->priority = vigil_priority_name(res.priority);
    for (i = 0; i < res.nreasons; i++)
        join_reason(out, res.reasons[i]);
    vigil_date_format(res.due, out->due, sizeof(out->due));
done:
    vigil_arena_release(&arena);
    return rc;
}

int vigil__track_event(struct vigil_store *s, const char *type,
                       long long id, const struct vigil_update_input *in,
                       const char *priority, struct vigil_error *err)
{
    struct vigil_buf d = VIGIL_BUF_INIT;
    int rc;

    vigil_buf_addf(&d, "{\"update\": \"VU-%lld\", \"advisory\": ", id);
    vigil_buf_add_json_str(&d, in->advisory);
    vigil_buf_adds(&d, ", \"priority\": ");
    vigil_buf_add_json_str(&d, priority);
    vigil_buf_adds(&d, ", \"kev\": ");
    vigil_buf_adds(&d, in->kev ? "true" : "false");
    vigil_buf_adds(&d, ", \"systems\": ");
    vigil_buf_add_json_str(&d, in->systems);
    vigil_buf_adds(&d, "}");
    rc = vigil_store_event_add(s, type, "vigil.track", d.ptr, err);
    vigil_buf_release(&d);
    return rc;
}
