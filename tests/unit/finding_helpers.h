/*
 * finding_helpers.h - what the finding tests share: a sink that copies
 * what the parsers deliver (strings are borrowed only for the length of
 * the callback) and checks every finding for the invariants the store
 * relies on, and a way to parse a file or a string into it.
 *
 * File listing and ../shared/data lookup come from feed_helpers.h.
 */
#ifndef VIGIL_FINDING_HELPERS_H
#define VIGIL_FINDING_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/buf.h"
#include "vigil/finding.h"
#include "feed_helpers.h"

#define SNAP_MAX 32

/* One finding, copied. */
struct fsnap {
    char id[200];
    char format[8];
    char tool[64];
    char product_arn[128];
    char title[200];
    char description[400];
    size_t desc_len;          /* of the whole description */
    char desc_tail[4];        /* its last three bytes */
    char rule_id[160];
    char label[16];
    char level[16];
    char status[16];
    char supp_kind[16];
    char compliance[16];
    char record_state[16];
    char kind[16];
    char created[24];
    char updated[24];
    char first_seen[24];
    char last_seen[24];
    char location[200];
    int has_severity;
    double severity;
    int suppressed;
    char cves[8][24];
    size_t ncves;
    char res_type[4][32];
    char res_id[4][160];
    char res_region[4][16];
    char res_partition[4][16];
    size_t nres;
};

struct fcollect {
    size_t n;                 /* findings delivered */
    size_t nerr;              /* findings rejected */
    size_t nunsound;          /* findings that break an invariant */
    struct fsnap snap[SNAP_MAX];
    char **ids;               /* every id, in order (strdup) */
    char **titles;            /* every title or "" (strdup) */
    int last_code;
    char last_record[128];
    char last_msg[512];
    char records[512];        /* rejected records joined with ' ' */
    size_t stop_after;        /* stop after that many; 0: never */
};

static inline void cp(char *dst, size_t n, const char *s)
{
    snprintf(dst, n, "%s", s ? s : "");
}

#define CP(dst, s) cp((dst), sizeof(dst), (s))

static inline int is_label(const char *s)
{
    static const char *const labels[] = {
        "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"
    };
    size_t i;

    for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(s, labels[i]) == 0)
            return 1;
    return 0;
}

