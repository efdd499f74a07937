/* serve.h — what the files of the HTTP server share.
 *
 * One request flows through them like this:
 *   server.c    libmicrohttpd's callbacks: the request line opens a `request`,
 *               the headers pick a route and are checked (method, key, content
 *               type, length, capacity), the body is gathered, the handler runs.
 *   conns.c     every open connection and its read deadline; a reaper thread
 *               closes those that take too long to send a request.
 *   handlers.c  /v1/analyze, /v1/batch, /v1/models, /healthz, /metrics.
 *   predict.c   the models of /v1/predict, and the route.
 *   trace_add.c /v1/trace/add, on a writer thread of its own.
 *   assets.c    the web page and the example page, embedded in the binary.
 *   metrics.c   counters and latency histograms, /metrics in Prometheus text.
 *   reply.c     JSON answers and JSON errors.
 *   mhd.c       libmicrohttpd itself, opened when the first server starts.
 */
#ifndef NS_SERVE_SERVE_H
#define NS_SERVE_SERVE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "newssift.h"
#include "serve/mhd.h"
#include "util/strbuf.h"

/* Routes as metrics count them. */
typedef enum route_id {
    ROUTE_ANALYZE,
    ROUTE_PREDICT,
    ROUTE_BATCH,
    ROUTE_MODELS,
    ROUTE_TRACE_ADD,
    ROUTE_HEALTHZ,
    ROUTE_METRICS,
    ROUTE_WEB, /* the page, its assets and the example page */
    ROUTE_OTHER,
    N_ROUTES
} route_id;

/* ------------------------------------------------------------- metrics */

/* The statuses the server answers; anything else counts as "other", and a
 * request that got no answer (client gone, timed out) as "none". */
#define METRIC_STATUSES 14
#define METRIC_BUCKETS 15

typedef struct metrics {
    _Atomic uint64_t requests[N_ROUTES][METRIC_STATUSES];
    _Atomic uint64_t latency_buckets[N_ROUTES][METRIC_BUCKETS]; /* not cumulative */
    _Atomic uint64_t latency_sum_us[N_ROUTES];
    _Atomic uint64_t pages_analyzed, pages_failed, texts_predicted;
    _Atomic int64_t connections, in_flight;
    _Atomic uint64_t timeouts, articles_added;
} metrics;

void metrics_request_done(metrics *m, route_id r, unsigned status, uint64_t micros);
/* Appends the Prometheus text exposition of m. */
void metrics_write(const metrics *m, ns_strbuf *out);
const char *route_name(route_id r);

/* --------------------------------------------------------- connections */

typedef enum conn_state {
    CONN_IDLE,    /* waiting for a request line                  */
    CONN_READING, /* request line seen; headers or body arriving */
    CONN_BUSY,    /* whole request read; being answered          */
    CONN_KILLED,  /* the reaper closed it                        */
} conn_state;

struct request;

typedef struct conn {
    struct conn *prev, *next;
    int fd;
    conn_state state;
    int64_t deadline_ms;   /* IDLE and READING: when the reaper closes it */
    uint64_t bytes_before; /* bytes received when the last request ended */
    struct request *req;   /* the request being read, if any            */
} conn;

typedef struct conn_table {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    conn *head;
    unsigned read_timeout_ms;
    int stop;
    pthread_t reaper;
    int reaper_running;
    metrics *metrics;
} conn_table;

int64_t now_ms(void);
int conns_init(conn_table *t, unsigned read_timeout_ms, metrics *m);
void conns_destroy(conn_table *t);
conn *conn_open(conn_table *t, int fd);
void conn_close(conn_table *t, conn *c);
/* A request line arrived on c. */
void conn_reading(conn_table *t, conn *c, struct request *q);
/* The whole request was read: no deadline while it is answered.  Returns 0
 * when the reaper got there first (the connection is being closed). */
int conn_busy(conn_table *t, conn *c);
/* The answer was sent (or the request ended): the next request's deadline
 * starts now.  Returns the status the reaper answered, or 0. */
unsigned conn_idle(conn_table *t, conn *c, struct request *q);

/* ------------------------------------------------------------ requests */

typedef struct trace_job trace_job;

typedef struct served_model {
    char *name;
    ns_model *model;
} served_model;

