/*
 * target_exec.c - exec:/path: runs the program (no shell) with the
 * message's JSON document on standard input; exit status 0 is a
 * delivery.  The environment also carries VIGIL_RULE,
 * VIGIL_IDEMPOTENCY_KEY and VIGIL_EVENTS.  Standard output is dropped;
 * the start of standard error becomes the failure message.  A program
 * still running at the timeout is killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alert_int.h"
#include "../internal.h"

extern char **environ;

#define ERR_KEEP 200

struct child {
    pid_t pid;
    int in, err;             /* our ends: its stdin, its stderr */
    char msg[ERR_KEEP + 1];
    size_t nmsg;
};

/* Variables that hold vigil's own secrets stay out of a hook's reach. */
static int is_secret_var(const char *kv)
{
    static const char *const secrets[] = { "NVD_API_KEY=", "VIGIL_SECRET" };
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(secrets); i++)
        if (strncmp(kv, secrets[i], strlen(secrets[i])) == 0)
            return 1;
    return 0;
}

/* The parent's environment, less vigil's secrets, plus the three VIGIL_
 * variables. */
static char **child_env(const struct vigil__alert_msg *m,
                        struct vigil_buf *vars)
{
    size_t n = 0, i, j = 0;
    char **env;

    while (environ && environ[n])
        n++;
    if (!(env = calloc(n + 4, sizeof(*env))))
        return NULL;
    for (i = 0; i < n; i++)
        if (strncmp(environ[i], "VIGIL_RULE=", 11) != 0 &&
            strncmp(environ[i], "VIGIL_IDEMPOTENCY_KEY=", 22) != 0 &&
            strncmp(environ[i], "VIGIL_EVENTS=", 13) != 0 &&
            !is_secret_var(environ[i]))
            env[j++] = environ[i];
    vigil_buf_addf(vars, "VIGIL_RULE=%s%cVIGIL_IDEMPOTENCY_KEY=%s%c"
                   "VIGIL_EVENTS=", m->rule, 0, m->key, 0);
    vigil__alert_ids(m, vars);
    if (!vars->ptr) {
        free(env);
        return NULL;
    }
    env[j] = vars->ptr;
    env[j + 1] = env[j] + strlen(env[j]) + 1;
    env[j + 2] = env[j + 1] + strlen(env[j + 1]) + 1;
    return env;
}

