/*
 * pattern_ops.c - the entries of a pattern's value lists: plain JSON
 * values and the operator objects (prefix, suffix, equals-ignore-case,
 * wildcard, anything-but, exists, numeric, cidr).  Each operator has a
 * compile function in ops[] and a match function in match_fns[], so
 * adding one touches two tables.
 */
#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cJSON.h>

#include "pattern_int.h"
#include "../internal.h"

#define NOMEM(c) vigil_error_set((c)->err, VIGIL_ENOMEM, 0, "out of memory")

/* ---- matching ---- */

/* The event value as a string, or NULL when it is not one. */
static const char *str_of(const cJSON *v, size_t *len)
{
    if (!cJSON_IsString(v) || !v->valuestring)
        return NULL;
    *len = strlen(v->valuestring);
    return v->valuestring;
}

/* LIMIT: only ASCII letters fold; other letters in another case do not
 * match. See docs/LIMITS.md#pattern-case-folding. */
static int m_string(const struct pm_matcher *m, const cJSON *v)
{
    size_t len;
    const char *s = str_of(v, &len);

    return s && len == m->u.str.len && memcmp(s, m->u.str.s, len) == 0;
}

static int m_number(const struct pm_matcher *m, const cJSON *v)
{
    return cJSON_IsNumber(v) && v->valuedouble == m->u.num;
}

static int m_bool(const struct pm_matcher *m, const cJSON *v)
{
    return m->u.flag ? cJSON_IsTrue(v) : cJSON_IsFalse(v);
}

static int m_null(const struct pm_matcher *m, const cJSON *v)
{
    (void)m;
    return cJSON_IsNull(v);
}

/* PREFIX, SUFFIX and their case-blind forms: compare one end. */
static int m_end(const struct pm_matcher *m, const cJSON *v)
{
    size_t len, n = m->u.str.len;
    const char *s = str_of(v, &len);
    int tail = m->kind == PM_SUFFIX || m->kind == PM_SUFFIX_CI;
    int fold = m->kind == PM_PREFIX_CI || m->kind == PM_SUFFIX_CI;

    if (!s || len < n)
        return 0;
    if (tail)
        s += len - n;
    return fold ? vigil__strncaseeq(s, m->u.str.s, n)
                : memcmp(s, m->u.str.s, n) == 0;
}

static int m_equals_ci(const struct pm_matcher *m, const cJSON *v)
{
    size_t len;
    const char *s = str_of(v, &len);

    return s && len == m->u.str.len && vigil__strncaseeq(s, m->u.str.s, len);
}

/* First place of needle[0..nlen) in hay[0..hlen), or NULL. */
static const char *find(const char *hay, size_t hlen, const char *needle,
                        size_t nlen)
{
    size_t i;

    for (i = 0; nlen <= hlen && i <= hlen - nlen; i++)
        if (memcmp(hay + i, needle, nlen) == 0)
            return hay + i;
    return NULL;
}

/*
 * The first and last pieces anchor both ends; the pieces between are
 * placed leftmost in order, which finds a match whenever one exists
 * since '*' is the only wildcard.
 */
static int m_wildcard(const struct pm_matcher *m, const cJSON *v)
{
    const struct pm_wild *w = &m->u.wild;
    const struct pm_seg *first = &w->seg[0], *last = &w->seg[w->nseg - 1];
    size_t len, pos, end, i;
    const char *s = str_of(v, &len), *hit;

    if (!s)
        return 0;
    if (w->nseg == 1)
        return len == first->len && memcmp(s, first->s, len) == 0;
    if (len < first->len + last->len || memcmp(s, first->s, first->len) ||
        memcmp(s + len - last->len, last->s, last->len))
        return 0;
    pos = first->len;
    end = len - last->len;
    for (i = 1; i + 1 < w->nseg; i++) {
        hit = find(s + pos, end - pos, w->seg[i].s, w->seg[i].len);
        if (!hit)
            return 0;
        pos = (size_t)(hit - s) + w->seg[i].len;
    }
    return 1;
}

static int m_numeric(const struct pm_matcher *m, const cJSON *v)
{
    const struct pm_range *r = &m->u.range;
    double x;

    if (!cJSON_IsNumber(v))
        return 0;
    x = v->valuedouble;
    if (r->has_lo && !(x > r->lo || (r->lo_incl && x == r->lo)))
        return 0;
    if (r->has_hi && !(x < r->hi || (r->hi_incl && x == r->hi)))
        return 0;
    return 1;
}

