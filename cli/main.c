/* main.c — `newssift COMMAND ...`: dispatch, --help and --version. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: newssift COMMAND [OPTIONS] [FILE|-]\n"
    "\n"
    "Text classifiers that show their evidence.\n"
    "\n"
    "commands:\n"
    "  analyze   the trust report of a news page (text, HTML or JSON), with its evidence\n"
    "  train     train a model from labelled JSONL, CSV or TSV\n"
    "  predict   label documents, with probabilities and (--explain K) the words that decided\n"
    "  eval      accuracy, macro-F1, per-class figures and confusion matrix of a model on a test file\n"
    "  model     'model info MODEL' describes a model; 'model check MODEL' verifies it\n"
    "  serve     the HTTP service and its web page (docs/http-api.md)\n"
    "  trace     an index of reference articles: 'trace add', 'trace query' (the sources a page\n"
    "            copied, what it copied and what it added), 'trace stats', 'trace check'\n"
    "\n"
    "Run 'newssift COMMAND --help' for a command's options.  A missing FILE or '-' is standard\n"
    "input.  Exit status: 0 success, 1 usage error, 2 bad input, 3 system failure.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return NS_EUSAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("newssift %s\n", NS_VERSION);
        return 0;
    }
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } cmds[] = {
        {"analyze", cmd_analyze}, {"train", cmd_train}, {"predict", cmd_predict}, {"eval", cmd_eval},
        {"model", cmd_model},     {"serve", cmd_serve}, {"trace", cmd_trace},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(cmd, cmds[i].name))
            return cmds[i].run(argc - 1, argv + 1);
    fprintf(stderr, "newssift: unknown command '%s'\nTry 'newssift --help'.\n", cmd);
    return NS_EUSAGE;
}
