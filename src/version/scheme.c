/*
 * scheme.c - the table of version schemes, ecosystem to scheme mapping
 * and the comparison-list evaluator shared by the simpler schemes.
 */
#include <string.h>

#include "vigil/version.h"
#include "../internal.h"

extern const struct vigil_scheme vigil__scheme_dpkg;
extern const struct vigil_scheme vigil__scheme_rpm;
extern const struct vigil_scheme vigil__scheme_semver;
extern const struct vigil_scheme vigil__scheme_npm;
extern const struct vigil_scheme vigil__scheme_pep440;
extern const struct vigil_scheme vigil__scheme_maven;
extern const struct vigil_scheme vigil__scheme_go;
extern const struct vigil_scheme vigil__scheme_gem;
extern const struct vigil_scheme vigil__scheme_apk;
extern const struct vigil_scheme vigil__scheme_nuget;
extern const struct vigil_scheme vigil__scheme_composer;
extern const struct vigil_scheme vigil__scheme_generic;

static const struct vigil_scheme *const schemes[] = {
    &vigil__scheme_dpkg,  &vigil__scheme_rpm,      &vigil__scheme_semver,
    &vigil__scheme_npm,   &vigil__scheme_pep440,   &vigil__scheme_maven,
    &vigil__scheme_go,    &vigil__scheme_gem,      &vigil__scheme_apk,
    &vigil__scheme_nuget, &vigil__scheme_composer, &vigil__scheme_generic,
};

const struct vigil_scheme *vigil_scheme_get(const char *name)
{
    size_t i;

    for (i = 0; name && i < VIGIL_ARRAY_SIZE(schemes); i++)
        if (strcmp(schemes[i]->name, name) == 0)
            return schemes[i];
    return NULL;
}
