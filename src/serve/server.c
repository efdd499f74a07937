/* server.c — the server's life (start, graceful stop) and libmicrohttpd's
 * callbacks, which walk each request through its stages:
 *
 *   request line   on_request_line: a `request` is made, the clock starts
 *   headers        on_headers: route, method, API key, content type, length
 *                  and capacity are checked; a failure is answered at once
 *                  (libmicrohttpd then drops the unread body and closes)
 *   body           gathered into the request, up to max_body, counted
 *                  against max_buffered for all connections together
 *   end of body    the route's handler answers
 *   done           on_completed: metrics, the connection's next deadline
 *
 * libmicrohttpd runs in epoll mode with one polling thread per worker (a
 * thread pool sized by the caller): select() would stop at 1,024 sockets.
 * Handlers run on those threads, each with its own scratch, so an analysis
 * needs no locks and no allocation of scratch per request. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "serve/serve.h"

#define DEFAULT_MAX_BODY (16u << 20)
#define DEFAULT_READ_TIMEOUT_MS 30000u

typedef enum MHD_Result (*handler_fn)(struct MHD_Connection *, request *);

static const struct route {
    const char *path;
    route_id id;
    int post;
    handler_fn fn;
} routes[] = {
    {"/v1/analyze", ROUTE_ANALYZE, 1, handle_analyze},
    {"/v1/predict", ROUTE_PREDICT, 1, handle_predict},
    {"/v1/batch", ROUTE_BATCH, 1, handle_batch},
    {"/v1/trace/add", ROUTE_TRACE_ADD, 1, handle_trace_add},
    {"/v1/models", ROUTE_MODELS, 0, handle_models},
    {"/healthz", ROUTE_HEALTHZ, 0, handle_healthz},
    {"/metrics", ROUTE_METRICS, 0, handle_metrics},
};

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void server_log(ns_server *s, const char *fmt, ...)
{
    if (!s->log)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    s->log(s->log_ctx, line);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    ns_server *s = cls;
    char line[1024];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (!s->daemon) /* still starting: keep the reason a start fails */
        snprintf(s->start_msg, sizeof s->start_msg, "%s", line);
    else if (s->log)
        s->log(s->log_ctx, line);
}

ns_scratch *worker_scratch(ns_server *s)
{
    ns_scratch *sc = pthread_getspecific(s->scratch_key);
    if (!sc) {
        sc = ns_scratch_new();
        if (sc && pthread_setspecific(s->scratch_key, sc)) {
            ns_scratch_free(sc);
            sc = NULL;
        }
    }
    return sc;
}

static void scratch_destroy(void *p)
{
    ns_scratch_free(p);
}

/* ---------------------------------------------------------------- capacity */

static int reserve(ns_server *s, size_t n)
{
    size_t cur = atomic_load(&s->buffered);
    do {
        if (n > s->max_buffered || cur > s->max_buffered - n)
            return -1;
    } while (!atomic_compare_exchange_weak(&s->buffered, &cur, cur + n));
    return 0;
}

/* ------------------------------------------------------------------ checks */

