/* align.c — which sentences of the page come from a source, and how.
 *
 * Both texts are cut into units: sentences (ns_sentences), long ones cut
 * into pieces of at most MAX_UNIT words, since some sources have no
 * punctuation at all.  For each page unit, the source units sharing the most
 * word pairs with it are candidates; the words of the page unit are aligned
 * with each candidate (and with it joined to its neighbour, for sentences
 * the page split or merged) by a longest common subsequence of normalised
 * words.  A unit is copied when at least half of its words are in that
 * alignment, with at least two matched word pairs side by side in both
 * texts; exact when every word is matched, in one unbroken run of the
 * source; near otherwise, and its unmatched words are the changes.  A unit
 * of fewer than SHORT words (at least MIN_WORDS) counts only when exact. */
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"
#include "util/grow.h"

enum { MAX_UNIT = 40, PIECE = 30, MIN_WORDS = 3, SHORT = 6, MIN_PAIRS = 2, PER_PAIR = 32, GAP = 8 };

static int push_unit(ns_tr_text *t, ns_tr_unit u)
{
    if (ns_grow((void **)&t->u, &t->cap_units, t->n_units + 1, sizeof *t->u) < 0)
        return -1;
    t->u[t->n_units++] = u;
    return 0;
}

/* A sentence of words [w0, w1) spanning s: one unit, or pieces of about
 * PIECE words when it is longer than MAX_UNIT. */
static int add_sentence(ns_tr_text *t, ns_span s, uint32_t w0, uint32_t w1, uint32_t para)
{
    uint32_t n = w1 - w0;
    if (n <= MAX_UNIT)
        return push_unit(t, (ns_tr_unit){s, w0, w1, para});
    uint32_t pieces = (n + PIECE - 1) / PIECE;
    for (uint32_t k = 0; k < pieces; k++) {
        uint32_t a = w0 + n * k / pieces, b = w0 + n * (k + 1) / pieces;
        ns_span sp = {k ? t->w.span[a].start : s.start, k + 1 < pieces ? t->w.span[b - 1].end : s.end};
        if (push_unit(t, (ns_tr_unit){sp, a, b, para}) < 0)
            return -1;
    }
    return 0;
}

int ns_tr_text_build(ns_tr_text *t, const char *text, const ns_span *paras, size_t np, ns_error *err)
{
    t->text = text;
    for (size_t p = 0; p < np; p++) {
        ns_span para = paras[p];
        size_t first = t->w.n;
        int rc = ns_tr_words_add(&t->w, text + para.start, para.end - para.start, para.start, err);
        if (rc)
            return rc;
        ns_span *sent = NULL;
        long ns = ns_sentences(text + para.start, para.end - para.start, &sent);
        if (ns < 0)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        size_t w = first;
        for (long i = 0; i < ns; i++) {
            ns_span s = {sent[i].start + para.start, sent[i].end + para.start};
            while (w < t->w.n && t->w.span[w].start < s.start)
                w++; /* words between sentences (none, as sentences cover the text) */
            size_t w0 = w;
            while (w < t->w.n && t->w.span[w].end <= s.end)
                w++;
            if (w > w0 && add_sentence(t, s, (uint32_t)w0, (uint32_t)w, (uint32_t)p) < 0) {
                free(sent);
                return ns_fail(err, NS_ESYSTEM, "out of memory");
            }
        }
        free(sent);
    }
    return NS_OK;
}

void ns_tr_text_free(ns_tr_text *t)
{
    ns_tr_words_free(&t->w);
    free(t->u);
    free(t->pair_h), free(t->pair_head), free(t->pair_next), free(t->pair_unit);
    memset(t, 0, sizeof *t);
}

void ns_tr_matches_free(ns_tr_match *m, size_t n)
{
    for (size_t i = 0; m && i < n; i++) {
        free(m[i].changes);
        m[i].changes = NULL;
        m[i].n_changes = 0;
    }
}

/* ------------------------------------------------------- the word pairs */

