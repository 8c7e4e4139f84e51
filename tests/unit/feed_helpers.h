/*
 * feed_helpers.h - what the feed tests share: finding ../shared/data and
 * the fixtures, listing files, a sink that counts and checks what the
 * parsers deliver, and a log catcher.
 *
 * Every delivered record is checked for the invariants the store relies
 * on (id, format, source and raw set; each affected entry survives the
 * JSON codec unchanged), so walking real data tests them on every
 * record.
 */
#ifndef VIGIL_FEED_HELPERS_H
#define VIGIL_FEED_HELPERS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "vigil/advisory.h"
#include "vigil/buf.h"
#include "vigil/feed.h"

/* Path of a file under ../shared/data into out; 0 when data is absent. */
static inline int shared_path(char *out, size_t n, const char *sub)
{
    const char *root = getenv("SHARED");
    struct stat st;

    snprintf(out, n, "%s/data", root && *root ? root : "../shared");
    if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("skipped: ../shared/data not found\n");
        return 0;
    }
    snprintf(out, n, "%s/data/%s", root && *root ? root : "../shared", sub);
    return 1;
}

/* Path of tests/fixtures/<sub> into out. */
static inline const char *fixture_path(char *out, size_t n, const char *sub)
{
    const char *src = getenv("VIGIL_SRC");

    snprintf(out, n, "%s/tests/fixtures/%s", src && *src ? src : ".", sub);
    return out;
}

/* --- listing files --- */

struct file_list {
    char **paths;
    size_t n;
};

static inline int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline void list_add(struct file_list *l, const char *path)
{
    l->paths = realloc(l->paths, (l->n + 1) * sizeof(*l->paths));
    if (!l->paths)
        abort();
    l->paths[l->n++] = strdup(path);
}

/* Every regular file under dir (dotfiles left out), sorted. */
static inline void list_files_into(struct file_list *l, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    struct stat st;
    char path[4096];

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' ||
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
                (int)sizeof(path) ||
            stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            list_files_into(l, path);
        else if (S_ISREG(st.st_mode))
            list_add(l, path);
    }
    closedir(d);
    if (l->n)
        qsort(l->paths, l->n, sizeof(*l->paths), by_str);
}

static inline void list_free(struct file_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    l->paths = NULL;
    l->n = 0;
}

static inline int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The whole file as a cJSON tree (caller deletes), or NULL. */
static inline cJSON *load_json(const char *path)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    cJSON *root = NULL;

    if (vigil_buf_read_file(&b, path, (size_t)64 << 20, NULL) == 0)
        root = cJSON_ParseWithLength(b.ptr, b.len);
    vigil_buf_release(&b);
    return root;
}

/* --- the collecting sink --- */

typedef void (*check_fn)(const struct vigil_advisory *a);

struct collect {
    size_t nadv;
    size_t nerr;
    size_t nfiles;
    size_t nskipped;
    char last_skip[256];      /* reason of the last skipped document */
    size_t nwithdrawn;
    size_t nunsound;          /* records that break an invariant */
    int last_code;
    size_t last_offset;
    long last_line;
    long last_column;
    char last_record[128];
    char last_msg[512];
    char last_origin[512];
    enum vigil_format last_fmt;
    char origins[4096];       /* on_file origins joined with '\n' */
    const char *want_id;      /* run check on this record */
    check_fn check;
    size_t nchecked;
    size_t stop_after;        /* stop after that many; 0: never */
    int stop_code;            /* returned then; 0 means -100 */
};

/* Encode, decode, encode: both encodings must be the same text. */
static inline int affected_roundtrips(const struct vigil_affected *a)
{
    struct vigil_buf one = VIGIL_BUF_INIT, two = VIGIL_BUF_INIT;
    struct vigil_affected back;
    struct vigil_arena arena;
    int ok;

    vigil_arena_init(&arena);
    ok = vigil_affected_to_json(a, &one) == 0 &&
         vigil_affected_from_json(one.ptr, &arena, &back) == 0 &&
         vigil_affected_to_json(&back, &two) == 0 &&
         one.len == two.len && memcmp(one.ptr, two.ptr, one.len) == 0;
    vigil_arena_release(&arena);
    vigil_buf_release(&one);
    vigil_buf_release(&two);
    return ok;
}

static inline int record_is_sound(const struct vigil_advisory *a)
{
    size_t i;

    if (!a->id || !a->id[0] || !a->format || !a->source || !a->raw ||
        a->raw_len == 0)
        return 0;
    for (i = 0; i < a->naffected; i++)
        if (!affected_roundtrips(&a->affected[i]))
            return 0;
    for (i = 0; i < a->nscores; i++)
        if (!a->scores[i].vector || !a->scores[i].version)
            return 0;
    for (i = 0; i < a->nrefs; i++)
        if (!a->refs[i].url)
            return 0;
    return 1;
}

