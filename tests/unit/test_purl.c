/*
 * test_purl.c - package URL parsing, canonical form, ecosystems, native
 * package names and lookup keys; the purl-sort oracle from shared data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/purl.h"
#include "vigil/version.h"
#include "internal.h"

/* Expected components; qualifiers as "k=v&k=v" in key order. */
static const struct {
    const char *in;
    const char *type, *ns, *name, *version, *quals, *subpath;
} parse_cases[] = {
    { "pkg:pypi/Django_Allauth@1.0",
      "pypi", NULL, "django-allauth", "1.0", "", NULL },
    { "pkg:npm/%40angular/animation@12.3.1",
      "npm", "@angular", "animation", "12.3.1", "", NULL },
    { "pkg:npm/@angular/animation",
      "npm", "@angular", "animation", NULL, "", NULL },
    { "pkg:NPM/JSONStream@1.3.5",
      "npm", NULL, "JSONStream", "1.3.5", "", NULL },
    { "pkg:golang/github.com/1Panel-dev/1Panel@v1.10.3-lts",
      "golang", "github.com/1Panel-dev", "1Panel", "v1.10.3-lts", "", NULL },
    { "pkg:golang/google.golang.org/genproto#googleapis/api/annotations",
      "golang", "google.golang.org", "genproto", NULL, "",
      "googleapis/api/annotations" },
    { "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom&"
      "Classifier=sources",
      "maven", "org.apache.xmlgraphics", "batik-anim", "1.9.1",
      "classifier=sources&type=pom", NULL },
    { "pkg:deb/Debian/Curl@7.50.3-1?arch=i386&distro=jessie",
      "deb", "debian", "curl", "7.50.3-1", "arch=i386&distro=jessie", NULL },
    { "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64",
      "deb", "debian", "attr", "1:2.4.47-2+b1", "arch=amd64", NULL },
    { "pkg:rpm/Fedora/Curl@7.50.3-1.fc25?arch=i386&distro=fedora-25&"
      "epoch=1",
      "rpm", "fedora", "Curl", "7.50.3-1.fc25",
      "arch=i386&distro=fedora-25&epoch=1", NULL },
    { "pkg:github/Package-URL/Purl-Spec@244FD47E",
      "github", "package-url", "purl-spec", "244FD47E", "", NULL },
    { "pkg:huggingface/microsoft/deberta@559062AD",
      "huggingface", "microsoft", "deberta", "559062ad", "", NULL },
    { "pkg://maven//org.apache.commons/io/",
      "maven", "org.apache.commons", "io", NULL, "", NULL },
    { "pkg:generic/openssl@1.1.10g?checksum=sha1:ad9%2Csha256:41b&"
      "empty=",
      "generic", NULL, "openssl", "1.1.10g", "checksum=sha1:ad9,sha256:41b",
      NULL },
    { "pkg:github/a/b#/./x/../y//",
      "github", "a", "b", NULL, "", "x/y" },
    { "pkg:generic/a%20b@1%2F2",
      "generic", NULL, "a b", "1/2", "", NULL },
};

/* Strings that are not purls. */
static const char *const bad_purls[] = {
    "EnterpriseLibrary.Common@6.0.1304",
    "pkg:EnterpriseLibrary.Common@6.0.1304",
    "pkg:n&g?inx/nginx@0.8.9",
    "pkg:3nginx/nginx@0.8.9",
    "pkg:nginx:a/nginx@0.8.9",
    "pkg:npm/myartifact@1.0.0?in%20production=true",
    "pkg:maven/@1.3.4",
    "pkg%3Amaven/org.apache.commons/io",
    "pkg:npm/foo@1?a=1&A=2",
    "pkg:npm/foo@1?novalue",
    "pkg:npm/fo%2Fo%2",
    "pkg:npm/fo%zzo",
    "pkg:npm/fo%00o",
    "pkg:npm/fo\to",
    "pkg:npm/a%2Fb/c",
    "pkg:npm/a#x%2Fy",
};

static void join_quals(const struct vigil_purl *p, char *out, size_t n)
{
    size_t i, len = 0;

    out[0] = '\0';
    for (i = 0; i < p->nqualifiers; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s=%s",
                                i ? "&" : "", p->qualifiers[i].key,
                                p->qualifiers[i].value);
}

