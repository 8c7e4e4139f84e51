/*
 * fuzz_finding.h - what the finding fuzz targets share: a sink that
 * reads every field of every finding (so that ASan sees bad pointers)
 * and aborts when a finding breaks a documented invariant.
 */
#ifndef VIGIL_FUZZ_FINDING_H
#define VIGIL_FUZZ_FINDING_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/finding.h"

static inline size_t fuzz_flen(const char *s)
{
    return s ? strlen(s) : 0;
}

static inline size_t fuzz_finding_text(const struct vigil_finding *f)
{
    return fuzz_flen(f->format) + fuzz_flen(f->tool) +
           fuzz_flen(f->product_arn) + fuzz_flen(f->title) +
           fuzz_flen(f->description) + fuzz_flen(f->rule_id) +
           fuzz_flen(f->severity_label) + fuzz_flen(f->level) +
           fuzz_flen(f->status) + fuzz_flen(f->suppression_kind) +
           fuzz_flen(f->compliance) + fuzz_flen(f->record_state) +
           fuzz_flen(f->kind) + fuzz_flen(f->created) +
           fuzz_flen(f->updated) + fuzz_flen(f->first_seen) +
           fuzz_flen(f->last_seen) + fuzz_flen(f->location);
}

static inline int fuzz_on_finding(void *ctx, const struct vigil_finding *f)
{
    size_t i, n = fuzz_finding_text(f);

    for (i = 0; i < f->ncves; i++)
        if (strncmp(f->cves[i], "CVE-", 4) != 0)
            abort();
    for (i = 0; i < f->nresources; i++)
        n += fuzz_flen(f->resources[i].type) + fuzz_flen(f->resources[i].id) +
             fuzz_flen(f->resources[i].region) +
             fuzz_flen(f->resources[i].partition);
    if (!f->id || !f->id[0] || !f->raw || strlen(f->raw) != f->raw_len ||
        f->ncves > 512 ||
        (f->has_severity && f->severity != f->severity) ||
        (f->has_severity && strcmp(f->format, "sarif") == 0 &&
         !(f->severity >= 0 && f->severity <= 10)))
        abort();
    *(size_t *)ctx += n;
    return 0;
}

static inline void fuzz_on_finding_error(void *ctx,
                                         const struct vigil_error *err)
{
    if (!err->msg[0] || strchr(err->msg, '\n'))
        abort();
    *(size_t *)ctx += fuzz_flen(err->msg) + fuzz_flen(err->record);
}

static inline int fuzz_finding_run(enum vigil_format fmt, const uint8_t *data,
                                   size_t size)
{
    size_t total = 0;
    struct vigil_finding_sink sink = {
        fuzz_on_finding, fuzz_on_finding_error, &total
    };
    struct vigil_error err;
    int rc;

    rc = vigil_finding_parse(fmt, (const char *)data, size, "fuzz", &sink,
                             &err);
    if (rc && (!err.msg[0] || strchr(err.msg, '\n')))
        abort();
    return 0;
}

#endif