/* The media type of a Content-Type value is `type` (parameters ignored). */
static int media_is(const char *ct, const char *type)
{
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strlen(type);
    return !strncasecmp(ct, type, n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t');
}

/* Checks the Content-Type of a POST; 0 when the route cannot take it. */
static int accept_type(request *q, const char *ct)
{
    if (!ct)
        return 0;
    switch (q->route) {
    case ROUTE_ANALYZE:
        if (media_is(ct, "application/json"))
            q->page_format = NS_PAGE_JSON;
        else if (media_is(ct, "text/plain"))
            q->page_format = NS_PAGE_TEXT;
        else if (media_is(ct, "text/html") || media_is(ct, "application/xhtml+xml"))
            q->page_format = NS_PAGE_HTML;
        else if (media_is(ct, "multipart/related") || media_is(ct, "application/x-mimearchive") ||
                 media_is(ct, "message/rfc822"))
            q->page_format = NS_PAGE_MHTML; /* the whole .mhtml file, its own headers first */
        else
            return 0;
        return 1;
    case ROUTE_PREDICT: return media_is(ct, "application/json");
    default:
        return media_is(ct, "application/x-ndjson") || media_is(ct, "application/jsonl") ||
               media_is(ct, "application/x-jsonlines");
    }
}

static const char *accepted_types(route_id r)
{
    switch (r) {
    case ROUTE_ANALYZE:
        return "application/json (a JSON page), text/plain, text/html or multipart/related (an MHTML file)";
    case ROUTE_PREDICT: return "application/json";
    default: return "application/x-ndjson (or application/jsonl): one JSON object a line";
    }
}

static int key_matches(const char *want, const char *auth)
{
    if (!auth || strncasecmp(auth, "Bearer ", 7))
        return 0;
    const char *got = auth + 7;
    while (*got == ' ')
        got++;
    size_t n = strlen(want), m = strlen(got);
    unsigned char diff = (unsigned char)(n != m);
    for (size_t i = 0; i < n; i++) /* the same time whatever the first wrong byte */
        diff |= (unsigned char)want[i] ^ (unsigned char)(i < m ? got[i] : 0);
    return diff == 0;
}

static enum MHD_Result serve_asset(struct MHD_Connection *c, request *q)
{
    return reply_static(c, q, q->asset, q->asset_len, q->asset_type);
}

/* The headers are in: pick the route and check everything they tell. */
static enum MHD_Result on_headers(ns_server *s, struct MHD_Connection *c, request *q, const char *url,
                                  const char *method)
{
    const struct route *rt = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (!strcmp(url, routes[i].path))
            rt = &routes[i];
    const void *asset = NULL;
    size_t asset_len = 0;
    const char *asset_type = NULL;
    int is_asset = !rt && web_asset(url, &asset, &asset_len, &asset_type);
    q->route = rt ? rt->id : is_asset ? ROUTE_WEB : ROUTE_OTHER;
    int is_get = !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);
    int is_post = !strcmp(method, MHD_HTTP_METHOD_POST);

    if (atomic_load(&s->stopping))
        return reply_error(c, q, 503, "shutting_down", "the server is shutting down");
    if (!rt && !is_asset)
        return reply_error(c, q, 404, "not_found", "no route %s (see docs/http-api.md)", url);
    if ((rt && rt->post) ? !is_post : !is_get)
        return reply_error(c, q, 405, "method_not_allowed", "%s takes %s, not %s", url,
                           rt && rt->post ? "POST" : "GET", method);
    /* GETs are answered once libmicrohttpd knows there is no body to read:
     * an answer queued now would cost the connection its keep-alive */
    if (is_asset) {
        q->asset = asset, q->asset_len = asset_len, q->asset_type = asset_type;
        q->handler = serve_asset;
        return MHD_YES;
    }
    q->handler = rt->fn;
    if (!rt->post)
        return MHD_YES;
    if (q->route == ROUTE_TRACE_ADD && s->api_key &&
        !key_matches(s->api_key,
                     MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION)))
        return reply_error(c, q, 401, "unauthorized", "%s wants the API key as 'Authorization: Bearer KEY'",
                           url);
    if (q->route == ROUTE_TRACE_ADD && !s->index)
        return reply_error(c, q, 501, "no_index", "%s needs a server started with --index", url);
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!accept_type(q, ct))
        return reply_error(c, q, 415, "unsupported_media_type", "%s takes %s, not %s", url,
                           accepted_types(q->route), ct ? ct : "a body without a Content-Type");
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if (te && strcasestr(te, "chunked")) {
        q->chunked = 1;
        return MHD_YES;
    }
    if (!cl)
        return reply_error(c, q, 411, "length_required",
                           "%s wants a Content-Length (or Transfer-Encoding: chunked)", url);
    char *end;
    unsigned long long len = strtoull(cl, &end, 10);
    if (end == cl || *end)
        return reply_error(c, q, 400, "bad_request", "Content-Length '%s' is not a number", cl);
    if (len > s->max_body)
        return reply_error(c, q, 413, "body_too_large",
                           "the body has %llu bytes; this server takes at most %zu", len, s->max_body);
    if (reserve(s, (size_t)len))
        return reply_error(c, q, 503, "over_capacity",
                           "the server holds as many request bodies as it may (%zu bytes); try again",
                           s->max_buffered);
    q->reserved = (size_t)len;
    q->body.p = malloc((size_t)len + 1);
    if (!q->body.p)
        return reply_error(c, q, 503, "over_capacity", "out of memory for a %llu-byte body", len);
    q->body.cap = (size_t)len + 1;
    q->body.p[0] = '\0';
    return MHD_YES;
}

