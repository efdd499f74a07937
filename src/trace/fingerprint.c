/* fingerprint.c — words, shingles and the keys an article is found by.
 *
 * A shingle is a run of NS_TR_SHINGLE words; its hash is XXH3-64 (seed
 * NS_TR_SEED) of the words' XXH3-64 hashes (seed 0, of the normalised form)
 * as little-endian bytes.  An article keeps as keys its NS_TR_KEYS smallest
 * shingle hashes (a bottom-k sample), never one whose top 32 bits reach
 * NS_TR_QUERY_THRESHOLD (so a short article keeps about a quarter of its
 * shingles), and a page looks up every shingle of its body under that
 * threshold.  A shingle the page shares with an article is then found
 * exactly when it is one of the article's keys, whatever surrounds it on
 * the page: the expected number of keys a page finds in an article is
 * NS_TR_KEYS times the share of the article it copied (its containment),
 * however much the page added around the copy.  docs/trace.md compares this
 * with MinHash banding and winnowing. */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "trace/trace.h"
#include "util/grow.h"

int ns_tr_words_add(ns_tr_words *w, const char *text, size_t len, uint32_t base, ns_error *err)
{
    int rc = ns_tokenize(&w->tok, text, len, err);
    if (rc)
        return rc;
    /* two arrays of one length: each grows from the same capacity alike */
    size_t need = w->n + w->tok.n, cap_h = w->cap, cap_s = w->cap;
    if (ns_grow((void **)&w->h, &cap_h, need, sizeof *w->h) < 0 ||
        ns_grow((void **)&w->span, &cap_s, need, sizeof *w->span) < 0)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    w->cap = cap_h;
    for (size_t i = 0; i < w->tok.n; i++) {
        const ns_token *t = &w->tok.tok[i];
        if (t->kind != NS_TOK_WORD && t->kind != NS_TOK_NUMBER)
            continue;
        w->h[w->n] = XXH3_64bits(w->tok.norm + t->norm_off, t->norm_len);
        w->span[w->n] = (ns_span){t->start + base, t->end + base};
        w->n++;
    }
    return NS_OK;
}

void ns_tr_words_free(ns_tr_words *w)
{
    free(w->h);
    free(w->span);
    ns_tokens_free(&w->tok);
    memset(w, 0, sizeof *w);
}

long ns_tr_shingles(const uint64_t *h, size_t n, uint64_t **out, size_t *cap)
{
    size_t k = n >= NS_TR_SHINGLE ? n - NS_TR_SHINGLE + 1 : (n ? 1 : 0);
    if (k > *cap) {
        size_t c = *cap ? *cap : 256;
        while (c < k)
            c *= 2;
        uint64_t *p = realloc(*out, c * sizeof *p);
        if (!p)
            return -1;
        *out = p, *cap = c;
    }
    size_t words = n < NS_TR_SHINGLE ? n : NS_TR_SHINGLE;
    for (size_t i = 0; i < k; i++) {
        unsigned char buf[8 * NS_TR_SHINGLE];
        for (size_t j = 0; j < words; j++) {
            uint64_t v = h[i + j];
            for (int b = 0; b < 8; b++)
                buf[8 * j + (size_t)b] = (unsigned char)(v >> (8 * b));
        }
        (*out)[i] = XXH3_64bits_withSeed(buf, 8 * words, NS_TR_SEED);
    }
    return (long)k;
}

uint64_t ns_tr_threshold(size_t n_shingles)
{
    if (n_shingles <= (size_t)NS_TR_KEYS << NS_TR_MAX_RATE_LOG2)
        return NS_TR_QUERY_THRESHOLD;
    /* NS_TR_KEYS / n of the 2^32 values of the top half */
    return ((uint64_t)NS_TR_KEYS << 32) / n_shingles;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

size_t ns_tr_unique(uint64_t *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_u64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || v[m - 1] != v[i])
            v[m++] = v[i];
    return m;
}

size_t ns_tr_select(uint64_t *sh, size_t n, uint64_t thr)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if ((sh[i] >> 32) < thr)
            sh[m++] = sh[i];
    return ns_tr_unique(sh, m);
}

/* The NS_TR_KEYS smallest (bottom-k) of sh[0..n) below the query threshold,
 * unique and sorted, written over sh.  Only the shingles under twice the
 * expected k-th value are sorted: that holds the k smallest unless fewer
 * than k fall there, which then costs one more pass over all of them. */
size_t ns_tr_bottom_k(uint64_t *sh, size_t n)
{
    uint64_t hint = 2 * ns_tr_threshold(n);
    if (hint > NS_TR_QUERY_THRESHOLD)
        hint = NS_TR_QUERY_THRESHOLD;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if ((sh[i] >> 32) < hint) {
            uint64_t v = sh[m];
            sh[m++] = sh[i];
            sh[i] = v; /* keep every value: the fallback needs them */
        }
    m = ns_tr_unique(sh, m);
    if (m < NS_TR_KEYS && hint < NS_TR_QUERY_THRESHOLD)
        m = ns_tr_select(sh, n, NS_TR_QUERY_THRESHOLD);
    return m < NS_TR_KEYS ? m : NS_TR_KEYS;
}

int ns_tr_text_keys(const char *text, size_t len, ns_tr_words *w, uint64_t **keys, size_t *n, ns_error *err)
{
    w->n = 0;
    *keys = NULL, *n = 0;
    int rc = ns_tr_words_add(w, text, len, 0, err);
    if (rc)
        return rc;
    size_t cap = 0;
    long k = ns_tr_shingles(w->h, w->n, keys, &cap);
    if (k < 0)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    *n = ns_tr_bottom_k(*keys, (size_t)k);
    return NS_OK;
}
