/* metrics.c — request counters and latency histograms, written in the
 * Prometheus text exposition format (version 0.0.4).  Every figure is a
 * relaxed atomic: a scrape may see one request counted in the total and not
 * yet in the histogram, which Prometheus tolerates. */
#include <stdio.h>

#include "serve/serve.h"

static const unsigned statuses[METRIC_STATUSES] = {200, 400, 401, 404, 405, 408,           411,
                                                   413, 415, 500, 501, 503, 1 /* other */, 0 /* none */};
/* upper bounds in microseconds; the last is +Inf */
static const uint64_t bounds_us[METRIC_BUCKETS - 1] = {
    500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};

const char *route_name(route_id r)
{
    static const char *const names[N_ROUTES] = {"/v1/analyze", "/v1/predict",   "/v1/batch",
                                                "/v1/models",  "/v1/trace/add", "/healthz",
                                                "/metrics",    "web",           "other"};
    return names[r];
}

static int status_index(unsigned status)
{
    for (int i = 0; i < METRIC_STATUSES - 2; i++)
        if (statuses[i] == status)
            return i;
    return status ? METRIC_STATUSES - 2 : METRIC_STATUSES - 1;
}

void metrics_request_done(metrics *m, route_id r, unsigned status, uint64_t micros)
{
    atomic_fetch_add_explicit(&m->requests[r][status_index(status)], 1, memory_order_relaxed);
    int b = 0;
    while (b < METRIC_BUCKETS - 1 && micros > bounds_us[b])
        b++;
    atomic_fetch_add_explicit(&m->latency_buckets[r][b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->latency_sum_us[r], micros, memory_order_relaxed);
}

static uint64_t get(const _Atomic uint64_t *v)
{
    return atomic_load_explicit(v, memory_order_relaxed);
}

static void status_label(char *buf, size_t n, int i)
{
    if (i == METRIC_STATUSES - 1)
        snprintf(buf, n, "none");
    else if (i == METRIC_STATUSES - 2)
        snprintf(buf, n, "other");
    else
        snprintf(buf, n, "%u", statuses[i]);
}

void metrics_write(const metrics *m, ns_strbuf *o)
{
    sb_puts(o, "# HELP newssift_http_requests_total HTTP requests by route and answered status "
               "(\"none\": the client left or timed out before an answer).\n"
               "# TYPE newssift_http_requests_total counter\n");
    for (int r = 0; r < N_ROUTES; r++)
        for (int i = 0; i < METRIC_STATUSES; i++) {
            uint64_t v = get(&m->requests[r][i]);
            char st[16];
            status_label(st, sizeof st, i);
            /* the common pairs are always present, so rates start at 0 */
            if (v || (i == 0 && r != ROUTE_OTHER))
                sb_printf(o, "newssift_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n", route_name(r),
                          st, (unsigned long long)v);
        }
    sb_puts(o, "# HELP newssift_http_request_duration_seconds Time from the request line to the end of the "
               "answer, by route.\n"
               "# TYPE newssift_http_request_duration_seconds histogram\n");
    for (int r = 0; r < N_ROUTES; r++) {
        uint64_t cum = 0;
        for (int b = 0; b < METRIC_BUCKETS; b++) {
            cum += get(&m->latency_buckets[r][b]);
            if (b < METRIC_BUCKETS - 1)
                sb_printf(o, "newssift_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                          route_name(r), (double)bounds_us[b] / 1e6, (unsigned long long)cum);
            else
                sb_printf(o, "newssift_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
                          route_name(r), (unsigned long long)cum);
        }
        sb_printf(o, "newssift_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", route_name(r),
                  (double)get(&m->latency_sum_us[r]) / 1e6);
        sb_printf(o, "newssift_http_request_duration_seconds_count{route=\"%s\"} %llu\n", route_name(r),
                  (unsigned long long)cum);
    }
    sb_printf(
        o,
        "# HELP newssift_pages_analyzed_total Pages analysed (POST /v1/analyze and each line of "
        "/v1/batch).\n"
        "# TYPE newssift_pages_analyzed_total counter\n"
        "newssift_pages_analyzed_total %llu\n"
        "# HELP newssift_pages_failed_total Pages that were not valid pages (answered with an error).\n"
        "# TYPE newssift_pages_failed_total counter\n"
        "newssift_pages_failed_total %llu\n"
        "# HELP newssift_texts_predicted_total Texts labelled by POST /v1/predict.\n"
        "# TYPE newssift_texts_predicted_total counter\n"
        "newssift_texts_predicted_total %llu\n"
        "# HELP newssift_trace_articles_added_total Articles added to the trace index.\n"
        "# TYPE newssift_trace_articles_added_total counter\n"
        "newssift_trace_articles_added_total %llu\n"
        "# HELP newssift_read_timeouts_total Requests closed with 408 because they arrived too slowly.\n"
        "# TYPE newssift_read_timeouts_total counter\n"
        "newssift_read_timeouts_total %llu\n"
        "# HELP newssift_http_connections Open connections.\n"
        "# TYPE newssift_http_connections gauge\n"
        "newssift_http_connections %lld\n"
        "# HELP newssift_http_requests_in_flight Requests begun and not yet answered.\n"
        "# TYPE newssift_http_requests_in_flight gauge\n"
        "newssift_http_requests_in_flight %lld\n"
        "# HELP newssift_build_info The version serving.\n"
        "# TYPE newssift_build_info gauge\n"
        "newssift_build_info{version=\"%s\"} 1\n",
        (unsigned long long)get(&m->pages_analyzed), (unsigned long long)get(&m->pages_failed),
        (unsigned long long)get(&m->texts_predicted), (unsigned long long)get(&m->articles_added),
        (unsigned long long)get(&m->timeouts),
        (long long)atomic_load_explicit(&m->connections, memory_order_relaxed),
        (long long)atomic_load_explicit(&m->in_flight, memory_order_relaxed), NS_VERSION);
}
