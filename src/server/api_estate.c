/*
 * api_estate.c - /api/v1/systems, /sources, /rules and /findings.
 * Secrets never leave: a source shows whether it has an API key, not
 * the key; locations and alert targets are redacted.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/alert.h"
#include "vigil/finding.h"
#include "vigil/sync.h"
#include "vigil/track.h"
#include "api.h"
#include "../internal.h"

#define REDACTED_MAX 512

/* A URL without user information, secret parameters, and for web
 * hooks without a path (Slack and Teams keep their secret there). */
static const char *redact(struct req *r, const char *url, int hide_path)
{
    char *out = vigil_arena_alloc(r->arena, REDACTED_MAX), *host;

    if (!url || !out)
        return NULL;
    vigil_url_redact(url, out, REDACTED_MAX);
    if (hide_path && vigil__url_http_prefix(out)) {
        host = strstr(out, "://") + 3;
        host += strcspn(host, "/?#");
        if (*host && strlen(host) > 1 && out + REDACTED_MAX - host > 5)
            memcpy(host, "/***", 5);
    }
    return out;
}

/* ---- systems ---- */

static void system_fields(struct vigil_buf *b, const struct vigil_system *s)
{
    cJSON *res = s->resources ? cJSON_Parse(s->resources) : NULL;

    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "name", s->name, 1);
    vigil_buf_add_json_field(b, "owner", s->owner, 0);
    vigil_buf_add_json_field(b, "env", s->env, 0);
    vigil_buf_add_json_field(b, "criticality", s->criticality, 0);
    vigil_buf_add_json_field(b, "distro", s->distro, 0);
    vigil_buf_add_json_field(b, "tags", s->tags, 0);
    vigil_buf_adds(b, ", \"resources\": ");
    vigil_buf_adds(b, cJSON_IsArray(res) ? s->resources : "[]");
    cJSON_Delete(res);
}

static int system_one(void *ctx, const struct vigil_system *s)
{
    struct api_list *l = ctx;

    if (api_list_take(l)) {
        system_fields(l->b, s);
        vigil_buf_adds(l->b, "}");
    }
    return 0;
}

int api_systems(struct req *r, struct resp *p)
{
    struct api_list l;
    int rc;

    if (api_list_begin(r, p, &l) != 0)
        return 0;
    if ((rc = vigil_store_systems(r->store, system_one, &l)) != 0)
        return api_fail(p, rc, NULL);
    api_list_end(&l);
    return 0;
}

static int component_one(void *ctx, const struct vigil_component_row *c)
{
    struct vigil_buf *b = ctx;

    if (b->ptr[b->len - 1] != '[')
        vigil_buf_adds(b, ", ");
    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "name", c->c.name, 1);
    vigil_buf_add_json_field(b, "version", c->c.version, 0);
    vigil_buf_add_json_field(b, "purl", c->c.purl, 0);
    vigil_buf_add_json_field(b, "ecosystem", c->c.ecosystem, 0);
    return vigil_buf_adds(b, "}");
}

static int open_one(void *ctx, const struct vigil_update *u)
{
    struct vigil_buf *b = ctx;

    if (b->ptr[b->len - 1] != '[')
        vigil_buf_adds(b, ", ");
    vigil_track_update_fields_json(b, u);
    return vigil_buf_adds(b, "}");
}

struct sys_doc {
    struct vigil_buf *b;
    long long id;
};

static int system_doc(void *ctx, const struct vigil_system *s)
{
    struct sys_doc *d = ctx;

    d->id = s->id;
    system_fields(d->b, s);
    return 0;
}

