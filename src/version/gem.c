/* PLACEHOLDER: replaced by the real gem scheme before any release. */
#include "vigil/version.h"
#include "../internal.h"

static int ph_validate(const char *v, struct vigil_error *err)
{
    (void)v;
    return vigil_error_set(err, VIGIL_EUNSUPPORTED, 0, "not built yet");
}

static int ph_compare(const char *a, const char *b, int *cmp,
                      struct vigil_error *err)
{
    (void)a; (void)b; (void)cmp;
    return vigil_error_set(err, VIGIL_EUNSUPPORTED, 0, "not built yet");
}

const struct vigil_scheme vigil__scheme_gem = {
    "gem", ph_validate, ph_compare, NULL
};
