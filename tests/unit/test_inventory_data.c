/*
 * test_inventory_data.c - the inventory parsers on the real SBOMs and
 * package databases under ../shared/data/sbom: each file parses, the
 * number of components equals a count made here independently (a cJSON
 * walk, a stanza or line count), and known packages come out right.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <cJSON.h>

#include "vigil/inventory.h"
#include "internal.h"

#define MAX_FILES 256

/* What a parse produced: a count, and copies of one looked-for
 * component's fields. */
struct seen {
    size_t n;
    size_t with_ecosystem;
    size_t bad_purl_prefix;     /* built purls that do not start right */
    const char *want_name;
    int found;
    char version[128], purl[256], ecosystem[64], source[64], srcver[128],
        arch[32], cpe[256];
    char **lines;               /* rpm: each component as NEVRA again */
    size_t nlines;
    const char *purl_prefix;    /* dpkg/apk: "pkg:deb/debian/" */
};

static void copy(char *dst, size_t n, const char *s)
{
    snprintf(dst, n, "%s", s ? s : "(null)");
}

static int see(void *ctx, const struct vigil_component *c)
{
    struct seen *s = ctx;

    assert_non_null(c->name);
    s->n++;
    s->with_ecosystem += c->ecosystem != NULL;
    if (s->purl_prefix &&
        (!c->purl || strncmp(c->purl, s->purl_prefix,
                             strlen(s->purl_prefix)) != 0))
        s->bad_purl_prefix++;
    if (s->lines && s->nlines < 4096) {
        char buf[512];

        snprintf(buf, sizeof(buf), "%s-%s.%s", c->name, c->version,
                 c->arch ? c->arch : "");
        s->lines[s->nlines++] = strdup(buf);
    }
    if (s->want_name && !s->found && strcmp(c->name, s->want_name) == 0) {
        s->found = 1;
        copy(s->version, sizeof(s->version), c->version);
        copy(s->purl, sizeof(s->purl), c->purl);
        copy(s->ecosystem, sizeof(s->ecosystem), c->ecosystem);
        copy(s->source, sizeof(s->source), c->source_name);
        copy(s->srcver, sizeof(s->srcver), c->source_version);
        copy(s->arch, sizeof(s->arch), c->arch);
        copy(s->cpe, sizeof(s->cpe), c->cpe);
    }
    return 0;
}

static const char *shared_dir(void)
{
    const char *s = getenv("SHARED");

    return s && *s ? s : "../shared";
}

static int have_data(void)
{
    char path[1024];
    struct stat st;

    snprintf(path, sizeof(path), "%s/data/sbom", shared_dir());
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return 1;
    printf("skipped: ../shared/data not found\n");
    return 0;
}

static void load(const char *rel, struct vigil_buf *b)
{
    struct vigil_error err;
    char path[1024];

    snprintf(path, sizeof(path), "%s/data/sbom/%s", shared_dir(), rel);
    vigil_buf_init(b);
    if (vigil_buf_read_file(b, path, (size_t)64 << 20, &err) != 0)
        fail_msg("cannot read %s: %s", path, err.msg);
}

/* Collects the .json files under dir, relative to data/sbom. */
static void list_json(const char *rel, char **out, size_t *n)
{
    char path[2048], sub[1024];
    struct dirent *e;
    struct stat st;
    DIR *d;

    snprintf(path, sizeof(path), "%s/data/sbom/%s", shared_dir(), rel);
    d = opendir(path);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);

        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name);
        snprintf(path, sizeof(path), "%s/data/sbom/%s", shared_dir(), sub);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            list_json(sub, out, n);
        else if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0 &&
                 *n < MAX_FILES)
            out[(*n)++] = strdup(sub);
    }
    closedir(d);
}

