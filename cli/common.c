/* common.c — argument parsing and error reporting for every command. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int report(const ns_error *err)
{
    /* a URL given where a file goes: say what to do, since nothing here
     * fetches pages */
    const char *m = err->msg;
    int url = (!strncmp(m, "http://", 7) || !strncmp(m, "https://", 8)) && strstr(m, ": cannot open");
    fprintf(stderr, "newssift: %s%s\n", m,
            url ? " (newssift reads files, not URLs: save the page first, e.g. curl -sL -o page.html URL)"
                : "");
    return err->code ? err->code : 1;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "newssift: %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'newssift %s --help'.\n", cmd);
    va_end(ap);
    return NS_EUSAGE;
}

int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int parse_range(const char *s, int lo, int hi, int *a, int *b)
{
    const char *dash = strchr(s, '-');
    long x, y;
    if (!dash) {
        if (parse_long(s, lo, hi, &x))
            return -1;
        *a = *b = (int)x;
        return 0;
    }
    char left[32];
    size_t n = (size_t)(dash - s);
    if (n == 0 || n >= sizeof left)
        return -1;
    memcpy(left, s, n);
    left[n] = '\0';
    if (parse_long(left, lo, hi, &x) || parse_long(dash + 1, lo, hi, &y) || x > y)
        return -1;
    *a = (int)x, *b = (int)y;
    return 0;
}

int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int progress_enabled(void)
{
    return isatty(STDERR_FILENO);
}
