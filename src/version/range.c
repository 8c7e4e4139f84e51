/*
 * range.c - whether one affected entry covers one version: OSV ranges
 * and versions lists, CVE 5 / NVD bounds with defaultStatus, and the
 * evidence that says which piece of the record decided.
 *
 * Each piece of the record yields an outcome with a priority; the
 * strongest outcome is the verdict (see the rules in range.h).  NVD
 * configurations are in range_nvd.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigil/range.h"
#include "range_int.h"
#include "../internal.h"

/* Outcome priorities, weakest first. */
enum prio {
    P_NONE,
    P_DEFAULT,      /* defaultStatus */
    P_GIT,          /* only commit ranges: needs history */
    P_VAGUE,        /* an entry that names no usable version */
    P_NOCMP,        /* a bound the scheme cannot compare */
    P_PAST,         /* at or past the end of an affected range */
    P_NOT,          /* a range or list that was read and excludes it */
    P_UNK_STATUS,   /* inside an entry whose status is "unknown" */
    P_LISTED,       /* in the versions list */
    P_AFFECTED      /* inside an affected range */
};

struct result {
    enum prio prio;
    enum vigil_verdict verdict;
    const struct vigil_scheme *scheme;
    char detail[256];
    char fixed[128];
};

struct ctx {
    const struct vigil_scheme *s;   /* the caller's scheme */
    const char *v;
    struct result res;
};

void vigil__range_copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static void consider(struct ctx *c, enum prio prio, enum vigil_verdict vd,
                     const struct vigil_scheme *s, const char *fixed,
                     const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Keeps the outcome when it is stronger than what is known so far. */
static void consider(struct ctx *c, enum prio prio, enum vigil_verdict vd,
                     const struct vigil_scheme *s, const char *fixed,
                     const char *fmt, ...)
{
    va_list ap;

    if (prio <= c->res.prio)
        return;
    c->res.prio = prio;
    c->res.verdict = vd;
    c->res.scheme = s;
    vigil__range_copy(c->res.fixed, sizeof(c->res.fixed), fixed);
    va_start(ap, fmt);
    vsnprintf(c->res.detail, sizeof(c->res.detail), fmt, ap);
    va_end(ap);
}

/* Compares a with b; -1 when the scheme cannot read one of them. */
static int vcmp(const struct vigil_scheme *s, const char *a, const char *b,
                int *cmp)
{
    struct vigil_error e;

    if (!a || !b)
        return -1;
    if (strcmp(a, b) == 0) {
        *cmp = 0;
        return 0;
    }
    return s->compare(a, b, cmp, &e) == 0 ? 0 : -1;
}

static int has_digit(const char *s)
{
    for (; s && *s; s++)
        if (vigil__isdigit((unsigned char)*s))
            return 1;
    return 0;
}

/* Starts that mean "from the first version": "0" as in OSV and CVE 5. */
static int open_start(const char *s)
{
    return !s || !*s || strcmp(s, "*") == 0 || strcmp(s, "0") == 0 ||
           !has_digit(s);
}

/*
 * Ends that mean "no end": "*", "unspecified", "publication", and
 * patterns such as "log4j-core*" whose stem is not a version.
 */
static int open_end(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n > 1 && s[n - 1] == '*' && !vigil__isdigit((unsigned char)s[0]) &&
        !(s[0] == 'v' && vigil__isdigit((unsigned char)s[1])))
        return 1;
    return n == 0 || strcmp(s, "*") == 0 || !has_digit(s);
}

static const char *status_or_affected(const char *st)
{
    return st ? st : "affected";
}

static enum vigil_verdict status_verdict(const char *st)
{
    st = status_or_affected(st);
    if (vigil__strcasecmp(st, "affected") == 0)
        return VIGIL_VERDICT_AFFECTED;
    if (vigil__strcasecmp(st, "unaffected") == 0)
        return VIGIL_VERDICT_NOT_AFFECTED;
    return VIGIL_VERDICT_UNKNOWN;
}

