/*
 * store.h - the storage interface.  It speaks in entities (advisories,
 * systems, components, matches, security updates, history, events);
 * no caller sees SQL.  SQLite (src/store/sqlite.c) is the embedded
 * backend; a second backend adds a dispatch table behind these same
 * functions, so callers do not change.
 *
 * Unless said otherwise, functions return 0 or a negative VIGIL_E*
 * code, fill err when given, and strings handed to callbacks are
 * borrowed for the duration of the call.  A store handle is used by one
 * thread at a time; several processes may share one database file.
 */
#ifndef VIGIL_STORE_H
#define VIGIL_STORE_H

#include <stddef.h>

#include "vigil/advisory.h"
#include "vigil/common.h"
#include "vigil/inventory.h"

struct vigil_store;

/* The schema version this build writes; older files are migrated. */
#define VIGIL_SCHEMA_VERSION 7

/*
 * Opens (creating when absent) the database at path, migrating an older
 * schema in place.  A newer schema than this build knows is refused.
 */
int vigil_store_open(const char *path, struct vigil_store **out,
                     struct vigil_error *err);
void vigil_store_close(struct vigil_store *s);   /* accepts NULL */

/* The schema version of the open file. */
int vigil_store_schema_version(struct vigil_store *s);

/*
 * Transactions.  begin takes the write lock at once, waiting for other
 * processes up to the busy timeout.  Savepoints nest inside it.
 */
int vigil_store_begin(struct vigil_store *s, struct vigil_error *err);
int vigil_store_commit(struct vigil_store *s, struct vigil_error *err);
void vigil_store_rollback(struct vigil_store *s);
int vigil_store_savepoint(struct vigil_store *s, struct vigil_error *err);
int vigil_store_release(struct vigil_store *s, struct vigil_error *err);
void vigil_store_rollback_to(struct vigil_store *s);

/* ---- advisories ---- */

enum vigil_put_outcome {
    VIGIL_PUT_NEW,        /* a new advisory */
    VIGIL_PUT_MERGED,     /* a new source for an existing advisory */
    VIGIL_PUT_UPDATED,    /* a known source whose content changed */
    VIGIL_PUT_UNCHANGED   /* a known source, same content */
};

/*
 * Stores one source record, merging it with every advisory that shares
 * its id or an alias (several advisories that it links are folded into
 * one).  The advisory's primary id is a CVE id when any is known.
 * *outcome says what happened; *advisory_id (may be NULL) is its row.
 */
int vigil_store_put_advisory(struct vigil_store *s,
                             const struct vigil_advisory *a,
                             const char *origin,
                             enum vigil_put_outcome *outcome,
                             long long *advisory_id,
                             struct vigil_error *err);

/*
 * Finds an advisory by any of its ids or aliases: as given, else in its
 * canonical case (vigil_store_advisory_id_canon), else all in upper
 * case, since people type "cve-2023-4863" for the CVE-2023-4863 and
 * "debian-cve-2023-38545" for the DEBIAN-CVE-2023-38545 that sources
 * spell in one case.  VIGIL_ENOTFOUND when none is known.
 */
int vigil_store_find_advisory(struct vigil_store *s, const char *id,
                              long long *advisory_id);

/*
 * Writes into out (outlen bytes) id in the case its kind of id is
 * spelt in: CVE ids in upper case ("CVE-2023-4863"); GHSA ids with
 * the prefix in upper case and the rest in lower case
 * ("GHSA-jfh8-c2jp-5v3q"); other ids, such as PYSEC-, RUSTSEC-, GO- or
 * DSA- ones, with the prefix up to the first '-' in upper case and the
 * rest as given.  ASCII letters only change.  Returns 0, or
 * VIGIL_EINVAL for an id without '-' (no known kind) and VIGIL_ELIMIT
 * when out is too small; out is written only on success.
 */
int vigil_store_advisory_id_canon(const char *id, char *out,
                                  size_t outlen);

/* Records one EPSS observation; *changed is 1 when it is new. */
int vigil_store_put_epss(struct vigil_store *s, const char *cve,
                         double score, double percentile, const char *date,
                         const char *model, int *changed,
                         struct vigil_error *err);

/* Counts for status output. */
struct vigil_store_counts {
    long long advisories, sources, aliases, kev, affected;
    long long systems, components, matches, updates, open_updates;
};
int vigil_store_counts(struct vigil_store *s, struct vigil_store_counts *c);

/* ---- systems and components ---- */

struct vigil_system {
    long long id;
    const char *name;
    const char *owner;
    const char *env;           /* production, staging, ... */
    const char *criticality;   /* low, medium, high, critical */
    const char *distro;        /* "debian-12", or NULL */
    const char *tags;          /* comma-separated, or NULL */
    const char *resources;     /* a JSON array of resource ids (ARNs,
                                  instance ids) findings may name, or
                                  NULL */
};

