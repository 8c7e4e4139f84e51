/*
 * cvss3.c - CVSS versions 3.0 and 3.1: base, temporal and
 * environmental scores as the FIRST specification documents define
 * them (section 7 equations, 7.4 weights).  The two versions differ in
 * Roundup and in the modified impact of a changed scope; metrics may
 * come in any order.
 */
#include <math.h>
#include <stddef.h>

#include "vigil/cvss.h"
#include "cvss_impl.h"
#include "../internal.h"

enum {
    V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A,
    V3_E, V3_RL, V3_RC,
    V3_CR, V3_IR, V3_AR,
    V3_MAV, V3_MAC, V3_MPR, V3_MUI, V3_MS, V3_MC, V3_MI, V3_MA,
    V3_COUNT
};

/*
 * Each modified metric lists X first and then the values of its base
 * metric in the same order, so value index - 1 indexes the base weights.
 */
static const struct cvss_metric metrics[V3_COUNT] = {
    { "AV", CVSS_BASE, { "N", "A", "L", "P", NULL } },
    { "AC", CVSS_BASE, { "L", "H", NULL } },
    { "PR", CVSS_BASE, { "N", "L", "H", NULL } },
    { "UI", CVSS_BASE, { "N", "R", NULL } },
    { "S", CVSS_BASE, { "U", "C", NULL } },
    { "C", CVSS_BASE, { "H", "L", "N", NULL } },
    { "I", CVSS_BASE, { "H", "L", "N", NULL } },
    { "A", CVSS_BASE, { "H", "L", "N", NULL } },
    { "E", CVSS_TEMPORAL, { "X", "U", "P", "F", "H", NULL } },
    { "RL", CVSS_TEMPORAL, { "X", "O", "T", "W", "U", NULL } },
    { "RC", CVSS_TEMPORAL, { "X", "U", "R", "C", NULL } },
    { "CR", CVSS_ENVIRONMENTAL, { "X", "L", "M", "H", NULL } },
    { "IR", CVSS_ENVIRONMENTAL, { "X", "L", "M", "H", NULL } },
    { "AR", CVSS_ENVIRONMENTAL, { "X", "L", "M", "H", NULL } },
    { "MAV", CVSS_ENVIRONMENTAL, { "X", "N", "A", "L", "P", NULL } },
    { "MAC", CVSS_ENVIRONMENTAL, { "X", "L", "H", NULL } },
    { "MPR", CVSS_ENVIRONMENTAL, { "X", "N", "L", "H", NULL } },
    { "MUI", CVSS_ENVIRONMENTAL, { "X", "N", "R", NULL } },
    { "MS", CVSS_ENVIRONMENTAL, { "X", "U", "C", NULL } },
    { "MC", CVSS_ENVIRONMENTAL, { "X", "H", "L", "N", NULL } },
    { "MI", CVSS_ENVIRONMENTAL, { "X", "H", "L", "N", NULL } },
    { "MA", CVSS_ENVIRONMENTAL, { "X", "H", "L", "N", NULL } },
};

static const struct cvss_spec spec30 = { "3.0", metrics, V3_COUNT, 0 };
static const struct cvss_spec spec31 = { "3.1", metrics, V3_COUNT, 0 };

static const double w_av[] = { 0.85, 0.62, 0.55, 0.2 };
static const double w_ac[] = { 0.77, 0.44 };
static const double w_pr_unchanged[] = { 0.85, 0.62, 0.27 };
static const double w_pr_changed[] = { 0.85, 0.68, 0.5 };
static const double w_ui[] = { 0.85, 0.62 };
static const double w_cia[] = { 0.56, 0.22, 0.0 };
static const double w_e[] = { 1.0, 0.91, 0.94, 0.97, 1.0 };
static const double w_rl[] = { 1.0, 0.95, 0.96, 0.97, 1.0 };
static const double w_rc[] = { 1.0, 0.92, 0.96, 1.0 };
static const double w_req[] = { 1.0, 0.5, 1.0, 1.5 };

/*
 * 3.1 Roundup (specification appendix A): works on the value times
 * 100,000 rounded to an integer, so that binary noise such as
 * 4.000000000000001 does not round up to 4.1.
 */
static double roundup31(double x)
{
    long long n = llround(x * 100000.0);

    if (n % 10000 == 0)
        return (double)n / 100000.0;
    return (double)(n / 10000 + 1) / 10.0;
}

/*
 * 3.0 Roundup is the mathematical ceiling to one decimal.  Its
 * specification computes in exact decimals; in binary a value that is
 * exactly 4.2 may come out as 4.2000000000000002, so the ceiling
 * ignores excesses below 1e-9.
 */
