/*
 * test_track.c - what the tracking module decides without a match run:
 * which evidence is news, which text a person may enter, that the
 * workflow described in vigil.1 is the transition table, and that a
 * mistyped VIGIL_NOW is caught.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "vigil/track.h"
#include "store_helpers.h"
#include "track/track_int.h"
#include "internal.h"

static const struct {
    const char *old;
    const char *cur;
    int news;
    const char *why;        /* the description, exactly */
} evidence_cases[] = {
    /* the same evidence */
    { "KEV no; web: a 1: upgrade to 2 or later",
      "KEV no; web: a 1: upgrade to 2 or later", 0, "" },
    /* a component gone is not news */
    { "KEV no; web: a 1: upgrade to 2 or later\nweb: b 1: upgrade to 3 "
      "or later",
      "KEV no; web: a 1: upgrade to 2 or later", 0, "" },
    /* the advisory moved its fixed version: not news */
    { "KEV no; web: a 1: upgrade to 2 or later",
      "KEV no; web: a 1: upgrade to 2.1 or later", 0, "" },
    { "KEV no; web: a 1: no fixed version published; mitigate or remove",
      "KEV no; web: a 1: upgrade to 2 or later", 0, "" },
    /* a KEV listing ending is not news */
    { "KEV listed; web: a 1: upgrade to 2 or later",
      "KEV no; web: a 1: upgrade to 2 or later", 0, "" },
    /* a new KEV listing is */
    { "KEV no; web: a 1: upgrade to 2 or later",
      "KEV listed; web: a 1: upgrade to 2 or later", 1, "now in KEV" },
    /* another version */
    { "KEV no; web: a 1: upgrade to 2 or later",
      "KEV no; web: a 1.1: upgrade to 2 or later", 1, "affected: web: a 1.1" },
    /* another system */
    { "KEV no; web: a 1: upgrade to 2 or later",
      "KEV no; db: a 1: upgrade to 2 or later\nweb: a 1: upgrade to 2 or "
      "later", 1, "affected: db: a 1" },
    /* a match that had gone comes back */
    { "KEV listed; ", "KEV listed; web: a 1: upgrade to 2 or later", 1,
      "affected: web: a 1" },
    /* both, and many lines named in short */
    { "KEV no; ",
      "KEV listed; h1: a 1: x\nh2: a 1: x\nh3: a 1: x\nh4: a 1: x\nh5: a 1: x",
      6, "now in KEV; affected: h1: a 1: x, h2: a 1: x, h3: a 1: x "
         "and 2 more" },
    /* nothing recorded */
    { NULL, "KEV no; web: a 1: upgrade to 2 or later", 1,
      "affected: web: a 1" },
};

static void test_evidence_news(void **state)
{
    struct vigil_buf why = VIGIL_BUF_INIT;
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(evidence_cases); i++) {
        vigil_buf_reset(&why);
        vigil_buf_adds(&why, "");
        assert_int_equal(vigil__track_evidence_news(evidence_cases[i].old,
                                                    evidence_cases[i].cur,
                                                    &why),
                         evidence_cases[i].news);
        assert_string_equal(why.ptr, evidence_cases[i].why);
    }
    vigil_buf_reset(&why);
    vigil__track_evidence(&why, 1, NULL);
    assert_string_equal(why.ptr, "KEV listed; ");
    vigil_buf_release(&why);
}

struct fixture {
    char dir[64];
    char db[96];
    struct vigil_store *s;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f || store_tmp_open("track", f->dir, sizeof(f->dir), f->db,
                             sizeof(f->db), &f->s) != 0) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    return store_tmp_close(f, f->s, f->dir);
}

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);

    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

enum call { ASSIGN, NOTE, MOVE, VERIFY, ACCEPT, RISK };

/*
 * Checks run before the update is looked up: text that passes them
 * meets VIGIL_ENOTFOUND in the empty store.
 */
static int call(struct vigil_store *s, enum call c, const char *text,
                struct vigil_error *err)
{
    switch (c) {
    case ASSIGN:
        return vigil_track_assign(s, 1, text, "t", NULL, err);
    case NOTE:
        return vigil_track_note(s, 1, text, "t", err);
    case MOVE:
        return vigil_track_transition(s, 1, "triaged", "t", text, err);
    case VERIFY:
        return vigil_track_verify(s, 1, text, "t", err);
    case ACCEPT:
        return vigil_track_accept_risk(s, 1, "2026-06-01", text, "t", err);
    case RISK:
        return vigil_track_transition(s, 1, "risk_accepted", "t", text, err);
    }
    return 0;
}

