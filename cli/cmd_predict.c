/* cmd_predict.c — `newssift predict --model MODEL [INPUT]`. */
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "cli.h"

static const char help[] =
    "usage: newssift predict --model MODEL [INPUT|-] [options]\n"
    "\n"
    "Labels each document of INPUT (JSONL with \"text\" and optional \"title\" and \"id\"; CSV/TSV\n"
    "with a header; or plain text, one document a line) and writes one JSON object a line, in\n"
    "input order: {\"id\", \"label\", \"probs\": {LABEL: p, ...}}.  Without an id the id is the\n"
    "record's 1-based line number.  Standard input is JSONL unless --format says otherwise.\n"
    "\n"
    "  -m, --model MODEL    the model file                                     [required]\n"
    "  -o, --output FILE    write here (atomically) instead of standard output\n"
    "      --explain K      add the K features that pushed hardest toward and against the\n"
    "                       predicted label, with their byte spans in the text\n"
    "      --threads N      worker threads                                    [cores]\n"
    "      --format F       jsonl|csv|tsv|text                                [by extension]\n"
    "      --text-col NAME, --title-col NAME, --id-col NAME   field names\n";

static int write_line(void *ctx, const batch_item *it, const char *json, size_t len, ns_error *err)
{
    (void)it;
    ns_outfile *o = ctx;
    int rc = ns_outfile_write(o, json, len, err);
    return rc ? rc : ns_outfile_write(o, "\n", 1, err);
}

int cmd_predict(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'},
        {"output", required_argument, 0, 'o'},
        {"explain", required_argument, 0, 'x'},
        {"threads", required_argument, 0, 't'},
        {"format", required_argument, 0, 'f'},
        {"text-col", required_argument, 0, 'T'},
        {"title-col", required_argument, 0, 'H'},
        {"id-col", required_argument, 0, 'I'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *model = NULL, *out = NULL;
    batch_options bo = {NULL, default_threads(), 0, 1};
    ns_format fmt = NS_FMT_AUTO;
    ns_columns cols = {0};
    long l;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': model = optarg; break;
        case 'o': out = optarg; break;
        case 'x':
            if (parse_long(optarg, 0, 1000, &l))
                return usage_error("predict", "--explain wants a number within 0-1000, not '%s'", optarg);
            bo.explain = (int)l;
            break;
        case 't':
            if (parse_long(optarg, 1, 256, &l))
                return usage_error("predict", "--threads wants a number within 1-256, not '%s'", optarg);
            bo.threads = (int)l;
            break;
        case 'f':
            fmt = ns_format_from_name(optarg);
            if (fmt == (ns_format)-1)
                return usage_error("predict", "--format wants jsonl, csv, tsv or text, not '%s'", optarg);
            break;
        case 'T': cols.text = optarg; break;
        case 'H': cols.title = optarg; break;
        case 'I': cols.id = optarg; break;
        case 'h': fputs(help, stdout); return 0;
        default: return usage_error("predict", "bad option");
        }
    }
    if (!model)
        return usage_error("predict", "--model MODEL is needed");
    if (argc - optind > 1)
        return usage_error("predict", "one INPUT only");
    const char *in = optind < argc ? argv[optind] : "-";
    ns_error err = {0};
    ns_model *m = NULL;
    ns_reader *r = NULL;
    ns_outfile *o = NULL;
    int rc = ns_model_open(&m, model, &err);
    if (!rc)
        rc = ns_reader_open(&r, in, fmt, &cols, &err);
    if (!rc)
        rc = ns_outfile_open(&o, out, &err);
    if (!rc) {
        bo.model = m;
        rc = run_batches(r, &bo, write_line, o, &err);
        ns_error cerr = {0};
        int rc2 = ns_outfile_close(o, rc == NS_OK, &cerr);
        if (!rc && rc2) {
            rc = rc2;
            err = cerr;
        }
    }
    ns_reader_close(r);
    ns_model_close(m);
    return rc ? report(&err) : 0;
}
