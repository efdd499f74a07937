/* jsonl_fast.c — see jsonl_fast.h.  Every check below is one that jansson
 * makes too (RFC 8259 grammar, UTF-8 as RFC 3629, no control characters in
 * strings, integers that fit, no duplicate keys); where matching jansson
 * would need more (\u escapes and their surrogates, reals and exponents,
 * nested containers, escaped keys), the scan returns 0 instead. */
#include <stdint.h>
#include <string.h>

#include "learn/jsonl_fast.h"
#include "text/utf8.h"

#define MAX_KEYS 64   /* more keys than this: jansson's */
#define MAX_DIGITS 15 /* an integer this short fits any json_int_t */

typedef struct scan {
    const unsigned char *s;
    size_t i, n;
} scan;

static void skip_ws(scan *c)
{
    while (c->i < c->n &&
           (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' || c->s[c->i] == '\r'))
        c->i++;
}

static uint64_t load64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* The bytes of w that are a quote, a backslash, below 0x20 or above 0x7F,
 * as their top bits (the classic tests for a zero byte, and for a byte
 * below n).  A borrow may flag a byte above a flagged one too, never
 * below: the lowest flag is always a byte that stops. */
static uint64_t stop_bits(uint64_t w)
{
    uint64_t quote = w ^ (ONES * '"'), bslash = w ^ (ONES * '\\');
    uint64_t zero_q = (quote - ONES) & ~quote, zero_b = (bslash - ONES) & ~bslash;
    uint64_t below = (w - ONES * 0x20) & ~w;
    return (zero_q | zero_b | below | w) & HIGHS;
}

/* A string from the opening quote at c->i; its bytes in *p, *len.  Returns
 * 0 to give up, else 1 (plus 2 when it holds an escape). */
static int scan_string(scan *c, const char **p, size_t *len)
{
    const unsigned char *s = c->s;
    size_t i = c->i + 1, n = c->n;
    int esc = 0;
    for (;;) {
        /* the bulk: printable ASCII other than the quote and the backslash,
         * eight bytes at a time while no byte of a word needs a look */
        while (i + 8 <= n) {
            uint64_t stop = stop_bits(load64(s + i));
            if (stop) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                /* straight to the first stop, where the byte loop below
                 * walked up to seven bytes to it */
                i += (size_t)__builtin_ctzll(stop) / 8;
#endif
                break;
            }
            i += 8;
        }
        while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
            i++;
        if (i >= n)
            return 0;
        unsigned b = s[i];
        if (b == '"')
            break;
        if (b == '\\') {
            if (i + 1 >= n || !strchr("\"\\/bfnrt", s[i + 1]) || !s[i + 1])
                return 0; /* \u, or an escape jansson would refuse */
            esc = 1;
            i += 2;
        } else if (b >= 0x80) {
            int32_t cp;
            size_t k = ns_utf8_seq(s + i, n - i, &cp);
            if (!k)
                return 0;
            i += k;
        } else {
            return 0; /* a control character */
        }
    }
    *p = (const char *)s + c->i + 1;
    *len = i - c->i - 1;
    c->i = i + 1;
    return 1 + 2 * esc;
}

/* A literal, a short integer or a string (an array element); 0 to give up. */
static int scan_scalar(scan *c)
{
    const unsigned char *s = c->s;
    size_t i = c->i, n = c->n;
    if (i >= n)
        return 0;
    if (s[i] == '"') {
        const char *p;
        size_t len;
        return scan_string(c, &p, &len) != 0;
    }
    if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
        size_t j = i + (s[i] == '-');
        size_t d = j;
        while (d < n && s[d] >= '0' && s[d] <= '9')
            d++;
        if (d == j || d - j > MAX_DIGITS || (s[j] == '0' && d - j > 1))
            return 0;
        c->i = d;
        return 1; /* a '.', 'e' or anything else after it fails where it is read */
    }
    static const char *const lit[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        size_t l = strlen(lit[k]);
        if (n - i >= l && !memcmp(s + i, lit[k], l)) {
            c->i = i + l;
            return 1;
        }
    }
    return 0;
}

