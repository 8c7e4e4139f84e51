/*
 * fuzz_asff.c - the ASFF findings parser on arbitrary bytes, format forced.
 */
#include <stddef.h>
#include <stdint.h>

#include "vigil/finding.h"
#include "fuzz_finding.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_finding_run(VIGIL_FMT_ASFF, data, size);
}
