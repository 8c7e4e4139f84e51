/*
 * test_inventory.c - inventory parsers on the fixtures under
 * tests/fixtures/{cyclonedx,spdx,dpkg,rpm,apk}: detection, counts,
 * fields, purl reading, distro option, skipped records and errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/inventory.h"
#include "internal.h"

enum field { F_NAME, F_VERSION, F_PURL, F_ECO, F_SRC, F_SRCVER, F_CPE,
             F_ARCH, F_DISTRO, F_TYPE, F_COUNT };

struct item {
    char *f[F_COUNT];
};

/* Everything one parse produced: copies of the components, the skipped
 * records' lines and messages. */
struct got {
    struct item *v;
    size_t n, cap;
    size_t stop_after;          /* 0: never refuse */
    size_t skips;
    long skip_line[8];
    char skip_msg[8][512];
};

static int collect(void *ctx, const struct vigil_component *c)
{
    struct got *g = ctx;
    const char *src[F_COUNT];
    size_t i;

    if (g->stop_after && g->n == g->stop_after)
        return VIGIL_EDB;
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        g->v = realloc(g->v, g->cap * sizeof(*g->v));
        assert_non_null(g->v);
    }
    src[F_NAME] = c->name;
    src[F_VERSION] = c->version;
    src[F_PURL] = c->purl;
    src[F_ECO] = c->ecosystem;
    src[F_SRC] = c->source_name;
    src[F_SRCVER] = c->source_version;
    src[F_CPE] = c->cpe;
    src[F_ARCH] = c->arch;
    src[F_DISTRO] = c->distro;
    src[F_TYPE] = c->type;
    for (i = 0; i < F_COUNT; i++)
        g->v[g->n].f[i] = vigil__strdup0(src[i]);
    g->n++;
    return 0;
}

static void on_skip(void *ctx, const char *origin,
                    const struct vigil_error *err)
{
    struct got *g = ctx;

    assert_non_null(origin);
    assert_int_equal(err->code, VIGIL_EPARSE);
    if (g->skips < 8) {
        g->skip_line[g->skips] = err->line;
        snprintf(g->skip_msg[g->skips], sizeof(g->skip_msg[0]), "%s",
                 err->msg);
    }
    g->skips++;
}

static void got_free(struct got *g)
{
    size_t i, k;

    for (i = 0; i < g->n; i++)
        for (k = 0; k < F_COUNT; k++)
            free(g->v[i].f[k]);
    free(g->v);
    memset(g, 0, sizeof(*g));
}

static const struct item *find(const struct got *g, const char *name)
{
    size_t i;

    for (i = 0; i < g->n; i++)
        if (g->v[i].f[F_NAME] && strcmp(g->v[i].f[F_NAME], name) == 0)
            return &g->v[i];
    return NULL;
}

static void read_fixture(const char *rel, struct vigil_buf *b)
{
    const char *src = getenv("VIGIL_SRC");
    struct vigil_error err;
    char path[1024];

    snprintf(path, sizeof(path), "%s/tests/fixtures/%s", src ? src : ".",
             rel);
    vigil_buf_init(b);
    if (vigil_buf_read_file(b, path, (size_t)1 << 24, &err) != 0)
        fail_msg("cannot read fixture %s: %s", path, err.msg);
}

/* Parses a fixture with on_skip collecting skipped records. */
static int parse_fixture(const char *rel, enum vigil_inv_format fmt,
                         const char *distro, struct got *g,
                         struct vigil_error *err)
{
    struct vigil_inv_options opt = { distro, on_skip };
    struct vigil_buf b;
    int rc;

    read_fixture(rel, &b);
    rc = vigil_inventory_parse_opts(fmt, b.ptr, b.len, rel, &opt, collect,
                                    g, err);
    vigil_buf_release(&b);
    return rc;
}

static int parse_str(const char *s, enum vigil_inv_format fmt,
                     const char *distro, struct got *g,
                     struct vigil_error *err)
{
    struct vigil_inv_options opt = { distro, on_skip };

    return vigil_inventory_parse_opts(fmt, s, strlen(s), "inline", &opt,
                                      collect, g, err);
}