/* Components of a CycloneDX subtree: those with a name or a purl. */
static size_t cdx_count(const cJSON *c)
{
    const cJSON *kid;
    size_t n;

    if (!cJSON_IsObject(c))
        return 0;
    n = cJSON_IsString(cJSON_GetObjectItem(c, "name")) ||
        cJSON_IsString(cJSON_GetObjectItem(c, "purl"));
    cJSON_ArrayForEach(kid, cJSON_GetObjectItem(c, "components"))
        n += cdx_count(kid);
    return n;
}

/* Ecosystems vigil maps; a component whose purl is of these types must
 * come out with an ecosystem. */
static int mapped_purl(const char *purl)
{
    static const char *const types[] = {
        "pkg:maven/", "pkg:npm/", "pkg:golang/", "pkg:composer/",
        "pkg:pypi/",  "pkg:cargo/", "pkg:apk/alpine/", "pkg:deb/debian/",
        "pkg:gem/",   "pkg:nuget/",
    };
    size_t i;

    for (i = 0; purl && i < VIGIL_ARRAY_SIZE(types); i++)
        if (strncmp(purl, types[i], strlen(types[i])) == 0)
            return 1;
    return 0;
}

static size_t cdx_mapped(const cJSON *c)
{
    const cJSON *kid;
    size_t n;

    if (!cJSON_IsObject(c))
        return 0;
    n = mapped_purl(cJSON_GetStringValue(cJSON_GetObjectItem(c, "purl")));
    cJSON_ArrayForEach(kid, cJSON_GetObjectItem(c, "components"))
        n += cdx_mapped(kid);
    return n;
}

static int is_str(const cJSON *o, const char *key, const char *want)
{
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(o, key));

    return v && strcmp(v, want) == 0;
}

/* The independent count for an SBOM, and how many have mapped purls. */
static void sbom_expect(const cJSON *root, size_t *count, size_t *mapped)
{
    const cJSON *meta, *c, *r;

    *count = *mapped = 0;
    if (cJSON_GetObjectItem(root, "spdxVersion")) {
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "packages"))
        {
            *count += cJSON_IsString(cJSON_GetObjectItem(c, "name"));
            cJSON_ArrayForEach(r, cJSON_GetObjectItem(c, "externalRefs"))
                if (is_str(r, "referenceType", "purl"))
                    *mapped += mapped_purl(cJSON_GetStringValue(
                        cJSON_GetObjectItem(r, "referenceLocator")));
        }
        return;
    }
    if (cJSON_GetObjectItem(root, "@graph")) {
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "@graph"))
        {
            if (is_str(c, "type", "software_Package")) {
                (*count)++;
                *mapped += mapped_purl(cJSON_GetStringValue(
                    cJSON_GetObjectItem(c, "software_packageUrl")));
            }
        }
        return;
    }
    meta = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "metadata"),
                               "component");
    *count = cdx_count(meta);
    *mapped = cdx_mapped(meta);
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "components"))
    {
        *count += cdx_count(c);
        *mapped += cdx_mapped(c);
    }
}

static void check_sbom_dir(const char *rel, enum vigil_inv_format fmt,
                           size_t min_files)
{
    char *files[MAX_FILES];
    size_t nfiles = 0, i, total = 0;
    struct vigil_error err;

    list_json(rel, files, &nfiles);
    assert_true(nfiles >= min_files);
    for (i = 0; i < nfiles; i++) {
        struct vigil_buf b;
        struct seen s;
        size_t want, mapped;
        cJSON *root;
        int rc;

        load(files[i], &b);
        root = cJSON_ParseWithLength(b.ptr, b.len);
        assert_non_null(root);
        sbom_expect(root, &want, &mapped);
        cJSON_Delete(root);

        memset(&s, 0, sizeof(s));
        assert_int_equal(vigil_inventory_detect(b.ptr, b.len), fmt);
        rc = vigil_inventory_parse(VIGIL_INV_AUTO, b.ptr, b.len, files[i],
                                   see, &s, &err);
        if (rc != 0 || s.n != want || s.with_ecosystem != mapped)
            fail_msg("%s: rc %d (%s), %zu components (want %zu), %zu with "
                     "ecosystem (want %zu)", files[i], rc, err.msg, s.n,
                     want, s.with_ecosystem, mapped);
        total += s.n;
        vigil_buf_release(&b);
        free(files[i]);
    }
    assert_true(total > 0);
}

