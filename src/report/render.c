/*
 * render.c - the Markdown, HTML and CSV renderings of a report
 * document.  Each walks the same layout over the same document, so the
 * three show the same numbers; only the escaping differs.  Cells hold
 * advisory text from outside: Markdown gets no markup from it, HTML no
 * tags, CSV no formula.
 */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil/report.h"
#include "report_int.h"
#include "../internal.h"

/* LIMIT: a chart draws the first 64 rows of its table. See
 * docs/LIMITS.md#report-chart-rows. */
#define MAX_CHART_ROWS 64

/* Characters of a table cell in Markdown and HTML; JSON and CSV carry
 * the whole text. */
#define CELL_CHARS 200

void vigil__report_value(struct vigil_buf *b, const cJSON *v, int sign)
{
    if (cJSON_IsString(v)) {
        vigil_buf_adds(b, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        const char *plus = sign && d > 0 ? "+" : "";

        if (d == floor(d) && fabs(d) < 1e15)
            vigil_buf_addf(b, "%s%.0f", plus, d);
        else
            vigil_buf_addf(b, "%s%.1f", plus, d);
    } else if (cJSON_IsBool(v)) {
        vigil_buf_adds(b, cJSON_IsTrue(v) ? "yes" : "no");
    }
}

/* The text of field (and of its delta) of an object, into a buffer. */
static void field_text(struct vigil_buf *b, const cJSON *o,
                       const struct vigil__report_col *c, int with_delta)
{
    char name[64];
    const cJSON *d;

    vigil_buf_reset(b);
    vigil__report_value(b, cJSON_GetObjectItemCaseSensitive(o, c->field), 0);
    if (!c->delta || !with_delta)
        return;
    snprintf(name, sizeof(name), "%s_delta", c->field);
    d = cJSON_GetObjectItemCaseSensitive(o, name);
    if (cJSON_IsNumber(d)) {
        vigil_buf_adds(b, " (");
        vigil__report_value(b, d, 1);
        vigil_buf_adds(b, ")");
    }
}

/* Cuts t after CELL_CHARS characters (UTF-8) with an ellipsis. */
static void cut_cell(struct vigil_buf *t)
{
    size_t i, chars = 0;

    for (i = 0; i < t->len; i++)
        if (((unsigned char)t->ptr[i] & 0xc0) != 0x80 &&
            chars++ == CELL_CHARS)
            break;
    if (i >= t->len)
        return;
    t->len = i;
    t->ptr[i] = '\0';
    vigil_buf_adds(t, "\xe2\x80\xa6");
}

static void sentence(struct vigil_buf *b, const cJSON *doc,
                     enum vigil_report_kind k)
{
    const char *pf = cJSON_GetStringValue(cJSON_GetObjectItem(doc,
                                                              "previous_from"));

    vigil_buf_addf(b, "Period %s: from %s up to %s (not included); "
                      "states and ages as of %s (that day included).",
                   cJSON_GetStringValue(cJSON_GetObjectItem(doc, "period")),
                   cJSON_GetStringValue(cJSON_GetObjectItem(doc, "from")),
                   cJSON_GetStringValue(cJSON_GetObjectItem(doc, "to")),
                   cJSON_GetStringValue(cJSON_GetObjectItem(doc, "as_of")));
    if (k != VIGIL_REPORT_WEEKLY && pf)
        vigil_buf_addf(b, " Changes in brackets are against the period "
                          "that starts %s.", pf);
}

/* ---- Markdown ---- */

/* Backslash before what Markdown would read as markup; HTML entities
 * for what it would pass through as HTML; no line breaks. */
static void md_cell(struct vigil_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '<')
            vigil_buf_adds(b, "&lt;");
        else if (c == '>')
            vigil_buf_adds(b, "&gt;");
        else if (c == '&')
            vigil_buf_adds(b, "&amp;");
        else if (strchr("\\`*_[]|#!~", c) && c)
            vigil_buf_addc(b, '\\'), vigil_buf_addc(b, (char)c);
        else if (c < 0x20 || c == 0x7f)
            vigil_buf_addc(b, ' ');
        else
            vigil_buf_addc(b, (char)c);
    }
}

