/* analyze_timer.c — times the library on pages, for `make bench`.
 *
 *   analyze_timer MODELS_DIR PAGES.jsonl
 *
 * Prints one JSON object: the median and spread of ns_analyzer_open (all
 * models loaded, 7 runs) and the median and p99 of one ns_analyze plus the
 * JSON report, per page, on one thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newssift.h"
#include "timing.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: analyze_timer MODELS_DIR PAGES.jsonl\n");
        return 1;
    }
    ns_analyzer_options o = {.models_dir = argv[1]};
    ns_error err = {0};
    ns_analyzer *a = NULL;
    double load[7];
    for (int i = 0; i < 7; i++) {
        double t0 = now_ms();
        if (ns_analyzer_open(&a, &o, &err)) {
            fprintf(stderr, "analyze_timer: %s\n", err.msg);
            return 2;
        }
        load[i] = now_ms() - t0;
        if (i < 6)
            ns_analyzer_close(a);
    }
    qsort(load, 7, sizeof *load, cmp);
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0, n = 0, ncap = 1024, bytes = 0;
    ssize_t k;
    double *t = malloc(ncap * sizeof *t);
    ns_scratch *s = ns_scratch_new();
    while (t && s && (k = getline(&line, &cap, f)) > 0) {
        double t0 = now_ms();
        ns_report *r;
        if (ns_analyze(a, s, line, (size_t)k, NS_PAGE_JSON, argv[2], &r, &err)) {
            fprintf(stderr, "analyze_timer: %s\n", err.msg);
            return 2;
        }
        char *js = ns_report_json(r);
        ns_report_free(r);
        free(js);
        if (n == ncap)
            t = realloc(t, (ncap *= 2) * sizeof *t);
        t[n++] = now_ms() - t0;
        bytes += (size_t)k;
    }
    fclose(f);
    free(line);
    ns_scratch_free(s);
    ns_analyzer_close(a);
    if (!t || !n)
        return 2;
    qsort(t, n, sizeof *t, cmp);
    printf("{\"load_ms_median\": %.3f, \"load_ms_min\": %.3f, \"load_ms_max\": %.3f, \"pages\": %zu, "
           "\"mean_page_bytes\": %.0f, \"page_ms_median\": %.4f, \"page_ms_p99\": %.4f}\n",
           load[3], load[0], load[6], n, (double)bytes / (double)n, pct(t, n, 0.5), pct(t, n, 0.99));
    free(t);
    return 0;
}