static void test_format_names(void **state)
{
    static const enum vigil_inv_format all[] = {
        VIGIL_INV_AUTO, VIGIL_INV_CYCLONEDX, VIGIL_INV_SPDX,
        VIGIL_INV_DPKG, VIGIL_INV_RPM, VIGIL_INV_APK,
    };
    enum vigil_inv_format f;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(all); i++) {
        const char *name = vigil_inv_format_name(all[i]);

        assert_int_equal(vigil_inv_format_from_name(name, &f), 0);
        assert_int_equal(f, all[i]);
    }
    assert_string_equal(vigil_inv_format_name(VIGIL_INV_DPKG), "dpkg");
    assert_string_equal(vigil_inv_format_name((enum vigil_inv_format)42),
                        "unknown");
    assert_int_equal(vigil_inv_format_from_name("CycloneDX", &f), 0);
    assert_int_equal(f, VIGIL_INV_CYCLONEDX);
    assert_int_equal(vigil_inv_format_from_name("rpmdb", &f), VIGIL_EINVAL);
}

static const struct {
    const char *fixture;
    enum vigil_inv_format want;
} detect_cases[] = {
    { "cyclonedx/ok_nested.json", VIGIL_INV_CYCLONEDX },
    { "cyclonedx/bad_truncated.json", VIGIL_INV_CYCLONEDX },
    { "cyclonedx/bad_xml.xml", VIGIL_INV_CYCLONEDX },
    { "cyclonedx/bad_not_cyclonedx.json", VIGIL_INV_AUTO },
    { "spdx/ok_spdx23.json", VIGIL_INV_SPDX },
    { "spdx/ok_spdx3.json", VIGIL_INV_SPDX },
    { "spdx/bad_tagvalue.spdx", VIGIL_INV_SPDX },
    { "dpkg/ok_status", VIGIL_INV_DPKG },
    { "dpkg/ok_crlf_status", VIGIL_INV_DPKG },
    { "dpkg/bad_stanzas", VIGIL_INV_DPKG },
    { "rpm/ok_rpm_qa.txt", VIGIL_INV_RPM },
    { "rpm/bad_lines.txt", VIGIL_INV_RPM },
    { "rpm/bad_only.txt", VIGIL_INV_AUTO },
    { "apk/ok_installed", VIGIL_INV_APK },
    { "apk/bad_stanza", VIGIL_INV_APK },
};

static const struct {
    const char *text;
    enum vigil_inv_format want;
} detect_strings[] = {
    { "", VIGIL_INV_AUTO },
    { "   \n\n", VIGIL_INV_AUTO },
    { "hello world\n", VIGIL_INV_AUTO },
    { "{\"vulnerabilities\": []}", VIGIL_INV_AUTO },
    { "\xEF\xBB\xBF{\"bomFormat\" : \"CycloneDX\"}", VIGIL_INV_CYCLONEDX },
    { "{\"name\": \"bomFormat\", \"x\": 1}", VIGIL_INV_AUTO },
    { "\r\nPackage: a\r\nVersion: 1\r\n", VIGIL_INV_DPKG },
    { "P:a\nV:1\n", VIGIL_INV_APK },
    { "bash-5.1.8-9.el9.x86_64\n", VIGIL_INV_RPM },
    { "bash-5.1.8-9.el9\n", VIGIL_INV_AUTO },
    { "<rdf:RDF xmlns:spdx=\"http://spdx.org/rdf/terms#\"/>",
      VIGIL_INV_SPDX },
    { "<html></html>", VIGIL_INV_AUTO },
};

static void test_detect(void **state)
{
    struct vigil_buf b;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(detect_cases); i++) {
        read_fixture(detect_cases[i].fixture, &b);
        if (vigil_inventory_detect(b.ptr, b.len) != detect_cases[i].want)
            fail_msg("%s: detected %s", detect_cases[i].fixture,
                     vigil_inv_format_name(
                         vigil_inventory_detect(b.ptr, b.len)));
        vigil_buf_release(&b);
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(detect_strings); i++)
        assert_int_equal(vigil_inventory_detect(detect_strings[i].text,
                                                strlen(detect_strings[i]
                                                           .text)),
                         detect_strings[i].want);
    assert_int_equal(vigil_inventory_detect(NULL, 0), VIGIL_INV_AUTO);
}

