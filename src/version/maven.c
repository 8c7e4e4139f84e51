/*
 * maven.c - Maven versions, ordered as Maven's ComparableVersion orders
 * them (https://maven.apache.org/pom.html#version-order-specification).
 *
 * A version is lowercased and cut into items at '.', '-' and at every
 * switch between digits and letters; '-' and a letters-to-digits switch
 * open a nested list.  Items are numbers, qualifiers ("alpha", "rc",
 * anything), "combinations" of a qualifier and a number ("alpha1",
 * also written "alpha-1" or "a1"), and lists.  Qualifiers order
 *     alpha < beta < milestone < rc = cr < snapshot < "" = ga = final =
 *     release < sp < unknown ones (lexically);
 * "a1", "b1", "m1" stand for alpha-1, beta-1, milestone-1.  Zeros before
 * a qualifier or at the end of a list are dropped ("1.0.0" = "1",
 * "1.0-final" = "1").  A number beats a qualifier, a list and a
 * combination at the same place: "1.0.1" > "1.0-sp" > "1.0".
 *
 * Ranges use Maven's interval notation, "[1.0,2.0)", "(,1.5]", "[1.2]",
 * several intervals separated by ',' being a union; anything else is a
 * comparison list (so a bare version means "equal", not Maven's soft
 * "recommended" requirement, which every version would meet).
 */
#include <string.h>

#include "vigil/version.h"
#include "scheme_int.h"
#include "../internal.h"

/* Maven itself refuses longer strings. */
#define MVN_MAX 256
#define MVN_ITEMS (MVN_MAX * 3 + 8)

extern const struct vigil_scheme vigil__scheme_maven;

enum mvn_kind { MVN_INT, MVN_STR, MVN_COMBO, MVN_LIST };

struct mvn_item {
    const char *s;              /* INT: digits, no leading zeros; STR and
                                 * COMBO: the qualifier */
    unsigned short len;
    unsigned char kind;
    unsigned short start;       /* LIST: first child in slots[];
                                 * COMBO: index of its number item */
    unsigned short count;       /* LIST: number of children */
};

struct mvn_ver {
    char low[MVN_MAX + 1];      /* the version, lowercased */
    char text[MVN_MAX + 1];     /* combinations with '-' removed */
    size_t text_used;
    struct mvn_item item[MVN_ITEMS];
    size_t nitems;
    unsigned short slot[MVN_ITEMS];
    size_t nslots;
    unsigned short stack[MVN_ITEMS];
    size_t depth;
};

/* Qualifier ranks; ga, final and release rank as the empty qualifier. */
static const struct {
    const char *name;
    int rank;
} mvn_quals[] = {
    { "alpha", 0 }, { "beta", 1 }, { "milestone", 2 }, { "rc", 3 },
    { "snapshot", 4 }, { "", 5 }, { "ga", 5 }, { "final", 5 },
    { "release", 5 }, { "sp", 6 },
};

#define RANK_UNKNOWN 7

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int new_item(struct mvn_ver *m, enum mvn_kind kind, const char *s,
                    size_t len)
{
    struct mvn_item *it = &m->item[m->nitems];

    it->kind = (unsigned char)kind;
    it->s = s;
    it->len = (unsigned short)len;
    it->start = 0;
    it->count = 0;
    return (int)m->nitems++;
}

/* Children of a list are contiguous in slot[]: a list is never added to
 * again once a nested list follows it. */
static void add_child(struct mvn_ver *m, int list, int child)
{
    struct mvn_item *l = &m->item[list];

    if (l->count == 0)
        l->start = (unsigned short)m->nslots;
    m->slot[m->nslots++] = (unsigned short)child;
    l->count++;
}

static int child(const struct mvn_ver *m, int list, size_t i)
{
    return m->slot[m->item[list].start + i];
}

static int open_list(struct mvn_ver *m, int parent)
{
    int l = new_item(m, MVN_LIST, "", 0);

    add_child(m, parent, l);
    m->stack[m->depth++] = (unsigned short)l;
    return l;
}

/* A qualifier; when a number follows, "a", "b" and "m" are short for
 * alpha, beta and milestone.  "cr" is another name for "rc". */
