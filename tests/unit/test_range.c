/*
 * test_range.c - affected-range evaluation: OSV ranges and versions
 * lists, CVE 5 version entries with defaultStatus and changes, NVD
 * cpeMatch bounds and NVD configurations.
 *
 * The range logic is tested with a small scheme defined here ("toy":
 * dot/dash separated numbers and words), so that it does not depend on
 * any real ecosystem's rules; test_range_schemes.c repeats the cases
 * that must hold with the real PyPI and Debian schemes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/range.h"
#include "internal.h"

/* --- the toy scheme -------------------------------------------------- */

static int toy_validate(const char *v, struct vigil_error *err)
{
    const char *p;

    if (!v || !vigil__isdigit((unsigned char)*v))
        return vigil_error_set(err, VIGIL_EINVAL, 0, "bad version");
    for (p = v; *p; p++)
        if (!vigil__isalnum((unsigned char)*p) && !strchr(".-+~_:", *p))
            return vigil_error_set(err, VIGIL_EINVAL, 0, "bad version");
    return 0;
}

/* Next segment of v: a number (*num >= 0) or a word (*num = -1). */
static const char *toy_segment(const char *v, long *num, char *word)
{
    size_t n = 0;

    while (*v && strchr(".-+~_:", *v))
        v++;
    *num = -1;
    if (vigil__isdigit((unsigned char)*v)) {
        *num = 0;
        while (vigil__isdigit((unsigned char)*v))
            *num = *num * 10 + (*v++ - '0');
        return v;
    }
    while (vigil__isalpha((unsigned char)*v) && n < 31)
        word[n++] = *v++;
    word[n] = '\0';
    return v;
}

/* Numbers compare as numbers, words before numbers, a trailing word
 * (a pre-release) before the end. */
static int toy_compare(const char *a, const char *b, int *cmp,
                       struct vigil_error *err)
{
    char wa[32], wb[32];
    long na, nb;

    if (toy_validate(a, err) || toy_validate(b, err))
        return VIGIL_EINVAL;
    for (;;) {
        while (*a && strchr(".-+~_:", *a))
            a++;
        while (*b && strchr(".-+~_:", *b))
            b++;
        if (!*a || !*b) {
            *cmp = !*a && !*b ? 0 : !*a ? (vigil__isalpha(*b) ? 1 : -1)
                                      : (vigil__isalpha(*a) ? -1 : 1);
            return 0;
        }
        a = toy_segment(a, &na, wa);
        b = toy_segment(b, &nb, wb);
        if (na != nb || (na < 0 && strcmp(wa, wb) != 0)) {
            if (na >= 0 && nb >= 0)
                *cmp = na < nb ? -1 : 1;
            else if (na < 0 && nb < 0)
                *cmp = strcmp(wa, wb) < 0 ? -1 : 1;
            else
                *cmp = na < 0 ? -1 : 1;
            return 0;
        }
    }
}

static const struct vigil_scheme toy = {
    "toy", toy_validate, toy_compare, NULL
};

/* --- building affected entries --------------------------------------- */

#define MAXR 8

struct fixture {
    struct vigil_affected a;
    struct vigil_range r[MAXR];
    struct vigil_event ev[MAXR][16];
    struct vigil_change ch[MAXR][8];
    const char *versions[8];
    char pool[2048];
    size_t used;
};

static char *keep(struct fixture *f, const char *s, size_t n)
{
    char *p = f->pool + f->used;

    assert_true(f->used + n + 1 <= sizeof(f->pool));
    memcpy(p, s, n);
    p[n] = '\0';
    f->used += n + 1;
    return p;
}

static void start(struct fixture *f, enum vigil_affected_kind kind)
{
    memset(f, 0, sizeof(*f));
    f->a.kind = kind;
    f->a.ranges = f->r;
    f->a.versions = f->versions;
}

