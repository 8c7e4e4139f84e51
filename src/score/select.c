/*
 * select.c - chooses, among all CVSS scores the sources of one
 * advisory publish, the one that drives its priority, and says why.
 * Scores are recomputed from their vectors, so a source that filed a
 * temporal score as base score does not decide the choice.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil/policy.h"
#include "../internal.h"

enum source_class { CLASS_CNA, CLASS_ADP, CLASS_NVD, CLASS_COUNT };

static const char *const class_names[CLASS_COUNT] = { "cna", "adp", "nvd" };

/* Rank of each class under each preference, 0 best. */
static const int class_rank[3][CLASS_COUNT] = {
    [VIGIL_SCORE_SOURCE_CNA] = { 0, 1, 2 },
    [VIGIL_SCORE_SOURCE_NVD] = { 1, 2, 0 },
    [VIGIL_SCORE_SOURCE_ANY] = { 0, 0, 0 },
};

struct candidate {
    size_t index;
    enum source_class cls;
    int rank;
    int version;
    long tenths;
    double score;
    double base;            /* what a published base score should be */
    int recomputed;
    int mismatch;
};

static int contains_nocase(const char *s, const char *word)
{
    size_t n = strlen(word), i, j;

    for (i = 0; s && s[i]; i++) {
        for (j = 0; j < n; j++)
            if (vigil__tolower((unsigned char)s[i + j]) != word[j])
                break;
        if (j == n)
            return 1;
    }
    return 0;
}

/*
 * NVD labels its own scores Primary and the CNA's it shows Secondary;
 * CVE records say cna or adp; other sources (OSV, vendor CSAF) are the
 * vendor's word.
 */
static enum source_class classify(const struct vigil_score *s)
{
    const char *t = s->type;

    if (t && (vigil__strcasecmp(t, "cna") == 0
              || vigil__strcasecmp(t, "Secondary") == 0))
        return CLASS_CNA;
    if (t && vigil__strcasecmp(t, "adp") == 0)
        return CLASS_ADP;
    if (t && vigil__strcasecmp(t, "Primary") == 0)
        return CLASS_NVD;
    if (contains_nocase(s->source, "nvd"))
        return CLASS_NVD;
    if (contains_nocase(s->source, "adp"))
        return CLASS_ADP;
    return CLASS_CNA;
}

/* Fills c from s; returns 0 when s has no usable score. */
static int read_candidate(const struct vigil_score *s, size_t i,
                          struct candidate *c)
{
    struct vigil_cvss v;
    int hint = vigil_cvss_version_from_string(s->version);
    int rc = -1;

    memset(c, 0, sizeof(*c));
    c->index = i;
    c->cls = classify(s);
    if (s->vector && s->has_published)
        rc = vigil_cvss_check_published(s->vector, hint ? s->version : NULL,
                                        s->published, &v, &c->mismatch,
                                        NULL);
    else if (s->vector)
        rc = vigil_cvss_parse_as(s->vector, hint, VIGIL_CVSS_LENIENT, &v,
                                 NULL);
    if (rc == 0) {
        c->version = v.version;
        c->score = v.score;
        c->base = v.version == VIGIL_CVSS_V40 ? v.score : v.base;
        c->recomputed = 1;
    } else if (s->has_published && hint && s->published >= 0.0
               && s->published <= 10.0) {
        c->version = hint;
        c->score = s->published;
    } else {
        return 0;
    }
    c->tenths = lround(c->score * 10);
    return 1;
}

static int better(const struct vigil_policy *p, const struct candidate *a,
                  const struct candidate *b)
{
    if (a->rank != b->rank)
        return a->rank < b->rank;
    if (p->score_newest && a->version != b->version)
        return a->version > b->version;
    if (a->tenths != b->tenths)
        return p->score_highest ? a->tenths > b->tenths
                                : a->tenths < b->tenths;
    return a->index < b->index;
}

static const char *version_text(int v)
{
    return v == VIGIL_CVSS_V20 ? "2.0" : v == VIGIL_CVSS_V30 ? "3.0"
         : v == VIGIL_CVSS_V31 ? "3.1" : "4.0";
}

