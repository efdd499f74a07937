/* cmd_trace.c — `newssift trace add|query|stats|check`: the index of
 * reference articles and the sources a page copied. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: newssift trace add INDEX [FILE.jsonl|-] [--batch N] [--threads N]\n"
    "       newssift trace query INDEX [PAGE|-] [--json] [--top K] [--format F] [--models DIR] [-o FILE]\n"
    "       newssift trace stats INDEX [--json]\n"
    "       newssift trace check INDEX\n"
    "\n"
    "An index of reference articles (an SQLite file), and the articles a page copied:\n"
    "which sentences of its body come from which source, exactly or with words changed,\n"
    "whether the page names the source there, and which sentences it added.\n"
    "\n"
    "add     adds JSONL articles {\"id\", \"text\", \"url\"?, \"title\"?, \"date\"?, \"outlet\"?},\n"
    "        making INDEX if needed; re-adding an id replaces the article.  The add stops\n"
    "        at the first bad line: the articles before it are added, none after it.\n"
    "  --batch N       articles a transaction (default: grows with the index)\n"
    "  --threads N     threads parsing and fingerprinting articles          [cores]\n"
    "query   the sources of a page's body (a page in any format), best first\n"
    "  --json          the JSON trace object (docs/trace.md) instead of text\n"
    "  --top K         at most K sources, 1-100                                 [3]\n"
    "  --format F      auto|text|html|json|mhtml, or jsonl: one JSON page a line\n"
    "                  in, one JSON trace a line out                         [auto]\n"
    "  --models DIR    where outlets.tsv is          [" NS_DEFAULT_MODELS "]\n"
    "  -o, --out FILE  write here (atomically) instead of standard output\n"
    "stats   articles, postings, bytes on disk (--json: as JSON)\n"
    "check   PRAGMA integrity_check and the index's own invariants; exit 0 or 2\n"
    "\n"
    "Progress of an add is shown on standard error when it is a terminal.\n";

/* ------------------------------------------------------------ input */

typedef struct input {
    char *data;
    size_t len;
    int mapped;
} input;

/* A regular file is mapped (a corpus of a million articles is not copied);
 * anything else is read. */
static int input_open(input *in, const char *path, ns_error *err)
{
    memset(in, 0, sizeof *in);
    if (!strcmp(path, "-"))
        return ns_read_stream(stdin, "<stdin>", &in->data, &in->len, err);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return ns_fail(err, NS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
            close(fd);
            in->data = p, in->len = (size_t)st.st_size, in->mapped = 1;
            return NS_OK;
        }
    }
    close(fd);
    return ns_read_file(path, &in->data, &in->len, err);
}

static void input_close(input *in)
{
    if (in->mapped)
        munmap(in->data, in->len);
    else
        free(in->data);
}

/* ------------------------------------------------------------------ add */

typedef struct progress_state {
    struct timespec start, last;
    int shown;
} progress_state;

