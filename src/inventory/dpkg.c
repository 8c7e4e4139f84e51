/*
 * dpkg.c - Debian package status files (/var/lib/dpkg/status): RFC 822
 * style stanzas separated by blank lines, one per package.
 *
 * Only installed packages are passed on: Status "install ok installed"
 * or "hold ok installed", or no Status at all (distroless images keep
 * one file per package under status.d without it).  Multi-line fields
 * (Description, Conffiles) are skipped over; the fields read here are
 * single-line ones.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vigil/inventory.h"
#include "inv.h"
#include "../internal.h"

struct slice {
    const char *p;
    size_t n;
};

/* What one stanza says, as slices of the input. */
struct stanza {
    struct slice package, version, arch, source, status;
    size_t off;                 /* where the stanza starts */
    long line;
    size_t bad_off;             /* first line that is no field */
    long bad_line;
};

static const struct {
    const char *field;
    size_t slot;
} wanted[] = {
    { "Package", offsetof(struct stanza, package) },
    { "Version", offsetof(struct stanza, version) },
    { "Architecture", offsetof(struct stanza, arch) },
    { "Source", offsetof(struct stanza, source) },
    { "Status", offsetof(struct stanza, status) },
};

static int is_blank(const struct inv_line *ln)
{
    size_t i;

    for (i = 0; i < ln->len; i++)
        if (ln->p[i] != ' ' && ln->p[i] != '\t')
            return 0;
    return 1;
}

static struct slice trim(const char *p, size_t n)
{
    struct slice s;

    while (n > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    s.p = p;
    s.n = n;
    return s;
}

static int slice_is(struct slice s, const char *word)
{
    return s.n == strlen(word) && memcmp(s.p, word, s.n) == 0;
}

static int field_is(const char *p, size_t n, const char *name)
{
    size_t i;

    if (n != strlen(name))
        return 0;
    for (i = 0; i < n; i++)
        if (vigil__tolower((unsigned char)p[i]) !=
            vigil__tolower((unsigned char)name[i]))
            return 0;
    return 1;
}

/* Records one "Name: value" line in st; marks st bad when it is none. */
static void read_field(struct stanza *st, const struct inv_line *ln)
{
    const char *colon = memchr(ln->p, ':', ln->len);
    size_t i, nlen;

    nlen = colon ? (size_t)(colon - ln->p) : 0;
    for (i = 0; i < nlen; i++)
        if (ln->p[i] == ' ' || ln->p[i] == '\t')
            nlen = 0;
    if (nlen == 0) {
        if (!st->bad_line) {
            st->bad_line = ln->no;
            st->bad_off = ln->off;
        }
        return;
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(wanted); i++) {
        struct slice *s = (struct slice *)((char *)st + wanted[i].slot);

        if (!s->p && field_is(ln->p, nlen, wanted[i].field))
            *s = trim(colon + 1, (size_t)(ln->p + ln->len - colon - 1));
    }
}

/* 1 installed, 0 in another state, -1 when Status is not three words. */
static int installed(struct slice status)
{
    struct slice w[3];
    const char *p = status.p, *end;
    int i;

    if (!status.p)
        return 1;
    end = status.p + status.n;
    for (i = 0; i < 3; i++) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        w[i].p = p;
        while (p < end && *p != ' ' && *p != '\t')
            p++;
        w[i].n = (size_t)(p - w[i].p);
        if (w[i].n == 0)
            return -1;
    }
    if (trim(p, (size_t)(end - p)).n != 0)
        return -1;
    return (slice_is(w[0], "install") || slice_is(w[0], "hold")) &&
           slice_is(w[1], "ok") && slice_is(w[2], "installed");
}

/* Source: "name" or "name (version)"; the version defaults to the
 * package's own.  Returns 0 or VIGIL_EINVAL. */
static int read_source(struct slice src, struct slice *name,
                       struct slice *version)
{
    const char *p = src.p, *end = src.p + src.n;
    struct slice rest;

