/*
 * store_helpers.h - what the tests on a real store share: a fresh
 * directory under /tmp with the database t.db in it, opened, and its
 * removal afterwards.
 */
#ifndef VIGIL_STORE_HELPERS_H
#define VIGIL_STORE_HELPERS_H

#include <stdio.h>
#include <stdlib.h>

#include "vigil/store.h"

/*
 * Makes the directory /tmp/vigil-<name>-XXXXXX into dir, writes the path
 * of its t.db into db and opens the store there into *s.  Returns 0, or
 * -1 when any step fails.
 */
static inline int store_tmp_open(const char *name, char *dir, size_t dirlen,
                                 char *db, size_t dblen,
                                 struct vigil_store **s)
{
    struct vigil_error err;

    snprintf(dir, dirlen, "/tmp/vigil-%s-XXXXXX", name);
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, dblen, "%s/t.db", dir);
    if (vigil_store_open(db, s, &err) != 0)
        return -1;
    return 0;
}

/*
 * A teardown's work: closes s, removes dir with all it holds, then frees
 * the fixture.  Returns 0, or -1 (fixture kept) when rm fails.
 */
static inline int store_tmp_close(void *fixture, struct vigil_store *s,
                                  const char *dir)
{
    char cmd[160];

    vigil_store_close(s);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return -1;
    free(fixture);
    return 0;
}

#endif
