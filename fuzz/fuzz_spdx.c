/*
 * fuzz_spdx.c - SPDX JSON documents through the inventory parser, with and
 * without a distro, then format detection.  Every string a component
 * carries is read, so that bad pointers show under the sanitizers.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vigil/inventory.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int touch(void *ctx, const struct vigil_component *c)
{
    const char *f[] = { c->name, c->version, c->purl, c->ecosystem,
                        c->source_name, c->source_version, c->cpe,
                        c->arch, c->distro, c->type };
    size_t *total = ctx, i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(f); i++)
        *total += f[i] ? strlen(f[i]) : 0;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum vigil_inv_format fmt = VIGIL_INV_SPDX;
    struct vigil_inv_options opt = { "debian-12", NULL };
    const char *buf = (const char *)data;
    struct vigil_error err;
    size_t total = 0;

    vigil_inventory_parse(fmt, buf, size, "fuzz", touch, &total, &err);
    vigil_inventory_parse_opts(fmt, buf, size, "fuzz", &opt, touch, &total,
                               &err);
    vigil_inventory_detect(buf, size);
    return 0;
}
