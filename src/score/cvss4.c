/*
 * cvss4.c - CVSS version 4.0 scoring: the macrovector (EQ1..EQ6) of a
 * vector, the score of that macrovector from the lookup table, and the
 * interpolation towards the next lower macrovectors that the FIRST
 * reference calculator (github.com/FIRSTdotorg/cvss-v4-calculator,
 * cvss_score.js) performs.  The specification defers to that
 * calculator for the scores, so the arithmetic below follows it step by
 * step, in the same binary floating-point order, to give the same
 * results down to the rounding of x.x5 values.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "vigil/cvss.h"
#include "cvss_impl.h"
#include "../internal.h"

enum {
    V4_AV, V4_AC, V4_AT, V4_PR, V4_UI, V4_VC, V4_VI, V4_VA, V4_SC, V4_SI, V4_SA,
    V4_E,
    V4_CR, V4_IR, V4_AR, V4_MAV, V4_MAC, V4_MAT, V4_MPR, V4_MUI,
    V4_MVC, V4_MVI, V4_MVA, V4_MSC, V4_MSI, V4_MSA,
    V4_S, V4_AU, V4_R, V4_V, V4_RE, V4_U,
    V4_COUNT
};

/*
 * In the specification's vector order, which is mandatory.  Each
 * modified metric M<x> is at V4_MAV + (x - V4_AV) and lists X first.
 */
static const struct cvss_metric metrics[V4_COUNT] = {
    { "AV", CVSS_BASE, { "N", "A", "L", "P", NULL } },
    { "AC", CVSS_BASE, { "L", "H", NULL } },
    { "AT", CVSS_BASE, { "N", "P", NULL } },
    { "PR", CVSS_BASE, { "N", "L", "H", NULL } },
    { "UI", CVSS_BASE, { "N", "P", "A", NULL } },
    { "VC", CVSS_BASE, { "H", "L", "N", NULL } },
    { "VI", CVSS_BASE, { "H", "L", "N", NULL } },
    { "VA", CVSS_BASE, { "H", "L", "N", NULL } },
    { "SC", CVSS_BASE, { "H", "L", "N", NULL } },
    { "SI", CVSS_BASE, { "H", "L", "N", NULL } },
    { "SA", CVSS_BASE, { "H", "L", "N", NULL } },
    { "E", CVSS_TEMPORAL, { "X", "A", "P", "U", NULL } },
    { "CR", CVSS_ENVIRONMENTAL, { "X", "H", "M", "L", NULL } },
    { "IR", CVSS_ENVIRONMENTAL, { "X", "H", "M", "L", NULL } },
    { "AR", CVSS_ENVIRONMENTAL, { "X", "H", "M", "L", NULL } },
    { "MAV", CVSS_ENVIRONMENTAL, { "X", "N", "A", "L", "P", NULL } },
    { "MAC", CVSS_ENVIRONMENTAL, { "X", "L", "H", NULL } },
    { "MAT", CVSS_ENVIRONMENTAL, { "X", "N", "P", NULL } },
    { "MPR", CVSS_ENVIRONMENTAL, { "X", "N", "L", "H", NULL } },
    { "MUI", CVSS_ENVIRONMENTAL, { "X", "N", "P", "A", NULL } },
    { "MVC", CVSS_ENVIRONMENTAL, { "X", "H", "L", "N", NULL } },
    { "MVI", CVSS_ENVIRONMENTAL, { "X", "H", "L", "N", NULL } },
    { "MVA", CVSS_ENVIRONMENTAL, { "X", "H", "L", "N", NULL } },
    { "MSC", CVSS_ENVIRONMENTAL, { "X", "H", "L", "N", NULL } },
    { "MSI", CVSS_ENVIRONMENTAL, { "X", "S", "H", "L", "N", NULL } },
    { "MSA", CVSS_ENVIRONMENTAL, { "X", "S", "H", "L", "N", NULL } },
    { "S", CVSS_SUPPLEMENTAL, { "X", "N", "P", NULL } },
    { "AU", CVSS_SUPPLEMENTAL, { "X", "N", "Y", NULL } },
    { "R", CVSS_SUPPLEMENTAL, { "X", "A", "U", "I", NULL } },
    { "V", CVSS_SUPPLEMENTAL, { "X", "D", "C", NULL } },
    { "RE", CVSS_SUPPLEMENTAL, { "X", "L", "M", "H", NULL } },
    { "U", CVSS_SUPPLEMENTAL,
      { "X", "Clear", "Green", "Amber", "Red", NULL } },
};