static int m_cidr(const struct pm_matcher *m, const cJSON *v)
{
    const struct pm_cidr *c = &m->u.cidr;
    unsigned char addr[16];
    char buf[64];
    size_t len;
    const char *s = str_of(v, &len);
    unsigned full = c->bits / 8, rest = c->bits % 8;

    if (!s || len >= sizeof(buf))
        return 0;
    memcpy(buf, s, len + 1);
    if (inet_pton(c->family, buf, addr) != 1)
        return 0;
    if (memcmp(addr, c->addr, full) != 0)
        return 0;
    return !rest || ((addr[full] ^ c->addr[full]) >> (8 - rest)) == 0;
}

static int m_anything_but(const struct pm_matcher *m, const cJSON *v)
{
    size_t i;

    for (i = 0; i < m->u.but.n; i++)
        if (vigil__pattern_value_match(&m->u.but.alt[i], v))
            return 0;
    return 1;
}

/* exists looks at presence, which the leaf walk decides (match.c). */
static int m_never(const struct pm_matcher *m, const cJSON *v)
{
    (void)m;
    (void)v;
    return 0;
}

static int (*const match_fns[PM_KIND_COUNT])(const struct pm_matcher *,
                                             const cJSON *) = {
    [PM_STRING] = m_string,         [PM_NUMBER] = m_number,
    [PM_BOOL] = m_bool,             [PM_NULL] = m_null,
    [PM_PREFIX] = m_end,            [PM_SUFFIX] = m_end,
    [PM_EQUALS_CI] = m_equals_ci,   [PM_PREFIX_CI] = m_end,
    [PM_SUFFIX_CI] = m_end,         [PM_WILDCARD] = m_wildcard,
    [PM_NUMERIC] = m_numeric,       [PM_CIDR] = m_cidr,
    [PM_ANYTHING_BUT] = m_anything_but, [PM_EXISTS] = m_never,
};

int vigil__pattern_value_match(const struct pm_matcher *m, const cJSON *v)
{
    return match_fns[m->kind](m, v);
}

/* ---- compiling ---- */

static int set_string(struct pattern_cc *c, struct pm_matcher *m,
                      enum pm_kind kind, const char *s)
{
    size_t len = strlen(s);
    char *copy = vigil__pattern_alloc(c->pat, len + 1, 1);

    if (!copy)
        return NOMEM(c);
    memcpy(copy, s, len);
    m->kind = kind;
    m->u.str.s = copy;
    m->u.str.len = len;
    return 0;
}

static int set_number(struct pattern_cc *c, struct pm_matcher *m,
                      const cJSON *v)
{
    if (!isfinite(v->valuedouble))
        return vigil__pattern_fail(c, VIGIL_EINVAL,
                                   "number is out of range");
    m->kind = PM_NUMBER;
    m->u.num = v->valuedouble;
    return 0;
}

/* prefix and suffix take a string or {"equals-ignore-case": string}. */
static int compile_end(struct pattern_cc *c, const char *op,
                       const cJSON *arg, struct pm_matcher *m,
                       enum pm_kind exact, enum pm_kind fold)
{
    const cJSON *inner = cJSON_IsObject(arg) ? arg->child : NULL;

    if (cJSON_IsString(arg))
        return set_string(c, m, exact, arg->valuestring);
    if (inner && !inner->next && cJSON_IsString(inner) &&
        strcmp(inner->string, "equals-ignore-case") == 0)
        return set_string(c, m, fold, inner->valuestring);
    return vigil__pattern_fail(c, VIGIL_EINVAL, "\"%s\" needs a string or "
                               "{\"equals-ignore-case\": string}", op);
}

static int op_prefix(struct pattern_cc *c, const cJSON *arg,
                     struct pm_matcher *m)
{
    return compile_end(c, "prefix", arg, m, PM_PREFIX, PM_PREFIX_CI);
}

static int op_suffix(struct pattern_cc *c, const cJSON *arg,
                     struct pm_matcher *m)
{
    return compile_end(c, "suffix", arg, m, PM_SUFFIX, PM_SUFFIX_CI);
}

static int op_equals_ci(struct pattern_cc *c, const cJSON *arg,
                        struct pm_matcher *m)
{
    if (!cJSON_IsString(arg))
        return vigil__pattern_fail(c, VIGIL_EINVAL,
                                   "\"equals-ignore-case\" needs a string");
    return set_string(c, m, PM_EQUALS_CI, arg->valuestring);
}

/* Unescaped '*' in s; an escape hides the character after it. */
static size_t count_stars(const char *s)
{
    size_t n = 0;

    for (; *s; s++) {
        if (*s == '\\' && s[1])
            s++;
        else if (*s == '*')
            n++;
    }
    return n;
}

