/* sentences.c — sentence spans for the sourcing analyzer and trace.
 *
 * A rule, not a model: a sentence ends at a line break, or after . ! ? or an
 * ellipsis (with any closing quotes or brackets) when white space and then an
 * upper-case letter, a digit or an opening quote follow.  "U.S. forces" stays
 * one sentence because "f" is lower case; "Mr. Smith" is split, a known and
 * accepted error.  Spans exclude surrounding white space. */
#include <stdlib.h>
#include <utf8proc.h>

#include "text/utf8.h"

static int push(ns_span **v, size_t *n, size_t *cap, size_t a, size_t b)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        ns_span *p = realloc(*v, c * sizeof *p);
        if (!p)
            return -1;
        *v = p, *cap = c;
    }
    (*v)[(*n)++] = (ns_span){(uint32_t)a, (uint32_t)b};
    return 0;
}

static int32_t cp_at(const unsigned char *s, size_t n, size_t i, size_t *k)
{
    int32_t cp = s[i];
    *k = 1;
    if (s[i] >= 0x80) {
        *k = ns_utf8_seq(s + i, n - i, &cp);
        if (!*k)
            *k = 1, cp = 0xFFFD;
    }
    return cp;
}

static int is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x2009 || cp == 0x202F;
}

static int is_closer(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 || cp == 0xBB;
}

static int starts_sentence(int32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '"' || cp == 0x201C ||
           cp == 0x2018 || cp == '\'' || cp == '(' || cp == 0xAB ||
           (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU);
}

long ns_sentences(const char *text, size_t n, ns_span **out)
{
    const unsigned char *s = (const unsigned char *)text;
    ns_span *v = NULL;
    size_t nv = 0, cap = 0, i = 0, begin = SIZE_MAX, last_end = 0;
    while (i < n) {
        size_t k;
        int32_t cp = cp_at(s, n, i, &k);
        if (cp == '\n') {
            if (begin != SIZE_MAX && push(&v, &nv, &cap, begin, last_end) < 0)
                goto oom;
            begin = SIZE_MAX;
            i += k;
            continue;
        }
        if (is_space(cp)) {
            i += k;
            continue;
        }
        if (begin == SIZE_MAX)
            begin = i;
        i += k;
        last_end = i;
        if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
            size_t j = i;
            while (j < n) { /* more terminators and closing quotes */
                int32_t c2 = cp_at(s, n, j, &k);
                if (c2 == '.' || c2 == '!' || c2 == '?' || c2 == 0x2026 || is_closer(c2))
                    j += k;
                else
                    break;
            }
            size_t e = j, sp = 0;
            while (j < n) {
                int32_t c2 = cp_at(s, n, j, &k);
                if (!is_space(c2))
                    break;
                j += k, sp++;
            }
            if (j < n && sp) {
                int32_t c2 = cp_at(s, n, j, &k);
                if (starts_sentence(c2)) {
                    if (push(&v, &nv, &cap, begin, e) < 0)
                        goto oom;
                    begin = SIZE_MAX;
                    i = j;
                    continue;
                }
            }
            last_end = e;
            i = e;
        }
    }
    if (begin != SIZE_MAX && push(&v, &nv, &cap, begin, last_end) < 0)
        goto oom;
    *out = v;
    return (long)nv;
oom:
    free(v);
    *out = NULL;
    return -1;
}