/* A piece of the body: keep it, unless an error was found (then the rest is
 * read and dropped, and the error answered at the end). */
static void take_body(ns_server *s, request *q, const char *data, size_t n)
{
    if (q->error)
        return;
    if (n > s->max_body - q->body.n) {
        q->error = 413;
        q->error_code = "body_too_large";
        snprintf(q->error_msg, sizeof q->error_msg, "the body is over the limit of %zu bytes", s->max_body);
    } else if (q->chunked && reserve(s, n)) {
        q->error = 503;
        q->error_code = "over_capacity";
        snprintf(q->error_msg, sizeof q->error_msg,
                 "the server holds as many request bodies as it may (%zu bytes); try again", s->max_buffered);
    } else {
        if (q->chunked)
            q->reserved += n;
        sb_put(&q->body, data, n);
        if (!q->body.oom)
            return;
        q->error = 503;
        q->error_code = "over_capacity";
        snprintf(q->error_msg, sizeof q->error_msg, "out of memory for the body");
    }
    sb_free(&q->body);
    atomic_fetch_sub(&s->buffered, q->reserved);
    q->reserved = 0;
}

/* --------------------------------------------------------------- callbacks */

static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)uri;
    ns_server *s = cls;
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn *k = ci ? ci->socket_context : NULL;
    request *q = k ? calloc(1, sizeof *q) : NULL;
    if (!q)
        return NULL; /* on_request closes the connection */
    q->server = s;
    q->conn = k;
    q->route = ROUTE_OTHER;
    q->start_us = now_us();
    conn_reading(&s->conns, k, q);
    atomic_fetch_add_explicit(&s->metrics.in_flight, 1, memory_order_relaxed);
    return q;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size,
                                  void **con_cls)
{
    (void)version;
    ns_server *s = cls;
    request *q = *con_cls;
    if (!q)
        return MHD_NO;
    if (!q->headers_seen) {
        q->headers_seen = 1;
        return on_headers(s, c, q, url, method);
    }
    if (*upload_size) {
        take_body(s, q, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (q->status) /* answered already */
        return MHD_YES;
    if (!conn_busy(&s->conns, q->conn)) /* the reaper closed it: 408 went out */
        return MHD_NO;
    if (q->error)
        return reply_error(c, q, q->error, q->error_code, "%s", q->error_msg);
    return q->handler(c, q);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    ns_server *s = cls;
    request *q = *con_cls;
    if (!q)
        return;
    *con_cls = NULL;
    unsigned status = conn_idle(&s->conns, q->conn, q);
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && status != 408)
        status = 0; /* nothing (whole) reached the client */
    metrics_request_done(&s->metrics, q->route, status, (uint64_t)(now_us() - q->start_us));
    atomic_fetch_sub(&s->buffered, q->reserved);
    sb_free(&q->body);
    trace_job_free(q->job);
    free(q);
    atomic_fetch_sub_explicit(&s->metrics.in_flight, 1, memory_order_relaxed);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    ns_server *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = ci ? conn_open(&s->conns, ci->connect_fd) : NULL;
    } else if (*socket_context) {
        conn_close(&s->conns, *socket_context);
        *socket_context = NULL;
    }
}

/* ------------------------------------------------------------------- life */

static int parse_host(const char *host, unsigned port, struct sockaddr_storage *ss, int *v6)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *v6 = 0;
        return 0;
    }
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *v6 = 1;
        return 0;
    }
    return -1;
}

static void server_free(ns_server *s)
{
    if (!s)
        return;
    acceptor_stop(s);
    trace_writer_stop(s); /* before the daemon: it resumes every suspended connection */
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    conns_destroy(&s->conns);
    if (s->scratch_key_made)
        pthread_key_delete(s->scratch_key);
    models_free(s);
    ns_analyzer_close(s->analyzer);
    ns_index_close(s->index); /* after the analyzer, which borrowed it */
    free(s->api_key);
    free(s);
}

