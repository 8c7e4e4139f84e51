/*
 * schedule.c - report files written atomically, and the reports the
 * daemon writes once per complete period, recorded in the store.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil/alert.h"
#include "vigil/report.h"
#include "report_int.h"
#include "../internal.h"

/* LIMIT: after a long pause the daemon writes at most the last 13
 * periods of a kind. See docs/LIMITS.md#report-backfill. */
#define MAX_BACKFILL 13
#define MAIL_TIMEOUT 60

/*
 * Creates a new temporary file beside path, named into tmp.  Mode 0666
 * less the umask, as any file a program writes: a report holds figures,
 * not the credentials that make the database 0600.  (mkstemp would
 * force 0600, and reading the umask means changing it, which is not
 * safe beside other threads.)
 */
static int open_temp(const char *path, struct vigil_buf *tmp)
{
    static unsigned long serial;
    int fd = -1, tries;

    for (tries = 0; fd < 0 && tries < 100; tries++) {
        vigil_buf_reset(tmp);
        if (vigil_buf_addf(tmp, "%s.tmp%ld.%lu", path, (long)getpid(),
                           serial++) != 0)
            return -1;
        fd = open(tmp->ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    return fd;
}

/*
 * The file a report replaces: path itself, or the file a symbolic link
 * names, so that the link stays (*real gets that path, to free), and
 * its permission bits (*mode; 0 for a new file), which the new file
 * keeps: a report someone made private stays private.  A device, pipe,
 * socket or folder is refused: renaming over /dev/null would put a
 * plain file in its place.
 */
static int report_target(const char *path, char **real, mode_t *mode,
                         struct vigil_error *err)
{
    struct stat st;

    *real = NULL;
    *mode = 0;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0
                               : vigil_error_set(err, VIGIL_EIO, 0,
                                                 "cannot write '%s': %s",
                                                 path, strerror(errno));
    if (S_ISLNK(st.st_mode) && !(*real = realpath(path, NULL)))
        return vigil_error_set(err, VIGIL_EIO, 0, "cannot write '%s': it is "
                               "a symbolic link that leads nowhere (%s)",
                               path, strerror(errno));
    if (*real && stat(*real, &st) != 0)
        return vigil_error_set(err, VIGIL_EIO, 0, "cannot write '%s': %s",
                               path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return vigil_error_set(err, VIGIL_EINVAL, 0, "cannot write '%s': it "
                               "is not a regular file (a report is "
                               "written to a file, replacing it whole)",
                               path);
    *mode = st.st_mode & 07777;
    return 0;
}

int vigil_report_write_file(const char *path, const struct vigil_buf *b,
                            struct vigil_error *err)
{
    struct vigil_buf tmp = VIGIL_BUF_INIT;
    const char *shown = path;
    char *real;
    mode_t mode;
    size_t done = 0;
    int fd, rc;

    if ((rc = report_target(path, &real, &mode, err)) != 0)
        return rc;
    if (real)
        path = real;
    fd = open_temp(path, &tmp);
    if (fd >= 0 && mode && fchmod(fd, mode) != 0) {
        int e = errno;

        close(fd);
        unlink(tmp.ptr);
        errno = e;
        fd = -1;
    }
    if (fd < 0) {
        rc = vigil_error_set(err, VIGIL_EIO, 0, "cannot write '%s': %s",
                             shown, strerror(errno));
        goto out;
    }
    while (done < b->len) {
        ssize_t n = write(fd, b->ptr + done, b->len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (done < b->len || fsync(fd) != 0) {
        rc = vigil_error_set(err, VIGIL_EIO, 0, "cannot write '%s': %s",
                             shown, strerror(errno));
        close(fd);
        unlink(tmp.ptr);
        goto out;
    }
    close(fd);
    if (rename(tmp.ptr, path) != 0) {
        rc = vigil_error_set(err, VIGIL_EIO, 0, "cannot write '%s': %s",
                             shown, strerror(errno));
        unlink(tmp.ptr);
    }
out:
    vigil_buf_release(&tmp);
    free(real);
    return rc;
}

/* The next word of a comma or space separated list, into w. */
static const char *next_word(const char *p, char *w, size_t len)
{
    size_t n = 0;

    while (*p == ',' || *p == ' ' || *p == '\t')
        p++;
    while (*p && *p != ',' && *p != ' ' && *p != '\t') {
        if (n + 1 < len)
            w[n++] = *p;
        p++;
    }
    w[n] = '\0';
    return n ? p : NULL;
}

static const char *const exts[] = { "md", "json", "html", "csv" };
static const char *const mime[] = { "text/plain", "application/json",
                                    "text/html", "text/csv" };

struct job {
    struct vigil_store *s;
    const struct vigil_report_schedule *sch;
    const struct vigil_target *target;
    enum vigil_report_kind kind;
    vigil_report_done_fn done;
    void *ctx;
    struct vigil_error *err;
};

static int mail_one(const struct job *j, const char *period, int fmt,
                    const struct vigil_buf *b)
{
    struct vigil_buf subj = VIGIL_BUF_INIT;
    char why[256];
    int rc;

    vigil_buf_addf(&subj, "%s %s", vigil__report_title(j->kind), period);
    rc = vigil_target_send_document(j->target, subj.ptr ? subj.ptr : "",
                                    mime[fmt], b->ptr ? b->ptr : "", b->len,
                                    MAIL_TIMEOUT, why, sizeof(why));
    vigil_buf_release(&subj);
    if (rc)
        return vigil_error_set(j->err, rc, 0, "cannot mail the %s report "
                               "'%s': %s", vigil_report_kind_name(j->kind),
                               period, why);
    if (j->done)
        j->done(j->ctx, vigil_report_kind_name(j->kind), period, NULL);
    return 0;
}

/* Renders one format of a period and writes it to KIND-PERIOD.EXT. */
static int write_format(const struct job *j, const char *from, const char *to,
                        const char *period, int fmt, struct vigil_buf *b,
                        struct vigil_buf *path)
{
    int rc;

    vigil_buf_reset(b);
    vigil_buf_reset(path);
    vigil_buf_addf(path, "%s/%s-%s.%s", j->sch->folder,
                   vigil_report_kind_name(j->kind), period, exts[fmt]);
    rc = vigil_report_render(j->s, j->kind, from, to, to,
                             (enum vigil_report_format)fmt, b, j->err);
    if (!rc)
        rc = vigil_report_write_file(path->ptr, b, j->err);
    if (!rc && j->done)
        j->done(j->ctx, vigil_report_kind_name(j->kind), period, path->ptr);
    return rc;
}

/*
 * Writes one period in every format, then mails the first, then
 * records the period.  A failed format or mail leaves it unrecorded:
 * the next round writes the files again (the same figures, replaced
 * atomically) and retries the mail.
 */
static int write_period(const struct job *j, const char *from,
                        const char *to, const char *period)
{
    struct vigil_buf b = VIGIL_BUF_INIT, first = VIGIL_BUF_INIT;
    struct vigil_buf path = VIGIL_BUF_INIT, rec = VIGIL_BUF_INIT;
    const char *p = j->sch->formats ? j->sch->formats : "html";
    char w[16];
    int rc = 0, ffmt = -1, fmt;

    while (!rc && (p = next_word(p, w, sizeof(w)))) {
        if ((fmt = vigil_report_format_parse(w)) < 0) {
            rc = vigil_error_set(j->err, VIGIL_EINVAL, 0, "unknown report "
                                 "format '%s'", w);
            break;
        }
        rc = write_format(j, from, to, period, fmt, &b, &path);
        if (!rc && ffmt < 0) {
            ffmt = fmt;
            vigil_buf_add(&first, b.ptr ? b.ptr : "", b.len);
            vigil_buf_adds(&rec, path.ptr);
            rc = rec.ptr && first.ptr ? 0 : VIGIL_ENOMEM;
        }
    }
    if (!rc && ffmt >= 0 && j->target)
        rc = mail_one(j, period, ffmt, &first);
    if (!rc)
        rc = vigil_store_report_run_add(j->s, vigil_report_kind_name(j->kind),
                                        period, rec.ptr ? rec.ptr : "",
                                        j->err);
    vigil_buf_release(&b);
    vigil_buf_release(&first);
    vigil_buf_release(&path);
    vigil_buf_release(&rec);
    return rc;
}

/* The periods not yet written, oldest first, then each written. */
static int run_kind(const struct job *j, time_t now)
{
    char from[MAX_BACKFILL][11], to[MAX_BACKFILL][11];
    char period[MAX_BACKFILL][16], last[16];
    long long day;
    int found, n = 0, rc;

    if (vigil_store_report_run_last(j->s, vigil_report_kind_name(j->kind),
                                    last, &found))
        return vigil_error_set(j->err, VIGIL_EDB, 0, "cannot read the "
                               "report runs");
    while (n < MAX_BACKFILL) {
        vigil_report_period(j->kind, now, from[n], to[n], period[n]);
        if (found && strcmp(period[n], last) <= 0)
            break;
        n++;
        if (!found || vigil__report_days(from[n - 1], &day))
            break;
        now = (time_t)day * 86400;
    }
    while (n-- > 0)
        if ((rc = write_period(j, from[n], to[n], period[n])))
            return rc;
    return 0;
}

/* Each word of list (or of def when list is NULL) must parse. */
static int check_words(const char *list, const char *def, const char *what,
                       int (*parse)(const char *), struct vigil_error *err)
{
    const char *p = list ? list : def;
    char w[16];
    int n = 0;

    while ((p = next_word(p, w, sizeof(w)))) {
        if (parse(w) < 0)
            return vigil_error_set(err, VIGIL_EINVAL, 0, "unknown report "
                                   "%s '%s'", what, w);
        n++;
    }
    if (!n)
        return vigil_error_set(err, VIGIL_EINVAL, 0, "no report %s named",
                               what);
    return 0;
}

int vigil_report_schedule_check(const struct vigil_report_schedule *sch,
                                struct vigil_target **mail,
                                struct vigil_error *err)
{
    struct vigil_target *t = NULL;
    int rc;

    if ((rc = check_words(sch->kinds, "weekly", "kind",
                          vigil_report_kind_parse, err)) ||
        (rc = check_words(sch->formats, "html", "format",
                          vigil_report_format_parse, err)))
        return rc;
    if (sch->mail && *sch->mail &&
        (rc = vigil_target_parse(sch->mail, &t, err)))
        return rc;
    if (t && t->kind != VIGIL_TARGET_SMTP) {
        vigil_target_free(t);
        return vigil_error_set(err, VIGIL_EINVAL, 0, "report mail must be "
                               "an smtp:// or smtps:// target");
    }
    if (mail)
        *mail = t;
    else
        vigil_target_free(t);
    return 0;
}

int vigil_report_run_schedule(struct vigil_store *s,
                              const struct vigil_report_schedule *sch,
                              time_t now, vigil_report_done_fn done,
                              void *ctx, struct vigil_error *err)
{
    struct vigil_report_schedule abs;
    struct vigil_target *t = NULL;
    char folder[PATH_MAX];
    struct job j;
    const char *p;
    char w[16];
    int rc = 0, k;

    if (!sch->folder || !*sch->folder)
        return 0;
    if ((rc = vigil_report_schedule_check(sch, &t, err)))
        return rc;
    /* report_run records absolute paths, whatever the current folder */
    if (!realpath(sch->folder, folder)) {
        vigil_target_free(t);
        return vigil_error_set(err, VIGIL_EIO, 0, "cannot use the report "
                               "folder '%s': %s", sch->folder,
                               strerror(errno));
    }
    abs = *sch;
    abs.folder = folder;
    memset(&j, 0, sizeof(j));
    j.s = s;
    j.sch = &abs;
    j.target = t;
    j.done = done;
    j.ctx = ctx;
    j.err = err;
    p = sch->kinds ? sch->kinds : "weekly";
    while (!rc && (p = next_word(p, w, sizeof(w)))) {
        k = vigil_report_kind_parse(w);
        j.kind = (enum vigil_report_kind)k;
        rc = run_kind(&j, now);
    }
    vigil_target_free(t);
    return rc;
}