static void test_cyclonedx_files(void **state)
{
    (void)state;
    if (!have_data())
        skip();
    check_sbom_dir("cyclonedx", VIGIL_INV_CYCLONEDX, 50);
}

static void test_spdx_files(void **state)
{
    (void)state;
    if (!have_data())
        skip();
    check_sbom_dir("spdx", VIGIL_INV_SPDX, 10);
}

/*
 * Installed packages of a dpkg status file, counted by looking at each
 * blank-line-separated stanza for a Package line and its Status.
 */
static size_t dpkg_expect(const char *text)
{
    const char *p = text;
    size_t n = 0;

    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
        char *st = strndup(p, len);
        char *status;

        assert_non_null(st);
        status = strstr(st, "Status: ");
        if ((strncmp(st, "Package:", 8) == 0 || strstr(st, "\nPackage:")) &&
            (!status || strncmp(status, "Status: install ok installed\n",
                                29) == 0 ||
             strncmp(status, "Status: hold ok installed\n", 26) == 0))
            n++;
        free(st);
        p += len;
        while (*p == '\n')
            p++;
    }
    return n;
}

static size_t count_prefix(const char *text, const char *prefix)
{
    size_t n = strncmp(text, prefix, strlen(prefix)) == 0, k = strlen(prefix);
    const char *p = text;
    char nl[16];

    snprintf(nl, sizeof(nl), "\n%s", prefix);
    while ((p = strstr(p, nl)) != NULL) {
        n++;
        p += k;
    }
    return n;
}

static const struct {
    const char *file;
    enum vigil_inv_format fmt;
    const char *purl_prefix;
    const char *line_prefix;    /* counted for apk */
} db_cases[] = {
    { "dpkg/debian-host.status", VIGIL_INV_DPKG, "pkg:deb/debian/", NULL },
    { "dpkg/grype-debian-match-coverage.status", VIGIL_INV_DPKG,
      "pkg:deb/debian/", NULL },
    { "dpkg/osv-scanner-locks-many.status", VIGIL_INV_DPKG,
      "pkg:deb/debian/", NULL },
    { "apk/grype-alpine-match-coverage.installed", VIGIL_INV_APK,
      "pkg:apk/alpine/", "P:" },
};

static void test_package_dbs(void **state)
{
    struct vigil_error err;
    size_t i;

    (void)state;
    if (!have_data())
        skip();
    for (i = 0; i < VIGIL_ARRAY_SIZE(db_cases); i++) {
        struct vigil_buf b;
        struct seen s;
        size_t want;

        load(db_cases[i].file, &b);
        want = db_cases[i].line_prefix
                   ? count_prefix(b.ptr, db_cases[i].line_prefix)
                   : dpkg_expect(b.ptr);
        memset(&s, 0, sizeof(s));
        s.purl_prefix = db_cases[i].purl_prefix;
        assert_int_equal(vigil_inventory_detect(b.ptr, b.len),
                         db_cases[i].fmt);
        assert_int_equal(vigil_inventory_parse(VIGIL_INV_AUTO, b.ptr, b.len,
                                               db_cases[i].file, see, &s,
                                               &err),
                         0);
        if (s.n != want || want == 0)
            fail_msg("%s: %zu components, counted %zu", db_cases[i].file,
                     s.n, want);
        assert_int_equal(s.with_ecosystem, s.n);
        assert_int_equal(s.bad_purl_prefix, 0);
        vigil_buf_release(&b);
    }
}