/* "CVE-" 4 digits "-" 4 or more digits, upper case, nothing else. */
static inline int is_cve_id(const char *s)
{
    size_t i, n = strlen(s);

    if (n < 13 || strncmp(s, "CVE-", 4) != 0 || s[8] != '-')
        return 0;
    for (i = 4; i < n; i++)
        if (i != 8 && (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

static inline int finding_is_sound(const struct vigil_finding *f)
{
    cJSON *raw;
    size_t i, k;
    int ok;

    if (!f->id || !f->id[0] || !f->format || !f->raw ||
        f->raw_len != strlen(f->raw) ||
        (strcmp(f->format, "asff") != 0 && strcmp(f->format, "sarif") != 0))
        return 0;
    if (f->has_severity && strcmp(f->format, "sarif") == 0 &&
        !(f->severity >= 0 && f->severity <= 10))
        return 0;
    if (f->severity_label && strcmp(f->format, "sarif") == 0 &&
        !is_label(f->severity_label))
        return 0;
    if ((f->nresources && !f->resources) || (f->ncves && !f->cves) ||
        f->ncves > 512)
        return 0;
    for (i = 0; i < f->ncves; i++) {
        if (!is_cve_id(f->cves[i]))
            return 0;
        for (k = 0; k < i; k++)
            if (strcmp(f->cves[i], f->cves[k]) == 0)
                return 0;
    }
    raw = cJSON_Parse(f->raw);
    ok = cJSON_IsObject(raw);
    cJSON_Delete(raw);
    return ok;
}

static inline void snap_resources(struct fsnap *s,
                                  const struct vigil_finding *f)
{
    size_t i;

    s->nres = f->nresources;
    for (i = 0; i < f->nresources && i < 4; i++) {
        CP(s->res_type[i], f->resources[i].type);
        CP(s->res_id[i], f->resources[i].id);
        CP(s->res_region[i], f->resources[i].region);
        CP(s->res_partition[i], f->resources[i].partition);
    }
}

static inline void snap_take(struct fsnap *s, const struct vigil_finding *f)
{
    size_t i;

    CP(s->id, f->id);
    CP(s->format, f->format);
    CP(s->tool, f->tool);
    CP(s->product_arn, f->product_arn);
    CP(s->title, f->title);
    CP(s->description, f->description);
    s->desc_len = f->description ? strlen(f->description) : 0;
    CP(s->desc_tail, s->desc_len >= 3 ? f->description + s->desc_len - 3
                                      : f->description);
    CP(s->rule_id, f->rule_id);
    CP(s->label, f->severity_label);
    CP(s->level, f->level);
    CP(s->status, f->status);
    CP(s->supp_kind, f->suppression_kind);
    CP(s->compliance, f->compliance);
    CP(s->record_state, f->record_state);
    CP(s->kind, f->kind);
    CP(s->created, f->created);
    CP(s->updated, f->updated);
    CP(s->first_seen, f->first_seen);
    CP(s->last_seen, f->last_seen);
    CP(s->location, f->location);
    s->has_severity = f->has_severity;
    s->severity = f->severity;
    s->suppressed = f->suppressed;
    s->ncves = f->ncves;
    for (i = 0; i < f->ncves && i < 8; i++)
        CP(s->cves[i], f->cves[i]);
    snap_resources(s, f);
}

static inline int fc_finding(void *ctx, const struct vigil_finding *f)
{
    struct fcollect *c = ctx;

    if (!finding_is_sound(f)) {
        fprintf(stderr, "unsound finding '%s'\n", f->id ? f->id : "?");
        c->nunsound++;
    }
    if (c->n < SNAP_MAX)
        snap_take(&c->snap[c->n], f);
    c->ids = realloc(c->ids, (c->n + 1) * sizeof(*c->ids));
    c->titles = realloc(c->titles, (c->n + 1) * sizeof(*c->titles));
    if (!c->ids || !c->titles)
        abort();
    c->ids[c->n] = strdup(f->id ? f->id : "");
    c->titles[c->n] = strdup(f->title ? f->title : "");
    c->n++;
    if (c->stop_after && c->n >= c->stop_after)
        return -100;
    return 0;
}

static inline void fc_error(void *ctx, const struct vigil_error *err)
{
    struct fcollect *c = ctx;
    size_t n = strlen(c->records);

    c->nerr++;
    c->last_code = err->code;
    CP(c->last_record, err->record);
    CP(c->last_msg, err->msg);
    snprintf(c->records + n, sizeof(c->records) - n, "%s%s",
             n ? " " : "", err->record);
}

static inline struct vigil_finding_sink fc_sink(struct fcollect *c)
{
    struct vigil_finding_sink s;

    memset(c, 0, sizeof(*c));
    s.on_finding = fc_finding;
    s.on_error = fc_error;
    s.ctx = c;
    return s;
}

static inline void fc_free(struct fcollect *c)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        free(c->ids[i]);
        free(c->titles[i]);
    }
    free(c->ids);
    free(c->titles);
    c->ids = c->titles = NULL;
}

/* Whether every id is different (sorts a copy of the list). */
static inline int fc_ids_unique(const struct fcollect *c)
{
    char **v = malloc((c->n + 1) * sizeof(*v));
    size_t i;
    int ok = 1;

    if (!v)
        abort();
    if (c->n) {
        memcpy(v, c->ids, c->n * sizeof(*v));
        qsort(v, c->n, sizeof(*v), by_str);
    }
    for (i = 1; i < c->n; i++)
        if (strcmp(v[i - 1], v[i]) == 0)
            ok = 0;
    free(v);
    return ok;
}

/* Reads path into b; 0 or the read error. */
static inline int read_whole(const char *path, struct vigil_buf *b)
{
    vigil_buf_reset(b);
    return vigil_buf_read_file(b, path, (size_t)64 << 20, NULL);
}

/* Parses the file at path as fmt into c (reset first). */
static inline int fc_parse_path(const char *path, enum vigil_format fmt,
                                struct fcollect *c, struct vigil_error *err)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_finding_sink sink = fc_sink(c);
    int rc = read_whole(path, &b);

    if (rc == 0)
        rc = vigil_finding_parse(fmt, b.ptr, b.len, path, &sink, err);
    vigil_buf_release(&b);
    return rc;
}

/* The snapshot with that id, or NULL. */
static inline const struct fsnap *fc_find(const struct fcollect *c,
                                          const char *id)
{
    size_t i;

    for (i = 0; i < c->n && i < SNAP_MAX; i++)
        if (strcmp(c->snap[i].id, id) == 0)
            return &c->snap[i];
    return NULL;
}

#endif
