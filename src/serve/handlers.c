/* handlers.c — what each route does once its request is read whole:
 * /v1/analyze (one page, the report as `newssift analyze --output json`
 * writes it), /v1/batch (JSONL pages in, JSONL reports out, streamed in
 * order), /v1/models, /healthz, /metrics and the web files.  /v1/predict is
 * in predict.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

enum MHD_Result handle_analyze(struct MHD_Connection *c, request *q)
{
    ns_server *s = q->server;
    ns_report *r = NULL;
    ns_error err = {0};
    ns_scratch *sc = worker_scratch(s);
    if (!sc)
        return reply_error(c, q, 500, "internal", "out of memory");
    int rc =
        ns_analyze(s->analyzer, sc, q->body.p ? q->body.p : "", q->body.n, q->page_format, "body", &r, &err);
    if (rc) {
        atomic_fetch_add_explicit(&s->metrics.pages_failed, 1, memory_order_relaxed);
        return reply_ns_error(c, q, &err);
    }
    atomic_fetch_add_explicit(&s->metrics.pages_analyzed, 1, memory_order_relaxed);
    char *json = ns_report_json(r);
    ns_report_free(r);
    if (!json)
        return reply_error(c, q, 500, "internal", "out of memory");
    /* the CLI ends the report with a newline: the bodies are the same bytes */
    size_t n = strlen(json);
    char *line = realloc(json, n + 2);
    if (!line) {
        free(json);
        return reply_error(c, q, 500, "internal", "out of memory");
    }
    line[n] = '\n', line[n + 1] = '\0';
    return reply_json(c, q, 200, line, n + 1);
}

/* ------------------------------------------------------------------ batch */

/* A batch answers as it goes: libmicrohttpd asks for more output whenever
 * the socket can take it, and each ask analyses the next line.  So the
 * reports stream out in input order, memory holds the body and one report,
 * and a long batch takes turns with the other connections of its thread. */
typedef struct batch {
    ns_server *server;
    ns_strbuf body;
    size_t reserved;
    size_t at;          /* next unread byte of body */
    unsigned long line; /* number of the last line read */
    char *out;          /* the current report line and how much of it went out */
    size_t out_len, out_sent;
} batch;

static char *batch_error_line(unsigned long line, const ns_error *err, size_t *len)
{
    ns_strbuf b = {0};
    size_t n = 0, replaced;
    char *msg = ns_utf8_repair(err->msg, strlen(err->msg), &n, &replaced);
    sb_puts(&b, err->code == NS_EINPUT ? "{\"error\": \"bad_input\", \"message\": "
                                       : "{\"error\": \"internal\", \"message\": ");
    sb_json_str(&b, msg ? msg : "", msg ? n : 0);
    sb_printf(&b, ", \"line\": %lu}\n", line);
    free(msg);
    if (b.oom) {
        sb_free(&b);
        return NULL;
    }
    *len = b.n;
    return b.p;
}

/* Analyses the next non-blank line into b->out; 0 at the end of the body. */
static int batch_next(batch *b)
{
    ns_server *s = b->server;
    while (b->at < b->body.n) {
        const char *p = b->body.p + b->at;
        const char *nl = memchr(p, '\n', b->body.n - b->at);
        size_t len = nl ? (size_t)(nl - p) : b->body.n - b->at;
        b->at += len + (nl != NULL);
        b->line++;
        size_t blank = 0;
        while (blank < len && (p[blank] == ' ' || p[blank] == '\t' || p[blank] == '\r'))
            blank++;
        if (blank == len)
            continue;
        char name[32];
        snprintf(name, sizeof name, "batch:%lu", b->line);
        ns_error err = {0};
        ns_report *r = NULL;
        ns_scratch *sc = worker_scratch(s);
        int rc = sc ? ns_analyze(s->analyzer, sc, p, len, NS_PAGE_JSON, name, &r, &err)
                    : ns_fail(&err, NS_ESYSTEM, "out of memory");
        if (rc) {
            atomic_fetch_add_explicit(&s->metrics.pages_failed, 1, memory_order_relaxed);
            b->out = batch_error_line(b->line, &err, &b->out_len);
        } else {
            atomic_fetch_add_explicit(&s->metrics.pages_analyzed, 1, memory_order_relaxed);
            char *json = ns_report_json(r);
            ns_report_free(r);
            size_t n = json ? strlen(json) : 0;
            b->out = json ? realloc(json, n + 2) : NULL;
            if (!b->out)
                free(json);
            else
                b->out[n] = '\n', b->out[n + 1] = '\0', b->out_len = n + 1;
        }
        if (!b->out)
            return -1;
        b->out_sent = 0;
        return 1;
    }
    return 0;
}

static ssize_t batch_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    batch *b = cls;
    while (b->out_sent == b->out_len) {
        free(b->out);
        b->out = NULL;
        b->out_len = b->out_sent = 0;
        int k = batch_next(b);
        if (k == 0)
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (k < 0) {
            server_log(b->server, "/v1/batch: out of memory at line %lu", b->line);
            return MHD_CONTENT_READER_END_WITH_ERROR;
        }
    }
    size_t n = b->out_len - b->out_sent < max ? b->out_len - b->out_sent : max;
    memcpy(buf, b->out + b->out_sent, n);
    b->out_sent += n;
    return (ssize_t)n;
}

static void batch_free(void *cls)
{
    batch *b = cls;
    atomic_fetch_sub(&b->server->buffered, b->reserved);
    sb_free(&b->body);
    free(b->out);
    free(b);
}

enum MHD_Result handle_batch(struct MHD_Connection *c, request *q)
{
    batch *b = calloc(1, sizeof *b);
    if (!b)
        return reply_error(c, q, 500, "internal", "out of memory");
    b->server = q->server;
    b->body = q->body; /* the batch owns the body and its share of the budget now */
    b->reserved = q->reserved;
    q->body = (ns_strbuf){0};
    q->reserved = 0;
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, batch_read, b, batch_free);
    if (!r) {
        batch_free(b);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/x-ndjson");
    return queue(c, q, 200, r);
}

/* ------------------------------------------------------------ small routes */

enum MHD_Result handle_models(struct MHD_Connection *c, request *q)
{
    ns_server *s = q->server;
    return reply_static(c, q, s->models_json.p, s->models_json.n, "application/json");
}

enum MHD_Result handle_healthz(struct MHD_Connection *c, request *q)
{
    static const char ok[] = "{\"status\": \"ok\", \"version\": \"" NS_VERSION "\"}\n";
    return reply_static(c, q, ok, sizeof ok - 1, "application/json");
}

enum MHD_Result handle_metrics(struct MHD_Connection *c, request *q)
{
    ns_strbuf b = {0};
    metrics_write(&q->server->metrics, &b);
    if (b.oom) {
        sb_free(&b);
        return reply_error(c, q, 500, "internal", "out of memory");
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(b.n, b.p, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        sb_free(&b);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    return queue(c, q, 200, r);
}