static int new_qualifier(struct mvn_ver *m, const char *s, size_t n,
                         int followed_by_digit)
{
    static const char *const shorts[][2] = {
        { "a", "alpha" }, { "b", "beta" }, { "m", "milestone" },
    };
    size_t i;

    if (followed_by_digit && n == 1)
        for (i = 0; i < VIGIL_ARRAY_SIZE(shorts); i++)
            if (*s == shorts[i][0][0])
                return new_item(m, MVN_STR, shorts[i][1],
                                strlen(shorts[i][1]));
    if (n == 2 && memcmp(s, "cr", 2) == 0)
        return new_item(m, MVN_STR, "rc", 2);
    return new_item(m, MVN_STR, s, n);
}

static int new_number(struct mvn_ver *m, const char *s, size_t n)
{
    while (n > 1 && *s == '0') {
        s++;
        n--;
    }
    if (n == 0 || *s == '0')
        return new_item(m, MVN_INT, "0", 1);
    return new_item(m, MVN_INT, s, n);
}

/* "alpha-1" / "alpha1": the qualifier and the number after it. */
static int new_combination(struct mvn_ver *m, const char *s, size_t n)
{
    char *t = m->text + m->text_used;
    size_t i, len = 0, digit;
    int q, num, c;

    for (i = 0; i < n; i++)
        if (s[i] != '-')
            t[len++] = s[i];
    m->text_used += len;
    for (digit = 0; digit < len && !is_digit(t[digit]); digit++)
        ;
    if (digit == len)
        digit = 0;
    q = new_qualifier(m, t, digit, 1);
    num = new_number(m, t + digit, len - digit);
    c = new_item(m, MVN_COMBO, m->item[q].s, m->item[q].len);
    m->item[c].start = (unsigned short)num;
    return c;
}

static int new_part(struct mvn_ver *m, int combination, int digits,
                    size_t from, size_t to)
{
    if (combination)
        return new_combination(m, m->low + from, to - from);
    if (digits)
        return new_number(m, m->low + from, to - from);
    return new_qualifier(m, m->low + from, to - from, 0);
}

static int is_null(const struct mvn_ver *m, int i)
{
    const struct mvn_item *it = &m->item[i];

    switch (it->kind) {
    case MVN_INT: return it->s[0] == '0';
    case MVN_STR: return it->len == 0;
    case MVN_LIST: return it->count == 0;
    default: return 0;
    }
}

static void remove_child(struct mvn_ver *m, int list, size_t i)
{
    struct mvn_item *l = &m->item[list];
    unsigned short *base = &m->slot[l->start];

    memmove(base + i, base + i + 1, (l->count - i - 1) * sizeof(*base));
    l->count--;
}

/* Drops zeros that are followed by nothing, a qualifier or a list that
 * starts with one; a list left holding one list becomes that list. */
static void normalize(struct mvn_ver *m, int list)
{
    size_t i;
    int next, first;

    for (i = m->item[list].count; i-- > 0;) {
        if (!is_null(m, child(m, list, i)))
            continue;
        if (i + 1 == m->item[list].count) {
            remove_child(m, list, i);
            continue;
        }
        next = child(m, list, i + 1);
        if (m->item[next].kind == MVN_STR) {
            remove_child(m, list, i);
        } else if (m->item[next].kind == MVN_LIST) {
            first = child(m, next, 0);
            if (m->item[first].kind == MVN_COMBO ||
                m->item[first].kind == MVN_STR)
                remove_child(m, list, i);
        }
    }
    if (m->item[list].count == 1 &&
        m->item[child(m, list, 0)].kind == MVN_LIST) {
        int inner = child(m, list, 0);

        m->item[list].start = m->item[inner].start;
        m->item[list].count = m->item[inner].count;
    }
}

struct mvn_scan {
    int list;
    size_t start;
    int digits;
    int combination;
};

/* The work at one character of the version; see ComparableVersion's
 * parseVersion, which this follows step by step. */
static void scan_char(struct mvn_ver *m, struct mvn_scan *st, size_t i,
                      size_t len)
{
    char c = m->low[i];

    if (c == '.' || c == '-') {
        if (i == st->start) {
            add_child(m, st->list, new_number(m, "0", 1));
        } else {
            /* "X-1" reads as the combination "X1" */
            if (c == '-' && !st->digits && i + 1 != len &&
                is_digit(m->low[i + 1])) {
                st->combination = 1;
                return;
            }
            add_child(m, st->list,
                      new_part(m, st->combination, st->digits, st->start, i));
        }
        st->start = i + 1;
        if (c == '-' && m->item[st->list].count > 0)
            st->list = open_list(m, st->list);
        st->combination = 0;
    } else if (is_digit(c)) {
        if (!st->digits && i > st->start) {
            st->combination = 1;
            if (m->item[st->list].count > 0)
                st->list = open_list(m, st->list);
        }
        st->digits = 1;
    } else {
        if (st->digits && i > st->start) {
            add_child(m, st->list,
                      new_part(m, st->combination, 1, st->start, i));
            st->start = i;
            st->list = open_list(m, st->list);
            st->combination = 0;
        }
        st->digits = 0;
    }
}

