/*
 * match.c - the match run: components against advisories' affected
 * entries, with each ecosystem's version rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cpe.h"
#include "vigil/match.h"
#include "vigil/range.h"
#include "vigil/version.h"
#include "../internal.h"

struct cpe_sys;

struct match_run {
    struct vigil_store *store;
    struct vigil_match_opts opts;
    struct cpe_sys *cpe;
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

/* Compares releases: "22.04" and "22.04:LTS", "v3.19" and "3.19". */
static int same_release(const char *a, const char *b)
{
    size_t la, lb;

    a += *a == 'v';
    b += *b == 'v';
    la = strcspn(a, ":");
    lb = strcspn(b, ":");

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

/*
 * A VEX statement (a CSAF known_not_affected status with its
 * justification) about this very version is kept as a "not_affected"
 * match: tracking turns it into a decision when it covers every
 * affected component of the advisory.
 */
static int vex_statement(struct match_run *r,
                         const struct vigil_affected_row *row,
                         const struct vigil_affected *aff,
                         const struct vigil_scheme *scheme)
{
    struct vigil_match_rec m;
    char detail[512];
    size_t i;

    if (strcmp(row->format, "csaf") != 0)
        return 0;
    for (i = 0; i < aff->nranges; i++) {
        const struct vigil_range *g = &aff->ranges[i];

        if (!g->status || strcmp(g->status, "unaffected") != 0 ||
            !g->exact || strcmp(g->exact, r->version) != 0)
            continue;
        snprintf(detail, sizeof(detail), "VEX %s: not affected%s%s",
                 row->source_id, g->justification ? ": " : "",
                 g->justification ? g->justification : "");
        memset(&m, 0, sizeof(m));
        m.advisory_id = row->advisory_id;
        m.system_id = r->comp->system_id;
        m.component = r->label;
        m.version = r->version;
        m.affected_id = row->id;
        m.source_id = row->source_id;
        m.scheme = scheme->name;
        m.detail = detail;
        m.confidence = "vendor statement";
        m.verdict = "not_affected";
        return vigil_store_match_put(r->store, &m, NULL, r->err);
    }
    return 0;
}

/* Whether an affected entry's ecosystem fits the component. */
static int applies(struct match_run *r, const struct vigil_affected_row *row)
{
    const struct vigil_component *c = &r->comp->c;
    const char *comp_eco = c->ecosystem;
    char base[64];

    if (!row->ecosystem || !comp_eco)
        return 0;
    if (vigil_match_ecosystem(row->ecosystem, comp_eco, c->distro))
        return 1;

    /* the same ecosystem for a release the component does not know */
    snprintf(base, sizeof(base), "%.*s", (int)base_len(row->ecosystem),
             row->ecosystem);
    if (vigil_match_ecosystem(row->ecosystem, comp_eco, NULL) == 0 &&
        vigil_match_ecosystem(base, comp_eco, NULL) &&
        !eco_release(comp_eco) && !distro_release(c->distro))
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
        return vex_statement(r, row, &aff, scheme);
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

/* ---- CPE matching (NVD configurations) ---- */

#define MAX_INV_CPES 4096
#define MAX_CANDIDATES 4096

/* The OS CPE that a distro id implies, so NVD platform nodes can hold. */
static const struct {
    const char *prefix;       /* distro id up to the release */
    const char *vendor_product;
} os_cpes[] = {
    { "debian-", "debian:debian_linux" },
    { "ubuntu-", "canonical:ubuntu_linux" },
    { "rhel-", "redhat:enterprise_linux" },
    { "alpine-", "alpinelinux:alpine_linux" },
};

struct cpe_sys {
    struct match_run *r;
    long long system_id;
    const char *distro;
    struct vigil_cpe *inv;            /* the system's CPE names */
    long long *inv_comp;              /* which component gave each, 0 for
                                         the OS */
    char **inv_label;
    char **inv_version;
    size_t ninv;
    struct vigil_cpe *view;           /* inventory as one item sees it */
    long long cand[MAX_CANDIDATES];   /* advisories to evaluate */
    size_t ncand;
};

struct cpe_entries {
    struct vigil_arena *arena;
    struct vigil_affected *e;
    size_t n, cap;
    long long first_row;
    const char *source_id;
    int withdrawn;
};

static void add_inventory_cpe(struct cpe_sys *cs, const char *cpe,
                              long long comp, const char *label,
                              const char *version)
{
    struct vigil_error e;

    if (cs->ninv == MAX_INV_CPES ||
        vigil_cpe_parse(cpe, &cs->inv[cs->ninv], &e) != 0)
        return;
    cs->inv_comp[cs->ninv] = comp;
    cs->inv_label[cs->ninv] = vigil_arena_strdup(&cs->r->arena, label);
    cs->inv_version[cs->ninv] = vigil_arena_strdup(&cs->r->arena, version);
    cs->ninv++;
}

static int add_candidate(void *ctx, const struct vigil_affected_row *row)
{
    struct cpe_sys *cs = ctx;
    size_t i;

    if (row->withdrawn)
        return 0;
    for (i = 0; i < cs->ncand; i++)
        if (cs->cand[i] == row->advisory_id)
            return 0;
    /* LIMIT: at most 4096 advisories per system are weighed by CPE; the
     * rest wait for the next run. See docs/LIMITS.md#cpe-candidates. */
    if (cs->ncand < MAX_CANDIDATES)
        cs->cand[cs->ncand++] = row->advisory_id;
    return 0;
}

static int inventory_cpe(void *ctx, const struct vigil_component_row *c)
{
    struct cpe_sys *cs = ctx;

    if (!c->c.cpe || (c->c.ecosystem && !cs->r->opts.cpe_for_packages))
        return 0;
    cs->r->st->cpe_checked++;
    add_inventory_cpe(cs, c->c.cpe, c->id, c->c.name, c->c.version);
    return 0;
}

static int same_product(const struct vigil_cpe *a, const struct vigil_cpe *b)
{
    return strcmp(a->value[VIGIL_CPE_VENDOR], b->value[VIGIL_CPE_VENDOR]) ==
               0 &&
           strcmp(a->value[VIGIL_CPE_PRODUCT], b->value[VIGIL_CPE_PRODUCT]) ==
               0;
}

/*
 * The inventory as item i sees it: item i itself, and every other name
 * of another product (platforms such as the OS).  So a vulnerable entry
 * can only hold through item i, and the match is item i's.
 */
static size_t view_for(struct cpe_sys *cs, size_t i)
{
    size_t j, n = 0;

    cs->view[n++] = cs->inv[i];
    for (j = 0; j < cs->ninv; j++)
        if (j != i && !same_product(&cs->inv[i], &cs->inv[j]))
            cs->view[n++] = cs->inv[j];
    return n;
}

/*
 * Collects an advisory's CPE entries, prefixing each node path with its
 * source record so that configurations of different sources never mix;
 * an entry without a node (CVE 5 cpes) is a configuration of its own.
 */
static int collect_entry(void *ctx, const struct vigil_affected_row *row)
{
    struct cpe_entries *ce = ctx;
    struct vigil_affected *a;

    if (ce->n == ce->cap) {
        size_t cap = ce->cap ? ce->cap * 2 : 16;
        struct vigil_affected *e = vigil_arena_calloc(ce->arena, cap,
                                                      sizeof(*e));

        if (!e)
            return VIGIL_ENOMEM;
        if (ce->n)
            memcpy(e, ce->e, ce->n * sizeof(*e));
        ce->e = e;
        ce->cap = cap;
    }
    a = &ce->e[ce->n];
    if (vigil_affected_from_json(row->json, ce->arena, a) != 0)
        return 0;
    a->node = a->node ? vigil_arena_printf(ce->arena, "%s:%s", row->source_id,
                                           a->node)
                      : vigil_arena_printf(ce->arena, "%s:%lld/0",
                                           row->source_id, row->id);
    if (!ce->n) {
        ce->first_row = row->id;
        ce->source_id = vigil_arena_strdup(ce->arena, row->source_id);
    }
    ce->withdrawn |= row->withdrawn;
    ce->n++;
    return 0;
}

static int evaluate_advisory(struct cpe_sys *cs, size_t item, long long adv)
{
    struct match_run *r = cs->r;
    struct cpe_entries ce;
    struct vigil_evidence ev;
    struct vigil_error e;
    struct vigil_match_rec m;
    enum vigil_verdict verdict;
    size_t nview;
    int rc, is_new = 0;

    memset(&ce, 0, sizeof(ce));
    ce.arena = &r->arena;
    if ((rc = vigil_store_affected_cpes_of(r->store, adv, collect_entry,
                                           &ce)) || ce.n == 0)
        return rc;
    nview = view_for(cs, item);
    memset(&ev, 0, sizeof(ev));
    vigil_error_clear(&e);
    if (vigil_nvd_config_eval(ce.e, ce.n, cs->view, nview,
                              vigil_scheme_get("generic"), &verdict, &ev,
                              &e) != 0 ||
        verdict == VIGIL_VERDICT_NOT_AFFECTED)
        return 0;
    memset(&m, 0, sizeof(m));
    m.advisory_id = adv;
    m.system_id = cs->system_id;
    m.component = cs->inv_label[item];
    m.version = cs->inv_version[item];
    m.affected_id = ce.first_row;
    m.source_id = ce.source_id;
    m.scheme = ev.scheme[0] ? ev.scheme : "generic";
    m.detail = ev.detail;
    m.fixed = ev.fixed[0] ? ev.fixed : NULL;
    m.confidence = "cpe only";
    m.verdict = verdict == VIGIL_VERDICT_AFFECTED ? "affected" : "unknown";
    if ((rc = vigil_store_match_put(r->store, &m, &is_new, r->err)))
        return rc;
    if (verdict == VIGIL_VERDICT_AFFECTED) {
        r->st->affected++;
        r->st->new_matches += is_new;
    } else {
        r->st->unknown++;
    }
    return 0;
}

static void add_os_cpe(struct cpe_sys *cs)
{
    char cpe[160];
    size_t i, n;

    for (i = 0; cs->distro && i < VIGIL_ARRAY_SIZE(os_cpes); i++) {
        n = strlen(os_cpes[i].prefix);
        if (strncmp(cs->distro, os_cpes[i].prefix, n) != 0)
            continue;
        snprintf(cpe, sizeof(cpe), "cpe:2.3:o:%s:%s:*:*:*:*:*:*:*",
                 os_cpes[i].vendor_product, cs->distro + n);
        add_inventory_cpe(cs, cpe, 0, cs->distro, cs->distro + n);
    }
}

static int match_system_cpes(void *ctx, const struct vigil_system *sys)
{
    struct match_run *r = ctx;
    struct cpe_sys *cs = r->cpe;
    size_t i, k, ncomp;
    int rc;

    cs->system_id = sys->id;
    cs->distro = sys->distro;
    cs->ninv = 0;
    vigil_arena_reset(&r->arena);
    if ((rc = vigil_store_components(r->store, sys->id, inventory_cpe, cs)))
        return rc;
    ncomp = cs->ninv;
    if (ncomp == 0)
        return 0;
    add_os_cpe(cs);
    for (i = 0; i < ncomp && !rc; i++) {
        cs->ncand = 0;
        rc = vigil_store_affected_by_cpe(
            r->store, cs->inv[i].value[VIGIL_CPE_VENDOR],
            cs->inv[i].value[VIGIL_CPE_PRODUCT], add_candidate, cs);
        for (k = 0; k < cs->ncand && !rc; k++)
            rc = evaluate_advisory(cs, i, cs->cand[k]);
    }
    return rc;
}

static int match_cpes(struct match_run *r)
{
    struct cpe_sys *cs = calloc(1, sizeof(*cs));
    int rc = VIGIL_ENOMEM;

    if (!cs)
        return rc;
    cs->r = r;
    cs->inv = calloc(MAX_INV_CPES, sizeof(*cs->inv));
    cs->inv_comp = calloc(MAX_INV_CPES, sizeof(*cs->inv_comp));
    cs->inv_label = calloc(MAX_INV_CPES, sizeof(*cs->inv_label));
    cs->inv_version = calloc(MAX_INV_CPES, sizeof(*cs->inv_version));
    cs->view = calloc(MAX_INV_CPES, sizeof(*cs->view));
    if (cs->inv && cs->inv_comp && cs->inv_label && cs->inv_version &&
        cs->view) {
        r->cpe = cs;
        rc = vigil_store_systems(r->store, match_system_cpes, r);
        r->cpe = NULL;
    }
    free(cs->inv);
    free(cs->inv_comp);
    free(cs->inv_label);
    free(cs->inv_version);
    free(cs->view);
    free(cs);
    return rc;
}

int vigil_match_run(struct vigil_store *s, const struct vigil_match_opts *o,
                    struct vigil_match_stats *st, struct vigil_error *err)
{
    struct match_run r;
    int rc;

    memset(st, 0, sizeof(*st));
    memset(&r, 0, sizeof(r));
    r.store = s;
    r.st = st;
    r.err = err;
    if (o)
        r.opts = *o;
    vigil_arena_init(&r.arena);
    rc = vigil_store_match_begin(s, err);
    if (!rc)
        rc = vigil_store_components(s, 0, match_component, &r);
    if (!rc)
        rc = match_cpes(&r);
    if (!rc)
        rc = vigil_store_match_end(s, &st->gone, err);
    vigil_arena_release(&r.arena);
    return rc;
}
