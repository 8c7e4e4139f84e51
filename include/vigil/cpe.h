/*
 * cpe.h - CPE 2.3 names: parsing, formatting and name matching.
 *
 * Follows NISTIR 7695 (naming: the 2.3 formatted string binding and the
 * 2.2 URI binding) and NISTIR 7696 (name matching).  A struct vigil_cpe
 * holds the eleven attributes of a well-formed name.  Each attribute is
 * ANY ("*"), NA ("-") or a value kept in its formatted-string bound form:
 * lowercase, with '.', '-' and '_' unquoted, every other punctuation
 * character quoted by a backslash, and unquoted '*' / '?' wildcards
 * allowed only at the start or the end.  Two names that mean the same
 * thing therefore hold the same bytes, so values compare with strcmp().
 *
 * All functions are pure and thread-safe; nothing is allocated.
 */
#ifndef VIGIL_CPE_H
#define VIGIL_CPE_H

#include <stddef.h>

#include "vigil/common.h"
#include "vigil/buf.h"     /* after common.h, which it needs */

enum vigil_cpe_attr {
    VIGIL_CPE_PART,
    VIGIL_CPE_VENDOR,
    VIGIL_CPE_PRODUCT,
    VIGIL_CPE_VERSION,
    VIGIL_CPE_UPDATE,
    VIGIL_CPE_EDITION,
    VIGIL_CPE_LANGUAGE,
    VIGIL_CPE_SW_EDITION,
    VIGIL_CPE_TARGET_SW,
    VIGIL_CPE_TARGET_HW,
    VIGIL_CPE_OTHER,
    VIGIL_CPE_NATTR
};

/* What an attribute holds. */
enum vigil_cpe_kind {
    VIGIL_CPE_VALUE = 0,    /* a value, in value[] */
    VIGIL_CPE_ANY = 1,      /* "*": any value at all */
    VIGIL_CPE_NA = 2        /* "-": the attribute does not apply */
};

/* Attribute relations of NISTIR 7696 table 6-2. */
enum vigil_cpe_relation {
    VIGIL_CPE_DISJOINT,
    VIGIL_CPE_SUBSET,
    VIGIL_CPE_SUPERSET,
    VIGIL_CPE_EQUAL,
    VIGIL_CPE_UNDEFINED     /* the target holds a wildcard */
};

/* Bytes for one bound value, NUL included; longer values are rejected. */
#define VIGIL_CPE_VALUE_MAX 256

struct vigil_cpe {
    unsigned char kind[VIGIL_CPE_NATTR];    /* enum vigil_cpe_kind */
    char value[VIGIL_CPE_NATTR][VIGIL_CPE_VALUE_MAX]; /* "" unless VALUE */
};

/* Sets every attribute to ANY. */
void vigil_cpe_init(struct vigil_cpe *c);

/*
 * Parses a 2.3 formatted string ("cpe:2.3:a:vendor:product:...", exactly
 * eleven attributes) or a 2.2 URI ("cpe:/a:vendor:product:version",
 * trailing attributes may be left out and mean ANY; percent-encoding,
 * %01 and %02 wildcards and the packed "~" edition are understood).
 * Returns 0, or VIGIL_EPARSE with the byte offset in err (may be NULL).
 * *out is written only on success.
 */
int vigil_cpe_parse(const char *s, struct vigil_cpe *out,
                    struct vigil_error *err);

/* Appends the 2.3 formatted string of c to out.  0 or VIGIL_ENOMEM. */
int vigil_cpe_format(const struct vigil_cpe *c, struct vigil_buf *out);

/*
 * Sets attribute a from a plain (unbound) string such as "8.0:p1":
 * NULL or "*" give ANY, "-" gives NA, anything else is quoted as needed
 * and lowercased; it never holds wildcards.  Returns 0, VIGIL_EINVAL
 * for a bad attribute, the part not "a", "o" or "h", or a control or
 * non-ASCII byte, or VIGIL_ELIMIT when too long.
 */
int vigil_cpe_set(struct vigil_cpe *c, enum vigil_cpe_attr a,
                  const char *raw);

/*
 * Copies the plain value of attribute a (quoting removed, so "8.0\:p1"
 * gives "8.0:p1") into out.  Returns 0, VIGIL_ENOTFOUND when the
 * attribute is ANY or NA (check c->kind), or VIGIL_ERANGE when outlen is
 * too small (out is then untouched).
 */
int vigil_cpe_get(const struct vigil_cpe *c, enum vigil_cpe_attr a,
                  char *out, size_t outlen);

/* The NISTIR 7696 relation of source attribute a to target attribute a. */
enum vigil_cpe_relation vigil_cpe_compare_attr(const struct vigil_cpe *source,
                                               const struct vigil_cpe *target,
                                               enum vigil_cpe_attr a);

/*
 * Returns 1 when source (an advisory's pattern) matches target (a name
 * from the inventory), else 0.  This is the CPE name match of NISTIR
 * 7696 (every attribute SUPERSET or EQUAL), so NA never matches a value
 * and part, vendor and product must all agree, with one relaxation: in
 * the attributes after version, a target that leaves the attribute ANY
 * accepts whatever the source names (SUBSET), because inventories rarely
 * fill update, edition, language or target platform.  A version the
 * target leaves ANY does not match a source that names one.
 */
int vigil_cpe_match(const struct vigil_cpe *source,
                    const struct vigil_cpe *target);

#endif
