/*
 * message.c - one alert message (an outbox row and its events) and the
 * text every target is given: subject, plain text, HTML, JSON (vigil's
 * own, Slack, Teams), the idempotency key and the list of event ids.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_int.h"
#include "../internal.h"

#define FIELD_MAX 160         /* characters of one detail value in a line */

void vigil__alert_msg_init(struct vigil__alert_msg *m, const char *rule,
                           const char *kind, const char *period)
{
    memset(m, 0, sizeof(*m));
    m->rule = rule;
    m->kind = kind;
    snprintf(m->period, sizeof(m->period), "%s", period ? period : "");
}

void vigil__alert_msg_release(struct vigil__alert_msg *m)
{
    size_t i;

    for (i = 0; i < m->n; i++) {
        free(m->ev[i].type);
        free(m->ev[i].time);
        free(m->ev[i].source);
        cJSON_Delete(m->ev[i].detail);
    }
    free(m->ev);
    m->ev = NULL;
    m->n = m->cap = 0;
}

int vigil__alert_msg_add(struct vigil__alert_msg *m,
                         const struct vigil_event_row *e)
{
    struct vigil__alert_event *x;

    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;

        if (!(x = realloc(m->ev, cap * sizeof(*x))))
            return VIGIL_ENOMEM;
        m->ev = x;
        m->cap = cap;
    }
    x = &m->ev[m->n];
    memset(x, 0, sizeof(*x));
    x->id = e->id;
    x->detail = cJSON_Parse(e->detail ? e->detail : "{}");
    if (!x->detail || !cJSON_IsObject(x->detail)) {
        cJSON_Delete(x->detail);
        return VIGIL_EINVAL;
    }
    x->type = vigil__strdup0(e->type ? e->type : "");
    x->time = vigil__strdup0(e->time ? e->time : "");
    x->source = vigil__strdup0(e->source ? e->source : "");
    m->n++;
    if (!x->type || !x->time || !x->source)
        return VIGIL_ENOMEM;
    return 0;
}

void vigil__alert_msg_key(struct vigil__alert_msg *m, long long row)
{
    if (strcmp(m->kind, "event") == 0 && m->n == 1)
        snprintf(m->key, sizeof(m->key), "%lld", m->ev[0].id);
    else
        snprintf(m->key, sizeof(m->key), "%s-%lld", m->kind, row);
}

int vigil__alert_ids(const struct vigil__alert_msg *m, struct vigil_buf *b)
{
    size_t i = 0, j;

    vigil_buf_adds(b, "");
    while (i < m->n) {
        for (j = i; j + 1 < m->n && m->ev[j + 1].id == m->ev[j].id + 1; j++)
            ;
        vigil_buf_addf(b, "%s%lld", i ? "," : "", m->ev[i].id);
        if (j > i)
            vigil_buf_addf(b, "%s%lld", j == i + 1 ? "," : "-", m->ev[j].id);
        i = j + 1;
    }
    return 0;
}

