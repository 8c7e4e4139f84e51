/*
 * range_int.h - shared between range.c and range_nvd.c.
 */
#ifndef VIGIL_RANGE_INT_H
#define VIGIL_RANGE_INT_H

#include "vigil/range.h"

/*
 * vigil_affected_check() without argument checks and without the rule
 * that NVD platform entries are never affected: range_nvd.c needs to
 * know whether a platform's version matches.  scheme is never NULL.
 */
void vigil__range_check(const struct vigil_affected *a,
                        const struct vigil_scheme *scheme,
                        const char *version, enum vigil_verdict *verdict,
                        struct vigil_evidence *ev);

/* Copies src into dst of size n, truncating; dst is always terminated. */
void vigil__range_copy(char *dst, size_t n, const char *src);

#endif
