/*
 * common.h - error codes, error details, logging and the clock shared by
 * every vigil module.
 *
 * Library calls return 0 on success or a negative VIGIL_E* code; out
 * parameters are written only on success.  Parsers also fill an optional
 * struct vigil_error with the position of the problem.
 */
#ifndef VIGIL_COMMON_H
#define VIGIL_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define VIGIL_VERSION "0.1.0"

enum vigil_rc {
    VIGIL_OK = 0,
    VIGIL_ENOMEM = -1,       /* allocation failed */
    VIGIL_EINVAL = -2,       /* bad argument or invalid value */
    VIGIL_EPARSE = -3,       /* malformed input document */
    VIGIL_EIO = -4,          /* read or write failed */
    VIGIL_ENOTFOUND = -5,    /* no such object */
    VIGIL_EDB = -6,          /* the store failed */
    VIGIL_EFORMAT = -7,      /* input is not a known format */
    VIGIL_ERANGE = -8,       /* number or size out of range */
    VIGIL_EEXIST = -9,       /* object exists already */
    VIGIL_ESTATE = -10,      /* not allowed in the current state */
    VIGIL_ENET = -11,        /* network transfer failed */
    VIGIL_EUNSUPPORTED = -12, /* valid input that vigil does not handle */
    VIGIL_ELIMIT = -13,      /* a configured limit was reached */
    VIGIL_EBUSY = -14        /* the store is locked by another process */
};

/* Returns a static, lowercase description of a VIGIL_E* code. */
const char *vigil_strerror(int rc);

/*
 * Where and why a parse failed.  msg holds the whole one-line message
 * without file name; offset is a byte offset into the input, line and
 * column are 1-based and 0 when unknown.  record names the record
 * inside a batch (an id or an index) when known.
 */
struct vigil_error {
    int code;
    size_t offset;
    long line;
    long column;
    char record[128];
    char msg[512];
};

/* Clears *err; accepts NULL. */
void vigil_error_clear(struct vigil_error *err);

/*
 * Records code and a printf-style message in *err (which may be NULL)
 * and returns code, so that "return vigil_error_set(...)" reads well.
 */
int vigil_error_set(struct vigil_error *err, int code, size_t offset,
                    const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Logging: the library never prints; it calls the installed function. */
enum vigil_log_level {
    VIGIL_LOG_ERROR,
    VIGIL_LOG_WARN,
    VIGIL_LOG_INFO,
    VIGIL_LOG_DEBUG
};

typedef void (*vigil_log_fn)(void *ctx, enum vigil_log_level level,
                             const char *msg);

/* Installs fn (NULL silences the library).  Not thread-safe. */
void vigil_set_log_fn(vigil_log_fn fn, void *ctx);

void vigil_log(enum vigil_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The one clock.  vigil_now() is the current time, or the time set with
 * vigil_clock_set() (tests), or the VIGIL_NOW environment variable read
 * once at first use ("2026-01-31T12:00:00Z" or "2026-01-31").
 */
time_t vigil_now(void);
void vigil_clock_set(time_t t);

/*
 * Checks VIGIL_NOW: 0 when it is unset, empty or a date that
 * vigil_time_parse() reads; else VIGIL_EINVAL, with a message naming
 * the value in err.  vigil_now() ignores a value it cannot read, so a
 * program calls this at start to refuse a mistyped one.
 */
int vigil_clock_check_env(struct vigil_error *err);

/*
 * Parses an ISO 8601 date or date-time ("2021-12-10",
 * "2021-12-10T10:15:09", "2021-12-10T10:15:09.123Z", "+02:00" offsets)
 * into UTC seconds.  Returns 0 or VIGIL_EINVAL.
 */
int vigil_time_parse(const char *s, time_t *out);

/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void vigil_time_format(time_t t, char *out, size_t outlen);

/* Formats t as "YYYY-MM-DD" into out (at least 11 bytes). */
void vigil_date_format(time_t t, char *out, size_t outlen);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12);
 * negative before 1970. */
long long vigil_days_from_civil(long long y, int m, int d);

#define VIGIL_BUG(msg) vigil__bug(__FILE__, __LINE__, (msg))
void vigil__bug(const char *file, int line, const char *msg)
    __attribute__((noreturn));

#endif