/* Appends one detail value as text: strings, numbers, booleans, lists. */
static void add_value(struct vigil_buf *b, const cJSON *v)
{
    size_t start = b->len;
    const cJSON *c;

    if (cJSON_IsString(v)) {
        vigil_buf_adds(b, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        vigil_buf_addf(b, "%.15g", v->valuedouble);
    } else if (cJSON_IsBool(v)) {
        vigil_buf_adds(b, cJSON_IsTrue(v) ? "yes" : "no");
    } else if (cJSON_IsArray(v)) {
        cJSON_ArrayForEach(c, v) {
            if (c != v->child)
                vigil_buf_adds(b, ", ");
            add_value(b, c);
        }
    }
    if (b->len - start > FIELD_MAX) {
        b->len = start + FIELD_MAX - 3;
        vigil_buf_adds(b, "...");
    }
}

/* The detail fields a line names, in order; bare ones print no label. */
static const struct {
    const char *key;
    const char *label;
} line_fields[] = {
    { "update", NULL },      { "advisory", NULL },  { "title", NULL },
    { "from", "from" },      { "status", "to" },    { "changes", "changed" },
    { "priority", "priority" }, { "due", "due" },   { "until", "until" },
    { "severity", "severity" }, { "tool", "tool" }, { "resource", "on" },
    { "source", "source" },  { "error", "error" },  { "systems", "systems" },
};

int vigil__alert_event_line(const struct vigil__alert_event *e,
                            struct vigil_buf *b)
{
    size_t i, n = 0;

    vigil_buf_adds(b, e->type);
    for (i = 0; i < VIGIL_ARRAY_SIZE(line_fields); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(
            e->detail, line_fields[i].key);

        if (!v || cJSON_IsNull(v) || cJSON_IsObject(v))
            continue;
        vigil_buf_adds(b, n++ ? " " : ": ");
        if (line_fields[i].label)
            vigil_buf_addf(b, "%s ", line_fields[i].label);
        add_value(b, v);
    }
    return 0;
}

/*
 * Subjects are one line of text: control bytes and bytes that are not
 * UTF-8 become '?'.  Mail targets encode what is not ASCII (RFC 2047).
 */
void vigil__alert_one_line(struct vigil_buf *b, size_t from)
{
    unsigned char *p = (unsigned char *)b->ptr;
    size_t i = from, k;

    while (i < b->len) {
        if (p[i] >= 0x80) {
            k = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : 2;
            if (k <= b->len - i && vigil__utf8_check(b->ptr + i, k) == k) {
                i += k;
                continue;
            }
        }
        if (p[i] < 0x20 || p[i] >= 0x7f)
            p[i] = '?';
        i++;
    }
}

int vigil__alert_subject(const struct vigil__alert_msg *m,
                         struct vigil_buf *b)
{
    size_t start = b->len;

    vigil_buf_adds(b, "[vigil] ");
    if (strcmp(m->kind, "digest") == 0)
        vigil_buf_addf(b, "digest for %s: %zu event%s (rule %s)", m->period,
                       m->n, m->n == 1 ? "" : "s", m->rule);
    else if (strcmp(m->kind, "summary") == 0)
        vigil_buf_addf(b, "%zu more event%s in hour %s (rule %s sends at "
                       "most %lld a hour)", m->n, m->n == 1 ? "" : "s",
                       m->period, m->rule, m->max_per_hour);
    else if (m->n)
        vigil__alert_event_line(&m->ev[0], b);
    if (!b->ptr)
        return VIGIL_ENOMEM;
    vigil__alert_one_line(b, start);

    /* at most 200 bytes, cut between two characters */
    if (b->len - start > 200) {
        b->len = start + 197;
        while (((unsigned char)b->ptr[b->len] & 0xc0) == 0x80)
            b->len--;
        vigil_buf_adds(b, "...");
    }
    return 0;
}

static void intro(const struct vigil__alert_msg *m, struct vigil_buf *b)
{
    if (strcmp(m->kind, "digest") == 0)
        vigil_buf_addf(b, "%zu events matched rule '%s' in %s.", m->n,
                       m->rule, m->period);
    else if (strcmp(m->kind, "summary") == 0)
        vigil_buf_addf(b, "Rule '%s' sends at most %lld messages a hour; "
                       "these %zu events came after that in hour %s.",
                       m->rule, m->max_per_hour, m->n, m->period);
    else
        vigil_buf_addf(b, "An event matched rule '%s'.", m->rule);
}

int vigil__alert_text(const struct vigil__alert_msg *m, struct vigil_buf *b)
{
    size_t i;

    intro(m, b);
    vigil_buf_adds(b, "\n\n");
    for (i = 0; i < m->n && i < VIGIL__ALERT_SHOWN; i++) {
        vigil_buf_addf(b, "#%lld %s ", m->ev[i].id, m->ev[i].time);
        vigil__alert_event_line(&m->ev[i], b);
        vigil_buf_addc(b, '\n');
    }
    if (m->n > VIGIL__ALERT_SHOWN)
        vigil_buf_addf(b, "... and %zu more\n", m->n - VIGIL__ALERT_SHOWN);
    if (m->n == 1) {
        char *d = cJSON_Print(m->ev[0].detail);

        if (d)
            vigil_buf_addf(b, "\nDetail:\n%s\n", d);
        free(d);
    }
    vigil_buf_adds(b, "\nEvents: ");
    vigil__alert_ids(m, b);
    vigil_buf_addf(b, "\nIdempotency key: %s\n", m->key);
    return 0;
}

static void html_escape(struct vigil_buf *b, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': vigil_buf_adds(b, "&amp;"); break;
        case '<': vigil_buf_adds(b, "&lt;"); break;
        case '>': vigil_buf_adds(b, "&gt;"); break;
        case '"': vigil_buf_adds(b, "&quot;"); break;
        default: vigil_buf_addc(b, s[i]);
        }
    }
}

