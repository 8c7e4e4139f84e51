/*
 * inventory.c - loads an inventory file into the store, replacing what
 * the same inventory gave the system before.
 */
#include <string.h>

#include "vigil/import.h"
#include "vigil/purl.h"
#include "../internal.h"

#define MAX_INVENTORY ((size_t)512 << 20)

struct inv_run {
    struct vigil_store *store;
    long long system_id;
    const char *distro;
    const char *label;
    long long count;
    struct vigil_error *err;
};

static int got_system(void *ctx, const struct vigil_system *sys)
{
    struct inv_run *r = ctx;

    r->system_id = sys->id;
    return 0;
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

int vigil_import_inventory(struct vigil_store *s, const char *system,
                           const char *path, enum vigil_inv_format fmt,
                           const char *label, long long *count,
                           struct vigil_error *err)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct inv_run r;
    int rc;

    memset(&r, 0, sizeof(r));
    r.store = s;
    r.err = err;
    if (vigil_store_system_get(s, system, got_system, &r) != 0)
        return vigil_error_set(err, VIGIL_ENOTFOUND, 0,
                               "no system '%s' (add it with vigil system "
                               "add)", system);
    if ((rc = vigil_buf_read_file(&b, path, MAX_INVENTORY, err)))
        return rc;
    if (fmt == VIGIL_INV_AUTO)
        fmt = vigil_inventory_detect(b.ptr, b.len);
    if (fmt == VIGIL_INV_AUTO) {
        vigil_buf_release(&b);
        return vigil_error_set(err, VIGIL_EFORMAT, 0,
                               "cannot import '%s': unknown inventory "
                               "format", path);
    }
    r.label = label ? label : vigil_inv_format_name(fmt);
    if ((rc = vigil_store_begin(s, err)))
        goto out;
    rc = vigil_store_inventory_begin(s, r.system_id, r.label, err);
    if (!rc)
        rc = vigil_inventory_parse(fmt, b.ptr, b.len, path, add_component,
                                   &r, err);
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