/* Whole-file outcomes: return code, components, skipped records. */
static const struct {
    const char *fixture;
    enum vigil_inv_format fmt;
    int rc;
    size_t n, skips;
} file_cases[] = {
    { "cyclonedx/ok_nested.json", VIGIL_INV_AUTO, 0, 10, 1 },
    { "cyclonedx/bad_truncated.json", VIGIL_INV_AUTO, VIGIL_EPARSE, 0, 0 },
    { "cyclonedx/bad_xml.xml", VIGIL_INV_AUTO, VIGIL_EUNSUPPORTED, 0, 0 },
    { "cyclonedx/bad_not_cyclonedx.json", VIGIL_INV_AUTO, VIGIL_EFORMAT,
      0, 0 },
    { "cyclonedx/bad_not_cyclonedx.json", VIGIL_INV_CYCLONEDX,
      VIGIL_EFORMAT, 0, 0 },
    { "spdx/ok_spdx23.json", VIGIL_INV_AUTO, 0, 3, 1 },
    { "spdx/ok_spdx3.json", VIGIL_INV_AUTO, 0, 2, 0 },
    { "spdx/bad_tagvalue.spdx", VIGIL_INV_AUTO, VIGIL_EUNSUPPORTED, 0, 0 },
    { "spdx/bad_truncated.json", VIGIL_INV_SPDX, VIGIL_EPARSE, 0, 0 },
    { "spdx/bad_spdx3_expanded.json", VIGIL_INV_SPDX, VIGIL_EUNSUPPORTED,
      0, 0 },
    { "dpkg/ok_status", VIGIL_INV_AUTO, 0, 3, 0 },
    { "dpkg/ok_crlf_status", VIGIL_INV_DPKG, 0, 3, 0 },
    { "dpkg/bad_stanzas", VIGIL_INV_AUTO, 0, 2, 3 },
    { "dpkg/bad_only", VIGIL_INV_DPKG, VIGIL_EPARSE, 0, 1 },
    { "rpm/ok_rpm_qa.txt", VIGIL_INV_AUTO, 0, 5, 0 },
    { "rpm/bad_lines.txt", VIGIL_INV_RPM, 0, 2, 2 },
    { "rpm/bad_only.txt", VIGIL_INV_RPM, VIGIL_EPARSE, 0, 2 },
    { "rpm/bad_only.txt", VIGIL_INV_AUTO, VIGIL_EFORMAT, 0, 0 },
    { "apk/ok_installed", VIGIL_INV_AUTO, 0, 3, 0 },
    { "apk/bad_stanza", VIGIL_INV_APK, 0, 2, 2 },
    { "dpkg/ok_status", VIGIL_INV_APK, VIGIL_EPARSE, 0, 4 },
};

static void test_files(void **state)
{
    struct vigil_error err;
    struct got g;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(file_cases); i++) {
        int rc;

        memset(&g, 0, sizeof(g));
        rc = parse_fixture(file_cases[i].fixture, file_cases[i].fmt, NULL,
                           &g, &err);
        if (rc != file_cases[i].rc || g.n != file_cases[i].n ||
            g.skips != file_cases[i].skips)
            fail_msg("%s: rc %d, %zu components, %zu skipped; "
                     "err '%s'", file_cases[i].fixture, rc, g.n, g.skips,
                     err.msg);
        if (rc != 0)
            assert_true(err.msg[0] != '\0');
        got_free(&g);
    }
}