/* An OSV range from "i:0 f:1.2 l:1.4 lim:2.0". */
static void add_osv(struct fixture *f, const char *type, const char *spec)
{
    struct vigil_range *r = &f->r[f->a.nranges];
    const char *p = spec, *colon;
    size_t n;

    r->type = type;
    r->events = f->ev[f->a.nranges++];
    while (*p) {
        struct vigil_event *e = &r->events[r->nevents++];

        colon = strchr(p, ':');
        e->kind = p[0] == 'i' ? VIGIL_EV_INTRODUCED
                : p[0] == 'f' ? VIGIL_EV_FIXED
                : strncmp(p, "lim", 3) == 0 ? VIGIL_EV_LIMIT
                : VIGIL_EV_LAST_AFFECTED;
        n = strcspn(colon + 1, " ");
        e->version = keep(f, colon + 1, n);
        p = colon + 1 + n;
        while (*p == ' ')
            p++;
    }
}

static struct vigil_range *add_bounds(struct fixture *f, const char *from,
                                      const char *to, int to_incl,
                                      const char *status)
{
    struct vigil_range *r = &f->r[f->a.nranges];

    r->type = "BOUNDS";
    r->changes = f->ch[f->a.nranges++];
    r->start = from;
    r->start_incl = 1;
    r->end = to;
    r->end_incl = to_incl;
    r->status = status;
    return r;
}

static void add_exact(struct fixture *f, const char *v, const char *status)
{
    add_bounds(f, NULL, NULL, 0, status)->exact = v;
}

static void add_change(struct vigil_range *r, const char *at,
                       const char *status)
{
    r->changes[r->nchanges].at = at;
    r->changes[r->nchanges++].status = status;
}

/* --- fixtures -------------------------------------------------------- */

/* PyPI-style: two introduced/fixed pairs in one range. */
static void fx_two_pairs(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    add_osv(f, "ECOSYSTEM", "i:0 f:1.11.27 i:2.2 f:2.2.9");
}

static void fx_two_pairs_unsorted(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    add_osv(f, "ECOSYSTEM", "f:2.2.9 i:2.2 f:1.11.27 i:0");
}

static void fx_introduced_only(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    add_osv(f, "SEMVER", "i:1.5.0");
}

static void fx_last_affected(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    add_osv(f, "ECOSYSTEM", "i:1.0 l:1.4");
}

static void fx_limit(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    add_osv(f, "ECOSYSTEM", "i:1.0 lim:2.0");
}

static void fx_contiguous(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    add_osv(f, "ECOSYSTEM", "i:1.0 f:2.0 i:2.0 f:3.0");
}

static void fx_bad_event(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    add_osv(f, "ECOSYSTEM", "i:1.0 f:next-release");
}

static void fx_git_only(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    add_osv(f, "GIT", "i:1a2b3c f:4d5e6f");
}

static void fx_git_and_ecosystem(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    add_osv(f, "GIT", "i:1a2b3c f:4d5e6f");
    add_osv(f, "ECOSYSTEM", "i:0 f:1.4");
}

static void fx_versions(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    f->versions[f->a.nversions++] = "1.2.3";
    f->versions[f->a.nversions++] = "1.2.4";
    f->versions[f->a.nversions++] = "weird!";
}

static void fx_versions_and_git(struct fixture *f)
{
    fx_versions(f);
    add_osv(f, "GIT", "i:1a2b3c f:4d5e6f");
}

/* A versions list next to a range that does not cover all of it. */
static void fx_versions_and_range(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    f->versions[f->a.nversions++] = "1.2.3";
    f->versions[f->a.nversions++] = "1.5";
    add_osv(f, "ECOSYSTEM", "i:1.0 f:1.3");
}

/* CVE 5: defaultStatus affected, one affected range ending at the fix. */
static void fx_cve5_fixed_below(struct fixture *f)
{
    start(f, VIGIL_AFF_PACKAGE);
    f->a.default_status = "affected";
    add_bounds(f, "0", "1.9.15-1", 0, "affected");
}

