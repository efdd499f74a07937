/* cmd_model.c — `newssift model info MODEL` and `newssift model check MODEL`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: newssift model info MODEL\n"
    "       newssift model check MODEL\n"
    "\n"
    "info   prints the format version, tokenizer and feature settings, labels, sizes and the\n"
    "       training summary.\n"
    "check  verifies the whole file (magic, version, sizes, checksum, every weight) and exits\n"
    "       0 when it is sound, 2 with the reason when it is not.\n";

int cmd_model(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(help, stdout);
        return 0;
    }
    if (argc != 3 || (strcmp(argv[1], "info") && strcmp(argv[1], "check")))
        return usage_error("model", "wants 'info MODEL' or 'check MODEL'");
    ns_error err = {0};
    ns_model *m;
    int rc = ns_model_open(&m, argv[2], &err);
    if (rc)
        return report(&err);
    if (!strcmp(argv[1], "check")) {
        rc = ns_model_check_weights(m, argv[2], &err);
        if (!rc)
            printf("%s: ok\n", argv[2]);
    } else {
        char *s = NULL;
        rc = ns_model_describe(m, &s);
        if (rc)
            ns_fail(&err, rc, "out of memory");
        else
            fputs(s, stdout);
        free(s);
    }
    ns_model_close(m);
    return rc ? report(&err) : 0;
}