static void check_str(const char *got, const char *want, const char *in)
{
    if (!want && !got)
        return;
    if (!want || !got || strcmp(got, want) != 0)
        fail_msg("'%s': got '%s', want '%s'", in, got ? got : "(null)",
                 want ? want : "(null)");
}

static void test_parse(void **state)
{
    struct vigil_arena arena;
    struct vigil_purl p;
    struct vigil_error err;
    char quals[512];
    size_t i;
    int rc;

    (void)state;
    vigil_arena_init(&arena);
    for (i = 0; i < VIGIL_ARRAY_SIZE(parse_cases); i++) {
        vigil_error_clear(&err);
        rc = vigil_purl_parse(parse_cases[i].in, &arena, &p, &err);
        if (rc != 0)
            fail_msg("'%s': rc %d (%s)", parse_cases[i].in, rc, err.msg);
        check_str(p.type, parse_cases[i].type, parse_cases[i].in);
        check_str(p.namespace, parse_cases[i].ns, parse_cases[i].in);
        check_str(p.name, parse_cases[i].name, parse_cases[i].in);
        check_str(p.version, parse_cases[i].version, parse_cases[i].in);
        join_quals(&p, quals, sizeof(quals));
        check_str(quals, parse_cases[i].quals, parse_cases[i].in);
        check_str(p.subpath, parse_cases[i].subpath, parse_cases[i].in);
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(bad_purls); i++) {
        vigil_error_clear(&err);
        rc = vigil_purl_parse(bad_purls[i], &arena, &p, &err);
        if (rc != VIGIL_EPARSE)
            fail_msg("'%s': rc %d, want VIGIL_EPARSE", bad_purls[i], rc);
        assert_true(strncmp(err.msg, "cannot parse purl", 17) == 0);
    }
    vigil_arena_release(&arena);
}

static const struct {
    const char *in;
    const char *want;
} canon_cases[] = {
    { "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom&"
      "repositorY_url=repo.spring.io/release",
      "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?"
      "repository_url=repo.spring.io/release&type=pom" },
    { "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?"
      "repository_url=https://repo.spring.io/release",
      "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?"
      "repository_url=https://repo.spring.io/release" },
    { "pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf",
      "pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf" },
    { "pkg:npm/@angular/animation@12.3.1",
      "pkg:npm/%40angular/animation@12.3.1" },
    { "pkg:deb/debian/attr@1:2.4.47-2+b1?arch=amd64",
      "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64" },
    { "pkg:PyPI/Django_Allauth@12.23?empty=&b=2&a=1#/sub/./path/",
      "pkg:pypi/django-allauth@12.23?a=1&b=2#sub/path" },
    { "pkg:generic/a%20b@1%2F2", "pkg:generic/a%20b@1%2F2" },
    { "pkg:github/a/b#./..", "pkg:github/a/b" },
    { "pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git"
      "%404345abcd34343",
      "pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git"
      "%404345abcd34343" },
};

static void test_canonical(void **state)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(canon_cases); i++) {
        vigil_buf_reset(&b);
        if (vigil_purl_canonical(canon_cases[i].in, &b, &err) != 0)
            fail_msg("'%s': %s", canon_cases[i].in, err.msg);
        assert_string_equal(b.ptr, canon_cases[i].want);
    }
    vigil_buf_release(&b);
}

/* A struct built by hand, with unsorted qualifiers and raw case. */
static void test_format_built(void **state)
{
    struct vigil_purl_qualifier q[] = {
        { "Distro", "debian-12" }, { "arch", "amd64" }, { "epoch", "" },
    };
    struct vigil_purl p = { "DEB", "Debian", "LibSSL3", "3.0.11-1~deb12u2",
                            q, 3, NULL };
    struct vigil_buf b = VIGIL_BUF_INIT;

    (void)state;
    assert_int_equal(vigil_purl_format(&p, &b), 0);
    assert_string_equal(b.ptr, "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?"
                               "arch=amd64&distro=debian-12");
    assert_string_equal(vigil_purl_qualifier(&p, "distro"), "debian-12");
    assert_null(vigil_purl_qualifier(&p, "repository_url"));
    p.name = NULL;
    assert_int_equal(vigil_purl_format(&p, &b), VIGIL_EINVAL);
    p.name = "x";
    p.type = "1deb";
    assert_int_equal(vigil_purl_format(&p, &b), VIGIL_EINVAL);
    p.type = "deb";
    q[0].key = "in production";
    assert_int_equal(vigil_purl_format(&p, &b), VIGIL_EINVAL);
    vigil_buf_release(&b);
}

