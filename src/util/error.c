/* error.c — errors travel as values: a code and a one-line message. */
#include <stdarg.h>
#include <stdio.h>

#include "newssift.h"

int ns_fail(ns_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}
