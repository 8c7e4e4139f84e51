/*
 * fuzz_version_range.c - feeds arbitrary bytes to the semver, npm and
 * pep440 schemes: validation, comparison, range membership and the
 * npm/PEP 440 extras.  Aborts when a comparison is not a consistent
 * order (antisymmetry, reflexivity, transitivity) or when normalising a
 * PEP 440 version changes its place in the order.
 *
 * Input: up to three lines "A\nB\nC"; A, B and C are tried both as
 * versions and as ranges.  The input length picks the option flags.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/npm.h"
#include "vigil/pep440.h"
#include "vigil/version.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 4096

static const char *const names[] = { "semver", "npm", "pep440" };

/* Antisymmetry and reflexivity of one pair, when both parse. */
static void check_pair(const struct vigil_scheme *s, const char *a,
                       const char *b)
{
    struct vigil_error err;
    int ab, ba, aa;

    if (s->compare(a, b, &ab, &err) != 0)
        return;
    if (s->compare(b, a, &ba, &err) != 0 || ab != -ba)
        abort();
    if (s->compare(a, a, &aa, &err) != 0 || aa != 0)
        abort();
    if (ab < -1 || ab > 1)
        abort();
}

static void check_order(const struct vigil_scheme *s, char **v)
{
    struct vigil_error err;
    int ab, bc, ac;

    check_pair(s, v[0], v[1]);
    check_pair(s, v[1], v[2]);
    check_pair(s, v[0], v[2]);
    if (s->compare(v[0], v[1], &ab, &err) == 0
        && s->compare(v[1], v[2], &bc, &err) == 0
        && s->compare(v[0], v[2], &ac, &err) == 0 && ab <= 0 && bc <= 0
        && ac > 0)
        abort();
}

static void try_ranges(const struct vigil_scheme *s, char **v)
{
    struct vigil_error err;
    int i, j, yes;

    for (i = 0; i < 3; i++) {
        (void)s->validate(v[i], &err);
        for (j = 0; j < 3; j++) {
            yes = -1;
            if (s->satisfies(v[i], v[j], &yes, &err) == 0 && yes != 0
                && yes != 1)
                abort();
        }
    }
}

static void try_npm(char **v, int flags)
{
    struct vigil_error err;
    char out[512];
    int yes, c;

    (void)vigil_npm_satisfies(v[0], v[1], flags, &yes, &err);
    (void)vigil_npm_outside(v[0], v[1], flags, '>', &yes, &err);
    (void)vigil_npm_outside(v[2], v[1], flags, '<', &yes, &err);
    (void)vigil_npm_range_format(v[1], flags, out, sizeof(out), &err);
    if (vigil_npm_compare(v[0], v[2], flags, &c, &err) == 0) {
        int back;

        if (vigil_npm_compare(v[2], v[0], flags, &back, &err) != 0
            || back != -c)
            abort();
    }
}

/* Normalising must keep a version's place in the order. */
static void try_pep440(char **v, int flags)
{
    struct vigil_error err;
    char norm[VIGIL_PEP440_MAX + 64], again[VIGIL_PEP440_MAX + 64];
    int yes, c;

    (void)vigil_pep440_satisfies(v[0], v[1], flags, &yes, &err);
    (void)vigil_pep440_unsatisfiable(v[1], flags, &yes, &err);
    if (vigil_pep440_normalize(v[0], norm, sizeof(norm), &err) != 0)
        return;
    if (vigil_pep440_compare(v[0], norm, &c, &err) != 0 || c != 0)
        abort();
    if (strlen(norm) > VIGIL_PEP440_MAX)
        return;         /* the normal form may outgrow the length cap */
    if (vigil_pep440_normalize(norm, again, sizeof(again), &err) != 0
        || strcmp(norm, again) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf, *v[3], *nl;
    size_t i;
    int k;

    buf = fuzz_cstring(data, size, MAX_INPUT);
    if (!buf)
        return 0;
    v[0] = buf;
    for (k = 1; k < 3; k++) {
        nl = strchr(v[k - 1], '\n');
        if (nl)
            *nl = '\0';
        v[k] = nl ? nl + 1 : v[k - 1] + strlen(v[k - 1]);
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(names); i++) {
        const struct vigil_scheme *s = vigil_scheme_get(names[i]);

        if (!s)
            abort();
        check_order(s, v);
        try_ranges(s, v);
    }
    try_npm(v, (int)(size & 3));
    try_pep440(v, (int)(size % 64) & 0x3f);
    free(buf);
    return 0;
}
