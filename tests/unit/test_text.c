/* test_text.c — UTF-8 repair, the tokenizer and sentence spans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newssift.h"
#include "text/tokenize.h"

/* ------------------------------------------------------------- helpers */

typedef struct repair_case {
    const char *what;
    const char *in;
    size_t len;
    size_t replaced;    /* exact number of bytes replaced by U+FFFD */
    const char *out;    /* expected repaired bytes */
    size_t out_len;
    size_t bad_at;      /* first bad byte for ns_utf8_valid (ignored when valid) */
} repair_case;

#define S(lit) lit, sizeof(lit) - 1
#define R "\xEF\xBF\xBD" /* U+FFFD */

static const repair_case repair_cases[] = {
    {"ascii", S("plain text"), 0, S("plain text"), 0},
    {"valid multibyte", S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x82"), 0,
     S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x82"), 0},
    {"embedded NUL is valid", S("a\0b"), 0, S("a\0b"), 0},
    {"boundaries U+D7FF U+E000 U+FFFF U+10FFFF", S("\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF"), 0,
     S("\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF"), 0},
    {"overlong 2-byte '/'", S("a\xC0\xAF" "b"), 2, S("a" R R "b"), 1},
    {"overlong 2-byte C1", S("\xC1\xBF"), 2, S(R R), 0},
    {"overlong 3-byte", S("\xE0\x80\xAF"), 3, S(R R R), 0},
    {"overlong 3-byte U+07FF", S("x\xE0\x9F\xBF"), 3, S("x" R R R), 1},
    {"overlong 4-byte", S("\xF0\x80\x80\xAF"), 4, S(R R R R), 0},
    {"overlong 4-byte U+FFFF", S("\xF0\x8F\xBF\xBF"), 4, S(R R R R), 0},
    {"surrogate high", S("\xED\xA0\x80"), 3, S(R R R), 0},
    {"surrogate low", S("ok\xED\xBF\xBF"), 3, S("ok" R R R), 2},
    {"surrogate pair as CESU-8", S("\xED\xA0\xBD\xED\xB8\x82"), 6, S(R R R R R R), 0},
    {"above U+10FFFF (F4 90)", S("\xF4\x90\x80\x80"), 4, S(R R R R), 0},
    {"F5 lead byte", S("\xF5\x80\x80\x80"), 4, S(R R R R), 0},
    {"FE and FF", S("\xFE\xFF"), 2, S(R R), 0},
    {"truncated 2-byte at end", S("ab\xC3"), 1, S("ab" R), 2},
    {"truncated 3-byte at end", S("ab\xE2\x82"), 2, S("ab" R R), 2},
    {"truncated 4-byte at end", S("\xF0\x9F\x98"), 3, S(R R R), 0},
    {"truncated 3-byte before ascii", S("\xE2\x82" "A"), 2, S(R R "A"), 0},
    {"truncated 4-byte before valid 2-byte", S("\xF0\x9F\xC3\xA9"), 2, S(R R "\xC3\xA9"), 0},
    {"lone continuation", S("\x80"), 1, S(R), 0},
    {"continuation run", S("a\x80\xBF\x80" "b"), 3, S("a" R R R "b"), 1},
    {"lead byte then space", S("\xC3 x"), 1, S(R " x"), 0},
    {"empty", "", 0, 0, "", 0, 0},
};

static void test_utf8_repair_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof repair_cases / sizeof repair_cases[0]; i++) {
        const repair_case *c = &repair_cases[i];
        size_t out_len = 12345, replaced = 12345;
        char *out = ns_utf8_repair(c->in, c->len, &out_len, &replaced);
        if (!out)
            fail_msg("%s: NULL", c->what);
        if (replaced != c->replaced)
            fail_msg("%s: replaced %zu bytes, expected %zu", c->what, replaced, c->replaced);
        if (out_len != c->out_len || memcmp(out, c->out, out_len) != 0)
            fail_msg("%s: wrong repaired bytes (length %zu, expected %zu)", c->what, out_len, c->out_len);
        if (out[out_len] != '\0')
            fail_msg("%s: not NUL-terminated", c->what);
        if (out_len != c->len + 2 * replaced)
            fail_msg("%s: length is not len + 2 * replaced", c->what);
        size_t bad = 999;
        int valid = ns_utf8_valid(c->in, c->len, &bad);
        if (valid != (c->replaced == 0))
            fail_msg("%s: ns_utf8_valid says %d", c->what, valid);
        if (!valid && bad != c->bad_at)
            fail_msg("%s: bad_at %zu, expected %zu", c->what, bad, c->bad_at);
        if (!ns_utf8_valid(out, out_len, NULL))
            fail_msg("%s: repaired text is not valid UTF-8", c->what);
        free(out);
    }
}

