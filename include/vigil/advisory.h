/*
 * advisory.h - the normalised advisory model that every feed parser
 * produces and the store keeps.
 *
 * One struct vigil_advisory is what one source says about one threat.
 * The store merges records that share an id or alias into one advisory
 * with several sources.  Parsers allocate everything in an arena that
 * they reset after each callback, so a callback must copy what it keeps.
 *
 * Times are "YYYY-MM-DDTHH:MM:SSZ" strings (UTC) or NULL.
 */
#ifndef VIGIL_ADVISORY_H
#define VIGIL_ADVISORY_H

#include <stddef.h>

#include "vigil/buf.h"
#include "vigil/common.h"

/* One published score, kept side by side with every other one. */
struct vigil_score {
    const char *source;    /* who published it: "nvd", a CNA short name,
                              "CISA-ADP", "osv", ... */
    const char *type;      /* "Primary", "Secondary", "cna", "adp", or NULL */
    const char *version;   /* "2.0", "3.0", "3.1" or "4.0" */
    const char *vector;    /* the vector string as published */
    double published;      /* published base score, when has_published */
    int has_published;
    const char *severity;  /* published severity text, or NULL */

    /* Set by the importer after recomputing the vector; parsers leave
     * them zero. */
    double computed;
    int has_computed;
    int mismatch;          /* published differs from computed */
    const char *error;     /* why the vector could not be scored */
};

/* CISA Known Exploited Vulnerabilities fields. */
struct vigil_kev {
    const char *vendor;
    const char *product;
    const char *name;             /* vulnerabilityName */
    const char *date_added;       /* "YYYY-MM-DD" */
    const char *due_date;         /* "YYYY-MM-DD" */
    const char *required_action;
    const char *notes;
    int ransomware;               /* knownRansomwareCampaignUse == Known */
};

/*
 * One bound-based range (CVE 5 "versions" entries, NVD cpeMatch bounds)
 * or one OSV range (events).
 */
enum vigil_event_kind {
    VIGIL_EV_INTRODUCED,
    VIGIL_EV_FIXED,
    VIGIL_EV_LAST_AFFECTED,
    VIGIL_EV_LIMIT
};

struct vigil_event {
    enum vigil_event_kind kind;
    const char *version;
};

/* CVE 5 "changes" inside a version entry. */
struct vigil_change {
    const char *at;
    const char *status;          /* "affected" or "unaffected" */
};

struct vigil_range {
    /*
     * "ECOSYSTEM", "SEMVER", "GIT" for OSV ranges (events used);
     * "BOUNDS" for CVE 5 version entries and NVD cpeMatch (bounds used).
     */
    const char *type;
    const char *repo;                   /* GIT ranges */
    struct vigil_event *events;
    size_t nevents;

    /* BOUNDS: start and end may be NULL (unbounded); "*" is unbounded. */
    const char *start;
    int start_incl;
    const char *end;
    int end_incl;
    const char *exact;                  /* a single version, or NULL */
    const char *status;                 /* "affected", "unaffected",
                                           "unknown"; NULL = affected */
    const char *version_type;           /* CVE 5 versionType, or NULL */
    struct vigil_change *changes;
    size_t nchanges;
    /*
     * Why the range is not affected, as a CSAF VEX document states it:
     * the flag label ("vulnerable_code_not_present") and the impact
     * statement of a threat, joined with ": ", or NULL.  Set only with
     * status "unaffected", so that a later step can record a decision.
     */
    const char *justification;
};

enum vigil_affected_kind {
    VIGIL_AFF_PACKAGE,   /* ecosystem + name (OSV, CSAF purl, CVE 5 pkg) */
    VIGIL_AFF_CPE,       /* an NVD cpeMatch entry or a CVE 5 cpe */
    VIGIL_AFF_PRODUCT    /* CVE 5 vendor/product with no package name */
};

/*
 * What an advisory says is affected.  For NVD, each cpeMatch entry is
 * one struct with kind CPE, its bounds in ranges[0]; node is the
 * configuration and node path ("0/1") so the AND/OR tree can be
 * rebuilt; node_operator and node_negate describe the owning node and
 * config_operator the configuration.
 */
struct vigil_affected {
    enum vigil_affected_kind kind;
    const char *ecosystem;       /* OSV ecosystem ("PyPI", "Debian:12"),
                                    or NULL */
    const char *name;            /* package name as published */
    const char *purl;
    const char *cpe;             /* CPE 2.3 formatted string */
    const char *vendor;
    const char *product;
    const char *default_status;  /* CVE 5 defaultStatus, or NULL */
    int vulnerable;              /* NVD: 1 vulnerable, 0 platform only */

    const char *node;            /* NVD configuration path, or NULL */
    const char *node_operator;   /* "OR" / "AND" */
    int node_negate;
    const char *config_operator; /* "OR" / "AND", or NULL */

    struct vigil_range *ranges;
    size_t nranges;
    const char **versions;       /* explicitly listed affected versions */
    size_t nversions;
    const char **fixed;          /* fixed versions named by the source */
    size_t nfixed;
};

struct vigil_reference {
    const char *url;
    const char *type;            /* "ADVISORY", "WEB", tags joined, ... */
};

struct vigil_advisory {
    const char *id;              /* the source's own id: CVE-..., GHSA-... */
    const char *format;          /* "kev", "nvd", "cve5", "osv", ... */
    const char *source;          /* the publisher: "cisa-kev", "nvd",
                                    CNA short name, OSV database prefix */
    const char **aliases;
    size_t naliases;
    const char *title;
    const char *description;
    const char *published;
    const char *modified;
    int withdrawn;               /* OSV withdrawn, CVE REJECTED, NVD
                                    Rejected */
    const char **cwes;           /* "CWE-79" */
    size_t ncwes;
    struct vigil_reference *refs;
    size_t nrefs;
    struct vigil_score *scores;
    size_t nscores;
    const struct vigil_kev *kev; /* NULL unless the record is a KEV entry
                                    or carries KEV data */
    struct vigil_affected *affected;
    size_t naffected;
    /*
     * What the source advises doing, one line each: the CSAF
     * remediation category, its details and its URL, as in
     * "vendor_fix: Update to 1.0.0-rc2 (https://...)".  Optional: NULL
     * and 0 when the format has none.  The store does not keep them
     * yet.
     */
    const char **remediations;
    size_t nremediations;
    const char *raw;             /* the source document of this record */
    size_t raw_len;
};

/*
 * Called once per parsed record.  Returns 0 to go on, or a negative code
 * to stop the parse (which then returns that code).
 */
typedef int (*vigil_advisory_fn)(void *ctx, const struct vigil_advisory *adv);

/*
 * Serialises one affected entry as a JSON object into out (appended).
 * vigil_affected_from_json() parses it back, allocating in arena.
 */
struct vigil_arena;
struct vigil_buf;
int vigil_affected_to_json(const struct vigil_affected *a,
                           struct vigil_buf *out);
int vigil_affected_from_json(const char *json, struct vigil_arena *arena,
                             struct vigil_affected *out);

#endif
