/*
 * apk.c - Alpine package versions as apk-tools (2.14 / 3.x) reads and
 * orders them:
 *
 *     digits{.digits}[letter]{_suffix[digits]}[~hex][-r digits]
 *
 * Suffixes order _alpha < _beta < _pre < _rc < (none) < _cvs < _svn <
 * _git < _hg < _p.  A dotted number with a leading zero compares as a
 * string, as Gentoo does; other numbers compare by value.  When one
 * version is a prefix of the other, the longer one is newer unless what
 * follows is a pre-release suffix.  Wolfi and Chainguard use the same
 * rules.
 */
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

/* Token kinds; the order matters: a token may only follow smaller ones. */
enum apk_tok {
    TOK_INITIAL_DIGIT,
    TOK_DIGIT,
    TOK_LETTER,
    TOK_SUFFIX,
    TOK_SUFFIX_NO,
    TOK_COMMIT_HASH,
    TOK_REVISION_NO,
    TOK_END,
    TOK_INVALID
};

/* Suffix ranks; SUF_NONE is the pivot between pre- and post-releases. */
enum { SUF_INVALID, SUF_NONE = 5 };

static const struct {
    const char *name;
    int rank;
} apk_suffixes[] = {
    { "alpha", 1 }, { "beta", 2 }, { "pre", 3 }, { "rc", 4 },
    { "cvs", 6 },   { "svn", 7 },  { "git", 8 }, { "hg", 9 }, { "p", 10 },
};

struct apk_state {
    enum apk_tok tok;
    int suffix;
    const char *val;            /* the token's text */
    size_t len;
    const char *p;              /* what is left to read */
};

static int suffix_rank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(apk_suffixes); i++)
        if (strlen(apk_suffixes[i].name) == n &&
            memcmp(apk_suffixes[i].name, s, n) == 0)
            return apk_suffixes[i].rank;
    return SUF_INVALID;
}

static int is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static int is_hex(char c)
{
    return vigil__isdigit((unsigned char)c) || (c >= 'a' && c <= 'f');
}

static void take_digits(struct apk_state *t)
{
    t->val = t->p;
    while (vigil__isdigit((unsigned char)*t->p))
        t->p++;
    t->len = (size_t)(t->p - t->val);
    if (t->len == 0)
        t->tok = TOK_INVALID;
}

static void take_run(struct apk_state *t, int (*in)(char))
{
    t->val = t->p;
    while (*t->p && in(*t->p))
        t->p++;
    t->len = (size_t)(t->p - t->val);
}

static void tok_first(struct apk_state *t, const char *v)
{
    t->p = v;
    t->tok = TOK_INITIAL_DIGIT;
    t->suffix = SUF_INVALID;
    take_digits(t);
}

/* Reads the next token; the kind of the previous one decides what may
 * follow. */
static void tok_next(struct apk_state *t)
{
    char c = *t->p;

    if (c == '\0') {
        t->tok = TOK_END;
    } else if (is_lower(c) && t->tok <= TOK_DIGIT) {
        t->val = t->p++;
        t->len = 1;
        t->tok = TOK_LETTER;
    } else if ((c == '.' || vigil__isdigit((unsigned char)c)) &&
               (t->tok == TOK_INITIAL_DIGIT || t->tok == TOK_DIGIT ||
                (t->tok == TOK_SUFFIX && c != '.'))) {
        if (c == '.')
            t->p++;
        t->tok = t->tok == TOK_SUFFIX ? TOK_SUFFIX_NO : TOK_DIGIT;
        take_digits(t);
    } else if (c == '_' && t->tok <= TOK_SUFFIX_NO) {
        t->p++;
        take_run(t, is_lower);
        t->suffix = suffix_rank(t->val, t->len);
        t->tok = t->suffix == SUF_INVALID ? TOK_INVALID : TOK_SUFFIX;
    } else if (c == '~' && t->tok < TOK_COMMIT_HASH) {
        t->p++;
        take_run(t, is_hex);
        t->tok = t->len == 0 ? TOK_INVALID : TOK_COMMIT_HASH;
    } else if (c == '-' && t->p[1] == 'r' && t->tok < TOK_REVISION_NO) {
        t->p += 2;
        t->tok = TOK_REVISION_NO;
        take_digits(t);
    } else {
        t->tok = TOK_INVALID;
    }
}

static int blob_sort(const struct apk_state *a, const struct apk_state *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->val, b->val, n);

    if (c != 0)
        return c < 0 ? -1 : 1;
    return a->len == b->len ? 0 : (a->len < b->len ? -1 : 1);
}

/* Compares two tokens of the same kind. */
static int tok_cmp(const struct apk_state *a, const struct apk_state *b)
{
    switch (a->tok) {
    case TOK_DIGIT:
        /* A leading zero means a string sort, as in Gentoo. */
        if (a->val[0] == '0' || b->val[0] == '0')
            return blob_sort(a, b);
        return vigil__digits_cmp(a->val, a->len, b->val, b->len);
    case TOK_INITIAL_DIGIT:
    case TOK_SUFFIX_NO:
    case TOK_REVISION_NO:
        return vigil__digits_cmp(a->val, a->len, b->val, b->len);
    case TOK_LETTER:
        return a->val[0] == b->val[0] ? 0 : (a->val[0] < b->val[0] ? -1 : 1);
    case TOK_SUFFIX:
        return a->suffix == b->suffix ? 0 : (a->suffix < b->suffix ? -1 : 1);
    default:
        return blob_sort(a, b);
    }
}

static int apk_validate(const char *v, struct vigil_error *err)
{
    struct apk_state t;
    int rc;

    rc = vigil__version_check_chars("apk", v, VIGIL__VERSION_MAX, 0, err);
    if (rc != 0)
        return rc;
    for (tok_first(&t, v); t.tok < TOK_END; tok_next(&t))
        ;
    if (t.tok != TOK_END)
        return vigil_error_set(err, VIGIL_EINVAL, (size_t)(t.p - v),
                               "invalid apk version '%.200s': not "
                               "digits{.digits}[letter]{_suffix[n]}[~hash]"
                               "[-rN] at offset %zu", v, (size_t)(t.p - v));
    return 0;
}

static int apk_compare(const char *a, const char *b, int *cmp,
                       struct vigil_error *err)
{
    struct apk_state ta, tb;
    int rc, c = 0;

    rc = apk_validate(a, err);
    if (rc == 0)
        rc = apk_validate(b, err);
    if (rc != 0)
        return rc;

    for (tok_first(&ta, a), tok_first(&tb, b);
         ta.tok == tb.tok && ta.tok < TOK_END;
         tok_next(&ta), tok_next(&tb)) {
        c = tok_cmp(&ta, &tb);
        if (c != 0)
            break;
    }

    /* Equal so far: the longer one wins unless it goes on with a
     * pre-release suffix. */
    if (c == 0 && ta.tok != tb.tok) {
        if (ta.tok == TOK_SUFFIX && ta.suffix < SUF_NONE)
            c = -1;
        else if (tb.tok == TOK_SUFFIX && tb.suffix < SUF_NONE)
            c = 1;
        else
            c = ta.tok > tb.tok ? -1 : 1;
    }
    *cmp = c;
    return 0;
}

const struct vigil_scheme vigil__scheme_apk = {
    "apk", apk_validate, apk_compare, NULL
};
