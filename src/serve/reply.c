/* reply.c — answers: JSON bodies, JSON errors, embedded files.  Every answer
 * goes through queue(), which tells the connection table the request is being
 * answered (so the reaper leaves it alone) and adds "Connection: close" while
 * the server shuts down. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

enum MHD_Result queue(struct MHD_Connection *c, request *q, unsigned status, struct MHD_Response *r)
{
    if (!r)
        return MHD_NO;
    if (!conn_busy(&q->server->conns, q->conn)) { /* the reaper closed it */
        MHD_destroy_response(r);
        return MHD_NO;
    }
    if (atomic_load(&q->server->stopping))
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    if (ok == MHD_YES)
        q->status = status;
    return ok;
}

enum MHD_Result reply_json(struct MHD_Connection *c, request *q, unsigned status, char *body, size_t len)
{
    if (!body)
        return reply_error(c, q, 500, "internal", "out of memory");
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    return queue(c, q, status, r);
}

enum MHD_Result reply_error(struct MHD_Connection *c, request *q, unsigned status, const char *code,
                            const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t n = 0, replaced;
    char *clean = ns_utf8_repair(msg, strlen(msg), &n, &replaced); /* messages may quote input bytes */
    ns_strbuf b = {0};
    sb_puts(&b, "{\"error\": ");
    sb_json_str(&b, code, strlen(code));
    sb_puts(&b, ", \"message\": ");
    sb_json_str(&b, clean ? clean : "", clean ? n : 0);
    sb_puts(&b, "}\n");
    free(clean);
    if (b.oom) {
        sb_free(&b);
        return MHD_NO;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(b.n, b.p, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        sb_free(&b);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (status == 405) {
        const char *allow = q->route == ROUTE_ANALYZE || q->route == ROUTE_PREDICT ||
                                    q->route == ROUTE_BATCH || q->route == ROUTE_TRACE_ADD
                                ? "POST"
                                : "GET, HEAD";
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    } else if (status == 401) {
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    } else if (status == 503) {
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    }
    return queue(c, q, status, r);
}

enum MHD_Result reply_ns_error(struct MHD_Connection *c, request *q, const ns_error *err)
{
    if (err->code == NS_EINPUT || err->code == NS_EUSAGE)
        return reply_error(c, q, 400, "bad_input", "%s", err->msg);
    server_log(q->server, "%s %s: %s", route_name(q->route), "internal error", err->msg);
    return reply_error(c, q, 500, "internal", "%s", err->msg);
}

enum MHD_Result reply_static(struct MHD_Connection *c, request *q, const void *data, size_t len,
                             const char *content_type)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    return queue(c, q, 200, r);
}