static enum prio verdict_prio(enum vigil_verdict vd)
{
    return vd == VIGIL_VERDICT_AFFECTED ? P_AFFECTED
         : vd == VIGIL_VERDICT_NOT_AFFECTED ? P_NOT : P_UNK_STATUS;
}

static int is_generic(const struct vigil_scheme *s)
{
    return strcmp(s->name, "generic") == 0;
}

/* CVE 5 versionType to scheme name, used when the caller has none. */
static const struct {
    const char *type;
    const char *scheme;
} version_types[] = {
    { "semver", "semver" }, { "python", "pep440" }, { "maven", "maven" },
    { "rpm", "rpm" },       { "npm", "npm" },       { "SEMVER", "semver" },
};

/* Can s read b, a bound?  Open bounds and constraints pass; a "5.15.*"
 * end is read as its stem "5.15". */
static int reads_bound(const struct vigil_scheme *s, const char *b)
{
    char stem[128];
    size_t n;

    if (!b || !has_digit(b) || strcmp(b, "0") == 0 || strpbrk(b, "<>= "))
        return 1;
    n = strlen(b);
    if (b[n - 1] == '*') {
        while (n > 1 && strchr("*.-_", b[n - 1]))
            n--;
        if (n >= sizeof(stem))
            return 0;
        memcpy(stem, b, n);
        stem[n] = '\0';
        b = stem;
    }
    return s->validate(b, NULL) == 0;
}

/* Can s read v and the bounds of r? */
static int reads_all(const struct vigil_scheme *s, const char *v,
                     const struct vigil_range *r)
{
    return !s->validate ||
           (s->validate(v, NULL) == 0 && reads_bound(s, r->start) &&
            reads_bound(s, r->end) && reads_bound(s, r->exact));
}

/*
 * The scheme for one range: the caller's, unless that is the generic
 * one and the range says better (SEMVER, or a CVE 5 versionType) and
 * that scheme can read the versions at hand: CNAs call "6.12" semver.
 */
static const struct vigil_scheme *range_scheme(const struct ctx *c,
                                               const struct vigil_range *r)
{
    const struct vigil_scheme *s = NULL;
    const char *want = r->version_type;
    size_t i;

    if (!is_generic(c->s))
        return c->s;
    if (r->type && strcmp(r->type, "SEMVER") == 0)
        want = "SEMVER";
    for (i = 0; want && i < VIGIL_ARRAY_SIZE(version_types); i++)
        if (vigil__strcasecmp(version_types[i].type, want) == 0)
            s = vigil_scheme_get(version_types[i].scheme);
    return s && reads_all(s, c->v, r) ? s : c->s;
}

/*
 * Is v at or below end?  end may carry a trailing '*' ("5.15.*"): then
 * every version that starts with "5.15." or is not above "5.15" is.
 * Returns 0 with *yes set, or -1 when the versions cannot be compared.
 */
static int below_end(const struct vigil_scheme *s, const char *v,
                     const char *end, int incl, int *yes)
{
    char stem[128];
    size_t n = strlen(end);
    int cmp;

    if (n > 1 && end[n - 1] == '*') {
        if (strncmp(v, end, n - 1) == 0) {
            *yes = 1;
            return 0;
        }
        if (n - 1 >= sizeof(stem))
            return -1;
        memcpy(stem, end, n - 1);
        while (n > 1 && strchr(".-_", stem[n - 2]))
            n--;
        stem[n - 1] = '\0';
        if (vcmp(s, v, stem, &cmp))
            return -1;
        *yes = cmp <= 0;
        return 0;
    }
    if (vcmp(s, v, end, &cmp))
        return -1;
    *yes = incl ? cmp <= 0 : cmp < 0;
    return 0;
}

/* --- OSV ranges ------------------------------------------------------ */

static int is_zero_intro(const struct vigil_event *e)
{
    return e->kind == VIGIL_EV_INTRODUCED && e->version &&
           strcmp(e->version, "0") == 0;
}

/* At equal versions a fixed event comes first, so that "fixed 2.0,
 * introduced 2.0" reopens the range, and last_affected comes last. */
