/*
 * distro.c - operating system releases as users write them, in one
 * canonical form "family-release" that matching compares with the
 * release part of OSV ecosystems ("Debian:12", "Alpine:v3.19").
 */
#include <stdio.h>
#include <string.h>

#include "vigil/match.h"
#include "../internal.h"

static const struct {
    const char *name;       /* family, as written in ids */
    const char *family;     /* canonical family */
} families[] = {
    { "debian", "debian" },   { "ubuntu", "ubuntu" },
    { "alpine", "alpine" },   { "rhel", "rhel" },
    { "redhat", "rhel" },     { "rocky", "rocky" },
    { "almalinux", "alma" },  { "alma", "alma" },
};

/* Release code names, so "bookworm" means Debian 12. */
static const struct {
    const char *codename;
    const char *canonical;
} codenames[] = {
    { "buster", "debian-10" },  { "bullseye", "debian-11" },
    { "bookworm", "debian-12" }, { "trixie", "debian-13" },
    { "bionic", "ubuntu-18.04" }, { "focal", "ubuntu-20.04" },
    { "jammy", "ubuntu-22.04" }, { "noble", "ubuntu-24.04" },
};

/* Keeps the releases that advisories distinguish: Debian and RHEL by
 * major version, Ubuntu and Alpine by major.minor. */
static void trim_release(const char *family, char *rel)
{
    char *dot = strchr(rel, '.');

    if (!strcmp(family, "debian") || !strcmp(family, "rhel") ||
        !strcmp(family, "rocky") || !strcmp(family, "alma")) {
        if (dot)
            *dot = '\0';
    } else if (dot && (dot = strchr(dot + 1, '.'))) {
        *dot = '\0';
    }
}

static int valid_release(const char *r)
{
    if (!vigil__isdigit((unsigned char)*r))
        return 0;
    for (; *r; r++)
        if (!vigil__isdigit((unsigned char)*r) && *r != '.')
            return 0;
    return 1;
}

int vigil_distro_normalize(const char *in, char *out, size_t outlen)
{
    char low[64], rel[32];
    size_t i, n;

    if (!in || strlen(in) >= sizeof(low))
        return 0;
    for (i = 0; in[i]; i++)
        low[i] = (char)vigil__tolower((unsigned char)in[i]);
    low[i] = '\0';
    for (i = 0; i < VIGIL_ARRAY_SIZE(codenames); i++) {
        n = strlen(low);
        if (strcmp(low, codenames[i].codename) == 0 ||
            (n > strlen(codenames[i].codename) &&
             strcmp(low + n - strlen(codenames[i].codename),
                    codenames[i].codename) == 0 &&
             strchr("-: ", low[n - strlen(codenames[i].codename) - 1]))) {
            snprintf(out, outlen, "%s", codenames[i].canonical);
            return 1;
        }
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(families); i++) {
        n = strlen(families[i].name);
        if (strncmp(low, families[i].name, n) != 0 || !low[n] ||
            !strchr("-: ", low[n]))
            continue;
        snprintf(rel, sizeof(rel), "%s", low + n + 1 +
                                             (low[n + 1] == 'v'));
        if (!valid_release(rel))
            return 0;
        trim_release(families[i].family, rel);
        snprintf(out, outlen, "%s-%s", families[i].family, rel);
        return 1;
    }
    return 0;
}
