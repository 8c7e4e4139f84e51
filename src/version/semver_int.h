/*
 * semver_int.h - declarations shared by the semver, npm and pep440
 * scheme files (semver.c, npm.c, npm_range.c, pep440.c, pep440_spec.c).
 * Not part of the public API.
 */
#ifndef VIGIL_SEMVER_INT_H
#define VIGIL_SEMVER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/buf.h"
#include "vigil/common.h"

/* ---- Semantic versions (SemVer 2.0.0 and node-semver) ---- */

/* node-semver refuses numbers above Number.MAX_SAFE_INTEGER. */
#define VIGIL__SV_NODE_MAX_NUM 9007199254740991ULL

/* node-semver refuses version strings longer than this. */
#define VIGIL__SV_NODE_MAX_LEN 256

/*
 * A parsed version.  pre and build point into the parsed text (or to
 * static storage) and are not NUL-terminated; prelen == 0 means no
 * pre-release.
 */
struct vigil__sv {
    uint64_t num[3];
    const char *pre;
    size_t prelen;
    const char *build;
    size_t buildlen;
};

enum vigil__sv_mode {
    VIGIL__SV_STRICT = 0,   /* SemVer 2.0.0 exactly */
    VIGIL__SV_PREFIX = 1,   /* also a leading "=", "v" or "=v" */
    VIGIL__SV_LOOSE = 2,    /* node-semver loose mode */
    VIGIL__SV_NODE = 4      /* node limits: trim, 256 chars, 2^53-1 */
};

/*
 * Parses s[0..len) in the given mode (an OR of vigil__sv_mode).
 * Returns 0, VIGIL_EINVAL (syntax; *why says what) or VIGIL_ERANGE
 * (a number or the length is over a limit).
 */
int vigil__sv_parse(const char *s, size_t len, int mode,
                    struct vigil__sv *out, const char **why);

/* SemVer precedence: -1, 0 or 1.  Build metadata is ignored. */
int vigil__sv_cmp(const struct vigil__sv *a, const struct vigil__sv *b);

/* Compares two dot-separated pre-release strings by SemVer rules. */
int vigil__sv_pre_cmp(const char *a, size_t an, const char *b, size_t bn);

/* Compares two digit strings by numeric value (leading zeros allowed). */
int vigil__sv_digits_cmp(const char *a, size_t an, const char *b, size_t bn);

/* ASCII white space (space, \t, \n, \v, \f, \r). */
int vigil__sv_is_space(int c);

/*
 * Length in bytes of the white-space character at s[0..n) in UTF-8, or
 * 0: what Python's \s / str.isspace() (py != 0) or JavaScript's \s and
 * trim() (py == 0) count as white space, which includes U+00A0, U+2000
 * to U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 and more.
 * vigil__sv_ws_back() measures the character that ends at s + n.
 */
size_t vigil__sv_ws_len(const char *s, size_t n, int py);
size_t vigil__sv_ws_back(const char *s, size_t n, int py);

/* ---- npm ranges (npm_range.c) ---- */

enum vigil__npm_op {
    VIGIL__NPM_ANY,     /* "" or "*": every version */
    VIGIL__NPM_EQ,
    VIGIL__NPM_LT,
    VIGIL__NPM_LE,
    VIGIL__NPM_GT,
    VIGIL__NPM_GE
};

struct vigil__npm_cmp {
    int op;                     /* enum vigil__npm_op */
    struct vigil__sv v;         /* unused for VIGIL__NPM_ANY */
};

/*
 * A parsed range: sets of comparators, set i being
 * cmps[i == 0 ? 0 : set_end[i - 1] .. set_end[i]).  Strings the
 * comparators point to live in arena.
 */
struct vigil__npm_range {
    struct vigil_arena arena;
    struct vigil__npm_cmp *cmps;
    size_t ncmps, capcmps;
    size_t *set_end;
    size_t nsets, capsets;
};

/* flags: VIGIL_NPM_LOOSE, VIGIL_NPM_INCLUDE_PRERELEASE.  On success the
 * caller releases r with vigil__npm_range_release(). */
int vigil__npm_range_parse(struct vigil__npm_range *r, const char *range,
                           int flags, struct vigil_error *err);
void vigil__npm_range_release(struct vigil__npm_range *r);

/* ---- PEP 440 ---- */

#define VIGIL__PV_MAX_RELEASE 32
#define VIGIL__PV_MAX_LOCAL 32
#define VIGIL__PV_MAX_LEN 1024

enum vigil__pv_pre {
    VIGIL__PV_PRE_NONE = 0,
    VIGIL__PV_PRE_A = 1,
    VIGIL__PV_PRE_B = 2,
    VIGIL__PV_PRE_RC = 3
};

struct vigil__pv_local {
    const char *p;      /* points into the parsed text */
    size_t n;
    int numeric;        /* all digits: compared by value */
};

struct vigil__pv {
    uint64_t epoch;
    uint64_t rel[VIGIL__PV_MAX_RELEASE];
    size_t nrel;
    int pre_kind;       /* enum vigil__pv_pre */
    uint64_t pre;
    int has_post;
    uint64_t post;
    int has_dev;
    uint64_t dev;
    size_t nlocal;      /* 0: no local label */
    struct vigil__pv_local local[VIGIL__PV_MAX_LOCAL];
};

/*
 * Parses a PEP 440 version.  Local label parts point into s, which must
 * outlive out.  Returns 0, VIGIL_EINVAL (*why says what) or
 * VIGIL_ERANGE (a number or a segment count is over a limit).
 */
int vigil__pv_parse(const char *s, struct vigil__pv *out, const char **why);

/* PEP 440 ordering: -1, 0 or 1. */
int vigil__pv_cmp(const struct vigil__pv *a, const struct vigil__pv *b);

/* Writes the normalised form; VIGIL_ERANGE when outlen is too small. */
int vigil__pv_format(const struct vigil__pv *v, int with_local, char *out,
                     size_t outlen);

int vigil__pv_is_prerelease(const struct vigil__pv *v);

#endif
