/*
 * rpm.c - rpm package lists as `rpm -qa` prints them: one
 * name-[epoch:]version-release.arch per line.
 *
 * A list says nothing of the distribution, so the purl namespace,
 * distro qualifier and ecosystem come from the caller's distro option
 * (ecosystem NULL without one).  Blank lines and lines starting with
 * '#' are ignored; gpg-pubkey entries (imported signing keys, not
 * software) are left out.
 */
#include <string.h>

#include "vigil/inventory.h"
#include "inv.h"
#include "../internal.h"

/*
 * Architectures rpm builds for; "src" and "nosrc" are source packages.
 * LIMIT: an arch missing from this table is read as the end of the
 * release ("1.el9.myarch"), so such a package gets no arch and a wrong
 * release. See docs/LIMITS.md#rpm-arch.
 */
static const char *const rpm_arches[] = {
    "noarch",  "x86_64",   "i386",    "i486",     "i586",    "i686",
    "athlon",  "geode",    "x86_64_v2", "x86_64_v3", "x86_64_v4",
    "aarch64", "armv5tel", "armv6l",  "armv6hl",  "armv7l",  "armv7hl",
    "armv7hnl", "armhfp",  "ppc",     "ppc64",    "ppc64le", "ppc64p7",
    "ppc64iseries", "ppc64pseries", "s390", "s390x", "ia64",  "riscv64",
    "loongarch64", "sparc", "sparcv9", "sparc64", "alpha",   "mips",
    "mipsel",  "mips64",   "mips64el", "sh4",     "src",     "nosrc",
};

static int known_arch(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(rpm_arches); i++)
        if (strlen(rpm_arches[i]) == n && memcmp(rpm_arches[i], s, n) == 0)
            return 1;
    return 0;
}

static const char *last_of(const char *s, size_t n, int c)
{
    while (n > 0)
        if (s[--n] == c)
            return s + n;
    return NULL;
}

static int all_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!vigil__isdigit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

/* Takes a leading "E:" off s when the text before ':' is an epoch. */
static void leading_epoch(const char **s, size_t *n, struct inv_nevra *o)
{
    const char *colon = memchr(*s, ':', *n);

    if (!colon || !all_digits(*s, (size_t)(colon - *s)))
        return;
    o->epoch = *s;
    o->epoch_len = (size_t)(colon - *s);
    *n -= o->epoch_len + 1;
    *s = colon + 1;
}

int vigil__inv_nevra_split(const char *s, size_t n, struct inv_nevra *o)
{
    const char *dot, *dash, *dash2, *colon;
    size_t i;

    memset(o, 0, sizeof(*o));
    for (i = 0; i < n; i++)
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '/' || s[i] == '\0')
            return VIGIL_EINVAL;
    leading_epoch(&s, &n, o);

    dot = last_of(s, n, '.');
    if (dot && known_arch(dot + 1, (size_t)(s + n - dot - 1))) {
        o->arch = dot + 1;
        o->arch_len = (size_t)(s + n - dot - 1);
        n = (size_t)(dot - s);
    }
    dash = last_of(s, n, '-');
    dash2 = dash ? last_of(s, (size_t)(dash - s), '-') : NULL;
    if (!dash2 || dash2 == s || dash == dash2 + 1 || dash + 1 == s + n)
        return VIGIL_EINVAL;
    o->name = s;
    o->name_len = (size_t)(dash2 - s);
    o->version = dash2 + 1;
    o->version_len = (size_t)(dash - dash2 - 1);
    o->release = dash + 1;
    o->release_len = (size_t)(s + n - dash - 1);

    /* name-E:V-R: the epoch sits at the front of the version */
    colon = memchr(o->version, ':', o->version_len);
    if (colon) {
        size_t elen = (size_t)(colon - o->version);

        if (o->epoch || (!all_digits(o->version, elen) &&
                         !(elen == 6 && !memcmp(o->version, "(none)", 6))))
            return VIGIL_EINVAL;
        o->epoch = elen == 6 && o->version[0] == '(' ? NULL : o->version;
        o->epoch_len = o->epoch ? elen : 0;
        o->version = colon + 1;
        o->version_len -= elen + 1;
    }
    if (o->version_len == 0 || memchr(o->name, ':', o->name_len) ||
        memchr(o->release, ':', o->release_len))
        return VIGIL_EINVAL;
    return 0;
}

static int emit_nevra(struct inv_run *r, const struct inv_nevra *nv)
{
    struct vigil_arena *a = &r->arena;
    struct vigil_component c;
    const char *epoch, *vr, *ns;

    memset(&c, 0, sizeof(c));
    c.name = vigil_arena_strndup(a, nv->name, nv->name_len);
    vr = vigil_arena_printf(a, "%.*s-%.*s", (int)nv->version_len,
                            nv->version, (int)nv->release_len, nv->release);
    epoch = nv->epoch ? vigil_arena_strndup(a, nv->epoch, nv->epoch_len)
                      : NULL;
    c.arch = nv->arch ? vigil_arena_strndup(a, nv->arch, nv->arch_len)
                      : NULL;
    c.version = epoch && vr ? vigil_arena_printf(a, "%s:%s", epoch, vr)
                            : vr;
    if (!c.name || !vr || !c.version || (nv->epoch && !epoch) ||
        (nv->arch && !c.arch))
        return VIGIL_ENOMEM;

    c.distro = r->distro;
    ns = vigil__inv_distro_ns(r->distro, "rpm", NULL);
    c.ecosystem = r->distro ? vigil__inv_ecosystem(a, "rpm", ns, r->distro)
                            : NULL;
    c.purl = vigil__inv_purl_build(a, "rpm", ns, c.name, vr, c.arch,
                                   r->distro, epoch);
    if (!c.purl)
        return VIGIL_ENOMEM;
    return vigil__inv_emit(r, &c);
}

int vigil__inv_parse_rpm(struct inv_run *r, const char *buf, size_t len)
{
    struct inv_line ln = INV_LINE_INIT;
    struct inv_nevra nv;
    int rc;

    while (vigil__inv_next_line(buf, len, &ln)) {
        const char *p = ln.p;
        size_t n = ln.len;

        while (n > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == 0 || *p == '#')
            continue;

        if (vigil__inv_nevra_split(p, n, &nv) != 0) {
            vigil__inv_skip(r, ln.off, ln.no, NULL,
                            "'%.*s' on line %ld is not "
                            "name-version-release.arch",
                            (int)(n > 80 ? 80 : n), p, ln.no);
            continue;
        }
        if (nv.name_len == 10 && memcmp(nv.name, "gpg-pubkey", 10) == 0)
            continue;
        if ((rc = emit_nevra(r, &nv)) != 0)
            return rc;
    }
    return vigil__inv_finish(r);
}
