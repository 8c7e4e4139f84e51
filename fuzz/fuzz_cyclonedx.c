/*
 * fuzz_cyclonedx.c - CycloneDX JSON BOMs through the inventory parser,
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
    return fuzz_inventory_run(VIGIL_INV_CYCLONEDX, "debian-12", data, size);
}