int vigil__alert_html(const struct vigil__alert_msg *m, struct vigil_buf *b)
{
    struct vigil_buf t = VIGIL_BUF_INIT;
    size_t i;

    vigil_buf_adds(b, "<!DOCTYPE html>\n<html><body>\n<p>");
    intro(m, &t);
    html_escape(b, t.ptr, t.len);
    vigil_buf_adds(b, "</p>\n<table>\n<tr><th>Event</th><th>Time</th>"
                      "<th>What</th></tr>\n");
    for (i = 0; i < m->n && i < VIGIL__ALERT_SHOWN; i++) {
        vigil_buf_reset(&t);
        vigil__alert_event_line(&m->ev[i], &t);
        vigil_buf_addf(b, "<tr><td>%lld</td><td>", m->ev[i].id);
        html_escape(b, m->ev[i].time, strlen(m->ev[i].time));
        vigil_buf_adds(b, "</td><td>");
        html_escape(b, t.ptr, t.len);
        vigil_buf_adds(b, "</td></tr>\n");
    }
    vigil_buf_adds(b, "</table>\n");
    if (m->n > VIGIL__ALERT_SHOWN)
        vigil_buf_addf(b, "<p>... and %zu more</p>\n",
                       m->n - VIGIL__ALERT_SHOWN);
    vigil_buf_reset(&t);
    vigil__alert_ids(m, &t);
    vigil_buf_adds(b, "<p>Events: ");
    html_escape(b, t.ptr, t.len);
    vigil_buf_adds(b, "<br>Idempotency key: ");
    html_escape(b, m->key, strlen(m->key));
    vigil_buf_adds(b, "</p>\n</body></html>\n");
    vigil_buf_release(&t);
    return 0;
}

static cJSON *event_json(const struct vigil__alert_event *e)
{
    cJSON *o = cJSON_CreateObject();

    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "id", (double)e->id);
    cJSON_AddStringToObject(o, "type", e->type);
    cJSON_AddStringToObject(o, "time", e->time);
    cJSON_AddStringToObject(o, "source", e->source);
    cJSON_AddItemToObject(o, "detail", cJSON_Duplicate(e->detail, 1));
    return o;
}

/* A message of several events: what, which, and the first ones whole. */
static cJSON *batch_json(const struct vigil__alert_msg *m)
{
    cJSON *o = cJSON_CreateObject(), *ids, *evs;
    size_t i;

    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "rule", m->rule);
    cJSON_AddStringToObject(o, "kind", m->kind);
    cJSON_AddStringToObject(o, "period", m->period);
    cJSON_AddStringToObject(o, "key", m->key);
    cJSON_AddNumberToObject(o, "count", (double)m->n);
    ids = cJSON_AddArrayToObject(o, "event_ids");
    evs = cJSON_AddArrayToObject(o, "events");
    for (i = 0; ids && evs && i < m->n; i++) {
        cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)m->ev[i].id));
        if (i < VIGIL__ALERT_SHOWN)
            cJSON_AddItemToArray(evs, event_json(&m->ev[i]));
    }
    return o;
}