static void test_utf8_repair_null_outputs(void **state)
{
    (void)state;
    char *out = ns_utf8_repair("\xFF", 1, NULL, NULL);
    assert_non_null(out);
    assert_string_equal(out, R);
    free(out);
    assert_true(ns_utf8_valid("", 0, NULL));
    assert_false(ns_utf8_valid("\xC0", 1, NULL));
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

/* Random bytes: the repaired text is valid, replacing again replaces nothing,
 * and valid input comes back unchanged. */
static void test_utf8_repair_random(void **state)
{
    (void)state;
    unsigned char buf[256];
    for (int it = 0; it < 20000; it++) {
        size_t n = rnd() % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            uint32_t r = rnd();
            buf[i] = (unsigned char)(r % 4 == 0 ? 0x80 | (r >> 8) % 64 : r % 4 == 1 ? 0xC0 + (r >> 8) % 64
                                                                                   : r >> 8);
        }
        size_t out_len, replaced, again_len, again;
        char *out = ns_utf8_repair((char *)buf, n, &out_len, &replaced);
        assert_non_null(out);
        assert_int_equal(out_len, n + 2 * replaced);
        assert_true(ns_utf8_valid(out, out_len, NULL));
        assert_int_equal(ns_utf8_valid((char *)buf, n, NULL), replaced == 0);
        if (!replaced)
            assert_memory_equal(out, buf, n);
        char *twice = ns_utf8_repair(out, out_len, &again_len, &again);
        assert_non_null(twice);
        assert_int_equal(again, 0);
        assert_int_equal(again_len, out_len);
        assert_memory_equal(twice, out, out_len);
        free(out);
        free(twice);
    }
}

/* ------------------------------------------------------------ tokenizer */

typedef struct want_tok {
    const char *raw;   /* the token's bytes in the original text */
    const char *norm;  /* its normalised form */
    int kind;
} want_tok;

/* Checks the invariants every tokenization keeps. */
static void check_invariants(const ns_tokens *t, const char *s, size_t n)
{
    uint32_t prev_end = 0;
    for (size_t i = 0; i < t->n; i++) {
        const ns_token *k = &t->tok[i];
        if (!(k->start < k->end && k->end <= n))
            fail_msg("token %zu: span [%u, %u) outside the text of %zu bytes", i, k->start, k->end, n);
        if (k->start < prev_end)
            fail_msg("token %zu: span [%u, %u) overlaps the previous one ending at %u", i, k->start,
                     k->end, prev_end);
        prev_end = k->end;
        if ((size_t)k->norm_off + k->norm_len > t->norm_len)
            fail_msg("token %zu: normalised form outside the buffer", i);
        if (k->norm_len > 64)
            fail_msg("token %zu: normalised form of %u bytes (cap is 64)", i, k->norm_len);
        if (!ns_utf8_valid(t->norm + k->norm_off, k->norm_len, NULL))
            fail_msg("token %zu: normalised form is not valid UTF-8", i);
        if (k->kind > NS_TOK_EMOJI)
            fail_msg("token %zu: bad kind %u", i, k->kind);
    }
    (void)s;
}

static void expect_tokens(const char *s, const want_tok *w, size_t nw)
{
    ns_tokens t = {0};
    ns_error err = {0};
    size_t n = strlen(s);
    assert_int_equal(ns_tokenize(&t, s, n, &err), NS_OK);
    check_invariants(&t, s, n);
    for (size_t i = 0; i < t.n && i < nw; i++) {
        const ns_token *k = &t.tok[i];
        size_t rl = k->end - k->start;
        if (rl != strlen(w[i].raw) || memcmp(s + k->start, w[i].raw, rl))
            fail_msg("\"%s\": token %zu spans \"%.*s\", expected \"%s\"", s, i, (int)rl, s + k->start,
                     w[i].raw);
        if (k->norm_len != strlen(w[i].norm) || memcmp(t.norm + k->norm_off, w[i].norm, k->norm_len))
            fail_msg("\"%s\": token %zu normalised to \"%.*s\", expected \"%s\"", s, i, (int)k->norm_len,
                     t.norm + k->norm_off, w[i].norm);
        if (k->kind != w[i].kind)
            fail_msg("\"%s\": token %zu (\"%s\") has kind %u, expected %d", s, i, w[i].raw, k->kind,
                     w[i].kind);
    }
    if (t.n != nw)
        fail_msg("\"%s\": %zu tokens, expected %zu", s, t.n, nw);
    ns_tokens_free(&t);
}

