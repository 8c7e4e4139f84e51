/*
 * npm.h - npm package versions and ranges, as node-semver reads them.
 *
 * Versions follow SemVer 2.0.0 with node-semver's allowances: leading
 * and trailing white space is ignored, a leading "v" (or "=", "=v") is
 * accepted, numbers may not exceed 2^53-1 and the whole string may not
 * exceed 256 characters.  VIGIL_NPM_LOOSE accepts what node-semver's
 * loose mode accepts ("01.2.3", "1.2.3beta", "= v 1.2.3").
 *
 * Ranges use node-semver's grammar: comparators ("<", "<=", ">", ">=",
 * "=" or none), hyphen ranges ("1.2 - 2"), x-ranges ("1.x", "1.2.*",
 * "*", ""), tilde ("~1.2.3", "~>1.2") and caret ("^0.2.3") ranges, sets
 * of comparators separated by white space, and "||" between sets.  A
 * pre-release version only satisfies a set in which some comparator has
 * a pre-release on the same major.minor.patch, unless
 * VIGIL_NPM_INCLUDE_PRERELEASE is given.
 *
 * Where node-semver quietly answers "false" for a version it cannot
 * parse, these functions fail with VIGIL_EINVAL instead, so that a
 * caller never mistakes "unreadable" for "not affected".
 *
 * All functions are thread-safe and allocate only temporary memory.
 */
#ifndef VIGIL_NPM_H
#define VIGIL_NPM_H

#include <stddef.h>

#include "vigil/common.h"

#define VIGIL_NPM_LOOSE 0x1
#define VIGIL_NPM_INCLUDE_PRERELEASE 0x2

/* Longest range string accepted (a cap on work; npm sets none). */
#define VIGIL_NPM_RANGE_MAX 65536

/* 0 when v is a valid npm version, else VIGIL_EINVAL with err filled. */
int vigil_npm_valid(const char *v, int flags, struct vigil_error *err);

/* Sets *cmp to -1, 0 or 1 by SemVer precedence (build metadata ignored). */
int vigil_npm_compare(const char *a, const char *b, int flags, int *cmp,
                      struct vigil_error *err);

/*
 * Sets *yes to 1 when version v satisfies range.  Returns 0, or
 * VIGIL_EINVAL when v or range is invalid (err says which and why),
 * VIGIL_ENOMEM, or VIGIL_ELIMIT past VIGIL_NPM_RANGE_MAX.
 */
int vigil_npm_satisfies(const char *v, const char *range, int flags,
                        int *yes, struct vigil_error *err);

/*
 * node-semver's gtr (dir '>') and ltr (dir '<'): sets *yes to 1 when v
 * is above (below) every version the range can match.  Same errors as
 * vigil_npm_satisfies().
 */
int vigil_npm_outside(const char *v, const char *range, int flags, int dir,
                      int *yes, struct vigil_error *err);

/*
 * Writes the range's canonical comparator form, as node-semver's
 * validRange() prints it ("^1.2.3" gives ">=1.2.3 <2.0.0-0", any range
 * gives "*"), into out.  VIGIL_ERANGE when outlen is too small.
 */
int vigil_npm_range_format(const char *range, int flags, char *out,
                           size_t outlen, struct vigil_error *err);

#endif
