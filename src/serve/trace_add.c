/* trace_add.c — POST /v1/trace/add: JSONL articles into the trace index.
 *
 * An add writes to SQLite and may take seconds, so it does not run on the
 * worker thread that read the request: that thread would leave its other
 * connections waiting.  The request is handed to one writer thread (SQLite
 * takes one writer at a time anyway) and its connection suspended; when the
 * add is done the writer resumes the connection, libmicrohttpd calls the
 * handler again, and the answer goes out.  On shutdown the writer finishes
 * the add it is in (the index stays consistent) and answers the queued ones
 * 503. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

struct trace_job {
    struct trace_job *next;
    struct MHD_Connection *conn;
    request *q;
    int done, rc;
    size_t added;
    char *stats; /* the index's stats after the add */
    ns_error err;
};

static void finish(trace_job *j)
{
    j->done = 1;
    MHD_resume_connection(j->conn);
}

static void *writer(void *arg)
{
    ns_server *s = arg;
    pthread_mutex_lock(&s->wlock);
    for (;;) {
        while (!s->jobs && !s->writer_stop)
            pthread_cond_wait(&s->wcond, &s->wlock);
        trace_job *j = s->jobs;
        if (!j)
            break;
        s->jobs = j->next;
        if (s->writer_stop) { /* shutting down: not started, so not done */
            j->rc = -1;
            finish(j);
            continue;
        }
        pthread_mutex_unlock(&s->wlock);
        request *q = j->q;
        j->rc = ns_index_add_jsonl(s->index, q->body.p ? q->body.p : "", q->body.n, "body", NULL, NULL,
                                   &j->added, &j->err);
        atomic_fetch_add_explicit(&s->metrics.articles_added, j->added, memory_order_relaxed);
        if (!j->rc) {
            ns_error e2 = {0};
            j->stats = ns_index_stats_json(s->index, &e2);
        }
        pthread_mutex_lock(&s->wlock);
        finish(j);
    }
    pthread_mutex_unlock(&s->wlock);
    return NULL;
}

int trace_writer_start(ns_server *s, const char *index_path, ns_error *err)
{
    int rc = ns_index_open(&s->index, index_path, 1, err);
    if (rc)
        return rc;
    if (pthread_mutex_init(&s->wlock, NULL))
        return ns_fail(err, NS_ESYSTEM, "cannot make a lock");
    if (pthread_cond_init(&s->wcond, NULL)) {
        pthread_mutex_destroy(&s->wlock);
        return ns_fail(err, NS_ESYSTEM, "cannot make a condition variable");
    }
    if (pthread_create(&s->writer, NULL, writer, s)) {
        pthread_cond_destroy(&s->wcond);
        pthread_mutex_destroy(&s->wlock);
        return ns_fail(err, NS_ESYSTEM, "cannot start the index writer thread");
    }
    s->writer_running = 1;
    return NS_OK;
}

void trace_writer_stop(ns_server *s)
{
    if (s->writer_running) {
        pthread_mutex_lock(&s->wlock);
        s->writer_stop = 1;
        pthread_cond_signal(&s->wcond);
        pthread_mutex_unlock(&s->wlock);
        pthread_join(s->writer, NULL);
        pthread_cond_destroy(&s->wcond);
        pthread_mutex_destroy(&s->wlock);
        s->writer_running = 0;
    }
}

void trace_job_free(trace_job *j)
{
    if (j) {
        free(j->stats);
        free(j);
    }
}

enum MHD_Result handle_trace_add(struct MHD_Connection *c, request *q)
{
    ns_server *s = q->server;
    trace_job *j = q->job;
    if (!j) { /* first call: hand it to the writer and wait */
        j = calloc(1, sizeof *j);
        if (!j)
            return reply_error(c, q, 500, "internal", "out of memory");
        j->conn = c, j->q = q;
        q->job = j;
        pthread_mutex_lock(&s->wlock);
        if (s->writer_stop) {
            pthread_mutex_unlock(&s->wlock);
            return reply_error(c, q, 503, "shutting_down", "the server is shutting down; nothing was added");
        }
        MHD_suspend_connection(c);
        trace_job **tail = &s->jobs;
        while (*tail)
            tail = &(*tail)->next;
        *tail = j;
        pthread_cond_signal(&s->wcond);
        pthread_mutex_unlock(&s->wlock);
        return MHD_YES;
    }
    if (!j->done) /* woken early: keep waiting (cannot happen, but cheap to be sure) */
        return MHD_YES;
    if (j->rc < 0)
        return reply_error(c, q, 503, "shutting_down",
                           "the server stopped before the add began; nothing was added");
    if (j->rc) {
        if (j->err.code == NS_EINPUT)
            return reply_error(c, q, 400, "bad_input", "%s (%zu article%s before it %s added)", j->err.msg,
                               j->added, j->added == 1 ? "" : "s", j->added == 1 ? "was" : "were");
        server_log(s, "/v1/trace/add: %s", j->err.msg);
        return reply_error(c, q, 500, "internal", "%s (%zu articles before it were added)", j->err.msg,
                           j->added);
    }
    ns_strbuf b = {0};
    sb_printf(&b, "{\"added\": %zu, \"index\": %s}\n", j->added, j->stats ? j->stats : "null");
    if (b.oom) {
        sb_free(&b);
        return reply_error(c, q, 500, "internal", "out of memory");
    }
    return reply_json(c, q, 200, b.p, b.n);
}