/* What set the winner apart from the others, for the reason text. */
struct tally {
    int classes_beaten[CLASS_COUNT];
    int older;                  /* same rank, older version */
    int older_version;          /* the newest of those */
    int same;                   /* same rank and version, winner too */
    int usable;
};

static void count(const struct vigil_policy *p, const struct candidate *all,
                  size_t n, const struct candidate *best, struct tally *t)
{
    size_t i;

    memset(t, 0, sizeof(*t));
    for (i = 0; i < n; i++) {
        const struct candidate *c = &all[i];

        t->usable++;
        if (c->rank > best->rank)
            t->classes_beaten[c->cls] = 1;
        else if (p->score_newest && c->version < best->version) {
            t->older++;
            if (c->version > t->older_version)
                t->older_version = c->version;
        } else if (c->version == best->version || !p->score_newest)
            t->same++;
    }
}

static void explain(const struct vigil_policy *p, const struct vigil_score *s,
                    const struct candidate *best, const struct tally *t,
                    char *out, size_t len)
{
    size_t used;
    int k, first;

    used = (size_t)snprintf(out, len, "CVSS %s %.1f from '%s'%s%s%s",
                            version_text(best->version), best->score,
                            s->source ? s->source : "?",
                            s->type ? " (" : "", s->type ? s->type : "",
                            s->type ? ")" : "");
    if (t->usable == 1 && used < len)
        used += (size_t)snprintf(out + used, len - used, ": only score");
    for (k = 0, first = 1; k < CLASS_COUNT; k++) {
        if (t->classes_beaten[k] && used < len) {
            if (first)
                used += (size_t)snprintf(out + used, len - used,
                                         "; %s preferred over %s",
                                         class_names[best->cls],
                                         class_names[k]);
            else
                used += (size_t)snprintf(out + used, len - used, " and %s",
                                         class_names[k]);
            first = 0;
        }
    }
    if (t->older && used < len)
        used += (size_t)snprintf(out + used, len - used,
                                 "; newest version, over %s",
                                 version_text(t->older_version));
    if (t->same > 1 && used < len)
        used += (size_t)snprintf(out + used, len - used, "; %s of %d",
                                 p->score_highest ? "highest" : "lowest",
                                 t->same);
    if ((best->mismatch & VIGIL_CVSS_MISMATCH_SCORE) && used < len)
        used += (size_t)snprintf(out + used, len - used, "; published %.1f "
                                 "is %s, the vector's base is %.1f",
                                 s->published,
                                 best->mismatch & VIGIL_CVSS_MISMATCH_TEMPORAL
                                     ? "not base but temporal"
                                     : "wrong",
                                 best->base);
    if (!best->recomputed && used < len)
        snprintf(out + used, len - used, "; vector unreadable, published "
                 "score used");
}

int vigil_policy_select_score(const struct vigil_policy *p,
                              const struct vigil_score *scores, size_t n,
                              struct vigil_score_choice *out)
{
    struct candidate all[64];
    struct tally t;
    size_t i, m = 0, best = 0;

    if (!p || (!scores && n) || !out
        || (unsigned)p->score_source >= VIGIL_ARRAY_SIZE(class_rank))
        return VIGIL_EINVAL;

    /* LIMIT: only the first 64 scores of an advisory are considered;
     * later ones cannot drive the priority.
     * See docs/LIMITS.md#score-selection-cap. */
    for (i = 0; i < n && m < VIGIL_ARRAY_SIZE(all); i++) {
        if (!read_candidate(&scores[i], i, &all[m]))
            continue;
        all[m].rank = class_rank[p->score_source][all[m].cls];
        if (m && better(p, &all[m], &all[best]))
            best = m;
        m++;
    }
    if (m == 0)
        return VIGIL_ENOTFOUND;

    count(p, all, m, &all[best], &t);
    memset(out, 0, sizeof(*out));
    out->index = all[best].index;
    out->version = all[best].version;
    out->score = all[best].score;
    out->recomputed = all[best].recomputed;
    out->mismatch = all[best].mismatch;
    explain(p, &scores[out->index], &all[best], &t, out->reason,
            sizeof(out->reason));
    return 0;
}