static uint64_t pair_hash(uint64_t a, uint64_t b)
{
    return a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
}

int ns_tr_text_pairs(ns_tr_text *t, ns_error *err)
{
    size_t nw = t->w.n, slots = 64;
    while (slots < 2 * nw)
        slots *= 2;
    t->pair_mask = slots - 1;
    t->pair_h = malloc((nw ? nw : 1) * sizeof *t->pair_h);
    t->pair_next = malloc((nw ? nw : 1) * sizeof *t->pair_next);
    t->pair_unit = malloc((nw ? nw : 1) * sizeof *t->pair_unit);
    t->pair_head = malloc(slots * sizeof *t->pair_head);
    if (!t->pair_h || !t->pair_next || !t->pair_unit || !t->pair_head)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    for (size_t i = 0; i < slots; i++)
        t->pair_head[i] = -1;
    for (size_t u = 0; u < t->n_units; u++)
        for (uint32_t k = t->u[u].w0; k + 1 < t->u[u].w1; k++) {
            uint64_t h = pair_hash(t->w.h[k], t->w.h[k + 1]);
            t->pair_h[k] = h;
            t->pair_unit[k] = (uint32_t)u;
            t->pair_next[k] = t->pair_head[h & t->pair_mask];
            t->pair_head[h & t->pair_mask] = (int32_t)k;
        }
    return NS_OK;
}

/* Marks in touched[] the page units holding a pair that the source holds
 * (with the page's pairs indexed); seen[] (a byte a page word, zeroed)
 * is scratch.  The units left unmarked share no pair with the source, so
 * align_unit would find nothing in them. */
static void touched_units(const ns_tr_text *page, const uint64_t *src_pairs, size_t n_pairs,
                          unsigned char *seen, unsigned char *touched)
{
    for (size_t i = 0; i < n_pairs; i++) {
        uint64_t h = src_pairs[i];
        for (int32_t q = page->pair_head[h & page->pair_mask]; q >= 0; q = page->pair_next[q]) {
            if (page->pair_h[q] != h)
                continue;
            if (seen[q])
                break; /* this pair's positions were all marked before */
            seen[q] = 1;
            touched[page->pair_unit[q]] = 1;
        }
    }
}

/* ------------------------------------------------------------------ LCS */

typedef struct lcs_out {
    uint32_t matched, pairs; /* words matched; matched pairs adjacent in both */
    int32_t *to;             /* page word k -> source word, or -1 */
} lcs_out;

/* LCS of page words p[0..n) and source words s[0..m); dp has room for
 * (n+1)(m+1) cells. */
static void lcs(const uint64_t *p, size_t n, const uint64_t *s, size_t m, uint32_t s0, uint16_t *dp,
                lcs_out *o)
{
    size_t W = m + 1;
    for (size_t j = 0; j <= m; j++)
        dp[j] = 0;
    for (size_t i = 1; i <= n; i++) {
        dp[i * W] = 0;
        for (size_t j = 1; j <= m; j++) {
            uint16_t v;
            if (p[i - 1] == s[j - 1])
                v = dp[(i - 1) * W + j - 1] + 1;
            else {
                uint16_t a = dp[(i - 1) * W + j], b = dp[i * W + j - 1];
                v = a > b ? a : b;
            }
            dp[i * W + j] = v;
        }
    }
    for (size_t k = 0; k < n; k++)
        o->to[k] = -1;
    size_t i = n, j = m;
    while (i && j) {
        if (p[i - 1] == s[j - 1] && dp[i * W + j] == dp[(i - 1) * W + j - 1] + 1) {
            o->to[i - 1] = (int32_t)(s0 + j - 1);
            i--, j--;
        } else if (dp[(i - 1) * W + j] >= dp[i * W + j - 1]) {
            i--;
        } else {
            j--;
        }
    }
    o->matched = dp[n * W + m];
    o->pairs = 0;
    for (size_t k = 0; k + 1 < n; k++)
        if (o->to[k] >= 0 && o->to[k + 1] == o->to[k] + 1)
            o->pairs++;
}

