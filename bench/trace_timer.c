/* trace_timer.c — times trace queries through the library, for `make bench`.
 *
 *   trace_timer INDEX PAGES.jsonl [--top K] [--json OUT.jsonl] [--outlets FILE] [--times FILE]
 *
 * Opens the index once (timed on its own, not part of any query), then for
 * each line of PAGES.jsonl (a JSON page) times ns_page_read + ns_trace_page +
 * ns_trace_json on one thread.  Prints one JSON object: the open time, the
 * page count and the mean, median, p90, p99 and maximum query time in ms, both
 * whole (query_ms_*: read the page, trace it, write the JSON) and for the trace
 * alone (trace_ms_*: ns_trace_page + ns_trace_json).  With
 * --json, writes per page one line {"len": N, "paragraphs": [[s, e], ...],
 * "trace": TRACE} (TRACE as ns_trace_json gives it), so the bench can score
 * the answers and check the reader's paragraph spans against its ground truth.
 * --outlets loads the outlet gazetteer (models/outlets.tsv), as the CLI does,
 * so that copies the page attributes are marked "quoted" alike.  --times writes
 * each page's two times (query ms, trace ms) a line, in page order, so the
 * bench can keep each page's fastest of several passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newssift.h"
#include "timing.h"

static int usage(void)
{
    fprintf(stderr, "usage: trace_timer INDEX PAGES.jsonl [--top K] [--json OUT.jsonl] [--outlets FILE] "
                    "[--times FILE]\n");
    return 1;
}

int main(int argc, char **argv)
{
    const char *index = NULL, *pages = NULL, *json_out = NULL, *outlets = NULL, *times_out = NULL;
    int top_k = 5;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--top") && i + 1 < argc)
            top_k = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--json") && i + 1 < argc)
            json_out = argv[++i];
        else if (!strcmp(argv[i], "--times") && i + 1 < argc)
            times_out = argv[++i];
        else if (!strcmp(argv[i], "--outlets") && i + 1 < argc)
            outlets = argv[++i];
        else if (!index)
            index = argv[i];
        else if (!pages)
            pages = argv[i];
        else
            return usage();
    }
    if (!index || !pages)
        return usage();
    ns_error err = {0};
    ns_index *ix = NULL;
    double t0 = now_ms();
    if (ns_index_open(&ix, index, 0, &err) || (outlets && ns_index_load_outlets(ix, outlets, &err))) {
        fprintf(stderr, "trace_timer: %s\n", err.msg);
        return 2;
    }
    double open_ms = now_ms() - t0;
    FILE *f = fopen(pages, "rb");
    FILE *out = json_out ? fopen(json_out, "wb") : NULL;
    if (!f || (json_out && !out)) {
        perror(!f ? pages : json_out);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0, n = 0, ncap = 1024, bytes = 0;
    ssize_t k;
    double *t = malloc(ncap * sizeof *t), *tt = malloc(ncap * sizeof *tt);
    while (t && tt && (k = getline(&line, &cap, f)) > 0) {
        double q0 = now_ms();
        ns_page *pg = NULL;
        ns_trace *tr = NULL;
        if (ns_page_read(&pg, line, (size_t)k, NS_PAGE_JSON, pages, &err)) {
            fprintf(stderr, "trace_timer: page %zu: %s\n", n + 1, err.msg);
            return 2;
        }
        double r0 = now_ms();
        if (ns_trace_page(ix, pg, top_k, &tr, &err)) {
            fprintf(stderr, "trace_timer: page %zu: %s\n", n + 1, err.msg);
            return 2;
        }
        char *js = ns_trace_json(tr);
        double q1 = now_ms(), q = q1 - q0, qt = q1 - r0;
        if (!js) {
            fprintf(stderr, "trace_timer: out of memory\n");
            return 3;
        }
        if (out) {
            fprintf(out, "{\"len\": %zu, \"paragraphs\": [", pg->len);
            for (size_t p = 0; p < pg->n_paragraphs; p++)
                fprintf(out, "%s[%zu, %zu]", p ? ", " : "", (size_t)pg->paragraphs[p].start,
                        (size_t)pg->paragraphs[p].end);
            fprintf(out, "], \"trace\": %s}\n", js);
        }
        free(js);
        ns_trace_free(tr);
        ns_page_free(pg);
        if (n == ncap) {
            ncap *= 2;
            t = realloc(t, ncap * sizeof *t);
            tt = realloc(tt, ncap * sizeof *tt);
            if (!t || !tt)
                break;
        }
        t[n] = q;
        tt[n++] = qt;
        bytes += (size_t)k;
    }
    fclose(f);
    free(line);
    ns_index_close(ix);
    if (out && fclose(out)) {
        perror(json_out);
        return 3;
    }
    if (t && tt && times_out) {
        FILE *tf = fopen(times_out, "w");
        if (!tf) {
            perror(times_out);
            return 2;
        }
        for (size_t i = 0; i < n; i++)
            fprintf(tf, "%.4f %.4f\n", t[i], tt[i]);
        if (fclose(tf)) {
            perror(times_out);
            return 3;
        }
    }
    if (!t || !tt || !n) {
        fprintf(stderr, "trace_timer: %s\n", n ? "out of memory" : "no pages");
        return n ? 3 : 2;
    }
    printf("{\"open_ms\": %.3f, \"pages\": %zu, \"mean_page_bytes\": %.0f, \"top_k\": %d", open_ms, n,
           (double)bytes / (double)n, top_k);
    double *arr[2] = {t, tt};
    const char *name[2] = {"query", "trace"};
    for (int a = 0; a < 2; a++) {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += arr[a][i];
        qsort(arr[a], n, sizeof *arr[a], cmp);
        printf(", \"%s_ms_mean\": %.4f, \"%s_ms_p50\": %.4f, \"%s_ms_p90\": %.4f, \"%s_ms_p99\": %.4f, "
               "\"%s_ms_max\": %.4f",
               name[a], sum / (double)n, name[a], pct(arr[a], n, 0.5), name[a], pct(arr[a], n, 0.9), name[a],
               pct(arr[a], n, 0.99), name[a], arr[a][n - 1]);
    }
    printf("}\n");
    free(t);
    free(tt);
    return 0;
}
