/*
 * vigil.c - the command-line entry point: global options and dispatch.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("vigil %s\n", VIGIL_VERSION);
        return 0;
    }
    fprintf(stderr, "vigil: no command given\n");
    return 2;
}
