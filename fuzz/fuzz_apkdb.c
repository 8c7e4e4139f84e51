/*
 * fuzz_apkdb.c - apk installed databases through the inventory parser,
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
    return fuzz_inventory_run(VIGIL_INV_APK, "alpine-3.19.1", data, size);
}
