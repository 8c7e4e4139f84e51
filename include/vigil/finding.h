/*
 * finding.h - findings: what security tools observed, read from AWS
 * Security Finding Format (ASFF) and SARIF 2.1.0 documents.
 *
 * An advisory (advisory.h) says that a threat exists; a finding says
 * that a tool saw something on a resource: a GuardDuty alert on an EC2
 * instance, an Inspector CVE finding on a container image, a CodeQL
 * result in a source file.  The parsers are pure: bytes in, one struct
 * vigil_finding per finding out through a callback, errors with byte
 * offsets.  They know nothing of the store.
 *
 * Every string and array of a finding is borrowed: it lives until the
 * callback returns, so a callback must copy what it keeps.  Times are
 * "YYYY-MM-DDTHH:MM:SSZ" strings (UTC) or NULL.
 *
 * The functions keep no global state and may run in several threads at
 * once on different inputs.
 */
#ifndef VIGIL_FINDING_H
#define VIGIL_FINDING_H

#include <stddef.h>

#include "vigil/common.h"
#include "vigil/feed.h"

/* A resource the finding is about (ASFF Resources[]). */
struct vigil_finding_resource {
    const char *type;       /* "AwsEc2Instance", "AwsEcrContainerImage" */
    const char *id;         /* usually an ARN */
    const char *region;     /* "us-east-1", or NULL */
    const char *partition;  /* "aws", "aws-cn", "aws-us-gov", or NULL */
};

struct vigil_finding {
    /*
     * Never NULL.  ASFF: the finding's Id.  SARIF: the result's
     * correlationGuid, else its guid, else "sarif-" and 32 hex digits
     * of a hash of the tool name, the rule id and either the result's
     * fingerprints (else partialFingerprints) with its artifact URI, or
     * when it has none its location and message text.  The derived id
     * stays the same from one scan to the next while the code does.
     * When several results of one log hash alike (a tool that
     * fingerprints line content, two identical lines), the second gets
     * "-2" appended, the third "-3", in document order, so ids are
     * unique within a log.
     */
    const char *id;
    const char *format;        /* "asff" or "sarif" */

    /*
     * The tool.  ASFF: ProductName, else the product name Security Hub
     * records in ProductFields, else the product part of ProductArn
     * ("aws/guardduty"), else GeneratorId.  SARIF: tool.driver.name.
     * NULL only when the document names no tool.
     */
    const char *tool;
    const char *product_arn;   /* ASFF ProductArn, or NULL */

    /*
     * ASFF: Title and Description.  SARIF: the rule's short
     * description (else its name, else the first line of the message,
     * else the rule id) and the message text (else the rule's full
     * description, else the title), with {N} placeholders of message
     * strings filled in from the result's arguments.  NULL when the
     * document gives none of these.
     */
    const char *title;
    const char *description;

    /*
     * The check that fired.  ASFF: GeneratorId, or Types[0] when
     * GeneratorId is an ARN (GuardDuty names its detector there).
     * SARIF: ruleId, else rule.id, else the id of the rule that
     * ruleIndex / rule.index points at.  NULL when none is given.
     */
    const char *rule_id;

    /*
     * Severity on the 0-10 scale GuardDuty uses, when has_severity.
     * ASFF: Severity.Product when it is present, else
     * Severity.Normalized / 10; neither present means no severity.
     * SARIF: the "security-severity" property (a number in a string,
     * 0-10) of the result, else of its rule; otherwise no severity.
     */
    int has_severity;
    double severity;

    /*
     * "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL" or NULL.
     * ASFF: Severity.Label, else derived from Severity.Normalized as
     * Security Hub does.  SARIF: from security-severity (9.0 and up
     * CRITICAL, 7.0 HIGH, 4.0 MEDIUM, above 0 LOW, 0 INFORMATIONAL),
     * else from the level: error HIGH, warning MEDIUM, note LOW, none
     * INFORMATIONAL.
     */
    const char *severity_label;
    const char *level;         /* SARIF effective level ("error",
                                  "warning", "note", "none"), or NULL */

