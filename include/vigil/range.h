/*
 * range.h - does an advisory's affected entry cover a given version?
 *
 * Evaluates the ranges of a struct vigil_affected (advisory.h) with a
 * version scheme (version.h): OSV ECOSYSTEM and SEMVER ranges, OSV
 * "versions" lists, CVE 5 version entries and defaultStatus, and NVD
 * cpeMatch bounds; and NVD configurations as AND/OR trees over an
 * inventory's CPE names.  Every verdict carries readable evidence.
 *
 * Nothing is allocated; all functions are thread-safe.
 */
#ifndef VIGIL_RANGE_H
#define VIGIL_RANGE_H

#include <stddef.h>

#include "vigil/common.h"
#include "vigil/buf.h"          /* advisory.h and cpe.h need these two */
#include "vigil/advisory.h"
#include "vigil/cpe.h"
#include "vigil/version.h"

enum vigil_verdict {
    VIGIL_VERDICT_NOT_AFFECTED = 0,
    VIGIL_VERDICT_AFFECTED = 1,
    VIGIL_VERDICT_UNKNOWN = 2      /* the data cannot decide */
};

struct vigil_evidence {
    char scheme[16];     /* scheme used, "generic" when fallback */
    char detail[256];    /* which range or version decided, readable:
                            "ECOSYSTEM range: introduced 2.2, fixed
                            2.2.9" / "version listed" / "lessThan
                            1.9.15-1 (status affected)" / "needs commit
                            history (GIT range)" */
    char fixed[128];     /* the fixed version that ends the matching
                            range, "" when none */
};

/*
 * Decides whether version is affected according to entry a, comparing
 * with scheme (NULL: the generic scheme).  When scheme is the generic
 * one, SEMVER ranges and CVE 5 versionTypes (semver, python, maven, rpm,
 * npm) use their own scheme, provided it can read the versions at hand.
 *
 * Rules, strongest first:
 *  - a version in a->versions is affected; a range that agrees gives the
 *    evidence (it names the fix), one that disagrees loses;
 *  - a version the scheme cannot read is UNKNOWN (reason in detail),
 *    unless a listing names it byte for byte;
 *  - OSV ranges follow the OSV evaluation algorithm: events in version
 *    order, several introduced/fixed pairs per range, introduced "0" is
 *    before everything, limit events bound the range, and a range with
 *    introduced only stays open;
 *  - BOUNDS ranges (CVE 5 version entries, NVD cpeMatch): start (NULL,
 *    "*", "0" or text with no digit: unbounded; "7.0.x": from 7.0) up
 *    to end (the same, and a trailing "*" as in "5.15.*" stands for the
 *    whole 5.15 branch), inclusive or not; status (NULL: affected)
 *    refined by changes.  An exact entry ("5.6.1", "4.x", or a
 *    constraint such as ">= 2.0.0, < 2.0.7") beats a range; among
 *    ranges holding the version, one that says affected wins;
 *  - a version at or past the end of an affected range that it started
 *    in is NOT_AFFECTED (the end is where the fix landed), even when
 *    a->default_status says "affected";
 *  - a bound the scheme cannot compare, then an exact entry that names
 *    no version ("n/a", "various"), give UNKNOWN;
 *  - GIT ranges and BOUNDS with versionType "git" only ever give
 *    UNKNOWN ("needs commit history"); any other evidence wins;
 *  - versions covered by nothing take a->default_status ("affected",
 *    "unaffected", "unknown"), or NOT_AFFECTED when it is NULL.  CVE 5
 *    parsers that want the CVE default ("unknown") must set it;
 *  - an NVD platform entry (kind CPE, node set, vulnerable 0) is never
 *    affected by itself.
 * For kind CPE entries without start or end, the version in a->cpe is
 * the exact version ("*": every version, "-": no version matches, a
 * version with an update such as "beta1": UNKNOWN).
 *
 * Returns 0 with *verdict and *ev set, or VIGIL_EINVAL when a, version
 * or an out-parameter is NULL.  A bad range is not an error: it gives
 * UNKNOWN with the reason.
 */
int vigil_affected_check(const struct vigil_affected *a,
                         const struct vigil_scheme *scheme,
                         const char *version, enum vigil_verdict *verdict,
                         struct vigil_evidence *ev, struct vigil_error *err);

/*
 * Evaluates NVD configurations: entries are cpeMatch entries (kind CPE)
 * whose node is "CONFIG/NODE..." (the same CONFIG prefix is one
 * configuration; entries with the same full node path are one node).
 * A node combines its entries with node_operator ("OR" when NULL) and is
 * negated when node_negate; a configuration combines its nodes with
 * config_operator ("OR" when NULL).  An entry is true when some name in
 * inventory matches its CPE (vigil_cpe_match, version aside) and that
 * name's version is affected by the entry's bounds (with scheme).
 * Several configurations are alternatives.
 *
 * A configuration makes the result AFFECTED only when it is true and at
 * least one vulnerable entry (vulnerable 1, not under a negated node) is
 * true: platform entries must be present but never suffice.  A platform
 * entry that names no version ("cpe:2.3:o:microsoft:windows:-:...", as
 * NVD writes platforms) and has no bounds is present with any version;
 * vulnerable entries keep NA apart from versions.  Unknowns
 * (unreadable CPEs or versions, inventory names without a version)
 * follow three-valued logic and give UNKNOWN when they could change the
 * answer.  ev names the vulnerable entry that matched.
 *
 * Returns 0, or VIGIL_EINVAL for NULL arguments (inventory may be NULL
 * when ninv is 0, entries when n is 0).
 */
int vigil_nvd_config_eval(const struct vigil_affected *entries, size_t n,
                          const struct vigil_cpe *inventory, size_t ninv,
                          const struct vigil_scheme *scheme,
                          enum vigil_verdict *out, struct vigil_evidence *ev,
                          struct vigil_error *err);

#endif