/* The longest system name, in bytes: a host's full name fits. */
#define VIGIL_STORE_SYSTEM_MAX 255

/*
 * 0 when name may name a system, else VIGIL_EINVAL (VIGIL_ELIMIT past
 * VIGIL_STORE_SYSTEM_MAX bytes) with err saying why: it is empty or
 * blank, holds a comma (an update's systems are one comma-separated
 * list, which a comma in a name would split), is not one line of valid
 * UTF-8, or begins or ends with white space, as vigil_store_person_check
 * refuses.  Names stored before this rule are still read and matched.
 */
int vigil_store_system_name_check(const char *name, struct vigil_error *err);

/* The longest name vigil_store_person_check lets through, in bytes. */
#define VIGIL_STORE_PERSON_MAX 128

/*
 * 0 when name may name whom work goes to or who did it (an update's
 * assignee, a system's owner, the acting user of a history row), else
 * VIGIL_EINVAL, or VIGIL_ELIMIT past VIGIL_STORE_PERSON_MAX bytes, with
 * err saying why; what names the field in the message ("an owner").
 * People filter and report by such names, so one must be valid UTF-8
 * on one line, neither empty nor blank, and must not begin or end with
 * white space (Unicode white space and zero-width spaces included): a
 * padded alice is a second alice that a filter for alice misses.  NULL
 * passes (nobody).  Names stored before this rule are still read.
 */
int vigil_store_person_check(const char *what, const char *name,
                             struct vigil_error *err);

/*
 * Adds a system, or changes the given fields of an existing one.  A name
 * that vigil_store_system_name_check refuses is refused (VIGIL_EINVAL),
 * also for a system stored before that rule; so is an owner that
 * vigil_store_person_check refuses, since the owner becomes the
 * assignee of the system's updates.
 */
int vigil_store_system_put(struct vigil_store *s,
                           const struct vigil_system *sys, long long *id,
                           struct vigil_error *err);

typedef int (*vigil_system_fn)(void *ctx, const struct vigil_system *sys);
int vigil_store_system_get(struct vigil_store *s, const char *name,
                           vigil_system_fn fn, void *ctx);
int vigil_store_systems(struct vigil_store *s, vigil_system_fn fn,
                        void *ctx);

/*
 * Replaces the components that one inventory (label, e.g. "dpkg" or a
 * SBOM name) gave a system: call begin_inventory, add each component,
 * then end_inventory, all inside one transaction.  Components of other
 * labels stay.  name_key is the normalised package name used for
 * matching (see vigil_pkg_name_key).
 */
int vigil_store_inventory_begin(struct vigil_store *s, long long system_id,
                                const char *label, struct vigil_error *err);
int vigil_store_component_add(struct vigil_store *s, long long system_id,
                              const char *label,
                              const struct vigil_component *c,
                              const char *name_key, const char *src_key,
                              struct vigil_error *err);

struct vigil_component_row {
    long long id;
    long long system_id;
    const char *system;
    struct vigil_component c;
    const char *name_key;
    const char *src_key;
};
typedef int (*vigil_component_row_fn)(void *ctx,
                                      const struct vigil_component_row *r);
int vigil_store_components(struct vigil_store *s, long long system_id,
                           vigil_component_row_fn fn, void *ctx);

/* The components one inventory label gave a system. */
int vigil_store_components_of(struct vigil_store *s, long long system_id,
                              const char *label, vigil_component_row_fn fn,
                              void *ctx);

/* ---- candidates for matching ---- */

struct vigil_affected_row {
    long long id;
    long long advisory_id;
    const char *advisory;      /* primary id */
    const char *source_id;     /* record id of the source (GHSA-..., ...) */
    const char *format;
    int withdrawn;
    const char *ecosystem;
    const char *json;          /* vigil_affected_to_json() encoding */
};
typedef int (*vigil_affected_row_fn)(void *ctx,
                                     const struct vigil_affected_row *r);

/* Every package-kind affected entry whose name key equals key. */
int vigil_store_affected_by_key(struct vigil_store *s, const char *key,
                                vigil_affected_row_fn fn, void *ctx);

/* Every CPE-kind affected entry for that CPE vendor and product. */
int vigil_store_affected_by_cpe(struct vigil_store *s, const char *vendor,
                                const char *product,
                                vigil_affected_row_fn fn, void *ctx);

/* Every CPE-kind affected entry of one advisory (all its sources), in
 * the order they were stored: the NVD configurations of the advisory. */
int vigil_store_affected_cpes_of(struct vigil_store *s,
                                 long long advisory_id,
                                 vigil_affected_row_fn fn, void *ctx);


/* ---- matches ---- */