/*
 * Splits s at unescaped '*' into w->seg (room for count_stars() + 1),
 * decoding "\*" and "\\" into out (room for strlen(s)).
 */
static int wild_split(struct pattern_cc *c, const char *s, char *out,
                      struct pm_wild *w)
{
    size_t n = 0;
    int star = 0;

    w->nseg = 1;
    w->seg[0].s = out;
    for (; *s; s++) {
        if (*s == '*') {
            if (star)
                return vigil__pattern_fail(c, VIGIL_EINVAL, "\"wildcard\" "
                                           "has consecutive '*'");
            w->seg[w->nseg - 1].len = n;
            out += n;
            n = 0;
            w->seg[w->nseg++].s = out;
            star = 1;
            continue;
        }
        if (*s == '\\' && s[1] != '*' && s[1] != '\\')
            return vigil__pattern_fail(c, VIGIL_EINVAL, "\"wildcard\" "
                                       "allows '\\' only before '*' or "
                                       "'\\'");
        if (*s == '\\')
            s++;
        out[n++] = *s;
        star = 0;
    }
    w->seg[w->nseg - 1].len = n;
    return 0;
}

static int op_wildcard(struct pattern_cc *c, const cJSON *arg,
                       struct pm_matcher *m)
{
    const char *s;
    char *out;

    if (!cJSON_IsString(arg))
        return vigil__pattern_fail(c, VIGIL_EINVAL,
                                   "\"wildcard\" needs a string");
    s = arg->valuestring;
    m->kind = PM_WILDCARD;
    m->u.wild.seg = vigil__pattern_alloc(c->pat, count_stars(s) + 1,
                                         sizeof(*m->u.wild.seg));
    out = vigil__pattern_alloc(c->pat, strlen(s) + 1, 1);
    if (!m->u.wild.seg || !out)
        return NOMEM(c);
    return wild_split(c, s, out, &m->u.wild);
}

static int op_exists(struct pattern_cc *c, const cJSON *arg,
                     struct pm_matcher *m)
{
    if (!cJSON_IsBool(arg))
        return vigil__pattern_fail(c, VIGIL_EINVAL,
                                   "\"exists\" needs true or false");
    m->kind = PM_EXISTS;
    m->u.flag = cJSON_IsTrue(arg);
    return 0;
}

enum num_side { NUM_EQ, NUM_LO, NUM_HI };

static const struct {
    const char *name;
    enum num_side side;
    int incl;
} num_ops[] = {
    { "=", NUM_EQ, 1 },  { "<", NUM_HI, 0 }, { "<=", NUM_HI, 1 },
    { ">", NUM_LO, 0 },  { ">=", NUM_LO, 1 },
};

/* Adds one operator/number pair to r; seen holds the sides so far. */
static int numeric_pair(struct pattern_cc *c, const cJSON *op,
                        const cJSON *num, struct pm_range *r, int *seen)
{
    size_t i;
    double x = num->valuedouble;
    int bit;

    for (i = 0; i < VIGIL_ARRAY_SIZE(num_ops); i++)
        if (strcmp(op->valuestring, num_ops[i].name) == 0)
            break;
    if (i == VIGIL_ARRAY_SIZE(num_ops))
        return vigil__pattern_fail(c, VIGIL_EINVAL, "\"numeric\" has an "
                                   "unknown operator \"%.32s\"",
                                   op->valuestring);
    if (!isfinite(x))
        return vigil__pattern_fail(c, VIGIL_EINVAL,
                                   "\"numeric\" number is out of range");
    bit = 1 << num_ops[i].side;
    if ((*seen & bit) || (*seen && ((*seen | bit) & (1 << NUM_EQ))))
        return vigil__pattern_fail(c, VIGIL_EINVAL, "\"numeric\" takes "
                                   "\"=\" alone, or at most one lower and "
                                   "one upper bound");
    *seen |= bit;
    if (num_ops[i].side != NUM_HI) {
        r->has_lo = 1;
        r->lo = x;
        r->lo_incl = (unsigned char)num_ops[i].incl;
    }
    if (num_ops[i].side != NUM_LO) {
        r->has_hi = 1;
        r->hi = x;
        r->hi_incl = (unsigned char)num_ops[i].incl;
    }
    return 0;
}

/* [op, n] or [op, n, op, n]: "=" alone, or one or two bounds. */
static int op_numeric(struct pattern_cc *c, const cJSON *arg,
                      struct pm_matcher *m)
{
    struct pm_range *r = &m->u.range;
    int n = cJSON_GetArraySize(arg), i, seen = 0, rc;
    const cJSON *op, *num;

