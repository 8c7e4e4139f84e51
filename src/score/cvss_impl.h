/*
 * cvss_impl.h - shared between the CVSS scorers in src/score/: the
 * metric tables each version declares and the tokenizer that checks a
 * vector's metrics against them.  Not part of the public API.
 */
#ifndef VIGIL_CVSS_IMPL_H
#define VIGIL_CVSS_IMPL_H

#include <stddef.h>

#include "vigil/cvss.h"

#define CVSS_MAX_VALUES 7
#define CVSS_MAX_METRICS 32

/* Metric groups; every base metric is mandatory, the others optional. */
enum cvss_group {
    CVSS_BASE,
    CVSS_TEMPORAL,      /* 4.0: threat */
    CVSS_ENVIRONMENTAL,
    CVSS_SUPPLEMENTAL
};

struct cvss_metric {
    const char *name;
    enum cvss_group group;
    /* Allowed values, NULL-terminated; a scorer reads the index. */
    const char *values[CVSS_MAX_VALUES + 1];
};

struct cvss_spec {
    const char *label;                  /* "3.1", for messages */
    const struct cvss_metric *metrics;
    size_t nmetrics;                    /* at most CVSS_MAX_METRICS */
    int ordered;                        /* table order is mandatory */
};

/*
 * The part of a vector after its prefix, and where it sits in the
 * caller's string, so that errors can quote the whole vector and give
 * byte offsets into it.
 */
struct cvss_input {
    const char *whole;      /* the vector as given, for messages */
    const char *metrics;    /* "AV:N/AC:L/..." */
    size_t len;             /* bytes of metrics to read */
    size_t offset;          /* offset of metrics inside whole */
};

/*
 * Checks in's metrics against spec: each is known, has an allowed
 * value, appears once, is in order when spec->ordered, and every base
 * metric is present.  Sets idx[i] to the value index of
 * spec->metrics[i], or -1 when absent.  Returns 0 or VIGIL_EPARSE.
 */
int vigil__cvss_tokenize(const struct cvss_spec *spec,
                         const struct cvss_input *in, int *idx,
                         struct vigil_error *err);

/* Sets out->severity and out->score for a 2.0 or 3.x result. */
void vigil__cvss_finish_legacy(struct vigil_cvss *out);

int vigil__cvss2_score(const struct cvss_input *in, struct vigil_cvss *out,
                       struct vigil_error *err);
int vigil__cvss3_score(int version, const struct cvss_input *in,
                       struct vigil_cvss *out, struct vigil_error *err);
int vigil__cvss4_score(const struct cvss_input *in, struct vigil_cvss *out,
                       struct vigil_error *err);

#endif