/* Text checks: a call, its text (or fill repeated len times), and
 * the code and start of the message it must give. */
static const struct {
    enum call c;
    char fill;          /* 0: text is used as is */
    size_t len;
    const char *text;
    int rc;
    const char *msg;    /* the start of the message */
} text_cases[] = {
    { ASSIGN, 0, 0, "alice", VIGIL_ENOTFOUND, "no security update" },
    { ASSIGN, 0, 0, "a\nb", VIGIL_EINVAL, "an assignee must not hold "
                                          "control characters" },
    { ASSIGN, 0, 0, "a\x7f", VIGIL_EINVAL, "an assignee must not" },
    { ASSIGN, 0, 0, "", VIGIL_EINVAL, "an assignee cannot be empty" },
    { ASSIGN, 0, 0, "   ", VIGIL_EINVAL, "an assignee cannot be "
                                          "empty or blank" },
    { ASSIGN, 0, 0, " alice", VIGIL_EINVAL, "an assignee cannot begin "
                                            "or end with white space" },
    { ASSIGN, 0, 0, "alice ", VIGIL_EINVAL, "an assignee cannot begin" },
    { ASSIGN, 0, 0, "Alice Smith", VIGIL_ENOTFOUND, "no security update" },
    /* Unicode white space pads as an ASCII space does */
    { ASSIGN, 0, 0, "x\xc2\xa0", VIGIL_EINVAL,
      "an assignee cannot begin or end with white space" },
    { ASSIGN, 0, 0, "\xef\xbb\xbf" "bob", VIGIL_EINVAL,
      "an assignee cannot begin" },
    { ASSIGN, 0, 0, "bob\xe2\x80\xaf", VIGIL_EINVAL,
      "an assignee cannot begin" },
    { ASSIGN, 0, 0, "bob\xe2\x80\x80", VIGIL_EINVAL,
      "an assignee cannot begin" },
    { ASSIGN, 0, 0, "bob\xe2\x81\x9f", VIGIL_EINVAL,
      "an assignee cannot begin" },
    { ASSIGN, 0, 0, "\xe3\x80\x80", VIGIL_EINVAL,
      "an assignee cannot be empty or blank" },
    { ASSIGN, 0, 0, "\xe2\x80\x8b", VIGIL_EINVAL,
      "an assignee cannot be empty or blank" },
    { ASSIGN, 0, 0, " \xe1\x9a\x80\xe2\x80\xa8\xe2\x80\xa9",
      VIGIL_EINVAL, "an assignee cannot be empty or blank" },
    { ASSIGN, 0, 0, "Jo\xe3\x80\x80Li", VIGIL_ENOTFOUND, "no security" },
    { ASSIGN, 0, 0, "\xe5\x90\x8d", VIGIL_ENOTFOUND, "no security" },
    /* U+200C joins letters in some scripts: between them it stays,
     * at an end it joins nothing and only hides */
    { ASSIGN, 0, 0, "a\xe2\x80\x8c" "b", VIGIL_ENOTFOUND, "no security" },
    { ASSIGN, 0, 0, "a\xe2\x80\x8c", VIGIL_EINVAL, "an assignee cannot "
                                                  "begin or end" },
    { ASSIGN, 0, 0, "\xe2\x80\x8e", VIGIL_EINVAL, "an assignee cannot be "
                                             "empty or blank" },
    { ASSIGN, 0, 0, "bob\xe2\x81\xa0", VIGIL_EINVAL, "an assignee "
                                                   "cannot begin" },
    { ASSIGN, 'x', 128, NULL, VIGIL_ENOTFOUND, "no security update" },
    { ASSIGN, 'x', 129, NULL, VIGIL_ELIMIT, "an assignee is at most "
                                            "128 bytes, not 129" },
    { NOTE, 0, 0, "two\nlines", VIGIL_ENOTFOUND, "no security update" },
    { NOTE, 'n', 65536, NULL, VIGIL_ENOTFOUND, "no security update" },
    { NOTE, 'n', 65537, NULL, VIGIL_ELIMIT, "a note is at most 65536 "
                                            "bytes, not 65537" },
    { NOTE, 'n', 1 << 20, NULL, VIGIL_ELIMIT, "a note is at most" },
    { MOVE, 0, 0, "checked", VIGIL_ENOTFOUND, "no security update" },
    { MOVE, 0, 0, "tab\there", VIGIL_EINVAL, "a reason must not hold "
                                             "control characters" },
    { MOVE, 'r', 1024, NULL, VIGIL_ENOTFOUND, "no security update" },
    { MOVE, 'r', 1025, NULL, VIGIL_ELIMIT, "a reason is at most 1024 "
                                           "bytes, not 1025" },
    { VERIFY, 0, 0, "dpkg -s\r", VIGIL_EINVAL, "a verification method "
                                               "must not" },
    { VERIFY, 'v', 1025, NULL, VIGIL_ELIMIT, "a verification method "
                                             "is at most" },
    { ACCEPT, 0, 0, "unused", VIGIL_ENOTFOUND, "no security update" },
    { ACCEPT, 0, 0, " \xe3\x80\x80 ", VIGIL_EINVAL, "a risk acceptance "
                                               "needs a reason" },
    { VERIFY, 0, 0, "  ", VIGIL_EINVAL, "verification needs a method" },
    { ACCEPT, 0, 0, "x\ny", VIGIL_EINVAL, "a reason must not" },
    { ACCEPT, 'a', 1025, NULL, VIGIL_ELIMIT, "a reason is at most" },
    /* text that JSON cannot carry */
    { ASSIGN, 0, 0, "\xff", VIGIL_EINVAL, "an assignee must be valid "
                                         "UTF-8 (byte 0xff at offset 0" },
    { ASSIGN, 0, 0, "caf\xc3\xa9", VIGIL_ENOTFOUND, "no security" },
    { ASSIGN, 0, 0, "ab\xc0\xaf", VIGIL_EINVAL, "an assignee must be "
                                               "valid UTF-8 (byte 0xc0 "
                                               "at offset 2" },
    { NOTE, 0, 0, "ok\n\xed\xa0\x80", VIGIL_EINVAL, "a note must be "
                                                   "valid UTF-8" },
    { NOTE, 0, 0, "\xe2\x82", VIGIL_EINVAL, "a note must be valid" },
    { MOVE, 0, 0, "\xf5\x80\x80\x80", VIGIL_EINVAL, "a reason must be "
                                                   "valid UTF-8" },
    { VERIFY, 0, 0, "apt \x80", VIGIL_EINVAL, "a verification method "
                                             "must be valid UTF-8" },
    { ACCEPT, 0, 0, "\xfe", VIGIL_EINVAL, "a reason must be valid" },
    /* accept-risk, with an end date and a reason, is the way in */
    { RISK, 0, 0, "fine", VIGIL_EINVAL, "cannot move 'VU-1' to "
                                        "risk_accepted by a status "
                                        "change; use accept-risk" },
    { RISK, 0, 0, NULL, VIGIL_EINVAL, "cannot move 'VU-1' to "
                                      "risk_accepted" },
};