/* Each rpm line comes back as name-version-release.arch unchanged. */
static void test_rpm_list(void **state)
{
    struct vigil_error err;
    struct vigil_buf b;
    struct seen s;
    char *lines[4096];
    const char *p;
    size_t i, n = 0;

    (void)state;
    if (!have_data())
        skip();
    load("rpm/nevra-list-from-redhat-csaf.txt", &b);
    memset(&s, 0, sizeof(s));
    s.lines = lines;
    s.purl_prefix = "pkg:rpm/";
    assert_int_equal(vigil_inventory_detect(b.ptr, b.len), VIGIL_INV_RPM);
    assert_int_equal(vigil_inventory_parse(VIGIL_INV_AUTO, b.ptr, b.len,
                                           "rpm", see, &s, &err),
                     0);
    for (p = b.ptr; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
        size_t len = strcspn(p, "\n");

        if (len == 0)
            continue;
        if (n >= s.nlines || strncmp(lines[n], p, len) != 0 ||
            lines[n][len] != '\0')
            fail_msg("line %zu '%.*s' came back as '%s'", n + 1, (int)len,
                     p, n < s.nlines ? lines[n] : "(nothing)");
        n++;
    }
    assert_int_equal(n, 241);
    assert_int_equal(s.n, n);
    assert_int_equal(s.with_ecosystem, 0);
    assert_int_equal(s.bad_purl_prefix, 0);
    for (i = 0; i < s.nlines; i++)
        free(lines[i]);
    vigil_buf_release(&b);
}

enum sf { S_VERSION, S_PURL, S_ECO, S_SRC, S_SRCVER, S_ARCH, S_CPE };

/* Known packages of the real files, read off the files by hand. */
static const struct {
    const char *file;
    const char *name;
    enum sf field;
    const char *want;
} spot_cases[] = {
    /* "Source: bash (5.2.15-2)" with a binNMU version */
    { "dpkg/debian-host.status", "bash", S_VERSION, "5.2.15-2+b8" },
    { "dpkg/debian-host.status", "bash", S_SRC, "bash" },
    { "dpkg/debian-host.status", "bash", S_SRCVER, "5.2.15-2" },
    { "dpkg/debian-host.status", "bash", S_PURL,
      "pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64" },
    /* epoch in the binary version, another source version */
    { "dpkg/debian-host.status", "clang", S_VERSION, "1:14.0-55.7~deb12u1" },
    { "dpkg/debian-host.status", "clang", S_SRC, "llvm-defaults" },
    { "dpkg/debian-host.status", "clang", S_SRCVER, "0.55.7~deb12u1" },
    /* "Source: glibc" without version; no Source at all */
    { "dpkg/debian-host.status", "libc6", S_SRC, "glibc" },
    { "dpkg/debian-host.status", "libc6", S_SRCVER, "2.36-9+deb12u14" },
    { "dpkg/debian-host.status", "adduser", S_SRC, "adduser" },
    { "dpkg/debian-host.status", "adduser", S_SRCVER, "3.134" },
    { "dpkg/debian-host.status", "adduser", S_ARCH, "all" },
    { "dpkg/debian-host.status", "adduser", S_ECO, "Debian" },
    { "dpkg/grype-debian-match-coverage.status", "apt", S_SRC, "apt-dev" },
    { "apk/grype-alpine-match-coverage.installed",
      "npm-apk-subpackage-with-false-positive", S_SRC,
      "npm-apk-package-with-false-positive" },
    { "apk/grype-alpine-match-coverage.installed", "libvncserver", S_PURL,
      "pkg:apk/alpine/libvncserver@0.9.9?arch=x86_64" },
    { "rpm/nevra-list-from-redhat-csaf.txt", "PyYAML-debugsource",
      S_VERSION, "5.4.1-1.module+el8.5.0+10613+59a13ec4" },
    { "rpm/nevra-list-from-redhat-csaf.txt", "PyYAML-debugsource", S_PURL,
      "pkg:rpm/PyYAML-debugsource@5.4.1-1.module%2Bel8.5.0%2B10613%2B"
      "59a13ec4?arch=aarch64" },
    /* CycloneDX components with purls of several ecosystems */
    { "cyclonedx/bom-examples/SBOM/dropwizard-1.3.15/bom.json",
      "com.google.guava:guava", S_VERSION, "24.1.1-jre" },
    { "cyclonedx/bom-examples/SBOM/dropwizard-1.3.15/bom.json",
      "com.google.guava:guava", S_ECO, "Maven" },
    { "cyclonedx/bom-examples/SBOM/juice-shop/v11.1.2/bom.json",
      "@sindresorhus/is", S_PURL, "pkg:npm/%40sindresorhus/is@0.7.0" },
    { "cyclonedx/bom-examples/SBOM/juice-shop/v11.1.2/bom.json",
      "@sindresorhus/is", S_ECO, "npm" },
    { "cyclonedx/bom-examples/SBOM/proton-bridge/"
      "proton-bridge-v1.8.0.bom.json", "github.com/0xAX/notificator",
      S_ECO, "Go" },
    { "cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.2.json",
      "laravel/framework", S_ECO, "Packagist" },
    { "cyclonedx/defectdojo/jake2.json", "virtualenv", S_VERSION,
      "20.13.0" },
    { "cyclonedx/defectdojo/nested-component-log4j.json",
      "org.apache.logging.log4j:log4j-core", S_VERSION, "2.13.2" },
    { "cyclonedx/dependency-track/valid-bom-1.7.json",
      "com.example:myapplication", S_CPE,
      "cpe:/a:example:myapplication:1.0.0" },
    { "cyclonedx/dependency-track/valid-bom-1.7.json", "Acme Application",
      S_VERSION, "9.1.1" },
    /* SPDX 2.3 from syft, SPDX 3.0 */
    { "spdx/defectdojo/spdx_one_vuln.json", "alpine-baselayout", S_ECO,
      "Alpine:v3.10" },
    { "spdx/defectdojo/spdx_one_vuln.json", "alpine-baselayout", S_CPE,
      "cpe:2.3:a:alpine-baselayout:alpine-baselayout:3.1.2-r0:"
      "*:*:*:*:*:*:*" },
    { "spdx/spdx-examples/software/example11/spdx3.0/sbom.spdx3.json",
      "tokio", S_ECO, "crates.io" },
    { "spdx/spdx-examples/software/example11/spdx3.0/sbom.spdx3.json",
      "tokio", S_VERSION, "1.19.2" },
};

