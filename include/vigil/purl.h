/* Interim: the full purl module replaces this header. */
#ifndef VIGIL_PURL_H
#define VIGIL_PURL_H

#include <stddef.h>

int vigil_pkg_name_key(const char *ecosystem, const char *name, char *out,
                       size_t outlen);

#endif