static int mvn_parse(const char *v, struct mvn_ver *m,
                     struct vigil_error *err)
{
    struct mvn_scan st;
    size_t i, len;
    int rc;

    rc = vigil__version_check_chars("Maven", v, MVN_MAX, 0, err);
    if (rc != 0)
        return rc;
    len = strlen(v);
    for (i = 0; i <= len; i++)
        m->low[i] = (char)vigil__tolower((unsigned char)v[i]);
    m->text_used = 0;
    m->nitems = m->nslots = m->depth = 0;

    st.list = new_item(m, MVN_LIST, "", 0);
    m->stack[m->depth++] = (unsigned short)st.list;
    st.start = 0;
    st.digits = st.combination = 0;
    for (i = 0; i < len; i++)
        scan_char(m, &st, i, len);
    if (len > st.start) {
        /* a trailing ".X" reads as "-X" */
        if (!st.digits && m->item[st.list].count > 0)
            st.list = open_list(m, st.list);
        add_child(m, st.list,
                  new_part(m, st.combination, st.digits, st.start, len));
    }
    while (m->depth > 0)
        normalize(m, m->stack[--m->depth]);
    return 0;
}

/* Order. */

static int sign(int c)
{
    return c < 0 ? -1 : c > 0;
}

static int qual_rank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(mvn_quals); i++)
        if (strlen(mvn_quals[i].name) == n &&
            memcmp(mvn_quals[i].name, s, n) == 0)
            return mvn_quals[i].rank;
    return RANK_UNKNOWN;
}

static int qual_cmp(const char *a, size_t la, const char *b, size_t lb)
{
    int ra = qual_rank(a, la), rb = qual_rank(b, lb), c;

    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra != RANK_UNKNOWN)
        return 0;
    c = memcmp(a, b, la < lb ? la : lb);
    if (c != 0)
        return sign(c);
    return la == lb ? 0 : (la < lb ? -1 : 1);
}

static int cmp_null(const struct mvn_ver *A, int a);
static int item_cmp(const struct mvn_ver *A, int a, const struct mvn_ver *B,
                    int b);

/* An item against nothing: 0 when it adds nothing ("1.0" = "1"). */
static int cmp_null(const struct mvn_ver *A, int a)
{
    const struct mvn_item *it = &A->item[a];
    size_t i;
    int c;

    switch (it->kind) {
    case MVN_INT:
        return it->s[0] == '0' ? 0 : 1;
    case MVN_STR:
        return qual_cmp(it->s, it->len, "", 0);
    case MVN_COMBO:
        c = qual_cmp(it->s, it->len, "", 0);
        return c != 0 ? c : cmp_null(A, it->start);
    default:
        for (i = 0; i < it->count; i++)
            if ((c = cmp_null(A, child(A, a, i))) != 0)
                return c;
        return 0;
    }
}

static int list_cmp_list(const struct mvn_ver *A, int a,
                         const struct mvn_ver *B, int b)
{
    size_t i, na = A->item[a].count, nb = B->item[b].count;
    int c;

    for (i = 0; i < na || i < nb; i++) {
        if (i >= na)
            c = -cmp_null(B, child(B, b, i));
        else if (i >= nb)
            c = cmp_null(A, child(A, a, i));
        else
            c = item_cmp(A, child(A, a, i), B, child(B, b, i));
        if (c != 0)
            return c;
    }
    return 0;
}

/* A list against a qualifier or a combination. */
static int list_cmp_scalar(const struct mvn_ver *A, int a,
                           const struct mvn_ver *B, int b)
{
    size_t i, n = A->item[a].count;
    int c;

    c = n == 0 ? -cmp_null(B, b) : item_cmp(A, child(A, a, 0), B, b);
    for (i = 1; c == 0 && i < n; i++)
        c = cmp_null(A, child(A, a, i));
    return c;
}