    /*
     * Workflow state.  ASFF: Workflow.Status, else WorkflowState
     * ("NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED").  SARIF: NULL when
     * the result has no suppressions; "suppressed" when one of them is
     * accepted (or gives no status); "underReview" when none is
     * accepted and one is under review; "rejected" when all were
     * rejected (the result stands).  suppressed is 1 exactly when
     * status is "suppressed" (ASFF: "SUPPRESSED").
     */
    const char *status;
    int suppressed;
    const char *suppression_kind; /* SARIF "inSource" / "external" of
                                     the deciding suppression, or NULL */
    const char *compliance;    /* ASFF Compliance.Status ("PASSED",
                                  "FAILED", ...), or NULL */
    const char *record_state;  /* ASFF RecordState ("ACTIVE",
                                  "ARCHIVED"), or NULL */
    const char *kind;          /* SARIF result kind ("fail", "pass",
                                  "review", ...; "fail" when absent),
                                  or NULL for ASFF */

    /*
     * ASFF: CreatedAt, UpdatedAt, FirstObservedAt, LastObservedAt.
     * SARIF: created is the run's first invocation start (else end)
     * time; first_seen and last_seen come from the result's
     * provenance; updated is NULL.
     */
    const char *created;
    const char *updated;
    const char *first_seen;
    const char *last_seen;

    /*
     * CVE ids the finding names, upper case, each once, in the order
     * first seen.  ASFF: Vulnerabilities[].Id and
     * .RelatedVulnerabilities[], then Title and Description.  SARIF:
     * the rule id, the rule's and the result's properties.tags, then
     * the message text.
     */
    const char **cves;
    size_t ncves;

    struct vigil_finding_resource *resources;  /* ASFF only */
    size_t nresources;

    /*
     * SARIF: the first location as "uri:line" (":line" left out when
     * the region gives none), else its first logical location's fully
     * qualified name (Dependency-Track puts the package URL there).
     * NULL for ASFF and when the result has no location.
     */
    const char *location;

    /* The finding's JSON object (ASFF finding, SARIF result), compact;
     * raw_len bytes, NUL-terminated. */
    const char *raw;
    size_t raw_len;
};

/*
 * Called once per finding.  Returns 0 to go on, or a negative code to
 * stop the parse, which then returns that code.
 */
typedef int (*vigil_finding_fn)(void *ctx, const struct vigil_finding *f);

/*
 * Receives parse results.  on_finding gets each finding; on_error (may
 * be NULL) gets each finding, result or run that could not be read
 * (err->record names it: an id, "#N" for the Nth finding of an ASFF
 * document, "runs[R]" or "runs[R].results[N]" for SARIF), after which
 * parsing goes on with the next one.
 */
struct vigil_finding_sink {
    vigil_finding_fn on_finding;
    void (*on_error)(void *ctx, const struct vigil_error *err);
    void *ctx;
};

/*
 * The format of a document from its content: VIGIL_FMT_ASFF for one
 * ASFF finding, an array of them, or an object with a "Findings" (or
 * "findings") array of them; VIGIL_FMT_SARIF for a SARIF 2.x log (an
 * object with "runs" and a "version" of 2.x or a SARIF "$schema");
 * otherwise VIGIL_FMT_UNKNOWN (0), also for invalid JSON and for other
 * scanners' own reports (Inspector2 API output, Trivy, grype, ...).
 * An empty "Findings" array (Security Hub's spelling) is ASFF; an
 * empty "findings" array is not, as Inspector2 writes that too.
 */
enum vigil_format vigil_finding_detect(const char *buf, size_t len);

/*
 * Parses one ASFF or SARIF document of len bytes (a UTF-8 byte order
 * mark is skipped).  fmt is VIGIL_FMT_ASFF, VIGIL_FMT_SARIF, or
 * VIGIL_FMT_UNKNOWN to detect it.  origin names the document in debug
 * log lines.
 *
 * Returns 0 when the document was read, even if single findings were
 * rejected (each reported to sink->on_error); VIGIL_EPARSE when it is
 * not valid JSON ("invalid JSON at byte N (line L, column C): cause");
 * VIGIL_EFORMAT when it is JSON of no finding format; VIGIL_ELIMIT when
 * it is larger than 256 MiB; VIGIL_EINVAL for bad arguments; or the
 * first negative value returned by on_finding.  Document-level
 * failures are described in *err (which may be NULL), never passed to
 * on_error.
 */
int vigil_finding_parse(enum vigil_format fmt, const char *buf, size_t len,
                        const char *origin,
                        const struct vigil_finding_sink *sink,
                        struct vigil_error *err);

#endif