static void test_text_checks(void **state)
{
    struct fixture *f = *state;
    time_t now;
    size_t i;

    assert_int_equal(vigil_time_parse("2026-01-01", &now), 0);
    vigil_clock_set(now);
    for (i = 0; i < VIGIL_ARRAY_SIZE(text_cases); i++) {
        int fill = text_cases[i].fill;
        const char *msg = text_cases[i].msg;
        char *made = fill ? repeat((char)fill, text_cases[i].len) : NULL;
        struct vigil_error err;

        vigil_error_clear(&err);
        assert_int_equal(call(f->s, text_cases[i].c,
                              made ? made : text_cases[i].text, &err),
                         text_cases[i].rc);
        if (strncmp(err.msg, msg, strlen(msg)) != 0)
            fail_msg("case %zu: message '%s'", i, err.msg);
        free(made);
    }
    vigil_clock_set(0);
}

/* Creates the update of an advisory CVE-2021-44228; returns its id. */
static long long new_update(struct vigil_store *s)
{
    const char *fields[VIGIL_UF_COUNT] = { NULL };
    struct vigil_advisory a;
    enum vigil_put_outcome o;
    struct vigil_error err;
    long long adv, id;

    memset(&a, 0, sizeof(a));
    a.id = "CVE-2021-44228";
    a.format = a.source = "nvd";
    a.raw = "{}";
    a.raw_len = 2;
    assert_int_equal(vigil_store_put_advisory(s, &a, "test", &o, &adv, &err),
                     0);
    fields[VIGIL_UF_PRIORITY] = "Critical";
    assert_int_equal(vigil_store_update_create(s, adv, fields, "alice",
                                               "test", &id, &err), 0);
    return id;
}