#define EXPECT(s, ...)                                                                             \
    do {                                                                                           \
        static const want_tok w_[] = {__VA_ARGS__};                                                    \
        expect_tokens(s, w_, sizeof w_ / sizeof w_[0]);                                            \
    } while (0)

enum { W = NS_TOK_WORD, N = NS_TOK_NUMBER, U = NS_TOK_URL, H = NS_TOK_HANDLE, T = NS_TOK_HASHTAG,
       P = NS_TOK_PUNCT, E = NS_TOK_EMOJI };

static void test_tok_words_and_case(void **state)
{
    (void)state;
    EXPECT("The Quick  brown\tFOX", {"The", "the", W}, {"Quick", "quick", W}, {"brown", "brown", W},
           {"FOX", "fox", W});
    EXPECT("Caf\xC3\xA9 na\xC3\xAFve \xC3\x89" "COLE", {"Caf\xC3\xA9", "cafe", W},
           {"na\xC3\xAFve", "naive", W}, {"\xC3\x89" "COLE", "ecole", W});
    /* decomposed input: e + combining acute */
    EXPECT("Cafe\xCC\x81!", {"Cafe\xCC\x81", "cafe", W}, {"!", "!", P});
    /* compatibility forms: full-width letters, the fi ligature, sharp s */
    EXPECT("\xEF\xBC\xA6\xEF\xBC\xB5\xEF\xBC\xAC\xEF\xBC\xAC \xEF\xAC\x81ne Stra\xC3\x9F" "e",
           {"\xEF\xBC\xA6\xEF\xBC\xB5\xEF\xBC\xAC\xEF\xBC\xAC", "full", W}, {"\xEF\xAC\x81ne", "fine", W},
           {"Stra\xC3\x9F" "e", "strasse", W});
}

static void test_tok_apostrophes(void **state)
{
    (void)state;
    EXPECT("don\xE2\x80\x99t it's", {"don\xE2\x80\x99t", "don't", W}, {"it's", "it's", W});
    EXPECT("Don&#8217;t", {"Don&#8217;t", "don't", W});
    /* apostrophes that are not inside a word are dropped */
    EXPECT("'quoted' rock 'n' roll", {"quoted", "quoted", W}, {"rock", "rock", W}, {"n", "n", W},
           {"roll", "roll", W});
}

static void test_tok_entities(void **state)
{
    (void)state;
    EXPECT("AT &amp; T", {"AT", "at", W}, {"&amp;", "&", P}, {"T", "t", W});
    EXPECT("lol &#128514; ok", {"lol", "lol", W}, {"&#128514;", "\xF0\x9F\x98\x82", E},
           {"ok", "ok", W});
    EXPECT("&#x1F602;&#X1f602;", {"&#x1F602;", "\xF0\x9F\x98\x82", E},
           {"&#X1f602;", "\xF0\x9F\x98\x82", E});
    EXPECT("&eacute;t&eacute;", {"&eacute;t&eacute;", "ete", W});
    EXPECT("&quot;Hi&quot;", {"&quot;", "\"", P}, {"Hi", "hi", W}, {"&quot;", "\"", P});
    /* not entities: unknown names, NUL, surrogates, no semicolon */
    EXPECT("&bogus; x", {"&", "&", P}, {"bogus", "bogus", W}, {";", ";", P}, {"x", "x", W});
    EXPECT("&#0; &#55296; &amp", {"&", "&", P}, {"#0", "#0", T}, {";", ";", P}, {"&", "&", P},
           {"#55296", "#55296", T}, {";", ";", P}, {"&", "&", P}, {"amp", "amp", W});
}