/* ----------------------------------------------------------------- align */

/* The source's pairs of consecutive words in a hash table of chains:
 * head[h & mask] is the last position with that slot, next[] the one before. */
typedef struct aligner {
    const ns_tr_text *page, *src;
    uint64_t *ph; /* pair hash at each source position */
    int32_t *head, *next;
    size_t mask, n_pairs;
    uint32_t *unit_of; /* source word -> its unit */
    uint32_t *cnt, *touched;
    uint16_t *dp;
    int32_t *to, *best_to;
} aligner;

/* Aligns page unit u with source words [a, b); keeps it in best when better. */
static void try_range(aligner *A, const ns_tr_unit *u, uint32_t a, uint32_t b, lcs_out *best,
                      uint32_t *best_len)
{
    size_t n = u->w1 - u->w0;
    lcs_out o = {0, 0, A->to};
    const uint64_t *p = A->page->w.h + u->w0, *s = A->src->w.h + a;
    if (b - a == n && !memcmp(p, s, n * sizeof *p)) { /* word for word: the LCS is the identity */
        for (size_t k = 0; k < n; k++)
            o.to[k] = (int32_t)(a + k);
        o.matched = (uint32_t)n, o.pairs = n ? (uint32_t)n - 1 : 0;
    } else {
        lcs(p, n, s, b - a, a, A->dp, &o);
    }
    if (o.matched > best->matched || (o.matched == best->matched && o.matched && b - a < *best_len)) {
        best->matched = o.matched, best->pairs = o.pairs;
        memcpy(best->to, o.to, n * sizeof *o.to);
        *best_len = b - a;
    }
}

/* Fills m from the alignment best of page unit u, when it is exact or
 * near is allowed. */
static int accept(aligner *A, const ns_tr_unit *u, const lcs_out *best, int near_ok, ns_tr_match *m,
                  ns_error *err)
{
    const ns_tr_text *P = A->page, *S = A->src;
    uint32_t n = u->w1 - u->w0;
    int32_t first = -1, last = -1;
    for (uint32_t k = 0; k < n; k++)
        if (best->to[k] >= 0) {
            if (first < 0)
                first = best->to[k];
            last = best->to[k];
        }
    if (first < 0)
        return NS_OK;
    int exact = best->matched == n && (uint32_t)(last - first + 1) == n;
    if (!exact && !near_ok)
        return NS_OK;
    m->copied = 1;
    m->matched = best->matched;
    m->exact = exact;
    m->src_w0 = (uint32_t)first, m->src_w1 = (uint32_t)last + 1;
    /* the source's sentence with its punctuation when the copy covers it */
    uint32_t fu = A->unit_of[first], lu = A->unit_of[last];
    m->source_span.start = S->w.span[first].start;
    m->source_span.end = S->w.span[last].end;
    if ((uint32_t)first == S->u[fu].w0)
        m->source_span.start = S->u[fu].span.start;
    if ((uint32_t)last + 1 == S->u[lu].w1)
        m->source_span.end = S->u[lu].span.end;
    if (exact)
        return NS_OK;
    /* runs of unmatched page words */
    for (uint32_t k = 0; k < n;) {
        if (best->to[k] >= 0) {
            k++;
            continue;
        }
        uint32_t e = k;
        while (e + 1 < n && best->to[e + 1] < 0)
            e++;
        ns_span *c = realloc(m->changes, (m->n_changes + 1) * sizeof *c);
        if (!c)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        m->changes = c;
        c[m->n_changes++] = (ns_span){P->w.span[u->w0 + k].start, P->w.span[u->w0 + e].end};
        k = e + 1;
    }
    return NS_OK;
}

/* A unit not found on its own, next to a copied one: the source words just
 * after and just before each neighbour's copy (the page may have swapped
 * sentences) are tried with a laxer rule (half the words, one matched pair),
 * as a short or much edited sentence inside a copied run is part of the copy. */