    while (p < end && *p != ' ' && *p != '\t' && *p != '(')
        p++;
    name->p = src.p;
    name->n = (size_t)(p - src.p);
    rest = trim(p, (size_t)(end - p));
    if (name->n == 0)
        return VIGIL_EINVAL;
    if (rest.n == 0)
        return 0;
    if (rest.n < 3 || rest.p[0] != '(' || rest.p[rest.n - 1] != ')')
        return VIGIL_EINVAL;
    *version = trim(rest.p + 1, rest.n - 2);
    return version->n ? 0 : VIGIL_EINVAL;
}

static char *dup_slice(struct vigil_arena *a, struct slice s)
{
    return s.p ? vigil_arena_strndup(a, s.p, s.n) : NULL;
}

static int emit_stanza(struct inv_run *r, const struct stanza *st,
                       struct slice src, struct slice srcver)
{
    struct vigil_arena *a = &r->arena;
    struct vigil_component c;
    const char *ns;

    memset(&c, 0, sizeof(c));
    c.name = dup_slice(a, st->package);
    c.version = dup_slice(a, st->version);
    c.arch = st->arch.n ? dup_slice(a, st->arch) : NULL;
    c.source_name = dup_slice(a, src);
    c.source_version = dup_slice(a, srcver);
    c.distro = r->distro;
    ns = vigil__inv_distro_ns(r->distro, "deb", "debian");
    c.ecosystem = vigil__inv_ecosystem(a, "deb", ns, r->distro);
    c.purl = vigil__inv_purl_build(a, "deb", ns, c.name ? c.name : "",
                                   c.version, c.arch, r->distro, NULL);
    if (!c.name || !c.version || (st->arch.n && !c.arch) ||
        !c.source_name || !c.source_version || !c.purl)
        return VIGIL_ENOMEM;
    return vigil__inv_emit(r, &c);
}

/* Checks a finished stanza and passes it on, or reports it skipped. */
static int end_stanza(struct inv_run *r, const struct stanza *st)
{
    struct slice src = st->package, srcver = st->version;
    char pkg[64];
    int inst;

    if (st->bad_line) {
        vigil__inv_skip(r, st->bad_off, st->bad_line, NULL,
                        "line %ld is not a 'Field: value' line",
                        st->bad_line);
        return 0;
    }
    if (!st->package.n) {
        vigil__inv_skip(r, st->off, st->line, NULL,
                        "stanza at line %ld has no Package field",
                        st->line);
        return 0;
    }
    vigil_arena_reset(&r->arena);
    snprintf(pkg, sizeof(pkg), "%.*s", (int)st->package.n, st->package.p);
    inst = installed(st->status);
    if (inst < 0 || !st->version.n ||
        (st->source.p && read_source(st->source, &src, &srcver) != 0)) {
        vigil__inv_skip(r, st->off, st->line, pkg,
                        "package '%s' at line %ld has %s", pkg, st->line,
                        inst < 0 ? "a malformed Status"
                        : !st->version.n ? "no Version"
                                         : "a malformed Source");
        return 0;
    }
    if (!inst)
        return 0;
    return emit_stanza(r, st, src, srcver);
}

int vigil__inv_parse_dpkg(struct inv_run *r, const char *buf, size_t len)
{
    struct inv_line ln = INV_LINE_INIT;
    struct stanza st;
    int open = 0, rc;

    memset(&st, 0, sizeof(st));
    while (vigil__inv_next_line(buf, len, &ln)) {
        if (is_blank(&ln)) {
            if (open && (rc = end_stanza(r, &st)) != 0)
                return rc;
            open = 0;
            continue;
        }
        if (!open) {
            memset(&st, 0, sizeof(st));
            st.off = ln.off;
            st.line = ln.no;
            open = 1;
        }

        /* continuation lines belong to multi-line fields; one that opens
         * a stanza belongs to nothing */
        if (ln.p[0] == ' ' || ln.p[0] == '\t') {
            if (ln.no == st.line && !st.bad_line) {
                st.bad_line = ln.no;
                st.bad_off = ln.off;
            }
            continue;
        }
        read_field(&st, &ln);
    }
    if (open && (rc = end_stanza(r, &st)) != 0)
        return rc;
    return vigil__inv_finish(r);
}