static inline int collect_adv(void *ctx, const struct vigil_advisory *a)
{
    struct collect *c = ctx;

    if (!record_is_sound(a)) {
        fprintf(stderr, "unsound record '%s'\n", a->id ? a->id : "?");
        c->nunsound++;
    }
    c->nadv++;
    c->nwithdrawn += a->withdrawn != 0;
    if (c->want_id && c->check && strcmp(a->id, c->want_id) == 0) {
        c->check(a);
        c->nchecked++;
    }
    if (c->stop_after && c->nadv >= c->stop_after)
        return c->stop_code ? c->stop_code : -100;
    return 0;
}

static inline void collect_err(void *ctx, const char *origin,
                               const struct vigil_error *err)
{
    struct collect *c = ctx;

    c->nerr++;
    c->last_code = err->code;
    c->last_offset = err->offset;
    c->last_line = err->line;
    c->last_column = err->column;
    snprintf(c->last_record, sizeof(c->last_record), "%s", err->record);
    snprintf(c->last_msg, sizeof(c->last_msg), "%s", err->msg);
    snprintf(c->last_origin, sizeof(c->last_origin), "%s", origin);
}

static inline void collect_file(void *ctx, const char *origin,
                                enum vigil_format f)
{
    struct collect *c = ctx;
    size_t n = strlen(c->origins);

    c->nfiles++;
    c->last_fmt = f;
    snprintf(c->origins + n, sizeof(c->origins) - n, "%s\n", origin);
}

static inline void collect_skip(void *ctx, const char *origin,
                                const char *reason)
{
    struct collect *c = ctx;

    (void)origin;
    c->nskipped++;
    snprintf(c->last_skip, sizeof(c->last_skip), "%s", reason);
}

static inline struct vigil_feed_sink collect_sink(struct collect *c)
{
    struct vigil_feed_sink s;

    memset(c, 0, sizeof(*c));
    s.on_advisory = collect_adv;
    s.on_error = collect_err;
    s.on_file = collect_file;
    s.on_skip = collect_skip;
    s.ctx = c;
    return s;
}

/* Reads path and parses it as fmt into c; returns the parse result. */
static inline int parse_path(const char *path, enum vigil_format fmt,
                             const struct vigil_feed_sink *sink)
{
    struct vigil_buf b = VIGIL_BUF_INIT;
    int rc = vigil_buf_read_file(&b, path, (size_t)64 << 20, NULL);

    if (rc == 0)
        rc = vigil_feed_parse(fmt, b.ptr, b.len, path, sink);
    vigil_buf_release(&b);
    return rc;
}

/* --- affected entries as text --- */

static inline void append(char *out, size_t n, const char *s)
{
    size_t len = strlen(out);

    snprintf(out + len, n - len, "%s", s);
}

/*
 * The ranges and versions of a as text, for comparisons in tests:
 * OSV ranges as "SEMVER:i0,f1.0,l2.0" (introduced, fixed,
 * last_affected, limit "m"), BOUNDS as "B(1.0,2.0]" (a missing bound is
 * empty), versions as "V:1.2,1.3"; parts joined with '|'.
 */
static inline void render_affected(const struct vigil_affected *a,
                                   char *out, size_t n)
{
    static const char kinds[] = "iflm";
    char part[512];
    size_t i, k;

    out[0] = '\0';
    for (i = 0; i < a->nranges; i++) {
        const struct vigil_range *g = &a->ranges[i];

        if (i)
            append(out, n, "|");
        if (g->type && strcmp(g->type, "BOUNDS") == 0) {
            snprintf(part, sizeof(part), "B%c%s,%s%c",
                     g->start_incl ? '[' : '(', g->start ? g->start : "",
                     g->end ? g->end : "", g->end_incl ? ']' : ')');
            append(out, n, part);
            continue;
        }
        append(out, n, g->type ? g->type : "?");
        for (k = 0; k < g->nevents; k++) {
            snprintf(part, sizeof(part), "%c%c%s", k ? ',' : ':',
                     kinds[g->events[k].kind], g->events[k].version);
            append(out, n, part);
        }
    }
    for (i = 0; i < a->nversions; i++) {
        append(out, n, i ? "," : (a->nranges ? "|V:" : "V:"));
        append(out, n, a->versions[i]);
    }
}

/* --- log catcher --- */

struct log_catch {
    size_t nwarn;
    char last[1024];
};

static inline void catch_log(void *ctx, enum vigil_log_level level,
                             const char *msg)
{
    struct log_catch *l = ctx;

    if (level <= VIGIL_LOG_WARN) {
        l->nwarn++;
        snprintf(l->last, sizeof(l->last), "%s", msg);
    }
}

#endif
