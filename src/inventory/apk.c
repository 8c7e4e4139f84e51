/*
 * apk.c - the Alpine installed-package database (lib/apk/db/installed):
 * stanzas of "K:value" lines (one letter, a colon, the value) separated
 * by blank lines.  P: name, V: version, A: arch, o: origin (the source
 * package, built at the same version) are read; the rest (files,
 * checksums, dependencies) is skipped over.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vigil/inventory.h"
#include "inv.h"
#include "../internal.h"

struct apk_pkg {
    const char *name, *version, *arch, *origin;
    size_t name_len, version_len, arch_len, origin_len;
    size_t off;
    long line;
    size_t bad_off;
    long bad_line;
};

static int blank(const struct inv_line *ln)
{
    size_t i;

    for (i = 0; i < ln->len; i++)
        if (ln->p[i] != ' ' && ln->p[i] != '\t')
            return 0;
    return 1;
}

static void read_line(struct apk_pkg *k, const struct inv_line *ln)
{
    static const struct {
        char key;
        size_t ptr, len;
    } keys[] = {
        { 'P', offsetof(struct apk_pkg, name),
          offsetof(struct apk_pkg, name_len) },
        { 'V', offsetof(struct apk_pkg, version),
          offsetof(struct apk_pkg, version_len) },
        { 'A', offsetof(struct apk_pkg, arch),
          offsetof(struct apk_pkg, arch_len) },
        { 'o', offsetof(struct apk_pkg, origin),
          offsetof(struct apk_pkg, origin_len) },
    };
    size_t i;

    if (ln->len < 2 || ln->p[1] != ':' ||
        !vigil__isalpha((unsigned char)ln->p[0])) {
        if (!k->bad_line) {
            k->bad_line = ln->no;
            k->bad_off = ln->off;
        }
        return;
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(keys); i++) {
        const char **p = (const char **)((char *)k + keys[i].ptr);
        size_t *n = (size_t *)((char *)k + keys[i].len);

        if (ln->p[0] == keys[i].key && !*p) {
            *p = ln->p + 2;
            *n = ln->len - 2;
        }
    }
}

static int emit_pkg(struct inv_run *r, const struct apk_pkg *k)
{
    struct vigil_arena *a = &r->arena;
    struct vigil_component c;
    const char *ns;

    memset(&c, 0, sizeof(c));
    c.name = vigil_arena_strndup(a, k->name, k->name_len);
    c.version = vigil_arena_strndup(a, k->version, k->version_len);
    c.arch = k->arch_len ? vigil_arena_strndup(a, k->arch, k->arch_len)
                         : NULL;
    c.source_name = k->origin_len
                        ? vigil_arena_strndup(a, k->origin, k->origin_len)
                        : c.name;
    c.source_version = c.version;
    c.distro = r->distro;
    ns = vigil__inv_distro_ns(r->distro, "apk", "alpine");
    c.ecosystem = vigil__inv_ecosystem(a, "apk", ns, r->distro);
    c.purl = vigil__inv_purl_build(a, "apk", ns, c.name ? c.name : "",
                                   c.version, c.arch, r->distro, NULL);
    if (!c.name || !c.version || (k->arch_len && !c.arch) ||
        !c.source_name || !c.purl)
        return VIGIL_ENOMEM;
    return vigil__inv_emit(r, &c);
}

static int end_pkg(struct inv_run *r, const struct apk_pkg *k)
{
    char rec[64];

    snprintf(rec, sizeof(rec), "%.*s", (int)k->name_len,
             k->name ? k->name : "");
    if (k->bad_line) {
        vigil__inv_skip(r, k->bad_off, k->bad_line, rec,
                        "line %ld is not a 'K:value' line", k->bad_line);
        return 0;
    }
    if (!k->name_len || !k->version_len) {
        vigil__inv_skip(r, k->off, k->line, rec,
                        "package at line %ld has no %s", k->line,
                        k->name_len ? "V: (version)" : "P: (name)");
        return 0;
    }
    return emit_pkg(r, k);
}

int vigil__inv_parse_apk(struct inv_run *r, const char *buf, size_t len)
{
    struct inv_line ln = INV_LINE_INIT;
    struct apk_pkg k;
    int open = 0, rc;

    memset(&k, 0, sizeof(k));
    while (vigil__inv_next_line(buf, len, &ln)) {
        if (blank(&ln)) {
            if (open && (rc = end_pkg(r, &k)) != 0)
                return rc;
            open = 0;
            continue;
        }
        if (!open) {
            memset(&k, 0, sizeof(k));
            k.off = ln.off;
            k.line = ln.no;
            open = 1;
        }
        read_line(&k, &ln);
    }
    if (open && (rc = end_pkg(r, &k)) != 0)
        return rc;
    return vigil__inv_finish(r);
}