/* Field values of named components; NULL wants the field unset. */
static const struct {
    const char *fixture;
    const char *distro;
    const char *name;
    enum field field;
    const char *want;
} field_cases[] = {
    /* CycloneDX: purl-derived names, ecosystems, sources */
    { "cyclonedx/ok_nested.json", NULL, "acme-shop", F_TYPE,
      "application" },
    { "cyclonedx/ok_nested.json", NULL, "acme-shop", F_CPE,
      "cpe:2.3:a:acme:shop:4.2.0:*:*:*:*:*:*:*" },
    { "cyclonedx/ok_nested.json", NULL, "acme-shop", F_ECO, NULL },
    { "cyclonedx/ok_nested.json", NULL, "libc6", F_ECO, "Debian:12" },
    { "cyclonedx/ok_nested.json", NULL, "libc6", F_VERSION,
      "2.36-9+deb12u4" },
    { "cyclonedx/ok_nested.json", NULL, "libc6", F_SRC, "glibc" },
    { "cyclonedx/ok_nested.json", NULL, "libc6", F_SRCVER,
      "2.36-9+deb12u4" },
    { "cyclonedx/ok_nested.json", NULL, "libc6", F_ARCH, "amd64" },
    { "cyclonedx/ok_nested.json", NULL, "libc6", F_DISTRO, "debian-12" },
    { "cyclonedx/ok_nested.json", NULL, "openssl-libs", F_ECO, "Red Hat" },
    { "cyclonedx/ok_nested.json", NULL, "openssl-libs", F_VERSION,
      "1:3.0.7-27.el9" },
    { "cyclonedx/ok_nested.json", NULL, "openssl-libs", F_SRC, "openssl" },
    { "cyclonedx/ok_nested.json", NULL, "openssl-libs", F_SRCVER,
      "3.0.7-27.el9" },
    { "cyclonedx/ok_nested.json", NULL,
      "org.apache.logging.log4j:log4j-core", F_ECO, "Maven" },
    { "cyclonedx/ok_nested.json", NULL,
      "org.apache.logging.log4j:log4j-core", F_PURL,
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar" },
    { "cyclonedx/ok_nested.json", NULL, "@babel/traverse", F_VERSION,
      "7.23.0" },
    { "cyclonedx/ok_nested.json", NULL, "@babel/traverse", F_PURL, NULL },
    { "cyclonedx/ok_nested.json", NULL,
      "com.fasterxml.jackson.core:jackson-databind", F_VERSION, "2.15.2" },
    { "cyclonedx/ok_nested.json", NULL, "widgets", F_ECO, NULL },
    { "cyclonedx/ok_nested.json", NULL, "requests", F_ECO, "PyPI" },
    { "cyclonedx/ok_nested.json", NULL, "requests", F_VERSION, "2.31.0" },
    { "cyclonedx/ok_nested.json", NULL, "ring", F_ECO, "crates.io" },
    /* SPDX 2.3 and 3.0 */
    { "spdx/ok_spdx23.json", NULL, "edge-gateway", F_TYPE, "application" },
    { "spdx/ok_spdx23.json", NULL, "busybox", F_ECO, "Alpine:v3.19" },
    { "spdx/ok_spdx23.json", NULL, "busybox", F_CPE,
      "cpe:2.3:a:busybox:busybox:1.36.1-r15:*:*:*:*:*:*:*" },
    { "spdx/ok_spdx23.json", NULL, "busybox", F_SRC, "busybox" },
    { "spdx/ok_spdx23.json", NULL, "github.com/gin-gonic/gin", F_ECO,
      "Go" },
    { "spdx/ok_spdx3.json", NULL, "serde", F_ECO, "crates.io" },
    { "spdx/ok_spdx3.json", NULL, "serde", F_TYPE, "library" },
    { "spdx/ok_spdx3.json", NULL, "svc", F_CPE,
      "cpe:2.3:a:example:svc:0.3.0:*:*:*:*:*:*:*" },
    { "spdx/ok_spdx3.json", NULL, "svc", F_VERSION, "0.3.0" },
    /* dpkg: sources in both forms, hold, purls, distro option */
    { "dpkg/ok_status", NULL, "libssl3", F_SRC, "openssl" },
    { "dpkg/ok_status", NULL, "libssl3", F_SRCVER, "3.0.15-1~deb12u1" },
    { "dpkg/ok_status", NULL, "libssl3", F_PURL,
      "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64" },
    { "dpkg/ok_status", NULL, "libssl3", F_ECO, "Debian" },
    { "dpkg/ok_status", NULL, "libssl3", F_DISTRO, NULL },
    { "dpkg/ok_status", NULL, "bsdutils", F_VERSION, "1:2.38.1-5+deb12u3" },
    { "dpkg/ok_status", NULL, "bsdutils", F_SRC, "util-linux" },
    { "dpkg/ok_status", NULL, "bsdutils", F_SRCVER, "2.38.1-5+deb12u3" },
    { "dpkg/ok_status", NULL, "bsdutils", F_PURL,
      "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u3?arch=amd64" },
    { "dpkg/ok_status", NULL, "tzdata", F_SRC, "tzdata" },
    { "dpkg/ok_status", NULL, "tzdata", F_ARCH, "all" },
    { "dpkg/ok_status", "debian-12", "tzdata", F_ECO, "Debian:12" },
    { "dpkg/ok_status", "bookworm", "tzdata", F_ECO, "Debian:12" },
    { "dpkg/ok_status", "debian-12", "tzdata", F_PURL,
      "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12" },
    { "dpkg/ok_status", "ubuntu-22.04", "tzdata", F_ECO, "Ubuntu:22.04" },
    { "dpkg/ok_status", "ubuntu-22.04", "tzdata", F_PURL,
      "pkg:deb/ubuntu/tzdata@2024a-0%2Bdeb12u1?arch=all"
      "&distro=ubuntu-22.04" },
    { "dpkg/ok_crlf_status", NULL, "bsdutils", F_SRCVER,
      "2.38.1-5+deb12u3" },
    { "dpkg/ok_crlf_status", NULL, "tzdata", F_VERSION,
      "2024a-0+deb12u1" },
    /* rpm: epochs in both places, no distro, distro option */
    { "rpm/ok_rpm_qa.txt", NULL, "openssl-libs", F_VERSION,
      "1:3.0.7-27.el9" },
    { "rpm/ok_rpm_qa.txt", NULL, "openssl-libs", F_PURL,
      "pkg:rpm/openssl-libs@3.0.7-27.el9?arch=x86_64&epoch=1" },
    { "rpm/ok_rpm_qa.txt", NULL, "openssl-libs", F_ECO, NULL },
    { "rpm/ok_rpm_qa.txt", NULL, "vim-minimal", F_VERSION,
      "2:8.2.2637-20.el9_1" },
    { "rpm/ok_rpm_qa.txt", NULL, "python3-setuptools-wheel", F_ARCH,
      "noarch" },
    { "rpm/ok_rpm_qa.txt", NULL, "kernel-core", F_VERSION,
      "5.14.0-362.8.1.el9_3" },
    { "rpm/ok_rpm_qa.txt", "rhel-9", "bash", F_ECO, "Red Hat" },
    { "rpm/ok_rpm_qa.txt", "rhel-9", "bash", F_PURL,
      "pkg:rpm/redhat/bash@5.1.8-9.el9?arch=x86_64&distro=rhel-9" },
    { "rpm/ok_rpm_qa.txt", "almalinux-9.3", "bash", F_ECO, "AlmaLinux:9" },
    { "rpm/ok_rpm_qa.txt", "centos-7", "bash", F_ECO, NULL },
    /* apk */
    { "apk/ok_installed", NULL, "libcrypto3", F_SRC, "openssl" },
    { "apk/ok_installed", NULL, "libcrypto3", F_SRCVER, "3.1.4-r1" },
    { "apk/ok_installed", NULL, "libcrypto3", F_PURL,
      "pkg:apk/alpine/libcrypto3@3.1.4-r1?arch=x86_64" },
    { "apk/ok_installed", NULL, "libcrypto3", F_ECO, "Alpine" },
    { "apk/ok_installed", NULL, "alpine-baselayout-data", F_SRC,
      "alpine-baselayout" },
    { "apk/ok_installed", "alpine-3.19.1", "musl", F_ECO, "Alpine:v3.19" },
    { "apk/ok_installed", "alpine-3.19.1", "musl", F_PURL,
      "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1" },
};

static void test_fields(void **state)
{
    struct vigil_error err;
    struct got g;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(field_cases); i++) {
        const struct item *it;
        const char *have;

        memset(&g, 0, sizeof(g));
        assert_int_equal(parse_fixture(field_cases[i].fixture,
                                       VIGIL_INV_AUTO,
                                       field_cases[i].distro, &g, &err),
                         0);
        it = find(&g, field_cases[i].name);
        if (!it)
            fail_msg("%s: no component '%s'", field_cases[i].fixture,
                     field_cases[i].name);
        have = it->f[field_cases[i].field];
        if (field_cases[i].want == NULL ? have != NULL
            : have == NULL || strcmp(have, field_cases[i].want) != 0)
            fail_msg("%s '%s' field %d: have '%s', want '%s'",
                     field_cases[i].fixture, field_cases[i].name,
                     (int)field_cases[i].field, have ? have : "(null)",
                     field_cases[i].want ? field_cases[i].want : "(null)");
        got_free(&g);
    }
}