/* CVE 5 as the Linux CNA writes it. */
static void fx_kernel(struct fixture *f)
{
    start(f, VIGIL_AFF_PRODUCT);
    f->a.default_status = "affected";
    add_exact(f, "6.12", "affected");
    add_bounds(f, "0", "6.12", 0, "unaffected");
    add_bounds(f, "5.15.177", "5.15.*", 1, "unaffected");
    add_bounds(f, "6.12.10", "6.12.*", 1, "unaffected");
    add_bounds(f, "6.13", "*", 1, "unaffected");
}

static void fx_kernel_git(struct fixture *f)
{
    start(f, VIGIL_AFF_PRODUCT);
    f->a.default_status = "unaffected";
    add_bounds(f, "63a07379fdb6", "f587c1ac6895", 0, "affected")
        ->version_type = "git";
}

/* Log4Shell's CNA entry, with changes and an end that is a pattern. */
static void fx_log4j(struct fixture *f)
{
    struct vigil_range *r;

    start(f, VIGIL_AFF_PRODUCT);
    r = add_bounds(f, "2.0-beta9", "log4j-core*", 0, "affected");
    add_change(r, "2.3.1", "unaffected");
    add_change(r, "2.13.0", "affected");
    add_change(r, "2.4", "affected");
    add_change(r, "2.15.0", "unaffected");
    add_change(r, "2.12.2", "unaffected");
}

static void fx_github_cna(struct fixture *f)
{
    start(f, VIGIL_AFF_PRODUCT);
    add_exact(f, ">= 2.0.0, < 2.0.7", "affected");
    add_exact(f, "< 1.26.18", "affected");
}

static void fx_vague(struct fixture *f)
{
    start(f, VIGIL_AFF_PRODUCT);
    add_exact(f, "n/a", "affected");
}

static void fx_xz(struct fixture *f)
{
    start(f, VIGIL_AFF_PRODUCT);
    f->a.default_status = "unaffected";
    add_exact(f, "5.6.0", "affected");
    add_exact(f, "5.6.1", "affected");
    add_exact(f, "4.x", "affected");
}

static void fx_exact_beats_range(struct fixture *f)
{
    start(f, VIGIL_AFF_PRODUCT);
    add_bounds(f, "0", "2.0", 0, "affected");
    add_exact(f, "1.5", "unaffected");
    add_bounds(f, "3.0", "3.5", 1, "unknown");
}

static void fx_default_unknown(struct fixture *f)
{
    start(f, VIGIL_AFF_PRODUCT);
    f->a.default_status = "unknown";
    add_bounds(f, "1.0", "1.1", 0, NULL);
}

static void fx_nvd_bounds(struct fixture *f)
{
    struct vigil_range *r;

    start(f, VIGIL_AFF_CPE);
    f->a.cpe = "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*";
    f->a.vulnerable = 1;
    r = add_bounds(f, "2.4.0", "2.4.58", 0, NULL);
    r->start_incl = 1;
}

static void fx_nvd_no_version(struct fixture *f)
{
    start(f, VIGIL_AFF_CPE);
    f->a.cpe = "cpe:2.3:a:apache:http_server:-:*:*:*:*:*:*:*";
    f->a.vulnerable = 1;
}

static void fx_nvd_exact(struct fixture *f)
{
    start(f, VIGIL_AFF_CPE);
    f->a.cpe = "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*";
    f->a.vulnerable = 1;
    add_bounds(f, NULL, NULL, 0, NULL);
}

static void fx_nvd_update(struct fixture *f)
{
    start(f, VIGIL_AFF_CPE);
    f->a.cpe = "cpe:2.3:a:openssl:openssl:1.0.1:beta1:*:*:*:*:*:*";
    f->a.vulnerable = 1;
}

/* As the NVD parser gives it: the CPE's version copied into exact. */
static void fx_nvd_update_exact(struct fixture *f)
{
    fx_nvd_update(f);
    add_exact(f, "1.0.1", NULL);
}

