/*
 * match.c - the match run: components against advisories' affected
 * entries, with each ecosystem's version rules.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/match.h"
#include "vigil/range.h"
#include "vigil/version.h"
#include "../internal.h"

struct match_run {
    struct vigil_store *store;
    struct vigil_match_stats *st;
    struct vigil_error *err;
    struct vigil_arena arena;
    const struct vigil_component_row *comp;
    const char *version;          /* the version compared */
    const char *label;            /* "openssl" or "libssl3 (openssl)" */
    int by_source;
};

/* The ecosystem name without its release: "Debian:12" -> "Debian". */
static size_t base_len(const char *eco)
{
    const char *colon = strchr(eco, ':');

    return colon ? (size_t)(colon - eco) : strlen(eco);
}

/* The release part of an ecosystem ("12" of "Debian:12"), or NULL. */
static const char *eco_release(const char *eco)
{
    const char *colon = eco ? strchr(eco, ':') : NULL;

    return colon && colon[1] ? colon + 1 : NULL;
}

/* The release part of a distro id: "debian-12" -> "12". */
static const char *distro_release(const char *distro)
{
    const char *p;

    if (!distro)
        return NULL;
    if ((p = strchr(distro, ':')))
        return p[1] ? p + 1 : NULL;
    if ((p = strrchr(distro, '-')))
        return p[1] ? p + 1 : NULL;
    return NULL;
}

/* Compares releases up to the end of the shorter "22.04" vs "22.04:LTS" */
static int same_release(const char *a, const char *b)
{
    size_t la = strcspn(a, ":"), lb = strcspn(b, ":");

    return la == lb && strncmp(a, b, la) == 0;
}

int vigil_match_ecosystem(const char *adv_eco, const char *comp_eco,
                          const char *distro)
{
    const char *ar, *cr;
    size_t n;
    char a[64], c[64];

    if (!adv_eco || !comp_eco)
        return 0;
    n = base_len(adv_eco);
    if (n != base_len(comp_eco) || n >= sizeof(a))
        return 0;
    snprintf(a, sizeof(a), "%.*s", (int)n, adv_eco);
    snprintf(c, sizeof(c), "%.*s", (int)n, comp_eco);
    if (vigil__strcasecmp(a, c) != 0)
        return 0;
    if (!(ar = eco_release(adv_eco)))
        return 1;
    cr = eco_release(comp_eco);
    if (!cr)
        cr = distro_release(distro);
    return cr && same_release(ar, cr);
}

static int record(struct match_run *r, const struct vigil_affected_row *row,
                  const struct vigil_scheme *scheme,
                  enum vigil_verdict verdict,
                  const struct vigil_evidence *ev)
{
    struct vigil_match_rec m;
    int is_new = 0, rc;

    memset(&m, 0, sizeof(m));
    m.advisory_id = row->advisory_id;
    m.system_id = r->comp->system_id;
    m.component = r->label;
    m.version = r->version;
    m.affected_id = row->id;
    m.source_id = row->source_id;
    m.scheme = ev->scheme[0] ? ev->scheme : scheme->name;
    m.detail = ev->detail;
    m.fixed = ev->fixed[0] ? ev->fixed : NULL;
    m.confidence = r->by_source ? "exact package (via source package)"
                                : "exact package";
    m.verdict = verdict == VIGIL_VERDICT_AFFECTED ? "affected" : "unknown";
    rc = vigil_store_match_put(r->store, &m, &is_new, r->err);
    if (rc)
        return rc;
    if (verdict == VIGIL_VERDICT_AFFECTED) {
        r->st->affected++;
        r->st->new_matches += is_new;
    } else {
        r->st->unknown++;
    }
    return 0;
}

/* Whether an affected entry's ecosystem fits the component. */
static int applies(struct match_run *r, const struct vigil_affected_row *row)
{
    const struct vigil_component *c = &r->comp->c;
    const char *comp_eco = c->ecosystem;

    if (!row->ecosystem || !comp_eco)
        return 0;
    if (vigil_match_ecosystem(row->ecosystem, comp_eco, c->distro))
        return 1;
    if (vigil_match_ecosystem(row->ecosystem, comp_eco, NULL) == 0 &&
        base_len(row->ecosystem) == base_len(comp_eco) &&
        vigil__strcasecmp(row->ecosystem, comp_eco) != 0)
        r->st->skipped_release++;
    return 0;
}

static int check_candidate(void *ctx, const struct vigil_affected_row *row)
{
    struct match_run *r = ctx;
    const struct vigil_scheme *scheme;
    struct vigil_affected aff;
    struct vigil_evidence ev;
    struct vigil_error e;
    enum vigil_verdict verdict;

    if (row->withdrawn || !applies(r, row))
        return 0;
    r->st->candidates++;
    vigil_arena_reset(&r->arena);
    if (vigil_affected_from_json(row->json, &r->arena, &aff) != 0) {
        vigil_log(VIGIL_LOG_WARN, "cannot read affected entry %lld of '%s'",
                  row->id, row->advisory);
        return 0;
    }
    scheme = vigil_scheme_for_ecosystem(row->ecosystem);
    memset(&ev, 0, sizeof(ev));
    vigil_error_clear(&e);
    if (vigil_affected_check(&aff, scheme, r->version, &verdict, &ev,
                             &e) != 0) {
        vigil_log(VIGIL_LOG_WARN, "cannot check '%s' %s against '%s': %s",
                  r->label, r->version, row->advisory, e.msg);
        return 0;
    }
    if (verdict == VIGIL_VERDICT_NOT_AFFECTED)
        return 0;
    return record(r, row, scheme, verdict, &ev);
}

static int match_component(void *ctx, const struct vigil_component_row *c)
{
    struct match_run *r = ctx;
    char label[512];
    int rc;

    if (!c->name_key || !c->c.version || !*c->c.version)
        return 0;
    r->st->components++;
    r->comp = c;
    r->version = c->c.version;
    r->label = c->c.name;
    r->by_source = 0;
    if ((rc = vigil_store_affected_by_key(r->store, c->name_key,
                                          check_candidate, r)))
        return rc;

    /* distro advisories name source packages, with source versions */
    if (c->src_key && strcmp(c->src_key, c->name_key) != 0) {
        snprintf(label, sizeof(label), "%s (source %s)", c->c.name,
                 c->c.source_name);
        r->label = label;
        r->version = c->c.source_version ? c->c.source_version
                                         : c->c.version;
        r->by_source = 1;
        rc = vigil_store_affected_by_key(r->store, c->src_key,
                                         check_candidate, r);
    }
    return rc;
}

int vigil_match_run(struct vigil_store *s, struct vigil_match_stats *st,
                    struct vigil_error *err)
{
    struct match_run r;
    int rc;

    memset(st, 0, sizeof(*st));
    memset(&r, 0, sizeof(r));
    r.store = s;
    r.st = st;
    r.err = err;
    vigil_arena_init(&r.arena);
    rc = vigil_store_match_begin(s, err);
    if (!rc)
        rc = vigil_store_components(s, 0, match_component, &r);
    if (!rc)
        rc = vigil_store_match_end(s, &st->gone, err);
    vigil_arena_release(&r.arena);
    return rc;
}