static void test_tok_urls_handles_tags(void **state)
{
    (void)state;
    EXPECT("see https://x.com/a?b=1. Now", {"see", "see", W}, {"https://x.com/a?b=1", "<url>", U},
           {".", ".", P}, {"Now", "now", W});
    EXPECT("(HTTP://Example.org/x), www.bbc.co.uk!", {"(", "(", P}, {"HTTP://Example.org/x", "<url>", U},
           {")", ")", P}, {",", ",", P}, {"www.bbc.co.uk", "<url>", U}, {"!", "!", P});
    EXPECT("@Bob_1 said #Brexit #2020 @ #", {"@Bob_1", "@user", H}, {"said", "said", W},
           {"#Brexit", "#brexit", T}, {"#2020", "#2020", T}, {"@", "@", P}, {"#", "#", P});
}

static void test_tok_punctuation_runs(void **state)
{
    (void)state;
    EXPECT("Wow!!!!! really??", {"Wow", "wow", W}, {"!!!!!", "!!!", P}, {"really", "really", W},
           {"??", "??", P});
    EXPECT("a...b?!", {"a", "a", W}, {"...", "...", P}, {"b", "b", W}, {"?", "?", P}, {"!", "!", P});
    EXPECT("\xE2\x80\xA6", {"\xE2\x80\xA6", "...", P}); /* the ellipsis character */
    ns_tokens t = {0};
    ns_error err = {0};
    const char *s = "WOW!!! Is THIS real?? No!";
    assert_int_equal(ns_tokenize(&t, s, strlen(s), &err), NS_OK);
    assert_int_equal(t.exclaim_runs, 2);
    assert_int_equal(t.question_runs, 1);
    assert_int_equal(t.words, 5);
    assert_int_equal(t.caps_words, 2); /* WOW, THIS; "Is" and "No" are not all caps */
    ns_tokens_free(&t);
}

static void test_tok_emoji(void **state)
{
    (void)state;
    /* thumbs up with a skin tone: one token, the tone left out of the form */
    EXPECT("ok \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD!", {"ok", "ok", W},
           {"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xF0\x9F\x91\x8D", E}, {"!", "!", P});
    /* variation selector */
    EXPECT("\xE2\x9D\xA4\xEF\xB8\x8F you", {"\xE2\x9D\xA4\xEF\xB8\x8F", "\xE2\x9D\xA4", E},
           {"you", "you", W});
    /* a ZWJ family: man ZWJ woman ZWJ girl is one token */
    EXPECT("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 x",
           {"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",
            "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7", E},
           {"x", "x", W});
    /* ZWJ with skin tones: woman (tone) ZWJ laptop */
    EXPECT("\xF0\x9F\x91\xA9\xF0\x9F\x8F\xBE\xE2\x80\x8D\xF0\x9F\x92\xBB",
           {"\xF0\x9F\x91\xA9\xF0\x9F\x8F\xBE\xE2\x80\x8D\xF0\x9F\x92\xBB",
            "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB", E});
    /* flags: pairs of regional indicators; two flags side by side stay two */
    EXPECT("\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7",
           {"\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8", "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8", E},
           {"\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7", "\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7", E});
    /* two plain emoji are two tokens */
    EXPECT("\xF0\x9F\x98\x82\xF0\x9F\x98\x82", {"\xF0\x9F\x98\x82", "\xF0\x9F\x98\x82", E},
           {"\xF0\x9F\x98\x82", "\xF0\x9F\x98\x82", E});
}

static void test_tok_numbers(void **state)
{
    (void)state;
    EXPECT("1,000.5 people", {"1,000.5", "1,000.5", N}, {"people", "people", W});
    EXPECT("rose 3.5%. In 2019,", {"rose", "rose", W}, {"3.5", "3.5", N}, {"%", "%", P}, {".", ".", P},
           {"In", "in", W}, {"2019", "2019", N}, {",", ",", P});
    EXPECT("covid19 4x4", {"covid19", "covid19", W}, {"4x4", "4x4", W});
    EXPECT("\xD9\xA1\xD9\xA2", {"\xD9\xA1\xD9\xA2", "\xD9\xA1\xD9\xA2", N}); /* Arabic-Indic digits */
}

static void test_tok_invalid_bytes_separate(void **state)
{
    (void)state;
    EXPECT("ab\xFF" "cd \xC0\xAF x", {"ab", "ab", W}, {"cd", "cd", W}, {"x", "x", W});
    EXPECT("\xED\xA0\x80word\xF4\x90\x80\x80", {"word", "word", W});
}

