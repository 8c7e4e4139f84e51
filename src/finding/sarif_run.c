/*
 * sarif_run.c - the run-level side of SARIF: tool components and their
 * rules indexed once per run, rule lookup by index or id, message
 * strings with their {N} placeholders, and the stable id derived for
 * results that carry no GUID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <sodium.h>

#include "vigil/finding.h"
#include "finding_int.h"
#include "sarif_int.h"
#include "../feed/feed_int.h"
#include "../internal.h"

int vigil__sarif_index(const cJSON *v, size_t max, size_t *out)
{
    double x;

    if (!cJSON_IsNumber(v))
        return 0;
    x = v->valuedouble;
    if (!(x >= 0) || x > (double)max || x != (double)(size_t)x)
        return 0;
    *out = (size_t)x;
    return 1;
}

/* The elements of arr as a vector in the arena; *n is 0 when none. */
static const cJSON **to_vector(struct vigil_arena *a, const cJSON *arr,
                               size_t *n, int *nomem)
{
    const cJSON **v, *e;
    size_t count = 0;

    *n = 0;
    cJSON_ArrayForEach(e, arr)
        count++;
    if (count == 0)
        return NULL;
    v = vigil_arena_calloc(a, count, sizeof(*v));
    if (!v) {
        *nomem = 1;
        return NULL;
    }
    cJSON_ArrayForEach(e, arr)
        v[(*n)++] = e;
    return v;
}

static const char *rule_id_of(const cJSON *rule)
{
    return vigil__json_str(rule, "id");
}

static int by_rule_id(const void *a, const void *b)
{
    return strcmp(rule_id_of(*(const cJSON *const *)a),
                  rule_id_of(*(const cJSON *const *)b));
}

static int index_comp(struct vigil_arena *a, struct sarif_comp *c,
                      const cJSON *obj)
{
    int nomem = 0;
    size_t i;

    c->obj = obj;
    c->rules = to_vector(a, vigil__json_arr(obj, "rules"), &c->nrules,
                         &nomem);
    if (nomem)
        return VIGIL_ENOMEM;
    if (c->nrules == 0)
        return 0;
    c->by_id = vigil_arena_calloc(a, c->nrules, sizeof(*c->by_id));
    if (!c->by_id)
        return VIGIL_ENOMEM;
    for (i = 0; i < c->nrules; i++)
        if (rule_id_of(c->rules[i]))
            c->by_id[c->nby_id++] = c->rules[i];
    if (c->nby_id > 1)
        qsort(c->by_id, c->nby_id, sizeof(*c->by_id), by_rule_id);
    return 0;
}

/* The time of the run's first invocation: when it started, else ended. */
static const char *run_time(const cJSON *o)
{
    const cJSON *inv = cJSON_GetArrayItem(vigil__json_arr(o, "invocations"),
                                          0);
    const char *t = vigil__json_str(inv, "startTimeUtc");

    return t ? t : vigil__json_str(inv, "endTimeUtc");
}

int vigil__sarif_run_init(struct sarif_run *run, const cJSON *o,
                          size_t index, struct sarif_seen *seen)
{
    const cJSON *tool = vigil__json_obj(o, "tool");
    const cJSON *driver = vigil__json_obj(tool, "driver");
    const cJSON **ext;
    size_t i, next = 0;
    int nomem = 0, rc;

    memset(run, 0, sizeof(*run));
    vigil_arena_init(&run->arena);
    run->index = index;
    run->seen = seen;
    run->tool = vigil__json_str(driver, "name");
    run->started = run_time(o);
    run->artifacts = to_vector(&run->arena, vigil__json_arr(o, "artifacts"),
                               &run->nartifacts, &nomem);
    ext = to_vector(&run->arena, vigil__json_arr(tool, "extensions"), &next,
                    &nomem);
    if (nomem)
        return VIGIL_ENOMEM;
    run->comps = vigil_arena_calloc(&run->arena, next + 1,
                                    sizeof(*run->comps));
    if (!run->comps)
        return VIGIL_ENOMEM;
    run->ncomps = next + 1;
    rc = index_comp(&run->arena, &run->comps[0], driver);
    for (i = 0; i < next && !rc; i++)
        rc = index_comp(&run->arena, &run->comps[i + 1], ext[i]);
    return rc;
}

