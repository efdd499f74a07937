/* strbuf.c — growable strings; JSON output without building a tree. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

static int reserve(ns_strbuf *b, size_t more)
{
    if (b->oom)
        return -1;
    if (b->n + more + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + more + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p, b->cap = cap;
    return 0;
}

void sb_put(ns_strbuf *b, const char *s, size_t n)
{
    /* room already there (nearly always): no call to reserve */
    if ((b->oom || b->n + n + 1 > b->cap) && reserve(b, n) < 0)
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void sb_printf(ns_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    if ((size_t)k < sizeof tmp) {
        sb_put(b, tmp, (size_t)k);
        return;
    }
    if (reserve(b, (size_t)k) < 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

void sb_json_str(ns_strbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (reserve(b, n + 2) < 0)
        return;
    /* the common case, nothing to escape: one copy between the quotes */
    size_t plain = 0;
    while (plain < n && (unsigned char)s[plain] >= 0x20 && s[plain] != '"' && s[plain] != '\\')
        plain++;
    if (plain == n) {
        b->p[b->n++] = '"';
        memcpy(b->p + b->n, s, n);
        b->n += n;
        b->p[b->n++] = '"';
        b->p[b->n] = '\0';
        return;
    }
    b->p[b->n++] = '"';
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sb_put(b, s + run, i - run);
        run = i + 1;
        char esc[7] = {'\\', 0};
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
            sb_put(b, esc, 6);
            continue;
        }
        sb_put(b, esc, 2);
    }
    sb_put(b, s + run, n - run);
    sb_put(b, "\"", 1);
}

/* "%.6g" of v when 1e-4 <= |v| < 1 (probabilities and weights, nearly all
 * the numbers written), without printf: its exact arbitrary-precision path
 * was a tenth of `newssift predict` on short documents.  The six digits are
 * v * 10^k rounded exactly as printf rounds (the exact value, ties to even),
 * computed in 128-bit integers: v = m * 2^-s with m < 2^53 and s <= 67, and
 * k <= 9, so m * 10^k < 2^87.  Returns the length written to o, or 0 when
 * printf must do it (any other v, or a v that rounds up to 1). */
static size_t g6_small(double v, char *o)
{
#ifndef __SIZEOF_INT128__
    return 0;
#else
    static const uint64_t pow10[] = {1,      10,      100,      1000,      10000,
                                     100000, 1000000, 10000000, 100000000, 1000000000};
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1))
        return 0;
    uint64_t bits; /* a is normal here: a = m * 2^-s, m with its implicit bit */
    memcpy(&bits, &a, sizeof bits);
    uint64_t m = (bits & ((1ull << 52) - 1)) | 1ull << 52;
    int s = 1075 - (int)(bits >> 52);
    unsigned __int128 p = 0;
    uint64_t q = 0;
    int k = 6;
    for (; k <= 9; k++) {
        p = (unsigned __int128)m * pow10[k];
        q = (uint64_t)(p >> s);
        if (q >= 100000)
            break;
    }
    unsigned __int128 r = p & (((unsigned __int128)1 << s) - 1), half = (unsigned __int128)1 << (s - 1);
    if (r > half || (r == half && (q & 1)))
        q++;
    if (q == 1000000)
        q = 100000, k--;
    if (k < 6)
        return 0;
    size_t w = 0;
    if (v < 0)
        o[w++] = '-';
    o[w++] = '0', o[w++] = '.';
    for (int z = 0; z < k - 6; z++)
        o[w++] = '0';
    while (q % 10 == 0)
        q /= 10;
    char d[6];
    int nd = 0;
    for (; q; q /= 10)
        d[nd++] = (char)('0' + q % 10);
    while (nd)
        o[w++] = d[--nd];
    return w;
#endif
}

void sb_json_num(ns_strbuf *b, double v)
{
    if (!isfinite(v))
        v = 0;
    char tmp[16];
    size_t n = g6_small(v, tmp);
    if (n)
        sb_put(b, tmp, n);
    else
        sb_printf(b, "%.6g", v);
}

void sb_free(ns_strbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    b->oom = 0;
}

/* Appends text[0..n) on one line, white space collapsed, cut to at most
 * max columns (counting code points) with an ellipsis. */
void sb_quote(ns_strbuf *b, const char *s, size_t n, size_t max)
{
    size_t cols = 0, i = 0;
    int space = 0;
    sb_puts(b, "\"");
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = 1;
            i++;
            continue;
        }
        if (space && cols) {
            sb_puts(b, " ");
            cols++;
        }
        space = 0;
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + k > n)
            k = n - i;
        if (cols + 1 > max) {
            sb_puts(b, "\xe2\x80\xa6");
            break;
        }
        if (c >= 0x20 && c != 0x7f)
            sb_put(b, s + i, k);
        cols++;
        i += k;
    }
    sb_puts(b, "\"");
}
