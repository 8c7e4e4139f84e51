/*
 * report.h - reports rendered from the store.
 */
#ifndef VIGIL_REPORT_H
#define VIGIL_REPORT_H

#include <time.h>

#include "vigil/store.h"

enum vigil_report_format {
    VIGIL_REPORT_MARKDOWN,
    VIGIL_REPORT_JSON
};

/*
 * The weekly summary of the 7 days that end at `end` (exclusive):
 * new security updates by priority, open KEV items, overdue items, the
 * most affected systems and totals.  Appends to out.
 */
int vigil_report_weekly(struct vigil_store *s, time_t end,
                        enum vigil_report_format fmt, struct vigil_buf *out,
                        struct vigil_error *err);

#endif
