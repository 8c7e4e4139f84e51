/*
 * bench_import.c - imports advisory paths into a fresh database and
 * prints records per second and peak memory.
 *
 * Usage: bench_import DB PATH...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "vigil/import.h"
#include "internal.h"

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct vigil_import_opts opts;
    struct vigil_import_stats st;
    struct vigil_store *s;
    struct vigil_error err;
    struct rusage ru;
    double t0, t1;
    int rc;

    if (argc < 3) {
        fprintf(stderr, "usage: bench_import DB PATH...\n");
        return 2;
    }
    unlink(argv[1]);
    vigil_error_clear(&err);
    if (vigil_store_open(argv[1], &s, &err)) {
        fprintf(stderr, "bench_import: %s\n", err.msg);
        return 1;
    }
    memset(&opts, 0, sizeof(opts));
    t0 = now_seconds();
    rc = vigil_import_paths(s, (const char *const *)argv + 2,
                            (size_t)argc - 2, &opts, &st, &err);
    t1 = now_seconds();
    vigil_store_close(s);
    getrusage(RUSAGE_SELF, &ru);
    printf("files        %lld\n", st.total.files);
    printf("records      %lld\n", st.total.read);
    printf("rejected     %lld\n", st.total.rejected);
    printf("seconds      %.3f\n", t1 - t0);
    printf("records/s    %.0f\n", (double)st.total.read / (t1 - t0));
    printf("peak RSS MiB %.1f\n", (double)ru.ru_maxrss / 1024.0);
    return rc && rc != VIGIL_EPARSE;
}
