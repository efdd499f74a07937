/* conns.c — every open connection and its read deadline.
 *
 * libmicrohttpd closes a connection that stays silent for its timeout, but a
 * client that sends one byte a second is never silent, and would hold its
 * connection (and the request's memory) for as long as it likes.  So each
 * connection here has a deadline: it must deliver a whole request (line,
 * headers and body) within read_timeout of opening or of its previous answer.
 * A reaper thread looks at the deadlines a few times a second.  A connection
 * past its deadline in the middle of a request gets a 408 with a JSON error;
 * an idle keep-alive connection is closed without one (a client that reuses
 * it would otherwise read the 408 as the answer to its next request).  Which
 * of the two it is cannot be told from libmicrohttpd's callbacks while the
 * request line itself trickles in, so the kernel's count of bytes received
 * on the socket (TCP_INFO) decides: more than at the end of the previous
 * request means a request has begun.
 *
 * libmicrohttpd has no call to close a connection from outside its own
 * callbacks, and no way to answer while it is still reading headers or body.
 * The reaper therefore writes the 408 itself and shuts the socket down; the
 * server's thread then reads end-of-file and closes the connection the
 * ordinary way.  This is safe because libmicrohttpd writes nothing while a
 * request is being read, and because the table's lock is held both here and
 * when the request turns BUSY, so the two never write at once; the fd stays
 * valid because the table entry is removed (under the lock) before
 * libmicrohttpd closes the socket. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include "serve/serve.h"

#define REAPER_PERIOD_MS 100

static char timeout_reply[512];
static size_t timeout_reply_len;

int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Bytes the kernel received on fd so far (0 when it cannot say). */
static uint64_t bytes_received(int fd)
{
    struct tcp_info ti;
    socklen_t n = sizeof ti;
    memset(&ti, 0, sizeof ti);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &n) ||
        n < offsetof(struct tcp_info, tcpi_bytes_received) + 8)
        return 0;
    return ti.tcpi_bytes_received;
}

static void kill_conn(conn_table *t, conn *c)
{
    if (c->state == CONN_READING || (c->state == CONN_IDLE && bytes_received(c->fd) > c->bytes_before)) {
        /* best effort: a client that does not read gets only the close */
        ssize_t w = send(c->fd, timeout_reply, timeout_reply_len, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)w;
        if (c->req)
            c->req->status = 408; /* counted when libmicrohttpd ends the request */
        else                      /* the request line was still arriving: there is no request to count it */
            metrics_request_done(t->metrics, ROUTE_OTHER, 408, (uint64_t)t->read_timeout_ms * 1000);
        atomic_fetch_add_explicit(&t->metrics->timeouts, 1, memory_order_relaxed);
    }
    shutdown(c->fd, SHUT_RDWR);
    c->state = CONN_KILLED;
}

static void *reaper(void *arg)
{
    conn_table *t = arg;
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += REAPER_PERIOD_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L)
            until.tv_sec++, until.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&t->wake, &t->lock, &until);
        int64_t now = now_ms();
        for (conn *c = t->head; c; c = c->next)
            if ((c->state == CONN_IDLE || c->state == CONN_READING) && now >= c->deadline_ms)
                kill_conn(t, c);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

int conns_init(conn_table *t, unsigned read_timeout_ms, metrics *m)
{
    static const char body[] = "{\"error\": \"request_timeout\", \"message\": \"the request was not received "
                               "within the read timeout\"}\n";
    timeout_reply_len = (size_t)snprintf(timeout_reply, sizeof timeout_reply,
                                         "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\n"
                                         "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
                                         sizeof body - 1, body);
    memset(t, 0, sizeof *t);
    t->read_timeout_ms = read_timeout_ms;
    t->metrics = m;
    pthread_condattr_t ca;
    if (pthread_mutex_init(&t->lock, NULL))
        return -1;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&t->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (rc) {
        pthread_mutex_destroy(&t->lock);
        return -1;
    }
    if (pthread_create(&t->reaper, NULL, reaper, t)) {
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->lock);
        return -1;
    }
    t->reaper_running = 1;
    return 0;
}

void conns_destroy(conn_table *t)
{
    if (t->reaper_running) {
        pthread_mutex_lock(&t->lock);
        t->stop = 1;
        pthread_cond_signal(&t->wake);
        pthread_mutex_unlock(&t->lock);
        pthread_join(t->reaper, NULL);
        t->reaper_running = 0;
    }
    /* libmicrohttpd reports every close before it stops, so the list is empty */
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
}

conn *conn_open(conn_table *t, int fd)
{
    conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    c->state = CONN_IDLE;
    c->deadline_ms = now_ms() + t->read_timeout_ms;
    pthread_mutex_lock(&t->lock);
    c->next = t->head;
    if (t->head)
        t->head->prev = c;
    t->head = c;
    pthread_mutex_unlock(&t->lock);
    atomic_fetch_add_explicit(&t->metrics->connections, 1, memory_order_relaxed);
    return c;
}

void conn_close(conn_table *t, conn *c)
{
    pthread_mutex_lock(&t->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        t->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&t->lock);
    atomic_fetch_sub_explicit(&t->metrics->connections, 1, memory_order_relaxed);
    free(c);
}

void conn_reading(conn_table *t, conn *c, struct request *q)
{
    pthread_mutex_lock(&t->lock);
    if (c->state != CONN_KILLED)
        c->state = CONN_READING;
    c->req = q;
    pthread_mutex_unlock(&t->lock);
}

int conn_busy(conn_table *t, conn *c)
{
    pthread_mutex_lock(&t->lock);
    int alive = c->state != CONN_KILLED;
    if (alive)
        c->state = CONN_BUSY;
    pthread_mutex_unlock(&t->lock);
    return alive;
}

unsigned conn_idle(conn_table *t, conn *c, struct request *q)
{
    pthread_mutex_lock(&t->lock);
    unsigned status = q->status;
    if (c->state != CONN_KILLED) {
        c->state = CONN_IDLE;
        c->deadline_ms = now_ms() + t->read_timeout_ms;
        c->bytes_before = bytes_received(c->fd);
    }
    if (c->req == q)
        c->req = NULL;
    pthread_mutex_unlock(&t->lock);
    return status;
}
