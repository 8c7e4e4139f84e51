/*
 * report.h - reports rendered from the store, and the SVG charts they
 * and the dashboard draw.
 *
 * A report covers the days from `from` (inclusive) to `to` (exclusive),
 * both "YYYY-MM-DD" in UTC.  The store gathers the figures as one JSON
 * document; the renderers only lay them out, so every format shows the
 * same numbers.
 */
#ifndef VIGIL_REPORT_H
#define VIGIL_REPORT_H

#include <stddef.h>
#include <time.h>

#include "vigil/buf.h"
#include "vigil/store.h"

enum vigil_report_kind {
    VIGIL_REPORT_WEEKLY,       /* summary of one week */
    VIGIL_REPORT_MONTHLY,      /* metrics of one month */
    VIGIL_REPORT_QUARTERLY     /* posture review of one quarter */
};

enum vigil_report_format {
    VIGIL_REPORT_MARKDOWN,
    VIGIL_REPORT_JSON,
    VIGIL_REPORT_HTML,         /* one self-contained page, inline SVG */
    VIGIL_REPORT_CSV           /* one table per section, blank-line apart */
};

/* Names: "weekly", "monthly", "quarterly"; "markdown" (or "md"),
 * "json", "html", "csv".  -1 when unknown. */
int vigil_report_kind_parse(const char *name);
int vigil_report_format_parse(const char *name);
const char *vigil_report_kind_name(enum vigil_report_kind k);

/*
 * The last complete period of a kind before time now: the ISO week
 * (Monday to Monday), calendar month or calendar quarter.  from and to
 * get "YYYY-MM-DD"; period gets its label ("2026-W48", "2026-11",
 * "2026-Q4").
 */
int vigil_report_period(enum vigil_report_kind k, time_t now,
                        char from[11], char to[11], char period[16]);

/*
 * The period [f, t) of a report of kind k from what a user gave: from
 * and to ("YYYY-MM-DD", each may be NULL).  Neither: the last complete
 * period before now (vigil_report_period); only from: to is from plus
 * the kind's length (7 days, 1 month, 3 months); only to: from is as
 * long before it.  VIGIL_EINVAL (err says why) for a date that is not
 * a strict "YYYY-MM-DD" of a real day, an end that does not follow the
 * start, a span over ten years, or a start after today.
 */
int vigil_report_resolve(enum vigil_report_kind k, const char *from,
                         const char *to, time_t now, char f[11], char t[11],
                         struct vigil_error *err);

/*
 * Renders a report of kind k over [from, to) into out.  today
 * ("YYYY-MM-DD", NULL: the clock) bounds the day states, overdue and
 * ages are taken at: "as of" is the earlier of to and today.  A period
 * that starts after today is VIGIL_EINVAL.
 */
int vigil_report_render(struct vigil_store *s, enum vigil_report_kind k,
                        const char *from, const char *to, const char *today,
                        enum vigil_report_format fmt, struct vigil_buf *out,
                        struct vigil_error *err);

/* The weekly summary of the 7 days that end at `end` (kept for the
 * callers that predate vigil_report_render). */
int vigil_report_weekly(struct vigil_store *s, time_t end,
                        enum vigil_report_format fmt, struct vigil_buf *out,
                        struct vigil_error *err);

/*
 * Writes b to path atomically: a temporary file in the same folder
 * (mode 0666 less the umask), flushed to disk, then renamed over path.
 * A reader sees the old file or the whole new one, never a part.  A
 * file replaced keeps its permission bits.  When path is a symbolic
 * link, the file it names is replaced and the link kept; a path that
 * is a device, pipe, socket or folder is refused (VIGIL_EINVAL), as
 * replacing it would not write to it.
 */
int vigil_report_write_file(const char *path, const struct vigil_buf *b,
                            struct vigil_error *err);

/* Scheduled reports ([report] in vigil.conf). */
struct vigil_report_schedule {
    const char *folder;        /* where files go; NULL or "": nothing */
    const char *kinds;         /* "weekly, monthly" */
    const char *formats;       /* "html, md"; the first is mailed */
    const char *mail;          /* smtp:// or smtps:// target, or NULL */
};

/*
 * Checks a schedule without running it: every word of kinds and
 * formats is known (NULL means the default, "weekly" and "html"), and
 * mail, when set, is an smtp:// or smtps:// target.  The folder is not
 * looked at (it may be made later).  On success, *mail (when not NULL)
 * gets the parsed target, or NULL without one; the caller frees it with
 * vigil_target_free.  VIGIL_EINVAL with err set otherwise.
 */
struct vigil_target;
int vigil_report_schedule_check(const struct vigil_report_schedule *sch,
                                struct vigil_target **mail,
                                struct vigil_error *err);

/* Called for each file written (path) and each mail sent (path NULL,
 * what = the period). */
typedef void (*vigil_report_done_fn)(void *ctx, const char *kind,
                                     const char *period, const char *path);

/*
 * Writes each complete period of each kind that the store has not
 * recorded as written, in every format, named KIND-PERIOD.EXT in the
 * folder (which must exist), then mails the first format when a target
 * is set, then records it (table report_run, with the absolute path of
 * the first file), so a restart neither repeats nor skips one.  The
 * first run of a kind writes only the last complete period; after a
 * pause, the missed ones come too (at most 13 of a kind).  A failed
 * write or mail leaves the period unrecorded: the next round writes its
 * files again (replacing them atomically) and retries the mail.
 * Files get mode 0666 less the umask.
 */
int vigil_report_run_schedule(struct vigil_store *s,
                              const struct vigil_report_schedule *sch,
                              time_t now, vigil_report_done_fn done,
                              void *ctx, struct vigil_error *err);

/* ---- charts: inline SVG, no script, no external asset ---- */

struct vigil_chart_series {
    const char *name;            /* legend text */
    const double *values;        /* one per label */
};

/*
 * A bar chart (one series) or grouped/stacked bars (several) over
 * labels, or a line chart; title and names are escaped.  width and
 * height are in pixels (0: 640 x 240).  Appends one <svg> element with
 * a <title> and role="img", so screen readers and tests can find it.
 */
int vigil_chart_bars(struct vigil_buf *out, const char *title,
                     const char *const *labels, size_t nlabels,
                     const struct vigil_chart_series *series,
                     size_t nseries, int stacked, int width, int height);
int vigil_chart_lines(struct vigil_buf *out, const char *title,
                      const char *const *labels, size_t nlabels,
                      const struct vigil_chart_series *series,
                      size_t nseries, int width, int height);

#endif