static int rank(const struct vigil_event *e)
{
    return e->kind == VIGIL_EV_FIXED ? 0
         : e->kind == VIGIL_EV_INTRODUCED ? 1 : 2;
}

/* Sorts events: by version (introduced "0" first), then by rank. */
static int ev_order(const struct vigil_scheme *s, const struct vigil_event *a,
                    const struct vigil_event *b, int *out)
{
    int za = is_zero_intro(a), zb = is_zero_intro(b), cmp;

    if (za || zb)
        cmp = za == zb ? 0 : za ? -1 : 1;
    else if (vcmp(s, a->version, b->version, &cmp))
        return -1;
    if (cmp == 0)
        cmp = rank(a) - rank(b);
    *out = cmp;
    return 0;
}

/* Has v reached event e (the OSV algorithm's test for that event)? */
static int ev_reached(const struct vigil_scheme *s, const char *v,
                      const struct vigil_event *e, int *yes)
{
    int cmp;

    if (is_zero_intro(e)) {
        *yes = 1;
        return 0;
    }
    if (vcmp(s, v, e->version, &cmp))
        return -1;
    *yes = e->kind == VIGIL_EV_LAST_AFFECTED ? cmp > 0 : cmp >= 0;
    return 0;
}

/*
 * Limit events: v must be below one of them.  Returns 1 inside, 0
 * outside, -1 when a limit cannot be compared.
 */
static int within_limits(const struct vigil_scheme *s, const char *v,
                         const struct vigil_range *r)
{
    size_t i, nlimits = 0;
    int cmp;

    for (i = 0; i < r->nevents; i++) {
        const struct vigil_event *e = &r->events[i];

        if (e->kind != VIGIL_EV_LIMIT)
            continue;
        nlimits++;
        if (e->version && strcmp(e->version, "*") == 0)
            return 1;
        if (vcmp(s, v, e->version, &cmp))
            return -1;
        if (cmp < 0)
            return 1;
    }
    return nlimits == 0;
}

/* The event that ends the interval win opened: the first fixed or
 * last_affected event after it, or NULL. */
static const struct vigil_event *interval_end(const struct vigil_scheme *s,
                                              const struct vigil_range *r,
                                              const struct vigil_event *win)
{
    const struct vigil_event *end = NULL;
    size_t i;
    int o;

    for (i = 0; i < r->nevents; i++) {
        const struct vigil_event *e = &r->events[i];

        if ((e->kind != VIGIL_EV_FIXED && e->kind != VIGIL_EV_LAST_AFFECTED)
            || ev_order(s, e, win, &o) || o <= 0)
            continue;
        if (!end || (ev_order(s, e, end, &o) == 0 && o < 0))
            end = e;
    }
    return end;
}

static void osv_affected(struct ctx *c, const struct vigil_scheme *s,
                         const struct vigil_range *r,
                         const struct vigil_event *win)
{
    const struct vigil_event *end = interval_end(s, r, win);
    int fixed = end && end->kind == VIGIL_EV_FIXED;

    if (!end)
        consider(c, P_AFFECTED, VIGIL_VERDICT_AFFECTED, s, NULL,
                 "%s range: introduced %s, not fixed", r->type,
                 win->version);
    else
        consider(c, P_AFFECTED, VIGIL_VERDICT_AFFECTED, s,
                 fixed ? end->version : NULL, "%s range: introduced %s, %s %s",
                 r->type, win->version, fixed ? "fixed" : "last_affected",
                 end->version);
}

/*
 * One OSV ECOSYSTEM or SEMVER range.  The OSV algorithm walks the
 * sorted events and keeps the state set by the last event v reached;
 * that is the greatest reached event in sort order, so no sort is
 * needed.
 */
