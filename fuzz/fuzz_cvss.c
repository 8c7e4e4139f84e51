/*
 * fuzz_cvss.c - CVSS vector parsing of every version, strict and
 * lenient, with each version hint, and the published-score check.
 * Aborts when a parsed vector yields a score outside 0..10 or a
 * malformed result, so that the fuzzer reports it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cvss.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct vigil_cvss *c)
{
    if (!(c->base >= 0.0 && c->base <= 10.0)
        || !(c->score >= 0.0 && c->score <= 10.0)
        || !(c->temporal >= 0.0 && c->temporal <= 10.0)
        || !(c->environmental >= 0.0 && c->environmental <= 10.0)
        || !c->severity)
        abort();
    if (c->version == VIGIL_CVSS_V40
        && (strlen(c->macrovector) != 6
            || strncmp(c->nomenclature, "CVSS-B", 6) != 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int hints[] = { 0, VIGIL_CVSS_V20, VIGIL_CVSS_V30,
                                 VIGIL_CVSS_V31, VIGIL_CVSS_V40 };
    struct vigil_cvss c;
    struct vigil_error err;
    char *s;
    size_t i;
    int mismatch;

    s = fuzz_cstring(data, size, 4096);
    if (!s)
        return 0;

    for (i = 0; i < VIGIL_ARRAY_SIZE(hints); i++) {
        if (vigil_cvss_parse_as(s, hints[i], 0, &c, &err) == 0)
            check(&c);
        if (vigil_cvss_parse_as(s, hints[i], VIGIL_CVSS_LENIENT, &c,
                                &err) == 0)
            check(&c);
    }
    if (vigil_cvss_check_published(s, "3.1", 9.8, &c, &mismatch, &err) == 0)
        check(&c);
    free(s);
    return 0;
}