/* The value at c->i into *f (kind, and a string's bytes); 0 to give up. */
static int scan_value(scan *c, ns_jsonl_field *f)
{
    const unsigned char *s = c->s;
    if (c->i >= c->n)
        return 0;
    if (s[c->i] == '"') {
        int k = scan_string(c, &f->p, &f->n);
        if (!k)
            return 0;
        f->kind = NS_JF_STRING, f->escaped = k == 3;
        return 1;
    }
    if (s[c->i] == 'n' && c->n - c->i >= 4 && !memcmp(s + c->i, "null", 4)) {
        c->i += 4;
        f->kind = NS_JF_NULL;
        return 1;
    }
    f->kind = NS_JF_OTHER;
    if (s[c->i] != '[')
        return scan_scalar(c);
    c->i++; /* a flat array of scalars */
    skip_ws(c);
    if (c->i < c->n && s[c->i] == ']') {
        c->i++;
        return 1;
    }
    for (;;) {
        skip_ws(c);
        if (!scan_scalar(c))
            return 0;
        skip_ws(c);
        if (c->i >= c->n)
            return 0;
        if (s[c->i] == ']') {
            c->i++;
            return 1;
        }
        if (s[c->i++] != ',')
            return 0;
    }
}

int ns_jsonl_scan(const char *line, size_t n, const char *const *keys, size_t nk, ns_jsonl_field *out)
{
    scan c = {(const unsigned char *)line, 0, n};
    const char *seen[MAX_KEYS];
    size_t seen_len[MAX_KEYS], n_seen = 0;
    size_t key_len[8];
    if (nk > 8)
        return 0;
    for (size_t k = 0; k < nk; k++) {
        out[k] = (ns_jsonl_field){NS_JF_ABSENT, NULL, 0, 0};
        key_len[k] = strlen(keys[k]);
    }
    skip_ws(&c);
    if (c.i >= n || c.s[c.i] != '{')
        return 0;
    c.i++;
    skip_ws(&c);
    if (c.i < n && c.s[c.i] == '}') {
        c.i++;
    } else {
        for (;;) {
            const char *kp;
            size_t kl;
            skip_ws(&c);
            if (c.i >= n || c.s[c.i] != '"' || scan_string(&c, &kp, &kl) != 1 || n_seen == MAX_KEYS)
                return 0;
            for (size_t j = 0; j < n_seen; j++)
                if (seen_len[j] == kl && !memcmp(seen[j], kp, kl))
                    return 0; /* a duplicate: jansson's error */
            seen[n_seen] = kp, seen_len[n_seen++] = kl;
            skip_ws(&c);
            if (c.i >= n || c.s[c.i++] != ':')
                return 0;
            skip_ws(&c);
            ns_jsonl_field v = {NS_JF_ABSENT, NULL, 0, 0};
            if (!scan_value(&c, &v))
                return 0;
            for (size_t k = 0; k < nk; k++)
                if (key_len[k] == kl && !memcmp(keys[k], kp, kl))
                    out[k] = v;
            skip_ws(&c);
            if (c.i >= n)
                return 0;
            if (c.s[c.i] == '}') {
                c.i++;
                break;
            }
            if (c.s[c.i++] != ',')
                return 0;
        }
    }
    skip_ws(&c);
    return c.i == n;
}

size_t ns_jsonl_unescape(const ns_jsonl_field *f, char *o)
{
    if (!f->escaped) {
        if (f->n)
            memcpy(o, f->p, f->n);
        return f->n;
    }
    /* the runs between escapes in one piece each: an article's escapes
     * (its line breaks and quotes) are hundreds of bytes apart */
    size_t w = 0, i = 0;
    while (i < f->n) {
        const char *bs = memchr(f->p + i, '\\', f->n - i);
        size_t run = bs ? (size_t)(bs - (f->p + i)) : f->n - i;
        memcpy(o + w, f->p + i, run);
        w += run, i += run;
        if (i >= f->n)
            break;
        char ch = f->p[i + 1]; /* the scan saw a valid escape here */
        switch (ch) {
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 't': ch = '\t'; break;
        default: break; /* '"', '\\' and '/' stand for themselves */
        }
        o[w++] = ch;
        i += 2;
    }
    return w;
}
