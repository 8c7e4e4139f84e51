/*
 * fuzz_inventory.h - what the inventory fuzz targets share: one input
 * through the inventory parser, without and then with a distro, then
 * format detection.  Every string a component carries is read, so that
 * bad pointers show under the sanitizers.
 */
#ifndef VIGIL_FUZZ_INVENTORY_H
#define VIGIL_FUZZ_INVENTORY_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vigil/inventory.h"

static inline int fuzz_on_component(void *ctx,
                                    const struct vigil_component *c)
{
    const char *f[] = { c->name, c->version, c->purl, c->ecosystem,
                        c->source_name, c->source_version, c->cpe,
                        c->arch, c->distro, c->type };
    size_t *total = ctx, i;

    for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        *total += f[i] ? strlen(f[i]) : 0;
    return 0;
}

/* distro goes to the second pass, as vigil_inv_options.distro. */
static inline int fuzz_inventory_run(enum vigil_inv_format fmt,
                                     const char *distro,
                                     const uint8_t *data, size_t size)
{
    struct vigil_inv_options opt = { distro, NULL };
    const char *buf = (const char *)data;
    struct vigil_error err;
    size_t total = 0;

    vigil_inventory_parse(fmt, buf, size, "fuzz", fuzz_on_component, &total,
                          &err);
    vigil_inventory_parse_opts(fmt, buf, size, "fuzz", &opt,
                               fuzz_on_component, &total, &err);
    vigil_inventory_detect(buf, size);
    return 0;
}

#endif