static int str_cmp(const struct mvn_ver *A, int a, const struct mvn_ver *B,
                   int b)
{
    const struct mvn_item *x = &A->item[a], *y = &B->item[b];
    int c;

    switch (y->kind) {
    case MVN_INT:
        return -1;
    case MVN_STR:
        return qual_cmp(x->s, x->len, y->s, y->len);
    case MVN_COMBO:
        c = qual_cmp(x->s, x->len, y->s, y->len);
        if (c != 0)
            return c;
        if (qual_cmp(x->s, x->len, "", 0) == 0)
            return -cmp_null(B, y->start);
        return -1;
    default:
        return -list_cmp_scalar(B, b, A, a);
    }
}

static int combo_cmp(const struct mvn_ver *A, int a, const struct mvn_ver *B,
                     int b)
{
    const struct mvn_item *x = &A->item[a], *y = &B->item[b];
    int c;

    switch (y->kind) {
    case MVN_INT:
        return -1;
    case MVN_STR:
        c = qual_cmp(x->s, x->len, y->s, y->len);
        if (c != 0)
            return c;
        if (qual_cmp(x->s, x->len, "", 0) == 0)
            return cmp_null(A, x->start);
        return 1;
    case MVN_COMBO:
        c = qual_cmp(x->s, x->len, y->s, y->len);
        return c != 0 ? c : item_cmp(A, x->start, B, y->start);
    default:
        return -list_cmp_scalar(B, b, A, a);
    }
}

static int item_cmp(const struct mvn_ver *A, int a, const struct mvn_ver *B,
                    int b)
{
    const struct mvn_item *x = &A->item[a], *y = &B->item[b];

    switch (x->kind) {
    case MVN_INT:
        if (y->kind != MVN_INT)
            return 1;
        return vigil__digits_cmp(x->s, x->len, y->s, y->len);
    case MVN_STR:
        return str_cmp(A, a, B, b);
    case MVN_COMBO:
        return combo_cmp(A, a, B, b);
    default:
        if (y->kind == MVN_INT)
            return -1;
        if (y->kind == MVN_LIST)
            return list_cmp_list(A, a, B, b);
        return list_cmp_scalar(A, a, B, b);
    }
}

/* Canonical form. */

struct out_buf {
    char *p;
    size_t len, cap;
    int full;
};

static void put(struct out_buf *o, const char *s, size_t n)
{
    if (o->len + n >= o->cap) {
        o->full = 1;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void canon_item(const struct mvn_ver *m, int i, struct out_buf *o)
{
    const struct mvn_item *it = &m->item[i];
    size_t k, start = o->len;
    int c;

    if (it->kind != MVN_LIST) {
        put(o, it->s, it->len);
        if (it->kind == MVN_COMBO)
            canon_item(m, it->start, o);
        return;
    }
    for (k = 0; k < it->count; k++) {
        c = child(m, i, k);
        if (o->len > start)
            put(o, m->item[c].kind == MVN_LIST ? "-" : ".", 1);
        canon_item(m, c, o);
    }
}

int vigil__maven_canonical(const char *v, char *out, size_t outlen,
                           struct vigil_error *err)
{
    struct mvn_ver m;
    struct out_buf o = { out, 0, outlen, 0 };
    int rc;

    rc = mvn_parse(v, &m, err);
    if (rc != 0)
        return rc;
    if (outlen == 0)
        return vigil_error_set(err, VIGIL_ERANGE, 0, "buffer too small");
    out[0] = '\0';
    canon_item(&m, 0, &o);
    if (o.full)
        return vigil_error_set(err, VIGIL_ERANGE, 0, "buffer too small");
    return 0;
}

static int maven_validate(const char *v, struct vigil_error *err)
{
    return vigil__version_check_chars("Maven", v, MVN_MAX, 0, err);
}

static int maven_compare(const char *a, const char *b, int *cmp,
                         struct vigil_error *err)
{
    struct mvn_ver ma, mb;
    int rc;

    rc = mvn_parse(a, &ma, err);
    if (rc == 0)
        rc = mvn_parse(b, &mb, err);
    if (rc != 0)
        return rc;
    *cmp = sign(item_cmp(&ma, 0, &mb, 0));
    return 0;
}

static int maven_satisfies(const char *v, const char *range, int *yes,
                           struct vigil_error *err)
{
    const char *p = range;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '[' || *p == '(')
        return vigil__interval_satisfies(&vigil__scheme_maven, v, range, 1,
                                         yes, err);
    return vigil_version_satisfies_cmp(&vigil__scheme_maven, v, range, yes,
                                       err);
}

const struct vigil_scheme vigil__scheme_maven = {
    "maven", maven_validate, maven_compare, maven_satisfies
};
