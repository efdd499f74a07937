/* cmd_train.c — `newssift train TRAIN -o MODEL [options]`. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char help[] =
    "usage: newssift train TRAIN -o MODEL [options]\n"
    "\n"
    "Trains a linear classifier (multinomial logistic regression, FTRL-proximal) on TRAIN:\n"
    "JSONL with \"text\", \"label\" and optional \"title\" (read as part of the text), or CSV/TSV\n"
    "with a header row.  The format follows the extension unless --format is given.\n"
    "\n"
    "  -o, --output MODEL       the model file to write (written atomically)   [required]\n"
    "      --dev DEV            early stopping on dev macro-F1, and temperature calibration\n"
    "      --ngrams A-B         word n-gram orders, within 1-3                  [1-2]\n"
    "      --char-ngrams A-B    character n-grams of words, 0 = off, within 1-8 [0]\n"
    "      --bits N             2^N hash buckets, 10-24                         [20]\n"
    "      --no-style           leave out the dense style features\n"
    "      --epochs N           at most N passes over TRAIN                     [20]\n"
    "      --patience N         with --dev: stop after N epochs without a better\n"
    "                           dev macro-F1 (the best epoch is kept)           [4]\n"
    "      --alpha X            FTRL learning rate                              [0.5]\n"
    "      --l1 X               L1 penalty                                      [0]\n"
    "      --l2 X               L2 penalty                                      [0.0001]\n"
    "      --class-weight none|balanced                                          [none]\n"
    "      --quantize           store weights as int8 (a quarter of the size)\n"
    "      --idf                weight features by inverse document frequency in TRAIN\n"
    "                           (stored in the model: one byte per hash bucket)\n"
    "      --min-df N           with --idf: leave out features in fewer than N training\n"
    "                           documents                                       [1]\n"
    "      --partial-labels C   a label \"a<C>b\" means one of a, b (data sets whose labels\n"
    "                           cover several of the model's); the model's labels are the names\n"
    "      --seed N             shuffling seed; same inputs + seed = same bytes [1]\n"
    "      --threads N          threads for feature extraction                  [cores]\n"
    "      --format F           jsonl|csv|tsv                                   [by extension]\n"
    "      --text-col NAME, --label-col NAME, --title-col NAME   CSV/TSV/JSONL field names\n"
    "\n"
    "Prints a summary: examples, classes, features, dev macro-F1, seconds.\n";

static void progress(void *ctx, int epoch, int epochs, double f1)
{
    (void)ctx;
    if (f1 >= 0)
        fprintf(stderr, "\repoch %d/%d  dev macro-F1 %.4f ", epoch, epochs, f1);
    else
        fprintf(stderr, "\repoch %d/%d ", epoch, epochs);
    fflush(stderr);
}

static int load(const char *path, ns_format fmt, const ns_columns *cols, ns_corpus *c, ns_error *err)
{
    ns_reader *r;
    int rc = ns_reader_open(&r, path, fmt, cols, err);
    if (rc)
        return rc;
    rc = ns_corpus_read(c, r, err);
    ns_reader_close(r);
    return rc;
}

/* An empty training file is bad input that names the file, like every other. */
static int no_examples(const char *path, const ns_corpus *c, ns_error *err)
{
    if (ns_corpus_size(c))
        return NS_OK;
    return ns_fail(err, NS_EINPUT, "%s:1: no training examples (the file is empty)",
                   strcmp(path, "-") ? path : "<stdin>");
}

