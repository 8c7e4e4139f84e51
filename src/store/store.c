/*
 * store.c - what the store interface demands of entities whatever the
 * backend: the rules an entity's fields must meet before any backend
 * keeps them, and the canonical case of the advisory ids people type.
 */
#include <string.h>

#include "vigil/store.h"
#include "../internal.h"

/*
 * The rule of a name people filter and report by: one line of valid
 * UTF-8 of at most max bytes, neither blank nor padded with white space
 * (vigil__utf8_space) at either end.
 */
static int name_rule(const char *what, const char *name, size_t max,
                     struct vigil_error *err)
{
    size_t n, lead = 0, trail = 0, k;
    int rc;

    if ((rc = vigil__text_check(what, name, max, 1, err)))
        return rc;

    /* white space at the front, then a white-space character at the end */
    n = strlen(name);
    while (lead < n && (k = vigil__utf8_space(name + lead, n - lead)))
        lead += k;
    if (lead == n)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "%s cannot be empty or blank", what);
    for (k = 1; k <= 3 && k <= n && !trail; k++)
        if (vigil__utf8_space(name + n - k, k) == k)
            trail = k;
    if (lead || trail)
        return vigil_error_set(err, VIGIL_EINVAL, 0,
                               "%s cannot begin or end with white space "
                               "('%s')", what, name);
    return 0;
}

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
    return name_rule("a system name", name, VIGIL_STORE_SYSTEM_MAX, err);
}

int vigil_store_person_check(const char *what, const char *name,
                             struct vigil_error *err)
{
    return name ? name_rule(what, name, VIGIL_STORE_PERSON_MAX, err) : 0;
}

int vigil_store_advisory_id_canon(const char *id, char *out,
                                  size_t outlen)
{
    size_t n = strlen(id), prefix = strcspn(id, "-"), i;
    int cve, ghsa;

    if (id[prefix] != '-')
        return VIGIL_EINVAL;
    if (n >= outlen)
        return VIGIL_ELIMIT;
    cve = prefix == 3 && vigil__strncaseeq(id, "CVE", 3);
    ghsa = prefix == 4 && vigil__strncaseeq(id, "GHSA", 4);
    for (i = 0; i <= n; i++) {
        if (i < prefix || cve)
            out[i] = (char)vigil__toupper((unsigned char)id[i]);
        else if (ghsa)
            out[i] = (char)vigil__tolower((unsigned char)id[i]);
        else
            out[i] = id[i];
    }
    return 0;
}