struct ns_server {
    struct MHD_Daemon *daemon;
    unsigned port;
    /* the listening socket and the thread accepting from it (acceptor.c) */
    int listen_fd, stop_pipe[2];
    pthread_t acceptor;
    int acceptor_running;
    ns_analyzer *analyzer;
    served_model *models; /* every models_dir/NAME.nsm, sorted by name */
    size_t n_models;
    ns_strbuf models_json; /* the answer of GET /v1/models */
    char *api_key;
    size_t max_body, max_buffered;
    _Atomic size_t buffered;
    atomic_int stopping;
    pthread_key_t scratch_key;
    int scratch_key_made;
    conn_table conns;
    metrics metrics;
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
    char start_msg[256]; /* libmicrohttpd's reason when it would not start */
    /* the trace index and its writer thread (trace_add.c) */
    ns_index *index;
    pthread_t writer;
    pthread_mutex_t wlock;
    pthread_cond_t wcond;
    trace_job *jobs;
    int writer_running, writer_stop;
};

/* ------------------------------------------------------------ acceptor */

/* Binds and listens on addr (s->port is then the port bound); the messages
 * name host and port.  Before acceptor_start. */
int acceptor_listen(ns_server *s, const struct sockaddr_storage *addr, int v6, ns_error *err,
                    const char *host, unsigned port);
/* Hands every new connection to s->daemon from a thread of its own. */
int acceptor_start(ns_server *s, ns_error *err);
/* No new connections: the thread stopped, the socket closed.  Idempotent. */
void acceptor_stop(ns_server *s);

typedef struct request {
    ns_server *server;
    conn *conn;
    route_id route;
    int64_t start_us;
    int headers_seen;
    int chunked; /* the body's length is not known in advance */
    enum MHD_Result (*handler)(struct MHD_Connection *c, struct request *q);
    const void *asset; /* GET of an embedded file */
    size_t asset_len;
    const char *asset_type;
    unsigned status; /* what was answered (0: nothing yet) */
    unsigned error;  /* an error found while reading the body: answer it at the end */
    const char *error_code;
    char error_msg[160];
    ns_page_format page_format;
    size_t reserved; /* bytes counted against server->max_buffered */
    trace_job *job;  /* POST /v1/trace/add: the add handed to the writer */
    ns_strbuf body;
} request;

/* The calling worker thread's scratch (made on first use). */
ns_scratch *worker_scratch(ns_server *s);
void server_log(ns_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------- replies */

/* Queues a JSON answer (body is taken over and freed). */
enum MHD_Result reply_json(struct MHD_Connection *c, request *q, unsigned status, char *body, size_t len);
/* {"error": code, "message": text}; message is made valid UTF-8. */
enum MHD_Result reply_error(struct MHD_Connection *c, request *q, unsigned status, const char *code,
                            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The error of an ns_error from the library: input 400, else 500. */
enum MHD_Result reply_ns_error(struct MHD_Connection *c, request *q, const ns_error *err);
enum MHD_Result reply_static(struct MHD_Connection *c, request *q, const void *data, size_t len,
                             const char *content_type);
enum MHD_Result queue(struct MHD_Connection *c, request *q, unsigned status, struct MHD_Response *r);

/* ------------------------------------------------------------ handlers */

enum MHD_Result handle_analyze(struct MHD_Connection *c, request *q);
enum MHD_Result handle_predict(struct MHD_Connection *c, request *q);
enum MHD_Result handle_batch(struct MHD_Connection *c, request *q);
enum MHD_Result handle_models(struct MHD_Connection *c, request *q);
enum MHD_Result handle_healthz(struct MHD_Connection *c, request *q);
enum MHD_Result handle_metrics(struct MHD_Connection *c, request *q);
enum MHD_Result handle_trace_add(struct MHD_Connection *c, request *q);
/* GET of the page, its assets and the example page; 0 when url is none of them. */
int web_asset(const char *url, const void **data, size_t *len, const char **content_type);

int models_load(ns_server *s, const char *dir, ns_error *err);
/* Opens the index (made when missing) and starts its writer thread. */
int trace_writer_start(ns_server *s, const char *index_path, ns_error *err);
/* Finishes the add in progress and answers the queued ones 503 (the index
 * stays open: the server closes it after the analyzer). */
void trace_writer_stop(ns_server *s);
void trace_job_free(trace_job *j);
void models_free(ns_server *s);

#endif