static void md_table(struct vigil_buf *b, const struct vigil__report_section
                     *sec, const cJSON *rows, struct vigil_buf *t)
{
    const struct vigil__report_col *c;
    const cJSON *r;

    for (c = sec->cols; c->field; c++)
        vigil_buf_addf(b, "| %s ", c->header);
    vigil_buf_adds(b, "|\n");
    for (c = sec->cols; c->field; c++)
        vigil_buf_adds(b, "|---");
    vigil_buf_adds(b, "|\n");
    cJSON_ArrayForEach(r, rows) {
        for (c = sec->cols; c->field; c++) {
            field_text(t, r, c, 1);
            cut_cell(t);
            vigil_buf_adds(b, "| ");
            md_cell(b, t->ptr ? t->ptr : "");
            vigil_buf_addc(b, ' ');
        }
        vigil_buf_adds(b, "|\n");
    }
}

int vigil__report_md(const cJSON *doc, enum vigil_report_kind k,
                     struct vigil_buf *out)
{
    struct vigil_buf t = VIGIL_BUF_INIT;
    const struct vigil__report_section *sec;
    const struct vigil__report_col *c;
    size_t n, i;

    sec = vigil__report_layout(k, &n);
    vigil_buf_addf(out, "# %s\n\n", vigil__report_title(k));
    sentence(out, doc, k);
    vigil_buf_adds(out, "\n");
    for (i = 0; i < n; i++) {
        const cJSON *v = cJSON_GetObjectItem(doc, sec[i].key), *r;

        vigil_buf_addf(out, "\n## %s\n\n", sec[i].title);
        if (sec[i].type == VIGIL__SECT_SUMMARY) {
            for (c = sec[i].cols; c->field; c++) {
                field_text(&t, v, c, 1);
                vigil_buf_addf(out, "- %s: ", c->header);
                md_cell(out, t.ptr ? t.ptr : "");
                vigil_buf_addc(out, '\n');
            }
        } else if (cJSON_GetArraySize(v) == 0) {
            vigil_buf_addf(out, "%s\n", sec[i].empty ? sec[i].empty
                                                       : "No data.");
        } else if (sec[i].type == VIGIL__SECT_LIST) {
            cJSON_ArrayForEach(r, v) {
                vigil_buf_adds(out, "- ");
                md_cell(out, cJSON_GetStringValue(cJSON_GetObjectItem(r,
                                                  "text")));
                vigil_buf_addc(out, '\n');
            }
        } else {
            md_table(out, &sec[i], v, &t);
        }
    }
    vigil_buf_release(&t);
    return out->ptr ? 0 : VIGIL_ENOMEM;
}

/* ---- HTML ---- */

static const char style[] =
    "body{font-family:sans-serif;margin:2em auto;max-width:72em;"
    "color:#1f2328}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;"
    "border-bottom:1px solid #d0d7de}table{border-collapse:collapse;"
    "margin:.5em 0}th,td{border:1px solid #d0d7de;padding:.2em .5em;"
    "text-align:left;vertical-align:top}th{background:#f6f8fa}"
    "td.n{text-align:right}svg.chart{display:block;margin:.5em 0}"
    ".d{color:#57606a;font-size:.9em}";

static void html_chart(struct vigil_buf *b, const struct vigil__report_chart
                       *ch, const cJSON *rows)
{
    const char *labels[MAX_CHART_ROWS];
    double vals[4][MAX_CHART_ROWS];
    struct vigil_chart_series s[4];
    size_t n = 0, ns, j;
    const cJSON *r;

    cJSON_ArrayForEach(r, rows) {
        if (n == MAX_CHART_ROWS)
            break;
        labels[n] = cJSON_GetStringValue(cJSON_GetObjectItem(r, ch->label));
        for (j = 0; j < 4 && ch->fields[j]; j++)
            vals[j][n] = cJSON_GetNumberValue(
                cJSON_GetObjectItem(r, ch->fields[j]));
        n++;
    }
    for (ns = 0; ns < 4 && ch->fields[ns]; ns++) {
        s[ns].name = ch->names[ns];
        s[ns].values = vals[ns];
    }
    if (ch->lines)
        vigil_chart_lines(b, ch->title, labels, n, s, ns, 0, 0);
    else
        vigil_chart_bars(b, ch->title, labels, n, s, ns, ch->stacked, 0, 0);
}

