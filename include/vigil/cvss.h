/*
 * cvss.h - CVSS vector parsing and scoring for versions 2.0, 3.0, 3.1
 * and 4.0, following the FIRST specifications (and, for 4.0, the
 * interpolation of the FIRST reference calculator).
 *
 * Parsing is strict by default: an unknown metric or value, a metric
 * given twice, a missing base metric or (for 2.0 and 4.0, whose
 * specifications fix it) a metric out of order is an error whose
 * message names the metric.  3.x metrics may come in any order.
 *
 * Every function here is pure and thread-safe.
 */
#ifndef VIGIL_CVSS_H
#define VIGIL_CVSS_H

#include "vigil/common.h"

/* Values of struct vigil_cvss.version and of version hints. */
#define VIGIL_CVSS_V20 20
#define VIGIL_CVSS_V30 30
#define VIGIL_CVSS_V31 31
#define VIGIL_CVSS_V40 40

/*
 * Parse flags.  VIGIL_CVSS_LENIENT accepts what real advisories
 * contain although the specifications do not: a 3.x vector without its
 * "CVSS:3.x/" prefix when the caller gives the version, a 2.0 vector in
 * parentheses or with a "CVSS:2.0/" prefix, blanks around the vector,
 * and a vector whose prefix names another version than the hint (it is
 * scored by its prefix).
 */
#define VIGIL_CVSS_LENIENT 0x1

struct vigil_cvss {
    int version;            /* VIGIL_CVSS_V20 .. VIGIL_CVSS_V40 */

    /* Base score.  4.0: CVSS-B, the score of the base metrics alone. */
    double base;

    /*
     * 2.0 and 3.x: the temporal and environmental scores, always
     * computed (from "not defined" values when the vector gives none);
     * has_temporal / has_environmental say whether the vector gives
     * any such metric with a defined value.  4.0: has_temporal means
     * threat metrics, has_environmental environmental metrics, and the
     * two scores are 0.
     */
    double temporal;
    double environmental;
    int has_temporal;
    int has_environmental;

    /*
     * The score of every metric given: 4.0 the score of the whole
     * vector (the one its nomenclature names); 2.0 and 3.x the
     * environmental score when has_environmental, else the temporal
     * score when has_temporal, else the base score.
     */
    double score;

    char nomenclature[10];  /* 4.0: "CVSS-B", "CVSS-BT", "CVSS-BE",
                               "CVSS-BTE"; "" for other versions */
    char macrovector[8];    /* 4.0: EQ1..EQ6 digits, e.g. "001100" */

    /*
     * Qualitative rating, a static string: "None", "Low", "Medium",
     * "High", "Critical" of the base score (4.0: of score); 2.0 uses
     * the NVD bands Low (0-3.9), Medium (4.0-6.9), High (7.0-10.0).
     */
    const char *severity;
};

/*
 * Parses vector and computes its scores.  The version comes from the
 * prefix ("CVSS:3.0/", "CVSS:3.1/", "CVSS:4.0/"); a vector without one
 * is read as 2.0.  flags: 0 or VIGIL_CVSS_LENIENT.
 * Returns 0, VIGIL_EINVAL for NULL arguments, or VIGIL_EPARSE with
 * err->msg naming the offending metric and err->offset its byte offset.
 */
int vigil_cvss_parse(const char *vector, int flags, struct vigil_cvss *out,
                     struct vigil_error *err);

/*
 * As vigil_cvss_parse(), with the version the source filed the vector
 * under (VIGIL_CVSS_V20..V40, or 0 for none).  Without
 * VIGIL_CVSS_LENIENT the vector's prefix must agree with a non-zero
 * hint; with it, a prefix wins over the hint and a 3.x vector without
 * prefix is read as the hinted version.
 */
int vigil_cvss_parse_as(const char *vector, int version_hint, int flags,
                        struct vigil_cvss *out, struct vigil_error *err);

/*
 * Maps "2.0", "3.0", "3.1", "4.0" (also "2", "3", "4" and "v3.1") to
 * VIGIL_CVSS_V20..V40.  Returns 0 when s is unknown or NULL.
 */
int vigil_cvss_version_from_string(const char *s);

/* The severity band of a 3.x/4.0 score, or of a 2.0 score when
 * version is VIGIL_CVSS_V20.  Returns a static string. */
const char *vigil_cvss_severity(int version, double score);

/* Bits of *mismatch from vigil_cvss_check_published(). */
#define VIGIL_CVSS_MISMATCH_SCORE 0x1    /* published != recomputed */
#define VIGIL_CVSS_MISMATCH_VERSION 0x2  /* prefix != claimed version */
#define VIGIL_CVSS_MISMATCH_TEMPORAL 0x4 /* published equals the temporal
                                            or environmental score: the
                                            source filed that one as
                                            base score */

/*
 * Recomputes a published score.  claimed_version is the version the
 * source filed the vector under ("3.1"; NULL when unknown); the vector
 * is read leniently and scored by its own prefix.  published is the
 * source's base score; it is compared with the recomputed base score
 * (4.0: with score, since CVE and NVD records publish the score of the
 * whole vector as baseScore).
 *
 * Both are compared as whole tenths (lround(x * 10)), with no further
 * tolerance: the specifications define every score to one decimal, so
 * any difference there is a real disagreement, and comparing integers
 * avoids binary floating-point noise such as 7.499999.
 *
 * On success writes *out and *mismatch (0 or VIGIL_CVSS_MISMATCH_*
 * bits) and returns 0.  Returns VIGIL_EINVAL for an unknown
 * claimed_version or a published score outside 0..10, VIGIL_EPARSE when
 * the vector cannot be read.
 */
int vigil_cvss_check_published(const char *vector,
                               const char *claimed_version,
                               double published, struct vigil_cvss *out,
                               int *mismatch, struct vigil_error *err);

#endif