/* Skipped records name their lines; the rest of the file still counts. */
static const struct {
    const char *fixture;
    long lines[3];
    const char *words;          /* in the first message */
} skip_cases[] = {
    { "dpkg/bad_stanzas", { 7, 14, 16 }, "has no Package field" },
    { "rpm/bad_lines.txt", { 2, 3, 0 }, "not name-version-release.arch" },
    { "apk/bad_stanza", { 6, 12, 0 }, "has no P: (name)" },
};

static void test_skipped_lines(void **state)
{
    struct vigil_error err;
    struct got g;
    size_t i, k;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(skip_cases); i++) {
        memset(&g, 0, sizeof(g));
        assert_int_equal(parse_fixture(skip_cases[i].fixture,
                                       VIGIL_INV_AUTO, NULL, &g, &err),
                         0);
        for (k = 0; k < 3 && skip_cases[i].lines[k]; k++)
            if (g.skip_line[k] != skip_cases[i].lines[k])
                fail_msg("%s: skip %zu on line %ld, want %ld",
                         skip_cases[i].fixture, k, g.skip_line[k],
                         skip_cases[i].lines[k]);
        assert_non_null(strstr(g.skip_msg[0], skip_cases[i].words));
        got_free(&g);
    }
}

/* JSON errors say where: byte offset and line. */
static void test_error_positions(void **state)
{
    struct vigil_error err;
    struct vigil_buf b;
    struct got g;

    (void)state;
    memset(&g, 0, sizeof(g));
    read_fixture("cyclonedx/bad_truncated.json", &b);
    assert_int_equal(vigil_inventory_parse(VIGIL_INV_AUTO, b.ptr, b.len,
                                           "t", collect, &g, &err),
                     VIGIL_EPARSE);
    assert_int_equal(err.code, VIGIL_EPARSE);
    assert_int_equal(err.offset, b.len - 1);
    assert_int_equal(err.line, 23);
    assert_non_null(strstr(err.msg, "truncated"));
    vigil_buf_release(&b);

    assert_int_equal(parse_str("{\"bomFormat\": \"CycloneDX\",\n"
                               "\"components\": [}\n]}",
                               VIGIL_INV_AUTO, NULL, &g, &err),
                     VIGIL_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "malformed JSON at byte"));
    assert_null(strstr(err.msg, "truncated"));

    assert_int_equal(parse_str("{\"bomFormat\": \"CycloneDX\"}\n{}",
                               VIGIL_INV_CYCLONEDX, NULL, &g, &err),
                     VIGIL_EPARSE);
    assert_int_equal(err.offset, 27);
    assert_non_null(strstr(err.msg, "data after the JSON"));

    assert_int_equal(parse_fixture("cyclonedx/bad_xml.xml", VIGIL_INV_AUTO,
                                   NULL, &g, &err),
                     VIGIL_EUNSUPPORTED);
    assert_non_null(strstr(err.msg, "CycloneDX XML is not supported"));
    got_free(&g);
}