static int copy_field(void *ctx, const struct vigil_update *u)
{
    struct vigil_buf *b = ctx;

    vigil_buf_reset(b);
    vigil_buf_adds(b, u->f[VIGIL_UF_NOTES] ? u->f[VIGIL_UF_NOTES] : "");
    return 0;
}

/*
 * A note's lines after its first are indented, so that a line typed as
 * "DATE admin: approved" stays inside the note of whoever typed it.
 */
static void test_note_lines_indented(void **state)
{
    struct fixture *f = *state;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    time_t now;
    long long id;

    assert_int_equal(vigil_time_parse("2026-12-03T20:00:00Z", &now), 0);
    vigil_clock_set(now);
    id = new_update(f->s);
    assert_int_equal(vigil_track_note(f->s, id, "ok\n2026-12-03T20:05:00Z "
                                      "admin: approved by CISO", "mallory",
                                      &err), 0);
    assert_int_equal(vigil_track_note(f->s, id, "a\r\nb\rc\n", "bob",
                                      &err), 0);
    assert_int_equal(vigil_store_update_get(f->s, id, copy_field, &b), 0);
    assert_string_equal(b.ptr,
                        "2026-12-03T20:00:00Z mallory: ok\n"
                        "  2026-12-03T20:05:00Z admin: approved by CISO\n"
                        "2026-12-03T20:00:00Z bob: a\n  b\n  c\n  ");
    vigil_buf_release(&b);
    vigil_clock_set(0);
}

static int copy_status(void *ctx, const struct vigil_update *u)
{
    struct vigil_buf *b = ctx;

    vigil_buf_reset(b);
    vigil_buf_addf(b, "%s %s", u->f[VIGIL_UF_STATUS],
                   u->f[VIGIL_UF_RISK_UNTIL] ? u->f[VIGIL_UF_RISK_UNTIL]
                                             : "-");
    return 0;
}

/* risk_accepted is entered by accept-risk only, never by a status. */
static void test_risk_needs_accept(void **state)
{
    struct fixture *f = *state;
    struct vigil_buf b = VIGIL_BUF_INIT;
    struct vigil_error err;
    time_t now;
    long long id;

    assert_int_equal(vigil_time_parse("2026-12-03", &now), 0);
    vigil_clock_set(now);
    id = new_update(f->s);
    /* a refused move names risk_accepted apart from the status moves */
    assert_int_equal(vigil_track_transition(f->s, id, "verified", "bob",
                                            NULL, &err), VIGIL_ESTATE);
    assert_string_equal(err.msg, "cannot move 'VU-1' from new to verified; "
                        "allowed: triaged in_progress remediated "
                        "not_affected false_positive closed, or "
                        "risk_accepted by accepting the risk");
    assert_int_equal(vigil_track_transition(f->s, id, "triaged", "bob", NULL,
                                            &err), 0);
    assert_int_equal(vigil_track_transition(f->s, id, "risk_accepted", "bob",
                                            "fine", &err), VIGIL_EINVAL);
    assert_non_null(strstr(err.msg, "accept-risk with an end date"));
    assert_int_equal(vigil_store_update_get(f->s, id, copy_status, &b), 0);
    assert_string_equal(b.ptr, "triaged -");
    assert_int_equal(vigil_track_accept_risk(f->s, id, "2027-01-31",
                                             "isolated", "bob", &err), 0);
    assert_int_equal(vigil_store_update_get(f->s, id, copy_status, &b), 0);
    assert_string_equal(b.ptr, "risk_accepted 2027-01-31");
    assert_int_equal(vigil_track_transition(f->s, id, "closed", "bob", NULL,
                                            &err), VIGIL_ESTATE);
    assert_string_equal(err.msg, "cannot move 'VU-1' from risk_accepted "
                        "to closed; allowed: new triaged in_progress "
                        "remediated");
    vigil_buf_release(&b);
    vigil_clock_set(0);
}