static int fill_gap(aligner *A, const ns_tr_unit *u, const ns_tr_match *const nb[2], ns_tr_match *m,
                    ns_error *err)
{
    uint32_t n = u->w1 - u->w0, nw = (uint32_t)A->src->w.n;
    lcs_out best = {0, 0, A->best_to};
    uint32_t best_len = UINT32_MAX;
    for (int k = 0; k < 2; k++) {
        if (!nb[k] || !nb[k]->copied)
            continue;
        uint32_t a = nb[k]->src_w1, b = a + n + GAP < nw ? a + n + GAP : nw;
        if (a < b)
            try_range(A, u, a, b, &best, &best_len);
        b = nb[k]->src_w0, a = b > n + GAP ? b - n - GAP : 0;
        if (a < b)
            try_range(A, u, a, b, &best, &best_len);
    }
    if (n <= 2 ? best.matched < n : best.matched < 2 || 2 * best.matched < n || best.pairs < 1)
        return NS_OK; /* a unit of one or two words only word for word */
    return accept(A, u, &best, 1, m, err);
}

static int align_unit(aligner *A, const ns_tr_unit *u, ns_tr_match *m, ns_error *err)
{
    const ns_tr_text *P = A->page, *S = A->src;
    uint32_t n = u->w1 - u->w0;
    memset(m, 0, sizeof *m);
    if (n < MIN_WORDS || !A->n_pairs)
        return NS_OK;
    /* the source units sharing the most word pairs */
    size_t nt = 0;
    for (uint32_t k = u->w0; k + 1 < u->w1; k++) {
        uint64_t h = pair_hash(P->w.h[k], P->w.h[k + 1]);
        int c = 0;
        for (int32_t q = A->head[h & A->mask]; q >= 0 && c < PER_PAIR; q = A->next[q]) {
            if (A->ph[q] != h)
                continue;
            c++;
            uint32_t su = A->unit_of[q];
            if (!A->cnt[su]++)
                A->touched[nt++] = su;
        }
    }
    uint32_t top[2] = {UINT32_MAX, UINT32_MAX}, topc[2] = {0, 0};
    for (size_t i = 0; i < nt; i++) {
        uint32_t su = A->touched[i], c = A->cnt[su];
        A->cnt[su] = 0;
        if (c > topc[0] || (c == topc[0] && su < top[0])) {
            top[1] = top[0], topc[1] = topc[0];
            top[0] = su, topc[0] = c;
        } else if (c > topc[1] || (c == topc[1] && su < top[1])) {
            top[1] = su, topc[1] = c;
        }
    }
    /* a copy shares at least MIN_PAIRS pairs (all of them when short) */
    uint32_t need = n < SHORT ? n - 1 : (n - 1) / 4 > MIN_PAIRS ? (n - 1) / 4 : MIN_PAIRS;
    if (top[0] == UINT32_MAX || topc[0] < need)
        return NS_OK;
    lcs_out best = {0, 0, A->best_to};
    uint32_t best_len = UINT32_MAX;
    for (int k = 0; k < 2 && top[k] != UINT32_MAX && topc[k] >= need && !(best.matched == n && best_len == n);
         k++) { /* (an exact copy of a whole source unit cannot be bettered) */
        const ns_tr_unit *s = &S->u[top[k]];
        try_range(A, u, s->w0, s->w1, &best, &best_len);
        if (best.matched < n) { /* the page may have merged or split sentences */
            if (top[k] > 0)
                try_range(A, u, S->u[top[k] - 1].w0, s->w1, &best, &best_len);
            if (top[k] + 1 < S->n_units)
                try_range(A, u, s->w0, S->u[top[k] + 1].w1, &best, &best_len);
        }
    }
    /* a near copy keeps half of its word pairs too: sentences of one template
     * ("X said its March load factor declined to N pct from M pct") share
     * their scattered words, not their runs */
    if (best.matched < MIN_WORDS || 2 * best.matched < n || best.pairs < need || 2 * best.pairs < n - 1)
        return NS_OK;
    return accept(A, u, &best, n >= SHORT, m, err);
}

