/*
 * nuget.c - NuGet package versions and ranges, as NuGet.Versioning's
 * NuGetVersion, VersionComparer.Default and VersionRange define them.
 *
 * A version is 1 to 4 dot-separated numbers (a missing one is 0;
 * leading zeros are allowed, each fits in a 32-bit int), then optional
 * "-label.label" and "+metadata".  The order compares the four numbers,
 * then puts any pre-release before the release and compares labels one
 * by one: numeric labels by value and before alphanumeric ones, the
 * others case-insensitively; fewer labels sort first.  Metadata is
 * ignored.
 *
 * Ranges are NuGet's interval notation: "[1.0,2.0)", "(,1.5]",
 * "[1.2]", and a bare version meaning ">= that version".  A range that
 * starts with an operator is a comparison list (">= 1.0, < 2.0").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

extern const struct vigil_scheme vigil__scheme_nuget;

struct nuget_ver {
    unsigned long num[4];
    const char *labels;         /* after '-', up to '+' or the end */
    size_t labels_len;          /* 0: a release */
};

static int bad(const char *v, const char *why, struct vigil_error *err)
{
    return vigil_error_set(err, VIGIL_EINVAL, 0,
                           "invalid NuGet version '%.200s': %s", v, why);
}

static int is_label_char(char c)
{
    return vigil__isalnum((unsigned char)c) || c == '-';
}

static int all_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!vigil__isdigit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

/* Dot-separated parts of s[0..n): none empty, [A-Za-z0-9-] only, and
 * for labels no leading zero on a numeric part. */
static int parts_ok(const char *s, size_t n, int labels)
{
    size_t i = 0, start;

    for (;;) {
        start = i;
        while (i < n && s[i] != '.') {
            if (!is_label_char(s[i]))
                return 0;
            i++;
        }
        if (i == start)
            return 0;
        if (labels && i - start > 1 && s[start] == '0' &&
            all_digits(s + start, i - start))
            return 0;
        if (i == n)
            return 1;
        i++;
    }
}

/* System.Version's part: 2 to 4 numbers, each at most INT_MAX. */
static int parse_numbers(const char *s, size_t n, unsigned long *num)
{
    size_t i = 0, start, k;
    int count = 0;

    memset(num, 0, 4 * sizeof(*num));
    for (;;) {
        start = i;
        while (i < n && vigil__isdigit((unsigned char)s[i]))
            i++;
        if (i == start || count == 4)
            return -1;
        while (start < i - 1 && s[start] == '0')
            start++;
        if (i - start > 10 || (i - start == 10 &&
                               memcmp(s + start, "2147483647", 10) > 0))
            return -1;
        for (k = start; k < i; k++)
            num[count] = num[count] * 10 + (unsigned long)(s[k] - '0');
        count++;
        if (i == n)
            return 0;
        if (s[i++] != '.')
            return -1;
    }
}

static int nuget_parse(const char *v, struct nuget_ver *out,
                       struct vigil_error *err)
{
    const char *s = v, *e, *dash, *plus;
    size_t n;
    int rc;

    rc = vigil__version_check_chars("NuGet", v, VIGIL__VERSION_MAX, 1, err);
    if (rc != 0)
        return rc;
    while (*s == ' ' || *s == '\t')
        s++;
    for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
        ;
    n = (size_t)(e - s);
    if (n == 0)
        return bad(v, "empty", err);

    /* The numbers end at the first '-' or '+'; labels at the next '+'. */
    dash = s + strcspn(s, "-+");
    if (dash > e)
        dash = e;
    plus = memchr(dash, '+', (size_t)(e - dash));
    if (!plus)
        plus = e;
    if (parse_numbers(s, (size_t)(dash - s), out->num) != 0)
        return bad(v, "not 1 to 4 numbers below 2^31", err);
    out->labels = "";
    out->labels_len = 0;
    if (dash < e && *dash == '-') {
        out->labels = dash + 1;
        out->labels_len = (size_t)(plus - dash - 1);
        if (!parts_ok(out->labels, out->labels_len, 1))
            return bad(v, "bad pre-release label", err);
    }
    if (plus < e && !parts_ok(plus + 1, (size_t)(e - plus - 1), 0))
        return bad(v, "bad metadata", err);
    return 0;
}