static const struct cvss_spec spec = { "4.0", metrics, V4_COUNT, 1 };

/*
 * Score of each macrovector in tenths, -1 where the macrovector does
 * not exist; index eq1*108 + eq2*54 + eq3*18 + eq4*6 + eq5*2 + eq6.
 * Transcribed from the FIRST calculator's lookup table (cvss_lookup.js,
 * 270 entries), as found in ../shared/data/oracles/cvss/
 * cvss-v40-macrovector-lookup.tsv; the comment names EQ1 EQ2 EQ3.
 */
static const signed char lookup_tenths[324] = {
    /* 000 */ 100,  99,  98,  95,  95,  92, 100,  96,  93,
               87,  91,  81,  93,  90,  89,  80,  81,  68,
    /* 001 */  98,  95,  95,  92,  90,  84,  93,  92,  89,
               81,  81,  65,  88,  80,  78,  70,  69,  48,
    /* 002 */  -1,  92,  -1,  82,  -1,  72,  -1,  79,  -1,
               69,  -1,  50,  -1,  69,  -1,  55,  -1,  27,
    /* 010 */  99,  97,  95,  92,  92,  85,  95,  91,  90,
               83,  84,  71,  92,  81,  82,  71,  72,  53,
    /* 011 */  95,  93,  92,  85,  85,  73,  92,  82,  80,
               72,  70,  59,  84,  70,  71,  52,  50,  30,
    /* 012 */  -1,  86,  -1,  75,  -1,  52,  -1,  71,  -1,
               52,  -1,  29,  -1,  63,  -1,  29,  -1,  17,
    /* 100 */  98,  95,  94,  87,  91,  81,  94,  89,  86,
               74,  77,  64,  87,  75,  74,  63,  63,  49,
    /* 101 */  94,  89,  88,  77,  76,  67,  86,  76,  74,
               58,  59,  50,  72,  57,  57,  52,  52,  25,
    /* 102 */  -1,  83,  -1,  70,  -1,  54,  -1,  65,  -1,
               58,  -1,  26,  -1,  53,  -1,  21,  -1,  13,
    /* 110 */  95,  90,  88,  76,  76,  70,  90,  77,  75,
               62,  61,  53,  77,  66,  68,  59,  52,  30,
    /* 111 */  89,  78,  76,  67,  62,  58,  74,  59,  57,
               57,  47,  23,  61,  52,  57,  29,  24,  16,
    /* 112 */  -1,  71,  -1,  59,  -1,  30,  -1,  58,  -1,
               26,  -1,  15,  -1,  23,  -1,  13,  -1,   6,
    /* 200 */  93,  87,  86,  72,  75,  58,  86,  74,  74,
               61,  56,  34,  70,  54,  52,  40,  40,  22,
    /* 201 */  85,  75,  74,  55,  62,  51,  72,  57,  55,
               41,  46,  19,  53,  36,  34,  19,  19,   8,
    /* 202 */  -1,  64,  -1,  51,  -1,  20,  -1,  47,  -1,
               21,  -1,  11,  -1,  24,  -1,   9,  -1,   4,
    /* 210 */  88,  75,  73,  53,  60,  50,  73,  55,  59,
               40,  41,  20,  54,  43,  45,  22,  20,  11,
    /* 211 */  75,  55,  58,  45,  40,  21,  61,  51,  48,
               18,  20,   9,  46,  18,  17,   7,   8,   2,
    /* 212 */  -1,  53,  -1,  24,  -1,  14,  -1,  24,  -1,
               12,  -1,   5,  -1,  10,  -1,   3,  -1,   1,
};

