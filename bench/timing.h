/* timing.h — the clock and order statistics of the bench's C timers. */
#ifndef NS_BENCH_TIMING_H
#define NS_BENCH_TIMING_H

#include <stddef.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* qsort order of doubles, ascending */
static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The p quantile (0..1) of the n sorted times t. */
static double pct(const double *t, size_t n, double p)
{
    size_t i = (size_t)((double)n * p);
    return t[i < n ? i : n - 1];
}

#endif
