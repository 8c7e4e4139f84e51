/*
 * scheme_int.h - helpers shared by the version schemes in src/version/
 * and the entry points that tests and other modules use to reach the
 * parts of a scheme that struct vigil_scheme does not expose.
 *
 * Nothing here is public API: names carry the vigil__ prefix.
 */
#ifndef VIGIL_VERSION_SCHEME_INT_H
#define VIGIL_VERSION_SCHEME_INT_H

#include <stddef.h>

#include "vigil/version.h"

/*
 * Longest version string any scheme accepts.  Versions come from feeds
 * and inventories; a cap keeps every parser's work and stack use bounded.
 * LIMIT: longer versions (over 256 bytes for gem and Maven) are refused
 * with an error. See docs/LIMITS.md#version-length.
 */
#define VIGIL__VERSION_MAX 1024

/* Longest range or constraint string the evaluators accept. */
#define VIGIL__RANGE_MAX 4096

/*
 * Compares two runs of ASCII digits as unbounded non-negative integers
 * (leading zeros ignored).  Returns -1, 0 or 1.
 */
int vigil__digits_cmp(const char *a, size_t alen, const char *b,
                      size_t blen);

/*
 * Fails with VIGIL_EINVAL naming v when v is NULL, empty, longer than
 * max bytes, or holds a byte outside printable ASCII (0x21-0x7e) other
 * than the blanks allowed by allow_blank (space and tab).  what names
 * the scheme in the message.
 */
int vigil__version_check_chars(const char *what, const char *v, size_t max,
                               int allow_blank, struct vigil_error *err);

/*
 * Interval notation shared by Maven and NuGet: "[1.0,2.0)", "(,1.5]",
 * "[1.2]".  When union_ok, several intervals may follow each other
 * ("[1,2),[3,4)"), as Maven allows.  Sets *yes when v lies in any of
 * them.  The caller has checked that range starts with '[' or '('.
 */
int vigil__interval_satisfies(const struct vigil_scheme *s, const char *v,
                              const char *range, int union_ok, int *yes,
                              struct vigil_error *err);

/*
 * Go module versions.  Writes the canonical form ("v1.2.0" for "v1.2",
 * build metadata dropped, a missing "v" added) into out.  VIGIL_EINVAL
 * when v is not a valid Go semantic version, VIGIL_ERANGE when out is
 * too small.
 */
int vigil__go_canonical(const char *v, char *out, size_t outlen,
                        struct vigil_error *err);

/*
 * Maven: the canonical form ComparableVersion.getCanonical() prints
 * ("1-alpha2-snapshot" for "1-alpha2snapshot"; "" for "0").
 */
int vigil__maven_canonical(const char *v, char *out, size_t outlen,
                           struct vigil_error *err);

/*
 * RubyGems: Gem::Version#prerelease?, #release, #bump and #eql?.
 * release and bump write the version string Gem::Version#to_s gives.
 */
int vigil__gem_prerelease(const char *v, int *yes, struct vigil_error *err);
int vigil__gem_release(const char *v, char *out, size_t outlen,
                       struct vigil_error *err);
int vigil__gem_bump(const char *v, char *out, size_t outlen,
                    struct vigil_error *err);
int vigil__gem_eql(const char *a, const char *b, int *yes,
                   struct vigil_error *err);

/* Normalized Composer versions grow by ".0" parts, "-dev" and
 * "9999999" runs; this bounds them. */
#define VIGIL__COMPOSER_NORM_MAX (VIGIL__VERSION_MAX + 64)

/*
 * Composer: VersionParser::normalize ("1.2" -> "1.2.0.0",
 * "v2.0-beta.1" -> "2.0.0.0-beta1", "dev-main" stays).  out needs
 * room for about twice the input.
 */
int vigil__composer_normalize(const char *v, char *out, size_t outlen,
                              struct vigil_error *err);

/* PHP's version_compare() on two normalized Composer versions, each at
 * most VIGIL__COMPOSER_NORM_MAX bytes. */
int vigil__composer_php_cmp(const char *a, const char *b);

/* Composer constraint evaluation (composer_constraint.c). */
int vigil__composer_satisfies(const char *v, const char *range, int *yes,
                              struct vigil_error *err);

/*
 * Composer's modifier pattern, anchored at both ends of s[0..len):
 * [._-]?((stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*))?
 * ([.-]?dev)?, case-insensitive.  Fills the spans of the stability word,
 * its numbers and the dev part (len 0 when absent) and returns 1 on a
 * match.
 */
struct vigil__composer_mod {
    const char *stab;
    size_t stab_len;
    const char *num;
    size_t num_len;
    const char *dev;
    size_t dev_len;
};

int vigil__composer_modifier(const char *s, size_t len,
                             struct vigil__composer_mod *m);

#endif