void vigil__sarif_run_release(struct sarif_run *run)
{
    vigil_arena_release(&run->arena);
}

const cJSON *vigil__sarif_artifact(const struct sarif_run *run,
                                   const cJSON *index)
{
    size_t i;

    if (run->nartifacts == 0 ||
        !vigil__sarif_index(index, run->nartifacts - 1, &i))
        return NULL;
    return run->artifacts[i];
}

/*
 * The component a reportingDescriptorReference points at: the driver
 * unless its toolComponent gives an extension's index or a name.
 */
static const struct sarif_comp *ref_comp(const struct sarif_run *run,
                                         const cJSON *ref)
{
    const cJSON *tc = vigil__json_obj(ref, "toolComponent"), *idx;
    const char *name, *have;
    size_t i;

    if (!tc)
        return &run->comps[0];
    idx = cJSON_GetObjectItemCaseSensitive(tc, "index");
    if (idx) {
        if (run->ncomps > 1 && vigil__sarif_index(idx, run->ncomps - 2, &i))
            return &run->comps[i + 1];
        return NULL;
    }
    name = vigil__json_str(tc, "name");
    if (!name)
        return &run->comps[0];
    for (i = 0; i < run->ncomps; i++) {
        have = vigil__json_str(run->comps[i].obj, "name");
        if (have && strcmp(have, name) == 0)
            return &run->comps[i];
    }
    return NULL;
}