/*
 * The highest-severity vectors of each EQ level (the calculator's
 * max_composed.js, ../shared/data/oracles/cvss/
 * cvss-v40-max-composed.json), as strings of metric values:
 * EQ1 AV PR UI, EQ2 AC AT, EQ3/EQ6 VC VI VA CR IR AR, EQ4 SC SI SA.
 * EQ5 has one each and adds no distance.
 */
#define MAX_ALTS 5
static const char *const eq1_max[3][MAX_ALTS + 1] = {
    { "NNN", NULL },
    { "ANN", "NLN", "NNP", NULL },
    { "PNN", "ALP", NULL },
};
static const char *const eq2_max[2][MAX_ALTS + 1] = {
    { "LN", NULL },
    { "HN", "LP", NULL },
};
static const char *const eq3eq6_max[3][2][MAX_ALTS + 1] = {
    { { "HHHHHH", NULL }, { "HHLMMH", "HHHMMM", NULL } },
    { { "LHHHHH", "HLHHHH", NULL },
      { "LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM", NULL } },
    { { NULL }, { "LLLHHH", NULL } },
};
static const char *const eq4_max[3][MAX_ALTS + 1] = {
    { "HSS", NULL },
    { "HHH", NULL },
    { "LLL", NULL },
};

/* Depth of each EQ level in steps of 0.1 (max_severity.js,
 * ../shared/data/oracles/cvss/cvss-v40-max-severity.json). */
static const int eq1_depth[3] = { 1, 4, 5 };
static const int eq2_depth[2] = { 1, 2 };
static const int eq3eq6_depth[3][2] = { { 7, 6 }, { 8, 8 }, { 0, 10 } };
static const int eq4_depth[3] = { 6, 5, 4 };

/*
 * The value each metric takes for scoring: a modified metric overrides
 * its base metric unless it is X; E:X scores as A, CR/IR/AR:X as H.
 * All are single letters; si and sa may be 'S' (from MSI/MSA:S).
 */
