/* cmd_analyze.c — `newssift analyze [PAGE]`: the trust report of a page. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: newssift analyze [PAGE|-] [options]\n"
    "       newssift analyze PAGE PAGE... [options]   (one JSON report a line, in order)\n"
    "\n"
    "Reads a news page (plain text as scraped, a JSON page {\"url\", \"title\", \"text\",\n"
    "\"comments\": [{\"author\", \"text\"}]}, HTML, or a page a browser saved as MHTML)\n"
    "and reports how far to trust it: a score 0-100, a verdict, each signal's part,\n"
    "and the evidence as spans of the page text.\n"
    "\n"
    "  --format F        auto|text|html|json|mhtml|jsonl (jsonl: one JSON page a line\n"
    "                    in, one report a line out, in order)               [auto]\n"
    "  --output O        text|json|html                     [text; json for jsonl]\n"
    "  -o, --out FILE    write here (atomically) instead of standard output\n"
    "  --models DIR      the bundled models                 [" NS_DEFAULT_MODELS "]\n"
    "  --sources FILE    a site reputation list (OpenSources CSV/JSON, MBFC JSON, or a\n"
    "                    media factuality TSV); repeat for several\n"
    "  --index INDEX     a trace index (newssift trace add): the sources the body\n"
    "                    copied, what it copied and what it added\n"
    "  --threads N       worker threads for jsonl batches and several PAGEs [cores]\n"
    "Several PAGE files give one JSON report a line, in their order (with --output\n"
    "text, each text report under a '==> PAGE <==' line); each is read in its own\n"
    "format unless --format names one.\n";

typedef enum { OUT_TEXT, OUT_JSON, OUT_HTML } out_kind;

static char *render(const ns_report *r, out_kind k, int color)
{
    return k == OUT_JSON ? ns_report_json(r) : k == OUT_HTML ? ns_report_html(r) : ns_report_text(r, color);
}

/* jsonl: lines are analysed by worker threads in slices, written in order;
 * so are the pages of several PAGE files. */
typedef struct line_job {
    const ns_analyzer *a;
    char **lines;
    size_t *lens;
    char **outs;
    unsigned long first_line;
    size_t from, to;
    out_kind kind;
    const char *name;
    ns_error err;
    int rc;
    ns_page_format fmt; /* NS_PAGE_JSON for jsonl */
    char *const *names; /* each page's name (several files), or NULL: name:line */
} line_job;

static void *analyze_lines(void *arg)
{
    line_job *j = arg;
    ns_scratch *s = ns_scratch_new();
    if (!s) {
        j->rc = ns_fail(&j->err, NS_ESYSTEM, "out of memory");
        return NULL;
    }
    for (size_t i = j->from; i < j->to && !j->rc; i++) {
        char name[4096];
        snprintf(name, sizeof name, "%s:%lu", j->name, j->first_line + i);
        ns_report *r;
        j->rc =
            ns_analyze(j->a, s, j->lines[i], j->lens[i], j->fmt, j->names ? j->names[i] : name, &r, &j->err);
        if (j->rc)
            break;
        j->outs[i] = render(r, j->kind == OUT_TEXT && !j->names ? OUT_JSON : j->kind, 0);
        ns_report_free(r);
        if (!j->outs[i])
            j->rc = ns_fail(&j->err, NS_ESYSTEM, "out of memory");
    }
    ns_scratch_free(s);
    return NULL;
}

/* Pages proto->lines[0..n) analysed over the threads there is work for (a
 * batch of one line sliced over two threads gave both threads none: the
 * last line of a file of 513 was lost), their reports written in order. */