    if (!cJSON_IsArray(arg) || (n != 2 && n != 4))
        goto shape;
    m->kind = PM_NUMERIC;
    for (i = 0; i < n; i += 2) {
        op = cJSON_GetArrayItem(arg, i);
        num = cJSON_GetArrayItem(arg, i + 1);
        if (!cJSON_IsString(op) || !cJSON_IsNumber(num))
            goto shape;
        if ((rc = numeric_pair(c, op, num, r, &seen)))
            return rc;
    }
    if (r->has_lo && r->has_hi && (r->lo > r->hi || (r->lo == r->hi &&
                                   !(r->lo_incl && r->hi_incl))))
        return vigil__pattern_fail(c, VIGIL_EINVAL,
                                   "\"numeric\" range is empty");
    return 0;
shape:
    return vigil__pattern_fail(c, VIGIL_EINVAL, "\"numeric\" needs an "
                               "array of operator/number pairs");
}

/* "addr/bits" or a bare address; host bits are cleared. */
static int parse_network(const char *s, struct pm_cidr *out)
{
    const char *slash = strchr(s, '/');
    size_t alen = slash ? (size_t)(slash - s) : strlen(s), i;
    unsigned max, bits = 0;
    char buf[64];

    if (alen == 0 || alen >= sizeof(buf))
        return -1;
    memcpy(buf, s, alen);
    buf[alen] = '\0';
    out->family = memchr(buf, ':', alen) ? AF_INET6 : AF_INET;
    max = out->family == AF_INET6 ? 128 : 32;
    if (inet_pton(out->family, buf, out->addr) != 1)
        return -1;
    if (!slash) {
        out->bits = max;
        return 0;
    }
    for (i = 1; slash[i]; i++) {
        if (!vigil__isdigit((unsigned char)slash[i]) || i > 3)
            return -1;
        bits = bits * 10 + (unsigned)(slash[i] - '0');
    }
    if (i == 1 || bits > max)
        return -1;
    out->bits = bits;
    for (i = bits; i < max; i++)
        out->addr[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
    return 0;
}

static int op_cidr(struct pattern_cc *c, const cJSON *arg,
                   struct pm_matcher *m)
{
    m->kind = PM_CIDR;
    if (!cJSON_IsString(arg) || parse_network(arg->valuestring,
                                              &m->u.cidr) != 0)
        return vigil__pattern_fail(c, VIGIL_EINVAL, "\"cidr\" needs an "
                                   "IPv4 or IPv6 network such as "
                                   "\"10.0.0.0/24\"");
    return 0;
}

/* Operators anything-but can negate, each given one or more strings. */
static const struct {
    const char *name;
    enum pm_kind kind;
} but_ops[] = {
    { "prefix", PM_PREFIX },
    { "suffix", PM_SUFFIX },
    { "equals-ignore-case", PM_EQUALS_CI },
    { "wildcard", PM_WILDCARD },
};

static int but_alloc(struct pattern_cc *c, struct pm_matcher *m, int n)
{
    int rc;

    if (n > VIGIL_PATTERN_MAX_VALUES)
        return vigil__pattern_fail(c, VIGIL_ELIMIT, "\"anything-but\" has "
                                   "more than %d values",
                                   VIGIL_PATTERN_MAX_VALUES);
    if ((rc = vigil__pattern_count(c, (size_t)n)))
        return rc;
    m->kind = PM_ANYTHING_BUT;
    m->u.but.n = (size_t)n;
    m->u.but.alt = vigil__pattern_alloc(c->pat, (size_t)n,
                                        sizeof(*m->u.but.alt));
    return m->u.but.alt ? 0 : NOMEM(c);
}

/* One string for an anything-but operator. */
static int but_string(struct pattern_cc *c, enum pm_kind kind,
                      const cJSON *s, struct pm_matcher *alt)
{
    if (kind == PM_WILDCARD)
        return op_wildcard(c, s, alt);
    return set_string(c, alt, kind, s->valuestring);
}

/* {"prefix": "x"} and the like, or {"prefix": ["x", "y"]}. */
static int but_operator(struct pattern_cc *c, const cJSON *op,
                        struct pm_matcher *m)
{
    const cJSON *el;
    size_t i, k = 0;
    int rc, list = cJSON_IsArray(op);

    for (i = 0; i < VIGIL_ARRAY_SIZE(but_ops); i++)
        if (strcmp(op->string, but_ops[i].name) == 0)
            break;
    if (i == VIGIL_ARRAY_SIZE(but_ops))
        return vigil__pattern_fail(c, VIGIL_EINVAL, "\"anything-but\" "
                                   "cannot hold \"%.32s\"", op->string);
    if (!cJSON_IsString(op) && (!list || !cJSON_GetArraySize(op)))
        goto bad;
    if ((rc = but_alloc(c, m, list ? cJSON_GetArraySize(op) : 1)))
        return rc;
    if (!list)
        return but_string(c, but_ops[i].kind, op, &m->u.but.alt[0]);
    cJSON_ArrayForEach(el, op) {
        if (!cJSON_IsString(el))
            goto bad;
        if ((rc = but_string(c, but_ops[i].kind, el, &m->u.but.alt[k++])))
            return rc;
    }
    return 0;
bad:
    return vigil__pattern_fail(c, VIGIL_EINVAL, "\"anything-but\" \"%s\" "
                               "needs a string or a list of strings",
                               but_ops[i].name);
}

/* A list of only strings or only numbers, never empty. */
static int but_values(struct pattern_cc *c, const cJSON *arr,
                      struct pm_matcher *m)
{
    const cJSON *el, *first = arr->child;
    size_t k = 0;
    int rc;

    cJSON_ArrayForEach(el, arr)
        if (!(cJSON_IsString(el) && cJSON_IsString(first)) &&
            !(cJSON_IsNumber(el) && cJSON_IsNumber(first)))
            return vigil__pattern_fail(c, VIGIL_EINVAL, "\"anything-but\" "
                                       "list must hold only strings or "
                                       "only numbers");
    if ((rc = but_alloc(c, m, cJSON_GetArraySize(arr))))
        return rc;
    cJSON_ArrayForEach(el, arr) {
        struct pm_matcher *alt = &m->u.but.alt[k++];

        rc = cJSON_IsString(el) ? set_string(c, alt, PM_STRING,
                                             el->valuestring)
                                : set_number(c, alt, el);
        if (rc)
            return rc;
    }
    return 0;
}

static int op_anything_but(struct pattern_cc *c, const cJSON *arg,
                           struct pm_matcher *m)
{
    int rc;

    if (cJSON_IsString(arg) || cJSON_IsNumber(arg)) {
        if ((rc = but_alloc(c, m, 1)))
            return rc;
        return cJSON_IsString(arg)
                   ? set_string(c, &m->u.but.alt[0], PM_STRING,
                                arg->valuestring)
                   : set_number(c, &m->u.but.alt[0], arg);
    }
    if (cJSON_IsArray(arg) && arg->child)
        return but_values(c, arg, m);
    if (cJSON_IsObject(arg) && arg->child && !arg->child->next)
        return but_operator(c, arg->child, m);
    return vigil__pattern_fail(c, VIGIL_EINVAL, "\"anything-but\" needs a "
                               "string, a number, a list of strings or of "
                               "numbers, or one operator");
}

static const struct {
    const char *name;
    int (*compile)(struct pattern_cc *c, const cJSON *arg,
                   struct pm_matcher *m);
} ops[] = {
    { "prefix", op_prefix },
    { "suffix", op_suffix },
    { "equals-ignore-case", op_equals_ci },
    { "wildcard", op_wildcard },
    { "anything-but", op_anything_but },
    { "exists", op_exists },
    { "numeric", op_numeric },
    { "cidr", op_cidr },
};

int vigil__pattern_value(struct pattern_cc *c, const cJSON *v,
                         struct pm_matcher *m)
{
    const cJSON *op = v->child;
    size_t i;

    if (cJSON_IsString(v))
        return set_string(c, m, PM_STRING, v->valuestring);
    if (cJSON_IsNumber(v))
        return set_number(c, m, v);
    if (cJSON_IsBool(v) || cJSON_IsNull(v)) {
        m->kind = cJSON_IsNull(v) ? PM_NULL : PM_BOOL;
        m->u.flag = cJSON_IsTrue(v);
        return 0;
    }
    if (!cJSON_IsObject(v))
        return vigil__pattern_fail(c, VIGIL_EINVAL,
                                   "nested arrays are not allowed");
    if (!op || op->next)
        return vigil__pattern_fail(c, VIGIL_EINVAL, "an operator object "
                                   "needs exactly one key");
    for (i = 0; i < VIGIL_ARRAY_SIZE(ops); i++)
        if (strcmp(op->string, ops[i].name) == 0)
            return ops[i].compile(c, op, m);
    return vigil__pattern_fail(c, VIGIL_EINVAL, "unknown operator "
                               "\"%.64s\"", op->string);
}