struct vigil_match_rec {
    long long advisory_id;
    long long system_id;
    const char *component;     /* "name" or "name (source pkg)" */
    const char *version;
    long long affected_id;
    const char *source_id;     /* the source record that matched */
    const char *scheme;
    const char *detail;        /* the range or CPE that matched */
    const char *fixed;
    const char *confidence;    /* "exact package", "cpe only", ... */
    const char *verdict;       /* "affected" or "unknown" */
};

/* Starts a match run: every current match is marked as not seen. */
int vigil_store_match_begin(struct vigil_store *s, struct vigil_error *err);

/* Records a match seen in this run; *is_new when it was not active. */
int vigil_store_match_put(struct vigil_store *s,
                          const struct vigil_match_rec *m, int *is_new,
                          struct vigil_error *err);

/* Ends the run; *gone receives how many matches were not seen again. */
int vigil_store_match_end(struct vigil_store *s, long long *gone,
                          struct vigil_error *err);

typedef int (*vigil_match_rec_fn)(void *ctx, const char *advisory,
                                  const char *system,
                                  const struct vigil_match_rec *m);

/* Active matches of one advisory (0: all), by system and component. */
int vigil_store_matches(struct vigil_store *s, long long advisory_id,
                        vigil_match_rec_fn fn, void *ctx);

/* ---- security updates ---- */

/* The fields of a security update, in the order of the columns. */
enum vigil_uf {
    VIGIL_UF_TITLE,
    VIGIL_UF_DESCRIPTION,
    VIGIL_UF_SOURCES,
    VIGIL_UF_SYSTEMS,
    VIGIL_UF_IDENTIFIED,
    VIGIL_UF_PRIORITY,
    VIGIL_UF_PRIORITY_REASON,
    VIGIL_UF_DUE,
    VIGIL_UF_STATUS,
    VIGIL_UF_ASSIGNEE,
    VIGIL_UF_REMEDIATION,
    VIGIL_UF_COMPLETED,
    VIGIL_UF_VERIFICATION,
    VIGIL_UF_NOTES,
    VIGIL_UF_RISK_UNTIL,
    VIGIL_UF_RISK_REASON,
    VIGIL_UF_RISK_BY,
    VIGIL_UF_BREACH_SINCE,
    VIGIL_UF_EVIDENCE,          /* what matched: components, versions, KEV */
    VIGIL_UF_COUNT
};

/* The column and display name of a field ("due", "assignee", ...). */
const char *vigil_uf_name(enum vigil_uf f);

/* A field by name; -1 when unknown. */
int vigil_uf_by_name(const char *name);

struct vigil_update {
    long long id;                       /* VU-<id> */
    long long advisory_id;
    const char *advisory;               /* primary id */
    const char *f[VIGIL_UF_COUNT];      /* NULL when unset */
    const char *created;
    const char *updated;
    int kev;
};

typedef int (*vigil_update_fn)(void *ctx, const struct vigil_update *u);

/*
 * Creates the update for an advisory with the given fields (NULL
 * entries unset) and one history row per set field.  *id gets its id.
 */
int vigil_store_update_create(struct vigil_store *s, long long advisory_id,
                              const char *const f[VIGIL_UF_COUNT],
                              const char *actor, const char *reason,
                              long long *id, struct vigil_error *err);

/*
 * Sets one field; when the value differs, writes it and appends a
 * history row (field, old, new, actor, reason).  *changed may be NULL.
 */
int vigil_store_update_set(struct vigil_store *s, long long id,
                           enum vigil_uf field, const char *value,
                           const char *actor, const char *reason,
                           int *changed, struct vigil_error *err);

/*
 * The same, but the history row records (NULL, logged) instead of the
 * whole old and new values: for fields that only grow, such as notes.
 */
int vigil_store_update_set_logged(struct vigil_store *s, long long id,
                                  enum vigil_uf field, const char *value,
                                  const char *logged, const char *actor,
                                  const char *reason, int *changed,
                                  struct vigil_error *err);

/* The update of an advisory (ENOTFOUND when none). */
int vigil_store_update_by_advisory(struct vigil_store *s,
                                   long long advisory_id,
                                   vigil_update_fn fn, void *ctx);

/* The update with that id (ENOTFOUND when none). */
int vigil_store_update_get(struct vigil_store *s, long long id,
                           vigil_update_fn fn, void *ctx);

/* Every live update, most urgent first (priority, then due date). */
int vigil_store_updates(struct vigil_store *s, vigil_update_fn fn,
                        void *ctx);

/* Which updates to list; NULL or 0 fields do not filter. */
struct vigil_update_filter {
    const char *status;       /* a state, or "open" for every open one */
    const char *priority;
    const char *assignee;
    const char *system;       /* a system name */
    const char *source;       /* a source format: kev, nvd, osv, ... */
    const char *const *words; /* each in id, aliases, title or
                                 description (all must be; at most 8) */
    int nwords;
    const char *today;        /* YYYY-MM-DD, for overdue */
    int kev;                  /* only KEV-listed */
    int overdue;              /* only open and past due */
    const char *sort;         /* "priority" (default), "due", "id",
                                 "updated" */
};

