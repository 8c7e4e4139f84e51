/*
 * chart.c - bar and line charts as inline SVG for the reports and the
 * dashboard.  Output depends only on the arguments (fixed number
 * formats, no clock, no randomness), so it can be compared byte for
 * byte.  There is no script and nothing fetched: every text is escaped
 * and every style is an attribute.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil/report.h"
#include "../internal.h"

#define DEF_W 640
#define DEF_H 240
#define MIN_W 160
#define MIN_H 120
#define MAX_DIM 4000
#define PAD_L 48
#define PAD_R 16
#define PAD_T 28
#define PAD_B 36
#define LEGEND_H 18
#define TICKS 4

static const char *const palette[] = { "#1f6feb", "#d73a49", "#2da44e",
                                       "#bf8700", "#8250df", "#57606a" };

struct frame {
    int w, h;             /* whole picture */
    int x0, y0, x1, y1;   /* plot area: x0,y1 is the origin */
    double top;           /* value at y0 */
    double step;          /* between ticks */
};

/* Negative, NaN and infinite values are drawn as 0. */
static double clean(double v)
{
    return isfinite(v) && v > 0 ? v : 0;
}

static double value_at(const struct vigil_chart_series *s, size_t i)
{
    return s->values ? clean(s->values[i]) : 0;
}

/* A tick step of 1, 2, 2.5 or 5 times a power of ten: the smallest
 * whose TICKS steps reach max. */
static double nice_step(double max)
{
    double raw = max / TICKS, mag = 1;

    if (raw <= 0)
        return 1;
    while (mag * 10 <= raw)
        mag *= 10;
    while (mag > raw)
        mag /= 10;
    if (raw <= mag)
        return mag;
    if (raw <= 2 * mag)
        return 2 * mag;
    if (raw <= 2.5 * mag)
        return 2.5 * mag;
    if (raw <= 5 * mag)
        return 5 * mag;
    return 10 * mag;
}

static void set_frame(struct frame *f, int width, int height, size_t nseries,
                      double max)
{
    f->w = width <= 0 ? DEF_W : width;
    f->h = height <= 0 ? DEF_H : height;
    f->w = f->w < MIN_W ? MIN_W : f->w > MAX_DIM ? MAX_DIM : f->w;
    f->h = f->h < MIN_H ? MIN_H : f->h > MAX_DIM ? MAX_DIM : f->h;
    f->x0 = PAD_L;
    f->x1 = f->w - PAD_R;
    f->y0 = PAD_T + (nseries > 1 ? LEGEND_H : 0);
    f->y1 = f->h - PAD_B;
    f->step = nice_step(max);
    f->top = f->step * TICKS;
}

static double y_of(const struct frame *f, double v)
{
    return f->y1 - (f->y1 - f->y0) * (v / f->top);
}

/* Numbers as short text: integers plainly, others with one decimal. */
static void add_num(struct vigil_buf *b, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        vigil_buf_addf(b, "%.0f", v);
    else
        vigil_buf_addf(b, "%.1f", v);
}

static void open_svg(struct vigil_buf *b, const struct frame *f,
                     const char *title)
{
    vigil_buf_addf(b, "<svg class=\"chart\" role=\"img\" width=\"%d\" "
                      "height=\"%d\" viewBox=\"0 0 %d %d\" "
                      "font-family=\"sans-serif\" font-size=\"11\">"
                      "<title>", f->w, f->h, f->w, f->h);
    vigil_buf_add_html(b, title ? title : "");
    vigil_buf_adds(b, "</title>");
    vigil_buf_addf(b, "<text x=\"%d\" y=\"16\" font-size=\"13\" "
                      "font-weight=\"bold\">", PAD_L);
    vigil_buf_add_html(b, title ? title : "");
    vigil_buf_adds(b, "</text>");
}

/* The value axis with its gridlines and tick labels, and the base line. */
static void axes(struct vigil_buf *b, const struct frame *f)
{
    int i;

    for (i = 0; i <= TICKS; i++) {
        double v = f->step * i, y = y_of(f, v);

        vigil_buf_addf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                          "y2=\"%.1f\" stroke=\"%s\"/>",
                       f->x0, y, f->x1, y, i ? "#d0d7de" : "#57606a");
        vigil_buf_addf(b, "<text x=\"%d\" y=\"%.1f\" "
                          "text-anchor=\"end\">", f->x0 - 4, y + 4);
        add_num(b, v);
        vigil_buf_adds(b, "</text>");
    }
    vigil_buf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                      "stroke=\"#57606a\"/>", f->x0, f->y0, f->x0, f->y1);
}

/* Category labels, thinned out so that they do not overlap. */
static void x_labels(struct vigil_buf *b, const struct frame *f,
                     const char *const *labels, size_t n)
{
    double slot = n ? (double)(f->x1 - f->x0) / (double)n : 0, need = 0;
    size_t every = 1, i;

    /* about 6.5 pixels a character at font-size 11, and a gap */
    for (i = 0; i < n; i++) {
        size_t len = labels && labels[i] ? strlen(labels[i]) : 0;
        double w = 6.5 * (double)(len > 40 ? 40 : len) + 8;

        need = w > need ? w : need;
    }
    while (slot * (double)every < need && every < n)
        every++;
    for (i = 0; i < n; i += every) {
        vigil_buf_addf(b, "<text x=\"%.1f\" y=\"%d\" "
                          "text-anchor=\"middle\">",
                       f->x0 + slot * ((double)i + 0.5), f->y1 + 14);
        vigil_buf_add_html(b, labels && labels[i] ? labels[i] : "");
        vigil_buf_adds(b, "</text>");
    }
}

