/*
 * clock.c - the one source of "now", and ISO 8601 time handling.
 *
 * Every SLA, report and expiry computation asks vigil_now(), so a test
 * can fix time with vigil_clock_set() or the VIGIL_NOW variable.  The
 * library cannot report a VIGIL_NOW it cannot read, so vigil_now() then
 * keeps the real clock and programs call vigil_clock_check_env() first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../internal.h"

static time_t fixed_now;
static int fixed_set;
static int env_checked;

void vigil_clock_set(time_t t)
{
    fixed_now = t;
    fixed_set = t != 0;
    env_checked = 1;
}

time_t vigil_now(void)
{
    if (!env_checked) {
        const char *s = getenv("VIGIL_NOW");
        time_t t;

        env_checked = 1;
        if (s && *s && vigil_time_parse(s, &t) == 0) {
            fixed_now = t;
            fixed_set = 1;
        }
    }
    return fixed_set ? fixed_now : time(NULL);
}

int vigil_clock_check_env(struct vigil_error *err)
{
    const char *s = getenv("VIGIL_NOW");
    time_t t;

    if (!s || !*s || vigil_time_parse(s, &t) == 0)
        return 0;
    return vigil_error_set(err, VIGIL_EINVAL, 0,
                           "VIGIL_NOW '%.64s' is not a date (YYYY-MM-DD or "
                           "YYYY-MM-DDTHH:MM:SSZ)", s);
}

static int read_digits(const char **p, int n, int *out)
{
    int v = 0;

    while (n--) {
        if (!vigil__isdigit((unsigned char)**p))
            return -1;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    *out = v;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (no timegm). */
long long vigil_days_from_civil(long long y, int m, int d)
{
    long long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : days[m - 1];
}

static int parse_offset(const char *p, long *off)
{
    int sign, hh, mm = 0;

    if (*p == 'Z' || *p == 'z') {
        *off = 0;
        return p[1] == '\0' ? 0 : -1;
    }
    if (*p != '+' && *p != '-')
        return -1;
    sign = *p++ == '-' ? -1 : 1;
    if (read_digits(&p, 2, &hh))
        return -1;
    if (*p == ':')
        p++;
    if (*p && read_digits(&p, 2, &mm))
        return -1;
    if (*p || hh > 23 || mm > 59)
        return -1;
    *off = sign * (hh * 3600L + mm * 60L);
    return 0;
}

int vigil_time_parse(const char *s, time_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    long off = 0;
    const char *p = s;

    if (!s || read_digits(&p, 4, &y) || *p++ != '-' ||
        read_digits(&p, 2, &mo) || *p++ != '-' || read_digits(&p, 2, &d))
        return VIGIL_EINVAL;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return VIGIL_EINVAL;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (read_digits(&p, 2, &h) || *p++ != ':' || read_digits(&p, 2, &mi))
            return VIGIL_EINVAL;
        if (*p == ':') {
            p++;
            if (read_digits(&p, 2, &sec))
                return VIGIL_EINVAL;
        }
        if (*p == '.' || *p == ',') {
            p++;
            while (vigil__isdigit((unsigned char)*p))
                p++;
        }
        if (h > 23 || mi > 59 || sec > 60)
            return VIGIL_EINVAL;
        if (*p && parse_offset(p, &off))
            return VIGIL_EINVAL;
    } else if (*p) {
        return VIGIL_EINVAL;
    }
    *out = (time_t)(vigil_days_from_civil(y, mo, d) * 86400LL + h * 3600LL +
                    mi * 60LL + sec - off);
    return 0;
}

void vigil_time_format(time_t t, char *out, size_t outlen)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void vigil_date_format(time_t t, char *out, size_t outlen)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, outlen, "%Y-%m-%d", &tm);
}
