/*
 * fuzz_version.c - fuzz target for the version schemes.
 *
 * Input: the first byte picks a scheme; the rest is split at NUL or
 * newline into version a, version b and an optional range.  Besides
 * looking for crashes, the target aborts when an order law breaks:
 * compare(a, b) must be -1, 0 or 1, must succeed or fail the same way
 * both ways round, must equal -compare(b, a), and compare(a, a) must be
 * 0; for schemes that use the comparison-list evaluator, ">= b" must
 * agree with compare.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/version.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const scheme_names[] = {
    "dpkg", "rpm", "semver", "npm", "pep440", "maven", "go", "gem", "apk",
    "nuget", "composer", "generic",
};

/* Cuts the next field at NUL or newline; NULL when there is none. */
static char *next_field(char **p, char *end)
{
    char *start = *p, *q;

    if (start >= end)
        return NULL;
    for (q = start; q < end && *q != '\0' && *q != '\n'; q++)
        ;
    *q = '\0';
    *p = q + 1;
    return start;
}

/* ">= b" through the comparison-list evaluator must match compare. */
static void check_list(const struct vigil_scheme *s, const char *a,
                       const char *b, int cmp)
{
    char range[1100];
    int yes;

    if (s->satisfies || strlen(b) > 1024 || strpbrk(b, " \t,|<>=!"))
        return;
    memcpy(range, ">= ", 3);
    memcpy(range + 3, b, strlen(b) + 1);
    if (vigil_version_satisfies_cmp(s, a, range, &yes, NULL) == 0 &&
        yes != (cmp >= 0))
        abort();
}

static void check_order(const struct vigil_scheme *s, const char *a,
                        const char *b)
{
    int va, vb, rc1, rc2, c1 = 0, c2 = 0, self;

    va = s->validate(a, NULL) == 0;
    vb = s->validate(b, NULL) == 0;
    rc1 = s->compare(a, b, &c1, NULL);
    rc2 = s->compare(b, a, &c2, NULL);
    if ((rc1 == 0) != (rc2 == 0))
        abort();
    if (rc1 == 0 && (c1 < -1 || c1 > 1 || c2 < -1 || c2 > 1))
        abort();
    if (va && vb && rc1 == 0 && c1 != -c2)
        abort();
    if (va && s->compare(a, a, &self, NULL) == 0 && self != 0)
        abort();
    if (va && vb && rc1 == 0)
        check_list(s, a, b, c1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct vigil_scheme *s;
    char *buf, *p, *a, *b, *range;
    static char empty[1];
    int yes;

    if (size < 1)
        return 0;
    s = vigil_scheme_get(
        scheme_names[data[0] % VIGIL_ARRAY_SIZE(scheme_names)]);
    if (!s)
        abort();
    buf = malloc(size);
    if (!buf)
        return 0;
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    p = buf;
    a = next_field(&p, buf + size - 1);
    b = next_field(&p, buf + size - 1);
    range = next_field(&p, buf + size - 1);
    if (!a)
        a = buf;
    if (!b)
        b = empty;

    check_order(s, a, b);
    vigil_version_satisfies(s->name, a, b, &yes, NULL);
    if (range) {
        vigil_version_satisfies(s->name, a, range, &yes, NULL);
        vigil_version_satisfies(s->name, b, range, &yes, NULL);
        vigil_version_satisfies_cmp(s, a, range, &yes, NULL);
    }
    free(buf);
    return 0;
}