static int cloexec_pipe(int fd[2])
{
    if (pipe(fd) != 0)
        return -1;
    fcntl(fd[0], F_SETFD, FD_CLOEXEC);
    fcntl(fd[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

static int start(const struct vigil_target *t, char **env, struct child *c)
{
    int in[2], er[2], devnull;
    char *argv[2];

    if (cloexec_pipe(in) != 0)
        return -1;
    if (cloexec_pipe(er) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    argv[0] = t->path;
    argv[1] = NULL;
    if ((c->pid = fork()) == 0) {
        /* only async-signal-safe calls between fork and exec; a group of
         * its own, so that a timeout ends the hook's children too */
        setpgid(0, 0);
        dup2(in[0], 0);
        dup2(devnull >= 0 ? devnull : er[1], 1);
        dup2(er[1], 2);
        execve(t->path, argv, env);
        _exit(127);
    }
    close(in[0]);
    close(er[1]);
    if (devnull >= 0)
        close(devnull);
    c->in = in[1];
    c->err = er[0];
    if (c->pid < 0) {
        close(c->in);
        close(c->err);
        return -1;
    }
    fcntl(c->in, F_SETFL, O_NONBLOCK);
    return 0;
}

static long ms_left(const struct timespec *deadline)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (deadline->tv_sec - now.tv_sec) * 1000 +
           (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

static void read_err(struct child *c)
{
    char buf[512];
    ssize_t n = read(c->err, buf, sizeof(buf));
    size_t k;

    if (n <= 0) {
        close(c->err);
        c->err = -1;
        return;
    }
    k = (size_t)n < ERR_KEEP - c->nmsg ? (size_t)n : ERR_KEEP - c->nmsg;
    memcpy(c->msg + c->nmsg, buf, k);
    c->nmsg += k;
    c->msg[c->nmsg] = '\0';
}

/* Feeds the body and collects stderr until both pipes close; 0, or -1
 * at the deadline. */
static int pump(struct child *c, const struct vigil_buf *body,
                const struct timespec *deadline)
{
    size_t off = 0;

    while (c->in >= 0 || c->err >= 0) {
        struct pollfd p[2] = { { c->in, POLLOUT, 0 }, { c->err, POLLIN, 0 } };
        long left = ms_left(deadline);

        if (left <= 0)
            return -1;
        if (poll(p, 2, (int)(left > 1000 ? 1000 : left)) < 0 &&
            errno != EINTR)
            return -1;
        if (c->in >= 0 && p[0].revents) {
            ssize_t w = write(c->in, body->ptr + off, body->len - off);

            if (w > 0)
                off += (size_t)w;
            if ((w < 0 && errno != EAGAIN && errno != EINTR) ||
                off == body->len) {
                close(c->in);
                c->in = -1;
            }
        }
        if (c->err >= 0 && p[1].revents)
            read_err(c);
    }
    return 0;
}

static int finish(struct child *c, const struct timespec *deadline,
                  int *status)
{
    struct timespec pause = { 0, 10000000 };
    pid_t r;

    while ((r = waitpid(c->pid, status, WNOHANG)) == 0 &&
           ms_left(deadline) > 0)
        nanosleep(&pause, NULL);
    if (r == c->pid)
        return 0;
    kill(-c->pid, SIGKILL);
    kill(c->pid, SIGKILL);
    waitpid(c->pid, status, 0);
    return -1;
}

static int run(const struct vigil_target *t, const struct vigil_buf *body,
               char **env, long timeout, char *why, size_t len)
{
    struct child c;
    struct timespec deadline;
    int status = 0, timed_out;

    memset(&c, 0, sizeof(c));
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout;
    if (start(t, env, &c) != 0) {
        snprintf(why, len, "exec: cannot start '%s': %s", t->path,
                 strerror(errno));
        return VIGIL_EIO;
    }
    timed_out = pump(&c, body, &deadline) != 0;
    if (c.in >= 0)
        close(c.in);
    if (c.err >= 0)
        close(c.err);
    timed_out |= finish(&c, &deadline, &status) != 0;
    c.msg[strcspn(c.msg, "\r\n")] = '\0';
    if (timed_out)
        snprintf(why, len, "exec: '%s' took longer than %ld s", t->path,
                 timeout);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    else if (WIFEXITED(status))
        snprintf(why, len, "exec: '%s' exited with %d%s%s", t->path,
                 WEXITSTATUS(status), c.nmsg ? ": " : "", c.msg);
    else
        snprintf(why, len, "exec: '%s' was killed by signal %d", t->path,
                 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return VIGIL_EIO;
}

int vigil__alert_send_exec(const struct vigil_target *t,
                           const struct vigil__alert_msg *m, long timeout,
                           char *why, size_t len)
{
    struct vigil_buf body = VIGIL_BUF_INIT, vars = VIGIL_BUF_INIT;
    struct sigaction ign, old;
    char **env;
    int rc;

    if ((rc = vigil__alert_json(m, VIGIL_FORMAT_JSON, &body)) ||
        (rc = vigil_buf_addc(&body, '\n')))
        goto out;
    rc = VIGIL_ENOMEM;
    if (!(env = child_env(m, &vars)))
        goto out;
    /* a program that exits without reading must not kill vigil */
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    rc = run(t, &body, env, timeout, why, len);
    sigaction(SIGPIPE, &old, NULL);
    free(env);
out:
    if (rc == VIGIL_ENOMEM)
        snprintf(why, len, "exec: out of memory");
    vigil_buf_release(&body);
    vigil_buf_release(&vars);
    return rc;
}
