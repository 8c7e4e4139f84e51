/*
 * target_file.c - file:/path: each message as one JSON line, appended
 * with O_APPEND in one write so that lines of concurrent writers do not
 * interleave, and synced before the delivery counts as done.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alert_int.h"
#include "../internal.h"

int vigil__alert_send_file(const struct vigil_target *t,
                           const struct vigil__alert_msg *m, long timeout,
                           char *why, size_t len)
{
    struct vigil_buf line = VIGIL_BUF_INIT;
    size_t off = 0;
    int fd, rc = 0;
    ssize_t w;

    (void)timeout;
    if ((rc = vigil__alert_json(m, VIGIL_FORMAT_JSON, &line)) ||
        (rc = vigil_buf_addc(&line, '\n'))) {
        snprintf(why, len, "cannot build the line: %s", vigil_strerror(rc));
        vigil_buf_release(&line);
        return rc;
    }
    fd = open(t->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(why, len, "cannot open '%s': %s", t->path, strerror(errno));
        vigil_buf_release(&line);
        return VIGIL_EIO;
    }
    while (off < line.len) {
        w = write(fd, line.ptr + off, line.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    if (off < line.len || fdatasync(fd) != 0) {
        snprintf(why, len, "cannot write '%s': %s", t->path,
                 strerror(errno));
        rc = VIGIL_EIO;
    }
    close(fd);
    vigil_buf_release(&line);
    return rc;
}