/* Live updates that pass filter f, in its order. */
int vigil_store_updates_where(struct vigil_store *s,
                              const struct vigil_update_filter *f,
                              vigil_update_fn fn, void *ctx);

struct vigil_history {
    long long id;
    long long update_id;
    const char *time;
    const char *actor;
    const char *field;
    const char *old_value;
    const char *new_value;
    const char *reason;
};
typedef int (*vigil_history_fn)(void *ctx, const struct vigil_history *h);

/* History of one update, oldest first. */
int vigil_store_history(struct vigil_store *s, long long update_id,
                        vigil_history_fn fn, void *ctx);

/*
 * What the priority of an advisory's update depends on, gathered from
 * its sources, KEV, EPSS and the systems it affects.
 */
struct vigil_update_input {
    long long advisory_id;
    const char *advisory;
    const char *title;
    const char *description;
    const char *sources;          /* "cve5, kev, nvd, osv" */
    int withdrawn;
    int kev;                      /* listed in KEV */
    int kev_ransomware;
    const char *kev_due;          /* "YYYY-MM-DD" or NULL */
    const char *kev_added;
    int has_epss;
    double epss, epss_percentile;
    const char *epss_date;
    const char *systems;          /* "db-01, web-01" */
    const char *max_criticality;  /* of the affected systems */
    int production;               /* 1: an affected system is in
                                     production (env production, prod,
                                     prd or live); -1: no env known for
                                     any; 0: none is */
    const char *owner;            /* owner of the most critical system */
    const char *remediation;      /* one line per affected component */
    int has_cvss;
    double cvss;                  /* highest score, computed before
                                     published; the policy may choose */
};
typedef int (*vigil_update_input_fn)(void *ctx,
                                     const struct vigil_update_input *in);

/* Every advisory (advisory_id 0) or that one, when it has at least
 * one active affected match. */
int vigil_store_update_inputs(struct vigil_store *s, long long advisory_id,
                              vigil_update_input_fn fn, void *ctx);

/*
 * Whether vendor statements (VEX not_affected matches) cover every
 * active affected match of an advisory: same system, component and
 * version.  *covered is 1 when they do; detail (may be NULL) receives
 * one statement's text.
 */
int vigil_store_vex_covers(struct vigil_store *s, long long advisory_id,
                           int *covered, struct vigil_buf *detail);

/* Live updates whose advisory no longer has an active affected match. */
int vigil_store_updates_unmatched(struct vigil_store *s, vigil_update_fn fn,
                                  void *ctx);

struct vigil_score_row {
    const char *source;
    const char *type;
    const char *version;
    const char *vector;
    int has_published, has_computed, mismatch;
    double published, computed;
    const char *format;        /* of the source record */
};
typedef int (*vigil_score_row_fn)(void *ctx,
                                  const struct vigil_score_row *r);

/* Every score of an advisory, from every source. */
int vigil_store_scores(struct vigil_store *s, long long advisory_id,
                       vigil_score_row_fn fn, void *ctx);

/* ---- events ---- */

/* Appends an event {type, time, source, detail} (detail is JSON). */
int vigil_store_event_add(struct vigil_store *s, const char *type,
                          const char *source, const char *detail_json,
                          struct vigil_error *err);


/*
 * Appends the advisory as one JSON object to out: ids, aliases, text,
 * dates, withdrawn, sources, scores, CWEs, references, KEV, EPSS
 * history and affected entries.
 */
int vigil_store_advisory_json(struct vigil_store *s, long long advisory_id,
                              struct vigil_buf *out,
                              struct vigil_error *err);

/*
 * The days a report's figures are taken over, all "YYYY-MM-DD": the
 * period [from, to); the last day it covers (asof: the period's last
 * day, or today while it runs), to which ages and days past due are
 * counted; the day after it (ref), at whose start states are taken;
 * and the day 30 days after asof (soon) that flags risk acceptances
 * about to expire.
 */
struct vigil_report_span {
    const char *from;
    const char *to;
    const char *asof;
    const char *ref;
    const char *soon;
};

/*
 * Appends one JSON object with the report figures of a part over sp:
 * "weekly" (summary, new threats, KEV additions, new, closed and
 * overdue updates, open items by owner), "period" (remediation time and
 * SLA by priority, backlog by age, counts by source, team and system),
 * "trend" (13 weekly points that end at sp->to) or "posture" (top
 * risks, KEV exposure, accepted risks, systems that keep coming back).
 * docs/REPORTS.md defines every figure.
 */
int vigil_store_report_json(struct vigil_store *s, const char *part,
                            const struct vigil_report_span *sp,
                            struct vigil_buf *out, struct vigil_error *err);

