/* cli.h — what the command files share: argument parsing and reporting. */
#ifndef NS_CLI_H
#define NS_CLI_H

#include <getopt.h>

#include "newssift.h"

/* Each command: returns the process exit status. */
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_trace(int argc, char **argv);

/* Prints "newssift: MESSAGE" and returns err->code. */
int report(const ns_error *err);
/* Prints "newssift: COMMAND: MESSAGE\nTry 'newssift COMMAND --help'." and returns 1. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Strict number parsing: the whole string, in range; 0 on success. */
int parse_long(const char *s, long lo, long hi, long *out);
int parse_double(const char *s, double lo, double hi, double *out);
/* "A-B" or "A" (meaning A-A) or "0" (off: 0-0). */
int parse_range(const char *s, int lo, int hi, int *a, int *b);

int default_threads(void);
/* Progress goes to stderr only when it is a terminal. */
int progress_enabled(void);

#endif