/* Every word's span is its bytes in the text: for ASCII words the form is
 * the span lower-cased. */
static void test_tok_spans_map_back(void **state)
{
    (void)state;
    const char *s = "  Senate PASSES the Budget-Bill, after 12 hours;\n\tmembers\xC2\xA0" "cheer.  ";
    ns_tokens t = {0};
    ns_error err = {0};
    assert_int_equal(ns_tokenize(&t, s, strlen(s), &err), NS_OK);
    check_invariants(&t, s, strlen(s));
    size_t words = 0;
    for (size_t i = 0; i < t.n; i++) {
        const ns_token *k = &t.tok[i];
        if (k->kind != NS_TOK_WORD && k->kind != NS_TOK_NUMBER)
            continue;
        words++;
        assert_int_equal(k->end - k->start, k->norm_len);
        for (uint32_t j = 0; j < k->norm_len; j++) {
            char c = s[k->start + j];
            char lower = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            if (lower != t.norm[k->norm_off + j])
                fail_msg("token %zu: form differs from its span", i);
        }
    }
    assert_int_equal(words, 10);
    assert_int_equal(t.tok[0].start, 2);
    ns_tokens_free(&t);
}

static void test_tok_norm_cap_and_reuse(void **state)
{
    (void)state;
    char s[400];
    memset(s, 'A', 200);
    strcpy(s + 200, " tail");
    ns_tokens t = {0};
    ns_error err = {0};
    assert_int_equal(ns_tokenize(&t, s, strlen(s), &err), NS_OK);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.tok[0].start, 0);
    assert_int_equal(t.tok[0].end, 200);  /* the span is the whole word */
    assert_int_equal(t.tok[0].norm_len, 64);  /* the form is capped */
    assert_int_equal(t.tok[0].upper, 1);
    /* a long word of 2-byte letters is capped at a character boundary */
    size_t o = 0;
    for (int i = 0; i < 100; i++)
        s[o++] = (char)0xC3, s[o++] = (char)0xA9;
    assert_int_equal(ns_tokenize(&t, s, o, &err), NS_OK);
    assert_int_equal(t.n, 1);
    assert_true(t.tok[0].norm_len <= 64);
    check_invariants(&t, s, o);
    /* reusing the list clears it */
    assert_int_equal(ns_tokenize(&t, "one", 3, &err), NS_OK);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.words, 1);
    assert_int_equal(ns_tokenize(&t, "", 0, &err), NS_OK);
    assert_int_equal(t.n, 0);
    assert_int_equal(t.words, 0);
    ns_tokens_free(&t);
    ns_tokens_free(&t); /* freeing twice is harmless: the list is zeroed */
}

/* Random bytes, biased toward the tokenizer's special characters. */
static void test_tok_random_bytes(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "&", "&amp;", "&#", "&#x", "1F602;", "#", "@", "http://", "www.", "'", "\xE2\x80\x99", ".", ",",
        "!", "?", "\xF0\x9F\x91\x8D", "\xF0\x9F\x8F\xBD", "\xE2\x80\x8D", "\xEF\xB8\x8F", "\xF0\x9F\x87\xBA",
        "\xCC\x81", "A", "z", "9", " ", "\n", "\xC3", "\xA9", "\xED\xA0\x80", "\xFF", ";", "\xEF\xB7\xBA",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    ns_tokens t = {0};
    ns_error err = {0};
    char buf[1024];
    for (int it = 0; it < 5000; it++) {
        size_t n = 0, want = rnd() % 200;
        while (n < want) {
            uint32_t r = rnd();
            if (r % 3 == 0) {
                buf[n++] = (char)(r >> 8);
            } else {
                const char *p = pieces[(r >> 8) % np];
                size_t k = strlen(p);
                memcpy(buf + n, p, k);
                n += k;
            }
        }
        if (ns_tokenize(&t, buf, n, &err) != NS_OK)
            fail_msg("iteration %d: %s", it, err.msg);
        check_invariants(&t, buf, n);
        ns_span *sp = NULL;
        long ns = ns_sentences(buf, n, &sp);
        assert_true(ns >= 0);
        uint32_t prev = 0;
        for (long i = 0; i < ns; i++) {
            if (!(sp[i].start < sp[i].end && sp[i].end <= n && sp[i].start >= prev))
                fail_msg("iteration %d: sentence %ld [%u, %u) bad", it, i, sp[i].start, sp[i].end);
            prev = sp[i].end;
        }
        free(sp);
    }
    ns_tokens_free(&t);
}

