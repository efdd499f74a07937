/* fuzz_tokenize.c — the text layer on any bytes: ns_tokenize, ns_sentences,
 * ns_utf8_repair and ns_utf8_valid.  Aborts when a promise is broken: spans
 * inside the input and in order, normalised forms valid UTF-8 of at most 64
 * bytes, the same tokens and counts from ns_tokenize as from its general
 * path alone (ns_tokenize_general, without the ASCII word fast path),
 * sentence spans ordered and non-empty, the repaired text valid and exactly
 * len + 2 * replaced bytes long. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newssift.h"
#include "text/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_tokenize: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static void check_tokens(const ns_tokens *t, size_t size)
{
    uint32_t prev_end = 0;
    uint32_t words = 0;
    for (size_t i = 0; i < t->n; i++) {
        const ns_token *k = &t->tok[i];
        CHECK(k->start < k->end);
        CHECK(k->end <= size);
        CHECK(k->start >= prev_end);
        prev_end = k->end;
        CHECK((size_t)k->norm_off + k->norm_len <= t->norm_len);
        CHECK(k->norm_len <= 64);
        CHECK(ns_utf8_valid(t->norm + k->norm_off, k->norm_len, NULL));
        CHECK(k->kind <= NS_TOK_EMOJI);
        CHECK(k->upper <= 1);
        words += k->kind == NS_TOK_WORD || k->kind == NS_TOK_NUMBER;
    }
    CHECK(t->words == words);
    CHECK(t->caps_words <= t->words);
    CHECK(t->upper_letters <= t->letters);
}

/* The general path gives what ns_tokenize gave in t. */
static void check_same_as_general(const ns_tokens *t, const char *s, size_t size)
{
    ns_tokens g = {0};
    ns_error err = {0};
    CHECK(ns_tokenize_general(&g, s, size, &err) == NS_OK);
    CHECK(g.n == t->n);
    for (size_t i = 0; i < t->n; i++) {
        const ns_token *a = &t->tok[i], *b = &g.tok[i];
        CHECK(a->start == b->start && a->end == b->end && a->kind == b->kind && a->upper == b->upper);
        CHECK(a->norm_len == b->norm_len && !memcmp(t->norm + a->norm_off, g.norm + b->norm_off, a->norm_len));
    }
    CHECK(g.letters == t->letters && g.upper_letters == t->upper_letters && g.words == t->words);
    CHECK(g.caps_words == t->caps_words && g.exclaim_runs == t->exclaim_runs && g.question_runs == t->question_runs);
    ns_tokens_free(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    ns_tokens t = {0};
    ns_error err = {0};
    CHECK(ns_tokenize(&t, s, size, &err) == NS_OK);
    check_tokens(&t, size);
    check_same_as_general(&t, s, size);

    ns_span *sp = NULL;
    long n = ns_sentences(s, size, &sp);
    CHECK(n >= 0);
    uint32_t prev = 0;
    for (long i = 0; i < n; i++) {
        CHECK(sp[i].start < sp[i].end);
        CHECK(sp[i].end <= size);
        CHECK(sp[i].start >= prev);
        prev = sp[i].end;
    }
    free(sp);

    size_t out_len = 0, replaced = 0, bad_at = 0;
    char *out = ns_utf8_repair(s, size, &out_len, &replaced);
    CHECK(out != NULL);
    CHECK(out_len == size + 2 * replaced);
    CHECK(out[out_len] == '\0');
    CHECK(ns_utf8_valid(out, out_len, NULL));
    int valid = ns_utf8_valid(s, size, &bad_at);
    CHECK(valid == (replaced == 0));
    CHECK(valid || bad_at < size);
    if (!replaced)
        CHECK(size == 0 || memcmp(out, s, size) == 0);
    /* the repaired text tokenizes with the same invariants */
    CHECK(ns_tokenize(&t, out, out_len, &err) == NS_OK);
    check_tokens(&t, out_len);
    check_same_as_general(&t, out, out_len);
    free(out);
    ns_tokens_free(&t);
    return 0;
}
