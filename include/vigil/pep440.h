/*
 * pep440.h - Python package versions and version specifiers (PEP 440),
 * with the behaviour of the `packaging` library (pypa/packaging).
 *
 * Versions are read the way packaging reads them: case does not matter,
 * "-", "_" and "." separators are interchangeable, alpha/beta/c/pre/
 * preview/rev/r are spellings of a/b/rc/post, "1.0-1" is a post-release,
 * a leading "v" and surrounding white space are ignored, "1!" is an
 * epoch and "+ubuntu.1" a local label.
 *
 * Specifier sets are comma-separated lists of "~=", "==", "!=", "<=",
 * ">=", "<", ">" and "===" clauses, all of which must hold, with
 * "==1.*" / "!=1.*" prefix matching and PEP 440's exclusive-ordering
 * rules (">1.7" does not match 1.7.post1, "<1.7" does not match 1.7.dev0
 * or 1.7rc1 unless the clause names a pre-release itself).
 *
 * Limits: versions are at most VIGIL_PEP440_MAX bytes, with at most 32
 * release segments and 32 local segments; numbers in epoch, release,
 * pre, post and dev parts must fit in 64 bits (see docs/LIMITS.md
 * #pep440-limits).  Longer or larger input fails with VIGIL_ERANGE.
 *
 * Where packaging quietly answers "false" for a version it cannot parse,
 * vigil_pep440_satisfies() fails with VIGIL_EINVAL instead, so that a
 * caller never mistakes "unreadable" for "not affected" (only "==="
 * clauses may match strings that are no PEP 440 version).
 *
 * All functions are thread-safe.
 */
#ifndef VIGIL_PEP440_H
#define VIGIL_PEP440_H

#include <stddef.h>

#include "vigil/common.h"

#define VIGIL_PEP440_MAX 1024

/*
 * Pre-release handling for vigil_pep440_satisfies(), mirroring
 * SpecifierSet(spec, prereleases=S).contains(v, prereleases=C,
 * installed=I).  With no flag (S = C = None) a matching pre-release is
 * accepted, as packaging does for a single candidate version.
 */
#define VIGIL_PEP440_PRE_ALLOW 0x01      /* C = True */
#define VIGIL_PEP440_PRE_DENY 0x02       /* C = False */
#define VIGIL_PEP440_SET_PRE_ALLOW 0x04  /* S = True */
#define VIGIL_PEP440_SET_PRE_DENY 0x08   /* S = False */
#define VIGIL_PEP440_INSTALLED 0x10      /* I = True: a pre-release that is
                                            installed always counts */
/* When neither C nor S is given: accept pre-releases only if a clause
 * names one (packaging before 2025, and pip when it picks versions). */
#define VIGIL_PEP440_PRE_IMPLIED 0x20

/* 0 when v is a valid PEP 440 version, else VIGIL_EINVAL/VIGIL_ERANGE. */
int vigil_pep440_valid(const char *v, struct vigil_error *err);

/*
 * Writes the normalised form of v ("1.0-ALPHA.1" gives "1.0a1",
 * "v1.0-5" gives "1.0.post5") into out.  VIGIL_ERANGE when outlen is
 * too small; out is written only on success.
 */
int vigil_pep440_normalize(const char *v, char *out, size_t outlen,
                           struct vigil_error *err);

/* Sets *cmp to -1, 0 or 1 by PEP 440 ordering. */
int vigil_pep440_compare(const char *a, const char *b, int *cmp,
                         struct vigil_error *err);

#define VIGIL_PEP440_PART_MAX (VIGIL_PEP440_MAX + 64)

/* A version taken apart, each part normalised; "" when absent. */
struct vigil_pep440_parts {
    char epoch[24];                          /* "0" when not given */
    char release[VIGIL_PEP440_PART_MAX];     /* "1.0.2" */
    char pre[32];                            /* "a1", "b2", "rc3" */
    char post[24];                           /* "5" */
    char dev[24];                            /* "6" */
    char local[VIGIL_PEP440_PART_MAX];       /* "ubuntu.1" */
    char public_version[VIGIL_PEP440_PART_MAX];  /* without local */
    char base_version[VIGIL_PEP440_PART_MAX];    /* epoch and release */
    int is_prerelease;                       /* has pre or dev */
    int is_devrelease;
    int is_postrelease;
};

int vigil_pep440_parts(const char *v, struct vigil_pep440_parts *out,
                       struct vigil_error *err);

/* 0 when spec is a valid specifier set ("" is valid and matches all). */
int vigil_pep440_spec_valid(const char *spec, struct vigil_error *err);

/*
 * Sets *yes to 1 when v is in the specifier set spec; flags are the
 * VIGIL_PEP440_* pre-release flags above.  VIGIL_EINVAL names the bad
 * version or clause.
 */
int vigil_pep440_satisfies(const char *v, const char *spec, int flags,
                           int *yes, struct vigil_error *err);

/*
 * Sets *yes to 1 when no version at all can satisfy spec (">=2,<1",
 * "==1.*,!=1.*"), as packaging's SpecifierSet.is_unsatisfiable() says.
 * Only VIGIL_PEP440_SET_PRE_DENY in flags matters here.
 */
int vigil_pep440_unsatisfiable(const char *spec, int flags, int *yes,
                               struct vigil_error *err);

#endif