static void test_limits(void **state)
{
    struct vigil_arena arena;
    struct vigil_purl p;
    struct vigil_buf b = VIGIL_BUF_INIT;
    int i;

    (void)state;
    vigil_arena_init(&arena);
    vigil_buf_adds(&b, "pkg:generic/x?");
    for (i = 0; i <= VIGIL_PURL_MAX_QUALIFIERS; i++)
        vigil_buf_addf(&b, "k%d=v&", i);
    assert_int_equal(vigil_purl_parse(b.ptr, &arena, &p, NULL),
                     VIGIL_ELIMIT);
    vigil_buf_reset(&b);
    vigil_buf_adds(&b, "pkg:generic/");
    for (i = 0; i < VIGIL_PURL_MAX; i++)
        vigil_buf_addc(&b, 'a');
    assert_int_equal(vigil_purl_parse(b.ptr, &arena, &p, NULL),
                     VIGIL_ELIMIT);
    assert_int_equal(vigil_purl_parse(NULL, &arena, &p, NULL), VIGIL_EINVAL);
    vigil_buf_release(&b);
    vigil_arena_release(&arena);
}

static const struct {
    const char *purl;
    const char *ecosystem;      /* NULL: VIGIL_ENOTFOUND */
    const char *pkgname;
} eco_cases[] = {
    { "pkg:deb/debian/curl@7.88.1-10?distro=debian-12", "Debian:12", "curl" },
    { "pkg:deb/debian/curl@7.88.1-10?distro=bookworm", "Debian:12", "curl" },
    { "pkg:deb/debian/curl@7.88.1-10?distro=debian-11.8", "Debian:11",
      "curl" },
    { "pkg:deb/debian/curl?distro=sid", "Debian:sid", "curl" },
    { "pkg:deb/debian/curl", "Debian", "curl" },
    { "pkg:deb/debian/curl?distro=weird", "Debian", "curl" },
    { "pkg:deb/ubuntu/openssl?distro=ubuntu-22.04", "Ubuntu:22.04:LTS",
      "openssl" },
    { "pkg:deb/ubuntu/openssl?distro=mantic", "Ubuntu:23.10", "openssl" },
    { "pkg:deb/ubuntu/openssl?distro=noble", "Ubuntu:24.04:LTS", "openssl" },
    { "pkg:apk/alpine/curl@8.5.0-r0?distro=alpine-3.18.4", "Alpine:v3.18",
      "curl" },
    { "pkg:apk/alpine/curl@8.5.0-r0?distro=v3.19", "Alpine:v3.19", "curl" },
    { "pkg:apk/alpine/curl@8.5.0-r0", "Alpine", "curl" },
    { "pkg:apk/wolfi/curl@8.5.0-r0", "Wolfi", "curl" },
    { "pkg:rpm/redhat/openssl@1.0.1e-30.el6_6?arch=x86_64", "Red Hat",
      "openssl" },
    { "pkg:rpm/almalinux/openssl?distro=almalinux-9.3", "AlmaLinux:9",
      "openssl" },
    { "pkg:rpm/opensuse/curl", "openSUSE", "curl" },
    { "pkg:rpm/fedora/curl@7.50.3-1.fc25", NULL, "curl" },
    { "pkg:pypi/django@1.11.1", "PyPI", "django" },
    { "pkg:npm/%40angular/animation@12.3.1", "npm", "@angular/animation" },
    { "pkg:npm/lodash@4.17.20", "npm", "lodash" },
    { "pkg:cargo/rand@0.7.2", "crates.io", "rand" },
    { "pkg:golang/github.com/gorilla/context@v1.1", "Go",
      "github.com/gorilla/context" },
    { "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "Maven",
      "org.apache.logging.log4j:log4j-core" },
    { "pkg:gem/rails@7.0.0", "RubyGems", "rails" },
    { "pkg:nuget/Newtonsoft.Json@13.0.1", "NuGet", "Newtonsoft.Json" },
    { "pkg:composer/laravel/framework@10.0.0", "Packagist",
      "laravel/framework" },
    { "pkg:hex/phoenix@1.7.0", "Hex", "phoenix" },
    { "pkg:pub/http@1.0.0", "Pub", "http" },
    { "pkg:githubactions/actions/checkout@v4", "GitHub Actions",
      "actions/checkout" },
    { "pkg:docker/library/debian@12", NULL, "library/debian" },
    { "pkg:conda/absl-py@0.4.1", NULL, "absl-py" },
};

