/*
 * fuzz_spdx.c - SPDX JSON documents through the inventory parser,
 * without and with a distro, then format detection.
 */
#include <stddef.h>
#include <stdint.h>

#include "vigil/inventory.h"
#include "fuzz_inventory.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_inventory_run(VIGIL_INV_SPDX, "debian-12", data, size);
}