int cmd_train(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'},
        {"dev", required_argument, 0, 'd'},
        {"ngrams", required_argument, 0, 'n'},
        {"char-ngrams", required_argument, 0, 'c'},
        {"bits", required_argument, 0, 'b'},
        {"epochs", required_argument, 0, 'e'},
        {"patience", required_argument, 0, 'p'},
        {"alpha", required_argument, 0, 'a'},
        {"l1", required_argument, 0, '1'},
        {"l2", required_argument, 0, '2'},
        {"class-weight", required_argument, 0, 'w'},
        {"quantize", no_argument, 0, 'q'},
        {"idf", no_argument, 0, 'I'},
        {"min-df", required_argument, 0, 'm'},
        {"seed", required_argument, 0, 's'},
        {"threads", required_argument, 0, 't'},
        {"format", required_argument, 0, 'f'},
        {"text-col", required_argument, 0, 'T'},
        {"label-col", required_argument, 0, 'L'},
        {"title-col", required_argument, 0, 'H'},
        {"no-style", no_argument, 0, 'S'},
        {"partial-labels", required_argument, 0, 'P'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    ns_train_options o;
    ns_train_options_default(&o);
    o.threads = default_threads();
    const char *out = NULL, *dev = NULL;
    ns_format fmt = NS_FMT_AUTO;
    ns_columns cols = {0};
    cols.need_label = 1;
    int c, a, b;
    long l;
    double x;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'd': dev = optarg; break;
        case 'n':
            if (parse_range(optarg, 1, 3, &a, &b))
                return usage_error("train", "--ngrams wants A-B within 1-3, not '%s'", optarg);
            o.features.word_min = (uint8_t)a, o.features.word_max = (uint8_t)b;
            break;
        case 'c':
            if (parse_range(optarg, 0, 8, &a, &b) || (a == 0) != (b == 0))
                return usage_error("train", "--char-ngrams wants 0 or A-B within 1-8, not '%s'", optarg);
            o.features.char_min = (uint8_t)a, o.features.char_max = (uint8_t)b;
            break;
        case 'b':
            if (parse_long(optarg, 10, 24, &l))
                return usage_error("train", "--bits wants a number within 10-24, not '%s'", optarg);
            o.features.bits = (uint8_t)l;
            break;
        case 'e':
            if (parse_long(optarg, 1, 10000, &l))
                return usage_error("train", "--epochs wants a number within 1-10000, not '%s'", optarg);
            o.epochs = (int)l;
            break;
        case 'p':
            if (parse_long(optarg, 1, 10000, &l))
                return usage_error("train", "--patience wants a number within 1-10000, not '%s'", optarg);
            o.patience = (int)l;
            break;
        case 'a':
            if (parse_double(optarg, 1e-6, 100, &x))
                return usage_error("train", "--alpha wants a number within 1e-6..100, not '%s'", optarg);
            o.alpha = x;
            break;
        case '1':
        case '2':
            if (parse_double(optarg, 0, 1e6, &x))
                return usage_error("train", "--l%c wants a number >= 0, not '%s'", c, optarg);
            *(c == '1' ? &o.l1 : &o.l2) = x;
            break;
        case 'w':
            if (strcmp(optarg, "none") && strcmp(optarg, "balanced"))
                return usage_error("train", "--class-weight wants none or balanced, not '%s'", optarg);
            o.balanced = !strcmp(optarg, "balanced");
            break;
        case 'q': o.quantize = 1; break;
        case 'I': o.idf = 1; break;
        case 'm':
            if (parse_long(optarg, 1, 1000000, &l))
                return usage_error("train", "--min-df wants a number within 1-1000000, not '%s'", optarg);
            o.min_df = (int)l;
            break;
        case 'P':
            if (strlen(optarg) != 1)
                return usage_error("train", "--partial-labels wants one separator character, not '%s'",
                                   optarg);
            o.partial_sep = optarg[0];
            break;
        case 'S': o.features.dense = 0; break;
        case 's':
            if (parse_long(optarg, 0, 0x7fffffffL, &l))
                return usage_error("train", "--seed wants a number >= 0, not '%s'", optarg);
            o.seed = (uint64_t)l;
            break;
        case 't':
            if (parse_long(optarg, 1, 256, &l))
                return usage_error("train", "--threads wants a number within 1-256, not '%s'", optarg);
            o.threads = (int)l;
            break;
        case 'f':
            fmt = ns_format_from_name(optarg);
            if (fmt == (ns_format)-1 || fmt == NS_FMT_TEXT)
                return usage_error("train", "--format wants jsonl, csv or tsv, not '%s'", optarg);
            break;
        case 'T': cols.text = optarg; break;
        case 'L': cols.label = optarg; break;
        case 'H': cols.title = optarg; break;
        case 'h': fputs(help, stdout); return 0;
        default: return usage_error("train", "bad option");
        }
    }
    if (optind != argc - 1)
        return usage_error("train", optind >= argc ? "a TRAIN file is needed" : "one TRAIN file only");
    if (!out)
        return usage_error("train", "-o MODEL is needed");
    const char *train_path = argv[optind];
    if (progress_enabled())
        o.progress = progress;

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ns_error err = {0};
    ns_corpus *tr = ns_corpus_new(), *dv = dev ? ns_corpus_new() : NULL;
    ns_train_summary s;
    int rc;
    if (!tr || (dev && !dv)) {
        ns_fail(&err, NS_ESYSTEM, "out of memory");
        rc = NS_ESYSTEM;
    } else if (!(rc = load(train_path, fmt, &cols, tr, &err)) && !(rc = no_examples(train_path, tr, &err)) &&
               (!dev || !(rc = load(dev, fmt, &cols, dv, &err)))) {
        rc = ns_train(tr, dv, &o, out, &s, &err);
    }
    if (o.progress)
        fputc('\n', stderr);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!rc) {
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        printf("examples %zu  classes %zu  features %zu  best epoch %d  ", s.examples, s.classes,
               s.features_used, s.best_epoch);
        if (s.dev_macro_f1 >= 0)
            printf("dev macro-F1 %.4f  temperature %.3f  ", s.dev_macro_f1, s.temperature);
        printf("seconds %.3f\n", secs);
    }
    ns_corpus_free(tr);
    ns_corpus_free(dv);
    return rc ? report(&err) : 0;
}
