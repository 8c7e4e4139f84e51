/*
 * fuzz_input.h - the fuzzer's bytes as a C string, for the targets whose
 * functions take one.
 */
#ifndef VIGIL_FUZZ_INPUT_H
#define VIGIL_FUZZ_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * A NUL-terminated copy of data that the caller frees, or NULL when
 * size is above max (inputs too long to be worth the time) or memory
 * runs out.
 */
static inline char *fuzz_cstring(const uint8_t *data, size_t size,
                                 size_t max)
{
    char *s;

    if (size > max)
        return NULL;
    s = malloc(size + 1);
    if (!s)
        return NULL;
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