/*
 * Report runs of the daemon: the latest period written of a kind
 * (*found 0 when none; periods of a kind sort as text), and the record
 * of one written.
 */
int vigil_store_report_run_last(struct vigil_store *s, const char *kind,
                                char period[16], int *found);
int vigil_store_report_run_add(struct vigil_store *s, const char *kind,
                               const char *period, const char *path,
                               struct vigil_error *err);

/* ---- findings ---- */

struct vigil_finding;

/*
 * Stores a finding of a security tool by (format, id): new, updated or
 * unchanged as its content says.  A new or changed finding writes a
 * finding.imported event (detail: finding, format, tool, title,
 * severity on the 0-10 scale when the finding has one, severity_label,
 * status, record_state, cves, resources) in the same transaction.
 */
int vigil_store_put_finding(struct vigil_store *s,
                            const struct vigil_finding *f, const char *origin,
                            enum vigil_put_outcome *outcome,
                            struct vigil_error *err);


/*
 * Links every finding to the systems whose resources it names (its
 * resource ids against each system's resource list).  Idempotent.
 */
int vigil_store_link_findings(struct vigil_store *s, struct vigil_error *err);

/*
 * Appends the findings as one JSON array to out, newest first: those
 * linked to system (NULL: all) and naming cve (NULL: any), at most
 * limit.  Each has id, format, tool, title, severity, severity_label,
 * status, cves, resources and the linked systems.
 */
int vigil_store_findings_json(struct vigil_store *s, const char *system,
                              const char *cve, long long limit,
                              struct vigil_buf *out, struct vigil_error *err);

/* ---- watches ---- */

struct vigil_watch;
typedef int (*vigil_watch_fn)(void *ctx, const struct vigil_watch *w);

int vigil_store_watch_add(struct vigil_store *s, int kind, const char *value,
                          long long *id, struct vigil_error *err);
int vigil_store_watch_remove(struct vigil_store *s, long long id,
                             struct vigil_error *err);
int vigil_store_watches(struct vigil_store *s, vigil_watch_fn fn, void *ctx);

/*
 * Records that advisory_id (source record `record`) named watch in
 * field; the first time, also a watch.matched event.  *is_new says
 * whether it was the first time.
 */
int vigil_store_watch_hit(struct vigil_store *s, const struct vigil_watch *w,
                          long long advisory_id, const char *advisory,
                          const char *record, const char *field,
                          int *is_new, struct vigil_error *err);

struct vigil_watch_hit_row {
    long long watch;
    const char *kind;
    const char *value;
    const char *advisory;
    const char *title;
    const char *record;
    const char *field;
    const char *first_seen;
};
typedef int (*vigil_watch_hit_fn)(void *ctx,
                                  const struct vigil_watch_hit_row *h);

/* Hits of one watch (0: all), newest first. */
int vigil_store_watch_hits(struct vigil_store *s, long long watch,
                           vigil_watch_hit_fn fn, void *ctx);
/* ---- sources ---- */

/*
 * A source subscription: a feed that vigil syncs on a schedule.  Times
 * are "YYYY-MM-DDTHH:MM:SSZ" or NULL when it never happened.
 */
struct vigil_source {
    long long id;
    const char *name;
    const char *location;       /* a path, or an http, https, file URL */
    const char *format;         /* a format name; NULL: detect */
    long long every;            /* seconds between syncs; 0: each sync */
    int enabled;
    const char *checksum;       /* NULL, or "sha256": URL.sha256 */
    const char *api_key;        /* NVD API key or NULL; a secret */
    const char *etag;           /* validators of the last download */
    const char *last_modified;
    const char *last_attempt;
    const char *last_success;
    const char *last_error;     /* NULL after a success */
    long long last_read;        /* records read by the last success */
    long long last_new;         /* ... new or merged by it */
    long long last_changed;     /* ... updated by it */
    long long total_read;       /* records read by every success */
    long long page_start;       /* NVD API run not finished: next
                                   startIndex; -1 when none */
    const char *page_from;      /* its lastMod window start; NULL: full */
    const char *page_until;     /* the time the run ends at */
    const char *synced_until;   /* NVD API: changes before this are in */
    const char *created;
};
typedef int (*vigil_source_fn)(void *ctx, const struct vigil_source *src);

/*
 * Adds a source (name, location, format, every, enabled, checksum and
 * api_key are read; the rest is ignored).  VIGIL_EEXIST when the name
 * is taken.  *id (may be NULL) receives its row.
 */
int vigil_store_source_add(struct vigil_store *s,
                           const struct vigil_source *src, long long *id,
                           struct vigil_error *err);

/* Removes a source; VIGIL_ENOTFOUND when there is none of that name. */
int vigil_store_source_remove(struct vigil_store *s, const char *name,
                              struct vigil_error *err);

/* Enables (1) or disables (0) a source; VIGIL_ENOTFOUND when absent. */
int vigil_store_source_enable(struct vigil_store *s, const char *name,
                              int enabled, struct vigil_error *err);