static cJSON *plain_json(const struct vigil__alert_msg *m)
{
    cJSON *o;

    if (strcmp(m->kind, "event") != 0 || m->n != 1)
        return batch_json(m);
    if ((o = event_json(&m->ev[0])))
        cJSON_AddStringToObject(o, "rule", m->rule);
    return o;
}

/* The subject and the first lines, for chat messages. */
static void chat_text(const struct vigil__alert_msg *m, int slack,
                      struct vigil_buf *b)
{
    struct vigil_buf t = VIGIL_BUF_INIT;
    size_t i, shown = m->n < 20 ? m->n : 20;

    vigil__alert_subject(m, &t);
    vigil_buf_addc(&t, '\n');
    for (i = 0; m->n > 1 && i < shown; i++) {
        vigil_buf_addf(&t, "- #%lld ", m->ev[i].id);
        vigil__alert_event_line(&m->ev[i], &t);
        vigil_buf_addc(&t, '\n');
    }
    if (m->n > shown)
        vigil_buf_addf(&t, "... and %zu more\n", m->n - shown);
    if (!slack) {
        vigil_buf_add(b, t.ptr, t.len);
    } else {
        /* Slack reads &, < and > as markup */
        for (i = 0; i < t.len; i++) {
            if (t.ptr[i] == '&')
                vigil_buf_adds(b, "&amp;");
            else if (t.ptr[i] == '<')
                vigil_buf_adds(b, "&lt;");
            else if (t.ptr[i] == '>')
                vigil_buf_adds(b, "&gt;");
            else
                vigil_buf_addc(b, t.ptr[i]);
        }
    }
    vigil_buf_release(&t);
}

static cJSON *teams_json(const struct vigil__alert_msg *m, const char *text)
{
    cJSON *o = cJSON_CreateObject(), *att, *a, *card, *body, *tb;

    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "type", "message");
    att = cJSON_AddArrayToObject(o, "attachments");
    a = cJSON_CreateObject();
    cJSON_AddItemToArray(att, a);
    cJSON_AddStringToObject(a, "contentType",
                            "application/vnd.microsoft.card.adaptive");
    card = cJSON_AddObjectToObject(a, "content");
    cJSON_AddStringToObject(card, "$schema",
                            "http://adaptivecards.io/schemas/"
                            "adaptive-card.json");
    cJSON_AddStringToObject(card, "type", "AdaptiveCard");
    cJSON_AddStringToObject(card, "version", "1.4");
    body = cJSON_AddArrayToObject(card, "body");
    tb = cJSON_CreateObject();
    cJSON_AddItemToArray(body, tb);
    cJSON_AddStringToObject(tb, "type", "TextBlock");
    cJSON_AddStringToObject(tb, "text", text);
    cJSON_AddBoolToObject(tb, "wrap", 1);
    (void)m;
    return o;
}

int vigil__alert_json(const struct vigil__alert_msg *m,
                      enum vigil_target_format f, struct vigil_buf *b)
{
    struct vigil_buf t = VIGIL_BUF_INIT;
    cJSON *o = NULL;
    char *s;

    if (f == VIGIL_FORMAT_JSON) {
        o = plain_json(m);
    } else {
        chat_text(m, f == VIGIL_FORMAT_SLACK, &t);
        if (f == VIGIL_FORMAT_SLACK && (o = cJSON_CreateObject()))
            cJSON_AddStringToObject(o, "text", t.ptr ? t.ptr : "");
        else if (f == VIGIL_FORMAT_TEAMS)
            o = teams_json(m, t.ptr ? t.ptr : "");
        vigil_buf_release(&t);
    }
    s = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!s)
        return VIGIL_ENOMEM;
    vigil_buf_adds(b, s);
    free(s);
    return 0;
}