static void osv_range(struct ctx *c, const struct vigil_range *r)
{
    const struct vigil_scheme *s = range_scheme(c, r);
    const struct vigil_event *win = NULL;
    size_t i;
    int yes, o = 0, lim;

    for (i = 0; i < r->nevents; i++) {
        const struct vigil_event *e = &r->events[i];

        if (e->kind == VIGIL_EV_LIMIT)
            continue;
        if (!e->version || ev_reached(s, c->v, e, &yes) ||
            (yes && win && ev_order(s, e, win, &o))) {
            consider(c, P_NOCMP, VIGIL_VERDICT_UNKNOWN, s, NULL,
                     "%s range: cannot compare with event '%s' (%s)",
                     r->type, e->version ? e->version : "", s->name);
            return;
        }
        if (yes && (!win || o > 0))
            win = e;
    }
    lim = within_limits(s, c->v, r);
    if (lim < 0)
        consider(c, P_NOCMP, VIGIL_VERDICT_UNKNOWN, s, NULL,
                 "%s range: cannot compare with a limit (%s)", r->type,
                 s->name);
    else if (lim == 0)
        consider(c, P_NOT, VIGIL_VERDICT_NOT_AFFECTED, s, NULL,
                 "%s range: beyond its limit", r->type);
    else if (win && win->kind == VIGIL_EV_INTRODUCED)
        osv_affected(c, s, r, win);
    else if (win)
        consider(c, P_NOT, VIGIL_VERDICT_NOT_AFFECTED, s, NULL,
                 "%s range: at or after %s %s", r->type,
                 win->kind == VIGIL_EV_FIXED ? "fixed" : "last_affected",
                 win->version);
    else
        consider(c, P_NOT, VIGIL_VERDICT_NOT_AFFECTED, s, NULL,
                 "%s range: before the first introduced version", r->type);
}

/* --- exact versions and CVE 5 constraint strings -------------------- */

enum exact { EX_NO, EX_YES, EX_VAGUE };

static int apply_op(const char *op, size_t n, int cmp, int *ok)
{
    static const struct {
        const char *op;
        int lt, eq, gt;
    } ops[] = {
        { "", 0, 1, 0 },  { "=", 0, 1, 0 },  { "==", 0, 1, 0 },
        { "!=", 1, 0, 1 }, { "<", 1, 0, 0 }, { "<=", 1, 1, 0 },
        { ">", 0, 0, 1 },  { ">=", 0, 1, 1 },
    };
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(ops); i++) {
        if (strlen(ops[i].op) != n || strncmp(ops[i].op, op, n) != 0)
            continue;
        *ok = cmp < 0 ? ops[i].lt : cmp == 0 ? ops[i].eq : ops[i].gt;
        return 0;
    }
    return -1;
}

/*
 * A CVE 5 "version" that holds a constraint, as GitHub publishes them:
 * ">= 2.0.0, < 2.0.7", "< 1.26.18".  All terms must hold.
 */
static enum exact constraint(const struct vigil_scheme *s, const char *v,
                             const char *expr)
{
    char tok[128];
    const char *p = expr, *op;
    size_t nop, n;
    int cmp, ok, all = 1, terms = 0;

    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        for (op = p; *p && strchr("<>=!", *p); p++)
            ;
        nop = (size_t)(p - op);
        while (*p == ' ')
            p++;
        n = strcspn(p, " ,");
        if (n == 0 || n >= sizeof(tok))
            return EX_VAGUE;
        memcpy(tok, p, n);
        tok[n] = '\0';
        p += n;
        if (vcmp(s, v, tok, &cmp) || apply_op(op, nop, cmp, &ok))
            return EX_VAGUE;
        all &= ok;
        terms++;
    }
    return terms == 0 ? EX_VAGUE : all ? EX_YES : EX_NO;
}

/*
 * Does exact name v?  Besides plain versions: "*" and "all" name every
 * version, "4.x" and "4.*" a branch, constraints as above.  Text that
 * names no version ("n/a", "various", "11 and 12") is EX_VAGUE.
 */