/* Adds the words of list, less "and" and "or", to set (space-joined). */
static void add_words(struct vigil_buf *set, const char *list, size_t n)
{
    char word[32];
    size_t i = 0, k;

    while (i < n) {
        while (i < n && strchr(" ,\n", list[i]))
            i++;
        for (k = 0; i < n && !strchr(" ,\n", list[i]); i++)
            if (k + 1 < sizeof(word))
                word[k++] = list[i];
        word[k] = '\0';
        if (k && strcmp(word, "and") != 0 && strcmp(word, "or") != 0)
            vigil_buf_addf(set, " %s", word);
    }
}

/* Whether the space-separated sets a and b hold the same words. */
static int same_set(const char *a, const char *b)
{
    char w[32];
    const char *p;
    int n;

    for (p = a; sscanf(p, "%31s%n", w, &n) == 1; p += n)
        if (!strstr(b, w))
            return 0;
    for (p = b; sscanf(p, "%31s%n", w, &n) == 1; p += n)
        if (!strstr(a, w))
            return 0;
    return 1;
}

/*
 * vigil.1 says "Allowed moves: FROM to TO; ...; FROM to TO." with
 * lists "a, b and c" and "a, b or c": each state's moves there are the
 * ones the table allows.
 */
static void test_manual_matches_table(void **state)
{
    const char *src = getenv("VIGIL_SRC");
    struct vigil_buf man = VIGIL_BUF_INIT, path = VIGIL_BUF_INIT;
    struct vigil_error err;
    const char *p, *end;
    size_t seen = 0;

    (void)state;
    vigil_buf_addf(&path, "%s/docs/vigil.1", src ? src : ".");
    assert_int_equal(vigil_buf_read_file(&man, path.ptr, 1 << 20, &err), 0);
    p = strstr(man.ptr, "Allowed moves:");
    assert_non_null(p);
    p += strlen("Allowed moves:");
    end = strchr(p, '.');
    assert_non_null(end);
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *stop = semi ? semi : end;
        const char *to = strstr(p, " to ");
        struct vigil_buf from = VIGIL_BUF_INIT, dest = VIGIL_BUF_INIT;
        char w[32];
        const char *q;
        int n;

        assert_true(to && to < stop);
        add_words(&from, p, (size_t)(to - p));
        add_words(&dest, to + 4, (size_t)(stop - to - 4));
        for (q = from.ptr; sscanf(q, "%31s%n", w, &n) == 1; q += n) {
            const char *next = vigil_track_next_states(w);

            if (!next)
                fail_msg("vigil.1 names no state '%s'", w);
            if (!same_set(next, dest.ptr))
                fail_msg("vigil.1: %s to%s; the table: %s", w, dest.ptr,
                         next);
            seen++;
        }
        vigil_buf_release(&from);
        vigil_buf_release(&dest);
        p = stop + 1;
    }
    assert_int_equal(seen, VIGIL_TRACK_NSTATES);
    vigil_buf_release(&man);
    vigil_buf_release(&path);
}

static void test_clock_env(void **state)
{
    static const struct {
        const char *value;
        int rc;
    } cases[] = {
        { NULL, 0 },
        { "", 0 },
        { "2026-02-28", 0 },
        { "2026-01-31T12:00:00Z", 0 },
        { "garbage", VIGIL_EINVAL },
        { "2026-02-30", VIGIL_EINVAL },
        { "2026-01-31T25:00:00Z", VIGIL_EINVAL },
        { "2026-01-31 junk", VIGIL_EINVAL },
    };
    size_t i;

    (void)state;
    for (i = 0; i < VIGIL_ARRAY_SIZE(cases); i++) {
        struct vigil_error err;

        vigil_error_clear(&err);
        if (cases[i].value)
            setenv("VIGIL_NOW", cases[i].value, 1);
        else
            unsetenv("VIGIL_NOW");
        assert_int_equal(vigil_clock_check_env(&err), cases[i].rc);
        if (cases[i].rc) {
            char want[128];

            snprintf(want, sizeof(want), "VIGIL_NOW '%s' is not a date "
                     "(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", cases[i].value);
            assert_string_equal(err.msg, want);
        }
    }
    unsetenv("VIGIL_NOW");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evidence_news),
        cmocka_unit_test_setup_teardown(test_text_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note_lines_indented, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_risk_needs_accept, setup,
                                        teardown),
        cmocka_unit_test(test_manual_matches_table),
        cmocka_unit_test(test_clock_env),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
