/*
 * report_int.h - what the report files share: the layout of each kind
 * (sections, columns, charts) that every renderer walks, and date
 * arithmetic on "YYYY-MM-DD".
 */
#ifndef VIGIL_REPORT_INT_H
#define VIGIL_REPORT_INT_H

#include <cJSON.h>

#include "vigil/report.h"

/* A column of a table, or a line of a summary.  With delta set, the
 * document also holds FIELD_prev and FIELD_delta. */
struct vigil__report_col {
    const char *field;
    const char *header;
    int delta;
};

/* A chart drawn (in HTML) from the rows of its section. */
struct vigil__report_chart {
    int lines;                 /* 0: bars */
    int stacked;
    const char *title;
    const char *label;         /* field naming each row */
    const char *fields[4];     /* one series each, NULL-ended */
    const char *names[4];
};

enum vigil__report_sect {
    VIGIL__SECT_SUMMARY,       /* an object: one line per column */
    VIGIL__SECT_TABLE,         /* an array of objects */
    VIGIL__SECT_LIST           /* an array of objects with "text" */
};

struct vigil__report_section {
    const char *key;           /* member of the document */
    const char *title;
    enum vigil__report_sect type;
    const struct vigil__report_col *cols;   /* ended by a NULL field */
    const char *empty;         /* said when there is no row */
    const struct vigil__report_chart *chart;
};

/* The sections of kind k, in order; their count in *n. */
const struct vigil__report_section *
vigil__report_layout(enum vigil_report_kind k, size_t *n);

/* The report's heading, such as "Monthly security metrics". */
const char *vigil__report_title(enum vigil_report_kind k);

/* Lays out doc (the figures, see docs/REPORTS.md) in one format. */
int vigil__report_md(const cJSON *doc, enum vigil_report_kind k,
                     struct vigil_buf *out);
int vigil__report_html(const cJSON *doc, enum vigil_report_kind k,
                       struct vigil_buf *out);
int vigil__report_csv(const cJSON *doc, enum vigil_report_kind k,
                      struct vigil_buf *out);

/* Adds the "recommendations" array to a quarterly document. */
int vigil__report_recommend(cJSON *doc);

/*
 * A cell's text: strings as they are, numbers without a needless
 * decimal, deltas with a sign, null and missing as "".
 */
void vigil__report_value(struct vigil_buf *b, const cJSON *v, int sign);

/* Days since 1970-01-01 of a strict "YYYY-MM-DD"; VIGIL_EINVAL. */
int vigil__report_days(const char *date, long long *days);
void vigil__report_date(long long days, char out[11]);

#endif
