/*
 * detect.c - the inventory module's entry points: format names, format
 * detection from content, and the parse dispatcher that sets up a run
 * for the parser of each format.
 */
#include <string.h>

#include "vigil/inventory.h"
#include "inv.h"
#include "../internal.h"

/* Detection reads the first lines of text formats only. */
#define DETECT_LINES 64

static const struct {
    enum vigil_inv_format fmt;
    const char *name;
    int (*parse)(struct inv_run *r, const char *buf, size_t len);
} formats[] = {
    { VIGIL_INV_AUTO, "auto", NULL },
    { VIGIL_INV_CYCLONEDX, "cyclonedx", vigil__inv_parse_cyclonedx },
    { VIGIL_INV_SPDX, "spdx", vigil__inv_parse_spdx },
    { VIGIL_INV_DPKG, "dpkg", vigil__inv_parse_dpkg },
    { VIGIL_INV_RPM, "rpm", vigil__inv_parse_rpm },
    { VIGIL_INV_APK, "apk", vigil__inv_parse_apk },
};

const char *vigil_inv_format_name(enum vigil_inv_format f)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(formats); i++)
        if (formats[i].fmt == f)
            return formats[i].name;
    return "unknown";
}

int vigil_inv_format_from_name(const char *name, enum vigil_inv_format *out)
{
    size_t i;

    for (i = 0; name && i < VIGIL_ARRAY_SIZE(formats); i++) {
        if (vigil__strcasecmp(name, formats[i].name) == 0) {
            *out = formats[i].fmt;
            return 0;
        }
    }
    return VIGIL_EINVAL;
}