static void fx_nvd_quoted_exact(struct fixture *f)
{
    start(f, VIGIL_AFF_CPE);
    f->a.cpe = "cpe:2.3:a:mcafee:virusscan:8.8\\:p1:*:*:*:*:*:*:*";
    f->a.vulnerable = 1;
    add_exact(f, "8.8\\:p1", NULL);
}

static void fx_nvd_platform(struct fixture *f)
{
    fx_nvd_exact(f);
    f->a.node = "0/1";
    f->a.vulnerable = 0;
}

static const struct {
    void (*setup)(struct fixture *f);
    const char *version;
    int verdict;            /* 0 not affected, 1 affected, 2 unknown */
    const char *detail;     /* a substring of the detail */
    const char *fixed;
} cases[] = {
    { fx_two_pairs, "6.0.4", 0, "at or after fixed 2.2.9", "" },
    { fx_two_pairs, "2.1", 0, "at or after fixed 1.11.27", "" },
    { fx_two_pairs, "1.11.0", 1, "introduced 0, fixed 1.11.27", "1.11.27" },
    { fx_two_pairs, "2.2.5", 1,
      "ECOSYSTEM range: introduced 2.2, fixed 2.2.9", "2.2.9" },
    { fx_two_pairs, "2.2.9", 0, "fixed 2.2.9", "" },
    { fx_two_pairs_unsorted, "6.0.4", 0, "fixed 2.2.9", "" },
    { fx_two_pairs_unsorted, "2.1", 0, "fixed 1.11.27", "" },
    { fx_two_pairs_unsorted, "1.11.0", 1, "fixed 1.11.27", "1.11.27" },
    { fx_two_pairs_unsorted, "2.2.5", 1, "introduced 2.2, fixed 2.2.9",
      "2.2.9" },
    { fx_introduced_only, "1.4.9", 0, "before the first introduced", "" },
    { fx_introduced_only, "1.5.0", 1, "SEMVER range: introduced 1.5.0, "
      "not fixed", "" },
    { fx_introduced_only, "99.0", 1, "not fixed", "" },
    { fx_last_affected, "1.4", 1, "last_affected 1.4", "" },
    { fx_last_affected, "1.4.1", 0, "at or after last_affected 1.4", "" },
    { fx_limit, "1.9", 1, "introduced 1.0", "" },
    { fx_limit, "2.0", 0, "beyond its limit", "" },
    { fx_contiguous, "2.0", 1, "introduced 2.0, fixed 3.0", "3.0" },
    { fx_contiguous, "3.0", 0, "fixed 3.0", "" },
    { fx_bad_event, "1.5", 2, "cannot compare with event 'next-release'",
      "" },
    { fx_two_pairs, "not a version", 2, "is not a valid toy version", "" },
    { fx_git_only, "1.0", 2, "needs commit history (GIT range)", "" },
    { fx_git_and_ecosystem, "1.0", 1, "ECOSYSTEM range", "1.4" },
    { fx_git_and_ecosystem, "1.5", 0, "ECOSYSTEM range", "" },
    { fx_versions, "1.2.4", 1, "version listed", "" },
    { fx_versions, "1.2.4.0", 0, "not among the 3 listed versions", "" },
    { fx_versions, "weird!", 1, "version listed", "" },
    { fx_versions_and_git, "1.2.3", 1, "version listed", "" },
    { fx_versions_and_git, "1.3", 0, "not among", "" },
    { fx_versions_and_range, "1.2.3", 1,
      "ECOSYSTEM range: introduced 1.0, fixed 1.3", "1.3" },
    { fx_versions_and_range, "1.5", 1, "version listed", "" },
    { fx_versions_and_range, "1.4", 0, "not among the 2 listed versions",
      "" },
    { fx_cve5_fixed_below, "1.9.14-2", 1,
      "lessThan 1.9.15-1 (status affected)", "1.9.15-1" },
    { fx_cve5_fixed_below, "1.9.15-1", 0, "at or past the end of lessThan "
      "1.9.15-1", "" },
    { fx_cve5_fixed_below, "1.9.16", 0, "at or past the end", "" },
    { fx_cve5_fixed_below, "2.0.0-1", 0, "at or past the end", "" },
    { fx_kernel, "5.10.1", 0, "lessThan 6.12 (status unaffected)", "" },
    { fx_kernel, "6.12", 1, "version 6.12 (status affected)", "" },
    { fx_kernel, "6.12.5", 1, "defaultStatus affected", "" },
    { fx_kernel, "6.12.10", 0, "from 6.12.10", "" },
    { fx_kernel, "6.12.30", 0, "lessThanOrEqual 6.12.*", "" },
    { fx_kernel, "5.15.180", 0, "(status unaffected)", "" },
    { fx_kernel, "5.15.170", 0, "lessThan 6.12 (status unaffected)", "" },
    { fx_kernel, "7.0", 0, "from 6.13 (status unaffected)", "" },
    { fx_kernel_git, "6.1", 2, "needs commit history (git versions)", "" },
    { fx_log4j, "2.14.1", 1, "from 2.0-beta9 (status affected)", "2.15.0" },
    { fx_log4j, "2.0", 1, "status affected", "2.3.1" },
    { fx_log4j, "2.12.2", 0, "status unaffected", "" },
    { fx_log4j, "2.4.1", 1, "status affected", "2.12.2" },
    { fx_log4j, "2.17.1", 0, "status unaffected", "" },
    { fx_log4j, "1.2.17", 0, "no range or listed version matches", "" },
    { fx_github_cna, "2.0.5", 1, "version >= 2.0.0, < 2.0.7", "" },
    { fx_github_cna, "1.26.17", 1, "version < 1.26.18", "" },
    { fx_github_cna, "1.26.18", 0, "no range", "" },
    { fx_github_cna, "2.0.7", 0, "no range", "" },
    { fx_vague, "1.0", 2, "version 'n/a' names no version", "" },
    { fx_xz, "5.6.1", 1, "version 5.6.1 (status affected)", "" },
    { fx_xz, "5.4.6", 0, "defaultStatus unaffected", "" },
    { fx_xz, "4.2", 1, "version 4.x", "" },
    { fx_exact_beats_range, "1.5", 0, "version 1.5 (status unaffected)",
      "" },
    { fx_exact_beats_range, "1.4", 1, "lessThan 2.0 (status affected)",
      "2.0" },
    { fx_exact_beats_range, "3.5", 2, "(status unknown)", "" },
    { fx_default_unknown, "1.0.1", 1, "from 1.0, lessThan 1.1", "1.1" },
    { fx_default_unknown, "0.9", 2, "defaultStatus unknown", "" },
    { fx_nvd_bounds, "2.4.57", 1, "from 2.4.0, lessThan 2.4.58", "2.4.58" },
    { fx_nvd_bounds, "2.4.58", 0, "at or past the end", "" },
    { fx_nvd_bounds, "2.2.34", 0, "no range", "" },
    { fx_nvd_no_version, "2.4.57", 0, "CPE names no version", "" },
    { fx_nvd_exact, "2.4.57", 1, "CPE version 2.4.57", "" },
    { fx_nvd_exact, "2.4.56", 0, "CPE names version 2.4.57", "" },
    { fx_nvd_update, "1.0.1", 2, "with update beta1", "" },
    { fx_nvd_update_exact, "1.0.1", 2, "with update beta1", "" },
    { fx_nvd_quoted_exact, "8.8:p1", 1, "CPE version 8.8:p1", "" },
    { fx_nvd_platform, "2.4.57", 0, "platform entry", "" },
};

