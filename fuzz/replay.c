/*
 * replay.c - a main() for fuzz targets, so that "make check" runs every
 * corpus file through its target without clang or libFuzzer.
 *
 * Usage: replay_X FILE-OR-DIR...  Exit 0 when every input ran.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    uint8_t *copy;

    if (vigil_buf_read_file(&b, path, (size_t)64 << 20, &err)) {
        fprintf(stderr, "replay: %s\n", err.msg);
        return 1;
    }

    /* an exact-size copy, so that ASan sees reads past the end */
    copy = malloc(b.len ? b.len : 1);
    if (!copy)
        return 1;
    if (b.len)
        memcpy(copy, b.ptr, b.len);
    LLVMFuzzerTestOneInput(copy, b.len);
    free(copy);
    vigil_buf_release(&b);
    return 0;
}

static int run_path(const char *path, int *count)
{
    struct stat st;
    struct dirent **names;
    int n, i, bad = 0;
    char sub[4096];

    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: cannot stat '%s'\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return run_file(path);
    }
    n = scandir(path, &names, NULL, alphasort);
    if (n < 0)
        return 1;
    for (i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
            bad |= run_path(sub, count);
        }
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    int i, bad = 0, count = 0;

    for (i = 1; i < argc; i++)
        bad |= run_path(argv[i], &count);
    printf("replayed %d inputs\n", count);
    return bad;
}