/* ns_tokenize (with its fast path for plain ASCII words) and the general
 * path alone give the same tokens, forms and counts for s[0..n). */
static void expect_same_paths(const char *s, size_t n)
{
    ns_tokens a = {0}, b = {0};
    ns_error err = {0};
    assert_int_equal(ns_tokenize(&a, s, n, &err), NS_OK);
    assert_int_equal(ns_tokenize_general(&b, s, n, &err), NS_OK);
    if (a.n != b.n)
        fail_msg("\"%.*s\": %zu tokens, the general path %zu", (int)n, s, a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        const ns_token *x = &a.tok[i], *y = &b.tok[i];
        if (x->start != y->start || x->end != y->end || x->kind != y->kind || x->upper != y->upper ||
            x->norm_len != y->norm_len || memcmp(a.norm + x->norm_off, b.norm + y->norm_off, x->norm_len))
            fail_msg("\"%.*s\": token %zu [%u, %u) \"%.*s\" kind %d, the general path [%u, %u) \"%.*s\" kind %d",
                     (int)n, s, i, x->start, x->end, (int)x->norm_len, a.norm + x->norm_off, x->kind, y->start,
                     y->end, (int)y->norm_len, b.norm + y->norm_off, y->kind);
    }
    assert_int_equal(a.letters, b.letters);
    assert_int_equal(a.upper_letters, b.upper_letters);
    assert_int_equal(a.exclaim_runs, b.exclaim_runs);
    assert_int_equal(a.question_runs, b.question_runs);
    assert_int_equal(a.caps_words, b.caps_words);
    assert_int_equal(a.words, b.words);
    ns_tokens_free(&a);
    ns_tokens_free(&b);
}

/* The fast path ends a word where the general path would, and leaves to it
 * whatever may join the word: at every length around the 8-byte steps,
 * before and after every tricky character, and at the end of the text. */
static void test_tok_fast_path_same(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "The quick brown Fox jumps over the LAZY dog.", "don't won\xE2\x80\x99t rock'n'roll o'", "3.14 1,000,000 3.x 2,a 7. 8,",
        "12'34 ab12cd 0xFF 1st 22nd", "http://example.com/a?b=c www.x.org HTTPS://Y.Z hwww wh",
        "@user_1 #Tag_2 a@b c#d email@example.com", "caf\xC3\xA9 na\xC3\xAFve \xC3\x89" "cole ABC\xC3\x89",
        "smile\xF0\x9F\x98\x82 ok\xE2\x80\x8Dgo no\xEF\xB8\x8Fpe", "AT&amp;T R&D a&#65;b x&#x42; &lt;tag&gt; fish&chips",
        "!!! ??? ... --- ,,, ;;; )))", "bad\xFF\xFE" "bytes ok\xC3 \xED\xA0\x80" "x",
        "WORD WORDS WORDSS WORDSSSS WORDSSSSS A B AB", "tab\tnew\nline\rret\x01ctl\x7F",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'b",
        "1234567890123456789012345678901234567890123456789012345678901234567890.5",
        "[brackets] {braces} <angle> \"quotes\" `tick` ~tilde^ under_score a_b", "Z@[`{ AZaz09 /:@[`{ ",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_same_paths(cases[i], strlen(cases[i]));
    /* every word length 1-20 followed by every byte, at the end or not */
    char buf[64];
    for (size_t len = 1; len <= 20; len++)
        for (int c = 0; c < 256; c++) {
            for (size_t j = 0; j < len; j++)
                buf[j] = "aZ9bY8cX7dW6eV5fU4gT"[j];
            buf[len] = (char)c;
            memcpy(buf + len + 1, "x 1", 3);
            for (size_t n = len; n <= len + 4; n++)
                expect_same_paths(buf, n);
        }
}

/* Random texts of letters, digits and the characters that join or end
 * them, in both paths. */
