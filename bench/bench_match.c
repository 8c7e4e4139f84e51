/*
 * bench_match.c - imports advisories and one inventory into a fresh
 * database, then times a full match and tracking run and a second,
 * unchanged one.  Prints components per second and peak memory.
 *
 * Usage: bench_match DB INVENTORY ADVISORY-PATH...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "vigil/import.h"
#include "vigil/match.h"
#include "vigil/track.h"
#include "internal.h"

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int one_run(struct vigil_store *s, struct vigil_match_stats *ms,
                   double *secs, struct vigil_error *err)
{
    struct vigil_track_stats ts;
    double t0 = now_seconds();
    int rc = vigil_store_begin(s, err);

    if (!rc)
        rc = vigil_match_run(s, NULL, ms, err);
    if (!rc)
        rc = vigil_track_sync(s, NULL, &ts, err);
    if (!rc)
        rc = vigil_store_commit(s, err);
    *secs = now_seconds() - t0;
    return rc;
}

int main(int argc, char **argv)
{
    struct vigil_import_opts opts;
    struct vigil_import_stats st;
    struct vigil_match_stats ms;
    struct vigil_system sys;
    struct vigil_store *s;
    struct vigil_error err;
    struct rusage ru;
    long long n = 0;
    double secs;
    int rc, i;

    if (argc < 4) {
        fprintf(stderr, "usage: bench_match DB INVENTORY PATH...\n");
        return 2;
    }
    unlink(argv[1]);
    vigil_error_clear(&err);
    memset(&opts, 0, sizeof(opts));
    memset(&sys, 0, sizeof(sys));
    sys.name = "bench";
    sys.distro = "debian-12";
    if (vigil_store_open(argv[1], &s, &err) ||
        (rc = vigil_import_paths(s, (const char *const *)argv + 3,
                                 (size_t)argc - 3, &opts, &st, &err),
         rc && rc != VIGIL_EPARSE) ||
        vigil_store_system_put(s, &sys, NULL, &err) ||
        vigil_import_inventory(s, "bench", argv[2], VIGIL_INV_AUTO, NULL,
                               0, &n, &err)) {
        fprintf(stderr, "bench_match: %s\n", err.msg);
        return 1;
    }
    printf("advisory records %lld\ncomponents       %lld\n", st.total.read,
           n);
    for (i = 0; i < 2; i++) {
        if (one_run(s, &ms, &secs, &err)) {
            fprintf(stderr, "bench_match: %s\n", err.msg);
            return 1;
        }
        printf("run %d: %.3f s, %lld candidates, %lld affected, "
               "%.0f components/s\n", i + 1, secs, ms.candidates,
               ms.affected, (double)ms.components / secs);
    }
    vigil_store_close(s);
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS MiB     %.1f\n", (double)ru.ru_maxrss / 1024.0);
    return 0;
}