int api_system(struct req *r, struct resp *p)
{
    struct sys_doc d = { &p->body, 0 };
    struct vigil_update_filter f;
    char today[16];
    int rc;

    rc = vigil_store_system_get(r->store, req_param(r, 0), system_doc, &d);
    if (rc == VIGIL_ENOTFOUND || (rc == 0 && d.id == 0))
        return resp_error(p, 404, "not_found", "no system '%s'",
                          req_param(r, 0));
    if (rc)
        return api_fail(p, rc, NULL);
    vigil_buf_adds(&p->body, ", \"components\": [");
    rc = vigil_store_components(r->store, d.id, component_one, &p->body);
    memset(&f, 0, sizeof(f));
    f.status = "open";
    f.system = req_param(r, 0);
    vigil_date_format(vigil_now(), today, sizeof(today));
    f.today = today;
    vigil_buf_adds(&p->body, "], \"open_updates\": [");
    if (!rc)
        rc = vigil_store_updates_where(r->store, &f, open_one, &p->body);
    if (rc)
        return api_fail(p, rc, NULL);
    return vigil_buf_adds(&p->body, "]}\n");
}

/* ---- sources ---- */

struct src_out {
    struct req *r;
    struct api_list *l;          /* NULL: one source, no list */
    struct vigil_buf *b;
};

static int source_one(void *ctx, const struct vigil_source *s)
{
    struct src_out *o = ctx;
    struct vigil_buf *b = o->b;

    if (o->l && !api_list_take(o->l))
        return 0;
    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "name", s->name, 1);
    vigil_buf_add_json_field(b, "location", redact(o->r, s->location, 0), 0);
    vigil_buf_add_json_field(b, "format", s->format, 0);
    vigil_buf_addf(b, ", \"every\": %lld, \"enabled\": %s, "
                   "\"has_api_key\": %s", s->every,
                   s->enabled ? "true" : "false",
                   s->api_key && *s->api_key ? "true" : "false");
    vigil_buf_add_json_field(b, "checksum", s->checksum, 0);
    vigil_buf_add_json_field(b, "last_attempt", s->last_attempt, 0);
    vigil_buf_add_json_field(b, "last_success", s->last_success, 0);
    vigil_buf_add_json_field(b, "last_error", s->last_error, 0);
    vigil_buf_addf(b, ", \"last_read\": %lld, \"total_read\": %lld",
                   s->last_read, s->total_read);
    vigil_buf_add_json_field(b, "created", s->created, 0);
    return vigil_buf_adds(b, "}");
}

int api_sources(struct req *r, struct resp *p)
{
    struct api_list l;
    struct src_out o = { r, &l, &p->body };
    int rc;

    if (api_list_begin(r, p, &l) != 0)
        return 0;
    if ((rc = vigil_store_sources(r->store, source_one, &o)) != 0)
        return api_fail(p, rc, NULL);
    api_list_end(&l);
    return 0;
}

/* A JSON number member in [min, max], or dflt when absent. */
static int jnum(const cJSON *o, const char *key, long long min,
                long long max, long long dflt, long long *out,
                struct vigil_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    if (!v) {
        *out = dflt;
        return 0;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble < (double)min ||
        v->valuedouble > (double)max ||
        v->valuedouble != (double)(long long)v->valuedouble)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "'%s' must be a "
                               "whole number from %lld to %lld", key, min,
                               max);
    *out = (long long)v->valuedouble;
    return 0;
}

/*
 * Through the API a source is fetched over the network only: a local
 * path or file:// location would let an API token read files of the
 * server's host (/etc/shadow), so those stay with the CLI, which needs
 * a shell on that host.  The scheme alone decides: "http:x.org/a"
 * goes on to vigil_source_check, whose 400 says how to write it.
 */
static int network_location(const char *loc)
{
    return vigil__url_http_scheme(loc) != 0;
}

static const char *const source_members[] = {
    "name", "location", "format", "checksum", "api_key", "enabled",
    "every", NULL
};