static void test_tok_fast_path_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "Z", "q", "9", "0", " ", "'", ".", ",", "&", "&amp;", "&#65;", "-", "_", "@", "#", "h", "www.",
        "http://", "\xE2\x80\x99", "\xC3\xA9", "\xCC\x81", "\xE2\x80\x8D", "\xF0\x9F\x98\x82", "\xFF", "\n", "!",
        "Word", "WORD", "word", "12345678", "ABCDEFGHIJ",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    char buf[512];
    for (int it = 0; it < 20000; it++) {
        size_t n = 0, want = rnd() % 120;
        while (n < want) {
            const char *p = pieces[rnd() % np];
            size_t k = strlen(p);
            memcpy(buf + n, p, k);
            n += k;
        }
        expect_same_paths(buf, n);
    }
}

/* ------------------------------------------------------------ sentences */

static void expect_sentences(const char *s, const char *const *want, size_t nw)
{
    ns_span *sp = NULL;
    long n = ns_sentences(s, strlen(s), &sp);
    for (long i = 0; i < n && (size_t)i < nw; i++) {
        size_t l = sp[i].end - sp[i].start;
        if (l != strlen(want[i]) || memcmp(s + sp[i].start, want[i], l))
            fail_msg("sentence %ld is \"%.*s\", expected \"%s\"", i, (int)l, s + sp[i].start, want[i]);
    }
    if (n != (long)nw)
        fail_msg("%ld sentences, expected %zu", n, nw);
    free(sp);
}

#define SENTENCES(s, ...)                                                                          \
    do {                                                                                           \
        static const char *const w_[] = {__VA_ARGS__};                                             \
        expect_sentences(s, w_, sizeof w_ / sizeof w_[0]);                                         \
    } while (0)

static void test_sentences_paragraphs(void **state)
{
    (void)state;
    SENTENCES("U.S. forces entered the town on Monday. Residents fled! Why now? Nobody knows.\n\n"
              "\"We saw tanks,\" said one man. 3 people died.\n"
              "A second paragraph without a stop\n",
              "U.S. forces entered the town on Monday.", "Residents fled!", "Why now?",
              "Nobody knows.", "\"We saw tanks,\" said one man.", "3 people died.",
              "A second paragraph without a stop");
    SENTENCES("He said \"Stop.\" Then he left.", "He said \"Stop.\"", "Then he left.");
    SENTENCES("Prices rose 3.5%. Then fell.", "Prices rose 3.5%.", "Then fell.");
    SENTENCES("Wait\xE2\x80\xA6 What?! (Really.) Yes.", "Wait\xE2\x80\xA6", "What?!", "(Really.)", "Yes.");
    SENTENCES("version 1.2.3 is out. it is lower case after.", "version 1.2.3 is out. it is lower case after.");
    ns_span *sp = NULL;
    assert_int_equal(ns_sentences("  \n\t\n   ", 8, &sp), 0);
    free(sp);
}

static void test_sentences_edges(void **state)
{
    (void)state;
    ns_span *sp = NULL;
    assert_int_equal(ns_sentences("", 0, &sp), 0);
    free(sp);
    SENTENCES("No stop at the end", "No stop at the end");
    SENTENCES("  Spaces around.   ", "Spaces around.");
    SENTENCES("\xC3\x89t\xC3\xA9 fini. \xC3\x89" "cole ouverte.", "\xC3\x89t\xC3\xA9 fini.",
              "\xC3\x89" "cole ouverte.");
    SENTENCES("line one\r\nline two", "line one", "line two");
    /* invalid bytes do not break the spans */
    SENTENCES("Bad \xFF byte. Next one.", "Bad \xFF byte.", "Next one.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_repair_cases),
        cmocka_unit_test(test_utf8_repair_null_outputs),
        cmocka_unit_test(test_utf8_repair_random),
        cmocka_unit_test(test_tok_words_and_case),
        cmocka_unit_test(test_tok_apostrophes),
        cmocka_unit_test(test_tok_entities),
        cmocka_unit_test(test_tok_urls_handles_tags),
        cmocka_unit_test(test_tok_punctuation_runs),
        cmocka_unit_test(test_tok_emoji),
        cmocka_unit_test(test_tok_numbers),
        cmocka_unit_test(test_tok_invalid_bytes_separate),
        cmocka_unit_test(test_tok_spans_map_back),
        cmocka_unit_test(test_tok_norm_cap_and_reuse),
        cmocka_unit_test(test_tok_random_bytes),
        cmocka_unit_test(test_tok_fast_path_same),
        cmocka_unit_test(test_tok_fast_path_random),
        cmocka_unit_test(test_sentences_paragraphs),
        cmocka_unit_test(test_sentences_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