/* Text formats: a file with no good record fails with the first line. */
static void test_error_lines(void **state)
{
    struct vigil_error err;
    struct got g;

    (void)state;
    memset(&g, 0, sizeof(g));
    assert_int_equal(parse_fixture("dpkg/bad_only", VIGIL_INV_DPKG, NULL,
                                   &g, &err),
                     VIGIL_EPARSE);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "no Package field"));

    assert_int_equal(parse_fixture("rpm/bad_only.txt", VIGIL_INV_RPM, NULL,
                                   &g, &err),
                     VIGIL_EPARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.offset, 0);
    assert_int_equal(g.n, 0);
    got_free(&g);

    assert_int_equal(parse_str("", VIGIL_INV_CYCLONEDX, NULL, &g, &err),
                     VIGIL_EPARSE);
    assert_int_equal(parse_str("", VIGIL_INV_AUTO, NULL, &g, &err),
                     VIGIL_EFORMAT);
    assert_int_equal(parse_str("", VIGIL_INV_DPKG, NULL, &g, &err), 0);
    assert_int_equal(vigil_inventory_parse(VIGIL_INV_DPKG, "x", 1, NULL,
                                           NULL, NULL, &err),
                     VIGIL_EINVAL);
    assert_int_equal(vigil_inventory_parse((enum vigil_inv_format)99, "x",
                                           1, NULL, collect, &g, &err),
                     VIGIL_EINVAL);
    got_free(&g);
}

