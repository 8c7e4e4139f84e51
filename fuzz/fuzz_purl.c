/*
 * fuzz_purl.c - package URL parsing and the canonical form.  Checks that
 * the canonical string of a parsed purl parses again and is a fixed
 * point, and runs the ecosystem and name-key helpers on the result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/purl.h"
#include "fuzz_input.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void helpers(const struct vigil_purl *p)
{
    char out[256], key[256];

    (void)vigil_purl_ecosystem(p, out, sizeof(out));
    if (vigil_purl_package_name(p, out, sizeof(out)) == 0)
        (void)vigil_pkg_name_key(vigil_purl_type_to_ecosystem(p->type), out,
                                 key, sizeof(key));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vigil_buf b1 = VIGIL_BUF_INIT, b2 = VIGIL_BUF_INIT;
    struct vigil_arena arena;
    struct vigil_purl p;
    char *s;

    s = fuzz_cstring(data, size, VIGIL_PURL_MAX + 16);
    if (!s)
        return 0;
    vigil_arena_init(&arena);
    if (vigil_purl_parse(s, &arena, &p, NULL) == 0) {
        helpers(&p);
        if (vigil_purl_format(&p, &b1) != 0)
            abort();
        /* percent-encoding can take a form past the length limit; such
         * a form is refused when read back, which is not a bug */
        if (b1.len <= VIGIL_PURL_MAX &&
            vigil_purl_canonical(b1.ptr, &b2, NULL) != 0)
            abort();
        if (b1.len > VIGIL_PURL_MAX) {
            vigil_arena_release(&arena);
            vigil_buf_release(&b1);
            free(s);
            return 0;
        }
        if (strcmp(b1.ptr, b2.ptr) != 0)
            abort();
    }
    vigil_arena_release(&arena);
    vigil_buf_release(&b1);
    vigil_buf_release(&b2);
    free(s);
    return 0;
}
