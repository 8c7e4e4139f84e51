/*
 * policy.h - the priority policy: from what is known about a threat
 * (KEV listing, EPSS, the CVSS score) and about the systems it affects
 * (criticality, production), a priority, a due date and the reasons
 * for both.  Also the choice of the one CVSS score, among all that the
 * sources of an advisory publish, that drives the priority.
 *
 * Everything here is a pure function of its arguments: no clock, no
 * store, no global state, so it is thread-safe.  docs/PRIORITY.md
 * describes the default policy in words.
 */
#ifndef VIGIL_POLICY_H
#define VIGIL_POLICY_H

#include <stddef.h>
#include <time.h>

/* common.h, then buf.h: advisory.h uses struct vigil_buf and buf.h
 * struct vigil_error without including their headers */
#include "vigil/common.h"
#include "vigil/buf.h"
#include "vigil/advisory.h"
#include "vigil/cvss.h"

enum vigil_priority {
    VIGIL_PRIORITY_LOW = 0,
    VIGIL_PRIORITY_MEDIUM,
    VIGIL_PRIORITY_HIGH,
    VIGIL_PRIORITY_CRITICAL
};

#define VIGIL_PRIORITY_COUNT 4

/* "Low", "Medium", "High", "Critical" (static), or "?" when invalid. */
const char *vigil_priority_name(enum vigil_priority p);

/* Reads a priority name, case-insensitively.  0 or VIGIL_EINVAL. */
int vigil_priority_from_name(const char *s, enum vigil_priority *out);

/* How much the organisation depends on a system. */
enum vigil_criticality {
    VIGIL_CRITICALITY_UNKNOWN = 0,   /* not recorded: counts as medium */
    VIGIL_CRITICALITY_LOW,
    VIGIL_CRITICALITY_MEDIUM,
    VIGIL_CRITICALITY_HIGH,
    VIGIL_CRITICALITY_CRITICAL
};

/* "unknown", "low", "medium", "high", "critical" (static). */
const char *vigil_criticality_name(enum vigil_criticality c);

/* Reads a criticality name, case-insensitively.  0 or VIGIL_EINVAL. */
int vigil_criticality_from_name(const char *s, enum vigil_criticality *out);

/* Which sources' scores the score selection prefers. */
enum vigil_score_source {
    VIGIL_SCORE_SOURCE_CNA = 0,  /* CNA or vendor, then ADP, then NVD */
    VIGIL_SCORE_SOURCE_NVD,      /* NVD, then CNA or vendor, then ADP */
    VIGIL_SCORE_SOURCE_ANY       /* no preference */
};

/*
 * Thresholds, SLAs and choices.  vigil_policy_init() fills in the
 * defaults given with each field; vigil_policy_set() changes one by the
 * name in brackets.
 */
struct vigil_policy {
    double cvss_critical;          /* [cvss_critical] 9.0 */
    double cvss_high;              /* [cvss_high] 7.0 */
    double cvss_medium;            /* [cvss_medium] 4.0 */
    enum vigil_priority unscored;  /* [unscored_priority] Medium: with
                                      no CVSS score at all */
    double epss_raise;             /* [epss_raise] 0.10: an EPSS
                                      probability at or above raises the
                                      priority one level; 0 turns off */
    double epss_percentile_raise;  /* [epss_percentile_raise] 0 (off):
                                      the same for the percentile */
    enum vigil_priority kev;       /* [kev_priority] Critical */
    enum vigil_priority kev_floor; /* [kev_floor] High: asset rules do
                                      not take a KEV entry below it */
    enum vigil_priority kev_ransomware_floor;
                                   /* [kev_ransomware_floor] Critical:
                                      the same with known ransomware use */
    int asset_adjust;              /* [asset_adjust] yes: criticality
                                      and production move one level */
    int kev_due_date;              /* [kev_due_date] yes: an earlier KEV
                                      due date wins over the SLA */
    int sla_days[VIGIL_PRIORITY_COUNT];
                                   /* [sla_low_days] 180,
                                      [sla_medium_days] 90,
                                      [sla_high_days] 30,
                                      [sla_critical_days] 7 */
    enum vigil_score_source score_source;  /* [score_source] cna */
    int score_newest;              /* [score_version] newest (1) or
                                      any (0) */
    int score_highest;             /* [score_scenario] highest (1) or
                                      lowest (0) */
};

