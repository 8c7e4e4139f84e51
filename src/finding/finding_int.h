/*
 * finding_int.h - what the finding parsers share inside src/finding:
 * the state of one document, the builder of one finding, and the
 * value helpers: CVE ids in text, times, numbers, severity bands.
 *
 * Strings copied verbatim from the document point into its cJSON tree,
 * which outlives every callback; derived strings and arrays live in the
 * document's arena, reset after each finding.
 */
#ifndef VIGIL_FINDING_INT_H
#define VIGIL_FINDING_INT_H

#include <stddef.h>

#include <cJSON.h>

#include "vigil/buf.h"
#include "vigil/finding.h"

/*
 * LIMIT: a finding keeps at most 512 distinct CVE ids; further ones
 * are dropped. See docs/LIMITS.md#finding-cve-count.
 */
#define FINDING_MAX_CVES 512

/* One document being parsed. */
struct finding_doc {
    const struct vigil_finding_sink *sink;
    const char *origin;
    struct vigil_arena arena;
    int stopped;              /* on_finding asked to stop */
    size_t nfindings;
    size_t nrejected;
};

/* The finding being built. */
struct finding_rec {
    struct vigil_finding f;
    struct finding_doc *doc;
    struct vigil_arena *arena;
    char record[128];         /* names it when it is rejected */
    char why[256];            /* reason when it is rejected */
};

int vigil__finding_asff(struct finding_doc *d, const cJSON *root,
                        struct vigil_error *err);
int vigil__finding_sarif(struct finding_doc *d, const cJSON *root,
                         struct vigil_error *err);

/* Starts a finding of format ("asff", "sarif") named record. */
void vigil__finding_rec_init(struct finding_rec *r, struct finding_doc *d,
                             const char *format, const char *record);

/* Sets r->why and returns VIGIL_EPARSE: the finding is rejected. */
int vigil__finding_fail(struct finding_rec *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Ends one finding: rc 0 delivers it with item printed as raw,
 * VIGIL_EPARSE reports it to on_error; other codes are returned.
 * Resets the arena.  Returns 0 to go on, or the code that stops.
 */
int vigil__finding_finish(struct finding_rec *r, int rc, const cJSON *item);

/*
 * Adds every CVE id found in text (CVE-YYYY-NNNN..., any case, not
 * glued to a preceding letter or digit) to r->f.cves, upper case, each
 * once.  Returns 0 or VIGIL_ENOMEM.
 */
int vigil__finding_scan_cves(struct finding_rec *r, const char *text);

/* s as "YYYY-MM-DDTHH:MM:SSZ" in the arena, or NULL when not a time. */
const char *vigil__finding_time(struct finding_rec *r, const char *s);

/*
 * A number given as a JSON number or as a string holding only a
 * number.  Returns 1 and sets *out, or 0 when absent or not a number.
 */
int vigil__finding_number(const cJSON *v, double *out);

/* The severity label for a 0-10 severity (CVSS-like bands). */
const char *vigil__finding_label(double severity);

#endif
