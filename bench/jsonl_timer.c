/* jsonl_timer.c — the measurement behind src/learn/jsonl_fast.c: the time
 * to read the text, label and id of every line of a JSONL file with jansson
 * (as reader.c did for every line) and with the fast path (as it does now
 * for the lines it can read), the median of five passes over lines held in
 * memory.  Build and run:
 *   make build/jsonl_timer   (make bench builds it too)
 *   build/jsonl_timer FILE.jsonl
 * Figures (2026-12-07, this 2-core VM, statements-liar test split x37, 16 MB):
 * see bench/README.md. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timing.h"
#include "learn/jsonl_fast.h"

static const char *const keys[] = {"text", "title", "label", "id"};

static size_t with_jansson(char **line, size_t *len, size_t n)
{
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        json_error_t je;
        json_t *o = json_loadb(line[i], len[i], JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
        for (size_t k = 0; o && k < 4; k++)
            got += json_string_length(json_object_get(o, keys[k]));
        json_decref(o);
    }
    return got;
}

static size_t with_scan(char **line, size_t *len, size_t n, char *out)
{
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        ns_jsonl_field f[4];
        if (!ns_jsonl_scan(line[i], len[i], keys, 4, f))
            continue;
        for (size_t k = 0; k < 4; k++)
            if (f[k].kind == NS_JF_STRING)
                got += ns_jsonl_unescape(&f[k], out);
    }
    return got;
}

int main(int argc, char **argv)
{
    FILE *fp = argc == 2 ? fopen(argv[1], "rb") : NULL;
    if (!fp) {
        fprintf(stderr, "usage: jsonl_timer FILE.jsonl\n");
        return 2;
    }
    char **line = NULL, *l = NULL;
    size_t *len = NULL, n = 0, cap = 0, lcap = 0, bytes = 0, longest = 0;
    ssize_t k;
    while ((k = getline(&l, &lcap, fp)) > 0) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            line = realloc(line, cap * sizeof *line), len = realloc(len, cap * sizeof *len);
            if (!line || !len)
                return 1;
        }
        len[n] = (size_t)k - (l[k - 1] == '\n');
        if (!(line[n] = malloc(len[n] + 1)))
            return 1;
        memcpy(line[n], l, len[n]);
        bytes += len[n], longest = len[n] > longest ? len[n] : longest;
        n++;
    }
    fclose(fp);
    char *out = malloc(longest + 1);
    double tj[5], ts[5];
    size_t a = 0, b = 0;
    for (int r = 0; r < 5; r++) {
        double t0 = now_ms();
        a = with_jansson(line, len, n);
        double t1 = now_ms();
        b = with_scan(line, len, n, out);
        double t2 = now_ms();
        tj[r] = t1 - t0, ts[r] = t2 - t1;
    }
    qsort(tj, 5, sizeof *tj, cmp), qsort(ts, 5, sizeof *ts, cmp);
    (void)pct;
    printf("%zu lines, %.1f MB: jansson %.1f ms (%.0f MB/s), fast path %.1f ms (%.0f MB/s), %.1fx%s\n", n,
           (double)bytes / 1e6, tj[2], (double)bytes / 1e3 / tj[2], ts[2], (double)bytes / 1e3 / ts[2],
           tj[2] / ts[2], a == b ? "" : " (some lines were left to jansson)");
    return 0;
}