static void test_ecosystem(void **state)
{
    struct vigil_arena arena;
    struct vigil_purl p;
    char out[128];
    size_t i;
    int rc;

    (void)state;
    vigil_arena_init(&arena);
    for (i = 0; i < VIGIL_ARRAY_SIZE(eco_cases); i++) {
        assert_int_equal(vigil_purl_parse(eco_cases[i].purl, &arena, &p,
                                          NULL), 0);
        rc = vigil_purl_ecosystem(&p, out, sizeof(out));
        if (!eco_cases[i].ecosystem)
            assert_int_equal(rc, VIGIL_ENOTFOUND);
        else if (rc != 0 || strcmp(out, eco_cases[i].ecosystem) != 0)
            fail_msg("'%s': got '%s'", eco_cases[i].purl, rc ? "" : out);
        assert_int_equal(vigil_purl_package_name(&p, out, sizeof(out)), 0);
        assert_string_equal(out, eco_cases[i].pkgname);
    }
    assert_int_equal(vigil_purl_parse("pkg:deb/debian/curl?distro=debian-12",
                                      &arena, &p, NULL), 0);
    assert_int_equal(vigil_purl_ecosystem(&p, out, 9), VIGIL_ERANGE);
    assert_int_equal(vigil_purl_ecosystem(&p, out, 10), 0);
    assert_int_equal(vigil_purl_package_name(&p, out, 4), VIGIL_ERANGE);
    vigil_arena_release(&arena);

    assert_string_equal(vigil_purl_type_to_ecosystem("pypi"), "PyPI");
    assert_string_equal(vigil_purl_type_to_ecosystem("DEB"), "Debian");
    assert_string_equal(vigil_purl_type_to_ecosystem("cargo"), "crates.io");
    assert_string_equal(vigil_purl_type_to_ecosystem("composer"),
                        "Packagist");
    assert_null(vigil_purl_type_to_ecosystem("rpm"));
    assert_null(vigil_purl_type_to_ecosystem("nosuchtype"));
    assert_null(vigil_purl_type_to_ecosystem(NULL));
}

static const struct {
    const char *ecosystem, *name, *key;
} key_cases[] = {
    { "PyPI", "Django", "django" },
    { "PyPI", "zope.interface", "zope-interface" },
    { "PyPI", "Foo__Bar-.-baz", "foo-bar-baz" },
    { "pypi", "ruamel.yaml.clib", "ruamel-yaml-clib" },
    { "npm", "JSONStream", "JSONStream" },
    { "Go", "github.com/BurntSushi/toml", "github.com/BurntSushi/toml" },
    { "Maven", "org.Apache:Foo_Bar", "org.Apache:Foo_Bar" },
    { "Maven:https://maven.google.com", "a:B", "a:B" },
    { "NuGet", "Newtonsoft.Json", "newtonsoft.json" },
    { "Packagist", "Laravel/Framework", "laravel/framework" },
    { "Debian:12", "LibSSL3", "LibSSL3" },
    { "crates.io", "Serde_JSON", "Serde_JSON" },
    { NULL, "Any_Thing", "Any_Thing" },
};

static void test_name_key(void **state)
{
    char out[64];
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(key_cases); i++) {
        assert_int_equal(vigil_pkg_name_key(key_cases[i].ecosystem,
                                            key_cases[i].name, out,
                                            sizeof(out)), 0);
        assert_string_equal(out, key_cases[i].key);
    }
    memcpy(out, "untouched", 10);
    assert_int_equal(vigil_pkg_name_key("PyPI", "a__b", out, 3),
                     VIGIL_ERANGE);
    assert_string_equal(out, "untouched");
    assert_int_equal(vigil_pkg_name_key("PyPI", "a__b", out, 4), 0);
    assert_string_equal(out, "a-b");
    assert_int_equal(vigil_pkg_name_key("PyPI", NULL, out, 4), VIGIL_EINVAL);
}