int api_source_add(struct req *r, struct resp *p)
{
    struct vigil_source src;
    struct vigil_error err;
    struct src_out o = { r, NULL, &p->body };
    const cJSON *en;
    long long every = 0;
    cJSON *body;
    int rc;

    if (!(body = api_body(r, p, source_members)))
        return 0;
    memset(&src, 0, sizeof(src));
    vigil_error_clear(&err);
    src.name = api_jstr(body, "name");
    src.location = api_jstr(body, "location");
    src.format = api_jstr(body, "format");
    src.checksum = api_jstr(body, "checksum");
    src.api_key = api_jstr(body, "api_key");
    en = cJSON_GetObjectItemCaseSensitive(body, "enabled");
    src.enabled = !cJSON_IsFalse(en);
    if (!src.name || !*src.name || !src.location || !*src.location)
        rc = vigil_error_set(&err, VIGIL_EINVAL, 0, "'name' and "
                             "'location' are required");
    else if (!network_location(src.location))
        rc = 1;
    else
        rc = jnum(body, "every", 0, 366LL * 86400, 0, &every, &err);
    src.every = every;
    if (!rc)
        rc = vigil_source_check(&src, &err);
    if (!rc)
        rc = vigil_store_source_add(r->store, &src, NULL, &err);
    if (!rc)
        rc = vigil_store_source_get(r->store, src.name, source_one, &o);
    if (rc == 1)
        resp_error(p, 403, "cli_only", "the API takes only http:// and "
                   "https:// locations; add a local file with the command "
                   "line: vigil source add");
    else if (rc)
        api_fail(p, rc, &err);
    else
        p->status = 201;
    cJSON_Delete(body);
    return 0;
}

/* ---- alert rules ---- */

struct rule_out {
    struct req *r;
    struct api_list *l;
    struct vigil_buf *b;
};

static int rule_one(void *ctx, const struct vigil_alert_rule *ru)
{
    struct rule_out *o = ctx;
    struct vigil_buf *b = o->b;
    cJSON *pat = cJSON_Parse(ru->pattern);

    if (o->l && !api_list_take(o->l)) {
        cJSON_Delete(pat);
        return 0;
    }
    vigil_buf_adds(b, "{");
    vigil_buf_add_json_field(b, "name", ru->name, 1);
    vigil_buf_adds(b, ", \"pattern\": ");
    if (pat)
        vigil_buf_adds(b, ru->pattern);
    else
        vigil_buf_add_json_str(b, ru->pattern);
    cJSON_Delete(pat);
    vigil_buf_add_json_field(b, "target", redact(o->r, ru->target, 1), 0);
    vigil_buf_add_json_field(b, "digest", ru->digest, 0);
    vigil_buf_addf(b, ", \"has_secret\": %s, \"max_per_hour\": %lld, "
                   "\"max_attempts\": %d",
                   ru->secret && *ru->secret ? "true" : "false",
                   ru->max_per_hour, ru->max_attempts);
    vigil_buf_add_json_field(b, "created", ru->created, 0);
    return vigil_buf_adds(b, "}");
}

int api_rules(struct req *r, struct resp *p)
{
    struct api_list l;
    struct rule_out o = { r, &l, &p->body };
    int rc;

    if (api_list_begin(r, p, &l) != 0)
        return 0;
    if ((rc = vigil_store_alert_rules(r->store, NULL, rule_one, &o)) != 0)
        return api_fail(p, rc, NULL);
    api_list_end(&l);
    return 0;
}

/* The pattern as text: a JSON object is printed back, a string kept. */
static char *pattern_text(const cJSON *body)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, "pattern");

    if (cJSON_IsObject(v))
        return cJSON_PrintUnformatted(v);
    if (cJSON_IsString(v))
        return vigil__strdup0(v->valuestring);
    return NULL;
}

/*
 * Through the API an alert goes over the network only (http, https,
 * smtp, smtps, syslog to a host): exec: would run a program and file:
 * or a syslog socket would write on the server's host, so those stay
 * with the CLI, which needs a shell on that host.  1 when target is a
 * local one; a target that does not parse is left to the library.
 */
static int local_target(const char *target)
{
    static const char *const net[] = { "http://", "https://", "smtp://",
                                       "smtps://", "syslog://" };
    struct vigil_target *t = NULL;
    size_t i, n = 0;
    int local;

    if (vigil_target_parse(target, &t, NULL) != 0)
        return 0;
    for (i = 0; i < VIGIL_ARRAY_SIZE(net) && !n; i++)
        if (vigil__strncaseeq(target, net[i], strlen(net[i])))
            n = strlen(net[i]);

    /* the URI itself must name a host: http:/x or syslog:///dev/log
     * parse, but reach the server's own files */
    local = !n || strchr("/?#:@", target[n]) ||
            t->kind == VIGIL_TARGET_EXEC || t->kind == VIGIL_TARGET_FILE ||
            (t->kind == VIGIL_TARGET_SYSLOG && (!t->host || !*t->host));
    vigil_target_free(t);
    return local;
}