/* Calls fn with the source of that name; VIGIL_ENOTFOUND when none. */
int vigil_store_source_get(struct vigil_store *s, const char *name,
                           vigil_source_fn fn, void *ctx);

/* Calls fn with every source, by name. */
int vigil_store_sources(struct vigil_store *s, vigil_source_fn fn,
                        void *ctx);

/* What one sync of a source came to. */
struct vigil_source_outcome {
    const char *error;          /* NULL: a success */
    int validators;             /* write etag and last_modified below */
    const char *etag;           /* NULL clears */
    const char *last_modified;
    long long read, added, changed;
    const char *synced_until;   /* NULL: keep the stored one */
};

/*
 * Records the outcome of a sync at vigil_now().  Every outcome sets
 * last_attempt.  A success sets last_success, clears last_error and
 * the unfinished NVD run, and stores the counts; a failure sets
 * last_error and keeps the rest, so that the next sync resumes.  May
 * run inside the caller's transaction.
 */
int vigil_store_source_outcome(struct vigil_store *s, const char *name,
                               const struct vigil_source_outcome *o,
                               struct vigil_error *err);

/*
 * Records how far an NVD API run got: the next startIndex, the window
 * start (NULL: a full download) and the time the run ends at.  Meant
 * to run in the transaction that stored the page it follows.
 */
int vigil_store_source_page(struct vigil_store *s, const char *name,
                            long long start, const char *from,
                            const char *until, struct vigil_error *err);
/* ---- alerts ---- */

/*
 * Alert rules, the outbox and the events it carries.  src/alert turns
 * these rows into messages; the store only keeps them and routes each
 * new event to the rules whose pattern selects it, in the transaction
 * that writes the event.
 */
struct vigil_alert_rule {
    long long id;
    const char *name;
    const char *pattern;       /* JSON event pattern (docs/PATTERNS.md) */
    const char *target;        /* URI; may hold credentials */
    const char *digest;        /* NULL (immediate), "daily", "weekly" */
    const char *secret;        /* webhook HMAC key, or NULL */
    long long max_per_hour;    /* immediate messages per hour; 0: any */
    int max_attempts;          /* failures before dead-letter; 0: 8 */
    const char *created;
};
typedef int (*vigil_alert_rule_fn)(void *ctx,
                                   const struct vigil_alert_rule *r);

/*
 * Adds a rule.  The pattern must compile (VIGIL_EINVAL otherwise, with
 * the compiler's message); VIGIL_EEXIST when the name is taken.  Events
 * written from then on are routed to it; earlier ones are not.
 */
int vigil_store_alert_rule_add(struct vigil_store *s,
                               const struct vigil_alert_rule *r,
                               long long *id, struct vigil_error *err);

/* Removes a rule and its undelivered messages; VIGIL_ENOTFOUND. */
int vigil_store_alert_rule_remove(struct vigil_store *s, const char *name,
                                  struct vigil_error *err);

/* The rule called name, or every rule by name when name is NULL. */
int vigil_store_alert_rules(struct vigil_store *s, const char *name,
                            vigil_alert_rule_fn fn, void *ctx);

/*
 * Writes an event like vigil_store_event_add, unless an event with the
 * same once_key exists already: then nothing is written and *added is
 * 0.  For events that must be said once ("VU-3 expires 2026-12-10").
 */
int vigil_store_event_add_once(struct vigil_store *s, const char *type,
                               const char *source, const char *detail_json,
                               const char *once_key, int *added,
                               struct vigil_error *err);

struct vigil_event_row {
    long long id;
    const char *type;
    const char *time;          /* "YYYY-MM-DDTHH:MM:SSZ" */
    const char *source;
    const char *detail;        /* JSON object */
};
typedef int (*vigil_event_fn)(void *ctx, const struct vigil_event_row *e);

/* Events at or after since (NULL: all), oldest first. */
int vigil_store_events(struct vigil_store *s, const char *since,
                       vigil_event_fn fn, void *ctx);

/* One message in the outbox. */
struct vigil_outbox_row {
    long long id;
    long long rule_id;
    const char *rule;          /* its name */
    const char *kind;          /* "event", "digest" or "summary" */
    const char *period;        /* "2026-12-03T16", "2026-12-03", "2026-W49" */
    long long event_id;        /* of an "event" row, else 0 */
    long long nevents;         /* events it carries */
    const char *state;         /* "pending", "sent" or "dead" */
    int open;                  /* a digest or summary still collecting */
    int attempts;
    const char *next_attempt;
    const char *lease_owner;
    const char *lease_until;
    const char *last_error;
    const char *created;
    const char *sent;
};
typedef int (*vigil_outbox_fn)(void *ctx, const struct vigil_outbox_row *o);

