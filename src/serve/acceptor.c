/* acceptor.c — the listening socket, and the thread that hands each new
 * connection to the worker pool.
 *
 * Left to itself, libmicrohttpd's pool lets every worker accept from one
 * listening socket, and whichever wakes first takes the connection: under
 * wrk's 64 keep-alive connections one of two workers got 46 of them and the
 * other 19, so one core queued three requests for every one the other did
 * (throughput fell and the slow worker set the p99).  Accepting here and
 * giving each connection to the pool with MHD_add_connection lets
 * libmicrohttpd spread them over its workers (it starts at the socket number
 * modulo the pool size, so consecutive connections alternate). */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve/serve.h"

#define LISTEN_BACKLOG 4096

static void *accept_loop(void *arg)
{
    ns_server *s = arg;
    struct pollfd p[2] = {{.fd = s->listen_fd, .events = POLLIN}, {.fd = s->stop_pipe[0], .events = POLLIN}};
    for (;;) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[1].revents)
            break;
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        int fd = accept4(s->listen_fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            /* out of descriptors (10,000 clients at once): the backlog keeps
             * the rest until connections close; wait rather than spin */
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                poll(&p[1], 1, 10);
            continue;
        }
        /* refused over the connection limit: libmicrohttpd closes fd */
        (void)MHD_add_connection(s->daemon, fd, (struct sockaddr *)&peer, len);
    }
    return NULL;
}

int acceptor_listen(ns_server *s, const struct sockaddr_storage *addr, int v6, ns_error *err,
                    const char *host, unsigned port)
{
    s->listen_fd = s->stop_pipe[0] = s->stop_pipe[1] = -1;
    int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return ns_fail(err, NS_ESYSTEM, "cannot serve on %s port %u: %s", host, port, strerror(errno));
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (v6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    socklen_t alen = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    if (bind(fd, (const struct sockaddr *)addr, alen) || listen(fd, LISTEN_BACKLOG)) {
        int e = errno;
        close(fd);
        return ns_fail(err, NS_ESYSTEM, "cannot serve on %s port %u: %s", host, port, strerror(e));
    }
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    if (!getsockname(fd, (struct sockaddr *)&bound, &blen))
        s->port =
            ntohs(v6 ? ((struct sockaddr_in6 *)&bound)->sin6_port : ((struct sockaddr_in *)&bound)->sin_port);
    s->listen_fd = fd;
    return NS_OK;
}

int acceptor_start(ns_server *s, ns_error *err)
{
    if (pipe2(s->stop_pipe, O_CLOEXEC))
        return ns_fail(err, NS_ESYSTEM, "cannot make a pipe: %s", strerror(errno));
    if (pthread_create(&s->acceptor, NULL, accept_loop, s))
        return ns_fail(err, NS_ESYSTEM, "cannot start the accepting thread");
    s->acceptor_running = 1;
    return NS_OK;
}

void acceptor_stop(ns_server *s)
{
    if (s->acceptor_running) {
        ssize_t w;
        do
            w = write(s->stop_pipe[1], "x", 1);
        while (w < 0 && errno == EINTR);
        pthread_join(s->acceptor, NULL);
        s->acceptor_running = 0;
    }
    for (int i = 0; i < 2; i++)
        if (s->stop_pipe[i] >= 0)
            close(s->stop_pipe[i]), s->stop_pipe[i] = -1;
    if (s->listen_fd >= 0)
        close(s->listen_fd), s->listen_fd = -1;
}