int ns_tr_align(const ns_tr_text *page, const ns_tr_text *source, ns_tr_match *m, ns_error *err)
{
    aligner A = {.page = page, .src = source};
    size_t nw = source->w.n, longest = 0;
    for (size_t i = 0; i < source->n_units; i++) {
        size_t a = i ? source->u[i - 1].w0 : source->u[i].w0;
        size_t b = i + 1 < source->n_units ? source->u[i + 1].w1 : source->u[i].w1;
        if (b - a > longest)
            longest = b - a;
    }
    size_t maxp = 0;
    for (size_t i = 0; i < page->n_units; i++)
        if (page->u[i].w1 - page->u[i].w0 > maxp)
            maxp = page->u[i].w1 - page->u[i].w0;
    size_t slots = 64;
    while (slots < 2 * nw)
        slots *= 2;
    A.mask = slots - 1;
    A.ph = malloc((nw ? nw : 1) * sizeof *A.ph);
    A.next = malloc((nw ? nw : 1) * sizeof *A.next);
    A.head = malloc(slots * sizeof *A.head);
    A.unit_of = malloc((nw ? nw : 1) * sizeof *A.unit_of);
    A.cnt = calloc(source->n_units + 1, sizeof *A.cnt);
    A.touched = malloc((source->n_units + 1) * sizeof *A.touched);
    if (longest < maxp + GAP)
        longest = maxp + GAP; /* the windows of fill_gap */
    A.dp = malloc((maxp + 1) * (longest + 1) * sizeof *A.dp);
    A.to = malloc((maxp + 1) * sizeof *A.to);
    A.best_to = malloc((maxp + 1) * sizeof *A.best_to);
    int rc = NS_OK;
    if (!A.ph || !A.next || !A.head || !A.unit_of || !A.cnt || !A.touched || !A.dp || !A.to || !A.best_to) {
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nw; i++)
        A.unit_of[i] = 0;
    for (size_t i = 0; i < source->n_units; i++)
        for (uint32_t w = source->u[i].w0; w < source->u[i].w1; w++)
            A.unit_of[w] = (uint32_t)i;
    /* every pair of consecutive words of the source */
    for (size_t i = 0; i <= A.mask; i++)
        A.head[i] = -1;
    for (size_t i = 0; i + 1 < nw; i++, A.n_pairs++) {
        A.ph[i] = pair_hash(source->w.h[i], source->w.h[i + 1]);
        A.next[i] = A.head[A.ph[i] & A.mask];
        A.head[A.ph[i] & A.mask] = (int32_t)i;
    }
    unsigned char *seen = NULL, *touched = NULL;
    if (page->pair_head) {
        seen = calloc(page->w.n ? page->w.n : 1, 1);
        touched = calloc(page->n_units ? page->n_units : 1, 1);
        if (!seen || !touched) {
            free(seen), free(touched);
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            goto done;
        }
        touched_units(page, A.ph, A.n_pairs, seen, touched);
    }
    for (size_t i = 0; i < page->n_units && !rc; i++) {
        if (touched && !touched[i])
            memset(&m[i], 0, sizeof m[i]);
        else
            rc = align_unit(&A, &page->u[i], &m[i], err);
    }
    free(seen), free(touched);
    for (int pass = 0; pass < 2; pass++) /* twice: a filled gap may fill the next */
        for (size_t i = 0; i < page->n_units && !rc; i++) {
            const ns_tr_match *nb[2] = {i ? &m[i - 1] : NULL, i + 1 < page->n_units ? &m[i + 1] : NULL};
            if (!m[i].copied && ((nb[0] && nb[0]->copied) || (nb[1] && nb[1]->copied)))
                rc = fill_gap(&A, &page->u[i], nb, &m[i], err);
        }
    if (rc)
        ns_tr_matches_free(m, page->n_units);
done:
    free(A.ph), free(A.next), free(A.head), free(A.unit_of), free(A.cnt), free(A.touched), free(A.dp),
        free(A.to), free(A.best_to);
    return rc;
}