/* Rows in state (NULL: pending and dead; "all": every row), oldest
 * first. */
int vigil_store_outbox(struct vigil_store *s, const char *state,
                       vigil_outbox_fn fn, void *ctx);

/* The row with that id (VIGIL_ENOTFOUND when none). */
int vigil_store_outbox_get(struct vigil_store *s, long long id,
                           vigil_outbox_fn fn, void *ctx);

/* The events a row carries, oldest first. */
int vigil_store_outbox_events(struct vigil_store *s, long long outbox_id,
                              vigil_event_fn fn, void *ctx);

/*
 * Which leases a claim may take over besides expired ones: is_stale
 * returns 1 for an owner known to be gone (a dead local process).
 */
typedef int (*vigil_lease_stale_fn)(void *ctx, const char *owner);

/*
 * Claims the oldest pending row due at or before due (UTC text) that
 * no live lease holds, closing it to new events, and leases it to
 * owner until lease_until.  Returns 0 with *id set, or VIGIL_ENOTFOUND
 * when nothing is due.  Runs in its own transaction.
 */
int vigil_store_outbox_claim(struct vigil_store *s, const char *due,
                             const char *owner, const char *lease_until,
                             vigil_lease_stale_fn stale, void *ctx,
                             long long *id, struct vigil_error *err);

/*
 * Records the result of a delivery of row id: sent (error NULL), or a
 * failure with its message, retried at next_attempt or dead-lettered
 * when dead is set.  Clears the lease.  Own transaction.
 */
int vigil_store_outbox_result(struct vigil_store *s, long long id,
                              const char *error, const char *next_attempt,
                              int dead, struct vigil_error *err);

/*
 * Moves a dead row back to pending, due now, with its attempts reset.
 * VIGIL_ENOTFOUND when there is no such row, VIGIL_ESTATE when it is
 * not dead.
 */
int vigil_store_outbox_retry(struct vigil_store *s, long long id,
                             struct vigil_error *err);

/*
 * Deletes the rows sent before `before` (UTC text) with their items;
 * pending and dead rows stay whatever their age.  *n (may be NULL) gets
 * how many went.
 */
int vigil_store_outbox_prune(struct vigil_store *s, const char *before,
                             long long *n, struct vigil_error *err);

/* ---- listings for the REST API (sqlite_api.c) ---- */

/* Which advisories to list; NULL or 0 fields do not filter. */
struct vigil_advisory_filter {
    int kev;                   /* only those in the KEV catalog */
    const char *since;         /* modified (else published) at or after,
                                  "YYYY-MM-DD..." compared as text */
    const char *match;         /* an FTS5 query over id, title and
                                  description, as vigil_search_query
                                  builds it */
};

/* One advisory in a list. */
struct vigil_advisory_brief {
    long long id;
    const char *primary_id;
    const char *title;
    const char *published;
    const char *modified;
    int withdrawn;
    int kev;
    int has_score;
    double score;              /* highest, computed before published */
};
typedef int (*vigil_advisory_brief_fn)(void *ctx,
                                       const struct vigil_advisory_brief *a);

/*
 * Calls fn for advisories offset .. offset + limit - 1 that pass f, the
 * most recently stored first, and sets *total (may be NULL) to how many
 * pass f.
 */
int vigil_store_advisory_list(struct vigil_store *s,
                              const struct vigil_advisory_filter *f,
                              long long limit, long long offset,
                              vigil_advisory_brief_fn fn, void *ctx,
                              long long *total, struct vigil_error *err);

/* ---- users, API tokens and sessions (see auth.h) ---- */

/*
 * The store side of auth.h: it keeps rows and never sees a password or
 * a token, only the Argon2id string and the keyed hashes that
 * src/auth computes.  Times are "YYYY-MM-DDTHH:MM:SSZ".  Writes that
 * change who may do what also write an event (user.added,
 * user.changed, user.removed, token.created, token.revoked; see
 * docs/EVENTS.md) in the same transaction, naming the actor set with
 * vigil_store_set_actor.
 */

/* Who acts on this handle, for the events above (copied; NULL: no
 * one known).  The server sets it per request. */
int vigil_store_set_actor(struct vigil_store *s, const char *actor);

/* A meta value by key into out (cap bytes); VIGIL_ENOTFOUND. */
int vigil_store_meta_get(struct vigil_store *s, const char *key, char *out,
                         size_t cap);

/* Sets a meta value unless the key has one already (first writer wins,
 * so two processes agree on a generated secret). */
int vigil_store_meta_add(struct vigil_store *s, const char *key,
                         const char *value, struct vigil_error *err);

/* One user as stored. */
struct vigil_store_user {
    long long id;
    const char *name;
    const char *role;          /* "viewer", "analyst", "admin" */
    const char *password;      /* Argon2id string, or NULL */
    int disabled;
    const char *created;
};
typedef int (*vigil_store_user_fn)(void *ctx,
                                   const struct vigil_store_user *u);

