/* cmd_eval.c — `newssift eval --model MODEL TEST [--json]`. */
#include <stdio.h>
#include <stdlib.h>

#include "batch.h"
#include "cli.h"

static const char help[] =
    "usage: newssift eval --model MODEL TEST [--json] [options]\n"
    "\n"
    "Labels every document of TEST (JSONL, CSV or TSV with labels) and prints accuracy,\n"
    "macro-F1 (the mean F1 over the labels present in gold or predictions), per-class\n"
    "precision, recall, F1 and support, and the confusion matrix (rows gold, columns\n"
    "predicted).  A gold label the model does not know counts as an error.\n"
    "\n"
    "  -m, --model MODEL    the model file                                     [required]\n"
    "      --json           {\"n\", \"accuracy\", \"macro_f1\", \"labels\", \"per_class\", \"confusion\"}\n"
    "      --threads N      worker threads                                    [cores]\n"
    "      --format F       jsonl|csv|tsv                                     [by extension]\n"
    "      --text-col NAME, --label-col NAME, --title-col NAME   field names\n";

static int tally(void *ctx, const batch_item *it, const char *json, size_t len, ns_error *err)
{
    (void)json, (void)len;
    if (ns_eval_add(ctx, it->label, it->pred))
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    return NS_OK;
}

int cmd_eval(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'},
        {"json", no_argument, 0, 'j'},
        {"threads", required_argument, 0, 't'},
        {"format", required_argument, 0, 'f'},
        {"text-col", required_argument, 0, 'T'},
        {"label-col", required_argument, 0, 'L'},
        {"title-col", required_argument, 0, 'H'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *model = NULL;
    int json = 0, c;
    long l;
    batch_options bo = {NULL, default_threads(), 0, 0};
    ns_format fmt = NS_FMT_AUTO;
    ns_columns cols = {0};
    cols.need_label = 1;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': model = optarg; break;
        case 'j': json = 1; break;
        case 't':
            if (parse_long(optarg, 1, 256, &l))
                return usage_error("eval", "--threads wants a number within 1-256, not '%s'", optarg);
            bo.threads = (int)l;
            break;
        case 'f':
            fmt = ns_format_from_name(optarg);
            if (fmt == (ns_format)-1 || fmt == NS_FMT_TEXT)
                return usage_error("eval", "--format wants jsonl, csv or tsv, not '%s'", optarg);
            break;
        case 'T': cols.text = optarg; break;
        case 'L': cols.label = optarg; break;
        case 'H': cols.title = optarg; break;
        case 'h': fputs(help, stdout); return 0;
        default: return usage_error("eval", "bad option");
        }
    }
    if (!model)
        return usage_error("eval", "--model MODEL is needed");
    if (optind != argc - 1)
        return usage_error("eval", optind >= argc ? "a TEST file is needed" : "one TEST file only");
    ns_error err = {0};
    ns_model *m = NULL;
    ns_reader *r = NULL;
    ns_eval *e = NULL;
    int rc = ns_model_open(&m, model, &err);
    if (!rc)
        rc = ns_reader_open(&r, argv[optind], fmt, &cols, &err);
    if (!rc && !(e = ns_eval_new(m)))
        rc = ns_fail(&err, NS_ESYSTEM, "out of memory");
    if (!rc) {
        bo.model = m;
        rc = run_batches(r, &bo, tally, e, &err);
    }
    char *text = NULL;
    if (!rc && ns_eval_report(e, json, &text))
        rc = ns_fail(&err, NS_ESYSTEM, "out of memory");
    if (!rc)
        printf("%s\n", text);
    free(text);
    ns_eval_free(e);
    ns_reader_close(r);
    ns_model_close(m);
    if (!rc && (fflush(stdout) || ferror(stdout)))
        rc = ns_fail(&err, NS_ESYSTEM, "stdout: write failed");
    return rc ? report(&err) : 0;
}