static const char *find(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    const char *p = hay, *end = hay + n;

    while (k <= (size_t)(end - p)) {
        const char *q = memchr(p, needle[0], (size_t)(end - p) - k + 1);

        if (!q)
            return NULL;
        if (memcmp(q, needle, k) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

/* 1 when buf has the member "key" with a string value starting with
 * prefix somewhere. */
static int has_member(const char *buf, size_t len, const char *key,
                      const char *prefix)
{
    const char *end = buf + len, *p = buf;

    while ((p = find(p, (size_t)(end - p), key)) != NULL) {
        const char *v = skip_ws(p + strlen(key), end);

        p++;
        if (v >= end || *v != ':')
            continue;
        v = skip_ws(v + 1, end);
        if ((size_t)(end - v) >= strlen(prefix) &&
            memcmp(v, prefix, strlen(prefix)) == 0)
            return 1;
    }
    return 0;
}

static enum vigil_inv_format detect_json(const char *buf, size_t len)
{
    if (has_member(buf, len, "\"bomFormat\"", "\"CycloneDX\""))
        return VIGIL_INV_CYCLONEDX;
    if (has_member(buf, len, "\"spdxVersion\"", "\"SPDX-"))
        return VIGIL_INV_SPDX;
    if (find(buf, len, "\"@context\"") && find(buf, len, "spdx.org/rdf/3"))
        return VIGIL_INV_SPDX;
    return VIGIL_INV_AUTO;
}

static enum vigil_inv_format detect_xml(const char *buf, size_t len)
{
    if (find(buf, len, "cyclonedx.org/schema/bom"))
        return VIGIL_INV_CYCLONEDX;
    if (find(buf, len, "spdx.org/rdf"))
        return VIGIL_INV_SPDX;
    return VIGIL_INV_AUTO;
}

static int starts_with_ci(const struct inv_line *ln, const char *s)
{
    size_t i, n = strlen(s);

    if (ln->len < n)
        return 0;
    for (i = 0; i < n; i++)
        if (vigil__tolower((unsigned char)ln->p[i]) !=
            vigil__tolower((unsigned char)s[i]))
            return 0;
    return 1;
}

static int blank_line(const struct inv_line *ln)
{
    size_t i;

    for (i = 0; i < ln->len; i++)
        if (ln->p[i] != ' ' && ln->p[i] != '\t')
            return 0;
    return 1;
}

/* Looks at the first stanza: apk "K:" lines with a P:, or a dpkg stanza
 * with a Package: field. */
static enum vigil_inv_format detect_stanza(const char *buf, size_t len)
{
    struct inv_line ln = INV_LINE_INIT;
    int apk_lines = 1, has_p = 0, has_package = 0, seen = 0;

    while (vigil__inv_next_line(buf, len, &ln) && ln.no <= DETECT_LINES) {
        if (blank_line(&ln)) {
            if (seen)
                break;
            continue;
        }
        seen++;
        if (ln.len < 2 || ln.p[1] != ':' ||
            !vigil__isalpha((unsigned char)ln.p[0]))
            apk_lines = 0;
        has_p |= ln.p[0] == 'P' && ln.len >= 2 && ln.p[1] == ':';
        has_package |= starts_with_ci(&ln, "Package:");
        if (starts_with_ci(&ln, "SPDXVersion:"))
            return VIGIL_INV_SPDX;
    }
    if (seen && apk_lines && has_p)
        return VIGIL_INV_APK;
    if (has_package)
        return VIGIL_INV_DPKG;
    return VIGIL_INV_AUTO;
}

/* The first entry reads as a NEVRA with an arch rpm knows. */
static int looks_rpm(const char *buf, size_t len)
{
    struct inv_line ln = INV_LINE_INIT;
    struct inv_nevra nv;

    while (vigil__inv_next_line(buf, len, &ln) && ln.no <= DETECT_LINES) {
        if (blank_line(&ln) || ln.p[0] == '#')
            continue;
        return vigil__inv_nevra_split(ln.p, ln.len, &nv) == 0 &&
               nv.arch_len > 0;
    }
    return 0;
}

enum vigil_inv_format vigil_inventory_detect(const char *buf, size_t len)
{
    enum vigil_inv_format f;
    size_t i = 0;

    if (!buf)
        return VIGIL_INV_AUTO;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && strchr(" \t\r\n", buf[i]) && buf[i])
        i++;
    if (i == len)
        return VIGIL_INV_AUTO;
    if (buf[i] == '{' || buf[i] == '[')
        return detect_json(buf + i, len - i);
    if (buf[i] == '<')
        return detect_xml(buf + i, len - i);

    f = detect_stanza(buf + i, len - i);
    if (f == VIGIL_INV_AUTO && looks_rpm(buf + i, len - i))
        f = VIGIL_INV_RPM;
    return f;
}

int vigil_inventory_parse_opts(enum vigil_inv_format fmt, const char *buf,
                               size_t len, const char *origin,
                               const struct vigil_inv_options *opt,
                               vigil_component_fn cb, void *ctx,
                               struct vigil_error *err)
{
    struct inv_run r;
    size_t i;
    int rc;

    vigil_error_clear(err);
    if (!cb || (!buf && len))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "inventory parse needs a callback and input");
    if (!buf)
        buf = "";
    if (fmt == VIGIL_INV_AUTO)
        fmt = vigil_inventory_detect(buf, len);
    if (fmt == VIGIL_INV_AUTO)
        return vigil_error_set(err, VIGIL_EFORMAT, 0,
                               "cannot tell the inventory format: not "
                               "CycloneDX, SPDX, dpkg status, rpm list "
                               "or apk database");

    for (i = 0; i < VIGIL_ARRAY_SIZE(formats); i++)
        if (formats[i].fmt == fmt && formats[i].parse)
            break;
    if (i == VIGIL_ARRAY_SIZE(formats))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "unknown inventory format %d", (int)fmt);

    memset(&r, 0, sizeof(r));
    r.origin = origin ? origin : "input";
    r.distro = opt && opt->distro && *opt->distro ? opt->distro : NULL;
    r.on_skip = opt ? opt->on_skip : NULL;
    r.cb = cb;
    r.ctx = ctx;
    r.err = err;
    vigil_arena_init(&r.arena);
    rc = formats[i].parse(&r, buf, len);
    vigil_arena_release(&r.arena);
    return rc;
}

int vigil_inventory_parse(enum vigil_inv_format fmt, const char *buf,
                          size_t len, const char *origin,
                          vigil_component_fn cb, void *ctx,
                          struct vigil_error *err)
{
    return vigil_inventory_parse_opts(fmt, buf, len, origin, NULL, cb, ctx,
                                      err);
}