struct v4_values {
    char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

static char letter(int m, int value_index)
{
    return metrics[m].values[value_index][0];
}

/* With env zero, only the base metrics count (the CVSS-B score). */
static char effective(const int *idx, int m, int env)
{
    int mod = V4_MAV + (m - V4_AV);

    if (env && idx[mod] > 0)
        return letter(mod, idx[mod]);
    return letter(m, idx[m]);
}

static char requirement(const int *idx, int m, int env)
{
    return env && idx[m] > 0 ? letter(m, idx[m]) : 'H';
}

static void fill_values(const int *idx, int threat, int env,
                        struct v4_values *v)
{
    v->av = effective(idx, V4_AV, env);
    v->ac = effective(idx, V4_AC, env);
    v->at = effective(idx, V4_AT, env);
    v->pr = effective(idx, V4_PR, env);
    v->ui = effective(idx, V4_UI, env);
    v->vc = effective(idx, V4_VC, env);
    v->vi = effective(idx, V4_VI, env);
    v->va = effective(idx, V4_VA, env);
    v->sc = effective(idx, V4_SC, env);
    v->si = effective(idx, V4_SI, env);
    v->sa = effective(idx, V4_SA, env);
    v->e = threat && idx[V4_E] > 0 ? letter(V4_E, idx[V4_E]) : 'A';
    v->cr = requirement(idx, V4_CR, env);
    v->ir = requirement(idx, V4_IR, env);
    v->ar = requirement(idx, V4_AR, env);
}

/* The EQ levels, from the specification's table of equivalences. */
static void macrovector(const struct v4_values *v, int *eq)
{
    int av_n = v->av == 'N', pr_n = v->pr == 'N', ui_n = v->ui == 'N';

    if (av_n && pr_n && ui_n)
        eq[0] = 0;
    else if ((av_n || pr_n || ui_n) && v->av != 'P')
        eq[0] = 1;
    else
        eq[0] = 2;
    eq[1] = v->ac == 'L' && v->at == 'N' ? 0 : 1;
    if (v->vc == 'H' && v->vi == 'H')
        eq[2] = 0;
    else if (v->vc == 'H' || v->vi == 'H' || v->va == 'H')
        eq[2] = 1;
    else
        eq[2] = 2;
    if (v->si == 'S' || v->sa == 'S')
        eq[3] = 0;
    else if (v->sc == 'H' || v->si == 'H' || v->sa == 'H')
        eq[3] = 1;
    else
        eq[3] = 2;
    eq[4] = v->e == 'A' ? 0 : v->e == 'P' ? 1 : 2;
    eq[5] = (v->cr == 'H' && v->vc == 'H') || (v->ir == 'H' && v->vi == 'H')
                    || (v->ar == 'H' && v->va == 'H')
                ? 0
                : 1;
}

/* The macrovector's score, NAN when it does not exist. */
static double lookup(const int *eq)
{
    int i;

    if (eq[0] > 2 || eq[1] > 1 || eq[2] > 2 || eq[3] > 2 || eq[4] > 2
        || eq[5] > 1)
        return NAN;
    i = eq[0] * 108 + eq[1] * 54 + eq[2] * 18 + eq[3] * 6 + eq[4] * 2
        + eq[5];
    return lookup_tenths[i] < 0 ? NAN : lookup_tenths[i] / 10.0;
}

/* The score of the macrovector one step lower in EQ which (0..4, where
 * 2 stands for EQ3 and EQ6 together), NAN when there is none. */
static double next_lower(const int *eq, int which)
{
    int n[6], alt[6];
    double left, right;

    memcpy(n, eq, sizeof(n));
    if (which != 2) {
        n[which]++;
        return lookup(n);
    }
    if (eq[2] == 0 && eq[5] == 0) {
        /* two ways down: the higher of the two scores counts */
        memcpy(alt, eq, sizeof(alt));
        alt[5]++;
        n[2]++;
        left = lookup(alt);
        right = lookup(n);
        return left > right ? left : right;
    }
    if (eq[2] == 1 && eq[5] == 0)
        n[5]++;
    else if (eq[2] == 2)
        return NAN;
    else
        n[2]++;
    return lookup(n);
}

/*
 * Severity levels of each metric value, 0.0 for the most severe, in
 * steps of 0.1.  The calculator writes each level as a literal (0.3,
 * not 3 * 0.1), and so does this table, so that the sums below round
 * the same way.
 */
static const double levels[] = { 0.0, 0.1, 0.2, 0.3 };

static double level(const char *order, char c)
{
    const char *p = strchr(order, c);

    return p && c ? levels[p - order] : NAN;
}

/* Severity distances of v from one highest vector, per EQ group. */
struct v4_distance {
    double d[14];   /* AV PR UI AC AT VC VI VA SC SI SA CR IR AR */
};

static int distance_to(const struct v4_values *v, const char *eq1m,
                       const char *eq2m, const char *eq36m,
                       const char *eq4m, struct v4_distance *out)
{
    /* value order of each metric; SC has no S, and the '?' in its
     * place keeps SC:H at 0.1 as SI:H and SA:H are */
    static const char *const orders[14] = {
        "NALP", "NLH", "NPA", "LH", "NP", "HLN", "HLN", "HLN",
        "?HLN", "SHLN", "SHLN", "HML", "HML", "HML",
    };
    const char mine[14] = { v->av, v->pr, v->ui, v->ac, v->at, v->vc,
                            v->vi, v->va, v->sc, v->si, v->sa, v->cr,
                            v->ir, v->ar };
    const char highest[14] = { eq1m[0], eq1m[1], eq1m[2], eq2m[0], eq2m[1],
                               eq36m[0], eq36m[1], eq36m[2], eq4m[0],
                               eq4m[1], eq4m[2], eq36m[3], eq36m[4],
                               eq36m[5] };
    int i, negative = 0;

    for (i = 0; i < 14; i++) {
        out->d[i] = level(orders[i], mine[i]) - level(orders[i], highest[i]);
        if (out->d[i] < 0)
            negative = 1;
    }
    return negative;
}

/*
 * Finds the first combination of highest vectors, in the calculator's
 * nesting order, from which v is no more severe than it in any metric.
 * As in the calculator, when none qualifies the last one tried counts.
 */
static void find_distance(const struct v4_values *v, const int *eq,
                          struct v4_distance *out)
{
    const char *const *e1 = eq1_max[eq[0]];
    const char *const *e2 = eq2_max[eq[1]];
    const char *const *e36 = eq3eq6_max[eq[2]][eq[5]];
    const char *const *e4 = eq4_max[eq[3]];
    int a, b, c, d;