/* int.TryParse on a label: optional '-', digits, within 32 bits. */
static int label_number(const char *s, size_t n, long long *out)
{
    char buf[16];
    char *end;
    long long x;

    if (n == 0 || n >= sizeof(buf))
        return 0;
    if (!all_digits(*s == '-' ? s + 1 : s, *s == '-' ? n - 1 : n))
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    x = strtoll(buf, &end, 10);
    if (errno == ERANGE || *end || x < -2147483648LL || x > 2147483647LL)
        return 0;
    *out = x;
    return 1;
}

static int label_cmp(const char *a, size_t la, const char *b, size_t lb)
{
    long long na, nb;
    int ia = label_number(a, la, &na), ib = label_number(b, lb, &nb);
    size_t i;
    int ca, cb;

    if (ia && ib)
        return na == nb ? 0 : (na < nb ? -1 : 1);
    if (ia || ib)
        return ia ? -1 : 1;
    for (i = 0; i < la && i < lb; i++) {
        ca = vigil__tolower((unsigned char)a[i]);
        cb = vigil__tolower((unsigned char)b[i]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return la == lb ? 0 : (la < lb ? -1 : 1);
}

static int labels_cmp(const struct nuget_ver *x, const struct nuget_ver *y)
{
    const char *a = x->labels, *b = y->labels;
    const char *ea = a + x->labels_len, *eb = b + y->labels_len, *pa, *pb;
    int c;

    if (x->labels_len == 0 || y->labels_len == 0)
        return x->labels_len == y->labels_len ? 0 :
               (x->labels_len == 0 ? 1 : -1);
    for (;;) {
        for (pa = a; pa < ea && *pa != '.'; pa++)
            ;
        for (pb = b; pb < eb && *pb != '.'; pb++)
            ;
        c = label_cmp(a, (size_t)(pa - a), b, (size_t)(pb - b));
        if (c != 0)
            return c;
        if (pa == ea || pb == eb)
            return pa == ea && pb == eb ? 0 : (pa == ea ? -1 : 1);
        a = pa + 1;
        b = pb + 1;
    }
}

static int nuget_validate(const char *v, struct vigil_error *err)
{
    struct nuget_ver n;

    return nuget_parse(v, &n, err);
}

static int nuget_compare(const char *a, const char *b, int *cmp,
                         struct vigil_error *err)
{
    struct nuget_ver na, nb;
    int rc, i, c = 0;

    rc = nuget_parse(a, &na, err);
    if (rc == 0)
        rc = nuget_parse(b, &nb, err);
    if (rc != 0)
        return rc;

    for (i = 0; i < 4 && c == 0; i++)
        if (na.num[i] != nb.num[i])
            c = na.num[i] < nb.num[i] ? -1 : 1;
    if (c == 0)
        c = labels_cmp(&na, &nb);
    *cmp = c;
    return 0;
}

static int nuget_satisfies(const char *v, const char *range, int *yes,
                           struct vigil_error *err)
{
    const char *p = range;
    int rc, c;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '[' || *p == '(')
        return vigil__interval_satisfies(&vigil__scheme_nuget, v, range, 0,
                                         yes, err);
    if (*p == '<' || *p == '>' || *p == '=' || *p == '!')
        return vigil_version_satisfies_cmp(&vigil__scheme_nuget, v, range,
                                           yes, err);

    /* LIMIT: floating ranges such as "1.*" are not read; such a range is
     * reported as invalid. See docs/LIMITS.md#nuget-floating. */
    if (nuget_validate(range, NULL) != 0)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "invalid NuGet range '%.200s': not an "
                               "interval, a version or a comparison list",
                               range);
    rc = nuget_compare(v, range, &c, err);
    if (rc != 0)
        return rc;
    *yes = c >= 0;
    return 0;
}

const struct vigil_scheme vigil__scheme_nuget = {
    "nuget", nuget_validate, nuget_compare, nuget_satisfies
};