static void html_cell(struct vigil_buf *b, const cJSON *o,
                      const struct vigil__report_col *c, struct vigil_buf *t)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, c->field);

    field_text(t, o, c, 1);
    cut_cell(t);
    vigil_buf_adds(b, cJSON_IsNumber(v) ? "<td class=\"n\">" : "<td>");
    vigil_buf_add_html(b, t->ptr ? t->ptr : "");
    vigil_buf_adds(b, "</td>");
}

static void html_table(struct vigil_buf *b, const struct
                       vigil__report_section *sec, const cJSON *rows,
                       struct vigil_buf *t)
{
    const struct vigil__report_col *c;
    const cJSON *r;

    vigil_buf_adds(b, "<table><thead><tr>");
    for (c = sec->cols; c->field; c++) {
        vigil_buf_adds(b, "<th>");
        vigil_buf_add_html(b, c->header);
        vigil_buf_adds(b, "</th>");
    }
    vigil_buf_adds(b, "</tr></thead><tbody>\n");
    cJSON_ArrayForEach(r, rows) {
        vigil_buf_adds(b, "<tr>");
        for (c = sec->cols; c->field; c++)
            html_cell(b, r, c, t);
        vigil_buf_adds(b, "</tr>\n");
    }
    vigil_buf_adds(b, "</tbody></table>\n");
}

static void html_section(struct vigil_buf *out,
                         const struct vigil__report_section *sec,
                         const cJSON *v, struct vigil_buf *t)
{
    const struct vigil__report_col *c;
    const cJSON *r;

    vigil_buf_adds(out, "<section><h2>");
    vigil_buf_add_html(out, sec->title);
    vigil_buf_adds(out, "</h2>\n");
    if (sec->type == VIGIL__SECT_SUMMARY) {
        vigil_buf_adds(out, "<table><tbody>\n");
        for (c = sec->cols; c->field; c++) {
            vigil_buf_adds(out, "<tr><th>");
            vigil_buf_add_html(out, c->header);
            vigil_buf_adds(out, "</th>");
            html_cell(out, v, c, t);
            vigil_buf_adds(out, "</tr>\n");
        }
        vigil_buf_adds(out, "</tbody></table>\n");
    } else if (cJSON_GetArraySize(v) == 0) {
        vigil_buf_adds(out, "<p>");
        vigil_buf_add_html(out, sec->empty ? sec->empty : "No data.");
        vigil_buf_adds(out, "</p>\n");
    } else if (sec->type == VIGIL__SECT_LIST) {
        vigil_buf_adds(out, "<ul>\n");
        cJSON_ArrayForEach(r, v) {
            vigil_buf_adds(out, "<li>");
            vigil_buf_add_html(out, cJSON_GetStringValue(
                                        cJSON_GetObjectItem(r, "text")));
            vigil_buf_adds(out, "</li>\n");
        }
        vigil_buf_adds(out, "</ul>\n");
    } else {
        if (sec->chart)
            html_chart(out, sec->chart, v);
        html_table(out, sec, v, t);
    }
    vigil_buf_adds(out, "</section>\n");
}

int vigil__report_html(const cJSON *doc, enum vigil_report_kind k,
                       struct vigil_buf *out)
{
    struct vigil_buf t = VIGIL_BUF_INIT;
    const struct vigil__report_section *sec;
    size_t n, i;

    sec = vigil__report_layout(k, &n);
    vigil_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
                        "<meta charset=\"utf-8\">"
                        "<meta http-equiv=\"Content-Security-Policy\" "
                        "content=\"default-src 'none'; style-src "
                        "'unsafe-inline'\"><title>");
    vigil_buf_add_html(out, vigil__report_title(k));
    vigil_buf_adds(out, " ");
    vigil_buf_add_html(out, cJSON_GetStringValue(cJSON_GetObjectItem(doc,
                                                                 "period")));
    vigil_buf_addf(out, "</title><style>%s</style></head><body>\n<h1>",
                   style);
    vigil_buf_add_html(out, vigil__report_title(k));
    vigil_buf_adds(out, "</h1>\n<p class=\"d\">");
    sentence(&t, doc, k);
    vigil_buf_add_html(out, t.ptr);
    vigil_buf_adds(out, "</p>\n");
    for (i = 0; i < n; i++)
        html_section(out, &sec[i], cJSON_GetObjectItem(doc, sec[i].key), &t);
    vigil_buf_adds(out, "</body></html>\n");
    vigil_buf_release(&t);
    return out->ptr ? 0 : VIGIL_ENOMEM;
}

