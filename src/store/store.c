/*
 * store.c - what the store interface demands of entities whatever the
 * backend: the rules an entity's fields must meet before any backend
 * keeps them.
 */
#include <string.h>

#include "vigil/store.h"
#include "../internal.h"

int vigil_store_system_name_check(const char *name, struct vigil_error *err)
{
    if (!name || !*name)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "a system name cannot be empty");

    /* an update's systems are kept and shown as one ", "-joined list */
    if (strchr(name, ','))
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "system name '%s' cannot contain a comma "
                               "(lists of systems are comma-separated)",
                               name);
    return 0;
}