int ns_server_start(ns_server **out, const ns_server_options *o, ns_error *err)
{
    *out = NULL;
    const char *host = o->host ? o->host : "127.0.0.1";
    struct sockaddr_storage addr;
    int v6;
    if (o->port > 65535)
        return ns_fail(err, NS_EUSAGE, "port %u is not within 0-65535", o->port);
    if (parse_host(host, o->port, &addr, &v6))
        return ns_fail(err, NS_EUSAGE, "'%s' is not an IPv4 or IPv6 address", host);
    if (!o->analyzer.models_dir)
        return ns_fail(err, NS_EUSAGE, "no models folder given");
    int rc = ns_mhd_open(err);
    if (rc)
        return rc;
    ns_server *s = calloc(1, sizeof *s);
    if (!s)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    s->listen_fd = s->stop_pipe[0] = s->stop_pipe[1] = -1;
    s->max_body = o->max_body ? o->max_body : DEFAULT_MAX_BODY;
    s->max_buffered = o->max_buffered ? o->max_buffered : 64 * s->max_body;
    if (s->max_buffered < s->max_body)
        s->max_buffered = s->max_body;
    s->log = o->log;
    s->log_ctx = o->log_ctx;
    unsigned timeout_ms = o->read_timeout_ms ? o->read_timeout_ms : DEFAULT_READ_TIMEOUT_MS;
    /* the index first: the analyzer borrows it to trace pages, the writer adds to it */
    ns_analyzer_options ao = o->analyzer;
    rc = o->index ? trace_writer_start(s, o->index, err) : NS_OK;
    if (!rc && s->index)
        ao.index = NULL, ao.index_handle = s->index;
    if (!rc)
        rc = ns_analyzer_open(&s->analyzer, &ao, err);
    if (!rc)
        rc = models_load(s, o->analyzer.models_dir, err);
    if (!rc && o->api_key && !(s->api_key = strdup(o->api_key)))
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
    if (!rc && conns_init(&s->conns, timeout_ms, &s->metrics))
        rc = ns_fail(err, NS_ESYSTEM, "cannot start the connection reaper thread");
    if (!rc) {
        if (pthread_key_create(&s->scratch_key, scratch_destroy))
            rc = ns_fail(err, NS_ESYSTEM, "cannot make a thread key");
        else
            s->scratch_key_made = 1;
    }
    if (rc) {
        server_free(s);
        return rc;
    }
    /* connections: what the open-file limit allows, less room for the models,
     * lists and index the server has open */
    struct rlimit rl;
    unsigned limit = o->max_connections;
    if (!limit) {
        limit = 1000;
        if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 128)
            limit = (unsigned)(rl.rlim_cur - 64 < 1000000 ? rl.rlim_cur - 64 : 1000000);
    }
    unsigned threads = o->threads > 1 ? (unsigned)o->threads : 1;
    /* the port first, so that a port in use is reported before threads start */
    rc = acceptor_listen(s, &addr, v6, err, host, o->port);
    if (rc) {
        server_free(s);
        return rc;
    }
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    unsigned idle_s = (timeout_ms + 999) / 1000;
    s->daemon =
        MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
                         MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0, MHD_OPTION_CONNECTION_LIMIT,
                         limit, MHD_OPTION_CONNECTION_TIMEOUT, idle_s + 1, MHD_OPTION_URI_LOG_CALLBACK,
                         on_request_line, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                         MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_END);
    if (!s->daemon) {
        rc = ns_fail(err, NS_ESYSTEM, "cannot serve on %s port %u: %s", host, o->port,
                     s->start_msg[0] ? s->start_msg : "libmicrohttpd would not start");
        server_free(s);
        return rc;
    }
    rc = acceptor_start(s, err);
    if (rc) {
        server_free(s);
        return rc;
    }
    *out = s;
    return NS_OK;
}

unsigned ns_server_port(const ns_server *s)
{
    return s->port;
}

void ns_server_stop(ns_server *s, unsigned drain_ms)
{
    if (!s)
        return;
    atomic_store(&s->stopping, 1);
    acceptor_stop(s); /* no new connections; those open finish their requests */
    int64_t until = now_ms() + drain_ms;
    while (atomic_load(&s->metrics.in_flight) > 0 && now_ms() < until)
        usleep(5000);
    server_free(s);
}