static double roundup30(double x)
{
    return ceil(x * 10.0 - 1e-9) / 10.0 + 0.0;
}

/* Effective values: base metrics, overridden by modified ones. */
struct v3_values {
    int av, ac, pr, ui, changed, c, i, a;
};

/* The value index of an optional metric, 0 (X) when absent. */
static int opt(const int *idx, int m)
{
    return idx[m] < 0 ? 0 : idx[m];
}

static int modified(const int *idx, int mod, int base)
{
    return idx[mod] > 0 ? idx[mod] - 1 : idx[base];
}

static double impact_of(int version, int changed, double iss, int env)
{
    if (!changed)
        return 6.42 * iss;
    if (version == VIGIL_CVSS_V31 && env)
        return 7.52 * (iss - 0.029) - 3.25 * pow(iss * 0.9731 - 0.02, 13);
    return 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
}

static double exploitability_of(const struct v3_values *v)
{
    const double *pr = v->changed ? w_pr_changed : w_pr_unchanged;

    return 8.22 * w_av[v->av] * w_ac[v->ac] * pr[v->pr] * w_ui[v->ui];
}

/* The base equation, also the inner part of the environmental one. */
static double score_of(int version, double impact, double expl,
                       int changed)
{
    double (*roundup)(double) =
        version == VIGIL_CVSS_V31 ? roundup31 : roundup30;
    double sum = changed ? 1.08 * (impact + expl) : impact + expl;

    if (impact <= 0.0)
        return 0.0;
    return roundup(sum < 10.0 ? sum : 10.0);
}

static int any_defined(const int *idx, int from, int to)
{
    int m;

    for (m = from; m <= to; m++)
        if (idx[m] > 0)
            return 1;
    return 0;
}

static void environmental(int version, const int *idx, double tfactor,
                          struct vigil_cvss *out)
{
    double (*roundup)(double) =
        version == VIGIL_CVSS_V31 ? roundup31 : roundup30;
    struct v3_values v;
    double miss, impact, inner;

    v.av = modified(idx, V3_MAV, V3_AV);
    v.ac = modified(idx, V3_MAC, V3_AC);
    v.pr = modified(idx, V3_MPR, V3_PR);
    v.ui = modified(idx, V3_MUI, V3_UI);
    v.changed = modified(idx, V3_MS, V3_S) == 1;
    v.c = modified(idx, V3_MC, V3_C);
    v.i = modified(idx, V3_MI, V3_I);
    v.a = modified(idx, V3_MA, V3_A);

    miss = 1.0 - (1.0 - w_req[opt(idx, V3_CR)] * w_cia[v.c])
                     * (1.0 - w_req[opt(idx, V3_IR)] * w_cia[v.i])
                     * (1.0 - w_req[opt(idx, V3_AR)] * w_cia[v.a]);
    if (miss > 0.915)
        miss = 0.915;
    impact = impact_of(version, v.changed, miss, 1);
    inner = score_of(version, impact, exploitability_of(&v), v.changed);
    out->environmental = impact <= 0.0 ? 0.0 : roundup(inner * tfactor);
}

int vigil__cvss3_score(int version, const struct cvss_input *in,
                       struct vigil_cvss *out, struct vigil_error *err)
{
    const struct cvss_spec *spec =
        version == VIGIL_CVSS_V31 ? &spec31 : &spec30;
    double (*roundup)(double) =
        version == VIGIL_CVSS_V31 ? roundup31 : roundup30;
    int idx[V3_COUNT];
    struct v3_values v;
    double iss, tfactor;
    int rc = vigil__cvss_tokenize(spec, in, idx, err);

    if (rc)
        return rc;

    v.av = idx[V3_AV];
    v.ac = idx[V3_AC];
    v.pr = idx[V3_PR];
    v.ui = idx[V3_UI];
    v.changed = idx[V3_S] == 1;
    iss = 1.0 - (1.0 - w_cia[idx[V3_C]]) * (1.0 - w_cia[idx[V3_I]])
                    * (1.0 - w_cia[idx[V3_A]]);
    out->base = score_of(version, impact_of(version, v.changed, iss, 0),
                         exploitability_of(&v), v.changed);

    tfactor = w_e[opt(idx, V3_E)] * w_rl[opt(idx, V3_RL)]
              * w_rc[opt(idx, V3_RC)];
    out->temporal = roundup(out->base * tfactor);
    environmental(version, idx, tfactor, out);

    out->has_temporal = any_defined(idx, V3_E, V3_RC);
    out->has_environmental = any_defined(idx, V3_CR, V3_MA);
    vigil__cvss_finish_legacy(out);
    return 0;
}