static const char *const rule_members[] = {
    "pattern", "target", "digest", "secret", "max_per_hour",
    "max_attempts", NULL
};

int api_rule_add(struct req *r, struct resp *p)
{
    struct vigil_alert_rule ru;
    struct vigil_error err;
    struct rule_out o = { r, NULL, &p->body };
    long long mph = 0, att = 0;
    char *pattern;
    cJSON *body;
    int rc;

    if (!(body = api_body(r, p, rule_members)))
        return 0;
    memset(&ru, 0, sizeof(ru));
    vigil_error_clear(&err);
    ru.name = req_param(r, 0);
    ru.pattern = pattern = pattern_text(body);
    ru.target = api_jstr(body, "target");
    ru.digest = api_jstr(body, "digest");
    ru.secret = api_jstr(body, "secret");
    if (!pattern || !ru.target)
        rc = vigil_error_set(&err, VIGIL_EINVAL, 0, "'pattern' (a JSON "
                             "object) and 'target' are required");
    else if (local_target(ru.target))
        rc = 1;
    else if (!(rc = jnum(body, "max_per_hour", 0, 1000000, 0, &mph, &err)))
        rc = jnum(body, "max_attempts", 0, 100, 0, &att, &err);
    ru.max_per_hour = mph;
    ru.max_attempts = (int)att;
    if (!rc)
        rc = vigil_alert_rule_add(r->store, &ru, NULL, &err);
    if (rc == VIGIL_EPARSE)         /* the pattern is not JSON */
        rc = VIGIL_EINVAL;
    if (!rc)
        rc = vigil_store_alert_rules(r->store, ru.name, rule_one, &o);
    if (rc == 1)
        resp_error(p, 403, "cli_only", "the API takes only network "
                   "targets (http, https, smtp, smtps, syslog://host); "
                   "add exec:, file: or a syslog socket with the command "
                   "line: vigil rule add");
    else if (rc)
        api_fail(p, rc, &err);
    else
        p->status = 201;
    free(pattern);
    cJSON_Delete(body);
    return 0;
}

int api_rule_remove(struct req *r, struct resp *p)
{
    struct vigil_error err;
    int rc;

    vigil_error_clear(&err);
    rc = vigil_store_alert_rule_remove(r->store, req_param(r, 0), &err);
    if (rc)
        return api_fail(p, rc, &err);
    vigil_buf_adds(&p->body, "{\"removed\": ");
    vigil_buf_add_json_str(&p->body, req_param(r, 0));
    return vigil_buf_adds(&p->body, "}\n");
}

/* ---- findings ---- */

int api_findings(struct req *r, struct resp *p)
{
    struct vigil_buf all = VIGIL_BUF_INIT;
    struct vigil_error err;
    struct api_list l;
    cJSON *arr = NULL, *x;
    char *s;
    int rc;

    if (api_list_begin(r, p, &l) != 0)
        return 0;
    vigil_error_clear(&err);
    rc = vigil_store_findings_json(r->store, req_query(r, "system"),
                                   req_query(r, "cve"), 1LL << 40, &all,
                                   &err);
    if (!rc && !(arr = cJSON_Parse(all.ptr ? all.ptr : "[]")))
        rc = VIGIL_ENOMEM;
    vigil_buf_release(&all);
    if (rc)
        return api_fail(p, rc, &err);
    cJSON_ArrayForEach(x, arr) {
        if (!api_list_take(&l))
            continue;
        if ((s = cJSON_PrintUnformatted(x)) != NULL)
            vigil_buf_adds(l.b, s);
        free(s);
    }
    cJSON_Delete(arr);
    api_list_end(&l);
    return 0;
}