static double since(const struct timespec *a)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - a->tv_sec) + (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

static void show_progress(void *arg, size_t done, size_t total)
{
    progress_state *p = arg;
    if (since(&p->last) < 0.25 && done < total)
        return;
    clock_gettime(CLOCK_MONOTONIC, &p->last);
    double secs = since(&p->start);
    fprintf(stderr, "\rtrace add: %3.0f%% of %.1f MB, %.1f MB/s   ",
            total ? 100.0 * (double)done / (double)total : 0, (double)total / 1e6,
            secs > 0 ? (double)done / 1e6 / secs : 0);
    p->shown = 1;
}

static int trace_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"batch", required_argument, 0, 'b'},
        {"threads", required_argument, 0, 't'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    long batch = 0, threads = default_threads();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if (parse_long(optarg, 1, 100000000, &batch))
                return usage_error("trace add", "--batch wants a number of articles, not '%s'", optarg);
            break;
        case 't':
            if (parse_long(optarg, 1, 64, &threads))
                return usage_error("trace add", "--threads wants a number within 1-64, not '%s'", optarg);
            break;
        case 'h': fputs(help, stdout); return 0;
        default: return usage_error("trace add", "bad option");
        }
    }
    if (argc - optind < 1)
        return usage_error("trace add", "no INDEX given");
    if (argc - optind > 2)
        return usage_error("trace add", "one INDEX and one FILE only");
    const char *path = argv[optind], *file = optind + 1 < argc ? argv[optind + 1] : "-";
    ns_error err = {0};
    input in;
    int rc = input_open(&in, file, &err);
    if (rc)
        return report(&err);
    ns_index *ix = NULL;
    size_t added = 0;
    progress_state ps = {0};
    clock_gettime(CLOCK_MONOTONIC, &ps.start);
    if (!(rc = ns_index_open(&ix, path, 1, &err))) {
        ns_index_set_threads(ix, (int)threads);
        ns_index_set_batch(ix, (size_t)batch);
        rc = ns_index_add_jsonl(ix, in.data, in.len, strcmp(file, "-") ? file : "<stdin>",
                                progress_enabled() ? show_progress : NULL, &ps, &added, &err);
    }
    if (ps.shown)
        fputs("\n", stderr);
    double secs = since(&ps.start);
    if (added || !rc)
        printf("added %zu article%s to %s in %.1f s (%.0f a second)%s\n", added, added == 1 ? "" : "s", path,
               secs, secs > 0 ? (double)added / secs : 0, rc ? ", then stopped" : "");
    ns_index_close(ix);
    input_close(&in);
    return rc ? report(&err) : 0;
}

/* ---------------------------------------------------------------- query */

static int trace_query(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, 0, 'j'},
        {"top", required_argument, 0, 'k'},
        {"format", required_argument, 0, 'f'},
        {"models", required_argument, 0, 'm'},
        {"out", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    int json = 0, c;
    long top = 3;
    const char *fmt_name = "auto", *models = ns_models_default(), *out = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'j': json = 1; break;
        case 'k':
            if (parse_long(optarg, 1, 100, &top))
                return usage_error("trace query", "--top wants a number within 1-100, not '%s'", optarg);
            break;
        case 'f': fmt_name = optarg; break;
        case 'm': models = optarg; break;
        case 'o': out = optarg; break;
        case 'h': fputs(help, stdout); return 0;
        default: return usage_error("trace query", "bad option");
        }
    }
    int jsonl = !strcmp(fmt_name, "jsonl"), fmt = jsonl ? NS_PAGE_JSON : ns_page_format_from_name(fmt_name);
    if (fmt < 0)
        return usage_error("trace query", "--format wants auto, text, html, json, mhtml or jsonl, not '%s'",
                           fmt_name);
    if (argc - optind < 1)
        return usage_error("trace query", "no INDEX given");
    if (argc - optind > 2)
        return usage_error("trace query", "one INDEX and one PAGE only");
    const char *path = argv[optind], *file = optind + 1 < argc ? argv[optind + 1] : "-";
    const char *name = strcmp(file, "-") ? file : "<stdin>";
    char gaz[4096];
    snprintf(gaz, sizeof gaz, "%s/outlets.tsv", models);
    ns_error err = {0};
    ns_index *ix = NULL;
    ns_outfile *o = NULL;
    input in = {0};
    int rc = input_open(&in, file, &err);
    if (!rc)
        rc = ns_index_open(&ix, path, 0, &err);
    if (!rc)
        rc = ns_index_load_outlets(ix, gaz, &err);
    if (!rc)
        rc = ns_outfile_open(&o, out, &err);
    size_t pos = 0;
    unsigned long line = 0;
    while (!rc && pos < in.len + !jsonl) {
        const char *data = in.data + pos;
        size_t len = in.len - pos;
        char pname[4200];
        snprintf(pname, sizeof pname, "%s", name);
        if (jsonl) {
            const char *nl = memchr(data, '\n', len);
            len = nl ? (size_t)(nl - data) : len;
            pos += len + 1;
            line++;
            if (strspn(data, " \t\r") >= len) /* blank line */
                continue;
            snprintf(pname, sizeof pname, "%s:%lu", name, line);
        } else {
            pos = in.len + 1;
        }
        ns_page *page = NULL;
        ns_trace *t = NULL;
        char *s = NULL;
        rc = ns_page_read(&page, data, len, (ns_page_format)fmt, pname, &err);
        if (!rc)
            rc = ns_trace_page(ix, page, (int)top, &t, &err);
        if (!rc) {
            s = json || jsonl ? ns_trace_json(t) : ns_trace_text(t, page, !out && isatty(STDOUT_FILENO));
            if (!s)
                rc = ns_fail(&err, NS_ESYSTEM, "out of memory");
        }
        if (!rc)
            rc = ns_outfile_write(o, s, strlen(s), &err);
        if (!rc && (json || jsonl))
            rc = ns_outfile_write(o, "\n", 1, &err);
        free(s);
        ns_trace_free(t);
        ns_page_free(page);
    }
    if (o) {
        ns_error cerr = {0};
        int rc2 = ns_outfile_close(o, rc == NS_OK, &cerr);
        if (!rc && rc2)
            rc = rc2, err = cerr;
    }
    ns_index_close(ix);
    input_close(&in);
    return rc ? report(&err) : 0;
}

