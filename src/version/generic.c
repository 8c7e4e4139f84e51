/*
 * generic.c - the fallback order for ecosystems without a scheme of
 * their own (CPE products, GitHub Actions, CRAN, ...).  Its name is
 * "generic" so that a report can say the fallback was used.
 *
 * A version is read as a list of digit runs and letter runs; anything
 * else only separates them.  Lists compare item by item:
 *   - digit runs by value ("3.0.10" > "3.0.1"), any length;
 *   - letter runs case-insensitively by bytes;
 *   - a number is newer than letters at the same place ("1.0.1" >
 *     "1.0.a");
 *   - a missing item counts as 0 against a number ("1.0" == "1.0.0");
 *     against letters it is newer when the letters are a pre-release
 *     word (alpha, beta, pre, preview, rc, cr, dev, snapshot,
 *     milestone, ea: "1.0-rc1" < "1.0") and older otherwise, so patch
 *     letters count ("1.1.1w" > "1.1.1");
 *   - a leading "v" before a digit is ignored ("v1.2" == "1.2").
 */
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

static const char *const prerelease_words[] = {
    "alpha", "beta", "pre", "preview", "rc", "cr", "dev", "snapshot",
    "milestone", "ea",
};

struct gen_tok {
    const char *s;
    size_t len;
    int num;
};

/* Moves past separators and reads the next run; 0 at the end. */
static int next_tok(const char **pp, struct gen_tok *t)
{
    const char *p = *pp;

    while (*p && !vigil__isalnum((unsigned char)*p))
        p++;
    if (*p == '\0') {
        *pp = p;
        return 0;
    }
    t->s = p;
    t->num = vigil__isdigit((unsigned char)*p);
    while (*p && (t->num ? vigil__isdigit((unsigned char)*p)
                         : vigil__isalpha((unsigned char)*p)))
        p++;
    t->len = (size_t)(p - t->s);
    *pp = p;
    return 1;
}

static int is_prerelease(const struct gen_tok *t)
{
    size_t i, j;

    for (i = 0; i < VIGIL_ARRAY_SIZE(prerelease_words); i++) {
        if (strlen(prerelease_words[i]) != t->len)
            continue;
        for (j = 0; j < t->len; j++)
            if (vigil__tolower((unsigned char)t->s[j]) !=
                prerelease_words[i][j])
                break;
        if (j == t->len)
            return 1;
    }
    return 0;
}

static int alpha_cmp(const struct gen_tok *a, const struct gen_tok *b)
{
    size_t i, n = a->len < b->len ? a->len : b->len;
    int ca, cb;

    for (i = 0; i < n; i++) {
        ca = vigil__tolower((unsigned char)a->s[i]);
        cb = vigil__tolower((unsigned char)b->s[i]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return a->len == b->len ? 0 : (a->len < b->len ? -1 : 1);
}

/* How a lone item compares with nothing on the other side. */
static int vs_missing(const struct gen_tok *t)
{
    if (t->num)
        return vigil__digits_cmp(t->s, t->len, "0", 1);
    return is_prerelease(t) ? -1 : 1;
}

static int tok_cmp(const struct gen_tok *a, const struct gen_tok *b)
{
    if (a->num && b->num)
        return vigil__digits_cmp(a->s, a->len, b->s, b->len);
    if (a->num != b->num)
        return a->num ? 1 : -1;
    return alpha_cmp(a, b);
}

/* Git tags often read "v1.2.3": the "v" is not part of the version. */
static const char *skip_v(const char *s)
{
    if ((*s == 'v' || *s == 'V') && vigil__isdigit((unsigned char)s[1]))
        return s + 1;
    return s;
}

static int generic_validate(const char *v, struct vigil_error *err)
{
    const char *p;
    int rc;

    rc = vigil__version_check_chars("generic", v, VIGIL__VERSION_MAX, 0,
                                    err);
    if (rc != 0)
        return rc;
    for (p = v; *p; p++)
        if (vigil__isalnum((unsigned char)*p))
            return 0;
    return vigil_error_set(err, VIGIL_EINVAL, 0,
                           "invalid version '%.200s': no digits or letters",
                           v);
}

static int generic_compare(const char *a, const char *b, int *cmp,
                           struct vigil_error *err)
{
    struct gen_tok ta, tb;
    int rc, ha, hb, c = 0;

    rc = generic_validate(a, err);
    if (rc == 0)
        rc = generic_validate(b, err);
    if (rc != 0)
        return rc;
    a = skip_v(a);
    b = skip_v(b);

    for (;;) {
        ha = next_tok(&a, &ta);
        hb = next_tok(&b, &tb);
        if (!ha && !hb)
            break;
        if (ha && hb)
            c = tok_cmp(&ta, &tb);
        else
            c = ha ? vs_missing(&ta) : -vs_missing(&tb);
        if (c != 0)
            break;
    }
    *cmp = c;
    return 0;
}

const struct vigil_scheme vigil__scheme_generic = {
    "generic", generic_validate, generic_compare, NULL
};