static enum exact exact_match(const struct vigil_scheme *s, const char *v,
                              const char *exact)
{
    char stem[128];
    size_t n = strlen(exact);
    int cmp;

    if (strcmp(exact, v) == 0 || strcmp(exact, "*") == 0 ||
        vigil__strcasecmp(exact, "all") == 0 ||
        vigil__strcasecmp(exact, "all versions") == 0)
        return EX_YES;
    if (strchr("<>=!", exact[0]))
        return constraint(s, v, exact);
    if (!has_digit(exact))
        return EX_VAGUE;
    if (n > 2 && n < sizeof(stem) && exact[n - 2] == '.' &&
        (exact[n - 1] == 'x' || exact[n - 1] == '*')) {
        if (strncmp(v, exact, n - 1) == 0)
            return EX_YES;
        memcpy(stem, exact, n - 2);
        stem[n - 2] = '\0';
        return vcmp(s, v, stem, &cmp) ? EX_VAGUE : cmp == 0 ? EX_YES : EX_NO;
    }
    if (vcmp(s, v, exact, &cmp))
        return EX_VAGUE;
    return cmp == 0 ? EX_YES : EX_NO;
}

/* --- bounds (CVE 5 version entries, NVD cpeMatch) ------------------- */

/* What the BOUNDS ranges of one entry say, gathered in one pass. */
struct bounds_acc {
    const struct vigil_range *exact, *inside, *past, *nocmp;
    const char *exact_status, *inside_status, *inside_fixed, *vague;
    int git;
};

/*
 * The start of a range as a version: CVE 5 writers give branch starts
 * such as "7.0.x" or "1.2.x " that mean "from 7.0" / "from 1.2".
 */
static const char *start_version(const char *start, char *buf, size_t n)
{
    size_t len = strlen(start);

    while (len > 0 && strchr(" \t", start[len - 1]))
        len--;
    if (len > 2 && start[len - 2] == '.' &&
        (start[len - 1] == 'x' || start[len - 1] == '*'))
        len -= 2;
    if (len == strlen(start) || len >= n)
        return start;
    memcpy(buf, start, len);
    buf[len] = '\0';
    return buf;
}

/* Is v inside r?  0 with *in and *past set, -1 when not comparable. */
static int in_bounds(const struct vigil_scheme *s, const char *v,
                     const struct vigil_range *r, int *in, int *past)
{
    char buf[128];
    int cmp, below = 1;

    *in = *past = 0;
    if (!open_start(r->start)) {
        if (vcmp(s, v, start_version(r->start, buf, sizeof(buf)), &cmp))
            return -1;
        if (r->start_incl ? cmp < 0 : cmp <= 0)
            return 0;
    }
    if (!open_end(r->end) && below_end(s, v, r->end, r->end_incl, &below))
        return -1;
    *in = below;
    *past = !below;
    return 0;
}

/*
 * The status at v inside r after its changes (the last change at or
 * below v wins), and the version that ends the affected stretch: the
 * next "unaffected" change above v, else an exclusive end.
 */
static const char *status_at(const struct vigil_scheme *s, const char *v,
                             const struct vigil_range *r, const char **fixed)
{
    const struct vigil_change *best = NULL, *next = NULL;
    size_t i;
    int cmp, o;

    for (i = 0; i < r->nchanges; i++) {
        const struct vigil_change *ch = &r->changes[i];

        if (!ch->at || vcmp(s, v, ch->at, &cmp))
            continue;
        if (cmp >= 0 && (!best || (vcmp(s, ch->at, best->at, &o) == 0 &&
                                   o > 0)))
            best = ch;
        if (cmp < 0 && status_verdict(ch->status) ==
            VIGIL_VERDICT_NOT_AFFECTED &&
            (!next || (vcmp(s, ch->at, next->at, &o) == 0 && o < 0)))
            next = ch;
    }
    *fixed = next ? next->at : NULL;
    if (!*fixed && !r->end_incl && !open_end(r->end) &&
        !strchr(r->end, '*'))
        *fixed = r->end;
    return best && best->status ? best->status : status_or_affected(r->status);
}

static int is_git_type(const struct vigil_range *r)
{
    return r->version_type && vigil__strcasecmp(r->version_type, "git") == 0;
}

static void bounds_one(const struct ctx *c, const struct vigil_range *r,
                       struct bounds_acc *acc)
{
    const struct vigil_scheme *s = range_scheme(c, r);
    const char *st, *fixed;
    int in, past;