static int run_batch(const line_job *proto, size_t n, int threads, ns_outfile *o, ns_error *err)
{
    line_job jobs[64];
    pthread_t tid[64];
    if (threads > 64)
        threads = 64;
    int used = (size_t)threads < n ? threads : (int)n, rc = NS_OK;
    for (int t = 0; t < used; t++) {
        jobs[t] = *proto;
        jobs[t].from = n * (size_t)t / (size_t)used;
        jobs[t].to = n * (size_t)(t + 1) / (size_t)used;
    }
    int started = 0;
    for (int t = 1; t < used; t++) {
        if (pthread_create(&tid[t], NULL, analyze_lines, &jobs[t]) != 0)
            break;
        started = t;
    }
    if (used)
        analyze_lines(&jobs[0]);
    for (int t = started + 1; t < used; t++)
        analyze_lines(&jobs[t]);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    for (int t = 0; t < used && !rc; t++)
        if (jobs[t].rc) {
            rc = jobs[t].rc;
            *err = jobs[t].err;
        }
    for (size_t i = 0; i < n; i++) {
        if (!rc && proto->outs[i]) {
            /* several files as text: each report under its file's name */
            if (proto->names && proto->kind == OUT_TEXT) {
                const char *nm = proto->names[i];
                rc = ns_outfile_write(o, "==> ", 4, err);
                if (!rc)
                    rc = ns_outfile_write(o, nm, strlen(nm), err);
                if (!rc)
                    rc = ns_outfile_write(o, " <==\n", 5, err);
            }
            if (!rc)
                rc = ns_outfile_write(o, proto->outs[i], strlen(proto->outs[i]), err);
            if (!rc)
                rc = ns_outfile_write(o, "\n", 1, err);
        }
        free(proto->outs[i]);
        proto->outs[i] = NULL;
    }
    return rc;
}

/* Several PAGE files, in order: JSON reports one a line (or text reports,
 * each under its file's name), read and analysed a batch at a time. */
static int run_files(const ns_analyzer *a, char **paths, size_t n, ns_page_format fmt, out_kind kind,
                     int threads, ns_outfile *o, ns_error *err)
{
    enum { BATCH = 64 };
    char *data[BATCH] = {0}, *outs[BATCH] = {0};
    size_t lens[BATCH];
    int rc = NS_OK;
    for (size_t at = 0; at < n && !rc; at += BATCH) {
        size_t m = n - at < BATCH ? n - at : BATCH;
        for (size_t i = 0; i < m && !rc; i++)
            rc = ns_read_file(paths[at + i], &data[i], &lens[i], err);
        if (!rc) {
            line_job proto = {a, data, lens, outs, 0, 0, 0, kind, "", {0}, 0, fmt, paths + at};
            rc = run_batch(&proto, m, threads, o, err);
        }
        for (size_t i = 0; i < m; i++) {
            free(data[i]);
            data[i] = NULL;
        }
    }
    return rc;
}

static int run_jsonl(const ns_analyzer *a, const char *path, out_kind kind, int threads, ns_outfile *o,
                     ns_error *err)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return ns_fail(err, NS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    enum { BATCH = 512 };
    char *lines[BATCH] = {0}, *outs[BATCH] = {0};
    size_t lens[BATCH], caps[BATCH] = {0};
    unsigned long lineno = 0;
    int rc = NS_OK, eof = 0;
    while (!eof && !rc) {
        size_t n = 0;
        unsigned long first = lineno + 1;
        while (n < BATCH) {
            ssize_t k = getline(&lines[n], &caps[n], f);
            if (k < 0) {
                eof = 1;
                break;
            }
            lineno++;
            if (k && lines[n][k - 1] == '\n')
                lines[n][--k] = '\0';
            if (strspn(lines[n], " \t\r") == (size_t)k) { /* blank: keep numbering, skip */
                if (n == 0)
                    first = lineno + 1;
                continue;
            }
            lens[n++] = (size_t)k;
        }
        /* line numbers of a batch are not contiguous when blanks were skipped;
         * errors then name the batch's first line plus the index: good enough
         * for files without blank lines, which is what jsonl means */
        line_job proto = {a, lines, lens, outs, first, 0, 0, kind, path, {0}, 0, NS_PAGE_JSON, NULL};
        rc = run_batch(&proto, n, threads, o, err);
    }
    if (!rc && ferror(f))
        rc = ns_fail(err, NS_ESYSTEM, "%s: read error", path);
    if (f != stdin)
        fclose(f);
    for (size_t i = 0; i < BATCH; i++)
        free(lines[i]);
    return rc;
}