static void test_affected_check(void **state)
{
    struct fixture f;
    struct vigil_evidence ev;
    struct vigil_error err;
    enum vigil_verdict v;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        cases[i].setup(&f);
        memset(&ev, 0x55, sizeof(ev));
        assert_int_equal(vigil_affected_check(&f.a, &toy, cases[i].version,
                                              &v, &ev, &err), 0);
        if ((int)v != cases[i].verdict ||
            !strstr(ev.detail, cases[i].detail) ||
            strcmp(ev.fixed, cases[i].fixed) != 0)
            fail_msg("case %zu (%s): verdict %d detail '%s' fixed '%s'", i,
                     cases[i].version, (int)v, ev.detail, ev.fixed);
        assert_string_equal(ev.scheme, "toy");
    }
}

static void test_bad_arguments(void **state)
{
    struct fixture f;
    struct vigil_evidence ev;
    struct vigil_error err;
    enum vigil_verdict v;

    (void)state;
    fx_two_pairs(&f);
    vigil_error_clear(&err);
    assert_int_equal(vigil_affected_check(NULL, &toy, "1.0", &v, &ev, &err),
                     VIGIL_EINVAL);
    assert_true(strstr(err.msg, "cannot check affected entry") != NULL);
    assert_int_equal(vigil_affected_check(&f.a, &toy, NULL, &v, &ev, NULL),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_affected_check(&f.a, &toy, "1.0", NULL, &ev,
                                          NULL), VIGIL_EINVAL);
    assert_int_equal(vigil_nvd_config_eval(NULL, 1, NULL, 0, &toy, &v, &ev,
                                           NULL), VIGIL_EINVAL);
}

