/*
 * version.h - version schemes: parse, compare, range membership.
 *
 * Every ecosystem's rules live in one file under src/version/ that
 * fills one struct vigil_scheme; src/version/scheme.c lists them.
 * Scheme names: dpkg rpm semver npm pep440 maven go gem apk nuget
 * composer generic.
 */
#ifndef VIGIL_VERSION_H
#define VIGIL_VERSION_H

#include "vigil/common.h"

struct vigil_scheme {
    const char *name;

    /* 0 when v is a valid version of this scheme, else VIGIL_EINVAL
     * with a message in err. */
    int (*validate)(const char *v, struct vigil_error *err);

    /* Sets *cmp to -1, 0 or 1.  VIGIL_EINVAL names the bad version. */
    int (*compare)(const char *a, const char *b, int *cmp,
                   struct vigil_error *err);

    /*
     * Sets *yes to 1 when v satisfies range, a constraint in the
     * ecosystem's native syntax (npm ranges, PEP 440 specifiers, gem
     * requirements, Maven/NuGet interval notation, Composer
     * constraints); for the other schemes a list of comparisons such as
     * ">= 1.0, < 2.0" (comma or space separated, all must hold) or
     * "||"-separated alternatives.  May be NULL: then the generic
     * comparison-list evaluator built on compare() is used.
     */
    int (*satisfies)(const char *v, const char *range, int *yes,
                     struct vigil_error *err);
};

/* Looks a scheme up by name; NULL when unknown. */
const struct vigil_scheme *vigil_scheme_get(const char *name);

/*
 * The scheme for an OSV ecosystem name ("PyPI", "Debian:12",
 * "crates.io", ...) or a purl type ("pypi", "deb", "npm", ...).
 * Never NULL: unknown ecosystems get the generic scheme.
 */
const struct vigil_scheme *vigil_scheme_for_ecosystem(const char *eco);

/* Convenience wrappers taking a scheme name. */
int vigil_version_compare(const char *scheme, const char *a, const char *b,
                          int *cmp, struct vigil_error *err);
int vigil_version_satisfies(const char *scheme, const char *v,
                            const char *range, int *yes,
                            struct vigil_error *err);

/*
 * Evaluates a comparison list (">= 1.0, < 2.0", "=1.2 || >3") with
 * s->compare.  Used by schemes whose satisfies is NULL.
 */
int vigil_version_satisfies_cmp(const struct vigil_scheme *s, const char *v,
                                const char *range, int *yes,
                                struct vigil_error *err);

#endif