    if (is_git_type(r)) {
        acc->git = 1;
        return;
    }
    if (r->exact) {
        enum exact m = exact_match(s, c->v, r->exact);

        if (m == EX_VAGUE && !acc->vague)
            acc->vague = r->exact;
        st = status_or_affected(r->status);
        if (m == EX_YES && (!acc->exact ||
                            status_verdict(st) == VIGIL_VERDICT_AFFECTED)) {
            acc->exact = r;
            acc->exact_status = st;
        }
        return;
    }
    if (in_bounds(s, c->v, r, &in, &past)) {
        acc->nocmp = acc->nocmp ? acc->nocmp : r;
        return;
    }
    if (in) {
        st = status_at(s, c->v, r, &fixed);
        if (!acc->inside || (status_verdict(st) == VIGIL_VERDICT_AFFECTED &&
                             status_verdict(acc->inside_status) !=
                             VIGIL_VERDICT_AFFECTED)) {
            acc->inside = r;
            acc->inside_status = st;
            acc->inside_fixed = fixed;
        }
    } else if (past && !acc->past &&
               status_verdict(r->status) == VIGIL_VERDICT_AFFECTED) {
        acc->past = r;
    }
}

/* "from 2.0, lessThan 2.4" in out. */
static void describe(char *out, size_t n, const struct vigil_range *r)
{
    int from = !open_start(r->start), to = !open_end(r->end);

    snprintf(out, n, "%s%s%s%s%s%s", from ? (r->start_incl ? "from " :
                                            "after ") : "",
             from ? r->start : "", from && to ? ", " : "",
             to ? (r->end_incl ? "lessThanOrEqual " : "lessThan ") : "",
             to ? r->end : "", from || to ? "" : "all versions");
}

static void bounds_decide(struct ctx *c, const struct bounds_acc *acc)
{
    enum vigil_verdict vd;
    char what[200];

    if (acc->exact) {
        vd = status_verdict(acc->exact_status);
        consider(c, verdict_prio(vd), vd, range_scheme(c, acc->exact), NULL,
                 "version %s (status %s)", acc->exact->exact,
                 acc->exact_status);
    } else if (acc->inside) {
        vd = status_verdict(acc->inside_status);
        describe(what, sizeof(what), acc->inside);
        consider(c, verdict_prio(vd), vd, range_scheme(c, acc->inside),
                 vd == VIGIL_VERDICT_AFFECTED ? acc->inside_fixed : NULL,
                 "%s (status %s)", what, acc->inside_status);
    } else if (acc->past) {
        describe(what, sizeof(what), acc->past);
        consider(c, P_PAST, VIGIL_VERDICT_NOT_AFFECTED,
                 range_scheme(c, acc->past), NULL,
                 "at or past the end of %s (status affected)", what);
    }
    if (acc->nocmp)
        consider(c, P_NOCMP, VIGIL_VERDICT_UNKNOWN, range_scheme(c,
                 acc->nocmp), NULL, "cannot compare with the bounds of "
                 "'%s' (%s)", acc->nocmp->start ? acc->nocmp->start : "",
                 range_scheme(c, acc->nocmp)->name);
    if (acc->vague)
        consider(c, P_VAGUE, VIGIL_VERDICT_UNKNOWN, c->s, NULL,
                 "version '%s' names no version", acc->vague);
    if (acc->git)
        consider(c, P_GIT, VIGIL_VERDICT_UNKNOWN, c->s, NULL,
                 "needs commit history (git versions)");
}

/*
 * An NVD entry whose CPE names the version itself and carries no
 * bounds: "*" is every version, "-" none, a value that one version (an
 * update such as "beta1" next to it leaves the answer open).
 */
