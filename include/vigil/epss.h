/*
 * epss.h - the daily score files of FIRST's Exploit Prediction Scoring
 * System (EPSS): plain CSV, as published after decompression:
 *
 *   #model_version:v2025.03.14,score_date:2025-12-26T12:55:00Z
 *   cve,epss,percentile
 *   CVE-1999-0001,0.01151,0.7802
 *
 * The comment line is optional (the earliest files lack it); the header
 * line is required and names the columns, of which cve and epss are
 * mandatory, percentile optional and any other is ignored.  Lines may
 * end in LF or CRLF; blank lines are skipped.  Decompression (the files
 * are served gzipped) is the caller's: vigil_buf_read_file() does it.
 */
#ifndef VIGIL_EPSS_H
#define VIGIL_EPSS_H

#include <stddef.h>

#include "vigil/common.h"

/* Longest line accepted; longer lines are an error. */
#define VIGIL_EPSS_LINE_MAX 4096

/*
 * Called once per row.  cve is "CVE-YYYY-NNNN..." (upper case); epss
 * and percentile are in 0..1, percentile NAN when the file has no such
 * column; model_version is the comment line's value ("v2025.03.14")
 * and score_date the date part of its score_date ("2025-12-26"), each
 * NULL when the file does not give it.  The strings are valid during
 * the call only.  Return 0 to go on, or a negative value to stop the
 * parse, which then returns that value.
 */
typedef int (*vigil_epss_fn)(void *ctx, const char *cve, double epss,
                             double percentile, const char *model_version,
                             const char *score_date);

/*
 * Parses the EPSS CSV in buf[0..len), calling fn for each row in file
 * order.  Returns 0 when every row was read; VIGIL_EPARSE at the first
 * malformed line (err->line and err->column are 1-based, err->offset
 * the byte offset, err->record the row's CVE id when known; the message
 * names the column), after which no further row is reported; or the
 * first negative value fn returned.  Rows before an error have been
 * reported.  Reentrant; keeps no state between calls.
 */
int vigil_epss_parse(const char *buf, size_t len, vigil_epss_fn fn,
                     void *ctx, struct vigil_error *err);

#endif