static const char *shared_dir(void)
{
    const char *s = getenv("SHARED");

    return s ? s : "../shared";
}

/* Reads the lines of a purl-sort file; returns the count (0: absent). */
static size_t read_lines(const char *file, char ***lines)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    char path[4096], *p, *nl;
    size_t n = 0;

    snprintf(path, sizeof(path), "%s/data/oracles/purl-sort/%s",
             shared_dir(), file);
    if (vigil_buf_read_file(&b, path, (size_t)1 << 20, NULL) != 0)
        return 0;
    *lines = calloc(b.len + 1, sizeof(char *));
    assert_non_null(*lines);
    for (p = b.ptr; p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p)
            (*lines)[n++] = strdup(p);
    }
    vigil_buf_release(&b);
    return n;
}

static void free_lines(char **lines, size_t n)
{
    while (n > 0)
        free(lines[--n]);
    free(lines);
}

static int cmp_null(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* Orders purls by package, then by version with the type's scheme. */
static int cmp_purl(const struct vigil_purl *a, const struct vigil_purl *b)
{
    struct vigil_error err;
    int c = strcmp(a->type, b->type);

    if (c == 0)
        c = cmp_null(a->namespace, b->namespace);
    if (c == 0)
        c = strcmp(a->name, b->name);
    if (c == 0 && vigil_scheme_for_ecosystem(a->type)->compare(
                      a->version, b->version, &c, &err) != 0)
        fail_msg("cannot compare '%s' and '%s' as %s: %s", a->version,
                 b->version, vigil_scheme_for_ecosystem(a->type)->name,
                 err.msg);
    return c;
}

static int cmp_purl_qsort(const void *a, const void *b)
{
    return cmp_purl(a, b);
}

/*
 * Every oracle purl is canonical already, and sorting the input by
 * package and then by each ecosystem's version rules gives the order of
 * the sorted file (purls that differ only in qualifiers tie).
 */
static void test_purl_sort_oracle(void **state)
{
    struct vigil_arena arena;
    struct vigil_purl p, *mine;
    struct vigil_buf b = VIGIL_BUF_INIT;
    char **in, **sorted;
    size_t nin, nsorted, i;

    (void)state;
    nin = read_lines("input_purls.txt", &in);
    nsorted = read_lines("sorted_purls.txt", &sorted);
    if (nin == 0 || nsorted == 0) {
        print_message("skipped: ../shared/data not found\n");
        skip();
    }
    assert_int_equal(nin, nsorted);
    vigil_arena_init(&arena);
    for (i = 0; i < nin; i++) {
        vigil_buf_reset(&b);
        assert_int_equal(vigil_purl_canonical(in[i], &b, NULL), 0);
        assert_string_equal(b.ptr, in[i]);
    }
    mine = calloc(nin, sizeof(*mine));
    assert_non_null(mine);
    for (i = 0; i < nin; i++)
        assert_int_equal(vigil_purl_parse(in[i], &arena, &mine[i], NULL), 0);
    qsort(mine, nin, sizeof(*mine), cmp_purl_qsort);
    for (i = 0; i < nsorted; i++) {
        assert_int_equal(vigil_purl_parse(sorted[i], &arena, &p, NULL), 0);
        if (cmp_purl(&mine[i], &p) != 0)
            fail_msg("position %zu: '%s' expected, '%s %s' sorted there", i,
                     sorted[i], mine[i].name, mine[i].version);
    }
    free(mine);
    vigil_arena_release(&arena);
    vigil_buf_release(&b);
    free_lines(in, nin);
    free_lines(sorted, nsorted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_canonical),
        cmocka_unit_test(test_format_built),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_ecosystem),
        cmocka_unit_test(test_name_key),
        cmocka_unit_test(test_purl_sort_oracle),
    };

    return cmocka_run_group_tests_name("purl", tests, NULL, NULL);
}