static void cpe_version(struct ctx *c, const struct vigil_affected *a)
{
    const char *st = status_or_affected(a->nranges ? a->ranges[0].status
                                                   : NULL);
    enum vigil_verdict vd = status_verdict(st);
    struct vigil_cpe cpe;
    char ver[VIGIL_CPE_VALUE_MAX], upd[VIGIL_CPE_VALUE_MAX];
    enum exact m;

    if (vigil_cpe_parse(a->cpe, &cpe, NULL) != 0) {
        consider(c, P_VAGUE, VIGIL_VERDICT_UNKNOWN, c->s, NULL,
                 "cannot read CPE '%.200s'", a->cpe);
        return;
    }
    if (cpe.kind[VIGIL_CPE_VERSION] == VIGIL_CPE_ANY) {
        consider(c, verdict_prio(vd), vd, c->s, NULL,
                 "CPE names every version (status %s)", st);
        return;
    }
    if (vigil_cpe_get(&cpe, VIGIL_CPE_VERSION, ver, sizeof(ver)) != 0) {
        consider(c, P_NOT, VIGIL_VERDICT_NOT_AFFECTED, c->s, NULL,
                 "CPE names no version ('-')");
        return;
    }
    m = exact_match(c->s, c->v, ver);

    /* LIMIT: a CPE update such as "beta1" is not compared with the
     * inventory version; such matches give UNKNOWN.  See
     * docs/LIMITS.md#cpe-update. */
    if (m == EX_YES && vigil_cpe_get(&cpe, VIGIL_CPE_UPDATE, upd,
                                     sizeof(upd)) == 0)
        consider(c, P_UNK_STATUS, VIGIL_VERDICT_UNKNOWN, c->s, NULL,
                 "CPE version %s with update %s", ver, upd);
    else if (m == EX_YES)
        consider(c, verdict_prio(vd), vd, c->s, NULL,
                 "CPE version %s (status %s)", ver, st);
    else if (m == EX_NO)
        consider(c, P_NOT, VIGIL_VERDICT_NOT_AFFECTED, c->s, NULL,
                 "CPE names version %s", ver);
    else
        consider(c, P_VAGUE, VIGIL_VERDICT_UNKNOWN, c->s, NULL,
                 "cannot compare with CPE version '%s'", ver);
}

/* Bounds besides the CPE's own version (which parsers may also copy
 * into exact, quoted as in the CPE). */
static int has_bounds(const struct vigil_affected *a)
{
    size_t i;

    for (i = 0; i < a->nranges; i++) {
        const struct vigil_range *r = &a->ranges[i];

        if (r->start || r->end || is_git_type(r))
            return 1;
    }
    return 0;
}

static void bounds_all(struct ctx *c, const struct vigil_affected *a)
{
    struct bounds_acc acc;
    size_t i;

    if (a->kind == VIGIL_AFF_CPE && a->cpe && !has_bounds(a)) {
        cpe_version(c, a);
        return;
    }
    memset(&acc, 0, sizeof(acc));
    for (i = 0; i < a->nranges; i++)
        if (a->ranges[i].type && strcmp(a->ranges[i].type, "BOUNDS") == 0)
            bounds_one(c, &a->ranges[i], &acc);
    bounds_decide(c, &acc);
}

static void osv_all(struct ctx *c, const struct vigil_affected *a)
{
    size_t i;

    for (i = 0; i < a->nranges; i++) {
        const struct vigil_range *r = &a->ranges[i];

        if (!r->type || strcmp(r->type, "BOUNDS") == 0)
            continue;
        /* LIMIT: GIT ranges are not walked through commit history;
         * entries with nothing else give UNKNOWN.  See
         * docs/LIMITS.md#git-ranges. */
        if (strcmp(r->type, "GIT") == 0)
            consider(c, P_GIT, VIGIL_VERDICT_UNKNOWN, c->s, NULL,
                     "needs commit history (GIT range)");
        else if (r->nevents > 0)
            osv_range(c, r);
    }
}

/* Is v one of the listed versions?  by_string: byte equality only. */
static int listed(const struct ctx *c, const struct vigil_affected *a,
                  int by_string)
{
    size_t i;
    int cmp;

    for (i = 0; i < a->nversions; i++) {
        const char *l = a->versions[i];

        if (l && (strcmp(l, c->v) == 0 ||
                  (!by_string && vcmp(c->s, c->v, l, &cmp) == 0 &&
                   cmp == 0)))
            return 1;
    }
    return 0;
}