/* --- NVD configurations ---------------------------------------------- */

struct config {
    struct vigil_affected e[6];
    struct vigil_range r[6];
    size_t n;
};

static struct vigil_affected *entry(struct config *c, const char *node,
                                    const char *cpe, int vulnerable,
                                    const char *end)
{
    struct vigil_affected *a = &c->e[c->n];

    memset(a, 0, sizeof(*a));
    a->kind = VIGIL_AFF_CPE;
    a->node = node;
    a->cpe = cpe;
    a->vulnerable = vulnerable;
    a->node_operator = "OR";
    a->ranges = &c->r[c->n];
    memset(&c->r[c->n], 0, sizeof(c->r[0]));
    if (end) {
        c->r[c->n].type = "BOUNDS";
        c->r[c->n].end = end;
        a->nranges = 1;
    }
    c->n++;
    return a;
}

#define APP "cpe:2.3:a:vendor:app:*:*:*:*:*:*:*:*"
#define WIN "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"
#define LINUX "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*"

/* App below 2.0, running on Windows. */
static void cfg_app_on_windows(struct config *c)
{
    c->n = 0;
    entry(c, "0/0", APP, 1, "2.0")->config_operator = "AND";
    entry(c, "0/1", WIN, 0, NULL)->config_operator = "AND";
}

/* App below 2.0, on anything but Linux. */
static void cfg_not_linux(struct config *c)
{
    c->n = 0;
    entry(c, "0/0", APP, 1, "2.0")->config_operator = "AND";
    entry(c, "0/1", LINUX, 0, NULL)->node_negate = 1;
    c->e[1].config_operator = "AND";
}

/* Only platform entries in an OR node. */
static void cfg_platform_only(struct config *c)
{
    c->n = 0;
    entry(c, "0/0", WIN, 0, NULL);
    entry(c, "0/0", LINUX, 0, NULL);
}

/* The pattern names no version. */
static void cfg_na_version(struct config *c)
{
    c->n = 0;
    entry(c, "0/0", "cpe:2.3:a:apache:http_server:-:*:*:*:*:*:*:*", 1,
          NULL);
}

/* Two alternative configurations; only the second can match. */
static void cfg_two(struct config *c)
{
    c->n = 0;
    entry(c, "0/0", "cpe:2.3:a:other:thing:*:*:*:*:*:*:*:*", 1, NULL);
    entry(c, "1/0", APP, 1, "2.0");
}