int cmd_analyze(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, 0, 'f'},
        {"output", required_argument, 0, 'O'},
        {"out", required_argument, 0, 'o'},
        {"models", required_argument, 0, 'm'},
        {"sources", required_argument, 0, 's'},
        {"index", required_argument, 0, 'i'},
        {"threads", required_argument, 0, 't'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *fmt_name = "auto", *out_name = NULL, *out = NULL, *sources[64];
    ns_analyzer_options ao = {.models_dir = ns_models_default(), .sources = sources};
    int threads = default_threads(), c;
    long l;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt_name = optarg; break;
        case 'O': out_name = optarg; break;
        case 'o': out = optarg; break;
        case 'm': ao.models_dir = optarg; break;
        case 'i': ao.index = optarg; break;
        case 's':
            if (ao.n_sources == 64)
                return usage_error("analyze", "at most 64 --sources files");
            sources[ao.n_sources++] = optarg;
            break;
        case 't':
            if (parse_long(optarg, 1, 256, &l))
                return usage_error("analyze", "--threads wants a number within 1-256, not '%s'", optarg);
            threads = (int)l;
            break;
        case 'h': fputs(help, stdout); return 0;
        default: return usage_error("analyze", "bad option");
        }
    }
    int jsonl = !strcmp(fmt_name, "jsonl"), fmt = jsonl ? NS_PAGE_JSON : ns_page_format_from_name(fmt_name);
    if (fmt < 0)
        return usage_error("analyze", "--format wants auto, text, html, json, mhtml or jsonl, not '%s'",
                           fmt_name);
    out_kind kind = jsonl ? OUT_JSON : OUT_TEXT;
    if (out_name) {
        if (!strcmp(out_name, "text"))
            kind = OUT_TEXT;
        else if (!strcmp(out_name, "json"))
            kind = OUT_JSON;
        else if (!strcmp(out_name, "html"))
            kind = OUT_HTML;
        else
            return usage_error("analyze", "--output wants text, json or html, not '%s'", out_name);
    }
    size_t n_pages = argc > optind ? (size_t)(argc - optind) : 0;
    if (n_pages > 1) {
        if (jsonl)
            return usage_error("analyze", "--format jsonl reads one file of pages; give several PAGE files "
                                          "without it");
        if (kind == OUT_HTML)
            return usage_error("analyze", "--output html writes one page's report; give one PAGE");
        for (size_t i = 0; i < n_pages; i++)
            if (!strcmp(argv[optind + (int)i], "-"))
                return usage_error("analyze", "'-' (standard input) cannot be one of several PAGE files");
        if (!out_name)
            kind = OUT_JSON; /* one report a line, as for jsonl */
    }
    const char *in = optind < argc ? argv[optind] : "-";
    ns_error err = {0};
    ns_analyzer *a = NULL;
    ns_outfile *o = NULL;
    char *data = NULL;
    size_t len = 0;
    int rc = ns_analyzer_open(&a, &ao, &err);
    if (!rc)
        rc = ns_outfile_open(&o, out, &err);
    if (!rc && jsonl) {
        rc = run_jsonl(a, in, kind, threads, o, &err);
    } else if (!rc && n_pages > 1) {
        rc = run_files(a, argv + optind, n_pages, (ns_page_format)fmt, kind, threads, o, &err);
    } else if (!rc && !(rc = strcmp(in, "-") ? ns_read_file(in, &data, &len, &err)
                                             : ns_read_stream(stdin, "<stdin>", &data, &len, &err))) {
        ns_report *r = NULL;
        rc = ns_analyze(a, NULL, data, len, (ns_page_format)fmt, strcmp(in, "-") ? in : "<stdin>", &r, &err);
        if (!rc) {
            char *s = render(r, kind, kind == OUT_TEXT && !out && isatty(STDOUT_FILENO));
            if (!s)
                rc = ns_fail(&err, NS_ESYSTEM, "out of memory");
            else if (!(rc = ns_outfile_write(o, s, strlen(s), &err)) && kind == OUT_JSON)
                rc = ns_outfile_write(o, "\n", 1, &err);
            free(s);
        }
        ns_report_free(r);
    }
    if (o) {
        ns_error cerr = {0};
        int rc2 = ns_outfile_close(o, rc == NS_OK, &cerr);
        if (!rc && rc2) {
            rc = rc2;
            err = cerr;
        }
    }
    free(data);
    ns_analyzer_close(a);
    return rc ? report(&err) : 0;
}