/* Only byte-equal listings can decide for a version the scheme cannot
 * read. */
static void unreadable(struct ctx *c, const struct vigil_affected *a,
                       const char *why)
{
    size_t i;
    enum vigil_verdict vd;

    for (i = 0; i < a->nranges; i++) {
        const struct vigil_range *r = &a->ranges[i];

        if (r->exact && strcmp(r->exact, c->v) == 0) {
            vd = status_verdict(r->status);
            consider(c, verdict_prio(vd), vd, c->s, NULL,
                     "version %s (status %s)", r->exact,
                     status_or_affected(r->status));
        }
    }
    consider(c, P_NOCMP, VIGIL_VERDICT_UNKNOWN, c->s, NULL,
             "version '%.80s' is not a valid %s version: %.120s", c->v,
             c->s->name, why);
}

static void default_status(struct ctx *c, const struct vigil_affected *a)
{
    enum vigil_verdict vd;

    if (!a->default_status)
        return;
    vd = status_verdict(a->default_status);
    consider(c, P_DEFAULT, vd, c->s, NULL, "defaultStatus %s",
             a->default_status);
}

void vigil__range_check(const struct vigil_affected *a,
                        const struct vigil_scheme *scheme,
                        const char *version, enum vigil_verdict *verdict,
                        struct vigil_evidence *ev)
{
    struct vigil_error e;
    struct ctx c;

    memset(&c, 0, sizeof(c));
    c.s = scheme;
    c.v = version;
    vigil_error_clear(&e);
    if (listed(&c, a, 1))
        consider(&c, P_LISTED, VIGIL_VERDICT_AFFECTED, c.s, NULL,
                 "version listed");
    if (scheme->validate && scheme->validate(version, &e) != 0) {
        unreadable(&c, a, e.msg);
    } else {
        if (c.res.prio == P_NONE && listed(&c, a, 0))
            consider(&c, P_LISTED, VIGIL_VERDICT_AFFECTED, c.s, NULL,
                     "version listed");
        if (c.res.prio == P_NONE && a->nversions > 0)
            consider(&c, P_NOT, VIGIL_VERDICT_NOT_AFFECTED, c.s, NULL,
                     "not among the %zu listed versions", a->nversions);

        /* a range that agrees with the list is the better evidence: it
         * names the fixed version; one that disagrees loses to it */
        osv_all(&c, a);
        bounds_all(&c, a);
        default_status(&c, a);
    }
    if (c.res.prio == P_NONE)
        consider(&c, P_DEFAULT, VIGIL_VERDICT_NOT_AFFECTED, c.s, NULL,
                 "no range or listed version matches");
    *verdict = c.res.verdict;
    vigil__range_copy(ev->scheme, sizeof(ev->scheme), c.res.scheme->name);
    vigil__range_copy(ev->detail, sizeof(ev->detail), c.res.detail);
    vigil__range_copy(ev->fixed, sizeof(ev->fixed), c.res.fixed);
}

int vigil_affected_check(const struct vigil_affected *a,
                         const struct vigil_scheme *scheme,
                         const char *version, enum vigil_verdict *verdict,
                         struct vigil_evidence *ev, struct vigil_error *err)
{
    if (!a || !version || !verdict || !ev)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot check affected entry: missing "
                               "argument");
    if (!scheme)
        scheme = vigil_scheme_get("generic");
    if (!scheme)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "cannot check affected entry: no scheme");
    if (a->kind == VIGIL_AFF_CPE && a->node && !a->vulnerable) {
        *verdict = VIGIL_VERDICT_NOT_AFFECTED;
        vigil__range_copy(ev->scheme, sizeof(ev->scheme), scheme->name);
        vigil__range_copy(ev->detail, sizeof(ev->detail),
                          "platform entry (vulnerable false)");
        ev->fixed[0] = '\0';
        return 0;
    }
    vigil__range_check(a, scheme, version, verdict, ev);
    return 0;
}