    memset(out, 0, sizeof(*out));
    for (a = 0; e1[a]; a++)
        for (b = 0; e2[b]; b++)
            for (c = 0; e36[c]; c++)
                for (d = 0; e4[d]; d++)
                    if (!distance_to(v, e1[a], e2[b], e36[c], e4[d], out))
                        return;
}

/* Half up at one decimal, as JavaScript's Math.round(value * 10) / 10,
 * which rounds ties towards +infinity. */
static double round_tenth(double value)
{
    double x = value * 10, r = floor(x);

    if (x - r >= 0.5)
        r += 1.0;
    return r / 10;
}

/* Adds the proportional distance of one EQ to *sum when the next lower
 * macrovector exists. */
static void add_share(double value, double lower, double distance,
                      double depth, double *sum, int *n)
{
    double available = value - lower;

    if (isnan(available))
        return;
    (*n)++;
    *sum += available * (distance / depth);
}

static double interpolate(const struct v4_values *v, const int *eq)
{
    struct v4_distance dist;
    const double *d = dist.d;
    double value = lookup(eq), step = 0.1, sum = 0.0;
    double part[4];
    int n = 0;

    find_distance(v, eq, &dist);
    part[0] = d[0] + d[1] + d[2];
    part[1] = d[3] + d[4];
    part[2] = d[5] + d[6] + d[7] + d[11] + d[12] + d[13];
    part[3] = d[8] + d[9] + d[10];

    /* The calculator sums the five normalised distances in EQ order;
     * the one of EQ5 is always 0 but still counts in the mean. */
    add_share(value, next_lower(eq, 0), part[0], eq1_depth[eq[0]] * step,
              &sum, &n);
    add_share(value, next_lower(eq, 1), part[1], eq2_depth[eq[1]] * step,
              &sum, &n);
    add_share(value, next_lower(eq, 2), part[2],
              eq3eq6_depth[eq[2]][eq[5]] * step, &sum, &n);
    add_share(value, next_lower(eq, 3), part[3], eq4_depth[eq[3]] * step,
              &sum, &n);
    add_share(value, next_lower(eq, 4), 0.0, 1.0, &sum, &n);

    if (n)
        value -= sum / n;
    if (value < 0.0)
        value = 0.0;
    if (value > 10.0)
        value = 10.0;
    return round_tenth(value);
}

static double score_values(const struct v4_values *v, char *mv)
{
    int eq[6], i;

    macrovector(v, eq);
    if (mv) {
        for (i = 0; i < 6; i++)
            mv[i] = (char)('0' + eq[i]);
        mv[6] = '\0';
    }
    if (v->vc == 'N' && v->vi == 'N' && v->va == 'N' && v->sc == 'N'
        && v->si == 'N' && v->sa == 'N')
        return 0.0;
    return interpolate(v, eq);
}

static int any_given(const int *idx, int from, int to)
{
    int m;

    for (m = from; m <= to; m++)
        if (idx[m] > 0)
            return 1;
    return 0;
}

int vigil__cvss4_score(const struct cvss_input *in, struct vigil_cvss *out,
                       struct vigil_error *err)
{
    int idx[V4_COUNT];
    struct v4_values v;
    int rc = vigil__cvss_tokenize(&spec, in, idx, err);

    if (rc)
        return rc;

    out->has_temporal = any_given(idx, V4_E, V4_E);
    out->has_environmental = any_given(idx, V4_CR, V4_MSA);
    fill_values(idx, 0, 0, &v);
    out->base = score_values(&v, NULL);
    fill_values(idx, 1, 1, &v);
    out->score = score_values(&v, out->macrovector);

    memcpy(out->nomenclature, "CVSS-B", 7);
    if (out->has_temporal)
        out->nomenclature[strlen(out->nomenclature)] = 'T';
    if (out->has_environmental)
        out->nomenclature[strlen(out->nomenclature)] = 'E';
    out->severity = vigil_cvss_severity(VIGIL_CVSS_V40, out->score);
    return 0;
}
