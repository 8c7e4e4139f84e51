/*
 * cvss2.c - CVSS version 2.0: base, temporal and environmental scores
 * as the FIRST "Complete Guide to the CVSS Version 2" defines them
 * (section 3.2 equations, section 2.4 vector).  Weights below are the
 * guide's; the metrics must come in the guide's order.
 */
#include <math.h>
#include <stddef.h>

#include "vigil/cvss.h"
#include "cvss_impl.h"
#include "../internal.h"

enum {
    V2_AV, V2_AC, V2_AU, V2_C, V2_I, V2_A,
    V2_E, V2_RL, V2_RC,
    V2_CDP, V2_TD, V2_CR, V2_IR, V2_AR,
    V2_COUNT
};

/* In each optional metric the last value is ND, "not defined". */
static const struct cvss_metric metrics[V2_COUNT] = {
    { "AV", CVSS_BASE, { "L", "A", "N", NULL } },
    { "AC", CVSS_BASE, { "H", "M", "L", NULL } },
    { "Au", CVSS_BASE, { "M", "S", "N", NULL } },
    { "C", CVSS_BASE, { "N", "P", "C", NULL } },
    { "I", CVSS_BASE, { "N", "P", "C", NULL } },
    { "A", CVSS_BASE, { "N", "P", "C", NULL } },
    { "E", CVSS_TEMPORAL, { "U", "POC", "F", "H", "ND", NULL } },
    { "RL", CVSS_TEMPORAL, { "OF", "TF", "W", "U", "ND", NULL } },
    { "RC", CVSS_TEMPORAL, { "UC", "UR", "C", "ND", NULL } },
    { "CDP", CVSS_ENVIRONMENTAL, { "N", "L", "LM", "MH", "H", "ND", NULL } },
    { "TD", CVSS_ENVIRONMENTAL, { "N", "L", "M", "H", "ND", NULL } },
    { "CR", CVSS_ENVIRONMENTAL, { "L", "M", "H", "ND", NULL } },
    { "IR", CVSS_ENVIRONMENTAL, { "L", "M", "H", "ND", NULL } },
    { "AR", CVSS_ENVIRONMENTAL, { "L", "M", "H", "ND", NULL } },
};

static const struct cvss_spec spec = { "2.0", metrics, V2_COUNT, 1 };

/* Weights, indexed like the values above. */
static const double w_av[] = { 0.395, 0.646, 1.0 };
static const double w_ac[] = { 0.35, 0.61, 0.71 };
static const double w_au[] = { 0.45, 0.56, 0.704 };
static const double w_cia[] = { 0.0, 0.275, 0.660 };
static const double w_e[] = { 0.85, 0.9, 0.95, 1.0, 1.0 };
static const double w_rl[] = { 0.87, 0.90, 0.95, 1.0, 1.0 };
static const double w_rc[] = { 0.90, 0.95, 1.0, 1.0 };
static const double w_cdp[] = { 0.0, 0.1, 0.3, 0.4, 0.5, 0.0 };
static const double w_td[] = { 0.0, 0.25, 0.75, 1.0, 1.0 };
static const double w_req[] = { 0.5, 1.0, 1.51, 1.0 };

/*
 * The guide's round_to_1_decimal, half up.  The guide computes in
 * decimal; in binary a tie such as 4.45 may come out as 4.4499999, so
 * values within 1e-9 of a tie count as the tie.
 */
static double round1(double x)
{
    double r = x * 10.0, n = floor(r);

    if (r - n >= 0.5 - 1e-9)
        n += 1.0;
    return n / 10.0 + 0.0;
}

/* The value index of metric m, with an absent optional metric as ND. */
static int value(const int *idx, int m)
{
    int n = 0;

    if (idx[m] >= 0)
        return idx[m];
    while (metrics[m].values[n + 1])
        n++;
    return n;
}

/* Whether any of metrics from..to is given with a value other than ND. */
static int defined(const int *idx, int from, int to)
{
    int m;

    for (m = from; m <= to; m++)
        if (idx[m] >= 0 && metrics[m].values[idx[m] + 1] != NULL)
            return 1;
    return 0;
}

static double base_equation(double impact, double exploitability)
{
    double f = impact == 0.0 ? 0.0 : 1.176;

    return round1(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f);
}

int vigil__cvss2_score(const struct cvss_input *in, struct vigil_cvss *out,
                       struct vigil_error *err)
{
    int idx[V2_COUNT];
    double c, i, a, expl, impact, adj_impact, temporal_factor, adj_temp;
    int rc = vigil__cvss_tokenize(&spec, in, idx, err);

    if (rc)
        return rc;

    c = w_cia[idx[V2_C]];
    i = w_cia[idx[V2_I]];
    a = w_cia[idx[V2_A]];
    expl = 20.0 * w_av[idx[V2_AV]] * w_ac[idx[V2_AC]] * w_au[idx[V2_AU]];
    impact = 10.41 * (1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a));
    out->base = base_equation(impact, expl);

    temporal_factor = w_e[value(idx, V2_E)] * w_rl[value(idx, V2_RL)]
                      * w_rc[value(idx, V2_RC)];
    out->temporal = round1(out->base * temporal_factor);

    /* Environmental: the base equation again with impacts weighted by
     * the security requirements, then damage potential and spread. */
    adj_impact = 10.41 * (1.0 - (1.0 - c * w_req[value(idx, V2_CR)])
                                    * (1.0 - i * w_req[value(idx, V2_IR)])
                                    * (1.0 - a * w_req[value(idx, V2_AR)]));
    if (adj_impact > 10.0)
        adj_impact = 10.0;
    adj_temp = round1(base_equation(adj_impact, expl) * temporal_factor);
    out->environmental =
        round1((adj_temp + (10.0 - adj_temp) * w_cdp[value(idx, V2_CDP)])
               * w_td[value(idx, V2_TD)]);

    out->has_temporal = defined(idx, V2_E, V2_RC);
    out->has_environmental = defined(idx, V2_CDP, V2_AR);
    vigil__cvss_finish_legacy(out);
    return 0;
}