/* How a component's purl turns into name, version and ecosystem. */
static const struct {
    const char *purl;
    const char *name, *version, *ecosystem, *arch, *distro;
} purl_cases[] = {
    { "pkg:npm/%40angular/core@16.2.0", "@angular/core", "16.2.0", "npm",
      NULL, NULL },
    { "pkg:npm/@types/node@20.1.0", "@types/node", "20.1.0", "npm", NULL,
      NULL },
    { "pkg:npm/@types/node", "@types/node", "9.9", "npm", NULL, NULL },
    { "pkg:npm/lodash@4.17.21", "lodash", "4.17.21", "npm", NULL, NULL },
    { "pkg:golang/golang.org/x/net@v0.17.0", "golang.org/x/net", "v0.17.0",
      "Go", NULL, NULL },
    { "pkg:composer/laravel/framework@v10.0.0", "laravel/framework",
      "v10.0.0", "Packagist", NULL, NULL },
    { "pkg:nuget/Newtonsoft.Json@13.0.1", "Newtonsoft.Json", "13.0.1",
      "NuGet", NULL, NULL },
    { "pkg:gem/rails@7.0.4", "rails", "7.0.4", "RubyGems", NULL, NULL },
    { "pkg:hex/phoenix@1.7.0", "phoenix", "1.7.0", "Hex", NULL, NULL },
    { "pkg:pub/http@1.1.0", "http", "1.1.0", "Pub", NULL, NULL },
    { "pkg:swift/github.com/apple/swift-nio@2.59.0",
      "github.com/apple/swift-nio", "2.59.0", "SwiftURL", NULL, NULL },
    { "PKG:PyPI/Django@4.2", "Django", "4.2", "PyPI", NULL, NULL },
    { "pkg:maven/org.springframework/spring-core@5.3.20#META-INF/x",
      "org.springframework:spring-core", "5.3.20", "Maven", NULL, NULL },
    { "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=arm64&distro=bookworm",
      "curl", "7.88.1-10+deb12u5", "Debian:12", "arm64", "bookworm" },
    { "pkg:deb/debian/curl@7.74.0-1.3?distro=debian-11.9", "curl",
      "7.74.0-1.3", "Debian:11", NULL, "debian-11.9" },
    { "pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.10?arch=amd64"
      "&distro=ubuntu-22.04", "openssl", "3.0.2-0ubuntu1.10",
      "Ubuntu:22.04", "amd64", "ubuntu-22.04" },
    { "pkg:rpm/rocky/bash@5.1.8-6.el9_1?arch=x86_64&distro=rocky-9.3",
      "bash", "5.1.8-6.el9_1", "Rocky Linux:9", "x86_64", "rocky-9.3" },
    { "pkg:rpm/fedora/curl@8.0.1-1.fc38?arch=x86_64", "curl", "8.0.1-1.fc38",
      NULL, "x86_64", NULL },
    { "pkg:rpm/opensuse/libopenssl3@3.1.4-1.1?distro=opensuse-leap-15.5",
      "libopenssl3", "3.1.4-1.1", "openSUSE", NULL, "opensuse-leap-15.5" },
    { "pkg:rpm/curl@7.76.1-26.el9?distro=rhel-9.3", "curl", "7.76.1-26.el9",
      "Red Hat", NULL, "rhel-9.3" },
    { "pkg:apk/alpine/zlib@1.3-r2?arch=aarch64&distro=3.19.0", "zlib",
      "1.3-r2", "Alpine:v3.19", "aarch64", "3.19.0" },
    { "pkg:apk/wolfi/glibc@2.38-r5", "glibc", "2.38-r5", "Wolfi", NULL,
      NULL },
    { "pkg:oci/debian@sha256%3A244fd47e07d10?repository_url=docker.io",
      "debian", "sha256:244fd47e07d10", NULL, NULL, NULL },
    { "pkg:github/actions/checkout@v4", "actions/checkout", "v4", NULL, NULL,
      NULL },
    /* unreadable purls: kept as given, the BOM's name stays */
    { "pkg:npm", "given", "9.9", NULL, NULL, NULL },
    { "npm/lodash@1.0", "given", "9.9", NULL, NULL, NULL },
    { "pkg:npm/lo%zzdash@1.0", "given", "9.9", NULL, NULL, NULL },
    { "pkg:npm/lo%00dash@1.0", "given", "9.9", NULL, NULL, NULL },
    { "pkg:np m/lodash@1.0", "given", "9.9", NULL, NULL, NULL },
    { "pkg:npm/lodash@1.0?arch=%4", "given", "9.9", NULL, NULL, NULL },
};

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void test_purls(void **state)
{
    struct vigil_error err;
    struct got g;
    char doc[1024];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(purl_cases); i++) {
        const struct item *it;

        snprintf(doc, sizeof(doc),
                 "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\","
                 "\"components\":[{\"type\":\"library\",\"name\":\"given\","
                 "\"version\":\"9.9\",\"purl\":\"%s\"}]}",
                 purl_cases[i].purl);
        memset(&g, 0, sizeof(g));
        assert_int_equal(parse_str(doc, VIGIL_INV_AUTO, NULL, &g, &err), 0);
        assert_int_equal(g.n, 1);
        it = &g.v[0];
        if (!same(it->f[F_NAME], purl_cases[i].name) ||
            !same(it->f[F_VERSION], purl_cases[i].version) ||
            !same(it->f[F_ECO], purl_cases[i].ecosystem) ||
            !same(it->f[F_ARCH], purl_cases[i].arch) ||
            !same(it->f[F_DISTRO], purl_cases[i].distro))
            fail_msg("%s: name '%s' version '%s' eco '%s' arch '%s' "
                     "distro '%s'", purl_cases[i].purl, it->f[F_NAME],
                     it->f[F_VERSION],
                     it->f[F_ECO] ? it->f[F_ECO] : "(null)",
                     it->f[F_ARCH] ? it->f[F_ARCH] : "(null)",
                     it->f[F_DISTRO] ? it->f[F_DISTRO] : "(null)");
        assert_string_equal(it->f[F_PURL], purl_cases[i].purl);
        got_free(&g);
    }
}

