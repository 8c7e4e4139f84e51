/*
 * fuzz_epss.c - the EPSS daily CSV reader.  Aborts when a reported row
 * breaks the documented contract (a CVE id, probabilities in 0..1), so
 * that the fuzzer reports it.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/epss.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_row(void *ctx, const char *cve, double epss, double pct,
                  const char *model, const char *date)
{
    long *rows = ctx;

    if (strncmp(cve, "CVE-", 4) != 0 || !(epss >= 0.0 && epss <= 1.0)
        || (!isnan(pct) && !(pct >= 0.0 && pct <= 1.0))
        || (date && strlen(date) != 10) || (model && !*model))
        abort();
    (*rows)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vigil_error err;
    long rows = 0;

    vigil_epss_parse((const char *)data, size, on_row, &rows, &err);
    return 0;
}