/* Adds a user; VIGIL_EEXIST when the name is taken. */
int vigil_store_user_add(struct vigil_store *s, const char *name,
                         const char *role, const char *password,
                         long long *id, struct vigil_error *err);

/* The user called name (or with that id when name is NULL);
 * VIGIL_ENOTFOUND when none. */
int vigil_store_user_get(struct vigil_store *s, const char *name,
                         long long id, vigil_store_user_fn fn, void *ctx);

/*
 * Changes a user: role (NULL: unchanged), disabled (-1: unchanged).
 * VIGIL_ENOTFOUND when absent; VIGIL_ESTATE, changing nothing, when it
 * would leave no enabled admin.
 */
int vigil_store_user_set(struct vigil_store *s, const char *name,
                         const char *role, int disabled,
                         struct vigil_error *err);

/*
 * Replaces a password string (NULL removes it).  With end_sessions,
 * the user's sessions end too; rehash (an upgrade on login) writes no
 * event.
 */
int vigil_store_user_password(struct vigil_store *s, const char *name,
                              const char *password, int end_sessions,
                              int rehash, struct vigil_error *err);

/* Removes a user, their tokens and sessions; VIGIL_ENOTFOUND, or
 * VIGIL_ESTATE for the last enabled admin. */
int vigil_store_user_remove(struct vigil_store *s, const char *name,
                            struct vigil_error *err);

/* Every user by name; tokens counts those live at now. */
struct vigil_user_row;
int vigil_store_users(struct vigil_store *s, const char *now,
                      int (*fn)(void *ctx, const struct vigil_user_row *u),
                      void *ctx);

/* A token or session found by its hash, with its user. */
struct vigil_store_cred {
    long long id;              /* token id; 0 for a session */
    long long user_id;
    const char *user;
    const char *role;
    int disabled;              /* of the user */
    const char *created;
    const char *expires;       /* NULL: never */
    const char *revoked;       /* tokens: NULL unless revoked */
    const char *last_used;     /* last_seen for sessions; may be NULL */
    const char *csrf;          /* sessions only */
};
typedef int (*vigil_store_cred_fn)(void *ctx,
                                   const struct vigil_store_cred *c);

/* Adds a token row for user_id; *id (may be NULL) gets its id. */
int vigil_store_token_add(struct vigil_store *s, long long user_id,
                          const char *name, const char *prefix,
                          const char *hash, const char *expires,
                          long long *id, struct vigil_error *err);

/* The token with that hash; VIGIL_ENOTFOUND. */
int vigil_store_token_find(struct vigil_store *s, const char *hash,
                           vigil_store_cred_fn fn, void *ctx);

/* Sets last_used of token id to now. */
int vigil_store_token_touch(struct vigil_store *s, long long id,
                            const char *now, struct vigil_error *err);

/* Marks a token revoked at now; VIGIL_ENOTFOUND, or VIGIL_ESTATE when
 * it was revoked already. */
int vigil_store_token_revoke(struct vigil_store *s, long long id,
                             const char *now, struct vigil_error *err);

/* Tokens of user (NULL: all), newest first; VIGIL_ENOTFOUND for an
 * unknown user. */
struct vigil_token_row;
int vigil_store_tokens(struct vigil_store *s, const char *user,
                       int (*fn)(void *ctx, const struct vigil_token_row *t),
                       void *ctx);

/* Adds a session; sessions that expired before now are dropped, and
 * so are the user's oldest beyond VIGIL_SESSION_MAX (auth.h). */
int vigil_store_session_add(struct vigil_store *s, const char *hash,
                            long long user_id, const char *csrf,
                            const char *now, const char *expires,
                            struct vigil_error *err);

/* The session with that hash; VIGIL_ENOTFOUND. */
int vigil_store_session_find(struct vigil_store *s, const char *hash,
                             vigil_store_cred_fn fn, void *ctx);

/* Sets last_seen of a session. */
int vigil_store_session_touch(struct vigil_store *s, const char *hash,
                              const char *now, struct vigil_error *err);

/* Removes a session (absent is not an error). */
int vigil_store_session_remove(struct vigil_store *s, const char *hash,
                               struct vigil_error *err);

/* ---- full-text search (see search.h) ---- */

struct vigil_search_hit;
struct vigil_search_result;

/*
 * Runs an FTS5 query (already rebuilt by vigil_search_query) over the
 * advisories: the newest `bound` matches are ranked by bm25, and hits
 * offset .. offset + limit - 1 handed to fn.
 */
int vigil_store_search(struct vigil_store *s, const char *fts_query,
                       long long bound, int limit, int offset,
                       int (*fn)(void *ctx, const struct vigil_search_hit *h),
                       void *ctx, struct vigil_search_result *res,
                       struct vigil_error *err);

#endif