static void test_spot_checks(void **state)
{
    struct vigil_error err;
    size_t i;

    (void)state;
    if (!have_data())
        skip();
    for (i = 0; i < VIGIL_ARRAY_SIZE(spot_cases); i++) {
        const char *have[7];
        struct vigil_buf b;
        struct seen s;

        load(spot_cases[i].file, &b);
        memset(&s, 0, sizeof(s));
        s.want_name = spot_cases[i].name;
        assert_int_equal(vigil_inventory_parse(VIGIL_INV_AUTO, b.ptr, b.len,
                                               spot_cases[i].file, see, &s,
                                               &err),
                         0);
        if (!s.found)
            fail_msg("%s: no '%s'", spot_cases[i].file, spot_cases[i].name);
        have[S_VERSION] = s.version;
        have[S_PURL] = s.purl;
        have[S_ECO] = s.ecosystem;
        have[S_SRC] = s.source;
        have[S_SRCVER] = s.srcver;
        have[S_ARCH] = s.arch;
        have[S_CPE] = s.cpe;
        if (strcmp(have[spot_cases[i].field], spot_cases[i].want) != 0)
            fail_msg("%s '%s': have '%s', want '%s'", spot_cases[i].file,
                     spot_cases[i].name, have[spot_cases[i].field],
                     spot_cases[i].want);
        vigil_buf_release(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cyclonedx_files),
        cmocka_unit_test(test_spdx_files),
        cmocka_unit_test(test_package_dbs),
        cmocka_unit_test(test_rpm_list),
        cmocka_unit_test(test_spot_checks),
    };

    return cmocka_run_group_tests_name("inventory_data", tests, NULL, NULL);
}