/* Fills *p with the defaults above. */
void vigil_policy_init(struct vigil_policy *p);

/*
 * Sets the field named key from its text value: numbers in decimal,
 * booleans as yes/no/true/false/on/off/1/0, priorities by name, choices
 * by their names.  Returns 0, or VIGIL_ENOTFOUND for an unknown key and
 * VIGIL_EINVAL / VIGIL_ERANGE for a bad value, with err->msg naming the
 * key and the accepted values.  *p is unchanged on error.
 */
int vigil_policy_set(struct vigil_policy *p, const char *key,
                     const char *value, struct vigil_error *err);

/*
 * Formats the current value of key as vigil_policy_set() reads it.
 * Returns 0 or VIGIL_ENOTFOUND.
 */
int vigil_policy_get(const struct vigil_policy *p, const char *key,
                     char *out, size_t outlen);

/* Checks the fields together: the CVSS thresholds must not decrease
 * from medium to critical.  Returns 0 or VIGIL_EINVAL. */
int vigil_policy_check(const struct vigil_policy *p,
                       struct vigil_error *err);

/* One settable key, for listings ("vigil config show", the man page). */
struct vigil_policy_key {
    const char *name;
    const char *type;      /* "number", "days", "bool", "priority",
                              or the choices "cna|nvd|any" */
    const char *help;      /* one line */
};

/* The i-th settable key (0-based, stable order), NULL past the last.
 * The key is static. */
const struct vigil_policy_key *vigil_policy_key_at(size_t i);

/* What the policy looks at for one security update. */
struct vigil_policy_input {
    int kev;                  /* listed in CISA KEV */
    int kev_ransomware;       /* KEV knownRansomwareCampaignUse Known */
    time_t kev_due;           /* KEV due date, or 0 */
    int has_epss;
    double epss;              /* probability 0..1 */
    int has_percentile;
    double percentile;        /* 0..1 */
    int has_cvss;
    double cvss;              /* the selected score, 0..10 */
    int cvss_version;         /* VIGIL_CVSS_V20..V40 */
    enum vigil_criticality criticality;  /* highest of the systems */
    int production;           /* 1 some system is production, 0 none
                                 is, -1 not known */
    time_t identified;        /* when the update was identified */
};

#define VIGIL_POLICY_MAX_REASONS 8
#define VIGIL_POLICY_REASON_LEN 128

struct vigil_policy_result {
    enum vigil_priority priority;
    time_t due;
    int sla_days;             /* the SLA of priority */
    int due_from_kev;         /* due is the KEV due date */
    size_t nreasons;
    /* In the order the rules ran, e.g. "CVSS 3.1 9.8 >= 9.0 ->
     * Critical", "asset criticality low lowers High to Medium". */
    char reasons[VIGIL_POLICY_MAX_REASONS][VIGIL_POLICY_REASON_LEN];
};

/*
 * Applies policy p to in.  Returns 0 and fills *out, or VIGIL_EINVAL
 * for an input out of range (a score outside 0..10, a probability
 * outside 0..1, an unknown criticality).
 */
int vigil_policy_evaluate(const struct vigil_policy *p,
                          const struct vigil_policy_input *in,
                          struct vigil_policy_result *out);

/* The score chosen to drive the priority. */
struct vigil_score_choice {
    size_t index;             /* into the scores given */
    int version;              /* VIGIL_CVSS_V20..V40 */
    double score;             /* recomputed from the vector (the score
                                 of every metric given), or the
                                 published score when the vector cannot
                                 be read */
    int recomputed;           /* score comes from the vector */
    int mismatch;             /* VIGIL_CVSS_MISMATCH_* of that score */
    char reason[256];         /* why this one */
};

/*
 * Chooses among the n scores of one advisory (all sources, all
 * versions): by p->score_source first, then the newest version when
 * p->score_newest, then the highest score (lowest when not
 * p->score_highest), then the first given.  A score whose vector
 * cannot be read still counts with its published value; one with
 * neither is skipped.  Returns 0, or VIGIL_ENOTFOUND when no score is
 * usable.
 */
int vigil_policy_select_score(const struct vigil_policy *p,
                              const struct vigil_score *scores, size_t n,
                              struct vigil_score_choice *out);

#endif