/* Two vulnerable apps, both needed (AND node). */
static void cfg_and_node(struct config *c)
{
    c->n = 0;
    entry(c, "0/0", APP, 1, "2.0")->node_operator = "AND";
    entry(c, "0/0", "cpe:2.3:a:vendor:plugin:*:*:*:*:*:*:*:*", 1, NULL)
        ->node_operator = "AND";
}

static const struct {
    void (*setup)(struct config *c);
    const char *inventory[3];
    int verdict;
    const char *detail;
} configs[] = {
    { cfg_app_on_windows, { "cpe:2.3:a:vendor:app:1.5:*:*:*:*:*:*:*",
      "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" }, 1,
      APP ": lessThan 2.0 (status affected)" },
    { cfg_app_on_windows, { "cpe:2.3:a:vendor:app:1.5:*:*:*:*:*:*:*" }, 0,
      "no configuration matches" },
    /* the platform's "-" asks only that Windows be there */
    { cfg_app_on_windows, { "cpe:2.3:a:vendor:app:1.5:*:*:*:*:*:*:*",
      "cpe:2.3:o:microsoft:windows:10.0.19045:*:*:*:*:*:*:*" }, 1,
      "lessThan 2.0" },
    { cfg_app_on_windows, { "cpe:2.3:a:vendor:app:2.1:*:*:*:*:*:*:*",
      "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" }, 0, "no config" },
    { cfg_app_on_windows, { "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" },
      0, "no config" },
    { cfg_app_on_windows, { "cpe:2.3:a:vendor:app:*:*:*:*:*:*:*:*",
      "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" }, 2,
      "inventory name gives no version" },
    { cfg_app_on_windows, { "cpe:2.3:a:vendor:app:1.x\\!:*:*:*:*:*:*:*",
      "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" }, 2,
      "not a valid toy version" },
    { cfg_not_linux, { "cpe:2.3:a:vendor:app:1.5:*:*:*:*:*:*:*",
      "cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*" }, 0, "no config" },
    { cfg_not_linux, { "cpe:2.3:a:vendor:app:1.5:*:*:*:*:*:*:*",
      "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*" }, 1, "lessThan 2.0" },
    { cfg_platform_only, { "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
      "cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*" }, 0, "no config" },
    { cfg_na_version, { "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*" },
      0, "no config" },
    { cfg_na_version, { "cpe:2.3:a:apache:http_server:-:*:*:*:*:*:*:*" },
      1, "present (any version)" },
    { cfg_two, { "cpe:2.3:a:vendor:app:1.0:*:*:*:*:*:*:*" }, 1,
      "lessThan 2.0" },
    { cfg_and_node, { "cpe:2.3:a:vendor:app:1.0:*:*:*:*:*:*:*" }, 0,
      "no config" },
    { cfg_and_node, { "cpe:2.3:a:vendor:app:1.0:*:*:*:*:*:*:*",
      "cpe:2.3:a:vendor:plugin:3.0:*:*:*:*:*:*:*" }, 1, "lessThan 2.0" },
};

static void test_nvd_configs(void **state)
{
    struct config c;
    struct vigil_cpe inv[3];
    struct vigil_evidence ev;
    enum vigil_verdict v;
    size_t i, k;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(configs); i++) {
        configs[i].setup(&c);
        for (k = 0; k < 3 && configs[i].inventory[k]; k++)
            assert_int_equal(vigil_cpe_parse(configs[i].inventory[k],
                                             &inv[k], NULL), 0);
        assert_int_equal(vigil_nvd_config_eval(c.e, c.n, inv, k, &toy, &v,
                                               &ev, NULL), 0);
        if ((int)v != configs[i].verdict ||
            !strstr(ev.detail, configs[i].detail))
            fail_msg("config case %zu: verdict %d detail '%s'", i, (int)v,
                     ev.detail);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_affected_check),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_nvd_configs),
    };

    return cmocka_run_group_tests_name("range", tests, NULL, NULL);
}