/* A refusing callback stops the parse with its own code. */
static void test_callback_stops(void **state)
{
    static const char *const fixtures[] = {
        "cyclonedx/ok_nested.json", "spdx/ok_spdx23.json",
        "dpkg/ok_status", "rpm/ok_rpm_qa.txt", "apk/ok_installed",
    };
    struct vigil_error err;
    struct got g;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(fixtures); i++) {
        memset(&g, 0, sizeof(g));
        g.stop_after = 2;
        assert_int_equal(parse_fixture(fixtures[i], VIGIL_INV_AUTO, NULL,
                                       &g, &err),
                         VIGIL_EDB);
        assert_int_equal(g.n, 2);
        assert_int_equal(err.code, VIGIL_EDB);
        assert_non_null(strstr(err.msg, "refused"));
        got_free(&g);
    }
}

struct logged {
    int warns;
    char last[1024];
};

static void log_fn(void *ctx, enum vigil_log_level level, const char *msg)
{
    struct logged *l = ctx;

    if (level == VIGIL_LOG_WARN) {
        l->warns++;
        snprintf(l->last, sizeof(l->last), "%s", msg);
    }
}

/* Without on_skip, skipped records are logged, origin first. */
static void test_skips_logged(void **state)
{
    struct vigil_error err;
    struct vigil_buf b;
    struct logged l;
    struct got g;

    (void)state;
    memset(&l, 0, sizeof(l));
    memset(&g, 0, sizeof(g));
    vigil_set_log_fn(log_fn, &l);
    read_fixture("rpm/bad_lines.txt", &b);
    assert_int_equal(vigil_inventory_parse(VIGIL_INV_AUTO, b.ptr, b.len,
                                           "hosts/db1.rpm", collect, &g,
                                           &err),
                     0);
    vigil_set_log_fn(NULL, NULL);
    assert_int_equal(g.n, 2);
    assert_int_equal(l.warns, 2);
    assert_string_equal(l.last, "hosts/db1.rpm: 'curl' on line 3 is not "
                                "name-version-release.arch; skipped");
    vigil_buf_release(&b);
    got_free(&g);
}

/* Nesting past the cap is reported once; spec versions past 1.x are
 * refused; odd members do not stop the rest. */
static void test_cyclonedx_edges(void **state)
{
    struct vigil_buf doc = VIGIL_BUF_INIT;
    struct vigil_error err;
    struct got g;
    int i;

    (void)state;
    vigil_buf_adds(&doc, "{\"bomFormat\":\"CycloneDX\",\"components\":[");
    for (i = 0; i < 70; i++)
        vigil_buf_addf(&doc, "{\"name\":\"c%d\",\"components\":[", i);
    for (i = 0; i < 70; i++)
        vigil_buf_adds(&doc, "]}");
    vigil_buf_adds(&doc, "]}");
    memset(&g, 0, sizeof(g));
    assert_int_equal(parse_str(doc.ptr, VIGIL_INV_AUTO, NULL, &g, &err), 0);
    assert_int_equal(g.n, 65);
    assert_int_equal(g.skips, 1);
    assert_non_null(strstr(g.skip_msg[0], "nested more than 64"));
    got_free(&g);
    vigil_buf_release(&doc);

    assert_int_equal(parse_str("{\"bomFormat\":\"CycloneDX\","
                               "\"specVersion\":\"2.0\"}",
                               VIGIL_INV_AUTO, NULL, &g, &err),
                     VIGIL_EUNSUPPORTED);
    assert_int_equal(parse_str("{\"bomFormat\":\"CycloneDX\","
                               "\"components\":{}}",
                               VIGIL_INV_AUTO, NULL, &g, &err),
                     VIGIL_EPARSE);
    assert_int_equal(parse_str("{\"bomFormat\":\"CycloneDX\","
                               "\"components\":[7,{\"name\":5},"
                               "{\"name\":\"ok\",\"components\":3}]}",
                               VIGIL_INV_AUTO, NULL, &g, &err),
                     0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.skips, 2);
    assert_string_equal(g.v[0].f[F_NAME], "ok");
    got_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_skipped_lines),
        cmocka_unit_test(test_error_positions),
        cmocka_unit_test(test_error_lines),
        cmocka_unit_test(test_purls),
        cmocka_unit_test(test_cyclonedx_edges),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_skips_logged),
    };

    return cmocka_run_group_tests_name("inventory", tests, NULL, NULL);
}
