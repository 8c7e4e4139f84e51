/* Interim: the full purl module replaces this file. */
#include <string.h>

#include "vigil/purl.h"
#include "../internal.h"

int vigil_pkg_name_key(const char *ecosystem, const char *name, char *out,
                       size_t outlen)
{
    size_t n = 0;
    int pypi = ecosystem && vigil__strcasecmp(ecosystem, "PyPI") == 0;
    int dash = 0;

    for (; *name && n + 1 < outlen; name++) {
        char c = *name;

        if (pypi && (c == '-' || c == '_' || c == '.')) {
            dash = 1;
            continue;
        }
        if (dash && n + 2 < outlen)
            out[n++] = '-';
        dash = 0;
        out[n++] = pypi ? (char)vigil__tolower((unsigned char)c) : c;
    }
    out[n] = '\0';
    return 0;
}
