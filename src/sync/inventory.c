/*
 * inventory.c - loads an inventory file into the store, replacing what
 * the same inventory gave the system before.
 *
 * An inventory that shrinks is how a vulnerable component disappears,
 * and a disappearing component closes or verifies security updates on
 * the next match; so a file that looks cut short, or that would remove
 * most of what the last import of the same inventory gave, is refused
 * unless the caller forces it.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/import.h"
#include "vigil/purl.h"
#include "../internal.h"

#define MAX_INVENTORY ((size_t)512 << 20)
#define SHOWN_SKIPS 5

struct inv_run {
    struct vigil_store *store;
    long long system_id;
    char distro[64];
    const char *label;
    const char *path;
    long long count;
    long long before;            /* components of this label before */
    long long skipped;
    struct vigil_error *err;
};

static int got_system(void *ctx, const struct vigil_system *sys)
{
    struct inv_run *r = ctx;

    r->system_id = sys->id;
    snprintf(r->distro, sizeof(r->distro), "%s",
             sys->distro ? sys->distro : "");
    return 0;
}

static int count_label(void *ctx, const struct vigil_component_row *c)
{
    struct inv_run *r = ctx;

    (void)c;
    r->before++;
    return 0;
}

/* Only the first few skipped records are shown; the rest are counted. */
static void on_skip(void *ctx, const char *origin,
                    const struct vigil_error *e)
{
    struct inv_run *r = ctx;

    (void)origin;
    if (++r->skipped <= SHOWN_SKIPS)
        vigil_log(VIGIL_LOG_WARN, "%s: %s; skipped", r->path, e->msg);
}

static int add_component(void *ctx, const struct vigil_component *c)
{
    struct inv_run *r = ctx;
    struct vigil_component copy = *c;
    char key[512], src_key[512];

    if (!c->name || !*c->name)
        return 0;
    key[0] = src_key[0] = '\0';
    vigil_pkg_name_key(c->ecosystem, c->name, key, sizeof(key));
    if (c->source_name)
        vigil_pkg_name_key(c->ecosystem, c->source_name, src_key,
                           sizeof(src_key));
    r->count++;
    return vigil_store_component_add(r->store, r->system_id, r->label,
                                     &copy, key, src_key[0] ? src_key : NULL,
                                     r->err);
}

/* A line-based inventory that stops inside a line was cut short. */
static int looks_truncated(enum vigil_inv_format fmt, const struct vigil_buf *b)
{
    return (fmt == VIGIL_INV_DPKG || fmt == VIGIL_INV_RPM ||
            fmt == VIGIL_INV_APK) && b->len > 0 && b->ptr[b->len - 1] != '\n';
}

static int parse_into_store(struct inv_run *r, enum vigil_inv_format fmt,
                            const struct vigil_buf *b, int force)
{
    struct vigil_inv_options o;
    int rc;

    memset(&o, 0, sizeof(o));
    o.distro = r->distro[0] ? r->distro : NULL;
    o.on_skip = on_skip;
    if ((rc = vigil_store_inventory_begin(r->store, r->system_id, r->label,
                                          r->err)) ||
        (rc = vigil_inventory_parse_opts(fmt, b->ptr, b->len, r->path, &o,
                                         add_component, r, r->err)))
        return rc;
    if (r->skipped > SHOWN_SKIPS)
        vigil_log(VIGIL_LOG_WARN, "%s: %lld records skipped in all",
                  r->path, r->skipped);
    if (!force && r->before >= 10 && r->count * 2 < r->before)
        return vigil_error_set(r->err, VIGIL_ESTATE, 0,
                               "'%s' has %lld components where the last "
                               "import of '%s' had %lld; refusing to "
                               "remove most of them (use --force if the "
                               "system really changed)", r->path, r->count,
                               r->label, r->before);
    return 0;
}

int vigil_import_inventory(struct vigil_store *s, const char *system,
                           const char *path, enum vigil_inv_format fmt,
                           const char *label, int force, long long *count,
                           struct vigil_error *err)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct inv_run r;
    const char *base = strrchr(path, '/');
    int rc;

    memset(&r, 0, sizeof(r));
    r.store = s;
    r.err = err;
    r.path = path;
    r.label = label ? label : base ? base + 1 : path;
    if (vigil_store_system_get(s, system, got_system, &r) != 0)
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0,
                               "no system '%s' (add it with vigil system "
                               "add)", system);
    if ((rc = vigil_buf_read_file(&b, path, MAX_INVENTORY, err)))
        return rc;
    if (fmt == VIGIL_INV_AUTO)
        fmt = vigil_inventory_detect(b.ptr, b.len);
    if (fmt == VIGIL_INV_AUTO)
        rc = vigil_error_set(err, VIGIL_EFORMAT, 0,
                             "cannot import '%s': unknown inventory "
                             "format", path);
    else if (looks_truncated(fmt, &b) && !force)
        rc = vigil_error_set(err, VIGIL_EPARSE, b.len,
                             "'%s' ends inside a line at byte %zu: cut "
                             "short? (use --force to import it anyway)",
                             path, b.len);
    if (rc)
        goto out;
    if ((rc = vigil_store_begin(s, err)))
        goto out;
    rc = vigil_store_components_of(s, r.system_id, r.label, count_label, &r);
    if (!rc)
        rc = parse_into_store(&r, fmt, &b, force);
    if (!rc)
        rc = vigil_store_commit(s, err);
    else
        vigil_store_rollback(s);
    if (!rc)
        *count = r.count;
out:
    vigil_buf_release(&b);
    return rc;
}
