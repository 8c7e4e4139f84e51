/*
 * match.h - decides which components advisories affect.
 *
 * Each component is compared with the advisories that name its package
 * (by ecosystem and normalised name; Debian binaries also through their
 * source package) using its ecosystem's version rules.  Every match
 * keeps its evidence: the source record, the range, the scheme.
 */
#ifndef VIGIL_MATCH_H
#define VIGIL_MATCH_H

#include "vigil/store.h"

struct vigil_match_stats {
    long long components;     /* components checked */
    long long candidates;     /* affected entries compared */
    long long affected;       /* matches: affected */
    long long unknown;        /* could not decide (GIT ranges, versions
                                 the scheme cannot read) */
    long long new_matches;    /* affected matches not seen before */
    long long gone;           /* matches of the last run not seen again */
    long long skipped_release; /* advisories for another OS release */
    long long cpe_checked;    /* components compared by CPE */
};

struct vigil_match_opts {
    /*
     * Match components that belong to a package ecosystem (PyPI, npm,
     * Debian, ...) by CPE as well.  Off by default: for them the
     * ecosystem's own advisories are exact, while NVD's CPE ranges name
     * upstream versions and miss distribution backports.
     */
    int cpe_for_packages;
};

/*
 * Runs a full match inside the caller's transaction and records the
 * results with vigil_store_match_*.  opts may be NULL (defaults).
 */
int vigil_match_run(struct vigil_store *s, const struct vigil_match_opts *o,
                    struct vigil_match_stats *st, struct vigil_error *err);

/*
 * Whether an advisory for ecosystem adv_eco applies to a component of
 * ecosystem comp_eco on OS release distro ("debian-12", "Debian:12" or
 * NULL): the ecosystem names must agree (case-insensitive); when the
 * advisory names a release, the component's must be the same.
 */
int vigil_match_ecosystem(const char *adv_eco, const char *comp_eco,
                          const char *distro);

/*
 * Writes the canonical form ("debian-12", "ubuntu-22.04",
 * "alpine-3.19", "rhel-9") of an OS release as users write it
 * ("Debian 12", "debian-12.4", "bookworm", "Alpine:v3.19") into out.
 * Returns 1, or 0 for a release it does not know.
 */
int vigil_distro_normalize(const char *in, char *out, size_t outlen);

#endif