static void legend(struct vigil_buf *b, const struct frame *f,
                   const struct vigil_chart_series *s, size_t n)
{
    int x = f->x0;
    size_t i;

    if (n < 2)
        return;
    for (i = 0; i < n; i++) {
        const char *name = s[i].name ? s[i].name : "";

        vigil_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" "
                          "height=\"10\" fill=\"%s\"/>",
                       x, PAD_T - 6, palette[i % VIGIL_ARRAY_SIZE(palette)]);
        vigil_buf_addf(b, "<text x=\"%d\" y=\"%d\">", x + 14, PAD_T + 3);
        vigil_buf_add_html(b, name);
        vigil_buf_adds(b, "</text>");
        x += 24 + 7 * (int)(strlen(name) > 30 ? 30 : strlen(name));
    }
}

static void no_data(struct vigil_buf *b, const struct frame *f)
{
    vigil_buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                      "fill=\"#57606a\">no data</text>",
                   (f->x0 + f->x1) / 2, (f->y0 + f->y1) / 2);
}

static double max_value(const struct vigil_chart_series *s, size_t ns,
                        size_t nl, int stacked)
{
    double max = 0;
    size_t i, j;

    for (i = 0; i < nl; i++) {
        double sum = 0;

        for (j = 0; j < ns; j++) {
            double v = value_at(&s[j], i);

            sum = stacked ? sum + v : v;
            if (sum > max)
                max = sum;
        }
    }
    return max;
}

/* One bar, with a tooltip naming its label, series and value. */
static void bar(struct vigil_buf *b, double x, double w, double ytop,
                double ybot, size_t colour, const char *label,
                const char *series, double v)
{
    vigil_buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                      "height=\"%.1f\" fill=\"%s\"><title>", x, ytop, w,
                   ybot - ytop, palette[colour % VIGIL_ARRAY_SIZE(palette)]);
    vigil_buf_add_html(b, label ? label : "");
    if (series && *series) {
        vigil_buf_adds(b, ", ");
        vigil_buf_add_html(b, series);
    }
    vigil_buf_adds(b, ": ");
    add_num(b, v);
    vigil_buf_adds(b, "</title></rect>");
}

static int finish(struct vigil_buf *b)
{
    vigil_buf_adds(b, "</svg>");
    return b->ptr ? 0 : VIGIL_ENOMEM;
}

int vigil_chart_bars(struct vigil_buf *out, const char *title,
                     const char *const *labels, size_t nlabels,
                     const struct vigil_chart_series *series,
                     size_t nseries, int stacked, int width, int height)
{
    struct frame f;
    double max, slot, bw;
    size_t i, j;

    if (!series)
        nseries = 0;
    max = max_value(series, nseries, nlabels, stacked);
    set_frame(&f, width, height, nseries, max);
    open_svg(out, &f, title);
    legend(out, &f, series, nseries);
    axes(out, &f);
    if (!nlabels || !nseries) {
        no_data(out, &f);
        return finish(out);
    }
    slot = (double)(f.x1 - f.x0) / (double)nlabels;
    bw = slot * 0.8 / (double)(stacked ? 1 : nseries);
    for (i = 0; i < nlabels; i++) {
        double base = f.y1, x = f.x0 + slot * ((double)i + 0.1);
        const char *label = labels ? labels[i] : "";

        for (j = 0; j < nseries; j++) {
            double v = value_at(&series[j], i), top;

            if (stacked) {
                top = base - (f.y1 - y_of(&f, v));
                bar(out, x, bw, top, base, j, label, series[j].name, v);
                base = top;
            } else {
                bar(out, x + bw * (double)j, bw, y_of(&f, v), f.y1, j,
                    label, series[j].name, v);
            }
        }
    }
    x_labels(out, &f, labels, nlabels);
    return finish(out);
}

int vigil_chart_lines(struct vigil_buf *out, const char *title,
                      const char *const *labels, size_t nlabels,
                      const struct vigil_chart_series *series,
                      size_t nseries, int width, int height)
{
    struct frame f;
    double slot;
    size_t i, j;

    if (!series)
        nseries = 0;
    set_frame(&f, width, height, nseries,
              max_value(series, nseries, nlabels, 0));
    open_svg(out, &f, title);
    legend(out, &f, series, nseries);
    axes(out, &f);
    if (!nlabels || !nseries) {
        no_data(out, &f);
        return finish(out);
    }
    slot = (double)(f.x1 - f.x0) / (double)nlabels;
    for (j = 0; j < nseries; j++) {
        const char *colour = palette[j % VIGIL_ARRAY_SIZE(palette)];

        vigil_buf_addf(out, "<polyline fill=\"none\" stroke=\"%s\" "
                            "stroke-width=\"2\" points=\"", colour);
        for (i = 0; i < nlabels; i++)
            vigil_buf_addf(out, "%s%.1f,%.1f", i ? " " : "",
                           f.x0 + slot * ((double)i + 0.5),
                           y_of(&f, value_at(&series[j], i)));
        vigil_buf_adds(out, "\"/>");
        for (i = 0; i < nlabels; i++) {
            vigil_buf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
                                "fill=\"%s\"><title>",
                           f.x0 + slot * ((double)i + 0.5),
                           y_of(&f, value_at(&series[j], i)), colour);
            vigil_buf_add_html(out, labels && labels[i] ? labels[i] : "");
            if (series[j].name && *series[j].name) {
                vigil_buf_adds(out, ", ");
                vigil_buf_add_html(out, series[j].name);
            }
            vigil_buf_adds(out, ": ");
            add_num(out, value_at(&series[j], i));
            vigil_buf_adds(out, "</title></circle>");
        }
    }
    x_labels(out, &f, labels, nlabels);
    return finish(out);
}