/* -------------------------------------------------------- stats, check */

static int trace_stats(int argc, char **argv)
{
    int json = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return fputs(help, stdout), 0;
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("trace stats", "bad option '%s'", argv[i]);
        else if (path)
            return usage_error("trace stats", "one INDEX only");
        else
            path = argv[i];
    }
    if (!path)
        return usage_error("trace stats", "no INDEX given");
    ns_error err = {0};
    ns_index *ix = NULL;
    int rc = ns_index_open(&ix, path, 0, &err);
    char *s = rc ? NULL : ns_index_stats_json(ix, &err);
    if (!rc && !s)
        rc = err.code ? err.code : NS_ESYSTEM;
    ns_index_close(ix);
    if (rc)
        return report(&err);
    if (json) {
        printf("%s\n", s);
        free(s);
        return 0;
    }
    json_t *j = json_loads(s, 0, NULL);
    free(s);
    if (!j)
        return ns_fail(&err, NS_ESYSTEM, "out of memory"), report(&err);
#define NUM(k) json_number_value(json_object_get(j, k))
    json_t *set = json_object_get(j, "settings");
    printf("%s: %.0f articles, %.1f MB of them stored\n", path, NUM("articles"), NUM("stored_bytes") / 1e6);
    printf("  %.0f postings (%.0f dropped from full buckets)\n", NUM("postings"), NUM("dropped_postings"));
    printf("  file %.1f MB (%.1f MB free, WAL %.1f MB): %.0f bytes an article beyond what is stored\n",
           NUM("file_bytes") / 1e6, NUM("free_bytes") / 1e6, NUM("wal_bytes") / 1e6,
           NUM("overhead_per_article"));
    printf("  format %.0f; shingles of %.0f words, about %.0f keys an article\n", NUM("format"),
           json_number_value(json_object_get(set, "shingle_words")),
           json_number_value(json_object_get(set, "keys_per_article")));
#undef NUM
    json_decref(j);
    return 0;
}

static int trace_check(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
        return fputs(help, stdout), 0;
    if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
        return usage_error("trace check", "one INDEX, no options");
    ns_error err = {0};
    ns_index *ix = NULL;
    int rc = ns_index_open(&ix, argv[1], 0, &err);
    if (!rc)
        rc = ns_index_check(ix, &err);
    ns_index_close(ix);
    if (rc)
        return report(&err);
    printf("%s: ok\n", argv[1]);
    return 0;
}

int cmd_trace(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(help, argc < 2 ? stderr : stdout);
        return argc < 2 ? NS_EUSAGE : 0;
    }
    if (!strcmp(argv[1], "add"))
        return trace_add(argc - 1, argv + 1);
    if (!strcmp(argv[1], "query"))
        return trace_query(argc - 1, argv + 1);
    if (!strcmp(argv[1], "stats"))
        return trace_stats(argc - 1, argv + 1);
    if (!strcmp(argv[1], "check"))
        return trace_check(argc - 1, argv + 1);
    return usage_error("trace", "unknown subcommand '%s' (add, query, stats or check)", argv[1]);
}