/* ---- CSV (RFC 4180) ---- */

/*
 * A text cell that a spreadsheet would run as a formula (it starts
 * with = + - @, a tab or a carriage return) gets a leading apostrophe.
 * Numbers are written as numbers, so a negative delta stays -3.
 */
static void csv_text(struct vigil_buf *b, const char *s)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL || strchr("=+-@\t\r", *s);

    if (quote)
        vigil_buf_addc(b, '"');
    if (*s && strchr("=+-@\t\r", *s))
        vigil_buf_addc(b, '\'');
    for (; *s; s++) {
        if (*s == '"')
            vigil_buf_addc(b, '"');
        vigil_buf_addc(b, *s);
    }
    if (quote)
        vigil_buf_addc(b, '"');
}

static void csv_value(struct vigil_buf *b, const cJSON *v,
                      struct vigil_buf *t)
{
    vigil_buf_reset(t);
    vigil__report_value(t, v, 0);
    if (cJSON_IsString(v))
        csv_text(b, t->ptr ? t->ptr : "");
    else
        vigil_buf_adds(b, t->ptr ? t->ptr : "");
}

/* A column with deltas spreads over three: value, previous, change. */
static void csv_cells(struct vigil_buf *b, const cJSON *o,
                      const struct vigil__report_col *c, struct vigil_buf *t)
{
    static const char *const sfx[] = { "_prev", "_delta" };
    char name[64];
    size_t i;

    csv_value(b, cJSON_GetObjectItemCaseSensitive(o, c->field), t);
    for (i = 0; c->delta && i < VIGIL_ARRAY_SIZE(sfx); i++) {
        snprintf(name, sizeof(name), "%s%s", c->field, sfx[i]);
        vigil_buf_addc(b, ',');
        csv_value(b, cJSON_GetObjectItemCaseSensitive(o, name), t);
    }
}

static void csv_section(struct vigil_buf *b, const struct
                        vigil__report_section *sec, const cJSON *v,
                        struct vigil_buf *t)
{
    const struct vigil__report_col *c;
    const cJSON *r;

    csv_text(b, sec->key);
    vigil_buf_adds(b, "\r\n");
    if (sec->type == VIGIL__SECT_SUMMARY) {
        vigil_buf_adds(b, "figure,label,value,previous,change\r\n");
        for (c = sec->cols; c->field; c++) {
            csv_text(b, c->field);
            vigil_buf_addc(b, ',');
            csv_text(b, c->header);
            vigil_buf_addc(b, ',');
            csv_cells(b, v, c, t);
            vigil_buf_adds(b, c->delta ? "\r\n" : ",,\r\n");
        }
        return;
    }
    if (sec->type == VIGIL__SECT_LIST) {
        vigil_buf_adds(b, "rule,text\r\n");
        cJSON_ArrayForEach(r, v) {
            csv_value(b, cJSON_GetObjectItem(r, "rule"), t);
            vigil_buf_addc(b, ',');
            csv_value(b, cJSON_GetObjectItem(r, "text"), t);
            vigil_buf_adds(b, "\r\n");
        }
        return;
    }
    for (c = sec->cols; c->field; c++) {
        vigil_buf_addf(b, "%s%s", c == sec->cols ? "" : ",", c->field);
        if (c->delta)
            vigil_buf_addf(b, ",%s_prev,%s_delta", c->field, c->field);
    }
    vigil_buf_adds(b, "\r\n");
    cJSON_ArrayForEach(r, v) {
        for (c = sec->cols; c->field; c++) {
            if (c != sec->cols)
                vigil_buf_addc(b, ',');
            csv_cells(b, r, c, t);
        }
        vigil_buf_adds(b, "\r\n");
    }
}

int vigil__report_csv(const cJSON *doc, enum vigil_report_kind k,
                      struct vigil_buf *out)
{
    struct vigil_buf t = VIGIL_BUF_INIT;
    const struct vigil__report_section *sec;
    size_t n, i;

    sec = vigil__report_layout(k, &n);
    for (i = 0; i < n; i++) {
        if (i)
            vigil_buf_adds(out, "\r\n");
        csv_section(out, &sec[i], cJSON_GetObjectItem(doc, sec[i].key), &t);
    }
    vigil_buf_release(&t);
    return out->ptr ? 0 : VIGIL_ENOMEM;
}