/* Binary search of the first n bytes of id among the sorted rule ids. */
static const cJSON *find_id(const struct sarif_comp *c, const char *id,
                            size_t n)
{
    size_t lo = 0, hi = c->nby_id, mid;
    const char *have;
    int cmp;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        have = rule_id_of(c->by_id[mid]);
        cmp = strncmp(have, id, n);
        if (cmp == 0 && have[n] != '\0')
            cmp = 1;
        if (cmp == 0)
            return c->by_id[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/*
 * A hierarchical ruleId "C2001/1" names a sub-rule of rule "C2001";
 * rule ids may hold '/' themselves ("java/path-injection"), so the
 * longest prefix that names a rule wins.
 */
static const cJSON *rule_by_id(const struct sarif_comp *c, const char *id)
{
    const cJSON *rule = NULL;
    size_t n = strlen(id);

    while (!rule && n > 0) {
        rule = find_id(c, id, n);
        while (n > 0 && id[--n] != '/')
            ;
    }
    return rule;
}

const cJSON *vigil__sarif_rule(const struct sarif_run *run,
                               const cJSON *res,
                               const struct sarif_comp **comp,
                               const char **rule_id)
{
    const cJSON *ref = vigil__json_obj(res, "rule"), *rule = NULL;
    const struct sarif_comp *c = ref_comp(run, ref);
    const char *id = vigil__json_str(res, "ruleId");
    size_t i;

    if (!id)
        id = vigil__json_str(ref, "id");
    if (c && c->nrules &&
        (vigil__sarif_index(cJSON_GetObjectItemCaseSensitive(ref, "index"),
                            c->nrules - 1, &i) ||
         vigil__sarif_index(cJSON_GetObjectItemCaseSensitive(res,
                                                             "ruleIndex"),
                            c->nrules - 1, &i)))
        rule = c->rules[i];
    if (!rule && c && id)
        rule = rule_by_id(c, id);
    if (!id)
        id = rule_id_of(rule);
    *comp = c;
    *rule_id = id;
    return rule;
}

static const char *message_string(const cJSON *holder, const char *key,
                                  const char *id)
{
    const cJSON *ms = vigil__json_obj(vigil__json_obj(holder, key), id);
    const char *text = vigil__json_str(ms, "text");

    return text ? text : vigil__json_str(ms, "markdown");
}

/* Appends "{N}" (digits at p, n of them) filled from args, or as is. */
static int add_argument(struct vigil_buf *b, const char *p, size_t n,
                        const cJSON **args, size_t nargs)
{
    size_t k = 0, i;

    for (i = 0; i < n && k <= nargs; i++)
        k = k * 10 + (size_t)(p[i] - '0');
    if (k < nargs && cJSON_IsString(args[k]))
        return vigil_buf_adds(b, args[k]->valuestring);
    return vigil_buf_add(b, p - 1, n + 2);
}

/*
 * Fills a SARIF format string: "{N}" is argument N, "{{" and "}}" are
 * literal braces.  The result is cut at SARIF_MAX_MESSAGE bytes.
 */
static int format_message(struct vigil_buf *b, const char *fmt,
                          const cJSON **args, size_t nargs)
{
    const char *p = fmt;
    size_t n;
    int rc = 0;

    while (*p && !rc && b->len < SARIF_MAX_MESSAGE) {
        n = 0;
        if ((p[0] == '{' || p[0] == '}') && p[1] == p[0]) {
            rc = vigil_buf_addc(b, p[0]);
            p += 2;
            continue;
        }
        if (p[0] == '{')
            while (vigil__isdigit((unsigned char)p[1 + n]))
                n++;
        if (n > 0 && p[1 + n] == '}') {
            rc = add_argument(b, p + 1, n, args, nargs);
            p += n + 2;
        } else {
            rc = vigil_buf_addc(b, *p++);
        }
    }
    if (!rc && b->len > SARIF_MAX_MESSAGE) {
        /* cut before a UTF-8 continuation byte, not inside a character */
        b->len = SARIF_MAX_MESSAGE;
        while (b->len > 0 && ((unsigned char)b->ptr[b->len] & 0xc0) == 0x80)
            b->len--;
        b->ptr[b->len] = '\0';
    }
    return rc;
}

int vigil__sarif_message(struct finding_rec *r, const struct sarif_run *run,
                         const struct sarif_comp *comp, const cJSON *res,
                         const cJSON *rule, const char **out)
{
    const cJSON *msg = vigil__json_obj(res, "message");
    const char *text = vigil__json_str(msg, "text");
    const char *id = vigil__json_str(msg, "id");
    struct vigil_buf b = VIGIL_BUF_INIT;
    const cJSON **args;
    size_t nargs;
    int nomem = 0, rc;

    if (!text)
        text = vigil__json_str(msg, "markdown");
    if (!text && id)
        text = message_string(rule, "messageStrings", id);
    if (!text && id && comp)
        text = message_string(comp->obj, "globalMessageStrings", id);
    if (!text && id)
        text = message_string(run->comps[0].obj, "globalMessageStrings",
                              id);
    *out = text;
    args = to_vector(r->arena, vigil__json_arr(msg, "arguments"), &nargs,
                     &nomem);
    if (nomem)
        return VIGIL_ENOMEM;
    if (!text || nargs == 0)
        return 0;
    rc = format_message(&b, text, args, nargs);
    if (!rc) {
        *out = vigil_arena_strndup(r->arena, b.ptr ? b.ptr : "", b.len);
        rc = *out ? 0 : VIGIL_ENOMEM;
    }
    vigil_buf_release(&b);
    return rc;
}

static void hash_str(crypto_generichash_state *st, const char *s)
{
    if (!s)
        s = "";
    crypto_generichash_update(st, (const unsigned char *)s, strlen(s) + 1);
}

static int by_key(const void *a, const void *b)
{
    return strcmp((*(const cJSON *const *)a)->string,
                  (*(const cJSON *const *)b)->string);
}

/*
 * Hashes the string members of a fingerprints object in key order, as
 * tools need not keep the order.  Sets *count to how many there were.
 */
static int hash_prints(struct finding_rec *r, crypto_generichash_state *st,
                       const cJSON *obj, size_t *count)
{
    const cJSON **v;
    size_t n, i;
    int nomem = 0;

    *count = 0;
    v = to_vector(r->arena, obj, &n, &nomem);
    if (nomem)
        return VIGIL_ENOMEM;
    if (n > 1)
        qsort(v, n, sizeof(*v), by_key);
    for (i = 0; i < n; i++) {
        if (!cJSON_IsString(v[i]) || !v[i]->string)
            continue;
        hash_str(st, v[i]->string);
        hash_str(st, v[i]->valuestring);
        (*count)++;
    }
    return 0;
}

void vigil__sarif_seen_release(struct sarif_seen *seen)
{
    free(seen->keys);
    free(seen->counts);
    memset(seen, 0, sizeof(*seen));
}

static size_t slot_of(const struct sarif_seen *s, const unsigned char *h)
{
    size_t i, x = 0;

    /* the key is a hash already: its first bytes spread well */
    for (i = 0; i < sizeof(size_t); i++)
        x = (x << 8) | h[i];
    i = x & (s->cap - 1);
    while (s->counts[i] && memcmp(s->keys[i], h, 16) != 0)
        i = (i + 1) & (s->cap - 1);
    return i;
}

/* Doubles the open-addressing table (load stays at or below half). */
static int seen_grow(struct sarif_seen *s)
{
    struct sarif_seen old = *s;
    size_t i, slot;

    s->cap = old.cap ? old.cap * 2 : 64;
    s->keys = calloc(s->cap, sizeof(*s->keys));
    s->counts = calloc(s->cap, sizeof(*s->counts));
    if (!s->keys || !s->counts) {
        free(s->keys);
        free(s->counts);
        *s = old;
        return VIGIL_ENOMEM;
    }
    for (i = 0; i < old.cap; i++) {
        if (!old.counts[i])
            continue;
        slot = slot_of(s, old.keys[i]);
        memcpy(s->keys[slot], old.keys[i], 16);
        s->counts[slot] = old.counts[i];
    }
    free(old.keys);
    free(old.counts);
    return 0;
}

/* How many times h was seen in the log, this time included. */
static int seen_bump(struct sarif_seen *s, const unsigned char *h,
                     size_t *count)
{
    size_t slot;
    int rc;

    if ((s->n + 1) * 2 > s->cap) {
        rc = seen_grow(s);
        if (rc)
            return rc;
    }
    slot = slot_of(s, h);
    if (!s->counts[slot]) {
        memcpy(s->keys[slot], h, 16);
        s->n++;
    }
    *count = ++s->counts[slot];
    return 0;
}

int vigil__sarif_derive_id(struct finding_rec *r, const struct sarif_run *run,
                           const cJSON *res, const char *uri)
{
    crypto_generichash_state st;
    unsigned char h[16];
    char hex[2 * sizeof(h) + 1];
    size_t n = 0, i, count;
    int rc;

    crypto_generichash_init(&st, NULL, 0, sizeof(h));
    hash_str(&st, r->f.tool);
    hash_str(&st, r->f.rule_id);
    rc = hash_prints(r, &st, vigil__json_obj(res, "fingerprints"), &n);
    if (!rc && n == 0)
        rc = hash_prints(r, &st, vigil__json_obj(res,
                                                 "partialFingerprints"),
                         &n);
    if (rc)
        return rc;
    /* fingerprints hash the code, not the file it is in, as a rule */
    hash_str(&st, n ? uri : r->f.location);
    if (n == 0)
        hash_str(&st, r->f.description);
    crypto_generichash_final(&st, h, sizeof(h));
    rc = seen_bump(run->seen, h, &count);
    if (rc)
        return rc;
    for (i = 0; i < sizeof(h); i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    if (count == 1)
        r->f.id = vigil_arena_printf(r->arena, "sarif-%s", hex);
    else
        r->f.id = vigil_arena_printf(r->arena, "sarif-%s-%zu", hex, count);
    return r->f.id ? 0 : VIGIL_ENOMEM;
}
