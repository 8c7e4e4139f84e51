/*
 * error.c - error codes, error details, logging hook and VIGIL_BUG.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

static const struct {
    int code;
    const char *text;
} error_texts[] = {
    { VIGIL_OK, "success" },
    { VIGIL_ENOMEM, "out of memory" },
    { VIGIL_EINVAL, "invalid value" },
    { VIGIL_EPARSE, "malformed input" },
    { VIGIL_EIO, "input/output error" },
    { VIGIL_ENOTFOUND, "not found" },
    { VIGIL_EDB, "database error" },
    { VIGIL_EFORMAT, "unknown format" },
    { VIGIL_ERANGE, "value out of range" },
    { VIGIL_EEXIST, "already exists" },
    { VIGIL_ESTATE, "not allowed in this state" },
    { VIGIL_ENET, "network error" },
    { VIGIL_EUNSUPPORTED, "not supported" },
    { VIGIL_ELIMIT, "limit reached" },
    { VIGIL_EBUSY, "database is busy" },
};

const char *vigil_strerror(int rc)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(error_texts); i++)
        if (error_texts[i].code == rc)
            return error_texts[i].text;
    return "unknown error";
}

void vigil_error_clear(struct vigil_error *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

int vigil_error_set(struct vigil_error *err, int code, size_t offset,
                    const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    err->code = code;
    err->offset = offset;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return code;
}

static vigil_log_fn log_fn;
static void *log_ctx;

void vigil_set_log_fn(vigil_log_fn fn, void *ctx)
{
    log_fn = fn;
    log_ctx = ctx;
}

void vigil_log(enum vigil_log_level level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    if (!log_fn)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    log_fn(log_ctx, level, msg);
}

void vigil__bug(const char *file, int line, const char *msg)
{
    fprintf(stderr, "BUG: %s:%d: %s\n", file, line, msg);
    abort();
}
