/* trace_timer.c — times trace queries on the library, for `make bench`.
 *
 *   trace_timer INDEX PAGES.jsonl [OUT.jsonl]
 *
 * Each line of PAGES.jsonl is a JSON page; each is read (ns_page_read) and
 * traced (ns_trace_page, top 3) on one thread, after one untimed pass that
 * warms the page cache.  Prints one JSON object: the number of pages, the
 * median, p90, p99 and maximum milliseconds of one query (page reading
 * included).  With OUT, writes each page's trace JSON a line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newssift.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: trace_timer INDEX PAGES.jsonl [OUT.jsonl]\n");
        return 1;
    }
    ns_error err = {0};
    ns_index *ix = NULL;
    char *data = NULL;
    size_t len = 0;
    if (ns_index_open(&ix, argv[1], 0, &err) || ns_read_file(argv[2], &data, &len, &err)) {
        fprintf(stderr, "trace_timer: %s\n", err.msg);
        return 2;
    }
    FILE *out = argc == 4 ? fopen(argv[3], "w") : NULL;
    size_t n = 0, cap = 1024;
    double *t = malloc(cap * sizeof *t);
    for (int pass = 0; pass < 2 && t; pass++) {
        n = 0;
        for (size_t pos = 0; pos < len;) {
            const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
            size_t k = nl ? (size_t)(nl - s) : len - pos;
            pos += k + 1;
            if (!k)
                continue;
            double t0 = now_ms();
            ns_page *page = NULL;
            ns_trace *tr = NULL;
            if (ns_page_read(&page, s, k, NS_PAGE_JSON, argv[2], &err) ||
                ns_trace_page(ix, page, 3, &tr, &err)) {
                fprintf(stderr, "trace_timer: %s\n", err.msg);
                return 2;
            }
            double dt = now_ms() - t0;
            if (pass && out) {
                char *j = ns_trace_json(tr);
                fprintf(out, "%s\n", j ? j : "null");
                free(j);
            }
            ns_trace_free(tr);
            ns_page_free(page);
            if (n == cap && !(t = realloc(t, (cap *= 2) * sizeof *t)))
                break;
            if (t)
                t[n++] = dt;
        }
    }
    if (!t || !n) {
        fprintf(stderr, "trace_timer: no pages\n");
        return 2;
    }
    qsort(t, n, sizeof *t, cmp);
    printf("{\"pages\": %zu, \"p50_ms\": %.4f, \"p90_ms\": %.4f, \"p99_ms\": %.4f, \"max_ms\": %.4f}\n", n,
           t[n / 2], t[n * 9 / 10], t[n * 99 / 100], t[n - 1]);
    if (out)
        fclose(out);
    free(t);
    free(data);
    ns_index_close(ix);
    return 0;
}
